/* sy-deploy-plan.h: a chosen local option and model as something to deploy
 *
 * The plan is data: which engine, which model build, the context and GPU
 * layers the fit found, how many streams each box serves at once, how many
 * boxes the capacity rule asks for, the hosted API the proxy falls back
 * to, the routing classes and what it all costs a month.
 * sy_deploy_plan_write() turns it into a folder (sy-deploy-write.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-cost-model.h"
#include "sy-model-catalog.h"
#include "sy-model-fit.h"
#include "sy-router.h"

G_BEGIN_DECLS

#define SY_DEPLOY_ERROR (sy_deploy_error_quark ())

typedef enum
{
  SY_DEPLOY_ERROR_INVALID,     /* an engine, model or option that cannot be deployed */
  SY_DEPLOY_ERROR_DOES_NOT_FIT,/* the model does not fit the way the engine runs it */
  SY_DEPLOY_ERROR_EXISTS,      /* the output folder is already there and not empty */
} SyDeployError;

GQuark sy_deploy_error_quark (void);

typedef enum
{
  SY_DEPLOY_ENGINE_OLLAMA,
  SY_DEPLOY_ENGINE_LLAMA_SERVER,
  SY_DEPLOY_ENGINE_VLLM,
} SyDeployEngine;

#define SY_DEPLOY_N_ENGINES 3

/* "ollama", "llama-server", "vllm": the CLI's --engine values. */
const char *sy_deploy_engine_to_id     (SyDeployEngine  engine);
gboolean    sy_deploy_engine_from_id   (const char     *id,
                                        SyDeployEngine *out_engine);
/* "Ollama", "llama.cpp server", "vLLM" */
const char *sy_deploy_engine_get_label (SyDeployEngine  engine);
/* Where each engine listens by default: Ollama 11434 (docs/faq.mdx),
 * llama-server 8080 (examples/server/README.md), vLLM 8000. */
guint       sy_deploy_engine_get_port  (SyDeployEngine  engine);

/* At most this many boxes are written out: beyond it the plan is a
 * cluster, not a folder of commands. */
#define SY_DEPLOY_MAX_BOXES  64
/* Streams one box decodes at once are capped here (llama-server slots). */
#define SY_DEPLOY_MAX_PARALLEL 64
/* The proxy's port: LiteLLM's default (BerriAI/litellm
 * docs/my-website/docs/proxy/cli.md @ 0714eb3, "--port … Default: 4000"). */
#define SY_DEPLOY_PROXY_PORT 4000
/* The model group the local boxes share behind the proxy. */
#define SY_DEPLOY_LOCAL_GROUP "switchyard-local"

typedef struct
{
  SyDeployEngine engine;

  /* The model. */
  char          *model_id;        /* catalogue id, "llama3.1-8b" */
  char          *model_name;      /* "Llama 3.1 8B" */
  char          *ollama_tag;      /* the build's Ollama tag, for Ollama */
  char          *gguf_file;       /* "llama3.1-8b-Q4_K_M.gguf", for llama-server */
  char          *hf_repo;         /* "meta-llama/Llama-3.1-8B-Instruct", for vLLM */
  SyQuant        quant;
  gboolean       quant_from_option; /* the build the option's speed is for, not the best fit */
  guint          n_layers;

  /* The fit, for one box. */
  SyFitVerdict   verdict;
  guint          context;         /* tokens one request may use */
  guint          total_context;   /* context × parallel: the KV cache one box holds */
  guint          gpu_layers;      /* on the GPU(s); all of them when it fits */
  guint          n_gpus;          /* GPUs one box uses; vLLM's tensor parallel size */
  guint          parallel;        /* streams one box decodes at once */
  double         memory_bytes;    /* weights + KV + overhead */

  /* The boxes. */
  guint          n_boxes;
  char         **hosts;           /* n_boxes host names, "box-1", … */
  guint          port;
  /* Requests a minute one box can serve (aggregate tokens/s ÷ output
   * tokens per request × 60): the proxy's rpm, past which it spills over. */
  guint          rpm_per_box;

  /* The proxy. */
  char          *api_model;       /* hosted fallback, "gpt-4o-mini" */
  char          *api_key_env;     /* the fallback's "OPENAI_API_KEY": the name, never the key */
  SyRouteBackend route_backend[SY_ROUTE_N_CLASSES];
  char          *route_model[SY_ROUTE_N_CLASSES];   /* for API routes */

  /* The cost (sy_cost_compute_full()). */
  char          *option_id;
  char          *option_name;
  SyCostResult   cost;
  SyTraffic      traffic;
} SyDeployPlan;

/* A hosted model as LiteLLM names it, "openai/gpt-4o-mini", and the
 * variable its key is read from, "OPENAI_API_KEY". */
char         *sy_deploy_api_litellm_model (const char *api_model);
char         *sy_deploy_api_key_env       (const char *api_model);

void          sy_deploy_plan_free (SyDeployPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyDeployPlan, sy_deploy_plan_free)

/* The build @option's speed is for, when it runs @model and the catalogue
 * offers that build: what a plan for them deploys (with an engine that
 * runs quantised builds). */
gboolean      sy_deploy_plan_option_quant (SyInferenceOption    *option,
                                           const SyCatalogModel *model,
                                           SyQuant              *out_quant);

/* Plans @model on @option's boxes: @machine is one box, @context the tokens
 * a request may use (capped at the model's maximum). Each box runs as many
 * streams as the option's aggregate ÷ single-stream throughput, so the
 * fit is for that many contexts. vLLM runs the F16 build and needs it
 * wholly on the GPUs; the others take the build @option was planned with
 * when it runs @model (its speed, and so the number of boxes, is that
 * build's), else the most precise quantisation that fits (sy_fit_best()),
 * partial offload included. @cost_model gives the
 * traffic, inputs and API model; @router the classes (NULL: SPEC's
 * defaults). */
SyDeployPlan *sy_deploy_plan_new  (SyDeployEngine        engine,
                                   const SyCatalogModel *model,
                                   const SyFitMachine   *machine,
                                   guint                 context,
                                   SyKvType              kv_type,
                                   SyCostModel          *cost_model,
                                   SyInferenceOption    *option,
                                   SyRouter             *router,
                                   GError              **error);

/* The files, by name relative to the folder, in writing order. */
GPtrArray    *sy_deploy_plan_list_files (const SyDeployPlan *plan);
/* The text of file @name (one from the list). */
char         *sy_deploy_plan_render     (const SyDeployPlan *plan,
                                         const char         *name);

/* Writes every file into @directory, which must not exist or be empty.
 * Everything goes into a hidden sibling folder first, renamed into place
 * at the end: on any failure (a full disk, no permission) nothing is left
 * behind. Start scripts are executable. */
gboolean      sy_deploy_plan_write      (const SyDeployPlan *plan,
                                         const char         *directory,
                                         GError            **error);

G_END_DECLS
