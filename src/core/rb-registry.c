/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-registry"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rb-error.h"
#include "rb-registry.h"

/**
 * RbRegistry:
 *
 * The database files this user has opened, most recent first: the recent list of the
 * app and the default database of the command-line tool. Kept in a key file in the
 * user's data folder; it holds paths and SWV names only, never case data.
 */

struct _RbRegistry
{
  GObject parent_instance;

  char *file;
  GKeyFile *keys;
};

G_DEFINE_FINAL_TYPE (RbRegistry, rb_registry, G_TYPE_OBJECT)

void
rb_registry_entry_free (RbRegistryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->path);
  g_free (entry->swv_name);
  g_free (entry->swv_uuid);
  g_free (entry);
}

static void
rb_registry_finalize (GObject *object)
{
  RbRegistry *self = RB_REGISTRY (object);

  g_free (self->file);
  g_key_file_unref (self->keys);

  G_OBJECT_CLASS (rb_registry_parent_class)->finalize (object);
}

static void
rb_registry_class_init (RbRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_registry_finalize;
}

static void
rb_registry_init (RbRegistry *self)
{
  self->keys = g_key_file_new ();
}

/**
 * rb_registry_dup_data_dir:
 *
 * Returns: (transfer full): the folder for Routeboek's own files; `ROUTEBOEK_DATA_DIR`
 *   overrides the user's data folder (tests, portable use).
 */
char *
rb_registry_dup_data_dir (void)
{
  const char *override = g_getenv ("ROUTEBOEK_DATA_DIR");

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  return g_build_filename (g_get_user_data_dir (), "routeboek", NULL);
}

RbRegistry *
rb_registry_new (const char *file)
{
  RbRegistry *self = g_object_new (RB_TYPE_REGISTRY, NULL);

  self->file = g_strdup (file);
  return self;
}

/**
 * rb_registry_new_default:
 *
 * Returns: (transfer full): the registry in the user's data folder, not yet loaded.
 */
RbRegistry *
rb_registry_new_default (void)
{
  g_autofree char *dir = rb_registry_dup_data_dir ();
  g_autofree char *file = g_build_filename (dir, "databases.ini", NULL);

  return rb_registry_new (file);
}

const char *
rb_registry_get_file (RbRegistry *self)
{
  g_return_val_if_fail (RB_IS_REGISTRY (self), NULL);
  return self->file;
}

/**
 * rb_registry_load:
 * @self: a registry
 * @error: return location for an error
 *
 * Reads the list. A missing file is an empty list; an unreadable one is an error.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_registry_load (RbRegistry *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  g_return_val_if_fail (RB_IS_REGISTRY (self), FALSE);

  if (!g_key_file_load_from_file (keys, self->file, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, RB_ERROR, RB_ERROR_IO,
                   _("The list of recent databases (%s) cannot be read: %s"), self->file,
                   local_error->message);
      return FALSE;
    }
  g_key_file_unref (self->keys);
  self->keys = g_steal_pointer (&keys);
  return TRUE;
}

static gboolean
save (RbRegistry *self, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (self->file);
  g_autofree char *data = g_key_file_to_data (self->keys, NULL, NULL);
  g_autoptr(GError) local_error = NULL;

  /* g_file_set_contents writes a temporary file and renames it: never half a list. */
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (self->file, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                    &local_error))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO,
                   _("The list of recent databases (%s) cannot be saved: %s"), self->file,
                   local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_registry_remember:
 * @self: a loaded registry
 * @path: a database file that was just opened
 * @swv_name: its SWV's name
 * @swv_uuid: its SWV's identity
 * @error: return location for an error
 *
 * Puts @path at the top of the list and saves the list.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_registry_remember (RbRegistry  *self,
                      const char  *path,
                      const char  *swv_name,
                      const char  *swv_uuid,
                      GError     **error)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (RB_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  g_key_file_set_string (self->keys, absolute, "name", swv_name ? swv_name : "");
  g_key_file_set_string (self->keys, absolute, "uuid", swv_uuid ? swv_uuid : "");
  g_key_file_set_int64 (self->keys, absolute, "last-opened", g_get_real_time ());
  return save (self, error);
}

gboolean
rb_registry_forget (RbRegistry *self, const char *path, GError **error)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (RB_IS_REGISTRY (self), FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  if (!g_key_file_remove_group (self->keys, absolute, NULL))
    return TRUE;
  return save (self, error);
}

static int
compare_recent_first (gconstpointer a, gconstpointer b)
{
  const RbRegistryEntry *ea = *(RbRegistryEntry **) a;
  const RbRegistryEntry *eb = *(RbRegistryEntry **) b;

  if (ea->last_opened != eb->last_opened)
    return ea->last_opened > eb->last_opened ? -1 : 1;
  return g_strcmp0 (ea->path, eb->path);
}

/**
 * rb_registry_list:
 * @self: a loaded registry
 *
 * Returns: (transfer full) (element-type RbRegistryEntry): the known files, most
 *   recently opened first.
 */
GPtrArray *
rb_registry_list (RbRegistry *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_registry_entry_free);
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (RB_IS_REGISTRY (self), entries);

  groups = g_key_file_get_groups (self->keys, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      RbRegistryEntry *entry = g_new0 (RbRegistryEntry, 1);

      entry->path = g_strdup (groups[i]);
      entry->swv_name = g_key_file_get_string (self->keys, groups[i], "name", NULL);
      entry->swv_uuid = g_key_file_get_string (self->keys, groups[i], "uuid", NULL);
      entry->last_opened = g_key_file_get_int64 (self->keys, groups[i], "last-opened", NULL);
      g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_recent_first);
  return entries;
}

/**
 * rb_registry_dup_last:
 * @self: a loaded registry
 *
 * Returns: (transfer full) (nullable): the most recently opened file that still exists.
 */
char *
rb_registry_dup_last (RbRegistry *self)
{
  g_autoptr(GPtrArray) entries = rb_registry_list (self);

  for (guint i = 0; i < entries->len; i++)
    {
      RbRegistryEntry *entry = g_ptr_array_index (entries, i);
      if (g_file_test (entry->path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (entry->path);
    }
  return NULL;
}
