/* fuzz-hardware.c: the sysfs number, /proc/meminfo and nvidia-smi parsers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-hardware.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;

  if (size < 1)
    return 0;

  text = g_strndup ((const char *) data + 1, size - 1);

  switch (data[0] % 3)
    {
    case 0:
      {
        gint64 value = -1;

        if (sy_hardware_parse_sysfs_number (text, &value, NULL) && value < 0)
          __builtin_trap ();
      }
      break;
    case 1:
      {
        gint64 total = -1, available = -1;

        sy_hardware_parse_meminfo (text, &total, &available, NULL);
      }
      break;
    default:
      {
        g_autoptr(GPtrArray) gpus = sy_hardware_parse_nvidia_smi_csv (text, NULL);

        if (gpus != NULL && gpus->len == 0)
          __builtin_trap ();  /* an empty result must be an error instead */
      }
      break;
    }

  return 0;
}
