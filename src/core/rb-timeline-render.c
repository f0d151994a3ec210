/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-timeline-render"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <unistd.h>

#include "rb-error.h"
#include "rb-timeline-render.h"

/*
 * The one drawing path of the timeline: rb_timeline_layout_new() computes where every
 * band, bar, mark and text goes for a view (size, zoom, theme); rb_timeline_render()
 * only paints that. The widget, the presentation window, the PNG and the PDF all call
 * these two, and hit-testing for tooltips and clicks uses the same layout.
 *
 * From top to bottom: title and legend; milestone labels (rows, as many as needed);
 * the phase band; one lane per bridge placement; meetings, agreements and signals
 * (glyph + label, in rows); weekly absence bars; late ticks; the axis (days off, the
 * Monday of each week, months). Labels are placed greedily in the first row where they
 * do not touch the previous label, so they never overlap; a label that finds no row is
 * left out of the chart (its mark stays, with a tooltip).
 */

typedef struct
{
  double r, g, b;
} Rgb;

typedef struct
{
  Rgb background, text, muted, grid, weekend, holiday, focus, hover;
  Rgb phase[6];
  Rgb absence[RB_TIMELINE_N_ABSENCE_KINDS];
  Rgb state[RB_MILESTONE_UNKNOWN + 1];
  Rgb meeting, signal, today, target, placement, extension;
} Palette;

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* Phases in the order of rb_case_statuses; states in the order of RbMilestoneState. */
static const Palette palettes[2][2] = {
  { /* light */
    { RGB (0xffffff), RGB (0x1e1e1e), RGB (0x5e5c64), RGB (0xdeddda), RGB (0xf6f5f4),
      RGB (0xe3ddef), RGB (0x1c71d8), RGB (0xebebed),
      { RGB (0xf6d32d), RGB (0xffa348), RGB (0xe01b24), RGB (0x3584e4), RGB (0x9a9996),
        RGB (0x9141ac) },
      { RGB (0xe5a50a), RGB (0x62a0ea), RGB (0xc01c28) },
      { RGB (0x1a5fb4), RGB (0xb04a00), RGB (0xc01c28), RGB (0x1d7a48), RGB (0x77767b) },
      RGB (0x613583), RGB (0xc64600), RGB (0x1a5fb4), RGB (0x813d9c), RGB (0x1a5fb4),
      RGB (0x99c1f1) },
    { /* light, high contrast */
      RGB (0xffffff), RGB (0x000000), RGB (0x202020), RGB (0x9a9a9a), RGB (0xeeeeee),
      RGB (0xd2cbe6), RGB (0x0050c0), RGB (0xe0e0e0),
      { RGB (0xf5c211), RGB (0xff7800), RGB (0xd00000), RGB (0x1c5fd0), RGB (0x808080),
        RGB (0x8000a0) },
      { RGB (0xd08c00), RGB (0x3c8ce6), RGB (0xb00000) },
      { RGB (0x003c9c), RGB (0x9c3c00), RGB (0xb00000), RGB (0x006020), RGB (0x505050) },
      RGB (0x500080), RGB (0xa03c00), RGB (0x0050c0), RGB (0x800080), RGB (0x003c9c),
      RGB (0x80b0f0) },
  },
  {
    { /* dark */
      RGB (0x242424), RGB (0xffffff), RGB (0xc0bfbc), RGB (0x3d3d3d), RGB (0x2c2c2c),
      RGB (0x3b3450), RGB (0x62a0ea), RGB (0x383838),
      { RGB (0xb5950f), RGB (0xc66a0c), RGB (0xc01c28), RGB (0x1c5fb4), RGB (0x5e5c64),
        RGB (0x7a2f8f) },
      { RGB (0xf8e45c), RGB (0x99c1f1), RGB (0xff7b63) },
      { RGB (0x99c1f1), RGB (0xffa348), RGB (0xff7b63), RGB (0x8ff0a4), RGB (0x9a9996) },
      RGB (0xdc8add), RGB (0xffa348), RGB (0x62a0ea), RGB (0xdc8add), RGB (0x3584e4),
      RGB (0x1c4f8c) },
    { /* dark, high contrast */
      RGB (0x000000), RGB (0xffffff), RGB (0xe6e6e6), RGB (0x707070), RGB (0x161616),
      RGB (0x3a3060), RGB (0x00c0ff), RGB (0x303030),
      { RGB (0xc8a000), RGB (0xd86c00), RGB (0xd01818), RGB (0x1c64d8), RGB (0x686868),
        RGB (0x9030b0) },
      { RGB (0xffe040), RGB (0x80c0ff), RGB (0xff5a50) },
      { RGB (0x80c8ff), RGB (0xffb000), RGB (0xff5a50), RGB (0x50ff78), RGB (0xb0b0b0) },
      RGB (0xff80ff), RGB (0xffb000), RGB (0x00c0ff), RGB (0xff80ff), RGB (0x3c8cff),
      RGB (0x1c4478) },
  },
};

typedef struct
{
  RbTimelineText public;
  PangoLayout *layout;
  Rgb colour;
} Text;

struct _RbTimelineLayout
{
  RbTimelineModel *model;
  RbTimelineView view;
  const Palette *palette;
  GArray *texts;        /* Text */
  GArray *marks;        /* RbTimelineMarkGeometry, one per model mark */
  PangoFontDescription *font;
  PangoFontDescription *bold;
  double line;          /* height of one row of text */
  double pad;
  double line_width;
  cairo_rectangle_t chart;     /* x range of the time axis; y range of the shaded days */
  double milestone_top;        /* first row of milestone labels */
  double phase_y, phase_h;
  double placement_y, placement_h;
  double event_y;
  double absence_y, absence_h, absence_max;
  double late_y, late_h;
  double axis_y;
  int focus;
  int hover;
};

#define GAP(l) ((l)->view.text_size * 0.6)

static PangoContext *
get_context (void)
{
  static GPrivate context_key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *context = g_private_get (&context_key);

  /* Unhinted metrics: a label is as wide on a PDF page as on screen. */
  if (context == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
      pango_cairo_context_set_font_options (context, options);
      pango_context_set_round_glyph_positions (context, FALSE);
      cairo_font_options_destroy (options);
      g_private_set (&context_key, context);
    }
  return context;
}

static double
julian_of (const GDate *date)
{
  return (double) g_date_get_julian (date);
}

static double
px_per_day (RbTimelineLayout *self)
{
  return self->chart.width / self->view.n_days;
}

/* x of the start (midnight) of Julian day @julian. */
static double
x_of_julian (RbTimelineLayout *self, double julian)
{
  return self->chart.x + (julian - self->view.first_day) * px_per_day (self);
}

static gboolean
in_chart (RbTimelineLayout *self, double x)
{
  return x >= self->chart.x && x <= self->chart.x + self->chart.width;
}

static double
clamp_x (RbTimelineLayout *self, double x, double width)
{
  return CLAMP (x, self->chart.x, self->chart.x + self->chart.width - width);
}

static PangoLayout *
make_text (RbTimelineLayout *self, const char *text, gboolean bold, double scale)
{
  PangoLayout *layout = pango_layout_new (get_context ());
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (bold ? self->bold
                                                                           : self->font);

  if (scale != 1.0)
    pango_font_description_set_absolute_size (font, self->view.text_size * scale * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout, double *width, double *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *width = (double) logical.width / PANGO_SCALE;
  *height = (double) logical.height / PANGO_SCALE;
}

/* Takes @layout; returns the index of the new text. */
static int
add_text (RbTimelineLayout   *self,
          RbTimelineTextKind  kind,
          int                 mark,
          PangoLayout        *layout,
          double              x,
          double              y,
          const Rgb          *colour)
{
  Text text = { { kind, mark, pango_layout_get_text (layout), { x, y, 0, 0 } }, layout, *colour };

  text_size (layout, &text.public.rect.width, &text.public.rect.height);
  g_array_append_val (self->texts, text);
  return (int) self->texts->len - 1;
}

static double
luminance (const Rgb *c)
{
  return 0.2126 * c->r + 0.7152 * c->g + 0.0722 * c->b;
}

static const Rgb *
text_on (RbTimelineLayout *self, const Rgb *fill)
{
  static const Rgb black = { 0, 0, 0 }, white = { 1, 1, 1 };

  return luminance (fill) > 0.45 ? &black : &white;
}

static guint
phase_index (const char *status)
{
  for (guint i = 0; rb_case_statuses[i] != NULL && i < 6; i++)
    if (g_strcmp0 (rb_case_statuses[i], status) == 0)
      return i;
  return 4;
}

/* ---- view ------------------------------------------------------------------------ */

/**
 * rb_timeline_view_init:
 * @view: (out caller-allocates): the view to set up
 * @model: a timeline
 * @width: surface width
 * @height: surface height
 *
 * The whole span of @model, light theme, normal type.
 */
void
rb_timeline_view_init (RbTimelineView *view, RbTimelineModel *model, double width, double height)
{
  GDate first, last;

  g_return_if_fail (RB_IS_TIMELINE_MODEL (model));

  rb_timeline_model_get_span (model, &first, &last);
  view->width = width;
  view->height = height;
  view->first_day = julian_of (&first);
  view->n_days = julian_of (&last) - julian_of (&first) + 1;
  view->dark = FALSE;
  view->high_contrast = FALSE;
  view->text_size = 13;
}

/**
 * rb_timeline_view_set_presentation:
 * @view: a view
 *
 * Large type and high contrast, readable from the back of a meeting room.
 */
void
rb_timeline_view_set_presentation (RbTimelineView *view)
{
  view->high_contrast = TRUE;
  view->text_size = MAX (18.0, round (view->height / 40.0));
}

/* The chart's x range depends on the gutter, which depends on the text size: the same
 * estimate as rb_timeline_layout_new() uses for zoom and pan before a layout exists. */
static void
view_chart_range (const RbTimelineView *view, double *left, double *width)
{
  double pad = round (view->text_size * 0.6);

  *left = pad + view->text_size * 8.5;
  *width = MAX (1.0, view->width - *left - pad);
}

double
rb_timeline_view_julian_at (const RbTimelineView *view, double x)
{
  double left, width;

  view_chart_range (view, &left, &width);
  return view->first_day + (x - left) / width * view->n_days;
}

/**
 * rb_timeline_view_zoom:
 * @view: a view
 * @factor: > 1 zooms in, < 1 out
 * @anchor_x: the x that keeps showing the same day
 *
 * Zoom stays between two weeks and four school years across the chart.
 */
void
rb_timeline_view_zoom (RbTimelineView *view, double factor, double anchor_x)
{
  double anchor = rb_timeline_view_julian_at (view, anchor_x);
  double n_days = CLAMP (view->n_days / factor, 14.0, 4 * 366.0);

  view->first_day = anchor - (anchor - view->first_day) * n_days / view->n_days;
  view->n_days = n_days;
}

void
rb_timeline_view_pan (RbTimelineView *view, double dx)
{
  double left, width;

  view_chart_range (view, &left, &width);
  view->first_day -= dx / width * view->n_days;
}

/* Pans just enough to bring @date into the chart, with a little room around it. */
void
rb_timeline_view_show_date (RbTimelineView *view, const GDate *date)
{
  double julian = julian_of (date);
  double margin = view->n_days * 0.1;

  if (julian < view->first_day + margin)
    view->first_day = julian - margin;
  else if (julian + 1 > view->first_day + view->n_days - margin)
    view->first_day = julian + 1 + margin - view->n_days;
}

/* ---- layout ---------------------------------------------------------------------- */

typedef struct
{
  int mark;
  PangoLayout *layout;
  double x;          /* left of the item (glyph or label) */
  double width;      /* of the whole item */
  double label_x;    /* left of the label relative to x */
  RbTimelineTextKind kind;
  const Rgb *colour;
  int row;
} Item;

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const Item *x = a, *y = b;

  return (x->x > y->x) - (x->x < y->x);
}

/* Greedy rows: each item goes into the first row whose last item ends before it starts.
 * Returns the number of rows used; items that find no row within @max_rows get row -1. */
static guint
assign_rows (GArray *items, double gap, guint max_rows)
{
  g_autofree double *ends = g_new (double, MAX (MIN (max_rows, items->len), 1));
  guint n_rows = 0;

  g_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      guint r;

      item->row = -1;
      for (r = 0; r < n_rows && ends[r] + gap > item->x; r++)
        ;
      if (r == n_rows && n_rows == max_rows)
        continue;
      if (r == n_rows)
        n_rows++;
      ends[r] = item->x + item->width;
      item->row = (int) r;
    }
  return n_rows;
}

static void
clear_items (GArray *items)
{
  for (guint i = 0; i < items->len; i++)
    g_clear_object (&g_array_index (items, Item, i).layout);
  g_array_set_size (items, 0);
}

static void
collect_milestone_labels (RbTimelineLayout *self, GArray *items)
{
  GPtrArray *marks = rb_timeline_model_get_marks (self->model);
  const GDate *today = rb_timeline_model_get_today (self->model);
  double gap = self->view.text_size * 0.3;

  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);
      Item item = { (int) i, NULL, 0, 0, 0, RB_TIMELINE_TEXT_MARK, NULL, -1 };
      double width, height;

      if ((mark->kind != RB_TIMELINE_MARK_MILESTONE && mark->kind != RB_TIMELINE_MARK_TARGET)
          || !geometry->visible)
        continue;
      item.layout = make_text (self, mark->label, TRUE, 1.0);
      item.colour = mark->kind == RB_TIMELINE_MARK_TARGET ? &self->palette->target
                                                           : &self->palette->state[mark->state];
      text_size (item.layout, &width, &height);
      item.x = geometry->x + gap;
      if (item.x + width > self->chart.x + self->chart.width)
        item.x = geometry->x - gap - width;
      item.x = clamp_x (self, item.x, width);
      item.width = width;
      g_array_append_val (items, item);
    }

  if (today != NULL && in_chart (self, x_of_julian (self, julian_of (today) + 0.5)))
    {
      Item item = { -1, make_text (self, _("today"), TRUE, 1.0), 0, 0, 0, RB_TIMELINE_TEXT_TODAY,
                    &self->palette->today, -1 };
      double width, height, x = x_of_julian (self, julian_of (today) + 0.5);

      text_size (item.layout, &width, &height);
      item.x = x + gap;
      if (item.x + width > self->chart.x + self->chart.width)
        item.x = x - gap - width;
      item.x = clamp_x (self, item.x, width);
      item.width = width;
      g_array_append_val (items, item);
    }
}

static const Rgb *
event_colour (RbTimelineLayout *self, const RbTimelineMark *mark)
{
  switch (mark->kind)
    {
    case RB_TIMELINE_MARK_MEETING:
      return &self->palette->meeting;
    case RB_TIMELINE_MARK_SIGNAL:
      return &self->palette->signal;
    case RB_TIMELINE_MARK_AGREEMENT:
    case RB_TIMELINE_MARK_MILESTONE:
    case RB_TIMELINE_MARK_STATUS:
      return &self->palette->state[mark->state];
    case RB_TIMELINE_MARK_TARGET:
      return &self->palette->target;
    }
  return &self->palette->text;
}

static void
collect_event_labels (RbTimelineLayout *self, GArray *items)
{
  GPtrArray *marks = rb_timeline_model_get_marks (self->model);
  double glyph = self->line * 0.7, gap = self->view.text_size * 0.3;

  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);
      Item item = { (int) i, NULL, 0, 0, 0, RB_TIMELINE_TEXT_MARK, &self->palette->text, -1 };
      double width, height;

      if (mark->kind != RB_TIMELINE_MARK_MEETING && mark->kind != RB_TIMELINE_MARK_AGREEMENT
          && mark->kind != RB_TIMELINE_MARK_SIGNAL)
        continue;
      if (!geometry->visible)
        continue;
      item.layout = make_text (self, mark->label, FALSE, 1.0);
      text_size (item.layout, &width, &height);
      item.width = glyph + gap + width;
      item.x = geometry->x - glyph / 2;
      item.label_x = glyph + gap;
      if (item.x + item.width > self->chart.x + self->chart.width)
        {
          item.x = geometry->x + glyph / 2 - item.width;
          item.label_x = 0;
        }
      if (item.x < self->chart.x)
        {
          /* Too wide either way: keep only the glyph in this row. */
          g_clear_object (&item.layout);
          item.x = geometry->x - glyph / 2;
          item.width = glyph;
        }
      g_array_append_val (items, item);
    }
}

static void
place_marks (RbTimelineLayout *self)
{
  GPtrArray *marks = rb_timeline_model_get_marks (self->model);

  g_array_set_size (self->marks, marks->len);
  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);

      geometry->x = rb_timeline_layout_x_of_date (self, &mark->date);
      geometry->visible = in_chart (self, geometry->x);
      geometry->text = -1;
    }
}

static void
layout_title (RbTimelineLayout *self, double *y)
{
  struct { const char *label; const Rgb *colour; } legend[] = {
    { rb_absence_kind_label ("UNAUTHORIZED"), &self->palette->absence[RB_TIMELINE_UNAUTHORIZED] },
    { rb_absence_kind_label ("SICK"), &self->palette->absence[RB_TIMELINE_SICK] },
    { rb_absence_kind_label ("AUTHORIZED"), &self->palette->absence[RB_TIMELINE_AUTHORIZED] },
    { rb_absence_kind_label ("LATE"), &self->palette->text },
    { rb_milestone_state_label (RB_MILESTONE_DONE), &self->palette->state[RB_MILESTONE_DONE] },
    { rb_milestone_state_label (RB_MILESTONE_DUE_SOON), &self->palette->state[RB_MILESTONE_DUE_SOON] },
    { rb_milestone_state_label (RB_MILESTONE_OVERDUE), &self->palette->state[RB_MILESTONE_OVERDUE] },
  };
  PangoLayout *title = make_text (self, rb_timeline_model_get_title (self->model), TRUE, 1.25);
  double swatch = self->view.text_size * 0.8, gap = self->view.text_size * 0.4;
  double right = self->view.width - self->pad, legend_width = 0, title_width, title_height;
  double x;

  for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
    {
      g_autoptr(PangoLayout) probe = make_text (self, legend[i].label, FALSE, 1.0);
      double width, height;

      text_size (probe, &width, &height);
      legend_width += swatch + gap + width + (i > 0 ? 2 * gap : 0);
    }

  /* The title gets what the legend leaves; a long name is ellipsized, never clipped. */
  pango_layout_set_width (title, (int) (MAX (self->view.width / 3,
                                             self->view.width - 2 * self->pad - legend_width
                                             - 3 * gap) * PANGO_SCALE));
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  text_size (title, &title_width, &title_height);
  add_text (self, RB_TIMELINE_TEXT_TITLE, -1, title, self->pad, *y, &self->palette->text);

  x = right - legend_width;
  if (x < self->pad + title_width + 3 * gap)
    {
      *y += title_height;
      x = self->pad;
    }
  for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
    {
      PangoLayout *label = make_text (self, legend[i].label, FALSE, 1.0);
      double width, height;
      int index;

      text_size (label, &width, &height);
      index = add_text (self, RB_TIMELINE_TEXT_LEGEND, -1, label, x + swatch + gap,
                        *y + (title_height - height) / 2, &self->palette->text);
      /* The swatch colour rides on the text entry; paint_legend draws it. */
      g_array_index (self->texts, Text, index).colour = *legend[i].colour;
      x += swatch + gap + width + 2 * gap;
    }
  *y += title_height + self->pad * 0.5;
}

static void
caption (RbTimelineLayout *self, const char *label, double y, double height)
{
  PangoLayout *layout = make_text (self, label, FALSE, 0.9);
  double width, text_height;

  text_size (layout, &width, &text_height);
  if (width > self->chart.x - 2 * self->pad)
    {
      pango_layout_set_width (layout, (int) ((self->chart.x - 2 * self->pad) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      text_size (layout, &width, &text_height);
    }
  add_text (self, RB_TIMELINE_TEXT_CAPTION, -1, layout,
            self->chart.x - self->pad - width,
            y + MAX (0, (height - text_height) / 2), &self->palette->muted);
}

static void
layout_rows (RbTimelineLayout *self, GArray *items, double top)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      double y = top + item->row * self->line;
      int text = -1;

      if (item->row < 0 || item->layout == NULL)
        continue;
      {
        double width, height;

        text_size (item->layout, &width, &height);
        text = add_text (self, item->kind, item->mark, g_steal_pointer (&item->layout),
                         item->x + item->label_x, y + (self->line - height) / 2, item->colour);
      }
      if (item->mark >= 0)
        g_array_index (self->marks, RbTimelineMarkGeometry, item->mark).text = text;
    }
}

static void
set_event_glyphs (RbTimelineLayout *self, GArray *items)
{
  double glyph = self->line * 0.7;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry,
                                                         item->mark);
      double y = self->event_y + MAX (item->row, 0) * self->line;

      geometry->glyph = (cairo_rectangle_t) { geometry->x - glyph / 2,
                                              y + (self->line - glyph) / 2, glyph, glyph };
    }
}

static void
set_line_glyphs (RbTimelineLayout *self, GArray *items)
{
  double half = MAX (4.0, self->view.text_size * 0.35);

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      RbTimelineMarkGeometry *geometry;
      double top;

      if (item->mark < 0)
        continue;
      geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, item->mark);
      top = self->milestone_top + MAX (item->row, 0) * self->line;
      geometry->glyph = (cairo_rectangle_t) { geometry->x - half, top, 2 * half,
                                              self->axis_y - top };
    }
}

static void
layout_phases (RbTimelineLayout *self)
{
  GPtrArray *phases = rb_timeline_model_get_phases (self->model);
  GPtrArray *marks = rb_timeline_model_get_marks (self->model);
  double inset = self->view.text_size * 0.4, glyph = self->phase_h * 0.5;

  for (guint i = 0; i < phases->len; i++)
    {
      RbTimelinePhase *phase = g_ptr_array_index (phases, i);
      double x0 = MAX (self->chart.x, x_of_julian (self, julian_of (&phase->first)));
      double x1 = MIN (self->chart.x + self->chart.width,
                       x_of_julian (self, julian_of (&phase->last) + 1));
      PangoLayout *label;
      double width, height;

      if (x1 - x0 < 2 * inset)
        continue;
      label = make_text (self, rb_case_status_label (phase->status), TRUE, 1.0);
      text_size (label, &width, &height);
      if (width > x1 - x0 - 2 * inset)
        {
          g_object_unref (label);
          continue;
        }
      add_text (self, RB_TIMELINE_TEXT_PHASE, -1, label, x0 + inset,
                self->phase_y + (self->phase_h - height) / 2,
                text_on (self, &self->palette->phase[phase_index (phase->status)]));
    }

  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);

      if (mark->kind == RB_TIMELINE_MARK_STATUS)
        geometry->glyph = (cairo_rectangle_t) { geometry->x - glyph / 2,
                                                self->phase_y - glyph / 2, glyph, glyph };
    }
}

/* Inline text in a lane: placed only where it fits whole between @x0 and @x1. */
static void
inline_text (RbTimelineLayout *self, const char *text, double x0, double x1, double y,
             double height, const Rgb *colour)
{
  PangoLayout *layout;
  double width, text_height, inset = self->view.text_size * 0.3;

  x0 = MAX (x0, self->chart.x);
  x1 = MIN (x1, self->chart.x + self->chart.width);
  if (x1 - x0 <= 2 * inset)
    return;
  layout = make_text (self, text, FALSE, 0.9);
  text_size (layout, &width, &text_height);
  if (width > x1 - x0 - 2 * inset || text_height > height)
    {
      g_object_unref (layout);
      return;
    }
  add_text (self, RB_TIMELINE_TEXT_PLACEMENT, -1, layout, x0 + (x1 - x0 - width) / 2,
            y + (height - text_height) / 2, colour);
}

static void
layout_placements (RbTimelineLayout *self)
{
  GPtrArray *placements = rb_timeline_model_get_placements (self->model);

  for (guint i = 0; i < placements->len; i++)
    {
      RbTimelinePlacement *placement = g_ptr_array_index (placements, i);
      double y = self->placement_y + i * self->line * 1.1, h = self->line;
      double start = x_of_julian (self, julian_of (&placement->start));
      double end = g_date_valid (&placement->end)
                   ? x_of_julian (self, julian_of (&placement->end)) : start;
      double week = 7 * px_per_day (self);

      if (g_date_valid (&placement->before))
        inline_text (self, _("4 school weeks before"),
                     x_of_julian (self, julian_of (&placement->before)), start, y, h,
                     &self->palette->text);
      for (guint w = 0; w < placement->week_starts->len; w++)
        {
          double x = x_of_julian (self, julian_of (&g_array_index (placement->week_starts,
                                                                   GDate, w)));
          g_autofree char *number = g_strdup_printf ("%u", w + 1);

          inline_text (self, number, x, x + week, y, h,
                       text_on (self, w < 8 ? &self->palette->placement
                                            : &self->palette->extension));
        }
      /* The location's name after the bar, or before the 4 weeks when the end is near. */
      {
        PangoLayout *layout = make_text (self, placement->location, FALSE, 0.9);
        double width, height, gap = self->view.text_size * 0.5;
        double before = g_date_valid (&placement->before)
                        ? x_of_julian (self, julian_of (&placement->before)) : start;

        text_size (layout, &width, &height);
        if (end + gap + width <= self->chart.x + self->chart.width && end + gap >= self->chart.x)
          add_text (self, RB_TIMELINE_TEXT_PLACEMENT, -1, layout, end + gap,
                    y + (h - height) / 2, &self->palette->text);
        else if (before - gap - width >= self->chart.x
                 && before - gap <= self->chart.x + self->chart.width)
          add_text (self, RB_TIMELINE_TEXT_PLACEMENT, -1, layout, before - gap - width,
                    y + (h - height) / 2, &self->palette->text);
        else
          g_object_unref (layout);
      }
    }
}

static void
layout_axis (RbTimelineLayout *self)
{
  static const char *const months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };
  GPtrArray *days_off = rb_timeline_model_get_days_off (self->model);
  double ppd = px_per_day (self), gap = GAP (self);
  double first = floor (self->view.first_day), last = self->view.first_day + self->view.n_days;
  double holiday_end = -G_MAXDOUBLE, day_end = -G_MAXDOUBLE, month_end = -G_MAXDOUBLE;
  double row0 = self->axis_y + self->pad * 0.3;
  guint week_step = 1;
  GDate date;

  /* Names of holidays and days off, centred on them, one row. */
  for (guint i = 0; i < days_off->len; i++)
    {
      RbTimelineDaysOff *off = g_ptr_array_index (days_off, i);
      double x0 = x_of_julian (self, julian_of (&off->first));
      double x1 = x_of_julian (self, julian_of (&off->last) + 1);
      PangoLayout *layout;
      double width, height, x;

      if (x1 < self->chart.x || x0 > self->chart.x + self->chart.width)
        continue;
      layout = make_text (self, off->name, FALSE, 0.85);
      text_size (layout, &width, &height);
      x = clamp_x (self, (x0 + x1 - width) / 2, width);
      if (x < holiday_end + gap || width > self->chart.width)
        {
          g_object_unref (layout);
          continue;
        }
      add_text (self, RB_TIMELINE_TEXT_DAYS_OFF, -1, layout, x, row0, &self->palette->muted);
      holiday_end = x + width;
    }

  /* Day of the month of every Monday, thinned out to every 2nd or 4th week when crowded. */
  {
    g_autoptr(PangoLayout) probe = make_text (self, "30", FALSE, 1.0);
    double width, height;

    text_size (probe, &width, &height);
    while (week_step < 16 && week_step * 7 * ppd < width + gap)
      week_step *= 2;
  }
  g_date_set_julian (&date, (guint32) MAX (1.0, first));
  g_date_add_days (&date, (7 + G_DATE_MONDAY - g_date_get_weekday (&date)) % 7);
  for (; julian_of (&date) <= last; g_date_add_days (&date, 7 * week_step))
    {
      g_autofree char *number = g_strdup_printf ("%u", g_date_get_day (&date));
      PangoLayout *layout;
      double x = x_of_julian (self, julian_of (&date)), width, height;

      layout = make_text (self, number, FALSE, 1.0);
      text_size (layout, &width, &height);
      if (x < self->chart.x || x + width > self->chart.x + self->chart.width || x < day_end + gap)
        {
          g_object_unref (layout);
          continue;
        }
      add_text (self, RB_TIMELINE_TEXT_AXIS, -1, layout, x, row0 + self->line, &self->palette->text);
      day_end = x + width;
    }

  /* Month names at the first of each month, with the year in January and at the left. */
  g_date_set_julian (&date, (guint32) MAX (1.0, first));
  g_date_set_day (&date, 1);
  for (; julian_of (&date) <= last; g_date_add_months (&date, 1))
    {
      double x = MAX (self->chart.x, x_of_julian (self, julian_of (&date)));
      g_autofree char *text = NULL;
      PangoLayout *layout;
      double width, height;

      text = month_end < 0 && g_date_get_month (&date) != G_DATE_JANUARY
             ? g_strdup_printf ("%s %u", _(months[g_date_get_month (&date) - 1]),
                                g_date_get_year (&date))
             : g_date_get_month (&date) == G_DATE_JANUARY
             ? g_strdup_printf ("%s %u", _(months[0]), g_date_get_year (&date))
             : g_strdup (_(months[g_date_get_month (&date) - 1]));
      layout = make_text (self, text, TRUE, 1.0);
      text_size (layout, &width, &height);
      if (x + width > self->chart.x + self->chart.width || x < month_end + gap)
        {
          g_object_unref (layout);
          continue;
        }
      add_text (self, RB_TIMELINE_TEXT_AXIS, -1, layout, x, row0 + 2 * self->line,
                &self->palette->text);
      month_end = x + width;
    }
}

static void
layout_absence (RbTimelineLayout *self)
{
  GArray *weeks = rb_timeline_model_get_weeks (self->model);
  g_autofree char *scale = NULL;
  PangoLayout *layout;
  double max = 0, width, height;

  for (guint i = 0; i < weeks->len; i++)
    {
      RbTimelineWeek *week = &g_array_index (weeks, RbTimelineWeek, i);
      double total = 0;

      for (guint k = 0; k < RB_TIMELINE_N_ABSENCE_KINDS; k++)
        total += week->hours[k];
      max = MAX (max, total);
    }
  self->absence_max = MAX (10.0, ceil (max / 5.0) * 5.0);
  /* TRANSLATORS: the top of the weekly absence scale, e.g. "30 h/wk" */
  scale = g_strdup_printf (_("%g h/wk"), self->absence_max);
  layout = make_text (self, scale, FALSE, 0.85);
  text_size (layout, &width, &height);
  add_text (self, RB_TIMELINE_TEXT_CAPTION, -1, layout, self->chart.x - self->pad - width,
            self->absence_y, &self->palette->muted);
  caption (self, _("Absence"), self->absence_y + height, self->absence_h - height);
}

/**
 * rb_timeline_layout_new:
 * @model: a timeline
 * @view: what to show, how large and in which theme
 *
 * Returns: (transfer full): where everything goes; free with rb_timeline_layout_free()
 */
RbTimelineLayout *
rb_timeline_layout_new (RbTimelineModel *model, const RbTimelineView *view)
{
  RbTimelineLayout *self = g_new0 (RbTimelineLayout, 1);
  g_autoptr(GArray) milestones = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Item));
  double y, left, width, available, fixed, axis_h;
  guint n_placements, n_milestone_rows, n_event_rows, rows;

  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (model), NULL);
  g_return_val_if_fail (view->n_days > 0 && view->text_size > 0, NULL);

  self->model = g_object_ref (model);
  self->view = *view;
  self->palette = &palettes[view->dark ? 1 : 0][view->high_contrast ? 1 : 0];
  self->texts = g_array_new (FALSE, FALSE, sizeof (Text));
  self->marks = g_array_new (FALSE, TRUE, sizeof (RbTimelineMarkGeometry));
  self->font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (self->font, view->text_size * PANGO_SCALE);
  self->bold = pango_font_description_copy (self->font);
  pango_font_description_set_weight (self->bold, PANGO_WEIGHT_BOLD);
  self->line = ceil (view->text_size * 1.45);
  self->pad = round (view->text_size * 0.6);
  self->line_width = view->high_contrast ? MAX (2.0, view->text_size / 8) : 1.5;
  self->focus = self->hover = -1;

  view_chart_range (view, &left, &width);
  self->chart.x = left;
  self->chart.width = width;
  place_marks (self);

  y = self->pad;
  layout_title (self, &y);
  self->milestone_top = y;

  /* The fixed lanes, then as many label rows as fit; what is left widens the bars. */
  n_placements = rb_timeline_model_get_placements (model)->len;
  self->phase_h = self->line * 1.1;
  self->placement_h = n_placements * self->line * 1.1;
  self->late_h = self->line * 0.8;
  axis_h = 3 * self->line + self->pad * 0.3;
  fixed = self->phase_h + self->pad * 0.5 + self->placement_h + self->pad * 0.5 + 3 * self->line
          + self->late_h + axis_h + self->pad;
  available = view->height - y - fixed;
  rows = available > 0 ? (guint) floor (available / self->line) : 0;

  collect_milestone_labels (self, milestones);
  collect_event_labels (self, events);
  n_milestone_rows = assign_rows (milestones, GAP (self), G_MAXUINT);
  n_event_rows = assign_rows (events, GAP (self), G_MAXUINT);
  if (n_milestone_rows + n_event_rows > rows)
    {
      guint m = MIN (n_milestone_rows, MAX (1, rows - MIN (n_event_rows, MAX (1, rows / 3))));

      n_milestone_rows = assign_rows (milestones, GAP (self), m);
      n_event_rows = assign_rows (events, GAP (self), rows > m ? rows - m : 1);
    }

  self->phase_y = self->milestone_top + n_milestone_rows * self->line;
  self->placement_y = self->phase_y + self->phase_h + self->pad * 0.5;
  self->event_y = self->placement_y + self->placement_h + (n_placements > 0 ? self->pad * 0.5 : 0);
  self->axis_y = view->height - self->pad - axis_h;
  self->late_y = self->axis_y - self->late_h;
  self->absence_h = MIN (self->late_y - (self->event_y + n_event_rows * self->line) - self->pad,
                         MAX (3 * self->line, view->height * 0.3));
  self->absence_y = self->late_y - self->absence_h;
  self->chart.y = self->phase_y;
  self->chart.height = self->axis_y - self->phase_y;

  layout_rows (self, milestones, self->milestone_top);
  set_line_glyphs (self, milestones);
  layout_rows (self, events, self->event_y);
  set_event_glyphs (self, events);
  clear_items (milestones);
  clear_items (events);

  caption (self, _("Status"), self->phase_y, self->phase_h);
  if (n_placements > 0)
    caption (self, _("Bridge"), self->placement_y, self->line);
  if (n_event_rows > 0)
    caption (self, _("Route"), self->event_y, self->line);
  layout_phases (self);
  layout_placements (self);
  layout_absence (self);
  layout_axis (self);
  return self;
}

void
rb_timeline_layout_free (RbTimelineLayout *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->texts->len; i++)
    g_object_unref (g_array_index (self->texts, Text, i).layout);
  g_array_unref (self->texts);
  g_array_unref (self->marks);
  pango_font_description_free (self->font);
  pango_font_description_free (self->bold);
  g_object_unref (self->model);
  g_free (self);
}

const RbTimelineView *
rb_timeline_layout_get_view (RbTimelineLayout *self)
{
  return &self->view;
}

/**
 * rb_timeline_layout_x_of_date:
 * @self: a layout
 * @date: a day
 *
 * Returns: the x of the middle of @date; every mark of that day is drawn there.
 */
double
rb_timeline_layout_x_of_date (RbTimelineLayout *self, const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), 0);
  return x_of_julian (self, julian_of (date) + 0.5);
}

void
rb_timeline_layout_get_chart (RbTimelineLayout *self, cairo_rectangle_t *chart)
{
  *chart = self->chart;
}

guint
rb_timeline_layout_get_n_texts (RbTimelineLayout *self)
{
  return self->texts->len;
}

/**
 * rb_timeline_layout_get_text:
 * @self: a layout
 * @index: below rb_timeline_layout_get_n_texts()
 *
 * Returns: (transfer none): one text of the chart and where it goes
 */
const RbTimelineText *
rb_timeline_layout_get_text (RbTimelineLayout *self, guint index)
{
  g_return_val_if_fail (index < self->texts->len, NULL);
  return &g_array_index (self->texts, Text, index).public;
}

/**
 * rb_timeline_layout_get_mark:
 * @self: a layout
 * @index: the index of a mark in rb_timeline_model_get_marks()
 *
 * Returns: (transfer none): where the mark is drawn
 */
const RbTimelineMarkGeometry *
rb_timeline_layout_get_mark (RbTimelineLayout *self, guint index)
{
  g_return_val_if_fail (index < self->marks->len, NULL);
  return &g_array_index (self->marks, RbTimelineMarkGeometry, index);
}

static gboolean
rect_contains (const cairo_rectangle_t *rect, double x, double y)
{
  return x >= rect->x && x <= rect->x + rect->width && y >= rect->y && y <= rect->y + rect->height;
}

/**
 * rb_timeline_layout_hit:
 * @self: a layout
 * @x: a point
 * @y: a point
 *
 * Returns: the index of the mark whose symbol or label is at (@x, @y), or -1. Symbols
 *   and labels win over the long milestone lines behind them.
 */
int
rb_timeline_layout_hit (RbTimelineLayout *self, double x, double y)
{
  int line = -1;

  for (guint i = 0; i < self->marks->len; i++)
    {
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);
      RbTimelineMark *mark = g_ptr_array_index (rb_timeline_model_get_marks (self->model), i);
      gboolean is_line = mark->kind == RB_TIMELINE_MARK_MILESTONE
                         || mark->kind == RB_TIMELINE_MARK_TARGET;

      if (!geometry->visible)
        continue;
      if (geometry->text >= 0
          && rect_contains (&g_array_index (self->texts, Text, geometry->text).public.rect, x, y))
        return (int) i;
      if (geometry->glyph.width > 0 && rect_contains (&geometry->glyph, x, y))
        {
          if (!is_line)
            return (int) i;
          line = (int) i;
        }
    }
  return line;
}

/**
 * rb_timeline_layout_describe_at:
 * @self: a layout
 * @x: a point
 * @y: a point
 *
 * Returns: (transfer full) (nullable): what a tooltip says about (@x, @y): a mark's
 *   details, a week's absence, a holiday, a phase or a placement; %NULL for nothing.
 */
char *
rb_timeline_layout_describe_at (RbTimelineLayout *self, double x, double y)
{
  int mark = rb_timeline_layout_hit (self, x, y);
  double julian;
  GDate day;

  if (mark >= 0)
    return g_strdup (((RbTimelineMark *) g_ptr_array_index (rb_timeline_model_get_marks (self->model),
                                                            mark))->details);
  if (!in_chart (self, x) || y < self->chart.y || y > self->axis_y + 3 * self->line)
    return NULL;
  julian = floor (self->view.first_day + (x - self->chart.x) / px_per_day (self));
  if (julian < 1)
    return NULL;
  g_date_clear (&day, 1);
  g_date_set_julian (&day, (guint32) julian);

  if (y >= self->phase_y && y < self->phase_y + self->phase_h)
    {
      GPtrArray *phases = rb_timeline_model_get_phases (self->model);

      for (guint i = 0; i < phases->len; i++)
        {
          RbTimelinePhase *phase = g_ptr_array_index (phases, i);

          if (g_date_compare (&day, &phase->first) >= 0 && g_date_compare (&day, &phase->last) <= 0)
            {
              g_autofree char *from = rb_timeline_format_date (&phase->first);
              return g_strdup_printf (_("Status: %s from %s"), rb_case_status_label (phase->status),
                                      from);
            }
        }
    }
  if (y >= self->absence_y && y < self->axis_y)
    {
      GArray *weeks = rb_timeline_model_get_weeks (self->model);

      for (guint i = 0; i < weeks->len; i++)
        {
          RbTimelineWeek *week = &g_array_index (weeks, RbTimelineWeek, i);
          double from = julian_of (&week->monday);

          if (julian >= from && julian < from + 7)
            {
              g_autofree char *monday = rb_timeline_format_date (&week->monday);
              return g_strdup_printf (_("Week of %s: %s %g h, %s %g h, %s %g h"), monday,
                                      rb_absence_kind_label ("UNAUTHORIZED"),
                                      week->hours[RB_TIMELINE_UNAUTHORIZED],
                                      rb_absence_kind_label ("SICK"), week->hours[RB_TIMELINE_SICK],
                                      rb_absence_kind_label ("AUTHORIZED"),
                                      week->hours[RB_TIMELINE_AUTHORIZED]);
            }
        }
    }
  {
    GPtrArray *days_off = rb_timeline_model_get_days_off (self->model);

    for (guint i = 0; i < days_off->len; i++)
      {
        RbTimelineDaysOff *off = g_ptr_array_index (days_off, i);

        if (g_date_compare (&day, &off->first) >= 0 && g_date_compare (&day, &off->last) <= 0)
          {
            g_autofree char *first = rb_timeline_format_date (&off->first);
            g_autofree char *last = rb_timeline_format_date (&off->last);
            return g_strdup_printf (_("%s: %s – %s, no school"), off->name, first, last);
          }
      }
  }
  return NULL;
}

/**
 * rb_timeline_layout_set_highlight:
 * @self: a layout
 * @focus: index of the mark with keyboard focus, or -1
 * @hover: index of the mark under the pointer, or -1
 *
 * Highlights change no geometry, so the layout is kept and only painted again.
 */
void
rb_timeline_layout_set_highlight (RbTimelineLayout *self, int focus, int hover)
{
  self->focus = focus;
  self->hover = hover;
}

/* ---- painting -------------------------------------------------------------------- */

static void
set_colour (cairo_t *cr, const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

static void
fill_days (RbTimelineLayout *self, cairo_t *cr, double first, double last_excl, double y,
           double height)
{
  double x0 = MAX (self->chart.x, x_of_julian (self, first));
  double x1 = MIN (self->chart.x + self->chart.width, x_of_julian (self, last_excl));

  if (x1 > x0)
    cairo_rectangle (cr, x0, y, x1 - x0, height);
}

static void
paint_days (RbTimelineLayout *self, cairo_t *cr)
{
  GPtrArray *days_off = rb_timeline_model_get_days_off (self->model);
  double ppd = px_per_day (self);
  double first = floor (self->view.first_day), last = self->view.first_day + self->view.n_days;

  /* Weekends only when zoomed in far enough that they help more than they stripe. */
  if (ppd >= 10)
    {
      set_colour (cr, &self->palette->weekend);
      for (double j = first; j <= last; j++)
        {
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, (guint32) MAX (1.0, j));
          if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
            fill_days (self, cr, j, j + 1, self->chart.y, self->chart.height);
        }
      cairo_fill (cr);
    }

  set_colour (cr, &self->palette->holiday);
  for (guint i = 0; i < days_off->len; i++)
    {
      RbTimelineDaysOff *off = g_ptr_array_index (days_off, i);
      double from = julian_of (&off->first), to = julian_of (&off->last) + 1;

      /* A holiday covers its weekends too, so the week reads as one block. */
      if (off->holiday)
        {
          from -= g_date_get_weekday (&off->first) == G_DATE_MONDAY ? 2 : 0;
          to += g_date_get_weekday (&off->last) == G_DATE_FRIDAY ? 2 : 0;
        }
      fill_days (self, cr, from, to, self->chart.y, self->chart.height + self->line);
    }
  cairo_fill (cr);

  /* A faint line at every Monday: the weeks the school-week count is made of. */
  set_colour (cr, &self->palette->grid);
  cairo_set_line_width (cr, 1);
  if (7 * ppd >= 6)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, (guint32) MAX (1.0, first));
      g_date_add_days (&date, (7 + G_DATE_MONDAY - g_date_get_weekday (&date)) % 7);
      for (; julian_of (&date) <= last; g_date_add_days (&date, 7))
        {
          double x = round (x_of_julian (self, julian_of (&date))) + 0.5;

          cairo_move_to (cr, x, self->chart.y);
          cairo_line_to (cr, x, self->axis_y + self->line);
        }
      cairo_stroke (cr);
    }
}

static void
paint_phases (RbTimelineLayout *self, cairo_t *cr)
{
  GPtrArray *phases = rb_timeline_model_get_phases (self->model);

  for (guint i = 0; i < phases->len; i++)
    {
      RbTimelinePhase *phase = g_ptr_array_index (phases, i);

      set_colour (cr, &self->palette->phase[phase_index (phase->status)]);
      fill_days (self, cr, julian_of (&phase->first), julian_of (&phase->last) + 1,
                 self->phase_y, self->phase_h);
      cairo_fill (cr);
    }
}

static void
paint_placements (RbTimelineLayout *self, cairo_t *cr)
{
  GPtrArray *placements = rb_timeline_model_get_placements (self->model);

  for (guint i = 0; i < placements->len; i++)
    {
      RbTimelinePlacement *placement = g_ptr_array_index (placements, i);
      double y = self->placement_y + i * self->line * 1.1, h = self->line;
      double start = julian_of (&placement->start);

      if (g_date_valid (&placement->before))
        {
          double dash = self->view.text_size * 0.4;

          fill_days (self, cr, julian_of (&placement->before), start, y + 1, h - 2);
          set_colour (cr, &self->palette->placement);
          cairo_set_line_width (cr, self->line_width);
          cairo_set_dash (cr, &dash, 1, 0);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      if (g_date_valid (&placement->planned_end))
        {
          set_colour (cr, &self->palette->placement);
          fill_days (self, cr, start, julian_of (&placement->planned_end), y, h);
          cairo_fill (cr);
        }
      if (placement->extension > 0 && g_date_valid (&placement->end))
        {
          set_colour (cr, &self->palette->extension);
          fill_days (self, cr, julian_of (&placement->planned_end), julian_of (&placement->end),
                     y, h);
          cairo_fill (cr);
        }
      /* Where it really ended: a heavy stop line. */
      if (g_date_valid (&placement->ended))
        {
          double x = x_of_julian (self, julian_of (&placement->ended) + 1);

          if (in_chart (self, x))
            {
              set_colour (cr, &self->palette->text);
              cairo_set_line_width (cr, 2 * self->line_width);
              cairo_move_to (cr, x, y - 2);
              cairo_line_to (cr, x, y + h + 2);
              cairo_stroke (cr);
            }
        }
    }
}

static void
paint_absence (RbTimelineLayout *self, cairo_t *cr)
{
  static const RbTimelineAbsenceKind order[] = {
    RB_TIMELINE_UNAUTHORIZED, RB_TIMELINE_SICK, RB_TIMELINE_AUTHORIZED,
  };
  GArray *weeks = rb_timeline_model_get_weeks (self->model);
  GArray *lates = rb_timeline_model_get_lates (self->model);
  double scale = self->absence_h / self->absence_max, week_px = 7 * px_per_day (self);
  double inset = MIN (week_px * 0.12, 4.0), bottom = self->absence_y + self->absence_h;
  double day_px = px_per_day (self);

  set_colour (cr, &self->palette->grid);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, self->chart.x, round (self->absence_y) + 0.5);
  cairo_line_to (cr, self->chart.x + self->chart.width, round (self->absence_y) + 0.5);
  cairo_move_to (cr, self->chart.x, round (bottom) + 0.5);
  cairo_line_to (cr, self->chart.x + self->chart.width, round (bottom) + 0.5);
  cairo_stroke (cr);

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      set_colour (cr, &self->palette->absence[order[k]]);
      for (guint i = 0; i < weeks->len; i++)
        {
          RbTimelineWeek *week = &g_array_index (weeks, RbTimelineWeek, i);
          double x0 = x_of_julian (self, julian_of (&week->monday)) + inset;
          double x1 = x0 + week_px - 2 * inset, below = 0;

          if (x1 < self->chart.x || x0 > self->chart.x + self->chart.width || week->hours[order[k]] <= 0)
            continue;
          for (guint j = 0; j < k; j++)
            below += week->hours[order[j]];
          x0 = MAX (x0, self->chart.x);
          x1 = MIN (x1, self->chart.x + self->chart.width);
          cairo_rectangle (cr, x0, bottom - (below + week->hours[order[k]]) * scale, x1 - x0,
                           week->hours[order[k]] * scale);
        }
      cairo_fill (cr);
    }

  /* Late arrivals: a tick per day, taller for more times late that day. */
  set_colour (cr, &self->palette->text);
  cairo_set_line_width (cr, MAX (2.0, MIN (day_px * 0.6, self->line_width * 2)));
  for (guint i = 0; i < lates->len; i++)
    {
      RbTimelineLate *late = &g_array_index (lates, RbTimelineLate, i);
      double x = x_of_julian (self, julian_of (&late->date) + 0.5);

      if (!in_chart (self, x))
        continue;
      cairo_move_to (cr, x, self->axis_y);
      cairo_line_to (cr, x, self->axis_y - self->late_h * MIN (late->count, 3) / 3.0);
    }
  cairo_stroke (cr);
}

static void
paint_glyph (RbTimelineLayout *self, cairo_t *cr, const RbTimelineMark *mark,
             const cairo_rectangle_t *r)
{
  double cx = r->x + r->width / 2, cy = r->y + r->height / 2, h = r->width / 2;
  gboolean filled = TRUE;

  switch (mark->kind)
    {
    case RB_TIMELINE_MARK_MEETING:
      cairo_move_to (cr, cx, cy - h);
      cairo_line_to (cr, cx + h, cy);
      cairo_line_to (cr, cx, cy + h);
      cairo_line_to (cr, cx - h, cy);
      cairo_close_path (cr);
      break;
    case RB_TIMELINE_MARK_AGREEMENT:
      cairo_rectangle (cr, cx - h * 0.8, cy - h * 0.8, h * 1.6, h * 1.6);
      filled = mark->state != RB_MILESTONE_UPCOMING;
      break;
    case RB_TIMELINE_MARK_SIGNAL:
      cairo_move_to (cr, cx, cy - h);
      cairo_line_to (cr, cx + h, cy + h * 0.8);
      cairo_line_to (cr, cx - h, cy + h * 0.8);
      cairo_close_path (cr);
      break;
    case RB_TIMELINE_MARK_STATUS:
      cairo_move_to (cr, cx - h, cy - h * 0.2);
      cairo_line_to (cr, cx + h, cy - h * 0.2);
      cairo_line_to (cr, cx, cy + h);
      cairo_close_path (cr);
      break;
    case RB_TIMELINE_MARK_MILESTONE:
    case RB_TIMELINE_MARK_TARGET:
      return;
    }
  set_colour (cr, event_colour (self, mark));
  if (filled)
    {
      cairo_fill_preserve (cr);
      set_colour (cr, &self->palette->background);
    }
  cairo_set_line_width (cr, self->line_width);
  cairo_stroke (cr);
}

static void
paint_line (RbTimelineLayout *self, cairo_t *cr, double x, double top, const Rgb *colour,
            double width, gboolean dashed)
{
  double dash[] = { self->view.text_size * 0.5, self->view.text_size * 0.3 };

  set_colour (cr, colour);
  cairo_set_line_width (cr, width);
  cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, self->axis_y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
paint_marks (RbTimelineLayout *self, cairo_t *cr)
{
  GPtrArray *marks = rb_timeline_model_get_marks (self->model);
  const GDate *today = rb_timeline_model_get_today (self->model);

  if (today != NULL)
    {
      double x = x_of_julian (self, julian_of (today) + 0.5);

      if (in_chart (self, x))
        paint_line (self, cr, x, self->milestone_top, &self->palette->today,
                    2 * self->line_width, FALSE);
    }
  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);

      if (!geometry->visible)
        continue;
      if (mark->kind == RB_TIMELINE_MARK_MILESTONE)
        paint_line (self, cr, geometry->x, geometry->glyph.y, &self->palette->state[mark->state],
                    self->line_width * 1.5, mark->state != RB_MILESTONE_DONE
                                            && mark->state != RB_MILESTONE_OVERDUE);
      else if (mark->kind == RB_TIMELINE_MARK_TARGET)
        paint_line (self, cr, geometry->x, geometry->glyph.y, &self->palette->target,
                    self->line_width * 3, TRUE);
    }
  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMarkGeometry *geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, i);

      if (geometry->visible)
        paint_glyph (self, cr, g_ptr_array_index (marks, i), &geometry->glyph);
    }
}

static void
paint_texts (RbTimelineLayout *self, cairo_t *cr)
{
  double swatch = self->view.text_size * 0.8, gap = self->view.text_size * 0.4;

  for (guint i = 0; i < self->texts->len; i++)
    {
      Text *text = &g_array_index (self->texts, Text, i);
      const cairo_rectangle_t *r = &text->public.rect;

      if (text->public.kind == RB_TIMELINE_TEXT_LEGEND)
        {
          double x = r->x - gap - swatch, y = r->y + (r->height - swatch) / 2;

          /* A legend entry carries its swatch colour; late arrivals are a tick, as drawn. */
          set_colour (cr, &text->colour);
          if (g_strcmp0 (text->public.text, rb_absence_kind_label ("LATE")) == 0)
            {
              cairo_set_line_width (cr, MAX (2.0, self->line_width * 1.5));
              cairo_move_to (cr, x + swatch / 2, y);
              cairo_line_to (cr, x + swatch / 2, y + swatch);
              cairo_stroke (cr);
            }
          else
            {
              cairo_rectangle (cr, x, y, swatch, swatch);
              cairo_fill (cr);
            }
          set_colour (cr, &self->palette->text);
        }
      else
        {
          /* Lines run behind labels: knock them out so the text stays readable. */
          if (text->public.kind != RB_TIMELINE_TEXT_PHASE
              && text->public.kind != RB_TIMELINE_TEXT_PLACEMENT)
            {
              set_colour (cr, &self->palette->background);
              cairo_rectangle (cr, r->x, r->y, r->width, r->height);
              cairo_fill (cr);
            }
          set_colour (cr, &text->colour);
        }
      cairo_move_to (cr, r->x, r->y);
      pango_cairo_show_layout (cr, text->layout);
    }
}

static void
outline_mark (RbTimelineLayout *self, cairo_t *cr, int index, const Rgb *colour, gboolean fill)
{
  RbTimelineMarkGeometry *geometry;
  cairo_rectangle_t r;
  double m = self->view.text_size * 0.2;

  if (index < 0 || (guint) index >= self->marks->len)
    return;
  geometry = &g_array_index (self->marks, RbTimelineMarkGeometry, index);
  if (!geometry->visible)
    return;
  r = geometry->glyph;
  if (geometry->text >= 0)
    {
      const cairo_rectangle_t *t = &g_array_index (self->texts, Text, geometry->text).public.rect;
      double x1 = MAX (r.x + r.width, t->x + t->width), y1 = MAX (r.y + r.height, t->y + t->height);

      r.x = MIN (r.x, t->x);
      r.y = MIN (r.y, t->y);
      r.width = x1 - r.x;
      r.height = (fill ? y1 : MIN (y1, t->y + t->height)) - r.y;
    }
  cairo_rectangle (cr, r.x - m, r.y - m, r.width + 2 * m, r.height + 2 * m);
  set_colour (cr, colour);
  if (fill)
    cairo_fill (cr);
  else
    {
      cairo_set_line_width (cr, MAX (2.0, self->line_width * 1.5));
      cairo_stroke (cr);
    }
}

/**
 * rb_timeline_render:
 * @cr: where to draw, with (0, 0) at the top left of the view
 * @layout: what to draw
 *
 * Paints @layout; the same call draws the widget, the presentation and the exports.
 */
void
rb_timeline_render (cairo_t *cr, RbTimelineLayout *self)
{
  g_return_if_fail (cr != NULL && self != NULL);

  cairo_save (cr);
  set_colour (cr, &self->palette->background);
  cairo_rectangle (cr, 0, 0, self->view.width, self->view.height);
  cairo_fill (cr);

  if (self->hover != self->focus)
    outline_mark (self, cr, self->hover, &self->palette->hover, TRUE);

  cairo_save (cr);
  cairo_rectangle (cr, self->chart.x, 0, self->chart.width, self->view.height);
  cairo_clip (cr);
  paint_days (self, cr);
  paint_phases (self, cr);
  paint_placements (self, cr);
  paint_absence (self, cr);
  paint_marks (self, cr);
  cairo_restore (cr);

  paint_texts (self, cr);
  outline_mark (self, cr, self->focus, &self->palette->focus, FALSE);
  cairo_restore (cr);
}

/**
 * rb_timeline_mark_dup_accessible_label:
 * @mark: a mark
 *
 * Returns: (transfer full): what a screen reader says when the mark gets focus: its
 *   kind, label, day and state
 */
char *
rb_timeline_mark_dup_accessible_label (const RbTimelineMark *mark)
{
  g_autofree char *when = rb_timeline_format_date (&mark->date);

  switch (mark->kind)
    {
    case RB_TIMELINE_MARK_MILESTONE:
    case RB_TIMELINE_MARK_TARGET:
      return g_strdup_printf (_("Deadline %s, %s, %s"), mark->label, when,
                              rb_milestone_state_label (mark->state));
    case RB_TIMELINE_MARK_MEETING:
      return g_strdup_printf (_("Meeting %s, %s"), mark->label, when);
    case RB_TIMELINE_MARK_AGREEMENT:
      return g_strdup_printf (_("Agreement %s, due %s, %s"), mark->label, when,
                              rb_milestone_state_label (mark->state));
    case RB_TIMELINE_MARK_SIGNAL:
      return g_strdup_printf (_("Signal %s, %s"), mark->label, when);
    case RB_TIMELINE_MARK_STATUS:
      return g_strdup_printf (_("Status %s from %s"), mark->label, when);
    }
  g_return_val_if_reached (NULL);
}

/* ---- export ---------------------------------------------------------------------- */

typedef struct
{
  int fd;
  int error;
} Sink;

static cairo_status_t
write_cb (void *user_data, const unsigned char *data, unsigned int length)
{
  Sink *sink = user_data;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->error = errno != 0 ? errno : EIO;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_view (cairo_surface_t *surface, RbTimelineModel *model, const RbTimelineView *view)
{
  g_autoptr(RbTimelineLayout) layout = rb_timeline_layout_new (model, view);
  cairo_t *cr = cairo_create (surface);

  rb_timeline_render (cr, layout);
  cairo_destroy (cr);
}

/* Writes to a temporary file next to @path and renames it into place, so a failed export
 * never leaves half a file where the old one was. */
static gboolean
export (RbTimelineModel *model, const RbTimelineView *view, const char *path, gboolean pdf,
        GError **error)
{
  g_autofree char *tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  cairo_surface_t *surface;
  cairo_status_t status;
  Sink sink = { -1, 0 };

  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY, 0644);
  if (sink.fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write “%s”: %s"), name,
                   g_strerror (saved));
      return FALSE;
    }

  if (pdf)
    {
      surface = cairo_pdf_surface_create_for_stream (write_cb, &sink, view->width, view->height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      rb_timeline_model_get_title (model));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Routeboek");
      draw_view (surface, model, view);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  else
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (view->width),
                                            (int) ceil (view->height));
      draw_view (surface, model, view);
      status = cairo_surface_write_to_png_stream (surface, write_cb, &sink);
    }
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0)
    sink.error = errno;
  if (close (sink.fd) != 0 && sink.error == 0)
    sink.error = errno;
  if (status == CAIRO_STATUS_SUCCESS && sink.error == 0 && g_rename (tmp_path, path) != 0)
    sink.error = errno;
  if (status != CAIRO_STATUS_SUCCESS || sink.error != 0)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_unlink (tmp_path);
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write “%s”: %s"), name,
                   sink.error != 0 ? g_strerror (sink.error) : cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_timeline_export_png:
 * @model: a timeline
 * @view: the size (pixels), zoom and theme
 * @path: the file to write; an existing file is replaced only when all went well
 * @error: return location for an error
 *
 * Returns: %TRUE when @path holds the picture.
 */
gboolean
rb_timeline_export_png (RbTimelineModel *model, const RbTimelineView *view, const char *path,
                        GError **error)
{
  return export (model, view, path, FALSE, error);
}

/**
 * rb_timeline_export_pdf:
 * @model: a timeline
 * @view: the page size (points), zoom and theme
 * @path: the file to write; an existing file is replaced only when all went well
 * @error: return location for an error
 *
 * One vector page; the labels are text, so they can be searched and copied.
 *
 * Returns: %TRUE when @path holds the page.
 */
gboolean
rb_timeline_export_pdf (RbTimelineModel *model, const RbTimelineView *view, const char *path,
                        GError **error)
{
  return export (model, view, path, TRUE, error);
}
