/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-calendar.h"
#include "rb-record.h"

G_BEGIN_DECLS

/* Seed 000 §2.5: at most 4 bridge pupils per SBO school at a time. */
#define RB_CAPACITY_SBO_DEFAULT 4

gboolean rb_capacity_get_occupancy  (RbDatabase  *db,
                                     RbCalendar  *calendar,
                                     const char  *location_uuid,
                                     const GDate *date,
                                     guint       *occupied,
                                     guint       *capacity,
                                     GError     **error);
gboolean rb_capacity_save_placement (RbDatabase  *db,
                                     RbCalendar  *calendar,
                                     RbRecord    *placement,
                                     const char  *override_reason,
                                     const char  *author,
                                     GError     **error);

G_END_DECLS
