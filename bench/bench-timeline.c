/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-fixture.h"
#include "rb-store.h"
#include "rb-timeline-render.h"

/*
 * bench-timeline: one frame of a busy case's timeline at 1920x1080 (presentation view),
 * against a blank cairo fill of the same surface in the same run.
 *
 *   bench-timeline FIXTURE [--runs 200] [--seed 1]
 *
 * FIXTURE is tests/fixtures/timeline-cases.json (for its holidays, region midden). The
 * benchmark adds one case with two school years (2025-2027) of daily absence records
 * and 200 marks of its own: meetings, agreements with due dates, status changes; the
 * rules engine adds milestones and signals on top.
 */

#define N_MEETINGS 90
#define N_AGREEMENTS 100
#define N_STATUS_CHANGES 10

static const char *const kinds[] = { "SICK", "UNAUTHORIZED", "AUTHORIZED", "LATE" };
static const char *const statuses[] = { "signalering", "dreigend", "thuiszitter", "brugplaatsing" };
static const char *const meeting_kinds[] = { "mdo", "ot-smal", "ot-breed", "jes", "verzuimgesprek" };

static RbRecord *
new_record (GPtrArray *records, const char *table)
{
  RbRecord *record = rb_record_new (rb_schema_lookup_table (table));

  g_ptr_array_add (records, record);
  return record;
}

static void
set_date (RbRecord *record, const char *column, const GDate *date)
{
  g_autofree char *text = rb_date_format (date);

  rb_record_set_string (record, column, text);
}

static RbRecord *
generate (RbDatabase *db, RbCalendar *calendar, guint32 seed, guint *n_absences, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  RbRecord *pupil, *item;
  const char *case_uuid;
  GDate first, last, date;
  guint span;

  rb_date_parse ("2025-08-25", &first, NULL);
  rb_date_parse ("2027-07-16", &last, NULL);
  span = (guint) g_date_days_between (&first, &last);

  pupil = new_record (records, "pupils");
  rb_record_set_string (pupil, "first_name", "Bench");
  rb_record_set_string (pupil, "last_name", "Leerling");
  rb_record_set_string (pupil, "birth_date", "2014-01-01");
  rb_record_set_boolean (pupil, "enrolled", TRUE);
  item = new_record (records, "cases");
  case_uuid = rb_record_get_uuid (item);
  rb_record_set_string (item, "pupil_uuid", rb_record_get_uuid (pupil));
  rb_record_set_string (item, "status", "brugplaatsing");
  set_date (item, "opened_on", &first);
  set_date (item, "threatened_since", &first);

  /* Every school day has a record: the busiest pupil a regisseur can have. */
  *n_absences = 0;
  for (date = first; g_date_compare (&date, &last) <= 0; g_date_add_days (&date, 1))
    {
      const char *kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];

      if (!rb_calendar_is_school_day (calendar, &date))
        continue;
      item = new_record (records, "absences");
      rb_record_set_string (item, "pupil_uuid", rb_record_get_uuid (pupil));
      set_date (item, "absence_date", &date);
      rb_record_set_string (item, "kind", kind);
      if (g_strcmp0 (kind, "LATE") == 0)
        rb_record_set_int (item, "late_count", g_rand_int_range (rand, 1, 3));
      else
        rb_record_set_double (item, "hours", g_rand_int_range (rand, 1, 6));
      (*n_absences)++;
    }

  for (guint i = 0; i < N_MEETINGS + N_AGREEMENTS + N_STATUS_CHANGES; i++)
    {
      date = first;
      g_date_add_days (&date, i < N_MEETINGS + N_AGREEMENTS
                              ? (guint) g_rand_int_range (rand, 0, (gint32) span)
                              : (i - N_MEETINGS - N_AGREEMENTS) * span / N_STATUS_CHANGES);
      if (i < N_MEETINGS)
        {
          item = new_record (records, "meetings");
          rb_record_set_string (item, "kind", meeting_kinds[i % G_N_ELEMENTS (meeting_kinds)]);
          set_date (item, "meeting_date", &date);
        }
      else if (i < N_MEETINGS + N_AGREEMENTS)
        {
          item = new_record (records, "agreements");
          rb_record_set_string (item, "what", "Afspraak uit het overleg over het rooster");
          set_date (item, "due_date", &date);
        }
      else
        {
          item = new_record (records, "status_changes");
          rb_record_set_string (item, "status", statuses[i % G_N_ELEMENTS (statuses)]);
          set_date (item, "changed_on", &date);
        }
      rb_record_set_string (item, "case_uuid", case_uuid);
    }
  if (!rb_store_save_all (db, records, error))
    return NULL;
  return g_object_ref (g_ptr_array_index (records, 1));
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
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("FIXTURE");
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbTimelineModel) model = NULL;
  g_autofree char *dir = NULL, *db_path = NULL;
  g_autofree double *blank = NULL, *frame = NULL, *paint = NULL, *layout_only = NULL;
  int runs = 200, seed = 1;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Frames to time (median is reported)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed of the data", "N" },
    { NULL }
  };
  cairo_surface_t *surface;
  RbTimelineView view;
  guint n_absences;
  GDate today;
  gint64 start;
  double model_ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "usage: bench-timeline FIXTURE [--runs N]");
      return 1;
    }
  dir = g_dir_make_tmp ("bench-timeline-XXXXXX", &error);
  db_path = dir != NULL ? g_build_filename (dir, "bench.db", NULL) : NULL;
  if (dir == NULL || (db = rb_fixture_load (argv[1], db_path, &error)) == NULL
      || (calendar = rb_calendar_new_from_database (db, &error)) == NULL
      || (case_record = generate (db, calendar, (guint32) seed, &n_absences, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  rb_date_parse ("2027-03-15", &today, NULL);
  start = g_get_monotonic_time ();
  model = rb_timeline_model_new_for_case (db, calendar, case_record, &today, &error);
  model_ms = (g_get_monotonic_time () - start) / 1e3;
  if (model == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  rb_timeline_view_init (&view, model, 1920, 1080);
  rb_timeline_view_set_presentation (&view);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  blank = g_new (double, runs);
  frame = g_new (double, runs);
  paint = g_new (double, runs);
  layout_only = g_new (double, runs);

  {
    g_autoptr(RbTimelineLayout) warm = rb_timeline_layout_new (model, &view);
    g_autoptr(RbTimelineLayout) cached = rb_timeline_layout_new (model, &view);
    cairo_t *cr = cairo_create (surface);

    rb_timeline_render (cr, warm);
    for (int i = 0; i < runs; i++)
      {
        RbTimelineLayout *layout;

        start = g_get_monotonic_time ();
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_paint (cr);
        cairo_surface_flush (surface);
        blank[i] = (g_get_monotonic_time () - start) / 1e3;

        /* A frame after a zoom or pan: new layout, then paint. */
        start = g_get_monotonic_time ();
        layout = rb_timeline_layout_new (model, &view);
        layout_only[i] = (g_get_monotonic_time () - start) / 1e3;
        rb_timeline_render (cr, layout);
        cairo_surface_flush (surface);
        frame[i] = (g_get_monotonic_time () - start) / 1e3;
        rb_timeline_layout_free (layout);

        /* A frame after a hover or focus change: the layout is kept. */
        start = g_get_monotonic_time ();
        rb_timeline_render (cr, cached);
        cairo_surface_flush (surface);
        paint[i] = (g_get_monotonic_time () - start) / 1e3;
      }
    cairo_destroy (cr);
  }

  {
    guint n_marks = rb_timeline_model_get_marks (model)->len;
    double b = median (blank, (guint) runs), f = median (frame, (guint) runs);
    double p = median (paint, (guint) runs), l = median (layout_only, (guint) runs);

    g_print ("case: %u absence records (every school day 2025-08-25 - 2027-07-16), %u marks, "
             "%u weeks with absence; model built in %.1f ms\n", n_absences, n_marks,
             rb_timeline_model_get_weeks (model)->len, model_ms);
    g_print ("surface: 1920x1080 RGB24 image, presentation view (text %.0f px, high contrast)\n\n",
             view.text_size);
    g_print ("| measurement (median of %d runs) | ms per frame | vs blank fill |\n", runs);
    g_print ("|---|---:|---:|\n");
    g_print ("| frame after zoom/pan: layout + paint | %.3f | %.1fx |\n", f, f / b);
    g_print ("| of which layout (text measuring, label rows) | %.3f | %.1fx |\n", l, l / b);
    g_print ("| frame after hover/focus: paint of a kept layout | %.3f | %.1fx |\n", p, p / b);
    g_print ("| reference: blank cairo fill of the same surface | %.3f | 1.0x |\n", b);
  }

  cairo_surface_destroy (surface);
  rb_database_close (db);
  g_unlink (db_path);
  g_rmdir (dir);
  return 0;
}
