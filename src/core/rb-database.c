/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-database"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "rb-database.h"
#include "rb-date.h"
#include "rb-defaults.h"
#include "rb-error.h"
#include "rb-schema.h"
#include "rb-util.h"

/**
 * RbDatabase:
 *
 * One SWV database file, open for writing. A file holds exactly one samenwerkingsverband:
 * its identity is read at open time and never changes. The file is locked for as long as
 * it is open, so no second program or window can write to it at the same time.
 */

#define SQLITE_HEADER_SIZE 100
#define BUSY_TIMEOUT_MS 250

struct _RbDatabase
{
  GObject parent_instance;

  char *path;
  char *backup_path;
  sqlite3 *handle;
  GHashTable *statements;
  guint transaction_depth;

  char *swv_uuid;
  char *swv_name;
  char *school_type;
  char *region;
  char *replica;

  RbClockFunc clock;
  gpointer clock_data;

  char *file_key;  /* (nullable): in open_files while this object has the file open */
};

G_DEFINE_FINAL_TYPE (RbDatabase, rb_database, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SWV_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint32
read_be32 (const guint8 *bytes)
{
  return ((guint32) bytes[0] << 24) | ((guint32) bytes[1] << 16) | ((guint32) bytes[2] << 8)
         | bytes[3];
}

static char *
display_name (const char *path)
{
  return g_filename_display_basename (path);
}

/*
 * A program killed while SQLite copied its write-ahead log back leaves the file shorter
 * than its header says; the log still holds every page and SQLite recovers from it.
 */
static gboolean
has_wal (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 && st.st_size > 0;
}

/*
 * Reads the file's SQLite header and refuses what is not ours before SQLite opens it: a
 * foreign or newer file must stay byte-for-byte untouched, and SQLite would already write
 * to it when switching journal modes.
 */
static gboolean
check_header (const char *path, GError **error)
{
  g_autofree char *name = display_name (path);
  guint8 header[SQLITE_HEADER_SIZE];
  GStatBuf st;
  guint32 page_size, page_count, user_version, application_id;
  gsize got;
  FILE *file;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, RB_ERROR, saved_errno == ENOENT ? RB_ERROR_NOT_FOUND : RB_ERROR_IO,
                   _("Cannot open “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_A_DATABASE, _("“%s” is not a file"), name);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_A_DATABASE,
                   _("“%s” is empty: it is not a Routeboek database"), name);
      return FALSE;
    }

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Cannot read “%s”: %s"), name,
                   g_strerror (saved_errno));
      return FALSE;
    }
  got = fread (header, 1, sizeof header, file);
  fclose (file);

  if (got < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Routeboek database (it is not a database file at all)"), name);
      return FALSE;
    }

  application_id = read_be32 (header + 68);
  user_version = read_be32 (header + 60);
  if (application_id != RB_APPLICATION_ID)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_FOREIGN_DATABASE,
                   _("“%s” is a database of another program, not of Routeboek"), name);
      return FALSE;
    }
  if (user_version > RB_SCHEMA_VERSION)
    {
      g_set_error (error, RB_ERROR, RB_ERROR_NEWER_VERSION,
                   _("“%s” was made by a newer version of Routeboek (file version %u, this "
                     "version reads up to %u). Update Routeboek to open it."),
                   name, user_version, RB_SCHEMA_VERSION);
      return FALSE;
    }

  /* The size in the header is valid when its "version-valid-for" matches the change counter. */
  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  page_count = read_be32 (header + 28);
  if (page_size < 512 || (page_size & (page_size - 1)) != 0 || st.st_size % page_size != 0
      || (read_be32 (header + 92) == read_be32 (header + 24) && !has_wal (path)
          && (guint64) st.st_size < (guint64) page_count * page_size))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                   _("“%s” is damaged or incomplete (the file is shorter than it should be). "
                     "Restore it from a backup copy."),
                   name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable (const char *path, gboolean exists, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = display_name (path);

  /* WAL needs to create files beside the database, so the folder must be writable too. */
  if (g_access (dir, W_OK) != 0 || (exists && g_access (path, W_OK) != 0))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_READ_ONLY,
                   _("“%s” cannot be opened for writing: the file or its folder is read-only. "
                     "Copy it to a folder of your own first."),
                   name);
      return FALSE;
    }
  return TRUE;
}

void
rb_database_set_error (RbDatabase *self, int rc, GError **error)
{
  g_autofree char *name = display_name (self->path);
  const char *detail = self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, RB_ERROR, RB_ERROR_IO,
                   _("The disk is full: nothing was saved to “%s”. Free some space and try again."),
                   name);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, RB_ERROR, RB_ERROR_READ_ONLY, _("“%s” cannot be written to"), name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RB_ERROR, RB_ERROR_IN_USE,
                   _("“%s” is already open in another Routeboek window or program"), name);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                   _("“%s” is damaged. Restore it from a backup copy."), name);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Reading or writing “%s” failed (%s)"), name,
                   detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("The change breaks a rule of the database (%s)"), detail);
      break;
    default:
      g_set_error (error, RB_ERROR, RB_ERROR_FAILED, _("Database error in “%s”: %s"), name,
                   detail);
    }
}

gboolean
rb_database_exec (RbDatabase *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      rb_database_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * rb_database_prepare:
 * @self: an open database
 * @sql: one SQL statement; the text is the cache key
 * @error: return location for an error
 *
 * Returns: (transfer none): a reset statement with cleared bindings, owned by @self.
 */
sqlite3_stmt *
rb_database_prepare (RbDatabase *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RB_IS_DATABASE (self) && self->handle != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      rb_database_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/**
 * rb_database_step_done:
 * @self: an open database
 * @stmt: a statement that returns no rows
 * @error: return location for an error
 *
 * Runs @stmt to completion and resets it.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_database_step_done (RbDatabase *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rb_database_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static char *
read_meta (RbDatabase *self, const char *key, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  char *value = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (value == NULL)
    {
      g_autofree char *name = display_name (self->path);
      if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                     _("“%s” is damaged: its samenwerkingsverband is not recorded (%s)"), name,
                     key);
      else
        rb_database_set_error (self, rc, error);
    }
  return value;
}

static gboolean
write_meta (RbDatabase *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt = rb_database_prepare (self,
      "INSERT INTO meta (key, value) VALUES (?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return rb_database_step_done (self, stmt, error);
}

static gboolean
load_identity (RbDatabase *self, GError **error)
{
  g_clear_pointer (&self->swv_uuid, g_free);
  g_clear_pointer (&self->swv_name, g_free);
  g_clear_pointer (&self->school_type, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->replica, g_free);

  return (self->swv_uuid = read_meta (self, "swv_uuid", error)) != NULL
         && (self->swv_name = read_meta (self, "swv_name", error)) != NULL
         && (self->school_type = read_meta (self, "school_type", error)) != NULL
         && (self->region = read_meta (self, "region", error)) != NULL
         && (self->replica = read_meta (self, "replica", error)) != NULL;
}

static int
query_int (RbDatabase *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;
  int rc, value = -1;

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        value = sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    rb_database_set_error (self, rc, error);
  return value;
}

static gboolean
migrate (RbDatabase *self, int from_version, GError **error)
{
  guint n_steps;
  const char *const *steps = rb_schema_get_migrations (&n_steps);

  for (guint step = (guint) from_version; step < n_steps; step++)
    if (!rb_database_exec (self, steps[step], error))
      return FALSE;
  return rb_database_exec (self, "PRAGMA user_version = " G_STRINGIFY (RB_SCHEMA_VERSION), error);
}

/* A consistent copy made before a migration changes the file, named after the old version. */
static gboolean
write_backup (RbDatabase *self, int version, GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *backup = g_strdup_printf ("%s.v%d-%s.bak", self->path, version, stamp);
  sqlite3 *target = NULL;
  sqlite3_backup *backup_op;
  int rc;

  rc = sqlite3_open_v2 (backup, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup_op = sqlite3_backup_init (target, "main", self->handle, "main");
      if (backup_op != NULL)
        {
          sqlite3_backup_step (backup_op, -1);
          sqlite3_backup_finish (backup_op);
        }
      rc = sqlite3_errcode (target);
    }
  sqlite3_close (target);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = display_name (self->path);
      g_unlink (backup);
      g_set_error (error, RB_ERROR, RB_ERROR_IO,
                   _("Could not write a backup copy of “%s” before updating it; the file was "
                     "left as it was (%s)"),
                   name, sqlite3_errstr (rc));
      return FALSE;
    }
  rb_set_str (&self->backup_path, backup);
  return TRUE;
}

static gboolean
open_handle (RbDatabase *self, int flags, GError **error)
{
  int rc = sqlite3_open_v2 (self->path, &self->handle, flags | SQLITE_OPEN_EXRESCODE, NULL);

  if (rc != SQLITE_OK)
    {
      rb_database_set_error (self, rc, error);
      return FALSE;
    }
  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);

  /* The exclusive lock is taken by the first write below and kept until close: no other
   * process can read or write the file meanwhile, so it is never open twice for writing. */
  return rb_database_exec (self, "PRAGMA locking_mode = EXCLUSIVE", error);
}

static gboolean
finish_open (RbDatabase *self, GError **error)
{
  /* A large page cache: the dashboard reads every case, absence and meeting at start. */
  return rb_database_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                           "PRAGMA cache_size = -65536;"
                           "PRAGMA foreign_keys = ON", error)
         && rb_database_exec (self, "BEGIN IMMEDIATE; COMMIT", error)
         && load_identity (self, error);
}

/*
 * Files open in this process, by device and inode. SQLite's locks are POSIX locks, which
 * a process loses on a file as soon as it closes *any* descriptor of it; so a second open
 * of the same file in one process must be refused before it reads the file at all.
 */
G_LOCK_DEFINE_STATIC (open_files);
static GHashTable *open_files;

static char *
file_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64) st.st_dev,
                          (guint64) st.st_ino);
}

static gboolean
claim_file (RbDatabase *self, GError **error)
{
  g_autofree char *key = file_key (self->path);
  gboolean claimed = TRUE;

  /* A missing file is reported by the checks that follow. */
  if (key == NULL)
    return TRUE;
  G_LOCK (open_files);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_contains (open_files, key))
    claimed = FALSE;
  else
    {
      self->file_key = g_strdup (key);
      g_hash_table_add (open_files, g_steal_pointer (&key));
    }
  G_UNLOCK (open_files);

  if (!claimed)
    rb_database_set_error (self, SQLITE_BUSY, error);
  return claimed;
}

static void
release_file (RbDatabase *self)
{
  if (self->file_key == NULL)
    return;
  G_LOCK (open_files);
  g_hash_table_remove (open_files, self->file_key);
  G_UNLOCK (open_files);
  g_clear_pointer (&self->file_key, g_free);
}

static void
close_handle (RbDatabase *self)
{
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->handle, sqlite3_close);
  release_file (self);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
rb_database_dispose (GObject *object)
{
  rb_database_close (RB_DATABASE (object));

  G_OBJECT_CLASS (rb_database_parent_class)->dispose (object);
}

static void
rb_database_finalize (GObject *object)
{
  RbDatabase *self = RB_DATABASE (object);

  g_hash_table_unref (self->statements);
  g_free (self->path);
  g_free (self->backup_path);
  g_free (self->swv_uuid);
  g_free (self->swv_name);
  g_free (self->school_type);
  g_free (self->region);
  g_free (self->replica);

  G_OBJECT_CLASS (rb_database_parent_class)->finalize (object);
}

static void
rb_database_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RbDatabase *self = RB_DATABASE (object);

  switch (prop_id)
    {
    case PROP_SWV_NAME:
      g_value_set_string (value, self->swv_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_database_class_init (RbDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rb_database_dispose;
  object_class->finalize = rb_database_finalize;
  object_class->get_property = rb_database_get_property;

  properties[PROP_SWV_NAME] =
    g_param_spec_string ("swv-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rb_database_init (RbDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

static RbDatabase *
database_new (const char *path)
{
  RbDatabase *self = g_object_new (RB_TYPE_DATABASE, NULL);

  self->path = g_canonicalize_filename (path, NULL);
  return self;
}

/**
 * rb_database_open:
 * @path: an SWV database file
 * @error: return location for an error
 *
 * Opens an existing database for writing. A file that is not a Routeboek database, is
 * damaged, comes from a newer version or cannot be written is refused and left untouched.
 * An older file is first copied to a backup beside it, then updated in one transaction.
 *
 * Returns: (transfer full): the open database, or %NULL with @error set.
 */
RbDatabase *
rb_database_open (const char *path, GError **error)
{
  g_autoptr(RbDatabase) self = NULL;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  self = database_new (path);
  if (!claim_file (self, error) || !check_header (path, error)
      || !check_writable (path, TRUE, error))
    return NULL;

  if (!open_handle (self, SQLITE_OPEN_READWRITE, error))
    return NULL;

  /* The header is only a hint when a journal holds newer pages: ask SQLite itself. */
  version = query_int (self, "PRAGMA user_version", error);
  if (version < 0)
    return NULL;
  if (version > RB_SCHEMA_VERSION)
    {
      g_autofree char *name = display_name (path);
      g_set_error (error, RB_ERROR, RB_ERROR_NEWER_VERSION,
                   _("“%s” was made by a newer version of Routeboek. Update Routeboek to open it."),
                   name);
      return NULL;
    }
  if (version < RB_SCHEMA_VERSION)
    {
      if (version < 1)
        {
          g_autofree char *name = display_name (path);
          g_set_error (error, RB_ERROR, RB_ERROR_CORRUPT,
                       _("“%s” is damaged: it has no Routeboek layout"), name);
          return NULL;
        }
      if (!write_backup (self, version, error) || !rb_database_begin (self, error))
        return NULL;
      if (!migrate (self, version, error))
        {
          rb_database_rollback (self);
          return NULL;
        }
      if (!rb_database_commit (self, error))
        return NULL;
    }

  if (!finish_open (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * rb_database_create:
 * @path: where the new file goes; it must not exist yet
 * @swv_name: the samenwerkingsverband's name
 * @school_type: "PO" or "VO"
 * @region: the holiday region: "noord", "midden" or "zuid"
 * @error: return location for an error
 *
 * Creates a database for one SWV with a new identity, this installation's replica id,
 * the signal criteria for @school_type and the school holidays of @region.
 *
 * Returns: (transfer full): the open database, or %NULL with @error set.
 */
RbDatabase *
rb_database_create (const char  *path,
                    const char  *swv_name,
                    const char  *school_type,
                    const char  *region,
                    GError     **error)
{
  g_autofree char *swv_uuid = g_uuid_string_random ();
  g_autofree char *replica = g_uuid_string_random ();

  return rb_database_create_full (path, swv_uuid, swv_name, school_type, region, replica, TRUE,
                                  error);
}

static gboolean
validate_identity (const char  *swv_uuid,
                   const char  *swv_name,
                   const char  *school_type,
                   const char  *region,
                   const char  *replica,
                   GError     **error)
{
  if (rb_str_is_blank (swv_name))
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("The samenwerkingsverband needs a name"));
  else if (!g_strv_contains (rb_school_types, school_type ? school_type : ""))
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("“%s” is not a kind of samenwerkingsverband: choose PO or VO"),
                 school_type ? school_type : "");
  else if (!g_strv_contains (rb_regions, region ? region : ""))
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                 _("“%s” is not a holiday region: choose noord, midden or zuid"),
                 region ? region : "");
  else if (!g_uuid_string_is_valid (swv_uuid) || !g_uuid_string_is_valid (replica))
    g_set_error (error, RB_ERROR, RB_ERROR_INVALID, _("The identity of the database is not a UUID"));
  else
    return TRUE;
  return FALSE;
}

/**
 * rb_database_create_full:
 * @path: where the new file goes; it must not exist yet
 * @swv_uuid: the samenwerkingsverband's identity
 * @swv_name: its name
 * @school_type: "PO" or "VO"
 * @region: "noord", "midden" or "zuid"
 * @replica: this installation's replica id
 * @install_defaults: whether to add the shipped criteria and holidays
 * @error: return location for an error
 *
 * Like rb_database_create() with a given identity (loading a fixture, generating data).
 * The file is built under a temporary name and renamed into place when complete, so a
 * failure (a full disk...) never leaves half a database behind.
 *
 * Returns: (transfer full): the open database, or %NULL with @error set.
 */
RbDatabase *
rb_database_create_full (const char  *path,
                         const char  *swv_uuid,
                         const char  *swv_name,
                         const char  *school_type,
                         const char  *region,
                         const char  *replica,
                         gboolean     install_defaults,
                         GError     **error)
{
  g_autoptr(RbDatabase) self = NULL;
  g_autofree char *name = NULL;
  g_autofree char *building = NULL;
  g_autofree char *timestamp = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  if (!validate_identity (swv_uuid, swv_name, school_type, region, replica, error))
    return NULL;

  name = display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RB_ERROR, RB_ERROR_INVALID,
                   _("“%s” already exists; choose another name for the new database"), name);
      return NULL;
    }
  if (!check_writable (path, FALSE, error))
    return NULL;

  self = database_new (path);
  building = g_strdup_printf ("%s.part", self->path);
  g_unlink (building);

  /* Build under the temporary name; the real path is only used once it is complete. */
  rb_set_str (&self->path, building);
  if (!open_handle (self, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error))
    {
      close_handle (self);
      g_unlink (building);
      return NULL;
    }

  self->swv_uuid = g_strdup (swv_uuid);
  self->swv_name = g_strdup (swv_name);
  self->school_type = g_strdup (school_type);
  self->region = g_strdup (region);
  self->replica = g_strdup (replica);
  timestamp = rb_database_dup_timestamp (self);

  ok = rb_database_exec (self, "PRAGMA application_id = " G_STRINGIFY (RB_APPLICATION_ID), error)
       && rb_database_exec (self, "PRAGMA foreign_keys = ON", error)
       && rb_database_begin (self, error);
  if (ok)
    {
      ok = migrate (self, 0, error)
           && write_meta (self, "swv_uuid", swv_uuid, error)
           && write_meta (self, "swv_name", swv_name, error)
           && write_meta (self, "school_type", school_type, error)
           && write_meta (self, "region", region, error)
           && write_meta (self, "replica", replica, error)
           && write_meta (self, "created_at", timestamp, error)
           && (!install_defaults || rb_defaults_install (self, error))
           && rb_database_commit (self, error);
      if (!ok)
        rb_database_rollback (self);
    }
  close_handle (self);

  if (ok && g_rename (building, path) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, RB_ERROR, RB_ERROR_IO, _("Could not create “%s”: %s"), name,
                   g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (building);
      return NULL;
    }

  rb_set_str (&self->path, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  if (!claim_file (self, error) || !open_handle (self, SQLITE_OPEN_READWRITE, error)
      || !finish_open (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * rb_database_close:
 * @self: a database
 *
 * Closes the file and releases its lock. Safe to call twice.
 */
void
rb_database_close (RbDatabase *self)
{
  g_return_if_fail (RB_IS_DATABASE (self));

  if (self->handle == NULL)
    {
      /* An open that failed before SQLite had the file may still hold the claim. */
      release_file (self);
      return;
    }
  if (self->transaction_depth > 0)
    {
      g_warning ("Closing %s inside a transaction; rolling it back", self->path);
      self->transaction_depth = 1;
      rb_database_rollback (self);
    }
  close_handle (self);
}

gboolean
rb_database_is_open (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), FALSE);
  return self->handle != NULL;
}

const char *
rb_database_get_path (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->path;
}

const char *
rb_database_get_swv_uuid (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->swv_uuid;
}

const char *
rb_database_get_swv_name (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->swv_name;
}

const char *
rb_database_get_school_type (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->school_type;
}

const char *
rb_database_get_region (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->region;
}

const char *
rb_database_get_replica (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->replica;
}

/**
 * rb_database_get_backup_path:
 * @self: a database
 *
 * Returns: (nullable): the copy written before this open migrated the file, if it did.
 */
const char *
rb_database_get_backup_path (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);
  return self->backup_path;
}

gboolean
rb_database_set_swv_name (RbDatabase *self, const char *name, GError **error)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), FALSE);

  if (!validate_identity (self->swv_uuid, name, self->school_type, self->region, self->replica,
                          error)
      || !write_meta (self, "swv_name", name, error))
    return FALSE;
  if (rb_set_str (&self->swv_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SWV_NAME]);
  return TRUE;
}

gboolean
rb_database_set_region (RbDatabase *self, const char *region, GError **error)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), FALSE);

  if (!validate_identity (self->swv_uuid, self->swv_name, self->school_type, region,
                          self->replica, error)
      || !write_meta (self, "region", region, error))
    return FALSE;
  rb_set_str (&self->region, region);
  return TRUE;
}

/**
 * rb_database_set_clock:
 * @self: a database
 * @clock: (nullable): where the current time comes from; %NULL for the system clock
 * @user_data: data for @clock
 *
 * Tests and the data generator use a fixed clock so that stamps are reproducible.
 */
void
rb_database_set_clock (RbDatabase *self, RbClockFunc clock, gpointer user_data)
{
  g_return_if_fail (RB_IS_DATABASE (self));

  self->clock = clock;
  self->clock_data = user_data;
}

GDateTime *
rb_database_dup_now (RbDatabase *self)
{
  g_return_val_if_fail (RB_IS_DATABASE (self), NULL);

  return self->clock != NULL ? self->clock (self->clock_data) : g_date_time_new_now_utc ();
}

/**
 * rb_database_get_today:
 * @self: a database
 * @today: (out caller-allocates): set to the local day of rb_database_dup_now()
 *
 * The one "today" that deadlines, signals and dashboards count from, so that a test's or
 * the generator's fixed clock moves them all.
 */
void
rb_database_get_today (RbDatabase *self, GDate *today)
{
  g_autoptr(GDateTime) now = rb_database_dup_now (self);

  rb_date_set_local_day (today, now);
}

/**
 * rb_database_dup_today:
 * @self: a database
 *
 * Returns: (transfer full): rb_database_get_today() as YYYY-MM-DD.
 */
char *
rb_database_dup_today (RbDatabase *self)
{
  GDate today;

  rb_database_get_today (self, &today);
  return rb_date_format (&today);
}

/**
 * rb_database_dup_timestamp:
 * @self: a database
 *
 * Returns: (transfer full): now, as an ISO 8601 UTC stamp with microseconds.
 */
char *
rb_database_dup_timestamp (RbDatabase *self)
{
  g_autoptr(GDateTime) now = rb_database_dup_now (self);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * rb_database_begin:
 * @self: an open database
 * @error: return location for an error
 *
 * Starts a transaction, or a savepoint inside one, so that functions that change many
 * rows can be combined into a larger all-or-nothing change.
 *
 * Returns: %TRUE on success; then call rb_database_commit() or rb_database_rollback().
 */
gboolean
rb_database_begin (RbDatabase *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (self) && self->handle != NULL, FALSE);

  sql = self->transaction_depth == 0
          ? g_strdup ("BEGIN IMMEDIATE")
          : g_strdup_printf ("SAVEPOINT rb_%u", self->transaction_depth);
  if (!rb_database_exec (self, sql, error))
    return FALSE;
  self->transaction_depth++;
  return TRUE;
}

gboolean
rb_database_commit (RbDatabase *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (self) && self->transaction_depth > 0, FALSE);

  sql = self->transaction_depth == 1
          ? g_strdup ("COMMIT")
          : g_strdup_printf ("RELEASE rb_%u", self->transaction_depth - 1);
  if (!rb_database_exec (self, sql, error))
    {
      rb_database_rollback (self);
      return FALSE;
    }
  self->transaction_depth--;
  return TRUE;
}

void
rb_database_rollback (RbDatabase *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (RB_IS_DATABASE (self) && self->transaction_depth > 0);

  sql = self->transaction_depth == 1
          ? g_strdup ("ROLLBACK")
          : g_strdup_printf ("ROLLBACK TO rb_%u; RELEASE rb_%u", self->transaction_depth - 1,
                             self->transaction_depth - 1);
  /* After a failed COMMIT SQLite may already have rolled back; that is fine. */
  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  self->transaction_depth--;
}

/**
 * rb_database_remove_files:
 * @path: a database file that is not open
 *
 * Removes the file and what SQLite keeps beside it, for a database that was never
 * completed (a failed load or import): nothing of it may be left to be opened later.
 */
void
rb_database_remove_files (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}
