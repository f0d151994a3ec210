/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * The store turns records into rows and back. Its SQL is generated from the table
 * descriptions in rb-schema.c, so a new column needs no code here. Records are never
 * removed: a deletion leaves a tombstone (deleted = 1) that sharing by file passes on.
 */

#define RECORD_COLUMNS "uuid, created_at, modified_at, replica, deleted"
#define N_RECORD_COLUMNS 5

typedef struct
{
  char *upsert;
  char *select;
} TableSql;

static const TableSql *
table_sql (const RbTable *table)
{
  static GHashTable *cache;
  static GMutex lock;
  TableSql *sql;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_direct_hash, g_direct_equal);
  sql = g_hash_table_lookup (cache, table);
  if (sql == NULL)
    {
      g_autoptr(GString) names = g_string_new (RECORD_COLUMNS);
      g_autoptr(GString) marks = g_string_new ("?, ?, ?, ?, ?");
      g_autoptr(GString) updates = g_string_new ("modified_at = excluded.modified_at, "
                                                 "replica = excluded.replica, "
                                                 "deleted = excluded.deleted");

      for (guint i = 0; i < table->n_columns; i++)
        {
          const char *name = table->columns[i].name;
          g_string_append_printf (names, ", %s", name);
          g_string_append (marks, ", ?");
          g_string_append_printf (updates, ", %s = excluded.%s", name, name);
        }
      sql = g_new0 (TableSql, 1);
      sql->upsert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s) "
                                     "ON CONFLICT (uuid) DO UPDATE SET %s",
                                     table->name, names->str, marks->str, updates->str);
      sql->select = g_strdup_printf ("SELECT %s FROM %s", names->str, table->name);
      g_hash_table_insert (cache, (gpointer) table, sql);
    }
  g_mutex_unlock (&lock);
  return sql;
}

static void
bind_text (sqlite3_stmt *stmt, int index, const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_record (sqlite3_stmt *stmt, RbRecord *record)
{
  const RbTable *table = rb_record_get_table (record);

  bind_text (stmt, 1, rb_record_get_uuid (record));
  bind_text (stmt, 2, rb_record_get_created_at (record));
  bind_text (stmt, 3, rb_record_get_modified_at (record));
  bind_text (stmt, 4, rb_record_get_replica (record));
  sqlite3_bind_int (stmt, 5, rb_record_get_deleted (record));

  for (guint i = 0; i < table->n_columns; i++)
    {
      const RbColumn *col = &table->columns[i];
      int index = N_RECORD_COLUMNS + 1 + (int) i;

      if (!rb_record_is_set (record, col->name))
        sqlite3_bind_null (stmt, index);
      else if (col->type == RB_COLUMN_INT || col->type == RB_COLUMN_BOOL)
        sqlite3_bind_int64 (stmt, index, rb_record_get_int (record, col->name));
      else if (col->type == RB_COLUMN_REAL)
        sqlite3_bind_double (stmt, index, rb_record_get_double (record, col->name));
      else
        bind_text (stmt, index, rb_record_get_string (record, col->name));
    }
}

static RbRecord *
record_from_row (const RbTable *table, sqlite3_stmt *stmt)
{
  RbRecord *record = rb_record_new_with_uuid (table, (const char *) sqlite3_column_text (stmt, 0));

  rb_record_set_stamps (record, (const char *) sqlite3_column_text (stmt, 1),
                        (const char *) sqlite3_column_text (stmt, 2),
                        (const char *) sqlite3_column_text (stmt, 3),
                        sqlite3_column_int (stmt, 4) != 0);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const RbColumn *col = &table->columns[i];
      int index = N_RECORD_COLUMNS + (int) i;

      if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
        continue;
      switch (col->type)
        {
        case RB_COLUMN_INT:
          rb_record_set_int (record, col->name, sqlite3_column_int64 (stmt, index));
          break;
        case RB_COLUMN_BOOL:
          rb_record_set_boolean (record, col->name, sqlite3_column_int (stmt, index) != 0);
          break;
        case RB_COLUMN_REAL:
          rb_record_set_double (record, col->name, sqlite3_column_double (stmt, index));
          break;
        default:
          rb_record_set_string (record, col->name, (const char *) sqlite3_column_text (stmt, index));
        }
    }
  return record;
}

static gboolean
row_exists (RbDatabase *db, const char *table_name, const char *uuid, gboolean *exists,
            GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE uuid = ?", table_name);
  sqlite3_stmt *stmt = rb_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return FALSE;
    }
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

/* Gives a sentence naming the column, where a foreign key error would only say "failed". */
static gboolean
check_references (RbDatabase *db, RbRecord *record, GError **error)
{
  const RbTable *table = rb_record_get_table (record);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const RbColumn *col = &table->columns[i];
      const char *uuid;
      gboolean exists;

      if (col->type != RB_COLUMN_REF || (uuid = rb_record_get_string (record, col->name)) == NULL)
        continue;
      if (!row_exists (db, col->ref_table, uuid, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("%s: the %s it refers to (%s) does not exist in this database"),
                       _(table->label), _(col->label), uuid);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_record (RbDatabase *db, RbRecord *record, GError **error)
{
  sqlite3_stmt *stmt;

  if (!rb_record_validate (record, error) || !check_references (db, record, error))
    return FALSE;
  stmt = rb_database_prepare (db, table_sql (rb_record_get_table (record))->upsert, error);
  if (stmt == NULL)
    return FALSE;
  bind_record (stmt, record);
  return rb_database_step_done (db, stmt, error);
}

static gboolean
is_log_entry (RbRecord *record)
{
  return g_str_equal (rb_record_get_table (record)->name, "log_entries");
}

/* Logbook entries are a record of what was done: corrections are new entries. */
static gboolean
refuse_log_change (RbDatabase *db, RbRecord *record, GError **error)
{
  gboolean exists;

  if (!is_log_entry (record))
    return TRUE;
  if (!row_exists (db, "log_entries", rb_record_get_uuid (record), &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A logbook entry cannot be changed or removed; add a new entry that "
                     "corrects it"));
      return FALSE;
    }
  return TRUE;
}

static void
stamp (RbDatabase *db, RbRecord *record, gboolean deleted)
{
  g_autofree char *now = rb_database_dup_timestamp (db);
  const char *created = rb_record_get_created_at (record);

  rb_record_set_stamps (record, created != NULL ? created : now, now,
                        rb_database_get_replica (db), deleted);
}

/**
 * rb_store_save:
 * @db: an open database
 * @record: a new or changed record
 * @error: return location for an error
 *
 * Checks @record and writes it, stamping it as changed now by this installation.
 * On failure neither the file nor the record's stamps change.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_store_save (RbDatabase *db, RbRecord *record, GError **error)
{
  g_autoptr(RbRecord) stamped = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  if (!refuse_log_change (db, record, error))
    return FALSE;

  stamped = rb_record_copy (record);
  stamp (db, stamped, rb_record_get_deleted (record));
  if (!write_record (db, stamped, error))
    return FALSE;
  rb_record_set_stamps (record, rb_record_get_created_at (stamped),
                        rb_record_get_modified_at (stamped), rb_record_get_replica (stamped),
                        rb_record_get_deleted (stamped));
  return TRUE;
}

/**
 * rb_store_save_all:
 * @db: an open database
 * @records: (element-type RbRecord): records to save, parents before children
 * @error: return location for an error
 *
 * Saves all records in one transaction: all of them, or none.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_store_save_all (RbDatabase *db, GPtrArray *records, GError **error)
{
  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);

  if (!rb_database_begin (db, error))
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    if (!rb_store_save (db, g_ptr_array_index (records, i), error))
      {
        rb_database_rollback (db);
        return FALSE;
      }
  return rb_database_commit (db, error);
}

/**
 * rb_store_put:
 * @db: an open database
 * @record: a complete record with its own stamps
 * @error: return location for an error
 *
 * Writes @record as it is, stamps included: for loading fixtures and merging records
 * made elsewhere. It is still checked like any other record.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_store_put (RbDatabase *db, RbRecord *record, GError **error)
{
  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  if (rb_record_get_created_at (record) == NULL || rb_record_get_modified_at (record) == NULL
      || rb_record_get_replica (record) == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("%s %s has no creation or change stamp"),
                   _(rb_record_get_table (record)->label), rb_record_get_uuid (record));
      return FALSE;
    }
  return write_record (db, record, error);
}

/**
 * rb_store_delete:
 * @db: an open database
 * @record: a stored record
 * @error: return location for an error
 *
 * Marks @record deleted. The row stays as a tombstone so that colleagues who import
 * this database's export delete it too. Logbook entries cannot be deleted.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_store_delete (RbDatabase *db, RbRecord *record, GError **error)
{
  g_autoptr(RbRecord) tombstone = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  if (!refuse_log_change (db, record, error))
    return FALSE;

  tombstone = rb_record_copy (record);
  stamp (db, tombstone, TRUE);
  if (!write_record (db, tombstone, error))
    return FALSE;
  rb_record_set_stamps (record, rb_record_get_created_at (tombstone),
                        rb_record_get_modified_at (tombstone), rb_record_get_replica (tombstone),
                        TRUE);
  return TRUE;
}

static GPtrArray *
collect (RbDatabase *db, const RbTable *table, sqlite3_stmt *stmt, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (table, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

/**
 * rb_store_get:
 * @db: an open database
 * @table: the record's table
 * @uuid: its UUID
 * @error: set to %RB_ERROR_NOT_FOUND when there is no such record
 *
 * Returns: (transfer full): the record, also when it is a tombstone.
 */
RbRecord *
rb_store_get (RbDatabase *db, const RbTable *table, const char *uuid, GError **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (table != NULL && uuid != NULL, NULL);

  sql = g_strdup_printf ("%s WHERE uuid = ?", table_sql (table)->select);
  if ((stmt = rb_database_prepare (db, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if ((found = collect (db, table, stmt, error)) == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("No %s has the code %s"),
                   _(table->label), uuid);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * rb_store_find:
 * @db: an open database
 * @table: the record's table
 * @uuid_or_prefix: a UUID, or its first characters (at least 4), as people type them
 * @error: set when nothing or more than one record matches
 *
 * Returns: (transfer full): the one live record that matches.
 */
RbRecord *
rb_store_find (RbDatabase *db, const RbTable *table, const char *uuid_or_prefix, GError **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *pattern = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  if (uuid_or_prefix == NULL || strlen (uuid_or_prefix) < 4
      || strspn (uuid_or_prefix, "0123456789abcdefABCDEF-") != strlen (uuid_or_prefix))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a code of a record (%s): give at least its first 4 characters"),
                   uuid_or_prefix ? uuid_or_prefix : "", _(table->label));
      return NULL;
    }
  sql = g_strdup_printf ("%s WHERE uuid LIKE ? AND deleted = 0 LIMIT 2", table_sql (table)->select);
  if ((stmt = rb_database_prepare (db, sql, error)) == NULL)
    return NULL;
  pattern = g_strdup_printf ("%s%%", uuid_or_prefix);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  if ((found = collect (db, table, stmt, error)) == NULL)
    return NULL;
  if (found->len != 1)
    {
      g_set_error (error, RB_ERROR, found->len == 0 ? RB_ERROR_NOT_FOUND : RB_ERROR_INVALID,
                   found->len == 0 ? _("No %s has the code %s")
                                   : _("More than one %s has a code starting with %s; give more characters"),
                   _(table->label), uuid_or_prefix);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (found, 0));
}

/**
 * rb_store_list:
 * @db: an open database
 * @table: the table to read
 * @column: (nullable): a column to match, e.g. "case_uuid"
 * @value: (nullable): the value @column must have
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbRecord): the live records (no tombstones),
 *   in a stable order.
 */
GPtrArray *
rb_store_list (RbDatabase    *db,
               const RbTable *table,
               const char    *column,
               const char    *value,
               GError       **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (column == NULL || rb_table_lookup_column (table, column, NULL) != NULL,
                        NULL);

  if (column != NULL)
    sql = g_strdup_printf ("%s WHERE deleted = 0 AND %s = ? ORDER BY created_at, uuid",
                           table_sql (table)->select, column);
  else
    sql = g_strdup_printf ("%s WHERE deleted = 0 ORDER BY created_at, uuid", table_sql (table)->select);
  if ((stmt = rb_database_prepare (db, sql, error)) == NULL)
    return NULL;
  if (column != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  return collect (db, table, stmt, error);
}

/**
 * rb_store_list_all:
 * @db: an open database
 * @table: the table to read
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbRecord): every record including tombstones,
 *   ordered by UUID (for dumps and exports).
 */
GPtrArray *
rb_store_list_all (RbDatabase *db, const RbTable *table, GError **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  sql = g_strdup_printf ("%s ORDER BY uuid", table_sql (table)->select);
  if ((stmt = rb_database_prepare (db, sql, error)) == NULL)
    return NULL;
  return collect (db, table, stmt, error);
}

gint64
rb_store_count (RbDatabase *db, const RbTable *table, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", table->name);
  sqlite3_stmt *stmt = rb_database_prepare (db, sql, error);
  gint64 count = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    rb_database_set_error (db, rc, error);
  sqlite3_reset (stmt);
  return count;
}

/**
 * rb_store_change_status:
 * @db: an open database
 * @case_record: a stored case
 * @status: the new status
 * @date: the day it took effect (YYYY-MM-DD)
 * @changed_by: (nullable): who changed it
 * @note: (nullable): why
 * @error: return location for an error
 *
 * Sets the case's status and logs the change, in one transaction. The dates that belong
 * to the status (thuiszitter since, closed on) are filled in when still empty.
 *
 * Returns: %TRUE on success; on failure @case_record is unchanged.
 */
gboolean
rb_store_change_status (RbDatabase  *db,
                        RbRecord    *case_record,
                        const char  *status,
                        const char  *date,
                        const char  *changed_by,
                        const char  *note,
                        GError     **error)
{
  static const struct { const char *status; const char *column; } status_dates[] = {
    { "dreigend", "threatened_since" },
    { "thuiszitter", "thuiszitter_since" },
    { "afgesloten", "closed_on" },
  };
  g_autoptr(RbRecord) updated = NULL;
  g_autoptr(RbRecord) change = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_RECORD (case_record), FALSE);
  g_return_val_if_fail (g_str_equal (rb_record_get_table (case_record)->name, "cases"), FALSE);

  if (!rb_date_parse (date, NULL, error))
    return FALSE;

  updated = rb_record_copy (case_record);
  rb_record_set_string (updated, "status", status);
  for (guint i = 0; i < G_N_ELEMENTS (status_dates); i++)
    if (g_strcmp0 (status, status_dates[i].status) == 0
        && !rb_record_is_set (updated, status_dates[i].column))
      rb_record_set_string (updated, status_dates[i].column, date);
  /* A reopened case is no longer closed. */
  if (g_strcmp0 (status, "afgesloten") != 0)
    rb_record_unset (updated, "closed_on");

  change = rb_record_new (rb_schema_lookup_table ("status_changes"));
  rb_record_set_string (change, "case_uuid", rb_record_get_uuid (case_record));
  rb_record_set_string (change, "status", status);
  rb_record_set_string (change, "changed_on", date);
  rb_record_set_string (change, "changed_by", changed_by);
  rb_record_set_string (change, "note", note);

  if (!rb_database_begin (db, error))
    return FALSE;
  if (!rb_store_save (db, updated, error) || !rb_store_save (db, change, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  if (!rb_database_commit (db, error))
    return FALSE;

  rb_record_set_string (case_record, "status", status);
  for (guint i = 0; i < G_N_ELEMENTS (status_dates); i++)
    rb_record_set_string (case_record, status_dates[i].column,
                          rb_record_get_string (updated, status_dates[i].column));
  rb_record_set_stamps (case_record, rb_record_get_created_at (updated),
                        rb_record_get_modified_at (updated), rb_record_get_replica (updated), FALSE);
  return TRUE;
}

/**
 * rb_store_index_by_uuid:
 * @db: an open database
 * @table: the table's name
 * @error: return location for an error
 *
 * For joining in memory: listing a whole caseload this way is one query per table
 * instead of one per row.
 *
 * Returns: (transfer full) (element-type utf8 RbRecord): the table's live records by uuid,
 *   or %NULL with @error set.
 */
GHashTable *
rb_store_index_by_uuid (RbDatabase *db, const char *table, GError **error)
{
  g_autoptr(GPtrArray) records = rb_store_list (db, rb_schema_lookup_table (table), NULL, NULL,
                                                error);
  GHashTable *index;

  if (records == NULL)
    return NULL;
  /* The keys live in the records, which the table owns. */
  index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *record = g_ptr_array_index (records, i);

      g_hash_table_insert (index, (gpointer) rb_record_get_uuid (record), g_object_ref (record));
    }
  return index;
}
