/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-retention"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-layout.h"
#include "rb-report.h"
#include "rb-retention.h"
#include "rb-store.h"

/*
 * Retention and the pupil's right of access (AVG). Closed cases are kept for a period
 * each SWV database sets; after it a case is anonymised (what the statistics need stays:
 * its status history, bridge placements, school, outcome) or deleted. Either way the rows
 * that go leave tombstones without their contents, so that colleagues who import this
 * database's bundle remove them too. Both walk the schema, so a table added later that
 * refers to a case or a pupil is covered without code here.
 */

#define META_KEY "retention_months"

guint
rb_retention_get_months (RbDatabase *db, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db, "SELECT value FROM meta WHERE key = ?", error);
  guint64 months = RB_RETENTION_DEFAULT_MONTHS;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, META_KEY, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW
      && !g_ascii_string_to_unsigned ((const char *) sqlite3_column_text (stmt, 0), 10, 1,
                                      RB_RETENTION_MAX_MONTHS, &months, NULL))
    months = RB_RETENTION_DEFAULT_MONTHS;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      months = 0;
    }
  sqlite3_reset (stmt);
  return (guint) months;
}

/**
 * rb_retention_set_months:
 * @db: an open database
 * @months: how long closed cases are kept, 1 to %RB_RETENTION_MAX_MONTHS
 * @error: return location for an error
 *
 * Returns: %TRUE when the setting was saved in the database.
 */
gboolean
rb_retention_set_months (RbDatabase *db, guint months, GError **error)
{
  g_autofree char *value = g_strdup_printf ("%u", months);
  sqlite3_stmt *stmt;

  if (months < 1 || months > RB_RETENTION_MAX_MONTHS)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A retention period is 1 to %u months, not %u"), RB_RETENTION_MAX_MONTHS,
                   months);
      return FALSE;
    }
  stmt = rb_database_prepare (db, "INSERT INTO meta (key, value) VALUES (?, ?)"
                                  " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, META_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return rb_database_step_done (db, stmt, error);
}

static int
compare_closed (gconstpointer a, gconstpointer b)
{
  RbRecord *x = *(RbRecord *const *) a;
  RbRecord *y = *(RbRecord *const *) b;

  return g_strcmp0 (rb_record_get_string (x, "closed_on"), rb_record_get_string (y, "closed_on"));
}

/**
 * rb_retention_list_due:
 * @db: an open database
 * @today: the day to judge on (ISO)
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type RbRecord): the closed cases, not yet
 *   anonymised, whose retention period has passed by @today, longest closed first.
 */
GPtrArray *
rb_retention_list_due (RbDatabase *db, const char *today, GError **error)
{
  g_autoptr(GPtrArray) closed = NULL;
  GPtrArray *due;
  guint months;
  GDate limit;

  if (!rb_date_parse (today, &limit, error) || (months = rb_retention_get_months (db, error)) == 0
      || (closed = rb_store_list (db, rb_schema_lookup_table ("cases"), "status", "afgesloten",
                                  error)) == NULL)
    return NULL;
  g_date_subtract_months (&limit, months);
  due = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < closed->len; i++)
    {
      RbRecord *record = g_ptr_array_index (closed, i);
      GDate closed_on;

      if (rb_record_get_string (record, "anonymised_on") == NULL
          && rb_date_parse (rb_record_get_string (record, "closed_on"), &closed_on, NULL)
          && g_date_compare (&closed_on, &limit) <= 0)
        g_ptr_array_add (due, g_object_ref (record));
    }
  g_ptr_array_sort (due, compare_closed);
  return due;
}

static gboolean
in_list (const char *const *list, const char *name)
{
  return list != NULL && g_strv_contains (list, name);
}

/* Every live row that refers to (@table, @uuid), and the rows that refer to those, children
 * before their parents; not into the tables in @keep. */
static gboolean
collect_dependents (RbDatabase *db, const char *table, const char *uuid, const char *const *keep,
                    GHashTable *seen, GPtrArray *out, GError **error)
{
  guint n_tables;
  const RbTable *tables = rb_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      if (in_list (keep, tables[t].name))
        continue;
      for (guint c = 0; c < tables[t].n_columns; c++)
        {
          const RbColumn *column = &tables[t].columns[c];
          g_autoptr(GPtrArray) rows = NULL;

          if (column->type != RB_COLUMN_REF || g_strcmp0 (column->ref_table, table) != 0)
            continue;
          if ((rows = rb_store_list (db, &tables[t], column->name, uuid, error)) == NULL)
            return FALSE;
          for (guint r = 0; r < rows->len; r++)
            {
              RbRecord *row = g_ptr_array_index (rows, r);

              if (!g_hash_table_add (seen, g_strdup (rb_record_get_uuid (row))))
                continue;
              if (!collect_dependents (db, tables[t].name, rb_record_get_uuid (row), keep, seen,
                                       out, error))
                return FALSE;
              g_ptr_array_add (out, g_object_ref (row));
            }
        }
    }
  return TRUE;
}

/* A tombstone that carries nothing of what the row said. Written with put: the logbook
 * is append-only for users, but retention must be able to remove it. */
static gboolean
erase (RbDatabase *db, RbRecord *record, GError **error)
{
  const RbTable *table = rb_record_get_table (record);
  g_autoptr(RbRecord) tombstone = rb_record_copy (record);
  g_autofree char *now = rb_database_dup_timestamp (db);

  for (guint c = 0; c < table->n_columns; c++)
    {
      const RbColumn *column = &table->columns[c];

      if (!column->required)
        rb_record_unset (tombstone, column->name);
      else if (column->type == RB_COLUMN_TEXT)
        rb_record_set_string (tombstone, column->name, "-");
      else if (column->type == RB_COLUMN_DATE && g_str_equal (column->name, "birth_date"))
        rb_record_set_string (tombstone, column->name, "2000-01-01");
    }
  rb_record_set_stamps (tombstone, rb_record_get_created_at (record), now,
                        rb_database_get_replica (db), TRUE);
  return rb_store_put (db, tombstone, error);
}

static gboolean
erase_all (RbDatabase *db, GPtrArray *records, GError **error)
{
  for (guint i = 0; i < records->len; i++)
    if (!erase (db, g_ptr_array_index (records, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
check_closed (RbRecord *case_record, GError **error)
{
  if (g_strcmp0 (rb_record_get_string (case_record, "status"), "afgesloten") != 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("Only a closed case can be anonymised or deleted; close it first"));
      return FALSE;
    }
  return TRUE;
}

/* Saves @record with the columns in @unset (NULL-terminated) cleared. */
static gboolean
save_without (RbDatabase *db, RbRecord *record, const char *const *unset, GError **error)
{
  for (guint i = 0; unset[i] != NULL; i++)
    rb_record_unset (record, unset[i]);
  return rb_store_save (db, record, error);
}

static gboolean
anonymise_case (RbDatabase *db, RbRecord *record, const char *today, GHashTable *seen,
                GPtrArray *gone, GError **error)
{
  static const char *const keep[] = { "status_changes", "placements", NULL };
  static const char *const case_unset[] = { "regisseur_swv", "regisseur_school", NULL };
  static const char *const change_unset[] = { "changed_by", "note", NULL };
  static const char *const placement_unset[] = { "override_reason", NULL };
  const char *uuid = rb_record_get_uuid (record);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) placements = NULL;

  if (!collect_dependents (db, "cases", uuid, keep, seen, gone, error)
      || (changes = rb_store_list (db, rb_schema_lookup_table ("status_changes"), "case_uuid",
                                   uuid, error)) == NULL
      || (placements = rb_store_list (db, rb_schema_lookup_table ("placements"), "case_uuid",
                                      uuid, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    if (!save_without (db, g_ptr_array_index (changes, i), change_unset, error))
      return FALSE;
  for (guint i = 0; i < placements->len; i++)
    if (!save_without (db, g_ptr_array_index (placements, i), placement_unset, error))
      return FALSE;
  rb_record_set_string (record, "anonymised_on", today);
  return save_without (db, record, case_unset, error);
}

/**
 * rb_retention_anonymise:
 * @db: an open database
 * @case_record: a closed case
 * @today: the day it is anonymised (ISO)
 * @error: return location for an error
 *
 * Anonymises the pupil of @case_record and all of the pupil's cases, which must all be
 * closed, in one transaction: the name becomes "Anoniem" and a code, the birth date the
 * first of January of its year; guardians, absences, logbook, meetings, agreements,
 * consents and documents are removed; the cases keep their dates, status history,
 * placements, school, exemption and outcome, so they stay in the report and the
 * Inspectie's registration.
 *
 * Returns: %TRUE when the case was anonymised; on failure nothing changed.
 */
gboolean
rb_retention_anonymise (RbDatabase *db, RbRecord *case_record, const char *today, GError **error)
{
  static const char *const keep[] = { "cases", NULL };
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *birth;
  g_autofree char *year_only = NULL;
  g_autofree char *code = NULL;

  if (!check_closed (case_record, error) || !rb_date_parse (today, NULL, error)
      || (pupil = rb_store_get (db, rb_schema_lookup_table ("pupils"),
                                rb_record_get_string (case_record, "pupil_uuid"), error)) == NULL
      || (cases = rb_store_list (db, rb_schema_lookup_table ("cases"), "pupil_uuid",
                                 rb_record_get_uuid (pupil), error)) == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    if (!check_closed (g_ptr_array_index (cases, i), error))
      return FALSE;

  if (!rb_database_begin (db, error))
    return FALSE;
  if (!collect_dependents (db, "pupils", rb_record_get_uuid (pupil), keep, seen, gone, error))
    goto failed;
  for (guint i = 0; i < cases->len; i++)
    if (!anonymise_case (db, g_ptr_array_index (cases, i), today, seen, gone, error))
      goto failed;
  if (!erase_all (db, gone, error))
    goto failed;
  birth = rb_record_get_string (pupil, "birth_date");
  year_only = g_strdup_printf ("%.4s-01-01", birth);
  code = g_strndup (rb_record_get_uuid (pupil), 8);
  rb_record_set_string (pupil, "first_name", "Anoniem");
  rb_record_set_string (pupil, "last_name", code);
  rb_record_set_string (pupil, "birth_date", year_only);
  rb_record_unset (pupil, "group_name");
  if (!rb_store_save (db, pupil, error) || !rb_database_commit (db, error))
    goto failed;
  /* The log names the case by its code only. */
  g_message ("Retention: anonymised case %.8s and %u other rows", rb_record_get_uuid (case_record),
             gone->len);
  return TRUE;

failed:
  rb_database_rollback (db);
  return FALSE;
}

/**
 * rb_retention_delete:
 * @db: an open database
 * @case_record: a closed case
 * @error: return location for an error
 *
 * Deletes @case_record and everything that refers to it, and the pupil with its
 * guardians and absences when the pupil has no other case. Unlike anonymising, this also
 * takes the case out of the report and the Inspectie's registration.
 *
 * Returns: %TRUE when deleted; on failure nothing changed.
 */
gboolean
rb_retention_delete (RbDatabase *db, RbRecord *case_record, GError **error)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  const char *pupil_uuid = rb_record_get_string (case_record, "pupil_uuid");

  if (!check_closed (case_record, error) || !rb_database_begin (db, error))
    return FALSE;
  if (!collect_dependents (db, "cases", rb_record_get_uuid (case_record), NULL, seen, gone, error))
    goto failed;
  g_ptr_array_add (gone, g_object_ref (case_record));
  if (!erase_all (db, gone, error))
    goto failed;
  g_ptr_array_set_size (gone, 0);
  if ((others = rb_store_list (db, rb_schema_lookup_table ("cases"), "pupil_uuid", pupil_uuid,
                               error)) == NULL)
    goto failed;
  if (others->len == 0)
    {
      if ((pupil = rb_store_get (db, rb_schema_lookup_table ("pupils"), pupil_uuid, error)) == NULL
          || !collect_dependents (db, "pupils", pupil_uuid, NULL, seen, gone, error))
        goto failed;
      g_ptr_array_add (gone, g_object_ref (pupil));
      if (!erase_all (db, gone, error))
        goto failed;
    }
  if (!rb_database_commit (db, error))
    goto failed;
  g_message ("Retention: deleted case %.8s%s", rb_record_get_uuid (case_record),
             others->len == 0 ? " and its pupil" : "");
  return TRUE;

failed:
  rb_database_rollback (db);
  return FALSE;
}

#define MAX_TABLE_COLUMNS 6

/* The columns worth showing: not references (internal codes), and set in some row. */
static GArray *
shown_columns (const RbTable *table, GPtrArray *rows)
{
  GArray *shown = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint c = 0; c < table->n_columns; c++)
    {
      gboolean any = FALSE;

      if (table->columns[c].type == RB_COLUMN_REF)
        continue;
      for (guint r = 0; r < rows->len && !any; r++)
        any = rb_record_is_set (g_ptr_array_index (rows, r), table->columns[c].name);
      if (any)
        g_array_append_val (shown, c);
    }
  return shown;
}

static void
layout_rows (RbLayout *layout, const RbTable *table, GPtrArray *rows)
{
  g_autoptr(GArray) shown = shown_columns (table, rows);
  g_autofree const char **headers = g_new0 (const char *, shown->len + 1);
  g_autofree double *widths = g_new0 (double, shown->len + 1);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *heading = g_strdup_printf ("%s (%u)", _(table->label), rows->len);

  for (guint i = 0; i < shown->len; i++)
    {
      headers[i] = _(table->columns[g_array_index (shown, guint, i)].label);
      widths[i] = 1;
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_new0 (char *, shown->len + 1);

      for (guint i = 0; i < shown->len; i++)
        {
          row[i] = rb_record_dup_text (g_ptr_array_index (rows, r),
                                       table->columns[g_array_index (shown, guint, i)].name);
          if (row[i] == NULL)
            row[i] = g_strdup ("");
        }
      g_ptr_array_add (cells, row);
    }
  rb_layout_heading (layout, heading);
  if (shown->len > MAX_TABLE_COLUMNS)
    /* Too wide for a table: each row as a list of labelled values. */
    for (guint r = 0; r < cells->len; r++)
      {
        char **row = g_ptr_array_index (cells, r);

        for (guint i = 0; i < shown->len; i++)
          if (*row[i] != '\0')
            rb_layout_field (layout, headers[i], row[i]);
        rb_layout_space (layout, 8);
      }
  else if (shown->len > 0)
    rb_layout_table (layout, shown->len, headers, widths, cells);
}

/* Every table that refers to (@table, @uuid), and what refers to those rows in turn. */
static gboolean
layout_dependents (RbDatabase *db, RbLayout *layout, const char *table, const char *uuid,
                   GError **error)
{
  guint n_tables;
  const RbTable *tables = rb_schema_get_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    for (guint c = 0; c < tables[t].n_columns; c++)
      {
        const RbColumn *column = &tables[t].columns[c];
        g_autoptr(GPtrArray) rows = NULL;

        /* A row referring to its own table (a correction, a previous version) is shown
         * with its parent already. */
        if (column->type != RB_COLUMN_REF || g_strcmp0 (column->ref_table, table) != 0
            || g_str_equal (tables[t].name, table))
          continue;
        if ((rows = rb_store_list (db, &tables[t], column->name, uuid, error)) == NULL)
          return FALSE;
        if (rows->len == 0)
          continue;
        layout_rows (layout, &tables[t], rows);
        for (guint r = 0; r < rows->len; r++)
          if (!layout_dependents (db, layout, tables[t].name,
                                  rb_record_get_uuid (g_ptr_array_index (rows, r)), error))
            return FALSE;
      }
  return TRUE;
}

/**
 * rb_inzage_render_pdf:
 * @db: an open database
 * @pupil: a pupil
 * @created: (nullable): the date of the export; now when %NULL
 * @error: return location for an error
 *
 * Everything this database holds about @pupil, for a request of access (inzageverzoek):
 * the pupil's own data and every row that refers to the pupil, directly or through a case,
 * meeting or document, table by table.
 *
 * Returns: (transfer full): the PDF file, or %NULL with @error set.
 */
GBytes *
rb_inzage_render_pdf (RbDatabase *db, RbRecord *pupil, GDateTime *created, GError **error)
{
  g_autoptr(RbPdf) pdf = rb_pdf_new (error);
  g_autoptr(RbLayout) layout = NULL;
  g_autoptr(GDateTime) now = created != NULL ? g_date_time_ref (created)
                                             : rb_database_dup_now (db);
  g_autoptr(GPtrArray) self_row = g_ptr_array_new ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *intro = NULL;
  const char *title = _("What is stored about this pupil");

  if (pdf == NULL)
    return NULL;
  layout = rb_layout_new (pdf);
  rb_layout_set_header (layout, rb_database_get_swv_name (db), _("CONFIDENTIAL"), NULL);
  rb_layout_set_footer (layout, title, _("page {page} of {pages}"));
  rb_layout_title (layout, title, 16);
  intro = g_strdup_printf (_("All data this database of %s holds about the pupil on %s, for a "
                             "request of access under the AVG (art. 15)."),
                           rb_database_get_swv_name (db), day);
  rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 9.5, 0, intro);
  g_ptr_array_add (self_row, pupil);
  layout_rows (layout, rb_record_get_table (pupil), self_row);
  if (!layout_dependents (db, layout, "pupils", rb_record_get_uuid (pupil), error)
      || !rb_layout_render (layout, error))
    return NULL;
  rb_pdf_set_info (pdf, title, rb_database_get_swv_name (db), title, now);
  return rb_pdf_finish (pdf, error);
}

gboolean
rb_inzage_write_pdf (RbDatabase *db, RbRecord *pupil, const char *path, GError **error)
{
  g_autoptr(GBytes) bytes = rb_inzage_render_pdf (db, pupil, NULL, error);

  return bytes != NULL && rb_write_file_atomic (path, g_bytes_get_data (bytes, NULL),
                                                g_bytes_get_size (bytes), error);
}
