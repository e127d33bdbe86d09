/* test-cli-chat.c: the real `switchyard chat` against a loopback server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server runs on this test's main loop and the binary in a child
 * process, so the test never blocks on the child: it iterates the main
 * context (serving the requests) until the child is done.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

#define SENTINEL_KEY "sk-test-SENTINEL-cli-5e6f7a8b9c0d"
#define EVENT_STREAM "text/event-stream"
#define NDJSON       "application/x-ndjson"
#define PROMPT       "What is RAG?"

/* Auxiliary functions */

static gboolean
on_child_deadline_cb (gpointer user_data)
{
  g_error ("switchyard chat did not finish within 30 seconds");
  return G_SOURCE_REMOVE;
}

static GSubprocess *
spawn_switchyard (const char  *api_key,
                  GPtrArray   *args)
{
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  if (bin == NULL)
    g_error ("SWITCHYARD_BIN is not set: run this test through `meson test`");

  g_ptr_array_insert (args, 0, (char *) bin);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Headless, and no keyring: a bus address with nobody behind it keeps
   * the user's real keyring out of the test. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/switchyard-test-bus", TRUE);
  if (api_key != NULL)
    g_subprocess_launcher_setenv (launcher, "OPENAI_API_KEY", api_key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "OPENAI_API_KEY");

  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  return child;
}

static void
collect_exit (GSubprocess *child,
              Run         *run)
{
  g_assert_true (g_subprocess_get_if_exited (child));
  run->status = g_subprocess_get_exit_status (child);
}

/* Runs `switchyard ARGS…` (NULL-terminated) while this process's main
 * loop serves the loopback server. */
static void
run_switchyard_serving (Run        *run,
                        const char *api_key,
                        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  guint deadline;
  va_list ap;

  va_start (ap, api_key);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);

  child = spawn_switchyard (api_key, args);

  /* Not g_spawn_sync: the server answering the child runs right here. */
  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_async_ready_cb, &result);
  deadline = g_timeout_add_seconds (30, on_child_deadline_cb, NULL);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_subprocess_communicate_utf8_finish (child, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  collect_exit (child, run);
}

static void
assert_no_key (const Run *run)
{
  g_assert_null (strstr (run->out, SENTINEL_KEY));
  g_assert_null (strstr (run->err, SENTINEL_KEY));
}

static void
add_stream (TestServer *ts,
            const char *path,
            const char *content_type,
            const char *fixture,
            guint       n_pieces)
{
  g_autofree char *data = NULL;
  gsize len;

  data = load_fixture (fixture, &len);
  test_server_add (ts, path, 200, content_type, data, len, n_pieces);
}

static char *
openai_url (TestServer *ts)
{
  return g_strconcat (ts->base_url, "/v1", NULL);
}

/* Tests */

static void
test_ollama_text (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *expected = load_fixture ("expected-ollama.txt", NULL);
  g_autoptr(JsonObject) request = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *messages;
  const char *stats;

  add_stream (ts, "/api/chat", NDJSON, "ollama-chat.ndjson", 7);

  run_switchyard_serving (&run, NULL, "chat", "--backend", "ollama", "--url", ts->base_url,
                  "--model", "llama3.1:8b", PROMPT, NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  /* The reply, then exactly one line of figures. */
  g_assert_true (g_str_has_prefix (run.out, expected));
  stats = run.out + strlen (expected);
  g_assert_cmpint (*stats, ==, '\n');
  stats++;
  g_assert_cmpuint (count_lines (stats), ==, 1);
  g_assert_true (g_str_has_prefix (stats, "TTFT "));
  g_assert_nonnull (strstr (stats, " ms · "));
  /* Ollama's own counts: 14 tokens in 0.28 s of evaluation. */
  g_assert_nonnull (strstr (stats, "50.0 tokens/s · "));
  g_assert_nonnull (strstr (stats, "26 prompt + 14 completion tokens · "));
  g_assert_nonnull (strstr (stats, "$0 (local)\n"));
  g_assert_null (strstr (stats, "estimated"));

  g_assert_cmpstr (ts->path, ==, "/api/chat");
  g_assert_null (ts->authorization);
  request = test_server_request_json (ts);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "llama3.1:8b");
  messages = json_object_get_array_member (request, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"),
                   ==, PROMPT);
}

static void
test_openai_json (void)
{
  static const char *keys[] = {
    "text", "ttft_ms", "tokens_per_s", "prompt_tokens", "completion_tokens",
    "cost_usd", "usage_estimated",
  };
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *expected = load_fixture ("expected-openai.txt", NULL);
  g_autofree char *url = openai_url (ts);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;

  add_stream (ts, "/v1/chat/completions", EVENT_STREAM, "openai-usage.sse", 9);

  run_switchyard_serving (&run, SENTINEL_KEY, "chat", "--backend", "openai", "--url", url,
                  "--model", "gpt-4o-mini", "--json", PROMPT, NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  assert_no_key (&run);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));

  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, expected);
  g_assert_cmpfloat (json_object_get_double_member (object, "ttft_ms"), >=, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "tokens_per_s"), >, 0.0);
  g_assert_cmpint (json_object_get_int_member (object, "prompt_tokens"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (object, "completion_tokens"), ==, 17);
  /* gpt-4o-mini: $0.15 in, $0.60 out per 1M tokens. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cost_usd"),
                                  (12 * 0.15 + 17 * 0.60) / 1e6, 1e-12);
  g_assert_false (json_object_get_boolean_member (object, "usage_estimated"));
}

static void
test_openai_key_from_env (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = openai_url (ts);
  g_auto(Run) run = { 0 };

  add_stream (ts, "/v1/chat/completions", EVENT_STREAM, "openai-usage.sse", 4);

  run_switchyard_serving (&run, SENTINEL_KEY, "chat", "--backend", "openai", "--url", url,
                  "--model", "gpt-4o-mini", PROMPT, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (ts->authorization, ==, "Bearer " SENTINEL_KEY);
  assert_no_key (&run);
  /* 12 × 0.15 + 17 × 0.60 = 12 µ$ */
  g_assert_nonnull (strstr (run.out, "12 prompt + 17 completion tokens · $0.000012\n"));
}

static void
test_openai_estimated_unknown_price (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = openai_url (ts);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) text_run = { 0 };
  JsonObject *object;

  add_stream (ts, "/v1/chat/completions", EVENT_STREAM, "openai-no-usage.sse", 3);

  /* No key anywhere (and no keyring): a local server needs none. */
  run_switchyard_serving (&run, NULL, "chat", "--backend", "openai", "--url", url,
                  "--model", "my-local-model", "--json", PROMPT, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (ts->authorization);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (object, "usage_estimated"));
  g_assert_true (json_object_get_null_member (object, "cost_usd"));

  run_switchyard_serving (&text_run, NULL, "chat", "--backend", "openai", "--url", url,
                  "--model", "my-local-model", PROMPT, NULL);
  g_assert_cmpint (text_run.status, ==, 0);
  g_assert_nonnull (strstr (text_run.out, "tokens/s (estimated)"));
  g_assert_nonnull (strstr (text_run.out, "cost unknown (no price for my-local-model)"));
}

static void
test_refused (void)
{
  g_autofree char *url = refused_url ();
  g_auto(Run) run = { 0 };

  run_switchyard_serving (&run, NULL, "chat", "--backend", "ollama", "--url", url,
                  "--model", "llama3.1:8b", PROMPT, NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
  g_assert_nonnull (strstr (run.err, "is Ollama running"));
  g_assert_nonnull (strstr (run.err, "ollama serve"));
}

static void
test_unauthorized (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = openai_url (ts);
  g_auto(Run) run = { 0 };
  /* Servers echo the key they rejected; it must not reach the terminal. */
  const char *body =
    "{\"error\": {\"message\": \"Incorrect API key provided: " SENTINEL_KEY ".\n"
    "You can find your API key at https://platform.openai.com/account/api-keys.\","
    " \"type\": \"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}";

  test_server_add (ts, "/v1/chat/completions", 401, "application/json", body, -1, 1);

  run_switchyard_serving (&run, SENTINEL_KEY, "chat", "--backend", "openai", "--url", url,
                  "--model", "gpt-4o-mini", PROMPT, NULL);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, "rejected the API key (HTTP 401)"));
  assert_no_key (&run);
}

static void
test_bad_arguments (void)
{
  g_auto(Run) no_model = { 0 };
  g_auto(Run) key_argument = { 0 };
  g_auto(Run) no_prompt = { 0 };

  run_switchyard_serving (&no_model, NULL, "chat", "--backend", "ollama", PROMPT, NULL);
  g_assert_cmpint (no_model.status, ==, 2);
  g_assert_cmpstr (no_model.out, ==, "");
  g_assert_nonnull (strstr (no_model.err, "--model"));

  /* There is no way to pass a key as an argument. */
  run_switchyard_serving (&key_argument, NULL, "chat", "--backend", "openai", "--model", "gpt-4o-mini",
                  "--api-key", SENTINEL_KEY, PROMPT, NULL);
  g_assert_cmpint (key_argument.status, ==, 2);
  g_assert_cmpstr (key_argument.out, ==, "");

  run_switchyard_serving (&no_prompt, NULL, "chat", "--backend", "ollama", "--model", "llama3.1:8b", NULL);
  g_assert_cmpint (no_prompt.status, ==, 2);
  g_assert_nonnull (strstr (no_prompt.err, "prompt"));
}

/* Ctrl+C while the server holds the stream open: the text that arrived
 * is on stdout already (so it really streamed), and the exit is 130. */
typedef struct
{
  GInputStream *stdout_pipe;
  GString      *out;
  gboolean      eof;
} Reader;

static void
on_stdout_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_assert_no_error (error);

  if (g_bytes_get_size (bytes) == 0)
    {
      reader->eof = TRUE;
      return;
    }

  g_string_append_len (reader->out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (reader->stdout_pipe, 4096, G_PRIORITY_DEFAULT, NULL,
                                   on_stdout_read_cb, reader);
}

static void
test_interrupt (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *expected = load_fixture ("expected-ollama.txt", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *err = NULL;
  g_auto(Run) run = { 0 };
  Reader reader = { 0 };
  Script *script;
  char *done_line;
  gsize len;
  guint deadline;

  /* Everything but the final "done" line, then silence. */
  data = load_fixture ("ollama-chat.ndjson", &len);
  done_line = g_strrstr (data, "{\"model\"");
  script = test_server_add (ts, "/api/chat", 200, NDJSON, data, done_line - data, 5);
  script->end = END_HANG;

  g_ptr_array_add (args, (char *) "chat");
  g_ptr_array_add (args, (char *) "--backend");
  g_ptr_array_add (args, (char *) "ollama");
  g_ptr_array_add (args, (char *) "--url");
  g_ptr_array_add (args, ts->base_url);
  g_ptr_array_add (args, (char *) "--model");
  g_ptr_array_add (args, (char *) "llama3.1:8b");
  g_ptr_array_add (args, (char *) PROMPT);
  child = spawn_switchyard (NULL, args);

  reader.stdout_pipe = g_subprocess_get_stdout_pipe (child);
  reader.out = g_string_new (NULL);
  g_input_stream_read_bytes_async (reader.stdout_pipe, 4096, G_PRIORITY_DEFAULT, NULL,
                                   on_stdout_read_cb, &reader);

  deadline = g_timeout_add_seconds (30, on_child_deadline_cb, NULL);
  while (strstr (reader.out->str, expected) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (reader.eof);

  g_subprocess_send_signal (child, SIGINT);
  while (!reader.eof)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  collect_exit (child, &run);
  g_assert_cmpint (run.status, ==, 130);

  /* Exactly what arrived, ended with a newline; no figures. */
  g_assert_true (g_str_has_prefix (reader.out->str, expected));
  g_assert_cmpstr (reader.out->str + strlen (expected), ==, "\n");

  /* The child is gone: its one stderr line is in the pipe. */
  err_bytes = g_input_stream_read_bytes (g_subprocess_get_stderr_pipe (child), 4096, NULL, &error);
  g_assert_no_error (error);
  err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  g_assert_cmpstr (err, ==, "switchyard: chat: interrupted\n");

  g_string_free (reader.out, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-chat/ollama-text", test_ollama_text);
  g_test_add_func ("/cli-chat/openai-json", test_openai_json);
  g_test_add_func ("/cli-chat/openai-key-from-env", test_openai_key_from_env);
  g_test_add_func ("/cli-chat/openai-estimated-unknown-price", test_openai_estimated_unknown_price);
  g_test_add_func ("/cli-chat/refused", test_refused);
  g_test_add_func ("/cli-chat/unauthorized", test_unauthorized);
  g_test_add_func ("/cli-chat/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli-chat/interrupt", test_interrupt);

  return g_test_run ();
}
