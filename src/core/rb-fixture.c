/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-fixture"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-record.h"
#include "rb-schema.h"
#include "rb-store.h"

/*
 * A fixture is a whole SWV database as one JSON text (docs/fixture-format.md): for tests,
 * demos and bug reports. Everything is generic over the table descriptions of rb-schema.c.
 *
 * The JSON is written here rather than by JsonGenerator: the bytes must not depend on the
 * json-glib version (member spacing, number formatting), so that dump → load → dump is
 * byte-identical and two dumps can be compared with diff. Reading uses json-glib.
 */

/* The members every row has before its own columns, in this order. */
#define MEMBER_UUID "uuid"
#define MEMBER_CREATED "created_at"
#define MEMBER_MODIFIED "modified_at"
#define MEMBER_REPLICA "replica"
#define MEMBER_DELETED "deleted"

/* ---- Writing ---- */

static void
append_indent (GString *out, guint depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_string (GString *out, const char *text)
{
  g_autofree char *valid = NULL;

  /* A damaged row could hold bytes that are no UTF-8; the JSON text must stay valid. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          /* Other control characters are escaped; all other UTF-8 is written as it is. */
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_double (GString *out, double number)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest text that reads back as the same number: 0.1, not 0.10000000000000001. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], number);
      if (g_ascii_strtod (buffer, NULL) == number)
        break;
    }
  g_string_append (out, buffer);
}

/* Starts a member of an object whose first member is still to come when *first is set. */
static void
append_member (GString *out, guint depth, const char *name, gboolean *first)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  append_indent (out, depth);
  append_string (out, name);
  g_string_append (out, ": ");
}

static void
append_string_member (GString *out, guint depth, const char *name, const char *value,
                      gboolean *first)
{
  append_member (out, depth, name, first);
  append_string (out, value);
}

/* Closes an object or array that has members: the bracket goes on a line of its own. */
static void
append_close (GString *out, guint depth, char bracket)
{
  g_string_append_c (out, '\n');
  append_indent (out, depth);
  g_string_append_c (out, bracket);
}

static void
append_record (GString *out, guint depth, RbRecord *record)
{
  const RbTable *table = rb_record_get_table (record);
  gboolean first = TRUE;

  append_indent (out, depth);
  g_string_append_c (out, '{');
  append_string_member (out, depth + 1, MEMBER_UUID, rb_record_get_uuid (record), &first);
  append_string_member (out, depth + 1, MEMBER_CREATED, rb_record_get_created_at (record), &first);
  append_string_member (out, depth + 1, MEMBER_MODIFIED, rb_record_get_modified_at (record),
                        &first);
  append_string_member (out, depth + 1, MEMBER_REPLICA, rb_record_get_replica (record), &first);
  append_member (out, depth + 1, MEMBER_DELETED, &first);
  g_string_append (out, rb_record_get_deleted (record) ? "true" : "false");

  for (guint i = 0; i < table->n_columns; i++)
    {
      const RbColumn *col = &table->columns[i];

      if (!rb_record_is_set (record, col->name))
        continue;
      append_member (out, depth + 1, col->name, &first);
      switch (col->type)
        {
        case RB_COLUMN_INT:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, rb_record_get_int (record, col->name));
          break;
        case RB_COLUMN_BOOL:
          g_string_append (out, rb_record_get_boolean (record, col->name) ? "true" : "false");
          break;
        case RB_COLUMN_REAL:
          append_double (out, rb_record_get_double (record, col->name));
          break;
        case RB_COLUMN_TEXT:
        case RB_COLUMN_DATE:
        case RB_COLUMN_REF:
        case RB_COLUMN_ENUM:
          append_string (out, rb_record_get_string (record, col->name));
          break;
        }
    }
  append_close (out, depth, '}');
}

/* Writes and empties @text, so that only one table is held in memory at a time. */
static gboolean
flush (GOutputStream *out, GString *text, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_output_stream_write_all (out, text->str, text->len, NULL, NULL, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write the fixture: %s"),
                   local_error->message);
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

/**
 * rb_fixture_dump:
 * @db: an open database
 * @out: where the JSON text goes
 * @error: return location for an error
 *
 * Writes the whole SWV: its identity and every row of every table, tombstones included,
 * in a fixed order and layout. The same database always gives the same bytes.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_fixture_dump (RbDatabase *db, GOutputStream *out, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean first = TRUE, first_swv = TRUE, first_table = TRUE;
  const RbTable *tables;
  guint n_tables;

  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  g_string_append_c (text, '{');
  append_string_member (text, 1, "format", RB_FIXTURE_FORMAT, &first);
  append_member (text, 1, "version", &first);
  g_string_append_printf (text, "%d", RB_FIXTURE_VERSION);

  append_member (text, 1, "swv", &first);
  g_string_append_c (text, '{');
  append_string_member (text, 2, "uuid", rb_database_get_swv_uuid (db), &first_swv);
  append_string_member (text, 2, "name", rb_database_get_swv_name (db), &first_swv);
  append_string_member (text, 2, "school_type", rb_database_get_school_type (db), &first_swv);
  append_string_member (text, 2, "region", rb_database_get_region (db), &first_swv);
  append_close (text, 1, '}');

  append_member (text, 1, "tables", &first);
  g_string_append_c (text, '{');
  tables = rb_schema_get_tables (&n_tables);
  for (guint t = 0; t < n_tables; t++)
    {
      /* Ordered by uuid, tombstones included. */
      g_autoptr(GPtrArray) records = rb_store_list_all (db, &tables[t], error);

      if (records == NULL)
        return FALSE;
      append_member (text, 2, tables[t].name, &first_table);
      if (records->len == 0)
        g_string_append (text, "[]");
      else
        {
          g_string_append_c (text, '[');
          for (guint i = 0; i < records->len; i++)
            {
              g_string_append (text, i == 0 ? "\n" : ",\n");
              append_record (text, 3, g_ptr_array_index (records, i));
            }
          append_close (text, 2, ']');
        }
      if (!flush (out, text, error))
        return FALSE;
    }
  append_close (text, 1, '}');
  append_close (text, 0, '}');
  g_string_append_c (text, '\n');
  return flush (out, text, error);
}

/**
 * rb_fixture_dump_to_data:
 * @db: an open database
 * @length: (out) (optional): the length of the text, without the final NUL
 * @error: return location for an error
 *
 * Like rb_fixture_dump(), into memory.
 *
 * Returns: (transfer full): the NUL-terminated JSON text, or %NULL with @error set.
 */
char *
rb_fixture_dump_to_data (RbDatabase *db, gsize *length, GError **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  /* Writing to memory cannot fail; the NUL makes the data a C string. */
  if (!rb_fixture_dump (db, out, error)
      || !g_output_stream_write_all (out, "", 1, NULL, NULL, NULL)
      || !g_output_stream_close (out, NULL, NULL))
    return NULL;
  if (length != NULL)
    *length = g_memory_output_stream_get_data_size (memory) - 1;
  return g_memory_output_stream_steal_data (memory);
}

/* ---- Reading ---- */

/* The rows of one table as read from the file, before anything is written. */
typedef struct
{
  const RbTable *table;
  GPtrArray *records;  /* (element-type RbRecord): in the order they are inserted */
  GHashTable *rows;    /* uuid → its row number in the file (1-based) */
} TableRows;

typedef struct
{
  TableRows *tables;   /* one per table of the schema, in schema order */
  guint n_tables;
} Rows;

/* Where a problem is, for error messages: "pupils, row 3 (uuid …)". */
typedef struct
{
  const RbTable *table;
  guint number;
  const char *uuid;    /* (nullable): until it is known */
} RowPlace;

static void
rows_free (Rows *rows)
{
  for (guint t = 0; t < rows->n_tables; t++)
    {
      g_ptr_array_unref (rows->tables[t].records);
      g_hash_table_unref (rows->tables[t].rows);
    }
  g_free (rows->tables);
  g_free (rows);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rows, rows_free)

static Rows *
rows_new (void)
{
  Rows *rows = g_new0 (Rows, 1);
  const RbTable *tables = rb_schema_get_tables (&rows->n_tables);

  rows->tables = g_new0 (TableRows, rows->n_tables);
  for (guint t = 0; t < rows->n_tables; t++)
    {
      rows->tables[t].table = &tables[t];
      rows->tables[t].records = g_ptr_array_new_with_free_func (g_object_unref);
      rows->tables[t].rows = g_hash_table_new (g_str_hash, g_str_equal);
    }
  return rows;
}

static TableRows *
rows_lookup (Rows *rows, const char *table_name)
{
  for (guint t = 0; t < rows->n_tables; t++)
    if (g_str_equal (rows->tables[t].table->name, table_name))
      return &rows->tables[t];
  g_return_val_if_reached (NULL);
}

static void set_row_error (GError **error, const RowPlace *place, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static void
set_row_error (GError **error, const RowPlace *place, const char *format, ...)
{
  g_autofree char *where = NULL;
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (place->uuid != NULL)
    where = g_strdup_printf (_("%s, row %u (uuid %s)"), place->table->name, place->number,
                             place->uuid);
  else
    where = g_strdup_printf (_("%s, row %u"), place->table->name, place->number);
  g_set_error (error, RB_ERROR, RB_ERROR_INVALID, "%s: %s", where, what);
}

/* The JSON type of each column type: strings for text, dates, references and codes. */
static gboolean
check_type (const RowPlace *place, const char *member, JsonNode *node, RbColumnType type,
            GError **error)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_NONE;
  const char *wanted;
  gboolean ok;

  switch (type)
    {
    case RB_COLUMN_INT:
      ok = value_type == G_TYPE_INT64;
      wanted = _("a whole number");
      break;
    case RB_COLUMN_REAL:
      ok = value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE;
      wanted = _("a number");
      break;
    case RB_COLUMN_BOOL:
      ok = value_type == G_TYPE_BOOLEAN;
      wanted = _("true or false");
      break;
    case RB_COLUMN_TEXT:
    case RB_COLUMN_DATE:
    case RB_COLUMN_REF:
    case RB_COLUMN_ENUM:
    default:
      ok = value_type == G_TYPE_STRING;
      wanted = _("a string");
      break;
    }
  if (!ok)
    set_row_error (error, place, _("the value of “%s” must be %s"), member, wanted);
  return ok;
}

static JsonNode *
get_required (const RowPlace *place, JsonObject *object, const char *member, RbColumnType type,
              GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      set_row_error (error, place, _("“%s” is missing"), member);
      return NULL;
    }
  return check_type (place, member, node, type, error) ? node : NULL;
}

static const char *
get_timestamp (const RowPlace *place, JsonObject *object, const char *member, GError **error)
{
  JsonNode *node = get_required (place, object, member, RB_COLUMN_TEXT, error);
  g_autoptr(GDateTime) parsed = NULL;
  const char *text;

  if (node == NULL)
    return NULL;
  text = json_node_get_string (node);
  /* Without a time zone the moment is unknown: a stamp must name one (Z for UTC). */
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    {
      set_row_error (error, place,
                     _("%s “%s” is not a time stamp like 2026-09-14T10:00:00.000000Z"), member,
                     text);
      return NULL;
    }
  return text;
}

static gboolean
is_record_member (const char *name)
{
  static const char *const members[] = {
    MEMBER_UUID, MEMBER_CREATED, MEMBER_MODIFIED, MEMBER_REPLICA, MEMBER_DELETED, NULL
  };

  return g_strv_contains (members, name);
}

static gboolean
read_column (const RowPlace *place, RbRecord *record, const RbColumn *col, JsonNode *node,
             GError **error)
{
  const char *text;

  /* null is the same as leaving the member out: the value is not set. */
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!check_type (place, col->name, node, col->type, error))
    return FALSE;

  switch (col->type)
    {
    case RB_COLUMN_INT:
      rb_record_set_int (record, col->name, json_node_get_int (node));
      break;
    case RB_COLUMN_REAL:
      rb_record_set_double (record, col->name, json_node_get_double (node));
      break;
    case RB_COLUMN_BOOL:
      rb_record_set_boolean (record, col->name, json_node_get_boolean (node));
      break;
    case RB_COLUMN_DATE:
      text = json_node_get_string (node);
      if (!rb_date_parse (text, NULL, NULL))
        {
          set_row_error (error, place,
                         _("%s “%s” is not a date (write a real day between %d and %d as "
                           "YYYY-MM-DD)"),
                         _(col->label), text, RB_DATE_MIN_YEAR, RB_DATE_MAX_YEAR);
          return FALSE;
        }
      rb_record_set_string (record, col->name, text);
      break;
    case RB_COLUMN_TEXT:
    case RB_COLUMN_REF:
    case RB_COLUMN_ENUM:
      rb_record_set_string (record, col->name, json_node_get_string (node));
      break;
    }
  return TRUE;
}

/* Reads and checks one row on its own; references are checked once all rows are read. */
static RbRecord *
read_row (const RbTable *table, guint number, JsonNode *node, GError **error)
{
  RowPlace place = { table, number, NULL };
  g_autoptr(RbRecord) record = NULL;
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *uuid, *deleted, *replica;
  const char *created, *modified;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_row_error (error, &place, _("a row must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  /* The uuid first, so that every later message can name it. */
  if ((uuid = get_required (&place, object, MEMBER_UUID, RB_COLUMN_TEXT, error)) == NULL)
    return NULL;
  place.uuid = json_node_get_string (uuid);
  if ((created = get_timestamp (&place, object, MEMBER_CREATED, error)) == NULL
      || (modified = get_timestamp (&place, object, MEMBER_MODIFIED, error)) == NULL
      || (replica = get_required (&place, object, MEMBER_REPLICA, RB_COLUMN_TEXT, error)) == NULL
      || (deleted = get_required (&place, object, MEMBER_DELETED, RB_COLUMN_BOOL, error)) == NULL)
    return NULL;
  if (!g_uuid_string_is_valid (json_node_get_string (replica)))
    {
      set_row_error (error, &place, _("%s “%s” is not a UUID"), MEMBER_REPLICA,
                     json_node_get_string (replica));
      return NULL;
    }

  record = rb_record_new_with_uuid (table, place.uuid);
  rb_record_set_stamps (record, created, modified, json_node_get_string (replica),
                        json_node_get_boolean (deleted));

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const RbColumn *col;

      if (is_record_member (name))
        continue;
      if ((col = rb_table_lookup_column (table, name, NULL)) == NULL)
        {
          set_row_error (error, &place, _("“%s” is not a column of %s"), name, table->name);
          return NULL;
        }
      if (!read_column (&place, record, col, json_object_get_member (object, name), error))
        return NULL;
    }

  if (!rb_record_validate (record, &invalid))
    {
      set_row_error (error, &place, "%s", invalid->message);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static gboolean
read_table (TableRows *table_rows, JsonArray *array, GError **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RbRecord *record = read_row (table_rows->table, i + 1, json_array_get_element (array, i),
                                   error);
      const char *uuid;
      guint earlier;

      if (record == NULL)
        return FALSE;
      /* Added first so that the array owns it even when refused below. */
      g_ptr_array_add (table_rows->records, record);
      uuid = rb_record_get_uuid (record);
      earlier = GPOINTER_TO_UINT (g_hash_table_lookup (table_rows->rows, uuid));
      if (earlier != 0)
        {
          RowPlace place = { table_rows->table, i + 1, uuid };
          set_row_error (error, &place, _("the uuid is used already by row %u"), earlier);
          return FALSE;
        }
      g_hash_table_insert (table_rows->rows, (gpointer) uuid, GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static gboolean
read_tables (JsonObject *tables, const char *file_name, Rows *rows, GError **error)
{
  g_autoptr(GList) names = json_object_get_members (tables);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (rb_schema_lookup_table (name) == NULL)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("“%s” has a table “%s” that Routeboek does not know"), file_name, name);
          return FALSE;
        }
      if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (tables, name)))
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("“%s”: the table “%s” must be a list of rows"), file_name, name);
          return FALSE;
        }
    }

  /* In schema order, so that the first problem reported does not depend on member order. */
  for (guint t = 0; t < rows->n_tables; t++)
    {
      JsonNode *node = json_object_get_member (tables, rows->tables[t].table->name);

      /* A table without rows may be left out. */
      if (node != NULL && !read_table (&rows->tables[t], json_node_get_array (node), error))
        return FALSE;
    }
  return TRUE;
}

static RowPlace
place_of (TableRows *table_rows, RbRecord *record)
{
  const char *uuid = rb_record_get_uuid (record);
  RowPlace place = {
    table_rows->table, GPOINTER_TO_UINT (g_hash_table_lookup (table_rows->rows, uuid)), uuid
  };

  return place;
}

/* The new database starts empty, so every reference must be to a row of the file. */
static gboolean
check_references (Rows *rows, GError **error)
{
  for (guint t = 0; t < rows->n_tables; t++)
    {
      TableRows *table_rows = &rows->tables[t];
      const RbTable *table = table_rows->table;

      for (guint i = 0; i < table_rows->records->len; i++)
        {
          RbRecord *record = g_ptr_array_index (table_rows->records, i);

          for (guint c = 0; c < table->n_columns; c++)
            {
              const RbColumn *col = &table->columns[c];
              const char *ref;
              RowPlace place;

              if (col->type != RB_COLUMN_REF
                  || (ref = rb_record_get_string (record, col->name)) == NULL
                  || g_hash_table_contains (rows_lookup (rows, col->ref_table)->rows, ref))
                continue;
              place = place_of (table_rows, record);
              set_row_error (error, &place, _("the %s it refers to (%s) is not in the file"),
                             _(col->label), ref);
              return FALSE;
            }
        }
    }
  return TRUE;
}

enum
{
  UNVISITED,
  VISITING,
  PLACED
};

/* Adds @record to @ordered after the rows of its own table that it refers to. */
static gboolean
place_after_references (TableRows *table_rows, RbRecord *record, GHashTable *state,
                        GPtrArray *ordered, GError **error)
{
  const RbTable *table = table_rows->table;
  const char *uuid = rb_record_get_uuid (record);
  guint mark = GPOINTER_TO_UINT (g_hash_table_lookup (state, uuid));
  RowPlace place;

  if (mark == PLACED)
    return TRUE;
  if (mark == VISITING)
    {
      place = place_of (table_rows, record);
      set_row_error (error, &place,
                     _("the row refers to itself, directly or through other rows of %s"),
                     table->name);
      return FALSE;
    }

  g_hash_table_insert (state, (gpointer) uuid, GUINT_TO_POINTER (VISITING));
  for (guint c = 0; c < table->n_columns; c++)
    {
      const RbColumn *col = &table->columns[c];
      const char *ref;
      guint row;

      if (col->type != RB_COLUMN_REF || !g_str_equal (col->ref_table, table->name)
          || (ref = rb_record_get_string (record, col->name)) == NULL)
        continue;
      row = GPOINTER_TO_UINT (g_hash_table_lookup (table_rows->rows, ref));
      if (!place_after_references (table_rows, g_ptr_array_index (table_rows->records, row - 1),
                                   state, ordered, error))
        return FALSE;
    }
  g_hash_table_insert (state, (gpointer) uuid, GUINT_TO_POINTER (PLACED));
  g_ptr_array_add (ordered, g_object_ref (record));
  return TRUE;
}

static gboolean
refers_to_itself (const RbTable *table)
{
  for (guint c = 0; c < table->n_columns; c++)
    if (table->columns[c].type == RB_COLUMN_REF
        && g_str_equal (table->columns[c].ref_table, table->name))
      return TRUE;
  return FALSE;
}

/*
 * Tables come in dependency order, but a row may also refer to a row of its own table (a
 * logbook correction names the entry it corrects): such rows are inserted after the rows
 * they name, and a circle of references is refused.
 */
static gboolean
order_rows (Rows *rows, GError **error)
{
  for (guint t = 0; t < rows->n_tables; t++)
    {
      TableRows *table_rows = &rows->tables[t];
      g_autoptr(GHashTable) state = NULL;
      g_autoptr(GPtrArray) ordered = NULL;

      if (!refers_to_itself (table_rows->table))
        continue;
      state = g_hash_table_new (g_str_hash, g_str_equal);
      ordered = g_ptr_array_new_full (table_rows->records->len, g_object_unref);
      for (guint i = 0; i < table_rows->records->len; i++)
        if (!place_after_references (table_rows, g_ptr_array_index (table_rows->records, i),
                                     state, ordered, error))
          return FALSE;
      /* The row numbers in table_rows->rows still point into the file's order. */
      g_ptr_array_unref (table_rows->records);
      table_rows->records = g_steal_pointer (&ordered);
    }
  return TRUE;
}

/* Refuses members that a fixture does not have: a typing error must not pass unnoticed. */
static gboolean
check_members (JsonObject *object, const char *const *allowed, const char *prefix,
               const char *file_name, GError **error)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” has an unknown member “%s%s”"),
                     file_name, prefix, (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

static JsonObject *
get_object_member (JsonObject *object, const char *member, const char *file_name, GError **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s”: the member “%s” is missing or not a JSON object"), file_name, member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Unlike json_object_get_string_member(), quiet about members of another type. */
static const char *
get_string_member (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
check_header (JsonNode *root, const char *file_name, JsonObject **swv, JsonObject **tables,
              GError **error)
{
  static const char *const root_members[] = { "format", "version", "swv", "tables", NULL };
  static const char *const swv_members[] = { "uuid", "name", "school_type", "region", NULL };
  JsonObject *object;
  JsonNode *version;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || g_strcmp0 (get_string_member (json_node_get_object (root), "format"),
                    RB_FIXTURE_FORMAT) != 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a Routeboek fixture (its “format” must be “%s”)"), file_name,
                   RB_FIXTURE_FORMAT);
      return FALSE;
    }
  object = json_node_get_object (root);

  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version)
      || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) != RB_FIXTURE_VERSION)
    {
      gboolean newer = version != NULL && JSON_NODE_HOLDS_VALUE (version)
                       && json_node_get_value_type (version) == G_TYPE_INT64
                       && json_node_get_int (version) > RB_FIXTURE_VERSION;

      g_set_error (error, RB_ERROR, newer ? RB_ERROR_NEWER_VERSION : RB_ERROR_INVALID,
                   _("“%s” is not a fixture of version %d, the version this Routeboek reads"),
                   file_name, RB_FIXTURE_VERSION);
      return FALSE;
    }

  if (!check_members (object, root_members, "", file_name, error)
      || (*swv = get_object_member (object, "swv", file_name, error)) == NULL
      || !check_members (*swv, swv_members, "swv.", file_name, error)
      || (*tables = get_object_member (object, "tables", file_name, error)) == NULL)
    return FALSE;

  for (guint i = 0; swv_members[i] != NULL; i++)
    if (get_string_member (*swv, swv_members[i]) == NULL)
      {
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                     _("“%s”: “swv.%s” is missing or not a string"), file_name, swv_members[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
refuse_existing (const char *db_path, GError **error)
{
  g_autofree char *name = NULL;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return TRUE;
  name = g_filename_display_basename (db_path);
  g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
               _("“%s” already exists; choose another name for the new database"), name);
  return FALSE;
}

static gboolean
insert_rows (RbDatabase *db, Rows *rows, GError **error)
{
  if (!rb_database_begin (db, error))
    return FALSE;
  for (guint t = 0; t < rows->n_tables; t++)
    for (guint i = 0; i < rows->tables[t].records->len; i++)
      if (!rb_store_put (db, g_ptr_array_index (rows->tables[t].records, i), error))
        {
          rb_database_rollback (db);
          return FALSE;
        }
  return rb_database_commit (db, error);
}

/*
 * The database is built under another name and renamed when complete, so that a failure or
 * an interrupted load never leaves a file at @db_path that looks like a whole database.
 */
static RbDatabase *
write_database (const char *db_path, JsonObject *swv, Rows *rows, GError **error)
{
  g_autofree char *building = g_strconcat (db_path, ".loading", NULL);
  g_autofree char *replica = g_uuid_string_random ();
  g_autofree char *name = g_filename_display_basename (db_path);
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  rb_database_remove_files (building);
  db = rb_database_create_full (building, get_string_member (swv, "uuid"),
                                get_string_member (swv, "name"),
                                get_string_member (swv, "school_type"),
                                get_string_member (swv, "region"), replica, FALSE,
                                &local_error);
  if (db == NULL)
    {
      /* The temporary name means nothing to the user: name the file they asked for. */
      if (g_error_matches (local_error, RB_ERROR, RB_ERROR_READ_ONLY))
        g_set_error (error, RB_ERROR, RB_ERROR_READ_ONLY,
                     _("“%s” cannot be created: its folder does not exist or is read-only"),
                     name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  ok = insert_rows (db, rows, error);
  g_clear_object (&db);

  ok = ok && refuse_existing (db_path, error);
  if (ok && g_rename (building, db_path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not create “%s”: %s"), name,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      rb_database_remove_files (building);
      return NULL;
    }
  db = rb_database_open (db_path, error);
  if (db == NULL)
    rb_database_remove_files (db_path);
  return g_steal_pointer (&db);
}

/**
 * rb_fixture_load:
 * @json_path: a fixture written by rb_fixture_dump() or by hand
 * @db_path: where the new database goes; it must not exist yet
 * @error: return location for an error
 *
 * Creates a new database with the SWV and the rows of @json_path, stamps included. The
 * whole file is checked first; a problem is reported as a sentence naming the table, the
 * row and the column, and then nothing is written and no file is left at @db_path.
 *
 * Returns: (transfer full): the new, open database, or %NULL with @error set.
 */
RbDatabase *
rb_fixture_load (const char *json_path, const char *db_path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Rows) rows = rows_new ();
  g_autofree char *file_name = NULL;
  JsonObject *swv = NULL, *tables = NULL;

  g_return_val_if_fail (json_path != NULL && db_path != NULL, NULL);

  if (!refuse_existing (db_path, error))
    return NULL;

  file_name = g_filename_display_basename (json_path);
  if (!json_parser_load_from_file (parser, json_path, &local_error))
    {
      if (local_error->domain == G_FILE_ERROR)
        g_set_error (error, RB_ERROR,
                     local_error->code == G_FILE_ERROR_NOENT ? RB_ERROR_NOT_FOUND : RB_ERROR_IO,
                     _("Cannot read “%s”: %s"), file_name, local_error->message);
      else
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” is not valid JSON: %s"),
                     file_name, local_error->message);
      return NULL;
    }

  if (!check_header (json_parser_get_root (parser), file_name, &swv, &tables, error)
      || !read_tables (tables, file_name, rows, error)
      || !check_references (rows, error)
      || !order_rows (rows, error))
    return NULL;
  return write_database (db_path, swv, rows, error);
}
