/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rb-database.h"
#include "rb-record.h"

G_BEGIN_DECLS

#define RB_TYPE_AUTOSAVE (rb_autosave_get_type ())

G_DECLARE_FINAL_TYPE (RbAutosave, rb_autosave, RB, AUTOSAVE, GObject)

/* Milliseconds between the last keystroke and saving it. */
#define RB_AUTOSAVE_DELAY 400
/* Milliseconds from the first unsaved keystroke to saving it, however fast one types. */
#define RB_AUTOSAVE_MAX_DELAY 800

RbAutosave *rb_autosave_new         (void);
void        rb_autosave_set_database (RbAutosave *self,
                                     RbDatabase *db);
GtkWidget  *rb_autosave_entry_row   (RbAutosave *self,
                                     RbRecord   *record,
                                     const char *column,
                                     const char *title);
void        rb_autosave_mark        (RbAutosave *self,
                                     RbRecord   *record);
gboolean    rb_autosave_flush       (RbAutosave *self);
gboolean    rb_autosave_has_pending (RbAutosave *self);
const char *rb_autosave_get_problem (RbAutosave *self);

G_END_DECLS
