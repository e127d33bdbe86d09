/* sy-backend-http.c: the HTTP plumbing both backends share, and how
 * HTTP failures become errors a person understands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-backend-private.h"

/* An error page can be large; we only ever show one sentence of it. */
#define MAX_ERROR_BODY  (64 * 1024)
/* Model lists and /api/show replies are small; anything far larger is not
 * what we asked for. */
#define MAX_JSON_BODY   (32 * 1024 * 1024)
#define READ_SIZE       (64 * 1024)
/* Bytes read, and time spent on them, without going back to the main
 * loop: about half a frame, so that the UI can paint in the other half. */
#define DRAIN_BUDGET    (1024 * 1024)
#define DRAIN_TIME_US   (8 * 1000)
/* Reading on after the budget ran out comes after GTK's layout and paint
 * (GDK_PRIORITY_RESIZE and GDK_PRIORITY_REDRAW): at G_PRIORITY_DEFAULT
 * the next read, its data already there, would be ready again at once
 * and starve them until the whole burst was read. But no later than two
 * frames: a UI that paints on every turn must not stall the reply. */
#define YIELD_PRIORITY  G_PRIORITY_DEFAULT_IDLE
#define YIELD_MAX_MS    33

/* Gives "summary: detail." with the server's own words, redacted. */
static GError *
error_with_detail (SyBackendError       code,
                   const SyHttpContext *context,
                   const char          *suggestion,
                   const char          *summary,
                   const char          *detail)
{
  g_autofree char *safe = sy_backend_redact (detail, context->secret);

  if (safe != NULL && *safe != '\0')
    return sy_backend_error_new (code, suggestion, "%s: %s", summary, safe);

  return sy_backend_error_new (code, suggestion, "%s", summary);
}

GError *
sy_backend_error_from_stream (const SyHttpContext *context,
                              JsonNode            *error_node)
{
  g_autofree char *url = sy_backend_display_url (context->base_url);
  g_autofree char *summary = NULL;
  const char *detail = NULL;

  if (JSON_NODE_HOLDS_OBJECT (error_node))
    detail = json_object_get_string_member_with_default (json_node_get_object (error_node),
                                                         "message", NULL);
  else if (json_node_get_value_type (error_node) == G_TYPE_STRING)
    detail = json_node_get_string (error_node);

  summary = g_strdup_printf (_("The server at %s reported an error while replying"), url);

  return error_with_detail (SY_BACKEND_ERROR_SERVER_ERROR, context,
                            _("Try again; if it keeps failing, check the server’s logs."),
                            summary, detail);
}

/* What both protocols put at the top of a streamed chunk or line: an
 * error object ends the reply; "model" names what answered. */
gboolean
sy_backend_decode_chunk_start (const SyHttpContext  *context,
                               JsonObject           *object,
                               SyChatChunk          *chunk,
                               GError              **error)
{
  JsonNode *node;

  memset (chunk, 0, sizeof *chunk);

  node = json_object_get_member (object, "error");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_propagate_error (error, sy_backend_error_from_stream (context, node));
      return FALSE;
    }

  chunk->model = g_strdup (json_object_get_string_member_with_default (object, "model", NULL));

  return TRUE;
}

GError *
sy_backend_error_malformed (const SyHttpContext *context,
                            const char          *detail)
{
  g_autofree char *url = sy_backend_display_url (context->base_url);

  return g_error_new (SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                      _("The server at %s sent a malformed reply: %s"), url, detail);
}

GError *
sy_backend_error_cut_off (const SyHttpContext *context,
                          const char          *partial_text)
{
  g_autofree char *url = sy_backend_display_url (context->base_url);
  GError *error;

  error = sy_backend_error_new (SY_BACKEND_ERROR_CUT_OFF,
                                _("The partial reply is kept; send the message again for a whole one."),
                                _("The reply from %s was cut off before it ended"), url);
  sy_backend_error_set_partial_text (error, partial_text);

  return error;
}

GError *
sy_backend_error_too_long (const SyHttpContext *context,
                           const char          *partial_text)
{
  g_autofree char *url = sy_backend_display_url (context->base_url);
  GError *error;

  error = sy_backend_error_new (SY_BACKEND_ERROR_CUT_OFF,
                                _("The text so far is kept. Ask for a shorter answer, or set a token limit."),
                                _("The reply from %s passed %u MB, more than any answer needs, and was cut off there"),
                                url, (guint) (SY_BACKEND_MAX_REPLY_BYTES / (1024 * 1024)));
  sy_backend_error_set_partial_text (error, partial_text);

  return error;
}

static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 seconds;

  if (value == NULL)
    return -1;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      char *end = NULL;

      seconds = g_ascii_strtoll (value, &end, 10);
      return (end != NULL && *end == '\0' && seconds >= 0) ? seconds : -1;
    }

  /* The other form is an HTTP date. */
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  seconds = g_date_time_difference (date, now) / G_TIME_SPAN_SECOND;

  return MAX (seconds, 0);
}

static GError *
error_from_http (const SyHttpContext *context,
                 SoupMessage         *message,
                 const char          *body,
                 gsize                len)
{
  g_autofree char *url = sy_backend_display_url (context->base_url);
  g_autofree char *code = NULL;
  g_autofree char *detail = sy_backend_parse_error_body (body, len, &code);
  g_autofree char *summary = NULL;
  g_autofree char *suggestion = NULL;
  guint status = soup_message_get_status (message);
  SyBackendError error_code;
  gint64 retry_after = -1;
  GError *error;

  if (status == 401 || status == 403)
    {
      error_code = SY_BACKEND_ERROR_UNAUTHORIZED;
      summary = g_strdup_printf (_("The server at %s rejected the API key (HTTP %u)"), url, status);
      suggestion = g_strdup (_("Check the API key in Preferences."));
    }
  else if (status == 404 &&
           (context->flavor == SY_BACKEND_FLAVOR_OLLAMA ||
            g_strcmp0 (code, "model_not_found") == 0 ||
            (detail != NULL && strstr (detail, "model") != NULL)))
    {
      error_code = SY_BACKEND_ERROR_MODEL_NOT_FOUND;
      summary = g_strdup_printf (_("The model “%s” is not available at %s"),
                                 context->model ? context->model : "", url);
      if (context->flavor == SY_BACKEND_FLAVOR_OLLAMA)
        suggestion = g_strdup_printf (_("Pull it (“ollama pull %s”) or choose an installed model."),
                                      context->model ? context->model : "");
      else
        suggestion = g_strdup (_("Choose one of the models the server lists."));
    }
  else if (status == 404)
    {
      error_code = SY_BACKEND_ERROR_BAD_REQUEST;
      summary = g_strdup_printf (_("Nothing answers at %s (HTTP 404)"), url);
      suggestion = g_strdup (_("Check the base URL in Preferences."));
    }
  else if (status == 429)
    {
      error_code = SY_BACKEND_ERROR_RATE_LIMITED;
      retry_after = parse_retry_after (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                                     "Retry-After"));
      summary = g_strdup_printf (_("The server at %s is limiting the rate of requests"), url);
      if (retry_after >= 0)
        suggestion = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Try again in %d second.",
                                                   "Try again in %d seconds.",
                                                   (gulong) retry_after),
                                      (int) retry_after);
      else
        suggestion = g_strdup (_("Wait a moment and try again."));
    }
  else if (status >= 300 && status < 400)
    {
      const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                           "Location");

      error_code = SY_BACKEND_ERROR_BAD_REQUEST;
      /* Following a redirect could send the key to another host; a loop
       * would never end. Say where it points instead. */
      summary = g_strdup_printf (_("The server at %s redirected the request (HTTP %u) to “%s”"),
                                 url, status, location != NULL ? location : "?");
      suggestion = g_strdup (_("If that is the right server, put its address in Preferences."));
    }
  else if (status >= 500)
    {
      error_code = SY_BACKEND_ERROR_SERVER_ERROR;
      summary = g_strdup_printf (_("The server at %s failed (HTTP %u)"), url, status);
      suggestion = g_strdup (_("Try again later; if it keeps failing, check the server’s logs."));
    }
  else
    {
      error_code = SY_BACKEND_ERROR_BAD_REQUEST;
      summary = g_strdup_printf (_("The server at %s refused the request (HTTP %u)"), url, status);
    }

  error = error_with_detail (error_code, context, suggestion, summary, detail);
  sy_backend_error_set_details (error, status, retry_after,
                                error_code == SY_BACKEND_ERROR_MODEL_NOT_FOUND ? context->model : NULL);

  return error;
}

SyHttpContext *
sy_http_context_dup (const SyHttpContext *context)
{
  SyHttpContext *copy = g_new (SyHttpContext, 1);

  *copy = *context;
  copy->base_url = g_strdup (context->base_url);
  copy->model = g_strdup (context->model);
  copy->secret = g_strdup (context->secret);

  return copy;
}

void
sy_http_context_free (SyHttpContext *context)
{
  if (context == NULL)
    return;

  /* The key is overwritten so it does not linger in freed memory. */
  if (context->secret != NULL)
    memset ((char *) context->secret, 0, strlen (context->secret));
  g_free ((char *) context->base_url);
  g_free ((char *) context->model);
  g_free ((char *) context->secret);
  g_free (context);
}

SoupSession *
sy_http_session_new (void)
{
  /* Timeouts are ours (they need milliseconds and two phases), so
   * libsoup's own are off. */
  return soup_session_new_with_options ("timeout", 0,
                                        "user-agent", "Switchyard/" PACKAGE_VERSION,
                                        NULL);
}

/* HTTP calls -------------------------------------------------------------- */

typedef struct
{
  SoupSession     *session;
  SoupMessage     *message;
  GInputStream    *stream;
  GCancellable    *cancellable;       /* ours: timeouts cancel it too */
  GCancellable    *user_cancellable;
  gulong           cancelled_id;
  GSource         *timeout_source;    /* the timer, or the check after it */
  gint64           deadline_us;       /* when the timer should fire */
  SyHttpChunkFunc  chunk_func;
  gpointer         chunk_data;
  GByteArray      *body;              /* error bodies and JSON replies */
  char            *buffer;            /* READ_SIZE, reused for every read */
  GSource         *resume[2];         /* after a yield: an idle, a timeout */
  gboolean         pollable;
  SyBackendFlavor  flavor;
  char            *base_url;
  char            *model;
  char            *secret;
  guint            connect_timeout_ms;
  guint            idle_timeout_ms;
  guint            timed_out : 1;
  guint            connected : 1;     /* past the connect timeout */
  guint            want_json : 1;
} HttpCall;

static void
http_call_disarm (HttpCall *call)
{
  if (call->timeout_source != NULL)
    {
      g_source_destroy (call->timeout_source);
      g_clear_pointer (&call->timeout_source, g_source_unref);
    }
}

static void
http_call_free (HttpCall *call)
{
  http_call_disarm (call);

  if (call->cancelled_id != 0)
    g_cancellable_disconnect (call->user_cancellable, call->cancelled_id);

  /* Cancelling first makes libsoup drop the connection, so releasing an
   * unfinished body never waits for the rest of it. */
  g_cancellable_cancel (call->cancellable);

  g_clear_object (&call->stream);
  g_clear_object (&call->message);
  g_clear_object (&call->session);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->user_cancellable);
  g_clear_pointer (&call->body, g_byte_array_unref);
  g_free (call->buffer);
  g_free (call->base_url);
  g_free (call->model);
  g_free (call->secret);
  g_free (call);
}

static void
http_call_context (HttpCall      *call,
                   SyHttpContext *context)
{
  context->flavor = call->flavor;
  context->base_url = call->base_url;
  context->model = call->model;
  context->secret = call->secret;
  context->connect_timeout_ms = call->connect_timeout_ms;
  context->idle_timeout_ms = call->idle_timeout_ms;
}

/* Bytes from the server wait in the body stream: a zero-wait check. */
static gboolean
http_call_has_data (HttpCall *call)
{
  return call->stream != NULL && call->pollable &&
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (call->stream));
}

static void http_call_arm (HttpCall *call);

static void
http_call_time_out (HttpCall *call)
{
  g_debug ("Request to %s timed out", call->base_url);

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
}

static gboolean
on_silence_check_cb (gpointer user_data)
{
  HttpCall *call = user_data;

  g_clear_pointer (&call->timeout_source, g_source_unref);

  if (call->connected && http_call_has_data (call))
    http_call_arm (call);
  else
    http_call_time_out (call);

  return G_SOURCE_REMOVE;
}

/* The timer is a main-loop timer: when the app keeps the loop busy (a long
 * render, say) it fires late, and the server's bytes may have come in
 * meanwhile. Bytes waiting on the socket, or a read that already got them
 * and waits for its callback, mean the server spoke: only the app was
 * slow. The server is silent only if neither is so. */
static gboolean
on_timeout_cb (gpointer user_data)
{
  HttpCall *call = user_data;
  gint64 late_us = g_get_monotonic_time () - call->deadline_us;

  g_clear_pointer (&call->timeout_source, g_source_unref);

  if (call->connected && http_call_has_data (call))
    {
      g_debug ("Request to %s: the idle timer fired %" G_GINT64_FORMAT " ms late, "
               "with data waiting; the app was busy, not the server",
               call->base_url, late_us / 1000);
      http_call_arm (call);
      return G_SOURCE_REMOVE;
    }

  /* Reads that completed while the loop was blocked are dispatched at a
   * higher priority than this check; each re-arms the timer, which
   * destroys the check. */
  call->timeout_source = g_idle_source_new ();
  g_source_set_priority (call->timeout_source, G_PRIORITY_LOW);
  g_source_set_name (call->timeout_source, "[switchyard] backend silence check");
  g_source_set_callback (call->timeout_source, on_silence_check_cb, call, NULL);
  g_source_attach (call->timeout_source, g_main_context_get_thread_default ());

  return G_SOURCE_REMOVE;
}

static void
http_call_arm (HttpCall *call)
{
  guint ms = call->connected ? call->idle_timeout_ms : call->connect_timeout_ms;

  http_call_disarm (call);
  if (ms == 0)
    return;

  call->deadline_us = g_get_monotonic_time () + (gint64) ms * 1000;
  call->timeout_source = g_timeout_source_new (ms);
  g_source_set_name (call->timeout_source, "[switchyard] backend timeout");
  g_source_set_callback (call->timeout_source, on_timeout_cb, call, NULL);
  g_source_attach (call->timeout_source, g_main_context_get_thread_default ());
}

static void
on_user_cancelled_cb (GCancellable *user_cancellable,
                      GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
on_wrote_headers_cb (SoupMessage *message,
                     HttpCall    *call)
{
  /* The request is on the wire, so a connection exists; from here on only
   * silence counts. */
  if (!call->connected)
    {
      call->connected = TRUE;
      http_call_arm (call);
    }
}

static GError *
error_from_transport (HttpCall *call,
                      GError   *error)
{
  g_autofree char *url = sy_backend_display_url (call->base_url);
  g_autofree char *detail = sy_backend_redact (error->message, call->secret);

  if (call->timed_out)
    {
      if (!call->connected)
        return sy_backend_error_new (SY_BACKEND_ERROR_TIMEOUT,
                                     _("Check that the server is running and reachable, or raise the connect timeout in Preferences."),
                                     _("No answer from %s within %.1f seconds"),
                                     url, call->connect_timeout_ms / 1000.0);

      return sy_backend_error_new (SY_BACKEND_ERROR_TIMEOUT,
                                   _("The server may be overloaded; try again, or raise the idle timeout in Preferences."),
                                   _("The server at %s sent nothing for %.1f seconds"),
                                   url, call->idle_timeout_ms / 1000.0);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return sy_backend_error_new (SY_BACKEND_ERROR_TLS,
                                 _("Check the URL and the server’s certificate; Switchyard never ignores certificate errors."),
                                 _("No secure connection to %s: %s"), url, detail);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    {
      if (call->flavor == SY_BACKEND_FLAVOR_OLLAMA)
        return sy_backend_error_new (SY_BACKEND_ERROR_CONNECTION_REFUSED,
                                     _("If Ollama runs on another machine or port, check its address in Preferences."),
                                     _("No server at %s: is Ollama running? Start it with “ollama serve”."),
                                     url);

      return sy_backend_error_new (SY_BACKEND_ERROR_CONNECTION_REFUSED,
                                   _("Check the base URL in Preferences and that the server is running."),
                                   _("No server at %s: check the URL and that the server is running."),
                                   url);
    }

  if (call->stream != NULL)
    return sy_backend_error_new (SY_BACKEND_ERROR_CUT_OFF,
                                 _("The partial reply is kept; send the message again for a whole one."),
                                 _("The connection to %s broke off: %s"), url, detail);

  return sy_backend_error_new (SY_BACKEND_ERROR_PROTOCOL, NULL,
                               _("The connection to %s failed: %s"), url, detail);
}

/* No charset parameter means UTF-8 for JSON and event streams. */
static gboolean
charset_is_utf8 (SoupMessage *message)
{
  g_autoptr(GHashTable) params = NULL;
  const char *charset;

  soup_message_headers_get_content_type (soup_message_get_response_headers (message), &params);
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;

  return charset == NULL ||
         g_ascii_strcasecmp (charset, "utf-8") == 0 ||
         g_ascii_strcasecmp (charset, "utf8") == 0 ||
         g_ascii_strcasecmp (charset, "us-ascii") == 0;
}

static gboolean
status_ok (HttpCall *call)
{
  guint status = soup_message_get_status (call->message);

  return status >= 200 && status < 300;
}

static void
http_call_complete (GTask *task)
{
  HttpCall *call = g_task_get_task_data (task);
  SyHttpContext context;

  http_call_context (call, &context);
  http_call_disarm (call);

  if (!status_ok (call))
    {
      g_task_return_error (task, error_from_http (&context, call->message,
                                                  (const char *) call->body->data,
                                                  call->body->len));
    }
  else if (call->want_json)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      g_autofree char *url = sy_backend_display_url (call->base_url);

      if (!g_utf8_validate_len ((const char *) call->body->data, call->body->len, NULL) ||
          !json_parser_load_from_data (parser, (const char *) call->body->data,
                                       call->body->len, &error) ||
          json_parser_get_root (parser) == NULL)
        g_task_return_new_error (task, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL,
                                 _("The server at %s sent a reply that is not valid JSON"),
                                 url);
      else
        g_task_return_pointer (task, json_parser_steal_root (parser),
                               (GDestroyNotify) json_node_unref);
    }
  else
    {
      g_task_return_boolean (task, TRUE);
    }
}

static void http_call_read (GTask *task);

static void
http_call_stop_yield (HttpCall *call)
{
  for (guint i = 0; i < G_N_ELEMENTS (call->resume); i++)
    {
      if (call->resume[i] != NULL)
        g_source_destroy (call->resume[i]);
      g_clear_pointer (&call->resume[i], g_source_unref);
    }
}

static gboolean
on_resume_cb (gpointer user_data)
{
  GTask *task = user_data;

  /* The source being dispatched keeps its reference to @task until this
   * returns. */
  http_call_stop_yield (g_task_get_task_data (task));
  http_call_read (g_object_ref (task));

  return G_SOURCE_REMOVE;
}

/* Reads on once the sources of lower priority than reading had their
 * turn, or YIELD_MAX_MS from now, whichever comes first. */
static void
http_call_yield (GTask *task)
{
  HttpCall *call = g_task_get_task_data (task);

  call->resume[0] = g_idle_source_new ();
  g_source_set_priority (call->resume[0], YIELD_PRIORITY);
  call->resume[1] = g_timeout_source_new (YIELD_MAX_MS);

  for (guint i = 0; i < G_N_ELEMENTS (call->resume); i++)
    {
      g_source_set_name (call->resume[i], "[switchyard] backend read on");
      g_source_set_callback (call->resume[i], on_resume_cb, g_object_ref (task), g_object_unref);
      g_source_attach (call->resume[i], g_main_context_get_thread_default ());
    }
}

/* Takes one read's result: FALSE once @task has completed. */
static gboolean
http_call_take (GTask   *task,
                gssize   len,
                GError  *error)
{
  HttpCall *call = g_task_get_task_data (task);
  g_autoptr(GError) chunk_error = NULL;

  if (len < 0)
    {
      http_call_disarm (call);
      g_task_return_error (task, error_from_transport (call, error));
      return FALSE;
    }

  if (len == 0)
    {
      http_call_complete (task);
      return FALSE;
    }

  if (status_ok (call) && call->chunk_func != NULL)
    {
      if (!call->chunk_func (call->buffer, len, call->chunk_data, &chunk_error))
        {
          http_call_disarm (call);
          g_task_return_error (task, g_steal_pointer (&chunk_error));
          return FALSE;
        }
    }
  else
    {
      gsize cap = status_ok (call) ? MAX_JSON_BODY : MAX_ERROR_BODY;

      if (call->body->len + (gsize) len > cap)
        {
          /* Enough to explain an error; a JSON reply this big is bogus. */
          if (!status_ok (call))
            {
              http_call_complete (task);
              return FALSE;
            }

          {
            g_autofree char *url = sy_backend_display_url (call->base_url);

            http_call_disarm (call);
            g_task_return_error (task, sy_backend_error_new (SY_BACKEND_ERROR_PROTOCOL,
                                                             _("Check that the base URL points at the model server."),
                                                             _("The reply from %s is larger than %u MB, far more than a model list needs"),
                                                             url, (guint) (MAX_JSON_BODY / (1024 * 1024))));
          }
          return FALSE;
        }

      g_byte_array_append (call->body, (const guint8 *) call->buffer, len);
    }

  return TRUE;
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HttpCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 until = g_get_monotonic_time () + DRAIN_TIME_US;
  gboolean yield = FALSE;
  gsize budget = DRAIN_BUDGET;
  gssize len;

  len = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  /* Each asynchronous read costs a few turns of the main loop; while data
   * is waiting, reading on at once keeps a fast stream from being slowed
   * down by the loop, and the budget keeps the loop from being starved. */
  for (;;)
    {
      if (!http_call_take (task, len, error))
        return;

      if (budget <= (gsize) len || g_get_monotonic_time () >= until)
        {
          yield = TRUE;
          break;
        }
      if (!call->pollable)
        break;
      budget -= len;

      len = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (call->stream),
                                                      call->buffer, READ_SIZE,
                                                      call->cancellable, &error);
      if (len < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_clear_error (&error);
          break;
        }
    }

  /* Silence counts from the last data. */
  http_call_arm (call);
  if (yield)
    http_call_yield (task);
  else
    http_call_read (g_steal_pointer (&task));
}

static void
http_call_read (GTask *task)
{
  HttpCall *call = g_task_get_task_data (task);

  /* One buffer for the whole body: a fresh one per read costs an
   * allocation and page faults each time. */
  if (call->buffer == NULL)
    call->buffer = g_malloc (READ_SIZE);

  g_input_stream_read_async (call->stream, call->buffer, READ_SIZE, G_PRIORITY_DEFAULT,
                             call->cancellable, on_read_cb, task);
}

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HttpCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  call->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->stream == NULL)
    {
      http_call_disarm (call);
      g_task_return_error (task, error_from_transport (call, error));
      return;
    }

  call->connected = TRUE;

  /* A stream in UTF-16 or Latin-1 would read as no events at all, or as
   * mangled text: say what the server did instead. */
  if (status_ok (call) && !charset_is_utf8 (call->message))
    {
      g_autofree char *url = sy_backend_display_url (call->base_url);
      GHashTable *params = NULL;

      soup_message_headers_get_content_type (soup_message_get_response_headers (call->message), &params);
      http_call_disarm (call);
      g_task_return_error (task, sy_backend_error_new (SY_BACKEND_ERROR_PROTOCOL,
                                                       _("Configure the server to reply in UTF-8."),
                                                       _("The server at %s replied in the “%s” encoding; Switchyard reads UTF-8 only"),
                                                       url, params != NULL ? (const char *) g_hash_table_lookup (params, "charset") : "?"));
      g_clear_pointer (&params, g_hash_table_unref);
      return;
    }

  call->pollable = G_IS_POLLABLE_INPUT_STREAM (call->stream) &&
                   g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (call->stream));
  http_call_arm (call);

  g_debug ("%s %s: HTTP %u", soup_message_get_method (call->message),
           call->base_url, soup_message_get_status (call->message));

  http_call_read (g_steal_pointer (&task));
}

static void
http_call_start (SoupSession         *session,
                 SoupMessage         *message,
                 const SyHttpContext *context,
                 SyHttpChunkFunc      chunk_func,
                 gpointer             chunk_data,
                 gboolean             want_json,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HttpCall *call;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  call = g_new0 (HttpCall, 1);
  call->session = g_object_ref (session);
  call->message = g_object_ref (message);
  call->cancellable = g_cancellable_new ();
  call->chunk_func = chunk_func;
  call->chunk_data = chunk_data;
  call->body = g_byte_array_new ();
  call->flavor = context->flavor;
  call->base_url = sy_backend_display_url (context->base_url);
  call->model = g_strdup (context->model);
  call->secret = g_strdup (context->secret);
  call->connect_timeout_ms = context->connect_timeout_ms;
  call->idle_timeout_ms = context->idle_timeout_ms;
  call->want_json = want_json;
  g_task_set_task_data (task, call, (GDestroyNotify) http_call_free);

  if (cancellable != NULL)
    {
      call->user_cancellable = g_object_ref (cancellable);
      call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled_cb),
                                                  g_object_ref (call->cancellable),
                                                  g_object_unref);
    }

  g_signal_connect (message, "wrote-headers", G_CALLBACK (on_wrote_headers_cb), call);
  http_call_arm (call);

  g_debug ("%s %s", soup_message_get_method (message), call->base_url);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, call->cancellable,
                           on_send_cb, g_steal_pointer (&task));
}

void
sy_http_stream_async (SoupSession         *session,
                      SoupMessage         *message,
                      const SyHttpContext *context,
                      SyHttpChunkFunc      chunk_func,
                      gpointer             chunk_data,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (chunk_func != NULL);

  http_call_start (session, message, context, chunk_func, chunk_data, FALSE,
                   sy_http_stream_async, cancellable, callback, user_data);
}

gboolean
sy_http_stream_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sy_http_json_async (SoupSession         *session,
                    SoupMessage         *message,
                    const SyHttpContext *context,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  http_call_start (session, message, context, NULL, NULL, TRUE,
                   sy_http_json_async, cancellable, callback, user_data);
}

JsonNode *
sy_http_json_finish (GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

SoupMessage *
sy_http_message_new_json (const char   *method,
                          const char   *base_url,
                          const char   *path,
                          JsonBuilder  *body,
                          GError      **error)
{
  g_autofree char *trimmed = g_strdup (base_url ? base_url : "");
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *message;
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  url = g_strconcat (trimmed, path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_autofree char *shown = sy_backend_display_url (base_url);

      g_set_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_BAD_REQUEST,
                   _("“%s” is not a valid http:// or https:// URL"), shown);
      return NULL;
    }

  message = soup_message_new_from_uri (method, uri);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  /* A redirect could carry the API key to another host, and a loop would
   * only end after many requests: the reply says where it points instead. */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);

  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (body);
      g_autoptr(GBytes) bytes = NULL;
      char *text;
      gsize text_len;

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, &text_len);
      bytes = g_bytes_new_take (text, text_len);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return message;
}
