/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"
#include "rb-sync.h"

G_BEGIN_DECLS

/**
 * RbShareMode:
 * @RB_SHARE_EXPORT: write a bundle for colleagues
 * @RB_SHARE_IMPORT: merge a colleague's bundle
 */
typedef enum
{
  RB_SHARE_EXPORT,
  RB_SHARE_IMPORT,
} RbShareMode;

#define RB_TYPE_SHARE_DIALOG (rb_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RbShareDialog, rb_share_dialog, RB, SHARE_DIALOG, AdwWindow)

RbShareDialog *rb_share_dialog_new            (GtkWindow     *parent,
                                               RbDatabase    *db,
                                               RbShareMode    mode,
                                               GFile         *file);
void           rb_share_dialog_set_passphrase (RbShareDialog *self,
                                               const char    *passphrase);
const char    *rb_share_dialog_get_passphrase (RbShareDialog *self);
void           rb_share_dialog_set_kdf_limits (RbShareDialog *self,
                                               guint64        opslimit,
                                               guint64        memlimit);
void           rb_share_dialog_start          (RbShareDialog *self);
void           rb_share_dialog_cancel         (RbShareDialog *self);
RbShareMode    rb_share_dialog_get_mode       (RbShareDialog *self);
GFile         *rb_share_dialog_get_file       (RbShareDialog *self);
gboolean       rb_share_dialog_is_running     (RbShareDialog *self);
const RbSyncSummary *rb_share_dialog_get_summary (RbShareDialog *self);

G_END_DECLS
