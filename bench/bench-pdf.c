/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "rb-document.h"
#include "rb-store.h"
#include "rb-test-util.h"

/*
 * bench-pdf: exports the jeugdarts referral with its verzuimoverzicht (3 pages) and a
 * one-page letter, as a regisseur's export does it: fill check, layout, PDF with embedded
 * fonts, write through a temporary file, record of the export in the database.
 *
 *   bench-pdf [--runs 50] [--absences 24] [--out DIR]
 *
 * With --out the last referral and letter stay in DIR (referral.pdf, letter.pdf) and the
 * referral's text in referral.txt, for bench-pdf.sh to build the LibreOffice reference.
 */

static RbRecord *
make_case (RbDatabase *db, guint n_absences)
{
  g_autoptr(RbRecord) school = rb_test_save_new (db, "schools", "name", "OBS De Wilgen", NULL);
  g_autoptr(RbRecord) pupil = rb_test_save_new (
      db, "pupils", "first_name", "Şükrü", "last_name", "Yılmaz-Öztürk", "birth_date", "2013-03-12",
      "group_name", "2B", "school_uuid", rb_record_get_uuid (school), "enrolled", "ja", NULL);
  RbRecord *item;
  GDate date;

  g_object_unref (rb_test_save_new (db, "guardians", "pupil_uuid", rb_record_get_uuid (pupil),
                                    "name", "Łucja Nguyễn", "address",
                                    "Żeglarska 12, 3311 AB Dordrecht", "phone", "06 98 76 54 32",
                                    "email", "lucja@example.nl", NULL));
  item = rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status",
                           "thuiszitter", "opened_on", "2026-09-01", "regisseur_swv",
                           "Anouk Verbeek", "regisseur_school", "Mirjam Bakker", NULL);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_SEPTEMBER, 2026);
  for (guint i = 0; i < n_absences; g_date_add_days (&date, 2))
    {
      char iso[16];

      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      g_object_unref (rb_test_save_new (
          db, "absences", "pupil_uuid", rb_record_get_uuid (pupil), "absence_date", iso, "kind",
          i % 3 == 0 ? "UNAUTHORIZED" : "SICK", "hours", "3.5", "note",
          i % 2 == 0 ? "Ziekgemeld door moeder, telefonisch" : NULL, NULL));
      i++;
    }
  return item;
}

static const char *const referral_values[]
    = { "melder.functie=Ondersteuningscoördinator",
        "melder.mobiel=06 11 22 33 44",
        "melder.email=m.bakker@dewilgen.example.nl",
        "leerling.mentor=Dhr. P. de Graaf",
        "typering=frequent,zorgelijk",
        "typering.zorgelijk=Het verzuim valt vaak op maandag.",
        "datum_gesprek=2026-10-05",
        "aanwezigen=Łucja Nguyễn (moeder), Şükrü, mentor Dhr. P. de Graaf, Mirjam Bakker "
        "(ondersteuningscoördinator)",
        "uitkomsten=Moeder herkent de buikpijn in de ochtend. Afgesproken is dat Şükrü de gemiste "
        "lesstof in "
        "overleg met de mentor inhaalt, dat hij twee ochtenden per week begeleiding krijgt en dat "
        "school en "
        "moeder wekelijks contact hebben over het verloop.",
        "hulpvraag_school=Wij vragen de jeugdarts te onderzoeken of er een medische verklaring is "
        "voor het "
        "frequente verzuim en te adviseren over een haalbaar opbouwschema en de belastbaarheid op "
        "school.",
        "hulpvraag_extra=Moeder wil graag weten of verwijzing naar de huisarts of een kinderarts "
        "nodig is.",
        "aanvullend=zorg_huisarts,vel",
        "aanvullend.zorg_huisarts=Huisartsenpraktijk Oranjewijk",
        "aanvullend.vel=Trekt zich terug in de klas, eet 's middags weinig.",
        "privacy=besproken,gedeeld,afspraak",
        "besproken_ouder.datum=2026-10-05",
        "besproken_ouder.door=Mirjam Bakker",
        "besproken_leerling.datum=2026-10-06",
        "besproken_leerling.door=Dhr. P. de Graaf",
        NULL };

static const char *const letter_values[]
    = { "plaats=Dordrecht", "reden=frequent", "gesprek_datum=2026-12-07", "gesprek_tijd=15:30",
        NULL };

static RbDocument *
make_document (RbDatabase *db, RbRecord *item, const char *kind, const char *const *values)
{
  g_autoptr(GError) error = NULL;
  GDate today;
  RbDocument *document;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 30, G_DATE_NOVEMBER, 2026);
  document = rb_document_new_for_case (db, item, kind, &today, &error);
  if (document == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; values[i] != NULL; i++)
    if (!rb_document_set_value (document, values[i], &error))
      g_error ("%s: %s", values[i], error->message);
  return document;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Median seconds per export of @document to @path over @runs runs. */
static double
time_exports (RbDocument *document, RbDatabase *db, const char *path, guint runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      if (!rb_document_export (document, db, path, "jeugdarts", NULL, &error))
        g_error ("%s", error->message);
      seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
      g_array_append_val (times, seconds);
    }
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

/* Median seconds to lay out and make the PDF in memory: no file, no record. */
static double
time_renders (RbDocument *document, guint runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gint64 start = g_get_monotonic_time ();
      double seconds;

      if ((bytes = rb_document_render (document, "SWV", NULL, NULL, NULL, &error)) == NULL)
        g_error ("%s", error->message);
      seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
      g_array_append_val (times, seconds);
    }
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize)st.st_size : 0;
}

int
main (int argc, char **argv)
{
  int runs = 50, absences = 24;
  g_autofree char *out = NULL;
  GOptionEntry entries[] = { { "runs", 0, 0, G_OPTION_ARG_INT, &runs,
                               "Exports per document (the median is reported)", "N" },
                             { "absences", 0, 0, G_OPTION_ARG_INT, &absences,
                               "Absence records in the verzuimoverzicht", "N" },
                             { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
                               "Keep the last PDFs and the referral's text here", "DIR" },
                             { NULL } };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time PDF exports");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-pdf-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  g_autofree char *referral_path = NULL;
  g_autofree char *letter_path = NULL;
  g_autoptr(RbDatabase) db = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbDocument) referral = NULL;
  g_autoptr(RbDocument) letter = NULL;
  g_autoptr(GBytes) bytes = NULL;
  double referral_time, letter_time, render_time;
  guint referral_pages = 0, letter_pages = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || dir == NULL)
    {
      g_printerr ("bench-pdf: %s\n", error->message);
      return 2;
    }
  db_path = g_build_filename (dir, "bench.db", NULL);
  if ((db = rb_database_create (db_path, "SWV VO Drechtsteden", "VO", "zuid", &error)) == NULL)
    g_error ("%s", error->message);
  item = make_case (db, (guint)absences);
  referral = make_document (db, item, "jeugdarts-aanmelding", referral_values);
  letter = make_document (db, item, "uitnodiging-ziekteverzuim", letter_values);
  referral_path = g_build_filename (out != NULL ? out : dir, "referral.pdf", NULL);
  letter_path = g_build_filename (out != NULL ? out : dir, "letter.pdf", NULL);

  /* The first export also unpacks the fonts into the cache: not counted. */
  time_exports (referral, db, referral_path, 1);
  referral_time = time_exports (referral, db, referral_path, (guint)runs);
  letter_time = time_exports (letter, db, letter_path, (guint)runs);
  render_time = time_renders (referral, (guint)runs);
  bytes = rb_document_render (referral, NULL, NULL, NULL, &referral_pages, &error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = rb_document_render (letter, NULL, NULL, NULL, &letter_pages, &error);

  printf ("referral with verzuimoverzicht: %u pages, %d absences, %.1f KB, median %.2f ms per "
          "export (%d runs)\n",
          referral_pages, absences, file_size (referral_path) / 1024.0, referral_time * 1000, runs);
  printf ("  of which layout and PDF in memory: median %.2f ms (the rest: writing the file, the "
          "record)\n",
          render_time * 1000);
  printf ("one-page letter (Bijlage C): %u page, %.1f KB, median %.2f ms per export\n",
          letter_pages, file_size (letter_path) / 1024.0, letter_time * 1000);
  printf (
      "RESULT referral_ms=%.3f referral_kb=%.1f referral_pages=%u letter_ms=%.3f letter_kb=%.1f\n",
      referral_time * 1000, file_size (referral_path) / 1024.0, referral_pages, letter_time * 1000,
      file_size (letter_path) / 1024.0);

  g_clear_object (&db);
  g_unlink (db_path);
  if (out == NULL)
    {
      g_unlink (referral_path);
      g_unlink (letter_path);
    }
  g_rmdir (dir);
  return 0;
}
