/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rb-timeline.h"

G_BEGIN_DECLS

#define RB_TYPE_PRESENTATION_WINDOW (rb_presentation_window_get_type ())

G_DECLARE_FINAL_TYPE (RbPresentationWindow, rb_presentation_window, RB, PRESENTATION_WINDOW, GtkWindow)

RbPresentationWindow *rb_presentation_window_new          (GtkWindow            *parent,
                                                           RbTimelineModel      *model);
RbTimeline           *rb_presentation_window_get_timeline (RbPresentationWindow *self);

G_END_DECLS
