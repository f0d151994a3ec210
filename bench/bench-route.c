/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>

#include "rb-generator.h"
#include "rb-route-state.h"

/*
 * bench-route: the next step of every case of a generated SWV (what the dashboard's
 * "Next Step" column computes), against a plain SQL read of the same event rows in the
 * same run.
 *
 *   bench-route [--cases 10000] [--runs 5] [--seed 1]
 *
 * Signals are given as empty lists (the dashboard passes the caseload's), so this measures
 * the route engine alone: one read of the cases and their events, then a checklist each.
 * Then one case at a time, for 100 cases spread over the SWV: read again in a run, as the
 * dashboard does after each autosave, and read alone, as the case file's Route section and
 * `routeboek-cli route` do.
 */

#define N_SINGLE 100

/* The rows the run reads: the cases and their events. */
static const char *const reference_sql[] = {
  "SELECT uuid, pupil_uuid, route, status, opened_on, threatened_since, thuiszitter_since,"
  " closed_on FROM cases WHERE deleted = 0",
  "SELECT case_uuid, status, changed_on FROM status_changes WHERE deleted = 0",
  "SELECT case_uuid, kind, meeting_date FROM meetings WHERE deleted = 0",
  "SELECT case_uuid, action, entry_date FROM log_entries WHERE deleted = 0",
  "SELECT p.case_uuid, l.kind, p.start_date FROM placements p"
  " JOIN bridge_locations l ON l.uuid = p.location_uuid WHERE p.deleted = 0",
};

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* Reads every row the run reads once with plain SQL, touching each value. */
static gint64
reference (RbDatabase *db)
{
  gint64 n = 0;

  for (guint q = 0; q < G_N_ELEMENTS (reference_sql); q++)
    {
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = rb_database_prepare (db, reference_sql[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          n += sqlite3_column_bytes (stmt, c) >= 0;
      sqlite3_reset (stmt);
    }
  return n;
}

int
main (int argc, char **argv)
{
  int n_cases = 10000, runs = 5, seed = 1;
  GOptionEntry entries[]
      = { { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases to generate", "N" },
          { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs to take the median of", "N" },
          { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "N" },
          { NULL } };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-route-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) today_time = g_date_time_new_utc (2026, 11, 23, 10, 0, 0);
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(GArray) engine_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reference_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reload_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) alone_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) no_signals = g_ptr_array_new ();
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  guint n_next = 0, n_overdue = 0;
  gint64 n_rows = 0;
  sqlite3_stmt *stmt;
  double engine, plain, reload, alone;
  GDate today;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.rbk", NULL);

  start = g_get_monotonic_time ();
  db = rb_generator_create_database (path, seed, today_time, &error);
  g_assert_no_error (error);
  rb_generator_fill (db, n_cases, seed, &error);
  g_assert_no_error (error);
  calendar = rb_calendar_new_from_database (db, &error);
  g_assert_no_error (error);
  stmt = rb_database_prepare (db, "SELECT uuid FROM cases WHERE deleted = 0", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (uuids, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  printf ("cases: %u; generating took %.1f s\n", uuids->len,
          (g_get_monotonic_time () - start) / 1e6);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(RbRouteRun) run = NULL;
      double seconds;

      start = g_get_monotonic_time ();
      n_rows = reference (db);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_array_append_val (reference_times, seconds);

      n_next = n_overdue = 0;
      start = g_get_monotonic_time ();
      run = rb_route_run_new (db, calendar, &today, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < uuids->len; i++)
        {
          g_autoptr(RbChecklist) checklist
              = rb_route_run_compute (run, g_ptr_array_index (uuids, i), no_signals, &error);

          g_assert_no_error (error);
          n_next += checklist->next != NULL;
          n_overdue += checklist->next != NULL && checklist->next->state == RB_STEP_OVERDUE;
        }
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_array_append_val (engine_times, seconds);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_SINGLE; i++)
        {
          const char *uuid = g_ptr_array_index (uuids, i * uuids->len / N_SINGLE);
          g_autoptr(RbChecklist) checklist = NULL;

          if (!rb_route_run_reload_case (run, uuid, &error)
              || (checklist = rb_route_run_compute (run, uuid, no_signals, &error)) == NULL)
            g_error ("%s", error->message);
        }
      seconds = (g_get_monotonic_time () - start) / 1e6 / N_SINGLE;
      g_array_append_val (reload_times, seconds);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_SINGLE; i++)
        {
          g_autoptr(RbChecklist) checklist = rb_route_checklist_for_case (
              db, calendar, g_ptr_array_index (uuids, i * uuids->len / N_SINGLE), &today, &error);

          if (checklist == NULL)
            g_error ("%s", error->message);
        }
      seconds = (g_get_monotonic_time () - start) / 1e6 / N_SINGLE;
      g_array_append_val (alone_times, seconds);
    }
  engine = median (engine_times);
  plain = median (reference_times);
  reload = median (reload_times);
  alone = median (alone_times);
  printf ("values read: %" G_GINT64_FORMAT "; cases with a next step: %u, of which overdue: %u\n",
          n_rows, n_next, n_overdue);
  printf ("| all next steps (run + checklist per case) | %.3f s | %.1f us | %.2fx |\n", engine,
          engine * 1e6 / uuids->len, engine / plain);
  printf ("| reference: plain SQL read of the same rows | %.3f s | %.1f us | 1.00x |\n", plain,
          plain * 1e6 / uuids->len);
  printf ("| one case read again in a run (after an autosave) | %.3f ms | | %.4fx |\n",
          reload * 1e3, reload / plain);
  printf ("| one case read alone (case file, CLI) | %.3f ms | | %.4fx |\n", alone * 1e3,
          alone / plain);
  rb_database_close (db);
  rb_database_remove_files (path);
  g_rmdir (dir);
  return 0;
}
