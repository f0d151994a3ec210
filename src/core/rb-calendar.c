/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbCalendar:
 *
 * The school calendar of one SWV database: Monday to Friday, minus the holiday ranges
 * and single days off stored in the database for its region.
 *
 * A school year (1 August to 31 July, as the WPO and WVO define it) is known when at
 * least one school holiday starts in it. Counting school days or school weeks across a
 * year that is not known is an %RB_ERROR_CALENDAR_MISSING error: a missing year is never
 * silently treated as a year without holidays.
 *
 * School weeks follow domain.md: counting from a start day S, week k covers the days
 * [S + 7(k - 1), S + 7k); it counts when it holds at least one school day. "After N
 * school weeks" is the day after the N-th counted week, moved to the next school day
 * when it is none. Working days are school days (Monday to Friday minus holidays).
 */

typedef struct
{
  guint first_year;
  guint n_holidays;
  guint n_to_check;
} YearInfo;

struct _RbCalendar
{
  GObject parent_instance;

  char *region;
  /* Julian day → name of the holiday or day off (interned in @names). */
  GHashTable *days_off;
  GStringChunk *names;
  GArray *years;

  /* Prefix counts over the span of the known years, rebuilt after a change: O(1) counts. */
  gboolean dirty;
  guint32 first;
  guint n_days;
  guint32 *school_before;
  guint32 *unknown_before;
};

G_DEFINE_FINAL_TYPE (RbCalendar, rb_calendar, G_TYPE_OBJECT)

static void
rb_calendar_finalize (GObject *object)
{
  RbCalendar *self = RB_CALENDAR (object);

  g_free (self->region);
  g_hash_table_unref (self->days_off);
  g_string_chunk_free (self->names);
  g_array_unref (self->years);
  g_free (self->school_before);
  g_free (self->unknown_before);

  G_OBJECT_CLASS (rb_calendar_parent_class)->finalize (object);
}

static void
rb_calendar_class_init (RbCalendarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_calendar_finalize;
}

static void
rb_calendar_init (RbCalendar *self)
{
  self->days_off = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->names = g_string_chunk_new (256);
  self->years = g_array_new (FALSE, TRUE, sizeof (YearInfo));
  self->dirty = TRUE;
}

static guint
year_of_julian (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return rb_calendar_school_year_of (&date);
}

static YearInfo *
lookup_year (RbCalendar *self, guint first_year, gboolean create)
{
  guint i;

  for (i = 0; i < self->years->len; i++)
    {
      YearInfo *info = &g_array_index (self->years, YearInfo, i);

      if (info->first_year == first_year)
        return info;
      if (info->first_year > first_year)
        break;
    }
  if (!create)
    return NULL;

  /* Kept sorted, so the index spans from the first to the last known year. */
  g_array_insert_val (self->years, i, ((YearInfo) { first_year, 0, 0 }));
  return &g_array_index (self->years, YearInfo, i);
}

static gboolean
year_is_known (RbCalendar *self, guint first_year)
{
  YearInfo *info = lookup_year (self, first_year, FALSE);

  return info != NULL && info->n_holidays > 0;
}

static gboolean
julian_is_school_day (RbCalendar *self, guint32 julian)
{
  /* Julian day 1 (1 January of year 1) was a Monday. */
  return (julian - 1) % 7 < 5 && !g_hash_table_contains (self->days_off, GUINT_TO_POINTER (julian));
}

static void
ensure_index (RbCalendar *self)
{
  guint first_known = G_MAXUINT, last_known = 0;
  GDate first, last;
  guint32 school = 0, unknown = 0;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  g_clear_pointer (&self->school_before, g_free);
  g_clear_pointer (&self->unknown_before, g_free);
  self->n_days = 0;

  for (guint i = 0; i < self->years->len; i++)
    {
      YearInfo *info = &g_array_index (self->years, YearInfo, i);

      if (info->n_holidays == 0)
        continue;
      first_known = MIN (first_known, info->first_year);
      last_known = MAX (last_known, info->first_year);
    }
  if (first_known == G_MAXUINT)
    return;

  rb_calendar_get_school_year_span (first_known, &first, NULL);
  rb_calendar_get_school_year_span (last_known, NULL, &last);
  self->first = g_date_get_julian (&first);
  self->n_days = g_date_get_julian (&last) - self->first + 1;
  self->school_before = g_new (guint32, self->n_days + 1);
  self->unknown_before = g_new (guint32, self->n_days + 1);

  for (guint i = 0; i < self->n_days; i++)
    {
      guint32 julian = self->first + i;

      self->school_before[i] = school;
      self->unknown_before[i] = unknown;
      school += julian_is_school_day (self, julian);
      unknown += !year_is_known (self, year_of_julian (julian));
    }
  self->school_before[self->n_days] = school;
  self->unknown_before[self->n_days] = unknown;
}

static void
set_missing_error (RbCalendar *self, guint first_year, GError **error)
{
  g_autofree char *year = rb_calendar_format_school_year (first_year);

  g_set_error (error, RB_ERROR, RB_ERROR_CALENDAR_MISSING,
               _("The school calendar for %s (region %s) is missing: add its holidays before "
                 "counting school days or school weeks in it"),
               year, self->region);
}

/* Checks that every day in [@from, @to] (Julian) lies in a known year. */
static gboolean
check_span (RbCalendar *self, gint64 from, gint64 to, GError **error)
{
  gint64 a, b;

  ensure_index (self);
  a = from - (gint64) self->first;
  b = to - (gint64) self->first;
  if (self->n_days > 0 && a >= 0 && b < (gint64) self->n_days
      && self->unknown_before[b + 1] == self->unknown_before[a])
    return TRUE;

  /* Name the first year that is missing. */
  for (gint64 julian = MAX (from, 1); julian <= to; julian++)
    if (!year_is_known (self, year_of_julian ((guint32) julian)))
      {
        set_missing_error (self, year_of_julian ((guint32) julian), error);
        return FALSE;
      }
  set_missing_error (self, year_of_julian ((guint32) MAX (from, 1)), error);
  return FALSE;
}

/* School days in [@from, @to) (Julian); the span must be checked. */
static guint
school_days_in (RbCalendar *self, guint32 from, guint32 to)
{
  return self->school_before[to - self->first] - self->school_before[from - self->first];
}

static guint32
julian_of (const GDate *date)
{
  return g_date_get_julian (date);
}

static void
set_julian (GDate *date, guint32 julian)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, julian);
}

/**
 * rb_calendar_new:
 * @region: the holiday region, for messages
 *
 * Returns: (transfer full): an empty calendar; every school year is missing.
 */
RbCalendar *
rb_calendar_new (const char *region)
{
  RbCalendar *self = g_object_new (RB_TYPE_CALENDAR, NULL);

  self->region = g_strdup (region);
  return self;
}

/**
 * rb_calendar_add_holiday:
 * @self: a calendar
 * @name: (nullable): what the days are called
 * @first: first day off
 * @last: last day off
 * @school_holiday: %TRUE for a school holiday (makes its school year known), %FALSE for
 *   a single day off such as Koningsdag
 * @needs_check: whether the dates are still to be checked
 */
void
rb_calendar_add_holiday (RbCalendar  *self,
                         const char  *name,
                         const GDate *first,
                         const GDate *last,
                         gboolean     school_holiday,
                         gboolean     needs_check)
{
  const char *interned;
  YearInfo *info;

  g_return_if_fail (RB_IS_CALENDAR (self));
  g_return_if_fail (g_date_valid (first) && g_date_valid (last));

  interned = g_string_chunk_insert_const (self->names, name != NULL ? name : "");
  for (guint32 day = julian_of (first); day <= julian_of (last); day++)
    if (!g_hash_table_contains (self->days_off, GUINT_TO_POINTER (day)))
      g_hash_table_insert (self->days_off, GUINT_TO_POINTER (day), (gpointer) interned);

  info = lookup_year (self, rb_calendar_school_year_of (first), TRUE);
  info->n_holidays += school_holiday ? 1 : 0;
  info->n_to_check += needs_check ? 1 : 0;
  self->dirty = TRUE;
}

void
rb_calendar_add_days_off (RbCalendar *self, const GDate *first, const GDate *last)
{
  rb_calendar_add_holiday (self, NULL, first, last, FALSE, FALSE);
}

/**
 * rb_calendar_new_from_database:
 * @db: an open database
 * @error: return location for an error
 *
 * Returns: (transfer full): the calendar of @db's holidays and days off.
 */
RbCalendar *
rb_calendar_new_from_database (RbDatabase *db, GError **error)
{
  g_autoptr(RbCalendar) self = rb_calendar_new (rb_database_get_region (db));
  g_autoptr(GPtrArray) holidays = rb_store_list (db, rb_schema_lookup_table ("holidays"), NULL,
                                                 NULL, error);

  if (holidays == NULL)
    return NULL;
  for (guint i = 0; i < holidays->len; i++)
    {
      RbRecord *holiday = g_ptr_array_index (holidays, i);
      GDate first, last;

      if (rb_date_parse (rb_record_get_string (holiday, "start_date"), &first, NULL)
          && rb_date_parse (rb_record_get_string (holiday, "end_date"), &last, NULL))
        rb_calendar_add_holiday (self, rb_record_get_string (holiday, "name"), &first, &last,
                                 g_strcmp0 (rb_record_get_string (holiday, "kind"), "holiday") == 0,
                                 rb_record_get_boolean (holiday, "needs_check"));
    }
  return g_steal_pointer (&self);
}

/**
 * rb_calendar_is_school_day:
 * @self: a calendar
 * @date: a day
 *
 * Whether @date is Monday to Friday and not a holiday or day off. This says nothing
 * about whether the school year is known: counting functions check that.
 *
 * Returns: %TRUE for a school day.
 */
gboolean
rb_calendar_is_school_day (RbCalendar *self, const GDate *date)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return julian_is_school_day (self, julian_of (date));
}

/**
 * rb_calendar_get_day_name:
 * @self: a calendar
 * @date: a day
 *
 * Returns: (nullable): the name of the holiday or day off on @date, or %NULL.
 */
const char *
rb_calendar_get_day_name (RbCalendar *self, const GDate *date)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), NULL);

  return g_hash_table_lookup (self->days_off, GUINT_TO_POINTER (julian_of (date)));
}

/**
 * rb_calendar_school_year_of:
 * @date: a day
 *
 * Returns: the first calendar year of the school year (1 August - 31 July) holding @date.
 */
guint
rb_calendar_school_year_of (const GDate *date)
{
  guint year = g_date_get_year (date);

  return g_date_get_month (date) >= G_DATE_AUGUST ? year : year - 1;
}

/**
 * rb_calendar_format_school_year:
 * @first_year: the school year's first calendar year
 *
 * Returns: (transfer full): the school year as people write it, e.g. "2026-2027".
 */
char *
rb_calendar_format_school_year (guint first_year)
{
  return g_strdup_printf ("%u-%u", first_year, first_year + 1);
}

/**
 * rb_calendar_get_school_year_span:
 * @first_year: the school year's first calendar year
 * @first: (out) (optional): set to 1 August of @first_year
 * @last: (out) (optional): set to 31 July of the next year
 */
void
rb_calendar_get_school_year_span (guint first_year, GDate *first, GDate *last)
{
  if (first != NULL)
    {
      g_date_clear (first, 1);
      g_date_set_dmy (first, 1, G_DATE_AUGUST, (GDateYear) first_year);
    }
  if (last != NULL)
    {
      g_date_clear (last, 1);
      g_date_set_dmy (last, 31, G_DATE_JULY, (GDateYear) (first_year + 1));
    }
}

RbSchoolYearStatus
rb_calendar_get_school_year_status (RbCalendar *self, guint first_year)
{
  YearInfo *info;

  g_return_val_if_fail (RB_IS_CALENDAR (self), RB_SCHOOL_YEAR_MISSING);

  info = lookup_year (self, first_year, FALSE);
  if (info == NULL || info->n_holidays == 0)
    return RB_SCHOOL_YEAR_MISSING;
  if (info->n_holidays < RB_CALENDAR_HOLIDAYS_PER_YEAR)
    return RB_SCHOOL_YEAR_INCOMPLETE;
  if (info->n_to_check > 0)
    return RB_SCHOOL_YEAR_TO_CHECK;
  return RB_SCHOOL_YEAR_COMPLETE;
}

const char *
rb_school_year_status_label (RbSchoolYearStatus status)
{
  switch (status)
    {
    case RB_SCHOOL_YEAR_MISSING:
      return _("missing");
    case RB_SCHOOL_YEAR_INCOMPLETE:
      return _("incomplete");
    case RB_SCHOOL_YEAR_TO_CHECK:
      return _("to be checked");
    case RB_SCHOOL_YEAR_COMPLETE:
      return _("complete");
    }
  g_return_val_if_reached (NULL);
}

/**
 * rb_calendar_list_missing_school_years:
 * @self: a calendar
 * @first: first day of a period
 * @last: last day of the period
 *
 * Returns: (transfer full): the school years touching the period whose calendar is
 *   missing, as "2027-2028"; empty when all are known.
 */
GStrv
rb_calendar_list_missing_school_years (RbCalendar *self, const GDate *first, const GDate *last)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RB_IS_CALENDAR (self), NULL);

  for (guint year = rb_calendar_school_year_of (first); year <= rb_calendar_school_year_of (last);
       year++)
    if (!year_is_known (self, year))
      {
        g_autofree char *text = rb_calendar_format_school_year (year);
        g_strv_builder_add (builder, text);
      }
  return g_strv_builder_end (builder);
}

/**
 * rb_calendar_get_known_span:
 * @self: a calendar
 * @first: (out caller-allocates): 1 August of the first known school year
 * @last: (out caller-allocates): 31 July after the last known school year
 *
 * The span may hold missing years in between; rb_calendar_check_known() tells.
 *
 * Returns: %FALSE when no school year is known at all.
 */
gboolean
rb_calendar_get_known_span (RbCalendar *self, GDate *first, GDate *last)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  ensure_index (self);
  if (self->n_days == 0)
    return FALSE;
  set_julian (first, self->first);
  set_julian (last, self->first + self->n_days - 1);
  return TRUE;
}

/**
 * rb_calendar_check_known:
 * @self: a calendar
 * @first: first day of a period
 * @last: last day of the period
 * @error: set to %RB_ERROR_CALENDAR_MISSING naming the first missing school year
 *
 * Returns: %TRUE when the calendar of every school year in the period is known.
 */
gboolean
rb_calendar_check_known (RbCalendar *self, const GDate *first, const GDate *last, GError **error)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  for (guint year = rb_calendar_school_year_of (first); year <= rb_calendar_school_year_of (last);
       year++)
    if (!year_is_known (self, year))
      {
        set_missing_error (self, year, error);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_order (const GDate *first, const GDate *last, GError **error)
{
  if (g_date_compare (first, last) <= 0)
    return TRUE;

  {
    g_autofree char *a = rb_date_format (first);
    g_autofree char *b = rb_date_format (last);
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("The period ends (%s) before it starts (%s)"),
                 b, a);
  }
  return FALSE;
}

/**
 * rb_calendar_count_school_days:
 * @self: a calendar
 * @first: first day
 * @last: last day, not before @first
 * @n_days: (out): school days from @first through @last
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_count_school_days (RbCalendar  *self,
                               const GDate *first,
                               const GDate *last,
                               guint       *n_days,
                               GError     **error)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  if (!check_order (first, last, error)
      || !check_span (self, julian_of (first), julian_of (last), error))
    return FALSE;
  *n_days = school_days_in (self, julian_of (first), julian_of (last) + 1);
  return TRUE;
}

/* The first school day on or after @julian. */
static gboolean
next_school_julian (RbCalendar *self, guint32 julian, guint32 *result, GError **error)
{
  for (;; julian++)
    {
      if (!check_span (self, julian, julian, error))
        return FALSE;
      if (julian_is_school_day (self, julian))
        {
          *result = julian;
          return TRUE;
        }
    }
}

/**
 * rb_calendar_next_school_day:
 * @self: a calendar
 * @date: a day
 * @result: (out caller-allocates): @date when it is a school day, else the next one
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_next_school_day (RbCalendar *self, const GDate *date, GDate *result, GError **error)
{
  guint32 julian;

  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  if (!next_school_julian (self, julian_of (date), &julian, error))
    return FALSE;
  set_julian (result, julian);
  return TRUE;
}

/**
 * rb_calendar_working_days_between:
 * @self: a calendar
 * @from: a day
 * @to: a later day (or the same)
 * @n_days: (out): the working days after @from up to and including @to
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_working_days_between (RbCalendar  *self,
                                  const GDate *from,
                                  const GDate *to,
                                  guint       *n_days,
                                  GError     **error)
{
  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  if (!check_order (from, to, error)
      || !check_span (self, julian_of (from), julian_of (to), error))
    return FALSE;
  *n_days = school_days_in (self, julian_of (from) + 1, julian_of (to) + 1);
  return TRUE;
}

/**
 * rb_calendar_add_working_days:
 * @self: a calendar
 * @from: a day, e.g. the day of a meeting
 * @n_days: how many working days after it
 * @result: (out caller-allocates): the @n_days-th working day after @from ("binnen 5
 *   werkdagen" is due on it); @from itself when @n_days is 0
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_add_working_days (RbCalendar  *self,
                              const GDate *from,
                              guint        n_days,
                              GDate       *result,
                              GError     **error)
{
  guint32 julian = julian_of (from);

  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  for (guint counted = 0; counted < n_days;)
    {
      julian++;
      if (!check_span (self, julian, julian, error))
        return FALSE;
      counted += julian_is_school_day (self, julian);
    }
  set_julian (result, julian);
  return TRUE;
}

/**
 * rb_calendar_add_school_weeks:
 * @self: a calendar
 * @start: the first day of the period, e.g. the start of a bridge placement
 * @n_weeks: how many school weeks
 * @result: (out caller-allocates): the day after the @n_weeks-th school week, or the
 *   next school day when that is none
 * @error: return location for an error
 *
 * Counts school weeks as domain.md defines them (see #RbCalendar).
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_add_school_weeks (RbCalendar  *self,
                              const GDate *start,
                              guint        n_weeks,
                              GDate       *result,
                              GError     **error)
{
  guint32 week = julian_of (start), julian;

  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  for (guint counted = 0; counted < n_weeks; week += 7)
    {
      if (!check_span (self, week, week + 6, error))
        return FALSE;
      counted += school_days_in (self, week, week + 7) > 0;
    }
  if (!next_school_julian (self, week, &julian, error))
    return FALSE;
  set_julian (result, julian);
  return TRUE;
}

/**
 * rb_calendar_window_start:
 * @self: a calendar
 * @end: the last day of a window
 * @length: how many units the window spans (at least 1; ignored for a school year)
 * @unit: the unit of @length
 * @start: (out caller-allocates): the first day of the window
 * @error: return location for an error
 *
 * Windows are counted backwards with the same weeks as rb_calendar_add_school_weeks():
 * adding @length school weeks to @start gives the day after @end. Weeks without a
 * school day (holidays) do not count, so a window of 4 school weeks spans a holiday.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_calendar_window_start (RbCalendar   *self,
                          const GDate  *end,
                          guint         length,
                          RbWindowUnit  unit,
                          GDate        *start,
                          GError      **error)
{
  gint64 last = julian_of (end), first = last;

  g_return_val_if_fail (RB_IS_CALENDAR (self), FALSE);

  if (length == 0 && unit != RB_WINDOW_SCHOOL_YEAR)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("A window needs a length of at least 1"));
      return FALSE;
    }

  switch (unit)
    {
    case RB_WINDOW_SCHOOL_WEEKS:
      for (guint counted = 0; counted < length; first -= 7)
        {
          if (!check_span (self, first - 6, first, error))
            return FALSE;
          counted += school_days_in (self, (guint32) first - 6, (guint32) first + 1) > 0;
        }
      first += 1;
      break;

    case RB_WINDOW_WEEKS:
      /* Calendar weeks need no holidays. */
      first = last - 7 * (gint64) length + 1;
      break;

    case RB_WINDOW_SCHOOL_DAYS:
      for (guint counted = 0;; first--)
        {
          if (!check_span (self, first, first, error))
            return FALSE;
          counted += julian_is_school_day (self, (guint32) first);
          if (counted == length)
            break;
        }
      break;

    case RB_WINDOW_SCHOOL_YEAR:
      rb_calendar_get_school_year_span (rb_calendar_school_year_of (end), start, NULL);
      return TRUE;
    }

  set_julian (start, (guint32) MAX (first, 1));
  return TRUE;
}
