/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-row.h"
#include "rb-error.h"
#include "rb-schema.h"
#include "rb-window.h"

/**
 * RbWindow:
 *
 * One window shows one SWV database: its cases in a sortable, searchable list. The
 * window only presents what the core reads; opening files and remembering them is the
 * application's business, errors are shown in place (status page or toast).
 */

struct _RbWindow
{
  AdwApplicationWindow parent_instance;

  RbDatabase *db;
  GListModel *rows;
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  char *query;
  GtkFileChooserNative *chooser;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *main_stack;
  GtkStack *list_stack;
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkColumnView *column_view;
  GtkColumnViewColumn *pupil_column;
  AdwStatusPage *error_page;
  AdwStatusPage *no_results_page;
};

G_DEFINE_FINAL_TYPE (RbWindow, rb_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_row (gpointer item, gpointer user_data)
{
  RbWindow *self = user_data;

  if (self->query == NULL || *self->query == '\0')
    return TRUE;
  return strstr (rb_case_row_get_search_key (item), self->query) != NULL;
}

static void
update_count (RbWindow *self)
{
  guint n_all = self->rows ? g_list_model_get_n_items (self->rows) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (self->query == NULL || *self->query == '\0')
    text = g_strdup_printf (ngettext ("%u case", "%u cases", n_all), n_all);
  else
    text = g_strdup_printf (ngettext ("%u of %u case", "%u of %u cases", n_all), n_shown, n_all);
  gtk_label_set_label (self->count_label, text);

  /* A search that finds nothing says so, instead of an empty table. */
  if (n_shown == 0 && n_all > 0)
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *escaped = g_markup_escape_text (search, -1);
      g_autofree char *description =
        g_strdup_printf (_("No pupil’s name contains “%s”."), escaped);

      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
show_error_page (RbWindow *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  adw_window_title_set_title (self->window_title, _("Routeboek"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Routeboek"));
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
on_search_changed_cb (GtkSearchEntry *entry, RbWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = rb_case_row_fold_for_search (text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  g_autofree char *old = g_steal_pointer (&self->query);

  if (g_strcmp0 (old, query) == 0)
    {
      self->query = g_steal_pointer (&query);
      return;
    }
  /* Tell the filter model which rows can stay, so typing on does not refilter them all. */
  if (old == NULL || strstr (query, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

static void
on_filtered_items_changed_cb (RbWindow   *self,
                              guint       position,
                              guint       removed,
                              guint       added,
                              GListModel *model)
{
  update_count (self);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser, int response, RbWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        rb_window_open (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (databases, _("Routeboek databases"));
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Open Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), databases);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
find_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "cases") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
rb_window_dispose (GObject *object)
{
  RbWindow *self = RB_WINDOW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  /* The filter may outlive us inside the column view's model chain. */
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (rb_window_parent_class)->dispose (object);
}

static void
rb_window_finalize (GObject *object)
{
  RbWindow *self = RB_WINDOW (object);

  g_free (self->query);

  G_OBJECT_CLASS (rb_window_parent_class)->finalize (object);
}

static void
rb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RbWindow *self = RB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RbWindow *self = RB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      rb_window_set_database (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_window_class_init (RbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_window_dispose;
  object_class->finalize = rb_window_finalize;
  object_class->get_property = rb_window_get_property;
  object_class->set_property = rb_window_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, RB_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The column factories in the template look the row type up by name. */
  g_type_ensure (RB_TYPE_CASE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, pupil_column);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close",
                                       NULL);
}

static void
rb_window_init (RbWindow *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* rows → filter (search) → sort (column headers) → selection → column view */
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              sorter ? g_object_ref (sorter) : NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_column_view_sort_by_column (self->column_view, self->pupil_column, GTK_SORT_ASCENDING);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  update_count (self);
}

/**
 * rb_window_new:
 * @application: (nullable): the application the window belongs to
 *
 * Returns: (transfer none): a new window, showing nothing until a database is set; GTK
 *   owns it until gtk_window_destroy().
 */
RbWindow *
rb_window_new (GtkApplication *application)
{
  return g_object_new (RB_TYPE_WINDOW, "application", application, NULL);
}

RbDatabase *
rb_window_get_database (RbWindow *self)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  return self->db;
}

/**
 * rb_window_set_database:
 * @self: a window
 * @db: an open database
 *
 * Shows the cases of @db. When they cannot be read the error is shown and the window
 * keeps what it showed before.
 */
void
rb_window_set_database (RbWindow *self, RbDatabase *db)
{
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (RB_IS_WINDOW (self));
  g_return_if_fail (db == NULL || RB_IS_DATABASE (db));

  if (db == self->db)
    return;
  if (db != NULL && (rows = rb_case_row_list_load (db, &error)) == NULL)
    {
      rb_window_show_error (self, error);
      return;
    }

  g_set_object (&self->db, db);
  g_set_object (&self->rows, rows);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_clear_pointer (&self->query, g_free);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  gtk_filter_list_model_set_model (self->filter_model, rows);

  if (db != NULL)
    {
      subtitle = g_strdup_printf (_("%s · holiday region %s"), rb_database_get_school_type (db),
                                  rb_region_label (rb_database_get_region (db)));
      adw_window_title_set_title (self->window_title, rb_database_get_swv_name (db));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), rb_database_get_swv_name (db));
      gtk_stack_set_visible_child_name (self->main_stack,
                                        g_list_model_get_n_items (rows) > 0 ? "cases" : "empty");
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Routeboek"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Routeboek"));
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }
  update_count (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);
}

/**
 * rb_window_open:
 * @self: a window
 * @file: a database file
 *
 * Opens @file and shows it. A file that cannot be opened is not a crash but a message:
 * on the whole window when nothing is shown yet, else as a toast over the open database.
 *
 * Returns: %TRUE when @file is now shown.
 */
gboolean
rb_window_open (RbWindow *self, GFile *file)
{
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (RB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((path = g_file_get_path (file)) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (&error, RB_ERROR, RB_ERROR_NOT_FOUND,
                   _("“%s” is not a file on this computer, so it cannot be opened."), uri);
    }
  else
    db = rb_database_open (path, &error);

  if (db == NULL)
    {
      rb_window_show_error (self, error);
      return FALSE;
    }
  rb_window_set_database (self, db);
  return self->db == db;
}

/**
 * rb_window_show_error:
 * @self: a window
 * @error: what went wrong; its message is a sentence for the user
 *
 * Shows @error over the whole window when no database is shown, else as a toast.
 */
void
rb_window_show_error (RbWindow *self, const GError *error)
{
  g_return_if_fail (RB_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  if (self->db != NULL)
    rb_window_add_toast (self, error->message);
  else
    show_error_page (self, error->message);
}

void
rb_window_add_toast (RbWindow *self, const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (RB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup; messages may hold file names with & or <. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * rb_window_render:
 * @self: a window
 *
 * Renders the window as it was last drawn on screen, with the cairo renderer (which needs
 * no surface, so this works the same under Xvfb and on Wayland).
 *
 * Returns: (transfer full) (nullable): the image, or %NULL when the window has not been
 *   drawn since it was shown or last changed; wait for the next frame then.
 */
GdkTexture *
rb_window_render (RbWindow *self)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  int width, height;

  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return NULL;

  /* The paintable replays the window's last render node: empty until a frame painted it. */
  snapshot = gtk_snapshot_new ();
  paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
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
 * rb_window_save_png:
 * @self: a window that has been drawn
 * @path: the PNG file to write
 * @error: return location for an error
 *
 * Saves the window as it is on screen (for documentation screenshots and tests).
 *
 * Returns: %TRUE when @path was written.
 */
gboolean
rb_window_save_png (RbWindow *self, const char *path, GError **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_val_if_fail (RB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((texture = rb_window_render (self)) == NULL)
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_FAILED,
                           _("The window has not been drawn yet, so there is nothing to save."));
      return FALSE;
    }
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("The image “%s” cannot be written."), path);
      return FALSE;
    }
  return TRUE;
}
