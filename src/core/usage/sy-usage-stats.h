/* sy-usage-stats.h: traffic figures from a usage log (issue #16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sy-price-table.h"

G_BEGIN_DECLS

/* Where the records came from. */
typedef enum
{
  SY_USAGE_FORMAT_LITELLM,  /* LiteLLM spend logs: JSON lines or an array */
  SY_USAGE_FORMAT_CSV,      /* timestamp, model, input, output [, spend] */
  SY_USAGE_FORMAT_PILOT,    /* Switchyard's own pilot.jsonl */
} SyUsageFormat;

/* "litellm", "csv", "pilot" */
const char *sy_usage_format_to_id (SyUsageFormat format);

/* The CSV columns the reader looks for, in the order of the mapping. */
typedef enum
{
  SY_USAGE_COLUMN_TIME,
  SY_USAGE_COLUMN_MODEL,
  SY_USAGE_COLUMN_INPUT,
  SY_USAGE_COLUMN_OUTPUT,
  SY_USAGE_COLUMN_SPEND,    /* optional */
  SY_USAGE_N_COLUMNS
} SyUsageColumn;

/* "timestamp", "model", "input_tokens", "output_tokens", "spend" */
const char *sy_usage_column_to_id (SyUsageColumn column);

/* More distinct model names than any real deployment has: beyond it a
 * file is not a usage log, and memory must not grow with its rows. */
#define SY_USAGE_MAX_MODELS 10000

/* One good row. */
typedef struct
{
  gint64      time;           /* seconds since the epoch, UTC */
  const char *model;
  guint32     input_tokens;
  guint32     output_tokens;
  double      spend_usd;      /* < 0: the row does not say */
} SyUsageRow;

/* The bad rows named in a report; the rest are only counted. */
#define SY_USAGE_MAX_BAD_ROWS_NAMED 10

typedef struct
{
  guint64  line;              /* 1-based line where the row starts */
  char    *reason;
} SyUsageBadRow;

typedef struct
{
  char    *name;
  guint64  requests;
  double   share;             /* of all records */
  guint64  input_tokens;      /* sums */
  guint64  output_tokens;
  double   spend_usd;         /* what the log says; < 0 when no row said */
  guint64  spend_records;     /* the rows that said */
  double   priced_usd;        /* the same tokens × the price table; < 0 unpriced */
} SyUsageModel;

#define SY_TYPE_USAGE_REPORT (sy_usage_report_get_type ())

typedef struct
{
  SyUsageFormat  format;
  /* CSV only: the header each column was found under, NULL when absent. */
  char          *columns[SY_USAGE_N_COLUMNS];

  guint64        records;
  guint          days;               /* distinct calendar days, UTC */
  double         requests_per_day;   /* records ÷ days */
  double         input_tokens_mean;
  double         output_tokens_mean;
  guint32        input_tokens_p95;   /* nearest rank, as sy_pilot_percentile() */
  guint32        output_tokens_p95;
  /* Requests in the busiest clock hour ÷ (records ÷ (days × 24)). */
  double         peak_factor;
  gint64         peak_hour;          /* its start, seconds since the epoch */
  guint64        peak_hour_requests;
  gint64         first_time;
  gint64         last_time;

  GPtrArray     *models;             /* SyUsageModel, most requests first */
  /* Spend the log reports, over the rows that report one; < 0 when none did. */
  double         spend_usd;
  guint64        spend_records;
  /* The table's price for the priced models' tokens. */
  double         priced_usd;
  guint64        unpriced_records;
  /* Like with like: the rows that report a spend and whose model the table
   * prices; what the log says they cost and what the table says. */
  guint64        check_records;
  double         check_spend_usd;
  double         check_priced_usd;

  guint64        n_bad_rows;
  GPtrArray     *bad_rows;           /* SyUsageBadRow, the first few */
} SyUsageReport;

GType          sy_usage_report_get_type (void) G_GNUC_CONST;
SyUsageReport *sy_usage_report_copy     (const SyUsageReport *report);
void           sy_usage_report_free     (SyUsageReport       *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyUsageReport, sy_usage_report_free)

/* The accumulator the reader feeds, one row at a time. */
typedef struct _SyUsageStats SyUsageStats;

SyUsageStats  *sy_usage_stats_new       (void);
void           sy_usage_stats_free      (SyUsageStats        *stats);
/* FALSE (the row is not counted) for a model beyond SY_USAGE_MAX_MODELS. */
gboolean       sy_usage_stats_add_row   (SyUsageStats        *stats,
                                         const SyUsageRow    *row);
/* Counts a bad row; the first SY_USAGE_MAX_BAD_ROWS_NAMED keep @reason. */
void           sy_usage_stats_add_bad   (SyUsageStats        *stats,
                                         guint64              line,
                                         const char          *reason);
guint64        sy_usage_stats_get_n_records (SyUsageStats    *stats);
/* The figures so far, priced with @prices (NULL: the shipped table). */
SyUsageReport *sy_usage_stats_report    (SyUsageStats        *stats,
                                         SyUsageFormat        format,
                                         SyPriceTable        *prices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyUsageStats, sy_usage_stats_free)

G_END_DECLS
