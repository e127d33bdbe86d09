/* test-ollama-backend.c: SyOllamaBackend against a loopback server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-backend-private.h"
#include "sy-gguf.h"
#include "sy-model-describe.h"
#include "sy-model-fit.h"
#include "sy-ollama-backend.h"

#include "sy-backend-test-cases.h"

#define NDJSON "application/x-ndjson"
#define CHAT_PATH "/api/chat"
#define JSON "application/json"

typedef struct
{
  TestChat         chat;
  SyOllamaBackend *backend;
  GPtrArray       *progress;
} Fixture;

static const TestChatReply chat_reply = {
  .path = CHAT_PATH, .content_type = NDJSON,
  .stream = "ollama-chat.ndjson", .expected = "expected-ollama.txt",
  .cut_slack = 5, .cancel_after = 2, .cancelled_text = "Retrieval-augmented",
  .n_deltas = 14, .model = "llama3.1:8b", .finish_reason = "stop", .prompt_tokens = 26, .completion_tokens = 14,
  .options = "options", .max_tokens = "num_predict",
};

static void
on_progress_cb (const char *status,
                const char *digest,
                guint64     completed,
                guint64     total,
                gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->progress,
                   g_strdup_printf ("%s|%s|%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                                    status, digest ? digest + 7 : "-", completed, total));

  if (fixture->chat.cancel_after > 0 && fixture->progress->len == fixture->chat.cancel_after)
    g_cancellable_cancel (fixture->chat.cancellable);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  test_chat_init (&fixture->chat, "llama3.1:8b");
  sy_chat_stream_add_message (fixture->chat.stream, "user", "What is RAG?");
  fixture->backend = sy_ollama_backend_new (fixture->chat.server->base_url);
  fixture->chat.backend = SY_BACKEND (fixture->backend);
  fixture->progress = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *props = dump_properties (G_OBJECT (fixture->backend));

  g_assert_nonnull (strstr (props, "connect-timeout=10000"));
  g_assert_finalize_object (fixture->backend);
  g_ptr_array_unref (fixture->progress);
  test_chat_clear (&fixture->chat);
}

static gboolean
run_pull (Fixture     *fixture,
          const char  *model,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_ollama_backend_pull_async (fixture->backend, model, on_progress_cb, fixture, NULL,
                                fixture->chat.cancellable, on_async_ready_cb, &result);
  wait_for_result (&result);

  return sy_ollama_backend_pull_finish (fixture->backend, result, error);
}

static void
test_chat (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SyChatResult) result = test_chat_run_reply (&fixture->chat, &chat_reply, 11);

  g_assert_cmpstr (g_ptr_array_index (fixture->chat.deltas, 8), ==, " naïve");
  /* 14 tokens in 0.28 s of the server's own eval time. */
  g_assert_cmpfloat_with_epsilon (result->tokens_per_second, 50.0, 1e-9);
  g_assert_cmpint (result->eval_duration_ns, ==, 280000000);
  g_assert_cmpint (result->load_duration_ns, ==, 512345000);
  g_assert_cmpint (result->total_duration_ns, ==, 1843201000);
}

static void
test_tags (Fixture       *fixture,
           gconstpointer  data)
{
  const char *body =
    "{\"models\":["
    "{\"name\":\"llama3.1:8b\",\"model\":\"llama3.1:8b\",\"modified_at\":\"2024-07-23T10:00:00.000000+02:00\","
    "\"size\":4920753328,\"digest\":\"46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e\","
    "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],"
    "\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"}},"
    "{\"name\":\"nomic-embed-text:latest\",\"model\":\"nomic-embed-text:latest\",\"size\":274302450,"
    "\"details\":{\"format\":\"gguf\",\"family\":\"nomic-bert\",\"parameter_size\":\"137M\",\"quantization_level\":\"F16\"}}]}";
  g_autoptr(GPtrArray) models = test_chat_list_models (&fixture->chat, "/api/tags", body, 2);
  SyInstalledModel *info;

  info = g_ptr_array_index (models, 0);
  g_assert_cmpstr (info->name, ==, "llama3.1:8b");
  g_assert_cmpuint (info->size, ==, 4920753328);
  g_assert_cmpstr (info->parameter_size, ==, "8.0B");
  g_assert_cmpstr (info->quantization, ==, "Q4_K_M");
  g_assert_cmpstr (info->family, ==, "llama");
  g_assert_false (info->loaded);
  info = g_ptr_array_index (models, 1);
  g_assert_cmpstr (info->quantization, ==, "F16");
}

static void
test_ps (Fixture       *fixture,
         gconstpointer  data)
{
  const char *body =
    "{\"models\":["
    "{\"name\":\"llama3.1:70b\",\"model\":\"llama3.1:70b\",\"size\":42520413184,\"digest\":\"c0df3564cfe8\","
    "\"details\":{\"family\":\"llama\",\"parameter_size\":\"70.6B\",\"quantization_level\":\"Q4_K_M\"},"
    "\"expires_at\":\"2024-07-23T10:05:00+02:00\",\"size_vram\":23622320128},"
    "{\"name\":\"llama3.1:8b\",\"model\":\"llama3.1:8b\",\"size\":6654289920,"
    "\"details\":{\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"},"
    "\"expires_at\":\"2024-07-23T10:05:00+02:00\",\"size_vram\":6654289920}]}";
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  SyInstalledModel *info;

  test_server_add (fixture->chat.server, "/api/ps", 200, "application/json", body, -1, 1);

  sy_ollama_backend_list_running_async (fixture->backend, NULL, on_async_ready_cb, &result);
  wait_for_result (&result);
  models = sy_ollama_backend_list_running_finish (fixture->backend, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (models->len, ==, 2);
  info = g_ptr_array_index (models, 0);
  g_assert_true (info->loaded);
  g_assert_cmpuint (info->size_vram, ==, 23622320128);
  g_assert_true (sy_installed_model_is_partly_on_cpu (info));
  g_assert_cmpfloat_with_epsilon (sy_installed_model_get_gpu_fraction (info), 23622320128.0 / 42520413184.0, 1e-12);
  info = g_ptr_array_index (models, 1);
  g_assert_false (sy_installed_model_is_partly_on_cpu (info));
  g_assert_cmpfloat (sy_installed_model_get_gpu_fraction (info), ==, 1.0);
}

/* /api/show for @tag, answered by the loopback server with @body. */
static SyModelDetails *
show_details (Fixture    *fixture,
              const char *tag,
              const char *body)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SyModelDetails *details;

  test_server_add (fixture->chat.server, "/api/show", 200, "application/json", body, -1, 1);
  sy_ollama_backend_show_async (fixture->backend, tag, NULL, on_async_ready_cb, &result);
  wait_for_result (&result);
  details = sy_ollama_backend_show_finish (fixture->backend, result, &error);
  g_assert_no_error (error);

  return details;
}

/* A mixture and an encoder (issue #15): expert counts and causal
 * attention come through, and the details size a model outside the
 * catalogue. Qwen3 30B-A3B as Ollama reports it (Qwen/Qwen3-30B-A3B
 * config.json: 48 layers, 4 KV heads of 128, 128 experts, 8 used). */
static void
test_show_mixture (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *body =
    "{\"details\":{\"family\":\"qwen3moe\",\"parameter_size\":\"30.5B\",\"quantization_level\":\"Q4_K_M\"},"
    "\"model_info\":{\"general.architecture\":\"qwen3moe\",\"general.parameter_count\":30532122624,"
    "\"qwen3moe.attention.head_count\":32,\"qwen3moe.attention.head_count_kv\":4,"
    "\"qwen3moe.attention.key_length\":128,\"qwen3moe.block_count\":48,\"qwen3moe.context_length\":40960,"
    "\"qwen3moe.embedding_length\":2048,\"qwen3moe.expert_count\":128,\"qwen3moe.expert_used_count\":8,"
    "\"qwen3moe.attention.causal\":true}}";
  g_autoptr(SyModelDetails) details = NULL;
  g_autoptr(SyCatalogModel) model = NULL;
  g_autoptr(GError) error = NULL;

  details = show_details (fixture, "qwen3:30b-a3b", body);
  g_assert_cmpuint (details->expert_count, ==, 128);
  g_assert_cmpuint (details->expert_used_count, ==, 8);
  g_assert_false (details->encoder);

  /* No file size: parameters × 4.85 bits ÷ 8 = 18,510,099,340.8 bytes. */
  model = sy_catalog_model_new_from_ollama ("qwen3:30b-a3b", details, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->ollama_tag, ==, "qwen3:30b-a3b");
  g_assert_cmpuint (model->layers, ==, 48);
  g_assert_cmpuint (model->kv_heads, ==, 4);
  g_assert_cmpuint (model->head_dim, ==, 128);
  g_assert_cmpuint (model->max_context, ==, 40960);
  g_assert_true (sy_catalog_model_has_quant (model, SY_QUANT_Q4_K_M));
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model, SY_QUANT_Q4_K_M), 30532122624.0 * 4.85 / 8, 1);
  g_clear_pointer (&details, sy_model_details_free);

  /* An encoder, and a reply with no numbers at all. */
  details = show_details (fixture, "nomic-embed-text",
                          "{\"details\":{\"quantization_level\":\"F16\"},\"model_info\":{\"general.architecture\":\"nomic-bert\","
                          "\"nomic-bert.attention.causal\":false,\"nomic-bert.block_count\":12}}");
  g_assert_true (details->encoder);
  g_clear_pointer (&details, sy_model_details_free);

  details = show_details (fixture, "odd:1b", "[\"not\", \"an object\"]");
  g_clear_pointer (&model, sy_catalog_model_free);
  model = sy_catalog_model_new_from_ollama ("odd:1b", details, 0, &error);
  g_assert_null (model);
  g_assert_error (error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_A_MODEL);
  g_assert_cmpstr (error->message, ==, "odd:1b: the model's block_count is missing");
}

/* gpt-oss as Ollama shows it: architecture "gptoss", a 128-token window
 * (ollama/ollama convert/convert_gptoss.go writes
 * gptoss.attention.sliding_window); every other of its 24 layers slides. */
static void
test_show_sliding_window (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *body =
    "{\"details\":{\"family\":\"gptoss\",\"parameter_size\":\"20.9B\",\"quantization_level\":\"MXFP4\"},"
    "\"model_info\":{\"general.architecture\":\"gptoss\",\"general.parameter_count\":20914757184,"
    "\"gptoss.attention.sliding_window\":128,\"gptoss.block_count\":24,\"gptoss.context_length\":131072,"
    "\"gptoss.embedding_length\":2880,\"gptoss.attention.head_count\":64,\"gptoss.attention.head_count_kv\":8,"
    "\"gptoss.attention.key_length\":64,\"gptoss.expert_count\":32,\"gptoss.expert_used_count\":4}}";
  g_autoptr(SyModelDetails) details = NULL;
  g_autoptr(SyCatalogModel) model = NULL;
  g_autoptr(GError) error = NULL;

  details = show_details (fixture, "gpt-oss:20b", body);
  g_assert_cmpuint (details->sliding_window, ==, 128);

  model = sy_catalog_model_new_from_ollama ("gpt-oss:20b", details, 13780173734, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->sliding_window, ==, 128);
  g_assert_cmpuint (model->sliding_layers, ==, 12);
  /* 2 × 8 × 64 × 2 bytes a layer and token; 12 × 131072 + 12 × 768. */
  g_assert_cmpfloat (sy_fit_kv_bytes (model, 131072, SY_KV_F16), ==, 2048.0 * (12 * 131072 + 12 * 768));
}

static void
test_show (Fixture       *fixture,
           gconstpointer  data)
{
  const char *body =
    "{\"license\":\"LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\",\"modelfile\":\"# Modelfile\",\"parameters\":\"stop \\\"<|eot_id|>\\\"\","
    "\"template\":\"{{ .Prompt }}\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
    "\"families\":[\"llama\"],\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"},"
    "\"model_info\":{\"general.architecture\":\"llama\",\"general.file_type\":15,"
    "\"general.parameter_count\":8030261248,\"general.quantization_version\":2,"
    "\"llama.attention.head_count\":32,\"llama.attention.head_count_kv\":8,"
    "\"llama.attention.layer_norm_rms_epsilon\":0.00001,\"llama.block_count\":32,"
    "\"llama.context_length\":131072,\"llama.embedding_length\":4096,\"llama.feed_forward_length\":14336,"
    "\"llama.rope.freq_base\":500000,\"llama.vocab_size\":128256},\"modified_at\":\"2024-07-23T10:00:00+02:00\"}";
  g_autoptr(SyModelDetails) details = NULL;
  g_autoptr(JsonObject) request = NULL;
  
  details = show_details (fixture, "llama3.1:8b", body);

  request = test_server_request_json (fixture->chat.server);
  g_assert_cmpstr (fixture->chat.server->method, ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "llama3.1:8b");

  g_assert_cmpstr (details->architecture, ==, "llama");
  g_assert_cmpuint (details->parameter_count, ==, 8030261248);
  g_assert_cmpuint (details->block_count, ==, 32);
  g_assert_cmpuint (details->head_count, ==, 32);
  g_assert_cmpuint (details->head_count_kv, ==, 8);
  g_assert_cmpuint (details->embedding_length, ==, 4096);
  g_assert_cmpuint (details->context_length, ==, 131072);
  g_assert_cmpuint (details->key_length, ==, 128);
  g_assert_cmpstr (details->quantization, ==, "Q4_K_M");
}

static void
test_pull (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;

  test_server_add_fixture (fixture->chat.server, "/api/pull", NDJSON, "ollama-pull.ndjson", 6);

  g_assert_true (run_pull (fixture, "llama3.1:8b", &error));
  g_assert_no_error (error);

  request = test_server_request_json (fixture->chat.server);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "llama3.1:8b");
  g_assert_true (json_object_get_boolean_member (request, "stream"));

  g_assert_cmpuint (fixture->progress->len, ==, 9);
  g_assert_cmpstr (g_ptr_array_index (fixture->progress, 0), ==, "pulling manifest|-|0/0");
  /* The first layer line has a total but no "completed" yet. */
  g_assert_cmpstr (g_ptr_array_index (fixture->progress, 1), ==,
                   "pulling 667b0c1932bc|667b0c1932bc6ffc593ed1d03f895bf2dc8dc6df21db3042284a6f4416b06a29|0/4920734272");
  g_assert_cmpstr (g_ptr_array_index (fixture->progress, 3), ==,
                   "pulling 667b0c1932bc|667b0c1932bc6ffc593ed1d03f895bf2dc8dc6df21db3042284a6f4416b06a29|2460367136/4920734272");
  g_assert_cmpstr (g_ptr_array_index (fixture->progress, 8), ==, "success|-|0/0");
}

static void
test_pull_cancel (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_fixture (fixture->chat.server, "/api/pull", NDJSON, "ollama-pull.ndjson", 30);
  fixture->chat.cancel_after = 2;

  g_assert_false (run_pull (fixture, "llama3.1:8b", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->progress->len, ==, 2);
}

static GError *
run_pull_failing (TestChat *chat)
{
  Fixture *fixture = (Fixture *) chat;
  GError *error = NULL;

  g_assert_false (run_pull (fixture, sy_chat_stream_get_model (chat->stream), &error));

  return error;
}

static const TestFault faults[] = {
  { .name = "pull-unknown-model", .model = "llama9:1t", .request = run_pull_failing,
    .reply = { "/api/pull", 200, NDJSON, "{\"status\":\"pulling manifest\"}\n"
                                         "{\"error\":\"pull model manifest: file does not exist\"}\n", 2 },
    .code = SY_BACKEND_ERROR_MODEL_NOT_FOUND, .error_model = "llama9:1t",
    .message_has = { "file does not exist" } },
  { .name = "refused", .refused = TRUE, .request = test_chat_list_models_failing,
    .code = SY_BACKEND_ERROR_CONNECTION_REFUSED,
    .message_is = "No server at @URL@: is Ollama running? Start it with “ollama serve”." },
  { .name = "model-not-found", .model = "llama9",
    .reply = { CHAT_PATH, 404, JSON, "{\"error\":\"model 'llama9' not found\"}" },
    .code = SY_BACKEND_ERROR_MODEL_NOT_FOUND, .error_model = "llama9",
    .message_has = { "model 'llama9' not found" }, .suggestion_has = "ollama pull llama9" },
  { .name = "server-error",
    .reply = { CHAT_PATH, 500, JSON, "{\"error\":\"llama runner process has terminated: signal: killed\"}" },
    .code = SY_BACKEND_ERROR_SERVER_ERROR,
    .message_has = { "(HTTP 500): llama runner process has terminated" } },
  /* Ollama behind an authenticating proxy. */
  { .name = "unauthorized", .reply = { CHAT_PATH, 403, "text/plain", "Forbidden" },
    .code = SY_BACKEND_ERROR_UNAUTHORIZED, .http_status = 403 },
  { .name = "malformed-json",
    .reply = { CHAT_PATH, 200, NDJSON,
               "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
               "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assist\n", 3 },
    .code = SY_BACKEND_ERROR_PROTOCOL, .message_has = { "Line 2 is not valid JSON" }, .stream_text = "Hi" },
};

static void
ollama_token_line (GString    *body,
                   guint       i,
                   const char *text)
{
  g_string_append_printf (body,
                          "{\"model\":\"llama3.1:8b\",\"created_at\":\"2024-06-13T10:00:%02u.%06uZ\","
                          "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"%s},\"done\":false}\r\n",
                          i / 1000, i, text,
                          /* json-glib reads what the fast path leaves. */
                          i % 89 == 0 ? ",\"tool_calls\":[]" : "");
}

/* A long stream of the usual lines (the fast path) with now and then one
 * json-glib has to read. */
static const char * const long_texts[] = { " plain", " caf\\u00e9", " \\\"q\\\"", " \\ud83d\\ude00", "" };
static const char * const long_decoded[] = { " plain", " caf\xc3\xa9", " \"q\"", " \xf0\x9f\x98\x80", "" };

static const TestLongStream long_stream = {
  .reply = &chat_reply, .line = ollama_token_line, .n_pieces = 173,
  .trailer = "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
             "\"done\":true,\"prompt_eval_count\":5,\"eval_count\":10000,\"eval_duration\":1000000000}\n",
  .texts = long_texts, .decoded = long_decoded, .n_texts = G_N_ELEMENTS (long_texts), .n_tokens = 10000,
  .completion_tokens = 10000, .tokens_per_second = 10000.0,
};

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SyChatResult) result = NULL;
  g_autoptr(GError) error = NULL;

  test_chat_cancel (fixture, data);

  /* The backend is reusable after a cancelled reply. */
  fixture->chat.cancel_after = 0;
  g_cancellable_reset (fixture->chat.cancellable);
  result = test_chat_run (&fixture->chat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->completion_tokens, ==, 14);
}

/* Found by fuzz/fuzz-ollama-reply: a duration of 1.4e122 ns was cast to
 * gint64 (undefined behaviour). Absurd figures now count as missing. */
static void
test_absurd_numbers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  SyHttpContext context = {
    .flavor = SY_BACKEND_FLAVOR_OLLAMA,
    .base_url = "http://127.0.0.1:11434",
    .model = "llama3.1:8b",
  };
  g_autoptr(GError) error = NULL;
  SyChatChunk chunk = { 0 };
  gboolean found = TRUE;
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser,
    "{\"model\":\"ll\",\"done\":true,\"total_duration\":1.444444e122,"
    "\"eval_count\":-1e300,\"eval_duration\":12.5}", -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (sy_json_get_int (object, "total_duration", &found), ==, 0);
  g_assert_false (found);
  g_assert_cmpint (sy_json_get_int (object, "eval_count", &found), ==, 0);
  g_assert_false (found);
  g_assert_cmpint (sy_json_get_int (object, "eval_duration", &found), ==, 12);
  g_assert_true (found);

  /* And the whole line decodes without tripping UBSan. */
  sy_ollama_decode_line (&context, object, &chunk, &error);
  sy_chat_chunk_clear (&chunk);
}

static const TestBackendCase cases[] = {
  TEST_BACKEND_CASE ("chat", test_chat), TEST_BACKEND_CASE ("tags", test_tags),
  TEST_BACKEND_CASE ("ps", test_ps), TEST_BACKEND_CASE ("show", test_show), TEST_BACKEND_CASE ("pull", test_pull),
  TEST_BACKEND_CASE ("show-mixture", test_show_mixture),
  TEST_BACKEND_CASE ("show-sliding-window", test_show_sliding_window),
  TEST_BACKEND_CASE ("cancel", test_cancel), TEST_BACKEND_CASE ("pull-cancel", test_pull_cancel),
  TEST_BACKEND_CASE ("absurd-numbers", test_absurd_numbers),
};

static const TestBackendSuite suite = {
  .prefix = "/ollama-backend/", TEST_BACKEND_FIXTURE (Fixture, fixture_setup, fixture_teardown),
  .reply = &chat_reply, .long_stream = &long_stream, TEST_BACKEND_TABLES (faults, cases),
};

TEST_BACKEND_MAIN (suite)
