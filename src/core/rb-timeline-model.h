/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-milestones.h"
#include "rb-record.h"

G_BEGIN_DECLS

/**
 * RbTimelineMarkKind:
 * @RB_TIMELINE_MARK_MILESTONE: a deadline of the rules engine, drawn as a line across the chart
 * @RB_TIMELINE_MARK_TARGET: the 3-month target, drawn as a heavier line
 * @RB_TIMELINE_MARK_MEETING: a meeting (diamond)
 * @RB_TIMELINE_MARK_AGREEMENT: an agreement at its due day (square, by state)
 * @RB_TIMELINE_MARK_SIGNAL: a verzuim signal on the day it fired (triangle)
 * @RB_TIMELINE_MARK_STATUS: a status change (flag on the phase band)
 */
typedef enum
{
  RB_TIMELINE_MARK_MILESTONE,
  RB_TIMELINE_MARK_TARGET,
  RB_TIMELINE_MARK_MEETING,
  RB_TIMELINE_MARK_AGREEMENT,
  RB_TIMELINE_MARK_SIGNAL,
  RB_TIMELINE_MARK_STATUS,
} RbTimelineMarkKind;

/**
 * RbTimelineMark:
 * @kind: what it is
 * @code: milestone code, meeting kind, criterion code or status
 * @label: the short text on the chart
 * @details: what a tooltip and a screen reader say about it
 * @record_uuid: (nullable): the record the case file opens for it
 * @date: its day
 * @state: for milestones and agreements, the rules engine's state
 */
typedef struct
{
  RbTimelineMarkKind kind;
  char *code;
  char *label;
  char *details;
  char *record_uuid;
  GDate date;
  RbMilestoneState state;
} RbTimelineMark;

/**
 * RbTimelinePhase:
 * @status: a case status code (rb_case_statuses)
 * @first: its first day
 * @last: its last day (the day before the next status, or the end of the timeline)
 * @record_uuid: (nullable): the status change that started it
 */
typedef struct
{
  char *status;
  GDate first;
  GDate last;
  char *record_uuid;
} RbTimelinePhase;

typedef enum
{
  RB_TIMELINE_SICK,
  RB_TIMELINE_AUTHORIZED,
  RB_TIMELINE_UNAUTHORIZED,
  RB_TIMELINE_N_ABSENCE_KINDS,
} RbTimelineAbsenceKind;

/**
 * RbTimelineWeek:
 * @monday: the Monday the week starts on
 * @hours: hours absent that week by #RbTimelineAbsenceKind
 *
 * Absence in one calendar week; only weeks with absence are listed.
 */
typedef struct
{
  GDate monday;
  double hours[RB_TIMELINE_N_ABSENCE_KINDS];
} RbTimelineWeek;

/**
 * RbTimelineLate:
 * @date: a day the pupil came late
 * @count: how many times
 */
typedef struct
{
  GDate date;
  guint count;
} RbTimelineLate;

/**
 * RbTimelineDaysOff:
 * @first: first weekday off
 * @last: last weekday off
 * @name: the holiday's name
 * @holiday: %TRUE for a school holiday, %FALSE for single days off
 */
typedef struct
{
  GDate first;
  GDate last;
  char *name;
  gboolean holiday;
} RbTimelineDaysOff;

/**
 * RbTimelinePlacement:
 * @record_uuid: the placement
 * @location: the bridge location's name
 * @location_kind: "SBO", "KDC", "GOAL" or "overig"
 * @before: first day of the 4 school weeks at the own school before the start; invalid
 *   when the calendar does not reach back that far
 * @start: first day of the placement
 * @planned_end: the end after 8 school weeks, without extension
 * @end: the end after 8 + @extension school weeks
 * @ended: the day it really ended; invalid while it runs
 * @extension: extension in school weeks (0-4)
 * @week_starts: (element-type GDate): first day of each counted school week from @start,
 *   week 1 first, up to @end; weeks without a school day are left out
 */
typedef struct
{
  char *record_uuid;
  char *location;
  char *location_kind;
  GDate before;
  GDate start;
  GDate planned_end;
  GDate end;
  GDate ended;
  guint extension;
  GArray *week_starts;
} RbTimelinePlacement;

#define RB_TYPE_TIMELINE_MODEL (rb_timeline_model_get_type ())

G_DECLARE_FINAL_TYPE (RbTimelineModel, rb_timeline_model, RB, TIMELINE_MODEL, GObject)

RbTimelineModel *rb_timeline_model_new_for_case  (RbDatabase      *db,
                                                  RbCalendar      *calendar,
                                                  RbRecord        *case_record,
                                                  const GDate     *today,
                                                  GError         **error);

const char      *rb_timeline_model_get_title     (RbTimelineModel *self);
void             rb_timeline_model_get_span      (RbTimelineModel *self,
                                                  GDate           *first,
                                                  GDate           *last);
const GDate     *rb_timeline_model_get_today     (RbTimelineModel *self);
GPtrArray       *rb_timeline_model_get_phases    (RbTimelineModel *self);
GArray          *rb_timeline_model_get_weeks     (RbTimelineModel *self);
GArray          *rb_timeline_model_get_lates     (RbTimelineModel *self);
GPtrArray       *rb_timeline_model_get_days_off  (RbTimelineModel *self);
GPtrArray       *rb_timeline_model_get_placements (RbTimelineModel *self);
GPtrArray       *rb_timeline_model_get_marks     (RbTimelineModel *self);
GStrv            rb_timeline_model_get_problems  (RbTimelineModel *self);

int              rb_timeline_model_find_mark     (RbTimelineModel *self,
                                                  RbTimelineMarkKind kind,
                                                  const char      *code,
                                                  guint            nth);
char            *rb_timeline_format_date         (const GDate     *date);

G_END_DECLS
