/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RB_TYPE_ASSISTANT (rb_assistant_get_type ())

G_DECLARE_DERIVABLE_TYPE (RbAssistant, rb_assistant, RB, ASSISTANT, AdwWindow)

/**
 * RbAssistantClass:
 * @check_page: whether @page is complete; if not, @error says what to do: %RB_ERROR_INVALID
 *   for a wrong value (shown as an error), any other code for what is still missing
 * @prepare_page: called before @page is shown, e.g. to fill in a summary
 * @apply: does the work when the last page's button is pressed; on success the assistant
 *   closes, on failure it shows @error and stays open
 *
 * Pages are the #AdwPreferencesPage children of a subclass's template, in order; their
 * titles are the steps' names.
 */
struct _RbAssistantClass
{
  AdwWindowClass parent_class;

  gboolean (*check_page)   (RbAssistant *self,
                            GtkWidget   *page,
                            GError     **error);
  void     (*prepare_page) (RbAssistant *self,
                            GtkWidget   *page);
  gboolean (*apply)        (RbAssistant *self,
                            GError     **error);
};

void        rb_assistant_update          (RbAssistant *self);
gboolean    rb_assistant_go_next         (RbAssistant *self);
gboolean    rb_assistant_go_back         (RbAssistant *self);
guint       rb_assistant_get_step        (RbAssistant *self);
const char *rb_assistant_get_message     (RbAssistant *self);
void        rb_assistant_add_summary_row (GtkListBox  *list,
                                          const char  *title,
                                          const char  *value);

G_END_DECLS
