/* sy-models-page-plan.c: a model on planned cards, as a Costs page option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-models-page-plan.h"

SyInferenceOption *
sy_models_plan_option_new (const SyCatalogModel *model,
                           const SyGpuSpec      *gpu,
                           guint                 count,
                           SyQuant               quant,
                           double                tokens_per_s)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  double quality = g_strcmp0 (model->use_case, "frontier") == 0 ? 0.95 : 0.75;
  SyInferenceOption *option;

  g_return_val_if_fail (count >= 1, NULL);

  id = g_strdup_printf ("plan-%s-%s-%u", model->id, gpu->id, count);
  if (count > 1)
    /* Translators: model name, number of cards, card name ("Llama 3.1 70B on 2× RTX 3090") */
    name = g_strdup_printf (_("%s on %u× %s"), model->name, count, gpu->name);
  else
    /* Translators: model name, card name ("Llama 3.1 8B on RTX 4090") */
    name = g_strdup_printf (_("%s on %s"), model->name, gpu->name);

  option = sy_inference_option_new (id, name, gpu->price_usd * count, 0, tokens_per_s, quality);
  sy_inference_option_set_aggregate_tokens_per_second (option, tokens_per_s);
  sy_inference_option_set_kind (option, SY_INFERENCE_KIND_LOCAL);
  sy_inference_option_set_load_watts (option, gpu->board_power_w * count);
  sy_inference_option_set_life_months (option, SY_MODELS_PLAN_LIFE_MONTHS);
  sy_inference_option_set_hardware (option, model->id, sy_quant_to_string (quant), gpu->id, count);

  return option;
}
