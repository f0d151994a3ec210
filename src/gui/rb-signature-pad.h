/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RB_TYPE_SIGNATURE_PAD (rb_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (RbSignaturePad, rb_signature_pad, RB, SIGNATURE_PAD, GtkWidget)

GtkWidget *rb_signature_pad_new           (void);
void       rb_signature_pad_set_signer    (RbSignaturePad *self,
                                           const char     *signer);
guint      rb_signature_pad_get_n_strokes (RbSignaturePad *self);
GPtrArray *rb_signature_pad_dup_strokes   (RbSignaturePad *self);
void       rb_signature_pad_set_strokes   (RbSignaturePad *self,
                                           GPtrArray      *strokes);
void       rb_signature_pad_clear         (RbSignaturePad *self);
gboolean   rb_signature_pad_undo          (RbSignaturePad *self);

G_END_DECLS
