/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"
#include "rb-document-kind.h"
#include "rb-record.h"

G_BEGIN_DECLS

/**
 * RbSignature:
 * @name: who signed
 * @role: in what role (ouder, directeur, regisseur...)
 * @place: where
 * @date: when, ISO 8601 day
 * @strokes: (element-type GArray): each stroke a #GArray of double x, y pairs in 0-1 of
 *   a box %RB_SIGNATURE_ASPECT times wider than high
 *
 * A hand signature as drawn on the signature pad.
 */
typedef struct
{
  char *name;
  char *role;
  char *place;
  char *date;
  GPtrArray *strokes;
} RbSignature;

#define RB_TYPE_SIGNATURE (rb_signature_get_type ())

GType        rb_signature_get_type   (void) G_GNUC_CONST;
RbSignature *rb_signature_new        (const char        *name,
                                      const char        *role,
                                      const char        *place,
                                      const char        *date);
RbSignature *rb_signature_copy       (const RbSignature *signature);
void         rb_signature_free       (RbSignature       *signature);
void         rb_signature_add_stroke (RbSignature       *signature,
                                      const double      *points,
                                      guint              n_points);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbSignature, rb_signature_free)

#define RB_TYPE_DOCUMENT (rb_document_get_type ())

G_DECLARE_FINAL_TYPE (RbDocument, rb_document, RB, DOCUMENT, GObject)

RbDocument     *rb_document_new               (RbDocumentKind *kind,
                                               const char     *case_uuid);
RbDocument     *rb_document_new_for_case      (RbDatabase     *db,
                                               RbRecord       *case_record,
                                               const char     *kind_id,
                                               const GDate    *today,
                                               GError        **error);
RbDocument     *rb_document_load              (RbDatabase     *db,
                                               const char     *uuid,
                                               GError        **error);
GPtrArray      *rb_document_list_for_case     (RbDatabase     *db,
                                               const char     *case_uuid,
                                               GError        **error);
gboolean        rb_document_save              (RbDocument     *self,
                                               RbDatabase     *db,
                                               GError        **error);
RbDocument     *rb_document_new_version       (RbDocument     *self);

RbDocumentKind *rb_document_get_kind          (RbDocument     *self);
const char     *rb_document_get_uuid          (RbDocument     *self);
const char     *rb_document_get_case_uuid     (RbDocument     *self);
guint           rb_document_get_version       (RbDocument     *self);
gboolean        rb_document_is_signed         (RbDocument     *self);
const char     *rb_document_get_signed_at     (RbDocument     *self);

const char     *rb_document_get_text          (RbDocument     *self,
                                               const char     *path);
gboolean        rb_document_set_text          (RbDocument     *self,
                                               const char     *path,
                                               const char     *value,
                                               GError        **error);
gboolean        rb_document_get_checked       (RbDocument     *self,
                                               const char     *field_id,
                                               const char     *option_id);
gboolean        rb_document_set_checked       (RbDocument     *self,
                                               const char     *field_id,
                                               const char     *option_id,
                                               gboolean        checked,
                                               GError        **error);
GPtrArray      *rb_document_get_rows          (RbDocument     *self,
                                               const char     *field_id);
gboolean        rb_document_set_rows          (RbDocument     *self,
                                               const char     *field_id,
                                               GPtrArray      *rows,
                                               GError        **error);
gboolean        rb_document_get_attached      (RbDocument     *self,
                                               const char     *kind_id);
gboolean        rb_document_set_attached      (RbDocument     *self,
                                               const char     *kind_id,
                                               gboolean        attached,
                                               GError        **error);
RbSignature    *rb_document_dup_signature     (RbDocument     *self,
                                               const char     *field_id);
gboolean        rb_document_sign              (RbDocument     *self,
                                               const char     *field_id,
                                               const RbSignature *signature,
                                               GError        **error);
void            rb_document_set_signer        (RbDocument     *self,
                                               const char     *field_id,
                                               const char     *name);
const char     *rb_document_get_signer        (RbDocument     *self,
                                               const char     *field_id);
gboolean        rb_document_set_value         (RbDocument     *self,
                                               const char     *assignment,
                                               GError        **error);

gboolean        rb_document_validate          (RbDocument     *self,
                                               GError        **error);
char           *rb_document_format_value      (RbDocument     *self,
                                               const RbField  *field);
char           *rb_document_format_date       (const char     *iso_date);
char           *rb_document_expand            (RbDocument     *self,
                                               const char     *text);

gboolean        rb_document_fill              (RbDocument     *self,
                                               RbDatabase     *db,
                                               RbRecord       *case_record,
                                               const GDate    *today,
                                               GError        **error);

GBytes         *rb_document_render            (RbDocument     *self,
                                               const char     *organisation,
                                               const char     *logo_path,
                                               GDateTime      *created,
                                               guint          *n_pages,
                                               GError        **error);
gboolean        rb_document_export            (RbDocument     *self,
                                               RbDatabase     *db,
                                               const char     *path,
                                               const char     *recipient,
                                               const char     *logo_path,
                                               GError        **error);
GPtrArray      *rb_document_list_exports      (RbDocument     *self,
                                               RbDatabase     *db,
                                               GError        **error);

G_END_DECLS
