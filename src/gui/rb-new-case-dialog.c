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
 * Opens a case for a new pupil in three steps: the pupil, school and route, and an
 * overview of what will be created. It checks what a tired regisseur gets wrong: a birth
 * date that does not fit a pupil of this SWV's schools, a school outside the SWV, and a
 * pupil who already has a file (open that case, or confirm it is someone else). Nothing is
 * saved before Create, and then all in one transaction.
 */

struct _RbNewCaseDialog
{
  RbAssistant parent_instance;

  RbDatabase *db;
  GDate today;
  GPtrArray *school_uuids;
  /* The case of a stored pupil with the same name and birth date, if any. */
  RbRecord *duplicate_pupil;
  char *duplicate_case_uuid;

  GtkWidget *pupil_page;
  GtkWidget *school_page;
  GtkWidget *summary_page;
  GtkWidget *first_name_row;
  GtkWidget *last_name_row;
  GtkWidget *birth_date_row;
  GtkWidget *duplicate_group;
  GtkWidget *duplicate_row;
  GtkWidget *open_case_button;
  GtkWidget *different_switch;
  GtkWidget *school_row;
  GtkWidget *group_row;
  GtkWidget *status_row;
  GtkWidget *regisseur_row;
  GtkWidget *start_date_row;
  GtkWidget *summary_list;
};

G_DEFINE_FINAL_TYPE (RbNewCaseDialog, rb_new_case_dialog, RB_TYPE_ASSISTANT)

enum
{
  CREATED,
  OPEN_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The statuses a new case can start in. */
static const char *const start_statuses[] = { "signalering", "dreigend", "thuiszitter",
                                              "absoluut-verzuim", NULL };
#define NOT_ENROLLED_STATUS 3

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

static char *
full_name (RbNewCaseDialog *self)
{
  g_autofree char *name = g_strdup_printf ("%s %s", text_of (self->first_name_row),
                                           text_of (self->last_name_row));

  return g_strdup (g_strstrip (name));
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
                   text_of (self->birth_date_row), age, rb_database_get_school_type (self->db),
                   min, max);
      return FALSE;
    }
  return TRUE;
}

/* The pupil's name and a birth date that fits; the date as YYYY-MM-DD. */
static char *
check_pupil (RbNewCaseDialog *self, GError **error)
{
  g_autofree char *birth = NULL;

  if (rb_str_is_blank (text_of (self->first_name_row))
      || rb_str_is_blank (text_of (self->last_name_row)))
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                           _("Fill in the pupil’s first and last name."));
      return NULL;
    }
  if (rb_str_is_blank (text_of (self->birth_date_row)))
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                           _("Fill in the pupil’s birth date."));
      return NULL;
    }
  if ((birth = rb_gui_parse_date (text_of (self->birth_date_row), error)) == NULL
      || !check_age (self, birth, error))
    return NULL;
  return g_steal_pointer (&birth);
}

/* Another pupil with the same name and birth date, folded as the search folds names. */
static RbRecord *
find_duplicate (RbNewCaseDialog *self, const char *birth_iso)
{
  g_autoptr(GPtrArray) pupils = rb_store_list (self->db, rb_schema_lookup_table ("pupils"),
                                               "birth_date", birth_iso, NULL);
  g_autofree char *name = full_name (self);
  g_autofree char *wanted = rb_caseload_fold_for_search (name);

  for (guint i = 0; pupils != NULL && i < pupils->len; i++)
    {
      RbRecord *pupil = g_ptr_array_index (pupils, i);
      g_autofree char *other = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                                                rb_record_get_string (pupil, "last_name"));
      g_autofree char *folded = rb_caseload_fold_for_search (other);

      if (g_str_equal (folded, wanted))
        return g_object_ref (pupil);
    }
  return NULL;
}

/* The pupil's most recently opened case. */
static RbRecord *
latest_case (RbNewCaseDialog *self, RbRecord *pupil)
{
  g_autoptr(GPtrArray) cases = rb_store_list (self->db, rb_schema_lookup_table ("cases"),
                                              "pupil_uuid", rb_record_get_uuid (pupil), NULL);
  RbRecord *latest = NULL;

  for (guint i = 0; cases != NULL && i < cases->len; i++)
    if (latest == NULL || g_strcmp0 (rb_record_get_string (cases->pdata[i], "opened_on"),
                                     rb_record_get_string (latest, "opened_on")) > 0)
      latest = cases->pdata[i];
  return latest != NULL ? g_object_ref (latest) : NULL;
}

/* Names the stored pupil and their case, so the regisseur can tell whether it is the same. */
static void
show_duplicate (RbNewCaseDialog *self)
{
  g_autoptr(RbRecord) found = NULL;
  g_autofree char *born = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_clear_pointer (&self->duplicate_case_uuid, g_free);
  gtk_widget_set_visible (self->duplicate_group, self->duplicate_pupil != NULL);
  if (self->duplicate_pupil == NULL)
    return;

  born = rb_gui_format_date (rb_record_get_string (self->duplicate_pupil, "birth_date"));
  title = g_strdup_printf (_("%s %s, born on %s, is already in this database"),
                           rb_record_get_string (self->duplicate_pupil, "first_name"),
                           rb_record_get_string (self->duplicate_pupil, "last_name"), born);
  found = latest_case (self, self->duplicate_pupil);
  if (found != NULL)
    {
      const char *regisseur = rb_record_get_string (found, "regisseur_swv");
      g_autofree char *opened = rb_gui_format_date (rb_record_get_string (found, "opened_on"));

      self->duplicate_case_uuid = g_strdup (rb_record_get_uuid (found));
      subtitle = g_strdup_printf (_("Their case: %s, opened on %s, regisseur %s."),
                                  rb_case_status_label (rb_record_get_string (found, "status")),
                                  opened, rb_str_is_blank (regisseur) ? "–" : regisseur);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->duplicate_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->duplicate_row),
                               subtitle != NULL ? subtitle : _("They have no case."));
  gtk_widget_set_visible (self->open_case_button, self->duplicate_case_uuid != NULL);
}

static void
on_field_changed_cb (RbNewCaseDialog *self)
{
  rb_assistant_update (RB_ASSISTANT (self));
}

/* Another name or date: look for a stored pupil again and ask again. */
static void
on_pupil_changed_cb (RbNewCaseDialog *self)
{
  g_autofree char *birth = check_pupil (self, NULL);

  g_clear_object (&self->duplicate_pupil);
  if (birth != NULL)
    self->duplicate_pupil = find_duplicate (self, birth);
  show_duplicate (self);
  gtk_switch_set_active (GTK_SWITCH (self->different_switch), FALSE);
  rb_assistant_update (RB_ASSISTANT (self));
}

static void
on_open_case_clicked_cb (RbNewCaseDialog *self)
{
  g_autofree char *case_uuid = g_strdup (self->duplicate_case_uuid);

  g_signal_emit (self, signals[OPEN_CASE], 0, case_uuid);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* A pupil at no school is in absolute verzuim; the status says so and is not asked. */
static void
on_school_changed_cb (RbNewCaseDialog *self)
{
  gboolean enrolled = adw_combo_row_get_selected (ADW_COMBO_ROW (self->school_row))
                      < self->school_uuids->len;

  if (!enrolled)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->status_row), NOT_ENROLLED_STATUS);
  gtk_widget_set_sensitive (self->status_row, enrolled);
}

static void
set_labels (GtkWidget *combo, GPtrArray *labels)
{
  g_autoptr(GtkStringList) list = NULL;

  g_ptr_array_add (labels, NULL);
  list = gtk_string_list_new ((const char *const *) labels->pdata);
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (list));
}

static void
fill_lists (RbNewCaseDialog *self)
{
  g_autoptr(GPtrArray) schools = rb_store_list (self->db, rb_schema_lookup_table ("schools"), NULL,
                                                NULL, NULL);
  g_autoptr(GPtrArray) school_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) status_names = g_ptr_array_new ();

  for (guint i = 0; schools != NULL && i < schools->len; i++)
    {
      g_ptr_array_add (school_names, (gpointer) rb_record_get_string (schools->pdata[i], "name"));
      g_ptr_array_add (self->school_uuids, g_strdup (rb_record_get_uuid (schools->pdata[i])));
    }
  g_ptr_array_add (school_names, _("Not enrolled at any school"));
  for (guint i = 0; start_statuses[i] != NULL; i++)
    g_ptr_array_add (status_names, (gpointer) rb_case_status_label (start_statuses[i]));
  set_labels (self->school_row, school_names);
  set_labels (self->status_row, status_names);
  on_school_changed_cb (self);
}

static const char *
selected_label (GtkWidget *combo)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));

  return gtk_string_object_get_string (item);
}

/* The start date as YYYY-MM-DD: a day between the birth date and today. */
static char *
check_start_date (RbNewCaseDialog *self, GError **error)
{
  g_autofree char *start = rb_gui_parse_date (text_of (self->start_date_row), error);
  g_autofree char *birth = NULL;
  g_autofree char *today = rb_date_format (&self->today);

  if (start == NULL)
    return NULL;
  birth = rb_gui_parse_date (text_of (self->birth_date_row), NULL);
  if (g_strcmp0 (start, today) > 0 || g_strcmp0 (start, birth) <= 0)
    {
      g_autofree char *shown = rb_gui_format_date (today);

      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("A case starts on a day between the pupil’s birth and today (%s)."), shown);
      return NULL;
    }
  return g_steal_pointer (&start);
}

static gboolean
rb_new_case_dialog_check_page (RbAssistant *assistant, GtkWidget *page, GError **error)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (assistant);
  g_autofree char *date = NULL;

  if (page == self->pupil_page)
    {
      if ((date = check_pupil (self, error)) == NULL)
        return FALSE;
      if (self->duplicate_pupil != NULL
          && !gtk_switch_get_active (GTK_SWITCH (self->different_switch)))
        {
          g_set_error_literal (error, RB_ERROR, RB_ERROR_FAILED,
                               _("Open the existing case, or confirm that this is a different "
                                 "pupil."));
          return FALSE;
        }
    }
  else if (page == self->school_page)
    return (date = check_start_date (self, error)) != NULL;
  return TRUE;
}

static void
rb_new_case_dialog_prepare_page (RbAssistant *assistant, GtkWidget *page)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (assistant);
  GtkListBox *list = GTK_LIST_BOX (self->summary_list);
  g_autofree char *name = NULL;
  g_autofree char *birth_iso = NULL, *birth = NULL;
  g_autofree char *start_iso = NULL, *start = NULL;

  if (page != self->summary_page)
    return;
  name = full_name (self);
  /* Dates as they will be read back: 03-04-2013, not as typed. */
  birth_iso = check_pupil (self, NULL);
  birth = rb_gui_format_date (birth_iso);
  start_iso = check_start_date (self, NULL);
  start = rb_gui_format_date (start_iso);
  rb_gui_clear_box (self->summary_list);
  rb_assistant_add_summary_row (list, _("Pupil"), name);
  rb_assistant_add_summary_row (list, _("Birth date"), birth);
  rb_assistant_add_summary_row (list, _("School"), selected_label (self->school_row));
  if (!rb_str_is_blank (text_of (self->group_row)))
    rb_assistant_add_summary_row (list, _("Group or class"), text_of (self->group_row));
  rb_assistant_add_summary_row (list, _("Status"), selected_label (self->status_row));
  if (!rb_str_is_blank (text_of (self->regisseur_row)))
    rb_assistant_add_summary_row (list, _("Regisseur of the SWV"), text_of (self->regisseur_row));
  rb_assistant_add_summary_row (list, _("Start date"), start);
}

/* Pupil, case and first status in one transaction. */
static gboolean
rb_new_case_dialog_apply (RbAssistant *assistant, GError **error)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (assistant);
  g_autoptr(RbRecord) pupil = rb_record_new (rb_schema_lookup_table ("pupils"));
  g_autoptr(RbRecord) case_record = rb_record_new (rb_schema_lookup_table ("cases"));
  g_autofree char *birth = NULL;
  g_autofree char *start = NULL;
  guint school = adw_combo_row_get_selected (ADW_COMBO_ROW (self->school_row));
  guint status_index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_row));
  const char *status = start_statuses[status_index];

  if ((birth = check_pupil (self, error)) == NULL
      || (start = check_start_date (self, error)) == NULL)
    return FALSE;

  /* The school list holds only the SWV's schools, and "not enrolled" after them. */
  rb_record_set_text (pupil, "first_name", text_of (self->first_name_row), NULL);
  rb_record_set_text (pupil, "last_name", text_of (self->last_name_row), NULL);
  rb_record_set_string (pupil, "birth_date", birth);
  rb_record_set_text (pupil, "group_name", text_of (self->group_row), NULL);
  rb_record_set_boolean (pupil, "enrolled", school < self->school_uuids->len);
  if (school < self->school_uuids->len)
    rb_record_set_string (pupil, "school_uuid", g_ptr_array_index (self->school_uuids, school));

  rb_record_set_string (case_record, "pupil_uuid", rb_record_get_uuid (pupil));
  rb_record_set_string (case_record, "status", status);
  rb_record_set_string (case_record, "opened_on", start);
  rb_record_set_text (case_record, "regisseur_swv", text_of (self->regisseur_row), NULL);

  if (!rb_record_validate (pupil, error) || !rb_record_validate (case_record, error)
      || !rb_database_begin (self->db, error))
    return FALSE;
  if (!rb_store_save (self->db, pupil, error) || !rb_store_save (self->db, case_record, error)
      || !rb_store_change_status (self->db, case_record, status, start,
                                  text_of (self->regisseur_row), _("Case opened"), error))
    {
      rb_database_rollback (self->db);
      return FALSE;
    }
  if (!rb_database_commit (self->db, error))
    return FALSE;
  g_signal_emit (self, signals[CREATED], 0, rb_record_get_uuid (case_record));
  return TRUE;
}

static void
rb_new_case_dialog_dispose (GObject *object)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (object);

  g_clear_object (&self->db);
  g_clear_object (&self->duplicate_pupil);

  G_OBJECT_CLASS (rb_new_case_dialog_parent_class)->dispose (object);
}

static void
rb_new_case_dialog_finalize (GObject *object)
{
  RbNewCaseDialog *self = RB_NEW_CASE_DIALOG (object);

  g_ptr_array_unref (self->school_uuids);
  g_free (self->duplicate_case_uuid);

  G_OBJECT_CLASS (rb_new_case_dialog_parent_class)->finalize (object);
}

static void
rb_new_case_dialog_class_init (RbNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RbAssistantClass *assistant_class = RB_ASSISTANT_CLASS (klass);

  object_class->dispose = rb_new_case_dialog_dispose;
  object_class->finalize = rb_new_case_dialog_finalize;
  assistant_class->check_page = rb_new_case_dialog_check_page;
  assistant_class->prepare_page = rb_new_case_dialog_prepare_page;
  assistant_class->apply = rb_new_case_dialog_apply;

  /**
   * RbNewCaseDialog::created:
   * @dialog: the dialog
   * @case_uuid: the new case
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * RbNewCaseDialog::open-case:
   * @dialog: the dialog
   * @case_uuid: the existing case of the same pupil, to be shown instead
   */
  signals[OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, pupil_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, school_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, summary_page);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, birth_date_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, duplicate_group);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, duplicate_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, open_case_button);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, different_switch);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, school_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, regisseur_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, start_date_row);
  gtk_widget_class_bind_template_child (widget_class, RbNewCaseDialog, summary_list);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pupil_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_open_case_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_school_changed_cb);
}

static void
rb_new_case_dialog_init (RbNewCaseDialog *self)
{
  self->school_uuids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rb_new_case_dialog_new:
 * @parent: the window it belongs to
 * @db: the database the case goes into
 * @today: the day the case opens, unless another start date is given
 *
 * Returns: (transfer none): a modal assistant; it destroys itself when done.
 */
RbNewCaseDialog *
rb_new_case_dialog_new (GtkWindow *parent, RbDatabase *db, const GDate *today)
{
  RbNewCaseDialog *self;
  g_autofree char *iso = NULL;
  g_autofree char *start = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_NEW_CASE_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->today = *today;
  iso = rb_date_format (today);
  start = rb_gui_format_date (iso);
  fill_lists (self);
  gtk_editable_set_text (GTK_EDITABLE (self->regisseur_row), g_get_real_name ());
  gtk_editable_set_text (GTK_EDITABLE (self->start_date_row), start);
  rb_assistant_update (RB_ASSISTANT (self));
  return self;
}
