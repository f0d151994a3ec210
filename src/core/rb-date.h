/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates outside this range are typing errors in a pupil's file, never real data. */
#define RB_DATE_MIN_YEAR 1990
#define RB_DATE_MAX_YEAR 2100

gboolean  rb_date_parse  (const char  *text,
                          GDate       *date,
                          GError     **error);
char     *rb_date_format (const GDate *date);
char     *rb_date_format_for_people (const GDate *date);
void      rb_date_set_local_day (GDate     *date,
                                 GDateTime *moment);
gboolean  rb_time_parse  (const char  *text,
                          GError     **error);

G_END_DECLS
