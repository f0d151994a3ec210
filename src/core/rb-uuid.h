/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rb_uuid_derive (const char *namespace_uuid,
                      const char *name);

G_END_DECLS
