/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "rb-generator.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* Helpers shared by the test programs: temporary folders, databases, checksums. */

char *
rb_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("routeboek-test-XXXXXX", &error);

  g_assert_no_error (error);
  /* Tests may drop to an unprivileged user to check read-only files. */
  g_chmod (dir, 0755);
  return dir;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
rb_test_remove_dir (const char *dir)
{
  remove_tree (dir);
}

/* 2026-09-14 10:00 UTC, a Monday in school time: stamps become reproducible. */
GDateTime *
rb_test_fixed_clock (gpointer user_data)
{
  return g_date_time_new_utc (2026, 9, 14, 10, 0, 0);
}

RbDatabase *
rb_test_new_database (const char *dir, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  RbDatabase *db = rb_database_create (path, "SWV Test", "VO", "midden", &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

/* A generated SWV of @n_cases cases in @dir (rb_generator_fill() with @seed), made on the
 * fixed clock's day, which then stays its clock. */
RbDatabase *
rb_test_generate_swv (const char *dir, const char *name, guint n_cases, guint seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = rb_test_fixed_clock (NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  RbDatabase *db = rb_generator_create_database (path, seed, now, &error);

  g_assert_no_error (error);
  g_assert_true (rb_generator_fill (db, n_cases, seed, &error));
  g_assert_no_error (error);
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  return db;
}

char *
rb_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

char *
rb_test_build_path (const char *first, ...)
{
  va_list args;
  char *path;

  va_start (args, first);
  path = g_build_filename_valist (first, &args);
  va_end (args);
  return path;
}

/* A clock one second further at every call; @user_data points to a gint64 of seconds
 * since 2026-09-14 10:00 UTC. Sharing needs stamps that move, as in real use. */
GDateTime *
rb_test_ticking_clock (gpointer user_data)
{
  gint64 *seconds = user_data;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 9, 14, 10, 0, 0);

  return g_date_time_add_seconds (start, (double) (*seconds)++);
}

/* The database file and its write-ahead log together: what "unchanged" means while open. */
char *
rb_test_database_checksum (RbDatabase *db)
{
  g_autofree char *wal = g_strconcat (rb_database_get_path (db), "-wal", NULL);
  g_autofree char *main_sum = rb_test_file_checksum (rb_database_get_path (db));
  g_autofree char *wal_sum = rb_test_file_checksum (wal);

  return g_strconcat (main_sum, "+", wal_sum, NULL);
}

/* tests/meson.build names the folder of the fixtures. */
char *
rb_test_fixture_path (const char *name)
{
  const char *dir = g_getenv ("ROUTEBOEK_FIXTURES");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

/* The stored record @uuid of @table; %NULL when there is none, an error fails the test. */
RbRecord *
rb_test_get (RbDatabase *db, const char *table, const char *uuid)
{
  g_autoptr(GError) error = NULL;
  RbRecord *record = rb_store_get (db, rb_schema_lookup_table (table), uuid, &error);

  g_assert_no_error (error);
  return record;
}

/* Sets @column of the stored record @uuid to @value, as typed, and saves it. */
void
rb_test_set_text (RbDatabase *db, const char *table, const char *uuid, const char *column,
                  const char *value)
{
  g_autoptr(RbRecord) record = rb_test_get (db, table, uuid);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (record);
  rb_record_set_string (record, column, value);
  rb_store_save (db, record, &error);
  g_assert_no_error (error);
}

/* Saves a new record from column, text pairs (as a user would type them); a %NULL text
 * leaves the column empty, so tables of test rows can have optional cells. */
RbRecord *
rb_test_save_new (RbDatabase *db, const char *table, ...)
{
  RbRecord *record = rb_record_new (rb_schema_lookup_table (table));
  g_autoptr(GError) error = NULL;
  const char *column;
  va_list args;

  va_start (args, table);
  while ((column = va_arg (args, const char *)) != NULL)
    {
      const char *text = va_arg (args, const char *);

      if (text != NULL)
        g_assert_true (rb_record_set_text (record, column, text, &error));
    }
  va_end (args);
  rb_store_save (db, record, &error);
  g_assert_no_error (error);
  return record;
}

/* Runs a program from PATH, which must start; returns its output and, in @status when
 * given, 0 when it succeeded. */
char *
rb_test_run_tool (const char *const *argv, int *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  return out;
}

/* The cheapest passphrase hashing libsodium allows: a bundle per test step stays fast. */
void
rb_test_quick_sync_options (RbSyncOptions *options)
{
  rb_sync_options_init (options);
  options->opslimit = crypto_pwhash_OPSLIMIT_MIN;
  options->memlimit = crypto_pwhash_MEMLIMIT_MIN;
}

/* A colleague's database "b.db" in @dir, started from @from's first full export, with
 * its own ticking clock. */
RbDatabase *
rb_test_join_colleague (RbDatabase          *from,
                        const char          *dir,
                        const char          *passphrase,
                        const RbSyncOptions *options,
                        gint64              *clock)
{
  g_autofree char *bundle = g_build_filename (dir, "start.routeboek", NULL);
  g_autofree char *path = g_build_filename (dir, "b.db", NULL);
  g_autoptr(GError) error = NULL;
  RbDatabase *joined;

  rb_sync_export (from, bundle, passphrase, options, NULL, &error);
  g_assert_no_error (error);
  joined = rb_sync_import_new (path, bundle, passphrase, NULL, NULL, &error);
  g_assert_no_error (error);
  rb_database_set_clock (joined, rb_test_ticking_clock, clock);
  return joined;
}
