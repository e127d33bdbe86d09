/* test-ndjson-parser.c: the NDJSON parser against recorded Ollama streams
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-ndjson-parser.h"
#include "sy-test-utils.h"

/* One line per item: "N:{json}" or "N!error message". */
static char *
serialize (GPtrArray *items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      SyNdjsonItem *item = g_ptr_array_index (items, i);

      if (item->error != NULL)
        {
          g_assert_null (item->object);
          g_string_append_printf (out, "%u!%s\n", item->line, item->error->message);
        }
      else
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), item->object);
          g_autofree char *json = json_to_string (node, FALSE);

          g_string_append_printf (out, "%u:%s\n", item->line, json);
        }
    }

  return g_string_free (out, FALSE);
}

static GPtrArray *
parse_chunked (const char *data,
               gsize       len,
               gsize       chunk)
{
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  GPtrArray *items = sy_ndjson_item_array_new ();

  if (chunk == 0)
    chunk = MAX (len, 1);

  for (gsize offset = 0; offset < len; offset += chunk)
    sy_ndjson_parser_feed (parser, data + offset, MIN (chunk, len - offset), items);
  sy_ndjson_parser_finish (parser, items);

  return items;
}

static char *
parse_to_string (const char *data,
                 gsize       len,
                 gsize       chunk)
{
  g_autoptr(GPtrArray) items = parse_chunked (data, len, chunk);

  return serialize (items);
}

static void
check_every_split (const char *data,
                   gsize       len,
                   const char *whole)
{
  for (gsize split = 1; split < len; split++)
    {
      g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
      g_autoptr(GPtrArray) items = sy_ndjson_item_array_new ();
      g_autofree char *parsed = NULL;

      sy_ndjson_parser_feed (parser, data, split, items);
      sy_ndjson_parser_feed (parser, data + split, len - split, items);
      sy_ndjson_parser_finish (parser, items);
      parsed = serialize (items);
      g_assert_cmpstr (parsed, ==, whole);
    }

  for (gsize chunk = 1; chunk <= 64; chunk++)
    {
      g_autofree char *parsed = parse_to_string (data, len, chunk);
      g_assert_cmpstr (parsed, ==, whole);
    }
}

static void
test_ollama_chat (void)
{
  g_autofree char *data = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  SyNdjsonItem *last;
  gsize len;

  data = load_fixture ("ollama-chat.ndjson", &len);
  expected = load_fixture ("expected-ollama.txt", NULL);
  items = parse_chunked (data, len, 0);

  g_assert_cmpuint (items->len, ==, 15);
  for (guint i = 0; i < items->len; i++)
    {
      SyNdjsonItem *item = g_ptr_array_index (items, i);
      JsonObject *message;

      g_assert_no_error (item->error);
      g_assert_cmpuint (item->line, ==, i + 1);
      message = json_object_get_object_member (item->object, "message");
      g_string_append (text, json_object_get_string_member (message, "content"));
    }
  g_assert_cmpstr (text->str, ==, expected);

  last = g_ptr_array_index (items, items->len - 1);
  g_assert_true (json_object_get_boolean_member (last->object, "done"));
  g_assert_cmpint (json_object_get_int_member (last->object, "eval_count"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (last->object, "eval_duration"), ==, 280000000);

  whole = serialize (items);
  check_every_split (data, len, whole);
}

static void
test_ollama_pull (void)
{
  g_autofree char *data = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(GPtrArray) items = NULL;
  SyNdjsonItem *item;
  gsize len;

  data = load_fixture ("ollama-pull.ndjson", &len);
  items = parse_chunked (data, len, 0);

  g_assert_cmpuint (items->len, ==, 9);
  item = g_ptr_array_index (items, 1);
  g_assert_true (json_object_has_member (item->object, "total"));
  g_assert_false (json_object_has_member (item->object, "completed"));
  item = g_ptr_array_index (items, 8);
  g_assert_cmpstr (json_object_get_string_member (item->object, "status"), ==, "success");

  whole = serialize (items);
  check_every_split (data, len, whole);
}

static void
test_utf8_split (void)
{
  const char *input = "{\"content\":\"na\xC3\xAFve \xF0\x9F\x9A\x80\"}\n";
  gsize len = strlen (input);
  g_autofree char *whole = parse_to_string (input, len, 0);

  g_assert_cmpstr (whole, ==, "1:{\"content\":\"naïve 🚀\"}\n");
  check_every_split (input, len, whole);
}

static void
test_malformed_line (void)
{
  const char *input = "\n{\"a\":1}\n{\"b\": tru\n\n[1,2]\n\xff\xfe\n{\"c\":3}\r\n{\"d\":4}";
  g_autoptr(GPtrArray) items = parse_chunked (input, strlen (input), 0);
  SyNdjsonItem *item;

  /* Blank lines count for numbering but give no item. */
  g_assert_cmpuint (items->len, ==, 6);

  item = g_ptr_array_index (items, 0);
  g_assert_cmpuint (item->line, ==, 2);
  g_assert_cmpint (json_object_get_int_member (item->object, "a"), ==, 1);

  item = g_ptr_array_index (items, 1);
  g_assert_error (item->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON);
  g_assert_cmpuint (item->line, ==, 3);
  g_assert_true (g_str_has_prefix (item->error->message, "Line 3 "));

  item = g_ptr_array_index (items, 2);
  g_assert_error (item->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_NOT_AN_OBJECT);
  g_assert_cmpuint (item->line, ==, 5);

  item = g_ptr_array_index (items, 3);
  g_assert_error (item->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON);
  g_assert_cmpuint (item->line, ==, 6);

  /* Later lines are not lost, CRLF is fine, and so is a last line without
   * its newline. */
  item = g_ptr_array_index (items, 4);
  g_assert_cmpuint (item->line, ==, 7);
  g_assert_cmpint (json_object_get_int_member (item->object, "c"), ==, 3);
  item = g_ptr_array_index (items, 5);
  g_assert_cmpuint (item->line, ==, 8);
  g_assert_cmpint (json_object_get_int_member (item->object, "d"), ==, 4);
}

static void
test_overlong_line (void)
{
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  g_autoptr(GPtrArray) items = sy_ndjson_item_array_new ();
  g_autofree char *filler = g_strnfill (100, 'x');
  g_autofree char *input = g_strdup_printf ("{\"ok\":1}\n{\"long\":\"%s\"}\n{\"ok\":2}\n", filler);
  SyNdjsonItem *item;

  sy_ndjson_parser_set_max_line_length (parser, 32);
  for (gsize offset = 0; offset < strlen (input); offset += 7)
    sy_ndjson_parser_feed (parser, input + offset, MIN (7, strlen (input) - offset), items);
  sy_ndjson_parser_finish (parser, items);

  g_assert_cmpuint (items->len, ==, 3);
  item = g_ptr_array_index (items, 1);
  g_assert_error (item->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_LINE_TOO_LONG);
  g_assert_cmpuint (item->line, ==, 2);
  item = g_ptr_array_index (items, 2);
  g_assert_cmpuint (item->line, ==, 3);
  g_assert_cmpint (json_object_get_int_member (item->object, "ok"), ==, 2);
}

static void
test_garbage (void)
{
  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
      g_autoptr(GPtrArray) items = sy_ndjson_item_array_new ();
      static const char alphabet[] = "{}\"a:1,\n[]\xff\xc3\x00 ";
      guint8 buffer[4096];
      gsize offset = 0;

      sy_ndjson_parser_set_max_line_length (parser, 256);
      fill_garbage (buffer, sizeof buffer, alphabet, sizeof alphabet);

      while (offset < sizeof buffer)
        {
          gsize chunk = random_piece_length (offset, sizeof buffer);

          sy_ndjson_parser_feed (parser, (const char *) buffer + offset, chunk, items);
          offset += chunk;
        }
      sy_ndjson_parser_finish (parser, items);
      g_free (serialize (items));
    }
}

typedef struct
{
  GString *out;
  guint    stop_at;   /* line number; 0: never */
} LineRun;

static gboolean
on_line_cb (SyNdjsonParser  *parser,
            guint            line,
            const char      *text,
            gsize            len,
            gpointer         user_data,
            GError         **error)
{
  LineRun *run = user_data;

  if (text == NULL)
    g_string_append_printf (run->out, "%u:<too long>\n", line);
  else
    g_string_append_printf (run->out, "%u:%.*s\n", line, (int) len, text);

  if (line == run->stop_at)
    {
      g_set_error_literal (error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON, "stop");
      return FALSE;
    }

  return TRUE;
}

/* Raw lines, numbered, without \r\n and blank lines, split anywhere. */
static void
test_lines (void)
{
  const char *input = "{\"a\":1}\r\n\n  \n{\"b\":\n[1,2]}\n{\"c\":\"" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" "\"}\n{\"d\":4}";
  const char *expected = "1:{\"a\":1}\n4:{\"b\":\n5:[1,2]}\n6:<too long>\n7:{\"d\":4}\n";

  for (gsize split = 0; split <= strlen (input); split++)
    {
      g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      LineRun run = { out, 0 };

      sy_ndjson_parser_set_max_line_length (parser, 32);
      g_assert_true (sy_ndjson_parser_feed_func (parser, input, split, on_line_cb, &run, &error));
      g_assert_true (sy_ndjson_parser_feed_func (parser, input + split, strlen (input) - split,
                                                 on_line_cb, &run, &error));
      g_assert_true (sy_ndjson_parser_finish_func (parser, on_line_cb, &run, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out->str, ==, expected);
    }

  /* A line handed over parses as sy_ndjson_parser_feed() would. */
  {
    g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
    g_autoptr(SyNdjsonItem) good = sy_ndjson_parser_parse_line (parser, 3, "{\"a\":1}", 7);
    g_autoptr(SyNdjsonItem) bad = sy_ndjson_parser_parse_line (parser, 4, "[1]", 3);
    g_autoptr(SyNdjsonItem) long_line = sy_ndjson_parser_parse_line (parser, 5, NULL, 0);

    g_assert_cmpint (json_object_get_int_member (good->object, "a"), ==, 1);
    g_assert_cmpuint (good->line, ==, 3);
    g_assert_error (bad->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_NOT_AN_OBJECT);
    g_assert_error (long_line->error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_LINE_TOO_LONG);
  }
}

/* A function that says stop stops the feed at once. */
static void
test_lines_stop (void)
{
  const char *input = "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  LineRun run = { out, 2 };

  g_assert_false (sy_ndjson_parser_feed_func (parser, input, strlen (input), on_line_cb, &run, &error));
  g_assert_error (error, SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON);
  g_assert_cmpstr (out->str, ==, "1:{\"a\":1}\n2:{\"b\":2}\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ndjson-parser/ollama-chat", test_ollama_chat);
  g_test_add_func ("/ndjson-parser/ollama-pull", test_ollama_pull);
  g_test_add_func ("/ndjson-parser/utf8-split", test_utf8_split);
  g_test_add_func ("/ndjson-parser/malformed-line", test_malformed_line);
  g_test_add_func ("/ndjson-parser/overlong-line", test_overlong_line);
  g_test_add_func ("/ndjson-parser/garbage", test_garbage);
  g_test_add_func ("/ndjson-parser/lines", test_lines);
  g_test_add_func ("/ndjson-parser/lines-stop", test_lines_stop);

  return g_test_run ();
}
