/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>

#include "rb-anonymise.h"
#include "rb-check.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-generator.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"

/* The merge of two colleagues' databases, rule by rule (issue 7, "Import"). */

#define PASSPHRASE "geheim"

typedef struct
{
  char *dir;
  gint64 clock;
  RbDatabase *a;
  RbDatabase *b;
  RbSyncOptions options;
  char *case_uuid;
  char *pupil_uuid;
  char *agreement_uuid;
  guint n_bundles;
} Fixture;

static void
exchange (Fixture *f, RbDatabase *from, RbDatabase *to, RbSyncSummary *summary)
{
  g_autofree char *name = g_strdup_printf ("%u.routeboek", f->n_bundles++);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RbSyncSummary ignored = { 0 };

  rb_sync_export (from, path, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  rb_sync_import (to, path, PASSPHRASE, NULL, summary != NULL ? summary : &ignored, &error);
  g_assert_no_error (error);
  rb_sync_summary_clear (&ignored);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRecord) agreement = NULL;

  f->dir = rb_test_make_dir ();
  f->a = rb_test_new_database (f->dir, "a.db");
  rb_database_set_clock (f->a, rb_test_ticking_clock, &f->clock);
  pupil = rb_test_save_new (f->a, "pupils", "first_name", "Daan", "last_name", "van den Berg",
                            "birth_date", "2013-04-01", "enrolled", "ja", NULL);
  item = rb_test_save_new (f->a, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status",
                           "signalering", "opened_on", "2026-09-07", "route", "start", NULL);
  agreement = rb_test_save_new (f->a, "agreements", "case_uuid", rb_record_get_uuid (item), "what",
                                "School stelt een opbouwrooster op", "who", "IB-er", NULL);
  f->pupil_uuid = g_strdup (rb_record_get_uuid (pupil));
  f->case_uuid = g_strdup (rb_record_get_uuid (item));
  f->agreement_uuid = g_strdup (rb_record_get_uuid (agreement));

  rb_test_quick_sync_options (&f->options);
  f->b = rb_test_join_colleague (f->a, f->dir, PASSPHRASE, &f->options, &f->clock);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->case_uuid);
  g_free (f->pupil_uuid);
  g_free (f->agreement_uuid);
}

static void
delete_record (RbDatabase *db, const char *table, const char *uuid)
{
  g_autoptr(RbRecord) record = rb_test_get (db, table, uuid);
  g_autoptr(GError) error = NULL;

  rb_store_delete (db, record, &error);
  g_assert_no_error (error);
}

static const char *
text_of (RbDatabase *db, const char *table, const char *uuid, const char *column)
{
  g_autoptr(RbRecord) record = rb_test_get (db, table, uuid);

  /* Interned: the record goes, the text stays for the assertion. */
  return g_intern_string (rb_record_get_string (record, column));
}

static gboolean
is_deleted (RbDatabase *db, const char *table, const char *uuid)
{
  g_autoptr(RbRecord) record = rb_test_get (db, table, uuid);

  return rb_record_get_deleted (record);
}

static GPtrArray *
conflicts (RbDatabase *db)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = rb_sync_list_conflicts (db, &error);

  g_assert_no_error (error);
  return list;
}

static void
assert_same (Fixture *f)
{
  g_autofree char *a = rb_fixture_dump_to_data (f->a, NULL, NULL);
  g_autofree char *b = rb_fixture_dump_to_data (f->b, NULL, NULL);

  g_assert_cmpstr (a, ==, b);
}

static void
assert_check_passes (RbDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = rb_check_database (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_theirs_only (Fixture *f, gconstpointer data)
{
  g_auto(RbSyncSummary) summary = { 0 };

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "via jeugdarts");
  exchange (f, f->a, f->b, &summary);
  g_assert_cmpuint (summary.updated, ==, 1);
  g_assert_cmpuint (summary.added, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpstr (summary.replica, ==, rb_database_get_replica (f->a));
  g_assert_cmpstr (text_of (f->b, "cases", f->case_uuid, "route"), ==, "via jeugdarts");
  assert_same (f);
  assert_check_passes (f->b);
}

static void
test_same_field_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(GPtrArray) on_b = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_auto(RbSyncSummary) summary = { 0 };
  g_autoptr(GError) error = NULL;
  RbConflict *conflict;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "route van A");
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", "route van B");
  exchange (f, f->a, f->b, &summary);
  g_assert_cmpuint (summary.conflicts, ==, 1);
  exchange (f, f->b, f->a, NULL);

  /* Both keep both values; both show the newest (B's) until someone chooses. */
  assert_same (f);
  g_assert_cmpstr (text_of (f->a, "cases", f->case_uuid, "route"), ==, "route van B");
  on_a = conflicts (f->a);
  on_b = conflicts (f->b);
  g_assert_cmpuint (on_a->len, ==, 1);
  g_assert_cmpuint (on_b->len, ==, 1);
  conflict = g_ptr_array_index (on_a, 0);
  g_assert_cmpstr (conflict->record_uuid, ==, f->case_uuid);
  /* Whose case it is, for the person who chooses. */
  g_assert_cmpstr (conflict->record_title, ==, "Daan van den Berg");
  g_assert_cmpstr (conflict->column, ==, "route");
  g_assert_cmpuint (conflict->choices->len, ==, 2);
  g_assert_cmpstr (((RbConflictChoice *) g_ptr_array_index (conflict->choices, 0))->text, ==,
                   "route van B");
  g_assert_cmpstr (((RbConflictChoice *) g_ptr_array_index (conflict->choices, 1))->text, ==,
                   "route van A");
  g_assert_cmpstr (((RbConflictChoice *) g_ptr_array_index (conflict->choices, 1))->replica, ==,
                   rb_database_get_replica (f->a));

  /* A chooses its own value; B follows with the next bundle. */
  g_assert_false (rb_sync_resolve (f->a, f->case_uuid, "route", 2, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  rb_sync_resolve (f->a, f->case_uuid, "route", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text_of (f->a, "cases", f->case_uuid, "route"), ==, "route van A");
  exchange (f, f->a, f->b, NULL);
  g_assert_cmpstr (text_of (f->b, "cases", f->case_uuid, "route"), ==, "route van A");
  after = conflicts (f->b);
  g_assert_cmpuint (after->len, ==, 0);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = conflicts (f->a);
  g_assert_cmpuint (after->len, ==, 0);
  assert_same (f);
}

static void
test_different_fields (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "via jeugdarts");
  rb_test_set_text (f->b, "cases", f->case_uuid, "regisseur_swv", "Samira Benali");
  exchange (f, f->a, f->b, NULL);
  exchange (f, f->b, f->a, NULL);
  g_assert_cmpstr (text_of (f->a, "cases", f->case_uuid, "route"), ==, "via jeugdarts");
  g_assert_cmpstr (text_of (f->a, "cases", f->case_uuid, "regisseur_swv"), ==, "Samira Benali");
  list = conflicts (f->a);
  g_assert_cmpuint (list->len, ==, 0);
  assert_same (f);
}

static void
test_same_value_no_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "via leerplicht");
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", "via leerplicht");
  exchange (f, f->a, f->b, NULL);
  exchange (f, f->b, f->a, NULL);
  list = conflicts (f->b);
  g_assert_cmpuint (list->len, ==, 0);
  assert_same (f);
}

static void
test_delete_unchanged (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;

  delete_record (f->a, "agreements", f->agreement_uuid);
  exchange (f, f->a, f->b, NULL);
  g_assert_true (is_deleted (f->b, "agreements", f->agreement_uuid));
  list = conflicts (f->b);
  g_assert_cmpuint (list->len, ==, 0);
  assert_same (f);
}

static void
test_delete_edited_later (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  RbConflict *conflict;

  delete_record (f->a, "agreements", f->agreement_uuid);
  rb_test_set_text (f->b, "agreements", f->agreement_uuid, "who", "moeder");
  exchange (f, f->a, f->b, NULL);
  exchange (f, f->b, f->a, NULL);

  /* The later edit keeps the record on both sides, as a conflict to look at. */
  g_assert_false (is_deleted (f->a, "agreements", f->agreement_uuid));
  g_assert_cmpstr (text_of (f->a, "agreements", f->agreement_uuid, "who"), ==, "moeder");
  list = conflicts (f->a);
  g_assert_cmpuint (list->len, ==, 1);
  conflict = g_ptr_array_index (list, 0);
  g_assert_cmpstr (conflict->column, ==, RB_SYNC_DELETED_FIELD);
  g_assert_cmpuint (conflict->choices->len, ==, 2);
  assert_same (f);

  /* B agrees with the deletion after all. */
  rb_sync_resolve (f->b, f->agreement_uuid, RB_SYNC_DELETED_FIELD, 1, &error);
  g_assert_no_error (error);
  exchange (f, f->b, f->a, NULL);
  g_assert_true (is_deleted (f->a, "agreements", f->agreement_uuid));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = conflicts (f->a);
  g_assert_cmpuint (list->len, ==, 0);
  assert_same (f);
}

static void
test_delete_after_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) list = NULL;

  rb_test_set_text (f->b, "agreements", f->agreement_uuid, "who", "moeder");
  delete_record (f->a, "agreements", f->agreement_uuid);
  exchange (f, f->a, f->b, NULL);
  exchange (f, f->b, f->a, NULL);
  /* The deletion is newer: it is shown, the edit is kept as the other choice. */
  g_assert_true (is_deleted (f->b, "agreements", f->agreement_uuid));
  list = conflicts (f->b);
  g_assert_cmpuint (list->len, ==, 1);
  assert_same (f);
}

static guint
count_live (RbDatabase *db, const char *table)
{
  g_autoptr(GError) error = NULL;
  gint64 count = rb_store_count (db, rb_schema_lookup_table (table), &error);

  g_assert_no_error (error);
  return (guint) count;
}

static void
test_logbook_and_absences_union (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) on_a = NULL;
  g_autoptr(RbRecord) on_b = NULL;
  g_autoptr(RbRecord) absence_a = NULL;
  g_autoptr(RbRecord) absence_b = NULL;
  g_autoptr(RbRecord) kept = NULL;

  on_a = rb_test_save_new (f->a, "log_entries", "case_uuid", f->case_uuid, "entry_date",
                           "2026-09-15", "author", "Anouk", "action", "Huisbezoek", NULL);
  on_b = rb_test_save_new (f->b, "log_entries", "case_uuid", f->case_uuid, "entry_date",
                           "2026-09-15", "author", "Kees", "action", "Gesprek met IB-er", NULL);
  absence_a = rb_test_save_new (f->a, "absences", "pupil_uuid", f->pupil_uuid, "absence_date",
                                "2026-09-16", "kind", "SICK", "hours", "5", NULL);
  absence_b = rb_test_save_new (f->b, "absences", "pupil_uuid", f->pupil_uuid, "absence_date",
                                "2026-09-16", "kind", "UNAUTHORIZED", "hours", "2", NULL);
  exchange (f, f->a, f->b, NULL);
  exchange (f, f->b, f->a, NULL);
  g_assert_cmpuint (count_live (f->a, "log_entries"), ==, 2);
  g_assert_cmpuint (count_live (f->b, "log_entries"), ==, 2);
  g_assert_cmpuint (count_live (f->a, "absences"), ==, 2);
  kept = rb_test_get (f->a, "log_entries", rb_record_get_uuid (on_b));
  g_assert_true (rb_record_equal_values (kept, on_b));
  assert_same (f);
  assert_check_passes (f->a);
}

static void
test_idempotent (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "twice.routeboek", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_auto(RbSyncSummary) summary = { 0 };
  g_autoptr(GError) error = NULL;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "via jeugdarts");
  rb_sync_export (f->a, path, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);
  first = rb_fixture_dump_to_data (f->b, NULL, NULL);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, &summary, &error);
  g_assert_no_error (error);
  second = rb_fixture_dump_to_data (f->b, NULL, NULL);
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpuint (summary.added + summary.updated, ==, 0);
  g_assert_cmpuint (summary.n_records, >, 0);
}

static void
test_incremental (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "incremental.routeboek", NULL);
  g_auto(RbSyncSummary) exported = { 0 };
  g_autoptr(GError) error = NULL;
  RbSyncOptions options = f->options;

  /* A knows nothing of B yet: an incremental export for it is refused. */
  options.peer = rb_database_get_replica (f->b);
  g_assert_false (rb_sync_export (f->a, path, PASSPHRASE, &options, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  exchange (f, f->b, f->a, NULL);
  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "via jeugdarts");
  rb_sync_export (f->a, path, PASSPHRASE, &options, &exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exported.n_records, ==, 1);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same (f);
}

static void
test_anonymised_csv (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "tafel.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *initials = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cases = 0;

  initials = rb_anonymise_initials ("Şükrü", "van den Berg");
  g_assert_cmpstr (initials, ==, "Ş.B.");
  g_clear_pointer (&initials, g_free);
  initials = rb_anonymise_initials ("Noor", "El Amrani");
  g_assert_cmpstr (initials, ==, "N.E.");

  rb_test_set_text (f->a, "cases", f->case_uuid, "outcome", "Terug naar school, met steun");
  g_assert_true (rb_anonymise_export_csv (f->a, path, 0, &n_cases, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_cases, ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, ",D.B.,2013,VO,signalering,2026-09-07,"));
  g_assert_null (strstr (contents, "Daan"));
  g_assert_null (strstr (contents, "Berg"));
  g_assert_null (strstr (contents, "Terug naar school"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (rb_anonymise_export_csv (f->a, path, RB_ANONYMISE_FREE_TEXT, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"Terug naar school, met steun\""));
  g_assert_null (strstr (contents, "Daan"));
}

/* ---- Crash safety: the importing program killed at random moments ---- */

/* Runs routeboek-cli with its own HOME, so the recent-files list stays in the test folder. */
static char *
cli (const char *dir, int *status, const char *first, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("ROUTEBOEK_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "ROUTEBOEK_PASSPHRASE", PASSPHRASE, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static char *
dump_of (const char *dir, const char *db)
{
  int status;
  char *out = cli (dir, &status, "--db", db, "dump", NULL);

  if (status != 0)
    g_test_message ("dump failed: %s", out);
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
test_crash_safety (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *source = g_build_filename (dir, "source.db", NULL);
  g_autofree char *pristine = g_build_filename (dir, "pristine.db", NULL);
  g_autofree char *target = g_build_filename (dir, "target.db", NULL);
  g_autofree char *first = g_build_filename (dir, "first.routeboek", NULL);
  g_autofree char *bundle = g_build_filename (dir, "big.routeboek", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 start, duration;
  guint n_before = 0, n_after = 0;
  int status;

  /* The colleague has the SWV from an early bundle; the big one adds 150 cases. */
  g_free (cli (dir, &status, "--db", source, "generate", "--cases", "0", "--seed", "9", NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (cli (dir, &status, "--db", source, "export", first, NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (cli (dir, &status, "--db", pristine, "import", "--create", first, NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (cli (dir, &status, "--db", source, "generate", "--cases", "150", "--seed", "9", NULL));
  g_assert_cmpint (status, ==, 0);
  g_free (cli (dir, &status, "--db", source, "export", bundle, NULL));
  g_assert_cmpint (status, ==, 0);

  before = dump_of (dir, pristine);
  copy_file (pristine, target);
  start = g_get_monotonic_time ();
  g_free (cli (dir, &status, "--db", target, "import", bundle, NULL));
  duration = g_get_monotonic_time () - start;
  g_assert_cmpint (status, ==, 0);
  after = dump_of (dir, target);
  g_assert_cmpstr (before, !=, after);

  for (guint run = 0; run < 50; run++)
    {
      const char *argv[] = { g_getenv ("ROUTEBOEK_CLI"), "--db", target, "import", bundle, NULL };
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                                           | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *now = NULL;
      g_autofree char *check = NULL;
      g_autofree char *wal = g_strconcat (target, "-wal", NULL);

      g_unlink (wal);
      copy_file (pristine, target);
      g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "ROUTEBOEK_PASSPHRASE", PASSPHRASE, TRUE);
      process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      /* Mostly after the key derivation, which takes the first part of the time, up to a
       * little after the end of a normal import. */
      g_usleep ((gulong) g_rand_double_range (rand, 0.3 * (double) duration,
                                              1.1 * (double) duration));
      g_subprocess_send_signal (process, SIGKILL);
      g_subprocess_wait (process, NULL, NULL);

      now = dump_of (dir, target);
      if (g_strcmp0 (now, before) == 0)
        n_before++;
      else
        {
          g_assert_cmpstr (now, ==, after);
          n_after++;
        }
      check = cli (dir, &status, "--db", target, "check", NULL);
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (check, "No problems"));
    }
  g_test_message ("%u runs killed before the commit, %u after", n_before, n_after);
  /* The moments must hit both sides, or the test proves little. */
  g_assert_cmpuint (n_before, >, 0);
  rb_test_remove_dir (dir);
}

/* routeboek-cli conflicts names whose record each conflict is about, in both forms. */
static void
test_cli_conflicts (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  JsonObject *first;
  int status;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "route van A");
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", "route van B");
  exchange (f, f->a, f->b, NULL);
  /* The command line may not open a database that is open here. */
  path = g_strdup (rb_database_get_path (f->b));
  g_clear_object (&f->b);
  text = cli (f->dir, &status, "--db", path, "conflicts", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, " route (Daan van den Berg)\n"));
  json = cli (f->dir, &status, "--db", path, "conflicts", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  first = json_array_get_object_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "about"), ==, "Daan van den Berg");
  g_assert_cmpstr (json_object_get_string_member (first, "record"), ==, f->case_uuid);
}

typedef struct
{
  GCancellable *cancellable;
  double at;       /* cancels once the work is past this fraction */
  double reached;  /* the last fraction told */
} Canceller;

static void
cancel_at (double fraction, gpointer user_data)
{
  Canceller *canceller = user_data;

  canceller->reached = fraction;
  if (fraction > canceller->at)
    g_cancellable_cancel (canceller->cancellable);
}

/* A cancelled export writes no file; a cancelled import, before or in the middle of the
 * merge, leaves the database as it was; done again, both work. */
static void
test_cancel (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *bundle = g_build_filename (dir, "big.routeboek", NULL);
  g_autoptr(GDateTime) now = rb_test_fixed_clock (NULL);
  g_autofree char *path = g_build_filename (dir, "a.db", NULL);
  g_autoptr(RbDatabase) a = rb_generator_create_database (path, 5, now, NULL);
  g_autoptr(RbDatabase) b = NULL;
  g_autofree char *before = NULL;
  g_autofree char *merged = NULL;
  g_autofree char *source = NULL;
  RbSyncOptions options;
  gint64 clock = 0;

  rb_test_quick_sync_options (&options);
  b = rb_test_join_colleague (a, dir, PASSPHRASE, &options, &clock);
  /* More records than one step of the merge's progress (4096). */
  g_assert_true (rb_generator_fill (a, 120, 5, NULL));
  before = rb_fixture_dump_to_data (b, NULL, NULL);

  for (guint i = 0; i < 2; i++)
    {
      /* Export: after the versions, then after the first table. */
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Canceller canceller = { cancellable, i == 0 ? 0.0 : 0.21, 0 };
      g_autoptr(GError) error = NULL;

      options.progress = cancel_at;
      options.progress_data = &canceller;
      options.cancellable = cancellable;
      g_assert_false (rb_sync_export (a, bundle, PASSPHRASE, &options, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (g_file_test (bundle, G_FILE_TEST_EXISTS));
    }
  options.progress = NULL;
  options.cancellable = NULL;
  g_assert_true (rb_sync_export (a, bundle, PASSPHRASE, &options, NULL, NULL));

  for (guint i = 0; i < 2; i++)
    {
      /* Import: before the transaction, then in the middle of the merge. */
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Canceller canceller = { cancellable, i == 0 ? 0.0 : 0.1, 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      options.progress = cancel_at;
      options.progress_data = &canceller;
      options.cancellable = cancellable;
      g_assert_false (rb_sync_import (b, bundle, PASSPHRASE, &options, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (i == 1)
        g_assert_cmpfloat (canceller.reached, >, 0.1);
      after = rb_fixture_dump_to_data (b, NULL, NULL);
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_true (rb_sync_import (b, bundle, PASSPHRASE, NULL, NULL, NULL));
  merged = rb_fixture_dump_to_data (b, NULL, NULL);
  source = rb_fixture_dump_to_data (a, NULL, NULL);
  g_assert_cmpstr (merged, ==, source);
  g_clear_object (&b);
  g_clear_object (&a);
  rb_test_remove_dir (dir);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/merge/theirs-only", test_theirs_only);
  ADD ("/merge/same-field-conflict", test_same_field_conflict);
  ADD ("/merge/different-fields", test_different_fields);
  ADD ("/merge/same-value-no-conflict", test_same_value_no_conflict);
  ADD ("/merge/delete-unchanged", test_delete_unchanged);
  ADD ("/merge/delete-edited-later", test_delete_edited_later);
  ADD ("/merge/delete-after-edit", test_delete_after_edit);
  ADD ("/merge/logbook-and-absences-union", test_logbook_and_absences_union);
  ADD ("/merge/idempotent", test_idempotent);
  ADD ("/merge/incremental", test_incremental);
  ADD ("/merge/anonymised-csv", test_anonymised_csv);
  g_test_add_func ("/merge/crash-safety", test_crash_safety);
  g_test_add_func ("/merge/cancel", test_cancel);
  ADD ("/merge/cli-conflicts", test_cli_conflicts);
  return g_test_run ();
}
