/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-database.h"

G_BEGIN_DECLS

/**
 * RbSignal:
 * @criterion_uuid: the criterion (row of "criteria") that fired
 * @code: its code, e.g. "unauth-16h-4w"
 * @name: its name, as the SWV wrote it
 * @action: what the routeboek says to do now
 * @source: where the rule comes from
 * @unit: the criterion's unit ("hours", "consecutive_days"...)
 * @comparison: "at_least" or "more_than"
 * @first_fired: the school day on which the threshold was first reached
 * @window_start: first day of the window (or row of days) that reached it
 * @value: what was measured in that window, in @unit
 * @threshold: the criterion's threshold
 * @school_year: for criteria counted per school year, e.g. "2026-2027"; else %NULL
 * @evidence: UUIDs of the absence records that prove the signal, oldest first
 *
 * One verzuim signal of a pupil: computed from the absence records, never typed in.
 */
typedef struct
{
  char *criterion_uuid;
  char *code;
  char *name;
  char *action;
  char *source;
  char *unit;
  char *comparison;
  GDate first_fired;
  GDate window_start;
  double value;
  double threshold;
  char *school_year;
  GStrv evidence;
} RbSignal;

#define RB_TYPE_SIGNAL (rb_signal_get_type ())

GType     rb_signal_get_type (void) G_GNUC_CONST;
RbSignal *rb_signal_copy     (const RbSignal *signal);
void      rb_signal_free     (RbSignal       *signal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbSignal, rb_signal_free)

#define RB_TYPE_SIGNALS (rb_signals_get_type ())

G_DECLARE_FINAL_TYPE (RbSignals, rb_signals, RB, SIGNALS, GObject)

/**
 * RbSignalsFunc:
 * @pupil_uuid: a pupil with absence records
 * @signals: (element-type RbSignal) (nullable): the pupil's signals, %NULL on @error
 * @error: (nullable): why this pupil could not be evaluated (a missing calendar year...)
 * @user_data: data given to rb_signals_evaluate_all()
 */
typedef void (*RbSignalsFunc) (const char   *pupil_uuid,
                               GPtrArray    *signals,
                               const GError *error,
                               gpointer      user_data);

typedef struct _RbSignalsRun RbSignalsRun;

RbSignals *rb_signals_new             (RbDatabase    *db,
                                       RbCalendar    *calendar,
                                       GError       **error);
guint      rb_signals_get_n_criteria  (RbSignals     *self);
GPtrArray *rb_signals_evaluate_pupil  (RbSignals     *self,
                                       RbDatabase    *db,
                                       const char    *pupil_uuid,
                                       const GDate   *today,
                                       GError       **error);
gboolean   rb_signals_evaluate_all    (RbSignals     *self,
                                       RbDatabase    *db,
                                       const GDate   *today,
                                       RbSignalsFunc  func,
                                       gpointer       user_data,
                                       GError       **error);

RbSignalsRun *rb_signals_run_new      (RbSignals     *self,
                                       RbDatabase    *db,
                                       const GDate   *today);
gboolean   rb_signals_run_read        (RbSignalsRun  *run,
                                       guint          max_records,
                                       gboolean      *done,
                                       GError       **error);
gboolean   rb_signals_run_step        (RbSignalsRun  *run,
                                       guint          max_pupils,
                                       RbSignalsFunc  func,
                                       gpointer       user_data);
void       rb_signals_run_free        (RbSignalsRun  *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbSignalsRun, rb_signals_run_free)

G_END_DECLS
