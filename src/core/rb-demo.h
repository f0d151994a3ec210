/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RB_DEMO_CASES 40
#define RB_DEMO_SEED 2026

char *rb_demo_dup_path       (void);
char *rb_demo_ensure_database (GError **error);

G_END_DECLS
