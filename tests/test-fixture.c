/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rb-check.h"
#include "rb-error.h"
#include "rb-fixture.h"
#include "rb-generator.h"
#include "rb-store.h"
#include "rb-test-util.h"

/* JSON fixtures: load, dump, byte-identical round trips, and every bad input refused. */

#define SUKRU "40000000-0000-4000-8000-000000000001"
#define LUCJA "40000000-0000-4000-8000-000000000002"
#define REPLICA_B "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"

typedef struct
{
  char *dir;
  char *target;  /* where a database is loaded to; does not exist at the start */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = rb_test_make_dir ();
  f->target = g_build_filename (f->dir, "loaded.db", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  rb_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->target);
}

static const RbTable *
table (const char *name)
{
  return rb_schema_lookup_table (name);
}

static RbDatabase *
load_small (Fixture *f)
{
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autoptr(GError) error = NULL;
  RbDatabase *db = rb_fixture_load (path, f->target, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static char *
dump (RbDatabase *db, gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *data = rb_fixture_dump_to_data (db, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpuint (strlen (data), ==, *length);
  return data;
}

static char **
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* After a refused load only the input is left: no database, no temporary file. */
static void
assert_only_file (const char *dir, const char *name)
{
  g_auto(GStrv) names = list_dir (dir);
  g_autofree char *joined = g_strjoinv (", ", names);

  if (g_strv_length (names) != 1 || g_strcmp0 (names[0], name) != 0)
    g_error ("Expected only %s in %s, found: %s", name, dir, joined);
}

static void
test_load_small (Fixture *f, gconstpointer data)
{
  static const struct
  {
    const char *table;
    gint64 live;
    guint all;
  } counts[] = {
    { "schools", 2, 2 }, { "organisations", 1, 1 }, { "contacts", 1, 1 },
    { "bridge_locations", 1, 1 }, { "criteria", 1, 1 }, { "holidays", 1, 1 },
    { "pupils", 4, 4 }, { "guardians", 1, 1 }, { "cases", 4, 4 }, { "status_changes", 4, 4 },
    { "absences", 3, 4 }, { "log_entries", 3, 3 }, { "meetings", 1, 1 },
    { "participants", 2, 2 }, { "agreements", 2, 2 }, { "consents", 1, 1 },
    { "placements", 1, 1 }, { "documents", 0, 0 }, { "document_exports", 0, 0 },
    { "routes", 0, 0 }, { "case_steps", 0, 0 },
  };
  g_autoptr(RbDatabase) db = load_small (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) correction = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  guint n_tables;

  rb_schema_get_tables (&n_tables);
  g_assert_cmpuint (G_N_ELEMENTS (counts), ==, n_tables);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(GPtrArray) all = rb_store_list_all (db, table (counts[i].table), &error);

      g_assert_no_error (error);
      g_assert_cmpint (rb_store_count (db, table (counts[i].table), NULL), ==, counts[i].live);
      g_assert_cmpuint (all->len, ==, counts[i].all);
    }

  g_assert_cmpstr (rb_database_get_swv_uuid (db), ==, "0b5e1c3a-2f4d-4c6e-9a8b-7d6c5e4f3a21");
  g_assert_cmpstr (rb_database_get_swv_name (db), ==, "SWV PO Drechtsteden (test)");
  g_assert_cmpstr (rb_database_get_school_type (db), ==, "PO");
  g_assert_cmpstr (rb_database_get_region (db), ==, "zuid");
  g_assert_cmpstr (rb_database_get_path (db), ==, f->target);

  /* Stamps are kept as they are in the file, not stamped anew. */
  pupil = rb_store_get (db, table ("pupils"), LUCJA, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_created_at (pupil), ==, "2026-09-01T08:00:00.000000Z");
  g_assert_cmpstr (rb_record_get_modified_at (pupil), ==, "2026-09-14T09:15:00.000000Z");
  g_assert_cmpstr (rb_record_get_replica (pupil), ==, REPLICA_B);
  g_assert_cmpstr (rb_record_get_string (pupil, "school_uuid"), ==,
                   "10000000-0000-4000-8000-000000000001");

  /* The correction comes before the entry it corrects in the file, yet both are loaded. */
  correction = rb_store_get (db, table ("log_entries"), "70000000-0000-4000-8000-000000000001",
                             &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (correction, "corrects_uuid"), ==,
                   "70000000-0000-4000-8000-000000000002");

  problems = rb_check_database (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_non_ascii_names (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) db = load_small (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbRecord) sukru = rb_store_get (db, table ("pupils"), SUKRU, &error);
  g_autoptr(RbRecord) lucja = rb_store_get (db, table ("pupils"), LUCJA, &error);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpstr (rb_record_get_string (sukru, "first_name"), ==, "Şükrü");
  g_assert_cmpstr (rb_record_get_string (sukru, "last_name"), ==, "Yılmaz-Öztürk");
  g_assert_cmpstr (rb_record_get_string (lucja, "first_name"), ==, "Łucja");
  g_assert_cmpstr (rb_record_get_string (lucja, "last_name"), ==, "Nguyễn");

  /* Written as UTF-8, not as \u escapes. */
  text = dump (db, &length);
  g_assert_nonnull (strstr (text, "\"last_name\": \"Yılmaz-Öztürk\""));
  g_assert_nonnull (strstr (text, "\"last_name\": \"Nguyễn\""));
  g_assert_null (strstr (text, "\\u"));
}

/* The hand-written fixture is in the dump's own layout: dumping what was loaded gives it back. */
static void
test_fixture_is_canonical (Fixture *f, gconstpointer data)
{
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *original = NULL;
  g_autofree char *text = NULL;
  g_autoptr(RbDatabase) db = load_small (f);
  gsize original_length, length;

  g_assert_true (g_file_get_contents (path, &original, &original_length, NULL));
  text = dump (db, &length);
  g_assert_cmpstr (text, ==, original);
  g_assert_cmpuint (length, ==, original_length);
}

/* Loads @first_dump into a new database and dumps that: the bytes must be the same. */
static void
assert_round_trip (Fixture *f, const char *first_dump, gsize first_length)
{
  g_autofree char *json = g_build_filename (f->dir, "first.json", NULL);
  g_autofree char *second = NULL;
  g_autoptr(RbDatabase) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gsize second_length;

  g_assert_true (g_file_set_contents (json, first_dump, (gssize) first_length, NULL));
  loaded = rb_fixture_load (json, f->target, &error);
  g_assert_no_error (error);
  second = dump (loaded, &second_length);
  g_assert_cmpuint (second_length, ==, first_length);
  g_assert_true (memcmp (second, first_dump, first_length) == 0);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) db = rb_test_new_database (f->dir, "source.db");
  g_autoptr(RbRecord) school = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  g_autoptr(RbRecord) item = NULL;
  g_autoptr(RbRecord) entry = NULL;
  g_autoptr(RbRecord) correction = NULL;
  g_autoptr(RbRecord) absence = NULL;
  g_autoptr(RbRecord) gone = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  rb_database_set_clock (db, rb_test_fixed_clock, NULL);
  /* Quotes, backslashes, line breaks, tabs and a control character must survive. */
  school = rb_test_save_new (db, "schools", "name", "Het \"Kompas\" \\ Zuid", "school_type", "VO", NULL);
  pupil = rb_test_save_new (db, "pupils", "first_name", "Łucja", "last_name", "Nguyễn", "birth_date",
                "2012-02-29", "school_uuid", rb_record_get_uuid (school), "enrolled", "ja",
                "group_name", "klas 1\tB\x01", NULL);
  item = rb_test_save_new (db, "cases", "pupil_uuid", rb_record_get_uuid (pupil), "status", "signalering",
               "opened_on", "2026-09-07", NULL);
  /* Numbers written short although doubles cannot hold them exactly, and one with no short form. */
  rb_record_set_double (item, "estimated_hours", 1.0 / 3.0);
  g_assert_true (rb_store_save (db, item, &error));
  absence = rb_test_save_new (db, "absences", "pupil_uuid", rb_record_get_uuid (pupil), "absence_date",
                  "2026-09-08", "kind", "SICK", "hours", "0.1", NULL);
  entry = rb_test_save_new (db, "log_entries", "case_uuid", rb_record_get_uuid (item), "entry_date",
                "2026-09-08", "author", "R. Regisseur", "action", "Gesprek", "body",
                "Eerste regel\nTweede regel", "hours", "1,5", NULL);
  correction = rb_test_save_new (db, "log_entries", "case_uuid", rb_record_get_uuid (item), "entry_date",
                     "2026-09-09", "author", "R. Regisseur", "action", "Correctie",
                     "corrects_uuid", rb_record_get_uuid (entry), NULL);
  /* A tombstone is passed on like any other row. */
  gone = rb_test_save_new (db, "absences", "pupil_uuid", rb_record_get_uuid (pupil), "absence_date",
               "2026-09-09", "kind", "LATE", "late_count", "2", NULL);
  g_assert_true (rb_store_delete (db, gone, &error));
  g_assert_no_error (error);

  text = dump (db, &length);
  g_assert_nonnull (strstr (text, "\"name\": \"Het \\\"Kompas\\\" \\\\ Zuid\""));
  g_assert_nonnull (strstr (text, "\"group_name\": \"klas 1\\tB\\u0001\""));
  g_assert_nonnull (strstr (text, "\"hours\": 0.1\n"));
  g_assert_nonnull (strstr (text, "\"hours\": 1.5\n"));
  g_assert_nonnull (strstr (text, "\"estimated_hours\": 0.3333333333333333\n"));
  g_assert_nonnull (strstr (text, "\"deleted\": true"));
  /* Defaults (criteria, holidays) are in there too. */
  g_assert_nonnull (strstr (text, "\"criteria\": [\n"));

  /* The stream and the memory functions write the same bytes. */
  g_assert_true (rb_fixture_dump (db, stream, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), ==,
                    length);
  g_assert_true (memcmp (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), text,
                         length) == 0);

  assert_round_trip (f, text, length);
}

static void
test_round_trip_generated (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "generated.db", NULL);
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 2, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_generator_create_database (path, 7, today, &error);
  g_autofree char *text = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (rb_generator_fill (db, 25, 7, &error));
  g_assert_no_error (error);
  text = dump (db, &length);
  assert_round_trip (f, text, length);
}

static void
test_loaded_database_is_usable (Fixture *f, gconstpointer data)
{
  g_autoptr(RbDatabase) db = load_small (f);
  g_autoptr(RbRecord) school = rb_test_save_new (db, "schools", "name", "IKC De Regenboog", NULL);
  g_autoptr(RbDatabase) reopened = NULL;
  g_autoptr(GError) error = NULL;

  /* A replica of its own, and the file opens again after closing. */
  g_assert_true (g_uuid_string_is_valid (rb_database_get_replica (db)));
  g_assert_cmpstr (rb_record_get_replica (school), ==, rb_database_get_replica (db));
  g_clear_object (&db);
  reopened = rb_database_open (f->target, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rb_store_count (reopened, table ("schools"), NULL), ==, 3);
}

/* ---- Bad input: refused, with a sentence, and nothing left behind ---- */

static void
assert_refused (Fixture *f, const char *json_path, const char *const *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_fixture_load (json_path, f->target, &error);
  g_autofree char *input = g_path_get_basename (json_path);

  g_assert_null (db);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RB_ERROR);
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (error->message, expected[i]) == NULL)
      g_error ("“%s” is not in the message: %s", expected[i], error->message);
  assert_only_file (f->dir, input);
}

static void
test_bad_json (Fixture *f, gconstpointer data)
{
  static const char *const expected[] = { "input.json", "not valid JSON", NULL };
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *input = g_build_filename (f->dir, "input.json", NULL);
  g_autofree char *text = NULL;
  gsize length;

  /* Cut off halfway, as a disk-full copy would be. */
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_true (g_file_set_contents (input, text, (gssize) (length / 2), NULL));
  assert_refused (f, input, expected);
}

static void
test_existing_target (Fixture *f, gconstpointer data)
{
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = NULL;

  g_assert_true (g_file_set_contents (f->target, "keep me", -1, NULL));
  before = rb_test_file_checksum (f->target);
  db = rb_fixture_load (path, f->target, &error);
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "loaded.db"));
  after = rb_test_file_checksum (f->target);
  g_assert_cmpstr (before, ==, after);
  assert_only_file (f->dir, "loaded.db");
}

static void
test_missing_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *target = g_build_filename (f->dir, "missing", "loaded.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RbDatabase) db = rb_fixture_load (path, target, &error);

  /* The message names the file asked for, not the temporary one it is built in. */
  g_assert_null (db);
  g_assert_error (error, RB_ERROR, RB_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "“loaded.db”"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

/* A bad input made from the good fixture by one change. */
typedef struct
{
  const char *path;
  void (*change) (JsonObject *root);
  const char *expected[4];  /* parts of the error message */
} BadInput;

static JsonObject *
row_of (JsonObject *root, const char *table_name, guint index)
{
  JsonObject *tables = json_object_get_object_member (root, "tables");

  return json_array_get_object_element (json_object_get_array_member (tables, table_name), index);
}

static void
wrong_format (JsonObject *root)
{
  json_object_set_string_member (root, "format", "routeboek-export");
}

static void
newer_version (JsonObject *root)
{
  json_object_set_int_member (root, "version", 2);
}

static void
unknown_member (JsonObject *root)
{
  json_object_set_string_member (root, "comment", "made by hand");
}

static void
bad_region (JsonObject *root)
{
  json_object_set_string_member (json_object_get_object_member (root, "swv"), "region", "oost");
}

static void
unknown_table (JsonObject *root)
{
  json_object_set_array_member (json_object_get_object_member (root, "tables"), "teachers",
                                json_array_new ());
}

static void
unknown_column (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "pupils", 1), "favourite_colour", "blue");
}

static void
bad_date (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "pupils", 2), "birth_date", "2011-02-30");
}

static void
dangling_reference (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "cases", 0), "pupil_uuid",
                                 "40000000-0000-4000-8000-000000000099");
}

static void
duplicate_uuid (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "pupils", 1), "uuid", SUKRU);
}

static void
wrong_type (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "bridge_locations", 0), "capacity", "8");
}

static void
missing_stamp (JsonObject *root)
{
  json_object_remove_member (row_of (root, "schools", 1), "created_at");
}

static void
bad_choice (JsonObject *root)
{
  json_object_set_string_member (row_of (root, "cases", 3), "status", "verdwenen");
}

static void
broken_rule (JsonObject *root)
{
  /* Closed before it was opened. */
  json_object_set_string_member (row_of (root, "cases", 2), "closed_on", "2026-05-01");
}

static void
circular_correction (JsonObject *root)
{
  /* Entry 1 corrects entry 2 already; now 2 corrects 1 too. */
  json_object_set_string_member (row_of (root, "log_entries", 1), "corrects_uuid",
                                 "70000000-0000-4000-8000-000000000001");
}

static void
row_not_object (JsonObject *root)
{
  json_array_add_int_element (json_object_get_array_member (
                                json_object_get_object_member (root, "tables"), "consents"), 7);
}

static const BadInput bad_inputs[] = {
  { "/fixture/refuse/wrong-format", wrong_format, { "is not a Routeboek fixture", NULL } },
  { "/fixture/refuse/newer-version", newer_version, { "version 1", NULL } },
  { "/fixture/refuse/unknown-member", unknown_member, { "unknown member “comment”", NULL } },
  { "/fixture/refuse/bad-region", bad_region, { "oost", NULL } },
  { "/fixture/refuse/unknown-table", unknown_table, { "table “teachers”", NULL } },
  { "/fixture/refuse/unknown-column", unknown_column,
    { "pupils, row 2 (uuid " LUCJA ")", "“favourite_colour” is not a column", NULL } },
  { "/fixture/refuse/bad-date", bad_date,
    { "pupils, row 3 (uuid 40000000-0000-4000-8000-000000000003)",
      "birth date “2011-02-30” is not a date", NULL } },
  { "/fixture/refuse/dangling-reference", dangling_reference,
    { "cases, row 1 (uuid 50000000-0000-4000-8000-000000000001)", "pupil",
      "40000000-0000-4000-8000-000000000099", NULL } },
  { "/fixture/refuse/duplicate-uuid", duplicate_uuid,
    { "pupils, row 2 (uuid " SUKRU ")", "used already by row 1", NULL } },
  { "/fixture/refuse/wrong-type", wrong_type,
    { "bridge_locations, row 1", "“capacity” must be a whole number", NULL } },
  { "/fixture/refuse/missing-stamp", missing_stamp,
    { "schools, row 2", "“created_at” is missing", NULL } },
  { "/fixture/refuse/bad-choice", bad_choice, { "cases, row 4", "verdwenen", NULL } },
  { "/fixture/refuse/broken-rule", broken_rule, { "cases, row 3", "2026-05-01", NULL } },
  { "/fixture/refuse/circular-correction", circular_correction,
    { "log_entries, row", "refers to itself", NULL } },
  { "/fixture/refuse/row-not-object", row_not_object,
    { "consents, row 2", "must be a JSON object", NULL } },
};

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  const BadInput *bad = data;
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *input = g_build_filename (f->dir, "input.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  bad->change (json_node_get_object (json_parser_get_root (parser)));
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, input, &error);
  g_assert_no_error (error);
  assert_refused (f, input, bad->expected);
}

/* ---- The command-line tool ---- */

static void
run_cli (Fixture *f, const char *const *args, int expected_status, char **out)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *err = NULL;
  g_autofree char *ignored = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (g_getenv ("ROUTEBOEK_CLI"));
  g_strv_builder_add (builder, g_getenv ("ROUTEBOEK_CLI"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  /* The list of recent databases goes to the test's own folder. */
  env = g_environ_setenv (g_steal_pointer (&env), "ROUTEBOEK_DATA_DIR", data_dir, TRUE);
  /* English messages, and UTF-8 so that names and quotes are printed as they are. */
  env = g_environ_setenv (g_steal_pointer (&env), "LC_ALL", "C.UTF-8", TRUE);
  /* Standard output is always captured: it must not mix with the TAP output. */
  g_spawn_sync (f->dir, argv, env, G_SPAWN_DEFAULT, NULL, NULL, out != NULL ? out : &ignored, &err,
                &status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, &error))
    status = 0;
  else if (error->domain == G_SPAWN_EXIT_ERROR)
    status = error->code;
  if (status != expected_status)
    g_error ("routeboek-cli %s: exit status %d, not %d; stderr: %s", args[2], status,
             expected_status, err);
}

static void
test_cli_load_and_dump (Fixture *f, gconstpointer data)
{
  g_autofree char *path = rb_test_fixture_path ("small-swv.json");
  g_autofree char *out_path = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *original = NULL;
  g_autofree char *written = NULL;
  g_autofree char *out = NULL;
  const char *load[] = { "--db", f->target, "load", path, NULL };
  const char *dump_out[] = { "--db", f->target, "dump", "--out", out_path, NULL };
  const char *dump_stdout[] = { "--db", f->target, "dump", NULL };
  const char *again[] = { "--db", f->target, "load", path, NULL };

  g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
  run_cli (f, load, 0, &out);
  g_assert_nonnull (strstr (out, "SWV PO Drechtsteden (test)"));
  g_clear_pointer (&out, g_free);

  run_cli (f, dump_out, 0, NULL);
  g_assert_true (g_file_get_contents (out_path, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, original);
  run_cli (f, dump_stdout, 0, &out);
  g_assert_cmpstr (out, ==, original);

  /* Loading onto an existing database is refused. */
  run_cli (f, again, 1, NULL);
}

static void
test_cli_import_csv (Fixture *f, gconstpointer data)
{
  g_autofree char *csv = rb_test_fixture_path ("registration.csv");
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *out = NULL;
  const char *init[] = {
    "--db", f->target, "init", "--name", "SWV Test", "--type", "PO", "--region", "zuid", NULL
  };
  const char *good[] = { "--db", f->target, "import-csv", csv, NULL };
  const char *refused[] = { "--db", f->target, "import-csv", bad, NULL };

  run_cli (f, init, 0, NULL);
  /* A file with a bad row is still read: exit status 0, the problem printed. */
  run_cli (f, good, 0, &out);
  g_assert_nonnull (strstr (out, "Imported 3 pupils"));
  g_assert_nonnull (strstr (out, "Row 4: birth date “31-02-2012” does not exist"));
  g_assert_true (g_file_set_contents (bad, "naam;school\n", -1, NULL));
  run_cli (f, refused, 1, NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/fixture/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load-small", test_load_small);
  ADD ("non-ascii-names", test_non_ascii_names);
  ADD ("fixture-is-canonical", test_fixture_is_canonical);
  ADD ("round-trip", test_round_trip);
  ADD ("round-trip-generated", test_round_trip_generated);
  ADD ("loaded-database-is-usable", test_loaded_database_is_usable);
  ADD ("refuse/bad-json", test_bad_json);
  ADD ("refuse/existing-target", test_existing_target);
  ADD ("refuse/missing-folder", test_missing_folder);
  ADD ("cli-load-and-dump", test_cli_load_and_dump);
  ADD ("cli-import-csv", test_cli_import_csv);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    g_test_add (bad_inputs[i].path, Fixture, &bad_inputs[i], fixture_set_up, test_bad_input,
                fixture_tear_down);

  return g_test_run ();
}
