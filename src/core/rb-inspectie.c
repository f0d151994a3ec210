/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-inspectie"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "rb-error.h"
#include "rb-report.h"

/*
 * The Inspectie's registration as a spreadsheet. The only file that includes
 * xlsxwriter.h: libxlsxwriter writes to a file name, so the workbook is built beside the
 * target under a temporary name and renamed into place when complete.
 */

static lxw_datetime
to_datetime (const char *iso)
{
  lxw_datetime when = { 0 };

  sscanf (iso, "%4d-%2d-%2d", &when.year, &when.month, &when.day);
  return when;
}

static void
write_date (lxw_worksheet *sheet, lxw_row_t r, lxw_col_t c, const char *iso, lxw_format *format)
{
  if (iso != NULL)
    {
      lxw_datetime when = to_datetime (iso);

      worksheet_write_datetime (sheet, r, c, &when, format);
    }
}

/**
 * rb_inspectie_write_xlsx:
 * @rows: (element-type RbInspectieRow): from rb_inspectie_rows()
 * @path: the XLSX file to write (replaced atomically)
 * @error: return location for an error
 *
 * Writes one sheet with a header row and a row per (former) thuiszitter; dates are
 * spreadsheet dates, weeks a number.
 *
 * Returns: %TRUE when the file was written.
 */
gboolean
rb_inspectie_write_xlsx (GPtrArray *rows, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp = g_strdup_printf ("%s/.%s.%08x.part", dir, base, g_random_int ());
  lxw_workbook_options options = { .constant_memory = LXW_FALSE, .tmpdir = dir };
  lxw_workbook *book = workbook_new_opt (temp, &options);
  lxw_worksheet *sheet;
  lxw_format *bold, *date;
  lxw_error status;
  guint n_headers;
  const char *const *headers = rb_inspectie_get_headers (&n_headers);

  if (book == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write “%s”"), path);
      return FALSE;
    }
  sheet = workbook_add_worksheet (book, _("Thuiszitters"));
  bold = workbook_add_format (book);
  format_set_bold (bold);
  date = workbook_add_format (book);
  format_set_num_format (date, "yyyy-mm-dd");
  for (guint c = 0; c < n_headers; c++)
    worksheet_write_string (sheet, 0, (lxw_col_t) c, _(headers[c]), bold);
  worksheet_set_column (sheet, 0, 1, 26, NULL);
  worksheet_set_column (sheet, 2, 7, 14, NULL);
  worksheet_set_column (sheet, 8, 8, 30, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      RbInspectieRow *row = g_ptr_array_index (rows, i);
      lxw_row_t r = (lxw_row_t) i + 1;

      worksheet_write_string (sheet, r, 0, row->id, NULL);
      worksheet_write_string (sheet, r, 1, rb_inspectie_category_label (row->category), NULL);
      worksheet_write_string (sheet, r, 2, row->school_type, NULL);
      write_date (sheet, r, 3, row->start, date);
      write_date (sheet, r, 4, row->end, date);
      worksheet_write_number (sheet, r, 5, row->weeks, NULL);
      worksheet_write_string (sheet, r, 6, row->offer_on != NULL ? _("yes") : _("no"), NULL);
      write_date (sheet, r, 7, row->offer_on, date);
      if (row->outcome != NULL)
        worksheet_write_string (sheet, r, 8, row->outcome, NULL);
    }
  worksheet_freeze_panes (sheet, 1, 0);
  status = workbook_close (book);
  if (status != LXW_NO_ERROR || g_chmod (temp, 0600) != 0 || g_rename (temp, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp);
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not write “%s”: %s"), path,
                   status != LXW_NO_ERROR ? lxw_strerror (status) : g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
