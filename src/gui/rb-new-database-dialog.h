/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-assistant.h"

G_BEGIN_DECLS

#define RB_TYPE_NEW_DATABASE_DIALOG (rb_new_database_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RbNewDatabaseDialog, rb_new_database_dialog, RB, NEW_DATABASE_DIALOG,
                      RbAssistant)

RbNewDatabaseDialog *rb_new_database_dialog_new (GtkWindow *parent);

G_END_DECLS
