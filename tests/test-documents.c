/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rb-document.h"
#include "rb-error.h"
#include "rb-layout.h"
#include "rb-pdf.h"
#include "rb-pdf-signature.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * Documents as PDF: for every kind a document is made for the case of Şükrü Yılmaz-Öztürk
 * (parent Łucja Nguyễn), every field is filled, the signatures are given, and the PDF is
 * checked with the poppler and qpdf tools a reader would use: every value and every fixed
 * label of the definition in the text, the seed's own wording, the fonts embedded, the
 * file sound, the page numbers right. Then the bad inputs: a field of 20,000 characters,
 * an empty required field, an unwritable path, a broken logo.
 */

#define PUPIL_FIRST "Şükrü"
#define PUPIL_NAME "Şükrü Yılmaz-Öztürk"
#define PARENT_NAME "Łucja Nguyễn"
#define TODAY "2026-11-30"

/* Wording of the seed forms (seed 004 Bijlagen C, D, E, F, I; seed 000 §2.4) that each
 * PDF must carry, checked apart from the definitions so that a reworded definition shows. */
static const struct
{
  const char *kind;
  const char *phrases[6];
} seed_phrases[] = {
  { "jeugdarts-aanmelding",
    { "AANMELDING LEERLING BIJ JEUGDARTS IVM ZIEKTEVERZUIMBEGELEIDING",
      "Frequent verzuim (4 keer of vaker ziek binnen 12 weken)", "Wat is de hulpvraag van school:",
      "Voor aanmelding bij de jeugdarts is toevoeging van verzuimoverzicht verplicht",
      "VERZUIMOVERZICHT", NULL } },
  { "jeugdarts-advies",
    { "ADVIES JEUGDARTS AAN SCHOOL BETREFFENDE VERZUIMAANMELDING", "Resultaat van de uitnodiging",
      "Gemaakte afspraken/'Plan van aanpak'", "Advies over het vervolgtraject",
      "Graag zsm een MDO inplannen, afstemming gewenst.", NULL } },
  { "mdo-uitnodiging",
    { "Aan de ouder(s)/verzorger(s) van", "Multi Disciplinair Overleg (MDO)",
      "U kunt zich voor de afspraak melden bij de receptie.",
      "Indien u verhinderd bent, hoor ik graag een alternatief voorstel.",
      "Informatie over de Jeugdarts en de Leerplichtambtenaar", NULL } },
  { "uitnodiging-ziekteverzuim",
    { "Aan de ouder(s)/verzorger(s) van", "Ik stuur u daarom deze brief.",
      "Om te kijken wat er aan de hand is en eventueel wat nodig is", "Met vriendelijke groet,",
      NULL } },
  { "brugformat",
    { "BRUGFORMAT / PLAATSINGSFORMULIER TIJDELIJKE PLAATSING", "zorgplicht",
      "Tussenevaluatie (na 4 schoolweken):", "Eindadvies (na 6 schoolweken):",
      "Einde brugplaatsing (na 8 schoolweken):", NULL } },
  { "tussenevaluatie",
    { "VERSLAG TUSSENEVALUATIE BRUGPLAATSING", "1. Verlenging brugplek",
      "2. Verwijzing SO/SBO/SBO+", "3. Terugplaatsing school van herkomst",
      "4. Herplaatsen andere school voor regulier onderwijs", NULL } },
  { "eindadvies",
    { "VERSLAG EINDADVIES BRUGPLAATSING", "1. Verlenging brugplek", "5. Behandeling",
      "De school van herkomst verzorgt de verwijzing.", NULL } },
};

static char *tmp_dir;
static RbDatabase *db;
static RbRecord *case_record;
static GDate today;

static void
add_meeting (const char *case_uuid, const char *kind, const char *date, const char *time,
             const char *reasons, const char *minutes)
{
  g_autoptr(RbRecord) meeting = rb_test_save_new (
      db, "meetings", "case_uuid", case_uuid, "kind", kind, "meeting_date", date, "start_time",
      time, "place", "OBS De Wilgen, Dordrecht", "reasons", reasons, "minutes", minutes, NULL);
  static const char *const people[][3] = {
    { "Łucja Nguyễn", "ouder", "gezin" },
    { "Dr. Ayşe Kaya", "jeugdarts", "GGD Zuid-Holland Zuid" },
    { "Jeroen de Vries", "leerplichtambtenaar", "Gemeente Dordrecht" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_object_unref (rb_test_save_new (
        db, "participants", "meeting_uuid", rb_record_get_uuid (meeting), "name", people[i][0],
        "role", people[i][1], "organisation", people[i][2], "present", "ja", NULL));
}

static void
make_case (void)
{
  g_autoptr(RbRecord) school = rb_test_save_new (db, "schools", "name", "OBS De Wilgen", NULL);
  g_autoptr(RbRecord) pupil
      = rb_test_save_new (db, "pupils", "first_name", PUPIL_FIRST, "last_name", "Yılmaz-Öztürk",
                          "birth_date", "2013-03-12", "group_name", "2B", "school_uuid",
                          rb_record_get_uuid (school), "enrolled", "ja", NULL);
  g_autoptr(RbRecord) guardian = rb_test_save_new (
      db, "guardians", "pupil_uuid", rb_record_get_uuid (pupil), "name", PARENT_NAME, "relation",
      "moeder", "address", "Żeglarska 12, 3311 AB Dordrecht", "phone", "06 98 76 54 32", "email",
      "lucja@example.nl", NULL);
  g_autoptr(RbRecord) location
      = rb_test_save_new (db, "bridge_locations", "name", "SBO De Kameleon", "kind", "SBO",
                          "capacity", "4", "address", "Kerkstraat 1, Papendrecht", NULL);
  const char *uuid;

  case_record = rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status",
                                  "brugplaatsing", "opened_on", "2026-09-01", "regisseur_swv",
                                  "Anouk Verbeek", "regisseur_school", "Mirjam Bakker", NULL);
  uuid = rb_record_get_uuid (case_record);
  g_object_unref (rb_test_save_new (db, "placements", "case_uuid", uuid, "location_uuid",
                                    rb_record_get_uuid (location), "start_date", "2026-11-02",
                                    "mode", "een-op-een", "dagdelen", "5", "outcome", "verwijzing",
                                    NULL));
  add_meeting (uuid, "verzuimgesprek", "2026-10-05", "10:15", NULL, "Afspraak: wekelijks contact.");
  add_meeting (uuid, "mdo", "2026-12-10", "14:00", "zorgelijk verzuim", NULL);
  add_meeting (uuid, "crisisteam", "2026-11-02", "09:00", NULL, NULL);
  add_meeting (uuid, "tussenevaluatie", "2026-11-30", "09:00", NULL, "Gaat goed; rust in de klas.");
  add_meeting (uuid, "eindadvies", "2026-12-14", "09:00", NULL, "Advies: verwijzing naar het SBO.");
  g_object_unref (rb_test_save_new (db, "agreements", "case_uuid", uuid, "what",
                                    "IB-er stuurt het groeidocument", "who", "Mirjam Bakker",
                                    "due_date", "2026-12-18", NULL));

  /* A school year of absences: the verzuimoverzicht is a table over several pages. */
  for (guint day = 0; day < 90; day++)
    {
      GDate date;
      g_autofree char *iso = NULL;
      static const char *const kinds[] = { "SICK", "UNAUTHORIZED", "SICK", "AUTHORIZED" };

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_SEPTEMBER, 2026);
      g_date_add_days (&date, day);
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                             g_date_get_day (&date));
      g_object_unref (rb_test_save_new (db, "absences", "pupil_uuid", rb_record_get_uuid (pupil),
                                        "absence_date", iso, "kind", kinds[day % 4], "hours", "2.5",
                                        "note", day % 3 == 0 ? "Ziekgemeld door moeder" : NULL,
                                        NULL));
    }
}

/* All runs of white space become one space: wrapping and columns do not count. */
static char *
normalise (const char *text)
{
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (spaces, text, -1, 0, " ", 0, NULL);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *raw = rb_test_run_tool (argv, NULL);

  return normalise (raw);
}

static void
assert_contains (const char *text, const char *expected, const char *what)
{
  g_autofree char *needle = normalise (expected);

  g_strstrip (needle);
  if (*needle != '\0' && strstr (text, needle) == NULL)
    g_error ("%s: “%s” is missing from the PDF text", what, needle);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = rb_test_run_tool (argv, NULL);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint)g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static void
check_pdf_file (const char *path)
{
  const char *fonts_argv[] = { "pdffonts", path, NULL };
  const char *qpdf_argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *fonts = rb_test_run_tool (fonts_argv, NULL);
  g_autofree char *check = NULL;
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  guint n_fonts = 0;
  int status;

  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      n_fonts++;
      g_assert_nonnull (strstr (lines[i], "DejaVuSans"));
      g_assert_nonnull (strstr (lines[i], "CID TrueType"));
      /* Columns emb, sub, uni. */
      g_assert_nonnull (strstr (lines[i], "yes yes yes"));
    }
  g_assert_cmpuint (n_fonts, >=, 1);
  check = rb_test_run_tool (qpdf_argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors"));
}

static void
check_page_numbers (const char *path, const char *text)
{
  guint n = pdf_pages (path);

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("pagina %u van %u", i, n);
      assert_contains (text, expected, "page number");
    }
  {
    g_autofree char *beyond = g_strdup_printf ("pagina %u van", n + 1);
    g_assert_null (strstr (text, beyond));
  }
}

typedef struct
{
  RbDocument *document;
  guint serial;
} FillState;

/* Gives every empty field of the definition a value, as a regisseur would. */
static void
fill_field (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  FillState *state = user_data;
  RbDocument *document = state->document;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("Waarde %u ëïöü «%s»", ++state->serial, field->id);

  switch (field->type)
    {
    case RB_FIELD_TEXT:
    case RB_FIELD_MULTILINE:
      if (rb_document_get_text (document, field->id) == NULL)
        g_assert_true (rb_document_set_text (document, field->id, text, &error));
      break;
    case RB_FIELD_DATE:
      if (rb_document_get_text (document, field->id) == NULL)
        g_assert_true (rb_document_set_text (document, field->id, "2026-12-03", &error));
      break;
    case RB_FIELD_TIME:
      if (rb_document_get_text (document, field->id) == NULL)
        g_assert_true (rb_document_set_text (document, field->id, "15:45", &error));
      break;
    case RB_FIELD_PERSON:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *part = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);
          g_autofree char *value = g_strdup_printf ("%s %u", PARENT_NAME, ++state->serial);

          if (rb_document_get_text (document, path) == NULL)
            g_assert_true (rb_document_set_text (
                document, path, part->type == RB_FIELD_DATE ? "2026-11-20" : value, &error));
        }
      break;
    case RB_FIELD_CHECKBOXES:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", option->id, NULL);
          gboolean check
              = option->required || (field->single ? i == MIN (1, field->parts->len - 1) : i == 0);

          if (check)
            g_assert_true (rb_document_set_checked (document, field->id, option->id, TRUE, &error));
          if (option->detail != NULL && rb_document_get_checked (document, field->id, option->id))
            g_assert_true (rb_document_set_text (document, path, "toelichting Ğ", &error));
        }
      break;
    case RB_FIELD_TABLE:
      {
        g_autoptr(GPtrArray) rows = rb_document_get_rows (document, field->id);

        if (rows->len == 0)
          {
            GStrv row = g_new0 (char *, field->parts->len + 1);

            for (guint c = 0; c < field->parts->len; c++)
              row[c] = g_strdup_printf ("Cel %u.%u ž", state->serial, c);
            g_ptr_array_add (rows, row);
            g_assert_true (rb_document_set_rows (document, field->id, rows, &error));
          }
      }
      break;
    case RB_FIELD_PARAGRAPH:
    case RB_FIELD_SIGNATURE:
      break;
    }
  g_assert_no_error (error);
}

static void
sign_field (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  RbDocument *document = user_data;
  g_autoptr(RbSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  const double stroke[] = { 0.05, 0.7, 0.2, 0.2, 0.35, 0.8, 0.5, 0.3, 0.7, 0.6, 0.95, 0.4 };
  const double dot[] = { 0.9, 0.8 };

  /* Optional blocks first: the last required one makes the document read-only. */
  if (field->type != RB_FIELD_SIGNATURE
      || field->required != GPOINTER_TO_INT (g_object_get_data (user_data, "pass")))
    return;
  signature = rb_signature_new (field->required ? PARENT_NAME : "Jeroen de Vries", field->label,
                                "Dordrecht", "2026-12-01");
  rb_signature_add_stroke (signature, stroke, G_N_ELEMENTS (stroke) / 2);
  rb_signature_add_stroke (signature, dot, 1);
  g_assert_true (rb_document_sign (document, field->id, signature, &error));
  g_assert_no_error (error);
}

typedef struct
{
  RbDocument *document;
  const char *text;
} CheckState;

static void
check_field (gpointer data, gpointer user_data)
{
  const RbField *field = data;
  CheckState *state = user_data;
  RbDocument *document = state->document;
  g_autoptr(GPtrArray) rows = NULL;

  if (!field->hidden && field->label != NULL && !field->checked_only)
    assert_contains (state->text, field->label, field->id);
  switch (field->type)
    {
    case RB_FIELD_PARAGRAPH:
      {
        /* The fixed text between the placeholders. */
        g_auto(GStrv) chunks = g_regex_split_simple ("\\{[^}]*\\}", field->text, 0, 0);

        for (guint i = 0; chunks[i] != NULL; i++)
          assert_contains (state->text, chunks[i], "paragraph");
      }
      break;
    case RB_FIELD_TEXT:
    case RB_FIELD_MULTILINE:
    case RB_FIELD_TIME:
    case RB_FIELD_DATE:
      {
        g_autofree char *value = rb_document_format_value (document, field);
        assert_contains (state->text, value, field->id);
      }
      break;
    case RB_FIELD_PERSON:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *part = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", part->id, NULL);
          g_autofree char *value
              = part->type == RB_FIELD_DATE
                    ? rb_document_format_date (rb_document_get_text (document, path))
                    : g_strdup (rb_document_get_text (document, path));

          assert_contains (state->text, part->label, path);
          assert_contains (state->text, value, path);
        }
      break;
    case RB_FIELD_CHECKBOXES:
      for (guint i = 0; i < field->parts->len; i++)
        {
          const RbField *option = g_ptr_array_index (field->parts, i);
          g_autofree char *path = g_strconcat (field->id, ".", option->id, NULL);
          g_autofree char *label = rb_document_expand (document, option->label);
          gboolean checked = rb_document_get_checked (document, field->id, option->id);

          if (field->hidden ? checked : (checked || !field->checked_only))
            assert_contains (state->text, label, path);
          if (!field->hidden && !field->checked_only)
            {
              g_autofree char *boxed = g_strdup_printf ("%s %s", checked ? "☒" : "☐", label);
              assert_contains (state->text, boxed, path);
            }
          if (checked && rb_document_get_text (document, path) != NULL)
            assert_contains (state->text, rb_document_get_text (document, path), path);
        }
      break;
    case RB_FIELD_TABLE:
      rows = rb_document_get_rows (document, field->id);
      for (guint c = 0; !field->hidden && c < field->parts->len; c++)
        assert_contains (state->text, ((RbField *)g_ptr_array_index (field->parts, c))->label,
                         field->id);
      for (guint r = 0; r < rows->len; r++)
        for (guint c = 0; c < field->parts->len; c++)
          if (!field->hidden || c < 2)
            assert_contains (state->text, ((char **)g_ptr_array_index (rows, r))[c], field->id);
      break;
    case RB_FIELD_SIGNATURE:
      {
        g_autoptr(RbSignature) signature = rb_document_dup_signature (document, field->id);
        g_autofree char *date = NULL;
        g_autofree char *line = NULL;

        g_assert_nonnull (signature);
        date = rb_document_format_date (signature->date);
        line = g_strdup_printf ("Naam: %s", signature->name);
        assert_contains (state->text, line, field->id);
        g_free (line);
        line = g_strdup_printf ("Datum: %s", date);
        assert_contains (state->text, line, field->id);
      }
      break;
    }
}

static void
test_kind (gconstpointer data)
{
  const char *kind_id = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, kind_id, &today, &error);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) exports = NULL;
  g_autoptr(RbDocument) loaded = NULL;
  g_autoptr(RbDocument) next = NULL;
  RbDocumentKind *kind;
  FillState fill = { 0 };
  CheckState check = { 0 };

  g_assert_no_error (error);
  kind = rb_document_get_kind (document);
  for (guint i = 0; i < kind->attachments->len; i++)
    {
      const RbAttachment *attachment = g_ptr_array_index (kind->attachments, i);

      if (!attachment->required)
        g_assert_true (rb_document_set_attached (document, attachment->kind, TRUE, &error));
    }
  fill.document = document;
  rb_document_kind_foreach_field (kind, fill_field, &fill);
  g_assert_true (rb_document_validate (document, &error));
  g_assert_no_error (error);
  g_object_set_data (G_OBJECT (document), "pass", GINT_TO_POINTER (FALSE));
  rb_document_kind_foreach_field (kind, sign_field, document);
  g_object_set_data (G_OBJECT (document), "pass", GINT_TO_POINTER (TRUE));
  rb_document_kind_foreach_field (kind, sign_field, document);
  g_assert_true (rb_document_is_signed (document) == rb_document_kind_is_signed (kind));

  path = g_strdup_printf ("%s/%s.pdf", tmp_dir, kind_id);
  g_assert_true (rb_document_export (document, db, path, "ouders", NULL, &error));
  g_assert_no_error (error);
  /* docs/screenshots/documents/make-screenshots.sh keeps the PDFs to render them. */
  if (g_getenv ("ROUTEBOEK_KEEP_PDFS") != NULL)
    {
      g_autofree char *kept
          = g_strdup_printf ("%s/%s.pdf", g_getenv ("ROUTEBOEK_KEEP_PDFS"), kind_id);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (kept, contents, (gssize)length, NULL));
    }

  check_pdf_file (path);

  text = pdf_text (path);
  check.document = document;
  check.text = text;
  rb_document_kind_foreach_field (kind, check_field, &check);
  assert_contains (text, PUPIL_NAME, "pupil");
  assert_contains (text, "VERTROUWELIJK", "confidentiality mark");
  assert_contains (text, "SWV Test", "SWV name");
  check_page_numbers (path, text);
  for (guint i = 0; i < G_N_ELEMENTS (seed_phrases); i++)
    if (g_str_equal (seed_phrases[i].kind, kind_id))
      for (guint p = 0; seed_phrases[i].phrases[p] != NULL; p++)
        assert_contains (text, seed_phrases[i].phrases[p], "seed wording");

  /* Saved with the case, with a record of the export. */
  exports = rb_document_list_exports (document, db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 1);
  g_assert_cmpstr (rb_record_get_string (g_ptr_array_index (exports, 0), "recipient"), ==,
                   "ouders");
  g_assert_cmpint (rb_record_get_int (g_ptr_array_index (exports, 0), "pages"), ==,
                   pdf_pages (path));
  loaded = rb_document_load (db, rb_document_get_uuid (document), &error);
  g_assert_no_error (error);
  g_assert_true (rb_document_is_signed (loaded) == rb_document_is_signed (document));

  if (rb_document_is_signed (document))
    {
      /* Signed is read-only: a change needs a new version, which starts unsigned. */
      g_assert_false (rb_document_set_text (loaded, "naam", "Iemand anders", &error));
      g_assert_error (error, RB_ERROR, RB_ERROR_READ_ONLY);
      g_clear_error (&error);
      next = rb_document_new_version (loaded);
      g_assert_cmpuint (rb_document_get_version (next), ==, 2);
      g_assert_false (rb_document_is_signed (next));
      g_assert_true (rb_document_set_text (next, "naam", PUPIL_NAME, &error));
      g_assert_no_error (error);
    }
}

static void
test_long_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, "jeugdarts-aanmelding", &today, &error);
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GRegex) word = g_regex_new ("w(\\d{5})", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  FillState fill = { document, 0 };
  guint expected = 1, n_words, n_giant = 0;

  /* 20,000 characters: numbered words, then one word of 1,000 letters without a space. */
  for (n_words = 1; value->len < 19100; n_words++)
    g_string_append_printf (value, "w%05u ", n_words);
  for (guint i = 0; i < 1000; i++)
    g_string_append (value, "Ж");
  g_assert_cmpuint (g_utf8_strlen (value->str, -1), >=, 20000);
  rb_document_kind_foreach_field (rb_document_get_kind (document), fill_field, &fill);
  g_assert_true (rb_document_set_text (document, "hulpvraag_school", value->str, &error));
  g_assert_true (rb_document_export (document, db, path, NULL, NULL, &error));
  g_assert_no_error (error);
  check_pdf_file (path);

  text = pdf_text (path);
  g_regex_match (word, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      g_assert_cmpuint ((guint)g_ascii_strtoull (number, NULL, 10), ==, expected);
      expected++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (expected, ==, n_words);
  for (const char *p = text; (p = strstr (p, "Ж")) != NULL; p += strlen ("Ж"))
    n_giant++;
  g_assert_cmpuint (n_giant, ==, 1000);
  g_assert_cmpuint (pdf_pages (path), >=, 6);
  check_page_numbers (path, text);
}

static void
test_required_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, "jeugdarts-aanmelding", &today, &error);
  g_autofree char *path = g_build_filename (tmp_dir, "incomplete.pdf", NULL);
  FillState fill = { document, 0 };

  rb_document_kind_foreach_field (rb_document_get_kind (document), fill_field, &fill);
  g_assert_true (rb_document_set_text (document, "hulpvraag_school", "  ", &error));
  g_assert_false (rb_document_export (document, db, path, NULL, NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Wat is de hulpvraag van school"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (rb_document_set_text (document, "hulpvraag_school", "Begeleiding", &error));
  g_assert_true (rb_document_set_text (document, "melder.functie", NULL, &error));
  g_assert_false (rb_document_export (document, db, path, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "Functie"));
  g_clear_error (&error);

  g_assert_true (rb_document_set_text (document, "melder.functie", "Mentor", &error));
  g_assert_true (rb_document_set_checked (document, "privacy", "gedeeld", FALSE, &error));
  g_assert_false (rb_document_validate (document, &error));
  g_assert_nonnull (strstr (error->message, "gedeeld wordt met de jeugdarts"));
  g_clear_error (&error);

  /* Wrong values are refused where they are typed. */
  g_assert_false (rb_document_set_text (document, "datum_aanmelding", "31-11-2026", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rb_document_set_text (document, "bestaat_niet", "x", &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (handle != NULL && g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, "jeugdarts-aanmelding", &today, &error);
  g_autofree char *dir = g_build_filename (tmp_dir, "out", NULL);
  g_autofree char *blocker = g_build_filename (dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "x.pdf", NULL);
  g_autofree char *onto_dir = g_build_filename (dir, "a-folder", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.pdf", NULL);
  g_autoptr(GPtrArray) exports = NULL;
  const char *const paths[] = { under_file, onto_dir, missing };
  FillState fill = { document, 0 };

  rb_document_kind_foreach_field (rb_document_get_kind (document), fill_field, &fill);
  g_assert_cmpint (g_mkdir_with_parents (onto_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "x", 1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_false (rb_document_export (document, db, paths[i], "LPA", NULL, &error));
      g_assert_error (error, RB_ERROR, RB_ERROR_IO);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_clear_error (&error);
      /* No PDF and no half-written temporary file. */
      g_assert_cmpuint (count_entries (dir), ==, 2);
      g_assert_true (g_file_test (onto_dir, G_FILE_TEST_IS_DIR));
    }
  /* Nothing was recorded as sent. */
  exports = rb_document_list_exports (document, db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 0);
}

static void
test_broken_logo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, "brugformat", &today, &error);
  g_autofree char *logo = g_build_filename (tmp_dir, "logo.png", NULL);
  g_autoptr(GBytes) bytes = NULL;

  /* A damaged PNG would make libpng abort inside libharu: it is refused before. */
  g_assert_true (g_file_set_contents (logo, "\x89PNG\r\n\x1a\nnot really", 17, NULL));
  bytes = rb_document_render (document, "SWV", logo, NULL, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "logo"));
}

static void
test_good_logo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocument) document
      = rb_document_new_for_case (db, case_record, "brugformat", &today, &error);
  g_autofree char *logo = g_build_filename (tmp_dir, "good-logo.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 120, 40);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) plain = NULL;

  cairo_surface_write_to_png (surface, logo);
  cairo_surface_destroy (surface);
  bytes = rb_document_render (document, "SWV", logo, NULL, NULL, &error);
  g_assert_no_error (error);
  plain = rb_document_render (document, "SWV", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The logo is in the file (an image XObject), once. */
  g_assert_cmpuint (g_bytes_get_size (bytes), >, g_bytes_get_size (plain));
}

/* libharu's own errors (here: a damaged font file) arrive as a GError, and the half-made
 * document is freed (valgrind sees no leak). */
static void
test_libharu_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) font
      = g_resources_lookup_data ("/nl/routeboek/Routeboek/fonts/DejaVuSans.ttf", 0, &error);
  g_autofree char *name
      = g_strdup_printf ("%" G_GSIZE_FORMAT "-DejaVuSans.ttf", g_bytes_get_size (font));
  g_autofree char *path
      = g_build_filename (g_get_user_cache_dir (), "routeboek", "fonts", name, NULL);
  g_autofree char *zeros = g_malloc0 (g_bytes_get_size (font));
  g_autoptr(RbPdf) pdf = NULL;
  g_autoptr(RbPdf) again = NULL;

  g_assert_no_error (error);
  g_object_unref (rb_pdf_new (&error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, zeros, (gssize)g_bytes_get_size (font), NULL));
  pdf = rb_pdf_new (&error);
  g_unlink (path);
  g_assert_null (pdf);
  g_assert_error (error, RB_ERROR, RB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "libharu"));
  g_clear_error (&error);
  again = rb_pdf_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
test_wrap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbPdf) pdf = rb_pdf_new (&error);
  g_autoptr(RbLayout) layout = rb_layout_new (pdf);
  const char *text = "Een zin met gewone woorden en één heel lang woord: "
                     "Kinderdagverblijfmedewerkersopleidingsbijeenkomstverslagformulieren. Einde";
  g_autoptr(GPtrArray) lines = rb_layout_wrap (layout, RB_PDF_FONT_REGULAR, 10, text, 120);
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autoptr(GString) original = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >, 3);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      g_assert_cmpfloat (rb_pdf_text_width (pdf, RB_PDF_FONT_REGULAR, 10, line, -1), <=, 120);
      /* No hyphen is added: a cut word just continues on the next line. */
      g_assert_false (g_str_has_suffix (line, "-"));
      g_string_append (joined, line);
    }
  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ')
      g_string_append_c (original, *p);
  g_string_replace (joined, " ", "", 0);
  g_assert_cmpstr (joined->str, ==, original->str);
}

/* routeboek-cli pdf: the same export from the command line, on a database of its own
 * (an open database is locked against a second program). */
static void
test_cli (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "cli", NULL);
  g_autofree char *path = g_build_filename (dir, "cli.db", NULL);
  g_autofree char *out = g_build_filename (dir, "uitnodiging.pdf", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *case_uuid = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "XDG_CONFIG_HOME", config, TRUE);
  int status;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  {
    g_autoptr(RbDatabase) cli_db = rb_test_new_database (dir, "cli.db");
    g_autoptr(RbRecord) pupil
        = rb_test_save_new (cli_db, "pupils", "first_name", PUPIL_FIRST, "last_name",
                            "Yılmaz-Öztürk", "birth_date", "2013-03-12", "enrolled", "ja", NULL);
    g_autoptr(RbRecord) item
        = rb_test_save_new (cli_db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status",
                            "dreigend", "opened_on", "2026-09-01", NULL);

    g_object_unref (rb_test_save_new (cli_db, "guardians", "pupil_uuid", rb_record_get_uuid (pupil),
                                      "name", PARENT_NAME, "address",
                                      "Żeglarska 12, 3311 AB Dordrecht", NULL));
    case_uuid = g_strdup (rb_record_get_uuid (item));
  }

  {
    /* A required field left empty: refused, named, no file. */
    const char *argv[]
        = { g_getenv ("ROUTEBOEK_CLI"),  "--db",  path, "pdf",     "--case", case_uuid, "--kind",
            "uitnodiging-ziekteverzuim", "--out", out,  "--today", TODAY,    NULL };

    g_spawn_sync (NULL, (char **)argv, env, 0, NULL, NULL, NULL, &stderr_text, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (stderr_text, "Plaats school"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    const char *argv[] = { g_getenv ("ROUTEBOEK_CLI"),
                           "--db",
                           path,
                           "pdf",
                           "--case",
                           case_uuid,
                           "--kind",
                           "uitnodiging-ziekteverzuim",
                           "--out",
                           out,
                           "--set",
                           "plaats=Dordrecht",
                           "--set",
                           "reden=frequent",
                           "--set",
                           "gesprek_datum=2026-12-07",
                           "--set",
                           "gesprek_tijd=15:30",
                           "--recipient",
                           PARENT_NAME,
                           NULL };

    g_autofree char *stdout_text = NULL;

    g_clear_pointer (&stderr_text, g_free);
    g_spawn_sync (NULL, (char **)argv, env, 0, NULL, NULL, &stdout_text, &stderr_text, &status,
                  &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (stdout_text, out));
  }
  text = pdf_text (out);
  assert_contains (text, "Dordrecht, 30 november 2026", "cli");
  assert_contains (text, PUPIL_FIRST " is de afgelopen 12 weken 4 keer ziekgemeld.", "cli");
  assert_contains (text, "op 7 december 2026 om 15:30 uur", "cli");
  check_pdf_file (out);
}

static void
run_quietly (const char *const *argv)
{
  int status;
  g_autofree char *out = rb_test_run_tool (argv, &status);

  g_assert_cmpint (status, ==, 0);
}

/* The optional digital signature with the regisseur's certificate (pdfsig + NSS). */
static void
test_digital_signature (void)
{
  g_autofree char *nss = g_build_filename (tmp_dir, "nssdb", NULL);
  g_autofree char *spec = g_strconcat ("sql:", nss, NULL);
  g_autofree char *noise = g_build_filename (tmp_dir, "noise.bin", NULL);
  g_autofree char *plain = g_build_filename (tmp_dir, "to-sign.pdf", NULL);
  g_autofree char *signed_path = g_build_filename (tmp_dir, "signed.pdf", NULL);
  g_autofree char *wrong = g_build_filename (tmp_dir, "wrong.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) signatures = NULL;
  g_autoptr(RbDocument) document = NULL;
  const RbPdfSignatureInfo *info;
  FillState fill = { 0 };
  gsize length;
  char *byte;

  g_autofree char *certutil = g_find_program_in_path ("certutil");
  g_autofree char *pdfsig = g_find_program_in_path ("pdfsig");

  if (certutil == NULL || pdfsig == NULL)
    {
      g_test_skip ("certutil (libnss3-tools) and pdfsig (poppler-utils) are needed");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (nss, 0700), ==, 0);
  g_assert_true (g_file_set_contents (noise, "0123456789abcdef0123456789abcdef", -1, NULL));
  {
    const char *create[] = { "certutil", "-N", "-d", spec, "--empty-password", NULL };
    const char *certificate[]
        = { "certutil", "-S",        "-d",        spec,
            "-n",       "Regisseur", "-s",        "CN=Anouk Verbeek,O=SWV Test,C=NL",
            "-x",       "-t",        "CTu,Cu,Cu", "-k",
            "rsa",      "-g",        "2048",      "-Z",
            "SHA256",   "-v",        "24",        "-z",
            noise,      NULL };
    run_quietly (create);
    run_quietly (certificate);
  }
  document = rb_document_new_for_case (db, case_record, "jeugdarts-aanmelding", &today, &error);
  fill.document = document;
  rb_document_kind_foreach_field (rb_document_get_kind (document), fill_field, &fill);
  g_assert_true (rb_document_export (document, NULL, plain, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Unsigned: no signatures. A wrong nickname: an error and no file. */
  signatures = rb_pdf_verify_file (plain, nss, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signatures->len, ==, 0);
  g_clear_pointer (&signatures, g_ptr_array_unref);
  g_assert_false (rb_pdf_sign_file (plain, wrong, nss, "Niemand", NULL, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_FAILED);
  g_assert_false (g_file_test (wrong, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (rb_pdf_sign_file (plain, signed_path, nss, "Regisseur", "Verzonden", &error));
  g_assert_no_error (error);
  signatures = rb_pdf_verify_file (signed_path, nss, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signatures->len, ==, 1);
  info = g_ptr_array_index (signatures, 0);
  g_assert_cmpstr (info->signer, ==, "Anouk Verbeek");
  g_assert_true (info->valid);
  g_assert_true (info->whole_document);
  g_clear_pointer (&signatures, g_ptr_array_unref);

  /* One changed letter in the signed text: the signature no longer holds. */
  g_assert_true (g_file_get_contents (signed_path, &contents, &length, NULL));
  byte = g_strstr_len (contents, (gssize)length, "Haru");
  g_assert_nonnull (byte);
  *byte = 'X';
  g_assert_true (g_file_set_contents (signed_path, contents, (gssize)length, NULL));
  signatures = rb_pdf_verify_file (signed_path, nss, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (signatures->len, ==, 1);
  g_assert_false (((RbPdfSignatureInfo *)g_ptr_array_index (signatures, 0))->valid);
  g_clear_pointer (&signatures, g_ptr_array_unref);

  g_assert_null (rb_pdf_verify_file (wrong, nss, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
}

static void
test_definitions (void)
{
  g_auto(GStrv) ids = rb_document_kind_list_ids ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDocumentKind) missing = rb_document_kind_lookup ("bestaat-niet", &error);
  g_autoptr(RbDocumentKind) bad = NULL;

  g_assert_cmpuint (g_strv_length (ids), ==, G_N_ELEMENTS (seed_phrases));
  for (guint i = 0; i < G_N_ELEMENTS (seed_phrases); i++)
    g_assert_true (g_strv_contains ((const char *const *)ids, seed_phrases[i].kind));
  g_assert_null (missing);
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "brugformat"));
  g_clear_error (&error);

  bad = rb_document_kind_new_from_data (
      "{\"id\": \"x\", \"title\": \"X\", \"sections\": [{\"items\": "
      "[{\"id\": \"a\", \"type\": \"colour\"}]}]}",
      -1, &error);
  g_assert_null (bad);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "colour"));
}

/* Dark pixels of @text alone on a page, as pdftoppm draws it (grayscale PGM). */
static guint
inked_pixels (RbPdfFont font, const char *text)
{
  static const RbPdfColor black = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RbPdf) pdf = rb_pdf_new (&error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = rb_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "glyph.pdf", NULL);
  g_autofree char *pgm = NULL;
  gsize length;
  guint dark = 0;
  const char *argv[] = { "pdftoppm", "-gray", "-r", "72", "-singlefile", path, NULL, NULL };
  g_autofree char *prefix = g_build_filename (dir, "glyph", NULL);
  g_autofree char *image = g_build_filename (dir, "glyph.pgm", NULL);
  int status;

  g_assert_no_error (error);
  rb_pdf_begin_page (pdf);
  rb_pdf_draw_text (pdf, font, 96, &black, 100, 200, text);
  bytes = rb_pdf_finish (pdf, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), NULL));
  argv[6] = prefix;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                               | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (image, &pgm, &length, NULL));
  /* The header is three lines ("P5", size, maximum); the pixels follow. */
  for (gsize i = 0, lines = 0; i < length; i++)
    if (lines < 3)
      lines += pgm[i] == '\n';
    else
      dark += (guchar) pgm[i] < 128;
  rb_test_remove_dir (dir);
  return dark;
}

/* Letters with stacked accents (Vietnamese ễ, ộ) are built from glyphs that are built
 * from glyphs; the embedded font must still draw the accents, not just the base letter. */
static void
test_stacked_accents_drawn (void)
{
  static const char *const letters[][2] = { { "ễ", "e" }, { "ộ", "o" }, { "Ş", "S" } };

  for (guint f = RB_PDF_FONT_REGULAR; f <= RB_PDF_FONT_BOLD; f++)
    for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
      g_assert_cmpuint (inked_pixels (f, letters[i][0]), >, inked_pixels (f, letters[i][1]) + 20);
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = rb_test_make_dir ();
  db = rb_test_new_database (tmp_dir, "documents.db");
  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_NOVEMBER, 2026);
  make_case ();

  g_test_add_func ("/documents/definitions", test_definitions);
  g_test_add_func ("/documents/stacked-accents-drawn", test_stacked_accents_drawn);
  g_test_add_func ("/documents/wrap", test_wrap);
  for (guint i = 0; i < G_N_ELEMENTS (seed_phrases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/documents/kind/%s", seed_phrases[i].kind);
      g_test_add_data_func (name, seed_phrases[i].kind, test_kind);
    }
  g_test_add_func ("/documents/long-field", test_long_field);
  g_test_add_func ("/documents/required-field", test_required_field);
  g_test_add_func ("/documents/unwritable", test_unwritable);
  g_test_add_func ("/documents/cli", test_cli);
  g_test_add_func ("/documents/digital-signature", test_digital_signature);
  g_test_add_func ("/documents/broken-logo", test_broken_logo);
  g_test_add_func ("/documents/good-logo", test_good_logo);
  g_test_add_func ("/documents/libharu-error", test_libharu_error);
  status = g_test_run ();

  g_object_unref (case_record);
  g_object_unref (db);
  rb_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
