/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-milestones.h"
#include "rb-store.h"
#include "rb-test-util.h"
#include "rb-timeline-model.h"
#include "rb-timeline-render.h"

/*
 * The timeline of three fixture cases (tests/fixtures/timeline-cases.json, region midden):
 * A a short signalering; B a thuiszitter with an SBO bridge across the herfstvakantie
 * 2026 and a 4-week extension; C a closed case with a KDC bridge over Christmas 2025.
 * The geometry is checked against the rules engine, and every size and theme is rendered
 * to PNG (to $ROUTEBOEK_SCREENSHOT_DIR as well when it is set: docs/screenshots/timeline).
 */

#define CASE_A "50000000-0000-4000-8000-000000000001"
#define CASE_B "50000000-0000-4000-8000-000000000002"
#define CASE_C "50000000-0000-4000-8000-000000000003"
#define TODAY "2026-11-25"

typedef struct
{
  const char *uuid;
  const char *name;
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  { CASE_A, "signalering" },
  { CASE_B, "sbo-bridge" },
  { CASE_C, "kdc-closed" },
};

typedef struct
{
  const char *name;
  double width;
  double height;
  gboolean presentation;
} Size;

static const Size sizes[] = {
  { "1366x400", 1366, 400, FALSE },
  { "1920x1080-presentation", 1920, 1080, TRUE },
};

static char *tmp_dir;
static RbDatabase *db;
static RbCalendar *calendar;

static void
parse (const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  rb_date_parse (text, date, &error);
  g_assert_no_error (error);
}

static RbRecord *
get_case (const char *uuid)
{
  g_autoptr(GError) error = NULL;
  RbRecord *record = rb_store_get (db, rb_schema_lookup_table ("cases"), uuid, &error);

  g_assert_no_error (error);
  return record;
}

static RbTimelineModel *
load_model (const char *uuid)
{
  g_autoptr(RbRecord) record = get_case (uuid);
  g_autoptr(GError) error = NULL;
  RbTimelineModel *model;
  GDate today;

  parse (TODAY, &today);
  model = rb_timeline_model_new_for_case (db, calendar, record, &today, &error);
  g_assert_no_error (error);
  return model;
}

static const RbMilestone *
find_milestone (GPtrArray *milestones, const char *code)
{
  for (guint i = 0; i < milestones->len; i++)
    {
      const RbMilestone *milestone = g_ptr_array_index (milestones, i);

      if (g_strcmp0 (milestone->code, code) == 0)
        return milestone;
    }
  g_assert_not_reached ();
}

static GPtrArray *
rules_milestones (const char *uuid)
{
  g_autoptr(RbRecord) record = get_case (uuid);
  g_autoptr(GError) error = NULL;
  GPtrArray *milestones;
  GDate today;

  parse (TODAY, &today);
  milestones = rb_milestones_for_case (db, calendar, record, &today, &error);
  g_assert_no_error (error);
  return milestones;
}

static double
mark_x (RbTimelineModel *model, RbTimelineLayout *layout, const char *code)
{
  int index = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MILESTONE, code, 0);
  const RbTimelineMarkGeometry *geometry;

  g_assert_cmpint (index, >=, 0);
  geometry = rb_timeline_layout_get_mark (layout, (guint) index);
  g_assert_true (geometry->visible);
  return geometry->x;
}

static gboolean
overlap (const cairo_rectangle_t *a, const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Every text of the chart lies inside the surface and touches no other text. */
static void
assert_texts_fit (RbTimelineLayout *layout, const RbTimelineView *view)
{
  guint n = rb_timeline_layout_get_n_texts (layout);

  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      const RbTimelineText *a = rb_timeline_layout_get_text (layout, i);

      if (a->rect.x < 0 || a->rect.y < 0 || a->rect.x + a->rect.width > view->width + 0.01
          || a->rect.y + a->rect.height > view->height + 0.01)
        g_error ("“%s” (%.1f,%.1f %.1fx%.1f) lies outside %gx%g", a->text, a->rect.x, a->rect.y,
                 a->rect.width, a->rect.height, view->width, view->height);
      for (guint j = i + 1; j < n; j++)
        {
          const RbTimelineText *b = rb_timeline_layout_get_text (layout, j);

          if (overlap (&a->rect, &b->rect))
            g_error ("“%s” (%.1f,%.1f %.1fx%.1f) overlaps “%s” (%.1f,%.1f %.1fx%.1f)", a->text,
                     a->rect.x, a->rect.y, a->rect.width, a->rect.height, b->text, b->rect.x,
                     b->rect.y, b->rect.width, b->rect.height);
        }
    }
}

static gboolean
has_text (RbTimelineLayout *layout, const char *text)
{
  for (guint i = 0; i < rb_timeline_layout_get_n_texts (layout); i++)
    if (g_strcmp0 (rb_timeline_layout_get_text (layout, i)->text, text) == 0)
      return TRUE;
  return FALSE;
}

static void
test_model_bridge (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  GPtrArray *placements = rb_timeline_model_get_placements (model);
  GPtrArray *phases = rb_timeline_model_get_phases (model);
  RbTimelinePlacement *placement;
  GDate expect, herfst;

  g_assert_cmpuint (placements->len, ==, 1);
  placement = g_ptr_array_index (placements, 0);
  g_assert_cmpstr (placement->location_kind, ==, "SBO");
  g_assert_cmpuint (placement->extension, ==, 4);

  /* 8 school weeks from 14 Sep skip the herfstvakantie: 16 Nov; 12 weeks: 14 Dec. */
  parse ("2026-11-16", &expect);
  g_assert_cmpint (g_date_compare (&placement->planned_end, &expect), ==, 0);
  parse ("2026-12-14", &expect);
  g_assert_cmpint (g_date_compare (&placement->end, &expect), ==, 0);
  /* The 4 school weeks before the start reach back over the summer holiday. */
  parse ("2026-07-06", &expect);
  g_assert_cmpint (g_date_compare (&placement->before, &expect), ==, 0);

  /* 12 numbered school weeks; the herfst week (19 Oct) is not one of them. */
  g_assert_cmpuint (placement->week_starts->len, ==, 12);
  parse ("2026-10-19", &herfst);
  for (guint i = 0; i < placement->week_starts->len; i++)
    g_assert_cmpint (g_date_compare (&g_array_index (placement->week_starts, GDate, i), &herfst),
                     !=, 0);
  parse ("2026-10-26", &expect);
  g_assert_cmpint (g_date_compare (&g_array_index (placement->week_starts, GDate, 5), &expect), ==, 0);

  g_assert_cmpuint (phases->len, ==, 4);
  g_assert_cmpstr (((RbTimelinePhase *) g_ptr_array_index (phases, 3))->status, ==, "brugplaatsing");
  g_assert_cmpint (rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_TARGET, "target-3-months", 0),
                   >=, 0);
  g_assert_cmpint (rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MEETING, "mdo", 0), >=, 0);
  g_assert_cmpint (rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_SIGNAL, NULL, 0), >=, 0);
  g_assert_cmpint (rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_STATUS, "thuiszitter", 0),
                   >=, 0);
  g_assert_cmpuint (rb_timeline_model_get_weeks (model)->len, >=, 20);
  g_assert_cmpuint (rb_timeline_model_get_lates (model)->len, >, 0);
  g_assert_null (rb_timeline_model_get_problems (model)[0]);
}

static void
test_model_states (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  g_autoptr(GPtrArray) milestones = rules_milestones (CASE_B);
  GPtrArray *marks = rb_timeline_model_get_marks (model);
  guint n_overdue = 0, n_done = 0;

  /* The agreements carry the rules engine's states: one overdue, the older ones done. */
  for (guint i = 0; i < marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (marks, i);

      if (mark->kind != RB_TIMELINE_MARK_AGREEMENT)
        continue;
      n_overdue += mark->state == RB_MILESTONE_OVERDUE;
      n_done += mark->state == RB_MILESTONE_DONE;
      g_assert_nonnull (mark->record_uuid);
      g_assert_nonnull (mark->details);
    }
  g_assert_cmpuint (n_overdue, ==, 1);
  g_assert_cmpuint (n_done, ==, 3);
  {
    int end = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MILESTONE, "bridge-end", 0);
    RbTimelineMark *mark = g_ptr_array_index (marks, end);

    g_assert_cmpstr (mark->label, ==, "einde (+4 wk)");
    g_assert_cmpint (mark->state, ==, find_milestone (milestones, "bridge-end")->state);
  }
}

/* The 4/6/8 marks stand at the x of the days the rules engine gives, and the herfst week
 * between 4 and 6 makes that gap a week wider than the 2 school weeks it counts. */
static void
test_geometry_bridge (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  g_autoptr(GPtrArray) milestones = rules_milestones (CASE_B);
  RbTimelinePlacement *placement = g_ptr_array_index (rb_timeline_model_get_placements (model), 0);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(RbTimelineLayout) layout = NULL;
      RbTimelineView view;
      double x0, x4, x6, x8, x12, week;

      rb_timeline_view_init (&view, model, sizes[s].width, sizes[s].height);
      if (sizes[s].presentation)
        rb_timeline_view_set_presentation (&view);
      layout = rb_timeline_layout_new (model, &view);

      x0 = rb_timeline_layout_x_of_date (layout, &placement->start);
      x4 = mark_x (model, layout, "bridge-evaluation");
      x6 = mark_x (model, layout, "bridge-advice");
      x8 = mark_x (model, layout, "bridge-8-weeks");
      x12 = mark_x (model, layout, "bridge-end");
      g_assert_cmpfloat_with_epsilon (x4, rb_timeline_layout_x_of_date (layout,
                                      &find_milestone (milestones, "bridge-evaluation")->due), 1e-9);
      g_assert_cmpfloat_with_epsilon (x6, rb_timeline_layout_x_of_date (layout,
                                      &find_milestone (milestones, "bridge-advice")->due), 1e-9);
      g_assert_cmpfloat_with_epsilon (x12, rb_timeline_layout_x_of_date (layout,
                                      &find_milestone (milestones, "bridge-end")->due), 1e-9);

      week = (x4 - x0) / 4;
      g_assert_cmpfloat (week, >, 5);
      g_assert_cmpfloat_with_epsilon (x6 - x4, 3 * week, 0.01);  /* 2 school weeks + herfst */
      g_assert_cmpfloat_with_epsilon (x8 - x6, 2 * week, 0.01);  /* 2 school weeks */
      g_assert_cmpfloat_with_epsilon (x12 - x8, 4 * week, 0.01); /* the extension */
      g_assert_cmpfloat (x0, <, x4);
    }
}

static void
test_geometry_kdc (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_C);
  g_autoptr(GPtrArray) milestones = rules_milestones (CASE_C);
  g_autoptr(RbTimelineLayout) layout = NULL;
  RbTimelineView view;
  double x6, x8;

  rb_timeline_view_init (&view, model, 1366, 400);
  layout = rb_timeline_layout_new (model, &view);
  x6 = mark_x (model, layout, "bridge-progress");
  x8 = mark_x (model, layout, "bridge-end");
  g_assert_cmpfloat_with_epsilon (x6, rb_timeline_layout_x_of_date (layout,
                                  &find_milestone (milestones, "bridge-progress")->due), 1e-9);
  g_assert_cmpfloat_with_epsilon (x8, rb_timeline_layout_x_of_date (layout,
                                  &find_milestone (milestones, "bridge-end")->due), 1e-9);
  /* Christmas lies between 6 and 8: two school weeks take three calendar weeks. */
  {
    GDate a, b;

    parse ("2026-01-12", &a);
    parse ("2026-01-26", &b);
    g_assert_cmpfloat_with_epsilon (x8 - x6, rb_timeline_layout_x_of_date (layout, &b)
                                             - rb_timeline_layout_x_of_date (layout, &a), 1e-9);
  }
  /* Closed long ago: no "today" line, and every deadline is done. */
  g_assert_false (has_text (layout, "today"));
  for (guint i = 0; i < rb_timeline_model_get_marks (model)->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (rb_timeline_model_get_marks (model), i);

      if (mark->kind == RB_TIMELINE_MARK_MILESTONE || mark->kind == RB_TIMELINE_MARK_AGREEMENT)
        g_assert_cmpint (mark->state, ==, RB_MILESTONE_DONE);
    }
}

/* All three cases, both sizes, light and dark: texts fit and never overlap; PNGs written. */
static void
test_render_all (void)
{
  const char *out_dir = g_getenv ("ROUTEBOEK_SCREENSHOT_DIR");

  for (guint c = 0; c < G_N_ELEMENTS (fixture_cases); c++)
    {
      g_autoptr(RbTimelineModel) model = load_model (fixture_cases[c].uuid);

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        for (int dark = 0; dark <= 1; dark++)
          {
            g_autoptr(RbTimelineLayout) layout = NULL;
            g_autoptr(GError) error = NULL;
            g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", fixture_cases[c].name,
                                                     sizes[s].name, dark ? "dark" : "light");
            g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
            RbTimelineView view;

            rb_timeline_view_init (&view, model, sizes[s].width, sizes[s].height);
            if (sizes[s].presentation)
              rb_timeline_view_set_presentation (&view);
            view.dark = dark;
            layout = rb_timeline_layout_new (model, &view);
            assert_texts_fit (layout, &view);
            if (c == 1)
              {
                g_assert_true (has_text (layout, "tussenevaluatie"));
                g_assert_true (has_text (layout, "eindadvies"));
                g_assert_true (has_text (layout, "einde (+4 wk)"));
                g_assert_true (has_text (layout, "today"));
              }
            g_assert_true (rb_timeline_export_png (model, &view, path, &error));
            g_assert_no_error (error);
            g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
            if (out_dir != NULL)
              {
                g_autofree char *copy = g_build_filename (out_dir, name, NULL);

                g_assert_true (rb_timeline_export_png (model, &view, copy, &error));
                g_assert_no_error (error);
              }
          }
    }
}

/* Zooming keeps the day under the pointer in place and doubles every distance. */
static void
test_zoom (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  g_autoptr(RbTimelineLayout) before = NULL, after = NULL;
  RbTimelineView view;
  int a = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MILESTONE, "bridge-evaluation", 0);
  int b = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MILESTONE, "bridge-advice", 0);
  double anchor, julian, xa, xb;

  rb_timeline_view_init (&view, model, 1366, 400);
  before = rb_timeline_layout_new (model, &view);
  xa = rb_timeline_layout_get_mark (before, a)->x;
  xb = rb_timeline_layout_get_mark (before, b)->x;
  anchor = (xa + xb) / 2;
  julian = rb_timeline_view_julian_at (&view, anchor);

  rb_timeline_view_zoom (&view, 2.0, anchor);
  g_assert_cmpfloat_with_epsilon (rb_timeline_view_julian_at (&view, anchor), julian, 1e-6);
  after = rb_timeline_layout_new (model, &view);
  g_assert_cmpfloat_with_epsilon (rb_timeline_layout_get_mark (after, b)->x
                                  - rb_timeline_layout_get_mark (after, a)->x,
                                  2 * (xb - xa), 1e-6);
  assert_texts_fit (after, &view);

  /* Far in: marks outside the chart are not drawn and have no label. */
  rb_timeline_view_zoom (&view, 100.0, anchor);
  g_assert_cmpfloat (view.n_days, ==, 14.0);
  g_clear_pointer (&after, rb_timeline_layout_free);
  after = rb_timeline_layout_new (model, &view);
  g_assert_false (rb_timeline_layout_get_mark (after, 0)->visible);
  g_assert_cmpint (rb_timeline_layout_get_mark (after, 0)->text, ==, -1);
  assert_texts_fit (after, &view);
}

static void
test_hit (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  g_autoptr(RbTimelineLayout) layout = NULL;
  RbTimelineView view;
  int meeting = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MEETING, "mdo", 0);
  const RbTimelineMarkGeometry *geometry;
  const RbTimelineText *label;
  g_autofree char *details = NULL;
  g_autofree char *nothing = NULL;

  rb_timeline_view_init (&view, model, 1366, 400);
  layout = rb_timeline_layout_new (model, &view);
  geometry = rb_timeline_layout_get_mark (layout, meeting);
  g_assert_cmpint (rb_timeline_layout_hit (layout, geometry->glyph.x + geometry->glyph.width / 2,
                                           geometry->glyph.y + geometry->glyph.height / 2),
                   ==, meeting);
  g_assert_cmpint (geometry->text, >=, 0);
  label = rb_timeline_layout_get_text (layout, geometry->text);
  g_assert_cmpstr (label->text, ==, "MDO");
  g_assert_cmpint (rb_timeline_layout_hit (layout, label->rect.x + 2, label->rect.y + 2), ==, meeting);
  details = rb_timeline_layout_describe_at (layout, label->rect.x + 2, label->rect.y + 2);
  g_assert_nonnull (strstr (details, "MDO"));
  g_assert_nonnull (strstr (details, "11 Jun 2026"));
  /* The top left corner is the title: no mark there, nothing to say. */
  g_assert_cmpint (rb_timeline_layout_hit (layout, 1, 1), ==, -1);
  nothing = rb_timeline_layout_describe_at (layout, 1, 1);
  g_assert_null (nothing);
}

/* The PDF page is vector with real text: pdftotext finds the Dutch milestone terms. */
static void
test_pdf (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_B);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "tijdlijn.pdf", NULL);
  g_autofree char *text = NULL, *check = NULL;
  RbTimelineView view;
  int status;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");

  if (pdftotext == NULL || qpdf == NULL)
    {
      g_test_skip ("pdftotext or qpdf is not installed");
      return;
    }
  /* A4 landscape in points. */
  rb_timeline_view_init (&view, model, 842, 595);
  view.text_size = 9;
  g_assert_true (rb_timeline_export_pdf (model, &view, path, &error));
  g_assert_no_error (error);

  text = rb_test_run_tool ((const char *[]) { "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL },
                           &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (text, "tussenevaluatie"));
  g_assert_nonnull (strstr (text, "eindadvies"));
  g_assert_nonnull (strstr (text, "Daan Şahin"));
  check = rb_test_run_tool ((const char *[]) { "qpdf", "--check", path, NULL }, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors"));
}

/* A failed export says why and leaves the old file and no temporary file behind. */
static void
test_export_failure (void)
{
  g_autoptr(RbTimelineModel) model = load_model (CASE_A);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (tmp_dir, "no-such-dir", "x.png", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "replace.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  RbTimelineView view;
  gsize length;
  const char *name;

  rb_timeline_view_init (&view, model, 800, 300);
  g_assert_false (rb_timeline_export_png (model, &view, missing, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "x.png"));

  /* Replacing works, and leaves exactly the one file. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_clear_error (&error);
  g_assert_true (rb_timeline_export_png (model, &view, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  dir = g_dir_open (tmp_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, "replace.png."));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = NULL, *db_path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  fixture = rb_test_fixture_path ("timeline-cases.json");
  db_path = g_build_filename (tmp_dir, "timeline.db", NULL);
  db = rb_fixture_load (fixture, db_path, &error);
  g_assert_no_error (error);
  calendar = rb_calendar_new_from_database (db, &error);
  g_assert_no_error (error);

  g_test_add_func ("/timeline/model/bridge", test_model_bridge);
  g_test_add_func ("/timeline/model/states", test_model_states);
  g_test_add_func ("/timeline/geometry/bridge-4-6-8", test_geometry_bridge);
  g_test_add_func ("/timeline/geometry/kdc", test_geometry_kdc);
  g_test_add_func ("/timeline/render/all-cases", test_render_all);
  g_test_add_func ("/timeline/zoom", test_zoom);
  g_test_add_func ("/timeline/hit", test_hit);
  g_test_add_func ("/timeline/export/pdf", test_pdf);
  g_test_add_func ("/timeline/export/failure", test_export_failure);

  status = g_test_run ();
  g_object_unref (calendar);
  rb_database_close (db);
  g_object_unref (db);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
