/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-retention-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-gui-util.h"
#include "rb-retention-page.h"
#include "rb-retention.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbRetentionPage:
 *
 * Retention and the AVG, a page of the preferences: how long closed cases are kept, the
 * closed cases past that period with per case Anonymise and Delete (each confirmed first),
 * and the export of everything stored about one pupil for a request of access. A case
 * anonymised or deleted emits #RbRetentionPage::changed so that the dashboard reads again.
 */

struct _RbRetentionPage
{
  AdwPreferencesPage parent_instance;

  RbDatabase *db;
  GtkSpinButton *months;
  GtkWidget *due_group;
  GPtrArray *due_rows;      /* (element-type GtkWidget): the rows shown in due_group */
  AdwEntryRow *search_row;
  GtkWidget *access_group;
  GPtrArray *access_rows;   /* (element-type GtkWidget): the pupils found */
  GtkFileChooserNative *chooser;
  RbRecord *access_pupil;   /* the pupil whose export is being saved */
};

G_DEFINE_FINAL_TYPE (RbRetentionPage, rb_retention_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Judged by the database's clock, as everything else. */
static char *
today (RbRetentionPage *self)
{
  return rb_database_dup_today (self->db);
}

static char *
full_name (RbRecord *pupil)
{
  return g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                          rb_record_get_string (pupil, "last_name"));
}

static char *
case_name (RbRetentionPage *self, RbRecord *case_record)
{
  g_autoptr(RbRecord) pupil = rb_store_get (self->db, rb_schema_lookup_table ("pupils"),
                                            rb_record_get_string (case_record, "pupil_uuid"), NULL);

  return pupil != NULL ? full_name (pupil) : g_strdup (_("Unknown pupil"));
}

static void
clear_rows (GtkWidget *group, GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), rows->pdata[i]);
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (GtkWidget *group, GPtrArray *rows, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (rows, row);
  return row;
}

static GtkWidget *
add_button (GtkWidget *row, const char *label, GCallback callback, gpointer self, RbRecord *record)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "rb-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog, const char *response, RbRetentionPage *self)
{
  RbRecord *record = g_object_get_data (G_OBJECT (dialog), "rb-record");
  g_autofree char *day = today (self);
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (g_str_equal (response, "anonymise"))
    done = rb_retention_anonymise (self->db, record, day, &error);
  else if (g_str_equal (response, "delete"))
    done = rb_retention_delete (self->db, record, &error);
  else
    return;
  if (!done || !rb_retention_page_reload (self, &error))
    {
      rb_gui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  rb_gui_toast (GTK_WIDGET (self), g_str_equal (response, "anonymise") ? _("Case anonymised")
                                                                         : _("Case deleted"));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
confirm (RbRetentionPage *self, GtkWidget *button, gboolean delete)
{
  RbRecord *record = g_object_get_data (G_OBJECT (button), "rb-record");
  g_autofree char *name = case_name (self, record);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   delete ? _("Delete Case?") : _("Anonymise Case?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  delete ? _("The case of %s and everything that belongs to it "
                                             "are removed, also from the report and the "
                                             "Inspectie's registration. This cannot be undone.")
                                         : _("The name and contact details of %s, the logbook, "
                                             "meetings and documents are removed; the dates and "
                                             "outcome stay for the statistics. This cannot be "
                                             "undone."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    delete ? "delete" : "anonymise",
                                    delete ? _("_Delete") : _("_Anonymise"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              delete ? "delete" : "anonymise",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rb-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_anonymise_clicked_cb (GtkWidget *button, RbRetentionPage *self)
{
  confirm (self, button, FALSE);
}

static void
on_delete_clicked_cb (GtkWidget *button, RbRetentionPage *self)
{
  confirm (self, button, TRUE);
}

static void
on_months_changed_cb (GtkSpinButton *spin, RbRetentionPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!rb_retention_set_months (self->db, (guint) gtk_spin_button_get_value_as_int (spin), &error)
      || !rb_retention_page_reload (self, &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
}

static void
on_access_chooser_response_cb (GtkNativeDialog *chooser, int response, RbRetentionPage *self)
{
  g_autofree char *path = rb_gui_file_chooser_get_path (chooser, response);
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    rb_gui_toast (GTK_WIDGET (self), rb_inzage_write_pdf (self->db, self->access_pupil, path, &error)
                                     ? _("Request for access exported")
                                     : error->message);
  rb_gui_file_chooser_destroy (&self->chooser, self);
  g_clear_object (&self->access_pupil);
}

static void
on_access_clicked_cb (GtkWidget *button, RbRetentionPage *self)
{
  g_autofree char *day = today (self);
  g_autofree char *name = g_strdup_printf (_("Request for access %s.pdf"), day);

  if (self->chooser != NULL)
    return;
  g_set_object (&self->access_pupil, g_object_get_data (G_OBJECT (button), "rb-record"));
  self->chooser = rb_gui_file_chooser_new (GTK_WIDGET (self), _("Export What Is Stored"),
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                           _("PDF documents"), "*.pdf",
                                           G_CALLBACK (on_access_chooser_response_cb), self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
}

static void
on_search_apply_cb (AdwEntryRow *entry, RbRetentionPage *self)
{
  g_autofree char *wanted = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  g_autoptr(GPtrArray) pupils = NULL;
  g_autoptr(GError) error = NULL;
  guint found = 0;

  clear_rows (self->access_group, self->access_rows);
  if ((pupils = rb_store_list (self->db, rb_schema_lookup_table ("pupils"), NULL, NULL, &error)) == NULL)
    {
      rb_gui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < pupils->len && found < 20; i++)
    {
      RbRecord *pupil = g_ptr_array_index (pupils, i);
      g_autofree char *name = full_name (pupil);
      g_autofree char *folded = g_utf8_casefold (name, -1);
      g_autofree char *born = NULL;
      GtkWidget *row;

      if (*wanted == '\0' || strstr (folded, wanted) == NULL)
        continue;
      born = rb_gui_format_date (rb_record_get_string (pupil, "birth_date"));
      row = add_row (self->access_group, self->access_rows, name, born);
      add_button (row, _("_Export…"), G_CALLBACK (on_access_clicked_cb), self, pupil);
      found++;
    }
  if (found == 0)
    add_row (self->access_group, self->access_rows, _("No pupil by that name"), NULL);
}

static void
rb_retention_page_dispose (GObject *object)
{
  RbRetentionPage *self = RB_RETENTION_PAGE (object);

  rb_gui_file_chooser_destroy (&self->chooser, self);
  g_clear_object (&self->access_pupil);
  g_clear_pointer (&self->due_rows, g_ptr_array_unref);
  g_clear_pointer (&self->access_rows, g_ptr_array_unref);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (rb_retention_page_parent_class)->dispose (object);
}

static void
rb_retention_page_class_init (RbRetentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rb_retention_page_dispose;

  /**
   * RbRetentionPage::changed:
   * @page: the page
   *
   * A case was anonymised or deleted.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rb_retention_page_init (RbRetentionPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();

  self->due_rows = g_ptr_array_new ();
  self->access_rows = g_ptr_array_new ();
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "retention");
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Retention"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "user-trash-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Retention Period"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("How long this samenwerkingsverband keeps a case "
                                           "after it was closed."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Months after closing"));
  self->months = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, RB_RETENTION_MAX_MONTHS, 1));
  gtk_widget_set_valign (GTK_WIDGET (self->months), GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->months));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->months));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (group));

  self->due_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->due_group),
                                   _("Closed Cases Past the Period"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->due_group),
                                         _("Anonymised cases stay in the report and the "
                                           "Inspectie's registration; deleted ones do not."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (self->due_group));

  self->access_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->access_group),
                                   _("Request for Access"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->access_group),
                                         _("Everything stored about a pupil, as a PDF for the "
                                           "pupil or the parents."));
  self->search_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->search_row), _("Pupil's name"));
  adw_entry_row_set_show_apply_button (self->search_row, TRUE);
  g_signal_connect_object (self->search_row, "apply", G_CALLBACK (on_search_apply_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->access_group), GTK_WIDGET (self->search_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (self->access_group));
}

/**
 * rb_retention_page_new:
 * @db: the database
 *
 * Returns: (transfer floating): the page, with the cases due today
 */
RbRetentionPage *
rb_retention_page_new (RbDatabase *db)
{
  RbRetentionPage *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_RETENTION_PAGE, NULL);
  self->db = g_object_ref (db);
  if (!rb_retention_page_reload (self, &error))
    g_warning ("Retention: %s", error->message);
  /* Connected after the first value, which is no change. */
  g_signal_connect_object (self->months, "value-changed", G_CALLBACK (on_months_changed_cb), self, 0);
  return self;
}

/**
 * rb_retention_page_reload:
 * @self: the page
 * @error: return location for an error
 *
 * Reads the period and the cases past it again.
 *
 * Returns: %TRUE when read.
 */
gboolean
rb_retention_page_reload (RbRetentionPage *self, GError **error)
{
  g_autofree char *day = NULL;
  g_autoptr(GPtrArray) due = NULL;
  guint months;

  g_return_val_if_fail (RB_IS_RETENTION_PAGE (self), FALSE);

  day = today (self);
  if ((months = rb_retention_get_months (self->db, error)) == 0
      || (due = rb_retention_list_due (self->db, day, error)) == NULL)
    return FALSE;
  if ((guint) gtk_spin_button_get_value_as_int (self->months) != months)
    gtk_spin_button_set_value (self->months, months);
  clear_rows (self->due_group, self->due_rows);
  for (guint i = 0; i < due->len; i++)
    {
      RbRecord *record = g_ptr_array_index (due, i);
      g_autofree char *name = case_name (self, record);
      g_autofree char *closed = rb_gui_format_date (rb_record_get_string (record, "closed_on"));
      g_autofree char *subtitle = g_strdup_printf (_("Closed on %s"), closed);
      GtkWidget *row = add_row (self->due_group, self->due_rows, name, subtitle);

      add_button (row, _("_Anonymise"), G_CALLBACK (on_anonymise_clicked_cb), self, record);
      add_button (row, _("_Delete"), G_CALLBACK (on_delete_clicked_cb), self, record);
    }
  if (due->len == 0)
    add_row (self->due_group, self->due_rows, _("No closed case is past the period"), NULL);
  return TRUE;
}
