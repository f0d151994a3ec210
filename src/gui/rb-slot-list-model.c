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
 * The view says which slots are on screen (rb_slot_list_model_set_screen()). A slot
 * off screen whose row changed shows its new row when the main loop is idle, after the
 * frame that shows the screen, or as soon as it comes on screen. A longer list gets as
 * many new slots at once as the screen holds, the others when idle; a shorter one that
 * still fills the screen loses the slots below it when idle. A view in GTK 4.8
 * makes and binds row widgets for up to 200 items, on screen or not: binding them all
 * for one key took up to 60 ms, making them up to 100 ms, destroying them up to 40 ms.
 */

/* Rows of a tall screen: what a longer list gets at once before the view has said. */
#define SLOTS_PER_SCREEN 40
/* Slots added, or shown again, per turn of an idle main loop: a few milliseconds of work
 * each, so that a key typed meanwhile waits no longer. */
#define SLOTS_PER_IDLE 10

struct _RbSlotListModel
{
  GObject parent_instance;

  GtkSelectionModel *model;
  GPtrArray *slots;
  /* The selection as the view was last told of it. */
  GtkBitset *selected;
  gboolean keep_when_empty;
  /* The slots on screen: [screen_first, screen_first + screen_n); all while screen_n is 0. */
  guint screen_first;
  guint screen_n;
  guint resize_id;
  /* Slots that still show the row that was at their position before. */
  GtkBitset *stale;
  guint show_id;
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

  gtk_bitset_remove_range (self->stale, n_new, n_old - n_new);
  g_ptr_array_set_size (self->slots, n_new);
  g_list_model_items_changed (G_LIST_MODEL (self), n_new, n_old - n_new, 0);
}

static gboolean on_resize_idle_cb (gpointer data);

/* Up to @step of the slots the underlying model has more, or fewer; the rest when idle. */
static void
resize_slots (RbSlotListModel *self, guint step)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n_old = self->slots->len;
  guint n_model = g_list_model_get_n_items (model);
  guint n_new = n_old < n_model ? MIN (n_model, n_old + step) : n_old - MIN (n_old - n_model, step);

  /* The slots stay for when rows come back (see rb_slot_list_model_set_keep_when_empty()). */
  if (n_model == 0 && self->keep_when_empty)
    return;

  for (guint i = n_old; i < n_new; i++)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (model, i);

      g_ptr_array_add (self->slots, rb_case_row_new_slot (row));
    }
  if (n_new > n_old)
    g_list_model_items_changed (G_LIST_MODEL (self), n_old, 0, n_new - n_old);
  else if (n_new < n_old)
    remove_slots_from (self, n_new);
  if (n_new != n_model && self->resize_id == 0)
    self->resize_id = g_idle_add (on_resize_idle_cb, self);
}

static gboolean
on_resize_idle_cb (gpointer data)
{
  RbSlotListModel *self = data;

  self->resize_id = 0;
  resize_slots (self, SLOTS_PER_IDLE);
  return G_SOURCE_REMOVE;
}

static gboolean
is_on_screen (RbSlotListModel *self, guint position)
{
  return self->screen_n == 0
         || (position >= self->screen_first && position - self->screen_first < self->screen_n);
}

/* Whether a list of @n_slots ends before the bottom of the screen. */
static gboolean
ends_on_screen (RbSlotListModel *self, guint n_slots)
{
  return self->screen_n == 0 || n_slots < self->screen_first + self->screen_n;
}

/* The slot at @position shows the row now at its position. */
static void
show_row (RbSlotListModel *self, guint position)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  gtk_bitset_remove (self->stale, position);
  /* None while an empty model leaves the slots as they were (the view is hidden). */
  if (row != NULL)
    rb_case_row_set_shown (g_ptr_array_index (self->slots, position), row);
}

static gboolean
on_show_idle_cb (gpointer data)
{
  RbSlotListModel *self = data;

  for (guint i = 0; i < SLOTS_PER_IDLE && !gtk_bitset_is_empty (self->stale); i++)
    show_row (self, gtk_bitset_get_minimum (self->stale));
  if (!gtk_bitset_is_empty (self->stale))
    return G_SOURCE_CONTINUE;
  self->show_id = 0;
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
  /* The slots that stay show what is at their position now, those on screen at once,
   * and whether it is selected. */
  for (guint i = position; i < MIN (n_old, n_new); i++)
    {
      if (is_on_screen (self, i))
        show_row (self, i);
      else
        gtk_bitset_add (self->stale, i);
    }
  if (!gtk_bitset_is_empty (self->stale) && self->show_id == 0)
    self->show_id = g_idle_add (on_show_idle_cb, self);
  report_selection (self, position, MIN (n_old, n_new));
  if (n_new > n_old)
    resize_slots (self, self->screen_n > 0 ? self->screen_n : SLOTS_PER_SCREEN);
  else if (n_new < n_old && ends_on_screen (self, n_new))
    remove_slots_from (self, n_new);
  else if (n_new < n_old)
    {
      /* Below the screen: they go when idle, a few at a time (each takes its row
       * widgets with it), and show their old rows meanwhile. */
      gtk_bitset_remove_range (self->stale, n_new, n_old - n_new);
      resize_slots (self, 0);
    }
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

  g_clear_handle_id (&self->resize_id, g_source_remove);
  g_clear_handle_id (&self->show_id, g_source_remove);
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
  gtk_bitset_unref (RB_SLOT_LIST_MODEL (object)->stale);

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
  self->stale = gtk_bitset_new_empty ();
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

/**
 * rb_slot_list_model_set_screen:
 * @self: a slot model
 * @first: the first slot on screen
 * @n_slots: how many slots the screen holds, or 0 for all of them (at first, when the
 *   view does not know yet)
 *
 * Slots that come on screen with an old row show their new one at once. A longer list
 * gets @n_slots new slots at once.
 */
void
rb_slot_list_model_set_screen (RbSlotListModel *self, guint first, guint n_slots)
{
  g_return_if_fail (RB_IS_SLOT_LIST_MODEL (self));

  guint n_model = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  self->screen_first = first;
  self->screen_n = n_slots;
  /* Slots that were to go when idle, now on screen (not while the view is hidden). */
  if (self->slots->len > n_model && n_model > 0 && ends_on_screen (self, n_model))
    remove_slots_from (self, n_model);
  for (guint i = first; i < MIN (self->slots->len, first + n_slots); i++)
    if (gtk_bitset_contains (self->stale, i))
      show_row (self, i);
  if (n_slots == 0)
    while (!gtk_bitset_is_empty (self->stale))
      show_row (self, gtk_bitset_get_minimum (self->stale));
}
