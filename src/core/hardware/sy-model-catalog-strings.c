/* sy-model-catalog-strings.c: the catalogue's descriptions, for xgettext
 *
 * data/models.json is data that xgettext cannot read, so its "why"
 * descriptions are repeated here as N_() strings in the same order;
 * sy_catalog_model_get_description () translates them when shown.
 * test-model-fit's /model-catalog/descriptions-translated fails when a
 * description in models.json is missing here or from po/de.po.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-model-catalog.h"

static const char * const descriptions[] = {
  /* Translators: why to pick Llama 3.1 8B, shown under its name */
  N_("Best 8B quality, excellent chat template"),
  /* Translators: why to pick Qwen2.5-Coder 7B, shown under its name */
  N_("Top coding benchmark scores at 7B"),
  /* Translators: why to pick Mistral 7B v0.3, shown under its name */
  N_("Good instruction following, fast"),
  /* Translators: why to pick Phi-3 mini 3.8B, shown under its name */
  N_("Fits in 4 GB of VRAM, good quality"),
  /* Translators: why to pick nomic-embed-text, shown under its name */
  N_("Fast, 768 dimensions, good MTEB scores"),
  /* Translators: why to pick Llama 3.1 70B, shown under its name */
  N_("Near GPT-4o quality, needs 2× A100"),
  /* Translators: why to pick Llama 3.2 1B, shown under its name */
  N_("Runs on any laptop CPU; simple chat and classification"),
  /* Translators: why to pick Llama 3.2 3B, shown under its name */
  N_("Fast on 4 GB cards and CPUs; good at summarising and rewriting"),
  /* Translators: why to pick Gemma 2 9B, shown under its name */
  N_("Strong writing for its size on 8–12 GB cards"),
  /* Translators: why to pick Mistral Nemo 12B, shown under its name */
  N_("128k context for long documents, multilingual; fits 12 GB"),
  /* Translators: why to pick Qwen2.5-Coder 14B, shown under its name */
  N_("Stronger code completion and repair on 12–16 GB cards"),
  /* Translators: why to pick Qwen2.5 14B, shown under its name */
  N_("Good reasoning and reliable JSON output on 12–16 GB cards"),
  /* Translators: why to pick Phi-3 medium 14B, shown under its name */
  N_("Dense reasoning at 14B; small KV cache per token"),
  /* Translators: why to pick Gemma 2 27B, shown under its name */
  N_("Close to 70B quality from one 24 GB card"),
  /* Translators: why to pick Qwen2.5 32B, shown under its name */
  N_("GPT-4o-class benchmark scores from one 24 GB card"),
  /* Translators: why to pick Qwen3 8B, shown under its name */
  N_("Reasons step by step when asked, answers directly when not"),
  /* Translators: why to pick Qwen3 30B-A3B, shown under its name; a
   * mixture of experts reads only 3B of its 30B parameters per token */
  N_("Mixture of experts: needs the memory of 30B, runs at the speed of 3B"),
  /* Translators: why to pick Phi-4 14B, shown under its name */
  N_("Strong at maths and step-by-step reasoning for 14B; 16k context"),
  /* Translators: why to pick Llama 3.3 70B, shown under its name */
  N_("The newer Llama 70B: same memory as Llama 3.1 70B, tuned further"),
  /* Translators: why to pick gpt-oss 20B, shown under its name; a mixture of experts keeps all experts in memory and reads a few per token */
  N_("OpenAI's open-weight reasoner: mixture of experts, fits a 16 GB card"),
  /* Translators: why to pick gpt-oss 120B, shown under its name */
  N_("OpenAI's larger open-weight reasoner: one 80 GB card, the speed of a 5B model"),
  /* Translators: why to pick Gemma 3 1B, shown under its name */
  N_("Google's smallest Gemma 3: text only, runs on any laptop"),
  /* Translators: why to pick Gemma 3 4B, shown under its name */
  N_("Reads images as well as text; 128k context on an 8 GB card"),
  /* Translators: why to pick Gemma 3 12B, shown under its name */
  N_("Strong writing and image understanding on 12–16 GB cards"),
  /* Translators: why to pick Gemma 3 27B, shown under its name */
  N_("Google's largest Gemma 3: near-frontier answers from one 24 GB card"),
  /* Translators: why to pick Mistral Small 3.2 24B, shown under its name */
  N_("Follows instructions and calls tools reliably; 128k context, reads images"),
  /* Translators: why to pick DeepSeek-R1 Distill Qwen 7B, shown under its name */
  N_("Thinks step by step before answering; maths and logic on an 8 GB card"),
  /* Translators: why to pick DeepSeek-R1 Distill Llama 8B, shown under its name */
  N_("Step-by-step reasoning on Llama 3.1 8B's architecture"),
  /* Translators: why to pick DeepSeek-R1 Distill Qwen 14B, shown under its name */
  N_("Careful step-by-step reasoning on 12–16 GB cards"),
  /* Translators: why to pick DeepSeek-R1 Distill Qwen 32B, shown under its name */
  N_("o1-mini-class reasoning from one 24 GB card"),
  /* Translators: why to pick DeepSeek-R1 Distill Llama 70B, shown under its name */
  N_("The strongest R1 distill: Llama 3.3 70B taught to reason step by step"),
  /* Translators: why to pick Qwen3 4B, shown under its name */
  N_("Thinks when asked, at 4B: good summaries on 4–6 GB cards"),
  /* Translators: why to pick Qwen3 14B, shown under its name */
  N_("Qwen3's reasoning at 14B: strong on 12–16 GB cards"),
  /* Translators: why to pick Qwen3 32B, shown under its name */
  N_("Qwen3's largest dense model: frontier-class reasoning from one 24 GB card"),
  /* Translators: why to pick Qwen3 235B-A22B, shown under its name; a
   * mixture of experts reads only 22B of its 235B parameters per token */
  N_("Qwen3's flagship mixture of experts: 235B in memory, 22B read per token"),
  /* Translators: why to pick Qwen3-Embedding 8B, shown under its name */
  N_("Top multilingual retrieval scores; 4096 dimensions, 32k-token inputs"),
  NULL,
};

const char * const *
sy_model_catalog_get_translatable_descriptions (void)
{
  return descriptions;
}
