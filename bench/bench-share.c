/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rb-generator.h"
#include "rb-store.h"
#include "rb-sync.h"

/*
 * Sharing by file on a generated SWV (docs/BENCHMARKS.md): export, import into a new
 * database, and import with merge into a colleague's database that changed too, against
 * copying the raw SQLite file with `sqlite3 FILE ".backup COPY"` in the same run.
 *
 *   bench-share [--cases N] [--dir DIR]
 */

#define PASSPHRASE "benchmark passphrase"

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

static double
megabytes (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (double) st.st_size / 1e6 : 0;
}

static void
die (GError *error)
{
  g_printerr ("bench-share: %s\n", error->message);
  exit (1);
}

/* Changes the route of @n live cases, every @stride-th from @first. */
static void
edit_cases (RbDatabase *db, guint first, guint stride, guint n, const char *route)
{
  g_autoptr(GPtrArray) cases = NULL;
  GError *error = NULL;

  if ((cases = rb_store_list (db, rb_schema_lookup_table ("cases"), NULL, NULL, &error)) == NULL
      || !rb_database_begin (db, &error))
    die (error);
  for (guint i = 0; i < n; i++)
    {
      RbRecord *record = g_ptr_array_index (cases, (first + i * stride) % cases->len);

      rb_record_set_string (record, "route", route);
      if (!rb_store_save (db, record, &error))
        die (error);
    }
  if (!rb_database_commit (db, &error))
    die (error);
}

int
main (int argc, char **argv)
{
  int n_cases = 10000;
  g_autofree char *dir = NULL;
  g_autofree char *a_path = NULL, *b_path = NULL, *copy_path = NULL;
  g_autofree char *first_bundle = NULL, *bundle = NULL, *back_bundle = NULL;
  g_autoptr(RbDatabase) a = NULL;
  g_autoptr(RbDatabase) b = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_auto(RbSyncSummary) summary = { 0 };
  g_autofree char *backup_command = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases to generate (default 10000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Work folder (default: a new temporary one)", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  GError *error = NULL;
  gint64 start;
  double t_backup, t_first_export, t_export, t_import_new, t_merge;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die (error);
  if (dir == NULL && (dir = g_dir_make_tmp ("bench-share-XXXXXX", &error)) == NULL)
    die (error);
  a_path = g_build_filename (dir, "a.db", NULL);
  b_path = g_build_filename (dir, "b.db", NULL);
  copy_path = g_build_filename (dir, "copy.db", NULL);
  first_bundle = g_build_filename (dir, "a-first.routeboek", NULL);
  bundle = g_build_filename (dir, "a.routeboek", NULL);
  back_bundle = g_build_filename (dir, "b.routeboek", NULL);

  g_print ("Generating %d cases...\n", n_cases);
  if ((a = rb_generator_create_database (a_path, 1, today, &error)) == NULL
      || !rb_generator_fill (a, (guint) n_cases, 1, &error))
    die (error);

  /* The reference: a consistent copy of the closed file by SQLite's own tool. */
  rb_database_close (a);
  g_clear_object (&a);
  backup_command = g_strdup_printf ("sqlite3 %s \".backup %s\"", a_path, copy_path);
  start = g_get_monotonic_time ();
  if (!g_spawn_command_line_sync (backup_command, NULL, NULL, &status, &error))
    die (error);
  t_backup = seconds_since (start);
  if ((a = rb_database_open (a_path, &error)) == NULL)
    die (error);

  /* The first export gives every existing row its versions: once per database. */
  start = g_get_monotonic_time ();
  if (!rb_sync_export (a, first_bundle, PASSPHRASE, NULL, NULL, &error))
    die (error);
  t_first_export = seconds_since (start);

  start = g_get_monotonic_time ();
  if ((b = rb_sync_import_new (b_path, first_bundle, PASSPHRASE, NULL, &summary, &error)) == NULL)
    die (error);
  t_import_new = seconds_since (start);
  rb_sync_summary_clear (&summary);

  /* Both sides work on: 1% of the cases each, a few of them the same cases (conflicts). */
  edit_cases (a, 0, 97, (guint) n_cases / 100, "route van A");
  edit_cases (b, 0, 89, (guint) n_cases / 100, "route van B");

  start = g_get_monotonic_time ();
  if (!rb_sync_export (a, bundle, PASSPHRASE, NULL, &summary, &error))
    die (error);
  t_export = seconds_since (start);
  rb_sync_summary_clear (&summary);

  start = g_get_monotonic_time ();
  if (!rb_sync_import (b, bundle, PASSPHRASE, NULL, &summary, &error))
    die (error);
  t_merge = seconds_since (start);

  g_print ("records in the bundle        %u\n", summary.n_records);
  g_print ("database file                %.1f MB (a), %.1f MB (b)\n", megabytes (a_path),
           megabytes (b_path));
  g_print ("bundle file                  %.1f MB\n", megabytes (bundle));
  g_print ("sqlite3 .backup (reference)  %.2f s, %.1f MB\n", t_backup, megabytes (copy_path));
  g_print ("first export (versions made) %.2f s  (%.1f x reference)\n", t_first_export,
           t_first_export / t_backup);
  g_print ("export                       %.2f s  (%.1f x reference)\n", t_export,
           t_export / t_backup);
  g_print ("import into a new database   %.2f s  (%.1f x reference)\n", t_import_new,
           t_import_new / t_backup);
  g_print ("import with merge            %.2f s  (%.1f x reference): %u updated, %u conflicts\n",
           t_merge, t_merge / t_backup, summary.updated, summary.conflicts);
  return 0;
}
