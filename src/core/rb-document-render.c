/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-document-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rb-document.h"
#include "rb-error.h"
#include "rb-layout.h"
#include "rb-store.h"
#include "rb-util.h"

/*
 * A document as pages: each item of the definition becomes layout (rb-layout.c) in
 * order, the attachments follow on new pages, and the pages go to a PDF (rb-pdf.c).
 * The editor's preview renders the very same bytes that an export writes.
 */

#define TITLE_SIZE 13.0
#define SMALL_SIZE 8.0
#define OPTION_INDENT 16.0

static const char *
word (const char *group, const char *key, const char *fallback)
{
  const char *value = rb_document_words_lookup (group, key);

  return value != NULL ? value : fallback;
}

static void
render_paragraph (RbDocument *self, RbLayout *layout, const RbField *field)
{
  g_autofree char *text = rb_document_expand (self, field->text);
  const char *style = field->style != NULL ? field->style : "normal";

  if (g_str_equal (style, "title"))
    rb_layout_title (layout, text, TITLE_SIZE);
  else if (g_str_equal (style, "subtitle"))
    {
      rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 9.5, 0, text);
      rb_layout_space (layout, 6);
    }
  else if (g_str_equal (style, "small"))
    rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, SMALL_SIZE, 0, text);
  else if (g_str_equal (style, "bold"))
    rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 0, 0, text);
  else if (g_str_equal (style, "address"))
    {
      rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 0, 0, text);
      rb_layout_space (layout, 22);
    }
  else
    {
      rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 0, 0, text);
      rb_layout_space (layout, 4);
    }
}

static char *
display_text (RbDocument *self, const RbField *field, const char *path)
{
  const char *value = rb_document_get_text (self, path);

  if (field->type == RB_FIELD_DATE)
    return rb_document_format_date (value);
  return g_strdup (value != NULL ? value : "");
}

static void
render_options (RbDocument *self, RbLayout *layout, const RbField *field)
{
  /* A list of checked options only continues a sentence of the letter: no label. */
  if (*field->label != '\0' && !field->checked_only)
    rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 0, 0, field->label);
  for (guint i = 0; i < field->parts->len; i++)
    {
      const RbField *option = g_ptr_array_index (field->parts, i);
      g_autofree char *path = g_strconcat (field->id, ".", option->id, NULL);
      g_autofree char *label = rb_document_expand (self, option->label);
      const char *detail = rb_document_get_text (self, path);
      gboolean checked = rb_document_get_checked (self, field->id, option->id);
      double indent = option->indent * OPTION_INDENT;
      g_autofree char *text = NULL;

      if (field->checked_only && !checked)
        continue;
      /* A detail without its own label continues the option's sentence ("Huisarts, nl. ..."). */
      if (option->detail != NULL && *option->detail == '\0' && detail != NULL)
        text = g_strdup_printf ("%s %s", label, detail);
      else
        text = g_strdup (label);
      if (option->hint != NULL)
        {
          char *with_hint = g_strdup_printf ("%s %s", text, option->hint);
          g_free (text);
          text = with_hint;
        }
      rb_layout_item (layout, field->checked_only ? "•" : (checked ? "☒" : "☐"), indent + 6, text);
      if (option->detail != NULL && *option->detail != '\0' && (checked || detail != NULL))
        {
          g_autofree char *line
              = g_strdup_printf ("%s %s", option->detail, detail != NULL ? detail : "");
          rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 0, indent + 6 + 15, line);
        }
    }
  rb_layout_space (layout, 4);
}

static void
render_table (RbDocument *self, RbLayout *layout, const RbField *field)
{
  g_autoptr(GPtrArray) rows = rb_document_get_rows (self, field->id);
  g_autofree const char **headers = g_new0 (const char *, field->parts->len + 1);
  g_autofree double *widths = g_new0 (double, field->parts->len);

  if (*field->label != '\0')
    rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 0, 0, field->label);
  for (guint c = 0; c < field->parts->len; c++)
    {
      const RbField *column = g_ptr_array_index (field->parts, c);

      headers[c] = column->label;
      widths[c] = column->width;
    }
  /* An empty table still prints a row to write in. */
  if (rows->len == 0)
    g_ptr_array_add (rows, g_new0 (char *, 1));
  rb_layout_table (layout, field->parts->len, headers, widths, rows);
}

static void
render_field (RbDocument *self, RbLayout *layout, const RbField *field)
{
  g_autofree char *value = NULL;

  switch (field->type)
    {
    case RB_FIELD_PARAGRAPH:
      render_paragraph (self, layout, field);
      break;
    case RB_FIELD_TEXT:
    case RB_FIELD_DATE:
    case RB_FIELD_TIME:
      value = display_text (self, field, field->id);
      rb_layout_field (layout, field->label, value);
      break;
    case RB_FIELD_MULTILINE:
      value = display_text (self, field, field->id);
      if (*field->label != '\0')
        rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, 0, 0, field->label);
      if (*value == '\0' && field->hint != NULL)
        rb_layout_paragraph (layout, RB_PDF_FONT_REGULAR, SMALL_SIZE, 0, field->hint);
      if (*value == '\0')
        rb_layout_field (layout, "", NULL);
      else
        rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 0, 0, value);
      rb_layout_space (layout, 4);
      break;
    case RB_FIELD_CHECKBOXES:
      render_options (self, layout, field);
      break;
    case RB_FIELD_PERSON:
      if (*field->label != '\0')
        rb_layout_paragraph (layout, RB_PDF_FONT_BOLD, 0, 0, field->label);
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *part = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);
          g_autofree char *text = display_text (self, part, path);

          rb_layout_field (layout, part->label, text);
        }
      rb_layout_space (layout, 4);
      break;
    case RB_FIELD_TABLE:
      render_table (self, layout, field);
      break;
    case RB_FIELD_SIGNATURE:
      g_assert_not_reached ();
    }
}

/* Signature blocks that follow each other are printed side by side. */
static void
render_signatures (RbDocument *self, RbLayout *layout, GPtrArray *fields)
{
  g_autofree RbLayoutSignature *blocks = g_new0 (RbLayoutSignature, fields->len);
  g_autoptr(GPtrArray) signatures
      = g_ptr_array_new_with_free_func ((GDestroyNotify)rb_signature_free);
  g_autoptr(GPtrArray) line_sets = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (guint i = 0; i < fields->len; i++)
    {
      const RbField *field = g_ptr_array_index (fields, i);
      RbSignature *signature = rb_document_dup_signature (self, field->id);
      const char *signer = rb_document_get_signer (self, field->id);
      g_autofree char *date = signature != NULL ? rb_document_format_date (signature->date) : NULL;
      GStrv lines = g_new0 (char *, 5);

      lines[0]
          = g_strdup_printf ("%s %s", word ("signature", "name", "Naam:"),
                             signature != NULL ? signature->name : (signer != NULL ? signer : ""));
      lines[1]
          = g_strdup_printf ("%s %s", word ("signature", "role", "Functie:"),
                             signature != NULL && signature->role != NULL ? signature->role : "");
      lines[2]
          = g_strdup_printf ("%s %s", word ("signature", "place", "Plaats:"),
                             signature != NULL && signature->place != NULL ? signature->place : "");
      lines[3] = g_strdup_printf ("%s %s", word ("signature", "date", "Datum:"),
                                  date != NULL ? date : "");
      g_ptr_array_add (line_sets, lines);
      blocks[i].title = field->label;
      blocks[i].lines = (const char *const *)lines;
      blocks[i].strokes = signature != NULL ? signature->strokes : NULL;
      if (signature != NULL)
        g_ptr_array_add (signatures, signature);
    }
  rb_layout_signatures (layout, blocks, fields->len);
}

/* A heading stays with its section's first block when that block is kept whole. */
static void
keep_with_first_field (RbLayout *layout, RbSection *section)
{
  for (guint f = 0; f < section->fields->len; f++)
    {
      const RbField *field = g_ptr_array_index (section->fields, f);

      if (field->hidden)
        continue;
      if (field->type == RB_FIELD_SIGNATURE)
        rb_layout_keep (layout, 40 + rb_layout_get_signatures_height (layout, 4));
      else if (field->type == RB_FIELD_PARAGRAPH)
        continue;
      return;
    }
}

static void
render_kind (RbDocument *self, RbLayout *layout, RbDocumentKind *kind)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();

  for (guint s = 0; s < kind->sections->len; s++)
    {
      RbSection *section = g_ptr_array_index (kind->sections, s);

      if (section->new_page)
        rb_layout_page_break (layout);
      if (section->title != NULL)
        keep_with_first_field (layout, section);
      if (section->title != NULL)
        {
          g_autofree char *title = rb_document_expand (self, section->title);
          rb_layout_heading (layout, title);
        }
      for (guint f = 0; f < section->fields->len; f++)
        {
          const RbField *field = g_ptr_array_index (section->fields, f);

          if (field->type == RB_FIELD_SIGNATURE)
            {
              g_ptr_array_add (pending, (gpointer)field);
              continue;
            }
          if (pending->len > 0)
            {
              render_signatures (self, layout, pending);
              g_ptr_array_set_size (pending, 0);
            }
          if (!field->hidden)
            render_field (self, layout, field);
        }
      if (pending->len > 0)
        {
          render_signatures (self, layout, pending);
          g_ptr_array_set_size (pending, 0);
        }
    }
}

/**
 * rb_document_render:
 * @self: a document
 * @organisation: (nullable): the SWV's name, in every page's header
 * @logo_path: (nullable): a PNG logo for the header
 * @created: (nullable): the creation date of the metadata; now when %NULL
 * @n_pages: (out) (optional): the number of pages
 * @error: return location for an error
 *
 * Lays out the document with its attachments, whether complete or not (the editor's
 * preview shows drafts).
 *
 * Returns: (transfer full): the PDF file, or %NULL with @error set.
 */
GBytes *
rb_document_render (RbDocument *self, const char *organisation, const char *logo_path,
                    GDateTime *created, guint *n_pages, GError **error)
{
  RbDocumentKind *kind = rb_document_get_kind (self);
  g_autoptr(RbPdf) pdf = rb_pdf_new (error);
  g_autoptr(RbLayout) layout = NULL;
  g_autoptr(GDateTime) now
      = created != NULL ? g_date_time_ref (created) : g_date_time_new_now_utc ();
  g_autofree char *footer = NULL;

  if (pdf == NULL)
    return NULL;
  layout = rb_layout_new (pdf);
  footer = g_strdup_printf (
      "%s · %s %u%s%s", kind->title, word ("document", "version", "versie"),
      rb_document_get_version (self), rb_document_is_signed (self) ? " · " : "",
      rb_document_is_signed (self) ? word ("document", "signed", "ondertekend") : "");
  rb_layout_set_header (layout, organisation, word ("document", "mark", "VERTROUWELIJK"),
                        logo_path);
  rb_layout_set_footer (layout, footer, word ("document", "pages", "pagina {page} van {pages}"));
  render_kind (self, layout, kind);
  for (guint i = 0; i < kind->subkinds->len; i++)
    {
      const RbAttachment *attachment = g_ptr_array_index (kind->attachments, i);

      if (!rb_document_get_attached (self, attachment->kind))
        continue;
      rb_layout_page_break (layout);
      render_kind (self, layout, g_ptr_array_index (kind->subkinds, i));
    }
  if (!rb_layout_render (layout, error))
    return NULL;
  rb_pdf_set_info (pdf, kind->title, organisation, word ("document", "mark", "VERTROUWELIJK"), now);
  if (n_pages != NULL)
    *n_pages = rb_pdf_get_n_pages (pdf);
  return rb_pdf_finish (pdf, error);
}

static gboolean
record_export (RbDocument *self, RbDatabase *db, const char *path, const char *recipient,
               GBytes *bytes, guint n_pages, GError **error)
{
  g_autoptr(RbRecord) record = rb_record_new (rb_schema_lookup_table ("document_exports"));
  g_autofree char *checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *when = rb_database_dup_timestamp (db);
  g_autofree char *file_name = g_path_get_basename (path);

  rb_record_set_string (record, "document_uuid", rb_document_get_uuid (self));
  rb_record_set_string (record, "exported_at", when);
  if (!rb_str_is_blank (recipient))
    rb_record_set_string (record, "recipient", recipient);
  rb_record_set_string (record, "file_name", file_name);
  rb_record_set_string (record, "sha256", checksum);
  rb_record_set_int (record, "pages", n_pages);
  rb_record_set_int (record, "bytes", (gint64)g_bytes_get_size (bytes));
  return rb_store_save (db, record, error);
}

/**
 * rb_document_export:
 * @self: a document
 * @db: (nullable): its case's database: names the SWV in the header and records the
 *   export (the document is saved first when it never was)
 * @path: the PDF file to write
 * @recipient: (nullable): to whom it goes, for the record
 * @logo_path: (nullable): a PNG logo for the header
 * @error: return location for an error
 *
 * Checks that every required field is filled in, renders the document and writes it
 * through a temporary file that is renamed over @path: a failed export leaves no file
 * behind, and neither a record of it.
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_document_export (RbDocument *self, RbDatabase *db, const char *path, const char *recipient,
                    const char *logo_path, GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_pages = 0;

  g_return_val_if_fail (RB_IS_DOCUMENT (self), FALSE);
  if (!rb_document_validate (self, error))
    return FALSE;
  now = db != NULL ? rb_database_dup_now (db) : g_date_time_new_now_utc ();
  bytes = rb_document_render (self, db != NULL ? rb_database_get_swv_name (db) : NULL, logo_path,
                              now, &n_pages, error);
  if (bytes == NULL)
    return FALSE;

  /* An export is of a saved version: a draft saved now stays saved if the export fails. */
  if (db != NULL && rb_document_get_uuid (self) == NULL && !rb_document_save (self, db, error))
    return FALSE;
  if (db != NULL
      && (!rb_database_begin (db, error)
          || !record_export (self, db, path, recipient, bytes, n_pages, error)))
    {
      if (db != NULL)
        rb_database_rollback (db);
      return FALSE;
    }
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL),
                                 (gssize)g_bytes_get_size (bytes), G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, &local_error))
    {
      if (db != NULL)
        rb_database_rollback (db);
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not save the PDF as “%s”: %s"), path,
                   local_error->message);
      return FALSE;
    }
  if (db != NULL && !rb_database_commit (db, error))
    {
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_document_list_exports:
 * @self: a saved document
 * @db: its database
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbRecord): the document_exports records of this
 *   version: when, to whom, which file, its checksum.
 */
GPtrArray *
rb_document_list_exports (RbDocument *self, RbDatabase *db, GError **error)
{
  g_return_val_if_fail (RB_IS_DOCUMENT (self), NULL);
  if (rb_document_get_uuid (self) == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return rb_store_list (db, rb_schema_lookup_table ("document_exports"), "document_uuid",
                        rb_document_get_uuid (self), error);
}
