/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_PREFERENCES (rb_preferences_get_type ())

G_DECLARE_FINAL_TYPE (RbPreferences, rb_preferences, RB, PREFERENCES, AdwPreferencesWindow)

RbPreferences *rb_preferences_new   (GtkWindow     *parent,
                                     RbDatabase    *db);
gboolean       rb_preferences_flush (RbPreferences *self);

G_END_DECLS
