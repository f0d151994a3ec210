/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rb-database.h"
#include "rb-record.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_ROW (rb_case_row_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseRow, rb_case_row, RB, CASE_ROW, GObject)

RbCaseRow  *rb_case_row_new              (RbRecord    *case_record,
                                          RbRecord    *pupil,
                                          RbRecord    *school);
const char *rb_case_row_get_uuid         (RbCaseRow   *self);
const char *rb_case_row_get_pupil_name   (RbCaseRow   *self);
const char *rb_case_row_get_search_key   (RbCaseRow   *self);
const char *rb_case_row_get_school_name  (RbCaseRow   *self);
const char *rb_case_row_get_status       (RbCaseRow   *self);
const char *rb_case_row_get_status_label (RbCaseRow   *self);
int         rb_case_row_get_status_rank  (RbCaseRow   *self);
const char *rb_case_row_get_opened_on    (RbCaseRow   *self);
const char *rb_case_row_get_opened_on_label (RbCaseRow *self);
const char *rb_case_row_get_regisseur    (RbCaseRow   *self);

char       *rb_case_row_fold_for_search  (const char  *text);

GListModel *rb_case_row_list_load        (RbDatabase  *db,
                                          GError     **error);

G_END_DECLS
