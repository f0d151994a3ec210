/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>

#include "rb-bundle.h"
#include "rb-sync.h"

/*
 * Fuzz target for the bundle reader (tests/fuzz/README.md). The first byte chooses what
 * the rest is: 'P' a decrypted payload (the record decoder), anything else a whole bundle
 * file (header checks, key derivation, decryption) opened with the passphrase "fuzz".
 * Built with clang -fsanitize=fuzzer it is a libFuzzer target; built without, main()
 * below replays the files given on the command line, so the suite runs the corpus.
 */

#define FUZZ_PASSPHRASE "fuzz"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;

  if (size > 0 && data[0] == 'P')
    {
      GBytes *payload = g_bytes_new_static (data + 1, size - 1);

      rb_sync_check_payload (payload, &error);
      g_bytes_unref (payload);
    }
  else
    {
      RbBundleInfo *info = NULL;
      GBytes *payload = rb_bundle_open_data (data, size, "fuzz", NULL, FUZZ_PASSPHRASE, &info,
                                             &error);

      /* A bundle that opens goes on to the payload checks, as an import would. */
      if (payload != NULL)
        {
          rb_sync_check_payload (payload, error == NULL ? &error : NULL);
          g_bytes_unref (payload);
        }
      rb_bundle_info_free (info);
    }
  g_clear_error (&error);
  return 0;
}

#ifndef RB_FUZZ_LIBFUZZER
static int
replay (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return 1;
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 0;
}

int
main (int argc, char **argv)
{
  guint n_files = 0;

  /* Arguments are files or folders of files, as libFuzzer takes them. */
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          if (replay (argv[i]) != 0)
            return 1;
          n_files++;
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          if (replay (path) != 0)
            return 1;
          n_files++;
        }
    }
  g_print ("1..1\nok 1 replayed %u inputs without a crash\n", n_files);
  return n_files > 0 ? 0 : 1;
}
#endif
