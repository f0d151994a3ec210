/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The school calendar, table-driven: every row names the rule of the seed documents (or
 * of domain.md / holidays.md, which distil them) that it checks. Expected values were
 * computed by hand and cross-checked with an independent script.
 */

typedef enum
{
  OP_SCHOOL_DAY,
  OP_NEXT,
  OP_ADD_WEEKS,
  OP_ADD_WORKING,
  OP_WORKING_BETWEEN,
  OP_COUNT,
  OP_WINDOW_SW,
  OP_WINDOW_W,
  OP_WINDOW_SD,
  OP_SCHOOL_YEAR,
  OP_STATUS,
  OP_MISSING,
} Op;

typedef struct
{
  const char *rule;
  const char *calendar;  /* a region, or "own2028" with holidays added by the test */
  Op op;
  const char *date;
  const char *date2;
  int n;
  const char *expect;    /* NULL when an error is expected */
  int error_code;        /* -1 for none */
} CalendarCase;

static const CalendarCase cases[] = {
  { "seed 000 §2.4: tussenevaluatie na 4 schoolweken (start maandag)", "midden", OP_ADD_WEEKS, "2026-09-07", NULL, 4, "2026-10-05", -1 },
  { "seed 000 §2.4: eindadvies na 6 schoolweken valt in de herfstvakantie → eerste schooldag erna", "midden", OP_ADD_WEEKS, "2026-09-07", NULL, 6, "2026-10-26", -1 },
  { "seed 000 §2.4: einde brugplaatsing na 8 schoolweken; herfstweek telt niet", "midden", OP_ADD_WEEKS, "2026-09-07", NULL, 8, "2026-11-09", -1 },
  { "seed 000 §2.4: verlenging max 4 schoolweken → uiterlijk 12", "midden", OP_ADD_WEEKS, "2026-09-07", NULL, 12, "2026-12-07", -1 },
  { "seed 000 §2.4: zelfde brugplaatsing in regio zuid (herfst 17-25 okt)", "zuid", OP_ADD_WEEKS, "2026-09-07", NULL, 8, "2026-11-09", -1 },
  { "domain School weeks: start op vrijdag, week = vr t/m do", "midden", OP_ADD_WEEKS, "2026-10-09", NULL, 4, "2026-11-06", -1 },
  { "domain School weeks: start vrijdag voor herfst noord; een week met 1 schooldag telt", "noord", OP_ADD_WEEKS, "2026-10-09", NULL, 2, "2026-10-23", -1 },
  { "domain School weeks: start vrijdag, noord, 4 schoolweken", "noord", OP_ADD_WEEKS, "2026-10-09", NULL, 4, "2026-11-06", -1 },
  { "domain School weeks: 0 schoolweken = startdag zelf", "midden", OP_ADD_WEEKS, "2026-09-07", NULL, 0, "2026-09-07", -1 },
  { "domain School weeks: week na de zomervakantie (midden)", "midden", OP_ADD_WEEKS, "2026-07-13", NULL, 1, "2026-08-31", -1 },
  { "domain School weeks: zomerweken tellen niet mee", "midden", OP_ADD_WEEKS, "2026-07-13", NULL, 2, "2026-09-07", -1 },
  { "domain School weeks: eerste schooldag na de zomervakantie midden", "midden", OP_NEXT, "2026-07-20", NULL, 0, "2026-08-31", -1 },
  { "domain School weeks: eerste schooldag na de zomervakantie noord", "noord", OP_NEXT, "2026-07-20", NULL, 0, "2026-08-17", -1 },
  { "domain School weeks: eerste schooldag na de zomervakantie zuid", "zuid", OP_NEXT, "2026-07-20", NULL, 0, "2026-08-24", -1 },
  { "holidays.md: herfstvakantie zuid 2025 (11-19 okt)", "zuid", OP_SCHOOL_DAY, "2025-10-13", NULL, 0, "no", -1 },
  { "holidays.md: herfstvakantie midden 2025 (18-26 okt)", "midden", OP_SCHOOL_DAY, "2025-10-13", NULL, 0, "yes", -1 },
  { "holidays.md: voorjaarsvakantie noord 2026 later dan midden", "noord", OP_SCHOOL_DAY, "2026-02-16", NULL, 0, "yes", -1 },
  { "holidays.md: voorjaarsvakantie midden 2026", "midden", OP_SCHOOL_DAY, "2026-02-16", NULL, 0, "no", -1 },
  { "holidays.md: Koningsdag 2026 (maandag, in meivakantie)", "midden", OP_SCHOOL_DAY, "2026-04-27", NULL, 0, "no", -1 },
  { "holidays.md: Hemelvaartsdag 2026 (14 mei)", "midden", OP_SCHOOL_DAY, "2026-05-14", NULL, 0, "no", -1 },
  { "holidays.md: vrijdag na Hemelvaart is geen vaste vrije dag", "midden", OP_SCHOOL_DAY, "2026-05-15", NULL, 0, "yes", -1 },
  { "holidays.md: Tweede Pinksterdag 2027 (17 mei)", "zuid", OP_SCHOOL_DAY, "2027-05-17", NULL, 0, "no", -1 },
  { "holidays.md: Tweede Paasdag 2027 (29 maart)", "noord", OP_SCHOOL_DAY, "2027-03-29", NULL, 0, "no", -1 },
  { "holidays.md: Koningsdag op donderdag 27 april 2028 binnen een schoolweek", "own2028", OP_SCHOOL_DAY, "2028-04-27", NULL, 0, "no", -1 },
  { "holidays.md: Koningsdag 2028: de week telt 4 schooldagen", "own2028", OP_COUNT, "2028-04-24", "2028-04-28", 0, "4", -1 },
  { "holidays.md: schrikkeldag 2028-02-29 is een schooldag", "own2028", OP_SCHOOL_DAY, "2028-02-29", NULL, 0, "yes", -1 },
  { "domain School weeks: 1 schoolweek vanaf maandag 28-02-2028 (schrikkeljaar)", "own2028", OP_ADD_WEEKS, "2028-02-28", NULL, 1, "2028-03-06", -1 },
  { "domain School weeks: 1 schoolweek vanaf de schrikkeldag zelf", "own2028", OP_ADD_WEEKS, "2028-02-29", NULL, 1, "2028-03-07", -1 },
  { "seed 004 Bijlage G: 1 werkdag na 28-02-2028 is de schrikkeldag", "own2028", OP_ADD_WORKING, "2028-02-28", NULL, 1, "2028-02-29", -1 },
  { "seed 004 Bijlage G: 5 werkdagen na een MDO op woensdag voor Koningsdag 2028", "own2028", OP_ADD_WORKING, "2028-04-26", NULL, 5, "2028-05-11", -1 },
  { "seed 004 Bijlage G: binnen 5 werkdagen na het MDO (gewone week)", "midden", OP_ADD_WORKING, "2026-09-14", NULL, 5, "2026-09-21", -1 },
  { "seed 004 Bijlage G: 5 werkdagen na een MDO vlak voor de herfstvakantie", "midden", OP_ADD_WORKING, "2026-10-15", NULL, 5, "2026-10-29", -1 },
  { "seed 004 Bijlage G: 5 werkdagen na een MDO op vrijdag", "midden", OP_ADD_WORKING, "2026-09-18", NULL, 5, "2026-09-25", -1 },
  { "seed 004 Bijlage G: werkdagen tussen MDO en verslag", "midden", OP_WORKING_BETWEEN, "2026-09-14", "2026-09-21", 0, "5", -1 },
  { "seed 004 Bijlage G: werkdagen over de kerstvakantie", "midden", OP_WORKING_BETWEEN, "2025-12-18", "2026-01-06", 0, "3", -1 },
  { "seed 004 Bijlage G: werkdagen na maandag t/m vrijdag in de Koningsdagweek 2028", "own2028", OP_WORKING_BETWEEN, "2028-04-24", "2028-04-28", 0, "3", -1 },
  { "domain School weeks: schooldagen in september 2026", "midden", OP_COUNT, "2026-09-01", "2026-09-30", 0, "22", -1 },
  { "domain School weeks: schooldagen schooljaar 2025-2026 midden", "midden", OP_COUNT, "2025-08-01", "2026-07-31", 0, "202", -1 },
  { "domain School weeks: schooldagen schooljaar 2025-2026 noord", "noord", OP_COUNT, "2025-08-01", "2026-07-31", 0, "197", -1 },
  { "seed 000 §1.3: venster 4 schoolweken over de herfstvakantie", "midden", OP_WINDOW_SW, "2026-10-30", NULL, 4, "2026-09-26", -1 },
  { "seed 000 §1.3: venster 4 kalenderweken (ter vergelijking)", "midden", OP_WINDOW_W, "2026-10-30", NULL, 4, "2026-10-03", -1 },
  { "seed 000 §1.3: venster 2 schoolweken na de zomervakantie reikt tot juli", "midden", OP_WINDOW_SW, "2026-09-04", NULL, 2, "2026-07-11", -1 },
  { "seed 004: venster van 8 schooldagen over een weekend", "midden", OP_WINDOW_SD, "2026-09-16", NULL, 8, "2026-09-07", -1 },
  { "seed 000 §1.3: venster 15 schoolweken over kerst", "midden", OP_WINDOW_SW, "2026-02-06", NULL, 15, "2025-10-04", -1 },
  { "seed 004 Bijlage A: per schooljaar, dat op 1 augustus begint", "midden", OP_SCHOOL_YEAR, "2026-08-01", NULL, 0, "2026-2027", -1 },
  { "seed 004 Bijlage A: per schooljaar, dat op 31 juli eindigt", "midden", OP_SCHOOL_YEAR, "2026-07-31", NULL, 0, "2025-2026", -1 },
  { "seed 004 Bijlage A: schrikkeldag 2028 valt in schooljaar 2027-2028", "midden", OP_SCHOOL_YEAR, "2028-02-29", NULL, 0, "2027-2028", -1 },
  /* Years that are not shipped, or only partly: reported, never counted as all weekdays. */
  { "holidays.md: 2024-2025 compleet geleverd", "midden", OP_STATUS, NULL, NULL, 2024, "complete", -1 },
  { "holidays.md: voorjaarsvakantie 2026 'verify' → te controleren", "midden", OP_STATUS, NULL, NULL, 2025, "to-check", -1 },
  { "holidays.md: voorjaarsvakantie zuid 2027 onbekend → onvolledig", "zuid", OP_STATUS, NULL, NULL, 2026, "incomplete", -1 },
  { "holidays.md: 2027-2028 niet geleverd → ontbreekt", "midden", OP_STATUS, NULL, NULL, 2027, "missing", -1 },
  { "holidays.md: zelf ingevoerd 2027-2028 is compleet", "own2028", OP_STATUS, NULL, NULL, 2027, "complete", -1 },
  { "holidays.md: ontbrekende schooljaren in een periode", "midden", OP_MISSING, "2026-09-01", "2028-03-01", 0, "2027-2028", -1 },
  { "seed 000 §2.4: 8 schoolweken vanaf eind juni 2027 lopen in 2027-2028", "midden", OP_ADD_WEEKS, "2027-06-28", NULL, 8, NULL, RB_ERROR_CALENDAR_MISSING },
  { "seed 000 §2.4: 8 schoolweken vanaf eind juni 2028 lopen in 2028-2029", "own2028", OP_ADD_WEEKS, "2028-06-26", NULL, 8, NULL, RB_ERROR_CALENDAR_MISSING },
  { "seed 004 Bijlage G: 5 werkdagen na een MDO voor de zomer 2027", "midden", OP_ADD_WORKING, "2027-07-15", NULL, 5, NULL, RB_ERROR_CALENDAR_MISSING },
  { "domain School weeks: schooldagen tellen over 2027-2028", "midden", OP_COUNT, "2027-07-01", "2027-09-10", 0, NULL, RB_ERROR_CALENDAR_MISSING },
  { "domain School weeks: eerste schooldag na zomer zuid 2027 ligt in 2027-2028", "zuid", OP_NEXT, "2027-07-26", NULL, 0, NULL, RB_ERROR_CALENDAR_MISSING },
  { "seed 000 §1.3: venster van 15 schoolweken reikt in 2023-2024", "midden", OP_WINDOW_SW, "2024-09-13", NULL, 15, NULL, RB_ERROR_CALENDAR_MISSING },
  { "issue 3: einde voor begin is een fout", "midden", OP_WORKING_BETWEEN, "2026-09-21", "2026-09-14", 0, NULL, RB_ERROR_INVALID },
  { "issue 3: einde voor begin is een fout (schooldagen)", "midden", OP_COUNT, "2026-09-30", "2026-09-01", 0, NULL, RB_ERROR_INVALID },
  { "issue 3: een venster van 0 schoolweken bestaat niet", "midden", OP_WINDOW_SW, "2026-09-30", NULL, 0, NULL, RB_ERROR_INVALID },
};

static GHashTable *calendars;  /* name → RbCalendar */
static char *tmp_dir;

static RbRecord *
new_holiday (const char *name, const char *first, const char *last, const char *kind)
{
  RbRecord *record = rb_record_new (rb_schema_lookup_table ("holidays"));

  rb_record_set_string (record, "name", name);
  rb_record_set_string (record, "start_date", first);
  rb_record_set_string (record, "end_date", last);
  rb_record_set_string (record, "kind", kind);
  rb_record_set_string (record, "source", "test: zelf ingevoerd, geen officiële data");
  rb_record_set_boolean (record, "needs_check", FALSE);
  return record;
}

/* 2027-2028 is not shipped: the test enters a plausible year itself, with Koningsdag on a
 * Thursday in school time and the leap day 29 February 2028. */
static void
add_own_2028 (RbDatabase *db)
{
  static const char *const rows[][4] = {
    { "Herfstvakantie", "2027-10-16", "2027-10-24", "holiday" },
    { "Kerstvakantie", "2027-12-25", "2028-01-09", "holiday" },
    { "Voorjaarsvakantie", "2028-02-19", "2028-02-27", "holiday" },
    { "Meivakantie", "2028-04-29", "2028-05-07", "holiday" },
    { "Zomervakantie", "2028-07-15", "2028-08-27", "holiday" },
    { "Tweede Paasdag", "2028-04-17", "2028-04-17", "day_off" },
    { "Koningsdag", "2028-04-27", "2028-04-27", "day_off" },
    { "Hemelvaartsdag", "2028-05-25", "2028-05-25", "day_off" },
    { "Tweede Pinksterdag", "2028-06-05", "2028-06-05", "day_off" },
  };
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_ptr_array_add (records, new_holiday (rows[i][0], rows[i][1], rows[i][2], rows[i][3]));
  rb_store_save_all (db, records, &error);
  g_assert_no_error (error);
}

static RbCalendar *
get_calendar (const char *name)
{
  RbCalendar *calendar = g_hash_table_lookup (calendars, name);

  if (calendar == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file = g_strconcat (name, ".db", NULL);
      g_autofree char *path = g_build_filename (tmp_dir, file, NULL);
      gboolean own = g_str_equal (name, "own2028");
      g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Test", "VO", own ? "midden" : name,
                                                     &error);

      g_assert_no_error (error);
      if (own)
        add_own_2028 (db);
      calendar = rb_calendar_new_from_database (db, &error);
      g_assert_no_error (error);
      g_hash_table_insert (calendars, g_strdup (name), calendar);
    }
  return calendar;
}

static void
parse (const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rb_date_parse (text, date, &error));
  g_assert_no_error (error);
}

static const char *
status_code (RbSchoolYearStatus status)
{
  static const char *const codes[] = { "missing", "incomplete", "to-check", "complete" };

  return codes[status];
}

/* Runs one row; the answer as text, or NULL with @error set. */
static char *
run_case (const CalendarCase *c, GError **error)
{
  RbCalendar *calendar = get_calendar (c->calendar);
  GDate a, b, result;
  guint n = 0;
  gboolean ok = TRUE;

  if (c->date != NULL)
    parse (c->date, &a);
  if (c->date2 != NULL)
    parse (c->date2, &b);

  switch (c->op)
    {
    case OP_SCHOOL_DAY:
      return g_strdup (rb_calendar_is_school_day (calendar, &a) ? "yes" : "no");
    case OP_NEXT:
      ok = rb_calendar_next_school_day (calendar, &a, &result, error);
      break;
    case OP_ADD_WEEKS:
      ok = rb_calendar_add_school_weeks (calendar, &a, (guint) c->n, &result, error);
      break;
    case OP_ADD_WORKING:
      ok = rb_calendar_add_working_days (calendar, &a, (guint) c->n, &result, error);
      break;
    case OP_WORKING_BETWEEN:
      return rb_calendar_working_days_between (calendar, &a, &b, &n, error)
             ? g_strdup_printf ("%u", n) : NULL;
    case OP_COUNT:
      return rb_calendar_count_school_days (calendar, &a, &b, &n, error)
             ? g_strdup_printf ("%u", n) : NULL;
    case OP_WINDOW_SW:
    case OP_WINDOW_W:
    case OP_WINDOW_SD:
      ok = rb_calendar_window_start (calendar, &a, (guint) c->n,
                                     c->op == OP_WINDOW_SW ? RB_WINDOW_SCHOOL_WEEKS
                                     : c->op == OP_WINDOW_W ? RB_WINDOW_WEEKS
                                                            : RB_WINDOW_SCHOOL_DAYS,
                                     &result, error);
      break;
    case OP_SCHOOL_YEAR:
      return rb_calendar_format_school_year (rb_calendar_school_year_of (&a));
    case OP_STATUS:
      return g_strdup (status_code (rb_calendar_get_school_year_status (calendar, (guint) c->n)));
    case OP_MISSING:
      {
        g_auto(GStrv) missing = rb_calendar_list_missing_school_years (calendar, &a, &b);
        return g_strjoinv (",", missing);
      }
    }
  return ok ? rb_date_format (&result) : NULL;
}

static void
test_case (gconstpointer data)
{
  const CalendarCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;

  g_test_message ("%s", c->rule);
  answer = run_case (c, &error);
  if (c->expect != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (answer, ==, c->expect);
    }
  else
    {
      g_assert_null (answer);
      g_assert_error (error, RB_ERROR, c->error_code);
      /* The message names the year, so the user knows what to add. */
      if (c->error_code == RB_ERROR_CALENDAR_MISSING)
        g_assert_nonnull (strstr (error->message, "20"));
    }
}

/* Editing the holidays in the database changes the calendar: the data is not in code. */
static void
test_edit_holiday (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "edit.db", NULL);
  g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Test", "PO", "zuid", &error);
  g_autoptr(RbRecord) spring = new_holiday ("Voorjaarsvakantie", "2027-02-06", "2027-02-14", "holiday");
  g_autoptr(RbCalendar) before = rb_calendar_new_from_database (db, &error);
  g_autoptr(RbCalendar) after = NULL;
  GDate day;

  g_assert_no_error (error);
  parse ("2027-02-08", &day);
  g_assert_true (rb_calendar_is_school_day (before, &day));
  g_assert_cmpint (rb_calendar_get_school_year_status (before, 2026), ==, RB_SCHOOL_YEAR_INCOMPLETE);

  rb_record_set_boolean (spring, "needs_check", TRUE);
  rb_store_save (db, spring, &error);
  g_assert_no_error (error);
  after = rb_calendar_new_from_database (db, &error);
  g_assert_false (rb_calendar_is_school_day (after, &day));
  g_assert_cmpstr (rb_calendar_get_day_name (after, &day), ==, "Voorjaarsvakantie");
  g_assert_cmpint (rb_calendar_get_school_year_status (after, 2026), ==, RB_SCHOOL_YEAR_TO_CHECK);
}

/* A holiday ending before it starts is refused and nothing is stored. */
static void
test_bad_holiday (void)
{
  g_autoptr(GError) error = NULL;
  RbDatabase *db;
  g_autoptr(RbRecord) wrong = new_holiday ("Kerst", "2027-01-03", "2026-12-19", "holiday");
  g_autoptr(RbRecord) old = new_holiday ("Oud", "1989-12-25", "1990-01-02", "holiday");
  const RbTable *holidays = rb_schema_lookup_table ("holidays");
  gint64 count;
  g_autofree char *path = g_build_filename (tmp_dir, "bad.db", NULL);
  g_autoptr(RbDatabase) own = rb_database_create (path, "SWV Test", "VO", "noord", &error);

  db = own;
  count = rb_store_count (db, holidays, NULL);
  g_assert_false (rb_store_save (db, wrong, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_store_save (db, old, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpint (rb_store_count (db, holidays, NULL), ==, count);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  calendars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/calendar/table/%02u", i);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/calendar/edit-holiday", test_edit_holiday);
  g_test_add_func ("/calendar/bad-holiday", test_bad_holiday);

  status = g_test_run ();
  g_hash_table_unref (calendars);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
