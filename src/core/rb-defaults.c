/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-defaults"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "rb-date.h"
#include "rb-defaults.h"
#include "rb-error.h"
#include "rb-route.h"
#include "rb-store.h"
#include "rb-uuid.h"

/*
 * What a new SWV database starts with: the signal criteria of its kind and the school
 * holidays of its region, read from data/defaults/ (bundled as resources). Record UUIDs
 * are derived from the SWV's UUID so two databases made alike are identical.
 */

#define RESOURCE_PREFIX "/nl/routeboek/Routeboek/defaults/"

static JsonObject *
load_resource (const char *name, JsonParser *parser, GError **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, error);

  if (bytes == NULL
      || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), error))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

static RbRecord *
new_default (RbDatabase *db, const char *table, const char *key)
{
  g_autofree char *uuid = rb_uuid_derive (rb_database_get_swv_uuid (db), key);

  return rb_record_new_with_uuid (rb_schema_lookup_table (table), uuid);
}

static gboolean
install_criteria (RbDatabase *db, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const RbTable *table = rb_schema_lookup_table ("criteria");
  const char *school_type = rb_database_get_school_type (db);
  JsonObject *root;
  JsonArray *preset;

  if ((root = load_resource ("criteria.json", parser, error)) == NULL)
    return FALSE;
  preset = json_object_get_array_member (json_object_get_object_member (root, "presets"),
                                         school_type);

  for (guint i = 0; i < json_array_get_length (preset); i++)
    {
      JsonObject *item = json_array_get_object_element (preset, i);
      g_autofree char *key = g_strconcat ("criterion/", json_object_get_string_member (item, "code"), NULL);
      g_autoptr(RbRecord) record = new_default (db, "criteria", key);

      for (guint c = 0; c < table->n_columns; c++)
        {
          const RbColumn *col = &table->columns[c];
          JsonNode *node = json_object_get_member (item, col->name);

          if (node == NULL)
            continue;
          if (col->type == RB_COLUMN_REAL)
            rb_record_set_double (record, col->name, json_node_get_double (node));
          else if (col->type == RB_COLUMN_INT)
            rb_record_set_int (record, col->name, json_node_get_int (node));
          else
            rb_record_set_string (record, col->name, json_node_get_string (node));
        }
      rb_record_set_string (record, "school_type", school_type);
      rb_record_set_boolean (record, "enabled", TRUE);
      if (!rb_store_save (db, record, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rb_defaults_easter:
 * @year: a Gregorian year
 * @easter_sunday: (out caller-allocates): set to Easter Sunday of @year
 *
 * The anonymous Gregorian algorithm (Meeus/Jones/Butcher); GLib has no Easter.
 */
void
rb_defaults_easter (guint year, GDate *easter_sunday)
{
  guint a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  guint f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  guint i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  guint m = (a + 11 * h + 22 * l) / 451;
  guint month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (easter_sunday, 1);
  g_date_set_dmy (easter_sunday, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
save_day_off (RbDatabase *db, const char *name, const GDate *date, const char *source,
              GError **error)
{
  g_autofree char *text = rb_date_format (date);
  g_autofree char *key = g_strconcat ("day-off/", text, NULL);
  g_autoptr(RbRecord) record = new_default (db, "holidays", key);

  rb_record_set_string (record, "name", name);
  rb_record_set_string (record, "start_date", text);
  rb_record_set_string (record, "end_date", text);
  rb_record_set_string (record, "kind", "day_off");
  rb_record_set_string (record, "source", source);
  rb_record_set_boolean (record, "needs_check", FALSE);
  return rb_store_save (db, record, error);
}

/* Public holidays that fall in school time; the school year of September Y to July Y+1. */
static gboolean
install_days_off (RbDatabase *db, guint second_year, GError **error)
{
  const char *source = "Nationale feestdagen (berekend)";
  GDate easter, day;

  rb_defaults_easter (second_year, &easter);

  day = easter;
  g_date_add_days (&day, 1);
  if (!save_day_off (db, "Tweede Paasdag", &day, source, error))
    return FALSE;

  /* Koningsdag moves to the 26th when the 27th is a Sunday. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 27, G_DATE_APRIL, (GDateYear) second_year);
  if (g_date_get_weekday (&day) == G_DATE_SUNDAY)
    g_date_subtract_days (&day, 1);
  if (!save_day_off (db, "Koningsdag", &day, source, error))
    return FALSE;

  if (second_year % 5 == 0)
    {
      g_date_set_dmy (&day, 5, G_DATE_MAY, (GDateYear) second_year);
      if (!save_day_off (db, "Bevrijdingsdag", &day, source, error))
        return FALSE;
    }

  day = easter;
  g_date_add_days (&day, 39);
  if (!save_day_off (db, "Hemelvaartsdag", &day, source, error))
    return FALSE;

  day = easter;
  g_date_add_days (&day, 50);
  return save_day_off (db, "Tweede Pinksterdag", &day, source, error);
}

static gboolean
install_holidays (RbDatabase *db, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *region = rb_database_get_region (db);
  const char *source;
  JsonObject *root;
  JsonArray *holidays, *years;

  if ((root = load_resource ("holidays.json", parser, error)) == NULL)
    return FALSE;
  source = json_object_get_string_member (root, "source");
  holidays = json_object_get_array_member (root, "holidays");

  for (guint i = 0; i < json_array_get_length (holidays); i++)
    {
      JsonObject *item = json_array_get_object_element (holidays, i);
      JsonArray *range, *check_regions;
      gboolean needs_check;
      g_autofree char *key = NULL;
      g_autoptr(RbRecord) record = NULL;

      /* A region whose dates are unknown has no row: the calendar shows the gap. */
      if (!json_object_has_member (item, region))
        continue;
      range = json_object_get_array_member (item, region);
      check_regions = json_object_has_member (item, "needs_check_regions")
                        ? json_object_get_array_member (item, "needs_check_regions")
                        : NULL;
      needs_check = json_object_get_boolean_member_with_default (item, "needs_check", FALSE);
      for (guint r = 0; check_regions != NULL && r < json_array_get_length (check_regions); r++)
        needs_check |= g_strcmp0 (json_array_get_string_element (check_regions, r), region) == 0;

      key = g_strdup_printf ("holiday/%s/%s", json_object_get_string_member (item, "school_year"),
                             json_object_get_string_member (item, "name"));
      record = new_default (db, "holidays", key);
      rb_record_set_string (record, "name", json_object_get_string_member (item, "name"));
      rb_record_set_string (record, "start_date", json_array_get_string_element (range, 0));
      rb_record_set_string (record, "end_date", json_array_get_string_element (range, 1));
      rb_record_set_string (record, "kind", "holiday");
      rb_record_set_string (record, "source", source);
      rb_record_set_boolean (record, "needs_check", needs_check);
      if (!rb_store_save (db, record, error))
        return FALSE;
    }

  years = json_object_get_array_member (root, "school_years");
  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      const char *year = json_array_get_string_element (years, i);
      if (!install_days_off (db, (guint) g_ascii_strtoull (year + 5, NULL, 10), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rb_defaults_install:
 * @db: a new, empty database inside a transaction
 * @error: return location for an error
 *
 * Adds the shipped signal criteria for the database's kind (PO or VO) and the school
 * holidays and public days off for its region.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_defaults_install (RbDatabase *db, GError **error)
{
  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);

  return install_criteria (db, error) && install_holidays (db, error)
         && rb_route_install_defaults (db, error);
}
