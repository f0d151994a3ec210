/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-timeline-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-date.h"
#include "rb-signals.h"
#include "rb-store.h"
#include "rb-timeline-model.h"

/*
 * Everything the timeline of one case shows, collected once from the store and the rules
 * engine (calendar, milestones, signals), so that drawing never touches the database.
 *
 * The labels on the chart are the routeboek's own Dutch terms (tussenevaluatie,
 * eindadvies, MDO, OT breed...): they are names of steps and meetings that every
 * participant of an MDO knows in Dutch, like "thuiszitter", so they are not translated.
 * Tooltips and accessible descriptions are translated sentences.
 */

struct _RbTimelineModel
{
  GObject parent_instance;

  char *title;
  GDate first;
  GDate last;
  GDate today;
  GPtrArray *phases;      /* RbTimelinePhase */
  GArray *weeks;          /* RbTimelineWeek, by Monday */
  GArray *lates;          /* RbTimelineLate, by day */
  GPtrArray *days_off;    /* RbTimelineDaysOff */
  GPtrArray *placements;  /* RbTimelinePlacement */
  GPtrArray *marks;       /* RbTimelineMark, by day */
  GPtrArray *problems;    /* char *, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (RbTimelineModel, rb_timeline_model, G_TYPE_OBJECT)

/* A bridge placement lasts 8 school weeks (seed 000 §2.4) after 4 at the own school. */
#define BRIDGE_WEEKS 8
#define BEFORE_WEEKS 4

typedef struct
{
  const char *code;
  const char *label;
} Term;

static const Term milestone_terms[] = {
  { "bridge-evaluation", "tussenevaluatie" },
  { "bridge-advice", "eindadvies" },
  { "bridge-progress", "voortgangsgesprek" },
  { "bridge-end", "einde" },
  { "escalation-4w", "opschaling 4 wk" },
  { "escalation-8w", "opschaling 8 wk" },
  { "target-3-months", "3 maanden" },
  { "jeugdarts-advice", "jeugdarts" },
  { "mdo-invitation", "uitnodiging MDO" },
};

static const Term meeting_terms[] = {
  { "ot-smal", "OT smal" },
  { "ot-breed", "OT breed" },
  { "mdo", "MDO" },
  { "jes", "JES" },
  { "crisisteam", "crisisteam" },
  { "tussenevaluatie", "tussenevaluatie" },
  { "eindadvies", "eindadvies" },
  { "escalatietafel", "escalatietafel" },
  { "verzuimgesprek", "verzuimgesprek" },
  { "overig", "overleg" },
};

/* Agreements and signal names are free text: long ones are shortened on the chart only. */
#define MAX_LABEL_CHARS 28

static const char *
lookup_term (const Term *terms, guint n_terms, const char *code)
{
  for (guint i = 0; i < n_terms; i++)
    if (g_strcmp0 (terms[i].code, code) == 0)
      return terms[i].label;
  return code;
}

static void
phase_free (RbTimelinePhase *phase)
{
  g_free (phase->status);
  g_free (phase->record_uuid);
  g_free (phase);
}

static void
days_off_free (RbTimelineDaysOff *days_off)
{
  g_free (days_off->name);
  g_free (days_off);
}

static void
placement_free (RbTimelinePlacement *placement)
{
  g_free (placement->record_uuid);
  g_free (placement->location);
  g_free (placement->location_kind);
  g_array_unref (placement->week_starts);
  g_free (placement);
}

static void
mark_free (RbTimelineMark *mark)
{
  g_free (mark->code);
  g_free (mark->label);
  g_free (mark->details);
  g_free (mark->record_uuid);
  g_free (mark);
}

static gboolean
get_date (RbRecord *record, const char *column, GDate *date)
{
  g_date_clear (date, 1);
  return rb_record_is_set (record, column)
         && rb_date_parse (rb_record_get_string (record, column), date, NULL);
}

/**
 * rb_timeline_format_date:
 * @date: a valid day
 *
 * Returns: (transfer full): the day as people say it, e.g. "12 Oct 2026" (translated).
 */
char *
rb_timeline_format_date (const GDate *date)
{
  static const char *const months[] = {
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
  };

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  return g_strdup_printf ("%u %s %u", g_date_get_day (date),
                          _(months[g_date_get_month (date) - 1]), g_date_get_year (date));
}

static char *
shorten (const char *text)
{
  if (g_utf8_strlen (text, -1) <= MAX_LABEL_CHARS)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, MAX_LABEL_CHARS - 1);
    return g_strconcat (g_strchomp (head), "…", NULL);
  }
}

static void
widen_span (RbTimelineModel *self, const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return;
  if (!g_date_valid (&self->first) || g_date_compare (date, &self->first) < 0)
    self->first = *date;
  if (!g_date_valid (&self->last) || g_date_compare (date, &self->last) > 0)
    self->last = *date;
}

static RbTimelineMark *
add_mark (RbTimelineModel    *self,
          RbTimelineMarkKind  kind,
          const char         *code,
          const char         *label,
          const char         *record_uuid,
          const GDate        *date)
{
  RbTimelineMark *mark = g_new0 (RbTimelineMark, 1);

  mark->kind = kind;
  mark->code = g_strdup (code);
  mark->label = g_strdup (label);
  mark->record_uuid = g_strdup (record_uuid);
  mark->date = *date;
  mark->state = RB_MILESTONE_UPCOMING;
  g_ptr_array_add (self->marks, mark);
  widen_span (self, date);
  return mark;
}

static void
add_problem (RbTimelineModel *self, const char *problem)
{
  for (guint i = 0; i + 1 < self->problems->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->problems, i), problem) == 0)
      return;
  g_ptr_array_insert (self->problems, (int) self->problems->len - 1, g_strdup (problem));
}

static char *
describe_due (const GDate *due, const GDate *done, RbMilestoneState state)
{
  g_autofree char *due_text = rb_timeline_format_date (due);

  if (done != NULL && g_date_valid (done))
    {
      g_autofree char *done_text = rb_timeline_format_date (done);
      return g_strdup_printf (_("Due %s, done on %s"), due_text, done_text);
    }
  return g_strdup_printf (_("Due %s (%s)"), due_text, rb_milestone_state_label (state));
}

static void
add_milestone_mark (RbTimelineModel *self, const RbMilestone *milestone, const char *label)
{
  g_autofree char *due = describe_due (&milestone->due, &milestone->done, milestone->state);
  RbTimelineMark *mark;
  gboolean target = g_strcmp0 (milestone->code, "target-3-months") == 0;

  mark = add_mark (self, target ? RB_TIMELINE_MARK_TARGET : RB_TIMELINE_MARK_MILESTONE,
                   milestone->code, label, milestone->record_uuid, &milestone->due);
  mark->state = milestone->state;
  mark->details = g_strdup_printf ("%s\n%s\n%s", milestone->title, due, milestone->source);
}

static void
add_milestones (RbTimelineModel *self,
                GPtrArray       *milestones,
                GHashTable      *extensions)
{
  for (guint i = 0; i < milestones->len; i++)
    {
      RbMilestone *milestone = g_ptr_array_index (milestones, i);
      const char *label;
      g_autofree char *extended = NULL;

      if (milestone->problem != NULL)
        add_problem (self, milestone->problem);
      if (!g_date_valid (&milestone->due))
        continue;
      if (g_strcmp0 (milestone->code, "agreement") == 0)
        {
          RbTimelineMark *mark;
          g_autofree char *text = shorten (milestone->title);
          g_autofree char *due = describe_due (&milestone->due, &milestone->done, milestone->state);

          mark = add_mark (self, RB_TIMELINE_MARK_AGREEMENT, "agreement", text,
                           milestone->record_uuid, &milestone->due);
          mark->state = milestone->state;
          mark->details = g_strdup_printf ("%s: %s\n%s", _("Agreement"), milestone->title, due);
          continue;
        }
      label = lookup_term (milestone_terms, G_N_ELEMENTS (milestone_terms), milestone->code);
      if (label == milestone->code)
        continue; /* meeting minutes: shown with their meeting */
      if (g_strcmp0 (milestone->code, "bridge-end") == 0)
        {
          guint extension = GPOINTER_TO_UINT (g_hash_table_lookup (extensions,
                                                                   milestone->record_uuid));
          if (extension > 0)
            label = extended = g_strdup_printf ("einde (+%u wk)", extension);
        }
      add_milestone_mark (self, milestone, label);
    }
}

static gboolean
add_placement (RbTimelineModel *self,
               RbDatabase      *db,
               RbCalendar      *calendar,
               RbRecord        *record,
               GHashTable      *extensions,
               GError         **error)
{
  g_autoptr(RbRecord) location = NULL;
  RbTimelinePlacement *placement;
  GDate day_before, week;
  guint counted = 0, total;

  location = rb_store_get (db, rb_schema_lookup_table ("bridge_locations"),
                           rb_record_get_string (record, "location_uuid"), error);
  if (location == NULL)
    return FALSE;
  placement = g_new0 (RbTimelinePlacement, 1);
  placement->record_uuid = g_strdup (rb_record_get_uuid (record));
  placement->location = g_strdup (rb_record_get_string (location, "name"));
  placement->location_kind = g_strdup (rb_record_get_string (location, "kind"));
  placement->extension = (guint) CLAMP (rb_record_get_int (record, "extension_weeks"), 0, 4);
  placement->week_starts = g_array_new (FALSE, FALSE, sizeof (GDate));
  g_ptr_array_add (self->placements, placement);
  g_hash_table_insert (extensions, placement->record_uuid,
                       GUINT_TO_POINTER (placement->extension));

  get_date (record, "start_date", &placement->start);
  get_date (record, "end_date", &placement->ended);
  g_date_clear (&placement->before, 1);
  g_date_clear (&placement->planned_end, 1);
  g_date_clear (&placement->end, 1);
  widen_span (self, &placement->start);
  widen_span (self, &placement->ended);

  /* Unknown calendar years leave these unset; the milestones report the problem. */
  day_before = placement->start;
  g_date_subtract_days (&day_before, 1);
  if (rb_calendar_window_start (calendar, &day_before, BEFORE_WEEKS, RB_WINDOW_SCHOOL_WEEKS,
                                &placement->before, NULL))
    widen_span (self, &placement->before);
  else
    g_date_clear (&placement->before, 1);
  if (rb_calendar_add_school_weeks (calendar, &placement->start, BRIDGE_WEEKS,
                                    &placement->planned_end, NULL))
    widen_span (self, &placement->planned_end);
  else
    g_date_clear (&placement->planned_end, 1);
  if (rb_calendar_add_school_weeks (calendar, &placement->start,
                                    BRIDGE_WEEKS + placement->extension, &placement->end, NULL))
    widen_span (self, &placement->end);
  else
    g_date_clear (&placement->end, 1);

  /* The numbered school weeks, counted as rb_calendar_add_school_weeks() counts them. */
  total = BRIDGE_WEEKS + placement->extension;
  for (week = placement->start; counted < total; g_date_add_days (&week, 7))
    {
      GDate last = week;
      guint n_days = 0;

      g_date_add_days (&last, 6);
      if (!rb_calendar_count_school_days (calendar, &week, &last, &n_days, NULL))
        break;
      if (n_days > 0)
        {
          g_array_append_val (placement->week_starts, week);
          counted++;
        }
    }

  /* With an extension the end after 8 weeks is a step, not the end. */
  if (placement->extension > 0 && g_date_valid (&placement->planned_end))
    {
      RbTimelineMark *mark;
      g_autofree char *due = rb_timeline_format_date (&placement->planned_end);

      mark = add_mark (self, RB_TIMELINE_MARK_MILESTONE, "bridge-8-weeks", "8 weken",
                       placement->record_uuid, &placement->planned_end);
      mark->state = g_date_compare (&placement->planned_end, &self->today) <= 0
                    ? RB_MILESTONE_DONE : RB_MILESTONE_UPCOMING;
      mark->details = g_strdup_printf (_("8 school weeks of the bridge placement, extended by %u "
                                         "school weeks\n%s"), placement->extension, due);
    }
  return TRUE;
}

static void
add_meeting (RbTimelineModel *self, RbRecord *meeting)
{
  const char *kind = rb_record_get_string (meeting, "kind");
  const char *place = rb_record_get_string (meeting, "place");
  const char *label = lookup_term (meeting_terms, G_N_ELEMENTS (meeting_terms), kind);
  g_autofree char *when = NULL;
  RbTimelineMark *mark;
  GDate date;

  if (!get_date (meeting, "meeting_date", &date))
    return;
  when = rb_timeline_format_date (&date);
  mark = add_mark (self, RB_TIMELINE_MARK_MEETING, kind, label, rb_record_get_uuid (meeting),
                   &date);
  mark->state = RB_MILESTONE_DONE;
  mark->details = g_strdup_printf (_("Meeting: %s\n%s%s%s\n%s"), label, when,
                                   place != NULL ? ", " : "", place != NULL ? place : "",
                                   rb_record_is_set (meeting, "minutes")
                                   ? _("Minutes written") : _("No minutes yet"));
}

static void
add_signal (RbTimelineModel *self, const RbSignal *signal)
{
  g_autofree char *label = shorten (signal->name);
  g_autofree char *when = rb_timeline_format_date (&signal->first_fired);
  const char *evidence = signal->evidence != NULL ? signal->evidence[0] : NULL;
  RbTimelineMark *mark;

  mark = add_mark (self, RB_TIMELINE_MARK_SIGNAL, signal->code, label, evidence,
                   &signal->first_fired);
  mark->state = RB_MILESTONE_DONE;
  mark->details = g_strdup_printf (_("Signal: %s\nFired on %s: %g %s (%s %g)\n%s"), signal->name,
                                   when, signal->value, rb_criterion_unit_label (signal->unit),
                                   rb_comparison_label (signal->comparison), signal->threshold,
                                   signal->action != NULL ? signal->action : "");
}

static int
compare_changes (gconstpointer a, gconstpointer b)
{
  RbRecord *x = *(RbRecord **) a, *y = *(RbRecord **) b;
  int order = g_strcmp0 (rb_record_get_string (x, "changed_on"),
                         rb_record_get_string (y, "changed_on"));

  return order != 0 ? order : g_strcmp0 (rb_record_get_created_at (x),
                                         rb_record_get_created_at (y));
}

static void
add_status_changes (RbTimelineModel *self, RbRecord *case_record, GPtrArray *changes)
{
  g_ptr_array_sort (changes, compare_changes);
  for (guint i = 0; i < changes->len; i++)
    {
      RbRecord *change = g_ptr_array_index (changes, i);
      const char *status = rb_record_get_string (change, "status");
      const char *by = rb_record_get_string (change, "changed_by");
      g_autofree char *when = NULL;
      RbTimelinePhase *phase;
      RbTimelineMark *mark;
      GDate date;

      if (!get_date (change, "changed_on", &date))
        continue;
      when = rb_timeline_format_date (&date);
      mark = add_mark (self, RB_TIMELINE_MARK_STATUS, status, rb_case_status_label (status),
                       rb_record_get_uuid (change), &date);
      mark->state = RB_MILESTONE_DONE;
      mark->details = g_strdup_printf (_("Status: %s from %s\nChanged by %s"),
                                       rb_case_status_label (status), when,
                                       by != NULL ? by : _("unknown"));
      phase = g_new0 (RbTimelinePhase, 1);
      phase->status = g_strdup (status);
      phase->first = date;
      phase->record_uuid = g_strdup (rb_record_get_uuid (change));
      g_ptr_array_add (self->phases, phase);
    }
  if (self->phases->len == 0)
    {
      RbTimelinePhase *phase = g_new0 (RbTimelinePhase, 1);

      phase->status = g_strdup (rb_record_get_string (case_record, "status"));
      get_date (case_record, "opened_on", &phase->first);
      g_ptr_array_add (self->phases, phase);
    }
}

static void
add_absences (RbTimelineModel *self, GPtrArray *absences)
{
  g_autoptr(GHashTable) weeks = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < absences->len; i++)
    {
      RbRecord *absence = g_ptr_array_index (absences, i);
      const char *kind = rb_record_get_string (absence, "kind");
      RbTimelineWeek *week;
      GDate date, monday;
      gpointer index;
      int k;

      if (!get_date (absence, "absence_date", &date))
        continue;
      widen_span (self, &date);
      if (g_strcmp0 (kind, "LATE") == 0)
        {
          RbTimelineLate late = { date, (guint) rb_record_get_int (absence, "late_count") };
          g_array_append_val (self->lates, late);
          continue;
        }
      /* Suspension is the school's measure, luxury verzuim is unauthorised (Leerplichtwet). */
      if (g_strcmp0 (kind, "SICK") == 0)
        k = RB_TIMELINE_SICK;
      else if (g_strcmp0 (kind, "AUTHORIZED") == 0 || g_strcmp0 (kind, "SUSPENDED") == 0)
        k = RB_TIMELINE_AUTHORIZED;
      else
        k = RB_TIMELINE_UNAUTHORIZED;

      monday = date;
      g_date_subtract_days (&monday, g_date_get_weekday (&date) - G_DATE_MONDAY);
      if (!g_hash_table_lookup_extended (weeks, GUINT_TO_POINTER (g_date_get_julian (&monday)),
                                         NULL, &index))
        {
          RbTimelineWeek empty = { monday, { 0 } };

          index = GUINT_TO_POINTER (self->weeks->len);
          g_array_append_val (self->weeks, empty);
          g_hash_table_insert (weeks, GUINT_TO_POINTER (g_date_get_julian (&monday)), index);
        }
      week = &g_array_index (self->weeks, RbTimelineWeek, GPOINTER_TO_UINT (index));
      week->hours[k] += rb_record_get_double (absence, "hours");
    }
}

/* Runs of weekdays without school, named by the calendar; a run of a school week or more is
 * a holiday, shorter runs are single days off. */
static void
add_days_off (RbTimelineModel *self, RbCalendar *calendar)
{
  RbTimelineDaysOff *run = NULL;
  guint n_weekdays = 0;

  for (GDate day = self->first; g_date_compare (&day, &self->last) <= 0; g_date_add_days (&day, 1))
    {
      const char *name;

      if (g_date_get_weekday (&day) >= G_DATE_SATURDAY)
        continue;
      name = rb_calendar_get_day_name (calendar, &day);
      if (name != NULL && run != NULL && g_strcmp0 (run->name, name) == 0
          && g_date_days_between (&run->last, &day) <= 3)
        {
          run->last = day;
          run->holiday = ++n_weekdays >= 5;
          continue;
        }
      run = NULL;
      if (name == NULL)
        continue;
      run = g_new0 (RbTimelineDaysOff, 1);
      run->first = run->last = day;
      run->name = g_strdup (name);
      n_weekdays = 1;
      g_ptr_array_add (self->days_off, run);
    }
}

static int
compare_marks (gconstpointer a, gconstpointer b)
{
  const RbTimelineMark *x = *(const RbTimelineMark **) a, *y = *(const RbTimelineMark **) b;
  int order = g_date_compare (&x->date, &y->date);

  return order != 0 ? order : (int) x->kind - (int) y->kind;
}

static void
finish_span (RbTimelineModel *self, RbRecord *case_record)
{
  GDate closed;

  if (!get_date (case_record, "closed_on", &closed))
    widen_span (self, &self->today);
  widen_span (self, &closed);
  /* From a Monday, and a week after the last thing so its label has room. */
  g_date_subtract_days (&self->first, g_date_get_weekday (&self->first) - G_DATE_MONDAY);
  g_date_add_days (&self->last, 7);

  for (guint i = 0; i < self->phases->len; i++)
    {
      RbTimelinePhase *phase = g_ptr_array_index (self->phases, i);

      if (i + 1 < self->phases->len)
        {
          phase->last = ((RbTimelinePhase *) g_ptr_array_index (self->phases, i + 1))->first;
          g_date_subtract_days (&phase->last, 1);
        }
      else
        phase->last = self->last;
    }
}

static int
compare_weeks (gconstpointer a, gconstpointer b)
{
  return g_date_compare (&((const RbTimelineWeek *) a)->monday,
                         &((const RbTimelineWeek *) b)->monday);
}

static int
compare_lates (gconstpointer a, gconstpointer b)
{
  return g_date_compare (&((const RbTimelineLate *) a)->date, &((const RbTimelineLate *) b)->date);
}

static void
rb_timeline_model_finalize (GObject *object)
{
  RbTimelineModel *self = RB_TIMELINE_MODEL (object);

  g_free (self->title);
  g_ptr_array_unref (self->phases);
  g_array_unref (self->weeks);
  g_array_unref (self->lates);
  g_ptr_array_unref (self->days_off);
  g_ptr_array_unref (self->placements);
  g_ptr_array_unref (self->marks);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (rb_timeline_model_parent_class)->finalize (object);
}

static void
rb_timeline_model_class_init (RbTimelineModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_timeline_model_finalize;
}

static void
rb_timeline_model_init (RbTimelineModel *self)
{
  g_date_clear (&self->first, 1);
  g_date_clear (&self->last, 1);
  g_date_clear (&self->today, 1);
  self->phases = g_ptr_array_new_with_free_func ((GDestroyNotify) phase_free);
  self->weeks = g_array_new (FALSE, FALSE, sizeof (RbTimelineWeek));
  self->lates = g_array_new (FALSE, FALSE, sizeof (RbTimelineLate));
  self->days_off = g_ptr_array_new_with_free_func ((GDestroyNotify) days_off_free);
  self->placements = g_ptr_array_new_with_free_func ((GDestroyNotify) placement_free);
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) mark_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
}

static GPtrArray *
list_of_case (RbDatabase *db, const char *table, RbRecord *case_record, GError **error)
{
  return rb_store_list (db, rb_schema_lookup_table (table), "case_uuid",
                        rb_record_get_uuid (case_record), error);
}

/**
 * rb_timeline_model_new_for_case:
 * @db: an open database
 * @calendar: its school calendar
 * @case_record: a case of @db
 * @today: the day milestone states and the "today" line refer to
 * @error: return location for an error
 *
 * A school year without calendar does not fail the timeline: what cannot be counted is
 * left out and named in rb_timeline_model_get_problems().
 *
 * Returns: (transfer full): the case's timeline, or %NULL on @error.
 */
RbTimelineModel *
rb_timeline_model_new_for_case (RbDatabase  *db,
                                RbCalendar  *calendar,
                                RbRecord    *case_record,
                                const GDate *today,
                                GError     **error)
{
  g_autoptr(RbTimelineModel) self = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(GPtrArray) changes = NULL, placements = NULL, meetings = NULL, absences = NULL;
  g_autoptr(GPtrArray) milestones = NULL, signals = NULL;
  g_autoptr(GHashTable) extensions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(RbSignals) engine = NULL;
  g_autoptr(GError) signal_error = NULL;
  const char *pupil_uuid;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (RB_IS_RECORD (case_record), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_object_new (RB_TYPE_TIMELINE_MODEL, NULL);
  self->today = *today;
  pupil_uuid = rb_record_get_string (case_record, "pupil_uuid");
  pupil = rb_store_get (db, rb_schema_lookup_table ("pupils"), pupil_uuid, error);
  if (pupil == NULL
      || (changes = list_of_case (db, "status_changes", case_record, error)) == NULL
      || (placements = list_of_case (db, "placements", case_record, error)) == NULL
      || (meetings = list_of_case (db, "meetings", case_record, error)) == NULL
      || (absences = rb_store_list (db, rb_schema_lookup_table ("absences"), "pupil_uuid",
                                    pupil_uuid, error)) == NULL
      || (engine = rb_signals_new (db, calendar, error)) == NULL)
    return NULL;

  self->title = g_strdup_printf ("%s %s · %s", rb_record_get_string (pupil, "first_name"),
                                 rb_record_get_string (pupil, "last_name"),
                                 rb_case_status_label (rb_record_get_string (case_record,
                                                                             "status")));
  {
    GDate opened;

    if (get_date (case_record, "opened_on", &opened))
      widen_span (self, &opened);
  }
  add_status_changes (self, case_record, changes);
  for (guint i = 0; i < placements->len; i++)
    if (!add_placement (self, db, calendar, g_ptr_array_index (placements, i), extensions, error))
      return NULL;
  milestones = rb_milestones_for_case (db, calendar, case_record, today, error);
  if (milestones == NULL)
    return NULL;
  add_milestones (self, milestones, extensions);
  for (guint i = 0; i < meetings->len; i++)
    add_meeting (self, g_ptr_array_index (meetings, i));

  signals = rb_signals_evaluate_pupil (engine, db, pupil_uuid, today, &signal_error);
  if (signals == NULL)
    add_problem (self, signal_error->message);
  for (guint i = 0; signals != NULL && i < signals->len; i++)
    add_signal (self, g_ptr_array_index (signals, i));

  add_absences (self, absences);
  finish_span (self, case_record);
  add_days_off (self, calendar);
  g_array_sort (self->weeks, compare_weeks);
  g_array_sort (self->lates, compare_lates);
  g_ptr_array_sort (self->marks, compare_marks);
  return g_steal_pointer (&self);
}

const char *
rb_timeline_model_get_title (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->title;
}

/**
 * rb_timeline_model_get_span:
 * @self: a timeline
 * @first: (out): its first day, a Monday
 * @last: (out): its last day
 */
void
rb_timeline_model_get_span (RbTimelineModel *self, GDate *first, GDate *last)
{
  g_return_if_fail (RB_IS_TIMELINE_MODEL (self));
  *first = self->first;
  *last = self->last;
}

const GDate *
rb_timeline_model_get_today (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return &self->today;
}

/**
 * rb_timeline_model_get_phases:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelinePhase): the statuses in order
 */
GPtrArray *
rb_timeline_model_get_phases (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->phases;
}

/**
 * rb_timeline_model_get_weeks:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelineWeek): absence per week, by Monday
 */
GArray *
rb_timeline_model_get_weeks (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->weeks;
}

/**
 * rb_timeline_model_get_lates:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelineLate): late arrivals by day
 */
GArray *
rb_timeline_model_get_lates (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->lates;
}

/**
 * rb_timeline_model_get_days_off:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelineDaysOff): holidays and days off in the span
 */
GPtrArray *
rb_timeline_model_get_days_off (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->days_off;
}

/**
 * rb_timeline_model_get_placements:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelinePlacement): the bridge placements
 */
GPtrArray *
rb_timeline_model_get_placements (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->placements;
}

/**
 * rb_timeline_model_get_marks:
 * @self: a timeline
 *
 * Returns: (transfer none) (element-type RbTimelineMark): every mark, by day
 */
GPtrArray *
rb_timeline_model_get_marks (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return self->marks;
}

/**
 * rb_timeline_model_get_problems:
 * @self: a timeline
 *
 * Returns: (transfer none): what could not be shown and why (a missing calendar year...)
 */
GStrv
rb_timeline_model_get_problems (RbTimelineModel *self)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), NULL);
  return (GStrv) self->problems->pdata;
}

/**
 * rb_timeline_model_find_mark:
 * @self: a timeline
 * @kind: the kind of mark
 * @code: (nullable): its code, or %NULL for any
 * @nth: 0 for the first match, 1 for the second...
 *
 * Returns: the index of the mark in rb_timeline_model_get_marks(), or -1.
 */
int
rb_timeline_model_find_mark (RbTimelineModel    *self,
                             RbTimelineMarkKind  kind,
                             const char         *code,
                             guint               nth)
{
  g_return_val_if_fail (RB_IS_TIMELINE_MODEL (self), -1);

  for (guint i = 0; i < self->marks->len; i++)
    {
      RbTimelineMark *mark = g_ptr_array_index (self->marks, i);

      if (mark->kind == kind && (code == NULL || g_strcmp0 (mark->code, code) == 0) && nth-- == 0)
        return (int) i;
    }
  return -1;
}
