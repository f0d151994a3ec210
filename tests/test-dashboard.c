/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-autosave.h"
#include "rb-case-row.h"
#include "rb-gui-test-util.h"
#include "rb-preferences.h"
#include "rb-registry.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The dashboard and what is reached from it: filters, the preferences, the database
 * switcher and a second window (the assistants are in test-assistants.c). Driven through the window's
 * actions and the widgets they open; checked in the store and in the rows shown.
 */

typedef struct
{
  char *dir;
  char *path;
  RbWindow *window;
} Fixture;

/* Three cases; "SWV Test Leerling 2" has unauthorised absence, so a signal. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(RbRecord) absence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  f->dir = rb_test_make_dir ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  /* Registry and new databases go here, never into the user's own data folder. */
  g_setenv ("ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  f->path = rb_gui_test_make_swv (f->dir, "swv.db", "SWV Test", 3);
  db = rb_database_open (f->path, &error);
  g_assert_no_error (error);
  pupils = rb_store_list (db, rb_schema_lookup_table ("pupils"), "last_name", "Leerling 2", &error);
  g_assert_cmpuint (pupils->len, ==, 1);
  absence = rb_test_save_new (db, "absences", "pupil_uuid", rb_record_get_uuid (pupils->pdata[0]),
                              "absence_date", "2026-09-14", "kind", "UNAUTHORIZED", "hours", "2",
                              NULL);
  g_clear_object (&db);
  f->window = rb_gui_test_show_window (f->path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_all (f->window);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GListModel *
shown (Fixture *f)
{
  return rb_dashboard_get_shown (rb_window_get_dashboard (f->window));
}

static const RbCaseSummary *
shown_summary (Fixture *f, guint position)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (shown (f), position);

  g_assert_nonnull (row);
  return rb_case_row_get_summary (row);
}

static const RbCaseSummary *
summary_named (Fixture *f, const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (shown (f)); i++)
    if (g_str_equal (shown_summary (f, i)->pupil_name, name))
      return shown_summary (f, i);
  return NULL;
}

static const char *
visible_page (Fixture *f)
{
  GtkWidget *stack = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, TRUE);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static void
test_row_opens_case_file (Fixture *f, gconstpointer data)
{
  const RbCaseSummary *second = shown_summary (f, 1);

  g_assert_cmpstr (visible_page (f), ==, "cases");
  rb_gui_test_activate_row (f->window, 1);
  g_assert_cmpstr (visible_page (f), ==, "case");
  g_assert_cmpstr (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)), ==,
                   second->case_uuid);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "SWV Test Leerling 2"));
}

static void
test_signal_and_needs_action_filter (Fixture *f, gconstpointer data)
{
  GtkWidget *toggle = rb_gui_test_find_named (GTK_WIDGET (f->window), "action-filter");

  g_assert_cmpuint (summary_named (f, "SWV Test Leerling 2")->signals->len, >, 0);
  g_assert_cmpuint (summary_named (f, "SWV Test Leerling 1")->signals->len, ==, 0);

  rb_gui_test_click (toggle);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 1);
  g_assert_cmpstr (shown_summary (f, 0)->pupil_name, ==, "SWV Test Leerling 2");
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "1 of 3 cases"));
}

static void
test_status_filter (Fixture *f, gconstpointer data)
{
  GtkDropDown *status = GTK_DROP_DOWN (rb_gui_test_find_named (GTK_WIDGET (f->window),
                                                               "status-filter"));

  /* 0 is "All statuses", then the route: signalering, dreigend, ... */
  gtk_drop_down_set_selected (status, 2);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 0);
  gtk_drop_down_set_selected (status, 1);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);
  gtk_drop_down_set_selected (status, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);
}

static void
test_search_as_you_type (Fixture *f, gconstpointer data)
{
  GtkWidget *entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  /* The window's focus: has-focus also needs the window to be the active one. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window))
                 == rb_gui_test_find (entry, GTK_TYPE_TEXT, TRUE));
  rb_gui_test_type (entry, "leerl");
  rb_gui_test_wait_for_n_items (shown (f), 3);
  rb_gui_test_type (entry, "ing 3");
  rb_gui_test_wait_for_n_items (shown (f), 1);
  g_assert_cmpstr (shown_summary (f, 0)->pupil_name, ==, "SWV Test Leerling 3");
}

static void
test_cards_count_statuses (Fixture *f, gconstpointer data)
{
  GtkWidget *cards = rb_gui_test_find_named (GTK_WIDGET (f->window), "summary-cards");
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  rb_gui_test_collect_labels (cards, texts);
  /* The first card: three cases in signalering. */
  g_assert_cmpuint (texts->len, >=, 4);
  g_assert_cmpstr (texts->pdata[0], ==, "3");
  g_assert_cmpstr (texts->pdata[1], ==, "Signalling");
  g_assert_cmpstr (texts->pdata[2], ==, "0");
}

static GtkWidget *
open_preferences (Fixture *f, const char *page)
{
  GtkWindow *preferences;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  preferences = rb_gui_test_find_toplevel (RB_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);
  rb_gui_test_wait_for_frame (GTK_WIDGET (preferences));
  return GTK_WIDGET (preferences);
}

static void
test_preferences_threshold_changes_dashboard (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences = open_preferences (f, "criteria");
  GtkWidget *criterion = rb_gui_test_find_row (preferences, "3 lesuren ongeoorloofd afwezig");
  g_autoptr(GPtrArray) criteria = NULL;
  guint before = summary_named (f, "SWV Test Leerling 2")->signals->len;

  /* Two hours of truancy do not reach three; lowered to two, they do. */
  g_assert_nonnull (criterion);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (criterion), TRUE);
  rb_gui_test_replace_text (rb_gui_test_find_row (criterion, "Threshold"), "2");
  rb_gui_test_run_for (RB_AUTOSAVE_MAX_DELAY + 100);

  criteria = rb_gui_test_list (f->window, "criteria", "code", "truant-hours-3");
  g_assert_cmpfloat (rb_record_get_double (criteria->pdata[0], "threshold"), ==, 2);
  g_assert_cmpuint (summary_named (f, "SWV Test Leerling 2")->signals->len, ==, before + 1);
}

static void
test_preferences_switch_off_criterion (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences = open_preferences (f, "criteria");
  GtkWidget *criterion = rb_gui_test_find_row (preferences, "1 lesuur ongeoorloofd afwezig");
  GtkWidget *toggle = rb_gui_test_find (criterion, GTK_TYPE_SWITCH, TRUE);
  guint before = summary_named (f, "SWV Test Leerling 2")->signals->len;

  /* What a click on the switch ends in, once its slide is over. */
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  rb_gui_test_run_for (RB_AUTOSAVE_MAX_DELAY + 100);
  g_assert_cmpuint (summary_named (f, "SWV Test Leerling 2")->signals->len, ==, before - 1);
}

static void
test_preferences_add_school (Fixture *f, gconstpointer data)
{
  GtkWidget *preferences = open_preferences (f, "schools");
  GtkWidget *school;
  g_autoptr(GPtrArray) schools = NULL;

  rb_gui_test_click (rb_gui_test_find_button (preferences, "Add School"));
  school = rb_gui_test_find_row (preferences, "New");
  g_assert_nonnull (school);
  rb_gui_test_replace_text (rb_gui_test_find_row (school, "Name"), "Vathorst College");
  /* Closing the preferences saves what was typed. */
  gtk_window_close (GTK_WINDOW (preferences));
  schools = rb_gui_test_list (f->window, "schools", "name", "Vathorst College");
  g_assert_cmpuint (schools->len, ==, 1);
}

static void
test_switch_database_from_recent_list (Fixture *f, gconstpointer data)
{
  g_autofree char *other = rb_gui_test_make_swv (f->dir, "ander.db", "SWV Anders", 2);
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();
  g_autoptr(GError) error = NULL;
  GtkMenuButton *switcher;
  GtkWidget *row;

  g_assert_true (rb_registry_load (registry, &error));
  g_assert_true (rb_registry_remember (registry, other, "SWV Anders", "uuid-anders", &error));
  g_assert_no_error (error);

  switcher = GTK_MENU_BUTTON (rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON, TRUE));
  gtk_menu_button_popup (switcher);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  row = rb_gui_test_find_row (GTK_WIDGET (gtk_menu_button_get_popover (switcher)), "SWV Anders");
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);

  /* Only the other SWV's cases are shown, under its name. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "SWV Anders");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_str_has_prefix (shown_summary (f, i)->pupil_name, "SWV Anders"));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_false (rb_gui_test_shows_label (GTK_WIDGET (f->window), "SWV Test Leerling 1"));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "SWV Anders Leerling 1"));
}

static void
test_same_file_never_open_twice (Fixture *f, gconstpointer data)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  RbWindow *second = g_object_ref_sink (rb_window_new (NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = NULL;

  /* In this process: the window showing it is brought forward instead. */
  g_assert_false (rb_window_open (second, file));
  g_assert_null (rb_window_get_database (second));
  g_assert_true (rb_window_find_for_file (file) == f->window);

  /* Another program (or instance) is refused while the window has it open. */
  db = rb_database_open (f->path, &error);
  g_assert_null (db);
  g_assert_nonnull (error);
  rb_gui_test_destroy_window (second);
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/dashboard/row-opens-case-file", test_row_opens_case_file);
  ADD ("/dashboard/signal-and-needs-action", test_signal_and_needs_action_filter);
  ADD ("/dashboard/status-filter", test_status_filter);
  ADD ("/dashboard/search-as-you-type", test_search_as_you_type);
  ADD ("/dashboard/cards-count-statuses", test_cards_count_statuses);
  ADD ("/dashboard/preferences/threshold", test_preferences_threshold_changes_dashboard);
  ADD ("/dashboard/preferences/switch-off-criterion", test_preferences_switch_off_criterion);
  ADD ("/dashboard/preferences/add-school", test_preferences_add_school);
  ADD ("/dashboard/switcher/recent-database", test_switch_database_from_recent_list);
  ADD ("/dashboard/same-file-never-twice", test_same_file_never_open_twice);
#undef ADD

  return g_test_run ();
}
