/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rb-database.h"

G_BEGIN_DECLS

/* The JSON layout of a route this version reads and writes; newer files are refused. */
#define RB_ROUTE_FORMAT 1

/**
 * RbTriggerKind:
 * @RB_TRIGGER_CASE_CREATED: the day the case was opened
 * @RB_TRIGGER_STATUS: the first day the case reached a status (@trigger_arg)
 * @RB_TRIGGER_SIGNAL: the day a signal criterion (@trigger_arg, its code) first fired
 * @RB_TRIGGER_MEETING: the first meeting of a kind (@trigger_arg) was held
 * @RB_TRIGGER_MILESTONE: the due day of a milestone (@trigger_arg, e.g. "bridge-end")
 * @RB_TRIGGER_PLACEMENT: the first day of the case's bridge placement (at a location of
 *   the kind @trigger_arg, when given: "SBO", "KDC"...)
 * @RB_TRIGGER_STEP: another step of the route (@trigger_arg, its id) was done
 *
 * What starts a step: from that day on it is open and its deadline counts.
 */
typedef enum
{
  RB_TRIGGER_CASE_CREATED,
  RB_TRIGGER_STATUS,
  RB_TRIGGER_SIGNAL,
  RB_TRIGGER_MEETING,
  RB_TRIGGER_MILESTONE,
  RB_TRIGGER_PLACEMENT,
  RB_TRIGGER_STEP,
} RbTriggerKind;

/**
 * RbDeadlineUnit:
 * @RB_DEADLINE_NONE: no deadline: open until done
 * @RB_DEADLINE_WORKING_DAYS: werkdagen (Monday-Friday minus holidays)
 * @RB_DEADLINE_DAYS: calendar days
 * @RB_DEADLINE_WEEKS: calendar weeks
 * @RB_DEADLINE_SCHOOL_WEEKS: school weeks as the domain defines them
 */
typedef enum
{
  RB_DEADLINE_NONE,
  RB_DEADLINE_WORKING_DAYS,
  RB_DEADLINE_DAYS,
  RB_DEADLINE_WEEKS,
  RB_DEADLINE_SCHOOL_WEEKS,
} RbDeadlineUnit;

/**
 * RbDoneKind:
 * @RB_DONE_MANUAL: only when the regisseur marks it done
 * @RB_DONE_LOG: a logbook entry whose action starts with @done_arg (case-insensitive)
 * @RB_DONE_MEETING: a meeting of kind @done_arg was held
 * @RB_DONE_DOCUMENT: a document of kind @done_arg was exported
 * @RB_DONE_STATUS: the case reached status @done_arg
 *
 * What counts as done, on or after the day the step was triggered.
 */
typedef enum
{
  RB_DONE_MANUAL,
  RB_DONE_LOG,
  RB_DONE_MEETING,
  RB_DONE_DOCUMENT,
  RB_DONE_STATUS,
} RbDoneKind;

/**
 * RbRouteStep:
 * @id: unique in its route; what cases remember
 * @phase_id: the phase it belongs to
 * @title: short, as a checklist line
 * @description: what to do, in Dutch as the seed says it
 * @role: who does it (IB-er, regisseur SWV, mentor...)
 * @trigger: what opens it
 * @trigger_arg: (nullable): the status, criterion code, meeting kind, milestone or step
 * @unit: unit of the deadline
 * @count: the deadline is @count @unit after the trigger
 * @document: (nullable): the document kind the step produces
 * @done: what counts as done
 * @done_arg: (nullable): the log action, meeting kind, document kind or status
 * @source: the routeboek section it comes from
 */
typedef struct
{
  char *id;
  char *phase_id;
  char *title;
  char *description;
  char *role;
  RbTriggerKind trigger;
  char *trigger_arg;
  RbDeadlineUnit unit;
  guint count;
  char *document;
  RbDoneKind done;
  char *done_arg;
  char *source;
} RbRouteStep;

/**
 * RbRoutePhase:
 * @id: unique in its route
 * @title: as shown above its steps
 */
typedef struct
{
  char *id;
  char *title;
} RbRoutePhase;

/**
 * RbRoute:
 * @code: unique in a database; what cases.route holds
 * @name: what users call it
 * @school_type: (nullable): "PO", "VO" or %NULL for both
 * @source: the routeboek it was taken from
 * @phases: (element-type RbRoutePhase): in order
 * @steps: (element-type RbRouteStep): in order, phase after phase
 *
 * One SWV's route for a case: phases and steps. Always valid (see rb_route_new_from_json()).
 */
typedef struct
{
  char *code;
  char *name;
  char *school_type;
  char *source;
  GPtrArray *phases;
  GPtrArray *steps;
  /*< private >*/
  gint ref_count;
} RbRoute;

#define RB_TYPE_ROUTE (rb_route_get_type ())
GType               rb_route_get_type          (void) G_GNUC_CONST;
RbRoute            *rb_route_ref               (RbRoute      *route);
void                rb_route_unref             (RbRoute      *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbRoute, rb_route_unref)

RbRoute            *rb_route_new_from_json     (JsonNode     *root,
                                                GError      **error);
RbRoute            *rb_route_new_from_data     (const char   *data,
                                                gssize        length,
                                                GError      **error);
JsonNode           *rb_route_to_json           (RbRoute      *route);
char               *rb_route_to_data           (RbRoute      *route);
const RbRouteStep  *rb_route_find_step         (RbRoute      *route,
                                                const char   *id);
const RbRoutePhase *rb_route_find_phase        (RbRoute      *route,
                                                const char   *id);
char               *rb_route_describe_deadline (const RbRouteStep *step);
char               *rb_route_describe_version  (const char   *data,
                                                const char   *other);
char               *rb_route_describe_trigger  (RbRoute      *route,
                                                const RbRouteStep *step);

GStrv               rb_route_list_presets      (void);
RbRoute            *rb_route_load_preset       (const char   *code,
                                                GError      **error);

GPtrArray          *rb_route_list_stored       (RbDatabase   *db,
                                                GError      **error);
RbRoute            *rb_route_load_stored       (RbDatabase   *db,
                                                const char   *code,
                                                GError      **error);
char               *rb_route_dup_default_code  (RbDatabase   *db,
                                                GError      **error);
gboolean            rb_route_install_defaults  (RbDatabase   *db,
                                                GError      **error);

G_END_DECLS
