/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <linux/capability.h>
#include <sqlite3.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rb-error.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* Creating, opening, refusing and migrating SWV database files. */

static char *
make_database_file (const char *dir, const char *name)
{
  g_autoptr(RbDatabase) db = rb_test_new_database (dir, name);

  rb_database_close (db);
  return g_strdup (rb_database_get_path (db));
}

static void
assert_open_refused (const char *path, RbError code)
{
  g_autofree char *before = rb_test_file_checksum (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open (path, &error);
  g_autofree char *after = NULL;

  g_assert_null (db);
  g_assert_error (error, RB_ERROR, (gint) code);
  g_assert_cmpstr (error->message, !=, "");
  after = rb_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *handle;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  if (sqlite3_exec (handle, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (handle);
}

static void
test_create_and_reopen (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "swv.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Drechtsteden", "PO", "zuid", &error);
  g_autofree char *uuid = NULL;
  g_autofree char *replica = NULL;
  g_autofree char *part = g_build_filename (dir, "swv.db.part", NULL);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (rb_database_get_swv_uuid (db)));
  uuid = g_strdup (rb_database_get_swv_uuid (db));
  replica = g_strdup (rb_database_get_replica (db));
  g_assert_cmpstr (uuid, !=, replica);
  g_clear_object (&db);

  db = rb_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_database_get_swv_name (db), ==, "SWV Drechtsteden");
  g_assert_cmpstr (rb_database_get_school_type (db), ==, "PO");
  g_assert_cmpstr (rb_database_get_region (db), ==, "zuid");
  g_assert_cmpstr (rb_database_get_swv_uuid (db), ==, uuid);
  g_assert_cmpstr (rb_database_get_replica (db), ==, replica);
  g_assert_null (rb_database_get_backup_path (db));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_clear_object (&db);
  rb_test_remove_dir (dir);
}

static void
test_create_refuses_existing_and_bad_identity (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = make_database_file (dir, "swv.db");
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  g_autofree char *before = rb_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  RbDatabase *db;

  db = rb_database_create (path, "Nog een", "VO", "midden", &error);
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  after = rb_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);

  db = rb_database_create (other, "  ", "VO", "midden", &error);
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);

  db = rb_database_create (other, "SWV", "MBO", "midden", &error);
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);

  db = rb_database_create (other, "SWV", "VO", "oost", &error);
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  rb_test_remove_dir (dir);
}

static void
test_defaults_by_kind_and_region (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *po_path = g_build_filename (dir, "po.db", NULL);
  g_autofree char *vo_path = g_build_filename (dir, "vo.db", NULL);
  g_autoptr(RbDatabase) po = rb_database_create (po_path, "PO", "PO", "zuid", &error);
  g_autoptr(RbDatabase) vo = rb_database_create (vo_path, "VO", "VO", "noord", &error);
  const RbTable *criteria = rb_schema_lookup_table ("criteria");
  const RbTable *holidays = rb_schema_lookup_table ("holidays");
  g_autoptr(GPtrArray) sick_po = NULL;
  g_autoptr(GPtrArray) sick_vo = NULL;
  g_autoptr(GPtrArray) autumn = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  g_assert_no_error (error);
  /* The M@ZL variants differ: PO counts more than 9 sick days, VO more than 7. */
  sick_po = rb_store_list (po, criteria, "code", "sick-9d", &error);
  sick_vo = rb_store_list (vo, criteria, "code", "sick-7d", &error);
  g_assert_cmpuint (sick_po->len, ==, 1);
  g_assert_cmpuint (sick_vo->len, ==, 1);
  g_assert_cmpfloat (rb_record_get_double (g_ptr_array_index (sick_vo, 0), "threshold"), ==, 7);
  g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (sick_vo, 0), "comparison"), ==, "more_than");
  g_assert_cmpint (rb_store_count (vo, criteria, NULL), ==, 18);
  g_assert_cmpint (rb_store_count (po, criteria, NULL), ==, 8);

  /* holidays.md: autumn 2025 is 11-19 October in the south, 18-26 in the north. */
  autumn = rb_store_list (po, holidays, "start_date", "2025-10-11", &error);
  g_assert_cmpuint (autumn->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (autumn, 0), "end_date"), ==, "2025-10-19");
  g_clear_pointer (&autumn, g_ptr_array_unref);
  autumn = rb_store_list (vo, holidays, "start_date", "2025-10-18", &error);
  g_assert_cmpuint (autumn->len, ==, 1);

  /* The south's spring holiday 2027 is unknown: no row rather than a guess. */
  checks = rb_store_list (po, holidays, "name", "Voorjaarsvakantie", &error);
  for (guint i = 0; i < checks->len; i++)
    g_assert_false (g_str_has_prefix (rb_record_get_string (g_ptr_array_index (checks, i), "start_date"), "2027"));
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Rows that still need checking against the Rijksoverheid carry the mark. */
  checks = rb_store_list (vo, holidays, "needs_check", "1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checks->len, ==, 2);
  rb_test_remove_dir (dir);
}

static void
test_open_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open ("/nonexistent/routeboek/swv.db", &error);

  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
}

static void
test_open_refuses_non_sqlite (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);

  g_assert_true (g_file_set_contents (text, "Verslag MDO van 3 november\nAanwezig: ...\n" 
                                      "Dit is geen database maar een tekstbestand met genoeg tekst "
                                      "om langer dan honderd bytes te zijn, zoals een echt verslag.", -1, NULL));
  assert_open_refused (text, RB_ERROR_NOT_A_DATABASE);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_open_refused (empty, RB_ERROR_NOT_A_DATABASE);
  rb_test_remove_dir (dir);
}

static void
test_open_refuses_foreign_sqlite (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "places.sqlite", NULL);

  exec_sql (path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                  "INSERT INTO moz_places (url) VALUES ('https://example.org');");
  assert_open_refused (path, RB_ERROR_FOREIGN_DATABASE);
  rb_test_remove_dir (dir);
}

static void
test_open_refuses_truncated (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = make_database_file (dir, "swv.db");
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  /* Cut at a page boundary (the harder case) and at an odd offset. */
  g_assert_true (g_file_set_contents (path, contents, 3 * 4096, NULL));
  assert_open_refused (path, RB_ERROR_CORRUPT);
  g_assert_true (g_file_set_contents (path, contents, 3 * 4096 + 1234, NULL));
  assert_open_refused (path, RB_ERROR_CORRUPT);
  g_assert_true (g_file_set_contents (path, contents, 60, NULL));
  assert_open_refused (path, RB_ERROR_NOT_A_DATABASE);
  rb_test_remove_dir (dir);
}

static void
test_open_refuses_newer_version (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = make_database_file (dir, "swv.db");

  exec_sql (path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99");
  assert_open_refused (path, RB_ERROR_NEWER_VERSION);
  rb_test_remove_dir (dir);
}

static char *
make_v1_file (const char *dir, const char *extra_sql)
{
  g_autofree char *fixtures = g_strdup (g_getenv ("ROUTEBOEK_FIXTURES"));
  g_autofree char *script_path = g_build_filename (fixtures, "schema-v1.sql", NULL);
  g_autofree char *script = NULL;
  char *path = g_build_filename (dir, "old.db", NULL);

  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  exec_sql (path, script);
  if (extra_sql != NULL)
    exec_sql (path, extra_sql);
  return path;
}

static void
test_migrate_older_version (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = make_v1_file (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open (path, &error);
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  sqlite3 *backup;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_cmpstr (rb_database_get_swv_name (db), ==, "SWV Oud Formaat");

  /* The backup is the old layout with the old data: version 1, no route column. */
  g_assert_nonnull (rb_database_get_backup_path (db));
  g_assert_true (g_file_test (rb_database_get_backup_path (db), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (sqlite3_open (rb_database_get_backup_path (db), &backup), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (backup, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (backup, "SELECT route FROM cases", -1, &stmt, NULL), ==, SQLITE_ERROR);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (backup, "SELECT last_name FROM pupils", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Yılmaz-Öztürk");
  sqlite3_finalize (stmt);
  sqlite3_close (backup);

  /* Data survives; the new column is there and usable. */
  item = rb_store_get (db, rb_schema_lookup_table ("cases"), "9a0b1c2d-4444-4e5f-8a6b-7c8d9e0f1a2b", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (item, "status"), ==, "thuiszitter");
  g_assert_false (rb_record_is_set (item, "route"));
  rb_record_set_string (item, "route", "po-drechtsteden-kernteam");
  g_assert_true (rb_store_save (db, item, &error));
  pupil = rb_store_get (db, rb_schema_lookup_table ("pupils"), "7e8f9a0b-3333-4c1d-8e2f-3a4b5c6d7e8f", &error);
  g_assert_cmpstr (rb_record_get_string (pupil, "first_name"), ==, "Şükrü");
  g_clear_object (&db);

  /* Reopening needs no second migration. */
  db = rb_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_null (rb_database_get_backup_path (db));
  rb_test_remove_dir (dir);
}

static void
test_failed_migration_leaves_file (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  /* A file that claims version 1 but already has the column version 2 adds. */
  g_autofree char *path = make_v1_file (dir, "ALTER TABLE cases ADD COLUMN route TEXT");

  assert_open_refused (path, RB_ERROR_FAILED);
  rb_test_remove_dir (dir);
}

/*
 * root may write anywhere whatever a file's mode says, through its capabilities. Dropping
 * the ones that bypass file modes makes root an ordinary owner, so the read-only folder
 * is read-only for this process too (also in chroots, where "nobody" may not reach it).
 */
static void
drop_file_mode_override (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  guint32 bypass = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER);

  g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
  /* access () checks the permitted set, open () the effective one. */
  data[0].effective &= ~bypass;
  data[0].permitted &= ~bypass;
  data[0].inheritable &= ~bypass;
  g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);
}

static void
test_read_only_location (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (g_test_subprocess ())
    {
      const char *location = g_getenv ("RB_TEST_LOCATION");
      g_autofree char *file = g_build_filename (location, "swv.db", NULL);
      g_autofree char *fresh = g_build_filename (location, "new.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RbDatabase) db = NULL;

      drop_file_mode_override ();
      db = rb_database_open (file, &error);
      g_assert_null (db);
      g_assert_error (error, RB_ERROR, RB_ERROR_READ_ONLY);
      g_clear_error (&error);
      db = rb_database_create (fresh, "SWV", "PO", "noord", &error);
      g_assert_null (db);
      g_assert_error (error, RB_ERROR, RB_ERROR_READ_ONLY);
      g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
      return;
    }

  dir = rb_test_make_dir ();
  path = make_database_file (dir, "swv.db");
  before = rb_test_file_checksum (path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_setenv ("RB_TEST_LOCATION", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  after = rb_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (dir, 0755);
  rb_test_remove_dir (dir);
}

static void
test_open_twice_refused (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = make_database_file (dir, "swv.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) first = rb_database_open (path, &error);
  g_autoptr(RbDatabase) second = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *argv[] = { g_getenv ("ROUTEBOEK_CLI"), "--db", path, "info", NULL };

  g_assert_no_error (error);
  second = rb_database_open (path, &error);
  g_assert_null (second);
  g_assert_error (error, RB_ERROR, RB_ERROR_IN_USE);

  /* Another program (the command-line tool) is refused too while the file is open. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, NULL));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "swv.db"));

  /* After closing, it opens again. */
  g_clear_object (&first);
  g_clear_error (&error);
  second = rb_database_open (path, &error);
  g_assert_no_error (error);
  rb_test_remove_dir (dir);
}

static void
test_transactions_nest_and_roll_back (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(RbDatabase) db = rb_test_new_database (dir, "swv.db");
  const RbTable *schools = rb_schema_lookup_table ("schools");
  g_autoptr(RbRecord) a = rb_record_new (schools);
  g_autoptr(RbRecord) b = rb_record_new (schools);
  g_autoptr(GError) error = NULL;

  rb_record_set_string (a, "name", "De Wilgen");
  rb_record_set_string (b, "name", "Het Kompas");

  /* An inner rollback undoes only the inner part. */
  g_assert_true (rb_database_begin (db, &error));
  g_assert_true (rb_store_save (db, a, &error));
  g_assert_true (rb_database_begin (db, &error));
  g_assert_true (rb_store_save (db, b, &error));
  rb_database_rollback (db);
  g_assert_true (rb_database_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rb_store_count (db, schools, NULL), ==, 1);

  /* An outer rollback undoes a committed inner part. */
  g_assert_true (rb_database_begin (db, &error));
  g_assert_true (rb_database_begin (db, &error));
  g_assert_true (rb_store_save (db, b, &error));
  g_assert_true (rb_database_commit (db, &error));
  rb_database_rollback (db);
  g_assert_cmpint (rb_store_count (db, schools, NULL), ==, 1);
  rb_test_remove_dir (dir);
}

static void
test_save_all_is_all_or_nothing (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(RbDatabase) db = rb_test_new_database (dir, "swv.db");
  const RbTable *schools = rb_schema_lookup_table ("schools");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  RbRecord *good = rb_record_new (schools);
  RbRecord *bad = rb_record_new (schools);

  rb_record_set_string (good, "name", "De Wilgen");
  rb_record_set_string (bad, "school_type", "PO");  /* no name */
  g_ptr_array_add (records, good);
  g_ptr_array_add (records, bad);

  g_assert_false (rb_store_save_all (db, records, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpint (rb_store_count (db, schools, NULL), ==, 0);
  rb_test_remove_dir (dir);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
test_identity_edits (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autoptr(RbDatabase) db = rb_test_new_database (dir, "swv.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (rb_database_get_path (db));
  guint notified = 0;

  g_signal_connect_swapped (db, "notify::swv-name", G_CALLBACK (count_cb), &notified);
  g_assert_false (rb_database_set_swv_name (db, "", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_database_set_region (db, "west", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (rb_database_set_swv_name (db, "SWV Zuid-Holland West", &error));
  g_assert_true (rb_database_set_region (db, "zuid", &error));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (rb_database_set_swv_name (db, "SWV Zuid-Holland West", &error));
  g_assert_cmpuint (notified, ==, 1);
  g_clear_object (&db);

  db = rb_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_database_get_swv_name (db), ==, "SWV Zuid-Holland West");
  g_assert_cmpstr (rb_database_get_region (db), ==, "zuid");
  rb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/database/create-refuses-existing-and-bad-identity", test_create_refuses_existing_and_bad_identity);
  g_test_add_func ("/database/defaults-by-kind-and-region", test_defaults_by_kind_and_region);
  g_test_add_func ("/database/open-missing", test_open_missing);
  g_test_add_func ("/database/open-refuses-non-sqlite", test_open_refuses_non_sqlite);
  g_test_add_func ("/database/open-refuses-foreign-sqlite", test_open_refuses_foreign_sqlite);
  g_test_add_func ("/database/open-refuses-truncated", test_open_refuses_truncated);
  g_test_add_func ("/database/open-refuses-newer-version", test_open_refuses_newer_version);
  g_test_add_func ("/database/migrate-older-version", test_migrate_older_version);
  g_test_add_func ("/database/failed-migration-leaves-file", test_failed_migration_leaves_file);
  g_test_add_func ("/database/read-only-location", test_read_only_location);
  g_test_add_func ("/database/open-twice-refused", test_open_twice_refused);
  g_test_add_func ("/database/transactions-nest-and-roll-back", test_transactions_nest_and_roll_back);
  g_test_add_func ("/database/save-all-is-all-or-nothing", test_save_all_is_all_or_nothing);
  g_test_add_func ("/database/identity-edits", test_identity_edits);

  return g_test_run ();
}
