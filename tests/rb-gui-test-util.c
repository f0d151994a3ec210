/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "rb-fixture.h"
#include "rb-gui-test-util.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * Driving the real widgets in-process under Xvfb: waiting for frames, finding widgets
 * the way a person finds them (by the text they show), typing and pressing Enter.
 */

/* The app's style sheet, as AdwApplication loads it from the resource base path. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, "/nl/routeboek/Routeboek/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/**
 * rb_gui_test_init:
 *
 * English source strings and byte-order sorting, whatever the machine's language; GTK
 * and libadwaita started; the user's own data folder out of reach.
 */
void
rb_gui_test_init (int *argc, char ***argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_unsetenv ("ROUTEBOEK_DATA_DIR");

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  load_style ();
}

/**
 * rb_gui_test_use_dutch:
 *
 * After rb_gui_test_init(): the app's own strings in Dutch, from the build's catalogue
 * (ROUTEBOEK_LOCALEDIR), as its users see them; for tests that take screenshots.
 */
void
rb_gui_test_use_dutch (void)
{
  const char *localedir = g_getenv ("ROUTEBOEK_LOCALEDIR");

  g_setenv ("LANGUAGE", "nl", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * rb_gui_test_count_colours:
 * @texture: a rendered window or widget
 *
 * Returns: how many distinct colours every second pixel of every second row has; text,
 *   lines and icons give many, a blank or one-colour image few.
 */
guint
rb_gui_test_count_colours (GdkTexture *texture)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (g_direct_hash, g_direct_equal);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        guint32 pixel;

        memcpy (&pixel, pixels + y * stride + x * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }
  return g_hash_table_size (colours);
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds; a test that would hang fails instead. */
void
rb_gui_test_wait_until (gboolean (*condition) (gpointer data), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_up = g_timeout_add (20, wake_up_cb, NULL);

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_up);
}

typedef struct
{
  GListModel *model;
  guint n_items;
} ItemCount;

static gboolean
has_n_items (gpointer data)
{
  ItemCount *count = data;

  return g_list_model_get_n_items (count->model) == count->n_items;
}

/* Waits until @model has @n_items, as after a search with the entry's typing delay. */
void
rb_gui_test_wait_for_n_items (GListModel *model, guint n_items)
{
  rb_gui_test_wait_until (has_n_items, &(ItemCount) { model, n_items });
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets timers (the autosave's, the search entry's) run as they would for a person. */
void
rb_gui_test_run_for (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, on_timeout_cb, &done);
  rb_gui_test_wait_until (is_true, &done);
}

static void
on_after_paint_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

static gboolean
transitions_done (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!transitions_done (child))
      return FALSE;
  return TRUE;
}

/* Waits for a real frame, so allocation and drawing of what is now shown are done, and
 * for page changes to finish (during a crossfade both pages are on screen). */
void
rb_gui_test_wait_for_frame (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  rb_gui_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, widget);
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  rb_gui_test_wait_until (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);
  rb_gui_test_wait_until (transitions_done, widget);
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_matching (GtkWidget *root, Match match, gconstpointer data, gboolean mapped_only)
{
  if ((!mapped_only || gtk_widget_get_mapped (root)) && match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_matching (child, match, data, mapped_only);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
rb_gui_test_find (GtkWidget *root, GType type, gboolean mapped_only)
{
  return find_matching (root, is_of_type, GSIZE_TO_POINTER (type), mapped_only);
}

static gboolean
has_name (GtkWidget *widget, gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
rb_gui_test_find_named (GtkWidget *root, const char *name)
{
  GtkWidget *found = find_matching (root, has_name, name, FALSE);

  g_assert_nonnull (found);
  return found;
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The first row titled @title, shown or not (a collapsed expander hides its rows). */
GtkWidget *
rb_gui_test_find_row (GtkWidget *root, const char *title)
{
  return find_matching (root, is_row_titled, title, FALSE);
}

static char *
strip_mnemonic (const char *text)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  return g_string_free (plain, FALSE);
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  g_autofree char *shown = NULL;
  g_autofree char *wanted = NULL;
  const char *text;

  if (!GTK_IS_BUTTON (widget) || (text = gtk_button_get_label (GTK_BUTTON (widget))) == NULL)
    return FALSE;
  /* "_Add" is shown as "Add"; either may be asked for. */
  shown = strip_mnemonic (text);
  wanted = strip_mnemonic (label);
  return g_str_equal (shown, wanted);
}

/* The first shown button labelled @label (mnemonic underscores left out). */
GtkWidget *
rb_gui_test_find_button (GtkWidget *root, const char *label)
{
  GtkWidget *found = find_matching (root, is_button_labelled, label, TRUE);

  g_assert_nonnull (found);
  return found;
}

void
rb_gui_test_collect_labels (GtkWidget *root, GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (root)));
  /* List cells show their text with inscriptions. */
  else if (GTK_IS_INSCRIPTION (root) && gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL)
    g_ptr_array_add (texts, (gpointer) gtk_inscription_get_text (GTK_INSCRIPTION (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    rb_gui_test_collect_labels (child, texts);
}

/* Whether a shown label under @root says exactly @text. */
gboolean
rb_gui_test_shows_label (GtkWidget *root, const char *text)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  rb_gui_test_collect_labels (root, texts);
  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

/* Types @text at the end of @editable, one character at a time as a keyboard would. */
void
rb_gui_test_type (GtkWidget *editable, const char *text)
{
  gtk_widget_grab_focus (editable);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (editable)), -1);

      gtk_editable_insert_text (GTK_EDITABLE (editable), p, g_utf8_next_char (p) - p, &position);
    }
}

/* Selects all and types @text over it. */
void
rb_gui_test_replace_text (GtkWidget *editable, const char *text)
{
  gtk_editable_delete_text (GTK_EDITABLE (editable), 0, -1);
  rb_gui_test_type (editable, text);
}

/* Enter in an entry row: its text field activates. */
void
rb_gui_test_press_enter (GtkWidget *entry_row)
{
  GtkWidget *text = rb_gui_test_find (entry_row, GTK_TYPE_TEXT, FALSE);

  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");
}

/* Presses @keyval the way GTK does for a key event: through the shortcut controllers of
 * @widget and its ancestors, innermost first. */
gboolean
rb_gui_test_press_key (GtkWidget *widget, guint keyval)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

              if (GTK_IS_KEYVAL_TRIGGER (trigger)
                  && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
                  && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
                return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                     widget, gtk_shortcut_get_arguments (shortcut));
            }
        }
    }
  return FALSE;
}

void
rb_gui_test_click (GtkWidget *button)
{
  /* Activating a button only clicks it after its pressed look has been shown. */
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Destroys @window, then the dialogs and windows a test opened besides. */
void
rb_gui_test_destroy_all (RbWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  rb_gui_test_destroy_window (window);
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);
      gtk_window_destroy (toplevel);
    }
}

/* Activates @action of @window and returns the dialog of @type it opened, drawn. */
GtkWindow *
rb_gui_test_open_dialog (RbWindow *window, const char *action, GType type)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  dialog = rb_gui_test_find_toplevel (type);
  g_assert_nonnull (dialog);
  rb_gui_test_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

/* The shown toplevel of @type, e.g. a dialog an action opened. */
GtkWindow *
rb_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
is_save_chooser_shown (gpointer data)
{
  return rb_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* Answers the save dialog that is opening with @path, and waits until the file is there. */
void
rb_gui_test_save_as (const char *path)
{
  GtkWindow *chooser;

  rb_gui_test_wait_until (is_save_chooser_shown, NULL);
  chooser = rb_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  /* Typed in the name field as a whole path: the dialog reads its folder later. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), path);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  rb_gui_test_wait_until (file_exists, (gpointer) path);
}

/* A window on the database at @path, whose clock stands still on a school day. */
RbWindow *
rb_gui_test_show_window (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_open (path, &error);
  RbWindow *window;

  g_assert_no_error (error);
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  window = g_object_ref_sink (rb_window_new (NULL));
  /* A laptop's screen, the smallest the app is made for. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  rb_window_set_database (window, db);
  g_assert_true (rb_window_get_database (window) == db);
  gtk_window_present (GTK_WINDOW (window));
  rb_gui_test_wait_for_frame (GTK_WIDGET (window));
  return window;
}

/* A window on the JSON fixture @fixture, loaded into swv.db in @dir. */
RbWindow *
rb_gui_test_show_fixture (const char *dir, const char *fixture)
{
  g_autofree char *json = rb_test_fixture_path (fixture);
  g_autofree char *path = g_build_filename (dir, "swv.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_fixture_load (json, path, &error);

  g_assert_no_error (error);
  g_clear_object (&db);
  return rb_gui_test_show_window (path);
}

void
rb_gui_test_destroy_window (RbWindow *window)
{
  if (window == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

RbRecord *
rb_gui_test_save_case (RbDatabase *db,
                       RbRecord   *school,
                       const char *first_name,
                       const char *last_name,
                       const char *status,
                       const char *regisseur)
{
  g_autoptr(RbRecord) pupil = NULL;

  pupil = rb_test_save_new (db, "pupils", "first_name", first_name, "last_name", last_name,
                            "birth_date", "2011-05-02", "school_uuid", rb_record_get_uuid (school),
                            "enrolled", "ja", NULL);
  return rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", status,
                           "opened_on", "2026-09-01", "regisseur_swv", regisseur, NULL);
}

/**
 * rb_gui_test_make_swv:
 * @dir: a test folder
 * @file_name: the database file in it
 * @swv_name: the SWV (VO, holiday region midden)
 * @n_cases: how many cases: pupils "@swv_name Leerling 1" etc. at one school
 *
 * Returns: (transfer full): the path of the new, closed database.
 */
char *
rb_gui_test_make_swv (const char *dir, const char *file_name, const char *swv_name, guint n_cases)
{
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_database_create (path, swv_name, "VO", "midden", &error);
  g_autoptr(RbRecord) school = NULL;

  g_assert_no_error (error);
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  school = rb_test_save_new (db, "schools", "name", "Het Baken", "brin", "34CD", NULL);
  for (guint i = 1; i <= n_cases; i++)
    {
      g_autofree char *last = g_strdup_printf ("Leerling %u", i);
      g_autoptr(RbRecord) case_record = rb_gui_test_save_case (db, school, swv_name, last,
                                                               "signalering", "Samira Benali");
    }
  rb_database_close (db);
  return g_steal_pointer (&path);
}

/* Double-click or Enter on a dashboard row, by its position as shown. */
void
rb_gui_test_activate_row (RbWindow *window, guint position)
{
  GtkWidget *view = rb_gui_test_find (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, TRUE);

  g_assert_nonnull (view);
  g_assert_cmpuint (position, <, g_list_model_get_n_items (
                      G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)))));
  g_signal_emit_by_name (view, "activate", position);
}

/* The live records of @table in the window's database, where @column is @value. */
GPtrArray *
rb_gui_test_list (RbWindow *window, const char *table, const char *column, const char *value)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rb_store_list (rb_window_get_database (window),
                                      rb_schema_lookup_table (table), column, value, &error);

  g_assert_no_error (error);
  return records;
}
