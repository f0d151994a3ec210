/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-case-row.h"
#include "rb-caseload.h"
#include "rb-generator.h"
#include "rb-gui-test-util.h"
#include "rb-test-util.h"

/*
 * A large caseload on the dashboard: its rows come before their figures, which are
 * computed while the window is idle and then equal those of rb_caseload_new(); and the
 * rows on screen are bound to the cases a search finds (the column view shows slots).
 */

/* More than the dashboard computes before its first frame. */
#define N_CASES 1100

typedef struct
{
  char *dir;
  RbDatabase *db;
  RbWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) today = rb_test_fixed_clock (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = rb_test_make_dir ();
  path = g_build_filename (f->dir, "large.db", NULL);
  f->db = rb_generator_create_database (path, 7, today, &error);
  g_assert_no_error (error);
  g_assert_true (rb_generator_fill (f->db, N_CASES, 7, &error));
  g_assert_no_error (error);
  rb_database_set_clock (f->db, rb_test_fixed_clock, NULL);

  f->window = g_object_ref_sink (rb_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  g_clear_object (&f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static RbDashboard *
dashboard (Fixture *f)
{
  return rb_window_get_dashboard (f->window);
}

static const RbCaseSummary *
shown (Fixture *f, guint position)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (rb_dashboard_get_shown (dashboard (f)),
                                                    position);

  /* The list holds its own reference. */
  return rb_case_row_get_summary (row);
}

static gboolean
has_figures (gpointer data)
{
  return !rb_dashboard_get_figures_pending (data);
}

static void
test_figures_after_first_frame (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCaseload) expected = NULL;
  guint n_signals = 0;

  rb_window_set_database (f->window, f->db);
  g_assert_cmpuint (rb_dashboard_get_n_cases (dashboard (f)), ==, N_CASES);
  /* The rows are there, their figures not yet. */
  g_assert_true (rb_dashboard_get_figures_pending (dashboard (f)));
  for (guint i = 0; i < N_CASES; i++)
    g_assert_false (shown (f, i)->has_figures);

  gtk_window_present (GTK_WINDOW (f->window));
  rb_gui_test_wait_until (has_figures, dashboard (f));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));

  expected = rb_caseload_new (f->db, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_CASES; i++)
    {
      const RbCaseSummary *s = shown (f, i);
      RbCaseSummary *e = rb_caseload_lookup (expected, s->case_uuid);

      g_assert_true (s->has_figures);
      g_assert_cmpuint (s->signals->len, ==, e->signals->len);
      g_assert_cmpuint (s->n_overdue, ==, e->n_overdue);
      g_assert_cmpint (s->needs_action, ==, e->needs_action);
      g_assert_cmpint (g_date_valid (&s->next_due), ==, g_date_valid (&e->next_due));
      if (g_date_valid (&s->next_due))
        g_assert_cmpint (g_date_compare (&s->next_due, &e->next_due), ==, 0);
      n_signals += s->signals->len;
    }
  /* The generated cases do have signals to compare. */
  g_assert_cmpuint (n_signals, >, 0);
}

static gboolean
is_found (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (rb_dashboard_get_shown (dashboard (f))) < N_CASES;
}

/* The rows on screen show the cases now at their place, not the ones they showed before:
 * sorting the other way round (every row changes, none comes or goes), then searching. */
static void
test_rows_bound_again (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autoptr(GtkColumnViewColumn) pupil = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  GtkWidget *view, *entry;
  guint n;

  rb_window_set_database (f->window, f->db);
  gtk_window_present (GTK_WINDOW (f->window));
  rb_gui_test_wait_until (has_figures, dashboard (f));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  view = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW, TRUE);
  n = g_list_model_get_n_items (rb_dashboard_get_shown (dashboard (f)));
  first = g_strdup (shown (f, 0)->pupil_name);
  last = g_strdup (shown (f, n - 1)->pupil_name);
  rb_gui_test_collect_labels (view, before);
  g_assert_true (g_ptr_array_find_with_equal_func (before, first, g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (before, last, g_str_equal, NULL));

  pupil = g_list_model_get_item (gtk_column_view_get_columns (GTK_COLUMN_VIEW (view)), 0);
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), pupil, GTK_SORT_DESCENDING);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_cmpstr (shown (f, 0)->pupil_name, ==, last);
  rb_gui_test_collect_labels (view, sorted);
  g_assert_true (g_ptr_array_find_with_equal_func (sorted, last, g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (sorted, first, g_str_equal, NULL));

  /* The first case by name, found by its whole name, is on the first row again. */
  entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), first);
  rb_gui_test_wait_until (is_found, f);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  rb_gui_test_collect_labels (view, found);
  g_assert_true (g_ptr_array_find_with_equal_func (found, first, g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (found, last, g_str_equal, NULL));
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

  g_test_add ("/dashboard-figures/after-first-frame", Fixture, NULL, fixture_set_up,
              test_figures_after_first_frame, fixture_tear_down);
  g_test_add ("/dashboard-figures/rows-bound-again", Fixture, NULL, fixture_set_up,
              test_rows_bound_again, fixture_tear_down);
  return g_test_run ();
}
