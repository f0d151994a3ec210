/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

#include "rb-error.h"
#include "rb-pdf.h"

/*
 * The one file that talks to libharu (toolchain.md "PDF with libharu 2.3.0"): A4 pages,
 * two embedded and subset TrueType fonts with the UTF-8 encoder, text, lines, rectangles,
 * signature strokes as vector paths and a PNG logo. Coordinates come in from the top left
 * as the layout thinks; PDF counts from the bottom.
 *
 * libharu reports errors through the handler given to HPDF_New: the first one is kept and
 * every later call becomes a no-op, so a caller checks once, at rb_pdf_finish(), and the
 * document is freed with the object whatever happened.
 */

#define FONT_RESOURCE "/nl/routeboek/Routeboek/fonts/"

struct _RbPdf
{
  GObject parent_instance;

  HPDF_Doc doc;
  HPDF_Page page;
  HPDF_Font fonts[RB_PDF_N_FONTS];
  /* Glyph widths of the Basic Multilingual Plane in 1/1000 em, -1 until asked for. */
  gint16 *widths[RB_PDF_N_FONTS];
  guint n_pages;
  HPDF_STATUS error_no;
  HPDF_STATUS detail_no;
};

G_DEFINE_FINAL_TYPE (RbPdf, rb_pdf, G_TYPE_OBJECT)

static const char *const font_files[RB_PDF_N_FONTS] = { "DejaVuSans.ttf", "DejaVuSans-Bold.ttf" };

static void
error_handler (HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
  RbPdf *self = user_data;

  if (self->error_no == HPDF_OK)
    {
      self->error_no = error_no;
      self->detail_no = detail_no;
    }
}

static gboolean
take_error (RbPdf *self, GError **error)
{
  const char *what;

  if (self->error_no == HPDF_OK)
    return TRUE;
  switch (self->error_no)
    {
    case HPDF_FAILD_TO_ALLOC_MEM:
      what = _("not enough memory");
      break;
    case HPDF_FILE_IO_ERROR:
    case HPDF_FILE_OPEN_ERROR:
      what = _("a file could not be read");
      break;
    case HPDF_INVALID_PNG_IMAGE:
    case HPDF_LIBPNG_ERROR:
      what = _("the logo is not a PNG image it can read");
      break;
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE:
      what = _("the font is damaged");
      break;
    default:
      what = _("internal error");
      break;
    }
  g_set_error (error, RB_ERROR, RB_ERROR_FAILED,
               _("Could not make the PDF: %s (libharu error 0x%04X/%u)"), what,
               (guint)self->error_no, (guint)self->detail_no);
  return FALSE;
}

/* libharu reads fonts from files only: the bundled fonts are copied once into the user's
 * cache. They hold no pupil data; the size in the name makes an updated font a new file. */
static char *
font_path (const char *name, GError **error)
{
  g_autofree char *resource = g_strconcat (FONT_RESOURCE, name, NULL);
  g_autoptr(GBytes) bytes
      = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autofree char *dir = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  if (bytes == NULL)
    return NULL;
  dir = g_build_filename (g_get_user_cache_dir (), "routeboek", "fonts", NULL);
  file_name = g_strdup_printf ("%" G_GSIZE_FORMAT "-%s", g_bytes_get_size (bytes), name);
  path = g_build_filename (dir, file_name, NULL);
  if (g_stat (path, &st) == 0 && (gsize)st.st_size == g_bytes_get_size (bytes))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                               (gssize)g_bytes_get_size (bytes), error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not create the folder “%s”"), dir);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
rb_pdf_finalize (GObject *object)
{
  RbPdf *self = RB_PDF (object);

  if (self->doc != NULL)
    HPDF_Free (self->doc);
  for (guint i = 0; i < RB_PDF_N_FONTS; i++)
    g_free (self->widths[i]);
  G_OBJECT_CLASS (rb_pdf_parent_class)->finalize (object);
}

static void
rb_pdf_class_init (RbPdfClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_pdf_finalize;
}

static void
rb_pdf_init (RbPdf *self)
{
}

/**
 * rb_pdf_new:
 * @error: return location for an error
 *
 * Returns: (transfer full): an empty compressed PDF with the bundled fonts loaded, or
 *   %NULL with @error set.
 */
RbPdf *
rb_pdf_new (GError **error)
{
  g_autoptr(RbPdf) self = g_object_new (RB_TYPE_PDF, NULL);

  self->doc = HPDF_New (error_handler, self);
  if (self->doc == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_FAILED,
                   _("Could not make the PDF: not enough memory"));
      return NULL;
    }
  HPDF_SetCompressionMode (self->doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (self->doc);
  HPDF_SetCurrentEncoder (self->doc, "UTF-8");
  for (guint i = 0; i < RB_PDF_N_FONTS; i++)
    {
      g_autofree char *path = font_path (font_files[i], error);
      const char *name;

      if (path == NULL)
        return NULL;
      name = HPDF_LoadTTFontFromFile (self->doc, path, HPDF_TRUE);
      if (name == NULL || !take_error (self, error))
        {
          take_error (self, error);
          return NULL;
        }
      self->fonts[i] = HPDF_GetFont (self->doc, name, "UTF-8");
      self->widths[i] = g_new (gint16, 0x10000);
      memset (self->widths[i], 0xff, 0x10000 * sizeof (gint16));
    }
  if (!take_error (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static double
glyph_width (RbPdf *self, RbPdfFont font, gunichar c)
{
  gint16 *cache = self->widths[font];

  /* libharu draws nothing outside the BMP, so it measures as nothing too. */
  if (c > 0xffff)
    return 0;
  if (cache[c] < 0)
    cache[c] = (gint16)HPDF_Font_GetUnicodeWidth (self->fonts[font], (HPDF_UNICODE)c);
  return cache[c];
}

/**
 * rb_pdf_text_width:
 * @self: a PDF
 * @font: which font
 * @size: font size in points
 * @text: UTF-8 text
 * @length: bytes of @text to measure, or -1 for all
 *
 * Returns: the width of @text in points, as it will be drawn.
 */
double
rb_pdf_text_width (RbPdf *self, RbPdfFont font, double size, const char *text, gssize length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;
  double width = 0;

  g_return_val_if_fail (RB_IS_PDF (self), 0);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    width += glyph_width (self, font, g_utf8_get_char (p));
  return width * size / 1000.0;
}

static void
set_date (RbPdf *self, HPDF_InfoType type, GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  HPDF_Date date = { 0 };

  date.year = g_date_time_get_year (utc);
  date.month = g_date_time_get_month (utc);
  date.day = g_date_time_get_day_of_month (utc);
  date.hour = g_date_time_get_hour (utc);
  date.minutes = g_date_time_get_minute (utc);
  date.seconds = g_date_time_get_second (utc);
  date.ind = 'Z';
  HPDF_SetInfoDateAttr (self->doc, type, date);
}

/**
 * rb_pdf_set_info:
 * @self: a PDF
 * @title: the document's title
 * @author: (nullable): who made it
 * @subject: (nullable): what it is about
 * @created: when it was made
 *
 * Sets the metadata that PDF viewers show in the document's properties.
 */
void
rb_pdf_set_info (RbPdf *self, const char *title, const char *author, const char *subject,
                 GDateTime *created)
{
  g_return_if_fail (RB_IS_PDF (self));
  HPDF_SetInfoAttr (self->doc, HPDF_INFO_TITLE, title);
  if (author != NULL)
    HPDF_SetInfoAttr (self->doc, HPDF_INFO_AUTHOR, author);
  if (subject != NULL)
    HPDF_SetInfoAttr (self->doc, HPDF_INFO_SUBJECT, subject);
  HPDF_SetInfoAttr (self->doc, HPDF_INFO_CREATOR, "Routeboek " PACKAGE_VERSION);
  set_date (self, HPDF_INFO_CREATION_DATE, created);
  set_date (self, HPDF_INFO_MOD_DATE, created);
}

void
rb_pdf_begin_page (RbPdf *self)
{
  g_return_if_fail (RB_IS_PDF (self));
  self->page = HPDF_AddPage (self->doc);
  HPDF_Page_SetSize (self->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  self->n_pages++;
}

guint
rb_pdf_get_n_pages (RbPdf *self)
{
  g_return_val_if_fail (RB_IS_PDF (self), 0);
  return self->n_pages;
}

static const RbPdfColor black = { 0, 0, 0 };

static gboolean
has_page (RbPdf *self)
{
  return self->page != NULL && self->error_no == HPDF_OK;
}

void
rb_pdf_draw_text (RbPdf *self, RbPdfFont font, double size, const RbPdfColor *color, double x,
                  double baseline, const char *text)
{
  g_return_if_fail (RB_IS_PDF (self));
  if (!has_page (self) || text == NULL || *text == '\0')
    return;
  if (color == NULL)
    color = &black;
  HPDF_Page_SetRGBFill (self->page, color->r, color->g, color->b);
  HPDF_Page_BeginText (self->page);
  HPDF_Page_SetFontAndSize (self->page, self->fonts[font], size);
  HPDF_Page_TextOut (self->page, x, RB_PDF_PAGE_HEIGHT - baseline, text);
  HPDF_Page_EndText (self->page);
}

static void
set_stroke (RbPdf *self, double width, const RbPdfColor *color)
{
  if (color == NULL)
    color = &black;
  HPDF_Page_SetLineWidth (self->page, width);
  HPDF_Page_SetRGBStroke (self->page, color->r, color->g, color->b);
  HPDF_Page_SetLineCap (self->page, HPDF_ROUND_END);
  HPDF_Page_SetLineJoin (self->page, HPDF_ROUND_JOIN);
}

void
rb_pdf_draw_line (RbPdf *self, double x1, double y1, double x2, double y2, double width,
                  const RbPdfColor *color)
{
  const double points[] = { x1, y1, x2, y2 };

  rb_pdf_draw_polyline (self, points, 2, width, color);
}

/**
 * rb_pdf_draw_polyline:
 * @self: a PDF
 * @points: (array): x, y pairs
 * @n_points: number of pairs in @points
 * @width: line width in points
 * @color: (nullable): the colour, black when %NULL
 *
 * Strokes a path through @points with round caps and joins, as a pen draws.
 */
void
rb_pdf_draw_polyline (RbPdf *self, const double *points, guint n_points, double width,
                      const RbPdfColor *color)
{
  g_return_if_fail (RB_IS_PDF (self));
  if (!has_page (self) || n_points == 0)
    return;
  set_stroke (self, width, color);
  HPDF_Page_MoveTo (self->page, points[0], RB_PDF_PAGE_HEIGHT - points[1]);
  /* A tap on the pad is a dot: a zero-length segment with round caps. */
  if (n_points == 1)
    HPDF_Page_LineTo (self->page, points[0], RB_PDF_PAGE_HEIGHT - points[1]);
  for (guint i = 1; i < n_points; i++)
    HPDF_Page_LineTo (self->page, points[2 * i], RB_PDF_PAGE_HEIGHT - points[2 * i + 1]);
  HPDF_Page_Stroke (self->page);
}

void
rb_pdf_draw_rect (RbPdf *self, double x, double y, double width, double height,
                  const RbPdfColor *fill)
{
  g_return_if_fail (RB_IS_PDF (self));
  if (!has_page (self))
    return;
  if (fill == NULL)
    fill = &black;
  HPDF_Page_SetRGBFill (self->page, fill->r, fill->g, fill->b);
  HPDF_Page_Rectangle (self->page, x, RB_PDF_PAGE_HEIGHT - y - height, width, height);
  HPDF_Page_Fill (self->page);
}

static gboolean
png_is_sound (const char *path, GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  cairo_status_t status = cairo_surface_status (surface);

  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
               _("The logo “%s” is not a PNG image that can be read: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * rb_pdf_draw_png:
 * @self: a PDF
 * @path: a PNG file
 * @x: left edge
 * @y: top edge
 * @max_width: the image is scaled to fit this box, keeping its proportions
 * @max_height: the same
 * @drawn_width: (out) (optional): the width it got
 * @error: return location for an error
 *
 * Returns: %TRUE when the image was drawn.
 */
gboolean
rb_pdf_draw_png (RbPdf *self, const char *path, double x, double y, double max_width,
                 double max_height, double *drawn_width, GError **error)
{
  HPDF_Image image;
  double w, h, scale;

  g_return_val_if_fail (RB_IS_PDF (self), FALSE);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("The logo “%s” does not exist"), path);
      return FALSE;
    }
  if (!has_page (self))
    return take_error (self, error);
  /* libpng aborts the process on a damaged file inside libharu: cairo reads it first. */
  if (!png_is_sound (path, error))
    return FALSE;
  image = HPDF_LoadPngImageFromFile (self->doc, path);
  if (image == NULL || !take_error (self, error))
    {
      /* The document stays usable without the logo: forget the error. */
      take_error (self, error);
      HPDF_ResetError (self->doc);
      self->error_no = HPDF_OK;
      return FALSE;
    }
  w = HPDF_Image_GetWidth (image);
  h = HPDF_Image_GetHeight (image);
  scale = MIN (max_width / w, max_height / h);
  HPDF_Page_DrawImage (self->page, image, x, RB_PDF_PAGE_HEIGHT - y - h * scale, w * scale,
                       h * scale);
  if (drawn_width != NULL)
    *drawn_width = w * scale;
  return TRUE;
}

/**
 * rb_pdf_finish:
 * @self: a PDF
 * @error: return location for an error
 *
 * Returns: (transfer full): the whole PDF file, or %NULL with @error set when anything
 *   went wrong while it was made.
 */
GBytes *
rb_pdf_finish (RbPdf *self, GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  HPDF_STATUS status = HPDF_OK;

  g_return_val_if_fail (RB_IS_PDF (self), NULL);
  if (!take_error (self, error) || HPDF_SaveToStream (self->doc) != HPDF_OK
      || !take_error (self, error))
    {
      take_error (self, error);
      return NULL;
    }
  HPDF_ResetStream (self->doc);
  while (status == HPDF_OK)
    {
      HPDF_BYTE buffer[16384];
      HPDF_UINT32 size = sizeof buffer;

      status = HPDF_ReadFromStream (self->doc, buffer, &size);
      g_byte_array_append (data, buffer, size);
    }
  /* Reaching the end of the stream is how reading stops, not an error. */
  if (status != HPDF_STREAM_EOF || self->error_no == HPDF_STREAM_EOF)
    {
      if (self->error_no == HPDF_STREAM_EOF)
        self->error_no = HPDF_OK;
      if (status != HPDF_STREAM_EOF && !take_error (self, error))
        return NULL;
    }
  if (!take_error (self, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}
