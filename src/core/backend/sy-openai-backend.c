/* sy-openai-backend.c: any OpenAI-compatible chat completions endpoint
 *
 * Speaks POST {base}/chat/completions with "stream": true, reading the
 * Server-Sent Events reply: one "data: {chunk}" per delta, a last chunk
 * with empty choices and the usage (as stream_options.include_usage asks),
 * then "data: [DONE]". Servers that ignore include_usage still work: the
 * token counts are then estimated and marked so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-backend-private.h"
#include "sy-openai-backend.h"
#include "sy-sse-parser.h"

struct _SyOpenAIBackend
{
  SyHttpBackend parent_instance;
};

struct _SyOpenAIBackendClass
{
  SyHttpBackendClass parent_class;
};

G_DEFINE_FINAL_TYPE (SyOpenAIBackend, sy_openai_backend, SY_TYPE_HTTP_BACKEND)

enum {
  PROP_0,
  PROP_HAS_API_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SySseParser   *parser;
  SyFastDecoder *fast;
  JsonParser    *json;
} ChatDecoder;

/* Auxiliary functions */

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              len,
             gpointer           user_data,
             GError           **error)
{
  SyChatCall *call = user_data;
  ChatDecoder *decoder = call->decoder;
  SyChatChunk chunk = { 0 };
  JsonNode *root;

  /* Whatever follows [DONE] is not part of the reply, and after Stop
   * nothing is, even what came in the same read. */
  if (call->done || g_cancellable_is_cancelled (call->cancellable))
    return TRUE;

  if (len == 6 && memcmp (event->data, "[DONE]", 6) == 0)
    {
      call->done = TRUE;
      return TRUE;
    }

  if (!sy_openai_decode_chunk_fast (decoder->fast, event->data, len, call->reported_model == NULL, &chunk))
    {
      /* The event may lie in the HTTP buffer, without a NUL after it. */
      g_autofree char *text = g_strndup (event->data, len);

      if (!json_parser_load_from_data (decoder->json, text, len, NULL) ||
          (root = json_parser_get_root (decoder->json)) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_autofree char *url = sy_backend_display_url (call->context->base_url);

          g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                       _("The server at %s sent a malformed reply: an event is not a JSON object"),
                       url);
          return FALSE;
        }

      if (!sy_openai_decode_chunk (call->context, json_node_get_object (root), &chunk, error))
        return FALSE;
    }

  sy_chat_call_take_chunk (call, &chunk);

  return TRUE;
}

static GPtrArray *
sy_openai_backend_parse_models (JsonNode  *root,
                                GError   **error)
{
  g_autoptr(GPtrArray) models = NULL;
  JsonNode *data = NULL;

  if (JSON_NODE_HOLDS_OBJECT (root))
    data = json_object_get_member (json_node_get_object (root), "data");

  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                   _("The server’s model list has no “data” array"));
      return NULL;
    }

  models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_installed_model_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (data), i);
      JsonObject *object;
      SyInstalledModel *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      if (json_object_get_string_member_with_default (object, "id", NULL) == NULL)
        continue;

      info = sy_installed_model_new (json_object_get_string_member (object, "id"));
      info->owned_by = g_strdup (json_object_get_string_member_with_default (object, "owned_by", NULL));
      g_ptr_array_add (models, info);
    }

  return g_steal_pointer (&models);
}

/* SyHttpBackend */

static void
sy_openai_backend_add_chat_options (SyChatStream *stream,
                                    JsonBuilder  *builder)
{
  json_builder_set_member_name (builder, "stream_options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "include_usage");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_double_value (builder, sy_chat_stream_get_temperature (stream));
  /* max_tokens rather than max_completion_tokens: every compatible server
   * (Ollama, llama.cpp, vLLM, LM Studio) understands it. */
  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, sy_chat_stream_get_max_tokens (stream));
}

static gpointer
sy_openai_backend_new_chat_decoder (void)
{
  ChatDecoder *decoder = g_new0 (ChatDecoder, 1);

  decoder->parser = sy_sse_parser_new ();
  decoder->fast = sy_fast_decoder_new ();
  decoder->json = json_parser_new_immutable ();

  return decoder;
}

static void
sy_openai_backend_free_chat_decoder (gpointer data)
{
  ChatDecoder *decoder = data;

  sy_sse_parser_free (decoder->parser);
  sy_fast_decoder_free (decoder->fast);
  g_object_unref (decoder->json);
  g_free (decoder);
}

static gboolean
sy_openai_backend_decode_chat (SyChatCall  *call,
                               const char  *data,
                               gsize        len,
                               GError     **error)
{
  ChatDecoder *decoder = call->decoder;
  g_autoptr(GError) local_error = NULL;

  if (sy_sse_parser_feed_func (decoder->parser, data, len, on_event_cb, call, &local_error))
    return TRUE;

  if (local_error->domain == SY_SSE_ERROR)
    g_propagate_error (error, sy_backend_error_malformed (call->context, local_error->message));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

/* Overrides */

static void
sy_openai_backend_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SyOpenAIBackend *self = SY_OPENAI_BACKEND (object);

  switch (prop_id)
    {
    case PROP_HAS_API_KEY:
      g_value_set_boolean (value, sy_openai_backend_has_api_key (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_openai_backend_class_init (SyOpenAIBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SyHttpBackendClass *http_class = SY_HTTP_BACKEND_CLASS (klass);

  object_class->get_property = sy_openai_backend_get_property;

  /* There is deliberately no property holding the key itself. */
  properties[PROP_HAS_API_KEY] =
    g_param_spec_boolean ("has-api-key", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  sy_http_backend_class_set_protocol (http_class, SY_BACKEND_FLAVOR_OPENAI, SY_OPENAI_DEFAULT_BASE_URL,
                                      "/models", "/chat/completions", "text/event-stream");
  http_class->parse_models = sy_openai_backend_parse_models;
  http_class->add_chat_options = sy_openai_backend_add_chat_options;
  http_class->new_chat_decoder = sy_openai_backend_new_chat_decoder;
  http_class->free_chat_decoder = sy_openai_backend_free_chat_decoder;
  http_class->decode_chat = sy_openai_backend_decode_chat;
  /* No finish_chat: an event the body ended in the middle of is dropped,
   * as the SSE specification says. */
}

static void
sy_openai_backend_init (SyOpenAIBackend *self)
{
}

/* Public API */

SyOpenAIBackend *
sy_openai_backend_new (const char *base_url)
{
  return g_object_new (SY_TYPE_OPENAI_BACKEND, "base-url", base_url, NULL);
}

void
sy_openai_backend_set_api_key (SyOpenAIBackend *self,
                               const char      *api_key)
{
  gboolean had_key;

  g_return_if_fail (SY_IS_OPENAI_BACKEND (self));

  had_key = sy_openai_backend_has_api_key (self);
  sy_http_backend_set_secret (SY_HTTP_BACKEND (self), api_key);

  if (had_key != sy_openai_backend_has_api_key (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_API_KEY]);
}

gboolean
sy_openai_backend_has_api_key (SyOpenAIBackend *self)
{
  g_return_val_if_fail (SY_IS_OPENAI_BACKEND (self), FALSE);

  return sy_http_backend_has_secret (SY_HTTP_BACKEND (self));
}

gboolean
sy_openai_decode_chunk (const SyHttpContext  *context,
                        JsonObject           *object,
                        SyChatChunk          *chunk,
                        GError              **error)
{
  JsonNode *node;

  if (!sy_backend_decode_chunk_start (context, object, chunk, error))
    return FALSE;

  /* "choices" is an array, or null or [] on the usage chunk. */
  node = json_object_get_member (object, "choices");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *choices = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (choices); i++)
        {
          JsonNode *choice_node = json_array_get_element (choices, i);
          JsonObject *choice;
          JsonNode *delta;
          const char *finish;

          if (!JSON_NODE_HOLDS_OBJECT (choice_node))
            continue;

          choice = json_node_get_object (choice_node);
          if (json_object_get_int_member_with_default (choice, "index", 0) != 0)
            continue;

          delta = json_object_get_member (choice, "delta");
          if (delta != NULL && JSON_NODE_HOLDS_OBJECT (delta))
            {
              const char *content = json_object_get_string_member_with_default (json_node_get_object (delta),
                                                                                "content", NULL);

              if (content != NULL && *content != '\0')
                {
                  char *joined = g_strconcat (chunk->delta != NULL ? chunk->delta : "", content, NULL);

                  g_free (chunk->delta);
                  chunk->delta = joined;
                }
            }

          finish = json_object_get_string_member_with_default (choice, "finish_reason", NULL);
          if (finish != NULL)
            {
              g_free (chunk->finish_reason);
              chunk->finish_reason = g_strdup (finish);
            }
        }
    }

  node = json_object_get_member (object, "usage");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *usage = json_node_get_object (node);

      chunk->prompt_tokens = json_object_get_int_member_with_default (usage, "prompt_tokens", 0);
      chunk->completion_tokens = json_object_get_int_member_with_default (usage, "completion_tokens", 0);
      chunk->has_usage = TRUE;
    }

  return TRUE;
}
