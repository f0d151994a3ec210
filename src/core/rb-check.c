/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rb-check.h"
#include "rb-store.h"

/*
 * What `routeboek-cli check` and the tests verify: SQLite's own integrity check, then
 * the rules the app itself keeps, which SQLite cannot see.
 */

static gboolean
collect_pragma (RbDatabase *db, const char *sql, gboolean skip_ok, GPtrArray *problems,
                GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *first = (const char *) sqlite3_column_text (stmt, 0);

      if (skip_ok && g_strcmp0 (first, "ok") == 0)
        continue;
      if (sqlite3_column_count (stmt) >= 3)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s %s refers to a missing row of %s"), first,
                                          (const char *) sqlite3_column_text (stmt, 1),
                                          (const char *) sqlite3_column_text (stmt, 2)));
      else
        g_ptr_array_add (problems, g_strdup_printf (_("Damage: %s"), first));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_records (RbDatabase *db, const RbTable *table, GHashTable *deleted, GPtrArray *problems,
               GError **error)
{
  g_autoptr(GPtrArray) records = rb_store_list_all (db, table, error);

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      RbRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) invalid = NULL;

      if (rb_record_get_deleted (record))
        {
          g_hash_table_add (deleted, g_strdup (rb_record_get_uuid (record)));
          continue;
        }
      if (!rb_record_validate (record, &invalid))
        g_ptr_array_add (problems, g_strdup_printf ("%s %s: %s", table->name,
                                                    rb_record_get_uuid (record), invalid->message));

      /* A live record under a deleted parent would be invisible in the app. */
      for (guint c = 0; c < table->n_columns; c++)
        {
          const RbColumn *col = &table->columns[c];
          const char *ref;

          if (col->type == RB_COLUMN_REF
              && (ref = rb_record_get_string (record, col->name)) != NULL
              && g_hash_table_contains (deleted, ref))
            g_ptr_array_add (problems,
                             g_strdup_printf (_("%s %s is kept, but its %s %s was deleted"),
                                              table->name, rb_record_get_uuid (record),
                                              _(col->label), ref));
        }
    }
  return TRUE;
}

static gboolean
check_status_history (RbDatabase *db, GPtrArray *problems, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db,
      "SELECT c.uuid, c.status, "
      "  (SELECT s.status FROM status_changes s WHERE s.case_uuid = c.uuid AND s.deleted = 0 "
      "   ORDER BY s.changed_on DESC, s.created_at DESC, s.uuid DESC LIMIT 1) "
      "FROM cases c WHERE c.deleted = 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 1);
      const char *last = (const char *) sqlite3_column_text (stmt, 2);

      if (last != NULL && g_strcmp0 (status, last) != 0)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("case %s has status %s, but its history ends with %s"),
                                          (const char *) sqlite3_column_text (stmt, 0), status,
                                          last));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_check_database:
 * @db: an open database
 * @error: set when the check itself could not run
 *
 * Runs `PRAGMA integrity_check` and `foreign_key_check`, validates every live record,
 * looks for live records under deleted ones and for case statuses that disagree with
 * their logged history.
 *
 * Returns: (transfer full) (element-type utf8): the problems found; empty when all is well.
 */
GPtrArray *
rb_check_database (RbDatabase *db, GError **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const RbTable *tables;
  guint n_tables;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  if (!collect_pragma (db, "PRAGMA integrity_check", TRUE, problems, error)
      || !collect_pragma (db, "PRAGMA foreign_key_check", FALSE, problems, error))
    return NULL;

  tables = rb_schema_get_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    if (!check_records (db, &tables[i], deleted, problems, error))
      return NULL;

  if (!check_status_history (db, problems, error))
    return NULL;
  return g_steal_pointer (&problems);
}
