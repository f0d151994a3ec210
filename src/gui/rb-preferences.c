/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-autosave.h"
#include "rb-calendar.h"
#include "rb-date.h"
#include "rb-gui-util.h"
#include "rb-preferences.h"
#include "rb-retention-page.h"
#include "rb-route-editor.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbPreferences:
 *
 * The settings of one SWV, stored in its database: schools, partners and their contacts,
 * bridge locations with their capacity, the signal criteria (the engine reads them from
 * the database) and the school holidays, with the dates still to check and the school
 * years without calendar, and the retention of closed cases (#RbRetentionPage). Edits are
 * saved as you go; a change to the rules, or a case anonymised or deleted, emits
 * #RbPreferences::rules-changed so that the dashboard recomputes.
 */

typedef enum
{
  PAGE_SCHOOLS,
  PAGE_PARTNERS,
  PAGE_LOCATIONS,
  PAGE_CRITERIA,
  PAGE_HOLIDAYS,
  N_PAGES
} Page;

struct _RbPreferences
{
  AdwPreferencesWindow parent_instance;

  RbDatabase *db;
  RbAutosave *autosave;
  GtkWidget *pages[N_PAGES];
  GPtrArray *groups[N_PAGES];
};

G_DEFINE_FINAL_TYPE (RbPreferences, rb_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  RULES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (RbPreferences *self, Page page);

static GPtrArray *
list (RbPreferences *self, const char *table)
{
  GPtrArray *records = rb_store_list (self->db, rb_schema_lookup_table (table), NULL, NULL, NULL);

  return records != NULL ? records : g_ptr_array_new_with_free_func (g_object_unref);
}

static GtkWidget *
new_group (RbPreferences *self, Page page, const char *title, const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->pages[page]), ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups[page], group);
  return group;
}

static GtkWidget *
expander (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  /* libadwaita 1.2 names only the header inside the row, not the row a screen reader
   * reaches first. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  return row;
}

static void
add_field (RbPreferences *self, GtkWidget *row, RbRecord *record, const char *column,
           const char *title)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            rb_autosave_entry_row (self->autosave, record, column, title));
}

static void
on_add_clicked_cb (GtkButton *button, RbPreferences *self)
{
  const char *table = g_object_get_data (G_OBJECT (button), "rb-table");
  Page page = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rb-page"));
  g_autoptr(RbRecord) record = rb_record_new (rb_schema_lookup_table (table));
  g_autoptr(GError) error = NULL;

  /* New rows start with a name to change and the first allowed kind. */
  rb_record_set_string (record, "name", _("New"));
  if (g_str_equal (table, "bridge_locations"))
    {
      rb_record_set_string (record, "kind", "SBO");
      rb_record_set_int (record, "capacity", 4);
    }
  if (!rb_store_save (self->db, record, &error))
    {
      rb_gui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  rebuild (self, page);
  if (page == PAGE_LOCATIONS)
    g_signal_emit (self, signals[RULES_CHANGED], 0);
}

static void
add_button (RbPreferences *self, GtkWidget *group, const char *label, const char *table, Page page)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "rb-table", (gpointer) table);
  g_object_set_data (G_OBJECT (button), "rb-page", GINT_TO_POINTER (page));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_add_clicked_cb), self, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
}

static void
build_schools (RbPreferences *self)
{
  g_autoptr(GPtrArray) schools = list (self, "schools");
  GtkWidget *group = new_group (self, PAGE_SCHOOLS, _("Schools"),
                                _("The schools of the samenwerkingsverband; new cases choose from them."));

  add_button (self, group, _("_Add School"), "schools", PAGE_SCHOOLS);
  for (guint i = 0; i < schools->len; i++)
    {
      RbRecord *school = g_ptr_array_index (schools, i);
      GtkWidget *row = expander (rb_record_get_string (school, "name"),
                                 rb_record_get_string (school, "brin"));

      add_field (self, row, school, "name", _("Name"));
      add_field (self, row, school, "brin", _("BRIN number"));
      add_field (self, row, school, "board", _("School board"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
build_partners (RbPreferences *self)
{
  g_autoptr(GPtrArray) organisations = list (self, "organisations");
  g_autoptr(GPtrArray) contacts = list (self, "contacts");
  GtkWidget *group = new_group (self, PAGE_PARTNERS, _("Partner Organisations"), NULL);

  add_button (self, group, _("_Add Partner"), "organisations", PAGE_PARTNERS);
  for (guint i = 0; i < organisations->len; i++)
    {
      RbRecord *organisation = g_ptr_array_index (organisations, i);
      GtkWidget *row = expander (rb_record_get_string (organisation, "name"),
                                 rb_record_get_string (organisation, "kind"));

      add_field (self, row, organisation, "name", _("Name"));
      add_field (self, row, organisation, "kind", _("Kind"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  group = new_group (self, PAGE_PARTNERS, _("Contact Persons"), NULL);
  add_button (self, group, _("Add _Contact"), "contacts", PAGE_PARTNERS);
  for (guint i = 0; i < contacts->len; i++)
    {
      RbRecord *contact = g_ptr_array_index (contacts, i);
      GtkWidget *row = expander (rb_record_get_string (contact, "name"),
                                 rb_record_get_string (contact, "role"));

      add_field (self, row, contact, "name", _("Name"));
      add_field (self, row, contact, "role", _("Role"));
      add_field (self, row, contact, "phone", _("Phone"));
      add_field (self, row, contact, "email", _("E-mail"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
build_locations (RbPreferences *self)
{
  g_autoptr(GPtrArray) locations = list (self, "bridge_locations");
  GtkWidget *group = new_group (self, PAGE_LOCATIONS, _("Bridge Locations"),
                                _("Where bridge pupils go, and how many each location holds at a "
                                  "time (an SBO school: 4)."));

  add_button (self, group, _("_Add Location"), "bridge_locations", PAGE_LOCATIONS);
  for (guint i = 0; i < locations->len; i++)
    {
      RbRecord *location = g_ptr_array_index (locations, i);
      g_autofree char *capacity = rb_record_dup_text (location, "capacity");
      g_autofree char *subtitle = g_strdup_printf (_("%s · capacity %s"),
                                                   rb_record_get_string (location, "kind"),
                                                   capacity != NULL && *capacity ? capacity : "–");
      GtkWidget *row = expander (rb_record_get_string (location, "name"), subtitle);

      add_field (self, row, location, "name", _("Name"));
      add_field (self, row, location, "capacity", _("Capacity"));
      add_field (self, row, location, "address", _("Address"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
on_enabled_cb (GtkSwitch *toggle, GParamSpec *pspec, RbPreferences *self)
{
  RbRecord *criterion = g_object_get_data (G_OBJECT (toggle), "rb-record");

  rb_record_set_boolean (criterion, "enabled", gtk_switch_get_active (toggle));
  rb_autosave_mark (self->autosave, criterion);
}

static void
build_criteria (RbPreferences *self)
{
  g_autoptr(GPtrArray) criteria = list (self, "criteria");
  GtkWidget *group = new_group (self, PAGE_CRITERIA, _("Signal Criteria"),
                                _("When absence becomes a signal. The dashboard and the case "
                                  "files follow changes at once."));

  for (guint i = 0; i < criteria->len; i++)
    {
      RbRecord *criterion = g_ptr_array_index (criteria, i);
      g_autofree char *subtitle = g_strdup_printf ("%s %g %s · %s",
                                                   rb_comparison_label (rb_record_get_string (criterion, "comparison")),
                                                   rb_record_get_double (criterion, "threshold"),
                                                   rb_criterion_unit_label (rb_record_get_string (criterion, "unit")),
                                                   rb_record_get_string (criterion, "school_type"));
      GtkWidget *row = expander (rb_record_get_string (criterion, "name"), subtitle);
      GtkWidget *toggle = gtk_switch_new ();

      gtk_switch_set_active (GTK_SWITCH (toggle), rb_record_get_boolean (criterion, "enabled"));
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Enabled"), -1);
      g_object_set_data_full (G_OBJECT (toggle), "rb-record", g_object_ref (criterion),
                              g_object_unref);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_enabled_cb), self, 0);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), toggle);
      add_field (self, row, criterion, "name", _("Name"));
      add_field (self, row, criterion, "threshold", _("Threshold"));
      add_field (self, row, criterion, "window_length", _("Window length"));
      add_field (self, row, criterion, "kinds", _("Kinds of absence"));
      add_field (self, row, criterion, "action", _("What to do"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
build_holidays (RbPreferences *self)
{
  g_autoptr(GPtrArray) holidays = list (self, "holidays");
  g_autoptr(RbCalendar) calendar = rb_calendar_new_from_database (self->db, NULL);
  g_autoptr(GDateTime) now = rb_database_dup_now (self->db);
  g_auto(GStrv) missing = NULL;
  GtkWidget *group;
  GDate first, last;

  /* The school years a case can touch now: last year to next year. */
  g_date_set_dmy (&first, 1, 8, g_date_time_get_year (now) - 1);
  g_date_set_dmy (&last, 31, 7, g_date_time_get_year (now) + 1);
  if (calendar != NULL
      && (missing = rb_calendar_list_missing_school_years (calendar, &first, &last)) != NULL
      && missing[0] != NULL)
    {
      g_autofree char *years = g_strjoinv (", ", missing);
      g_autofree char *text = g_strdup_printf (_("No school holidays are known for %s: deadlines "
                                                 "and signals that cross those years cannot be "
                                                 "counted. Add them below."), years);
      GtkWidget *notice = new_group (self, PAGE_HOLIDAYS, _("Missing School Years"), text);

      gtk_widget_add_css_class (notice, "warning");
    }

  group = new_group (self, PAGE_HOLIDAYS, _("School Holidays"),
                     _("Dates marked “to check” come from a table that was not yet final."));
  add_button (self, group, _("_Add Holiday"), "holidays", PAGE_HOLIDAYS);
  for (guint i = 0; i < holidays->len; i++)
    {
      RbRecord *holiday = g_ptr_array_index (holidays, i);
      g_autofree char *from = rb_gui_format_date (rb_record_get_string (holiday, "start_date"));
      g_autofree char *to = rb_gui_format_date (rb_record_get_string (holiday, "end_date"));
      g_autofree char *subtitle = g_strdup_printf ("%s – %s", from, to);
      GtkWidget *row = expander (rb_record_get_string (holiday, "name"), subtitle);

      if (rb_record_get_boolean (holiday, "needs_check"))
        {
          GtkWidget *mark = gtk_label_new (_("to check"));

          gtk_widget_add_css_class (mark, "needs-check");
          gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
          adw_expander_row_add_action (ADW_EXPANDER_ROW (row), mark);
        }
      add_field (self, row, holiday, "name", _("Name"));
      add_field (self, row, holiday, "start_date", _("First day"));
      add_field (self, row, holiday, "end_date", _("Last day"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static void
rebuild (RbPreferences *self, Page page)
{
  static void (*const builders[N_PAGES]) (RbPreferences *) = {
    build_schools, build_partners, build_locations, build_criteria, build_holidays,
  };
  rb_autosave_flush (self->autosave);
  for (guint i = 0; i < self->groups[page]->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->pages[page]),
                                 self->groups[page]->pdata[i]);
  g_ptr_array_set_size (self->groups[page], 0);
  builders[page] (self);
}

static void
on_saved_cb (RbAutosave *autosave, GPtrArray *records, RbPreferences *self)
{
  for (guint i = 0; i < records->len; i++)
    {
      const char *table = rb_record_get_table (records->pdata[i])->name;

      if (g_str_equal (table, "criteria") || g_str_equal (table, "holidays")
          || g_str_equal (table, "bridge_locations"))
        {
          g_signal_emit (self, signals[RULES_CHANGED], 0);
          return;
        }
    }
}

static void
on_problem_cb (RbAutosave *autosave, RbPreferences *self)
{
  if (rb_autosave_get_problem (autosave) != NULL)
    rb_gui_toast (GTK_WIDGET (self), rb_autosave_get_problem (autosave));
}

static void
on_retention_changed_cb (RbPreferences *self)
{
  g_signal_emit (self, signals[RULES_CHANGED], 0);
}

static gboolean
rb_preferences_close_request (GtkWindow *window)
{
  rb_autosave_flush (RB_PREFERENCES (window)->autosave);
  return GTK_WINDOW_CLASS (rb_preferences_parent_class)->close_request (window);
}

static void
rb_preferences_dispose (GObject *object)
{
  RbPreferences *self = RB_PREFERENCES (object);

  if (self->autosave != NULL)
    rb_autosave_flush (self->autosave);
  g_clear_object (&self->autosave);
  g_clear_object (&self->db);
  for (guint i = 0; i < N_PAGES; i++)
    g_clear_pointer (&self->groups[i], g_ptr_array_unref);

  G_OBJECT_CLASS (rb_preferences_parent_class)->dispose (object);
}

static void
rb_preferences_class_init (RbPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rb_preferences_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = rb_preferences_close_request;

  /**
   * RbPreferences::rules-changed:
   * @preferences: the window
   *
   * Criteria, holidays or bridge locations were saved.
   */
  signals[RULES_CHANGED] = g_signal_new ("rules-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rb_preferences_init (RbPreferences *self)
{
  static const struct { const char *name; const char *title; const char *icon; } pages[N_PAGES] = {
    { "schools", N_("Schools"), "emblem-documents-symbolic" },
    { "partners", N_("Partners"), "system-users-symbolic" },
    { "locations", N_("Bridge Locations"), "go-home-symbolic" },
    { "criteria", N_("Signal Criteria"), "dialog-warning-symbolic" },
    { "holidays", N_("Holidays"), "x-office-calendar-symbolic" },
  };

  self->autosave = rb_autosave_new ();
  g_signal_connect_object (self->autosave, "saved", G_CALLBACK (on_saved_cb), self, 0);
  g_signal_connect_object (self->autosave, "pending", G_CALLBACK (on_problem_cb), self, 0);
  for (guint i = 0; i < N_PAGES; i++)
    {
      self->groups[i] = g_ptr_array_new ();
      self->pages[i] = adw_preferences_page_new ();
      adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (self->pages[i]), pages[i].name);
      adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->pages[i]), _(pages[i].title));
      adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self->pages[i]), pages[i].icon);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->pages[i]));
    }
}

/**
 * rb_preferences_new:
 * @parent: the window showing @db
 * @db: the database whose settings are edited
 *
 * Returns: (transfer none): the preferences window; it destroys itself when closed.
 */
RbPreferences *
rb_preferences_new (GtkWindow *parent, RbDatabase *db)
{
  RbPreferences *self;
  RbRetentionPage *retention;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  self = g_object_new (RB_TYPE_PREFERENCES, "transient-for", parent, "modal", TRUE,
                       "search-enabled", FALSE, "default-width", 760, "default-height", 640, NULL);
  self->db = g_object_ref (db);
  rb_autosave_set_database (self->autosave, db);
  for (guint i = 0; i < N_PAGES; i++)
    rebuild (self, i);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (rb_route_editor_new (db)));
  retention = rb_retention_page_new (db);
  g_signal_connect_object (retention, "changed", G_CALLBACK (on_retention_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (retention));
  return self;
}

gboolean
rb_preferences_flush (RbPreferences *self)
{
  g_return_val_if_fail (RB_IS_PREFERENCES (self), FALSE);
  return rb_autosave_flush (self->autosave);
}
