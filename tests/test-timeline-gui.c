/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-fixture.h"
#include "rb-gui-test-util.h"
#include "rb-presentation-window.h"
#include "rb-store.h"
#include "rb-test-util.h"
#include "rb-timeline.h"

/*
 * The timeline widget under Xvfb, on case B of tests/fixtures/timeline-cases.json (an SBO
 * bridge with extension): keyboard stepping and its accessible label, zoom, tooltips,
 * mark-activated on click, the presentation window, and that the widget draws exactly
 * what the core's renderer draws for the same view.
 */

#define CASE_B "50000000-0000-4000-8000-000000000002"

static char *tmp_dir;
static RbTimelineModel *model;

typedef struct
{
  GtkWindow *window;
  RbTimeline *timeline;
} Fixture;

static gboolean
is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  f->timeline = RB_TIMELINE (rb_timeline_new ());
  rb_timeline_set_model (f->timeline, model);
  gtk_window_set_default_size (f->window, 1366, 400);
  gtk_window_set_child (f->window, GTK_WIDGET (f->timeline));
  gtk_window_present (f->window);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->timeline));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (f->window);
}

static int
find (RbTimelineMarkKind kind, const char *code)
{
  int index = rb_timeline_model_find_mark (model, kind, code, 0);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static void
step (RbTimeline *timeline, int n)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.step", "i", n));
}

static void
test_keyboard (Fixture *f, gconstpointer data)
{
  GPtrArray *marks = rb_timeline_model_get_marks (model);
  RbTimelineMark *mark;

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (f->timeline)));
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, -1);
  step (f->timeline, 1);
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, 0);
  step (f->timeline, 1);
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, 1);
  step (f->timeline, -1);
  step (f->timeline, -1);
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, 0);
  step (f->timeline, G_MAXINT32);
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, (int) marks->len - 1);

  /* Each mark announces its kind, label, day and state. */
  for (int i = 0; i < (int) marks->len; i++)
    {
      step (f->timeline, i == 0 ? G_MININT32 : 1);
      g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, i);
      mark = g_ptr_array_index (marks, i);
      g_assert_nonnull (strstr (rb_timeline_get_focus_label (f->timeline), mark->label));
    }
  step (f->timeline, G_MININT32);
  while (rb_timeline_get_focus_mark (f->timeline) != find (RB_TIMELINE_MARK_MILESTONE,
                                                           "bridge-evaluation"))
    step (f->timeline, 1);
  g_assert_cmpstr (rb_timeline_get_focus_label (f->timeline), ==,
                   "Deadline tussenevaluatie, 12 Oct 2026, done");
}

static double
distance (RbTimeline *timeline, int a, int b)
{
  RbTimelineLayout *layout = rb_timeline_get_layout (timeline);

  return rb_timeline_layout_get_mark (layout, b)->x - rb_timeline_layout_get_mark (layout, a)->x;
}

static void
test_zoom (Fixture *f, gconstpointer data)
{
  int a = find (RB_TIMELINE_MARK_MILESTONE, "bridge-evaluation");
  int b = find (RB_TIMELINE_MARK_MILESTONE, "bridge-advice");
  double before = distance (f->timeline, a, b);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 1.25));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->timeline));
  g_assert_cmpfloat_with_epsilon (distance (f->timeline, a, b), 1.25 * before, 1e-6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 0.8));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 0.8));
  g_assert_cmpfloat_with_epsilon (distance (f->timeline, a, b), 0.8 * before, 1e-6);
  /* Ctrl+0: the whole case again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.zoom", "d", 0.0));
  g_assert_cmpfloat_with_epsilon (distance (f->timeline, a, b), before, 1e-6);
}

static void
test_tooltip (Fixture *f, gconstpointer data)
{
  RbTimelineLayout *layout = rb_timeline_get_layout (f->timeline);
  const RbTimelineMarkGeometry *geometry;
  g_autofree char *meeting = NULL, *agreement = NULL, *nothing = NULL;

  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (f->timeline)));
  geometry = rb_timeline_layout_get_mark (layout, find (RB_TIMELINE_MARK_MEETING, "mdo"));
  meeting = rb_timeline_dup_tooltip_at (f->timeline, geometry->glyph.x + 2, geometry->glyph.y + 4);
  g_assert_cmpstr (meeting, ==, "Meeting: MDO\n11 Jun 2026, OBS De Wilgen\nMinutes written");

  geometry = rb_timeline_layout_get_mark (layout, find (RB_TIMELINE_MARK_AGREEMENT, NULL));
  agreement = rb_timeline_dup_tooltip_at (f->timeline, geometry->glyph.x + 4, geometry->glyph.y + 4);
  g_assert_cmpstr (agreement, ==, "Agreement: Jeugdarts inschakelen\nDue 25 Jun 2026, done on 24 Jun 2026");

  nothing = rb_timeline_dup_tooltip_at (f->timeline, 2, 2);
  g_assert_null (nothing);
}

static void
on_mark_activated_cb (RbTimeline *timeline, const char *uuid, char **out)
{
  g_free (*out);
  *out = g_strdup (uuid);
}

static void
test_click (Fixture *f, gconstpointer data)
{
  RbTimelineLayout *layout = rb_timeline_get_layout (f->timeline);
  int index = find (RB_TIMELINE_MARK_MEETING, "escalatietafel");
  RbTimelineMark *mark = g_ptr_array_index (rb_timeline_model_get_marks (model), index);
  const RbTimelineMarkGeometry *geometry = rb_timeline_layout_get_mark (layout, index);
  g_autofree char *activated = NULL;

  g_signal_connect (f->timeline, "mark-activated", G_CALLBACK (on_mark_activated_cb), &activated);
  g_assert_false (rb_timeline_activate_at (f->timeline, 2, 2));
  g_assert_null (activated);
  g_assert_true (rb_timeline_activate_at (f->timeline, geometry->glyph.x + geometry->glyph.width / 2,
                                          geometry->glyph.y + geometry->glyph.height / 2));
  g_assert_cmpstr (activated, ==, mark->record_uuid);
  g_assert_cmpstr (activated, ==, "a0000000-0000-4000-8000-000000000004");
  g_assert_cmpint (rb_timeline_get_focus_mark (f->timeline), ==, index);

  /* Enter on the focused mark does the same. */
  g_clear_pointer (&activated, g_free);
  step (f->timeline, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->timeline), "timeline.activate-mark", NULL));
  mark = g_ptr_array_index (rb_timeline_model_get_marks (model), index + 1);
  g_assert_cmpstr (activated, ==, mark->record_uuid);
}

/* The widget's frame is the core renderer's picture for the same view, pixel for pixel. */
static void
test_same_picture (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->timeline));
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  const RbTimelineView *view = rb_timeline_get_view (f->timeline);
  int width = (int) view->width, height = (int) view->height;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  g_autoptr(RbTimelineLayout) layout = rb_timeline_layout_new (model, view);
  guint differing = 0;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, width * 4);
  gsk_render_node_unref (node);
  gsk_renderer_unrealize (renderer);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  rb_timeline_render (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (pixels + y * width * 4);
      const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (surface)
                                            + y * cairo_image_surface_get_stride (surface));

      for (int x = 0; x < width; x++)
        differing += a[x] != b[x];
    }
  cairo_surface_destroy (surface);
  g_test_message ("%u of %d pixels differ", differing, width * height);
  g_assert_cmpuint (width, ==, 1366);
  g_assert_cmpuint (differing, ==, 0);
}

static void
test_presentation (void)
{
  RbPresentationWindow *window = rb_presentation_window_new (NULL, model);
  RbTimeline *timeline = rb_presentation_window_get_timeline (window);
  g_autoptr(GtkWidget) guard = g_object_ref (GTK_WIDGET (window));
  const RbTimelineView *view;

  gtk_window_present (GTK_WINDOW (window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (timeline));
  g_assert_true (rb_timeline_get_presentation (timeline));
  g_assert_true (rb_timeline_get_model (timeline) == model);
  view = rb_timeline_get_view (timeline);
  g_assert_true (view->high_contrast);
  g_assert_cmpfloat (view->text_size, >=, 18);
  /* The window's focus widget, not "has focus": other tests' windows share the X server
   * and may be the active one. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) == GTK_WIDGET (timeline));

  /* Escape is bound to window.close. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  rb_gui_test_wait_until (is_hidden, guard);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbRecord) record = NULL;
  g_autofree char *fixture = NULL, *db_path = NULL;
  GDate today;
  int status;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  tmp_dir = rb_test_make_dir ();
  fixture = rb_test_fixture_path ("timeline-cases.json");
  db_path = g_build_filename (tmp_dir, "timeline.db", NULL);
  db = rb_fixture_load (fixture, db_path, &error);
  g_assert_no_error (error);
  calendar = rb_calendar_new_from_database (db, &error);
  g_assert_no_error (error);
  record = rb_store_get (db, rb_schema_lookup_table ("cases"), CASE_B, &error);
  g_assert_no_error (error);
  rb_date_parse ("2026-11-25", &today, NULL);
  model = rb_timeline_model_new_for_case (db, calendar, record, &today, &error);
  g_assert_no_error (error);

  g_test_add ("/timeline-gui/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/timeline-gui/zoom", Fixture, NULL, fixture_set_up, test_zoom, fixture_tear_down);
  g_test_add ("/timeline-gui/tooltip", Fixture, NULL, fixture_set_up, test_tooltip, fixture_tear_down);
  g_test_add ("/timeline-gui/click", Fixture, NULL, fixture_set_up, test_click, fixture_tear_down);
  g_test_add ("/timeline-gui/same-picture", Fixture, NULL, fixture_set_up, test_same_picture,
              fixture_tear_down);
  g_test_add_func ("/timeline-gui/presentation", test_presentation);

  status = g_test_run ();
  g_clear_object (&model);
  rb_database_close (db);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
