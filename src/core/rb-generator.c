/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-generator"

#include "config.h"


#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-defaults.h"
#include "rb-error.h"
#include "rb-generator.h"
#include "rb-route.h"
#include "rb-store.h"
#include "rb-uuid.h"

/*
 * Generated SWV databases, for the demo, the tests and the benchmarks. Everything follows
 * from the seed and from "today" (the database's clock): same seed, same clock, same bytes.
 * No real person is in here; names are drawn from lists of common names.
 */

/* The namespace of generated identities (a v4 UUID made once for this purpose). */
#define GENERATOR_NAMESPACE "6f3c1f9e-2b1d-4c55-9a1e-3d0f6a7b8c21"

static const char *const first_names[] = {
  "Daan", "Sem", "Noah", "Lucas", "Finn", "Levi", "Milan", "Bram", "Jesse", "Thijs",
  "Emma", "Julia", "Mila", "Tess", "Sophie", "Zoë", "Sara", "Nora", "Fleur", "Lotte",
  "Mohammed", "Amir", "Yusuf", "Ayoub", "Şükrü", "Elif", "Yasmina", "Aya", "Fatma", "Noor",
  "Łucja", "Jakub", "Zuzanna", "Andrei", "Ioana", "Mateus", "Chloé", "Anaïs", "Björn", "Minh",
};

static const char *const last_names[] = {
  "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit",
  "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
  "van Leeuwen", "Brouwer", "de Wit", "Yılmaz", "Öztürk", "El Amrani", "Bouzid", "Nguyễn",
  "Kowalski", "Wiśniewska", "Popescu", "Silva", "Doğan", "Çelik", "Haddou", "Kaya",
};

static const char *const school_names[] = {
  "De Regenboog", "De Wilgen", "Het Kompas", "De Vlinder", "De Springplank", "Het Palet",
  "De Klimop", "De Sterrenwacht", "Het Anker", "De Windroos", "De Linde", "Prinses Amalia",
  "Willem-Alexander", "De Fontein", "Het Mozaïek", "De Bron", "Juliana", "De Zonnewijzer",
  "Den Bongerd", "De Notenkraker", "Het Baken", "De Tweemaster", "Groen van Prinsterer",
};

static const char *const place_names[] = {
  "Dordrecht", "Zwijndrecht", "Papendrecht", "Sliedrecht", "Hendrik-Ido-Ambacht",
  "Alblasserdam", "Gorinchem", "Leerdam",
};

static const char *const regisseurs[] = {
  "Anouk Verbeek", "Ruben Hoekstra", "Ingrid van Vliet", "Kees Molenaar", "Samira Benali",
};

static const char *const school_roles[] = {
  "IB-er", "ondersteuningscoördinator", "mentor", "zorgcoördinator", "directeur",
};

static const struct
{
  const char *name;
  const char *kind;
  const char *contact_role;
} organisations[] = {
  { "GGD Zuid-Holland Zuid, JGZ", "jeugdgezondheidszorg", "jeugdarts" },
  { "Leerplicht", "leerplicht", "leerplichtambtenaar" },
  { "Jeugdteam", "jeugdhulp", "jeugdhulpverlener" },
  { "Schoolmaatschappelijk werk", "smw", "schoolmaatschappelijk werker" },
  { "Kernteam SWV", "swv", "orthopedagoog" },
};

static const char *const log_actions[] = {
  "Telefonisch contact met ouders", "Gesprek met IB-er", "Huisbezoek",
  "Aanmelding jeugdarts verstuurd", "Overleg met leerplichtambtenaar", "MDO voorbereid",
  "Verslag uitgewerkt en gedeeld", "Contact met jeugdteam", "Observatie in de klas",
  "Gesprek met leerling", "Mail aan school van herkomst", "Afspraken gecontroleerd",
};

static const char *const agreement_texts[] = {
  "Ouders melden leerling aan bij de jeugdarts", "School stelt een opbouwrooster op",
  "IB-er stuurt het groeidocument aan de regisseur", "Jeugdteam neemt contact op met ouders",
  "Regisseur vraagt een brugplek aan", "Leerplicht nodigt ouders uit voor een gesprek",
  "Mentor belt wekelijks met de leerling", "Verslag MDO naar alle deelnemers",
};

static const char *const meeting_reasons[] = {
  "belastbaarheid", "stagnatie opbouwrooster", "zorgelijk verzuim", "afstemming ontwikkeling",
};

/* Most cases are early in the route; the others come later and fewer. */
static const struct
{
  const char *status;
  guint weight;
} status_weights[] = {
  { "signalering", 30 }, { "dreigend", 25 }, { "thuiszitter", 15 },
  { "brugplaatsing", 12 }, { "afgesloten", 13 }, { "absoluut-verzuim", 5 },
};

typedef struct
{
  RbDatabase *db;
  GRand *rand;
  RbCalendar *calendar;
  guint64 seed;
  guint serial;
  GDate today;
  GPtrArray *schools;
  GPtrArray *locations;
  GPtrArray *contacts;
  /* Per bridge location: its placements' (start, end) Julian days, to keep capacity. */
  GHashTable *occupancy;
  char *route;  /* the SWV's default route code */
} Generator;

static void
generator_clear (Generator *gen)
{
  g_clear_pointer (&gen->rand, g_rand_free);
  g_clear_object (&gen->calendar);
  g_clear_pointer (&gen->schools, g_ptr_array_unref);
  g_clear_pointer (&gen->locations, g_ptr_array_unref);
  g_clear_pointer (&gen->contacts, g_ptr_array_unref);
  g_clear_pointer (&gen->occupancy, g_hash_table_unref);
  g_clear_pointer (&gen->route, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Generator, generator_clear)

#define PICK(gen, list) ((list)[g_rand_int_range ((gen)->rand, 0, G_N_ELEMENTS (list))])

static GRand *
rand_for_seed (guint64 seed)
{
  guint32 words[2] = { (guint32) (seed >> 32), (guint32) seed };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

/* Identities follow from the seed and a serial number, never from the system's randomness. */
static RbRecord *
new_record (Generator *gen, const char *table)
{
  g_autofree char *name = g_strdup_printf ("%" G_GUINT64_FORMAT "/%s/%u", gen->seed, table,
                                           gen->serial++);
  g_autofree char *uuid = rb_uuid_derive (rb_database_get_swv_uuid (gen->db), name);

  return rb_record_new_with_uuid (rb_schema_lookup_table (table), uuid);
}

static gboolean
save (Generator *gen, RbRecord *record, GError **error)
{
  return rb_store_save (gen->db, record, error);
}

static void
set_date (RbRecord *record, const char *column, const GDate *date)
{
  g_autofree char *text = rb_date_format (date);

  rb_record_set_string (record, column, text);
}

static GDate
days_before_today (Generator *gen, guint days)
{
  GDate date = gen->today;

  g_date_subtract_days (&date, days);
  return date;
}

static GDate
next_school_day (Generator *gen, GDate date)
{
  /* Bounded: the longest holiday is shorter than 10 weeks. */
  for (guint i = 0; i < 70 && !rb_calendar_is_school_day (gen->calendar, &date); i++)
    g_date_add_days (&date, 1);
  return date;
}

static char *
person_name (Generator *gen)
{
  return g_strdup_printf ("%s %s", PICK (gen, first_names), PICK (gen, last_names));
}

static gboolean
add_schools (Generator *gen, guint n_cases, GError **error)
{
  gboolean po = g_str_equal (rb_database_get_school_type (gen->db), "PO");
  guint n_schools = CLAMP (n_cases / 5, 6, 400);

  for (guint i = 0; i < n_schools; i++)
    {
      g_autoptr(RbRecord) school = new_record (gen, "schools");
      g_autofree char *name = NULL;
      const char *place = PICK (gen, place_names);
      guint round = i / G_N_ELEMENTS (school_names);

      /* Names repeat at large scale; the place and a number keep them apart. */
      name = g_strdup_printf ("%s %s%s%.0u, %s", po ? "Basisschool" : "Scholengemeenschap",
                              school_names[i % G_N_ELEMENTS (school_names)],
                              round > 0 ? " " : "", round, place);
      rb_record_set_string (school, "name", name);
      g_autofree char *brin = g_strdup_printf ("%02u%c%c", 10 + i % 90, 'A' + (i / 90) % 26,
                                               'A' + i % 26);
      rb_record_set_string (school, "brin", brin);
      rb_record_set_string (school, "board", i % 3 == 0 ? "Stichting Primair Onderwijs Drechtsteden"
                                                        : "Stichting Openbaar Onderwijs");
      rb_record_set_string (school, "school_type", po ? "PO" : "VO");
      if (!save (gen, school, error))
        return FALSE;
      g_ptr_array_add (gen->schools, g_steal_pointer (&school));
    }
  return TRUE;
}

static gboolean
add_locations (Generator *gen, guint n_cases, GError **error)
{
  guint n_sbo = CLAMP (n_cases / 40, 2, 60);

  for (guint i = 0; i < n_sbo + 2; i++)
    {
      g_autoptr(RbRecord) location = new_record (gen, "bridge_locations");
      g_autofree char *name = NULL;
      const char *kind = i < n_sbo ? "SBO" : i == n_sbo ? "KDC" : "GOAL";

      if (i < n_sbo)
        name = g_strdup_printf ("SBO %s, %s", school_names[(i * 7) % G_N_ELEMENTS (school_names)],
                                place_names[i % G_N_ELEMENTS (place_names)]);
      else
        name = g_strdup (i == n_sbo ? "KDC ASVZ De Merwe" : "GOAL-klas Dordrecht");
      rb_record_set_string (location, "name", name);
      rb_record_set_string (location, "kind", kind);
      /* At most 4 bridge pupils per SBO school (seed 000 §2.4). */
      rb_record_set_int (location, "capacity", i < n_sbo ? 4 : 6);
      rb_record_set_string (location, "address", place_names[i % G_N_ELEMENTS (place_names)]);
      if (!save (gen, location, error))
        return FALSE;
      g_ptr_array_add (gen->locations, g_steal_pointer (&location));
    }
  return TRUE;
}

static gboolean
add_partners (Generator *gen, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (organisations); i++)
    {
      g_autoptr(RbRecord) organisation = new_record (gen, "organisations");

      rb_record_set_string (organisation, "name", organisations[i].name);
      rb_record_set_string (organisation, "kind", organisations[i].kind);
      if (!save (gen, organisation, error))
        return FALSE;
      for (guint j = 0; j < 2; j++)
        {
          g_autoptr(RbRecord) contact = new_record (gen, "contacts");
          g_autofree char *name = person_name (gen);
          g_autofree char *email = g_strdup_printf ("contact%u@voorbeeld.nl", gen->serial);

          rb_record_set_string (contact, "organisation_uuid", rb_record_get_uuid (organisation));
          rb_record_set_string (contact, "name", name);
          rb_record_set_string (contact, "role", organisations[i].contact_role);
          rb_record_set_string (contact, "phone", "078 123 45 67");
          rb_record_set_string (contact, "email", email);
          if (!save (gen, contact, error))
            return FALSE;
          g_ptr_array_add (gen->contacts, g_steal_pointer (&contact));
        }
    }
  return TRUE;
}

static const char *
pick_status (Generator *gen, guint index)
{
  guint total = 0, draw;

  /* The first cases show every status once, so even a small demo has them all. */
  if (index < G_N_ELEMENTS (status_weights))
    return status_weights[index].status;
  for (guint i = 0; i < G_N_ELEMENTS (status_weights); i++)
    total += status_weights[i].weight;
  draw = (guint) g_rand_int_range (gen->rand, 0, (gint32) total);
  for (guint i = 0; i < G_N_ELEMENTS (status_weights); i++)
    {
      if (draw < status_weights[i].weight)
        return status_weights[i].status;
      draw -= status_weights[i].weight;
    }
  g_assert_not_reached ();
}

static RbRecord *
add_pupil (Generator *gen, gboolean enrolled, GError **error)
{
  gboolean po = g_str_equal (rb_database_get_school_type (gen->db), "PO");
  g_autoptr(RbRecord) pupil = new_record (gen, "pupils");
  RbRecord *school = g_ptr_array_index (gen->schools,
                                        g_rand_int_range (gen->rand, 0, (gint32) gen->schools->len));
  guint age = po ? (guint) g_rand_int_range (gen->rand, 5, 12) : (guint) g_rand_int_range (gen->rand, 12, 17);
  GDate birth = days_before_today (gen, age * 365 + (guint) g_rand_int_range (gen->rand, 0, 365));
  g_autofree char *group = po ? g_strdup_printf ("groep %u", age - 3)
                              : g_strdup_printf ("klas %u", age - 11);

  rb_record_set_string (pupil, "first_name", PICK (gen, first_names));
  rb_record_set_string (pupil, "last_name", PICK (gen, last_names));
  set_date (pupil, "birth_date", &birth);
  rb_record_set_string (pupil, "group_name", group);
  if (enrolled)
    rb_record_set_string (pupil, "school_uuid", rb_record_get_uuid (school));
  rb_record_set_boolean (pupil, "enrolled", enrolled);
  if (!save (gen, pupil, error))
    return NULL;

  for (guint i = 0, n = (guint) g_rand_int_range (gen->rand, 1, 3); i < n; i++)
    {
      g_autoptr(RbRecord) guardian = new_record (gen, "guardians");
      g_autofree char *name = g_strdup_printf ("%s %s", PICK (gen, first_names),
                                               rb_record_get_string (pupil, "last_name"));
      g_autofree char *address = g_strdup_printf ("Dorpsstraat %u, %s",
                                                  (guint) g_rand_int_range (gen->rand, 1, 200),
                                                  PICK (gen, place_names));

      rb_record_set_string (guardian, "pupil_uuid", rb_record_get_uuid (pupil));
      rb_record_set_string (guardian, "name", name);
      rb_record_set_string (guardian, "relation", i == 0 ? "moeder" : "vader");
      rb_record_set_string (guardian, "address", address);
      rb_record_set_string (guardian, "phone", "06 12 34 56 78");
      if (!save (gen, guardian, error))
        return NULL;
    }
  return g_steal_pointer (&pupil);
}

/* Absences on school days between @from and @to, more of them for a case further along. */
static gboolean
add_absences (Generator *gen, RbRecord *pupil, const GDate *from, const GDate *to,
              guint percent, GError **error)
{
  static const char *const kinds[] = {
    "SICK", "SICK", "UNAUTHORIZED", "UNAUTHORIZED", "AUTHORIZED", "LATE", "LUXURY", "SUSPENDED",
  };

  for (GDate day = *from; g_date_compare (&day, to) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr(RbRecord) absence = NULL;
      const char *kind;

      if (!rb_calendar_is_school_day (gen->calendar, &day)
          || (guint) g_rand_int_range (gen->rand, 0, 100) >= percent)
        continue;
      kind = PICK (gen, kinds);
      absence = new_record (gen, "absences");
      rb_record_set_string (absence, "pupil_uuid", rb_record_get_uuid (pupil));
      set_date (absence, "absence_date", &day);
      rb_record_set_string (absence, "kind", kind);
      if (g_str_equal (kind, "LATE"))
        rb_record_set_int (absence, "late_count", 1);
      else
        rb_record_set_double (absence, "hours",
                              g_rand_boolean (gen->rand) ? 5.5 : g_rand_int_range (gen->rand, 1, 5));
      if (!save (gen, absence, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_status_change (Generator *gen, RbRecord *case_record, const char *status, const GDate *on,
                   const char *by, GError **error)
{
  g_autoptr(RbRecord) change = new_record (gen, "status_changes");

  rb_record_set_string (change, "case_uuid", rb_record_get_uuid (case_record));
  rb_record_set_string (change, "status", status);
  set_date (change, "changed_on", on);
  rb_record_set_string (change, "changed_by", by);
  return save (gen, change, error);
}

static gboolean
add_log (Generator *gen, RbRecord *case_record, const GDate *opened, const GDate *until,
         GError **error)
{
  guint span = MAX (1, g_date_days_between (opened, until));

  for (guint i = 0, n = (guint) g_rand_int_range (gen->rand, 2, 8); i < n; i++)
    {
      g_autoptr(RbRecord) entry = new_record (gen, "log_entries");
      GDate on = *opened;

      g_date_add_days (&on, (guint) g_rand_int_range (gen->rand, 0, (gint32) span + 1));
      rb_record_set_string (entry, "case_uuid", rb_record_get_uuid (case_record));
      set_date (entry, "entry_date", &on);
      rb_record_set_string (entry, "author", rb_record_get_string (case_record, "regisseur_swv"));
      rb_record_set_string (entry, "action", PICK (gen, log_actions));
      rb_record_set_double (entry, "hours", 0.25 * g_rand_int_range (gen->rand, 1, 9));
      if (!save (gen, entry, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_meeting (Generator *gen, RbRecord *case_record, RbRecord *pupil, const GDate *on,
             GError **error)
{
  static const char *const kinds[] = { "ot-smal", "ot-breed", "mdo", "jes", "verzuimgesprek" };
  g_autoptr(RbRecord) meeting = new_record (gen, "meetings");
  const char *regisseur = rb_record_get_string (case_record, "regisseur_swv");
  gboolean past = g_date_compare (on, &gen->today) < 0;

  rb_record_set_string (meeting, "case_uuid", rb_record_get_uuid (case_record));
  rb_record_set_string (meeting, "kind", PICK (gen, kinds));
  set_date (meeting, "meeting_date", on);
  rb_record_set_string (meeting, "start_time", g_rand_boolean (gen->rand) ? "09:30" : "14:00");
  rb_record_set_string (meeting, "place", "school van herkomst");
  rb_record_set_string (meeting, "reasons", PICK (gen, meeting_reasons));
  if (past)
    rb_record_set_string (meeting, "minutes", "Besproken: verzuim, belastbaarheid en het "
                                              "opbouwrooster. Afspraken staan hieronder.");
  rb_record_set_string (meeting, "minutes_by", regisseur);
  rb_record_set_string (meeting, "casusregie", regisseur);
  if (!save (gen, meeting, error))
    return FALSE;

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(RbRecord) participant = new_record (gen, "participants");
      g_autofree char *name = NULL;
      const char *role, *organisation;

      if (i == 0)
        name = g_strdup (regisseur), role = "regisseur", organisation = "SWV";
      else if (i == 1)
        name = g_strdup_printf ("ouder van %s", rb_record_get_string (pupil, "first_name")),
        role = "ouder", organisation = NULL;
      else if (i == 2)
        name = person_name (gen), role = PICK (gen, school_roles), organisation = "school";
      else
        {
          RbRecord *contact = g_ptr_array_index (gen->contacts,
                                                 g_rand_int_range (gen->rand, 0, (gint32) gen->contacts->len));
          name = g_strdup (rb_record_get_string (contact, "name"));
          role = rb_record_get_string (contact, "role");
          organisation = "partner";
        }
      rb_record_set_string (participant, "meeting_uuid", rb_record_get_uuid (meeting));
      rb_record_set_string (participant, "name", name);
      rb_record_set_string (participant, "role", role);
      rb_record_set_string (participant, "organisation", organisation);
      rb_record_set_boolean (participant, "present", !past || g_rand_int_range (gen->rand, 0, 6) > 0);
      if (!save (gen, participant, error))
        return FALSE;
    }

  if (!past)
    return TRUE;
  for (guint i = 0, n = (guint) g_rand_int_range (gen->rand, 1, 4); i < n; i++)
    {
      g_autoptr(RbRecord) agreement = new_record (gen, "agreements");
      GDate due = *on;

      /* "Binnen 5 werkdagen" up to a month; some are done, some are late. */
      g_date_add_days (&due, (guint) g_rand_int_range (gen->rand, 7, 30));
      rb_record_set_string (agreement, "case_uuid", rb_record_get_uuid (case_record));
      rb_record_set_string (agreement, "meeting_uuid", rb_record_get_uuid (meeting));
      rb_record_set_string (agreement, "what", PICK (gen, agreement_texts));
      rb_record_set_string (agreement, "who", i == 0 ? regisseur : "school");
      set_date (agreement, "due_date", &due);
      if (g_date_compare (&due, &gen->today) < 0 && g_rand_int_range (gen->rand, 0, 3) > 0)
        set_date (agreement, "done_date", &due);
      if (!save (gen, agreement, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
location_has_room (Generator *gen, RbRecord *location, guint32 start, guint32 end)
{
  GArray *spans = g_hash_table_lookup (gen->occupancy, rb_record_get_uuid (location));
  gint64 capacity = rb_record_get_int (location, "capacity");
  gint64 overlapping = 0;

  for (guint i = 0; spans != NULL && i < spans->len; i += 2)
    if (g_array_index (spans, guint32, i) <= end && start <= g_array_index (spans, guint32, i + 1))
      overlapping++;
  return overlapping < capacity;
}

static void
occupy (Generator *gen, RbRecord *location, guint32 start, guint32 end)
{
  const char *uuid = rb_record_get_uuid (location);
  GArray *spans = g_hash_table_lookup (gen->occupancy, uuid);

  if (spans == NULL)
    {
      spans = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_hash_table_insert (gen->occupancy, g_strdup (uuid), spans);
    }
  g_array_append_val (spans, start);
  g_array_append_val (spans, end);
}

/* A bridge placement of 8 school weeks from @start, at a location with room; %FALSE in
 * @placed when every location is full then (the case stays a thuiszitter). */
static gboolean
add_placement (Generator *gen, RbRecord *case_record, const GDate *start, gboolean ended,
               gboolean *placed, GError **error)
{
  static const char *const outcomes[] = {
    "terugplaatsing", "verwijzing", "herplaatsing", "behandeling", "verlenging",
  };
  GDate end = *start;
  guint first = (guint) g_rand_int_range (gen->rand, 0, (gint32) gen->locations->len);

  /* Eight calendar weeks, plus the holidays in between, rounded up generously. */
  g_date_add_days (&end, 70);
  *placed = FALSE;
  for (guint i = 0; i < gen->locations->len && !*placed; i++)
    {
      RbRecord *location = g_ptr_array_index (gen->locations, (first + i) % gen->locations->len);
      g_autoptr(RbRecord) placement = NULL;

      if (!location_has_room (gen, location, g_date_get_julian (start), g_date_get_julian (&end)))
        continue;
      occupy (gen, location, g_date_get_julian (start), g_date_get_julian (&end));
      placement = new_record (gen, "placements");
      rb_record_set_string (placement, "case_uuid", rb_record_get_uuid (case_record));
      rb_record_set_string (placement, "location_uuid", rb_record_get_uuid (location));
      set_date (placement, "start_date", start);
      rb_record_set_string (placement, "mode", g_rand_boolean (gen->rand) ? "een-op-een" : "groep");
      rb_record_set_int (placement, "dagdelen", 5);
      if (ended)
        {
          set_date (placement, "end_date", &end);
          rb_record_set_string (placement, "outcome", PICK (gen, outcomes));
        }
      if (!save (gen, placement, error))
        return FALSE;
      *placed = TRUE;
    }
  return TRUE;
}

static gboolean
add_case (Generator *gen, guint index, GError **error)
{
  const char *status = pick_status (gen, index);
  gboolean unenrolled = g_str_equal (status, "absoluut-verzuim");
  gboolean closed = g_str_equal (status, "afgesloten");
  g_autoptr(RbRecord) pupil = add_pupil (gen, !unenrolled, error);
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbRecord) consent = NULL;
  const char *regisseur = PICK (gen, regisseurs);
  guint age_days = (guint) g_rand_int_range (gen->rand, 14, closed ? 360 : 200);
  GDate opened = next_school_day (gen, days_before_today (gen, age_days));
  GDate until = gen->today, step = opened, closed_on;
  guint absent_percent = 15;

  if (pupil == NULL)
    return FALSE;

  if (closed)
    {
      GDate yesterday = days_before_today (gen, 1);

      closed_on = opened;
      g_date_add_days (&closed_on, (guint) g_rand_int_range (gen->rand, 60, 150));
      if (g_date_compare (&closed_on, &yesterday) > 0)
        closed_on = yesterday;
      until = closed_on;
    }

  case_record = new_record (gen, "cases");
  rb_record_set_string (case_record, "pupil_uuid", rb_record_get_uuid (pupil));
  rb_record_set_string (case_record, "status", "signalering");
  /* A pupil without a school follows ZHW's route "zonder schoolinschrijving" (seed 003). */
  rb_record_set_string (case_record, "route", unenrolled ? "zhw-zonder-inschrijving" : gen->route);
  rb_record_set_string (case_record, "regisseur_swv", regisseur);
  rb_record_set_string (case_record, "regisseur_school", PICK (gen, regisseurs));
  set_date (case_record, "opened_on", &opened);
  rb_record_set_double (case_record, "estimated_hours", g_rand_int_range (gen->rand, 6, 11));
  if (!save (gen, case_record, error)
      || !add_status_change (gen, case_record, unenrolled ? "absoluut-verzuim" : "signalering",
                             &opened, regisseur, error))
    return FALSE;

  /* Walk the route up to the case's status, a few weeks per step. */
  if (!unenrolled && !g_str_equal (status, "signalering"))
    {
      static const char *const route[] = { "dreigend", "thuiszitter", "brugplaatsing" };
      guint span = MAX (3, g_date_days_between (&opened, &until) / 4);

      for (guint i = 0; i < G_N_ELEMENTS (route); i++)
        {
          gboolean placed = TRUE;

          gboolean bridge = g_str_equal (route[i], "brugplaatsing");
          const char *since = i == 0 ? "threatened_since" : i == 1 ? "thuiszitter_since" : NULL;
          GDate recent = days_before_today (gen, 50);

          g_date_add_days (&step, (guint) g_rand_int_range (gen->rand, 1, (gint32) span));
          /* A running placement lasts at most 8 school weeks, so it started recently. */
          if (bridge && !closed && g_date_compare (&step, &recent) < 0)
            step = recent;
          step = next_school_day (gen, step);
          /* A closing day of its own keeps the history's order plain. */
          if (g_date_compare (&step, &until) >= 0)
            break;
          if (bridge && !add_placement (gen, case_record, &step, closed, &placed, error))
            return FALSE;
          if (!placed)
            break;
          rb_record_set_string (case_record, "status", route[i]);
          if (since != NULL)
            set_date (case_record, since, &step);
          if (!add_status_change (gen, case_record, route[i], &step, regisseur, error))
            return FALSE;
          absent_percent += 25;
          if (g_str_equal (route[i], status))
            break;
        }
    }
  if (unenrolled)
    rb_record_set_string (case_record, "status", "absoluut-verzuim");
  if (closed)
    {
      rb_record_set_string (case_record, "status", "afgesloten");
      set_date (case_record, "closed_on", &closed_on);
      rb_record_set_string (case_record, "outcome", "Leerling gaat weer volledig naar school");
      if (!add_status_change (gen, case_record, "afgesloten", &closed_on, regisseur, error))
        return FALSE;
    }
  if (!save (gen, case_record, error))
    return FALSE;

  if (!unenrolled)
    {
      GDate from = opened;

      g_date_subtract_days (&from, 28);
      if (!add_absences (gen, pupil, &from, &until, MIN (absent_percent, 85), error))
        return FALSE;
    }
  if (!add_log (gen, case_record, &opened, &until, error))
    return FALSE;

  /* Meetings: one or two in the past, and for open cases sometimes one coming up. */
  for (guint i = 0, n = (guint) g_rand_int_range (gen->rand, 0, 3); i < n; i++)
    {
      GDate on = opened;

      g_date_add_days (&on, (guint) g_rand_int_range (gen->rand, 7, (gint32) MAX (8, g_date_days_between (&opened, &until))));
      on = next_school_day (gen, on);
      if (g_date_compare (&on, &until) <= 0 && !add_meeting (gen, case_record, pupil, &on, error))
        return FALSE;
    }
  if (!closed && g_rand_int_range (gen->rand, 0, 3) == 0)
    {
      GDate on = gen->today;

      g_date_add_days (&on, (guint) g_rand_int_range (gen->rand, 2, 21));
      on = next_school_day (gen, on);
      if (!add_meeting (gen, case_record, pupil, &on, error))
        return FALSE;
    }

  consent = new_record (gen, "consents");
  rb_record_set_string (consent, "case_uuid", rb_record_get_uuid (case_record));
  rb_record_set_string (consent, "subject", "Informatie delen met jeugdarts en leerplicht");
  rb_record_set_string (consent, "given_by", "ouders");
  set_date (consent, "given_on", &opened);
  rb_record_set_string (consent, "recorded_by", regisseur);
  return save (gen, consent, error);
}

static GDateTime *
fixed_clock (gpointer user_data)
{
  return g_date_time_ref (user_data);
}

/**
 * rb_generator_create_database:
 * @path: where to create the database (must not exist)
 * @seed: decides the SWV's identity and name
 * @today: (nullable): the fixed "now" of the database, for reproducible files; %NULL
 *   for the system clock
 * @error: return location for an error
 *
 * Creates an empty demo SWV (PO, region midden) with the shipped criteria and holidays.
 *
 * Returns: (transfer full): the open database, or %NULL with @error set.
 */
RbDatabase *
rb_generator_create_database (const char *path, guint64 seed, GDateTime *today, GError **error)
{
  g_autofree char *seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  g_autofree char *swv_uuid = rb_uuid_derive (GENERATOR_NAMESPACE, seed_text);
  g_autofree char *replica = rb_uuid_derive (swv_uuid, "replica");
  g_autoptr(RbDatabase) db = NULL;

  db = rb_database_create_full (path, swv_uuid, "SWV Voorbeeldregio PO (demo)", "PO", "midden",
                                replica, FALSE, error);
  if (db == NULL)
    return NULL;
  if (today != NULL)
    {
      g_object_set_data_full (G_OBJECT (db), "rb-generator-today", g_date_time_ref (today),
                              (GDestroyNotify) g_date_time_unref);
      rb_database_set_clock (db, fixed_clock, today);
    }
  if (!rb_defaults_install (db, error))
    return NULL;
  return g_steal_pointer (&db);
}

/**
 * rb_generator_fill:
 * @db: an open database
 * @n_cases: how many cases to add
 * @seed: decides everything that is drawn
 * @error: return location for an error
 *
 * Adds @n_cases cases with their pupils, schools, absences, logbook, meetings and bridge
 * placements, dated around the database's "now", in one transaction. Bridge locations
 * never hold more pupils than their capacity.
 *
 * Returns: %TRUE on success; on failure nothing is added.
 */
gboolean
rb_generator_fill (RbDatabase *db, guint n_cases, guint64 seed, GError **error)
{
  g_auto(Generator) gen = { 0 };

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);

  gen.db = db;
  gen.seed = seed;
  gen.rand = rand_for_seed (seed);
  gen.schools = g_ptr_array_new_with_free_func (g_object_unref);
  gen.locations = g_ptr_array_new_with_free_func (g_object_unref);
  gen.contacts = g_ptr_array_new_with_free_func (g_object_unref);
  gen.occupancy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  rb_database_get_today (db, &gen.today);
  if ((gen.calendar = rb_calendar_new_from_database (db, error)) == NULL
      || (gen.route = rb_route_dup_default_code (db, error)) == NULL)
    return FALSE;

  if (!rb_database_begin (db, error))
    return FALSE;
  if (!add_schools (&gen, n_cases, error) || !add_locations (&gen, n_cases, error)
      || !add_partners (&gen, error))
    goto fail;
  for (guint i = 0; i < n_cases; i++)
    if (!add_case (&gen, i, error))
      goto fail;
  return rb_database_commit (db, error);

fail:
  rb_database_rollback (db);
  return FALSE;
}
