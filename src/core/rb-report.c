/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "rb-date.h"
#include "rb-document.h"
#include "rb-error.h"
#include "rb-layout.h"
#include "rb-report.h"
#include "rb-store.h"

/*
 * The quarterly report for the SWV board and the Inspectie's thuiszittersregistratie.
 *
 * Both read a case's history from its status changes: "at home" is every stretch of time
 * in the status thuiszitter or absoluut-verzuim, from the day it began up to (not
 * including) the day of the next other status. A reopened case has several stretches;
 * its time at home is their sum. A case without status changes (imported, or older than
 * them) is read from its own dates.
 */

typedef struct
{
  guint32 day;
  guint order;
  const char *status;
} Event;

typedef struct
{
  RbRecord *record;
  RbRecord *pupil;
  RbRecord *school;
  GArray *events;    /* Event, by day */
} CaseHistory;

static guint32
julian (const char *iso)
{
  GDate date;

  if (iso == NULL || !rb_date_parse (iso, &date, NULL))
    return 0;
  return g_date_get_julian (&date);
}

static char *
iso_of (guint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  return rb_date_format (&date);
}

static gboolean
is_home (const char *status)
{
  return g_strcmp0 (status, "thuiszitter") == 0 || g_strcmp0 (status, "absoluut-verzuim") == 0;
}

static void
add_event (GArray *events, const char *iso, const char *status)
{
  Event event = { julian (iso), events->len, status };

  if (event.day != 0)
    g_array_append_val (events, event);
}

static int
compare_events (gconstpointer a, gconstpointer b)
{
  const Event *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static void
case_history_free (gpointer data)
{
  CaseHistory *history = data;

  g_array_unref (history->events);
  g_object_unref (history->record);
  g_clear_object (&history->pupil);
  g_clear_object (&history->school);
  g_free (history);
}

/* The status on @day: that of the last event on or before it; NULL before the case opened. */
static const char *
status_on (const CaseHistory *history, guint32 day)
{
  const char *status = NULL;

  for (guint i = 0; i < history->events->len; i++)
    {
      const Event *event = &g_array_index (history->events, Event, i);

      if (event->day > day)
        break;
      status = event->status;
    }
  return status;
}

static gboolean
has_event_in (const CaseHistory *history, const char *status, guint32 from, guint32 to)
{
  for (guint i = 0; i < history->events->len; i++)
    {
      const Event *event = &g_array_index (history->events, Event, i);

      if (event->day >= from && event->day <= to
          && (status == NULL || g_strcmp0 (event->status, status) == 0))
        return TRUE;
    }
  return FALSE;
}

/* Time at home up to and including @to: days, first day, and the day it last ended (0
 * while still at home). Whether any of it falls on or after @from goes to @overlaps. */
static guint
days_at_home (const CaseHistory *history, guint32 from, guint32 to, guint32 *first,
              guint32 *ended, gboolean *overlaps)
{
  guint days = 0;
  guint32 start = 0;

  *first = *ended = 0;
  *overlaps = FALSE;
  for (guint i = 0; i <= history->events->len; i++)
    {
      const Event *event = i < history->events->len
                               ? &g_array_index (history->events, Event, i) : NULL;
      guint32 day = event != NULL ? MIN (event->day, to + 1) : to + 1;

      if (start != 0 && (event == NULL || !is_home (event->status) || day > to))
        {
          days += day - start;
          *overlaps |= day > from;
          *ended = day <= to ? day : 0;
          start = 0;
        }
      if (event == NULL || event->day > to)
        break;
      if (start == 0 && is_home (event->status))
        {
          start = event->day;
          if (*first == 0)
            *first = start;
        }
    }
  return days;
}

static GPtrArray *
load_histories (RbDatabase *db, GError **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) pupils = NULL;
  g_autoptr(GHashTable) schools = NULL;
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *histories;

  if ((cases = rb_store_list (db, rb_schema_lookup_table ("cases"), NULL, NULL, error)) == NULL
      || (changes = rb_store_list (db, rb_schema_lookup_table ("status_changes"), NULL, NULL,
                                   error)) == NULL
      || (pupils = rb_store_index_by_uuid (db, "pupils", error)) == NULL
      || (schools = rb_store_index_by_uuid (db, "schools", error)) == NULL)
    return NULL;

  histories = g_ptr_array_new_with_free_func (case_history_free);
  for (guint i = 0; i < cases->len; i++)
    {
      CaseHistory *history = g_new0 (CaseHistory, 1);
      const char *school_uuid;

      RbRecord *pupil, *school;

      history->record = g_object_ref (g_ptr_array_index (cases, i));
      pupil = g_hash_table_lookup (pupils, rb_record_get_string (history->record, "pupil_uuid"));
      school_uuid = pupil != NULL ? rb_record_get_string (pupil, "school_uuid") : NULL;
      school = school_uuid != NULL ? g_hash_table_lookup (schools, school_uuid) : NULL;
      history->pupil = pupil != NULL ? g_object_ref (pupil) : NULL;
      history->school = school != NULL ? g_object_ref (school) : NULL;
      history->events = g_array_new (FALSE, FALSE, sizeof (Event));
      add_event (history->events, rb_record_get_string (history->record, "opened_on"),
                 "signalering");
      g_hash_table_insert (by_uuid, (gpointer) rb_record_get_uuid (history->record), history);
      g_ptr_array_add (histories, history);
    }

  for (guint i = 0; i < changes->len; i++)
    {
      RbRecord *change = g_ptr_array_index (changes, i);
      CaseHistory *history = g_hash_table_lookup (by_uuid,
                                                  rb_record_get_string (change, "case_uuid"));

      if (history != NULL)
        add_event (history->events, rb_record_get_string (change, "changed_on"),
                   g_intern_string (rb_record_get_string (change, "status")));
    }

  for (guint i = 0; i < histories->len; i++)
    {
      CaseHistory *history = g_ptr_array_index (histories, i);
      RbRecord *record = history->record;

      if (history->events->len == 1)
        {
          add_event (history->events, rb_record_get_string (record, "threatened_since"),
                     "dreigend");
          add_event (history->events, rb_record_get_string (record, "thuiszitter_since"),
                     g_strcmp0 (rb_record_get_string (record, "status"), "absoluut-verzuim") == 0
                         ? "absoluut-verzuim" : "thuiszitter");
          add_event (history->events, rb_record_get_string (record, "closed_on"), "afgesloten");
        }
      g_array_sort (history->events, compare_events);
    }
  return histories;
}

/**
 * rb_report_parse_quarter:
 * @text: a quarter as "2026Q3" (also "2026-Q3" or lower case)
 * @from: (out): its first day (ISO)
 * @to: (out): its last day
 * @error: set to %RB_ERROR_INVALID when @text is no quarter
 *
 * Returns: %TRUE when @text names a quarter.
 */
gboolean
rb_report_parse_quarter (const char *text, char **from, char **to, GError **error)
{
  guint year = 0, quarter = 0;
  char separator[2] = { 0 };
  GDate first, last;
  int used = 0;

  /* The whole text: "2026Q33" is no quarter. */
  if (text == NULL
      || !((sscanf (text, "%4u%1[Qq]%1u%n", &year, separator, &quarter, &used) == 3
            && text[used] == '\0')
           || (sscanf (text, "%4u-%1[Qq]%1u%n", &year, separator, &quarter, &used) == 3
               && text[used] == '\0'))
      || quarter < 1 || quarter > 4 || year < RB_DATE_MIN_YEAR || year > RB_DATE_MAX_YEAR)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a quarter: write the year and the quarter, like 2026Q3"),
                   text != NULL ? text : "");
      return FALSE;
    }
  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, (GDateMonth) (3 * (quarter - 1) + 1), (GDateYear) year);
  last = first;
  g_date_add_months (&last, 3);
  g_date_subtract_days (&last, 1);
  *from = rb_date_format (&first);
  *to = rb_date_format (&last);
  return TRUE;
}

/* Groups and locations both start with their name, and own nothing else. */
static void
named_free (gpointer data)
{
  g_free (*(char **) data);
  g_free (data);
}

void
rb_report_free (RbReport *report)
{
  if (report == NULL)
    return;
  g_free (report->from);
  g_free (report->to);
  g_clear_pointer (&report->outcomes, g_ptr_array_unref);
  g_clear_pointer (&report->schools, g_ptr_array_unref);
  g_clear_pointer (&report->boards, g_ptr_array_unref);
  g_clear_pointer (&report->locations, g_ptr_array_unref);
  g_free (report);
}

static RbReportGroup *
group_for (GHashTable *groups, GPtrArray *list, const char *name)
{
  RbReportGroup *group = g_hash_table_lookup (groups, name);

  if (group == NULL)
    {
      group = g_new0 (RbReportGroup, 1);
      group->name = g_strdup (name);
      g_hash_table_insert (groups, group->name, group);
      g_ptr_array_add (list, group);
    }
  return group;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  /* Both kinds of rows start with their name. */
  const char *const *x = *(const char *const *const *) a;
  const char *const *y = *(const char *const *const *) b;

  return g_utf8_collate (*x, *y);
}

typedef struct
{
  GHashTable *index;
  GPtrArray *list;
} Groups;

static void
groups_init (Groups *groups, GDestroyNotify free_func)
{
  groups->index = g_hash_table_new (g_str_hash, g_str_equal);
  groups->list = g_ptr_array_new_with_free_func (free_func);
}

static GPtrArray *
groups_finish (Groups *groups)
{
  g_hash_table_unref (groups->index);
  g_ptr_array_sort (groups->list, compare_names);
  return groups->list;
}

static void
count_case (RbReportGroup *group, gboolean is_new, gboolean closed, gboolean home, gboolean long_home)
{
  group->n_active++;
  group->n_new += is_new;
  group->n_closed += closed;
  group->n_home += home;
  group->n_long += long_home;
}

static gboolean
count_placements (RbDatabase *db, RbReport *report, guint32 from, guint32 to, GError **error)
{
  g_autoptr(GPtrArray) placements = NULL;
  g_autoptr(GHashTable) locations = NULL;
  Groups groups;
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (guint));

  if ((placements = rb_store_list (db, rb_schema_lookup_table ("placements"), NULL, NULL,
                                   error)) == NULL
      || (locations = rb_store_index_by_uuid (db, "bridge_locations", error)) == NULL)
    return FALSE;

  groups_init (&groups, named_free);
  for (guint i = 0; i < placements->len; i++)
    {
      RbRecord *placement = g_ptr_array_index (placements, i);
      RbRecord *location = g_hash_table_lookup (locations,
                                                rb_record_get_string (placement, "location_uuid"));
      guint32 start = julian (rb_record_get_string (placement, "start_date"));
      guint32 end = julian (rb_record_get_string (placement, "end_date"));
      gboolean running = end == 0 || end > to;
      RbReportLocation *row;
      guint length;

      if (location == NULL || start == 0 || start > to || (end != 0 && end < from))
        continue;
      row = g_hash_table_lookup (groups.index, rb_record_get_string (location, "name"));
      if (row == NULL)
        {
          row = g_new0 (RbReportLocation, 1);
          row->name = g_strdup (rb_record_get_string (location, "name"));
          g_hash_table_insert (groups.index, row->name, row);
          g_ptr_array_add (groups.list, row);
        }
      /* Both the first and the last day are days of the placement. */
      length = (running ? to : end) - start + 1;
      row->n_placements++;
      row->n_running += running;
      row->n_over_aim += length > RB_REPORT_BRIDGE_AIM_DAYS;
      /* Sum the days first; the average is taken once all are in. */
      row->average_weeks += length;
    }
  report->locations = groups_finish (&groups);
  for (guint i = 0; i < report->locations->len; i++)
    {
      RbReportLocation *row = g_ptr_array_index (report->locations, i);

      row->average_weeks = row->average_weeks / row->n_placements / 7.0;
    }
  return TRUE;
}

/**
 * rb_report_compute:
 * @db: an open database
 * @from: first day of the period (ISO)
 * @to: last day of the period (ISO), not before @from
 * @error: return location for an error
 *
 * Counts what the SWV board reads in the quarterly report. Deleted cases are left out;
 * anonymised ones count like any other.
 *
 * Returns: (transfer full): the figures, or %NULL with @error set.
 */
RbReport *
rb_report_compute (RbDatabase *db, const char *from, const char *to, GError **error)
{
  g_autoptr(RbReport) report = NULL;
  g_autoptr(GPtrArray) histories = NULL;
  guint32 first, last;
  Groups outcomes, schools, boards;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  if (!rb_date_parse (from, NULL, error) || !rb_date_parse (to, NULL, error))
    return NULL;
  first = julian (from);
  last = julian (to);
  if (first > last)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("The period ends (%s) before it begins (%s)"), to, from);
      return NULL;
    }
  if ((histories = load_histories (db, error)) == NULL)
    return NULL;

  report = g_new0 (RbReport, 1);
  report->from = g_strdup (from);
  report->to = g_strdup (to);
  groups_init (&outcomes, named_free);
  groups_init (&schools, named_free);
  groups_init (&boards, named_free);
  for (guint i = 0; i < histories->len; i++)
    {
      CaseHistory *history = g_ptr_array_index (histories, i);
      RbRecord *record = history->record;
      const char *status = status_on (history, last);
      const char *exemption = rb_record_get_string (record, "exemption");
      guint32 opened = julian (rb_record_get_string (record, "opened_on"));
      guint32 offer = julian (rb_record_get_string (record, "offer_found_on"));
      guint32 home_start, home_end;
      gboolean is_new, closed, home, long_home;
      guint days;
      const char *school, *board;

      if (status == NULL)
        continue;
      for (guint s = 0; rb_case_statuses[s] != NULL; s++)
        if (g_strcmp0 (rb_case_statuses[s], status) == 0)
          report->n_status[s]++;
      /* Closed before the period: only in the count per status. */
      if (g_strcmp0 (status, "afgesloten") == 0 && !has_event_in (history, NULL, first, last))
        continue;

      is_new = opened >= first;
      closed = has_event_in (history, "afgesloten", first, last);
      days = days_at_home (history, first, last, &home_start, &home_end, &home);
      long_home = home && days > RB_REPORT_LONG_DAYS;
      report->n_new += is_new;
      if (closed)
        {
          const char *outcome = rb_record_get_string (record, "outcome");

          report->n_closed++;
          group_for (outcomes.index, outcomes.list,
                     outcome != NULL ? outcome : _("(no outcome recorded)"))->n_closed++;
        }
      if (home)
        {
          report->n_home++;
          report->buckets[days < RB_REPORT_SHORT_DAYS ? RB_REPORT_UNDER_4_WEEKS
                          : days <= RB_REPORT_LONG_DAYS ? RB_REPORT_4_WEEKS_TO_3_MONTHS
                                                        : RB_REPORT_OVER_3_MONTHS]++;
          /* Decided: an offer by the end date, or 3 months have passed without one. */
          if ((offer != 0 && offer <= last) || home_start + RB_REPORT_LONG_DAYS <= last)
            {
              report->n_offer_decided++;
              report->n_offer_in_time += offer != 0 && offer <= last
                                         && offer <= home_start + RB_REPORT_LONG_DAYS;
            }
        }
      report->n_exempt_5a += g_strcmp0 (exemption, "5a") == 0;
      report->n_exempt_11 += g_strcmp0 (exemption, "11") == 0;

      school = history->school != NULL ? rb_record_get_string (history->school, "name")
                                       : _("(no school)");
      board = history->school != NULL && rb_record_get_string (history->school, "board") != NULL
                  ? rb_record_get_string (history->school, "board") : _("(no school board)");
      count_case (group_for (schools.index, schools.list, school), is_new, closed, home,
                  long_home);
      count_case (group_for (boards.index, boards.list, board), is_new, closed, home, long_home);
    }
  report->outcomes = groups_finish (&outcomes);
  report->schools = groups_finish (&schools);
  report->boards = groups_finish (&boards);
  if (!count_placements (db, report, first, last, error))
    return NULL;
  return g_steal_pointer (&report);
}

const char *
rb_report_bucket_label (RbReportBucket bucket)
{
  static const char *const labels[] = {
    N_("Less than 4 weeks"), N_("4 weeks to 3 months"), N_("More than 3 months"),
  };

  g_return_val_if_fail (bucket < RB_REPORT_N_BUCKETS, NULL);
  return _(labels[bucket]);
}

/**
 * rb_report_section_title:
 * @section: a section of the report
 *
 * Returns: its heading, in sentence case, on screen and in the PDF alike.
 */
const char *
rb_report_section_title (RbReportSection section)
{
  static const char *const titles[] = {
    [RB_REPORT_SECTION_TIME_AT_HOME] = N_("Time at home"),
    [RB_REPORT_SECTION_STATUSES] = N_("Cases per status at the end date"),
    [RB_REPORT_SECTION_NEW_AND_CLOSED] = N_("New and closed cases"),
    [RB_REPORT_SECTION_HOME_AND_EXEMPTIONS] = N_("Time at home and exemptions"),
    [RB_REPORT_SECTION_SCHOOLS] = N_("Per school"),
    [RB_REPORT_SECTION_BOARDS] = N_("Per school board"),
    [RB_REPORT_SECTION_LOCATIONS] = N_("Bridge placements per location"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == RB_REPORT_N_SECTIONS);
  g_return_val_if_fail (section < RB_REPORT_N_SECTIONS, NULL);
  return _(titles[section]);
}

/**
 * rb_report_section_description:
 * @section: a section of the report
 *
 * Returns: (nullable): what its figures count, under the heading; %NULL when the
 *   heading says enough.
 */
const char *
rb_report_section_description (RbReportSection section)
{
  static const char *const descriptions[] = {
    [RB_REPORT_SECTION_TIME_AT_HOME] = N_("Cases at home at some time in the period, by how "
                                          "long they were at home at the end date."),
    [RB_REPORT_SECTION_SCHOOLS] = N_("Cases open at some time in the period."),
    [RB_REPORT_SECTION_BOARDS] = N_("Cases open at some time in the period."),
    [RB_REPORT_SECTION_LOCATIONS] = N_("Average length in weeks; the aim is 8 weeks."),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (descriptions) == RB_REPORT_N_SECTIONS);
  g_return_val_if_fail (section < RB_REPORT_N_SECTIONS, NULL);
  return descriptions[section] != NULL ? _(descriptions[section]) : NULL;
}

/**
 * rb_report_time_at_home_chart:
 * @report: figures
 *
 * The chart of the section %RB_REPORT_SECTION_TIME_AT_HOME: one bar per duration bucket,
 * green to red.
 *
 * Returns: (transfer full): the chart the Reports page and the PDF both draw.
 */
RbBarChart *
rb_report_time_at_home_chart (const RbReport *report)
{
  static const RbBarTone tones[RB_REPORT_N_BUCKETS] = {
    RB_BAR_TONE_GOOD, RB_BAR_TONE_WARNING, RB_BAR_TONE_BAD,
  };
  RbBarChart *chart = rb_bar_chart_new ();

  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    rb_bar_chart_add (chart, rb_report_bucket_label (b), report->buckets[b], tones[b]);
  return chart;
}

/**
 * rb_report_offer_share:
 * @report: figures
 *
 * Returns: the share (0-1) of decided cases with a fitting offer within 3 months, or -1
 *   when no case is decided yet.
 */
double
rb_report_offer_share (const RbReport *report)
{
  return report->n_offer_decided > 0
             ? (double) report->n_offer_in_time / report->n_offer_decided : -1;
}

/**
 * rb_csv_append_cell:
 * @out: the CSV text so far
 * @text: (nullable): one value
 * @last: %TRUE for the last value of a line
 *
 * Appends a value as Dutch Excel reads it: separated by ';', quoted when needed, lines
 * ending in CR LF.
 */
void
rb_csv_append_cell (GString *out, const char *text, gboolean last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ";\"\r\n") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "\"", -1);
      g_autofree char *escaped = g_strjoinv ("\"\"", parts);

      g_string_append_printf (out, "\"%s\"", escaped);
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ";");
}

/**
 * rb_write_file_atomic:
 * @path: the file to write
 * @data: its contents
 * @length: their size
 * @error: set to %RB_ERROR_IO on failure
 *
 * Writes through a temporary file renamed over @path, only readable by the user.
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_write_file_atomic (const char *path, const char *data, gsize length, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
append_number (GString *out, guint value, gboolean last)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  rb_csv_append_cell (out, text, last);
}

/**
 * rb_report_format_decimal:
 * @value: a number
 *
 * Returns: (transfer full): @value with one decimal and a decimal comma, as Dutch
 *   readers and Dutch Excel expect, whatever the locale.
 */
char *
rb_report_format_decimal (double value)
{
  g_autofree char *text = g_strdup_printf ("%.1f", value);

  return g_strdelimit (g_steal_pointer (&text), ".", ',');
}

static void
append_line (GString *out, const char *section, const char *item, guint value)
{
  rb_csv_append_cell (out, section, FALSE);
  rb_csv_append_cell (out, item, FALSE);
  append_number (out, value, TRUE);
}

static void
append_groups (GString *out, const char *section, GPtrArray *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      RbReportGroup *group = g_ptr_array_index (groups, i);
      const struct { const char *what; guint n; } figures[] = {
        { N_("active cases"), group->n_active }, { N_("new"), group->n_new },
        { N_("closed"), group->n_closed }, { N_("at home"), group->n_home },
        { N_("at home more than 3 months"), group->n_long },
      };

      for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
        {
          g_autofree char *item = g_strdup_printf ("%s: %s", group->name, _(figures[f].what));

          append_line (out, section, item, figures[f].n);
        }
    }
}

/**
 * rb_report_write_csv:
 * @report: figures
 * @path: the CSV file to write (replaced atomically)
 * @error: return location for an error
 *
 * Writes the figures as UTF-8 CSV for Dutch Excel: a byte order mark, a header row and
 * one figure per line (section; item; value), ';' separated.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_report_write_csv (const RbReport *report, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  const char *period = _("Period");
  g_autofree char *share = NULL;

  rb_csv_append_cell (out, _("Section"), FALSE);
  rb_csv_append_cell (out, _("Item"), FALSE);
  rb_csv_append_cell (out, _("Value"), TRUE);
  rb_csv_append_cell (out, period, FALSE);
  rb_csv_append_cell (out, _("from"), FALSE);
  rb_csv_append_cell (out, report->from, TRUE);
  rb_csv_append_cell (out, period, FALSE);
  rb_csv_append_cell (out, _("to"), FALSE);
  rb_csv_append_cell (out, report->to, TRUE);
  for (guint s = 0; rb_case_statuses[s] != NULL; s++)
    append_line (out, rb_report_section_title (RB_REPORT_SECTION_STATUSES),
                 rb_case_status_label (rb_case_statuses[s]), report->n_status[s]);
  append_line (out, _("Cases"), _("new"), report->n_new);
  append_line (out, _("Cases"), _("closed"), report->n_closed);
  for (guint i = 0; i < report->outcomes->len; i++)
    {
      RbReportGroup *group = g_ptr_array_index (report->outcomes, i);

      append_line (out, _("Closed per outcome"), group->name, group->n_closed);
    }
  append_line (out, _("Time at home"), _("at home in the period"), report->n_home);
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    append_line (out, _("Time at home"), rb_report_bucket_label (b), report->buckets[b]);
  append_line (out, _("Fitting offer"), _("decided"), report->n_offer_decided);
  append_line (out, _("Fitting offer"), _("within 3 months"), report->n_offer_in_time);
  share = rb_report_offer_share (report) < 0 ? g_strdup ("")
                                             : rb_report_format_decimal (100 * rb_report_offer_share (report));
  rb_csv_append_cell (out, _("Fitting offer"), FALSE);
  rb_csv_append_cell (out, _("percent within 3 months"), FALSE);
  rb_csv_append_cell (out, share, TRUE);
  append_line (out, _("Exemptions"), _("art. 5 onder a"), report->n_exempt_5a);
  append_line (out, _("Exemptions"), _("art. 11"), report->n_exempt_11);
  append_groups (out, rb_report_section_title (RB_REPORT_SECTION_SCHOOLS), report->schools);
  append_groups (out, rb_report_section_title (RB_REPORT_SECTION_BOARDS), report->boards);
  for (guint i = 0; i < report->locations->len; i++)
    {
      RbReportLocation *row = g_ptr_array_index (report->locations, i);
      g_autofree char *placements = g_strdup_printf ("%s: %s", row->name, _("placements"));
      g_autofree char *running = g_strdup_printf ("%s: %s", row->name, _("still running"));
      g_autofree char *over = g_strdup_printf ("%s: %s", row->name, _("longer than 8 weeks"));
      g_autofree char *average = g_strdup_printf ("%s: %s", row->name, _("average weeks"));
      g_autofree char *weeks = rb_report_format_decimal (row->average_weeks);

      append_line (out, _("Bridge placements"), placements, row->n_placements);
      append_line (out, _("Bridge placements"), running, row->n_running);
      append_line (out, _("Bridge placements"), over, row->n_over_aim);
      rb_csv_append_cell (out, _("Bridge placements"), FALSE);
      rb_csv_append_cell (out, average, FALSE);
      rb_csv_append_cell (out, weeks, TRUE);
    }
  return rb_write_file_atomic (path, out->str, out->len, error);
}

static void
add_row (GPtrArray *rows, const char *first, ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_strv_builder_add (builder, cell);
  va_end (args);
  g_ptr_array_add (rows, g_strv_builder_end (builder));
}

static GPtrArray *
new_rows (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

static char *
number (guint value)
{
  return g_strdup_printf ("%u", value);
}

/* A section's heading and what its figures count, as the Reports page shows them. */
static void
layout_section (RbLayout *layout, RbReportSection section)
{
  const char *description = rb_report_section_description (section);

  rb_layout_heading (layout, rb_report_section_title (section));
  if (description != NULL)
    rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 8.5, 0, description);
}

/* Room for a section's heading and two lines of description; and the height up to which a
 * section's table is kept whole with its heading rather than continued on the next page. */
#define HEADING_ROOM 50.0
#define KEEP_WHOLE_HEIGHT 320.0

/* A section of one table, and @after points of what follows it in the section. */
static void
layout_table_section (RbLayout *layout, RbReportSection section, guint n_columns,
                      const char *const *headers, const double *widths, GPtrArray *rows,
                      double after)
{
  double height = rb_layout_get_table_height (layout, n_columns, headers, widths, rows) + after;

  if (height <= KEEP_WHOLE_HEIGHT)
    rb_layout_keep (layout, HEADING_ROOM + height);
  layout_section (layout, section);
  rb_layout_table (layout, n_columns, headers, widths, rows);
}

static void
layout_groups (RbLayout *layout, RbReportSection section, const char *first_column,
               GPtrArray *groups)
{
  const char *headers[] = { first_column, _("Active"), _("New"), _("Closed"), _("At home"),
                            _("> 3 months") };
  /* Wide enough for the Dutch headings ("Afgesloten", "Thuiszittend") to stay whole. */
  const double widths[] = { 3, 1, 1, 1.3, 1.5, 1.2 };
  g_autoptr(GPtrArray) rows = new_rows ();

  for (guint i = 0; i < groups->len; i++)
    {
      RbReportGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *active = number (group->n_active);
      g_autofree char *added = number (group->n_new);
      g_autofree char *closed = number (group->n_closed);
      g_autofree char *home = number (group->n_home);
      g_autofree char *long_home = number (group->n_long);

      add_row (rows, group->name, active, added, closed, home, long_home, NULL);
    }
  layout_table_section (layout, section, G_N_ELEMENTS (headers), headers, widths, rows, 0);
}

static void
layout_summary (const RbReport *report, RbLayout *layout)
{
  const char *two_headers[] = { _("What"), _("Count") };
  const double two_widths[] = { 5, 1 };
  g_autoptr(GPtrArray) statuses = new_rows ();
  g_autoptr(GPtrArray) flow = new_rows ();
  g_autoptr(GPtrArray) durations = new_rows ();
  g_autoptr(RbBarChart) chart = rb_report_time_at_home_chart (report);
  g_autofree char *share = NULL;

  layout_section (layout, RB_REPORT_SECTION_TIME_AT_HOME);
  rb_layout_bar_chart (layout, chart);

  for (guint s = 0; rb_case_statuses[s] != NULL; s++)
    {
      g_autofree char *n = number (report->n_status[s]);

      add_row (statuses, rb_case_status_label (rb_case_statuses[s]), n, NULL);
    }
  layout_table_section (layout, RB_REPORT_SECTION_STATUSES, 2, two_headers, two_widths, statuses,
                        0);

  {
    g_autofree char *added = number (report->n_new);
    g_autofree char *closed = number (report->n_closed);

    add_row (flow, _("New cases"), added, NULL);
    add_row (flow, _("Closed cases"), closed, NULL);
  }
  for (guint i = 0; i < report->outcomes->len; i++)
    {
      RbReportGroup *group = g_ptr_array_index (report->outcomes, i);
      g_autofree char *label = g_strdup_printf ("– %s", group->name);
      g_autofree char *n = number (group->n_closed);

      add_row (flow, label, n, NULL);
    }
  layout_table_section (layout, RB_REPORT_SECTION_NEW_AND_CLOSED, 2, two_headers, two_widths, flow,
                        0);

  {
    g_autofree char *home = number (report->n_home);

    add_row (durations, _("At home at some time in the period"), home, NULL);
  }
  for (guint b = 0; b < RB_REPORT_N_BUCKETS; b++)
    {
      g_autofree char *n = number (report->buckets[b]);
      g_autofree char *label = g_strdup_printf ("– %s", rb_report_bucket_label (b));

      add_row (durations, label, n, NULL);
    }
  {
    g_autofree char *exempt_5a = number (report->n_exempt_5a);
    g_autofree char *exempt_11 = number (report->n_exempt_11);

    add_row (durations, _("Exemption art. 5 onder a"), exempt_5a, NULL);
    add_row (durations, _("Exemption art. 11"), exempt_11, NULL);
  }
  /* With the share of fitting offers under it, one line. */
  layout_table_section (layout, RB_REPORT_SECTION_HOME_AND_EXEMPTIONS, 2, two_headers, two_widths,
                        durations, 16);

  if (rb_report_offer_share (report) < 0)
    share = g_strdup (_("no case decided yet"));
  else
    share = g_strdup_printf (_("%.0f%% (%u of %u)"), 100 * rb_report_offer_share (report),
                             report->n_offer_in_time, report->n_offer_decided);
  rb_layout_field (layout, _("Fitting offer within 3 months"), share);
}

static void
layout_locations (const RbReport *report, RbLayout *layout)
{
  const char *headers[] = { _("Bridge location"), _("Placements"), _("Still running"),
                            _("Average weeks (aim 8)"), _("Longer than 8 weeks") };
  const double widths[] = { 3, 1.4, 1.2, 1.6, 1.6 };
  g_autoptr(GPtrArray) rows = new_rows ();

  for (guint i = 0; i < report->locations->len; i++)
    {
      RbReportLocation *row = g_ptr_array_index (report->locations, i);
      g_autofree char *placements = number (row->n_placements);
      g_autofree char *running = number (row->n_running);
      g_autofree char *average = rb_report_format_decimal (row->average_weeks);
      g_autofree char *over = number (row->n_over_aim);

      add_row (rows, row->name, placements, running, average, over, NULL);
    }
  layout_table_section (layout, RB_REPORT_SECTION_LOCATIONS, G_N_ELEMENTS (headers), headers,
                        widths, rows, 0);
}

/**
 * rb_report_render_pdf:
 * @report: figures
 * @organisation: the SWV, for the page header
 * @created: (nullable): the creation date of the metadata; now when %NULL
 * @error: return location for an error
 *
 * Lays out the report with the documents' layout engine, section by section as the
 * Reports page shows it: the bar chart of the time at home first, then the tables.
 *
 * Returns: (transfer full): the PDF file, or %NULL with @error set.
 */
GBytes *
rb_report_render_pdf (const RbReport *report, const char *organisation, GDateTime *created,
                      GError **error)
{
  g_autoptr(RbPdf) pdf = rb_pdf_new (error);
  g_autoptr(RbLayout) layout = NULL;
  g_autoptr(GDateTime) now = created != NULL ? g_date_time_ref (created)
                                             : g_date_time_new_now_utc ();
  g_autofree char *from = rb_document_format_date (report->from);
  g_autofree char *to = rb_document_format_date (report->to);
  g_autofree char *title = NULL;
  g_autofree char *period = NULL;

  if (pdf == NULL)
    return NULL;
  layout = rb_layout_new (pdf);
  /* Dates as the documents write them, for a board that reads the report on paper. */
  title = g_strdup_printf (_("Quarterly report thuiszitters %s – %s"), from, to);
  period = g_strdup_printf (_("%s to %s, figures at the end date"), from, to);
  rb_layout_set_header (layout, organisation, _("CONFIDENTIAL"), NULL);
  rb_layout_set_footer (layout, title, _("page {page} of {pages}"));
  rb_layout_title (layout, _("Quarterly report thuiszitters"), 16);
  rb_layout_field (layout, _("Samenwerkingsverband"), organisation);
  rb_layout_field (layout, _("Period"), period);
  layout_summary (report, layout);
  layout_groups (layout, RB_REPORT_SECTION_SCHOOLS, _("School"), report->schools);
  layout_groups (layout, RB_REPORT_SECTION_BOARDS, _("School board"), report->boards);
  layout_locations (report, layout);
  if (!rb_layout_render (layout, error))
    return NULL;
  rb_pdf_set_info (pdf, title, organisation, _("Quarterly report thuiszitters"), now);
  return rb_pdf_finish (pdf, error);
}

/**
 * rb_report_write_pdf:
 * @report: figures
 * @organisation: the SWV, for the page header
 * @path: the PDF file to write (replaced atomically)
 * @error: return location for an error
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_report_write_pdf (const RbReport *report, const char *organisation, const char *path,
                     GError **error)
{
  g_autoptr(GBytes) bytes = rb_report_render_pdf (report, organisation, NULL, error);

  return bytes != NULL && rb_write_file_atomic (path, g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes), error);
}

static void
inspectie_row_free (gpointer data)
{
  RbInspectieRow *row = data;

  g_free (row->id);
  g_free (row->school_type);
  g_free (row->start);
  g_free (row->end);
  g_free (row->offer_on);
  g_free (row->outcome);
  g_free (row);
}

/* Stable for a case within its SWV, and says nothing about the pupil: the same hash of
 * two random identities every quarter. */
static char *
anonymous_id (RbDatabase *db, RbRecord *record)
{
  g_autofree char *text = g_strconcat (rb_database_get_swv_uuid (db), "/",
                                       rb_record_get_uuid (record), NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  g_autofree char *upper = g_ascii_strup (hash, 12);

  return g_strconcat ("TZ-", upper, NULL);
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const RbInspectieRow *x = *(RbInspectieRow *const *) a;
  const RbInspectieRow *y = *(RbInspectieRow *const *) b;
  int by_start = g_strcmp0 (x->start, y->start);

  return by_start != 0 ? by_start : g_strcmp0 (x->id, y->id);
}

/**
 * rb_inspectie_rows:
 * @db: an open database
 * @to: the end date of the registration (ISO)
 * @error: return location for an error
 *
 * The Inspectie's cumulative registration: one row for every case that was ever at home
 * (thuiszitter or absolute absence) or has an exemption under art. 5 onder a, up to @to,
 * whether or not it still is. Anonymised cases keep their row; deleted ones lose it.
 *
 * Returns: (transfer container) (element-type RbInspectieRow): the rows by start date, or
 *   %NULL with @error set.
 */
GPtrArray *
rb_inspectie_rows (RbDatabase *db, const char *to, GError **error)
{
  g_autoptr(GPtrArray) histories = NULL;
  GPtrArray *rows;
  guint32 last;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  if (!rb_date_parse (to, NULL, error) || (histories = load_histories (db, error)) == NULL)
    return NULL;
  last = julian (to);
  rows = g_ptr_array_new_with_free_func (inspectie_row_free);
  for (guint i = 0; i < histories->len; i++)
    {
      CaseHistory *history = g_ptr_array_index (histories, i);
      RbRecord *record = history->record;
      gboolean exempt = g_strcmp0 (rb_record_get_string (record, "exemption"), "5a") == 0;
      guint32 opened = julian (rb_record_get_string (record, "opened_on"));
      guint32 offer = julian (rb_record_get_string (record, "offer_found_on"));
      guint32 first, ended;
      gboolean any;
      guint days = days_at_home (history, 0, last, &first, &ended, &any);
      gboolean absolute = history->pupil != NULL
                          && !rb_record_get_boolean (history->pupil, "enrolled");
      RbInspectieRow *row;

      if (opened == 0 || opened > last || (!any && !exempt))
        continue;
      for (guint e = 0; e < history->events->len; e++)
        {
          const Event *event = &g_array_index (history->events, Event, e);

          absolute |= event->day <= last && g_strcmp0 (event->status, "absoluut-verzuim") == 0;
        }
      row = g_new0 (RbInspectieRow, 1);
      row->id = anonymous_id (db, record);
      row->category = exempt ? "vrijstelling-5a" : absolute ? "absoluut" : "relatief";
      row->school_type = g_strdup (history->school != NULL
                                   && rb_record_get_string (history->school, "school_type") != NULL
                                       ? rb_record_get_string (history->school, "school_type")
                                       : rb_database_get_school_type (db));
      row->start = iso_of (any ? first : opened);
      row->end = ended != 0 ? iso_of (ended) : NULL;
      row->weeks = round (days / 0.7) / 10;
      row->offer_on = offer != 0 && offer <= last ? iso_of (offer) : NULL;
      if (g_strcmp0 (status_on (history, last), "afgesloten") == 0)
        row->outcome = g_strdup (rb_record_get_string (record, "outcome"));
      g_ptr_array_add (rows, row);
    }
  g_ptr_array_sort (rows, compare_rows);
  return rows;
}

/**
 * rb_inspectie_get_headers:
 * @n_headers: (out): how many
 *
 * Returns: the column titles of the registration, untranslated (pass them through _()).
 */
const char *const *
rb_inspectie_get_headers (guint *n_headers)
{
  static const char *const headers[] = {
    N_("Number"), N_("Category"), N_("School type"), N_("Start"), N_("End"), N_("Weeks at home"),
    N_("Offer found"), N_("Offer found on"), N_("Outcome"),
  };

  *n_headers = G_N_ELEMENTS (headers);
  return headers;
}

const char *
rb_inspectie_category_label (const char *category)
{
  if (g_strcmp0 (category, "vrijstelling-5a") == 0)
    return _("vrijstelling art. 5 onder a");
  if (g_strcmp0 (category, "absoluut") == 0)
    return _("absoluut verzuim");
  return _("langdurig relatief verzuim");
}

/**
 * rb_inspectie_write_csv:
 * @rows: (element-type RbInspectieRow): from rb_inspectie_rows()
 * @path: the CSV file to write (replaced atomically)
 * @error: return location for an error
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_inspectie_write_csv (GPtrArray *rows, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  guint n_headers;
  const char *const *headers = rb_inspectie_get_headers (&n_headers);

  for (guint c = 0; c < n_headers; c++)
    rb_csv_append_cell (out, _(headers[c]), c + 1 == n_headers);
  for (guint i = 0; i < rows->len; i++)
    {
      RbInspectieRow *row = g_ptr_array_index (rows, i);
      g_autofree char *weeks = rb_report_format_decimal (row->weeks);

      rb_csv_append_cell (out, row->id, FALSE);
      rb_csv_append_cell (out, rb_inspectie_category_label (row->category), FALSE);
      rb_csv_append_cell (out, row->school_type, FALSE);
      rb_csv_append_cell (out, row->start, FALSE);
      rb_csv_append_cell (out, row->end, FALSE);
      rb_csv_append_cell (out, weeks, FALSE);
      rb_csv_append_cell (out, row->offer_on != NULL ? _("yes") : _("no"), FALSE);
      rb_csv_append_cell (out, row->offer_on, FALSE);
      rb_csv_append_cell (out, row->outcome, TRUE);
    }
  return rb_write_file_atomic (path, out->str, out->len, error);
}
