/* fuzz-gpu-table.c: the GPU table loader and the name matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-gpu-table.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  SyGpuTable *table = sy_gpu_table_new_from_data (text, -1, NULL);

  if (table != NULL)
    {
      for (guint i = 0; i < sy_gpu_table_get_n_gpus (table); i++)
        {
          const SyGpuSpec *gpu = sy_gpu_table_get_gpu (table, i);

          /* Every entry is found by its own id and its own match strings. */
          if (gpu == NULL || sy_gpu_table_lookup (table, gpu->id) == NULL ||
              sy_gpu_table_match (table, gpu->match[0]) == NULL)
            __builtin_trap ();
        }
      g_free (sy_gpu_table_dup_names (table));
      /* The input as a detected name, too. */
      sy_gpu_table_match (table, text);
      g_object_unref (table);
    }

  return 0;
}
