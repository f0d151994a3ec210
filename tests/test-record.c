/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-date.h"
#include "rb-error.h"
#include "rb-record.h"
#include "rb-schema.h"

/* Records: typed values, reading from text, and the checks every stored row passes. */

static RbRecord *
new_pupil (void)
{
  RbRecord *pupil = rb_record_new (rb_schema_lookup_table ("pupils"));

  rb_record_set_string (pupil, "first_name", "Łucja");
  rb_record_set_string (pupil, "last_name", "Nguyễn");
  rb_record_set_string (pupil, "birth_date", "2014-02-28");
  rb_record_set_boolean (pupil, "enrolled", TRUE);
  return pupil;
}

static void
assert_invalid (RbRecord *record, const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rb_record_validate (record, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  if (expected_fragment != NULL && strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected_fragment);
}

static void
test_typed_values (void)
{
  g_autoptr(RbRecord) absence = rb_record_new (rb_schema_lookup_table ("absences"));

  g_assert_true (g_uuid_string_is_valid (rb_record_get_uuid (absence)));
  g_assert_false (rb_record_is_set (absence, "hours"));
  rb_record_set_double (absence, "hours", 2.5);
  rb_record_set_int (absence, "late_count", 3);
  rb_record_set_string (absence, "kind", "SICK");
  g_assert_cmpfloat (rb_record_get_double (absence, "hours"), ==, 2.5);
  g_assert_cmpint (rb_record_get_int (absence, "late_count"), ==, 3);
  g_assert_cmpstr (rb_record_get_string (absence, "kind"), ==, "SICK");
  rb_record_unset (absence, "kind");
  g_assert_null (rb_record_get_string (absence, "kind"));
  g_assert_false (rb_record_is_set (absence, "kind"));
}

static void
test_set_text_reads_dutch_input (void)
{
  g_autoptr(RbRecord) absence = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *enrolled = NULL;

  g_assert_true (rb_record_set_text (absence, "hours", "2,5", &error));
  g_assert_cmpfloat (rb_record_get_double (absence, "hours"), ==, 2.5);
  g_assert_true (rb_record_set_text (absence, "late_count", " 4 ", &error));
  g_assert_cmpint (rb_record_get_int (absence, "late_count"), ==, 4);
  g_assert_true (rb_record_set_text (pupil, "enrolled", "Nee", &error));
  g_assert_false (rb_record_get_boolean (pupil, "enrolled"));
  g_assert_true (rb_record_set_text (pupil, "enrolled", "ja", &error));
  g_assert_true (rb_record_get_boolean (pupil, "enrolled"));
  g_assert_no_error (error);

  hours = rb_record_dup_text (absence, "hours");
  enrolled = rb_record_dup_text (pupil, "enrolled");
  g_assert_cmpstr (hours, ==, "2.5");
  g_assert_cmpstr (enrolled, ==, "true");

  /* An empty cell clears the value. */
  g_assert_true (rb_record_set_text (absence, "hours", "", &error));
  g_assert_false (rb_record_is_set (absence, "hours"));
}

static void
test_set_text_refuses_garbage (void)
{
  g_autoptr(RbRecord) absence = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(GError) error = NULL;

  g_assert_false (rb_record_set_text (absence, "hours", "twee", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_record_set_text (absence, "late_count", "1.5", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_record_set_text (absence, "hours", "inf", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_record_set_text (pupil, "enrolled", "misschien", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_false (rb_record_is_set (absence, "hours"));
}

static void
test_required_and_blank (void)
{
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rb_record_validate (pupil, &error));
  g_assert_no_error (error);
  rb_record_unset (pupil, "birth_date");
  assert_invalid (pupil, NULL);
  rb_record_set_string (pupil, "birth_date", "2014-02-28");
  rb_record_set_string (pupil, "last_name", "  \t ");
  assert_invalid (pupil, NULL);
}

static void
test_impossible_dates (void)
{
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(GError) error = NULL;
  GDate date;

  rb_record_set_string (pupil, "birth_date", "2026-02-30");
  assert_invalid (pupil, "2026-02-30");
  rb_record_set_string (pupil, "birth_date", "1989-12-31");
  assert_invalid (pupil, "1989-12-31");
  rb_record_set_string (pupil, "birth_date", "2101-01-01");
  assert_invalid (pupil, NULL);
  rb_record_set_string (pupil, "birth_date", "14-02-2014");
  assert_invalid (pupil, NULL);
  rb_record_set_string (pupil, "birth_date", "2014-2-14");
  assert_invalid (pupil, NULL);

  /* Leap days exist only in leap years. */
  g_assert_true (rb_date_parse ("2028-02-29", &date, &error));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_false (rb_date_parse ("2027-02-29", NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_true (rb_date_parse ("1990-01-01", NULL, NULL));
  g_assert_true (rb_date_parse ("2100-12-31", NULL, NULL));
}

/* Files keep year-month-day; people read day-month-year, with leading zeros. */
static void
test_date_formats (void)
{
  g_autofree char *iso = NULL;
  g_autofree char *shown = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 3, G_DATE_SEPTEMBER, 2026);
  iso = rb_date_format (&date);
  shown = rb_date_format_for_people (&date);
  g_assert_cmpstr (iso, ==, "2026-09-03");
  g_assert_cmpstr (shown, ==, "03-09-2026");
}

static void
test_enum_and_ranges (void)
{
  g_autoptr(RbRecord) absence = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autoptr(RbRecord) placement = rb_record_new (rb_schema_lookup_table ("placements"));
  g_autoptr(GError) error = NULL;
  g_autofree char *pupil = g_uuid_string_random ();

  rb_record_set_string (absence, "pupil_uuid", pupil);
  rb_record_set_string (absence, "absence_date", "2026-10-05");
  rb_record_set_string (absence, "kind", "HOLIDAY");
  rb_record_set_double (absence, "hours", 3);
  assert_invalid (absence, "HOLIDAY");
  rb_record_set_string (absence, "kind", "UNAUTHORIZED");
  g_assert_true (rb_record_validate (absence, &error));

  /* Hours are per school day: negative or more than a day is a typing error. */
  rb_record_set_double (absence, "hours", -1);
  assert_invalid (absence, NULL);
  rb_record_set_double (absence, "hours", 8.5);
  assert_invalid (absence, NULL);
  rb_record_set_double (absence, "hours", 8);
  g_assert_true (rb_record_validate (absence, &error));
  rb_record_set_double (absence, "hours", 0);
  assert_invalid (absence, NULL);

  /* The extension of a bridge placement is at most 4 school weeks (seed 000 §2.4). */
  rb_record_set_string (placement, "case_uuid", pupil);
  rb_record_set_string (placement, "location_uuid", pupil);
  rb_record_set_string (placement, "start_date", "2026-10-05");
  rb_record_set_int (placement, "extension_weeks", 4);
  g_assert_true (rb_record_validate (placement, &error));
  rb_record_set_int (placement, "extension_weeks", 5);
  assert_invalid (placement, NULL);
}

static void
test_cross_column_rules (void)
{
  g_autoptr(RbRecord) holiday = rb_record_new (rb_schema_lookup_table ("holidays"));
  g_autoptr(RbRecord) late = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autoptr(GError) error = NULL;
  g_autofree char *pupil = g_uuid_string_random ();

  rb_record_set_string (holiday, "name", "Herfstvakantie");
  rb_record_set_string (holiday, "start_date", "2026-10-25");
  rb_record_set_string (holiday, "end_date", "2026-10-17");
  rb_record_set_string (holiday, "kind", "holiday");
  rb_record_set_boolean (holiday, "needs_check", FALSE);
  assert_invalid (holiday, "2026-10-17");
  rb_record_set_string (holiday, "start_date", "2026-10-17");
  rb_record_set_string (holiday, "end_date", "2026-10-25");
  g_assert_true (rb_record_validate (holiday, &error));

  /* Lateness is counted, not measured in hours. */
  rb_record_set_string (late, "pupil_uuid", pupil);
  rb_record_set_string (late, "absence_date", "2026-10-05");
  rb_record_set_string (late, "kind", "LATE");
  assert_invalid (late, NULL);
  rb_record_set_int (late, "late_count", 1);
  g_assert_true (rb_record_validate (late, &error));
  g_assert_no_error (error);
}

static void
on_changed (RbRecord *record, const char *column, GPtrArray *seen)
{
  g_ptr_array_add (seen, g_strdup (column));
}

static void
test_changed_signal_only_on_change (void)
{
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names_only = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (pupil, "changed", G_CALLBACK (on_changed), seen);
  g_signal_connect (pupil, "changed::first_name", G_CALLBACK (on_changed), names_only);

  rb_record_set_string (pupil, "first_name", "Łucja");   /* the same: no signal */
  rb_record_set_string (pupil, "first_name", "Lucja");
  rb_record_set_string (pupil, "group_name", "groep 7");
  rb_record_set_boolean (pupil, "enrolled", TRUE);       /* the same */
  rb_record_unset (pupil, "school_uuid");                /* already unset */

  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "first_name");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "group_name");
  g_assert_cmpuint (names_only->len, ==, 1);
}

static void
test_copy_and_equality (void)
{
  g_autoptr(RbRecord) pupil = new_pupil ();
  g_autoptr(RbRecord) copy = NULL;
  g_autoptr(RbRecord) stranger = new_pupil ();

  rb_record_set_stamps (pupil, "2026-09-01T08:00:00.000000Z", "2026-09-02T08:00:00.000000Z",
                        "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a", FALSE);
  copy = rb_record_copy (pupil);
  g_assert_cmpstr (rb_record_get_uuid (copy), ==, rb_record_get_uuid (pupil));
  g_assert_cmpstr (rb_record_get_modified_at (copy), ==, "2026-09-02T08:00:00.000000Z");
  g_assert_true (rb_record_equal_values (pupil, copy));

  rb_record_set_string (copy, "first_name", "Żaneta");
  g_assert_cmpstr (rb_record_get_string (pupil, "first_name"), ==, "Łucja");
  g_assert_false (rb_record_equal_values (pupil, copy));
  g_assert_false (rb_record_equal_values (pupil, stranger));
}

static void
test_invalid_uuid (void)
{
  g_autoptr(RbRecord) school = rb_record_new_with_uuid (rb_schema_lookup_table ("schools"), "school-1");

  rb_record_set_string (school, "name", "De Regenboog");
  assert_invalid (school, "school-1");
}

static void
test_schema_is_consistent (void)
{
  guint n_tables;
  const RbTable *tables = rb_schema_get_tables (&n_tables);

  /* Every reference points to a table listed earlier, so loading in order works. */
  for (guint i = 0; i < n_tables; i++)
    for (guint c = 0; c < tables[i].n_columns; c++)
      {
        const RbColumn *col = &tables[i].columns[c];
        const RbTable *target;

        g_assert_nonnull (col->label);
        if (col->type != RB_COLUMN_REF)
          continue;
        target = rb_schema_lookup_table (col->ref_table);
        g_assert_nonnull (target);
        g_assert_true (target <= &tables[i]);
      }
  g_assert_null (rb_schema_lookup_table ("users"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/typed-values", test_typed_values);
  g_test_add_func ("/record/set-text-reads-dutch-input", test_set_text_reads_dutch_input);
  g_test_add_func ("/record/set-text-refuses-garbage", test_set_text_refuses_garbage);
  g_test_add_func ("/record/required-and-blank", test_required_and_blank);
  g_test_add_func ("/record/impossible-dates", test_impossible_dates);
  g_test_add_func ("/record/date-formats", test_date_formats);
  g_test_add_func ("/record/enum-and-ranges", test_enum_and_ranges);
  g_test_add_func ("/record/cross-column-rules", test_cross_column_rules);
  g_test_add_func ("/record/changed-signal-only-on-change", test_changed_signal_only_on_change);
  g_test_add_func ("/record/copy-and-equality", test_copy_and_equality);
  g_test_add_func ("/record/invalid-uuid", test_invalid_uuid);
  g_test_add_func ("/record/schema-is-consistent", test_schema_is_consistent);

  return g_test_run ();
}
