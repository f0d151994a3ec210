/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-signature-pad"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-layout.h"
#include "rb-signature-pad.h"

/*
 * A pad to sign on with a mouse, a touchpad, a finger or a pen: every drag is a stroke.
 * Strokes are kept in 0-1 coordinates of a box RB_SIGNATURE_ASPECT times wider than
 * high, the same box the PDF draws them in, so the signature keeps its shape whatever
 * size the pad has on screen. "pad.undo" removes the last stroke, "pad.clear" all.
 */

#define MIN_HEIGHT 110
#define MARGIN 8.0

struct _RbSignaturePad
{
  GtkWidget parent_instance;

  GPtrArray *strokes; /* of GArray: double x, y pairs in 0-1 */
  GArray *current;    /* the stroke being drawn, also in strokes */
  double start_x, start_y;
};

enum
{
  PROP_0,
  PROP_N_STROKES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RbSignaturePad, rb_signature_pad, GTK_TYPE_WIDGET)

/* The signing box: the largest RB_SIGNATURE_ASPECT rectangle inside the margins. */
static void
get_box (RbSignaturePad *self, graphene_rect_t *box)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;
  double height = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN;
  double w = MIN (width, height * RB_SIGNATURE_ASPECT);
  double h = w / RB_SIGNATURE_ASPECT;

  graphene_rect_init (box, MARGIN + (width - w) / 2, MARGIN + (height - h) / 2, MAX (w, 1),
                      MAX (h, 1));
}

/* What a screen reader tells instead of the drawing: whether anything is drawn. */
static void
update_description (RbSignaturePad *self)
{
  guint n = self->strokes->len;
  g_autofree char *text
      = n == 0 ? g_strdup (_("Empty: sign here with the mouse, the touchpad or a pen"))
               : g_strdup_printf (ngettext ("Drawn with %u stroke; Ctrl+Z removes the last one",
                                            "Drawn with %u strokes; Ctrl+Z removes the last one",
                                            n),
                                  n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
notify_strokes (RbSignaturePad *self)
{
  update_description (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.undo", self->strokes->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.clear", self->strokes->len > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
add_point (RbSignaturePad *self, double x, double y)
{
  graphene_rect_t box;
  double point[2];

  get_box (self, &box);
  point[0] = CLAMP ((x - box.origin.x) / box.size.width, 0, 1);
  point[1] = CLAMP ((y - box.origin.y) / box.size.height, 0, 1);
  g_array_append_vals (self->current, point, 2);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture, double x, double y, RbSignaturePad *self)
{
  self->start_x = x;
  self->start_y = y;
  self->current = g_array_new (FALSE, FALSE, sizeof (double));
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, x, y);
}

static void
on_drag_update_cb (GtkGestureDrag *gesture, double dx, double dy, RbSignaturePad *self)
{
  if (self->current != NULL)
    add_point (self, self->start_x + dx, self->start_y + dy);
}

static void
on_drag_end_cb (GtkGestureDrag *gesture, double dx, double dy, RbSignaturePad *self)
{
  if (self->current == NULL)
    return;
  add_point (self, self->start_x + dx, self->start_y + dy);
  self->current = NULL;
  notify_strokes (self);
}

static void
draw (RbSignaturePad *self, cairo_t *cr, const GdkRGBA *ink)
{
  graphene_rect_t box;

  get_box (self, &box);
  /* A faint frame and the line to sign on, in the text colour of the theme. */
  cairo_set_source_rgba (cr, ink->red, ink->green, ink->blue, ink->alpha * 0.18);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, box.origin.x + 0.5, box.origin.y + 0.5, box.size.width - 1,
                   box.size.height - 1);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, ink->red, ink->green, ink->blue, ink->alpha * 0.45);
  cairo_move_to (cr, box.origin.x + 12, box.origin.y + box.size.height * 0.8);
  cairo_line_to (cr, box.origin.x + box.size.width - 12, box.origin.y + box.size.height * 0.8);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, ink);
  cairo_set_line_width (cr, MAX (1.5, box.size.height / 60));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < self->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, s);

      for (guint i = 0; i + 1 < stroke->len; i += 2)
        {
          double x = box.origin.x + g_array_index (stroke, double, i) * box.size.width;
          double y = box.origin.y + g_array_index (stroke, double, i + 1) * box.size.height;

          if (i == 0)
            cairo_move_to (cr, x, y);
          cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
    }
}

static void
rb_signature_pad_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RbSignaturePad *self = RB_SIGNATURE_PAD (widget);
  graphene_rect_t bounds
      = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  GdkRGBA ink;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &ink);
  G_GNUC_END_IGNORE_DEPRECATIONS
  draw (self, cr, &ink);
  cairo_destroy (cr);
}

static void
rb_signature_pad_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                          int *natural, int *minimum_baseline, int *natural_baseline)
{
  int height = MIN_HEIGHT;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int)(height * RB_SIGNATURE_ASPECT * 0.6);
      *natural = (int)(height * RB_SIGNATURE_ASPECT + 2 * MARGIN);
    }
  else
    {
      *minimum = height;
      *natural = for_size > 0 ? MAX (height, (int)(for_size / RB_SIGNATURE_ASPECT)) : height;
    }
}

static void
pad_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbSignaturePad *self = RB_SIGNATURE_PAD (widget);

  if (g_str_equal (action_name, "pad.undo"))
    rb_signature_pad_undo (self);
  else
    rb_signature_pad_clear (self);
}

static void
rb_signature_pad_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RbSignaturePad *self = RB_SIGNATURE_PAD (object);

  switch (prop_id)
    {
    case PROP_N_STROKES:
      g_value_set_uint (value, self->strokes->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_signature_pad_finalize (GObject *object)
{
  RbSignaturePad *self = RB_SIGNATURE_PAD (object);

  g_ptr_array_unref (self->strokes);
  G_OBJECT_CLASS (rb_signature_pad_parent_class)->finalize (object);
}

static void
rb_signature_pad_class_init (RbSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rb_signature_pad_get_property;
  object_class->finalize = rb_signature_pad_finalize;
  widget_class->snapshot = rb_signature_pad_snapshot;
  widget_class->measure = rb_signature_pad_measure;

  properties[PROP_N_STROKES]
      = g_param_spec_uint ("n-strokes", NULL, NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "pad.undo", NULL, pad_action_cb);
  gtk_widget_class_install_action (widget_class, "pad.clear", NULL, pad_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "pad.undo", NULL);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rb_signature_pad_init (RbSignaturePad *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  /* Any button, and touch: a pen, a finger and a touchpad all sign. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Sign here with the mouse, the touchpad or a pen"));
  /* A drawing has no text of its own; rb_signature_pad_set_signer() says whose it is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Signature"), -1);
  update_description (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pad.clear", FALSE);
}

GtkWidget *
rb_signature_pad_new (void)
{
  return g_object_new (RB_TYPE_SIGNATURE_PAD, NULL);
}

/**
 * rb_signature_pad_set_signer:
 * @self: a pad
 * @signer: who signs here, as the document names it (e.g. "Casemanager")
 *
 * Names the pad for a screen reader: "Signature of @signer".
 */
void
rb_signature_pad_set_signer (RbSignaturePad *self, const char *signer)
{
  g_autofree char *label = NULL;

  g_return_if_fail (RB_IS_SIGNATURE_PAD (self));
  g_return_if_fail (signer != NULL);
  /* Translators: the accessible name of a signature pad; %s is who signs, e.g. "Ouders". */
  label = g_strdup_printf (_("Signature of %s"), signer);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

guint
rb_signature_pad_get_n_strokes (RbSignaturePad *self)
{
  g_return_val_if_fail (RB_IS_SIGNATURE_PAD (self), 0);
  return self->strokes->len;
}

/**
 * rb_signature_pad_dup_strokes:
 * @self: a pad
 *
 * Returns: (transfer full) (element-type GArray): copies of the finished strokes, double
 *   x, y pairs in 0-1 of the signing box.
 */
GPtrArray *
rb_signature_pad_dup_strokes (RbSignaturePad *self)
{
  GPtrArray *strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);

  g_return_val_if_fail (RB_IS_SIGNATURE_PAD (self), strokes);
  for (guint i = 0; i < self->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (self->strokes, i);

      if (stroke != self->current)
        g_ptr_array_add (strokes, g_array_copy (stroke));
    }
  return strokes;
}

/**
 * rb_signature_pad_set_strokes:
 * @self: a pad
 * @strokes: (element-type GArray) (nullable): strokes to show, as from a saved signature
 */
void
rb_signature_pad_set_strokes (RbSignaturePad *self, GPtrArray *strokes)
{
  g_return_if_fail (RB_IS_SIGNATURE_PAD (self));
  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    g_ptr_array_add (self->strokes, g_array_copy (g_ptr_array_index (strokes, i)));
  notify_strokes (self);
}

void
rb_signature_pad_clear (RbSignaturePad *self)
{
  g_return_if_fail (RB_IS_SIGNATURE_PAD (self));
  if (self->strokes->len == 0)
    return;
  rb_signature_pad_set_strokes (self, NULL);
}

/**
 * rb_signature_pad_undo:
 * @self: a pad
 *
 * Removes the last stroke.
 *
 * Returns: %FALSE when there was none.
 */
gboolean
rb_signature_pad_undo (RbSignaturePad *self)
{
  g_return_val_if_fail (RB_IS_SIGNATURE_PAD (self), FALSE);
  if (self->strokes->len == 0)
    return FALSE;
  self->current = NULL;
  g_ptr_array_set_size (self->strokes, self->strokes->len - 1);
  notify_strokes (self);
  return TRUE;
}
