/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "rb-caseload.h"
#include "rb-demo.h"
#include "rb-generator.h"
#include "rb-gui-test-util.h"
#include "rb-gui-util.h"
#include "rb-new-case-dialog.h"
#include "rb-new-database-dialog.h"
#include "rb-preferences.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The screenshots of docs/screenshots/, in Dutch at 1366×768, light and dark: the
 * dashboard of the demo SWV, a case file, the new-case and new-SWV assistants and the
 * preferences.
 * tools/screenshots.sh runs this program with ROUTEBOEK_SCREENSHOT_DIR set; in the test
 * suite the images go to a temporary folder and are only checked.
 */

#define WIDTH 1366
#define HEIGHT 768

typedef struct
{
  char *dir;
  char *out_dir;
  char *path;
  RbWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) today = rb_test_fixed_clock (NULL);
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  const char *out_dir = g_getenv ("ROUTEBOEK_SCREENSHOT_DIR");

  f->dir = rb_test_make_dir ();
  f->out_dir = g_strdup (out_dir != NULL ? out_dir : f->dir);
  f->path = g_build_filename (f->dir, "demo-swv.db", NULL);
  /* The demo SWV as a new user gets it, on the fixed day of the tests. */
  db = rb_generator_create_database (f->path, RB_DEMO_SEED, today, &error);
  g_assert_no_error (error);
  g_assert_true (rb_generator_fill (db, RB_DEMO_CASES, RB_DEMO_SEED, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->out_dir);
  g_free (f->path);
}

/* Not blank: text, lines and icons give many distinct colours. */
static void
assert_not_blank (GdkTexture *texture)
{
  g_assert_cmpuint (rb_gui_test_count_colours (texture), >, 40);
}

static void
save (Fixture *f, GdkTexture *texture, const char *name, const char *scheme)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, scheme);
  g_autofree char *path = g_build_filename (f->out_dir, file, NULL);

  g_test_message ("%s: %dx%d", file, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  assert_not_blank (texture);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
is_drawn (gpointer widget)
{
  g_autoptr(GdkTexture) texture = rb_gui_render_widget (widget);

  return texture != NULL;
}

static GdkTexture *
render (GtkWidget *widget)
{
  /* Rows and switchers animate into place after a change. */
  rb_gui_test_run_for (600);
  rb_gui_test_wait_for_frame (widget);
  rb_gui_test_wait_until (is_drawn, widget);
  return rb_gui_render_widget (widget);
}

/* Client-side decorations take part of the default size: grow the window by them. */
static void
fit_to_screenshot (GtkWidget *window)
{
  int width = gtk_widget_get_width (window), height = gtk_widget_get_height (window);

  if (width == WIDTH && height == HEIGHT)
    return;
  gtk_window_set_default_size (GTK_WINDOW (window), 2 * WIDTH - width, 2 * HEIGHT - height);
  rb_gui_test_wait_for_frame (window);
  g_test_message ("window: %dx%d", gtk_widget_get_width (window), gtk_widget_get_height (window));
}

/* A dialog as it is seen: centred over its dimmed window. */
static GdkTexture *
render_over (GdkTexture *window, GtkWidget *dialog)
{
  g_autoptr(GdkTexture) front = render (dialog);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gdk_texture_get_width (front), height = gdk_texture_get_height (front);
  GdkTexture *texture;

  gtk_snapshot_append_texture (snapshot, window, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.4 },
                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gtk_snapshot_append_texture (snapshot, front,
                               &GRAPHENE_RECT_INIT (MAX (0, (WIDTH - width) / 2),
                                                    MAX (0, (HEIGHT - height) / 2), width, height));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gsk_renderer_unrealize (renderer);
  return texture;
}

/* The case with the most to show: signals, overdue deadlines. */
static const char *
busiest_case (RbWindow *window)
{
  RbCaseload *caseload = rb_dashboard_get_caseload (rb_window_get_dashboard (window));
  GPtrArray *summaries = rb_caseload_get_summaries (caseload);
  RbCaseSummary *best = NULL;

  for (guint i = 0; i < summaries->len; i++)
    {
      RbCaseSummary *s = g_ptr_array_index (summaries, i);

      if (best == NULL || s->signals->len + s->n_overdue > best->signals->len + best->n_overdue)
        best = s;
    }
  g_assert_nonnull (best);
  return best->case_uuid;
}

static void
type_into (RbAssistant *assistant, const char *title, const char *text)
{
  GtkWidget *row = rb_gui_test_find_row (GTK_WIDGET (assistant), title);

  g_assert_nonnull (row);
  rb_gui_test_replace_text (row, text);
}

static void
save_over (Fixture *f, GdkTexture *window, RbAssistant *assistant, const char *name,
           const char *scheme)
{
  g_autoptr(GdkTexture) texture = render_over (window, GTK_WIDGET (assistant));

  save (f, texture, name, scheme);
}

/* Its three steps: a birth date that does not fit a PO pupil, a pupil who is already in
 * the database, and the overview before Create. */
static void
shoot_new_case (Fixture *f, GdkTexture *dashboard, const char *scheme)
{
  RbAssistant *dialog = RB_ASSISTANT (rb_gui_test_open_dialog (f->window, "win.new-case",
                                                               RB_TYPE_NEW_CASE_DIALOG));
  g_autoptr(GPtrArray) pupils = rb_store_list (rb_window_get_database (f->window),
                                               rb_schema_lookup_table ("pupils"), NULL, NULL, NULL);
  g_autofree char *born = rb_gui_format_date (rb_record_get_string (pupils->pdata[0],
                                                                    "birth_date"));

  type_into (dialog, _("First name"), "Noor");
  type_into (dialog, _("Last name"), "El Idrissi");
  type_into (dialog, _("Birth date (day-month-year)"), "3-4-2008");
  g_assert_nonnull (rb_assistant_get_message (dialog));
  save_over (f, dashboard, dialog, "new-case", scheme);

  type_into (dialog, _("First name"), rb_record_get_string (pupils->pdata[0], "first_name"));
  type_into (dialog, _("Last name"), rb_record_get_string (pupils->pdata[0], "last_name"));
  type_into (dialog, _("Birth date (day-month-year)"), born);
  save_over (f, dashboard, dialog, "new-case-duplicate", scheme);

  type_into (dialog, _("First name"), "Noor");
  type_into (dialog, _("Last name"), "El Idrissi");
  type_into (dialog, _("Birth date (day-month-year)"), "3-4-2015");
  g_assert_true (rb_assistant_go_next (dialog));
  type_into (dialog, _("Group or class"), "6B");
  type_into (dialog, _("Regisseur of the SWV"), "Samira Benali");
  g_assert_true (rb_assistant_go_next (dialog));
  save_over (f, dashboard, dialog, "new-case-overview", scheme);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The first schools of a new SWV, two of them added. */
static void
shoot_new_database (Fixture *f, GdkTexture *dashboard, const char *scheme)
{
  RbAssistant *dialog = RB_ASSISTANT (rb_gui_test_open_dialog (f->window, "win.new-database",
                                                               RB_TYPE_NEW_DATABASE_DIALOG));
  const char *schools[][2] = { { "De Regenboog", "12AB" }, { "Het Anker", "" } };

  type_into (dialog, _("Name of the samenwerkingsverband"), "SWV Eemland PO");
  g_assert_true (rb_assistant_go_next (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (schools); i++)
    {
      type_into (dialog, _("Name of the school"), schools[i][0]);
      type_into (dialog, _("BRIN number (optional)"), schools[i][1]);
      rb_gui_test_press_enter (rb_gui_test_find_row (GTK_WIDGET (dialog), _("Name of the school")));
    }
  type_into (dialog, _("Name of the school"), "Sint-Jozef");
  save_over (f, dashboard, dialog, "new-database", scheme);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_screenshots (Fixture *f, gconstpointer data)
{
  const char *scheme = data;
  g_autoptr(GdkTexture) dashboard = NULL;
  g_autoptr(GdkTexture) case_file = NULL;
  g_autoptr(GdkTexture) preferences = NULL;
  GtkWindow *dialog;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_str_equal (scheme, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                   : ADW_COLOR_SCHEME_FORCE_LIGHT);
  f->window = rb_gui_test_show_window (f->path);
  fit_to_screenshot (GTK_WIDGET (f->window));

  dashboard = render (GTK_WIDGET (f->window));
  save (f, dashboard, "dashboard", scheme);

  shoot_new_case (f, dashboard, scheme);
  shoot_new_database (f, dashboard, scheme);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  dialog = rb_gui_test_find_toplevel (RB_TYPE_PREFERENCES);
  g_assert_nonnull (dialog);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (dialog), "criteria");
  preferences = render_over (dashboard, GTK_WIDGET (dialog));
  save (f, preferences, "preferences", scheme);
  gtk_window_destroy (dialog);

  g_assert_true (rb_window_show_case (f->window, busiest_case (f->window)));
  rb_case_file_show_section (rb_window_get_case_file (f->window), "overview");
  case_file = render (GTK_WIDGET (f->window));
  save (f, case_file, "case-file", scheme);

  /* Its Timeline and Documents sections (with a brugformat made), and Export… of the menu. */
  {
    RbCaseFile *file = rb_window_get_case_file (f->window);
    RbCaseDocuments *documents = rb_case_file_get_documents (file);
    g_autofree char *bundle = g_build_filename (f->dir, "export.routeboek", NULL);
    g_autoptr(GFile) bundle_file = g_file_new_for_path (bundle);
    g_autoptr(GdkTexture) timeline = NULL, list = NULL, editor = NULL, export = NULL;
    GtkWindow *share;

    rb_case_file_show_section (file, "timeline");
    timeline = render (GTK_WIDGET (f->window));
    save (f, timeline, "case-timeline", scheme);
    rb_case_file_show_section (file, "documents");
    g_assert_true (rb_case_documents_create (documents, "brugformat", NULL));
    editor = render (GTK_WIDGET (f->window));
    save (f, editor, "case-document-editor", scheme);
    rb_case_documents_show_list (documents);
    list = render (GTK_WIDGET (f->window));
    save (f, list, "case-documents", scheme);
    share = GTK_WINDOW (rb_window_export (f->window, bundle_file));
    export = render_over (list, GTK_WIDGET (share));
    save (f, export, "export", scheme);
    gtk_window_destroy (share);
  }
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);
  /* The screenshots show the app as its users see it: in Dutch. */
  rb_gui_test_use_dutch ();

  g_test_add ("/screenshots/light", Fixture, "light", fixture_set_up, test_screenshots,
              fixture_tear_down);
  g_test_add ("/screenshots/dark", Fixture, "dark", fixture_set_up, test_screenshots,
              fixture_tear_down);
  return g_test_run ();
}
