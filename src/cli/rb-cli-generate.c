/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-cli.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-generator.h"

/* generate: a demo or benchmark SWV, the same for the same seed and day. */

int
rb_cli_generate (RbCli *cli, int argc, char **argv)
{
  int cases = 40;
  gint64 seed = 1;
  g_autofree char *today_text = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(RbDatabase) db = NULL;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &cases, N_("How many cases to add (default 40)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generator (default 1)"), "N" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Generate as if today were DATE (reproducible files)"), N_("DATE") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("generate"), entries, &argc, &argv))
    return 2;
  if (!cli->db_given)
    return rb_cli_usage (_("generate needs --db FILE: a new file, or a database to add to"));
  if (cases < 0 || cases > 1000000)
    return rb_cli_usage (_("--cases must be between 0 and 1000000"));
  if (seed < 0)
    return rb_cli_usage (_("--seed must be 0 or more"));
  if (today_text != NULL)
    {
      GDate date;

      if (!rb_date_parse (today_text, &date, &error))
        return rb_cli_fail (error);
      today = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date),
                                   g_date_get_day (&date), 12, 0, 0);
    }

  if (g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      if (today != NULL)
        return rb_cli_usage (_("--today only applies to a new database"));
      db = rb_database_open (cli->db_path, &error);
    }
  else
    db = rb_generator_create_database (cli->db_path, (guint64) seed, today, &error);
  if (db == NULL || !rb_generator_fill (db, (guint) cases, (guint64) seed, &error))
    return rb_cli_fail (error);
  rb_cli_remember (db);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %d generated case to %s\n",
                        "Added %d generated cases to %s\n", (gulong) cases),
           cases, rb_database_get_path (db));
  return 0;
}
