/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>

#include "rb-application.h"
#include "rb-bundle.h"
#include "rb-fixture.h"
#include "rb-gui-test-util.h"
#include "rb-registry.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"

/*
 * The timeline, the documents and sharing by file as a regisseur reaches them in the
 * application window, under Xvfb: the case file's Timeline and Documents sections, F5 and
 * Escape, a mark that opens its record, a document made, filled and exported, a bundle
 * exported from one window and imported into another database through the dialogs, and a
 * .routeboek file handed to the application.
 */

#define CASE_B "50000000-0000-4000-8000-000000000002"
#define PASSPHRASE "samen sterk 2026"

typedef struct
{
  char *dir;
  char *path;
  RbWindow *window;
  RbCaseFile *case_file;
} Fixture;

/* Case B of the timeline fixture (Daan Şahin, an SBO bridge with extension), opened. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *fixture = rb_test_fixture_path ("timeline-cases.json");
  g_autoptr(GError) error = NULL;
  RbDatabase *db;

  f->dir = rb_test_make_dir ();
  f->path = g_build_filename (f->dir, "tijdlijn.db", NULL);
  db = rb_fixture_load (fixture, f->path, &error);
  g_assert_no_error (error);
  g_object_unref (db);
  f->window = rb_gui_test_show_window (f->path);
  f->case_file = rb_window_get_case_file (f->window);
  g_assert_true (rb_window_show_case (f->window, CASE_B));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_gui_test_destroy_window (f->window);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const char *
visible_section (Fixture *f)
{
  GtkStack *sections = GTK_STACK (rb_gui_test_find (GTK_WIDGET (f->case_file), GTK_TYPE_STACK,
                                                    FALSE));

  return gtk_stack_get_visible_child_name (sections);
}

static RbTimeline *
show_timeline (Fixture *f)
{
  RbTimeline *timeline = rb_case_timeline_get_timeline (rb_case_file_get_timeline (f->case_file));

  rb_case_file_show_section (f->case_file, "timeline");
  rb_gui_test_wait_for_frame (GTK_WIDGET (timeline));
  return timeline;
}

static void
test_timeline_section (Fixture *f, gconstpointer data)
{
  RbTimeline *timeline = show_timeline (f);
  RbTimelineModel *model = rb_timeline_get_model (timeline);
  RbTimelineLayout *layout;
  double days_shown;
  guint shown = 0;

  g_assert_cmpstr (visible_section (f), ==, "timeline");
  g_assert_nonnull (model);
  g_assert_nonnull (strstr (rb_timeline_model_get_title (model), "Daan Şahin"));
  g_assert_cmpuint (rb_timeline_model_get_marks (model)->len, >, 10);
  g_assert_cmpint (rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MILESTONE,
                                                "bridge-evaluation", 0), >=, 0);
  /* Drawn in the window, at the width the section gives it, every mark inside the chart. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (timeline)), >, 900);
  layout = rb_timeline_get_layout (timeline);
  g_assert_nonnull (layout);
  for (guint i = 0; i < rb_timeline_model_get_marks (model)->len; i++)
    shown += rb_timeline_layout_get_mark (layout, i)->visible;
  g_assert_cmpuint (shown, ==, rb_timeline_model_get_marks (model)->len);

  /* The zoom buttons act on the timeline (which then lays itself out anew). */
  days_shown = rb_timeline_layout_get_view (layout)->n_days;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (rb_case_file_get_timeline (f->case_file)),
                                             "case-timeline.zoom", "d", 1.25));
  g_assert_cmpfloat (rb_timeline_get_view (timeline)->n_days, <, days_shown);
}

static gboolean
is_gone (gpointer window)
{
  return !g_list_store_find (G_LIST_STORE (gtk_window_get_toplevels ()), window, NULL);
}

static void
test_present_and_escape (Fixture *f, gconstpointer data)
{
  g_autoptr(GtkWindow) presentation = NULL;
  RbTimeline *timeline = show_timeline (f);
  RbTimeline *big;

  g_assert_null (rb_gui_test_find_toplevel (RB_TYPE_PRESENTATION_WINDOW));
  /* F5 from anywhere in the case file, here from the sidebar's section list. */
  rb_case_file_show_section (f->case_file, "absences");
  g_assert_true (rb_gui_test_press_key (rb_gui_test_find (GTK_WIDGET (f->case_file),
                                                          GTK_TYPE_STACK_SIDEBAR, TRUE),
                                        GDK_KEY_F5));
  presentation = g_object_ref (rb_gui_test_find_toplevel (RB_TYPE_PRESENTATION_WINDOW));
  g_assert_nonnull (presentation);
  g_assert_true (gtk_window_get_transient_for (presentation) == GTK_WINDOW (f->window));
  big = rb_presentation_window_get_timeline (RB_PRESENTATION_WINDOW (presentation));
  g_assert_true (rb_timeline_get_presentation (big));
  g_assert_true (rb_timeline_get_model (big) == rb_timeline_get_model (timeline));
  rb_gui_test_wait_for_frame (GTK_WIDGET (big));

  /* Escape, with the focus on the timeline, closes it; the case file is as it was. */
  g_assert_true (rb_gui_test_press_key (GTK_WIDGET (big), GDK_KEY_Escape));
  rb_gui_test_wait_until (is_gone, presentation);
  g_assert_cmpstr (visible_section (f), ==, "absences");
  g_assert_cmpstr (rb_case_file_get_case_uuid (f->case_file), ==, CASE_B);
}

static const char *
activate_mark (Fixture *f, RbTimeline *timeline, RbTimelineMarkKind kind, const char *code)
{
  RbTimelineModel *model = rb_timeline_get_model (timeline);
  int index = rb_timeline_model_find_mark (model, kind, code, 0);
  RbTimelineMark *mark;

  g_assert_cmpint (index, >=, 0);
  mark = g_ptr_array_index (rb_timeline_model_get_marks (model), index);
  rb_case_file_show_section (f->case_file, "timeline");
  g_signal_emit_by_name (timeline, "mark-activated", mark->record_uuid);
  return visible_section (f);
}

static void
test_mark_opens_record (Fixture *f, gconstpointer data)
{
  RbTimeline *timeline = show_timeline (f);
  RbTimelineModel *model = rb_timeline_get_model (timeline);
  RbTimelineLayout *layout = rb_timeline_get_layout (timeline);
  const RbTimelineMarkGeometry *geometry;
  int meeting = rb_timeline_model_find_mark (model, RB_TIMELINE_MARK_MEETING, "mdo", 0);

  /* A click on the meeting's diamond opens Meetings & Agreements. */
  g_assert_cmpint (meeting, >=, 0);
  geometry = rb_timeline_layout_get_mark (layout, meeting);
  g_assert_true (rb_timeline_activate_at (timeline, geometry->glyph.x + geometry->glyph.width / 2,
                                          geometry->glyph.y + geometry->glyph.height / 2));
  g_assert_cmpstr (visible_section (f), ==, "meetings");

  g_assert_cmpstr (activate_mark (f, timeline, RB_TIMELINE_MARK_AGREEMENT, NULL), ==, "meetings");
  g_assert_cmpstr (activate_mark (f, timeline, RB_TIMELINE_MARK_STATUS, "thuiszitter"), ==,
                   "overview");
  g_assert_cmpstr (activate_mark (f, timeline, RB_TIMELINE_MARK_MILESTONE, "bridge-8-weeks"), ==,
                   "placements");
  g_assert_cmpstr (activate_mark (f, timeline, RB_TIMELINE_MARK_SIGNAL, NULL), ==, "absences");
  /* A uuid of no record of this case changes nothing. */
  g_assert_false (rb_case_file_show_record (f->case_file, "00000000-0000-4000-8000-000000000000"));
  g_assert_cmpstr (visible_section (f), ==, "absences");
}

/* All absence the timeline draws: hours by week and late arrivals. */
static double
drawn_absence (RbTimeline *timeline)
{
  RbTimelineModel *model = rb_timeline_get_model (timeline);
  GArray *weeks = rb_timeline_model_get_weeks (model);
  GArray *lates = rb_timeline_model_get_lates (model);
  double total = 0;

  for (guint i = 0; i < weeks->len; i++)
    for (guint k = 0; k < RB_TIMELINE_N_ABSENCE_KINDS; k++)
      total += g_array_index (weeks, RbTimelineWeek, i).hours[k];
  for (guint i = 0; i < lates->len; i++)
    total += g_array_index (lates, RbTimelineLate, i).count;
  return total;
}

static void
test_timeline_follows_edits (Fixture *f, gconstpointer data)
{
  RbTimeline *timeline = show_timeline (f);
  /* Held, so that a new model cannot be given the old one's address. */
  g_autoptr(RbTimelineModel) before = g_object_ref (rb_timeline_get_model (timeline));
  double drawn = drawn_absence (timeline);

  /* Deleting an absence in its section takes it off the timeline: not while the
   * timeline is hidden (saving as you type would rebuild it every few hundred
   * milliseconds), but as soon as it is shown again. */
  g_assert_cmpfloat (drawn, >, 0);
  rb_case_file_show_section (f->case_file, "absences");
  while (gtk_widget_get_mapped (GTK_WIDGET (timeline)))  /* the sections cross-fade */
    g_main_context_iteration (NULL, TRUE);
  rb_gui_test_click (rb_gui_test_find_named (GTK_WIDGET (f->case_file), "delete-absences"));
  g_assert_true (rb_timeline_get_model (timeline) == before);
  show_timeline (f);
  g_assert_true (rb_timeline_get_model (timeline) != before);
  g_assert_cmpfloat (drawn_absence (timeline), <, drawn);

  /* While it is on screen, an edit shows at once. */
  g_clear_object (&before);
  before = g_object_ref (rb_timeline_get_model (timeline));
  rb_case_timeline_reload (rb_case_file_get_timeline (f->case_file));
  g_assert_true (rb_timeline_get_model (timeline) != before);
}

static char *
run_output (const char *program, const char *arg1, const char *arg2, const char *arg3)
{
  const char *argv[] = { program, arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static gboolean
have_program (const char *name)
{
  g_autofree char *found = g_find_program_in_path (name);

  if (found == NULL)
    {
      g_test_skip_printf ("%s is not installed", name);
      return FALSE;
    }
  return TRUE;
}

static void
test_timeline_export (Fixture *f, gconstpointer data)
{
  RbCaseTimeline *section = rb_case_file_get_timeline (f->case_file);
  g_autofree char *png = g_build_filename (f->dir, "tijdlijn.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "tijdlijn.pdf", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (rb_case_timeline_export (section, png_file, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1920);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 1080);

  g_assert_true (rb_case_timeline_export (section, pdf_file, &error));
  g_assert_no_error (error);
  if (!have_program ("pdftotext"))
    return;
  text = run_output ("pdftotext", pdf, "-", NULL);
  g_assert_nonnull (strstr (text, "Daan Şahin"));
  g_assert_nonnull (strstr (text, "tussenevaluatie"));
}

static RbCaseDocuments *
show_documents (Fixture *f)
{
  RbCaseDocuments *documents = rb_case_file_get_documents (f->case_file);

  rb_case_file_show_section (f->case_file, "documents");
  rb_gui_test_wait_for_frame (GTK_WIDGET (documents));
  return documents;
}

static void
test_new_document_menu (Fixture *f, gconstpointer data)
{
  RbCaseDocuments *documents = show_documents (f);
  GtkMenuButton *button = GTK_MENU_BUTTON (rb_gui_test_find (GTK_WIDGET (documents),
                                                             GTK_TYPE_MENU_BUTTON, TRUE));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  g_auto(GStrv) kinds = rb_document_kind_list_ids ();

  /* Every kind a user can make, and only those. */
  g_assert_cmpuint (g_menu_model_get_n_items (menu), ==, g_strv_length (kinds));
  g_assert_cmpuint (g_strv_length (kinds), >=, 7);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (
          menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s",
                                                      &action));
      g_assert_cmpstr (action, ==, "documents.new");
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, kinds[i]);
    }
  /* Nothing made yet: the list says how to start. */
  g_assert_true (rb_gui_test_shows_label (GTK_WIDGET (documents),
                                          "No documents yet: make one with “New Document”"));
}

/* What the referral needs beyond what the case fills in, typed into the editor's rows. */
static void
fill_referral (GtkWidget *editor)
{
  static const char *const texts[][2] = {
    { "melder.naam", "Mirjam Bakker" },
    { "melder.functie", "Ondersteuningscoördinator" },
    { "typering.zorgelijk", "Vaak op maandag" },
    { "besproken_ouder.naam", "Łucja Nguyễn" },
    { "besproken_ouder.door", "Mentor" },
    { "besproken_ouder.datum", "2026-09-14" },
  };
  static const char *const checks[] = { "check:typering.zorgelijk", "check:privacy.besproken",
                                        "check:privacy.gedeeld", "check:privacy.afspraak" };
  GtkWidget *question = rb_gui_test_find_named (editor, "hulpvraag_school");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    rb_gui_test_replace_text (rb_gui_test_find_named (editor, texts[i][0]), texts[i][1]);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (rb_gui_test_find_named (editor, checks[i])),
                                 TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (question)),
                            "Wat heeft Daan nodig?", -1);
}

static void
test_document_made_and_exported (Fixture *f, gconstpointer data)
{
  RbCaseDocuments *documents = show_documents (f);
  RbDocumentEditor *editor = rb_case_documents_get_editor (documents);
  g_autofree char *pdf = g_build_filename (f->dir, "aanmelding.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *report = NULL;
  g_autofree char *title = NULL;
  RbDocument *document;
  GtkWidget *row;
  GtkStack *stack;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (documents), "documents.new", "s",
                                             "jeugdarts-aanmelding"));
  stack = GTK_STACK (rb_gui_test_find (GTK_WIDGET (documents), GTK_TYPE_STACK, FALSE));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "editor");
  document = rb_document_editor_get_document (editor);
  g_assert_nonnull (document);
  g_assert_cmpstr (rb_document_get_kind (document)->id, ==, "jeugdarts-aanmelding");
  g_assert_cmpstr (rb_document_get_case_uuid (document), ==, CASE_B);
  rb_gui_test_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_nonnull (rb_document_editor_get_preview (editor));

  fill_referral (GTK_WIDGET (editor));
  rb_document_editor_export_to_file (editor, file, &error);
  g_assert_no_error (error);

  /* Back in the list: the document, its version and its export. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (documents), "documents.show-list", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  saved = rb_document_list_for_case (rb_window_get_database (f->window), CASE_B, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_cmpstr (rb_document_get_text (g_ptr_array_index (saved, 0), "melder.functie"), ==,
                   "Ondersteuningscoördinator");
  row = rb_gui_test_find (GTK_WIDGET (documents), ADW_TYPE_ACTION_ROW, TRUE);
  title = g_strdup_printf ("%s, version 1",
                           rb_document_get_kind (g_ptr_array_index (saved, 0))->title);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, title);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "not signed"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "aanmelding.pdf"));

  if (!have_program ("pdftotext"))
    return;
  text = run_output ("pdftotext", pdf, "-", NULL);
  g_assert_nonnull (strstr (text, "Şahin"));
  g_assert_nonnull (strstr (text, "Ondersteuningscoördinator"));
  g_assert_nonnull (strstr (text, "Łucja Nguyễn"));

  /* An unsigned PDF is reported as such by Verify PDF. */
  if (!have_program ("pdfsig"))
    return;
  report = rb_case_documents_verify (pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "no digital signature"));
}

/* Sharing: two databases of one SWV, each in its own window. */

typedef struct
{
  char *dir;
  char *path_a;
  char *path_b;
  RbWindow *a;
  RbWindow *b;
  gboolean finished;
  gboolean success;
} Share;

/* An export with the cheapest key derivation, for speed. */
static void
export_quickly (RbDatabase *db, const char *path)
{
  g_autoptr(GError) error = NULL;
  RbSyncOptions options;

  rb_test_quick_sync_options (&options);
  g_assert_true (rb_sync_export (db, path, PASSPHRASE, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
share_set_up (Share *s, gconstpointer data)
{
  g_autofree char *start = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) a = NULL;
  g_autoptr(RbDatabase) b = NULL;
  g_autoptr(RbRecord) school = NULL;

  s->dir = rb_test_make_dir ();
  /* B is a colleague's copy of A from before A's three cases. */
  s->path_a = rb_gui_test_make_swv (s->dir, "a.db", "SWV Gedeeld", 0);
  start = g_build_filename (s->dir, "start.routeboek", NULL);
  s->path_b = g_build_filename (s->dir, "b.db", NULL);
  a = rb_database_open (s->path_a, &error);
  g_assert_no_error (error);
  export_quickly (a, start);
  b = rb_sync_import_new (s->path_b, start, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);
  school = rb_test_save_new (a, "schools", "name", "De Brug", NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *last = g_strdup_printf ("Nieuw %u", i + 1);
      g_autoptr(RbRecord) item = rb_gui_test_save_case (a, school, "Fenna", last, "thuiszitter",
                                                        "Samira Benali");
    }
  rb_database_close (a);
  rb_database_close (b);
}

static void
share_tear_down (Share *s, gconstpointer data)
{
  rb_gui_test_destroy_window (s->a);
  rb_gui_test_destroy_window (s->b);
  rb_test_remove_dir (s->dir);
  g_free (s->dir);
  g_free (s->path_a);
  g_free (s->path_b);
}

static void
on_finished_cb (RbShareDialog *dialog, gboolean success, Share *s)
{
  s->finished = TRUE;
  s->success = success;
}

static gboolean
is_finished (gpointer data)
{
  return ((Share *) data)->finished;
}

/* Types the passphrase (twice for an export) and presses the dialog's button. */
static void
run_dialog (Share *s, RbShareDialog *dialog, const char *button)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  rb_share_dialog_set_kdf_limits (dialog, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
  rb_share_dialog_set_passphrase (dialog, PASSPHRASE);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_finished_cb), s);
  s->finished = FALSE;
  rb_gui_test_wait_for_frame (GTK_WIDGET (dialog));
  rb_gui_test_click (rb_gui_test_find_button (GTK_WIDGET (dialog), button));
  rb_gui_test_wait_until (is_finished, s);
  g_assert_true (s->success);
}

static gboolean
shows_imported_case (gpointer window)
{
  return rb_gui_test_shows_label (window, "Fenna Nieuw 2");
}

static void
test_export_then_import (Share *s, gconstpointer data)
{
  g_autofree char *bundle = g_build_filename (s->dir, "voor-collega.routeboek", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  RbShareDialog *dialog;

  s->a = rb_gui_test_show_window (s->path_a);
  s->b = rb_gui_test_show_window (s->path_b);
  g_assert_cmpuint (rb_dashboard_get_n_cases (rb_window_get_dashboard (s->a)), ==, 3);
  g_assert_cmpuint (rb_dashboard_get_n_cases (rb_window_get_dashboard (s->b)), ==, 0);

  dialog = rb_window_export (s->a, file);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (s->a));
  run_dialog (s, dialog, "Export");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (g_file_test (bundle, G_FILE_TEST_EXISTS));

  /* Asked once: the next export of this database has the passphrase filled in. */
  dialog = rb_window_export (s->a, file);
  g_assert_cmpstr (rb_share_dialog_get_passphrase (dialog), ==, PASSPHRASE);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* B's empty dashboard shows A's cases once the import is done. */
  dialog = rb_window_import (s->b, file);
  g_assert_cmpstr (rb_share_dialog_get_passphrase (dialog), ==, "");
  run_dialog (s, dialog, "Import");
  g_assert_cmpuint (rb_share_dialog_get_summary (dialog)->added, >=, 3);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (rb_dashboard_get_n_cases (rb_window_get_dashboard (s->b)), ==, 3);
  /* The list's rows are made as it is drawn. */
  rb_gui_test_wait_until (shows_imported_case, s->b);
}

static gboolean
has_file (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

/* The menu of the header's primary menu button. */
static GMenuModel *
main_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GMenuModel *menu = main_menu (child);

      if (menu != NULL)
        return menu;
    }
  return NULL;
}

static gboolean
is_chooser_shown (gpointer data)
{
  return rb_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static void
test_import_from_menu (Share *s, gconstpointer data)
{
  g_autofree char *bundle = g_build_filename (s->dir, "van-a.routeboek", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (bundle);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  RbShareDialog *dialog;
  GtkWindow *chooser;
  GMenuModel *share_section;

  s->a = rb_gui_test_show_window (s->path_a);
  dialog = rb_window_export (s->a, file);
  run_dialog (s, dialog, "Export");
  gtk_window_destroy (GTK_WINDOW (dialog));
  s->b = rb_gui_test_show_window (s->path_b);

  /* The header's main menu has Export…, Import… and Conflicts, in its second section. */
  menu = g_object_ref (main_menu (GTK_WIDGET (s->b)));
  share_section = g_menu_model_get_item_link (menu, 1, G_MENU_LINK_SECTION);
  g_assert_cmpuint (g_menu_model_get_n_items (share_section), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const char *const actions[] = { "win.export", "win.import", "win.conflicts" };
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (share_section, i, G_MENU_ATTRIBUTE_ACTION,
                                                      "s", &action));
      g_assert_cmpstr (action, ==, actions[i]);
    }
  g_object_unref (share_section);

  /* Import… asks for the file, then the passphrase. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->b), "win.import", NULL));
  rb_gui_test_wait_until (is_chooser_shown, NULL);
  chooser = rb_gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  /* The chooser selects the file once it has read its folder. */
  rb_gui_test_wait_until (has_file, chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  dialog = RB_SHARE_DIALOG (rb_gui_test_find_toplevel (RB_TYPE_SHARE_DIALOG));
  g_assert_nonnull (dialog);
  run_dialog (s, dialog, "Import");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (rb_dashboard_get_n_cases (rb_window_get_dashboard (s->b)), ==, 3);
}

/* The application handed a .routeboek file. */

static void
on_window_added_cb (GtkApplication *app, GtkWindow *window, RbDatabase **target)
{
  GtkWindow *parent;

  if (!RB_IS_SHARE_DIALOG (window))
    return;
  parent = gtk_window_get_transient_for (window);
  g_assert_true (RB_IS_WINDOW (parent));
  g_set_object (target, rb_window_get_database (RB_WINDOW (parent)));
}

static void
test_app_opens_bundle (Share *s, gconstpointer data)
{
  g_autofree char *data_dir = g_build_filename (s->dir, "data", NULL);
  g_autofree char *other = rb_gui_test_make_swv (s->dir, "ander.db", "SWV Ander", 1);
  g_autofree char *bundle = g_build_filename (s->dir, "van-a.routeboek", NULL);
  g_autofree char *png = g_build_filename (s->dir, "app.png", NULL);
  g_autofree char *option = g_strconcat ("--screenshot=", png, NULL);
  g_autofree char *canonical_b = g_canonicalize_filename (s->path_b, NULL);
  g_autoptr(RbApplication) app = rb_application_new ();
  g_autoptr(RbRegistry) registry = NULL;
  g_autoptr(RbDatabase) target = NULL;
  g_autoptr(RbDatabase) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbBundleInfo) info = NULL;
  const char *argv[] = { "routeboek", option, bundle, NULL };

  /* A's export; B is in the recent list, but another SWV was opened last. */
  g_setenv ("ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  b = rb_database_open (s->path_b, &error);
  g_assert_no_error (error);
  export_quickly (b, bundle);
  registry = rb_registry_new_default ();
  g_assert_true (rb_registry_load (registry, &error));
  g_assert_true (rb_registry_remember (registry, s->path_b, rb_database_get_swv_name (b),
                                       rb_database_get_swv_uuid (b), &error));
  g_assert_no_error (error);
  g_clear_object (&b);
  g_assert_true (rb_registry_remember (registry, other, "SWV Ander", "9c0a0e1c-0000-4000-8000-000000000001",
                                       &error));
  info = rb_bundle_read_info (bundle, &error);
  g_assert_no_error (error);

  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added_cb), &target);
  g_assert_cmpint (rb_application_run (app, 3, (char **) argv), ==, 0);
  g_unsetenv ("ROUTEBOEK_DATA_DIR");

  /* The import dialog came up over a window of the bundle's SWV, not over the last one. */
  g_assert_nonnull (target);
  g_assert_cmpstr (rb_database_get_swv_uuid (target), ==, info->swv_uuid);
  {
    g_autofree char *shown = g_canonicalize_filename (rb_database_get_path (target), NULL);
    g_assert_cmpstr (shown, ==, canonical_b);
  }
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

  g_test_add ("/integration/timeline/section", Fixture, NULL, fixture_set_up,
              test_timeline_section, fixture_tear_down);
  g_test_add ("/integration/timeline/present-and-escape", Fixture, NULL, fixture_set_up,
              test_present_and_escape, fixture_tear_down);
  g_test_add ("/integration/timeline/mark-opens-record", Fixture, NULL, fixture_set_up,
              test_mark_opens_record, fixture_tear_down);
  g_test_add ("/integration/timeline/follows-edits", Fixture, NULL, fixture_set_up,
              test_timeline_follows_edits, fixture_tear_down);
  g_test_add ("/integration/timeline/export", Fixture, NULL, fixture_set_up, test_timeline_export,
              fixture_tear_down);
  g_test_add ("/integration/documents/new-menu", Fixture, NULL, fixture_set_up,
              test_new_document_menu, fixture_tear_down);
  g_test_add ("/integration/documents/made-and-exported", Fixture, NULL, fixture_set_up,
              test_document_made_and_exported, fixture_tear_down);
  g_test_add ("/integration/share/export-then-import", Share, NULL, share_set_up,
              test_export_then_import, share_tear_down);
  g_test_add ("/integration/share/import-from-menu", Share, NULL, share_set_up,
              test_import_from_menu, share_tear_down);
  g_test_add ("/integration/share/app-opens-bundle", Share, NULL, share_set_up,
              test_app_opens_bundle, share_tear_down);
  return g_test_run ();
}
