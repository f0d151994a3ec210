/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-cli.h"
#include "rb-error.h"
#include "rb-report.h"

/* The registration goes out as XLSX unless the file name asks for CSV. */
static gboolean
write_inspectie (RbDatabase *db, const char *to, const char *path, guint *n_rows, GError **error)
{
  g_autoptr(GPtrArray) rows = rb_inspectie_rows (db, to, error);

  if (rows == NULL)
    return FALSE;
  *n_rows = rows->len;
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    return rb_inspectie_write_csv (rows, path, error);
  return rb_inspectie_write_xlsx (rows, path, error);
}

int
rb_cli_report (RbCli *cli, int argc, char **argv)
{
  g_autofree char *quarter = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *inspectie = NULL;
  g_autoptr(RbReport) report = NULL;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "quarter", 0, 0, G_OPTION_ARG_STRING, &quarter, N_("The quarter, like 2026Q3"),
      N_("QUARTER") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period instead"),
      N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period instead"), N_("DATE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("Write the report as PDF"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write the figures as CSV"), N_("FILE") },
    { "inspectie", 0, 0, G_OPTION_ARG_FILENAME, &inspectie,
      N_("Write the Inspectie’s cumulative registration (.xlsx or .csv)"), N_("FILE") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("report"), entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return rb_cli_usage (_("report takes no arguments besides its options"));
  if (quarter != NULL && (from != NULL || to != NULL))
    return rb_cli_usage (_("Give either --quarter or --from and --to"));
  if (quarter != NULL)
    {
      if (!rb_report_parse_quarter (quarter, &from, &to, &error))
        return rb_cli_fail (error);
    }
  else if (from == NULL || to == NULL)
    return rb_cli_usage (_("report needs --quarter, or --from and --to"));

  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (report = rb_report_compute (db, from, to, &error)) == NULL
      || (pdf != NULL && !rb_report_write_pdf (report, rb_database_get_swv_name (db), pdf, &error))
      || (csv != NULL && !rb_report_write_csv (report, csv, &error)))
    return rb_cli_fail (error);
  if (inspectie != NULL)
    {
      guint n_rows = 0;

      if (!write_inspectie (db, to, inspectie, &n_rows, &error))
        return rb_cli_fail (error);
      g_print (ngettext ("Inspectie registration: %u row in %s\n",
                         "Inspectie registration: %u rows in %s\n", n_rows),
               n_rows, inspectie);
    }
  g_print (_("Period %s to %s: %u new, %u closed, %u at home (%u more than 3 months)\n"),
           report->from, report->to, report->n_new, report->n_closed, report->n_home,
           report->buckets[RB_REPORT_OVER_3_MONTHS]);
  return 0;
}
