/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rb-error.h"
#include "rb-fixture.h"
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
  g_autoptr(GPtrArray) q4 = rb_inspectie_rows (fixture->db, "2026-12-31", &error);
  g_autofree char *xlsx = g_build_filename (fixture->dir, "registratie.xlsx", NULL);
  g_autofree char *xlsx4 = g_build_filename (fixture->dir, "registratie-q4.xlsx", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "registratie-q4.csv", NULL);
  const char *unzip_sheet[] = { "unzip", "-p", xlsx, "xl/worksheets/sheet1.xml", NULL };
  const char *unzip_strings[] = { "unzip", "-p", xlsx, "xl/sharedStrings.xml", NULL };
  g_autofree char *sheet = NULL, *strings = NULL, *converted = NULL;
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  int status = -1;

  g_assert_no_error (error);
  g_assert_true (rb_inspectie_write_xlsx (q3, xlsx, &error));
  g_assert_no_error (error);
  g_assert_true (rb_inspectie_write_xlsx (q4, xlsx4, &error));

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

  /* And as LibreOffice Calc reads it: one line per thuiszitter ever, plus the header. */
  if (soffice == NULL)
    {
      g_test_message ("soffice not installed: checked the XLSX structure only");
      return;
    }
  {
    const char *convert[] = { soffice, "--headless", "-env:UserInstallation=file:///tmp/rb-test-report-lo",
                              "--convert-to", "csv", "--outdir", fixture->dir, xlsx4, NULL };
    g_autofree char *ignored = rb_test_run_tool (convert, &status);
    g_auto(GStrv) lines = NULL;

    g_assert_cmpint (status, ==, 0);
    /* soffice without Calc (only Writer installed) cannot load a spreadsheet: then the
     * structure checked above is all this machine can check. */
    if (!g_file_test (csv, G_FILE_TEST_EXISTS))
      {
        g_test_message ("soffice could not load the XLSX (LibreOffice Calc missing?): "
                        "checked its structure only");
        return;
      }
    g_assert_true (g_file_get_contents (csv, &converted, NULL, &error));
    g_assert_no_error (error);
    lines = g_strsplit (g_strchomp (converted), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 13);
    g_assert_true (g_str_has_prefix (lines[0], "Number,Category,School type,Start,End"));
    g_assert_nonnull (strstr (converted, "2025-11-17,2026-07-10,33.6,yes,2026-06-15,verwijzing SO"));
    assert_anonymous (converted);
  }
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
  g_assert_nonnull (strstr (text, "38% (3 of 8)"));
  g_assert_nonnull (strstr (text, "Stichting Speciaal Onderwijs"));
  g_assert_nonnull (strstr (text, "KDC De Vlinder"));
  g_assert_nonnull (strstr (text, "8.1"));
  /* The chart's page: its heading and the three bucket values. */
  g_assert_nonnull (strstr (text, "Time at home of the thuiszitters in the period"));
  g_assert_nonnull (strstr (text, "page 3 of 3"));
  assert_anonymous (text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/quarter", test_quarter_parse);
  g_test_add ("/report/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/report/bad-period", Fixture, NULL, fixture_set_up, test_bad_period,
              fixture_tear_down);
  g_test_add ("/report/inspectie-rows", Fixture, NULL, fixture_set_up, test_inspectie_rows,
              fixture_tear_down);
  g_test_add ("/report/inspectie-xlsx", Fixture, NULL, fixture_set_up, test_inspectie_xlsx,
              fixture_tear_down);
  g_test_add ("/report/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/report/pdf", Fixture, NULL, fixture_set_up, test_pdf, fixture_tear_down);
  return g_test_run ();
}
