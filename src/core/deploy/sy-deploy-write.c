/* sy-deploy-write.c: a deployment plan as a folder of files
 *
 * The files are for people and programs on other machines, so they are
 * English and locale-free (numbers with a '.' whatever LC_NUMERIC says).
 * Every engine flag and proxy key is checked against the engine's own
 * documentation, named next to the table that emits it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sy-deploy-plan.h"

#define README_FILE   "README.md"
#define CONFIG_FILE   "config.yaml"
#define PROXY_SCRIPT  "start-proxy.sh"
#define MODELFILE     "Modelfile"

/* Locale-free text ------------------------------------------------------- */

static char *
format_usd (double usd)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("$%s", g_ascii_formatd (buffer, sizeof buffer, "%.2f", usd));
}

static char *
format_months (double months)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", months));
}

static char *
format_gib (double bytes)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%s GiB", g_ascii_formatd (buffer, sizeof buffer, "%.1f", bytes / SY_FIT_GIB));
}

/* A YAML double-quoted scalar (YAML 1.2 §7.3.1): backslash and quote
 * escaped, control characters as \xNN, the rest as UTF-8. */
static void
append_yaml_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Text from the plan inside a "# …" comment: a line break would end the
 * comment and start YAML. */
static char *
comment_safe (const char *text)
{
  char *safe = g_strdup (text);

  for (char *p = safe; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }

  return safe;
}

static void
append_yaml_pair (GString    *out,
                  const char *indent,
                  const char *key,
                  const char *value)
{
  g_string_append_printf (out, "%s%s: ", indent, key);
  append_yaml_string (out, value);
  g_string_append_c (out, '\n');
}

/* Names ------------------------------------------------------------------ */

/* The name the engine serves the model under, and the proxy asks for. */
static char *
served_name (const SyDeployPlan *plan)
{
  return g_strdup_printf ("switchyard-%s", plan->model_id);
}

static char *
box_script_name (guint index)
{
  return g_strdup_printf ("start-box-%u.sh", index + 1);
}

static char *
box_api_base (const SyDeployPlan *plan,
              guint               index)
{
  /* Ollama's native API is at the root; the OpenAI-compatible servers
   * answer under /v1. */
  return g_strdup_printf ("http://%s:%u%s", plan->hosts[index], plan->port,
                          plan->engine == SY_DEPLOY_ENGINE_OLLAMA ? "" : "/v1");
}

/* The distinct hosted models the proxy needs: the fallback first, then
 * each API route's. */
static GPtrArray *
hosted_models (const SyDeployPlan *plan)
{
  GPtrArray *models = g_ptr_array_new ();

  g_ptr_array_add (models, plan->api_model);
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      if (plan->route_backend[i] != SY_ROUTE_BACKEND_API || plan->route_model[i] == NULL)
        continue;
      if (!g_ptr_array_find_with_equal_func (models, plan->route_model[i], g_str_equal, NULL))
        g_ptr_array_add (models, plan->route_model[i]);
    }

  return models;
}

/* "`export OPENAI_API_KEY=…`", one for each provider the proxy calls. */
static char *
key_exports (const SyDeployPlan *plan)
{
  g_autoptr(GPtrArray) hosted = hosted_models (plan);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hosted->len; i++)
    {
      char *name = sy_deploy_api_key_env (g_ptr_array_index (hosted, i));

      if (g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        {
          g_free (name);
          continue;
        }
      g_string_append_printf (out, "%s`export %s=…`", names->len > 0 ? " and " : "", name);
      g_ptr_array_add (names, name);
    }

  return g_string_free (out, FALSE);
}

/* Engines ---------------------------------------------------------------- */

static char *
render_modelfile (const SyDeployPlan *plan)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "# %s (%s) for Ollama, written by Switchyard.\n",
                          plan->model_name, sy_quant_to_string (plan->quant));
  /* Flags: ollama/ollama docs/modelfile.mdx ("PARAMETER <parameter> <value>",
   * num_ctx) and api/types.go (num_gpu, the Runner option NumGPU: layers
   * sent to the GPU; parser/parser_test.go parses "num_gpu 1"), at commit
   * fb30760996871fa9460115c753afd2c60d4ab0f7. */
  g_string_append (out,
                   "# num_ctx: the tokens one request may use; num_gpu: the layers on the GPU\n"
                   "# (ollama/ollama docs/modelfile.mdx and api/types.go @ fb30760).\n");
  g_string_append_printf (out, "FROM %s\n", plan->ollama_tag);
  g_string_append_printf (out, "PARAMETER num_ctx %u\n", plan->context);
  g_string_append_printf (out, "PARAMETER num_gpu %u\n", plan->gpu_layers);

  return g_string_free (out, FALSE);
}

/* One flag and its value a line when @wrap, for commands with many. */
static void
append_command (GString            *out,
                const char * const *argv,
                gboolean            wrap)
{
  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;

      /* Plain words stay readable; anything else is quoted for sh. */
      if (argv[i][strspn (argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=")] == '\0' &&
          argv[i][0] != '\0')
        quoted = g_strdup (argv[i]);
      else
        quoted = g_shell_quote (argv[i]);

      if (i > 0)
        g_string_append (out, wrap && argv[i][0] == '-' ? " \\\n    " : " ");
      g_string_append (out, quoted);
    }
  g_string_append_c (out, '\n');
}

static char *
render_box_script (const SyDeployPlan *plan,
                   guint               index)
{
  GString *out = g_string_new ("#!/bin/sh\n");
  g_autofree char *name = served_name (plan);
  g_autofree char *port = g_strdup_printf ("%u", plan->port);
  g_autofree char *context = g_strdup_printf ("%u", plan->context);
  g_autofree char *total_context = g_strdup_printf ("%u", plan->total_context);
  g_autofree char *layers = g_strdup_printf ("%u", plan->gpu_layers);
  g_autofree char *parallel = g_strdup_printf ("%u", plan->parallel);
  g_autofree char *n_gpus = g_strdup_printf ("%u", MAX (plan->n_gpus, 1));

  g_string_append_printf (out, "# Box %u of %u (%s): %s on %s, written by Switchyard.\n",
                          index + 1, plan->n_boxes, plan->hosts[index], plan->model_name,
                          sy_deploy_engine_get_label (plan->engine));
  g_string_append (out, "set -eu\ncd \"$(dirname \"$0\")\"\n\n");

  switch (plan->engine)
    {
    case SY_DEPLOY_ENGINE_OLLAMA:
      {
        const char *create[] = { "ollama", "create", name, "-f", MODELFILE, NULL };
        const char *pull[] = { "ollama", "pull", plan->ollama_tag, NULL };

        /* ollama/ollama envconfig/config.go @ fb30760: OLLAMA_HOST "IP
         * Address for the ollama server (default 127.0.0.1:11434)";
         * OLLAMA_NUM_PARALLEL "Maximum number of parallel requests". */
        g_string_append (out, "# OLLAMA_HOST, OLLAMA_NUM_PARALLEL: ollama/ollama envconfig/config.go @ fb30760.\n");
        g_string_append_printf (out, "export OLLAMA_HOST=0.0.0.0:%u\n", plan->port);
        g_string_append_printf (out, "export OLLAMA_NUM_PARALLEL=%u\n\n", plan->parallel);
        g_string_append (out, "ollama serve &\nserver=$!\n"
                              "until ollama list >/dev/null 2>&1; do sleep 1; done\n");
        append_command (out, pull, FALSE);
        append_command (out, create, FALSE);
        g_string_append (out, "wait \"$server\"\n");
      }
      break;

    case SY_DEPLOY_ENGINE_LLAMA_SERVER:
      {
        g_autofree char *model_path = g_build_filename ("models", plan->gguf_file, NULL);
        /* ggerganov/llama.cpp examples/server/README.md @ c392e50:
         * -m/--model FNAME, -c/--ctx-size N (the whole KV cache, shared by
         * the slots), -ngl/--n-gpu-layers N, -np/--parallel N, --host,
         * --port, -a/--alias (the model name the API reports). */
        const char *argv[] = {
          "exec", "llama-server",
          "-m", model_path,
          "-c", total_context,
          "-ngl", layers,
          "--parallel", parallel,
          "--host", "0.0.0.0",
          "--port", port,
          "--alias", name,
          NULL,
        };

        g_string_append (out, "# Flags: ggerganov/llama.cpp examples/server/README.md @ c392e50.\n");
        g_string_append_printf (out, "# -c is shared by the %u slots: %u tokens each.\n",
                                plan->parallel, plan->context);
        append_command (out, argv, TRUE);
      }
      break;

    case SY_DEPLOY_ENGINE_VLLM:
      {
        /* vllm-project/vllm vllm/engine/arg_utils.py (EngineArgs.add_cli_args):
         * --max-model-len, --gpu-memory-utilization, --tensor-parallel-size,
         * --max-num-seqs; --served-model-name, --host and --port from
         * vllm/entrypoints/openai/cli_args.py. */
        const char *argv[] = {
          "exec", "vllm",
          "serve", plan->hf_repo,
          "--served-model-name", name,
          "--max-model-len", context,
          "--gpu-memory-utilization", "0.9",
          "--tensor-parallel-size", n_gpus,
          "--max-num-seqs", parallel,
          "--host", "0.0.0.0",
          "--port", port,
          NULL,
        };

        g_string_append (out, "# Flags: vllm-project/vllm vllm/engine/arg_utils.py and\n"
                              "# vllm/entrypoints/openai/cli_args.py.\n");
        append_command (out, argv, TRUE);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

static char *
render_proxy_script (void)
{
  /* BerriAI/litellm docs/my-website/docs/proxy/cli.md @ 0714eb3: --config, --port. */
  return g_strdup_printf ("#!/bin/sh\n"
                          "# The LiteLLM proxy in front of the boxes, written by Switchyard.\n"
                          "# Flags: BerriAI/litellm docs/my-website/docs/proxy/cli.md @ 0714eb3.\n"
                          "# The hosted API's key comes from the environment (see config.yaml).\n"
                          "set -eu\ncd \"$(dirname \"$0\")\"\n"
                          "exec litellm --config " CONFIG_FILE " --port %u\n",
                          SY_DEPLOY_PROXY_PORT);
}

/* The files are English for whoever runs the boxes: "1 box", "3 boxes". */
static char *
count_of (guint       n,
          const char *one,
          const char *many)
{
  return g_strdup_printf ("%u %s", n, n == 1 ? one : many);
}

/* Where the model runs on each box, as a sentence. */
static char *
describe_fit (const SyDeployPlan *plan)
{
  g_autofree char *gpus = count_of (MAX (plan->n_gpus, 1), "GPU", "GPUs");

  switch (plan->verdict)
    {
    case SY_FIT_GPU:
      return g_strdup_printf ("all %u layers on %s", plan->n_layers, gpus);
    case SY_FIT_PARTIAL:
      return g_strdup_printf ("%u of %u layers on %s, the rest in system RAM (slower)",
                              plan->gpu_layers, plan->n_layers, gpus);
    case SY_FIT_CPU:
    case SY_FIT_TOO_LARGE:
    default:
      return g_strdup ("on the CPU from system RAM (slow)");
    }
}

/* The LiteLLM proxy -------------------------------------------------------- */

static char *
render_config (const SyDeployPlan *plan)
{
  GString *out = g_string_new (NULL);
  g_autofree char *name = served_name (plan);
  g_autoptr(GPtrArray) hosted = hosted_models (plan);
  g_autofree char *model_name = comment_safe (plan->model_name);
  g_autofree char *api_model = comment_safe (plan->api_model);
  g_autofree char *boxes = count_of (plan->n_boxes, "box", "boxes");

  g_string_append_printf (out,
    "# LiteLLM proxy for %s of %s (%s), written by Switchyard.\n"
    "# The boxes share the model name \"" SY_DEPLOY_LOCAL_GROUP "\"; when they fail, are\n"
    "# saturated (rpm) or the prompt is longer than their context, the proxy\n"
    "# falls back to %s. The classes simple, medium and complex are\n"
    "# model names too (model_group_alias), following Switchyard's routing rules.\n"
    "# Keys are read from the environment (os.environ/…) when the proxy starts,\n"
    "# never written here.\n"
    "#\n"
    "# Keys: BerriAI/litellm docs/my-website/docs/proxy/configs.md @ 80c0929\n"
    "# (model_list, litellm_params, api_base, api_key: \"os.environ/…\", rpm),\n"
    "# load_balancing.md @ 00e06b8 (several entries with one model_name,\n"
    "# routing_strategy, model_group_alias, num_retries) and reliability.md\n"
    "# @ 027cf20 (fallbacks, context_window_fallbacks, allowed_fails,\n"
    "# cooldown_time, request_timeout).\n",
    boxes, model_name, sy_deploy_engine_get_label (plan->engine),
    api_model);

  g_string_append (out, "model_list:\n");
  for (guint i = 0; i < plan->n_boxes; i++)
    {
      g_autofree char *api_base = box_api_base (plan, i);
      g_autofree char *model = g_strdup_printf ("%s/%s",
                                                plan->engine == SY_DEPLOY_ENGINE_OLLAMA ? "ollama" : "openai",
                                                name);

      g_string_append (out, "  - model_name: ");
      append_yaml_string (out, SY_DEPLOY_LOCAL_GROUP);
      g_string_append (out, "\n    litellm_params:\n");
      append_yaml_pair (out, "      ", "model", model);
      append_yaml_pair (out, "      ", "api_base", api_base);
      /* An openai/ entry without a key would send $OPENAI_API_KEY to the
       * box: a local server needs none, so it gets a word that is none. */
      if (plan->engine != SY_DEPLOY_ENGINE_OLLAMA)
        append_yaml_pair (out, "      ", "api_key", "none");
      g_string_append_printf (out, "      rpm: %u\n", plan->rpm_per_box);
      g_string_append (out, "    model_info:\n");
      append_yaml_pair (out, "      ", "id", plan->hosts[i]);
    }

  for (guint i = 0; i < hosted->len; i++)
    {
      const char *model = g_ptr_array_index (hosted, i);
      g_autofree char *routed = sy_deploy_api_litellm_model (model);
      g_autofree char *key_env = sy_deploy_api_key_env (model);
      g_autofree char *key_ref = g_strdup_printf ("os.environ/%s", key_env);

      g_string_append (out, "  - model_name: ");
      append_yaml_string (out, model);
      g_string_append (out, "\n    litellm_params:\n");
      append_yaml_pair (out, "      ", "model", routed);
      append_yaml_pair (out, "      ", "api_key", key_ref);
    }

  g_string_append (out, "\nrouter_settings:\n");
  append_yaml_pair (out, "  ", "routing_strategy", "simple-shuffle");
  g_string_append (out, "  num_retries: 2\n");
  g_string_append (out, "  model_group_alias:\n");
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      const char *target = plan->route_backend[i] == SY_ROUTE_BACKEND_LOCAL || plan->route_model[i] == NULL
                           ? SY_DEPLOY_LOCAL_GROUP : plan->route_model[i];

      g_string_append (out, "    ");
      append_yaml_string (out, sy_route_class_to_id (i));
      g_string_append (out, ": ");
      append_yaml_string (out, target);
      g_string_append_c (out, '\n');
    }
  for (guint f = 0; f < 2; f++)
    {
      g_string_append (out, f == 0 ? "  fallbacks:\n" : "  context_window_fallbacks:\n");
      g_string_append (out, "    - ");
      append_yaml_string (out, SY_DEPLOY_LOCAL_GROUP);
      g_string_append (out, ": [");
      append_yaml_string (out, plan->api_model);
      g_string_append (out, "]\n");
    }

  g_string_append (out, "\nlitellm_settings:\n"
                        "  request_timeout: 600\n"
                        "  allowed_fails: 3\n"
                        "  cooldown_time: 30\n");

  return g_string_free (out, FALSE);
}

/* README ---------------------------------------------------------------- */


static char *
render_readme (const SyDeployPlan *plan)
{
  GString *out = g_string_new (NULL);
  g_autofree char *name = served_name (plan);
  g_autofree char *memory = format_gib (plan->memory_bytes);
  g_autofree char *total = format_usd (plan->cost.total_monthly_usd);
  g_autofree char *hardware = format_usd (plan->cost.hardware_usd);
  g_autofree char *power = format_usd (plan->cost.power_usd);
  g_autofree char *ops = format_usd (plan->cost.ops_usd);
  g_autofree char *other = format_usd (plan->cost.other_usd);
  g_autofree char *setup = format_usd (plan->cost.local_setup_usd);
  g_autofree char *api = format_usd (plan->cost.api_monthly_usd);
  g_autofree char *break_even = NULL;
  g_autofree char *exports = key_exports (plan);
  char utilisation[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *boxes = count_of (plan->n_boxes, "box", "boxes");
  g_autofree char *streams = count_of (plan->parallel, "stream", "streams");
  g_autofree char *fit = describe_fit (plan);

  if (!plan->cost.breaks_even)
    break_even = g_strdup ("never: local costs more every month");
  else
    {
      g_autofree char *months = format_months (plan->cost.break_even_months);

      break_even = g_strdup_printf ("after %s months", months);
    }
  g_ascii_formatd (utilisation, sizeof utilisation, "%.1f", plan->cost.utilisation * 100);

  g_string_append_printf (out, "# Deployment plan: %s on %s with %s\n\n",
                          plan->model_name, boxes, sy_deploy_engine_get_label (plan->engine));
  g_string_append_printf (out,
    "Written by Switchyard for the option “%s” at %.0f requests a day "
    "(%.0f input + %.0f output tokens each). One box would be %s %% busy, "
    "so the capacity rule asks for %s.\n\n",
    plan->option_name, plan->traffic.daily_requests, plan->traffic.input_tokens,
    plan->traffic.output_tokens, utilisation, boxes);

  g_string_append (out, "## Each box\n\n");
  if (plan->quant_from_option)
    g_string_append_printf (out, "- Model: %s, %s build (the one the option's speed is for), %s of memory\n",
                            plan->model_name, sy_quant_to_string (plan->quant), memory);
  else
    g_string_append_printf (out, "- Model: %s, %s build (the most precise that fits), %s of memory\n",
                            plan->model_name, sy_quant_to_string (plan->quant), memory);
  g_string_append_printf (out, "- Runs: %s\n", fit);
  g_string_append_printf (out, "- Context: %u tokens a request, %s at once\n",
                          plan->context, streams);
  g_string_append_printf (out, "- Capacity: about %u requests a minute (the proxy's rpm)\n\n",
                          plan->rpm_per_box);

  g_string_append (out, "| Box | Host | Start with |\n|---|---|---|\n");
  for (guint i = 0; i < plan->n_boxes; i++)
    {
      g_autofree char *script = box_script_name (i);
      g_autofree char *api_base = box_api_base (plan, i);

      g_string_append_printf (out, "| %u | %s (%s) | `./%s` |\n", i + 1, plan->hosts[i], api_base, script);
    }

  g_string_append (out, "\n## Start\n\n");
  g_string_append (out, "1. Name the boxes: the plan calls them box-1, box-2, …; add them to "
                        "`/etc/hosts` on the proxy's machine or replace the names in `"
                        CONFIG_FILE "`.\n");
  switch (plan->engine)
    {
    case SY_DEPLOY_ENGINE_OLLAMA:
      g_string_append_printf (out, "2. Copy this folder to each box and run its script there. It starts "
                                   "`ollama serve`, pulls `%s` and creates `%s` from `" MODELFILE "` "
                                   "(num_ctx %u, num_gpu %u).\n",
                              plan->ollama_tag, name, plan->context, plan->gpu_layers);
      break;
    case SY_DEPLOY_ENGINE_LLAMA_SERVER:
      g_string_append_printf (out, "2. Copy this folder to each box, put the %s GGUF build of %s at "
                                   "`models/%s` and run the box's script (llama-server -c %u "
                                   "-ngl %u --parallel %u).\n",
                              sy_quant_to_string (plan->quant), plan->model_name, plan->gguf_file,
                              plan->total_context, plan->gpu_layers, plan->parallel);
      break;
    case SY_DEPLOY_ENGINE_VLLM:
      g_string_append_printf (out, "2. On each box, with vLLM installed, run the box's script: it "
                                   "serves `%s` as `%s` (--max-model-len %u, "
                                   "--tensor-parallel-size %u).\n",
                              plan->hf_repo, name, plan->context, MAX (plan->n_gpus, 1));
      break;
    default:
      g_assert_not_reached ();
    }
  g_string_append_printf (out, "3. On the proxy's machine: %s (the hosted APIs' keys; "
                               "never put them in a file), then `./" PROXY_SCRIPT "`.\n",
                          exports);
  g_string_append_printf (out, "4. Point clients at `http://PROXY:%u` with the model "
                               "`" SY_DEPLOY_LOCAL_GROUP "`, or `simple`, `medium`, `complex` "
                               "for Switchyard's routing classes (`switchyard route` tells "
                               "which class a query is).\n\n",
                          SY_DEPLOY_PROXY_PORT);

  g_string_append (out, "## What it costs a month\n\n");
  g_string_append_printf (out, "| | %s |\n|---|---:|\n", boxes);
  g_string_append_printf (out, "| Setup (once) | %s |\n", setup);
  g_string_append_printf (out, "| Hardware (rent, or setup spread over its life) | %s |\n", hardware);
  g_string_append_printf (out, "| Power | %s |\n", power);
  g_string_append_printf (out, "| People's time | %s |\n", ops);
  g_string_append_printf (out, "| Other | %s |\n", other);
  g_string_append_printf (out, "| **Total a month** | **%s** |\n\n", total);
  g_string_append_printf (out, "The same traffic on %s alone: %s a month. Break-even: %s. "
                               "Requests the proxy sends to the hosted API on fallback are "
                               "billed on top.\n",
                          plan->api_model, api, break_even);

  return g_string_free (out, FALSE);
}

/* Files ------------------------------------------------------------------ */

GPtrArray *
sy_deploy_plan_list_files (const SyDeployPlan *plan)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (plan != NULL, files);

  g_ptr_array_add (files, g_strdup (README_FILE));
  g_ptr_array_add (files, g_strdup (CONFIG_FILE));
  g_ptr_array_add (files, g_strdup (PROXY_SCRIPT));
  if (plan->engine == SY_DEPLOY_ENGINE_OLLAMA)
    g_ptr_array_add (files, g_strdup (MODELFILE));
  for (guint i = 0; i < plan->n_boxes; i++)
    g_ptr_array_add (files, box_script_name (i));

  return files;
}

char *
sy_deploy_plan_render (const SyDeployPlan *plan,
                       const char         *name)
{
  guint index;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, README_FILE))
    return render_readme (plan);
  if (g_str_equal (name, CONFIG_FILE))
    return render_config (plan);
  if (g_str_equal (name, PROXY_SCRIPT))
    return render_proxy_script ();
  if (g_str_equal (name, MODELFILE))
    return render_modelfile (plan);
  if (sscanf (name, "start-box-%u.sh", &index) == 1 && index >= 1 && index <= plan->n_boxes)
    return render_box_script (plan, index - 1);

  g_return_val_if_reached (NULL);
}

static void
remove_partial (const char *directory,
                GPtrArray  *written)
{
  for (guint i = 0; i < written->len; i++)
    {
      g_autofree char *path = g_build_filename (directory, g_ptr_array_index (written, i), NULL);

      g_unlink (path);
    }
  g_rmdir (directory);
}

static gboolean
is_empty_directory (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

gboolean
sy_deploy_plan_write (const SyDeployPlan *plan,
                      const char         *directory,
                      GError            **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *target = NULL;
  gsize length;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (directory != NULL && *directory != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* "plan/" is the folder "plan": its parent is where the staging goes. */
  target = g_strdup (directory);
  length = strlen (target);
  while (length > 1 && G_IS_DIR_SEPARATOR (target[length - 1]))
    target[--length] = '\0';
  directory = target;

  if (g_file_test (directory, G_FILE_TEST_EXISTS) && !is_empty_directory (directory))
    {
      g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_EXISTS,
                   _("“%s” already exists and is not an empty folder"), directory);
      return FALSE;
    }

  parent = g_path_get_dirname (directory);
  base = g_path_get_basename (directory);
  /* A sibling, so the final rename stays on one file system. */
  staging = g_strdup_printf ("%s%c.%s.partial-XXXXXX", parent, G_DIR_SEPARATOR, base);
  if (g_mkdtemp (staging) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a folder in “%s”: %s"), parent, g_strerror (saved));
      return FALSE;
    }

  files = sy_deploy_plan_list_files (plan);
  for (guint i = 0; i < files->len; i++)
    {
      const char *name = g_ptr_array_index (files, i);
      g_autofree char *path = g_build_filename (staging, name, NULL);
      g_autofree char *text = sy_deploy_plan_render (plan, name);
      int mode = g_str_has_suffix (name, ".sh") ? 0755 : 0644;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                     mode, &local_error))
        {
          /* Whatever part of it landed goes too. */
          g_ptr_array_add (written, (gpointer) name);
          remove_partial (staging, written);
          g_set_error (error, local_error->domain, local_error->code,
                       _("Could not write the deployment plan to “%s”: %s"),
                       directory, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (written, (gpointer) name);
    }

  if (g_chmod (staging, 0755) != 0 || g_rename (staging, directory) != 0)
    {
      int saved = errno;

      remove_partial (staging, written);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the deployment plan to “%s”: %s"),
                   directory, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
