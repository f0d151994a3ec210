/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-gui-test-util.h"
#include "rb-preferences.h"
#include "rb-retention-page.h"
#include "rb-retention.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The preferences' Retention page on tests/fixtures/report-swv.json, on the test clock's
 * 14 September 2026: a shorter period brings closed cases into the list; Anonymise and
 * Delete ask first and then change the database; a pupil's request for access is
 * exported as PDF.
 */

typedef struct
{
  char *dir;
  RbWindow *window;
  RbPreferences *preferences;
  RbRetentionPage *page;
  guint n_changes;
} Fixture;

static void
on_rules_changed_cb (RbPreferences *preferences, Fixture *fixture)
{
  fixture->n_changes++;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = rb_test_make_dir ();
  fixture->window = rb_gui_test_show_fixture (fixture->dir, "report-swv.json");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL));
  fixture->preferences = RB_PREFERENCES (rb_gui_test_find_toplevel (RB_TYPE_PREFERENCES));
  g_assert_nonnull (fixture->preferences);
  g_signal_connect (fixture->preferences, "rules-changed", G_CALLBACK (on_rules_changed_cb), fixture);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->preferences),
                                                "retention");
  rb_gui_test_wait_for_frame (GTK_WIDGET (fixture->preferences));
  fixture->page = RB_RETENTION_PAGE (rb_gui_test_find (GTK_WIDGET (fixture->preferences),
                                                       RB_TYPE_RETENTION_PAGE, TRUE));
  g_assert_nonnull (fixture->page);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->preferences));
  rb_gui_test_destroy_window (fixture->window);
  rb_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static RbDatabase *
database (Fixture *fixture)
{
  return rb_window_get_database (fixture->window);
}

static RbRecord *
get (Fixture *fixture, const char *table, const char *uuid)
{
  return rb_store_get (database (fixture), rb_schema_lookup_table (table), uuid, NULL);
}

static char *
pupil_name (Fixture *fixture, RbRecord *case_record)
{
  g_autoptr(RbRecord) pupil = get (fixture, "pupils", rb_record_get_string (case_record, "pupil_uuid"));

  g_assert_nonnull (pupil);
  return g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                          rb_record_get_string (pupil, "last_name"));
}

static GPtrArray *
list_due (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *due = rb_retention_list_due (database (fixture), "2026-09-14", &error);

  g_assert_no_error (error);
  return due;
}

static GtkWidget *
find_row_button (Fixture *fixture, const char *row_title, const char *label)
{
  GtkWidget *row = rb_gui_test_find_row (GTK_WIDGET (fixture->page), row_title);

  g_assert_nonnull (row);
  return rb_gui_test_find_button (row, label);
}

static gboolean
is_dialog_shown (gpointer data)
{
  return rb_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Clicks @label on the row of @case_record and answers the confirmation with @response. */
static void
answer (Fixture *fixture, RbRecord *case_record, const char *label, const char *response)
{
  g_autofree char *name = pupil_name (fixture, case_record);
  AdwMessageDialog *dialog;

  rb_gui_test_click (find_row_button (fixture, name, label));
  rb_gui_test_wait_until (is_dialog_shown, NULL);
  dialog = ADW_MESSAGE_DIALOG (rb_gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_due_cases (Fixture *fixture, gconstpointer data)
{
  GtkSpinButton *months = GTK_SPIN_BUTTON (rb_gui_test_find (GTK_WIDGET (fixture->page),
                                                             GTK_TYPE_SPIN_BUTTON, TRUE));
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(RbRecord) first = NULL;
  g_autoptr(RbRecord) second = NULL;
  g_autoptr(RbRecord) anonymised = NULL;
  g_autoptr(RbRecord) kept = NULL;
  g_autoptr(RbRecord) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;

  /* Two years by default: nothing closed in 2026 is due yet. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (months), ==, RB_RETENTION_DEFAULT_MONTHS);
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (fixture->page),
                                          "No closed case is past the period"));

  /* One month: the cases closed by 14 August are listed, and the setting is saved. */
  gtk_spin_button_set_value (months, 1);
  g_assert_cmpuint (rb_retention_get_months (database (fixture), &error), ==, 1);
  due = list_due (fixture);
  g_assert_cmpuint (due->len, ==, 4);
  for (guint i = 0; i < due->len; i++)
    {
      g_autofree char *name = pupil_name (fixture, g_ptr_array_index (due, i));

      g_assert_nonnull (find_row_button (fixture, name, "Anonymise"));
    }
  first = g_object_ref (g_ptr_array_index (due, 0));
  second = g_object_ref (g_ptr_array_index (due, 1));
  first_name = pupil_name (fixture, first);
  second_name = pupil_name (fixture, second);

  /* Cancel changes nothing; Anonymise keeps the case, without its pupil's name. */
  answer (fixture, first, "Anonymise", "cancel");
  kept = get (fixture, "cases", rb_record_get_uuid (first));
  g_assert_null (rb_record_get_string (kept, "anonymised_on"));
  g_assert_cmpuint (fixture->n_changes, ==, 0);
  answer (fixture, first, "Anonymise", "anonymise");
  anonymised = get (fixture, "cases", rb_record_get_uuid (first));
  g_assert_cmpstr (rb_record_get_string (anonymised, "anonymised_on"), ==, "2026-09-14");
  g_assert_cmpuint (fixture->n_changes, ==, 1);

  /* Delete removes the case. */
  answer (fixture, second, "Delete", "delete");
  deleted = get (fixture, "cases", rb_record_get_uuid (second));
  g_assert_true (rb_record_get_deleted (deleted));
  g_assert_cmpuint (fixture->n_changes, ==, 2);

  /* Both left the list, on screen as in the database. */
  left = list_due (fixture);
  g_assert_cmpuint (left->len, ==, 2);
  for (guint i = 0; i < left->len; i++)
    {
      g_autofree char *name = pupil_name (fixture, g_ptr_array_index (left, i));

      g_assert_nonnull (rb_gui_test_find_row (GTK_WIDGET (fixture->page), name));
    }
  g_assert_null (rb_gui_test_find_row (GTK_WIDGET (fixture->page), first_name));
  g_assert_null (rb_gui_test_find_row (GTK_WIDGET (fixture->page), second_name));
}

static void
test_request_for_access (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "inzage.pdf", NULL);
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autofree char *text = NULL;
  GtkWidget *search;
  int status = 0;

  g_assert_true (rb_retention_set_months (database (fixture), 1, &error));
  due = list_due (fixture);
  pupil = get (fixture, "pupils", rb_record_get_string (g_ptr_array_index (due, 0), "pupil_uuid"));
  name = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                          rb_record_get_string (pupil, "last_name"));

  /* Found by part of the name, whatever its case. */
  search = rb_gui_test_find_row (GTK_WIDGET (fixture->page), "Pupil's name");
  g_assert_nonnull (search);
  rb_gui_test_replace_text (search, "nobody-by-this-name");
  g_signal_emit_by_name (search, "apply");
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (fixture->page), "No pupil by that name"));
  {
    g_autofree char *part = g_utf8_strdown (rb_record_get_string (pupil, "last_name"), -1);

    rb_gui_test_replace_text (search, part);
  }
  g_signal_emit_by_name (search, "apply");
  rb_gui_test_click (find_row_button (fixture, name, "Export…"));
  rb_gui_test_save_as (path);

  /* The PDF names the pupil. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &text,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (text, rb_record_get_string (pupil, "last_name")));
}

int
main (int argc, char *argv[])
{
  rb_gui_test_init (&argc, &argv);

  g_test_add ("/retention-gui/due-cases", Fixture, NULL, fixture_set_up, test_due_cases,
              fixture_tear_down);
  g_test_add ("/retention-gui/request-for-access", Fixture, NULL, fixture_set_up,
              test_request_for_access, fixture_tear_down);
  return g_test_run ();
}
