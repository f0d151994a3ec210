/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-timeline"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rb-timeline.h"

/*
 * The timeline of one case as a widget: the core's layout and renderer inside one
 * gtk_snapshot_append_cairo(), so the screen shows exactly what the PNG and PDF exports
 * show. Zoom with Ctrl+scroll, pinch or +/-, pan by dragging or scrolling; arrows step
 * through the marks (the widget's accessible label says which one has focus), Enter or a
 * click activates one.
 */

struct _RbTimeline
{
  GtkWidget parent_instance;

  RbTimelineModel *model;
  RbTimelineView view;
  RbTimelineLayout *layout;
  gboolean presentation;
  gboolean zoomed;        /* the user zoomed or panned: keep the view on resize */
  int focus;
  int hover;
  char *focus_label;
  double pointer_x;
  RbTimelineView gesture_start;
};

G_DEFINE_FINAL_TYPE (RbTimeline, rb_timeline, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_PRESENTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  MARK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One step of +/- or of a wheel notch with Ctrl. */
#define ZOOM_STEP 1.25
#define SCROLL_PIXELS 40.0

static void
invalidate (RbTimeline *self)
{
  g_clear_pointer (&self->layout, rb_timeline_layout_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Size, theme and type follow the widget; the zoom window only while the user has not
 * zoomed or panned. */
static void
update_view (RbTimeline *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  PangoFontDescription *font;

  if (self->model == NULL)
    return;
  if (!self->zoomed)
    rb_timeline_view_init (&self->view, self->model, MAX (width, 1), MAX (height, 1));
  self->view.width = MAX (width, 1);
  self->view.height = MAX (height, 1);
  self->view.dark = adw_style_manager_get_dark (style);
  self->view.high_contrast = adw_style_manager_get_high_contrast (style);
  font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (font != NULL && pango_font_description_get_size (font) > 0)
    self->view.text_size = pango_font_description_get_size (font) / (double) PANGO_SCALE
                           * (pango_font_description_get_size_is_absolute (font) ? 1.0 : 96.0 / 72.0);
  if (self->presentation)
    rb_timeline_view_set_presentation (&self->view);
}

static void
ensure_layout (RbTimeline *self)
{
  if (self->layout != NULL || self->model == NULL)
    return;
  update_view (self);
  self->layout = rb_timeline_layout_new (self->model, &self->view);
  rb_timeline_layout_set_highlight (self->layout, self->focus, self->hover);
}

static void
set_view (RbTimeline *self, const RbTimelineView *view)
{
  self->view = *view;
  self->zoomed = TRUE;
  invalidate (self);
}

static void
zoom (RbTimeline *self, double factor, double anchor_x)
{
  RbTimelineView view;

  if (self->model == NULL)
    return;
  update_view (self);
  view = self->view;
  rb_timeline_view_zoom (&view, factor, anchor_x);
  set_view (self, &view);
}

static void
pan (RbTimeline *self, double dx)
{
  RbTimelineView view;

  if (self->model == NULL)
    return;
  update_view (self);
  view = self->view;
  rb_timeline_view_pan (&view, dx);
  set_view (self, &view);
}

/* The widget's name, and the deadlines the drawing shows as text: what a screen reader
 * says until a mark gets focus. */
static void
describe_deadlines (RbTimeline *self)
{
  GPtrArray *marks = self->model != NULL ? rb_timeline_model_get_marks (self->model) : NULL;
  g_autoptr(GString) deadlines = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const RbTimelineMark *mark = g_ptr_array_index (marks, i);
      const char *details = mark->details != NULL ? mark->details : "";
      g_autofree char *when = NULL;
      g_autofree char *title = NULL;

      if (mark->kind != RB_TIMELINE_MARK_MILESTONE && mark->kind != RB_TIMELINE_MARK_TARGET)
        continue;
      when = rb_timeline_format_date (&mark->date);
      /* The first line of the details is what the deadline is for. */
      title = g_strndup (details, strcspn (details, "\n"));
      if (deadlines->len > 0)
        g_string_append (deadlines, "; ");
      /* Translators: one deadline of a case's timeline for a screen reader: its short
       * label, what it is, its day and its state, e.g. "4 weken: Tussenevaluatie,
       * 12 okt 2026, te laat". */
      g_string_append_printf (deadlines, _("%s: %s, %s, %s"), mark->label, title, when,
                              rb_milestone_state_label (mark->state));
    }
  if (deadlines->len > 0)
    description = g_strdup_printf (_("Deadlines: %s"), deadlines->str);
  else
    description = g_strdup (_("No deadlines"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Timeline of the case"), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

static RbTimelineMark *
get_mark (RbTimeline *self, int index)
{
  GPtrArray *marks = self->model != NULL ? rb_timeline_model_get_marks (self->model) : NULL;

  if (marks == NULL || index < 0 || (guint) index >= marks->len)
    return NULL;
  return g_ptr_array_index (marks, index);
}

static void
set_focus_mark (RbTimeline *self, int index)
{
  RbTimelineMark *mark = get_mark (self, index);

  if (mark == NULL)
    return;
  self->focus = index;
  g_free (self->focus_label);
  self->focus_label = rb_timeline_mark_dup_accessible_label (mark);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->focus_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, mark->details,
                                  -1);
  /* Bring it into view when it lies outside the zoomed window. */
  update_view (self);
  {
    RbTimelineView view = self->view;

    rb_timeline_view_show_date (&view, &mark->date);
    if (view.first_day != self->view.first_day)
      set_view (self, &view);
  }
  if (self->layout != NULL)
    rb_timeline_layout_set_highlight (self->layout, self->focus, self->hover);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_mark (RbTimeline *self, int index)
{
  RbTimelineMark *mark = get_mark (self, index);

  if (mark != NULL && mark->record_uuid != NULL)
    g_signal_emit (self, signals[MARK_ACTIVATED], 0, mark->record_uuid);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbTimeline *self = RB_TIMELINE (widget);
  int n = self->model != NULL ? (int) rb_timeline_model_get_marks (self->model)->len : 0;
  int step = g_variant_get_int32 (parameter);

  if (n == 0)
    return;
  if (step == G_MININT32)
    set_focus_mark (self, 0);
  else if (step == G_MAXINT32)
    set_focus_mark (self, n - 1);
  else if (self->focus < 0)
    set_focus_mark (self, step > 0 ? 0 : n - 1);
  else
    set_focus_mark (self, CLAMP (self->focus + step, 0, n - 1));
}

static void
activate_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbTimeline *self = RB_TIMELINE (widget);

  activate_mark (self, self->focus);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbTimeline *self = RB_TIMELINE (widget);
  double factor = g_variant_get_double (parameter);
  const RbTimelineMarkGeometry *geometry = NULL;
  double anchor = gtk_widget_get_width (widget) / 2.0;

  /* Keep the focused mark where it is; else the middle. */
  ensure_layout (self);
  if (self->layout != NULL && self->focus >= 0)
    geometry = rb_timeline_layout_get_mark (self->layout, self->focus);
  if (geometry != NULL && geometry->visible)
    anchor = geometry->x;
  if (factor > 0)
    zoom (self, factor, anchor);
  else
    {
      self->zoomed = FALSE;
      invalidate (self);
    }
}

static void
motion_cb (GtkEventControllerMotion *controller, double x, double y, RbTimeline *self)
{
  int hover;

  self->pointer_x = x;
  ensure_layout (self);
  if (self->layout == NULL)
    return;
  hover = rb_timeline_layout_hit (self->layout, x, y);
  if (hover != self->hover)
    {
      self->hover = hover;
      rb_timeline_layout_set_highlight (self->layout, self->focus, self->hover);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller, RbTimeline *self)
{
  self->hover = -1;
  if (self->layout != NULL)
    rb_timeline_layout_set_highlight (self->layout, self->focus, self->hover);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, RbTimeline *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    zoom (self, pow (ZOOM_STEP, -dy), self->pointer_x);
  else
    pan (self, -(dx != 0 ? dx : dy) * SCROLL_PIXELS);
  return GDK_EVENT_STOP;
}

static void
zoom_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, RbTimeline *self)
{
  update_view (self);
  self->gesture_start = self->view;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture, double scale, RbTimeline *self)
{
  RbTimelineView view = self->gesture_start;
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = view.width / 2;
  rb_timeline_view_zoom (&view, scale, x);
  set_view (self, &view);
}

static void
drag_begin_cb (GtkGestureDrag *gesture, double x, double y, RbTimeline *self)
{
  update_view (self);
  self->gesture_start = self->view;
}

static void
drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, RbTimeline *self)
{
  RbTimelineView view = self->gesture_start;

  if (fabs (dx) < 3)
    return;
  rb_timeline_view_pan (&view, dx);
  set_view (self, &view);
}

static void
click_released_cb (GtkGestureClick *gesture, int n_press, double x, double y, RbTimeline *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  rb_timeline_activate_at (self, x, y);
}

static void
style_changed_cb (AdwStyleManager *style, GParamSpec *pspec, RbTimeline *self)
{
  invalidate (self);
}

static void
rb_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 240;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 960 : 400;
}

static void
rb_timeline_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  RbTimeline *self = RB_TIMELINE (widget);

  if (self->layout == NULL || rb_timeline_layout_get_view (self->layout)->width != width
      || rb_timeline_layout_get_view (self->layout)->height != height)
    invalidate (self);
}

static void
rb_timeline_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RbTimeline *self = RB_TIMELINE (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  ensure_layout (self);
  if (self->layout == NULL || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  rb_timeline_render (cr, self->layout);
  cairo_destroy (cr);
}

static gboolean
rb_timeline_query_tooltip (GtkWidget  *widget,
                           int         x,
                           int         y,
                           gboolean    keyboard,
                           GtkTooltip *tooltip)
{
  RbTimeline *self = RB_TIMELINE (widget);
  g_autofree char *text = NULL;

  if (keyboard)
    {
      RbTimelineMark *mark = get_mark (self, self->focus);

      text = mark != NULL ? g_strdup (mark->details) : NULL;
    }
  else
    text = rb_timeline_dup_tooltip_at (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
rb_timeline_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RbTimeline *self = RB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_timeline_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RbTimeline *self = RB_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rb_timeline_set_model (self, g_value_get_object (value));
      break;
    case PROP_PRESENTATION:
      rb_timeline_set_presentation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_timeline_dispose (GObject *object)
{
  RbTimeline *self = RB_TIMELINE (object);

  g_clear_pointer (&self->layout, rb_timeline_layout_free);
  g_clear_object (&self->model);
  g_clear_pointer (&self->focus_label, g_free);

  G_OBJECT_CLASS (rb_timeline_parent_class)->dispose (object);
}

static void
rb_timeline_class_init (RbTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rb_timeline_get_property;
  object_class->set_property = rb_timeline_set_property;
  object_class->dispose = rb_timeline_dispose;
  widget_class->measure = rb_timeline_measure;
  widget_class->size_allocate = rb_timeline_size_allocate;
  widget_class->snapshot = rb_timeline_snapshot;
  widget_class->query_tooltip = rb_timeline_query_tooltip;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, RB_TYPE_TIMELINE_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RbTimeline::mark-activated:
   * @self: the timeline
   * @record_uuid: the record behind the mark (meeting, agreement, placement, case...)
   *
   * A mark was clicked or activated with Enter: the case file opens the record.
   */
  signals[MARK_ACTIVATED] =
    g_signal_new ("mark-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "timeline.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate-mark", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom", "d", zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.step", "i",
                                       G_MININT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.step", "i",
                                       G_MAXINT32);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "timeline.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.activate-mark", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom", "d", ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom", "d", ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom", "d", ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom", "d",
                                       1 / ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom", "d",
                                       1 / ZOOM_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "timeline.zoom",
                                       "d", 0.0);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rb_timeline_init (RbTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->focus = self->hover = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  describe_deadlines (self);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_changed_cb), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (style_changed_cb), self, 0);
}

GtkWidget *
rb_timeline_new (void)
{
  return g_object_new (RB_TYPE_TIMELINE, NULL);
}

RbTimelineModel *
rb_timeline_get_model (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), NULL);
  return self->model;
}

/**
 * rb_timeline_set_model:
 * @self: a timeline widget
 * @model: (nullable): the case's timeline
 *
 * Shows @model whole, with no mark focused.
 */
void
rb_timeline_set_model (RbTimeline *self, RbTimelineModel *model)
{
  g_return_if_fail (RB_IS_TIMELINE (self));
  g_return_if_fail (model == NULL || RB_IS_TIMELINE_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  self->zoomed = FALSE;
  self->focus = self->hover = -1;
  g_clear_pointer (&self->focus_label, g_free);
  /* No mark has focus: the name of the last focused one (of another case) goes. */
  describe_deadlines (self);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
rb_timeline_get_presentation (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), FALSE);
  return self->presentation;
}

/**
 * rb_timeline_set_presentation:
 * @self: a timeline widget
 * @presentation: large type and high contrast
 */
void
rb_timeline_set_presentation (RbTimeline *self, gboolean presentation)
{
  g_return_if_fail (RB_IS_TIMELINE (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTATION]);
}

/**
 * rb_timeline_get_view:
 * @self: a timeline widget
 *
 * Returns: (transfer none): what the widget shows now; an export with this view gives the
 *   same picture
 */
const RbTimelineView *
rb_timeline_get_view (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), NULL);
  update_view (self);
  return &self->view;
}

/**
 * rb_timeline_get_layout:
 * @self: a timeline widget
 *
 * Returns: (transfer none) (nullable): the geometry of the current frame
 */
RbTimelineLayout *
rb_timeline_get_layout (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), NULL);
  ensure_layout (self);
  return self->layout;
}

int
rb_timeline_get_focus_mark (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), -1);
  return self->focus;
}

/**
 * rb_timeline_get_focus_label:
 * @self: a timeline widget
 *
 * Returns: (nullable): the accessible label of the focused mark, as announced
 */
const char *
rb_timeline_get_focus_label (RbTimeline *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), NULL);
  return self->focus_label;
}

/**
 * rb_timeline_dup_tooltip_at:
 * @self: a timeline widget
 * @x: widget coordinate
 * @y: widget coordinate
 *
 * Returns: (transfer full) (nullable): the tooltip text at (@x, @y)
 */
char *
rb_timeline_dup_tooltip_at (RbTimeline *self, double x, double y)
{
  g_return_val_if_fail (RB_IS_TIMELINE (self), NULL);
  ensure_layout (self);
  return self->layout != NULL ? rb_timeline_layout_describe_at (self->layout, x, y) : NULL;
}

/**
 * rb_timeline_activate_at:
 * @self: a timeline widget
 * @x: widget coordinate
 * @y: widget coordinate
 *
 * What a click does: focuses the mark at (@x, @y) and emits #RbTimeline::mark-activated.
 *
 * Returns: %TRUE when there was a mark.
 */
gboolean
rb_timeline_activate_at (RbTimeline *self, double x, double y)
{
  int index;

  g_return_val_if_fail (RB_IS_TIMELINE (self), FALSE);
  ensure_layout (self);
  if (self->layout == NULL || (index = rb_timeline_layout_hit (self->layout, x, y)) < 0)
    return FALSE;
  set_focus_mark (self, index);
  activate_mark (self, index);
  return TRUE;
}
