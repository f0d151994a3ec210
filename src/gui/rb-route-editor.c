/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-route-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "rb-gui-util.h"
#include "rb-json.h"
#include "rb-route-editor.h"
#include "rb-route-state.h"

/**
 * RbRouteEditor:
 *
 * The "Routes" page of the preferences: pick one of the SWV's routes, add, reorder, edit
 * and remove its steps, and save it, validated as a whole (a cycle, an unknown step or an
 * empty route is named and nothing is saved). Routes are exported and imported as JSON so
 * that SWVs can share them. The page edits a draft: the route's JSON, changed field by
 * field; open cases see a saved route at once (rb_route_save()).
 */

struct _RbRouteEditor
{
  AdwPreferencesPage parent_instance;

  RbDatabase *db;
  GPtrArray *routes;
  JsonNode *draft;
  guint n_added;
  gboolean updating;
  GtkFileChooserNative *chooser;

  AdwComboRow *route_row;
  GtkLabel *status_label;
  AdwPreferencesGroup *steps_group;
  GPtrArray *step_rows;
};

G_DEFINE_FINAL_TYPE (RbRouteEditor, rb_route_editor, ADW_TYPE_PREFERENCES_PAGE)

/* The text fields of a step, as the rows show them; trigger, deadline and done are
 * written compactly ("status:dreigend", "4 weeks", "meeting:jes"). */
static const struct
{
  const char *field;
  const char *title;
} fields[] = {
  { "title", N_("Title") },
  { "role", N_("Responsible role") },
  { "description", N_("Description") },
  { "trigger", N_("Trigger (e.g. status:dreigend, step:ID, case-created)") },
  { "deadline", N_("Deadline (e.g. 5 werkdagen, 4 weeks, 8 school-weeks)") },
  { "done_when", N_("Done when (e.g. meeting:jes, log:Verslag, document:KIND)") },
  { "document", N_("Document it produces") },
  { "source", N_("Source in the routeboek") },
};

static void
rebuild (RbRouteEditor *self);

static JsonArray *
phases_of (RbRouteEditor *self)
{
  return rb_json_array_member (json_node_get_object (self->draft), "phases");
}

/* The step object with @id and the steps array holding it. */
static JsonObject *
find_step (RbRouteEditor *self, const char *id, JsonArray **steps, guint *index)
{
  JsonArray *phases = phases_of (self);

  for (guint p = 0; p < json_array_get_length (phases); p++)
    {
      JsonArray *list = rb_json_array_member (json_array_get_object_element (phases, p), "steps");

      for (guint s = 0; list != NULL && s < json_array_get_length (list); s++)
        {
          JsonObject *step = json_array_get_object_element (list, s);

          if (g_strcmp0 (json_object_get_string_member_with_default (step, "id", NULL), id) == 0)
            {
              if (steps != NULL)
                *steps = list;
              if (index != NULL)
                *index = s;
              return step;
            }
        }
    }
  return NULL;
}

static char *
format_field (JsonObject *step, const char *field)
{
  JsonObject *object;
  const char *on;

  if (g_str_equal (field, "trigger"))
    {
      object = rb_json_object_member (step, "trigger");
      on = object != NULL ? json_object_get_string_member_with_default (object, "on", "") : "";
      if (object != NULL && json_object_has_member (object, on))
        return g_strdup_printf ("%s:%s", on, json_object_get_string_member (object, on));
      return g_strdup (on);
    }
  if (g_str_equal (field, "deadline"))
    {
      object = rb_json_object_member (step, "deadline");
      if (object == NULL)
        return g_strdup ("");
      return g_strdup_printf ("%" G_GINT64_FORMAT " %s",
                              json_object_get_int_member_with_default (object, "count", 0),
                              json_object_get_string_member_with_default (object, "unit", ""));
    }
  if (g_str_equal (field, "done_when"))
    {
      g_autoptr(GList) members = NULL;

      object = rb_json_object_member (step, "done_when");
      members = object != NULL ? json_object_get_members (object) : NULL;
      if (members == NULL)
        return g_strdup ("");
      return g_strdup_printf ("%s:%s", (char *)members->data,
                              json_object_get_string_member (object, members->data));
    }
  return g_strdup (json_object_get_string_member_with_default (step, field, ""));
}

/* "kind:value" → {"key": kind, kind: value}, or {kind: value} when @key is NULL. */
static JsonObject *
parse_pair (const char *text, const char *key)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  JsonObject *object = json_object_new ();

  if (key != NULL)
    json_object_set_string_member (object, key, g_strstrip (parts[0]));
  if (parts[0] != NULL && parts[1] != NULL)
    json_object_set_string_member (object, g_strstrip (parts[0]), g_strstrip (parts[1]));
  else if (key == NULL && parts[0] != NULL)
    json_object_set_string_member (object, g_strstrip (parts[0]), "");
  return object;
}

/* "4 weeks" → {"count": 4, "unit": "weeks"}; what does not parse is left for the
 * route's validation to name. */
static JsonObject *
parse_deadline (const char *text)
{
  JsonObject *object = json_object_new ();
  char *end = NULL;
  gint64 count = g_ascii_strtoll (text, &end, 10);
  g_autofree char *unit = g_strstrip (g_strdup (end));

  if (end == text)
    count = -1;
  json_object_set_int_member (object, "count", count);
  json_object_set_string_member (object, "unit", unit);
  return object;
}

/**
 * rb_route_editor_set_field:
 * @self: an editor
 * @step_id: a step of the draft
 * @field: "title", "trigger", "deadline"...
 * @text: its new text, as the row shows it
 *
 * Returns: %TRUE when the draft has the step.
 */
gboolean
rb_route_editor_set_field (RbRouteEditor *self, const char *step_id, const char *field,
                           const char *text)
{
  JsonObject *step = find_step (self, step_id, NULL, NULL);
  g_autofree char *value = g_strstrip (g_strdup (text));

  if (step == NULL)
    return FALSE;
  if (*value == '\0' && !g_str_equal (field, "title") && !g_str_equal (field, "role")
      && !g_str_equal (field, "trigger"))
    json_object_remove_member (step, field);
  else if (g_str_equal (field, "trigger"))
    json_object_set_object_member (step, field, parse_pair (value, "on"));
  else if (g_str_equal (field, "done_when"))
    json_object_set_object_member (step, field, parse_pair (value, NULL));
  else if (g_str_equal (field, "deadline"))
    json_object_set_object_member (step, field, parse_deadline (value));
  else
    json_object_set_string_member (step, field, value);
  gtk_label_set_label (self->status_label, _("Not saved yet"));
  return TRUE;
}

static void
on_field_changed_cb (GtkEditable *row, RbRouteEditor *self)
{
  if (!self->updating)
    rb_route_editor_set_field (self, g_object_get_data (G_OBJECT (row), "step-id"),
                               g_object_get_data (G_OBJECT (row), "field"),
                               gtk_editable_get_text (row));
}

static GtkWidget *
step_row (RbRouteEditor *self, JsonObject *step, const char *phase_title)
{
  const char *id = json_object_get_string_member_with_default (step, "id", "");
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *title
      = g_markup_escape_text (json_object_get_string_member_with_default (step, "title", id), -1);
  g_autofree char *subtitle = g_markup_escape_text (phase_title, -1);

  gtk_widget_set_name (row, id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  /* libadwaita 1.2 names only the header row inside, not the expander row itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  json_object_get_string_member_with_default (step, "title", id),
                                  -1);
  /* Actions are packed from the end: the last added comes first. */
  adw_expander_row_add_action (
      ADW_EXPANDER_ROW (row),
      rb_gui_icon_button_new ("user-trash-symbolic", _("Remove Step"), "route-editor.remove", id));
  adw_expander_row_add_action (
      ADW_EXPANDER_ROW (row),
      rb_gui_icon_button_new ("go-down-symbolic", _("Move Down"), "route-editor.down", id));
  adw_expander_row_add_action (
      ADW_EXPANDER_ROW (row),
      rb_gui_icon_button_new ("go-up-symbolic", _("Move Up"), "route-editor.up", id));
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autofree char *text = format_field (step, fields[f].field);
      GtkWidget *entry = rb_gui_entry_row (_(fields[f].title), text);

      g_object_set_data_full (G_OBJECT (entry), "step-id", g_strdup (id), g_free);
      g_object_set_data (G_OBJECT (entry), "field", (gpointer)fields[f].field);
      g_signal_connect_object (entry, "changed", G_CALLBACK (on_field_changed_cb), self, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
    }
  return row;
}

static void
rebuild (RbRouteEditor *self)
{
  JsonArray *phases;

  for (guint i = 0; i < self->step_rows->len; i++)
    adw_preferences_group_remove (self->steps_group, g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);
  if (self->draft == NULL)
    return;
  phases = phases_of (self);
  for (guint p = 0; p < json_array_get_length (phases); p++)
    {
      JsonObject *phase = json_array_get_object_element (phases, p);
      JsonArray *steps = rb_json_array_member (phase, "steps");

      for (guint s = 0; steps != NULL && s < json_array_get_length (steps); s++)
        {
          GtkWidget *row
              = step_row (self, json_array_get_object_element (steps, s),
                          json_object_get_string_member_with_default (phase, "title", ""));

          adw_preferences_group_add (self->steps_group, row);
          g_ptr_array_add (self->step_rows, row);
        }
    }
}

static RbRoute *
current_route (RbRouteEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->route_row);

  return self->routes != NULL && selected < self->routes->len
             ? g_ptr_array_index (self->routes, selected)
             : NULL;
}

static void
load_draft (RbRouteEditor *self)
{
  RbRoute *route = current_route (self);

  g_clear_pointer (&self->draft, json_node_unref);
  if (route != NULL)
    self->draft = rb_route_to_json (route);
  gtk_label_set_label (self->status_label, "");
  rebuild (self);
}

static gboolean
reload_routes (RbRouteEditor *self, const char *select, GError **error)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *routes = rb_route_list_stored (self->db, error);
  guint selected = 0;

  if (routes == NULL)
    return FALSE;
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  self->routes = routes;
  for (guint i = 0; i < routes->len; i++)
    {
      RbRoute *route = g_ptr_array_index (routes, i);

      gtk_string_list_append (names, route->name);
      if (g_strcmp0 (route->code, select) == 0)
        selected = i;
    }
  self->updating = TRUE;
  adw_combo_row_set_model (self->route_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->route_row, selected);
  self->updating = FALSE;
  load_draft (self);
  return TRUE;
}

/**
 * rb_route_editor_select:
 * @self: an editor
 * @code: a route of the SWV
 *
 * Returns: %TRUE when the route is shown (any unsaved draft is dropped).
 */
gboolean
rb_route_editor_select (RbRouteEditor *self, const char *code)
{
  for (guint i = 0; self->routes != NULL && i < self->routes->len; i++)
    if (g_strcmp0 (((RbRoute *)g_ptr_array_index (self->routes, i))->code, code) == 0)
      {
        adw_combo_row_set_selected (self->route_row, i);
        load_draft (self);
        return TRUE;
      }
  return FALSE;
}

/**
 * rb_route_editor_list_steps:
 * @self: an editor
 *
 * Returns: (transfer full): the ids of the draft's steps in order.
 */
GStrv
rb_route_editor_list_steps (RbRouteEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *phases = self->draft != NULL ? phases_of (self) : NULL;

  for (guint p = 0; phases != NULL && p < json_array_get_length (phases); p++)
    {
      JsonArray *steps = rb_json_array_member (json_array_get_object_element (phases, p), "steps");

      for (guint s = 0; steps != NULL && s < json_array_get_length (steps); s++)
        g_strv_builder_add (builder, json_object_get_string_member_with_default (
                                         json_array_get_object_element (steps, s), "id", ""));
    }
  return g_strv_builder_end (builder);
}

/**
 * rb_route_editor_add_step:
 * @self: an editor
 *
 * Adds a step at the end of the last phase, opened when the case is; it is edited in its row.
 */
void
rb_route_editor_add_step (RbRouteEditor *self)
{
  JsonArray *phases;
  JsonObject *phase;
  JsonObject *step;
  g_autofree char *id = NULL;

  if (self->draft == NULL || json_array_get_length (phases = phases_of (self)) == 0)
    return;
  do
    {
      g_free (id);
      id = g_strdup_printf ("stap-%u", ++self->n_added);
    }
  while (find_step (self, id, NULL, NULL) != NULL);
  phase = json_array_get_object_element (phases, json_array_get_length (phases) - 1);
  if (!json_object_has_member (phase, "steps"))
    json_object_set_array_member (phase, "steps", json_array_new ());
  step = json_object_new ();
  json_object_set_string_member (step, "id", id);
  json_object_set_string_member (step, "title", _("New step"));
  json_object_set_string_member (step, "role", _("regisseur SWV"));
  json_object_set_object_member (step, "trigger", parse_pair ("case-created", "on"));
  json_array_add_object_element (rb_json_array_member (phase, "steps"), step);
  gtk_label_set_label (self->status_label, _("Not saved yet"));
  rebuild (self);
}

/**
 * rb_route_editor_move_step:
 * @self: an editor
 * @step_id: a step of the draft
 * @offset: -1 up, 1 down (within its phase)
 */
void
rb_route_editor_move_step (RbRouteEditor *self, const char *step_id, int offset)
{
  JsonArray *steps = NULL;
  guint index = 0;
  JsonObject *step = find_step (self, step_id, &steps, &index);
  g_autoptr(GPtrArray) order = NULL;
  gpointer moved;
  int target;

  if (step == NULL)
    return;
  target = (int)index + offset;
  if (target < 0 || target >= (int)json_array_get_length (steps))
    return;
  /* JsonArray cannot insert: take the elements out and put them back in the new order. */
  order = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  while (json_array_get_length (steps) > 0)
    {
      g_ptr_array_add (order, json_node_ref (json_array_get_element (steps, 0)));
      json_array_remove_element (steps, 0);
    }
  moved = order->pdata[index];
  order->pdata[index] = order->pdata[target];
  order->pdata[target] = moved;
  for (guint i = 0; i < order->len; i++)
    json_array_add_element (steps, json_node_ref (g_ptr_array_index (order, i)));
  gtk_label_set_label (self->status_label, _("Not saved yet"));
  rebuild (self);
}

/**
 * rb_route_editor_remove_step:
 * @self: an editor
 * @step_id: a step of the draft
 *
 * Removes the step from the draft; once saved, cases that did it keep it in their history.
 */
void
rb_route_editor_remove_step (RbRouteEditor *self, const char *step_id)
{
  JsonArray *steps = NULL;
  guint index = 0;

  if (find_step (self, step_id, &steps, &index) == NULL)
    return;
  json_array_remove_element (steps, index);
  gtk_label_set_label (self->status_label, _("Not saved yet"));
  rebuild (self);
}

static void
show_error (RbRouteEditor *self, const GError *error)
{
  gtk_label_set_label (self->status_label, error->message);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
}

/**
 * rb_route_editor_save:
 * @self: an editor
 * @error: what is wrong with the draft (nothing is saved then)
 *
 * Returns: %TRUE when the draft was valid and is saved.
 */
gboolean
rb_route_editor_save (RbRouteEditor *self, GError **error)
{
  g_autoptr(RbRoute) route = NULL;
  g_autofree char *code = NULL;

  if (self->draft == NULL)
    return TRUE;
  if ((route = rb_route_new_from_json (self->draft, error)) == NULL
      || !rb_route_save (self->db, route, FALSE, error))
    return FALSE;
  code = g_strdup (route->code);
  if (!reload_routes (self, code, error))
    return FALSE;
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_label_set_label (self->status_label, _("Saved; open cases follow the new steps"));
  return TRUE;
}

/**
 * rb_route_editor_export:
 * @self: an editor
 * @file: where to write the route shown, as JSON
 * @error: return location for an error (an invalid draft is not exported)
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_route_editor_export (RbRouteEditor *self, GFile *file, GError **error)
{
  g_autoptr(RbRoute) route
      = self->draft != NULL ? rb_route_new_from_json (self->draft, error) : NULL;
  g_autofree char *data = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (route == NULL)
    return FALSE;
  data = rb_route_to_data (route);
  return g_file_set_contents (path, data, -1, error);
}

/**
 * rb_route_editor_import:
 * @self: an editor
 * @file: a route as JSON
 * @error: why it was refused (nothing is saved then)
 *
 * Adds the route, or replaces the route with its code, and shows it.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_route_editor_import (RbRouteEditor *self, GFile *file, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr(RbRoute) route = NULL;
  gsize length;

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error)
      || (route = rb_route_new_from_data (data, (gssize)length, error)) == NULL
      || !rb_route_save (self->db, route, FALSE, error))
    return FALSE;
  return reload_routes (self, route->code, error);
}

static void
on_route_selected_cb (RbRouteEditor *self)
{
  if (!self->updating)
    load_draft (self);
}

static void
step_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbRouteEditor *self = RB_ROUTE_EDITOR (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "route-editor.up"))
    rb_route_editor_move_step (self, id, -1);
  else if (g_str_equal (action_name, "route-editor.down"))
    rb_route_editor_move_step (self, id, 1);
  else
    rb_route_editor_remove_step (self, id);
}

static void
add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_route_editor_add_step (RB_ROUTE_EDITOR (widget));
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbRouteEditor *self = RB_ROUTE_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!rb_route_editor_save (self, &error))
    show_error (self, error);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser, int response, RbRouteEditor *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GError) error = NULL;
  gboolean saving
      = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  gboolean ok;

  rb_gui_file_chooser_destroy (&self->chooser, self);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL)
    return;
  ok = saving ? rb_route_editor_export (self, file, &error)
              : rb_route_editor_import (self, file, &error);
  if (!ok)
    show_error (self, error);
  else
    gtk_label_set_label (self->status_label, saving ? _("Route exported") : _("Route imported"));
}

static void
file_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbRouteEditor *self = RB_ROUTE_EDITOR (widget);
  gboolean export = g_str_equal (action_name, "route-editor.export");

  rb_gui_file_chooser_destroy (&self->chooser, self);
  self->chooser = rb_gui_file_chooser_new (
      widget, export ? _("Export Route") : _("Import Route"),
      export ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
      export ? _("_Export") : _("_Import"), _("Routes (JSON)"), "*.json",
      G_CALLBACK (on_chooser_response_cb), self);
}

static void
rb_route_editor_dispose (GObject *object)
{
  RbRouteEditor *self = RB_ROUTE_EDITOR (object);

  rb_gui_file_chooser_destroy (&self->chooser, self);
  g_clear_pointer (&self->draft, json_node_unref);
  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (rb_route_editor_parent_class)->dispose (object);
}

static void
rb_route_editor_class_init (RbRouteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_route_editor_dispose;
  gtk_widget_class_install_action (widget_class, "route-editor.up", "s", step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.down", "s", step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.remove", "s", step_action);
  gtk_widget_class_install_action (widget_class, "route-editor.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "route-editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "route-editor.export", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "route-editor.import", NULL, file_action);
}

static GtkWidget *
header_button (const char *label, const char *action, gboolean suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

static void
rb_route_editor_init (RbRouteEditor *self)
{
  GtkWidget *route_group = adw_preferences_group_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->step_rows = g_ptr_array_new ();
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self), "routes");
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Routes"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "mail-send-receive-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (route_group), _("Route"));
  adw_preferences_group_set_description (
      ADW_PREFERENCES_GROUP (route_group),
      _("The steps of the SWV’s routeboek; checked before saving"));
  gtk_box_append (GTK_BOX (buttons), header_button (_("_Import…"), "route-editor.import", FALSE));
  gtk_box_append (GTK_BOX (buttons), header_button (_("_Export…"), "route-editor.export", FALSE));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (route_group), buttons);
  self->route_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->route_row), _("Route"));
  g_signal_connect_swapped (self->route_row, "notify::selected", G_CALLBACK (on_route_selected_cb),
                            self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (route_group), GTK_WIDGET (self->route_row));
  self->status_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (route_group), GTK_WIDGET (self->status_label));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), ADW_PREFERENCES_GROUP (route_group));

  self->steps_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->steps_group, _("Steps"));
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), header_button (_("_Add Step"), "route-editor.add", FALSE));
  gtk_box_append (GTK_BOX (buttons), header_button (_("_Save Route"), "route-editor.save", TRUE));
  adw_preferences_group_set_header_suffix (self->steps_group, buttons);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->steps_group);
}

/**
 * rb_route_editor_new:
 * @db: the SWV's database
 *
 * Returns: (transfer floating): the "Routes" page, showing the default route.
 */
GtkWidget *
rb_route_editor_new (RbDatabase *db)
{
  RbRouteEditor *self = g_object_new (RB_TYPE_ROUTE_EDITOR, NULL);
  g_autofree char *code = rb_route_dup_default_code (db, NULL);
  g_autoptr(GError) error = NULL;

  self->db = g_object_ref (db);
  if (!reload_routes (self, code, &error))
    show_error (self, error);
  return GTK_WIDGET (self);
}
