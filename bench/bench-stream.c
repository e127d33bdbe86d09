/* bench-stream.c: how fast replies stream in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (a) The stream parsers on a large generated stream in memory, fed in
 *     64 KiB pieces as a socket would hand them over: the SSE parser
 *     alone, then with each event's JSON decoded and its text appended the
 *     way SyOpenAIBackend does; the NDJSON parser (which decodes every line
 *     itself). Goal: the SSE parser alone ≥ 500 MB/s.
 * (b) A 100,000-token OpenAI stream from a loopback SoupServer (in its own
 *     thread) through SyOpenAIBackend into a GString, as the chat view
 *     keeps it, timed against `curl -N` reading the same stream from the
 *     same server in the same run. Goal: ≤ 1.1× curl's time.
 *
 *   bench-stream [--size-mb N] [--tokens N] [--runs N]
 *
 * Not part of CI: curl is optional (without it, (b) prints so and only
 * the backend's time).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "sy-ndjson-parser.h"
#include "sy-openai-backend.h"
#include "sy-sse-parser.h"

#define CHUNK_SIZE   (64 * 1024)
#define SERVER_PIECE (16 * 1024)
#define MB           1e6

/* One token, like a real reply: mostly short ASCII words, some UTF-8. */
static const char *words[] = {
  " the", " retrieval", "-augmented", " generation", " café", " model", " 42",
  " naïve", " index", ",", " vectors", " → ", " query", " answers", "\\n",
};

/* Auxiliary functions */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  qsort (values->data, values->len, sizeof (double), compare_doubles);

  return g_array_index (values, double, values->len / 2);
}

static void
append_sse_event (GString *out,
                  guint    i)
{
  g_string_append_printf (out,
                          "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                          "\"created\":1718236800,\"model\":\"gpt-4o-mini-2024-07-18\","
                          "\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":[{\"index\":0,"
                          "\"delta\":{\"content\":\"%s\"},\"logprobs\":null,\"finish_reason\":null}],"
                          "\"usage\":null}\n\n",
                          words[i % G_N_ELEMENTS (words)]);
}

static void
append_sse_end (GString *out,
                guint    n_tokens)
{
  g_string_append_printf (out,
                          "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                          "\"created\":1718236800,\"model\":\"gpt-4o-mini-2024-07-18\","
                          "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":%u,"
                          "\"total_tokens\":%u}}\n\ndata: [DONE]\n\n",
                          n_tokens, n_tokens + 12);
}

static GBytes *
make_sse_tokens (guint n_tokens)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_tokens; i++)
    append_sse_event (out, i);
  append_sse_end (out, n_tokens);

  return g_string_free_to_bytes (out);
}

static GBytes *
make_sse_size (gsize target)
{
  GString *out = g_string_sized_new (target + 1024);
  guint i = 0;

  while (out->len < target)
    append_sse_event (out, i++);
  append_sse_end (out, i);

  return g_string_free_to_bytes (out);
}

static GBytes *
make_ndjson_size (gsize target)
{
  GString *out = g_string_sized_new (target + 1024);
  guint i = 0;

  while (out->len < target)
    g_string_append_printf (out,
                            "{\"model\":\"llama3.1:8b\",\"created_at\":\"2024-06-13T10:00:00.100000Z\","
                            "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"done\":false}\n",
                            words[i++ % G_N_ELEMENTS (words)]);
  g_string_append (out,
                   "{\"model\":\"llama3.1:8b\",\"created_at\":\"2024-06-13T10:00:00.394000Z\","
                   "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
                   "\"done\":true,\"prompt_eval_count\":26,\"eval_count\":14}\n");

  return g_string_free_to_bytes (out);
}

/* The text of one OpenAI chunk, or NULL. */
static const char *
chunk_content (JsonNode *root)
{
  JsonObject *object, *choice, *delta;
  JsonArray *choices;
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  node = json_object_get_member (object, "choices");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  choices = json_node_get_array (node);
  if (json_array_get_length (choices) == 0)
    return NULL;
  choice = json_array_get_object_element (choices, 0);
  delta = choice != NULL ? json_object_get_object_member (choice, "delta") : NULL;
  if (delta == NULL || !json_object_has_member (delta, "content"))
    return NULL;

  return json_object_get_string_member (delta, "content");
}

/* Seconds to parse @data; with @decode, each event's JSON too. */
static double
run_sse (GBytes   *data,
         gboolean  decode,
         guint    *out_events)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(JsonParser) json = json_parser_new_immutable ();
  g_autoptr(GString) text = g_string_new (NULL);
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);
  gint64 start = g_get_monotonic_time ();
  guint n_events = 0;

  for (gsize offset = 0; offset < len; offset += CHUNK_SIZE)
    {
      if (!sy_sse_parser_feed (parser, bytes + offset, MIN (CHUNK_SIZE, len - offset), events, NULL))
        g_error ("The SSE parser rejected the generated stream");

      n_events += events->len;
      for (guint i = 0; decode && i < events->len; i++)
        {
          SySseEvent *event = g_ptr_array_index (events, i);
          const char *content;

          if (strcmp (event->data, "[DONE]") == 0)
            continue;
          if (!json_parser_load_from_data (json, event->data, -1, NULL))
            g_error ("An event is not JSON");
          content = chunk_content (json_parser_get_root (json));
          if (content != NULL)
            g_string_append (text, content);
        }
      g_ptr_array_set_size (events, 0);
    }
  sy_sse_parser_finish (parser);

  *out_events = n_events;

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
run_ndjson (GBytes *data,
            guint  *out_lines)
{
  g_autoptr(SyNdjsonParser) parser = sy_ndjson_parser_new ();
  g_autoptr(GPtrArray) items = sy_ndjson_item_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);
  gint64 start = g_get_monotonic_time ();
  guint n_lines = 0;

  for (gsize offset = 0; offset < len; offset += CHUNK_SIZE)
    {
      sy_ndjson_parser_feed (parser, bytes + offset, MIN (CHUNK_SIZE, len - offset), items);
      n_lines += items->len;
      for (guint i = 0; i < items->len; i++)
        {
          SyNdjsonItem *item = g_ptr_array_index (items, i);
          JsonObject *message;

          if (item->error != NULL)
            g_error ("Line %u: %s", item->line, item->error->message);
          message = json_object_get_object_member (item->object, "message");
          if (message != NULL)
            g_string_append (text, json_object_get_string_member (message, "content"));
        }
      g_ptr_array_set_size (items, 0);
    }
  sy_ndjson_parser_finish (parser, items);

  *out_lines = n_lines + items->len;

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_parsers (guint size_mb,
               guint runs)
{
  g_autoptr(GBytes) sse = make_sse_size ((gsize) size_mb * MB);
  g_autoptr(GBytes) ndjson = make_ndjson_size ((gsize) size_mb * MB);
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) decode = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (double));
  double sse_mb = g_bytes_get_size (sse) / MB;
  double ndjson_mb = g_bytes_get_size (ndjson) / MB;
  double parse_rate;
  guint n_events = 0, n_lines = 0;

  for (guint i = 0; i < runs; i++)
    {
      double t;

      t = run_sse (sse, FALSE, &n_events);
      g_array_append_val (parse, t);
      t = run_sse (sse, TRUE, &n_events);
      g_array_append_val (decode, t);
      t = run_ndjson (ndjson, &n_lines);
      g_array_append_val (lines, t);
    }

  parse_rate = sse_mb / median (parse);
  printf ("(a) parsers: %.1f MB SSE (%u events), %.1f MB NDJSON (%u lines), %d KiB pieces, median of %u runs\n",
          sse_mb, n_events, ndjson_mb, n_lines, CHUNK_SIZE / 1024, runs);
  printf ("    SSE parser alone:                  %8.0f MB/s\n", parse_rate);
  printf ("    SSE parser + JSON decode + append: %8.0f MB/s (%.0f events/s)\n",
          sse_mb / median (decode), n_events / median (decode));
  printf ("    NDJSON parser (decodes each line) + append: %8.0f MB/s (%.0f lines/s)\n",
          ndjson_mb / median (lines), n_lines / median (lines));
  printf ("goal: SSE parser alone >= 500 MB/s: %s\n", parse_rate >= 500 ? "met" : "NOT met");
}

/* (b) The server, on its own thread so it never waits for the client
 * being measured. */

typedef struct
{
  GBytes       *body;
  GMainContext *context;
  GMainLoop    *loop;
  char         *base_url;
  GMutex        lock;
  GCond         cond;
} Server;

static void
server_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Server *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize len = g_bytes_get_size (server->body);

  if (strcmp (path, "/v1/chat/completions") != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  /* Chunked, as OpenAI streams, as fast as the socket takes it. */
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  for (gsize offset = 0; offset < len; offset += SERVER_PIECE)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (server->body, offset,
                                                        MIN (SERVER_PIECE, len - offset));

      soup_message_body_append_bytes (body, piece);
    }
  soup_message_body_complete (body);
}

static gpointer
server_thread (gpointer user_data)
{
  Server *server = user_data;
  g_autoptr(SoupServer) soup_server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  soup_server = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup_server, NULL, server_cb, server, NULL);
  if (!soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Cannot listen on loopback: %s", error->message);

  uris = soup_server_get_uris (soup_server);
  g_mutex_lock (&server->lock);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (soup_server);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  GMainLoop    *loop;
  SyChatResult *result;
  GError       *error;
} ChatRun;

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             GString      *view)
{
  g_string_append (view, delta);
}

static void
on_stream_chat_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ChatRun *run = user_data;

  run->result = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* Seconds from sending the request to the whole reply in @view. */
static double
run_backend (const char *base_url,
             guint       n_tokens)
{
  g_autofree char *url = g_strconcat (base_url, "/v1", NULL);
  g_autoptr(SyOpenAIBackend) backend = sy_openai_backend_new (url);
  g_autoptr(SyChatStream) stream = sy_chat_stream_new ("gpt-4o-mini");
  g_autoptr(GString) view = g_string_new (NULL);
  ChatRun run = { 0 };
  gint64 start;
  double seconds;

  sy_chat_stream_add_message (stream, "user", "Write a long story.");
  g_signal_connect (stream, "delta", G_CALLBACK (on_delta_cb), view);
  run.loop = g_main_loop_new (NULL, FALSE);

  start = g_get_monotonic_time ();
  sy_backend_stream_chat_async (SY_BACKEND (backend), stream, NULL, on_stream_chat_cb, &run);
  g_main_loop_run (run.loop);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (run.error != NULL)
    g_error ("The backend failed: %s", run.error->message);
  if (run.result->completion_tokens != n_tokens || view->len != strlen (run.result->text))
    g_error ("The backend lost tokens: %" G_GINT64_FORMAT " of %u", run.result->completion_tokens, n_tokens);

  sy_chat_result_free (run.result);
  g_main_loop_unref (run.loop);

  return seconds;
}

static double
run_curl (const char *curl,
          const char *base_url,
          gsize       expected_bytes)
{
  g_autofree char *url = g_strconcat (base_url, "/v1/chat/completions", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = {
    curl, "-sS", "-N", "-o", "/dev/null", "-w", "%{size_download}",
    "-H", "Content-Type: application/json",
    "--data", "{\"model\":\"gpt-4o-mini\",\"stream\":true}",
    url, NULL,
  };
  gint64 start = g_get_monotonic_time ();
  double seconds;
  int wait_status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &wait_status, &error) ||
      !g_spawn_check_wait_status (wait_status, &error))
    g_error ("curl failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (g_ascii_strtoull (out, NULL, 10) != expected_bytes)
    g_error ("curl read %s bytes, not %" G_GSIZE_FORMAT, out, expected_bytes);

  return seconds;
}

static double
run_curl_startup (const char *curl)
{
  const char *argv[] = { curl, "--version", NULL };
  gint64 start = g_get_monotonic_time ();

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_end_to_end (guint n_tokens,
                  guint runs)
{
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autoptr(GArray) backend_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) startup_times = g_array_new (FALSE, FALSE, sizeof (double));
  Server server = { 0 };
  GThread *thread;
  double backend_s;

  server.body = make_sse_tokens (n_tokens);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_init (&server.lock);
  g_cond_init (&server.cond);

  thread = g_thread_new ("bench-server", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (server.base_url == NULL)
    g_cond_wait (&server.cond, &server.lock);
  g_mutex_unlock (&server.lock);

  /* One of each to warm up connections, caches and the page cache. */
  run_backend (server.base_url, n_tokens);
  if (curl != NULL)
    run_curl (curl, server.base_url, g_bytes_get_size (server.body));

  /* Interleaved, so a slow moment of the machine hits both. */
  for (guint i = 0; i < runs; i++)
    {
      double t = run_backend (server.base_url, n_tokens);

      g_array_append_val (backend_times, t);
      if (curl != NULL)
        {
          t = run_curl (curl, server.base_url, g_bytes_get_size (server.body));
          g_array_append_val (curl_times, t);
          t = run_curl_startup (curl);
          g_array_append_val (startup_times, t);
        }
    }

  backend_s = median (backend_times);
  printf ("(b) end to end: %u tokens, %.1f MB of SSE from a loopback SoupServer, median of %u runs\n",
          n_tokens, g_bytes_get_size (server.body) / MB, runs);
  printf ("    SyOpenAIBackend -> GString: %8.1f ms (%.0f tokens/s)\n",
          backend_s * 1000, n_tokens / backend_s);
  if (curl != NULL)
    {
      double curl_s = median (curl_times);
      double ratio = backend_s / curl_s;

      printf ("    curl -N -o /dev/null:       %8.1f ms (of which %.1f ms is curl starting: `curl --version`)\n",
              curl_s * 1000, median (startup_times) * 1000);
      printf ("    backend / curl:             %8.2fx\n", ratio);
      printf ("goal: <= 1.1x curl's time: %s\n", ratio <= 1.1 ? "met" : "NOT met");
    }
  else
    {
      printf ("    curl not found: no comparison (apt-get install curl)\n");
      printf ("goal: <= 1.1x curl's time: not measured\n");
    }

  g_main_context_invoke (server.context, quit_cb, server.loop);
  g_thread_join (thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_bytes_unref (server.body);
  g_free (server.base_url);
  g_mutex_clear (&server.lock);
  g_cond_clear (&server.cond);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int size_mb = 50, tokens = 100000, runs = 5;
  const GOptionEntry entries[] = {
    { "size-mb", 0, 0, G_OPTION_ARG_INT, &size_mb, "Size of the generated streams for (a) (default: 50)", "MB" },
    { "tokens", 0, 0, G_OPTION_ARG_INT, &tokens, "Tokens in the stream for (b) (default: 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement; the median is shown (default: 5)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— stream parser and backend throughput");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (size_mb < 1 || tokens < 1 || runs < 1)
    {
      fprintf (stderr, "--size-mb, --tokens and --runs must be at least 1\n");
      return 2;
    }

  bench_parsers (size_mb, runs);
  fflush (stdout);
  bench_end_to_end (tokens, runs);

  return 0;
}
