/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-signals"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-schema.h"
#include "rb-signals.h"
#include "rb-store.h"

/**
 * RbSignals:
 *
 * The signal engine of one SWV database: its enabled criteria (rows of "criteria", for
 * the database's PO/VO kind or "all"), compiled against its school calendar, evaluated
 * over a pupil's absence records. Editing a criterion in the database changes the
 * result; nothing of a rule is in this file but the meaning of its unit:
 *
 * - hours: the sum of hours of the criterion's kinds in the window;
 * - count: times late (late_count) for LATE, one per record for other kinds;
 * - consecutive_days: school days in a row with such a record; weekends and holidays
 *   neither count nor break the row (the window is not used);
 * - reports: sick reports, a report being the first school day of such a row;
 * - percent: hours / (school days in the window × day_hours) × 100;
 * - days: days absent, one day counting min (1, hours / day_hours);
 * - days_per_week: each of the last window_length weeks has threshold days absent.
 *
 * A rolling window ends on each school day in turn (see rb_calendar_window_start());
 * scope "school_year" counts from 1 August and can fire once per school year. A signal
 * fires on the first school day whose window reaches the threshold.
 *
 * Speed: the calendar is turned into per-day arrays once (school day, window starts per
 * criterion); a pupil costs one pass over their records and, per criterion, one pass
 * over the school days between their first and last record, with prefix sums.
 */

#define EPSILON 1e-9

/* When a criterion counted in days or percent does not say how long a school day is. */
#define DEFAULT_DAY_HOURS 5.5

typedef enum
{
  UNIT_HOURS,
  UNIT_COUNT,
  UNIT_CONSECUTIVE_DAYS,
  UNIT_REPORTS,
  UNIT_PERCENT,
  UNIT_DAYS,
  UNIT_DAYS_PER_WEEK,
} Unit;

static const char *const unit_names[] = {
  "hours", "count", "consecutive_days", "reports", "percent", "days", "days_per_week", NULL
};

typedef struct
{
  RbRecord *record;
  guint mask;
  guint slot;
  Unit unit;
  gboolean more_than;
  double threshold;
  double day_hours;
  gboolean per_school_year;
  /* starts[w][day]: first day of the window of w + 1 weeks (days_per_week) or of the
   * whole window, ending on day; -1 where no window can be counted. */
  gint32 **starts;
  guint n_starts;
} Criterion;

typedef struct
{
  gint32 day;
  guint kind;
  double hours;
  double count;
  const char *uuid;
  guint seq;
} Row;

struct _RbSignals
{
  GObject parent_instance;

  RbCalendar *calendar;
  GArray *criteria;
  guint late_kind;

  /* Distinct kind masks: criteria that count the same kinds share their day sums. */
  guint n_slots;
  guint *slot_masks;

  /* The known span of the calendar, by day index (Julian - first_julian). */
  guint32 first_julian;
  gint32 n_days;
  guint8 *school;
  guint8 *known;
  guint32 *school_before;
  gint32 *block_start;
  gint32 *year_end;

  /* Scratch for one pupil, indexed by day; reused so that a pupil allocates little. */
  double *hours;   /* [slot * n_days + day] */
  double *counts;
  double *prefix;  /* [day + 1] */
  gint32 *reports;
  GArray *rows;
  GStringChunk *uuids;
};

G_DEFINE_FINAL_TYPE (RbSignals, rb_signals, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (RbSignal, rb_signal, rb_signal_copy, rb_signal_free)

RbSignal *
rb_signal_copy (const RbSignal *signal)
{
  RbSignal *copy = g_new0 (RbSignal, 1);

  *copy = *signal;
  copy->criterion_uuid = g_strdup (signal->criterion_uuid);
  copy->code = g_strdup (signal->code);
  copy->name = g_strdup (signal->name);
  copy->action = g_strdup (signal->action);
  copy->source = g_strdup (signal->source);
  copy->unit = g_strdup (signal->unit);
  copy->comparison = g_strdup (signal->comparison);
  copy->school_year = g_strdup (signal->school_year);
  copy->evidence = g_strdupv (signal->evidence);
  return copy;
}

void
rb_signal_free (RbSignal *signal)
{
  if (signal == NULL)
    return;
  g_free (signal->criterion_uuid);
  g_free (signal->code);
  g_free (signal->name);
  g_free (signal->action);
  g_free (signal->source);
  g_free (signal->unit);
  g_free (signal->comparison);
  g_free (signal->school_year);
  g_strfreev (signal->evidence);
  g_free (signal);
}

static void
criterion_clear (gpointer data)
{
  Criterion *c = data;

  g_clear_object (&c->record);
  for (guint w = 0; w < c->n_starts; w++)
    g_free (c->starts[w]);
  g_free (c->starts);
}

static void
rb_signals_finalize (GObject *object)
{
  RbSignals *self = RB_SIGNALS (object);

  g_clear_object (&self->calendar);
  g_array_unref (self->criteria);
  g_free (self->slot_masks);
  g_free (self->school);
  g_free (self->known);
  g_free (self->school_before);
  g_free (self->block_start);
  g_free (self->year_end);
  g_free (self->hours);
  g_free (self->counts);
  g_free (self->prefix);
  g_free (self->reports);
  g_array_unref (self->rows);
  g_string_chunk_free (self->uuids);

  G_OBJECT_CLASS (rb_signals_parent_class)->finalize (object);
}

static void
rb_signals_class_init (RbSignalsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_signals_finalize;
}

static void
rb_signals_init (RbSignals *self)
{
  self->criteria = g_array_new (FALSE, TRUE, sizeof (Criterion));
  g_array_set_clear_func (self->criteria, criterion_clear);
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->uuids = g_string_chunk_new (64 * 1024);
}

static guint
lookup_index (const char *const *names, const char *name)
{
  guint i;

  for (i = 0; names[i] != NULL && g_strcmp0 (names[i], name) != 0; i++)
    ;
  return i;
}

static void
day_to_date (RbSignals *self, gint32 day, GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_julian (date, self->first_julian + (guint32) day);
}

static RbWindowUnit
window_unit_of (const char *name)
{
  static const char *const names[] = {
    "school_weeks", "weeks", "school_days", "school_year", NULL
  };

  return (RbWindowUnit) lookup_index (names, name);
}

/* Per-day facts of the calendar, computed once for all pupils. */
static void
build_days (RbSignals *self)
{
  GDate first, last, date;
  guint32 school = 0;

  if (!rb_calendar_get_known_span (self->calendar, &first, &last))
    return;
  self->first_julian = g_date_get_julian (&first);
  self->n_days = (gint32) (g_date_get_julian (&last) - self->first_julian + 1);
  self->school = g_new (guint8, self->n_days);
  self->known = g_new (guint8, self->n_days);
  self->school_before = g_new (guint32, self->n_days + 1);
  self->block_start = g_new (gint32, self->n_days);
  self->year_end = g_new (gint32, self->n_days);

  for (gint32 day = 0; day < self->n_days; day++)
    {
      GDate year_last;

      day_to_date (self, day, &date);
      self->school[day] = rb_calendar_is_school_day (self->calendar, &date);
      self->known[day] = rb_calendar_check_known (self->calendar, &date, &date, NULL);
      self->school_before[day] = school;
      school += self->school[day];
      self->block_start[day] = day > 0 && self->known[day - 1] ? self->block_start[day - 1] : day;
      rb_calendar_get_school_year_span (rb_calendar_school_year_of (&date), NULL, &year_last);
      self->year_end[day] = MIN ((gint32) (g_date_get_julian (&year_last) - self->first_julian),
                                 self->n_days - 1);
    }
  self->school_before[self->n_days] = school;
}

/*
 * Where the window ending on each school day starts. Windows that would reach into a
 * missing school year are cut at the start of the known block: no record can lie there,
 * since a record in a missing year stops the evaluation with an error. Week-by-week
 * criteria get -1 instead, as their weeks cannot be counted.
 */
static gint32 *
build_starts (RbSignals *self, guint length, RbWindowUnit unit, gboolean cut)
{
  gint32 *starts = g_new (gint32, self->n_days);

  for (gint32 day = 0; day < self->n_days; day++)
    {
      GDate end, start;

      starts[day] = -1;
      if (!self->known[day] || !self->school[day])
        continue;
      day_to_date (self, day, &end);
      if (rb_calendar_window_start (self->calendar, &end, length, unit, &start, NULL)
          && g_date_get_julian (&start) >= self->first_julian + (guint32) self->block_start[day])
        starts[day] = (gint32) (g_date_get_julian (&start) - self->first_julian);
      else if (cut)
        starts[day] = self->block_start[day];
    }
  return starts;
}

static guint
slot_for_mask (RbSignals *self, guint mask)
{
  for (guint i = 0; i < self->n_slots; i++)
    if (self->slot_masks[i] == mask)
      return i;
  self->slot_masks = g_renew (guint, self->slot_masks, self->n_slots + 1);
  self->slot_masks[self->n_slots] = mask;
  return self->n_slots++;
}

static gboolean
compile_criterion (RbSignals *self, RbRecord *record, GError **error)
{
  Criterion c = { 0 };
  RbWindowUnit unit;
  guint length;

  /* The table's own check refuses unknown kinds and windows without a length. */
  if (!rb_record_validate (record, error)
      || !rb_absence_kinds_parse (rb_record_get_string (record, "kinds"), &c.mask, error))
    return FALSE;

  c.record = g_object_ref (record);
  c.slot = slot_for_mask (self, c.mask);
  c.unit = (Unit) lookup_index (unit_names, rb_record_get_string (record, "unit"));
  c.more_than = g_strcmp0 (rb_record_get_string (record, "comparison"), "more_than") == 0;
  c.threshold = rb_record_get_double (record, "threshold");
  c.day_hours = rb_record_is_set (record, "day_hours") ? rb_record_get_double (record, "day_hours")
                                                       : DEFAULT_DAY_HOURS;
  unit = window_unit_of (rb_record_get_string (record, "window_unit"));
  c.per_school_year = g_strcmp0 (rb_record_get_string (record, "scope"), "school_year") == 0
                      || unit == RB_WINDOW_SCHOOL_YEAR;
  length = (guint) MAX (rb_record_get_int (record, "window_length"), 0);

  if (c.unit == UNIT_DAYS_PER_WEEK)
    {
      c.n_starts = MAX (length, 1);
      c.starts = g_new0 (gint32 *, c.n_starts);
      if (unit != RB_WINDOW_WEEKS)
        unit = RB_WINDOW_SCHOOL_WEEKS;
      for (guint w = 0; w < c.n_starts; w++)
        c.starts[w] = build_starts (self, w + 1, unit, FALSE);
    }
  else if (c.unit != UNIT_CONSECUTIVE_DAYS)
    {
      c.n_starts = 1;
      c.starts = g_new0 (gint32 *, 1);
      c.starts[0] = c.per_school_year ? build_starts (self, 0, RB_WINDOW_SCHOOL_YEAR, TRUE)
                                      : build_starts (self, length, unit, TRUE);
    }
  g_array_append_val (self->criteria, c);
  return TRUE;
}

/**
 * rb_signals_new:
 * @db: an open database
 * @calendar: its school calendar
 * @error: set when a criterion cannot be evaluated (an unknown kind of absence...)
 *
 * Compiles the database's enabled criteria. Reuse the engine for many pupils; it is
 * not safe to use from two threads at once.
 *
 * Returns: (transfer full): the engine, or %NULL with @error set.
 */
RbSignals *
rb_signals_new (RbDatabase *db, RbCalendar *calendar, GError **error)
{
  g_autoptr(RbSignals) self = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char *school_type;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), NULL);

  records = rb_store_list (db, rb_schema_lookup_table ("criteria"), NULL, NULL, error);
  if (records == NULL)
    return NULL;

  self = g_object_new (RB_TYPE_SIGNALS, NULL);
  self->calendar = g_object_ref (calendar);
  self->late_kind = lookup_index ((const char *const *) rb_absence_kinds, "LATE");
  build_days (self);

  school_type = rb_database_get_school_type (db);
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *record = g_ptr_array_index (records, i);
      const char *type = rb_record_get_string (record, "school_type");

      if (!rb_record_get_boolean (record, "enabled")
          || (g_strcmp0 (type, school_type) != 0 && g_strcmp0 (type, "all") != 0))
        continue;
      if (!compile_criterion (self, record, error))
        return NULL;
    }

  self->hours = g_new0 (double, (gsize) self->n_slots * self->n_days + 1);
  self->counts = g_new0 (double, (gsize) self->n_slots * self->n_days + 1);
  self->prefix = g_new0 (double, self->n_days + 1);
  self->reports = g_new0 (gint32, self->n_days + 1);
  return g_steal_pointer (&self);
}

guint
rb_signals_get_n_criteria (RbSignals *self)
{
  g_return_val_if_fail (RB_IS_SIGNALS (self), 0);
  return self->criteria->len;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y, guint m, guint d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* GDate's Julian day of 1970-01-01: Julian day 1 is 1 January of year 1. */
#define JULIAN_1970 719163

/* Dates were checked on save, so this only reads YYYY-MM-DD fast; GDate is slower. */
static gboolean
parse_julian (const char *text, gint64 *julian)
{
  guint v[8];

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0, j = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v[j++] = (guint) (text[i] - '0');
    }
  *julian = days_from_civil (v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], v[4] * 10 + v[5],
                             v[6] * 10 + v[7]) + JULIAN_1970;
  return TRUE;
}

/* Reads uuid, absence_date, kind, hours, late_count from @stmt's columns @col... into
 * @rows, the UUID copied into @uuids. */
static void
add_row (RbSignals *self, sqlite3_stmt *stmt, int col, GArray *rows, GStringChunk *uuids)
{
  const char *kind = (const char *) sqlite3_column_text (stmt, col + 2);
  Row row;
  gint64 julian;

  if (!parse_julian ((const char *) sqlite3_column_text (stmt, col + 1), &julian))
    julian = -1;
  row.day = (gint32) CLAMP (julian - (gint64) self->first_julian, G_MININT32 / 2, G_MAXINT32 / 2);
  row.kind = lookup_index ((const char *const *) rb_absence_kinds, kind);
  row.hours = sqlite3_column_double (stmt, col + 3);
  row.count = row.kind == self->late_kind ? MAX (sqlite3_column_int (stmt, col + 4), 1) : 1;
  row.uuid = g_string_chunk_insert (uuids, (const char *) sqlite3_column_text (stmt, col));
  row.seq = rows->len;
  g_array_append_val (rows, row);
}

static gboolean
meets (const Criterion *c, double value)
{
  return c->more_than ? value > c->threshold + EPSILON : value >= c->threshold - EPSILON;
}

static double *
slot_hours (RbSignals *self, const Criterion *c)
{
  return self->hours + (gsize) c->slot * self->n_days;
}

static double *
slot_counts (RbSignals *self, const Criterion *c)
{
  return self->counts + (gsize) c->slot * self->n_days;
}

/* prefix[d + 1] - prefix[from] is the criterion's measure over days [from, d]. */
static void
fill_prefix (RbSignals *self, const Criterion *c, gint32 a, gint32 b)
{
  const double *hours = slot_hours (self, c), *counts = slot_counts (self, c);
  double sum = 0;

  self->prefix[a] = 0;
  for (gint32 day = a; day <= b; day++)
    {
      switch (c->unit)
        {
        case UNIT_COUNT:
          sum += counts[day];
          break;
        case UNIT_DAYS:
        case UNIT_DAYS_PER_WEEK:
          sum += MIN (1.0, hours[day] / c->day_hours);
          break;
        default:
          sum += hours[day];
        }
      self->prefix[day + 1] = sum;
    }
}


static guint
first_report_from (RbSignals *self, guint n_reports, gint32 start)
{
  guint lo = 0, hi = n_reports;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (self->reports[mid] < start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
is_report_start (RbSignals *self, guint n_reports, gint32 day)
{
  guint i = first_report_from (self, n_reports, day);

  return i < n_reports && self->reports[i] == day;
}

static void
add_signal (RbSignals       *self,
            const Criterion *c,
            gint32           fired,
            gint32           window_start,
            double           value,
            gint32           from,
            guint            n_reports,
            GPtrArray       *signals)
{
  RbSignal *signal = g_new0 (RbSignal, 1);
  g_autoptr(GStrvBuilder) evidence = g_strv_builder_new ();

  signal->criterion_uuid = g_strdup (rb_record_get_uuid (c->record));
  signal->code = g_strdup (rb_record_get_string (c->record, "code"));
  signal->name = g_strdup (rb_record_get_string (c->record, "name"));
  signal->action = g_strdup (rb_record_get_string (c->record, "action"));
  signal->source = g_strdup (rb_record_get_string (c->record, "source"));
  signal->unit = g_strdup (rb_record_get_string (c->record, "unit"));
  signal->comparison = g_strdup (rb_record_get_string (c->record, "comparison"));
  signal->value = value;
  signal->threshold = c->threshold;
  day_to_date (self, fired, &signal->first_fired);
  day_to_date (self, MAX (window_start, 0), &signal->window_start);
  if (c->per_school_year)
    signal->school_year = rb_calendar_format_school_year (
        rb_calendar_school_year_of (&signal->first_fired));

  /* The records of the counted kinds in the window; for reports, the first day of each. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);

      if (row->day < from || row->day > fired || !(c->mask & (1u << row->kind)))
        continue;
      if (c->unit == UNIT_REPORTS && !is_report_start (self, n_reports, row->day))
        continue;
      g_strv_builder_add (evidence, row->uuid);
    }
  signal->evidence = g_strv_builder_end (evidence);
  g_ptr_array_add (signals, signal);
}

static void
evaluate_window (RbSignals *self, const Criterion *c, gint32 a, gint32 b, GPtrArray *signals)
{
  fill_prefix (self, c, a, b);
  for (gint32 day = a; day <= b; day++)
    {
      gint32 start = c->starts[0][day], from;
      double value;

      if (start < 0)
        continue;
      from = MAX (start, a);
      value = self->prefix[day + 1] - self->prefix[from];
      if (c->unit == UNIT_PERCENT)
        {
          guint n_school = self->school_before[day + 1] - self->school_before[start];
          value = n_school > 0 ? 100.0 * value / (n_school * c->day_hours) : 0;
        }
      if (!meets (c, value))
        continue;
      add_signal (self, c, day, start, value, from, 0, signals);
      if (!c->per_school_year)
        return;
      day = self->year_end[day];
    }
}

static void
evaluate_row (RbSignals *self, const Criterion *c, gint32 a, gint32 b, GPtrArray *signals)
{
  const double *counts = slot_counts (self, c);
  gint32 run = 0, run_start = a;

  for (gint32 day = a; day <= b; day++)
    {
      if (!self->school[day])
        continue;
      if (counts[day] == 0)
        {
          run = 0;
          continue;
        }
      if (run++ == 0)
        run_start = day;
      if (!meets (c, run))
        continue;
      add_signal (self, c, day, run_start, run, run_start, 0, signals);
      if (!c->per_school_year)
        return;
      day = self->year_end[day];
      run = 0;
    }
}

static void
evaluate_reports (RbSignals *self, const Criterion *c, gint32 a, gint32 b, GPtrArray *signals)
{
  const double *counts = slot_counts (self, c);
  gboolean previous = FALSE;
  guint n_reports = 0;

  for (gint32 day = a; day <= b; day++)
    {
      gboolean absent;
      gint32 start;
      guint value;

      if (!self->school[day])
        continue;
      absent = counts[day] > 0;
      if (!absent || previous || (start = c->starts[0][day]) < 0)
        {
          previous = absent;
          continue;
        }
      previous = TRUE;
      self->reports[n_reports++] = day;
      value = n_reports - first_report_from (self, n_reports, start);
      if (!meets (c, value))
        continue;
      add_signal (self, c, day, start, value, start, n_reports, signals);
      if (!c->per_school_year)
        return;
      day = self->year_end[day];
      previous = FALSE;
    }
}

static void
evaluate_weeks (RbSignals *self, const Criterion *c, gint32 a, gint32 b, GPtrArray *signals)
{
  fill_prefix (self, c, a, b);
  for (gint32 day = a; day <= b; day++)
    {
      double least = G_MAXDOUBLE;
      gint32 start;
      guint w;

      for (w = 0; w < c->n_starts; w++)
        {
          gint32 week = c->starts[w][day];
          gint32 from = MAX (week, a), to = MIN (week + 6, b);
          double days;

          if (week < 0)
            break;
          days = from <= to ? self->prefix[to + 1] - self->prefix[from] : 0;
          if (!meets (c, days))
            break;
          least = MIN (least, days);
        }
      if (w < c->n_starts)
        continue;
      start = c->starts[c->n_starts - 1][day];
      add_signal (self, c, day, start, least, MAX (start, a), 0, signals);
      if (!c->per_school_year)
        return;
      day = self->year_end[day];
    }
}

static int
compare_signals (gconstpointer a, gconstpointer b)
{
  const RbSignal *x = *(const RbSignal **) a, *y = *(const RbSignal **) b;
  int order = g_date_compare (&x->first_fired, &y->first_fired);

  return order != 0 ? order : g_strcmp0 (x->code, y->code);
}

/* Evaluates the rows read for one pupil (sorted by date) up to and including @today. */
static GPtrArray *
evaluate_rows (RbSignals *self, gint32 today, GError **error)
{
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_signal_free);
  Row *rows = (Row *) (gpointer) self->rows->data;
  guint n_rows = self->rows->len;
  gint32 a, b;

  /* Records after today do not count yet. */
  while (n_rows > 0 && rows[n_rows - 1].day > today)
    n_rows--;
  g_array_set_size (self->rows, n_rows);
  if (n_rows == 0)
    return g_steal_pointer (&signals);

  for (guint i = 0; i < n_rows; i++)
    if (rows[i].day < 0 || rows[i].day >= self->n_days || !self->known[rows[i].day])
      {
        g_autoptr(GError) local_error = NULL;
        GDate date;

        g_date_clear (&date, 1);
        g_date_set_julian (&date, (guint32) MAX ((gint64) self->first_julian + rows[i].day, 1));
        if (rb_calendar_check_known (self->calendar, &date, &date, &local_error))
          g_set_error (&local_error, RB_ERROR, RB_ERROR_CALENDAR_MISSING,
                       _("The school calendar is missing"));
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }

  /* Windows keep moving after the last record (an empty holiday week drops out of a
   * week-by-week window), so evaluate one more week, up to today. */
  a = rows[0].day;
  b = MIN (MIN (rows[n_rows - 1].day + 6, today), self->n_days - 1);
  while (b > rows[n_rows - 1].day && !self->known[b])
    b--;
  for (guint s = 0; s < self->n_slots; s++)
    {
      memset (self->hours + (gsize) s * self->n_days + a, 0, sizeof (double) * (b - a + 1));
      memset (self->counts + (gsize) s * self->n_days + a, 0, sizeof (double) * (b - a + 1));
    }
  for (guint i = 0; i < n_rows; i++)
    for (guint s = 0; s < self->n_slots; s++)
      if (self->slot_masks[s] & (1u << rows[i].kind))
        {
          self->hours[(gsize) s * self->n_days + rows[i].day] += rows[i].hours;
          self->counts[(gsize) s * self->n_days + rows[i].day] += rows[i].count;
        }

  for (guint i = 0; i < self->criteria->len; i++)
    {
      const Criterion *c = &g_array_index (self->criteria, Criterion, i);

      switch (c->unit)
        {
        case UNIT_CONSECUTIVE_DAYS:
          evaluate_row (self, c, a, b, signals);
          break;
        case UNIT_REPORTS:
          evaluate_reports (self, c, a, b, signals);
          break;
        case UNIT_DAYS_PER_WEEK:
          evaluate_weeks (self, c, a, b, signals);
          break;
        default:
          evaluate_window (self, c, a, b, signals);
        }
    }
  g_ptr_array_sort (signals, compare_signals);
  return g_steal_pointer (&signals);
}

static gint32
today_index (RbSignals *self, RbDatabase *db, const GDate *today)
{
  GDate date;

  if (today == NULL)
    {
      rb_database_get_today (db, &date);
      today = &date;
    }
  return (gint32) CLAMP ((gint64) g_date_get_julian (today) - (gint64) self->first_julian,
                         G_MININT32 / 2, G_MAXINT32 / 2);
}

static void
reset_rows (RbSignals *self)
{
  g_array_set_size (self->rows, 0);
  g_string_chunk_clear (self->uuids);
}

#define ROW_COLUMNS "uuid, absence_date, kind, hours, late_count"

/**
 * rb_signals_evaluate_pupil:
 * @self: an engine
 * @db: the database it was made for
 * @pupil_uuid: a pupil
 * @today: (nullable): count records up to this day; %NULL for today
 * @error: set to %RB_ERROR_CALENDAR_MISSING when a record lies in a school year whose
 *   calendar is missing
 *
 * Returns: (transfer full) (element-type RbSignal): the pupil's signals, by date.
 */
GPtrArray *
rb_signals_evaluate_pupil (RbSignals   *self,
                           RbDatabase  *db,
                           const char  *pupil_uuid,
                           const GDate *today,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RB_IS_SIGNALS (self), NULL);
  g_return_val_if_fail (pupil_uuid != NULL, NULL);

  stmt = rb_database_prepare (db, "SELECT " ROW_COLUMNS " FROM absences "
                              "WHERE deleted = 0 AND pupil_uuid = ? ORDER BY absence_date", error);
  if (stmt == NULL)
    return NULL;
  reset_rows (self);
  sqlite3_bind_text (stmt, 1, pupil_uuid, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (self, stmt, 0, self->rows, self->uuids);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return NULL;
    }
  return evaluate_rows (self, today_index (self, db, today), error);
}

/* The absence records of one pupil among all those read, by pupil. */
typedef struct
{
  const char *pupil_uuid;
  guint first;
  guint n_rows;
} Group;

static int
compare_groups (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Group *) a)->pupil_uuid, ((const Group *) b)->pupil_uuid);
}

/* By day; rows of one day keep the order they were read in (their @seq). */
static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const Row *x = a, *y = b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * A run over all pupils: every absence record read in the table's own order, and grouped
 * here by pupil (reading them by pupil through the index costs a lookup of the table row
 * per record, which was most of the time for a large caseload); then evaluated a number
 * of pupils at a time. The records are read in steps of a number of them by rowid, each a
 * query of its own, so that no statement stays open between steps (a window reads them
 * when idle, while edits are saved on the same connection).
 */
struct _RbSignalsRun
{
  RbSignals *engine;
  RbDatabase *db;
  gint32 today;
  /* While reading: the records read so far and the group of each, the groups by pupil. */
  GArray *read;
  GArray *group_of_row;
  GHashTable *group_of_pupil;
  gint64 last_rowid;
  guint last_group;
  gboolean is_read;
  GArray *groups;
  Row *rows;
  GStringChunk *strings;
  guint next;
};

/**
 * rb_signals_run_new:
 * @self: an engine
 * @db: the database it was made for
 * @today: (nullable): count records up to this day; %NULL for today
 *
 * A run for evaluating all pupils: read their absence records with
 * rb_signals_run_read(), then evaluate them in steps with rb_signals_run_step().
 *
 * Returns: (transfer full): the run.
 */
RbSignalsRun *
rb_signals_run_new (RbSignals *self, RbDatabase *db, const GDate *today)
{
  RbSignalsRun *run;

  g_return_val_if_fail (RB_IS_SIGNALS (self), NULL);
  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  run = g_new0 (RbSignalsRun, 1);
  run->engine = g_object_ref (self);
  run->db = g_object_ref (db);
  run->today = today_index (self, db, today);
  run->read = g_array_new (FALSE, FALSE, sizeof (Row));
  run->group_of_row = g_array_new (FALSE, FALSE, sizeof (guint));
  run->group_of_pupil = g_hash_table_new (g_str_hash, g_str_equal);
  run->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  run->strings = g_string_chunk_new (256 * 1024);
  return run;
}

/* Each pupil's records together, in the order read; sorted by day when evaluated. */
static void
group_rows (RbSignalsRun *run)
{
  for (guint g = 0, first = 0; g < run->groups->len; g++)
    {
      Group *group = &g_array_index (run->groups, Group, g);

      group->first = first;
      first += group->n_rows;
      group->n_rows = 0;
    }
  run->rows = g_new (Row, MAX (run->read->len, 1));
  for (guint i = 0; i < run->read->len; i++)
    {
      Group *group = &g_array_index (run->groups, Group,
                                     g_array_index (run->group_of_row, guint, i));

      run->rows[group->first + group->n_rows++] = g_array_index (run->read, Row, i);
    }
  g_array_sort (run->groups, compare_groups);
  g_clear_pointer (&run->read, g_array_unref);
  g_clear_pointer (&run->group_of_row, g_array_unref);
  g_clear_pointer (&run->group_of_pupil, g_hash_table_unref);
  run->is_read = TRUE;
}

/**
 * rb_signals_run_read:
 * @run: a run from rb_signals_run_new()
 * @max_records: how many absence records to read at most in this step
 * @done: (out): set to whether every record is read now
 * @error: set when the records cannot be read
 *
 * Reads the next absence records of @run. Records saved meanwhile are seen when they
 * come after those read, by rowid; those saved after the last step are not.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_signals_run_read (RbSignalsRun *run, guint max_records, gboolean *done, GError **error)
{
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (run != NULL && done != NULL, FALSE);

  *done = run->is_read;
  if (run->is_read)
    return TRUE;
  stmt = rb_database_prepare (run->db, "SELECT rowid, pupil_uuid, " ROW_COLUMNS " FROM absences "
                              "WHERE deleted = 0 AND rowid > ?1 ORDER BY rowid LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->last_rowid);
  sqlite3_bind_int64 (stmt, 2, MAX (max_records, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *pupil = (const char *) sqlite3_column_text (stmt, 1);
      gpointer found;

      /* A pupil's records are often saved together: the previous row's pupil first. */
      if (run->groups->len == 0
          || !g_str_equal (g_array_index (run->groups, Group, run->last_group).pupil_uuid, pupil))
        {
          if (!g_hash_table_lookup_extended (run->group_of_pupil, pupil, NULL, &found))
            {
              Group group = { g_string_chunk_insert (run->strings, pupil), 0, 0 };

              found = GUINT_TO_POINTER (run->groups->len);
              g_hash_table_insert (run->group_of_pupil, (gpointer) group.pupil_uuid, found);
              g_array_append_val (run->groups, group);
            }
          run->last_group = GPOINTER_TO_UINT (found);
        }
      g_array_index (run->groups, Group, run->last_group).n_rows++;
      g_array_append_val (run->group_of_row, run->last_group);
      add_row (run->engine, stmt, 2, run->read, run->strings);
      run->last_rowid = sqlite3_column_int64 (stmt, 0);
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (run->db, rc, error);
      return FALSE;
    }
  if (n < MAX (max_records, 1))
    group_rows (run);
  *done = run->is_read;
  return TRUE;
}

/**
 * rb_signals_run_step:
 * @run: a run
 * @max_pupils: how many pupils to evaluate at most
 * @func: called once per pupil with absence records, in order of pupil UUID
 * @user_data: data for @func
 *
 * Evaluates the next pupils of @run. A pupil that cannot be evaluated gets an error in
 * @func; the others are still evaluated.
 *
 * Returns: %TRUE while pupils are left.
 */
gboolean
rb_signals_run_step (RbSignalsRun *run, guint max_pupils, RbSignalsFunc func, gpointer user_data)
{
  RbSignals *self;

  g_return_val_if_fail (run != NULL && func != NULL, FALSE);
  g_return_val_if_fail (run->is_read, FALSE);

  self = run->engine;
  for (guint n = 0; n < max_pupils && run->next < run->groups->len; n++, run->next++)
    {
      const Group *group = &g_array_index (run->groups, Group, run->next);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) signals = NULL;

      qsort (run->rows + group->first, group->n_rows, sizeof (Row), compare_rows);
      g_array_set_size (self->rows, 0);
      g_array_append_vals (self->rows, run->rows + group->first, group->n_rows);
      signals = evaluate_rows (self, run->today, &local_error);
      func (group->pupil_uuid, signals, local_error, user_data);
    }
  g_array_set_size (self->rows, 0);
  return run->next < run->groups->len;
}

void
rb_signals_run_free (RbSignalsRun *run)
{
  if (run == NULL)
    return;
  g_object_unref (run->engine);
  g_object_unref (run->db);
  g_clear_pointer (&run->read, g_array_unref);
  g_clear_pointer (&run->group_of_row, g_array_unref);
  g_clear_pointer (&run->group_of_pupil, g_hash_table_unref);
  g_array_unref (run->groups);
  g_free (run->rows);
  g_string_chunk_free (run->strings);
  g_free (run);
}

/**
 * rb_signals_evaluate_all:
 * @self: an engine
 * @db: the database it was made for
 * @today: (nullable): count records up to this day; %NULL for today
 * @func: called once per pupil with absence records, in order of pupil UUID
 * @user_data: data for @func
 * @error: set when the records cannot be read
 *
 * Evaluates every pupil with one query over all absence records. A pupil that cannot
 * be evaluated gets an error in @func; the others are still evaluated.
 *
 * Returns: %TRUE when all records were read.
 */
gboolean
rb_signals_evaluate_all (RbSignals    *self,
                         RbDatabase   *db,
                         const GDate  *today,
                         RbSignalsFunc func,
                         gpointer      user_data,
                         GError      **error)
{
  g_autoptr(RbSignalsRun) run = NULL;
  gboolean done = FALSE;

  g_return_val_if_fail (RB_IS_SIGNALS (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  run = rb_signals_run_new (self, db, today);
  if (!rb_signals_run_read (run, G_MAXUINT, &done, error))
    return FALSE;
  while (rb_signals_run_step (run, G_MAXUINT, func, user_data))
    ;
  return TRUE;
}
