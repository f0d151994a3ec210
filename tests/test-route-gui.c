/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "rb-case-route.h"
#include "rb-error.h"
#include "rb-gui-test-util.h"
#include "rb-gui-util.h"
#include "rb-preferences.h"
#include "rb-route-column.h"
#include "rb-route-editor.h"
#include "rb-route-state.h"
#include "rb-store.h"
#include "rb-test-util.h"
#include "rb-window.h"

/*
 * The case file's Route section for every preset: the checklist of a case part-way
 * through its route, acting on a step, and a screenshot of each (docs/screenshots/route/
 * when ROUTEBOEK_SCREENSHOT_DIR is set, else the test's folder). The fixed clock says
 * 14 September 2026.
 */

typedef struct
{
  const char *preset;
  const char *school_type;
  const char *status;        /* the case shown has reached this status on 1 September */
  const char *meeting;       /* and held a meeting of this kind on 2 September, or NULL */
  const char *next;          /* the next step shown */
} Preset;

static const Preset presets[] = {
  { "po-drechtsteden-kernteam", "PO", "dreigend", "ot-breed", "vier-weken" },
  { "po-drechtsteden-zonder-kernteam", "PO", "dreigend", "ot-breed", "vier-weken" },
  { "zhw-met-inschrijving", "PO", "dreigend", "jes", "opschalen-8-weken" },
  { "zhw-zonder-inschrijving", "PO", "absoluut-verzuim", NULL, "aanbod-drie-maanden" },
  { "zhw-ziekteverzuim", "VO", "dreigend", "jes", "opschalen-8-weken" },
  { "vo-3006-aanwezigheid", "VO", "signalering", "verzuimgesprek", "ziekmelding-verwerken" },
};

typedef struct
{
  char *dir;
  char *path;
  char *out_dir;
  char *case_uuid;
  RbWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  const char *out_dir = g_getenv ("ROUTEBOEK_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(RbRecord) school = NULL;
  g_autoptr(RbRecord) shown = NULL;

  f->dir = rb_test_make_dir ();
  f->out_dir = g_strdup (out_dir != NULL ? out_dir : f->dir);
  f->path = g_build_filename (f->dir, "route.rbk", NULL);
  db = rb_database_create (f->path, "SWV Route", preset->school_type, "midden", &error);
  g_assert_no_error (error);
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  school = rb_test_save_new (db, "schools", "name", "Het Baken", "brin", "34CD", NULL);
  shown = rb_gui_test_save_case (db, school, "Noor", "Visser", "signalering", "Samira Benali");
  rb_record_set_string (shown, "opened_on", "2026-08-31");
  rb_record_set_string (shown, "route", preset->preset);
  g_assert_true (rb_store_save (db, shown, &error));
  if (g_strcmp0 (preset->status, "signalering") != 0)
    g_assert_true (rb_store_change_status (db, shown, preset->status, "2026-09-01", NULL, NULL,
                                           &error));
  if (preset->meeting != NULL)
    g_object_unref (rb_test_save_new (db, "meetings", "case_uuid", rb_record_get_uuid (shown),
                                      "kind", preset->meeting, "meeting_date", "2026-09-02", NULL));
  g_object_unref (rb_test_save_new (db, "log_entries", "case_uuid", rb_record_get_uuid (shown),
                                    "entry_date", "2026-09-03", "author", "Samira Benali",
                                    "action", "Gesprek met ouders en leerling", NULL));
  f->case_uuid = g_strdup (rb_record_get_uuid (shown));
  /* More cases, so that the dashboard shows next steps of several kinds. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *last = g_strdup_printf ("Leerling %u", i + 1);
      g_autoptr(RbRecord) other = rb_gui_test_save_case (db, school, "Sem", last, "signalering",
                                                         "Samira Benali");

      rb_record_set_string (other, "route", preset->preset);
      g_assert_true (rb_store_save (db, other, &error));
      if (i == 1)
        g_assert_true (rb_store_change_status (db, other, "thuiszitter", "2026-09-07", NULL, NULL,
                                               &error));
      if (i == 2)
        g_assert_true (rb_store_change_status (db, other, "afgesloten", "2026-09-11", NULL, NULL,
                                               &error));
    }
  rb_database_close (db);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->out_dir);
  g_free (f->case_uuid);
}

static RbCaseRoute *
show_route (Fixture *f)
{
  RbCaseFile *file;

  f->window = rb_gui_test_show_window (f->path);
  g_assert_true (rb_window_show_case (f->window, f->case_uuid));
  file = rb_window_get_case_file (f->window);
  rb_case_file_show_section (file, "route");
  rb_gui_test_run_for (300);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  return RB_CASE_ROUTE (rb_gui_test_find (GTK_WIDGET (file), RB_TYPE_CASE_ROUTE, TRUE));
}

static void
save_png (Fixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (f->out_dir, file, NULL);

  rb_gui_test_run_for (400);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_window_save_png (f->window, path, &error));
  g_assert_no_error (error);
}

static void
save_dialog_png (Fixture *f, GtkWidget *dialog, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (f->out_dir, file, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  rb_gui_test_run_for (400);
  rb_gui_test_wait_for_frame (dialog);
  texture = rb_gui_render_widget (dialog);
  g_assert_nonnull (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The checklist shows the preset's next step, with the route chosen in the combo row. */
static void
test_checklist (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  RbCaseRoute *route = show_route (f);
  g_autofree char *name = g_strconcat ("checklist-", preset->preset, NULL);

  g_assert_nonnull (route);
  g_assert_cmpstr (rb_case_route_get_next (route), ==, preset->next);
  g_assert_nonnull (rb_gui_test_find_named (GTK_WIDGET (route), preset->next));
  save_png (f, name);
}

/* Mark Done on the next step moves the next step on; Undo brings it back. */
static void
test_mark_done (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  RbCaseRoute *route = show_route (f);
  RbDashboard *dashboard = rb_window_get_dashboard (f->window);
  g_autofree char *first_next = g_strdup (rb_case_route_get_next (route));
  GtkWidget *row = rb_gui_test_find_named (GTK_WIDGET (route), first_next);
  g_autofree char *shown_before = rb_route_column_dup_text (dashboard, f->case_uuid);
  g_autofree char *shown_done = NULL;
  g_autofree char *shown_undone = NULL;

  g_assert_cmpstr (first_next, ==, preset->next);
  g_assert_true (gtk_widget_activate_action (row, "case-route.done", "s", first_next));
  g_assert_cmpstr (rb_case_route_get_next (route), !=, first_next);
  /* The dashboard's Next Step column follows at once, not after its cache expires. */
  shown_done = rb_route_column_dup_text (dashboard, f->case_uuid);
  g_assert_cmpstr (shown_done, !=, shown_before);
  row = rb_gui_test_find_named (GTK_WIDGET (route), first_next);
  g_assert_true (gtk_widget_activate_action (row, "case-route.undo", "s", first_next));
  g_assert_cmpstr (rb_case_route_get_next (route), ==, first_next);
  shown_undone = rb_route_column_dup_text (dashboard, f->case_uuid);
  g_assert_cmpstr (shown_undone, ==, shown_before);
}

/* Not applicable asks for a reason and cannot be confirmed without one. */
static void
test_not_applicable (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  RbCaseRoute *route = show_route (f);
  GtkWidget *row = rb_gui_test_find_named (GTK_WIDGET (route), preset->next);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (row, "case-route.not-applicable", "s", preset->next));
  dialog = ADW_MESSAGE_DIALOG (rb_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  entry = adw_message_dialog_get_extra_child (dialog);
  rb_gui_test_type (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "apply"));
  rb_gui_test_replace_text (entry, "Besproken in het OT van juni");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "apply"));
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpstr (rb_case_route_get_next (route), !=, preset->next);
}

/* Another route from the combo row: the case follows it and the logbook says so. */
static void
test_change_route (Fixture *f, gconstpointer data)
{
  RbCaseRoute *route = show_route (f);
  AdwComboRow *combo = ADW_COMBO_ROW (rb_gui_test_find (GTK_WIDGET (route), ADW_TYPE_COMBO_ROW, TRUE));
  RbDatabase *db = rb_window_get_database (f->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRoute) fresh = NULL;
  g_autofree char *chosen = NULL;
  RbCaseFile *file;
  GtkWidget *overview_route;
  guint selected = adw_combo_row_get_selected (combo);

  adw_combo_row_set_selected (combo, selected == 0 ? 1 : 0);
  rb_gui_test_run_for (100);
  item = rb_store_get (db, rb_schema_lookup_table ("cases"), f->case_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (item, "route"), !=, ((const Preset *) data)->preset);
  entries = rb_store_list (db, rb_schema_lookup_table ("log_entries"), "case_uuid", f->case_uuid,
                           &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  chosen = g_strdup (rb_record_get_string (item, "route"));
  g_clear_object (&item);

  /* An edit in the overview afterwards keeps the new route (it saves the whole case).
   * This test speaks Dutch (see main ()). */
  file = rb_window_get_case_file (f->window);
  rb_case_file_show_section (file, "overview");
  rb_gui_test_run_for (100);
  rb_gui_test_replace_text (rb_gui_test_find_row (GTK_WIDGET (file), "Regisseur van het SWV"),
                            "Samira Benali");
  g_assert_true (rb_case_file_flush (file));
  item = rb_store_get (db, rb_schema_lookup_table ("cases"), f->case_uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (item, "regisseur_swv"), ==, "Samira Benali");
  g_assert_cmpstr (rb_record_get_string (item, "route"), ==, chosen);

  /* The overview names the new route. */
  overview_route = rb_gui_test_find_row (GTK_WIDGET (file), "Route");
  g_assert_nonnull (overview_route);
  fresh = rb_route_load_stored (db, chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (overview_route)), ==, fresh->name);

  /* The overview's route row leads to the Route section, where it is changed. */
  g_signal_emit_by_name (rb_gui_test_find_row (GTK_WIDGET (file), "Route"), "activated");
  g_assert_true (rb_case_file_get_section (file) != NULL
                 && g_str_equal (rb_case_file_get_section (file), "route"));
}

/* The Routes page of the preferences: add, edit, reorder, remove; a bad draft is named and
 * not saved; export and import. */
static void
test_editor (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *json_path = g_build_filename (f->dir, "route.json", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(RbRoute) saved = NULL;
  g_auto(GStrv) steps = NULL;
  g_auto(GStrv) moved = NULL;
  g_autofree char *editor_png = g_strconcat ("editor-", preset->preset, NULL);
  RbRouteEditor *editor;
  GtkWindow *dialog;
  RbDatabase *db;
  guint n_steps;

  f->window = rb_gui_test_show_window (f->path);
  db = rb_window_get_database (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  dialog = rb_gui_test_find_toplevel (RB_TYPE_PREFERENCES);
  g_assert_nonnull (dialog);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (dialog), "routes");
  editor = RB_ROUTE_EDITOR (rb_gui_test_find (GTK_WIDGET (dialog), RB_TYPE_ROUTE_EDITOR, TRUE));
  g_assert_nonnull (editor);
  g_assert_true (rb_route_editor_select (editor, preset->preset));
  steps = rb_route_editor_list_steps (editor);
  n_steps = g_strv_length (steps);

  /* A new step that waits for itself: refused, named, nothing saved. */
  rb_route_editor_add_step (editor);
  g_assert_true (rb_route_editor_set_field (editor, "stap-1", "trigger", "step:stap-1"));
  before = rb_test_database_checksum (db);
  g_assert_false (rb_route_editor_save (editor, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "stap-1 → stap-1"));
  g_clear_error (&error);
  after = rb_test_database_checksum (db);
  g_assert_cmpstr (after, ==, before);

  /* Fixed, moved up one place, the closing step (no step waits for it) removed, saved. */
  g_assert_true (rb_route_editor_set_field (editor, "stap-1", "trigger", "status:dreigend"));
  g_assert_true (rb_route_editor_set_field (editor, "stap-1", "deadline", "5 werkdagen"));
  g_assert_true (rb_route_editor_set_field (editor, "stap-1", "title", "Eigen stap van het SWV"));
  rb_route_editor_move_step (editor, "stap-1", -1);
  rb_route_editor_remove_step (editor, steps[n_steps - 1]);
  moved = rb_route_editor_list_steps (editor);
  g_assert_cmpuint (g_strv_length (moved), ==, n_steps);
  g_assert_cmpstr (moved[n_steps - 1], ==, "stap-1");
  g_assert_cmpstr (moved[n_steps - 2], ==, steps[n_steps - 2]);
  save_dialog_png (f, GTK_WIDGET (dialog), editor_png);
  rb_route_editor_save (editor, &error);
  g_assert_no_error (error);
  saved = rb_route_load_stored (db, preset->preset, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_route_find_step (saved, "stap-1")->title, ==, "Eigen stap van het SWV");
  g_assert_cmpuint (rb_route_find_step (saved, "stap-1")->unit, ==, RB_DEADLINE_WORKING_DAYS);
  g_assert_null (rb_route_find_step (saved, steps[n_steps - 1]));

  /* Exported and imported again: the same route. */
  g_assert_true (rb_route_editor_export (editor, json_file, &error));
  g_assert_no_error (error);
  g_assert_true (rb_route_editor_import (editor, json_file, &error));
  g_assert_no_error (error);
  gtk_window_destroy (dialog);
}

static gboolean
figures_done (gpointer dashboard)
{
  return !rb_dashboard_get_figures_pending (dashboard);
}

/* The dashboard's Next Step column shows the case's next step and its due day. */
static void
test_dashboard (Fixture *f, gconstpointer data)
{
  const Preset *preset = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbChecklist) checklist = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *name = g_strconcat ("dashboard-", preset->preset, NULL);
  RbDashboard *dashboard;
  RbDatabase *db;
  GDate today;

  f->window = rb_gui_test_show_window (f->path);
  dashboard = rb_window_get_dashboard (f->window);
  rb_gui_test_wait_until (figures_done, dashboard);
  db = rb_window_get_database (f->window);
  calendar = rb_calendar_new_from_database (db, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 14, 9, 2026);
  checklist = rb_route_checklist_for_case (db, calendar, f->case_uuid, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (checklist->next->step_id, ==, preset->next);
  expected = g_date_valid (&checklist->next->due)
               ? g_strdup_printf ("%02u-%02u · %s", g_date_get_day (&checklist->next->due),
                                  g_date_get_month (&checklist->next->due), checklist->next->title)
               : g_strdup (checklist->next->title);
  text = rb_route_column_dup_text (dashboard, f->case_uuid);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dashboard), _("Next Step")));
  save_png (f, name);
}

typedef void (*TestFunc) (Fixture *f, gconstpointer data);

static void
add_tests (const char *name, TestFunc func)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/route-gui/%s/%s", name, presets[i].preset);

      g_test_add (path, Fixture, &presets[i], fixture_set_up, func, fixture_tear_down);
    }
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);
  /* Its screenshots (docs/screenshots/route/) show the app as its users see it. */
  rb_gui_test_use_dutch ();
  add_tests ("checklist", test_checklist);
  add_tests ("mark-done", test_mark_done);
  add_tests ("editor", test_editor);
  add_tests ("not-applicable", test_not_applicable);
  add_tests ("change-route", test_change_route);
  add_tests ("dashboard", test_dashboard);
  return g_test_run ();
}
