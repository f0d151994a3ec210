/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-gui-test-util.h"
#include "rb-new-case-dialog.h"
#include "rb-new-database-dialog.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The new-case and new-SWV assistants, opened through the window's actions and driven
 * page by page: what Next allows, what it says when it does not, Back, Enter and Escape,
 * and what is in the store before and after Create.
 */

typedef struct
{
  char *dir;
  char *data_dir;
  RbWindow *window;
} Fixture;

/* A VO SWV with one school and three cases; new databases go to a folder of the test. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = rb_test_make_dir ();
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("ROUTEBOEK_DATA_DIR", f->data_dir, TRUE);
  path = rb_gui_test_make_swv (f->dir, "swv.db", "SWV Test", 3);
  f->window = rb_gui_test_show_window (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_all (f->window);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (f->dir);
  g_free (f->data_dir);
  g_free (f->dir);
}

static RbAssistant *
open_assistant (Fixture *f, const char *action, GType type)
{
  return RB_ASSISTANT (rb_gui_test_open_dialog (f->window, action, type));
}

static GtkWidget *
row (RbAssistant *assistant, const char *title)
{
  GtkWidget *found = rb_gui_test_find_row (GTK_WIDGET (assistant), title);

  g_assert_nonnull (found);
  return found;
}

/* Next, or Create on the last page: the button Enter presses. */
static GtkWidget *
next_button (RbAssistant *assistant)
{
  return gtk_window_get_default_widget (GTK_WINDOW (assistant));
}

static void
click_next (RbAssistant *assistant)
{
  guint step = rb_assistant_get_step (assistant);

  rb_gui_test_click (next_button (assistant));
  g_assert_cmpuint (rb_assistant_get_step (assistant), ==, step + 1);
}

/* Enter in a field; when it activates the default button, that clicks once its pressed
 * look has been shown. */
static void
press_enter (GtkWidget *row)
{
  rb_gui_test_press_enter (row);
  rb_gui_test_run_for (400);
}

static const char *
step_shown (RbAssistant *assistant)
{
  GtkWidget *title = rb_gui_test_find (GTK_WIDGET (assistant), ADW_TYPE_WINDOW_TITLE, TRUE);

  return adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title));
}

static guint
count (Fixture *f, const char *table)
{
  g_autoptr(GPtrArray) records = rb_gui_test_list (f->window, table, NULL, NULL);

  return records->len;
}

static gboolean
is_closed (gpointer type)
{
  return rb_gui_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

static RbAssistant *
open_new_case (Fixture *f)
{
  return open_assistant (f, "win.new-case", RB_TYPE_NEW_CASE_DIALOG);
}

static void
fill_pupil (RbAssistant *dialog, const char *first, const char *last, const char *born)
{
  rb_gui_test_type (row (dialog, "First name"), first);
  rb_gui_test_type (row (dialog, "Last name"), last);
  rb_gui_test_type (row (dialog, "Birth date (day-month-year)"), born);
}

static void
test_new_case_creates_case (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  GListModel *shown;

  g_assert_cmpstr (step_shown (dialog), ==, "Step 1 of 3: Pupil");
  fill_pupil (dialog, "Noor", "El Idrissi", "3-4-2013");
  click_next (dialog);
  g_assert_cmpstr (step_shown (dialog), ==, "Step 2 of 3: School and Route");
  rb_gui_test_type (row (dialog, "Group or class"), "1B");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (dialog, "Status")), 2);
  rb_gui_test_replace_text (row (dialog, "Regisseur of the SWV"), "Samira Benali");
  rb_gui_test_replace_text (row (dialog, "Start date (day-month-year)"), "7-9-2026");
  click_next (dialog);

  /* The overview says what will be made, on the Create button's page. */
  g_assert_cmpstr (step_shown (dialog), ==, "Step 3 of 3: Overview");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (next_button (dialog))), ==, "C_reate");
  /* The window's focus, not has-focus: that needs the window to be the active one, which
   * another test's window on the shared display can be. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == next_button (dialog));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog), "Noor El Idrissi"));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog), "Het Baken"));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog), "Thuiszitter"));
  rb_gui_test_click (next_button (dialog));

  pupils = rb_gui_test_list (f->window, "pupils", "last_name", "El Idrissi");
  g_assert_cmpuint (pupils->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (pupils->pdata[0], "birth_date"), ==, "2013-04-03");
  g_assert_cmpstr (rb_record_get_string (pupils->pdata[0], "group_name"), ==, "1B");
  g_assert_true (rb_record_get_boolean (pupils->pdata[0], "enrolled"));
  cases = rb_gui_test_list (f->window, "cases", "pupil_uuid",
                            rb_record_get_uuid (pupils->pdata[0]));
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "status"), ==, "thuiszitter");
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "opened_on"), ==, "2026-09-07");
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "thuiszitter_since"), ==, "2026-09-07");
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "regisseur_swv"), ==, "Samira Benali");
  changes = rb_gui_test_list (f->window, "status_changes", "case_uuid",
                              rb_record_get_uuid (cases->pdata[0]));
  g_assert_cmpuint (changes->len, ==, 1);

  /* The assistant is gone, the dashboard has the case and its file is open. */
  g_assert_null (rb_gui_test_find_toplevel (RB_TYPE_NEW_CASE_DIALOG));
  shown = rb_dashboard_get_shown (rb_window_get_dashboard (f->window));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  g_assert_cmpstr (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)), ==,
                   rb_record_get_uuid (cases->pdata[0]));
}

static void
test_new_case_birth_date_keeps_next_disabled (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  GtkWidget *birth = row (dialog, "Birth date (day-month-year)");

  /* Nothing typed: a hint, not an error. */
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_cmpstr (rb_assistant_get_message (dialog), ==, "Fill in the pupil’s first and last name.");

  /* Six years old: no pupil of a VO school. */
  fill_pupil (dialog, "Sem", "de Jong", "1-1-2020");
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_nonnull (strstr (rb_assistant_get_message (dialog), "6 years old"));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog), rb_assistant_get_message (dialog)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (next_button (dialog)), ==,
                   rb_assistant_get_message (dialog));
  /* Enter does not go on either. */
  press_enter (birth);
  g_assert_cmpuint (rb_assistant_get_step (dialog), ==, 0);

  /* Not a date at all. */
  rb_gui_test_replace_text (birth, "gisteren");
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_nonnull (strstr (rb_assistant_get_message (dialog), "is not a date"));
  g_assert_false (rb_assistant_go_next (dialog));

  /* Thirteen: fine, and Enter goes on. */
  rb_gui_test_replace_text (birth, "1-1-2013");
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_null (rb_assistant_get_message (dialog));
  press_enter (birth);
  g_assert_cmpuint (rb_assistant_get_step (dialog), ==, 1);
  g_assert_cmpuint (count (f, "pupils"), ==, 3);
}

static void
test_new_case_warns_duplicate (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  g_autoptr(GPtrArray) pupils = rb_gui_test_list (f->window, "pupils", "last_name", "Leerling 1");
  g_autoptr(GPtrArray) cases = rb_gui_test_list (f->window, "cases", "pupil_uuid",
                                                 rb_record_get_uuid (pupils->pdata[0]));

  /* Same pupil as case 1, typed in another case and without the capitals. */
  fill_pupil (dialog, "swv test", "LEERLING 1", "2-5-2011");
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog),
                                          "SWV Test Leerling 1, born on 02-05-2011, is already "
                                          "in this database"));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog),
                                          "Their case: Signalling, opened on 01-09-2026, "
                                          "regisseur Samira Benali."));
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_cmpstr (rb_assistant_get_message (dialog), ==,
                   "Open the existing case, or confirm that this is a different pupil.");

  /* Opening it shows that case's file; nothing new is stored. */
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Open Case"));
  g_assert_null (rb_gui_test_find_toplevel (RB_TYPE_NEW_CASE_DIALOG));
  g_assert_cmpstr (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)), ==,
                   rb_record_get_uuid (cases->pdata[0]));
  g_assert_cmpuint (count (f, "pupils"), ==, 3);
  g_assert_cmpuint (count (f, "cases"), ==, 3);
}

static void
test_new_case_duplicate_go_on (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  g_autoptr(GPtrArray) pupils = NULL;
  GtkWidget *different;

  fill_pupil (dialog, "SWV Test", "Leerling 2", "02-05-2011");
  different = rb_gui_test_find (row (dialog, "It is a different pupil with the same name and "
                                             "birth date"),
                                GTK_TYPE_SWITCH, TRUE);
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  gtk_switch_set_active (GTK_SWITCH (different), TRUE);
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));

  /* Another birth date is another question: the confirmation does not carry over. */
  rb_gui_test_replace_text (row (dialog, "Birth date (day-month-year)"), "2-5-2011");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (different)));
  gtk_switch_set_active (GTK_SWITCH (different), TRUE);
  click_next (dialog);
  click_next (dialog);
  rb_gui_test_click (next_button (dialog));
  g_assert_cmpuint (count (f, "pupils"), ==, 4);
  pupils = rb_gui_test_list (f->window, "pupils", "last_name", "Leerling 2");
  g_assert_cmpuint (pupils->len, ==, 2);
}

static void
test_new_case_back_keeps_values (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  GtkWidget *birth = row (dialog, "Birth date (day-month-year)");
  g_autoptr(GPtrArray) cases = NULL;

  fill_pupil (dialog, "Daan", "Visser", "14-2-2012");
  click_next (dialog);
  rb_gui_test_type (row (dialog, "Group or class"), "2A");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (dialog, "Status")), 1);
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Previous"));
  g_assert_cmpuint (rb_assistant_get_step (dialog), ==, 0);
  g_assert_cmpstr (step_shown (dialog), ==, "Step 1 of 3: Pupil");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, "First name"))), ==, "Daan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, "Last name"))), ==, "Visser");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (birth)), ==, "14-2-2012");
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));

  click_next (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row (dialog, "Group or class"))), ==, "2A");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row (dialog, "Status"))), ==, 1);
  click_next (dialog);
  rb_gui_test_click (next_button (dialog));
  cases = rb_gui_test_list (f->window, "cases", "status", "dreigend");
  g_assert_cmpuint (cases->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (cases->pdata[0], "opened_on"), ==, "2026-09-14");
}

static void
test_new_case_nothing_stored_before_create (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  guint changes = count (f, "status_changes");

  fill_pupil (dialog, "Lotte", "Bakker", "30-6-2010");
  click_next (dialog);
  click_next (dialog);
  g_assert_cmpuint (count (f, "pupils"), ==, 3);
  g_assert_cmpuint (count (f, "cases"), ==, 3);
  g_assert_cmpuint (count (f, "status_changes"), ==, changes);

  /* Back and forth on the overview changes nothing either. */
  g_assert_true (rb_assistant_go_back (dialog));
  click_next (dialog);
  g_assert_cmpuint (count (f, "pupils"), ==, 3);
  rb_gui_test_click (next_button (dialog));
  g_assert_cmpuint (count (f, "pupils"), ==, 4);
  g_assert_cmpuint (count (f, "cases"), ==, 4);
  g_assert_cmpuint (count (f, "status_changes"), ==, changes + 1);
}

static void
test_new_case_escape_cancels (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);

  fill_pupil (dialog, "Lotte", "Bakker", "30-6-2010");
  click_next (dialog);
  click_next (dialog);
  g_assert_true (rb_gui_test_press_key (next_button (dialog), GDK_KEY_Escape));
  rb_gui_test_wait_until (is_closed, GSIZE_TO_POINTER (RB_TYPE_NEW_CASE_DIALOG));
  g_assert_cmpuint (count (f, "pupils"), ==, 3);
  g_assert_cmpuint (count (f, "cases"), ==, 3);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, TRUE))),
                   ==, "cases");
}

static void
test_new_case_school_list_is_swv_schools (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  GtkWidget *school = row (dialog, "School");
  GtkWidget *status = row (dialog, "Status");
  GListModel *names = adw_combo_row_get_model (ADW_COMBO_ROW (school));
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "Het Baken");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==,
                   "Not enrolled at any school");

  /* At no school, the pupil is in absolute verzuim; the status is not asked. */
  fill_pupil (dialog, "Milan", "Jansen", "9-9-2009");
  click_next (dialog);
  g_assert_true (gtk_widget_get_sensitive (status));
  adw_combo_row_set_selected (ADW_COMBO_ROW (school), 1);
  g_assert_false (gtk_widget_get_sensitive (status));
  click_next (dialog);
  rb_gui_test_click (next_button (dialog));
  pupils = rb_gui_test_list (f->window, "pupils", "last_name", "Jansen");
  g_assert_false (rb_record_get_boolean (pupils->pdata[0], "enrolled"));
  g_assert_null (rb_record_get_string (pupils->pdata[0], "school_uuid"));
  cases = rb_gui_test_list (f->window, "cases", "status", "absoluut-verzuim");
  g_assert_cmpuint (cases->len, ==, 1);
}

static void
test_new_case_start_date (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_new_case (f);
  GtkWidget *start;

  fill_pupil (dialog, "Milan", "Jansen", "9-9-2009");
  click_next (dialog);
  start = row (dialog, "Start date (day-month-year)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (start)), ==, "14-09-2026");
  rb_gui_test_replace_text (start, "15-9-2026");
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_nonnull (strstr (rb_assistant_get_message (dialog), "today (14-09-2026)"));
  rb_gui_test_replace_text (start, "1-9-2026");
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));
}

/* The .db files in the folder new databases go to. */
static guint
count_databases (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->data_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_suffix (name, ".db");
  return n;
}

static void
test_new_database_stores_first_schools (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_assistant (f, "win.new-database", RB_TYPE_NEW_DATABASE_DIALOG);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *name, *brin, *add;
  AdwComboRow *kind;
  RbWindow *window = NULL;
  RbDatabase *db;
  g_autoptr(GPtrArray) schools = NULL;

  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_cmpstr (rb_assistant_get_message (dialog), ==, "Give the samenwerkingsverband a name.");
  rb_gui_test_type (row (dialog, "Name of the samenwerkingsverband"), "SWV Eemland PO");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (dialog, "Kind of education")), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (dialog, "Holiday region")), 2);
  press_enter (row (dialog, "Name of the samenwerkingsverband"));
  g_assert_cmpstr (step_shown (dialog), ==, "Step 2 of 3: First Schools");

  /* New schools are of the SWV's kind unless chosen otherwise. */
  kind = ADW_COMBO_ROW (row (dialog, "Kind of school"));
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, 0);
  name = row (dialog, "Name of the school");
  brin = row (dialog, "BRIN number (optional)");
  add = rb_gui_test_find_button (GTK_WIDGET (dialog), "Add School");
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));
  rb_gui_test_type (name, "De Regenboog");
  rb_gui_test_type (brin, "12ab");
  g_assert_false (gtk_widget_get_sensitive (next_button (dialog)));
  g_assert_cmpstr (rb_assistant_get_message (dialog), ==,
                   "Press Add School to keep “De Regenboog”, or clear its name.");
  rb_gui_test_click (add);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");
  g_assert_true (gtk_widget_get_sensitive (next_button (dialog)));

  /* Enter in the form adds the school, and does not go on. */
  rb_gui_test_type (name, "Het Anker");
  adw_combo_row_set_selected (kind, 1);
  press_enter (name);
  g_assert_cmpuint (rb_assistant_get_step (dialog), ==, 1);

  /* A wrong BRIN number or a school listed twice cannot be added. */
  rb_gui_test_type (name, "de regenboog");
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (rb_assistant_get_message (dialog), ==, "“de regenboog” is already in the list.");
  rb_gui_test_replace_text (name, "Tijdelijk");
  rb_gui_test_type (brin, "XYZ");
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_nonnull (strstr (rb_assistant_get_message (dialog), "is not a BRIN number"));
  rb_gui_test_replace_text (brin, "");
  rb_gui_test_click (add);
  rb_gui_test_click (rb_gui_test_find (row (dialog, "Tijdelijk"), GTK_TYPE_BUTTON, TRUE));
  g_assert_null (rb_gui_test_find_row (GTK_WIDGET (dialog), "Tijdelijk"));

  click_next (dialog);
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (dialog), "De Regenboog\nHet Anker"));
  g_assert_cmpuint (count_databases (f), ==, 0);
  rb_gui_test_click (next_button (dialog));

  /* A second window shows the new SWV; the first keeps its own. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);
      if (RB_IS_WINDOW (item) && RB_WINDOW (item) != f->window)
        window = RB_WINDOW (item);
    }
  g_assert_nonnull (window);
  db = rb_window_get_database (window);
  g_assert_cmpstr (rb_database_get_swv_name (db), ==, "SWV Eemland PO");
  g_assert_cmpstr (rb_database_get_school_type (db), ==, "PO");
  g_assert_cmpstr (rb_database_get_region (db), ==, "zuid");
  schools = rb_gui_test_list (window, "schools", NULL, NULL);
  g_assert_cmpuint (schools->len, ==, 2);
  for (guint i = 0; i < schools->len; i++)
    {
      RbRecord *school = schools->pdata[i];
      gboolean regenboog = g_str_equal (rb_record_get_string (school, "name"), "De Regenboog");

      g_assert_cmpstr (rb_record_get_string (school, "brin"), ==, regenboog ? "12AB" : NULL);
      g_assert_cmpstr (rb_record_get_string (school, "school_type"), ==, regenboog ? "PO" : "SBO");
    }
  g_assert_cmpstr (rb_database_get_swv_name (rb_window_get_database (f->window)), ==, "SWV Test");
}

static void
test_new_database_escape_cancels (Fixture *f, gconstpointer data)
{
  RbAssistant *dialog = open_assistant (f, "win.new-database", RB_TYPE_NEW_DATABASE_DIALOG);

  rb_gui_test_type (row (dialog, "Name of the samenwerkingsverband"), "SWV Geannuleerd");
  click_next (dialog);
  rb_gui_test_type (row (dialog, "Name of the school"), "De Regenboog");
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), "Add School"));
  click_next (dialog);
  g_assert_cmpuint (count_databases (f), ==, 0);
  g_assert_true (rb_gui_test_press_key (row (dialog, "Name of the school"), GDK_KEY_Escape));
  rb_gui_test_wait_until (is_closed, GSIZE_TO_POINTER (RB_TYPE_NEW_DATABASE_DIALOG));
  g_assert_cmpuint (count_databases (f), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 1);
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/assistants/new-case/creates-case", test_new_case_creates_case);
  ADD ("/assistants/new-case/birth-date-keeps-next-disabled",
       test_new_case_birth_date_keeps_next_disabled);
  ADD ("/assistants/new-case/duplicate-opens-existing", test_new_case_warns_duplicate);
  ADD ("/assistants/new-case/duplicate-go-on", test_new_case_duplicate_go_on);
  ADD ("/assistants/new-case/back-keeps-values", test_new_case_back_keeps_values);
  ADD ("/assistants/new-case/nothing-stored-before-create",
       test_new_case_nothing_stored_before_create);
  ADD ("/assistants/new-case/escape-cancels", test_new_case_escape_cancels);
  ADD ("/assistants/new-case/swv-schools", test_new_case_school_list_is_swv_schools);
  ADD ("/assistants/new-case/start-date", test_new_case_start_date);
  ADD ("/assistants/new-database/stores-first-schools", test_new_database_stores_first_schools);
  ADD ("/assistants/new-database/escape-cancels", test_new_database_escape_cancels);
#undef ADD

  return g_test_run ();
}
