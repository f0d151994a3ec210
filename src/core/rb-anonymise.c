/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-anonymise"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rb-anonymise.h"
#include "rb-error.h"
#include "rb-store.h"

/*
 * The anonymised caseload for an escalation table (plaatsingstafel): per case only
 * initials, birth year, school type and the case's status and dates. No names, address,
 * contact details or free text unless the user explicitly includes the free text.
 */

static gunichar
initial_of (const char *text)
{
  return text != NULL && *text != '\0' ? g_unichar_toupper (g_utf8_get_char (text)) : 0;
}

/**
 * rb_anonymise_initials:
 * @first_name: (nullable): a pupil's first name
 * @last_name: (nullable): the last name, tussenvoegsels included ("van den Berg")
 *
 * Returns: (transfer full): the initials as the Dutch write them, e.g. "D.B." for Daan
 *   van den Berg: the tussenvoegsels (written in lower case) are skipped.
 */
char *
rb_anonymise_initials (const char *first_name, const char *last_name)
{
  g_auto(GStrv) words = g_strsplit (last_name != NULL ? last_name : "", " ", -1);
  GString *initials = g_string_new (NULL);
  const char *main_word = NULL;
  gunichar first = initial_of (first_name);

  for (guint i = 0; words[i] != NULL && main_word == NULL; i++)
    if (*words[i] != '\0' && !g_unichar_islower (g_utf8_get_char (words[i])))
      main_word = words[i];
  for (guint i = 0; words[i] != NULL && main_word == NULL; i++)
    if (*words[i] != '\0')
      main_word = words[i];
  for (guint i = 0; i < 2; i++)
    {
      gunichar letter = i == 0 ? first : initial_of (main_word);

      if (letter != 0)
        {
          g_string_append_unichar (initials, letter);
          g_string_append_c (initials, '.');
        }
    }
  return g_string_free (initials, FALSE);
}

static void
append_cell (GString *out, const char *text, gboolean last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (text, "\"", -1);

      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (out, "\"%s\"", escaped);
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

/**
 * rb_anonymise_export_csv:
 * @db: an open database
 * @path: the CSV file to write (replaced atomically)
 * @flags: what may go in besides the minimum
 * @n_cases: (out) (optional): how many cases were written
 * @error: return location for an error
 *
 * Writes one line per live case: a short case code, initials, birth year, school type,
 * status, opened on, threatening since, thuiszitter since (and with
 * %RB_ANONYMISE_FREE_TEXT the route and outcome).
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_anonymise_export_csv (RbDatabase       *db,
                         const char       *path,
                         RbAnonymiseFlags  flags,
                         guint            *n_cases,
                         GError          **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) pupils = NULL;
  g_autoptr(GHashTable) schools = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean free_text = (flags & RB_ANONYMISE_FREE_TEXT) != 0;

  g_return_val_if_fail (RB_IS_DATABASE (db) && path != NULL, FALSE);

  if ((cases = rb_store_list (db, rb_schema_lookup_table ("cases"), NULL, NULL, error)) == NULL
      || (pupils = rb_store_index_by_uuid (db, "pupils", error)) == NULL
      || (schools = rb_store_index_by_uuid (db, "schools", error)) == NULL)
    return FALSE;

  g_string_append (out, "case,initials,birth_year,school_type,status,opened_on,"
                        "threatened_since,thuiszitter_since");
  g_string_append (out, free_text ? ",route,outcome\r\n" : "\r\n");
  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *record = g_ptr_array_index (cases, i);
      RbRecord *pupil = g_hash_table_lookup (pupils, rb_record_get_string (record, "pupil_uuid"));
      RbRecord *school = NULL;
      g_autofree char *code = g_strndup (rb_record_get_uuid (record), 8);
      g_autofree char *initials = NULL;
      g_autofree char *year = NULL;
      const char *school_type = rb_database_get_school_type (db);

      if (pupil != NULL)
        {
          const char *birth = rb_record_get_string (pupil, "birth_date");

          initials = rb_anonymise_initials (rb_record_get_string (pupil, "first_name"),
                                            rb_record_get_string (pupil, "last_name"));
          year = birth != NULL ? g_strndup (birth, 4) : NULL;
          if (rb_record_get_string (pupil, "school_uuid") != NULL)
            school = g_hash_table_lookup (schools, rb_record_get_string (pupil, "school_uuid"));
        }
      if (school != NULL && rb_record_get_string (school, "school_type") != NULL)
        school_type = rb_record_get_string (school, "school_type");

      append_cell (out, code, FALSE);
      append_cell (out, initials, FALSE);
      append_cell (out, year, FALSE);
      append_cell (out, school_type, FALSE);
      append_cell (out, rb_record_get_string (record, "status"), FALSE);
      append_cell (out, rb_record_get_string (record, "opened_on"), FALSE);
      append_cell (out, rb_record_get_string (record, "threatened_since"), FALSE);
      append_cell (out, rb_record_get_string (record, "thuiszitter_since"), !free_text);
      if (free_text)
        {
          append_cell (out, rb_record_get_string (record, "route"), FALSE);
          append_cell (out, rb_record_get_string (record, "outcome"), TRUE);
        }
    }
  if (!g_file_set_contents_full (path, out->str, (gssize) out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write the anonymised export: %s"),
                   local_error->message);
      return FALSE;
    }
  if (n_cases != NULL)
    *n_cases = cases->len;
  return TRUE;
}
