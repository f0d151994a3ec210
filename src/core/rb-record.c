/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-record.h"
#include "rb-util.h"

/**
 * RbRecord:
 *
 * One row of one table of an SWV database: a pupil, a case, an absence... The table's
 * #RbTable says which columns it has; values are checked against it by
 * rb_record_validate(). Every change of a value emits #RbRecord::changed with the
 * column name as detail, so views can listen to just the columns they show.
 */

typedef struct
{
  gboolean set;
  union
  {
    char *s;
    gint64 i;
    double d;
  };
} Value;

struct _RbRecord
{
  GObject parent_instance;

  const RbTable *table;
  char *uuid;
  char *created_at;
  char *modified_at;
  char *replica;
  gboolean deleted;
  Value *values;
};

G_DEFINE_FINAL_TYPE (RbRecord, rb_record, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UUID,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_text_type (RbColumnType type)
{
  return type == RB_COLUMN_TEXT || type == RB_COLUMN_DATE || type == RB_COLUMN_REF
         || type == RB_COLUMN_ENUM;
}

static Value *
lookup_value (RbRecord *self, const char *column, const RbColumn **info)
{
  guint index;
  const RbColumn *col = rb_table_lookup_column (self->table, column, &index);

  if (col == NULL)
    {
      g_critical ("Table %s has no column %s", self->table->name, column);
      return NULL;
    }
  if (info != NULL)
    *info = col;
  return &self->values[index];
}

static void
clear_value (const RbColumn *col, Value *value)
{
  if (is_text_type (col->type) && value->set)
    g_free (value->s);
  value->set = FALSE;
}

static void
emit_changed (RbRecord *self, const char *column)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (column), column);
}

static void
rb_record_finalize (GObject *object)
{
  RbRecord *self = RB_RECORD (object);

  for (guint i = 0; i < self->table->n_columns; i++)
    clear_value (&self->table->columns[i], &self->values[i]);
  g_free (self->values);
  g_free (self->uuid);
  g_free (self->created_at);
  g_free (self->modified_at);
  g_free (self->replica);

  G_OBJECT_CLASS (rb_record_parent_class)->finalize (object);
}

static void
rb_record_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RbRecord *self = RB_RECORD (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_record_class_init (RbRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rb_record_finalize;
  object_class->get_property = rb_record_get_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RbRecord::changed:
   * @record: the record
   * @column: the column whose value changed
   *
   * Emitted with the column name as detail when a value really changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rb_record_init (RbRecord *self)
{
}

/**
 * rb_record_new:
 * @table: the table the record belongs to
 *
 * Returns: (transfer full): an empty record with a fresh random UUID.
 */
RbRecord *
rb_record_new (const RbTable *table)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return rb_record_new_with_uuid (table, uuid);
}

RbRecord *
rb_record_new_with_uuid (const RbTable *table, const char *uuid)
{
  RbRecord *self;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  self = g_object_new (RB_TYPE_RECORD, NULL);
  self->table = table;
  self->uuid = g_strdup (uuid);
  self->values = g_new0 (Value, table->n_columns);
  return self;
}

/**
 * rb_record_copy:
 * @record: a record
 *
 * Returns: (transfer full): an independent copy with the same UUID, stamps and values.
 */
RbRecord *
rb_record_copy (RbRecord *record)
{
  RbRecord *copy;

  g_return_val_if_fail (RB_IS_RECORD (record), NULL);

  copy = rb_record_new_with_uuid (record->table, record->uuid);
  rb_record_set_stamps (copy, record->created_at, record->modified_at, record->replica,
                        record->deleted);
  for (guint i = 0; i < record->table->n_columns; i++)
    {
      copy->values[i] = record->values[i];
      if (is_text_type (record->table->columns[i].type) && record->values[i].set)
        copy->values[i].s = g_strdup (record->values[i].s);
    }
  return copy;
}

const RbTable *
rb_record_get_table (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);
  return record->table;
}

const char *
rb_record_get_uuid (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);
  return record->uuid;
}

const char *
rb_record_get_created_at (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);
  return record->created_at;
}

const char *
rb_record_get_modified_at (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);
  return record->modified_at;
}

const char *
rb_record_get_replica (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);
  return record->replica;
}

gboolean
rb_record_get_deleted (RbRecord *record)
{
  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);
  return record->deleted;
}

/**
 * rb_record_set_stamps:
 * @record: a record
 * @created_at: (nullable): when it was first stored
 * @modified_at: (nullable): when it was last changed
 * @replica: (nullable): the installation that last changed it
 * @deleted: whether it is a tombstone
 *
 * Sets the bookkeeping that the store maintains; views never call this.
 */
void
rb_record_set_stamps (RbRecord   *record,
                      const char *created_at,
                      const char *modified_at,
                      const char *replica,
                      gboolean    deleted)
{
  g_return_if_fail (RB_IS_RECORD (record));

  rb_set_str (&record->created_at, created_at);
  rb_set_str (&record->modified_at, modified_at);
  rb_set_str (&record->replica, replica);
  record->deleted = deleted;
}

gboolean
rb_record_is_set (RbRecord *record, const char *column)
{
  Value *value;

  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  value = lookup_value (record, column, NULL);
  return value != NULL && value->set;
}

const char *
rb_record_get_string (RbRecord *record, const char *column)
{
  const RbColumn *col;
  Value *value;

  g_return_val_if_fail (RB_IS_RECORD (record), NULL);

  value = lookup_value (record, column, &col);
  g_return_val_if_fail (value != NULL && is_text_type (col->type), NULL);
  return value->set ? value->s : NULL;
}

gint64
rb_record_get_int (RbRecord *record, const char *column)
{
  const RbColumn *col;
  Value *value;

  g_return_val_if_fail (RB_IS_RECORD (record), 0);

  value = lookup_value (record, column, &col);
  g_return_val_if_fail (value != NULL
                        && (col->type == RB_COLUMN_INT || col->type == RB_COLUMN_BOOL), 0);
  return value->set ? value->i : 0;
}

double
rb_record_get_double (RbRecord *record, const char *column)
{
  const RbColumn *col;
  Value *value;

  g_return_val_if_fail (RB_IS_RECORD (record), 0);

  value = lookup_value (record, column, &col);
  g_return_val_if_fail (value != NULL && col->type == RB_COLUMN_REAL, 0);
  return value->set ? value->d : 0;
}

gboolean
rb_record_get_boolean (RbRecord *record, const char *column)
{
  return rb_record_get_int (record, column) != 0;
}

void
rb_record_set_string (RbRecord *record, const char *column, const char *text)
{
  const RbColumn *col;
  Value *value;

  g_return_if_fail (RB_IS_RECORD (record));

  value = lookup_value (record, column, &col);
  g_return_if_fail (value != NULL && is_text_type (col->type));

  if (text == NULL)
    {
      rb_record_unset (record, column);
      return;
    }
  if (value->set && g_strcmp0 (value->s, text) == 0)
    return;
  clear_value (col, value);
  value->s = g_strdup (text);
  value->set = TRUE;
  emit_changed (record, column);
}

static void
set_integer (RbRecord *record, const char *column, gint64 number, gboolean boolean)
{
  const RbColumn *col;
  Value *value;

  g_return_if_fail (RB_IS_RECORD (record));

  value = lookup_value (record, column, &col);
  g_return_if_fail (value != NULL && col->type == (boolean ? RB_COLUMN_BOOL : RB_COLUMN_INT));

  if (value->set && value->i == number)
    return;
  value->i = number;
  value->set = TRUE;
  emit_changed (record, column);
}

void
rb_record_set_int (RbRecord *record, const char *column, gint64 number)
{
  set_integer (record, column, number, FALSE);
}

void
rb_record_set_boolean (RbRecord *record, const char *column, gboolean flag)
{
  set_integer (record, column, flag ? 1 : 0, TRUE);
}

void
rb_record_set_double (RbRecord *record, const char *column, double number)
{
  const RbColumn *col;
  Value *value;

  g_return_if_fail (RB_IS_RECORD (record));

  value = lookup_value (record, column, &col);
  g_return_if_fail (value != NULL && col->type == RB_COLUMN_REAL);

  if (value->set && value->d == number)
    return;
  value->d = number;
  value->set = TRUE;
  emit_changed (record, column);
}

void
rb_record_unset (RbRecord *record, const char *column)
{
  const RbColumn *col;
  Value *value;

  g_return_if_fail (RB_IS_RECORD (record));

  value = lookup_value (record, column, &col);
  if (value == NULL || !value->set)
    return;
  clear_value (col, value);
  emit_changed (record, column);
}

static GError *
invalid_value (RbRecord *record, const RbColumn *col, const char *text)
{
  return g_error_new (RB_ERROR, RB_ERROR_INVALID, _("%s: “%s” is not a valid %s"),
                      _(record->table->label), text, _(col->label));
}

static gboolean
parse_number (const char *text, gboolean integer, double *number)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  /* Dutch users write 2,5 for two and a half. */
  g_strdelimit (copy, ",", '.');
  if (*copy == '\0')
    return FALSE;
  *number = g_ascii_strtod (copy, &end);
  if (*end != '\0' || !isfinite (*number))
    return FALSE;
  return !integer || *number == floor (*number);
}

static gboolean
parse_boolean (const char *text, gboolean *flag)
{
  static const char *const yes[] = { "1", "true", "ja", "j", "yes", "y", NULL };
  static const char *const no[] = { "0", "false", "nee", "n", "no", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  g_strstrip (lower);
  if (g_strv_contains (yes, lower))
    *flag = TRUE;
  else if (g_strv_contains (no, lower))
    *flag = FALSE;
  else
    return FALSE;
  return TRUE;
}

/**
 * rb_record_set_text:
 * @record: a record
 * @column: a column of its table
 * @text: (nullable): the value as a user or a file writes it; %NULL or "" clears it
 * @error: set to %RB_ERROR_INVALID when @text cannot be read as the column's type
 *
 * Reads a value from text (a CSV cell, a command-line option, an entry). Range and
 * required checks are left to rb_record_validate(), so that a record is checked whole.
 *
 * Returns: %TRUE when the value was read and set.
 */
gboolean
rb_record_set_text (RbRecord *record, const char *column, const char *text, GError **error)
{
  const RbColumn *col;
  Value *value;
  double number;
  gboolean flag;

  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  value = lookup_value (record, column, &col);
  g_return_val_if_fail (value != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      rb_record_unset (record, column);
      return TRUE;
    }

  switch (col->type)
    {
    case RB_COLUMN_TEXT:
    case RB_COLUMN_DATE:
    case RB_COLUMN_REF:
    case RB_COLUMN_ENUM:
      rb_record_set_string (record, column, text);
      return TRUE;

    case RB_COLUMN_INT:
    case RB_COLUMN_REAL:
      if (!parse_number (text, col->type == RB_COLUMN_INT, &number))
        break;
      if (col->type == RB_COLUMN_INT)
        rb_record_set_int (record, column, (gint64) number);
      else
        rb_record_set_double (record, column, number);
      return TRUE;

    case RB_COLUMN_BOOL:
      if (!parse_boolean (text, &flag))
        break;
      rb_record_set_boolean (record, column, flag);
      return TRUE;
    }

  g_propagate_error (error, invalid_value (record, col, text));
  return FALSE;
}

/**
 * rb_record_dup_text:
 * @record: a record
 * @column: a column of its table
 *
 * Returns: (transfer full) (nullable): the value as canonical text, %NULL when unset.
 */
char *
rb_record_dup_text (RbRecord *record, const char *column)
{
  const RbColumn *col;
  Value *value;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (RB_IS_RECORD (record), NULL);

  value = lookup_value (record, column, &col);
  if (value == NULL || !value->set)
    return NULL;

  switch (col->type)
    {
    case RB_COLUMN_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case RB_COLUMN_BOOL:
      return g_strdup (value->i ? "true" : "false");
    case RB_COLUMN_REAL:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value->d));
    default:
      return g_strdup (value->s);
    }
}

static gboolean
validate_column (RbRecord *record, const RbColumn *col, Value *value, GError **error)
{
  double number;

  if (!value->set)
    {
      if (col->required)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: the %s is missing"),
                       _(record->table->label), _(col->label));
          return FALSE;
        }
      return TRUE;
    }

  switch (col->type)
    {
    case RB_COLUMN_TEXT:
    case RB_COLUMN_REF:
      if (col->required && rb_str_is_blank (value->s))
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: the %s is empty"),
                       _(record->table->label), _(col->label));
          return FALSE;
        }
      return TRUE;

    case RB_COLUMN_DATE:
      {
        g_autoptr(GError) local_error = NULL;

        if (rb_date_parse (value->s, NULL, &local_error))
          return TRUE;
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID, "%s, %s: %s", _(record->table->label),
                     _(col->label), local_error->message);
        return FALSE;
      }

    case RB_COLUMN_ENUM:
      if (g_strv_contains (col->choices, value->s))
        return TRUE;
      {
        g_autofree char *allowed = g_strjoinv (", ", (char **) col->choices);
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                     _("%s: “%s” is not a valid %s (choose from %s)"), _(record->table->label),
                     value->s, _(col->label), allowed);
      }
      return FALSE;

    case RB_COLUMN_INT:
    case RB_COLUMN_REAL:
      number = col->type == RB_COLUMN_INT ? (double) value->i : value->d;
      if (col->min < col->max && (number < col->min || number > col->max))
        {
          g_autofree char *text = rb_record_dup_text (record, col->name);
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("%s: the %s must lie between %g and %g, not %s"),
                       _(record->table->label), _(col->label), col->min, col->max, text);
          return FALSE;
        }
      return TRUE;

    case RB_COLUMN_BOOL:
      return TRUE;
    }
  g_assert_not_reached ();
}

/**
 * rb_record_validate:
 * @record: a record
 * @error: set to %RB_ERROR_INVALID with a sentence naming the first problem
 *
 * Checks every value against its column and the table's rules across columns.
 *
 * Returns: %TRUE when the record may be stored.
 */
gboolean
rb_record_validate (RbRecord *record, GError **error)
{
  g_return_val_if_fail (RB_IS_RECORD (record), FALSE);

  if (!g_uuid_string_is_valid (record->uuid))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: “%s” is not a valid UUID"),
                   _(record->table->label), record->uuid);
      return FALSE;
    }
  for (guint i = 0; i < record->table->n_columns; i++)
    if (!validate_column (record, &record->table->columns[i], &record->values[i], error))
      return FALSE;
  if (record->table->check != NULL)
    return record->table->check (record, error);
  return TRUE;
}

/**
 * rb_record_equal_values:
 * @a: a record
 * @b: a record of the same table
 *
 * Returns: %TRUE when both have the same UUID, deleted flag and column values (stamps
 *   are not compared).
 */
gboolean
rb_record_equal_values (RbRecord *a, RbRecord *b)
{
  g_return_val_if_fail (RB_IS_RECORD (a) && RB_IS_RECORD (b), FALSE);

  if (a->table != b->table || g_strcmp0 (a->uuid, b->uuid) != 0 || a->deleted != b->deleted)
    return FALSE;
  for (guint i = 0; i < a->table->n_columns; i++)
    {
      g_autofree char *ta = rb_record_dup_text (a, a->table->columns[i].name);
      g_autofree char *tb = rb_record_dup_text (b, b->table->columns[i].name);

      if (g_strcmp0 (ta, tb) != 0)
        return FALSE;
    }
  return TRUE;
}
