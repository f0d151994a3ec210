/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "rb-timeline-model.h"

G_BEGIN_DECLS

/**
 * RbTimelineView:
 * @width: surface width in pixels (points for PDF)
 * @height: surface height
 * @first_day: Julian day number at the left edge of the chart; fractional when panned
 * @n_days: how many days the chart shows across its width (the zoom)
 * @dark: dark background
 * @high_contrast: strong colours and heavier lines, for a projector
 * @text_size: body text size in pixels
 *
 * What part of a timeline to draw, how large and in which theme. The widget, the
 * presentation window and the exports differ only in this.
 */
typedef struct
{
  double width;
  double height;
  double first_day;
  double n_days;
  gboolean dark;
  gboolean high_contrast;
  double text_size;
} RbTimelineView;

/**
 * RbTimelineTextKind:
 * Which part of the chart a text belongs to.
 */
typedef enum
{
  RB_TIMELINE_TEXT_TITLE,
  RB_TIMELINE_TEXT_LEGEND,
  RB_TIMELINE_TEXT_CAPTION,
  RB_TIMELINE_TEXT_PHASE,
  RB_TIMELINE_TEXT_PLACEMENT,
  RB_TIMELINE_TEXT_MARK,
  RB_TIMELINE_TEXT_TODAY,
  RB_TIMELINE_TEXT_AXIS,
  RB_TIMELINE_TEXT_DAYS_OFF,
} RbTimelineTextKind;

/**
 * RbTimelineText:
 * @kind: the part of the chart
 * @mark: the index of the mark it labels, or -1
 * @text: what it says
 * @rect: where it is drawn (logical extents)
 */
typedef struct
{
  RbTimelineTextKind kind;
  int mark;
  const char *text;
  cairo_rectangle_t rect;
} RbTimelineText;

/**
 * RbTimelineMarkGeometry:
 * @x: x of the middle of the mark's day
 * @visible: %FALSE when the day lies outside the chart (zoomed or panned away)
 * @glyph: the mark's symbol (for lines: a strip around the line)
 * @text: index of its label in rb_timeline_layout_get_text(), or -1 when it has none or
 *   its label found no room (the tooltip still has it)
 */
typedef struct
{
  double x;
  gboolean visible;
  cairo_rectangle_t glyph;
  int text;
} RbTimelineMarkGeometry;

typedef struct _RbTimelineLayout RbTimelineLayout;

void                          rb_timeline_view_init           (RbTimelineView   *view,
                                                               RbTimelineModel  *model,
                                                               double            width,
                                                               double            height);
void                          rb_timeline_view_set_presentation (RbTimelineView *view);
double                        rb_timeline_view_julian_at      (const RbTimelineView *view,
                                                               double            x);
void                          rb_timeline_view_zoom           (RbTimelineView   *view,
                                                               double            factor,
                                                               double            anchor_x);
void                          rb_timeline_view_pan            (RbTimelineView   *view,
                                                               double            dx);
void                          rb_timeline_view_show_date      (RbTimelineView   *view,
                                                               const GDate      *date);

RbTimelineLayout             *rb_timeline_layout_new          (RbTimelineModel  *model,
                                                               const RbTimelineView *view);
void                          rb_timeline_layout_free         (RbTimelineLayout *layout);
const RbTimelineView         *rb_timeline_layout_get_view     (RbTimelineLayout *layout);
double                        rb_timeline_layout_x_of_date    (RbTimelineLayout *layout,
                                                               const GDate      *date);
void                          rb_timeline_layout_get_chart    (RbTimelineLayout *layout,
                                                               cairo_rectangle_t *chart);
guint                         rb_timeline_layout_get_n_texts  (RbTimelineLayout *layout);
const RbTimelineText         *rb_timeline_layout_get_text     (RbTimelineLayout *layout,
                                                               guint             index);
const RbTimelineMarkGeometry *rb_timeline_layout_get_mark     (RbTimelineLayout *layout,
                                                               guint             index);
int                           rb_timeline_layout_hit          (RbTimelineLayout *layout,
                                                               double            x,
                                                               double            y);
char                         *rb_timeline_layout_describe_at  (RbTimelineLayout *layout,
                                                               double            x,
                                                               double            y);
void                          rb_timeline_layout_set_highlight (RbTimelineLayout *layout,
                                                               int               focus,
                                                               int               hover);

void                          rb_timeline_render              (cairo_t          *cr,
                                                               RbTimelineLayout *layout);

char                         *rb_timeline_mark_dup_accessible_label (const RbTimelineMark *mark);

gboolean                      rb_timeline_export_png          (RbTimelineModel  *model,
                                                               const RbTimelineView *view,
                                                               const char       *path,
                                                               GError          **error);
gboolean                      rb_timeline_export_pdf          (RbTimelineModel  *model,
                                                               const RbTimelineView *view,
                                                               const char       *path,
                                                               GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbTimelineLayout, rb_timeline_layout_free)

G_END_DECLS
