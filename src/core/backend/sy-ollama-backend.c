/* sy-ollama-backend.c: Ollama's native API
 *
 * /api/chat and /api/pull stream newline-delimited JSON; the last chat
 * line ("done": true) carries the server's own counts and timings in
 * nanoseconds, so tokens/s here is measured by Ollama, not guessed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-backend-private.h"
#include "sy-ndjson-parser.h"
#include "sy-ollama-backend.h"

struct _SyOllamaBackend
{
  GObject      parent_instance;

  SoupSession       *session;
  SyBackendSettings  settings;
};

static void backend_iface_init (SyBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SyOllamaBackend, sy_ollama_backend, G_TYPE_OBJECT,
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
  SyChatStream       *stream;          /* chat only */
  SyPullProgressFunc  progress;        /* pull only */
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;
  SyHttpContext      *context;
  GCancellable       *cancellable;
  SyNdjsonParser     *parser;
  char               *reported_model;
  char               *finish_reason;
  gint64              start_us;
  gint64              first_token_us;
  gint64              prompt_eval_count;
  gint64              eval_count;
  gint64              eval_duration;
  gint64              load_duration;
  gint64              total_duration;
  gboolean            has_prompt_eval;
  gboolean            has_eval;
  gboolean            done;            /* "done": true, or pull "success" */
} StreamCall;

/* Auxiliary functions */

static void
stream_call_free (StreamCall *call)
{
  if (call->progress_destroy != NULL)
    call->progress_destroy (call->progress_data);

  g_clear_object (&call->stream);
  g_clear_pointer (&call->parser, sy_ndjson_parser_free);
  g_clear_pointer (&call->context, sy_http_context_free);
  g_clear_object (&call->cancellable);
  g_free (call->reported_model);
  g_free (call->finish_reason);
  g_free (call);
}

static void
fill_context (SyOllamaBackend *self,
              SyHttpContext   *context,
              const char      *model)
{
  sy_backend_settings_fill_context (&self->settings, SY_BACKEND_FLAVOR_OLLAMA, model, NULL, context);
}

static StreamCall *
stream_call_new (SyOllamaBackend *self,
                 const char      *model,
                 GCancellable    *cancellable)
{
  StreamCall *call = g_new0 (StreamCall, 1);
  SyHttpContext context;

  fill_context (self, &context, model);
  call->context = sy_http_context_dup (&context);
  call->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  call->parser = sy_ndjson_parser_new ();
  call->start_us = g_get_monotonic_time ();

  return call;
}

static GError *
error_from_line (StreamCall *call,
                 JsonNode   *error_node)
{
  const char *text = JSON_NODE_HOLDS_VALUE (error_node) ? json_node_get_string (error_node) : NULL;
  GError *error;

  /* A pull of a name the registry does not know fails inside the stream. */
  if (call->progress != NULL && text != NULL &&
      (strstr (text, "file does not exist") != NULL || strstr (text, "not found") != NULL))
    {
      g_autofree char *url = sy_backend_display_url (call->context->base_url);

      error = sy_backend_error_new (SY_BACKEND_ERROR_MODEL_NOT_FOUND,
                                    _("Check the name on ollama.com/library."),
                                    _("The model “%s” could not be pulled through %s: %s"),
                                    call->context->model, url, text);
      sy_backend_error_set_details (error, 0, -1, call->context->model);
      return error;
    }

  return sy_backend_error_from_stream (call->context, error_node);
}

static void
apply_chat_chunk (StreamCall  *call,
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

  if (chunk->done)
    {
      call->done = TRUE;
      g_free (call->finish_reason);
      call->finish_reason = g_steal_pointer (&chunk->finish_reason);
      call->prompt_eval_count = chunk->prompt_tokens;
      call->has_prompt_eval = chunk->has_prompt_tokens;
      call->eval_count = chunk->completion_tokens;
      call->has_eval = chunk->has_completion_tokens;
      call->eval_duration = chunk->eval_duration_ns;
      call->load_duration = chunk->load_duration_ns;
      call->total_duration = chunk->total_duration_ns;
    }
}

static gboolean
handle_chat_object (StreamCall  *call,
                    JsonObject  *object,
                    GError     **error)
{
  SyChatChunk chunk = { 0 };

  if (!sy_ollama_decode_line (call->context, object, &chunk, error))
    return FALSE;

  apply_chat_chunk (call, &chunk);
  sy_chat_chunk_clear (&chunk);

  return TRUE;
}

static void
handle_pull_object (StreamCall *call,
                    JsonObject *object)
{
  const char *status = json_object_get_string_member_with_default (object, "status", "");

  call->progress (status,
                  json_object_get_string_member_with_default (object, "digest", NULL),
                  MAX (sy_json_get_int (object, "completed", NULL), 0),
                  MAX (sy_json_get_int (object, "total", NULL), 0),
                  call->progress_data);

  if (g_str_equal (status, "success"))
    call->done = TRUE;
}

static gboolean
handle_item (StreamCall    *call,
             SyNdjsonItem  *item,
             GError       **error)
{
  JsonNode *error_node;

  if (item->error != NULL)
    {
      g_autofree char *url = sy_backend_display_url (call->context->base_url);

      g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                   _("The server at %s sent a malformed reply: %s"),
                   url, item->error->message);
      return FALSE;
    }

  /* The chat decoder reports an error line itself. */
  if (call->stream != NULL)
    return handle_chat_object (call, item->object, error);

  error_node = json_object_get_member (item->object, "error");
  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    {
      g_propagate_error (error, error_from_line (call, error_node));
      return FALSE;
    }

  handle_pull_object (call, item->object);

  return TRUE;
}

static gboolean
on_line_cb (SyNdjsonParser  *parser,
            guint            line,
            const char      *text,
            gsize            len,
            gpointer         user_data,
            GError         **error)
{
  StreamCall *call = user_data;
  g_autoptr(SyNdjsonItem) item = NULL;

  /* After Stop nothing more is shown, even what came in the same read. */
  if (g_cancellable_is_cancelled (call->cancellable))
    return TRUE;

  /* A chat line of the usual shape is read without json-glib; valid
   * UTF-8 (which also rules out NUL) is what the fast path expects. */
  if (call->stream != NULL && text != NULL && g_utf8_validate_len (text, len, NULL))
    {
      SyChatChunk chunk = { 0 };

      if (sy_ollama_decode_line_fast (text, len, &chunk))
        {
          apply_chat_chunk (call, &chunk);
          sy_chat_chunk_clear (&chunk);
          return TRUE;
        }
    }

  item = sy_ndjson_parser_parse_line (parser, line, text, len);

  return handle_item (call, item, error);
}

static gboolean
on_stream_chunk_cb (const char  *data,
                    gsize        len,
                    gpointer     user_data,
                    GError     **error)
{
  StreamCall *call = user_data;

  if (!sy_ndjson_parser_feed_func (call->parser, data, len, on_line_cb, call, error))
    return FALSE;

  if (call->stream != NULL && sy_chat_stream_get_length (call->stream) > SY_BACKEND_MAX_REPLY_BYTES)
    {
      g_propagate_error (error, sy_backend_error_too_long (call->context, sy_chat_stream_get_text (call->stream)));
      return FALSE;
    }

  return TRUE;
}

static SyChatResult *
build_result (StreamCall *call)
{
  SyChatResult *result = g_new0 (SyChatResult, 1);
  gint64 end_us = g_get_monotonic_time ();

  result->text = g_strdup (sy_chat_stream_get_text (call->stream));
  result->model = g_strdup (call->reported_model ? call->reported_model : call->context->model);
  result->finish_reason = g_strdup (call->finish_reason);
  result->total_time = (end_us - call->start_us) / (double) G_USEC_PER_SEC;
  result->time_to_first_token = call->first_token_us != 0
    ? (call->first_token_us - call->start_us) / (double) G_USEC_PER_SEC
    : -1.0;
  result->load_duration_ns = call->load_duration;
  result->eval_duration_ns = call->eval_duration;
  result->total_duration_ns = call->total_duration;

  result->prompt_tokens = call->has_prompt_eval
    ? call->prompt_eval_count
    : sy_chat_stream_estimate_prompt_tokens (call->stream);
  result->completion_tokens = call->has_eval
    ? call->eval_count
    : sy_backend_estimate_tokens (result->text);
  result->usage_estimated = !call->has_prompt_eval || !call->has_eval;

  if (call->has_eval && call->eval_duration > 0)
    result->tokens_per_second = call->eval_count / (call->eval_duration / 1e9);
  else if (call->first_token_us != 0 && end_us > call->first_token_us)
    result->tokens_per_second = result->completion_tokens /
                                ((end_us - call->first_token_us) / (double) G_USEC_PER_SEC);

  return result;
}

static gboolean
finish_stream (StreamCall    *call,
               GAsyncResult  *result,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!sy_http_stream_finish (result, error))
    return FALSE;

  /* A last line without its newline, after which the server hung up, is
   * a cut-off reply rather than a malformed one. */
  if (!sy_ndjson_parser_finish_func (call->parser, on_line_cb, call, &local_error))
    {
      if (call->done || !g_error_matches (local_error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!call->done)
    {
      g_propagate_error (error, sy_backend_error_cut_off (call->context,
                                                          call->stream ? sy_chat_stream_get_text (call->stream) : NULL));
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
  StreamCall *call = g_task_get_task_data (task);
  g_autoptr(SyChatResult) chat_result = NULL;
  g_autoptr(GError) error = NULL;

  if (!finish_stream (call, result, &error))
    {
      if (sy_backend_error_get_partial_text (error) == NULL)
        sy_backend_error_set_partial_text (error, sy_chat_stream_get_text (call->stream));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  chat_result = build_result (call);
  sy_chat_stream_set_result (call->stream, chat_result);
  g_task_return_pointer (task, g_steal_pointer (&chat_result), (GDestroyNotify) sy_chat_result_free);
}

static void
on_pull_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StreamCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!finish_stream (call, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_models_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *models;

  root = sy_http_json_finish (result, &error);
  if (root == NULL ||
      !(models = sy_ollama_parse_model_list (root, GPOINTER_TO_INT (g_task_get_task_data (task)), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, models, (GDestroyNotify) g_ptr_array_unref);
}

static void
get_model_list (SyOllamaBackend     *self,
                const char          *path,
                gboolean             loaded,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SyHttpContext context;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (loaded), NULL);

  message = sy_http_message_new_json (SOUP_METHOD_GET, self->settings.base_url, path, NULL, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fill_context (self, &context, NULL);
  sy_http_json_async (self->session, message, &context, cancellable,
                      on_models_done_cb, g_steal_pointer (&task));
}

/* Old Ollama versions read "name", current ones "model": send both. */
static JsonBuilder *
model_request (const char *model,
               gboolean    stream)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, model);
  if (stream)
    {
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  return builder;
}

static void
on_show_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = sy_http_json_finish (result, &error);
  if (root == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sy_ollama_parse_show (root), (GDestroyNotify) sy_model_details_free);
}

/* SyBackend */

static void
sy_ollama_backend_list_models_async (SyBackend           *backend,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  get_model_list (SY_OLLAMA_BACKEND (backend), "/api/tags", FALSE,
                  sy_ollama_backend_list_models_async, cancellable, callback, user_data);
}

static void
sy_ollama_backend_stream_chat_async (SyBackend           *backend,
                                     SyChatStream        *stream,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  SyOllamaBackend *self = SY_OLLAMA_BACKEND (backend);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  StreamCall *call;

  g_task_set_source_tag (task, sy_ollama_backend_stream_chat_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, sy_chat_stream_get_model (stream));
  sy_chat_stream_add_messages_json (stream, builder);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_double_value (builder, sy_chat_stream_get_temperature (stream));
  json_builder_set_member_name (builder, "num_predict");
  json_builder_add_int_value (builder, sy_chat_stream_get_max_tokens (stream));
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  message = sy_http_message_new_json (SOUP_METHOD_POST, self->settings.base_url, "/api/chat", builder, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/x-ndjson");

  call = stream_call_new (self, sy_chat_stream_get_model (stream), cancellable);
  call->stream = g_object_ref (stream);
  g_task_set_task_data (task, call, (GDestroyNotify) stream_call_free);

  sy_chat_stream_begin (stream);

  sy_http_stream_async (self->session, message, call->context, on_stream_chunk_cb, call,
                        cancellable, on_chat_done_cb, g_steal_pointer (&task));
}

static void
backend_iface_init (SyBackendInterface *iface)
{
  iface->list_models_async = sy_ollama_backend_list_models_async;
  iface->stream_chat_async = sy_ollama_backend_stream_chat_async;
}

/* Overrides */

static void
sy_ollama_backend_finalize (GObject *object)
{
  SyOllamaBackend *self = SY_OLLAMA_BACKEND (object);

  g_clear_object (&self->session);
  sy_backend_settings_clear (&self->settings);

  G_OBJECT_CLASS (sy_ollama_backend_parent_class)->finalize (object);
}

static void
sy_ollama_backend_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SyOllamaBackend *self = SY_OLLAMA_BACKEND (object);

  if (!sy_backend_settings_get_property (&self->settings, prop_id - PROP_BASE_URL, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sy_ollama_backend_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SyOllamaBackend *self = SY_OLLAMA_BACKEND (object);

  if (!sy_backend_settings_set_property (&self->settings, object, prop_id - PROP_BASE_URL,
                                         value, pspec))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sy_ollama_backend_class_init (SyOllamaBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_ollama_backend_finalize;
  object_class->get_property = sy_ollama_backend_get_property;
  object_class->set_property = sy_ollama_backend_set_property;

  sy_backend_install_properties (object_class, PROP_BASE_URL);
}

static void
sy_ollama_backend_init (SyOllamaBackend *self)
{
  sy_backend_settings_init (&self->settings, SY_OLLAMA_DEFAULT_BASE_URL);
  self->session = sy_http_session_new ();
}

/* Public API */

SyOllamaBackend *
sy_ollama_backend_new (const char *base_url)
{
  return g_object_new (SY_TYPE_OLLAMA_BACKEND, "base-url", base_url, NULL);
}

void
sy_ollama_backend_list_running_async (SyOllamaBackend     *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (SY_IS_OLLAMA_BACKEND (self));

  get_model_list (self, "/api/ps", TRUE, sy_ollama_backend_list_running_async,
                  cancellable, callback, user_data);
}

GPtrArray *
sy_ollama_backend_list_running_finish (SyOllamaBackend  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (SY_IS_OLLAMA_BACKEND (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sy_ollama_backend_show_async (SyOllamaBackend     *self,
                              const char          *model,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  SyHttpContext context;

  g_return_if_fail (SY_IS_OLLAMA_BACKEND (self));
  g_return_if_fail (model != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_ollama_backend_show_async);

  builder = model_request (model, FALSE);
  message = sy_http_message_new_json (SOUP_METHOD_POST, self->settings.base_url, "/api/show", builder, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fill_context (self, &context, model);
  sy_http_json_async (self->session, message, &context, cancellable,
                      on_show_done_cb, g_steal_pointer (&task));
}

SyModelDetails *
sy_ollama_backend_show_finish (SyOllamaBackend  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SY_IS_OLLAMA_BACKEND (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sy_ollama_backend_pull_async (SyOllamaBackend     *self,
                              const char          *model,
                              SyPullProgressFunc   progress,
                              gpointer             progress_data,
                              GDestroyNotify       progress_destroy,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  StreamCall *call;

  g_return_if_fail (SY_IS_OLLAMA_BACKEND (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (progress != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_ollama_backend_pull_async);

  call = stream_call_new (self, model, cancellable);
  call->progress = progress;
  call->progress_data = progress_data;
  call->progress_destroy = progress_destroy;
  g_task_set_task_data (task, call, (GDestroyNotify) stream_call_free);

  builder = model_request (model, TRUE);
  message = sy_http_message_new_json (SOUP_METHOD_POST, self->settings.base_url, "/api/pull", builder, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sy_http_stream_async (self->session, message, call->context, on_stream_chunk_cb, call,
                        cancellable, on_pull_done_cb, g_steal_pointer (&task));
}

gboolean
sy_ollama_backend_pull_finish (SyOllamaBackend  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SY_IS_OLLAMA_BACKEND (self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sy_ollama_decode_line (const SyHttpContext  *context,
                       JsonObject           *object,
                       SyChatChunk          *chunk,
                       GError              **error)
{
  JsonNode *node;

  if (!sy_backend_decode_chunk_start (context, object, chunk, error))
    return FALSE;

  node = json_object_get_member (object, "message");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *content = json_object_get_string_member_with_default (json_node_get_object (node),
                                                                        "content", NULL);

      if (content != NULL && *content != '\0')
        chunk->delta = g_strdup (content);
    }

  if (json_object_get_boolean_member_with_default (object, "done", FALSE))
    {
      chunk->done = TRUE;
      chunk->finish_reason = g_strdup (json_object_get_string_member_with_default (object, "done_reason", "stop"));
      chunk->prompt_tokens = sy_json_get_int (object, "prompt_eval_count", &chunk->has_prompt_tokens);
      chunk->completion_tokens = sy_json_get_int (object, "eval_count", &chunk->has_completion_tokens);
      chunk->eval_duration_ns = sy_json_get_int (object, "eval_duration", NULL);
      chunk->load_duration_ns = sy_json_get_int (object, "load_duration", NULL);
      chunk->total_duration_ns = sy_json_get_int (object, "total_duration", NULL);
    }

  return TRUE;
}
