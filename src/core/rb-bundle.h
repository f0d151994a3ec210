/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The layout of a bundle file; see docs/bundle-format.md. A reader refuses higher versions. */
#define RB_BUNDLE_FORMAT_VERSION 1

/* The most plaintext a bundle may declare: far above a real SWV (a 10,000-case SWV is
 * about 60 MB), low enough that a damaged length never makes the reader allocate gigabytes. */
#define RB_BUNDLE_MAX_PAYLOAD (G_GUINT64_CONSTANT (1) << 30)

#define RB_BUNDLE_ERROR (rb_bundle_error_quark ())

/**
 * RbBundleError:
 * @RB_BUNDLE_ERROR_NOT_A_BUNDLE: empty, or not a Routeboek bundle at all
 * @RB_BUNDLE_ERROR_DAMAGED: a bundle, but changed, cut off or otherwise unreadable
 * @RB_BUNDLE_ERROR_NEWER_VERSION: written by a newer Routeboek
 * @RB_BUNDLE_ERROR_WRONG_SWV: a bundle of another samenwerkingsverband
 * @RB_BUNDLE_ERROR_PASSPHRASE: the passphrase does not open it
 * @RB_BUNDLE_ERROR_IO: the file could not be read or written
 *
 * Why a bundle was refused. Messages are sentences for the user.
 */
typedef enum
{
  RB_BUNDLE_ERROR_NOT_A_BUNDLE,
  RB_BUNDLE_ERROR_DAMAGED,
  RB_BUNDLE_ERROR_NEWER_VERSION,
  RB_BUNDLE_ERROR_WRONG_SWV,
  RB_BUNDLE_ERROR_PASSPHRASE,
  RB_BUNDLE_ERROR_IO,
} RbBundleError;

GQuark rb_bundle_error_quark (void);

/**
 * RbBundleInfo:
 * @version: the format version of the file
 * @swv_uuid: the samenwerkingsverband the bundle belongs to
 * @swv_name: its name, as the exporter knew it
 * @replica: the installation that exported it
 * @created_at: when, as an ISO 8601 UTC stamp
 * @opslimit: Argon2id passes used to derive the key
 * @memlimit: Argon2id memory in bytes
 * @payload_length: bytes of plaintext the file declares
 *
 * The unencrypted header of a bundle. It is authenticated: a reader that returns the
 * payload has checked that no byte of the header was changed.
 */
typedef struct
{
  guint version;
  char *swv_uuid;
  char *swv_name;
  char *replica;
  char *created_at;
  guint64 opslimit;
  guint64 memlimit;
  guint64 payload_length;
} RbBundleInfo;

void          rb_bundle_info_free  (RbBundleInfo  *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbBundleInfo, rb_bundle_info_free)

void          rb_bundle_get_default_limits (guint64 *opslimit,
                                            guint64 *memlimit);

gboolean      rb_bundle_write      (const char    *path,
                                    const RbBundleInfo *info,
                                    const char    *passphrase,
                                    GBytes        *payload,
                                    GError       **error);
RbBundleInfo *rb_bundle_read_info  (const char    *path,
                                    GError       **error);
GBytes       *rb_bundle_read       (const char    *path,
                                    const char    *swv_uuid,
                                    const char    *passphrase,
                                    RbBundleInfo **info,
                                    GError       **error);
GBytes       *rb_bundle_open_data  (const guint8  *data,
                                    gsize          length,
                                    const char    *file_name,
                                    const char    *swv_uuid,
                                    const char    *passphrase,
                                    RbBundleInfo **info,
                                    GError       **error);

G_END_DECLS
