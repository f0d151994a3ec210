/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "rb-bundle.h"
#include "rb-conflict-view.h"
#include "rb-gui-test-util.h"
#include "rb-route-state.h"
#include "rb-share-dialog.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"

/*
 * The share dialog and the conflict view, driven in-process under Xvfb through their
 * widgets: typing the passphrase, pressing the buttons, choosing a value.
 */

#define PASSPHRASE "geheim wachtwoord"

typedef struct
{
  char *dir;
  gint64 clock;
  RbDatabase *a;
  RbDatabase *b;
  char *case_uuid;
  gboolean finished;
  gboolean success;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) item = NULL;
  RbSyncOptions options;

  f->dir = rb_test_make_dir ();
  f->a = rb_test_new_database (f->dir, "a.db");
  rb_database_set_clock (f->a, rb_test_ticking_clock, &f->clock);
  pupil = rb_test_save_new (f->a, "pupils", "first_name", "Zoë", "last_name", "Bakker",
                            "birth_date", "2012-06-01", "enrolled", "ja", NULL);
  item = rb_test_save_new (f->a, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status",
                           "thuiszitter", "opened_on", "2026-09-07", "route", "start", NULL);
  f->case_uuid = g_strdup (rb_record_get_uuid (item));

  rb_test_quick_sync_options (&options);
  f->b = rb_test_join_colleague (f->a, f->dir, PASSPHRASE, &options, &f->clock);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->case_uuid);
}

static void
on_finished (RbShareDialog *dialog, gboolean success, Fixture *f)
{
  f->finished = TRUE;
  f->success = success;
}

/* Depth first, in the order a person reads them. */
static void
collect (GtkWidget *widget, GType type, GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static GtkWidget *
find_button (GtkWidget *root, const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
  return NULL;
}

static GtkLabel *
message_label (GtkWidget *root, const char *fragment)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), fragment) != NULL)
      return g_ptr_array_index (labels, i);
  return NULL;
}

static void
type_passphrases (GtkWidget *dialog, const char *first, const char *second)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  gtk_editable_set_text (g_ptr_array_index (rows, 0), first);
  if (second != NULL)
    gtk_editable_set_text (g_ptr_array_index (rows, 1), second);
}

static RbShareDialog *
open_dialog (Fixture *f, RbDatabase *db, RbShareMode mode, const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RbShareDialog *dialog = rb_share_dialog_new (NULL, db, mode, file);

  rb_share_dialog_set_kdf_limits (dialog, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished), f);
  gtk_window_present (GTK_WINDOW (dialog));
  f->finished = FALSE;
  return dialog;
}

/* The main loop keeps running while the thread works: the window never freezes. */
static void
wait_finished (Fixture *f, RbShareDialog *dialog)
{
  guint iterations = 0;

  while (!f->finished)
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_false (rb_share_dialog_is_running (dialog));
  g_assert_cmpuint (iterations, >, 0);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.routeboek", NULL);
  RbShareDialog *dialog = open_dialog (f, f->a, RB_SHARE_EXPORT, path);
  GtkWidget *start = find_button (GTK_WIDGET (dialog), "_Export");
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();

  g_assert_nonnull (start);
  g_assert_false (gtk_widget_get_sensitive (start));
  /* A typo in the repeated passphrase keeps the button off. */
  type_passphrases (GTK_WIDGET (dialog), PASSPHRASE, "geheim wachtwoort");
  g_assert_false (gtk_widget_get_sensitive (start));
  type_passphrases (GTK_WIDGET (dialog), PASSPHRASE, PASSPHRASE);
  g_assert_true (gtk_widget_get_sensitive (start));

  g_signal_emit_by_name (start, "clicked");
  g_assert_true (rb_share_dialog_is_running (dialog));
  wait_finished (f, dialog);
  g_assert_true (f->success);
  g_assert_nonnull (message_label (GTK_WIDGET (dialog), "Exported"));
  collect (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR, bars);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (g_ptr_array_index (bars, 0)), ==, 1.0);
  g_assert_cmpstr (rb_share_dialog_get_passphrase (dialog), ==, PASSPHRASE);

  payload = rb_bundle_read (path, rb_database_get_swv_uuid (f->a), PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payload);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
export_from_a (Fixture *f, const char *path)
{
  g_autoptr(GError) error = NULL;
  RbSyncOptions options;

  rb_test_quick_sync_options (&options);
  rb_sync_export (f->a, path, PASSPHRASE, &options, NULL, &error);
  g_assert_no_error (error);
}

static void
test_import_summary (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.routeboek", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  RbShareDialog *dialog;
  const RbSyncSummary *summary;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "route van A");
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", "route van B");
  rb_test_save_new (f->a, "log_entries", "case_uuid", f->case_uuid, "entry_date", "2026-09-15",
                    "author", "Anouk", "action", "Huisbezoek", NULL);
  export_from_a (f, path);

  /* A wrong passphrase: a sentence in the dialog, the database as it was. */
  before = rb_test_database_checksum (f->b);
  dialog = open_dialog (f, f->b, RB_SHARE_IMPORT, path);
  type_passphrases (GTK_WIDGET (dialog), "verkeerd", NULL);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Import"), "clicked");
  wait_finished (f, dialog);
  g_assert_false (f->success);
  g_assert_nonnull (message_label (GTK_WIDGET (dialog), "passphrase does not open"));
  after = rb_test_database_checksum (f->b);
  g_assert_cmpstr (before, ==, after);

  /* The right one, in the same dialog. */
  f->finished = FALSE;
  type_passphrases (GTK_WIDGET (dialog), PASSPHRASE, NULL);
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Import"), "clicked");
  wait_finished (f, dialog);
  g_assert_true (f->success);
  summary = rb_share_dialog_get_summary (dialog);
  g_assert_cmpuint (summary->added, ==, 1);
  g_assert_cmpuint (summary->updated, ==, 0);
  g_assert_cmpuint (summary->conflicts, ==, 1);
  g_assert_nonnull (message_label (GTK_WIDGET (dialog), "1 record added"));
  g_assert_nonnull (message_label (GTK_WIDGET (dialog), "1 conflict waits for your choice"));
  g_assert_nonnull (find_button (GTK_WIDGET (dialog), "_Close"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
save_png (GtkWidget *widget, int width, int height, const char *path)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  gsk_renderer_unrealize (renderer);
}

static void
count_signal (GObject *emitter, guint *count)
{
  (*count)++;
}

static void
test_conflict_view (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.routeboek", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(RbRecord) record = NULL;
  RbConflictView *view;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *keep;
  guint resolved = 0;

  rb_test_set_text (f->a, "cases", f->case_uuid, "route", "route van A");
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", "route van B");
  export_from_a (f, path);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);

  view = rb_conflict_view_new (f->b);
  g_signal_connect (view, "resolved", G_CALLBACK (count_signal), &resolved);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 420);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (rb_conflict_view_get_n_conflicts (view), ==, 1);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  collect (GTK_WIDGET (view), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_nonnull (message_label (GTK_WIDGET (view), "route van B"));
  g_assert_nonnull (message_label (GTK_WIDGET (view), "route van A"));
  /* Which value is this user's own, and when, as the app writes days. */
  g_assert_nonnull (message_label (GTK_WIDGET (view), "changed 14-09-2026"));
  g_assert_true (g_str_has_suffix (gtk_label_get_text (message_label (GTK_WIDGET (view),
                                                                      " here")), " here"));
  g_assert_nonnull (message_label (GTK_WIDGET (view), "by a colleague (installation "));
  /* Whose case it is, not its number; what of it below. */
  g_assert_nonnull (message_label (GTK_WIDGET (view), "Zoë Bakker"));
  g_assert_nonnull (message_label (GTK_WIDGET (view), "case: route"));
  keep = find_button (GTK_WIDGET (view), "_Keep Chosen Value");
  g_assert_false (gtk_widget_get_sensitive (keep));
  if (g_getenv ("ROUTEBOEK_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("ROUTEBOEK_SCREENSHOT_DIR"),
                                               "conflict-view.png", NULL);
      save_png (GTK_WIDGET (view), 720, 420, png);
    }

  /* B takes A's value (the older one, second in the list). */
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  g_assert_true (gtk_widget_get_sensitive (keep));
  g_signal_emit_by_name (keep, "clicked");
  g_assert_cmpuint (resolved, ==, 1);
  g_assert_cmpuint (rb_conflict_view_get_n_conflicts (view), ==, 0);
  left = rb_sync_list_conflicts (f->b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  record = rb_store_get (f->b, rb_schema_lookup_table ("cases"), f->case_uuid, &error);
  g_assert_cmpstr (rb_record_get_string (record, "route"), ==, "route van A");
  g_assert_nonnull (message_label (GTK_WIDGET (view), "Everything you and your colleagues"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long value (like a route's whole definition) keeps to three lines, all of it in the
 * tooltip, so the other choice stays in sight. */
static void
test_conflict_long_value (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.routeboek", NULL);
  g_autoptr(GString) a_value = g_string_new ("route van A:");
  g_autoptr(GString) b_value = g_string_new ("route van B:");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  RbConflictView *view;
  GtkWidget *window = gtk_window_new ();
  guint n_long = 0;

  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (a_value, " stap %u gedaan;", i);
      g_string_append_printf (b_value, " stap %u overgeslagen;", i);
    }
  rb_test_set_text (f->a, "cases", f->case_uuid, "route", a_value->str);
  rb_test_set_text (f->b, "cases", f->case_uuid, "route", b_value->str);
  export_from_a (f, path);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);

  view = rb_conflict_view_new (f->b);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_assert_true (rb_conflict_view_reload (view, &error));
  g_assert_no_error (error);
  collect (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      const char *tooltip = gtk_widget_get_tooltip_text (row);

      g_assert_cmpint (adw_action_row_get_title_lines (ADW_ACTION_ROW (row)), ==, 3);
      if (tooltip == NULL)
        continue;
      g_assert_true (g_str_equal (tooltip, a_value->str) || g_str_equal (tooltip, b_value->str));
      n_long++;
    }
  g_assert_cmpuint (n_long, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Cancel stops an import, which leaves the database as it was, and says so; closing the
 * dialog while it runs stops it too, and the dialog goes once the thread has let go.
 * The bundle is a generated SWV of 150 cases (about 7,000 records): checking it alone
 * takes the thread far longer than the test takes to press Cancel. */
static void
test_cancel_import (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->dir, "big", NULL);
  g_autofree char *path = g_build_filename (dir, "big.routeboek", NULL);
  g_autoptr(RbDatabase) big = NULL;
  g_autoptr(RbDatabase) colleague = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  RbShareDialog *dialog;
  GtkWidget *import, *cancel;
  RbSyncOptions options;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  big = rb_test_generate_swv (dir, "big.db", 150, 3);
  rb_test_quick_sync_options (&options);
  colleague = rb_test_join_colleague (big, dir, PASSPHRASE, &options, &f->clock);
  rb_sync_export (big, path, PASSPHRASE, &options, NULL, &error);
  g_assert_no_error (error);
  before = rb_test_database_checksum (colleague);

  dialog = open_dialog (f, colleague, RB_SHARE_IMPORT, path);
  type_passphrases (GTK_WIDGET (dialog), PASSPHRASE, NULL);
  import = find_button (GTK_WIDGET (dialog), "_Import");
  cancel = find_button (GTK_WIDGET (dialog), "_Cancel");
  g_signal_emit_by_name (import, "clicked");
  g_assert_true (rb_share_dialog_is_running (dialog));
  g_signal_emit_by_name (cancel, "clicked");
  wait_finished (f, dialog);
  g_assert_false (f->success);
  g_assert_nonnull (message_label (GTK_WIDGET (dialog), "Cancelled: nothing was imported."));
  after = rb_test_database_checksum (colleague);
  g_assert_cmpstr (before, ==, after);

  /* Closed while it runs: still there until the import has stopped, then gone. */
  f->finished = FALSE;
  g_signal_emit_by_name (import, "clicked");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  rb_gui_test_wait_until (is_gone, &dialog);
  g_assert_true (f->finished);
  g_assert_false (f->success);
  g_free (after);
  after = rb_test_database_checksum (colleague);
  g_assert_cmpstr (before, ==, after);
}

/* Saves the route @code of @db without its step @step_id, or with that step retitled. */
static void
edit_route (RbDatabase *db, const char *code, const char *step_id, const char *new_title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRoute) route = rb_route_load_stored (db, code, &error);
  g_autoptr(RbRoute) edited = NULL;
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < route->steps->len; i++)
    {
      RbRouteStep *step = g_ptr_array_index (route->steps, i);

      if (!g_str_equal (step->id, step_id))
        continue;
      if (new_title == NULL)
        {
          g_ptr_array_remove_index (route->steps, i);
          break;
        }
      g_free (step->title);
      step->title = g_strdup (new_title);
    }
  data = rb_route_to_data (route);
  edited = rb_route_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rb_route_save (db, edited, FALSE, &error));
  g_assert_no_error (error);
}

/* Two versions of a route's steps: each choice says what it has more, lacks or has
 * otherwise, not its JSON. */
static void
test_conflict_route_versions (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.routeboek", NULL);
  g_autofree char *png = g_build_filename (f->dir, "conflict-route.png", NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRoute) route = NULL;
  RbConflictView *view;
  GtkWidget *window = gtk_window_new ();
  g_autofree char *removed = NULL;

  route = rb_route_load_stored (f->a, "vo-3006-aanwezigheid", &error);
  g_assert_no_error (error);
  removed = g_strdup (((RbRouteStep *) g_ptr_array_index (route->steps, 1))->title);
  edit_route (f->a, route->code, ((RbRouteStep *) g_ptr_array_index (route->steps, 1))->id,
              NULL);
  edit_route (f->b, route->code, ((RbRouteStep *) g_ptr_array_index (route->steps, 2))->id,
              "Anders genoemd");
  export_from_a (f, path);
  rb_sync_import (f->b, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);

  view = rb_conflict_view_new (f->b);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 520);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (rb_conflict_view_get_n_conflicts (view), ==, 1);
  collect (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));
      g_autofree char *lacks = g_strdup_printf ("lacks “%s”", removed);
      g_autofree char *more = g_strdup_printf ("has “%s” more", removed);

      g_assert_null (strstr (title, "{"));
      g_assert_nonnull (strstr (title, "Compared with the other version"));
      /* A's version (without the step), or B's (with it, one retitled). */
      g_assert_true (strstr (title, lacks) != NULL || strstr (title, more) != NULL);
      g_assert_nonnull (strstr (title, "otherwise"));
    }
  g_assert_nonnull (message_label (GTK_WIDGET (view), route->name));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  save_png (GTK_WIDGET (view), 900, 520, png);
  if (g_getenv ("ROUTEBOEK_KEEP_PNG") != NULL)
    save_png (GTK_WIDGET (view), 900, 520, g_getenv ("ROUTEBOEK_KEEP_PNG"));
  gtk_window_destroy (GTK_WINDOW (window));
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/share-gui/export", test_export);
  ADD ("/share-gui/import-summary", test_import_summary);
  ADD ("/share-gui/conflict-view", test_conflict_view);
  ADD ("/share-gui/conflict-long-value", test_conflict_long_value);
  ADD ("/share-gui/conflict-route-versions", test_conflict_route_versions);
  ADD ("/share-gui/cancel-import", test_cancel_import);
  return g_test_run ();
}
