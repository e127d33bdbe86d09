/* test-sse-parser.c: the SSE parser against recorded streams, split anywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sy-sse-parser.h"
#include "sy-test-utils.h"

/* One line per event, so two parses compare as strings. */
static char *
serialize (GPtrArray *events)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      SySseEvent *event = g_ptr_array_index (events, i);

      g_assert_true (g_utf8_validate (event->data, -1, NULL));
      g_string_append_printf (out, "%s|%s|%s\n", event->event, event->data,
                              event->id ? event->id : "-");
    }

  return g_string_free (out, FALSE);
}

/* Feeds @data in pieces of @chunk bytes (0: all at once). */
static char *
parse_chunked (const char *data,
               gsize       len,
               gsize       chunk)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();

  if (chunk == 0)
    chunk = MAX (len, 1);

  for (gsize offset = 0; offset < len; offset += chunk)
    {
      g_autoptr(GError) error = NULL;

      sy_sse_parser_feed (parser, data + offset, MIN (chunk, len - offset), events, &error);
      g_assert_no_error (error);
    }
  sy_sse_parser_finish (parser);

  return serialize (events);
}

static char *
parse_split (const char *data,
             gsize       len,
             gsize       split)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_sse_parser_feed (parser, data, split, events, &error));
  g_assert_true (sy_sse_parser_feed (parser, data + split, len - split, events, &error));
  g_assert_no_error (error);

  return serialize (events);
}

static void
check_every_split (const char *name,
                   guint       expected_events)
{
  g_autofree char *data = NULL;
  g_autofree char *whole = NULL;
  gsize len;

  data = load_fixture (name, &len);
  whole = parse_chunked (data, len, 0);

  {
    g_autoptr(SySseParser) parser = sy_sse_parser_new ();
    g_autoptr(GPtrArray) events = sy_sse_event_array_new ();

    g_assert_true (sy_sse_parser_feed (parser, data, len, events, NULL));
    g_assert_cmpuint (events->len, ==, expected_events);
  }

  for (gsize split = 1; split < len; split++)
    {
      g_autofree char *split_parse = parse_split (data, len, split);
      g_assert_cmpstr (split_parse, ==, whole);
    }

  for (gsize chunk = 1; chunk <= 64; chunk++)
    {
      g_autofree char *chunked = parse_chunked (data, len, chunk);
      g_assert_cmpstr (chunked, ==, whole);
    }
}

static void
test_openai_usage (void)
{
  g_autofree char *data = NULL;
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;
  SySseEvent *last;
  gsize len;

  data = load_fixture ("openai-usage.sse", &len);
  g_assert_true (sy_sse_parser_feed (parser, data, len, events, &error));
  g_assert_no_error (error);
  g_assert_false (sy_sse_parser_finish (parser));

  /* role chunk + 15 tokens + finish + usage + [DONE] */
  g_assert_cmpuint (events->len, ==, 19);
  last = g_ptr_array_index (events, events->len - 1);
  g_assert_cmpstr (last->event, ==, "message");
  g_assert_cmpstr (last->data, ==, "[DONE]");
  g_assert_nonnull (strstr (((SySseEvent *) g_ptr_array_index (events, 17))->data, "\"prompt_tokens\":12"));

  check_every_split ("openai-usage.sse", 19);
}

static void
test_openai_no_usage (void)
{
  check_every_split ("openai-no-usage.sse", 18);
}

static void
test_openai_crlf (void)
{
  g_autofree char *data = NULL;
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;
  SySseEvent *split_event;
  gsize len;

  data = load_fixture ("openai-crlf.sse", &len);
  g_assert_true (sy_sse_parser_feed (parser, data, len, events, &error));
  g_assert_no_error (error);

  /* Comments dispatch nothing; the split chunk is one event joined by \n. */
  g_assert_cmpuint (events->len, ==, 19);
  split_event = g_ptr_array_index (events, 6);
  g_assert_nonnull (strstr (split_event->data, ",\n\"choices\""));
  g_assert_cmpstr (((SySseEvent *) g_ptr_array_index (events, 18))->data, ==, "[DONE]");
  g_assert_nonnull (strstr (((SySseEvent *) g_ptr_array_index (events, 17))->data, "\"choices\":null"));

  check_every_split ("openai-crlf.sse", 19);
}

static void
test_line_endings (void)
{
  const char *input = "data: a\rdata: b\r\n\r\ndata: c\n\ndata: d\r\r";
  g_autofree char *parsed = NULL;

  parsed = parse_chunked (input, strlen (input), 0);
  g_assert_cmpstr (parsed, ==, "message|a\nb|-\nmessage|c|-\nmessage|d|-\n");

  /* A \r ending one chunk and the \n starting the next are one line end. */
  for (gsize chunk = 1; chunk < strlen (input); chunk++)
    {
      g_autofree char *chunked = parse_chunked (input, strlen (input), chunk);
      g_assert_cmpstr (chunked, ==, parsed);
    }
}

static void
test_fields (void)
{
  const char *input =
    "\xEF\xBB\xBF: comment at the start\n"
    "retry: 1500\n"
    "event: update\n"
    "id: 42\n"
    "data:no space\n"
    "data\n"
    "unknown: ignored\n"
    "\n"
    "event: empty\n"
    "\n"
    "data:  two spaces\n"
    "\n"
    "data: pending without end";
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *parsed = NULL;

  g_assert_true (sy_sse_parser_feed (parser, input, strlen (input), events, &error));
  parsed = serialize (events);

  /* "data" alone adds an empty line; an event with no data dispatches
   * nothing; only one space after the colon is dropped. */
  g_assert_cmpstr (parsed, ==, "update|no space\n|42\nmessage| two spaces|42\n");
  g_assert_cmpint (sy_sse_parser_get_retry (parser), ==, 1500);
  g_assert_true (sy_sse_parser_finish (parser));
}

static void
test_utf8_split (void)
{
  const char *input = "data: caf\xC3\xA9 \xF0\x9F\x9A\x80\n\n";
  gsize len = strlen (input);

  for (gsize split = 1; split < len; split++)
    {
      g_autofree char *parsed = parse_split (input, len, split);
      g_assert_cmpstr (parsed, ==, "message|café 🚀|-\n");
    }
}

static void
test_invalid_utf8 (void)
{
  const char *input = "data: ok \xFF\xFE end\n\n";
  g_autofree char *parsed = parse_chunked (input, strlen (input), 0);

  g_assert_cmpstr (parsed, ==, "message|ok \xEF\xBF\xBD\xEF\xBF\xBD end|-\n");
}

static void
test_overlong_line (void)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *longline = g_strnfill (40, 'x');
  g_autofree char *first = g_strdup_printf ("data: %s", longline);

  sy_sse_parser_set_max_line_length (parser, 16);
  g_assert_cmpuint (sy_sse_parser_get_max_line_length (parser), ==, 16);

  /* Over the cap across two chunks, then more of the same line. */
  g_assert_true (sy_sse_parser_feed (parser, first, 10, events, &error));
  g_assert_false (sy_sse_parser_feed (parser, first + 10, strlen (first) - 10, events, &error));
  g_assert_error (error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);

  /* The parser skips to the end of that line and goes on. */
  g_assert_true (sy_sse_parser_feed (parser, "xxxx\n\ndata: ok\n\n", 16, events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (((SySseEvent *) g_ptr_array_index (events, 0))->data, ==, "ok");
}

static void
test_default_cap (void)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(GError) error = NULL;
  gsize size = SY_SSE_PARSER_DEFAULT_MAX_LINE + 10;
  g_autofree char *big = g_malloc (size);

  memset (big, 'a', size);
  memcpy (big, "data: ", 6);
  g_assert_false (sy_sse_parser_feed (parser, big, size, events, &error));
  g_assert_error (error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG);
}

static void
test_garbage (void)
{
  /* Random bytes in random pieces: never a crash, always valid UTF-8. */
  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(SySseParser) parser = sy_sse_parser_new ();
      g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
      static const char alphabet[] = "data: \r\n:event\xff\xc3\x00id";
      guint8 buffer[4096];
      gsize offset = 0;

      sy_sse_parser_set_max_line_length (parser, 256);
      fill_garbage (buffer, sizeof buffer, alphabet, sizeof alphabet);

      while (offset < sizeof buffer)
        {
          gsize chunk = random_piece_length (offset, sizeof buffer);
          g_autoptr(GError) error = NULL;

          sy_sse_parser_feed (parser, (const char *) buffer + offset, chunk, events, &error);
          offset += chunk;
        }
      sy_sse_parser_finish (parser);
      g_free (serialize (events));
    }
}

typedef struct
{
  GString *out;
  guint    n_events;
  guint    stop_after;   /* 0: never */
} FuncRun;

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              data_len,
             gpointer           user_data,
             GError           **error)
{
  FuncRun *run = user_data;

  /* Borrowed, data_len bytes of valid UTF-8 without NUL. */
  g_assert_null (memchr (event->data, '\0', data_len));
  g_assert_true (g_utf8_validate_len (event->data, data_len, NULL));
  g_string_append_printf (run->out, "%s|%.*s|%s\n", event->event, (int) data_len, event->data,
                          event->id ? event->id : "-");

  if (++run->n_events == run->stop_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stop");
      return FALSE;
    }

  return TRUE;
}

/* The callback API gives the same events as the array, at every split. */
static void
test_func_same_events (void)
{
  const char *names[] = { "openai-usage.sse", "openai-no-usage.sse", "openai-crlf.sse" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      gsize len;
      g_autofree char *data = load_fixture (names[n], &len);
      g_autofree char *expected = parse_chunked (data, len, 0);

      /* Every split: an event's data is read in place when it lies
       * within one piece, and must survive a piece ending under it. */
      for (gsize split = 0; split <= len; split++)
        {
          g_autoptr(SySseParser) parser = sy_sse_parser_new ();
          g_autoptr(GString) out = g_string_new (NULL);
          g_autoptr(GError) error = NULL;
          FuncRun run = { out, 0, 0 };

          g_assert_true (sy_sse_parser_feed_func (parser, data, split, on_event_cb, &run, &error));
          g_assert_true (sy_sse_parser_feed_func (parser, data + split, len - split, on_event_cb, &run, &error));
          g_assert_no_error (error);
          g_assert_cmpstr (out->str, ==, expected);
        }
    }
}

/* NUL and invalid bytes reach the callback repaired, as in the array. */
static void
test_func_repairs (void)
{
  static const char input[] = "data: a\xff" "b\n\ndata: c\0d\n\ndata: plain\n\n";
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = parse_chunked (input, sizeof input - 1, 0);
  FuncRun run = { out, 0, 0 };

  g_assert_true (sy_sse_parser_feed_func (parser, input, sizeof input - 1, on_event_cb, &run, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "message|a\xef\xbf\xbd" "b|-\nmessage|c\xef\xbf\xbd" "d|-\nmessage|plain|-\n");
  g_assert_cmpstr (out->str, ==, expected);
}

/* Several data lines make one event, in place or not. */
static void
test_func_multiline (void)
{
  static const char input[] = "data: a\ndata: b\n\ndata: c\n\n: x\ndata:\ndata\n\n";
  g_autofree char *expected = parse_chunked (input, sizeof input - 1, 0);

  g_assert_cmpstr (expected, ==, "message|a\nb|-\nmessage|c|-\nmessage|\n|-\n");

  for (gsize piece = 1; piece <= sizeof input; piece++)
    {
      g_autoptr(SySseParser) parser = sy_sse_parser_new ();
      g_autoptr(GString) out = g_string_new (NULL);
      FuncRun run = { out, 0, 0 };

      for (gsize offset = 0; offset < sizeof input - 1; offset += piece)
        g_assert_true (sy_sse_parser_feed_func (parser, input + offset, MIN (piece, sizeof input - 1 - offset),
                                                on_event_cb, &run, NULL));
      g_assert_cmpstr (out->str, ==, expected);
    }
}

/* A callback that says stop stops the feed at once, with its error. */
static void
test_func_stop (void)
{
  static const char input[] = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FuncRun run = { out, 0, 2 };

  g_assert_false (sy_sse_parser_feed_func (parser, input, sizeof input - 1, on_event_cb, &run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (run.n_events, ==, 2);
  g_assert_cmpstr (out->str, ==, "message|1|-\nmessage|2|-\n");
}

/* An over-long line is reported, and the events around it still come. */
static void
test_func_overlong (void)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strdup_printf ("data: 1\n\ndata: %0100d\n\ndata: 3\n\n", 0);
  FuncRun run = { out, 0, 0 };

  sy_sse_parser_set_max_line_length (parser, 32);
  g_assert_false (sy_sse_parser_feed_func (parser, input, strlen (input), on_event_cb, &run, &error));
  g_assert_error (error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG);
  g_assert_cmpstr (out->str, ==, "message|1|-\nmessage|3|-\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse-parser/openai-usage", test_openai_usage);
  g_test_add_func ("/sse-parser/openai-no-usage", test_openai_no_usage);
  g_test_add_func ("/sse-parser/openai-crlf-comments-null", test_openai_crlf);
  g_test_add_func ("/sse-parser/line-endings", test_line_endings);
  g_test_add_func ("/sse-parser/fields", test_fields);
  g_test_add_func ("/sse-parser/utf8-split", test_utf8_split);
  g_test_add_func ("/sse-parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sse-parser/overlong-line", test_overlong_line);
  g_test_add_func ("/sse-parser/default-cap", test_default_cap);
  g_test_add_func ("/sse-parser/garbage", test_garbage);
  g_test_add_func ("/sse-parser/func/same-events", test_func_same_events);
  g_test_add_func ("/sse-parser/func/repairs", test_func_repairs);
  g_test_add_func ("/sse-parser/func/multiline", test_func_multiline);
  g_test_add_func ("/sse-parser/func/stop", test_func_stop);
  g_test_add_func ("/sse-parser/func/overlong", test_func_overlong);

  return g_test_run ();
}
