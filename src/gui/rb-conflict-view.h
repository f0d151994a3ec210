/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_CONFLICT_VIEW (rb_conflict_view_get_type ())

G_DECLARE_FINAL_TYPE (RbConflictView, rb_conflict_view, RB, CONFLICT_VIEW, AdwBin)

RbConflictView *rb_conflict_view_new             (RbDatabase     *db);
gboolean        rb_conflict_view_reload          (RbConflictView *self,
                                                  GError        **error);
guint           rb_conflict_view_get_n_conflicts (RbConflictView *self);

G_END_DECLS
