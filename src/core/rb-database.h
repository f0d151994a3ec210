/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define RB_TYPE_DATABASE (rb_database_get_type ())

G_DECLARE_FINAL_TYPE (RbDatabase, rb_database, RB, DATABASE, GObject)

/**
 * RbClockFunc:
 * @user_data: data given to rb_database_set_clock()
 *
 * Returns: (transfer full): the current moment, in UTC.
 */
typedef GDateTime *(*RbClockFunc) (gpointer user_data);

RbDatabase *rb_database_create          (const char  *path,
                                         const char  *swv_name,
                                         const char  *school_type,
                                         const char  *region,
                                         GError     **error);
RbDatabase *rb_database_create_full     (const char  *path,
                                         const char  *swv_uuid,
                                         const char  *swv_name,
                                         const char  *school_type,
                                         const char  *region,
                                         const char  *replica,
                                         gboolean     install_defaults,
                                         GError     **error);
RbDatabase *rb_database_open            (const char  *path,
                                         GError     **error);
void        rb_database_close           (RbDatabase  *self);
void        rb_database_remove_files    (const char  *path);
gboolean    rb_database_is_open         (RbDatabase  *self);

const char *rb_database_get_path        (RbDatabase  *self);
const char *rb_database_get_swv_uuid    (RbDatabase  *self);
const char *rb_database_get_swv_name    (RbDatabase  *self);
const char *rb_database_get_school_type (RbDatabase  *self);
const char *rb_database_get_region      (RbDatabase  *self);
const char *rb_database_get_replica     (RbDatabase  *self);
const char *rb_database_get_backup_path (RbDatabase  *self);
gboolean    rb_database_set_swv_name    (RbDatabase  *self,
                                         const char  *name,
                                         GError     **error);
gboolean    rb_database_set_region      (RbDatabase  *self,
                                         const char  *region,
                                         GError     **error);

void        rb_database_set_clock       (RbDatabase  *self,
                                         RbClockFunc  clock,
                                         gpointer     user_data);
char       *rb_database_dup_timestamp   (RbDatabase  *self);
void        rb_database_get_today       (RbDatabase  *self,
                                         GDate       *today);
char       *rb_database_dup_today       (RbDatabase  *self);
GDateTime  *rb_database_dup_now         (RbDatabase  *self);

gboolean    rb_database_begin           (RbDatabase  *self,
                                         GError     **error);
gboolean    rb_database_commit          (RbDatabase  *self,
                                         GError     **error);
void        rb_database_rollback        (RbDatabase  *self);

/* For the core's own modules: the one place that talks SQL to the file. */
sqlite3_stmt *rb_database_prepare       (RbDatabase  *self,
                                         const char  *sql,
                                         GError     **error);
gboolean      rb_database_exec          (RbDatabase  *self,
                                         const char  *sql,
                                         GError     **error);
gboolean      rb_database_step_done     (RbDatabase  *self,
                                         sqlite3_stmt *stmt,
                                         GError     **error);
void          rb_database_set_error     (RbDatabase  *self,
                                         int          rc,
                                         GError     **error);

G_END_DECLS
