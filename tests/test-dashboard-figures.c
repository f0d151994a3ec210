/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-case-row.h"
#include "rb-caseload.h"
#include "rb-gui-test-util.h"
#include "rb-test-util.h"

/*
 * A large caseload on the dashboard: its rows come before their figures, which are
 * computed while the window is idle and then equal those of rb_caseload_new(); and the
 * rows on screen are bound to the cases a search finds (the column view shows slots),
 * also after a search that found nothing.
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
  f->dir = rb_test_make_dir ();
  f->db = rb_test_generate_swv (f->dir, "large.db", N_CASES, 7);

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

/* The window with every figure shown; returns its column view. */
static GtkWidget *
show_dashboard (Fixture *f)
{
  rb_window_set_database (f->window, f->db);
  gtk_window_present (GTK_WINDOW (f->window));
  rb_gui_test_wait_until (has_figures, dashboard (f));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  return rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW, TRUE);
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

  view = show_dashboard (f);
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

/* The text cells under @root, each with a reference (so that none is freed and another
 * made at its address). */
static void
collect_cells (GtkWidget *root, GPtrArray *cells)
{
  if (GTK_IS_INSCRIPTION (root))
    g_ptr_array_add (cells, g_object_ref (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static GtkWidget *
shown_cell (GtkWidget *root, const char *text)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);

  collect_cells (root, cells);
  for (guint i = 0; i < cells->len; i++)
    if (gtk_widget_get_mapped (cells->pdata[i])
        && g_strcmp0 (gtk_inscription_get_text (cells->pdata[i]), text) == 0)
      return cells->pdata[i];
  return NULL;
}

/* A search that finds nothing shows the empty state: the table is hidden, and nothing of
 * the rows it had is shown, focusable or presented to assistive technology. Deleting a
 * letter brings back exactly the cases that match, in the row widgets the table had. */
static void
test_nothing_found_and_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autofree char *first = NULL;
  g_autofree char *query = NULL;
  g_autofree char *typed = NULL;
  GtkWidget *view, *entry, *page;
  GPtrArray *summaries;
  guint n, n_matching = 0;

  view = show_dashboard (f);
  entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);
  collect_cells (view, cells);
  g_assert_cmpuint (cells->len, >, 0);

  /* The first name of a case halfway down, which the first case's name does not have. */
  n = g_list_model_get_n_items (rb_dashboard_get_shown (dashboard (f)));
  first = g_strdup (shown (f, 0)->pupil_name);
  for (guint i = n / 2; query == NULL && i < n; i++)
    {
      g_auto(GStrv) words = g_strsplit (shown (f, i)->search_key, " ", 2);

      if (strstr (shown (f, 0)->search_key, words[0]) == NULL)
        query = g_strdup (words[0]);
    }
  g_assert_nonnull (query);
  summaries = rb_caseload_get_summaries (rb_dashboard_get_caseload (dashboard (f)));
  for (guint i = 0; i < summaries->len; i++)
    if (strstr (((RbCaseSummary *) summaries->pdata[i])->search_key, query) != NULL)
      n_matching++;

  typed = g_strconcat (query, "#", NULL);
  rb_gui_test_type (entry, typed);
  rb_gui_test_wait_for_n_items (rb_dashboard_get_shown (dashboard (f)), 0);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  page = rb_gui_test_find (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE, TRUE);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "No Cases Found");
  g_assert_false (gtk_widget_is_visible (view));
  g_assert_false (gtk_widget_get_mapped (view));
  rb_gui_test_collect_labels (GTK_WIDGET (f->window), texts);
  g_assert_false (g_ptr_array_find_with_equal_func (texts, first, g_str_equal, NULL));

  gtk_editable_delete_text (GTK_EDITABLE (entry), strlen (query), -1);
  rb_gui_test_wait_for_n_items (rb_dashboard_get_shown (dashboard (f)), n_matching);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_null (rb_gui_test_find (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE, TRUE));
  g_assert_true (gtk_widget_get_mapped (view));
  for (guint i = 0; i < n_matching; i++)
    g_assert_nonnull (strstr (shown (f, i)->search_key, query));
  /* The first match is on the first row, in a cell the table had before; the case shown
   * there before is gone. */
  g_assert_true (g_ptr_array_find (cells, shown_cell (view, shown (f, 0)->pupil_name), NULL));
  g_assert_null (shown_cell (view, first));
}

/* A key that turns one match into all cases gives the table a screenful of rows at
 * once (as many as it shows) and the others when the main loop is idle, each showing
 * its own case. */
static void
test_long_result_in_steps (Fixture *f, gconstpointer data)
{
  GtkWidget *view = show_dashboard (f);
  GtkWidget *entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  GListModel *matches = rb_dashboard_get_shown (dashboard (f));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  guint n_all = g_list_model_get_n_items (matches);
  g_autofree char *key = g_strdup (shown (f, n_all / 2)->search_key);
  double row_height;
  guint n_at_once;

  g_assert_cmpuint (n_all, >, 1000);
  gtk_editable_set_text (GTK_EDITABLE (entry), key);
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (matches), ==, n_all);
  n_at_once = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n_at_once, >=, 10);
  g_assert_cmpuint (n_at_once, <, n_all);
  rb_gui_test_wait_for_frame (view);
  /* Cell, then the cell's box in the row, then the row. */
  row_height = gtk_widget_get_height (gtk_widget_get_parent (gtk_widget_get_parent (
    shown_cell (view, shown (f, 0)->pupil_name))));
  g_assert_cmpfloat (row_height, >, 10);
  g_assert_cmpfloat (n_at_once * row_height, >=, gtk_adjustment_get_page_size (adjustment));
  rb_gui_test_wait_for_n_items (rows, n_all);
  for (guint i = 0; i < n_all; i += 97)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (rows, i);

      g_assert_cmpstr (rb_case_row_get_uuid (row), ==, shown (f, i)->case_uuid);
    }
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

  g_test_add ("/dashboard-figures/after-first-frame", Fixture, NULL, fixture_set_up,
              test_figures_after_first_frame, fixture_tear_down);
  g_test_add ("/dashboard-figures/rows-bound-again", Fixture, NULL, fixture_set_up,
              test_rows_bound_again, fixture_tear_down);
  g_test_add ("/dashboard-figures/nothing-found-and-back", Fixture, NULL, fixture_set_up,
              test_nothing_found_and_back, fixture_tear_down);
  g_test_add ("/dashboard-figures/long-result-in-steps", Fixture, NULL, fixture_set_up,
              test_long_result_in_steps, fixture_tear_down);
  return g_test_run ();
}
