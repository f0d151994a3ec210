/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-slot-list-model"

#include "config.h"

#include "rb-case-row.h"
#include "rb-slot-list-model.h"

/**
 * RbSlotListModel:
 *
 * A selection model over another one of #RbCaseRow whose items are slots (see
 * rb_case_row_new_slot()), one per position: when the items of the underlying model
 * change, the slots that stay show their new row and only a longer or shorter list is
 * reported as items-changed. A list view then keeps its
 * row widgets and binds them again, instead of destroying and creating a screenful of
 * rows for every key typed into a search that filters the list (GTK 4.8 recycles row
 * widgets only for the same item). Selection is that of the underlying model, so it
 * follows the items, not the slots.
 *
 * A view that is hidden while the underlying model is empty (behind an empty state) can
 * keep its row widgets too: see rb_slot_list_model_set_keep_when_empty().
 *
 * A longer list gets its new slots a screenful at a time: the first step at once, the
 * others when the main loop is idle, after the frame that shows the first. A view in
 * GTK 4.8 makes row widgets for up to 200 items, and making them all for the key that
 * turns a few matches into many took 50-100 ms in one go.
 */

/* Rows of a tall screen. */
#define SLOTS_PER_STEP 40

struct _RbSlotListModel
{
  GObject parent_instance;

  GtkSelectionModel *model;
  GPtrArray *slots;
  /* The selection as the view was last told of it. */
  GtkBitset *selected;
  gboolean keep_when_empty;
  guint grow_id;
};

static void rb_slot_list_model_list_init (GListModelInterface *iface);
static void rb_slot_list_model_selection_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RbSlotListModel, rb_slot_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rb_slot_list_model_list_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      rb_slot_list_model_selection_init))

static GType
get_item_type (GListModel *list)
{
  return RB_TYPE_CASE_ROW;
}

static guint
get_n_items (GListModel *list)
{
  return RB_SLOT_LIST_MODEL (list)->slots->len;
}

static gpointer
get_item (GListModel *list, guint position)
{
  RbSlotListModel *self = RB_SLOT_LIST_MODEL (list);

  if (position >= self->slots->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
rb_slot_list_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* The selection is the underlying model's, position for position. */
#define MODEL(selection) (RB_SLOT_LIST_MODEL (selection)->model)

static gboolean
is_selected (GtkSelectionModel *selection, guint position)
{
  return gtk_selection_model_is_selected (MODEL (selection), position);
}

static GtkBitset *
get_selection_in_range (GtkSelectionModel *selection, guint position, guint n_items)
{
  return gtk_selection_model_get_selection_in_range (MODEL (selection), position, n_items);
}

static gboolean
select_item (GtkSelectionModel *selection, guint position, gboolean unselect_rest)
{
  return gtk_selection_model_select_item (MODEL (selection), position, unselect_rest);
}

static gboolean
unselect_item (GtkSelectionModel *selection, guint position)
{
  return gtk_selection_model_unselect_item (MODEL (selection), position);
}

static gboolean
select_range (GtkSelectionModel *selection, guint position, guint n_items, gboolean unselect_rest)
{
  return gtk_selection_model_select_range (MODEL (selection), position, n_items, unselect_rest);
}

static gboolean
unselect_range (GtkSelectionModel *selection, guint position, guint n_items)
{
  return gtk_selection_model_unselect_range (MODEL (selection), position, n_items);
}

static gboolean
select_all (GtkSelectionModel *selection)
{
  return gtk_selection_model_select_all (MODEL (selection));
}

static gboolean
unselect_all (GtkSelectionModel *selection)
{
  return gtk_selection_model_unselect_all (MODEL (selection));
}

static gboolean
set_selection (GtkSelectionModel *selection, GtkBitset *selected, GtkBitset *mask)
{
  return gtk_selection_model_set_selection (MODEL (selection), selected, mask);
}

static void
rb_slot_list_model_selection_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = is_selected;
  iface->get_selection_in_range = get_selection_in_range;
  iface->select_item = select_item;
  iface->unselect_item = unselect_item;
  iface->select_range = select_range;
  iface->unselect_range = unselect_range;
  iface->select_all = select_all;
  iface->unselect_all = unselect_all;
  iface->set_selection = set_selection;
}

/* Tells the view of the slots in [@position, @end) whose selection changed, and only of
 * those: telling it of others binds their rows again for nothing. */
static void
report_selection (RbSlotListModel *self, guint position, guint end)
{
  g_autoptr(GtkBitset) changed = gtk_selection_model_get_selection (self->model);
  g_autoptr(GtkBitset) range = NULL;

  gtk_bitset_difference (changed, self->selected);
  gtk_bitset_unref (self->selected);
  self->selected = gtk_selection_model_get_selection (self->model);
  if (position >= end)
    return;
  range = gtk_bitset_new_range (position, end - position);
  gtk_bitset_intersect (changed, range);
  if (!gtk_bitset_is_empty (changed))
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self),
                                           gtk_bitset_get_minimum (changed),
                                           gtk_bitset_get_maximum (changed)
                                           - gtk_bitset_get_minimum (changed) + 1);
}

static void
remove_slots_from (RbSlotListModel *self, guint n_new)
{
  guint n_old = self->slots->len;

  g_ptr_array_set_size (self->slots, n_new);
  g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
}

static gboolean on_grow_idle_cb (gpointer data);

/* Up to a step of the slots the underlying model has more; the rest when idle. */
static void
add_slots (RbSlotListModel *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n_old = self->slots->len;
  guint n_model = g_list_model_get_n_items (model);
  guint n_new = MIN (n_model, n_old + SLOTS_PER_STEP);

  for (guint i = n_old; i < n_new; i++)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (model, i);

      g_ptr_array_add (self->slots, rb_case_row_new_slot (row));
    }
  if (n_new > n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
  if (n_new < n_model && self->grow_id == 0)
    self->grow_id = g_idle_add (on_grow_idle_cb, self);
}

static gboolean
on_grow_idle_cb (gpointer data)
{
  RbSlotListModel *self = data;

  self->grow_id = 0;
  add_slots (self);
  return G_SOURCE_REMOVE;
}

static void
on_items_changed_cb (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     RbSlotListModel *self)
{
  guint n_old = self->slots->len;
  guint n_new = g_list_model_get_n_items (model);

  /* The slots stay as they were, for when rows come back (the view is hidden). */
  if (n_new == 0 && self->keep_when_empty)
    {
      report_selection (self, 0, 0);
      return;
    }
  /* The slots that stay show what is at their position now, and whether it is selected. */
  for (guint i = position; i < MIN (n_old, n_new); i++)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (model, i);

      rb_case_row_set_shown (g_ptr_array_index (self->slots, i), row);
    }
  report_selection (self, position, MIN (n_old, n_new));
  if (n_new > n_old)
    add_slots (self);
  else if (n_new < n_old)
    remove_slots_from (self, n_new);
}

static void
on_selection_changed_cb (GtkSelectionModel *model,
                         guint              position,
                         guint              n_items,
                         RbSlotListModel   *self)
{
  gtk_bitset_unref (self->selected);
  self->selected = gtk_selection_model_get_selection (model);
  gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, n_items);
}

static void
rb_slot_list_model_dispose (GObject *object)
{
  RbSlotListModel *self = RB_SLOT_LIST_MODEL (object);

  g_clear_handle_id (&self->grow_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_ptr_array_set_size (self->slots, 0);

  G_OBJECT_CLASS (rb_slot_list_model_parent_class)->dispose (object);
}

static void
rb_slot_list_model_finalize (GObject *object)
{
  g_ptr_array_unref (RB_SLOT_LIST_MODEL (object)->slots);
  gtk_bitset_unref (RB_SLOT_LIST_MODEL (object)->selected);

  G_OBJECT_CLASS (rb_slot_list_model_parent_class)->finalize (object);
}

static void
rb_slot_list_model_class_init (RbSlotListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rb_slot_list_model_dispose;
  object_class->finalize = rb_slot_list_model_finalize;
}

static void
rb_slot_list_model_init (RbSlotListModel *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
  self->selected = gtk_bitset_new_empty ();
}

/**
 * rb_slot_list_model_new:
 * @model: (transfer full): the selection model of #RbCaseRow to show
 *
 * Returns: (transfer full): a model with one slot per item of @model.
 */
RbSlotListModel *
rb_slot_list_model_new (GtkSelectionModel *model)
{
  RbSlotListModel *self;

  g_return_val_if_fail (GTK_IS_SELECTION_MODEL (model), NULL);

  self = g_object_new (RB_TYPE_SLOT_LIST_MODEL, NULL);
  self->model = model;
  on_items_changed_cb (G_LIST_MODEL (model), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                       self);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), self);
  g_signal_connect (model, "selection-changed", G_CALLBACK (on_selection_changed_cb), self);
  return self;
}

/**
 * rb_slot_list_model_set_keep_when_empty:
 * @self: a slot model
 * @keep: whether an empty underlying model leaves the slots in place
 *
 * While @keep is set, the underlying model becoming empty leaves the slots as they are,
 * still showing their last rows, and the view its row widgets: the caller must hide the
 * view meanwhile (an empty state instead of an empty table). When rows come back, the
 * slots show them. Unsetting @keep removes slots the underlying model no longer has.
 */
void
rb_slot_list_model_set_keep_when_empty (RbSlotListModel *self, gboolean keep)
{
  g_return_if_fail (RB_IS_SLOT_LIST_MODEL (self));

  self->keep_when_empty = keep;
  if (!keep && self->slots->len > 0 && g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    remove_slots_from (self, 0);
}
