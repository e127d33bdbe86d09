/* fuzz-ndjson.c: the NDJSON parser on arbitrary bytes, split at arbitrary points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-ndjson-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  g_autoptr(GPtrArray) items = sy_ndjson_item_array_new ();
  gsize offset = 1;
  gsize step;

  if (size < 1)
    return 0;

  step = (data[0] % 16) + 1;
  sy_ndjson_parser_set_max_line_length (parser, 64 + (data[0] & 0x80 ? 0 : 4096));

  while (offset < size)
    {
      gsize len = MIN (step, size - offset);

      sy_ndjson_parser_feed (parser, (const char *) data + offset, len, items);
      offset += len;
    }
  sy_ndjson_parser_finish (parser, items);

  return 0;
}
