/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-layout"

#include "config.h"

#include <string.h>

#include "rb-layout.h"

/*
 * A small page layout engine for letters and forms on A4: text is measured with the
 * PDF's own fonts and wrapped at spaces (never hyphenated; a word wider than the line is
 * cut between characters so nothing is lost), labelled fields, tables whose rows and
 * header continue on the next page, bar charts and signature blocks kept whole.
 *
 * The flow goes into a display list of pages first; only when it is complete are the
 * pages drawn, each with its header (organisation, logo, confidentiality mark) and its
 * footer with "page x of y", because y is known only then.
 */

#define MARGIN_LEFT 70.0
#define MARGIN_RIGHT 62.0
#define CONTENT_TOP 92.0
#define CONTENT_BOTTOM (RB_PDF_PAGE_HEIGHT - 68.0)
#define HEADER_BASELINE 56.0
#define HEADER_RULE 66.0
#define FOOTER_RULE (RB_PDF_PAGE_HEIGHT - 56.0)
#define FOOTER_BASELINE (RB_PDF_PAGE_HEIGHT - 42.0)
#define BODY_SIZE 9.5
#define SMALL_SIZE 8.5
#define HEADING_SIZE 10.5
#define LABEL_WIDTH 215.0
#define TABLE_PADDING 3.5
#define SIGNATURE_GAP 24.0
#define SIGNATURE_MAX_HEIGHT 58.0
#define MARKER_WIDTH 15.0
#define KEEP_TOGETHER_LINES 4

typedef enum
{
  OP_TEXT,
  OP_LINE,
  OP_RECT,
  OP_PATH,
} OpKind;

/* One drawing operation. Text: x, baseline (y). Line: (x, y) to (w, h). Rect: x, y, w, h.
 * Path: points in page coordinates, line width in w. */
typedef struct
{
  OpKind kind;
  RbPdfFont font;
  double size;
  RbPdfColor color;
  double x, y, w, h;
  char *text;
  GArray *points;
} Op;

struct _RbLayout
{
  GObject parent_instance;

  RbPdf *pdf;
  GPtrArray *pages;
  GArray *page;
  double y;
  char *organisation;
  char *mark;
  char *logo_path;
  char *footer;
  char *page_format;
};

G_DEFINE_FINAL_TYPE (RbLayout, rb_layout, G_TYPE_OBJECT)

static const RbPdfColor ink = { 0.1, 0.1, 0.12 };
static const RbPdfColor muted = { 0.36, 0.38, 0.42 };
static const RbPdfColor rule_color = { 0.72, 0.74, 0.78 };
static const RbPdfColor header_fill = { 0.91, 0.93, 0.95 };
static const RbPdfColor accent = { 0.09, 0.27, 0.47 };
static const RbPdfColor mark_color = { 0.66, 0.09, 0.11 };
static const RbPdfColor pen_color = { 0.05, 0.12, 0.42 };
/* Adwaita's success_bg_color, warning_bg_color and error_bg_color, as the screen draws
 * the bars in light mode (#26a269, #e5a50a, #e01b24). */
static const RbPdfColor tone_colors[] = {
  [RB_BAR_TONE_GOOD] = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0 },
  [RB_BAR_TONE_WARNING] = { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0 },
  [RB_BAR_TONE_BAD] = { 0xe0 / 255.0, 0x1b / 255.0, 0x24 / 255.0 },
};

static void
clear_op (gpointer data)
{
  Op *op = data;

  g_free (op->text);
  g_clear_pointer (&op->points, g_array_unref);
}

static void
new_page (RbLayout *self)
{
  self->page = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (self->page, clear_op);
  g_ptr_array_add (self->pages, self->page);
  self->y = CONTENT_TOP;
}

static double
leading (double size)
{
  return size * 1.38;
}

static double
right_edge (void)
{
  return RB_PDF_PAGE_WIDTH - MARGIN_RIGHT;
}

/* Starts a new page unless @height fits below the cursor (or the page is still empty). */
static void
ensure (RbLayout *self, double height)
{
  if (self->y + height > CONTENT_BOTTOM && self->y > CONTENT_TOP)
    new_page (self);
}

static Op *
add_op (RbLayout *self, OpKind kind)
{
  Op op = { 0 };

  op.kind = kind;
  g_array_append_val (self->page, op);
  return &g_array_index (self->page, Op, self->page->len - 1);
}

static void
add_text (RbLayout *self, RbPdfFont font, double size, const RbPdfColor *color, double x,
          double baseline, const char *text)
{
  Op *op;

  if (text == NULL || *text == '\0')
    return;
  op = add_op (self, OP_TEXT);
  op->font = font;
  op->size = size;
  op->color = *color;
  op->x = x;
  op->y = baseline;
  op->text = g_strdup (text);
}

static void
add_line (RbLayout *self, double x1, double y1, double x2, double y2, double width,
          const RbPdfColor *color)
{
  Op *op = add_op (self, OP_LINE);

  op->x = x1;
  op->y = y1;
  op->w = x2;
  op->h = y2;
  op->size = width;
  op->color = *color;
}

static void
add_rect (RbLayout *self, double x, double y, double w, double h, const RbPdfColor *color)
{
  Op *op = add_op (self, OP_RECT);

  op->x = x;
  op->y = y;
  op->w = w;
  op->h = h;
  op->color = *color;
}

static void
rb_layout_finalize (GObject *object)
{
  RbLayout *self = RB_LAYOUT (object);

  g_clear_object (&self->pdf);
  g_ptr_array_unref (self->pages);
  g_free (self->organisation);
  g_free (self->mark);
  g_free (self->logo_path);
  g_free (self->footer);
  g_free (self->page_format);
  G_OBJECT_CLASS (rb_layout_parent_class)->finalize (object);
}

static void
rb_layout_class_init (RbLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rb_layout_finalize;
}

static void
rb_layout_init (RbLayout *self)
{
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  new_page (self);
}

/**
 * rb_layout_new:
 * @pdf: the PDF that measures the text and later receives the pages
 *
 * Returns: (transfer full): an empty layout with one empty page.
 */
RbLayout *
rb_layout_new (RbPdf *pdf)
{
  RbLayout *self = g_object_new (RB_TYPE_LAYOUT, NULL);

  self->pdf = g_object_ref (pdf);
  return self;
}

/**
 * rb_layout_set_header:
 * @self: a layout
 * @organisation: (nullable): printed top left on every page
 * @mark: (nullable): printed top right, e.g. "VERTROUWELIJK"
 * @logo_path: (nullable): a PNG drawn before @organisation
 */
void
rb_layout_set_header (RbLayout *self, const char *organisation, const char *mark,
                      const char *logo_path)
{
  g_return_if_fail (RB_IS_LAYOUT (self));
  g_free (self->organisation);
  g_free (self->mark);
  g_free (self->logo_path);
  self->organisation = g_strdup (organisation);
  self->mark = g_strdup (mark);
  self->logo_path = g_strdup (logo_path);
}

/**
 * rb_layout_set_footer:
 * @self: a layout
 * @text: (nullable): printed bottom left on every page
 * @page_format: (nullable): printed bottom right with "{page}" and "{pages}" replaced,
 *   e.g. "pagina {page} van {pages}"
 */
void
rb_layout_set_footer (RbLayout *self, const char *text, const char *page_format)
{
  g_return_if_fail (RB_IS_LAYOUT (self));
  g_free (self->footer);
  g_free (self->page_format);
  self->footer = g_strdup (text);
  self->page_format = g_strdup (page_format);
}

double
rb_layout_get_width (RbLayout *self)
{
  return right_edge () - MARGIN_LEFT;
}

static double
measure (RbLayout *self, RbPdfFont font, double size, const char *text, gssize length)
{
  return rb_pdf_text_width (self->pdf, font, size, text, length);
}

/* Cuts a word wider than the line between characters; the last piece stays in @line. */
static void
cut_word (RbLayout *self, RbPdfFont font, double size, const char *word, const char *end,
          double width, GPtrArray *lines, GString *line, double *line_width)
{
  const char *start = word;

  while (start < end)
    {
      const char *p = start;
      double w = 0;

      while (p < end)
        {
          const char *next = g_utf8_next_char (p);
          double cw = measure (self, font, size, p, next - p);

          if (w + cw > width && p > start)
            break;
          w += cw;
          p = next;
        }
      if (p < end)
        g_ptr_array_add (lines, g_strndup (start, p - start));
      else
        {
          g_string_append_len (line, start, p - start);
          *line_width = w;
        }
      start = p;
    }
}

static void
wrap_paragraph (RbLayout *self, RbPdfFont font, double size, const char *text, double width,
                GPtrArray *lines)
{
  g_autoptr(GString) line = g_string_new (NULL);
  double space = measure (self, font, size, " ", 1);
  double line_width = 0;
  const char *p = text;

  while (*p != '\0')
    {
      const char *end;
      double word_width;

      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      for (end = p; *end != '\0' && *end != ' '; end++)
        ;
      word_width = measure (self, font, size, p, end - p);
      if (line->len > 0 && line_width + space + word_width <= width)
        {
          g_string_append_c (line, ' ');
          g_string_append_len (line, p, end - p);
          line_width += space + word_width;
        }
      else
        {
          if (line->len > 0)
            g_ptr_array_add (lines, g_strndup (line->str, line->len));
          g_string_truncate (line, 0);
          line_width = 0;
          if (word_width <= width)
            {
              g_string_append_len (line, p, end - p);
              line_width = word_width;
            }
          else
            cut_word (self, font, size, p, end, width, lines, line, &line_width);
        }
      p = end;
    }
  g_ptr_array_add (lines, g_strndup (line->str, line->len));
}

/**
 * rb_layout_wrap:
 * @self: a layout
 * @font: the font the text will be drawn in
 * @size: its size in points
 * @text: UTF-8 text; newlines start a new line
 * @width: the width of a line in points
 *
 * Breaks @text into lines at spaces, without hyphens. A word wider than @width is cut
 * between characters. Runs of spaces become one space, tabs a space; nothing else is
 * dropped.
 *
 * Returns: (transfer full) (element-type utf8): the lines, at least one.
 */
GPtrArray *
rb_layout_wrap (RbLayout *self, RbPdfFont font, double size, const char *text, double width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) paragraphs = NULL;
  g_autofree char *clean = g_strdup (text != NULL ? text : "");

  g_return_val_if_fail (RB_IS_LAYOUT (self), lines);
  g_strdelimit (clean, "\t\r\v\f", ' ');
  paragraphs = g_strsplit (clean, "\n", -1);
  if (paragraphs[0] == NULL)
    g_ptr_array_add (lines, g_strdup (""));
  for (guint i = 0; paragraphs[i] != NULL; i++)
    wrap_paragraph (self, font, size, paragraphs[i], width, lines);
  return lines;
}

/* Lines of wrapped text, moving to the next page whenever a line does not fit. A few
 * lines stay together: an item or a short paragraph is not split over two pages. */
static void
flow_lines (RbLayout *self, GPtrArray *lines, RbPdfFont font, double size, const RbPdfColor *color,
            double x)
{
  if (lines->len <= KEEP_TOGETHER_LINES)
    ensure (self, lines->len * leading (size));
  for (guint i = 0; i < lines->len; i++)
    {
      ensure (self, leading (size));
      add_text (self, font, size, color, x, self->y + size, g_ptr_array_index (lines, i));
      self->y += leading (size);
    }
}

void
rb_layout_title (RbLayout *self, const char *text, double size)
{
  g_autoptr(GPtrArray) lines
      = rb_layout_wrap (self, RB_PDF_FONT_BOLD, size, text, rb_layout_get_width (self));

  ensure (self, leading (size) * lines->len + 40);
  flow_lines (self, lines, RB_PDF_FONT_BOLD, size, &accent, MARGIN_LEFT);
  self->y += 2;
}

/**
 * rb_layout_heading:
 * @self: a layout
 * @text: a section title
 *
 * A section heading with a rule under it, kept on one page with the first lines after it.
 */
void
rb_layout_heading (RbLayout *self, const char *text)
{
  g_autoptr(GPtrArray) lines
      = rb_layout_wrap (self, RB_PDF_FONT_BOLD, HEADING_SIZE, text, rb_layout_get_width (self));

  if (self->y > CONTENT_TOP)
    self->y += 7;
  ensure (self, leading (HEADING_SIZE) * lines->len + 4 * leading (BODY_SIZE));
  flow_lines (self, lines, RB_PDF_FONT_BOLD, HEADING_SIZE, &accent, MARGIN_LEFT);
  add_line (self, MARGIN_LEFT, self->y - 1, right_edge (), self->y - 1, 0.6, &rule_color);
  self->y += 4;
}

void
rb_layout_paragraph (RbLayout *self, RbPdfFont font, double size, double indent, const char *text)
{
  g_autoptr(GPtrArray) lines = NULL;

  g_return_if_fail (RB_IS_LAYOUT (self));
  if (size <= 0)
    size = BODY_SIZE;
  lines = rb_layout_wrap (self, font, size, text, rb_layout_get_width (self) - indent);
  flow_lines (self, lines, font, size, &ink, MARGIN_LEFT + indent);
  self->y += size * 0.35;
}

/**
 * rb_layout_item:
 * @self: a layout
 * @marker: what stands before the text: a ballot box, a bullet
 * @indent: how far the marker stands from the margin
 * @text: the item's text, wrapped beside the marker
 */
void
rb_layout_item (RbLayout *self, const char *marker, double indent, const char *text)
{
  double x = MARGIN_LEFT + indent + MARKER_WIDTH;
  g_autoptr(GPtrArray) lines
      = rb_layout_wrap (self, RB_PDF_FONT_REGULAR, BODY_SIZE, text, right_edge () - x);

  ensure (self, MIN (lines->len, KEEP_TOGETHER_LINES) * leading (BODY_SIZE));
  add_text (self, RB_PDF_FONT_REGULAR, BODY_SIZE, &ink, MARGIN_LEFT + indent, self->y + BODY_SIZE,
            marker);
  flow_lines (self, lines, RB_PDF_FONT_REGULAR, BODY_SIZE, &ink, x);
  self->y += 1;
}

/**
 * rb_layout_field:
 * @self: a layout
 * @label: the field's label, in the left column
 * @value: (nullable): its value, in the right column; empty values get a line to write on
 */
void
rb_layout_field (RbLayout *self, const char *label, const char *value)
{
  double value_x = MARGIN_LEFT + LABEL_WIDTH;
  g_autoptr(GPtrArray) labels
      = rb_layout_wrap (self, RB_PDF_FONT_REGULAR, BODY_SIZE, label, LABEL_WIDTH - 10);
  g_autoptr(GPtrArray) values
      = rb_layout_wrap (self, RB_PDF_FONT_BOLD, BODY_SIZE, value, right_edge () - value_x);
  gboolean empty = value == NULL || *value == '\0';
  guint n;

  /* A label too long for its column goes above the value, whole. */
  if (labels->len > 1)
    {
      g_autoptr(GPtrArray) whole = rb_layout_wrap (self, RB_PDF_FONT_REGULAR, BODY_SIZE, label,
                                                    rb_layout_get_width (self));

      ensure (self, 2 * leading (BODY_SIZE));
      flow_lines (self, whole, RB_PDF_FONT_REGULAR, BODY_SIZE, &muted, MARGIN_LEFT);
      g_ptr_array_set_size (labels, 0);
    }
  n = MAX (labels->len, values->len);
  if (n <= KEEP_TOGETHER_LINES)
    ensure (self, n * leading (BODY_SIZE));
  for (guint i = 0; i < n; i++)
    {
      double baseline;

      ensure (self, leading (BODY_SIZE));
      baseline = self->y + BODY_SIZE;
      if (i < labels->len)
        add_text (self, RB_PDF_FONT_REGULAR, BODY_SIZE, &muted, MARGIN_LEFT, baseline,
                  g_ptr_array_index (labels, i));
      if (i < values->len)
        add_text (self, RB_PDF_FONT_BOLD, BODY_SIZE, &ink, value_x, baseline,
                  g_ptr_array_index (values, i));
      if (empty && i == 0)
        add_line (self, value_x, baseline + 2, right_edge (), baseline + 2, 0.5, &rule_color);
      self->y += leading (BODY_SIZE);
    }
  self->y += 1;
}

typedef struct
{
  double x;
  double width;
  GPtrArray *lines;
} Cell;

static double
table_leading (void)
{
  return leading (SMALL_SIZE);
}

static double
table_header_height (RbLayout *self, guint n, const Cell *cells, const char *const *headers)
{
  double height = 0;

  for (guint c = 0; c < n; c++)
    {
      g_autoptr(GPtrArray) lines = rb_layout_wrap (self, RB_PDF_FONT_BOLD, SMALL_SIZE, headers[c],
                                                    cells[c].width - 2 * TABLE_PADDING);
      height = MAX (height, lines->len * table_leading ());
    }
  return height + 2 * TABLE_PADDING;
}

static void
draw_table_header (RbLayout *self, guint n, const Cell *cells, const char *const *headers)
{
  double height = table_header_height (self, n, cells, headers);

  add_rect (self, MARGIN_LEFT, self->y, rb_layout_get_width (self), height, &header_fill);
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(GPtrArray) lines = rb_layout_wrap (self, RB_PDF_FONT_BOLD, SMALL_SIZE, headers[c],
                                                    cells[c].width - 2 * TABLE_PADDING);

      for (guint i = 0; i < lines->len; i++)
        add_text (self, RB_PDF_FONT_BOLD, SMALL_SIZE, &ink, cells[c].x + TABLE_PADDING,
                  self->y + TABLE_PADDING + i * table_leading () + SMALL_SIZE,
                  g_ptr_array_index (lines, i));
    }
  self->y += height;
}

/* Draws lines [@first, @first + @count) of every cell as one band of a row. */
static void
draw_row_band (RbLayout *self, guint n, const Cell *cells, guint first, guint count)
{
  for (guint c = 0; c < n; c++)
    for (guint i = first; i < first + count && i < cells[c].lines->len; i++)
      add_text (self, RB_PDF_FONT_REGULAR, SMALL_SIZE, &ink, cells[c].x + TABLE_PADDING,
                self->y + TABLE_PADDING + (i - first) * table_leading () + SMALL_SIZE,
                g_ptr_array_index (cells[c].lines, i));
  self->y += count * table_leading () + 2 * TABLE_PADDING;
  add_line (self, MARGIN_LEFT, self->y, right_edge (), self->y, 0.4, &rule_color);
}

/* The columns' places across the text width, in proportion to @widths. */
static Cell *
place_cells (RbLayout *self, guint n_columns, const double *widths)
{
  Cell *cells = g_new0 (Cell, n_columns);
  double total = 0, x = MARGIN_LEFT;

  for (guint c = 0; c < n_columns; c++)
    total += widths[c];
  for (guint c = 0; c < n_columns; c++)
    {
      cells[c].x = x;
      cells[c].width = rb_layout_get_width (self) * widths[c] / total;
      x += cells[c].width;
    }
  return cells;
}

/* Wraps the cells of @row into @cells; returns the row's number of lines. */
static guint
wrap_row (RbLayout *self, guint n_columns, Cell *cells, char **row)
{
  guint n_lines = 1;

  for (guint c = 0; c < n_columns; c++)
    {
      cells[c].lines = rb_layout_wrap (self, RB_PDF_FONT_REGULAR, SMALL_SIZE,
                                       c < g_strv_length (row) ? row[c] : "",
                                       cells[c].width - 2 * TABLE_PADDING);
      n_lines = MAX (n_lines, cells[c].lines->len);
    }
  return n_lines;
}

static void
clear_row (guint n_columns, Cell *cells)
{
  for (guint c = 0; c < n_columns; c++)
    g_clear_pointer (&cells[c].lines, g_ptr_array_unref);
}

/**
 * rb_layout_get_table_height:
 * @self: a layout
 * @n_columns: number of columns
 * @headers: (array length=n_columns): column titles
 * @widths: (array length=n_columns): relative widths of the columns
 * @rows: (element-type GStrv): the rows
 *
 * Returns: the height rb_layout_table() takes for these rows on one page, so that a
 *   short table can be kept whole with rb_layout_keep().
 */
double
rb_layout_get_table_height (RbLayout *self, guint n_columns, const char *const *headers,
                            const double *widths, GPtrArray *rows)
{
  g_autofree Cell *cells = place_cells (self, n_columns, widths);
  double height = table_header_height (self, n_columns, cells, headers) + 6;

  for (guint r = 0; r < rows->len; r++)
    {
      height += wrap_row (self, n_columns, cells, g_ptr_array_index (rows, r)) * table_leading ()
                + 2 * TABLE_PADDING;
      clear_row (n_columns, cells);
    }
  return height;
}

/**
 * rb_layout_table:
 * @self: a layout
 * @n_columns: number of columns
 * @headers: (array length=n_columns): column titles, repeated on every page the table spans
 * @widths: (array length=n_columns): relative widths of the columns
 * @rows: (element-type GStrv): the rows, each with @n_columns cells
 *
 * A table that continues on the next page, with its header repeated; a row taller than a
 * page is split between its lines.
 */
void
rb_layout_table (RbLayout *self, guint n_columns, const char *const *headers, const double *widths,
                 GPtrArray *rows)
{
  g_autofree Cell *cells = NULL;

  g_return_if_fail (RB_IS_LAYOUT (self));
  cells = place_cells (self, n_columns, widths);
  ensure (self, 3 * table_leading () + 4 * TABLE_PADDING);
  add_line (self, MARGIN_LEFT, self->y, right_edge (), self->y, 0.6, &rule_color);
  draw_table_header (self, n_columns, cells, headers);

  for (guint r = 0; r < rows->len; r++)
    {
      guint n_lines = wrap_row (self, n_columns, cells, g_ptr_array_index (rows, r));
      guint done = 0;

      while (done < n_lines)
        {
          double room = CONTENT_BOTTOM - self->y - 2 * TABLE_PADDING;
          guint fit = room > 0 ? (guint)(room / table_leading ()) : 0;
          guint rest = n_lines - done;

          /* Keep a row whole when it fits on a fresh page; split only giant ones. */
          if (fit < rest
              && (fit == 0 || rest * table_leading () < CONTENT_BOTTOM - CONTENT_TOP - 60))
            {
              new_page (self);
              draw_table_header (self, n_columns, cells, headers);
              continue;
            }
          fit = MIN (fit, rest);
          draw_row_band (self, n_columns, cells, done, fit);
          done += fit;
        }
      clear_row (n_columns, cells);
    }
  self->y += 6;
}

/**
 * rb_layout_bar_chart:
 * @self: a layout
 * @chart: the bars
 *
 * A bar chart across the width of the text, on a light card as on screen, kept whole on a
 * page: it starts a new page when it does not fit below what came before.
 */
void
rb_layout_bar_chart (RbLayout *self, const RbBarChart *chart)
{
  double width = rb_layout_get_width (self);
  double height = rb_bar_chart_get_height (chart);
  double label_width = 0, value_width = 0;

  g_return_if_fail (RB_IS_LAYOUT (self));
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const RbBar *bar = &g_array_index (chart->bars, RbBar, i);

      label_width = MAX (label_width,
                         measure (self, RB_PDF_FONT_REGULAR, BODY_SIZE, bar->label, -1));
      value_width = MAX (value_width,
                         measure (self, RB_PDF_FONT_BOLD, BODY_SIZE, bar->value_text, -1));
    }
  ensure (self, height);
  add_rect (self, MARGIN_LEFT, self->y, width, height, &header_fill);
  for (guint i = 0; i < chart->bars->len; i++)
    {
      const RbBar *bar = &g_array_index (chart->bars, RbBar, i);
      /* Text centred on the bar: its baseline a third of the font size below the middle. */
      double baseline;
      RbBarPlace place;

      rb_bar_chart_place (chart, i, width, label_width, value_width, &place);
      baseline = self->y + place.y + RB_BAR_CHART_BAR_HEIGHT / 2 + BODY_SIZE / 3;
      add_text (self, RB_PDF_FONT_REGULAR, BODY_SIZE, &ink, MARGIN_LEFT + RB_BAR_CHART_PADDING,
                baseline, bar->label);
      if (place.length > 0)
        add_rect (self, MARGIN_LEFT + place.x, self->y + place.y, place.length,
                  RB_BAR_CHART_BAR_HEIGHT, &tone_colors[bar->tone]);
      add_text (self, RB_PDF_FONT_BOLD, BODY_SIZE, &ink, MARGIN_LEFT + place.value_x, baseline,
                bar->value_text);
    }
  self->y += height + 6;
}

static void
add_strokes (RbLayout *self, GPtrArray *strokes, double x, double y, double width, double height)
{
  for (guint s = 0; strokes != NULL && s < strokes->len; s++)
    {
      GArray *stroke = g_ptr_array_index (strokes, s);
      Op *op;

      if (stroke->len < 2)
        continue;
      op = add_op (self, OP_PATH);
      op->w = 1.1;
      op->color = pen_color;
      op->points = g_array_sized_new (FALSE, FALSE, sizeof (double), stroke->len);
      for (guint i = 0; i + 1 < stroke->len; i += 2)
        {
          double px = x + CLAMP (g_array_index (stroke, double, i), 0, 1) * width;
          double py = y + CLAMP (g_array_index (stroke, double, i + 1), 0, 1) * height;

          g_array_append_val (op->points, px);
          g_array_append_val (op->points, py);
        }
    }
}

/**
 * rb_layout_signatures:
 * @self: a layout
 * @signatures: (array length=n_signatures): the blocks
 * @n_signatures: how many
 *
 * Signature blocks two abreast, each kept whole on a page: a title, the drawn signature
 * (as vector strokes) on a line, and the signer's name, role, place and date.
 */
void
rb_layout_signatures (RbLayout *self, const RbLayoutSignature *signatures, guint n_signatures)
{
  double column = (rb_layout_get_width (self) - SIGNATURE_GAP) / 2;
  double box_height = MIN (SIGNATURE_MAX_HEIGHT, column / RB_SIGNATURE_ASPECT);
  double box_width = box_height * RB_SIGNATURE_ASPECT;

  g_return_if_fail (RB_IS_LAYOUT (self));
  for (guint i = 0; i < n_signatures; i += 2)
    {
      double top, bottom = 0;
      guint max_lines = 0;

      for (guint k = i; k < MIN (i + 2, n_signatures); k++)
        max_lines = MAX (max_lines, g_strv_length ((GStrv)signatures[k].lines));
      ensure (self, rb_layout_get_signatures_height (self, max_lines));
      self->y += 6;
      top = self->y;
      for (guint k = i; k < MIN (i + 2, n_signatures); k++)
        {
          const RbLayoutSignature *sig = &signatures[k];
          double x = MARGIN_LEFT + (k - i) * (column + SIGNATURE_GAP);
          double y = top;

          add_text (self, RB_PDF_FONT_BOLD, BODY_SIZE, &ink, x, y + BODY_SIZE, sig->title);
          y += leading (BODY_SIZE);
          add_strokes (self, sig->strokes, x, y, box_width, box_height);
          y += box_height + 2;
          add_line (self, x, y, x + column, y, 0.6, &muted);
          y += 4;
          for (guint l = 0; sig->lines[l] != NULL; l++)
            {
              add_text (self, RB_PDF_FONT_REGULAR, SMALL_SIZE, &ink, x, y + SMALL_SIZE,
                        sig->lines[l]);
              y += leading (SMALL_SIZE);
            }
          bottom = MAX (bottom, y);
        }
      self->y = bottom + 8;
    }
}

/**
 * rb_layout_keep:
 * @self: a layout
 * @height: points that must follow on this page
 *
 * Starts a new page unless @height still fits on this one: a heading is not left alone
 * at the bottom of a page when what comes after it is a block kept whole.
 */
void
rb_layout_keep (RbLayout *self, double height)
{
  g_return_if_fail (RB_IS_LAYOUT (self));
  ensure (self, height);
}

/**
 * rb_layout_get_signatures_height:
 * @self: a layout
 * @n_lines: lines under each signature
 *
 * Returns: the height of one row of signature blocks.
 */
double
rb_layout_get_signatures_height (RbLayout *self, guint n_lines)
{
  double column = (rb_layout_get_width (self) - SIGNATURE_GAP) / 2;

  return 6 + leading (BODY_SIZE) + MIN (SIGNATURE_MAX_HEIGHT, column / RB_SIGNATURE_ASPECT) + 6
         + n_lines * leading (SMALL_SIZE) + 8;
}

void
rb_layout_space (RbLayout *self, double points)
{
  g_return_if_fail (RB_IS_LAYOUT (self));
  if (self->y > CONTENT_TOP)
    self->y = MIN (self->y + points, CONTENT_BOTTOM);
}

void
rb_layout_page_break (RbLayout *self)
{
  g_return_if_fail (RB_IS_LAYOUT (self));
  if (self->y > CONTENT_TOP || self->page->len > 0)
    new_page (self);
}

guint
rb_layout_get_n_pages (RbLayout *self)
{
  g_return_val_if_fail (RB_IS_LAYOUT (self), 0);
  return self->pages->len;
}

static gboolean
draw_header (RbLayout *self, guint number, guint n_pages, GError **error)
{
  double x = MARGIN_LEFT;

  if (self->logo_path != NULL)
    {
      double logo_width = 0;

      if (!rb_pdf_draw_png (self->pdf, self->logo_path, MARGIN_LEFT, 26, 140, 34, &logo_width,
                            error))
        return FALSE;
      x += logo_width + 10;
    }
  rb_pdf_draw_text (self->pdf, RB_PDF_FONT_BOLD, SMALL_SIZE, &accent, x, HEADER_BASELINE,
                    self->organisation);
  if (self->mark != NULL)
    rb_pdf_draw_text (self->pdf, RB_PDF_FONT_BOLD, SMALL_SIZE, &mark_color,
                      right_edge () - measure (self, RB_PDF_FONT_BOLD, SMALL_SIZE, self->mark, -1),
                      HEADER_BASELINE, self->mark);
  rb_pdf_draw_line (self->pdf, MARGIN_LEFT, HEADER_RULE, right_edge (), HEADER_RULE, 0.6,
                    &rule_color);

  rb_pdf_draw_line (self->pdf, MARGIN_LEFT, FOOTER_RULE, right_edge (), FOOTER_RULE, 0.6,
                    &rule_color);
  if (self->footer != NULL)
    rb_pdf_draw_text (self->pdf, RB_PDF_FONT_REGULAR, 7.5, &muted, MARGIN_LEFT, FOOTER_BASELINE,
                      self->footer);
  if (self->page_format != NULL)
    {
      g_autofree char *page = g_strdup_printf ("%u", number);
      g_autofree char *pages = g_strdup_printf ("%u", n_pages);
      g_autoptr(GString) text = g_string_new (self->page_format);

      g_string_replace (text, "{page}", page, 0);
      g_string_replace (text, "{pages}", pages, 0);
      rb_pdf_draw_text (self->pdf, RB_PDF_FONT_REGULAR, 7.5, &muted,
                        right_edge () - measure (self, RB_PDF_FONT_REGULAR, 7.5, text->str, -1),
                        FOOTER_BASELINE, text->str);
    }
  return TRUE;
}

/**
 * rb_layout_render:
 * @self: a layout
 * @error: return location for an error
 *
 * Draws every page with its header and footer into the PDF given to rb_layout_new().
 *
 * Returns: %FALSE when the logo could not be drawn.
 */
gboolean
rb_layout_render (RbLayout *self, GError **error)
{
  g_return_val_if_fail (RB_IS_LAYOUT (self), FALSE);
  for (guint p = 0; p < self->pages->len; p++)
    {
      GArray *ops = g_ptr_array_index (self->pages, p);

      rb_pdf_begin_page (self->pdf);
      if (!draw_header (self, p + 1, self->pages->len, error))
        return FALSE;
      for (guint i = 0; i < ops->len; i++)
        {
          const Op *op = &g_array_index (ops, Op, i);

          switch (op->kind)
            {
            case OP_TEXT:
              rb_pdf_draw_text (self->pdf, op->font, op->size, &op->color, op->x, op->y, op->text);
              break;
            case OP_LINE:
              rb_pdf_draw_line (self->pdf, op->x, op->y, op->w, op->h, op->size, &op->color);
              break;
            case OP_RECT:
              rb_pdf_draw_rect (self->pdf, op->x, op->y, op->w, op->h, &op->color);
              break;
            case OP_PATH:
              rb_pdf_draw_polyline (self->pdf, (const double *)(gpointer)op->points->data,
                                    op->points->len / 2, op->w, &op->color);
              break;
            }
        }
    }
  return TRUE;
}
