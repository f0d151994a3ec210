/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rb-bar-chart.h"
#include "rb-database.h"

G_BEGIN_DECLS

/* "3 months at home" as the report counts it: 13 weeks. */
#define RB_REPORT_LONG_DAYS 91
/* "4 weeks at home". */
#define RB_REPORT_SHORT_DAYS 28
/* The aim of a bridge placement: 8 weeks. */
#define RB_REPORT_BRIDGE_AIM_DAYS 56

typedef enum
{
  RB_REPORT_UNDER_4_WEEKS,
  RB_REPORT_4_WEEKS_TO_3_MONTHS,
  RB_REPORT_OVER_3_MONTHS,
  RB_REPORT_N_BUCKETS,
} RbReportBucket;

/* The report's sections, in the order the Reports page and the PDF show them. */
typedef enum
{
  RB_REPORT_SECTION_TIME_AT_HOME,
  RB_REPORT_SECTION_STATUSES,
  RB_REPORT_SECTION_NEW_AND_CLOSED,
  RB_REPORT_SECTION_HOME_AND_EXEMPTIONS,
  RB_REPORT_SECTION_SCHOOLS,
  RB_REPORT_SECTION_BOARDS,
  RB_REPORT_SECTION_LOCATIONS,
  RB_REPORT_N_SECTIONS,
} RbReportSection;

/**
 * RbReportGroup:
 * @name: a school, school board or outcome
 * @n_active: cases open at some time in the period
 * @n_new: cases opened in the period
 * @n_closed: cases closed in the period
 * @n_home: cases at home (thuiszitter or absolute absence) at some time in the period
 * @n_long: of those, at home longer than 3 months by the end date
 */
typedef struct
{
  char *name;
  guint n_active;
  guint n_new;
  guint n_closed;
  guint n_home;
  guint n_long;
} RbReportGroup;

/**
 * RbReportLocation:
 * @name: the bridge location
 * @n_placements: placements running at some time in the period
 * @n_running: of those, still running at the end date
 * @average_weeks: their average length in weeks (running ones up to the end date)
 * @n_over_aim: placements longer than 8 weeks
 */
typedef struct
{
  char *name;
  guint n_placements;
  guint n_running;
  double average_weeks;
  guint n_over_aim;
} RbReportLocation;

/**
 * RbReport:
 * @from: first day of the period (ISO)
 * @to: last day of the period (ISO)
 * @n_status: cases per status at @to, indexed like rb_case_statuses
 * @n_new: cases opened in the period
 * @n_closed: cases closed in the period
 * @outcomes: (element-type RbReportGroup): the closed cases per outcome (@n_closed)
 * @n_home: cases at home at some time in the period
 * @buckets: those per time at home by @to
 * @n_offer_decided: cases at home whose 3 months have passed or that have an offer by @to
 * @n_offer_in_time: of those, with a fitting offer within 3 months
 * @n_exempt_5a: active cases with an exemption under art. 5 onder a
 * @n_exempt_11: active cases with an exemption under art. 11
 * @schools: (element-type RbReportGroup): per school, by name
 * @boards: (element-type RbReportGroup): per school board, by name
 * @locations: (element-type RbReportLocation): per bridge location, by name
 */
typedef struct
{
  char *from;
  char *to;
  guint n_status[6];
  guint n_new;
  guint n_closed;
  GPtrArray *outcomes;
  guint n_home;
  guint buckets[RB_REPORT_N_BUCKETS];
  guint n_offer_decided;
  guint n_offer_in_time;
  guint n_exempt_5a;
  guint n_exempt_11;
  GPtrArray *schools;
  GPtrArray *boards;
  GPtrArray *locations;
} RbReport;

/**
 * RbInspectieRow:
 * @id: anonymous and stable: the same case gets the same id every quarter
 * @category: a code: "relatief", "absoluut" or "vrijstelling-5a"
 * @school_type: PO, SBO, SO, VO, VSO...
 * @start: first day at home (ISO)
 * @end: (nullable): the day the pupil was no longer at home, when that was by the end date
 * @weeks: weeks at home up to the end date, one decimal
 * @offer_on: (nullable): the day a fitting offer was found
 * @outcome: (nullable): the outcome of a closed case
 *
 * One line of the Inspectie's thuiszittersregistratie: no names, no birth dates.
 */
typedef struct
{
  char *id;
  const char *category;
  char *school_type;
  char *start;
  char *end;
  double weeks;
  char *offer_on;
  char *outcome;
} RbInspectieRow;

gboolean    rb_report_parse_quarter    (const char   *text,
                                        char        **from,
                                        char        **to,
                                        GError      **error);
RbReport   *rb_report_compute          (RbDatabase   *db,
                                        const char   *from,
                                        const char   *to,
                                        GError      **error);
void        rb_report_free             (RbReport     *report);
const char *rb_report_bucket_label     (RbReportBucket bucket);
const char *rb_report_section_title    (RbReportSection section);
const char *rb_report_section_description (RbReportSection section);
RbBarChart *rb_report_time_at_home_chart (const RbReport *report);
double      rb_report_offer_share      (const RbReport *report);
char       *rb_report_format_decimal   (double        value);
gboolean    rb_report_write_csv        (const RbReport *report,
                                        const char   *path,
                                        GError      **error);
GBytes     *rb_report_render_pdf       (const RbReport *report,
                                        const char   *organisation,
                                        GDateTime    *created,
                                        GError      **error);
gboolean    rb_report_write_pdf        (const RbReport *report,
                                        const char   *organisation,
                                        const char   *path,
                                        GError      **error);

GPtrArray  *rb_inspectie_rows          (RbDatabase   *db,
                                        const char   *to,
                                        GError      **error);
const char *rb_inspectie_category_label (const char  *category);
const char *const *rb_inspectie_get_headers (guint   *n_headers);
gboolean    rb_inspectie_write_csv     (GPtrArray    *rows,
                                        const char   *path,
                                        GError      **error);
gboolean    rb_inspectie_write_xlsx    (GPtrArray    *rows,
                                        const char   *path,
                                        GError      **error);

/* Shared by the report's writers. */
void        rb_csv_append_cell         (GString      *out,
                                        const char   *text,
                                        gboolean      last);
gboolean    rb_write_file_atomic       (const char   *path,
                                        const char   *data,
                                        gsize         length,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RbReport, rb_report_free)

G_END_DECLS
