/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-presentation-window"

#include "config.h"

#include "rb-presentation-window.h"

/*
 * The timeline of one case full screen, in large type and high contrast, for the
 * projector in an MDO: a window of its own that holds nothing but that case, so the rest
 * of the app and other pupils' data stay off the wall. Escape leaves.
 */

struct _RbPresentationWindow
{
  GtkWindow parent_instance;

  RbTimeline *timeline;
};

G_DEFINE_FINAL_TYPE (RbPresentationWindow, rb_presentation_window, GTK_TYPE_WINDOW)

static void
rb_presentation_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rb_presentation_window_parent_class)->map (widget);
  gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
rb_presentation_window_class_init (RbPresentationWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = rb_presentation_window_map;

  g_type_ensure (RB_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-presentation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RbPresentationWindow, timeline);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rb_presentation_window_init (RbPresentationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rb_presentation_window_new:
 * @parent: (nullable): the window it is presented from
 * @model: the case to show
 *
 * Returns: (transfer none): a new window; present it with gtk_window_present()
 */
RbPresentationWindow *
rb_presentation_window_new (GtkWindow *parent, RbTimelineModel *model)
{
  RbPresentationWindow *self;

  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (model), NULL);

  self = g_object_new (RB_TYPE_PRESENTATION_WINDOW, "transient-for", parent, "modal", parent != NULL,
                       "destroy-with-parent", TRUE, NULL);
  rb_timeline_set_model (self->timeline, model);
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
  return self;
}

RbTimeline *
rb_presentation_window_get_timeline (RbPresentationWindow *self)
{
  g_return_val_if_fail (RB_IS_PRESENTATION_WINDOW (self), NULL);
  return self->timeline;
}
