/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-case-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-case-timeline.h"
#include "rb-error.h"
#include "rb-gui-util.h"
#include "rb-schema.h"
#include "rb-store.h"

/**
 * RbCaseTimeline:
 *
 * The case file's "Timeline" section: the case's #RbTimeline with zoom buttons, the
 * presentation window for the meeting room (F5) and exports for the minutes (PNG, or
 * one vector PDF page). The model is read again with rb_case_timeline_reload() after
 * the case's records change; while the section is not on screen that waits until it is,
 * as the case file saves every few hundred milliseconds while the user types.
 */

/* Export sizes: a wide slide in pixels, an A4 landscape page in points. */
#define PNG_WIDTH 1920
#define PNG_HEIGHT 1080
#define PDF_WIDTH 842
#define PDF_HEIGHT 595
#define PDF_TEXT_SIZE 9

struct _RbCaseTimeline
{
  GtkWidget parent_instance;

  RbDatabase *db;
  RbCalendar *calendar;
  GDate today;
  char *case_uuid;
  gboolean stale;
  GtkFileChooserNative *chooser;

  GtkStack *stack;
  RbTimeline *timeline;
  AdwStatusPage *error_page;
  GtkLabel *problems_label;
};

G_DEFINE_FINAL_TYPE (RbCaseTimeline, rb_case_timeline, GTK_TYPE_WIDGET)

static void
show_problem (RbCaseTimeline *self, const char *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
update_actions (RbCaseTimeline *self)
{
  gboolean has_model = rb_timeline_get_model (self->timeline) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-timeline.zoom", has_model);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-timeline.present", has_model);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case-timeline.export", has_model);
}

static void
build_model (RbCaseTimeline *self)
{
  g_autoptr(RbRecord) record = NULL;
  g_autoptr(RbTimelineModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GStrv problems;
  g_autofree char *text = NULL;

  self->stale = FALSE;
  if ((record = rb_store_get (self->db, rb_schema_lookup_table ("cases"), self->case_uuid, &error))
          == NULL
      || (model = rb_timeline_model_new_for_case (self->db, self->calendar, record, &self->today,
                                                  &error))
             == NULL)
    {
      rb_timeline_set_model (self->timeline, NULL);
      show_problem (self, error->message);
      update_actions (self);
      return;
    }
  rb_timeline_set_model (self->timeline, model);
  /* What the rules could not compute (a calendar that ends too soon) is said, not hidden. */
  problems = rb_timeline_model_get_problems (model);
  text = problems != NULL ? g_strjoinv ("\n", problems) : NULL;
  gtk_label_set_label (self->problems_label, text != NULL ? text : "");
  gtk_stack_set_visible_child_name (self->stack, "timeline");
  update_actions (self);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseTimeline *self = RB_CASE_TIMELINE (widget);

  gtk_widget_activate_action_variant (GTK_WIDGET (self->timeline), "timeline.zoom", parameter);
}

static void
present_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  rb_case_timeline_present (RB_CASE_TIMELINE (widget));
}

static void
rebuild_if_stale (RbCaseTimeline *self)
{
  if (self->stale && self->db != NULL)
    build_model (self);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser, int response, RbCaseTimeline *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL
      && !rb_case_timeline_export (self, file, &error))
    rb_gui_toast (GTK_WIDGET (self), error->message);
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RbCaseTimeline *self = RB_CASE_TIMELINE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  gboolean pdf = g_str_equal (format, "pdf");
  /* Translators: the file name an exported timeline is offered under. */
  g_autofree char *name = g_strdup_printf ("%s.%s", _("timeline"), format);

  if (self->chooser != NULL)
    return;
  self->chooser = rb_gui_file_chooser_new (widget, pdf ? _("Export Timeline as PDF")
                                                       : _("Export Timeline as PNG"),
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                           pdf ? _("PDF documents") : _("PNG images"),
                                           pdf ? "application/pdf" : "image/png",
                                           G_CALLBACK (on_chooser_response_cb), self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
}

static void
rb_case_timeline_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rb_case_timeline_parent_class)->map (widget);
  rebuild_if_stale (RB_CASE_TIMELINE (widget));
}

static void
rb_case_timeline_dispose (GObject *object)
{
  RbCaseTimeline *self = RB_CASE_TIMELINE (object);
  GtkWidget *child;

  rb_gui_file_chooser_destroy (&self->chooser, self);
  rb_case_timeline_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RB_TYPE_CASE_TIMELINE);
  /* The tool bar is not bound, so it is unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rb_case_timeline_parent_class)->dispose (object);
}

static void
rb_case_timeline_class_init (RbCaseTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rb_case_timeline_dispose;
  widget_class->map = rb_case_timeline_map;

  g_type_ensure (RB_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-case-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, RbCaseTimeline, stack);
  gtk_widget_class_bind_template_child (widget_class, RbCaseTimeline, timeline);
  gtk_widget_class_bind_template_child (widget_class, RbCaseTimeline, error_page);
  gtk_widget_class_bind_template_child (widget_class, RbCaseTimeline, problems_label);

  gtk_widget_class_install_action (widget_class, "case-timeline.zoom", "d", zoom_action);
  gtk_widget_class_install_action (widget_class, "case-timeline.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "case-timeline.export", "s", export_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
rb_case_timeline_init (RbCaseTimeline *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  update_actions (self);
}

GtkWidget *
rb_case_timeline_new (void)
{
  return g_object_new (RB_TYPE_CASE_TIMELINE, NULL);
}

/**
 * rb_case_timeline_load:
 * @self: a timeline section
 * @db: the open database
 * @calendar: its school calendar
 * @today: the day the "today" line is drawn at
 * @case_uuid: the case to show
 *
 * Shows the timeline of @case_uuid; when it cannot be built the section says why.
 */
void
rb_case_timeline_load (RbCaseTimeline *self,
                       RbDatabase     *db,
                       RbCalendar     *calendar,
                       const GDate    *today,
                       const char     *case_uuid)
{
  g_return_if_fail (RB_IS_CASE_TIMELINE (self));

  rb_case_timeline_clear (self);
  self->db = g_object_ref (db);
  self->calendar = g_object_ref (calendar);
  self->today = *today;
  self->case_uuid = g_strdup (case_uuid);
  build_model (self);
}

/**
 * rb_case_timeline_reload:
 * @self: a timeline section showing a case
 *
 * Reads the case again, after its records changed; at once when the section is on
 * screen, else when it is shown, presented or exported.
 */
void
rb_case_timeline_reload (RbCaseTimeline *self)
{
  g_return_if_fail (RB_IS_CASE_TIMELINE (self));

  if (self->db == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    build_model (self);
  else
    self->stale = TRUE;
}

/**
 * rb_case_timeline_clear:
 * @self: a timeline section
 *
 * Forgets the case shown.
 */
void
rb_case_timeline_clear (RbCaseTimeline *self)
{
  g_return_if_fail (RB_IS_CASE_TIMELINE (self));

  if (self->timeline != NULL)
    rb_timeline_set_model (self->timeline, NULL);
  g_clear_object (&self->db);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->case_uuid, g_free);
  self->stale = FALSE;
  if (self->problems_label != NULL)
    gtk_label_set_label (self->problems_label, "");
}

RbTimeline *
rb_case_timeline_get_timeline (RbCaseTimeline *self)
{
  g_return_val_if_fail (RB_IS_CASE_TIMELINE (self), NULL);
  return self->timeline;
}

/**
 * rb_case_timeline_present:
 * @self: a timeline section showing a case
 *
 * Shows the case's timeline full screen, over the window; Escape closes it.
 *
 * Returns: (transfer none) (nullable): the presentation window, or %NULL when there is
 *   no timeline to show
 */
RbPresentationWindow *
rb_case_timeline_present (RbCaseTimeline *self)
{
  RbTimelineModel *model;
  RbPresentationWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (RB_IS_CASE_TIMELINE (self), NULL);

  rebuild_if_stale (self);
  if ((model = rb_timeline_get_model (self->timeline)) == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = rb_presentation_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, model);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/**
 * rb_case_timeline_export:
 * @self: a timeline section showing a case
 * @file: a local file; a name ending in ".pdf" gets a vector PDF page, any other a PNG
 * @error: return location for an error
 *
 * Exports the whole case, in the light theme, for the minutes of a meeting.
 *
 * Returns: %TRUE when @file was written.
 */
gboolean
rb_case_timeline_export (RbCaseTimeline *self, GFile *file, GError **error)
{
  RbTimelineModel *model;
  g_autofree char *path = NULL;
  RbTimelineView view;

  g_return_val_if_fail (RB_IS_CASE_TIMELINE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  rebuild_if_stale (self);
  if ((model = rb_timeline_get_model (self->timeline)) == NULL)
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_FAILED, _("There is no timeline to export."));
      return FALSE;
    }
  if ((path = g_file_get_path (file)) == NULL)
    {
      g_set_error_literal (error, RB_ERROR, RB_ERROR_IO, _("Choose a file on this computer."));
      return FALSE;
    }
  if (g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF"))
    {
      rb_timeline_view_init (&view, model, PDF_WIDTH, PDF_HEIGHT);
      view.text_size = PDF_TEXT_SIZE;
      return rb_timeline_export_pdf (model, &view, path, error);
    }
  rb_timeline_view_init (&view, model, PNG_WIDTH, PNG_HEIGHT);
  return rb_timeline_export_png (model, &view, path, error);
}
