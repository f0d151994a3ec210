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
 * few passes: one read per table, all signals in one query (rb_signals_evaluate_all()),
 * the deadlines of the open cases. A single case is recomputed after it was edited, so
 * that returning from a case file never rereads the whole caseload.
 *
 * "Active" signals are those of the current school year: older ones are history, which
 * the case file still shows.
 */

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

/* The last logbook day per case, to tell signals nobody has acted on yet. */
static GHashTable *
last_log_days (RbDatabase *db, const char *case_uuid, GError **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = rb_database_prepare (db, case_uuid == NULL
                              ? "SELECT case_uuid, MAX(entry_date) FROM log_entries "
                                "WHERE deleted = 0 GROUP BY case_uuid"
                              : "SELECT case_uuid, MAX(entry_date) FROM log_entries "
                                "WHERE deleted = 0 AND case_uuid = ?1 GROUP BY case_uuid",
                              error);
  if (stmt == NULL)
    return NULL;
  if (case_uuid != NULL)
    sqlite3_bind_text (stmt, 1, case_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (days, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&days);
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

static RbCaseSummary *
summarize (RbCaseload *self,
           RbRecord   *case_record,
           RbRecord   *pupil,
           RbRecord   *school,
           GPtrArray  *signals,
           const char *last_log,
           GPtrArray  *milestones)
{
  g_autoptr(RbCaseSummary) summary = g_new0 (RbCaseSummary, 1);
  const char *since;

  summary->case_uuid = g_strdup (rb_record_get_uuid (case_record));
  summary->pupil_uuid = g_strdup (rb_record_get_string (case_record, "pupil_uuid"));
  if (pupil != NULL)
    summary->pupil_name = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                                           rb_record_get_string (pupil, "last_name"));
  else
    summary->pupil_name = g_strdup (_("Unknown pupil"));
  summary->search_key = rb_caseload_fold_for_search (summary->pupil_name);
  if (school != NULL)
    {
      summary->school_uuid = g_strdup (rb_record_get_uuid (school));
      summary->school_name = g_strdup (rb_record_get_string (school, "name"));
    }
  else if (pupil != NULL && rb_record_is_set (pupil, "enrolled")
           && !rb_record_get_boolean (pupil, "enrolled"))
    /* Absolute absence: the pupil has no school at all, which is worth saying. */
    summary->school_name = g_strdup (_("Not enrolled"));
  else
    summary->school_name = g_strdup ("");
  summary->status = g_strdup (rb_record_get_string (case_record, "status"));
  summary->regisseur = g_strdup (rb_record_get_string (case_record, "regisseur_swv"));
  if (summary->regisseur == NULL)
    summary->regisseur = g_strdup ("");
  summary->opened_on = g_strdup (rb_record_get_string (case_record, "opened_on"));

  since = rb_record_get_string (case_record, "thuiszitter_since");
  if (since == NULL)
    since = rb_record_get_string (case_record, "threatened_since");
  summary->since = g_strdup (since);
  summary->days_since = g_strcmp0 (summary->status, "afgesloten") == 0
                        ? -1 : days_from (since, &self->today);

  summary->signals = signals != NULL ? g_ptr_array_ref (signals) : new_signal_array ();
  add_deadlines (summary, milestones);

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
  return g_steal_pointer (&summary);
}

static RbRecord *
lookup_school (GHashTable *schools, RbRecord *pupil)
{
  if (pupil == NULL || !rb_record_is_set (pupil, "school_uuid"))
    return NULL;
  return g_hash_table_lookup (schools, rb_record_get_string (pupil, "school_uuid"));
}

static gboolean
set_up_rules (RbCaseload *self, GError **error)
{
  g_autoptr(GDateTime) now = rb_database_dup_now (self->db);

  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
  rb_calendar_get_school_year_span (rb_calendar_school_year_of (&self->today),
                                    &self->year_start, &(GDate) { 0 });

  g_clear_object (&self->signals);
  g_clear_object (&self->calendar);
  if ((self->calendar = rb_calendar_new_from_database (self->db, error)) == NULL)
    return FALSE;
  self->signals = rb_signals_new (self->db, self->calendar, error);
  return self->signals != NULL;
}

typedef struct
{
  RbCaseload *self;
  GHashTable *pupils;
  GHashTable *schools;
  GHashTable *logs;
  GHashTable *signals;
} LoadContext;

static void
add_summary (RbCaseload *self, RbCaseSummary *summary)
{
  g_ptr_array_add (self->summaries, summary);
  g_hash_table_insert (self->by_case, summary->case_uuid, summary);
}

static void
on_case_milestones_cb (RbRecord *case_record, GPtrArray *milestones, gpointer user_data)
{
  LoadContext *ctx = user_data;
  const char *pupil_uuid = rb_record_get_string (case_record, "pupil_uuid");
  RbRecord *pupil = g_hash_table_lookup (ctx->pupils, pupil_uuid);

  add_summary (ctx->self,
               summarize (ctx->self, case_record, pupil, lookup_school (ctx->schools, pupil),
                          g_hash_table_lookup (ctx->signals, pupil_uuid),
                          g_hash_table_lookup (ctx->logs, rb_record_get_uuid (case_record)),
                          milestones));
}

static gboolean
load_all (RbCaseload *self, GError **error)
{
  g_autoptr(GHashTable) pupils = NULL;
  g_autoptr(GHashTable) schools = NULL;
  g_autoptr(GHashTable) logs = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) signals =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  SignalsContext signals_ctx = { self, signals };
  LoadContext ctx = { self, NULL, NULL, NULL, signals };

  if ((pupils = rb_store_index_by_uuid (self->db, "pupils", error)) == NULL
      || (schools = rb_store_index_by_uuid (self->db, "schools", error)) == NULL
      || (logs = last_log_days (self->db, NULL, error)) == NULL
      || (cases = rb_store_list (self->db, rb_schema_lookup_table ("cases"), NULL, NULL,
                                 error)) == NULL
      || !rb_signals_evaluate_all (self->signals, self->db, &self->today, on_pupil_signals_cb,
                                   &signals_ctx, error))
    return FALSE;

  ctx.pupils = pupils;
  ctx.schools = schools;
  ctx.logs = logs;
  return rb_milestones_for_cases (self->db, self->calendar, cases, &self->today,
                                  on_case_milestones_cb, &ctx, error);
}

static void
rb_caseload_finalize (GObject *object)
{
  RbCaseload *self = RB_CASELOAD (object);

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
 * rb_caseload_new:
 * @db: an open database
 * @error: return location for an error
 *
 * Computes the summary of every case of @db that is not deleted, for the database's
 * today (rb_database_dup_now()).
 *
 * Returns: (transfer full): the caseload, or %NULL with @error set.
 */
RbCaseload *
rb_caseload_new (RbDatabase *db, GError **error)
{
  g_autoptr(RbCaseload) self = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_CASELOAD, NULL);
  self->db = g_object_ref (db);
  if (!set_up_rules (self, error) || !load_all (self, error))
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
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) school = NULL;
  g_autoptr(GHashTable) logs = NULL;
  g_autoptr(GPtrArray) all_signals = NULL;
  g_autoptr(GPtrArray) signals = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  RbCaseSummary *old, *summary;
  const char *pupil_uuid;
  guint index;

  g_return_val_if_fail (RB_IS_CASELOAD (self), NULL);
  g_return_val_if_fail (case_uuid != NULL, NULL);

  old = g_hash_table_lookup (self->by_case, case_uuid);
  case_record = rb_store_get (self->db, rb_schema_lookup_table ("cases"), case_uuid, &local_error);
  if (case_record == NULL && !g_error_matches (local_error, RB_ERROR, RB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (case_record == NULL || rb_record_get_deleted (case_record))
    {
      if (old != NULL)
        {
          g_hash_table_remove (self->by_case, case_uuid);
          g_ptr_array_remove (self->summaries, old);
        }
      return NULL;
    }

  pupil_uuid = rb_record_get_string (case_record, "pupil_uuid");
  pupil = rb_store_get (self->db, rb_schema_lookup_table ("pupils"), pupil_uuid, NULL);
  if (pupil != NULL && rb_record_is_set (pupil, "school_uuid"))
    school = rb_store_get (self->db, rb_schema_lookup_table ("schools"),
                           rb_record_get_string (pupil, "school_uuid"), NULL);
  if ((logs = last_log_days (self->db, case_uuid, error)) == NULL)
    return NULL;
  milestones = rb_milestones_for_case (self->db, self->calendar, case_record, &self->today, error);
  if (milestones == NULL)
    return NULL;
  all_signals = rb_signals_evaluate_pupil (self->signals, self->db, pupil_uuid, &self->today, NULL);
  signals = active_signals (self, all_signals);
  summary = summarize (self, case_record, pupil, school, signals,
                       g_hash_table_lookup (logs, case_uuid), milestones);

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
  return set_up_rules (self, error) && load_all (self, error);
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
