/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-caseload.h"

G_BEGIN_DECLS

#define RB_TYPE_DASHBOARD (rb_dashboard_get_type ())

G_DECLARE_FINAL_TYPE (RbDashboard, rb_dashboard, RB, DASHBOARD, GtkWidget)

RbDashboard *rb_dashboard_new           (void);
void         rb_dashboard_set_caseload  (RbDashboard  *self,
                                         RbCaseload   *caseload);
RbCaseload  *rb_dashboard_get_caseload  (RbDashboard  *self);
gboolean     rb_dashboard_refresh_case  (RbDashboard  *self,
                                         const char   *case_uuid,
                                         GError      **error);
gboolean     rb_dashboard_refresh_all   (RbDashboard  *self,
                                         GError      **error);
void         rb_dashboard_focus_search  (RbDashboard  *self);
GListModel  *rb_dashboard_get_shown     (RbDashboard  *self);
guint        rb_dashboard_get_n_cases   (RbDashboard  *self);
gboolean     rb_dashboard_get_figures_pending (RbDashboard *self);

G_END_DECLS
