/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rb-cli.h"
#include "rb-csv-import.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-schema.h"
#include "rb-store.h"

/* Commands that move a whole SWV in or out as a file: JSON fixtures and registration lists. */

int
rb_cli_load (RbCli *cli, int argc, char **argv)
{
  g_autoptr(RbDatabase) db = NULL;
  const RbTable *tables;
  guint n_tables;
  guint n_rows = 0;
  GError *error = NULL;

  if (!rb_cli_parse (cli, rb_cli_lookup ("load"), NULL, &argc, &argv))
    return 2;
  if (!cli->db_given)
    return rb_cli_usage (_("load needs --db FILE: where to create the new database"));
  if (argc != 2)
    return rb_cli_usage (_("load needs one JSON file"));

  if ((db = rb_fixture_load (argv[1], cli->db_path, &error)) == NULL)
    return rb_cli_fail (error);
  rb_cli_remember (db);

  tables = rb_schema_get_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    {
      gint64 count = rb_store_count (db, &tables[i], &error);

      if (count < 0)
        return rb_cli_fail (error);
      n_rows += (guint) count;
    }
  g_print (ngettext ("Loaded “%s” with %u record into %s\n",
                     "Loaded “%s” with %u records into %s\n", n_rows),
           rb_database_get_swv_name (db), n_rows, rb_database_get_path (db));
  return 0;
}

int
rb_cli_dump (RbCli *cli, int argc, char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *data = NULL;
  gboolean json = FALSE;
  gsize length;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE instead of the standard output"),
      N_("FILE") },
    /* JSON is the only format; accepted because the other commands take --json. */
    { "json", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &json, NULL, NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("dump"), entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return rb_cli_usage (_("dump takes no files; use --out FILE"));
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (data = rb_fixture_dump_to_data (db, &length, &error)) == NULL)
    return rb_cli_fail (error);

  if (out != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (out);

      /* Written beside the target and renamed: an old dump is never left half overwritten. */
      if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                    NULL, &error))
        return rb_cli_fail (error);
      return 0;
    }

  /* Not g_print(): the bytes must not be converted to the terminal's character set. */
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    {
      g_set_error (&error, RB_ERROR, RB_ERROR_IO, _("Could not write the fixture to the standard "
                                                    "output"));
      return rb_cli_fail (error);
    }
  return 0;
}

int
rb_cli_import_csv (RbCli *cli, int argc, char **argv)
{
  g_autofree char *opened_on = NULL;
  g_autoptr(RbCsvReport) report = NULL;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "opened-on", 0, 0, G_OPTION_ARG_STRING, &opened_on,
      N_("Open the new cases on this day when a row gives none (default: today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("import-csv"), entries, &argc, &argv))
    return 2;
  if (argc != 2)
    return rb_cli_usage (_("import-csv needs one CSV file"));
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || !rb_csv_import (db, argv[1], opened_on, &report, &error))
    return rb_cli_fail (error);

  g_print (ngettext ("Imported %u pupil, each with a new case\n",
                     "Imported %u pupils, each with a new case\n", report->n_imported),
           report->n_imported);
  if (report->n_schools_created > 0)
    g_print (ngettext ("Added %u school that was not in the database yet\n",
                       "Added %u schools that were not in the database yet\n",
                       report->n_schools_created),
             report->n_schools_created);
  if (report->problems->len > 0)
    g_print (ngettext ("%u row was skipped:\n", "%u rows were skipped:\n", report->problems->len),
             report->problems->len);
  for (guint i = 0; i < report->problems->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (report->problems, i));
  return 0;
}
