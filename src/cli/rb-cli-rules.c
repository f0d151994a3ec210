/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-calendar.h"
#include "rb-cli.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-milestones.h"
#include "rb-signals.h"
#include "rb-store.h"

/* Commands about the rules of the route: signals, milestones and the school calendar. */

/* Printing a calendar of years makes no sense on a terminal; ask for a shorter period. */
#define MAX_CALENDAR_DAYS 800

static void
add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

/* The database, the case of --case and the calendar, or an exit status. */
static int
open_case (RbCli *cli, const char *case_id, RbDatabase **db, RbRecord **item, RbCalendar **calendar)
{
  GError *error = NULL;

  if ((*db = rb_cli_open_db (cli, &error)) == NULL
      || (*item = rb_store_find (*db, rb_schema_lookup_table ("cases"), case_id, &error)) == NULL
      || (*calendar = rb_calendar_new_from_database (*db, &error)) == NULL)
    return rb_cli_fail (error);
  return 0;
}

static void
build_signals (JsonBuilder *builder, RbRecord *item, const GDate *today, GPtrArray *signals)
{
  json_builder_begin_object (builder);
  rb_cli_json_add_string (builder, "case", rb_record_get_uuid (item));
  rb_cli_json_add_string (builder, "pupil", rb_record_get_string (item, "pupil_uuid"));
  rb_cli_json_add_date (builder, "today", today);
  json_builder_set_member_name (builder, "signals");
  json_builder_begin_array (builder);
  for (guint i = 0; i < signals->len; i++)
    {
      const RbSignal *signal = g_ptr_array_index (signals, i);

      json_builder_begin_object (builder);
      rb_cli_json_add_string (builder, "code", signal->code);
      rb_cli_json_add_string (builder, "name", signal->name);
      rb_cli_json_add_string (builder, "criterion", signal->criterion_uuid);
      rb_cli_json_add_date (builder, "first_fired", &signal->first_fired);
      rb_cli_json_add_date (builder, "window_start", &signal->window_start);
      add_double (builder, "value", signal->value);
      rb_cli_json_add_string (builder, "comparison", signal->comparison);
      add_double (builder, "threshold", signal->threshold);
      rb_cli_json_add_string (builder, "unit", signal->unit);
      rb_cli_json_add_string (builder, "school_year", signal->school_year);
      rb_cli_json_add_string (builder, "action", signal->action);
      rb_cli_json_add_string (builder, "source", signal->source);
      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint e = 0; signal->evidence[e] != NULL; e++)
        json_builder_add_string_value (builder, signal->evidence[e]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
rb_cli_signals (RbCli *cli, int argc, char **argv)
{
  g_autofree char *case_id = NULL;
  g_autofree char *today_text = NULL;
  gboolean json = FALSE;
  RbDatabase *db;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbSignals) engine = NULL;
  g_autoptr(GPtrArray) signals = NULL;
  GError *error = NULL;
  GDate today;
  int status;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The case (its number or first characters)"),
      N_("ID") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("Count absences up to this day"),
      N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("signals"), entries, &argc, &argv))
    return 2;
  if (case_id == NULL)
    return rb_cli_usage (_("signals needs --case"));
  if (!rb_cli_parse_today (today_text, &today, &error))
    return rb_cli_fail (error);
  if ((status = open_case (cli, case_id, &db, &item, &calendar)) != 0)
    return status;
  if ((engine = rb_signals_new (db, calendar, &error)) == NULL
      || (signals = rb_signals_evaluate_pupil (engine, db,
                                               rb_record_get_string (item, "pupil_uuid"), &today,
                                               &error)) == NULL)
    return rb_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_signals (builder, item, &today, signals);
      rb_cli_print_builder (builder);
      return 0;
    }

  if (signals->len == 0)
    g_print ("%s\n", _("No signals."));
  for (guint i = 0; i < signals->len; i++)
    {
      const RbSignal *signal = g_ptr_array_index (signals, i);
      g_autofree char *fired = rb_date_format (&signal->first_fired);
      g_autofree char *from = rb_date_format (&signal->window_start);

      g_print ("%s  %-22s %s\n", fired, signal->code, signal->name);
      g_print ("            ");
      /* One decimal is what a regisseur reads off a register; the JSON keeps them all. */
      g_print (_("%.1f %s since %s (threshold: %s %g); %u records"), signal->value,
               rb_criterion_unit_label (signal->unit), from,
               rb_comparison_label (signal->comparison), signal->threshold,
               g_strv_length (signal->evidence));
      g_print ("\n");
      if (signal->action != NULL)
        g_print ("            %s\n", signal->action);
    }
  return 0;
}

int
rb_cli_milestones (RbCli *cli, int argc, char **argv)
{
  g_autofree char *case_id = NULL;
  g_autofree char *today_text = NULL;
  gboolean json = FALSE;
  RbDatabase *db;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GError *error = NULL;
  GDate today;
  int status;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The case (its number or first characters)"),
      N_("ID") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("States as on this day"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("milestones"), entries, &argc, &argv))
    return 2;
  if (case_id == NULL)
    return rb_cli_usage (_("milestones needs --case"));
  if (!rb_cli_parse_today (today_text, &today, &error))
    return rb_cli_fail (error);
  if ((status = open_case (cli, case_id, &db, &item, &calendar)) != 0)
    return status;
  if ((milestones = rb_milestones_for_case (db, calendar, item, &today, &error)) == NULL)
    return rb_cli_fail (error);

  if (!json)
    {
      for (guint i = 0; i < milestones->len; i++)
        {
          const RbMilestone *milestone = g_ptr_array_index (milestones, i);
          g_autofree char *due = g_date_valid (&milestone->due) ? rb_date_format (&milestone->due)
                                                                : g_strdup ("?         ");

          g_print ("%s  %-9s %s (%s)\n", due, rb_milestone_state_label (milestone->state),
                   milestone->title, milestone->source);
          if (milestone->problem != NULL)
            g_print ("            %s\n", milestone->problem);
        }
      return 0;
    }

  json_builder_begin_object (builder);
  rb_cli_json_add_string (builder, "case", rb_record_get_uuid (item));
  rb_cli_json_add_date (builder, "today", &today);
  json_builder_set_member_name (builder, "milestones");
  json_builder_begin_array (builder);
  for (guint i = 0; i < milestones->len; i++)
    {
      const RbMilestone *milestone = g_ptr_array_index (milestones, i);

      json_builder_begin_object (builder);
      rb_cli_json_add_string (builder, "code", milestone->code);
      rb_cli_json_add_string (builder, "title", milestone->title);
      rb_cli_json_add_string (builder, "source", milestone->source);
      rb_cli_json_add_string (builder, "record", milestone->record_uuid);
      rb_cli_json_add_date (builder, "from", &milestone->from);
      rb_cli_json_add_date (builder, "due", &milestone->due);
      rb_cli_json_add_date (builder, "done", &milestone->done);
      rb_cli_json_add_string (builder, "state", rb_milestone_state_to_string (milestone->state));
      rb_cli_json_add_string (builder, "problem", milestone->problem);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  rb_cli_print_builder (builder);
  return 0;
}

static const char *
school_year_status_code (RbSchoolYearStatus status)
{
  static const char *const codes[] = { "missing", "incomplete", "to-check", "complete" };

  return codes[status];
}

int
rb_cli_calendar (RbCli *cli, int argc, char **argv)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean json = FALSE;
  RbDatabase *db;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) missing = NULL;
  GError *error = NULL;
  GDate from, to;
  guint n_school = 0;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("First day"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Last day"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("calendar"), entries, &argc, &argv))
    return 2;
  if (from_text == NULL || to_text == NULL)
    return rb_cli_usage (_("calendar needs --from and --to"));
  if (!rb_date_parse (from_text, &from, &error) || !rb_date_parse (to_text, &to, &error))
    return rb_cli_fail (error);
  if (g_date_compare (&to, &from) < 0)
    return rb_cli_usage (_("The period ends (%s) before it starts (%s)"), to_text, from_text);
  if (g_date_days_between (&from, &to) >= MAX_CALENDAR_DAYS)
    return rb_cli_usage (_("Ask for at most %d days at a time"), MAX_CALENDAR_DAYS);
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (calendar = rb_calendar_new_from_database (db, &error)) == NULL)
    return rb_cli_fail (error);

  /* A missing year is shown, never counted as if it had no holidays. */
  rb_calendar_count_school_days (calendar, &from, &to, &n_school, &missing);

  json_builder_begin_object (builder);
  rb_cli_json_add_string (builder, "region", rb_database_get_region (db));
  rb_cli_json_add_date (builder, "from", &from);
  rb_cli_json_add_date (builder, "to", &to);
  json_builder_set_member_name (builder, "school_days");
  if (missing == NULL)
    json_builder_add_int_value (builder, n_school);
  else
    json_builder_add_null_value (builder);
  rb_cli_json_add_string (builder, "problem", missing ? missing->message : NULL);
  json_builder_set_member_name (builder, "school_years");
  json_builder_begin_array (builder);
  for (guint year = rb_calendar_school_year_of (&from), end = rb_calendar_school_year_of (&to);
       year <= end; year++)
    {
      g_autofree char *name = rb_calendar_format_school_year (year);
      RbSchoolYearStatus status = rb_calendar_get_school_year_status (calendar, year);

      json_builder_begin_object (builder);
      rb_cli_json_add_string (builder, "school_year", name);
      rb_cli_json_add_string (builder, "status", school_year_status_code (status));
      json_builder_end_object (builder);
      if (!json)
        g_print (_("School year %s: calendar %s\n"), name, rb_school_year_status_label (status));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (GDate day = from; g_date_compare (&day, &to) <= 0; g_date_add_days (&day, 1))
    {
      gboolean school = rb_calendar_is_school_day (calendar, &day);
      const char *name = rb_calendar_get_day_name (calendar, &day);
      g_autofree char *text = rb_date_format (&day);

      json_builder_begin_object (builder);
      rb_cli_json_add_string (builder, "date", text);
      json_builder_set_member_name (builder, "weekday");
      json_builder_add_int_value (builder, g_date_get_weekday (&day));
      json_builder_set_member_name (builder, "school_day");
      json_builder_add_boolean_value (builder, school);
      rb_cli_json_add_string (builder, "name", name != NULL && *name != '\0' ? name : NULL);
      json_builder_end_object (builder);
      if (!json)
        {
          g_print ("%s %-3s %-11s %s\n", text, rb_weekday_label (g_date_get_weekday (&day)),
                   school ? _("school day") : _("no school"),
                   name != NULL ? name : "");
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    rb_cli_print_builder (builder);
  else if (missing == NULL)
    g_print (_("%u school days\n"), n_school);
  else
    g_print ("%s\n", missing->message);
  return 0;
}
