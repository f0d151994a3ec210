/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-signals.h"

/*
 * bench-signals: all verzuim signals for many pupils, each with a school year of
 * absence records, against a plain SQL aggregate over the same rows in the same run.
 *
 *   bench-signals [--pupils 10000] [--runs 5] [--seed 1] [--keep FILE]
 *
 * The data go straight into a temporary database with prepared INSERTs (the store's
 * checks would make generating, not evaluating, the slow part). Every pupil gets, on
 * each school day of 2025-2026 (region midden), an absence with a probability drawn
 * between 5% and 60%: SWV case pupils are absent a lot.
 */

#define SCHOOL_YEAR_FIRST "2025-08-01"
#define SCHOOL_YEAR_LAST "2026-07-31"

typedef struct
{
  guint n_pupils;
  guint64 n_rows;
  guint64 n_signals;
  guint n_failed;
} Totals;

static const char *const kinds[] = { "SICK", "SICK", "SICK", "UNAUTHORIZED", "UNAUTHORIZED",
                                     "AUTHORIZED", "LATE", "LUXURY", "SUSPENDED" };

static gboolean
generate (RbDatabase *db, guint n_pupils, guint32 seed, guint64 *n_rows, GError **error)
{
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *stamp = rb_database_dup_timestamp (db);
  const char *replica = rb_database_get_replica (db);
  sqlite3_stmt *pupil, *absence;
  GDate first, last;

  if (calendar == NULL || !rb_database_begin (db, error))
    return FALSE;
  pupil = rb_database_prepare (db, "INSERT INTO pupils (uuid, created_at, modified_at, replica, "
                               "first_name, last_name, birth_date, enrolled) "
                               "VALUES (?, ?, ?, ?, 'Leerling', ?, '2012-01-01', 1)", error);
  absence = rb_database_prepare (db, "INSERT INTO absences (uuid, created_at, modified_at, "
                                 "replica, pupil_uuid, absence_date, kind, hours, late_count) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (pupil == NULL || absence == NULL)
    return FALSE;
  rb_date_parse (SCHOOL_YEAR_FIRST, &first, NULL);
  rb_date_parse (SCHOOL_YEAR_LAST, &last, NULL);

  *n_rows = 0;
  for (guint p = 0; p < n_pupils; p++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("%05u", p);
      double probability = g_rand_double_range (rand, 0.05, 0.60);

      sqlite3_bind_text (pupil, 1, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (pupil, 2, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (pupil, 3, stamp, -1, SQLITE_STATIC);
      sqlite3_bind_text (pupil, 4, replica, -1, SQLITE_STATIC);
      sqlite3_bind_text (pupil, 5, name, -1, SQLITE_STATIC);
      if (!rb_database_step_done (db, pupil, error))
        return FALSE;

      for (GDate day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
        {
          g_autofree char *record = NULL;
          g_autofree char *date = NULL;
          const char *kind;

          if (!rb_calendar_is_school_day (calendar, &day) || g_rand_double (rand) >= probability)
            continue;
          kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
          record = g_uuid_string_random ();
          date = rb_date_format (&day);
          sqlite3_bind_text (absence, 1, record, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 2, stamp, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 3, stamp, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 4, replica, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 5, uuid, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 6, date, -1, SQLITE_STATIC);
          sqlite3_bind_text (absence, 7, kind, -1, SQLITE_STATIC);
          if (g_str_equal (kind, "LATE"))
            {
              sqlite3_bind_null (absence, 8);
              sqlite3_bind_int (absence, 9, 1);
            }
          else
            {
              double hours = g_rand_boolean (rand) ? 5.5 : g_rand_int_range (rand, 1, 5);

              sqlite3_bind_double (absence, 8, hours);
              sqlite3_bind_null (absence, 9);
            }
          if (!rb_database_step_done (db, absence, error))
            return FALSE;
          (*n_rows)++;
        }
    }
  return rb_database_commit (db, error);
}

static void
count_cb (const char *pupil_uuid, GPtrArray *signals, const GError *error, gpointer user_data)
{
  Totals *totals = user_data;

  totals->n_pupils++;
  if (error != NULL)
    totals->n_failed++;
  else
    totals->n_signals += signals->len;
}

/* Seconds for all signals of all pupils, engine set-up included. */
static double
time_signals (RbDatabase *db, const GDate *today, Totals *totals, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, error);
  g_autoptr(RbSignals) engine = calendar ? rb_signals_new (db, calendar, error) : NULL;

  memset (totals, 0, sizeof *totals);
  if (engine == NULL || !rb_signals_evaluate_all (engine, db, today, count_cb, totals, error))
    return -1;
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Seconds to step through @sql, reading every column of every row. */
static double
time_query (RbDatabase *db, const char *sql, guint64 *n_rows, GError **error)
{
  gint64 start = g_get_monotonic_time ();
  sqlite3_stmt *stmt = rb_database_prepare (db, sql, error);
  double sink = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  *n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        sink += sqlite3_column_type (stmt, c) == SQLITE_TEXT
                  ? (double) sqlite3_column_bytes (stmt, c) : sqlite3_column_double (stmt, c);
      (*n_rows)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return -1;
    }
  return sink >= 0 ? (g_get_monotonic_time () - start) / 1e6 : -1;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  gint n_pupils = 10000, runs = 5, seed = 1;
  g_autofree char *keep = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autofree double *signals = NULL;
  g_autofree double *aggregate = NULL;
  g_autofree double *ordered = NULL;
  Totals totals = { 0 };
  guint64 n_rows = 0, n_aggregate = 0, n_ordered = 0;
  GOptionEntry entries[] = {
    { "pupils", 0, 0, G_OPTION_ARG_INT, &n_pupils, "Pupils to generate (10000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs of each measurement (5)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator (1)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the generated database here", "FILE" },
    { NULL }
  };
  gint64 start;
  double generate_seconds, s, a, o;
  GDate today;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_pupils < 1 || runs < 1)
    {
      g_printerr ("bench-signals: %s\n",
                  error ? error->message : "--pupils and --runs must be positive");
      return 2;
    }

  dir = g_dir_make_tmp ("routeboek-bench-XXXXXX", &error);
  path = keep ? g_strdup (keep) : g_build_filename (dir, "bench.db", NULL);
  db = rb_database_create (path, "SWV Benchmark", "VO", "midden", &error);
  start = g_get_monotonic_time ();
  if (db == NULL || !generate (db, (guint) n_pupils, (guint32) seed, &n_rows, &error))
    {
      g_printerr ("bench-signals: %s\n", error->message);
      return 1;
    }
  generate_seconds = (g_get_monotonic_time () - start) / 1e6;
  rb_date_parse (SCHOOL_YEAR_LAST, &today, NULL);

  signals = g_new (double, runs);
  aggregate = g_new (double, runs);
  ordered = g_new (double, runs);
  /* One warm-up of each, so every measurement reads from the page cache alike. */
  for (gint r = -1; r < runs; r++)
    {
      s = time_signals (db, &today, &totals, &error);
      a = time_query (db, "SELECT pupil_uuid, SUM(hours), COUNT(*) FROM absences "
                      "WHERE deleted = 0 GROUP BY pupil_uuid", &n_aggregate, &error);
      o = time_query (db, "SELECT pupil_uuid, uuid, absence_date, kind, hours, late_count "
                      "FROM absences WHERE deleted = 0 ORDER BY pupil_uuid, absence_date",
                      &n_ordered, &error);
      if (s < 0 || a < 0 || o < 0)
        {
          g_printerr ("bench-signals: %s\n", error->message);
          return 1;
        }
      if (r >= 0)
        {
          signals[r] = s;
          aggregate[r] = a;
          ordered[r] = o;
        }
    }
  s = median (signals, (guint) runs);
  a = median (aggregate, (guint) runs);
  o = median (ordered, (guint) runs);

  g_print ("pupils: %u, absence records: %" G_GUINT64_FORMAT " (%.1f per pupil), criteria: VO "
           "preset, region midden, school year 2025-2026\n",
           totals.n_pupils, n_rows, (double) n_rows / n_pupils);
  g_print ("signals found: %" G_GUINT64_FORMAT ", pupils that failed: %u; "
           "generating took %.1f s\n\n", totals.n_signals, totals.n_failed, generate_seconds);
  g_print ("| measurement (median of %d runs) | total | per pupil | vs SQL aggregate |\n", runs);
  g_print ("|---|---:|---:|---:|\n");
  g_print ("| all signals, all pupils (engine set-up + one ordered query + evaluation) "
           "| %.3f s | %.1f us | %.2fx |\n", s, s * 1e6 / n_pupils, s / a);
  g_print ("| reference: `SUM(hours), COUNT(*) GROUP BY pupil_uuid` over the same rows "
           "| %.3f s | %.1f us | 1.00x |\n", a, a * 1e6 / n_pupils);
  g_print ("| reading the same rows ordered by pupil and date, no evaluation "
           "| %.3f s | %.1f us | %.2fx |\n", o, o * 1e6 / n_pupils, o / a);
  g_print ("| evaluation alone (signals minus ordered read) "
           "| %.3f s | %.1f us | %.2fx |\n", s - o, (s - o) * 1e6 / n_pupils, (s - o) / a);
  (void) n_aggregate;
  (void) n_ordered;

  g_clear_object (&db);
  if (keep == NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (dir);
  return 0;
}
