/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-route"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-file.h"
#include "rb-case-route.h"
#include "rb-date.h"
#include "rb-gui-util.h"
#include "rb-route-state.h"
#include "rb-store.h"
#include "rb-window.h"

/**
 * RbCaseRoute:
 *
 * The case file's "Route" section: the route the case follows (changeable; the change is
 * logged), its phase, the next step with its due day, and the checklist of steps phase by
 * phase. A step is acted on where it is done: its logbook entry, its meeting or its
 * document; any step can be marked done or not applicable with a reason. Shown inside a
 * case file, the section reads the case shown each time it is mapped. It emits
 * #RbCaseRoute::changed after it stored a change, for the dashboard's Next Step column.
 */

struct _RbCaseRoute
{
  GtkWidget parent_instance;

  RbDatabase *db;
  char *case_uuid;
  RbChecklist *checklist;
  GPtrArray *routes;
  gboolean updating;

  /* Bound so that disposing the template unparents it. */
  GtkWidget *scroller;
  AdwComboRow *route_row;
  AdwActionRow *phase_row;
  AdwActionRow *next_row;
  GtkBox *phases_box;
};

G_DEFINE_FINAL_TYPE (RbCaseRoute, rb_case_route, GTK_TYPE_WIDGET)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
today_of (RbDatabase *db, GDate *today, char **iso)
{
  rb_database_get_today (db, today);
  if (iso != NULL)
    *iso = rb_date_format (today);
}

/* What a row says under its title: who, and by when or since when. */
static char *
describe_item (RbRoute *route, const RbStepItem *item)
{
  const RbRouteStep *step = rb_route_find_step (route, item->step_id);
  g_autofree char *day = NULL;
  g_autofree char *trigger = NULL;
  const char *role = item->role != NULL ? item->role : "";

  switch (item->state)
    {
    case RB_STEP_DONE:
      day = rb_date_format_for_people (&item->done);
      return g_strdup_printf (_("%s · done %s · %s"), role, day,
                              item->evidence != NULL ? item->evidence : "");
    case RB_STEP_NOT_APPLICABLE:
      return g_strdup_printf (_("%s · not applicable: %s"), role,
                              item->reason != NULL ? item->reason : "");
    case RB_STEP_WAITING:
      trigger = step != NULL ? rb_route_describe_trigger (route, step) : g_strdup ("");
      return g_strdup_printf (_("%s · starts when %s"), role, trigger);
    case RB_STEP_OPEN:
    case RB_STEP_OVERDUE:
    default:
      if (!g_date_valid (&item->due))
        return g_strdup_printf (_("%s · open, no deadline"), role);
      day = rb_date_format_for_people (&item->due);
      return g_strdup_printf (_("%s · due %s"), role, day);
    }
}

static GtkWidget *
state_badge (RbStepState state)
{
  GtkWidget *label = gtk_label_new (rb_step_state_label (state));

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (state == RB_STEP_OVERDUE)
    gtk_widget_add_css_class (label, "error");
  else if (state == RB_STEP_DONE)
    gtk_widget_add_css_class (label, "success");
  else if (state == RB_STEP_OPEN)
    gtk_widget_add_css_class (label, "accent");
  else
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_size_request (label, 96, -1);
  return label;
}

static const char *
act_tooltip (const RbRouteStep *step)
{
  if (step->done == RB_DONE_DOCUMENT || (step->done != RB_DONE_MEETING && step->document != NULL))
    return _("Make the document");
  if (step->done == RB_DONE_MEETING)
    return _("Plan the meeting");
  if (step->done == RB_DONE_LOG)
    return _("Write the logbook entry");
  return NULL;
}

static GtkWidget *
build_row (RbCaseRoute *self, const RbStepItem *item)
{
  RbRoute *route = self->checklist->route;
  const RbRouteStep *step = rb_route_find_step (route, item->step_id);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_item (route, item);
  g_autofree char *title = g_markup_escape_text (item->title, -1);
  g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
  gboolean finished = item->state == RB_STEP_DONE || item->state == RB_STEP_NOT_APPLICABLE;

  gtk_widget_set_name (row, item->step_id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (step != NULL && step->description != NULL)
    gtk_widget_set_tooltip_text (row, step->description);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), state_badge (item->state));
  if (item->removed)
    return row;

  if (!finished && step != NULL && act_tooltip (step) != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               rb_gui_icon_button_new ("go-next-symbolic", act_tooltip (step),
                                                       "case-route.act", item->step_id));
  if (!finished)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 rb_gui_icon_button_new ("object-select-symbolic", _("Mark Done"),
                                                         "case-route.done", item->step_id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 rb_gui_icon_button_new ("action-unavailable-symbolic",
                                                         _("Not Applicable…"),
                                                         "case-route.not-applicable",
                                                         item->step_id));
    }
  else if (item->manual)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               rb_gui_icon_button_new ("edit-undo-symbolic", _("Undo the Mark"),
                                                       "case-route.undo", item->step_id));
  return row;
}

static gboolean
in_group (const RbStepItem *item, const char *phase_id)
{
  if (phase_id == NULL)
    return item->removed;
  return !item->removed && g_strcmp0 (item->phase_id, phase_id) == 0;
}

/* One group per phase; steps no longer in the route (phase %NULL) come last. */
static void
add_group (RbCaseRoute *self, const char *title, const char *phase_id)
{
  GtkWidget *group = NULL;

  for (guint i = 0; i < self->checklist->items->len; i++)
    {
      const RbStepItem *item = g_ptr_array_index (self->checklist->items, i);

      if (!in_group (item, phase_id))
        continue;
      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
          gtk_box_append (self->phases_box, group);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), build_row (self, item));
    }
}

static void
show_checklist (RbCaseRoute *self)
{
  RbChecklist *checklist = self->checklist;
  const RbRoutePhase *phase = rb_route_find_phase (checklist->route, checklist->phase_id);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->updating = TRUE;
  for (guint i = 0; i < self->routes->len; i++)
    {
      RbRoute *route = g_ptr_array_index (self->routes, i);

      gtk_string_list_append (names, route->name);
      if (g_strcmp0 (route->code, checklist->route->code) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->route_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->route_row, selected);
  self->updating = FALSE;

  adw_action_row_set_subtitle (self->phase_row, phase != NULL ? phase->title : "");
  if (checklist->next != NULL)
    {
      g_autofree char *day = g_date_valid (&checklist->next->due)
                                 ? rb_date_format_for_people (&checklist->next->due)
                                 : g_strdup (_("no deadline"));
      g_autofree char *text = g_strdup_printf (_("%s — %s, due %s"), checklist->next->title,
                                               checklist->next->role, day);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_action_row_set_subtitle (self->next_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->next_row, _("No step open"));

  rb_gui_clear_box (GTK_WIDGET (self->phases_box));
  for (guint p = 0; p < checklist->route->phases->len; p++)
    {
      const RbRoutePhase *each = g_ptr_array_index (checklist->route->phases, p);

      add_group (self, each->title, each->id);
    }
  add_group (self, _("No Longer in the Route"), NULL);
}

static gboolean
reload (RbCaseRoute *self, GError **error)
{
  g_autoptr(RbCalendar) calendar = NULL;
  GDate today;

  g_clear_pointer (&self->checklist, rb_checklist_free);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  today_of (self->db, &today, NULL);
  if ((calendar = rb_calendar_new_from_database (self->db, error)) == NULL
      || (self->checklist = rb_route_checklist_for_case (self->db, calendar, self->case_uuid,
                                                         &today, error)) == NULL
      || (self->routes = rb_route_list_stored (self->db, error)) == NULL)
    return FALSE;
  show_checklist (self);
  return TRUE;
}

static void
reload_or_toast (RbCaseRoute *self)
{
  g_autoptr(GError) error = NULL;

  if (self->db != NULL && !reload (self, &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
}

/**
 * rb_case_route_load:
 * @self: a route section
 * @db: the open database
 * @case_uuid: the case to show
 * @error: return location for an error
 *
 * Returns: %TRUE when the case's checklist is shown.
 */
gboolean
rb_case_route_load (RbCaseRoute *self, RbDatabase *db, const char *case_uuid, GError **error)
{
  g_return_val_if_fail (RB_IS_CASE_ROUTE (self), FALSE);
  g_return_val_if_fail (RB_IS_DATABASE (db), FALSE);

  g_set_object (&self->db, db);
  g_free (self->case_uuid);
  self->case_uuid = g_strdup (case_uuid);
  return reload (self, error);
}

/**
 * rb_case_route_get_next:
 * @self: a route section
 *
 * Returns: (nullable): the id of the next step shown, for tests.
 */
const char *
rb_case_route_get_next (RbCaseRoute *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROUTE (self), NULL);
  return self->checklist != NULL && self->checklist->next != NULL ? self->checklist->next->step_id
                                                                  : NULL;
}

/* Inside a case file, show the case it shows, read again each time the section appears. */
static void
on_map_cb (RbCaseRoute *self)
{
  GtkWidget *file = gtk_widget_get_ancestor (GTK_WIDGET (self), RB_TYPE_CASE_FILE);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RbDatabase *db = RB_IS_WINDOW (root) ? rb_window_get_database (RB_WINDOW (root)) : NULL;
  const char *uuid = file != NULL ? rb_case_file_get_case_uuid (RB_CASE_FILE (file)) : NULL;
  g_autoptr(GError) error = NULL;

  if (db == NULL || uuid == NULL)
    return;
  if (!rb_case_route_load (self, db, uuid, &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
}

static gboolean
reload_idle_cb (gpointer data)
{
  reload_or_toast (data);
  return G_SOURCE_REMOVE;
}

static void
on_route_selected_cb (RbCaseRoute *self)
{
  guint selected = adw_combo_row_get_selected (self->route_row);
  g_autoptr(RbRecord) case_record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  RbRoute *route;
  GDate today;

  if (self->updating || self->routes == NULL || selected >= self->routes->len)
    return;
  route = g_ptr_array_index (self->routes, selected);
  if (g_strcmp0 (route->code, self->checklist->route->code) == 0)
    return;
  today_of (self->db, &today, &iso);
  /* The case file saves what was typed a moment ago, which this record then has too. */
  gtk_widget_activate_action (GTK_WIDGET (self), "case-file.save", NULL);
  if ((case_record
       = rb_store_get (self->db, rb_schema_lookup_table ("cases"), self->case_uuid, &error))
          == NULL
      || !rb_route_set_case_route (self->db, case_record, route->code, iso, g_get_real_name (),
                                   &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
  else
    {
      rb_gui_toast (GTK_WIDGET (self), _("Route changed; recorded in the logbook"));
      g_signal_emit (self, signals[CHANGED], 0);
    }
  /* Not while the combo row is still announcing its selection: reloading replaces its model. */
  g_idle_add_full (G_PRIORITY_DEFAULT, reload_idle_cb, g_object_ref (self), g_object_unref);
}

static void
mark (RbCaseRoute *self, const char *step_id, RbStepState state, const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  GDate today;

  today_of (self->db, &today, &iso);
  if (!rb_route_mark_step (self->db, self->case_uuid, step_id, state, iso, reason,
                           g_get_real_name (), &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
  else
    g_signal_emit (self, signals[CHANGED], 0);
  reload_or_toast (self);
}

static void
done_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  mark (RB_CASE_ROUTE (widget), g_variant_get_string (parameter, NULL), RB_STEP_DONE, NULL);
}

static void
undo_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseRoute *self = RB_CASE_ROUTE (widget);
  g_autoptr(GError) error = NULL;

  if (!rb_route_unmark_step (self->db, self->case_uuid, g_variant_get_string (parameter, NULL),
                             &error))
    rb_gui_toast (widget, error->message);
  else
    g_signal_emit (self, signals[CHANGED], 0);
  reload_or_toast (self);
}

static void
on_reason_changed_cb (GtkEditable *entry, AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "apply", *text != '\0');
}

static void
on_reason_response_cb (AdwMessageDialog *dialog, const char *response, RbCaseRoute *self)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  const char *step_id = g_object_get_data (G_OBJECT (dialog), "step-id");

  if (g_strcmp0 (response, "apply") == 0)
    mark (self, step_id, RB_STEP_NOT_APPLICABLE, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* A step that does not apply needs a reason, asked for here. */
static void
not_applicable_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseRoute *self = RB_CASE_ROUTE (widget);
  const char *step_id = g_variant_get_string (parameter, NULL);
  const RbStepItem *item = rb_checklist_find (self->checklist, step_id);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
      adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              _("Step Not Applicable"), item != NULL ? item->title : step_id));

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why does this step not apply?"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _("_Not Applicable"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_response_enabled (dialog, "apply", FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "step-id", g_strdup (step_id), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens where the step is done: its document, its meeting or its logbook entry. */
static void
act_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseRoute *self = RB_CASE_ROUTE (widget);
  const RbRouteStep *step
      = rb_route_find_step (self->checklist->route, g_variant_get_string (parameter, NULL));
  GtkWidget *file = gtk_widget_get_ancestor (widget, RB_TYPE_CASE_FILE);
  g_autoptr(GError) error = NULL;
  const char *kind;

  if (step == NULL || file == NULL)
    return;
  kind = step->done == RB_DONE_DOCUMENT ? step->done_arg : step->document;
  if (kind != NULL && step->done != RB_DONE_MEETING)
    {
      rb_case_file_show_section (RB_CASE_FILE (file), "documents");
      if (!rb_case_documents_create (rb_case_file_get_documents (RB_CASE_FILE (file)), kind,
                                     &error))
        rb_gui_toast (widget, error->message);
    }
  else if (step->done == RB_DONE_MEETING)
    rb_case_file_show_section (RB_CASE_FILE (file), "meetings");
  else
    rb_case_file_show_section (RB_CASE_FILE (file), "logbook");
}

static void
rb_case_route_dispose (GObject *object)
{
  RbCaseRoute *self = RB_CASE_ROUTE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_CASE_ROUTE);
  g_clear_pointer (&self->checklist, rb_checklist_free);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->case_uuid, g_free);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (rb_case_route_parent_class)->dispose (object);
}

static void
rb_case_route_class_init (RbCaseRouteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_case_route_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-case-route.ui");
  gtk_widget_class_bind_template_child (widget_class, RbCaseRoute, scroller);
  gtk_widget_class_bind_template_child (widget_class, RbCaseRoute, route_row);
  gtk_widget_class_bind_template_child (widget_class, RbCaseRoute, phase_row);
  gtk_widget_class_bind_template_child (widget_class, RbCaseRoute, next_row);
  gtk_widget_class_bind_template_child (widget_class, RbCaseRoute, phases_box);

  /**
   * RbCaseRoute::changed:
   * @route: the section
   *
   * A step was marked or unmarked, or the case follows another route.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "case-route.done", "s", done_action);
  gtk_widget_class_install_action (widget_class, "case-route.not-applicable", "s",
                                   not_applicable_action);
  gtk_widget_class_install_action (widget_class, "case-route.undo", "s", undo_action);
  gtk_widget_class_install_action (widget_class, "case-route.act", "s", act_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rb_case_route_init (RbCaseRoute *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  g_signal_connect_swapped (self->route_row, "notify::selected", G_CALLBACK (on_route_selected_cb),
                            self);
}

GtkWidget *
rb_case_route_new (void)
{
  return g_object_new (RB_TYPE_CASE_ROUTE, NULL);
}
