/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_ROUTE_EDITOR (rb_route_editor_get_type ())
G_DECLARE_FINAL_TYPE (RbRouteEditor, rb_route_editor, RB, ROUTE_EDITOR, AdwPreferencesPage)

GtkWidget  *rb_route_editor_new          (RbDatabase    *db);
gboolean    rb_route_editor_select       (RbRouteEditor *self,
                                          const char    *code);
void        rb_route_editor_add_step     (RbRouteEditor *self);
void        rb_route_editor_move_step    (RbRouteEditor *self,
                                          const char    *step_id,
                                          int            offset);
void        rb_route_editor_remove_step  (RbRouteEditor *self,
                                          const char    *step_id);
gboolean    rb_route_editor_set_field    (RbRouteEditor *self,
                                          const char    *step_id,
                                          const char    *field,
                                          const char    *text);
gboolean    rb_route_editor_save         (RbRouteEditor *self,
                                          GError       **error);
gboolean    rb_route_editor_import       (RbRouteEditor *self,
                                          GFile         *file,
                                          GError       **error);
gboolean    rb_route_editor_export       (RbRouteEditor *self,
                                          GFile         *file,
                                          GError       **error);
GStrv       rb_route_editor_list_steps   (RbRouteEditor *self);

G_END_DECLS
