/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rb-database.h"
#include "rb-document.h"

G_BEGIN_DECLS

#define RB_TYPE_DOCUMENT_EDITOR (rb_document_editor_get_type ())

G_DECLARE_FINAL_TYPE (RbDocumentEditor, rb_document_editor, RB, DOCUMENT_EDITOR, GtkWidget)

GtkWidget  *rb_document_editor_new             (void);
void        rb_document_editor_set_document    (RbDocumentEditor *self,
                                                RbDocument       *document,
                                                RbDatabase       *db);
RbDocument *rb_document_editor_get_document    (RbDocumentEditor *self);
guint       rb_document_editor_get_n_pages     (RbDocumentEditor *self);
guint       rb_document_editor_get_page        (RbDocumentEditor *self);
void        rb_document_editor_set_page        (RbDocumentEditor *self,
                                                guint             page);
GdkPaintable *rb_document_editor_get_preview   (RbDocumentEditor *self);
void        rb_document_editor_update_preview  (RbDocumentEditor *self);
gboolean    rb_document_editor_save            (RbDocumentEditor *self,
                                                GError          **error);
gboolean    rb_document_editor_export_to_file  (RbDocumentEditor *self,
                                                GFile            *file,
                                                GError          **error);
GFile      *rb_document_editor_get_exported_file (RbDocumentEditor *self);

G_END_DECLS
