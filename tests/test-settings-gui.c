/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rb-application.h"
#include "rb-demo.h"
#include "rb-gui-test-util.h"
#include "rb-gui-util.h"
#include "rb-reports-page.h"
#include "rb-test-util.h"
#include "rb-window.h"

/*
 * What the app remembers in GSettings (the memory backend, never the user's own): the
 * window's size and maximized state, the database shown last, the Reports page's quarter.
 * The application runs in this process, started twice where a test needs a "next start".
 */

#define LAST_FAILED "The database opened last could not be opened, so the demo SWV is shown."

typedef struct
{
  char *dir;
  GSettings *settings;
  RbWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  f->dir = rb_test_make_dir ();
  /* The schema is compiled into the build folder; without it nothing here is tested. */
  f->settings = rb_gui_settings_new ();
  g_assert_nonnull (f->settings);
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  g_clear_object (&f->settings);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* A new window on a new database @name, shown; the caller owns a reference. */
static RbWindow *
show_new_window (Fixture *f, const char *name)
{
  g_autoptr(RbDatabase) db = rb_test_new_database (f->dir, name);
  RbWindow *window = g_object_ref_sink (rb_window_new (NULL));

  rb_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (window));
  return window;
}

/* The size of the window on screen: its surface, with the frame GTK draws itself. */
static gboolean
has_size (RbWindow *window, int width, int height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return surface != NULL && gdk_surface_get_width (surface) == width
         && gdk_surface_get_height (surface) == height;
}

typedef struct
{
  RbWindow *window;
  int width;
  int height;
} Resize;

static gboolean
is_resized (gpointer data)
{
  Resize *resize = data;

  return has_size (resize->window, resize->width, resize->height);
}

static gboolean
is_toplevel (gpointer window)
{
  return g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, NULL);
}

static void
close_window (RbWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close", NULL));
  g_assert_false (is_toplevel (window));
}

static void
test_size_saved_on_close (Fixture *f, gconstpointer data)
{
  g_autoptr(RbWindow) second = NULL;
  Resize resize = { NULL, 900, 650 };

  g_settings_set_int (f->settings, "window-width", 1000);
  g_settings_set_int (f->settings, "window-height", 700);
  f->window = show_new_window (f, "eerste.db");
  g_assert_true (has_size (f->window, 1000, 700));

  /* Resized, then closed: the size is written then, not before. */
  resize.window = f->window;
  gtk_window_set_default_size (GTK_WINDOW (f->window), resize.width, resize.height);
  rb_gui_test_wait_until (is_resized, &resize);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 1000);
  close_window (f->window);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (f->settings, "window-maximized"));

  /* The next window, here for another SWV, starts at that size. */
  second = show_new_window (f, "tweede.db");
  g_assert_true (has_size (second, 900, 650));
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
test_maximized_restored (Fixture *f, gconstpointer data)
{
  g_autoptr(RbWindow) plain = NULL;
  int width, height;

  g_settings_set_int (f->settings, "window-width", 1000);
  g_settings_set_int (f->settings, "window-height", 700);
  g_settings_set_boolean (f->settings, "window-maximized", TRUE);
  f->window = show_new_window (f, "swv.db");
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (f->window)));
  /* Under the maximized window the stored size waits to be restored to. */
  gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 700);

  /* Closed maximized: it stays so, and the size to restore to is kept. */
  close_window (f->window);
  g_assert_true (g_settings_get_boolean (f->settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 700);

  g_settings_set_boolean (f->settings, "window-maximized", FALSE);
  plain = show_new_window (f, "ander.db");
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (plain)));
  g_assert_true (has_size (plain, 1000, 700));
  gtk_window_destroy (GTK_WINDOW (plain));
}

/* What the application showed once it had started. */
typedef struct
{
  char *shown;   /* the database's path, canonical */
  char *message; /* the toast about the last database, if any */
} Started;

static void
look_at_window (GApplication *app, Started *started)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  RbDatabase *db;

  g_assert_true (RB_IS_WINDOW (window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (window));
  db = rb_window_get_database (RB_WINDOW (window));
  g_assert_nonnull (db);
  started->shown = g_canonicalize_filename (rb_database_get_path (db), NULL);
  rb_gui_test_collect_labels (GTK_WIDGET (window), labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (labels, i), LAST_FAILED))
      started->message = g_strdup (g_ptr_array_index (labels, i));
  g_application_quit (app);
}

static void
on_open_cb (GApplication *app, GFile **files, int n_files, const char *hint, Started *started)
{
  look_at_window (app, started);
}

/* Starts the application as `routeboek [FILE]` and looks at its window. */
static void
start (const char *file, Started *started)
{
  g_autoptr(RbApplication) app = rb_application_new ();
  const char *argv[] = { "routeboek", "--non-unique", file, NULL };

  memset (started, 0, sizeof *started);
  if (file != NULL)
    g_signal_connect_after (app, "open", G_CALLBACK (on_open_cb), started);
  else
    g_signal_connect_after (app, "activate", G_CALLBACK (look_at_window), started);
  g_assert_cmpint (rb_application_run (app, file != NULL ? 3 : 2, (char **) argv), ==, 0);
  g_assert_nonnull (started->shown);
}

static void
clear_started (Started *started)
{
  g_clear_pointer (&started->shown, g_free);
  g_clear_pointer (&started->message, g_free);
}

static char *
use_data_dir (Fixture *f)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);

  /* Registry and demo database go here, never into the user's own data folder. */
  g_setenv ("ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  return rb_demo_dup_path ();
}

static void
test_last_database_opened (Fixture *f, gconstpointer data)
{
  g_autofree char *demo = use_data_dir (f);
  g_autoptr(RbDatabase) db = rb_test_new_database (f->dir, "swv.db");
  g_autofree char *path = g_canonicalize_filename (rb_database_get_path (db), NULL);
  g_autofree char *last = NULL;
  Started started;

  g_clear_object (&db);
  start (path, &started);
  g_assert_cmpstr (started.shown, ==, path);
  clear_started (&started);
  last = g_settings_get_string (f->settings, "last-database");
  g_assert_cmpstr (last, ==, path);

  /* The next start without a file shows it again, without a message. */
  start (NULL, &started);
  g_assert_cmpstr (started.shown, ==, path);
  g_assert_null (started.message);
  g_assert_false (g_file_test (demo, G_FILE_TEST_EXISTS));
  clear_started (&started);
}

typedef enum
{
  LAST_MISSING,
  LAST_CORRUPT,
  LAST_FOREIGN,
} LastKind;

/* A SQLite database of another program. */
static void
make_foreign (const char *path)
{
  sqlite3 *handle = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE notes (text TEXT);"
                                 "INSERT INTO notes VALUES ('van een ander programma');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
}

static void
test_last_database_falls_back (Fixture *f, gconstpointer data)
{
  LastKind kind = GPOINTER_TO_INT (data);
  g_autofree char *demo = use_data_dir (f);
  g_autofree char *path = g_build_filename (f->dir, "vorige.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *last = NULL;
  Started started;

  if (kind == LAST_CORRUPT)
    g_assert_true (g_file_set_contents (path, "\x01\x02 geen sqlite", -1, NULL));
  else if (kind == LAST_FOREIGN)
    make_foreign (path);
  before = kind != LAST_MISSING ? rb_test_file_checksum (path) : NULL;
  g_settings_set_string (f->settings, "last-database", path);

  /* It starts all the same, on the demo, and says why. */
  start (NULL, &started);
  g_assert_cmpstr (started.shown, ==, demo);
  g_assert_nonnull (started.message);
  g_assert_nonnull (strstr (started.message, "vorige.db"));
  clear_started (&started);

  /* The file is left as it was: not made, not changed. */
  if (kind == LAST_MISSING)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  else
    {
      after = rb_test_file_checksum (path);
      g_assert_cmpstr (after, ==, before);
    }
  last = g_settings_get_string (f->settings, "last-database");
  g_assert_cmpstr (last, ==, demo);
}

/* Without the schema compiled in the build folder (and not installed) the real program
 * starts all the same, remembering nothing. */
static void
test_starts_without_schema (Fixture *f, gconstpointer data)
{
  g_autofree char *empty = g_build_filename (f->dir, "geen-schema", NULL);
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *png = g_build_filename (f->dir, "start.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  const char *argv[] = { g_getenv ("ROUTEBOEK_GUI"), option, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", empty, TRUE);
  envp = g_environ_setenv (envp, "ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_printerr ("%s%s", out, err);
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

static void
on_open_resize_and_quit_cb (GApplication *app, GFile **files, int n_files, const char *hint,
                            gpointer data)
{
  Resize resize = { RB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))), 900,
                    650 };

  rb_gui_test_wait_for_frame (GTK_WIDGET (resize.window));
  gtk_window_set_default_size (GTK_WINDOW (resize.window), resize.width, resize.height);
  rb_gui_test_wait_until (is_resized, &resize);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Quitting (Ctrl+Q) closes the windows as their close buttons do: the size is kept. */
static void
test_quit_saves_size (Fixture *f, gconstpointer data)
{
  g_autofree char *demo = use_data_dir (f);
  g_autoptr(RbDatabase) db = rb_test_new_database (f->dir, "swv.db");
  g_autofree char *path = g_strdup (rb_database_get_path (db));
  g_autoptr(RbApplication) app = rb_application_new ();
  const char *argv[] = { "routeboek", "--non-unique", path, NULL };

  g_clear_object (&db);
  g_signal_connect_after (app, "open", G_CALLBACK (on_open_resize_and_quit_cb), NULL);
  g_assert_cmpint (rb_application_run (app, 3, (char **) argv), ==, 0);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 650);
}

static RbReportsPage *
show_reports (RbWindow *window)
{
  RbReportsPage *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reports", NULL));
  page = RB_REPORTS_PAGE (rb_gui_test_find_toplevel (RB_TYPE_REPORTS_PAGE));
  g_assert_nonnull (page);
  return page;
}

static void
close_reports (RbReportsPage *page)
{
  g_autoptr(RbReportsPage) held = g_object_ref (page);

  gtk_window_close (GTK_WINDOW (page));
  g_assert_false (is_toplevel (held));
}

static void
test_report_quarter (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quarter = NULL;
  RbReportsPage *page;

  /* The test clock says 14 September 2026: the page starts at 2026Q3. */
  f->window = rb_gui_test_show_fixture (f->dir, "report-swv.json");
  page = show_reports (f->window);
  g_assert_cmpstr (rb_reports_page_get_report (page)->from, ==, "2026-07-01");
  g_assert_true (rb_reports_page_set_range (page, "2026-04-01", "2026-06-30", &error));
  g_assert_no_error (error);
  close_reports (page);
  quarter = g_settings_get_string (f->settings, "report-quarter");
  g_assert_cmpstr (quarter, ==, "2026Q2");

  /* Opened again, it shows that quarter. */
  page = show_reports (f->window);
  g_assert_cmpstr (rb_reports_page_get_report (page)->from, ==, "2026-04-01");
  g_assert_cmpstr (rb_reports_page_get_report (page)->to, ==, "2026-06-30");

  /* Back at today's quarter, nothing is stored: a later day starts at its own quarter. */
  g_assert_true (rb_reports_page_set_range (page, "2026-07-01", "2026-09-30", &error));
  close_reports (page);
  g_clear_pointer (&quarter, g_free);
  quarter = g_settings_get_string (f->settings, "report-quarter");
  g_assert_cmpstr (quarter, ==, "");

  /* A setting that names no quarter is today's quarter. */
  g_settings_set_string (f->settings, "report-quarter", "kwartaal 9");
  page = show_reports (f->window);
  g_assert_cmpstr (rb_reports_page_get_report (page)->from, ==, "2026-07-01");
  close_reports (page);
}

int
main (int argc, char **argv)
{
  GSettingsBackend *backend;

  rb_gui_test_init (&argc, &argv);
  /* Whatever happens here stays in memory: the user's settings are never touched. */
  backend = g_settings_backend_get_default ();
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (backend), ==, "GMemorySettingsBackend");
  g_object_unref (backend);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/settings-gui/window/size-saved-on-close", NULL, test_size_saved_on_close);
  ADD ("/settings-gui/window/maximized-restored", NULL, test_maximized_restored);
  ADD ("/settings-gui/app/last-database-opened", NULL, test_last_database_opened);
  ADD ("/settings-gui/app/last-database-missing", GINT_TO_POINTER (LAST_MISSING),
       test_last_database_falls_back);
  ADD ("/settings-gui/app/last-database-corrupt", GINT_TO_POINTER (LAST_CORRUPT),
       test_last_database_falls_back);
  ADD ("/settings-gui/app/last-database-foreign", GINT_TO_POINTER (LAST_FOREIGN),
       test_last_database_falls_back);
  ADD ("/settings-gui/app/quit-saves-size", NULL, test_quit_saves_size);
  ADD ("/settings-gui/app/starts-without-schema", NULL, test_starts_without_schema);
  ADD ("/settings-gui/reports/quarter", NULL, test_report_quarter);
#undef ADD

  return g_test_run ();
}
