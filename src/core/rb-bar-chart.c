/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-bar-chart"

#include "config.h"

#include "rb-bar-chart.h"

/*
 * One description of a bar chart for two painters: the Reports page draws it with cairo
 * and Pango, the PDF through the layout with libharu. Each measures its own text and asks
 * rb_bar_chart_place() where the bars go, so both show the same bars in the same
 * proportions.
 */

static void
clear_bar (gpointer data)
{
  RbBar *bar = data;

  g_free (bar->label);
  g_free (bar->value_text);
}

/**
 * rb_bar_chart_new:
 *
 * Returns: (transfer full): a chart without bars
 */
RbBarChart *
rb_bar_chart_new (void)
{
  RbBarChart *chart = g_new0 (RbBarChart, 1);

  chart->bars = g_array_new (FALSE, TRUE, sizeof (RbBar));
  g_array_set_clear_func (chart->bars, clear_bar);
  return chart;
}

void
rb_bar_chart_free (RbBarChart *chart)
{
  if (chart == NULL)
    return;
  g_array_unref (chart->bars);
  g_free (chart);
}

/**
 * rb_bar_chart_add:
 * @chart: a chart
 * @label: what the bar counts
 * @value: how many
 * @tone: the bar's colour
 *
 * Adds a bar below the others.
 */
void
rb_bar_chart_add (RbBarChart *chart, const char *label, guint value, RbBarTone tone)
{
  RbBar bar = { g_strdup (label), value, g_strdup_printf ("%u", value), tone };

  g_array_append_val (chart->bars, bar);
}

/**
 * rb_bar_chart_get_height:
 * @chart: a chart
 *
 * Returns: the height of the chart's box, padding included.
 */
double
rb_bar_chart_get_height (const RbBarChart *chart)
{
  guint n = chart->bars->len;

  return 2 * RB_BAR_CHART_PADDING + n * RB_BAR_CHART_BAR_HEIGHT
         + (n > 0 ? n - 1 : 0) * RB_BAR_CHART_GAP;
}

/**
 * rb_bar_chart_place:
 * @chart: a chart
 * @index: which bar
 * @width: the width of the chart's box
 * @label_width: the widest label as the painter measures it
 * @value_width: the widest value text, kept free right of the longest bar
 * @place: (out caller-allocates): where the bar goes
 *
 * The largest value fills the room between the labels and its value text; the others
 * are in proportion. A chart of zeros has no bars, only values.
 */
void
rb_bar_chart_place (const RbBarChart *chart, guint index, double width, double label_width,
                    double value_width, RbBarPlace *place)
{
  const RbBar *bar;
  guint most = 1;
  double room;

  g_return_if_fail (index < chart->bars->len);
  bar = &g_array_index (chart->bars, RbBar, index);
  for (guint i = 0; i < chart->bars->len; i++)
    most = MAX (most, g_array_index (chart->bars, RbBar, i).value);
  place->x = RB_BAR_CHART_PADDING + label_width + RB_BAR_CHART_SPACING;
  room = MAX (0, width - place->x - RB_BAR_CHART_SPACING / 2 - value_width - RB_BAR_CHART_PADDING);
  place->y = RB_BAR_CHART_PADDING + index * (RB_BAR_CHART_BAR_HEIGHT + RB_BAR_CHART_GAP);
  place->length = room * bar->value / most;
  place->value_x = place->x + place->length + RB_BAR_CHART_SPACING / 2;
}
