/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_RETENTION_PAGE (rb_retention_page_get_type ())

G_DECLARE_FINAL_TYPE (RbRetentionPage, rb_retention_page, RB, RETENTION_PAGE, AdwPreferencesPage)

RbRetentionPage *rb_retention_page_new    (RbDatabase      *db);
gboolean         rb_retention_page_reload (RbRetentionPage *self,
                                           GError         **error);

G_END_DECLS
