/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-document-fill"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-document.h"
#include "rb-error.h"
#include "rb-milestones.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * Filling a document from its case. A field's "source" in the definition names a value
 * of the vocabulary below; the definitions choose, the code only knows how to find each
 * value in the case's records:
 *
 *   today, swv.name
 *   pupil.name | first_name | last_name | birth_date | group, school.name
 *   guardian.name | address | email | phone          (all guardians, joined)
 *   case.regisseur_swv | regisseur_school
 *   meeting:KIND.date | time | place | reasons | minutes | casusregie | participants
 *                                                     (the latest meeting of that kind)
 *   placement.location | location_address | start_date | mode | dagdelen | outcome
 *   placement.evaluation_date | advice_date | end_date   (4 / 6 / 8 school weeks, rb-milestones)
 *   absences.period
 * and tables (rows whose members are the column ids of the definition):
 *   absences (date, kind, amount, note), absences.totals (kind, count, hours),
 *   agreements (what, who, due_date), meeting:KIND.participants (name, role, organisation),
 *   placement.contacts (party, name, role, phone, email)
 */

typedef struct
{
  RbDatabase *db;
  RbRecord *case_record;
  GDate today;
  GHashTable *values; /* source name → text */
  GHashTable *tables; /* source name → JsonArray of row objects */
  GError *error;
} Fill;

static void
put (Fill *fill, const char *name, const char *value)
{
  if (value != NULL && *value != '\0')
    g_hash_table_replace (fill->values, g_strdup (name), g_strdup (value));
}

static void
put_date (Fill *fill, const char *name, const GDate *date)
{
  if (date != NULL && g_date_valid (date))
    g_hash_table_replace (fill->values, g_strdup (name), rb_date_format (date));
}

static JsonArray *
new_table (Fill *fill, const char *name)
{
  JsonArray *rows = json_array_new ();

  g_hash_table_replace (fill->tables, g_strdup (name), rows);
  return rows;
}

static JsonObject *
add_row (JsonArray *rows)
{
  JsonObject *row = json_object_new ();

  json_array_add_object_element (rows, row);
  return row;
}

static void
set_cell (JsonObject *row, const char *column, const char *value)
{
  json_object_set_string_member (row, column, value != NULL ? value : "");
}

static GPtrArray *
list_of (Fill *fill, const char *table, const char *column, const char *value)
{
  if (fill->error != NULL)
    return g_ptr_array_new ();
  return rb_store_list (fill->db, rb_schema_lookup_table (table), column, value, &fill->error);
}

static char *
join_column (GPtrArray *records, const char *column, const char *separator)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      const char *value = rb_record_get_string (g_ptr_array_index (records, i), column);

      if (!rb_str_is_blank (value))
        g_strv_builder_add (builder, value);
    }
  parts = g_strv_builder_end (builder);
  return g_strjoinv (separator, parts);
}

static void
fill_pupil (Fill *fill)
{
  const char *pupil_uuid = rb_record_get_string (fill->case_record, "pupil_uuid");
  g_autoptr(RbRecord) pupil
      = rb_store_get (fill->db, rb_schema_lookup_table ("pupils"), pupil_uuid, &fill->error);
  g_autoptr(GPtrArray) guardians = NULL;
  g_autofree char *name = NULL;
  g_autofree char *names = NULL;
  g_autofree char *emails = NULL;
  g_autofree char *phones = NULL;
  const char *and_word = rb_document_words_lookup ("list", "and");

  if (pupil == NULL)
    return;
  name = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                          rb_record_get_string (pupil, "last_name"));
  put (fill, "pupil.name", name);
  put (fill, "pupil.first_name", rb_record_get_string (pupil, "first_name"));
  put (fill, "pupil.last_name", rb_record_get_string (pupil, "last_name"));
  put (fill, "pupil.birth_date", rb_record_get_string (pupil, "birth_date"));
  put (fill, "pupil.group", rb_record_get_string (pupil, "group_name"));
  if (rb_record_is_set (pupil, "school_uuid"))
    {
      g_autoptr(RbRecord) school
          = rb_store_get (fill->db, rb_schema_lookup_table ("schools"),
                          rb_record_get_string (pupil, "school_uuid"), NULL);

      if (school != NULL)
        put (fill, "school.name", rb_record_get_string (school, "name"));
    }

  guardians = list_of (fill, "guardians", "pupil_uuid", pupil_uuid);
  if (guardians == NULL)
    return;
  names = join_column (guardians, "name", and_word != NULL ? and_word : ", ");
  emails = join_column (guardians, "email", ", ");
  phones = join_column (guardians, "phone", ", ");
  put (fill, "guardian.name", names);
  put (fill, "guardian.email", emails);
  put (fill, "guardian.phone", phones);
  for (guint i = 0; i < guardians->len; i++)
    if (rb_record_is_set (g_ptr_array_index (guardians, i), "address"))
      {
        /* "Straat 1, 1234 AB Plaats" is one line in the register; a letter has two. */
        g_auto(GStrv) lines = g_strsplit_set (
            rb_record_get_string (g_ptr_array_index (guardians, i), "address"), ",\n", -1);
        g_autofree char *address = NULL;

        for (guint l = 0; lines[l] != NULL; l++)
          g_strstrip (lines[l]);
        address = g_strjoinv ("\n", lines);
        put (fill, "guardian.address", address);
        break;
      }
}

static int
compare_meeting_dates (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (rb_record_get_string (*(RbRecord **)a, "meeting_date"),
                    rb_record_get_string (*(RbRecord **)b, "meeting_date"));
}

static void
fill_meetings (Fill *fill)
{
  g_autoptr(GPtrArray) meetings
      = list_of (fill, "meetings", "case_uuid", rb_record_get_uuid (fill->case_record));

  if (meetings == NULL)
    return;
  /* Oldest first, so the latest meeting of a kind is the one that stays. */
  g_ptr_array_sort (meetings, compare_meeting_dates);
  for (guint i = 0; i < meetings->len; i++)
    {
      RbRecord *meeting = g_ptr_array_index (meetings, i);
      g_autofree char *prefix
          = g_strconcat ("meeting:", rb_record_get_string (meeting, "kind"), ".", NULL);
      g_autofree char *key = NULL;
      g_autoptr(GPtrArray) participants
          = list_of (fill, "participants", "meeting_uuid", rb_record_get_uuid (meeting));
      g_autofree char *names = NULL;
      static const struct
      {
        const char *name;
        const char *column;
      } columns[] = {
        { "date", "meeting_date" }, { "time", "start_time" }, { "place", "place" },
        { "reasons", "reasons" },   { "minutes", "minutes" }, { "casusregie", "casusregie" },
      };
      JsonArray *rows;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        {
          g_autofree char *name = g_strconcat (prefix, columns[c].name, NULL);
          g_hash_table_remove (fill->values, name);
          put (fill, name, rb_record_get_string (meeting, columns[c].column));
        }
      if (participants == NULL)
        return;
      names = join_column (participants, "name", ", ");
      key = g_strconcat (prefix, "participants", NULL);
      g_hash_table_remove (fill->values, key);
      put (fill, key, names);
      rows = new_table (fill, key);
      for (guint p = 0; p < participants->len; p++)
        {
          RbRecord *participant = g_ptr_array_index (participants, p);
          JsonObject *row = add_row (rows);

          set_cell (row, "name", rb_record_get_string (participant, "name"));
          set_cell (row, "role", rb_record_get_string (participant, "role"));
          set_cell (row, "organisation", rb_record_get_string (participant, "organisation"));
        }
    }
}

static void
put_milestone (Fill *fill, GPtrArray *milestones, const char *placement_uuid, const char *code,
               const char *name)
{
  for (guint i = 0; i < milestones->len; i++)
    {
      const RbMilestone *milestone = g_ptr_array_index (milestones, i);

      if (g_str_equal (milestone->code, code)
          && g_strcmp0 (milestone->record_uuid, placement_uuid) == 0)
        put_date (fill, name, &milestone->due);
    }
}

static void
fill_placement (Fill *fill)
{
  g_autoptr(GPtrArray) placements
      = list_of (fill, "placements", "case_uuid", rb_record_get_uuid (fill->case_record));
  g_autoptr(RbRecord) location = NULL;
  g_autoptr(RbCalendar) calendar = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  RbRecord *placement = NULL;
  JsonArray *rows;
  JsonObject *row;

  for (guint i = 0; placements != NULL && i < placements->len; i++)
    {
      RbRecord *candidate = g_ptr_array_index (placements, i);

      if (placement == NULL
          || g_strcmp0 (rb_record_get_string (candidate, "start_date"),
                        rb_record_get_string (placement, "start_date"))
                 > 0)
        placement = candidate;
    }
  if (placement == NULL)
    return;
  location = rb_store_get (fill->db, rb_schema_lookup_table ("bridge_locations"),
                           rb_record_get_string (placement, "location_uuid"), NULL);
  if (location != NULL)
    {
      put (fill, "placement.location", rb_record_get_string (location, "name"));
      put (fill, "placement.location_address", rb_record_get_string (location, "address"));
    }
  put (fill, "placement.start_date", rb_record_get_string (placement, "start_date"));
  put (fill, "placement.mode", rb_record_get_string (placement, "mode"));
  put (fill, "placement.outcome", rb_record_get_string (placement, "outcome"));
  if (rb_record_is_set (placement, "dagdelen"))
    {
      g_autofree char *dagdelen
          = g_strdup_printf ("%" G_GINT64_FORMAT, rb_record_get_int (placement, "dagdelen"));
      put (fill, "placement.dagdelen", dagdelen);
    }

  /* The same dates as the case's deadlines: one rule, one answer. A calendar that does
   * not reach the dates leaves them empty for the user to fill in. */
  if ((calendar = rb_calendar_new_from_database (fill->db, NULL)) != NULL
      && (milestones
          = rb_milestones_for_case (fill->db, calendar, fill->case_record, &fill->today, NULL))
             != NULL)
    {
      const char *uuid = rb_record_get_uuid (placement);

      put_milestone (fill, milestones, uuid, "bridge-evaluation", "placement.evaluation_date");
      put_milestone (fill, milestones, uuid, "bridge-progress", "placement.evaluation_date");
      put_milestone (fill, milestones, uuid, "bridge-advice", "placement.advice_date");
      put_milestone (fill, milestones, uuid, "bridge-end", "placement.end_date");
    }

  rows = new_table (fill, "placement.contacts");
  row = add_row (rows);
  set_cell (row, "party", rb_document_words_lookup ("parties", "school"));
  set_cell (row, "name", rb_record_get_string (fill->case_record, "regisseur_school"));
  row = add_row (rows);
  set_cell (row, "party", rb_document_words_lookup ("parties", "bridge"));
  set_cell (row, "name", NULL);
  row = add_row (rows);
  set_cell (row, "party", rb_document_words_lookup ("parties", "swv"));
  set_cell (row, "name", rb_record_get_string (fill->case_record, "regisseur_swv"));
}

static int
compare_absence_dates (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (rb_record_get_string (*(RbRecord **)a, "absence_date"),
                    rb_record_get_string (*(RbRecord **)b, "absence_date"));
}

static char *
format_hours (double hours)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", hours));

  /* Dutch writes a decimal comma: 2,5 uur. */
  g_strdelimit (text, ".", ',');
  if (g_str_has_suffix (text, ",0"))
    text[strlen (text) - 2] = '\0';
  return g_steal_pointer (&text);
}

/* The verzuimoverzicht: every absence of the current school year, and totals per kind. */
static void
fill_absences (Fill *fill)
{
  g_autoptr(GPtrArray) absences = list_of (fill, "absences", "pupil_uuid",
                                            rb_record_get_string (fill->case_record, "pupil_uuid"));
  GDate first, last;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *period = NULL;
  double hours[8] = { 0 };
  guint counts[8] = { 0 };
  JsonArray *rows, *totals;

  if (absences == NULL)
    return;
  rb_calendar_get_school_year_span (rb_calendar_school_year_of (&fill->today), &first, &last);
  from = rb_date_format (&first);
  to = rb_date_format (&fill->today);
  from_text = rb_document_format_date (from);
  to_text = rb_document_format_date (to);
  period = g_strdup_printf ("%s – %s", from_text, to_text);
  put (fill, "absences.period", period);

  g_ptr_array_sort (absences, compare_absence_dates);
  rows = new_table (fill, "absences");
  for (guint i = 0; i < absences->len; i++)
    {
      RbRecord *absence = g_ptr_array_index (absences, i);
      const char *date = rb_record_get_string (absence, "absence_date");
      const char *kind = rb_record_get_string (absence, "kind");
      const char *kind_word = rb_document_words_lookup ("absence_kinds", kind);
      gboolean late = g_strcmp0 (kind, "LATE") == 0;
      g_autofree char *date_text = NULL;
      g_autofree char *amount = NULL;
      JsonObject *row;
      guint k;

      if (g_strcmp0 (date, from) < 0 || g_strcmp0 (date, to) > 0)
        continue;
      for (k = 0; rb_absence_kinds[k] != NULL && g_strcmp0 (rb_absence_kinds[k], kind) != 0; k++)
        ;
      if (k < G_N_ELEMENTS (counts))
        {
          counts[k] += late ? (guint)rb_record_get_int (absence, "late_count") : 1;
          hours[k] += late ? 0 : rb_record_get_double (absence, "hours");
        }
      date_text = rb_document_format_date (date);
      if (late)
        amount
            = g_strdup_printf ("%" G_GINT64_FORMAT "×", rb_record_get_int (absence, "late_count"));
      else
        {
          g_autofree char *h = format_hours (rb_record_get_double (absence, "hours"));
          amount = g_strdup_printf ("%s %s", h, rb_document_words_lookup ("units", "hours"));
        }
      row = add_row (rows);
      set_cell (row, "date", date_text);
      set_cell (row, "kind", kind_word != NULL ? kind_word : kind);
      set_cell (row, "amount", amount);
      set_cell (row, "note", rb_record_get_string (absence, "note"));
    }

  totals = new_table (fill, "absences.totals");
  for (guint k = 0; rb_absence_kinds[k] != NULL && k < G_N_ELEMENTS (counts); k++)
    {
      const char *kind_word = rb_document_words_lookup ("absence_kinds", rb_absence_kinds[k]);
      g_autofree char *count = NULL;
      g_autofree char *h = NULL;
      JsonObject *row;

      if (counts[k] == 0)
        continue;
      count = g_strdup_printf ("%u", counts[k]);
      h = g_str_equal (rb_absence_kinds[k], "LATE") ? g_strdup ("–") : format_hours (hours[k]);
      row = add_row (totals);
      set_cell (row, "kind", kind_word != NULL ? kind_word : rb_absence_kinds[k]);
      set_cell (row, "count", count);
      set_cell (row, "hours", h);
    }
}

static void
fill_agreements (Fill *fill)
{
  g_autoptr(GPtrArray) agreements
      = list_of (fill, "agreements", "case_uuid", rb_record_get_uuid (fill->case_record));
  JsonArray *rows;

  if (agreements == NULL)
    return;
  rows = new_table (fill, "agreements");
  for (guint i = 0; i < agreements->len; i++)
    {
      RbRecord *agreement = g_ptr_array_index (agreements, i);
      g_autofree char *due = rb_document_format_date (rb_record_get_string (agreement, "due_date"));
      JsonObject *row;

      if (rb_record_is_set (agreement, "done_date"))
        continue;
      row = add_row (rows);
      set_cell (row, "what", rb_record_get_string (agreement, "what"));
      set_cell (row, "who", rb_record_get_string (agreement, "who"));
      set_cell (row, "due_date", due);
    }
}

static const char *
source_value (Fill *fill, const RbField *field)
{
  return field->source != NULL ? g_hash_table_lookup (fill->values, field->source) : NULL;
}

static void
apply_field (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  RbDocument *document = ((gpointer *)user_data)[0];
  Fill *fill = ((gpointer *)user_data)[1];
  const char *value = source_value (fill, field);
  JsonArray *table;

  if (field->type == RB_FIELD_PERSON)
    for (guint i = 0; i < field->parts->len; i++)
      {
        const RbField *part = g_ptr_array_index (field->parts, i);
        const char *part_value = source_value (fill, part);
        g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);

        if (part_value != NULL)
          rb_document_set_text (document, path, part_value, NULL);
      }
  else if (field->type == RB_FIELD_CHECKBOXES && value != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (value, -1);

      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);
          g_autofree char *match
              = g_utf8_casefold (option->match != NULL ? option->match : option->id, -1);

          if (strstr (folded, match) != NULL)
            rb_document_set_checked (document, field->id, option->id, TRUE, NULL);
        }
    }
  else if (field->type == RB_FIELD_TABLE && field->source != NULL
           && (table = g_hash_table_lookup (fill->tables, field->source)) != NULL)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      for (guint r = 0; r < json_array_get_length (table); r++)
        {
          JsonObject *row = json_array_get_object_element (table, r);
          GStrv cells = g_new0 (char *, field->parts->len + 1);

          for (guint c = 0; c < field->parts->len; c++)
            {
              const RbField *column = g_ptr_array_index (field->parts, c);
              cells[c]
                  = g_strdup (json_object_get_string_member_with_default (row, column->id, ""));
            }
          g_ptr_array_add (rows, cells);
        }
      rb_document_set_rows (document, field->id, rows, NULL);
    }
  else if (field->type == RB_FIELD_SIGNATURE && value != NULL)
    {
      /* A signature cannot be filled in, but who is to sign can. */
      rb_document_set_signer (document, field->id, value);
    }
  else if (value != NULL && field->type != RB_FIELD_PARAGRAPH)
    rb_document_set_text (document, field->id, value, NULL);
}

/**
 * rb_document_fill:
 * @self: a document that is not signed
 * @db: the case's database
 * @case_record: the case
 * @today: (nullable): the day the document is made, today when %NULL
 * @error: return location for an error
 *
 * Fills every field with a "source" from the case's records; values the case does not
 * have are left as they are.
 *
 * Returns: %FALSE when the case's records could not be read.
 */
gboolean
rb_document_fill (RbDocument *self, RbDatabase *db, RbRecord *case_record, const GDate *today,
                  GError **error)
{
  Fill fill = { db, case_record };
  gpointer data[2] = { self, &fill };

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (rb_document_is_signed (self))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_READ_ONLY,
                   _("A signed document is not filled in again"));
      return FALSE;
    }
  g_date_clear (&fill.today, 1);
  if (today != NULL)
    fill.today = *today;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      rb_date_set_local_day (&fill.today, now);
    }
  fill.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fill.tables
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_array_unref);

  put_date (&fill, "today", &fill.today);
  put (&fill, "swv.name", rb_database_get_swv_name (db));
  put (&fill, "case.regisseur_swv", rb_record_get_string (case_record, "regisseur_swv"));
  put (&fill, "case.regisseur_school", rb_record_get_string (case_record, "regisseur_school"));
  put (&fill, "case.status", rb_record_get_string (case_record, "status"));
  fill_pupil (&fill);
  fill_meetings (&fill);
  fill_placement (&fill);
  fill_absences (&fill);
  fill_agreements (&fill);

  if (fill.error == NULL)
    rb_document_kind_foreach_field (rb_document_get_kind (self), apply_field, data);
  g_hash_table_unref (fill.values);
  g_hash_table_unref (fill.tables);
  if (fill.error != NULL)
    {
      g_propagate_error (error, fill.error);
      return FALSE;
    }
  return TRUE;
}
