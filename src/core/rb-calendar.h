/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_CALENDAR (rb_calendar_get_type ())

G_DECLARE_FINAL_TYPE (RbCalendar, rb_calendar, RB, CALENDAR, GObject)

/**
 * RbSchoolYearStatus:
 * @RB_SCHOOL_YEAR_MISSING: no holidays known: nothing can be counted across it
 * @RB_SCHOOL_YEAR_INCOMPLETE: fewer than the five national holidays are known
 * @RB_SCHOOL_YEAR_TO_CHECK: complete, but some dates still need checking
 * @RB_SCHOOL_YEAR_COMPLETE: complete and checked
 *
 * How much of a school year's calendar a database knows.
 */
typedef enum
{
  RB_SCHOOL_YEAR_MISSING,
  RB_SCHOOL_YEAR_INCOMPLETE,
  RB_SCHOOL_YEAR_TO_CHECK,
  RB_SCHOOL_YEAR_COMPLETE,
} RbSchoolYearStatus;

/**
 * RbWindowUnit:
 * @RB_WINDOW_SCHOOL_WEEKS: weeks that hold at least one school day (domain "School weeks")
 * @RB_WINDOW_WEEKS: calendar weeks of 7 days
 * @RB_WINDOW_SCHOOL_DAYS: school days
 * @RB_WINDOW_SCHOOL_YEAR: from 1 August of the school year
 *
 * The unit of a counting window that ends on a given day.
 */
typedef enum
{
  RB_WINDOW_SCHOOL_WEEKS,
  RB_WINDOW_WEEKS,
  RB_WINDOW_SCHOOL_DAYS,
  RB_WINDOW_SCHOOL_YEAR,
} RbWindowUnit;

/* The Rijksoverheid table has five holidays a year: herfst, kerst, voorjaar, mei, zomer. */
#define RB_CALENDAR_HOLIDAYS_PER_YEAR 5

RbCalendar        *rb_calendar_new                   (const char   *region);
RbCalendar        *rb_calendar_new_from_database     (RbDatabase   *db,
                                                      GError      **error);
void               rb_calendar_add_holiday           (RbCalendar   *self,
                                                      const char   *name,
                                                      const GDate  *first,
                                                      const GDate  *last,
                                                      gboolean      school_holiday,
                                                      gboolean      needs_check);
void               rb_calendar_add_days_off          (RbCalendar   *self,
                                                      const GDate  *first,
                                                      const GDate  *last);

gboolean           rb_calendar_is_school_day         (RbCalendar   *self,
                                                      const GDate  *date);
const char        *rb_calendar_get_day_name          (RbCalendar   *self,
                                                      const GDate  *date);

guint              rb_calendar_school_year_of        (const GDate  *date);
char              *rb_calendar_format_school_year    (guint         first_year);
void               rb_calendar_get_school_year_span  (guint         first_year,
                                                      GDate        *first,
                                                      GDate        *last);
RbSchoolYearStatus rb_calendar_get_school_year_status (RbCalendar  *self,
                                                      guint         first_year);
const char        *rb_school_year_status_label       (RbSchoolYearStatus status);
GStrv              rb_calendar_list_missing_school_years (RbCalendar *self,
                                                      const GDate  *first,
                                                      const GDate  *last);
gboolean           rb_calendar_get_known_span        (RbCalendar   *self,
                                                      GDate        *first,
                                                      GDate        *last);
gboolean           rb_calendar_check_known           (RbCalendar   *self,
                                                      const GDate  *first,
                                                      const GDate  *last,
                                                      GError      **error);

gboolean           rb_calendar_count_school_days     (RbCalendar   *self,
                                                      const GDate  *first,
                                                      const GDate  *last,
                                                      guint        *n_days,
                                                      GError      **error);
gboolean           rb_calendar_next_school_day       (RbCalendar   *self,
                                                      const GDate  *date,
                                                      GDate        *result,
                                                      GError      **error);
gboolean           rb_calendar_working_days_between  (RbCalendar   *self,
                                                      const GDate  *from,
                                                      const GDate  *to,
                                                      guint        *n_days,
                                                      GError      **error);
gboolean           rb_calendar_add_working_days      (RbCalendar   *self,
                                                      const GDate  *from,
                                                      guint         n_days,
                                                      GDate        *result,
                                                      GError      **error);
gboolean           rb_calendar_add_school_weeks      (RbCalendar   *self,
                                                      const GDate  *start,
                                                      guint         n_weeks,
                                                      GDate        *result,
                                                      GError      **error);
gboolean           rb_calendar_window_start          (RbCalendar   *self,
                                                      const GDate  *end,
                                                      guint         length,
                                                      RbWindowUnit  unit,
                                                      GDate        *start,
                                                      GError      **error);

G_END_DECLS
