/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rb-error.h"
#include "rb-registry.h"
#include "rb-test-util.h"

/* The list of known database files: the app's recent list and the CLI's default. */

static void
touch (const char *path)
{
  g_assert_true (g_file_set_contents (path, "x", 1, NULL));
}

static void
test_missing_file_is_empty (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "sub", "databases.ini", NULL);
  g_autoptr(RbRegistry) registry = rb_registry_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (rb_registry_load (registry, &error));
  g_assert_no_error (error);
  entries = rb_registry_list (registry);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_null (rb_registry_dup_last (registry));
  rb_test_remove_dir (dir);
}

static void
test_remember_persists_and_orders (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "sub", "databases.ini", NULL);
  g_autofree char *po = g_build_filename (dir, "po.db", NULL);
  g_autofree char *vo = g_build_filename (dir, "vo.db", NULL);
  g_autoptr(RbRegistry) registry = rb_registry_new (file);
  g_autoptr(RbRegistry) again = rb_registry_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *last = NULL;
  RbRegistryEntry *first;

  touch (po);
  touch (vo);
  g_assert_true (rb_registry_load (registry, &error));
  g_assert_true (rb_registry_remember (registry, po, "SWV PO Drechtsteden", "u1", &error));
  g_assert_true (rb_registry_remember (registry, vo, "SWV VO 3006", "u2", &error));
  g_assert_no_error (error);

  g_assert_true (rb_registry_load (again, &error));
  entries = rb_registry_list (again);
  g_assert_cmpuint (entries->len, ==, 2);
  first = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (first->path, ==, vo);
  g_assert_cmpstr (first->swv_name, ==, "SWV VO 3006");
  last = rb_registry_dup_last (again);
  g_assert_cmpstr (last, ==, vo);

  /* Remembering the same file again moves it up, without a duplicate. */
  g_assert_true (rb_registry_remember (again, po, "SWV PO Drechtsteden", "u1", &error));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = rb_registry_list (again);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((RbRegistryEntry *) g_ptr_array_index (entries, 0))->path, ==, po);
  rb_test_remove_dir (dir);
}

static void
test_last_skips_vanished_files (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "databases.ini", NULL);
  g_autofree char *kept = g_build_filename (dir, "kept.db", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone.db", NULL);
  g_autoptr(RbRegistry) registry = rb_registry_new (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;

  touch (kept);
  touch (gone);
  g_assert_true (rb_registry_remember (registry, kept, "A", "u1", &error));
  g_assert_true (rb_registry_remember (registry, gone, "B", "u2", &error));
  g_unlink (gone);
  last = rb_registry_dup_last (registry);
  g_assert_cmpstr (last, ==, kept);

  g_assert_true (rb_registry_forget (registry, kept, &error));
  g_clear_pointer (&last, g_free);
  last = rb_registry_dup_last (registry);
  g_assert_null (last);
  rb_test_remove_dir (dir);
}

static void
test_unreadable_list_is_an_error (void)
{
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *file = g_build_filename (dir, "databases.ini", NULL);
  g_autoptr(RbRegistry) registry = rb_registry_new (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "this is [not a key file\n\x01\x02", -1, NULL));
  g_assert_false (rb_registry_load (registry, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_IO);
  rb_test_remove_dir (dir);
}

static void
test_data_dir_override (void)
{
  g_autoptr(RbRegistry) registry = NULL;
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *expected = g_build_filename (dir, "databases.ini", NULL);

  g_setenv ("ROUTEBOEK_DATA_DIR", dir, TRUE);
  registry = rb_registry_new_default ();
  g_assert_cmpstr (rb_registry_get_file (registry), ==, expected);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");
  rb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/registry/missing-file-is-empty", test_missing_file_is_empty);
  g_test_add_func ("/registry/remember-persists-and-orders", test_remember_persists_and_orders);
  g_test_add_func ("/registry/last-skips-vanished-files", test_last_skips_vanished_files);
  g_test_add_func ("/registry/unreadable-list-is-an-error", test_unreadable_list_is_an_error);
  g_test_add_func ("/registry/data-dir-override", test_data_dir_override);

  return g_test_run ();
}
