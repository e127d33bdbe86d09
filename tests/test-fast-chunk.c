/* test-fast-chunk.c: the fast chunk decoders give what json-glib gives,
 * and leave to it what they are not sure of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-backend-private.h"
#include "sy-sse-parser.h"

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "streams", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static gboolean
decode_slow (SyBackendFlavor  flavor,
             const char      *text,
             SyChatChunk     *chunk)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SyHttpContext context = { .flavor = flavor, .base_url = "http://127.0.0.1:1" };
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  memset (chunk, 0, sizeof *chunk);
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  if (flavor == SY_BACKEND_FLAVOR_OPENAI)
    return sy_openai_decode_chunk (&context, json_node_get_object (root), chunk, &error);

  return sy_ollama_decode_line (&context, json_node_get_object (root), chunk, &error);
}

static void
assert_same (const SyChatChunk *fast,
             const SyChatChunk *slow)
{
  g_assert_cmpstr (fast->delta, ==, slow->delta);
  g_assert_cmpstr (fast->model, ==, slow->model);
  g_assert_cmpstr (fast->finish_reason, ==, slow->finish_reason);
  g_assert_cmpint (fast->done, ==, slow->done);
  g_assert_cmpint (fast->has_usage, ==, slow->has_usage);
  g_assert_cmpint (fast->prompt_tokens, ==, slow->prompt_tokens);
  g_assert_cmpint (fast->completion_tokens, ==, slow->completion_tokens);
}

/* Decodes @text both ways; returns whether the fast path took it. */
static gboolean
check_openai (SyFastDecoder *decoder,
              const char    *text,
              char         **delta)
{
  SyChatChunk fast = { 0 }, slow = { 0 };
  gboolean took;

  took = sy_openai_decode_chunk_fast (decoder, text, strlen (text), TRUE, &fast);
  if (took)
    {
      g_assert_true (decode_slow (SY_BACKEND_FLAVOR_OPENAI, text, &slow));
      assert_same (&fast, &slow);
      if (delta != NULL)
        *delta = g_strdup (fast.delta);
    }
  else
    {
      /* Declining leaves nothing behind. */
      g_assert_null (fast.delta);
      g_assert_null (fast.model);
    }

  sy_chat_chunk_clear (&fast);
  sy_chat_chunk_clear (&slow);

  return took;
}

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              len,
             gpointer           user_data,
             GError           **error)
{
  GPtrArray *events = user_data;

  if (len != 6 || memcmp (event->data, "[DONE]", 6) != 0)
    g_ptr_array_add (events, g_strndup (event->data, len));

  return TRUE;
}

/* The recorded streams: every text chunk the fast way, the rest not. */
static void
test_openai_fixtures (void)
{
  const char *names[] = { "openai-usage.sse", "openai-no-usage.sse", "openai-crlf.sse" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *data = load_fixture (names[n]);
      g_autoptr(SySseParser) parser = sy_sse_parser_new ();
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(SyFastDecoder) decoder = sy_fast_decoder_new ();
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *expected = load_fixture ("expected-openai.txt");
      guint took = 0, declined = 0;

      g_assert_true (sy_sse_parser_feed_func (parser, data, strlen (data), on_event_cb, events, NULL));

      for (guint i = 0; i < events->len; i++)
        {
          const char *event = g_ptr_array_index (events, i);
          g_autofree char *delta = NULL;
          SyChatChunk chunk = { 0 };

          if (check_openai (decoder, event, &delta))
            {
              took++;
              if (delta != NULL)
                g_string_append (text, delta);
            }
          else
            {
              declined++;
              /* Only what carries usage, an error or the finish reason. */
              g_assert_true (decode_slow (SY_BACKEND_FLAVOR_OPENAI, event, &chunk));
              g_assert_true (chunk.has_usage || chunk.finish_reason != NULL);
              if (chunk.delta != NULL)
                g_string_append (text, chunk.delta);
              sy_chat_chunk_clear (&chunk);
            }
        }

      g_assert_cmpuint (took, >=, 15);
      g_assert_cmpuint (declined, >=, 1);
      g_assert_cmpstr (text->str, ==, expected);
    }
}

static void
test_openai_accepts (void)
{
  struct {
    const char *json;
    const char *delta;
  } cases[] = {
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}", "Hi" },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"model\":\"m\"}", NULL },
    { "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u00e9\\ud83d\\ude00\\n\\t\\\"\\\\\\/\\b\\f\\r\"}}]}",
      "\xc3\xa9\xf0\x9f\x98\x80\n\t\"\\/\b\f\r" },
    { " { \"choices\" : [ { \"delta\" : { \"content\" : \"no index\" } } ] , \"n\" : -1.5 ,"
      " \"a\" : [ true , false , null , { } , [ ] ] } ", "no index" },
    { "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"}},{\"index\":0,\"delta\":{\"content\":\"a\"}},"
      "{\"index\":0,\"delta\":{\"content\":\"c\"}}]}", "ac" },
    { "{\"choices\":null,\"usage\":null,\"error\":null,\"model\":null}", NULL },
    { "{\"choices\":[],\"model\":\"caf\\u00e9\"}", NULL },
    { "{\"choices\":[{\"index\":0,\"delta\":null}]}", NULL },
    { "{}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *delta = NULL;

      g_test_message ("%s", cases[i].json);
      g_assert_true (check_openai (NULL, cases[i].json, &delta));
      g_assert_cmpstr (delta, ==, cases[i].delta);
    }
}

static void
test_openai_declines (void)
{
  const char *cases[] = {
    /* For json-glib by design: rare, and with more to read. */
    "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
    "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}",
    "{\"error\":{\"message\":\"overloaded\"}}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0}]}}]}",
    /* Where json-glib might read it otherwise. */
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\u0000\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\ud800\"}}]}",
    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\\udc00x\"}}]}",
    "{\"choices\":[],\"choices\":[{\"delta\":{\"content\":\"x\"}}]}",
    "{\"\\u0063hoices\":[{\"delta\":{\"content\":\"x\"}}]}",
    "{\"choices\":[{\"index\":0.0,\"delta\":{\"content\":\"x\"}}]}",
    "{\"n\":1e5}",
    "{\"n\":01}",
    "{\"n\":12345678901234567890}",
    "{\"choices\":[\"not an object\"]}",
    "{\"model\":42}",
    "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    /* Not JSON at all. */
    "{\"choices\":[}",
    "{\"a\":\"tab\there\"}",
    "{\"a\":1} trailing",
    "{\"a\":tru}",
    "[1]",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i]);
      g_assert_false (check_openai (NULL, cases[i], NULL));
    }
}

/* A stream's chunks differ in their text only; the remembered shape must
 * never let a different chunk through. */
static void
test_openai_shape (void)
{
  g_autoptr(SyFastDecoder) decoder = sy_fast_decoder_new ();
  const char *head = "{\"id\":\"c1\",\"model\":\"gpt\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  const char *tail = "\"},\"finish_reason\":null}]}";
  struct {
    const char *text;     /* between head and tail */
    gboolean    took;
    const char *delta;
  } cases[] = {
    { "first", TRUE, "first" },
    { "second", TRUE, "second" },
    { "\\\"quoted\\\" \\u00e9", TRUE, "\"quoted\" \xc3\xa9" },
    { "", TRUE, NULL },
    /* The quote closes the string early: no longer the same JSON. */
    { "a\",\"x\":\"b", TRUE, "a" },
    { "ends in a backslash \\", FALSE, NULL },
    { "raw \x01 control", FALSE, NULL },
    { "\\ud800", FALSE, NULL },
    { "after", TRUE, "after" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strconcat (head, cases[i].text, tail, NULL);
      g_autofree char *delta = NULL;

      g_test_message ("%s", json);
      g_assert_cmpint (check_openai (decoder, json, &delta), ==, cases[i].took);
      g_assert_cmpstr (delta, ==, cases[i].delta);
    }

  /* Another prefix (a new model) is read in full and remembered. */
  {
    g_autofree char *delta = NULL;
    SyChatChunk chunk = { 0 };
    const char *other = "{\"id\":\"c1\",\"model\":\"other\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}";

    g_assert_true (check_openai (decoder, other, &delta));
    g_assert_cmpstr (delta, ==, "x");
    g_assert_true (sy_openai_decode_chunk_fast (decoder, other, strlen (other), TRUE, &chunk));
    g_assert_cmpstr (chunk.model, ==, "other");
    sy_chat_chunk_clear (&chunk);

    /* Without the model when the caller has it already. */
    g_assert_true (sy_openai_decode_chunk_fast (decoder, other, strlen (other), FALSE, &chunk));
    g_assert_null (chunk.model);
    g_assert_cmpstr (chunk.delta, ==, "x");
    sy_chat_chunk_clear (&chunk);
  }
}

static void
test_ollama (void)
{
  g_autofree char *data = load_fixture ("ollama-chat.ndjson");
  g_autofree char *expected = load_fixture ("expected-ollama.txt");
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);
  guint took = 0;
  const char *declines[] = {
    "{\"model\":\"m\",\"message\":{\"content\":\"x\"},\"done\":true,\"eval_count\":3}",
    "{\"error\":\"model not found\"}",
    "{\"message\":{\"content\":\"x\",\"tool_calls\":[]}}",
    "{\"done\":null}",
  };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      SyChatChunk fast = { 0 }, slow = { 0 };

      if (*g_strstrip (lines[i]) == '\0')
        continue;

      g_assert_true (decode_slow (SY_BACKEND_FLAVOR_OLLAMA, lines[i], &slow));
      if (sy_ollama_decode_line_fast (lines[i], strlen (lines[i]), &fast))
        {
          took++;
          assert_same (&fast, &slow);
        }
      else
        {
          g_assert_true (slow.done);
        }
      if (slow.delta != NULL)
        g_string_append (text, slow.delta);
      sy_chat_chunk_clear (&fast);
      sy_chat_chunk_clear (&slow);
    }

  g_assert_cmpuint (took, >=, 10);
  g_assert_cmpstr (text->str, ==, expected);

  for (guint i = 0; i < G_N_ELEMENTS (declines); i++)
    {
      SyChatChunk chunk = { 0 };

      g_test_message ("%s", declines[i]);
      g_assert_false (sy_ollama_decode_line_fast (declines[i], strlen (declines[i]), &chunk));
    }

  /* A message that is not an object adds no text, as in json-glib. */
  {
    const char *line = "{\"model\":\"m\",\"message\":\"text\",\"done\":false}";
    SyChatChunk fast = { 0 }, slow = { 0 };

    g_assert_true (sy_ollama_decode_line_fast (line, strlen (line), &fast));
    g_assert_true (decode_slow (SY_BACKEND_FLAVOR_OLLAMA, line, &slow));
    assert_same (&fast, &slow);
    g_assert_null (fast.delta);
    sy_chat_chunk_clear (&fast);
    sy_chat_chunk_clear (&slow);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fast-chunk/openai/fixtures", test_openai_fixtures);
  g_test_add_func ("/fast-chunk/openai/accepts", test_openai_accepts);
  g_test_add_func ("/fast-chunk/openai/declines", test_openai_declines);
  g_test_add_func ("/fast-chunk/openai/shape", test_openai_shape);
  g_test_add_func ("/fast-chunk/ollama", test_ollama);

  return g_test_run ();
}
