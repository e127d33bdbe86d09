/* sy-test-utils.c: what the tests share, compiled once into each of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/wait.h>

#include "sy-test-utils.h"

typedef struct
{
  SoupServerMessage *msg;
  Script            *script;
  guint              next;
  guint              source_id;
  gboolean           finished;
} Streaming;

GString *captured_logs;

/* Recorded streams */

char *
load_fixture (const char *name,
              gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "streams", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

void
fill_garbage (guint8     *buffer,
              gsize       size,
              const char *alphabet,
              gsize       alphabet_len)
{
  for (gsize i = 0; i < size; i++)
    buffer[i] = g_test_rand_bit () ? (guint8) g_test_rand_int_range (0, 256)
                                   : (guint8) alphabet[g_test_rand_int_range (0, alphabet_len)];
}

gsize
random_piece_length (gsize offset,
                     gsize size)
{
  gsize want = (gsize) g_test_rand_int_range (1, 300);

  return MIN (want, size - offset);
}

/* The loopback server */

static void
script_free (Script *script)
{
  g_free (script->content_type);
  g_free (script->retry_after);
  g_ptr_array_unref (script->pieces);
  g_free (script);
}

static void
streaming_free (Streaming *st)
{
  g_clear_handle_id (&st->source_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (st->msg, st);
  g_object_unref (st->msg);
  g_free (st);
}

Script *
test_server_add (TestServer *ts,
                 const char *path,
                 guint       status,
                 const char *content_type,
                 const char *body,
                 gssize      len,
                 guint       n_pieces)
{
  Script *script = g_new0 (Script, 1);
  gsize total = len < 0 ? strlen (body) : (gsize) len;
  gsize step;

  script->status = status;
  script->content_type = g_strdup (content_type);
  script->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  script->delay_ms = 5;
  n_pieces = MAX (n_pieces, 1);
  step = MAX ((total + n_pieces - 1) / n_pieces, 1);

  for (gsize offset = 0; offset < total; offset += step)
    g_ptr_array_add (script->pieces, g_bytes_new (body + offset, MIN (step, total - offset)));

  g_hash_table_replace (ts->scripts, g_strdup (path), script);

  return script;
}

Script *
test_server_add_fixture (TestServer *ts,
                         const char *path,
                         const char *content_type,
                         const char *name,
                         guint       n_pieces)
{
  g_autofree char *data = NULL;
  gsize len;

  data = load_fixture (name, &len);

  return test_server_add (ts, path, 200, content_type, data, len, n_pieces);
}

static void
on_server_message_finished_cb (SoupServerMessage *msg,
                               Streaming         *st)
{
  st->finished = TRUE;
}

static gboolean
stream_next_cb (gpointer user_data)
{
  Streaming *st = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (st->msg);

  if (st->finished)
    {
      st->source_id = 0;
      return G_SOURCE_REMOVE;
    }

  if (st->next < st->script->pieces->len)
    {
      GBytes *piece = g_ptr_array_index (st->script->pieces, st->next++);

      soup_message_body_append_bytes (body, piece);
      soup_server_message_unpause (st->msg);
      return G_SOURCE_CONTINUE;
    }

  st->source_id = 0;

  switch (st->script->end)
    {
    case END_COMPLETE:
      soup_message_body_complete (body);
      soup_server_message_unpause (st->msg);
      break;

    case END_CUT:
      {
        g_autoptr(GIOStream) io = soup_server_message_steal_connection (st->msg);

        g_io_stream_close (io, NULL, NULL);
      }
      break;

    case END_HANG:
      break;
    }

  return G_SOURCE_REMOVE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  TestServer *ts = user_data;
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) request = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  Script *script;
  Streaming *st;

  ts->n_requests++;
  g_free (ts->method);
  ts->method = g_strdup (soup_server_message_get_method (msg));
  g_free (ts->path);
  ts->path = g_strdup (path);
  /* A request with a body (a chat) is what tests ask about; a GET the app
   * sends after it (the model list again) does not replace it. */
  if (g_bytes_get_size (request) > 0)
    {
      g_free (ts->body);
      ts->body = g_strndup (g_bytes_get_data (request, NULL), g_bytes_get_size (request));
    }
  g_free (ts->authorization);
  ts->authorization = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                              "Authorization"));

  script = g_hash_table_lookup (ts->scripts, path);
  if (script == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, script->status, NULL);
  if (script->retry_after != NULL)
    soup_message_headers_replace (response_headers, "Retry-After", script->retry_after);

  if (script->pieces->len <= 1 && script->end == END_COMPLETE)
    {
      GBytes *piece = script->pieces->len ? g_ptr_array_index (script->pieces, 0) : NULL;

      soup_server_message_set_response (msg, script->content_type, SOUP_MEMORY_COPY,
                                        piece ? g_bytes_get_data (piece, NULL) : "",
                                        piece ? g_bytes_get_size (piece) : 0);
      return;
    }

  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (response_headers, script->content_type, NULL);
  soup_server_message_pause (msg);

  st = g_new0 (Streaming, 1);
  st->msg = g_object_ref (msg);
  st->script = script;
  g_signal_connect (msg, "finished", G_CALLBACK (on_server_message_finished_cb), st);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_server_message_finished_cb), st);
  st->source_id = g_timeout_add (script->delay_ms, stream_next_cb, st);
  g_ptr_array_add (ts->streams, st);
}

TestServer *
test_server_new (void)
{
  TestServer *ts = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;

  ts->server = soup_server_new ("server-header", "switchyard-test", NULL);
  ts->scripts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) script_free);
  ts->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) streaming_free);
  soup_server_add_handler (ts->server, NULL, server_cb, ts, NULL);

  soup_server_listen_local (ts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (ts->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  ts->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return ts;
}

void
test_server_free (TestServer *ts)
{
  g_ptr_array_unref (ts->streams);
  soup_server_disconnect (ts->server);
  g_assert_finalize_object (ts->server);
  g_hash_table_unref (ts->scripts);
  g_free (ts->base_url);
  g_free (ts->method);
  g_free (ts->path);
  g_free (ts->body);
  g_free (ts->authorization);
  g_free (ts);
}

JsonObject *
test_server_request_json (TestServer *ts)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, ts->body, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_dup_object (json_parser_get_root (parser));
}

char *
refused_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* The main loop */

void
on_async_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_deadline_cb (gpointer user_data)
{
  g_error ("Test did not finish within %u seconds", GPOINTER_TO_UINT (user_data));
  return G_SOURCE_REMOVE;
}

void
wait_for_result_within (GAsyncResult **result,
                        guint          seconds)
{
  guint deadline = g_timeout_add_seconds (seconds, on_deadline_cb, GUINT_TO_POINTER (seconds));

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (deadline);
}

void
wait_for_result (GAsyncResult **result)
{
  wait_for_result_within (result, 5);
}

/* Backends */

SyChatResult *
test_stream_chat (SyBackend     *backend,
                  SyChatStream  *stream,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_backend_stream_chat_async (backend, stream, cancellable, on_async_ready_cb, &result);
  wait_for_result (&result);

  return sy_backend_stream_chat_finish (backend, result, error);
}

GError *
test_stream_chat_error (SyBackend    *backend,
                        SyChatStream *stream,
                        GCancellable *cancellable)
{
  g_autoptr(SyChatResult) result = NULL;
  GError *error = NULL;

  result = test_stream_chat (backend, stream, cancellable, &error);
  g_assert_null (result);
  g_assert_nonnull (error);

  return error;
}

GPtrArray *
test_backend_list_models (SyBackend  *backend,
                          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_backend_list_models_async (backend, NULL, on_async_ready_cb, &result);
  wait_for_result (&result);

  return sy_backend_list_models_finish (backend, result, error);
}

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             TestChat     *chat)
{
  g_ptr_array_add (chat->deltas, g_strdup (delta));

  if (chat->cancel_after > 0 && chat->deltas->len == chat->cancel_after)
    g_cancellable_cancel (chat->cancellable);
}

void
test_chat_init (TestChat   *chat,
                const char *model)
{
  chat->server = test_server_new ();
  chat->stream = sy_chat_stream_new (model);
  chat->deltas = g_ptr_array_new_with_free_func (g_free);
  chat->cancellable = g_cancellable_new ();
  chat->cancel_after = 0;
  chat->secret = NULL;
  g_signal_connect (chat->stream, "delta", G_CALLBACK (on_delta_cb), chat);
}

void
test_chat_clear (TestChat *chat)
{
  g_assert_finalize_object (chat->stream);
  g_clear_object (&chat->cancellable);
  g_clear_pointer (&chat->deltas, g_ptr_array_unref);
  g_clear_pointer (&chat->server, test_server_free);
}

SyChatResult *
test_chat_run (TestChat  *chat,
               GError   **error)
{
  return test_stream_chat (chat->backend, chat->stream, chat->cancellable, error);
}

GError *
test_chat_run_failing (TestChat *chat)
{
  GError *error = test_stream_chat_error (chat->backend, chat->stream, chat->cancellable);

  if (chat->secret != NULL)
    g_assert_null (strstr (error->message, chat->secret));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  return error;
}

char *
test_chat_join_deltas (TestChat *chat)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < chat->deltas->len; i++)
    g_string_append (text, g_ptr_array_index (chat->deltas, i));

  return g_string_free (text, FALSE);
}

/* Logs and properties */

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (captured_logs, fields[i].key);
      g_string_append_c (captured_logs, '=');
      if (fields[i].length < 0)
        g_string_append (captured_logs, fields[i].value);
      else
        g_string_append_len (captured_logs, fields[i].value, fields[i].length);
      g_string_append_c (captured_logs, '\n');
    }

  /* Warnings still reach the default writer, which G_DEBUG makes fatal. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

void
capture_logs (void)
{
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_logs = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

char *
dump_properties (GObject *object)
{
  g_autofree GParamSpec **pspecs = NULL;
  GString *out = g_string_new (NULL);
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      if (!(pspecs[i]->flags & G_PARAM_READABLE))
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (object, pspecs[i]->name, &value);
      text = g_strdup_value_contents (&value);
      g_string_append_printf (out, "%s=%s\n", pspecs[i]->name, text);
    }

  return g_string_free (out, FALSE);
}

/* The command line */

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
run_switchyard_argv (Run                *run,
                     const char * const *env,
                     const char * const *args)
{
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status;

  if (bin == NULL)
    g_error ("SWITCHYARD_BIN is not set: run this test through `meson test`");

  g_ptr_array_add (argv, (char *) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; env != NULL && env[i] != NULL && env[i + 1] != NULL; i += 2)
    envp = g_environ_setenv (envp, env[i], env[i + 1], TRUE);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  run->status = 0;
  if (!g_spawn_check_wait_status (wait_status, &error))
    {
      g_assert_true (error->domain == G_SPAWN_EXIT_ERROR);
      run->status = error->code;
    }
}

void
run_switchyard (Run        *run,
                const char *locale,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *env[] = { "LC_ALL", locale, NULL };

  RUN_COLLECT_ARGS (args, locale);
  run_switchyard_argv (run, locale != NULL ? env : NULL, (const char * const *) args->pdata);
}

guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/* Locales */

gboolean
have_german_locale (void)
{
  locale_t probe = newlocale (LC_ALL_MASK, GERMAN_LOCALE, (locale_t) 0);

  if (probe != (locale_t) 0)
    {
      freelocale (probe);
      return TRUE;
    }

  if (g_strcmp0 (g_getenv ("SWITCHYARD_ALLOW_MISSING_LOCALE"), "1") == 0)
    {
      g_test_skip ("the " GERMAN_LOCALE " locale is not installed");
      return FALSE;
    }

  g_error ("the " GERMAN_LOCALE " locale is missing: run build-aux/install-deps.sh (it runs locale-gen)");
  return FALSE;
}

void
sy_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sy_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

JsonNode *
sy_test_check_deploy_yaml (const char *config,
                           guint       boxes,
                           const char *api_model)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "check-deploy-yaml.py", NULL);
  g_autofree char *boxes_text = g_strdup_printf ("%u", boxes);
  const char *argv[] = { "python3", script, config, boxes_text, api_model, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77 && g_getenv ("SWITCHYARD_REQUIRE_YAML") == NULL)
    {
      g_test_skip ("python3-yaml is not installed: config.yaml not parsed");
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("check-deploy-yaml.py refused %s: %s", config, err);

  return parse_json (out);
}
