/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-new-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-caseload.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-gui-util.h"
#include "rb-new-case-dialog.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-util.h"

/**
 * RbNewCaseDialog:
 *
 * Opens a case for a new pupil. It checks what a tired regisseur gets wrong: a birth date
 * that does not fit a pupil of this SWV's schools, a school outside the SWV, and a pupil
 * who already has a file (a warning: "Create" must be pressed again).
 */

struct _RbNewCaseDialog
{
  AdwWindow parent_instance;

  RbDatabase *db;
  GDate today;
  GPtrArray *school_uuids;
  char *warned_for;

  GtkWidget *first_name;
  GtkWidget *last_name;
  GtkWidget *birth_date;
  GtkWidget *school;
  GtkWidget *group_name;
  GtkWidget *regisseur;
  GtkWidget *status;
  GtkWidget *message;
  GtkWidget *create_button;
};

G_DEFINE_FINAL_TYPE (RbNewCaseDialog, rb_new_case_dialog, ADW_TYPE_WINDOW)

enum
{
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The statuses a new case can start in. */
static const char *const start_statuses[] = { "signalering", "dreigend", "thuiszitter",
                                              "absoluut-verzuim", NULL };

/* Ages at which pupils attend the SWV's kind of school, with a year's margin. */
#define PO_MIN_AGE 3
#define PO_MAX_AGE 14
#define VO_MIN_AGE 10
#define VO_MAX_AGE 21

static const char *
text_of (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_message (RbNewCaseDialog *self, const char *message, gboolean warning)
{
  gtk_label_set_label (GTK_LABEL (self->message), message);
  gtk_widget_set_visible (self->message, message != NULL);
  gtk_widget_remove_css_class (self->message, warning ? "error" : "warning");
  gtk_widget_add_css_class (self->message, warning ? "warning" : "error");
}

static gboolean
check_age (RbNewCaseDialog *self, const char *birth_iso, GError **error)
{
  gboolean po = g_strcmp0 (rb_database_get_school_type (self->db), "PO") == 0;
  int min = po ? PO_MIN_AGE : VO_MIN_AGE, max = po ? PO_MAX_AGE : VO_MAX_AGE;
  GDate birth;
  int age;

  rb_date_parse (birth_iso, &birth, NULL);
  age = g_date_get_year (&self->today) - g_date_get_year (&birth);
  if (g_date_get_month (&self->today) < g_date_get_month (&birth)
      || (g_date_get_month (&self->today) == g_date_get_month (&birth)
          && g_date_get_day (&self->today) < g_date_get_day (&birth)))
    age--;
  if (age < min || age > max)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A pupil born on %s is %d years old now; pupils of a %s school are %d to %d. "
                     "Check the birth date."),
                   text_of (self->birth_date), age, rb_database_get_school_type (self->db), min, max);
      return FALSE;
    }
  return TRUE;
}

/* Another pupil with the same name and birth date, folded as the search folds names. */
static gboolean
find_duplicate (RbNewCaseDialog *self, const char *birth_iso, GError **error)
{
  g_autoptr(GPtrArray) pupils = rb_store_list (self->db, rb_schema_lookup_table ("pupils"),
                                               "birth_date", birth_iso, error);
  g_autofree char *wanted = NULL;
  g_autofree char *name = g_strdup_printf ("%s %s", text_of (self->first_name),
                                           text_of (self->last_name));

  wanted = rb_caseload_fold_for_search (g_strstrip (name));
  for (guint i = 0; pupils != NULL && i < pupils->len; i++)
    {
      RbRecord *pupil = g_ptr_array_index (pupils, i);
      g_autofree char *other = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                                                rb_record_get_string (pupil, "last_name"));
      g_autofree char *folded = rb_caseload_fold_for_search (other);

      if (g_str_equal (folded, wanted))
        return TRUE;
    }
  return FALSE;
}

static void
on_create_clicked_cb (RbNewCaseDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_uuid = rb_new_case_dialog_create (self, &error);

  if (case_uuid == NULL)
    {
      show_message (self, error->message, g_error_matches (error, RB_ERROR, RB_ERROR_FAILED));
      return;
    }
  g_signal_emit (self, signals[CREATED], 0, case_uuid);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
combo (const char *title, GPtrArray *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = NULL;

  g_ptr_array_add (labels, NULL);
  list = gtk_string_list_new ((const char *const *) labels->pdata);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

static void
build (RbNewCaseDialog *self)
{
  g_autoptr(GPtrArray) schools = rb_store_list (self->db, rb_schema_lookup_table ("schools"), NULL,
                                                NULL, NULL);
  g_autoptr(GPtrArray) school_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) status_names = g_ptr_array_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  for (guint i = 0; schools != NULL && i < schools->len; i++)
    {
      g_ptr_array_add (school_names, (gpointer) rb_record_get_string (schools->pdata[i], "name"));
      g_ptr_array_add (self->school_uuids, g_strdup (rb_record_get_uuid (schools->pdata[i])));
    }
  g_ptr_array_add (school_names, _("Not enrolled at any school"));
  for (guint i = 0; start_statuses[i] != NULL; i++)
    g_ptr_array_add (status_names, (gpointer) rb_case_status_label (start_statuses[i]));

  self->first_name = rb_gui_entry_row (_("First name"), "");
  self->last_name = rb_gui_entry_row (_("Last name"), "");
  self->birth_date = rb_gui_entry_row (_("Birth date (day-month-year)"), "");
  self->school = combo (_("School"), school_names);
  self->group_name = rb_gui_entry_row (_("Group or class"), "");
  self->regisseur = rb_gui_entry_row (_("Regisseur of the SWV"), g_get_real_name ());
  self->status = combo (_("Status"), status_names);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->first_name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->last_name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->birth_date);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->school);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->group_name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->regisseur);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->status);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The case starts today; everything else is added in "
                                           "the case file."));
  self->message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->message), 0);
  gtk_widget_set_margin_top (self->message, 12);
  gtk_widget_set_visible (self->message, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->message);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->create_button = gtk_button_new_with_mnemonic (_("C_reate"));
  gtk_widget_add_css_class (self->create_button, "suggested-action");
  g_signal_connect_object (self->create_button, "clicked", G_CALLBACK (on_create_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->create_button);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("New Case"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->create_button);
}

static void
rb_new_case_dialog_dispose (GObject *object)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (rb_new_case_dialog_parent_class)->dispose (object);
}

static void
rb_new_case_dialog_finalize (GObject *object)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (object);

  g_ptr_array_unref (self->school_uuids);
  g_free (self->warned_for);

  G_OBJECT_CLASS (rb_new_case_dialog_parent_class)->finalize (object);
}

static void
rb_new_case_dialog_class_init (RbNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_new_case_dialog_dispose;
  object_class->finalize = rb_new_case_dialog_finalize;

  /**
   * RbNewCaseDialog::created:
   * @dialog: the dialog
   * @case_uuid: the new case
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rb_new_case_dialog_init (RbNewCaseDialog *self)
{
  self->school_uuids = g_ptr_array_new_with_free_func (g_free);
}

/**
 * rb_new_case_dialog_new:
 * @parent: the window it belongs to
 * @db: the database the case goes into
 * @today: the day the case opens
 *
 * Returns: (transfer none): a modal dialog; it destroys itself when done.
 */
RbNewCaseDialog *
rb_new_case_dialog_new (GtkWindow *parent, RbDatabase *db, const GDate *today)
{
  RbNewCaseDialog *self;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_NEW_CASE_DIALOG, "transient-for", parent, "modal", TRUE,
                       "default-width", 520, "default-height", 640, "title", _("New Case"), NULL);
  self->db = g_object_ref (db);
  self->today = *today;
  build (self);
  return self;
}

/**
 * rb_new_case_dialog_create:
 * @self: a dialog whose fields are filled in
 * @error: %RB_ERROR_INVALID for a field to fix; %RB_ERROR_FAILED when the pupil may
 *   already have a file (calling again creates the case anyway)
 *
 * Checks the fields and saves pupil, case and first status in one transaction.
 *
 * Returns: (transfer full): the new case's UUID, or %NULL.
 */
char *
rb_new_case_dialog_create (RbNewCaseDialog *self, GError **error)
{
  g_autoptr(RbRecord) pupil = rb_record_new (rb_schema_lookup_table ("pupils"));
  g_autoptr(RbRecord) case_record = rb_record_new (rb_schema_lookup_table ("cases"));
  g_autofree char *birth = NULL;
  g_autofree char *today = rb_date_format (&self->today);
  g_autofree char *key = NULL;
  guint school = adw_combo_row_get_selected (ADW_COMBO_ROW (self->school));
  const char *status = start_statuses[adw_combo_row_get_selected (ADW_COMBO_ROW (self->status))];

  g_return_val_if_fail (RB_IS_NEW_CASE_DIALOG (self), NULL);

  if (rb_str_is_blank (text_of (self->first_name)) || rb_str_is_blank (text_of (self->last_name)))
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_INVALID,
                           _("Fill in the pupil’s first and last name."));
      return NULL;
    }
  if ((birth = rb_gui_parse_date (text_of (self->birth_date), error)) == NULL
      || !check_age (self, birth, error))
    return NULL;

  /* The school list holds only the SWV's schools, and "not enrolled" after them. */
  rb_record_set_text (pupil, "first_name", text_of (self->first_name), NULL);
  rb_record_set_text (pupil, "last_name", text_of (self->last_name), NULL);
  rb_record_set_string (pupil, "birth_date", birth);
  rb_record_set_text (pupil, "group_name", text_of (self->group_name), NULL);
  if (school < self->school_uuids->len)
    {
      rb_record_set_string (pupil, "school_uuid", g_ptr_array_index (self->school_uuids, school));
      rb_record_set_boolean (pupil, "enrolled", TRUE);
    }
  else
    {
      rb_record_set_boolean (pupil, "enrolled", FALSE);
      status = "absoluut-verzuim";
    }

  key = g_strdup_printf ("%s|%s|%s", text_of (self->first_name), text_of (self->last_name), birth);
  if (g_strcmp0 (key, self->warned_for) != 0 && find_duplicate (self, birth, NULL))
    {
      rb_set_str (&self->warned_for, key);
      gtk_button_set_label (GTK_BUTTON (self->create_button), _("C_reate Anyway"));
      g_set_error (error, RB_ERROR, RB_ERROR_FAILED,
                   _("A pupil named %s %s, born on %s, already has a file. Open that case from the "
                     "dashboard, or press “Create Anyway” for a different pupil."),
                   text_of (self->first_name), text_of (self->last_name),
                   text_of (self->birth_date));
      return NULL;
    }

  rb_record_set_string (case_record, "pupil_uuid", rb_record_get_uuid (pupil));
  rb_record_set_string (case_record, "status", status);
  rb_record_set_string (case_record, "opened_on", today);
  rb_record_set_text (case_record, "regisseur_swv", text_of (self->regisseur), NULL);

  if (!rb_record_validate (pupil, error) || !rb_record_validate (case_record, error)
      || !rb_database_begin (self->db, error))
    return NULL;
  if (!rb_store_save (self->db, pupil, error) || !rb_store_save (self->db, case_record, error)
      || !rb_store_change_status (self->db, case_record, status, today,
                                  text_of (self->regisseur), _("Case opened"), error))
    {
      rb_database_rollback (self->db);
      return NULL;
    }
  if (!rb_database_commit (self->db, error))
    return NULL;
  return g_strdup (rb_record_get_uuid (case_record));
}

const char *
rb_new_case_dialog_get_message (RbNewCaseDialog *self)
{
  g_return_val_if_fail (RB_IS_NEW_CASE_DIALOG (self), NULL);
  return gtk_widget_get_visible (self->message) ? gtk_label_get_label (GTK_LABEL (self->message))
                                                : NULL;
}
