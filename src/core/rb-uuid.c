/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-uuid"

#include "config.h"

#include "rb-uuid.h"

/**
 * rb_uuid_derive:
 * @namespace_uuid: the namespace, e.g. an SWV's UUID
 * @name: what the UUID stands for within it
 *
 * A name-based UUID (RFC 4122 version 5, SHA-1): the same inputs always give the same
 * UUID. Shipped defaults and generated data use it, so that two databases made the same
 * way are identical.
 *
 * Returns: (transfer full): the UUID as a lower-case string.
 */
char *
rb_uuid_derive (const char *namespace_uuid, const char *name)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sha1, (const guchar *) namespace_uuid, -1);
  g_checksum_update (sha1, (const guchar *) "/", 1);
  g_checksum_update (sha1, (const guchar *) name, -1);
  g_checksum_get_digest (sha1, digest, &len);

  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}
