/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "rb-application.h"
#include "rb-case-row.h"
#include "rb-demo.h"
#include "rb-error.h"
#include "rb-gui-test-util.h"
#include "rb-registry.h"
#include "rb-share-dialog.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"
#include "rb-window.h"

/*
 * The main window and the application, driven in-process under Xvfb: the tests look at
 * the widgets a person would see (title, rows, status pages) and act through them
 * (typing in the search entry, sorting a column).
 */

typedef struct
{
  const char *first_name;
  const char *last_name;
  const char *status;
  const char *opened_on;
  const char *regisseur;
} Pupil;

static const Pupil pupils[] = {
  { "Zoë", "Bakker", "thuiszitter", "2026-09-07", "Samira Benali" },
  { "Şükrü", "Yılmaz-Öztürk", "dreigend", "2026-08-31", "Kees Molenaar" },
  { "Anna", "de Vries", "signalering", "2026-10-01", "Samira Benali" },
  { "Milan", "Jansen", "signalering", "2026-05-19", "Ingrid van Vliet" },
  { "Daan", "Visser", "afgesloten", "2026-02-10", "Kees Molenaar" },
};

/* A case that was deleted: its tombstone must never be listed. */
static const Pupil deleted_pupil = { "Tim", "Weggehaald", "signalering", "2026-09-01", NULL };

typedef struct
{
  char *dir;
  char *path;
  RbWindow *window;
} Fixture;

static RbRecord *
save_case (RbDatabase *db, RbRecord *school, const Pupil *p)
{
  g_autoptr(RbRecord) pupil = NULL;

  pupil = rb_test_save_new (db, "pupils", "first_name", p->first_name, "last_name", p->last_name,
                    "birth_date", "2013-05-02", "school_uuid", rb_record_get_uuid (school),
                    "enrolled", "ja", NULL);
  return rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", p->status,
                   "opened_on", p->opened_on, "regisseur_swv", p->regisseur, NULL);
}

/* The database of the tests: "SWV Test" (VO, midden) with the cases above, or none. */
static char *
make_database (const char *dir, const char *name, gboolean with_cases)
{
  g_autoptr(RbDatabase) db = rb_test_new_database (dir, name);
  g_autoptr(RbRecord) school = NULL;
  g_autoptr(RbRecord) deleted = NULL;
  g_autoptr(GError) error = NULL;

  if (with_cases)
    {
      school = rb_test_save_new (db, "schools", "name", "OBS De Wilgen", "brin", "12AB", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (pupils); i++)
        g_object_unref (save_case (db, school, &pupils[i]));
      deleted = save_case (db, school, &deleted_pupil);
      g_assert_true (rb_store_delete (db, deleted, &error));
      g_assert_no_error (error);
    }
  return g_strdup (rb_database_get_path (db));
}

static gboolean
ptr_array_has_string (GPtrArray *array, const char *text)
{
  return g_ptr_array_find_with_equal_func (array, text, g_str_equal, NULL);
}

static GtkColumnView *
column_view (Fixture *f)
{
  GtkWidget *view = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW, FALSE);

  g_assert_nonnull (view);
  return GTK_COLUMN_VIEW (view);
}

/* The rows as shown: filtered and in the current sort order. (The column view's own
 * model keeps its slots while a search finds nothing and the table is hidden.) */
static GListModel *
shown_rows (Fixture *f)
{
  return rb_dashboard_get_shown (rb_window_get_dashboard (f->window));
}

static const char *
shown_name (Fixture *f, guint position)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (shown_rows (f), position);

  g_assert_nonnull (row);
  /* The model holds its own reference; the string stays valid after unref. */
  return rb_case_row_get_pupil_name (row);
}

static GtkColumnViewColumn *
column (Fixture *f, guint position)
{
  GListModel *columns = gtk_column_view_get_columns (column_view (f));
  GtkColumnViewColumn *col = g_list_model_get_item (columns, position);

  /* The column view keeps its columns alive. */
  g_object_unref (col);
  return col;
}

static const char *
count_text (Fixture *f)
{
  GtkWidget *entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, FALSE);

  /* The count sits next to the search entry. */
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (entry)));
}

static AdwStatusPage *
visible_status_page (Fixture *f)
{
  GtkWidget *page = rb_gui_test_find (GTK_WIDGET (f->window), ADW_TYPE_STATUS_PAGE, TRUE);

  return page ? ADW_STATUS_PAGE (page) : NULL;
}

static void
show_window (Fixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);

  f->window = g_object_ref_sink (rb_window_new (NULL));
  g_assert_true (rb_window_open (f->window, file));
  gtk_window_present (GTK_WINDOW (f->window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  gboolean with_cases = GPOINTER_TO_INT (data);

  f->dir = rb_test_make_dir ();
  f->path = make_database (f->dir, "swv.db", with_cases);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_clear_object (&f->window);
    }
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
test_lists_cases (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  guint n_names = 0;

  show_window (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown_rows (f)), ==, G_N_ELEMENTS (pupils));
  g_assert_cmpstr (count_text (f), ==, "5 cases");

  /* Every case is on screen (five rows fit), with its school, status and Dutch date. */
  rb_gui_test_collect_labels (GTK_WIDGET (column_view (f)), texts);
  for (guint i = 0; i < G_N_ELEMENTS (pupils); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %s", pupils[i].first_name, pupils[i].last_name);
      g_assert_true (ptr_array_has_string (texts, name));
      n_names++;
    }
  g_assert_cmpuint (n_names, ==, 5);
  g_assert_false (ptr_array_has_string (texts, "Tim Weggehaald"));
  g_assert_true (ptr_array_has_string (texts, "OBS De Wilgen"));
  g_assert_true (ptr_array_has_string (texts, "Thuiszitter"));
  g_assert_true (ptr_array_has_string (texts, "Ingrid van Vliet"));
  g_assert_null (visible_status_page (f));
}

static void
test_title_shows_swv (Fixture *f, gconstpointer data)
{
  AdwWindowTitle *title;

  show_window (f);
  title = ADW_WINDOW_TITLE (rb_gui_test_find (GTK_WIDGET (f->window), ADW_TYPE_WINDOW_TITLE, TRUE));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "SWV Test");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "VO · holiday region Central");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "SWV Test");
}

static void
search (Fixture *f, const char *text, guint expected)
{
  GtkWidget *entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* The entry waits a moment after typing before it searches. */
  rb_gui_test_wait_for_n_items (shown_rows (f), expected);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
test_search_filters (Fixture *f, gconstpointer data)
{
  AdwStatusPage *page;

  show_window (f);

  /* Without accents and in lower case, as people type names. */
  search (f, "sukru", 1);
  g_assert_cmpstr (shown_name (f, 0), ==, "Şükrü Yılmaz-Öztürk");
  g_assert_cmpstr (count_text (f), ==, "1 of 5 cases");

  /* Anywhere in the name, and still in name order. */
  search (f, "AN", 3);
  g_assert_cmpstr (count_text (f), ==, "3 of 5 cases");
  g_assert_cmpstr (shown_name (f, 0), ==, "Anna de Vries");
  g_assert_cmpstr (shown_name (f, 1), ==, "Daan Visser");
  g_assert_cmpstr (shown_name (f, 2), ==, "Milan Jansen");

  /* Nothing found: a status page says so, and the search entry stays. */
  search (f, "Pietje", 0);
  page = visible_status_page (f);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Cases Found");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "Pietje"));
  g_assert_nonnull (rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE));

  search (f, "", G_N_ELEMENTS (pupils));
  g_assert_null (visible_status_page (f));
  g_assert_cmpstr (count_text (f), ==, "5 cases");
}

static int
status_rank_at (Fixture *f, guint position)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (shown_rows (f), position);

  return rb_case_row_get_status_rank (row);
}

static void
test_sort_by_columns (Fixture *f, gconstpointer data)
{
  GtkColumnView *view;
  GListModel *rows;
  guint n;

  show_window (f);
  view = column_view (f);
  rows = shown_rows (f);
  n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, ==, 5);

  /* The list opens sorted by pupil name. */
  g_assert_cmpstr (shown_name (f, 0), ==, "Anna de Vries");
  g_assert_cmpstr (shown_name (f, 1), ==, "Daan Visser");
  g_assert_cmpstr (shown_name (f, 2), ==, "Milan Jansen");

  gtk_column_view_sort_by_column (view, column (f, 0), GTK_SORT_DESCENDING);
  g_assert_cmpstr (shown_name (f, n - 3), ==, "Milan Jansen");
  g_assert_cmpstr (shown_name (f, n - 2), ==, "Daan Visser");
  g_assert_cmpstr (shown_name (f, n - 1), ==, "Anna de Vries");

  /* By status, in the order of the route; the name stays the second key. */
  gtk_column_view_sort_by_column (view, column (f, 0), GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (view, column (f, 2), GTK_SORT_ASCENDING);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (status_rank_at (f, i - 1), <=, status_rank_at (f, i));
  g_assert_cmpstr (shown_name (f, 0), ==, "Anna de Vries");
  g_assert_cmpstr (shown_name (f, 1), ==, "Milan Jansen");
  g_assert_cmpstr (shown_name (f, n - 1), ==, "Daan Visser");

  gtk_column_view_sort_by_column (view, column (f, 2), GTK_SORT_DESCENDING);
  g_assert_cmpstr (shown_name (f, 0), ==, "Daan Visser");

  /* By regisseur. */
  gtk_column_view_sort_by_column (view, column (f, 7), GTK_SORT_ASCENDING);
  g_assert_cmpstr (shown_name (f, 0), ==, "Milan Jansen");
  gtk_column_view_sort_by_column (view, column (f, 7), GTK_SORT_DESCENDING);
  g_assert_cmpstr (shown_name (f, n - 1), ==, "Milan Jansen");

  /* Sorting only reorders: the same five rows are there. */
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
}

static void
test_empty_database (Fixture *f, gconstpointer data)
{
  AdwStatusPage *page;

  show_window (f);
  page = visible_status_page (f);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Cases Yet");
  g_assert_null (rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_COLUMN_VIEW, TRUE));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "SWV Test");
}

static char *
expected_open_error (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open (path, &error);

  g_assert_null (db);
  g_assert_nonnull (error);
  return g_markup_escape_text (error->message, -1);
}

static void
test_corrupt_file (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = g_build_filename (f->dir, "kapot <1>.db", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) good_file = g_file_new_for_path (f->path);
  g_autoptr(GError) error = NULL;
  AdwStatusPage *page;

  g_assert_true (g_file_set_contents (bad, "Dit is geen database, maar een boodschappenlijst.\n",
                                      -1, &error));
  g_assert_no_error (error);
  expected = expected_open_error (bad);

  /* Nothing open yet: the message fills the window. */
  f->window = g_object_ref_sink (rb_window_new (NULL));
  g_assert_false (rb_window_open (f->window, bad_file));
  gtk_window_present (GTK_WINDOW (f->window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  page = visible_status_page (f);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_description (page), ==, expected);
  g_assert_null (rb_window_get_database (f->window));

  /* A good file then replaces the message. */
  g_assert_true (rb_window_open (f->window, good_file));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_null (visible_status_page (f));
  g_assert_cmpuint (g_list_model_get_n_items (shown_rows (f)), ==, 5);

  /* With a database shown, a bad file leaves it shown (the message becomes a toast). */
  g_assert_false (rb_window_open (f->window, bad_file));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_null (visible_status_page (f));
  g_assert_cmpstr (rb_database_get_path (rb_window_get_database (f->window)), ==, f->path);
  g_assert_cmpuint (g_list_model_get_n_items (shown_rows (f)), ==, 5);
}

static void
assert_png_of_size (const char *png, int width, int height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);

  g_assert_no_error (error);
  if (width > 0)
    {
      g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
    }
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >=, 360);
  g_assert_cmpint (height, >=, 200);

  /* Not a blank image: text, lines and an icon give many distinct colours. */
  g_assert_cmpuint (rb_gui_test_count_colours (texture), >, 20);
}

static gboolean
window_is_drawn (gpointer data)
{
  g_autoptr(GdkTexture) texture = rb_window_render (data);

  return texture != NULL;
}

static void
test_save_png (Fixture *f, gconstpointer data)
{
  g_autofree char *png = g_build_filename (f->dir, "venster.png", NULL);
  g_autoptr(GError) error = NULL;
  int width, height;

  show_window (f);
  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  height = gtk_widget_get_height (GTK_WIDGET (f->window));
  g_assert_cmpint (width, >=, 1000);
  g_assert_cmpint (height, >=, 600);

  rb_gui_test_wait_until (window_is_drawn, f->window);
  g_assert_true (rb_window_save_png (f->window, png, &error));
  g_assert_no_error (error);
  assert_png_of_size (png, width, height);
}

/* Runs the real application in this process, as `routeboek ARGS...` would. */
static int
run_application (const char *first_arg, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(RbApplication) app = rb_application_new ();
  va_list ap;
  const char *arg;

  g_ptr_array_add (args, (gpointer) "routeboek");
  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return rb_application_run (app, args->len - 1, (char **) args->pdata);
}

/* Runs the real application on @file until its first frame (it saves a screenshot and
 * quits), with @after_open run once it has opened the file. */
static void
run_application_on (Fixture *f, const char *file, GCallback after_open, gpointer data)
{
  g_autofree char *png = g_build_filename (f->dir, "run.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autoptr(RbApplication) app = rb_application_new ();
  const char *argv[] = { "routeboek", option, file, NULL };

  g_signal_connect_after (app, "open", after_open, data);
  g_assert_cmpint (rb_application_run (app, 3, (char **) argv), ==, 0);
}

static char *
use_data_dir (const char *dir)
{
  char *data_dir = g_build_filename (dir, "data", NULL);

  /* Registry and demo database go here, never into the user's own data folder. */
  g_setenv ("ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  return data_dir;
}

static char *
registry_last (void)
{
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rb_registry_load (registry, &error));
  g_assert_no_error (error);
  return rb_registry_dup_last (registry);
}

static void
test_app_opens_file_and_remembers (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  g_autofree char *png = g_build_filename (f->dir, "app.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *last = NULL;
  g_autofree char *canonical = g_canonicalize_filename (f->path, NULL);
  g_autofree char *demo = rb_demo_dup_path ();

  g_assert_cmpint (run_application ("--non-unique", option, f->path, NULL), ==, 0);
  assert_png_of_size (png, 0, 0);
  last = registry_last ();
  g_assert_cmpstr (last, ==, canonical);

  /* Started again without a file, it opens the one from last time (not the demo). */
  g_remove (png);
  g_assert_cmpint (run_application (option, NULL), ==, 0);
  assert_png_of_size (png, 0, 0);
  g_assert_false (g_file_test (demo, G_FILE_TEST_EXISTS));
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

static void
test_app_first_start_demo (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  g_autofree char *png = g_build_filename (f->dir, "demo.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *demo = NULL;
  g_autofree char *last = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_application (option, NULL), ==, 0);
  assert_png_of_size (png, 0, 0);

  demo = rb_demo_dup_path ();
  g_assert_true (g_str_has_prefix (demo, data_dir));
  last = registry_last ();
  g_assert_cmpstr (last, ==, demo);
  db = rb_database_open (demo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rb_store_count (db, rb_schema_lookup_table ("cases"), NULL), ==, RB_DEMO_CASES);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

static void
test_app_corrupt_file_no_crash (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  g_autofree char *bad = g_build_filename (f->dir, "leeg.db", NULL);
  g_autofree char *png = g_build_filename (f->dir, "error.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *last = NULL;

  g_assert_true (g_file_set_contents (bad, "\x01\x02 geen sqlite", -1, NULL));
  g_assert_cmpint (run_application (option, bad, NULL), ==, 0);
  assert_png_of_size (png, 0, 0);
  /* A file that did not open is not remembered. */
  last = registry_last ();
  g_assert_null (last);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

static void
on_window_added_cb (GtkApplication *app, GtkWindow *window, GtkWindow **about)
{
  if (ADW_IS_ABOUT_WINDOW (window))
    {
      g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (window)), ==,
                       "Routeboek");
      g_assert_true (RB_IS_WINDOW (gtk_window_get_transient_for (window)));
      *about = window;
    }
}

/* Run when "open" has made the window: the about action, as the menu activates it. */
static void
on_opened_show_about_cb (GApplication *app, GFile **files, int n_files, const char *hint,
                         GtkWindow **about)
{
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), about);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
}

static void
test_app_about (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  GtkWindow *about = NULL;

  run_application_on (f, f->path, G_CALLBACK (on_opened_show_about_cb), &about);
  g_assert_nonnull (about);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

typedef struct
{
  const char *bundle;
  char *db_path;
  gboolean asked;
} BundleOpened;

/* Run when "open" is done: the window of the bundle's SWV asks for its passphrase. */
static void
on_bundle_opened_cb (GApplication *app, GFile **files, int n_files, const char *hint,
                     BundleOpened *opened)
{
  RbShareDialog *dialog = RB_SHARE_DIALOG (rb_gui_test_find_toplevel (RB_TYPE_SHARE_DIALOG));
  g_autofree char *path = NULL;
  GtkWindow *parent;

  g_assert_nonnull (dialog);
  g_assert_cmpint (rb_share_dialog_get_mode (dialog), ==, RB_SHARE_IMPORT);
  path = g_file_get_path (rb_share_dialog_get_file (dialog));
  g_assert_cmpstr (path, ==, opened->bundle);
  parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_assert_true (RB_IS_WINDOW (parent));
  opened->db_path = g_strdup (rb_database_get_path (rb_window_get_database (RB_WINDOW (parent))));
  opened->asked = TRUE;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* `routeboek FILE.routeboek`, as the desktop file's %F runs it for a double-clicked
 * bundle: the import starts in the window of the bundle's SWV, not a database of it. */
static void
test_app_opens_bundle_for_import (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  g_autofree char *png = g_build_filename (f->dir, "import.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *bundle = g_build_filename (f->dir, "van-collega.routeboek", NULL);
  g_autofree char *canonical = g_canonicalize_filename (f->path, NULL);
  g_autoptr(GError) error = NULL;
  BundleOpened opened = { bundle, NULL, FALSE };
  RbSyncOptions options;

  /* The SWV's database is known here (it was opened once), and a bundle of it arrives. */
  g_assert_cmpint (run_application ("--non-unique", option, f->path, NULL), ==, 0);
  {
    g_autoptr(RbDatabase) db = rb_database_open (f->path, &error);

    g_assert_no_error (error);
    rb_test_quick_sync_options (&options);
    rb_sync_export (db, bundle, "geheim wachtwoord", &options, NULL, &error);
    g_assert_no_error (error);
  }

  run_application_on (f, bundle, G_CALLBACK (on_bundle_opened_cb), &opened);
  g_assert_true (opened.asked);
  g_assert_cmpstr (opened.db_path, ==, canonical);
  g_free (opened.db_path);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

static gboolean
is_toplevel (gpointer window)
{
  return g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, NULL);
}

static void
test_close_action (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  show_window (f);
  g_assert_true (is_toplevel (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.close", NULL));
  g_assert_false (is_toplevel (f->window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Once gone, the window has let go of its database: the file can be opened again. */
  g_clear_object (&f->window);
  db = rb_database_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
}

static void
collect_accelerators (GtkWidget *widget, GPtrArray *accels)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      char *accel = NULL;

      g_object_get (widget, "accelerator", &accel, NULL);
      g_ptr_array_add (accels, accel);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_accelerators (child, accels);
}

/* Every toplevel the application holds is shown. GTK 4.8 answers a screen reader that
 * asks for a window past the end with the last toplevel, and a hidden one (such as the
 * help overlay GtkApplication keeps) makes it fail a critical. */
static void
assert_every_toplevel_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_visible (window))
        g_error ("a hidden %s is kept as a toplevel", G_OBJECT_TYPE_NAME (window));
    }
}

static gboolean
is_window_gone (gpointer data)
{
  return *(GtkWindow **) data == NULL;
}

/* The shortcuts window opens from the window's action, lists every key binding of the
 * window, and is gone, not hidden, once closed. */
static void
on_opened_show_shortcuts_cb (GApplication *app, GFile **files, int n_files, const char *hint,
                             gboolean *checked)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  const char *expected[] = { "<Control>o", "<Control>f", "<Control>w", "<Control>n",
                             "<Control><Shift>n", "<Control>comma", "<Control>question",
                             "Escape <Alt>Left", "<Control>q", NULL };
  g_autoptr(GPtrArray) accels = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) accels_for_shortcuts =
    gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  GtkWindow *shortcuts;

  g_assert_true (RB_IS_WINDOW (window));
  g_assert_true (g_strv_contains ((const char *const *) accels_for_shortcuts, "<Control>question"));
  assert_every_toplevel_shown ();
  shortcuts = rb_gui_test_open_dialog (RB_WINDOW (window), "win.show-help-overlay",
                                       GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == window);
  collect_accelerators (GTK_WIDGET (shortcuts), accels);
  for (guint i = 0; expected[i] != NULL; i++)
    if (!ptr_array_has_string (accels, expected[i]))
      g_error ("the shortcuts window does not list %s", expected[i]);

  g_object_add_weak_pointer (G_OBJECT (shortcuts), (gpointer *) &shortcuts);
  gtk_window_close (shortcuts);
  rb_gui_test_wait_until (is_window_gone, &shortcuts);
  assert_every_toplevel_shown ();
  *checked = TRUE;
}

static void
test_app_shortcuts_window (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = use_data_dir (f->dir);
  gboolean checked = FALSE;

  run_application_on (f, f->path, G_CALLBACK (on_opened_show_shortcuts_cb), &checked);
  g_assert_true (checked);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

#define ADD(path, with_cases, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_cases), fixture_set_up, func, fixture_tear_down)
  ADD ("/app/window/lists-cases", TRUE, test_lists_cases);
  ADD ("/app/window/title-shows-swv", TRUE, test_title_shows_swv);
  ADD ("/app/window/search-filters", TRUE, test_search_filters);
  ADD ("/app/window/sort-by-columns", TRUE, test_sort_by_columns);
  ADD ("/app/window/empty-database", FALSE, test_empty_database);
  ADD ("/app/window/corrupt-file", TRUE, test_corrupt_file);
  ADD ("/app/window/save-png", TRUE, test_save_png);
  ADD ("/app/window/close-action", TRUE, test_close_action);
  ADD ("/app/application/opens-file-and-remembers", TRUE, test_app_opens_file_and_remembers);
  ADD ("/app/application/first-start-demo", FALSE, test_app_first_start_demo);
  ADD ("/app/application/corrupt-file-no-crash", FALSE, test_app_corrupt_file_no_crash);
  ADD ("/app/application/about", TRUE, test_app_about);
  ADD ("/app/application/shortcuts-window", TRUE, test_app_shortcuts_window);
  ADD ("/app/application/opens-bundle-for-import", TRUE, test_app_opens_bundle_for_import);
#undef ADD

  return g_test_run ();
}
