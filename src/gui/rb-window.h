/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-case-file.h"
#include "rb-dashboard.h"
#include "rb-database.h"
#include "rb-share-dialog.h"

G_BEGIN_DECLS

#define RB_TYPE_WINDOW (rb_window_get_type ())

G_DECLARE_FINAL_TYPE (RbWindow, rb_window, RB, WINDOW, AdwApplicationWindow)

RbWindow   *rb_window_new          (GtkApplication *application);
gboolean    rb_window_open         (RbWindow       *self,
                                    GFile          *file);
RbDatabase *rb_window_get_database (RbWindow       *self);
void        rb_window_set_database (RbWindow       *self,
                                    RbDatabase     *db);
void        rb_window_show_error   (RbWindow       *self,
                                    const GError   *error);
void        rb_window_add_toast    (RbWindow       *self,
                                    const char     *message);
RbWindow   *rb_window_find_for_file (GFile         *file);
RbDashboard *rb_window_get_dashboard (RbWindow     *self);
RbCaseFile *rb_window_get_case_file (RbWindow      *self);
gboolean    rb_window_show_case    (RbWindow       *self,
                                    const char     *case_uuid);
GdkTexture *rb_window_render       (RbWindow       *self);
gboolean    rb_window_save_png     (RbWindow       *self,
                                    const char     *path,
                                    GError        **error);
void        rb_window_reload       (RbWindow       *self);
RbShareDialog *rb_window_export    (RbWindow       *self,
                                    GFile          *file);
RbShareDialog *rb_window_import    (RbWindow       *self,
                                    GFile          *file);
GtkWindow  *rb_window_show_conflicts (RbWindow     *self);
GtkWindow  *rb_window_show_reports   (RbWindow     *self);

G_END_DECLS
