/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-new-database-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rb-error.h"
#include "rb-gui-util.h"
#include "rb-new-database-dialog.h"
#include "rb-registry.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-util.h"

/**
 * RbNewDatabaseDialog:
 *
 * Starts the database of a new samenwerkingsverband: its name, PO or VO, the holiday
 * region and its first schools. The file goes into the data folder, named after the SWV.
 */

struct _RbNewDatabaseDialog
{
  AdwWindow parent_instance;

  GtkWidget *name;
  GtkWidget *school_type;
  GtkWidget *region;
  GtkWidget *schools;
  GtkWidget *message;
};

G_DEFINE_FINAL_TYPE (RbNewDatabaseDialog, rb_new_database_dialog, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
free_path_for (const char *name)
{
  g_autofree char *dir = rb_registry_dup_data_dir ();
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *slug = g_ascii_strdown (g_strcanon (ascii, "abcdefghijklmnopqrstuvwxyz"
                                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                                      '-'), -1);

  g_mkdir_with_parents (dir, 0700);
  for (guint i = 1;; i++)
    {
      g_autofree char *file = i == 1 ? g_strdup_printf ("%s.db", slug)
                                     : g_strdup_printf ("%s-%u.db", slug, i);
      char *path = g_build_filename (dir, file, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

static void
on_create_clicked_cb (RbNewDatabaseDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rb_new_database_dialog_create (self, &error);

  if (path == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->message), error->message);
      gtk_widget_set_visible (self->message, TRUE);
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
combo (const char *title, const char *const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

static void
rb_new_database_dialog_class_init (RbNewDatabaseDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * RbNewDatabaseDialog::created:
   * @dialog: the dialog
   * @path: the new database file, closed
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rb_new_database_dialog_init (RbNewDatabaseDialog *self)
{
  const char *regions[] = { rb_region_label ("noord"), rb_region_label ("midden"),
                            rb_region_label ("zuid"), NULL };
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *create = gtk_button_new_with_mnemonic (_("C_reate"));

  self->name = rb_gui_entry_row (_("Name of the samenwerkingsverband"), "");
  self->school_type = combo (_("Schools"), rb_school_types);
  self->region = combo (_("Holiday region"), regions);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->region), 1);
  self->schools = rb_gui_entry_row (_("First schools, separated by semicolons"), "");
  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_widget_add_css_class (self->message, "error");
  gtk_widget_set_visible (self->message, FALSE);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each SWV has its own database file; cases of different "
                                           "SWVs are never mixed. Signal criteria and school "
                                           "holidays are filled in from the shipped defaults."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->school_type);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->region);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->schools);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->message);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  gtk_widget_add_css_class (create, "suggested-action");
  g_signal_connect_object (create, "clicked", G_CALLBACK (on_create_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), create);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("New SWV Database"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

RbNewDatabaseDialog *
rb_new_database_dialog_new (GtkWindow *parent)
{
  return g_object_new (RB_TYPE_NEW_DATABASE_DIALOG, "transient-for", parent, "modal", TRUE,
                       "default-width", 520, "default-height", 480,
                       "title", _("New SWV Database"), NULL);
}

/**
 * rb_new_database_dialog_create:
 * @self: a dialog whose fields are filled in
 * @error: return location for an error
 *
 * Returns: (transfer full): the path of the new (closed) database, or %NULL.
 */
char *
rb_new_database_dialog_create (RbNewDatabaseDialog *self, GError **error)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name));
  const char *type = rb_school_types[adw_combo_row_get_selected (ADW_COMBO_ROW (self->school_type))];
  const char *region = rb_regions[adw_combo_row_get_selected (ADW_COMBO_ROW (self->region))];
  g_auto(GStrv) schools = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->schools)), ";", -1);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RbDatabase) db = NULL;
  g_autofree char *path = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  g_return_val_if_fail (RB_IS_NEW_DATABASE_DIALOG (self), NULL);

  if (rb_str_is_blank (name))
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_INVALID,
                           _("Give the samenwerkingsverband a name."));
      return NULL;
    }
  path = free_path_for (name);
  if ((db = rb_database_create (path, trimmed, type, region, error)) == NULL)
    return NULL;
  for (guint i = 0; schools[i] != NULL; i++)
    {
      RbRecord *school;

      if (rb_str_is_blank (schools[i]))
        continue;
      school = rb_record_new (rb_schema_lookup_table ("schools"));
      rb_record_set_string (school, "name", g_strstrip (schools[i]));
      rb_record_set_string (school, "school_type", type);
      g_ptr_array_add (records, school);
    }
  if (!rb_store_save_all (db, records, error))
    {
      rb_database_close (db);
      g_unlink (path);
      return NULL;
    }
  rb_database_close (db);
  return g_steal_pointer (&path);
}
