/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-conflict-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-conflict-view.h"
#include "rb-route.h"
#include "rb-sync.h"

/**
 * RbConflictView:
 *
 * The fields that a colleague and this user both changed since their last exchange: per
 * field the values to choose from (newest first, with when and by which installation),
 * and a button that keeps the chosen one. Choosing is a change like any other, so it
 * reaches colleagues with the next export.
 */

struct _RbConflictView
{
  AdwBin parent_instance;

  GtkStack *stack;
  GtkBox *groups;

  RbDatabase *db;
  GPtrArray *shown;  /* (element-type GtkWidget): the groups added below the intro */
  guint n_conflicts;
};

G_DEFINE_FINAL_TYPE (RbConflictView, rb_conflict_view, ADW_TYPE_BIN)

enum
{
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
field_label (const RbConflict *conflict)
{
  const RbColumn *col;

  if (g_strcmp0 (conflict->column, RB_SYNC_DELETED_FIELD) == 0)
    return _("deleted or kept");
  col = rb_table_lookup_column (conflict->table, conflict->column, NULL);
  return col != NULL ? _(col->label) : conflict->column;
}

static void
on_keep_clicked (GtkButton *button, RbConflictView *self)
{
  GPtrArray *checks = g_object_get_data (G_OBJECT (button), "checks");
  const char *record = g_object_get_data (G_OBJECT (button), "record");
  const char *column = g_object_get_data (G_OBJECT (button), "column");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (checks, i)))
      {
        if (!rb_sync_resolve (self->db, record, column, i, &error)
            || !rb_conflict_view_reload (self, &error))
          {
            GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_PREFERENCES_GROUP);

            adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (row), error->message);
            return;
          }
        g_signal_emit (self, signals[RESOLVED], 0);
        return;
      }
}

static void
on_choice_toggled (GtkCheckButton *check, GtkWidget *keep)
{
  if (gtk_check_button_get_active (check))
    gtk_widget_set_sensitive (keep, TRUE);
}

/* What a choice shows: a route's definition as what its version has (the JSON means
 * nothing to a regisseur), compared with the other choice; else the value itself. */
static char *
choice_text (RbConflict *conflict, guint index)
{
  RbConflictChoice *choice = g_ptr_array_index (conflict->choices, index);
  RbConflictChoice *other = conflict->choices->len > 1
      ? g_ptr_array_index (conflict->choices, index == 0 ? 1 : 0) : NULL;
  char *description = NULL;

  if (g_str_equal (conflict->table->name, "routes")
      && g_str_equal (conflict->column, "definition"))
    description = rb_route_describe_version (choice->text, other != NULL ? other->text : NULL);
  if (description != NULL)
    return description;
  return g_strdup (*choice->text != '\0' ? choice->text : _("(empty)"));
}

/* When and where a value was made: the local day and time as the app writes them, and
 * whether here or at a colleague's installation (its number, as the bundle names it). */
static char *
describe_change (RbConflictView *self, const RbConflictChoice *choice)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (choice->changed_at, NULL);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%d-%m-%Y %H:%M")
                                        : g_strdup (choice->changed_at);

  if (g_strcmp0 (choice->replica, rb_database_get_replica (self->db)) == 0)
    return g_strdup_printf (_("changed %s here"), when);
  return g_strdup_printf (_("changed %s by a colleague (installation %.8s)"), when,
                          choice->replica);
}

static GtkWidget *
conflict_group (RbConflictView *self, RbConflict *conflict)
{
  /* Who the record is about (a pupil's name) above, what of it below; without one, the
   * start of its number. */
  g_autofree char *title = conflict->record_title != NULL
      ? g_strdup (conflict->record_title)
      : g_strdup_printf ("%s %.8s", _(conflict->table->label), conflict->record_uuid);
  /* TRANSLATORS: a kind of record and one of its fields, e.g. "case: route". */
  g_autofree char *what = g_strdup_printf (_("%s: %s"), _(conflict->table->label),
                                           field_label (conflict));
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep Chosen Value"));
  GPtrArray *checks = g_ptr_array_new ();
  GtkCheckButton *first = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), what);
  gtk_widget_add_css_class (keep, "suggested-action");
  gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (keep, FALSE);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), keep);

  for (guint c = 0; c < conflict->choices->len; c++)
    {
      RbConflictChoice *choice = g_ptr_array_index (conflict->choices, c);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = describe_change (self, choice);
      g_autofree char *text = choice_text (conflict, c);
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      /* A long value (a whole route's definition) would push the other choices off the
       * screen: its first lines are shown, all of it in the tooltip. */
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      if (g_utf8_strlen (text, -1) > 160)
        gtk_widget_set_tooltip_text (row, text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_choice_toggled), keep);
      g_ptr_array_add (checks, check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  g_object_set_data_full (G_OBJECT (keep), "checks", checks, (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (keep), "record", g_strdup (conflict->record_uuid), g_free);
  g_object_set_data_full (G_OBJECT (keep), "column", g_strdup (conflict->column), g_free);
  g_signal_connect (keep, "clicked", G_CALLBACK (on_keep_clicked), self);
  return group;
}

/**
 * rb_conflict_view_reload:
 * @self: a view
 * @error: return location for an error
 *
 * Shows the conflicts the database holds now, e.g. after an import.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_conflict_view_reload (RbConflictView *self, GError **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;

  g_return_val_if_fail (RB_IS_CONFLICT_VIEW (self), FALSE);

  if ((conflicts = rb_sync_list_conflicts (self->db, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < self->shown->len; i++)
    gtk_box_remove (self->groups, g_ptr_array_index (self->shown, i));
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *group = conflict_group (self, g_ptr_array_index (conflicts, i));

      gtk_box_append (self->groups, group);
      g_ptr_array_add (self->shown, group);
    }
  self->n_conflicts = conflicts->len;
  gtk_stack_set_visible_child_name (self->stack, conflicts->len > 0 ? "list" : "empty");
  return TRUE;
}

guint
rb_conflict_view_get_n_conflicts (RbConflictView *self)
{
  g_return_val_if_fail (RB_IS_CONFLICT_VIEW (self), 0);
  return self->n_conflicts;
}

static void
rb_conflict_view_dispose (GObject *object)
{
  RbConflictView *self = RB_CONFLICT_VIEW (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  /* Not gtk_widget_dispose_template(): AdwBin unparents its child (the template's stack)
   * itself and would find it gone. */

  G_OBJECT_CLASS (rb_conflict_view_parent_class)->dispose (object);
}

static void
rb_conflict_view_class_init (RbConflictViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_conflict_view_dispose;

  /**
   * RbConflictView::resolved:
   * @self: the view
   *
   * A value was chosen: the database changed, views of it should reload.
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-conflict-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RbConflictView, stack);
  gtk_widget_class_bind_template_child (widget_class, RbConflictView, groups);
}

static void
rb_conflict_view_init (RbConflictView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = g_ptr_array_new ();
}

/**
 * rb_conflict_view_new:
 * @db: the open database
 *
 * Returns: (transfer full): a view showing @db's conflicts.
 */
RbConflictView *
rb_conflict_view_new (RbDatabase *db)
{
  RbConflictView *self;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_CONFLICT_VIEW, NULL);
  self->db = g_object_ref (db);
  rb_conflict_view_reload (self, NULL);
  return self;
}
