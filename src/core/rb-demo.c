/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "rb-demo.h"
#include "rb-error.h"
#include "rb-generator.h"
#include "rb-registry.h"

/**
 * rb_demo_dup_path:
 *
 * Returns: (transfer full): where the demo SWV database lives, in Routeboek's data folder.
 */
char *
rb_demo_dup_path (void)
{
  g_autofree char *dir = rb_registry_dup_data_dir ();

  return g_build_filename (dir, "demo-swv.db", NULL);
}

/**
 * rb_demo_ensure_database:
 * @error: return location for an error
 *
 * Creates the demo SWV database on first use, so that a new user sees a working caseload
 * without setting anything up. An existing demo database is left as it is: the user may
 * have changed it.
 *
 * Returns: (transfer full): the path of the demo database, or %NULL with @error set.
 */
char *
rb_demo_ensure_database (GError **error)
{
  g_autofree char *path = rb_demo_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(RbDatabase) db = NULL;
  int saved_errno;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not create the folder %s: %s"), dir,
                   g_strerror (saved_errno));
      return NULL;
    }
  db = rb_generator_create_database (path, RB_DEMO_SEED, NULL, error);
  if (db == NULL)
    return NULL;
  if (!rb_generator_fill (db, RB_DEMO_CASES, RB_DEMO_SEED, error))
    {
      /* A half-made demo would be opened next time as if it were complete. */
      rb_database_close (db);
      rb_database_remove_files (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}
