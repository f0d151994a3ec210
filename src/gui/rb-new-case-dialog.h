/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-assistant.h"
#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_NEW_CASE_DIALOG (rb_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RbNewCaseDialog, rb_new_case_dialog, RB, NEW_CASE_DIALOG, RbAssistant)

RbNewCaseDialog *rb_new_case_dialog_new (GtkWindow   *parent,
                                         RbDatabase  *db,
                                         const GDate *today);

G_END_DECLS
