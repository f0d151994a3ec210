/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-documents"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-documents.h"
#include "rb-gui-util.h"
#include "rb-pdf-signature.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbCaseDocuments:
 *
 * The case file's "Documents" section: the case's letters and forms (kind, version,
 * signed or not, the last export and to whom), a "New Document" menu with every kind,
 * and the #RbDocumentEditor for the one opened. What is typed in the editor is saved a
 * moment later and when the editor is left, so an export never records a stale version.
 * "Verify PDF…" tells whether a received PDF is intact and who signed it.
 */

#define SAVE_DELAY_MS 1000

struct _RbCaseDocuments
{
  GtkWidget parent_instance;

  RbDatabase *db;
  GDate today;
  char *case_uuid;
  RbDocument *document;  /* the one in the editor */
  guint save_source;
  GtkFileChooserNative *chooser;

  GtkStack *stack;
  GtkListBox *list;
  GtkMenuButton *new_button;
  GtkLabel *editor_title;
  RbDocumentEditor *editor;
};

G_DEFINE_FINAL_TYPE (RbCaseDocuments, rb_case_documents, GTK_TYPE_WIDGET)

static void
toast_error (RbCaseDocuments *self, const GError *error)
{
  rb_gui_toast (GTK_WIDGET (self), error->message);
}

/* A stored UTC stamp as the user's local day and time. */
static char *
format_stamp (const char *stamp)
{
  g_autoptr(GDateTime) utc = stamp != NULL ? g_date_time_new_from_iso8601 (stamp, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%d-%m-%Y %H:%M") : g_strdup (stamp);
}

static int
compare_exported_at (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (rb_record_get_string (*(RbRecord **) a, "exported_at"),
                    rb_record_get_string (*(RbRecord **) b, "exported_at"));
}

static char *
describe_exports (RbCaseDocuments *self, RbDocument *document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exports = rb_document_list_exports (document, self->db, &error);
  g_autofree char *when = NULL;
  RbRecord *last;

  if (exports == NULL)
    return g_strdup (error->message);
  if (exports->len == 0)
    return g_strdup (_("never exported"));
  g_ptr_array_sort (exports, compare_exported_at);
  last = g_ptr_array_index (exports, exports->len - 1);
  when = format_stamp (rb_record_get_string (last, "exported_at"));
  if (rb_record_is_set (last, "recipient"))
    /* Translators: "exported 25-11-2026 14:05 to Mw. Jansen, jeugdarts". */
    return g_strdup_printf (_("exported %s to %s"), when, rb_record_get_string (last, "recipient"));
  /* Translators: "exported 25-11-2026 14:05 as brugformat.pdf". */
  return g_strdup_printf (_("exported %s as %s"), when, rb_record_get_string (last, "file_name"));
}

static GtkWidget *
document_row (RbCaseDocuments *self, RbDocument *document)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *signed_text = NULL;
  g_autofree char *exports = describe_exports (self, document);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strconcat ("document:", rb_document_get_uuid (document), NULL);

  /* Translators: a document's kind and version, e.g. "Brugformat, version 2". */
  title = g_strdup_printf (_("%s, version %u"), rb_document_get_kind (document)->title,
                           rb_document_get_version (document));
  if (rb_document_is_signed (document))
    {
      g_autofree char *day = rb_gui_format_date (rb_document_get_signed_at (document));
      signed_text = g_strdup_printf (_("signed on %s"), day);
    }
  else
    signed_text = g_strdup (_("not signed"));
  subtitle = g_strdup_printf ("%s · %s", signed_text, exports);

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (rb_document_is_signed (document)
                                                           ? "document-edit-symbolic"
                                                           : "x-office-document-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rb-uuid", g_strdup (rb_document_get_uuid (document)),
                          g_free);
  return row;
}

static void
rebuild_list (RbCaseDocuments *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;

  rb_gui_clear_box (GTK_WIDGET (self->list));
  if (self->db == NULL)
    return;
  if ((documents = rb_document_list_for_case (self->db, self->case_uuid, &error)) == NULL)
    {
      toast_error (self, error);
      return;
    }
  for (guint i = 0; i < documents->len; i++)
    gtk_list_box_append (self->list, document_row (self, g_ptr_array_index (documents, i)));
  if (documents->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No documents yet: make one with “New Document”"));
      gtk_list_box_append (self->list, row);
    }
}

/* Saving what was typed in the editor. */

static void
save_now (RbCaseDocuments *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->document != NULL && self->db != NULL
      && !rb_document_save (self->document, self->db, &error))
    toast_error (self, error);
}

static gboolean
save_cb (gpointer user_data)
{
  RbCaseDocuments *self = user_data;

  self->save_source = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_document_changed_cb (RbDocument *document, RbCaseDocuments *self)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

static void
close_document (RbCaseDocuments *self)
{
  save_now (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  rb_document_editor_set_document (self->editor, NULL, NULL);
}

static void
edit (RbCaseDocuments *self, RbDocument *document)
{
  g_autofree char *title = NULL;

  close_document (self);
  self->document = g_object_ref (document);
  g_signal_connect (document, "changed", G_CALLBACK (on_document_changed_cb), self);
  rb_document_editor_set_document (self->editor, document, self->db);
  title = g_strdup_printf (_("%s, version %u"), rb_document_get_kind (document)->title,
                           rb_document_get_version (document));
  gtk_label_set_label (self->editor_title, title);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
on_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, RbCaseDocuments *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "rb-uuid");
  g_autoptr(GError) error = NULL;

  if (uuid != NULL && !rb_case_documents_open (self, uuid, &error))
    toast_error (self, error);
}

static void
new_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseDocuments *self = RB_CASE_DOCUMENTS (widget);
  g_autoptr(GError) error = NULL;

  if (!rb_case_documents_create (self, g_variant_get_string (parameter, NULL), &error))
    toast_error (self, error);
}

static void
show_list_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_case_documents_show_list (RB_CASE_DOCUMENTS (widget));
}

/* Verifying a received PDF. */

static void
on_verify_response_cb (GtkNativeDialog *chooser, int response, RbCaseDocuments *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *report = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      path = g_file_get_path (file);
      report = path != NULL ? rb_case_documents_verify (path, &error) : NULL;
      if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Choose a file on this computer."));
      dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       _("Verify PDF"), report != NULL ? report : error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  g_clear_object (&self->chooser);
}

static void
verify_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseDocuments *self = RB_CASE_DOCUMENTS (widget);

  if (self->chooser == NULL)
    self->chooser = rb_gui_file_chooser_new (widget, _("Verify PDF"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                             _("_Verify"), _("PDF documents"), "application/pdf",
                                             G_CALLBACK (on_verify_response_cb), self);
}

static GMenuModel *
new_menu (void)
{
  g_auto(GStrv) ids = rb_document_kind_list_ids ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(RbDocumentKind) kind = rb_document_kind_lookup (ids[i], NULL);
      g_autoptr(GMenuItem) item = NULL;

      if (kind == NULL)
        continue;
      item = g_menu_item_new (kind->title, NULL);
      g_menu_item_set_action_and_target (item, "documents.new", "s", ids[i]);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
rb_case_documents_dispose (GObject *object)
{
  RbCaseDocuments *self = RB_CASE_DOCUMENTS (object);

  rb_gui_file_chooser_destroy (&self->chooser, self);
  if (self->editor != NULL)
    rb_case_documents_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_CASE_DOCUMENTS);

  G_OBJECT_CLASS (rb_case_documents_parent_class)->dispose (object);
}

static void
rb_case_documents_class_init (RbCaseDocumentsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_case_documents_dispose;

  g_type_ensure (RB_TYPE_DOCUMENT_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-case-documents.ui");
  gtk_widget_class_bind_template_child (widget_class, RbCaseDocuments, stack);
  gtk_widget_class_bind_template_child (widget_class, RbCaseDocuments, list);
  gtk_widget_class_bind_template_child (widget_class, RbCaseDocuments, new_button);
  gtk_widget_class_bind_template_child (widget_class, RbCaseDocuments, editor_title);
  gtk_widget_class_bind_template_child (widget_class, RbCaseDocuments, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "documents.new", "s", new_action);
  gtk_widget_class_install_action (widget_class, "documents.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "documents.verify", NULL, verify_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "documents.show-list", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rb_case_documents_init (RbCaseDocuments *self)
{
  g_autoptr(GMenuModel) menu = new_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->new_button, menu);
}

GtkWidget *
rb_case_documents_new (void)
{
  return g_object_new (RB_TYPE_CASE_DOCUMENTS, NULL);
}

/**
 * rb_case_documents_load:
 * @self: a documents section
 * @db: the open database
 * @today: the day new documents are dated
 * @case_uuid: the case whose documents are shown
 *
 * Lists the documents of @case_uuid.
 */
void
rb_case_documents_load (RbCaseDocuments *self,
                        RbDatabase      *db,
                        const GDate     *today,
                        const char      *case_uuid)
{
  g_return_if_fail (RB_IS_CASE_DOCUMENTS (self));
  g_return_if_fail (RB_IS_DATABASE (db));

  rb_case_documents_clear (self);
  self->db = g_object_ref (db);
  self->today = *today;
  self->case_uuid = g_strdup (case_uuid);
  rebuild_list (self);
}

/**
 * rb_case_documents_clear:
 * @self: a documents section
 *
 * Saves the document being edited and forgets the case.
 */
void
rb_case_documents_clear (RbCaseDocuments *self)
{
  g_return_if_fail (RB_IS_CASE_DOCUMENTS (self));

  close_document (self);
  g_clear_object (&self->db);
  g_clear_pointer (&self->case_uuid, g_free);
  rb_gui_clear_box (GTK_WIDGET (self->list));
  gtk_stack_set_visible_child_name (self->stack, "list");
}

/**
 * rb_case_documents_create:
 * @self: a documents section showing a case
 * @kind_id: a document kind, see rb_document_kind_list_ids()
 * @error: return location for an error
 *
 * Makes a document of @kind_id filled from the case, saves it and opens it in the editor.
 *
 * Returns: %TRUE when the editor shows the new document.
 */
gboolean
rb_case_documents_create (RbCaseDocuments *self, const char *kind_id, GError **error)
{
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbDocument) document = NULL;

  g_return_val_if_fail (RB_IS_CASE_DOCUMENTS (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  /* The case file saves what was typed a moment ago: the document starts from it. */
  gtk_widget_activate_action (GTK_WIDGET (self), "case-file.save", NULL);
  if ((case_record = rb_store_get (self->db, rb_schema_lookup_table ("cases"), self->case_uuid,
                                   error)) == NULL
      || (document = rb_document_new_for_case (self->db, case_record, kind_id, &self->today,
                                               error)) == NULL
      || !rb_document_save (document, self->db, error))
    return FALSE;
  edit (self, document);
  return TRUE;
}

/**
 * rb_case_documents_open:
 * @self: a documents section showing a case
 * @document_uuid: one of the case's documents
 * @error: return location for an error
 *
 * Returns: %TRUE when the editor shows the document.
 */
gboolean
rb_case_documents_open (RbCaseDocuments *self, const char *document_uuid, GError **error)
{
  g_autoptr(RbDocument) document = NULL;

  g_return_val_if_fail (RB_IS_CASE_DOCUMENTS (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  if ((document = rb_document_load (self->db, document_uuid, error)) == NULL)
    return FALSE;
  edit (self, document);
  return TRUE;
}

/**
 * rb_case_documents_show_list:
 * @self: a documents section
 *
 * Leaves the editor (saving what was typed) for the list, which shows the latest exports.
 */
void
rb_case_documents_show_list (RbCaseDocuments *self)
{
  g_return_if_fail (RB_IS_CASE_DOCUMENTS (self));

  close_document (self);
  rebuild_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

RbDocumentEditor *
rb_case_documents_get_editor (RbCaseDocuments *self)
{
  g_return_val_if_fail (RB_IS_CASE_DOCUMENTS (self), NULL);
  return self->editor;
}

/**
 * rb_case_documents_verify:
 * @path: a received PDF
 * @error: return location for an error
 *
 * Returns: (transfer full): a few sentences: whether @path is signed, by whom and when,
 *   and whether it is unchanged since; %NULL with @error when it cannot be read
 */
char *
rb_case_documents_verify (const char *path, GError **error)
{
  g_autoptr(GPtrArray) signatures = rb_pdf_verify_file (path, NULL, error);
  g_autoptr(GString) report = g_string_new (NULL);

  if (signatures == NULL)
    return NULL;
  if (signatures->len == 0)
    return g_strdup (_("This PDF has no digital signature, so nothing shows whether it was "
                       "changed."));
  for (guint i = 0; i < signatures->len; i++)
    {
      const RbPdfSignatureInfo *info = g_ptr_array_index (signatures, i);

      if (report->len > 0)
        g_string_append (report, "\n\n");
      /* Translators: "Signed by A. de Wit on Nov 25 2026 14:05:00." */
      g_string_append_printf (report, _("Signed by %s on %s."),
                              info->signer != NULL ? info->signer : _("an unknown signer"),
                              info->signed_at != NULL ? info->signed_at : "?");
      g_string_append_c (report, ' ');
      g_string_append (report, info->valid && info->whole_document
                       ? _("The document is intact: nothing was changed after signing.")
                       : info->valid
                       ? _("The signature is valid, but pages were added after signing.")
                       : _("The document was changed after signing, or the signature is damaged."));
      if (info->validation != NULL)
        g_string_append_printf (report, " (%s)", info->validation);
    }
  return g_string_free (g_steal_pointer (&report), FALSE);
}
