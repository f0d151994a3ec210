/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rb-caseload.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_ROW (rb_case_row_get_type ())

G_DECLARE_FINAL_TYPE (RbCaseRow, rb_case_row, RB, CASE_ROW, GObject)

RbCaseRow           *rb_case_row_new           (const RbCaseSummary *summary);
void                 rb_case_row_set_summary   (RbCaseRow           *self,
                                                const RbCaseSummary *summary);
RbCaseRow           *rb_case_row_new_slot      (RbCaseRow           *row);
void                 rb_case_row_set_shown     (RbCaseRow           *self,
                                                RbCaseRow           *row);
const RbCaseSummary *rb_case_row_get_summary   (RbCaseRow           *self);
const char          *rb_case_row_get_uuid      (RbCaseRow           *self);
const char          *rb_case_row_get_pupil_name (RbCaseRow          *self);
int                  rb_case_row_get_status_rank (RbCaseRow         *self);
char                *rb_case_row_dup_signals_text (RbCaseRow        *self);

void                 rb_case_row_list_fill     (GListStore          *rows,
                                                RbCaseload          *caseload);
gboolean             rb_case_row_list_update   (GListStore          *rows,
                                                const RbCaseSummary *summary,
                                                const char          *case_uuid);
const char          *rb_case_row_signal_icon   (const char          *unit);

G_END_DECLS
