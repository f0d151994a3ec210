/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "rb-fixture.h"
#include "rb-store.h"
#include "rb-sync.h"
#include "rb-test-util.h"

/*
 * Property test of sharing by file (issue 7, acceptance): three replicas edit, delete,
 * add and resolve conflicts in a random order and exchange bundles in a random order,
 * old bundles included. After everyone has imported everyone's latest bundle, the three
 * databases dump identically and no logbook entry or absence was lost.
 *
 * Each scenario follows from its seed; a failure names it. ROUTEBOEK_SCENARIOS sets how
 * many run (500 by default), ROUTEBOEK_SCENARIO_SEED runs one.
 */

#define PASSPHRASE "geheim"
#define N_REPLICAS 3
#define N_STEPS 24

typedef struct
{
  RbDatabase *db;
  GPtrArray *bundles;  /* (element-type filename): what this replica exported, oldest first */
} Replica;

typedef struct
{
  char *dir;
  GRand *rand;
  gint64 clock;
  RbSyncOptions options;
  Replica replicas[N_REPLICAS];
  GHashTable *log_entries;  /* uuid → RbRecord as it was written */
  GPtrArray *absences;      /* (element-type utf8): uuids */
  guint n_files;
  guint seed;
} Scenario;

static const struct
{
  const char *table;
  const char *column;
} editable[] = {
  { "cases", "route" },
  { "cases", "regisseur_swv" },
  { "cases", "outcome" },
  { "pupils", "group_name" },
  { "agreements", "who" },
  { "agreements", "what" },
  { "meetings", "place" },
};

static void
fast (RbDatabase *db)
{
  g_autoptr(GError) error = NULL;

  /* Durability is not what this test is about; fsyncs would make it slow. */
  rb_database_exec (db, "PRAGMA synchronous = OFF", &error);
  g_assert_no_error (error);
}

static char *
export_from (Scenario *s, guint r)
{
  g_autofree char *name = g_strdup_printf ("%u-%u.routeboek", s->seed, s->n_files++);
  char *path = g_build_filename (s->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  rb_sync_export (s->replicas[r].db, path, PASSPHRASE, &s->options, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (s->replicas[r].bundles, g_strdup (path));
  return path;
}

static void
import_into (Scenario *s, guint r, const char *path)
{
  g_autoptr(GError) error = NULL;

  rb_sync_import (s->replicas[r].db, path, PASSPHRASE, NULL, NULL, &error);
  g_assert_no_error (error);
}

static RbRecord *
pick_live (Scenario *s, guint r, const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = rb_store_list (s->replicas[r].db, rb_schema_lookup_table (table),
                                             NULL, NULL, &error);

  g_assert_no_error (error);
  if (live->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (live, g_rand_int_range (s->rand, 0, (gint32) live->len)));
}

static void
save (RbDatabase *db, RbRecord *record)
{
  g_autoptr(GError) error = NULL;

  rb_store_save (db, record, &error);
  g_assert_no_error (error);
}

static void
step_edit (Scenario *s, guint r, guint step)
{
  guint which = (guint) g_rand_int_range (s->rand, 0, G_N_ELEMENTS (editable));
  g_autoptr(RbRecord) record = pick_live (s, r, editable[which].table);
  g_autofree char *value = NULL;

  if (record == NULL)
    return;
  /* Few values, so that two replicas sometimes make the same change. */
  value = g_strdup_printf ("%c%u", 'A' + r, g_rand_int_range (s->rand, 0, 3) + step % 2);
  rb_record_set_string (record, editable[which].column, value);
  save (s->replicas[r].db, record);
}

static void
step_delete (Scenario *s, guint r)
{
  const char *table = g_rand_boolean (s->rand) ? "agreements" : "participants";
  g_autoptr(RbRecord) record = pick_live (s, r, table);
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  rb_store_delete (s->replicas[r].db, record, &error);
  g_assert_no_error (error);
}

static void
step_add (Scenario *s, guint r)
{
  RbDatabase *db = s->replicas[r].db;
  g_autoptr(RbRecord) item = pick_live (s, r, "cases");
  g_autoptr(RbRecord) record = NULL;

  if (item == NULL)
    return;
  switch (g_rand_int_range (s->rand, 0, 3))
    {
    case 0:
      record = rb_test_save_new (db, "log_entries", "case_uuid", rb_record_get_uuid (item),
                                 "entry_date", "2026-09-21", "author", "Regisseur",
                                 "action", "Telefonisch contact met ouders", NULL);
      g_hash_table_insert (s->log_entries, g_strdup (rb_record_get_uuid (record)),
                           g_object_ref (record));
      break;
    case 1:
      record = rb_test_save_new (db, "absences", "pupil_uuid",
                                 rb_record_get_string (item, "pupil_uuid"), "absence_date",
                                 "2026-09-22", "kind", "SICK", "hours", "3", NULL);
      g_ptr_array_add (s->absences, g_strdup (rb_record_get_uuid (record)));
      break;
    default:
      record = rb_test_save_new (db, "agreements", "case_uuid", rb_record_get_uuid (item),
                                 "what", "Nieuwe afspraak", "who", "school", NULL);
    }
}

static void
step_resolve (Scenario *s, guint r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = rb_sync_list_conflicts (s->replicas[r].db, &error);
  RbConflict *conflict;

  g_assert_no_error (error);
  if (conflicts->len == 0)
    return;
  conflict = g_ptr_array_index (conflicts, g_rand_int_range (s->rand, 0, (gint32) conflicts->len));
  g_assert_cmpuint (conflict->choices->len, >=, 2);
  rb_sync_resolve (s->replicas[r].db, conflict->record_uuid, conflict->column,
                   (guint) g_rand_int_range (s->rand, 0, (gint32) conflict->choices->len), &error);
  g_assert_no_error (error);
}

static void
step_exchange (Scenario *s, guint r)
{
  guint to = (r + 1 + (guint) g_rand_int_range (s->rand, 0, N_REPLICAS - 1)) % N_REPLICAS;
  GPtrArray *old = s->replicas[r].bundles;

  /* Sometimes an old bundle arrives late. */
  if (old->len > 0 && g_rand_int_range (s->rand, 0, 4) == 0)
    import_into (s, to, g_ptr_array_index (old, g_rand_int_range (s->rand, 0, (gint32) old->len)));
  else
    {
      g_autofree char *path = export_from (s, r);
      import_into (s, to, path);
    }
}

static void
set_up (Scenario *s, guint seed, const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = NULL;
  g_autofree char *first = NULL;
  RbDatabase *a;
  RbRecord *pupils[2], *cases[2];

  memset (s, 0, sizeof *s);
  s->seed = seed;
  s->dir = g_strdup (dir);
  s->rand = g_rand_new_with_seed (seed);
  s->log_entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  s->absences = g_ptr_array_new_with_free_func (g_free);
  rb_test_quick_sync_options (&s->options);
  for (guint r = 0; r < N_REPLICAS; r++)
    s->replicas[r].bundles = g_ptr_array_new_with_free_func (g_free);

  a_path = g_strdup_printf ("%u-a.db", seed);
  a = s->replicas[0].db = rb_test_new_database (dir, a_path);
  fast (a);
  rb_database_set_clock (a, rb_test_ticking_clock, &s->clock);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RbRecord) meeting = NULL;
      g_autoptr(RbRecord) participant = NULL;
      g_autoptr(RbRecord) agreement = NULL;

      pupils[i] = rb_test_save_new (a, "pupils", "first_name", i ? "Elif" : "Bram", "last_name",
                                    "Visser", "birth_date", "2012-02-02", "enrolled", "ja", NULL);
      cases[i] = rb_test_save_new (a, "cases", "pupil_uuid", rb_record_get_uuid (pupils[i]),
                                   "status", "dreigend", "opened_on", "2026-09-01", NULL);
      meeting = rb_test_save_new (a, "meetings", "case_uuid", rb_record_get_uuid (cases[i]),
                                  "kind", "mdo", "meeting_date", "2026-09-10", NULL);
      participant = rb_test_save_new (a, "participants", "meeting_uuid",
                                      rb_record_get_uuid (meeting), "name", "IB-er",
                                      "present", "ja", NULL);
      agreement = rb_test_save_new (a, "agreements", "case_uuid", rb_record_get_uuid (cases[i]),
                                    "what", "Opbouwrooster", NULL);
      g_object_unref (pupils[i]);
      g_object_unref (cases[i]);
    }

  first = export_from (s, 0);
  for (guint r = 1; r < N_REPLICAS; r++)
    {
      g_autofree char *name = g_strdup_printf ("%u-%c.db", seed, 'a' + r);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      s->replicas[r].db = rb_sync_import_new (path, first, PASSPHRASE, NULL, NULL, &error);
      g_assert_no_error (error);
      fast (s->replicas[r].db);
      rb_database_set_clock (s->replicas[r].db, rb_test_ticking_clock, &s->clock);
    }
}

static void
tear_down (Scenario *s)
{
  for (guint r = 0; r < N_REPLICAS; r++)
    {
      g_autofree char *path = g_strdup (rb_database_get_path (s->replicas[r].db));
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_object_unref (s->replicas[r].db);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      for (guint b = 0; b < s->replicas[r].bundles->len; b++)
        g_unlink (g_ptr_array_index (s->replicas[r].bundles, b));
      g_ptr_array_unref (s->replicas[r].bundles);
    }
  g_hash_table_unref (s->log_entries);
  g_ptr_array_unref (s->absences);
  g_rand_free (s->rand);
  g_free (s->dir);
}

static void
assert_nothing_lost (Scenario *s, RbDatabase *db)
{
  GHashTableIter iter;
  gpointer uuid, written;

  g_hash_table_iter_init (&iter, s->log_entries);
  while (g_hash_table_iter_next (&iter, &uuid, &written))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RbRecord) found = rb_store_get (db, rb_schema_lookup_table ("log_entries"), uuid,
                                                &error);

      g_assert_no_error (error);
      g_assert_false (rb_record_get_deleted (found));
      g_assert_true (rb_record_equal_values (found, written));
    }
  for (guint i = 0; i < s->absences->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RbRecord) found = rb_store_get (db, rb_schema_lookup_table ("absences"),
                                                g_ptr_array_index (s->absences, i), &error);

      g_assert_no_error (error);
      g_assert_false (rb_record_get_deleted (found));
    }
}

static guint
count_conflicts (RbDatabase *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = rb_sync_list_conflicts (db, &error);

  g_assert_no_error (error);
  return conflicts->len;
}

static void
run_scenario (guint seed, const char *dir, guint *n_conflicts)
{
  Scenario s;
  char *latest[N_REPLICAS];
  g_autofree char *dump = NULL;

  set_up (&s, seed, dir);
  for (guint step = 0; step < N_STEPS; step++)
    {
      guint r = (guint) g_rand_int_range (s.rand, 0, N_REPLICAS);

      switch (g_rand_int_range (s.rand, 0, 10))
        {
        case 0: case 1: case 2:
          step_edit (&s, r, step);
          break;
        case 3:
          step_delete (&s, r);
          break;
        case 4: case 5:
          step_add (&s, r);
          break;
        case 6:
          step_resolve (&s, r);
          break;
        default:
          step_exchange (&s, r);
        }
    }

  /* Everyone's latest bundle, then everyone imports the others'. */
  for (guint r = 0; r < N_REPLICAS; r++)
    latest[r] = export_from (&s, r);
  for (guint r = 0; r < N_REPLICAS; r++)
    for (guint o = 0; o < N_REPLICAS; o++)
      if (o != r)
        import_into (&s, r, latest[o]);

  dump = rb_fixture_dump_to_data (s.replicas[0].db, NULL, NULL);
  for (guint r = 1; r < N_REPLICAS; r++)
    {
      g_autofree char *other = rb_fixture_dump_to_data (s.replicas[r].db, NULL, NULL);

      if (g_strcmp0 (dump, other) != 0)
        g_test_message ("scenario %u: replica %c differs from replica a", seed, 'a' + r);
      g_assert_cmpstr (dump, ==, other);
      g_assert_cmpuint (count_conflicts (s.replicas[r].db), ==, count_conflicts (s.replicas[0].db));
    }
  for (guint r = 0; r < N_REPLICAS; r++)
    {
      assert_nothing_lost (&s, s.replicas[r].db);
      g_free (latest[r]);
    }
  *n_conflicts += count_conflicts (s.replicas[0].db);
  tear_down (&s);
}

static void
test_three_replicas (void)
{
  const char *count = g_getenv ("ROUTEBOEK_SCENARIOS");
  const char *one = g_getenv ("ROUTEBOEK_SCENARIO_SEED");
  guint n = count != NULL ? (guint) g_ascii_strtoull (count, NULL, 10) : 500;
  guint first = one != NULL ? (guint) g_ascii_strtoull (one, NULL, 10) : 1;
  g_autofree char *dir = rb_test_make_dir ();
  guint n_conflicts = 0;

  if (one != NULL)
    n = 1;
  for (guint seed = first; seed < first + n; seed++)
    {
      g_test_message ("scenario %u", seed);
      run_scenario (seed, dir, &n_conflicts);
    }
  /* The scenarios must really produce conflicts, or they test little. */
  g_test_message ("%u scenarios, %u conflicts left open at the end", n, n_conflicts);
  if (one == NULL)
    g_assert_cmpuint (n_conflicts, >, n / 10);
  rb_test_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* Many small databases: a memory file system keeps the run short where there is one. */
  if (g_getenv ("TMPDIR") == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR)
      && g_access ("/dev/shm", W_OK) == 0)
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_add_func ("/convergence/three-replicas", test_three_replicas);
  return g_test_run ();
}
