/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-database.h"
#include "rb-signals.h"

G_BEGIN_DECLS

/**
 * RbCaseSummary:
 * @case_uuid: the case
 * @pupil_uuid: its pupil
 * @pupil_name: first and last name
 * @search_key: @pupil_name folded by rb_caseload_fold_for_search()
 * @school_uuid: (nullable): the pupil's school
 * @school_name: its name; "Not enrolled" for absolute absence; else ""
 * @status: the case's status code
 * @regisseur: the SWV's regisseur, or ""
 * @opened_on: ISO date the case was opened
 * @since: (nullable): ISO date the pupil became a thuiszitter, else threatening one
 * @days_since: days from @since to today, or -1 without @since
 * @signals: (element-type RbSignal): the signals of the current school year, oldest first
 * @next_due: the first open deadline; invalid when there is none
 * @next_title: (nullable): what is due then
 * @n_overdue: deadlines past their day and not done
 * @needs_action: overdue, due within a week, or a signal newer than the last logbook entry
 * @has_figures: whether @signals, @next_due, @next_title, @n_overdue and @needs_action
 *   are computed yet (see rb_caseload_new_deferred())
 *
 * What the dashboard shows of one case.
 */
typedef struct
{
  char *case_uuid;
  char *pupil_uuid;
  char *pupil_name;
  char *search_key;
  char *school_uuid;
  char *school_name;
  char *status;
  char *regisseur;
  char *opened_on;
  char *since;
  int days_since;
  GPtrArray *signals;
  GDate next_due;
  char *next_title;
  guint n_overdue;
  gboolean needs_action;
  gboolean has_figures;
} RbCaseSummary;

/**
 * RbLocationUse:
 * @location_uuid: a bridge location
 * @name: its name
 * @occupied: bridge pupils placed there today
 * @capacity: how many it holds; %G_MAXUINT for no limit
 */
typedef struct
{
  char *location_uuid;
  char *name;
  guint occupied;
  guint capacity;
} RbLocationUse;

RbCaseSummary *rb_case_summary_copy (const RbCaseSummary *summary);
void           rb_case_summary_free (RbCaseSummary       *summary);
void           rb_location_use_free (RbLocationUse       *use);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbCaseSummary, rb_case_summary_free)

#define RB_TYPE_CASELOAD (rb_caseload_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseload, rb_caseload, RB, CASELOAD, GObject)

RbCaseload    *rb_caseload_new             (RbDatabase   *db,
                                            GError      **error);
RbCaseload    *rb_caseload_new_deferred    (RbDatabase   *db,
                                            GError      **error);
gboolean       rb_caseload_compute_figures (RbCaseload   *self,
                                            guint         max_cases,
                                            GError      **error);
gboolean       rb_caseload_has_figures     (RbCaseload   *self);
const GDate   *rb_caseload_get_today       (RbCaseload   *self);
RbCalendar    *rb_caseload_get_calendar    (RbCaseload   *self);
GPtrArray     *rb_caseload_get_summaries   (RbCaseload   *self);
RbCaseSummary *rb_caseload_lookup          (RbCaseload   *self,
                                            const char   *case_uuid);
RbCaseSummary *rb_caseload_refresh_case    (RbCaseload   *self,
                                            const char   *case_uuid,
                                            GError      **error);
gboolean       rb_caseload_reload_rules    (RbCaseload   *self,
                                            GError      **error);
guint          rb_caseload_count_status    (RbCaseload   *self,
                                            const char   *status);
guint          rb_caseload_count_overdue   (RbCaseload   *self);
GPtrArray     *rb_caseload_list_locations  (RbCaseload   *self,
                                            GError      **error);

char          *rb_caseload_fold_for_search (const char   *text);

G_END_DECLS
