/* bench-stream.c: how fast replies stream in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (a) The stream parsers on a large generated stream in memory, fed in
 *     64 KiB pieces as a socket would hand them over: the SSE parser
 *     alone (with a copy of each event, and through the callback the
 *     backend uses), then with each event decoded and its text appended,
 *     once through json-glib and once the way SyOpenAIBackend does (the
 *     fast path, json-glib when it declines); the same two ways for
 *     NDJSON lines and SyOllamaBackend. Goal: the SSE parser alone
 *     >= 500 MB/s.
 * (b) A 100,000-token OpenAI stream from a loopback SoupServer (in its own
 *     thread) through SyOpenAIBackend into a GString, as the chat view
 *     keeps it, timed against `curl -N` reading the same stream from the
 *     same server in the same run. Goal: ≤ 1.1× curl's time.
 *
 *   bench-stream [--size-mb N] [--tokens N] [--runs N] [--parsers | --end-to-end]
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

#include "sy-backend-private.h"
#include "sy-bench-backend.h"
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

typedef enum
{
  SSE_PARSE_ARRAY,    /* sy_sse_parser_feed (): a copy of each event */
  SSE_PARSE,          /* sy_sse_parser_feed_func (), as the backend reads */
  SSE_DECODE_JSON,    /* and each event through json-glib */
  SSE_DECODE,         /* and each event as SyOpenAIBackend decodes it */
} SseMode;

typedef struct
{
  SseMode        mode;
  SyFastDecoder *fast;
  JsonParser    *json;
  GString    *text;
  guint       n_events;
} SseRun;

static void
decode_json (SseRun     *run,
             const char *data,
             gsize       len)
{
  SyHttpContext context = { .flavor = SY_BACKEND_FLAVOR_OPENAI, .base_url = "http://127.0.0.1" };
  g_autofree char *text = g_strndup (data, len);
  SyChatChunk chunk = { 0 };
  JsonNode *root;

  if (!json_parser_load_from_data (run->json, text, len, NULL) ||
      (root = json_parser_get_root (run->json)) == NULL ||
      !sy_openai_decode_chunk (&context, json_node_get_object (root), &chunk, NULL))
    g_error ("An event is not a chunk");
  if (chunk.delta != NULL)
    g_string_append (run->text, chunk.delta);
  sy_chat_chunk_clear (&chunk);
}

static gboolean
on_event_cb (const SySseEvent  *event,
             gsize              len,
             gpointer           user_data,
             GError           **error)
{
  SseRun *run = user_data;
  SyChatChunk chunk = { 0 };

  run->n_events++;
  if (run->mode == SSE_PARSE || (len == 6 && memcmp (event->data, "[DONE]", 6) == 0))
    return TRUE;

  if (run->mode == SSE_DECODE_JSON)
    {
      decode_json (run, event->data, len);
      return TRUE;
    }

  /* The backend's way: the fast path, json-glib when it declines. */
  if (!sy_openai_decode_chunk_fast (run->fast, event->data, len, TRUE, &chunk))
    {
      decode_json (run, event->data, len);
      return TRUE;
    }
  if (chunk.delta != NULL)
    g_string_append (run->text, chunk.delta);
  sy_chat_chunk_clear (&chunk);

  return TRUE;
}

/* Seconds to read @data in @mode. */
static double
run_sse (GBytes  *data,
         SseMode  mode,
         guint   *out_events,
         gsize   *out_text_len)
{
  g_autoptr(SySseParser) parser = sy_sse_parser_new ();
  g_autoptr(GPtrArray) events = sy_sse_event_array_new ();
  g_autoptr(JsonParser) json = json_parser_new_immutable ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(SyFastDecoder) fast = sy_fast_decoder_new ();
  SseRun run = { mode, fast, json, text, 0 };
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);
  gint64 start = g_get_monotonic_time ();

  for (gsize offset = 0; offset < len; offset += CHUNK_SIZE)
    {
      gsize piece = MIN (CHUNK_SIZE, len - offset);

      if (mode == SSE_PARSE_ARRAY)
        {
          if (!sy_sse_parser_feed (parser, bytes + offset, piece, events, NULL))
            g_error ("The SSE parser rejected the generated stream");
          run.n_events += events->len;
          g_ptr_array_set_size (events, 0);
        }
      else if (!sy_sse_parser_feed_func (parser, bytes + offset, piece, on_event_cb, &run, NULL))
        {
          g_error ("The SSE parser rejected the generated stream");
        }
    }
  sy_sse_parser_finish (parser);

  *out_events = run.n_events;
  *out_text_len = text->len;

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gboolean
on_line_cb (SyNdjsonParser  *parser,
            guint            line,
            const char      *text,
            gsize            len,
            gpointer         user_data,
            GError         **error)
{
  SyHttpContext context = { .flavor = SY_BACKEND_FLAVOR_OLLAMA, .base_url = "http://127.0.0.1" };
  g_autoptr(SyNdjsonItem) item = NULL;
  SyChatChunk chunk = { 0 };

  /* SyOllamaBackend's way: the fast path, json-glib when it declines. */
  if (text != NULL && g_utf8_validate_len (text, len, NULL) &&
      sy_ollama_decode_line_fast (text, len, &chunk))
    {
      if (chunk.delta != NULL)
        g_string_append (user_data, chunk.delta);
      sy_chat_chunk_clear (&chunk);
      return TRUE;
    }

  item = sy_ndjson_parser_parse_line (parser, line, text, len);
  if (item->error != NULL)
    g_error ("Line %u: %s", item->line, item->error->message);
  if (!sy_ollama_decode_line (&context, item->object, &chunk, NULL))
    g_error ("Line %u is an error", item->line);
  if (chunk.delta != NULL)
    g_string_append (user_data, chunk.delta);
  sy_chat_chunk_clear (&chunk);

  return TRUE;
}

/* Seconds to read @data: each line through json-glib, or (@fast) as the
 * backend reads it. */
static double
run_ndjson (GBytes   *data,
            gboolean  fast,
            guint    *out_lines,
            gsize    *out_text_len)
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
      if (fast)
        {
          sy_ndjson_parser_feed_func (parser, bytes + offset, MIN (CHUNK_SIZE, len - offset),
                                      on_line_cb, text, NULL);
          continue;
        }

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
  if (fast)
    sy_ndjson_parser_finish_func (parser, on_line_cb, text, NULL);
  else
    sy_ndjson_parser_finish (parser, items);

  if (!fast)
    *out_lines = n_lines + items->len;
  *out_text_len = text->len;

  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_parsers (guint size_mb,
               guint runs)
{
  static const char *labels[] = {
    "SSE parser alone (event copies):   ",
    "SSE parser alone (as the backend): ",
    "SSE parser + json-glib + append:   ",
    "SSE parser + backend decode + append:",
  };
  g_autoptr(GBytes) sse = make_sse_size ((gsize) size_mb * MB);
  g_autoptr(GBytes) ndjson = make_ndjson_size ((gsize) size_mb * MB);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fast_lines = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *times[G_N_ELEMENTS (labels)];
  double sse_mb = g_bytes_get_size (sse) / MB;
  double ndjson_mb = g_bytes_get_size (ndjson) / MB;
  double parse_rate;
  guint n_events = 0, n_lines = 0;
  gsize text_len = 0, fast_len = 0, ndjson_len = 0, ndjson_fast_len = 0;

  for (guint m = 0; m < G_N_ELEMENTS (labels); m++)
    times[m] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < runs; i++)
    {
      double t;

      for (guint m = 0; m < G_N_ELEMENTS (labels); m++)
        {
          t = run_sse (sse, m, &n_events, m == SSE_DECODE ? &fast_len : &text_len);
          g_array_append_val (times[m], t);
        }
      t = run_ndjson (ndjson, FALSE, &n_lines, &ndjson_len);
      g_array_append_val (lines, t);
      t = run_ndjson (ndjson, TRUE, &n_lines, &ndjson_fast_len);
      g_array_append_val (fast_lines, t);
    }

  if (fast_len != text_len)
    g_error ("The backend's decoder gave %" G_GSIZE_FORMAT " bytes of text, json-glib %" G_GSIZE_FORMAT,
             fast_len, text_len);

  if (ndjson_fast_len != ndjson_len)
    g_error ("The Ollama backend's decoder gave %" G_GSIZE_FORMAT " bytes of text, json-glib %" G_GSIZE_FORMAT,
             ndjson_fast_len, ndjson_len);

  parse_rate = sse_mb / median (times[SSE_PARSE]);
  printf ("(a) parsers: %.1f MB SSE (%u events), %.1f MB NDJSON (%u lines), %d KiB pieces, median of %u runs\n",
          sse_mb, n_events, ndjson_mb, n_lines, CHUNK_SIZE / 1024, runs);
  for (guint m = 0; m < G_N_ELEMENTS (labels); m++)
    {
      double t = median (times[m]);

      printf ("    %s %8.0f MB/s (%.0f events/s)\n", labels[m], sse_mb / t, n_events / t);
      g_array_unref (times[m]);
    }
  printf ("    NDJSON parser + json-glib + append:   %8.0f MB/s (%.0f lines/s)\n",
          ndjson_mb / median (lines), n_lines / median (lines));
  printf ("    NDJSON parser + backend decode + append: %5.0f MB/s (%.0f lines/s)\n",
          ndjson_mb / median (fast_lines), n_lines / median (fast_lines));
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

/* Seconds from sending the request to the whole reply in @view. */
static double
run_backend (const char *base_url,
             guint       n_tokens)
{
  g_autofree char *url = g_strconcat (base_url, "/v1", NULL);
  g_autoptr(SyOpenAIBackend) backend = sy_openai_backend_new (url);
  g_autoptr(SyChatStream) stream = sy_chat_stream_new ("gpt-4o-mini");
  g_autoptr(GString) view = g_string_new (NULL);
  SyChatResult *result = NULL;
  double seconds;

  sy_chat_stream_add_message (stream, "user", "Write a long story.");
  seconds = sy_bench_stream_into_string (SY_BACKEND (backend), stream, view, &result);
  if (result->completion_tokens != n_tokens || view->len != strlen (result->text))
    g_error ("The backend lost tokens: %" G_GINT64_FORMAT " of %u", result->completion_tokens, n_tokens);
  sy_chat_result_free (result);

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
  gboolean only_parsers = FALSE, only_end_to_end = FALSE;
  const GOptionEntry entries[] = {
    { "size-mb", 0, 0, G_OPTION_ARG_INT, &size_mb, "Size of the generated streams for (a) (default: 50)", "MB" },
    { "tokens", 0, 0, G_OPTION_ARG_INT, &tokens, "Tokens in the stream for (b) (default: 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each measurement; the median is shown (default: 5)", "N" },
    { "parsers", 0, 0, G_OPTION_ARG_NONE, &only_parsers, "Only (a), the parsers", NULL },
    { "end-to-end", 0, 0, G_OPTION_ARG_NONE, &only_end_to_end, "Only (b), the loopback stream", NULL },
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

  if (!only_end_to_end)
    bench_parsers (size_mb, runs);
  fflush (stdout);
  if (!only_parsers)
    bench_end_to_end (tokens, runs);

  return 0;
}
