/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-autosave.h"
#include "rb-case-row.h"
#include "rb-gui-test-util.h"
#include "rb-new-case-dialog.h"
#include "rb-new-database-dialog.h"
#include "rb-preferences.h"
#include "rb-registry.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The dashboard and what is reached from it: filters, the new-case assistant, the
 * preferences, the database switcher and a second window. Driven through the window's
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
  GListModel *toplevels = gtk_window_get_toplevels ();

  rb_gui_test_destroy_window (f->window);
  /* Dialogs and windows a test opened. */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (window);
    }
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

typedef struct
{
  Fixture *f;
  guint n_items;
} RowCount;

static gboolean
has_n_rows (gpointer data)
{
  RowCount *count = data;

  return g_list_model_get_n_items (shown (count->f)) == count->n_items;
}

static void
test_search_as_you_type (Fixture *f, gconstpointer data)
{
  GtkWidget *entry = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY, TRUE);
  RowCount three = { f, 3 }, one = { f, 1 };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  g_assert_true (gtk_widget_has_focus (rb_gui_test_find (entry, GTK_TYPE_TEXT, TRUE)));
  rb_gui_test_type (entry, "leerl");
  rb_gui_test_wait_until (has_n_rows, &three);
  rb_gui_test_type (entry, "ing 3");
  rb_gui_test_wait_until (has_n_rows, &one);
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

static GtkWindow *
open_new_case (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-case", NULL));
  dialog = rb_gui_test_find_toplevel (RB_TYPE_NEW_CASE_DIALOG);
  g_assert_nonnull (dialog);
  rb_gui_test_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

static void
fill_new_case (GtkWindow *dialog, const char *first, const char *last, const char *born)
{
  rb_gui_test_type (rb_gui_test_find_row (GTK_WIDGET (dialog), "First name"), first);
  rb_gui_test_type (rb_gui_test_find_row (GTK_WIDGET (dialog), "Last name"), last);
  rb_gui_test_type (rb_gui_test_find_row (GTK_WIDGET (dialog), "Birth date (day-month-year)"),
                    born);
}

static void
test_new_case_assistant_creates_case (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog = open_new_case (f);
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  GtkWidget *status;

  fill_new_case (dialog, "Noor", "El Idrissi", "3-4-2013");
  status = rb_gui_test_find_row (GTK_WIDGET (dialog), "Status");
  adw_combo_row_set_selected (ADW_COMBO_ROW (status), 2);
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create"));

  pupils = rb_gui_test_list (f->window, "pupils", "last_name", "El Idrissi");
  g_assert_cmpuint (pupils->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (pupils->pdata[0], "birth_date"), ==, "2013-04-03");
  cases = rb_gui_test_list (f->window, "cases", "pupil_uuid", rb_record_get_uuid (pupils->pdata[0]));
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "status"), ==, "thuiszitter");
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "opened_on"), ==, "2026-09-14");
  changes = rb_gui_test_list (f->window, "status_changes", "case_uuid",
                              rb_record_get_uuid (cases->pdata[0]));
  g_assert_cmpuint (changes->len, ==, 1);

  /* The dialog is gone, the dashboard has the case and its file is open. */
  g_assert_null (rb_gui_test_find_toplevel (RB_TYPE_NEW_CASE_DIALOG));
  g_assert_nonnull (summary_named (f, "Noor El Idrissi"));
  g_assert_cmpstr (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)), ==,
                   rb_record_get_uuid (cases->pdata[0]));
}

static void
test_new_case_checks_birth_date (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog = open_new_case (f);
  const char *message;

  /* Six years old: no pupil of a VO school. */
  fill_new_case (dialog, "Sem", "de Jong", "1-1-2020");
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create"));
  message = rb_new_case_dialog_get_message (RB_NEW_CASE_DIALOG (dialog));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "6 years old"));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);

  /* Not a date at all. */
  rb_gui_test_replace_text (rb_gui_test_find_row (GTK_WIDGET (dialog),
                                                  "Birth date (day-month-year)"), "gisteren");
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create"));
  g_assert_nonnull (rb_new_case_dialog_get_message (RB_NEW_CASE_DIALOG (dialog)));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);
}

static void
test_new_case_warns_duplicate (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog = open_new_case (f);

  /* Same pupil as case 1, typed in another case and without the capitals. */
  fill_new_case (dialog, "swv test", "LEERLING 1", "2-5-2011");
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create"));
  g_assert_nonnull (strstr (rb_new_case_dialog_get_message (RB_NEW_CASE_DIALOG (dialog)),
                            "already has a file"));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 3);

  /* A second press means: a different pupil after all. */
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create Anyway"));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f)), ==, 4);
}

static void
test_new_case_school_list_is_swv_schools (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog = open_new_case (f);
  AdwComboRow *school = ADW_COMBO_ROW (rb_gui_test_find_row (GTK_WIDGET (dialog), "School"));
  GListModel *names = adw_combo_row_get_model (school);

  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "Het Baken");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==,
                   "Not enrolled at any school");
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

static void
test_new_database_assistant (Fixture *f, gconstpointer data)
{
  GtkWindow *dialog;
  RbWindow *window = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) schools = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-database", NULL));
  dialog = rb_gui_test_find_toplevel (RB_TYPE_NEW_DATABASE_DIALOG);
  g_assert_nonnull (dialog);
  rb_gui_test_type (rb_gui_test_find_row (GTK_WIDGET (dialog), "Name of the samenwerkingsverband"),
                    "SWV Eemland PO");
  adw_combo_row_set_selected (ADW_COMBO_ROW (rb_gui_test_find_row (GTK_WIDGET (dialog), "Schools")),
                              0);
  rb_gui_test_type (rb_gui_test_find_row (GTK_WIDGET (dialog),
                                          "First schools, separated by semicolons"),
                    "De Regenboog; Het Anker");
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Create"));

  /* A second window shows the new SWV; the first keeps its own. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);
      if (RB_IS_WINDOW (item) && RB_WINDOW (item) != f->window)
        window = RB_WINDOW (item);
    }
  g_assert_nonnull (window);
  g_assert_cmpstr (rb_database_get_swv_name (rb_window_get_database (window)), ==, "SWV Eemland PO");
  g_assert_cmpstr (rb_database_get_school_type (rb_window_get_database (window)), ==, "PO");
  schools = rb_gui_test_list (window, "schools", NULL, NULL);
  g_assert_cmpuint (schools->len, ==, 2);
  g_assert_cmpstr (rb_database_get_swv_name (rb_window_get_database (f->window)), ==, "SWV Test");
  g_assert_false (g_str_equal (gtk_widget_get_css_classes (GTK_WIDGET (window))[0], ""));
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
  ADD ("/dashboard/new-case/creates-case", test_new_case_assistant_creates_case);
  ADD ("/dashboard/new-case/checks-birth-date", test_new_case_checks_birth_date);
  ADD ("/dashboard/new-case/warns-duplicate", test_new_case_warns_duplicate);
  ADD ("/dashboard/new-case/swv-schools", test_new_case_school_list_is_swv_schools);
  ADD ("/dashboard/preferences/threshold", test_preferences_threshold_changes_dashboard);
  ADD ("/dashboard/preferences/switch-off-criterion", test_preferences_switch_off_criterion);
  ADD ("/dashboard/preferences/add-school", test_preferences_add_school);
  ADD ("/dashboard/switcher/recent-database", test_switch_database_from_recent_list);
  ADD ("/dashboard/switcher/new-database", test_new_database_assistant);
  ADD ("/dashboard/same-file-never-twice", test_same_file_never_open_twice);
#undef ADD

  return g_test_run ();
}
