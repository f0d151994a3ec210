/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RB_ERROR (rb_error_quark ())

/**
 * RbError:
 * @RB_ERROR_NOT_FOUND: a file or record does not exist
 * @RB_ERROR_NOT_A_DATABASE: the file is not an SQLite database at all
 * @RB_ERROR_FOREIGN_DATABASE: an SQLite database, but not one of Routeboek
 * @RB_ERROR_CORRUPT: a Routeboek database that is damaged or truncated
 * @RB_ERROR_NEWER_VERSION: written by a newer Routeboek
 * @RB_ERROR_READ_ONLY: the file or its folder cannot be written
 * @RB_ERROR_IN_USE: another program holds the database open for writing
 * @RB_ERROR_INVALID: a value or record breaks a rule
 * @RB_ERROR_IO: reading or writing failed (disk full, permissions...)
 * @RB_ERROR_WRONG_SWV: data of another samenwerkingsverband
 * @RB_ERROR_FAILED: anything else
 * @RB_ERROR_CALENDAR_MISSING: a count of school days or weeks crosses a school year
 *   whose holidays are not in the database
 *
 * Error codes of the Routeboek core. Messages are translated sentences for the user.
 */
typedef enum
{
  RB_ERROR_NOT_FOUND,
  RB_ERROR_NOT_A_DATABASE,
  RB_ERROR_FOREIGN_DATABASE,
  RB_ERROR_CORRUPT,
  RB_ERROR_NEWER_VERSION,
  RB_ERROR_READ_ONLY,
  RB_ERROR_IN_USE,
  RB_ERROR_INVALID,
  RB_ERROR_IO,
  RB_ERROR_WRONG_SWV,
  RB_ERROR_FAILED,
  RB_ERROR_CALENDAR_MISSING,
} RbError;

GQuark rb_error_quark (void);

G_END_DECLS
