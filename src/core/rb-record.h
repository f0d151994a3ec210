/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rb-schema.h"

G_BEGIN_DECLS

#define RB_TYPE_RECORD (rb_record_get_type ())

G_DECLARE_FINAL_TYPE (RbRecord, rb_record, RB, RECORD, GObject)

RbRecord      *rb_record_new            (const RbTable *table);
RbRecord      *rb_record_new_with_uuid  (const RbTable *table,
                                         const char    *uuid);
RbRecord      *rb_record_copy           (RbRecord      *record);
const RbTable *rb_record_get_table      (RbRecord      *record);
const char    *rb_record_get_uuid       (RbRecord      *record);
const char    *rb_record_get_created_at (RbRecord      *record);
const char    *rb_record_get_modified_at (RbRecord     *record);
const char    *rb_record_get_replica    (RbRecord      *record);
gboolean       rb_record_get_deleted    (RbRecord      *record);
void           rb_record_set_stamps     (RbRecord      *record,
                                         const char    *created_at,
                                         const char    *modified_at,
                                         const char    *replica,
                                         gboolean       deleted);

gboolean       rb_record_is_set         (RbRecord      *record,
                                         const char    *column);
const char    *rb_record_get_string     (RbRecord      *record,
                                         const char    *column);
gint64         rb_record_get_int        (RbRecord      *record,
                                         const char    *column);
double         rb_record_get_double     (RbRecord      *record,
                                         const char    *column);
gboolean       rb_record_get_boolean    (RbRecord      *record,
                                         const char    *column);
void           rb_record_set_string     (RbRecord      *record,
                                         const char    *column,
                                         const char    *value);
void           rb_record_set_int        (RbRecord      *record,
                                         const char    *column,
                                         gint64         value);
void           rb_record_set_double     (RbRecord      *record,
                                         const char    *column,
                                         double         value);
void           rb_record_set_boolean    (RbRecord      *record,
                                         const char    *column,
                                         gboolean       value);
void           rb_record_unset          (RbRecord      *record,
                                         const char    *column);

gboolean       rb_record_set_text       (RbRecord      *record,
                                         const char    *column,
                                         const char    *text,
                                         GError       **error);
char          *rb_record_dup_text       (RbRecord      *record,
                                         const char    *column);
gboolean       rb_record_validate       (RbRecord      *record,
                                         GError       **error);
gboolean       rb_record_equal_values   (RbRecord      *a,
                                         RbRecord      *b);

G_END_DECLS
