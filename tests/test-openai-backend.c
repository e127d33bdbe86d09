/* test-openai-backend.c: SyOpenAIBackend against a loopback server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-openai-backend.h"

#include "sy-backend-test-cases.h"

#define SENTINEL_KEY "sk-test-SENTINEL-4f1d2c9e8b7a"
#define EVENT_STREAM "text/event-stream"
#define CHAT_PATH "/v1/chat/completions"

typedef struct
{
  TestChat         chat;
  SyOpenAIBackend *backend;
} Fixture;

static const TestChatReply chat_reply = {
  .path = "/v1/chat/completions",
  .content_type = EVENT_STREAM,
  .stream = "openai-usage.sse",
  .expected = "expected-openai.txt",
  .cancel_after = 3,
  .cancelled_text = "Retrieval-augmented generation",
};

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *base_url = NULL;

  test_chat_init (&fixture->chat, "gpt-4o-mini");
  sy_chat_stream_add_message (fixture->chat.stream, "system", "You are terse.");
  sy_chat_stream_add_message (fixture->chat.stream, "user", "What is RAG?");

  base_url = g_strconcat (fixture->chat.server->base_url, "/v1", NULL);
  fixture->backend = sy_openai_backend_new (base_url);
  sy_openai_backend_set_api_key (fixture->backend, SENTINEL_KEY);
  fixture->chat.backend = SY_BACKEND (fixture->backend);
  /* No error may show the key. */
  fixture->chat.secret = SENTINEL_KEY;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *props = dump_properties (G_OBJECT (fixture->backend));

  /* The key is in no property meant for display. */
  g_assert_null (strstr (props, SENTINEL_KEY));

  g_assert_finalize_object (fixture->backend);
  test_chat_clear (&fixture->chat);
}

static void
add_fixture_stream (Fixture    *fixture,
                    const char *name,
                    guint       n_pieces)
{
  test_server_add_fixture (fixture->chat.server, "/v1/chat/completions", EVENT_STREAM, name, n_pieces);
}

static void
test_stream_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-openai.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *messages;
  JsonObject *options;

  add_fixture_stream (fixture, "openai-usage.sse", 9);

  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);

  /* Tokens arrive one by one, in order. */
  g_assert_cmpuint (fixture->chat.deltas->len, ==, 15);
  g_assert_cmpstr (g_ptr_array_index (fixture->chat.deltas, 0), ==, "Retrieval");
  g_assert_cmpstr (g_ptr_array_index (fixture->chat.deltas, 9), ==, " café");
  text = test_chat_join_deltas (&fixture->chat);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (sy_chat_stream_get_text (fixture->chat.stream), ==, expected);

  g_assert_cmpstr (result->text, ==, expected);
  g_assert_cmpstr (result->model, ==, "gpt-4o-mini-2024-07-18");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpint (result->prompt_tokens, ==, 12);
  g_assert_cmpint (result->completion_tokens, ==, 17);
  g_assert_false (result->usage_estimated);
  g_assert_cmpfloat (result->time_to_first_token, >=, 0.0);
  g_assert_cmpfloat (result->time_to_first_token, <=, result->total_time);
  g_assert_cmpfloat (result->tokens_per_second, >, 0.0);
  g_assert_nonnull (sy_chat_stream_get_result (fixture->chat.stream));

  /* What went over the wire. */
  g_assert_cmpstr (fixture->chat.server->method, ==, "POST");
  g_assert_cmpstr (fixture->chat.server->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (fixture->chat.server->authorization, ==, "Bearer " SENTINEL_KEY);
  request = test_server_request_json (fixture->chat.server);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "gpt-4o-mini");
  g_assert_true (json_object_get_boolean_member (request, "stream"));
  options = json_object_get_object_member (request, "stream_options");
  g_assert_true (json_object_get_boolean_member (options, "include_usage"));
  g_assert_cmpfloat (json_object_get_double_member (request, "temperature"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (request, "max_tokens"), ==, 500);
  messages = json_object_get_array_member (request, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==, "What is RAG?");
}

static void
test_stream_no_usage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-openai.txt", NULL);
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  add_fixture_stream (fixture, "openai-no-usage.sse", 5);

  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, expected);
  g_assert_true (result->usage_estimated);
  g_assert_cmpint (result->completion_tokens, ==, (g_utf8_strlen (expected, -1) + 3) / 4);
  /* "You are terse." (14) and "What is RAG?" (12): 4 + 3 */
  g_assert_cmpint (result->prompt_tokens, ==, 7);
  g_assert_cmpfloat (result->tokens_per_second, >, 0.0);
}

static void
test_stream_crlf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-openai.txt", NULL);
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  add_fixture_stream (fixture, "openai-crlf.sse", 13);

  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, expected);
  g_assert_cmpuint (fixture->chat.deltas->len, ==, 15);
  g_assert_cmpint (result->prompt_tokens, ==, 12);
  g_assert_cmpint (result->completion_tokens, ==, 17);
  g_assert_false (result->usage_estimated);
}

static void
test_list_models (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *body =
    "{\"object\":\"list\",\"data\":["
    "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"},"
    "{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},"
    "{\"object\":\"model\"}]}";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  SyInstalledModel *info;

  test_server_add (fixture->chat.server, "/v1/models", 200, "application/json", body, -1, 1);

  sy_backend_list_models_async (SY_BACKEND (fixture->backend), NULL, on_async_ready_cb, &result);
  wait_for_result (&result);
  models = sy_backend_list_models_finish (SY_BACKEND (fixture->backend), result, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (fixture->chat.server->method, ==, "GET");
  g_assert_cmpstr (fixture->chat.server->authorization, ==, "Bearer " SENTINEL_KEY);
  g_assert_cmpuint (models->len, ==, 2);
  info = g_ptr_array_index (models, 1);
  g_assert_cmpstr (info->name, ==, "gpt-4o-mini");
  g_assert_cmpstr (info->owned_by, ==, "system");
}

static void
test_no_key (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* Local servers take no key: then no Authorization header is sent. */
  sy_openai_backend_set_api_key (fixture->backend, NULL);
  g_assert_false (sy_openai_backend_has_api_key (fixture->backend));
  add_fixture_stream (fixture, "openai-usage.sse", 1);

  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_null (fixture->chat.server->authorization);
}

/* A long stream, mostly the usual chunk (the fast path, remembering its
 * shape) with now and then another shape or an escape, read in many
 * pieces: every token arrives, in order, exactly as json-glib reads it. */
static void
test_long_stream (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *texts[] = {
    " plain", " caf\\u00e9", " \\\"quoted\\\"", " line\\nbreak", " \\ud83d\\ude00", " back\\\\slash",
    " \xe2\x86\x92 raw UTF-8", "",
  };
  static const char *decoded[] = {
    " plain", " caf\xc3\xa9", " \"quoted\"", " line\nbreak", " \xf0\x9f\x98\x80", " back\\slash",
    " \xe2\x86\x92 raw UTF-8", "",
  };
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_tokens = 20000, n_deltas = 0;

  for (guint i = 0; i < n_tokens; i++)
    {
      guint t = i % G_N_ELEMENTS (texts);

      if (i % 97 == 0)
        g_string_append_printf (body,
                                "data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                "\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},\"logprobs\":null,"
                                "\"finish_reason\":null}],\"n\":%u}\r\n\r\n", texts[t], i);
      else
        g_string_append_printf (body,
                                "data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                "\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n", texts[t]);
      g_string_append (expected, decoded[t]);
      n_deltas += *decoded[t] != '\0';
    }
  g_string_append (body,
                   "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                   "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":20000}}\n\n"
                   "data: [DONE]\n\n");
  test_server_add (fixture->chat.server, "/v1/chat/completions", 200, EVENT_STREAM, body->str, body->len, 301);

  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->chat.deltas->len, ==, n_deltas);
  text = test_chat_join_deltas (&fixture->chat);
  g_assert_cmpstr (text, ==, expected->str);
  g_assert_cmpstr (result->text, ==, expected->str);
  g_assert_cmpstr (result->model, ==, "gpt-4o-mini");
  g_assert_cmpstr (result->finish_reason, ==, "stop");
  g_assert_cmpint (result->completion_tokens, ==, 20000);
  g_assert_false (result->usage_estimated);
}

/* An empty URL means the default. */
static void
check_default_base_url (TestChat *chat)
{
  g_autofree char *url = NULL;

  sy_backend_set_base_url (chat->backend, NULL);
  url = sy_backend_dup_base_url (chat->backend);
  g_assert_cmpstr (url, ==, SY_OPENAI_DEFAULT_BASE_URL);
}

#define JSON "application/json"

static const TestFault faults[] = {
  { .name = "refused", .refused = TRUE,
    .code = SY_BACKEND_ERROR_CONNECTION_REFUSED, .message_starts = "No server at @URL@", .has_suggestion = TRUE },
  /* A server that echoes the key back in its error must not get it shown. */
  { .name = "unauthorized",
    .reply = { CHAT_PATH, 401, JSON,
               "{\"error\":{\"message\":\"Incorrect API key provided: " SENTINEL_KEY ". You can find your API key at https://platform.openai.com/account/api-keys.\","
               "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}" },
    .code = SY_BACKEND_ERROR_UNAUTHORIZED, .http_status = 401,
    .message_has = { "rejected the API key (HTTP 401)", "Incorrect API key provided: [redacted]." },
    .suggestion_is = "Check the API key in Preferences." },
  { .name = "rate-limited",
    .reply = { CHAT_PATH, 429, JSON,
               "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.\","
               "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}", 1, .retry_after = "7" },
    .code = SY_BACKEND_ERROR_RATE_LIMITED, .retry_after_s = 7,
    .suggestion_is = "Try again in 7 seconds.", .message_has = { "Rate limit reached for gpt-4o-mini" } },
  { .name = "server-error-html",
    .reply = { CHAT_PATH, 500, "text/html", "<html><head><title>500 Internal Server Error</title></head>"
                                            "<body><h1>Internal Server Error</h1></body></html>" },
    .code = SY_BACKEND_ERROR_SERVER_ERROR, .message_has = { "failed (HTTP 500)" }, .message_lacks = "<html" },
  { .name = "model-not-found", .model = "gpt-9",
    .reply = { CHAT_PATH, 404, JSON,
               "{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have access to it.\","
               "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}" },
    .code = SY_BACKEND_ERROR_MODEL_NOT_FOUND, .error_model = "gpt-9", .message_has = { "does not exist" } },
  { .name = "malformed-json",
    .reply = { CHAT_PATH, 200, EVENT_STREAM,
               "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"
               "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"\n\n", 2 },
    .code = SY_BACKEND_ERROR_PROTOCOL, .message_has = { "malformed reply" }, .stream_text = "Hel" },
  { .name = "error-in-stream",
    .reply = { CHAT_PATH, 200, EVENT_STREAM,
               "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
               "data: {\"error\":{\"message\":\"The server had an error while processing your request. "
               "Sorry about that!\",\"type\":\"server_error\"}}\n\n", 2 },
    .code = SY_BACKEND_ERROR_SERVER_ERROR, .message_has = { "Sorry about that!" } },
  { .name = "bad-url", .base_url = "ftp://example.com/v1",
    .code = SY_BACKEND_ERROR_BAD_REQUEST, .then = check_default_base_url },
};

static void
test_no_key_in_logs (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  add_fixture_stream (fixture, "openai-usage.sse", 3);
  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);

  /* Every earlier test ran with the key too, and logged into the capture. */
  g_assert_cmpuint (captured_logs->len, >, 0);
  g_assert_nonnull (strstr (captured_logs->str, "POST"));
  g_assert_null (strstr (captured_logs->str, SENTINEL_KEY));
  g_assert_null (strstr (captured_logs->str, "sk-test-SENTINEL"));
}

int
main (int   argc,
      char *argv[])
{
  capture_logs ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  test_chat_add ("/openai-backend/" path, Fixture, &chat_reply, fixture_setup, func, fixture_teardown)

  ADD ("stream-with-usage", test_stream_usage);
  ADD ("stream-without-usage", test_stream_no_usage);
  ADD ("stream-crlf-comments-null-choices", test_stream_crlf);
  ADD ("list-models", test_list_models);
  ADD ("no-key", test_no_key);
  TEST_CHAT_ADD_FAULTS ("/openai-backend/", Fixture, faults, fixture_setup, fixture_teardown);
  ADD ("fault/cut-off", test_chat_cut_off);
  ADD ("fault/silent-server", test_chat_silent_server);
  ADD ("cancel", test_chat_cancel);
  ADD ("long-stream", test_long_stream);
  ADD ("secrets/no-key-in-logs", test_no_key_in_logs);

#undef ADD

  return g_test_run ();
}
