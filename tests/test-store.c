/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-calendar.h"
#include "rb-check.h"
#include "rb-defaults.h"
#include "rb-error.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* The store: stamps, tombstones, references, the append-only logbook, status history. */

typedef struct
{
  char *dir;
  RbDatabase *db;
  RbRecord *school;
  RbRecord *pupil;
  RbRecord *item;  /* the case */
} Fixture;

static const RbTable *
table (const char *name)
{
  return rb_schema_lookup_table (name);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = rb_test_make_dir ();
  f->db = rb_test_new_database (f->dir, "swv.db");
  rb_database_set_clock (f->db, rb_test_fixed_clock, NULL);
  f->school = rb_test_save_new (f->db, "schools", "name", "OBS De Wilgen", "brin", "12AB", NULL);
  f->pupil = rb_test_save_new (f->db, "pupils", "first_name", "Şükrü", "last_name", "Yılmaz-Öztürk",
                       "birth_date", "2013-05-02", "school_uuid", rb_record_get_uuid (f->school),
                       "enrolled", "ja", NULL);
  f->item = rb_test_save_new (f->db, "cases", "pupil_uuid", rb_record_get_uuid (f->pupil),
                      "status", "signalering", "opened_on", "2026-09-07", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->item);
  g_clear_object (&f->pupil);
  g_clear_object (&f->school);
  g_clear_object (&f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
test_save_stamps_and_reads_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) read = rb_store_get (f->db, table ("pupils"), rb_record_get_uuid (f->pupil), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_created_at (f->pupil), ==, "2026-09-14T10:00:00.000000Z");
  g_assert_cmpstr (rb_record_get_replica (f->pupil), ==, rb_database_get_replica (f->db));
  g_assert_true (rb_record_equal_values (read, f->pupil));
  g_assert_cmpstr (rb_record_get_string (read, "last_name"), ==, "Yılmaz-Öztürk");
  g_assert_true (rb_record_get_boolean (read, "enrolled"));
  g_assert_cmpstr (rb_record_get_created_at (read), ==, rb_record_get_created_at (f->pupil));
  g_assert_false (rb_record_get_deleted (read));
}

static GDateTime *
later_clock (gpointer user_data)
{
  return g_date_time_new_utc (2026, 10, 1, 9, 30, 0);
}

static void
test_update_keeps_created (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) read = NULL;

  rb_database_set_clock (f->db, later_clock, NULL);
  rb_record_set_string (f->pupil, "group_name", "groep 8");
  g_assert_true (rb_store_save (f->db, f->pupil, &error));
  read = rb_store_get (f->db, table ("pupils"), rb_record_get_uuid (f->pupil), &error);
  g_assert_cmpstr (rb_record_get_string (read, "group_name"), ==, "groep 8");
  g_assert_cmpstr (rb_record_get_created_at (read), ==, "2026-09-14T10:00:00.000000Z");
  g_assert_cmpstr (rb_record_get_modified_at (read), ==, "2026-10-01T09:30:00.000000Z");
  g_assert_cmpint (rb_store_count (f->db, table ("pupils"), NULL), ==, 1);
}

static void
test_failed_save_changes_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) read = NULL;
  g_autofree char *modified = g_strdup (rb_record_get_modified_at (f->pupil));

  rb_database_set_clock (f->db, later_clock, NULL);
  rb_record_set_string (f->pupil, "group_name", "groep 8");
  rb_record_set_string (f->pupil, "birth_date", "2013-13-01");
  g_assert_false (rb_store_save (f->db, f->pupil, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpstr (rb_record_get_modified_at (f->pupil), ==, modified);
  read = rb_store_get (f->db, table ("pupils"), rb_record_get_uuid (f->pupil), NULL);
  g_assert_false (rb_record_is_set (read, "group_name"));
}

static void
test_delete_leaves_tombstone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) guardian = rb_test_save_new (f->db, "guardians", "pupil_uuid", rb_record_get_uuid (f->pupil),
                                           "name", "Łucja Nguyễn", "relation", "moeder", NULL);
  g_autoptr(RbRecord) read = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) all = NULL;

  g_assert_true (rb_store_delete (f->db, guardian, &error));
  g_assert_true (rb_record_get_deleted (guardian));
  read = rb_store_get (f->db, table ("guardians"), rb_record_get_uuid (guardian), &error);
  g_assert_no_error (error);
  g_assert_true (rb_record_get_deleted (read));
  g_assert_cmpstr (rb_record_get_string (read, "name"), ==, "Łucja Nguyễn");
  live = rb_store_list (f->db, table ("guardians"), "pupil_uuid", rb_record_get_uuid (f->pupil), &error);
  g_assert_cmpuint (live->len, ==, 0);
  all = rb_store_list_all (f->db, table ("guardians"), &error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (rb_store_count (f->db, table ("guardians"), NULL), ==, 0);
}

static void
test_reference_must_exist (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) absence = rb_record_new (table ("absences"));
  g_autofree char *ghost = g_uuid_string_random ();

  rb_record_set_string (absence, "pupil_uuid", ghost);
  rb_record_set_string (absence, "absence_date", "2026-09-15");
  rb_record_set_string (absence, "kind", "SICK");
  rb_record_set_double (absence, "hours", 5);
  g_assert_false (rb_store_save (f->db, absence, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ghost));
  g_assert_cmpint (rb_store_count (f->db, table ("absences"), NULL), ==, 0);
}

static void
test_logbook_is_append_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) entry = rb_test_save_new (f->db, "log_entries", "case_uuid", rb_record_get_uuid (f->item),
                                        "entry_date", "2026-09-15", "author", "Anne de Vries",
                                        "action", "Gesprek met ouders", "hours", "1,5", NULL);
  g_autoptr(RbRecord) correction = NULL;

  rb_record_set_double (entry, "hours", 2);
  g_assert_false (rb_store_save (f->db, entry, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_store_delete (f->db, entry, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);

  /* A correction is a new entry that points at the one it corrects. */
  correction = rb_test_save_new (f->db, "log_entries", "case_uuid", rb_record_get_uuid (f->item),
                         "entry_date", "2026-09-16", "author", "Anne de Vries",
                         "action", "Correctie: gesprek duurde 2 uur", "hours", "0,5",
                         "corrects_uuid", rb_record_get_uuid (entry), NULL);
  g_assert_cmpint (rb_store_count (f->db, table ("log_entries"), NULL), ==, 2);
}

static void
test_find_by_prefix (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strndup (rb_record_get_uuid (f->item), 8);
  g_autoptr(RbRecord) found = rb_store_find (f->db, table ("cases"), prefix, &error);
  g_autoptr(RbRecord) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_uuid (found), ==, rb_record_get_uuid (f->item));
  missing = rb_store_find (f->db, table ("cases"), "ffffffff-0000", &error);
  g_assert_null (missing);
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = rb_store_find (f->db, table ("cases"), "ab", &error);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  /* Percent signs or quotes never reach SQL as patterns. */
  missing = rb_store_find (f->db, table ("cases"), "%%%%", &error);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
}

static void
test_change_status_logs_history (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(RbRecord) read = NULL;

  g_assert_true (rb_store_change_status (f->db, f->item, "thuiszitter", "2026-10-05",
                                         "Anne de Vries", "Meer dan 3 dagen per week thuis", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (f->item, "status"), ==, "thuiszitter");
  g_assert_cmpstr (rb_record_get_string (f->item, "thuiszitter_since"), ==, "2026-10-05");
  g_assert_true (rb_store_change_status (f->db, f->item, "afgesloten", "2026-11-20", NULL, NULL, &error));
  g_assert_cmpstr (rb_record_get_string (f->item, "closed_on"), ==, "2026-11-20");

  /* Reopening clears the closing date but keeps the thuiszitter date. */
  g_assert_true (rb_store_change_status (f->db, f->item, "thuiszitter", "2026-11-23", NULL, NULL, &error));
  read = rb_store_get (f->db, table ("cases"), rb_record_get_uuid (f->item), &error);
  g_assert_false (rb_record_is_set (read, "closed_on"));
  g_assert_cmpstr (rb_record_get_string (read, "thuiszitter_since"), ==, "2026-10-05");

  history = rb_store_list (f->db, table ("status_changes"), "case_uuid", rb_record_get_uuid (f->item), &error);
  g_assert_cmpuint (history->len, ==, 3);
}

static void
test_change_status_rolls_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) read = NULL;

  g_assert_false (rb_store_change_status (f->db, f->item, "vakantie", "2026-10-05", NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_store_change_status (f->db, f->item, "thuiszitter", "5 oktober", NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpstr (rb_record_get_string (f->item, "status"), ==, "signalering");
  g_assert_cmpint (rb_store_count (f->db, table ("status_changes"), NULL), ==, 0);
  read = rb_store_get (f->db, table ("cases"), rb_record_get_uuid (f->item), NULL);
  g_assert_cmpstr (rb_record_get_string (read, "status"), ==, "signalering");
}

static void
test_check_finds_broken_invariants (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = rb_check_database (f->db, &error);
  g_autoptr(RbRecord) absence = rb_test_save_new (f->db, "absences", "pupil_uuid", rb_record_get_uuid (f->pupil),
                                          "absence_date", "2026-09-15", "kind", "SICK", "hours", "5", NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Deleting the pupil but not the absence below it, and a status that its history denies. */
  g_assert_true (rb_store_delete (f->db, f->pupil, &error));
  g_assert_true (rb_store_change_status (f->db, f->item, "dreigend", "2026-09-20", NULL, NULL, &error));
  rb_record_set_string (f->item, "status", "thuiszitter");
  g_assert_true (rb_store_save (f->db, f->item, &error));

  problems = rb_check_database (f->db, &error);
  g_assert_no_error (error);
  /* The case and the absence both hang under the deleted pupil; plus the status. */
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_list_filters_and_orders (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) other = rb_test_save_new (f->db, "schools", "name", "SBO De Brug", "school_type", "SBO", NULL);
  g_autoptr(GPtrArray) sbo = rb_store_list (f->db, table ("schools"), "school_type", "SBO", &error);
  g_autoptr(GPtrArray) all = rb_store_list (f->db, table ("schools"), NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sbo->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (sbo, 0), "name"), ==, "SBO De Brug");
  g_assert_cmpuint (all->len, ==, 2);
}

static void
test_calendar_school_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (f->db, &error);
  g_autoptr(GPtrArray) kings_day = NULL;
  GDate day, easter;

  g_assert_no_error (error);
  /* midden, 2026: autumn holiday 17-25 October; Koningsdag 27 April is a Monday. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 16, G_DATE_OCTOBER, 2026);
  g_assert_true (rb_calendar_is_school_day (calendar, &day));
  g_date_set_dmy (&day, 19, G_DATE_OCTOBER, 2026);
  g_assert_false (rb_calendar_is_school_day (calendar, &day));
  g_date_set_dmy (&day, 26, G_DATE_OCTOBER, 2026);
  g_assert_true (rb_calendar_is_school_day (calendar, &day));
  g_date_set_dmy (&day, 18, G_DATE_OCTOBER, 2026);
  g_assert_false (rb_calendar_is_school_day (calendar, &day));
  g_date_set_dmy (&day, 27, G_DATE_APRIL, 2026);
  g_assert_false (rb_calendar_is_school_day (calendar, &day));

  /* Koningsdag 2025: the 27th is a Sunday, so it moved to Saturday the 26th. */
  kings_day = rb_store_list (f->db, table ("holidays"), "name", "Koningsdag", &error);
  g_assert_cmpuint (kings_day->len, ==, 3);
  g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (kings_day, 0), "start_date"), ==, "2025-04-26");

  rb_defaults_easter (2026, &easter);
  g_assert_cmpint (g_date_get_month (&easter), ==, G_DATE_APRIL);
  g_assert_cmpint (g_date_get_day (&easter), ==, 5);
  rb_defaults_easter (2027, &easter);
  g_assert_cmpint (g_date_get_month (&easter), ==, G_DATE_MARCH);
  g_assert_cmpint (g_date_get_day (&easter), ==, 28);
  /* Hemelvaartsdag 2026 = Easter + 39 = 14 May. */
  g_date_set_dmy (&day, 14, G_DATE_MAY, 2026);
  g_assert_false (rb_calendar_is_school_day (calendar, &day));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("save-stamps-and-reads-back", test_save_stamps_and_reads_back);
  ADD ("update-keeps-created", test_update_keeps_created);
  ADD ("failed-save-changes-nothing", test_failed_save_changes_nothing);
  ADD ("delete-leaves-tombstone", test_delete_leaves_tombstone);
  ADD ("reference-must-exist", test_reference_must_exist);
  ADD ("logbook-is-append-only", test_logbook_is_append_only);
  ADD ("find-by-prefix", test_find_by_prefix);
  ADD ("change-status-logs-history", test_change_status_logs_history);
  ADD ("change-status-rolls-back", test_change_status_rolls_back);
  ADD ("check-finds-broken-invariants", test_check_finds_broken_invariants);
  ADD ("list-filters-and-orders", test_list_filters_and_orders);
  ADD ("calendar-school-days", test_calendar_school_days);
#undef ADD

  return g_test_run ();
}
