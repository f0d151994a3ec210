/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "rb-cli.h"
#include "rb-date.h"
#include "rb-registry.h"

/*
 * routeboek-cli --db FILE COMMAND [options]: the same core as the app, for scripts,
 * tests and fixtures. Errors go to stderr as sentences, with exit code 1 (2 for a
 * mistake in the command line itself).
 */

static const RbCliCommand commands[] = {
  { "init", "", N_("Create a new SWV database"), FALSE, rb_cli_init },
  { "info", "", N_("Show the SWV of a database and what it holds"), TRUE, rb_cli_info },
  { "generate", "", N_("Add generated demo cases (deterministic)"), FALSE, rb_cli_generate },
  { "list-cases", "", N_("List the cases"), TRUE, rb_cli_list_cases },
  { "add-absence", "", N_("Record an absence of a case’s pupil"), TRUE, rb_cli_add_absence },
  { "check", "", N_("Check the database for damage and broken rules"), TRUE, rb_cli_check },
  { "load", "FILE.json", N_("Load a whole SWV from a JSON file"), FALSE, rb_cli_load },
  { "dump", "", N_("Write the whole SWV as JSON"), TRUE, rb_cli_dump },
  { "import-csv", "FILE.csv", N_("Import a registration list (one pupil per row)"), TRUE, rb_cli_import_csv },
  { "signals", "", N_("Show the verzuim signals of a case’s pupil"), TRUE, rb_cli_signals },
  { "milestones", "", N_("Show the deadlines of a case and their state"), TRUE, rb_cli_milestones },
  { "calendar", "", N_("Show the school calendar of a period"), TRUE, rb_cli_calendar },
  { "pdf", "", N_("Export a document of a case as PDF (letters, forms, reports)"), TRUE, rb_cli_pdf },
  { "verify-pdf", "FILE", N_("Check the digital signatures of a PDF"), FALSE, rb_cli_verify_pdf },
  { "export", "FILE", N_("Write an encrypted bundle for colleagues (or an anonymised CSV)"), TRUE, rb_cli_export },
  { "import", "FILE", N_("Merge a colleague’s bundle into the database"), TRUE, rb_cli_import },
  { "conflicts", "", N_("List the fields changed on both sides"), TRUE, rb_cli_conflicts },
  { "resolve", "RECORD FIELD N", N_("Keep value N of a conflict"), TRUE, rb_cli_resolve },
  { "report", "", N_("Quarterly report (PDF, CSV) and the Inspectie’s registration (XLSX, CSV)"), TRUE, rb_cli_report },
  { "retention", "", N_("Closed cases past the retention period: list, anonymise, delete"), TRUE, rb_cli_retention },
  { "inzage", "", N_("Everything stored about one pupil, as PDF (request of access)"), TRUE, rb_cli_inzage },
  { "route", "", N_("Show a case’s route: its checklist and next step"), TRUE, rb_cli_route },
  { "routes", "[FILE.json]", N_("List the SWV’s routes; export or import one as JSON"), TRUE, rb_cli_routes },
};

const RbCliCommand *
rb_cli_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int
rb_cli_fail (GError *error)
{
  g_printerr ("routeboek-cli: %s\n", error->message);
  g_error_free (error);
  return 1;
}

int
rb_cli_usage (const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("routeboek-cli: %s\n", message);
  return 2;
}

/**
 * rb_cli_parse:
 * @cli: the tool's state
 * @command: the command being run
 * @entries: its options, %NULL-terminated
 * @argc: (inout): arguments after the command name
 * @argv: (inout): the same
 *
 * Parses a command's options; --help is printed by GOption.
 *
 * Returns: %FALSE (with a message printed) when the command line is wrong.
 */
gboolean
rb_cli_parse (RbCli *cli, const RbCliCommand *command, GOptionEntry *entries, int *argc,
              char ***argv)
{
  g_autofree char *usage = g_strdup_printf ("%s %s", command->name, command->parameters);
  g_autoptr(GOptionContext) context = g_option_context_new (usage);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      rb_cli_usage ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rb_cli_remember (RbDatabase *db)
{
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();
  g_autoptr(GError) error = NULL;

  /* A database that works is never refused because the recent list cannot be written. */
  if (!rb_registry_load (registry, &error)
      || !rb_registry_remember (registry, rb_database_get_path (db), rb_database_get_swv_name (db),
                                rb_database_get_swv_uuid (db), &error))
    {
      g_printerr ("routeboek-cli: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_cli_open_db:
 * @cli: the tool's state
 * @error: return location for an error
 *
 * Returns: (transfer none): the database of --db (or the last opened one), opened once.
 */
RbDatabase *
rb_cli_open_db (RbCli *cli, GError **error)
{
  if (cli->db != NULL)
    return cli->db;
  if (cli->db_path == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No database given and none opened before: use --db FILE"));
      return NULL;
    }
  cli->db = rb_database_open (cli->db_path, error);
  if (cli->db != NULL)
    rb_cli_remember (cli->db);
  return cli->db;
}

void
rb_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
rb_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  rb_cli_print_json (root);
}

/* A member whose value may be missing: JSON null rather than an absent member. */
void
rb_cli_json_add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
rb_cli_json_add_date (JsonBuilder *builder, const char *name, const GDate *date)
{
  g_autofree char *text = date != NULL && g_date_valid (date) ? rb_date_format (date) : NULL;

  rb_cli_json_add_string (builder, name, text);
}

/**
 * rb_cli_parse_today:
 * @text: (nullable): the value of --today
 * @today: (out caller-allocates): the day
 * @error: return location for an error
 *
 * Returns: %TRUE with @today set to @text, or to today's local date without --today.
 */
gboolean
rb_cli_parse_today (const char *text, GDate *today, GError **error)
{
  g_autoptr(GDateTime) now = NULL;

  if (text != NULL)
    return rb_date_parse (text, today, error);
  now = g_date_time_new_now_local ();
  rb_date_set_local_day (today, now);
  return TRUE;
}

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: routeboek-cli [--db FILE] COMMAND [OPTIONS]"));
  g_print ("%s\n\n", _("Without --db the database opened last is used."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("“routeboek-cli COMMAND --help” tells more about a command."));
}

static char *
last_database (void)
{
  g_autoptr(RbRegistry) registry = rb_registry_new_default ();

  if (!rb_registry_load (registry, NULL))
    return NULL;
  return rb_registry_dup_last (registry);
}

int
main (int argc, char **argv)
{
  RbCli cli = { 0 };
  const RbCliCommand *command;
  int first = 1, status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("ROUTEBOEK_LOCALEDIR") ? g_getenv ("ROUTEBOEK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; each command parses the rest itself. */
  while (first < argc && argv[first][0] == '-')
    {
      if (g_str_equal (argv[first], "--db") && first + 1 < argc)
        {
          cli.db_path = g_strdup (argv[first + 1]);
          cli.db_given = TRUE;
          first += 2;
        }
      else if (g_str_has_prefix (argv[first], "--db="))
        {
          cli.db_path = g_strdup (argv[first] + 5);
          cli.db_given = TRUE;
          first++;
        }
      else if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h"))
        {
          print_help ();
          return 0;
        }
      else if (g_str_equal (argv[first], "--version"))
        {
          g_print ("routeboek-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else
        return rb_cli_usage (_("Unknown option “%s”; see routeboek-cli --help"), argv[first]);
    }
  if (first >= argc)
    {
      print_help ();
      return 2;
    }
  command = rb_cli_lookup (argv[first]);
  if (command == NULL)
    return rb_cli_usage (_("Unknown command “%s”; see routeboek-cli --help"), argv[first]);
  if (cli.db_path == NULL && command->needs_db)
    cli.db_path = last_database ();

  status = command->run (&cli, argc - first, argv + first);

  g_clear_object (&cli.db);
  g_free (cli.db_path);
  return status;
}
