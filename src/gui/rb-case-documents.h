/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"
#include "rb-document-editor.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_DOCUMENTS (rb_case_documents_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseDocuments, rb_case_documents, RB, CASE_DOCUMENTS, GtkWidget)

GtkWidget        *rb_case_documents_new          (void);
void              rb_case_documents_load         (RbCaseDocuments *self,
                                                  RbDatabase      *db,
                                                  const GDate     *today,
                                                  const char      *case_uuid);
void              rb_case_documents_clear        (RbCaseDocuments *self);
gboolean          rb_case_documents_create       (RbCaseDocuments *self,
                                                  const char      *kind_id,
                                                  GError         **error);
gboolean          rb_case_documents_open         (RbCaseDocuments *self,
                                                  const char      *document_uuid,
                                                  GError         **error);
void              rb_case_documents_show_list    (RbCaseDocuments *self);
RbDocumentEditor *rb_case_documents_get_editor   (RbCaseDocuments *self);
char             *rb_case_documents_verify       (const char      *path,
                                                  GError         **error);

G_END_DECLS
