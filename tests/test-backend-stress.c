/* test-backend-stress.c: servers that misbehave at scale
 *
 * Beyond the fault tests of test-openai-backend.c and test-ollama-backend.c:
 * a 100 MB reply, a 10 MB line, a reply that is not UTF-8, a redirect
 * loop and a server that accepts the connection and never answers. Each
 * must end with a message a person understands, and memory must stay
 * bounded while the bytes pour in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>

#include "sy-backend.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"

#define MB (1024 * 1024)
#define LOREM "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor " \
              "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud " \
              "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. "

/* What a loopback server sends. */
typedef enum
{
  HUGE_STREAM,         /* 100 MB of ordinary SSE chunks */
  LONG_LINE,           /* one 10 MB SSE line */
  HUGE_MODEL_LIST,     /* a 100 MB JSON body for GET /models */
  LATIN1_STREAM,       /* SSE in ISO-8859-1 */
  UTF16_STREAM,        /* SSE in UTF-16LE */
  REDIRECT_LOOP,       /* 307 to itself, forever */
  HUGE_NDJSON,         /* 100 MB of Ollama NDJSON lines */
} Behaviour;

typedef struct
{
  SoupServer *server;
  char       *base_url;
  Behaviour   behaviour;
  gsize       target_bytes;
  gsize       sent_bytes;
  guint       n_requests;
} Server;

typedef struct
{
  SoupServerMessage *msg;
  Server            *server;
  GBytes            *piece;      /* repeated until target_bytes */
} Pump;

/* Auxiliary functions */

/* AddressSanitizer keeps freed memory in quarantine, so the peak resident
 * size says nothing about what the code holds there; the size of what was
 * kept still does. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_IS_MEANINGFUL FALSE
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RSS_IS_MEANINGFUL FALSE
#endif
#endif
#ifndef RSS_IS_MEANINGFUL
#define RSS_IS_MEANINGFUL TRUE
#endif

static gsize
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;

  return strtoul (line + strlen ("VmHWM:"), NULL, 10);
}

/* Peak memory grew by less than @limit_kb since @before (kB). */
static void
assert_peak_growth_below (gsize before,
                          gsize limit_kb)
{
  if (RSS_IS_MEANINGFUL)
    g_assert_cmpuint (peak_rss_kb () - before, <, limit_kb);
}

static void
pump_free (Pump *pump)
{
  g_bytes_unref (pump->piece);
  g_object_unref (pump->msg);
  g_free (pump);
}

/* Appends the next piece each time the last one was written, so the
 * server never holds more than one piece however much it sends. */
static void
pump_next (Pump *pump)
{
  SoupMessageBody *body = soup_server_message_get_response_body (pump->msg);

  if (pump->server->sent_bytes >= pump->server->target_bytes)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (pump->msg);
      return;
    }

  pump->server->sent_bytes += g_bytes_get_size (pump->piece);
  soup_message_body_append_bytes (body, pump->piece);
  soup_server_message_unpause (pump->msg);
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg,
                   Pump              *pump)
{
  pump_next (pump);
}

static void
on_finished_cb (SoupServerMessage *msg,
                Pump              *pump)
{
  g_signal_handlers_disconnect_by_data (msg, pump);
  pump_free (pump);
}

static GBytes *
repeated_sse_chunk (void)
{
  GString *piece = g_string_new (NULL);

  /* 64 KiB per write of chunks that are mostly text, as a model stuck
   * repeating itself would send. */
  while (piece->len < 64 * 1024)
    g_string_append (piece, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" LOREM "\"},\"finish_reason\":null}]}\n\n");

  return g_string_free_to_bytes (piece);
}

static GBytes *
repeated_ndjson_line (void)
{
  GString *piece = g_string_new (NULL);

  while (piece->len < 64 * 1024)
    g_string_append (piece, "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"" LOREM "\"},\"done\":false}\n");

  return g_string_free_to_bytes (piece);
}

static void
start_pump (Server            *server,
            SoupServerMessage *msg,
            const char        *content_type,
            GBytes            *piece,
            gsize              target)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->msg = g_object_ref (msg);
  pump->server = server;
  pump->piece = piece;
  server->target_bytes = target;
  server->sent_bytes = 0;

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), content_type, NULL);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), pump);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), pump);
  soup_server_message_pause (msg);
  pump_next (pump);
}

static void
send_whole (SoupServerMessage *msg,
            const char        *content_type,
            const char        *body,
            gsize              length)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Server *server = user_data;

  server->n_requests++;

  switch (server->behaviour)
    {
    case HUGE_STREAM:
      start_pump (server, msg, "text/event-stream", repeated_sse_chunk (), 100 * MB);
      break;

    case HUGE_NDJSON:
      start_pump (server, msg, "application/x-ndjson", repeated_ndjson_line (), 100 * MB);
      break;

    case HUGE_MODEL_LIST:
      {
        /* {"data":[{"id":"mmmm…"}, …]}: valid JSON, only far too much of it. */
        GString *piece = g_string_new (NULL);

        while (piece->len < 64 * 1024)
          g_string_append (piece, "{\"id\":\"model-with-a-long-name\",\"object\":\"model\"},");
        start_pump (server, msg, "application/json", g_string_free_to_bytes (piece), 100 * MB);
      }
      break;

    case LONG_LINE:
      {
        GString *line = g_string_new ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
        g_autoptr(GBytes) bytes = NULL;

        while (line->len < 10 * MB)
          g_string_append (line, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        g_string_append (line, "\"}}]}\n\ndata: [DONE]\n\n");
        bytes = g_string_free_to_bytes (line);
        send_whole (msg, "text/event-stream", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }
      break;

    case LATIN1_STREAM:
      {
        /* "café" in ISO-8859-1: \xe9 alone is not UTF-8. */
        static const char body[] =
          "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xe9 cr\xe8me\"},\"finish_reason\":null}]}\n\n"
          "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
          "data: [DONE]\n\n";
        send_whole (msg, "text/event-stream; charset=iso-8859-1", body, sizeof body - 1);
      }
      break;

    case UTF16_STREAM:
      {
        const char *utf8 = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n";
        gsize length = 0;
        g_autofree char *utf16 = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &length, NULL);

        send_whole (msg, "text/event-stream; charset=utf-16", utf16, length);
      }
      break;

    case REDIRECT_LOOP:
      soup_server_message_set_redirect (msg, 307, path);
      break;

    default:
      g_assert_not_reached ();
    }
}

static Server *
server_new (Behaviour behaviour)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  server->behaviour = behaviour;
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, handle_cb, server, NULL);
  soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->server);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  return server;
}

static void
server_free (Server *server)
{
  soup_server_disconnect (server->server);
  g_object_unref (server->server);
  g_free (server->base_url);
  g_free (server);
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static SyChatStream *
new_stream (void)
{
  SyChatStream *stream = sy_chat_stream_new ("m");

  sy_chat_stream_add_message (stream, "user", "Say something long.");

  return stream;
}

static SyChatResult *
chat (SyBackend     *backend,
      SyChatStream  *stream,
      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_backend_stream_chat_async (backend, stream, NULL, on_ready_cb, &result);
  wait_for (&result);

  return sy_backend_stream_chat_finish (backend, result, error);
}

static SyBackend *
openai_for (Server *server)
{
  g_autofree char *url = g_strconcat (server->base_url, "/v1", NULL);
  SyOpenAIBackend *backend = sy_openai_backend_new (url);

  sy_openai_backend_set_api_key (backend, "");
  sy_backend_set_idle_timeout (SY_BACKEND (backend), 5000);

  return SY_BACKEND (backend);
}

/* Lets the session drop what it holds for a finished request. */
static void
settle (void)
{
  gint64 until = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
assert_message_mentions (const GError *error,
                         const char   *needle)
{
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("expected “%s” in the message “%s”", needle, error->message);
}

/* One server behaving as the test's data says, a backend pointed at it
 * and a stream to fill; the teardown checks the backend is let go. */
typedef struct
{
  Server       *server;
  SyBackend    *backend;
  SyChatStream *stream;
  GError       *error;
  gsize         rss_before;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  Behaviour behaviour = GPOINTER_TO_INT (data);

  fixture->server = server_new (behaviour);
  if (behaviour == HUGE_NDJSON)
    {
      fixture->backend = SY_BACKEND (sy_ollama_backend_new (fixture->server->base_url));
      sy_backend_set_idle_timeout (fixture->backend, 5000);
    }
  else
    {
      fixture->backend = openai_for (fixture->server);
    }
  fixture->stream = new_stream ();
  fixture->rss_before = peak_rss_kb ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_error (&fixture->error);
  g_clear_object (&fixture->stream);
  settle ();
  g_assert_finalize_object (g_steal_pointer (&fixture->backend));
  server_free (fixture->server);
}

/* The chat must fail: its error is left in @fixture. */
static void
chat_fails (Fixture *fixture)
{
  g_autoptr(SyChatResult) result = chat (fixture->backend, fixture->stream, &fixture->error);

  g_assert_null (result);
  g_assert_nonnull (fixture->error);
}

/* Tests */

/* A reply that never ends must not fill memory: it is cut off with the
 * text so far kept. */
static void
test_huge_stream (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *partial;

  chat_fails (fixture);

  g_assert_error (fixture->error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CUT_OFF);
  assert_message_mentions (fixture->error, "MB");
  partial = sy_backend_error_get_partial_text (fixture->error);
  g_assert_nonnull (partial);
  g_assert_true (g_str_has_prefix (partial, "lorem ipsum "));
  /* Kept: up to the 16 MB cap and one network read past it. */
  g_assert_cmpuint (strlen (partial), >, MB);
  g_assert_cmpuint (strlen (partial), <, 18 * MB);
  /* It stopped well before the server's 100 MB… */
  g_assert_cmpuint (fixture->server->sent_bytes, <, 100 * MB);
  /* …and held far less than that. */
  assert_peak_growth_below (fixture->rss_before, 64 * 1024);
}

static void
test_huge_model_list (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) models = NULL;

  sy_backend_list_models_async (fixture->backend, NULL, on_ready_cb, &result);
  models = sy_backend_list_models_finish (fixture->backend, wait_for (&result), &fixture->error);

  g_assert_null (models);
  g_assert_error (fixture->error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL);
  assert_message_mentions (fixture->error, "MB");
  g_assert_cmpuint (fixture->server->sent_bytes, <, 100 * MB);
  assert_peak_growth_below (fixture->rss_before, 64 * 1024);
}

static void
test_long_line (Fixture       *fixture,
                gconstpointer  data)
{
  chat_fails (fixture);

  g_assert_error (fixture->error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL);
  assert_message_mentions (fixture->error, "line");
}

/* Text that is not UTF-8 never reaches the chat view as such: it is
 * refused with a message, or repaired; either way the text is valid. */
static void
test_encoding (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SyChatResult) result = chat (fixture->backend, fixture->stream, &fixture->error);

  g_assert_true (g_utf8_validate (sy_chat_stream_get_text (fixture->stream), -1, NULL));
  if (result == NULL)
    {
      const char *partial = sy_backend_error_get_partial_text (fixture->error);

      g_assert_error (fixture->error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_PROTOCOL);
      g_assert_true (g_utf8_validate (fixture->error->message, -1, NULL));
      g_assert_true (partial == NULL || g_utf8_validate (partial, -1, NULL));
    }
}

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) list_result = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) list_error = NULL;

  chat_fails (fixture);

  assert_message_mentions (fixture->error, "redirect");
  /* Redirects are not followed: one request. */
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);

  /* Nor for a GET, which libsoup would otherwise follow. */
  sy_backend_list_models_async (fixture->backend, NULL, on_ready_cb, &list_result);
  models = sy_backend_list_models_finish (fixture->backend, wait_for (&list_result), &list_error);
  g_assert_null (models);
  assert_message_mentions (list_error, "redirect");
  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
}

/* Accepts, reads, and never writes a byte: the idle timeout ends it. */
static void
test_silent_server (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketConnection) accepted = NULL;
  g_autoptr(GAsyncResult) accept_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(SyChatStream) stream = new_stream ();
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(SyBackend) backend = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_listener_accept_async (listener, NULL, on_ready_cb, &accept_result);

  backend = SY_BACKEND (sy_openai_backend_new (url));
  sy_openai_backend_set_api_key (SY_OPENAI_BACKEND (backend), "");
  sy_backend_set_idle_timeout (backend, 700);

  start = g_get_monotonic_time ();
  result = chat (backend, stream, &error);

  g_assert_null (result);
  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_TIMEOUT);
  assert_message_mentions (error, "seconds");
  /* It was the idle timeout, not a 60 s default or a hang. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  accepted = g_socket_listener_accept_finish (listener, wait_for (&accept_result), NULL, NULL);
  g_assert_nonnull (accepted);
  settle ();
  g_assert_finalize_object (g_steal_pointer (&backend));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, behaviour, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (behaviour), fixture_setup, func, fixture_teardown)
  ADD ("/backend-stress/huge-stream", HUGE_STREAM, test_huge_stream);
  ADD ("/backend-stress/huge-ndjson", HUGE_NDJSON, test_huge_stream);
  ADD ("/backend-stress/huge-model-list", HUGE_MODEL_LIST, test_huge_model_list);
  ADD ("/backend-stress/long-line", LONG_LINE, test_long_line);
  ADD ("/backend-stress/latin1", LATIN1_STREAM, test_encoding);
  ADD ("/backend-stress/utf16", UTF16_STREAM, test_encoding);
  ADD ("/backend-stress/redirect-loop", REDIRECT_LOOP, test_redirect_loop);
#undef ADD
  g_test_add_func ("/backend-stress/silent-server", test_silent_server);

  return g_test_run ();
}
