/* sy-fuzz-utils.c: what the chat reply fuzzers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-fuzz-utils.h"

void
sy_fuzz_decode_reply (const guint8        *data,
                      size_t               size,
                      const SyHttpContext *context,
                      SyFuzzChunkDecoder   decode)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  SyChatChunk chunk = { 0 };
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return;

  if (decode (context, json_node_get_object (root), &chunk, &error))
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
      if (context->secret != NULL && strstr (error->message, context->secret) != NULL)
        __builtin_trap ();
    }

  sy_chat_chunk_clear (&chunk);
}
