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
  return g_strdup_printf ("%02u-%02u-%04u", g_date_get_day (&date), g_date_get_month (&date),
                          g_date_get_year (&date));
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
