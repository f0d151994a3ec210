/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-gui-util"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rb-date.h"
#include "rb-error.h"
#include "rb-gui-util.h"

/**
 * rb_gui_parse_date:
 * @text: a date as a person types it: 14-9-2026, 14-09-2026 or 2026-09-14
 * @error: set to %RB_ERROR_INVALID with a sentence for the user
 *
 * Returns: (transfer full): the date as YYYY-MM-DD, or %NULL.
 */
char *
rb_gui_parse_date (const char *text, GError **error)
{
  unsigned int d, m, y;
  int consumed = 0;
  g_autofree char *iso = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  /* Dutch order first; ISO as the core writes it also works. */
  if (sscanf (stripped, "%2u-%2u-%4u%n", &d, &m, &y, &consumed) == 3
      && stripped[consumed] == '\0' && y >= 1000)
    iso = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
  else
    iso = g_strdup (stripped);
  if (!rb_date_parse (iso, NULL, NULL))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” is not a date; write it as day-month-year, for example 14-09-2026"),
                   stripped);
      return NULL;
    }
  return g_steal_pointer (&iso);
}

/**
 * rb_gui_format_date:
 * @iso: (nullable): a date as YYYY-MM-DD
 *
 * Returns: (transfer full): the date as dd-mm-jjjj, or @iso itself when it is no date.
 */
char *
rb_gui_format_date (const char *iso)
{
  GDate date;

  if (iso == NULL || !rb_date_parse (iso, &date, NULL))
    return g_strdup (iso != NULL ? iso : "");
  return rb_date_format_for_people (&date);
}

/**
 * rb_gui_toast:
 * @widget: a widget inside an #AdwToastOverlay
 * @message: a sentence for the user (plain text)
 *
 * Shows @message as a toast of the nearest overlay.
 */
void
rb_gui_toast (GtkWidget *widget, const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay == NULL)
    {
      g_warning ("%s", message);
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

GtkWidget *
rb_gui_entry_row (const char *title, const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  return row;
}

/* Empties a GtkBox or GtkListBox. */
void
rb_gui_clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

/**
 * rb_gui_meeting_kind_label:
 * @kind: a meeting kind, one of %rb_meeting_kinds
 *
 * Returns: what the kind is called, translated; @kind itself when it is unknown.
 */
const char *
rb_gui_meeting_kind_label (const char *kind)
{
  static const char *const labels[][2] = {
    { "ot-smal", N_("Support team (narrow)") },
    { "ot-breed", N_("Support team (broad)") },
    { "mdo", N_("Multidisciplinary meeting") },
    { "jes", N_("JES meeting") },
    { "crisisteam", N_("Crisis team") },
    { "tussenevaluatie", N_("Interim evaluation") },
    { "eindadvies", N_("Final advice") },
    { "escalatietafel", N_("Escalation table") },
    { "verzuimgesprek", N_("Absence talk") },
    { "overig", N_("Other") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (kind, labels[i][0]) == 0)
      return _(labels[i][1]);
  return kind != NULL ? kind : "";
}

/**
 * rb_gui_render_widget:
 * @widget: a widget, usually a window
 *
 * Renders @widget as it was last drawn on screen, with the cairo renderer (which needs no
 * surface, so this works the same under Xvfb and on Wayland).
 *
 * Returns: (transfer full) (nullable): the image, or %NULL when @widget has not been
 *   drawn since it was shown or last changed.
 */
GdkTexture *
rb_gui_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return NULL;

  /* The paintable replays the widget's last render node: empty until a frame painted it. */
  snapshot = gtk_snapshot_new ();
  paintable = gtk_widget_paintable_new (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return NULL;

  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, NULL, NULL))
    return NULL;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  return texture;
}

/**
 * rb_gui_file_chooser_new:
 * @widget: the widget asking; the chooser is modal over its window
 * @title: the chooser's title
 * @action: open or save
 * @accept: the accept button's label
 * @filter_name: what the filter shows
 * @pattern: a file name pattern ("*.routeboek") or, with a slash, a MIME type
 * @response: (scope notified): the "response" handler
 * @user_data: for @response
 *
 * Returns: (transfer full): a shown chooser; free it with rb_gui_file_chooser_destroy()
 */
GtkFileChooserNative *
rb_gui_file_chooser_new (GtkWidget           *widget,
                         const char          *title,
                         GtkFileChooserAction action,
                         const char          *accept,
                         const char          *filter_name,
                         const char          *pattern,
                         GCallback            response,
                         gpointer             user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, filter_name);
  if (strchr (pattern, '/') != NULL)
    gtk_file_filter_add_mime_type (filter, pattern);
  else
    gtk_file_filter_add_pattern (filter, pattern);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", response, user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  return chooser;
}

/**
 * rb_gui_file_chooser_get_path:
 * @chooser: a chooser from rb_gui_file_chooser_new()
 * @response: the response it gave
 *
 * Returns: (transfer full) (nullable): the local path of the file chosen, or %NULL when
 *   the chooser was cancelled or the file has no local path.
 */
char *
rb_gui_file_chooser_get_path (GtkNativeDialog *chooser, int response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT
      || (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) == NULL)
    return NULL;
  return g_file_get_path (file);
}

/**
 * rb_gui_file_chooser_destroy:
 * @chooser: (inout) (nullable): a chooser from rb_gui_file_chooser_new(), or %NULL
 * @user_data: what its handler was connected with
 *
 * Closes a chooser that is still open (the widget that asked goes away) and clears it.
 */
void
rb_gui_file_chooser_destroy (GtkFileChooserNative **chooser, gpointer user_data)
{
  if (*chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*chooser, user_data);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (*chooser));
  g_clear_object (chooser);
}

/**
 * rb_gui_settings_new:
 *
 * Returns: (transfer full) (nullable): the application's settings, or %NULL when their
 *   schema is not installed (a build started uninstalled without it): then the app works
 *   as usual but remembers nothing, instead of aborting in g_settings_new().
 */
GSettings *
rb_gui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("No settings schema %s: window size and last database are not remembered",
               APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = GTK_IS_LABEL (child) ? child : first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/**
 * rb_gui_label_rows_by_text:
 * @widget: a widget that builds its list rows itself, such as a #GtkStackSidebar
 *
 * GTK 4.8 gives such rows no accessible name, so a screen reader announces an empty
 * "list item": each row under @widget is labelled by the first label inside it.
 */
void
rb_gui_label_rows_by_text (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label;

      if (!GTK_IS_LIST_BOX_ROW (child))
        rb_gui_label_rows_by_text (child);
      else if ((label = first_label (child)) != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        label, NULL, -1);
    }
}

/**
 * rb_gui_label_drop_down_button:
 * @drop_down: a drop-down with an accessible label
 *
 * In GTK 4.8 the focus of a #GtkDropDown lands on the button inside it, which does not
 * take the drop-down's label: a screen reader would announce "GtkToggleButton".
 */
void
rb_gui_label_drop_down_button (GtkDropDown *drop_down)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));

  if (GTK_IS_BUTTON (button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                    drop_down, NULL, -1);
}

static gboolean
on_cell_query_tooltip_cb (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip,
                          gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "cell-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * rb_gui_cell_enable_tooltip:
 * @widget: a widget in a cell of a list or column view
 *
 * Lets @widget show the tooltip rb_gui_cell_set_tooltip() gives it. Cells get their
 * tooltip when it is asked for: gtk_widget_set_tooltip_text() on a shown widget asks the
 * display server where the pointer is, a round trip for every cell bound, which made the
 * first frame and each search key slow.
 */
void
rb_gui_cell_enable_tooltip (GtkWidget *widget)
{
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_cell_query_tooltip_cb), NULL);
}

/**
 * rb_gui_cell_set_tooltip:
 * @widget: a widget given to rb_gui_cell_enable_tooltip()
 * @text: (nullable): the tooltip; %NULL or "" for none
 */
void
rb_gui_cell_set_tooltip (GtkWidget *widget, const char *text)
{
  if (text != NULL && *text == '\0')
    text = NULL;
  g_object_set_data_full (G_OBJECT (widget), "cell-tooltip", g_strdup (text), g_free);
  /* As gtk_widget_set_tooltip_text() does, the tooltip describes the cell. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/**
 * rb_gui_icon_button_new:
 * @icon: an icon name
 * @tooltip: what the button does; also its accessible name
 * @action: (nullable): the action it activates
 * @target: (nullable): the action's string parameter
 *
 * Returns: (transfer floating): a flat button that shows only @icon. GTK 4.8 makes a
 *   tooltip only the description, so without the name a screen reader says "GtkImage".
 */
GtkWidget *
rb_gui_icon_button_new (const char *icon, const char *tooltip, const char *action,
                        const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  if (action != NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static void
on_tooltip_changed_cb (GtkWidget *button, GParamSpec *pspec, gpointer user_data)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    tooltip, -1);
}

/**
 * rb_gui_label_icon_buttons:
 * @widget: a widget holding buttons that libadwaita builds, such as the "Show Text"
 *   button of an #AdwPasswordEntryRow
 *
 * Names each button under @widget that has no label but a tooltip by that tooltip, and
 * keeps the name when the tooltip changes (GTK 4.8 gives such buttons no name).
 */
void
rb_gui_label_icon_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL
          && gtk_widget_get_tooltip_text (child) != NULL)
        {
          on_tooltip_changed_cb (child, NULL, NULL);
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (on_tooltip_changed_cb),
                            NULL);
        }
      else
        rb_gui_label_icon_buttons (child);
    }
}

/* GTK 4.8 names a button with a mnemonic twice, first with its underscore ("_Cancel
 * Cancel"): its label as given, then the label inside that points at it. The latter is
 * what a screen reader should say, so the former goes, also when the label changes. */
static void
drop_mnemonic_name (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
on_label_changed_cb (GtkButton *button, GParamSpec *pspec, gpointer user_data)
{
  drop_mnemonic_name (button);
}

static gboolean
on_widget_realized (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  GObject *widget = g_value_get_object (&values[0]);

  if (GTK_IS_BUTTON (widget) && g_object_get_data (widget, "rb-mnemonic-name") == NULL)
    {
      g_object_set_data (widget, "rb-mnemonic-name", GINT_TO_POINTER (TRUE));
      drop_mnemonic_name (GTK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (on_label_changed_cb), NULL);
    }
  /* The hook stays for every widget realized later. */
  return TRUE;
}

/**
 * rb_gui_name_mnemonic_buttons:
 *
 * From now on, every button with a mnemonic gets its accessible name once and without
 * the underscore, from the moment it is realized (see drop_mnemonic_name()).
 */
void
rb_gui_name_mnemonic_buttons (void)
{
  /* Its signals exist once the class does; no widget may have been made yet. */
  g_type_class_ref (GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                              on_widget_realized, NULL, NULL);
}
