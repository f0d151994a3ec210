/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rb-csv-import.h"
#include "rb-error.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* Registration lists: separators, BOM, quotes, dates, bad rows skipped, bad files refused. */

typedef struct
{
  char *dir;
  RbDatabase *db;
  RbRecord *school;  /* "OBS De Wilgen", there before the import */
} Fixture;

static const RbTable *
table (const char *name)
{
  return rb_schema_lookup_table (name);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = rb_test_make_dir ();
  f->db = rb_test_new_database (f->dir, "swv.db");
  rb_database_set_clock (f->db, rb_test_fixed_clock, NULL);
  f->school = rb_record_new (table ("schools"));
  rb_record_set_string (f->school, "name", "OBS De Wilgen");
  g_assert_true (rb_store_save (f->db, f->school, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->school);
  g_clear_object (&f->db);
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture *f, const char *name, const char *contents, gssize length)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static RbCsvReport *
import (Fixture *f, const char *path, const char *opened_on)
{
  g_autoptr(GError) error = NULL;
  RbCsvReport *report = NULL;

  g_assert_true (rb_csv_import (f->db, path, opened_on, &report, &error));
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static RbCsvReport *
import_text (Fixture *f, const char *text)
{
  g_autofree char *path = write_file (f, "list.csv", text, -1);

  return import (f, path, NULL);
}

/* The one pupil with this first name, and its case. */
static RbRecord *
find_pupil (Fixture *f, const char *first_name, RbRecord **item)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pupils = rb_store_list (f->db, table ("pupils"), "first_name", first_name,
                                               &error);
  g_autoptr(GPtrArray) cases = NULL;
  RbRecord *pupil;

  g_assert_no_error (error);
  g_assert_cmpuint (pupils->len, ==, 1);
  pupil = g_object_ref (g_ptr_array_index (pupils, 0));
  if (item != NULL)
    {
      cases = rb_store_list (f->db, table ("cases"), "pupil_uuid", rb_record_get_uuid (pupil),
                             &error);
      g_assert_no_error (error);
      g_assert_cmpuint (cases->len, ==, 1);
      *item = g_object_ref (g_ptr_array_index (cases, 0));
    }
  return pupil;
}

static char *
school_name (Fixture *f, RbRecord *pupil)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) school = rb_store_get (f->db, table ("schools"),
                                             rb_record_get_string (pupil, "school_uuid"), &error);

  g_assert_no_error (error);
  return g_strdup (rb_record_get_string (school, "name"));
}

static gint64
count_rows (Fixture *f)
{
  const RbTable *tables;
  guint n_tables;
  gint64 total = 0;

  tables = rb_schema_get_tables (&n_tables);
  for (guint i = 0; i < n_tables; i++)
    total += rb_store_count (f->db, &tables[i], NULL);
  return total;
}

static void
assert_problems (RbCsvReport *report, const char *const *expected)
{
  g_autofree char *all = NULL;

  g_ptr_array_add (report->problems, NULL);
  all = g_strjoinv ("\n", (char **) report->problems->pdata);
  g_ptr_array_remove_index (report->problems, report->problems->len - 1);
  if (report->problems->len != g_strv_length ((char **) expected))
    g_error ("Expected %u problems, got:\n%s", g_strv_length ((char **) expected), all);
  for (guint i = 0; expected[i] != NULL; i++)
    if (!g_str_has_prefix (g_ptr_array_index (report->problems, i), expected[i]))
      g_error ("Problem %u should start with “%s”; got:\n%s", i + 1, expected[i], all);
}

/* The fixture: ';', a byte order mark, CR LF, quoted fields, a bad date on row 4. */
static void
test_registration_list (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "Row 4: birth date “31-02-2012” does not exist", NULL };
  g_autofree char *path = rb_test_fixture_path ("registration.csv");
  g_autoptr(RbCsvReport) report = import (f, path, NULL);
  g_autoptr(RbRecord) sukru_case = NULL;
  g_autoptr(RbRecord) lucja_case = NULL;
  g_autoptr(RbRecord) sukru = find_pupil (f, "Şükrü", &sukru_case);
  g_autoptr(RbRecord) lucja = find_pupil (f, "Łucja", &lucja_case);
  g_autoptr(RbRecord) mees = find_pupil (f, "Mees", NULL);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mees_school = school_name (f, mees);

  g_assert_cmpuint (report->n_rows, ==, 4);
  g_assert_cmpuint (report->n_imported, ==, 3);
  g_assert_cmpuint (report->n_schools_created, ==, 1);
  assert_problems (report, expected);
  g_assert_cmpint (rb_store_count (f->db, table ("pupils"), NULL), ==, 3);
  g_assert_cmpint (rb_store_count (f->db, table ("schools"), NULL), ==, 2);

  /* The byte order mark is not part of the first header, and DD-MM-YYYY is read. */
  g_assert_cmpstr (rb_record_get_string (sukru, "last_name"), ==, "Yılmaz-Öztürk");
  g_assert_cmpstr (rb_record_get_string (sukru, "birth_date"), ==, "2016-05-02");
  g_assert_cmpstr (rb_record_get_string (sukru, "group_name"), ==, "groep 6");
  g_assert_true (rb_record_get_boolean (sukru, "enrolled"));
  g_assert_cmpstr (rb_record_get_string (sukru, "school_uuid"), ==,
                   rb_record_get_uuid (f->school));
  /* The school is found whatever its case. */
  g_assert_cmpstr (rb_record_get_string (lucja, "school_uuid"), ==,
                   rb_record_get_uuid (f->school));
  g_assert_cmpstr (rb_record_get_string (lucja, "last_name"), ==, "Nguyễn");
  /* Quoted fields keep their separator and their doubled quotes. */
  g_assert_cmpstr (rb_record_get_string (mees, "last_name"), ==, "van den Berg; Jansen");
  g_assert_cmpstr (mees_school, ==, "SBO \"De Brug\"");

  /* Cases open today, as signalering unless the row says otherwise. */
  g_assert_cmpstr (rb_record_get_string (sukru_case, "status"), ==, "signalering");
  g_assert_cmpstr (rb_record_get_string (sukru_case, "opened_on"), ==, "2026-09-14");
  g_assert_cmpstr (rb_record_get_string (lucja_case, "status"), ==, "dreigend");
  g_assert_cmpstr (rb_record_get_string (lucja_case, "threatened_since"), ==, "2026-09-14");
  changes = rb_store_list (f->db, table ("status_changes"), "case_uuid",
                           rb_record_get_uuid (lucja_case), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
}

static void
test_comma_separated (Fixture *f, gconstpointer data)
{
  g_autoptr(RbCsvReport) report = import_text (
    f,
    "achternaam,voornaam,Opmerking,geboortedatum,school,Klas,Start datum\n"
    "\"Dvořák, Nováková\",Žofie,\"zegt: \"\"bel eerst\"\"\nna 10 uur\",14-7-2015,,,\n"
    "de Vries,Anna,,2014-02-01,Het Baken,2b,01/10/2026\n");
  g_autoptr(RbRecord) zofie_case = NULL;
  g_autoptr(RbRecord) anna_case = NULL;
  g_autoptr(RbRecord) zofie = find_pupil (f, "Žofie", &zofie_case);
  g_autoptr(RbRecord) anna = find_pupil (f, "Anna", &anna_case);
  g_autofree char *anna_school = school_name (f, anna);

  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpstr (rb_record_get_string (zofie, "last_name"), ==, "Dvořák, Nováková");
  g_assert_cmpstr (rb_record_get_string (zofie, "birth_date"), ==, "2015-07-14");
  /* No school: not enrolled (absoluut verzuim). */
  g_assert_false (rb_record_is_set (zofie, "school_uuid"));
  g_assert_false (rb_record_get_boolean (zofie, "enrolled"));
  g_assert_cmpstr (rb_record_get_string (zofie_case, "opened_on"), ==, "2026-09-14");
  g_assert_cmpstr (anna_school, ==, "Het Baken");
  g_assert_cmpstr (rb_record_get_string (anna, "group_name"), ==, "2b");
  g_assert_cmpstr (rb_record_get_string (anna_case, "opened_on"), ==, "2026-10-01");
}

/* The SharePoint sheet's own headers (issue 2): one name column, statuses in words. */
static void
test_full_name_column (Fixture *f, gconstpointer data)
{
  g_autoptr(RbCsvReport) report = import_text (
    f,
    "Naam leerling;Geboortedatum;School;Status;Startdatum\n"
    "Şükrü Yılmaz-Öztürk;02-05-2013;OBS De Wilgen;Dreigend thuiszitter;07-09-2026\n"
    "Nguyễn, Łucja;2012-11-30;OBS De Wilgen;absoluut-verzuim;2026-10-01\n"
    "Anna Visser;2014-02-01;Het Baken;weg;2026-10-01\n");
  g_autoptr(RbRecord) sukru_case = NULL;
  g_autoptr(RbRecord) lucja_case = NULL;
  g_autoptr(RbRecord) sukru = find_pupil (f, "Şükrü", &sukru_case);
  g_autoptr(RbRecord) lucja = find_pupil (f, "Łucja", &lucja_case);

  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpstr (rb_record_get_string (sukru, "last_name"), ==, "Yılmaz-Öztürk");
  g_assert_cmpstr (rb_record_get_string (sukru_case, "status"), ==, "dreigend");
  g_assert_cmpstr (rb_record_get_string (sukru_case, "opened_on"), ==, "2026-09-07");
  g_assert_cmpstr (rb_record_get_string (lucja, "last_name"), ==, "Nguyễn");
  g_assert_cmpstr (rb_record_get_string (lucja_case, "status"), ==, "absoluut-verzuim");
  /* An unknown status is reported on its own row (the header is row 1). */
  g_assert_cmpuint (report->problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (report->problems, 0), "Row 4"));
  g_assert_nonnull (strstr (g_ptr_array_index (report->problems, 0), "weg"));
}

static void
test_bad_rows_reported (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = {
    "Row 3: pupil: the first name is missing",
    "Row 5: birth date “2012-13-01” does not exist",
    "Row 6: birth date “12 mei 2012” is not a date",
    "Row 7: birth date “1985-01-01” lies outside",
    "Row 8: “weg” is not a status",
    "Row 9: the row has 6 fields, more than the 5 columns",
    "Row 10: anna DE VRIES (born 2014-02-01) is on row 2 already",
    NULL
  };
  g_autoptr(RbCsvReport) report = import_text (
    f,
    "voornaam;achternaam;geboortedatum;school;status\n"
    "Anna;de Vries;2014-02-01;OBS De Wilgen;\n"
    ";Bakker;2014-03-01;OBS De Wilgen;\n"
    ";;;;\n"  /* an empty row is skipped silently, but counted */
    "Bram;Bakker;2012-13-01;OBS De Wilgen;\n"
    "Cas;Bakker;12 mei 2012;OBS De Wilgen;\n"
    "Dirk;Bakker;1985-01-01;OBS De Wilgen;\n"
    "Eva;Bakker;2013-01-01;OBS De Wilgen;weg\n"
    "Fien;Bakker;2013-01-01;OBS De Wilgen;;extra\n"
    "anna;DE VRIES;01-02-2014;Andere School;\n"
    "Gijs;Bakker;2013-01-01;Nieuwe School;\n");

  g_assert_cmpuint (report->n_rows, ==, 9);
  g_assert_cmpuint (report->n_imported, ==, 2);
  assert_problems (report, expected);
  g_assert_cmpint (rb_store_count (f->db, table ("pupils"), NULL), ==, 2);
  g_assert_cmpint (rb_store_count (f->db, table ("cases"), NULL), ==, 2);
  /* "Nieuwe School" is added; "Andere School", named only on a skipped row, is not. */
  g_assert_cmpuint (report->n_schools_created, ==, 1);
  g_assert_cmpint (rb_store_count (f->db, table ("schools"), NULL), ==, 2);
}

static void
test_bad_opened_on_column (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = {
    "Row 2: opened on “2026-02-30” does not exist", NULL
  };
  g_autoptr(RbCsvReport) report = import_text (
    f, "voornaam;achternaam;geboortedatum;school;gestart\n"
       "Anna;de Vries;2014-02-01;OBS De Wilgen;2026-02-30\n");

  assert_problems (report, expected);
  g_assert_cmpuint (report->n_imported, ==, 0);
}

static void
test_import_twice (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = {
    "Row 2: Anna de Vries (born 2014-02-01) is in the database already", NULL
  };
  const char *text = "voornaam;achternaam;geboortedatum;school\n"
                     "Anna;de Vries;2014-02-01;OBS De Wilgen\n";
  g_autoptr(RbCsvReport) first = import_text (f, text);
  g_autoptr(RbCsvReport) second = import_text (f, text);

  g_assert_cmpuint (first->n_imported, ==, 1);
  g_assert_cmpuint (second->n_imported, ==, 0);
  assert_problems (second, expected);
  g_assert_cmpint (rb_store_count (f->db, table ("pupils"), NULL), ==, 1);
}

static void
test_opened_on_given (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "list.csv",
                                      "voornaam;achternaam;geboortedatum;school\n"
                                      "Anna;de Vries;2014-02-01;OBS De Wilgen\n", -1);
  g_autoptr(RbCsvReport) report = import (f, path, "2026-10-05");
  g_autoptr(RbCsvReport) none = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRecord) pupil = find_pupil (f, "Anna", &item);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rb_record_get_string (item, "opened_on"), ==, "2026-10-05");
  g_assert_false (rb_csv_import (f->db, path, "2026-10-32", &none, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_null (none);
}

/* ---- Files refused as a whole: a sentence, and nothing written ---- */

typedef struct
{
  const char *path;
  const char *contents;
  gssize length;
  const char *expected;  /* part of the error message */
} BadFile;

static const BadFile bad_files[] = {
  { "/csv-import/refuse/missing-header", "voornaam;geboorte;school\nAnna;2014-02-01;OBS\n", -1,
    "missing: achternaam, geboortedatum" },
  { "/csv-import/refuse/no-header-at-all", "Anna;de Vries;2014-02-01;OBS De Wilgen\n", -1,
    "is not a registration list" },
  { "/csv-import/refuse/not-utf8",
    "voornaam;achternaam;geboortedatum;school\nAnna;de Vries;2014-02-01;OBS\n"
    "S\xfckr\xfc;Y\xfdlmaz;2016-05-02;OBS\n", -1, "is not a UTF-8 text file (see line 3)" },
  { "/csv-import/refuse/binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "is not a UTF-8 text file" },
  { "/csv-import/refuse/json", "{\"format\": \"routeboek-fixture\", \"version\": 1}\n", -1,
    "is not a registration list" },
  { "/csv-import/refuse/empty", "\xef\xbb\xbf \r\n", -1, "is empty" },
  { "/csv-import/refuse/unclosed-quote",
    "voornaam;achternaam;geboortedatum;school\nAnna;\"de Vries;2014-02-01;OBS\n", -1,
    "a quoted field on row 2 is never closed" },
  { "/csv-import/refuse/header-twice", "voornaam;achternaam;geboortedatum;school;Klas;groep\n",
    -1, "the column “groep” appears twice" },
};

static void
test_bad_file (Fixture *f, gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *path = write_file (f, "list.csv", bad->contents, bad->length);
  g_autoptr(RbCsvReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = count_rows (f);

  g_assert_false (rb_csv_import (f->db, path, NULL, &report, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_null (report);
  if (strstr (error->message, bad->expected) == NULL || strstr (error->message, "list.csv") == NULL)
    g_error ("“%s” and the file name are not in the message: %s", bad->expected, error->message);
  g_assert_cmpint (count_rows (f), ==, before);
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "missing.csv", NULL);
  g_autoptr(RbCsvReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rb_csv_import (f->db, path, NULL, &report, &error));
  g_assert_error (error, RB_ERROR, RB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/csv-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("full-name-column", test_full_name_column);
  ADD ("registration-list", test_registration_list);
  ADD ("comma-separated", test_comma_separated);
  ADD ("bad-rows-reported", test_bad_rows_reported);
  ADD ("bad-opened-on-column", test_bad_opened_on_column);
  ADD ("import-twice", test_import_twice);
  ADD ("opened-on-given", test_opened_on_given);
  ADD ("missing-file", test_missing_file);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    g_test_add (bad_files[i].path, Fixture, &bad_files[i], fixture_set_up, test_bad_file,
                fixture_tear_down);

  return g_test_run ();
}
