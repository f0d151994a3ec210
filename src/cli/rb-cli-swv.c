/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-calendar.h"
#include "rb-check.h"
#include "rb-cli.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-schema.h"
#include "rb-store.h"

/* Commands about one SWV database: create it, describe it, list and add to it, check it. */

int
rb_cli_init (RbCli *cli, int argc, char **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autofree char *region = NULL;
  g_autoptr(RbDatabase) db = NULL;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Name of the samenwerkingsverband"), N_("NAME") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("PO or VO"), "PO|VO" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Holiday region"), "noord|midden|zuid" },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("init"), entries, &argc, &argv))
    return 2;
  if (!cli->db_given)
    return rb_cli_usage (_("init needs --db FILE: where to create the new database"));
  if (name == NULL || type == NULL || region == NULL)
    return rb_cli_usage (_("init needs --name, --type and --region"));

  db = rb_database_create (cli->db_path, name, type, region, &error);
  if (db == NULL)
    return rb_cli_fail (error);
  rb_cli_remember (db);
  g_print (_("Created the database of “%s” (%s, region %s) in %s\n"), rb_database_get_swv_name (db),
           rb_database_get_school_type (db), rb_region_label (rb_database_get_region (db)),
           rb_database_get_path (db));
  return 0;
}

int
rb_cli_info (RbCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  const RbTable *tables;
  guint n_tables;
  RbDatabase *db;
  GError *error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("info"), entries, &argc, &argv))
    return 2;
  if ((db = rb_cli_open_db (cli, &error)) == NULL)
    return rb_cli_fail (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, rb_database_get_path (db));
  json_builder_set_member_name (builder, "swv_uuid");
  json_builder_add_string_value (builder, rb_database_get_swv_uuid (db));
  json_builder_set_member_name (builder, "swv_name");
  json_builder_add_string_value (builder, rb_database_get_swv_name (db));
  json_builder_set_member_name (builder, "school_type");
  json_builder_add_string_value (builder, rb_database_get_school_type (db));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, rb_database_get_region (db));
  json_builder_set_member_name (builder, "replica");
  json_builder_add_string_value (builder, rb_database_get_replica (db));
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, RB_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  tables = rb_schema_get_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      gint64 count = rb_store_count (db, &tables[i], &error);
      if (count < 0)
        return rb_cli_fail (error);
      json_builder_set_member_name (builder, tables[i].name);
      json_builder_add_int_value (builder, count);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (json)
    {
      rb_cli_print_builder (builder);
      return 0;
    }

  g_print (_("Samenwerkingsverband: %s (%s, holiday region %s)\n"), rb_database_get_swv_name (db),
           rb_database_get_school_type (db), rb_region_label (rb_database_get_region (db)));
  g_print (_("File: %s\n"), rb_database_get_path (db));
  g_print (_("Identity: %s; this installation: %s\n"), rb_database_get_swv_uuid (db),
           rb_database_get_replica (db));
  for (guint i = 0; i < n_tables; i++)
    g_print ("  %-18s %" G_GINT64_FORMAT "\n", tables[i].name, rb_store_count (db, &tables[i], NULL));
  return 0;
}

static char *
pupil_name (RbRecord *pupil)
{
  if (pupil == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                          rb_record_get_string (pupil, "last_name"));
}

int
rb_cli_list_cases (RbCli *cli, int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) pupils = NULL;
  g_autoptr(GHashTable) schools = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status, N_("Only cases with this status"), N_("STATUS") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("list-cases"), entries, &argc, &argv))
    return 2;
  if (status != NULL && !g_strv_contains (rb_case_statuses, status))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) rb_case_statuses);
      return rb_cli_usage (_("“%s” is not a status; choose from %s"), status, allowed);
    }
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (cases = rb_store_list (db, rb_schema_lookup_table ("cases"), status ? "status" : NULL,
                                 status, &error)) == NULL
      || (pupils = rb_store_index_by_uuid (db, "pupils", &error)) == NULL
      || (schools = rb_store_index_by_uuid (db, "schools", &error)) == NULL)
    return rb_cli_fail (error);

  json_builder_begin_array (builder);
  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *item = g_ptr_array_index (cases, i);
      RbRecord *pupil = g_hash_table_lookup (pupils, rb_record_get_string (item, "pupil_uuid"));
      /* A pupil without enrolment has no school. */
      const char *school_uuid = pupil ? rb_record_get_string (pupil, "school_uuid") : NULL;
      RbRecord *school = school_uuid ? g_hash_table_lookup (schools, school_uuid) : NULL;
      g_autofree char *name = pupil_name (pupil);
      const char *school_name = school ? rb_record_get_string (school, "name") : "";

      if (!json)
        {
          g_print ("%.8s  %-32s %-28s %-18s %s\n", rb_record_get_uuid (item), name, school_name,
                   rb_case_status_label (rb_record_get_string (item, "status")),
                   rb_record_get_string (item, "opened_on"));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uuid");
      json_builder_add_string_value (builder, rb_record_get_uuid (item));
      json_builder_set_member_name (builder, "pupil");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "school");
      json_builder_add_string_value (builder, school_name);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, rb_record_get_string (item, "status"));
      json_builder_set_member_name (builder, "opened_on");
      json_builder_add_string_value (builder, rb_record_get_string (item, "opened_on"));
      json_builder_set_member_name (builder, "regisseur");
      json_builder_add_string_value (builder, rb_record_get_string (item, "regisseur_swv"));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    rb_cli_print_builder (builder);
  return 0;
}

static RbRecord *
new_absence (const char *pupil_uuid, const GDate *date, const char *kind, const char *hours,
             int late, const char *note, GError **error)
{
  g_autoptr(RbRecord) absence = rb_record_new (rb_schema_lookup_table ("absences"));
  g_autofree char *day = rb_date_format (date);

  rb_record_set_string (absence, "pupil_uuid", pupil_uuid);
  rb_record_set_string (absence, "absence_date", day);
  rb_record_set_string (absence, "kind", kind);
  rb_record_set_string (absence, "note", note);
  if (late > 0)
    rb_record_set_int (absence, "late_count", late);
  if (!rb_record_set_text (absence, "hours", hours, error) || !rb_record_validate (absence, error))
    return NULL;
  return g_steal_pointer (&absence);
}

int
rb_cli_add_absence (RbCli *cli, int argc, char **argv)
{
  g_autofree char *case_id = NULL;
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *note = NULL;
  int late = 0;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(GPtrArray) absences = g_ptr_array_new_with_free_func (g_object_unref);
  GDate first, last;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The case (its number or first characters)"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("One day"), N_("YYYY-MM-DD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of a period"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of a period (only school days are recorded)"), N_("YYYY-MM-DD") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("SICK, AUTHORIZED, UNAUTHORIZED, LATE, LUXURY or SUSPENDED"), N_("KIND") },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &hours, N_("Hours absent per day"), N_("HOURS") },
    { "late", 0, 0, G_OPTION_ARG_INT, &late, N_("Times late (with --kind LATE)"), N_("N") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("add-absence"), entries, &argc, &argv))
    return 2;
  if (case_id == NULL || kind == NULL)
    return rb_cli_usage (_("add-absence needs --case and --kind"));
  if ((date == NULL) == (from == NULL) || (from == NULL) != (to == NULL))
    return rb_cli_usage (_("add-absence needs either --date, or --from and --to"));
  if (!g_strv_contains (rb_absence_kinds, kind))
    return rb_cli_usage (_("“%s” is not a kind of absence; choose from SICK, AUTHORIZED, "
                           "UNAUTHORIZED, LATE, LUXURY, SUSPENDED"), kind);

  if (!rb_date_parse (date ? date : from, &first, &error)
      || !rb_date_parse (date ? date : to, &last, &error))
    return rb_cli_fail (error);
  if (g_date_compare (&last, &first) < 0)
    return rb_cli_usage (_("The period ends (%s) before it starts (%s)"), to, from);
  if (g_date_days_between (&first, &last) > 366)
    return rb_cli_usage (_("A period of absence can be at most one year; split it up"));

  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (item = rb_store_find (db, rb_schema_lookup_table ("cases"), case_id, &error)) == NULL
      || (calendar = rb_calendar_new_from_database (db, &error)) == NULL)
    return rb_cli_fail (error);

  for (GDate day = first; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      RbRecord *absence;

      /* A single --date is recorded as given; a period only on its school days. */
      if (date == NULL && !rb_calendar_is_school_day (calendar, &day))
        continue;
      absence = new_absence (rb_record_get_string (item, "pupil_uuid"), &day, kind, hours, late,
                             note, &error);
      if (absence == NULL)
        return rb_cli_fail (error);
      g_ptr_array_add (absences, absence);
    }
  if (absences->len == 0)
    return rb_cli_usage (_("The period %s to %s has no school days"), from, to);
  if (!rb_store_save_all (db, absences, &error))
    return rb_cli_fail (error);

  g_print (ngettext ("Recorded %u day of absence\n", "Recorded %u days of absence\n", absences->len),
           absences->len);
  return 0;
}

int
rb_cli_check (RbCli *cli, int argc, char **argv)
{
  g_autoptr(GPtrArray) problems = NULL;
  RbDatabase *db;
  GError *error = NULL;

  if (!rb_cli_parse (cli, rb_cli_lookup ("check"), NULL, &argc, &argv))
    return 2;
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (problems = rb_check_database (db, &error)) == NULL)
    return rb_cli_fail (error);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    {
      g_printerr (ngettext ("routeboek-cli: %u problem found\n", "routeboek-cli: %u problems found\n",
                            problems->len), problems->len);
      return 1;
    }
  g_print (_("No problems found in %s\n"), rb_database_get_path (db));
  return 0;
}
