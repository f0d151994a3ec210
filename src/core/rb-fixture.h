/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rb-database.h"

G_BEGIN_DECLS

/* The "format" and "version" members of a fixture file; see docs/fixture-format.md. */
#define RB_FIXTURE_FORMAT "routeboek-fixture"
#define RB_FIXTURE_VERSION 1

gboolean    rb_fixture_dump         (RbDatabase    *db,
                                     GOutputStream *out,
                                     GError       **error);
char       *rb_fixture_dump_to_data (RbDatabase    *db,
                                     gsize         *length,
                                     GError       **error);
RbDatabase *rb_fixture_load         (const char    *json_path,
                                     const char    *db_path,
                                     GError       **error);

G_END_DECLS
