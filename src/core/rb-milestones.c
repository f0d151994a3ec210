/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-milestones"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-date.h"
#include "rb-milestones.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * The deadlines that the route of a case creates (domain.md "The route of a case" and
 * "Bridge placement"), each counted from a date in the case's records:
 *
 * - bridge placement at an SBO (or GOAL, other): tussenevaluatie after 4, eindadvies
 *   after 6, end after 8 + extension_weeks school weeks (seed 000 §2.4); at a KDC a
 *   progress meeting after 6 and the end after about 8 school weeks (seed 000 §2.5);
 * - escalation 4 and 8 school weeks after the case became threatening (seed 003 fase
 *   3b, seed 000 steps 8, 13, 14);
 * - a fitting offer within 12 weeks (3 months) of becoming a thuiszitter (seed 000
 *   §3.3, seed 003), in calendar weeks as the Inspectie counts;
 * - minutes and agreements of every meeting within 5 working days (seed 004 Bijlage G/H);
 * - every agreement on its own due date (seed 004: "zorg dat hierin ook altijd termijnen
 *   worden vastgelegd");
 * - a jeugdarts appointment within 2 weeks of the referral, with the advice back to
 *   school after it (seed 004 na triage, "verwijzing naar de jeugdarts");
 * - the invitation to an MDO within 2 weeks of deciding on it (seed 004 Bijlage H).
 *
 * A closed case has no open deadlines: what was not done counts as done on closing.
 */

/* Meetings that finish a bridge milestone, by the kinds of rb_meeting_kinds. */
static const char *const evaluation_kinds[] = { "tussenevaluatie", NULL };
static const char *const advice_kinds[] = { "eindadvies", NULL };
static const char *const progress_kinds[] = { "tussenevaluatie", "eindadvies", NULL };
static const char *const escalation_kinds[] = { "escalatietafel", NULL };

#define SBO_BRIDGE_WEEKS 8
#define KDC_PROGRESS_WEEKS 6
#define TARGET_WEEKS 12
#define MINUTES_WORKING_DAYS 5

/* The documents, by the kinds of data/documents, that the jeugdarts and MDO deadlines
 * count from and are done by. */
#define REFERRAL_KIND "jeugdarts-aanmelding"
#define ADVICE_KIND "jeugdarts-advies"
#define INVITATION_KIND "mdo-uitnodiging"
#define JEUGDARTS_WEEKS 2
#define MDO_INVITATION_WEEKS 2

/*
 * What the deadlines are computed from: the few columns needed of a case's meetings,
 * placements, agreements and documents, read with plain SQL instead of whole records (a
 * caseload has tens of thousands of them). Dates are invalid when missing.
 */
typedef struct
{
  const char *uuid;
  const char *kind;
  GDate date;
  /* The local day it was recorded; only read for an MDO. */
  GDate created;
  gboolean has_minutes;
} Meeting;

typedef struct
{
  const char *uuid;
  const char *location_uuid;
  const char *location_kind;
  gboolean location_found;
  gint64 extension_weeks;
  GDate start;
  GDate end;
} Placement;

typedef struct
{
  const char *uuid;
  const char *meeting_uuid;
  const char *what;
  GDate due;
  GDate done;
} Agreement;

/* A referral or MDO invitation sent (exported), or a jeugdarts advice recorded, on @day. */
typedef struct
{
  const char *kind;
  GDate day;
} DocumentEvent;

/* The meetings, placements, agreements and document events of one case, in the store's
 * stable order. */
typedef struct
{
  GArray *meetings;
  GArray *placements;
  GArray *agreements;
  GArray *documents;
} Children;

/* Children by case UUID; the strings of all of them live in @strings. */
typedef struct
{
  GHashTable *by_case;
  GStringChunk *strings;
  Children none;
} Family;

typedef struct
{
  RbDatabase *db;
  RbCalendar *calendar;
  const GDate *today;
  GPtrArray *milestones;
  GArray *meetings;
  GArray *documents;
  GDate closed_on;
} Context;

G_DEFINE_BOXED_TYPE (RbMilestone, rb_milestone, rb_milestone_copy, rb_milestone_free)

RbMilestone *
rb_milestone_copy (const RbMilestone *milestone)
{
  RbMilestone *copy = g_new0 (RbMilestone, 1);

  *copy = *milestone;
  copy->code = g_strdup (milestone->code);
  copy->title = g_strdup (milestone->title);
  copy->source = g_strdup (milestone->source);
  copy->record_uuid = g_strdup (milestone->record_uuid);
  copy->problem = g_strdup (milestone->problem);
  return copy;
}

void
rb_milestone_free (RbMilestone *milestone)
{
  if (milestone == NULL)
    return;
  g_free (milestone->code);
  g_free (milestone->title);
  g_free (milestone->source);
  g_free (milestone->record_uuid);
  g_free (milestone->problem);
  g_free (milestone);
}

/**
 * rb_milestone_state_to_string:
 * @state: a state
 *
 * Returns: a stable code for files and the CLI: "upcoming", "due-soon", "overdue",
 *   "done" or "unknown".
 */
const char *
rb_milestone_state_to_string (RbMilestoneState state)
{
  static const char *const codes[] = { "upcoming", "due-soon", "overdue", "done", "unknown" };

  g_return_val_if_fail (state <= RB_MILESTONE_UNKNOWN, NULL);
  return codes[state];
}

const char *
rb_milestone_state_label (RbMilestoneState state)
{
  switch (state)
    {
    case RB_MILESTONE_UPCOMING:
      return _("upcoming");
    case RB_MILESTONE_DUE_SOON:
      return _("due soon");
    case RB_MILESTONE_OVERDUE:
      return _("overdue");
    case RB_MILESTONE_DONE:
      return _("done");
    case RB_MILESTONE_UNKNOWN:
      return _("unknown");
    }
  g_return_val_if_reached (NULL);
}

/* Sets @date from an ISO date text; leaves it invalid when there is none. */
static gboolean
parse_date (const char *text, GDate *date)
{
  g_date_clear (date, 1);
  return text != NULL && rb_date_parse (text, date, NULL);
}

/* Sets @date from an ISO 8601 stamp to the local day it falls on, as the regisseur saw
 * it; leaves it invalid when there is none. */
static void
parse_stamp (const char *text, GDate *date)
{
  g_autoptr(GDateTime) moment = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  g_date_clear (date, 1);
  if (moment != NULL)
    rb_date_set_local_day (date, moment);
}

static RbMilestone *
add_milestone (Context     *ctx,
               const char  *code,
               const char  *title,
               const char  *source,
               const char  *record_uuid,
               const GDate *from)
{
  RbMilestone *milestone = g_new0 (RbMilestone, 1);

  milestone->code = g_strdup (code);
  milestone->title = g_strdup (title);
  milestone->source = g_strdup (source);
  milestone->record_uuid = g_strdup (record_uuid);
  milestone->from = *from;
  g_date_clear (&milestone->due, 1);
  g_date_clear (&milestone->done, 1);
  g_ptr_array_add (ctx->milestones, milestone);
  return milestone;
}

static void
take_problem (RbMilestone *milestone, GError *error)
{
  milestone->problem = g_strdup (error->message);
  g_error_free (error);
}

static void
due_after_school_weeks (Context *ctx, RbMilestone *milestone, guint weeks)
{
  GError *error = NULL;

  if (!rb_calendar_add_school_weeks (ctx->calendar, &milestone->from, weeks, &milestone->due,
                                     &error))
    take_problem (milestone, error);
}

/* Sets @done to the first meeting of one of @kinds held on or after @from. */
static void
done_by_meeting (Context *ctx, RbMilestone *milestone, const char *const *kinds)
{
  for (guint i = 0; i < ctx->meetings->len; i++)
    {
      const Meeting *meeting = &g_array_index (ctx->meetings, Meeting, i);

      if (!g_strv_contains (kinds, meeting->kind) || !g_date_valid (&meeting->date)
          || g_date_compare (&meeting->date, &milestone->from) < 0
          || g_date_compare (&meeting->date, ctx->today) > 0)
        continue;
      if (!g_date_valid (&milestone->done) || g_date_compare (&meeting->date, &milestone->done) < 0)
        milestone->done = meeting->date;
    }
}

/* Sets @day to the first day on or after @from (any day when %NULL), up to today, of a
 * document event of @kind; returns whether there is one. */
static gboolean
first_document (Context *ctx, const char *kind, const GDate *from, GDate *day)
{
  g_date_clear (day, 1);
  for (guint i = 0; i < ctx->documents->len; i++)
    {
      const DocumentEvent *event = &g_array_index (ctx->documents, DocumentEvent, i);

      if (!g_str_equal (event->kind, kind) || !g_date_valid (&event->day)
          || (from != NULL && g_date_compare (&event->day, from) < 0)
          || g_date_compare (&event->day, ctx->today) > 0)
        continue;
      if (!g_date_valid (day) || g_date_compare (&event->day, day) < 0)
        *day = event->day;
    }
  return g_date_valid (day);
}

static gboolean
add_placement (Context *ctx, const Placement *placement, GError **error)
{
  RbMilestone *milestone;
  gboolean kdc;
  guint weeks;

  if (!g_date_valid (&placement->start))
    return TRUE;
  /* A placement at a location that is not there says which one, as rb_store_get() does. */
  if (!placement->location_found)
    {
      g_autoptr(RbRecord) location = rb_store_get (ctx->db,
                                                   rb_schema_lookup_table ("bridge_locations"),
                                                   placement->location_uuid, error);
      return location != NULL;
    }
  kdc = g_strcmp0 (placement->location_kind, "KDC") == 0;
  weeks = SBO_BRIDGE_WEEKS + (guint) CLAMP (placement->extension_weeks, 0, 4);

  if (kdc)
    {
      milestone = add_milestone (ctx, "bridge-progress",
                                 _("Progress meeting of the bridge placement at the KDC"),
                                 "seed 000 §2.5", placement->uuid, &placement->start);
      due_after_school_weeks (ctx, milestone, KDC_PROGRESS_WEEKS);
      done_by_meeting (ctx, milestone, progress_kinds);
    }
  else
    {
      milestone = add_milestone (ctx, "bridge-evaluation",
                                 _("Interim evaluation of the bridge placement"), "seed 000 §2.4",
                                 placement->uuid, &placement->start);
      due_after_school_weeks (ctx, milestone, 4);
      done_by_meeting (ctx, milestone, evaluation_kinds);

      milestone = add_milestone (ctx, "bridge-advice", _("Final advice on the bridge placement"),
                                 "seed 000 §2.4", placement->uuid, &placement->start);
      due_after_school_weeks (ctx, milestone, 6);
      done_by_meeting (ctx, milestone, advice_kinds);
    }

  milestone = add_milestone (ctx, "bridge-end", _("End of the bridge placement"),
                             kdc ? "seed 000 §2.5" : "seed 000 §2.4", placement->uuid,
                             &placement->start);
  due_after_school_weeks (ctx, milestone, weeks);
  if (g_date_valid (&placement->end))
    milestone->done = placement->end;
  return TRUE;
}

static void
add_case_deadlines (Context *ctx, const RbCaseDates *dates)
{
  RbMilestone *milestone;
  GDate from;

  if (parse_date (dates->threatened_since, &from) || parse_date (dates->opened_on, &from))
    {
      milestone = add_milestone (ctx, "escalation-4w",
                                 _("Escalate when the pupil has been absent for 4 weeks"),
                                 "seed 003 fase 3b; seed 000 stap 8, 13, 14", dates->uuid, &from);
      due_after_school_weeks (ctx, milestone, 4);
      done_by_meeting (ctx, milestone, escalation_kinds);

      milestone = add_milestone (ctx, "escalation-8w",
                                 _("Escalate from the JES after 8 weeks of partial participation"),
                                 "seed 003", dates->uuid, &from);
      due_after_school_weeks (ctx, milestone, 8);
      done_by_meeting (ctx, milestone, escalation_kinds);
    }

  if (parse_date (dates->thuiszitter_since, &from))
    {
      milestone = add_milestone (ctx, "target-3-months",
                                 _("A fitting offer within 3 months of staying at home"),
                                 "seed 000 §3.3; seed 003", dates->uuid, &from);
      milestone->due = from;
      g_date_add_days (&milestone->due, 7 * TARGET_WEEKS);
    }
}

/*
 * Seed 004 (na triage, verwijzing naar de jeugdarts): "Binnen 2 weken na binnenkomst
 * verzoek bij de afdeling planning JGZ wordt een afspraak ... ingepland", then the advice
 * "in principe binnen 5 werkdagen na het spreekuur". The planning is the GGD's, for
 * which the seed names no school holidays, so these are calendar weeks. The referral is
 * sent when the aanmelding is first exported. No meeting kind is the jeugdarts's consult,
 * so its day is not known: the advice recorded as a document shows it took place.
 */
static void
add_jeugdarts_referral (Context *ctx, const char *case_uuid)
{
  RbMilestone *milestone;
  GDate from;

  if (!first_document (ctx, REFERRAL_KIND, NULL, &from))
    return;
  milestone = add_milestone (ctx, "jeugdarts-advice",
                             _("Jeugdarts appointment planned and advice back to school"),
                             "seed 004 na triage: verwijzing naar de jeugdarts", case_uuid, &from);
  milestone->due = from;
  g_date_add_days (&milestone->due, 7 * JEUGDARTS_WEEKS);
  first_document (ctx, ADVICE_KIND, &from, &milestone->done);
}

/*
 * Seed 004 Bijlage H: once the school decides on an MDO, "Ouder(s)/verzorger(s) en
 * leerling uitnodigen voor een MDO ... Binnen 2 weken". The school invites, so these
 * are school weeks, as for the other deadlines of the school (seed 003). The decision is
 * the day the MDO was recorded; one recorded on or after its own day was decided before
 * the routeboek knew of it and has no deadline here. The invitation serves the meeting,
 * so an MDO that was held is done by then at the latest.
 */
static void
add_mdo_invitation (Context *ctx, const Meeting *meeting)
{
  RbMilestone *milestone;
  GDate sent;

  if (g_strcmp0 (meeting->kind, "mdo") != 0 || !g_date_valid (&meeting->created)
      || !g_date_valid (&meeting->date) || g_date_compare (&meeting->date, &meeting->created) <= 0)
    return;
  milestone = add_milestone (ctx, "mdo-invitation", _("Send the invitation to the MDO"),
                             "seed 004 Bijlage H", meeting->uuid, &meeting->created);
  due_after_school_weeks (ctx, milestone, MDO_INVITATION_WEEKS);
  if (first_document (ctx, INVITATION_KIND, &meeting->created, &sent))
    milestone->done = sent;
  if (g_date_compare (&meeting->date, ctx->today) <= 0
      && (!g_date_valid (&milestone->done)
          || g_date_compare (&meeting->date, &milestone->done) < 0))
    milestone->done = meeting->date;
}

static void
add_meeting (Context *ctx, const Meeting *meeting)
{
  RbMilestone *milestone;
  GError *error = NULL;

  if (!g_date_valid (&meeting->date))
    return;
  milestone = add_milestone (ctx, "meeting-minutes",
                             _("Minutes and agreements of the meeting confirmed in writing"),
                             "seed 004 Bijlage G/H", meeting->uuid, &meeting->date);
  if (!rb_calendar_add_working_days (ctx->calendar, &meeting->date, MINUTES_WORKING_DAYS,
                                     &milestone->due, &error))
    take_problem (milestone, error);
  /* The minutes carry no date of their own: done, on a day not known. */
  if (meeting->has_minutes)
    milestone->state = RB_MILESTONE_DONE;
}

static void
add_agreement (Context *ctx, const Agreement *agreement, const RbCaseDates *dates)
{
  RbMilestone *milestone;
  GDate from;

  /* Counted from its meeting, or from when it was recorded. */
  parse_date (dates->opened_on, &from);
  for (guint i = 0; i < ctx->meetings->len; i++)
    {
      const Meeting *meeting = &g_array_index (ctx->meetings, Meeting, i);

      if (g_strcmp0 (meeting->uuid, agreement->meeting_uuid) == 0)
        from = meeting->date;
    }
  milestone = add_milestone (ctx, "agreement", agreement->what, "seed 004 Bijlage H",
                             agreement->uuid, &from);
  milestone->due = agreement->due;
  if (!g_date_valid (&milestone->due))
    milestone->problem = g_strdup (_("No term was agreed; the routeboek asks to agree one"));
  milestone->done = agreement->done;
}
static void
set_state (Context *ctx, RbMilestone *milestone)
{
  if (g_date_valid (&milestone->done) || milestone->state == RB_MILESTONE_DONE)
    milestone->state = RB_MILESTONE_DONE;
  else if (g_date_valid (&ctx->closed_on) && g_date_compare (&ctx->closed_on, ctx->today) <= 0)
    {
      milestone->done = ctx->closed_on;
      milestone->state = RB_MILESTONE_DONE;
    }
  else if (!g_date_valid (&milestone->due))
    milestone->state = RB_MILESTONE_UNKNOWN;
  else if (g_date_compare (ctx->today, &milestone->due) > 0)
    milestone->state = RB_MILESTONE_OVERDUE;
  else if (g_date_days_between (ctx->today, &milestone->due) <= RB_MILESTONE_DUE_SOON_DAYS)
    milestone->state = RB_MILESTONE_DUE_SOON;
  else
    milestone->state = RB_MILESTONE_UPCOMING;
}

static int
compare_milestones (gconstpointer a, gconstpointer b)
{
  const RbMilestone *x = *(const RbMilestone **) a, *y = *(const RbMilestone **) b;

  if (g_date_valid (&x->due) != g_date_valid (&y->due))
    return g_date_valid (&x->due) ? -1 : 1;
  if (g_date_valid (&x->due) && g_date_compare (&x->due, &y->due) != 0)
    return g_date_compare (&x->due, &y->due);
  return g_strcmp0 (x->code, y->code);
}

/* The milestones of one case from its meetings, placements, agreements and documents. */
static GPtrArray *
compute (RbDatabase        *db,
         RbCalendar        *calendar,
         const RbCaseDates *dates,
         const GDate       *today,
         const Children    *children,
         GError           **error)
{
  g_autoptr(GPtrArray) milestones =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rb_milestone_free);
  Context ctx = { db, calendar, today, milestones, children->meetings, children->documents, { 0 } };

  parse_date (dates->closed_on, &ctx.closed_on);

  add_case_deadlines (&ctx, dates);
  add_jeugdarts_referral (&ctx, dates->uuid);
  for (guint i = 0; i < children->placements->len; i++)
    if (!add_placement (&ctx, &g_array_index (children->placements, Placement, i), error))
      return NULL;
  for (guint i = 0; i < children->meetings->len; i++)
    {
      add_meeting (&ctx, &g_array_index (children->meetings, Meeting, i));
      add_mdo_invitation (&ctx, &g_array_index (children->meetings, Meeting, i));
    }
  for (guint i = 0; i < children->agreements->len; i++)
    add_agreement (&ctx, &g_array_index (children->agreements, Agreement, i), dates);

  for (guint i = 0; i < milestones->len; i++)
    set_state (&ctx, g_ptr_array_index (milestones, i));
  g_ptr_array_sort (milestones, compare_milestones);
  return g_steal_pointer (&milestones);
}

static void
children_init (Children *children)
{
  children->meetings = g_array_new (FALSE, FALSE, sizeof (Meeting));
  children->placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  children->agreements = g_array_new (FALSE, FALSE, sizeof (Agreement));
  children->documents = g_array_new (FALSE, FALSE, sizeof (DocumentEvent));
}

static void
children_clear (Children *children)
{
  g_array_unref (children->meetings);
  g_array_unref (children->placements);
  g_array_unref (children->agreements);
  g_array_unref (children->documents);
}

static void
children_free (Children *children)
{
  children_clear (children);
  g_free (children);
}

static void
family_init (Family *family)
{
  family->by_case = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) children_free);
  family->strings = g_string_chunk_new (64 * 1024);
  children_init (&family->none);
}

static void
family_clear (Family *family)
{
  g_hash_table_unref (family->by_case);
  g_string_chunk_free (family->strings);
  children_clear (&family->none);
}

static const char *
family_string (Family *family, sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert (family->strings, text) : NULL;
}

static Children *
family_children (Family *family, sqlite3_stmt *stmt)
{
  const char *case_uuid = (const char *) sqlite3_column_text (stmt, 0);
  Children *children = g_hash_table_lookup (family->by_case, case_uuid);

  if (children == NULL)
    {
      children = g_new (Children, 1);
      children_init (children);
      g_hash_table_insert (family->by_case, g_string_chunk_insert_const (family->strings, case_uuid),
                           children);
    }
  return children;
}

/* Every query selects case_uuid first; x is the child table. */
#define LIVE " WHERE x.deleted = 0"
#define OF_CASE " AND x.case_uuid = ?1"
#define STABLE_ORDER " ORDER BY x.created_at, x.uuid"

#define MEETINGS "SELECT x.case_uuid, x.uuid, x.kind, x.meeting_date, x.minutes, x.created_at " \
                 "FROM meetings x"

static void
read_meeting (Family *family, sqlite3_stmt *stmt)
{
  Meeting meeting;

  meeting.uuid = family_string (family, stmt, 1);
  meeting.kind = family_string (family, stmt, 2);
  parse_date ((const char *) sqlite3_column_text (stmt, 3), &meeting.date);
  meeting.has_minutes = !rb_str_is_blank ((const char *) sqlite3_column_text (stmt, 4));
  /* A caseload has tens of thousands of meetings; only an MDO needs this stamp. */
  g_date_clear (&meeting.created, 1);
  if (g_strcmp0 (meeting.kind, "mdo") == 0)
    parse_stamp ((const char *) sqlite3_column_text (stmt, 5), &meeting.created);
  g_array_append_val (family_children (family, stmt)->meetings, meeting);
}

#define PLACEMENTS "SELECT x.case_uuid, x.uuid, x.location_uuid, l.uuid IS NOT NULL, l.kind, " \
                   "x.extension_weeks, x.start_date, x.end_date FROM placements x " \
                   "LEFT JOIN bridge_locations l ON l.uuid = x.location_uuid"

static void
read_placement (Family *family, sqlite3_stmt *stmt)
{
  Placement placement;

  placement.uuid = family_string (family, stmt, 1);
  placement.location_uuid = family_string (family, stmt, 2);
  placement.location_found = sqlite3_column_int (stmt, 3) != 0;
  placement.location_kind = family_string (family, stmt, 4);
  placement.extension_weeks = sqlite3_column_int64 (stmt, 5);
  parse_date ((const char *) sqlite3_column_text (stmt, 6), &placement.start);
  parse_date ((const char *) sqlite3_column_text (stmt, 7), &placement.end);
  g_array_append_val (family_children (family, stmt)->placements, placement);
}

#define AGREEMENTS "SELECT x.case_uuid, x.uuid, x.meeting_uuid, x.what, x.due_date, x.done_date " \
                   "FROM agreements x"

static void
read_agreement (Family *family, sqlite3_stmt *stmt)
{
  Agreement agreement;

  agreement.uuid = family_string (family, stmt, 1);
  agreement.meeting_uuid = family_string (family, stmt, 2);
  agreement.what = family_string (family, stmt, 3);
  parse_date ((const char *) sqlite3_column_text (stmt, 4), &agreement.due);
  parse_date ((const char *) sqlite3_column_text (stmt, 5), &agreement.done);
  g_array_append_val (family_children (family, stmt)->agreements, agreement);
}

/* The exports of referrals and MDO invitations and the jeugdarts advices recorded, as one
 * table x with the columns the query macros above use. */
#define DOCUMENTS "SELECT x.case_uuid, x.kind, x.stamp FROM (" \
                  "SELECT d.case_uuid, d.kind, e.exported_at AS stamp, " \
                  "e.deleted + d.deleted AS deleted, e.created_at, e.uuid " \
                  "FROM document_exports e JOIN documents d ON d.uuid = e.document_uuid " \
                  "WHERE d.kind IN ('" REFERRAL_KIND "', '" INVITATION_KIND "') " \
                  "UNION ALL SELECT case_uuid, kind, created_at, deleted, created_at, uuid " \
                  "FROM documents WHERE kind = '" ADVICE_KIND "') x"

static void
read_document (Family *family, sqlite3_stmt *stmt)
{
  DocumentEvent event;

  event.kind = family_string (family, stmt, 1);
  parse_stamp ((const char *) sqlite3_column_text (stmt, 2), &event.day);
  g_array_append_val (family_children (family, stmt)->documents, event);
}

static gboolean
read_rows (RbDatabase  *db,
           const char  *sql,
           const char  *case_uuid,
           Family      *family,
           void       (*read_row) (Family *, sqlite3_stmt *),
           GError     **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (case_uuid != NULL)
    sqlite3_bind_text (stmt, 1, case_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read_row (family, stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Reads the live children of one case. */
static gboolean
read_family (RbDatabase *db, const char *case_uuid, Family *family, GError **error)
{
  return read_rows (db, MEETINGS LIVE OF_CASE STABLE_ORDER, case_uuid, family, read_meeting, error)
         && read_rows (db, PLACEMENTS LIVE OF_CASE STABLE_ORDER, case_uuid, family, read_placement,
                       error)
         && read_rows (db, AGREEMENTS LIVE OF_CASE STABLE_ORDER, case_uuid, family, read_agreement,
                       error)
         && read_rows (db, DOCUMENTS LIVE OF_CASE STABLE_ORDER, case_uuid, family, read_document,
                       error);
}

/* The live children of all cases, a table per step of reading them. */
static const struct
{
  const char *sql;
  void (*read_row) (Family *, sqlite3_stmt *);
} all_children[] = {
  { MEETINGS LIVE STABLE_ORDER, read_meeting },
  { PLACEMENTS LIVE STABLE_ORDER, read_placement },
  { AGREEMENTS LIVE STABLE_ORDER, read_agreement },
  { DOCUMENTS LIVE STABLE_ORDER, read_document },
};

static GPtrArray *
compute_in_family (RbDatabase        *db,
                   RbCalendar        *calendar,
                   Family            *family,
                   const RbCaseDates *dates,
                   const GDate       *today,
                   GError           **error)
{
  Children *children = g_hash_table_lookup (family->by_case, dates->uuid);

  return compute (db, calendar, dates, today, children != NULL ? children : &family->none, error);
}

/**
 * rb_milestones_for_case:
 * @db: an open database
 * @calendar: its school calendar
 * @case_record: a case of @db
 * @today: the day the states are relative to
 * @error: return location for an error
 *
 * A milestone whose due day crosses a school year without calendar has state
 * %RB_MILESTONE_UNKNOWN and says so in its @problem; it is never guessed.
 *
 * Returns: (transfer full) (element-type RbMilestone): the case's milestones by due day.
 */
GPtrArray *
rb_milestones_for_case (RbDatabase  *db,
                        RbCalendar  *calendar,
                        RbRecord    *case_record,
                        const GDate *today,
                        GError     **error)
{
  RbCaseDates dates;

  g_return_val_if_fail (RB_IS_RECORD (case_record), NULL);

  dates.uuid = rb_record_get_uuid (case_record);
  dates.opened_on = rb_record_get_string (case_record, "opened_on");
  dates.threatened_since = rb_record_get_string (case_record, "threatened_since");
  dates.thuiszitter_since = rb_record_get_string (case_record, "thuiszitter_since");
  dates.closed_on = rb_record_get_string (case_record, "closed_on");
  return rb_milestones_for_case_dates (db, calendar, &dates, today, error);
}

/**
 * rb_milestones_for_case_dates:
 * @db: an open database
 * @calendar: its school calendar
 * @dates: the dates of a case of @db
 * @today: the day the states are relative to
 * @error: return location for an error
 *
 * rb_milestones_for_case() for a case that was not read as a record.
 *
 * Returns: (transfer full) (element-type RbMilestone): the case's milestones by due day.
 */
GPtrArray *
rb_milestones_for_case_dates (RbDatabase        *db,
                              RbCalendar        *calendar,
                              const RbCaseDates *dates,
                              const GDate       *today,
                              GError           **error)
{
  Family family;
  GPtrArray *milestones = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (dates != NULL && dates->uuid != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  family_init (&family);
  if (read_family (db, dates->uuid, &family, error))
    milestones = compute_in_family (db, calendar, &family, dates, today, error);
  family_clear (&family);
  return milestones;
}

/* The children of every case, read once for computing many cases. */
struct _RbMilestonesRun
{
  RbDatabase *db;
  RbCalendar *calendar;
  GDate today;
  Family family;
  /* How many of all_children[] are read. */
  guint n_read;
};

/**
 * rb_milestones_run_new_in_steps:
 * @db: an open database
 * @calendar: its school calendar
 * @today: the day the states are relative to
 *
 * A run that reads the meetings, placements, agreements and documents of all cases of @db with
 * rb_milestones_run_read(), a table per step, before rb_milestones_run_compute().
 *
 * Returns: (transfer full): the run.
 */
RbMilestonesRun *
rb_milestones_run_new_in_steps (RbDatabase *db, RbCalendar *calendar, const GDate *today)
{
  RbMilestonesRun *run;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  run = g_new0 (RbMilestonesRun, 1);
  run->db = g_object_ref (db);
  run->calendar = g_object_ref (calendar);
  run->today = *today;
  family_init (&run->family);
  return run;
}

/**
 * rb_milestones_run_read:
 * @run: a run from rb_milestones_run_new_in_steps()
 * @done: (out): set to whether everything is read now
 * @error: return location for an error
 *
 * Reads the next table of @run. Records saved after it are not seen.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_milestones_run_read (RbMilestonesRun *run, gboolean *done, GError **error)
{
  g_return_val_if_fail (run != NULL && done != NULL, FALSE);

  if (run->n_read < G_N_ELEMENTS (all_children)
      && !read_rows (run->db, all_children[run->n_read].sql, NULL, &run->family,
                     all_children[run->n_read].read_row, error))
    return FALSE;
  run->n_read = MIN (run->n_read + 1, G_N_ELEMENTS (all_children));
  *done = run->n_read == G_N_ELEMENTS (all_children);
  return TRUE;
}

/**
 * rb_milestones_run_new:
 * @db: an open database
 * @calendar: its school calendar
 * @today: the day the states are relative to
 * @error: return location for an error
 *
 * Reads the meetings, placements, agreements and documents of all cases of @db once, for
 * rb_milestones_run_compute() on many cases. Records saved after this are not seen.
 *
 * Returns: (transfer full): the run, or %NULL with @error set.
 */
RbMilestonesRun *
rb_milestones_run_new (RbDatabase *db, RbCalendar *calendar, const GDate *today, GError **error)
{
  g_autoptr(RbMilestonesRun) run = rb_milestones_run_new_in_steps (db, calendar, today);
  gboolean done = FALSE;

  while (run != NULL && !done)
    if (!rb_milestones_run_read (run, &done, error))
      return NULL;
  return g_steal_pointer (&run);
}

/**
 * rb_milestones_run_compute:
 * @run: a run
 * @dates: the dates of a case
 * @error: return location for an error
 *
 * rb_milestones_for_case() from the records read by @run.
 *
 * Returns: (transfer full) (element-type RbMilestone): the case's milestones by due day.
 */
GPtrArray *
rb_milestones_run_compute (RbMilestonesRun *run, const RbCaseDates *dates, GError **error)
{
  g_return_val_if_fail (run != NULL && run->n_read == G_N_ELEMENTS (all_children), NULL);
  g_return_val_if_fail (dates != NULL && dates->uuid != NULL, NULL);

  return compute_in_family (run->db, run->calendar, &run->family, dates, &run->today, error);
}

void
rb_milestones_run_free (RbMilestonesRun *run)
{
  if (run == NULL)
    return;
  family_clear (&run->family);
  g_object_unref (run->calendar);
  g_object_unref (run->db);
  g_free (run);
}
