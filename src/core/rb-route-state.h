/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-record.h"
#include "rb-route.h"

G_BEGIN_DECLS

/**
 * RbStepState:
 * @RB_STEP_WAITING: its trigger has not happened yet
 * @RB_STEP_OPEN: triggered, not done, not past its due day
 * @RB_STEP_OVERDUE: triggered, not done, past its due day
 * @RB_STEP_DONE: done (see @done and @evidence)
 * @RB_STEP_NOT_APPLICABLE: not applicable (see @reason)
 */
typedef enum
{
  RB_STEP_WAITING,
  RB_STEP_OPEN,
  RB_STEP_OVERDUE,
  RB_STEP_DONE,
  RB_STEP_NOT_APPLICABLE,
} RbStepState;

/**
 * RbStepItem:
 * @step_id: the step
 * @title: its title
 * @phase_id: (nullable): its phase; %NULL for a step no longer in the route
 * @role: (nullable): who does it
 * @state: its state on the day asked for
 * @triggered: the day it opened; invalid while waiting
 * @due: its due day; invalid without a deadline or while waiting
 * @done: the day it was done or marked not applicable
 * @evidence: (nullable): what shows it was done (a meeting, a logbook entry, a note)
 * @reason: (nullable): why it is not applicable
 * @problem: (nullable): why @due could not be computed
 * @manual: marked by hand rather than derived from the case
 * @removed: no longer in the route, kept because the case did it
 *
 * One line of a case's checklist.
 */
typedef struct
{
  char *step_id;
  char *title;
  char *phase_id;
  char *role;
  RbStepState state;
  GDate triggered;
  GDate due;
  GDate done;
  char *evidence;
  char *reason;
  char *problem;
  gboolean manual;
  gboolean removed;
} RbStepItem;

/**
 * RbChecklist:
 * @case_uuid: the case
 * @route: the route it follows
 * @items: (element-type RbStepItem): the route's steps in order, then removed ones
 * @next: (nullable): the open step due first, or %NULL when none is open
 * @phase_id: (nullable): the phase the case is in
 */
typedef struct
{
  char *case_uuid;
  RbRoute *route;
  GPtrArray *items;
  const RbStepItem *next;
  char *phase_id;
} RbChecklist;

void         rb_checklist_free        (RbChecklist *checklist);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbChecklist, rb_checklist_free)
const RbStepItem *rb_checklist_find   (RbChecklist *checklist,
                                       const char  *step_id);
const char  *rb_step_state_to_string  (RbStepState  state);
const char  *rb_step_state_label      (RbStepState  state);

typedef struct _RbRouteRun RbRouteRun;

RbRouteRun  *rb_route_run_new         (RbDatabase  *db,
                                       RbCalendar  *calendar,
                                       const GDate *today,
                                       GError     **error);
RbChecklist *rb_route_run_compute     (RbRouteRun  *run,
                                       const char  *case_uuid,
                                       GPtrArray   *signals,
                                       GError     **error);
gboolean     rb_route_run_reload_case (RbRouteRun  *run,
                                       const char  *case_uuid,
                                       GError     **error);
void         rb_route_run_free        (RbRouteRun  *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbRouteRun, rb_route_run_free)

RbChecklist *rb_route_checklist_for_case (RbDatabase  *db,
                                          RbCalendar  *calendar,
                                          const char  *case_uuid,
                                          const GDate *today,
                                          GError     **error);

gboolean     rb_route_mark_step       (RbDatabase  *db,
                                       const char  *case_uuid,
                                       const char  *step_id,
                                       RbStepState  state,
                                       const char  *date,
                                       const char  *note,
                                       const char  *recorded_by,
                                       GError     **error);
gboolean     rb_route_unmark_step     (RbDatabase  *db,
                                       const char  *case_uuid,
                                       const char  *step_id,
                                       GError     **error);
gboolean     rb_route_set_case_route  (RbDatabase  *db,
                                       RbRecord    *case_record,
                                       const char  *code,
                                       const char  *date,
                                       const char  *author,
                                       GError     **error);
gboolean     rb_route_save            (RbDatabase  *db,
                                       RbRoute     *route,
                                       gboolean     is_default,
                                       GError     **error);

G_END_DECLS
