/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-share-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-gui-util.h"
#include "rb-share-dialog.h"

/**
 * RbShareDialog:
 *
 * Asks for the SWV's passphrase and exports or imports one bundle. The work runs in a
 * thread (GTask) so the window keeps drawing; a progress bar follows it and, after an
 * import, the dialog says what was added and updated and how many conflicts wait.
 *
 * The database is used by the thread while the dialog runs: the dialog is modal, and
 * the window must not touch the database until #RbShareDialog::finished. Cancel (or
 * closing the dialog) stops the work: an import is rolled back, an export writes no file.
 */

#define PROGRESS_INTERVAL_MS 100

struct _RbShareDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkButton *cancel_button;
  GtkButton *start_button;
  GtkLabel *intro_label;
  AdwPreferencesGroup *passphrase_group;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *repeat_row;
  GtkProgressBar *progress_bar;
  GtkLabel *message_label;

  RbDatabase *db;
  RbShareMode mode;
  GFile *file;
  guint64 opslimit;
  guint64 memlimit;
  gboolean running;
  GCancellable *cancellable;  /* of the running work */
  gboolean close_when_done;
  guint progress_source;
  gint progress_permille;  /* written by the thread, read by the timeout (atomic) */
  RbSyncSummary summary;
};

G_DEFINE_FINAL_TYPE (RbShareDialog, rb_share_dialog, ADW_TYPE_WINDOW)

enum
{
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  RbDatabase *db;
  RbShareMode mode;
  char *path;
  char *passphrase;
  RbSyncOptions options;
  RbSyncSummary summary;
} Job;

static void
job_free (Job *job)
{
  g_object_unref (job->db);
  g_clear_object (&job->options.cancellable);
  g_free (job->path);
  /* The passphrase is not left behind in freed memory. */
  if (job->passphrase != NULL)
    memset (job->passphrase, 0, strlen (job->passphrase));
  g_free (job->passphrase);
  rb_sync_summary_clear (&job->summary);
  g_free (job);
}

static void
on_progress (double fraction, gpointer user_data)
{
  RbShareDialog *self = user_data;

  g_atomic_int_set (&self->progress_permille, (gint) (fraction * 1000));
}

static gboolean
show_progress (gpointer user_data)
{
  RbShareDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 g_atomic_int_get (&self->progress_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
run_job (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->mode == RB_SHARE_EXPORT)
    ok = rb_sync_export (job->db, job->path, job->passphrase, &job->options, &job->summary,
                         &error);
  else
    ok = rb_sync_import (job->db, job->path, job->passphrase, &job->options, &job->summary,
                         &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_message (RbShareDialog *self, const char *text, gboolean is_error)
{
  gtk_label_set_text (self->message_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
}

static char *
describe_summary (RbShareMode mode, const RbSyncSummary *summary)
{
  g_autofree char *added = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *conflicts = NULL;

  if (mode == RB_SHARE_EXPORT)
    return g_strdup_printf (ngettext ("Exported %u record.", "Exported %u records.",
                                      summary->n_records),
                            summary->n_records);
  added = g_strdup_printf (ngettext ("%u record added", "%u records added", summary->added),
                           summary->added);
  updated = g_strdup_printf (ngettext ("%u updated", "%u updated", summary->updated),
                             summary->updated);
  if (summary->conflicts == 0)
    return g_strdup_printf (_("Imported: %s, %s. No conflicts."), added, updated);
  conflicts = g_strdup_printf (ngettext ("%u conflict waits for your choice",
                                         "%u conflicts wait for your choice",
                                         summary->conflicts),
                               summary->conflicts);
  return g_strdup_printf (_("Imported: %s, %s. %s."), added, updated, conflicts);
}

static void
set_running (RbShareDialog *self, gboolean running)
{
  self->running = running;
  if (!running)
    g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->passphrase_group), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  if (running)
    self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, show_progress, self);
  else
    g_clear_handle_id (&self->progress_source, g_source_remove);
}

static void
on_job_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  RbShareDialog *self = RB_SHARE_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  set_running (self, FALSE);
  if (!ok)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      if (!cancelled)
        show_message (self, error->message, TRUE);
      else if (self->mode == RB_SHARE_IMPORT)
        show_message (self, _("Cancelled: nothing was imported."), FALSE);
      else
        show_message (self, _("Cancelled: no file was written."), FALSE);
      g_signal_emit (self, signals[FINISHED], 0, FALSE);
      if (self->close_when_done)
        gtk_window_close (GTK_WINDOW (self));
      return;
    }
  rb_sync_summary_clear (&self->summary);
  self->summary = job->summary;
  memset (&job->summary, 0, sizeof job->summary);
  gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
  text = describe_summary (self->mode, &self->summary);
  show_message (self, text, FALSE);
  /* Done: only closing is left. */
  gtk_widget_set_visible (GTK_WIDGET (self->passphrase_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  g_signal_emit (self, signals[FINISHED], 0, TRUE);
}

static gboolean
passphrase_ready (RbShareDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (*passphrase == '\0')
    return FALSE;
  /* An export needs the passphrase twice: a typo would lock the colleague out. */
  return self->mode == RB_SHARE_IMPORT
         || g_strcmp0 (passphrase, gtk_editable_get_text (GTK_EDITABLE (self->repeat_row))) == 0;
}

static void
on_passphrase_changed (RbShareDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->start_button), passphrase_ready (self));
}

/**
 * rb_share_dialog_start:
 * @self: a dialog with a passphrase entered
 *
 * Starts the export or import, as the dialog's main button does.
 */
void
rb_share_dialog_start (RbShareDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (RB_IS_SHARE_DIALOG (self));

  if (self->running || !passphrase_ready (self))
    return;
  job = g_new0 (Job, 1);
  job->db = g_object_ref (self->db);
  job->mode = self->mode;
  job->path = g_file_get_path (self->file);
  job->passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  rb_sync_options_init (&job->options);
  if (self->opslimit > 0)
    {
      job->options.opslimit = self->opslimit;
      job->options.memlimit = self->memlimit;
    }
  job->options.progress = on_progress;
  job->options.progress_data = self;
  self->cancellable = g_cancellable_new ();
  job->options.cancellable = g_object_ref (self->cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  g_atomic_int_set (&self->progress_permille, 0);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_running (self, TRUE);
  task = g_task_new (self, NULL, on_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_job);
}

/**
 * rb_share_dialog_cancel:
 * @self: a dialog
 *
 * Stops the running export or import, as Cancel does, or closes the dialog when nothing
 * runs.
 */
void
rb_share_dialog_cancel (RbShareDialog *self)
{
  g_return_if_fail (RB_IS_SHARE_DIALOG (self));

  if (!self->running)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  show_message (self, _("Stopping…"), FALSE);
}

static gboolean
rb_share_dialog_close_request (GtkWindow *window)
{
  RbShareDialog *self = RB_SHARE_DIALOG (window);

  /* The thread holds the database: it stops first (an import rolls back), then the
   * dialog closes. */
  if (self->running)
    {
      self->close_when_done = TRUE;
      rb_share_dialog_cancel (self);
    }
  return self->running;
}

static void
rb_share_dialog_dispose (GObject *object)
{
  RbShareDialog *self = RB_SHARE_DIALOG (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_clear_object (&self->file);
  rb_sync_summary_clear (&self->summary);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_SHARE_DIALOG);

  G_OBJECT_CLASS (rb_share_dialog_parent_class)->dispose (object);
}

static void
rb_share_dialog_class_init (RbShareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rb_share_dialog_dispose;
  window_class->close_request = rb_share_dialog_close_request;

  /**
   * RbShareDialog::finished:
   * @self: the dialog
   * @success: whether the bundle was written or merged
   *
   * Emitted when the work is done; the database may be used again.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, start_button);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, passphrase_group);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RbShareDialog, message_label);
}

static void
rb_share_dialog_init (RbShareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->passphrase_row, "changed", G_CALLBACK (on_passphrase_changed),
                            self);
  g_signal_connect_swapped (self->repeat_row, "changed", G_CALLBACK (on_passphrase_changed), self);
  g_signal_connect_swapped (self->passphrase_row, "entry-activated",
                            G_CALLBACK (rb_share_dialog_start), self);
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (rb_share_dialog_start),
                            self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (rb_share_dialog_cancel),
                            self);
}

/**
 * rb_share_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @db: the open database
 * @mode: export or import
 * @file: the bundle to write or read (the caller asked for it with a file chooser)
 *
 * Returns: (transfer full): a new dialog; present it.
 */
RbShareDialog *
rb_share_dialog_new (GtkWindow *parent, RbDatabase *db, RbShareMode mode, GFile *file)
{
  RbShareDialog *self;
  g_autofree char *name = NULL;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (RB_IS_DATABASE (db) && G_IS_FILE (file), NULL);

  self = g_object_new (RB_TYPE_SHARE_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->mode = mode;
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  rb_gui_label_icon_buttons (GTK_WIDGET (self->passphrase_row));
  rb_gui_label_icon_buttons (GTK_WIDGET (self->repeat_row));
  if (mode == RB_SHARE_EXPORT)
    {
      adw_window_title_set_title (self->window_title, _("Export for Colleagues"));
      gtk_window_set_title (GTK_WINDOW (self), _("Export for Colleagues"));
      gtk_button_set_label (self->start_button, _("_Export"));
      intro = g_strdup_printf (_("Everything of “%s” is written encrypted to “%s”. Colleagues "
                                 "of the same samenwerkingsverband import it with the same "
                                 "passphrase."),
                               rb_database_get_swv_name (db), name);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Import from a Colleague"));
      gtk_window_set_title (GTK_WINDOW (self), _("Import from a Colleague"));
      gtk_button_set_label (self->start_button, _("_Import"));
      gtk_widget_set_visible (GTK_WIDGET (self->repeat_row), FALSE);
      intro = g_strdup_printf (_("The colleague’s changes in “%s” are merged into “%s”. Nothing "
                                 "of yours is lost: where you both changed the same field, "
                                 "you choose afterwards."),
                               name, rb_database_get_swv_name (db));
    }
  gtk_label_set_text (self->intro_label, intro);
  return self;
}

/**
 * rb_share_dialog_set_passphrase:
 * @self: a dialog
 * @passphrase: (nullable): the passphrase the user gave earlier this session
 *
 * Fills in the passphrase, so that it is asked once per session.
 */
void
rb_share_dialog_set_passphrase (RbShareDialog *self, const char *passphrase)
{
  g_return_if_fail (RB_IS_SHARE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase ? passphrase : "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), passphrase ? passphrase : "");
}

const char *
rb_share_dialog_get_passphrase (RbShareDialog *self)
{
  g_return_val_if_fail (RB_IS_SHARE_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
}

/**
 * rb_share_dialog_set_kdf_limits:
 * @self: a dialog
 * @opslimit: Argon2id passes for an export
 * @memlimit: Argon2id memory
 *
 * For tests: the app keeps libsodium's interactive limits.
 */
void
rb_share_dialog_set_kdf_limits (RbShareDialog *self, guint64 opslimit, guint64 memlimit)
{
  g_return_if_fail (RB_IS_SHARE_DIALOG (self));
  self->opslimit = opslimit;
  self->memlimit = memlimit;
}

RbShareMode
rb_share_dialog_get_mode (RbShareDialog *self)
{
  g_return_val_if_fail (RB_IS_SHARE_DIALOG (self), RB_SHARE_EXPORT);
  return self->mode;
}

/**
 * rb_share_dialog_get_file:
 * @self: a share dialog
 *
 * Returns: (transfer none): the bundle it writes or reads
 */
GFile *
rb_share_dialog_get_file (RbShareDialog *self)
{
  g_return_val_if_fail (RB_IS_SHARE_DIALOG (self), NULL);
  return self->file;
}

gboolean
rb_share_dialog_is_running (RbShareDialog *self)
{
  g_return_val_if_fail (RB_IS_SHARE_DIALOG (self), FALSE);
  return self->running;
}

/**
 * rb_share_dialog_get_summary:
 * @self: a dialog
 *
 * Returns: (transfer none): what the last successful run did.
 */
const RbSyncSummary *
rb_share_dialog_get_summary (RbShareDialog *self)
{
  g_return_val_if_fail (RB_IS_SHARE_DIALOG (self), NULL);
  return &self->summary;
}
