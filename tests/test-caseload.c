/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-caseload.h"
#include "rb-date.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The figures of the dashboard (rb-caseload) on a small VO caseload in region midden,
 * today being Monday 14 September 2026 (rb_test_fixed_clock()), against values worked
 * out by hand from the calendar (school from Monday 31 August; summer holiday 2026 from
 * 18 July) and the VO criteria:
 *
 * - Anna, threatening since Tuesday 1 September, 2 hours unauthorised on 7 September,
 *   nothing in the logbook: one signal (truant-hours-1, 1 hour in the school year), not
 *   enough for half a day (2 / 5.5) or 3 hours; escalation due 4 school weeks after
 *   1 September, on 29 September; needs action: the signal is newer than any logbook
 *   entry.
 * - Daan, the same, but with a logbook entry on 8 September: the signal was acted on and
 *   nothing is due within a week, so no action needed.
 * - Bram, thuiszitter since 15 June, threatening since 1 June; an escalatietafel with
 *   minutes on 10 September (which does both escalations), an agreement due 16 September:
 *   the 3 months (12 calendar weeks) ran out on 7 September, so one deadline is overdue
 *   and it is the next one; the agreement is not overdue yet.
 * - Cas, closed on 1 September, not enrolled anywhere: an absence after closing still
 *   gives a signal, but a closed case has no open deadline, no days count and needs no
 *   action.
 * - A deleted case is not listed.
 */

typedef struct
{
  char *dir;
  RbDatabase *db;
  char *anna, *daan, *bram, *cas, *deleted;
} Fixture;

/* The UUID of a record just saved, which the fixture keeps. */
static char *
uuid_of (RbRecord *record)
{
  char *uuid = g_strdup (rb_record_get_uuid (record));

  g_object_unref (record);
  return uuid;
}

static char *
new_pupil (Fixture *f, const char *first_name, const char *school, const char *enrolled)
{
  return uuid_of (rb_test_save_new (f->db, "pupils", "first_name", first_name, "last_name", "Test",
                                    "birth_date", "2013-05-01", "school_uuid", school,
                                    "enrolled", enrolled, NULL));
}

static void
add_absence (Fixture *f, const char *pupil, const char *day, const char *hours)
{
  g_object_unref (rb_test_save_new (f->db, "absences", "pupil_uuid", pupil, "absence_date", day,
                                    "kind", "UNAUTHORIZED", "hours", hours, NULL));
}

static void
add_log (Fixture *f, const char *case_uuid, const char *day)
{
  g_object_unref (rb_test_save_new (f->db, "log_entries", "case_uuid", case_uuid, "entry_date", day,
                                    "author", "Regisseur", "action", "Gebeld met de ouders", NULL));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *school = NULL;
  g_autofree char *anna = NULL, *daan = NULL, *bram = NULL, *cas = NULL, *gone = NULL;
  g_autofree char *meeting = NULL;
  g_autoptr(RbRecord) deleted = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = rb_test_make_dir ();
  f->db = rb_test_new_database (f->dir, "caseload.db");
  rb_database_set_clock (f->db, rb_test_fixed_clock, NULL);
  school = uuid_of (rb_test_save_new (f->db, "schools", "name", "Het Baken", NULL));

  anna = new_pupil (f, "Anna", school, "ja");
  f->anna = uuid_of (rb_test_save_new (f->db, "cases", "pupil_uuid", anna, "status", "dreigend",
                                       "opened_on", "2026-09-01", "threatened_since", "2026-09-01",
                                       "regisseur_swv", "Ria", NULL));
  add_absence (f, anna, "2026-09-07", "2");

  daan = new_pupil (f, "Daan", school, "ja");
  f->daan = uuid_of (rb_test_save_new (f->db, "cases", "pupil_uuid", daan, "status", "dreigend",
                                       "opened_on", "2026-09-01", "threatened_since", "2026-09-01",
                                       NULL));
  add_absence (f, daan, "2026-09-07", "2");
  add_log (f, f->daan, "2026-09-08");

  bram = new_pupil (f, "Bram", school, "ja");
  f->bram = uuid_of (rb_test_save_new (f->db, "cases", "pupil_uuid", bram, "status", "thuiszitter",
                                       "opened_on", "2026-06-01", "threatened_since", "2026-06-01",
                                       "thuiszitter_since", "2026-06-15", NULL));
  meeting = uuid_of (rb_test_save_new (f->db, "meetings", "case_uuid", f->bram, "kind",
                                       "escalatietafel", "meeting_date", "2026-09-10", "minutes",
                                       "Afspraken gemaakt", NULL));
  g_object_unref (rb_test_save_new (f->db, "agreements", "case_uuid", f->bram, "meeting_uuid",
                                    meeting, "what", "Opbouwrooster maken", "due_date",
                                    "2026-09-16", NULL));

  cas = new_pupil (f, "Cas", NULL, "nee");
  f->cas = uuid_of (rb_test_save_new (f->db, "cases", "pupil_uuid", cas, "status", "afgesloten",
                                      "opened_on", "2026-03-02", "threatened_since", "2026-03-02",
                                      "closed_on", "2026-09-01", NULL));
  add_absence (f, cas, "2026-09-08", "2");

  gone = new_pupil (f, "Eva", school, "ja");
  deleted = rb_test_save_new (f->db, "cases", "pupil_uuid", gone, "status", "dreigend", "opened_on",
                              "2026-09-01", NULL);
  f->deleted = g_strdup (rb_record_get_uuid (deleted));
  g_assert_true (rb_store_delete (f->db, deleted, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->anna);
  g_free (f->daan);
  g_free (f->bram);
  g_free (f->cas);
  g_free (f->deleted);
}

static char *
due_of (const RbCaseSummary *summary)
{
  return g_date_valid (&summary->next_due) ? rb_date_format (&summary->next_due) : NULL;
}

static void
assert_signal (const RbCaseSummary *summary, const char *code, const char *fired)
{
  RbSignal *signal;
  g_autofree char *day = NULL;

  g_assert_cmpuint (summary->signals->len, ==, 1);
  signal = g_ptr_array_index (summary->signals, 0);
  day = rb_date_format (&signal->first_fired);
  g_assert_cmpstr (signal->code, ==, code);
  g_assert_cmpstr (day, ==, fired);
}

/* Every figure of every case, as worked out by hand above. */
static void
assert_figures (RbCaseload *caseload, Fixture *f)
{
  RbCaseSummary *s;
  g_autofree char *anna_due = NULL, *daan_due = NULL, *bram_due = NULL;

  g_assert_cmpuint (rb_caseload_get_summaries (caseload)->len, ==, 4);
  g_assert_null (rb_caseload_lookup (caseload, f->deleted));

  s = rb_caseload_lookup (caseload, f->anna);
  g_assert_true (s->has_figures);
  g_assert_cmpstr (s->pupil_name, ==, "Anna Test");
  g_assert_cmpstr (s->search_key, ==, "anna test");
  g_assert_cmpstr (s->school_name, ==, "Het Baken");
  g_assert_cmpstr (s->regisseur, ==, "Ria");
  g_assert_cmpint (s->days_since, ==, 13);
  assert_signal (s, "truant-hours-1", "2026-09-07");
  anna_due = due_of (s);
  g_assert_cmpstr (anna_due, ==, "2026-09-29");
  g_assert_cmpstr (s->next_title, ==, "Escalate when the pupil has been absent for 4 weeks");
  g_assert_cmpuint (s->n_overdue, ==, 0);
  g_assert_true (s->needs_action);

  s = rb_caseload_lookup (caseload, f->daan);
  assert_signal (s, "truant-hours-1", "2026-09-07");
  daan_due = due_of (s);
  g_assert_cmpstr (daan_due, ==, "2026-09-29");
  g_assert_cmpuint (s->n_overdue, ==, 0);
  g_assert_false (s->needs_action);

  s = rb_caseload_lookup (caseload, f->bram);
  g_assert_cmpint (s->days_since, ==, 91);
  g_assert_cmpuint (s->signals->len, ==, 0);
  bram_due = due_of (s);
  g_assert_cmpstr (bram_due, ==, "2026-09-07");
  g_assert_cmpstr (s->next_title, ==, "A fitting offer within 3 months of staying at home");
  g_assert_cmpuint (s->n_overdue, ==, 1);
  g_assert_true (s->needs_action);

  s = rb_caseload_lookup (caseload, f->cas);
  g_assert_cmpstr (s->school_name, ==, "Not enrolled");
  g_assert_null (s->school_uuid);
  g_assert_cmpint (s->days_since, ==, -1);
  assert_signal (s, "truant-hours-1", "2026-09-08");
  g_assert_false (g_date_valid (&s->next_due));
  g_assert_null (s->next_title);
  g_assert_cmpuint (s->n_overdue, ==, 0);
  g_assert_false (s->needs_action);

  g_assert_cmpuint (rb_caseload_count_overdue (caseload), ==, 1);
  g_assert_cmpuint (rb_caseload_count_status (caseload, "dreigend"), ==, 2);
}

static void
test_figures (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCaseload) caseload = rb_caseload_new (f->db, &error);

  g_assert_no_error (error);
  g_assert_true (rb_caseload_has_figures (caseload));
  assert_figures (caseload, f);
}

/* Computed a case at a time, the figures come out the same; until then a summary has
 * its name, school and status but no figures. */
static void
test_figures_in_steps (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCaseload) caseload = rb_caseload_new_deferred (f->db, &error);
  RbCaseSummary *s;
  guint steps = 0;

  g_assert_no_error (error);
  g_assert_false (rb_caseload_has_figures (caseload));
  s = rb_caseload_lookup (caseload, f->anna);
  g_assert_cmpstr (s->pupil_name, ==, "Anna Test");
  g_assert_cmpint (s->days_since, ==, 13);
  g_assert_false (s->has_figures);
  g_assert_cmpuint (s->signals->len, ==, 0);
  g_assert_false (g_date_valid (&s->next_due));

  while (!rb_caseload_has_figures (caseload))
    {
      g_assert_true (rb_caseload_compute_figures (caseload, 1, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (++steps, <, 100);
    }
  /* Reading the logbook days, the absences, 3 pupils with absences, reading the
   * meetings, placements, agreements and documents, 4 cases. */
  g_assert_cmpuint (steps, ==, 1 + 1 + 3 + 4 + 4);
  assert_figures (caseload, f);
}

/* A case edited while the figures are still being computed keeps its newer figures. */
static void
test_refresh_while_computing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbCaseload) caseload = rb_caseload_new_deferred (f->db, &error);
  RbCaseSummary *s;

  g_assert_no_error (error);
  /* The logbook days are read: a new entry is not seen by this computation. */
  g_assert_true (rb_caseload_compute_figures (caseload, G_MAXUINT, &error));
  g_assert_no_error (error);
  add_log (f, f->anna, "2026-09-11");
  s = rb_caseload_refresh_case (caseload, f->anna, &error);
  g_assert_no_error (error);
  g_assert_true (s->has_figures);
  g_assert_false (s->needs_action);

  while (!rb_caseload_has_figures (caseload))
    g_assert_true (rb_caseload_compute_figures (caseload, G_MAXUINT, &error));
  g_assert_no_error (error);
  g_assert_false (rb_caseload_lookup (caseload, f->anna)->needs_action);
  g_assert_true (rb_caseload_lookup (caseload, f->bram)->needs_action);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/caseload/figures", Fixture, NULL, fixture_set_up, test_figures, fixture_tear_down);
  g_test_add ("/caseload/figures-in-steps", Fixture, NULL, fixture_set_up, test_figures_in_steps,
              fixture_tear_down);
  g_test_add ("/caseload/refresh-while-computing", Fixture, NULL, fixture_set_up,
              test_refresh_while_computing, fixture_tear_down);
  return g_test_run ();
}
