/* test-cli-any-model.c: `switchyard models --gguf FILE` and `--ollama`
 * (issue #15), on a planned machine so no detection is involved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sy-test-gguf.h"
#include "sy-test-utils.h"

typedef struct
{
  char *dir;
  char *path;
} TempFile;

static void
temp_file_write (TempFile     *file,
                 const char   *name,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(GError) error = NULL;

  file->dir = g_dir_make_tmp ("test-cli-any-model-XXXXXX", &error);
  g_assert_no_error (error);
  file->path = g_build_filename (file->dir, name, NULL);
  g_file_set_contents (file->path, (const char *) data, (gssize) size, &error);
  g_assert_no_error (error);
}

static void
temp_file_clear (TempFile *file)
{
  g_unlink (file->path);
  g_rmdir (file->dir);
  g_free (file->path);
  g_free (file->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TempFile, temp_file_clear)

static gboolean
on_child_deadline_cb (gpointer user_data)
{
  g_error ("switchyard models did not finish within 30 seconds");
  return G_SOURCE_REMOVE;
}

/* The loopback server answers from this process: the child must not be
 * waited for synchronously. */
static void
run_serving (Run *run,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint deadline;

  g_ptr_array_add (args, (char *) g_getenv ("SWITCHYARD_BIN"));
  RUN_COLLECT_ARGS (args, run);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_async_ready_cb, &result);
  deadline = g_timeout_add_seconds (30, on_child_deadline_cb, NULL);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);

  g_subprocess_communicate_utf8_finish (child, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (child));
  run->status = g_subprocess_get_exit_status (child);
}

static const char *
gb (JsonObject *row,
    const char *member)
{
  static char text[32];

  g_snprintf (text, sizeof text, "%.2f", json_object_get_double_member (row, member));
  return text;
}

/* --gguf */

static void
test_gguf_json (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_auto(TempFile) file = { NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;
  JsonObject *row;

  temp_file_write (&file, "Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf",
                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  run_switchyard (&run, NULL, "models", "--gguf", file.path, "--vram-gb", "12", "--ram-gb", "32",
                  "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out);
  rows = json_node_get_array (root);
  /* The file's model alone, not the catalogue. */
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "Meta Llama 3.1 8B Instruct");
  g_assert_true (json_object_get_null_member (row, "ollama_tag"));
  g_assert_true (json_object_get_null_member (row, "ollama_pull_tag"));
  g_assert_cmpstr (json_object_get_string_member (row, "quant"), ==, "Q4_K_M");
  g_assert_cmpint (json_object_get_int_member (row, "total_params"), ==, G_GINT64_CONSTANT (8030261312));
  /* Exact: 5,172,420,864 bytes = 4.82 GB (the 4.85-bit estimate would say 4.53);
   * + KV 1 GB + 0.75 GB = 7,051,469,056 = 6.57 GB. */
  g_assert_cmpstr (gb (row, "weights_gb"), ==, "4.82");
  g_assert_cmpstr (gb (row, "kv_cache_gb"), ==, "1.00");
  g_assert_cmpstr (gb (row, "memory_gb"), ==, "6.57");
  g_assert_cmpstr (json_object_get_string_member (row, "verdict"), ==, "gpu");
  g_assert_cmpint (json_object_get_int_member (row, "layers"), ==, 32);
}

static void
test_gguf_text (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_auto(TempFile) file = { NULL };
  g_auto(Run) run = { 0 };

  temp_file_write (&file, "llama.gguf", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  run_switchyard (&run, NULL, "models", "--gguf", file.path, "--vram-gb", "6", "--ram-gb", "32", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  /* Header line, blank line, column titles, one row. */
  g_assert_cmpuint (count_lines (run.out), ==, 4);
  g_assert_nonnull (strstr (run.out, "Meta Llama 3.1 8B Instruct"));
  g_assert_nonnull (strstr (run.out, " — "));
  g_assert_nonnull (strstr (run.out, "Q4_K_M"));
  g_assert_nonnull (strstr (run.out, "6.6 GiB"));
  g_assert_nonnull (strstr (run.out, "Partial offload"));
}

static void
test_gguf_bad_files (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_auto(TempFile) garbage = { NULL };
  g_auto(TempFile) truncated = { NULL };
  g_auto(Run) run_garbage = { 0 };
  g_auto(Run) run_truncated = { 0 };
  g_auto(Run) run_missing = { 0 };
  g_auto(Run) run_both = { 0 };

  temp_file_write (&garbage, "notes.gguf", (const guint8 *) "{\"not\": \"gguf\"}", 15);
  run_switchyard (&run_garbage, NULL, "models", "--gguf", garbage.path, "--vram-gb", "8", "--ram-gb", "16", NULL);
  g_assert_cmpint (run_garbage.status, ==, 2);
  g_assert_cmpstr (run_garbage.out, ==, "");
  g_assert_true (g_str_has_prefix (run_garbage.err, "switchyard: --gguf: "));
  g_assert_nonnull (strstr (run_garbage.err, "notes.gguf: Not a GGUF file\n"));

  temp_file_write (&truncated, "cut.gguf", g_bytes_get_data (bytes, NULL), 1000);
  run_switchyard (&run_truncated, NULL, "models", "--gguf", truncated.path, "--vram-gb", "8", "--ram-gb", "16", NULL);
  g_assert_cmpint (run_truncated.status, ==, 2);
  g_assert_nonnull (strstr (run_truncated.err, "cut.gguf: Truncated at byte "));
  g_assert_nonnull (strstr (run_truncated.err, " in a file of 1000\n"));

  run_switchyard (&run_missing, NULL, "models", "--gguf", "/nonexistent/model.gguf", "--vram-gb", "8",
                  "--ram-gb", "16", NULL);
  g_assert_cmpint (run_missing.status, ==, 2);
  g_assert_nonnull (strstr (run_missing.err, "/nonexistent/model.gguf: "));

  run_switchyard (&run_both, NULL, "models", "--gguf", garbage.path, "--ollama", NULL);
  g_assert_cmpint (run_both.status, ==, 2);
  g_assert_nonnull (strstr (run_both.err, "--gguf: goes without --ollama"));
}

/* --ollama */

/* SmolLM2 1.7B as Ollama 0.x reports it (HuggingFaceTB/SmolLM2-1.7B
 * config.json: 24 layers, 32 heads, 32 KV heads, hidden 2048, context
 * 8192): outside the catalogue. Size on disk from /api/tags. */
#define TAGS_REPLY \
  "{\"models\":[{\"name\":\"smollm2:1.7b\",\"model\":\"smollm2:1.7b\",\"modified_at\":\"2024-11-04T10:00:00Z\"," \
  "\"size\":1820428672,\"digest\":\"cef4a1e09247\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\"," \
  "\"family\":\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"1.7B\",\"quantization_level\":\"Q8_0\"}}]}"
#define SHOW_REPLY \
  "{\"license\":\"Apache 2.0\",\"modelfile\":\"FROM smollm2\",\"template\":\"{{ .Prompt }}\"," \
  "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"]," \
  "\"parameter_size\":\"1.7B\",\"quantization_level\":\"Q8_0\"}," \
  "\"model_info\":{\"general.architecture\":\"llama\",\"general.basename\":\"SmolLM2\"," \
  "\"general.file_type\":7,\"general.parameter_count\":1711376384,\"general.quantization_version\":2," \
  "\"llama.attention.head_count\":32,\"llama.attention.head_count_kv\":32," \
  "\"llama.attention.layer_norm_rms_epsilon\":0.00001,\"llama.block_count\":24," \
  "\"llama.context_length\":8192,\"llama.embedding_length\":2048,\"llama.feed_forward_length\":8192," \
  "\"llama.rope.freq_base\":130000,\"llama.vocab_size\":49152,\"tokenizer.ggml.tokens\":null}," \
  "\"modified_at\":\"2024-11-04T10:00:00Z\"}"

static void
test_ollama_json (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *rows;
  JsonObject *row;

  test_server_add (ts, "/api/tags", 200, "application/json", TAGS_REPLY, -1, 1);
  test_server_add (ts, "/api/show", 200, "application/json", SHOW_REPLY, -1, 1);

  run_serving (&run, "models", "--ollama", "--url", ts->base_url, "--vram-gb", "8", "--ram-gb", "16",
               "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  g_assert_cmpstr (ts->path, ==, "/api/show");
  request = test_server_request_json (ts);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "smollm2:1.7b");

  root = parse_json (run.out);
  rows = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "smollm2:1.7b");
  g_assert_cmpstr (json_object_get_string_member (row, "ollama_tag"), ==, "smollm2:1.7b");
  g_assert_cmpstr (json_object_get_string_member (row, "quant"), ==, "Q8_0");
  g_assert_cmpint (json_object_get_int_member (row, "total_params"), ==, 1711376384);
  /* Weights: the file, 1,820,428,672 = 1.70 GB; KV 2 × 24 × 32 × 64
   * (2048 / 32) × 8192 × 2 = 1,610,612,736 = 1.50 GB; + 0.75 GB
   * = 4,236,347,776 = 3.95 GB, within 0.9 × 8 − 0.75 = 6.45 GB. */
  g_assert_cmpstr (gb (row, "weights_gb"), ==, "1.70");
  g_assert_cmpstr (gb (row, "kv_cache_gb"), ==, "1.50");
  g_assert_cmpstr (gb (row, "memory_gb"), ==, "3.95");
  g_assert_cmpstr (json_object_get_string_member (row, "verdict"), ==, "gpu");
  g_assert_cmpint (json_object_get_int_member (row, "context"), ==, 8192);
}

static void
test_ollama_malformed (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_auto(Run) run = { 0 };

  test_server_add (ts, "/api/tags", 200, "application/json", TAGS_REPLY, -1, 1);
  test_server_add (ts, "/api/show", 200, "application/json",
                   "{\"details\":{\"quantization_level\":\"Q8_0\"},\"model_info\":[1,2]}", -1, 1);

  run_serving (&run, "models", "--ollama", "--url", ts->base_url, "--vram-gb", "8", "--ram-gb", "16",
               "--json", NULL);
  /* The model that cannot be sized is named on stderr; no row, no crash. */
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "[]\n");
  g_assert_nonnull (strstr (run.err, "switchyard: smollm2:1.7b: smollm2:1.7b: the model's block_count is missing\n"));
}

static void
test_ollama_unreachable (void)
{
  g_autoptr(TestServer) ts = test_server_new ();
  g_auto(Run) run = { 0 };
  g_auto(Run) run_bad_url = { 0 };

  test_server_add (ts, "/api/tags", 500, "text/plain", "boom", -1, 1);
  run_serving (&run, "models", "--ollama", "--url", ts->base_url, "--vram-gb", "8", "--ram-gb", "16", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "switchyard: --ollama: "));

  run_switchyard (&run_bad_url, NULL, "models", "--ollama", "--url", "ftp://x", NULL);
  g_assert_cmpint (run_bad_url.status, ==, 2);
  g_assert_nonnull (strstr (run_bad_url.err, "“ftp://x” is not an http:// or https:// URL"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-any-model/gguf/json", test_gguf_json);
  g_test_add_func ("/cli-any-model/gguf/text", test_gguf_text);
  g_test_add_func ("/cli-any-model/gguf/bad-files", test_gguf_bad_files);
  g_test_add_func ("/cli-any-model/ollama/json", test_ollama_json);
  g_test_add_func ("/cli-any-model/ollama/malformed", test_ollama_malformed);
  g_test_add_func ("/cli-any-model/ollama/unreachable", test_ollama_unreachable);

  return g_test_run ();
}
