/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-calendar.h"
#include "rb-database.h"
#include "rb-presentation-window.h"
#include "rb-timeline.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_TIMELINE (rb_case_timeline_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseTimeline, rb_case_timeline, RB, CASE_TIMELINE, GtkWidget)

GtkWidget            *rb_case_timeline_new          (void);
void                  rb_case_timeline_load         (RbCaseTimeline *self,
                                                     RbDatabase     *db,
                                                     RbCalendar     *calendar,
                                                     const GDate    *today,
                                                     const char     *case_uuid);
void                  rb_case_timeline_reload       (RbCaseTimeline *self);
void                  rb_case_timeline_clear        (RbCaseTimeline *self);
RbTimeline           *rb_case_timeline_get_timeline (RbCaseTimeline *self);
RbPresentationWindow *rb_case_timeline_present      (RbCaseTimeline *self);
gboolean              rb_case_timeline_export       (RbCaseTimeline *self,
                                                     GFile          *file,
                                                     GError        **error);

G_END_DECLS
