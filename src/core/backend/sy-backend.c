/* sy-backend.c: the interface every chat backend implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <string.h>

#include <glib/gi18n.h>

#include "sy-backend-private.h"

G_DEFINE_INTERFACE (SyBackend, sy_backend, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SyInstalledModel, sy_installed_model, sy_installed_model_copy, sy_installed_model_free)
G_DEFINE_BOXED_TYPE (SyModelDetails, sy_model_details, sy_model_details_copy, sy_model_details_free)
G_DEFINE_BOXED_TYPE (SyChatResult, sy_chat_result, sy_chat_result_copy, sy_chat_result_free)

/* Error domain ------------------------------------------------------------ */

typedef struct
{
  char   *suggestion;
  char   *partial_text;
  char   *model;
  gint64  retry_after;
  guint   http_status;
} SyBackendErrorPrivate;

static void
sy_backend_error_private_init (SyBackendErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
sy_backend_error_private_copy (const SyBackendErrorPrivate *src,
                               SyBackendErrorPrivate       *dest)
{
  dest->suggestion = g_strdup (src->suggestion);
  dest->partial_text = g_strdup (src->partial_text);
  dest->model = g_strdup (src->model);
  dest->retry_after = src->retry_after;
  dest->http_status = src->http_status;
}

static void
sy_backend_error_private_clear (SyBackendErrorPrivate *priv)
{
  g_clear_pointer (&priv->suggestion, g_free);
  g_clear_pointer (&priv->partial_text, g_free);
  g_clear_pointer (&priv->model, g_free);
}

G_DEFINE_EXTENDED_ERROR (SyBackendError, sy_backend_error)

static SyBackendErrorPrivate *
get_error_private (const GError *error)
{
  if (error == NULL || error->domain != SY_BACKEND_ERROR)
    return NULL;

  return sy_backend_error_get_private (error);
}

const char *
sy_backend_error_get_suggestion (const GError *error)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  return priv ? priv->suggestion : NULL;
}

gint64
sy_backend_error_get_retry_after (const GError *error)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  return priv ? priv->retry_after : -1;
}

const char *
sy_backend_error_get_partial_text (const GError *error)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  return priv ? priv->partial_text : NULL;
}

const char *
sy_backend_error_get_model (const GError *error)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  return priv ? priv->model : NULL;
}

guint
sy_backend_error_get_http_status (const GError *error)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  return priv ? priv->http_status : 0;
}

GError *
sy_backend_error_new (SyBackendError  code,
                      const char     *suggestion,
                      const char     *format,
                      ...)
{
  g_autofree char *message = NULL;
  GError *error;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  error = g_error_new_literal (SY_BACKEND_ERROR, code, message);
  sy_backend_error_get_private (error)->suggestion = g_strdup (suggestion);

  return error;
}

void
sy_backend_error_set_partial_text (GError     *error,
                                   const char *text)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  if (priv == NULL)
    return;

  g_free (priv->partial_text);
  priv->partial_text = g_strdup (text);
}

void
sy_backend_error_set_details (GError     *error,
                              guint       http_status,
                              gint64      retry_after,
                              const char *model)
{
  SyBackendErrorPrivate *priv = get_error_private (error);

  if (priv == NULL)
    return;

  priv->http_status = http_status;
  priv->retry_after = retry_after;
  g_free (priv->model);
  priv->model = g_strdup (model);
}

char *
sy_backend_display_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return g_strdup ("");

  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    return g_strdup (url);

  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY |
                                       G_URI_HIDE_FRAGMENT);
}

gboolean
sy_backend_url_is_this_machine (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED, NULL)) == NULL ||
      (host = g_uri_get_host (uri)) == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost") ||
      g_ascii_strcasecmp (host, g_get_host_name ()) == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);

  return address != NULL && (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_any (address));
}

char *
sy_backend_redact (const char *text,
                   const char *secret)
{
  GString *out;
  const char *p;
  const char *hit;
  gsize secret_len;

  if (text == NULL)
    return NULL;
  /* A very short "secret" would blank out ordinary words. */
  if (secret == NULL || (secret_len = strlen (secret)) < 4)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (p = text; (hit = strstr (p, secret)) != NULL; p = hit + secret_len)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "[redacted]");
    }
  g_string_append (out, p);

  return g_string_free (out, FALSE);
}

char *
sy_backend_parse_error_body (const char  *body,
                             gsize        len,
                             char       **code)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;
  JsonNode *error_node;

  if (code != NULL)
    *code = NULL;

  if (body == NULL || len == 0 ||
      !g_utf8_validate_len (body, len, NULL) ||
      !json_parser_load_from_data (parser, body, len, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  error_node = json_object_get_member (object, "error");

  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    {
      JsonObject *error_object = json_node_get_object (error_node);
      const char *message = json_object_get_string_member_with_default (error_object, "message", NULL);

      if (code != NULL)
        {
          JsonNode *code_node = json_object_get_member (error_object, "code");

          if (code_node != NULL && json_node_get_value_type (code_node) == G_TYPE_STRING)
            *code = g_strdup (json_node_get_string (code_node));
        }

      return g_strdup (message);
    }

  if (error_node != NULL && json_node_get_value_type (error_node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (error_node));

  /* Some servers (vLLM, FastAPI defaults) say {"message": …} or {"detail": …}. */
  if (json_object_get_string_member_with_default (object, "message", NULL) != NULL)
    return g_strdup (json_object_get_string_member (object, "message"));
  if (json_object_get_string_member_with_default (object, "detail", NULL) != NULL)
    return g_strdup (json_object_get_string_member (object, "detail"));

  return NULL;
}

/* Model information ------------------------------------------------------ */

SyInstalledModel *
sy_installed_model_new (const char *name)
{
  SyInstalledModel *info = g_new0 (SyInstalledModel, 1);

  info->name = g_strdup (name);

  return info;
}

SyInstalledModel *
sy_installed_model_copy (const SyInstalledModel *info)
{
  SyInstalledModel *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->name = g_strdup (info->name);
  copy->parameter_size = g_strdup (info->parameter_size);
  copy->quantization = g_strdup (info->quantization);
  copy->family = g_strdup (info->family);
  copy->owned_by = g_strdup (info->owned_by);

  return copy;
}

void
sy_installed_model_free (SyInstalledModel *info)
{
  if (info == NULL)
    return;

  g_free (info->name);
  g_free (info->parameter_size);
  g_free (info->quantization);
  g_free (info->family);
  g_free (info->owned_by);
  g_free (info);
}

gboolean
sy_installed_model_is_partly_on_cpu (const SyInstalledModel *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return info->loaded && info->size > 0 && info->size_vram < info->size;
}

double
sy_installed_model_get_gpu_fraction (const SyInstalledModel *info)
{
  g_return_val_if_fail (info != NULL, 0.0);

  if (!info->loaded || info->size == 0)
    return 0.0;

  return MIN (1.0, (double) info->size_vram / (double) info->size);
}

SyModelDetails *
sy_model_details_copy (const SyModelDetails *details)
{
  SyModelDetails *copy;

  g_return_val_if_fail (details != NULL, NULL);

  copy = g_memdup2 (details, sizeof *details);
  copy->architecture = g_strdup (details->architecture);
  copy->parameter_size = g_strdup (details->parameter_size);
  copy->quantization = g_strdup (details->quantization);

  return copy;
}

void
sy_model_details_free (SyModelDetails *details)
{
  if (details == NULL)
    return;

  g_free (details->architecture);
  g_free (details->parameter_size);
  g_free (details->quantization);
  g_free (details);
}

/* Ollama replies ------------------------------------------------------- */

gint64
sy_json_get_int (JsonObject *object,
                 const char *member,
                 gboolean   *found)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type = node ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double value;

  if (found != NULL)
    *found = FALSE;

  if (type == G_TYPE_INT64)
    {
      if (found != NULL)
        *found = TRUE;
      return json_node_get_int (node);
    }

  if (type != G_TYPE_DOUBLE)
    return 0;

  /* A server's 1e300 must not reach a cast to gint64 (undefined behaviour,
   * found by fuzz/fuzz-ollama-reply): such a figure counts as missing. */
  value = json_node_get_double (node);
  if (!isfinite (value) || value >= 9.2e18 || value <= -9.2e18)
    return 0;

  if (found != NULL)
    *found = TRUE;
  return (gint64) value;
}

GPtrArray *
sy_ollama_parse_model_list (JsonNode  *root,
                            gboolean   loaded,
                            GError   **error)
{
  g_autoptr(GPtrArray) models = NULL;
  JsonNode *list = NULL;
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (root))
    list = json_object_get_member (json_node_get_object (root), "models");

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                   _("The server’s model list has no “models” array"));
      return NULL;
    }

  array = json_node_get_array (list);
  models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_installed_model_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entry;
      JsonNode *details;
      SyInstalledModel *info;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      entry = json_node_get_object (node);
      if (json_object_get_string_member_with_default (entry, "name", NULL) == NULL)
        continue;

      info = sy_installed_model_new (json_object_get_string_member (entry, "name"));
      info->size = MAX (sy_json_get_int (entry, "size", NULL), 0);
      info->loaded = loaded;
      if (loaded)
        info->size_vram = MAX (sy_json_get_int (entry, "size_vram", NULL), 0);

      details = json_object_get_member (entry, "details");
      if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
        {
          JsonObject *d = json_node_get_object (details);

          info->parameter_size = g_strdup (json_object_get_string_member_with_default (d, "parameter_size", NULL));
          info->quantization = g_strdup (json_object_get_string_member_with_default (d, "quantization_level", NULL));
          info->family = g_strdup (json_object_get_string_member_with_default (d, "family", NULL));
        }

      g_ptr_array_add (models, info);
    }

  return g_steal_pointer (&models);
}

SyModelDetails *
sy_ollama_parse_show (JsonNode *root)
{
  SyModelDetails *details = g_new0 (SyModelDetails, 1);
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return details;

  object = json_node_get_object (root);

  node = json_object_get_member (object, "details");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *d = json_node_get_object (node);

      details->parameter_size = g_strdup (json_object_get_string_member_with_default (d, "parameter_size", NULL));
      details->quantization = g_strdup (json_object_get_string_member_with_default (d, "quantization_level", NULL));
    }

  node = json_object_get_member (object, "model_info");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *info = json_node_get_object (node);
      const char *arch = json_object_get_string_member_with_default (info, "general.architecture", NULL);

      details->parameter_count = MAX (sy_json_get_int (info, "general.parameter_count", NULL), 0);

      /* The numbers sit under the architecture's prefix: "llama.block_count". */
      if (arch != NULL)
        {
          static const struct { const char *key; gsize offset; } fields[] = {
            { "block_count", G_STRUCT_OFFSET (SyModelDetails, block_count) },
            { "context_length", G_STRUCT_OFFSET (SyModelDetails, context_length) },
            { "embedding_length", G_STRUCT_OFFSET (SyModelDetails, embedding_length) },
            { "attention.head_count", G_STRUCT_OFFSET (SyModelDetails, head_count) },
            { "attention.head_count_kv", G_STRUCT_OFFSET (SyModelDetails, head_count_kv) },
            { "attention.key_length", G_STRUCT_OFFSET (SyModelDetails, key_length) },
            { "expert_count", G_STRUCT_OFFSET (SyModelDetails, expert_count) },
            { "expert_used_count", G_STRUCT_OFFSET (SyModelDetails, expert_used_count) },
            { "attention.sliding_window", G_STRUCT_OFFSET (SyModelDetails, sliding_window) },
          };
          g_autofree char *causal_key = g_strconcat (arch, ".attention.causal", NULL);
          JsonNode *causal = json_object_get_member (info, causal_key);

          details->architecture = g_strdup (arch);
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              g_autofree char *key = g_strconcat (arch, ".", fields[i].key, NULL);
              gint64 value = sy_json_get_int (info, key, NULL);

              G_STRUCT_MEMBER (guint, details, fields[i].offset) = (guint) CLAMP (value, 0, G_MAXUINT);
            }
          details->encoder = causal != NULL && JSON_NODE_HOLDS_VALUE (causal) &&
                             json_node_get_value_type (causal) == G_TYPE_BOOLEAN &&
                             !json_node_get_boolean (causal);
        }

      if (details->head_count_kv == 0)
        details->head_count_kv = details->head_count;
      if (details->key_length == 0 && details->head_count > 0)
        details->key_length = details->embedding_length / details->head_count;
    }

  return details;
}

/* Chat result ------------------------------------------------------------ */

SyChatResult *
sy_chat_result_copy (const SyChatResult *result)
{
  SyChatResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->text = g_strdup (result->text);
  copy->model = g_strdup (result->model);
  copy->finish_reason = g_strdup (result->finish_reason);

  return copy;
}

void
sy_chat_result_free (SyChatResult *result)
{
  if (result == NULL)
    return;

  g_free (result->text);
  g_free (result->model);
  g_free (result->finish_reason);
  g_free (result);
}

gint64
sy_backend_estimate_tokens (const char *text)
{
  glong chars;

  if (text == NULL)
    return 0;

  chars = g_utf8_strlen (text, -1);

  return (chars + 3) / 4;
}

/* The interface ----------------------------------------------------------- */

static void
sy_backend_default_init (SyBackendInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_interface_install_property (iface,
    g_param_spec_uint ("connect-timeout", NULL, NULL,
                       0, G_MAXUINT, SY_BACKEND_DEFAULT_CONNECT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_interface_install_property (iface,
    g_param_spec_uint ("idle-timeout", NULL, NULL,
                       0, G_MAXUINT, SY_BACKEND_DEFAULT_IDLE_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

char *
sy_backend_dup_base_url (SyBackend *self)
{
  char *base_url = NULL;

  g_return_val_if_fail (SY_IS_BACKEND (self), NULL);

  g_object_get (self, "base-url", &base_url, NULL);

  return base_url;
}

void
sy_backend_set_base_url (SyBackend  *self,
                         const char *base_url)
{
  g_return_if_fail (SY_IS_BACKEND (self));

  g_object_set (self, "base-url", base_url, NULL);
}

guint
sy_backend_get_connect_timeout (SyBackend *self)
{
  guint timeout = 0;

  g_return_val_if_fail (SY_IS_BACKEND (self), 0);

  g_object_get (self, "connect-timeout", &timeout, NULL);

  return timeout;
}

void
sy_backend_set_connect_timeout (SyBackend *self,
                                guint      timeout_ms)
{
  g_return_if_fail (SY_IS_BACKEND (self));

  g_object_set (self, "connect-timeout", timeout_ms, NULL);
}

guint
sy_backend_get_idle_timeout (SyBackend *self)
{
  guint timeout = 0;

  g_return_val_if_fail (SY_IS_BACKEND (self), 0);

  g_object_get (self, "idle-timeout", &timeout, NULL);

  return timeout;
}

void
sy_backend_set_idle_timeout (SyBackend *self,
                             guint      timeout_ms)
{
  g_return_if_fail (SY_IS_BACKEND (self));

  g_object_set (self, "idle-timeout", timeout_ms, NULL);
}

void
sy_backend_list_models_async (SyBackend           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SY_IS_BACKEND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  SY_BACKEND_GET_IFACE (self)->list_models_async (self, cancellable, callback, user_data);
}

GPtrArray *
sy_backend_list_models_finish (SyBackend     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  SyBackendInterface *iface;

  g_return_val_if_fail (SY_IS_BACKEND (self), NULL);

  iface = SY_BACKEND_GET_IFACE (self);
  if (iface->list_models_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);

  return iface->list_models_finish (self, result, error);
}

void
sy_backend_stream_chat_async (SyBackend           *self,
                              SyChatStream        *stream,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (SY_IS_BACKEND (self));
  g_return_if_fail (SY_IS_CHAT_STREAM (stream));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  SY_BACKEND_GET_IFACE (self)->stream_chat_async (self, stream, cancellable, callback, user_data);
}

SyChatResult *
sy_backend_stream_chat_finish (SyBackend     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  SyBackendInterface *iface;

  g_return_val_if_fail (SY_IS_BACKEND (self), NULL);

  iface = SY_BACKEND_GET_IFACE (self);
  if (iface->stream_chat_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);

  return iface->stream_chat_finish (self, result, error);
}
