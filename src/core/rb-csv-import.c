/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-csv-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rb-csv-import.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-record.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * Imports a registration list as schools keep them in a spreadsheet: one pupil per row,
 * with Dutch column names. Each pupil gets a new case. Rows with a problem are skipped and
 * reported by their row number as the spreadsheet shows it (the header is row 1); the
 * other rows are imported together, in one transaction.
 */

#define UTF8_BOM "\xef\xbb\xbf"

typedef enum
{
  FIELD_FIRST_NAME,
  FIELD_LAST_NAME,
  FIELD_BIRTH_DATE,
  FIELD_SCHOOL,
  FIELD_GROUP,
  FIELD_STATUS,
  FIELD_OPENED_ON,
  FIELD_FULL_NAME,
  N_FIELDS
} Field;

#define N_REQUIRED_FIELDS (FIELD_SCHOOL + 1)

/* Header names as written by users, without spaces and in lower case. */
static const struct
{
  const char *header;
  Field field;
} headers[] = {
  { "voornaam", FIELD_FIRST_NAME },
  { "achternaam", FIELD_LAST_NAME },
  { "geboortedatum", FIELD_BIRTH_DATE },
  { "school", FIELD_SCHOOL },
  { "groep", FIELD_GROUP },
  { "klas", FIELD_GROUP },
  { "groep/klas", FIELD_GROUP },
  { "status", FIELD_STATUS },
  { "gestart", FIELD_OPENED_ON },
  { "startdatum", FIELD_OPENED_ON },
  { "naamleerling", FIELD_FULL_NAME },
  { "leerling", FIELD_FULL_NAME },
  { "naam", FIELD_FULL_NAME },
};

/* A pupil that passed every check, to be written with its case. */
typedef struct
{
  RbRecord *pupil;
  RbRecord *item;   /* the case */
  char *status;     /* (nullable): where the case goes after it is opened */
} Planned;

typedef struct
{
  RbDatabase *db;
  int columns[N_FIELDS];        /* index in a row, or -1 */
  guint n_columns;
  const char *default_opened_on;
  GHashTable *schools;          /* folded name → uuid, existing or new */
  GPtrArray *new_schools;       /* (element-type RbRecord) */
  GHashTable *pupils;           /* folded name and birth date → row number, 0 when stored */
  GArray *planned;              /* (element-type Planned) */
  RbCsvReport *report;
} Import;

void
rb_csv_report_free (RbCsvReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report);
}

static void
planned_clear (gpointer data)
{
  Planned *planned = data;

  g_clear_object (&planned->pupil);
  g_clear_object (&planned->item);
  g_clear_pointer (&planned->status, g_free);
}

static void
import_clear (Import *import)
{
  g_clear_pointer (&import->schools, g_hash_table_unref);
  g_clear_pointer (&import->new_schools, g_ptr_array_unref);
  g_clear_pointer (&import->pupils, g_hash_table_unref);
  g_clear_pointer (&import->planned, g_array_unref);
  g_clear_pointer (&import->report, rb_csv_report_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

static void add_problem (Import *import, guint row, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Import *import, guint row, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (import->report->problems, g_strdup_printf (_("Row %u: %s"), row, what));
}

/* Names are compared as people read them: case does not matter, nor whether an accent was
 * typed as one character or two. */
static char *
fold (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *normal = g_utf8_normalize (stripped, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  return g_utf8_casefold (normal, -1);
}

/* Identifies a pupil across a list and the database: folded names and the birth date. */
static char *
pupil_key (const char *first_name, const char *last_name, const char *birth_date)
{
  g_autofree char *first = fold (first_name);
  g_autofree char *last = fold (last_name);

  return g_strjoin ("\n", first, last, birth_date, NULL);
}

/* ---- Reading the file ---- */

static char *
read_text (const char *path, const char *file_name, gsize *length, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  const char *invalid;
  gsize skip = 0;

  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      g_set_error (error, RB_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? RB_ERROR_NOT_FOUND : RB_ERROR_IO,
                   _("Cannot read “%s”: %s"), file_name, local_error->message);
      return NULL;
    }
  /* Excel writes a byte order mark before "CSV UTF-8"; it is not part of the first name. */
  if (*length >= 3 && memcmp (contents, UTF8_BOM, 3) == 0)
    skip = 3;
  if (!g_utf8_validate (contents + skip, (gssize) (*length - skip), &invalid))
    {
      guint line = 1;

      for (const char *p = contents; p < invalid; p++)
        line += *p == '\n';
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a UTF-8 text file (see line %u); save it from the spreadsheet "
                     "as “CSV UTF-8”"),
                   file_name, line);
      return NULL;
    }
  if (rb_str_is_blank (contents + skip))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” is empty"), file_name);
      return NULL;
    }
  *length -= skip;
  memmove (contents, contents + skip, *length + 1);
  return g_steal_pointer (&contents);
}

/* Dutch spreadsheets separate with ';' (the comma is the decimal sign), others with ','. */
static char
detect_separator (const char *text, const char *end)
{
  guint semicolons = 0, commas = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\n' || *p == '\r')
        break;
      else if (*p == ';')
        semicolons++;
      else if (*p == ',')
        commas++;
    }
  return commas > semicolons ? ',' : ';';
}

/*
 * Splits the text into rows of fields (RFC 4180): a field in double quotes may hold the
 * separator, line breaks and "" for a quote. Leniently, a quote inside an unquoted field is
 * kept as it is. Rows end with CR LF, LF or CR.
 */
static GPtrArray *
parse_rows (const char *text, const char *end, char separator, const char *file_name,
            GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *p = text;

  while (p < end)
    {
      g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

      for (;;)
        {
          g_autoptr(GString) field = g_string_new (NULL);

          if (p < end && *p == '"')
            for (p++;; p++)
              {
                if (p >= end)
                  {
                    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                                 _("“%s” is not a valid CSV file: a quoted field on row %u is "
                                   "never closed"),
                                 file_name, rows->len + 1);
                    return NULL;
                  }
                if (*p == '"' && p + 1 < end && p[1] == '"')
                  p++;
                else if (*p == '"')
                  {
                    p++;
                    break;
                  }
                g_string_append_c (field, *p);
              }
          /* A field without quotes, or what follows a closing quote. */
          while (p < end && *p != separator && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          if (p < end && *p == separator)
            p++;
          else
            break;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
    }
  return g_steal_pointer (&rows);
}

static gboolean
read_header (Import *import, char **names, const char *file_name, GError **error)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint f = 0; f < N_FIELDS; f++)
    import->columns[f] = -1;
  import->n_columns = g_strv_length (names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (names[i], -1);
      g_autoptr(GString) name = g_string_new (NULL);

      /* "Groep / klas" and "groep/klas" are the same column. */
      for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (name, g_utf8_get_char (p));

      /* Other columns (notes, mentor...) are no error: lists differ per school. */
      for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
        {
          if (!g_str_equal (name->str, headers[h].header))
            continue;
          if (import->columns[headers[h].field] >= 0)
            {
              g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                           _("“%s”: the column “%s” appears twice in the first row"), file_name,
                           g_strstrip (names[i]));
              return FALSE;
            }
          import->columns[headers[h].field] = (int) i;
        }
    }

  for (guint h = 0; h < G_N_ELEMENTS (headers); h++)
    {
      Field field = headers[h].field;

      /* One "Naam leerling" column stands for first and last name. */
      if (field < N_REQUIRED_FIELDS && import->columns[field] < 0
          && !(field <= FIELD_LAST_NAME && import->columns[FIELD_FULL_NAME] >= 0))
        g_ptr_array_add (missing, (gpointer) headers[h].header);
    }
  if (missing->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (missing, NULL);
      list = g_strjoinv (", ", (char **) missing->pdata);
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a registration list: its first row must name the columns "
                     "voornaam, achternaam (or naam leerling), geboortedatum and school (missing: %s)"),
                   file_name, list);
      return FALSE;
    }
  return TRUE;
}

/* ---- Checking a row ---- */

static gboolean
read_number (const char **p, guint *value, guint *n_digits)
{
  *value = 0;
  *n_digits = 0;
  while (g_ascii_isdigit (**p) && *n_digits < 4)
    {
      *value = *value * 10 + (guint) (**p - '0');
      (*p)++;
      (*n_digits)++;
    }
  return *n_digits > 0;
}

/* Reads three numbers separated twice by the same '-', '/' or '.'. */
static gboolean
split_date (const char *text, guint numbers[3], guint digits[3])
{
  const char *p = text;
  char separator = '\0';

  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        {
          if (*p == '\0' || strchr ("-/.", *p) == NULL || (i == 2 && *p != separator))
            return FALSE;
          separator = *p++;
        }
      if (!read_number (&p, &numbers[i], &digits[i]))
        return FALSE;
    }
  return *p == '\0';
}

/*
 * Reads YYYY-MM-DD, or DD-MM-YYYY as Dutch spreadsheets show dates (also with / or .).
 * Returns the ISO date, or NULL with a problem reported for @row.
 */
static char *
read_date (Import *import, guint row, const char *label, const char *text)
{
  guint numbers[3], digits[3], day, month, year;
  gboolean year_first;

  if (!split_date (text, numbers, digits) || digits[1] > 2
      || !((digits[0] == 4 && digits[2] <= 2) || (digits[0] <= 2 && digits[2] == 4)))
    {
      add_problem (import, row, _("%s “%s” is not a date; write it as YYYY-MM-DD or DD-MM-YYYY"),
                   label, text);
      return NULL;
    }
  year_first = digits[0] == 4;
  year = numbers[year_first ? 0 : 2];
  month = numbers[1];
  day = numbers[year_first ? 2 : 0];
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      add_problem (import, row, _("%s “%s” does not exist"), label, text);
      return NULL;
    }
  if (year < RB_DATE_MIN_YEAR || year > RB_DATE_MAX_YEAR)
    {
      add_problem (import, row, _("%s “%s” lies outside %d–%d"), label, text, RB_DATE_MIN_YEAR,
                   RB_DATE_MAX_YEAR);
      return NULL;
    }
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

static const char *
column_label (const char *table, const char *column)
{
  return _(rb_table_lookup_column (rb_schema_lookup_table (table), column, NULL)->label);
}

/* Returns the uuid of the school named @name, adding a new school when there is none. */
static const char *
school_uuid (Import *import, const char *name)
{
  g_autofree char *key = fold (name);
  const char *uuid = g_hash_table_lookup (import->schools, key);
  RbRecord *school;

  if (uuid != NULL)
    return uuid;
  school = rb_record_new (rb_schema_lookup_table ("schools"));
  rb_record_set_string (school, "name", name);
  g_ptr_array_add (import->new_schools, school);
  uuid = rb_record_get_uuid (school);
  g_hash_table_insert (import->schools, g_steal_pointer (&key), g_strdup (uuid));
  return uuid;
}

static gboolean
report_invalid (Import *import, guint row, RbRecord *record)
{
  g_autoptr(GError) invalid = NULL;

  if (rb_record_validate (record, &invalid))
    return TRUE;
  add_problem (import, row, "%s", invalid->message);
  return FALSE;
}

/* Lists hold the code ("absoluut-verzuim") or the words ("Dreigend thuiszitter"). */
static char *
status_from_text (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  g_strdelimit (lower, " _", '-');
  if (g_str_equal (lower, "dreigend-thuiszitter"))
    return g_strdup ("dreigend");
  for (guint i = 0; rb_case_statuses[i] != NULL; i++)
    {
      g_autofree char *label = g_utf8_strdown (rb_case_status_label (rb_case_statuses[i]), -1);

      g_strdelimit (label, " _", '-');
      if (g_str_equal (lower, rb_case_statuses[i]) || g_str_equal (lower, label))
        return g_strdup (rb_case_statuses[i]);
    }
  return NULL;
}

/*
 * "Jan de Vries" is first name Jan, last name "de Vries"; "de Vries, Jan" (as many
 * lists sort) the same. A single word is taken as the first name.
 */
static void
split_full_name (const char *full, char **first, char **last)
{
  const char *comma = strchr (full, ',');
  const char *space = strchr (full, ' ');

  if (*full == '\0')
    return;
  if (comma != NULL)
    {
      *last = g_strstrip (g_strndup (full, (gsize) (comma - full)));
      *first = g_strstrip (g_strdup (comma + 1));
    }
  else if (space != NULL)
    {
      *first = g_strndup (full, (gsize) (space - full));
      *last = g_strstrip (g_strdup (space + 1));
    }
  else
    *first = g_strdup (full);
}

/* Checks one row; a good row is added to import->planned, a bad one to the report. */
static void
plan_row (Import *import, char **fields, guint row)
{
  const char *cells[N_FIELDS];
  g_autofree char *birth_date = NULL;
  g_autofree char *opened_on = NULL;
  g_autofree char *status = NULL;
  g_autofree char *key = NULL;
  g_autofree char *split_first = NULL;
  g_autofree char *split_last = NULL;
  g_autoptr(RbRecord) pupil = rb_record_new (rb_schema_lookup_table ("pupils"));
  g_autoptr(RbRecord) item = rb_record_new (rb_schema_lookup_table ("cases"));
  guint n_fields = g_strv_length (fields);
  gpointer earlier;
  Planned planned;

  if (n_fields > import->n_columns)
    {
      add_problem (import, row, _("the row has %u fields, more than the %u columns of the first "
                                  "row; does a name hold the separator without quotes?"),
                   n_fields, import->n_columns);
      return;
    }
  for (guint f = 0; f < N_FIELDS; f++)
    {
      int column = import->columns[f];
      cells[f] = column >= 0 && (guint) column < n_fields ? g_strstrip (fields[column]) : "";
    }

  if (*cells[FIELD_FIRST_NAME] == '\0' && *cells[FIELD_LAST_NAME] == '\0')
    split_full_name (cells[FIELD_FULL_NAME], &split_first, &split_last);
  rb_record_set_text (pupil, "first_name", split_first ? split_first : cells[FIELD_FIRST_NAME], NULL);
  rb_record_set_text (pupil, "last_name", split_last ? split_last : cells[FIELD_LAST_NAME], NULL);
  rb_record_set_text (pupil, "group_name", cells[FIELD_GROUP], NULL);
  /* A pupil without a school is not enrolled (absoluut verzuim). */
  rb_record_set_boolean (pupil, "enrolled", *cells[FIELD_SCHOOL] != '\0');
  if (*cells[FIELD_BIRTH_DATE] != '\0')
    {
      birth_date = read_date (import, row, column_label ("pupils", "birth_date"),
                              cells[FIELD_BIRTH_DATE]);
      if (birth_date == NULL)
        return;
      rb_record_set_string (pupil, "birth_date", birth_date);
    }
  if (!report_invalid (import, row, pupil))
    return;

  if (*cells[FIELD_STATUS] != '\0')
    {
      status = status_from_text (cells[FIELD_STATUS]);
      if (status == NULL)
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) rb_case_statuses);
          add_problem (import, row, _("“%s” is not a status; choose from %s"),
                       cells[FIELD_STATUS], allowed);
          return;
        }
    }
  if (*cells[FIELD_OPENED_ON] != '\0')
    {
      opened_on = read_date (import, row, column_label ("cases", "opened_on"),
                             cells[FIELD_OPENED_ON]);
      if (opened_on == NULL)
        return;
    }

  /* Importing the same list twice must not give every pupil twice. */
  key = pupil_key (rb_record_get_string (pupil, "first_name"),
                   rb_record_get_string (pupil, "last_name"), birth_date);
  if (g_hash_table_lookup_extended (import->pupils, key, NULL, &earlier))
    {
      if (GPOINTER_TO_UINT (earlier) == 0)
        add_problem (import, row, _("%s %s (born %s) is in the database already"),
                     rb_record_get_string (pupil, "first_name"),
                     rb_record_get_string (pupil, "last_name"), birth_date);
      else
        add_problem (import, row, _("%s %s (born %s) is on row %u already"),
                     rb_record_get_string (pupil, "first_name"),
                     rb_record_get_string (pupil, "last_name"), birth_date,
                     GPOINTER_TO_UINT (earlier));
      return;
    }

  rb_record_set_string (item, "pupil_uuid", rb_record_get_uuid (pupil));
  rb_record_set_string (item, "status", "signalering");
  rb_record_set_string (item, "opened_on", opened_on ? opened_on : import->default_opened_on);
  if (!report_invalid (import, row, item))
    return;

  /* Only a row that is imported may add its school. */
  if (*cells[FIELD_SCHOOL] != '\0')
    rb_record_set_string (pupil, "school_uuid", school_uuid (import, cells[FIELD_SCHOOL]));
  g_hash_table_insert (import->pupils, g_steal_pointer (&key), GUINT_TO_POINTER (row));
  if (g_strcmp0 (status, "signalering") == 0)
    g_clear_pointer (&status, g_free);
  planned.pupil = g_steal_pointer (&pupil);
  planned.item = g_steal_pointer (&item);
  planned.status = g_steal_pointer (&status);
  g_array_append_val (import->planned, planned);
}

/* ---- Writing ---- */

static gboolean
load_existing (Import *import, GError **error)
{
  g_autoptr(GPtrArray) schools = rb_store_list (import->db, rb_schema_lookup_table ("schools"),
                                                NULL, NULL, error);
  g_autoptr(GPtrArray) pupils = NULL;

  if (schools == NULL)
    return FALSE;
  for (guint i = 0; i < schools->len; i++)
    {
      RbRecord *school = g_ptr_array_index (schools, i);
      g_hash_table_insert (import->schools, fold (rb_record_get_string (school, "name")),
                           g_strdup (rb_record_get_uuid (school)));
    }

  pupils = rb_store_list (import->db, rb_schema_lookup_table ("pupils"), NULL, NULL, error);
  if (pupils == NULL)
    return FALSE;
  for (guint i = 0; i < pupils->len; i++)
    {
      RbRecord *pupil = g_ptr_array_index (pupils, i);

      g_hash_table_insert (import->pupils,
                           pupil_key (rb_record_get_string (pupil, "first_name"),
                                      rb_record_get_string (pupil, "last_name"),
                                      rb_record_get_string (pupil, "birth_date")),
                           GUINT_TO_POINTER (0));
    }
  return TRUE;
}

static gboolean
save_planned (Import *import, GError **error)
{
  for (guint i = 0; i < import->new_schools->len; i++)
    if (!rb_store_save (import->db, g_ptr_array_index (import->new_schools, i), error))
      return FALSE;
  for (guint i = 0; i < import->planned->len; i++)
    {
      Planned *planned = &g_array_index (import->planned, Planned, i);

      /* A case opened with another status moves there on the same day, with history. */
      if (!rb_store_save (import->db, planned->pupil, error)
          || !rb_store_save (import->db, planned->item, error)
          || (planned->status != NULL
              && !rb_store_change_status (import->db, planned->item, planned->status,
                                          rb_record_get_string (planned->item, "opened_on"),
                                          NULL, NULL, error)))
        return FALSE;
    }
  return TRUE;
}

/**
 * rb_csv_import:
 * @db: an open database
 * @path: a CSV file with a header row: voornaam, achternaam, geboortedatum, school and
 *   optionally groep (or klas), status and gestart (or startdatum)
 * @opened_on: (nullable): the day the new cases are opened when a row gives none; %NULL
 *   for today
 * @report: (out) (transfer full): what was imported and which rows were skipped, and why
 * @error: set when the file is refused as a whole
 *
 * Adds one pupil and one case (status "signalering", or the row's status) per row, and the
 * schools named that are not in the database yet. The separator (';' or ',') is taken from
 * the first row. Rows with a problem are skipped and reported; the others are written in
 * one transaction.
 *
 * Returns: %TRUE when the file was read, even if every row was skipped; %FALSE when it is
 *   unreadable, not UTF-8, not a registration list or could not be written: then nothing
 *   was written.
 */
gboolean
rb_csv_import (RbDatabase   *db,
               const char   *path,
               const char   *opened_on,
               RbCsvReport **report,
               GError      **error)
{
  g_auto (Import) import = { 0 };
  g_autofree char *file_name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize length;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (path != NULL && report != NULL, FALSE);

  if (opened_on != NULL && !rb_date_parse (opened_on, NULL, error))
    return FALSE;

  file_name = g_filename_display_basename (path);
  if ((text = read_text (path, file_name, &length, error)) == NULL
      || (rows = parse_rows (text, text + length, detect_separator (text, text + length),
                             file_name, error)) == NULL)
    return FALSE;

  import.db = db;
  import.default_opened_on = opened_on != NULL ? opened_on : (today = rb_database_dup_today (db));
  import.schools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  import.new_schools = g_ptr_array_new_with_free_func (g_object_unref);
  import.pupils = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import.planned = g_array_new (FALSE, FALSE, sizeof (Planned));
  g_array_set_clear_func (import.planned, planned_clear);
  import.report = g_new0 (RbCsvReport, 1);
  import.report->problems = g_ptr_array_new_with_free_func (g_free);

  if (!read_header (&import, g_ptr_array_index (rows, 0), file_name, error)
      || !load_existing (&import, error))
    return FALSE;

  for (guint r = 1; r < rows->len; r++)
    {
      char **fields = g_ptr_array_index (rows, r);
      gboolean blank = TRUE;

      for (guint i = 0; fields[i] != NULL && blank; i++)
        blank = rb_str_is_blank (fields[i]);
      if (blank)
        continue;
      import.report->n_rows++;
      plan_row (&import, fields, r + 1);
    }

  if (!rb_database_begin (db, error))
    return FALSE;
  if (!save_planned (&import, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  if (!rb_database_commit (db, error))
    return FALSE;

  import.report->n_imported = import.planned->len;
  import.report->n_schools_created = import.new_schools->len;
  *report = g_steal_pointer (&import.report);
  return TRUE;
}
