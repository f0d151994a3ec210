/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RB_TYPE_REGISTRY (rb_registry_get_type ())

G_DECLARE_FINAL_TYPE (RbRegistry, rb_registry, RB, REGISTRY, GObject)

/**
 * RbRegistryEntry:
 * @path: the database file
 * @swv_name: the SWV it holds, as last seen
 * @swv_uuid: its identity
 * @last_opened: when it was last opened (microseconds since the epoch)
 */
typedef struct
{
  char *path;
  char *swv_name;
  char *swv_uuid;
  gint64 last_opened;
} RbRegistryEntry;

void             rb_registry_entry_free   (RbRegistryEntry *entry);

RbRegistry      *rb_registry_new          (const char  *file);
RbRegistry      *rb_registry_new_default  (void);
const char      *rb_registry_get_file     (RbRegistry  *self);
gboolean         rb_registry_load         (RbRegistry  *self,
                                           GError     **error);
gboolean         rb_registry_remember     (RbRegistry  *self,
                                           const char  *path,
                                           const char  *swv_name,
                                           const char  *swv_uuid,
                                           GError     **error);
gboolean         rb_registry_forget       (RbRegistry  *self,
                                           const char  *path,
                                           GError     **error);
GPtrArray       *rb_registry_list         (RbRegistry  *self);
char            *rb_registry_dup_last     (RbRegistry  *self);

char            *rb_registry_dup_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbRegistryEntry, rb_registry_entry_free)

G_END_DECLS
