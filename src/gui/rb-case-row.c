/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-row.h"
#include "rb-date.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbCaseRow:
 *
 * One line of the case list: a case together with its pupil and school, flattened to the
 * strings the columns show and sort on. Rows are immutable snapshots; the window builds
 * new ones when the database changes.
 */

struct _RbCaseRow
{
  GObject parent_instance;

  char *uuid;
  char *pupil_name;
  char *search_key;
  char *school_name;
  char *status;
  char *opened_on;
  char *opened_on_label;
  char *regisseur;
  char **status_classes;
  int status_rank;
};

G_DEFINE_FINAL_TYPE (RbCaseRow, rb_case_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UUID,
  PROP_PUPIL_NAME,
  PROP_SCHOOL_NAME,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_STATUS_RANK,
  PROP_STATUS_CLASSES,
  PROP_OPENED_ON,
  PROP_OPENED_ON_LABEL,
  PROP_REGISSEUR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_date (const char *iso)
{
  GDate date;

  /* The list shows dates the Dutch way; sorting still uses the ISO text. */
  g_date_clear (&date, 1);
  if (iso == NULL || !rb_date_parse (iso, &date, NULL))
    return g_strdup (iso ? iso : "");
  return g_strdup_printf ("%02u-%02u-%04u", g_date_get_day (&date), g_date_get_month (&date),
                          g_date_get_year (&date));
}

static int
status_rank (const char *status)
{
  /* The core lists the statuses in the order of the route; unknown codes go last. */
  for (int i = 0; rb_case_statuses[i] != NULL; i++)
    if (g_strcmp0 (rb_case_statuses[i], status) == 0)
      return i;
  return G_MAXINT;
}

static void
rb_case_row_finalize (GObject *object)
{
  RbCaseRow *self = RB_CASE_ROW (object);

  g_free (self->uuid);
  g_free (self->pupil_name);
  g_free (self->search_key);
  g_free (self->school_name);
  g_free (self->status);
  g_free (self->opened_on);
  g_free (self->opened_on_label);
  g_free (self->regisseur);
  g_strfreev (self->status_classes);

  G_OBJECT_CLASS (rb_case_row_parent_class)->finalize (object);
}

static void
rb_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RbCaseRow *self = RB_CASE_ROW (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_PUPIL_NAME:
      g_value_set_string (value, self->pupil_name);
      break;
    case PROP_SCHOOL_NAME:
      g_value_set_string (value, self->school_name);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, rb_case_row_get_status_label (self));
      break;
    case PROP_STATUS_RANK:
      g_value_set_int (value, self->status_rank);
      break;
    case PROP_STATUS_CLASSES:
      g_value_set_boxed (value, self->status_classes);
      break;
    case PROP_OPENED_ON:
      g_value_set_string (value, self->opened_on);
      break;
    case PROP_OPENED_ON_LABEL:
      g_value_set_string (value, self->opened_on_label);
      break;
    case PROP_REGISSEUR:
      g_value_set_string (value, self->regisseur);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rb_case_row_class_init (RbCaseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rb_case_row_finalize;
  object_class->get_property = rb_case_row_get_property;

#define STRING_PROP(id, name) \
  properties[id] = g_param_spec_string (name, NULL, NULL, NULL, \
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
  STRING_PROP (PROP_UUID, "uuid");
  STRING_PROP (PROP_PUPIL_NAME, "pupil-name");
  STRING_PROP (PROP_SCHOOL_NAME, "school-name");
  STRING_PROP (PROP_STATUS, "status");
  STRING_PROP (PROP_STATUS_LABEL, "status-label");
  STRING_PROP (PROP_OPENED_ON, "opened-on");
  STRING_PROP (PROP_OPENED_ON_LABEL, "opened-on-label");
  STRING_PROP (PROP_REGISSEUR, "regisseur");
#undef STRING_PROP
  properties[PROP_STATUS_RANK] =
    g_param_spec_int ("status-rank", NULL, NULL, 0, G_MAXINT, G_MAXINT,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Bound to the status label's css-classes, so the stylesheet can colour each status. */
  properties[PROP_STATUS_CLASSES] =
    g_param_spec_boxed ("status-classes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rb_case_row_init (RbCaseRow *self)
{
  self->status_rank = G_MAXINT;
}

/**
 * rb_case_row_fold_for_search:
 * @text: (nullable): a name or a search text
 *
 * Returns: (transfer full): @text in lower case without accents, so that "sukru" finds
 *   "Şükrü"; the same folding is applied to both sides of a search.
 */
char *
rb_case_row_fold_for_search (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL)
    return g_strdup ("");
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}

/**
 * rb_case_row_new:
 * @case_record: a record of table "cases"
 * @pupil: (nullable): its pupil
 * @school: (nullable): the pupil's school
 *
 * Returns: (transfer full): a row with the values shown in the list.
 */
RbCaseRow *
rb_case_row_new (RbRecord *case_record, RbRecord *pupil, RbRecord *school)
{
  RbCaseRow *self;
  const char *status;

  g_return_val_if_fail (RB_IS_RECORD (case_record), NULL);
  g_return_val_if_fail (pupil == NULL || RB_IS_RECORD (pupil), NULL);
  g_return_val_if_fail (school == NULL || RB_IS_RECORD (school), NULL);

  self = g_object_new (RB_TYPE_CASE_ROW, NULL);
  status = rb_record_get_string (case_record, "status");

  self->uuid = g_strdup (rb_record_get_uuid (case_record));
  if (pupil != NULL)
    self->pupil_name = g_strdup_printf ("%s %s", rb_record_get_string (pupil, "first_name"),
                                        rb_record_get_string (pupil, "last_name"));
  else
    self->pupil_name = g_strdup (_("Unknown pupil"));
  self->search_key = rb_case_row_fold_for_search (self->pupil_name);
  if (school != NULL)
    self->school_name = g_strdup (rb_record_get_string (school, "name"));
  else if (pupil != NULL && rb_record_is_set (pupil, "enrolled")
           && !rb_record_get_boolean (pupil, "enrolled"))
    /* Absolute absence: the pupil has no school at all, which is worth saying. */
    self->school_name = g_strdup (_("Not enrolled"));
  else
    self->school_name = g_strdup ("");
  self->status = g_strdup (status);
  self->status_rank = status_rank (status);
  self->status_classes = g_new0 (char *, 3);
  self->status_classes[0] = g_strdup ("status");
  self->status_classes[1] = g_strconcat ("status-", status ? status : "unknown", NULL);
  self->opened_on = g_strdup (rb_record_get_string (case_record, "opened_on"));
  self->opened_on_label = format_date (self->opened_on);
  self->regisseur = g_strdup (rb_record_get_string (case_record, "regisseur_swv"));
  return self;
}

const char *
rb_case_row_get_uuid (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->uuid;
}

const char *
rb_case_row_get_pupil_name (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->pupil_name;
}

const char *
rb_case_row_get_search_key (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->search_key;
}

const char *
rb_case_row_get_school_name (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->school_name;
}

const char *
rb_case_row_get_status (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->status;
}

const char *
rb_case_row_get_status_label (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->status ? rb_case_status_label (self->status) : "";
}

int
rb_case_row_get_status_rank (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), G_MAXINT);
  return self->status_rank;
}

const char *
rb_case_row_get_opened_on (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->opened_on;
}

const char *
rb_case_row_get_opened_on_label (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->opened_on_label;
}

const char *
rb_case_row_get_regisseur (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return self->regisseur;
}

/**
 * rb_case_row_list_load:
 * @db: an open database
 * @error: return location for an error
 *
 * Reads the cases of @db that are not deleted, with their pupils and schools.
 *
 * Returns: (transfer full): a #GListModel of #RbCaseRow, or %NULL with @error set.
 */
GListModel *
rb_case_row_list_load (RbDatabase *db, GError **error)
{
  g_autoptr(GHashTable) pupils = NULL;
  g_autoptr(GHashTable) schools = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GListStore *store;

  g_return_val_if_fail (RB_IS_DATABASE (db), NULL);

  /* rb_store_list leaves out tombstones (deleted = 1), which the list never shows. */
  if ((pupils = rb_store_index_by_uuid (db, "pupils", error)) == NULL
      || (schools = rb_store_index_by_uuid (db, "schools", error)) == NULL
      || (cases = rb_store_list (db, rb_schema_lookup_table ("cases"), NULL, NULL, error)) == NULL)
    return NULL;

  rows = g_ptr_array_new_full (cases->len, g_object_unref);
  for (guint i = 0; i < cases->len; i++)
    {
      RbRecord *item = g_ptr_array_index (cases, i);
      RbRecord *pupil = g_hash_table_lookup (pupils, rb_record_get_string (item, "pupil_uuid"));
      RbRecord *school = NULL;

      if (pupil != NULL && rb_record_is_set (pupil, "school_uuid"))
        school = g_hash_table_lookup (schools, rb_record_get_string (pupil, "school_uuid"));
      g_ptr_array_add (rows, rb_case_row_new (item, pupil, school));
    }

  /* One splice, so views see a single items-changed. */
  store = g_list_store_new (RB_TYPE_CASE_ROW);
  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return G_LIST_MODEL (store);
}
