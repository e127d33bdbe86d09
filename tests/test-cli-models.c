/* test-cli-models.c: `switchyard hardware` and `switchyard models`, run
 * as a script would, on fixture machines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

/* Measured speeds are read from here, never from the user's own. */
static char *data_dir;

/* Runs `switchyard ARGS…` (NULL-terminated) on the fixture machine
 * @machine (tests/fixtures/hw/MACHINE) with the fake nvidia-smi @smi. */
static void
run_on_machine (Run        *run,
                const char *machine,
                const char *smi,
                ...)
{
  g_autofree char *sys = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", machine, "sys", NULL);
  g_autofree char *proc = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", machine, "proc", NULL);
  g_autofree char *smi_path = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", smi, NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *env[] = {
    "SWITCHYARD_SYSFS_ROOT", sys,
    "SWITCHYARD_PROCFS_ROOT", proc,
    "SWITCHYARD_NVIDIA_SMI", smi_path,
    "SWITCHYARD_NVML", "none",
    "SWITCHYARD_DATA_DIR", data_dir,
    NULL,
  };

  RUN_COLLECT_ARGS (args, smi);
  run_switchyard_argv (run, env, (const char * const *) args->pdata);
}

static JsonObject *
find_model (JsonArray  *array,
            const char *tag)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "ollama_tag"), tag) == 0)
        return object;
    }

  g_assert_not_reached ();
}

static void
test_hardware_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *gpu;
  JsonArray *gpus;

  run_on_machine (&run, "nvidia", "nvidia-smi-ok", "hardware", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_json (run.out);
  object = json_node_get_object (root);
  gpus = json_object_get_array_member (object, "gpus");
  g_assert_cmpuint (json_array_get_length (gpus), ==, 1);
  gpu = json_array_get_object_element (gpus, 0);
  g_assert_cmpstr (json_object_get_string_member (gpu, "name"), ==, "NVIDIA GeForce RTX 4060");
  g_assert_cmpstr (json_object_get_string_member (gpu, "vendor"), ==, "nvidia");
  g_assert_cmpstr (json_object_get_string_member (gpu, "source"), ==, "nvidia-smi");
  g_assert_cmpint (json_object_get_int_member (gpu, "vram_total_bytes"), ==, G_GINT64_CONSTANT (8188) * 1024 * 1024);
  g_assert_true (json_object_get_null_member (gpu, "reason"));
  g_assert_cmpint (json_object_get_int_member (object, "ram_total_bytes"), ==, G_GINT64_CONSTANT (32) << 30);
  g_assert_cmpint (json_object_get_int_member (object, "cpu_cores"), >=, 1);
}

static void
test_hardware_unknowns (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *gpu;

  /* nvidia-smi fails and meminfo is fine: VRAM null, with the reason. */
  run_on_machine (&run, "nvidia", "nvidia-smi-fail", "hardware", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  gpu = json_array_get_object_element (json_object_get_array_member (object, "gpus"), 0);
  g_assert_true (json_object_get_null_member (gpu, "vram_total_bytes"));
  g_assert_nonnull (strstr (json_object_get_string_member (gpu, "reason"), "nvidia-smi exited with status 1"));
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Garbled files: still exit 0, RAM null with the reason. */
  run_on_machine (&run, "garbled", "nvidia-smi-fail", "hardware", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (object, "ram_total_bytes"));
  g_assert_nonnull (json_object_get_string_member (object, "ram_reason"));
  run_clear (&run);

  /* Text mode says "Unknown:". */
  run_on_machine (&run, "garbled", "nvidia-smi-fail", "hardware", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Unknown:"));
}

static void
test_models_vram_8 (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *llama, *big;
  const char *keys[] = { "name", "ollama_tag", "quant", "memory_gb", "verdict", "max_context_on_gpu" };
  int last_rank = 0;

  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", "8", "--ram-gb", "32",
                  "--context", "8192", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_json (run.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >=, 12);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      const char *verdict = json_object_get_string_member (object, "verdict");
      const char *ranks[] = { "gpu", "partial", "cpu", "too-large" };
      int rank = -1;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (object, keys[k]));
      for (int r = 0; r < 4; r++)
        if (g_strcmp0 (verdict, ranks[r]) == 0)
          rank = r;
      /* Best first. */
      g_assert_cmpint (rank, >=, last_rank);
      last_rank = rank;
    }

  /* Llama 3.1 8B fits 8 GB at 8k (at Q5_K_M, the best that does). */
  llama = find_model (array, "llama3.1:8b");
  g_assert_cmpstr (json_object_get_string_member (llama, "verdict"), ==, "gpu");
  g_assert_cmpstr (json_object_get_string_member (llama, "quant"), ==, "Q5_K_M");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (llama, "memory_gb"), 7.07, 0.006);
  g_assert_cmpint (json_object_get_int_member (llama, "max_context_on_gpu"), >, 8192);

  /* 70B: 21.5 GB left over is more than 90 % of 32 GB? No: 39.9 + 2.5 −
   * 6.45 = 35.9 GB > 28.8 GB, too large. */
  big = find_model (array, "llama3.1:70b");
  g_assert_cmpstr (json_object_get_string_member (big, "verdict"), ==, "too-large");
  g_assert_cmpint (json_object_get_int_member (big, "max_context_on_gpu"), ==, 0);
}

static void
test_models_70b_on_24 (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *big;

  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", "24", "--ram-gb", "64",
                  "--kv-type", "q8_0", "--use-case", "frontier", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  /* The frontier rows: Llama 3.1 and 3.3 70B, Gemma 2 27B, Qwen2.5 32B,
   * and since issue #15's refresh gpt-oss 120B, Gemma 3 27B, the R1
   * distills of Qwen 32B and Llama 70B, Qwen3 32B and Qwen3 235B-A22B. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 10);
  big = find_model (json_node_get_array (root), "llama3.1:70b");
  g_assert_cmpstr (json_object_get_string_member (big, "verdict"), ==, "partial");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (big, "kv_cache_gb"), 1.25, 0.001);
  /* Issue #15: a q8_0 cache needs flash attention; a typed VRAM has no bandwidth. */
  g_assert_true (json_object_get_boolean_member (big, "flash_attention_required"));
  g_assert_true (json_object_get_null_member (big, "predicted_tokens_per_s"));
  g_assert_true (json_object_get_null_member (big, "speed_source"));
}

static void
test_models_detected (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *llama;

  /* No --vram-gb: the fixture's RTX 4060 (7.6 GB free) and 24 GB of RAM. */
  run_on_machine (&run, "nvidia", "nvidia-smi-ok", "models", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  llama = find_model (json_node_get_array (root), "llama3.1:8b");
  g_assert_cmpstr (json_object_get_string_member (llama, "verdict"), ==, "gpu");
  g_assert_cmpstr (json_object_get_string_member (llama, "quant"), ==, "Q4_K_M");
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* No GPU: everything on the CPU from 12 GB available. */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  llama = find_model (json_node_get_array (root), "llama3.1:8b");
  g_assert_cmpstr (json_object_get_string_member (llama, "verdict"), ==, "cpu");
  run_clear (&run);

  /* Text output has a header and the verdict labels. */
  run_on_machine (&run, "two-gpus", "nvidia-smi-fail", "models", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "MAX CONTEXT ON GPU"));
  g_assert_nonnull (strstr (run.out, "12.0 GiB + 12.0 GiB"));
  g_assert_nonnull (strstr (run.out, "Fits on GPU"));
  run_clear (&run);

  /* Columns line up by characters: a row whose maximum context is “—”
   * (three bytes, one character) has its speed under SPEED. */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
    const char *head = NULL, *row = NULL;
    glong column;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "SPEED") != NULL)
        head = lines[i];
      else if (head != NULL && row == NULL && strstr (lines[i], "—") != NULL && strstr (lines[i], "tok/s") != NULL)
        row = lines[i];
    g_assert_nonnull (head);
    g_assert_nonnull (row);
    column = g_utf8_pointer_to_offset (head, strstr (head, "SPEED"));
    g_assert_cmpint (g_utf8_strlen (row, -1), >, column);
    g_assert_cmpint (g_utf8_get_char (g_utf8_offset_to_pointer (row, column - 1)), ==, ' ');
    g_assert_cmpint (g_utf8_get_char (g_utf8_offset_to_pointer (row, column)), !=, ' ');
  }
}

/* Every row's cells start under their column's head, however long a
 * model's name ("DeepSeek-R1 Distill Llama 70B" is 29 characters). */
static void
test_models_columns (void)
{
  Run run = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *heads[] = { "OLLAMA TAG", "QUANT", "VERDICT" };
  const char *head = NULL;
  guint n_rows = 0;
  gboolean long_name = FALSE;

  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--gpu", "RTX 4090", "--ram-gb", "64",
                  "--use-case", "frontier", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (head == NULL)
        {
          if (g_str_has_prefix (lines[i], "MODEL "))
            head = lines[i];
          continue;
        }
      if (*lines[i] == '\0')
        continue;
      long_name = long_name || g_str_has_prefix (lines[i], "DeepSeek-R1 Distill Llama 70B");
      for (guint h = 0; h < G_N_ELEMENTS (heads); h++)
        {
          glong column = g_utf8_pointer_to_offset (head, strstr (head, heads[h]));

          if (g_utf8_get_char (g_utf8_offset_to_pointer (lines[i], column - 1)) != ' ' ||
              g_utf8_get_char (g_utf8_offset_to_pointer (lines[i], column)) == ' ')
            g_error ("“%s” is not under %s:\n%s\n%s", lines[i], heads[h], head, lines[i]);
        }
      n_rows++;
    }
  g_assert_true (long_name);
  g_assert_cmpuint (n_rows, >=, 5);
  run_clear (&run);
}

/* Issue #15: what `ollama_pull_tag` downloads is the build the row sized. */
static void
test_models_pull_tag (void)
{
  const struct
  {
    const char *vram;
    const char *tag;
    const char *quant;
    const char *pull;
  } cases[] = {
    { "16", "llama3.1:8b", "Q8_0", "llama3.1:8b-instruct-q8_0" },
    { "80", "llama3.1:70b", "Q5_K_M", "llama3.1:70b-instruct-q5_K_M" },
    { "8", "llama3.1:8b", "Q5_K_M", "llama3.1:8b-instruct-q5_K_M" },
    { "80", "phi3:mini", "F16", "phi3:3.8b-mini-4k-instruct-f16" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonArray *array;
      JsonObject *row;

      run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", cases[i].vram, "--ram-gb", "64",
                      "--json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      root = parse_json (run.out);
      array = json_node_get_array (root);
      row = find_model (array, cases[i].tag);
      g_assert_cmpstr (json_object_get_string_member (row, "quant"), ==, cases[i].quant);
      g_assert_cmpstr (json_object_get_string_member (row, "ollama_pull_tag"), ==, cases[i].pull);

      /* Every row pulls some build, and its own model's. */
      for (guint k = 0; k < json_array_get_length (array); k++)
        {
          JsonObject *object = json_array_get_object_element (array, k);
          const char *pull = json_object_get_string_member (object, "ollama_pull_tag");
          const char *tag = json_object_get_string_member (object, "ollama_tag");

          g_assert_nonnull (pull);
          g_assert_true (strncmp (pull, tag, strcspn (tag, ":")) == 0);
        }
    }

  /* The text table names the same tag. */
  {
    g_auto(Run) run = { 0 };

    run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", "16", "--ram-gb", "64", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "llama3.1:8b-instruct-q8_0"));
  }
}

static void
test_models_all_quants (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  guint seen = 0, n_llama = 0;

  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", "16", "--ram-gb", "64",
                  "--all-quants", "--use-case", "chat", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      const char *quant = json_object_get_string_member (object, "quant");
      const char *pull = json_object_get_string_member (object, "ollama_pull_tag");
      g_autofree char *suffix = g_ascii_strdown (quant, -1);
      const char *dash = strrchr (pull, '-');

      /* Each row's tag is its own quantisation's build (fp16/f16 for F16);
       * gpt-oss ships a single build, MXFP4, under its bare tag. */
      if (dash == NULL || strchr (dash, ':') != NULL)
        {
          g_assert_cmpstr (pull, ==, json_object_get_string_member (object, "ollama_tag"));
          g_assert_cmpstr (quant, ==, "MXFP4");
        }
      else if (g_strcmp0 (quant, "F16") == 0)
        g_assert_true (g_str_has_suffix (pull, "-fp16") || g_str_has_suffix (pull, "-f16"));
      else
        g_assert_true (g_ascii_strcasecmp (strrchr (pull, '-') + 1, suffix) == 0);

      if (g_strcmp0 (json_object_get_string_member (object, "ollama_tag"), "llama3.1:8b") != 0)
        continue;
      n_llama++;
      if (g_strcmp0 (quant, "Q4_K_M") == 0)
        seen |= 1;
      else if (g_strcmp0 (quant, "Q5_K_M") == 0)
        seen |= 2;
      else if (g_strcmp0 (quant, "Q8_0") == 0)
        seen |= 4;
      else if (g_strcmp0 (quant, "F16") == 0)
        {
          seen |= 8;
          /* 16.1 GB of weights do not fit 90 % of 16 GB. */
          g_assert_cmpstr (json_object_get_string_member (object, "verdict"), ==, "partial");
        }

      /* A dense model: every parameter is active; the numbers' source. */
      g_assert_cmpfloat (json_object_get_double_member (object, "total_params"), ==, 8.03e9);
      g_assert_cmpfloat (json_object_get_double_member (object, "active_params"), ==, 8.03e9);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "source"),
                                       "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/"));
    }
  g_assert_cmpuint (n_llama, ==, 4);
  g_assert_cmpuint (seen, ==, 15);

  /* A mixture of experts: total and active differ. */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "ollama_tag"), "qwen3:30b-a3b") != 0)
        continue;
      g_assert_cmpfloat (json_object_get_double_member (object, "total_params"), ==, 30.5e9);
      g_assert_cmpfloat (json_object_get_double_member (object, "active_params"), ==, 3.3e9);
      seen |= 16;
    }
  g_assert_cmpuint (seen, ==, 31);
}

/* Issue #15: planning with cards from the GPU table, with predicted speed. */
static void
test_models_gpu_cards (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *row;

  /* 24 GB card + 64 GB RAM → Llama 3.1 70B partial offload, at 2.1 tok/s
   * (test-speed's /speed/partial-offload works it out). */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--gpu", "rtx 4090", "--ram-gb", "64",
                  "--use-case", "frontier", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  row = find_model (json_node_get_array (root), "llama3.1:70b");
  g_assert_cmpstr (json_object_get_string_member (row, "verdict"), ==, "partial");
  g_assert_cmpstr (json_object_get_string_member (row, "quant"), ==, "Q4_K_M");
  g_assert_cmpfloat (json_object_get_double_member (row, "predicted_tokens_per_s"), ==, 2.1);
  g_assert_cmpstr (json_object_get_string_member (row, "speed_source"), ==, "estimated");
  g_assert_true (json_object_get_null_member (row, "measured_tokens_per_s"));
  g_assert_cmpfloat (json_object_get_double_member (row, "bandwidth_gbps"), ==, 1008);
  g_assert_false (json_object_get_boolean_member (row, "flash_attention_required"));
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Two RTX 3090s (936 GB/s) hold it at 2k: 0.6 × 936 ÷ 43.47 GB = 12.9. */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--gpu", "RTX 3090", "--gpu", "rtx-3090",
                  "--ram-gb", "64", "--context", "2048", "--use-case", "frontier", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  row = find_model (json_node_get_array (root), "llama3.1:70b");
  g_assert_cmpstr (json_object_get_string_member (row, "verdict"), ==, "gpu");
  g_assert_cmpint (json_object_get_int_member (row, "gpus_used"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (row, "predicted_tokens_per_s"), ==, 12.9);
  g_assert_cmpfloat (json_object_get_double_member (row, "bandwidth_gbps"), ==, 936);
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Text: the speed column, and the flash attention line for a q8_0 cache. */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--gpu", "RTX 4090", "--ram-gb", "64",
                  "--kv-type", "q8_0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "SPEED"));
  g_assert_nonnull (strstr (run.out, "24.0 GiB · RAM: 64.0 GiB"));
  g_assert_nonnull (strstr (run.out, "A q8_0 KV cache needs flash attention: OLLAMA_FLASH_ATTENTION=1"));
  g_assert_nonnull (strstr (run.out, " tok/s"));
  run_clear (&run);

  /* Without the GPU the same model runs from RAM; a faster RAM is faster. */
  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--vram-gb", "0", "--ram-gb", "64",
                  "--ram-bandwidth-gbps", "179.2", "--use-case", "frontier", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  row = find_model (json_node_get_array (root), "llama3.1:70b");
  g_assert_cmpstr (json_object_get_string_member (row, "verdict"), ==, "cpu");
  /* 0.6 × 179.2 ÷ 45.49 GB = 2.36 */
  g_assert_cmpfloat (json_object_get_double_member (row, "predicted_tokens_per_s"), ==, 2.4);
  g_assert_true (json_object_get_null_member (row, "bandwidth_gbps"));
}

/* A reply measured on this machine's GPU replaces the prediction for its
 * model and calibrates the efficiency for the others. */
static void
test_models_measured (void)
{
  g_autofree char *path = g_build_filename (data_dir, "speed.json", NULL);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *row;
  double predicted;

  /* Llama 3.1 8B Q4_K_M at 8k on an RTX 4090: predicted 101.8 (test-speed);
   * measured 61.07 → efficiency 0.36. */
  g_assert_true (g_file_set_contents (path,
    "{\"version\": 1, \"measurements\": [{\"gpu\": \"NVIDIA GeForce RTX 4090\", "
    "\"model\": \"llama3.1:8b\", \"tokens_per_s\": 61.07}]}", -1, NULL));

  run_on_machine (&run, "nvidia", "nvidia-smi-4090", "models", "--all-quants", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      row = json_array_get_object_element (json_node_get_array (root), i);

      if (g_strcmp0 (json_object_get_string_member (row, "ollama_pull_tag"), "llama3.1:8b-instruct-q4_K_M") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (row, "speed_source"), ==, "measured");
          g_assert_cmpfloat (json_object_get_double_member (row, "measured_tokens_per_s"), ==, 61.1);
          /* Calibrated: the prediction for the measured build is the measurement. */
          g_assert_cmpfloat (json_object_get_double_member (row, "predicted_tokens_per_s"), ==, 61.1);
        }
      else if (g_strcmp0 (json_object_get_string_member (row, "ollama_pull_tag"), "llama3.1:8b-instruct-q8_0") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (row, "speed_source"), ==, "estimated");
          /* 8.03e9 × 8.5 ÷ 8 + 1 GiB = 9.606e9 bytes; 0.36 × 1008 ÷ 9.606 = 37.8 */
          predicted = json_object_get_double_member (row, "predicted_tokens_per_s");
          g_assert_cmpfloat (predicted, ==, 37.8);
        }
    }
  run_clear (&run);

  /* Text: "measured 61 tok/s, predicted 61" on the measured build's row;
   * the best build that fits a 24 GB card is F16, estimated. */
  run_on_machine (&run, "nvidia", "nvidia-smi-4090", "models", "--use-case", "chat", "--all-quants", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "measured 61 tok/s, predicted 61"));
  run_clear (&run);

  /* Planning another card does not borrow this machine's measurement. */
  g_clear_pointer (&root, json_node_unref);
  run_on_machine (&run, "nvidia", "nvidia-smi-4090", "models", "--gpu", "RTX 4090", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  row = find_model (json_node_get_array (root), "llama3.1:8b");
  g_assert_cmpstr (json_object_get_string_member (row, "speed_source"), ==, "estimated");
  run_clear (&run);

  /* A broken store: said on stderr, estimates still printed. */
  g_assert_true (g_file_set_contents (path, "{", -1, NULL));
  run_on_machine (&run, "nvidia", "nvidia-smi-4090", "models", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.err, "switchyard: measured speeds ignored: "));
  g_assert_nonnull (strstr (run.out, "\"speed_source\": \"estimated\""));

  g_assert_cmpint (g_remove (path), ==, 0);
}

/* `switchyard gpus`: the table, with its sources. */
static void
test_gpus (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gboolean seen = FALSE;

  run_on_machine (&run, "none", "nvidia-smi-fail", "gpus", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  root = parse_json (run.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >=, 15);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *gpu = json_array_get_object_element (array, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (gpu, "source"), "https://"));
      if (g_strcmp0 (json_object_get_string_member (gpu, "id"), "rtx-4090") == 0)
        {
          g_assert_cmpfloat (json_object_get_double_member (gpu, "bandwidth_gbps"), ==, 1008);
          g_assert_cmpfloat (json_object_get_double_member (gpu, "memory_gb"), ==, 24);
          g_assert_cmpfloat (json_object_get_double_member (gpu, "board_power_w"), ==, 450);
          g_assert_cmpfloat (json_object_get_double_member (gpu, "price_usd"), ==, 1599);
          seen = TRUE;
        }
    }
  g_assert_true (seen);
  run_clear (&run);

  run_on_machine (&run, "none", "nvidia-smi-fail", "gpus", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "RTX 4090"));
  g_assert_nonnull (strstr (run.out, "1008 GB/s"));
  run_clear (&run);

  run_on_machine (&run, "none", "nvidia-smi-fail", "gpus", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_unknown_gpu (void)
{
  g_auto(Run) run = { 0 };

  run_on_machine (&run, "none", "nvidia-smi-fail", "models", "--gpu", "RTX 9999", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  /* The message lists the cards one can name. */
  g_assert_true (g_str_has_prefix (run.err, "switchyard: --gpu: unknown card “RTX 9999”; known cards: RTX 3060 12 GB, RTX 3090, "));
  g_assert_nonnull (strstr (run.err, "RTX 4090"));
}

static void
test_bad_input (void)
{
  const char *cases[][3] = {
    { "--vram-gb", "eight", NULL },
    { "--vram-gb", "-1", NULL },
    { "--ram-gb", "1e999", NULL },
    { "--context", "100", NULL },
    { "--context", "8192.5", NULL },
    { "--kv-type", "q4_0", NULL },
    { "--use-case", "poetry", NULL },
    { "--gpu", "RTX 9999", NULL },
    { "--gpu", "", NULL },
    { "--ram-bandwidth-gbps", "0", NULL },
    { "--ram-bandwidth-gbps", "fast", NULL },
    { "--frobnicate", NULL, NULL },
    { "extra", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_on_machine (&run, "none", "nvidia-smi-fail", "models", cases[i][0], cases[i][1], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
      /* One line. */
      g_assert_nonnull (strchr (run.err, '\n'));
      g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
    }

  {
    g_auto(Run) run = { 0 };

    run_on_machine (&run, "none", "nvidia-smi-fail", "hardware", "--verbose", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (strchr (run.err, '\n'), ==, "\n");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-models/hardware/json", test_hardware_json);
  g_test_add_func ("/cli-models/hardware/unknowns", test_hardware_unknowns);
  g_test_add_func ("/cli-models/models/vram-8", test_models_vram_8);
  g_test_add_func ("/cli-models/models/70b-on-24", test_models_70b_on_24);
  g_test_add_func ("/cli-models/models/detected", test_models_detected);
  g_test_add_func ("/cli-models/models/pull-tag", test_models_pull_tag);
  g_test_add_func ("/cli-models/models/columns", test_models_columns);
  g_test_add_func ("/cli-models/models/all-quants", test_models_all_quants);
  g_test_add_func ("/cli-models/models/gpu-cards", test_models_gpu_cards);
  g_test_add_func ("/cli-models/models/measured", test_models_measured);
  g_test_add_func ("/cli-models/gpus", test_gpus);
  g_test_add_func ("/cli-models/unknown-gpu", test_unknown_gpu);
  g_test_add_func ("/cli-models/bad-input", test_bad_input);

  {
    g_autoptr(GError) error = NULL;
    int status;

    data_dir = g_dir_make_tmp ("sy-cli-models-XXXXXX", &error);
    g_assert_no_error (error);
    status = g_test_run ();
    g_rmdir (data_dir);
    g_free (data_dir);
    return status;
  }
}
