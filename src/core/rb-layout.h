/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-bar-chart.h"
#include "rb-pdf.h"

G_BEGIN_DECLS

/* Signature strokes are stored in a box this many times wider than high (0-1 on both axes). */
#define RB_SIGNATURE_ASPECT 3.0

/**
 * RbLayoutSignature:
 * @title: whose signature, e.g. "Ouder/verzorger"
 * @lines: (array zero-terminated=1): the signer's name, role, place and date as printed
 * @strokes: (element-type GArray) (nullable): each stroke a #GArray of double x, y pairs
 *   in 0-1 of the signature box
 *
 * One signature block as the layout draws it.
 */
typedef struct
{
  const char *title;
  const char *const *lines;
  GPtrArray *strokes;
} RbLayoutSignature;

#define RB_TYPE_LAYOUT (rb_layout_get_type ())

G_DECLARE_FINAL_TYPE (RbLayout, rb_layout, RB, LAYOUT, GObject)

RbLayout  *rb_layout_new           (RbPdf                   *pdf);
void       rb_layout_set_header    (RbLayout                *self,
                                    const char              *organisation,
                                    const char              *mark,
                                    const char              *logo_path);
void       rb_layout_set_footer    (RbLayout                *self,
                                    const char              *text,
                                    const char              *page_format);
double     rb_layout_get_width     (RbLayout                *self);
GPtrArray *rb_layout_wrap          (RbLayout                *self,
                                    RbPdfFont                font,
                                    double                   size,
                                    const char              *text,
                                    double                   width);
void       rb_layout_title         (RbLayout                *self,
                                    const char              *text,
                                    double                   size);
void       rb_layout_heading       (RbLayout                *self,
                                    const char              *text);
void       rb_layout_paragraph     (RbLayout                *self,
                                    RbPdfFont                font,
                                    double                   size,
                                    double                   indent,
                                    const char              *text);
void       rb_layout_item          (RbLayout                *self,
                                    const char              *marker,
                                    double                   indent,
                                    const char              *text);
void       rb_layout_field         (RbLayout                *self,
                                    const char              *label,
                                    const char              *value);
void       rb_layout_table         (RbLayout                *self,
                                    guint                    n_columns,
                                    const char *const       *headers,
                                    const double            *widths,
                                    GPtrArray               *rows);
double     rb_layout_get_table_height (RbLayout             *self,
                                    guint                    n_columns,
                                    const char *const       *headers,
                                    const double            *widths,
                                    GPtrArray               *rows);
void       rb_layout_bar_chart     (RbLayout                *self,
                                    const RbBarChart        *chart);
void       rb_layout_signatures    (RbLayout                *self,
                                    const RbLayoutSignature *signatures,
                                    guint                    n_signatures);
void       rb_layout_keep          (RbLayout                *self,
                                    double                   height);
double     rb_layout_get_signatures_height (RbLayout        *self,
                                    guint                    n_lines);
void       rb_layout_space         (RbLayout                *self,
                                    double                   points);
void       rb_layout_page_break    (RbLayout                *self);
guint      rb_layout_get_n_pages   (RbLayout                *self);
gboolean   rb_layout_render        (RbLayout                *self,
                                    GError                 **error);

G_END_DECLS
