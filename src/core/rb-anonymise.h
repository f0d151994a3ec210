/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

/**
 * RbAnonymiseFlags:
 * @RB_ANONYMISE_FREE_TEXT: also write the route and outcome texts, which may name people
 *
 * What an anonymised export may contain besides initials, birth year and school type.
 */
typedef enum
{
  RB_ANONYMISE_FREE_TEXT = 1 << 0,
} RbAnonymiseFlags;

char    *rb_anonymise_initials   (const char       *first_name,
                                  const char       *last_name);
gboolean rb_anonymise_export_csv (RbDatabase       *db,
                                  const char       *path,
                                  RbAnonymiseFlags  flags,
                                  guint            *n_cases,
                                  GError          **error);

G_END_DECLS
