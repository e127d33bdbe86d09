/* sy-model-describe.c: models outside the catalogue, sized like those in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-gguf.h"
#include "sy-model-describe.h"

/* Auxiliary functions */

/* Rough bits per weight of a quantisation named like llama.cpp's, for the
 * nearest catalogue quantisation when there are no exact bytes: the
 * number after Q, IQ or TQ (Q6_K → 6, IQ3_M → 3), 16 for F16/BF16, 32
 * for F32, 4.25 for MXFP4 (32 4-bit values + one 8-bit scale). */
static double
guess_bits_per_weight (const char *quant_name)
{
  const char *digits;

  if (quant_name == NULL)
    return 0;
  if (g_ascii_strncasecmp (quant_name, "MXFP4", 5) == 0 || g_ascii_strncasecmp (quant_name, "NVFP4", 5) == 0)
    return 4.25;
  if (g_ascii_strcasecmp (quant_name, "F32") == 0)
    return 32;
  if (g_ascii_strcasecmp (quant_name, "F16") == 0 || g_ascii_strcasecmp (quant_name, "BF16") == 0)
    return 16;

  digits = quant_name;
  while (*digits != '\0' && !g_ascii_isdigit (*digits))
    digits++;
  if (*digits == '\0' || digits - quant_name > 2)
    return 0;

  return g_ascii_digit_value (*digits) + 0.5;
}

/* Which layers slide is not in the file: llama.cpp knows it by
 * architecture (src/llama-model.cpp, set_swa_pattern: the last layer of
 * each group of n attends globally). Gemma 2's window is 4096 when the file
 * does not say. Ollama's own converter names gpt-oss "gptoss"
 * (ollama/ollama convert/convert_gptoss.go, which also writes
 * gptoss.attention.sliding_window). */
static void
set_sliding_window (SyCatalogModel           *model,
                    const SyModelDescription *description)
{
  static const struct
  {
    const char *architecture;
    guint       pattern;
    guint       default_window;
  } patterns[] = {
    { "gemma2", 2, 4096 },
    { "gemma3", 6, 0 },
    { "gpt-oss", 2, 0 },
    { "gptoss", 2, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      guint64 window = description->sliding_window > 0 ? description->sliding_window : patterns[i].default_window;

      if (g_strcmp0 (description->architecture, patterns[i].architecture) != 0 || window == 0)
        continue;
      model->sliding_window = (guint) MIN (window, G_MAXUINT);
      model->sliding_layers = model->layers - model->layers / patterns[i].pattern;
      return;
    }
}

/* Public API */

SyCatalogModel *
sy_catalog_model_new_described (const SyModelDescription  *description,
                                GError                   **error)
{
  g_autoptr(SyCatalogModel) model = g_new0 (SyCatalogModel, 1);
  const char *missing = NULL;
  SyQuant quant = SY_QUANT_Q4_K_M;
  double bits = 0;

  if (description->block_count == 0 || description->block_count > 100000)
    missing = "block_count";
  else if (description->parameters <= 0)
    missing = "general.parameter_count";
  else if (!description->encoder && description->context_length == 0)
    missing = "context_length";
  else if (!description->encoder && description->head_count_kv == 0 && description->head_count == 0)
    missing = "attention.head_count_kv";
  else if (!description->encoder && description->key_length == 0 &&
           (description->head_count == 0 || description->embedding_length == 0))
    missing = "attention.key_length";
  if (missing != NULL)
    {
      g_set_error (error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_A_MODEL,
                   /* Translators: the second %s is a GGUF key such as "block_count" */
                   _("%s: the model's %s is missing"),
                   description->name != NULL ? description->name : _("unnamed model"), missing);
      return NULL;
    }

  model->name = g_strdup (description->name != NULL ? description->name : description->architecture);
  model->id = g_strdup (model->name);
  model->use_case = g_strdup (description->encoder ? "embeddings" : "chat");
  model->why = g_strdup ("");
  model->ollama_tag = g_strdup (description->ollama_tag);
  model->source = g_strdup (description->source);
  model->parameters = description->parameters;
  model->active_parameters = description->active_parameters > 0 ? description->active_parameters
                                                                 : description->parameters;
  model->layers = (guint) description->block_count;
  model->kv_cache = !description->encoder;
  model->kv_heads = (guint) MIN (description->head_count_kv > 0 ? description->head_count_kv
                                                                : description->head_count, G_MAXUINT);
  if (description->key_length > 0)
    model->head_dim = (guint) MIN (description->key_length, G_MAXUINT);
  else if (description->head_count > 0)
    model->head_dim = (guint) MIN (description->embedding_length / description->head_count, G_MAXUINT);
  model->max_context = (guint) MIN (description->context_length, G_MAXUINT);
  if (model->max_context == 0)
    model->max_context = 512;
  model->weights_bytes_exact = description->weights_bytes_exact;
  if (model->kv_cache)
    set_sliding_window (model, description);

  /* One build, the file's: the catalogue quantisation it is, else the
   * nearest in bits per weight, which only labels it when the bytes are exact. */
  if (description->quant_name != NULL && sy_quant_from_string (description->quant_name, &quant))
    model->quant_name = NULL;
  else
    {
      double best = INFINITY;

      if (description->weights_bytes_exact > 0)
        bits = description->weights_bytes_exact * 8 / description->parameters;
      else
        bits = guess_bits_per_weight (description->quant_name);
      if (bits <= 0)
        bits = sy_quant_get_bits_per_weight (SY_QUANT_Q4_K_M);

      for (guint i = 0; i < SY_N_QUANTS; i++)
        if (fabs (sy_quant_get_bits_per_weight (i) - bits) < best)
          {
            best = fabs (sy_quant_get_bits_per_weight (i) - bits);
            quant = i;
          }
      model->quant_name = g_strdup (description->quant_name != NULL ? description->quant_name
                                                                    : _("unknown"));
    }
  model->quants = 1u << quant;
  /* An installed Ollama model is that build under its own name: the chat
   * asks for it by that name (a GGUF file has none). */
  model->quant_tags[quant] = g_strdup (description->ollama_tag);

  return g_steal_pointer (&model);
}

SyCatalogModel *
sy_catalog_model_new_from_ollama (const char            *tag,
                                  const SyModelDetails  *details,
                                  guint64                file_bytes,
                                  GError               **error)
{
  SyModelDescription description = { NULL };
  g_autofree char *source = g_strdup_printf (_("Ollama /api/show of %s"), tag);

  description.name = tag;
  description.ollama_tag = tag;
  description.architecture = details->architecture;
  description.quant_name = details->quantization;
  description.source = source;
  description.block_count = details->block_count;
  description.head_count = details->head_count;
  description.head_count_kv = details->head_count_kv;
  description.key_length = details->key_length;
  description.embedding_length = details->embedding_length;
  description.context_length = details->context_length;
  description.expert_count = details->expert_count;
  description.expert_used_count = details->expert_used_count;
  description.sliding_window = details->sliding_window;
  description.encoder = details->encoder;
  description.parameters = (double) details->parameter_count;
  /* No tensor table: a mixture's active share is not known here. */
  description.active_parameters = description.parameters;
  description.weights_bytes_exact = (double) file_bytes;

  return sy_catalog_model_new_described (&description, error);
}
