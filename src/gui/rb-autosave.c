/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-autosave"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-autosave.h"
#include "rb-gui-util.h"
#include "rb-store.h"
#include "rb-util.h"

/**
 * RbAutosave:
 *
 * Saves typing as you go: an entry row made by rb_autosave_entry_row() writes each change
 * into its record, marks the record dirty and restarts a short timer
 * (%RB_AUTOSAVE_DELAY); when the timer fires every dirty record is saved in one
 * transaction. Typing without a pause is saved too: never later than
 * %RB_AUTOSAVE_MAX_DELAY after the first unsaved change. rb_autosave_flush() saves at once. A record that breaks a rule (an
 * emptied name) stays dirty, with #RbAutosave:problem saying why, until it is fixed.
 */

struct _RbAutosave
{
  GObject parent_instance;

  RbDatabase *db;
  GHashTable *dirty;
  guint source;
  gint64 first_pending;
  char *problem;
};

G_DEFINE_FINAL_TYPE (RbAutosave, rb_autosave, G_TYPE_OBJECT)

enum
{
  SAVED,
  PENDING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_problem (RbAutosave *self, const char *problem)
{
  rb_set_str (&self->problem, problem);
  g_signal_emit (self, signals[PENDING], 0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  RbAutosave *self = user_data;

  self->source = 0;
  rb_autosave_flush (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed_cb (GtkEditable *editable, RbAutosave *self)
{
  RbRecord *record = g_object_get_data (G_OBJECT (editable), "rb-record");
  const char *column = g_object_get_data (G_OBJECT (editable), "rb-column");
  const RbColumn *col = rb_table_lookup_column (rb_record_get_table (record), column, NULL);
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  if (col->type == RB_COLUMN_DATE && !rb_str_is_blank (text))
    value = rb_gui_parse_date (text, &error);
  else
    value = g_strdup (text);
  if (value == NULL || !rb_record_set_text (record, column, value, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      set_problem (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  rb_autosave_mark (self, record);
}

static void
rb_autosave_dispose (GObject *object)
{
  RbAutosave *self = RB_AUTOSAVE (object);

  rb_autosave_flush (self);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (rb_autosave_parent_class)->dispose (object);
}

static void
rb_autosave_finalize (GObject *object)
{
  RbAutosave *self = RB_AUTOSAVE (object);

  g_hash_table_unref (self->dirty);
  g_free (self->problem);

  G_OBJECT_CLASS (rb_autosave_parent_class)->finalize (object);
}

static void
rb_autosave_class_init (RbAutosaveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rb_autosave_dispose;
  object_class->finalize = rb_autosave_finalize;

  /**
   * RbAutosave::saved:
   * @autosave: the autosave
   * @records: (element-type RbRecord): what was written
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  /* Emitted when typing waits to be saved, or cannot be saved (see the problem). */
  signals[PENDING] = g_signal_new ("pending", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rb_autosave_init (RbAutosave *self)
{
  self->dirty = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
}

RbAutosave *
rb_autosave_new (void)
{
  return g_object_new (RB_TYPE_AUTOSAVE, NULL);
}

/* Saves what is pending into the old database before switching. */
void
rb_autosave_set_database (RbAutosave *self, RbDatabase *db)
{
  g_return_if_fail (RB_IS_AUTOSAVE (self));

  if (db == self->db)
    return;
  rb_autosave_flush (self);
  g_hash_table_remove_all (self->dirty);
  g_set_object (&self->db, db);
}

/**
 * rb_autosave_entry_row:
 * @self: an autosave
 * @record: a record
 * @column: one of its columns; dates are shown and typed as day-month-year
 * @title: the row's title
 *
 * Returns: (transfer floating): an #AdwEntryRow that edits @column of @record.
 */
GtkWidget *
rb_autosave_entry_row (RbAutosave *self, RbRecord *record, const char *column, const char *title)
{
  const RbColumn *col;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *row;

  g_return_val_if_fail (RB_IS_AUTOSAVE (self), NULL);
  g_return_val_if_fail (RB_IS_RECORD (record), NULL);

  col = rb_table_lookup_column (rb_record_get_table (record), column, NULL);
  g_return_val_if_fail (col != NULL, NULL);
  text = rb_record_dup_text (record, column);
  if (col->type == RB_COLUMN_DATE)
    shown = rb_gui_format_date (text);
  row = rb_gui_entry_row (title, shown != NULL ? shown : text);
  g_object_set_data_full (G_OBJECT (row), "rb-record", g_object_ref (record), g_object_unref);
  g_object_set_data (G_OBJECT (row), "rb-column", (gpointer) col->name);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_changed_cb), self, 0);
  return row;
}

/**
 * rb_autosave_mark:
 * @self: an autosave
 * @record: a record changed in memory
 *
 * Saves @record after the delay, with whatever else changes meanwhile.
 */
void
rb_autosave_mark (RbAutosave *self, RbRecord *record)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left;

  g_return_if_fail (RB_IS_AUTOSAVE (self));

  g_hash_table_add (self->dirty, g_object_ref (record));
  if (self->first_pending == 0)
    self->first_pending = now;
  left = RB_AUTOSAVE_MAX_DELAY - (now - self->first_pending) / 1000;
  g_clear_handle_id (&self->source, g_source_remove);
  self->source = g_timeout_add (CLAMP (left, 0, RB_AUTOSAVE_DELAY), timeout_cb, self);
  set_problem (self, NULL);
}

/**
 * rb_autosave_flush:
 * @self: an autosave
 *
 * Saves every dirty record now, in one transaction.
 *
 * Returns: %TRUE when nothing is left unsaved.
 */
gboolean
rb_autosave_flush (RbAutosave *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer record;

  g_return_val_if_fail (RB_IS_AUTOSAVE (self), FALSE);

  g_clear_handle_id (&self->source, g_source_remove);
  self->first_pending = 0;
  if (self->db == NULL || g_hash_table_size (self->dirty) == 0)
    return TRUE;

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &record, NULL))
    {
      g_autoptr(GError) invalid = NULL;

      if (!rb_record_validate (record, &invalid))
        {
          set_problem (self, invalid->message);
          continue;
        }
      g_ptr_array_add (records, g_object_ref (record));
      g_hash_table_iter_steal (&iter);
    }
  if (records->len == 0)
    return FALSE;
  /* rb_store_save_all writes them in one transaction: all or nothing. */
  if (!rb_store_save_all (self->db, records, &error))
    {
      for (guint i = 0; i < records->len; i++)
        g_hash_table_add (self->dirty, g_object_ref (records->pdata[i]));
      set_problem (self, error->message);
      return FALSE;
    }
  /* The stolen keys held a reference each. */
  for (guint i = 0; i < records->len; i++)
    g_object_unref (records->pdata[i]);
  g_signal_emit (self, signals[SAVED], 0, records);
  return g_hash_table_size (self->dirty) == 0;
}

gboolean
rb_autosave_has_pending (RbAutosave *self)
{
  g_return_val_if_fail (RB_IS_AUTOSAVE (self), FALSE);
  return g_hash_table_size (self->dirty) > 0;
}

/**
 * rb_autosave_get_problem:
 * @self: an autosave
 *
 * Returns: (nullable): why the last change cannot be saved, as a sentence.
 */
const char *
rb_autosave_get_problem (RbAutosave *self)
{
  g_return_val_if_fail (RB_IS_AUTOSAVE (self), NULL);
  return self->problem;
}
