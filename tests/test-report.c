/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-layout.h"
#include "rb-report.h"
#include "rb-test-util.h"

/*
 * The quarterly report and the Inspectie's registration against tests/fixtures/report-swv.json:
 * 17 cases (one deleted, one opened after the quarter) whose expected figures for 2026Q3
 * are worked out by hand in the comments below.
 */

typedef struct
{
  char *dir;
  RbDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = rb_test_fixture_path ("report-swv.json");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = rb_test_make_dir ();
  path = g_build_filename (fixture->dir, "swv.db", NULL);
  fixture->db = rb_fixture_load (json, path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->db);
  rb_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static RbReportGroup *
find_group (GPtrArray *groups, const char *name)
{
  for (guint i = 0; i < groups->len; i++)
    if (g_str_equal (((RbReportGroup *) g_ptr_array_index (groups, i))->name, name))
      return g_ptr_array_index (groups, i);
  g_assert_not_reached ();
}

static void
assert_group (GPtrArray *groups, const char *name, guint active, guint added, guint closed,
              guint home, guint long_home)
{
  RbReportGroup *group = find_group (groups, name);

  g_assert_cmpuint (group->n_active, ==, active);
  g_assert_cmpuint (group->n_new, ==, added);
  g_assert_cmpuint (group->n_closed, ==, closed);
  g_assert_cmpuint (group->n_home, ==, home);
  g_assert_cmpuint (group->n_long, ==, long_home);
}

static void
test_quarter_parse (void)
{
  g_autofree char *from = NULL, *to = NULL, *from4 = NULL, *to4 = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rb_report_parse_quarter ("2026Q3", &from, &to, &error));
  g_assert_cmpstr (from, ==, "2026-07-01");
  g_assert_cmpstr (to, ==, "2026-09-30");
  g_assert_true (rb_report_parse_quarter ("2024-q1", &from4, &to4, &error));
  g_assert_cmpstr (to4, ==, "2024-03-31");
  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "2026Q5", "2026", "Q3", "2026Q33" };
      g_autofree char *a = NULL, *b = NULL;

      g_assert_false (rb_report_parse_quarter (bad[i], &a, &b, &error));
      g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
      g_clear_error (&error);
    }
}

static void
test_figures (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbReport) report = rb_report_compute (fixture->db, "2026-07-01", "2026-09-30", &error);
  RbReportLocation *location;

  g_assert_no_error (error);
  /* At 30 September (the deleted case 17 and case 11, opened in October, left out):
   * signalering 8, 10; dreigend 5, 14; thuiszitter 3 (reopened), 6, 9, 16 (no status
   * changes: read from its dates); brugplaatsing 4; afgesloten 1, 2, 12, 13, 15; absoluut 7. */
  g_assert_cmpuint (report->n_status[0], ==, 2);
  g_assert_cmpuint (report->n_status[1], ==, 2);
  g_assert_cmpuint (report->n_status[2], ==, 4);
  g_assert_cmpuint (report->n_status[3], ==, 1);
  g_assert_cmpuint (report->n_status[4], ==, 5);
  g_assert_cmpuint (report->n_status[5], ==, 1);
  /* Opened in the quarter: 5, 6, 9, 10, 13 (on its first day). Closed: 2, 12, 13. */
  g_assert_cmpuint (report->n_new, ==, 5);
  g_assert_cmpuint (report->n_closed, ==, 3);
  g_assert_cmpuint (report->outcomes->len, ==, 2);
  g_assert_cmpuint (find_group (report->outcomes, "terugplaatsing")->n_closed, ==, 2);
  g_assert_cmpuint (find_group (report->outcomes, "verwijzing SO")->n_closed, ==, 1);
  /* At home in the quarter, days by 30 September: 2 (15 June-20 July, spans the boundary)
   * 35; 3 (reopened) 58 + 59 = 117; 4 (between two bridges) 14 + 35 = 49; 6: 17;
   * 7 (absolute) 178; 9: 80; 12: 235; 13: 19; 16: 129. Case 1 was home before July only. */
  g_assert_cmpuint (report->n_home, ==, 9);
  g_assert_cmpuint (report->buckets[RB_REPORT_UNDER_4_WEEKS], ==, 2);
  g_assert_cmpuint (report->buckets[RB_REPORT_4_WEEKS_TO_3_MONTHS], ==, 3);
  g_assert_cmpuint (report->buckets[RB_REPORT_OVER_3_MONTHS], ==, 4);
  /* Decided: all at home but case 6 (14 September, no offer yet). In time: 2, 9, 13;
   * case 4's offer came 3 days after its 91 days. */
  g_assert_cmpuint (report->n_offer_decided, ==, 8);
  g_assert_cmpuint (report->n_offer_in_time, ==, 3);
  g_assert_cmpfloat_with_epsilon (rb_report_offer_share (report), 0.375, 1e-9);
  g_assert_cmpuint (report->n_exempt_5a, ==, 1);
  g_assert_cmpuint (report->n_exempt_11, ==, 1);

  /* Active: not closed before July (1 and 15 were). */
  g_assert_cmpuint (report->schools->len, ==, 3);
  g_assert_cmpstr (((RbReportGroup *) g_ptr_array_index (report->schools, 0))->name, ==,
                   "CBS Het Anker");
  assert_group (report->schools, "OBS De Wilgen", 5, 3, 2, 4, 1);
  assert_group (report->schools, "CBS Het Anker", 5, 2, 0, 3, 1);
  assert_group (report->schools, "SBO De Brug", 3, 0, 1, 2, 2);
  g_assert_cmpuint (report->boards->len, ==, 2);
  assert_group (report->boards, "Stichting Primair Drechtsteden", 10, 5, 2, 7, 2);
  assert_group (report->boards, "Stichting Speciaal Onderwijs", 3, 0, 1, 2, 2);

  /* Overstap: 20 July-11 Sept and 1 June-24 July, 54 days each. Vlinder: case 4's second
   * bridge from 31 August (31 days, running) and 13 April-3 July (82 days). The one that
   * ended in April is not in the quarter. */
  g_assert_cmpuint (report->locations->len, ==, 2);
  location = g_ptr_array_index (report->locations, 0);
  g_assert_cmpstr (location->name, ==, "Brugklas De Overstap");
  g_assert_cmpuint (location->n_placements, ==, 2);
  g_assert_cmpuint (location->n_running, ==, 0);
  g_assert_cmpuint (location->n_over_aim, ==, 0);
  g_assert_cmpfloat_with_epsilon (location->average_weeks, 54.0 / 7, 1e-9);
  location = g_ptr_array_index (report->locations, 1);
  g_assert_cmpstr (location->name, ==, "KDC De Vlinder");
  g_assert_cmpuint (location->n_placements, ==, 2);
  g_assert_cmpuint (location->n_running, ==, 1);
  g_assert_cmpuint (location->n_over_aim, ==, 1);
  g_assert_cmpfloat_with_epsilon (location->average_weeks, (31.0 + 82) / 2 / 7, 1e-9);
}

static void
test_bad_period (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (rb_report_compute (fixture->db, "2026-09-30", "2026-07-01", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (rb_report_compute (fixture->db, "2026-07-01", "2026-13-01", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
}

static RbInspectieRow *
find_row (GPtrArray *rows, const char *id)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((RbInspectieRow *) g_ptr_array_index (rows, i))->id, id))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static void
test_inspectie_rows (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q3 = rb_inspectie_rows (fixture->db, "2026-09-30", &error);
  g_autoptr(GPtrArray) q4 = rb_inspectie_rows (fixture->db, "2026-12-31", &error);
  RbInspectieRow *row;

  g_assert_no_error (error);
  /* Ever at home or exempt under 5a by 30 September: 1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 16. */
  g_assert_cmpuint (q3->len, ==, 11);
  /* Next quarter: case 11 joins, and everyone who left keeps their row. */
  g_assert_cmpuint (q4->len, ==, 12);
  for (guint i = 0; i < q3->len; i++)
    {
      RbInspectieRow *earlier = g_ptr_array_index (q3, i);

      g_assert_true (g_str_has_prefix (earlier->id, "TZ-"));
      g_assert_nonnull (find_row (q4, earlier->id));
    }
  /* The first row: case 12, at home 17 Nov 2025 - 10 July 2026, 235 days. */
  row = g_ptr_array_index (q3, 0);
  g_assert_cmpstr (row->category, ==, "relatief");
  g_assert_cmpstr (row->school_type, ==, "SBO");
  g_assert_cmpstr (row->start, ==, "2025-11-17");
  g_assert_cmpstr (row->end, ==, "2026-07-10");
  g_assert_cmpfloat_with_epsilon (row->weeks, 33.6, 1e-9);
  g_assert_cmpstr (row->offer_on, ==, "2026-06-15");
  g_assert_cmpstr (row->outcome, ==, "verwijzing SO");
  /* Case 8: exempt under 5a, never at home. Case 7: not enrolled. */
  row = g_ptr_array_index (q3, 1);
  g_assert_cmpstr (row->category, ==, "vrijstelling-5a");
  g_assert_cmpfloat_with_epsilon (row->weeks, 0, 1e-9);
  row = g_ptr_array_index (q3, 4);
  g_assert_cmpstr (row->category, ==, "absoluut");
  g_assert_null (row->end);
  g_assert_cmpfloat_with_epsilon (row->weeks, 25.4, 1e-9);
  /* Case 1 left the status in May: the row stays, with its end and outcome. */
  row = g_ptr_array_index (q4, 3);
  g_assert_cmpstr (row->start, ==, "2026-03-16");
  g_assert_cmpstr (row->end, ==, "2026-05-01");
  g_assert_cmpstr (row->outcome, ==, "terugplaatsing");
}

static void
assert_anonymous (const char *text)
{
  const char *private[] = { "Yılmaz", "Şükrü", "Zoë", "Nowak", "Bakker", "2015-", "Fatma" };

  for (guint i = 0; i < G_N_ELEMENTS (private); i++)
    g_assert_null (strstr (text, private[i]));
}

static void
test_inspectie_xlsx (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q3 = rb_inspectie_rows (fixture->db, "2026-09-30", &error);
  g_autofree char *xlsx = g_build_filename (fixture->dir, "registratie.xlsx", NULL);
  const char *unzip_sheet[] = { "unzip", "-p", xlsx, "xl/worksheets/sheet1.xml", NULL };
  const char *unzip_strings[] = { "unzip", "-p", xlsx, "xl/sharedStrings.xml", NULL };
  g_autofree char *sheet = NULL, *strings = NULL;
  int status = -1;

  g_assert_no_error (error);
  g_assert_true (rb_inspectie_write_xlsx (q3, xlsx, &error));
  g_assert_no_error (error);

  /* The file's own structure: a header row and 11 rows, no name or birth date anywhere. */
  sheet = rb_test_run_tool (unzip_sheet, &status);
  g_assert_nonnull (sheet);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (sheet, "<row r=\"12\""));
  g_assert_null (strstr (sheet, "<row r=\"13\""));
  strings = rb_test_run_tool (unzip_strings, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (strings, "absoluut verzuim"));
  g_assert_nonnull (strstr (strings, "vrijstelling art. 5 onder a"));
  g_assert_nonnull (strstr (strings, ((RbInspectieRow *) g_ptr_array_index (q3, 0))->id));
  assert_anonymous (sheet);
  assert_anonymous (strings);
}

static void
test_csv (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbReport) report = rb_report_compute (fixture->db, "2026-07-01", "2026-09-30", &error);
  g_autoptr(GPtrArray) rows = rb_inspectie_rows (fixture->db, "2026-09-30", &error);
  g_autofree char *path = g_build_filename (fixture->dir, "cijfers.csv", NULL);
  g_autofree char *reg = g_build_filename (fixture->dir, "registratie.csv", NULL);
  g_autofree char *text = NULL, *reg_text = NULL;
  g_auto(GStrv) reg_lines = NULL;

  g_assert_true (rb_report_write_csv (report, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  /* A byte order mark so that Excel reads UTF-8, ';' between values, a decimal comma. */
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFSection;Item;Value\r\n"));
  g_assert_nonnull (strstr (text, "Time at home;More than 3 months;4\r\n"));
  g_assert_nonnull (strstr (text, "Fitting offer;percent within 3 months;37,5\r\n"));
  g_assert_nonnull (strstr (text, "Bridge placements;KDC De Vlinder: average weeks;8,1\r\n"));

  g_assert_true (rb_inspectie_write_csv (rows, reg, &error));
  g_assert_true (g_file_get_contents (reg, &reg_text, NULL, &error));
  reg_lines = g_strsplit (reg_text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (reg_lines), ==, 1 + 11 + 1);
  g_assert_cmpstr (reg_lines[1] + strlen ("TZ-123456789ABC"), ==,
                   ";langdurig relatief verzuim;SBO;2025-11-17;2026-07-10;33,6;yes;2026-06-15;"
                   "verwijzing SO");
  assert_anonymous (reg_text);

  /* A file that cannot be written leaves an error, not a half file. */
  g_assert_false (rb_report_write_csv (report, "/nonexistent/dir/x.csv", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_IO);
}

static void
test_chart (void)
{
  g_autoptr(RbBarChart) chart = rb_bar_chart_new ();
  g_autoptr(RbBarChart) zeros = rb_bar_chart_new ();
  RbBarPlace first, second, zero;

  rb_bar_chart_add (chart, "Less than 4 weeks", 2, RB_BAR_TONE_GOOD);
  rb_bar_chart_add (chart, "More than 3 months", 4, RB_BAR_TONE_BAD);
  g_assert_cmpstr (g_array_index (chart->bars, RbBar, 1).value_text, ==, "4");
  g_assert_cmpfloat (rb_bar_chart_get_height (chart), ==,
                     2 * RB_BAR_CHART_PADDING + 2 * RB_BAR_CHART_BAR_HEIGHT + RB_BAR_CHART_GAP);
  /* 400 wide, labels 100, values 20: the largest bar takes what the text leaves. */
  rb_bar_chart_place (chart, 0, 400, 100, 20, &first);
  rb_bar_chart_place (chart, 1, 400, 100, 20, &second);
  g_assert_cmpfloat (first.x, ==, RB_BAR_CHART_PADDING + 100 + RB_BAR_CHART_SPACING);
  g_assert_cmpfloat (second.x, ==, first.x);
  g_assert_cmpfloat (first.y, ==, RB_BAR_CHART_PADDING);
  g_assert_cmpfloat (second.y, ==,
                     RB_BAR_CHART_PADDING + RB_BAR_CHART_BAR_HEIGHT + RB_BAR_CHART_GAP);
  g_assert_cmpfloat_with_epsilon (second.value_x + 20 + RB_BAR_CHART_PADDING, 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (first.length, second.length / 2, 1e-9);
  g_assert_cmpfloat (first.value_x, >, first.x + first.length);
  /* Nothing to count: no bars, and no division by zero. */
  rb_bar_chart_add (zeros, "Less than 4 weeks", 0, RB_BAR_TONE_GOOD);
  rb_bar_chart_place (zeros, 0, 400, 100, 20, &zero);
  g_assert_cmpfloat (zero.length, ==, 0);
  /* Too narrow for any bar: none, rather than one of negative length. */
  rb_bar_chart_place (chart, 1, 100, 100, 20, &zero);
  g_assert_cmpfloat (zero.length, ==, 0);
}

/* Pages of a layout with one line of text, @space points of room below it and a chart of
 * three bars: the chart is kept whole, on the next page when it does not fit. */
static guint
pages_with_chart (double space)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbPdf) pdf = rb_pdf_new (&error);
  g_autoptr(RbLayout) layout = NULL;
  g_autoptr(RbBarChart) chart = rb_bar_chart_new ();

  g_assert_no_error (error);
  layout = rb_layout_new (pdf);
  for (guint b = 0; b < 3; b++)
    rb_bar_chart_add (chart, "bar", b, RB_BAR_TONE_GOOD);
  rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 0, 0, "Above the chart");
  rb_layout_space (layout, space);
  rb_layout_bar_chart (layout, chart);
  g_assert_true (rb_layout_render (layout, &error));
  g_assert_no_error (error);
  return rb_layout_get_n_pages (layout);
}

static void
test_layout_chart (void)
{
  /* A4's text area is about 680 points high; the chart 140. */
  g_assert_cmpuint (pages_with_chart (400), ==, 1);
  g_assert_cmpuint (pages_with_chart (600), ==, 2);
}

/* The widest run of pixels of @rgb on any row of @surface (within 3 of each channel). */
static int
colour_width (cairo_surface_t *surface, guint32 rgb)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int best = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    {
      int run = 0;

      for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
        {
          guint32 pixel = *(const guint32 *) (data + y * stride + 4 * x);
          gboolean same = TRUE;

          for (int shift = 0; shift < 24; shift += 8)
            same &= ABS ((int) ((pixel >> shift) & 0xff) - (int) ((rgb >> shift) & 0xff)) <= 3;
          run = same ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  return best;
}

/* The bar chart on the first page: three bars in Adwaita's success, warning and error
 * colours, their lengths in proportion to the buckets, as on screen. */
static void
assert_chart_bars (Fixture *fixture, const char *pdf, const RbReport *report)
{
  static const guint32 colours[RB_REPORT_N_BUCKETS] = { 0x26a269, 0xe5a50a, 0xe01b24 };
  g_autofree char *prefix = g_build_filename (fixture->dir, "page-1", NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *to_png[] = { "pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile",
                           pdf, prefix, NULL };
  g_autofree char *ignored = NULL;
  cairo_surface_t *surface;
  int widths[RB_REPORT_N_BUCKETS];
  int status = -1;

  ignored = rb_test_run_tool (to_png, &status);
  g_assert_cmpint (status, ==, 0);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    widths[b] = colour_width (surface, colours[b]);
  cairo_surface_destroy (surface);
  /* 2, 3 and 4: the longest bar spans most of the page's text width (455 points). */
  g_assert_cmpint (widths[RB_REPORT_OVER_3_MONTHS], >, 200);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    g_assert_cmpfloat_with_epsilon ((double) widths[b] / widths[RB_REPORT_OVER_3_MONTHS],
                                    (double) report->buckets[b]
                                        / report->buckets[RB_REPORT_OVER_3_MONTHS], 0.02);
}

static void
test_pdf (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbReport) report = rb_report_compute (fixture->db, "2026-07-01", "2026-09-30", &error);
  g_autofree char *path = g_build_filename (fixture->dir, "rapportage.pdf", NULL);
  const char *qpdf[] = { "qpdf", "--check", path, NULL };
  const char *to_text[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autofree char *check = NULL, *text = NULL;
  int status = -1;

  g_assert_true (rb_report_write_pdf (report, "SWV PO Rapportage (test)", path, &error));
  g_assert_no_error (error);
  check = rb_test_run_tool (qpdf, &status);
  g_assert_nonnull (check);
  g_assert_cmpint (status, ==, 0);
  text = rb_test_run_tool (to_text, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "Quarterly report thuiszitters"));
  g_assert_nonnull (strstr (text, "1 juli 2026 to 30 september 2026"));
  g_assert_nonnull (strstr (text, "38% (3 of 8)"));
  g_assert_nonnull (strstr (text, "Stichting Speciaal Onderwijs"));
  g_assert_nonnull (strstr (text, "KDC De Vlinder"));
  g_assert_nonnull (strstr (text, "8,1"));
  /* The Reports page's sections, with the same headings. */
  for (RbReportSection section = 0; section < RB_REPORT_N_SECTIONS; section++)
    g_assert_nonnull (strstr (text, rb_report_section_title (section)));
  g_assert_nonnull (strstr (text, "page 1 of 2"));
  assert_anonymous (text);
  assert_chart_bars (fixture, path, report);
}

/* soffice, when LibreOffice Calc is installed; otherwise the test is skipped. A soffice
 * without Calc (only Writer) cannot load a spreadsheet at all. */
static char *
find_calc (void)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *program = NULL;
  g_autofree char *calc = NULL;
  char *real;

  if (soffice == NULL)
    {
      g_test_skip ("soffice (LibreOffice) is not installed");
      return NULL;
    }
  /* Calc's library lies beside the real soffice, not beside its link in the PATH. */
  real = realpath (soffice, NULL);
  program = g_path_get_dirname (real != NULL ? real : soffice);
  free (real);
  calc = g_build_filename (program, "libsclo.so", NULL);
  if (!g_file_test (calc, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("LibreOffice Calc is not installed (libreoffice-calc-nogui)");
      return NULL;
    }
  return g_steal_pointer (&soffice);
}

/* Converts @input as headless Calc does, with a LibreOffice profile of the test's own.
 * Returns the converted file's path. */
static char *
soffice_convert (Fixture *fixture, const char *soffice, const char *input, const char *format,
                 const char *infilter)
{
  g_autofree char *profile_dir = g_build_filename (fixture->dir, "libreoffice", NULL);
  g_autofree char *profile = g_filename_to_uri (profile_dir, NULL, NULL);
  g_autofree char *env = g_strconcat ("-env:UserInstallation=", profile, NULL);
  g_autofree char *filter = infilter != NULL ? g_strconcat ("--infilter=", infilter, NULL) : NULL;
  g_autofree char *outdir = g_build_filename (fixture->dir, "converted", NULL);
  g_autofree char *base = g_path_get_basename (input);
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *ignored = NULL;
  char *path;
  int status = -1;

  *strrchr (base, '.') = '\0';
  name = g_strconcat (base, ".", format, NULL);
  path = g_build_filename (outdir, name, NULL);
  g_ptr_array_add (argv, (gpointer) soffice);
  g_ptr_array_add (argv, "--headless");
  g_ptr_array_add (argv, env);
  if (filter != NULL)
    g_ptr_array_add (argv, filter);
  g_ptr_array_add (argv, "--convert-to");
  g_ptr_array_add (argv, (gpointer) format);
  g_ptr_array_add (argv, "--outdir");
  g_ptr_array_add (argv, outdir);
  g_ptr_array_add (argv, (gpointer) input);
  g_ptr_array_add (argv, NULL);
  ignored = rb_test_run_tool ((const char *const *) argv->pdata, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* The texts of an XLSX's shared strings, in order. */
static GPtrArray *
xlsx_strings (const char *xlsx)
{
  const char *unzip[] = { "unzip", "-p", xlsx, "xl/sharedStrings.xml", NULL };
  g_autofree char *xml = NULL;
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  int status = -1;

  xml = rb_test_run_tool (unzip, &status);
  g_assert_cmpint (status, ==, 0);
  for (const char *p = xml; (p = strstr (p, "<si>")) != NULL; p++)
    {
      const char *start = strchr (strstr (p, "<t"), '>') + 1;
      g_autoptr(GString) text = g_string_new_len (start, strstr (start, "</t>") - start);

      g_string_replace (text, "&quot;", "\"", 0);
      g_string_replace (text, "&lt;", "<", 0);
      g_string_replace (text, "&gt;", ">", 0);
      g_string_replace (text, "&amp;", "&", 0);
      g_ptr_array_add (strings, g_string_free (g_steal_pointer (&text), FALSE));
    }
  return strings;
}

/* Cell @ref ("C2") of the first sheet: a string's text or a number as written in the file;
 * "" when the cell is empty. */
static char *
xlsx_cell (const char *sheet, GPtrArray *strings, const char *ref)
{
  g_autofree char *open = g_strdup_printf ("<c r=\"%s\"", ref);
  const char *cell = strstr (sheet, open);
  const char *tag_end, *value;
  g_autofree char *tag = NULL;
  g_autofree char *text = NULL;

  if (cell == NULL)
    return g_strdup ("");
  tag_end = strchr (cell, '>');
  tag = g_strndup (cell, tag_end - cell);
  value = strstr (tag_end, "<v>");
  if (tag_end[-1] == '/' || value == NULL || value > strstr (tag_end, "</c>"))
    return g_strdup ("");
  value += strlen ("<v>");
  text = g_strndup (value, strstr (value, "</v>") - value);
  if (strstr (tag, " t=\"s\"") != NULL)
    return g_strdup (g_ptr_array_index (strings, g_ascii_strtoull (text, NULL, 10)));
  return g_steal_pointer (&text);
}

static char *
xlsx_sheet (const char *xlsx)
{
  const char *unzip[] = { "unzip", "-p", xlsx, "xl/worksheets/sheet1.xml", NULL };
  int status = -1;
  char *sheet = rb_test_run_tool (unzip, &status);

  g_assert_cmpint (status, ==, 0);
  return sheet;
}

static void
assert_cells (const char *sheet, GPtrArray *strings, guint row, const char *const *expected)
{
  for (guint c = 0; expected[c] != NULL; c++)
    {
      g_autofree char *ref = g_strdup_printf ("%c%u", 'A' + c, row);
      g_autofree char *cell = xlsx_cell (sheet, strings, ref);

      g_assert_cmpstr (cell, ==, expected[c]);
    }
}

/* How Calc stores @iso once it read it as a date: days since 30 December 1899. */
static char *
date_serial (const char *iso)
{
  GDate epoch, date;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  g_date_clear (&date, 1);
  g_date_set_parse (&date, iso);
  g_assert_true (g_date_valid (&date));
  return g_strdup_printf ("%d", g_date_days_between (&epoch, &date));
}

/* What a Dutch user picks in Calc's text import: ';' between values, '"' around them,
 * UTF-8, from line 1, language Dutch (1043) so that "37,5" is a number. Headless Calc
 * without these options splits at ',' and reads the system's 8-bit charset: it does not
 * look at the byte order mark or the separator. */
#define DUTCH_CSV_IMPORT "CSV:59,34,76,1,,1043"

/* @csv as Calc imports it for a Dutch user, saved as XLSX: its first sheet, and its
 * shared strings in @strings. */
static char *
import_csv (Fixture *fixture, const char *soffice, const char *csv, GPtrArray **strings)
{
  g_autofree char *xlsx = soffice_convert (fixture, soffice, csv, "xlsx", DUTCH_CSV_IMPORT);

  *strings = xlsx_strings (xlsx);
  return xlsx_sheet (xlsx);
}

static void
test_soffice_report_csv (Fixture *fixture, gconstpointer data)
{
  g_autofree char *soffice = find_calc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RbReport) report = NULL;
  g_autofree char *csv = g_build_filename (fixture->dir, "kwartaalrapportage.csv", NULL);
  g_autofree char *sheet = NULL, *text = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_auto(GStrv) lines = NULL;
  const char *header[] = { "Section", "Item", "Value", NULL };
  guint share_row = 0, bucket_row = 0;

  if (soffice == NULL)
    return;
  report = rb_report_compute (fixture->db, "2026-07-01", "2026-09-30", &error);
  g_assert_no_error (error);
  g_assert_true (rb_report_write_csv (report, csv, &error));
  g_assert_no_error (error);
  sheet = import_csv (fixture, soffice, csv, &strings);

  /* The header in three cells, without the byte order mark; nothing beyond column C. */
  assert_cells (sheet, strings, 1, header);
  g_assert_null (strstr (sheet, "<c r=\"D"));
  /* Every line of the file is a row of the sheet, at the same place. */
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      if (strstr (lines[i], ";percent within 3 months;") != NULL)
        share_row = i + 1;
      if (g_str_has_prefix (lines[i], "Time at home;More than 3 months;"))
        bucket_row = i + 1;
    }
  g_assert_cmpuint (share_row, >, 1);
  g_assert_cmpuint (bucket_row, >, 1);
  {
    const char *share[] = { "Fitting offer", "percent within 3 months", "37.5", NULL };
    const char *bucket[] = { "Time at home", "More than 3 months", "4", NULL };
    g_autofree char *last = g_strdup_printf ("<row r=\"%u\"", g_strv_length (lines) - 1);
    g_autofree char *beyond = g_strdup_printf ("<row r=\"%u\"", g_strv_length (lines));

    /* The decimal comma read as a number, not as text. */
    assert_cells (sheet, strings, share_row, share);
    assert_cells (sheet, strings, bucket_row, bucket);
    g_assert_nonnull (strstr (sheet, last));
    g_assert_null (strstr (sheet, beyond));
  }
}

static void
test_soffice_inspectie_csv (Fixture *fixture, gconstpointer data)
{
  g_autofree char *soffice = find_calc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = g_build_filename (fixture->dir, "registratie.csv", NULL);
  g_autofree char *sheet = NULL;
  g_autofree char *start = NULL, *end = NULL, *offer = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  const char *header[] = { "Number", "Category", "School type", "Start", "End",
                           "Weeks at home", "Offer found", "Offer found on", "Outcome", NULL };

  if (soffice == NULL)
    return;
  rows = rb_inspectie_rows (fixture->db, "2026-09-30", &error);
  g_assert_no_error (error);
  g_assert_true (rb_inspectie_write_csv (rows, csv, &error));
  g_assert_no_error (error);
  sheet = import_csv (fixture, soffice, csv, &strings);

  assert_cells (sheet, strings, 1, header);
  g_assert_null (strstr (sheet, "<c r=\"J"));
  /* Case 12 in the first row: dates read as dates, 33,6 weeks as a number. */
  start = date_serial ("2025-11-17");
  end = date_serial ("2026-07-10");
  offer = date_serial ("2026-06-15");
  {
    const char *first[] = { ((RbInspectieRow *) g_ptr_array_index (rows, 0))->id,
                            "langdurig relatief verzuim", "SBO", start, end, "33.6", "yes", offer,
                            "verwijzing SO", NULL };

    assert_cells (sheet, strings, 2, first);
  }
  /* One row per thuiszitter ever, under the header. */
  g_assert_nonnull (strstr (sheet, "<row r=\"12\""));
  g_assert_null (strstr (sheet, "<row r=\"13\""));
  assert_anonymous (sheet);
}

static void
test_soffice_inspectie_xlsx (Fixture *fixture, gconstpointer data)
{
  g_autofree char *soffice = find_calc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) q4 = NULL;
  g_autofree char *xlsx = g_build_filename (fixture->dir, "registratie-q4.xlsx", NULL);
  g_autofree char *csv = NULL, *converted = NULL;
  g_auto(GStrv) lines = NULL;

  if (soffice == NULL)
    return;
  q4 = rb_inspectie_rows (fixture->db, "2026-12-31", &error);
  g_assert_no_error (error);
  g_assert_true (rb_inspectie_write_xlsx (q4, xlsx, &error));
  g_assert_no_error (error);

  /* As Calc reads it: one line per thuiszitter ever, plus the header; case 12, who left
   * in July, still in the next quarter's file. */
  csv = soffice_convert (fixture, soffice, xlsx, "csv", NULL);
  g_assert_true (g_file_get_contents (csv, &converted, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (g_strchomp (converted), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 12);
  g_assert_true (g_str_has_prefix (lines[0], "Number,Category,School type,Start,End"));
  g_assert_nonnull (strstr (converted, "2025-11-17,2026-07-10,33.6,yes,2026-06-15,verwijzing SO"));
  assert_anonymous (converted);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/quarter", test_quarter_parse);
  g_test_add_func ("/report/chart", test_chart);
  g_test_add_func ("/report/layout-chart", test_layout_chart);
  g_test_add ("/report/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/report/bad-period", Fixture, NULL, fixture_set_up, test_bad_period,
              fixture_tear_down);
  g_test_add ("/report/inspectie-rows", Fixture, NULL, fixture_set_up, test_inspectie_rows,
              fixture_tear_down);
  g_test_add ("/report/inspectie-xlsx", Fixture, NULL, fixture_set_up, test_inspectie_xlsx,
              fixture_tear_down);
  g_test_add ("/report/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  /* LibreOffice Calc reading the files: skipped where it is not installed. */
  g_test_add ("/report/soffice/report-csv", Fixture, NULL, fixture_set_up,
              test_soffice_report_csv, fixture_tear_down);
  g_test_add ("/report/soffice/inspectie-csv", Fixture, NULL, fixture_set_up,
              test_soffice_inspectie_csv, fixture_tear_down);
  g_test_add ("/report/soffice/inspectie-xlsx", Fixture, NULL, fixture_set_up,
              test_soffice_inspectie_xlsx, fixture_tear_down);
  g_test_add ("/report/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  return g_test_run ();
}
