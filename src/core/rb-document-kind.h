/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RbFieldType:
 * @RB_FIELD_PARAGRAPH: fixed text; "{field}" in it prints that field's value
 * @RB_FIELD_TEXT: one line of text
 * @RB_FIELD_MULTILINE: text of any length
 * @RB_FIELD_DATE: a day (stored ISO 8601, printed in Dutch)
 * @RB_FIELD_TIME: a time of day, HH:MM
 * @RB_FIELD_CHECKBOXES: a set of options, each with an optional free-text detail
 * @RB_FIELD_PERSON: a group of parts (name, role, phone...) under one label
 * @RB_FIELD_SIGNATURE: a signature block: strokes, name, role, place, date
 * @RB_FIELD_TABLE: rows of cells under column titles
 */
typedef enum
{
  RB_FIELD_PARAGRAPH,
  RB_FIELD_TEXT,
  RB_FIELD_MULTILINE,
  RB_FIELD_DATE,
  RB_FIELD_TIME,
  RB_FIELD_CHECKBOXES,
  RB_FIELD_PERSON,
  RB_FIELD_SIGNATURE,
  RB_FIELD_TABLE,
} RbFieldType;

typedef struct _RbField RbField;

/**
 * RbField:
 * @type: what kind of field
 * @id: key of its value in a document (unique in a kind and its attachments)
 * @label: the fixed label printed before the value
 * @text: a paragraph's text
 * @style: how a paragraph prints: "title", "subtitle", "normal", "small", "bold", "address"
 * @hint: guidance shown in the editor, and printed while the value is empty
 * @source: where the value is filled from when a document is made for a case
 * @default_value: the value when @source gives none
 * @detail: for an option, the label of its free-text detail ("" for a detail on the same line)
 * @match: for an option, text in the source value that checks it
 * @required: a text must not be empty; a checkbox set needs one option checked; an
 *   option must be checked; a signature must be given
 * @hidden: not printed by itself, only through "{id}" in paragraphs
 * @single: a checkbox set where one option is chosen
 * @checked_only: a checkbox set that prints only its checked options, as a list
 * @indent: an option's indentation level
 * @width: a table column's relative width
 * @parts: (element-type RbField): a person's parts, the options of a checkbox set or the
 *   columns of a table
 *
 * One item of a document definition (data/documents/KIND.json).
 */
struct _RbField
{
  RbFieldType type;
  char *id;
  char *label;
  char *text;
  char *style;
  char *hint;
  char *source;
  char *default_value;
  char *detail;
  char *match;
  gboolean required;
  gboolean hidden;
  gboolean single;
  gboolean checked_only;
  guint indent;
  double width;
  GPtrArray *parts;
};

/**
 * RbSection:
 * @title: (nullable): printed as a heading
 * @fields: (element-type RbField): its items in order
 * @new_page: starts on a new page
 */
typedef struct
{
  char *title;
  GPtrArray *fields;
  gboolean new_page;
} RbSection;

/**
 * RbAttachment:
 * @kind: the id of the attached kind
 * @label: what the editor calls it
 * @required: always attached; otherwise the user chooses
 */
typedef struct
{
  char *kind;
  char *label;
  gboolean required;
} RbAttachment;

typedef struct _RbDocumentKind RbDocumentKind;

/**
 * RbDocumentKind:
 * @id: stable code, e.g. "jeugdarts-aanmelding"
 * @title: the document's name, in the footer, the metadata and the editor
 * @source: which seed form it follows
 * @signed: whether the document carries signatures
 * @attachment_only: only printed as an attachment of another kind
 * @sections: (element-type RbSection): its content in order
 * @attachments: (element-type RbAttachment): kinds printed after it, each on a new page
 * @subkinds: (element-type RbDocumentKind): the attached kinds, in the order of @attachments
 *
 * A kind of document as its definition describes it. Reference counted, immutable.
 */
struct _RbDocumentKind
{
  char *id;
  char *title;
  char *source;
  gboolean attachment_only;
  GPtrArray *sections;
  GPtrArray *attachments;
  GPtrArray *subkinds;
  /*< private >*/
  gatomicrefcount ref_count;
};

#define RB_TYPE_DOCUMENT_KIND (rb_document_kind_get_type ())

GType           rb_document_kind_get_type     (void) G_GNUC_CONST;
RbDocumentKind *rb_document_kind_ref          (RbDocumentKind *kind);
void            rb_document_kind_unref        (RbDocumentKind *kind);
RbDocumentKind *rb_document_kind_new_from_data (const char    *data,
                                               gssize         length,
                                               GError       **error);
RbDocumentKind *rb_document_kind_lookup       (const char     *id,
                                               GError       **error);
GStrv           rb_document_kind_list_ids     (void);
const RbField  *rb_document_kind_find_field   (RbDocumentKind *kind,
                                               const char     *id);
void            rb_document_kind_foreach_field (RbDocumentKind *kind,
                                               GFunc           func,
                                               gpointer        user_data);
gboolean        rb_document_kind_is_signed    (RbDocumentKind *kind);

const char     *rb_document_words_lookup      (const char     *group,
                                               const char     *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbDocumentKind, rb_document_kind_unref)

G_END_DECLS
