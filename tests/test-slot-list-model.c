/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rb-case-row.h"
#include "rb-gui-test-util.h"
#include "rb-slot-list-model.h"

/*
 * The dashboard's slot model on its own: 100 rows, "Pupil 000" to "Pupil 099", through a
 * filter that keeps those from a first number on, as a search does. Checked: which row
 * each slot shows right after a change, and after the main loop has been idle.
 */

#define N_ROWS 100

typedef struct
{
  GListStore *rows;
  GtkCustomFilter *filter;
  guint from;
  RbSlotListModel *slots;
} Fixture;

static gboolean
keep_from (gpointer item, gpointer user_data)
{
  Fixture *f = user_data;
  const char *name = rb_case_row_get_pupil_name (item);

  return (guint) atoi (name + strlen ("Pupil ")) >= f->from;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;

  f->rows = g_list_store_new (RB_TYPE_CASE_ROW);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("case-%03u", i);
      g_autofree char *name = g_strdup_printf ("Pupil %03u", i);
      RbCaseSummary summary = { .case_uuid = uuid, .pupil_uuid = uuid, .pupil_name = name,
                                .search_key = name, .school_name = "", .status = "signalering",
                                .regisseur = "", .opened_on = "2026-09-01", .days_since = -1,
                                .signals = g_ptr_array_new () };
      g_autoptr(RbCaseRow) row = NULL;

      g_date_clear (&summary.next_due, 1);
      row = rb_case_row_new (&summary);
      g_ptr_array_unref (summary.signals);
      g_list_store_append (f->rows, row);
    }
  f->filter = gtk_custom_filter_new (keep_from, f, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (f->rows)),
                                        g_object_ref (GTK_FILTER (f->filter)));
  f->slots = rb_slot_list_model_new (GTK_SELECTION_MODEL (
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (filtered)))));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_object_unref (f->slots);
  g_object_unref (f->filter);
  g_object_unref (f->rows);
}

static void
keep_rows_from (Fixture *f, guint from)
{
  GtkFilterChange change = from > f->from ? GTK_FILTER_CHANGE_MORE_STRICT
                                          : GTK_FILTER_CHANGE_LESS_STRICT;

  f->from = from;
  gtk_filter_changed (GTK_FILTER (f->filter), change);
}

static guint
n_slots (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->slots));
}

/* The number of the pupil the slot at @position shows. */
static guint
shown_at (Fixture *f, guint position)
{
  g_autoptr(RbCaseRow) slot = g_list_model_get_item (G_LIST_MODEL (f->slots), position);

  g_assert_nonnull (slot);
  return (guint) atoi (rb_case_row_get_pupil_name (slot) + strlen ("Pupil "));
}

/* Whether every slot shows the row at its position and there is one per row. */
static gboolean
is_settled (gpointer data)
{
  Fixture *f = data;

  if (n_slots (f) != N_ROWS - f->from)
    return FALSE;
  for (guint i = 0; i < n_slots (f); i++)
    if (shown_at (f, i) != f->from + i)
      return FALSE;
  return TRUE;
}

/* From all rows, settled, with a screen of the first 10, to those from @from on: the
 * screen shows them at once, and the slots below it stay for now. */
static void
keep_rows_on_screen_from (Fixture *f, guint from)
{
  rb_gui_test_wait_until (is_settled, f);
  rb_slot_list_model_set_screen (f->slots, 0, 10);

  keep_rows_from (f, from);
  g_assert_cmpuint (n_slots (f), ==, N_ROWS);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpuint (shown_at (f, i), ==, from + i);
}

/* A change shows the new rows on screen at once; the others follow when idle. */
static void
test_screen_first (Fixture *f, gconstpointer data)
{
  keep_rows_on_screen_from (f, 1);
  /* Off screen: still the row that was there. */
  g_assert_cmpuint (shown_at (f, 50), ==, 50);
  g_assert_cmpuint (shown_at (f, 98), ==, 98);

  rb_gui_test_wait_until (is_settled, f);
}

/* Slots that come on screen with an old row show their new one before the next frame. */
static void
test_scrolled_into_view (Fixture *f, gconstpointer data)
{
  keep_rows_on_screen_from (f, 2);
  g_assert_cmpuint (shown_at (f, 60), ==, 60);

  rb_slot_list_model_set_screen (f->slots, 55, 10);
  for (guint i = 55; i < 65; i++)
    g_assert_cmpuint (shown_at (f, i), ==, i + 2);
  g_assert_cmpuint (shown_at (f, 80), ==, 80);

  /* Without a screen, every slot is on it. */
  rb_slot_list_model_set_screen (f->slots, 0, 0);
  g_assert_true (is_settled (f));
}

/* A longer list gets a screenful of slots at once, the rest when idle. */
static void
test_grows_a_screen_at_a_time (Fixture *f, gconstpointer data)
{
  keep_rows_from (f, 95);
  rb_gui_test_wait_until (is_settled, f);
  rb_slot_list_model_set_screen (f->slots, 0, 12);

  keep_rows_from (f, 0);
  g_assert_cmpuint (n_slots (f), ==, 5 + 12);
  for (guint i = 0; i < n_slots (f); i++)
    g_assert_cmpuint (shown_at (f, i), ==, i);

  rb_gui_test_wait_until (is_settled, f);
}

/* A list shorter than the screen loses its last slots at once, also those waiting to
 * show a new row. */
static void
test_shrinks_at_once (Fixture *f, gconstpointer data)
{
  rb_gui_test_wait_until (is_settled, f);
  rb_slot_list_model_set_screen (f->slots, 0, 10);
  keep_rows_from (f, 1);
  keep_rows_from (f, 97);

  g_assert_cmpuint (n_slots (f), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (shown_at (f, i), ==, 97 + i);
  rb_gui_test_run_for (50);
  g_assert_true (is_settled (f));
}

/* A shorter list that still fills the screen loses the slots below it when idle; they
 * go at once when they would come on screen. */
static void
test_tail_goes_when_idle (Fixture *f, gconstpointer data)
{
  keep_rows_on_screen_from (f, 50);
  rb_gui_test_wait_until (is_settled, f);

  keep_rows_from (f, 70);
  g_assert_cmpuint (n_slots (f), ==, 50);
  rb_slot_list_model_set_screen (f->slots, 25, 10);
  g_assert_cmpuint (n_slots (f), ==, 30);
  for (guint i = 25; i < 30; i++)
    g_assert_cmpuint (shown_at (f, i), ==, 70 + i);
  rb_gui_test_wait_until (is_settled, f);
}

/* Before the view has said what is on screen, a change shows every row at once and a
 * longer list gets a tall screen's worth of slots (40). */
static void
test_without_screen (Fixture *f, gconstpointer data)
{
  keep_rows_from (f, 90);
  g_assert_true (is_settled (f));
  keep_rows_from (f, 3);
  g_assert_cmpuint (n_slots (f), ==, 10 + 40);
  for (guint i = 0; i < n_slots (f); i++)
    g_assert_cmpuint (shown_at (f, i), ==, i + 3);
  rb_gui_test_wait_until (is_settled, f);
}

int
main (int argc, char **argv)
{
  rb_gui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/slot-list-model/screen-first", test_screen_first);
  ADD ("/slot-list-model/scrolled-into-view", test_scrolled_into_view);
  ADD ("/slot-list-model/grows-a-screen-at-a-time", test_grows_a_screen_at_a_time);
  ADD ("/slot-list-model/shrinks-at-once", test_shrinks_at_once);
  ADD ("/slot-list-model/tail-goes-when-idle", test_tail_goes_when_idle);
  ADD ("/slot-list-model/without-screen", test_without_screen);
#undef ADD

  return g_test_run ();
}
