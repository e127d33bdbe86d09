/* sy-speed.c: how fast a model decodes on a machine (SPEC §6)
 *
 * The formula and its constants are in sy-speed.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-speed.h"

#define GBPS 1e9

void
sy_speed_machine_init (SySpeedMachine *speed)
{
  memset (speed, 0, sizeof *speed);
  speed->ram_bandwidth_gbps = SY_SPEED_DEFAULT_RAM_BANDWIDTH_GBPS;
  speed->efficiency = SY_SPEED_DEFAULT_EFFICIENCY;
}

void
sy_speed_machine_set_from_hardware (SySpeedMachine *speed,
                                    SyHardware     *hardware,
                                    SyGpuTable     *table)
{
  guint n = 0;

  /* The same GPUs, in the same order, as sy_fit_machine_init_from_hardware. */
  for (guint i = 0; i < sy_hardware_get_n_gpus (hardware) && n < SY_FIT_MAX_GPUS; i++)
    {
      const SyGpu *gpu = sy_hardware_get_gpu (hardware, i);
      const SyGpuSpec *spec;

      if (sy_gpu_get_usable_memory (gpu) <= 0)
        continue;
      spec = sy_gpu_table_match (table, gpu->name);
      speed->gpu_bandwidth_gbps[n++] = spec != NULL ? spec->bandwidth_gbps : 0;
    }
}

void
sy_speed_plan_cards (SyFitMachine    *machine,
                     SySpeedMachine  *speed,
                     const SyGpuSpec *gpu,
                     guint            count,
                     double           ram_bytes)
{
  count = MIN (count, SY_FIT_MAX_GPUS);
  machine->n_gpus = count;
  for (guint i = 0; i < SY_FIT_MAX_GPUS; i++)
    {
      machine->gpu_bytes[i] = i < count ? gpu->memory_gb * SY_FIT_GIB : 0;
      speed->gpu_bandwidth_gbps[i] = i < count ? gpu->bandwidth_gbps : 0;
    }
  if (ram_bytes > 0)
    machine->ram_bytes = ram_bytes;
}

const char *
sy_speed_local_gpu_name (SyHardware *hardware)
{
  const SyGpu *largest = NULL;

  for (guint i = 0; i < sy_hardware_get_n_gpus (hardware); i++)
    {
      const SyGpu *gpu = sy_hardware_get_gpu (hardware, i);

      if (sy_gpu_get_usable_memory (gpu) > 0 && gpu->name != NULL &&
          (largest == NULL || sy_gpu_get_usable_memory (gpu) > sy_gpu_get_usable_memory (largest)))
        largest = gpu;
    }

  return largest != NULL ? largest->name : SY_SPEED_STORE_CPU;
}

double
sy_speed_bytes_per_token (const SyCatalogModel *model,
                          const SyFitResult    *result)
{
  return result->weights_bytes * model->active_parameters / model->parameters + result->kv_bytes;
}

/* Seconds per token on the GPUs for @bytes (at efficiency 1), or -1 when a
 * GPU holding layers has no known bandwidth. One GPU: the largest, as the
 * fit plans. Several: each holds a share in proportion to its usable
 * memory (llama.cpp's default tensor split) and reads it in turn. */
static double
gpu_seconds (const SyFitResult    *result,
             const SyFitMachine   *machine,
             const SySpeedMachine *speed,
             double                bytes)
{
  double total_room = 0, seconds = 0;
  guint best = 0;

  for (guint i = 0; i < machine->n_gpus; i++)
    {
      total_room += machine->gpu_bytes[i];
      if (machine->gpu_bytes[i] > machine->gpu_bytes[best])
        best = i;
    }

  if (result->n_gpus_used <= 1)
    return speed->gpu_bandwidth_gbps[best] > 0 ? bytes / (speed->gpu_bandwidth_gbps[best] * GBPS) : -1;

  for (guint i = 0; i < machine->n_gpus; i++)
    {
      if (speed->gpu_bandwidth_gbps[i] <= 0)
        return -1;
      seconds += bytes * (machine->gpu_bytes[i] / total_room) / (speed->gpu_bandwidth_gbps[i] * GBPS);
    }

  return seconds;
}

/* Seconds per token at efficiency 1, and the share of bytes on the GPUs. */
static double
seconds_per_token (const SyCatalogModel *model,
                   const SyFitResult    *result,
                   const SyFitMachine   *machine,
                   const SySpeedMachine *speed,
                   double               *out_gpu_share)
{
  double bytes = sy_speed_bytes_per_token (model, result);
  double data = result->weights_bytes + result->kv_bytes;
  double gpu_share, gpu_time;

  *out_gpu_share = 0;
  if (bytes <= 0 || data <= 0)
    return -1;

  switch (result->verdict)
    {
    case SY_FIT_GPU:
      gpu_share = 1;
      break;
    case SY_FIT_PARTIAL:
      /* Weights and cache go to RAM together with their layers. */
      gpu_share = CLAMP ((data - result->ram_bytes) / data, 0, 1);
      break;
    case SY_FIT_CPU:
      gpu_share = 0;
      break;
    case SY_FIT_TOO_LARGE:
    default:
      return -1;
    }

  if (gpu_share < 1 && speed->ram_bandwidth_gbps <= 0)
    return -1;

  gpu_time = gpu_share > 0 ? gpu_seconds (result, machine, speed, bytes * gpu_share) : 0;
  if (gpu_time < 0)
    return -1;

  *out_gpu_share = gpu_share;
  return gpu_time + (gpu_share < 1 ? bytes * (1 - gpu_share) / (speed->ram_bandwidth_gbps * GBPS) : 0);
}

double
sy_speed_gpu_bandwidth (const SyFitResult    *result,
                        const SyFitMachine   *machine,
                        const SySpeedMachine *speed)
{
  double seconds;

  if (result->n_gpus_used == 0 || result->verdict == SY_FIT_CPU || result->verdict == SY_FIT_TOO_LARGE)
    return 0;

  seconds = gpu_seconds (result, machine, speed, GBPS);
  return seconds > 0 ? 1 / seconds : 0;
}

double
sy_speed_predict (const SyCatalogModel *model,
                  const SyFitResult    *result,
                  const SyFitMachine   *machine,
                  const SySpeedMachine *speed)
{
  double gpu_share;
  double seconds;

  /* An embedding model reads its weights once per batch of input, not
   * once per generated token: tokens/s of decoding says nothing of it. */
  if (g_strcmp0 (model->use_case, "embeddings") == 0)
    return 0;

  seconds = seconds_per_token (model, result, machine, speed, &gpu_share);
  if (seconds <= 0 || speed->efficiency <= 0)
    return 0;

  return speed->efficiency / seconds;
}

char *
sy_speed_explain (const SyCatalogModel *model,
                  const SyFitResult    *result,
                  const SyFitMachine   *machine,
                  const SySpeedMachine *speed)
{
  double gpu_share;
  double seconds = seconds_per_token (model, result, machine, speed, &gpu_share);
  double bytes = sy_speed_bytes_per_token (model, result);
  g_autofree char *per_token = NULL;
  g_autofree char *efficiency = NULL;
  g_autofree char *tps = NULL;

  if (seconds <= 0 || speed->efficiency <= 0)
    return NULL;

  per_token = g_strdup_printf ("%.2f", bytes / GBPS);
  efficiency = g_strdup_printf ("%.2f", speed->efficiency);
  tps = g_strdup_printf ("%.0f", speed->efficiency / seconds);

  if (gpu_share >= 1)
    /* Translators: efficiency, GB/s of memory bandwidth, GB read per token, tokens/s */
    return g_strdup_printf (_("Speed: %s × %.0f GB/s ÷ %s GB per token (active weights + KV cache) ≈ %s tokens/s"),
                            efficiency, bytes / seconds / GBPS, per_token, tps);
  if (gpu_share <= 0)
    /* Translators: efficiency, GB/s of RAM bandwidth, GB read per token, tokens/s */
    return g_strdup_printf (_("Speed: %s × %.0f GB/s (system RAM) ÷ %s GB per token ≈ %s tokens/s"),
                            efficiency, speed->ram_bandwidth_gbps, per_token, tps);

  /* Translators: GB per token, percent on the GPU, RAM bandwidth, efficiency, tokens/s */
  return g_strdup_printf (_("Speed: %s GB per token, %.0f%% read from the GPU and the rest from system RAM at %.0f GB/s, efficiency %s ≈ %s tokens/s"),
                          per_token, gpu_share * 100, speed->ram_bandwidth_gbps, efficiency, tps);
}

static char *
format_rate (double tokens_per_s)
{
  return g_strdup_printf (tokens_per_s < 9.95 ? "%.1f" : "%.0f", tokens_per_s);
}

char *
sy_speed_format (double predicted,
                 double measured)
{
  g_autofree char *predicted_text = format_rate (predicted);
  g_autofree char *measured_text = format_rate (measured);

  if (measured > 0 && predicted > 0)
    /* Translators: tokens per second measured, then predicted */
    return g_strdup_printf (_("measured %s tok/s, predicted %s"), measured_text, predicted_text);
  if (measured > 0)
    /* Translators: tokens per second */
    return g_strdup_printf (_("measured %s tok/s"), measured_text);
  if (predicted > 0)
    /* Translators: predicted tokens per second */
    return g_strdup_printf (_("≈%s tok/s"), predicted_text);

  return g_strdup ("—");
}

/* Measurements */

gboolean
sy_speed_model_name_quant (const SyCatalogModel *model,
                           const char           *model_name,
                           SyQuant              *out_quant)
{
  if (model_name == NULL)
    return FALSE;

  for (guint quant = 0; quant < SY_N_QUANTS; quant++)
    if (g_strcmp0 (model->quant_tags[quant], model_name) == 0)
      {
        *out_quant = quant;
        return TRUE;
      }

  /* Ollama's default tag of a model is its Q4_K_M build (ollama.com/library
   * lists "latest" and the bare size tag as the q4_K_M file). */
  if (g_strcmp0 (model->ollama_tag, model_name) == 0)
    {
      *out_quant = SY_QUANT_Q4_K_M;
      return TRUE;
    }

  return FALSE;
}

double
sy_speed_lookup_measured (SySpeedStore         *store,
                          const char           *gpu,
                          const SyCatalogModel *model,
                          SyQuant               quant)
{
  if (store == NULL || gpu == NULL)
    return 0;

  for (guint i = 0; i < sy_speed_store_get_n_measurements (store); i++)
    {
      const SySpeedMeasurement *measurement = sy_speed_store_get_measurement (store, i);
      SyQuant measured_quant;

      if (g_strcmp0 (measurement->gpu, gpu) == 0 &&
          sy_speed_model_name_quant (model, measurement->model, &measured_quant) &&
          measured_quant == quant)
        return measurement->tokens_per_s;
    }

  return 0;
}

double
sy_speed_calibrate (SySpeedStore         *store,
                    const char           *gpu,
                    SyModelCatalog       *catalog,
                    guint                 context,
                    SyKvType              kv_type,
                    const SyFitMachine   *machine,
                    const SySpeedMachine *speed)
{
  SySpeedMachine reference = *speed;
  double sum = 0;
  guint n = 0;

  if (store == NULL || gpu == NULL)
    return SY_SPEED_DEFAULT_EFFICIENCY;

  reference.efficiency = SY_SPEED_DEFAULT_EFFICIENCY;
  for (guint i = 0; i < sy_speed_store_get_n_measurements (store); i++)
    {
      const SySpeedMeasurement *measurement = sy_speed_store_get_measurement (store, i);

      if (g_strcmp0 (measurement->gpu, gpu) != 0)
        continue;

      for (guint j = 0; j < sy_model_catalog_get_n_models (catalog); j++)
        {
          const SyCatalogModel *model = sy_model_catalog_get_model (catalog, j);
          SyFitResult result;
          SyQuant quant;
          double predicted;

          if (!sy_speed_model_name_quant (model, measurement->model, &quant) ||
              !sy_catalog_model_has_quant (model, quant))
            continue;

          sy_fit_compute (model, quant, context, kv_type, machine, &result);
          predicted = sy_speed_predict (model, &result, machine, &reference);
          if (predicted > 0)
            {
              sum += measurement->tokens_per_s / predicted;
              n++;
            }
          break;
        }
    }

  return n > 0 ? sum / n * SY_SPEED_DEFAULT_EFFICIENCY : SY_SPEED_DEFAULT_EFFICIENCY;
}
