/* sy-deploy-plan.c: a chosen local option and model as something to deploy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sy-deploy-plan.h"

G_DEFINE_QUARK (sy-deploy-error-quark, sy_deploy_error)

static const struct
{
  const char *id;
  const char *label;
  guint       port;
} engines[SY_DEPLOY_N_ENGINES] = {
  /* ollama/ollama docs/faq.mdx: "Ollama binds 127.0.0.1 port 11434 by default". */
  [SY_DEPLOY_ENGINE_OLLAMA] = { "ollama", N_("Ollama"), 11434 },
  /* ggerganov/llama.cpp examples/server/README.md: "--port PORT … (default: 8080)". */
  [SY_DEPLOY_ENGINE_LLAMA_SERVER] = { "llama-server", N_("llama.cpp server"), 8080 },
  /* `vllm serve` listens on port 8000 unless told (vllm-project/vllm
   * vllm/entrypoints/openai/cli_args.py; the plan passes --port anyway). */
  [SY_DEPLOY_ENGINE_VLLM] = { "vllm", N_("vLLM"), 8000 },
};

const char *
sy_deploy_engine_to_id (SyDeployEngine engine)
{
  g_return_val_if_fail (engine < SY_DEPLOY_N_ENGINES, NULL);

  return engines[engine].id;
}

gboolean
sy_deploy_engine_from_id (const char     *id,
                          SyDeployEngine *out_engine)
{
  for (guint i = 0; i < SY_DEPLOY_N_ENGINES; i++)
    {
      if (g_strcmp0 (id, engines[i].id) == 0)
        {
          *out_engine = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sy_deploy_engine_get_label (SyDeployEngine engine)
{
  g_return_val_if_fail (engine < SY_DEPLOY_N_ENGINES, NULL);

  return _(engines[engine].label);
}

guint
sy_deploy_engine_get_port (SyDeployEngine engine)
{
  g_return_val_if_fail (engine < SY_DEPLOY_N_ENGINES, 0);

  return engines[engine].port;
}

void
sy_deploy_plan_free (SyDeployPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->model_id);
  g_free (plan->model_name);
  g_free (plan->ollama_tag);
  g_free (plan->gguf_file);
  g_free (plan->hf_repo);
  g_strfreev (plan->hosts);
  g_free (plan->api_model);
  g_free (plan->api_key_env);
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    g_free (plan->route_model[i]);
  g_free (plan->option_id);
  g_free (plan->option_name);
  g_free (plan);
}

/* "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/blob/…" →
 * "meta-llama/Llama-3.1-8B-Instruct": what `vllm serve` downloads. */
static char *
hf_repo_from_source (const char *source)
{
  const char *prefix = "https://huggingface.co/";
  const char *start, *end;
  const char *slash;

  if (source == NULL || !g_str_has_prefix (source, prefix))
    return NULL;

  start = source + strlen (prefix);
  slash = strchr (start, '/');
  if (slash == NULL || slash == start)
    return NULL;
  end = slash + 1 + strcspn (slash + 1, "/ ");
  if (end == slash + 1)
    return NULL;

  return g_strndup (start, end - start);
}

/* The provider LiteLLM routes a hosted model by, and the variable its key
 * is read from (BerriAI/litellm docs/my-website/docs/providers/: openai.md
 * OPENAI_API_KEY, anthropic.md ANTHROPIC_API_KEY, gemini.md GEMINI_API_KEY,
 * mistral.md MISTRAL_API_KEY, deepseek.md DEEPSEEK_API_KEY). The price
 * table names most providers' models as LiteLLM does, "gemini/…". */
static char *
api_provider_for (const char *api_model)
{
  const char *slash = strchr (api_model, '/');

  if (slash != NULL)
    return g_strndup (api_model, slash - api_model);
  if (g_str_has_prefix (api_model, "claude"))
    return g_strdup ("anthropic");

  return g_strdup ("openai");
}

char *
sy_deploy_api_litellm_model (const char *api_model)
{
  g_autofree char *provider = NULL;

  g_return_val_if_fail (api_model != NULL, NULL);

  if (strchr (api_model, '/') != NULL)
    return g_strdup (api_model);

  provider = api_provider_for (api_model);
  return g_strdup_printf ("%s/%s", provider, api_model);
}

char *
sy_deploy_api_key_env (const char *api_model)
{
  g_autofree char *provider = NULL;
  char *name;

  g_return_val_if_fail (api_model != NULL, NULL);

  provider = api_provider_for (api_model);
  name = g_strdup_printf ("%s_API_KEY", provider);
  for (char *p = name; *p != '\0'; p++)
    *p = g_ascii_toupper (*p);

  return name;
}

static guint
round_down_context (double tokens)
{
  return (guint) (floor (tokens / SY_FIT_CONTEXT_STEP) * SY_FIT_CONTEXT_STEP);
}

gboolean
sy_deploy_plan_option_quant (SyInferenceOption    *option,
                             const SyCatalogModel *model,
                             SyQuant              *out_quant)
{
  const char *quant = sy_inference_option_get_quant (option);

  return g_strcmp0 (sy_inference_option_get_model_id (option), model->id) == 0 && quant != NULL &&
         sy_quant_from_string (quant, out_quant) && sy_catalog_model_has_quant (model, *out_quant);
}

SyDeployPlan *
sy_deploy_plan_new (SyDeployEngine        engine,
                    const SyCatalogModel *model,
                    const SyFitMachine   *machine,
                    guint                 context,
                    SyKvType              kv_type,
                    SyCostModel          *cost_model,
                    SyInferenceOption    *option,
                    SyRouter             *router,
                    GError              **error)
{
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(SyRouter) default_router = NULL;
  SyFitResult fit;
  double single, aggregate, parallel;
  double output_tokens;

  g_return_val_if_fail (engine < SY_DEPLOY_N_ENGINES, NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (machine != NULL, NULL);
  g_return_val_if_fail (SY_IS_COST_MODEL (cost_model), NULL);
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (option), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!model->kv_cache)
    {
      g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID,
                   _("%s is an embedding model: it answers no chat requests to load-balance"),
                   model->name);
      return NULL;
    }

  plan = g_new0 (SyDeployPlan, 1);
  plan->engine = engine;
  plan->model_id = g_strdup (model->id);
  plan->model_name = g_strdup (model->name);
  plan->n_layers = model->layers;
  plan->option_id = g_strdup (sy_inference_option_get_id (option));
  plan->option_name = g_strdup (sy_inference_option_get_name (option));

  if (!sy_cost_model_compute (cost_model, option, &plan->cost, error))
    return NULL;
  sy_cost_model_get_traffic (cost_model, &plan->traffic);

  if (plan->cost.boxes_needed > SY_DEPLOY_MAX_BOXES)
    {
      g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID,
                   _("the traffic needs %u boxes of “%s”; a plan is written for at most %u"),
                   plan->cost.boxes_needed, plan->option_name, SY_DEPLOY_MAX_BOXES);
      return NULL;
    }

  /* Batching is what makes the aggregate throughput larger than one
   * stream's: each box decodes that many streams at once. */
  single = sy_inference_option_get_tokens_per_second (option);
  aggregate = sy_inference_option_get_aggregate_tokens_per_second (option);
  parallel = single > 0 ? ceil (aggregate / single - 1e-9) : 1;
  plan->parallel = (guint) CLAMP (parallel, 1, SY_DEPLOY_MAX_PARALLEL);

  context = MIN (context, model->max_context);
  if (engine == SY_DEPLOY_ENGINE_VLLM)
    {
      /* vLLM serves the Hugging Face weights, unquantised, wholly on the
       * GPUs (tensor parallel across them). */
      plan->hf_repo = hf_repo_from_source (model->source);
      if (plan->hf_repo == NULL)
        {
          g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID,
                       _("no Hugging Face repository is known for %s; vLLM needs one"),
                       model->name);
          return NULL;
        }
      sy_fit_compute_sequences (model, SY_QUANT_F16, context * plan->parallel, plan->parallel, kv_type, machine, &fit);
      if (fit.verdict != SY_FIT_GPU)
        {
          g_autofree char *needed = sy_fit_format_gib (fit.total_bytes);

          g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_DOES_NOT_FIT,
                       _("%s needs %s at F16 with %u streams of %u tokens, more than the GPUs hold; "
                         "vLLM runs a model wholly on the GPUs (try --engine llama-server or ollama)"),
                       model->name, needed, plan->parallel, context);
          return NULL;
        }
    }
  else
    {
      SyQuant planned;

      plan->quant_from_option = sy_deploy_plan_option_quant (option, model, &planned);
      if (plan->quant_from_option)
        sy_fit_compute_sequences (model, planned, context * plan->parallel, plan->parallel, kv_type, machine, &fit);
      else
        sy_fit_best_sequences (model, context * plan->parallel, plan->parallel, kv_type, machine, &fit);
      if (fit.verdict == SY_FIT_TOO_LARGE)
        {
          g_autofree char *needed = sy_fit_format_gib (fit.total_bytes);

          g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_DOES_NOT_FIT,
                       _("%s needs %s even at %s, more than one box’s GPU memory and RAM hold"),
                       model->name, needed, sy_quant_to_string (fit.quant));
          return NULL;
        }
    }

  plan->quant = fit.quant;
  plan->verdict = fit.verdict;
  plan->memory_bytes = fit.total_bytes;
  plan->n_gpus = fit.n_gpus_used;
  plan->gpu_layers = fit.verdict == SY_FIT_GPU ? model->layers
                   : fit.verdict == SY_FIT_PARTIAL ? fit.gpu_layers
                   : 0;
  /* The fit caps the total at the model's maximum: the streams share it. */
  plan->context = MAX (round_down_context ((double) fit.context / plan->parallel),
                       SY_FIT_CONTEXT_STEP);
  plan->total_context = plan->context * plan->parallel;

  plan->ollama_tag = g_strdup (sy_catalog_model_get_pull_tag (model, fit.quant));
  if (plan->ollama_tag == NULL)
    plan->ollama_tag = g_strdup (model->ollama_tag);
  plan->gguf_file = g_strdup_printf ("%s-%s.gguf", model->id, sy_quant_to_string (fit.quant));

  plan->n_boxes = MAX (plan->cost.boxes_needed, 1);
  plan->hosts = g_new0 (char *, plan->n_boxes + 1);
  for (guint i = 0; i < plan->n_boxes; i++)
    plan->hosts[i] = g_strdup_printf ("box-%u", i + 1);
  plan->port = sy_deploy_engine_get_port (engine);

  output_tokens = plan->traffic.output_tokens > 0 ? plan->traffic.output_tokens : 1;
  plan->rpm_per_box = (guint) MAX (1, floor (aggregate / output_tokens * 60));

  plan->api_model = g_strdup (sy_cost_model_get_api_model (cost_model));
  plan->api_key_env = sy_deploy_api_key_env (plan->api_model);

  if (router == NULL)
    router = default_router = sy_router_new ();
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      plan->route_backend[i] = sy_router_get_route_backend (router, i);
      plan->route_model[i] = g_strdup (sy_router_get_route_model (router, i));
    }

  return g_steal_pointer (&plan);
}
