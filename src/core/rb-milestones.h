/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-record.h"

G_BEGIN_DECLS

/**
 * RbMilestoneState:
 * @RB_MILESTONE_UPCOMING: due later than %RB_MILESTONE_DUE_SOON_DAYS from today
 * @RB_MILESTONE_DUE_SOON: due today or within %RB_MILESTONE_DUE_SOON_DAYS
 * @RB_MILESTONE_OVERDUE: past its due day and not done
 * @RB_MILESTONE_DONE: done
 * @RB_MILESTONE_UNKNOWN: its due day cannot be computed (see @problem)
 */
typedef enum
{
  RB_MILESTONE_UPCOMING,
  RB_MILESTONE_DUE_SOON,
  RB_MILESTONE_OVERDUE,
  RB_MILESTONE_DONE,
  RB_MILESTONE_UNKNOWN,
} RbMilestoneState;

/* "Due soon" is the coming week, so a weekly look at the dashboard never misses one. */
#define RB_MILESTONE_DUE_SOON_DAYS 7

/**
 * RbMilestone:
 * @code: what kind of milestone, e.g. "bridge-evaluation"
 * @title: what to do, as a translated sentence
 * @source: the routeboek rule it comes from
 * @record_uuid: the case, placement, meeting or agreement it belongs to
 * @from: the day it is counted from
 * @due: the day it is due; invalid when unknown
 * @done: the day it was done; invalid when not done or when the day is not known
 * @state: its state relative to the day asked for
 * @problem: (nullable): why @due is unknown
 *
 * One deadline of a case's route.
 */
typedef struct
{
  char *code;
  char *title;
  char *source;
  char *record_uuid;
  GDate from;
  GDate due;
  GDate done;
  RbMilestoneState state;
  char *problem;
} RbMilestone;

#define RB_TYPE_MILESTONE (rb_milestone_get_type ())

GType        rb_milestone_get_type        (void) G_GNUC_CONST;
RbMilestone *rb_milestone_copy            (const RbMilestone *milestone);
void         rb_milestone_free            (RbMilestone       *milestone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbMilestone, rb_milestone_free)

/**
 * RbCaseDates:
 * @uuid: a case
 * @opened_on: (nullable): its ISO dates as stored
 * @threatened_since: (nullable):
 * @thuiszitter_since: (nullable):
 * @closed_on: (nullable):
 *
 * The columns of a case that its deadlines count from, so that a whole caseload is
 * computed without reading every case as a record.
 */
typedef struct
{
  const char *uuid;
  const char *opened_on;
  const char *threatened_since;
  const char *thuiszitter_since;
  const char *closed_on;
} RbCaseDates;

typedef struct _RbMilestonesRun RbMilestonesRun;

const char  *rb_milestone_state_to_string (RbMilestoneState   state);
const char  *rb_milestone_state_label     (RbMilestoneState   state);

GPtrArray   *rb_milestones_for_case       (RbDatabase        *db,
                                           RbCalendar        *calendar,
                                           RbRecord          *case_record,
                                           const GDate       *today,
                                           GError           **error);
GPtrArray   *rb_milestones_for_case_dates (RbDatabase        *db,
                                           RbCalendar        *calendar,
                                           const RbCaseDates *dates,
                                           const GDate       *today,
                                           GError           **error);

RbMilestonesRun *rb_milestones_run_new     (RbDatabase        *db,
                                            RbCalendar        *calendar,
                                            const GDate       *today,
                                            GError           **error);
RbMilestonesRun *rb_milestones_run_new_in_steps (RbDatabase   *db,
                                                 RbCalendar   *calendar,
                                                 const GDate  *today);
gboolean     rb_milestones_run_read       (RbMilestonesRun   *run,
                                           gboolean          *done,
                                           GError           **error);
GPtrArray   *rb_milestones_run_compute    (RbMilestonesRun   *run,
                                           const RbCaseDates *dates,
                                           GError           **error);
void         rb_milestones_run_free       (RbMilestonesRun   *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbMilestonesRun, rb_milestones_run_free)

G_END_DECLS
