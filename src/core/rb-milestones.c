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
 *   worden vastgelegd").
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

typedef struct
{
  RbDatabase *db;
  RbCalendar *calendar;
  const GDate *today;
  GPtrArray *milestones;
  GPtrArray *meetings;
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

static gboolean
get_date (RbRecord *record, const char *column, GDate *date)
{
  g_date_clear (date, 1);
  return rb_record_is_set (record, column)
         && rb_date_parse (rb_record_get_string (record, column), date, NULL);
}

static RbMilestone *
add_milestone (Context     *ctx,
               const char  *code,
               const char  *title,
               const char  *source,
               RbRecord    *record,
               const GDate *from)
{
  RbMilestone *milestone = g_new0 (RbMilestone, 1);

  milestone->code = g_strdup (code);
  milestone->title = g_strdup (title);
  milestone->source = g_strdup (source);
  milestone->record_uuid = g_strdup (rb_record_get_uuid (record));
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
      RbRecord *meeting = g_ptr_array_index (ctx->meetings, i);
      GDate date;

      if (!g_strv_contains (kinds, rb_record_get_string (meeting, "kind"))
          || !get_date (meeting, "meeting_date", &date)
          || g_date_compare (&date, &milestone->from) < 0
          || g_date_compare (&date, ctx->today) > 0)
        continue;
      if (!g_date_valid (&milestone->done) || g_date_compare (&date, &milestone->done) < 0)
        milestone->done = date;
    }
}

static gboolean
add_placement (Context *ctx, RbRecord *placement, GError **error)
{
  g_autoptr(RbRecord) location = NULL;
  RbMilestone *milestone;
  gboolean kdc;
  GDate start, end;
  guint weeks;

  if (!get_date (placement, "start_date", &start))
    return TRUE;
  location = rb_store_get (ctx->db, rb_schema_lookup_table ("bridge_locations"),
                           rb_record_get_string (placement, "location_uuid"), error);
  if (location == NULL)
    return FALSE;
  kdc = g_strcmp0 (rb_record_get_string (location, "kind"), "KDC") == 0;
  weeks = SBO_BRIDGE_WEEKS + (guint) CLAMP (rb_record_get_int (placement, "extension_weeks"), 0, 4);

  if (kdc)
    {
      milestone = add_milestone (ctx, "bridge-progress",
                                 _("Progress meeting of the bridge placement at the KDC"),
                                 "seed 000 §2.5", placement, &start);
      due_after_school_weeks (ctx, milestone, KDC_PROGRESS_WEEKS);
      done_by_meeting (ctx, milestone, progress_kinds);
    }
  else
    {
      milestone = add_milestone (ctx, "bridge-evaluation",
                                 _("Interim evaluation of the bridge placement"), "seed 000 §2.4",
                                 placement, &start);
      due_after_school_weeks (ctx, milestone, 4);
      done_by_meeting (ctx, milestone, evaluation_kinds);

      milestone = add_milestone (ctx, "bridge-advice", _("Final advice on the bridge placement"),
                                 "seed 000 §2.4", placement, &start);
      due_after_school_weeks (ctx, milestone, 6);
      done_by_meeting (ctx, milestone, advice_kinds);
    }

  milestone = add_milestone (ctx, "bridge-end", _("End of the bridge placement"),
                             kdc ? "seed 000 §2.5" : "seed 000 §2.4", placement, &start);
  due_after_school_weeks (ctx, milestone, weeks);
  if (get_date (placement, "end_date", &end))
    milestone->done = end;
  return TRUE;
}

static void
add_case_deadlines (Context *ctx, RbRecord *case_record)
{
  RbMilestone *milestone;
  GDate from;

  if (get_date (case_record, "threatened_since", &from)
      || get_date (case_record, "opened_on", &from))
    {
      milestone = add_milestone (ctx, "escalation-4w",
                                 _("Escalate when the pupil has been absent for 4 weeks"),
                                 "seed 003 fase 3b; seed 000 stap 8, 13, 14", case_record, &from);
      due_after_school_weeks (ctx, milestone, 4);
      done_by_meeting (ctx, milestone, escalation_kinds);

      milestone = add_milestone (ctx, "escalation-8w",
                                 _("Escalate from the JES after 8 weeks of partial participation"),
                                 "seed 003", case_record, &from);
      due_after_school_weeks (ctx, milestone, 8);
      done_by_meeting (ctx, milestone, escalation_kinds);
    }

  if (get_date (case_record, "thuiszitter_since", &from))
    {
      milestone = add_milestone (ctx, "target-3-months",
                                 _("A fitting offer within 3 months of staying at home"),
                                 "seed 000 §3.3; seed 003", case_record, &from);
      milestone->due = from;
      g_date_add_days (&milestone->due, 7 * TARGET_WEEKS);
    }
}

static void
add_meeting (Context *ctx, RbRecord *meeting)
{
  RbMilestone *milestone;
  GError *error = NULL;
  GDate held;

  if (!get_date (meeting, "meeting_date", &held))
    return;
  milestone = add_milestone (ctx, "meeting-minutes",
                             _("Minutes and agreements of the meeting confirmed in writing"),
                             "seed 004 Bijlage G/H", meeting, &held);
  if (!rb_calendar_add_working_days (ctx->calendar, &held, MINUTES_WORKING_DAYS, &milestone->due,
                                     &error))
    take_problem (milestone, error);
  /* The minutes carry no date of their own: done, on a day not known. */
  if (!rb_str_is_blank (rb_record_get_string (meeting, "minutes")))
    milestone->state = RB_MILESTONE_DONE;
}

static void
add_agreement (Context *ctx, RbRecord *agreement, RbRecord *case_record)
{
  RbMilestone *milestone;
  GDate from;

  /* Counted from its meeting, or from when it was recorded. */
  if (!get_date (case_record, "opened_on", &from))
    g_date_clear (&from, 1);
  for (guint i = 0; i < ctx->meetings->len; i++)
    {
      RbRecord *meeting = g_ptr_array_index (ctx->meetings, i);
      const char *uuid = rb_record_get_uuid (meeting);

      if (g_strcmp0 (uuid, rb_record_get_string (agreement, "meeting_uuid")) == 0)
        get_date (meeting, "meeting_date", &from);
    }
  milestone = add_milestone (ctx, "agreement", rb_record_get_string (agreement, "what"),
                             "seed 004 Bijlage H", agreement, &from);
  if (!get_date (agreement, "due_date", &milestone->due))
    milestone->problem = g_strdup (_("No term was agreed; the routeboek asks to agree one"));
  get_date (agreement, "done_date", &milestone->done);
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

static GPtrArray *
list_children (RbDatabase *db, const char *table, RbRecord *case_record, GError **error)
{
  return rb_store_list (db, rb_schema_lookup_table (table), "case_uuid",
                        rb_record_get_uuid (case_record), error);
}

/* The milestones of one case from its meetings, placements and agreements. */
static GPtrArray *
compute (RbDatabase  *db,
         RbCalendar  *calendar,
         RbRecord    *case_record,
         const GDate *today,
         GPtrArray   *meetings,
         GPtrArray   *placements,
         GPtrArray   *agreements,
         GError     **error)
{
  g_autoptr(GPtrArray) milestones =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rb_milestone_free);
  Context ctx = { db, calendar, today, milestones, meetings, { 0 } };

  get_date (case_record, "closed_on", &ctx.closed_on);

  add_case_deadlines (&ctx, case_record);
  for (guint i = 0; i < placements->len; i++)
    if (!add_placement (&ctx, g_ptr_array_index (placements, i), error))
      return NULL;
  for (guint i = 0; i < meetings->len; i++)
    add_meeting (&ctx, g_ptr_array_index (meetings, i));
  for (guint i = 0; i < agreements->len; i++)
    add_agreement (&ctx, g_ptr_array_index (agreements, i), case_record);

  for (guint i = 0; i < milestones->len; i++)
    set_state (&ctx, g_ptr_array_index (milestones, i));
  g_ptr_array_sort (milestones, compare_milestones);
  return g_steal_pointer (&milestones);
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
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) placements = NULL;
  g_autoptr(GPtrArray) agreements = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (RB_IS_RECORD (case_record), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if ((meetings = list_children (db, "meetings", case_record, error)) == NULL
      || (placements = list_children (db, "placements", case_record, error)) == NULL
      || (agreements = list_children (db, "agreements", case_record, error)) == NULL)
    return NULL;
  return compute (db, calendar, case_record, today, meetings, placements, agreements, error);
}

/* Groups the live records of @table by their case, in the store's stable order. */
static GHashTable *
group_by_case (RbDatabase *db, const char *table, GError **error)
{
  g_autoptr(GPtrArray) records = rb_store_list (db, rb_schema_lookup_table (table), NULL, NULL,
                                                error);
  GHashTable *groups;

  if (records == NULL)
    return NULL;
  groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *record = g_ptr_array_index (records, i);
      const char *case_uuid = rb_record_get_string (record, "case_uuid");
      GPtrArray *group = g_hash_table_lookup (groups, case_uuid);

      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          /* The key lives in the group's first record. */
          g_hash_table_insert (groups, (gpointer) case_uuid, group);
        }
      g_ptr_array_add (group, g_object_ref (record));
    }
  return groups;
}

static GPtrArray *
group_of (GHashTable *groups, RbRecord *case_record, GPtrArray *empty)
{
  GPtrArray *group = g_hash_table_lookup (groups, rb_record_get_uuid (case_record));

  return group != NULL ? group : empty;
}

/**
 * rb_milestones_for_cases:
 * @db: an open database
 * @calendar: its school calendar
 * @cases: (element-type RbRecord): cases of @db
 * @today: the day the states are relative to
 * @func: called for every case of @cases, in order, with its milestones
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Like rb_milestones_for_case() for many cases, reading each table once.
 *
 * Returns: %TRUE when every case was computed.
 */
gboolean
rb_milestones_for_cases (RbDatabase       *db,
                         RbCalendar       *calendar,
                         GPtrArray        *cases,
                         const GDate      *today,
                         RbMilestonesFunc  func,
                         gpointer          user_data,
                         GError          **error)
{
  g_autoptr(GHashTable) meetings = NULL;
  g_autoptr(GHashTable) placements = NULL;
  g_autoptr(GHashTable) agreements = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (cases != NULL && func != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if ((meetings = group_by_case (db, "meetings", error)) == NULL
      || (placements = group_by_case (db, "placements", error)) == NULL
      || (agreements = group_by_case (db, "agreements", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *case_record = g_ptr_array_index (cases, i);
      g_autoptr(GPtrArray) milestones =
        compute (db, calendar, case_record, today, group_of (meetings, case_record, empty),
                 group_of (placements, case_record, empty),
                 group_of (agreements, case_record, empty), error);

      if (milestones == NULL)
        return FALSE;
      func (case_record, milestones, user_data);
    }
  return TRUE;
}
