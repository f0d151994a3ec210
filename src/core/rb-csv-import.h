/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"

G_BEGIN_DECLS

/**
 * RbCsvReport:
 * @n_rows: data rows read (empty rows not counted)
 * @n_imported: pupils added, each with a new case
 * @n_schools_created: schools that were not in the database yet
 * @problems: (element-type utf8): one sentence per skipped row, starting with its row number
 *
 * What rb_csv_import() did with a registration list.
 */
typedef struct
{
  guint n_rows;
  guint n_imported;
  guint n_schools_created;
  GPtrArray *problems;
} RbCsvReport;

void     rb_csv_report_free (RbCsvReport  *report);

gboolean rb_csv_import      (RbDatabase   *db,
                             const char   *path,
                             const char   *opened_on,
                             RbCsvReport **report,
                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbCsvReport, rb_csv_report_free)

G_END_DECLS
