/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-database.h"
#include "rb-record.h"

G_BEGIN_DECLS

/* How long a closed case is kept when the SWV has not chosen: two years. */
#define RB_RETENTION_DEFAULT_MONTHS 24
#define RB_RETENTION_MAX_MONTHS 240

guint      rb_retention_get_months  (RbDatabase  *db,
                                     GError     **error);
gboolean   rb_retention_set_months  (RbDatabase  *db,
                                     guint        months,
                                     GError     **error);
GPtrArray *rb_retention_list_due    (RbDatabase  *db,
                                     const char  *today,
                                     GError     **error);
gboolean   rb_retention_anonymise   (RbDatabase  *db,
                                     RbRecord    *case_record,
                                     const char  *today,
                                     GError     **error);
gboolean   rb_retention_delete      (RbDatabase  *db,
                                     RbRecord    *case_record,
                                     GError     **error);
GBytes    *rb_inzage_render_pdf     (RbDatabase  *db,
                                     RbRecord    *pupil,
                                     GDateTime   *created,
                                     GError     **error);
gboolean   rb_inzage_write_pdf      (RbDatabase  *db,
                                     RbRecord    *pupil,
                                     const char  *path,
                                     GError     **error);

G_END_DECLS
