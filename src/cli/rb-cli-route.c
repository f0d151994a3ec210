/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-cli.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-route-state.h"
#include "rb-store.h"

/* Commands about the SWV's routes: a case's checklist and next step, routes as JSON files. */

static void
build_item (JsonBuilder *builder, const RbStepItem *item)
{
  json_builder_begin_object (builder);
  rb_cli_json_add_string (builder, "step", item->step_id);
  rb_cli_json_add_string (builder, "title", item->title);
  rb_cli_json_add_string (builder, "phase", item->phase_id);
  rb_cli_json_add_string (builder, "role", item->role);
  rb_cli_json_add_string (builder, "state", rb_step_state_to_string (item->state));
  rb_cli_json_add_date (builder, "triggered", &item->triggered);
  rb_cli_json_add_date (builder, "due", &item->due);
  rb_cli_json_add_date (builder, "done", &item->done);
  rb_cli_json_add_string (builder, "evidence", item->evidence);
  rb_cli_json_add_string (builder, "reason", item->reason);
  rb_cli_json_add_string (builder, "problem", item->problem);
  json_builder_set_member_name (builder, "manual");
  json_builder_add_boolean_value (builder, item->manual);
  json_builder_set_member_name (builder, "removed");
  json_builder_add_boolean_value (builder, item->removed);
  json_builder_end_object (builder);
}

static void
print_checklist (RbChecklist *checklist, gboolean json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const RbRoutePhase *phase = rb_route_find_phase (checklist->route, checklist->phase_id);

  if (json)
    {
      json_builder_begin_object (builder);
      rb_cli_json_add_string (builder, "case", checklist->case_uuid);
      rb_cli_json_add_string (builder, "route", checklist->route->code);
      rb_cli_json_add_string (builder, "phase", checklist->phase_id);
      json_builder_set_member_name (builder, "next");
      if (checklist->next != NULL)
        build_item (builder, checklist->next);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint i = 0; i < checklist->items->len; i++)
        build_item (builder, g_ptr_array_index (checklist->items, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      rb_cli_print_builder (builder);
      return;
    }

  g_print (_("Route: %s\n"), checklist->route->name);
  g_print (_("Phase: %s\n"), phase != NULL ? phase->title : "—");
  if (checklist->next != NULL)
    {
      g_autofree char *due = g_date_valid (&checklist->next->due)
                                 ? rb_date_format (&checklist->next->due)
                                 : g_strdup (_("no deadline"));

      g_print (_("Next step: %s (%s), due %s\n"), checklist->next->title, checklist->next->role,
               due);
    }
  else
    g_print (_("Next step: none open\n"));
  for (guint i = 0; i < checklist->items->len; i++)
    {
      const RbStepItem *item = g_ptr_array_index (checklist->items, i);
      g_autofree char *day = NULL;
      const GDate *date = item->state == RB_STEP_DONE || item->state == RB_STEP_NOT_APPLICABLE
                              ? &item->done
                              : &item->due;

      day = g_date_valid (date) ? rb_date_format (date) : g_strdup ("          ");
      g_print ("  %-14s %s  %s%s\n", rb_step_state_label (item->state), day, item->title,
               item->removed ? _(" (no longer in the route)") : "");
      if (item->evidence != NULL || item->reason != NULL)
        g_print ("                 %s\n", item->evidence != NULL ? item->evidence : item->reason);
    }
}

int
rb_cli_route (RbCli *cli, int argc, char **argv)
{
  g_autofree char *case_id = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *set_code = NULL;
  g_autofree char *done_step = NULL;
  g_autofree char *na_step = NULL;
  g_autofree char *undo_step = NULL;
  g_autofree char *note = NULL;
  g_autofree char *by = NULL;
  g_autofree char *today_iso = NULL;
  gboolean json = FALSE;
  RbDatabase *db;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(RbChecklist) checklist = NULL;
  GError *error = NULL;
  gboolean ok = TRUE;
  GDate today;
  GOptionEntry entries[]
      = { { "case", 0, 0, G_OPTION_ARG_STRING, &case_id,
            N_("The case (its number or first characters)"), N_("ID") },
          { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("States as on this day"),
            N_("DATE") },
          { "set", 0, 0, G_OPTION_ARG_STRING, &set_code, N_("Let the case follow another route"),
            N_("CODE") },
          { "done", 0, 0, G_OPTION_ARG_STRING, &done_step, N_("Mark a step done"), N_("STEP") },
          { "not-applicable", 0, 0, G_OPTION_ARG_STRING, &na_step,
            N_("Mark a step not applicable (needs --note)"), N_("STEP") },
          { "undo", 0, 0, G_OPTION_ARG_STRING, &undo_step, N_("Remove the mark of a step"),
            N_("STEP") },
          { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Evidence or reason"), N_("TEXT") },
          { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who decided"), N_("NAME") },
          { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
          { NULL } };

  if (!rb_cli_parse (cli, rb_cli_lookup ("route"), entries, &argc, &argv))
    return 2;
  if (case_id == NULL)
    return rb_cli_usage (_("route needs --case"));
  if (!rb_cli_parse_today (today_text, &today, &error))
    return rb_cli_fail (error);
  today_iso = rb_date_format (&today);
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (item = rb_store_find (db, rb_schema_lookup_table ("cases"), case_id, &error)) == NULL
      || (calendar = rb_calendar_new_from_database (db, &error)) == NULL)
    return rb_cli_fail (error);

  if (set_code != NULL)
    ok = rb_route_set_case_route (db, item, set_code, today_iso,
                                  by != NULL ? by : g_get_real_name (), &error);
  if (ok && done_step != NULL)
    ok = rb_route_mark_step (db, rb_record_get_uuid (item), done_step, RB_STEP_DONE, today_iso,
                             note, by, &error);
  if (ok && na_step != NULL)
    ok = rb_route_mark_step (db, rb_record_get_uuid (item), na_step, RB_STEP_NOT_APPLICABLE,
                             today_iso, note, by, &error);
  if (ok && undo_step != NULL)
    ok = rb_route_unmark_step (db, rb_record_get_uuid (item), undo_step, &error);
  if (!ok)
    return rb_cli_fail (error);

  checklist = rb_route_checklist_for_case (db, calendar, rb_record_get_uuid (item), &today, &error);
  if (checklist == NULL)
    return rb_cli_fail (error);
  print_checklist (checklist, json);
  return 0;
}

static int
export_route (RbDatabase *db, const char *code, const char *path)
{
  g_autoptr(RbRoute) route = NULL;
  g_autofree char *data = NULL;
  GError *error = NULL;

  if ((route = rb_route_load_stored (db, code, &error)) == NULL)
    return rb_cli_fail (error);
  data = rb_route_to_data (route);
  /* g_file_set_contents() writes a temporary file and renames it. */
  if (!g_file_set_contents (path, data, -1, &error))
    return rb_cli_fail (error);
  return 0;
}

static int
import_route (RbDatabase *db, const char *path, gboolean is_default)
{
  g_autofree char *data = NULL;
  g_autoptr(RbRoute) route = NULL;
  gsize length;
  GError *error = NULL;

  if (!g_file_get_contents (path, &data, &length, &error)
      || (route = rb_route_new_from_data (data, (gssize)length, &error)) == NULL
      || !rb_route_save (db, route, is_default, &error))
    return rb_cli_fail (error);
  g_print (_("Route “%s” (%s) saved with %u steps\n"), route->name, route->code,
           route->steps->len);
  return 0;
}

int
rb_cli_routes (RbCli *cli, int argc, char **argv)
{
  g_autofree char *export_code = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *default_code = NULL;
  g_autoptr(GPtrArray) routes = NULL;
  gboolean make_default = FALSE;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[]
      = { { "export", 0, 0, G_OPTION_ARG_STRING, &export_code, N_("Write a route to FILE.json"),
            N_("CODE") },
          { "import", 0, 0, G_OPTION_ARG_FILENAME, &import_path,
            N_("Add a route from a JSON file, or replace the route with its code"), N_("FILE") },
          { "default", 0, 0, G_OPTION_ARG_NONE, &make_default,
            N_("With --import: new cases follow this route"), NULL },
          { NULL } };

  if (!rb_cli_parse (cli, rb_cli_lookup ("routes"), entries, &argc, &argv))
    return 2;
  if ((db = rb_cli_open_db (cli, &error)) == NULL)
    return rb_cli_fail (error);
  if (export_code != NULL)
    {
      if (argc != 2)
        return rb_cli_usage (_("routes --export needs a route code and a file name"));
      return export_route (db, export_code, argv[1]);
    }
  if (import_path != NULL)
    return import_route (db, import_path, make_default);

  if ((routes = rb_route_list_stored (db, &error)) == NULL
      || (default_code = rb_route_dup_default_code (db, &error)) == NULL)
    return rb_cli_fail (error);
  for (guint i = 0; i < routes->len; i++)
    {
      RbRoute *route = g_ptr_array_index (routes, i);

      g_print ("%s %-32s %2u %s  %s\n", g_strcmp0 (route->code, default_code) == 0 ? "*" : " ",
               route->code, route->steps->len, _("steps"), route->name);
    }
  return 0;
}
