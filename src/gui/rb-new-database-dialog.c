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
 * Starts the database of a new samenwerkingsverband in three steps: its name, PO or VO
 * and the holiday region; its first schools; an overview. The file goes into the data
 * folder, named after the SWV, and is only made when Create is pressed.
 */

struct _RbNewDatabaseDialog
{
  RbAssistant parent_instance;

  /* The schools to store, not yet saved. */
  GPtrArray *schools;

  GtkWidget *swv_page;
  GtkWidget *schools_page;
  GtkWidget *summary_page;
  GtkWidget *name_row;
  GtkWidget *school_type_row;
  GtkWidget *region_row;
  GtkWidget *add_school_button;
  GtkWidget *school_name_row;
  GtkWidget *brin_row;
  GtkWidget *kind_row;
  GtkWidget *schools_list;
  GtkWidget *summary_list;
};

G_DEFINE_FINAL_TYPE (RbNewDatabaseDialog, rb_new_database_dialog, RB_TYPE_ASSISTANT)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The kinds of school a school of the SWV can be, as the schools table allows them. */
static const struct
{
  const char *kind;
  const char *label;
} school_kinds[] = {
  { "PO", N_("Primary school (PO)") },
  { "SBO", N_("Special primary school (SBO)") },
  { "SO", N_("Special school (SO)") },
  { "VO", N_("Secondary school (VO)") },
  { "VSO", N_("Special secondary school (VSO)") },
  { "overig", N_("Other") },
};

static const char *
text_of (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
selected_label (GtkWidget *combo)
{
  return gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo)));
}

static const char *
kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (school_kinds); i++)
    if (g_str_equal (school_kinds[i].kind, kind))
      return _(school_kinds[i].label);
  return kind;
}

static const char *
school_type (RbNewDatabaseDialog *self)
{
  return rb_school_types[adw_combo_row_get_selected (ADW_COMBO_ROW (self->school_type_row))];
}

static char *
data_path_for (const char *name)
{
  g_autofree char *dir = rb_registry_dup_data_dir ();
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *slug = g_ascii_strdown (g_strcanon (ascii, "abcdefghijklmnopqrstuvwxyz"
                                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                                      '-'), -1);

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

/* A BRIN number is two digits and two letters or digits, like 12AB (upper case). */
static gboolean
is_brin (const char *text)
{
  return strlen (text) == 4 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1])
         && g_ascii_isalnum (text[2]) && g_ascii_isalnum (text[3]);
}

static gboolean
is_listed (RbNewDatabaseDialog *self, const char *name)
{
  g_autofree char *wanted = g_utf8_casefold (name, -1);

  for (guint i = 0; i < self->schools->len; i++)
    {
      g_autofree char *listed = g_utf8_casefold (rb_record_get_string (self->schools->pdata[i],
                                                                       "name"), -1);
      if (g_str_equal (listed, wanted))
        return TRUE;
    }
  return FALSE;
}

/*
 * The school typed in the form, ready to add; %NULL with @error when something in it is
 * wrong, %NULL without when nothing is typed.
 */
static RbRecord *
typed_school (RbNewDatabaseDialog *self, GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->school_name_row)));
  g_autofree char *brin = g_ascii_strup (text_of (self->brin_row), -1);
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
  RbRecord *school;

  g_strstrip (brin);
  if (*name == '\0' && *brin == '\0')
    return NULL;
  if (*brin != '\0' && !is_brin (brin))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a BRIN number: two digits and two letters or digits, "
                     "like 12AB."), brin);
      return NULL;
    }
  if (*name == '\0')
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                           _("Fill in the school’s name, or clear the BRIN number."));
      return NULL;
    }
  if (is_listed (self, name))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("“%s” is already in the list."), name);
      return NULL;
    }
  school = rb_record_new (rb_schema_lookup_table ("schools"));
  rb_record_set_string (school, "name", name);
  if (*brin != '\0')
    rb_record_set_string (school, "brin", brin);
  rb_record_set_string (school, "school_type", school_kinds[kind].kind);
  return school;
}

static void on_remove_school_cb (GtkButton *button, RbNewDatabaseDialog *self);

static void
show_schools (RbNewDatabaseDialog *self)
{
  rb_gui_clear_box (self->schools_list);
  for (guint i = 0; i < self->schools->len; i++)
    {
      RbRecord *school = g_ptr_array_index (self->schools, i);
      const char *name = rb_record_get_string (school, "name");
      const char *brin = rb_record_get_string (school, "brin");
      const char *kind = kind_label (rb_record_get_string (school, "school_type"));
      g_autofree char *subtitle = brin != NULL ? g_strdup_printf ("%s · %s", brin, kind)
                                               : g_strdup (kind);
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_object_set_data (G_OBJECT (remove), "rb-record", school);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_school_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (GTK_LIST_BOX (self->schools_list), row);
    }
}

static void
on_field_changed_cb (RbNewDatabaseDialog *self)
{
  g_autoptr(RbRecord) school = typed_school (self, NULL);

  gtk_widget_set_sensitive (self->add_school_button, school != NULL);
  rb_assistant_update (RB_ASSISTANT (self));
}

/* Moves the typed school into the list; the form is empty again for the next one. */
static void
on_add_school_cb (RbNewDatabaseDialog *self)
{
  RbRecord *school = typed_school (self, NULL);

  if (school == NULL)
    return;
  g_ptr_array_add (self->schools, school);
  show_schools (self);
  gtk_editable_set_text (GTK_EDITABLE (self->brin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->school_name_row), "");
  gtk_widget_grab_focus (self->school_name_row);
}

static void
on_remove_school_cb (GtkButton *button, RbNewDatabaseDialog *self)
{
  g_ptr_array_remove (self->schools, g_object_get_data (G_OBJECT (button), "rb-record"));
  show_schools (self);
  rb_assistant_update (RB_ASSISTANT (self));
}

static gboolean
rb_new_database_dialog_check_page (RbAssistant *assistant, GtkWidget *page, GError **error)
{
  RbNewDatabaseDialog *self = RB_NEW_DATABASE_DIALOG (assistant);
  g_autoptr(RbRecord) school = NULL;
  GError *wrong = NULL;

  if (page == self->swv_page && rb_str_is_blank (text_of (self->name_row)))
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                           _("Give the samenwerkingsverband a name."));
      return FALSE;
    }
  if (page != self->schools_page)
    return TRUE;
  /* A school typed but not added would be lost without a word. */
  if ((school = typed_school (self, &wrong)) != NULL)
    g_set_error (error, RB_ERROR, RB_ERROR_FAILED,
                 _("Press Add School to keep “%s”, or clear its name."),
                 rb_record_get_string (school, "name"));
  else if (wrong != NULL)
    g_propagate_error (error, wrong);
  return school == NULL && wrong == NULL;
}

static void
rb_new_database_dialog_prepare_page (RbAssistant *assistant, GtkWidget *page)
{
  RbNewDatabaseDialog *self = RB_NEW_DATABASE_DIALOG (assistant);
  GtkListBox *list = GTK_LIST_BOX (self->summary_list);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  /* New schools are of the SWV's own kind, unless said otherwise. */
  if (page == self->schools_page && self->schools->len == 0)
    for (guint i = 0; i < G_N_ELEMENTS (school_kinds); i++)
      if (g_str_equal (school_kinds[i].kind, school_type (self)))
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), i);
  if (page != self->summary_page)
    return;

  name = g_strstrip (g_strdup (text_of (self->name_row)));
  path = data_path_for (name);
  for (guint i = 0; i < self->schools->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "\n" : "",
                            rb_record_get_string (self->schools->pdata[i], "name"));
  rb_gui_clear_box (self->summary_list);
  rb_assistant_add_summary_row (list, _("Name"), name);
  rb_assistant_add_summary_row (list, _("Kind of education"),
                                selected_label (self->school_type_row));
  rb_assistant_add_summary_row (list, _("Holiday region"), selected_label (self->region_row));
  rb_assistant_add_summary_row (list, _("Schools"), names->len > 0 ? names->str
                                                                    : _("None yet; add them in "
                                                                        "Preferences"));
  rb_assistant_add_summary_row (list, _("File"), path);
}

/* The database with its schools; on failure no file is left behind. */
static gboolean
rb_new_database_dialog_apply (RbAssistant *assistant, GError **error)
{
  RbNewDatabaseDialog *self = RB_NEW_DATABASE_DIALOG (assistant);
  const char *region = rb_regions[adw_combo_row_get_selected (ADW_COMBO_ROW (self->region_row))];
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->name_row)));
  g_autofree char *dir = rb_registry_dup_data_dir ();
  g_autoptr(RbDatabase) db = NULL;
  g_autofree char *path = NULL;

  g_mkdir_with_parents (dir, 0700);
  path = data_path_for (name);
  if ((db = rb_database_create (path, name, school_type (self), region, error)) == NULL)
    return FALSE;
  if (!rb_store_save_all (db, self->schools, error))
    {
      rb_database_close (db);
      g_unlink (path);
      return FALSE;
    }
  rb_database_close (db);
  g_signal_emit (self, signals[CREATED], 0, path);
  return TRUE;
}

static void
rb_new_database_dialog_finalize (GObject *object)
{
  RbNewDatabaseDialog *self = RB_NEW_DATABASE_DIALOG (object);

  g_ptr_array_unref (self->schools);

  G_OBJECT_CLASS (rb_new_database_dialog_parent_class)->finalize (object);
}

static void
rb_new_database_dialog_class_init (RbNewDatabaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RbAssistantClass *assistant_class = RB_ASSISTANT_CLASS (klass);

  object_class->finalize = rb_new_database_dialog_finalize;
  assistant_class->check_page = rb_new_database_dialog_check_page;
  assistant_class->prepare_page = rb_new_database_dialog_prepare_page;
  assistant_class->apply = rb_new_database_dialog_apply;

  /**
   * RbNewDatabaseDialog::created:
   * @dialog: the dialog
   * @path: the new database file, closed
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/nl/routeboek/Routeboek/ui/rb-new-database-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, swv_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, schools_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, summary_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, school_type_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, add_school_button);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, school_name_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, brin_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, schools_list);
  gtk_widget_class_bind_template_child (widget_class, RbNewDatabaseDialog, summary_list);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_school_cb);
}

static void
rb_new_database_dialog_init (RbNewDatabaseDialog *self)
{
  g_autoptr(GtkStringList) regions = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->schools = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; rb_regions[i] != NULL; i++)
    gtk_string_list_append (regions, rb_region_label (rb_regions[i]));
  for (guint i = 0; i < G_N_ELEMENTS (school_kinds); i++)
    gtk_string_list_append (kinds, _(school_kinds[i].label));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->region_row), G_LIST_MODEL (regions));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->region_row), 1);
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  rb_assistant_update (RB_ASSISTANT (self));
}

/**
 * rb_new_database_dialog_new:
 * @parent: the window it belongs to
 *
 * Returns: (transfer none): a modal assistant; it destroys itself when done.
 */
RbNewDatabaseDialog *
rb_new_database_dialog_new (GtkWindow *parent)
{
  return g_object_new (RB_TYPE_NEW_DATABASE_DIALOG, "transient-for", parent, NULL);
}
