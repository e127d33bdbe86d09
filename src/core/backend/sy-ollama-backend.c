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
  SyHttpBackend parent_instance;
};

struct _SyOllamaBackendClass
{
  SyHttpBackendClass parent_class;
};

G_DEFINE_FINAL_TYPE (SyOllamaBackend, sy_ollama_backend, SY_TYPE_HTTP_BACKEND)

typedef struct
{
  SyPullProgressFunc  progress;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;
  SyHttpContext      *context;
  GCancellable       *cancellable;
  SyNdjsonParser     *parser;
  gboolean            done;            /* the server said "success" */
} PullCall;

/* Auxiliary functions */

static void
pull_call_free (PullCall *call)
{
  if (call->progress_destroy != NULL)
    call->progress_destroy (call->progress_data);

  g_clear_pointer (&call->parser, sy_ndjson_parser_free);
  g_clear_pointer (&call->context, sy_http_context_free);
  g_clear_object (&call->cancellable);
  g_free (call);
}

/* One line as JSON, or NULL with a PROTOCOL error. */
static SyNdjsonItem *
read_line (SyNdjsonParser       *parser,
           const SyHttpContext  *context,
           guint                 line,
           const char           *text,
           gsize                 len,
           GError              **error)
{
  SyNdjsonItem *item = sy_ndjson_parser_parse_line (parser, line, text, len);

  if (item->error != NULL)
    {
      g_propagate_error (error, sy_backend_error_malformed (context, item->error->message));
      sy_ndjson_item_free (item);
      return NULL;
    }

  return item;
}

/* A last line without its newline, after which the server hung up, is
 * a cut-off reply rather than a malformed one: the caller says so. */
static gboolean
finish_lines (SyNdjsonParser    *parser,
              SyNdjsonLineFunc   line_func,
              gpointer           user_data,
              const gboolean    *done,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (sy_ndjson_parser_finish_func (parser, line_func, user_data, &local_error))
    return TRUE;

  if (*done || !g_error_matches (local_error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static GError *
error_from_pull_line (PullCall *call,
                      JsonNode *error_node)
{
  const char *text = JSON_NODE_HOLDS_VALUE (error_node) ? json_node_get_string (error_node) : NULL;
  GError *error;

  /* A pull of a name the registry does not know fails inside the stream. */
  if (text != NULL &&
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

static gboolean
on_pull_line_cb (SyNdjsonParser  *parser,
                 guint            line,
                 const char      *text,
                 gsize            len,
                 gpointer         user_data,
                 GError         **error)
{
  PullCall *call = user_data;
  g_autoptr(SyNdjsonItem) item = NULL;
  JsonNode *error_node;
  const char *status;

  /* After Stop nothing more is shown, even what came in the same read. */
  if (g_cancellable_is_cancelled (call->cancellable))
    return TRUE;

  if (!(item = read_line (parser, call->context, line, text, len, error)))
    return FALSE;

  error_node = json_object_get_member (item->object, "error");
  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    {
      g_propagate_error (error, error_from_pull_line (call, error_node));
      return FALSE;
    }

  status = json_object_get_string_member_with_default (item->object, "status", "");
  call->progress (status,
                  json_object_get_string_member_with_default (item->object, "digest", NULL),
                  MAX (sy_json_get_int (item->object, "completed", NULL), 0),
                  MAX (sy_json_get_int (item->object, "total", NULL), 0),
                  call->progress_data);

  if (g_str_equal (status, "success"))
    call->done = TRUE;

  return TRUE;
}

static gboolean
on_pull_chunk_cb (const char  *data,
                  gsize        len,
                  gpointer     user_data,
                  GError     **error)
{
  PullCall *call = user_data;

  return sy_ndjson_parser_feed_func (call->parser, data, len, on_pull_line_cb, call, error);
}

static void
on_pull_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PullCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!sy_http_stream_finish (result, &error) ||
      !finish_lines (call->parser, on_pull_line_cb, call, &call->done, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!call->done)
    g_task_return_error (task, sy_backend_error_cut_off (call->context, NULL));
  else
    g_task_return_boolean (task, TRUE);
}

static gpointer
read_running_models (JsonNode  *root,
                     gpointer   user_data,
                     GError   **error)
{
  return sy_ollama_parse_model_list (root, TRUE, error);
}

static gpointer
read_show (JsonNode  *root,
           gpointer   user_data,
           GError   **error)
{
  return sy_ollama_parse_show (root);
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

/* SyHttpBackend */

static GPtrArray *
sy_ollama_backend_parse_models (JsonNode  *root,
                                GError   **error)
{
  return sy_ollama_parse_model_list (root, FALSE, error);
}

static void
sy_ollama_backend_add_chat_options (SyChatStream *stream,
                                    JsonBuilder  *builder)
{
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_double_value (builder, sy_chat_stream_get_temperature (stream));
  json_builder_set_member_name (builder, "num_predict");
  json_builder_add_int_value (builder, sy_chat_stream_get_max_tokens (stream));
  json_builder_end_object (builder);
}

static gpointer
sy_ollama_backend_new_chat_decoder (void)
{
  return sy_ndjson_parser_new ();
}

static gboolean
on_chat_line_cb (SyNdjsonParser  *parser,
                 guint            line,
                 const char      *text,
                 gsize            len,
                 gpointer         user_data,
                 GError         **error)
{
  SyChatCall *call = user_data;
  g_autoptr(SyNdjsonItem) item = NULL;
  SyChatChunk chunk = { 0 };

  /* After Stop nothing more is shown, even what came in the same read. */
  if (g_cancellable_is_cancelled (call->cancellable))
    return TRUE;

  /* A line of the usual shape is read without json-glib; valid UTF-8
   * (which also rules out NUL) is what the fast path expects. */
  if (text == NULL || !g_utf8_validate_len (text, len, NULL) ||
      !sy_ollama_decode_line_fast (text, len, &chunk))
    {
      if (!(item = read_line (parser, call->context, line, text, len, error)) ||
          !sy_ollama_decode_line (call->context, item->object, &chunk, error))
        return FALSE;
    }

  sy_chat_call_take_chunk (call, &chunk);

  return TRUE;
}

static gboolean
sy_ollama_backend_decode_chat (SyChatCall  *call,
                               const char  *data,
                               gsize        len,
                               GError     **error)
{
  return sy_ndjson_parser_feed_func (call->decoder, data, len, on_chat_line_cb, call, error);
}

static gboolean
sy_ollama_backend_finish_chat (SyChatCall  *call,
                               GError     **error)
{
  return finish_lines (call->decoder, on_chat_line_cb, call, &call->done, error);
}

static void
sy_ollama_backend_class_init (SyOllamaBackendClass *klass)
{
  SyHttpBackendClass *http_class = SY_HTTP_BACKEND_CLASS (klass);

  sy_http_backend_class_set_protocol (http_class, SY_BACKEND_FLAVOR_OLLAMA, SY_OLLAMA_DEFAULT_BASE_URL,
                                      "/api/tags", "/api/chat", "application/x-ndjson");
  http_class->parse_models = sy_ollama_backend_parse_models;
  http_class->add_chat_options = sy_ollama_backend_add_chat_options;
  http_class->new_chat_decoder = sy_ollama_backend_new_chat_decoder;
  http_class->free_chat_decoder = (GDestroyNotify) sy_ndjson_parser_free;
  http_class->decode_chat = sy_ollama_backend_decode_chat;
  http_class->finish_chat = sy_ollama_backend_finish_chat;
}

static void
sy_ollama_backend_init (SyOllamaBackend *self)
{
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

  sy_http_backend_request_json_async (SY_HTTP_BACKEND (self), SOUP_METHOD_GET, "/api/ps", NULL, NULL,
                                      read_running_models, NULL, (GDestroyNotify) g_ptr_array_unref,
                                      sy_ollama_backend_list_running_async,
                                      cancellable, callback, user_data);
}

GPtrArray *
sy_ollama_backend_list_running_finish (SyOllamaBackend  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (SY_IS_OLLAMA_BACKEND (self), NULL);

  return sy_http_backend_request_json_finish (SY_HTTP_BACKEND (self), result, error);
}

void
sy_ollama_backend_show_async (SyOllamaBackend     *self,
                              const char          *model,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (SY_IS_OLLAMA_BACKEND (self));
  g_return_if_fail (model != NULL);

  builder = model_request (model, FALSE);
  sy_http_backend_request_json_async (SY_HTTP_BACKEND (self), SOUP_METHOD_POST, "/api/show", builder, model,
                                      read_show, NULL, (GDestroyNotify) sy_model_details_free,
                                      sy_ollama_backend_show_async,
                                      cancellable, callback, user_data);
}

SyModelDetails *
sy_ollama_backend_show_finish (SyOllamaBackend  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (SY_IS_OLLAMA_BACKEND (self), NULL);

  return sy_http_backend_request_json_finish (SY_HTTP_BACKEND (self), result, error);
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
  SyHttpContext context;
  PullCall *call;

  g_return_if_fail (SY_IS_OLLAMA_BACKEND (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (progress != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_ollama_backend_pull_async);

  call = g_new0 (PullCall, 1);
  call->progress = progress;
  call->progress_data = progress_data;
  call->progress_destroy = progress_destroy;
  sy_http_backend_fill_context (SY_HTTP_BACKEND (self), model, &context);
  call->context = sy_http_context_dup (&context);
  call->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  call->parser = sy_ndjson_parser_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) pull_call_free);

  builder = model_request (model, TRUE);
  message = sy_http_backend_new_message (SY_HTTP_BACKEND (self), SOUP_METHOD_POST, "/api/pull", builder, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sy_http_stream_async (sy_http_backend_get_session (SY_HTTP_BACKEND (self)), message, call->context,
                        on_pull_chunk_cb, call, cancellable, on_pull_done_cb, g_steal_pointer (&task));
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
  JsonNode *message = json_object_get_member (object, "message");

  if (!sy_backend_decode_chunk_start (context, object, chunk, error))
    return FALSE;

  if (message != NULL && JSON_NODE_HOLDS_OBJECT (message))
    {
      const char *content = json_object_get_string_member_with_default (json_node_get_object (message),
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
