/* fuzz-openai-reply.c: the OpenAI chunk decoder (chunk JSON → delta,
 * usage or error) on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "sy-backend-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = g_strndup ((const char *) data, size);
  SyHttpContext context = {
    .flavor = SY_BACKEND_FLAVOR_OPENAI,
    .base_url = "http://user:pw@127.0.0.1:1/v1?key=secret",
    .model = "gpt-4o-mini",
    .secret = "sk-FUZZ",
  };
  g_autoptr(GError) error = NULL;
  SyChatChunk chunk = { 0 };
  JsonNode *root;

  /* The backend hands over the data of one SSE event, as a C string. */
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  if (sy_openai_decode_chunk (&context, json_node_get_object (root), &chunk, &error))
    {
      /* What reaches the chat view must be text. */
      if (chunk.delta != NULL && !g_utf8_validate (chunk.delta, -1, NULL))
        __builtin_trap ();
      if (error != NULL)
        __builtin_trap ();
    }
  else
    {
      if (error == NULL || error->message == NULL)
        __builtin_trap ();
      /* The key never shows in an error the person reads. */
      if (strstr (error->message, context.secret) != NULL)
        __builtin_trap ();
    }

  sy_chat_chunk_clear (&chunk);

  return 0;
}
