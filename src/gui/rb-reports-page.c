/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-reports-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rb-date.h"
#include "rb-gui-util.h"
#include "rb-reports-page.h"
#include "rb-schema.h"

/**
 * RbReportsPage:
 *
 * The quarterly report on screen, in a window of its own: a quarter chosen with the
 * header's arrows or any range of dates, the figures of rb_report_compute() in lists under
 * the PDF's section headings, the time at home as the PDF's bar chart
 * (rb_report_time_at_home_chart()), and the exports: the report as
 * PDF or CSV and the Inspectie's registration as XLSX (the core writes through a temporary
 * file, so a failed export leaves an older file whole).
 */

typedef enum
{
  EXPORT_PDF,
  EXPORT_CSV,
  EXPORT_XLSX,
} ExportKind;

struct _RbReportsPage
{
  AdwWindow parent_instance;

  RbDatabase *db;
  RbReport *report;
  GtkFileChooserNative *chooser;
  ExportKind export_kind;
  GSettings *settings;  /* NULL without the schema: then the quarter is not remembered */

  AdwWindowTitle *window_title;
  AdwEntryRow *from_row;
  AdwEntryRow *to_row;
  AdwPreferencesGroup *chart_group;
  GtkDrawingArea *chart;
  RbBarChart *time_at_home;   /* what the chart shows, as the PDF draws it too */
  GtkWidget *figures;
};

G_DEFINE_FINAL_TYPE (RbReportsPage, rb_reports_page, ADW_TYPE_WINDOW)

/* The quarter that holds @iso, moved by @delta quarters, as "2026Q3". */
static char *
quarter_of (const char *iso, int delta)
{
  GDate date;
  int index;

  if (!rb_date_parse (iso, &date, NULL))
    return NULL;
  index = 4 * (int) g_date_get_year (&date) + ((int) g_date_get_month (&date) - 1) / 3 + delta;
  return g_strdup_printf ("%dQ%d", index / 4, index % 4 + 1);
}

/* The quarter shown, or %NULL when the dates are another range. */
static char *
dup_shown_quarter (RbReportsPage *self)
{
  g_autofree char *quarter = quarter_of (self->report->from, 0);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (rb_report_parse_quarter (quarter, &from, &to, NULL)
      && g_str_equal (from, self->report->from) && g_str_equal (to, self->report->to))
    return g_steal_pointer (&quarter);
  return NULL;
}

static void
toast (RbReportsPage *self, const char *message)
{
  rb_gui_toast (self->figures, message);
}

/* A section's heading and description, the same as the PDF's. */
static void
set_section (AdwPreferencesGroup *group, RbReportSection section)
{
  adw_preferences_group_set_title (group, rb_report_section_title (section));
  adw_preferences_group_set_description (group, rb_report_section_description (section));
}

static GtkWidget *
new_group (RbReportsPage *self, RbReportSection section)
{
  GtkWidget *group = adw_preferences_group_new ();

  set_section (ADW_PREFERENCES_GROUP (group), section);
  gtk_box_append (GTK_BOX (self->figures), group);
  return group;
}

/* A row whose value stands on its right, in tabular figures. */
static void
add_figure (GtkWidget *group, const char *title, const char *subtitle, const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_count (GtkWidget *group, const char *title, guint value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  add_figure (group, title, NULL, text);
}

static void
add_groups (RbReportsPage *self, RbReportSection section, GPtrArray *groups)
{
  GtkWidget *group;

  if (groups->len == 0)
    return;
  group = new_group (self, section);
  for (guint i = 0; i < groups->len; i++)
    {
      RbReportGroup *row = g_ptr_array_index (groups, i);
      g_autofree char *subtitle = g_strdup_printf (_("%u new · %u closed · %u at home · %u longer "
                                                     "than 3 months"),
                                                   row->n_new, row->n_closed, row->n_home,
                                                   row->n_long);
      g_autofree char *value = g_strdup_printf ("%u", row->n_active);

      add_figure (group, row->name, subtitle, value);
    }
}

/* The chart's figures as text, for a screen reader. */
static void
describe_chart (RbReportsPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->time_at_home->bars->len; i++)
    {
      const RbBar *bar = &g_array_index (self->time_at_home->bars, RbBar, i);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", bar->label, bar->value_text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

static void
show_report (RbReportsPage *self)
{
  const RbReport *report = self->report;
  GtkWidget *group;
  g_autofree char *from = rb_gui_format_date (report->from);
  g_autofree char *to = rb_gui_format_date (report->to);
  g_autofree char *quarter = dup_shown_quarter (self);
  g_autofree char *subtitle = NULL;
  g_autofree char *share = NULL;

  /* A whole quarter is named; any other range shows its dates only. */
  if (quarter != NULL)
    subtitle = g_strdup_printf ("%s · %s – %s", quarter, from, to);
  else
    subtitle = g_strdup_printf ("%s – %s", from, to);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to);

  rb_gui_clear_box (self->figures);
  group = new_group (self, RB_REPORT_SECTION_STATUSES);
  for (guint s = 0; rb_case_statuses[s] != NULL; s++)
    add_count (group, rb_case_status_label (rb_case_statuses[s]), report->n_status[s]);

  group = new_group (self, RB_REPORT_SECTION_NEW_AND_CLOSED);
  add_count (group, _("New cases"), report->n_new);
  add_count (group, _("Closed cases"), report->n_closed);
  for (guint i = 0; i < report->outcomes->len; i++)
    {
      RbReportGroup *outcome = g_ptr_array_index (report->outcomes, i);
      g_autofree char *value = g_strdup_printf ("%u", outcome->n_closed);

      add_figure (group, outcome->name, _("Outcome of closed cases"), value);
    }

  group = new_group (self, RB_REPORT_SECTION_HOME_AND_EXEMPTIONS);
  add_count (group, _("At home at some time in the period"), report->n_home);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    add_count (group, rb_report_bucket_label (b), report->buckets[b]);
  if (rb_report_offer_share (report) < 0)
    share = g_strdup (_("no case decided yet"));
  else
    share = g_strdup_printf (_("%.0f%% (%u of %u)"), 100 * rb_report_offer_share (report),
                             report->n_offer_in_time, report->n_offer_decided);
  add_figure (group, _("Fitting offer within 3 months"), NULL, share);
  add_count (group, _("Exemption art. 5 onder a"), report->n_exempt_5a);
  add_count (group, _("Exemption art. 11"), report->n_exempt_11);

  add_groups (self, RB_REPORT_SECTION_SCHOOLS, report->schools);
  add_groups (self, RB_REPORT_SECTION_BOARDS, report->boards);

  if (report->locations->len > 0)
    group = new_group (self, RB_REPORT_SECTION_LOCATIONS);
  for (guint i = 0; i < report->locations->len; i++)
    {
      RbReportLocation *location = g_ptr_array_index (report->locations, i);
      g_autofree char *detail = g_strdup_printf (_("%u placements · %u still running · %u longer "
                                                   "than 8 weeks"),
                                                 location->n_placements, location->n_running,
                                                 location->n_over_aim);
      g_autofree char *weeks = rb_report_format_decimal (location->average_weeks);

      add_figure (group, location->name, detail, weeks);
    }
  g_clear_pointer (&self->time_at_home, rb_bar_chart_free);
  self->time_at_home = rb_report_time_at_home_chart (report);
  describe_chart (self);
  gtk_drawing_area_set_content_height (self->chart,
                                       (int) ceil (rb_bar_chart_get_height (self->time_at_home)));
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
show_quarter (RbReportsPage *self, const char *quarter)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;

  if (!rb_report_parse_quarter (quarter, &from, &to, &error)
      || !rb_reports_page_set_range (self, from, to, &error))
    toast (self, error->message);
}

static void
lookup_color (GtkWidget *widget, const char *name, GdkRGBA *color)
{
  /* Adwaita's named colours follow dark mode and high contrast. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static PangoLayout *
new_text (GtkWidget *widget, const char *text, gboolean bold, int *width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  pango_layout_get_pixel_size (layout, width, NULL);
  return layout;
}

/* @layout centred on the height of a bar at @y. */
static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  cairo_move_to (cr, x, y + (RB_BAR_CHART_BAR_HEIGHT - height) / 2);
  pango_cairo_show_layout (cr, layout);
}

/* The chart of rb_report_time_at_home_chart(), placed by rb_bar_chart_place() as in the
 * PDF; Pango measures the text here, libharu there. */
static void
draw_chart_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  static const char *const colors[] = {
    [RB_BAR_TONE_GOOD] = "success_bg_color",
    [RB_BAR_TONE_WARNING] = "warning_bg_color",
    [RB_BAR_TONE_BAD] = "error_bg_color",
  };
  RbReportsPage *self = RB_REPORTS_PAGE (data);
  GtkWidget *widget = GTK_WIDGET (area);
  const RbBarChart *chart = self->time_at_home;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_object_unref);
  int label_width = 0, value_width = 0;
  GdkRGBA ink;

  if (chart == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &ink);
  G_GNUC_END_IGNORE_DEPRECATIONS
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const RbBar *bar = &g_array_index (chart->bars, RbBar, i);
      int w;

      g_ptr_array_add (labels, new_text (widget, bar->label, FALSE, &w));
      label_width = MAX (label_width, w);
      g_ptr_array_add (values, new_text (widget, bar->value_text, TRUE, &w));
      value_width = MAX (value_width, w);
    }
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const RbBar *bar = &g_array_index (chart->bars, RbBar, i);
      RbBarPlace place;
      GdkRGBA color;

      rb_bar_chart_place (chart, i, width, label_width, value_width, &place);
      gdk_cairo_set_source_rgba (cr, &ink);
      show_text (cr, g_ptr_array_index (labels, i), RB_BAR_CHART_PADDING, place.y);
      show_text (cr, g_ptr_array_index (values, i), place.value_x, place.y);

      lookup_color (widget, colors[bar->tone], &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, place.x, place.y, place.length, RB_BAR_CHART_BAR_HEIGHT);
      cairo_fill (cr);
    }
}

static void
on_style_changed_cb (RbReportsPage *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static void
move_quarter (RbReportsPage *self, int delta)
{
  g_autofree char *quarter = NULL;

  if (self->report == NULL)
    return;
  quarter = quarter_of (self->report->from, delta);
  show_quarter (self, quarter);
}

static void
on_previous_clicked_cb (RbReportsPage *self)
{
  move_quarter (self, -1);
}

static void
on_next_clicked_cb (RbReportsPage *self)
{
  move_quarter (self, 1);
}

static void
on_range_apply_cb (RbReportsPage *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;

  if ((from = rb_gui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), &error)) == NULL
      || (to = rb_gui_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->to_row)), &error)) == NULL
      || !rb_reports_page_set_range (self, from, to, &error))
    toast (self, error->message);
}

static gboolean
export (RbReportsPage *self, const char *path, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  switch (self->export_kind)
    {
    case EXPORT_PDF:
      return rb_report_write_pdf (self->report, rb_database_get_swv_name (self->db), path, error);
    case EXPORT_CSV:
      return rb_report_write_csv (self->report, path, error);
    case EXPORT_XLSX:
      return (rows = rb_inspectie_rows (self->db, self->report->to, error)) != NULL
             && rb_inspectie_write_xlsx (rows, path, error);
    default:
      g_assert_not_reached ();
    }
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser, int response, RbReportsPage *self)
{
  g_autofree char *path = rb_gui_file_chooser_get_path (chooser, response);
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      if (export (self, path, &error))
        {
          g_autofree char *name = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

          toast (self, message);
        }
      else
        toast (self, error->message);
    }
  rb_gui_file_chooser_destroy (&self->chooser, self);
}

static void
choose_file (RbReportsPage *self, ExportKind kind)
{
  static const struct { const char *title; const char *filter; const char *pattern; } kinds[] = {
    [EXPORT_PDF] = { N_("Export the Report as PDF"), N_("PDF documents"), "*.pdf" },
    [EXPORT_CSV] = { N_("Export the Report as CSV"), N_("CSV files"), "*.csv" },
    [EXPORT_XLSX] = { N_("Export the Inspectie Registration"), N_("Spreadsheets (XLSX)"), "*.xlsx" },
  };
  g_autofree char *quarter = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) parent = NULL;

  if (self->chooser != NULL || self->report == NULL)
    return;
  quarter = quarter_of (self->report->from, 0);
  self->export_kind = kind;
  self->chooser = rb_gui_file_chooser_new (GTK_WIDGET (self), _(kinds[kind].title),
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                           _(kinds[kind].filter), kinds[kind].pattern,
                                           G_CALLBACK (on_chooser_response_cb), self);
  /* The registration is cumulative: its end date names it, not a quarter. */
  if (kind == EXPORT_XLSX)
    name = g_strdup_printf (_("Thuiszittersregistratie %s.xlsx"), self->report->to);
  else
    name = g_strdup_printf (_("Report %s.%s"), quarter, kind == EXPORT_PDF ? "pdf" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  /* Next to the database, where the SWV's files are. */
  folder = g_file_new_for_path (rb_database_get_path (self->db));
  parent = g_file_get_parent (folder);
  if (parent != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
}

static void
on_export_pdf_clicked_cb (RbReportsPage *self)
{
  choose_file (self, EXPORT_PDF);
}

static void
on_export_csv_clicked_cb (RbReportsPage *self)
{
  choose_file (self, EXPORT_CSV);
}

static void
on_export_xlsx_clicked_cb (RbReportsPage *self)
{
  choose_file (self, EXPORT_XLSX);
}

static void
rb_reports_page_dispose (GObject *object)
{
  RbReportsPage *self = RB_REPORTS_PAGE (object);

  rb_gui_file_chooser_destroy (&self->chooser, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_REPORTS_PAGE);
  g_clear_pointer (&self->report, rb_report_free);
  g_clear_pointer (&self->time_at_home, rb_bar_chart_free);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rb_reports_page_parent_class)->dispose (object);
}

static gboolean
rb_reports_page_close_request (GtkWindow *window)
{
  RbReportsPage *self = RB_REPORTS_PAGE (window);
  g_autofree char *quarter = NULL;
  g_autofree char *today = NULL;
  g_autofree char *current = NULL;

  /* The quarter comes back next time; today's is not stored, so that a later day starts
   * at its own quarter, nor is another range. */
  if (self->settings != NULL && self->report != NULL)
    {
      quarter = dup_shown_quarter (self);
      today = rb_database_dup_today (self->db);
      current = quarter_of (today, 0);
      g_settings_set_string (self->settings, "report-quarter",
                             quarter != NULL && g_strcmp0 (quarter, current) != 0 ? quarter : "");
    }
  return GTK_WINDOW_CLASS (rb_reports_page_parent_class)->close_request (window);
}

static void
rb_reports_page_class_init (RbReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rb_reports_page_dispose;
  window_class->close_request = rb_reports_page_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, chart_group);
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, RbReportsPage, figures);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_range_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_csv_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_xlsx_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
rb_reports_page_init (RbReportsPage *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->chart, draw_chart_cb, self, NULL);
  set_section (self->chart_group, RB_REPORT_SECTION_TIME_AT_HOME);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rb_report_section_title (RB_REPORT_SECTION_TIME_AT_HOME), -1);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (on_style_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * rb_reports_page_new:
 * @parent: the window showing @db
 * @db: the database reported on
 *
 * Shows the quarter shown when the page was last closed, else that of today (by the
 * database's clock).
 *
 * Returns: (transfer none): the window; it destroys itself when closed.
 */
RbReportsPage *
rb_reports_page_new (GtkWindow *parent, RbDatabase *db)
{
  RbReportsPage *self;
  g_autofree char *today = NULL;
  g_autofree char *quarter = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_REPORTS_PAGE, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->settings = rb_gui_settings_new ();
  if (self->settings != NULL)
    quarter = g_settings_get_string (self->settings, "report-quarter");
  /* A setting that names no quarter (empty, or edited by hand) means today's. */
  if (quarter == NULL || !rb_report_parse_quarter (quarter, &from, &to, NULL))
    {
      g_free (quarter);
      today = rb_database_dup_today (db);
      quarter = quarter_of (today, 0);
    }
  show_quarter (self, quarter);
  return self;
}

/**
 * rb_reports_page_set_range:
 * @self: the page
 * @from: the first day (ISO)
 * @to: the last day (ISO)
 * @error: return location for an error
 *
 * Computes and shows the report of @from to @to.
 *
 * Returns: %TRUE when shown; on failure the page keeps showing what it showed.
 */
gboolean
rb_reports_page_set_range (RbReportsPage *self, const char *from, const char *to, GError **error)
{
  RbReport *report;

  g_return_val_if_fail (RB_IS_REPORTS_PAGE (self), FALSE);

  if ((report = rb_report_compute (self->db, from, to, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->report, rb_report_free);
  self->report = report;
  show_report (self);
  return TRUE;
}

/**
 * rb_reports_page_get_report:
 * @self: the page
 *
 * Returns: (transfer none): the figures shown
 */
const RbReport *
rb_reports_page_get_report (RbReportsPage *self)
{
  g_return_val_if_fail (RB_IS_REPORTS_PAGE (self), NULL);
  return self->report;
}
