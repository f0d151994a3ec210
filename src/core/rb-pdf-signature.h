/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RbPdfSignatureInfo:
 * @signer: the common name of the signer's certificate
 * @signed_at: when it was signed, as pdfsig prints it
 * @valid: the signed bytes are unchanged
 * @whole_document: the signature covers the whole file (nothing was added after it)
 * @validation: pdfsig's verdict on the signature, e.g. "Signature is Valid."
 * @certificate: pdfsig's verdict on the certificate, e.g. "Certificate is Trusted."
 *
 * One digital signature found in a PDF.
 */
typedef struct
{
  char *signer;
  char *signed_at;
  gboolean valid;
  gboolean whole_document;
  char *validation;
  char *certificate;
} RbPdfSignatureInfo;

void       rb_pdf_signature_info_free (RbPdfSignatureInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbPdfSignatureInfo, rb_pdf_signature_info_free)

gboolean   rb_pdf_sign_file           (const char         *input,
                                       const char         *output,
                                       const char         *nss_dir,
                                       const char         *nickname,
                                       const char         *reason,
                                       GError            **error);
GPtrArray *rb_pdf_verify_file         (const char         *path,
                                       const char         *nss_dir,
                                       GError            **error);

G_END_DECLS
