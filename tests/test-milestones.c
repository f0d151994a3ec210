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
  const char *state;
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
};

static char *tmp_dir;
static RbDatabase *db;
static guint serial;

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

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  path = g_build_filename (tmp_dir, "swv.db", NULL);
  db = rb_database_create (path, "SWV Test", "PO", "midden", &error);
  g_assert_no_error (error);
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/milestones/table/%02u-%s", i, cases[i].code);
      g_test_add_data_func (test_path, &cases[i], test_case);
    }
  g_test_add_func ("/milestones/closed-case", test_closed_case);
  g_test_add_func ("/milestones/capacity", test_capacity);
  g_test_add_func ("/milestones/bad-placement", test_bad_placement);

  status = g_test_run ();
  g_object_unref (db);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
