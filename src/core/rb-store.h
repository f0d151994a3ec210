/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"
#include "rb-record.h"

G_BEGIN_DECLS

gboolean   rb_store_save        (RbDatabase    *db,
                                 RbRecord      *record,
                                 GError       **error);
gboolean   rb_store_save_all    (RbDatabase    *db,
                                 GPtrArray     *records,
                                 GError       **error);
gboolean   rb_store_put         (RbDatabase    *db,
                                 RbRecord      *record,
                                 GError       **error);
gboolean   rb_store_delete      (RbDatabase    *db,
                                 RbRecord      *record,
                                 GError       **error);
RbRecord  *rb_store_get         (RbDatabase    *db,
                                 const RbTable *table,
                                 const char    *uuid,
                                 GError       **error);
RbRecord  *rb_store_find        (RbDatabase    *db,
                                 const RbTable *table,
                                 const char    *uuid_or_prefix,
                                 GError       **error);
GPtrArray *rb_store_list        (RbDatabase    *db,
                                 const RbTable *table,
                                 const char    *column,
                                 const char    *value,
                                 GError       **error);
GPtrArray *rb_store_list_all    (RbDatabase    *db,
                                 const RbTable *table,
                                 GError       **error);
GHashTable *rb_store_index_by_uuid (RbDatabase *db,
                                 const char    *table,
                                 GError       **error);
gint64     rb_store_count       (RbDatabase    *db,
                                 const RbTable *table,
                                 GError       **error);
gboolean   rb_store_change_status (RbDatabase  *db,
                                 RbRecord      *case_record,
                                 const char    *status,
                                 const char    *date,
                                 const char    *changed_by,
                                 const char    *note,
                                 GError       **error);

G_END_DECLS
