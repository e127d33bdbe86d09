/* fuzz-fast-chunk.c: the fast chunk decoders against json-glib
 *
 * Each line of the input is one event of a stream, read by the fast path
 * (with one SyFastDecoder for the whole input, as a stream is) and by
 * json-glib with the full decoder. Whenever the fast path accepts an
 * event, both must say exactly the same; when it declines, the backend
 * uses json-glib anyway, so only speed is at stake.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-backend-private.h"

#define MAX_EVENTS 64

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
assert_same (const SyChatChunk *fast,
             const SyChatChunk *slow,
             gboolean           with_model)
{
  if (g_strcmp0 (fast->delta, slow->delta) != 0 ||
      g_strcmp0 (fast->finish_reason, slow->finish_reason) != 0 ||
      (with_model && g_strcmp0 (fast->model, slow->model) != 0) ||
      (!with_model && fast->model != NULL) ||
      fast->done != slow->done ||
      fast->has_usage != slow->has_usage ||
      fast->has_prompt_tokens != slow->has_prompt_tokens ||
      fast->has_completion_tokens != slow->has_completion_tokens ||
      fast->prompt_tokens != slow->prompt_tokens ||
      fast->completion_tokens != slow->completion_tokens ||
      fast->eval_duration_ns != slow->eval_duration_ns ||
      fast->load_duration_ns != slow->load_duration_ns ||
      fast->total_duration_ns != slow->total_duration_ns)
    __builtin_trap ();
}

/* The json-glib way, as the backends take it: FALSE if the event is not a
 * JSON object or the decoder reports an error in it. */
static gboolean
decode_slow (JsonParser      *parser,
             SyBackendFlavor  flavor,
             const char      *text,
             SyChatChunk     *chunk)
{
  SyHttpContext context = {
    .flavor = flavor,
    .base_url = "http://127.0.0.1:1",
    .model = "m",
  };
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
check_event (JsonParser    *parser,
             SyFastDecoder *decoder,
             SyFastDecoder *decoder_no_model,
             const char    *bytes,
             gsize          len)
{
  /* What the parsers hand over: valid UTF-8 without NUL. */
  g_autofree char *text = g_utf8_make_valid (bytes, len);
  gsize text_len = strlen (text);
  SyChatChunk fast = { 0 }, slow = { 0 };
  gboolean slow_ok = FALSE, slow_done = FALSE;

  /* Raw bytes too: any input must be safe to look at. */
  if (sy_openai_decode_chunk_fast (NULL, bytes, len, TRUE, &fast))
    sy_chat_chunk_clear (&fast);
  if (sy_ollama_decode_line_fast (bytes, len, &fast))
    sy_chat_chunk_clear (&fast);

  if (sy_openai_decode_chunk_fast (decoder, text, text_len, TRUE, &fast))
    {
      slow_ok = decode_slow (parser, SY_BACKEND_FLAVOR_OPENAI, text, &slow);
      slow_done = TRUE;
      if (!slow_ok)
        __builtin_trap ();
      assert_same (&fast, &slow, TRUE);
      sy_chat_chunk_clear (&fast);
    }

  if (sy_openai_decode_chunk_fast (decoder_no_model, text, text_len, FALSE, &fast))
    {
      if (!slow_done)
        {
          slow_ok = decode_slow (parser, SY_BACKEND_FLAVOR_OPENAI, text, &slow);
          slow_done = TRUE;
        }
      if (!slow_ok)
        __builtin_trap ();
      assert_same (&fast, &slow, FALSE);
      sy_chat_chunk_clear (&fast);
    }
  sy_chat_chunk_clear (&slow);

  if (sy_ollama_decode_line_fast (text, text_len, &fast))
    {
      if (!decode_slow (parser, SY_BACKEND_FLAVOR_OLLAMA, text, &slow))
        __builtin_trap ();
      assert_same (&fast, &slow, TRUE);
      sy_chat_chunk_clear (&fast);
      sy_chat_chunk_clear (&slow);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(SyFastDecoder) decoder = sy_fast_decoder_new ();
  g_autoptr(SyFastDecoder) decoder_no_model = sy_fast_decoder_new ();
  const char *p = (const char *) data;
  const char *end = p + size;

  for (guint i = 0; i < MAX_EVENTS && p < end; i++)
    {
      const char *eol = memchr (p, '\n', end - p);
      gsize len = (eol != NULL ? eol : end) - p;

      check_event (parser, decoder, decoder_no_model, p, len);
      p += len + 1;
    }

  return 0;
}
