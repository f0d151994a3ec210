/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-route-state"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <string.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-milestones.h"
#include "rb-route-state.h"
#include "rb-schema.h"
#include "rb-signals.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * Where a case stands in its route. Nothing here is stored except what the regisseur
 * decides by hand (a step done without a trace in the case, a step that does not apply):
 * a step is open from its trigger, done when the case holds its evidence (a logbook entry,
 * a meeting, an exported document, a status) on or after that day, and due by its
 * deadline rule counted with the SWV's school calendar. A run reads every case's events
 * with one query per table, so the dashboard computes all checklists at once.
 */

typedef enum
{
  EVENT_STATUS,
  EVENT_MEETING,
  EVENT_LOG,
  EVENT_EXPORT,
  EVENT_PLACEMENT,
} EventKind;

typedef struct
{
  EventKind kind;
  char *arg;
  char *folded; /* a logbook action, case-folded once for matching */
  GDate date;
} Event;

typedef struct
{
  char *step_id;
  char *step_title;
  RbStepState state;
  GDate date;
  char *note;
  char *recorded_by;
} ManualStep;

typedef struct
{
  char *uuid;
  char *pupil_uuid;
  char *route;
  char *status;
  char *opened_on;
  char *threatened_since;
  char *thuiszitter_since;
  char *closed_on;
  GPtrArray *events;
  GPtrArray *manual;
} CaseInfo;

struct _RbRouteRun
{
  RbDatabase *db;
  RbCalendar *calendar;
  GDate today;
  GHashTable *routes;
  char *default_code;
  GHashTable *cases;
  RbSignals *signals;
  RbMilestonesRun *milestones;
};

static void
event_free (Event *event)
{
  g_free (event->arg);
  g_free (event->folded);
  g_free (event);
}

static void
manual_step_free (ManualStep *manual)
{
  g_free (manual->step_id);
  g_free (manual->step_title);
  g_free (manual->note);
  g_free (manual->recorded_by);
  g_free (manual);
}

static void
case_info_free (CaseInfo *info)
{
  g_free (info->uuid);
  g_free (info->pupil_uuid);
  g_free (info->route);
  g_free (info->status);
  g_free (info->opened_on);
  g_free (info->threatened_since);
  g_free (info->thuiszitter_since);
  g_free (info->closed_on);
  g_ptr_array_unref (info->events);
  g_ptr_array_unref (info->manual);
  g_free (info);
}

static void
step_item_free (RbStepItem *item)
{
  if (item == NULL)
    return;
  g_free (item->step_id);
  g_free (item->title);
  g_free (item->phase_id);
  g_free (item->role);
  g_free (item->evidence);
  g_free (item->reason);
  g_free (item->problem);
  g_free (item);
}

void
rb_checklist_free (RbChecklist *checklist)
{
  if (checklist == NULL)
    return;
  g_free (checklist->case_uuid);
  g_clear_pointer (&checklist->route, rb_route_unref);
  g_ptr_array_unref (checklist->items);
  g_free (checklist->phase_id);
  g_free (checklist);
}

const RbStepItem *
rb_checklist_find (RbChecklist *checklist, const char *step_id)
{
  for (guint i = 0; i < checklist->items->len; i++)
    {
      const RbStepItem *item = g_ptr_array_index (checklist->items, i);

      if (g_strcmp0 (item->step_id, step_id) == 0)
        return item;
    }
  return NULL;
}

const char *
rb_step_state_to_string (RbStepState state)
{
  static const char *const codes[] = { "waiting", "open", "overdue", "done", "not-applicable" };

  g_return_val_if_fail (state <= RB_STEP_NOT_APPLICABLE, NULL);
  return codes[state];
}

const char *
rb_step_state_label (RbStepState state)
{
  static const char *const labels[]
      = { N_("Waiting"), N_("Open"), N_("Overdue"), N_("Done"), N_("Not applicable") };

  g_return_val_if_fail (state <= RB_STEP_NOT_APPLICABLE, NULL);
  return _(labels[state]);
}

static char *
dup_column (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *)sqlite3_column_text (stmt, column));
}

/* Stored days are YYYY-MM-DD; this runs for every event of every case, so the common
 * shape is read directly and anything else goes through rb_date_parse(). */
static gboolean
parse_day (const char *text, GDate *date)
{
  g_date_clear (date, 1);
  if (text == NULL)
    return FALSE;
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      guint year = 0, month = 0, day = 0;

      for (guint i = 0; i < 10; i++)
        {
          if (i == 4 || i == 7)
            continue;
          if (!g_ascii_isdigit (text[i]))
            return rb_date_parse (text, date, NULL);
          if (i < 4)
            year = year * 10 + (guint)(text[i] - '0');
          else if (i < 7)
            month = month * 10 + (guint)(text[i] - '0');
          else
            day = day * 10 + (guint)(text[i] - '0');
        }
      if (!g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
        return FALSE;
      g_date_set_dmy (date, (GDateDay)day, (GDateMonth)month, (GDateYear)year);
      return TRUE;
    }
  return rb_date_parse (text, date, NULL);
}

/* Logbook actions are matched case-insensitively; most are ASCII, which folds cheaply. */
static char *
fold (const char *text)
{
  return g_str_is_ascii (text) ? g_ascii_strdown (text, -1) : g_utf8_casefold (text, -1);
}

typedef void (*RowFunc) (RbRouteRun *run, sqlite3_stmt *stmt, gpointer data);

/* Runs @sql and hands every row to @func; @case_uuid, if any, is bound to ?1. */
static gboolean
for_each_row (RbRouteRun *run, const char *sql, const char *case_uuid, RowFunc func,
              gpointer data, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (run->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (case_uuid != NULL)
    sqlite3_bind_text (stmt, 1, case_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (run, stmt, data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (run->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
add_case (RbRouteRun *run, sqlite3_stmt *stmt, gpointer data)
{
  CaseInfo *info = g_new0 (CaseInfo, 1);

  info->uuid = dup_column (stmt, 0);
  info->pupil_uuid = dup_column (stmt, 1);
  info->route = dup_column (stmt, 2);
  info->status = dup_column (stmt, 3);
  info->opened_on = dup_column (stmt, 4);
  info->threatened_since = dup_column (stmt, 5);
  info->thuiszitter_since = dup_column (stmt, 6);
  info->closed_on = dup_column (stmt, 7);
  info->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  info->manual = g_ptr_array_new_with_free_func ((GDestroyNotify) manual_step_free);
  g_hash_table_insert (run->cases, info->uuid, info);
}

/* Every event query gives (case uuid, argument, ISO day); @data is the EventKind. */
static void
add_event (RbRouteRun *run, sqlite3_stmt *stmt, gpointer data)
{
  CaseInfo *info = g_hash_table_lookup (run->cases, sqlite3_column_text (stmt, 0));
  Event *event;
  GDate date;

  if (info == NULL || !parse_day ((const char *)sqlite3_column_text (stmt, 2), &date))
    return;
  event = g_new0 (Event, 1);
  event->kind = GPOINTER_TO_INT (data);
  event->arg = dup_column (stmt, 1);
  if (event->kind == EVENT_LOG && event->arg != NULL)
    event->folded = fold (event->arg);
  event->date = date;
  g_ptr_array_add (info->events, event);
}

static void
add_manual (RbRouteRun *run, sqlite3_stmt *stmt, gpointer data)
{
  CaseInfo *info = g_hash_table_lookup (run->cases, sqlite3_column_text (stmt, 0));
  ManualStep *manual;

  if (info == NULL)
    return;
  manual = g_new0 (ManualStep, 1);
  manual->step_id = dup_column (stmt, 1);
  manual->state = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 2), "done") == 0
                      ? RB_STEP_DONE
                      : RB_STEP_NOT_APPLICABLE;
  parse_day ((const char *)sqlite3_column_text (stmt, 3), &manual->date);
  manual->note = dup_column (stmt, 4);
  manual->step_title = dup_column (stmt, 5);
  manual->recorded_by = dup_column (stmt, 6);
  g_ptr_array_add (info->manual, manual);
}

/* Each query, for one case, gets " AND <case column> = ?1" after its condition. */
static const struct
{
  EventKind kind;
  const char *sql;
  const char *case_column;
} event_queries[] = {
  { EVENT_STATUS, "SELECT case_uuid, status, changed_on FROM status_changes WHERE deleted = 0",
    "case_uuid" },
  { EVENT_MEETING, "SELECT case_uuid, kind, meeting_date FROM meetings WHERE deleted = 0",
    "case_uuid" },
  { EVENT_LOG, "SELECT case_uuid, action, entry_date FROM log_entries WHERE deleted = 0",
    "case_uuid" },
  { EVENT_EXPORT, "SELECT d.case_uuid, d.kind, substr (e.exported_at, 1, 10)"
                  " FROM document_exports e JOIN documents d ON d.uuid = e.document_uuid"
                  " WHERE e.deleted = 0 AND d.deleted = 0", "d.case_uuid" },
  { EVENT_PLACEMENT, "SELECT p.case_uuid, l.kind, p.start_date FROM placements p"
                     " JOIN bridge_locations l ON l.uuid = p.location_uuid WHERE p.deleted = 0",
    "p.case_uuid" },
};

static gint
compare_events (gconstpointer a, gconstpointer b)
{
  const Event *x = *(Event *const *)a;
  const Event *y = *(Event *const *)b;

  return g_date_compare (&x->date, &y->date);
}

/* @sql (which ends in a condition), for @case_uuid's rows only if given, then @tail. */
static char *
with_case (const char *sql, const char *column, const char *case_uuid, const char *tail)
{
  return case_uuid != NULL ? g_strconcat (sql, " AND ", column, " = ?1", tail, NULL)
                           : g_strconcat (sql, tail, NULL);
}

/* Reads the cases (or only @case_uuid) with their events and marked steps into @run. */
static gboolean
read_cases (RbRouteRun *run, const char *case_uuid, GError **error)
{
  g_autofree char *cases_sql = with_case (
      "SELECT uuid, pupil_uuid, route, status, opened_on, threatened_since, thuiszitter_since,"
      " closed_on FROM cases WHERE deleted = 0", "uuid", case_uuid, "");
  /* Ordered by modification: a later mark of a step wins. */
  g_autofree char *manual_sql = with_case (
      "SELECT case_uuid, step_id, state, on_date, note, step_title, recorded_by"
      " FROM case_steps WHERE deleted = 0", "case_uuid", case_uuid, " ORDER BY modified_at");
  GHashTableIter iter;
  CaseInfo *info;

  if (!for_each_row (run, cases_sql, case_uuid, add_case, NULL, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (event_queries); i++)
    {
      g_autofree char *sql
          = with_case (event_queries[i].sql, event_queries[i].case_column, case_uuid, "");

      if (!for_each_row (run, sql, case_uuid, add_event, GINT_TO_POINTER (event_queries[i].kind),
                         error))
        return FALSE;
    }
  if (!for_each_row (run, manual_sql, case_uuid, add_manual, NULL, error))
    return FALSE;
  /* One case read again is looked up, not found among all the run's cases. */
  if (case_uuid != NULL)
    {
      if ((info = g_hash_table_lookup (run->cases, case_uuid)) != NULL)
        g_ptr_array_sort (info->events, compare_events);
      return TRUE;
    }
  g_hash_table_iter_init (&iter, run->cases);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&info))
    g_ptr_array_sort (info->events, compare_events);
  return TRUE;
}

/* Reads the SWV's routes, and every case (or only @case_uuid) with its events. */
static RbRouteRun *
route_run_new (RbDatabase  *db,
               RbCalendar  *calendar,
               const GDate *today,
               const char  *case_uuid,
               GError     **error)
{
  g_autoptr(RbRouteRun) run = g_new0 (RbRouteRun, 1);
  g_autoptr(GPtrArray) routes = NULL;

  run->db = g_object_ref (db);
  run->calendar = g_object_ref (calendar);
  run->today = *today;
  run->routes
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) rb_route_unref);
  run->cases
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) case_info_free);
  if ((routes = rb_route_list_stored (db, error)) == NULL)
    return NULL;
  for (guint i = 0; i < routes->len; i++)
    {
      RbRoute *route = g_ptr_array_index (routes, i);

      g_hash_table_replace (run->routes, route->code, rb_route_ref (route));
    }
  run->default_code = routes->len > 0 ? rb_route_dup_default_code (db, NULL) : NULL;
  if (!read_cases (run, case_uuid, error))
    return NULL;
  return g_steal_pointer (&run);
}

/**
 * rb_route_run_new:
 * @db: an open database
 * @calendar: its school calendar
 * @today: the day to compute states for
 * @error: return location for an error
 *
 * Reads the SWV's routes and every case's events once, for rb_route_run_compute().
 *
 * Returns: (transfer full) (nullable): the run.
 */
RbRouteRun *
rb_route_run_new (RbDatabase *db, RbCalendar *calendar, const GDate *today, GError **error)
{
  return route_run_new (db, calendar, today, NULL, error);
}

/**
 * rb_route_run_reload_case:
 * @run: a run
 * @case_uuid: a case that changed
 * @error: return location for an error
 *
 * Reads the case and its events again, as they are in the database now; a case that is
 * gone is gone from the run too. The other cases are not read again.
 *
 * Returns: whether the case could be read.
 */
gboolean
rb_route_run_reload_case (RbRouteRun *run, const char *case_uuid, GError **error)
{
  g_return_val_if_fail (run != NULL && case_uuid != NULL, FALSE);

  g_hash_table_remove (run->cases, case_uuid);
  return read_cases (run, case_uuid, error);
}

void
rb_route_run_free (RbRouteRun *run)
{
  if (run == NULL)
    return;
  g_clear_object (&run->db);
  g_clear_object (&run->calendar);
  g_clear_pointer (&run->routes, g_hash_table_unref);
  g_clear_pointer (&run->cases, g_hash_table_unref);
  g_free (run->default_code);
  g_clear_object (&run->signals);
  g_clear_pointer (&run->milestones, rb_milestones_run_free);
  g_free (run);
}

typedef struct
{
  RbRouteRun *run;
  CaseInfo *info;
  RbRoute *route;
  GPtrArray *signals;
  GPtrArray *milestones;
  GPtrArray *items;
  GError *error;
} Context;

static const char *
status_column (const char *status)
{
  if (g_strcmp0 (status, "dreigend") == 0)
    return "threatened_since";
  if (g_strcmp0 (status, "thuiszitter") == 0)
    return "thuiszitter_since";
  if (g_strcmp0 (status, "afgesloten") == 0)
    return "closed_on";
  return NULL;
}

/* The first day on or after @from that the case reached @status: its logged changes, else
 * the case's own date for that status, else the opening day when it never changed. */
static gboolean
status_reached (CaseInfo *info, const char *status, const GDate *from, GDate *date)
{
  const char *column = status_column (status);
  const char *fallback = NULL;

  for (guint i = 0; i < info->events->len; i++)
    {
      const Event *event = g_ptr_array_index (info->events, i);

      if (event->kind == EVENT_STATUS && g_strcmp0 (event->arg, status) == 0
          && (from == NULL || g_date_compare (&event->date, from) >= 0))
        {
          *date = event->date;
          return TRUE;
        }
    }
  if (g_strcmp0 (column, "threatened_since") == 0)
    fallback = info->threatened_since;
  else if (g_strcmp0 (column, "thuiszitter_since") == 0)
    fallback = info->thuiszitter_since;
  else if (g_strcmp0 (column, "closed_on") == 0)
    fallback = g_strcmp0 (info->status, "afgesloten") == 0 ? info->closed_on : NULL;
  else if (g_strcmp0 (info->status, status) == 0)
    fallback = info->opened_on;
  return parse_day (fallback, date) && (from == NULL || g_date_compare (date, from) >= 0);
}

static const Event *
first_event (CaseInfo *info, EventKind kind, const char *arg, const GDate *from)
{
  g_autofree char *folded_arg = kind == EVENT_LOG ? fold (arg) : NULL;

  for (guint i = 0; i < info->events->len; i++)
    {
      const Event *event = g_ptr_array_index (info->events, i);

      if (event->kind != kind || (from != NULL && g_date_compare (&event->date, from) < 0))
        continue;
      if (kind == EVENT_LOG)
        {
          if (event->folded != NULL && g_str_has_prefix (event->folded, folded_arg))
            return event;
        }
      else if (arg == NULL || g_strcmp0 (event->arg, arg) == 0)
        return event;
    }
  return NULL;
}

static gboolean
load_milestones (Context *ctx)
{
  RbCaseDates dates = {
    ctx->info->uuid,
    ctx->info->opened_on,
    ctx->info->threatened_since,
    ctx->info->thuiszitter_since,
    ctx->info->closed_on,
  };

  if (ctx->milestones != NULL)
    return TRUE;
  if (ctx->run->milestones == NULL
      && (ctx->run->milestones
          = rb_milestones_run_new (ctx->run->db, ctx->run->calendar, &ctx->run->today, &ctx->error))
             == NULL)
    return FALSE;
  ctx->milestones = rb_milestones_run_compute (ctx->run->milestones, &dates, &ctx->error);
  return ctx->milestones != NULL;
}

static gboolean
load_signals (Context *ctx)
{
  if (ctx->signals != NULL)
    return TRUE;
  if (ctx->run->signals == NULL
      && (ctx->run->signals = rb_signals_new (ctx->run->db, ctx->run->calendar, &ctx->error))
             == NULL)
    return FALSE;
  ctx->signals = rb_signals_evaluate_pupil (ctx->run->signals, ctx->run->db, ctx->info->pupil_uuid,
                                            &ctx->run->today, &ctx->error);
  return ctx->signals != NULL;
}

static const RbStepItem *
compute_item (Context *ctx, guint index);

/* The day the step's trigger happened; FALSE while it has not (or lies after today). */
static gboolean
trigger_date (Context *ctx, const RbRouteStep *step, GDate *date)
{
  const Event *event = NULL;

  g_date_clear (date, 1);
  switch (step->trigger)
    {
    case RB_TRIGGER_CASE_CREATED:
      parse_day (ctx->info->opened_on, date);
      break;
    case RB_TRIGGER_STATUS:
      status_reached (ctx->info, step->trigger_arg, NULL, date);
      break;
    case RB_TRIGGER_MEETING:
      if ((event = first_event (ctx->info, EVENT_MEETING, step->trigger_arg, NULL)) != NULL)
        *date = event->date;
      break;
    case RB_TRIGGER_PLACEMENT:
      if ((event = first_event (ctx->info, EVENT_PLACEMENT, step->trigger_arg, NULL)) != NULL)
        *date = event->date;
      break;
    case RB_TRIGGER_SIGNAL:
      if (!load_signals (ctx))
        return FALSE;
      for (guint i = 0; i < ctx->signals->len; i++)
        {
          const RbSignal *signal = g_ptr_array_index (ctx->signals, i);

          if (g_strcmp0 (signal->code, step->trigger_arg) == 0
              && (!g_date_valid (date) || g_date_compare (&signal->first_fired, date) < 0))
            *date = signal->first_fired;
        }
      break;
    case RB_TRIGGER_MILESTONE:
      if (!load_milestones (ctx))
        return FALSE;
      for (guint i = 0; i < ctx->milestones->len && !g_date_valid (date); i++)
        {
          const RbMilestone *milestone = g_ptr_array_index (ctx->milestones, i);

          if (g_strcmp0 (milestone->code, step->trigger_arg) == 0 && g_date_valid (&milestone->due))
            *date = milestone->due;
        }
      break;
    case RB_TRIGGER_STEP:
      for (guint i = 0; i < ctx->route->steps->len; i++)
        {
          const RbRouteStep *other = g_ptr_array_index (ctx->route->steps, i);
          const RbStepItem *item;

          if (g_strcmp0 (other->id, step->trigger_arg) != 0)
            continue;
          item = compute_item (ctx, i);
          if (item != NULL && item->state == RB_STEP_DONE && g_date_valid (&item->done))
            *date = item->done;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  return g_date_valid (date) && g_date_compare (date, &ctx->run->today) <= 0;
}

static gboolean
find_evidence (Context *ctx, const RbRouteStep *step, const GDate *from, RbStepItem *item)
{
  static const EventKind kinds[] = {
    [RB_DONE_LOG] = EVENT_LOG, [RB_DONE_MEETING] = EVENT_MEETING, [RB_DONE_DOCUMENT] = EVENT_EXPORT
  };
  g_autofree char *day = NULL;
  const Event *event;
  GDate date;
  GDate after = *from;

  if (step->done == RB_DONE_MANUAL)
    return FALSE;
  /* The meeting that opened a step ("after the first JES") does not also close it. */
  if (step->trigger == RB_TRIGGER_MEETING && step->done == RB_DONE_MEETING
      && g_strcmp0 (step->trigger_arg, step->done_arg) == 0)
    {
      g_date_add_days (&after, 1);
      from = &after;
    }
  if (step->done == RB_DONE_STATUS)
    {
      if (!status_reached (ctx->info, step->done_arg, from, &date)
          || g_date_compare (&date, &ctx->run->today) > 0)
        return FALSE;
      day = rb_date_format_for_people (&date);
      item->done = date;
      item->evidence = g_strdup_printf (_("Status “%s” since %s"),
                                        rb_case_status_label (step->done_arg), day);
      return TRUE;
    }
  event = first_event (ctx->info, kinds[step->done], step->done_arg, from);
  if (event == NULL || g_date_compare (&event->date, &ctx->run->today) > 0)
    return FALSE;
  day = rb_date_format_for_people (&event->date);
  item->done = event->date;
  if (step->done == RB_DONE_LOG)
    item->evidence = g_strdup_printf (_("Logbook entry “%s” of %s"), event->arg, day);
  else if (step->done == RB_DONE_MEETING)
    item->evidence = g_strdup_printf (_("Meeting (%s) on %s"), event->arg, day);
  else
    item->evidence = g_strdup_printf (_("Document %s exported on %s"), event->arg, day);
  return TRUE;
}

static const ManualStep *
find_manual (CaseInfo *info, const char *step_id)
{
  const ManualStep *found = NULL;

  /* Ordered by modification: the last word counts. */
  for (guint i = 0; i < info->manual->len; i++)
    {
      const ManualStep *manual = g_ptr_array_index (info->manual, i);

      if (g_strcmp0 (manual->step_id, step_id) == 0)
        found = manual;
    }
  return found;
}

static void
apply_manual (RbStepItem *item, const ManualStep *manual)
{
  item->state = manual->state;
  item->done = manual->date;
  item->manual = TRUE;
  if (manual->state == RB_STEP_NOT_APPLICABLE)
    item->reason = g_strdup (manual->note);
  else
    item->evidence
        = g_strdup (!rb_str_is_blank (manual->note) ? manual->note : _("Marked done by hand"));
}

static void
compute_due (Context *ctx, const RbRouteStep *step, RbStepItem *item)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  item->due = item->triggered;
  switch (step->unit)
    {
    case RB_DEADLINE_NONE:
      g_date_clear (&item->due, 1);
      break;
    case RB_DEADLINE_WORKING_DAYS:
      ok = rb_calendar_add_working_days (ctx->run->calendar, &item->triggered, step->count,
                                         &item->due, &local_error);
      break;
    case RB_DEADLINE_DAYS:
      g_date_add_days (&item->due, step->count);
      break;
    case RB_DEADLINE_WEEKS:
      g_date_add_days (&item->due, 7 * step->count);
      break;
    case RB_DEADLINE_SCHOOL_WEEKS:
      ok = rb_calendar_add_school_weeks (ctx->run->calendar, &item->triggered, step->count,
                                         &item->due, &local_error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    {
      g_date_clear (&item->due, 1);
      item->problem = g_strdup (local_error->message);
    }
}

static const RbStepItem *
compute_item (Context *ctx, guint index)
{
  const RbRouteStep *step = g_ptr_array_index (ctx->route->steps, index);
  RbStepItem *item = g_ptr_array_index (ctx->items, index);
  const ManualStep *manual;
  GDate closed;

  if (item != NULL || ctx->error != NULL)
    return item;
  item = g_new0 (RbStepItem, 1);
  item->step_id = g_strdup (step->id);
  item->title = g_strdup (step->title);
  item->phase_id = g_strdup (step->phase_id);
  item->role = g_strdup (step->role);
  g_date_clear (&item->triggered, 1);
  g_date_clear (&item->due, 1);
  g_date_clear (&item->done, 1);
  ctx->items->pdata[index] = item;

  if ((manual = find_manual (ctx->info, step->id)) != NULL)
    {
      apply_manual (item, manual);
      return item;
    }
  if (!trigger_date (ctx, step, &item->triggered))
    {
      g_date_clear (&item->triggered, 1);
      item->state = RB_STEP_WAITING;
    }
  else if (find_evidence (ctx, step, &item->triggered, item))
    item->state = RB_STEP_DONE;
  else
    {
      compute_due (ctx, step, item);
      item->state = g_date_valid (&item->due) && g_date_compare (&item->due, &ctx->run->today) < 0
                        ? RB_STEP_OVERDUE
                        : RB_STEP_OPEN;
    }

  /* A closed case leaves undone what it did not reach; steps that closing opens stay. */
  if ((item->state == RB_STEP_WAITING || item->state == RB_STEP_OPEN
       || item->state == RB_STEP_OVERDUE)
      && g_strcmp0 (ctx->info->status, "afgesloten") == 0
      && parse_day (ctx->info->closed_on, &closed)
      && (!g_date_valid (&item->triggered) || g_date_compare (&item->triggered, &closed) < 0))
    {
      g_autofree char *day = rb_date_format_for_people (&closed);

      item->state = RB_STEP_NOT_APPLICABLE;
      item->done = closed;
      item->reason = g_strdup_printf (_("The case was closed on %s"), day);
      g_date_clear (&item->due, 1);
    }
  return item;
}

static void
add_removed_steps (Context *ctx)
{
  for (guint i = 0; i < ctx->info->manual->len; i++)
    {
      const ManualStep *manual = g_ptr_array_index (ctx->info->manual, i);
      RbStepItem *item;

      if (rb_route_find_step (ctx->route, manual->step_id) != NULL
          || find_manual (ctx->info, manual->step_id) != manual)
        continue;
      item = g_new0 (RbStepItem, 1);
      item->step_id = g_strdup (manual->step_id);
      item->title = g_strdup (manual->step_title != NULL ? manual->step_title : manual->step_id);
      g_date_clear (&item->triggered, 1);
      g_date_clear (&item->due, 1);
      apply_manual (item, manual);
      item->removed = TRUE;
      g_ptr_array_add (ctx->items, item);
    }
}

/* The open step due first; steps without a deadline come after those with one. */
static const RbStepItem *
find_next (GPtrArray *items)
{
  const RbStepItem *next = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const RbStepItem *item = g_ptr_array_index (items, i);

      if (item->state != RB_STEP_OPEN && item->state != RB_STEP_OVERDUE)
        continue;
      if (next == NULL || (g_date_valid (&item->due) && !g_date_valid (&next->due))
          || (g_date_valid (&item->due) && g_date_compare (&item->due, &next->due) < 0))
        next = item;
    }
  return next;
}

static char *
find_phase (RbRoute *route, GPtrArray *items, const RbStepItem *next)
{
  const char *phase = NULL;

  if (next != NULL)
    return g_strdup (next->phase_id);
  for (guint i = 0; i < items->len; i++)
    {
      const RbStepItem *item = g_ptr_array_index (items, i);

      if (item->state == RB_STEP_DONE && !item->removed)
        phase = item->phase_id;
    }
  if (phase == NULL && route->phases->len > 0)
    phase = ((RbRoutePhase *)g_ptr_array_index (route->phases, 0))->id;
  return g_strdup (phase);
}

static RbChecklist *
compute_with_route (RbRouteRun *run, CaseInfo *info, RbRoute *route, GPtrArray *signals,
                    GError **error)
{
  g_autoptr(RbChecklist) checklist = g_new0 (RbChecklist, 1);
  Context ctx = { run, info, route, signals, NULL, NULL, NULL };

  checklist->case_uuid = g_strdup (info->uuid);
  checklist->route = rb_route_ref (route);
  checklist->items = g_ptr_array_new_with_free_func ((GDestroyNotify) step_item_free);
  g_ptr_array_set_size (checklist->items, route->steps->len);
  ctx.items = checklist->items;
  for (guint i = 0; i < route->steps->len; i++)
    compute_item (&ctx, i);
  /* Signals given by the caller are theirs; the ones evaluated here are ours. */
  if (signals == NULL)
    g_clear_pointer (&ctx.signals, g_ptr_array_unref);
  g_clear_pointer (&ctx.milestones, g_ptr_array_unref);
  if (ctx.error != NULL)
    {
      g_propagate_error (error, ctx.error);
      return NULL;
    }
  add_removed_steps (&ctx);
  checklist->next = find_next (checklist->items);
  checklist->phase_id = find_phase (route, checklist->items, checklist->next);
  return g_steal_pointer (&checklist);
}

static RbRoute *
route_of_case (RbRouteRun *run, CaseInfo *info, GError **error)
{
  RbRoute *route = info->route != NULL ? g_hash_table_lookup (run->routes, info->route) : NULL;

  /* A case without a route of this SWV (older data, a route since deleted) follows the
   * default route. */
  if (route == NULL && run->default_code != NULL)
    route = g_hash_table_lookup (run->routes, run->default_code);
  if (route == NULL)
    g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("This SWV has no routes yet"));
  return route;
}

/**
 * rb_route_run_compute:
 * @run: a run
 * @case_uuid: a case
 * @signals: (element-type RbSignal) (nullable): the pupil's signals when the caller has
 *   them already; %NULL to evaluate them when the route needs them
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the case's checklist and next step.
 */
RbChecklist *
rb_route_run_compute (RbRouteRun *run, const char *case_uuid, GPtrArray *signals, GError **error)
{
  CaseInfo *info = g_hash_table_lookup (run->cases, case_uuid);
  RbRoute *route;

  if (info == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("No case %s"), case_uuid);
      return NULL;
    }
  if ((route = route_of_case (run, info, error)) == NULL)
    return NULL;
  return compute_with_route (run, info, route, signals, error);
}

/**
 * rb_route_checklist_for_case:
 * @db: an open database
 * @calendar: its school calendar
 * @case_uuid: a case
 * @today: the day to compute states for
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the case's checklist, its signals evaluated here.
 */
RbChecklist *
rb_route_checklist_for_case (RbDatabase *db, RbCalendar *calendar, const char *case_uuid,
                             const GDate *today, GError **error)
{
  g_autoptr(RbRouteRun) run = route_run_new (db, calendar, today, case_uuid, error);

  return run != NULL ? rb_route_run_compute (run, case_uuid, NULL, error) : NULL;
}

static RbRecord *
find_case_step (RbDatabase *db, const char *case_uuid, const char *step_id, GError **error)
{
  g_autoptr(GPtrArray) rows
      = rb_store_list (db, rb_schema_lookup_table ("case_steps"), "case_uuid", case_uuid, error);

  if (rows == NULL)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      RbRecord *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (rb_record_get_string (row, "step_id"), step_id) == 0)
        return g_object_ref (row);
    }
  return NULL;
}

static gboolean
save_case_step (RbDatabase *db, RbRecord *case_record, const char *step_id, const char *title,
                RbStepState state, const char *date, const char *note, const char *recorded_by,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RbRecord) row
      = find_case_step (db, rb_record_get_uuid (case_record), step_id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (row == NULL)
    {
      row = rb_record_new (rb_schema_lookup_table ("case_steps"));
      rb_record_set_string (row, "case_uuid", rb_record_get_uuid (case_record));
      rb_record_set_string (row, "step_id", step_id);
    }
  rb_record_set_string (row, "route_code", rb_record_get_string (case_record, "route"));
  if (title != NULL)
    rb_record_set_string (row, "step_title", title);
  rb_record_set_string (row, "state", state == RB_STEP_DONE ? "done" : "not-applicable");
  rb_record_set_string (row, "on_date", date);
  rb_record_set_string (row, "note", note);
  rb_record_set_string (row, "recorded_by", recorded_by);
  return rb_store_save (db, row, error);
}

/**
 * rb_route_mark_step:
 * @db: an open database
 * @case_uuid: a case
 * @step_id: a step of its route
 * @state: %RB_STEP_DONE or %RB_STEP_NOT_APPLICABLE
 * @date: the day (YYYY-MM-DD)
 * @note: (nullable): the evidence; for not applicable, the reason (required)
 * @recorded_by: (nullable): who decided
 * @error: %RB_ERROR_INVALID for a missing reason or a step the route does not have
 *
 * Records by hand what the case's events do not show. Marking again replaces the mark.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_route_mark_step (RbDatabase *db, const char *case_uuid, const char *step_id, RbStepState state,
                    const char *date, const char *note, const char *recorded_by, GError **error)
{
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbRoute) route = NULL;
  const RbRouteStep *step;

  g_return_val_if_fail (state == RB_STEP_DONE || state == RB_STEP_NOT_APPLICABLE, FALSE);

  if (!rb_date_parse (date, NULL, error))
    return FALSE;
  if (state == RB_STEP_NOT_APPLICABLE && rb_str_is_blank (note))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A step that does not apply needs a reason"));
      return FALSE;
    }
  if ((case_record = rb_store_get (db, rb_schema_lookup_table ("cases"), case_uuid, error)) == NULL)
    return FALSE;
  route = rb_route_load_stored (db, rb_record_get_string (case_record, "route"), NULL);
  if (route == NULL)
    route = rb_route_load_stored (db, NULL, error);
  if (route == NULL)
    return FALSE;
  if ((step = rb_route_find_step (route, step_id)) == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("The route “%s” has no step “%s”"),
                   route->name, step_id);
      return FALSE;
    }
  return save_case_step (db, case_record, step_id, step->title, state, date, note, recorded_by,
                         error);
}

/**
 * rb_route_unmark_step:
 * @db: an open database
 * @case_uuid: a case
 * @step_id: a step marked by hand
 * @error: %RB_ERROR_NOT_FOUND when it was not marked
 *
 * Returns: %TRUE when the mark is gone and the step's state follows the case again.
 */
gboolean
rb_route_unmark_step (RbDatabase *db, const char *case_uuid, const char *step_id, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RbRecord) row = find_case_step (db, case_uuid, step_id, &local_error);

  if (row == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("Step “%s” was not marked"), step_id);
      return FALSE;
    }
  return rb_store_delete (db, row, error);
}

/**
 * rb_route_set_case_route:
 * @db: an open database
 * @case_record: a stored case
 * @code: the code of one of the SWV's routes
 * @date: the day of the change (YYYY-MM-DD), for the logbook
 * @author: who changed it, for the logbook
 * @error: %RB_ERROR_NOT_FOUND for an unknown route
 *
 * Makes the case follow another route and logs the change, in one transaction.
 *
 * Returns: %TRUE on success; on failure @case_record is unchanged.
 */
gboolean
rb_route_set_case_route (RbDatabase *db, RbRecord *case_record, const char *code, const char *date,
                         const char *author, GError **error)
{
  g_autoptr(RbRoute) route = NULL;
  g_autoptr(RbRoute) old_route = NULL;
  g_autoptr(RbRecord) updated = NULL;
  g_autoptr(RbRecord) entry = NULL;
  g_autofree char *body = NULL;

  if (!rb_date_parse (date, NULL, error)
      || (route = rb_route_load_stored (db, code, error)) == NULL)
    return FALSE;
  old_route = rb_route_load_stored (db, rb_record_get_string (case_record, "route"), NULL);
  body = old_route != NULL ? g_strdup_printf (_("From “%s” to “%s”"), old_route->name, route->name)
                           : g_strdup_printf (_("To “%s”"), route->name);
  updated = rb_record_copy (case_record);
  rb_record_set_string (updated, "route", code);
  entry = rb_record_new (rb_schema_lookup_table ("log_entries"));
  rb_record_set_string (entry, "case_uuid", rb_record_get_uuid (case_record));
  rb_record_set_string (entry, "entry_date", date);
  rb_record_set_string (entry, "author", author);
  rb_record_set_string (entry, "action", _("Route changed"));
  rb_record_set_string (entry, "body", body);

  if (!rb_database_begin (db, error))
    return FALSE;
  if (!rb_store_save (db, updated, error) || !rb_store_save (db, entry, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  if (!rb_database_commit (db, error))
    return FALSE;
  rb_record_set_string (case_record, "route", code);
  rb_record_set_stamps (case_record, rb_record_get_created_at (updated),
                        rb_record_get_modified_at (updated), rb_record_get_replica (updated),
                        FALSE);
  return TRUE;
}

/* Steps leaving the route become marks of the cases that did them, so their history stays. */
static gboolean
keep_removed_history (RbDatabase *db, RbRoute *old_route, RbRoute *route, GError **error)
{
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbRouteRun) run = NULL;
  GHashTableIter iter;
  CaseInfo *info;
  GDate today;
  gboolean any_removed = FALSE;

  for (guint i = 0; i < old_route->steps->len; i++)
    any_removed = any_removed
                  || rb_route_find_step (
                         route, ((RbRouteStep *)g_ptr_array_index (old_route->steps, i))->id)
                         == NULL;
  if (!any_removed)
    return TRUE;
  rb_database_get_today (db, &today);
  if ((calendar = rb_calendar_new_from_database (db, error)) == NULL
      || (run = rb_route_run_new (db, calendar, &today, error)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, run->cases);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&info))
    {
      g_autoptr(RbChecklist) checklist = NULL;
      g_autoptr(RbRecord) case_record = NULL;
      RbRoute *followed = route_of_case (run, info, NULL);

      if (followed == NULL || g_strcmp0 (followed->code, old_route->code) != 0)
        continue;
      if ((checklist = compute_with_route (run, info, old_route, NULL, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < checklist->items->len; i++)
        {
          const RbStepItem *item = g_ptr_array_index (checklist->items, i);
          g_autofree char *day = NULL;

          if (item->state != RB_STEP_DONE || item->manual || item->removed
              || rb_route_find_step (route, item->step_id) != NULL)
            continue;
          if (case_record == NULL
              && (case_record
                  = rb_store_get (db, rb_schema_lookup_table ("cases"), info->uuid, error))
                     == NULL)
            return FALSE;
          day = rb_date_format (&item->done);
          if (!save_case_step (db, case_record, item->step_id, item->title, RB_STEP_DONE, day,
                               item->evidence, NULL, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
save_route_record (RbDatabase *db, RbRoute *route, gboolean is_default, GError **error)
{
  g_autoptr(GPtrArray) records = rb_store_list_all (db, rb_schema_lookup_table ("routes"), error);
  g_autoptr(RbRecord) record = NULL;
  g_autofree char *data = rb_route_to_data (route);

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *other = g_ptr_array_index (records, i);

      if (g_strcmp0 (rb_record_get_string (other, "code"), route->code) == 0)
        record = g_object_ref (other);
      else if (is_default && rb_record_get_boolean (other, "is_default"))
        {
          rb_record_set_boolean (other, "is_default", FALSE);
          if (!rb_store_save (db, other, error))
            return FALSE;
        }
    }
  if (record == NULL)
    {
      record = rb_record_new (rb_schema_lookup_table ("routes"));
      rb_record_set_string (record, "code", route->code);
      rb_record_set_boolean (record, "is_default", FALSE);
    }
  rb_record_set_string (record, "name", route->name);
  rb_record_set_int (record, "format", RB_ROUTE_FORMAT);
  rb_record_set_string (record, "definition", data);
  if (is_default)
    rb_record_set_boolean (record, "is_default", TRUE);
  return rb_store_save (db, record, error);
}

/**
 * rb_route_save:
 * @db: an open database
 * @route: a valid route (new, or a new version of a stored one with the same code)
 * @is_default: whether new cases follow it from now on
 * @error: return location for an error
 *
 * Stores @route. Open cases see its new steps at once; a step that is no longer in it
 * stays in the checklist of every case that did it, as a mark by hand. All in one
 * transaction: on failure nothing changed.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_route_save (RbDatabase *db, RbRoute *route, gboolean is_default, GError **error)
{
  g_autoptr(RbRoute) old_route = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!rb_database_begin (db, error))
    return FALSE;
  old_route = rb_route_load_stored (db, route->code, &local_error);
  if (old_route == NULL && !g_error_matches (local_error, RB_ERROR, RB_ERROR_NOT_FOUND))
    {
      rb_database_rollback (db);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if ((old_route != NULL && !keep_removed_history (db, old_route, route, error))
      || !save_route_record (db, route, is_default, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  return rb_database_commit (db, error);
}
