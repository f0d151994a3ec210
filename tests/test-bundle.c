/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "rb-bundle.h"
#include "rb-fixture.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"

/*
 * The bundle file: a round trip, an atomic export, and every kind of bad input the issue
 * names, each refused with a sentence and leaving the database byte for byte as it was.
 */

#define PASSPHRASE "correct horse battery staple"
/* Where the header keeps the declared payload length: see docs/bundle-format.md. */
#define PAYLOAD_LENGTH_OFFSET 87
#define VERSION_OFFSET 8
#define KDF_LIMITS_OFFSET 15

typedef struct
{
  char *dir;
  gint64 clock;
  RbDatabase *source;   /* the colleague who exports */
  RbDatabase *target;   /* the database that imports */
  char *bundle;
  char *bad;            /* where the damaged copies go */
  RbSyncOptions options;
} Fixture;

static void
fill (RbDatabase *db)
{
  g_autoptr(RbRecord) school = rb_test_save_new (db, "schools", "name", "OBS De Wilgen", NULL);
  g_autoptr(RbRecord) pupil = rb_test_save_new (db, "pupils", "first_name", "Noor",
                                                "last_name", "El Amrani", "birth_date", "2014-03-02",
                                                "school_uuid", rb_record_get_uuid (school), "enrolled", "ja",
                                                NULL);
  g_autoptr(RbRecord) item = rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil),
                                               "status", "signalering", "opened_on", "2026-09-07",
                                               NULL);
  g_autoptr(RbRecord) entry = rb_test_save_new (db, "log_entries", "case_uuid",
                                                rb_record_get_uuid (item), "entry_date", "2026-09-08",
                                                "author", "Anouk", "action", "Gesprek met IB-er",
                                                "body", "Moeder belde; afspraak volgt.", NULL);
  g_autoptr(RbRecord) absence = rb_test_save_new (db, "absences", "pupil_uuid",
                                                  rb_record_get_uuid (pupil), "absence_date",
                                                  "2026-09-09", "kind", "SICK", "hours", "5", NULL);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;

  f->dir = rb_test_make_dir ();
  f->source = rb_test_new_database (f->dir, "source.db");
  rb_database_set_clock (f->source, rb_test_ticking_clock, &f->clock);
  fill (f->source);
  rb_test_quick_sync_options (&f->options);
  f->bundle = g_build_filename (f->dir, "source.routeboek", NULL);
  f->bad = g_build_filename (f->dir, "bad.routeboek", NULL);
  rb_sync_export (f->source, f->bundle, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);

  target = g_build_filename (f->dir, "target.db", NULL);
  f->target = rb_sync_import_new (target, f->bundle, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);
  rb_database_set_clock (f->target, rb_test_ticking_clock, &f->clock);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->source);
  g_clear_object (&f->target);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->bad);
}

static GBytes *
read_bundle (Fixture *f)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (f->bundle, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static void
write_bad (Fixture *f, const void *data, gsize length)
{
  FILE *file;

  /* Thousands of damaged copies are written: a new file each time, because truncating
   * one that has data makes ext4 flush it to disk. */
  g_unlink (f->bad);
  file = g_fopen (f->bad, "wb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (data, 1, length, file), ==, length);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* Imports the bad file and checks the refusal: the code, a sentence, nothing written. */
static void
assert_refused (Fixture *f, const char *passphrase, GQuark domain, int code)
{
  g_autofree char *before = rb_test_database_checksum (f->target);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rb_sync_import (f->target, f->bad, passphrase, NULL, NULL, &error));
  g_assert_nonnull (error);
  if (code >= 0)
    g_assert_error (error, domain, code);
  g_assert_cmpuint (strlen (error->message), >, 20);
  after = rb_test_database_checksum (f->target);
  g_assert_cmpstr (before, ==, after);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *source = rb_fixture_dump_to_data (f->source, NULL, NULL);
  g_autofree char *target = rb_fixture_dump_to_data (f->target, NULL, NULL);
  g_autoptr(RbBundleInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpstr (source, ==, target);
  info = rb_bundle_read_info (f->bundle, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->swv_uuid, ==, rb_database_get_swv_uuid (f->source));
  g_assert_cmpstr (info->swv_name, ==, "SWV Test");
  g_assert_cmpstr (info->replica, ==, rb_database_get_replica (f->source));
  g_assert_cmpuint (info->version, ==, RB_BUNDLE_FORMAT_VERSION);
  g_assert_cmpuint (info->opslimit, ==, crypto_pwhash_OPSLIMIT_MIN);
  /* Only the colleague who has the file may read it. */
  g_assert_cmpint (g_stat (f->bundle, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_no_plaintext (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);
  gsize length;
  const char *contents = g_bytes_get_data (bytes, &length);

  g_assert_null (g_strstr_len (contents, (gssize) length, "El Amrani"));
  g_assert_null (g_strstr_len (contents, (gssize) length, "Moeder belde"));
}

static void
test_export_atomic (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "x.routeboek", NULL);
  g_autofree char *before = rb_test_file_checksum (f->bundle);
  g_autofree char *after = NULL;
  const char *name;
  guint n_files = 0;

  /* Replacing an existing bundle leaves no temporary file behind. */
  rb_sync_export (f->source, f->bundle, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "source.routeboek."));
      n_files++;
    }
  g_assert_cmpuint (n_files, >, 0);
  /* A new salt and nonce every time. */
  after = rb_test_file_checksum (f->bundle);
  g_assert_cmpstr (before, !=, after);

  g_assert_false (rb_sync_export (f->source, missing, PASSPHRASE, &f->options, NULL, &error));
  g_assert_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_IO);
}

static void
test_wrong_passphrase (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);

  write_bad (f, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  assert_refused (f, "Correct horse battery staple", RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_PASSPHRASE);
  assert_refused (f, "", RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_PASSPHRASE);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);
  gsize length = g_bytes_get_size (bytes);
  const guint8 *contents = g_bytes_get_data (bytes, NULL);

  /* 20 cuts: inside the magic, the header, the first chunk, just before the end. */
  for (guint i = 0; i < 20; i++)
    {
      gsize cut = i == 19 ? length - 1 : 1 + (length - 2) * i / 19;

      write_bad (f, contents, cut);
      assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, -1);
    }
}

static void
test_flipped_bit (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);
  gsize length = g_bytes_get_size (bytes);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
  g_autofree char *before = rb_test_database_checksum (f->target);
  g_autofree char *after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  /* Every byte of the file, one random bit each. In the key-derivation limits only the
   * lowest bit: a high bit asks for up to 1 GiB of Argon2 memory (allowed), which is slow. */
  for (gsize i = 0; i < length; i++)
    {
      gboolean in_limits = i >= KDF_LIMITS_OFFSET && i < KDF_LIMITS_OFFSET + 16;
      guint8 bit = (guint8) (1u << (in_limits ? 0 : g_rand_int_range (rand, 0, 8)));
      g_autoptr(GError) error = NULL;

      copy[i] ^= bit;
      write_bad (f, copy, length);
      g_assert_false (rb_sync_import (f->target, f->bad, PASSPHRASE, NULL, NULL, &error));
      g_assert_error (error, RB_BUNDLE_ERROR, error->code);
      copy[i] ^= bit;
    }
  after = rb_test_database_checksum (f->target);
  g_assert_cmpstr (before, ==, after);
}

static void
test_other_swv (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) other = rb_test_new_database (f->dir, "other.db");
  g_autoptr(GError) error = NULL;

  rb_sync_export (other, f->bad, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_WRONG_SWV);
}

static void
test_newer_version (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;

  copy[VERSION_OFFSET + 1] = RB_BUNDLE_FORMAT_VERSION + 1;
  write_bad (f, copy, g_bytes_get_size (bytes));
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NEWER_VERSION);
  g_assert_null (rb_bundle_read_info (f->bad, &error));
  g_assert_nonnull (strstr (error->message, "newer version"));
}

static void
test_empty_and_random (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint8 noise[4096];

  write_bad (f, "", 0);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NOT_A_BUNDLE);
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int (rand);
  write_bad (f, noise, sizeof noise);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_NOT_A_BUNDLE);
  /* A random file that happens to start like a bundle. */
  memcpy (noise, "RTBKBNDL\0\1", 10);
  write_bad (f, noise, sizeof noise);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
}

static void
test_duplicate_uuids (Fixture *f, gconstpointer data)
{
  g_autoptr(RbRecord) school = rb_record_new (rb_schema_lookup_table ("schools"));
  g_autoptr(RbRecord) organisation = NULL;
  g_autoptr(GError) error = NULL;

  /* Two tables, one UUID: only a damaged or forged bundle can hold that. */
  rb_record_set_string (school, "name", "SBO De Brug");
  rb_store_save (f->source, school, &error);
  g_assert_no_error (error);
  organisation = rb_record_new_with_uuid (rb_schema_lookup_table ("organisations"),
                                          rb_record_get_uuid (school));
  rb_record_set_string (organisation, "name", "Jeugdteam");
  rb_record_set_stamps (organisation, rb_record_get_created_at (school),
                        rb_record_get_modified_at (school), rb_database_get_replica (f->source),
                        FALSE);
  rb_store_put (f->source, organisation, &error);
  g_assert_no_error (error);
  rb_sync_export (f->source, f->bad, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
}

static void
test_huge_declared_length (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = read_bundle (f);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  guint64 declared = G_GUINT64_CONSTANT (2) << 30;

  for (guint i = 0; i < 8; i++)
    copy[PAYLOAD_LENGTH_OFFSET + i] = (guint8) (declared >> (56 - 8 * i));
  write_bad (f, copy, g_bytes_get_size (bytes));
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
  /* Just under the limit: refused because the file is far too short for it. */
  declared = RB_BUNDLE_MAX_PAYLOAD - 1;
  for (guint i = 0; i < 8; i++)
    copy[PAYLOAD_LENGTH_OFFSET + i] = (guint8) (declared >> (56 - 8 * i));
  write_bad (f, copy, g_bytes_get_size (bytes));
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
}

static void
test_own_bundle (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  rb_sync_export (f->target, f->bad, PASSPHRASE, &f->options, NULL, &error);
  g_assert_no_error (error);
  assert_refused (f, PASSPHRASE, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_WRONG_SWV);
}

static void
test_payload_checks (void)
{
  static const guint8 garbage[] = { 1, 0, 0, 0, 0, 200, 1 };
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) bad = g_bytes_new_static (garbage, sizeof garbage);
  g_autoptr(GError) error = NULL;

  g_assert_false (rb_sync_check_payload (empty, &error));
  g_assert_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (rb_sync_check_payload (bad, &error));
  g_assert_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED);
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/bundle/round-trip", test_round_trip);
  ADD ("/bundle/no-plaintext", test_no_plaintext);
  ADD ("/bundle/export-atomic", test_export_atomic);
  ADD ("/bundle/bad/wrong-passphrase", test_wrong_passphrase);
  ADD ("/bundle/bad/truncated", test_truncated);
  ADD ("/bundle/bad/flipped-bit", test_flipped_bit);
  ADD ("/bundle/bad/other-swv", test_other_swv);
  ADD ("/bundle/bad/newer-version", test_newer_version);
  ADD ("/bundle/bad/empty-and-random", test_empty_and_random);
  ADD ("/bundle/bad/duplicate-uuids", test_duplicate_uuids);
  ADD ("/bundle/bad/huge-declared-length", test_huge_declared_length);
  ADD ("/bundle/bad/own-bundle", test_own_bundle);
  g_test_add_func ("/bundle/payload-checks", test_payload_checks);
  return g_test_run ();
}
