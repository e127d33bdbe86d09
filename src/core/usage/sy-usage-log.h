/* sy-usage-log.h: reading a usage log (LiteLLM spend logs, CSV, the pilot log)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is told from the content: a JSON array is a LiteLLM spend-log
 * export; JSON lines are a pilot log when the first good line is a pilot
 * record (it has "id" and "prompt"), else LiteLLM spend logs; anything
 * else is a CSV whose first line is the header.
 *
 * LiteLLM's records are its LiteLLM_SpendLogs rows (BerriAI/litellm,
 * schema.prisma and litellm-js/spend-logs/src/_types.ts): "startTime"
 * (ISO 8601; or epoch seconds), "model", "prompt_tokens",
 * "completion_tokens", "spend" (USD; optional here). Other members are
 * ignored.
 *
 * Timestamps are ISO 8601 (a date and a time, "T" or a space between)
 * converted to UTC from their offset; one without an offset is taken as
 * UTC, which is how LiteLLM stores them. Plain numbers are epoch seconds
 * (milliseconds from 10^12 on, which no date before the year 5138 reaches
 * in seconds).
 */
#pragma once

#include <gio/gio.h>

#include "sy-price-table.h"
#include "sy-usage-stats.h"

G_BEGIN_DECLS

#define SY_USAGE_ERROR (sy_usage_error_quark ())

typedef enum
{
  SY_USAGE_ERROR_EMPTY,       /* nothing but white space */
  SY_USAGE_ERROR_FORMAT,      /* e.g. a CSV header without a token column */
  SY_USAGE_ERROR_NO_RECORDS,  /* read, but not one usable record */
} SyUsageError;

GQuark sy_usage_error_quark (void);

/* A record longer than this (LiteLLM may store whole prompts) is a bad
 * row, so one endless line cannot take the memory. */
#define SY_USAGE_MAX_RECORD_BYTES (16 * 1024 * 1024)

/* Called after every chunk read (64 KiB), from the thread that reads.
 * @total_bytes is 0 when unknown. */
typedef void (*SyUsageProgressFunc) (guint64  bytes_read,
                                     guint64  total_bytes,
                                     gpointer user_data);

/* "2024-06-01T23:30:00-05:00", "2024-06-01 12:00:00", "1717243200" → seconds
 * since the epoch, UTC. FALSE for anything else (a date without a time
 * cannot be placed in an hour). */
gboolean       sy_usage_parse_time     (const char           *text,
                                        gint64               *out_seconds);

/* Reads @stream to its end in bounded memory (see sy-usage-stats.c).
 * @prices: NULL for the shipped table. A cancelled read fails with
 * G_IO_ERROR_CANCELLED. Bad rows are counted in the report; an empty
 * stream, an unknown format or no usable record is an SY_USAGE_ERROR. */
SyUsageReport *sy_usage_log_read       (GInputStream         *stream,
                                        guint64               total_bytes,
                                        SyPriceTable         *prices,
                                        SyUsageProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
/* The same for a file; its size is the progress's total. */
SyUsageReport *sy_usage_log_read_file  (const char           *path,
                                        SyPriceTable         *prices,
                                        SyUsageProgressFunc   progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* For a window: reads @path in a worker thread, priced with the shipped
 * table (built in that thread, so nothing is shared with it). @progress
 * runs in the thread-default main context of the caller, at most every
 * 100 ms and never after @callback. */
void           sy_usage_log_read_file_async  (const char           *path,
                                              SyUsageProgressFunc   progress,
                                              gpointer              progress_data,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
SyUsageReport *sy_usage_log_read_file_finish (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
