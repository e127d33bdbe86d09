/* sy-backend-test-cases.c: the tests every chat backend runs, each
 * backend with its own wire-format data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-backend-test-cases.h"

/* Runs the chat, which must succeed, and asserts the deltas make @expected:
 * one a read, so no more than the @n_texts pieces of text in the reply. */
static SyChatResult *
run_to_text (TestChat   *chat,
             const char *expected,
             guint       n_texts)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  SyChatResult *result;

  result = test_chat_run (chat, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  g_assert_cmpuint (chat->deltas->len, >=, 1);
  g_assert_cmpuint (chat->deltas->len, <=, n_texts);
  joined = test_chat_join_deltas (chat);
  g_assert_cmpstr (joined, ==, expected);
  g_assert_cmpstr (result->text, ==, expected);
  g_assert_cmpstr (sy_chat_stream_get_text (chat->stream), ==, expected);

  return result;
}

SyChatResult *
test_chat_run_reply (TestChat             *chat,
                     const TestChatReply  *reply,
                     guint                 n_pieces)
{
  g_autofree char *expected = load_fixture (reply->expected, NULL);
  guint n_messages = sy_chat_stream_get_n_messages (chat->stream);
  g_autoptr(JsonObject) request = NULL;
  SyChatResult *result;
  JsonObject *options;
  JsonArray *messages;

  test_server_add_fixture (chat->server, reply->path, reply->content_type, reply->stream, n_pieces);
  result = run_to_text (chat, expected, reply->n_deltas);

  g_assert_cmpstr (result->model, ==, reply->model);
  g_assert_cmpstr (result->finish_reason, ==, reply->finish_reason);
  g_assert_cmpint (result->prompt_tokens, ==, reply->prompt_tokens);
  g_assert_cmpint (result->completion_tokens, ==, reply->completion_tokens);
  g_assert_false (result->usage_estimated);
  g_assert_cmpfloat (result->time_to_first_token, >=, 0.0);
  g_assert_cmpfloat (result->time_to_first_token, <=, result->total_time);

  g_assert_cmpstr (chat->server->method, ==, "POST");
  g_assert_cmpstr (chat->server->path, ==, reply->path);
  request = test_server_request_json (chat->server);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, sy_chat_stream_get_model (chat->stream));
  g_assert_true (json_object_get_boolean_member (request, "stream"));
  options = reply->options ? json_object_get_object_member (request, reply->options) : request;
  g_assert_nonnull (options);
  g_assert_cmpfloat (json_object_get_double_member (options, "temperature"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (options, reply->max_tokens), ==, 500);
  messages = json_object_get_array_member (request, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, n_messages);
  for (guint i = 0; i < n_messages; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_assert_cmpstr (json_object_get_string_member (message, "role"), ==,
                       sy_chat_stream_get_message_role (chat->stream, i));
      g_assert_cmpstr (json_object_get_string_member (message, "content"), ==,
                       sy_chat_stream_get_message_content (chat->stream, i));
    }

  return result;
}

GPtrArray *
test_chat_list_models (TestChat   *chat,
                       const char *path,
                       const char *body,
                       guint       n_models)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *models;

  test_server_add (chat->server, path, 200, "application/json", body, -1, 1);
  models = test_backend_list_models (chat->backend, &error);
  g_assert_no_error (error);
  g_assert_nonnull (models);

  g_assert_cmpstr (chat->server->method, ==, "GET");
  g_assert_cmpstr (chat->server->path, ==, path);
  g_assert_cmpuint (models->len, ==, n_models);

  return models;
}

void
test_chat_long_stream (gpointer      fixture,
                       gconstpointer data)
{
  TestChat *chat = fixture;
  const TestLongStream *stream = data;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(SyChatResult) result = NULL;
  guint n_deltas = 0;

  for (guint i = 0; i < stream->n_tokens; i++)
    {
      guint t = i % stream->n_texts;

      stream->line (body, i, stream->texts[t]);
      g_string_append (expected, stream->decoded[t]);
      n_deltas += *stream->decoded[t] != '\0';
    }
  g_string_append (body, stream->trailer);
  test_server_add (chat->server, stream->reply->path, 200, stream->reply->content_type,
                   body->str, body->len, stream->n_pieces);

  result = run_to_text (chat, expected->str, n_deltas);
  /* Thousands of tokens in a few pieces: a delta a read, not a token. */
  g_test_message ("%u deltas for %u pieces of text", chat->deltas->len, n_deltas);
  g_assert_cmpuint (chat->deltas->len, <, MAX (n_deltas / 4, 2));
  if (stream->model != NULL)
    g_assert_cmpstr (result->model, ==, stream->model);
  if (stream->finish_reason != NULL)
    g_assert_cmpstr (result->finish_reason, ==, stream->finish_reason);
  g_assert_cmpint (result->completion_tokens, ==, stream->completion_tokens);
  g_assert_false (result->usage_estimated);
  if (stream->tokens_per_second != 0.0)
    g_assert_cmpfloat (result->tokens_per_second, ==, stream->tokens_per_second);
}

/* Sends the first @divisor-th of @reply's stream and @slack bytes more,
 * in @n_pieces, then ends as @end says. */
static void
add_partial_reply (TestChat            *chat,
                   const TestChatReply *reply,
                   gsize                divisor,
                   gsize                slack,
                   guint                n_pieces,
                   ScriptEnd            end)
{
  g_autofree char *data = NULL;
  Script *script;
  gsize len;

  data = load_fixture (reply->stream, &len);
  script = test_server_add (chat->server, reply->path, 200, reply->content_type,
                            data, len / divisor + slack, n_pieces);
  script->end = end;
}

void
test_chat_cut_off (gpointer      fixture,
                   gconstpointer data)
{
  TestChat *chat = fixture;
  const TestChatReply *reply = data;
  g_autofree char *expected = load_fixture (reply->expected, NULL);
  g_autoptr(GError) error = NULL;
  const char *partial;

  /* Ending inside a token's JSON, then a dropped connection. */
  add_partial_reply (chat, reply, 2, reply->cut_slack, 4, END_CUT);
  error = test_chat_run_failing (chat);

  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CUT_OFF);
  partial = sy_backend_error_get_partial_text (error);
  g_assert_nonnull (partial);
  g_assert_cmpuint (strlen (partial), >, 0);
  g_assert_true (g_str_has_prefix (expected, partial));
  g_assert_cmpstr (partial, !=, expected);
  g_assert_cmpstr (sy_chat_stream_get_text (chat->stream), ==, partial);
  g_assert_null (sy_chat_stream_get_result (chat->stream));
}

void
test_chat_silent_server (gpointer      fixture,
                         gconstpointer reply)
{
  TestChat *chat = fixture;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  add_partial_reply (chat, reply, 3, 0, 2, END_HANG);
  sy_backend_set_idle_timeout (chat->backend, 300);
  g_assert_cmpuint (sy_backend_get_idle_timeout (chat->backend), ==, 300);
  error = test_chat_run_failing (chat);

  g_assert_error (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "sent nothing for 0.3 seconds"));
  g_assert_cmpuint (strlen (sy_backend_error_get_partial_text (error)), >, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

void
test_chat_cancel (gpointer      fixture,
                  gconstpointer data)
{
  TestChat *chat = fixture;
  const TestChatReply *reply = data;
  g_autofree char *expected = load_fixture (reply->expected, NULL);
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  test_server_add_fixture (chat->server, reply->path, reply->content_type, reply->stream, 20);
  chat->cancel_after = reply->cancel_after;

  result = test_chat_run (chat, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  /* What came before the Stop is kept, and nothing after it. */
  text = sy_chat_stream_get_text (chat->stream);
  g_assert_cmpuint (chat->deltas->len, ==, reply->cancel_after);
  g_assert_true (g_str_has_prefix (text, reply->cancelled_text));
  g_assert_true (g_str_has_prefix (expected, text));
  g_assert_cmpuint (strlen (text), <, strlen (expected));
}

/* Faults */

GError *
test_chat_list_models_failing (TestChat *chat)
{
  g_autoptr(GPtrArray) models = NULL;
  GError *error = NULL;

  models = test_backend_list_models (chat->backend, &error);
  g_assert_null (models);
  g_assert_nonnull (error);

  return error;
}

/* A table row has no line of its own to fail at: the failure says which
 * text was looked for in which. */
static void
assert_text (const char *what,
             const char *text,
             gboolean    holds,
             const char *relation,
             const char *part)
{
  g_autofree char *msg = NULL;

  if (holds)
    return;

  msg = g_strdup_printf ("%s \"%s\" %s \"%s\"", what, text ? text : "(null)", relation, part);
  g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, msg);
}

static void
assert_has (const char *what,
            const char *text,
            const char *part)
{
  g_assert_nonnull (text);
  assert_text (what, text, strstr (text, part) != NULL, "does not contain", part);
}

/* @expected with @url for every @URL@ in it. */
static char *
expand_url (const char *expected,
            const char *url)
{
  GString *text = g_string_new (expected);

  if (strstr (expected, "@URL@") != NULL)
    {
      g_assert_nonnull (url);
      g_string_replace (text, "@URL@", url, 0);
    }

  return g_string_free (text, FALSE);
}

static void
check_fault_message (const TestFault *fault,
                     const char      *message,
                     const char      *url)
{
  if (fault->message_is != NULL)
    {
      g_autofree char *expected = expand_url (fault->message_is, url);

      g_assert_cmpstr (message, ==, expected);
    }

  if (fault->message_starts != NULL)
    {
      g_autofree char *expected = expand_url (fault->message_starts, url);

      assert_text ("error message", message, g_str_has_prefix (message, expected),
                   "does not start with", expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (fault->message_has) && fault->message_has[i] != NULL; i++)
    assert_has ("error message", message, fault->message_has[i]);

  if (fault->message_lacks != NULL)
    assert_text ("error message", message, strstr (message, fault->message_lacks) == NULL,
                 "contains", fault->message_lacks);
}

static void
check_fault_error (TestChat        *chat,
                   const TestFault *fault,
                   const GError    *error,
                   const char      *url)
{
  const char *suggestion = sy_backend_error_get_suggestion (error);

  g_assert_error (error, SY_BACKEND_ERROR, (int) fault->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (chat->secret != NULL)
    assert_text ("error message", error->message, strstr (error->message, chat->secret) == NULL,
                 "shows the secret", chat->secret);
  check_fault_message (fault, error->message, url);

  if (fault->error_model != NULL)
    g_assert_cmpstr (sy_backend_error_get_model (error), ==, fault->error_model);
  if (fault->has_suggestion || fault->suggestion_is != NULL || fault->suggestion_has != NULL)
    g_assert_nonnull (suggestion);
  if (fault->suggestion_is != NULL)
    g_assert_cmpstr (suggestion, ==, fault->suggestion_is);
  if (fault->suggestion_has != NULL)
    assert_has ("suggestion", suggestion, fault->suggestion_has);
  if (fault->http_status != 0)
    g_assert_cmpuint (sy_backend_error_get_http_status (error), ==, fault->http_status);
  if (fault->retry_after_s != 0)
    g_assert_cmpint (sy_backend_error_get_retry_after (error), ==, fault->retry_after_s);
  if (fault->stream_text != NULL)
    g_assert_cmpstr (sy_chat_stream_get_text (chat->stream), ==, fault->stream_text);
}

static void
add_fault_reply (TestChat             *chat,
                 const TestFaultReply *reply)
{
  Script *script = test_server_add (chat->server, reply->path, reply->status, reply->content_type,
                                    reply->body, -1, reply->n_pieces);

  script->retry_after = g_strdup (reply->retry_after);
}

void
test_chat_fault (gpointer      fixture,
                 gconstpointer data)
{
  TestChat *chat = fixture;
  const TestFault *fault = data;
  g_autofree char *url = fault->refused ? refused_url () : g_strdup (fault->base_url);
  g_autoptr(GError) error = NULL;

  if (fault->model != NULL)
    sy_chat_stream_set_model (chat->stream, fault->model);
  if (url != NULL)
    sy_backend_set_base_url (chat->backend, url);
  if (fault->reply.body != NULL)
    add_fault_reply (chat, &fault->reply);

  error = fault->request != NULL ? fault->request (chat) : test_chat_run_failing (chat);
  g_assert_nonnull (error);
  check_fault_error (chat, fault, error, url);

  if (fault->then != NULL)
    fault->then (chat);
}

/* The whole test program */

static void
add_test (const TestBackendSuite *suite,
          const char             *path,
          gconstpointer           data,
          GTestFixtureFunc        func)
{
  g_autofree char *full_path = g_strconcat (suite->prefix, path, NULL);

  g_test_add_vtable (full_path, suite->fixture_size, data, suite->setup, func, suite->teardown);
}

int
test_backend_main (int                     argc,
                   char                  **argv,
                   const TestBackendSuite *suite)
{
  capture_logs ();
  g_test_init (&argc, &argv, NULL);

  /* The shared tests first: a suite of the backend's own (such as
   * "secrets/") then runs after the faults, and sees what they logged. */
  add_test (suite, "long-stream", suite->long_stream, test_chat_long_stream);
  for (gsize i = 0; i < suite->n_faults; i++)
    {
      g_autofree char *path = g_strconcat ("fault/", suite->faults[i].name, NULL);

      add_test (suite, path, &suite->faults[i], test_chat_fault);
    }
  add_test (suite, "fault/cut-off", suite->reply, test_chat_cut_off);
  add_test (suite, "fault/silent-server", suite->reply, test_chat_silent_server);

  for (gsize i = 0; i < suite->n_cases; i++)
    add_test (suite, suite->cases[i].path, suite->reply, suite->cases[i].func);

  return g_test_run ();
}
