/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-autosave.h"
#include "rb-case-documents.h"
#include "rb-case-row.h"
#include "rb-document-editor.h"
#include "rb-gui-test-util.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The case file, driven as a regisseur uses it: opened from its dashboard row, typed into,
 * Enter pressed, buttons clicked. Every test checks what reached the database, and what
 * the dashboard behind the case file shows after it.
 */

typedef struct
{
  char *dir;
  char *path;
  RbWindow *window;
  char *case_uuid;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(RbCaseRow) row = NULL;

  f->dir = rb_test_make_dir ();
  f->path = rb_gui_test_make_swv (f->dir, "swv.db", "SWV Test", 1);
  f->window = rb_gui_test_show_window (f->path);
  rb_gui_test_activate_row (f->window, 0);
  row = g_list_model_get_item (rb_dashboard_get_shown (rb_window_get_dashboard (f->window)), 0);
  f->case_uuid = g_strdup (rb_case_row_get_uuid (row));
  g_assert_cmpstr (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)), ==,
                   f->case_uuid);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->case_uuid);
}

/* Shows a section of the case file and returns its page. */
static GtkWidget *
section (Fixture *f, const char *name)
{
  RbCaseFile *case_file = rb_window_get_case_file (f->window);
  GtkWidget *stack = rb_gui_test_find (GTK_WIDGET (case_file), GTK_TYPE_STACK, FALSE);

  rb_case_file_show_section (case_file, name);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static GtkWidget *
row (GtkWidget *page, const char *title)
{
  GtkWidget *found = rb_gui_test_find_row (page, title);

  g_assert_nonnull (found);
  return found;
}

static guint
count (Fixture *f, const char *table, const char *column, const char *value)
{
  g_autoptr(GPtrArray) records = rb_gui_test_list (f->window, table, column, value);

  return records->len;
}

static RbRecord *
only (Fixture *f, const char *table, const char *column, const char *value)
{
  g_autoptr(GPtrArray) records = rb_gui_test_list (f->window, table, column, value);

  g_assert_cmpuint (records->len, ==, 1);
  return g_object_ref (records->pdata[0]);
}

static RbRecord *
get (Fixture *f, const char *table, const char *uuid)
{
  g_autoptr(GError) error = NULL;
  RbRecord *record = rb_store_get (rb_window_get_database (f->window),
                                   rb_schema_lookup_table (table), uuid, &error);

  g_assert_no_error (error);
  return record;
}

static const char *
pupil_uuid (Fixture *f)
{
  g_autoptr(RbRecord) case_record = get (f, "cases", f->case_uuid);
  static char uuid[64];

  g_strlcpy (uuid, rb_record_get_string (case_record, "pupil_uuid"), sizeof uuid);
  return uuid;
}

/* The case's row on the dashboard, as it is now. */
static const RbCaseSummary *
dashboard_summary (Fixture *f)
{
  GListModel *rows = rb_dashboard_get_shown (rb_window_get_dashboard (f->window));
  g_autoptr(RbCaseRow) case_row = g_list_model_get_item (rows, 0);

  g_assert_cmpstr (rb_case_row_get_uuid (case_row), ==, f->case_uuid);
  /* The list store keeps the row, and with it the summary, alive. */
  return rb_case_row_get_summary (case_row);
}

static gboolean
summary_has_signal (const RbCaseSummary *summary, const char *name)
{
  for (guint i = 0; i < summary->signals->len; i++)
    if (g_str_equal (((RbSignal *) g_ptr_array_index (summary->signals, i))->name, name))
      return TRUE;
  return FALSE;
}

static void
add_absence (Fixture *f, const char *from, const char *to, const char *hours)
{
  GtkWidget *page = section (f, "absences");

  rb_gui_test_replace_text (row (page, "From (day-month-year)"), from);
  rb_gui_test_replace_text (row (page, "To (empty for one day)"), to);
  rb_gui_test_replace_text (row (page, "Hours per day"), hours);
  rb_gui_test_press_enter (row (page, "Hours per day"));
}

static void
test_absence_makes_signal (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) absence = NULL;
  GtkWidget *page;

  g_assert_cmpuint (dashboard_summary (f)->signals->len, ==, 0);
  add_absence (f, "14-09-2026", "", "2");

  absence = only (f, "absences", "pupil_uuid", pupil_uuid (f));
  g_assert_cmpstr (rb_record_get_string (absence, "absence_date"), ==, "2026-09-14");
  g_assert_cmpstr (rb_record_get_string (absence, "kind"), ==, "UNAUTHORIZED");
  g_assert_cmpfloat (rb_record_get_double (absence, "hours"), ==, 2);

  /* The signal section shows it with its evidence ... */
  page = section (f, "signals");
  g_assert_nonnull (rb_gui_test_find_row (page, "1 lesuur ongeoorloofd afwezig"));
  g_assert_null (rb_gui_test_find_row (page, "3 lesuren ongeoorloofd afwezig"));

  /* ... and back on the dashboard the row has it, with an icon and its name as tooltip. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (summary_has_signal (dashboard_summary (f), "1 lesuur ongeoorloofd afwezig"));
  g_assert_true (dashboard_summary (f)->needs_action);
}

static void
test_absence_period_skips_weekend (Fixture *f, gconstpointer data)
{
  /* Monday to Sunday: five school days. */
  add_absence (f, "14-09-2026", "20-09-2026", "5");
  g_assert_cmpuint (count (f, "absences", "pupil_uuid", pupil_uuid (f)), ==, 5);
  g_assert_cmpuint (count (f, "absences", "absence_date", "2026-09-19"), ==, 0);
  g_assert_cmpuint (count (f, "absences", "absence_date", "2026-09-18"), ==, 1);
  g_assert_true (rb_gui_test_shows_label (section (f, "absences"), "18-09-2026"));
}

static void
test_absence_bad_date_saves_nothing (Fixture *f, gconstpointer data)
{
  add_absence (f, "31-02-2026", "", "2");
  g_assert_cmpuint (count (f, "absences", "pupil_uuid", pupil_uuid (f)), ==, 0);
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "No absence recorded"));
}

static void
test_undo_restores_deleted_absence (Fixture *f, gconstpointer data)
{
  GtkWidget *page;

  add_absence (f, "14-09-2026", "", "3");
  g_assert_cmpuint (count (f, "absences", "pupil_uuid", pupil_uuid (f)), ==, 1);

  page = section (f, "absences");
  rb_gui_test_click (rb_gui_test_find_named (page, "delete-absences"));
  g_assert_cmpuint (count (f, "absences", "pupil_uuid", pupil_uuid (f)), ==, 0);
  g_assert_cmpuint (dashboard_summary (f)->signals->len, ==, 0);
  g_assert_null (rb_gui_test_find_row (section (f, "signals"), "1 lesuur ongeoorloofd afwezig"));

  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (f->window), "Undo"));
  g_assert_cmpuint (count (f, "absences", "pupil_uuid", pupil_uuid (f)), ==, 1);
  g_assert_true (rb_gui_test_shows_label (section (f, "absences"), "14-09-2026"));
  g_assert_nonnull (rb_gui_test_find_row (section (f, "signals"), "1 lesuur ongeoorloofd afwezig"));
  g_assert_cmpuint (dashboard_summary (f)->signals->len, >, 0);
}

static void
test_meeting_with_agreement_done (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) meeting = NULL;
  g_autoptr(RbRecord) agreement = NULL;
  g_autoptr(RbRecord) participant = NULL;
  GtkWidget *page = section (f, "meetings");
  GtkWidget *check;

  rb_gui_test_replace_text (row (page, "Date (day-month-year)"), "21-09-2026");
  rb_gui_test_type (row (page, "Place"), "School van herkomst");
  rb_gui_test_click (rb_gui_test_find_button (page, "Add"));
  meeting = only (f, "meetings", "case_uuid", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (meeting, "meeting_date"), ==, "2026-09-21");
  g_assert_cmpstr (rb_record_get_string (meeting, "place"), ==, "School van herkomst");

  page = section (f, "meetings");
  rb_gui_test_type (row (page, "Add participant: name, role"), "Anouk Verbeek, ouder");
  rb_gui_test_press_enter (row (page, "Add participant: name, role"));
  participant = only (f, "participants", "meeting_uuid", rb_record_get_uuid (meeting));
  g_assert_cmpstr (rb_record_get_string (participant, "role"), ==, "ouder");

  page = section (f, "meetings");
  rb_gui_test_type (row (page, "Add agreement: what; who; due date"),
                    "Rooster op maat; mentor; 28-09-2026");
  rb_gui_test_press_enter (row (page, "Add agreement: what; who; due date"));
  agreement = only (f, "agreements", "case_uuid", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (agreement, "what"), ==, "Rooster op maat");
  g_assert_cmpstr (rb_record_get_string (agreement, "who"), ==, "mentor");
  g_assert_cmpstr (rb_record_get_string (agreement, "due_date"), ==, "2026-09-28");
  g_assert_false (rb_record_is_set (agreement, "done_date"));
  g_clear_object (&agreement);

  /* Ticking it off is saved at once, with today as the day it was done. */
  page = section (f, "meetings");
  check = rb_gui_test_find (row (page, "Rooster op maat"), GTK_TYPE_CHECK_BUTTON, TRUE);
  g_assert_nonnull (check);
  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  agreement = only (f, "agreements", "case_uuid", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (agreement, "done_date"), ==, "2026-09-14");
}

static void
test_change_status (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  GtkWidget *page = section (f, "overview");

  /* Statuses in the order of the route: signalering, dreigend, thuiszitter, ... */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (page, "Status")), 2);
  rb_gui_test_click (rb_gui_test_find_button (page, "Change Status"));

  case_record = get (f, "cases", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (case_record, "status"), ==, "thuiszitter");
  changes = rb_gui_test_list (f->window, "status_changes", "case_uuid", f->case_uuid);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (changes->pdata[0], "changed_on"), ==, "2026-09-14");
  g_assert_cmpstr (dashboard_summary (f)->status, ==, "thuiszitter");
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "Thuiszitter"));
}

static void
test_logbook_hours (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) entry = NULL;
  GtkWidget *page = section (f, "logbook");
  GtkWidget *logbook;

  rb_gui_test_type (row (page, "Action"), "Huisbezoek");
  rb_gui_test_type (row (page, "Text"), "Gesproken met moeder");
  rb_gui_test_type (row (page, "Hours"), "1.5");
  rb_gui_test_press_enter (row (page, "Hours"));

  entry = only (f, "log_entries", "case_uuid", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (entry, "action"), ==, "Huisbezoek");
  g_assert_cmpfloat (rb_record_get_double (entry, "hours"), ==, 1.5);
  g_assert_cmpstr (rb_record_get_string (entry, "author"), ==, "Samira Benali");

  /* The total against the estimate, and the entry in the list. */
  page = section (f, "logbook");
  logbook = rb_gui_test_find_named (page, "logbook-group");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (logbook)), ==,
                   "1.5 hours spent of the estimated 6–10 hours");
  g_assert_nonnull (rb_gui_test_find_row (page, "14-09-2026 · Huisbezoek"));
}

static void
test_typing_is_saved_as_you_go (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) pupil = NULL;
  GtkWidget *page = section (f, "overview");

  rb_gui_test_type (row (page, "Group or class"), "3 havo");
  /* Nothing is written per keystroke ... */
  pupil = get (f, "pupils", pupil_uuid (f));
  g_assert_false (rb_record_is_set (pupil, "group_name"));
  g_clear_object (&pupil);
  g_assert_true (rb_case_file_has_pending (rb_window_get_case_file (f->window)));

  /* ... but shortly after the typing stops. */
  rb_gui_test_run_for (RB_AUTOSAVE_MAX_DELAY + 100);
  g_assert_false (rb_case_file_has_pending (rb_window_get_case_file (f->window)));
  pupil = get (f, "pupils", pupil_uuid (f));
  g_assert_cmpstr (rb_record_get_string (pupil, "group_name"), ==, "3 havo");
}

static void
test_leaving_saves_typing (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) pupil = NULL;
  GtkWidget *page = section (f, "overview");

  rb_gui_test_replace_text (row (page, "Last name"), "Yılmaz-Öztürk");
  /* Back to the dashboard before the autosave timer: nothing is lost, and the
   * dashboard shows the new name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  pupil = get (f, "pupils", pupil_uuid (f));
  g_assert_cmpstr (rb_record_get_string (pupil, "last_name"), ==, "Yılmaz-Öztürk");
  g_assert_cmpstr (dashboard_summary (f)->pupil_name, ==, "SWV Test Yılmaz-Öztürk");
  rb_gui_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (f->window), "SWV Test Yılmaz-Öztürk"));
}

/* A document made a moment after typing in the overview starts from what was typed: the
 * case file saves it first. */
static void
test_document_takes_what_was_typed (Fixture *f, gconstpointer data)
{
  RbCaseFile *file = rb_window_get_case_file (f->window);
  RbCaseDocuments *documents = rb_case_file_get_documents (file);
  g_autoptr(GError) error = NULL;
  RbDocument *document;

  rb_gui_test_replace_text (row (section (f, "overview"), "Group or class"), "groep 8b");
  g_assert_true (rb_case_file_has_pending (file));
  g_assert_true (rb_case_documents_create (documents, "brugformat", &error));
  g_assert_no_error (error);
  g_assert_false (rb_case_file_has_pending (file));
  document = rb_document_editor_get_document (rb_case_documents_get_editor (documents));
  g_assert_cmpstr (rb_document_get_text (document, "groep"), ==, "groep 8b");
}

static void
test_emptied_name_is_not_saved (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) pupil = NULL;
  GtkWidget *page = section (f, "overview");

  rb_gui_test_replace_text (row (page, "First name"), "");
  rb_gui_test_run_for (RB_AUTOSAVE_MAX_DELAY + 100);
  rb_case_file_flush (rb_window_get_case_file (f->window));
  pupil = get (f, "pupils", pupil_uuid (f));
  g_assert_cmpstr (rb_record_get_string (pupil, "first_name"), ==, "SWV Test");
  g_assert_true (gtk_widget_has_css_class (row (page, "First name"), "error")
                 || rb_case_file_has_pending (rb_window_get_case_file (f->window)));
}

static void
test_consent_recorded (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) consent = NULL;
  GtkWidget *page = section (f, "consents");

  rb_gui_test_type (row (page, "Consent for"), "Overleg met de GGZ");
  rb_gui_test_type (row (page, "Given by"), "moeder");
  rb_gui_test_press_enter (row (page, "Given by"));
  consent = only (f, "consents", "case_uuid", f->case_uuid);
  g_assert_cmpstr (rb_record_get_string (consent, "given_on"), ==, "2026-09-14");
  g_assert_cmpstr (rb_record_get_string (consent, "given_by"), ==, "moeder");
}

static void
test_back_with_escape_action (Fixture *f, gconstpointer data)
{
  GtkWidget *stack = rb_gui_test_find (GTK_WIDGET (f->window), GTK_TYPE_STACK, TRUE);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "case");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "cases");
  g_assert_null (rb_case_file_get_case_uuid (rb_window_get_case_file (f->window)));
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/case-file/absence/makes-signal", test_absence_makes_signal);
  ADD ("/case-file/absence/period-skips-weekend", test_absence_period_skips_weekend);
  ADD ("/case-file/absence/bad-date-saves-nothing", test_absence_bad_date_saves_nothing);
  ADD ("/case-file/absence/undo-restores-deleted", test_undo_restores_deleted_absence);
  ADD ("/case-file/meetings/agreement-done", test_meeting_with_agreement_done);
  ADD ("/case-file/overview/change-status", test_change_status);
  ADD ("/case-file/overview/saved-as-you-go", test_typing_is_saved_as_you_go);
  ADD ("/case-file/overview/leaving-saves-typing", test_leaving_saves_typing);
  ADD ("/case-file/overview/emptied-name-not-saved", test_emptied_name_is_not_saved);
  ADD ("/case-file/overview/document-takes-typing", test_document_takes_what_was_typed);
  ADD ("/case-file/logbook/hours", test_logbook_hours);
  ADD ("/case-file/consents/recorded", test_consent_recorded);
  ADD ("/case-file/back-action", test_back_with_escape_action);
#undef ADD

  return g_test_run ();
}
