/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-document-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "rb-document-editor.h"
#include "rb-gui-util.h"
#include "rb-signature-pad.h"

/*
 * The editor of one document: a form generated from the kind's definition (every field
 * type has its row), the signature blocks with a pad each, and a live preview of the
 * very PDF an export writes, rendered with poppler. Every change goes straight into the
 * RbDocument; the preview follows a moment later. A signed document shows read-only
 * with a banner offering a new version.
 *
 * Each input widget is named after its field path ("melder.naam", the detail
 * "typering.zorgelijk", its box "check:typering.zorgelijk", the pad "signature:ouder"),
 * which the tests use to find it.
 */

#define PREVIEW_DELAY_MS 150
#define PREVIEW_SCALE 1.5

struct _RbDocumentEditor
{
  GtkWidget parent_instance;

  GtkWidget *content;
  GtkRevealer *signed_revealer;
  GtkLabel *signed_label;
  GtkBox *form;
  GtkPicture *preview;
  GtkLabel *page_label;
  GtkLabel *status_label;

  RbDocument *document;
  RbDatabase *db;
  guint preview_source;
  PopplerDocument *poppler;
  guint page;
  guint n_pages;
  GFile *exported;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RbDocumentEditor, rb_document_editor, GTK_TYPE_WIDGET)

static void
build_form (RbDocumentEditor *self);

static void
set_status (RbDocumentEditor *self, const char *message, gboolean is_error)
{
  gtk_label_set_text (self->status_label, message);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_actions (RbDocumentEditor *self)
{
  gboolean has = self->document != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.previous-page", has && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.next-page",
                                 has && self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.export", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", has && self->db != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.open", self->exported != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.new-version",
                                 has && rb_document_is_signed (self->document));
}

static void
show_page (RbDocumentEditor *self)
{
  PopplerPage *page;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autofree char *label = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int w, h;

  if (self->poppler == NULL
      || (page = poppler_document_get_page (self->poppler, (int)self->page)) == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  w = (int)(width * PREVIEW_SCALE);
  h = (int)(height * PREVIEW_SCALE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  /* Paper is white in a dark theme too. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PREVIEW_SCALE, PREVIEW_SCALE);
  poppler_page_render (page, cr);
  g_object_unref (page);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize)cairo_image_surface_get_stride (surface) * h);
  /* cairo's ARGB32 in native byte order is GDK's default memory format. */
  texture = gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, pixels,
                                    (gsize)cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
  label = g_strdup_printf (_("Page %u of %u"), self->page + 1, self->n_pages);
  gtk_label_set_text (self->page_label, label);
  update_actions (self);
}

/**
 * rb_document_editor_update_preview:
 * @self: an editor
 *
 * Renders the document now (changes do it by themselves after a short delay).
 */
void
rb_document_editor_update_preview (RbDocumentEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n_pages = 0;

  g_return_if_fail (RB_IS_DOCUMENT_EDITOR (self));
  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->document == NULL)
    return;
  bytes = rb_document_render (self->document,
                              self->db != NULL ? rb_database_get_swv_name (self->db) : NULL, NULL,
                              NULL, &n_pages, &error);
  g_clear_object (&self->poppler);
  if (bytes != NULL)
    self->poppler = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (self->poppler == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  self->n_pages = (guint)poppler_document_get_n_pages (self->poppler);
  self->page = MIN (self->page, self->n_pages - 1);
  show_page (self);
}

static gboolean
preview_timeout_cb (gpointer user_data)
{
  RbDocumentEditor *self = user_data;

  self->preview_source = 0;
  rb_document_editor_update_preview (self);
  return G_SOURCE_REMOVE;
}

static void
update_signed_state (RbDocumentEditor *self)
{
  gboolean is_signed = self->document != NULL && rb_document_is_signed (self->document);

  if (is_signed)
    {
      g_autofree char *text
          = g_strdup_printf (_("Version %u is signed and can no longer be changed. "
                                "Make a new version to change it."),
                             rb_document_get_version (self->document));
      gtk_label_set_text (self->signed_label, text);
    }
  gtk_revealer_set_reveal_child (self->signed_revealer, is_signed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->form), !is_signed);
  update_actions (self);
}

static void
on_document_changed_cb (RbDocument *document, RbDocumentEditor *self)
{
  gboolean was_signed = gtk_revealer_get_reveal_child (self->signed_revealer);

  if (self->preview_source == 0)
    self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
  if (was_signed != rb_document_is_signed (document))
    update_signed_state (self);
}

/* Shows @error on @widget (or clears it): the value stays where it was typed. */
/* The error as the tooltip, or the field's hint (how to write a date) again. */
static void
mark_error (GtkWidget *widget, const GError *error)
{
  if (error != NULL)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, error->message);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_set_tooltip_text (widget, g_object_get_data (G_OBJECT (widget), "hint"));
    }
}

static void
on_text_changed_cb (GtkEditable *editable, RbDocumentEditor *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;

  /* Dates are typed and shown as elsewhere in the app (day-month-year), stored as ISO. */
  if (g_object_get_data (G_OBJECT (editable), "date") != NULL && *text != '\0'
      && (text = iso = rb_gui_parse_date (text, &error)) == NULL)
    {
      mark_error (GTK_WIDGET (editable), error);
      return;
    }
  rb_document_set_text (self->document, gtk_widget_get_name (GTK_WIDGET (editable)), text, &error);
  mark_error (GTK_WIDGET (editable), error);
}

static void
on_buffer_changed_cb (GtkTextBuffer *buffer, GtkWidget *view)
{
  RbDocumentEditor *self
      = RB_DOCUMENT_EDITOR (gtk_widget_get_ancestor (view, RB_TYPE_DOCUMENT_EDITOR));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  rb_document_set_text (self->document, gtk_widget_get_name (view), text, &error);
  mark_error (view, error);
}

static void
on_check_toggled_cb (GtkCheckButton *check, RbDocumentEditor *self)
{
  g_autoptr(GError) error = NULL;

  rb_document_set_checked (self->document, g_object_get_data (G_OBJECT (check), "field"),
                           g_object_get_data (G_OBJECT (check), "option"),
                           gtk_check_button_get_active (check), &error);
  if (error != NULL)
    set_status (self, error->message, TRUE);
}

static void
on_attach_toggled_cb (GtkSwitch *toggle, GParamSpec *pspec, RbDocumentEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!rb_document_set_attached (self->document, gtk_widget_get_name (GTK_WIDGET (toggle)),
                                 gtk_switch_get_active (toggle), &error))
    set_status (self, error->message, TRUE);
}

static GtkWidget *
new_group (GtkBox *form, const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (form, group);
  return group;
}

static GtkWidget *
add_entry_row (RbDocumentEditor *self, GtkWidget *group, const char *path, const char *title,
               RbFieldType type)
{
  GtkWidget *row = adw_entry_row_new ();
  const char *value = rb_document_get_text (self->document, path);

  g_autofree char *shown = type == RB_FIELD_DATE ? rb_gui_format_date (value) : NULL;
  const char *hint = type == RB_FIELD_DATE ? _("A date as day-month-year, for example 30-11-2026")
                     : type == RB_FIELD_TIME ? _("A time as hours:minutes, for example 14:30")
                     : NULL;

  gtk_widget_set_name (row, path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), shown != NULL ? shown : value != NULL ? value : "");
  g_object_set_data (G_OBJECT (row), "date", GINT_TO_POINTER (type == RB_FIELD_DATE));
  g_object_set_data (G_OBJECT (row), "hint", (gpointer) hint);
  gtk_widget_set_tooltip_text (row, hint);
  g_signal_connect (row, "changed", G_CALLBACK (on_text_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_multiline (RbDocumentEditor *self, GtkWidget *group, const RbField *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (*field->label != '\0' ? field->label : field->hint);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const char *value = rb_document_get_text (self->document, field->id);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (view, field->id);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_text_buffer_set_text (buffer, value != NULL ? value : "", -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label,
                                  NULL, -1);
  /* GTK 4.8 does not name a text view by the label it is labelled by. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (label)), -1);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed_cb), view, 0);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), frame);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
}

static void
add_options (RbDocumentEditor *self, GtkWidget *group, const RbField *field)
{
  GtkCheckButton *first = NULL;

  for (guint i = 0; i < field->parts->len; i++)
    {
      const RbField *option = g_ptr_array_index (field->parts, i);
      g_autofree char *path = g_strconcat (field->id, ".", option->id, NULL);
      g_autofree char *title = rb_document_expand (self->document, option->label);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      g_autofree char *check_name = g_strconcat ("check:", path, NULL);

      gtk_widget_set_name (check, check_name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (field->single && first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   rb_document_get_checked (self->document, field->id, option->id));
      g_object_set_data_full (G_OBJECT (check), "field", g_strdup (field->id), g_free);
      g_object_set_data_full (G_OBJECT (check), "option", g_strdup (option->id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      if (option->indent > 0)
        gtk_widget_set_margin_start (check, 24 * (int)option->indent);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      /* The detail of an option is asked for once it is ticked. */
      if (option->detail != NULL)
        g_object_bind_property (
            check, "active",
            add_entry_row (self, group, path,
                           *option->detail != '\0' ? option->detail : _("Details"), RB_FIELD_TEXT),
            "visible", G_BINDING_SYNC_CREATE);
    }
}

static GPtrArray *
collect_table (GtkGrid *grid, guint n_columns)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (int r = 1;; r++)
    {
      GStrv row;

      if (gtk_grid_get_child_at (grid, 0, r) == NULL)
        break;
      row = g_new0 (char *, n_columns + 1);
      for (guint c = 0; c < n_columns; c++)
        row[c] = g_strdup (
            gtk_editable_get_text (GTK_EDITABLE (gtk_grid_get_child_at (grid, (int)c, r))));
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
on_cell_changed_cb (GtkEditable *cell, RbDocumentEditor *self)
{
  GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (cell));
  const RbField *field = g_object_get_data (G_OBJECT (grid), "field");
  g_autoptr(GPtrArray) rows = collect_table (GTK_GRID (grid), field->parts->len);
  g_autoptr(GError) error = NULL;

  if (!rb_document_set_rows (self->document, field->id, rows, &error))
    set_status (self, error->message, TRUE);
}

static void
fill_table (RbDocumentEditor *self, GtkGrid *grid, const RbField *field, GPtrArray *rows);

static void
change_rows (RbDocumentEditor *self, GtkGrid *grid, int remove_row)
{
  const RbField *field = g_object_get_data (G_OBJECT (grid), "field");
  g_autoptr(GPtrArray) rows = collect_table (grid, field->parts->len);
  g_autoptr(GError) error = NULL;

  if (remove_row > 0)
    g_ptr_array_remove_index (rows, (guint)remove_row - 1);
  else
    g_ptr_array_add (rows, g_new0 (char *, 1));
  if (!rb_document_set_rows (self->document, field->id, rows, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  g_ptr_array_unref (rows);
  rows = rb_document_get_rows (self->document, field->id);
  fill_table (self, grid, field, rows);
}

static void
on_add_row_clicked_cb (GtkButton *button, GtkGrid *grid)
{
  change_rows (
      RB_DOCUMENT_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (grid), RB_TYPE_DOCUMENT_EDITOR)),
      grid, 0);
}

static void
on_remove_row_clicked_cb (GtkButton *button, RbDocumentEditor *self)
{
  GtkWidget *grid = gtk_widget_get_parent (GTK_WIDGET (button));

  change_rows (self, GTK_GRID (grid),
               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "row")));
}

static void
fill_table (RbDocumentEditor *self, GtkGrid *grid, const RbField *field, GPtrArray *rows)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
  for (guint c = 0; c < field->parts->len; c++)
    {
      const RbField *column = g_ptr_array_index (field->parts, c);
      GtkWidget *header = gtk_label_new (column->label);

      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_widget_add_css_class (header, "heading");
      gtk_grid_attach (grid, header, (int)c, 0, 1, 1);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      GtkWidget *remove = rb_gui_icon_button_new ("list-remove-symbolic", _("Remove Row"), NULL,
                                                  NULL);

      for (guint c = 0; c < field->parts->len; c++)
        {
          const RbField *column = g_ptr_array_index (field->parts, c);
          GtkWidget *cell = gtk_entry_new ();
          g_autofree char *name = g_strdup_printf ("%s[%u].%s", field->id, r, column->id);

          gtk_widget_set_name (cell, name);
          gtk_widget_set_hexpand (cell, TRUE);
          gtk_editable_set_text (GTK_EDITABLE (cell), row[c] != NULL ? row[c] : "");
          gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          column->label, -1);
          g_signal_connect (cell, "changed", G_CALLBACK (on_cell_changed_cb), self);
          gtk_grid_attach (grid, cell, (int)c, (int)r + 1, 1, 1);
        }
      g_object_set_data (G_OBJECT (remove), "row", GINT_TO_POINTER (r + 1));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_row_clicked_cb), self);
      gtk_grid_attach (grid, remove, (int)field->parts->len, (int)r + 1, 1, 1);
    }
}

static void
add_table (RbDocumentEditor *self, const RbField *field)
{
  GtkWidget *group = new_group (self->form, *field->label != '\0' ? field->label : NULL);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *add = rb_gui_icon_button_new ("list-add-symbolic", _("Add Row"), NULL, NULL);
  g_autoptr(GPtrArray) rows = rb_document_get_rows (self->document, field->id);

  gtk_widget_set_name (grid, field->id);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  g_object_set_data (G_OBJECT (grid), "field", (gpointer)field);
  fill_table (self, GTK_GRID (grid), field, rows);
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_row_clicked_cb), grid);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), grid);
}

static void
on_sign_clicked_cb (GtkButton *button, RbDocumentEditor *self)
{
  GtkWidget *box = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (button)));
  const char *field_id = g_object_get_data (G_OBJECT (box), "field");
  RbSignaturePad *pad = g_object_get_data (G_OBJECT (box), "pad");
  g_autoptr(RbSignature) signature = NULL;
  g_autoptr(GPtrArray) strokes = rb_signature_pad_dup_strokes (pad);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  const char *entries[4];

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      static const char *const keys[] = { "name", "role", "place", "date" };
      entries[i]
          = gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (box), keys[i])));
    }
  if ((date = rb_gui_parse_date (entries[3], &error)) == NULL)
    {
      set_status (self, error->message, TRUE);
      return;
    }
  signature = rb_signature_new (entries[0], entries[1], entries[2], date);
  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);
      rb_signature_add_stroke (signature, (const double *)(gpointer)stroke->data, stroke->len / 2);
    }
  if (!rb_document_sign (self->document, field_id, signature, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  set_status (self, _("Signed"), FALSE);
  build_form (self);
}

static GtkWidget *
add_signature_entry (GtkWidget *box, const char *field_id, const char *key, const char *placeholder,
                     const char *value)
{
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *name = g_strdup_printf ("signature:%s.%s", field_id, key);

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  placeholder, -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  g_object_set_data (G_OBJECT (box), key, entry);
  return entry;
}

static void
add_signature (RbDocumentEditor *self, GtkWidget *group, const RbField *field)
{
  g_autoptr(RbSignature) signature = rb_document_dup_signature (self->document, field->id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d-%m-%Y");
  g_autofree char *signed_on = signature != NULL ? rb_gui_format_date (signature->date) : NULL;
  g_autofree char *pad_name = g_strconcat ("signature:", field->id, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (field->label);
  GtkWidget *pad = rb_signature_pad_new ();
  GtkWidget *fields = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo Stroke"));
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("C_lear"));
  GtkWidget *sign = gtk_button_new_with_mnemonic (_("_Sign"));
  g_autofree char *sign_name = g_strconcat ("sign:", field->id, NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_name (pad, pad_name);
  rb_signature_pad_set_signer (RB_SIGNATURE_PAD (pad), field->label);
  gtk_widget_add_css_class (pad, "card");
  g_object_set_data_full (G_OBJECT (box), "field", g_strdup (field->id), g_free);
  g_object_set_data (G_OBJECT (box), "pad", pad);
  gtk_grid_set_row_spacing (GTK_GRID (fields), 6);
  gtk_grid_set_column_spacing (GTK_GRID (fields), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (fields), TRUE);
  gtk_grid_attach (GTK_GRID (fields),
                   add_signature_entry (box, field->id, "name", _("Name"),
                                        signature != NULL
                                            ? signature->name
                                            : rb_document_get_signer (self->document, field->id)),
                   0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (fields),
                   add_signature_entry (box, field->id, "role", _("Role"),
                                        signature != NULL ? signature->role : field->label),
                   1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (fields),
                   add_signature_entry (box, field->id, "place", _("Place"),
                                        signature != NULL ? signature->place : NULL),
                   0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (fields),
                   add_signature_entry (box, field->id, "date", _("Date (day-month-year)"),
                                        signature != NULL ? signed_on : today),
                   1, 1, 1, 1);
  g_signal_connect_swapped (undo, "clicked", G_CALLBACK (rb_signature_pad_undo), pad);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (rb_signature_pad_clear), pad);
  g_object_bind_property (pad, "n-strokes", undo, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (pad, "n-strokes", clear, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (pad, "n-strokes", sign, "sensitive", G_BINDING_SYNC_CREATE);
  gtk_widget_set_name (sign, sign_name);
  g_signal_connect (sign, "clicked", G_CALLBACK (on_sign_clicked_cb), self);
  gtk_widget_add_css_class (sign, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), undo);
  gtk_box_append (GTK_BOX (buttons), clear);
  gtk_box_append (GTK_BOX (buttons), sign);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), pad);
  gtk_box_append (GTK_BOX (box), fields);
  gtk_box_append (GTK_BOX (box), buttons);
  if (signature != NULL)
    {
      rb_signature_pad_set_strokes (RB_SIGNATURE_PAD (pad), signature->strokes);
      /* A given signature stays as it was; a new one needs a new version. */
      gtk_widget_set_sensitive (box, FALSE);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
}

static void
add_field (RbDocumentEditor *self, GtkWidget **group, const char *title, const RbField *field)
{
  if (field->type == RB_FIELD_PARAGRAPH)
    return;
  if (field->type == RB_FIELD_TABLE)
    {
      add_table (self, field);
      *group = NULL;
      return;
    }
  /* A labelled person or set of options is a group of its own, described by its label. */
  if ((field->type == RB_FIELD_PERSON || field->type == RB_FIELD_CHECKBOXES)
      && *field->label != '\0')
    {
      *group = new_group (self->form, *group == NULL ? title : NULL);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (*group), field->label);
    }
  if (*group == NULL)
    *group = new_group (self->form, title);
  switch (field->type)
    {
    case RB_FIELD_TEXT:
    case RB_FIELD_DATE:
    case RB_FIELD_TIME:
      add_entry_row (self, *group, field->id, field->label, field->type);
      break;
    case RB_FIELD_MULTILINE:
      add_multiline (self, *group, field);
      break;
    case RB_FIELD_CHECKBOXES:
      add_options (self, *group, field);
      break;
    case RB_FIELD_PERSON:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *part = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);

          add_entry_row (self, *group, path, part->label, part->type);
        }
      break;
    case RB_FIELD_SIGNATURE:
      add_signature (self, *group, field);
      break;
    case RB_FIELD_PARAGRAPH:
    case RB_FIELD_TABLE:
      g_assert_not_reached ();
    }
}

static void
add_kind (RbDocumentEditor *self, RbDocumentKind *kind)
{
  for (guint s = 0; s < kind->sections->len; s++)
    {
      RbSection *section = g_ptr_array_index (kind->sections, s);
      const char *title = section->title != NULL ? section->title : (s == 0 ? kind->title : NULL);
      GtkWidget *group = NULL;

      for (guint f = 0; f < section->fields->len; f++)
        add_field (self, &group, title, g_ptr_array_index (section->fields, f));
    }
}

static void
add_attachments (RbDocumentEditor *self, RbDocumentKind *kind)
{
  GtkWidget *group = NULL;

  for (guint i = 0; i < kind->attachments->len; i++)
    {
      const RbAttachment *attachment = g_ptr_array_index (kind->attachments, i);
      GtkWidget *row, *toggle;

      if (attachment->required)
        continue;
      if (group == NULL)
        group = new_group (self->form, _("Attachments"));
      row = adw_action_row_new ();
      toggle = gtk_switch_new ();
      gtk_widget_set_name (toggle, attachment->kind);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle),
                             rb_document_get_attached (self->document, attachment->kind));
      g_signal_connect (toggle, "notify::active", G_CALLBACK (on_attach_toggled_cb), self);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attachment->label);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
build_form (RbDocumentEditor *self)
{
  GtkWidget *child;
  RbDocumentKind *kind;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form))) != NULL)
    gtk_box_remove (self->form, child);
  update_signed_state (self);
  if (self->document == NULL)
    return;
  kind = rb_document_get_kind (self->document);
  add_kind (self, kind);
  for (guint i = 0; i < kind->subkinds->len; i++)
    add_kind (self, g_ptr_array_index (kind->subkinds, i));
  add_attachments (self, kind);
}

gboolean
rb_document_editor_save (RbDocumentEditor *self, GError **error)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), FALSE);
  g_return_val_if_fail (self->document != NULL && self->db != NULL, FALSE);
  if (!rb_document_save (self->document, self->db, error))
    return FALSE;
  set_status (self, _("Saved"), FALSE);
  return TRUE;
}

/**
 * rb_document_editor_export_to_file:
 * @self: an editor
 * @file: a local PDF file
 * @error: return location for an error
 *
 * Exports the document (which checks its required fields), records the export and
 * enables "Open".
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_document_editor_export_to_file (RbDocumentEditor *self, GFile *file, GError **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *message = NULL;

  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), FALSE);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Choose a file on this computer"));
      return FALSE;
    }
  if (!rb_document_export (self->document, self->db, path, NULL, NULL, error))
    return FALSE;
  g_set_object (&self->exported, file);
  message = g_strdup_printf (_("Exported to %s"), path);
  set_status (self, message, FALSE);
  update_actions (self);
  return TRUE;
}

GFile *
rb_document_editor_get_exported_file (RbDocumentEditor *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), NULL);
  return self->exported;
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog, int response, RbDocumentEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (!rb_document_editor_export_to_file (self, file, &error))
        set_status (self, error->message, TRUE);
    }
  g_clear_object (&self->chooser);
}

static void
export_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Say what is missing before asking where to save. */
  if (!rb_document_validate (self->document, &error))
    {
      set_status (self, error->message, TRUE);
      return;
    }
  name = g_strdup_printf ("%s.pdf", rb_document_get_kind (self->document)->id);
  self->chooser = gtk_file_chooser_native_new (
      _("Export PDF"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (widget);
  g_autofree char *uri = g_file_get_uri (self->exported);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
save_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!rb_document_editor_save (self, &error))
    set_status (self, error->message, TRUE);
}

static void
new_version_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (widget);
  g_autoptr(RbDocument) next = rb_document_new_version (self->document);

  rb_document_editor_set_document (self, next, self->db);
}

static void
page_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (widget);

  if (g_str_equal (action_name, "editor.next-page"))
    rb_document_editor_set_page (self, self->page + 1);
  else if (self->page > 0)
    rb_document_editor_set_page (self, self->page - 1);
}

static void
rb_document_editor_dispose (GObject *object)
{
  RbDocumentEditor *self = RB_DOCUMENT_EDITOR (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->db);
  g_clear_object (&self->poppler);
  g_clear_object (&self->exported);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_DOCUMENT_EDITOR);
  G_OBJECT_CLASS (rb_document_editor_parent_class)->dispose (object);
}

static void
rb_document_editor_class_init (RbDocumentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_document_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-document-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, content);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, signed_revealer);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, signed_label);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, form);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, page_label);
  gtk_widget_class_bind_template_child (widget_class, RbDocumentEditor, status_label);

  gtk_widget_class_install_action (widget_class, "editor.export", NULL, export_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.new-version", NULL, new_version_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.previous-page", NULL, page_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.next-page", NULL, page_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "editor.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "editor.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "editor.previous-page", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "documenteditor");
}

static void
rb_document_editor_init (RbDocumentEditor *self)
{
  g_type_ensure (RB_TYPE_SIGNATURE_PAD);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

GtkWidget *
rb_document_editor_new (void)
{
  return g_object_new (RB_TYPE_DOCUMENT_EDITOR, NULL);
}

/**
 * rb_document_editor_set_document:
 * @self: an editor
 * @document: (nullable): the document to edit
 * @db: (nullable): its case's database, to save it and record exports
 *
 * Builds the form of @document's kind and renders its first page.
 */
void
rb_document_editor_set_document (RbDocumentEditor *self, RbDocument *document, RbDatabase *db)
{
  g_return_if_fail (RB_IS_DOCUMENT_EDITOR (self));
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_set_object (&self->document, document);
  g_set_object (&self->db, db);
  g_clear_object (&self->exported);
  self->page = 0;
  if (document != NULL)
    g_signal_connect (document, "changed", G_CALLBACK (on_document_changed_cb), self);
  build_form (self);
  set_status (self, "", FALSE);
  rb_document_editor_update_preview (self);
}

RbDocument *
rb_document_editor_get_document (RbDocumentEditor *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), NULL);
  return self->document;
}

guint
rb_document_editor_get_n_pages (RbDocumentEditor *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), 0);
  return self->n_pages;
}

guint
rb_document_editor_get_page (RbDocumentEditor *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), 0);
  return self->page;
}

void
rb_document_editor_set_page (RbDocumentEditor *self, guint page)
{
  g_return_if_fail (RB_IS_DOCUMENT_EDITOR (self));
  if (self->n_pages == 0 || page >= self->n_pages || page == self->page)
    return;
  self->page = page;
  show_page (self);
}

/**
 * rb_document_editor_get_preview:
 * @self: an editor
 *
 * Returns: (transfer none) (nullable): the rendered page shown in the preview.
 */
GdkPaintable *
rb_document_editor_get_preview (RbDocumentEditor *self)
{
  g_return_val_if_fail (RB_IS_DOCUMENT_EDITOR (self), NULL);
  return gtk_picture_get_paintable (self->preview);
}
