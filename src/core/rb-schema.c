/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-schema"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-error.h"
#include "rb-record.h"
#include "rb-schema.h"

const char *const rb_case_statuses[] = {
  "signalering", "dreigend", "thuiszitter", "brugplaatsing", "afgesloten", "absoluut-verzuim", NULL
};
const char *const rb_absence_kinds[] = {
  "SICK", "AUTHORIZED", "UNAUTHORIZED", "LATE", "LUXURY", "SUSPENDED", NULL
};
const char *const rb_meeting_kinds[] = {
  "ot-smal", "ot-breed", "mdo", "jes", "crisisteam", "tussenevaluatie", "eindadvies",
  "escalatietafel", "verzuimgesprek", "overig", NULL
};
const char *const rb_school_types[] = { "PO", "VO", NULL };
const char *const rb_regions[] = { "noord", "midden", "zuid", NULL };

static const char *const school_kinds[] = { "PO", "SBO", "SO", "VO", "VSO", "overig", NULL };
static const char *const location_kinds[] = { "SBO", "KDC", "GOAL", "overig", NULL };
static const char *const window_units[] = { "school_weeks", "weeks", "school_days", "school_year", NULL };
static const char *const criterion_units[] = {
  "hours", "count", "consecutive_days", "reports", "percent", "days", "days_per_week", NULL
};
static const char *const criterion_comparisons[] = { "at_least", "more_than", NULL };
static const char *const criterion_scopes[] = { "rolling", "school_year", NULL };
static const char *const criterion_school_types[] = { "PO", "VO", "all", NULL };
static const char *const holiday_kinds[] = { "holiday", "day_off", NULL };
/* Vrijstelling under art. 5 onder a and art. 11 of the Leerplichtwet. */
static const char *const case_exemptions[] = { "5a", "11", NULL };
static const char *const placement_modes[] = { "een-op-een", "groep", NULL };
static const char *const placement_outcomes[] = {
  "verlenging", "verwijzing", "terugplaatsing", "herplaatsing", "behandeling", NULL
};

#define TEXT(n, l)          { n, RB_COLUMN_TEXT, FALSE, NULL, NULL, 0, 0, l }
#define TEXT_REQ(n, l)      { n, RB_COLUMN_TEXT, TRUE, NULL, NULL, 0, 0, l }
#define DATE(n, l)          { n, RB_COLUMN_DATE, FALSE, NULL, NULL, 0, 0, l }
#define DATE_REQ(n, l)      { n, RB_COLUMN_DATE, TRUE, NULL, NULL, 0, 0, l }
#define REF(n, t, l)        { n, RB_COLUMN_REF, FALSE, t, NULL, 0, 0, l }
#define REF_REQ(n, t, l)    { n, RB_COLUMN_REF, TRUE, t, NULL, 0, 0, l }
#define ENUM(n, c, l)       { n, RB_COLUMN_ENUM, FALSE, NULL, c, 0, 0, l }
#define ENUM_REQ(n, c, l)   { n, RB_COLUMN_ENUM, TRUE, NULL, c, 0, 0, l }
#define BOOL(n, l)          { n, RB_COLUMN_BOOL, TRUE, NULL, NULL, 0, 0, l }
#define INT(n, lo, hi, l)   { n, RB_COLUMN_INT, FALSE, NULL, NULL, lo, hi, l }
#define REAL(n, lo, hi, l)  { n, RB_COLUMN_REAL, FALSE, NULL, NULL, lo, hi, l }

static const RbColumn school_columns[] = {
  TEXT_REQ ("name", N_("name")),
  TEXT ("brin", N_("BRIN number")),
  TEXT ("board", N_("school board")),
  ENUM ("school_type", school_kinds, N_("school type")),
};

static const RbColumn organisation_columns[] = {
  TEXT_REQ ("name", N_("name")),
  TEXT ("kind", N_("kind of organisation")),
};

static const RbColumn contact_columns[] = {
  REF ("organisation_uuid", "organisations", N_("organisation")),
  TEXT_REQ ("name", N_("name")),
  TEXT ("role", N_("role")),
  TEXT ("phone", N_("phone")),
  TEXT ("email", N_("e-mail")),
};

static const RbColumn bridge_location_columns[] = {
  TEXT_REQ ("name", N_("name")),
  ENUM_REQ ("kind", location_kinds, N_("kind of location")),
  INT ("capacity", 0, 1000, N_("capacity")),
  TEXT ("address", N_("address")),
};

static const RbColumn criterion_columns[] = {
  TEXT_REQ ("code", N_("code")),
  TEXT_REQ ("name", N_("name")),
  TEXT_REQ ("kinds", N_("kinds of absence")),
  INT ("window_length", 0, 520, N_("window length")),
  ENUM_REQ ("window_unit", window_units, N_("window unit")),
  ENUM_REQ ("comparison", criterion_comparisons, N_("comparison")),
  REAL ("threshold", 0, 100000, N_("threshold")),
  ENUM_REQ ("unit", criterion_units, N_("unit")),
  ENUM_REQ ("scope", criterion_scopes, N_("scope")),
  ENUM_REQ ("school_type", criterion_school_types, N_("school type")),
  TEXT ("action", N_("action")),
  TEXT ("source", N_("source")),
  BOOL ("enabled", N_("enabled")),
  REAL ("day_hours", 1, 8, N_("hours of school time in a school day")),
};

static const RbColumn holiday_columns[] = {
  TEXT_REQ ("name", N_("name")),
  DATE_REQ ("start_date", N_("first day")),
  DATE_REQ ("end_date", N_("last day")),
  ENUM_REQ ("kind", holiday_kinds, N_("kind")),
  TEXT ("source", N_("source")),
  BOOL ("needs_check", N_("to be checked")),
};

static const RbColumn pupil_columns[] = {
  TEXT_REQ ("first_name", N_("first name")),
  TEXT_REQ ("last_name", N_("last name")),
  DATE_REQ ("birth_date", N_("birth date")),
  TEXT ("group_name", N_("group or class")),
  REF ("school_uuid", "schools", N_("school")),
  BOOL ("enrolled", N_("enrolled at a school")),
};

static const RbColumn guardian_columns[] = {
  REF_REQ ("pupil_uuid", "pupils", N_("pupil")),
  TEXT_REQ ("name", N_("name")),
  TEXT ("relation", N_("relation")),
  TEXT ("address", N_("address")),
  TEXT ("phone", N_("phone")),
  TEXT ("email", N_("e-mail")),
};

static const RbColumn case_columns[] = {
  REF_REQ ("pupil_uuid", "pupils", N_("pupil")),
  ENUM_REQ ("status", rb_case_statuses, N_("status")),
  TEXT ("route", N_("route")),
  TEXT ("regisseur_swv", N_("regisseur of the SWV")),
  TEXT ("regisseur_school", N_("regisseur of the school board")),
  DATE_REQ ("opened_on", N_("opened on")),
  DATE ("threatened_since", N_("threatening thuiszitter since")),
  DATE ("thuiszitter_since", N_("thuiszitter since")),
  DATE ("closed_on", N_("closed on")),
  REAL ("estimated_hours", 0, 1000, N_("estimated hours")),
  TEXT ("outcome", N_("outcome")),
  ENUM ("exemption", case_exemptions, N_("exemption from compulsory education")),
  DATE ("offer_found_on", N_("fitting offer found on")),
  DATE ("anonymised_on", N_("anonymised on")),
};

static const RbColumn status_change_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  ENUM_REQ ("status", rb_case_statuses, N_("status")),
  DATE_REQ ("changed_on", N_("date")),
  TEXT ("changed_by", N_("changed by")),
  TEXT ("note", N_("note")),
};

/* Hours per day: a school day is at most 8 hours of lessons; see rb_absence_check. */
static const RbColumn absence_columns[] = {
  REF_REQ ("pupil_uuid", "pupils", N_("pupil")),
  DATE_REQ ("absence_date", N_("date")),
  ENUM_REQ ("kind", rb_absence_kinds, N_("kind of absence")),
  REAL ("hours", 0, 8, N_("hours")),
  INT ("late_count", 0, 20, N_("times late")),
  TEXT ("note", N_("note")),
};

static const RbColumn log_entry_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  DATE_REQ ("entry_date", N_("date")),
  TEXT_REQ ("author", N_("author")),
  TEXT_REQ ("action", N_("action")),
  TEXT ("body", N_("text")),
  REAL ("hours", 0, 24, N_("hours")),
  REF ("corrects_uuid", "log_entries", N_("corrected entry")),
};

static const RbColumn meeting_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  ENUM_REQ ("kind", rb_meeting_kinds, N_("kind of meeting")),
  DATE_REQ ("meeting_date", N_("date")),
  TEXT ("start_time", N_("time")),
  TEXT ("place", N_("place")),
  TEXT ("reasons", N_("reasons")),
  TEXT ("minutes", N_("minutes")),
  TEXT ("minutes_by", N_("minutes taken by")),
  TEXT ("casusregie", N_("casusregie held by")),
};

static const RbColumn participant_columns[] = {
  REF_REQ ("meeting_uuid", "meetings", N_("meeting")),
  TEXT_REQ ("name", N_("name")),
  TEXT ("role", N_("role")),
  TEXT ("organisation", N_("organisation")),
  BOOL ("present", N_("present")),
};

static const RbColumn agreement_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  REF ("meeting_uuid", "meetings", N_("meeting")),
  TEXT_REQ ("what", N_("agreement")),
  TEXT ("who", N_("who")),
  DATE ("due_date", N_("due date")),
  DATE ("done_date", N_("done on")),
};

static const RbColumn consent_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  TEXT_REQ ("subject", N_("consent for")),
  TEXT_REQ ("given_by", N_("given by")),
  DATE_REQ ("given_on", N_("given on")),
  TEXT_REQ ("recorded_by", N_("recorded by")),
  DATE ("withdrawn_on", N_("withdrawn on")),
};

static const RbColumn placement_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  REF_REQ ("location_uuid", "bridge_locations", N_("bridge location")),
  DATE_REQ ("start_date", N_("start date")),
  ENUM ("mode", placement_modes, N_("placement mode")),
  INT ("dagdelen", 1, 10, N_("dagdelen per week")),
  INT ("extension_weeks", 0, 4, N_("extension in school weeks")),
  DATE ("end_date", N_("end date")),
  ENUM ("outcome", placement_outcomes, N_("outcome")),
  TEXT ("override_reason", N_("reason for exceeding the capacity")),
};

static const char *const document_statuses[] = { "draft", "signed", NULL };

static const RbColumn document_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  TEXT_REQ ("kind", N_("kind of document")),
  INT ("version", 1, 100000, N_("version")),
  ENUM_REQ ("status", document_statuses, N_("status")),
  TEXT_REQ ("content", N_("content")),
  TEXT ("signed_at", N_("signed at")),
  REF ("previous_uuid", "documents", N_("previous version")),
};

static const char *const case_step_states[] = { "done", "not-applicable", NULL };

/* A route of the SWV: its steps as one JSON document, validated as a whole (rb-route.c). */
static const RbColumn route_columns[] = {
  TEXT_REQ ("code", N_("code")),
  TEXT_REQ ("name", N_("name")),
  INT ("format", 1, 1000, N_("format version")),
  TEXT_REQ ("definition", N_("steps of the route")),
  BOOL ("is_default", N_("default route")),
};

/* What the regisseur recorded about a step of a case's route by hand. */
static const RbColumn case_step_columns[] = {
  REF_REQ ("case_uuid", "cases", N_("case")),
  TEXT ("route_code", N_("route")),
  TEXT_REQ ("step_id", N_("step")),
  TEXT ("step_title", N_("step title")),
  ENUM_REQ ("state", case_step_states, N_("state of the step")),
  DATE ("on_date", N_("date")),
  TEXT ("note", N_("evidence or reason")),
  TEXT ("recorded_by", N_("recorded by")),
};

static const RbColumn document_export_columns[] = {
  REF_REQ ("document_uuid", "documents", N_("document")),
  TEXT_REQ ("exported_at", N_("exported at")),
  TEXT ("recipient", N_("sent to")),
  TEXT ("file_name", N_("file name")),
  TEXT ("sha256", N_("checksum")),
  INT ("pages", 0, 100000, N_("pages")),
  INT ("bytes", 0, G_MAXINT32, N_("size in bytes")),
};

static gboolean
check_order (RbRecord *record, const char *first, const char *last, GError **error)
{
  const char *a = rb_record_get_string (record, first);
  const char *b = rb_record_get_string (record, last);

  /* ISO dates compare as text. */
  if (a != NULL && b != NULL && g_strcmp0 (a, b) > 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: %s (%s) lies before %s (%s)"),
                   _(rb_record_get_table (record)->label),
                   _(rb_table_lookup_column (rb_record_get_table (record), last, NULL)->label), b,
                   _(rb_table_lookup_column (rb_record_get_table (record), first, NULL)->label), a);
      return FALSE;
    }
  return TRUE;
}

/* Kinds and windows are checked on save, so the signal engine never meets a criterion it
 * cannot evaluate in a database this version wrote. */
static gboolean
check_criterion (RbRecord *record, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *scope = rb_record_get_string (record, "scope");
  const char *unit = rb_record_get_string (record, "unit");
  guint mask;

  if (!rb_absence_kinds_parse (rb_record_get_string (record, "kinds"), &mask, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("Signal criterion %s: %s"),
                   rb_record_get_string (record, "code"), local_error->message);
      return FALSE;
    }
  if (g_strcmp0 (scope, "rolling") == 0 && g_strcmp0 (unit, "consecutive_days") != 0
      && g_strcmp0 (rb_record_get_string (record, "window_unit"), "school_year") != 0
      && rb_record_get_int (record, "window_length") < 1)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("Signal criterion %s: a rolling window needs a length of at least 1"),
                   rb_record_get_string (record, "code"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_holiday (RbRecord *record, GError **error)
{
  return check_order (record, "start_date", "end_date", error);
}

static gboolean
check_case (RbRecord *record, GError **error)
{
  return check_order (record, "opened_on", "closed_on", error);
}

static gboolean
check_placement (RbRecord *record, GError **error)
{
  return check_order (record, "start_date", "end_date", error);
}

static gboolean
check_absence (RbRecord *record, GError **error)
{
  const char *kind = rb_record_get_string (record, "kind");
  gboolean is_late = g_strcmp0 (kind, "LATE") == 0;

  /* Lateness is a count per day; every other kind is hours. */
  if (is_late && rb_record_get_int (record, "late_count") < 1)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A late arrival needs the number of times late (1 or more)"));
      return FALSE;
    }
  if (!is_late && rb_record_get_double (record, "hours") <= 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("An absence needs a number of hours greater than 0 and at most 8"));
      return FALSE;
    }
  return TRUE;
}

#define TABLE(n, l, cols, chk) { n, l, cols, G_N_ELEMENTS (cols), chk }

/* In dependency order: a table only refers to tables above it. */
static const RbTable tables[] = {
  TABLE ("schools", N_("school"), school_columns, NULL),
  TABLE ("organisations", N_("partner organisation"), organisation_columns, NULL),
  TABLE ("contacts", N_("contact person"), contact_columns, NULL),
  TABLE ("bridge_locations", N_("bridge location"), bridge_location_columns, NULL),
  TABLE ("criteria", N_("signal criterion"), criterion_columns, check_criterion),
  TABLE ("holidays", N_("holiday"), holiday_columns, check_holiday),
  TABLE ("pupils", N_("pupil"), pupil_columns, NULL),
  TABLE ("guardians", N_("parent or guardian"), guardian_columns, NULL),
  TABLE ("cases", N_("case"), case_columns, check_case),
  TABLE ("status_changes", N_("status change"), status_change_columns, NULL),
  TABLE ("absences", N_("absence"), absence_columns, check_absence),
  TABLE ("log_entries", N_("logbook entry"), log_entry_columns, NULL),
  TABLE ("meetings", N_("meeting"), meeting_columns, NULL),
  TABLE ("participants", N_("participant"), participant_columns, NULL),
  TABLE ("agreements", N_("agreement"), agreement_columns, NULL),
  TABLE ("consents", N_("consent"), consent_columns, NULL),
  TABLE ("placements", N_("bridge placement"), placement_columns, check_placement),
  TABLE ("documents", N_("document"), document_columns, NULL),
  TABLE ("document_exports", N_("document export"), document_export_columns, NULL),
  TABLE ("routes", N_("route"), route_columns, NULL),
  TABLE ("case_steps", N_("step of a case's route"), case_step_columns, NULL),
};

const RbTable *
rb_schema_get_tables (guint *n_tables)
{
  *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const RbTable *
rb_schema_lookup_table (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].name, name) == 0)
      return &tables[i];
  return NULL;
}

const RbColumn *
rb_table_lookup_column (const RbTable *table, const char *name, guint *index)
{
  for (guint i = 0; i < table->n_columns; i++)
    if (g_strcmp0 (table->columns[i].name, name) == 0)
      {
        if (index != NULL)
          *index = i;
        return &table->columns[i];
      }
  return NULL;
}

#define RECORD "uuid TEXT PRIMARY KEY NOT NULL, created_at TEXT NOT NULL, " \
               "modified_at TEXT NOT NULL, replica TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0"

/* Version 1: the first released layout. Never edit a step once released; add one. */
static const char migration_1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
  "CREATE TABLE schools (" RECORD ", name TEXT NOT NULL, brin TEXT, board TEXT, school_type TEXT);"
  "CREATE TABLE organisations (" RECORD ", name TEXT NOT NULL, kind TEXT);"
  "CREATE TABLE contacts (" RECORD ", organisation_uuid TEXT REFERENCES organisations (uuid),"
  "  name TEXT NOT NULL, role TEXT, phone TEXT, email TEXT);"
  "CREATE TABLE bridge_locations (" RECORD ", name TEXT NOT NULL, kind TEXT NOT NULL,"
  "  capacity INTEGER, address TEXT);"
  "CREATE TABLE criteria (" RECORD ", code TEXT NOT NULL, name TEXT NOT NULL, kinds TEXT NOT NULL,"
  "  window_length INTEGER, window_unit TEXT NOT NULL, comparison TEXT NOT NULL, threshold REAL,"
  "  unit TEXT NOT NULL,"
  "  scope TEXT NOT NULL, school_type TEXT NOT NULL, action TEXT, source TEXT,"
  "  enabled INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE holidays (" RECORD ", name TEXT NOT NULL, start_date TEXT NOT NULL,"
  "  end_date TEXT NOT NULL, kind TEXT NOT NULL, source TEXT);"
  "CREATE TABLE pupils (" RECORD ", first_name TEXT NOT NULL, last_name TEXT NOT NULL,"
  "  birth_date TEXT NOT NULL, group_name TEXT, school_uuid TEXT REFERENCES schools (uuid),"
  "  enrolled INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE guardians (" RECORD ", pupil_uuid TEXT NOT NULL REFERENCES pupils (uuid),"
  "  name TEXT NOT NULL, relation TEXT, address TEXT, phone TEXT, email TEXT);"
  "CREATE TABLE cases (" RECORD ", pupil_uuid TEXT NOT NULL REFERENCES pupils (uuid),"
  "  status TEXT NOT NULL, regisseur_swv TEXT, regisseur_school TEXT, opened_on TEXT NOT NULL,"
  "  threatened_since TEXT, thuiszitter_since TEXT, closed_on TEXT, estimated_hours REAL,"
  "  outcome TEXT);"
  "CREATE TABLE status_changes (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  status TEXT NOT NULL, changed_on TEXT NOT NULL, changed_by TEXT, note TEXT);"
  "CREATE TABLE absences (" RECORD ", pupil_uuid TEXT NOT NULL REFERENCES pupils (uuid),"
  "  absence_date TEXT NOT NULL, kind TEXT NOT NULL, hours REAL, late_count INTEGER, note TEXT);"
  "CREATE TABLE log_entries (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  entry_date TEXT NOT NULL, author TEXT NOT NULL, action TEXT NOT NULL, body TEXT, hours REAL,"
  "  corrects_uuid TEXT REFERENCES log_entries (uuid));"
  "CREATE TABLE meetings (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  kind TEXT NOT NULL, meeting_date TEXT NOT NULL, start_time TEXT, place TEXT, reasons TEXT,"
  "  minutes TEXT, minutes_by TEXT, casusregie TEXT);"
  "CREATE TABLE participants (" RECORD ", meeting_uuid TEXT NOT NULL REFERENCES meetings (uuid),"
  "  name TEXT NOT NULL, role TEXT, organisation TEXT, present INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE agreements (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  meeting_uuid TEXT REFERENCES meetings (uuid), what TEXT NOT NULL, who TEXT, due_date TEXT,"
  "  done_date TEXT);"
  "CREATE TABLE consents (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  subject TEXT NOT NULL, given_by TEXT NOT NULL, given_on TEXT NOT NULL,"
  "  recorded_by TEXT NOT NULL, withdrawn_on TEXT);"
  "CREATE TABLE placements (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  location_uuid TEXT NOT NULL REFERENCES bridge_locations (uuid), start_date TEXT NOT NULL,"
  "  mode TEXT, dagdelen INTEGER, extension_weeks INTEGER, end_date TEXT, outcome TEXT,"
  "  override_reason TEXT);"
  "CREATE INDEX pupils_school ON pupils (school_uuid);"
  "CREATE INDEX guardians_pupil ON guardians (pupil_uuid);"
  "CREATE INDEX cases_pupil ON cases (pupil_uuid);"
  "CREATE INDEX status_changes_case ON status_changes (case_uuid);"
  "CREATE INDEX absences_pupil ON absences (pupil_uuid, absence_date);"
  "CREATE INDEX log_entries_case ON log_entries (case_uuid);"
  "CREATE INDEX meetings_case ON meetings (case_uuid);"
  "CREATE INDEX participants_meeting ON participants (meeting_uuid);"
  "CREATE INDEX agreements_case ON agreements (case_uuid);"
  "CREATE INDEX consents_case ON consents (case_uuid);"
  "CREATE INDEX placements_case ON placements (case_uuid);"
  "CREATE INDEX placements_location ON placements (location_uuid);";

/* Version 2: cases follow a named route; shipped holidays that still need checking are marked. */
static const char migration_2[] =
  "ALTER TABLE cases ADD COLUMN route TEXT;"
  "ALTER TABLE holidays ADD COLUMN needs_check INTEGER NOT NULL DEFAULT 0;";

/* Version 3: how many hours of school time a day holds, for criteria in days or percent. */
static const char migration_3[] =
  "ALTER TABLE criteria ADD COLUMN day_hours REAL;";

/* Version 4: sharing by file. The versions of every record as sharing last saw it, what
 * this database knows of each installation, what each colleague knew at their last
 * bundle, and the fields changed on both sides that wait for a choice. Local state: never
 * exported or dumped. */
static const char migration_4[] =
  "CREATE TABLE sync_replicas (id INTEGER PRIMARY KEY NOT NULL, replica TEXT NOT NULL UNIQUE,"
  "  counter INTEGER NOT NULL);"
  "CREATE TABLE sync_records (table_name TEXT NOT NULL, uuid TEXT NOT NULL,"
  "  row_modified_at TEXT NOT NULL, row_replica TEXT NOT NULL, row_deleted INTEGER NOT NULL,"
  "  state BLOB NOT NULL, PRIMARY KEY (table_name, uuid)) WITHOUT ROWID;"
  "CREATE TABLE sync_peers (replica TEXT PRIMARY KEY NOT NULL, knowledge BLOB NOT NULL,"
  "  imported_at TEXT NOT NULL);"
  "CREATE TABLE conflicts (record_uuid TEXT NOT NULL, table_name TEXT NOT NULL,"
  "  column_name TEXT NOT NULL, detected_at TEXT NOT NULL,"
  "  PRIMARY KEY (record_uuid, column_name));";

/* Version 5: documents made for a case (each version a row, its values as JSON) and a
 * record of every export: when, to whom, which file. */
static const char migration_5[] =
  "CREATE TABLE documents (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  kind TEXT NOT NULL, version INTEGER, status TEXT NOT NULL, content TEXT NOT NULL,"
  "  signed_at TEXT, previous_uuid TEXT REFERENCES documents (uuid));"
  "CREATE TABLE document_exports (" RECORD ","
  "  document_uuid TEXT NOT NULL REFERENCES documents (uuid), exported_at TEXT NOT NULL,"
  "  recipient TEXT, file_name TEXT, sha256 TEXT, pages INTEGER, bytes INTEGER);"
  "CREATE INDEX documents_case ON documents (case_uuid);"
  "CREATE INDEX document_exports_document ON document_exports (document_uuid);";

/* Version 6: what the quarterly report and the Inspectie's registration need (the exemption
 * of a case and the day a fitting offer was found) and when retention anonymised a case. */
static const char migration_6[] =
  "ALTER TABLE cases ADD COLUMN exemption TEXT;"
  "ALTER TABLE cases ADD COLUMN offer_found_on TEXT;"
  "ALTER TABLE cases ADD COLUMN anonymised_on TEXT;";

/* Version 7: the SWV's routes as data (one JSON definition per route) and, per case, the
 * steps marked done or not applicable by hand. */
static const char migration_7[] =
  "CREATE TABLE routes (" RECORD ", code TEXT NOT NULL, name TEXT NOT NULL, format INTEGER,"
  "  definition TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE case_steps (" RECORD ", case_uuid TEXT NOT NULL REFERENCES cases (uuid),"
  "  route_code TEXT, step_id TEXT NOT NULL, step_title TEXT, state TEXT NOT NULL, on_date TEXT,"
  "  note TEXT, recorded_by TEXT);"
  "CREATE INDEX case_steps_case ON case_steps (case_uuid);";

static const char *const migrations[] = { migration_1, migration_2, migration_3, migration_4,
                                          migration_5, migration_6, migration_7 };

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RB_SCHEMA_VERSION);

const char *const *
rb_schema_get_migrations (guint *n_steps)
{
  *n_steps = G_N_ELEMENTS (migrations);
  return migrations;
}

typedef struct
{
  const char *code;
  const char *label;
} CodeLabel;

static const char *
lookup_label (const CodeLabel *labels, guint n_labels, const char *code)
{
  for (guint i = 0; i < n_labels; i++)
    if (g_strcmp0 (labels[i].code, code) == 0)
      return _(labels[i].label);
  return code;
}

const char *
rb_case_status_label (const char *status)
{
  static const CodeLabel labels[] = {
    { "signalering", N_("Signalling") },
    { "dreigend", N_("Threatening thuiszitter") },
    { "thuiszitter", N_("Thuiszitter") },
    { "brugplaatsing", N_("Bridge placement") },
    { "afgesloten", N_("Closed") },
    { "absoluut-verzuim", N_("Absolute absence") },
  };

  return lookup_label (labels, G_N_ELEMENTS (labels), status);
}

const char *
rb_absence_kind_label (const char *kind)
{
  static const CodeLabel labels[] = {
    { "SICK", N_("Sick") },
    { "AUTHORIZED", N_("Authorised leave") },
    { "UNAUTHORIZED", N_("Unauthorised") },
    { "LATE", N_("Late") },
    { "LUXURY", N_("Luxury absence") },
    { "SUSPENDED", N_("Suspended") },
  };

  return lookup_label (labels, G_N_ELEMENTS (labels), kind);
}

const char *
rb_region_label (const char *region)
{
  static const CodeLabel labels[] = {
    { "noord", N_("North") },
    { "midden", N_("Central") },
    { "zuid", N_("South") },
  };

  return lookup_label (labels, G_N_ELEMENTS (labels), region);
}

/**
 * rb_absence_kinds_parse:
 * @text: kinds of absence separated by commas, e.g. "UNAUTHORIZED,LUXURY"
 * @mask: (out): bit i set for rb_absence_kinds[i]
 * @error: set to %RB_ERROR_INVALID naming an unknown kind
 *
 * Returns: %TRUE when @text names at least one kind and only known ones.
 */
gboolean
rb_absence_kinds_parse (const char *text, guint *mask, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autofree char *allowed = g_strjoinv (", ", (char **) rb_absence_kinds);

  *mask = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *kind = g_strstrip (parts[i]);
      guint k;

      for (k = 0; rb_absence_kinds[k] != NULL && g_strcmp0 (rb_absence_kinds[k], kind) != 0; k++)
        ;
      if (rb_absence_kinds[k] == NULL)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("“%s” is not a kind of absence (choose from %s)"), kind, allowed);
          return FALSE;
        }
      *mask |= 1u << k;
    }
  if (*mask == 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("No kind of absence given (choose from %s)"),
                   allowed);
      return FALSE;
    }
  return TRUE;
}

const char *
rb_criterion_unit_label (const char *unit)
{
  static const CodeLabel labels[] = {
    { "hours", N_("hours") },
    { "count", N_("times") },
    { "consecutive_days", N_("consecutive school days") },
    { "reports", N_("sick reports") },
    { "percent", N_("percent of school time") },
    { "days", N_("days") },
    { "days_per_week", N_("days a week") },
  };

  return lookup_label (labels, G_N_ELEMENTS (labels), unit);
}

const char *
rb_comparison_label (const char *comparison)
{
  static const CodeLabel labels[] = {
    { "at_least", N_("at least") },
    { "more_than", N_("more than") },
  };

  return lookup_label (labels, G_N_ELEMENTS (labels), comparison);
}

/* Short weekday names, Monday first: strftime would follow LC_TIME, not the app's language. */
const char *
rb_weekday_label (GDateWeekday weekday)
{
  static const char *const names[] = {
    N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"),
  };

  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, "");
  return _(names[weekday - 1]);
}
