/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-caseload"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-capacity.h"
#include "rb-caseload.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-milestones.h"
#include "rb-store.h"

/**
 * RbCaseload:
 *
 * The figures of every case of one database as the dashboard shows them, computed in a
 * few passes: one query for the cases with their pupils and schools, one over all
 * absence records for the signals, one per table for the deadlines. A single case is
 * recomputed after it was edited, so that returning from a case file never rereads the
 * whole caseload.
 *
 * The summaries can come first and their figures (signals, deadlines, needs action)
 * after, in steps (rb_caseload_new_deferred(), rb_caseload_compute_figures()), so that
 * a large caseload is on screen before its figures are.
 *
 * "Active" signals are those of the current school year: older ones are history, which
 * the case file still shows.
 */

/* Per step of computing the figures, each a few milliseconds: the last logbook day of
 * this many cases, or this many absence records. */
#define LOG_STEP_CASES 2000
#define READ_STEP_RECORDS 10000

/* Where the computation of the figures of all cases stands. */
typedef enum
{
  STAGE_READ_LOGS,
  STAGE_READ_SIGNALS,
  STAGE_SIGNALS,
  STAGE_READ_DEADLINES,
  STAGE_DEADLINES,
} Stage;

typedef struct
{
  Stage stage;
  GArray *dates;
  GStringChunk *strings;
  GHashTable *logs;
  /* The last case whose logbook day is read. */
  char *logs_after;
  GHashTable *signals;
  RbSignalsRun *signals_run;
  RbMilestonesRun *milestones_run;
  guint next;
} Figures;

struct _RbCaseload
{
  GObject parent_instance;

  RbDatabase *db;
  RbCalendar *calendar;
  RbSignals *signals;
  GDate today;
  GDate year_start;
  GPtrArray *summaries;
  GHashTable *by_case;
  Figures *figures;
};

G_DEFINE_FINAL_TYPE (RbCaseload, rb_caseload, G_TYPE_OBJECT)

/**
 * rb_case_summary_copy:
 * @summary: a summary
 *
 * Returns: (transfer full): a copy that shares the (unchanging) signals of @summary.
 */
RbCaseSummary *
rb_case_summary_copy (const RbCaseSummary *summary)
{
  RbCaseSummary *copy = g_new0 (RbCaseSummary, 1);

  *copy = *summary;
  copy->case_uuid = g_strdup (summary->case_uuid);
  copy->pupil_uuid = g_strdup (summary->pupil_uuid);
  copy->pupil_name = g_strdup (summary->pupil_name);
  copy->search_key = g_strdup (summary->search_key);
  copy->school_uuid = g_strdup (summary->school_uuid);
  copy->school_name = g_strdup (summary->school_name);
  copy->status = g_strdup (summary->status);
  copy->regisseur = g_strdup (summary->regisseur);
  copy->opened_on = g_strdup (summary->opened_on);
  copy->since = g_strdup (summary->since);
  copy->signals = g_ptr_array_ref (summary->signals);
  copy->next_title = g_strdup (summary->next_title);
  return copy;
}

void
rb_case_summary_free (RbCaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->case_uuid);
  g_free (summary->pupil_uuid);
  g_free (summary->pupil_name);
  g_free (summary->search_key);
  g_free (summary->school_uuid);
  g_free (summary->school_name);
  g_free (summary->status);
  g_free (summary->regisseur);
  g_free (summary->opened_on);
  g_free (summary->since);
  g_clear_pointer (&summary->signals, g_ptr_array_unref);
  g_free (summary->next_title);
  g_free (summary);
}

void
rb_location_use_free (RbLocationUse *use)
{
  if (use == NULL)
    return;
  g_free (use->location_uuid);
  g_free (use->name);
  g_free (use);
}

/**
 * rb_caseload_fold_for_search:
 * @text: (nullable): a name or a search text
 *
 * Returns: (transfer full): @text in lower case without accents, so that "sukru" finds
 *   "Şükrü"; the same folding is applied to both sides of a search.
 */
char *
rb_caseload_fold_for_search (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL)
    return g_strdup ("");
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}

static GPtrArray *
new_signal_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rb_signal_free);
}

/* Keeps the signals of the current school year. */
static GPtrArray *
active_signals (RbCaseload *self, GPtrArray *signals)
{
  GPtrArray *active = new_signal_array ();

  for (guint i = 0; signals != NULL && i < signals->len; i++)
    {
      RbSignal *signal = g_ptr_array_index (signals, i);

      if (g_date_valid (&signal->first_fired)
          && g_date_compare (&signal->first_fired, &self->year_start) >= 0
          && g_date_compare (&signal->first_fired, &self->today) <= 0)
        g_ptr_array_add (active, rb_signal_copy (signal));
    }
  return active;
}

typedef struct
{
  RbCaseload *self;
  GHashTable *by_pupil;
} SignalsContext;

static void
on_pupil_signals_cb (const char   *pupil_uuid,
                     GPtrArray    *signals,
                     const GError *error,
                     gpointer      user_data)
{
  SignalsContext *ctx = user_data;

  /* A pupil whose calendar year is missing gets no dashboard signal; the case file
   * explains why when opened. */
  if (signals != NULL && signals->len > 0)
    g_hash_table_insert (ctx->by_pupil, g_strdup (pupil_uuid), active_signals (ctx->self, signals));
}

static int
days_from (const char *iso, const GDate *today)
{
  GDate date;

  if (iso == NULL || !rb_date_parse (iso, &date, NULL))
    return -1;
  return g_date_days_between (&date, today);
}

#define LOG_DAYS "SELECT case_uuid, MAX(entry_date) FROM log_entries WHERE deleted = 0 "

/* The last logbook day per case, to tell signals nobody has acted on yet: of the case
 * @case_uuid, or else of the next LOG_STEP_CASES cases after @after by UUID, added to
 * @days. Returns how many were read, the last in @last (if not %NULL); -1 with @error
 * set. */
static gint64
read_log_days (RbDatabase  *db,
               const char  *case_uuid,
               const char  *after,
               GHashTable  *days,
               const char **last,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  stmt = rb_database_prepare (db, case_uuid != NULL
                              ? LOG_DAYS "AND case_uuid = ?1 GROUP BY case_uuid"
                              : LOG_DAYS "AND case_uuid > ?1 GROUP BY case_uuid ORDER BY case_uuid "
                                "LIMIT " G_STRINGIFY (LOG_STEP_CASES),
                              error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, case_uuid != NULL ? case_uuid : after, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

      g_hash_table_insert (days, key, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (last != NULL)
        *last = key;
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return -1;
    }
  return n;
}

static GHashTable *
new_log_days (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/*
 * The columns a summary needs of a case, its pupil and the pupil's school, read with
 * plain SQL: whole records of every case, pupil and school cost more than the figures.
 * The caseload joins live pupils and schools only; one case refreshed after an edit
 * finds them also as tombstones, as rb_store_get() does.
 */
#define CASE_COLUMNS "SELECT c.uuid, c.pupil_uuid, p.uuid IS NOT NULL, p.first_name, p.last_name, " \
                     "p.enrolled, s.uuid, s.name, c.status, c.regisseur_swv, c.opened_on, " \
                     "c.threatened_since, c.thuiszitter_since, c.closed_on, c.deleted FROM cases c "
#define ALL_CASES CASE_COLUMNS \
  "LEFT JOIN pupils p ON p.uuid = c.pupil_uuid AND p.deleted = 0 " \
  "LEFT JOIN schools s ON s.uuid = p.school_uuid AND s.deleted = 0 " \
  "WHERE c.deleted = 0 ORDER BY c.created_at, c.uuid"
#define ONE_CASE CASE_COLUMNS \
  "LEFT JOIN pupils p ON p.uuid = c.pupil_uuid " \
  "LEFT JOIN schools s ON s.uuid = p.school_uuid WHERE c.uuid = ?1"

enum
{
  COL_UUID,
  COL_PUPIL_UUID,
  COL_HAS_PUPIL,
  COL_FIRST_NAME,
  COL_LAST_NAME,
  COL_ENROLLED,
  COL_SCHOOL_UUID,
  COL_SCHOOL_NAME,
  COL_STATUS,
  COL_REGISSEUR,
  COL_OPENED_ON,
  COL_THREATENED_SINCE,
  COL_THUISZITTER_SINCE,
  COL_CLOSED_ON,
  COL_DELETED,
};

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The summary of the case in @stmt's row without its figures (signals and deadlines). */
static RbCaseSummary *
summary_from_row (RbCaseload *self, sqlite3_stmt *stmt)
{
  RbCaseSummary *summary = g_new0 (RbCaseSummary, 1);
  gboolean has_pupil = sqlite3_column_int (stmt, COL_HAS_PUPIL) != 0;
  const char *since;

  summary->case_uuid = g_strdup (column_text (stmt, COL_UUID));
  summary->pupil_uuid = g_strdup (column_text (stmt, COL_PUPIL_UUID));
  if (has_pupil)
    summary->pupil_name = g_strdup_printf ("%s %s", column_text (stmt, COL_FIRST_NAME),
                                           column_text (stmt, COL_LAST_NAME));
  else
    summary->pupil_name = g_strdup (_("Unknown pupil"));
  summary->search_key = rb_caseload_fold_for_search (summary->pupil_name);
  if (sqlite3_column_type (stmt, COL_SCHOOL_UUID) != SQLITE_NULL)
    {
      summary->school_uuid = g_strdup (column_text (stmt, COL_SCHOOL_UUID));
      summary->school_name = g_strdup (column_text (stmt, COL_SCHOOL_NAME));
    }
  else if (has_pupil && sqlite3_column_type (stmt, COL_ENROLLED) != SQLITE_NULL
           && sqlite3_column_int (stmt, COL_ENROLLED) == 0)
    /* Absolute absence: the pupil has no school at all, which is worth saying. */
    summary->school_name = g_strdup (_("Not enrolled"));
  else
    summary->school_name = g_strdup ("");
  summary->status = g_strdup (column_text (stmt, COL_STATUS));
  summary->regisseur = g_strdup (column_text (stmt, COL_REGISSEUR));
  if (summary->regisseur == NULL)
    summary->regisseur = g_strdup ("");
  summary->opened_on = g_strdup (column_text (stmt, COL_OPENED_ON));

  since = column_text (stmt, COL_THUISZITTER_SINCE);
  if (since == NULL)
    since = column_text (stmt, COL_THREATENED_SINCE);
  summary->since = g_strdup (since);
  summary->days_since = g_strcmp0 (summary->status, "afgesloten") == 0
                        ? -1 : days_from (since, &self->today);
  summary->signals = new_signal_array ();
  g_date_clear (&summary->next_due, 1);
  return summary;
}

/* The dates of the case in @stmt's row, copied into @strings. */
static void
dates_from_row (sqlite3_stmt *stmt, GStringChunk *strings, RbCaseDates *dates)
{
  const char *texts[] = {
    column_text (stmt, COL_UUID), column_text (stmt, COL_OPENED_ON),
    column_text (stmt, COL_THREATENED_SINCE), column_text (stmt, COL_THUISZITTER_SINCE),
    column_text (stmt, COL_CLOSED_ON),
  };
  const char **copies[] = {
    &dates->uuid, &dates->opened_on, &dates->threatened_since, &dates->thuiszitter_since,
    &dates->closed_on,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    *copies[i] = texts[i] != NULL ? g_string_chunk_insert (strings, texts[i]) : NULL;
}

static void
add_deadlines (RbCaseSummary *summary, GPtrArray *milestones)
{
  g_date_clear (&summary->next_due, 1);
  for (guint i = 0; i < milestones->len; i++)
    {
      RbMilestone *milestone = g_ptr_array_index (milestones, i);

      if (milestone->state == RB_MILESTONE_OVERDUE)
        summary->n_overdue++;
      /* Sorted by due day: the first open one is the next deadline. */
      if ((milestone->state == RB_MILESTONE_OVERDUE || milestone->state == RB_MILESTONE_DUE_SOON
           || milestone->state == RB_MILESTONE_UPCOMING)
          && !g_date_valid (&summary->next_due))
        {
          summary->next_due = milestone->due;
          summary->next_title = g_strdup (milestone->title);
        }
    }
}

/* Adds the signals, the deadlines and whether the case needs action. */
static void
add_figures (RbCaseload    *self,
             RbCaseSummary *summary,
             GPtrArray     *signals,
             const char    *last_log,
             GPtrArray     *milestones)
{
  if (signals != NULL)
    {
      g_ptr_array_unref (summary->signals);
      summary->signals = g_ptr_array_ref (signals);
    }
  add_deadlines (summary, milestones);
  summary->has_figures = TRUE;

  summary->needs_action = summary->n_overdue > 0
    || (g_date_valid (&summary->next_due)
        && g_date_days_between (&self->today, &summary->next_due) <= RB_MILESTONE_DUE_SOON_DAYS);
  if (!summary->needs_action && summary->signals->len > 0
      && g_strcmp0 (summary->status, "afgesloten") != 0)
    {
      RbSignal *newest = g_ptr_array_index (summary->signals, summary->signals->len - 1);
      g_autofree char *fired = rb_date_format (&newest->first_fired);

      summary->needs_action = last_log == NULL || g_strcmp0 (last_log, fired) < 0;
    }
}

static gboolean
set_up_rules (RbCaseload *self, GError **error)
{
  rb_database_get_today (self->db, &self->today);
  rb_calendar_get_school_year_span (rb_calendar_school_year_of (&self->today),
                                    &self->year_start, &(GDate) { 0 });

  g_clear_object (&self->signals);
  g_clear_object (&self->calendar);
  if ((self->calendar = rb_calendar_new_from_database (self->db, error)) == NULL)
    return FALSE;
  self->signals = rb_signals_new (self->db, self->calendar, error);
  return self->signals != NULL;
}

static void
add_summary (RbCaseload *self, RbCaseSummary *summary)
{
  g_ptr_array_add (self->summaries, summary);
  g_hash_table_insert (self->by_case, summary->case_uuid, summary);
}

static void
figures_free (Figures *figures)
{
  if (figures == NULL)
    return;
  g_array_unref (figures->dates);
  g_string_chunk_free (figures->strings);
  g_hash_table_unref (figures->logs);
  g_free (figures->logs_after);
  g_hash_table_unref (figures->signals);
  g_clear_pointer (&figures->signals_run, rb_signals_run_free);
  g_clear_pointer (&figures->milestones_run, rb_milestones_run_free);
  g_free (figures);
}

static Figures *
figures_new (void)
{
  Figures *figures = g_new0 (Figures, 1);

  figures->dates = g_array_new (FALSE, FALSE, sizeof (RbCaseDates));
  figures->strings = g_string_chunk_new (64 * 1024);
  figures->logs = new_log_days ();
  figures->logs_after = g_strdup ("");
  figures->signals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  return figures;
}

/* Reads every live case into a summary without figures, and the dates of each. */
static gboolean
load_all (RbCaseload *self, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (self->db, ALL_CASES, error);
  int rc;

  g_clear_pointer (&self->figures, figures_free);
  if (stmt == NULL)
    return FALSE;
  self->figures = figures_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RbCaseDates dates;

      add_summary (self, summary_from_row (self, stmt));
      dates_from_row (stmt, self->figures->strings, &dates);
      g_array_append_val (self->figures->dates, dates);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* The deadlines of the next @max_cases cases; those refreshed meanwhile have theirs. */
static gboolean
add_deadlines_step (RbCaseload *self, guint max_cases, GError **error)
{
  Figures *figures = self->figures;

  for (guint n = 0; n < max_cases && figures->next < figures->dates->len; n++, figures->next++)
    {
      const RbCaseDates *dates = &g_array_index (figures->dates, RbCaseDates, figures->next);
      RbCaseSummary *summary = g_hash_table_lookup (self->by_case, dates->uuid);
      g_autoptr(GPtrArray) milestones = NULL;

      if (summary == NULL || summary->has_figures)
        continue;
      if ((milestones = rb_milestones_run_compute (figures->milestones_run, dates, error)) == NULL)
        return FALSE;
      add_figures (self, summary, g_hash_table_lookup (figures->signals, summary->pupil_uuid),
                   g_hash_table_lookup (figures->logs, summary->case_uuid), milestones);
    }
  if (figures->next == figures->dates->len)
    g_clear_pointer (&self->figures, figures_free);
  return TRUE;
}

/**
 * rb_caseload_compute_figures:
 * @self: a caseload from rb_caseload_new_deferred()
 * @max_cases: how many pupils or cases to compute at most in this step
 * @error: return location for an error
 *
 * Takes the next step in computing the figures of all cases: reading a part of what
 * they are computed from (the last logbook days of a number of cases, a number of
 * absence records, or one of the tables the deadlines come from), or the signals or
 * deadlines of the next @max_cases pupils or cases. Every step takes a few milliseconds
 * at most for a large caseload (10,000 cases), besides @max_cases pupils or cases. Cases refreshed meanwhile with
 * rb_caseload_refresh_case() keep their own, newer figures.
 *
 * Returns: %TRUE on success; see rb_caseload_has_figures() for when it is done.
 */
gboolean
rb_caseload_compute_figures (RbCaseload *self, guint max_cases, GError **error)
{
  Figures *figures;
  SignalsContext signals_ctx;
  const char *last = NULL;
  gint64 n_logs;
  gboolean done;

  g_return_val_if_fail (RB_IS_CASELOAD (self), FALSE);

  if ((figures = self->figures) == NULL)
    return TRUE;
  switch (figures->stage)
    {
    case STAGE_READ_LOGS:
      n_logs = read_log_days (self->db, NULL, figures->logs_after, figures->logs, &last, error);
      if (n_logs < 0)
        return FALSE;
      if (last != NULL)
        {
          g_free (figures->logs_after);
          figures->logs_after = g_strdup (last);
        }
      if (n_logs < LOG_STEP_CASES)
        {
          figures->signals_run = rb_signals_run_new (self->signals, self->db, &self->today);
          figures->stage = STAGE_READ_SIGNALS;
        }
      return TRUE;

    case STAGE_READ_SIGNALS:
      if (!rb_signals_run_read (figures->signals_run, READ_STEP_RECORDS, &done, error))
        return FALSE;
      if (done)
        figures->stage = STAGE_SIGNALS;
      return TRUE;

    case STAGE_SIGNALS:
      signals_ctx = (SignalsContext) { self, figures->signals };
      if (!rb_signals_run_step (figures->signals_run, max_cases, on_pupil_signals_cb,
                                &signals_ctx))
        {
          g_clear_pointer (&figures->signals_run, rb_signals_run_free);
          figures->milestones_run = rb_milestones_run_new_in_steps (self->db, self->calendar,
                                                                    &self->today);
          figures->stage = STAGE_READ_DEADLINES;
        }
      return TRUE;

    case STAGE_READ_DEADLINES:
      if (!rb_milestones_run_read (figures->milestones_run, &done, error))
        return FALSE;
      if (done)
        figures->stage = STAGE_DEADLINES;
      return TRUE;

    case STAGE_DEADLINES:
      return add_deadlines_step (self, max_cases, error);
    }
  g_return_val_if_reached (FALSE);
}

/**
 * rb_caseload_has_figures:
 * @self: a caseload
 *
 * Returns: whether every summary has its signals, deadlines and needs-action.
 */
gboolean
rb_caseload_has_figures (RbCaseload *self)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), FALSE);
  return self->figures == NULL;
}

static gboolean
compute_all_figures (RbCaseload *self, GError **error)
{
  while (self->figures != NULL)
    if (!rb_caseload_compute_figures (self, G_MAXUINT, error))
      return FALSE;
  return TRUE;
}

static void
rb_caseload_finalize (GObject *object)
{
  RbCaseload *self = RB_CASELOAD (object);

  figures_free (self->figures);
  g_clear_object (&self->signals);
  g_clear_object (&self->calendar);
  g_clear_object (&self->db);
  g_hash_table_unref (self->by_case);
  g_ptr_array_unref (self->summaries);

  G_OBJECT_CLASS (rb_caseload_parent_class)->finalize (object);
}

static void
rb_caseload_class_init (RbCaseloadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_caseload_finalize;
}

static void
rb_caseload_init (RbCaseload *self)
{
  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_case_summary_free);
  self->by_case = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * rb_caseload_new_deferred:
 * @db: an open database
 * @error: return location for an error
 *
 * Reads the summary of every case of @db that is not deleted, for the database's today
 * (rb_database_dup_now()), without its figures: compute them with
 * rb_caseload_compute_figures().
 *
 * Returns: (transfer full): the caseload, or %NULL with @error set.
 */
RbCaseload *
rb_caseload_new_deferred (RbDatabase *db, GError **error)
{
  g_autoptr(RbCaseload) self = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_CASELOAD, NULL);
  self->db = g_object_ref (db);
  if (!set_up_rules (self, error) || !load_all (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * rb_caseload_new:
 * @db: an open database
 * @error: return location for an error
 *
 * Computes the summary of every case of @db that is not deleted, with its figures, for
 * the database's today (rb_database_dup_now()).
 *
 * Returns: (transfer full): the caseload, or %NULL with @error set.
 */
RbCaseload *
rb_caseload_new (RbDatabase *db, GError **error)
{
  g_autoptr(RbCaseload) self = rb_caseload_new_deferred (db, error);

  if (self == NULL || !compute_all_figures (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

const GDate *
rb_caseload_get_today (RbCaseload *self)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  return &self->today;
}

RbCalendar *
rb_caseload_get_calendar (RbCaseload *self)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  return self->calendar;
}

/**
 * rb_caseload_get_summaries:
 * @self: a caseload
 *
 * Returns: (transfer none) (element-type RbCaseSummary): the summaries, in a stable order.
 */
GPtrArray *
rb_caseload_get_summaries (RbCaseload *self)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  return self->summaries;
}

RbCaseSummary *
rb_caseload_lookup (RbCaseload *self, const char *case_uuid)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  return g_hash_table_lookup (self->by_case, case_uuid);
}

/**
 * rb_caseload_refresh_case:
 * @self: a caseload
 * @case_uuid: a case that was added, changed or deleted
 * @error: return location for an error
 *
 * Recomputes one case after an edit.
 *
 * Returns: (transfer none) (nullable): its new summary, or %NULL when the case is deleted
 *   (or on error, with @error set).
 */
RbCaseSummary *
rb_caseload_refresh_case (RbCaseload *self, const char *case_uuid, GError **error)
{
  RbCaseSummary *summary;
  g_autoptr(GHashTable) logs = NULL;
  g_autoptr(GPtrArray) all_signals = NULL;
  g_autoptr(GPtrArray) signals = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  GStringChunk *strings;
  RbCaseSummary *old;
  RbCaseDates dates;
  sqlite3_stmt *stmt;
  guint index;
  int rc;

  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);

  old = g_hash_table_lookup (self->by_case, case_uuid);
  if ((stmt = rb_database_prepare (self->db, ONE_CASE, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, case_uuid, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rb_database_set_error (self->db, rc, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  if (rc == SQLITE_DONE || sqlite3_column_int (stmt, COL_DELETED) != 0)
    {
      sqlite3_reset (stmt);
      if (old != NULL)
        {
          g_hash_table_remove (self->by_case, case_uuid);
          g_ptr_array_remove (self->summaries, old);
        }
      return NULL;
    }
  summary = summary_from_row (self, stmt);
  strings = g_string_chunk_new (256);
  dates_from_row (stmt, strings, &dates);
  sqlite3_reset (stmt);

  logs = new_log_days ();
  if (read_log_days (self->db, case_uuid, NULL, logs, NULL, error) >= 0)
    milestones = rb_milestones_for_case_dates (self->db, self->calendar, &dates, &self->today,
                                               error);
  g_string_chunk_free (strings);
  if (milestones == NULL)
    {
      rb_case_summary_free (summary);
      return NULL;
    }
  all_signals = rb_signals_evaluate_pupil (self->signals, self->db, summary->pupil_uuid,
                                           &self->today, NULL);
  signals = active_signals (self, all_signals);
  add_figures (self, summary, signals, g_hash_table_lookup (logs, case_uuid), milestones);

  if (old != NULL && g_ptr_array_find (self->summaries, old, &index))
    {
      g_hash_table_remove (self->by_case, case_uuid);
      rb_case_summary_free (self->summaries->pdata[index]);
      self->summaries->pdata[index] = summary;
      g_hash_table_insert (self->by_case, summary->case_uuid, summary);
    }
  else
    add_summary (self, summary);
  return summary;
}

/**
 * rb_caseload_reload_rules:
 * @self: a caseload
 * @error: return location for an error
 *
 * Rereads the calendar and the signal criteria (after they were edited) and recomputes
 * every case with them.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_caseload_reload_rules (RbCaseload *self, GError **error)
{
  g_return_val_if_fail (RB_IS_CASELOAD (self), FALSE);

  g_hash_table_remove_all (self->by_case);
  g_ptr_array_set_size (self->summaries, 0);
  return set_up_rules (self, error) && load_all (self, error) && compute_all_figures (self, error);
}

/**
 * rb_caseload_count_status:
 * @self: a caseload
 * @status: a status code
 *
 * Returns: how many cases have @status.
 */
guint
rb_caseload_count_status (RbCaseload *self, const char *status)
{
  guint n = 0;

  g_return_val_if_fail (RB_IS_CASELOAD (self), 0);

  for (guint i = 0; i < self->summaries->len; i++)
    if (g_strcmp0 (((RbCaseSummary *) g_ptr_array_index (self->summaries, i))->status, status)
        == 0)
      n++;
  return n;
}

/**
 * rb_caseload_count_overdue:
 * @self: a caseload
 *
 * Returns: the overdue deadlines of all cases together.
 */
guint
rb_caseload_count_overdue (RbCaseload *self)
{
  guint n = 0;

  g_return_val_if_fail (RB_IS_CASELOAD (self), 0);

  for (guint i = 0; i < self->summaries->len; i++)
    n += ((RbCaseSummary *) g_ptr_array_index (self->summaries, i))->n_overdue;
  return n;
}

/**
 * rb_caseload_list_locations:
 * @self: a caseload
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbLocationUse): every bridge location with its
 *   pupils today against its capacity, by name.
 */
GPtrArray *
rb_caseload_list_locations (RbCaseload *self, GError **error)
{
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(GPtrArray) uses = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_location_use_free);

  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);

  locations = rb_store_list (self->db, rb_schema_lookup_table ("bridge_locations"), NULL, NULL,
                             error);
  if (locations == NULL)
    return NULL;
  for (guint i = 0; i < locations->len; i++)
    {
      RbRecord *location = g_ptr_array_index (locations, i);
      RbLocationUse *use = g_new0 (RbLocationUse, 1);

      use->location_uuid = g_strdup (rb_record_get_uuid (location));
      use->name = g_strdup (rb_record_get_string (location, "name"));
      g_ptr_array_add (uses, use);
      if (!rb_capacity_get_occupancy (self->db, self->calendar, use->location_uuid, &self->today,
                                      &use->occupied, &use->capacity, error))
        return NULL;
    }
  return g_steal_pointer (&uses);
}
