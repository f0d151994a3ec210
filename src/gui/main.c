/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rb-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(RbApplication) app = NULL;
  const char *localedir = g_getenv ("ROUTEBOEK_LOCALEDIR");

  /* ROUTEBOEK_LOCALEDIR lets tests and uninstalled builds use the freshly built catalogs. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rb_application_new ();
  return rb_application_run (app, argc, argv);
}
