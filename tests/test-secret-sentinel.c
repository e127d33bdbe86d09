/* test-secret-sentinel.c: a sentinel API key goes through a chat, an error
 * that echoes it, the stores and the CLI, and must show up nowhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sy-conversation.h"
#include "sy-deploy-plan.h"
#include "sy-openai-backend.h"
#include "sy-pilot.h"
#include "sy-test-utils.h"

#define SENTINEL      "sk-SENTINEL-7f3a9c"
#define EVENT_STREAM  "text/event-stream"

static char *root_dir;
/* Everything that is not a file but could still leak: error texts shown
 * to the person, the children's output, their command lines. */
static GString *seen;

/* Auxiliary functions ----------------------------------------------------- */

/* Files may hold NUL bytes: no strstr(). */
static gboolean
holds_sentinel (const char *data,
                gsize       length)
{
  gsize n = strlen (SENTINEL);

  for (gsize i = 0; i + n <= length; i++)
    if (data[i] == SENTINEL[0] && memcmp (data + i, SENTINEL, n) == 0)
      return TRUE;

  return FALSE;
}

/* Counts files under @path holding the sentinel; @n_files counts all. */
static guint
count_hits_in_tree (const char *path,
                    guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint hits = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          hits += count_hits_in_tree (child, n_files);
          continue;
        }

      (*n_files)++;
      if (g_file_get_contents (child, &contents, &length, NULL) &&
          holds_sentinel (contents, length))
        {
          g_test_message ("the key is in %s", child);
          hits++;
        }
    }

  return hits;
}

static gboolean
on_child_deadline_cb (gpointer user_data)
{
  g_error ("switchyard did not finish within 30 seconds");
  return G_SOURCE_REMOVE;
}

/* Runs `switchyard chat …` with the key in its environment only, while
 * this main loop serves @ts. Returns the exit status. */
static int
run_cli (TestServer *ts)
{
  g_autofree char *url = g_strconcat (ts->base_url, "/v1", NULL);
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  const char *argv[] = { bin, "chat", "--backend", "openai", "--url", url,
                         "--model", "gpt-4o-mini", "hi", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmdline_path = NULL;
  g_autofree char *cmdline = NULL;
  gsize cmdline_len = 0;
  guint deadline;

  if (bin == NULL)
    g_error ("SWITCHYARD_BIN is not set: run this test through `meson test`");

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_string_append (seen, argv[i]);
      g_string_append_c (seen, '\n');
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  /* No keyring: the key must come from the environment, as documented. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/switchyard-test-bus", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "OPENAI_API_KEY", SENTINEL, TRUE);
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* The command line as the kernel shows it to every user of the machine.
   * The child may be past exec or not yet: either way no key may be there.
   * One that has already exited (a zombie) shows an empty one. */
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (child));
  if (g_file_get_contents (cmdline_path, &cmdline, &cmdline_len, NULL) && cmdline_len > 0)
    g_string_append_len (seen, cmdline, cmdline_len);
  else
    g_test_message ("%s was gone before it could be read", cmdline_path);

  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_async_ready_cb, &result);
  deadline = g_timeout_add_seconds (30, on_child_deadline_cb, NULL);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_subprocess_communicate_utf8_finish (child, result, &out, &err, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_string_append_printf (seen, "%s\n%s\n", out, err);

  /* The key did reach the server, in the header where it belongs. */
  g_assert_cmpstr (ts->authorization, ==, "Bearer " SENTINEL);

  g_assert_true (g_subprocess_get_if_exited (child));
  return g_subprocess_get_exit_status (child);
}

static SyChatResult *
run_chat (SyBackend  *backend,
          GError    **error)
{
  g_autoptr(SyChatStream) stream = sy_chat_stream_new ("gpt-4o-mini");

  sy_chat_stream_add_message (stream, "user", "What is RAG?");
  return test_stream_chat (backend, stream, NULL, error);
}

/* Tests ------------------------------------------------------------------- */

static const char echo_401[] =
  "{\"error\": {\"message\": \"Incorrect API key provided: " SENTINEL ". You can find your "
  "API key at https://platform.openai.com/account/api-keys.\", \"type\": \"invalid_request_error\", "
  "\"param\": null, \"code\": \"invalid_api_key\"}}";

static void
test_no_leak (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autofree char *url = g_strconcat (ts->base_url, "/v1", NULL);
  g_autoptr(SyOpenAIBackend) backend = sy_openai_backend_new (url);
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (NULL);
  g_autoptr(SyPilotLog) log = sy_pilot_log_new (NULL);
  g_autoptr(SyPilotRecord) record = sy_pilot_record_new ("What is RAG?");
  g_autoptr(SyChatResult) reply = NULL;
  g_autoptr(SyChatResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyMessage) question = sy_message_new ("user", "What is RAG?");
  g_autoptr(SyMessage) answer = NULL;
  g_autoptr(SyMessage) refusal = sy_message_new ("assistant", "");
  g_autofree char *stream_body = NULL;
  g_autofree char *props = NULL;
  SyConversation *conversation;
  gsize stream_len;
  guint n_files = 0;
  guint hits;

  sy_openai_backend_set_api_key (backend, SENTINEL);

  /* A chat that works. */
  stream_body = load_fixture ("openai-usage.sse", &stream_len);
  test_server_add (ts, "/v1/chat/completions", 200, EVENT_STREAM, stream_body, stream_len, 7);
  reply = run_chat (SY_BACKEND (backend), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ts->authorization, ==, "Bearer " SENTINEL);
  /* The key travels in the header only, never in the body. */
  {
    g_autoptr(JsonObject) request = test_server_request_json (ts);

    g_assert_true (json_object_has_member (request, "messages"));
    g_assert_null (strstr (ts->body, SENTINEL));
  }

  /* An error whose body echoes the key, as OpenAI's 401 does. */
  test_server_add (ts, "/v1/chat/completions", 401, "application/json", echo_401, -1, 1);
  failed = run_chat (SY_BACKEND (backend), &error);
  g_assert_null (failed);
  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_UNAUTHORIZED);
  g_string_append_printf (seen, "%s\n%s\n", error->message,
                          sy_backend_error_get_suggestion (error) ? sy_backend_error_get_suggestion (error) : "");
  /* The server's message still reaches the person, only without the key. */
  g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
  props = dump_properties (G_OBJECT (backend));
  g_string_append (seen, props);

  /* A refused connection names the URL, never the key. */
  {
    g_autofree char *refused = refused_url ();
    g_autoptr(SyOpenAIBackend) nowhere = sy_openai_backend_new (refused);
    g_autoptr(SyChatResult) none = NULL;
    g_autoptr(GError) refused_error = NULL;

    sy_openai_backend_set_api_key (nowhere, SENTINEL);
    none = run_chat (SY_BACKEND (nowhere), &refused_error);
    g_assert_error (refused_error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CONNECTION_REFUSED);
    g_string_append_printf (seen, "%s\n", refused_error->message);
  }

  /* Both saved, as the chat page and the pilot do. */
  conversation = sy_conversation_store_create (store, "Sentinel");
  sy_conversation_add_message (conversation, question);
  answer = sy_message_new ("assistant", reply->text);
  sy_message_set_measurements (answer, "openai", "gpt-4o-mini", reply, 0.001);
  sy_conversation_add_message (conversation, answer);
  sy_message_set_state (refusal, SY_MESSAGE_STATE_FAILED, error->message);
  sy_conversation_add_message (conversation, refusal);
  g_assert_true (sy_conversation_store_save (store, conversation, NULL));

  sy_pilot_record_set_reply (record, SY_ROUTE_BACKEND_API, "openai", "gpt-4o-mini", NULL, error, NULL);
  sy_pilot_record_set_reply (record, SY_ROUTE_BACKEND_LOCAL, "openai", "gpt-4o-mini", reply, NULL, NULL);
  g_assert_true (sy_pilot_log_append (log, record, NULL));

  /* The CLI, the key in its environment: the 401 first, then a reply. */
  g_assert_cmpint (run_cli (ts), !=, 0);
  test_server_add (ts, "/v1/chat/completions", 200, EVENT_STREAM, stream_body, stream_len, 3);
  g_assert_cmpint (run_cli (ts), ==, 0);

  /* The search itself finds a planted key, or 0 hits would mean nothing. */
  {
    g_autofree char *plant = g_build_filename (root_dir, "cache", "plant", NULL);

    g_assert_true (g_file_set_contents (plant, "x" SENTINEL "y", -1, NULL));
    g_assert_cmpuint (count_hits_in_tree (root_dir, &n_files), ==, 1);
    g_unlink (plant);
    n_files = 0;
  }

  hits = count_hits_in_tree (root_dir, &n_files);
  g_test_message ("searched %u files under %s", n_files, root_dir);
  /* The conversation, the pilot log and whatever the CLI wrote. */
  g_assert_cmpuint (n_files, >=, 2);
  g_assert_cmpuint (hits, ==, 0);

  g_assert_cmpuint (captured_logs->len, >, 0);
  g_assert_null (strstr (captured_logs->str, SENTINEL));
  g_assert_null (strstr (seen->str, SENTINEL));
}

/* No code path may turn certificate checking off. */
static void
test_tls_not_weakened (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "src", NULL);
  const char *forbidden[] = { "accept-certificate", "ssl-strict", "G_TLS_CERTIFICATE_VALIDATE_NONE",
                              "tls-database", "set_tls_database", "set_accept_certificate", NULL };
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  guint n_files = 0;

  g_ptr_array_add (dirs, g_strdup (src));
  while (dirs->len > 0)
    {
      g_autofree char *path = g_ptr_array_steal_index (dirs, dirs->len - 1);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_autofree char *contents = NULL;

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            {
              g_ptr_array_add (dirs, g_steal_pointer (&child));
              continue;
            }
          if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
            continue;

          n_files++;
          g_assert_true (g_file_get_contents (child, &contents, NULL, NULL));
          for (guint i = 0; forbidden[i] != NULL; i++)
            if (strstr (contents, forbidden[i]) != NULL)
              g_error ("%s uses %s", child, forbidden[i]);
        }
    }

  g_assert_cmpuint (n_files, >, 20);
}

/* A server with a self-signed certificate is refused, as a TLS error. */
static void
test_tls_self_signed (void)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_path = g_build_filename (root_dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (root_dir, "key.pem", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SyOpenAIBackend) backend = NULL;
  g_autoptr(SyChatResult) reply = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  int status;

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed: no certificate to test with");
      return;
    }

  {
    const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-keyout", key_path, "-out", cert_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  url = g_strdup_printf ("https://127.0.0.1:%d/v1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  backend = sy_openai_backend_new (url);
  sy_openai_backend_set_api_key (backend, SENTINEL);
  reply = run_chat (SY_BACKEND (backend), &error);
  g_assert_null (reply);
  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_TLS);
  g_assert_null (strstr (error->message, SENTINEL));

  soup_server_disconnect (server);
}

/* The deployment plan names the keys the proxy reads (os.environ/…) and
 * never writes them, from the CLI or in-process, whatever the environment
 * holds. */
static void
test_deploy_export (void)
{
  g_autofree char *cli_dir = g_build_filename (root_dir, "deploy-cli", NULL);
  g_autofree char *lib_dir = g_build_filename (root_dir, "deploy-lib", NULL);
  g_autofree char *config_path = g_build_filename (cli_dir, "config.yaml", NULL);
  g_autofree char *config = NULL;
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  const char *argv[] = { bin, "deploy", "--engine", "llama-server", "--model", "llama3.1:8b",
                         "--vram-gb", "24", "--ram-gb", "64", "--api-model", "claude-sonnet-4-5",
                         "--daily-requests", "50000", "--out", cli_dir, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (cost_model), 0);
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  g_autoptr(SyDeployPlan) plan = NULL;
  SyFitMachine machine = { .gpu_bytes = { 24 * SY_FIT_GIB }, .n_gpus = 1, .ram_bytes = 64 * SY_FIT_GIB };
  guint n_files = 0;
  int status;

  g_assert_nonnull (bin);
  envp = g_environ_setenv (envp, "OPENAI_API_KEY", SENTINEL, TRUE);
  envp = g_environ_setenv (envp, "ANTHROPIC_API_KEY", SENTINEL, TRUE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_string_append_printf (seen, "%s\n%s\n", out, err);

  /* In-process, with the key in this process's environment too. */
  g_setenv ("OPENAI_API_KEY", SENTINEL, TRUE);
  plan = sy_deploy_plan_new (SY_DEPLOY_ENGINE_OLLAMA, sy_model_catalog_find (catalog, "llama3.1:8b"),
                             &machine, 8192, SY_KV_F16, cost_model, option, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sy_deploy_plan_write (plan, lib_dir, &error));
  g_assert_no_error (error);
  g_unsetenv ("OPENAI_API_KEY");

  /* The keys are there by name: the proxy can find them. */
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  g_assert_nonnull (strstr (config, "api_key: \"os.environ/ANTHROPIC_API_KEY\""));
  g_assert_nonnull (strstr (config, "api_key: \"os.environ/OPENAI_API_KEY\""));

  g_assert_cmpuint (count_hits_in_tree (cli_dir, &n_files), ==, 0);
  g_assert_cmpuint (count_hits_in_tree (lib_dir, &n_files), ==, 0);
  /* README, config, proxy script, 3 boxes (CLI); README, config, proxy
   * script, Modelfile, 1 box (in-process). */
  g_assert_cmpuint (n_files, ==, 11);
  g_assert_null (strstr (seen->str, SENTINEL));
}

int
main (int    argc,
      char **argv)
{
  const char *subdirs[] = { "data", "config", "cache", "sy-data", "sy-config", NULL };
  const char *vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                         "SWITCHYARD_DATA_DIR", "SWITCHYARD_CONFIG_DIR", NULL };
  int result;

  /* Before anything asks GLib for the user directories, which it caches;
   * the children inherit them. */
  root_dir = g_dir_make_tmp ("sy-sentinel-XXXXXX", NULL);
  g_assert_nonnull (root_dir);
  for (guint i = 0; vars[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (root_dir, subdirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }
  g_unsetenv ("OPENAI_API_KEY");

  capture_logs ();
  seen = g_string_new (NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secret-sentinel/no-leak", test_no_leak);
  g_test_add_func ("/secret-sentinel/tls-not-weakened", test_tls_not_weakened);
  g_test_add_func ("/secret-sentinel/tls-self-signed", test_tls_self_signed);
  g_test_add_func ("/secret-sentinel/deploy-export", test_deploy_export);

  result = g_test_run ();

  sy_test_remove_tree (root_dir);
  g_free (root_dir);
  g_string_free (seen, TRUE);
  g_string_free (captured_logs, TRUE);

  return result;
}
