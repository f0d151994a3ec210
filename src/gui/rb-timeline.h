/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rb-timeline-render.h"

G_BEGIN_DECLS

#define RB_TYPE_TIMELINE (rb_timeline_get_type ())

G_DECLARE_FINAL_TYPE (RbTimeline, rb_timeline, RB, TIMELINE, GtkWidget)

GtkWidget            *rb_timeline_new               (void);
RbTimelineModel      *rb_timeline_get_model         (RbTimeline      *self);
void                  rb_timeline_set_model         (RbTimeline      *self,
                                                     RbTimelineModel *model);
gboolean              rb_timeline_get_presentation  (RbTimeline      *self);
void                  rb_timeline_set_presentation  (RbTimeline      *self,
                                                     gboolean         presentation);
const RbTimelineView *rb_timeline_get_view          (RbTimeline      *self);
RbTimelineLayout     *rb_timeline_get_layout        (RbTimeline      *self);
int                   rb_timeline_get_focus_mark    (RbTimeline      *self);
const char           *rb_timeline_get_focus_label   (RbTimeline      *self);
char                 *rb_timeline_dup_tooltip_at    (RbTimeline      *self,
                                                     double           x,
                                                     double           y);
gboolean              rb_timeline_activate_at       (RbTimeline      *self,
                                                     double           x,
                                                     double           y);

G_END_DECLS
