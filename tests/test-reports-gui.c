/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "rb-gui-test-util.h"
#include "rb-gui-util.h"
#include "rb-reports-page.h"
#include "rb-schema.h"
#include "rb-test-util.h"

/*
 * The Reports window on tests/fixtures/report-swv.json (whose 2026Q3 figures
 * test-report.c checks by hand): reached from the main window's action, moved by quarter
 * and by a typed range, its figures and chart those of rb_report_compute(), its exports
 * written through the file chooser.
 */

typedef struct
{
  char *dir;
  RbWindow *window;
  RbReportsPage *page;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = rb_test_make_dir ();
  fixture->window = rb_gui_test_show_fixture (fixture->dir, "report-swv.json");

  /* The main menu's Reports; the test clock says 14 September 2026. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reports", NULL));
  fixture->page = RB_REPORTS_PAGE (rb_gui_test_find_toplevel (RB_TYPE_REPORTS_PAGE));
  g_assert_nonnull (fixture->page);
  gtk_window_set_default_size (GTK_WINDOW (fixture->page), 820, 1000);
  rb_gui_test_wait_for_frame (GTK_WIDGET (fixture->page));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->page != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->page));
  rb_gui_test_destroy_window (fixture->window);
  rb_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static RbReport *
compute (Fixture *fixture, const char *from, const char *to)
{
  g_autoptr(GError) error = NULL;
  RbReport *report = rb_report_compute (rb_window_get_database (fixture->window), from, to, &error);

  g_assert_no_error (error);
  return report;
}

typedef gboolean (*Match) (GtkWidget *widget, const char *data);

static GtkWidget *
find (GtkWidget *root, Match match, const char *data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_figure (GtkWidget *widget, const char *unused)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

static gboolean
has_tooltip (GtkWidget *widget, const char *tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_entry_row (GtkWidget *widget, const char *title)
{
  return ADW_IS_ENTRY_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The figure on the right of the row titled @title. */
static const char *
shown_value (Fixture *fixture, const char *title)
{
  GtkWidget *row = rb_gui_test_find_row (GTK_WIDGET (fixture->page), title);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = find (row, is_figure, NULL);
  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
assert_count (Fixture *fixture, const char *title, guint expected)
{
  g_autofree char *text = g_strdup_printf ("%u", expected);

  g_assert_cmpstr (shown_value (fixture, title), ==, text);
}

static const char *
subtitle (Fixture *fixture)
{
  GtkWidget *title = rb_gui_test_find (GTK_WIDGET (fixture->page), ADW_TYPE_WINDOW_TITLE, FALSE);

  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));
}

static void
click_tooltip (Fixture *fixture, const char *tooltip)
{
  GtkWidget *button = find (GTK_WIDGET (fixture->page), has_tooltip, tooltip);

  g_assert_nonnull (button);
  rb_gui_test_click (button);
}

static void
test_quarters (Fixture *fixture, gconstpointer data)
{
  const RbReport *shown = rb_reports_page_get_report (fixture->page);
  GtkWidget *from = find (GTK_WIDGET (fixture->page), is_entry_row, "From");
  GtkWidget *to = find (GTK_WIDGET (fixture->page), is_entry_row, "To");

  /* Today's quarter first; the arrows move by whole quarters, across years too. */
  g_assert_cmpstr (shown->from, ==, "2026-07-01");
  g_assert_cmpstr (shown->to, ==, "2026-09-30");
  g_assert_cmpstr (subtitle (fixture), ==, "2026Q3 · 01-07-2026 – 30-09-2026");
  for (guint i = 0; i < 3; i++)
    click_tooltip (fixture, "Previous Quarter");
  shown = rb_reports_page_get_report (fixture->page);
  g_assert_cmpstr (shown->from, ==, "2025-10-01");
  g_assert_cmpstr (shown->to, ==, "2025-12-31");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, "01-10-2025");
  click_tooltip (fixture, "Next Quarter");
  g_assert_cmpstr (rb_reports_page_get_report (fixture->page)->from, ==, "2026-01-01");

  /* Any range, typed as people type dates; not a quarter, so not named one. */
  rb_gui_test_replace_text (from, "15-8-2026");
  rb_gui_test_replace_text (to, "2026-09-14");
  g_signal_emit_by_name (to, "apply");
  shown = rb_reports_page_get_report (fixture->page);
  g_assert_cmpstr (shown->from, ==, "2026-08-15");
  g_assert_cmpstr (shown->to, ==, "2026-09-14");
  g_assert_cmpstr (subtitle (fixture), ==, "15-08-2026 – 14-09-2026");

  /* A date that is none leaves the figures as they were. */
  rb_gui_test_replace_text (from, "31-2-2026");
  g_signal_emit_by_name (from, "apply");
  g_assert_true (rb_reports_page_get_report (fixture->page) == shown);
  g_assert_cmpstr (shown->from, ==, "2026-08-15");
}

static gboolean
is_gone (gpointer window)
{
  return !g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, NULL);
}

/* Escape closes the window, as it does a dialog. */
static void
test_escape_closes (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GtkWidget) guard = g_object_ref (GTK_WIDGET (fixture->page));

  g_assert_true (rb_gui_test_press_key (GTK_WIDGET (fixture->page), GDK_KEY_Escape));
  rb_gui_test_wait_until (is_gone, guard);
  fixture->page = NULL;
}

static void
test_figures (Fixture *fixture, gconstpointer data)
{
  g_autoptr(RbReport) expected = compute (fixture, "2026-07-01", "2026-09-30");

  /* test-report.c works these out by hand; the screen shows the same numbers. */
  g_assert_cmpuint (expected->buckets[RB_REPORT_OVER_3_MONTHS], ==, 4);
  for (guint s = 0; rb_case_statuses[s] != NULL; s++)
    assert_count (fixture, rb_case_status_label (rb_case_statuses[s]), expected->n_status[s]);
  assert_count (fixture, "New cases", expected->n_new);
  assert_count (fixture, "Closed cases", expected->n_closed);
  for (guint i = 0; i < expected->outcomes->len; i++)
    {
      RbReportGroup *outcome = g_ptr_array_index (expected->outcomes, i);

      assert_count (fixture, outcome->name, outcome->n_closed);
    }
  assert_count (fixture, "At home at some time in the period", expected->n_home);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    assert_count (fixture, rb_report_bucket_label (b), expected->buckets[b]);
  g_assert_cmpstr (shown_value (fixture, "Fitting offer within 3 months"), ==, "38% (3 of 8)");
  assert_count (fixture, "Exemption art. 5 onder a", expected->n_exempt_5a);
  assert_count (fixture, "Exemption art. 11", expected->n_exempt_11);
  g_assert_cmpuint (expected->schools->len, >, 1);
  for (guint i = 0; i < expected->schools->len; i++)
    {
      RbReportGroup *school = g_ptr_array_index (expected->schools, i);
      GtkWidget *row = rb_gui_test_find_row (GTK_WIDGET (fixture->page), school->name);
      g_autofree char *detail = g_strdup_printf ("%u new · %u closed · %u at home · %u longer than 3 months",
                                                 school->n_new, school->n_closed, school->n_home,
                                                 school->n_long);

      assert_count (fixture, school->name, school->n_active);
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, detail);
    }
  g_assert_cmpuint (expected->locations->len, >, 0);
  for (guint i = 0; i < expected->locations->len; i++)
    {
      RbReportLocation *location = g_ptr_array_index (expected->locations, i);
      /* With a decimal comma, as in the PDF and the CSV. */
      g_autofree char *weeks = g_strdelimit (g_strdup_printf ("%.1f", location->average_weeks),
                                             ".", ',');

      g_assert_cmpstr (shown_value (fixture, location->name), ==, weeks);
    }
}

static void
collect_group_titles (GtkWidget *widget, GPtrArray *titles)
{
  if (ADW_IS_PREFERENCES_GROUP (widget)
      && adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)) != NULL)
    g_ptr_array_add (titles,
                     (gpointer) adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_group_titles (child, titles);
}

static void
test_headings (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  guint next = 0;

  /* Every section of the PDF, in its order and with its heading (sentence case). */
  collect_group_titles (GTK_WIDGET (fixture->page), titles);
  for (guint i = 0; i < titles->len && next < RB_REPORT_N_SECTIONS; i++)
    if (g_str_equal (g_ptr_array_index (titles, i), rb_report_section_title (next)))
      next++;
  g_assert_cmpuint (next, ==, RB_REPORT_N_SECTIONS);
  g_assert_true (g_ptr_array_find_with_equal_func (titles, "Time at home", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (titles, "Time at Home", g_str_equal, NULL));
}

/* The longest run of one colour other than @background on row @y of @pixels. */
static guint
longest_run (const guint8 *pixels, gsize stride, guint x0, guint width, guint y,
             const guint8 *background)
{
  guint best = 0, run = 0;

  for (guint x = x0 + 1; x < x0 + width; x++)
    {
      const guint8 *p = pixels + y * stride + 4 * x;

      /* Not MAX (best, ++run): the macro would count the pixel twice. */
      if (memcmp (p, p - 4, 4) == 0 && memcmp (p, background, 4) != 0)
        run++;
      else
        run = 0;
      best = MAX (best, run);
    }
  return best;
}

/* docs/screenshots/report/reports-page-{light,dark}.png, made by make-screenshots.sh. */
static void
save_screenshots (Fixture *fixture, GdkTexture *light)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *dir = g_getenv ("ROUTEBOEK_SCREENSHOT_DIR");
  g_autofree char *light_path = g_build_filename (dir, "reports-page-light.png", NULL);
  g_autofree char *dark_path = g_build_filename (dir, "reports-page-dark.png", NULL);
  g_autoptr(GdkTexture) dark = NULL;

  g_assert_true (gdk_texture_save_to_png (light, light_path));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  rb_gui_test_wait_for_frame (GTK_WIDGET (fixture->page));
  dark = rb_gui_render_widget (GTK_WIDGET (fixture->page));
  g_assert_true (gdk_texture_save_to_png (dark, dark_path));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_chart (Fixture *fixture, gconstpointer data)
{
  const RbReport *shown = rb_reports_page_get_report (fixture->page);
  GtkWidget *chart = rb_gui_test_find (GTK_WIDGET (fixture->page), GTK_TYPE_DRAWING_AREA, TRUE);
  g_autoptr(RbBarChart) chart_data = rb_report_time_at_home_chart (shown);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  graphene_rect_t bounds;
  guint lengths[RB_REPORT_N_BUCKETS];
  gsize stride;
  int width, height;

  g_assert_nonnull (chart);
  g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (fixture->page), &bounds));
  texture = rb_gui_render_widget (GTK_WIDGET (fixture->page));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = 4 * width;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);

  if (g_getenv ("ROUTEBOEK_SCREENSHOT_DIR") != NULL)
    save_screenshots (fixture, texture);

  /* Each bar's length, measured across its middle where the shared description places
   * it, against the card's background. */
  g_assert_cmpfloat (bounds.size.height, ==, ceil (rb_bar_chart_get_height (chart_data)));
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    {
      RbBarPlace place;
      guint y;
      const guint8 *background;

      rb_bar_chart_place (chart_data, b, bounds.size.width, 0, 0, &place);
      y = bounds.origin.y + place.y + RB_BAR_CHART_BAR_HEIGHT / 2;
      /* The card's own colour, in the gap above the bar (its edge is shaded). */
      background = pixels + (guint) (bounds.origin.y + place.y - RB_BAR_CHART_GAP / 2) * stride
                   + 4 * (guint) (bounds.origin.x + bounds.size.width / 2);

      lengths[b] = longest_run (pixels, stride, bounds.origin.x, bounds.size.width, y, background);
      g_test_message ("bar %u: %u pixels at y %u", b, lengths[b], y);
    }
  /* 2, 3 and 4 cases: the longest bar fills the room, the others in proportion. */
  g_assert_cmpuint (lengths[RB_REPORT_OVER_3_MONTHS], >, bounds.size.width / 3);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    g_assert_cmpfloat_with_epsilon ((double) lengths[b] / lengths[RB_REPORT_OVER_3_MONTHS],
                                    (double) shown->buckets[b] / shown->buckets[RB_REPORT_OVER_3_MONTHS],
                                    0.02);
}

/* Clicks @label and saves as @name in the test's folder. */
static char *
export_through_chooser (Fixture *fixture, const char *label, const char *name)
{
  char *path = g_build_filename (fixture->dir, name, NULL);

  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (fixture->page), label));
  rb_gui_test_save_as (path);
  return path;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_exports (Fixture *fixture, gconstpointer data)
{
  RbDatabase *db = rb_window_get_database (fixture->window);
  g_autoptr(RbReport) expected = compute (fixture, "2026-07-01", "2026-09-30");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = g_build_filename (fixture->dir, "reference.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *xlsx = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *reference_text = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *head = NULL;
  const char *argv[] = { "unzip", "-p", NULL, "xl/worksheets/sheet1.xml", NULL };
  int status = 0;
  guint n_rows = 0;

  /* The CSV is the report's, byte for byte. */
  csv = export_through_chooser (fixture, "CSV…", "kwartaal.csv");
  g_assert_true (rb_report_write_csv (expected, reference, &error));
  g_assert_no_error (error);
  csv_text = read_file (csv);
  reference_text = read_file (reference);
  g_assert_cmpstr (csv_text, ==, reference_text);

  /* The registration: a spreadsheet with a header and one row per thuiszitter ever. */
  xlsx = export_through_chooser (fixture, "Inspectie Registration (XLSX)…", "inspectie.xlsx");
  rows = rb_inspectie_rows (db, "2026-09-30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 10);
  argv[2] = xlsx;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &sheet,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char *p = sheet; (p = strstr (p, "<row ")) != NULL; p++)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, rows->len + 1);

  pdf = export_through_chooser (fixture, "Export as PDF…", "kwartaal.pdf");
  head = read_file (pdf);
  g_assert_true (g_str_has_prefix (head, "%PDF-"));
}

int
main (int argc, char *argv[])
{
  rb_gui_test_init (&argc, &argv);
  /* Screenshots show the app as its users see it: in Dutch. */
  if (g_getenv ("ROUTEBOEK_SCREENSHOT_DIR") != NULL)
    {
      g_setenv ("LANGUAGE", "nl", TRUE);
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ROUTEBOEK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }

  g_test_add ("/reports-gui/escape-closes", Fixture, NULL, fixture_set_up, test_escape_closes,
              fixture_tear_down);
  g_test_add ("/reports-gui/quarters", Fixture, NULL, fixture_set_up, test_quarters,
              fixture_tear_down);
  g_test_add ("/reports-gui/figures", Fixture, NULL, fixture_set_up, test_figures,
              fixture_tear_down);
  g_test_add ("/reports-gui/headings", Fixture, NULL, fixture_set_up, test_headings,
              fixture_tear_down);
  g_test_add ("/reports-gui/chart", Fixture, NULL, fixture_set_up, test_chart, fixture_tear_down);
  g_test_add ("/reports-gui/exports", Fixture, NULL, fixture_set_up, test_exports,
              fixture_tear_down);
  return g_test_run ();
}
