/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rb-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "rb-assistant.h"
#include "rb-error.h"

/**
 * RbAssistant:
 *
 * A modal window that leads through a few pages: Previous and Next in the header bar,
 * "Step 2 of 3" under the title, and Next insensitive with the reason under the page while
 * the page is not complete. Enter goes on, Escape cancels. Subclasses check the pages and
 * do the work at the end; nothing happens before the last page's button is pressed.
 */

typedef struct
{
  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkWidget *next_button;
  GtkWidget *back_button;

  GPtrArray *pages;
  /* Per page, the label under its fields that says why Next is insensitive. */
  GPtrArray *messages;
  guint step;
} RbAssistantPrivate;

static void rb_assistant_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (RbAssistant, rb_assistant, ADW_TYPE_WINDOW,
                         G_ADD_PRIVATE (RbAssistant)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, rb_assistant_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static GtkWidget *
current_page (RbAssistant *self)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (self);

  return g_ptr_array_index (priv->pages, priv->step);
}

static gboolean
is_last_step (RbAssistant *self)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (self);

  return priv->step + 1 == priv->pages->len;
}

/* A hint in dim text for what is missing, an error in red for what is wrong. */
static void
show_message (RbAssistant *self, const GError *error)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (self);
  GtkWidget *label = g_ptr_array_index (priv->messages, priv->step);
  GtkWidget *group = gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP);
  gboolean wrong = error != NULL && g_error_matches (error, RB_ERROR, RB_ERROR_INVALID);

  gtk_label_set_label (GTK_LABEL (label), error != NULL ? error->message : "");
  gtk_widget_set_visible (group, error != NULL);
  gtk_widget_remove_css_class (label, wrong ? "dim-label" : "error");
  gtk_widget_add_css_class (label, wrong ? "error" : "dim-label");
  /* Insensitive, the button still tells screen readers and the pointer why. */
  gtk_widget_set_tooltip_text (priv->next_button, error != NULL ? error->message : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  error != NULL ? error->message : "", -1);
}

static void
show_step (RbAssistant *self, guint step)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (self);
  RbAssistantClass *klass = RB_ASSISTANT_GET_CLASS (self);
  GtkWidget *page = g_ptr_array_index (priv->pages, step);

  priv->step = step;
  if (klass->prepare_page != NULL)
    klass->prepare_page (self, page);
  gtk_stack_set_visible_child (priv->stack, page);
  rb_assistant_update (self);
  /* The summary's only question is the Create button; other pages start at their first field. */
  if (is_last_step (self))
    gtk_widget_grab_focus (priv->next_button);
  else
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
on_next_clicked_cb (RbAssistant *self)
{
  rb_assistant_go_next (self);
}

static void
on_back_clicked_cb (RbAssistant *self)
{
  rb_assistant_go_back (self);
}

/* The reason goes right under the page's fields, where the eye is. */
static GtkWidget *
add_message_label (GtkWidget *page)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_visible (group, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return label;
}

/* The template's preferences pages are the steps; anything else is the window's. */
static void
rb_assistant_buildable_add_child (GtkBuildable *buildable, GtkBuilder *builder, GObject *child,
                                  const char *type)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (RB_ASSISTANT (buildable));

  if (ADW_IS_PREFERENCES_PAGE (child) && priv->stack != NULL)
    {
      gtk_stack_add_child (priv->stack, GTK_WIDGET (child));
      g_ptr_array_add (priv->pages, child);
      g_ptr_array_add (priv->messages, add_message_label (GTK_WIDGET (child)));
      return;
    }
  parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
rb_assistant_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = rb_assistant_buildable_add_child;
}

static void
rb_assistant_finalize (GObject *object)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (RB_ASSISTANT (object));

  g_ptr_array_unref (priv->pages);
  g_ptr_array_unref (priv->messages);

  G_OBJECT_CLASS (rb_assistant_parent_class)->finalize (object);
}

static void
rb_assistant_class_init (RbAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rb_assistant_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/nl/routeboek/Routeboek/ui/rb-assistant.ui");
  gtk_widget_class_bind_template_child_private (widget_class, RbAssistant, window_title);
  gtk_widget_class_bind_template_child_private (widget_class, RbAssistant, stack);
  gtk_widget_class_bind_template_child_private (widget_class, RbAssistant, next_button);
  gtk_widget_class_bind_template_child_private (widget_class, RbAssistant, back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rb_assistant_init (RbAssistant *self)
{
  RbAssistantPrivate *priv = rb_assistant_get_instance_private (self);

  priv->pages = g_ptr_array_new ();
  priv->messages = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rb_assistant_update:
 * @self: an assistant
 *
 * Checks the shown page again; subclasses call it when a field changes.
 */
void
rb_assistant_update (RbAssistant *self)
{
  RbAssistantPrivate *priv;
  RbAssistantClass *klass;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  AdwPreferencesPage *page;
  gboolean complete;

  g_return_if_fail (RB_IS_ASSISTANT (self));

  priv = rb_assistant_get_instance_private (self);
  klass = RB_ASSISTANT_GET_CLASS (self);
  if (priv->pages->len == 0)
    return;
  page = ADW_PREFERENCES_PAGE (current_page (self));
  complete = klass->check_page == NULL || klass->check_page (self, GTK_WIDGET (page), &error);
  g_assert (complete == (error == NULL));
  show_message (self, error);
  gtk_widget_set_sensitive (priv->next_button, complete);
  gtk_button_set_label (GTK_BUTTON (priv->next_button),
                        is_last_step (self) ? _("C_reate") : _("_Next"));
  gtk_widget_set_visible (priv->back_button, priv->step > 0);
  /* TRANSLATORS: under the assistant's title: "Step 1 of 3: Pupil" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), priv->step + 1, priv->pages->len,
                              adw_preferences_page_get_title (page));
  adw_window_title_set_title (priv->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  adw_window_title_set_subtitle (priv->window_title, subtitle);
}

/**
 * rb_assistant_go_next:
 * @self: an assistant
 *
 * Goes to the next page, or on the last one does the work and closes; what the Next button
 * (and Enter) does.
 *
 * Returns: %FALSE when the page is not complete or the work failed; the reason is shown.
 */
gboolean
rb_assistant_go_next (RbAssistant *self)
{
  RbAssistantPrivate *priv;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RB_IS_ASSISTANT (self), FALSE);

  priv = rb_assistant_get_instance_private (self);
  rb_assistant_update (self);
  if (!gtk_widget_get_sensitive (priv->next_button))
    return FALSE;
  if (!is_last_step (self))
    {
      show_step (self, priv->step + 1);
      return TRUE;
    }
  if (!RB_ASSISTANT_GET_CLASS (self)->apply (self, &error))
    {
      show_message (self, error);
      return FALSE;
    }
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

/**
 * rb_assistant_go_back:
 * @self: an assistant
 *
 * Goes to the previous page; what was entered stays.
 *
 * Returns: %FALSE on the first page.
 */
gboolean
rb_assistant_go_back (RbAssistant *self)
{
  RbAssistantPrivate *priv;

  g_return_val_if_fail (RB_IS_ASSISTANT (self), FALSE);

  priv = rb_assistant_get_instance_private (self);
  if (priv->step == 0)
    return FALSE;
  show_step (self, priv->step - 1);
  return TRUE;
}

/**
 * rb_assistant_get_step:
 * @self: an assistant
 *
 * Returns: the shown page, counted from 0.
 */
guint
rb_assistant_get_step (RbAssistant *self)
{
  RbAssistantPrivate *priv;

  g_return_val_if_fail (RB_IS_ASSISTANT (self), 0);

  priv = rb_assistant_get_instance_private (self);
  return priv->step;
}

/**
 * rb_assistant_get_message:
 * @self: an assistant
 *
 * Returns: (nullable): why Next is insensitive, or why the work failed; %NULL when
 *   nothing is shown.
 */
const char *
rb_assistant_get_message (RbAssistant *self)
{
  RbAssistantPrivate *priv;
  GtkWidget *label;

  g_return_val_if_fail (RB_IS_ASSISTANT (self), NULL);

  priv = rb_assistant_get_instance_private (self);
  label = g_ptr_array_index (priv->messages, priv->step);
  return gtk_widget_get_visible (gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP))
           ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

/**
 * rb_assistant_add_summary_row:
 * @list: the boxed list of a summary page
 * @title: what the value is
 * @value: the value as it will be saved
 *
 * Adds one line of "what will be created".
 */
void
rb_assistant_add_summary_row (GtkListBox *list, const char *title, const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}
