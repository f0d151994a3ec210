/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-document"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "rb-date.h"
#include "rb-document.h"
#include "rb-error.h"
#include "rb-json.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * A filled document of one kind for one case. Its values live in one JSON object, keyed
 * by field id ("school"), by field and part ("melder.naam", the detail of an option
 * "typering.zorgelijk"), with arrays for checked options and table rows, an object per
 * signature and "attach:KIND" for optional attachments. It is saved as one row of the
 * documents table; each export adds a row to document_exports.
 *
 * When every required signature is given the document is signed and refuses changes;
 * rb_document_new_version() starts the next version from its values.
 */

#define STATUS_DRAFT "draft"
#define STATUS_SIGNED "signed"

struct _RbDocument
{
  GObject parent_instance;

  RbDocumentKind *kind;
  char *uuid;
  char *case_uuid;
  char *previous_uuid;
  guint version;
  char *status;
  char *signed_at;
  JsonObject *values;
};

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (RbDocument, rb_document, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (RbSignature, rb_signature, rb_signature_copy, rb_signature_free)

RbSignature *
rb_signature_new (const char *name, const char *role, const char *place, const char *date)
{
  RbSignature *signature = g_new0 (RbSignature, 1);

  signature->name = g_strdup (name);
  signature->role = g_strdup (role);
  signature->place = g_strdup (place);
  signature->date = g_strdup (date);
  signature->strokes = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  return signature;
}

RbSignature *
rb_signature_copy (const RbSignature *signature)
{
  RbSignature *copy
      = rb_signature_new (signature->name, signature->role, signature->place, signature->date);

  for (guint i = 0; i < signature->strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (signature->strokes, i);

      rb_signature_add_stroke (copy, (const double *)(gpointer)stroke->data, stroke->len / 2);
    }
  return copy;
}

void
rb_signature_free (RbSignature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->name);
  g_free (signature->role);
  g_free (signature->place);
  g_free (signature->date);
  g_ptr_array_unref (signature->strokes);
  g_free (signature);
}

/**
 * rb_signature_add_stroke:
 * @signature: a signature
 * @points: (array): x, y pairs in 0-1 of the signature box
 * @n_points: number of pairs
 */
void
rb_signature_add_stroke (RbSignature *signature, const double *points, guint n_points)
{
  GArray *stroke = g_array_sized_new (FALSE, FALSE, sizeof (double), n_points * 2);

  g_array_append_vals (stroke, points, n_points * 2);
  g_ptr_array_add (signature->strokes, stroke);
}

static void
rb_document_finalize (GObject *object)
{
  RbDocument *self = RB_DOCUMENT (object);

  rb_document_kind_unref (self->kind);
  g_free (self->uuid);
  g_free (self->case_uuid);
  g_free (self->previous_uuid);
  g_free (self->status);
  g_free (self->signed_at);
  json_object_unref (self->values);
  G_OBJECT_CLASS (rb_document_parent_class)->finalize (object);
}

static void
rb_document_class_init (RbDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_document_finalize;

  /**
   * RbDocument::changed:
   *
   * A value, a signature or the signed state changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
rb_document_init (RbDocument *self)
{
  self->values = json_object_new ();
  self->version = 1;
  self->status = g_strdup (STATUS_DRAFT);
}

static void
set_default (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  RbDocument *self = user_data;

  if (field->default_value != NULL && field->id != NULL)
    json_object_set_string_member (self->values, field->id, field->default_value);
  for (guint i = 0; field->type == RB_FIELD_PERSON && i < field->parts->len; i++)
    {
      const RbField *part = g_ptr_array_index (field->parts, i);

      if (part->default_value != NULL)
        {
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);
          json_object_set_string_member (self->values, path, part->default_value);
        }
    }
}

/**
 * rb_document_new:
 * @kind: what kind of document
 * @case_uuid: (nullable): the case it belongs to
 *
 * Returns: (transfer full): an unsaved first version with the definition's defaults.
 */
RbDocument *
rb_document_new (RbDocumentKind *kind, const char *case_uuid)
{
  RbDocument *self = g_object_new (RB_TYPE_DOCUMENT, NULL);

  self->kind = rb_document_kind_ref (kind);
  self->case_uuid = g_strdup (case_uuid);
  rb_document_kind_foreach_field (kind, set_default, self);
  return self;
}

/**
 * rb_document_new_for_case:
 * @db: the case's database
 * @case_record: the case
 * @kind_id: which kind of document
 * @today: (nullable): the day it is made, today when %NULL
 * @error: return location for an error
 *
 * Returns: (transfer full): an unsaved document filled from the case's data.
 */
RbDocument *
rb_document_new_for_case (RbDatabase *db, RbRecord *case_record, const char *kind_id,
                          const GDate *today, GError **error)
{
  g_autoptr(RbDocumentKind) kind = rb_document_kind_lookup (kind_id, error);
  g_autoptr(RbDocument) self = NULL;

  if (kind == NULL)
    return NULL;
  if (kind->attachment_only)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is only made as an attachment of another document"), kind->title);
      return NULL;
    }
  self = rb_document_new (kind, rb_record_get_uuid (case_record));
  if (!rb_document_fill (self, db, case_record, today, error))
    return NULL;
  return g_steal_pointer (&self);
}

RbDocumentKind *
rb_document_get_kind (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return self->kind;
}

const char *
rb_document_get_uuid (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return self->uuid;
}

const char *
rb_document_get_case_uuid (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return self->case_uuid;
}

guint
rb_document_get_version (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), 0);
  return self->version;
}

gboolean
rb_document_is_signed (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  return g_str_equal (self->status, STATUS_SIGNED);
}

const char *
rb_document_get_signed_at (RbDocument *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return self->signed_at;
}

static void
emit_changed (RbDocument *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
check_writable (RbDocument *self, GError **error)
{
  if (!rb_document_is_signed (self))
    return TRUE;
  g_set_error (error, RB_ERROR, RB_ERROR_READ_ONLY,
               _("“%s” (version %u) is signed and can no longer change: make a new version"),
               self->kind->title, self->version);
  return FALSE;
}

static const RbField *
find_part (const RbField *field, const char *id)
{
  for (guint i = 0; field->parts != NULL && i < field->parts->len; i++)
    {
      const RbField *part = g_ptr_array_index (field->parts, i);

      if (g_strcmp0 (part->id, id) == 0)
        return part;
    }
  return NULL;
}

/* The field of @path ("field" or "field.part") and, for a part, the part itself. */
static const RbField *
resolve (RbDocument *self, const char *path, const RbField **part, GError **error)
{
  g_auto(GStrv) names = g_strsplit (path, ".", 2);
  const RbField *field
      = names[0] != NULL ? rb_document_kind_find_field (self->kind, names[0]) : NULL;

  *part = NULL;
  if (field == NULL || field->type == RB_FIELD_PARAGRAPH)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("“%s” has no field “%s”"),
                   self->kind->title, names[0] != NULL ? names[0] : "");
      return NULL;
    }
  if (names[0] != NULL && names[1] != NULL && (*part = find_part (field, names[1])) == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("Field “%s” of “%s” has no part “%s”"),
                   field->id, self->kind->title, names[1]);
      return NULL;
    }
  return field;
}

static const char *
lookup_string (RbDocument *self, const char *key)
{
  JsonNode *node = json_object_get_member (self->values, key);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/**
 * rb_document_get_text:
 * @self: a document
 * @path: a text, multiline, date or time field ("field"), a person's part ("field.part")
 *   or an option's detail ("field.option")
 *
 * Returns: (nullable): the value, %NULL when empty.
 */
const char *
rb_document_get_text (RbDocument *self, const char *path)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return lookup_string (self, path);
}

static gboolean
check_value (const RbField *field, const char *label, const char *value, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GDate date;

  if (value == NULL || *value == '\0')
    return TRUE;
  if (field->type == RB_FIELD_DATE && !rb_date_parse (value, &date, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, "%s: %s", label, local_error->message);
      return FALSE;
    }
  if (field->type == RB_FIELD_TIME && !rb_time_parse (value, &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, "%s: %s", label, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_document_set_text:
 * @self: a document
 * @path: as for rb_document_get_text()
 * @value: (nullable): the new value; %NULL or "" empties it
 * @error: return location for an error
 *
 * Returns: %FALSE when the document is signed, @path names no text or the value is no
 *   valid date or time for a date or time field.
 */
gboolean
rb_document_set_text (RbDocument *self, const char *path, const char *value, GError **error)
{
  const RbField *field, *part, *target;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!check_writable (self, error) || (field = resolve (self, path, &part, error)) == NULL)
    return FALSE;
  target = part != NULL ? part : field;
  if ((part == NULL
       && (field->type == RB_FIELD_CHECKBOXES || field->type == RB_FIELD_PERSON
           || field->type == RB_FIELD_TABLE || field->type == RB_FIELD_SIGNATURE))
      || (part != NULL && field->type != RB_FIELD_PERSON
          && !(field->type == RB_FIELD_CHECKBOXES && part->detail != NULL)))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” of “%s” does not hold text"), path,
                   self->kind->title);
      return FALSE;
    }
  if (!check_value (target, target->label, value, error))
    return FALSE;
  if (g_strcmp0 (lookup_string (self, path), value != NULL && *value != '\0' ? value : NULL) == 0)
    return TRUE;
  if (value == NULL || *value == '\0')
    json_object_remove_member (self->values, path);
  else
    json_object_set_string_member (self->values, path, value);
  emit_changed (self);
  return TRUE;
}

static JsonArray *
checked_array (RbDocument *self, const char *field_id)
{
  return rb_json_array_member (self->values, field_id);
}

gboolean
rb_document_get_checked (RbDocument *self, const char *field_id, const char *option_id)
{
  JsonArray *checked;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  checked = checked_array (self, field_id);
  for (guint i = 0; checked != NULL && i < json_array_get_length (checked); i++)
    if (g_strcmp0 (json_array_get_string_element (checked, i), option_id) == 0)
      return TRUE;
  return FALSE;
}

/**
 * rb_document_set_checked:
 * @self: a document
 * @field_id: a checkbox set
 * @option_id: one of its options
 * @checked: the new state
 * @error: return location for an error
 *
 * Checking an option of a single-choice set unchecks the others.
 *
 * Returns: %FALSE when the document is signed or the option does not exist.
 */
gboolean
rb_document_set_checked (RbDocument *self, const char *field_id, const char *option_id,
                         gboolean checked, GError **error)
{
  const RbField *field, *part;
  g_autofree char *path = g_strconcat (field_id, ".", option_id, NULL);
  JsonArray *old, *array;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!check_writable (self, error) || (field = resolve (self, path, &part, error)) == NULL)
    return FALSE;
  if (field->type != RB_FIELD_CHECKBOXES)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” of “%s” is not a set of options"),
                   field_id, self->kind->title);
      return FALSE;
    }
  if (rb_document_get_checked (self, field_id, option_id) == checked)
    return TRUE;

  old = checked_array (self, field_id);
  array = json_array_new ();
  /* Keep the definition's order, whatever order the options were checked in. */
  for (guint i = 0; i < field->parts->len; i++)
    {
      const RbField *option = g_ptr_array_index (field->parts, i);
      gboolean is_this = g_str_equal (option->id, option_id);
      gboolean was = FALSE;

      for (guint k = 0; old != NULL && k < json_array_get_length (old); k++)
        was |= g_strcmp0 (json_array_get_string_element (old, k), option->id) == 0;
      if (is_this ? checked : (was && !(checked && field->single)))
        json_array_add_string_element (array, option->id);
    }
  json_object_set_array_member (self->values, field_id, array);
  emit_changed (self);
  return TRUE;
}

/**
 * rb_document_get_rows:
 * @self: a document
 * @field_id: a table
 *
 * Returns: (transfer full) (element-type GStrv): the rows, each with one cell per column.
 */
GPtrArray *
rb_document_get_rows (RbDocument *self, const char *field_id)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  JsonArray *array = checked_array (self, field_id);
  const RbField *field = rb_document_kind_find_field (self->kind, field_id);

  for (guint r = 0; array != NULL && field != NULL && r < json_array_get_length (array); r++)
    {
      JsonArray *cells = json_array_get_array_element (array, r);
      GStrv row = g_new0 (char *, field->parts->len + 1);

      for (guint c = 0; c < field->parts->len; c++)
        row[c] = g_strdup (cells != NULL && c < json_array_get_length (cells)
                               ? json_array_get_string_element (cells, c)
                               : "");
      g_ptr_array_add (rows, row);
    }
  return rows;
}

/**
 * rb_document_set_rows:
 * @self: a document
 * @field_id: a table
 * @rows: (element-type GStrv): the new rows; missing cells are empty
 * @error: return location for an error
 *
 * Returns: %FALSE when the document is signed or @field_id is no table.
 */
gboolean
rb_document_set_rows (RbDocument *self, const char *field_id, GPtrArray *rows, GError **error)
{
  const RbField *field, *part;
  JsonArray *array;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!check_writable (self, error) || (field = resolve (self, field_id, &part, error)) == NULL)
    return FALSE;
  if (field->type != RB_FIELD_TABLE)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” of “%s” is not a table"), field_id,
                   self->kind->title);
      return FALSE;
    }
  array = json_array_new ();
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      JsonArray *cells = json_array_new ();

      for (guint c = 0; c < field->parts->len; c++)
        json_array_add_string_element (cells,
                                       c < g_strv_length (row) && row[c] != NULL ? row[c] : "");
      json_array_add_array_element (array, cells);
    }
  json_object_set_array_member (self->values, field_id, array);
  emit_changed (self);
  return TRUE;
}

static const RbAttachment *
find_attachment (RbDocument *self, const char *kind_id)
{
  for (guint i = 0; i < self->kind->attachments->len; i++)
    {
      const RbAttachment *attachment = g_ptr_array_index (self->kind->attachments, i);

      if (g_str_equal (attachment->kind, kind_id))
        return attachment;
    }
  return NULL;
}

/**
 * rb_document_get_attached:
 * @self: a document
 * @kind_id: an attachment of its kind
 *
 * Returns: whether the attachment is printed with the document (required ones always).
 */
gboolean
rb_document_get_attached (RbDocument *self, const char *kind_id)
{
  const RbAttachment *attachment = find_attachment (self, kind_id);
  g_autofree char *key = g_strconcat ("attach:", kind_id, NULL);

  if (attachment == NULL)
    return FALSE;
  return attachment->required
         || json_object_get_boolean_member_with_default (self->values, key, FALSE);
}

gboolean
rb_document_set_attached (RbDocument *self, const char *kind_id, gboolean attached, GError **error)
{
  const RbAttachment *attachment = find_attachment (self, kind_id);
  g_autofree char *key = g_strconcat ("attach:", kind_id, NULL);

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!check_writable (self, error))
    return FALSE;
  if (attachment == NULL || attachment->required)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” has no optional attachment “%s”"),
                   self->kind->title, kind_id);
      return FALSE;
    }
  if (rb_document_get_attached (self, kind_id) == attached)
    return TRUE;
  json_object_set_boolean_member (self->values, key, attached);
  emit_changed (self);
  return TRUE;
}

/**
 * rb_document_dup_signature:
 * @self: a document
 * @field_id: a signature block
 *
 * Returns: (transfer full) (nullable): the signature given in the block, if any.
 */
RbSignature *
rb_document_dup_signature (RbDocument *self, const char *field_id)
{
  JsonNode *node = json_object_get_member (self->values, field_id);
  JsonObject *object;
  JsonArray *strokes;
  RbSignature *signature;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  signature = rb_signature_new (json_object_get_string_member_with_default (object, "name", NULL),
                                json_object_get_string_member_with_default (object, "role", NULL),
                                json_object_get_string_member_with_default (object, "place", NULL),
                                json_object_get_string_member_with_default (object, "date", NULL));
  strokes = rb_json_array_member (object, "strokes");
  for (guint s = 0; strokes != NULL && s < json_array_get_length (strokes); s++)
    {
      JsonArray *points = json_array_get_array_element (strokes, s);
      g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
        {
          double v = json_array_get_double_element (points, i);
          g_array_append_val (xy, v);
        }
      rb_signature_add_stroke (signature, (const double *)(gpointer)xy->data, xy->len / 2);
    }
  return signature;
}

static gboolean
has_signature (RbDocument *self, const char *field_id)
{
  JsonNode *node = json_object_get_member (self->values, field_id);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

static void
check_required_signature (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  gpointer *state = user_data;

  if (field->type == RB_FIELD_SIGNATURE && field->required && !has_signature (state[0], field->id))
    state[1] = GINT_TO_POINTER (FALSE);
}

static char *
now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * rb_document_sign:
 * @self: a document
 * @field_id: a signature block
 * @signature: the signature: at least one stroke, the signer's name and the date
 * @error: return location for an error
 *
 * Puts @signature in its block. When every required block is signed the document
 * becomes signed and read-only.
 *
 * Returns: %FALSE when the document is already signed, the block does not exist or the
 *   signature lacks strokes, name or a valid date.
 */
gboolean
rb_document_sign (RbDocument *self, const char *field_id, const RbSignature *signature,
                  GError **error)
{
  const RbField *field, *part;
  JsonObject *object;
  JsonArray *strokes;
  GDate date;
  gpointer state[2] = { self, GINT_TO_POINTER (TRUE) };

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!check_writable (self, error) || (field = resolve (self, field_id, &part, error)) == NULL)
    return FALSE;
  if (field->type != RB_FIELD_SIGNATURE)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” of “%s” is not a signature block"),
                   field_id, self->kind->title);
      return FALSE;
    }
  if (signature->strokes->len == 0 || rb_str_is_blank (signature->name))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A signature for “%s” needs the drawn signature and the signer’s name"),
                   field->label);
      return FALSE;
    }
  if (signature->date == NULL || !rb_date_parse (signature->date, &date, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("A signature for “%s” needs the date"),
                     field->label);
      return FALSE;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "name", signature->name);
  json_object_set_string_member (object, "role", signature->role != NULL ? signature->role : "");
  json_object_set_string_member (object, "place", signature->place != NULL ? signature->place : "");
  json_object_set_string_member (object, "date", signature->date);
  strokes = json_array_new ();
  for (guint s = 0; s < signature->strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (signature->strokes, s);
      JsonArray *points = json_array_new ();

      for (guint i = 0; i < stroke->len; i++)
        /* A tenth of a thousandth of the box is finer than any pen: keep the text short. */
        json_array_add_double_element (points,
                                       round (g_array_index (stroke, double, i) * 10000) / 10000);
      json_array_add_array_element (strokes, points);
    }
  json_object_set_array_member (object, "strokes", strokes);
  json_object_set_object_member (self->values, field_id, object);

  rb_document_kind_foreach_field (self->kind, check_required_signature, state);
  if (GPOINTER_TO_INT (state[1]))
    {
      g_free (self->status);
      self->status = g_strdup (STATUS_SIGNED);
      g_free (self->signed_at);
      self->signed_at = now_timestamp ();
    }
  emit_changed (self);
  return TRUE;
}

/**
 * rb_document_set_signer:
 * @self: a document
 * @field_id: a signature block
 * @name: (nullable): who is to sign it
 *
 * Records who is expected to sign, so the signature pad can offer the name.
 */
void
rb_document_set_signer (RbDocument *self, const char *field_id, const char *name)
{
  g_autofree char *key = g_strconcat (field_id, ":signer", NULL);

  g_return_if_fail (RB_IS_DOCUMENT (self));
  if (rb_document_is_signed (self) || g_strcmp0 (lookup_string (self, key), name) == 0)
    return;
  if (name == NULL)
    json_object_remove_member (self->values, key);
  else
    json_object_set_string_member (self->values, key, name);
  emit_changed (self);
}

/**
 * rb_document_get_signer:
 * @self: a document
 * @field_id: a signature block
 *
 * Returns: (nullable): who is expected to sign the block.
 */
const char *
rb_document_get_signer (RbDocument *self, const char *field_id)
{
  g_autofree char *key = g_strconcat (field_id, ":signer", NULL);

  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  return lookup_string (self, key);
}

/**
 * rb_document_set_value:
 * @self: a document
 * @assignment: "path=value" for text ("field", "field.part", "field.option"), or
 *   "field=option,option" for a checkbox set (the options that are checked), or
 *   "attach:KIND=yes|no"
 * @error: return location for an error
 *
 * Sets a value from the command line.
 *
 * Returns: %FALSE when the assignment is malformed or rejected.
 */
gboolean
rb_document_set_value (RbDocument *self, const char *assignment, GError **error)
{
  const char *equals = strchr (assignment, '=');
  g_autofree char *path = NULL;
  const RbField *field, *part;
  const char *value;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (equals == NULL || equals == assignment)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” is not of the form FIELD=VALUE"),
                   assignment);
      return FALSE;
    }
  path = g_strndup (assignment, equals - assignment);
  value = equals + 1;
  if (g_str_has_prefix (path, "attach:"))
    return rb_document_set_attached (
        self, path + strlen ("attach:"),
        g_strv_contains ((const char *const[]){ "yes", "ja", "1", "true", NULL }, value), error);
  if ((field = resolve (self, path, &part, error)) == NULL)
    return FALSE;
  if (field->type == RB_FIELD_CHECKBOXES && part == NULL)
    {
      g_auto(GStrv) options = g_strsplit (value, ",", -1);

      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);

          if (!rb_document_set_checked (self, field->id, option->id, FALSE, error))
            return FALSE;
        }
      for (guint i = 0; options[i] != NULL; i++)
        if (*g_strstrip (options[i]) != '\0'
            && !rb_document_set_checked (self, field->id, options[i], TRUE, error))
          return FALSE;
      return TRUE;
    }
  return rb_document_set_text (self, path, value, error);
}

static char *
field_name (const RbField *field)
{
  g_autofree char *label
      = g_strdup (field->label != NULL && *field->label != '\0' ? field->label : field->id);

  /* "Naam:" is printed with its colon; a message names the field without it. */
  return g_strdup (g_strchomp (g_strdelimit (label, ":?", ' ')));
}

static gboolean
fail_required (const RbField *field, const RbField *part, GError **error)
{
  g_autofree char *name = field_name (field);
  g_autofree char *part_name = part != NULL ? field_name (part) : NULL;

  /* A person without a label of its own stands under its section's heading. */
  if (part_name != NULL && *field->label == '\0')
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("The required field “%s” is empty: fill it in before exporting"), part_name);
  else if (part_name != NULL)
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("The required field “%s” (%s) is empty: fill it in before exporting"),
                 part_name, name);
  else
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("The required field “%s” is empty: fill it in before exporting"), name);
  return FALSE;
}

static gboolean
validate_field (RbDocument *self, const RbField *field, GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean any = FALSE;

  switch (field->type)
    {
    case RB_FIELD_TEXT:
    case RB_FIELD_MULTILINE:
    case RB_FIELD_DATE:
    case RB_FIELD_TIME:
      if (field->required && rb_str_is_blank (lookup_string (self, field->id)))
        return fail_required (field, NULL, error);
      break;
    case RB_FIELD_PERSON:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *part = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);

          if (part->required && rb_str_is_blank (lookup_string (self, path)))
            return fail_required (field, part, error);
        }
      break;
    case RB_FIELD_CHECKBOXES:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);
          gboolean checked = rb_document_get_checked (self, field->id, option->id);

          if (option->required && !checked)
            {
              g_autofree char *name = field_name (option);
              g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                           _("“%s” must be ticked before exporting"), name);
              return FALSE;
            }
          any |= checked;
        }
      if (field->required && !any)
        {
          g_autofree char *name = field_name (field);
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("Tick at least one option of “%s” before exporting"), name);
          return FALSE;
        }
      break;
    case RB_FIELD_TABLE:
      rows = rb_document_get_rows (self, field->id);
      if (field->required && rows->len == 0)
        return fail_required (field, NULL, error);
      break;
    case RB_FIELD_PARAGRAPH:
    case RB_FIELD_SIGNATURE:
      break;
    }
  return TRUE;
}

static gboolean
validate_kind (RbDocument *self, RbDocumentKind *kind, GError **error)
{
  for (guint s = 0; s < kind->sections->len; s++)
    {
      RbSection *section = g_ptr_array_index (kind->sections, s);

      for (guint f = 0; f < section->fields->len; f++)
        if (!validate_field (self, g_ptr_array_index (section->fields, f), error))
          return FALSE;
    }
  return TRUE;
}

/**
 * rb_document_validate:
 * @self: a document
 * @error: set to %RB_ERROR_INVALID naming the first required field that is empty
 *
 * Returns: %TRUE when the document (and its attachments) may be exported.
 */
gboolean
rb_document_validate (RbDocument *self, GError **error)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!validate_kind (self, self->kind, error))
    return FALSE;
  for (guint i = 0; i < self->kind->subkinds->len; i++)
    {
      const RbAttachment *attachment = g_ptr_array_index (self->kind->attachments, i);

      if (rb_document_get_attached (self, attachment->kind)
          && !validate_kind (self, g_ptr_array_index (self->kind->subkinds, i), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rb_document_format_date:
 * @iso_date: (nullable): a day as year-month-day
 *
 * Returns: (transfer full): the day as Dutch documents write it ("30 november 2026"),
 *   or @iso_date itself when it is no date.
 */
char *
rb_document_format_date (const char *iso_date)
{
  GDate date;
  g_autofree char *month = NULL;
  const char *name;

  if (iso_date == NULL || !rb_date_parse (iso_date, &date, NULL))
    return g_strdup (iso_date != NULL ? iso_date : "");
  month = g_strdup_printf ("%u", g_date_get_month (&date));
  name = rb_document_words_lookup ("months", month);
  return g_strdup_printf ("%u %s %u", g_date_get_day (&date), name != NULL ? name : month,
                          g_date_get_year (&date));
}

static char *
join_list (GPtrArray *items)
{
  const char *and_word = rb_document_words_lookup ("list", "and");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (text, i + 1 == items->len ? (and_word != NULL ? and_word : ", ") : ", ");
      g_string_append (text, g_ptr_array_index (items, i));
    }
  return g_string_free (text, FALSE);
}

/**
 * rb_document_format_value:
 * @self: a document
 * @field: one of its fields
 *
 * Returns: (transfer full): the value as printed inside a sentence: dates in Dutch, the
 *   checked options, a table's rows as "name (role), name (role) en name (role)".
 */
char *
rb_document_format_value (RbDocument *self, const RbField *field)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  switch (field->type)
    {
    case RB_FIELD_DATE:
      return rb_document_format_date (lookup_string (self, field->id));
    case RB_FIELD_CHECKBOXES:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);

          if (rb_document_get_checked (self, field->id, option->id))
            g_ptr_array_add (items, rb_document_expand (self, option->label));
        }
      return join_list (items);
    case RB_FIELD_TABLE:
      rows = rb_document_get_rows (self, field->id);
      for (guint r = 0; r < rows->len; r++)
        {
          char **row = g_ptr_array_index (rows, r);

          if (row[0] == NULL || *row[0] == '\0')
            continue;
          g_ptr_array_add (items, row[1] != NULL && *row[1] != '\0'
                                      ? g_strdup_printf ("%s (%s)", row[0], row[1])
                                      : g_strdup (row[0]));
        }
      return join_list (items);
    case RB_FIELD_SIGNATURE:
    case RB_FIELD_PERSON:
    case RB_FIELD_PARAGRAPH:
      return g_strdup ("");
    case RB_FIELD_TEXT:
    case RB_FIELD_MULTILINE:
    case RB_FIELD_TIME:
      break;
    }
  return g_strdup (lookup_string (self, field->id) != NULL ? lookup_string (self, field->id) : "");
}

/**
 * rb_document_expand:
 * @self: a document
 * @text: fixed text of the definition
 *
 * Returns: (transfer full): @text with each "{field}" or "{field.part}" replaced by
 *   that value as printed.
 */
char *
rb_document_expand (RbDocument *self, const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      g_autofree char *path = NULL;
      const RbField *field, *part;

      if (close == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      path = g_strndup (open + 1, close - open - 1);
      field = resolve (self, path, &part, NULL);
      if (field == NULL)
        g_string_append_len (out, open, close - open + 1);
      else if (part != NULL)
        {
          g_autofree char *value = part->type == RB_FIELD_DATE
                                       ? rb_document_format_date (lookup_string (self, path))
                                       : g_strdup (lookup_string (self, path));
          g_string_append (out, value != NULL ? value : "");
        }
      else
        {
          g_autofree char *value = rb_document_format_value (self, field);
          g_string_append (out, value);
        }
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

static char *
values_to_text (JsonObject *values)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), values);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * rb_document_save:
 * @self: a document
 * @db: the database of its case
 * @error: return location for an error
 *
 * Saves the document (a new row the first time, the same row after that).
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_document_save (RbDocument *self, RbDatabase *db, GError **error)
{
  const RbTable *table = rb_schema_lookup_table ("documents");
  g_autoptr(RbRecord) record = NULL;
  g_autofree char *content = values_to_text (self->values);

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  record = self->uuid != NULL ? rb_store_get (db, table, self->uuid, NULL) : NULL;
  if (record == NULL)
    record
        = self->uuid != NULL ? rb_record_new_with_uuid (table, self->uuid) : rb_record_new (table);
  rb_record_set_string (record, "case_uuid", self->case_uuid);
  rb_record_set_string (record, "kind", self->kind->id);
  rb_record_set_int (record, "version", self->version);
  rb_record_set_string (record, "status", self->status);
  rb_record_set_string (record, "content", content);
  if (self->signed_at != NULL)
    rb_record_set_string (record, "signed_at", self->signed_at);
  if (self->previous_uuid != NULL)
    rb_record_set_string (record, "previous_uuid", self->previous_uuid);
  if (!rb_store_save (db, record, error))
    return FALSE;
  rb_set_str (&self->uuid, rb_record_get_uuid (record));
  return TRUE;
}

static RbDocument *
document_from_record (RbRecord *record, GError **error)
{
  g_autoptr(RbDocumentKind) kind
      = rb_document_kind_lookup (rb_record_get_string (record, "kind"), error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  RbDocument *self;
  JsonNode *root;

  if (kind == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, rb_record_get_string (record, "content"), -1,
                                   &local_error)
      || !JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT, _("The saved document %s is damaged"),
                   rb_record_get_uuid (record));
      return NULL;
    }
  self = g_object_new (RB_TYPE_DOCUMENT, NULL);
  self->kind = g_steal_pointer (&kind);
  self->uuid = g_strdup (rb_record_get_uuid (record));
  self->case_uuid = g_strdup (rb_record_get_string (record, "case_uuid"));
  self->previous_uuid = g_strdup (rb_record_get_string (record, "previous_uuid"));
  self->version = (guint)rb_record_get_int (record, "version");
  rb_set_str (&self->status, rb_record_get_string (record, "status"));
  self->signed_at = g_strdup (rb_record_get_string (record, "signed_at"));
  json_object_unref (self->values);
  self->values = json_object_ref (json_node_get_object (root));
  return self;
}

/**
 * rb_document_load:
 * @db: a database
 * @uuid: a saved document's uuid
 * @error: return location for an error
 *
 * Returns: (transfer full): the document, or %NULL with @error set.
 */
RbDocument *
rb_document_load (RbDatabase *db, const char *uuid, GError **error)
{
  g_autoptr(RbRecord) record
      = rb_store_get (db, rb_schema_lookup_table ("documents"), uuid, error);

  return record != NULL ? document_from_record (record, error) : NULL;
}

static int
compare_documents (gconstpointer a, gconstpointer b)
{
  RbDocument *x = *(RbDocument **)a, *y = *(RbDocument **)b;
  int by_kind = g_strcmp0 (x->kind->id, y->kind->id);

  return by_kind != 0 ? by_kind : (int)x->version - (int)y->version;
}

/**
 * rb_document_list_for_case:
 * @db: a database
 * @case_uuid: a case
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbDocument): the case's saved documents, by kind
 *   and version.
 */
GPtrArray *
rb_document_list_for_case (RbDatabase *db, const char *case_uuid, GError **error)
{
  g_autoptr(GPtrArray) records
      = rb_store_list (db, rb_schema_lookup_table ("documents"), "case_uuid", case_uuid, error);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);

  if (records == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      RbDocument *document = document_from_record (g_ptr_array_index (records, i), error);

      if (document == NULL)
        return NULL;
      g_ptr_array_add (documents, document);
    }
  g_ptr_array_sort (documents, compare_documents);
  return g_steal_pointer (&documents);
}

static void
drop_signature (gpointer data, gpointer user_data)
{
  const RbField *field = data;

  if (field->type == RB_FIELD_SIGNATURE)
    json_object_remove_member (user_data, field->id);
}

/**
 * rb_document_new_version:
 * @self: a saved document
 *
 * Returns: (transfer full): an unsaved next version with the same values and no
 *   signatures: they were given for the old content.
 */
RbDocument *
rb_document_new_version (RbDocument *self)
{
  RbDocument *next = g_object_new (RB_TYPE_DOCUMENT, NULL);
  g_autofree char *content = values_to_text (self->values);
  g_autoptr(JsonNode) copy = json_from_string (content, NULL);

  next->kind = rb_document_kind_ref (self->kind);
  next->case_uuid = g_strdup (self->case_uuid);
  next->previous_uuid = g_strdup (self->uuid);
  next->version = self->version + 1;
  json_object_unref (next->values);
  next->values = json_object_ref (json_node_get_object (copy));
  rb_document_kind_foreach_field (next->kind, drop_signature, next->values);
  return next;
}
