/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rb-bundle.h"
#include "rb-database.h"
#include "rb-schema.h"

G_BEGIN_DECLS

/**
 * RbSyncProgressFunc:
 * @fraction: how much is done, from 0 to 1
 * @user_data: the data given with the function
 *
 * Called now and then during a long export or import, in the thread that runs it.
 */
typedef void (*RbSyncProgressFunc) (double fraction, gpointer user_data);

/**
 * RbSyncOptions:
 * @opslimit: Argon2id passes for an export (rb_sync_options_init() sets the interactive ones)
 * @memlimit: Argon2id memory for an export
 * @peer: (nullable): export only what this colleague's replica has not seen yet, as
 *   known from the last bundle imported from it; %NULL for everything
 * @progress: (nullable): told how far the work is
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops the work where it tells its progress, before an import
 *   commits or an export writes its file: nothing is then changed or written, and the
 *   error is %G_IO_ERROR_CANCELLED
 */
typedef struct
{
  guint64 opslimit;
  guint64 memlimit;
  const char *peer;
  RbSyncProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;
} RbSyncOptions;

/**
 * RbSyncSummary:
 * @n_records: records in the bundle
 * @added: records that were new here
 * @updated: records whose values changed here
 * @conflicts: fields changed on both sides, now waiting for a choice
 * @replica: (nullable): the installation that exported the bundle (import only)
 */
typedef struct
{
  guint n_records;
  guint added;
  guint updated;
  guint conflicts;
  char *replica;
} RbSyncSummary;

void rb_sync_summary_clear (RbSyncSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RbSyncSummary, rb_sync_summary_clear)

/**
 * RbConflictChoice:
 * @text: the value as a user reads it ("" for empty)
 * @replica: the installation that made it
 * @changed_at: when, ISO 8601 UTC
 */
typedef struct
{
  char *text;
  char *replica;
  char *changed_at;
} RbConflictChoice;

/**
 * RbConflict:
 * @table: the record's table
 * @record_uuid: the record
 * @record_title: (nullable): who or what it is about: the pupil's name for a pupil, a case
 *   and what belongs to them, else the record's name; %NULL when it has none
 * @column: the field, or "deleted" when one side deleted the record and the other edited it
 * @choices: (element-type RbConflictChoice): the values to choose from; for "deleted"
 *   choice 0 keeps the record and choice 1 deletes it
 */
typedef struct
{
  const RbTable *table;
  char *record_uuid;
  char *record_title;
  char *column;
  GPtrArray *choices;
} RbConflict;

void rb_conflict_free (RbConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbConflict, rb_conflict_free)

#define RB_SYNC_DELETED_FIELD "deleted"

void        rb_sync_options_init   (RbSyncOptions  *options);
gboolean    rb_sync_export         (RbDatabase     *db,
                                    const char     *path,
                                    const char     *passphrase,
                                    const RbSyncOptions *options,
                                    RbSyncSummary  *summary,
                                    GError        **error);
gboolean    rb_sync_import         (RbDatabase     *db,
                                    const char     *path,
                                    const char     *passphrase,
                                    const RbSyncOptions *options,
                                    RbSyncSummary  *summary,
                                    GError        **error);
RbDatabase *rb_sync_import_new     (const char     *db_path,
                                    const char     *bundle_path,
                                    const char     *passphrase,
                                    const RbSyncOptions *options,
                                    RbSyncSummary  *summary,
                                    GError        **error);
gboolean    rb_sync_check_payload  (GBytes         *payload,
                                    GError        **error);
GPtrArray  *rb_sync_list_conflicts (RbDatabase     *db,
                                    GError        **error);
gboolean    rb_sync_resolve        (RbDatabase     *db,
                                    const char     *record_uuid,
                                    const char     *column,
                                    guint           choice,
                                    GError        **error);

G_END_DECLS
