/* sy-models-page-plan.h: a model on planned cards, as a Costs page option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-gpu-table.h"
#include "sy-inference-option.h"
#include "sy-model-catalog.h"

G_BEGIN_DECLS

/* SPEC §2 amortises local hardware over 24 months. */
#define SY_MODELS_PLAN_LIFE_MONTHS 24.0

/* "<model> on <card>" ("on 2× <card>"), its build @quant (what
 * @tokens_per_s is for; a deployment plan deploys that one): setup =
 * typical price × @count,
 * load watts = board power × @count, replaced after 24 months, single-
 * stream @tokens_per_s. The aggregate is the same figure: batching gains
 * depend on the server and the load, so none is assumed (the Costs page's
 * dialog can raise it). Quality is SPEC §2's figure for the built-in
 * option of the same class: 0.95 for a frontier-class model (Llama 3.1
 * 70B), 0.75 for the others (Llama 3.1 8B); a pilot measures it better. */
SyInferenceOption *sy_models_plan_option_new (const SyCatalogModel *model,
                                              const SyGpuSpec      *gpu,
                                              guint                 count,
                                              SyQuant               quant,
                                              double                tokens_per_s);

G_END_DECLS
