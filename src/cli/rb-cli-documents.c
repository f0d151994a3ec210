/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "routeboek-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rb-cli.h"
#include "rb-date.h"
#include "rb-document.h"
#include "rb-pdf-signature.h"
#include "rb-store.h"

/*
 * routeboek-cli pdf --case ID --kind KIND --out FILE: exports the case's latest saved
 * document of that kind, or a new one filled from the case. --set changes values first
 * (a signed document refuses that: it needs a new version, made with --new-version).
 */

static RbDocument *
latest_of_kind (RbDatabase *db, RbRecord *item, const char *kind, GError **error)
{
  g_autoptr(GPtrArray) documents
      = rb_document_list_for_case (db, rb_record_get_uuid (item), error);
  RbDocument *latest = NULL;

  if (documents == NULL)
    return NULL;
  for (guint i = 0; i < documents->len; i++)
    {
      RbDocument *document = g_ptr_array_index (documents, i);

      if (g_str_equal (rb_document_get_kind (document)->id, kind)
          && (latest == NULL
              || rb_document_get_version (document) > rb_document_get_version (latest)))
        latest = document;
    }
  return latest != NULL ? g_object_ref (latest) : NULL;
}

/* The export is replaced by its signed copy; a failed signing leaves the export. */
static gboolean
sign_in_place (const char *path, const char *nss_dir, const char *nickname, GError **error)
{
  g_autofree char *signed_path = g_strconcat (path, ".signed", NULL);

  if (!rb_pdf_sign_file (path, signed_path, nss_dir, nickname,
                         rb_document_words_lookup ("document", "signature_reason"), error))
    return FALSE;
  if (g_rename (signed_path, path) != 0)
    {
      int saved = errno;

      g_unlink (signed_path);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not save the signed PDF as “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
print_kinds (void)
{
  g_auto(GStrv) ids = rb_document_kind_list_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(RbDocumentKind) kind = rb_document_kind_lookup (ids[i], NULL);

      g_print ("%-28s %s\n", ids[i], kind != NULL ? kind->title : "");
    }
}

int
rb_cli_pdf (RbCli *cli, int argc, char **argv)
{
  g_autofree char *case_id = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *out = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *logo = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *nss_dir = NULL;
  g_autofree char *nickname = NULL;
  g_auto(GStrv) assignments = NULL;
  gboolean list_kinds = FALSE, new_version = FALSE;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;
  RbDatabase *db;
  GDate today;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, N_("The case (its number or first characters)"),
      N_("ID") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Which document (see --list-kinds)"),
      N_("KIND") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write"), N_("FILE") },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &assignments,
      N_("Set a value first: FIELD=TEXT, FIELD.PART=TEXT, FIELD=OPTION,OPTION or attach:KIND=yes"),
      N_("FIELD=VALUE") },
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient, N_("To whom it goes, for the record"),
      N_("WHO") },
    { "logo", 0, 0, G_OPTION_ARG_FILENAME, &logo, N_("A PNG logo for the header"), N_("FILE") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, N_("The day a new document is dated"),
      N_("DATE") },
    { "sign-with", 0, 0, G_OPTION_ARG_STRING, &nickname,
      N_("Sign the PDF digitally with this certificate (needs --nss-dir)"), N_("NICKNAME") },
    { "nss-dir", 0, 0, G_OPTION_ARG_FILENAME, &nss_dir, N_("The NSS certificate database"),
      N_("DIR") },
    { "new-version", 0, 0, G_OPTION_ARG_NONE, &new_version,
      N_("Start a new version of the saved document"), NULL },
    { "list-kinds", 0, 0, G_OPTION_ARG_NONE, &list_kinds, N_("List the kinds of documents"),
      NULL },
    { NULL }
  };

  if (!rb_cli_parse (cli, rb_cli_lookup ("pdf"), entries, &argc, &argv))
    return 2;
  if (list_kinds)
    {
      print_kinds ();
      return 0;
    }
  if (case_id == NULL || kind == NULL || out == NULL)
    return rb_cli_usage (_("pdf needs --case, --kind and --out (see --list-kinds)"));
  if ((nickname == NULL) != (nss_dir == NULL))
    return rb_cli_usage (_("--sign-with and --nss-dir go together"));
  g_date_clear (&today, 1);
  if (today_text != NULL && !rb_date_parse (today_text, &today, &error))
    return rb_cli_fail (error);

  if ((db = rb_cli_open_db (cli, &error)) == NULL
      || (item = rb_store_find (db, rb_schema_lookup_table ("cases"), case_id, &error)) == NULL)
    return rb_cli_fail (error);
  document = latest_of_kind (db, item, kind, &local_error);
  if (local_error != NULL)
    return rb_cli_fail (g_steal_pointer (&local_error));
  if (document != NULL && new_version)
    {
      RbDocument *next = rb_document_new_version (document);

      g_object_unref (document);
      document = next;
    }
  if (document == NULL
      && (document
          = rb_document_new_for_case (db, item, kind, today_text != NULL ? &today : NULL, &error))
             == NULL)
    return rb_cli_fail (error);

  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    if (!rb_document_set_value (document, assignments[i], &error))
      return rb_cli_fail (error);
  if (!rb_document_save (document, db, &error)
      || !rb_document_export (document, db, out, recipient, logo, &error))
    return rb_cli_fail (error);
  if (nickname != NULL && !sign_in_place (out, nss_dir, nickname, &error))
    return rb_cli_fail (error);
  g_print (_("Wrote %s (%s, version %u)\n"), out, rb_document_get_kind (document)->title,
           rb_document_get_version (document));
  return 0;
}

int
rb_cli_verify_pdf (RbCli *cli, int argc, char **argv)
{
  g_autofree char *nss_dir = NULL;
  g_autoptr(GPtrArray) signatures = NULL;
  GError *error = NULL;
  gboolean all_valid = TRUE;
  GOptionEntry entries[] = { { "nss-dir", 0, 0, G_OPTION_ARG_FILENAME, &nss_dir,
                               N_("The NSS database with trusted certificates"), N_("DIR") },
                             { NULL } };

  if (!rb_cli_parse (cli, rb_cli_lookup ("verify-pdf"), entries, &argc, &argv))
    return 2;
  if (argc != 2)
    return rb_cli_usage (_("verify-pdf needs one PDF file"));
  if ((signatures = rb_pdf_verify_file (argv[1], nss_dir, &error)) == NULL)
    return rb_cli_fail (error);
  if (signatures->len == 0)
    {
      g_print (_("%s is not digitally signed.\n"), argv[1]);
      return 1;
    }
  for (guint i = 0; i < signatures->len; i++)
    {
      const RbPdfSignatureInfo *info = g_ptr_array_index (signatures, i);
      gboolean intact = info->valid && info->whole_document;

      g_print (intact ? _("Intact, signed by %s on %s (%s)\n")
                      : _("NOT intact: signed by %s on %s (%s)\n"),
               info->signer, info->signed_at, info->validation);
      all_valid &= intact;
    }
  return all_valid ? 0 : 1;
}
