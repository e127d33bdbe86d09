/* fuzz-usage.c: the usage-log reader (LiteLLM, CSV, pilot log) on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "sy-usage-log.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* Loaded once: the shipped table is the same for every input. */
  static SyPriceTable *prices = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SyUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (prices == NULL)
    prices = sy_price_table_new_default ();

  stream = g_memory_input_stream_new_from_data (data, size, NULL);
  report = sy_usage_log_read (stream, size, prices, NULL, NULL, NULL, &error);

  /* Either figures or a reason, never both, never neither. */
  g_assert ((report == NULL) != (error == NULL));
  if (report != NULL)
    {
      g_assert_cmpuint (report->records, >, 0);
      g_assert_cmpuint (report->days, >, 0);
      g_assert_cmpuint (report->peak_hour_requests, <=, report->records);
      g_assert_cmpuint (report->bad_rows->len, <=, SY_USAGE_MAX_BAD_ROWS_NAMED);
    }

  return 0;
}
