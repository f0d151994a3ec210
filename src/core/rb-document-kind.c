/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-document-kind"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "rb-document-kind.h"
#include "rb-error.h"
#include "rb-json.h"

/*
 * Document definitions are data: data/documents/KIND.json (bundled as resources) lists a
 * kind's sections and typed fields with the literal Dutch wording of the seed forms, and
 * where each value comes from. An SWV adjusts wording by putting its own KIND.json in
 * $XDG_DATA_HOME/routeboek/documents/, which wins over the bundled one.
 * data/documents/words.json holds the Dutch words the printed documents need besides
 * (months, kinds of absence, the page footer).
 */

#define RESOURCE_DIR "/nl/routeboek/Routeboek/documents/"
#define WORDS_FILE "words.json"

G_DEFINE_BOXED_TYPE (RbDocumentKind, rb_document_kind, rb_document_kind_ref, rb_document_kind_unref)

static const char *const field_types[] = { "paragraph",  "text",   "multiline", "date",  "time",
                                           "checkboxes", "person", "signature", "table", NULL };

static void
field_free (gpointer data)
{
  RbField *field = data;

  g_free (field->id);
  g_free (field->label);
  g_free (field->text);
  g_free (field->style);
  g_free (field->hint);
  g_free (field->source);
  g_free (field->default_value);
  g_free (field->detail);
  g_free (field->match);
  g_clear_pointer (&field->parts, g_ptr_array_unref);
  g_free (field);
}

static void
section_free (gpointer data)
{
  RbSection *section = data;

  g_free (section->title);
  g_ptr_array_unref (section->fields);
  g_free (section);
}

static void
attachment_free (gpointer data)
{
  RbAttachment *attachment = data;

  g_free (attachment->kind);
  g_free (attachment->label);
  g_free (attachment);
}

RbDocumentKind *
rb_document_kind_ref (RbDocumentKind *kind)
{
  g_atomic_ref_count_inc (&kind->ref_count);
  return kind;
}

void
rb_document_kind_unref (RbDocumentKind *kind)
{
  if (kind == NULL || !g_atomic_ref_count_dec (&kind->ref_count))
    return;
  g_free (kind->id);
  g_free (kind->title);
  g_free (kind->source);
  g_ptr_array_unref (kind->sections);
  g_ptr_array_unref (kind->attachments);
  g_ptr_array_unref (kind->subkinds);
  g_free (kind);
}

static char *
dup_member (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? g_strdup (json_node_get_string (node))
                                                      : NULL;
}

static gboolean
get_flag (JsonObject *object, const char *name)
{
  return json_object_get_boolean_member_with_default (object, name, FALSE);
}

static RbField *
parse_field (JsonObject *object, const char *where, GError **error);

static GPtrArray *
parse_parts (JsonObject *object, const char *member, RbFieldType part_type, const char *where,
             GError **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (field_free);
  JsonArray *array = rb_json_array_member (object, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *part_object = json_array_get_object_element (array, i);
      RbField *part;

      if (part_object == NULL)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                       _("%s: item %u of “%s” is not an object"), where, i + 1, member);
          return NULL;
        }
      if (!json_object_has_member (part_object, "type"))
        json_object_set_string_member (part_object, "type", field_types[part_type]);
      if ((part = parse_field (part_object, where, error)) == NULL)
        return NULL;
      g_ptr_array_add (parts, part);
    }
  return g_steal_pointer (&parts);
}

static RbField *
parse_field (JsonObject *object, const char *where, GError **error)
{
  g_autoptr(GPtrArray) parts = NULL;
  const char *type = json_object_get_string_member_with_default (object, "type", "");
  RbField *field;
  guint t;

  for (t = 0; field_types[t] != NULL && !g_str_equal (field_types[t], type); t++)
    ;
  if (field_types[t] == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: “%s” is not a type of field"), where,
                   type);
      return NULL;
    }
  if (t != RB_FIELD_PARAGRAPH && !json_object_has_member (object, "id"))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: a field of type “%s” needs an “id”"),
                   where, type);
      return NULL;
    }
  if (t == RB_FIELD_PERSON)
    parts = parse_parts (object, "parts", RB_FIELD_TEXT, where, error);
  else if (t == RB_FIELD_CHECKBOXES)
    parts = parse_parts (object, "options", RB_FIELD_TEXT, where, error);
  else if (t == RB_FIELD_TABLE)
    parts = parse_parts (object, "columns", RB_FIELD_TEXT, where, error);
  if (t == RB_FIELD_PERSON || t == RB_FIELD_CHECKBOXES || t == RB_FIELD_TABLE)
    {
      if (parts == NULL)
        return NULL;
      if (parts->len == 0)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: field “%s” lists no parts"),
                       where, json_object_get_string_member (object, "id"));
          return NULL;
        }
    }

  field = g_new0 (RbField, 1);
  field->type = t;
  field->id = dup_member (object, "id");
  field->label = dup_member (object, "label");
  field->text = dup_member (object, "text");
  field->style = dup_member (object, "style");
  field->hint = dup_member (object, "hint");
  field->source = dup_member (object, "source");
  field->default_value = dup_member (object, "default");
  field->detail = dup_member (object, "detail");
  field->match = dup_member (object, "match");
  field->required = get_flag (object, "required");
  field->hidden = get_flag (object, "hidden");
  field->single = get_flag (object, "single");
  field->checked_only = get_flag (object, "checked_only");
  field->indent = (guint)json_object_get_int_member_with_default (object, "indent", 0);
  field->width = json_object_get_double_member_with_default (object, "width", 1);
  field->parts = g_steal_pointer (&parts);
  if (field->label == NULL)
    field->label = g_strdup ("");
  return field;
}

static gboolean
parse_sections (RbDocumentKind *kind, JsonArray *sections, GError **error)
{
  for (guint s = 0; sections != NULL && s < json_array_get_length (sections); s++)
    {
      JsonObject *object = json_array_get_object_element (sections, s);
      g_autofree char *where = g_strdup_printf ("%s, section %u", kind->id, s + 1);
      JsonArray *items;
      RbSection *section;

      if (object == NULL)
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s is not an object"), where);
          return FALSE;
        }
      section = g_new0 (RbSection, 1);
      section->title = dup_member (object, "title");
      section->new_page = get_flag (object, "new_page");
      section->fields = g_ptr_array_new_with_free_func (field_free);
      g_ptr_array_add (kind->sections, section);
      items = rb_json_array_member (object, "items");
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          RbField *field;

          if (item == NULL)
            {
              g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: item %u is not an object"),
                           where, i + 1);
              return FALSE;
            }
          if ((field = parse_field (item, where, error)) == NULL)
            return FALSE;
          g_ptr_array_add (section->fields, field);
        }
    }
  return TRUE;
}

static RbDocumentKind *
kind_new (void)
{
  RbDocumentKind *kind = g_new0 (RbDocumentKind, 1);

  g_atomic_ref_count_init (&kind->ref_count);
  kind->sections = g_ptr_array_new_with_free_func (section_free);
  kind->attachments = g_ptr_array_new_with_free_func (attachment_free);
  kind->subkinds = g_ptr_array_new_with_free_func ((GDestroyNotify)rb_document_kind_unref);
  return kind;
}

static JsonNode *
parse_json (const char *data, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/**
 * rb_document_kind_new_from_data:
 * @data: a definition in JSON
 * @length: its length, or -1
 * @error: return location for an error
 *
 * Parses a definition. Attachments are looked up with rb_document_kind_lookup().
 *
 * Returns: (transfer full): the kind, or %NULL with @error naming what is wrong.
 */
RbDocumentKind *
rb_document_kind_new_from_data (const char *data, gssize length, GError **error)
{
  g_autoptr(JsonNode) root = parse_json (data, length, error);
  g_autoptr(RbDocumentKind) kind = NULL;
  JsonObject *object;
  JsonArray *attachments;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (object = json_node_get_object (root), "id")
      || !json_object_has_member (object, "title"))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A document definition needs an object with “id”, “title” and “sections”"));
      return NULL;
    }
  kind = kind_new ();
  kind->id = dup_member (object, "id");
  kind->title = dup_member (object, "title");
  kind->source = dup_member (object, "source");
  kind->attachment_only = get_flag (object, "attachment_only");
  if (!parse_sections (kind, rb_json_array_member (object, "sections"), error))
    return NULL;

  attachments = rb_json_array_member (object, "attachments");
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonObject *item = json_array_get_object_element (attachments, i);
      RbAttachment *attachment;
      RbDocumentKind *sub;

      if (item == NULL || !json_object_has_member (item, "kind"))
        {
          g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("%s: attachment %u names no kind"),
                       kind->id, i + 1);
          return NULL;
        }
      if ((sub = rb_document_kind_lookup (json_object_get_string_member (item, "kind"), error))
          == NULL)
        return NULL;
      attachment = g_new0 (RbAttachment, 1);
      attachment->kind = dup_member (item, "kind");
      attachment->label = dup_member (item, "label");
      attachment->required = get_flag (item, "required");
      g_ptr_array_add (kind->attachments, attachment);
      g_ptr_array_add (kind->subkinds, sub);
    }
  return g_steal_pointer (&kind);
}

static GBytes *
load_definition (const char *file_name, GError **error)
{
  g_autofree char *user_path
      = g_build_filename (g_get_user_data_dir (), "routeboek", "documents", file_name, NULL);
  g_autofree char *resource = g_strconcat (RESOURCE_DIR, file_name, NULL);
  char *contents;
  gsize length;

  if (g_file_get_contents (user_path, &contents, &length, NULL))
    return g_bytes_new_take (contents, length);
  return g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/**
 * rb_document_kind_lookup:
 * @id: a kind's id
 * @error: return location for an error
 *
 * Returns: (transfer full): the kind's definition, or %NULL with @error set.
 */
RbDocumentKind *
rb_document_kind_lookup (const char *id, GError **error)
{
  g_autofree char *file_name = g_strconcat (id, ".json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) ids = NULL;
  RbDocumentKind *kind;

  if (strchr (id, '/') != NULL || g_str_equal (id, "words")
      || (bytes = load_definition (file_name, &local_error)) == NULL)
    {
      g_autofree char *known = NULL;

      ids = rb_document_kind_list_ids ();
      known = g_strjoinv (", ", ids);
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                   _("There is no document kind “%s” (choose from %s)"), id, known);
      return NULL;
    }
  kind = rb_document_kind_new_from_data (g_bytes_get_data (bytes, NULL),
                                         (gssize)g_bytes_get_size (bytes), &local_error);
  if (kind == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("The definition of document kind “%s” is wrong: %s"), id,
                   local_error->message);
      return NULL;
    }
  return kind;
}

static int
compare_strings (const void *a, const void *b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

/**
 * rb_document_kind_list_ids:
 *
 * Returns: (transfer full): the ids of the kinds a user can make (not the ones that are
 *   only attachments), sorted.
 */
GStrv
rb_document_kind_list_ids (void)
{
  g_auto(GStrv) names
      = g_resources_enumerate_children (RESOURCE_DIR, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv ids;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *id = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;

      if (!g_str_has_suffix (names[i], ".json") || g_str_equal (names[i], WORDS_FILE))
        continue;
      id = g_strndup (names[i], strlen (names[i]) - strlen (".json"));
      bytes = load_definition (names[i], NULL);
      root = bytes != NULL ? parse_json (g_bytes_get_data (bytes, NULL),
                                         (gssize)g_bytes_get_size (bytes), NULL)
                           : NULL;
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
          && get_flag (json_node_get_object (root), "attachment_only"))
        continue;
      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);
  qsort (ids, g_strv_length (ids), sizeof (char *), compare_strings);
  return ids;
}

static const RbField *
find_in_kind (RbDocumentKind *kind, const char *id)
{
  for (guint s = 0; s < kind->sections->len; s++)
    {
      RbSection *section = g_ptr_array_index (kind->sections, s);

      for (guint f = 0; f < section->fields->len; f++)
        {
          RbField *field = g_ptr_array_index (section->fields, f);

          if (g_strcmp0 (field->id, id) == 0)
            return field;
        }
    }
  return NULL;
}

/**
 * rb_document_kind_find_field:
 * @kind: a kind
 * @id: a field id
 *
 * Returns: (nullable): the field @id of @kind or of one of its attachments.
 */
const RbField *
rb_document_kind_find_field (RbDocumentKind *kind, const char *id)
{
  const RbField *field = find_in_kind (kind, id);

  for (guint i = 0; field == NULL && i < kind->subkinds->len; i++)
    field = find_in_kind (g_ptr_array_index (kind->subkinds, i), id);
  return field;
}

/**
 * rb_document_kind_foreach_field:
 * @kind: a kind
 * @func: called with each #RbField (paragraphs included) of @kind and its attachments
 * @user_data: passed to @func
 */
void
rb_document_kind_foreach_field (RbDocumentKind *kind, GFunc func, gpointer user_data)
{
  for (guint s = 0; s < kind->sections->len; s++)
    {
      RbSection *section = g_ptr_array_index (kind->sections, s);

      g_ptr_array_foreach (section->fields, func, user_data);
    }
  for (guint i = 0; i < kind->subkinds->len; i++)
    rb_document_kind_foreach_field (g_ptr_array_index (kind->subkinds, i), func, user_data);
}

static void
check_signature (gpointer data, gpointer user_data)
{
  if (((RbField *)data)->type == RB_FIELD_SIGNATURE)
    *(gboolean *)user_data = TRUE;
}

gboolean
rb_document_kind_is_signed (RbDocumentKind *kind)
{
  gboolean found = FALSE;

  rb_document_kind_foreach_field (kind, check_signature, &found);
  return found;
}

static JsonObject *
words (void)
{
  static JsonNode *root;

  if (g_once_init_enter (&root))
    {
      g_autoptr(GBytes) bytes = load_definition (WORDS_FILE, NULL);
      JsonNode *node = NULL;

      if (bytes != NULL)
        node = parse_json (g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_clear_pointer (&node, json_node_unref);
          node = json_node_init_object (json_node_alloc (), json_object_new ());
        }
      g_once_init_leave (&root, node);
    }
  return json_node_get_object (root);
}

/**
 * rb_document_words_lookup:
 * @group: a group of words.json, e.g. "absence_kinds"
 * @key: a key in it, e.g. "SICK"
 *
 * Returns: (nullable): the Dutch word printed for @key, or %NULL when there is none.
 */
const char *
rb_document_words_lookup (const char *group, const char *key)
{
  JsonObject *object = rb_json_object_member (words (), group);

  if (object == NULL || key == NULL || !json_object_has_member (object, key))
    return NULL;
  return json_object_get_string_member (object, key);
}
