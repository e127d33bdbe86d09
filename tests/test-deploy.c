/* test-deploy.c: a chosen option and model as a folder to deploy: the
 * engine commands carry the fitted context and layers, the LiteLLM config
 * parses as YAML with the structure LiteLLM documents, and a failed write
 * leaves nothing behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-deploy-plan.h"
#include "sy-test-utils.h"

/* Auxiliary functions ----------------------------------------------------- */

static void
machine_init (SyFitMachine *machine,
              guint         n_gpus,
              double        vram_gb,
              double        ram_gb)
{
  memset (machine, 0, sizeof *machine);
  machine->n_gpus = n_gpus;
  for (guint i = 0; i < n_gpus; i++)
    machine->gpu_bytes[i] = vram_gb * SY_FIT_GIB;
  machine->ram_bytes = ram_gb * SY_FIT_GIB;
}

/* SPEC §2 "Beyond the original: capacity": 50,000 requests a day of 800
 * in and 400 out on llama3.1-8b-rtx4090 needs 3 boxes. */
static SyCostModel *
spec_capacity_model (void)
{
  SyCostModel *model = sy_cost_model_new (NULL);
  SyTraffic traffic = { 50000, 800, 400 };

  sy_cost_model_set_traffic (model, &traffic);
  sy_cost_model_set_api_model (model, "gpt-4o-mini");

  return model;
}

static SyDeployPlan *
plan_new (SyDeployEngine      engine,
          const char         *model_id,
          const SyFitMachine *machine,
          SyCostModel        *cost_model,
          SyInferenceOption  *option,
          GError            **error)
{
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  const SyCatalogModel *model = sy_model_catalog_find (catalog, model_id);

  g_assert_nonnull (model);
  return sy_deploy_plan_new (engine, model, machine, 8192, SY_KV_F16, cost_model, option, NULL, error);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* tests/check-deploy-yaml.py on @dir's config.yaml; NULL when skipped. */
static JsonNode *
check_yaml (const char *dir,
            guint       boxes,
            const char *api_model)
{
  g_autofree char *config = g_build_filename (dir, "config.yaml", NULL);

  return sy_test_check_deploy_yaml (config, boxes, api_model);
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

/* Tests ------------------------------------------------------------------- */

/* Three boxes behind the proxy where the capacity rule asks for three. */
/* config.yaml of the three-box Ollama plan, as check-deploy-yaml.py read it. */
static void
assert_three_box_config (JsonNode *found)
{
  JsonObject *object;
  JsonArray *bases;

  object = json_node_get_object (found);
  g_assert_cmpint (json_object_get_int_member (object, "boxes"), ==, 3);
  bases = json_object_get_array_member (object, "api_bases");
  g_assert_cmpstr (json_array_get_string_element (bases, 0), ==, "http://box-1:11434");
  g_assert_cmpstr (json_array_get_string_element (bases, 2), ==, "http://box-3:11434");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "local_models"), 0),
                   ==, "ollama/switchyard-llama3.1-8b");
  /* 100 tokens/s ÷ 400 output tokens × 60 = 15 requests a minute. */
  g_assert_cmpint (json_object_get_int_member (object, "rpm"), ==, 15);
  /* SPEC §3's routes: simple local, medium gpt-4o-mini, complex gpt-4o. */
  {
    JsonObject *aliases = json_object_get_object_member (object, "aliases");

    g_assert_cmpstr (json_object_get_string_member (aliases, "simple"), ==, SY_DEPLOY_LOCAL_GROUP);
    g_assert_cmpstr (json_object_get_string_member (aliases, "medium"), ==, "gpt-4o-mini");
    g_assert_cmpstr (json_object_get_string_member (aliases, "complex"), ==, "gpt-4o");
  }
}

static void
test_capacity_boxes (void)
{
  g_autoptr(SyCostModel) cost_model = spec_capacity_model ();
  g_autoptr(SyInferenceOption) option = sy_cost_model_find_option (cost_model, "llama3.1-8b-rtx4090", NULL);
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autofree char *root = g_dir_make_tmp ("sy-deploy-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  g_autofree char *readme = NULL;
  SyFitMachine machine;

  g_object_ref (option);
  machine_init (&machine, 1, 24, 64);
  plan = plan_new (SY_DEPLOY_ENGINE_OLLAMA, "llama3.1:8b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->cost.boxes_needed, ==, 3);
  g_assert_cmpuint (plan->n_boxes, ==, 3);

  files = sy_deploy_plan_list_files (plan);
  g_assert_cmpuint (files->len, ==, 7);
  g_assert_true (g_ptr_array_find_with_equal_func (files, "start-box-3.sh", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (files, "start-box-4.sh", g_str_equal, NULL));

  g_assert_true (sy_deploy_plan_write (plan, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (dir), ==, 7);
  /* Only the folder: no staging sibling left over. */
  g_assert_cmpuint (count_entries (root), ==, 1);

  found = check_yaml (dir, 3, "gpt-4o-mini");
  if (found != NULL)
    assert_three_box_config (found);

  /* The README's month is the cost model's: 3 × $30 other costs, 3 ×
   * $1,600 setup; SPEC's golden break-even for 3 boxes is 10.7 months. */
  readme = read_file (dir, "README.md");
  g_assert_nonnull (strstr (readme, "| **Total a month** | **$90.00** |"));
  g_assert_nonnull (strstr (readme, "| Setup (once) | $4800.00 |"));
  g_assert_nonnull (strstr (readme, "gpt-4o-mini alone: $540.00 a month. Break-even: after 10.7 months."));
  g_assert_nonnull (strstr (readme, "`./start-box-3.sh`"));
  /* Memory as cards count it: a "24 GB" card has 24 GiB. */
  g_assert_nonnull (strstr (readme, " GiB of memory\n"));
  g_assert_nonnull (strstr (readme, "# Deployment plan: Llama 3.1 8B on 3 boxes with Ollama\n"));
  g_assert_nonnull (strstr (readme, "\n- Runs: all 32 layers on 1 GPU\n"));
  g_assert_nonnull (strstr (readme, "\n| | 3 boxes |\n"));

  /* "plan-2/" is the folder "plan-2", made beside the first. */
  {
    g_autofree char *slashed = g_build_filename (root, "plan-2/", NULL);
    g_autofree char *second = g_build_filename (root, "plan-2", NULL);

    g_assert_true (g_str_has_suffix (slashed, "/"));
    g_assert_true (sy_deploy_plan_write (plan, slashed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_entries (second), ==, 7);
    g_assert_cmpuint (count_entries (root), ==, 2);
  }

  /* Scripts run as they are. */
  {
    g_autofree char *script = g_build_filename (dir, "start-box-2.sh", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (script, &st), ==, 0);
    g_assert_true (st.st_mode & S_IXUSR);
  }

  sy_test_remove_tree (root);
}

/* The Modelfile and llama-server's flags carry what the fit found. */
static void
test_fitted_context_and_layers (void)
{
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (cost_model), 0);
  g_autoptr(SyDeployPlan) full = NULL;
  g_autoptr(SyDeployPlan) partial = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *modelfile = NULL;
  g_autofree char *script = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *readme = NULL;
  SyFitMachine machine;
  SyFitResult fit;

  /* 8B on a 24 GB card: SPEC's option runs the Q4_K_M build its 100
   * tokens/s (and so its number of boxes) are for, though F16 would fit. */
  machine_init (&machine, 1, 24, 64);
  full = plan_new (SY_DEPLOY_ENGINE_OLLAMA, "llama3.1-8b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  g_assert_cmpint (full->quant, ==, SY_QUANT_Q4_K_M);
  g_assert_true (full->quant_from_option);
  readme = sy_deploy_plan_render (full, "README.md");
  g_assert_nonnull (strstr (readme, "- Model: Llama 3.1 8B, Q4_K_M build (the one the option's speed is for), "));
  sy_fit_compute (sy_model_catalog_find (catalog, "llama3.1-8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &fit);
  g_assert_cmpint (fit.verdict, ==, SY_FIT_GPU);

  /* An option that does not say its build gets the most precise that fits. */
  {
    g_autoptr(SyInferenceOption) unsaid = sy_inference_option_new ("unsaid", "Unsaid", 2000, 0, 50, 0.8);
    g_autoptr(SyDeployPlan) best = plan_new (SY_DEPLOY_ENGINE_OLLAMA, "llama3.1-8b", &machine, cost_model,
                                             unsaid, &error);
    SyFitResult best_fit;

    g_assert_no_error (error);
    sy_fit_best (sy_model_catalog_find (catalog, "llama3.1-8b"), 8192, SY_KV_F16, &machine, &best_fit);
    g_assert_cmpint (best_fit.quant, ==, SY_QUANT_F16);
    g_assert_cmpint (best->quant, ==, SY_QUANT_F16);
    g_assert_false (best->quant_from_option);
  }
  modelfile = sy_deploy_plan_render (full, "Modelfile");
  expected = g_strdup_printf ("FROM %s\nPARAMETER num_ctx 8192\nPARAMETER num_gpu 32\n",
                              sy_catalog_model_get_pull_tag (sy_model_catalog_find (catalog, "llama3.1-8b"),
                                                             fit.quant));
  g_assert_nonnull (strstr (modelfile, expected));

  /* 70B on the same card: partly offloaded, layers as the fit says. */
  partial = plan_new (SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-70b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  sy_fit_best (sy_model_catalog_find (catalog, "llama3.1-70b"), 8192, SY_KV_F16, &machine, &fit);
  g_assert_cmpint (fit.verdict, ==, SY_FIT_PARTIAL);
  g_assert_cmpuint (fit.gpu_layers, >, 0);
  g_assert_cmpuint (fit.gpu_layers, <, 80);
  g_assert_cmpuint (partial->gpu_layers, ==, fit.gpu_layers);
  script = sy_deploy_plan_render (partial, "start-box-1.sh");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("exec llama-server \\\n    -m models/llama3.1-70b-%s.gguf \\\n    -c 8192 \\\n"
                              "    -ngl %u \\\n    --parallel 1 \\\n    --host 0.0.0.0 \\\n    --port 8080",
                              sy_quant_to_string (fit.quant), fit.gpu_layers);
  g_assert_nonnull (strstr (script, expected));
}

/* Batching: an aggregate of 4 × one stream is 4 slots, each with the
 * context asked for, so the KV cache holds four. */
static void
test_parallel_streams (void)
{
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = sy_inference_option_new ("batched", "Batched", 2000, 0, 50, 0.8);
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  SyFitMachine machine;
  SyFitResult fit;

  sy_inference_option_set_aggregate_tokens_per_second (option, 200);
  machine_init (&machine, 1, 24, 64);
  plan = plan_new (SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-8b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->parallel, ==, 4);
  g_assert_cmpuint (plan->context, ==, 8192);
  g_assert_cmpuint (plan->total_context, ==, 4 * 8192);
  /* The fit was for the four contexts. */
  sy_fit_best (sy_model_catalog_find (catalog, "llama3.1-8b"), 4 * 8192, SY_KV_F16, &machine, &fit);
  g_assert_cmpint (plan->quant, ==, fit.quant);

  script = sy_deploy_plan_render (plan, "start-box-1.sh");
  g_assert_nonnull (strstr (script, "    -c 32768 \\\n"));
  g_assert_nonnull (strstr (script, "    --parallel 4 \\\n"));
}

/* vLLM: F16 across the GPUs (tensor parallel), or a clear refusal. */
static void
test_vllm (void)
{
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (cost_model), 1);
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(SyDeployPlan) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  SyFitMachine machine;

  /* llama3.1-70b-2xa100: two 80 GB cards hold 70B at F16 (131 GB). */
  g_assert_cmpstr (sy_inference_option_get_id (option), ==, "llama3.1-70b-2xa100");
  machine_init (&machine, 2, 80, 256);
  plan = plan_new (SY_DEPLOY_ENGINE_VLLM, "llama3.1-70b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plan->quant, ==, SY_QUANT_F16);
  g_assert_cmpuint (plan->n_gpus, ==, 2);
  script = sy_deploy_plan_render (plan, "start-box-1.sh");
  g_assert_nonnull (strstr (script, "exec vllm serve meta-llama/Llama-3.1-70B-Instruct \\\n"));
  g_assert_nonnull (strstr (script, "    --max-model-len 8192 \\\n"));
  g_assert_nonnull (strstr (script, "    --gpu-memory-utilization 0.9 \\\n"));
  g_assert_nonnull (strstr (script, "    --tensor-parallel-size 2 \\\n"));

  /* One 24 GB card cannot hold it whole. */
  machine_init (&machine, 1, 24, 256);
  refused = plan_new (SY_DEPLOY_ENGINE_VLLM, "llama3.1-70b", &machine, cost_model, option, &error);
  g_assert_null (refused);
  g_assert_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "llama-server"));
}

/* Whatever the names hold, the YAML stays YAML and says exactly them. */
static void
test_yaml_quoting (void)
{
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (cost_model), 0);
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autofree char *root = g_dir_make_tmp ("sy-deploy-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "plan", NULL);
  const char *weird = "we\"ird: #model\\ - [x]\n\ttab";
  JsonArray *hosted;
  gboolean seen = FALSE;
  SyFitMachine machine;

  machine_init (&machine, 1, 24, 64);
  plan = plan_new (SY_DEPLOY_ENGINE_VLLM, "llama3.1-8b", &machine, cost_model, option, &error);
  g_assert_no_error (error);
  g_free (plan->api_model);
  plan->api_model = g_strdup (weird);
  g_assert_true (sy_deploy_plan_write (plan, dir, &error));
  g_assert_no_error (error);

  found = check_yaml (dir, 1, weird);
  if (found != NULL)
    {
      hosted = json_object_get_array_member (json_node_get_object (found), "hosted");
      for (guint i = 0; i < json_array_get_length (hosted); i++)
        seen |= g_strcmp0 (json_array_get_string_element (hosted, i), weird) == 0;
      g_assert_true (seen);
    }
  /* OpenAI-compatible engines get a key that is none, so LiteLLM does not
   * send them $OPENAI_API_KEY. */
  {
    g_autofree char *config = read_file (dir, "config.yaml");

    g_assert_nonnull (strstr (config, "      api_base: \"http://box-1:8000/v1\"\n      api_key: \"none\"\n"));
  }

  sy_test_remove_tree (root);
}

/* A folder that cannot be written: an error, and nothing left. */
static void
test_unwritable (void)
{
  g_autoptr(SyCostModel) cost_model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (cost_model), 0);
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("sy-deploy-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (root, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "plan", NULL);
  g_autofree char *full = g_build_filename (root, "full", NULL);
  g_autofree char *keep = g_build_filename (full, "keep.txt", NULL);
  g_autofree char *kept = NULL;
  SyFitMachine machine;

  machine_init (&machine, 1, 24, 64);
  plan = plan_new (SY_DEPLOY_ENGINE_OLLAMA, "llama3.1-8b", &machine, cost_model, option, &error);
  g_assert_no_error (error);

  /* The parent is a file (the tests run as root, so no chmod would do). */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_false (sy_deploy_plan_write (plan, under_file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "a-file"));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (root), ==, 1);

  /* A folder that holds something is not overwritten. */
  g_assert_cmpint (g_mkdir (full, 0755), ==, 0);
  g_assert_true (g_file_set_contents (keep, "mine", -1, NULL));
  g_assert_false (sy_deploy_plan_write (plan, full, &error));
  g_assert_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_EXISTS);
  g_assert_cmpuint (count_entries (full), ==, 1);
  g_assert_true (g_file_get_contents (keep, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "mine");
  g_assert_cmpuint (count_entries (root), ==, 2);

  sy_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deploy/capacity-boxes", test_capacity_boxes);
  g_test_add_func ("/deploy/fitted-context-and-layers", test_fitted_context_and_layers);
  g_test_add_func ("/deploy/parallel-streams", test_parallel_streams);
  g_test_add_func ("/deploy/vllm", test_vllm);
  g_test_add_func ("/deploy/yaml-quoting", test_yaml_quoting);
  g_test_add_func ("/deploy/unwritable", test_unwritable);

  return g_test_run ();
}
