/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-cli.h"
#include "rb-date.h"
#include "rb-error.h"
#include "rb-retention.h"
#include "rb-store.h"

/* --today, or the database's today. */
static char *
today_of (RbDatabase *db, const char *given)
{
  return given != NULL ? g_strdup (given) : rb_database_dup_today (db);
}

int
rb_cli_retention (RbCli *cli, int argc, char **argv)
{
  g_autofree char *anonymise = NULL;
  g_autofree char *delete = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(RbRecord) item = NULL;
  gboolean list = FALSE;
  gint months = 0;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List the closed cases past the retention period"), NULL },
    { "anonymise", 0, 0, G_OPTION_ARG_STRING, &anonymise,
      N_("Anonymise a closed case and its pupil (stays in the statistics)"), N_("ID") },
    { "delete", 0, 0, G_OPTION_ARG_STRING, &delete,
      N_("Delete a closed case (and its pupil when it has no other case)"), N_("ID") },
    { "set-months", 0, 0, G_OPTION_ARG_INT, &months,
      N_("Keep closed cases this many months"), N_("N") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("The day to judge on"), N_("DATE") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("retention"), entries, &argc, &argv))
    return 2;
  if (argc != 1 || list + (anonymise != NULL) + (delete != NULL) + (months != 0) != 1)
    return rb_cli_usage (_("retention needs one of --list, --anonymise ID, --delete ID or "
                           "--set-months N"));
  if ((db = rb_cli_open_db (cli, &error)) == NULL)
    return rb_cli_fail (error);
  today = today_of (db, today_text);

  if (months != 0)
    {
      if (!rb_retention_set_months (db, (guint) MAX (months, 0), &error))
        return rb_cli_fail (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Closed cases are kept %d month\n",
                            "Closed cases are kept %d months\n", (gulong) months), months);
      return 0;
    }
  if (list)
    {
      guint kept = rb_retention_get_months (db, &error);

      if (kept == 0 || (due = rb_retention_list_due (db, today, &error)) == NULL)
        return rb_cli_fail (error);
      g_print (ngettext ("%u closed case past the retention period of %u months:\n",
                         "%u closed cases past the retention period of %u months:\n", due->len),
               due->len, kept);
      for (guint i = 0; i < due->len; i++)
        {
          RbRecord *record = g_ptr_array_index (due, i);

          g_print ("%s  %s %s\n", rb_record_get_uuid (record), _("closed on"),
                   rb_record_get_string (record, "closed_on"));
        }
      return 0;
    }
  if ((item = rb_store_find (db, rb_schema_lookup_table ("cases"),
                             anonymise != NULL ? anonymise : delete, &error)) == NULL)
    return rb_cli_fail (error);
  if (anonymise != NULL ? !rb_retention_anonymise (db, item, today, &error)
                        : !rb_retention_delete (db, item, &error))
    return rb_cli_fail (error);
  g_print (anonymise != NULL ? _("Anonymised case %.8s\n") : _("Deleted case %.8s\n"),
           rb_record_get_uuid (item));
  return 0;
}

int
rb_cli_inzage (RbCli *cli, int argc, char **argv)
{
  g_autofree char *pupil_id = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "pupil", 0, 0, G_OPTION_ARG_STRING, &pupil_id,
      N_("The pupil (its number or first characters)"), N_("ID") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf, N_("The PDF file to write"), N_("FILE") },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("inzage"), entries, &argc, &argv))
    return 2;
  if (argc != 1 || pupil_id == NULL || pdf == NULL)
    return rb_cli_usage (_("inzage needs --pupil ID and --pdf FILE"));
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (pupil = rb_store_find (db, rb_schema_lookup_table ("pupils"), pupil_id, &error)) == NULL
      || !rb_inzage_write_pdf (db, pupil, pdf, &error))
    return rb_cli_fail (error);
  g_print (_("Wrote what is stored about pupil %.8s to %s\n"), rb_record_get_uuid (pupil), pdf);
  return 0;
}
