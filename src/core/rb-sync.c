/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rb-error.h"
#include "rb-record.h"
#include "rb-schema.h"
#include "rb-store.h"
#include "rb-sync.h"

/*
 * Sharing by file: the merge (docs/bundle-format.md explains the model).
 *
 * Every field of every record is a small set of versions. A version is a value with the
 * "dot" that made it: (replica, counter, stamp). Each database knows, per replica, the
 * highest counter it has seen (its knowledge vector). Merging two states keeps a version
 * that both have, or that one has and the other has not seen yet; a version the other
 * side has seen but no longer holds was overwritten there and is dropped. This merge is
 * commutative, associative and idempotent, so replicas that import each other's bundles
 * in any order end in the same state. A field left with two different values is a
 * conflict: the displayed value is the newest, the user picks one later.
 *
 * The store does not know about versions: local changes are found by comparing the rows
 * with the shadow state kept in sync_records, at every export, import and resolve.
 */

#define STAMP_LENGTH 27  /* 2026-09-14T10:00:00.000000Z */
#define PAYLOAD_VERSION 1
#define PROGRESS_STEP 4096

/* ---- Dots, values, versions ---- */

typedef struct
{
  const char *replica;  /* interned */
  guint64 counter;      /* 0: a record that existed before it was first shared */
  gint64 stamp;         /* microseconds since 1970, UTC */
} Dot;

typedef enum
{
  VALUE_NULL,
  VALUE_INT,
  VALUE_REAL,
  VALUE_TEXT,
} ValueType;

typedef struct
{
  ValueType type;
  gint64 i;
  double d;
  char *s;
} Value;

typedef struct
{
  Dot dot;
  Value value;
  GArray *seen;  /* (element-type Dot) (nullable): what a deletion's author had seen */
} Version;

typedef struct
{
  const RbTable *table;
  char *uuid;
  char *created_at;
  GArray **fields;  /* n_columns + 1 arrays of Version; the last is "deleted" */
} SyncRecord;

static guint
n_fields (const RbTable *table)
{
  return table->n_columns + 1;
}

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->s, g_free);
  value->type = VALUE_NULL;
}

static void
value_copy (Value *to, const Value *from)
{
  *to = *from;
  to->s = g_strdup (from->s);
}

static int
value_compare (const Value *a, const Value *b)
{
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  switch (a->type)
    {
    case VALUE_INT:
      return a->i < b->i ? -1 : a->i > b->i;
    case VALUE_REAL:
      return a->d < b->d ? -1 : a->d > b->d;
    case VALUE_TEXT:
      return strcmp (a->s, b->s);
    default:
      return 0;
    }
}

static void
version_clear (gpointer data)
{
  Version *version = data;

  value_clear (&version->value);
  g_clear_pointer (&version->seen, g_array_unref);
}

static GArray *
versions_new (void)
{
  GArray *versions = g_array_new (FALSE, TRUE, sizeof (Version));

  g_array_set_clear_func (versions, version_clear);
  return versions;
}

static void
versions_add (GArray *versions, const Version *version)
{
  Version copy = { version->dot, { 0 }, NULL };

  value_copy (&copy.value, &version->value);
  if (version->seen != NULL)
    copy.seen = g_array_copy (version->seen);
  g_array_append_val (versions, copy);
}

static gboolean
dot_equal (const Dot *a, const Dot *b)
{
  return a->replica == b->replica && a->counter == b->counter && a->stamp == b->stamp;
}

/* The order that decides which version is shown: newest stamp, then replica, counter. */
static int
dot_compare (const Dot *a, const Dot *b)
{
  int cmp;

  if (a->stamp != b->stamp)
    return a->stamp < b->stamp ? -1 : 1;
  if (a->replica != b->replica && (cmp = strcmp (a->replica, b->replica)) != 0)
    return cmp;
  return a->counter < b->counter ? -1 : a->counter > b->counter;
}

static int
version_compare (gconstpointer a, gconstpointer b)
{
  return dot_compare (&((const Version *) a)->dot, &((const Version *) b)->dot);
}

static const Version *
versions_find (GArray *versions, const Dot *dot)
{
  for (guint i = 0; i < versions->len; i++)
    if (dot_equal (&g_array_index (versions, Version, i).dot, dot))
      return &g_array_index (versions, Version, i);
  return NULL;
}

/* Versions are kept sorted, so the last one is the value shown. */
static const Version *
versions_winner (GArray *versions)
{
  return &g_array_index (versions, Version, versions->len - 1);
}

static gboolean
versions_disagree (GArray *versions)
{
  for (guint i = 1; i < versions->len; i++)
    if (value_compare (&g_array_index (versions, Version, 0).value,
                       &g_array_index (versions, Version, i).value) != 0)
      return TRUE;
  return FALSE;
}

static SyncRecord *
sync_record_new (const RbTable *table)
{
  SyncRecord *record = g_new0 (SyncRecord, 1);

  record->table = table;
  record->fields = g_new0 (GArray *, n_fields (table));
  for (guint f = 0; f < n_fields (table); f++)
    record->fields[f] = versions_new ();
  return record;
}

static void
sync_record_free (SyncRecord *record)
{
  if (record == NULL)
    return;
  for (guint f = 0; f < n_fields (record->table); f++)
    g_array_unref (record->fields[f]);
  g_free (record->fields);
  g_free (record->uuid);
  g_free (record->created_at);
  g_free (record);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncRecord, sync_record_free)

static GArray *
deleted_field (SyncRecord *record)
{
  return record->fields[record->table->n_columns];
}

/* Every dot the record holds, in one list: what a deletion's author has seen. */
static GArray *
sync_record_dots (SyncRecord *record)
{
  GArray *dots = g_array_new (FALSE, FALSE, sizeof (Dot));

  for (guint f = 0; f < n_fields (record->table); f++)
    for (guint v = 0; v < record->fields[f]->len; v++)
      {
        Version *version = &g_array_index (record->fields[f], Version, v);
        gboolean known = FALSE;

        for (guint d = 0; d < dots->len && !known; d++)
          known = dot_equal (&g_array_index (dots, Dot, d), &version->dot);
        if (!known)
          g_array_append_val (dots, version->dot);
      }
  return dots;
}

static gboolean
dots_contain (GArray *dots, const Dot *dot)
{
  for (guint i = 0; dots != NULL && i < dots->len; i++)
    if (dot_equal (&g_array_index (dots, Dot, i), dot))
      return TRUE;
  return FALSE;
}

/* The newest edit made without knowing of @deletion, or %NULL. */
static const Version *
concurrent_edit (SyncRecord *record, const Version *deletion)
{
  const Version *newest = NULL;

  for (guint f = 0; f < record->table->n_columns; f++)
    for (guint v = 0; v < record->fields[f]->len; v++)
      {
        const Version *version = &g_array_index (record->fields[f], Version, v);

        if (!dot_equal (&version->dot, &deletion->dot) && !dots_contain (deletion->seen, &version->dot)
            && (newest == NULL || dot_compare (&version->dot, &newest->dot) > 0))
          newest = version;
      }
  return newest;
}

/*
 * Whether the record is deleted. A deletion wins over the versions its author had seen;
 * an edit made elsewhere without knowing of the deletion keeps the record when it is
 * newer, and either way makes a conflict for the user.
 */
static gboolean
sync_record_is_deleted (SyncRecord *record, gboolean *conflict)
{
  GArray *deleted = deleted_field (record);
  const Version *winner = versions_winner (deleted);
  gboolean is_deleted = winner->value.i != 0;

  *conflict = versions_disagree (deleted);
  for (guint v = 0; v < deleted->len; v++)
    {
      const Version *version = &g_array_index (deleted, Version, v);
      const Version *edit;

      if (version->value.i == 0 || (edit = concurrent_edit (record, version)) == NULL)
        continue;
      *conflict = TRUE;
      if (version == winner && dot_compare (&edit->dot, &winner->dot) > 0)
        is_deleted = FALSE;
    }
  return is_deleted;
}

static const Dot *
sync_record_newest (SyncRecord *record)
{
  const Dot *newest = NULL;

  for (guint f = 0; f < n_fields (record->table); f++)
    {
      const Dot *dot = &versions_winner (record->fields[f])->dot;

      if (newest == NULL || dot_compare (dot, newest) > 0)
        newest = dot;
    }
  return newest;
}

/* ---- Stamps ---- */

static gint64
days_from_civil (gint64 y, guint m, guint d)
{
  gint64 era;
  guint yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (guint) (y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (gint64) doe - 719468;
}

/* Parses the store's fixed stamp format; anything else goes through GDateTime. */
static gboolean
stamp_parse (const char *text, gint64 *stamp)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  g_autoptr(GDateTime) parsed = NULL;
  guint digits[20], n = 0;

  if (text != NULL && strlen (text) == STAMP_LENGTH)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < STAMP_LENGTH && ok; i++)
        {
          if (pattern[i] == 'd')
            ok = g_ascii_isdigit (text[i]) && ((digits[n++] = (guint) (text[i] - '0')), TRUE);
          else
            ok = text[i] == pattern[i];
        }
      if (ok)
        {
          guint year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
          guint month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7];
          guint hour = digits[8] * 10 + digits[9], minute = digits[10] * 10 + digits[11];
          guint second = digits[12] * 10 + digits[13];
          gint64 micro = 0;

          for (guint i = 14; i < 20; i++)
            micro = micro * 10 + digits[i];
          if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour < 24 && minute < 60
              && second < 60)
            {
              *stamp = ((days_from_civil (year, month, day) * 24 + hour) * 60 + minute) * 60
                       * G_USEC_PER_SEC + second * G_USEC_PER_SEC + micro;
              return TRUE;
            }
        }
    }
  if (text == NULL || (parsed = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return FALSE;
  *stamp = g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed);
  return TRUE;
}

static char *
stamp_format (gint64 stamp)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (stamp / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = NULL;

  if (time == NULL)
    return g_strdup ("1970-01-01T00:00:00.000000Z");
  exact = g_date_time_add (time, stamp % G_USEC_PER_SEC);
  return g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* ---- Encoding: varints, values, records ---- */

static void
put_varint (GByteArray *out, guint64 value)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      bytes[n] = (guint8) (value & 0x7f);
      value >>= 7;
      if (value != 0)
        bytes[n] |= 0x80;
      n++;
    }
  while (value != 0);
  g_byte_array_append (out, bytes, n);
}

static void
put_text (GByteArray *out, const char *text)
{
  gsize length = strlen (text);

  put_varint (out, length);
  g_byte_array_append (out, (const guint8 *) text, (guint) length);
}

static void
put_value (GByteArray *out, const Value *value)
{
  guint8 type = (guint8) value->type;
  guint64 bits;

  g_byte_array_append (out, &type, 1);
  switch (value->type)
    {
    case VALUE_INT:
      put_varint (out, ((guint64) value->i << 1) ^ (guint64) (value->i >> 63));
      break;
    case VALUE_REAL:
      memcpy (&bits, &value->d, sizeof bits);
      put_varint (out, bits);
      break;
    case VALUE_TEXT:
      put_text (out, value->s);
      break;
    default:
      break;
    }
}

typedef struct
{
  const guint8 *data;
  gsize length;
  gsize pos;
  gboolean failed;
} Reader;

static guint64
read_varint (Reader *r)
{
  guint64 value = 0;

  for (guint shift = 0; shift < 64 && !r->failed; shift += 7)
    {
      guint8 byte;

      if (r->pos >= r->length)
        break;
      byte = r->data[r->pos++];
      value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return value;
    }
  r->failed = TRUE;
  return 0;
}

/* A count of items that each take at least one byte: never more than the bytes left. */
static guint64
read_count (Reader *r)
{
  guint64 count = read_varint (r);

  if (count > r->length - r->pos)
    r->failed = TRUE;
  return r->failed ? 0 : count;
}

static char *
read_text (Reader *r)
{
  guint64 length = read_count (r);
  const char *start = (const char *) r->data + r->pos;

  if (r->failed || !g_utf8_validate (start, (gssize) length, NULL)
      || memchr (start, '\0', length) != NULL)
    {
      r->failed = TRUE;
      return NULL;
    }
  r->pos += length;
  return g_strndup (start, length);
}

static void
read_value (Reader *r, Value *value)
{
  guint64 bits;

  value->type = r->pos < r->length ? r->data[r->pos++] : (r->failed = TRUE, VALUE_NULL);
  switch (value->type)
    {
    case VALUE_NULL:
      break;
    case VALUE_INT:
      bits = read_varint (r);
      value->i = (gint64) (bits >> 1) ^ -(gint64) (bits & 1);
      break;
    case VALUE_REAL:
      bits = read_varint (r);
      memcpy (&value->d, &bits, sizeof bits);
      break;
    case VALUE_TEXT:
      value->s = read_text (r);
      break;
    default:
      value->type = VALUE_NULL;
      r->failed = TRUE;
    }
}

/* Maps replicas to the small numbers a state refers to them by. */
typedef guint (*ReplicaIndexFunc) (gpointer owner, const char *replica);

static guint
dot_index (GArray *dots, const Dot *dot)
{
  for (guint i = 0; i < dots->len; i++)
    if (dot_equal (&g_array_index (dots, Dot, i), dot))
      return i;
  g_array_append_val (dots, *dot);
  return dots->len - 1;
}

/*
 * A record's state: uuid, created_at, its dots, then per field the versions as (dot
 * number, value), deletions with the dots their author had seen. Versions are sorted, so
 * one state always gives the same bytes.
 */
static void
encode_record (SyncRecord *record, ReplicaIndexFunc index_of, gpointer owner, GByteArray *out)
{
  g_autoptr(GArray) dots = sync_record_dots (record);
  g_autoptr(GByteArray) body = g_byte_array_new ();

  for (guint f = 0; f < n_fields (record->table); f++)
    {
      GArray *versions = record->fields[f];

      put_varint (body, versions->len);
      for (guint v = 0; v < versions->len; v++)
        {
          Version *version = &g_array_index (versions, Version, v);

          put_varint (body, dot_index (dots, &version->dot));
          put_value (body, &version->value);
          if (f == record->table->n_columns)
            {
              guint n_seen = version->seen != NULL ? version->seen->len : 0;

              put_varint (body, n_seen);
              for (guint s = 0; s < n_seen; s++)
                put_varint (body, dot_index (dots, &g_array_index (version->seen, Dot, s)));
            }
        }
    }
  put_text (out, record->uuid);
  put_text (out, record->created_at);
  put_varint (out, dots->len);
  for (guint d = 0; d < dots->len; d++)
    {
      Dot *dot = &g_array_index (dots, Dot, d);

      put_varint (out, index_of (owner, dot->replica));
      put_varint (out, dot->counter);
      put_varint (out, ((guint64) dot->stamp << 1) ^ (guint64) (dot->stamp >> 63));
    }
  g_byte_array_append (out, body->data, body->len);
}

static gboolean
value_fits (const Value *value, const RbColumn *col)
{
  switch (value->type)
    {
    case VALUE_NULL:
      return TRUE;
    case VALUE_INT:
      return col->type == RB_COLUMN_INT || col->type == RB_COLUMN_BOOL;
    case VALUE_REAL:
      return col->type == RB_COLUMN_REAL;
    default:
      return col->type != RB_COLUMN_INT && col->type != RB_COLUMN_BOOL
             && col->type != RB_COLUMN_REAL;
    }
}

static int
dot_compare_func (gconstpointer a, gconstpointer b)
{
  return dot_compare (a, b);
}

/* Reads one record and checks that it is well formed; @replicas maps numbers to replicas. */
static SyncRecord *
decode_record (Reader *r, const RbTable *table, GPtrArray *replicas)
{
  g_autoptr(SyncRecord) record = sync_record_new (table);
  g_autoptr(GArray) dots = g_array_new (FALSE, FALSE, sizeof (Dot));
  guint64 n_dots;

  record->uuid = read_text (r);
  record->created_at = read_text (r);
  n_dots = read_count (r);
  for (guint64 d = 0; d < n_dots && !r->failed; d++)
    {
      guint64 replica = read_varint (r);
      Dot dot = { NULL, 0, 0 };
      guint64 bits;

      dot.counter = read_varint (r);
      bits = read_varint (r);
      dot.stamp = (gint64) (bits >> 1) ^ -(gint64) (bits & 1);
      if (replica >= replicas->len)
        r->failed = TRUE;
      else
        dot.replica = g_ptr_array_index (replicas, replica);
      g_array_append_val (dots, dot);
    }
  for (guint f = 0; f < n_fields (table) && !r->failed; f++)
    {
      guint64 n_versions = read_count (r);

      if (n_versions == 0)
        r->failed = TRUE;
      for (guint64 v = 0; v < n_versions && !r->failed; v++)
        {
          guint64 index = read_varint (r);
          Version version = { { 0 }, { 0 }, NULL };

          read_value (r, &version.value);
          if (index >= dots->len || versions_find (record->fields[f], &g_array_index (dots, Dot, index)) != NULL)
            r->failed = TRUE;
          else
            version.dot = g_array_index (dots, Dot, index);
          if (f == table->n_columns)
            {
              guint64 n_seen = read_count (r);

              if (version.value.type != VALUE_INT || (version.value.i != 0 && version.value.i != 1))
                r->failed = TRUE;
              version.seen = g_array_new (FALSE, FALSE, sizeof (Dot));
              for (guint64 s = 0; s < n_seen && !r->failed; s++)
                {
                  guint64 seen = read_varint (r);

                  if (seen >= dots->len)
                    r->failed = TRUE;
                  else
                    g_array_append_val (version.seen, g_array_index (dots, Dot, seen));
                }
              if (!r->failed)
                g_array_sort (version.seen, dot_compare_func);
            }
          else if (!value_fits (&version.value, &table->columns[f]))
            r->failed = TRUE;
          /* Kept even when broken, so that its strings are freed with the record. */
          g_array_append_val (record->fields[f], version);
        }
      if (!r->failed)
        g_array_sort (record->fields[f], version_compare);
    }
  if (r->failed || !g_uuid_string_is_valid (record->uuid))
    {
      r->failed = TRUE;
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* ---- The state of one database ---- */

typedef struct
{
  RbDatabase *db;
  const char *own;      /* interned replica of this database */
  GPtrArray *by_id;     /* local replica number → interned replica */
  GHashTable *ids;      /* interned replica → number + 1 */
  GArray *counters;     /* (element-type gint64) local number → highest counter seen, -1: none */
  GHashTable *upserts;  /* RbTable → its upsert statement (owned by the database) */
} Sync;

static void
sync_free (Sync *sync)
{
  g_ptr_array_unref (sync->by_id);
  g_hash_table_unref (sync->ids);
  g_array_unref (sync->counters);
  g_hash_table_unref (sync->upserts);
  g_free (sync);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sync, sync_free)

static guint
sync_replica_id (gpointer owner, const char *replica)
{
  Sync *sync = owner;
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (sync->ids, replica));
  gint64 none = -1;

  if (id > 0)
    return id - 1;
  g_ptr_array_add (sync->by_id, (gpointer) replica);
  g_array_append_val (sync->counters, none);
  g_hash_table_insert (sync->ids, (gpointer) replica, GUINT_TO_POINTER (sync->by_id->len));
  return sync->by_id->len - 1;
}

static gint64 *
sync_counter (Sync *sync, const char *replica)
{
  /* First the number: adding a replica may move the array. */
  guint id = sync_replica_id (sync, replica);

  return &g_array_index (sync->counters, gint64, id);
}

static gboolean
sync_covers (Sync *sync, const Dot *dot)
{
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (sync->ids, dot->replica));

  return id > 0 && g_array_index (sync->counters, gint64, id - 1) >= (gint64) dot->counter;
}

static void
sync_learn (Sync *sync, const char *replica, gint64 counter)
{
  gint64 *known = sync_counter (sync, replica);

  *known = MAX (*known, counter);
}

static Sync *
sync_load (RbDatabase *db, GError **error)
{
  g_autoptr(Sync) sync = g_new0 (Sync, 1);
  sqlite3_stmt *stmt;
  int rc;

  sync->db = db;
  sync->by_id = g_ptr_array_new ();
  sync->ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  sync->counters = g_array_new (FALSE, FALSE, sizeof (gint64));
  sync->upserts = g_hash_table_new (g_direct_hash, g_direct_equal);
  sync->own = g_intern_string (rb_database_get_replica (db));

  stmt = rb_database_prepare (db, "SELECT id, replica, counter FROM sync_replicas ORDER BY id",
                              error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *replica = g_intern_string ((const char *) sqlite3_column_text (stmt, 1));

      /* Numbers are handed out from 0 in order, so they come back the same. */
      if (sqlite3_column_int64 (stmt, 0) != sync->by_id->len)
        {
          sqlite3_reset (stmt);
          g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                       _("The sharing state of this database is damaged"));
          return NULL;
        }
      *sync_counter (sync, replica) = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return NULL;
    }
  sync_replica_id (sync, sync->own);
  return g_steal_pointer (&sync);
}

static gboolean
sync_save_knowledge (Sync *sync, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (sync->db,
      "INSERT INTO sync_replicas (id, replica, counter) VALUES (?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET counter = excluded.counter", error);

  if (stmt == NULL)
    return FALSE;
  for (guint id = 0; id < sync->by_id->len; id++)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (sync->by_id, id), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, g_array_index (sync->counters, gint64, id));
      if (!rb_database_step_done (sync->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static Dot
sync_new_dot (Sync *sync, gint64 stamp)
{
  gint64 *counter = sync_counter (sync, sync->own);
  Dot dot = { sync->own, (guint64) MAX (*counter + 1, 1), stamp };

  *counter = (gint64) dot.counter;
  return dot;
}

static GPtrArray *
sync_replica_list (Sync *sync)
{
  return sync->by_id;
}

/* ---- Rows of the record tables ---- */

static void
append_column_list (GString *out, const RbTable *table, const char *prefix)
{
  g_string_append_printf (out, "%suuid, %screated_at, %smodified_at, %sreplica, %sdeleted", prefix,
                          prefix, prefix, prefix, prefix);
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (out, ", %s%s", prefix, table->columns[c].name);
}

static void
read_column_value (sqlite3_stmt *stmt, int index, const RbColumn *col, Value *value)
{
  value->s = NULL;
  if (sqlite3_column_type (stmt, index) == SQLITE_NULL)
    value->type = VALUE_NULL;
  else if (col->type == RB_COLUMN_INT || col->type == RB_COLUMN_BOOL)
    {
      value->type = VALUE_INT;
      value->i = sqlite3_column_int64 (stmt, index);
    }
  else if (col->type == RB_COLUMN_REAL)
    {
      value->type = VALUE_REAL;
      value->d = sqlite3_column_double (stmt, index);
    }
  else
    {
      value->type = VALUE_TEXT;
      value->s = g_strdup ((const char *) sqlite3_column_text (stmt, index));
    }
}

static void
bind_value (sqlite3_stmt *stmt, int index, const Value *value)
{
  switch (value->type)
    {
    case VALUE_INT:
      sqlite3_bind_int64 (stmt, index, value->i);
      break;
    case VALUE_REAL:
      sqlite3_bind_double (stmt, index, value->d);
      break;
    case VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->s, -1, SQLITE_STATIC);
      break;
    default:
      sqlite3_bind_null (stmt, index);
    }
}

/* What a record's versions show: the row as the table holds it. */
typedef struct
{
  Value *values;  /* (array length=n_columns): the winners; their strings belong to the record */
  gboolean deleted;
  gboolean conflict;
  char *modified_at;
  const char *replica;
} Shown;

static void
shown_clear (Shown *shown)
{
  g_clear_pointer (&shown->values, g_free);
  g_clear_pointer (&shown->modified_at, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shown, shown_clear)

static void
sync_record_show (SyncRecord *record, Shown *shown)
{
  Value *values = g_new (Value, record->table->n_columns);
  const Dot *newest = sync_record_newest (record);
  gboolean deleted_conflict;

  for (guint c = 0; c < record->table->n_columns; c++)
    values[c] = versions_winner (record->fields[c])->value;
  shown->values = values;
  shown->deleted = sync_record_is_deleted (record, &deleted_conflict);
  shown->conflict = deleted_conflict;
  for (guint c = 0; c < record->table->n_columns && !shown->conflict; c++)
    shown->conflict = versions_disagree (record->fields[c]);
  shown->modified_at = stamp_format (newest->stamp);
  shown->replica = newest->replica;
}

static gboolean
shown_equal (const RbTable *table, const Shown *a, const Shown *b)
{
  if (a->deleted != b->deleted || g_strcmp0 (a->modified_at, b->modified_at) != 0
      || a->replica != b->replica)
    return FALSE;
  for (guint c = 0; c < table->n_columns; c++)
    if (value_compare (&a->values[c], &b->values[c]) != 0)
      return FALSE;
  return TRUE;
}

/* The store's own checks, so a merge never writes what the app would refuse. */
static gboolean
validate_shown (SyncRecord *record, const Shown *shown, GError **error)
{
  g_autoptr(RbRecord) check = rb_record_new_with_uuid (record->table, record->uuid);
  g_autoptr(GError) local_error = NULL;

  for (guint c = 0; c < record->table->n_columns; c++)
    {
      const RbColumn *col = &record->table->columns[c];
      const Value *value = &shown->values[c];

      if (value->type == VALUE_INT && col->type == RB_COLUMN_BOOL)
        rb_record_set_boolean (check, col->name, value->i != 0);
      else if (value->type == VALUE_INT)
        rb_record_set_int (check, col->name, value->i);
      else if (value->type == VALUE_REAL)
        rb_record_set_double (check, col->name, value->d);
      else if (value->type == VALUE_TEXT)
        rb_record_set_string (check, col->name, value->s);
    }
  if (rb_record_validate (check, &local_error))
    return TRUE;
  g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
               _("Merging would give %s %s a value the app refuses (%s). Nothing was imported; "
                 "correct the record on one side and exchange again."),
               _(record->table->label), record->uuid, local_error->message);
  return FALSE;
}

/* Looked up once per table and operation: hashing the long SQL text per row would cost
 * more than the insert. */
static sqlite3_stmt *
upsert_statement (Sync *sync, const RbTable *table, GError **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt = g_hash_table_lookup (sync->upserts, table);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  sql = g_string_new ("INSERT INTO ");
  g_string_append_printf (sql, "%s (", table->name);
  append_column_list (sql, table, "");
  g_string_append (sql, ") VALUES (?, ?, ?, ?, ?");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") ON CONFLICT (uuid) DO UPDATE SET created_at = excluded.created_at, "
                        "modified_at = excluded.modified_at, replica = excluded.replica, "
                        "deleted = excluded.deleted");
  for (guint c = 0; c < table->n_columns; c++)
    g_string_append_printf (sql, ", %s = excluded.%s", table->columns[c].name,
                            table->columns[c].name);
  if ((stmt = rb_database_prepare (sync->db, sql->str, error)) != NULL)
    g_hash_table_insert (sync->upserts, (gpointer) table, stmt);
  return stmt;
}

static gboolean
write_row (Sync *sync, SyncRecord *record, const Shown *shown, GError **error)
{
  const RbTable *table = record->table;
  sqlite3_stmt *stmt = upsert_statement (sync, table, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record->created_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, shown->modified_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, shown->replica, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, shown->deleted);
  for (guint c = 0; c < table->n_columns; c++)
    bind_value (stmt, 6 + (int) c, &shown->values[c]);
  return rb_database_step_done (sync->db, stmt, error);
}

/* Writes a record's state and the conflicts it holds; @had_conflict says whether the
 * record may have some listed already. */
static gboolean
write_state (Sync *sync, SyncRecord *record, GBytes *state, const Shown *shown,
             gboolean had_conflict, GError **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt = rb_database_prepare (sync->db,
      "INSERT INTO sync_records (table_name, uuid, row_modified_at, row_replica, row_deleted, "
      "state) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, uuid) DO UPDATE SET "
      "row_modified_at = excluded.row_modified_at, row_replica = excluded.row_replica, "
      "row_deleted = excluded.row_deleted, state = excluded.state", error);
  gsize size;
  gconstpointer data = g_bytes_get_data (state, &size);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record->uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, shown->modified_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, shown->replica, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, shown->deleted);
  sqlite3_bind_blob (stmt, 6, data, (int) size, SQLITE_STATIC);
  if (!rb_database_step_done (sync->db, stmt, error))
    return FALSE;
  if (!had_conflict && !shown->conflict)
    return TRUE;

  stmt = rb_database_prepare (sync->db, "DELETE FROM conflicts WHERE record_uuid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
  if (!rb_database_step_done (sync->db, stmt, error))
    return FALSE;
  if (!shown->conflict)
    return TRUE;

  now = rb_database_dup_timestamp (sync->db);
  stmt = rb_database_prepare (sync->db,
      "INSERT INTO conflicts (record_uuid, table_name, column_name, detected_at) "
      "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint f = 0; f < n_fields (record->table); f++)
    {
      gboolean conflict;

      if (f == record->table->n_columns)
        sync_record_is_deleted (record, &conflict);
      else
        conflict = versions_disagree (record->fields[f]);
      if (!conflict)
        continue;
      sqlite3_bind_text (stmt, 1, record->uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, record->table->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, f == record->table->n_columns ? RB_SYNC_DELETED_FIELD
                                                              : record->table->columns[f].name,
                         -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
      if (!rb_database_step_done (sync->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
encode_local (Sync *sync, SyncRecord *record)
{
  GByteArray *out = g_byte_array_new ();

  encode_record (record, sync_replica_id, sync, out);
  return g_byte_array_free_to_bytes (out);
}

static SyncRecord *
decode_local (Sync *sync, const RbTable *table, const void *data, gsize size, GError **error)
{
  Reader r = { data, size, 0, FALSE };
  SyncRecord *record = decode_record (&r, table, sync_replica_list (sync));

  if (record == NULL || r.pos != r.length)
    {
      g_clear_pointer (&record, sync_record_free);
      g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                   _("The sharing state of this database is damaged"));
    }
  return record;
}

/* ---- Finding local changes ---- */

typedef struct
{
  char *uuid;
  char *created_at;
  char *modified_at;
  char *replica;
  gboolean deleted;
  Value *values;
  guint n_values;
  GBytes *state;  /* (nullable): the shadow, when the record was shared before */
} Row;

static void
row_free (Row *row)
{
  for (guint c = 0; c < row->n_values; c++)
    value_clear (&row->values[c]);
  g_free (row->values);
  g_free (row->uuid);
  g_free (row->created_at);
  g_free (row->modified_at);
  g_free (row->replica);
  g_clear_pointer (&row->state, g_bytes_unref);
  g_free (row);
}

/* Rows whose stamps differ from what sharing last saw: new, edited or deleted here. */
static GPtrArray *
changed_rows (Sync *sync, const RbTable *table, GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt;
  int rc, state_index = 5 + (int) table->n_columns;

  append_column_list (sql, table, "t.");
  g_string_append_printf (sql, ", s.state FROM %s t LEFT JOIN sync_records s "
                               "ON s.table_name = '%s' AND s.uuid = t.uuid "
                               "WHERE s.uuid IS NULL OR s.row_modified_at IS NOT t.modified_at "
                               "OR s.row_replica IS NOT t.replica OR s.row_deleted IS NOT t.deleted",
                          table->name, table->name);
  if ((stmt = rb_database_prepare (sync->db, sql->str, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Row *row = g_new0 (Row, 1);

      row->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->modified_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->replica = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->deleted = sqlite3_column_int (stmt, 4) != 0;
      row->values = g_new (Value, table->n_columns);
      row->n_values = table->n_columns;
      for (guint c = 0; c < table->n_columns; c++)
        read_column_value (stmt, 5 + (int) c, &table->columns[c], &row->values[c]);
      if (sqlite3_column_type (stmt, state_index) != SQLITE_NULL)
        row->state = g_bytes_new (sqlite3_column_blob (stmt, state_index),
                                  (gsize) sqlite3_column_bytes (stmt, state_index));
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (sync->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
set_single (GArray *versions, const Dot *dot, const Value *value, GArray *seen)
{
  Version version = { *dot, *value, seen };

  g_array_set_size (versions, 0);
  versions_add (versions, &version);
}

/* The state of a row that sharing sees for the first time. */
static SyncRecord *
first_state (Sync *sync, const RbTable *table, Row *row, gint64 stamp)
{
  SyncRecord *record = sync_record_new (table);
  const char *replica = g_intern_string (row->replica);
  Value deleted = { VALUE_INT, row->deleted, 0, NULL };
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Dot));
  Dot dot;

  /* A row made here gets a new version; a row that came with a copy or fixture keeps the
   * same version everywhere (counter 0), so two copies of it agree. */
  if (replica == sync->own)
    dot = sync_new_dot (sync, stamp);
  else
    {
      dot = (Dot) { replica, 0, stamp };
      sync_learn (sync, replica, 0);
    }
  record->uuid = g_strdup (row->uuid);
  record->created_at = g_strdup (row->created_at);
  for (guint c = 0; c < table->n_columns; c++)
    set_single (record->fields[c], &dot, &row->values[c], NULL);
  set_single (deleted_field (record), &dot, &deleted, seen);
  return record;
}

/* Gives the fields the user changed since the last exchange a new version. */
static gboolean
apply_local_change (Sync *sync, SyncRecord *record, Row *row, gint64 stamp)
{
  gboolean conflict, changed[record->table->n_columns + 1], any = FALSE;
  Value deleted = { VALUE_INT, row->deleted, 0, NULL };
  g_autoptr(GArray) seen = NULL;
  Dot dot;

  for (guint c = 0; c < record->table->n_columns; c++)
    any |= changed[c] = value_compare (&versions_winner (record->fields[c])->value,
                                       &row->values[c]) != 0;
  any |= changed[record->table->n_columns] = sync_record_is_deleted (record, &conflict)
                                             != row->deleted;
  if (!any)
    return FALSE;
  dot = sync_new_dot (sync, stamp);
  for (guint c = 0; c < record->table->n_columns; c++)
    if (changed[c])
      set_single (record->fields[c], &dot, &row->values[c], NULL);
  if (changed[record->table->n_columns])
    {
      seen = row->deleted ? sync_record_dots (record) : g_array_new (FALSE, FALSE, sizeof (Dot));
      g_array_sort (seen, dot_compare_func);
      set_single (deleted_field (record), &dot, &deleted, seen);
    }
  return TRUE;
}

static gboolean
scan_table (Sync *sync, const RbTable *table, GError **error)
{
  g_autoptr(GPtrArray) rows = changed_rows (sync, table, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = g_ptr_array_index (rows, i);
      g_autoptr(SyncRecord) record = NULL;
      g_autoptr(GBytes) state = NULL;
      g_auto(Shown) shown = { 0 };
      gint64 stamp;

      if (!stamp_parse (row->modified_at, &stamp))
        stamp = 0;
      if (row->state == NULL)
        record = first_state (sync, table, row, stamp);
      else
        {
          gsize size;
          gconstpointer data = g_bytes_get_data (row->state, &size);

          if ((record = decode_local (sync, table, data, size, error)) == NULL)
            return FALSE;
          apply_local_change (sync, record, row, stamp);
        }
      state = encode_local (sync, record);
      sync_record_show (record, &shown);
      /* Only the stamps can differ from the row: they follow the newest version. */
      if ((g_strcmp0 (shown.modified_at, row->modified_at) != 0
           || g_strcmp0 (shown.replica, row->replica) != 0)
          && !write_row (sync, record, &shown, error))
        return FALSE;
      if (!write_state (sync, record, state, &shown, row->state != NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan (Sync *sync, GError **error)
{
  const RbTable *tables;
  guint n_tables;

  tables = rb_schema_get_tables (&n_tables);
  for (guint t = 0; t < n_tables; t++)
    if (!scan_table (sync, &tables[t], error))
      return FALSE;
  return TRUE;
}

/* ---- Merging ---- */

typedef struct
{
  GHashTable *counters;  /* interned replica → counter + 1 */
} Knowledge;

static gboolean
knowledge_covers (GHashTable *counters, const Dot *dot)
{
  guint64 known = GPOINTER_TO_SIZE (g_hash_table_lookup (counters, dot->replica));

  return known > 0 && known - 1 >= dot->counter;
}

static void
merge_field (Sync *sync, GArray *local, GArray *remote, GHashTable *remote_knows, GArray *out)
{
  for (guint v = 0; v < local->len; v++)
    {
      const Version *version = &g_array_index (local, Version, v);

      if (versions_find (remote, &version->dot) != NULL
          || !knowledge_covers (remote_knows, &version->dot))
        versions_add (out, version);
    }
  for (guint v = 0; v < remote->len; v++)
    {
      const Version *version = &g_array_index (remote, Version, v);

      if (versions_find (local, &version->dot) == NULL && !sync_covers (sync, &version->dot))
        versions_add (out, version);
    }
  /* Both sides claim to have seen what the other holds: only states that did not come
   * from a merge can do that. Keep everything rather than nothing. */
  if (out->len == 0)
    {
      for (guint v = 0; v < local->len; v++)
        versions_add (out, &g_array_index (local, Version, v));
      for (guint v = 0; v < remote->len; v++)
        if (versions_find (local, &g_array_index (remote, Version, v).dot) == NULL)
          versions_add (out, &g_array_index (remote, Version, v));
    }
  g_array_sort (out, version_compare);
}

static SyncRecord *
merge_records (Sync *sync, SyncRecord *local, SyncRecord *remote, GHashTable *remote_knows)
{
  SyncRecord *merged = sync_record_new (local->table);

  merged->uuid = g_strdup (local->uuid);
  /* Creation stamps never change; should two differ, the earliest is kept everywhere. */
  merged->created_at = g_strdup (g_strcmp0 (local->created_at, remote->created_at) <= 0
                                   ? local->created_at : remote->created_at);
  for (guint f = 0; f < n_fields (local->table); f++)
    merge_field (sync, local->fields[f], remote->fields[f], remote_knows, merged->fields[f]);
  return merged;
}

/* ---- Payloads ---- */

static void
put_knowledge (GByteArray *out, GPtrArray *replicas, GArray *counters)
{
  put_varint (out, replicas->len);
  for (guint i = 0; i < replicas->len; i++)
    {
      put_text (out, g_ptr_array_index (replicas, i));
      put_varint (out, (guint64) (g_array_index (counters, gint64, i) + 1));
    }
}

/* One copy of each replica name; @pool is %NULL for names from this database, which
 * are interned for good, or a set that holds the names of an unchecked bundle. */
static const char *
intern_in (GHashTable *pool, const char *name)
{
  const char *found;

  if (pool == NULL)
    return g_intern_string (name);
  if ((found = g_hash_table_lookup (pool, name)) == NULL)
    {
      found = g_strdup (name);
      g_hash_table_add (pool, (gpointer) found);
    }
  return found;
}

/* Reads a knowledge vector: the replicas in order, and what is known of each. */
static gboolean
read_knowledge (Reader *r, GPtrArray *replicas, GHashTable *knows, GHashTable *pool)
{
  guint64 n = read_count (r);

  for (guint64 i = 0; i < n && !r->failed; i++)
    {
      g_autofree char *replica = read_text (r);
      guint64 known = read_varint (r);
      const char *interned;

      if (r->failed || !g_uuid_string_is_valid (replica))
        return r->failed = TRUE, FALSE;
      interned = intern_in (pool, replica);
      if (g_hash_table_contains (knows, interned))
        return r->failed = TRUE, FALSE;
      g_hash_table_insert (knows, (gpointer) interned, GSIZE_TO_POINTER ((gsize) known));
      if (replicas != NULL)
        g_ptr_array_add (replicas, (gpointer) interned);
    }
  return !r->failed;
}

typedef gboolean (*RecordFunc) (SyncRecord *record, gsize done, gpointer user_data,
                                GError **error);

typedef struct
{
  char *swv_name;
  char *school_type;
  char *region;
  GPtrArray *replicas;   /* number in the payload → interned replica */
  GHashTable *knows;     /* interned replica → counter + 1: the exporter's knowledge */
  GHashTable *pool;      /* the replica names until the bundle is checked */
  gsize records_start;
  guint n_records;
} Payload;

static void
payload_clear (Payload *payload)
{
  g_clear_pointer (&payload->swv_name, g_free);
  g_clear_pointer (&payload->school_type, g_free);
  g_clear_pointer (&payload->region, g_free);
  g_clear_pointer (&payload->replicas, g_ptr_array_unref);
  g_clear_pointer (&payload->knows, g_hash_table_unref);
  g_clear_pointer (&payload->pool, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Payload, payload_clear)

static gboolean
payload_damaged (GError **error, const char *detail)
{
  g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED,
               _("The bundle’s contents are invalid (%s); nothing was imported. Ask your "
                 "colleague to export it again."),
               detail);
  return FALSE;
}

static gboolean
read_payload_head (GBytes *bytes, Payload *payload, GError **error)
{
  gsize size;
  Reader r = { g_bytes_get_data (bytes, &size), 0, 0, FALSE };

  r.length = size;
  payload->replicas = g_ptr_array_new ();
  payload->knows = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* Names from a bundle are interned for good only once the bundle was checked: damaged
   * or forged data must not grow GLib's table of interned strings. */
  payload->pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (read_varint (&r) != PAYLOAD_VERSION)
    return payload_damaged (error, _("unknown layout"));
  payload->swv_name = read_text (&r);
  payload->school_type = read_text (&r);
  payload->region = read_text (&r);
  if (!read_knowledge (&r, payload->replicas, payload->knows, payload->pool))
    return payload_damaged (error, _("the list of installations is unreadable"));
  payload->records_start = r.pos;
  return TRUE;
}

/* Reads every record after the head, checking it, and hands each to @func. */
static gboolean
walk_records (GBytes *bytes, Payload *payload, RecordFunc func, gpointer user_data,
              GError **error)
{
  gsize size;
  Reader r = { g_bytes_get_data (bytes, &size), 0, 0, FALSE };
  const RbTable *tables;
  guint n_tables;
  guint64 n_sections;

  r.length = size;
  r.pos = payload->records_start;
  tables = rb_schema_get_tables (&n_tables);
  n_sections = read_count (&r);
  if (n_sections != n_tables)
    return payload_damaged (error, _("it was made by another version of Routeboek"));
  payload->n_records = 0;
  for (guint t = 0; t < n_tables; t++)
    {
      const RbTable *table = &tables[t];
      g_autofree char *name = read_text (&r);
      guint64 n_columns = read_count (&r), n_records;

      if (r.failed || g_strcmp0 (name, table->name) != 0 || n_columns != table->n_columns)
        return payload_damaged (error, _("its tables differ from this version of Routeboek"));
      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *column = read_text (&r);

          if (g_strcmp0 (column, table->columns[c].name) != 0)
            return payload_damaged (error, _("its tables differ from this version of Routeboek"));
        }
      n_records = read_count (&r);
      for (guint64 i = 0; i < n_records && !r.failed; i++)
        {
          g_autoptr(SyncRecord) record = decode_record (&r, table, payload->replicas);

          if (record == NULL)
            break;
          payload->n_records++;
          if (!func (record, r.pos, user_data, error))
            return FALSE;
        }
      if (r.failed)
        return payload_damaged (error, _("a record is unreadable"));
    }
  if (r.pos != r.length)
    return payload_damaged (error, _("there is data after the last record"));
  return TRUE;
}

typedef struct
{
  GHashTable *uuids;
  GHashTable *knows;
} Check;

static gboolean
check_record (SyncRecord *record, gsize done, gpointer user_data, GError **error)
{
  Check *check = user_data;

  if (!g_hash_table_add (check->uuids, g_strdup (record->uuid)))
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_DAMAGED,
                   _("The bundle holds the record %s twice; it is damaged and nothing was "
                     "imported"),
                   record->uuid);
      return FALSE;
    }
  /* An exporter knows every version it sends. */
  for (guint f = 0; f < n_fields (record->table); f++)
    for (guint v = 0; v < record->fields[f]->len; v++)
      if (!knowledge_covers (check->knows, &g_array_index (record->fields[f], Version, v).dot))
        return payload_damaged (error, _("a version is newer than its exporter knows"));
  return TRUE;
}

static gboolean
check_payload (GBytes *bytes, Payload *payload, GError **error)
{
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Check check = { uuids, NULL };

  if (!read_payload_head (bytes, payload, error))
    return FALSE;
  check.knows = payload->knows;
  return walk_records (bytes, payload, check_record, &check, error);
}

/* After the checks: the names become this process's interned names, which the database's
 * state uses too, so that replicas compare by pointer. */
static void
intern_names (Payload *payload)
{
  GHashTable *knows = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < payload->replicas->len; i++)
    {
      const char *name = g_ptr_array_index (payload->replicas, i);
      const char *interned = g_intern_string (name);

      g_hash_table_insert (knows, (gpointer) interned, g_hash_table_lookup (payload->knows, name));
      payload->replicas->pdata[i] = (gpointer) interned;
    }
  g_hash_table_unref (payload->knows);
  payload->knows = knows;
  g_clear_pointer (&payload->pool, g_hash_table_unref);
}

/**
 * rb_sync_check_payload:
 * @payload: the decrypted contents of a bundle
 * @error: return location for an error
 *
 * Checks that @payload is well formed without touching a database: what an import does
 * before it begins. For the fuzz target and tests.
 *
 * Returns: %TRUE when an import could go ahead.
 */
gboolean
rb_sync_check_payload (GBytes *payload, GError **error)
{
  g_auto(Payload) parsed = { 0 };

  return check_payload (payload, &parsed, error);
}

/* ---- Import ---- */

typedef struct
{
  Sync *sync;
  GHashTable *knows;
  RbSyncSummary *summary;
  const RbSyncOptions *options;
  gsize total;
  guint since_progress;
} Merge;

static GBytes *
load_state (Sync *sync, const RbTable *table, const char *uuid, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (sync->db,
      "SELECT state FROM sync_records WHERE table_name = ? AND uuid = ?", error);
  GBytes *state = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    state = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    rb_database_set_error (sync->db, rc, error);
  else if (rc == SQLITE_DONE)
    state = g_bytes_new (NULL, 0);
  return state;
}

/* Tells how far the work is; %FALSE, with @error set, when it was cancelled meanwhile. */
static gboolean
report_progress (const RbSyncOptions *options, double fraction, GError **error)
{
  if (options == NULL)
    return TRUE;
  if (options->progress != NULL)
    options->progress (CLAMP (fraction, 0.0, 1.0), options->progress_data);
  return !g_cancellable_set_error_if_cancelled (options->cancellable, error);
}

static gboolean
merge_record (SyncRecord *remote, gsize done, gpointer user_data, GError **error)
{
  Merge *merge = user_data;
  Sync *sync = merge->sync;
  g_autoptr(GBytes) old_state = load_state (sync, remote->table, remote->uuid, error);
  g_autoptr(SyncRecord) local = NULL;
  g_autoptr(SyncRecord) owned = NULL;
  g_autoptr(GBytes) state = NULL;
  g_auto(Shown) old_shown = { 0 };
  g_auto(Shown) shown = { 0 };
  SyncRecord *merged = remote;  /* unknown here: taken as it is */
  gsize old_size;
  gconstpointer old_data;

  if (++merge->since_progress == PROGRESS_STEP)
    {
      merge->since_progress = 0;
      if (!report_progress (merge->options, 0.1 + 0.85 * (double) done / (double) merge->total,
                            error))
        return FALSE;
    }
  if (old_state == NULL)
    return FALSE;
  old_data = g_bytes_get_data (old_state, &old_size);
  state = encode_local (sync, remote);
  /* Most records of a bundle are already here exactly as they are there. */
  if (g_bytes_equal (state, old_state))
    return TRUE;
  if (old_size > 0)
    {
      if ((local = decode_local (sync, remote->table, old_data, old_size, error)) == NULL)
        return FALSE;
      /* Logbook entries are never changed once written: the union is all there is. */
      if (g_str_equal (remote->table->name, "log_entries"))
        return TRUE;
      merged = owned = merge_records (sync, local, remote, merge->knows);
      g_bytes_unref (state);
      state = encode_local (sync, merged);
    }
  if (local != NULL && g_bytes_equal (state, old_state))
    return TRUE;

  sync_record_show (merged, &shown);
  if (local != NULL)
    sync_record_show (local, &old_shown);
  if (local == NULL || !shown_equal (merged->table, &shown, &old_shown))
    {
      if (!validate_shown (merged, &shown, error) || !write_row (sync, merged, &shown, error))
        return FALSE;
      if (local == NULL)
        merge->summary->added++;
      else
        merge->summary->updated++;
    }
  return write_state (sync, merged, state, &shown, local != NULL && old_shown.conflict, error);
}

static gboolean
save_peer (Sync *sync, const char *replica, Payload *payload, GError **error)
{
  g_autoptr(GByteArray) knowledge = g_byte_array_new ();
  g_autoptr(GArray) counters = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *now = rb_database_dup_timestamp (sync->db);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < payload->replicas->len; i++)
    {
      gint64 counter = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (
                         payload->knows, g_ptr_array_index (payload->replicas, i))) - 1;
      g_array_append_val (counters, counter);
    }
  put_knowledge (knowledge, payload->replicas, counters);
  stmt = rb_database_prepare (sync->db,
      "INSERT INTO sync_peers (replica, knowledge, imported_at) VALUES (?, ?, ?) "
      "ON CONFLICT (replica) DO UPDATE SET knowledge = excluded.knowledge, "
      "imported_at = excluded.imported_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, replica, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, knowledge->data, (int) knowledge->len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  return rb_database_step_done (sync->db, stmt, error);
}

static gint64
count_conflicts (RbDatabase *db, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db, "SELECT count(*) FROM conflicts", error);
  gint64 count = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    rb_database_set_error (db, sqlite3_errcode (sqlite3_db_handle (stmt)), error);
  sqlite3_reset (stmt);
  return count;
}

/* A large merge touches more pages than the usual page cache holds; spilling them to the
 * WAL in the middle of the transaction would double the writing. The database's own
 * setting comes back afterwards. */
static void
use_large_cache (RbDatabase *db, gboolean large)
{
  static const char *const usual = "PRAGMA cache_size = %" G_GINT64_FORMAT;
  sqlite3_stmt *stmt;
  g_autofree char *restore = NULL;
  gint64 *saved = g_object_get_data (G_OBJECT (db), "rb-sync-cache-size");

  if (large)
    {
      if (saved == NULL && (stmt = rb_database_prepare (db, "PRAGMA cache_size", NULL)) != NULL)
        {
          saved = g_new (gint64, 1);
          *saved = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -2000;
          sqlite3_reset (stmt);
          g_object_set_data_full (G_OBJECT (db), "rb-sync-cache-size", saved, g_free);
        }
      rb_database_exec (db, "PRAGMA cache_size = -262144", NULL);
      return;
    }
  if (saved == NULL)
    return;
  restore = g_strdup_printf (usual, *saved);
  rb_database_exec (db, restore, NULL);
  g_object_set_data (G_OBJECT (db), "rb-sync-cache-size", NULL);
}

/* Everything of an import after the file was decrypted, in one transaction. */
static gboolean
import_payload (RbDatabase          *db,
                GBytes              *bytes,
                const RbBundleInfo  *info,
                const RbSyncOptions *options,
                RbSyncSummary       *summary,
                GError             **error)
{
  g_auto(Payload) payload = { 0 };
  g_autoptr(Sync) sync = NULL;
  RbSyncSummary counts = { 0 };
  Merge merge = { NULL, NULL, &counts, options, g_bytes_get_size (bytes), 0 };
  GHashTableIter iter;
  gpointer replica, known;
  gint64 n_conflicts;

  /* All of it is checked before the database is touched. */
  if (!check_payload (bytes, &payload, error))
    return FALSE;
  intern_names (&payload);
  if (!g_hash_table_contains (payload.knows, g_intern_string (info->replica)))
    return payload_damaged (error, _("its exporter is not in it"));
  if (!report_progress (options, 0.1, error))
    return FALSE;

  if (!rb_database_begin (db, error))
    return FALSE;
  use_large_cache (db, TRUE);
  /* Parents and children arrive table by table; the references are checked at the end. */
  if (!rb_database_exec (db, "PRAGMA defer_foreign_keys = ON", error)
      || (sync = sync_load (db, error)) == NULL || !scan (sync, error))
    goto fail;
  merge.sync = sync;
  merge.knows = payload.knows;
  if (!walk_records (bytes, &payload, merge_record, &merge, error))
    goto fail;

  g_hash_table_iter_init (&iter, payload.knows);
  while (g_hash_table_iter_next (&iter, &replica, &known))
    sync_learn (sync, replica, (gint64) GPOINTER_TO_SIZE (known) - 1);
  if (!sync_save_knowledge (sync, error) || !save_peer (sync, info->replica, &payload, error)
      || (n_conflicts = count_conflicts (db, error)) < 0)
    goto fail;
  if (!rb_database_commit (db, error))
    {
      use_large_cache (db, FALSE);
      g_prefix_error (error, _("The bundle could not be merged; nothing was imported. "));
      return FALSE;
    }
  use_large_cache (db, FALSE);
  /* Merged: too late to cancel. */
  report_progress (options, 1.0, NULL);
  if (summary != NULL)
    {
      *summary = counts;
      summary->n_records = payload.n_records;
      summary->conflicts = (guint) n_conflicts;
      summary->replica = g_strdup (info->replica);
    }
  return TRUE;

fail:
  rb_database_rollback (db);
  use_large_cache (db, FALSE);
  return FALSE;
}

void
rb_sync_summary_clear (RbSyncSummary *summary)
{
  g_clear_pointer (&summary->replica, g_free);
}

void
rb_sync_options_init (RbSyncOptions *options)
{
  memset (options, 0, sizeof *options);
  rb_bundle_get_default_limits (&options->opslimit, &options->memlimit);
}

/**
 * rb_sync_import:
 * @db: an open database
 * @path: a bundle exported by a colleague of the same SWV
 * @passphrase: the SWV's passphrase
 * @options: (nullable): progress reporting
 * @summary: (out caller-allocates) (optional): what changed; clear it with
 *   rb_sync_summary_clear()
 * @error: return location for an error
 *
 * Decrypts and checks the whole bundle first, then merges it in one transaction: new
 * records are added, records changed only there are taken over, logbook entries and
 * absences are a union, fields changed on both sides become conflicts. Importing the same
 * bundle again changes nothing. On any error the database is left as it was.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_sync_import (RbDatabase          *db,
                const char          *path,
                const char          *passphrase,
                const RbSyncOptions *options,
                RbSyncSummary       *summary,
                GError             **error)
{
  g_autoptr(RbBundleInfo) info = NULL;
  g_autoptr(GBytes) payload = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db) && path != NULL && passphrase != NULL, FALSE);

  payload = rb_bundle_read (path, rb_database_get_swv_uuid (db), passphrase, &info, error);
  if (payload == NULL)
    return FALSE;
  if (g_strcmp0 (info->replica, rb_database_get_replica (db)) == 0)
    {
      g_set_error (error, RB_BUNDLE_ERROR, RB_BUNDLE_ERROR_WRONG_SWV,
                   _("This bundle was exported from this database itself; there is nothing to "
                     "import"));
      return FALSE;
    }
  return import_payload (db, payload, info, options, summary, error);
}

/**
 * rb_sync_import_new:
 * @db_path: where the new database goes; it must not exist yet
 * @bundle_path: a bundle
 * @passphrase: its passphrase
 * @options: (nullable): progress reporting
 * @summary: (out caller-allocates) (optional): what was added
 * @error: return location for an error
 *
 * Starts a database for a colleague who joins the SWV: its identity comes from the
 * bundle, its replica is new, and everything in the bundle is imported.
 *
 * Returns: (transfer full): the new, open database, or %NULL (and no file) on error.
 */
RbDatabase *
rb_sync_import_new (const char          *db_path,
                    const char          *bundle_path,
                    const char          *passphrase,
                    const RbSyncOptions *options,
                    RbSyncSummary       *summary,
                    GError             **error)
{
  g_autoptr(RbBundleInfo) info = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_auto(Payload) head = { 0 };
  g_autoptr(RbDatabase) db = NULL;
  g_autofree char *replica = g_uuid_string_random ();

  payload = rb_bundle_read (bundle_path, NULL, passphrase, &info, error);
  if (payload == NULL || !read_payload_head (payload, &head, error))
    return NULL;
  db = rb_database_create_full (db_path, info->swv_uuid, head.swv_name, head.school_type,
                                head.region, replica, FALSE, error);
  if (db == NULL)
    return NULL;
  if (!import_payload (db, payload, info, options, summary, error))
    {
      rb_database_close (db);
      rb_database_remove_files (db_path);
      return NULL;
    }
  return g_steal_pointer (&db);
}

/* ---- Export ---- */

static GHashTable *
load_peer (Sync *sync, const char *peer, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (sync->db,
      "SELECT knowledge FROM sync_peers WHERE replica = ?", error);
  g_autoptr(GHashTable) knows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, peer, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      Reader r = { sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0), 0,
                   FALSE };

      knows = g_hash_table_new (g_direct_hash, g_direct_equal);
      if (!read_knowledge (&r, NULL, knows, NULL))
        g_clear_pointer (&knows, g_hash_table_unref);
    }
  sqlite3_reset (stmt);
  if (knows == NULL)
    g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                 _("No bundle from the installation %s was imported here yet: export "
                   "everything instead"),
                 peer);
  return g_steal_pointer (&knows);
}

/* Whether the colleague behind @knows misses a version of @record. */
static gboolean
peer_misses (SyncRecord *record, GHashTable *knows)
{
  for (guint f = 0; f < n_fields (record->table); f++)
    for (guint v = 0; v < record->fields[f]->len; v++)
      if (!knowledge_covers (knows, &g_array_index (record->fields[f], Version, v).dot))
        return TRUE;
  return FALSE;
}

/* The states are stored with this database's replica numbers, which the payload lists
 * in the same order: they are copied without decoding, unless a colleague's knowledge
 * has to filter them. */
static gboolean
append_table (Sync *sync, const RbTable *table, GHashTable *peer, GByteArray *out,
              guint *n_records, GError **error)
{
  g_autoptr(GByteArray) records = g_byte_array_new ();
  sqlite3_stmt *stmt = rb_database_prepare (sync->db,
      "SELECT state FROM sync_records WHERE table_name = ? ORDER BY uuid", error);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *data = sqlite3_column_blob (stmt, 0);
      gsize size = (gsize) sqlite3_column_bytes (stmt, 0);

      if (peer != NULL)
        {
          g_autoptr(SyncRecord) record = decode_local (sync, table, data, size, error);

          if (record == NULL)
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          if (!peer_misses (record, peer))
            continue;
        }
      g_byte_array_append (records, data, (guint) size);
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (sync->db, rc, error);
      return FALSE;
    }
  put_text (out, table->name);
  put_varint (out, table->n_columns);
  for (guint c = 0; c < table->n_columns; c++)
    put_text (out, table->columns[c].name);
  put_varint (out, n);
  g_byte_array_append (out, records->data, records->len);
  *n_records += n;
  return TRUE;
}

/**
 * rb_sync_export:
 * @db: an open database
 * @path: the bundle file to write (replaced atomically)
 * @passphrase: the SWV's passphrase
 * @options: (nullable): key limits, a colleague for an incremental export, progress
 * @summary: (out caller-allocates) (optional): how many records went out
 * @error: return location for an error
 *
 * Writes every record, tombstones included, with its versions and this database's
 * knowledge, encrypted. With @options->peer only the records that colleague has not
 * seen yet (as of the last bundle imported from them) go out.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_sync_export (RbDatabase          *db,
                const char          *path,
                const char          *passphrase,
                const RbSyncOptions *options,
                RbSyncSummary       *summary,
                GError             **error)
{
  g_autoptr(Sync) sync = NULL;
  g_autoptr(GHashTable) peer = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *now = NULL;
  RbSyncOptions defaults;
  RbBundleInfo info = { 0 };
  const RbTable *tables;
  guint n_tables, n_records = 0;

  g_return_val_if_fail (RB_IS_DATABASE (db) && path != NULL && passphrase != NULL, FALSE);

  if (options == NULL)
    {
      rb_sync_options_init (&defaults);
      options = &defaults;
    }
  /* Local changes get their versions first, in a transaction of their own. */
  if (!rb_database_begin (db, error))
    return FALSE;
  use_large_cache (db, TRUE);
  if ((sync = sync_load (db, error)) == NULL || !scan (sync, error)
      || !sync_save_knowledge (sync, error))
    {
      rb_database_rollback (db);
      use_large_cache (db, FALSE);
      return FALSE;
    }
  use_large_cache (db, FALSE);
  if (!rb_database_commit (db, error) || !report_progress (options, 0.2, error))
    return FALSE;
  if (options->peer != NULL && (peer = load_peer (sync, options->peer, error)) == NULL)
    return FALSE;

  put_varint (out, PAYLOAD_VERSION);
  put_text (out, rb_database_get_swv_name (db));
  put_text (out, rb_database_get_school_type (db));
  put_text (out, rb_database_get_region (db));
  put_knowledge (out, sync->by_id, sync->counters);
  tables = rb_schema_get_tables (&n_tables);
  put_varint (out, n_tables);
  for (guint t = 0; t < n_tables; t++)
    {
      if (!append_table (sync, &tables[t], peer, out, &n_records, error)
          || !report_progress (options, 0.2 + 0.4 * (t + 1) / n_tables, error))
        return FALSE;
    }

  now = rb_database_dup_timestamp (db);
  info.version = RB_BUNDLE_FORMAT_VERSION;
  info.swv_uuid = (char *) rb_database_get_swv_uuid (db);
  info.swv_name = (char *) rb_database_get_swv_name (db);
  info.replica = (char *) rb_database_get_replica (db);
  info.created_at = now;
  info.opslimit = options->opslimit;
  info.memlimit = options->memlimit;
  payload = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  if (!rb_bundle_write (path, &info, passphrase, payload, error))
    return FALSE;
  report_progress (options, 1.0, NULL);
  if (summary != NULL)
    {
      memset (summary, 0, sizeof *summary);
      summary->n_records = n_records;
    }
  return TRUE;
}

/* ---- Conflicts ---- */

void
rb_conflict_free (RbConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->record_uuid);
  g_free (conflict->record_title);
  g_free (conflict->column);
  g_ptr_array_unref (conflict->choices);
  g_free (conflict);
}

/* Who or what a record is about, for a person choosing between its values: the pupil's
 * name for a pupil, a case and what belongs to a pupil or a case; else its own name. */
static char *
describe_record (RbDatabase *db, const RbTable *table, const char *uuid)
{
  const RbTable *pupils = rb_schema_lookup_table ("pupils");
  g_autoptr(RbRecord) record = rb_store_get (db, table, uuid, NULL);
  g_autoptr(RbRecord) owner = NULL;
  g_autoptr(RbRecord) pupil = NULL;
  const char *pupil_uuid = NULL;

  if (record == NULL)
    return NULL;
  if (table == pupils)
    pupil = g_object_ref (record);
  else if (rb_table_lookup_column (table, "pupil_uuid", NULL) != NULL)
    pupil_uuid = rb_record_get_string (record, "pupil_uuid");
  else if (rb_table_lookup_column (table, "case_uuid", NULL) != NULL
           && (owner = rb_store_get (db, rb_schema_lookup_table ("cases"),
                                     rb_record_get_string (record, "case_uuid"), NULL)) != NULL)
    pupil_uuid = rb_record_get_string (owner, "pupil_uuid");
  if (pupil == NULL && pupil_uuid != NULL)
    pupil = rb_store_get (db, pupils, pupil_uuid, NULL);
  if (pupil != NULL)
    return g_strstrip (g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                                        rb_record_get_string (pupil, "last_name")));
  if (rb_table_lookup_column (table, "name", NULL) != NULL)
    return g_strdup (rb_record_get_string (record, "name"));
  return NULL;
}

static void
choice_free (RbConflictChoice *choice)
{
  g_free (choice->text);
  g_free (choice->replica);
  g_free (choice->changed_at);
  g_free (choice);
}

static char *
value_to_text (const Value *value, const RbColumn *col)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (value->type)
    {
    case VALUE_INT:
      if (col->type == RB_COLUMN_BOOL)
        return g_strdup (value->i != 0 ? _("yes") : _("no"));
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case VALUE_REAL:
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", value->d));
    case VALUE_TEXT:
      return g_strdup (value->s);
    default:
      return g_strdup ("");
    }
}

static RbConflictChoice *
choice_new (char *text, const Dot *dot)
{
  RbConflictChoice *choice = g_new0 (RbConflictChoice, 1);

  choice->text = text;
  choice->replica = g_strdup (dot->replica);
  choice->changed_at = stamp_format (dot->stamp);
  return choice;
}

/* The values to choose from, newest first; one per distinct value. */
static GPtrArray *
field_choices (SyncRecord *record, guint field, GArray *versions_out)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  GArray *versions = record->fields[field];

  if (field == record->table->n_columns)
    {
      for (guint v = versions->len; v > 0; v--)
        {
          const Version *deletion = &g_array_index (versions, Version, v - 1);
          const Version *edit;

          if (deletion->value.i == 0 || (edit = concurrent_edit (record, deletion)) == NULL)
            continue;
          g_ptr_array_add (choices, choice_new (g_strdup (_("keep the record")), &edit->dot));
          g_ptr_array_add (choices, choice_new (g_strdup (_("delete the record")),
                                                &deletion->dot));
          return choices;
        }
    }
  for (guint v = versions->len; v > 0; v--)
    {
      const Version *version = &g_array_index (versions, Version, v - 1);
      gboolean seen = FALSE;

      for (guint o = 0; o < versions_out->len && !seen; o++)
        seen = value_compare (&g_array_index (versions_out, Version, o).value,
                              &version->value) == 0;
      if (seen)
        continue;
      versions_add (versions_out, version);
      g_ptr_array_add (choices,
                       choice_new (field == record->table->n_columns
                                     ? g_strdup (version->value.i ? _("delete the record")
                                                                  : _("keep the record"))
                                     : value_to_text (&version->value,
                                                      &record->table->columns[field]),
                                   &version->dot));
    }
  return choices;
}

static gboolean
lookup_field (const RbTable *table, const char *column, guint *field)
{
  if (g_strcmp0 (column, RB_SYNC_DELETED_FIELD) == 0)
    {
      *field = table->n_columns;
      return TRUE;
    }
  return rb_table_lookup_column (table, column, field) != NULL;
}

static SyncRecord *
load_record (Sync *sync, const RbTable *table, const char *uuid, GError **error)
{
  g_autoptr(GBytes) state = load_state (sync, table, uuid, error);
  gsize size;
  gconstpointer data;

  if (state == NULL)
    return NULL;
  data = g_bytes_get_data (state, &size);
  if (size == 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND, _("No %s has the code %s"),
                   _(table->label), uuid);
      return NULL;
    }
  return decode_local (sync, table, data, size, error);
}

/**
 * rb_sync_list_conflicts:
 * @db: an open database
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type RbConflict): the fields waiting for a choice,
 *   by table and record.
 */
GPtrArray *
rb_sync_list_conflicts (RbDatabase *db, GError **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) rb_conflict_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Sync) sync = sync_load (db, error);
  sqlite3_stmt *stmt;
  int rc;

  if (sync == NULL)
    return NULL;
  stmt = rb_database_prepare (db, "SELECT table_name, record_uuid, column_name FROM conflicts "
                                  "ORDER BY table_name, record_uuid, column_name", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add (rows, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (db, rc, error);
      return NULL;
    }
  for (guint i = 0; i < rows->len; i += 3)
    {
      const RbTable *table = rb_schema_lookup_table (g_ptr_array_index (rows, i));
      g_autoptr(SyncRecord) record = NULL;
      g_autoptr(GArray) versions = versions_new ();
      RbConflict *conflict;
      guint field;

      if (table == NULL || !lookup_field (table, g_ptr_array_index (rows, i + 2), &field))
        continue;
      if ((record = load_record (sync, table, g_ptr_array_index (rows, i + 1), error)) == NULL)
        return NULL;
      conflict = g_new0 (RbConflict, 1);
      conflict->table = table;
      conflict->record_uuid = g_strdup (record->uuid);
      conflict->record_title = describe_record (db, table, record->uuid);
      conflict->column = g_strdup (g_ptr_array_index (rows, i + 2));
      conflict->choices = field_choices (record, field, versions);
      g_ptr_array_add (conflicts, conflict);
    }
  return g_steal_pointer (&conflicts);
}

static const RbTable *
conflict_table (RbDatabase *db, const char *record_uuid, const char *column, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (db,
      "SELECT table_name FROM conflicts WHERE record_uuid = ? AND column_name = ?", error);
  const RbTable *table = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record_uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    table = rb_schema_lookup_table ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (table == NULL)
    g_set_error (error, RB_ERROR, RB_ERROR_NOT_FOUND,
                 _("There is no conflict in “%s” of the record %s"), column, record_uuid);
  return table;
}

static gboolean
resolve (Sync *sync, const char *record_uuid, const char *column, guint choice, GError **error)
{
  const RbTable *table = conflict_table (sync->db, record_uuid, column, error);
  g_autoptr(SyncRecord) record = NULL;
  g_autoptr(GArray) versions = versions_new ();
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GBytes) state = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(Shown) shown = { 0 };
  guint field;
  Dot dot;

  if (table == NULL || !lookup_field (table, column, &field)
      || (record = load_record (sync, table, record_uuid, error)) == NULL)
    return FALSE;
  choices = field_choices (record, field, versions);
  if (choice >= choices->len)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("Choose one of the %u values (1 to %u)"), choices->len, choices->len);
      return FALSE;
    }
  now = rb_database_dup_now (sync->db);
  dot = sync_new_dot (sync, g_date_time_to_unix (now) * G_USEC_PER_SEC
                              + g_date_time_get_microsecond (now));
  if (field == table->n_columns)
    {
      /* Deleting covers every version there is; keeping needs no memory of them. */
      Value deleted = { VALUE_INT, choice == 1, 0, NULL };
      g_autoptr(GArray) seen = choice == 1 ? sync_record_dots (record)
                                           : g_array_new (FALSE, FALSE, sizeof (Dot));

      g_array_sort (seen, dot_compare_func);
      set_single (record->fields[field], &dot, &deleted, seen);
    }
  else
    {
      Value chosen;

      value_copy (&chosen, &g_array_index (versions, Version, choice).value);
      set_single (record->fields[field], &dot, &chosen, NULL);
      value_clear (&chosen);
    }
  state = encode_local (sync, record);
  sync_record_show (record, &shown);
  return validate_shown (record, &shown, error) && write_row (sync, record, &shown, error)
         && write_state (sync, record, state, &shown, TRUE, error);
}

/**
 * rb_sync_resolve:
 * @db: an open database
 * @record_uuid: the record with a conflict
 * @column: the field, or "deleted"
 * @choice: the index in the conflict's choices (see rb_sync_list_conflicts())
 * @error: return location for an error
 *
 * Keeps the chosen value as a new change of this database, which colleagues then receive
 * with the next bundle, so the conflict is gone everywhere.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_sync_resolve (RbDatabase *db, const char *record_uuid, const char *column, guint choice,
                 GError **error)
{
  g_autoptr(Sync) sync = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db) && record_uuid != NULL && column != NULL, FALSE);

  if (!rb_database_begin (db, error))
    return FALSE;
  if ((sync = sync_load (db, error)) == NULL || !scan (sync, error)
      || !resolve (sync, record_uuid, column, choice, error)
      || !sync_save_knowledge (sync, error))
    {
      rb_database_rollback (db);
      return FALSE;
    }
  return rb_database_commit (db, error);
}
