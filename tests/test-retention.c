/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-report.h"
#include "rb-retention.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* Retention and the request of access, on tests/fixtures/report-swv.json. */

#define CASE(n) "50000000-0000-4000-8000-0000000000" n
#define PUPIL(n) "40000000-0000-4000-8000-0000000000" n

typedef struct
{
  char *dir;
  char *path;
  RbDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autofree char *json = rb_test_fixture_path ("report-swv.json");
  g_autoptr(GError) error = NULL;

  fixture->dir = rb_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "swv.db", NULL);
  fixture->db = rb_fixture_load (json, fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->db);
  rb_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
test_setting (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (rb_retention_get_months (fixture->db, &error), ==, RB_RETENTION_DEFAULT_MONTHS);
  g_assert_true (rb_retention_set_months (fixture->db, 6, &error));
  g_assert_no_error (error);
  g_assert_false (rb_retention_set_months (fixture->db, 0, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_retention_set_months (fixture->db, RB_RETENTION_MAX_MONTHS + 1, &error));
  g_clear_error (&error);

  /* Kept in the database file. */
  rb_database_close (fixture->db);
  g_clear_object (&fixture->db);
  fixture->db = rb_database_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rb_retention_get_months (fixture->db, &error), ==, 6);
}

static void
test_list_due (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = rb_retention_list_due (fixture->db, "2028-04-30", &error);
  g_autoptr(GPtrArray) two = rb_retention_list_due (fixture->db, "2028-06-30", &error);
  g_autoptr(GPtrArray) short_period = NULL;

  g_assert_no_error (error);
  /* Closed: 1 (1 May 2026), 15 (30 June), 12 (10 July), 2 (10 Sept), 13 (20 July). */
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (rb_record_get_uuid (g_ptr_array_index (two, 0)), ==, CASE ("01"));
  g_assert_cmpstr (rb_record_get_uuid (g_ptr_array_index (two, 1)), ==, CASE ("15"));
  g_assert_true (rb_retention_set_months (fixture->db, 1, &error));
  short_period = rb_retention_list_due (fixture->db, "2026-10-10", &error);
  g_assert_cmpuint (short_period->len, ==, 5);
}

static void
test_anonymise (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = rb_test_get (fixture->db, "cases", CASE ("01"));
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) after = NULL;
  g_autoptr(GPtrArray) before_rows = rb_inspectie_rows (fixture->db, "2026-12-31", &error);
  g_autoptr(GPtrArray) after_rows = NULL;
  g_autoptr(GPtrArray) guardians = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autofree char *dump = NULL;

  g_assert_true (rb_retention_anonymise (fixture->db, item, "2028-08-01", &error));
  g_assert_no_error (error);
  pupil = rb_test_get (fixture->db, "pupils", PUPIL ("01"));
  g_assert_cmpstr (rb_record_get_string (pupil, "first_name"), ==, "Anoniem");
  g_assert_cmpstr (rb_record_get_string (pupil, "birth_date"), ==, "2015-01-01");
  g_assert_cmpstr (rb_record_get_string (pupil, "school_uuid"), ==,
                   "10000000-0000-4000-8000-000000000001");
  guardians = rb_store_list (fixture->db, rb_schema_lookup_table ("guardians"), "pupil_uuid",
                             PUPIL ("01"), &error);
  g_assert_cmpuint (guardians->len, ==, 0);
  after = rb_test_get (fixture->db, "cases", CASE ("01"));
  g_assert_cmpstr (rb_record_get_string (after, "anonymised_on"), ==, "2028-08-01");
  g_assert_null (rb_record_get_string (after, "regisseur_swv"));
  g_assert_cmpstr (rb_record_get_string (after, "outcome"), ==, "terugplaatsing");

  /* Still in the Inspectie's registration, with the same id and figures. */
  after_rows = rb_inspectie_rows (fixture->db, "2026-12-31", &error);
  g_assert_cmpuint (after_rows->len, ==, before_rows->len);
  for (guint i = 0; i < after_rows->len; i++)
    {
      RbInspectieRow *a = g_ptr_array_index (before_rows, i), *b = g_ptr_array_index (after_rows, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->end, ==, b->end);
      g_assert_cmpfloat (a->weeks, ==, b->weeks);
    }
  /* No longer due, and nothing of the pupil anywhere in the file, tombstones included. */
  due = rb_retention_list_due (fixture->db, "2028-08-01", &error);
  g_assert_cmpstr (rb_record_get_uuid (g_ptr_array_index (due, 0)), !=, CASE ("01"));
  dump = rb_fixture_dump_to_data (fixture->db, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (dump, "Şükrü"));
  g_assert_null (strstr (dump, "Yılmaz"));
  g_assert_null (strstr (dump, "06 1234 5678"));
  g_assert_null (strstr (dump, "2015-02-11"));
  g_assert_nonnull (strstr (dump, "Zoë"));
}

static void
test_refuse_open (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) open_case = rb_test_get (fixture->db, "cases", CASE ("03"));
  g_autofree char *before = rb_test_database_checksum (fixture->db);
  g_autofree char *after = NULL;

  g_assert_false (rb_retention_anonymise (fixture->db, open_case, "2028-08-01", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_retention_delete (fixture->db, open_case, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  after = rb_test_database_checksum (fixture->db);
  g_assert_cmpstr (before, ==, after);
}

static void
test_delete (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) item = rb_test_get (fixture->db, "cases", CASE ("15"));
  g_autoptr(RbRecord) gone = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(RbReport) report = NULL;
  g_autofree char *dump = NULL;

  g_assert_true (rb_retention_delete (fixture->db, item, &error));
  g_assert_no_error (error);
  /* The pupil had no other case: a tombstone now, without name or birth date. */
  gone = rb_test_get (fixture->db, "pupils", PUPIL ("15"));
  g_assert_true (rb_record_get_deleted (gone));
  g_assert_cmpstr (rb_record_get_string (gone, "first_name"), ==, "-");
  g_assert_cmpstr (rb_record_get_string (gone, "birth_date"), ==, "2000-01-01");
  changes = rb_store_list (fixture->db, rb_schema_lookup_table ("status_changes"), "case_uuid",
                           CASE ("15"), &error);
  g_assert_cmpuint (changes->len, ==, 0);
  /* Out of the count of closed cases: 5 before. */
  report = rb_report_compute (fixture->db, "2026-07-01", "2026-09-30", &error);
  g_assert_cmpuint (report->n_status[4], ==, 4);
  /* Tombstones stay for sharing, without their contents. */
  dump = rb_fixture_dump_to_data (fixture->db, NULL, &error);
  g_assert_nonnull (strstr (dump, PUPIL ("15")));
  g_assert_null (strstr (dump, "Tess"));
  g_assert_null (strstr (dump, "geen zorgen meer"));
}

static void
test_inzage (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) pupil = rb_test_get (fixture->db, "pupils", PUPIL ("01"));
  g_autofree char *path = g_build_filename (fixture->dir, "inzage.pdf", NULL);
  g_autofree char *text = NULL, *check = NULL;
  const char *to_text[] = { "pdftotext", "-layout", path, "-", NULL };
  const char *qpdf[] = { "qpdf", "--check", path, NULL };
  int status = 1;

  g_assert_true (rb_inzage_write_pdf (fixture->db, pupil, path, &error));
  g_assert_no_error (error);
  check = rb_test_run_tool (qpdf, &status);
  g_assert_cmpint (status, ==, 0);
  text = rb_test_run_tool (to_text, NULL);
  /* The pupil, the guardian, the case and its status changes; no other pupil. */
  g_assert_nonnull (strstr (text, "Şükrü"));
  g_assert_nonnull (strstr (text, "Fatma Yılmaz"));
  g_assert_nonnull (strstr (text, "06 1234 5678"));
  g_assert_nonnull (strstr (text, "2026-03-16"));
  g_assert_nonnull (strstr (text, "terugplaatsing"));
  g_assert_null (strstr (text, "Zoë"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/retention/setting", Fixture, NULL, fixture_set_up, test_setting, fixture_tear_down);
  g_test_add ("/retention/list-due", Fixture, NULL, fixture_set_up, test_list_due,
              fixture_tear_down);
  g_test_add ("/retention/anonymise", Fixture, NULL, fixture_set_up, test_anonymise,
              fixture_tear_down);
  g_test_add ("/retention/refuse-open", Fixture, NULL, fixture_set_up, test_refuse_open,
              fixture_tear_down);
  g_test_add ("/retention/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/retention/inzage", Fixture, NULL, fixture_set_up, test_inzage, fixture_tear_down);
  return g_test_run ();
}
