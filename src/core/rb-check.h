/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

GPtrArray *rb_check_database (RbDatabase  *db,
                              GError     **error);

G_END_DECLS
