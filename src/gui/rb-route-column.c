/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-route-column"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-row.h"
#include "rb-caseload.h"
#include "rb-date.h"
#include "rb-gui-util.h"
#include "rb-route-column.h"
#include "rb-route-state.h"
#include "rb-window.h"

/*
 * The dashboard's "Next Step" column: each case's next step in its route and its due day.
 * Cells share one #RbRouteRun, which reads every case's events once (see bench-route in
 * docs/BENCHMARKS.md), and each case's step is kept until the dashboard says the case
 * changed (rb_route_column_forget()): a search binds a few hundred cells per key, and
 * computing their steps anew each time took most of the key's time. The pupils'
 * signals come from the caseload.
 */

typedef struct
{
  char *title;
  GDate due;
  gboolean overdue;
} Entry;

typedef struct
{
  RbDashboard *dashboard;
  RbRouteRun *run;
  GHashTable *entries;
} Column;

#define COLUMN_KEY "rb-route-column"

static void
entry_free (Entry *entry)
{
  g_free (entry->title);
  g_free (entry);
}

static void
column_free (Column *column)
{
  g_clear_pointer (&column->run, rb_route_run_free);
  g_hash_table_unref (column->entries);
  g_free (column);
}

static Column *
column_of (RbDashboard *dashboard)
{
  Column *column = g_object_get_data (G_OBJECT (dashboard), COLUMN_KEY);

  if (column != NULL)
    return column;
  column = g_new0 (Column, 1);
  column->dashboard = dashboard;
  column->entries
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  g_object_set_data_full (G_OBJECT (dashboard), COLUMN_KEY, column, (GDestroyNotify) column_free);
  return column;
}

/* The case's next step; %NULL when it cannot be known (no database yet, an error). */
static const Entry *
lookup (Column *column, const char *case_uuid)
{
  RbCaseload *caseload = rb_dashboard_get_caseload (column->dashboard);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (column->dashboard));
  RbDatabase *db = RB_IS_WINDOW (root) ? rb_window_get_database (RB_WINDOW (root)) : NULL;
  g_autoptr(RbChecklist) checklist = NULL;
  g_autoptr(GPtrArray) no_signals = NULL;
  RbCaseSummary *summary;
  Entry *entry;

  if ((entry = g_hash_table_lookup (column->entries, case_uuid)) != NULL)
    return entry;
  if (caseload == NULL || db == NULL)
    return NULL;
  if (column->run == NULL
      && (column->run = rb_route_run_new (db, rb_caseload_get_calendar (caseload),
                                          rb_caseload_get_today (caseload), NULL))
             == NULL)
    return NULL;
  summary = rb_caseload_lookup (caseload, case_uuid);
  /* Until the caseload has the signals, steps a signal opens wait. */
  no_signals = g_ptr_array_new ();
  checklist = rb_route_run_compute (
      column->run, case_uuid,
      summary != NULL && summary->has_figures ? summary->signals : no_signals, NULL);
  if (checklist == NULL)
    return NULL;
  entry = g_new0 (Entry, 1);
  g_date_clear (&entry->due, 1);
  if (checklist->next != NULL)
    {
      entry->title = g_strdup (checklist->next->title);
      entry->due = checklist->next->due;
      entry->overdue = checklist->next->state == RB_STEP_OVERDUE;
    }
  g_hash_table_insert (column->entries, g_strdup (case_uuid), entry);
  return entry;
}

/**
 * rb_route_column_forget:
 * @dashboard: a dashboard
 * @case_uuid: (nullable): a case that changed, or %NULL when all may have
 *
 * Drops what the column knows of @case_uuid (or of every case), so that the next cell
 * bound computes it from the database anew. One case is read again by itself: reading
 * every case's events takes about 0.1 s at 10,000 cases, and this follows each autosave.
 */
void
rb_route_column_forget (RbDashboard *dashboard, const char *case_uuid)
{
  Column *column = g_object_get_data (G_OBJECT (dashboard), COLUMN_KEY);

  if (column == NULL)
    return;
  if (case_uuid == NULL || (column->run != NULL
                            && !rb_route_run_reload_case (column->run, case_uuid, NULL)))
    g_clear_pointer (&column->run, rb_route_run_free);
  if (case_uuid != NULL)
    g_hash_table_remove (column->entries, case_uuid);
  else
    g_hash_table_remove_all (column->entries);
}

/**
 * rb_route_column_dup_text:
 * @dashboard: a dashboard
 * @case_uuid: one of its cases
 *
 * Returns: (transfer full): what the column shows for the case: "due day · step", or "".
 */
char *
rb_route_column_dup_text (RbDashboard *dashboard, const char *case_uuid)
{
  const Entry *entry = lookup (column_of (dashboard), case_uuid);

  if (entry == NULL || entry->title == NULL)
    return g_strdup ("");
  if (!g_date_valid (&entry->due))
    return g_strdup (entry->title);
  return g_strdup_printf ("%02u-%02u · %s", g_date_get_day (&entry->due),
                          g_date_get_month (&entry->due), entry->title);
}

static void
setup_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 30);
  rb_gui_cell_enable_tooltip (label);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory, GtkListItem *item, RbDashboard *dashboard)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *uuid = rb_case_row_get_uuid (gtk_list_item_get_item (item));
  const Entry *entry = uuid != NULL ? lookup (column_of (dashboard), uuid) : NULL;
  g_autofree char *text = uuid != NULL ? rb_route_column_dup_text (dashboard, uuid) : NULL;

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  rb_gui_cell_set_tooltip (label, entry != NULL ? entry->title : NULL);
  if (entry != NULL && entry->overdue)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

/**
 * rb_route_column_new_factory:
 * @dashboard: the dashboard the column belongs to
 *
 * Returns: (transfer full): the factory of the "Next Step" cells.
 */
GtkListItemFactory *
rb_route_column_new_factory (RbDashboard *dashboard)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cb), dashboard, 0);
  return factory;
}

/* Due first, earliest first; steps without a due day, then cases without a step, last. */
static int
compare_cb (gconstpointer a, gconstpointer b, gpointer data)
{
  Column *column = column_of (data);
  const Entry *x = lookup (column, rb_case_row_get_uuid ((RbCaseRow *)a));
  const Entry *y = lookup (column, rb_case_row_get_uuid ((RbCaseRow *)b));
  int rank_x = x == NULL || x->title == NULL ? 2 : !g_date_valid (&x->due);
  int rank_y = y == NULL || y->title == NULL ? 2 : !g_date_valid (&y->due);

  if (rank_x != rank_y || rank_x != 0)
    return (rank_x > rank_y) - (rank_x < rank_y);
  return g_date_compare (&x->due, &y->due);
}

/**
 * rb_route_column_new_sorter:
 * @dashboard: the dashboard the column belongs to
 *
 * Returns: (transfer full): sorts by the next step's due day.
 */
GtkSorter *
rb_route_column_new_sorter (RbDashboard *dashboard)
{
  return GTK_SORTER (gtk_custom_sorter_new (compare_cb, dashboard, NULL));
}
