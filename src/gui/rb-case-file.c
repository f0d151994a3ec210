/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-file"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rb-autosave.h"
#include "rb-capacity.h"
#include "rb-case-documents.h"
#include "rb-case-file.h"
#include "rb-case-route.h"
#include "rb-case-timeline.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-gui-util.h"
#include "rb-route.h"
#include "rb-schema.h"
#include "rb-signals.h"
#include "rb-store.h"
#include "rb-util.h"

/**
 * RbCaseFile:
 *
 * Everything of one case, in sections beside a sidebar: overview (pupil, guardians,
 * school, regisseurs, status and its history), signals with their evidence, absence,
 * logbook, meetings with participants and agreements, consents, bridge placements.
 * The timeline (#RbCaseTimeline) and the documents (#RbCaseDocuments) are sections of
 * their own classes. Other sections are added with rb_case_file_add_section().
 *
 * Typing is saved as you go through an #RbAutosave; rb_case_file_flush() saves at once
 * (leaving the case, closing the window).
 * Adding and deleting is saved immediately; a deletion can be undone from its toast.
 */

typedef enum
{
  SECTION_OVERVIEW,
  SECTION_SIGNALS,
  SECTION_ABSENCES,
  SECTION_LOGBOOK,
  SECTION_MEETINGS,
  SECTION_CONSENTS,
  SECTION_PLACEMENTS,
  N_SECTIONS
} Section;

static const struct
{
  const char *name;
  const char *title;
} section_info[N_SECTIONS] = {
  { "overview", N_("Overview") },
  { "signals", N_("Signals") },
  { "absences", N_("Absence") },
  { "logbook", N_("Logbook") },
  { "meetings", N_("Meetings & Agreements") },
  { "consents", N_("Consent") },
  { "placements", N_("Bridge Placement") },
};

/* A logbook of 6 to 10 hours is what a case usually takes (domain: "Workload"). */
#define ESTIMATE_LOW 6.0
#define ESTIMATE_HIGH 10.0
#define MAX_ABSENCES_SHOWN 200

struct _RbCaseFile
{
  GtkWidget parent_instance;

  RbDatabase *db;
  RbCalendar *calendar;
  GDate today;
  RbRecord *case_record;
  RbRecord *pupil;
  RbAutosave *autosave;

  GtkWidget *boxes[N_SECTIONS];

  /* Quick-entry forms, rebuilt with their section. */
  GtkWidget *absence_from;
  GtkWidget *absence_to;
  GtkWidget *absence_kind;
  GtkWidget *absence_hours;
  GtkWidget *log_action;
  GtkWidget *log_body;
  GtkWidget *log_hours;
  GtkWidget *meeting_kind;
  GtkWidget *meeting_date;
  GtkWidget *meeting_place;
  GtkWidget *consent_subject;
  GtkWidget *consent_given_by;
  GtkWidget *consent_given_on;
  GtkWidget *placement_location;
  GtkWidget *placement_start;
  GtkWidget *placement_reason;
  GtkWidget *placement_message;
  GtkWidget *status_choice;
  GPtrArray *location_uuids;

  RbCaseTimeline *timeline;
  RbCaseDocuments *documents;

  GtkStackSidebar *sidebar;
  GtkStack *sections;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkLabel *saved_label;
};

G_DEFINE_FINAL_TYPE (RbCaseFile, rb_case_file, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (RbCaseFile *self, Section section);

static const RbTable *
table (const char *name)
{
  return rb_schema_lookup_table (name);
}

static void
toast_error (RbCaseFile *self, const GError *error)
{
  rb_gui_toast (GTK_WIDGET (self), error->message);
}

static const char *
author (RbCaseFile *self)
{
  const char *regisseur = rb_record_get_string (self->case_record, "regisseur_swv");

  /* The logbook names who wrote; the case's regisseur is who works in it. */
  return !rb_str_is_blank (regisseur) ? regisseur : g_get_real_name ();
}

static char *
today_iso (RbCaseFile *self)
{
  return rb_date_format (&self->today);
}

static void
notify_changed (RbCaseFile *self)
{
  /* The timeline draws the records just saved. */
  rb_case_timeline_reload (self->timeline);
  g_signal_emit (self, signals[CHANGED], 0, rb_record_get_uuid (self->case_record));
}

/* The Route section saved the case's route, or a step of it, itself. The record the
 * overview saves as a whole takes the route from the database, or its next save would
 * put the old route back. */
static void
on_route_changed_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) stored = rb_store_get (self->db, rb_schema_lookup_table ("cases"),
                                             rb_record_get_uuid (self->case_record), NULL);

  if (stored != NULL
      && g_strcmp0 (rb_record_get_string (stored, "route"),
                    rb_record_get_string (self->case_record, "route")) != 0)
    {
      rb_record_set_string (self->case_record, "route", rb_record_get_string (stored, "route"));
      rebuild (self, SECTION_OVERVIEW);
    }
  notify_changed (self);
}

/* Saving as you go. */

static void
update_name (RbCaseFile *self)
{
  g_autofree char *name = g_strdup_printf ("%s %s", rb_record_get_string (self->pupil, "first_name"),
                                           rb_record_get_string (self->pupil, "last_name"));

  gtk_label_set_label (self->name_label, name);
}

static void
on_saved_cb (RbAutosave *autosave, GPtrArray *records, RbCaseFile *self)
{
  if (!rb_autosave_has_pending (autosave))
    gtk_label_set_label (self->saved_label, _("All changes saved"));
  if (self->pupil != NULL)
    update_name (self);
  if (self->case_record != NULL)
    notify_changed (self);
}

static void
on_pending_cb (RbAutosave *autosave, RbCaseFile *self)
{
  const char *problem = rb_autosave_get_problem (autosave);

  gtk_label_set_label (self->saved_label, problem != NULL ? problem : _("Saving…"));
}

static GtkWidget *
field_row (RbCaseFile *self, RbRecord *record, const char *column, const char *title)
{
  return rb_autosave_entry_row (self->autosave, record, column, title);
}

/* Deleting with undo. */

/* Absence records are the evidence of the signals: those follow them. */
static void
rebuild_with_signals (RbCaseFile *self, Section section)
{
  rebuild (self, section);
  if (section == SECTION_ABSENCES)
    rebuild (self, SECTION_SIGNALS);
}

typedef struct
{
  RbCaseFile *self;
  RbRecord *record;
  Section section;
} Deletion;

static void
deletion_free (gpointer data)
{
  Deletion *deletion = data;

  g_object_unref (deletion->self);
  g_object_unref (deletion->record);
  g_free (deletion);
}

static void
on_undo_cb (AdwToast *toast, Deletion *deletion)
{
  g_autoptr(GError) error = NULL;
  RbRecord *record = deletion->record;

  rb_record_set_stamps (record, rb_record_get_created_at (record),
                        rb_record_get_modified_at (record), rb_record_get_replica (record), FALSE);
  if (!rb_store_save (deletion->self->db, record, &error))
    {
      toast_error (deletion->self, error);
      return;
    }
  rebuild_with_signals (deletion->self, deletion->section);
  notify_changed (deletion->self);
}

static void
delete_record (RbCaseFile *self, RbRecord *record, Section section)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *overlay;
  AdwToast *toast;
  Deletion *deletion;

  if (!rb_store_delete (self->db, record, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild_with_signals (self, section);
  notify_changed (self);

  /* Translators: e.g. "Absence deleted". */
  title = g_strdup_printf (_("%s deleted"), _(rb_record_get_table (record)->label));
  title[0] = g_unichar_toupper (title[0]);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  deletion = g_new0 (Deletion, 1);
  deletion->self = g_object_ref (self);
  deletion->record = g_object_ref (record);
  deletion->section = section;
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_cb), deletion,
                         (GClosureNotify) (void (*) (void)) deletion_free, 0);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
on_delete_clicked_cb (GtkButton *button, RbCaseFile *self)
{
  delete_record (self, g_object_get_data (G_OBJECT (button), "rb-record"),
                 GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rb-section")));
}

static GtkWidget *
delete_button (RbCaseFile *self, RbRecord *record, Section section)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Delete this %s"), _(rb_record_get_table (record)->label));
  g_autofree char *name = g_strconcat ("delete-", section_info[section].name, NULL);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "rb-record", g_object_ref (record), g_object_unref);
  g_object_set_data (G_OBJECT (button), "rb-section", GINT_TO_POINTER (section));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_delete_clicked_cb), self, 0);
  return button;
}

/* Building blocks of the sections. */

static GtkWidget *
add_group (RbCaseFile *self, Section section, const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (self->boxes[section]), group);
  return group;
}

static void
group_add (GtkWidget *group, GtkWidget *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static GtkWidget *
info_row (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

static GtkWidget *
choice_row (const char *title, const char *const *labels, guint selected)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char *const *) labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

/* A form's "Add" button; Enter in any of the form's entries presses it too. */
static GtkWidget *
add_button (RbCaseFile *self, GtkWidget *group, const char *label, GCallback callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  return button;
}

static GtkWidget *
form_entry (RbCaseFile *self, GtkWidget *group, const char *title, const char *text,
            GCallback submit)
{
  GtkWidget *row = rb_gui_entry_row (title, text);

  g_signal_connect_object (row, "entry-activated", submit, self, G_CONNECT_SWAPPED);
  group_add (group, row);
  return row;
}

static const char *
entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static GPtrArray *
list_for (RbCaseFile *self, const char *table_name, const char *column, const char *value)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rb_store_list (self->db, table (table_name), column, value, &error);

  if (records == NULL)
    {
      toast_error (self, error);
      return g_ptr_array_new_with_free_func (g_object_unref);
    }
  return records;
}

static int
compare_by_column_desc (gconstpointer a, gconstpointer b, gpointer column)
{
  return -g_strcmp0 (rb_record_get_string (*(RbRecord **) a, column),
                     rb_record_get_string (*(RbRecord **) b, column));
}

static gboolean
save_new (RbCaseFile *self, RbRecord *record, GError **error)
{
  return rb_record_validate (record, error) && rb_store_save (self->db, record, error);
}

/* Overview: pupil, guardians, school, regisseurs, status. */

static void
on_school_selected_cb (AdwComboRow *row, GParamSpec *pspec, RbCaseFile *self)
{
  GPtrArray *uuids = g_object_get_data (G_OBJECT (row), "rb-uuids");
  guint selected = adw_combo_row_get_selected (row);

  if (selected >= uuids->len)
    return;
  rb_record_set_string (self->pupil, "school_uuid", g_ptr_array_index (uuids, selected));
  rb_autosave_mark (self->autosave, self->pupil);
  rb_autosave_flush (self->autosave);
}

static void
on_route_row_activated_cb (AdwActionRow *row, RbCaseFile *self)
{
  rb_case_file_show_section (self, "route");
}

/* The route is chosen in the Route section, which checks it and writes the change in the
 * logbook: here it is named, and leads there. */
static GtkWidget *
route_row (RbCaseFile *self)
{
  const char *code = rb_record_get_string (self->case_record, "route");
  g_autoptr(RbRoute) route = rb_route_load_stored (self->db, code, NULL);
  GtkWidget *row = info_row (_("Route"), route != NULL ? route->name : code);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_widget_set_tooltip_text (row, _("Choose another route in the Route section"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_route_row_activated_cb), self, 0);
  return row;
}

static GtkWidget *
school_row (RbCaseFile *self)
{
  g_autoptr(GPtrArray) schools = list_for (self, "schools", NULL, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  const char *current = rb_record_get_string (self->pupil, "school_uuid");
  guint selected = GTK_INVALID_LIST_POSITION;
  GtkWidget *row;

  for (guint i = 0; i < schools->len; i++)
    {
      RbRecord *school = g_ptr_array_index (schools, i);

      g_ptr_array_add (names, (gpointer) rb_record_get_string (school, "name"));
      g_ptr_array_add (uuids, g_strdup (rb_record_get_uuid (school)));
      if (g_strcmp0 (current, rb_record_get_uuid (school)) == 0)
        selected = i;
    }
  g_ptr_array_add (names, NULL);
  row = choice_row (_("School"), (const char *const *) names->pdata, selected);
  g_object_set_data_full (G_OBJECT (row), "rb-uuids", uuids, (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_school_selected_cb), self, 0);
  return row;
}

static void
add_guardian_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) guardian = rb_record_new (table ("guardians"));
  g_autoptr(GError) error = NULL;

  rb_record_set_string (guardian, "pupil_uuid", rb_record_get_uuid (self->pupil));
  rb_record_set_string (guardian, "name", _("New parent or guardian"));
  if (!save_new (self, guardian, &error))
    toast_error (self, error);
  rebuild (self, SECTION_OVERVIEW);
}

static void
change_status_cb (RbCaseFile *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today_iso (self);
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_choice));
  const char *status = rb_case_statuses[selected];

  if (g_strcmp0 (status, rb_record_get_string (self->case_record, "status")) == 0)
    return;
  rb_autosave_flush (self->autosave);
  if (!rb_store_change_status (self->db, self->case_record, status, date, author (self), NULL,
                               &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_OVERVIEW);
  notify_changed (self);
}

static void
update_status_label (RbCaseFile *self)
{
  const char *status = rb_record_get_string (self->case_record, "status");
  g_autofree char *css = g_strconcat ("status-", status, NULL);
  const char *classes[] = { "status", css, NULL };

  gtk_label_set_label (self->status_label, rb_case_status_label (status));
  gtk_widget_set_css_classes (GTK_WIDGET (self->status_label), classes);
}

static void
build_overview (RbCaseFile *self)
{
  g_autoptr(GPtrArray) guardians = list_for (self, "guardians", "pupil_uuid",
                                             rb_record_get_uuid (self->pupil));
  g_autoptr(GPtrArray) changes = list_for (self, "status_changes", "case_uuid",
                                           rb_record_get_uuid (self->case_record));
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *group, *button;
  guint current = 0;

  group = add_group (self, SECTION_OVERVIEW, _("Pupil"), NULL);
  group_add (group, field_row (self, self->pupil, "first_name", _("First name")));
  group_add (group, field_row (self, self->pupil, "last_name", _("Last name")));
  group_add (group, field_row (self, self->pupil, "birth_date", _("Birth date")));
  group_add (group, field_row (self, self->pupil, "group_name", _("Group or class")));

  group = add_group (self, SECTION_OVERVIEW, _("School and Regisseurs"), NULL);
  group_add (group, school_row (self));
  group_add (group, field_row (self, self->case_record, "regisseur_swv", _("Regisseur of the SWV")));
  group_add (group, field_row (self, self->case_record, "regisseur_school",
                               _("Regisseur of the school board")));
  group_add (group, route_row (self));
  group_add (group, field_row (self, self->case_record, "estimated_hours", _("Estimated hours")));

  group = add_group (self, SECTION_OVERVIEW, _("Parents and Guardians"), NULL);
  button = add_button (self, group, _("Add _Guardian"), G_CALLBACK (add_guardian_cb));
  gtk_widget_remove_css_class (button, "suggested-action");
  for (guint i = 0; i < guardians->len; i++)
    {
      RbRecord *guardian = g_ptr_array_index (guardians, i);
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     rb_record_get_string (guardian, "name"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     rb_record_get_string (guardian, "relation"));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                                   delete_button (self, guardian, SECTION_OVERVIEW));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field_row (self, guardian, "name", _("Name")));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                field_row (self, guardian, "relation", _("Relation")));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field_row (self, guardian, "phone", _("Phone")));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field_row (self, guardian, "email", _("E-mail")));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                field_row (self, guardian, "address", _("Address")));
      group_add (group, expander);
    }

  group = add_group (self, SECTION_OVERVIEW, _("Status"), NULL);
  for (guint i = 0; rb_case_statuses[i] != NULL; i++)
    {
      g_ptr_array_add (labels, (gpointer) rb_case_status_label (rb_case_statuses[i]));
      if (g_strcmp0 (rb_case_statuses[i], rb_record_get_string (self->case_record, "status")) == 0)
        current = i;
    }
  g_ptr_array_add (labels, NULL);
  self->status_choice = choice_row (_("Status"), (const char *const *) labels->pdata, current);
  group_add (group, self->status_choice);
  add_button (self, group, _("_Change Status"), G_CALLBACK (change_status_cb));
  g_ptr_array_sort_with_data (changes, compare_by_column_desc, (gpointer) "changed_on");
  for (guint i = 0; i < changes->len; i++)
    {
      RbRecord *change = g_ptr_array_index (changes, i);
      g_autofree char *day = rb_gui_format_date (rb_record_get_string (change, "changed_on"));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", day,
                                                   rb_record_get_string (change, "changed_by")
                                                   ? rb_record_get_string (change, "changed_by") : "");
      group_add (group, info_row (rb_case_status_label (rb_record_get_string (change, "status")),
                                  subtitle));
    }
  update_status_label (self);
}

/* Signals with the absence records that prove them. */

static char *
absence_amount (RbRecord *absence)
{
  const char *kind = rb_record_get_string (absence, "kind");

  if (g_strcmp0 (kind, "LATE") == 0)
    {
      /* At most 20 a day (the schema's limit), so an unsigned int holds it. */
      guint times = (guint) rb_record_get_int (absence, "late_count");

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u time", "%s · %u times", times),
                              rb_absence_kind_label (kind), times);
    }
  return g_strdup_printf (_("%s · %g hours"), rb_absence_kind_label (kind),
                          rb_record_get_double (absence, "hours"));
}

static void
build_signals (RbCaseFile *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbSignals) engine = rb_signals_new (self->db, self->calendar, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) absences = NULL;
  GtkWidget *group;

  group = add_group (self, SECTION_SIGNALS, _("Verzuim Signals"),
                     _("Computed from the absence records with the SWV’s signal criteria."));
  if (engine != NULL)
    found = rb_signals_evaluate_pupil (engine, self->db, rb_record_get_uuid (self->pupil),
                                       &self->today, &error);
  if (found == NULL)
    {
      group_add (group, info_row (_("Signals cannot be computed"), error->message));
      return;
    }
  if (found->len == 0)
    group_add (group, info_row (_("No signals"), _("The absence records reach no criterion.")));
  absences = rb_store_index_by_uuid (self->db, "absences", NULL);
  for (guint i = found->len; i-- > 0;)
    {
      RbSignal *signal = g_ptr_array_index (found, i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *fired = rb_date_format (&signal->first_fired);
      g_autofree char *day = rb_gui_format_date (fired);
      g_autofree char *subtitle = g_strdup_printf (_("Since %s · %g %s (threshold %g)"), day,
                                                   /* One decimal is what the criteria use. */
                                                   round (signal->value * 10) / 10,
                                                   rb_criterion_unit_label (signal->unit),
                                                   signal->threshold);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), signal->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (expander),
                                      "dialog-warning-symbolic");
      if (signal->action != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), info_row (_("What to do"), signal->action));
      for (guint e = 0; signal->evidence != NULL && signal->evidence[e] != NULL; e++)
        {
          RbRecord *absence = absences ? g_hash_table_lookup (absences, signal->evidence[e]) : NULL;
          g_autofree char *date = NULL;
          g_autofree char *amount = NULL;

          if (absence == NULL)
            continue;
          date = rb_gui_format_date (rb_record_get_string (absence, "absence_date"));
          amount = absence_amount (absence);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), info_row (date, amount));
        }
      group_add (group, expander);
    }
}

/* Absence: quick entry by day or period. */

static void
add_absences_cb (RbCaseFile *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = rb_gui_parse_date (entry_text (self->absence_from), &error);
  g_autofree char *to = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  const char *kind = rb_absence_kinds[adw_combo_row_get_selected (ADW_COMBO_ROW (self->absence_kind))];
  GDate day, last;

  if (from != NULL && !rb_str_is_blank (entry_text (self->absence_to)))
    to = rb_gui_parse_date (entry_text (self->absence_to), &error);
  else if (from != NULL)
    to = g_strdup (from);
  if (to == NULL)
    {
      toast_error (self, error);
      return;
    }
  rb_date_parse (from, &day, NULL);
  rb_date_parse (to, &last, NULL);
  /* A period gets one record per school day; weekends and holidays are skipped. */
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      g_autoptr(RbRecord) absence = NULL;
      g_autofree char *iso = rb_date_format (&day);

      if (g_date_compare (&day, &last) != 0 || g_strcmp0 (from, to) != 0)
        if (!rb_calendar_is_school_day (self->calendar, &day))
          continue;
      absence = rb_record_new (table ("absences"));
      rb_record_set_string (absence, "pupil_uuid", rb_record_get_uuid (self->pupil));
      rb_record_set_string (absence, "absence_date", iso);
      rb_record_set_string (absence, "kind", kind);
      if (g_str_equal (kind, "LATE"))
        rb_record_set_int (absence, "late_count", 1);
      else if (!rb_record_set_text (absence, "hours", entry_text (self->absence_hours), &error))
        {
          toast_error (self, error);
          return;
        }
      if (!rb_record_validate (absence, &error))
        {
          toast_error (self, error);
          return;
        }
      g_ptr_array_add (records, g_steal_pointer (&absence));
    }
  if (records->len == 0)
    {
      rb_gui_toast (GTK_WIDGET (self), _("That period holds no school day, so nothing was added."));
      return;
    }
  if (!rb_store_save_all (self->db, records, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_ABSENCES);
  rebuild (self, SECTION_SIGNALS);
  notify_changed (self);
  gtk_widget_grab_focus (self->absence_from);
}

static void
build_absences (RbCaseFile *self)
{
  g_autoptr(GPtrArray) absences = list_for (self, "absences", "pupil_uuid",
                                            rb_record_get_uuid (self->pupil));
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  g_autofree char *today = today_iso (self);
  g_autofree char *today_text = rb_gui_format_date (today);
  GtkWidget *group;

  group = add_group (self, SECTION_ABSENCES, _("Add Absence"),
                     _("One day, or a period: one record per school day. Enter adds."));
  add_button (self, group, _("_Add"), G_CALLBACK (add_absences_cb));
  self->absence_from = form_entry (self, group, _("From (day-month-year)"), today_text,
                                   G_CALLBACK (add_absences_cb));
  self->absence_to = form_entry (self, group, _("To (empty for one day)"), "",
                                 G_CALLBACK (add_absences_cb));
  for (guint i = 0; rb_absence_kinds[i] != NULL; i++)
    g_ptr_array_add (kinds, (gpointer) rb_absence_kind_label (rb_absence_kinds[i]));
  g_ptr_array_add (kinds, NULL);
  self->absence_kind = choice_row (_("Kind"), (const char *const *) kinds->pdata, 2);
  group_add (group, self->absence_kind);
  self->absence_hours = form_entry (self, group, _("Hours per day"), "5.5",
                                    G_CALLBACK (add_absences_cb));

  g_ptr_array_sort_with_data (absences, compare_by_column_desc, (gpointer) "absence_date");
  group = add_group (self, SECTION_ABSENCES, _("Absence Records"), NULL);
  if (absences->len == 0)
    group_add (group, info_row (_("No absence recorded"), NULL));
  for (guint i = 0; i < MIN (absences->len, MAX_ABSENCES_SHOWN); i++)
    {
      RbRecord *absence = g_ptr_array_index (absences, i);
      g_autofree char *date = rb_gui_format_date (rb_record_get_string (absence, "absence_date"));
      g_autofree char *amount = absence_amount (absence);
      GtkWidget *row = info_row (date, amount);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete_button (self, absence, SECTION_ABSENCES));
      group_add (group, row);
    }
}

/* Logbook: append-only, with hours against the estimate. */

static void
add_log_entry_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) entry = rb_record_new (table ("log_entries"));
  g_autoptr(GError) error = NULL;
  g_autofree char *date = today_iso (self);

  rb_record_set_string (entry, "case_uuid", rb_record_get_uuid (self->case_record));
  rb_record_set_string (entry, "entry_date", date);
  rb_record_set_string (entry, "author", author (self));
  rb_record_set_string (entry, "action", entry_text (self->log_action));
  rb_record_set_string (entry, "body", entry_text (self->log_body));
  if (!rb_record_set_text (entry, "hours", entry_text (self->log_hours), &error)
      || !save_new (self, entry, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_LOGBOOK);
  notify_changed (self);
  gtk_widget_grab_focus (self->log_action);
}

static void
build_logbook (RbCaseFile *self)
{
  g_autoptr(GPtrArray) entries = list_for (self, "log_entries", "case_uuid",
                                           rb_record_get_uuid (self->case_record));
  g_autofree char *total_text = NULL;
  g_autofree char *estimate = NULL;
  GtkWidget *group, *row;
  double total = 0;

  for (guint i = 0; i < entries->len; i++)
    total += rb_record_get_double (g_ptr_array_index (entries, i), "hours");
  if (rb_record_is_set (self->case_record, "estimated_hours"))
    estimate = g_strdup_printf ("%g", rb_record_get_double (self->case_record, "estimated_hours"));
  else
    estimate = g_strdup_printf ("%g–%g", ESTIMATE_LOW, ESTIMATE_HIGH);
  total_text = g_strdup_printf (_("%g hours spent of the estimated %s hours"), total, estimate);

  group = add_group (self, SECTION_LOGBOOK, _("Add to the Logbook"),
                     _("The logbook only grows: entries cannot be changed afterwards."));
  add_button (self, group, _("_Add"), G_CALLBACK (add_log_entry_cb));
  self->log_action = form_entry (self, group, _("Action"), "", G_CALLBACK (add_log_entry_cb));
  self->log_body = form_entry (self, group, _("Text"), "", G_CALLBACK (add_log_entry_cb));
  self->log_hours = form_entry (self, group, _("Hours"), "", G_CALLBACK (add_log_entry_cb));

  group = add_group (self, SECTION_LOGBOOK, _("Logbook"), total_text);
  gtk_widget_set_name (group, "logbook-group");
  g_ptr_array_sort_with_data (entries, compare_by_column_desc, (gpointer) "entry_date");
  for (guint i = 0; i < entries->len; i++)
    {
      RbRecord *entry = g_ptr_array_index (entries, i);
      g_autofree char *date = rb_gui_format_date (rb_record_get_string (entry, "entry_date"));
      g_autofree char *title = g_strdup_printf ("%s · %s", date, rb_record_get_string (entry, "action"));
      g_autofree char *subtitle = g_strdup_printf (_("%s · %g hours · %s"),
                                                   rb_record_get_string (entry, "author"),
                                                   rb_record_get_double (entry, "hours"),
                                                   rb_record_get_string (entry, "body")
                                                   ? rb_record_get_string (entry, "body") : "");
      row = info_row (title, subtitle);
      group_add (group, row);
    }
}

/* Meetings with participants and agreements. */

static void
add_meeting_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) meeting = rb_record_new (table ("meetings"));
  g_autoptr(GError) error = NULL;
  g_autofree char *date = rb_gui_parse_date (entry_text (self->meeting_date), &error);

  if (date == NULL)
    {
      toast_error (self, error);
      return;
    }
  rb_record_set_string (meeting, "case_uuid", rb_record_get_uuid (self->case_record));
  rb_record_set_string (meeting, "kind",
                        rb_meeting_kinds[adw_combo_row_get_selected (ADW_COMBO_ROW (self->meeting_kind))]);
  rb_record_set_string (meeting, "meeting_date", date);
  rb_record_set_string (meeting, "place", entry_text (self->meeting_place));
  if (!save_new (self, meeting, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_MEETINGS);
  notify_changed (self);
}

static void
on_agreement_toggled_cb (GtkCheckButton *check, RbCaseFile *self)
{
  RbRecord *agreement = g_object_get_data (G_OBJECT (check), "rb-record");
  g_autofree char *date = today_iso (self);
  g_autoptr(GError) error = NULL;

  if (gtk_check_button_get_active (check))
    rb_record_set_string (agreement, "done_date", date);
  else
    rb_record_unset (agreement, "done_date");
  if (!rb_store_save (self->db, agreement, &error))
    toast_error (self, error);
  notify_changed (self);
}

static void
on_add_participant_cb (AdwEntryRow *row, RbCaseFile *self)
{
  RbRecord *meeting = g_object_get_data (G_OBJECT (row), "rb-record");
  g_autoptr(RbRecord) participant = rb_record_new (table ("participants"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ",", 2);

  /* "Name, role" in one line, for quick typing. */
  rb_record_set_string (participant, "meeting_uuid", rb_record_get_uuid (meeting));
  rb_record_set_string (participant, "name", parts[0] ? g_strstrip (parts[0]) : NULL);
  if (parts[0] != NULL && parts[1] != NULL)
    rb_record_set_string (participant, "role", g_strstrip (parts[1]));
  rb_record_set_boolean (participant, "present", TRUE);
  if (!save_new (self, participant, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_MEETINGS);
}

static void
on_add_agreement_cb (AdwEntryRow *row, RbCaseFile *self)
{
  RbRecord *meeting = g_object_get_data (G_OBJECT (row), "rb-record");
  g_autoptr(RbRecord) agreement = rb_record_new (table ("agreements"));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ";", 3);
  g_autofree char *due = NULL;

  /* "What; who; due date" in one line. */
  rb_record_set_string (agreement, "case_uuid", rb_record_get_uuid (self->case_record));
  rb_record_set_string (agreement, "meeting_uuid", rb_record_get_uuid (meeting));
  rb_record_set_string (agreement, "what", parts[0] ? g_strstrip (parts[0]) : NULL);
  if (parts[0] != NULL && parts[1] != NULL)
    rb_record_set_string (agreement, "who", g_strstrip (parts[1]));
  if (parts[0] != NULL && parts[1] != NULL && parts[2] != NULL)
    {
      if ((due = rb_gui_parse_date (parts[2], &error)) == NULL)
        {
          toast_error (self, error);
          return;
        }
      rb_record_set_string (agreement, "due_date", due);
    }
  if (!save_new (self, agreement, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_MEETINGS);
  notify_changed (self);
}

static GtkWidget *
agreement_row (RbCaseFile *self, RbRecord *agreement)
{
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *due = rb_gui_format_date (rb_record_get_string (agreement, "due_date"));
  g_autofree char *subtitle = g_strdup_printf (_("%s · due %s"),
                                               rb_record_get_string (agreement, "who")
                                               ? rb_record_get_string (agreement, "who") : "",
                                               *due ? due : _("no term"));
  GtkWidget *row = info_row (rb_record_get_string (agreement, "what"), subtitle);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               rb_record_is_set (agreement, "done_date"));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Done"), -1);
  g_object_set_data_full (G_OBJECT (check), "rb-record", g_object_ref (agreement), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_agreement_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

static GtkWidget *
sub_entry (RbRecord *record, const char *title, GCallback callback, RbCaseFile *self)
{
  GtkWidget *row = rb_gui_entry_row (title, "");

  g_object_set_data_full (G_OBJECT (row), "rb-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (row, "entry-activated", callback, self, 0);
  return row;
}

static void
build_meetings (RbCaseFile *self)
{
  g_autoptr(GPtrArray) meetings = list_for (self, "meetings", "case_uuid",
                                            rb_record_get_uuid (self->case_record));
  g_autoptr(GPtrArray) agreements = list_for (self, "agreements", "case_uuid",
                                              rb_record_get_uuid (self->case_record));
  g_autofree char *today = today_iso (self);
  g_autofree char *today_text = rb_gui_format_date (today);
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();
  GtkWidget *group;

  group = add_group (self, SECTION_MEETINGS, _("Plan a Meeting"), NULL);
  add_button (self, group, _("_Add"), G_CALLBACK (add_meeting_cb));
  for (guint i = 0; rb_meeting_kinds[i] != NULL; i++)
    g_ptr_array_add (kinds, (gpointer) rb_gui_meeting_kind_label (rb_meeting_kinds[i]));
  g_ptr_array_add (kinds, NULL);
  self->meeting_kind = choice_row (_("Kind"), (const char *const *) kinds->pdata, 0);
  group_add (group, self->meeting_kind);
  self->meeting_date = form_entry (self, group, _("Date (day-month-year)"), today_text,
                                   G_CALLBACK (add_meeting_cb));
  self->meeting_place = form_entry (self, group, _("Place"), "", G_CALLBACK (add_meeting_cb));

  g_ptr_array_sort_with_data (meetings, compare_by_column_desc, (gpointer) "meeting_date");
  for (guint i = 0; i < meetings->len; i++)
    {
      RbRecord *meeting = g_ptr_array_index (meetings, i);
      g_autoptr(GPtrArray) participants = list_for (self, "participants", "meeting_uuid",
                                                    rb_record_get_uuid (meeting));
      g_autofree char *date = rb_gui_format_date (rb_record_get_string (meeting, "meeting_date"));
      g_autofree char *title = g_strdup_printf ("%s · %s", date,
                                                rb_gui_meeting_kind_label (rb_record_get_string (meeting, "kind")));

      group = add_group (self, SECTION_MEETINGS, title, rb_record_get_string (meeting, "place"));
      group_add (group, field_row (self, meeting, "minutes", _("Minutes")));
      for (guint p = 0; p < participants->len; p++)
        {
          RbRecord *participant = g_ptr_array_index (participants, p);
          GtkWidget *row = info_row (rb_record_get_string (participant, "name"),
                                     rb_record_get_string (participant, "role"));

          adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "avatar-default-symbolic");
          group_add (group, row);
        }
      group_add (group, sub_entry (meeting, _("Add participant: name, role"),
                                   G_CALLBACK (on_add_participant_cb), self));
      for (guint a = 0; a < agreements->len; a++)
        if (g_strcmp0 (rb_record_get_string (g_ptr_array_index (agreements, a), "meeting_uuid"),
                       rb_record_get_uuid (meeting)) == 0)
          group_add (group, agreement_row (self, g_ptr_array_index (agreements, a)));
      group_add (group, sub_entry (meeting, _("Add agreement: what; who; due date"),
                                   G_CALLBACK (on_add_agreement_cb), self));
    }
}

/* Consent. */

static void
add_consent_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) consent = rb_record_new (table ("consents"));
  g_autoptr(GError) error = NULL;
  g_autofree char *date = rb_gui_parse_date (entry_text (self->consent_given_on), &error);

  if (date == NULL)
    {
      toast_error (self, error);
      return;
    }
  rb_record_set_string (consent, "case_uuid", rb_record_get_uuid (self->case_record));
  rb_record_set_string (consent, "subject", entry_text (self->consent_subject));
  rb_record_set_string (consent, "given_by", entry_text (self->consent_given_by));
  rb_record_set_string (consent, "given_on", date);
  rb_record_set_string (consent, "recorded_by", author (self));
  if (!save_new (self, consent, &error))
    {
      toast_error (self, error);
      return;
    }
  rebuild (self, SECTION_CONSENTS);
}

static void
build_consents (RbCaseFile *self)
{
  g_autoptr(GPtrArray) consents = list_for (self, "consents", "case_uuid",
                                            rb_record_get_uuid (self->case_record));
  g_autofree char *today = today_iso (self);
  g_autofree char *today_text = rb_gui_format_date (today);
  GtkWidget *group;

  group = add_group (self, SECTION_CONSENTS, _("Record Consent"), NULL);
  add_button (self, group, _("_Add"), G_CALLBACK (add_consent_cb));
  self->consent_subject = form_entry (self, group, _("Consent for"), "", G_CALLBACK (add_consent_cb));
  self->consent_given_by = form_entry (self, group, _("Given by"), "", G_CALLBACK (add_consent_cb));
  self->consent_given_on = form_entry (self, group, _("Given on"), today_text,
                                       G_CALLBACK (add_consent_cb));

  group = add_group (self, SECTION_CONSENTS, _("Consents"), NULL);
  for (guint i = 0; i < consents->len; i++)
    {
      RbRecord *consent = g_ptr_array_index (consents, i);
      g_autofree char *given = rb_gui_format_date (rb_record_get_string (consent, "given_on"));
      g_autofree char *subtitle = g_strdup_printf (_("Given by %s on %s"),
                                                   rb_record_get_string (consent, "given_by"), given);
      GtkWidget *row = info_row (rb_record_get_string (consent, "subject"), subtitle);

      group_add (group, row);
      group_add (group, field_row (self, consent, "withdrawn_on", _("Withdrawn on")));
    }
}

/* Bridge placements, through the capacity rule. */

static void
add_placement_cb (RbCaseFile *self)
{
  g_autoptr(RbRecord) placement = rb_record_new (table ("placements"));
  g_autoptr(GError) error = NULL;
  g_autofree char *start = rb_gui_parse_date (entry_text (self->placement_start), &error);
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->placement_location));
  const char *reason = entry_text (self->placement_reason);

  if (start == NULL || selected >= self->location_uuids->len)
    {
      if (error == NULL)
        g_set_error_literal (&error, RB_ERROR, RB_ERROR_INVALID,
                             _("Choose a bridge location first (Preferences → Bridge Locations)"));
      toast_error (self, error);
      return;
    }
  rb_record_set_string (placement, "case_uuid", rb_record_get_uuid (self->case_record));
  rb_record_set_string (placement, "location_uuid", g_ptr_array_index (self->location_uuids, selected));
  rb_record_set_string (placement, "start_date", start);
  if (!rb_capacity_save_placement (self->db, self->calendar, placement,
                                   rb_str_is_blank (reason) ? NULL : reason, author (self), &error))
    {
      /* The refusal explains itself; a reason in the field below overrides it. */
      gtk_label_set_label (GTK_LABEL (self->placement_message), error->message);
      gtk_widget_set_visible (self->placement_message, TRUE);
      gtk_widget_set_visible (self->placement_reason, TRUE);
      gtk_widget_grab_focus (self->placement_reason);
      return;
    }
  rebuild (self, SECTION_PLACEMENTS);
  rebuild (self, SECTION_LOGBOOK);
  notify_changed (self);
}

static void
build_placements (RbCaseFile *self)
{
  g_autoptr(GPtrArray) placements = list_for (self, "placements", "case_uuid",
                                              rb_record_get_uuid (self->case_record));
  g_autoptr(GPtrArray) locations = list_for (self, "bridge_locations", NULL, NULL);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *today = today_iso (self);
  g_autofree char *today_text = rb_gui_format_date (today);
  GtkWidget *group;

  g_ptr_array_set_size (self->location_uuids, 0);
  for (guint i = 0; i < locations->len; i++)
    {
      RbRecord *location = g_ptr_array_index (locations, i);

      g_ptr_array_add (names, (gpointer) rb_record_get_string (location, "name"));
      g_ptr_array_add (self->location_uuids, g_strdup (rb_record_get_uuid (location)));
      g_hash_table_insert (by_uuid, (gpointer) rb_record_get_uuid (location), location);
    }
  g_ptr_array_add (names, NULL);

  group = add_group (self, SECTION_PLACEMENTS, _("Place at a Bridge Location"), NULL);
  add_button (self, group, _("_Place"), G_CALLBACK (add_placement_cb));
  self->placement_location = choice_row (_("Location"), (const char *const *) names->pdata, 0);
  group_add (group, self->placement_location);
  self->placement_start = form_entry (self, group, _("Start date"), today_text,
                                      G_CALLBACK (add_placement_cb));
  self->placement_message = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->placement_message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->placement_message), 0);
  gtk_widget_add_css_class (self->placement_message, "error");
  gtk_widget_set_margin_top (self->placement_message, 6);
  gtk_widget_set_visible (self->placement_message, FALSE);
  self->placement_reason = form_entry (self, group, _("Reason to exceed the capacity"), "",
                                       G_CALLBACK (add_placement_cb));
  gtk_widget_set_visible (self->placement_reason, FALSE);
  gtk_box_append (GTK_BOX (self->boxes[SECTION_PLACEMENTS]), self->placement_message);

  group = add_group (self, SECTION_PLACEMENTS, _("Placements"), NULL);
  for (guint i = 0; i < placements->len; i++)
    {
      RbRecord *placement = g_ptr_array_index (placements, i);
      RbRecord *location = g_hash_table_lookup (by_uuid,
                                                rb_record_get_string (placement, "location_uuid"));
      g_autofree char *start = rb_gui_format_date (rb_record_get_string (placement, "start_date"));
      g_autofree char *subtitle = g_strdup_printf (_("From %s%s%s"), start,
                                                   rb_record_is_set (placement, "override_reason")
                                                   ? _(" · over capacity: ") : "",
                                                   rb_record_is_set (placement, "override_reason")
                                                   ? rb_record_get_string (placement, "override_reason")
                                                   : "");

      group_add (group, info_row (location ? rb_record_get_string (location, "name") : "?", subtitle));
      group_add (group, field_row (self, placement, "end_date", _("End date")));
    }
}

static void
rebuild (RbCaseFile *self, Section section)
{
  static void (*const builders[N_SECTIONS]) (RbCaseFile *) = {
    build_overview, build_signals, build_absences, build_logbook, build_meetings,
    build_consents, build_placements,
  };

  rb_gui_clear_box (self->boxes[section]);
  builders[section] (self);
}

static GtkWidget *
section_page (GtkWidget *content)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  return scrolled;
}

static void
rb_case_file_dispose (GObject *object)
{
  GtkWidget *child;
  RbCaseFile *self = RB_CASE_FILE (object);

  /* Nothing typed is lost when the window goes. */
  if (self->autosave != NULL)
    rb_case_file_clear (self);
  g_clear_object (&self->autosave);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_CASE_FILE);
  /* The template's root box is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->timeline = NULL;
  self->documents = NULL;

  G_OBJECT_CLASS (rb_case_file_parent_class)->dispose (object);
}

static void
rb_case_file_finalize (GObject *object)
{
  RbCaseFile *self = RB_CASE_FILE (object);

  g_ptr_array_unref (self->location_uuids);

  G_OBJECT_CLASS (rb_case_file_parent_class)->finalize (object);
}

static void
on_mark_activated_cb (RbTimeline *timeline, const char *record_uuid, RbCaseFile *self)
{
  rb_case_file_show_record (self, record_uuid);
}

/* Sections that read the case from the database (a new document, another route) ask for
 * this first, so that what was typed a moment ago is in what they read. */
static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_case_file_flush (RB_CASE_FILE (widget));
}

static void
present_timeline_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_case_timeline_present (RB_CASE_FILE (widget)->timeline);
}

static void
rb_case_file_class_init (RbCaseFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_case_file_dispose;
  object_class->finalize = rb_case_file_finalize;

  /**
   * RbCaseFile::changed:
   * @case_file: the case file
   * @case_uuid: the case whose records were saved
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-case-file.ui");
  gtk_widget_class_bind_template_child (widget_class, RbCaseFile, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RbCaseFile, sections);
  gtk_widget_class_bind_template_child (widget_class, RbCaseFile, name_label);
  gtk_widget_class_bind_template_child (widget_class, RbCaseFile, status_label);
  gtk_widget_class_bind_template_child (widget_class, RbCaseFile, saved_label);
  gtk_widget_class_install_action (widget_class, "case-file.present-timeline", NULL,
                                   present_timeline_action);
  gtk_widget_class_install_action (widget_class, "case-file.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "case-file.present-timeline",
                                       NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "casefile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rb_case_file_init (RbCaseFile *self)
{
  GtkWidget *route;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->autosave = rb_autosave_new ();
  g_signal_connect_object (self->autosave, "saved", G_CALLBACK (on_saved_cb), self, 0);
  g_signal_connect_object (self->autosave, "pending", G_CALLBACK (on_pending_cb), self, 0);
  self->location_uuids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      self->boxes[i] = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
      gtk_widget_add_css_class (self->boxes[i], "case-section");
      rb_case_file_add_section (self, section_page (self->boxes[i]), section_info[i].name,
                                _(section_info[i].title));
    }
  self->timeline = RB_CASE_TIMELINE (rb_case_timeline_new ());
  g_signal_connect_object (rb_case_timeline_get_timeline (self->timeline), "mark-activated",
                           G_CALLBACK (on_mark_activated_cb), self, 0);
  rb_case_file_add_section (self, GTK_WIDGET (self->timeline), "timeline", _("Timeline"));
  self->documents = RB_CASE_DOCUMENTS (rb_case_documents_new ());
  rb_case_file_add_section (self, GTK_WIDGET (self->documents), "documents", _("Documents"));
  route = rb_case_route_new ();
  g_signal_connect_object (route, "changed", G_CALLBACK (on_route_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rb_case_file_add_section (self, route, "route", _("Route"));
}

RbCaseFile *
rb_case_file_new (void)
{
  return g_object_new (RB_TYPE_CASE_FILE, NULL);
}

/**
 * rb_case_file_load:
 * @self: a case file
 * @db: the open database
 * @calendar: its school calendar
 * @today: the day deadlines and signals are counted to
 * @case_uuid: the case to show
 * @error: return location for an error
 *
 * Shows a case, after saving what was typed in the one shown before.
 *
 * Returns: %TRUE when the case is shown.
 */
gboolean
rb_case_file_load (RbCaseFile  *self,
                   RbDatabase  *db,
                   RbCalendar  *calendar,
                   const GDate *today,
                   const char  *case_uuid,
                   GError     **error)
{
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(RbRecord) pupil = NULL;

  g_return_val_if_fail (RB_IS_CASE_FILE (self), FALSE);
  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (RB_IS_CALENDAR (calendar), FALSE);

  rb_case_file_flush (self);
  if ((case_record = rb_store_get (db, table ("cases"), case_uuid, error)) == NULL
      || (pupil = rb_store_get (db, table ("pupils"), rb_record_get_string (case_record, "pupil_uuid"),
                                error)) == NULL)
    return FALSE;

  rb_case_file_clear (self);
  self->db = g_object_ref (db);
  self->calendar = g_object_ref (calendar);
  self->today = *today;
  self->case_record = g_steal_pointer (&case_record);
  self->pupil = g_steal_pointer (&pupil);
  rb_autosave_set_database (self->autosave, db);
  for (guint i = 0; i < N_SECTIONS; i++)
    rebuild (self, i);
  rb_case_timeline_load (self->timeline, db, calendar, today, case_uuid);
  rb_case_documents_load (self->documents, db, today, case_uuid);
  gtk_label_set_label (self->saved_label, "");
  update_name (self);
  gtk_stack_set_visible_child_name (self->sections, "overview");
  return TRUE;
}

/**
 * rb_case_file_clear:
 * @self: a case file
 *
 * Forgets the case shown (after saving what was typed).
 */
void
rb_case_file_clear (RbCaseFile *self)
{
  g_return_if_fail (RB_IS_CASE_FILE (self));

  rb_autosave_set_database (self->autosave, NULL);
  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->boxes[i] != NULL)
      rb_gui_clear_box (self->boxes[i]);
  if (self->timeline != NULL)
    rb_case_timeline_clear (self->timeline);
  if (self->documents != NULL)
    rb_case_documents_clear (self->documents);
  g_clear_object (&self->case_record);
  g_clear_object (&self->pupil);
  g_clear_object (&self->calendar);
  g_clear_object (&self->db);
}

const char *
rb_case_file_get_case_uuid (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), NULL);
  return self->case_record ? rb_record_get_uuid (self->case_record) : NULL;
}

/**
 * rb_case_file_flush:
 * @self: a case file
 *
 * Saves what was typed and not yet saved, now.
 *
 * Returns: %TRUE when nothing is left unsaved.
 */
gboolean
rb_case_file_flush (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), FALSE);
  return rb_autosave_flush (self->autosave);
}

gboolean
rb_case_file_has_pending (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), FALSE);
  return rb_autosave_has_pending (self->autosave);
}

/**
 * rb_case_file_add_section:
 * @self: a case file
 * @page: the section's content (it scrolls itself when it needs to)
 * @name: a stable name, e.g. "timeline"
 * @title: what the sidebar shows
 *
 * Adds a section after the others.
 */
void
rb_case_file_add_section (RbCaseFile *self, GtkWidget *page, const char *name, const char *title)
{
  g_return_if_fail (RB_IS_CASE_FILE (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_stack_add_titled (self->sections, page, name, title);
  rb_gui_label_rows_by_text (GTK_WIDGET (self->sidebar));
}

/**
 * rb_case_file_get_section:
 * @self: a case file
 *
 * Returns: (nullable): the name of the section shown ("overview", "route"...).
 */
const char *
rb_case_file_get_section (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), NULL);
  return gtk_stack_get_visible_child_name (self->sections);
}

void
rb_case_file_show_section (RbCaseFile *self, const char *name)
{
  g_return_if_fail (RB_IS_CASE_FILE (self));
  gtk_stack_set_visible_child_name (self->sections, name);
}

/* Which section shows a record of which table; marks of the timeline open these. */
static const struct
{
  const char *table;
  const char *section;
} record_sections[] = {
  { "absences", "absences" },
  { "meetings", "meetings" },
  { "agreements", "meetings" },
  { "placements", "placements" },
  { "status_changes", "overview" },
  { "cases", "overview" },
  { "log_entries", "logbook" },
  { "consents", "consents" },
};

/**
 * rb_case_file_show_record:
 * @self: a case file showing a case
 * @record_uuid: one of the case's records
 *
 * Shows the section that holds @record_uuid: absence under Absence, a meeting or an
 * agreement under Meetings, a placement under Bridge Placement, a status change under
 * Overview.
 *
 * Returns: %TRUE when a section was found for it.
 */
gboolean
rb_case_file_show_record (RbCaseFile *self, const char *record_uuid)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), FALSE);

  if (self->db == NULL || record_uuid == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (record_sections); i++)
    {
      g_autoptr(RbRecord) record = rb_store_get (self->db, table (record_sections[i].table),
                                                 record_uuid, NULL);

      if (record != NULL)
        {
          rb_case_file_show_section (self, record_sections[i].section);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * rb_case_file_get_timeline:
 * @self: a case file
 *
 * Returns: (transfer none): its Timeline section
 */
RbCaseTimeline *
rb_case_file_get_timeline (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), NULL);
  return self->timeline;
}

/**
 * rb_case_file_get_documents:
 * @self: a case file
 *
 * Returns: (transfer none): its Documents section
 */
RbCaseDocuments *
rb_case_file_get_documents (RbCaseFile *self)
{
  g_return_val_if_fail (RB_IS_CASE_FILE (self), NULL);
  return self->documents;
}
