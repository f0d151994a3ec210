/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-row.h"
#include "rb-date.h"
#include "rb-schema.h"

/**
 * RbCaseRow:
 *
 * One line of the dashboard: a copy of a case's #RbCaseSummary, exposed as properties so
 * that the columns can bind and sort on them. After an edit the dashboard replaces the
 * row with a new one; figures computed after the row was shown are set in place.
 *
 * A row can also be a slot (rb_case_row_new_slot()): a position of the list on screen
 * that shows another row, and notifies #RbCaseRow:shown when it shows a different one.
 */

struct _RbCaseRow
{
  GObject parent_instance;

  RbCaseSummary *summary;
  char *next_due;
  char *next_due_label;
  char *days_label;
  char *overdue_label;
  char **status_classes;
  int status_rank;
  /* For a slot: the row it shows. */
  RbCaseRow *shown;
};

G_DEFINE_FINAL_TYPE (RbCaseRow, rb_case_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_UUID,
  PROP_PUPIL_NAME,
  PROP_SCHOOL_NAME,
  PROP_STATUS_LABEL,
  PROP_STATUS_RANK,
  PROP_STATUS_CLASSES,
  PROP_DAYS_SINCE,
  PROP_DAYS_LABEL,
  PROP_N_SIGNALS,
  PROP_NEXT_DUE,
  PROP_NEXT_DUE_LABEL,
  PROP_N_OVERDUE,
  PROP_OVERDUE_LABEL,
  PROP_REGISSEUR,
  PROP_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  rb_case_summary_free (self->summary);
  g_free (self->next_due);
  g_free (self->next_due_label);
  g_free (self->days_label);
  g_free (self->overdue_label);
  g_strfreev (self->status_classes);
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (rb_case_row_parent_class)->finalize (object);
}

static void
rb_case_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RbCaseRow *self = RB_CASE_ROW (object);
  RbCaseSummary *s;

  if (prop_id == PROP_SHOWN)
    {
      g_value_set_object (value, self->shown);
      return;
    }
  /* A slot answers for the row it shows. */
  if (self->shown != NULL)
    self = self->shown;
  s = self->summary;

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, s->case_uuid);
      break;
    case PROP_PUPIL_NAME:
      g_value_set_string (value, s->pupil_name);
      break;
    case PROP_SCHOOL_NAME:
      g_value_set_string (value, s->school_name);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value, s->status ? rb_case_status_label (s->status) : "");
      break;
    case PROP_STATUS_RANK:
      g_value_set_int (value, self->status_rank);
      break;
    case PROP_STATUS_CLASSES:
      g_value_set_boxed (value, self->status_classes);
      break;
    case PROP_DAYS_SINCE:
      g_value_set_int (value, s->days_since);
      break;
    case PROP_DAYS_LABEL:
      g_value_set_string (value, self->days_label);
      break;
    case PROP_N_SIGNALS:
      g_value_set_uint (value, s->signals->len);
      break;
    case PROP_NEXT_DUE:
      g_value_set_string (value, self->next_due);
      break;
    case PROP_NEXT_DUE_LABEL:
      g_value_set_string (value, self->next_due_label);
      break;
    case PROP_N_OVERDUE:
      g_value_set_uint (value, s->n_overdue);
      break;
    case PROP_OVERDUE_LABEL:
      g_value_set_string (value, self->overdue_label);
      break;
    case PROP_REGISSEUR:
      g_value_set_string (value, s->regisseur);
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
#define UINT_PROP(id, name) \
  properties[id] = g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0, \
                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
  STRING_PROP (PROP_UUID, "uuid");
  STRING_PROP (PROP_PUPIL_NAME, "pupil-name");
  STRING_PROP (PROP_SCHOOL_NAME, "school-name");
  STRING_PROP (PROP_STATUS_LABEL, "status-label");
  STRING_PROP (PROP_DAYS_LABEL, "days-label");
  /* ISO date, or "~" (after every digit) when nothing is due, so it sorts last. */
  STRING_PROP (PROP_NEXT_DUE, "next-due");
  STRING_PROP (PROP_NEXT_DUE_LABEL, "next-due-label");
  STRING_PROP (PROP_OVERDUE_LABEL, "overdue-label");
  STRING_PROP (PROP_REGISSEUR, "regisseur");
  UINT_PROP (PROP_N_SIGNALS, "n-signals");
  UINT_PROP (PROP_N_OVERDUE, "n-overdue");
#undef STRING_PROP
#undef UINT_PROP
  properties[PROP_STATUS_RANK] =
    g_param_spec_int ("status-rank", NULL, NULL, 0, G_MAXINT, G_MAXINT,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DAYS_SINCE] =
    g_param_spec_int ("days-since", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Bound to the status label's css-classes, so the stylesheet can colour each status. */
  properties[PROP_STATUS_CLASSES] =
    g_param_spec_boxed ("status-classes", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* For a slot: the row it shows; notified when that changes. */
  properties[PROP_SHOWN] =
    g_param_spec_object ("shown", NULL, NULL, RB_TYPE_CASE_ROW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rb_case_row_init (RbCaseRow *self)
{
}

RbCaseRow *
rb_case_row_new (const RbCaseSummary *summary)
{
  RbCaseRow *self;

  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (RB_TYPE_CASE_ROW, NULL);
  rb_case_row_set_summary (self, summary);
  return self;
}

/**
 * rb_case_row_set_summary:
 * @self: a row
 * @summary: the new summary of its case
 *
 * Replaces the row's copy of the summary, for figures that were computed after the row
 * was shown. Sorters and filters do not notice: whoever calls this tells them.
 */
void
rb_case_row_set_summary (RbCaseRow *self, const RbCaseSummary *summary)
{
  g_return_if_fail (RB_IS_CASE_ROW (self) && self->shown == NULL);
  g_return_if_fail (summary != NULL);

  g_clear_pointer (&self->summary, rb_case_summary_free);
  g_clear_pointer (&self->next_due, g_free);
  g_clear_pointer (&self->next_due_label, g_free);
  g_clear_pointer (&self->days_label, g_free);
  g_clear_pointer (&self->overdue_label, g_free);
  g_clear_pointer (&self->status_classes, g_strfreev);

  self->summary = rb_case_summary_copy (summary);
  self->status_rank = status_rank (summary->status);
  self->status_classes = g_new0 (char *, 3);
  self->status_classes[0] = g_strdup ("status");
  self->status_classes[1] = g_strconcat ("status-", summary->status ? summary->status : "unknown",
                                         NULL);
  if (g_date_valid (&summary->next_due))
    {
      self->next_due = rb_date_format (&summary->next_due);
      /* The list shows dates the Dutch way; sorting uses the ISO text. */
      self->next_due_label = rb_date_format_for_people (&summary->next_due);
    }
  else
    {
      self->next_due = g_strdup ("~");
      self->next_due_label = g_strdup ("");
    }
  self->days_label = summary->days_since >= 0
                     ? g_strdup_printf ("%d", summary->days_since) : g_strdup ("");
  self->overdue_label = summary->n_overdue > 0
                        ? g_strdup_printf ("%u", summary->n_overdue) : g_strdup ("");
}

/**
 * rb_case_row_new_slot:
 * @row: the row the slot shows first
 *
 * Returns: (transfer full): a slot: a row that shows @row until rb_case_row_set_shown().
 */
RbCaseRow *
rb_case_row_new_slot (RbCaseRow *row)
{
  RbCaseRow *self;

  g_return_val_if_fail (RB_IS_CASE_ROW (row), NULL);

  self = g_object_new (RB_TYPE_CASE_ROW, NULL);
  self->shown = g_object_ref (row);
  return self;
}

/**
 * rb_case_row_set_shown:
 * @self: a slot from rb_case_row_new_slot()
 * @row: the row it shows now
 */
void
rb_case_row_set_shown (RbCaseRow *self, RbCaseRow *row)
{
  g_return_if_fail (RB_IS_CASE_ROW (self) && self->shown != NULL);
  g_return_if_fail (RB_IS_CASE_ROW (row));

  if (g_set_object (&self->shown, row))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

/* A slot answers for the row it shows. */
static RbCaseRow *
data_of (RbCaseRow *self)
{
  return self->shown != NULL ? self->shown : self;
}

const RbCaseSummary *
rb_case_row_get_summary (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return data_of (self)->summary;
}

const char *
rb_case_row_get_uuid (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return data_of (self)->summary->case_uuid;
}

const char *
rb_case_row_get_pupil_name (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);
  return data_of (self)->summary->pupil_name;
}

int
rb_case_row_get_status_rank (RbCaseRow *self)
{
  g_return_val_if_fail (RB_IS_CASE_ROW (self), G_MAXINT);
  return data_of (self)->status_rank;
}

/**
 * rb_case_row_dup_signals_text:
 * @self: a row
 *
 * Returns: (transfer full): the names of the active signals, one a line, for tooltips
 *   and screen readers.
 */
char *
rb_case_row_dup_signals_text (RbCaseRow *self)
{
  GString *text = g_string_new (NULL);
  const RbCaseSummary *summary;

  g_return_val_if_fail (RB_IS_CASE_ROW (self), NULL);

  summary = data_of (self)->summary;
  for (guint i = 0; i < summary->signals->len; i++)
    {
      RbSignal *signal = g_ptr_array_index (summary->signals, i);
      g_autofree char *day = rb_date_format_for_people (&signal->first_fired);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a verzuim signal and the day it fired. */
      g_string_append_printf (text, _("%s (since %s)"), signal->name, day);
    }
  return g_string_free (text, FALSE);
}

/**
 * rb_case_row_signal_icon:
 * @unit: the unit of a signal's criterion
 *
 * Returns: the symbolic icon that stands for signals counted in @unit.
 */
const char *
rb_case_row_signal_icon (const char *unit)
{
  static const struct { const char *unit; const char *icon; } icons[] = {
    { "hours", "alarm-symbolic" },
    { "count", "appointment-soon-symbolic" },
    { "consecutive_days", "x-office-calendar-symbolic" },
    { "reports", "face-sick-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_strcmp0 (icons[i].unit, unit) == 0)
      return icons[i].icon;
  return "dialog-warning-symbolic";
}

/**
 * rb_case_row_list_fill:
 * @rows: a #GListStore of #RbCaseRow
 * @caseload: (nullable): the computed caseload
 *
 * Replaces the rows of @rows by one per case of @caseload, in one change.
 */
void
rb_case_row_list_fill (GListStore *rows, RbCaseload *caseload)
{
  GPtrArray *summaries = caseload != NULL ? rb_caseload_get_summaries (caseload) : NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    g_ptr_array_add (items, rb_case_row_new (g_ptr_array_index (summaries, i)));
  /* One splice, so views see a single items-changed. */
  g_list_store_splice (rows, 0, g_list_model_get_n_items (G_LIST_MODEL (rows)), items->pdata,
                       items->len);
}

/* g_list_store_find_with_equal_func() wants an object to compare with, not a UUID. */
static gboolean
find_row (GListStore *rows, const char *case_uuid, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (rows));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RbCaseRow) row = g_list_model_get_item (G_LIST_MODEL (rows), i);

      if (g_strcmp0 (rb_case_row_get_uuid (row), case_uuid) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * rb_case_row_list_update:
 * @rows: a list from rb_case_row_list_new()
 * @summary: (nullable): the case's new summary; %NULL when it was deleted
 * @case_uuid: the case
 *
 * Replaces, adds or removes the row of one case.
 *
 * Returns: %TRUE when the list changed.
 */
gboolean
rb_case_row_list_update (GListStore *rows, const RbCaseSummary *summary, const char *case_uuid)
{
  g_autoptr(RbCaseRow) row = summary != NULL ? rb_case_row_new (summary) : NULL;
  guint position;

  if (find_row (rows, case_uuid, &position))
    {
      if (row != NULL)
        g_list_store_splice (rows, position, 1, (gpointer *) &row, 1);
      else
        g_list_store_remove (rows, position);
      return TRUE;
    }
  if (row == NULL)
    return FALSE;
  g_list_store_append (rows, row);
  return TRUE;
}
