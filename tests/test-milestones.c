/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-calendar.h"
#include "rb-capacity.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-milestones.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * Milestones and deadlines of a case, table-driven (region midden), and the capacity
 * of bridge locations. Each row builds one case and checks one milestone's due day and
 * state on a given day.
 */

typedef enum
{
  MAKE_SBO,          /* a bridge placement at an SBO starting on @from, @extra extension weeks */
  MAKE_KDC,          /* the same at a KDC */
  MAKE_THREATENED,   /* a case threatening since @from */
  MAKE_THUISZITTER,  /* a case at home since @from */
  MAKE_MEETING,      /* a meeting on @from; @extra = 1: minutes written */
  MAKE_AGREEMENT,    /* an agreement due on @from (none when NULL) */
  MAKE_REFERRAL,     /* a jeugdarts-aanmelding exported on @from (a day or a UTC stamp), only
                      * drafted when @extra = 1; a jeugdarts-advies recorded on @done */
  MAKE_MDO,          /* an MDO recorded on @from, held @extra days later; an mdo-uitnodiging
                      * exported on @done */
} Make;

typedef struct
{
  const char *rule;
  Make make;
  const char *from;
  int extra;
  const char *done;   /* closing meeting / end date / done date, or NULL */
  const char *code;
  const char *today;
  const char *due;    /* NULL: cannot be computed */
  const char *state;  /* NULL: there is no such milestone */
} MilestoneCase;

static const MilestoneCase cases[] = {
  { "seed 000 §2.4: tussenevaluatie na 4 schoolweken, nog ruim op tijd", MAKE_SBO, "2026-09-07", 0, NULL,
    "bridge-evaluation", "2026-09-20", "2026-10-05", "upcoming" },
  { "seed 000 §2.4: tussenevaluatie binnen een week", MAKE_SBO, "2026-09-07", 0, NULL,
    "bridge-evaluation", "2026-09-30", "2026-10-05", "due-soon" },
  { "seed 000 §2.4: tussenevaluatie vandaag", MAKE_SBO, "2026-09-07", 0, NULL,
    "bridge-evaluation", "2026-10-05", "2026-10-05", "due-soon" },
  { "seed 000 §2.4: tussenevaluatie een dag te laat", MAKE_SBO, "2026-09-07", 0, NULL,
    "bridge-evaluation", "2026-10-06", "2026-10-05", "overdue" },
  { "seed 000 §2.4: tussenevaluatie gehouden", MAKE_SBO, "2026-09-07", 0, "2026-10-05",
    "bridge-evaluation", "2026-10-20", "2026-10-05", "done" },
  { "seed 000 §2.4: eindadvies na 6 schoolweken valt in de herfstvakantie → maandag erna", MAKE_SBO,
    "2026-09-07", 0, NULL, "bridge-advice", "2026-10-01", "2026-10-26", "upcoming" },
  { "seed 000 §2.4: eindadvies gegeven", MAKE_SBO, "2026-09-07", 0, "2026-10-26",
    "bridge-advice", "2026-10-27", "2026-10-26", "done" },
  { "seed 000 §2.4: einde na 8 schoolweken, herfstweek telt niet; verstreken", MAKE_SBO, "2026-09-07", 0,
    NULL, "bridge-end", "2026-11-10", "2026-11-09", "overdue" },
  { "seed 000 §2.4: verlenging van max. 4 schoolweken schuift het einde op", MAKE_SBO, "2026-09-07", 4,
    NULL, "bridge-end", "2026-11-10", "2026-12-07", "upcoming" },
  { "seed 000 §2.4: verlenging van 2 schoolweken", MAKE_SBO, "2026-09-07", 2, NULL,
    "bridge-end", "2026-11-10", "2026-11-23", "upcoming" },
  { "seed 000 §2.4: brugplaatsing beëindigd", MAKE_SBO, "2026-09-07", 0, "2026-11-06",
    "bridge-end", "2026-11-10", "2026-11-09", "done" },
  { "seed 000 §2.4: start op vrijdag; tussenevaluatie 4 schoolweken later", MAKE_SBO, "2026-10-09", 0,
    NULL, "bridge-evaluation", "2026-10-12", "2026-11-06", "upcoming" },
  { "seed 000 §2.4: einde na de zomer 2027 valt in 2027-2028: agenda ontbreekt", MAKE_SBO, "2027-06-07",
    0, NULL, "bridge-end", "2027-06-10", NULL, "unknown" },
  { "seed 000 §2.4: tussenevaluatie juli 2027 is nog wel bekend", MAKE_SBO, "2027-06-07", 0, NULL,
    "bridge-evaluation", "2027-06-10", "2027-07-05", "upcoming" },
  { "seed 000 §2.5: KDC voortgangsgesprek na 6 weken", MAKE_KDC, "2026-09-07", 0, NULL,
    "bridge-progress", "2026-10-20", "2026-10-26", "due-soon" },
  { "seed 000 §2.5: KDC doel ca. 8 weken", MAKE_KDC, "2026-09-07", 0, NULL,
    "bridge-end", "2026-10-20", "2026-11-09", "upcoming" },
  { "seed 003 fase 3b: opschalen na 4 weken aaneengesloten afwezig", MAKE_THREATENED, "2026-09-07", 0, NULL,
    "escalation-4w", "2026-10-12", "2026-10-05", "overdue" },
  { "seed 003: JES schaalt op na 8 weken", MAKE_THREATENED, "2026-09-07", 0, NULL,
    "escalation-8w", "2026-10-12", "2026-11-09", "upcoming" },
  { "seed 003: escalatietafel gehouden", MAKE_THREATENED, "2026-09-07", 0, "2026-10-02",
    "escalation-4w", "2026-10-12", "2026-10-05", "done" },
  { "seed 000 §3.3: passend aanbod binnen 3 maanden (12 weken)", MAKE_THUISZITTER, "2026-09-07", 0, NULL,
    "target-3-months", "2026-11-25", "2026-11-30", "due-soon" },
  { "seed 003: 3 maanden is kalendertijd, ook over de zomervakantie", MAKE_THUISZITTER, "2026-06-01", 0,
    NULL, "target-3-months", "2026-09-01", "2026-08-24", "overdue" },
  { "seed 004 Bijlage G: verslag binnen 5 werkdagen na een MDO voor de herfstvakantie", MAKE_MEETING,
    "2026-10-15", 0, NULL, "meeting-minutes", "2026-10-16", "2026-10-29", "upcoming" },
  { "seed 004 Bijlage G: verslag niet binnen 5 werkdagen", MAKE_MEETING, "2026-09-14", 0, NULL,
    "meeting-minutes", "2026-09-22", "2026-09-21", "overdue" },
  { "seed 004 Bijlage G: verslag gemaakt", MAKE_MEETING, "2026-09-14", 1, NULL,
    "meeting-minutes", "2026-09-22", "2026-09-21", "done" },
  { "seed 004 Bijlage H: afspraak met termijn, verlopen", MAKE_AGREEMENT, "2026-10-01", 0, NULL,
    "agreement", "2026-10-02", "2026-10-01", "overdue" },
  { "seed 004 Bijlage H: afspraak nagekomen", MAKE_AGREEMENT, "2026-10-01", 0, "2026-09-30",
    "agreement", "2026-10-02", "2026-10-01", "done" },
  { "seed 004 Bijlage H: afspraak zonder termijn", MAKE_AGREEMENT, NULL, 0, NULL,
    "agreement", "2026-10-02", NULL, "unknown" },
  { "seed 004 verwijzing jeugdarts: afspraak binnen 2 weken na aanmelding",
    MAKE_REFERRAL, "2026-09-14", 0, NULL,
    "jeugdarts-advice", "2026-09-15", "2026-09-28", "upcoming" },
  { "seed 004 verwijzing jeugdarts: nog een week",
    MAKE_REFERRAL, "2026-09-14", 0, NULL,
    "jeugdarts-advice", "2026-09-21", "2026-09-28", "due-soon" },
  { "seed 004 verwijzing jeugdarts: de tweede week is om",
    MAKE_REFERRAL, "2026-09-14", 0, NULL,
    "jeugdarts-advice", "2026-09-28", "2026-09-28", "due-soon" },
  { "seed 004 verwijzing jeugdarts: een dag te laat",
    MAKE_REFERRAL, "2026-09-14", 0, NULL,
    "jeugdarts-advice", "2026-09-29", "2026-09-28", "overdue" },
  { "seed 004 verwijzing jeugdarts: advies jeugdarts (Bijlage F) binnen",
    MAKE_REFERRAL, "2026-09-14", 0, "2026-09-25",
    "jeugdarts-advice", "2026-10-05", "2026-09-28", "done" },
  { "seed 004 verwijzing jeugdarts: advies op de dag van aanmelden telt",
    MAKE_REFERRAL, "2026-09-14", 0, "2026-09-14",
    "jeugdarts-advice", "2026-09-29", "2026-09-28", "done" },
  { "seed 004 verwijzing jeugdarts: een advies van voor de aanmelding telt niet",
    MAKE_REFERRAL, "2026-09-14", 0, "2026-09-11",
    "jeugdarts-advice", "2026-09-29", "2026-09-28", "overdue" },
  { "seed 004 verwijzing jeugdarts: de GGD plant door de herfstvakantie heen (kalenderweken)",
    MAKE_REFERRAL, "2026-10-12", 0, NULL,
    "jeugdarts-advice", "2026-10-13", "2026-10-26", "upcoming" },
  { "seed 004 verwijzing jeugdarts: verstuurd om 00.30 uur telt als die dag",
    MAKE_REFERRAL, "2026-09-13T22:30:00.000000Z", 0, NULL,
    "jeugdarts-advice", "2026-09-15", "2026-09-28", "upcoming" },
  { "seed 004 verwijzing jeugdarts: een aanmelding die niet verstuurd is, is geen verwijzing",
    MAKE_REFERRAL, "2026-09-14", 1, NULL, "jeugdarts-advice", "2026-09-29", NULL, NULL },
  { "seed 004 Bijlage H: uitnodigen voor een MDO binnen 2 weken",
    MAKE_MDO, "2026-09-14", 30, NULL, "mdo-invitation", "2026-09-15", "2026-09-28", "upcoming" },
  { "seed 004 Bijlage H: MDO-uitnodiging vandaag",
    MAKE_MDO, "2026-09-14", 30, NULL, "mdo-invitation", "2026-09-28", "2026-09-28", "due-soon" },
  { "seed 004 Bijlage H: MDO-uitnodiging een dag te laat",
    MAKE_MDO, "2026-09-14", 30, NULL, "mdo-invitation", "2026-09-29", "2026-09-28", "overdue" },
  { "seed 004 Bijlage H: uitnodiging (Bijlage I) verstuurd",
    MAKE_MDO, "2026-09-14", 30, "2026-09-18",
    "mdo-invitation", "2026-09-29", "2026-09-28", "done" },
  { "seed 004 Bijlage H: een uitnodiging van voor het besluit telt niet",
    MAKE_MDO, "2026-09-14", 30, "2026-09-11",
    "mdo-invitation", "2026-09-29", "2026-09-28", "overdue" },
  { "seed 004 Bijlage H: de school telt schoolweken, de herfstvakantie niet",
    MAKE_MDO, "2026-10-12", 40, NULL, "mdo-invitation", "2026-10-13", "2026-11-02", "upcoming" },
  { "seed 004 Bijlage H: een gehouden MDO was uitgenodigd",
    MAKE_MDO, "2026-09-14", 10, NULL, "mdo-invitation", "2026-09-29", "2026-09-28", "done" },
  { "seed 004 Bijlage H: een MDO vastgelegd op de dag zelf kent geen uitnodigingstermijn",
    MAKE_MDO, "2026-09-14", 0, "2026-09-14", "mdo-invitation", "2026-09-29", NULL, NULL },
};

static char *tmp_dir;
static RbDatabase *db;
static guint serial;
/* The day records are stamped with, at 10:00 UTC; the fixed clock's day when NULL. */
static const char *clock_day;

static GDateTime *
test_clock (gpointer user_data)
{
  g_autofree char *stamp = NULL;

  if (clock_day == NULL)
    return rb_test_fixed_clock (user_data);
  stamp = g_strdup_printf ("%sT10:00:00Z", clock_day);
  return g_date_time_new_from_iso8601 (stamp, NULL);
}

static RbRecord *
new_case (const char *threatened, const char *thuiszitter)
{
  g_autofree char *name = g_strdup_printf ("Leerling %u", ++serial);
  g_autoptr(RbRecord) pupil = rb_test_save_new (db, "pupils", "first_name", name, "last_name", "Test",
                                        "birth_date", "2014-03-01", "enrolled", "ja", NULL);

  return rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", "dreigend",
                   "opened_on", "2026-06-01", "threatened_since", threatened,
                   "thuiszitter_since", thuiszitter, NULL);
}

static RbRecord *
new_location (const char *kind, const char *capacity)
{
  g_autofree char *name = g_strdup_printf ("%s De Brug %u", kind, ++serial);

  return rb_test_save_new (db, "bridge_locations", "name", name, "kind", kind, "capacity", capacity, NULL);
}

static void
parse (const char *text, GDate *date)
{
  g_autoptr(GError) error = NULL;

  rb_date_parse (text, date, &error);
  g_assert_no_error (error);
}

/* A document of @kind for @case_uuid, recorded on @day (NULL: the fixed clock's) and
 * exported at @exported (a day, a UTC stamp, or NULL: not exported). */
static void
add_document (const char *case_uuid, const char *kind, const char *day, const char *exported)
{
  g_autoptr(RbRecord) document = NULL;
  g_autofree char *stamp = NULL;

  clock_day = day;
  document = rb_test_save_new (db, "documents", "case_uuid", case_uuid, "kind", kind, "status",
                               "draft", "content", "{}", NULL);
  clock_day = NULL;
  if (exported == NULL)
    return;
  stamp = strlen (exported) > 10 ? g_strdup (exported)
                                 : g_strdup_printf ("%sT10:00:00.000000Z", exported);
  g_object_unref (rb_test_save_new (db, "document_exports", "document_uuid",
                                    rb_record_get_uuid (document), "exported_at", stamp, NULL));
}

/* An MDO for @case_uuid recorded on @decided and held @days later. */
static void
add_mdo (const char *case_uuid, const char *decided, int days)
{
  g_autofree char *held = NULL;
  GDate date;

  parse (decided, &date);
  g_date_add_days (&date, days);
  held = rb_date_format (&date);
  clock_day = decided;
  g_object_unref (rb_test_save_new (db, "meetings", "case_uuid", case_uuid, "meeting_date", held,
                                    "kind", "mdo", NULL));
  clock_day = NULL;
}

static RbRecord *
build_case (const MilestoneCase *c)
{
  RbRecord *item = new_case (c->make == MAKE_THREATENED ? c->from : NULL,
                             c->make == MAKE_THUISZITTER ? c->from : NULL);
  const char *uuid = rb_record_get_uuid (item);
  g_autofree char *extension = g_strdup_printf ("%d", c->extra);

  switch (c->make)
    {
    case MAKE_SBO:
    case MAKE_KDC:
      {
        g_autoptr(RbRecord) location = new_location (c->make == MAKE_SBO ? "SBO" : "KDC", NULL);
        g_autoptr(RbRecord) placement = rb_test_save_new (db, "placements", "case_uuid", uuid, "location_uuid",
                                                  rb_record_get_uuid (location), "start_date", c->from,
                                                  "extension_weeks", extension, "end_date",
                                                  c->done, NULL);
        if (c->done != NULL)
          g_object_unref (rb_test_save_new (db, "meetings", "case_uuid", uuid, "meeting_date", c->done, "kind",
                                    g_str_equal (c->code, "bridge-evaluation") ? "tussenevaluatie"
                                                                               : "eindadvies", NULL));
      }
      break;
    case MAKE_THREATENED:
    case MAKE_THUISZITTER:
      if (c->done != NULL)
        g_object_unref (rb_test_save_new (db, "meetings", "case_uuid", uuid, "meeting_date", c->done, "kind",
                                  "escalatietafel", NULL));
      break;
    case MAKE_MEETING:
      g_object_unref (rb_test_save_new (db, "meetings", "case_uuid", uuid, "meeting_date", c->from, "kind", "mdo",
                                "minutes", c->extra ? "Afspraken gemaakt" : NULL, NULL));
      break;
    case MAKE_AGREEMENT:
      g_object_unref (rb_test_save_new (db, "agreements", "case_uuid", uuid, "what", "Opbouwrooster maken",
                                "who", "mentor", "due_date", c->from, "done_date", c->done, NULL));
      break;
    case MAKE_REFERRAL:
      add_document (uuid, "jeugdarts-aanmelding", "2026-09-01", c->extra ? NULL : c->from);
      if (c->done != NULL)
        add_document (uuid, "jeugdarts-advies", c->done, NULL);
      break;
    case MAKE_MDO:
      add_mdo (uuid, c->from, c->extra);
      if (c->done != NULL)
        add_document (uuid, "mdo-uitnodiging", "2026-09-01", c->done);
      break;
    }
  return item;
}

static void
test_case (gconstpointer data)
{
  const MilestoneCase *c = data;
  g_autoptr(RbRecord) item = build_case (c);
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, NULL);
  g_autoptr(GPtrArray) milestones = NULL;
  g_autoptr(GError) error = NULL;
  const RbMilestone *found = NULL;
  GDate today;

  g_test_message ("%s", c->rule);
  parse (c->today, &today);
  milestones = rb_milestones_for_case (db, calendar, item, &today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < milestones->len && found == NULL; i++)
    if (g_str_equal (((RbMilestone *) g_ptr_array_index (milestones, i))->code, c->code))
      found = g_ptr_array_index (milestones, i);
  if (c->state == NULL)
    {
      g_assert_null (found);
      return;
    }
  g_assert_nonnull (found);

  if (c->due != NULL)
    {
      g_autofree char *due = rb_date_format (&found->due);
      g_assert_cmpstr (due, ==, c->due);
    }
  else
    g_assert_false (g_date_valid (&found->due));
  g_assert_cmpstr (rb_milestone_state_to_string (found->state), ==, c->state);
  if (found->state == RB_MILESTONE_UNKNOWN)
    g_assert_nonnull (found->problem);
}

/* A closed case has no open deadlines. */
static void
test_closed_case (void)
{
  g_autoptr(RbRecord) item = new_case ("2026-09-07", "2026-09-07");
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, NULL);
  g_autoptr(GPtrArray) milestones = NULL;
  g_autoptr(GError) error = NULL;
  GDate today;

  rb_record_set_string (item, "status", "afgesloten");
  rb_record_set_string (item, "closed_on", "2026-10-01");
  rb_store_save (db, item, &error);
  g_assert_no_error (error);
  parse ("2027-01-10", &today);
  milestones = rb_milestones_for_case (db, calendar, item, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (milestones->len, ==, 3);
  for (guint i = 0; i < milestones->len; i++)
    g_assert_cmpint (((RbMilestone *) g_ptr_array_index (milestones, i))->state, ==, RB_MILESTONE_DONE);
}

static RbRecord *
new_placement (RbRecord *location, const char *start)
{
  g_autoptr(RbRecord) item = new_case (NULL, NULL);
  RbRecord *placement = rb_record_new (rb_schema_lookup_table ("placements"));

  rb_record_set_string (placement, "case_uuid", rb_record_get_uuid (item));
  rb_record_set_string (placement, "location_uuid", rb_record_get_uuid (location));
  rb_record_set_string (placement, "start_date", start);
  return placement;
}

static gint64
count (const char *table)
{
  return rb_store_count (db, rb_schema_lookup_table (table), NULL);
}

/* Seed 000 §2.5: at most 4 bridge pupils per SBO; a fifth only with a logged reason. */
static void
test_capacity (void)
{
  g_autoptr(RbRecord) sbo = new_location ("SBO", NULL);
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, NULL);
  g_autoptr(RbRecord) fifth = new_placement (sbo, "2026-10-05");
  g_autoptr(RbRecord) later = new_placement (sbo, "2026-11-09");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  gint64 placements, entries;
  guint occupied, capacity;
  GDate day;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(RbRecord) placement = new_placement (sbo, "2026-09-07");
      g_assert_true (rb_capacity_save_placement (db, calendar, placement, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  parse ("2026-10-05", &day);
  g_assert_true (rb_capacity_get_occupancy (db, calendar, rb_record_get_uuid (sbo), &day, &occupied,
                                            &capacity, &error));
  g_assert_cmpuint (occupied, ==, 4);
  g_assert_cmpuint (capacity, ==, RB_CAPACITY_SBO_DEFAULT);

  /* The fifth is refused with a sentence that names the location; nothing is stored. */
  placements = count ("placements");
  entries = count ("log_entries");
  g_assert_false (rb_capacity_save_placement (db, calendar, fifth, NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, rb_record_get_string (sbo, "name")));
  g_assert_nonnull (strstr (error->message, "4"));
  g_clear_error (&error);
  g_assert_false (rb_capacity_save_placement (db, calendar, fifth, "Crisis", "", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count ("placements"), ==, placements);
  g_assert_cmpint (count ("log_entries"), ==, entries);

  /* The four end after 8 school weeks (9 November): a new start then fits. */
  g_assert_true (rb_capacity_save_placement (db, calendar, later, NULL, NULL, &error));
  g_assert_no_error (error);

  /* With a reason it is placed; the reason is stored and logged in one go. */
  g_assert_true (rb_capacity_save_placement (db, calendar, fifth, "Crisisplaatsing, besproken met "
                                             "directeur SBO", "J. de Regisseur", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (fifth, "override_reason"), ==,
                   "Crisisplaatsing, besproken met directeur SBO");
  log = rb_store_list (db, rb_schema_lookup_table ("log_entries"), "case_uuid",
                       rb_record_get_string (fifth, "case_uuid"), &error);
  g_assert_cmpuint (log->len, ==, 1);
  g_assert_nonnull (strstr (rb_record_get_string (g_ptr_array_index (log, 0), "body"), "Crisisplaatsing"));
  g_assert_true (rb_capacity_get_occupancy (db, calendar, rb_record_get_uuid (sbo), &day, &occupied,
                                            &capacity, &error));
  g_assert_cmpuint (occupied, ==, 5);
}

/* A placement that ends before it starts is refused; nothing is stored. */
static void
test_bad_placement (void)
{
  g_autoptr(RbRecord) sbo = new_location ("SBO", "2");
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (db, NULL);
  g_autoptr(RbRecord) placement = new_placement (sbo, "2026-09-07");
  g_autoptr(GError) error = NULL;
  gint64 before = count ("placements");

  rb_record_set_string (placement, "end_date", "2026-09-04");
  g_assert_false (rb_capacity_save_placement (db, calendar, placement, NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  rb_record_set_string (placement, "end_date", "2026-11-06");
  rb_record_set_int (placement, "extension_weeks", 5);
  g_assert_false (rb_capacity_save_placement (db, calendar, placement, NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_cmpint (count ("placements"), ==, before);
}

static void
assert_same_milestones (GPtrArray *run, GPtrArray *single)
{
  g_assert_cmpuint (run->len, ==, single->len);
  for (guint i = 0; i < run->len; i++)
    {
      const RbMilestone *a = g_ptr_array_index (run, i), *b = g_ptr_array_index (single, i);

      g_assert_cmpstr (a->code, ==, b->code);
      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpstr (a->source, ==, b->source);
      g_assert_cmpstr (a->record_uuid, ==, b->record_uuid);
      g_assert_cmpstr (a->problem, ==, b->problem);
      g_assert_cmpint (a->state, ==, b->state);
      g_assert_cmpmem (&a->from, sizeof a->from, &b->from, sizeof b->from);
      g_assert_cmpmem (&a->due, sizeof a->due, &b->due, sizeof b->due);
      g_assert_cmpmem (&a->done, sizeof a->done, &b->done, sizeof b->done);
    }
}

/* The run the dashboard reads in steps gives every case of a generated caseload, with
 * referrals, advices and MDO invitations added, the milestones rb_milestones_for_case()
 * gives it. */
static void
test_run_equals_case (void)
{
  g_autoptr(RbDatabase) generated = rb_test_generate_swv (tmp_dir, "generated.db", 60, 11);
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbMilestonesRun) run = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GError) error = NULL;
  RbDatabase *saved = db;
  guint n_referrals = 0, n_invitations = 0, n_steps = 0;
  gboolean done = FALSE;
  GDate today;

  rb_database_set_clock (generated, test_clock, NULL);
  cases = rb_store_list_all (generated, rb_schema_lookup_table ("cases"), &error);
  g_assert_no_error (error);
  /* add_document () and add_mdo () write to db. */
  db = generated;
  for (guint i = 0; i < cases->len; i += 3)
    {
      const char *uuid = rb_record_get_uuid (g_ptr_array_index (cases, i));

      add_document (uuid, "jeugdarts-aanmelding", "2026-09-01",
                    i % 2 ? "2026-09-02" : "2026-09-07");
      if (i % 4 == 0)
        add_document (uuid, "jeugdarts-advies", "2026-09-10", NULL);
      add_mdo (uuid, "2026-09-03", 20 + (int) i);
      if (i % 5 == 0)
        add_document (uuid, "mdo-uitnodiging", "2026-09-01", "2026-09-08");
    }
  db = saved;

  calendar = rb_calendar_new_from_database (generated, &error);
  g_assert_no_error (error);
  parse ("2026-09-20", &today);
  run = rb_milestones_run_new_in_steps (generated, calendar, &today);
  while (!done)
    {
      g_assert_true (rb_milestones_run_read (run, &done, &error));
      g_assert_no_error (error);
      n_steps++;
    }
  g_assert_cmpuint (n_steps, ==, 4);
  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *item = g_ptr_array_index (cases, i);
      g_autoptr(GPtrArray) single = rb_milestones_for_case (generated, calendar, item, &today,
                                                            &error);
      g_autoptr(GPtrArray) from_run = NULL;
      RbCaseDates dates = { rb_record_get_uuid (item), rb_record_get_string (item, "opened_on"),
                            rb_record_get_string (item, "threatened_since"),
                            rb_record_get_string (item, "thuiszitter_since"),
                            rb_record_get_string (item, "closed_on") };

      g_assert_no_error (error);
      from_run = rb_milestones_run_compute (run, &dates, &error);
      g_assert_no_error (error);
      assert_same_milestones (from_run, single);
      for (guint j = 0; j < single->len; j++)
        {
          const char *code = ((RbMilestone *) g_ptr_array_index (single, j))->code;

          n_referrals += g_str_equal (code, "jeugdarts-advice");
          n_invitations += g_str_equal (code, "mdo-invitation");
        }
    }
  g_assert_cmpuint (n_referrals, ==, (cases->len + 2) / 3);
  g_assert_cmpuint (n_invitations, >=, (cases->len + 2) / 3);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  /* Stamps are UTC; the day a document was sent is the Dutch one. */
  g_setenv ("TZ", "Europe/Amsterdam", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  path = g_build_filename (tmp_dir, "swv.db", NULL);
  db = rb_database_create (path, "SWV Test", "PO", "midden", &error);
  g_assert_no_error (error);
  rb_database_set_clock (db, test_clock, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/milestones/table/%02u-%s", i, cases[i].code);
      g_test_add_data_func (test_path, &cases[i], test_case);
    }
  g_test_add_func ("/milestones/closed-case", test_closed_case);
  g_test_add_func ("/milestones/capacity", test_capacity);
  g_test_add_func ("/milestones/bad-placement", test_bad_placement);
  g_test_add_func ("/milestones/run-equals-case", test_run_equals_case);

  status = g_test_run ();
  g_object_unref (db);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
