/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-pdf-signature"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rb-error.h"
#include "rb-pdf-signature.h"

/*
 * Digital signatures of exported PDFs with the regisseur's certificate, through poppler's
 * pdfsig and an NSS certificate database (toolchain.md "Digital signatures"): signing
 * writes a new file (temporary, then renamed), verifying reports for each signature who
 * signed, when, and whether the file is still as signed.
 */

void
rb_pdf_signature_info_free (RbPdfSignatureInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->signer);
  g_free (info->signed_at);
  g_free (info->validation);
  g_free (info->certificate);
  g_free (info);
}

static char *
nss_spec (const char *nss_dir)
{
  return g_str_has_prefix (nss_dir, "sql:") ? g_strdup (nss_dir)
                                            : g_strconcat ("sql:", nss_dir, NULL);
}

/* Runs pdfsig. %FALSE only when it could not run or failed without an @allowed answer;
 * otherwise its first line of complaint becomes the error. */
static gboolean
run_pdfsig (const char *const *argv, const char *allowed, char **out, GError **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;

  process = g_subprocess_newv (
      argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &local_error);
  if (process == NULL)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                   _("Digital signatures need the program pdfsig (poppler-utils): %s"),
                   local_error->message);
      return FALSE;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &text, &err, error))
    return FALSE;
  if (g_subprocess_get_successful (process)
      || (allowed != NULL
          && ((text != NULL && strstr (text, allowed) != NULL)
              || (err != NULL && strstr (err, allowed) != NULL))))
    {
      if (out != NULL)
        *out = g_steal_pointer (&text);
      return TRUE;
    }
  lines = g_strsplit (err != NULL && *err != '\0' ? err : (text != NULL ? text : ""), "\n", 2);
  g_set_error (error, RB_ERROR, RB_ERROR_FAILED, _("pdfsig failed: %s"),
               lines[0] != NULL && *lines[0] != '\0' ? lines[0] : _("no reason given"));
  return FALSE;
}

/**
 * rb_pdf_sign_file:
 * @input: a PDF
 * @output: where the signed PDF goes (may not be @input)
 * @nss_dir: the NSS certificate database
 * @nickname: the certificate's nickname in it
 * @reason: (nullable): the reason shown with the signature
 * @error: return location for an error
 *
 * Returns: %TRUE when @output holds the signed PDF; on failure it does not exist.
 */
gboolean
rb_pdf_sign_file (const char *input, const char *output, const char *nss_dir, const char *nickname,
                  const char *reason, GError **error)
{
  g_autofree char *spec = nss_spec (nss_dir);
  g_autofree char *temp = g_strdup_printf ("%s.signing-%u", output, g_random_int ());
  const char *argv[] = { "pdfsig", "-nssdir", spec,      "-add-signature",
                         "-nick",  nickname,  "-reason", reason != NULL ? reason : "",
                         input,    temp,      NULL };

  g_return_val_if_fail (g_strcmp0 (input, output) != 0, FALSE);
  if (!run_pdfsig (argv, NULL, NULL, error))
    {
      g_unlink (temp);
      return FALSE;
    }
  if (g_rename (temp, output) != 0)
    {
      int saved = errno;

      g_unlink (temp);
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not save the signed PDF as “%s”: %s"),
                   output, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static char *
value_after (const char *line, const char *key)
{
  const char *found = strstr (line, key);

  return found != NULL ? g_strstrip (g_strdup (found + strlen (key))) : NULL;
}

/**
 * rb_pdf_verify_file:
 * @path: a PDF, e.g. one received back
 * @nss_dir: (nullable): the NSS database with the trusted certificates
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbPdfSignatureInfo): the file's signatures
 *   (none when it is not signed), or %NULL with @error set when it cannot be read.
 */
GPtrArray *
rb_pdf_verify_file (const char *path, const char *nss_dir, GError **error)
{
  g_autoptr(GPtrArray) signatures
      = g_ptr_array_new_with_free_func ((GDestroyNotify)rb_pdf_signature_info_free);
  g_autofree char *spec = nss_dir != NULL ? nss_spec (nss_dir) : NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *with_db[] = { "pdfsig", "-nssdir", spec, path, NULL };
  const char *without_db[] = { "pdfsig", path, NULL };
  RbPdfSignatureInfo *info = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("The file “%s” does not exist"), path);
      return NULL;
    }
  /* A file without signatures is an answer, not an error. */
  if (!run_pdfsig (spec != NULL ? with_db : without_db, "does not contain any signatures", &out,
                   error))
    return NULL;
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *value;

      if (g_str_has_prefix (lines[i], "Signature #"))
        {
          info = g_new0 (RbPdfSignatureInfo, 1);
          g_ptr_array_add (signatures, info);
        }
      else if (info == NULL)
        continue;
      else if ((value = value_after (lines[i], "Signer Certificate Common Name:")) != NULL)
        info->signer = value;
      else if ((value = value_after (lines[i], "Signing Time:")) != NULL)
        info->signed_at = value;
      else if ((value = value_after (lines[i], "Signature Validation:")) != NULL)
        {
          info->valid = g_str_has_prefix (value, "Signature is Valid");
          info->validation = value;
        }
      else if ((value = value_after (lines[i], "Certificate Validation:")) != NULL)
        info->certificate = value;
      else if (strstr (lines[i], "Total document signed") != NULL)
        info->whole_document = TRUE;
    }
  return g_steal_pointer (&signatures);
}
