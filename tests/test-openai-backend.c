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
#define JSON "application/json"

typedef struct
{
  TestChat         chat;
  SyOpenAIBackend *backend;
} Fixture;

static const TestChatReply chat_reply = {
  .path = CHAT_PATH, .content_type = EVENT_STREAM,
  .stream = "openai-usage.sse", .expected = "expected-openai.txt",
  .cancel_after = 3, .cancelled_text = "Retrieval-augmented generation",
  .n_deltas = 15, .model = "gpt-4o-mini-2024-07-18", .finish_reason = "stop", .prompt_tokens = 12, .completion_tokens = 17,
  .max_tokens = "max_tokens",
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

/* A recorded reply of the text in expected-openai.txt, in @n_pieces. */
static SyChatResult *
run_stream (Fixture    *fixture,
            const char *name,
            guint       n_pieces)
{
  g_autofree char *expected = load_fixture (chat_reply.expected, NULL);
  g_autoptr(GError) error = NULL;
  SyChatResult *result;

  test_server_add_fixture (fixture->chat.server, chat_reply.path, chat_reply.content_type, name, n_pieces);
  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==, expected);

  return result;
}

static void
test_stream_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SyChatResult) result = test_chat_run_reply (&fixture->chat, &chat_reply, 9);
  g_autoptr(JsonObject) request = test_server_request_json (fixture->chat.server);

  /* The text arrives in order, a piece a read, none empty. */
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->chat.deltas, 0), "Retrieval"));
  for (guint i = 0; i < fixture->chat.deltas->len; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->chat.deltas, i), !=, "");
  g_assert_cmpfloat (result->tokens_per_second, >, 0.0);
  g_assert_nonnull (sy_chat_stream_get_result (fixture->chat.stream));

  /* What went over the wire. */
  g_assert_cmpstr (fixture->chat.server->authorization, ==, "Bearer " SENTINEL_KEY);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (request, "stream_options"),
                                                 "include_usage"));
}

static void
test_stream_no_usage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SyChatResult) result = run_stream (fixture, "openai-no-usage.sse", 5);

  g_assert_true (result->usage_estimated);
  g_assert_cmpint (result->completion_tokens, ==, (g_utf8_strlen (result->text, -1) + 3) / 4);
  /* "You are terse." (14) and "What is RAG?" (12): 4 + 3 */
  g_assert_cmpint (result->prompt_tokens, ==, 7);
  g_assert_cmpfloat (result->tokens_per_second, >, 0.0);
}

static void
test_stream_crlf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SyChatResult) result = run_stream (fixture, "openai-crlf.sse", 13);

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
  g_autoptr(GPtrArray) models = test_chat_list_models (&fixture->chat, "/v1/models", body, 2);
  SyInstalledModel *info;

  g_assert_cmpstr (fixture->chat.server->authorization, ==, "Bearer " SENTINEL_KEY);
  info = g_ptr_array_index (models, 1);
  g_assert_cmpstr (info->name, ==, "gpt-4o-mini");
  g_assert_cmpstr (info->owned_by, ==, "system");
}

static void
test_no_key (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SyChatResult) result = NULL;

  /* Local servers take no key: then no Authorization header is sent. */
  sy_openai_backend_set_api_key (fixture->backend, NULL);
  g_assert_false (sy_openai_backend_has_api_key (fixture->backend));
  result = run_stream (fixture, "openai-usage.sse", 1);
  g_assert_null (fixture->chat.server->authorization);
}

static void
openai_token_line (GString    *body,
                   guint       i,
                   const char *text)
{
  if (i % 97 == 0)
    g_string_append_printf (body,
                            "data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                            "\"delta\":{\"role\":\"assistant\",\"content\":\"%s\"},\"logprobs\":null,"
                            "\"finish_reason\":null}],\"n\":%u}\r\n\r\n", text, i);
  else
    g_string_append_printf (body,
                            "data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                            "\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n", text);
}

/* A long stream, mostly the usual chunk (the fast path, remembering its
 * shape) with now and then another shape or an escape, read in many
 * pieces: exactly as json-glib reads it. */
static const char * const long_texts[] = {
  " plain", " caf\\u00e9", " \\\"quoted\\\"", " line\\nbreak", " \\ud83d\\ude00", " back\\\\slash",
  " \xe2\x86\x92 raw UTF-8", "",
};
static const char * const long_decoded[] = {
  " plain", " caf\xc3\xa9", " \"quoted\"", " line\nbreak", " \xf0\x9f\x98\x80", " back\\slash",
  " \xe2\x86\x92 raw UTF-8", "",
};

static const TestLongStream long_stream = {
  .reply = &chat_reply, .line = openai_token_line, .n_pieces = 301,
  .trailer = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
             "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":20000}}\n\n"
             "data: [DONE]\n\n",
  .texts = long_texts, .decoded = long_decoded, .n_texts = G_N_ELEMENTS (long_texts), .n_tokens = 20000,
  .model = "gpt-4o-mini", .finish_reason = "stop", .completion_tokens = 20000,
};

/* An empty URL means the default. */
static void
check_default_base_url (TestChat *chat)
{
  g_autofree char *url = NULL;

  sy_backend_set_base_url (chat->backend, NULL);
  url = sy_backend_dup_base_url (chat->backend);
  g_assert_cmpstr (url, ==, SY_OPENAI_DEFAULT_BASE_URL);
}

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
  g_autoptr(SyChatResult) result = run_stream (fixture, "openai-usage.sse", 3);

  /* Every earlier test ran with the key too, and logged into the capture. */
  g_assert_cmpuint (captured_logs->len, >, 0);
  g_assert_nonnull (strstr (captured_logs->str, "POST"));
  g_assert_null (strstr (captured_logs->str, SENTINEL_KEY));
  g_assert_null (strstr (captured_logs->str, "sk-test-SENTINEL"));
}

static const TestBackendCase cases[] = {
  TEST_BACKEND_CASE ("stream-with-usage", test_stream_usage),
  TEST_BACKEND_CASE ("stream-without-usage", test_stream_no_usage),
  TEST_BACKEND_CASE ("stream-crlf-comments-null-choices", test_stream_crlf),
  TEST_BACKEND_CASE ("list-models", test_list_models), TEST_BACKEND_CASE ("no-key", test_no_key),
  TEST_BACKEND_CASE ("cancel", test_chat_cancel),
  /* Last: every earlier test ran with the key too. */
  TEST_BACKEND_CASE ("secrets/no-key-in-logs", test_no_key_in_logs),
};

static const TestBackendSuite suite = {
  .prefix = "/openai-backend/", TEST_BACKEND_FIXTURE (Fixture, fixture_setup, fixture_teardown),
  .reply = &chat_reply, .long_stream = &long_stream, TEST_BACKEND_TABLES (faults, cases),
};

TEST_BACKEND_MAIN (suite)
