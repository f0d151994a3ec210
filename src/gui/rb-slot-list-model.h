/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RB_TYPE_SLOT_LIST_MODEL (rb_slot_list_model_get_type ())

G_DECLARE_FINAL_TYPE (RbSlotListModel, rb_slot_list_model, RB, SLOT_LIST_MODEL, GObject)

RbSlotListModel *rb_slot_list_model_new                 (GtkSelectionModel *model);
void             rb_slot_list_model_set_keep_when_empty (RbSlotListModel   *self,
                                                         gboolean           keep);
void             rb_slot_list_model_set_screen          (RbSlotListModel   *self,
                                                         guint              first,
                                                         guint              n_slots);

G_END_DECLS
