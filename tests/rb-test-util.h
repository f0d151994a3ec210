/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"
#include "rb-record.h"
#include "rb-sync.h"

G_BEGIN_DECLS

char       *rb_test_make_dir        (void);
void        rb_test_remove_dir      (const char *dir);
RbDatabase *rb_test_new_database    (const char *dir,
                                     const char *name);
GDateTime  *rb_test_fixed_clock     (gpointer    user_data);
RbDatabase *rb_test_generate_swv    (const char *dir,
                                     const char *name,
                                     guint       n_cases,
                                     guint       seed);
char       *rb_test_file_checksum   (const char *path);
char       *rb_test_build_path      (const char *first,
                                     ...) G_GNUC_NULL_TERMINATED;
char       *rb_test_fixture_path    (const char *name);
GDateTime  *rb_test_ticking_clock   (gpointer    user_data);
char       *rb_test_database_checksum (RbDatabase *db);
RbRecord   *rb_test_get             (RbDatabase *db,
                                     const char *table,
                                     const char *uuid);
void        rb_test_set_text        (RbDatabase *db,
                                     const char *table,
                                     const char *uuid,
                                     const char *column,
                                     const char *value);
RbRecord   *rb_test_save_new        (RbDatabase *db,
                                     const char *table,
                                     ...) G_GNUC_NULL_TERMINATED;
char       *rb_test_run_tool        (const char *const *argv,
                                     int               *status);
void        rb_test_quick_sync_options (RbSyncOptions *options);
RbDatabase *rb_test_join_colleague  (RbDatabase          *from,
                                     const char          *dir,
                                     const char          *passphrase,
                                     const RbSyncOptions *options,
                                     gint64              *clock);

G_END_DECLS
