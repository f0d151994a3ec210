/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-signals.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The signal engine, table-driven over the default criteria of a VO and a PO database
 * (region midden). Each row names the seed rule it checks, records absences for a new
 * pupil and says when the criterion must first fire (or that it must not).
 *
 * Absences are written "FIRST[..LAST] KIND AMOUNT; ...": a period is recorded on its
 * school days only; KIND is S(ick), A(uthorised), U(nauthorised), L(ate), X (luxury) or
 * P (suspended); AMOUNT is hours, or times late for L.
 */

typedef struct
{
  const char *rule;
  const char *db;        /* "vo", "po", or "own2028" (VO with 2027-2028 entered by the test) */
  const char *code;
  const char *absences;
  const char *fired;     /* first day it fires, or NULL when it must not */
  double value;
  int n_evidence;        /* -1: not checked */
} SignalCase;

static const SignalCase cases[] = {
  /* 16 hours unauthorised in 4 school weeks: the legal duty to report. */
  { "seed 000 §1.3: precies 16 uur ongeoorloofd in 4 schoolweken → melden", "vo", "unauth-16h-4w",
    "2026-09-07..2026-09-10 U 4", "2026-09-10", 16, 4 },
  { "seed 000 §1.3: 15,5 uur ongeoorloofd is 'overig verzuim', geen melding", "vo", "unauth-16h-4w",
    "2026-09-07..2026-09-09 U 4; 2026-09-10 U 3.5", NULL, 0, -1 },
  { "seed 002 §3.2: luxe verzuim is ongeoorloofd en telt mee", "vo", "unauth-16h-4w",
    "2026-09-07..2026-09-08 U 4; 2026-09-09..2026-09-10 X 4", "2026-09-10", 16, 4 },
  { "seed 000 §1.3: ziekte gemeld volgens de regels is geen ongeoorloofd verzuim", "vo", "unauth-16h-4w",
    "2026-09-07..2026-09-11 S 4", NULL, 0, -1 },
  { "seed 000 §1.3: 16 uur verspreid, meer dan 4 schoolweken uit elkaar → geen melding", "vo", "unauth-16h-4w",
    "2026-09-07 U 4; 2026-09-21 U 4; 2026-10-05 U 4; 2026-10-12 U 4", NULL, 0, -1 },
  { "seed 000 §1.3: venster van 4 schoolweken over de herfstvakantie → wel melden", "vo", "unauth-16h-4w",
    "2026-09-28 U 4; 2026-10-05 U 4; 2026-10-12 U 4; 2026-10-30 U 4", "2026-10-30", 16, 4 },
  { "seed 000 §1.3: één dag te vroeg voor het venster over de herfstvakantie → niet", "vo", "unauth-16h-4w",
    "2026-09-25 U 4; 2026-10-05 U 4; 2026-10-12 U 4; 2026-10-30 U 4", NULL, 0, -1 },
  { "seed 000 §1.3: week na de zomervakantie: de zomerweken tellen niet als schoolweek", "vo", "unauth-16h-4w",
    "2026-07-13..2026-07-16 U 3; 2026-08-31 U 4", "2026-08-31", 16, 5 },
  { "seed 000 §1.3: schrikkeldag 2028-02-29 telt als schooldag in het venster", "own2028", "unauth-16h-4w",
    "2028-02-28..2028-03-02 U 4", "2028-03-02", 16, 4 },
  { "seed 000 §1.3: Koningsdag 2028 in de week; 16 uur over de overige 4 dagen", "own2028", "unauth-16h-4w",
    "2028-04-24..2028-04-28 U 4", "2028-04-28", 16, 4 },

  /* Sick more than 7 consecutive school days (M@ZL, VO). */
  { "seed 004: 7 aaneengesloten schooldagen ziek is nog niet 'langer dan 7'", "vo", "sick-7d",
    "2026-09-07..2026-09-15 S 5.5", NULL, 0, -1 },
  { "seed 004: de 8e aaneengesloten schooldag ziek → aanmelden jeugdarts", "vo", "sick-7d",
    "2026-09-07..2026-09-16 S 5.5", "2026-09-16", 8, 8 },
  { "seed 004: start op vrijdag; het weekend breekt de reeks niet (7 dagen)", "vo", "sick-7d",
    "2026-09-11..2026-09-21 S 5.5", NULL, 0, -1 },
  { "seed 004: start op vrijdag; de 8e schooldag is dinsdag", "vo", "sick-7d",
    "2026-09-11..2026-09-22 S 5.5", "2026-09-22", 8, 8 },
  { "seed 004: ziek over de herfstvakantie; de vakantie telt niet en breekt niet", "vo", "sick-7d",
    "2026-10-12..2026-10-16 S 5.5; 2026-10-26..2026-10-28 S 5.5", "2026-10-28", 8, 8 },
  { "seed 004: een schooldag aanwezig breekt de reeks", "vo", "sick-7d",
    "2026-09-07..2026-09-10 S 5.5; 2026-09-14..2026-09-17 S 5.5", NULL, 0, -1 },
  { "seed 004: geoorloofd verlof is geen ziekte", "vo", "sick-7d",
    "2026-09-07..2026-09-18 A 5.5", NULL, 0, -1 },
  { "seed 004: Koningsdag 2028 breekt een ziekreeks niet", "own2028", "sick-7d",
    "2028-04-18..2028-04-26 S 5.5; 2028-04-28 S 5.5", "2028-04-28", 8, 8 },
  { "seed 004: ziek over de schrikkeldag 2028", "own2028", "sick-7d",
    "2028-02-28..2028-03-08 S 5.5", "2028-03-08", 8, 8 },

  /* The 4th sick report within 12 weeks (M@ZL, VO). */
  { "seed 004: 3e ziekmelding binnen 12 weken → nog niet", "vo", "sick-4x-12w",
    "2026-09-07 S 5.5; 2026-09-21 S 5.5; 2026-10-05 S 5.5", NULL, 0, -1 },
  { "seed 004: 4e ziekmelding binnen 12 weken → aanmelden jeugdarts", "vo", "sick-4x-12w",
    "2026-09-07 S 5.5; 2026-09-21 S 5.5; 2026-10-05 S 5.5; 2026-10-26 S 5.5", "2026-10-26", 4, 4 },
  { "seed 004: 4 ziekmeldingen verspreid over meer dan 12 weken → niet", "vo", "sick-4x-12w",
    "2026-09-07 S 5.5; 2026-10-05 S 5.5; 2026-11-02 S 5.5; 2026-12-01 S 5.5", NULL, 0, -1 },
  { "seed 004: drie dagen achter elkaar ziek is één ziekmelding", "vo", "sick-4x-12w",
    "2026-09-07..2026-09-09 S 5.5; 2026-09-21..2026-09-22 S 5.5; 2026-10-05 S 5.5", NULL, 0, -1 },
  { "seed 004: ziek vrijdag en maandag is één melding; de 4e melding telt", "vo", "sick-4x-12w",
    "2026-09-11..2026-09-14 S 5.5; 2026-09-21 S 5.5; 2026-10-05 S 5.5; 2026-10-12 S 5.5",
    "2026-10-12", 4, 4 },

  /* Late and truancy ladders per school year (VO, seed 004 Bijlage A). */
  { "seed 004 Bijlage A: 2x te laat → nog geen contact", "vo", "late-3",
    "2026-09-07 L 1; 2026-09-08 L 1", NULL, 0, -1 },
  { "seed 004 Bijlage A: 3x te laat → contact met ouders", "vo", "late-3",
    "2026-09-07 L 1; 2026-09-08 L 1; 2026-09-09 L 1", "2026-09-09", 3, 3 },
  { "seed 004 Bijlage A: 5x te laat → nog geen melding bij leerplicht", "vo", "late-6",
    "2026-09-07..2026-09-11 L 1", NULL, 0, -1 },
  { "seed 004 Bijlage A: 6x te laat → melden bij leerplicht", "vo", "late-6",
    "2026-09-07..2026-09-14 L 1", "2026-09-14", 6, 6 },
  { "seed 004 Bijlage A: 12x te laat → melden, daarna Halt", "vo", "late-12",
    "2026-09-07..2026-09-22 L 1", "2026-09-22", 12, 12 },
  { "seed 004 Bijlage A: per schooljaar: juni en september tellen apart", "vo", "late-3",
    "2026-06-15 L 1; 2026-06-16 L 1; 2026-09-07 L 1", NULL, 0, -1 },
  { "seed 004 Bijlage A: één registratie van 3 keer te laat", "vo", "late-3",
    "2026-09-07 L 3", "2026-09-07", 3, 1 },
  { "seed 004 Bijlage A: 1 lesuur ongeoorloofd → contact", "vo", "truant-hours-1",
    "2026-09-07 U 1", "2026-09-07", 1, 1 },
  { "seed 004 Bijlage A: 4,5 lesuur ongeoorloofd → nog geen melding (grens 5)", "vo", "truant-hours-5",
    "2026-09-07 U 2.5; 2026-09-08 U 2", NULL, 0, -1 },
  { "seed 004 Bijlage A: precies 5 lesuren ongeoorloofd → melden", "vo", "truant-hours-5",
    "2026-09-07 U 2.5; 2026-09-08 U 2.5", "2026-09-08", 5, 2 },
  { "seed 004 Bijlage A: precies 5 lesuren is nog niet 'meer dan 5'", "vo", "truant-hours-6",
    "2026-09-07 U 2.5; 2026-09-08 U 2.5", NULL, 0, -1 },
  { "seed 004 Bijlage A: 6 lesuren → meer dan 5, waarschuwingsbrief", "vo", "truant-hours-6",
    "2026-09-07 U 2.5; 2026-09-08 U 2.5; 2026-09-09 U 1", "2026-09-09", 6, 3 },
  { "seed 004 Bijlage A: 3 lesuren is minder dan een halve dag (7 lesuren per dag)", "vo",
    "truant-days-0.5", "2026-09-07 U 3", NULL, 0, -1 },
  { "seed 004 Bijlage A: 3,5 lesuur is een halve dag spijbelen → contact", "vo", "truant-days-0.5",
    "2026-09-07 U 3.5", "2026-09-07", 0.5, 1 },
  { "seed 004 Bijlage A: 1,5 dag spijbelen over drie dagen → melden bij leerplicht", "vo",
    "truant-days-1.5", "2026-09-07..2026-09-09 U 3.5", "2026-09-09", 1.5, 3 },
  { "seed 000 processchema stap 9 (PO): 8x te laat → nog niet", "po", "late-9",
    "2026-09-07..2026-09-16 L 1", NULL, 0, -1 },
  { "seed 000 processchema stap 9 (PO): 9x te laat → melden", "po", "late-9",
    "2026-09-07..2026-09-17 L 1", "2026-09-17", 9, 9 },

  /* PO variant of M@ZL. */
  { "domain M@ZL PO: 9 schooldagen ziek is niet 'meer dan 9'", "po", "sick-9d",
    "2026-09-07..2026-09-17 S 5.5", NULL, 0, -1 },
  { "domain M@ZL PO: de 10e schooldag ziek → jeugdarts", "po", "sick-9d",
    "2026-09-07..2026-09-18 S 5.5", "2026-09-18", 10, 10 },
  { "domain M@ZL PO: 4 ziekmeldingen in een schooljaar → nog niet", "po", "sick-4x-year",
    "2026-09-07 S 5.5; 2026-10-05 S 5.5; 2026-11-02 S 5.5; 2026-12-01 S 5.5", NULL, 0, -1 },
  { "domain M@ZL PO: de 5e ziekmelding in een schooljaar → jeugdarts", "po", "sick-4x-year",
    "2026-09-07 S 5.5; 2026-10-05 S 5.5; 2026-11-02 S 5.5; 2026-12-01 S 5.5; 2027-03-01 S 5.5",
    "2027-03-01", 5, 5 },

  /* Problematic absence (seed 000 §1.3), any kind. */
  { "seed 000 §1.3: 25% van de schooltijd in 2 schoolweken → problematisch", "vo", "problematic-25pct-2w",
    "2026-09-14 S 5.5; 2026-09-15 A 5.5; 2026-09-16 U 2.75", "2026-09-16", 25, 3 },
  { "seed 000 §1.3: 24,5% in 2 schoolweken → niet", "vo", "problematic-25pct-2w",
    "2026-09-14 S 5.5; 2026-09-15 A 5.5; 2026-09-16 U 2.5", NULL, 0, -1 },
  { "seed 000 §1.3: te laat komen telt niet als gemiste schooltijd", "vo", "problematic-25pct-2w",
    "2026-09-07..2026-09-18 L 3", NULL, 0, -1 },
  { "seed 000 §1.3: 10 dagen afwezig in 15 schoolweken → problematisch", "vo", "problematic-10d-15w",
    "2026-09-07 S 5.5; 2026-09-14 S 5.5; 2026-09-21 A 5.5; 2026-09-28 U 5.5; 2026-10-05 S 5.5; "
    "2026-10-12 S 5.5; 2026-10-26 P 5.5; 2026-11-02 S 5.5; 2026-11-09 S 5.5; 2026-11-16 S 5.5",
    "2026-11-16", 10, 10 },
  { "seed 000 §1.3: 9,5 dag afwezig in 15 schoolweken → niet", "vo", "problematic-10d-15w",
    "2026-09-07 S 5.5; 2026-09-14 S 5.5; 2026-09-21 A 5.5; 2026-09-28 U 5.5; 2026-10-05 S 5.5; "
    "2026-10-12 S 5.5; 2026-10-26 P 5.5; 2026-11-02 S 5.5; 2026-11-09 S 5.5; 2026-11-16 S 2.75",
    NULL, 0, -1 },

  /* Thuiszitter and langdurig relatief verzuim (seed 000 §1.3). */
  { "seed 000 §1.3: 4 dagen per week afwezig, 4 schoolweken lang → thuiszitter", "vo", "thuiszitter",
    "2026-09-07..2026-09-10 S 5.5; 2026-09-14..2026-09-17 U 5.5; 2026-09-21..2026-09-24 S 5.5; "
    "2026-09-28..2026-10-01 S 5.5", "2026-10-01", 4, 16 },
  { "seed 000 §1.3: 3 dagen per week is niet 'meer dan 3'", "vo", "thuiszitter",
    "2026-09-07..2026-09-09 S 5.5; 2026-09-14..2026-09-16 S 5.5; 2026-09-21..2026-09-23 S 5.5; "
    "2026-09-28..2026-09-30 S 5.5; 2026-10-05..2026-10-07 S 5.5", NULL, 0, -1 },
  { "seed 000 §1.3: 4 dagen per week, maar pas 3 weken → nog geen thuiszitter", "vo", "thuiszitter",
    "2026-09-07..2026-09-10 S 5.5; 2026-09-14..2026-09-17 U 5.5; 2026-09-21..2026-09-24 S 5.5",
    NULL, 0, -1 },
  /* Weeks end on the evaluated day: on Friday 6 November the empty holiday week drops out. */
  { "seed 000 §1.3: thuiszitter over de herfstvakantie (vakantieweek telt niet)", "vo", "thuiszitter",
    "2026-10-05..2026-10-08 S 5.5; 2026-10-12..2026-10-15 S 5.5; 2026-10-26..2026-10-29 S 5.5; "
    "2026-11-02..2026-11-05 S 5.5", "2026-11-06", 4, 16 },
  { "seed 000 §1.3: 20 schooldagen aaneen ongeoorloofd → langdurig relatief verzuim", "vo", "long-relative",
    "2026-09-07..2026-10-02 U 5.5", "2026-10-02", 20, 20 },
  { "seed 000 §1.3: 19 schooldagen aaneen ongeoorloofd → nog niet", "vo", "long-relative",
    "2026-09-07..2026-10-01 U 5.5", NULL, 0, -1 },
};

static char *tmp_dir;
static GHashTable *databases;  /* name → RbDatabase */
static guint pupil_serial;

/* 2027-2028 is not shipped; this test enters a plausible year (not official data). */
static void
add_own_2028 (RbDatabase *db)
{
  static const char *const rows[][4] = {
    { "Herfstvakantie", "2027-10-16", "2027-10-24", "holiday" },
    { "Kerstvakantie", "2027-12-25", "2028-01-09", "holiday" },
    { "Voorjaarsvakantie", "2028-02-19", "2028-02-27", "holiday" },
    { "Meivakantie", "2028-04-29", "2028-05-07", "holiday" },
    { "Zomervakantie", "2028-07-15", "2028-08-27", "holiday" },
    { "Koningsdag", "2028-04-27", "2028-04-27", "day_off" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_object_unref (rb_test_save_new (db, "holidays", "name", rows[i][0], "start_date", rows[i][1],
                              "end_date", rows[i][2], "kind", rows[i][3], "needs_check", "nee", NULL));
}

static RbDatabase *
get_database (const char *name)
{
  RbDatabase *db = g_hash_table_lookup (databases, name);

  if (db == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file = g_strconcat (name, ".db", NULL);
      g_autofree char *path = g_build_filename (tmp_dir, file, NULL);

      db = rb_database_create (path, "SWV Test", g_str_equal (name, "po") ? "PO" : "VO", "midden",
                               &error);
      g_assert_no_error (error);
      rb_database_set_clock (db, rb_test_fixed_clock, NULL);
      if (g_str_equal (name, "own2028"))
        add_own_2028 (db);
      g_hash_table_insert (databases, g_strdup (name), db);
    }
  return db;
}

static void
parse (const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  rb_date_parse (text, date, &error);
  g_assert_no_error (error);
}

static const char *
kind_of (char letter)
{
  switch (letter)
    {
    case 'S': return "SICK";
    case 'A': return "AUTHORIZED";
    case 'U': return "UNAUTHORIZED";
    case 'L': return "LATE";
    case 'X': return "LUXURY";
    case 'P': return "SUSPENDED";
    default: g_assert_not_reached ();
    }
}

static RbRecord *
new_absence (const char *pupil, const GDate *day, const char *kind, const char *amount)
{
  RbRecord *record = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autofree char *date = rb_date_format (day);
  g_autoptr(GError) error = NULL;

  rb_record_set_string (record, "pupil_uuid", pupil);
  rb_record_set_string (record, "absence_date", date);
  rb_record_set_string (record, "kind", kind);
  g_assert_true (rb_record_set_text (record, g_str_equal (kind, "LATE") ? "late_count" : "hours",
                                     amount, &error));
  return record;
}

/* A new pupil with the absences of @spec; returns the pupil's UUID. */
static char *
add_pupil (RbDatabase *db, const char *spec)
{
  g_autofree char *name = g_strdup_printf ("Leerling %u", ++pupil_serial);
  g_autoptr(RbRecord) pupil = rb_test_save_new (db, "pupils", "first_name", name, "last_name", "Test",
                                        "birth_date", "2013-05-02", "enrolled", "ja", NULL);
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, NULL);
  g_autoptr(GPtrArray) absences = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) parts = g_strsplit (spec, ";", -1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (parts[i]), " ", 3);
      g_auto(GStrv) range = g_strsplit (fields[0], "..", 2);
      gboolean period = range[1] != NULL;
      GDate first, last;

      parse (range[0], &first);
      parse (period ? range[1] : range[0], &last);
      for (GDate day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
        if (!period || rb_calendar_is_school_day (calendar, &day))
          g_ptr_array_add (absences, new_absence (rb_record_get_uuid (pupil), &day,
                                                  kind_of (fields[1][0]), fields[2]));
    }
  rb_store_save_all (db, absences, &error);
  g_assert_no_error (error);
  return g_strdup (rb_record_get_uuid (pupil));
}

static GPtrArray *
evaluate (RbDatabase *db, const char *pupil, const char *today, GError **error)
{
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, error);
  g_autoptr(RbSignals) engine = calendar ? rb_signals_new (db, calendar, error) : NULL;
  GDate day;

  if (engine == NULL)
    return NULL;
  parse (today, &day);
  return rb_signals_evaluate_pupil (engine, db, pupil, &day, error);
}

static const RbSignal *
find_signal (GPtrArray *signals, const char *code)
{
  for (guint i = 0; i < signals->len; i++)
    {
      const RbSignal *signal = g_ptr_array_index (signals, i);

      if (g_str_equal (signal->code, code))
        return signal;
    }
  return NULL;
}

static void
test_case (gconstpointer data)
{
  const SignalCase *c = data;
  RbDatabase *db = get_database (c->db);
  g_autofree char *pupil = add_pupil (db, c->absences);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signals = NULL;
  const RbSignal *signal;

  g_test_message ("%s", c->rule);
  signals = evaluate (db, pupil, g_str_equal (c->db, "own2028") ? "2028-07-01" : "2027-07-01",
                      &error);
  g_assert_no_error (error);
  signal = find_signal (signals, c->code);
  if (c->fired == NULL)
    {
      g_assert_null (signal);
      return;
    }
  g_assert_nonnull (signal);
  {
    g_autofree char *fired = rb_date_format (&signal->first_fired);
    g_assert_cmpstr (fired, ==, c->fired);
  }
  g_assert_cmpfloat_with_epsilon (signal->value, c->value, 1e-6);
  if (c->n_evidence >= 0)
    g_assert_cmpuint (g_strv_length (signal->evidence), ==, (guint) c->n_evidence);
  g_assert_cmpint (g_date_compare (&signal->window_start, &signal->first_fired), <=, 0);
}

static RbRecord *
get_criterion (RbDatabase *db, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = rb_store_list (db, rb_schema_lookup_table ("criteria"), "code", code,
                                              &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_object_ref (g_ptr_array_index (found, 0));
}

static gboolean
fires (RbDatabase *db, const char *pupil, const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signals = evaluate (db, pupil, "2027-07-01", &error);

  g_assert_no_error (error);
  return find_signal (signals, code) != NULL;
}

/* Criteria are data: editing them in the database changes the result without rebuilding. */
static void
test_edit_criterion (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "edit.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Test", "VO", "midden", &error);
  g_autofree char *pupil = add_pupil (db, "2026-09-07..2026-09-10 U 4; 2026-09-14..2026-09-15 S 4");
  g_autoptr(RbRecord) rule = get_criterion (db, "unauth-16h-4w");

  g_test_message ("seed 003: 'in onze regio zijn afspraken gemaakt over eerder melden' → drempel is data");
  g_assert_true (fires (db, pupil, "unauth-16h-4w"));

  rb_record_set_double (rule, "threshold", 20);
  rb_store_save (db, rule, &error);
  g_assert_no_error (error);
  g_assert_false (fires (db, pupil, "unauth-16h-4w"));

  /* Counting sick hours too (seed 000: "geen onderscheid tussen geoorloofd en ongeoorloofd"). */
  rb_record_set_string (rule, "kinds", "UNAUTHORIZED,LUXURY,SICK");
  rb_store_save (db, rule, &error);
  g_assert_no_error (error);
  g_assert_true (fires (db, pupil, "unauth-16h-4w"));

  rb_record_set_boolean (rule, "enabled", FALSE);
  rb_store_save (db, rule, &error);
  g_assert_no_error (error);
  g_assert_false (fires (db, pupil, "unauth-16h-4w"));
}

/* A criterion with an unknown kind or unit is refused on save, and nothing is stored. */
static void
test_bad_criterion (void)
{
  RbDatabase *db = get_database ("vo");
  const RbTable *criteria = rb_schema_lookup_table ("criteria");
  gint64 before = rb_store_count (db, criteria, NULL);
  g_autoptr(RbRecord) rule = get_criterion (db, "late-3");
  g_autoptr(RbRecord) copy = rb_record_new (criteria);
  g_autoptr(GError) error = NULL;

  rb_record_set_string (rule, "kinds", "LATE,TRUANT");
  g_assert_false (rb_store_save (db, rule, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "TRUANT"));
  g_clear_error (&error);

  for (guint i = 0; i < criteria->n_columns; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(RbRecord) original = get_criterion (db, "unauth-16h-4w");

      text = rb_record_dup_text (original, criteria->columns[i].name);
      rb_record_set_text (copy, criteria->columns[i].name, text, NULL);
    }
  rb_record_set_string (copy, "unit", "minutes");
  g_assert_false (rb_store_save (db, copy, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);

  rb_record_set_string (copy, "unit", "hours");
  rb_record_set_int (copy, "window_length", 0);
  g_assert_false (rb_store_save (db, copy, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpint (rb_store_count (db, criteria, NULL), ==, before);
}

/* A criterion damaged outside the app (an unknown kind) stops the engine with a message. */
static void
test_damaged_criterion (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "damaged.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Test", "VO", "midden", &error);
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, &error);
  g_autoptr(RbSignals) engine = NULL;

  g_assert_true (rb_database_exec (db, "UPDATE criteria SET kinds = 'SPIJBELEN' "
                                   "WHERE code = 'late-3'", &error));
  engine = rb_signals_new (db, calendar, &error);
  g_assert_null (engine);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SPIJBELEN"));
}

/* Bad absences are refused and nothing is stored (issue 3, acceptance). */
static void
test_bad_absence (void)
{
  static const struct
  {
    const char *column;
    const char *value;
  } bad[] = {
    { "hours", "-1" },
    { "hours", "8.5" },
    { "absence_date", "1989-12-31" },
    { "absence_date", "2101-01-04" },
    { "absence_date", "2026-02-30" },
    { "kind", "SPIJBELEN" },
  };
  RbDatabase *db = get_database ("vo");
  const RbTable *absences = rb_schema_lookup_table ("absences");
  g_autofree char *pupil = add_pupil (db, "2026-09-07 U 1");
  gint64 before = rb_store_count (db, absences, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      GDate day;
      RbRecord *wrong;

      parse ("2026-09-08", &day);
      g_ptr_array_add (batch, new_absence (pupil, &day, "UNAUTHORIZED", "2"));
      wrong = new_absence (pupil, &day, "UNAUTHORIZED", "2");
      rb_record_set_text (wrong, bad[i].column, bad[i].value, NULL);
      g_ptr_array_add (batch, wrong);
      g_assert_false (rb_store_save_all (db, batch, &error));
      g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
      g_assert_cmpint (rb_store_count (db, absences, NULL), ==, before);
    }
}

/* A record in a school year without calendar is an error, never counted as weekdays. */
static void
test_missing_calendar (void)
{
  RbDatabase *db = get_database ("vo");
  g_autofree char *pupil = add_pupil (db, "2027-06-28..2027-07-02 U 4; 2027-09-06 U 4");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signals = evaluate (db, pupil, "2027-09-30", &error);
  g_autoptr(GPtrArray) before = NULL;

  g_test_message ("holidays.md: 2027-2028 is not shipped → 'ontbreekt'");
  g_assert_null (signals);
  g_assert_error (error, RB_ERROR, RB_ERROR_CALENDAR_MISSING);
  g_assert_nonnull (strstr (error->message, "2027-2028"));
  g_clear_error (&error);

  /* Up to July the calendar is known: the September record is not counted yet. */
  before = evaluate (db, pupil, "2027-07-15", &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_signal (before, "unauth-16h-4w"));
}

static void
collect_cb (const char *pupil_uuid, GPtrArray *signals, const GError *error, gpointer user_data)
{
  g_assert_no_error (error);
  g_hash_table_insert (user_data, g_strdup (pupil_uuid), g_ptr_array_ref (signals));
}

/* One query for all pupils gives what one query per pupil gives. */
static void
test_evaluate_all (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "all.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_create (path, "SWV Test", "VO", "midden", &error);
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbSignals) engine = NULL;
  GHashTableIter iter;
  gpointer key, value;
  GDate today;
  guint compared = 0;

  /* The pupils of the table, all in one database. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (g_str_equal (cases[i].db, "vo"))
      g_free (add_pupil (db, cases[i].absences));
  calendar = rb_calendar_new_from_database (db, NULL);
  engine = rb_signals_new (db, calendar, NULL);
  parse ("2027-07-01", &today);
  g_assert_true (rb_signals_evaluate_all (engine, db, &today, collect_cb, all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), >, 10);

  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GPtrArray) one = rb_signals_evaluate_pupil (engine, db, key, &today, &error);
      GPtrArray *many = value;

      g_assert_no_error (error);
      g_assert_cmpuint (one->len, ==, many->len);
      for (guint i = 0; i < one->len; i++)
        {
          RbSignal *a = g_ptr_array_index (one, i), *b = g_ptr_array_index (many, i);
          g_autoptr(RbSignal) copy = rb_signal_copy (b);

          g_assert_cmpstr (a->code, ==, copy->code);
          g_assert_cmpint (g_date_compare (&a->first_fired, &copy->first_fired), ==, 0);
          g_assert_cmpuint (g_strv_length (a->evidence), ==, g_strv_length (copy->evidence));
          compared++;
        }
    }
  g_assert_cmpuint (compared, >, 10);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  databases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/signals/table/%02u-%s", i, cases[i].code);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/signals/edit-criterion", test_edit_criterion);
  g_test_add_func ("/signals/bad-criterion", test_bad_criterion);
  g_test_add_func ("/signals/damaged-criterion", test_damaged_criterion);
  g_test_add_func ("/signals/bad-absence", test_bad_absence);
  g_test_add_func ("/signals/missing-calendar", test_missing_calendar);
  g_test_add_func ("/signals/evaluate-all", test_evaluate_all);

  status = g_test_run ();
  g_hash_table_unref (databases);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
