/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-capacity"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-capacity.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * How many bridge pupils a location holds on a day, against its capacity. A placement
 * holds its place from its start date to its end date; without an end date, until its
 * planned end (8 school weeks plus the extension, seed 000 §2.4). When that end cannot
 * be computed (a missing calendar year) it keeps holding the place: a place is never
 * freed by a guess.
 */

#define BRIDGE_WEEKS 8

typedef struct
{
  guint32 first;
  guint32 last;
} Period;

static guint
capacity_of (RbRecord *location)
{
  if (rb_record_is_set (location, "capacity"))
    return (guint) rb_record_get_int (location, "capacity");
  if (g_strcmp0 (rb_record_get_string (location, "kind"), "SBO") == 0)
    return RB_CAPACITY_SBO_DEFAULT;
  return G_MAXUINT;
}

static gboolean
placement_period (RbCalendar *calendar, RbRecord *placement, Period *period)
{
  guint weeks = BRIDGE_WEEKS + (guint) rb_record_get_int (placement, "extension_weeks");
  GDate start, end;

  if (!rb_date_parse (rb_record_get_string (placement, "start_date"), &start, NULL))
    return FALSE;
  period->first = g_date_get_julian (&start);
  period->last = G_MAXUINT32;
  if (rb_record_is_set (placement, "end_date")
      && rb_date_parse (rb_record_get_string (placement, "end_date"), &end, NULL))
    period->last = g_date_get_julian (&end);
  else if (rb_calendar_add_school_weeks (calendar, &start, weeks, &end, NULL))
    period->last = g_date_get_julian (&end) - 1;
  return TRUE;
}

/* The periods of the live placements at @location_uuid, except @except_uuid. */
static GArray *
list_periods (RbDatabase *db, RbCalendar *calendar, const char *location_uuid,
              const char *except_uuid, GError **error)
{
  g_autoptr(GPtrArray) placements = rb_store_list (db, rb_schema_lookup_table ("placements"),
                                                   "location_uuid", location_uuid, error);
  g_autoptr(GArray) periods = g_array_new (FALSE, FALSE, sizeof (Period));

  if (placements == NULL)
    return NULL;
  for (guint i = 0; i < placements->len; i++)
    {
      RbRecord *placement = g_ptr_array_index (placements, i);
      Period period;

      if (g_strcmp0 (rb_record_get_uuid (placement), except_uuid) != 0
          && placement_period (calendar, placement, &period))
        g_array_append_val (periods, period);
    }
  return g_steal_pointer (&periods);
}

static guint
count_on (GArray *periods, guint32 day)
{
  guint n = 0;

  for (guint i = 0; i < periods->len; i++)
    {
      const Period *period = &g_array_index (periods, Period, i);
      n += period->first <= day && day <= period->last;
    }
  return n;
}

static RbRecord *
get_location (RbDatabase *db, const char *uuid, GError **error)
{
  return rb_store_get (db, rb_schema_lookup_table ("bridge_locations"), uuid, error);
}

/**
 * rb_capacity_get_occupancy:
 * @db: an open database
 * @calendar: its school calendar
 * @location_uuid: a bridge location
 * @date: the day asked for
 * @occupied: (out): placements at the location on @date
 * @capacity: (out): its capacity; %G_MAXUINT when it has none
 * @error: return location for an error
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_capacity_get_occupancy (RbDatabase  *db,
                           RbCalendar  *calendar,
                           const char  *location_uuid,
                           const GDate *date,
                           guint       *occupied,
                           guint       *capacity,
                           GError     **error)
{
  g_autoptr(RbRecord) location = NULL;
  g_autoptr(GArray) periods = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);

  if ((location = get_location (db, location_uuid, error)) == NULL
      || (periods = list_periods (db, calendar, location_uuid, NULL, error)) == NULL)
    return FALSE;
  *occupied = count_on (periods, g_date_get_julian (date));
  *capacity = capacity_of (location);
  return TRUE;
}

/* The fullest day of the location during @period, and how full it is. */
static guint
peak_during (GArray *periods, const Period *period, guint32 *day)
{
  guint peak = count_on (periods, period->first);

  *day = period->first;
  for (guint i = 0; i < periods->len; i++)
    {
      guint32 first = g_array_index (periods, Period, i).first;
      guint n;

      if (first > period->first && first <= period->last && (n = count_on (periods, first)) > peak)
        {
          peak = n;
          *day = first;
        }
    }
  return peak;
}

static gboolean
save_with_override (RbDatabase *db, RbRecord *placement, RbRecord *location, guint taken,
                    guint capacity, const char *reason, const char *author, GError **error)
{
  g_autoptr(RbRecord) entry = rb_record_new (rb_schema_lookup_table ("log_entries"));
  g_autofree char *today = rb_database_dup_today (db);
  g_autofree char *body = NULL;
  g_autofree char *previous = rb_record_dup_text (placement, "override_reason");

  body = g_strdup_printf (_("%s: %u of %u places were taken; placed anyway. Reason: %s"),
                          rb_record_get_string (location, "name"), taken, capacity, reason);
  rb_record_set_string (entry, "case_uuid", rb_record_get_string (placement, "case_uuid"));
  rb_record_set_string (entry, "entry_date", today);
  rb_record_set_string (entry, "author", author);
  rb_record_set_string (entry, "action", _("Capacity of the bridge location exceeded"));
  rb_record_set_string (entry, "body", body);
  rb_record_set_string (placement, "override_reason", reason);

  /* The placement and the logbook entry that explains it: both or neither. */
  if (rb_database_begin (db, error))
    {
      if (rb_store_save (db, placement, error) && rb_store_save (db, entry, error))
        return rb_database_commit (db, error);
      rb_database_rollback (db);
    }
  rb_record_set_string (placement, "override_reason", previous);
  return FALSE;
}

/**
 * rb_capacity_save_placement:
 * @db: an open database
 * @calendar: its school calendar
 * @placement: a new or changed bridge placement
 * @override_reason: (nullable): why the location may exceed its capacity
 * @author: (nullable): who gives @override_reason, for the logbook
 * @error: set to %RB_ERROR_INVALID when the location is full and no reason is given
 *
 * Saves @placement unless it would put more pupils at its location than the capacity
 * on any day of its period. With a reason it is saved anyway: the reason goes into the
 * placement's override_reason and into a logbook entry of the case, in one transaction.
 *
 * Returns: %TRUE when saved.
 */
gboolean
rb_capacity_save_placement (RbDatabase  *db,
                            RbCalendar  *calendar,
                            RbRecord    *placement,
                            const char  *override_reason,
                            const char  *author,
                            GError     **error)
{
  g_autoptr(RbRecord) location = NULL;
  g_autoptr(GArray) periods = NULL;
  const char *location_uuid;
  Period period;
  guint32 day;
  guint taken, capacity;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_RECORD (placement), FALSE);

  location_uuid = rb_record_get_string (placement, "location_uuid");
  if (!rb_record_validate (placement, error)
      || (location = get_location (db, location_uuid, error)) == NULL
      || (periods = list_periods (db, calendar, location_uuid, rb_record_get_uuid (placement),
                                  error)) == NULL)
    return FALSE;

  placement_period (calendar, placement, &period);
  taken = peak_during (periods, &period, &day);
  capacity = capacity_of (location);
  if (taken < capacity)
    return rb_store_save (db, placement, error);

  if (rb_str_is_blank (override_reason))
    {
      GDate date;
      g_autofree char *text = NULL;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      text = rb_date_format (&date);
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("%s is full: on %s it already holds %u of its %u bridge pupils. Give a "
                     "reason to place one more; it is written in the logbook."),
                   rb_record_get_string (location, "name"), text, taken, capacity);
      return FALSE;
    }
  if (rb_str_is_blank (author))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("Exceeding the capacity needs the name of who decides it, for the logbook"));
      return FALSE;
    }
  return save_with_override (db, placement, location, taken, capacity, override_reason, author,
                             error);
}
