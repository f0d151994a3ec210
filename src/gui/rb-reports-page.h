/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"
#include "rb-report.h"

G_BEGIN_DECLS

#define RB_TYPE_REPORTS_PAGE (rb_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (RbReportsPage, rb_reports_page, RB, REPORTS_PAGE, AdwWindow)

RbReportsPage  *rb_reports_page_new         (GtkWindow     *parent,
                                             RbDatabase    *db);
gboolean        rb_reports_page_set_range   (RbReportsPage *self,
                                             const char    *from,
                                             const char    *to,
                                             GError       **error);
const RbReport *rb_reports_page_get_report  (RbReportsPage *self);

G_END_DECLS
