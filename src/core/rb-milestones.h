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
 * RbMilestonesFunc:
 * @case_record: a case
 * @milestones: (element-type RbMilestone): its milestones by due day
 * @user_data: data given to rb_milestones_for_cases()
 */
typedef void (*RbMilestonesFunc) (RbRecord  *case_record,
                                  GPtrArray *milestones,
                                  gpointer   user_data);

const char  *rb_milestone_state_to_string (RbMilestoneState   state);
const char  *rb_milestone_state_label     (RbMilestoneState   state);

GPtrArray   *rb_milestones_for_case       (RbDatabase        *db,
                                           RbCalendar        *calendar,
                                           RbRecord          *case_record,
                                           const GDate       *today,
                                           GError           **error);
gboolean     rb_milestones_for_cases      (RbDatabase        *db,
                                           RbCalendar        *calendar,
                                           GPtrArray         *cases,
                                           const GDate       *today,
                                           RbMilestonesFunc   func,
                                           gpointer           user_data,
                                           GError           **error);

G_END_DECLS
