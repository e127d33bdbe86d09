/* sy-speed.h: how fast a model decodes on a machine (SPEC §6)
 *
 * Decoding is memory-bound: every token reads the active weights and the
 * KV cache once, so
 *   tokens/s ≈ efficiency × bandwidth ÷ bytes per token,
 *   bytes per token = active weights (weights × active ÷ all parameters:
 *                     a mixture reads only its active experts) + KV cache.
 * With partial offload the layers in RAM are read at RAM bandwidth:
 *   time per token = (GPU part ÷ GPU bandwidth + RAM part ÷ RAM bandwidth)
 *                    ÷ efficiency.
 * Several GPUs splitting the layers (llama.cpp's default layer split) work
 * one after the other, so their times add up: each reads its own share.
 *
 * Efficiency 0.6: the share of the theoretical bandwidth llama.cpp reaches
 * in decoding (SPEC §6); a measured reply on a GPU replaces it for that
 * GPU (sy-speed-store.h).
 *
 * RAM bandwidth default 89.6 GB/s: dual-channel DDR5-5600, 2 channels ×
 * 8 bytes × 5600 MT/s (JEDEC JESD79-5 data rate; a desktop's common
 * configuration). `switchyard models --ram-bandwidth-gbps` overrides it.
 *
 * Bandwidths are 10^9 bytes/s as vendors state them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-gpu-table.h"
#include "sy-model-fit.h"
#include "sy-speed-store.h"

G_BEGIN_DECLS

#define SY_SPEED_DEFAULT_EFFICIENCY          0.6
#define SY_SPEED_DEFAULT_RAM_BANDWIDTH_GBPS  89.6

typedef struct
{
  double gpu_bandwidth_gbps[SY_FIT_MAX_GPUS]; /* parallel to SyFitMachine.gpu_bytes; 0: unknown */
  double ram_bandwidth_gbps;
  double efficiency;
} SySpeedMachine;

/* No GPU bandwidth known, the default RAM bandwidth and efficiency. */
void    sy_speed_machine_init            (SySpeedMachine      *speed);
/* Bandwidths for @hardware's GPUs in the order sy_fit_machine_init_from_hardware
 * keeps them (GPUs with known memory), matched by name in @table. */
void    sy_speed_machine_set_from_hardware (SySpeedMachine    *speed,
                                            SyHardware        *hardware,
                                            SyGpuTable        *table);
/* @count cards of @gpu, for planning a purchase: fills both machines
 * (memory and bandwidth); @ram_bytes > 0 sets the RAM. */
void    sy_speed_plan_cards              (SyFitMachine        *machine,
                                          SySpeedMachine      *speed,
                                          const SyGpuSpec     *gpu,
                                          guint                count,
                                          double               ram_bytes);

/* The name measurements on @hardware are stored under: the largest usable
 * GPU's (the one a model not split runs on), or SY_SPEED_STORE_CPU. */
const char *sy_speed_local_gpu_name      (SyHardware          *hardware);

/* Active weights + KV cache at the result's context. */
double  sy_speed_bytes_per_token         (const SyCatalogModel *model,
                                          const SyFitResult    *result);
/* Tokens per second; 0 when it cannot be said (too large, or a GPU the
 * layers are on has no known bandwidth). */
double  sy_speed_predict                 (const SyCatalogModel *model,
                                          const SyFitResult    *result,
                                          const SyFitMachine   *machine,
                                          const SySpeedMachine *speed);
/* The GPU memory bandwidth the GPU part is read at (several GPUs: their
 * combined rate for the shares they hold); 0 when no GPU is used or a
 * bandwidth is unknown. */
double  sy_speed_gpu_bandwidth           (const SyFitResult    *result,
                                          const SyFitMachine   *machine,
                                          const SySpeedMachine *speed);
/* The arithmetic, one line, translated; NULL when there is no prediction. */
char   *sy_speed_explain                 (const SyCatalogModel *model,
                                          const SyFitResult    *result,
                                          const SyFitMachine   *machine,
                                          const SySpeedMachine *speed);

/* "≈45 tok/s", "measured 41 tok/s, predicted 45", "≈2.1 tok/s", "—". */
char   *sy_speed_format                  (double                predicted,
                                          double                measured);
/* Measurements (sy-speed-store.h). A measurement names the model as the
 * backend was asked for it: a quantisation's own tag ("llama3.1:8b-
 * instruct-q8_0") or the default tag, which Ollama builds as Q4_K_M. */

/* The quantisation @model_name runs as, when it is @model's; FALSE when the
 * name is not this catalogue model. */
gboolean sy_speed_model_name_quant       (const SyCatalogModel *model,
                                          const char           *model_name,
                                          SyQuant              *out_quant);
/* Tokens/s measured on @gpu for @model at @quant; 0 when none. */
double  sy_speed_lookup_measured         (SySpeedStore         *store,
                                          const char           *gpu,
                                          const SyCatalogModel *model,
                                          SyQuant               quant);
/* The efficiency of @gpu: the mean over its measurements of
 * measured ÷ predicted × SY_SPEED_DEFAULT_EFFICIENCY, each predicted for
 * the measured model and quantisation on @machine at @context; the default
 * when @gpu has no measurement of a catalogue model. */
double  sy_speed_calibrate               (SySpeedStore         *store,
                                          const char           *gpu,
                                          SyModelCatalog       *catalog,
                                          guint                 context,
                                          SyKvType              kv_type,
                                          const SyFitMachine   *machine,
                                          const SySpeedMachine *speed);

G_END_DECLS
