/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rb-database.h"

G_BEGIN_DECLS

typedef struct
{
  char *db_path;   /* from --db, or the last opened database */
  gboolean db_given;
  RbDatabase *db;  /* opened on first use */
} RbCli;

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  gboolean needs_db;
  int (*run) (RbCli *cli, int argc, char **argv);
} RbCliCommand;

/* Each rb-cli-*.c file defines commands; rb-cli.c lists them. */
int rb_cli_init        (RbCli *cli, int argc, char **argv);
int rb_cli_info        (RbCli *cli, int argc, char **argv);
int rb_cli_list_cases  (RbCli *cli, int argc, char **argv);
int rb_cli_add_absence (RbCli *cli, int argc, char **argv);
int rb_cli_check       (RbCli *cli, int argc, char **argv);
int rb_cli_generate    (RbCli *cli, int argc, char **argv);
int rb_cli_load        (RbCli *cli, int argc, char **argv);
int rb_cli_dump        (RbCli *cli, int argc, char **argv);
int rb_cli_import_csv  (RbCli *cli, int argc, char **argv);
int rb_cli_signals     (RbCli *cli, int argc, char **argv);
int rb_cli_milestones  (RbCli *cli, int argc, char **argv);
int rb_cli_calendar    (RbCli *cli, int argc, char **argv);
int rb_cli_pdf         (RbCli *cli, int argc, char **argv);
int rb_cli_verify_pdf  (RbCli *cli, int argc, char **argv);
int rb_cli_export      (RbCli *cli, int argc, char **argv);
int rb_cli_import      (RbCli *cli, int argc, char **argv);
int rb_cli_conflicts   (RbCli *cli, int argc, char **argv);
int rb_cli_resolve     (RbCli *cli, int argc, char **argv);
int rb_cli_report      (RbCli *cli, int argc, char **argv);
int rb_cli_retention   (RbCli *cli, int argc, char **argv);
int rb_cli_inzage      (RbCli *cli, int argc, char **argv);
int rb_cli_route       (RbCli *cli, int argc, char **argv);
int rb_cli_routes      (RbCli *cli, int argc, char **argv);

gboolean   rb_cli_parse       (RbCli          *cli,
                               const RbCliCommand *command,
                               GOptionEntry   *entries,
                               int            *argc,
                               char         ***argv);
RbDatabase *rb_cli_open_db    (RbCli          *cli,
                               GError        **error);
int         rb_cli_fail       (GError         *error);
int         rb_cli_usage      (const char     *format,
                               ...) G_GNUC_PRINTF (1, 2);
void        rb_cli_print_json (JsonNode       *node);
void        rb_cli_print_builder (JsonBuilder *builder);
void        rb_cli_json_add_string (JsonBuilder *builder,
                                    const char  *name,
                                    const char  *value);
void        rb_cli_json_add_date   (JsonBuilder *builder,
                                    const char  *name,
                                    const GDate *date);
gboolean    rb_cli_remember   (RbDatabase     *db);
gboolean    rb_cli_parse_today (const char    *text,
                               GDate          *today,
                               GError        **error);

const RbCliCommand *rb_cli_lookup (const char *name);

G_END_DECLS
