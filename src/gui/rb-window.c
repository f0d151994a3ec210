/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-file.h"
#include "rb-conflict-view.h"
#include "rb-dashboard.h"
#include "rb-error.h"
#include "rb-gui-util.h"
#include "rb-new-case-dialog.h"
#include "rb-new-database-dialog.h"
#include "rb-preferences.h"
#include "rb-registry.h"
#include "rb-reports-page.h"
#include "rb-schema.h"
#include "rb-share-dialog.h"
#include "rb-window.h"

/**
 * RbWindow:
 *
 * One window shows one SWV database: its dashboard, and a case file opened from it. The
 * header's title is a database switcher (recent databases, open, new SWV); each SWV gets
 * its own accent stripe so that two windows are told apart at a glance. A database
 * already shown in another window is brought to the front instead of opened twice.
 *
 * The main menu also shares the database by file: Export… and Import… run an
 * #RbShareDialog (the passphrase is asked once and then kept in memory only, for this
 * database), Conflicts shows the #RbConflictView. After an import the dashboard and the
 * case shown are read again.
 */

struct _RbWindow
{
  AdwApplicationWindow parent_instance;

  RbDatabase *db;
  RbCaseload *caseload;
  GtkFileChooserNative *chooser;
  GtkFileChooserNative *share_chooser;
  char *passphrase;  /* of this database, once given this session */
  char *accent_class;
  GSettings *settings;  /* NULL without the schema: then the size is not remembered */

  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  AdwWindowTitle *window_title;
  GtkMenuButton *switcher_button;
  GtkListBox *recent_list;
  GtkWidget *back_button;
  GtkStack *main_stack;
  RbDashboard *dashboard;
  RbCaseFile *case_file;
  AdwStatusPage *error_page;
};

G_DEFINE_FINAL_TYPE (RbWindow, rb_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Distinct accents for different SWVs, defined in style.css. */
#define N_ACCENTS 6

static void
set_titles (RbWindow *self, const char *title, const char *subtitle)
{
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
show_error_page (RbWindow *self, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_status_page_set_description (self->error_page, escaped);
  set_titles (self, _("Routeboek"), NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
set_accent (RbWindow *self, RbDatabase *db)
{
  if (self->accent_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->accent_class);
  g_clear_pointer (&self->accent_class, g_free);
  if (db == NULL)
    return;
  self->accent_class = g_strdup_printf ("swv-accent-%u",
                                        g_str_hash (rb_database_get_swv_uuid (db)) % N_ACCENTS);
  gtk_widget_add_css_class (GTK_WIDGET (self), self->accent_class);
}

static void
show_dashboard (RbWindow *self)
{
  rb_case_file_clear (self->case_file);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack,
                                    self->db != NULL && rb_dashboard_get_n_cases (self->dashboard) > 0
                                    ? "cases" : "empty");
}

static void
on_case_activated_cb (RbDashboard *dashboard, const char *case_uuid, RbWindow *self)
{
  rb_window_show_case (self, case_uuid);
}

static void
on_case_changed_cb (RbCaseFile *case_file, const char *case_uuid, RbWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* The dashboard behind the case file stays current. */
  if (!rb_dashboard_refresh_case (self->dashboard, case_uuid, &error))
    rb_window_add_toast (self, error->message);
}

/* The size the next window starts with, also one opened for another SWV. */
static void
save_size (RbWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  if (self->settings == NULL)
    return;
  /* The default size follows the window's size while it is not maximized, so a window
   * closed maximized keeps the size it is restored to. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (!maximized && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static void
restore_size (RbWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
on_close_request_cb (RbWindow *self)
{
  /* Typing that waits for its timer is saved before the window goes. */
  rb_case_file_flush (self->case_file);
  save_size (self);
  return FALSE;
}

static void
on_recent_activated_cb (GtkListBox *list, GtkListBoxRow *row, RbWindow *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "rb-path");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_menu_button_popdown (self->switcher_button);
  rb_window_open (self, file);
}

static void
on_switcher_show_cb (RbWindow *self)
{
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();
  g_autoptr(GPtrArray) entries = NULL;

  rb_gui_clear_box (GTK_WIDGET (self->recent_list));
  if (!rb_registry_load (registry, NULL))
    return;
  entries = rb_registry_list (registry);
  for (guint i = 0; i < entries->len; i++)
    {
      RbRegistryEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->swv_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), entry->path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      if (self->db != NULL && g_strcmp0 (entry->swv_uuid, rb_database_get_swv_uuid (self->db)) == 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("object-select-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "rb-path", g_strdup (entry->path), g_free);
      gtk_list_box_append (self->recent_list, row);
    }
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
    rb_dashboard_focus_search (self->dashboard);
}

static void
close_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
back_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "case") == 0)
    show_dashboard (self);
}

static void
on_case_created_cb (RbNewCaseDialog *dialog, const char *case_uuid, RbWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!rb_dashboard_refresh_case (self->dashboard, case_uuid, &error))
    rb_window_add_toast (self, error->message);
  rb_window_show_case (self, case_uuid);
}

static void
new_case_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);
  RbNewCaseDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = rb_new_case_dialog_new (GTK_WINDOW (self), self->db,
                                   rb_caseload_get_today (self->caseload));
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_case_created_cb), self, 0);
  g_signal_connect_object (dialog, "open-case", G_CALLBACK (on_case_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_database_created_cb (RbNewDatabaseDialog *dialog, const char *path, RbWindow *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RbWindow *window = self;

  /* A new SWV gets its own window, so the one shown stays at hand. */
  if (self->db != NULL)
    {
      window = rb_window_new (app);
      gtk_window_present (GTK_WINDOW (window));
    }
  rb_window_open (window, file);
}

static void
new_database_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);
  RbNewDatabaseDialog *dialog = rb_new_database_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "created", G_CALLBACK (on_database_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_rules_changed_cb (RbPreferences *preferences, RbWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!rb_dashboard_refresh_all (self->dashboard, &error))
    rb_window_add_toast (self, error->message);
}

static void
preferences_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbWindow *self = RB_WINDOW (widget);
  RbPreferences *preferences;

  if (self->db == NULL)
    return;
  preferences = rb_preferences_new (GTK_WINDOW (self), self->db);
  g_signal_connect_object (preferences, "rules-changed", G_CALLBACK (on_rules_changed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Built when asked for and destroyed on close. GtkApplication would keep a help overlay
 * as a hidden toplevel, and GTK 4.8's accessibility root answers a screen reader that
 * asks for a window past the end with the last toplevel: a hidden one has no path on
 * the bus, and the app fails a critical. */
static void
name_search_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child)
          && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "edit-find-symbolic") == 0)
        gtk_widget_set_tooltip_text (child, _("Search Shortcuts"));
      else
        name_search_button (child);
    }
}

static void
shortcuts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/nl/routeboek/Routeboek/ui/rb-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  GtkWidget *titlebar = gtk_window_get_titlebar (shortcuts);

  /* GTK 4.8 gives the search button of its shortcuts window neither tooltip nor name. */
  name_search_button (titlebar);
  rb_gui_label_icon_buttons (titlebar);
  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

static void
reports_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_window_show_reports (RB_WINDOW (widget));
}

/* Sharing by file. */

static void
forget_passphrase (RbWindow *self)
{
  /* Not left behind in freed memory. */
  if (self->passphrase != NULL)
    memset (self->passphrase, 0, strlen (self->passphrase));
  g_clear_pointer (&self->passphrase, g_free);
}

static void
on_conflicts_resolved_cb (RbConflictView *view, RbWindow *self)
{
  rb_window_reload (self);
}

static void
on_share_finished_cb (RbShareDialog *dialog, gboolean success, RbWindow *self)
{
  const RbSyncSummary *summary = rb_share_dialog_get_summary (dialog);

  if (!success)
    return;
  forget_passphrase (self);
  self->passphrase = g_strdup (rb_share_dialog_get_passphrase (dialog));
  if (g_object_get_data (G_OBJECT (dialog), "rb-import") == NULL)
    return;
  rb_window_reload (self);
  if (summary->conflicts > 0)
    rb_window_show_conflicts (self);
}

static RbShareDialog *
share (RbWindow *self, RbShareMode mode, GFile *file)
{
  RbShareDialog *dialog;

  /* The dialog's thread uses the database: what was typed is saved first. */
  rb_case_file_flush (self->case_file);
  dialog = rb_share_dialog_new (GTK_WINDOW (self), self->db, mode, file);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  /* Part of the application, so quitting closes it with the window. */
  gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (GTK_WINDOW (self)));
  if (mode == RB_SHARE_IMPORT)
    g_object_set_data (G_OBJECT (dialog), "rb-import", GINT_TO_POINTER (TRUE));
  rb_share_dialog_set_passphrase (dialog, self->passphrase);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_share_finished_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_share_chooser_response_cb (GtkNativeDialog *chooser, int response, RbWindow *self)
{
  g_autoptr(GFile) file = NULL;
  RbShareMode mode = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser))
                     == GTK_FILE_CHOOSER_ACTION_SAVE ? RB_SHARE_EXPORT : RB_SHARE_IMPORT;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL
      && self->db != NULL)
    share (self, mode, file);
  g_clear_object (&self->share_chooser);
}

static void
choose_bundle (RbWindow *self, RbShareMode mode)
{
  gboolean export = mode == RB_SHARE_EXPORT;

  if (self->db == NULL || self->share_chooser != NULL)
    return;
  self->share_chooser = rb_gui_file_chooser_new (GTK_WIDGET (self), export
                                                 ? _("Export for Colleagues")
                                                 : _("Import from a Colleague"),
                                                 export ? GTK_FILE_CHOOSER_ACTION_SAVE
                                                        : GTK_FILE_CHOOSER_ACTION_OPEN,
                                                 export ? _("_Continue") : _("_Open"),
                                                 _("Routeboek exports"), "*.routeboek",
                                                 G_CALLBACK (on_share_chooser_response_cb), self);
  if (export)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
      g_autofree char *name = g_strdup_printf ("%s %s.routeboek", rb_database_get_swv_name (self->db),
                                               day);

      g_strdelimit (name, G_DIR_SEPARATOR_S, '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->share_chooser), name);
    }
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_bundle (RB_WINDOW (widget), RB_SHARE_EXPORT);
}

static void
import_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose_bundle (RB_WINDOW (widget), RB_SHARE_IMPORT);
}

static void
conflicts_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_window_show_conflicts (RB_WINDOW (widget));
}

static void
update_actions (RbWindow *self)
{
  static const char *const needs_database[] = { "win.reports", "win.export", "win.import",
                                                "win.conflicts" };

  for (guint i = 0; i < G_N_ELEMENTS (needs_database); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), needs_database[i], self->db != NULL);
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
  rb_gui_file_chooser_destroy (&self->share_chooser, self);
  forget_passphrase (self);
  if (self->case_file != NULL)
    rb_case_file_clear (self->case_file);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_WINDOW);
  g_clear_object (&self->caseload);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rb_window_parent_class)->dispose (object);
}

static void
rb_window_constructed (GObject *object)
{
  RbWindow *self = RB_WINDOW (object);

  G_OBJECT_CLASS (rb_window_parent_class)->constructed (object);

  /* Not in init: the construct properties that follow it would unmaximize the window. */
  self->settings = rb_gui_settings_new ();
  restore_size (self);
}

static void
rb_window_finalize (GObject *object)
{
  g_free (RB_WINDOW (object)->accent_class);

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

  object_class->constructed = rb_window_constructed;
  object_class->dispose = rb_window_dispose;
  object_class->finalize = rb_window_finalize;
  object_class->get_property = rb_window_get_property;
  object_class->set_property = rb_window_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, RB_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RB_TYPE_DASHBOARD);
  g_type_ensure (RB_TYPE_CASE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, switcher_button);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, dashboard);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, case_file);
  gtk_widget_class_bind_template_child (widget_class, RbWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_switcher_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.reports", NULL, reports_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.conflicts", NULL, conflicts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-case",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-database", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
}

static void
rb_window_init (RbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
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
  g_autoptr(RbCaseload) caseload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  g_return_if_fail (RB_IS_WINDOW (self));
  g_return_if_fail (db == NULL || RB_IS_DATABASE (db));

  if (db == self->db)
    return;
  /* The dashboard computes the figures: at once for a small caseload, else after the
   * first frame. */
  if (db != NULL && (caseload = rb_caseload_new_deferred (db, &error)) == NULL)
    {
      rb_window_show_error (self, error);
      return;
    }

  rb_case_file_clear (self->case_file);
  rb_gui_file_chooser_destroy (&self->share_chooser, self);
  forget_passphrase (self);
  g_set_object (&self->db, db);
  g_set_object (&self->caseload, caseload);
  update_actions (self);
  rb_dashboard_set_caseload (self->dashboard, caseload);
  set_accent (self, db);

  if (db != NULL)
    {
      subtitle = g_strdup_printf (_("%s · holiday region %s"), rb_database_get_school_type (db),
                                  rb_region_label (rb_database_get_region (db)));
      set_titles (self, rb_database_get_swv_name (db), subtitle);
    }
  else
    set_titles (self, _("Routeboek"), NULL);
  show_dashboard (self);
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
  RbWindow *shown_in;

  g_return_val_if_fail (RB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((shown_in = rb_window_find_for_file (file)) != NULL)
    {
      /* Never opened twice: the window that shows it comes to the front. */
      gtk_window_present (GTK_WINDOW (shown_in));
      return shown_in == self;
    }
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_set_error (&error, RB_ERROR, RB_ERROR_NOT_FOUND,
                   _("“%s” is not a file on this computer, so it cannot be opened."), uri);
    }
  else
    {
      rb_case_file_flush (self->case_file);
      db = rb_database_open (path, &error);
    }

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
 * Renders the window as it was last drawn on screen, see rb_gui_render_widget().
 *
 * Returns: (transfer full) (nullable): the image, or %NULL when the window has not been
 *   drawn since it was shown or last changed; wait for the next frame then.
 */
GdkTexture *
rb_window_render (RbWindow *self)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  return rb_gui_render_widget (GTK_WIDGET (self));
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

RbDashboard *
rb_window_get_dashboard (RbWindow *self)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  return self->dashboard;
}

RbCaseFile *
rb_window_get_case_file (RbWindow *self)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  return self->case_file;
}

/**
 * rb_window_show_case:
 * @self: a window showing a database
 * @case_uuid: one of its cases
 *
 * Opens the case file of @case_uuid.
 *
 * Returns: %TRUE when it is shown.
 */
gboolean
rb_window_show_case (RbWindow *self, const char *case_uuid)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);

  if (!rb_case_file_load (self->case_file, self->db, rb_caseload_get_calendar (self->caseload),
                          rb_caseload_get_today (self->caseload), case_uuid, &error))
    {
      rb_window_add_toast (self, error->message);
      return FALSE;
    }
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "case");
  return TRUE;
}

/**
 * rb_window_find_for_file:
 * @file: a database file
 *
 * Returns: (transfer none) (nullable): the window of this process that shows @file.
 */
RbWindow *
rb_window_find_for_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *wanted = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (path == NULL)
    return NULL;
  wanted = g_canonicalize_filename (path, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      RbDatabase *db;
      g_autofree char *shown = NULL;

      if (!RB_IS_WINDOW (window) || (db = RB_WINDOW (window)->db) == NULL)
        continue;
      shown = g_canonicalize_filename (rb_database_get_path (db), NULL);
      if (g_str_equal (shown, wanted))
        return RB_WINDOW (window);
    }
  return NULL;
}

/**
 * rb_window_reload:
 * @self: a window
 *
 * Reads the database again after it was changed from elsewhere (an import, a resolved
 * conflict): the dashboard, and the case file when one is shown.
 */
void
rb_window_reload (RbWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_uuid = NULL;

  g_return_if_fail (RB_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  if (!rb_dashboard_refresh_all (self->dashboard, &error))
    {
      rb_window_add_toast (self, error->message);
      return;
    }
  case_uuid = g_strdup (rb_case_file_get_case_uuid (self->case_file));
  /* A case that the import deleted is gone: then the dashboard is shown. */
  if (case_uuid == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "case") != 0
      || !rb_window_show_case (self, case_uuid))
    show_dashboard (self);
}

/**
 * rb_window_export:
 * @self: a window showing a database
 * @file: the bundle to write
 *
 * Asks for the passphrase and exports the database to @file for colleagues.
 *
 * Returns: (transfer none): the dialog, modal over @self
 */
RbShareDialog *
rb_window_export (RbWindow *self, GFile *file)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  return share (self, RB_SHARE_EXPORT, file);
}

/**
 * rb_window_import:
 * @self: a window showing a database
 * @file: a colleague's bundle
 *
 * Asks for the passphrase and merges @file into the database; afterwards the window shows
 * the result, and the conflicts when there are any.
 *
 * Returns: (transfer none): the dialog, modal over @self
 */
RbShareDialog *
rb_window_import (RbWindow *self, GFile *file)
{
  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  return share (self, RB_SHARE_IMPORT, file);
}

/**
 * rb_window_show_conflicts:
 * @self: a window showing a database
 *
 * Shows the fields that this user and a colleague both changed, to choose from.
 *
 * Returns: (transfer none) (nullable): the conflicts window
 */
GtkWindow *
rb_window_show_conflicts (RbWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *toolbar, *header;
  RbConflictView *view;

  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);

  if (self->db == NULL)
    return NULL;
  view = rb_conflict_view_new (self->db);
  if (!rb_conflict_view_reload (view, &error))
    {
      g_object_ref_sink (view);
      g_object_unref (view);
      rb_window_add_toast (self, error->message);
      return NULL;
    }
  g_signal_connect_object (view, "resolved", G_CALLBACK (on_conflicts_resolved_cb), self, 0);
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Conflicts"));
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 560);
  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (view));
  adw_window_set_content (ADW_WINDOW (window), toolbar);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * rb_window_show_reports:
 * @self: a window showing a database
 *
 * Shows the quarterly report of the database in a window of its own.
 *
 * Returns: (transfer none) (nullable): the reports window
 */
GtkWindow *
rb_window_show_reports (RbWindow *self)
{
  RbReportsPage *page;

  g_return_val_if_fail (RB_IS_WINDOW (self), NULL);

  if (self->db == NULL)
    return NULL;
  /* What was typed in the case file counts. */
  rb_case_file_flush (self->case_file);
  page = rb_reports_page_new (GTK_WINDOW (self), self->db);
  gtk_window_set_application (GTK_WINDOW (page), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (page));
  return GTK_WINDOW (page);
}
