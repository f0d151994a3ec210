/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-dashboard.h"

G_BEGIN_DECLS

GtkListItemFactory *rb_route_column_new_factory (RbDashboard *dashboard);
GtkSorter          *rb_route_column_new_sorter  (RbDashboard *dashboard);
char               *rb_route_column_dup_text    (RbDashboard *dashboard,
                                                 const char  *case_uuid);
void                rb_route_column_forget      (RbDashboard *dashboard,
                                                 const char  *case_uuid);

G_END_DECLS
