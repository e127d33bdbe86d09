/* sy-http-backend.c: what every backend speaking JSON over HTTP shares
 *
 * The settings, the session, listing models and streaming a chat are the
 * same for every protocol up to the shape of a request and of a reply
 * chunk; those come from the subclass through the class struct.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-backend-private.h"

typedef struct
{
  SoupSession *session;
  char        *base_url;
  char        *secret;
  guint        connect_timeout;
  guint        idle_timeout;
} SyHttpBackendPrivate;

static void backend_iface_init (SyBackendInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (SyHttpBackend, sy_http_backend, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (SyHttpBackend)
                                  G_IMPLEMENT_INTERFACE (SY_TYPE_BACKEND, backend_iface_init))

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CONNECT_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  N_PROPS
};

typedef struct
{
  SyHttpReplyFunc reply_func;
  gpointer        reply_data;
  GDestroyNotify  result_free;
} JsonRequest;

/* Auxiliary functions */

static void
wipe_secret (char **secret)
{
  /* Overwritten so the key does not linger in freed memory. */
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static SyChatCall *
chat_call_new (SyHttpBackend *self,
               SyChatStream  *stream,
               GCancellable  *cancellable)
{
  SyHttpBackendClass *klass = SY_HTTP_BACKEND_GET_CLASS (self);
  SyChatCall *call = g_new0 (SyChatCall, 1);
  SyHttpContext context;

  sy_http_backend_fill_context (self, sy_chat_stream_get_model (stream), &context);
  call->context = sy_http_context_dup (&context);
  call->backend = g_object_ref (self);
  call->stream = g_object_ref (stream);
  call->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  call->decoder = klass->new_chat_decoder ();
  call->decoder_free = klass->free_chat_decoder;
  call->start_us = g_get_monotonic_time ();
  call->unsent = g_string_new (NULL);

  return call;
}

static void
chat_call_free (SyChatCall *call)
{
  g_clear_pointer (&call->decoder, call->decoder_free);
  g_clear_object (&call->backend);
  g_clear_object (&call->stream);
  g_clear_object (&call->cancellable);
  g_clear_pointer (&call->context, sy_http_context_free);
  g_free (call->reported_model);
  g_free (call->finish_reason);
  g_string_free (call->unsent, TRUE);
  g_free (call);
}

static void
chat_call_send_text (SyChatCall *call)
{
  if (call->unsent->len == 0)
    return;
  sy_chat_stream_append (call->stream, call->unsent->str);
  g_string_truncate (call->unsent, 0);
}

void
sy_chat_call_take_chunk (SyChatCall  *call,
                         SyChatChunk *chunk)
{
  if (call->reported_model == NULL && chunk->model != NULL)
    call->reported_model = g_steal_pointer (&chunk->model);

  if (chunk->delta != NULL)
    {
      if (call->first_token_us == 0)
        call->first_token_us = g_get_monotonic_time ();
      g_string_append (call->unsent, chunk->delta);
    }

  if (chunk->finish_reason != NULL)
    {
      g_free (call->finish_reason);
      call->finish_reason = g_steal_pointer (&chunk->finish_reason);
    }

  /* OpenAI gives both counts in one "usage" object; Ollama's last line
   * may lack either, and has the server's own timings. */
  if (chunk->has_usage)
    {
      call->prompt_tokens = chunk->prompt_tokens;
      call->completion_tokens = chunk->completion_tokens;
      call->has_prompt_tokens = TRUE;
      call->has_completion_tokens = TRUE;
    }

  if (chunk->done)
    {
      call->done = TRUE;
      call->prompt_tokens = chunk->prompt_tokens;
      call->has_prompt_tokens = chunk->has_prompt_tokens;
      call->completion_tokens = chunk->completion_tokens;
      call->has_completion_tokens = chunk->has_completion_tokens;
      call->eval_duration_ns = chunk->eval_duration_ns;
      call->load_duration_ns = chunk->load_duration_ns;
      call->total_duration_ns = chunk->total_duration_ns;
    }

  sy_chat_chunk_clear (chunk);
}

static gboolean
on_chat_body_cb (const char  *data,
                 gsize        len,
                 gpointer     user_data,
                 GError     **error)
{
  SyChatCall *call = user_data;
  gboolean decoded = SY_HTTP_BACKEND_GET_CLASS (call->backend)->decode_chat (call, data, len, error);

  chat_call_send_text (call);
  if (!decoded)
    return FALSE;

  if (sy_chat_stream_get_length (call->stream) > SY_BACKEND_MAX_REPLY_BYTES)
    {
      g_propagate_error (error, sy_backend_error_too_long (call->context, sy_chat_stream_get_text (call->stream)));
      return FALSE;
    }

  return TRUE;
}

static SyChatResult *
chat_call_build_result (SyChatCall *call)
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
  result->load_duration_ns = call->load_duration_ns;
  result->eval_duration_ns = call->eval_duration_ns;
  result->total_duration_ns = call->total_duration_ns;

  result->prompt_tokens = call->has_prompt_tokens
    ? call->prompt_tokens
    : sy_chat_stream_estimate_prompt_tokens (call->stream);
  result->completion_tokens = call->has_completion_tokens
    ? call->completion_tokens
    : sy_backend_estimate_tokens (result->text);
  result->usage_estimated = !call->has_prompt_tokens || !call->has_completion_tokens;

  /* Ollama measures its own generation time; otherwise the rate is over
   * the time the tokens were streaming, so a slow first token does not
   * drag it down. */
  if (call->has_completion_tokens && call->eval_duration_ns > 0)
    {
      result->tokens_per_second = call->completion_tokens / (call->eval_duration_ns / 1e9);
      return result;
    }

  streaming = call->first_token_us != 0
    ? (end_us - call->first_token_us) / (double) G_USEC_PER_SEC
    : 0.0;
  if (streaming <= 0.0)
    streaming = result->total_time;
  if (streaming > 0.0)
    result->tokens_per_second = result->completion_tokens / streaming;

  return result;
}

static gboolean
chat_call_finish (SyChatCall    *call,
                  GAsyncResult  *result,
                  GError       **error)
{
  SyHttpBackendClass *klass = SY_HTTP_BACKEND_GET_CLASS (call->backend);

  if (!sy_http_stream_finish (result, error))
    return FALSE;

  if (klass->finish_chat != NULL && !klass->finish_chat (call, error))
    {
      chat_call_send_text (call);
      return FALSE;
    }
  chat_call_send_text (call);

  /* A reply is whole once it said so: by its end marker, or a reason
   * for finishing; a server that just hung up cut it off. */
  if (!call->done && call->finish_reason == NULL)
    {
      g_propagate_error (error, sy_backend_error_cut_off (call->context, sy_chat_stream_get_text (call->stream)));
      return FALSE;
    }

  return TRUE;
}

static void
on_chat_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SyChatCall *call = g_task_get_task_data (task);
  g_autoptr(SyChatResult) chat_result = NULL;
  g_autoptr(GError) error = NULL;

  if (!chat_call_finish (call, result, &error))
    {
      if (sy_backend_error_get_partial_text (error) == NULL)
        sy_backend_error_set_partial_text (error, sy_chat_stream_get_text (call->stream));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chat_result = chat_call_build_result (call);
  sy_chat_stream_set_result (call->stream, chat_result);
  g_task_return_pointer (task, g_steal_pointer (&chat_result), (GDestroyNotify) sy_chat_result_free);
}

static void
on_json_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JsonRequest *request = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gpointer reply;

  root = sy_http_json_finish (result, &error);
  if (root == NULL ||
      (reply = request->reply_func (root, request->reply_data, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, reply, request->result_free);
}

static SoupMessage *
new_chat_message (SyHttpBackend  *self,
                  SyChatStream   *stream,
                  GError        **error)
{
  SyHttpBackendClass *klass = SY_HTTP_BACKEND_GET_CLASS (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SoupMessage *message;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, sy_chat_stream_get_model (stream));
  sy_chat_stream_add_messages_json (stream, builder);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  klass->add_chat_options (stream, builder);
  json_builder_end_object (builder);

  message = sy_http_backend_new_message (self, SOUP_METHOD_POST, klass->chat_path, builder, error);
  if (message != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message),
                                  "Accept", klass->chat_media_type);

  return message;
}

static gpointer
read_model_list (JsonNode  *root,
                 gpointer   user_data,
                 GError   **error)
{
  SyHttpBackendClass *klass = user_data;

  return klass->parse_models (root, error);
}

/* SyBackend */

static void
sy_http_backend_list_models_async (SyBackend           *backend,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (backend);
  SyHttpBackendClass *klass = SY_HTTP_BACKEND_GET_CLASS (self);

  sy_http_backend_request_json_async (self, SOUP_METHOD_GET, klass->models_path, NULL, NULL,
                                      read_model_list, klass, (GDestroyNotify) g_ptr_array_unref,
                                      sy_http_backend_list_models_async,
                                      cancellable, callback, user_data);
}

static void
sy_http_backend_stream_chat_async (SyBackend           *backend,
                                   SyChatStream        *stream,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (backend);
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SyChatCall *call;

  g_task_set_source_tag (task, sy_http_backend_stream_chat_async);

  message = new_chat_message (self, stream, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  call = chat_call_new (self, stream, cancellable);
  g_task_set_task_data (task, call, (GDestroyNotify) chat_call_free);

  sy_chat_stream_begin (stream);

  sy_http_stream_async (priv->session, message, call->context, on_chat_body_cb, call,
                        cancellable, on_chat_done_cb, g_steal_pointer (&task));
}

static void
backend_iface_init (SyBackendInterface *iface)
{
  iface->list_models_async = sy_http_backend_list_models_async;
  iface->stream_chat_async = sy_http_backend_stream_chat_async;
}

/* Overrides */

static void
sy_http_backend_constructed (GObject *object)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (object);
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  G_OBJECT_CLASS (sy_http_backend_parent_class)->constructed (object);

  /* The subclass's default is known only once its class is. */
  if (priv->base_url == NULL)
    priv->base_url = g_strdup (SY_HTTP_BACKEND_GET_CLASS (self)->default_base_url);
}

static void
sy_http_backend_finalize (GObject *object)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (object);
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  g_clear_object (&priv->session);
  g_clear_pointer (&priv->base_url, g_free);
  wipe_secret (&priv->secret);

  G_OBJECT_CLASS (sy_http_backend_parent_class)->finalize (object);
}

static void
sy_http_backend_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (object);
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, priv->base_url);
      break;

    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, priv->connect_timeout);
      break;

    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, priv->idle_timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_timeout (guint        *timeout,
             GObject      *object,
             const GValue *value,
             GParamSpec   *pspec)
{
  if (*timeout != g_value_get_uint (value))
    {
      *timeout = g_value_get_uint (value);
      g_object_notify_by_pspec (object, pspec);
    }
}

static void
sy_http_backend_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SyHttpBackend *self = SY_HTTP_BACKEND (object);
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);
  const char *base_url;

  switch (prop_id)
    {
    case PROP_BASE_URL:
      base_url = g_value_get_string (value);
      if (base_url == NULL || *base_url == '\0')
        base_url = SY_HTTP_BACKEND_GET_CLASS (self)->default_base_url;
      if (g_strcmp0 (priv->base_url, base_url) != 0)
        {
          g_free (priv->base_url);
          priv->base_url = g_strdup (base_url);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_CONNECT_TIMEOUT:
      set_timeout (&priv->connect_timeout, object, value, pspec);
      break;

    case PROP_IDLE_TIMEOUT:
      set_timeout (&priv->idle_timeout, object, value, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_http_backend_class_init (SyHttpBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sy_http_backend_constructed;
  object_class->finalize = sy_http_backend_finalize;
  object_class->get_property = sy_http_backend_get_property;
  object_class->set_property = sy_http_backend_set_property;

  g_object_class_override_property (object_class, PROP_BASE_URL, "base-url");
  g_object_class_override_property (object_class, PROP_CONNECT_TIMEOUT, "connect-timeout");
  g_object_class_override_property (object_class, PROP_IDLE_TIMEOUT, "idle-timeout");
}

static void
sy_http_backend_init (SyHttpBackend *self)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  priv->session = sy_http_session_new ();
  priv->connect_timeout = SY_BACKEND_DEFAULT_CONNECT_TIMEOUT_MS;
  priv->idle_timeout = SY_BACKEND_DEFAULT_IDLE_TIMEOUT_MS;
}

/* For the subclasses */

void
sy_http_backend_class_set_protocol (SyHttpBackendClass *klass,
                                    SyBackendFlavor     flavor,
                                    const char         *default_base_url,
                                    const char         *models_path,
                                    const char         *chat_path,
                                    const char         *chat_media_type)
{
  klass->flavor = flavor;
  klass->default_base_url = default_base_url;
  klass->models_path = models_path;
  klass->chat_path = chat_path;
  klass->chat_media_type = chat_media_type;
}

SoupSession *
sy_http_backend_get_session (SyHttpBackend *self)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  return priv->session;
}

void
sy_http_backend_set_secret (SyHttpBackend *self,
                            const char    *secret)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  wipe_secret (&priv->secret);
  priv->secret = g_strdup (secret);
}

gboolean
sy_http_backend_has_secret (SyHttpBackend *self)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  return priv->secret != NULL && *priv->secret != '\0';
}

void
sy_http_backend_fill_context (SyHttpBackend *self,
                              const char    *model,
                              SyHttpContext *context)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);

  context->flavor = SY_HTTP_BACKEND_GET_CLASS (self)->flavor;
  context->base_url = priv->base_url;
  context->model = model;
  context->secret = priv->secret;
  context->connect_timeout_ms = priv->connect_timeout;
  context->idle_timeout_ms = priv->idle_timeout;
}

SoupMessage *
sy_http_backend_new_message (SyHttpBackend  *self,
                             const char     *method,
                             const char     *path,
                             JsonBuilder    *body,
                             GError        **error)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);
  SoupMessage *message = sy_http_message_new_json (method, priv->base_url, path, body, error);

  if (message != NULL && sy_http_backend_has_secret (self))
    {
      g_autofree char *value = g_strconcat ("Bearer ", priv->secret, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "Authorization", value);
    }

  return message;
}

void
sy_http_backend_request_json_async (SyHttpBackend       *self,
                                    const char          *method,
                                    const char          *path,
                                    JsonBuilder         *body,
                                    const char          *model,
                                    SyHttpReplyFunc      reply_func,
                                    gpointer             reply_data,
                                    GDestroyNotify       result_free,
                                    gpointer             source_tag,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  SyHttpBackendPrivate *priv = sy_http_backend_get_instance_private (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  JsonRequest *request;
  SyHttpContext context;

  g_task_set_source_tag (task, source_tag);

  request = g_new0 (JsonRequest, 1);
  request->reply_func = reply_func;
  request->reply_data = reply_data;
  request->result_free = result_free;
  g_task_set_task_data (task, request, g_free);

  message = sy_http_backend_new_message (self, method, path, body, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sy_http_backend_fill_context (self, model, &context);
  sy_http_json_async (priv->session, message, &context, cancellable,
                      on_json_done_cb, g_steal_pointer (&task));
}

gpointer
sy_http_backend_request_json_finish (SyHttpBackend  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
