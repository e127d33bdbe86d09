/* sy-cli-deploy.c: `switchyard deploy`, a deployable plan as a folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sy-cli-cost-flags.h"
#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-deploy-plan.h"
#include "sy-gpu-table.h"
#include "sy-model-catalog.h"
#include "sy-model-fit.h"

/* The option to deploy: --local ID (one of SPEC's), --option SPEC (one of
 * the user's), or the first of SPEC's; the option flags refine it. */
static SyInferenceOption *
pick_option (SyCostModel      *model,
             const char       *local,
             const char       *spec,
             SyCliOptionFlag  *flags,
             guint             n_flags,
             const char      **out_flag,
             GError          **error)
{
  g_autoptr(SyInferenceOption) option = NULL;

  if (local != NULL && spec != NULL)
    {
      *out_flag = "--option";
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("give either --local or --option, not both"));
      return NULL;
    }

  if (spec != NULL)
    {
      *out_flag = "--option";
      option = sy_cli_parse_option_spec (spec, flags, n_flags, error);
      if (option == NULL)
        return NULL;
      sy_cost_model_add_option (model, option);
      return g_steal_pointer (&option);
    }

  *out_flag = "--local";
  if (local != NULL)
    {
      SyInferenceOption *found = sy_cost_model_find_option (model, local, error);

      if (found == NULL)
        return NULL;
      option = g_object_ref (found);
    }
  else
    option = g_list_model_get_item (sy_cost_model_get_options (model), 0);

  if (!sy_cli_apply_option_flags (option, flags, n_flags, out_flag, error))
    return NULL;

  return g_steal_pointer (&option);
}

int
sy_cli_run_deploy (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyCostModel) cost_model = NULL;
  g_autoptr(SyModelCatalog) catalog = NULL;
  g_autoptr(SyInferenceOption) option = NULL;
  g_autoptr(SyDeployPlan) plan = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_auto(GStrv) args = sy_cli_dup_args ("deploy", argc, argv);
  g_auto(SyCliTrafficFlags) traffic_flags = { 0 };
  g_autofree char *engine_text = NULL, *model_tag = NULL, *out = NULL;
  g_auto(GStrv) gpu_names = NULL;
  g_autoptr(SyGpuTable) gpu_table = NULL;
  int status;
  g_autofree char *vram_text = NULL, *ram_text = NULL, *context_text = NULL, *kv_text = NULL;
  g_autofree char *local = NULL, *spec = NULL;
  g_autofree char *watts = NULL, *idle_watts = NULL, *tokens_per_second = NULL;
  g_autofree char *life_months = NULL, *resale = NULL;
  double vram_gb = -1, ram_gb = -1, request_context = 8192;
  gboolean option_cards = FALSE;
  SyKvType kv_type = SY_KV_F16;
  SyDeployEngine engine;
  SyFitMachine machine;
  const SyCatalogModel *model;
  const char *flag = NULL;
  SyCliOptionFlag option_flags[] = {
    { "--watts", "load-watts", NULL, 0 },
    { "--tokens-per-second", "aggregate-tokens-per-second", NULL, 0 },
    { "--idle-watts", "idle-watts", NULL, 0 },
    { "--life-months", "life-months", NULL, 0 },
    { "--resale", "resale-share", NULL, 0 },
  };
  const GOptionEntry entries[] = {
    { "engine", 0, 0, G_OPTION_ARG_STRING, &engine_text,
      N_("ollama, llama-server or vllm"), N_("ENGINE") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_tag,
      N_("The model, by catalogue id or Ollama tag (see switchyard models; default: the one the option was planned on)"),
      N_("TAG") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The folder to write; it must not exist or be empty"), N_("DIR") },
    { "gpu", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gpu_names,
      N_("Plan each box with this card from the GPU table (repeat for several; see switchyard gpus)"), N_("NAME") },
    { "vram-gb", 0, 0, G_OPTION_ARG_STRING, &vram_text,
      N_("Plan each box with one GPU of this much free memory (default: the option’s cards, else this machine’s GPUs; 0: none)"),
      N_("GiB") },
    { "ram-gb", 0, 0, G_OPTION_ARG_STRING, &ram_text,
      N_("Each box’s RAM available for offloading (default: this machine’s)"), N_("GiB") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &context_text,
      N_("Tokens one request may use, 512 to 1048576 (default: 8192)"), N_("TOKENS") },
    { "kv-type", 0, 0, G_OPTION_ARG_STRING, &kv_text,
      N_("KV cache element type: f16 or q8_0 (default: f16)"), N_("TYPE") },
    { "local", 0, 0, G_OPTION_ARG_STRING, &local,
      N_("The local option whose boxes run it (default: llama3.1-8b-rtx4090)"), N_("ID") },
    { "option", 0, 0, G_OPTION_ARG_STRING, &spec,
      N_("An option of your own, as for break-even, and what it runs on, e.g. "
         "'name=Used 3090s,setup=1400,tps=30,model=qwen3:32b,quant=Q4_K_M,gpu=RTX 3090,gpus=2'"), N_("SPEC") },
    { "tokens-per-second", 0, 0, G_OPTION_ARG_STRING, &tokens_per_second,
      N_("Tokens a second one local box serves, all streams together"), N_("N") },
    { "watts", 0, 0, G_OPTION_ARG_STRING, &watts,
      N_("Power of one local box at full load"), N_("W") },
    { "idle-watts", 0, 0, G_OPTION_ARG_STRING, &idle_watts,
      N_("Power of one idle local box"), N_("W") },
    { "life-months", 0, 0, G_OPTION_ARG_STRING, &life_months,
      N_("Months until a local box is replaced (default: 0, never)"), N_("MONTHS") },
    { "resale", 0, 0, G_OPTION_ARG_STRING, &resale,
      N_("Share of the setup cost a replaced box sells for, 0 to 1"), N_("SHARE") },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard deploy [OPTION…]" */
  context = g_option_context_new (_("— write engine commands, a LiteLLM proxy config and a README for a local option"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  sy_cli_traffic_flags_add_entries (&traffic_flags, context);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Example: three boxes of Llama 3.1 8B behind one proxy for 50,000 requests a day:\n"
      "  switchyard deploy --engine ollama --model llama3.1:8b --vram-gb 24 --ram-gb 64 \\\n"
      "      --daily-requests 50000 --input-tokens 800 --output-tokens 400 --out plan\n\n"
      "The hosted API's key is never written: the proxy reads it from the environment.\n\n"
      "Exit status: 0 ok, 1 the folder could not be written, 2 bad input."));

  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "deploy", message);
    }

  if (engine_text == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "--engine", _("is required: ollama, llama-server or vllm"));
  if (!sy_deploy_engine_from_id (engine_text, &engine))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not ollama, llama-server or vllm"), engine_text);

      return sy_cli_fail (EXIT_BAD_INPUT, "--engine", message);
    }
  if (out == NULL || *out == '\0')
    return sy_cli_fail (EXIT_BAD_INPUT, "--out", _("is required: the folder to write"));

  if (!sy_cli_parse_number ("--vram-gb", vram_text, &vram_gb, &error) ||
      !sy_cli_parse_number ("--ram-gb", ram_text, &ram_gb, &error) ||
      !sy_cli_parse_in_range ("--context", context_text, 512, 1048576, &request_context, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (vram_text != NULL && (vram_gb < 0 || vram_gb > 4096))
    return sy_cli_fail (EXIT_BAD_INPUT, "--vram-gb", _("must be from 0 to 4096 GiB"));
  if (ram_text != NULL && (ram_gb < 0 || ram_gb > 65536))
    return sy_cli_fail (EXIT_BAD_INPUT, "--ram-gb", _("must be from 0 to 65536 GiB"));
  if (kv_text != NULL && !sy_kv_type_from_string (kv_text, &kv_type))
    return sy_cli_fail (EXIT_BAD_INPUT, "--kv-type", _("must be f16 or q8_0"));

  option_flags[0].text = watts;
  option_flags[1].text = tokens_per_second;
  option_flags[2].text = idle_watts;
  option_flags[3].text = life_months;
  option_flags[4].text = resale;
  for (guint i = 0; i < G_N_ELEMENTS (option_flags); i++)
    {
      if (!sy_cli_parse_number (option_flags[i].flag, option_flags[i].text,
                                &option_flags[i].value, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
    }

  /* Only the shipped prices and SPEC's options, as break-even: the same
   * answer on every machine. */
  cost_model = sy_cost_model_new (NULL);
  if (!sy_cli_traffic_flags_apply (&traffic_flags, cost_model, &flag, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, flag, error->message);
  option = pick_option (cost_model, local, spec, option_flags, G_N_ELEMENTS (option_flags),
                        &flag, &error);
  if (option == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, flag, error->message);

  /* What the option was planned on, unless told otherwise. */
  if (model_tag == NULL)
    model_tag = g_strdup (sy_inference_option_get_model_id (option));
  if (model_tag == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "--model", _("is required (the option does not say which model it runs), e.g. llama3.1:8b"));
  catalog = sy_model_catalog_new_default ();
  model = sy_model_catalog_find (catalog, model_tag);
  if (model == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not in the catalogue (see switchyard models)"),
                                                  model_tag);

      return sy_cli_fail (EXIT_BAD_INPUT, "--model", message);
    }

  /* The option's cards, then this machine, stand in for a box unless told
   * otherwise. */
  gpu_table = sy_gpu_table_new_default ();
  if (gpu_names == NULL && vram_text == NULL && sy_inference_option_get_gpu_id (option) != NULL)
    {
      guint n_cards = MIN (sy_inference_option_get_gpu_count (option), SY_FIT_MAX_GPUS);

      gpu_names = g_new0 (char *, n_cards + 1);
      for (guint i = 0; i < n_cards; i++)
        gpu_names[i] = g_strdup (sy_inference_option_get_gpu_id (option));
      option_cards = TRUE;
    }
  status = sy_cli_plan_machine (vram_text, vram_gb, ram_text, ram_gb, (const char * const *) gpu_names,
                                gpu_table, &machine, NULL, NULL);
  if (status != 0)
    return status;

  plan = sy_deploy_plan_new (engine, model, &machine, (guint) request_context, kv_type,
                             cost_model, option, NULL, &error);
  if (plan == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (!sy_deploy_plan_write (plan, out, &error))
    {
      gboolean bad_input = g_error_matches (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_EXISTS);

      return sy_cli_fail (bad_input ? EXIT_BAD_INPUT : EXIT_RUNTIME_FAILURE, "--out", error->message);
    }

  /* Translators: "Wrote a plan for 3 boxes of Llama 3.1 8B on Ollama to plan/" */
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote a plan for %u box of %s on %s to %s:\n",
                        "Wrote a plan for %u boxes of %s on %s to %s:\n", plan->n_boxes),
           plan->n_boxes, plan->model_name, sy_deploy_engine_get_label (engine), out);
  if (option_cards)
    {
      const SyGpuSpec *gpu = sy_gpu_table_lookup (gpu_table, gpu_names[0]);

      /* Translators: "Each box: 2× A100 40 GB, the cards “Llama 3.1 70B Q4 (2× A100)” was planned on (--gpu or --vram-gb to change)" */
      g_print (_("Each box: %u× %s, the cards “%s” was planned on (--gpu or --vram-gb to change)\n"),
               g_strv_length (gpu_names), gpu->name, sy_inference_option_get_name (option));
    }
  files = sy_deploy_plan_list_files (plan);
  for (guint i = 0; i < files->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (files, i));

  return 0;
}
