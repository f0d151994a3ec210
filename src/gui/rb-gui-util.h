/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

char      *rb_gui_parse_date    (const char  *text,
                                 GError     **error);
char      *rb_gui_format_date   (const char  *iso);
void       rb_gui_toast         (GtkWidget   *widget,
                                 const char  *message);
GtkWidget *rb_gui_entry_row     (const char  *title,
                                 const char  *text);
void       rb_gui_clear_box     (GtkWidget   *box);
GdkTexture *rb_gui_render_widget (GtkWidget  *widget);
GtkFileChooserNative *rb_gui_file_chooser_new (GtkWidget           *widget,
                                               const char          *title,
                                               GtkFileChooserAction action,
                                               const char          *accept,
                                               const char          *filter_name,
                                               const char          *pattern,
                                               GCallback            response,
                                               gpointer             user_data);
char      *rb_gui_file_chooser_get_path (GtkNativeDialog *chooser,
                                         int              response);
void       rb_gui_file_chooser_destroy (GtkFileChooserNative **chooser,
                                        gpointer               user_data);
const char *rb_gui_meeting_kind_label (const char *kind);
GSettings  *rb_gui_settings_new  (void);
void       rb_gui_label_rows_by_text (GtkWidget *widget);
void       rb_gui_label_drop_down_button (GtkDropDown *drop_down);
void       rb_gui_cell_enable_tooltip (GtkWidget  *widget);
void       rb_gui_cell_set_tooltip   (GtkWidget  *widget,
                                      const char *text);
GtkWidget *rb_gui_icon_button_new    (const char *icon,
                                      const char *tooltip,
                                      const char *action,
                                      const char *target);
void       rb_gui_label_icon_buttons (GtkWidget  *widget);
void       rb_gui_name_mnemonic_buttons (void);

G_END_DECLS
