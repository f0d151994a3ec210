/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-bundle"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "rb-bundle.h"

/*
 * A bundle is one encrypted file (docs/bundle-format.md): a plain header that says whose
 * it is and how the key is derived, then the payload in chunks of
 * crypto_secretstream_xchacha20poly1305 with the whole header as additional data. The
 * reader checks everything it can before deriving the key (cheap refusals first) and
 * returns the payload only when every chunk and the final tag are authentic.
 */

#define MAGIC "RTBKBNDL"
#define MAGIC_SIZE 8
#define PREFIX_SIZE (MAGIC_SIZE + 2 + 4)  /* magic, version, header length */
#define SALT_SIZE crypto_pwhash_SALTBYTES
#define CHECK_SIZE 16
#define KEY_SIZE crypto_secretstream_xchacha20poly1305_KEYBYTES
#define STREAM_HEADER_SIZE crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CHUNK_SIZE 65536
#define CHUNK_OVERHEAD (4 + crypto_secretstream_xchacha20poly1305_ABYTES)
#define MAX_HEADER_SIZE 4096
#define KDF_ARGON2ID 1
#define KEY_CHECK_CONTEXT "routeboek bundle key check v1"

G_DEFINE_QUARK (rb-bundle-error-quark, rb_bundle_error)

void
rb_bundle_info_free (RbBundleInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->swv_uuid);
  g_free (info->swv_name);
  g_free (info->replica);
  g_free (info->created_at);
  g_free (info);
}

/**
 * rb_bundle_get_default_limits:
 * @opslimit: (out): Argon2id passes for a bundle a user writes
 * @memlimit: (out): Argon2id memory for it
 *
 * The interactive limits: deriving the key takes about a tenth of a second, which a
 * person does not notice and which still makes guessing passphrases expensive.
 */
void
rb_bundle_get_default_limits (guint64 *opslimit, guint64 *memlimit)
{
  *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO,
                   _("The encryption library could not be started"));
      return FALSE;
    }
  return TRUE;
}

/* ---- The header ---- */

static void
put_be (GByteArray *out, guint64 value, guint n_bytes)
{
  for (guint i = n_bytes; i > 0; i--)
    {
      guint8 byte = (guint8) (value >> (8 * (i - 1)));
      g_byte_array_append (out, &byte, 1);
    }
}

static void
put_string (GByteArray *out, const char *text)
{
  gsize length = strlen (text);

  put_be (out, length, 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) length);
}

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize pos;
  gboolean failed;
} Cursor;

static guint64
get_be (Cursor *c, guint n_bytes)
{
  guint64 value = 0;

  if (c->failed || c->length - c->pos < n_bytes)
    {
      c->failed = TRUE;
      return 0;
    }
  for (guint i = 0; i < n_bytes; i++)
    value = (value << 8) | c->data[c->pos++];
  return value;
}

static const guint8 *
get_bytes (Cursor *c, gsize n_bytes)
{
  const guint8 *bytes;

  if (c->failed || c->length - c->pos < n_bytes)
    {
      c->failed = TRUE;
      return NULL;
    }
  bytes = c->data + c->pos;
  c->pos += n_bytes;
  return bytes;
}

static void
copy_bytes (Cursor *c, guint8 *out, gsize n_bytes)
{
  const guint8 *bytes = get_bytes (c, n_bytes);

  if (bytes != NULL)
    memcpy (out, bytes, n_bytes);
}

static char *
get_string (Cursor *c)
{
  gsize length = get_be (c, 2);
  const guint8 *bytes = get_bytes (c, length);

  if (bytes == NULL || !g_utf8_validate ((const char *) bytes, (gssize) length, NULL)
      || memchr (bytes, '\0', length) != NULL)
    {
      c->failed = TRUE;
      return NULL;
    }
  return g_strndup ((const char *) bytes, length);
}

typedef struct
{
  RbBundleInfo *info;
  guint8 salt[SALT_SIZE];
  guint8 check[CHECK_SIZE];
  guint8 stream_header[STREAM_HEADER_SIZE];
  gsize header_size;  /* everything before the first chunk: the additional data */
} Header;

static void
header_clear (Header *header)
{
  g_clear_pointer (&header->info, rb_bundle_info_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Header, header_clear)

static guint64
n_chunks_for (guint64 payload_length)
{
  /* An empty payload is still one (final) chunk. */
  return payload_length == 0 ? 1 : (payload_length + CHUNK_SIZE - 1) / CHUNK_SIZE;
}

static void
set_damaged (GError **error, const char *file_name, const char *detail)
{
  g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED,
               _("“%s” is a damaged Routeboek bundle (%s). Ask your colleague to export it "
                 "again."),
               file_name, detail);
}

/* Everything about the file that can be checked without the passphrase. */
static gboolean
parse_header (const guint8 *data, gsize length, const char *file_name, Header *header,
              GError **error)
{
  Cursor c = { data, length, 0, FALSE };
  g_autoptr(RbBundleInfo) info = g_new0 (RbBundleInfo, 1);
  guint64 header_length, kdf, chunk_size, expected;

  if (length == 0)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("“%s” is empty: it is not a Routeboek bundle"), file_name);
      return FALSE;
    }
  if (length < PREFIX_SIZE || memcmp (data, MAGIC, MAGIC_SIZE) != 0)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("“%s” is not a Routeboek bundle"), file_name);
      return FALSE;
    }
  c.pos = MAGIC_SIZE;
  info->version = (guint) get_be (&c, 2);
  if (info->version > RB_BUNDLE_FORMAT_VERSION)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NEWER_VERSION,
                   _("“%s” was exported by a newer version of Routeboek (bundle version %u, this "
                     "version reads up to %u). Update Routeboek to import it."),
                   file_name, info->version, RB_BUNDLE_FORMAT_VERSION);
      return FALSE;
    }
  header_length = get_be (&c, 4);
  if (info->version == 0 || header_length > MAX_HEADER_SIZE || length - c.pos < header_length)
    {
      set_damaged (error, file_name, _("its header is cut off or invalid"));
      return FALSE;
    }
  c.length = c.pos + header_length;

  kdf = get_be (&c, 1);
  info->opslimit = get_be (&c, 8);
  info->memlimit = get_be (&c, 8);
  copy_bytes (&c, header->salt, SALT_SIZE);
  copy_bytes (&c, header->check, CHECK_SIZE);
  copy_bytes (&c, header->stream_header, STREAM_HEADER_SIZE);
  info->payload_length = get_be (&c, 8);
  chunk_size = get_be (&c, 4);
  info->swv_uuid = get_string (&c);
  info->swv_name = get_string (&c);
  info->replica = get_string (&c);
  info->created_at = get_string (&c);
  if (c.failed || c.pos != c.length || kdf != KDF_ARGON2ID || chunk_size != CHUNK_SIZE
      || !g_uuid_string_is_valid (info->swv_uuid) || !g_uuid_string_is_valid (info->replica))
    {
      set_damaged (error, file_name, _("its header is invalid"));
      return FALSE;
    }
  /* Limits outside libsodium's range would fail later, or make a damaged file cost
   * gigabytes of memory before it is refused. */
  if (info->opslimit < crypto_pwhash_OPSLIMIT_MIN
      || info->opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE
      || info->memlimit < crypto_pwhash_MEMLIMIT_MIN
      || info->memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE)
    {
      set_damaged (error, file_name, _("its key parameters are out of range"));
      return FALSE;
    }
  if (info->payload_length > RB_BUNDLE_MAX_PAYLOAD)
    {
      g_autofree char *declared = g_format_size (info->payload_length);
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED,
                   _("“%s” declares %s of data, more than a Routeboek bundle can hold: the file "
                     "is damaged"),
                   file_name, declared);
      return FALSE;
    }
  expected = c.pos + info->payload_length + n_chunks_for (info->payload_length) * CHUNK_OVERHEAD;
  if (expected != length)
    {
      g_autofree char *declared = g_format_size (expected);
      g_autofree char *actual = g_format_size (length);
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED,
                   expected > length
                     ? _("“%s” is incomplete: it should be %s but is only %s. Copy it again "
                         "or ask your colleague to export it again.")
                     : _("“%s” is damaged: it should be %s but is %s"),
                   file_name, declared, actual);
      return FALSE;
    }
  header->header_size = c.pos;
  header->info = g_steal_pointer (&info);
  return TRUE;
}

static GByteArray *
build_header (const RbBundleInfo *info, const guint8 *salt, const guint8 *check,
              const guint8 *stream_header)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();

  put_be (body, KDF_ARGON2ID, 1);
  put_be (body, info->opslimit, 8);
  put_be (body, info->memlimit, 8);
  g_byte_array_append (body, salt, SALT_SIZE);
  g_byte_array_append (body, check, CHECK_SIZE);
  g_byte_array_append (body, stream_header, STREAM_HEADER_SIZE);
  put_be (body, info->payload_length, 8);
  put_be (body, CHUNK_SIZE, 4);
  put_string (body, info->swv_uuid);
  put_string (body, info->swv_name);
  put_string (body, info->replica);
  put_string (body, info->created_at);

  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_SIZE);
  put_be (out, RB_BUNDLE_FORMAT_VERSION, 2);
  put_be (out, body->len, 4);
  g_byte_array_append (out, body->data, body->len);
  return out;
}

/* ---- Keys ---- */

static gboolean
derive_key (const char *passphrase, const guint8 *salt, guint64 opslimit, guint64 memlimit,
            guint8 *key, guint8 *check, GError **error)
{
  if (crypto_pwhash (key, KEY_SIZE, passphrase, strlen (passphrase), salt, opslimit,
                     (size_t) memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO,
                   _("Not enough memory to derive the key from the passphrase"));
      return FALSE;
    }
  /* A keyed hash of a constant: tells a wrong passphrase from a damaged file. */
  crypto_generichash (check, CHECK_SIZE, (const guint8 *) KEY_CHECK_CONTEXT,
                      strlen (KEY_CHECK_CONTEXT), key, KEY_SIZE);
  return TRUE;
}

/* ---- Writing ---- */

static gboolean
write_all (int fd, const guint8 *data, gsize length)
{
  while (length > 0)
    {
      ssize_t written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      data += written;
      length -= (gsize) written;
    }
  return TRUE;
}

/* Encrypts @payload chunk by chunk straight into the file: the plaintext is never written. */
static gboolean
write_chunks (int fd, crypto_secretstream_xchacha20poly1305_state *state, const GByteArray *header,
              const guint8 *payload, gsize payload_length)
{
  g_autofree guint8 *cipher = g_malloc (CHUNK_OVERHEAD + CHUNK_SIZE);
  gsize offset = 0;

  for (;;)
    {
      gsize n = MIN (CHUNK_SIZE, payload_length - offset);
      gboolean last = offset + n == payload_length;
      unsigned long long cipher_length;

      crypto_secretstream_xchacha20poly1305_push (
        state, cipher + 4, &cipher_length, payload + offset, n, header->data, header->len,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
      for (guint i = 0; i < 4; i++)
        cipher[i] = (guint8) (cipher_length >> (24 - 8 * i));
      if (!write_all (fd, cipher, 4 + (gsize) cipher_length))
        return FALSE;
      offset += n;
      if (last)
        return TRUE;
    }
}

static gboolean
sync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/**
 * rb_bundle_write:
 * @path: the bundle file to write; an existing file is replaced
 * @info: the header to write; @info->payload_length is ignored (taken from @payload),
 *   @info->opslimit and @info->memlimit must lie within libsodium's range
 * @passphrase: the SWV's shared passphrase
 * @payload: the plaintext
 * @error: return location for an error
 *
 * Encrypts @payload under a key derived from @passphrase and writes the bundle
 * atomically: to a temporary file beside @path, flushed to disk, then renamed. An
 * interrupted export never leaves half a bundle under @path.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_bundle_write (const char         *path,
                 const RbBundleInfo *info,
                 const char         *passphrase,
                 GBytes             *payload,
                 GError            **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  RbBundleInfo header_info = *info;
  guint8 salt[SALT_SIZE], check[CHECK_SIZE], key[KEY_SIZE], stream_header[STREAM_HEADER_SIZE];
  g_autoptr(GByteArray) header = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *name = NULL;
  gsize payload_length;
  const guint8 *data = g_bytes_get_data (payload, &payload_length);
  gboolean ok;
  int fd, saved_errno;

  g_return_val_if_fail (path != NULL && info != NULL && passphrase != NULL, FALSE);

  if (!ensure_sodium (error))
    return FALSE;
  name = g_filename_display_basename (path);
  if (payload_length > RB_BUNDLE_MAX_PAYLOAD)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO,
                   _("The export is too large for one bundle"));
      return FALSE;
    }
  header_info.payload_length = payload_length;
  randombytes_buf (salt, sizeof salt);
  if (!derive_key (passphrase, salt, info->opslimit, info->memlimit, key, check, error))
    return FALSE;
  crypto_secretstream_xchacha20poly1305_init_push (&state, stream_header, key);
  sodium_memzero (key, sizeof key);
  header = build_header (&header_info, salt, check, stream_header);

  temp = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (temp, O_WRONLY, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      sodium_memzero (&state, sizeof state);
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO, _("Cannot write “%s”: %s"), name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  ok = write_all (fd, header->data, header->len)
       && write_chunks (fd, &state, header, data, payload_length)
       && fsync (fd) == 0;
  saved_errno = errno;
  sodium_memzero (&state, sizeof state);
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (ok && g_rename (temp, path) != 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      g_unlink (temp);
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO,
                   _("Could not write “%s”: %s. Nothing was exported."), name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* The rename itself must survive a power cut too. */
  sync_directory (path);
  return TRUE;
}

/* ---- Reading ---- */

static GBytes *
decrypt (const guint8 *data, const Header *header, const guint8 *key, const char *file_name,
         GError **error)
{
  crypto_secretstream_xchacha20poly1305_state state;
  guint64 total = header->info->payload_length;
  g_autofree guint8 *plain = g_malloc (total > 0 ? total : 1);
  gsize pos = header->header_size, offset = 0;
  guint64 n_chunks = n_chunks_for (total);

  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, header->stream_header, key) != 0)
    {
      set_damaged (error, file_name, _("its stream header is invalid"));
      return NULL;
    }
  for (guint64 i = 0; i < n_chunks; i++)
    {
      gsize n = (gsize) MIN ((guint64) CHUNK_SIZE, total - offset);
      guint64 cipher_length = ((guint64) data[pos] << 24) | ((guint64) data[pos + 1] << 16)
                              | ((guint64) data[pos + 2] << 8) | data[pos + 3];
      unsigned long long plain_length;
      unsigned char tag;

      /* The file size was checked against the chunk layout, so the data is there. */
      if (cipher_length != n + crypto_secretstream_xchacha20poly1305_ABYTES
          || crypto_secretstream_xchacha20poly1305_pull (
               &state, plain + offset, &plain_length, &tag, data + pos + 4, cipher_length,
               data, header->header_size) != 0
          || plain_length != n
          || (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) != (i + 1 == n_chunks))
        {
          sodium_memzero (&state, sizeof state);
          sodium_memzero (plain, offset);
          set_damaged (error, file_name, _("its contents do not match their checksum"));
          return NULL;
        }
      pos += 4 + cipher_length;
      offset += n;
    }
  sodium_memzero (&state, sizeof state);
  return g_bytes_new_take (g_steal_pointer (&plain), total);
}

static gboolean
check_swv (const Header *header, const char *swv_uuid, const char *file_name, GError **error)
{
  if (swv_uuid == NULL || g_strcmp0 (header->info->swv_uuid, swv_uuid) == 0)
    return TRUE;
  g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_WRONG_SWV,
               _("“%s” belongs to another samenwerkingsverband (“%s”), not to this one: it was "
                 "not imported"),
               file_name, header->info->swv_name);
  return FALSE;
}

/**
 * rb_bundle_open_data:
 * @data: the bytes of a bundle file
 * @length: their number
 * @file_name: the file's name for messages
 * @swv_uuid: (nullable): the SWV the bundle must belong to
 * @passphrase: the passphrase to try
 * @info: (out) (optional): the authenticated header
 * @error: return location for an error
 *
 * Checks and decrypts a whole bundle held in memory.
 *
 * Returns: (transfer full): the plaintext payload, or %NULL with @error set.
 */
GBytes *
rb_bundle_open_data (const guint8  *data,
                     gsize          length,
                     const char    *file_name,
                     const char    *swv_uuid,
                     const char    *passphrase,
                     RbBundleInfo **info,
                     GError       **error)
{
  g_auto(Header) header = { 0 };
  guint8 key[KEY_SIZE], check[CHECK_SIZE];
  GBytes *payload;

  g_return_val_if_fail (passphrase != NULL, NULL);

  if (!ensure_sodium (error) || !parse_header (data, length, file_name, &header, error)
      || !check_swv (&header, swv_uuid, file_name, error))
    return NULL;
  if (!derive_key (passphrase, header.salt, header.info->opslimit, header.info->memlimit, key,
                   check, error))
    return NULL;
  if (sodium_memcmp (check, header.check, CHECK_SIZE) != 0)
    {
      sodium_memzero (key, sizeof key);
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_PASSPHRASE,
                   _("The passphrase does not open “%s”. Check it with the colleague who "
                     "exported it."),
                   file_name);
      return NULL;
    }
  payload = decrypt (data, &header, key, file_name, error);
  sodium_memzero (key, sizeof key);
  if (payload != NULL && info != NULL)
    *info = g_steal_pointer (&header.info);
  return payload;
}

static GMappedFile *
map_file (const char *path, const char *file_name, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GMappedFile *file;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NOT_A_BUNDLE,
                   _("“%s” is not a file"), file_name);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO, _("Cannot read “%s”: %s"),
                 file_name, local_error->message);
  return file;
}

/**
 * rb_bundle_read_info:
 * @path: a bundle file
 * @error: return location for an error
 *
 * Reads the header without the passphrase, e.g. to show whose bundle it is before asking
 * for it. The header is not authenticated yet: trust it only after rb_bundle_read().
 *
 * Returns: (transfer full): the header, or %NULL with @error set.
 */
RbBundleInfo *
rb_bundle_read_info (const char *path, GError **error)
{
  g_autofree char *file_name = g_filename_display_basename (path);
  g_autoptr(GMappedFile) file = map_file (path, file_name, error);
  g_auto(Header) header = { 0 };

  if (file == NULL
      || !parse_header ((const guint8 *) g_mapped_file_get_contents (file),
                        g_mapped_file_get_length (file), file_name, &header, error))
    return NULL;
  return g_steal_pointer (&header.info);
}

/**
 * rb_bundle_read:
 * @path: a bundle file
 * @swv_uuid: (nullable): the SWV it must belong to
 * @passphrase: the passphrase to try
 * @info: (out) (optional): the authenticated header
 * @error: return location for an error
 *
 * Returns: (transfer full): the verified plaintext, or %NULL with @error set.
 */
GBytes *
rb_bundle_read (const char    *path,
                const char    *swv_uuid,
                const char    *passphrase,
                RbBundleInfo **info,
                GError       **error)
{
  g_autofree char *file_name = g_filename_display_basename (path);
  g_autoptr(GMappedFile) file = map_file (path, file_name, error);

  if (file == NULL)
    return NULL;
  return rb_bundle_open_data ((const guint8 *) g_mapped_file_get_contents (file),
                              g_mapped_file_get_length (file), file_name, swv_uuid, passphrase,
                              info, error);
}
