/* sy-model-fit.c: will a model run on this machine, and how
 *
 * The figures and why they were chosen are in sy-model-fit.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-model-fit.h"

/* KV cache types */

const char *
sy_kv_type_to_string (SyKvType type)
{
  return type == SY_KV_Q8_0 ? "q8_0" : "f16";
}

gboolean
sy_kv_type_from_string (const char *text,
                        SyKvType   *out_type)
{
  if (g_strcmp0 (text, "f16") == 0)
    *out_type = SY_KV_F16;
  else if (g_strcmp0 (text, "q8_0") == 0)
    *out_type = SY_KV_Q8_0;
  else
    return FALSE;

  return TRUE;
}

double
sy_kv_type_get_bytes (SyKvType type)
{
  return type == SY_KV_Q8_0 ? 1.0 : 2.0;
}

const char *
sy_kv_type_get_requirement (SyKvType type)
{
  if (type != SY_KV_Q8_0)
    return NULL;

  /* llama.cpp refuses to create a context with a quantised V cache when
   * flash attention is off (ggml-org/llama.cpp src/llama-context.cpp,
   * "quantized V cache requires flash_attn", worded "V cache quantization
   * requires flash_attn" in older builds);
   * Ollama applies OLLAMA_KV_CACHE_TYPE only with OLLAMA_FLASH_ATTENTION=1
   * (docs/faq.md, "How can I set the quantization type for the K/V cache?"). */
  return _("A q8_0 KV cache needs flash attention: OLLAMA_FLASH_ATTENTION=1 for Ollama, --flash-attn for llama.cpp.");
}

/* Verdicts */

const char *
sy_fit_verdict_to_string (SyFitVerdict verdict)
{
  switch (verdict)
    {
    case SY_FIT_GPU:
      return "gpu";
    case SY_FIT_PARTIAL:
      return "partial";
    case SY_FIT_CPU:
      return "cpu";
    case SY_FIT_TOO_LARGE:
    default:
      return "too-large";
    }
}

const char *
sy_fit_verdict_get_label (SyFitVerdict verdict)
{
  switch (verdict)
    {
    case SY_FIT_GPU:
      return _("Fits on GPU");
    case SY_FIT_PARTIAL:
      return _("Partial offload");
    case SY_FIT_CPU:
      return _("CPU only");
    case SY_FIT_TOO_LARGE:
    default:
      return _("Too large");
    }
}

/* Machine */

void
sy_fit_machine_init_from_hardware (SyFitMachine *machine,
                                   SyHardware   *hardware,
                                   double        manual_vram_bytes,
                                   double        manual_ram_bytes)
{
  gint64 ram_available = sy_hardware_get_ram_available (hardware);
  gint64 ram_total = sy_hardware_get_ram_total (hardware);

  memset (machine, 0, sizeof *machine);

  if (manual_vram_bytes > 0)
    {
      machine->gpu_bytes[0] = manual_vram_bytes;
      machine->n_gpus = 1;
    }
  else
    for (guint i = 0; i < sy_hardware_get_n_gpus (hardware) && machine->n_gpus < SY_FIT_MAX_GPUS; i++)
      {
        gint64 usable = sy_gpu_get_usable_memory (sy_hardware_get_gpu (hardware, i));

        if (usable > 0)
          machine->gpu_bytes[machine->n_gpus++] = (double) usable;
      }

  if (manual_ram_bytes > 0)
    machine->ram_bytes = manual_ram_bytes;
  else if (ram_available >= 0)
    machine->ram_bytes = (double) ram_available;
  else if (ram_total >= 0)
    machine->ram_bytes = (double) ram_total;
}

/* Auxiliary functions */

double
sy_fit_weights_bytes (const SyCatalogModel *model,
                      SyQuant            quant)
{
  double quantised = model->parameters - model->unquantised_parameters;

  /* A GGUF file's tensor table says it to the byte; its one quantisation is @quant. */
  if (model->weights_bytes_exact > 0)
    return model->weights_bytes_exact;

  /* MXFP4 covers only gpt-oss's experts; its attention and embeddings,
   * like Gemma 3's vision encoder, stay at 16 bits in every build. */
  return quantised * sy_quant_get_bits_per_weight (quant) / 8.0 + model->unquantised_parameters * 2.0;
}

/* K and V of one token in one layer */
static double
kv_bytes_per_layer_token (const SyCatalogModel *model,
                          SyKvType           kv_type)
{
  if (!model->kv_cache)
    return 0;

  return 2.0 * model->kv_heads * model->head_dim * sy_kv_type_get_bytes (kv_type);
}

guint
sy_fit_sliding_tokens (const SyCatalogModel *model,
                       guint              context,
                       guint              n_sequences)
{
  double held;

  if (model->sliding_layers == 0)
    return context;

  held = (double) model->sliding_window * MAX (n_sequences, 1) + SY_FIT_UBATCH;
  held = ceil (held / SY_FIT_CONTEXT_STEP) * SY_FIT_CONTEXT_STEP;
  return (guint) MIN (held, (double) context);
}

static double
kv_bytes_for (const SyCatalogModel *model,
              guint              context,
              guint              n_sequences,
              SyKvType           kv_type)
{
  guint full_layers = model->layers - model->sliding_layers;

  return kv_bytes_per_layer_token (model, kv_type) *
         ((double) full_layers * context +
          (double) model->sliding_layers * sy_fit_sliding_tokens (model, context, n_sequences));
}

double
sy_fit_kv_bytes (const SyCatalogModel *model,
                 guint              context,
                 SyKvType           kv_type)
{
  return kv_bytes_for (model, context, 1, kv_type);
}

/* Room for weights and KV cache on the GPUs, after headroom and the
 * runtime overhead: the largest GPU alone, or all of them sharing the
 * model (each paying the overhead). One GPU is preferred when @data fits
 * there: splitting costs speed. */
static double
gpu_capacity (const SyFitMachine *machine,
              double              data,
              guint              *out_n_gpus,
              double             *out_available)
{
  double best = 0, sum = 0;
  double single, split;

  for (guint i = 0; i < machine->n_gpus; i++)
    {
      best = MAX (best, machine->gpu_bytes[i] * SY_FIT_HEADROOM);
      sum += machine->gpu_bytes[i] * SY_FIT_HEADROOM;
    }

  single = best - SY_FIT_RUNTIME_OVERHEAD;
  split = sum - machine->n_gpus * SY_FIT_RUNTIME_OVERHEAD;

  if (machine->n_gpus > 1 && data > single && split > single)
    {
      *out_n_gpus = machine->n_gpus;
      *out_available = sum;
      return split;
    }

  *out_n_gpus = machine->n_gpus > 0 ? 1 : 0;
  *out_available = best;
  return single;
}

static guint
max_context (const SyCatalogModel *model,
             double             room,
             guint              n_sequences,
             SyKvType           kv_type)
{
  double per_layer_token = kv_bytes_per_layer_token (model, kv_type);
  guint full_layers = model->layers - model->sliding_layers;
  double tokens, window_held;

  if (room < 0)
    return 0;
  if (per_layer_token <= 0)
    return model->max_context;

  /* Every layer holds the whole context while it is shorter than what a
   * sliding layer keeps; beyond that only the full layers grow. */
  tokens = floor (room / (per_layer_token * model->layers));
  window_held = sy_fit_sliding_tokens (model, G_MAXUINT, n_sequences);
  if (model->sliding_layers > 0 && tokens > window_held)
    tokens = full_layers == 0 ? INFINITY
                              : floor ((room / per_layer_token - (double) model->sliding_layers * window_held) /
                                       full_layers);
  if (tokens >= model->max_context)
    return model->max_context;

  tokens = floor (tokens / SY_FIT_CONTEXT_STEP) * SY_FIT_CONTEXT_STEP;
  return (guint) tokens;
}

/* Public API */

void
sy_fit_compute (const SyCatalogModel  *model,
                SyQuant             quant,
                guint               context,
                SyKvType            kv_type,
                const SyFitMachine *machine,
                SyFitResult        *out)
{
  sy_fit_compute_sequences (model, quant, context, 1, kv_type, machine, out);
}

void
sy_fit_compute_sequences (const SyCatalogModel  *model,
                          SyQuant             quant,
                          guint               context,
                          guint               n_sequences,
                          SyKvType            kv_type,
                          const SyFitMachine *machine,
                          SyFitResult        *out)
{
  double capacity, data, ram_budget;
  guint n_gpus;

  memset (out, 0, sizeof *out);
  out->quant = quant;
  out->context = MIN (context, model->max_context);
  out->n_sequences = MAX (n_sequences, 1);
  out->weights_bytes = sy_fit_weights_bytes (model, quant);
  out->kv_bytes = kv_bytes_for (model, out->context, out->n_sequences, kv_type);
  data = out->weights_bytes + out->kv_bytes;

  /* The largest context may need every GPU even when the asked one does not. */
  capacity = gpu_capacity (machine, INFINITY, &n_gpus, &out->available_bytes);
  out->max_context_on_gpu = max_context (model, capacity - out->weights_bytes, out->n_sequences, kv_type);
  capacity = gpu_capacity (machine, data, &n_gpus, &out->available_bytes);
  ram_budget = machine->ram_bytes * SY_FIT_HEADROOM;

  if (n_gpus > 0 && capacity > 0 && data <= capacity)
    {
      out->verdict = SY_FIT_GPU;
      out->n_gpus_used = n_gpus;
      out->overhead_bytes = n_gpus * SY_FIT_RUNTIME_OVERHEAD;
      out->total_bytes = data + out->overhead_bytes;
      out->gpu_bytes = out->total_bytes;
      return;
    }

  /* Layers are what llama.cpp offloads: at least one must fit. */
  if (n_gpus > 0 && capacity > 0 && floor (model->layers * capacity / data) >= 1 &&
      data - capacity <= ram_budget)
    {
      out->verdict = SY_FIT_PARTIAL;
      out->n_gpus_used = n_gpus;
      out->overhead_bytes = n_gpus * SY_FIT_RUNTIME_OVERHEAD;
      out->total_bytes = data + out->overhead_bytes;
      out->gpu_bytes = capacity + out->overhead_bytes;
      out->ram_bytes = data - capacity;
      out->gpu_layers = (guint) floor (model->layers * capacity / data);
      return;
    }

  out->overhead_bytes = SY_FIT_RUNTIME_OVERHEAD;
  out->total_bytes = data + out->overhead_bytes;
  out->verdict = out->total_bytes <= ram_budget ? SY_FIT_CPU : SY_FIT_TOO_LARGE;
  out->ram_bytes = out->total_bytes;
}

void
sy_fit_best (const SyCatalogModel  *model,
             guint               context,
             SyKvType            kv_type,
             const SyFitMachine *machine,
             SyFitResult        *out)
{
  sy_fit_best_sequences (model, context, 1, kv_type, machine, out);
}

void
sy_fit_best_sequences (const SyCatalogModel  *model,
                       guint               context,
                       guint               n_sequences,
                       SyKvType            kv_type,
                       const SyFitMachine *machine,
                       SyFitResult        *out)
{
  gboolean have_fallback = FALSE;

  for (int quant = SY_N_QUANTS - 1; quant >= 0; quant--)
    {
      SyFitResult result;

      if (!sy_catalog_model_has_quant (model, quant))
        continue;

      sy_fit_compute_sequences (model, quant, context, n_sequences, kv_type, machine, &result);
      if (result.verdict == SY_FIT_GPU)
        {
          *out = result;
          return;
        }

      /* Walking down, the last one seen is the most compact. */
      *out = result;
      have_fallback = TRUE;
    }

  g_return_if_fail (have_fallback);
}

int
sy_fit_compare (const SyCatalogModel *model_a,
                const SyFitResult *a,
                const SyCatalogModel *model_b,
                const SyFitResult *b)
{
  if (a->verdict != b->verdict)
    return a->verdict < b->verdict ? -1 : 1;

  switch (a->verdict)
    {
    case SY_FIT_GPU:
      if (model_a->parameters != model_b->parameters)
        return model_a->parameters > model_b->parameters ? -1 : 1;
      break;
    case SY_FIT_PARTIAL:
      {
        double share_a = a->gpu_bytes / a->total_bytes;
        double share_b = b->gpu_bytes / b->total_bytes;

        if (share_a != share_b)
          return share_a > share_b ? -1 : 1;
      }
      break;
    case SY_FIT_CPU:
    case SY_FIT_TOO_LARGE:
    default:
      if (a->total_bytes != b->total_bytes)
        return a->total_bytes < b->total_bytes ? -1 : 1;
      break;
    }

  return g_strcmp0 (model_a->name, model_b->name);
}

char *
sy_fit_format_gib (double bytes)
{
  double gb = bytes / SY_FIT_GIB;

  if (gb >= 100)
    return g_strdup_printf (_("%.0f GiB"), gb);
  if (gb >= 0.995 || gb == 0)
    return g_strdup_printf (_("%.1f GiB"), gb);
  return g_strdup_printf (_("%.0f MiB"), bytes / (1024.0 * 1024.0));
}

char *
sy_fit_format_context (guint tokens)
{
  if (tokens >= 1000 && tokens % 1000 == 0)
    return g_strdup_printf (_("%uk"), tokens / 1000);
  if (tokens >= 1024)
    return g_strdup_printf (_("%uk"), tokens / 1024);

  return g_strdup_printf ("%u", tokens);
}

char *
sy_fit_explain (const SyCatalogModel *model,
                const SyFitResult *result,
                SyKvType           kv_type)
{
  GString *text = g_string_new (NULL);
  g_autofree char *weights = sy_fit_format_gib (result->weights_bytes);
  g_autofree char *kv = sy_fit_format_gib (result->kv_bytes);
  g_autofree char *overhead = g_strdup_printf (_("%.2f GiB"), result->overhead_bytes / SY_FIT_GIB);
  g_autofree char *total = sy_fit_format_gib (result->total_bytes);
  g_autofree char *available = sy_fit_format_gib (result->available_bytes);
  g_autofree char *context = sy_fit_format_context (result->context);

  if (model->weights_bytes_exact > 0)
    /* Translators: parameters in billions, the quantisation, the result */
    g_string_append_printf (text, _("Weights: %.2fB parameters at %s, as stored in the model file = %s"),
                            model->parameters / 1e9, sy_catalog_model_get_quant_name (model, result->quant),
                            weights);
  else if (model->unquantised_parameters > 0)
    /* Translators: quantised parameters in billions, bits per weight, the
     * parameters kept at 16 bits in billions, the result */
    g_string_append_printf (text, _("Weights: %.2fB parameters × %.2f bits ÷ 8 + %.2fB × 2 bytes = %s"),
                            (model->parameters - model->unquantised_parameters) / 1e9,
                            sy_quant_get_bits_per_weight (result->quant),
                            model->unquantised_parameters / 1e9, weights);
  else
    /* Translators: parameters in billions, bits per weight, the result */
    g_string_append_printf (text, _("Weights: %.2fB parameters × %.2f bits ÷ 8 = %s"),
                            model->parameters / 1e9, sy_quant_get_bits_per_weight (result->quant), weights);
  g_string_append_c (text, '\n');
  if (model->kv_cache && model->sliding_layers > 0)
    {
      /* Exact: "1k" would hide the batch that 1,536 = 1,024 + 512 counts. */
      g_autofree char *held = g_strdup_printf ("%u", sy_fit_sliding_tokens (model, result->context,
                                                                           MAX (result->n_sequences, 1)));

      /* Translators: the KV cache formula of a model whose sliding-window
       * layers keep only the last tokens: K and V, KV heads, head size,
       * bytes, then full layers × context + sliding layers × what they hold */
      g_string_append_printf (text, _("KV cache: 2 × %u KV heads × %u × %.0f bytes × (%u layers × %s tokens + %u sliding-window layers × %s tokens) = %s"),
                              model->kv_heads, model->head_dim, sy_kv_type_get_bytes (kv_type),
                              model->layers - model->sliding_layers, context, model->sliding_layers, held, kv);
    }
  else if (model->kv_cache)
    /* Translators: the KV cache formula with the model's numbers */
    g_string_append_printf (text, _("KV cache: 2 × %u layers × %u KV heads × %u × %s tokens × %.0f bytes = %s"),
                            model->layers, model->kv_heads, model->head_dim, context,
                            sy_kv_type_get_bytes (kv_type), kv);
  else
    g_string_append (text, _("KV cache: none (an embedding model keeps no cache)"));
  g_string_append_c (text, '\n');
  if (model->kv_cache && sy_kv_type_get_requirement (kv_type) != NULL)
    {
      g_string_append (text, sy_kv_type_get_requirement (kv_type));
      g_string_append_c (text, '\n');
    }
  if (result->n_gpus_used > 1)
    g_string_append_printf (text, _("Runtime overhead: %s (0.75 GiB on each of %u GPUs)"),
                            overhead, result->n_gpus_used);
  else
    g_string_append_printf (text, _("Runtime overhead: %s"), overhead);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Total: %s"), total);
  g_string_append_c (text, '\n');

  switch (result->verdict)
    {
    case SY_FIT_GPU:
      if (result->n_gpus_used > 1)
        g_string_append_printf (text, _("Fits split across %u GPUs: 90%% of their free memory is %s."),
                                result->n_gpus_used, available);
      else
        g_string_append_printf (text, _("Fits on the GPU: 90%% of its free memory is %s."), available);
      break;
    case SY_FIT_PARTIAL:
      {
        g_autofree char *gpu = sy_fit_format_gib (result->gpu_bytes);
        g_autofree char *ram = sy_fit_format_gib (result->ram_bytes);

        g_string_append_printf (text, _("More than 90%% of the GPU memory (%s): %s on the GPU (%u of %u layers), %s in system RAM. Expect it to run several times slower."),
                                available, gpu, result->gpu_layers, model->layers, ram);
      }
      break;
    case SY_FIT_CPU:
      if (result->available_bytes > 0)
        g_string_append_printf (text, _("Not even one layer fits in 90%% of the GPU memory (%s): runs on the CPU from system RAM, slowly."),
                                available);
      else
        g_string_append (text, _("No usable GPU: runs on the CPU from system RAM, slowly."));
      break;
    case SY_FIT_TOO_LARGE:
    default:
      g_string_append (text,
                       /* xgettext:no-c-format */
                       _("More than the GPU memory and 90% of the available system RAM together."));
      break;
    }

  if (result->max_context_on_gpu > 0 && model->kv_cache)
    {
      g_autofree char *max = sy_fit_format_context (result->max_context_on_gpu);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Largest context fully on the GPU at %s: %s tokens."),
                              sy_quant_to_string (result->quant), max);
    }

  return g_string_free (text, FALSE);
}
