/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The chart's sizes, in pixels on screen and in points in the PDF: the same proportions. */
#define RB_BAR_CHART_PADDING 16.0
#define RB_BAR_CHART_BAR_HEIGHT 28.0
#define RB_BAR_CHART_GAP 12.0
#define RB_BAR_CHART_SPACING 12.0

/* What a bar's colour says; the screen takes Adwaita's colours for it, the PDF fixed ones. */
typedef enum
{
  RB_BAR_TONE_GOOD,
  RB_BAR_TONE_WARNING,
  RB_BAR_TONE_BAD,
} RbBarTone;

/**
 * RbBar:
 * @label: what the bar counts, left of it
 * @value: its length, against the largest value of the chart
 * @value_text: @value as printed right of the bar
 * @tone: its colour
 */
typedef struct
{
  char *label;
  guint value;
  char *value_text;
  RbBarTone tone;
} RbBar;

/**
 * RbBarChart:
 * @bars: (element-type RbBar): top to bottom
 *
 * A horizontal bar chart as data: the screen and the PDF draw the same one.
 */
typedef struct
{
  GArray *bars;
} RbBarChart;

/**
 * RbBarPlace:
 * @y: top of the bar
 * @x: left end of the bar, right of the labels
 * @length: the bar's length
 * @value_x: where the value text starts
 *
 * Where one bar goes, from the top left of the chart's box.
 */
typedef struct
{
  double y;
  double x;
  double length;
  double value_x;
} RbBarPlace;

RbBarChart *rb_bar_chart_new        (void);
void        rb_bar_chart_free       (RbBarChart       *chart);
void        rb_bar_chart_add        (RbBarChart       *chart,
                                     const char       *label,
                                     guint             value,
                                     RbBarTone         tone);
double      rb_bar_chart_get_height (const RbBarChart *chart);
void        rb_bar_chart_place      (const RbBarChart *chart,
                                     guint             index,
                                     double            width,
                                     double            label_width,
                                     double            value_width,
                                     RbBarPlace       *place);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbBarChart, rb_bar_chart_free)

G_END_DECLS
