/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_NEW_CASE_DIALOG (rb_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RbNewCaseDialog, rb_new_case_dialog, RB, NEW_CASE_DIALOG, AdwWindow)

RbNewCaseDialog *rb_new_case_dialog_new    (GtkWindow       *parent,
                                            RbDatabase      *db,
                                            const GDate     *today);
char            *rb_new_case_dialog_create (RbNewCaseDialog *self,
                                            GError         **error);
const char      *rb_new_case_dialog_get_message (RbNewCaseDialog *self);

G_END_DECLS
