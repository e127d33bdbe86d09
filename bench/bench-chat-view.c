/* bench-chat-view.c: how the chat page keeps up with a long reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under Xvfb (`xvfb-run -a -s "-screen 0 1920x1080x24"`), against a
 * loopback SoupServer speaking Ollama's NDJSON /api/chat. The server runs
 * in a forked process, so the app's CPU time (getrusage) is the app's
 * alone; each scenario runs in a process of its own, so each peak RSS is
 * its own.
 *
 * (a) backend: the reply streamed as fast as the socket takes it through
 *     SyOllamaBackend into a GString (no view), median of 3 runs.
 * (b) fast: the same reply into the real SyChatPage: time until the last
 *     token is on screen (rendered by the row and painted), against (a):
 *     goal <= 1.5x; the longest main-loop stall while streaming (a
 *     high-priority 1 ms timeout): goal <= 50 ms; app CPU time; peak RSS;
 *     frame times.
 * (c) paced: a reply sent at a fixed rate (200 tokens/s): the lag between
 *     a token being sent and shown, early and late in the stream (it must
 *     not grow), and frame times (before-paint to after-paint): goal p95
 *     < 16 ms.
 * (d) open: a conversation of many messages handed to the page: time to
 *     the first frame, and to the first frame showing the last message.
 *
 * (e) screenshot (only on request): saves a conversation with a long reply
 *     in $SWITCHYARD_DATA_DIR, for running the app on it.
 * (f) history (only on request): saves --conversations (5,000) in
 *     $SWITCHYARD_DATA_DIR, for running the app on them.
 * (g) sidebar: the page made with none and with --conversations on disk:
 *     its first frame, the list filled, a text search, the longest stall.
 *
 *   bench-chat-view [--tokens N] [--paced-tokens N] [--rate N] [--messages N]
 *                   [--conversations N]
 *                   [--scenario backend|fast|paced|open|sidebar|screenshot|history]
 *
 * Not a timed test: it prints the figures.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "sy-backend-private.h"
#include "sy-bench-backend.h"
#include "sy-chat-page-private.h"
#include "sy-message-row.h"

#define SERVER_PIECE (16 * 1024)

static int n_tokens = 100000;
static int paced_tokens = 30000;
static int rate = 200;
static int n_messages = 10000;

/* A reply as a model writes it: headings, paragraphs, bold, inline code,
 * links, two-item lists, fenced code blocks. "%u" is the section number. */
static const char *section[] = {
  "##", " Step", " %u", "\n\n",
  "The", " **", "retrieval", "**", " step", " reads", " `", "index_%u", "`", " and", " checks",
  " [", "the", " docs", "](", "https://example.org/%u", ")", " before", " it", " answers", ".",
  " Each", " query", " is", " embedded", ",", " compared", " with", " the", " stored", " vectors",
  ",", " and", " the", " best", " matches", " are", " passed", " on", ".", "\n\n",
  "-", " first", " item", " with", " `", "code", "`", "\n",
  "-", " second", " item", ",", " café", "\n\n",
  "```", "c", "\n",
  "int", " step_%u", " (", "void", ")", "\n", "{", "\n", "  ", "return", " %u", ";", "\n", "}", "\n",
  "```", "\n\n",
  "Then", " the", " *", "model", "*", " writes", " the", " reply", " →", " done", ".", "\n\n",
};

/* Shared with the server process: when each token went out. */
typedef struct
{
  int     port;
  gint64  start;
  gint64  sent[];   /* monotonic µs, 0 until sent */
} Shared;

static Shared *shared;

/* Auxiliary functions */

static GPtrArray *
make_tokens (guint count)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; tokens->len < count; i++)
    {
      const char *token = section[i % G_N_ELEMENTS (section)];
      guint number = i / G_N_ELEMENTS (section) + 1;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_ptr_array_add (tokens, strstr (token, "%u") ? g_strdup_printf (token, number) : g_strdup (token));
#pragma GCC diagnostic pop
    }

  return tokens;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_line (GString    *out,
             const char *token)
{
  g_string_append (out, "{\"model\":\"llama3.1:8b\",\"created_at\":\"2024-06-13T10:00:00.1Z\","
                        "\"message\":{\"role\":\"assistant\",\"content\":");
  append_json_string (out, token);
  g_string_append (out, "},\"done\":false}\n");
}

static void
append_done (GString *out,
             guint    count)
{
  g_string_append_printf (out, "{\"model\":\"llama3.1:8b\",\"created_at\":\"2024-06-13T10:00:01Z\","
                               "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
                               "\"done\":true,\"total_duration\":1000000000,\"prompt_eval_count\":12,"
                               "\"prompt_eval_duration\":1000000,\"eval_count\":%u,\"eval_duration\":900000000}\n",
                          count);
}

static char *
join_tokens (GPtrArray *tokens)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    g_string_append (text, g_ptr_array_index (tokens, i));

  return g_string_free (text, FALSE);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  if (values->len == 0)
    return 0;
  qsort (values->data, values->len, sizeof (double), compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The main thread's CPU time, µs: what a frame costs, however busy the
 * machine is. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* @pid's CPU time so far in seconds, from the scheduler's own count (ns,
 * where /proc/PID/stat counts 10 ms ticks) */
static double
process_cpu_seconds (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/schedstat", (int) pid);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  return g_ascii_strtod (contents, NULL) / 1e9;
}

/* The machine's share of a stream: the server and the app each need the
 * CPU they used, and the cores can at best share it evenly. */
static void
print_cpu_bound (double app_cpu,
                 double main_cpu,
                 double server_cpu)
{
  guint cores = g_get_num_processors ();

  printf ("    CPU while streaming: app %.0f ms (main thread %.0f ms), server %.0f ms;"
          " on %u cores no less than %.0f ms of wall time\n",
          app_cpu * 1000, main_cpu * 1000, server_cpu * 1000, cores,
          MAX (main_cpu, (app_cpu + server_cpu) / cores) * 1000);
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* The server process ------------------------------------------------------- */

typedef struct
{
  GPtrArray         *tokens;
  GBytes            *body;     /* the whole stream, for the fast scenarios */
  gboolean           paced;
  SoupServerMessage *msg;
  guint              next;
} Server;

static gboolean
send_due_cb (gpointer user_data)
{
  Server *server = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (server->msg);
  guint due = MIN (server->tokens->len,
                   (g_get_monotonic_time () - shared->start) * rate / G_USEC_PER_SEC + 1);
  g_autoptr(GString) out = g_string_new (NULL);
  guint first = server->next;

  for (; server->next < due; server->next++)
    append_line (out, g_ptr_array_index (server->tokens, server->next));
  if (out->len > 0)
    {
      gint64 now = g_get_monotonic_time ();

      soup_message_body_append (body, SOUP_MEMORY_COPY, out->str, out->len);
      for (guint i = first; i < due; i++)
        shared->sent[i] = now;
    }

  if (server->next == server->tokens->len)
    {
      g_string_truncate (out, 0);
      append_done (out, server->tokens->len);
      soup_message_body_append (body, SOUP_MEMORY_COPY, out->str, out->len);
      soup_message_body_complete (body);
      soup_server_message_unpause (server->msg);
      g_clear_object (&server->msg);
      return G_SOURCE_REMOVE;
    }

  soup_server_message_unpause (server->msg);
  return G_SOURCE_CONTINUE;
}

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
  gsize len;

  if (strcmp (path, "/api/tags") == 0)
    {
      static const char tags[] = "{\"models\":[{\"name\":\"llama3.1:8b\",\"size\":4920753328,"
                                 "\"details\":{\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"}}]}";

      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, tags, strlen (tags));
      soup_server_message_set_status (msg, 200, NULL);
      return;
    }
  if (strcmp (path, "/api/chat") != 0)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/x-ndjson", NULL);

  if (server->paced)
    {
      /* One line per token, each when it is due. */
      memset (shared->sent, 0, server->tokens->len * sizeof (gint64));
      shared->start = g_get_monotonic_time ();
      server->next = 0;
      g_set_object (&server->msg, msg);
      soup_server_message_pause (msg);
      g_timeout_add (1, send_due_cb, server);
      return;
    }

  /* As fast as the socket takes it. */
  len = g_bytes_get_size (server->body);
  for (gsize offset = 0; offset < len; offset += SERVER_PIECE)
    {
      g_autoptr(GBytes) piece = g_bytes_new_from_bytes (server->body, offset, MIN (SERVER_PIECE, len - offset));

      soup_message_body_append_bytes (body, piece);
    }
  soup_message_body_complete (body);
}

static G_GNUC_NORETURN void
run_server (GPtrArray *tokens,
            gboolean   paced,
            int        ready_fd)
{
  g_autoptr(SoupServer) soup_server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Server server = { tokens, NULL, paced, NULL, 0 };
  GString *body = g_string_new (NULL);
  GSList *uris;
  char ok = 1;

  for (guint i = 0; i < tokens->len; i++)
    append_line (body, g_ptr_array_index (tokens, i));
  append_done (body, tokens->len);
  server.body = g_string_free_to_bytes (body);

  soup_server_add_handler (soup_server, NULL, server_cb, &server, NULL);
  if (!soup_server_listen_local (soup_server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("Cannot listen on loopback: %s", error->message);
  uris = soup_server_get_uris (soup_server);
  shared->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (write (ready_fd, &ok, 1) != 1)
    _exit (1);
  close (ready_fd);

  g_main_loop_run (loop);
  _exit (0);
}

/* Forked before GTK or any thread starts; the parent kills it by its id. */
static pid_t
start_server (GPtrArray *tokens,
              gboolean   paced)
{
  int fds[2];
  pid_t pid;
  char ok;

  shared = mmap (NULL, sizeof (Shared) + tokens->len * sizeof (gint64), PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED || pipe (fds) != 0)
    g_error ("Cannot share memory with the server");

  pid = fork ();
  if (pid == 0)
    {
      /* Not outliving the benchmark, however it ends */
      prctl (PR_SET_PDEATHSIG, SIGTERM);
      close (fds[0]);
      run_server (tokens, paced, fds[1]);
    }
  close (fds[1]);
  if (pid < 0 || read (fds[0], &ok, 1) != 1)
    g_error ("The server did not start");
  close (fds[0]);

  return pid;
}

static void
stop_server (pid_t pid)
{
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
}

static char *
server_url (void)
{
  return g_strdup_printf ("http://127.0.0.1:%d", shared->port);
}

/* (a) the backend alone ---------------------------------------------------- */

static double
run_backend_once (const char *expected)
{
  g_autofree char *url = server_url ();
  g_autoptr(SyOllamaBackend) backend = sy_ollama_backend_new (url);
  g_autoptr(SyChatStream) stream = sy_chat_stream_new ("llama3.1:8b");
  g_autoptr(GString) view = g_string_new (NULL);
  SyChatResult *result = NULL;
  double seconds;

  sy_chat_stream_add_message (stream, "user", "Write a long answer.");
  seconds = sy_bench_stream_into_string (SY_BACKEND (backend), stream, view, &result);
  if (strcmp (view->str, expected) != 0)
    g_error ("The backend lost tokens");
  sy_chat_result_free (result);

  return seconds;
}

static void
bench_backend (void)
{
  g_autoptr(GPtrArray) tokens = make_tokens (n_tokens);
  g_autofree char *expected = join_tokens (tokens);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  pid_t pid = start_server (tokens, FALSE);
  double cpu = cpu_seconds ();
  double main_cpu = thread_cpu_us () / 1e6;
  double server_cpu = process_cpu_seconds (pid);

  run_backend_once (expected);
  for (guint i = 0; i < 3; i++)
    {
      double t = run_backend_once (expected);

      g_array_append_val (times, t);
    }
  cpu = (cpu_seconds () - cpu) / 4;
  server_cpu = (process_cpu_seconds (pid) - server_cpu) / 4;
  main_cpu = (thread_cpu_us () / 1e6 - main_cpu) / 4;
  stop_server (pid);

  printf ("(a) backend alone: %d tokens (%.2f MB of Markdown) -> GString\n", n_tokens, strlen (expected) / 1e6);
  printf ("    time: %.0f ms (median of 3), CPU %.2f s per run, peak RSS %.0f MB\n",
          percentile (times, 0.5) * 1000, cpu, peak_rss_mb ());
  print_cpu_bound (cpu, main_cpu, server_cpu);
  printf ("BACKEND_MS=%.1f\n", percentile (times, 0.5) * 1000);
}

/* The page ----------------------------------------------------------------- */

typedef struct
{
  GtkWindow    *window;
  SyChatPage   *page;
  GSettings    *settings;
  char         *data_dir;

  /* Measurements */
  gint64        frame_start;
  gint64        frame_cpu_start;
  GArray       *frame_ms;
  GArray       *frame_cpu_ms;   /* the main thread's CPU time in each frame */
  GArray       *phase_ms[3];    /* update (tick callbacks), layout, paint */
  gint64        last_tick;
  double        max_stall_ms;
  gboolean      measuring;

  /* The reply being watched */
  gsize         expected_len;
  gint64        shown_at;      /* the last token on screen */
  gint64        read_at;       /* … and the reply read to its end */
  gint64        sent_at;       /* the prompt sent */
  const gsize  *token_ends;    /* paced: byte offset after each token */
  guint         n_token_ends;
  GArray       *lag_ms;        /* paced: per frame */
  GArray       *lag_at;        /* paced: the token each lag sample is for */

  gint64        opened_at;     /* the page created */
  gint64        drawn_at;      /* … and its window's first frame drawn */
  gint64        loaded_at;     /* … and its conversations loaded */

  /* open */
  SyMessage    *last;
  gint64        first_frame_at;
  gint64        rows_shown_at;
  gint64        last_shown_at;
} Page;

/* The mapped row showing @message (any message when NULL) */
static SyMessageRow *
find_row (GtkWidget *widget,
          SyMessage *message)
{
  if (SY_IS_MESSAGE_ROW (widget))
    return (message == NULL ? sy_message_row_get_message (SY_MESSAGE_ROW (widget)) != NULL
                            : sy_message_row_get_message (SY_MESSAGE_ROW (widget)) == message) &&
           gtk_widget_get_mapped (widget) && sy_message_row_get_shown_length (SY_MESSAGE_ROW (widget)) > 0
           ? SY_MESSAGE_ROW (widget) : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      SyMessageRow *row = find_row (child, message);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static SyMessage *
last_message (Page *page)
{
  SyConversation *conversation = sy_chat_page_get_conversation (page->page);
  GListModel *messages;
  g_autoptr(SyMessage) message = NULL;

  if (conversation == NULL)
    return NULL;
  messages = sy_conversation_get_messages (conversation);
  if (g_list_model_get_n_items (messages) == 0)
    return NULL;
  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

  return message;   /* the conversation keeps it */
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  Page *page = user_data;
  gint64 now = g_get_monotonic_time ();

  if (page->measuring && page->last_tick != 0)
    page->max_stall_ms = MAX (page->max_stall_ms, (now - page->last_tick) / 1000.0);
  page->last_tick = now;

  return G_SOURCE_CONTINUE;
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Page          *page)
{
  page->frame_start = g_get_monotonic_time ();
  page->frame_cpu_start = thread_cpu_us ();
}

/* Where a frame's time goes: the tick callbacks (a reply rendered),
 * measuring and allocating, drawing. GTK connects its own handlers to
 * these phases while a frame runs (after any of ours), so a phase starts
 * when its emission does: emission hooks run before every handler. */
static Page *phase_page;
static gint64 phase_starts[3];   /* update, layout, paint */
static gulong phase_hooks[3];

static gboolean
on_phase_emitted_cb (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  guint phase = GPOINTER_TO_UINT (user_data);

  /* The layout phase may run more than once in a frame: the first counts. */
  if (phase_page != NULL && (phase != 1 || phase_starts[1] == 0))
    phase_starts[phase] = g_get_monotonic_time ();

  return TRUE;
}

static void
end_frame_phases (Page  *page,
                  gint64 now)
{
  gint64 ends[3] = { phase_starts[1], phase_starts[2], now };

  for (guint i = 0; i < 3; i++)
    if (phase_starts[i] != 0 && ends[i] >= phase_starts[i])
      {
        double ms = (ends[i] - phase_starts[i]) / 1000.0;

        g_array_append_val (page->phase_ms[i], ms);
      }
  memset (phase_starts, 0, sizeof phase_starts);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Page          *page)
{
  gint64 now = g_get_monotonic_time ();
  SyMessage *message;
  SyMessageRow *row;
  gsize shown;

  if (page->measuring && page->frame_start != 0)
    {
      double ms = (now - page->frame_start) / 1000.0;
      double cpu_ms = (thread_cpu_us () - page->frame_cpu_start) / 1000.0;

      g_array_append_val (page->frame_ms, ms);
      g_array_append_val (page->frame_cpu_ms, cpu_ms);
      end_frame_phases (page, now);
    }
  memset (phase_starts, 0, sizeof phase_starts);

  if (page->last != NULL)
    {
      /* open: the first frame, the first showing messages, the first
       * showing the last one (if the page scrolls there by itself) */
      if (page->first_frame_at == 0)
        page->first_frame_at = now;
      if (page->rows_shown_at == 0 && find_row (GTK_WIDGET (page->page), NULL) != NULL)
        page->rows_shown_at = now;
      if (page->last_shown_at == 0 && find_row (GTK_WIDGET (page->page), page->last) != NULL)
        page->last_shown_at = now;
      return;
    }

  if (page->expected_len == 0 || page->shown_at != 0)
    return;
  message = last_message (page);
  if (message == NULL || !sy_message_is_reply (message))
    return;
  row = find_row (GTK_WIDGET (page->page), message);
  shown = row != NULL ? sy_message_row_get_shown_length (row) : 0;

  if (page->token_ends != NULL && shown > 0)
    {
      /* The last token wholly on screen, and when it was sent */
      guint lo = 0, hi = page->n_token_ends;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (page->token_ends[mid] <= shown)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo > 0 && shared->sent[lo - 1] != 0)
        {
          double lag = (now - shared->sent[lo - 1]) / 1000.0;
          double at = lo - 1;

          g_array_append_val (page->lag_ms, lag);
          g_array_append_val (page->lag_at, at);
        }
    }

  if (shown >= page->expected_len && sy_message_get_state (message) != SY_MESSAGE_STATE_STREAMING)
    page->shown_at = now;
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
page_open (Page *page)
{
  static GtkCssProvider *css;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = server_url ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyPilotLog) pilot_log = sy_pilot_log_new (NULL);
  g_autoptr(SyContext) context = NULL;
  GdkFrameClock *clock;

  if (page->data_dir == NULL)
    page->data_dir = g_dir_make_tmp ("sy-bench-chat-view-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", page->data_dir, TRUE);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  page->settings = g_settings_new (APP_ID);
  g_settings_set_boolean (page->settings, "chat-compare", FALSE);
  g_settings_set_uint (page->settings, "pilot-shadow-share", 0);
  g_settings_set_string (page->settings, "chat-backend", "ollama");
  g_settings_set_string (page->settings, "chat-local-url", url);
  g_settings_set_string (page->settings, "chat-local-model", "llama3.1:8b");

  context = g_object_new (SY_TYPE_CONTEXT,
                          "settings", page->settings,
                          "cost-model", model,
                          "router", router,
                          "pilot-log", pilot_log,
                          NULL);
  page->opened_at = g_get_monotonic_time ();
  page->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (page->window, 1000, 700);
  page->page = SY_CHAT_PAGE (sy_chat_page_new (context));
  gtk_window_set_child (page->window, GTK_WIDGET (page->page));
  gtk_window_present (page->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (page->window));
  page->drawn_at = g_get_monotonic_time ();
  /* Stalls are counted from here: the first frame is not one. */
  page->max_stall_ms = 0;
  page->last_tick = 0;
  /* The model list comes from the server. */
  iterate_for (300);

  page->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  page->frame_cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  page->lag_ms = g_array_new (FALSE, FALSE, sizeof (double));
  page->lag_at = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < G_N_ELEMENTS (page->phase_ms); i++)
    page->phase_ms[i] = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (page->window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), page);
  phase_page = page;
  if (phase_hooks[0] == 0)
    {
      const char *phases[] = { "update", "layout", "paint" };

      for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
        phase_hooks[i] = g_signal_add_emission_hook (g_signal_lookup (phases[i], GDK_TYPE_FRAME_CLOCK), 0,
                                                     on_phase_emitted_cb, GUINT_TO_POINTER (i), NULL);
    }
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), page);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_tick_cb, page, NULL);
}

static void
page_close (Page *page)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (page->window));

  g_signal_handlers_disconnect_by_data (clock, page);
  g_source_remove_by_user_data (page);
  phase_page = NULL;
  gtk_window_destroy (page->window);
  iterate_for (200);
  g_object_unref (page->settings);
  g_array_unref (page->frame_ms);
  g_array_unref (page->frame_cpu_ms);
  g_array_unref (page->lag_ms);
  g_array_unref (page->lag_at);
  for (guint i = 0; i < G_N_ELEMENTS (page->phase_ms); i++)
    g_array_unref (page->phase_ms[i]);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", page->data_dir);

    if (system (command) != 0)
      g_warning ("Could not remove %s", page->data_dir);
  }
  g_free (page->data_dir);
}

/* A conversation as the store keeps it (the store holds the reference) */
static SyConversation *
add_conversation (Page       *page,
                  const char *title)
{
  return sy_conversation_store_create (sy_chat_page_get_store (page->page), title);
}

/* Opened as a person opens it: its row in the list of conversations */
static void
select_conversation (Page *page)
{
  gtk_single_selection_set_selected (page->page->conversation_selection, 0);
}

static double
stream_into_page (Page       *page,
                  const char *expected,
                  double      limit_s)
{
  gint64 start, deadline;

  page->expected_len = strlen (expected);
  page->shown_at = 0;
  page->max_stall_ms = 0;
  page->last_tick = 0;
  g_array_set_size (page->frame_ms, 0);
  g_array_set_size (page->frame_cpu_ms, 0);
  for (guint i = 0; i < G_N_ELEMENTS (page->phase_ms); i++)
    g_array_set_size (page->phase_ms[i], 0);

  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (page->page), "Write a long answer.", -1);
  start = g_get_monotonic_time ();
  deadline = start + limit_s * G_USEC_PER_SEC;
  page->measuring = TRUE;
  if (!gtk_widget_activate_action (GTK_WIDGET (page->page), "chat.send", NULL))
    g_error ("Cannot send");

  page->sent_at = start;
  page->read_at = 0;
  while (page->shown_at == 0 && g_get_monotonic_time () < deadline)
    {
      SyMessage *message;

      g_main_context_iteration (NULL, TRUE);
      /* Where the time goes: reading the reply, then showing its end */
      if (page->read_at == 0 && (message = last_message (page)) != NULL && sy_message_is_reply (message) &&
          sy_message_get_state (message) != SY_MESSAGE_STATE_STREAMING)
        page->read_at = g_get_monotonic_time ();
    }
  page->measuring = FALSE;

  if (page->shown_at == 0)
    {
      SyMessage *message = last_message (page);

      printf ("    NOT FINISHED after %.0f s: %zu of %zu bytes received\n", limit_s,
              message ? strlen (sy_message_get_content (message)) : 0, page->expected_len);
      return -1;
    }
  if (strcmp (sy_message_get_content (last_message (page)), expected) != 0)
    g_error ("The reply differs from what was sent");

  return (page->shown_at - start) / (double) G_USEC_PER_SEC;
}

static void
print_frames (Page *page)
{
  GArray *frame_ms = page->frame_ms, *cpu_ms = page->frame_cpu_ms;
  guint n = frame_ms->len;
  double p50 = percentile (frame_ms, 0.5), p95 = percentile (frame_ms, 0.95);
  double max = n ? g_array_index (frame_ms, double, n - 1) : 0;
  double cpu_p50 = percentile (cpu_ms, 0.5), cpu_p95 = percentile (cpu_ms, 0.95);
  double cpu_max = n ? g_array_index (cpu_ms, double, n - 1) : 0;

  printf ("    frames: %u; wall time before-paint -> after-paint p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
          n, p50, p95, max);
  printf ("            main-thread CPU time in them p50 %.1f ms, p95 %.1f ms, max %.1f ms\n", cpu_p50, cpu_p95, cpu_max);
  /* On X11 the window is measured after the tick callbacks, in the update phase. */
  printf ("            wall time p50 / p95: update (ticks; on X11 measuring too) %.1f / %.1f ms, layout %.1f / %.1f ms,"
          " paint %.1f / %.1f ms\n",
          percentile (page->phase_ms[0], 0.5), percentile (page->phase_ms[0], 0.95),
          percentile (page->phase_ms[1], 0.5), percentile (page->phase_ms[1], 0.95),
          percentile (page->phase_ms[2], 0.5), percentile (page->phase_ms[2], 0.95));
}

/* (b) as fast as it comes -------------------------------------------------- */

static void
bench_fast (double backend_ms,
            double limit_s)
{
  g_autoptr(GPtrArray) tokens = make_tokens (n_tokens);
  g_autofree char *expected = join_tokens (tokens);
  pid_t pid = start_server (tokens, FALSE);
  Page page = { 0 };
  double cpu, main_cpu, server_cpu, seconds;

  adw_init ();
  page_open (&page);

  cpu = cpu_seconds ();
  main_cpu = thread_cpu_us () / 1e6;
  server_cpu = process_cpu_seconds (pid);
  seconds = stream_into_page (&page, expected, limit_s);
  cpu = cpu_seconds () - cpu;
  main_cpu = thread_cpu_us () / 1e6 - main_cpu;
  server_cpu = process_cpu_seconds (pid) - server_cpu;

  printf ("(b) chat page, as fast as it comes: %d tokens (%.2f MB of Markdown)\n", n_tokens, strlen (expected) / 1e6);
  if (seconds > 0)
    {
      printf ("    last token on screen after %.0f ms", seconds * 1000);
      if (backend_ms > 0)
        printf (" = %.2fx the backend alone (goal <= 1.5x: %s)", seconds * 1000 / backend_ms,
                seconds * 1000 / backend_ms <= 1.5 ? "met" : "NOT met");
      printf ("\n");
      printf ("    of which reading it to its end %.0f ms, showing its end after that %.0f ms\n",
              (page.read_at - page.sent_at) / 1000.0, (page.shown_at - page.read_at) / 1000.0);
    }
  printf ("    longest main-loop stall: %.1f ms (goal <= 50 ms: %s)\n", page.max_stall_ms,
          page.max_stall_ms <= 50 ? "met" : "NOT met");
  printf ("    app CPU: %.2f s, peak RSS %.0f MB\n", cpu, peak_rss_mb ());
  print_cpu_bound (cpu, main_cpu, server_cpu);
  print_frames (&page);

  page_close (&page);
  stop_server (pid);
}

/* (c) paced ---------------------------------------------------------------- */

static double
mean_lag (Page   *page,
          double  from,
          double  to)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < page->lag_ms->len; i++)
    {
      double at = g_array_index (page->lag_at, double, i);

      if (at >= from && at < to)
        {
          sum += g_array_index (page->lag_ms, double, i);
          n++;
        }
    }

  return n ? sum / n : -1;
}

static void
bench_paced (void)
{
  g_autoptr(GPtrArray) tokens = make_tokens (paced_tokens);
  g_autofree char *expected = join_tokens (tokens);
  g_autofree gsize *ends = g_new (gsize, tokens->len);
  pid_t pid = start_server (tokens, TRUE);
  Page page = { 0 };
  double cpu, seconds, early, late, max_lag;
  gsize end = 0;

  for (guint i = 0; i < tokens->len; i++)
    ends[i] = end += strlen (g_ptr_array_index (tokens, i));

  adw_init ();
  page_open (&page);
  page.token_ends = ends;
  page.n_token_ends = tokens->len;

  cpu = cpu_seconds ();
  seconds = stream_into_page (&page, expected, 2.0 * paced_tokens / rate + 60);
  cpu = cpu_seconds () - cpu;

  early = mean_lag (&page, 0, 0.1 * tokens->len);
  late = mean_lag (&page, 0.9 * tokens->len, tokens->len);
  max_lag = percentile (page.lag_ms, 1.0);
  printf ("(c) chat page, paced: %d tokens at %d tokens/s (%.0f s)\n", paced_tokens, rate, (double) paced_tokens / rate);
  if (seconds > 0)
    printf ("    last token on screen after %.1f s\n", seconds);
  printf ("    lag sent -> shown, mean per tenth of the reply:");
  for (guint i = 0; i < 10; i++)
    printf (" %.0f", mean_lag (&page, i * 0.1 * tokens->len, (i + 1) * 0.1 * tokens->len));
  /* A view that falls behind lags more with every tenth; one that keeps
   * up stays within a frame or two of where it started. */
  printf (" ms; max %.0f ms (%s)\n", max_lag, late <= MAX (2 * early, early + 50) ? "keeps up" : "GROWS");
  printf ("    longest main-loop stall: %.1f ms; app CPU %.2f s; peak RSS %.0f MB\n", page.max_stall_ms, cpu,
          peak_rss_mb ());
  print_frames (&page);
  printf ("    goal: paint p95 < 16 ms: %s (wall), %s (CPU)\n", percentile (page.frame_ms, 0.95) < 16 ? "met" : "NOT met",
          percentile (page.frame_cpu_ms, 0.95) < 16 ? "met" : "NOT met");

  page_close (&page);
  stop_server (pid);
}

/* (d) opening a long conversation ------------------------------------------ */

static void
bench_open (void)
{
  g_autoptr(GPtrArray) tokens = make_tokens (G_N_ELEMENTS (section));
  g_autofree char *reply = join_tokens (tokens);
  pid_t pid = start_server (tokens, FALSE);
  SyConversation *conversation;
  Page page = { 0 };
  gint64 start, deadline;
  double cpu;

  adw_init ();
  page_open (&page);

  conversation = add_conversation (&page, "A long conversation");
  for (int i = 0; i < n_messages; i++)
    {
      g_autoptr(SyMessage) message = NULL;

      if (i % 2 == 0)
        {
          g_autofree char *prompt = g_strdup_printf ("Question %d: how does step %d work?", i / 2, i / 2);

          message = sy_message_new ("user", prompt);
        }
      else
        {
          message = sy_message_new ("assistant", reply);
          sy_message_set_state (message, SY_MESSAGE_STATE_COMPLETE, NULL);
        }
      sy_conversation_add_message (conversation, message);
    }

  {
    GListModel *messages = sy_conversation_get_messages (conversation);

    page.last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
    g_object_unref (page.last);
  }

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  deadline = start + 10 * G_USEC_PER_SEC;
  page.measuring = TRUE;
  select_conversation (&page);
  printf ("    (the page took the conversation in %.1f ms)\n", (g_get_monotonic_time () - start) / 1000.0);
  while (page.last_shown_at == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  page.measuring = FALSE;
  cpu = cpu_seconds () - cpu;

  printf ("(d) opening a conversation of %d messages (replies of %.1f KB)\n", n_messages, strlen (reply) / 1e3);
  printf ("    first frame after %.1f ms; first frame showing its messages after %.1f ms (goal <= 200 ms: %s)\n",
          (page.first_frame_at - start) / 1000.0,
          page.rows_shown_at ? (page.rows_shown_at - start) / 1000.0 : -1,
          page.rows_shown_at && page.rows_shown_at - start <= 200000 ? "met" : "NOT met");
  if (page.last_shown_at)
    printf ("    first frame showing the last message after %.1f ms\n", (page.last_shown_at - start) / 1000.0);
  else
    printf ("    the page did not scroll to the last message within 10 s\n");
  printf ("    app CPU %.2f s, peak RSS %.0f MB\n", cpu, peak_rss_mb ());
  print_frames (&page);

  page.last = NULL;
  page_close (&page);
  stop_server (pid);
}

/* (e) screenshots of a long rendered reply, light and dark ---------------- */

/* (e) a long reply saved as a conversation, for screenshots of the app ---- */

static void
bench_screenshot (const char *data_dir)
{
  static const char extra[] =
    "## Nested lists\n\n1. Install:\n\n   ```sh\n   pip install switchyard\n   ```\n\n"
    "2. Configure:\n   - the **local** model\n     - `llama3.1:8b` on the GPU\n   - the hosted API\n\n"
    "> A quote: *local first*, then [the API](https://example.org/api).\n\n"
    "| Model | Cost |\n|---|---|\n| llama3.1:8b | $0.00 |\n| gpt-4o-mini | $0.15 |\n\n"
    "---\n\nThen the generated steps, with `code` and **bold**.\n\n";
  g_autoptr(GPtrArray) tokens = make_tokens (3 * G_N_ELEMENTS (section));
  g_autofree char *body = join_tokens (tokens);
  /* What the first screen shows first */
  g_autofree char *reply = g_strconcat (extra, body, NULL);
  g_autofree char *directory = g_build_filename (data_dir, "conversations", NULL);
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (directory);
  SyConversation *conversation = sy_conversation_store_create (store, "A long reply");
  g_autoptr(SyMessage) question = sy_message_new ("user", "How does the pipeline work, step by step?");
  g_autoptr(SyMessage) answer = sy_message_new ("assistant", reply);
  g_autoptr(GError) error = NULL;

  sy_message_set_state (answer, SY_MESSAGE_STATE_COMPLETE, NULL);
  sy_conversation_add_message (conversation, question);
  sy_conversation_add_message (conversation, answer);
  if (!sy_conversation_store_save (store, conversation, &error))
    g_error ("%s", error->message);
  printf ("%s\n", directory);
}

/* (f) many conversations on disk, for start-up with a full sidebar:
 * SWITCHYARD_DATA_DIR=DIR bench-chat-view --scenario=history, then
 * bench-startup with the same SWITCHYARD_DATA_DIR ------------------------- */

static int n_conversations = 5000;

static void
bench_history (const char *data_dir)
{
  g_autoptr(GPtrArray) tokens = make_tokens (G_N_ELEMENTS (section));
  g_autofree char *reply = join_tokens (tokens);
  g_autofree char *directory = g_build_filename (data_dir, "conversations", NULL);
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (directory);
  gsize bytes = 0;

  for (int i = 0; i < n_conversations; i++)
    {
      g_autofree char *title = g_strdup_printf ("Conversation %d about step %d", i, i % 97);
      SyConversation *conversation = sy_conversation_store_create (store, title);
      g_autoptr(GError) error = NULL;

      for (int j = 0; j < 3; j++)
        {
          g_autofree char *prompt = g_strdup_printf ("Question %d of %d: how does step %d work?", j, i, j);
          g_autoptr(SyMessage) question = sy_message_new ("user", prompt);
          g_autoptr(SyMessage) answer = sy_message_new ("assistant", reply);

          sy_message_set_state (answer, SY_MESSAGE_STATE_COMPLETE, NULL);
          sy_conversation_add_message (conversation, question);
          sy_conversation_add_message (conversation, answer);
        }
      if (!sy_conversation_store_save (store, conversation, &error))
        g_error ("%s", error->message);
      bytes += strlen (reply) * 3;
    }
  printf ("(f) %d conversations of 6 messages (%.1f MB of text) in %s\n", n_conversations, bytes / 1e6, directory);
}

/* (g) the page with thousands of conversations on disk: its first frame,
 * the list filled, a search by a word of the text, the longest stall */

static gboolean
stall_watch_cb (gpointer user_data)
{
  Page *page = user_data;
  gint64 now = g_get_monotonic_time ();

  if (page->last_tick != 0)
    page->max_stall_ms = MAX (page->max_stall_ms, (now - page->last_tick) / 1000.0);
  page->last_tick = now;
  if (page->loaded_at == 0 && page->page != NULL && page->page->store_loaded)
    page->loaded_at = now;

  return G_SOURCE_CONTINUE;
}

static void
sidebar_run (int n)
{
  Page page = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *shown;
  gint64 loaded_at, search_started, searched_at, deadline;
  double cpu = cpu_seconds ();
  guint watch, n_shown;

  page.data_dir = g_dir_make_tmp ("sy-bench-chat-sidebar-XXXXXX", &error);
  g_assert_no_error (error);
  n_conversations = n;
  if (n > 0)
    bench_history (page.data_dir);

  watch = g_timeout_add_full (G_PRIORITY_HIGH, 1, stall_watch_cb, &page, NULL);
  page_open (&page);
  shown = G_LIST_MODEL (page.page->conversation_selection);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!page.page->store_loaded && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  loaded_at = page.loaded_at != 0 ? page.loaded_at : g_get_monotonic_time ();
  n_shown = g_list_model_get_n_items (shown);

  /* From the search, not from the loading: with no conversations the
   * store is loaded before the page's first frame, which page_open()
   * waits for, and that frame is no part of a search. */
  gtk_search_bar_set_search_mode (page.page->search_bar, TRUE);
  search_started = g_get_monotonic_time ();
  _sy_chat_page_search (page.page, "question 2 of 4321:");
  while (_sy_chat_page_get_searching (page.page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  searched_at = g_get_monotonic_time ();
  g_source_remove (watch);

  printf ("    %5d conversations: first frame %.0f ms after the page was made; all loaded after %.0f ms "
          "(%u listed); a text search %.0f ms (%u found); longest main-loop stall after the first frame "
          "%.0f ms; CPU %.2f s\n",
          n, (page.drawn_at - page.opened_at) / 1000.0, (loaded_at - page.opened_at) / 1000.0,
          n_shown, (searched_at - search_started) / 1000.0,
          g_list_model_get_n_items (shown), page.max_stall_ms, cpu_seconds () - cpu);
  page_close (&page);
}

static void
bench_sidebar (void)
{
  g_autoptr(GPtrArray) tokens = make_tokens (G_N_ELEMENTS (section));
  pid_t pid = start_server (tokens, FALSE);
  int n = n_conversations;

  adw_init ();
  printf ("(g) the chat page with conversations on disk (none, then %d, twice)\n", n);
  for (int i = 0; i < 2; i++)
    {
      sidebar_run (0);
      sidebar_run (n);
    }

  /* What the page did before: every file read on the main thread */
  {
    g_autofree char *dir = g_dir_make_tmp ("sy-bench-chat-sync-XXXXXX", NULL);
    g_autofree char *conversations = g_build_filename (dir, "conversations", NULL);
    g_autoptr(SyConversationStore) store = sy_conversation_store_new (conversations);
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    gint64 start;

    n_conversations = n;
    bench_history (dir);
    start = g_get_monotonic_time ();
    sy_conversation_store_load (store);
    printf ("    for comparison, reading the %d files on one thread: %.0f ms\n", n,
            (g_get_monotonic_time () - start) / 1000.0);
    if (system (command) != 0)
      g_warning ("Could not remove %s", dir);
  }
  stop_server (pid);
}

static double
run_scenario (const char  *self,
              const char  *scenario,
              char       **extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *backend_line;
  int status;

  g_ptr_array_add (argv, g_strdup (self));
  g_ptr_array_add (argv, g_strdup_printf ("--scenario=%s", scenario));
  for (guint i = 0; extra[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    g_error ("%s", error->message);
  fputs (out, stdout);
  fflush (stdout);

  backend_line = strstr (out, "BACKEND_MS=");
  return backend_line ? g_ascii_strtod (backend_line + strlen ("BACKEND_MS="), NULL) : -1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scenario = NULL;
  double backend_ms = -1, limit_s = 900;
  const GOptionEntry entries[] = {
    { "tokens", 0, 0, G_OPTION_ARG_INT, &n_tokens, "Tokens of the fast reply (default: 100000)", "N" },
    { "paced-tokens", 0, 0, G_OPTION_ARG_INT, &paced_tokens, "Tokens of the paced reply (default: 30000)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Tokens per second of the paced reply (default: 200)", "N" },
    { "messages", 0, 0, G_OPTION_ARG_INT, &n_messages, "Messages of the long conversation (default: 10000)", "N" },
    { "conversations", 0, 0, G_OPTION_ARG_INT, &n_conversations, "Conversations the history scenario writes (default: 5000)", "N" },
    { "scenario", 0, 0, G_OPTION_ARG_STRING, &scenario, "Only one: backend, fast, paced, open, sidebar, screenshot, or history", "NAME" },
    { "backend-ms", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, &backend_ms, NULL, NULL },
    { "limit", 0, 0, G_OPTION_ARG_DOUBLE, &limit_s, "Give up on the fast reply after this many seconds (default: 900)", "S" },
    { NULL }
  };

  context = g_option_context_new ("— the chat page with a long reply");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  if (n_tokens < 1 || paced_tokens < 1 || rate < 1 || n_messages < 2)
    {
      fprintf (stderr, "--tokens, --paced-tokens, --rate must be at least 1, --messages at least 2\n");
      return 2;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", SCHEMA_BUILD_DIR, TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);

  if (scenario == NULL)
    {
      g_autofree char *tokens_arg = g_strdup_printf ("--tokens=%d", n_tokens);
      g_autofree char *paced_arg = g_strdup_printf ("--paced-tokens=%d", paced_tokens);
      g_autofree char *rate_arg = g_strdup_printf ("--rate=%d", rate);
      g_autofree char *messages_arg = g_strdup_printf ("--messages=%d", n_messages);
      g_autofree char *limit_arg = g_strdup_printf ("--limit=%g", limit_s);
      g_autofree char *backend_arg = NULL;
      g_autofree char *conversations_arg = g_strdup_printf ("--conversations=%d", n_conversations);
      char *extra[] = { tokens_arg, paced_arg, rate_arg, messages_arg, limit_arg, conversations_arg, NULL, NULL };

      printf ("bench-chat-view: %s\n", g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "no DISPLAY");
      backend_ms = run_scenario (argv[0], "backend", extra);
      backend_arg = g_strdup_printf ("--backend-ms=%f", backend_ms);
      extra[6] = backend_arg;
      run_scenario (argv[0], "fast", extra);
      run_scenario (argv[0], "paced", extra);
      run_scenario (argv[0], "open", extra);
      run_scenario (argv[0], "sidebar", extra);
      return 0;
    }

  if (g_str_equal (scenario, "backend"))
    bench_backend ();
  else if (g_str_equal (scenario, "fast"))
    bench_fast (backend_ms, limit_s);
  else if (g_str_equal (scenario, "paced"))
    bench_paced ();
  else if (g_str_equal (scenario, "open"))
    bench_open ();
  else if (g_str_equal (scenario, "sidebar"))
    bench_sidebar ();
  else if (g_str_equal (scenario, "history"))
    bench_history (g_getenv ("SWITCHYARD_DATA_DIR") ? g_getenv ("SWITCHYARD_DATA_DIR") : g_get_tmp_dir ());
  else if (g_str_equal (scenario, "screenshot"))
    bench_screenshot (g_getenv ("SWITCHYARD_DATA_DIR") ? g_getenv ("SWITCHYARD_DATA_DIR") : g_get_tmp_dir ());
  else
    {
      fprintf (stderr, "Unknown scenario %s\n", scenario);
      return 2;
    }

  return 0;
}
