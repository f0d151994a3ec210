/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The current layout of a database file; rb-database.c migrates older ones up to it. */
#define RB_SCHEMA_VERSION 7

/* PRAGMA application_id of every Routeboek database ("RtBk"): tells ours from other SQLite files. */
#define RB_APPLICATION_ID 0x5274426b

typedef enum
{
  RB_COLUMN_TEXT,
  RB_COLUMN_INT,
  RB_COLUMN_REAL,
  RB_COLUMN_BOOL,
  RB_COLUMN_DATE,
  RB_COLUMN_REF,
  RB_COLUMN_ENUM,
} RbColumnType;

/**
 * RbColumn:
 * @name: the SQL column and JSON member name
 * @type: how the value is stored and checked
 * @required: %TRUE when the value may not be empty
 * @ref_table: for %RB_COLUMN_REF, the table whose uuid it holds
 * @choices: for %RB_COLUMN_ENUM, the %NULL-terminated allowed codes
 * @min: smallest allowed number (numeric columns, when @min < @max)
 * @max: largest allowed number
 * @label: what a user calls it, for error messages (translatable)
 *
 * One column of a table, besides the columns every table has (uuid, stamps, replica, deleted).
 */
typedef struct
{
  const char *name;
  RbColumnType type;
  gboolean required;
  const char *ref_table;
  const char *const *choices;
  double min;
  double max;
  const char *label;
} RbColumn;

typedef struct _RbRecord RbRecord;
typedef struct _RbTable RbTable;

/**
 * RbTable:
 * @name: SQL table name, also the JSON key of its rows
 * @label: what a user calls one row (translatable)
 * @columns: the table's own columns
 * @n_columns: length of @columns
 * @check: rules across columns (end after start...), or %NULL
 *
 * Describes one table so that the store, the JSON format and sharing by file need no
 * code per table.
 */
struct _RbTable
{
  const char *name;
  const char *label;
  const RbColumn *columns;
  guint n_columns;
  gboolean (*check) (RbRecord *record, GError **error);
};

const RbTable  *rb_schema_get_tables      (guint        *n_tables);
const RbTable  *rb_schema_lookup_table    (const char   *name);
const RbColumn *rb_table_lookup_column    (const RbTable *table,
                                           const char   *name,
                                           guint        *index);

/* Each step takes a database from version N - 1 to N (index 0 creates version 1). */
const char *const *rb_schema_get_migrations (guint *n_steps);

extern const char *const rb_case_statuses[];
extern const char *const rb_absence_kinds[];
extern const char *const rb_meeting_kinds[];
extern const char *const rb_school_types[];
extern const char *const rb_regions[];

const char *rb_case_status_label  (const char *status);
const char *rb_absence_kind_label (const char *kind);
const char *rb_region_label       (const char *region);
const char *rb_criterion_unit_label (const char *unit);
const char *rb_comparison_label   (const char *comparison);
const char *rb_weekday_label      (GDateWeekday weekday);

gboolean    rb_absence_kinds_parse (const char  *text,
                                    guint       *mask,
                                    GError     **error);

G_END_DECLS
