/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-date"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "rb-date.h"
#include "rb-error.h"

/**
 * rb_date_parse:
 * @text: a date as YYYY-MM-DD
 * @date: (out) (optional): the parsed date
 * @error: set to %RB_ERROR_INVALID when @text is no real date in the allowed range
 *
 * Returns: %TRUE when @text names a real calendar day between 1990 and 2100.
 */
gboolean
rb_date_parse (const char *text, GDate *date, GError **error)
{
  unsigned int y, m, d;
  int consumed = 0;

  if (text == NULL
      || sscanf (text, "%4u-%2u-%2u%n", &y, &m, &d, &consumed) != 3
      || consumed != 10 || text[consumed] != '\0')
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a date; write it as year-month-day, for example 2026-09-14"),
                   text ? text : "");
      return FALSE;
    }
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("The date %s does not exist"), text);
      return FALSE;
    }
  if (y < RB_DATE_MIN_YEAR || y > RB_DATE_MAX_YEAR)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("The date %s lies outside %d–%d"), text, RB_DATE_MIN_YEAR, RB_DATE_MAX_YEAR);
      return FALSE;
    }
  if (date != NULL)
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
rb_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/**
 * rb_date_format_for_people:
 * @date: a valid day
 *
 * Returns: (transfer full): the day as the app shows it to its users: day-month-year,
 *   "03-09-2026" (rb_date_format() gives the year-month-day of files and the database).
 */
char *
rb_date_format_for_people (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%02u-%02u-%04u", g_date_get_day (date), g_date_get_month (date),
                          g_date_get_year (date));
}

/**
 * rb_date_set_local_day:
 * @date: (out caller-allocates): set to the day
 * @moment: a moment in any time zone
 *
 * The calendar day @moment falls on here: a regisseur's "today" is the local one, also
 * just after midnight, when UTC still says yesterday.
 */
void
rb_date_set_local_day (GDate *date, GDateTime *moment)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (moment);

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

/**
 * rb_time_parse:
 * @text: a clock time as HH:MM
 * @error: set to %RB_ERROR_INVALID when it is not one
 *
 * Returns: %TRUE for a valid 24-hour clock time.
 */
gboolean
rb_time_parse (const char *text, GError **error)
{
  unsigned int h, m;
  int consumed = 0;

  if (text != NULL && sscanf (text, "%2u:%2u%n", &h, &m, &consumed) == 2 && consumed == 5
      && text[consumed] == '\0' && h < 24 && m < 60)
    return TRUE;

  g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
               _("“%s” is not a time; write it as hours:minutes, for example 09:30"),
               text ? text : "");
  return FALSE;
}
