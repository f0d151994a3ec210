/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-application.h"
#include "rb-bundle.h"
#include "rb-demo.h"
#include "rb-gui-util.h"
#include "rb-registry.h"
#include "rb-window.h"

/**
 * RbApplication:
 *
 * Starts with the database opened last (or the demo SWV on first use), opens database
 * files given on the command line, each in its own window, and keeps the list of recent
 * databases. A colleague's export (a .routeboek file) given on the command line or from
 * the file manager is not opened as a database but imported into its SWV's database. `--screenshot=FILE` renders the first window to a PNG and quits.
 */

struct _RbApplication
{
  AdwApplication parent_instance;

  GSettings *settings;  /* NULL without the schema: then the recent list says what was last */
  char *screenshot_path;
  gulong after_paint_handler;
  guint screenshot_attempts;
  int exit_status;
};

G_DEFINE_FINAL_TYPE (RbApplication, rb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save the window as a PNG image once it is shown, then quit"), N_("FILE") },
  { "non-unique", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run as a separate instance, next to one that is already running"), NULL },
  { NULL }
};

/* The database shown last: the setting, else (first start of this version, or no schema)
 * the top of the recent list. */
static char *
dup_last_database (RbApplication *self)
{
  g_autoptr(RbRegistry) registry = NULL;
  g_autofree char *last = NULL;

  if (self->settings != NULL
      && *(last = g_settings_get_string (self->settings, "last-database")) != '\0')
    return g_steal_pointer (&last);
  /* An unreadable recent list is no reason not to start: fall back to the demo. */
  registry = rb_registry_new_default ();
  if (!rb_registry_load (registry, NULL))
    return NULL;
  return rb_registry_dup_last (registry);
}

static void arm_screenshot (RbApplication *self, RbWindow *window);

static gboolean
take_screenshot_cb (gpointer user_data)
{
  RbWindow *window = user_data;
  RbApplication *self = RB_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  g_autoptr(GdkTexture) texture = NULL;

  if (self == NULL || self->screenshot_path == NULL)
    return G_SOURCE_REMOVE;

  /* On X11 the first frames can pass before the server has mapped the window, and then
   * nothing was painted: wait for a frame that was. */
  if ((texture = rb_window_render (window)) == NULL && ++self->screenshot_attempts < 100)
    {
      arm_screenshot (self, window);
      return G_SOURCE_REMOVE;
    }

  if (texture == NULL || !gdk_texture_save_to_png (texture, self->screenshot_path))
    {
      /* Scripts that make screenshots must notice when there is none. */
      g_printerr ("routeboek: %s\n", texture == NULL
                  ? _("The window was never drawn, so no screenshot was saved.")
                  : _("The screenshot cannot be written."));
      self->exit_status = 1;
    }
  g_clear_pointer (&self->screenshot_path, g_free);
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock, RbWindow *window)
{
  RbApplication *self = RB_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  /* Render from an idle, once the frame is complete. */
  g_clear_signal_handler (&self->after_paint_handler, clock);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, take_screenshot_cb, g_object_ref (window),
                   g_object_unref);
}

static void
arm_screenshot (RbApplication *self, RbWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (clock == NULL || self->after_paint_handler != 0)
    return;
  self->after_paint_handler =
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), window);
  gtk_widget_queue_draw (GTK_WIDGET (window));
}

static void
on_window_map_cb (RbWindow *window, RbApplication *self)
{
  if (self->screenshot_path != NULL)
    arm_screenshot (self, window);
}

static void
on_window_database_cb (RbWindow *window, GParamSpec *pspec, RbApplication *self)
{
  RbDatabase *db = rb_window_get_database (window);
  g_autoptr(RbRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;

  if (db == NULL)
    return;
  if (self->settings != NULL)
    {
      g_autofree char *path = g_canonicalize_filename (rb_database_get_path (db), NULL);
      g_settings_set_string (self->settings, "last-database", path);
    }
  /* A database that works is never refused because the recent list cannot be written. */
  registry = rb_registry_new_default ();
  if (!rb_registry_load (registry, &error)
      || !rb_registry_remember (registry, rb_database_get_path (db),
                                rb_database_get_swv_name (db), rb_database_get_swv_uuid (db),
                                &error))
    rb_window_add_toast (window, error->message);
}

static RbWindow *
new_window (RbApplication *self)
{
  RbWindow *window = rb_window_new (GTK_APPLICATION (self));

  if (self->screenshot_path != NULL)
    g_signal_connect_object (window, "map", G_CALLBACK (on_window_map_cb), self, 0);
  return window;
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  if (windows == NULL)
    g_application_quit (G_APPLICATION (user_data));
  /* Closed as by their close buttons, so that each saves what it keeps (typing, its
   * size); the application ends with its last window. Held meanwhile: a window closed
   * with its parent before its turn is then not closed again. */
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    {
      gtk_window_close (l->data);
      g_object_unref (l->data);
    }
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  RbApplication *self = user_data;
  const char *developers[] = { _("The Routeboek contributors"), NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Routeboek"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), developers[0]);
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Keeps the route of pupils who stay home from school, or "
                                   "threaten to: cases, absence, deadlines and meetings, for the "
                                   "regisseurs of a samenwerkingsverband."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  /* Translators: put your names here, one per line. */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  /* Part of the application, so quitting closes it with the other windows. */
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static int
rb_application_handle_local_options (GApplication *application, GVariantDict *options)
{
  RbApplication *self = RB_APPLICATION (application);
  g_autofree char *screenshot = NULL;

  if (g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot))
    {
      self->screenshot_path = g_canonicalize_filename (screenshot, NULL);
      /* The PNG must come from this process, not from an instance already running. */
      g_variant_dict_insert (options, "non-unique", "b", TRUE);
    }
  if (g_variant_dict_contains (options, "non-unique"))
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  /* -1: go on with the default handling (register, then activate or open). */
  return -1;
}

static void
rb_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  /* As GtkApplication gives its help overlay, so the menu shows it too. */
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (rb_application_parent_class)->startup (application);

  RB_APPLICATION (application)->settings = rb_gui_settings_new ();
  rb_gui_name_mnemonic_buttons ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.show-help-overlay",
                                         shortcuts_accels);
}

/* Shows the database file @path in @window; a file that is not one stays untouched. */
static gboolean
show_database (RbWindow *window, const char *path, GError **error)
{
  g_autoptr(RbDatabase) db = rb_database_open (path, error);

  if (db != NULL)
    rb_window_set_database (window, db);
  return db != NULL;
}

/* A new window with the database opened last, or the demo SWV on first use. A last
 * database that was moved, deleted or damaged since is no reason not to start: the demo is
 * shown with a message that says why. */
static RbWindow *
open_last (RbApplication *self)
{
  g_autoptr(GError) last_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = dup_last_database (self);
  g_autofree char *demo = NULL;
  g_autofree char *message = NULL;
  RbWindow *window = new_window (self);

  if (last != NULL && show_database (window, last, &last_error))
    return window;
  if ((demo = rb_demo_ensure_database (&error)) == NULL || !show_database (window, demo, &error))
    {
      rb_window_show_error (window, error);
      return window;
    }
  if (last_error != NULL)
    {
      message = g_strdup_printf (_("The database opened last could not be opened, so the demo "
                                   "SWV is shown. %s"), last_error->message);
      rb_window_add_toast (window, message);
    }
  return window;
}

static void
rb_application_activate (GApplication *application)
{
  RbApplication *self = RB_APPLICATION (application);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (active != NULL ? active : GTK_WINDOW (open_last (self)));
}

static gboolean
is_bundle (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, ".routeboek");
}

/* The window of the bundle's SWV: one that shows it, else its database from the recent
 * list, else the active one (whose import then says that the SWV differs). */
static RbWindow *
window_for_bundle (RbApplication *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(RbBundleInfo) info = path != NULL ? rb_bundle_read_info (path, NULL) : NULL;
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();
  g_autoptr(GPtrArray) entries = NULL;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self));
       info != NULL && l != NULL; l = l->next)
    {
      RbDatabase *db = RB_IS_WINDOW (l->data) ? rb_window_get_database (l->data) : NULL;

      if (db != NULL && g_strcmp0 (rb_database_get_swv_uuid (db), info->swv_uuid) == 0)
        return l->data;
    }
  if (info != NULL && rb_registry_load (registry, NULL))
    {
      entries = rb_registry_list (registry);
      for (guint i = 0; i < entries->len; i++)
        {
          RbRegistryEntry *entry = g_ptr_array_index (entries, i);
          g_autoptr(GFile) db_file = NULL;
          RbWindow *window;

          if (g_strcmp0 (entry->swv_uuid, info->swv_uuid) != 0)
            continue;
          db_file = g_file_new_for_path (entry->path);
          window = new_window (self);
          if (rb_window_open (window, db_file))
            return window;
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  return RB_IS_WINDOW (active) ? RB_WINDOW (active) : open_last (self);
}

static void
import_bundle (RbApplication *self, GFile *file)
{
  RbWindow *window = window_for_bundle (self, file);

  gtk_window_present (GTK_WINDOW (window));
  if (rb_window_get_database (window) != NULL)
    rb_window_import (window, file);
}

static void
rb_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  RbApplication *self = RB_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      RbWindow *window;

      if (is_bundle (files[i]))
        {
          import_bundle (self, files[i]);
          continue;
        }
      window = rb_window_find_for_file (files[i]);

      /* One window per SWV database: a file already open is brought to the front. */
      if (window == NULL)
        {
          window = new_window (self);
          rb_window_open (window, files[i]);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Every window of the app, also one that a window makes itself (a new SWV's), keeps the
 * recent list and the last database current. */
static void
rb_application_window_added (GtkApplication *application, GtkWindow *window)
{
  GTK_APPLICATION_CLASS (rb_application_parent_class)->window_added (application, window);

  if (RB_IS_WINDOW (window))
    g_signal_connect_object (window, "notify::database", G_CALLBACK (on_window_database_cb),
                             application, 0);
}

static void
rb_application_shutdown (GApplication *application)
{
  GList *list = gtk_application_get_windows (GTK_APPLICATION (application));
  g_autoptr(GList) windows = g_list_copy (list);

  /* Windows outlive the main loop otherwise; destroying them closes their databases
   * (and checkpoints the journal) before the process ends. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);

  G_APPLICATION_CLASS (rb_application_parent_class)->shutdown (application);
}

static void
rb_application_finalize (GObject *object)
{
  RbApplication *self = RB_APPLICATION (object);

  g_free (self->screenshot_path);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rb_application_parent_class)->finalize (object);
}

static void
rb_application_class_init (RbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = rb_application_finalize;
  app_class->handle_local_options = rb_application_handle_local_options;
  app_class->startup = rb_application_startup;
  app_class->activate = rb_application_activate;
  app_class->open = rb_application_open;
  app_class->shutdown = rb_application_shutdown;
  gtk_app_class->window_added = rb_application_window_added;
}

static void
rb_application_init (RbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.db… | FILE.routeboek]"));
  g_application_set_option_context_summary (
    G_APPLICATION (self), _("Keep the route of pupils who stay home from school."));
}

RbApplication *
rb_application_new (void)
{
  return g_object_new (RB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/nl/routeboek/Routeboek",
                       NULL);
}

/**
 * rb_application_run:
 * @self: the application
 * @argc: from main()
 * @argv: from main()
 *
 * Runs the application like g_application_run(), but the exit status also reports a
 * failed `--screenshot`.
 *
 * Returns: the exit status for main().
 */
int
rb_application_run (RbApplication *self, int argc, char **argv)
{
  int status;

  g_return_val_if_fail (RB_IS_APPLICATION (self), 1);

  status = g_application_run (G_APPLICATION (self), argc, argv);
  return status != 0 ? status : self->exit_status;
}
