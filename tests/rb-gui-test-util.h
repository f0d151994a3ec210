/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"
#include "rb-record.h"
#include "rb-window.h"

G_BEGIN_DECLS

void        rb_gui_test_init           (int          *argc,
                                        char       ***argv);
void        rb_gui_test_use_dutch      (void);
guint       rb_gui_test_count_colours  (GdkTexture   *texture);
void        rb_gui_test_wait_until     (gboolean    (*condition) (gpointer data),
                                        gpointer      data);
void        rb_gui_test_wait_for_frame (GtkWidget    *widget);
void        rb_gui_test_wait_for_n_items (GListModel *model,
                                          guint       n_items);
void        rb_gui_test_run_for        (guint         milliseconds);
GtkWidget  *rb_gui_test_find           (GtkWidget    *root,
                                        GType         type,
                                        gboolean      mapped_only);
GtkWidget  *rb_gui_test_find_named     (GtkWidget    *root,
                                        const char   *name);
GtkWidget  *rb_gui_test_find_row       (GtkWidget    *root,
                                        const char   *title);
GtkWidget  *rb_gui_test_find_button    (GtkWidget    *root,
                                        const char   *label);
void        rb_gui_test_collect_labels (GtkWidget    *root,
                                        GPtrArray    *texts);
gboolean    rb_gui_test_shows_label    (GtkWidget    *root,
                                        const char   *text);
void        rb_gui_test_type           (GtkWidget    *editable,
                                        const char   *text);
void        rb_gui_test_replace_text   (GtkWidget    *editable,
                                        const char   *text);
void        rb_gui_test_press_enter    (GtkWidget    *entry_row);
gboolean    rb_gui_test_press_key      (GtkWidget    *widget,
                                        guint         keyval);
void        rb_gui_test_click          (GtkWidget    *button);
void        rb_gui_test_activate_row   (RbWindow     *window,
                                        guint         position);
GPtrArray  *rb_gui_test_list           (RbWindow     *window,
                                        const char   *table,
                                        const char   *column,
                                        const char   *value);
GtkWindow  *rb_gui_test_find_toplevel  (GType         type);
GtkWindow  *rb_gui_test_open_dialog    (RbWindow     *window,
                                        const char   *action,
                                        GType         type);
void        rb_gui_test_destroy_all    (RbWindow     *window);
void        rb_gui_test_save_as        (const char   *path);
RbWindow   *rb_gui_test_show_window    (const char   *path);
RbWindow   *rb_gui_test_show_fixture   (const char   *dir,
                                        const char   *fixture);
void        rb_gui_test_destroy_window (RbWindow     *window);
RbRecord   *rb_gui_test_save_case      (RbDatabase   *db,
                                        RbRecord     *school,
                                        const char   *first_name,
                                        const char   *last_name,
                                        const char   *status,
                                        const char   *regisseur);
char       *rb_gui_test_make_swv       (const char   *dir,
                                        const char   *file_name,
                                        const char   *swv_name,
                                        guint         n_cases);

G_END_DECLS
