/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

RbDatabase *rb_generator_create_database (const char  *path,
                                          guint64      seed,
                                          GDateTime   *today,
                                          GError     **error);
gboolean    rb_generator_fill            (RbDatabase  *db,
                                          guint        n_cases,
                                          guint64      seed,
                                          GError     **error);

G_END_DECLS
