/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-calendar.h"
#include "rb-case-documents.h"
#include "rb-case-timeline.h"
#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_FILE (rb_case_file_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseFile, rb_case_file, RB, CASE_FILE, GtkWidget)

RbCaseFile *rb_case_file_new          (void);
gboolean    rb_case_file_load         (RbCaseFile  *self,
                                       RbDatabase  *db,
                                       RbCalendar  *calendar,
                                       const GDate *today,
                                       const char  *case_uuid,
                                       GError     **error);
void        rb_case_file_clear        (RbCaseFile  *self);
const char *rb_case_file_get_case_uuid (RbCaseFile *self);
gboolean    rb_case_file_flush        (RbCaseFile  *self);
gboolean    rb_case_file_has_pending  (RbCaseFile  *self);
void        rb_case_file_add_section  (RbCaseFile  *self,
                                       GtkWidget   *page,
                                       const char  *name,
                                       const char  *title);
const char *rb_case_file_get_section  (RbCaseFile  *self);
void        rb_case_file_show_section (RbCaseFile  *self,
                                       const char  *name);
gboolean    rb_case_file_show_record  (RbCaseFile  *self,
                                       const char  *record_uuid);
RbCaseTimeline  *rb_case_file_get_timeline  (RbCaseFile *self);
RbCaseDocuments *rb_case_file_get_documents (RbCaseFile *self);

G_END_DECLS
