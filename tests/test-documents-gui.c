/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

#include "rb-document-editor.h"
#include "rb-gui-test-util.h"
#include "rb-signature-pad.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * The signature pad and the document editor under Xvfb, driven the way a person would:
 * drags on the pad (its own gesture's signals), typing in the generated form's rows,
 * ticking boxes, signing every block. The preview is compared pixel for pixel with the
 * exported PDF rendered by poppler.
 */

typedef struct
{
  char *dir;
  RbDatabase *db;
  RbRecord *case_record;
  GtkWindow *window;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr(RbRecord) school = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) location = NULL;

  fixture->dir = rb_test_make_dir ();
  fixture->db = rb_test_new_database (fixture->dir, "editor.db");
  school = rb_test_save_new (fixture->db, "schools", "name", "OBS De Wilgen", NULL);
  pupil = rb_test_save_new (fixture->db, "pupils", "first_name", "Şükrü", "last_name",
                            "Yılmaz-Öztürk", "birth_date", "2013-03-12", "group_name", "2B",
                            "school_uuid", rb_record_get_uuid (school), "enrolled", "ja", NULL);
  g_object_unref (rb_test_save_new (fixture->db, "guardians", "pupil_uuid",
                                    rb_record_get_uuid (pupil), "name", "Łucja Nguyễn", "address",
                                    "Żeglarska 12, 3311 AB Dordrecht", NULL));
  location = rb_test_save_new (fixture->db, "bridge_locations", "name", "SBO De Kameleon", "kind",
                               "SBO", NULL);
  fixture->case_record = rb_test_save_new (
      fixture->db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", "brugplaatsing",
      "opened_on", "2026-09-01", "regisseur_swv", "Anouk Verbeek", NULL);
  g_object_unref (rb_test_save_new (
      fixture->db, "placements", "case_uuid", rb_record_get_uuid (fixture->case_record),
      "location_uuid", rb_record_get_uuid (location), "start_date", "2026-11-02", NULL));
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1400, 900);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (fixture->window);
  rb_gui_test_run_for (10);
  g_object_unref (fixture->case_record);
  g_object_unref (fixture->db);
  rb_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GtkGesture *
drag_gesture_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

/* One stroke through @points (widget coordinates), as the drag gesture reports it. */
static void
draw_stroke (GtkWidget *pad, const double *points, guint n_points)
{
  GtkGesture *drag = drag_gesture_of (pad);

  g_signal_emit_by_name (drag, "drag-begin", points[0], points[1]);
  for (guint i = 1; i < n_points; i++)
    g_signal_emit_by_name (drag, "drag-update", points[2 * i] - points[0],
                           points[2 * i + 1] - points[1]);
  g_signal_emit_by_name (drag, "drag-end", points[2 * n_points - 2] - points[0],
                         points[2 * n_points - 1] - points[1]);
}

static GdkTexture *
render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  gsk_renderer_realize (renderer, NULL, &error);
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  return texture;
}

/* The darkest pixel in a small square around (@x, @y): ink is dark. */
static guint
darkest_near (GdkTexture *texture, int x, int y)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize)width * height * 4);
  guint darkest = 255 * 3;

  gdk_texture_download (texture, data, (gsize)width * 4);
  for (int dy = -3; dy <= 3; dy++)
    for (int dx = -3; dx <= 3; dx++)
      {
        const guchar *p
            = data
              + ((gsize)CLAMP (y + dy, 0, height - 1) * width + CLAMP (x + dx, 0, width - 1)) * 4;
        /* Premultiplied BGRA: a transparent pixel counts as white background. */
        guint value = p[3] == 0 ? 255 * 3 : (guint)p[0] + p[1] + p[2];

        darkest = MIN (darkest, value);
      }
  return darkest;
}

static void
test_signature_pad (Fixture *fixture, gconstpointer data)
{
  GtkWidget *pad = rb_signature_pad_new ();
  const double zigzag[] = { 60, 120, 150, 40, 240, 120, 330, 40 };
  const double line[] = { 100, 80, 400, 80 };
  g_autoptr(GPtrArray) strokes = NULL;
  g_autoptr(GdkTexture) drawn = NULL;
  g_autoptr(GdkTexture) cleared = NULL;
  GArray *first;

  gtk_window_set_default_size (fixture->window, 600, 200);
  gtk_window_set_child (fixture->window, pad);
  gtk_window_present (fixture->window);
  rb_gui_test_wait_for_frame (pad);
  g_assert_cmpuint (rb_signature_pad_get_n_strokes (RB_SIGNATURE_PAD (pad)), ==, 0);

  draw_stroke (pad, zigzag, G_N_ELEMENTS (zigzag) / 2);
  draw_stroke (pad, line, G_N_ELEMENTS (line) / 2);
  g_assert_cmpuint (rb_signature_pad_get_n_strokes (RB_SIGNATURE_PAD (pad)), ==, 2);

  /* Kept in 0-1 of the signing box, every point of the drag. */
  strokes = rb_signature_pad_dup_strokes (RB_SIGNATURE_PAD (pad));
  g_assert_cmpuint (strokes->len, ==, 2);
  first = g_ptr_array_index (strokes, 0);
  g_assert_cmpuint (first->len, ==, 2 * (G_N_ELEMENTS (zigzag) / 2 + 1));
  for (guint i = 0; i < first->len; i++)
    {
      g_assert_cmpfloat (g_array_index (first, double, i), >=, 0);
      g_assert_cmpfloat (g_array_index (first, double, i), <=, 1);
    }
  g_assert_cmpfloat (g_array_index (first, double, 2), <, g_array_index (first, double, 4));

  /* The strokes are drawn where they were made. */
  rb_gui_test_wait_for_frame (pad);
  drawn = render_widget (pad);
  g_assert_cmpuint (darkest_near (drawn, 150, 40), <, 200);
  g_assert_cmpuint (darkest_near (drawn, 250, 80), <, 200);

  /* Undo takes the last stroke, Ctrl+Z too; clear takes the rest. */
  g_assert_true (gtk_widget_activate_action (pad, "pad.undo", NULL));
  g_assert_cmpuint (rb_signature_pad_get_n_strokes (RB_SIGNATURE_PAD (pad)), ==, 1);
  g_assert_true (gtk_widget_activate_action (pad, "pad.clear", NULL));
  g_assert_cmpuint (rb_signature_pad_get_n_strokes (RB_SIGNATURE_PAD (pad)), ==, 0);
  g_assert_false (rb_signature_pad_undo (RB_SIGNATURE_PAD (pad)));
  rb_gui_test_wait_for_frame (pad);
  cleared = render_widget (pad);
  g_assert_cmpuint (darkest_near (cleared, 150, 40), >, 600);
}

static gboolean
has_preview (gpointer data)
{
  return rb_document_editor_get_preview (data) != NULL;
}

static gboolean
preview_changed (gpointer data)
{
  gpointer *state = data;

  return rb_document_editor_get_preview (state[0]) != state[1];
}

static RbDocumentEditor *
show_editor (Fixture *fixture, const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document = NULL;
  GtkWidget *editor = rb_document_editor_new ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_NOVEMBER, 2026);
  document = rb_document_new_for_case (fixture->db, fixture->case_record, kind, &today, &error);
  g_assert_no_error (error);
  gtk_window_set_child (fixture->window, editor);
  rb_document_editor_set_document (RB_DOCUMENT_EDITOR (editor), document, fixture->db);
  gtk_window_present (fixture->window);
  rb_gui_test_wait_for_frame (editor);
  rb_gui_test_wait_until (has_preview, editor);
  return RB_DOCUMENT_EDITOR (editor);
}

static void
set_text_view (GtkWidget *view, const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static char *
pdf_text (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  const char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL,
                &error);
  g_assert_no_error (error);
  return out;
}

/* The first page of @file as the preview draws it (poppler at the preview's scale). */
static GBytes *
render_first_page (GFile *file, int *width, int *height)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GError) error = NULL;
  PopplerDocument *pdf = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h;
  GBytes *bytes;

  g_assert_no_error (error);
  page = poppler_document_get_page (pdf, 0);
  poppler_page_get_size (page, &w, &h);
  *width = (int)(w * 1.5);
  *height = (int)(h * 1.5);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, *width, *height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 1.5, 1.5);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_image_surface_get_stride (surface), ==, *width * 4);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize)*width * *height * 4);
  cairo_surface_destroy (surface);
  g_object_unref (page);
  g_object_unref (pdf);
  return bytes;
}

static void
test_editor_form_and_export (Fixture *fixture, gconstpointer data)
{
  RbDocumentEditor *editor = show_editor (fixture, "jeugdarts-aanmelding");
  RbDocument *document = rb_document_editor_get_document (editor);
  GtkWidget *root = GTK_WIDGET (fixture->window);
  g_autofree char *path = g_build_filename (fixture->dir, "aanmelding.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) expected = NULL;
  g_autofree guchar *shown = NULL;
  GtkWidget *date_row;
  gpointer state[2];
  int width, height;

  /* Filled from the case, shown in the rows. */
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (rb_gui_test_find_named (root, "leerling.naam"))), ==,
      "Şükrü Yılmaz-Öztürk");
  g_assert_cmpuint (rb_document_editor_get_n_pages (editor), >=, 2);
  g_assert_false (rb_document_validate (document, NULL));
  /* Nothing exported yet: nothing to open. */
  g_assert_false (gtk_widget_is_sensitive (rb_gui_test_find_button (root, _("_Open"))));

  state[0] = editor;
  state[1] = rb_document_editor_get_preview (editor);
  rb_gui_test_replace_text (rb_gui_test_find_named (root, "melder.naam"), "Mirjam Bakker");
  rb_gui_test_replace_text (rb_gui_test_find_named (root, "melder.functie"),
                            "Ondersteuningscoördinator");
  set_text_view (rb_gui_test_find_named (root, "hulpvraag_school"), "Wat kan Şükrü aan?");
  gtk_check_button_set_active (
      GTK_CHECK_BUTTON (rb_gui_test_find_named (root, "check:typering.zorgelijk")), TRUE);
  rb_gui_test_replace_text (rb_gui_test_find_named (root, "typering.zorgelijk"), "Vaak op maandag");
  for (guint i = 0; i < 3; i++)
    {
      static const char *const names[]
          = { "check:privacy.besproken", "check:privacy.gedeeld", "check:privacy.afspraak" };
      gtk_check_button_set_active (GTK_CHECK_BUTTON (rb_gui_test_find_named (root, names[i])),
                                   TRUE);
    }
  rb_gui_test_replace_text (rb_gui_test_find_named (root, "besproken_ouder.door"), "Mentor");

  /* A wrong date is marked where it is typed and not taken. */
  date_row = rb_gui_test_find_named (root, "besproken_ouder.datum");
  rb_gui_test_replace_text (date_row, "31-11-2026");
  g_assert_true (gtk_widget_has_css_class (date_row, "error"));
  g_assert_null (rb_document_get_text (document, "besproken_ouder.datum"));
  /* Typed as people write dates, stored as ISO. */
  rb_gui_test_replace_text (date_row, "27-11-2026");
  g_assert_false (gtk_widget_has_css_class (date_row, "error"));
  g_assert_cmpstr (rb_document_get_text (document, "besproken_ouder.datum"), ==, "2026-11-27");

  g_assert_cmpstr (rb_document_get_text (document, "melder.functie"), ==,
                   "Ondersteuningscoördinator");
  g_assert_cmpstr (rb_document_get_text (document, "hulpvraag_school"), ==, "Wat kan Şükrü aan?");
  g_assert_cmpstr (rb_document_get_text (document, "typering.zorgelijk"), ==, "Vaak op maandag");
  g_assert_true (rb_document_get_checked (document, "typering", "zorgelijk"));
  rb_document_validate (document, &error);
  g_assert_no_error (error);
  /* The preview follows the form. */
  rb_gui_test_wait_until (preview_changed, state);

  /* docs/screenshots/documents/editor.png: ROUTEBOEK_KEEP_PNG=FILE keeps this view. */
  if (g_getenv ("ROUTEBOEK_KEEP_PNG") != NULL)
    {
      g_autoptr(GdkTexture) view = NULL;

      rb_gui_test_wait_for_frame (GTK_WIDGET (editor));
      view = render_widget (GTK_WIDGET (editor));
      g_assert_true (gdk_texture_save_to_png (view, g_getenv ("ROUTEBOEK_KEEP_PNG")));
    }

  g_assert_true (rb_document_editor_export_to_file (editor, file, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  rb_gui_test_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (gtk_widget_is_sensitive (rb_gui_test_find_button (root, _("_Open"))));
  g_assert_nonnull (rb_document_get_uuid (document));
  text = pdf_text (file);
  g_assert_nonnull (strstr (text, "Şükrü Yılmaz-Öztürk"));
  g_assert_nonnull (strstr (text, "Ondersteuningscoördinator"));
  g_assert_nonnull (strstr (text, "Toelichting: Vaak op maandag"));
  g_assert_nonnull (strstr (text, "27 november 2026"));

  /* The preview is the export: the same pixels. */
  rb_document_editor_update_preview (editor);
  rb_document_editor_set_page (editor, 0);
  expected = render_first_page (file, &width, &height);
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (rb_document_editor_get_preview (editor))),
                   ==, width);
  shown = g_malloc ((gsize)width * height * 4);
  gdk_texture_download (GDK_TEXTURE (rb_document_editor_get_preview (editor)), shown,
                        (gsize)width * 4);
  g_assert_cmpmem (shown, (gsize)width * height * 4, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));

  /* Paging through the preview. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next-page", NULL));
  g_assert_cmpuint (rb_document_editor_get_page (editor), ==, 1);
}

static void
test_editor_signing (Fixture *fixture, gconstpointer data)
{
  RbDocumentEditor *editor = show_editor (fixture, "brugformat");
  RbDocument *document = rb_document_editor_get_document (editor);
  GtkWidget *root = GTK_WIDGET (fixture->window);
  RbDocumentKind *kind = rb_document_get_kind (document);
  g_autofree char *path = g_build_filename (fixture->dir, "brugformat.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const double stroke[] = { 40, 80, 120, 30, 200, 90, 280, 40 };
  const char *const signers[] = { "ouder", "directeur_herkomst", "directeur_brugplaats", "swv" };

  rb_gui_test_replace_text (rb_gui_test_find_named (root, "casemanager"), "Mirjam Bakker");
  for (guint i = 0; i < G_N_ELEMENTS (signers); i++)
    {
      g_autofree char *pad_name = g_strconcat ("signature:", signers[i], NULL);
      g_autofree char *name_entry = g_strconcat ("signature:", signers[i], ".name", NULL);
      g_autofree char *place_entry = g_strconcat ("signature:", signers[i], ".place", NULL);
      g_autofree char *date_entry = g_strconcat ("signature:", signers[i], ".date", NULL);
      g_autofree char *button = g_strconcat ("sign:", signers[i], NULL);
      g_autofree char *signer = g_strdup_printf ("Ondertekenaar %u ž", i + 1);
      GtkWidget *pad = rb_gui_test_find_named (root, pad_name);

      g_assert_false (gtk_widget_get_sensitive (rb_gui_test_find_named (root, button)));
      rb_gui_test_wait_for_frame (pad);
      draw_stroke (pad, stroke, G_N_ELEMENTS (stroke) / 2);
      rb_gui_test_replace_text (rb_gui_test_find_named (root, name_entry), signer);
      rb_gui_test_replace_text (rb_gui_test_find_named (root, place_entry), "Dordrecht");
      if (i == 0)
        {
          /* An impossible day is refused, with a message, and nothing is signed. */
          g_autoptr(RbSignature) none = NULL;

          rb_gui_test_replace_text (rb_gui_test_find_named (root, date_entry), "30-02-2026");
          rb_gui_test_click (rb_gui_test_find_named (root, button));
          none = rb_document_dup_signature (document, signers[i]);
          g_assert_null (none);
          /* The editor speaks Dutch here (see main ()). */
          g_assert_true (rb_gui_test_shows_label (root, "„30-02-2026” is geen datum; schrijf "
                                                        "die als dag-maand-jaar, bijvoorbeeld "
                                                        "14-09-2026"));
        }
      rb_gui_test_replace_text (rb_gui_test_find_named (root, date_entry), "1-12-2026");
      g_assert_false (rb_document_is_signed (document));
      rb_gui_test_click (rb_gui_test_find_named (root, button));
      /* The form is built again; the signature's day shows as it was typed, in full. */
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                         rb_gui_test_find_named (root, date_entry))), ==, "01-12-2026");
    }

  /* All required signatures: signed, read-only, a new version is offered. */
  g_assert_true (rb_document_is_signed (document));
  g_assert_true (rb_document_kind_is_signed (kind));
  rb_gui_test_wait_for_frame (GTK_WIDGET (editor));
  g_assert_false (gtk_widget_is_sensitive (rb_gui_test_find_named (root, "casemanager")));
  g_assert_true (rb_document_editor_export_to_file (editor, file, &error));
  g_assert_no_error (error);
  text = pdf_text (file);
  g_assert_nonnull (strstr (text, "Naam: Ondertekenaar 1 ž"));
  g_assert_nonnull (strstr (text, "Naam: Ondertekenaar 4 ž"));
  g_assert_nonnull (strstr (text, "Datum: 1 december 2026"));
  g_assert_nonnull (strstr (text, "ondertekend"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.new-version", NULL));
  document = rb_document_editor_get_document (editor);
  g_assert_cmpuint (rb_document_get_version (document), ==, 2);
  g_assert_false (rb_document_is_signed (document));
  rb_gui_test_wait_for_frame (GTK_WIDGET (editor));
  g_assert_true (gtk_widget_is_sensitive (rb_gui_test_find_named (root, "casemanager")));
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);
  /* Its screenshot (docs/screenshots/documents/editor.png) shows what users see. */
  rb_gui_test_use_dutch ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/documents-gui/signature-pad", test_signature_pad);
  ADD ("/documents-gui/editor/form-and-export", test_editor_form_and_export);
  ADD ("/documents-gui/editor/signing", test_editor_signing);
#undef ADD

  return g_test_run ();
}
