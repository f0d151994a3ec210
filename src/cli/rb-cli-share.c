/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "rb-anonymise.h"
#include "rb-cli.h"
#include "rb-error.h"
#include "rb-sync.h"

/* Sharing by file: encrypted bundles in and out, conflicts and their resolution. */

#define PASSPHRASE_VARIABLE "ROUTEBOEK_PASSPHRASE"

/* The passphrase from a file, the environment (scripts, tests) or the terminal, unechoed. */
static char *
read_passphrase (const char *file, GError **error)
{
  char buffer[1024];
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char *line;

  if (file != NULL)
    {
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (file, &contents, NULL, error))
        return NULL;
      return g_strdup (g_strchomp (contents));
    }
  if (g_getenv (PASSPHRASE_VARIABLE) != NULL)
    return g_strdup (g_getenv (PASSPHRASE_VARIABLE));

  if (tty)
    {
      g_printerr ("%s", _("Passphrase of the SWV: "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }
  if (line == NULL || *g_strchomp (line) == '\0')
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("No passphrase given (use --passphrase-file FILE or type it)"));
      return NULL;
    }
  return g_strdup (line);
}

static int
export_anonymised (RbCli *cli, const char *out, gboolean free_text)
{
  RbDatabase *db;
  GError *error = NULL;
  guint n_cases = 0;

  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || !rb_anonymise_export_csv (db, out, free_text ? RB_ANONYMISE_FREE_TEXT : 0, &n_cases,
                                   &error))
    return rb_cli_fail (error);
  g_print (ngettext ("Wrote %u anonymised case to %s\n", "Wrote %u anonymised cases to %s\n",
                     n_cases),
           n_cases, out);
  return 0;
}

int
rb_cli_export (RbCli *cli, int argc, char **argv)
{
  g_autofree char *passphrase_file = NULL;
  g_autofree char *passphrase = NULL;
  g_autofree char *peer = NULL;
  gboolean anonymised = FALSE, free_text = FALSE;
  gint64 ops = 0, mem = 0;
  RbSyncOptions options;
  RbSyncSummary summary = { 0 };
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &peer,
      N_("Only what this colleague’s installation has not seen yet (its replica id)"), N_("REPLICA") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from FILE"), N_("FILE") },
    { "anonymised", 0, 0, G_OPTION_ARG_NONE, &anonymised,
      N_("Write an anonymised CSV of the cases for an escalation table instead"), NULL },
    { "include-free-text", 0, 0, G_OPTION_ARG_NONE, &free_text,
      N_("With --anonymised: also the route and outcome texts"), NULL },
    /* Lower key-derivation limits make tests fast; users keep the defaults. */
    { "kdf-ops", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &ops, NULL, NULL },
    { "kdf-mem", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &mem, NULL, NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("export"), entries, &argc, &argv))
    return 2;
  if (argc != 2)
    return rb_cli_usage (_("export needs one file to write"));
  if (anonymised)
    return export_anonymised (cli, argv[1], free_text);

  rb_sync_options_init (&options);
  if (ops > 0)
    options.opslimit = (guint64) ops;
  if (mem > 0)
    options.memlimit = (guint64) mem;
  options.peer = peer;
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (passphrase = read_passphrase (passphrase_file, &error)) == NULL
      || !rb_sync_export (db, argv[1], passphrase, &options, &summary, &error))
    return rb_cli_fail (error);
  g_print (ngettext ("Exported %u record to %s\n", "Exported %u records to %s\n",
                     summary.n_records),
           summary.n_records, argv[1]);
  return 0;
}

int
rb_cli_import (RbCli *cli, int argc, char **argv)
{
  g_autofree char *passphrase_file = NULL;
  g_autofree char *passphrase = NULL;
  g_auto(RbSyncSummary) summary = { 0 };
  g_autoptr(RbDatabase) created = NULL;
  gboolean create = FALSE;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from FILE"), N_("FILE") },
    { "create", 0, 0, G_OPTION_ARG_NONE, &create,
      N_("Start a new database (--db) for this SWV from the bundle"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("import"), entries, &argc, &argv))
    return 2;
  if (argc != 2)
    return rb_cli_usage (_("import needs one bundle file"));
  if (create && !cli->db_given)
    return rb_cli_usage (_("import --create needs --db FILE: where to create the new database"));
  if ((passphrase = read_passphrase (passphrase_file, &error)) == NULL)
    return rb_cli_fail (error);
  if (create)
    {
      if ((created = rb_sync_import_new (cli->db_path, argv[1], passphrase, NULL, &summary,
                                         &error)) == NULL)
        return rb_cli_fail (error);
      rb_cli_remember (created);
    }
  else if ((db = rb_cli_open_db (cli, &error)) == NULL
           || !rb_sync_import (db, argv[1], passphrase, NULL, &summary, &error))
    return rb_cli_fail (error);

  g_print (_("Imported %u records from installation %s: %u added, %u updated\n"),
           summary.n_records, summary.replica, summary.added, summary.updated);
  if (summary.conflicts > 0)
    g_print (ngettext ("%u conflict waits for a choice: see routeboek-cli conflicts\n",
                       "%u conflicts wait for a choice: see routeboek-cli conflicts\n",
                       summary.conflicts),
             summary.conflicts);
  return 0;
}

int
rb_cli_conflicts (RbCli *cli, int argc, char **argv)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gboolean json = FALSE;
  RbDatabase *db;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("conflicts"), entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return rb_cli_usage (_("conflicts takes no files"));
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (conflicts = rb_sync_list_conflicts (db, &error)) == NULL)
    return rb_cli_fail (error);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < conflicts->len; i++)
    {
      RbConflict *conflict = g_ptr_array_index (conflicts, i);

      if (!json && conflict->record_title != NULL)
        g_print ("%s %s %s (%s)\n", conflict->table->name, conflict->record_uuid,
                 conflict->column, conflict->record_title);
      else if (!json)
        g_print ("%s %s %s\n", conflict->table->name, conflict->record_uuid, conflict->column);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, conflict->table->name);
      json_builder_set_member_name (builder, "record");
      json_builder_add_string_value (builder, conflict->record_uuid);
      json_builder_set_member_name (builder, "about");
      if (conflict->record_title != NULL)
        json_builder_add_string_value (builder, conflict->record_title);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, conflict->column);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; c < conflict->choices->len; c++)
        {
          RbConflictChoice *choice = g_ptr_array_index (conflict->choices, c);

          if (!json)
            g_print ("  %u. “%s” (%s, %s)\n", c + 1, choice->text, choice->changed_at,
                     choice->replica);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, choice->text);
          json_builder_set_member_name (builder, "changed_at");
          json_builder_add_string_value (builder, choice->changed_at);
          json_builder_set_member_name (builder, "replica");
          json_builder_add_string_value (builder, choice->replica);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    rb_cli_print_builder (builder);
  else if (conflicts->len == 0)
    g_print ("%s\n", _("No conflicts"));
  return 0;
}

int
rb_cli_resolve (RbCli *cli, int argc, char **argv)
{
  RbDatabase *db;
  GError *error = NULL;
  guint64 choice;

  if (!rb_cli_parse (cli, rb_cli_lookup ("resolve"), NULL, &argc, &argv))
    return 2;
  if (argc != 4)
    return rb_cli_usage (_("resolve needs a record, a field and the number of the value to keep"));
  if (!g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT, &choice, NULL))
    return rb_cli_usage (_("“%s” is not the number of a value (1, 2, …)"), argv[3]);
  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || !rb_sync_resolve (db, argv[1], argv[2], (guint) choice - 1, &error))
    return rb_cli_fail (error);
  g_print (_("Kept value %u of “%s”; colleagues get it with your next export\n"),
           (guint) choice, argv[2]);
  return 0;
}
