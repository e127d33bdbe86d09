/* fuzz-sse.c: the SSE parser on arbitrary bytes, split at arbitrary points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "sy-sse-parser.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              len,
             gpointer           user_data,
             GError           **error)
{
  g_string_append_printf (user_data, "%s|%.*s|%s\n", event->event, (int) len, event->data,
                          event->id ? event->id : "-");
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(SySseParser) whole = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GString) pieces = g_string_new (NULL);
  g_autoptr(GString) at_once = g_string_new (NULL);
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
      on_event_cb (event, strlen (event->data), pieces, NULL);
    }

  /* Where the pieces end changes nothing: the same bytes in one feed,
   * where most events are read in place, give the same events. */
  sy_sse_parser_set_max_line_length (whole, sy_sse_parser_get_max_line_length (parser));
  sy_sse_parser_feed_func (whole, (const char *) data + 1, size - 1, on_event_cb, at_once, NULL);
  if (!g_str_equal (pieces->str, at_once->str))
    __builtin_trap ();

  return 0;
}
