/* test-backend-idle.c: the idle timeout measures the socket, not the main loop
 *
 * A fast local server sends a long reply in a fraction of a second while
 * the app is busy (rendering, say) and its main loop does not run: the
 * bytes are there, so the reply must not be cut off as if the server had
 * gone silent. A server that really goes silent still times out, and one
 * that sends a byte just often enough does not.
 *
 * The server runs on its own thread with plain sockets, so it keeps
 * sending while the test's main loop is blocked, as a real one does.
 *
 * A cancel stops a reply whose server went quiet, with the text so far.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sy-backend.h"
#include "sy-ollama-backend.h"
#include "sy-test-utils.h"

#define MODEL       "llama3.1:8b"
#define N_TOKENS    30000
/* GDK_PRIORITY_REDRAW, where GTK paints: what the busy app is doing. */
#define REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

/* A server on its own thread ---------------------------------------------- */

typedef struct
{
  GSocket      *listener;
  GThread      *thread;
  GCancellable *stop;
  char         *base_url;
  GBytes       *body;        /* announced whole by Content-Length */
  gsize         burst;       /* bytes of it sent at once after the headers */
  guint         pause_ms;    /* then a pause */
  guint         trickle;     /* then this many bytes one at a time… */
  guint         trickle_ms;  /* …this far apart, then the rest */
  gboolean      hang;        /* or, after the burst, silence until freed */
} IdleServer;

static gboolean
read_request (GInputStream *in,
              GCancellable *stop)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *head = NULL;
  const char *end, *length;
  gsize head_len, body_len = 0;
  char buffer[4096];
  gssize n;

  while ((end = strstr (request->str, "\r\n\r\n")) == NULL)
    {
      n = g_input_stream_read (in, buffer, sizeof buffer, stop, NULL);
      if (n <= 0)
        return FALSE;
      g_string_append_len (request, buffer, n);
    }

  head_len = end + 4 - request->str;
  head = g_ascii_strdown (request->str, head_len);
  length = strstr (head, "\r\ncontent-length:");
  if (length != NULL)
    body_len = g_ascii_strtoull (length + strlen ("\r\ncontent-length:"), NULL, 10);

  while (request->len < head_len + body_len)
    {
      n = g_input_stream_read (in, buffer, sizeof buffer, stop, NULL);
      if (n <= 0)
        return FALSE;
      g_string_append_len (request, buffer, n);
    }

  return TRUE;
}

static gboolean
send_bytes (GOutputStream *out,
            const char    *data,
            gsize          len,
            GCancellable  *stop)
{
  return len == 0 || g_output_stream_write_all (out, data, len, NULL, stop, NULL);
}

static gpointer
idle_server_thread (gpointer user_data)
{
  IdleServer *server = user_data;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  gsize len;
  const char *body = g_bytes_get_data (server->body, &len);
  gsize sent;

  socket = g_socket_accept (server->listener, server->stop, NULL);
  if (socket == NULL)
    return NULL;
  connection = g_socket_connection_factory_create_connection (socket);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  if (!read_request (g_io_stream_get_input_stream (G_IO_STREAM (connection)), server->stop))
    return NULL;

  head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                          "Content-Type: application/x-ndjson\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "\r\n", len);
  sent = MIN (server->burst, len);
  if (!send_bytes (out, head, strlen (head), server->stop) ||
      !send_bytes (out, body, sent, server->stop))
    return NULL;

  if (server->hang)
    {
      while (!g_cancellable_is_cancelled (server->stop))
        g_usleep (10 * 1000);
      return NULL;
    }

  g_usleep (server->pause_ms * 1000);
  for (guint i = 0; i < server->trickle && sent < len; i++, sent++)
    {
      g_usleep (server->trickle_ms * 1000);
      if (!send_bytes (out, body + sent, 1, server->stop))
        return NULL;
    }

  send_bytes (out, body + sent, len - sent, server->stop);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return NULL;
}

static IdleServer *
idle_server_new (GBytes *body)
{
  IdleServer *server = g_new0 (IdleServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);

  server->base_url = g_strdup_printf ("http://127.0.0.1:%u",
                                      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->stop = g_cancellable_new ();
  server->body = g_bytes_ref (body);
  server->burst = G_MAXSIZE;

  return server;
}

static void
idle_server_start (IdleServer *server)
{
  server->thread = g_thread_new ("idle-server", idle_server_thread, server);
}

static void
idle_server_free (IdleServer *server)
{
  g_cancellable_cancel (server->stop);
  if (server->thread != NULL)
    g_thread_join (server->thread);
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->stop);
  g_bytes_unref (server->body);
  g_free (server->base_url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdleServer, idle_server_free)

/* Replies ----------------------------------------------------------------- */

static char *
token (guint i)
{
  return g_strdup_printf ("t%05u ", i);
}

static void
append_line (GString    *body,
             const char *content)
{
  g_string_append_printf (body,
                          "{\"model\":\"" MODEL "\",\"created_at\":\"2024-06-13T10:00:00.100000Z\","
                          "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"done\":false}\n",
                          content);
}

static void
append_done (GString *body,
             guint    n_tokens)
{
  g_string_append_printf (body,
                          "{\"model\":\"" MODEL "\",\"created_at\":\"2024-06-13T10:00:09.000000Z\","
                          "\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                          "\"done_reason\":\"stop\",\"done\":true,"
                          "\"prompt_eval_count\":5,\"eval_count\":%u}\n",
                          n_tokens);
}

/* An Ollama reply of @n_tokens tokens; its text in @text, and in
 * @first_len where the line of token @first_tokens ends. */
static GBytes *
make_reply (guint     n_tokens,
            gboolean  done,
            GString  *text,
            guint     first_tokens,
            gsize    *first_len)
{
  GString *body = g_string_new (NULL);

  for (guint i = 0; i < n_tokens; i++)
    {
      g_autofree char *t = token (i);

      append_line (body, t);
      g_string_append (text, t);
      if (i + 1 == first_tokens && first_len != NULL)
        *first_len = body->len;
    }
  if (done)
    append_done (body, n_tokens);

  return g_string_free_to_bytes (body);
}

/* The app ----------------------------------------------------------------- */


typedef struct
{
  GString  *text;
  guint     n_deltas;
  guint     busy_at;      /* the delta after which the app is busy; 0: never */
  guint     busy_ms;
  gboolean  busy_later;   /* busy painting on a later turn of the loop */
  gboolean  was_busy;
  double    byte_us;      /* what showing a byte of a delta costs */
  guint     frames;       /* painted while the reply streamed in */
  GCancellable *cancel_at_first;  /* cancelled at the first delta */
} App;

static gboolean
on_busy_cb (gpointer user_data)
{
  App *app = user_data;

  g_usleep (app->busy_ms * 1000);
  app->was_busy = TRUE;

  return G_SOURCE_REMOVE;
}

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             App          *app)
{
  g_string_append (app->text, delta);
  if (app->cancel_at_first != NULL && app->n_deltas == 0)
    g_cancellable_cancel (app->cancel_at_first);

  if (app->byte_us > 0)
    {
      gint64 until = g_get_monotonic_time () + (gint64) (strlen (delta) * app->byte_us);

      while (g_get_monotonic_time () < until)
        ;
    }

  if (++app->n_deltas == 1)
    app->frames = 0;

  if (app->n_deltas != app->busy_at)
    return;

  if (app->busy_later)
    g_idle_add_full (REDRAW_PRIORITY, on_busy_cb, app, NULL);
  else
    on_busy_cb (app);
}

/* A frame clock: counts the frames painted. */
static gboolean
on_frame_cb (gpointer user_data)
{
  App *app = user_data;

  app->frames++;

  return G_SOURCE_CONTINUE;
}

/* A UI that paints on every turn, each frame taking 10 ms. */
static gboolean
on_slow_frame_cb (gpointer user_data)
{
  App *app = user_data;
  gint64 until = g_get_monotonic_time () + 10 * 1000;

  while (g_get_monotonic_time () < until)
    ;
  app->frames++;

  return G_SOURCE_CONTINUE;
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  g_error ("Test did not finish within 30 seconds");
  return G_SOURCE_REMOVE;
}

static SyChatResult *
run_chat (IdleServer  *server,
          guint        idle_ms,
          App         *app,
          GError     **error)
{
  g_autoptr(SyOllamaBackend) backend = sy_ollama_backend_new (server->base_url);
  g_autoptr(SyChatStream) stream = sy_chat_stream_new (MODEL);
  g_autoptr(GAsyncResult) result = NULL;
  SyChatResult *chat_result;
  guint deadline;

  sy_backend_set_idle_timeout (SY_BACKEND (backend), idle_ms);
  sy_chat_stream_add_message (stream, "user", "Write a very long story.");
  g_signal_connect (stream, "delta", G_CALLBACK (on_delta_cb), app);

  idle_server_start (server);
  deadline = g_timeout_add_seconds (30, on_deadline_cb, NULL);
  sy_backend_stream_chat_async (SY_BACKEND (backend), stream, app->cancel_at_first, on_async_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  chat_result = sy_backend_stream_chat_finish (SY_BACKEND (backend), result, error);
  if (chat_result != NULL)
    g_assert_cmpstr (chat_result->text, ==, sy_chat_stream_get_text (stream));

  g_signal_handlers_disconnect_by_data (stream, app);

  return chat_result;
}

/* Tests ------------------------------------------------------------------- */

typedef enum
{
  BUSY_IN_DELTA,     /* the app blocks in a delta handler */
  BUSY_PAINTING,     /* … on a later turn of the loop, painting */
} Busy;

/* 30,000 tokens, all sent within a fraction of a second, while the app is
 * blocked for longer than the idle timeout in the middle of reading them:
 * the whole reply, marked done, in pieces a read each rather than a token
 * each. */
static void
test_busy_app (gconstpointer data)
{
  Busy busy = GPOINTER_TO_INT (data);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(IdleServer) server = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint idle_ms = 500;
  App app = { 0 };
  gsize first_len = 0;

  body = make_reply (N_TOKENS, TRUE, expected, 1000, &first_len);
  g_assert_cmpuint (expected->len, >=, 200 * 1000);

  /* The first thousand tokens, a moment's pause in which the app catches
   * up and waits for more, then the rest at once while it is busy. */
  server = idle_server_new (body);
  server->burst = first_len;
  server->pause_ms = 200;

  app.text = text;
  /* The text comes a read at a time: busy from the first piece of the
   * first thousand tokens, through the pause and the rest. */
  app.busy_at = 1;
  app.busy_ms = idle_ms + 1000;
  app.busy_later = busy == BUSY_PAINTING;

  result = run_chat (server, idle_ms, &app, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (app.was_busy);
  g_assert_cmpuint (strlen (result->text), ==, expected->len);
  g_assert_cmpstr (result->text, ==, expected->str);
  g_assert_cmpstr (text->str, ==, expected->str);
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpint (result->completion_tokens, ==, N_TOKENS);
  g_test_message ("%u pieces for %u tokens", app.n_deltas, N_TOKENS);
  g_assert_cmpuint (app.n_deltas, <, N_TOKENS / 10);
}

/* Streams an @n_tokens reply while @ui (a paint source at redraw
 * priority calling @paint) competes for the loop; the reply must come in
 * whole. Returns the frames painted meanwhile. */
static guint
stream_beside_ui (GSource     *ui,
                  GSourceFunc  paint,
                  guint        n_tokens,
                  guint        idle_ms)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(IdleServer) server = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  App app = { 0 };

  body = make_reply (n_tokens, TRUE, expected, 0, NULL);
  server = idle_server_new (body);
  app.text = text;
  /* 30 µs a token */
  app.byte_us = 30.0 * n_tokens / expected->len;

  g_source_set_priority (ui, REDRAW_PRIORITY);
  g_source_set_callback (ui, paint, &app, NULL);
  g_source_attach (ui, NULL);

  result = run_chat (server, idle_ms, &app, &error);
  g_source_destroy (ui);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->text, ==, expected->str);
  g_test_message ("%u frames painted while the reply streamed in", app.frames);

  return app.frames;
}

/* A burst that takes the app a while to show (30 µs a token, some 20 ms
 * for each 64 KiB read) and is all there at once: the reader goes back to
 * the main loop at a priority that lets the UI paint between pieces. */
static void
test_burst_lets_ui_paint (void)
{
  g_autoptr(GSource) frame_clock = g_timeout_source_new (16);

  /* Some 0.3 s of work, 18 frames if nothing else ran: at least a few. */
  g_assert_cmpuint (stream_beside_ui (frame_clock, on_frame_cb, 10000, 0), >=, 5);
}

/* Giving the UI its turn must not hand it the whole loop: with a paint
 * source ready on every turn the reply still comes in, whole. */
static void
test_ui_always_painting (void)
{
  g_autoptr(GSource) painting = g_idle_source_new ();

  g_assert_cmpuint (stream_beside_ui (painting, on_slow_frame_cb, 5000, 500), >=, 5);
}

/* Headers and a few tokens, then nothing with the connection open: the
 * idle timeout ends it, with the text so far and today's message. */
static void
test_silent_server (void)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(IdleServer) server = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  App app = { 0 };
  gint64 start, elapsed;

  body = make_reply (3, TRUE, expected, 0, NULL);
  server = idle_server_new (body);
  /* All but the last line. */
  server->burst = g_bytes_get_size (body) - 10;
  server->hang = TRUE;
  app.text = text;

  start = g_get_monotonic_time ();
  result = run_chat (server, 300, &app, &error);
  elapsed = g_get_monotonic_time () - start;

  g_assert_null (result);
  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_TIMEOUT);
  message = g_strdup_printf ("The server at %s sent nothing for 0.3 seconds", server->base_url);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpstr (sy_backend_error_get_partial_text (error), ==, expected->str);
  g_assert_cmpstr (text->str, ==, expected->str);
  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

/* Cancelled at the first piece, the server silent after it: the reply
 * stops as cancelled, with what came before it. */
static void
test_cancel (void)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(IdleServer) server = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gsize first_len = 0;
  App app = { 0 };

  body = make_reply (N_TOKENS, TRUE, expected, 100, &first_len);
  server = idle_server_new (body);
  /* A hundred tokens, then silence far longer than the test */
  server->burst = first_len;
  server->hang = TRUE;
  app.text = text;
  app.cancel_at_first = cancellable;

  result = run_chat (server, 60 * 1000, &app, &error);

  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (text->len, >, 0);
  g_assert_true (g_str_has_prefix (expected->str, text->str));
}

/* A byte every 350 ms against an idle timeout of 500 ms, for several
 * times the timeout: slow, but never silent for long enough. */
static void
test_trickle (void)
{
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(IdleServer) server = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  App app = { 0 };
  gint64 start;

  body = make_reply (20, TRUE, expected, 0, NULL);
  server = idle_server_new (body);
  server->trickle = 6;
  server->trickle_ms = 350;
  server->burst = g_bytes_get_size (body) - server->trickle;
  app.text = text;

  start = g_get_monotonic_time ();
  result = run_chat (server, 500, &app, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->text, ==, expected->str);
  g_assert_cmpint (result->completion_tokens, ==, 20);
  /* It did take longer than the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 6 * 350 * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/backend-idle/busy-in-delta", GINT_TO_POINTER (BUSY_IN_DELTA), test_busy_app);
  g_test_add_data_func ("/backend-idle/busy-painting", GINT_TO_POINTER (BUSY_PAINTING), test_busy_app);
  g_test_add_func ("/backend-idle/burst-lets-ui-paint", test_burst_lets_ui_paint);
  g_test_add_func ("/backend-idle/ui-always-painting", test_ui_always_painting);
  g_test_add_func ("/backend-idle/silent-server", test_silent_server);
  g_test_add_func ("/backend-idle/trickle", test_trickle);
  g_test_add_func ("/backend-idle/cancel", test_cancel);

  return g_test_run ();
}
