/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A4 in PDF points (1/72 inch); coordinates of this API start at the top left corner. */
#define RB_PDF_PAGE_WIDTH 595.276
#define RB_PDF_PAGE_HEIGHT 841.89

typedef enum
{
  RB_PDF_FONT_REGULAR,
  RB_PDF_FONT_BOLD,
} RbPdfFont;

#define RB_PDF_N_FONTS 2

/**
 * RbPdfColor:
 * @r: red, 0-1
 * @g: green, 0-1
 * @b: blue, 0-1
 */
typedef struct
{
  double r, g, b;
} RbPdfColor;

#define RB_TYPE_PDF (rb_pdf_get_type ())

G_DECLARE_FINAL_TYPE (RbPdf, rb_pdf, RB, PDF, GObject)

RbPdf   *rb_pdf_new           (GError          **error);
double   rb_pdf_text_width    (RbPdf            *self,
                               RbPdfFont         font,
                               double            size,
                               const char       *text,
                               gssize            length);
void     rb_pdf_set_info      (RbPdf            *self,
                               const char       *title,
                               const char       *author,
                               const char       *subject,
                               GDateTime        *created);
void     rb_pdf_begin_page    (RbPdf            *self);
void     rb_pdf_draw_text     (RbPdf            *self,
                               RbPdfFont         font,
                               double            size,
                               const RbPdfColor *color,
                               double            x,
                               double            baseline,
                               const char       *text);
void     rb_pdf_draw_line     (RbPdf            *self,
                               double            x1,
                               double            y1,
                               double            x2,
                               double            y2,
                               double            width,
                               const RbPdfColor *color);
void     rb_pdf_draw_rect     (RbPdf            *self,
                               double            x,
                               double            y,
                               double            width,
                               double            height,
                               const RbPdfColor *fill);
void     rb_pdf_draw_polyline (RbPdf            *self,
                               const double     *points,
                               guint             n_points,
                               double            width,
                               const RbPdfColor *color);
gboolean rb_pdf_draw_png      (RbPdf            *self,
                               const char       *path,
                               double            x,
                               double            y,
                               double            max_width,
                               double            max_height,
                               double           *drawn_width,
                               GError          **error);
guint    rb_pdf_get_n_pages   (RbPdf            *self);
GBytes  *rb_pdf_finish        (RbPdf            *self,
                               GError          **error);

G_END_DECLS
