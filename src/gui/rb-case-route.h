/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"

G_BEGIN_DECLS

#define RB_TYPE_CASE_ROUTE (rb_case_route_get_type ())
G_DECLARE_FINAL_TYPE (RbCaseRoute, rb_case_route, RB, CASE_ROUTE, GtkWidget)

GtkWidget  *rb_case_route_new         (void);
gboolean    rb_case_route_load        (RbCaseRoute *self,
                                       RbDatabase  *db,
                                       const char  *case_uuid,
                                       GError     **error);
const char *rb_case_route_get_next    (RbCaseRoute *self);

G_END_DECLS
