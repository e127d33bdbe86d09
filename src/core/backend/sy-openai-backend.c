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
  GObject      parent_instance;

  SoupSession       *session;
  SyBackendSettings  settings;
  char        *api_key;
};

static void backend_iface_init (SyBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SyOpenAIBackend, sy_openai_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SY_TYPE_BACKEND, backend_iface_init))

enum {
  PROP_0,
  PROP_HAS_API_KEY,
  PROP_BASE_URL,
  PROP_CONNECT_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[PROP_BASE_URL];

typedef struct
{
  SyChatStream  *stream;
  SyHttpContext *context;
  SySseParser   *parser;
  SyFastDecoder *fast;
  GCancellable  *cancellable;
  JsonParser    *json;
  char          *reported_model;
  char          *finish_reason;
  gint64         prompt_tokens;
  gint64         completion_tokens;
  gint64         start_us;
  gint64         first_token_us;
  gboolean       have_usage;
  gboolean       done;
} ChatCall;

/* Auxiliary functions */

static void
chat_call_free (ChatCall *call)
{
  g_clear_object (&call->stream);
  g_clear_pointer (&call->parser, sy_sse_parser_free);
  g_clear_pointer (&call->fast, sy_fast_decoder_free);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->json);
  g_clear_pointer (&call->context, sy_http_context_free);
  g_free (call->reported_model);
  g_free (call->finish_reason);
  g_free (call);
}

static void
fill_context (SyOpenAIBackend *self,
              SyHttpContext   *context,
              const char      *model)
{
  sy_backend_settings_fill_context (&self->settings, SY_BACKEND_FLAVOR_OPENAI, model,
                                    self->api_key, context);
}

static SoupMessage *
new_message (SyOpenAIBackend  *self,
             const char       *method,
             const char       *path,
             JsonBuilder      *body,
             GError          **error)
{
  SoupMessage *message = sy_http_message_new_json (method, self->settings.base_url, path, body, error);

  if (message != NULL && self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", value);
    }

  return message;
}

static void
apply_chunk (ChatCall    *call,
             SyChatChunk *chunk)
{
  if (call->reported_model == NULL && chunk->model != NULL)
    call->reported_model = g_steal_pointer (&chunk->model);

  if (chunk->delta != NULL)
    {
      if (call->first_token_us == 0)
        call->first_token_us = g_get_monotonic_time ();
      sy_chat_stream_append (call->stream, chunk->delta);
    }

  if (chunk->finish_reason != NULL)
    {
      g_free (call->finish_reason);
      call->finish_reason = g_steal_pointer (&chunk->finish_reason);
    }

  if (chunk->has_usage)
    {
      call->prompt_tokens = chunk->prompt_tokens;
      call->completion_tokens = chunk->completion_tokens;
      call->have_usage = TRUE;
    }
}

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              len,
             gpointer           user_data,
             GError           **error)
{
  ChatCall *call = user_data;
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

  if (!sy_openai_decode_chunk_fast (call->fast, event->data, len, call->reported_model == NULL, &chunk))
    {
      /* The event may lie in the HTTP buffer, without a NUL after it. */
      g_autofree char *text = g_strndup (event->data, len);

      if (!json_parser_load_from_data (call->json, text, len, NULL) ||
          (root = json_parser_get_root (call->json)) == NULL ||
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

  apply_chunk (call, &chunk);
  sy_chat_chunk_clear (&chunk);

  if (sy_chat_stream_get_length (call->stream) > SY_BACKEND_MAX_REPLY_BYTES)
    {
      g_propagate_error (error, sy_backend_error_too_long (call->context, sy_chat_stream_get_text (call->stream)));
      return FALSE;
    }

  return TRUE;
}

static gboolean
on_chat_chunk_cb (const char  *data,
                  gsize        len,
                  gpointer     user_data,
                  GError     **error)
{
  ChatCall *call = user_data;
  g_autoptr(GError) local_error = NULL;

  if (!sy_sse_parser_feed_func (call->parser, data, len, on_event_cb, call, &local_error))
    {
      if (local_error->domain == SY_SSE_ERROR)
        {
          g_autofree char *url = sy_backend_display_url (call->context->base_url);

          g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                       _("The server at %s sent a malformed reply: %s"), url, local_error->message);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      return FALSE;
    }

  return TRUE;
}

static SyChatResult *
build_result (ChatCall *call)
{
  SyChatResult *result = g_new0 (SyChatResult, 1);
  gint64 end_us = g_get_monotonic_time ();
  double streaming;

  result->text = g_strdup (sy_chat_stream_get_text (call->stream));
  result->model = g_strdup (call->reported_model ? call->reported_model : call->context->model);
  result->finish_reason = g_strdup (call->finish_reason);
  result->total_time = (end_us - call->start_us) / (double) G_USEC_PER_SEC;
  result->time_to_first_token = call->first_token_us != 0
    ? (call->first_token_us - call->start_us) / (double) G_USEC_PER_SEC
    : -1.0;

  if (call->have_usage)
    {
      result->prompt_tokens = call->prompt_tokens;
      result->completion_tokens = call->completion_tokens;
    }
  else
    {
      result->prompt_tokens = sy_chat_stream_estimate_prompt_tokens (call->stream);
      result->completion_tokens = sy_backend_estimate_tokens (result->text);
      result->usage_estimated = TRUE;
    }

  /* The server gives counts but no timings: the rate is over the time the
   * tokens were streaming, so a slow first token does not drag it down. */
  streaming = call->first_token_us != 0
    ? (end_us - call->first_token_us) / (double) G_USEC_PER_SEC
    : 0.0;
  if (streaming <= 0.0)
    streaming = result->total_time;
  if (streaming > 0.0)
    result->tokens_per_second = result->completion_tokens / streaming;

  return result;
}

static void
on_chat_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChatCall *call = g_task_get_task_data (task);
  g_autoptr(SyChatResult) chat_result = NULL;
  g_autoptr(GError) error = NULL;

  if (!sy_http_stream_finish (result, &error))
    {
      sy_backend_error_set_partial_text (error, sy_chat_stream_get_text (call->stream));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sy_sse_parser_finish (call->parser);

  if (!call->done && call->finish_reason == NULL)
    {
      g_task_return_error (task, sy_backend_error_cut_off (call->context,
                                                           sy_chat_stream_get_text (call->stream)));
      return;
    }

  chat_result = build_result (call);
  sy_chat_stream_set_result (call->stream, chat_result);
  g_task_return_pointer (task, g_steal_pointer (&chat_result), (GDestroyNotify) sy_chat_result_free);
}

static void
on_models_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *data = NULL;

  root = sy_http_json_finish (result, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    data = json_object_get_member (json_node_get_object (root), "data");

  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_task_return_new_error (task, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                               _("The server’s model list has no “data” array"));
      return;
    }

  models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_installed_model_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (data), i);
      JsonObject *object_;
      SyInstalledModel *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object_ = json_node_get_object (node);
      if (json_object_get_string_member_with_default (object_, "id", NULL) == NULL)
        continue;

      info = sy_installed_model_new (json_object_get_string_member (object_, "id"));
      info->owned_by = g_strdup (json_object_get_string_member_with_default (object_, "owned_by", NULL));
      g_ptr_array_add (models, info);
    }

  g_task_return_pointer (task, g_steal_pointer (&models), (GDestroyNotify) g_ptr_array_unref);
}

/* SyBackend */

static void
sy_openai_backend_list_models_async (SyBackend           *backend,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SyOpenAIBackend *self = SY_OPENAI_BACKEND (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SyHttpContext context;

  g_task_set_source_tag (task, sy_openai_backend_list_models_async);

  message = new_message (self, SOUP_METHOD_GET, "/models", NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fill_context (self, &context, NULL);
  sy_http_json_async (self->session, message, &context, cancellable,
                      on_models_done_cb, g_steal_pointer (&task));
}

static void
sy_openai_backend_stream_chat_async (SyBackend           *backend,
                                     SyChatStream        *stream,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SyOpenAIBackend *self = SY_OPENAI_BACKEND (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SyHttpContext context;
  ChatCall *call;

  g_task_set_source_tag (task, sy_openai_backend_stream_chat_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, sy_chat_stream_get_model (stream));
  sy_chat_stream_add_messages_json (stream, builder);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
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
  json_builder_end_object (builder);

  message = new_message (self, SOUP_METHOD_POST, "/chat/completions", builder, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "text/event-stream");

  call = g_new0 (ChatCall, 1);
  call->stream = g_object_ref (stream);
  call->parser = sy_sse_parser_new ();
  call->fast = sy_fast_decoder_new ();
  call->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  call->json = json_parser_new_immutable ();
  call->start_us = g_get_monotonic_time ();
  g_task_set_task_data (task, call, (GDestroyNotify) chat_call_free);

  sy_chat_stream_begin (stream);

  fill_context (self, &context, sy_chat_stream_get_model (stream));
  call->context = sy_http_context_dup (&context);
  sy_http_stream_async (self->session, message, &context, on_chat_chunk_cb, call,
                        cancellable, on_chat_done_cb, g_steal_pointer (&task));
}

static void
backend_iface_init (SyBackendInterface *iface)
{
  iface->list_models_async = sy_openai_backend_list_models_async;
  iface->stream_chat_async = sy_openai_backend_stream_chat_async;
}

/* Overrides */

static void
sy_openai_backend_finalize (GObject *object)
{
  SyOpenAIBackend *self = SY_OPENAI_BACKEND (object);

  g_clear_object (&self->session);
  sy_backend_settings_clear (&self->settings);
  /* The key is overwritten so it does not linger in freed memory. */
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);

  G_OBJECT_CLASS (sy_openai_backend_parent_class)->finalize (object);
}

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
      if (prop_id < PROP_BASE_URL ||
          !sy_backend_settings_get_property (&self->settings, prop_id - PROP_BASE_URL, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_openai_backend_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SyOpenAIBackend *self = SY_OPENAI_BACKEND (object);

  switch (prop_id)
    {
    default:
      if (prop_id < PROP_BASE_URL ||
          !sy_backend_settings_set_property (&self->settings, object, prop_id - PROP_BASE_URL,
                                             value, pspec))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_openai_backend_class_init (SyOpenAIBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_openai_backend_finalize;
  object_class->get_property = sy_openai_backend_get_property;
  object_class->set_property = sy_openai_backend_set_property;

  /* There is deliberately no property holding the key itself. */
  properties[PROP_HAS_API_KEY] =
    g_param_spec_boolean ("has-api-key", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, PROP_BASE_URL, properties);
  sy_backend_install_properties (object_class, PROP_BASE_URL);
}

static void
sy_openai_backend_init (SyOpenAIBackend *self)
{
  sy_backend_settings_init (&self->settings, SY_OPENAI_DEFAULT_BASE_URL);
  self->session = sy_http_session_new ();
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

  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);

  if (had_key != sy_openai_backend_has_api_key (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_API_KEY]);
}

gboolean
sy_openai_backend_has_api_key (SyOpenAIBackend *self)
{
  g_return_val_if_fail (SY_IS_OPENAI_BACKEND (self), FALSE);

  return self->api_key != NULL && *self->api_key != '\0';
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
