/* test-cli-route.c: `switchyard route` and `switchyard pilot`, the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sy-test-utils.h"

#define GOLDEN_SIMPLE  "What is RAG?"
#define GOLDEN_MEDIUM  "Explain the tradeoffs between HNSW and IVF-PQ index types."
#define GOLDEN_COMPLEX "Write a Python class implementing a full RAG pipeline with ChromaDB and GPT-4o-mini."

static char *config_dir;

/* Runs `switchyard ARGS…` without blocking: the loopback servers of the
 * pilot test live in this process's main loop and must keep answering. */
static void
run_switchyard_serving (Run         *run,
                        const char **args)
{
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  if (bin == NULL)
    g_error ("SWITCHYARD_BIN is not set: run this test through `meson test`");

  g_ptr_array_add (argv, (char *) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "SWITCHYARD_CONFIG_DIR", config_dir, TRUE);
  /* The key from the environment, so no keyring is asked. */
  g_subprocess_launcher_setenv (launcher, "OPENAI_API_KEY", "sk-test-route", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_async (process, NULL, NULL, on_async_ready_cb, &result);
  wait_for_result (&result);
  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);

  /* An empty GBytes may hold NULL data. */
  run->out = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "", g_bytes_get_size (err));
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_dup_object (json_parser_get_root (parser));
}

static void
test_route_golden (void)
{
  struct { const char *query; const char *klass; const char *backend; const char *model;
           double usd; const char *reason; const char *route; const char *cost; } cases[] = {
    { GOLDEN_SIMPLE, "simple", "local", "llama3.1:8b", 0,
      "contains “what is” and is 12 characters long", "Route: llama3.1:8b (local)", "$0.00" },
    { GOLDEN_MEDIUM, "medium", "api", "gpt-4o-mini", 9 * 0.0000015,
      "no keyword of the simple or complex rules", "Route: gpt-4o-mini (API)", "$0.0000135" },
    { GOLDEN_COMPLEX, "complex", "api", "gpt-4o", 13 * 0.000015,
      "contains “implement”", "Route: gpt-4o (API)", "$0.000195" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) text = { 0 };
      g_auto(Run) json = { 0 };
      const char *text_args[] = { "route", cases[i].query, NULL };
      const char *json_args[] = { "route", "--json", cases[i].query, NULL };
      g_autoptr(JsonObject) object = NULL;
      g_autofree char *class_line = g_strdup_printf ("Class: %s\n", cases[i].klass);

      run_switchyard_serving (&text, text_args);
      g_assert_cmpint (text.status, ==, 0);
      g_assert_cmpstr (text.err, ==, "");
      g_assert_true (g_str_has_prefix (text.out, class_line));
      g_assert_nonnull (strstr (text.out, cases[i].route));
      g_assert_nonnull (strstr (text.out, cases[i].cost));
      g_assert_nonnull (strstr (text.out, cases[i].reason));

      run_switchyard_serving (&json, json_args);
      g_assert_cmpint (json.status, ==, 0);
      g_assert_cmpstr (json.err, ==, "");
      object = parse_object (json.out);
      g_assert_cmpuint (json_object_get_size (object), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (object, "class"), ==, cases[i].klass);
      g_assert_cmpstr (json_object_get_string_member (object, "backend"), ==, cases[i].backend);
      g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, cases[i].model);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "estimated_cost_usd"),
                                      cases[i].usd, 1e-12);
      g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, cases[i].reason);
    }
}

static void
test_route_user_rules (void)
{
  g_autofree char *path = g_build_filename (config_dir, "routing.json", NULL);
  g_auto(Run) edited = { 0 };
  g_auto(Run) defaults = { 0 };
  const char *args[] = { "route", "--json", GOLDEN_COMPLEX, NULL };
  const char *default_args[] = { "route", "--json", "--default-rules", GOLDEN_COMPLEX, NULL };
  g_autoptr(JsonObject) object = NULL;

  g_assert_true (g_file_set_contents (path, "{\"complex\": {\"backend\": \"local\", \"model\": \"qwen2.5:32b\"}}", -1, NULL));
  run_switchyard_serving (&edited, args);
  g_assert_cmpint (edited.status, ==, 0);
  object = parse_object (edited.out);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "qwen2.5:32b");
  g_assert_cmpstr (json_object_get_string_member (object, "backend"), ==, "local");
  g_assert_cmpfloat (json_object_get_double_member (object, "estimated_cost_usd"), ==, 0);
  g_clear_pointer (&object, json_object_unref);

  run_switchyard_serving (&defaults, default_args);
  object = parse_object (defaults.out);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "gpt-4o");

  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_route_bad_input (void)
{
  const char *no_query[] = { "route", NULL };
  const char *blank[] = { "route", "   ", NULL };
  const char *bad_option[] = { "route", "--verbose", "x", NULL };
  const char **cases[] = { no_query, blank, bad_option };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_switchyard_serving (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
      g_assert_cmpuint (strchr (run.err, '\n') - run.err + 1, ==, strlen (run.err));
    }
}

/* pilot ------------------------------------------------------------------------ */

static const char *ollama_pieces[] = {
  "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"Fast\"},\"done\":false}\n",
  "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
  "\"done\":true,\"total_duration\":100000000,\"load_duration\":0,\"prompt_eval_count\":26,"
  "\"eval_count\":14,\"eval_duration\":280000000}\n",
  NULL
};

static const char *openai_pieces[] = {
  "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Slow\"},\"finish_reason\":null}]}\n\n",
  "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
  "data: {\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500,\"total_tokens\":1500}}\n\n"
  "data: [DONE]\n\n",
  NULL
};

static void
add_script (TestServer  *ts,
            const char  *path,
            const char  *content_type,
            const char **pieces,
            guint        delay_ms)
{
  Script *script = test_server_add (ts, path, 200, content_type, "x", -1, 1);

  g_ptr_array_set_size (script->pieces, 0);
  for (guint i = 0; pieces[i] != NULL; i++)
    g_ptr_array_add (script->pieces, g_bytes_new_static (pieces[i], strlen (pieces[i])));
  script->delay_ms = delay_ms;
}

static void
test_pilot_end_to_end (void)
{
  g_autoptr(TestServer) local = test_server_new ();
  g_autoptr(TestServer) api = test_server_new ();
  g_autofree char *api_url = g_strconcat (api->base_url, "/v1", NULL);
  g_autofree char *prompts = g_build_filename (config_dir, "prompts.txt", NULL);
  g_autofree char *log = g_build_filename (config_dir, "pilot.jsonl", NULL);
  g_autofree char *logged = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonObject) object = NULL;
  JsonObject *l, *a;
  const char *args[] = { "pilot", "--local-url", local->base_url, "--local-model", "llama3.1:8b",
                         "--api-url", api_url, "--api-model", "gpt-4o-mini", "--prompts", prompts,
                         "--log", log, "--json", NULL };
  const char *share_args[] = { "pilot", "--local-url", local->base_url, "--local-model", "llama3.1:8b",
                               "--api-url", api_url, "--api-model", "gpt-4o-mini", "--prompts", prompts,
                               "--share", "50", NULL };

  add_script (local, "/api/chat", "application/x-ndjson", ollama_pieces, 30);
  add_script (api, "/v1/chat/completions", "text/event-stream", openai_pieces, 150);
  /* Blank lines and CRLF are not prompts. */
  g_assert_true (g_file_set_contents (prompts, "What is RAG?\r\n\n   \nDefine HNSW.\n", -1, NULL));

  run_switchyard_serving (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (local->n_requests, ==, 2);
  g_assert_cmpuint (api->n_requests, ==, 2);
  /* The key from the environment reached the API, and only the API. */
  g_assert_cmpstr (api->authorization, ==, "Bearer sk-test-route");
  g_assert_null (local->authorization);
  /* Progress on stderr, one line per prompt. */
  g_assert_true (g_str_has_prefix (run.err, "[1/2] local: "));
  g_assert_nonnull (strstr (run.err, "[2/2] local: "));

  object = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (object, "prompts"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "both"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "rated"), ==, 0);
  /* No ratings from a CLI run: quality retained and its interval are null. */
  {
    JsonObject *quality = json_object_get_object_member (object, "quality");
    JsonObject *classes = json_object_get_object_member (object, "classes");
    JsonArray *models = json_object_get_array_member (object, "models");

    g_assert_cmpint (json_object_get_int_member (quality, "rated"), ==, 0);
    g_assert_true (json_object_get_null_member (quality, "quality_retained"));
    g_assert_true (json_object_get_null_member (quality, "interval_low"));
    g_assert_false (json_object_get_boolean_member (quality, "interval_wide"));
    g_assert_true (json_object_has_member (classes, "simple"));
    g_assert_true (json_object_has_member (classes, "complex"));
    g_assert_false (json_object_has_member (object, "win_rate"));
    /* One entry per backend and model. */
    g_assert_cmpuint (json_array_get_length (models), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (models, 0), "backend"), ==, "local");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (models, 1), "backend"), ==, "api");
  }
  g_assert_cmpfloat (json_object_get_double_member (object, "mean_input_tokens"), ==, 1000);
  l = json_object_get_object_member (object, "local");
  a = json_object_get_object_member (object, "api");
  g_assert_cmpstr (json_object_get_string_member (l, "model"), ==, "llama3.1:8b");
  g_assert_cmpint (json_object_get_int_member (l, "completed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (a, "completed"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (l, "ttft_median_s"), <,
                     json_object_get_double_member (a, "ttft_median_s"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (l, "tokens_per_second"), 50, 1e-9);
  g_assert_cmpfloat (json_object_get_double_member (l, "cost_per_1000_usd"), ==, 0);
  /* 1,000 requests of 1000 in + 500 out at $0.15 / $0.60 per 1M: $450. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "cost_per_1000_usd"), 0.45, 1e-9);

  g_assert_true (g_file_get_contents (log, &logged, NULL, NULL));
  g_assert_nonnull (strstr (logged, "\"prompt\":\"What is RAG?\""));
  g_assert_nonnull (strstr (logged, "\"prompt\":\"Define HNSW.\""));

  /* --share 50 of two prompts: the second alone also goes to the API. */
  run_switchyard_serving (&text, share_args);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpuint (local->n_requests, ==, 4);
  g_assert_cmpuint (api->n_requests, ==, 3);
  g_assert_nonnull (strstr (text.out, "Prompts: 2 (1 sent to both backends)"));
  g_assert_nonnull (strstr (text.out, "Local — llama3.1:8b: 2 sent, 2 completed, 0 failed"));
  g_assert_nonnull (strstr (text.out, "API — gpt-4o-mini: 1 sent, 1 completed, 0 failed"));
  g_assert_nonnull (strstr (text.out, "Cost per 1,000 requests: $0.45"));
  g_assert_nonnull (strstr (text.out, "Quality retained: no ratings"));
  g_assert_null (strstr (text.out, "Win rate"));

  g_assert_cmpint (g_remove (prompts), ==, 0);
  g_assert_cmpint (g_remove (log), ==, 0);
}

static void
test_pilot_bad_input (void)
{
  g_autofree char *missing = g_build_filename (config_dir, "no-such-prompts.txt", NULL);
  g_autofree char *empty = g_build_filename (config_dir, "empty.txt", NULL);
  g_autofree char *message = NULL;
  struct { const char *option; const char *value; int status; const char *needle; } cases[] = {
    { "--share", "101", 2, "--share" },
    { "--share", "ten", 2, "--share" },
    { "--local-url", "ftp://x", 2, "--local-url" },
    { "--prompts", missing, 1, missing },
    { "--prompts", empty, 2, empty },
  };

  g_assert_true (g_file_set_contents (empty, "\n  \n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      const char *args[] = { "pilot", "--local-url", "http://127.0.0.1:1", "--local-model", "m",
                             "--api-url", "http://127.0.0.1:1/v1", "--api-model", "gpt-4o-mini",
                             "--prompts", empty, cases[i].option, cases[i].value, NULL };

      run_switchyard_serving (&run, args);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].needle));
      g_assert_cmpuint (strchr (run.err, '\n') - run.err + 1, ==, strlen (run.err));
    }

  {
    g_auto(Run) run = { 0 };
    const char *args[] = { "pilot", "--local-model", "m", NULL };

    run_switchyard_serving (&run, args);
    g_assert_cmpint (run.status, ==, 2);
  }

  g_assert_cmpint (g_remove (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The user's own routing rules must not change the answers. */
  config_dir = g_dir_make_tmp ("test-cli-route-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/route/golden", test_route_golden);
  g_test_add_func ("/cli/route/user-rules", test_route_user_rules);
  g_test_add_func ("/cli/route/bad-input", test_route_bad_input);
  g_test_add_func ("/cli/pilot/end-to-end", test_pilot_end_to_end);
  g_test_add_func ("/cli/pilot/bad-input", test_pilot_bad_input);

  status = g_test_run ();
  g_rmdir (config_dir);
  g_free (config_dir);
  return status;
}
