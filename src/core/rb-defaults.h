/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

gboolean rb_defaults_install  (RbDatabase *db,
                               GError    **error);
void     rb_defaults_easter   (guint       year,
                               GDate      *easter_sunday);

G_END_DECLS
