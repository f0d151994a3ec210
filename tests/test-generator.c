/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-calendar.h"
#include "rb-check.h"
#include "rb-date.h"
#include "rb-demo.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-generator.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* Generated SWVs: reproducible, complete, and true to the rules they show. */

typedef struct
{
  char *dir;
  RbDatabase *db;
} Fixture;

#define N_CASES 120
#define SEED 77

static GDateTime *
today (void)
{
  /* A Monday in November, in school time. */
  return g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
}

static RbDatabase *
generate (const char *dir, const char *name, guint64 seed, guint n_cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = today ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  RbDatabase *db = rb_generator_create_database (path, seed, now, &error);

  g_assert_no_error (error);
  rb_generator_fill (db, n_cases, seed, &error);
  g_assert_no_error (error);
  return db;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = rb_test_make_dir ();
  f->db = generate (f->dir, "generated.db", SEED, N_CASES);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
list (RbDatabase *db, const char *table)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rb_store_list_all (db, rb_schema_lookup_table (table), &error);

  g_assert_no_error (error);
  return records;
}

static char *
dump (RbDatabase *db)
{
  g_autoptr(GError) error = NULL;
  char *text = rb_fixture_dump_to_data (db, NULL, &error);

  g_assert_no_error (error);
  return text;
}

static void
test_same_seed_same_bytes (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) again = generate (f->dir, "again.db", SEED, N_CASES);
  g_autofree char *first = dump (f->db);
  g_autofree char *second = dump (again);

  g_assert_cmpuint (strlen (first), >, 10000);
  g_assert_cmpstr (first, ==, second);
}

static void
test_other_seed_other_data (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) other = generate (f->dir, "other.db", SEED + 1, N_CASES);
  g_autofree char *first = dump (f->db);
  g_autofree char *second = dump (other);

  g_assert_cmpstr (first, !=, second);
  g_assert_cmpstr (rb_database_get_swv_uuid (f->db), !=, rb_database_get_swv_uuid (other));
}

static void
test_counts_and_every_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) cases = list (f->db, "cases");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (cases->len, ==, N_CASES);
  for (guint i = 0; i < cases->len; i++)
    g_hash_table_add (seen, (gpointer) rb_record_get_string (g_ptr_array_index (cases, i), "status"));
  for (guint i = 0; rb_case_statuses[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (seen, rb_case_statuses[i]));
}

static void
test_passes_check (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = rb_check_database (f->db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_absences_on_school_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (f->db, &error);
  g_autoptr(GPtrArray) absences = list (f->db, "absences");

  g_assert_no_error (error);
  g_assert_cmpuint (absences->len, >, N_CASES);
  for (guint i = 0; i < absences->len; i++)
    {
      GDate day;

      g_assert_true (rb_date_parse (rb_record_get_string (g_ptr_array_index (absences, i),
                                                          "absence_date"), &day, NULL));
      g_assert_true (rb_calendar_is_school_day (calendar, &day));
    }
}

/* On no day does a bridge location hold more pupils than its capacity. */
static void
test_capacity_respected (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) placements = list (f->db, "placements");
  g_autoptr(GPtrArray) locations = list (f->db, "bridge_locations");

  g_assert_cmpuint (placements->len, >, 0);
  for (guint l = 0; l < locations->len; l++)
    {
      RbRecord *location = g_ptr_array_index (locations, l);

      for (guint i = 0; i < placements->len; i++)
        {
          RbRecord *p = g_ptr_array_index (placements, i);
          const char *start = rb_record_get_string (p, "start_date");
          gint64 present = 0;

          if (g_strcmp0 (rb_record_get_string (p, "location_uuid"), rb_record_get_uuid (location)) != 0)
            continue;
          /* Count who is there on the day this one starts. */
          for (guint j = 0; j < placements->len; j++)
            {
              RbRecord *q = g_ptr_array_index (placements, j);
              const char *end = rb_record_get_string (q, "end_date");

              if (g_strcmp0 (rb_record_get_string (q, "location_uuid"), rb_record_get_uuid (location)) == 0
                  && g_strcmp0 (rb_record_get_string (q, "start_date"), start) <= 0
                  && (end == NULL || g_strcmp0 (end, start) >= 0))
                present++;
            }
          g_assert_cmpint (present, <=, rb_record_get_int (location, "capacity"));
        }
    }
}

static void
test_bridge_cases_have_running_placement (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) cases = list (f->db, "cases");
  guint bridge = 0;

  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *c = g_ptr_array_index (cases, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) placements = NULL;

      if (g_strcmp0 (rb_record_get_string (c, "status"), "brugplaatsing") != 0)
        continue;
      bridge++;
      placements = rb_store_list (f->db, rb_schema_lookup_table ("placements"), "case_uuid",
                                  rb_record_get_uuid (c), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (placements->len, ==, 1);
      g_assert_false (rb_record_is_set (g_ptr_array_index (placements, 0), "end_date"));
      /* Started within the last 8 weeks and not in the future. */
      g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (placements, 0), "start_date"), >=, "2026-09-28");
      g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (placements, 0), "start_date"), <=, "2026-11-23");
    }
  g_assert_cmpuint (bridge, >, 0);
}

static void
test_unenrolled_pupils_have_no_school (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) cases = list (f->db, "cases");

  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *c = g_ptr_array_index (cases, i);
      g_autoptr(RbRecord) pupil = rb_store_get (f->db, rb_schema_lookup_table ("pupils"),
                                                rb_record_get_string (c, "pupil_uuid"), NULL);
      gboolean unenrolled = g_str_equal (rb_record_get_string (c, "status"), "absoluut-verzuim");

      g_assert_nonnull (pupil);
      g_assert_cmpint (rb_record_get_boolean (pupil, "enrolled"), ==, !unenrolled);
      g_assert_cmpint (rb_record_is_set (pupil, "school_uuid"), ==, !unenrolled);
    }
}

static void
test_closed_cases_are_closed (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) cases = list (f->db, "cases");

  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *c = g_ptr_array_index (cases, i);
      gboolean closed = g_str_equal (rb_record_get_string (c, "status"), "afgesloten");

      g_assert_cmpint (rb_record_is_set (c, "closed_on"), ==, closed);
      if (closed)
        g_assert_cmpstr (rb_record_get_string (c, "closed_on"), <=, "2026-11-23");
      g_assert_cmpstr (rb_record_get_string (c, "opened_on"), <=, "2026-11-23");
    }
}

static void
test_demo_created_once (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  g_setenv ("ROUTEBOEK_DATA_DIR", dir, TRUE);
  path = rb_demo_ensure_database (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, dir));
  before = rb_test_file_checksum (path);

  /* A second start keeps the user's demo as it is. */
  again = rb_demo_ensure_database (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  after = rb_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  db = rb_database_open (path, &error);
  g_assert_no_error (error);
  cases = list (db, "cases");
  g_assert_cmpuint (cases->len, ==, RB_DEMO_CASES);

  g_clear_object (&db);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (dir);
}

static void
test_demo_folder_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* A file where the folder should be. */
  g_setenv ("ROUTEBOEK_DATA_DIR", "/dev/null/routeboek", TRUE);
  path = rb_demo_ensure_database (&error);
  g_assert_null (path);
  g_assert_error (error, RB_ERROR, RB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/dev/null/routeboek"));
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

static char *
run_cli (const char *dir, const char *db, const char *extra, int *status)
{
  g_autofree char *command = g_strdup_printf ("%s --db %s/%s generate --cases 30 --seed 5 %s",
                                              g_getenv ("ROUTEBOEK_CLI"), dir, db, extra);
  g_autofree char *out = NULL;
  char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_spawn_command_line_sync (command, &out, &err, status, &error);
  g_assert_no_error (error);
  return err;
}

static void
test_cli_generate (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(RbDatabase) db_a = NULL;
  g_autoptr(RbDatabase) db_b = NULL;
  int status;

  g_setenv ("ROUTEBOEK_DATA_DIR", dir, TRUE);
  err1 = run_cli (dir, "a.db", "--today 2026-11-23", &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  err2 = run_cli (dir, "b.db", "--today 2026-11-23", &status);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  a = g_build_filename (dir, "a.db", NULL);
  b = g_build_filename (dir, "b.db", NULL);
  db_a = rb_database_open (a, NULL);
  db_b = rb_database_open (b, NULL);
  g_assert_nonnull (db_a);
  g_assert_nonnull (db_b);
  {
    g_autofree char *dump_a = dump (db_a);
    g_autofree char *dump_b = dump (db_b);

    g_assert_cmpstr (dump_a, ==, dump_b);
  }

  /* An impossible date is refused with a sentence, and no file is made. */
  err3 = run_cli (dir, "c.db", "--today 2026-02-30", &status);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err3, "2026-02-30"));
  {
    g_autofree char *c = g_build_filename (dir, "c.db", NULL);

    g_assert_false (g_file_test (c, G_FILE_TEST_EXISTS));
  }

  g_clear_object (&db_a);
  g_clear_object (&db_b);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/generator/same-seed-same-bytes", test_same_seed_same_bytes);
  ADD ("/generator/other-seed-other-data", test_other_seed_other_data);
  ADD ("/generator/counts-and-every-status", test_counts_and_every_status);
  ADD ("/generator/passes-check", test_passes_check);
  ADD ("/generator/absences-on-school-days", test_absences_on_school_days);
  ADD ("/generator/capacity-respected", test_capacity_respected);
  ADD ("/generator/bridge-cases-have-running-placement", test_bridge_cases_have_running_placement);
  ADD ("/generator/unenrolled-pupils-have-no-school", test_unenrolled_pupils_have_no_school);
  ADD ("/generator/closed-cases-are-closed", test_closed_cases_are_closed);
#undef ADD
  g_test_add_func ("/demo/created-once", test_demo_created_once);
  g_test_add_func ("/demo/folder-unwritable", test_demo_folder_unwritable);
  g_test_add_func ("/generator/cli", test_cli_generate);

  return g_test_run ();
}
