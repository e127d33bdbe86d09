/* fuzz-sse.c: the SSE parser on arbitrary bytes, split at arbitrary points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-sse-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  gsize offset = 1;
  gsize step;

  if (size < 1)
    return 0;

  /* The first byte picks the chunk size, so chunk boundaries land inside
   * lines, CRLF pairs and UTF-8 sequences. A small cap reaches the
   * over-long-line path. */
  step = (data[0] % 16) + 1;
  sy_sse_parser_set_max_line_length (parser, 64 + (data[0] & 0x80 ? 0 : 4096));

  while (offset < size)
    {
      gsize len = MIN (step, size - offset);
      g_autoptr(GError) error = NULL;

      sy_sse_parser_feed (parser, (const char *) data + offset, len, events, &error);
      offset += len;
    }
  sy_sse_parser_finish (parser);

  for (guint i = 0; i < events->len; i++)
    {
      const SySseEvent *event = g_ptr_array_index (events, i);
      /* Event data must always be valid UTF-8, whatever came in. */
      if (event->data != NULL && !g_utf8_validate (event->data, -1, NULL))
        __builtin_trap ();
    }

  return 0;
}
