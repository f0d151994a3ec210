/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-dashboard"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rb-case-row.h"
#include "rb-dashboard.h"
#include "rb-gui-util.h"
#include "rb-route-column.h"
#include "rb-schema.h"
#include "rb-slot-list-model.h"

/**
 * RbDashboard:
 *
 * The caseload at a glance: summary cards (open cases per status, overdue deadlines,
 * bridge places in use per location), filters and a sortable #GtkColumnView with one row
 * per case. Rows come from an #RbCaseload; activating one emits #RbDashboard::case-activated.
 *
 * Model chain: rows → sort (column headers) → filter (search, status, school, regisseur,
 * needs action) → selection → slots (#RbSlotListModel, so that a search key rebinds the
 * rows on screen instead of making new ones) → column view.
 *
 * A large caseload comes without its figures (signals, deadlines, needs action), which
 * are computed in steps when the main loop is idle: the rows are on screen first, and
 * their figures fill in a moment later without freezing the window.
 */

/* Up to this many cases, the figures are there before the first frame. */
#define FIGURES_AT_ONCE_MAX 1000
/* A step of computing figures: this many pupils or cases, for up to this long. */
#define FIGURES_STEP_CASES 500
#define FIGURES_STEP_USEC (20 * G_TIME_SPAN_MILLISECOND)

struct _RbDashboard
{
  GtkWidget parent_instance;

  RbCaseload *caseload;
  GListStore *rows;
  GtkCustomFilter *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  RbSlotListModel *slots;
  /* Of a row of the table, once the rows have filled it (0 before). */
  double row_height;
  char *query;
  GtkStringList *schools;
  GtkStringList *regisseurs;
  guint figures_source;
  /* The next row to take its case's figures once all are computed. */
  guint figures_row;
  /* Cells on screen (list item → its factory), so that late figures reach them. */
  GHashTable *bound_cells;
  /* The sorters of the columns that show figures. */
  GPtrArray *figure_sorters;

  GtkBox *cards;
  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  GtkDropDown *status_filter;
  GtkDropDown *school_filter;
  GtkDropDown *regisseur_filter;
  GtkToggleButton *action_filter;
  GtkStack *list_stack;
  GtkColumnView *column_view;
  AdwStatusPage *no_results_page;
  GtkColumnViewColumn *pupil_column;
};

G_DEFINE_FINAL_TYPE (RbDashboard, rb_dashboard, GTK_TYPE_WIDGET)

enum
{
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The statuses a case can be open in, for the filter and the cards. */
static const char *
status_at (guint position)
{
  /* Position 0 of the status filter is "all statuses". */
  return position == 0 || position > g_strv_length ((char **) rb_case_statuses)
         ? NULL : rb_case_statuses[position - 1];
}

static const char *
selected_string (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  /* Item 0 is "all". */
  if (item == NULL || gtk_drop_down_get_selected (dropdown) == 0)
    return NULL;
  return gtk_string_object_get_string (item);
}

static gboolean
filter_row (gpointer item, gpointer user_data)
{
  RbDashboard *self = user_data;
  const RbCaseSummary *s = rb_case_row_get_summary (item);
  const char *status = status_at (gtk_drop_down_get_selected (self->status_filter));
  const char *school = selected_string (self->school_filter);
  const char *regisseur = selected_string (self->regisseur_filter);

  if (self->query != NULL && *self->query != '\0' && strstr (s->search_key, self->query) == NULL)
    return FALSE;
  if (status != NULL && g_strcmp0 (s->status, status) != 0)
    return FALSE;
  if (school != NULL && g_strcmp0 (s->school_name, school) != 0)
    return FALSE;
  if (regisseur != NULL && g_strcmp0 (s->regisseur, regisseur) != 0)
    return FALSE;
  if (gtk_toggle_button_get_active (self->action_filter) && !s->needs_action)
    return FALSE;
  return TRUE;
}

static gboolean
filters_active (RbDashboard *self)
{
  return (self->query != NULL && *self->query != '\0')
         || gtk_drop_down_get_selected (self->status_filter) != 0
         || gtk_drop_down_get_selected (self->school_filter) != 0
         || gtk_drop_down_get_selected (self->regisseur_filter) != 0
         || gtk_toggle_button_get_active (self->action_filter);
}

static void
update_count (RbDashboard *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *text = NULL;

  if (!filters_active (self))
    text = g_strdup_printf (ngettext ("%u case", "%u cases", n_all), n_all);
  else
    text = g_strdup_printf (ngettext ("%u of %u case", "%u of %u cases", n_all), n_shown, n_all);
  gtk_label_set_label (self->count_label, text);

  /* The table is hidden while the filters find nothing, and then keeps its rows (the
   * slots) for the next key that finds cases: it binds them again instead of making a
   * screenful of rows anew. An empty caseload shows an empty table, without rows. */
  rb_slot_list_model_set_keep_when_empty (self->slots, n_all > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->column_view), n_shown > 0 || n_all == 0);

  /* A search that finds nothing says so, instead of an empty table. */
  if (n_shown == 0 && n_all > 0)
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *escaped = g_markup_escape_text (search, -1);
      g_autofree char *description = *search != '\0'
        ? g_strdup_printf (_("No pupil’s name contains “%s” with these filters."), escaped)
        : g_strdup (_("No case matches these filters."));

      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static GtkWidget *
new_card (const char *number, const char *label, const char *css_class, const char *tooltip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new (number);
  GtkWidget *caption = gtk_label_new (label);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", label, number);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "summary-card");
  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
  gtk_widget_add_css_class (value, "title-2");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (caption, "caption");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_set_tooltip_text (box, tooltip != NULL ? tooltip : label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return box;
}

static void
update_cards (RbDashboard *self)
{
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(GError) error = NULL;
  guint overdue;
  g_autofree char *overdue_text = NULL;

  rb_gui_clear_box (GTK_WIDGET (self->cards));
  if (self->caseload == NULL)
    return;

  for (guint i = 0; rb_case_statuses[i] != NULL; i++)
    {
      g_autofree char *n = NULL;
      g_autofree char *css = g_strconcat ("card-", rb_case_statuses[i], NULL);

      if (g_str_equal (rb_case_statuses[i], "afgesloten"))
        continue;
      n = g_strdup_printf ("%u", rb_caseload_count_status (self->caseload, rb_case_statuses[i]));
      gtk_box_append (self->cards, new_card (n, rb_case_status_label (rb_case_statuses[i]), css,
                                _("Open cases with this status")));
    }
  overdue = rb_caseload_count_overdue (self->caseload);
  /* Until every case's deadlines are counted, the total is not known. */
  overdue_text = rb_caseload_has_figures (self->caseload) ? g_strdup_printf ("%u", overdue)
                                                          : g_strdup ("…");
  gtk_box_append (self->cards, new_card (overdue_text, _("Overdue actions"), overdue > 0 ? "card-overdue" : NULL,
                            _("Deadlines past their day and not done, in all cases")));

  if ((locations = rb_caseload_list_locations (self->caseload, &error)) == NULL)
    {
      g_warning ("Bridge places cannot be counted: %s", error->message);
      return;
    }
  for (guint i = 0; i < locations->len; i++)
    {
      RbLocationUse *use = g_ptr_array_index (locations, i);
      g_autofree char *text = use->capacity == G_MAXUINT
        ? g_strdup_printf ("%u", use->occupied)
        : g_strdup_printf ("%u / %u", use->occupied, use->capacity);

      g_autofree char *tooltip = g_strdup_printf (_("%s: bridge places in use today, against the "
                                                    "capacity"), use->name);
      GtkWidget *card = new_card (text, use->name,
                                  use->capacity != G_MAXUINT && use->occupied >= use->capacity
                                  ? "card-full" : NULL, tooltip);

      /* Location names are long; the tooltip has the whole name. */
      gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_last_child (card)), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (gtk_widget_get_last_child (card)), 15);
      gtk_box_append (self->cards, card);
    }
}

/* Fills a filter's choices with the distinct @values, keeping the selection if it is
 * still there. */
static void
fill_choices (GtkDropDown *dropdown, GtkStringList *list, const char *all_label, GPtrArray *values)
{
  g_autofree char *selected = g_strdup (selected_string (dropdown));
  guint position = 0;

  g_ptr_array_insert (values, 0, (gpointer) all_label);
  g_ptr_array_add (values, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char *const *) values->pdata);
  for (guint i = 1; selected != NULL && values->pdata[i] != NULL; i++)
    if (g_str_equal (values->pdata[i], selected))
      position = i;
  gtk_drop_down_set_selected (dropdown, position);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
sorted_keys (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static void
update_choices (RbDashboard *self)
{
  g_autoptr(GHashTable) schools = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) regisseurs = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *summaries = self->caseload ? rb_caseload_get_summaries (self->caseload) : NULL;
  g_autoptr(GPtrArray) school_names = NULL;
  g_autoptr(GPtrArray) regisseur_names = NULL;

  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      RbCaseSummary *s = g_ptr_array_index (summaries, i);

      if (*s->school_name != '\0')
        g_hash_table_add (schools, s->school_name);
      if (*s->regisseur != '\0')
        g_hash_table_add (regisseurs, s->regisseur);
    }
  school_names = sorted_keys (schools);
  regisseur_names = sorted_keys (regisseurs);
  fill_choices (self->school_filter, self->schools, _("All schools"), school_names);
  fill_choices (self->regisseur_filter, self->regisseurs, _("All regisseurs"), regisseur_names);
}

static void
on_search_changed_cb (GtkSearchEntry *entry, RbDashboard *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *query = rb_caseload_fold_for_search (text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  g_autofree char *old = g_steal_pointer (&self->query);

  if (g_strcmp0 (old, query) == 0)
    {
      self->query = g_steal_pointer (&query);
      return;
    }
  /* Tell the filter model which rows can stay, so typing on does not refilter them all. */
  if (old == NULL || strstr (query, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, query) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
}

static void
on_filter_changed_cb (RbDashboard *self)
{
  /* Setting the choices during construction comes before the model chain exists. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
on_row_activated_cb (GtkColumnView *view, guint position, RbDashboard *self)
{
  g_autoptr(RbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (row != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, rb_case_row_get_uuid (row));
}

static void
on_filtered_items_changed_cb (RbDashboard *self)
{
  update_count (self);
}

/* Columns: a text bound to one string property of the row. A GtkInscription, not a
 * label: it is sized from a number of characters instead of by laying out its text, which
 * for a screenful of cells was most of the time of drawing a search result. */
static void
setup_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer numeric)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), numeric ? 1 : 0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label),
                                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "chars")));
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (g_object_get_data (G_OBJECT (factory), "tooltip") != NULL)
    rb_gui_cell_enable_tooltip (label);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer numeric)
{
  const char *property = g_object_get_data (G_OBJECT (factory), "property");
  const char *tooltip = g_object_get_data (G_OBJECT (factory), "tooltip");
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_autofree char *tip = NULL;

  g_object_get (row, property, &text, NULL);
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  if (tooltip == NULL)
    return;
  g_object_get (row, tooltip, &tip, NULL);
  rb_gui_cell_set_tooltip (label, tip);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_list_item_set_child (item, label);
}

static void
bind_status_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  g_auto(GStrv) classes = NULL;

  g_object_get (row, "status-label", &text, "status-classes", &classes, NULL);
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_css_classes (label, (const char **) classes);
}

static void
setup_signals_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  rb_gui_cell_enable_tooltip (box);
  gtk_list_item_set_child (item, box);
}

static void
bind_signals_cb (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  RbCaseRow *row = gtk_list_item_get_item (item);
  const RbCaseSummary *s = rb_case_row_get_summary (row);
  g_autofree char *text = rb_case_row_dup_signals_text (row);
  GtkWidget *icon = gtk_widget_get_first_child (box);

  /* The icons of the row bound before are reused: making widgets is what is slow. */
  for (guint i = 0; i < s->signals->len; i++)
    {
      RbSignal *signal = g_ptr_array_index (s->signals, i);

      if (icon == NULL)
        {
          icon = gtk_image_new ();
          gtk_widget_add_css_class (icon, "signal-icon");
          rb_gui_cell_enable_tooltip (icon);
          gtk_box_append (GTK_BOX (box), icon);
        }
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), rb_case_row_signal_icon (signal->unit));
      rb_gui_cell_set_tooltip (icon, signal->name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      signal->name, -1);
      icon = gtk_widget_get_next_sibling (icon);
    }
  while (icon != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (icon);

      gtk_box_remove (GTK_BOX (box), icon);
      icon = next;
    }
  rb_gui_cell_set_tooltip (box, text);
}

static GtkSorter *
string_sorter (const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (RB_TYPE_CASE_ROW, NULL,
                                                                         property)));
}

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (RB_TYPE_CASE_ROW, NULL,
                                                                          property)));
}

/* A cell whose slot shows another row is bound again. */
static void
on_slot_changed_cb (RbCaseRow *slot, GParamSpec *pspec, GtkListItem *item)
{
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (item), "factory"), "bind", item);
}

static void
on_cell_bound_cb (GtkListItemFactory *factory, GtkListItem *item, RbDashboard *self)
{
  RbCaseRow *slot = gtk_list_item_get_item (item);

  g_hash_table_insert (self->bound_cells, item, factory);
  /* Bound again for its slot's new row: it already listens. */
  if (g_object_get_data (G_OBJECT (item), "slot") == slot)
    return;
  g_object_set_data (G_OBJECT (item), "factory", factory);
  g_object_set_data (G_OBJECT (item), "slot", slot);
  g_signal_connect_object (slot, "notify::shown", G_CALLBACK (on_slot_changed_cb), item, 0);
}

static void
on_cell_unbound_cb (GtkListItemFactory *factory, GtkListItem *item, RbDashboard *self)
{
  RbCaseRow *slot = g_object_get_data (G_OBJECT (item), "slot");

  g_hash_table_remove (self->bound_cells, item);
  if (slot != NULL)
    g_signal_handlers_disconnect_by_func (slot, on_slot_changed_cb, item);
  g_object_set_data (G_OBJECT (item), "slot", NULL);
}

static GtkColumnViewColumn *
add_column (RbDashboard        *self,
            const char         *title,
            GtkListItemFactory *factory,
            GtkSorter          *sorter,
            gboolean            expand)
{
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  g_signal_connect_object (factory, "bind", G_CALLBACK (on_cell_bound_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_cell_unbound_cb), self, 0);

  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (sorter);
  g_object_unref (column);
  return column;
}

static GtkListItemFactory *
label_factory (const char *property, const char *tooltip, gboolean numeric, guint chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "property", (gpointer) property);
  g_object_set_data (G_OBJECT (factory), "chars", GUINT_TO_POINTER (chars));
  g_object_set_data (G_OBJECT (factory), "tooltip", (gpointer) tooltip);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (numeric));
  return factory;
}

static GtkListItemFactory *
custom_factory (GCallback setup, GCallback bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  return factory;
}

static void
add_figure_column (RbDashboard        *self,
                   const char         *title,
                   GtkListItemFactory *factory,
                   GtkSorter          *sorter)
{
  g_ptr_array_add (self->figure_sorters, g_object_ref (sorter));
  add_column (self, title, factory, sorter, FALSE);
}

static void
add_columns (RbDashboard *self)
{
  self->pupil_column = add_column (self, _("Pupil"), label_factory ("pupil-name", "pupil-name", FALSE, 24),
                                   string_sorter ("pupil-name"), TRUE);
  add_column (self, _("School"), label_factory ("school-name", "school-name", FALSE, 24),
              string_sorter ("school-name"), TRUE);
  add_column (self, _("Status"), custom_factory (G_CALLBACK (setup_status_cb),
                                                 G_CALLBACK (bind_status_cb)),
              numeric_sorter ("status-rank"), FALSE);
  add_column (self, _("Days"), label_factory ("days-label", NULL, TRUE, 4),
              numeric_sorter ("days-since"), FALSE);
  add_figure_column (self, _("Signals"), custom_factory (G_CALLBACK (setup_signals_cb),
                                                         G_CALLBACK (bind_signals_cb)),
                     numeric_sorter ("n-signals"));
  add_figure_column (self, _("Next Deadline"), label_factory ("next-due-label", NULL, FALSE, 10),
                     string_sorter ("next-due"));
  add_figure_column (self, _("Overdue"), label_factory ("overdue-label", NULL, TRUE, 3),
                     numeric_sorter ("n-overdue"));
  add_column (self, _("Regisseur"), label_factory ("regisseur", "regisseur", FALSE, 18),
              string_sorter ("regisseur"), TRUE);
  add_figure_column (self, _("Next Step"), rb_route_column_new_factory (self),
                     rb_route_column_new_sorter (self));
}

static void
rb_dashboard_dispose (GObject *object)
{
  GtkWidget *child;
  RbDashboard *self = RB_DASHBOARD (object);

  /* The filter and its model may outlive us inside the column view's model chain. */
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_DASHBOARD);
  /* The template's root box is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_handle_id (&self->figures_source, g_source_remove);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->slots);
  g_clear_object (&self->filter);
  g_clear_object (&self->rows);
  g_clear_object (&self->schools);
  g_clear_object (&self->regisseurs);
  g_clear_object (&self->caseload);

  G_OBJECT_CLASS (rb_dashboard_parent_class)->dispose (object);
}

static void
rb_dashboard_finalize (GObject *object)
{
  RbDashboard *self = RB_DASHBOARD (object);

  g_free (self->query);
  g_hash_table_unref (self->bound_cells);
  g_ptr_array_unref (self->figure_sorters);

  G_OBJECT_CLASS (rb_dashboard_parent_class)->finalize (object);
}

static void
rb_dashboard_class_init (RbDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_dashboard_dispose;
  object_class->finalize = rb_dashboard_finalize;

  /**
   * RbDashboard::case-activated:
   * @dashboard: the dashboard
   * @case_uuid: the case whose row was activated
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, cards);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, count_label);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, status_filter);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, school_filter);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, regisseur_filter);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, action_filter);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, column_view);
  gtk_widget_class_bind_template_child (widget_class, RbDashboard, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dashboard");
}

/* Tells the slots which rows are on screen, with a row to spare on either side: a key
 * binds those at once, the others when idle. The height of a row is learnt while the
 * rows fill the table (before, the table may end above its bottom). */
static void
on_table_scrolled_cb (GtkAdjustment *adjustment, RbDashboard *self)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->slots));
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  double top;

  if (n_rows > 0 && upper > page)
    self->row_height = upper / n_rows;
  if (self->row_height <= 0 || page <= 0)
    return;
  top = floor (gtk_adjustment_get_value (adjustment) / self->row_height);
  rb_slot_list_model_set_screen (self->slots, (guint) MAX (top - 1, 0),
                                 (guint) ceil (page / self->row_height) + 3);
}

static void
rb_dashboard_init (RbDashboard *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkAdjustment *adjustment;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  rb_gui_label_drop_down_button (self->status_filter);
  rb_gui_label_drop_down_button (self->school_filter);
  rb_gui_label_drop_down_button (self->regisseur_filter);
  self->bound_cells = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->figure_sorters = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_string_list_append (statuses, _("All statuses"));
  for (guint i = 0; rb_case_statuses[i] != NULL; i++)
    gtk_string_list_append (statuses, rb_case_status_label (rb_case_statuses[i]));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  self->schools = gtk_string_list_new (NULL);
  self->regisseurs = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->school_filter, G_LIST_MODEL (self->schools));
  gtk_drop_down_set_model (self->regisseur_filter, G_LIST_MODEL (self->regisseurs));
  update_choices (self);

  add_columns (self);
  self->rows = g_list_store_new (RB_TYPE_CASE_ROW);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  /* Sorted before filtered: typing in the search entry then only filters, and a row
   * that comes back needs no new place (sorting 10,000 rows per key is what is slow). */
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rows)),
                                              sorter ? g_object_ref (sorter) : NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  self->slots = rb_slot_list_model_new (GTK_SELECTION_MODEL (g_steal_pointer (&selection)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->slots));
  gtk_column_view_sort_by_column (self->column_view, self->pupil_column, GTK_SORT_ASCENDING);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self, G_CONNECT_SWAPPED);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_table_scrolled_cb), self, 0);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_table_scrolled_cb), self, 0);
  update_count (self);
}

/* Steps of computing figures until they are all there or @usec have passed. */
static gboolean
compute_figures (RbDashboard *self, guint max_cases, gint64 usec)
{
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + MIN (usec, G_MAXINT64 / 2);

  while (!rb_caseload_has_figures (self->caseload) && g_get_monotonic_time () < end)
    if (!rb_caseload_compute_figures (self->caseload, max_cases, &error))
      {
        /* The cases are on screen; what cannot be counted stays empty. */
        g_warning ("The signals and deadlines cannot be computed: %s", error->message);
        return FALSE;
      }
  return TRUE;
}

/* Rows whose case got its figures take them, for up to @usec (a step when idle: for
 * 10,000 rows this takes longer than a frame). Returns whether every row has. */
static gboolean
take_new_figures (RbDashboard *self, gint64 usec)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  gint64 end = g_get_monotonic_time () + MIN (usec, G_MAXINT64 / 2);

  for (; self->figures_row < n; self->figures_row++)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows),
                                                        self->figures_row);
      const RbCaseSummary *summary;

      if (self->figures_row % 256 == 0 && g_get_monotonic_time () > end)
        return FALSE;
      if (rb_case_row_get_summary (row)->has_figures)
        continue;
      summary = rb_caseload_lookup (self->caseload, rb_case_row_get_uuid (row));
      if (summary != NULL && summary->has_figures)
        rb_case_row_set_summary (row, summary);
    }
  return TRUE;
}

/* The cells on screen show the figures their rows took. */
static void
show_new_figures (RbDashboard *self)
{
  g_autoptr(GList) cells = NULL;

  /* Binding again is what fills a cell (and adds it to the table again). */
  cells = g_hash_table_get_keys (self->bound_cells);
  for (GList *l = cells; l != NULL; l = l->next)
    g_signal_emit_by_name (g_hash_table_lookup (self->bound_cells, l->data), "bind", l->data);
}

/* With every figure there, what depends on them is brought up to date. */
static void
figures_complete (RbDashboard *self)
{
  for (guint i = 0; i < self->figure_sorters->len; i++)
    gtk_sorter_changed (g_ptr_array_index (self->figure_sorters, i), GTK_SORTER_CHANGE_DIFFERENT);
  if (gtk_toggle_button_get_active (self->action_filter))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_cards (self);
  update_count (self);
}

/* The figures are shown when all are there: no case has them before the signals of
 * every pupil are evaluated, and the deadlines take little time after that. The rows
 * take them in steps too, and the cells on screen show them at the end. */
static gboolean
on_figures_idle_cb (gpointer user_data)
{
  RbDashboard *self = user_data;
  gboolean ok = TRUE;

  if (!rb_caseload_has_figures (self->caseload))
    {
      ok = compute_figures (self, FIGURES_STEP_CASES, FIGURES_STEP_USEC);
      /* Once all are there, the rows take them in the next steps. */
      if (ok)
        return G_SOURCE_CONTINUE;
    }
  /* After an error, what could be computed is shown at once. */
  if (!take_new_figures (self, ok ? FIGURES_STEP_USEC : G_MAXINT64))
    return G_SOURCE_CONTINUE;
  self->figures_source = 0;
  show_new_figures (self);
  if (ok)
    figures_complete (self);
  return G_SOURCE_REMOVE;
}

RbDashboard *
rb_dashboard_new (void)
{
  return g_object_new (RB_TYPE_DASHBOARD, NULL);
}

/**
 * rb_dashboard_set_caseload:
 * @self: a dashboard
 * @caseload: (nullable): the caseload to show
 *
 * Shows @caseload; the search text is cleared, the other filters kept when they still apply.
 */
void
rb_dashboard_set_caseload (RbDashboard *self, RbCaseload *caseload)
{

  g_return_if_fail (RB_IS_DASHBOARD (self));
  g_return_if_fail (caseload == NULL || RB_IS_CASELOAD (caseload));

  g_clear_handle_id (&self->figures_source, g_source_remove);
  g_set_object (&self->caseload, caseload);
  rb_route_column_forget (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_clear_pointer (&self->query, g_free);

  if (caseload != NULL && !rb_caseload_has_figures (caseload))
    {
      if (rb_caseload_get_summaries (caseload)->len <= FIGURES_AT_ONCE_MAX)
        compute_figures (self, G_MAXUINT, G_MAXINT64);
      else
        {
          self->figures_row = 0;
          self->figures_source = g_idle_add (on_figures_idle_cb, self);
        }
    }
  rb_case_row_list_fill (self->rows, caseload);
  update_choices (self);
  update_cards (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

RbCaseload *
rb_dashboard_get_caseload (RbDashboard *self)
{
  g_return_val_if_fail (RB_IS_DASHBOARD (self), NULL);
  return self->caseload;
}

/**
 * rb_dashboard_refresh_case:
 * @self: a dashboard
 * @case_uuid: a case that was added, edited or deleted
 * @error: return location for an error
 *
 * Recomputes the figures of one case and updates its row and the cards.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_dashboard_refresh_case (RbDashboard *self, const char *case_uuid, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  RbCaseSummary *summary;

  g_return_val_if_fail (RB_IS_DASHBOARD (self), FALSE);
  g_return_val_if_fail (self->caseload != NULL, FALSE);

  rb_route_column_forget (self, case_uuid);
  summary = rb_caseload_refresh_case (self->caseload, case_uuid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  rb_case_row_list_update (self->rows, summary, case_uuid);
  update_choices (self);
  update_cards (self);
  update_count (self);
  return TRUE;
}

/**
 * rb_dashboard_refresh_all:
 * @self: a dashboard
 * @error: return location for an error
 *
 * Recomputes every case, after the rules (criteria, holidays, locations) changed.
 *
 * Returns: %TRUE on success.
 */
gboolean
rb_dashboard_refresh_all (RbDashboard *self, GError **error)
{
  g_autoptr(RbCaseload) caseload = NULL;

  g_return_val_if_fail (RB_IS_DASHBOARD (self), FALSE);

  if (self->caseload == NULL)
    return TRUE;
  caseload = g_object_ref (self->caseload);
  if (!rb_caseload_reload_rules (caseload, error))
    return FALSE;
  rb_dashboard_set_caseload (self, caseload);
  return TRUE;
}

void
rb_dashboard_focus_search (RbDashboard *self)
{
  g_return_if_fail (RB_IS_DASHBOARD (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * rb_dashboard_get_shown:
 * @self: a dashboard
 *
 * Returns: (transfer none): the rows as shown: filtered and sorted.
 */
GListModel *
rb_dashboard_get_shown (RbDashboard *self)
{
  g_return_val_if_fail (RB_IS_DASHBOARD (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

guint
rb_dashboard_get_n_cases (RbDashboard *self)
{
  g_return_val_if_fail (RB_IS_DASHBOARD (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

/**
 * rb_dashboard_get_figures_pending:
 * @self: a dashboard
 *
 * Returns: whether figures of the rows are still being computed.
 */
gboolean
rb_dashboard_get_figures_pending (RbDashboard *self)
{
  g_return_val_if_fail (RB_IS_DASHBOARD (self), FALSE);
  return self->figures_source != 0;
}
