/* fuzz-pilot-record.c: one pilot log line on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "sy-pilot.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *line = g_strndup ((const char *) data, size);
  g_autoptr(SyPilotRecord) record = NULL;
  g_autoptr(SyPilotRecord) again = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;

  /* What sy_pilot_log_load() does with each line. */
  record = sy_pilot_record_new_from_json (line, &error);
  if (record == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }

  /* Whatever loaded is valid text, summarises, exports and loads back. */
  if (!g_utf8_validate (record->prompt, -1, NULL) || !g_utf8_validate (record->id, -1, NULL))
    __builtin_trap ();
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_ptr_array_add (records, sy_pilot_record_copy (record));
  summary = sy_pilot_summary_new (records, NULL);
  csv = sy_pilot_records_to_csv (records);
  json = sy_pilot_record_to_json (record);
  again = sy_pilot_record_new_from_json (json, NULL);
  if (again == NULL || strcmp (again->prompt, record->prompt) != 0 || again->rating != record->rating)
    __builtin_trap ();

  return 0;
}
