/* sy-model-fit.h: will a model run on this machine, and how
 *
 * memory = weights + KV cache + runtime overhead, where
 *   weights  = parameters × bits per weight / 8
 *              (MXFP4 4.25, Q4_K_M 4.85, Q5_K_M 5.69, Q8_0 8.5, F16 16),
 *              + 2 bytes for each parameter every build keeps at 16 bits
 *              (SyCatalogModel.unquantised_parameters)
 *   KV cache = 2 (K and V) × layers × KV heads × head dim × context
 *              × bytes per element (f16 2, q8_0 1), where a layer with
 *              a sliding window (SyCatalogModel.sliding_layers) holds
 *              only the window (one per sequence) + one batch of tokens
 *              (sy_fit_sliding_tokens)
 *   overhead = SY_FIT_RUNTIME_OVERHEAD per GPU (or once on the CPU).
 *
 * Runtime overhead, 0.75 GiB: what llama.cpp (and so Ollama) allocates on
 * a GPU besides weights and KV cache. The CUDA/ROCm context itself takes
 * 0.25–0.35 GiB (nvidia-smi shows it for an idle process), and the compute
 * graph buffer at the default batch of 512 tokens is 0.3–0.5 GiB for 1B–14B
 * models at 8k context (llama.cpp logs it as "compute buffer size"). 0.75
 * covers both for the models shipped here; bigger models at long contexts
 * need somewhat more, which the 10 % headroom below absorbs.
 *
 * A model "fits on the GPU" when memory ≤ 90 % of the GPU's free memory
 * (SY_FIT_HEADROOM): the desktop, the browser and the driver's own
 * fragmentation want the rest. Several GPUs may share a model (llama.cpp
 * splits layers across them), each paying the overhead. Otherwise the part
 * that does not fit goes to system RAM (partial offload) when 90 % of the
 * available RAM holds it; with no usable GPU, the whole model runs on the
 * CPU from RAM; else it is too large.
 *
 * Sizes are bytes; the "GB" shown are GiB (2^30), as GPU memory is sold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-hardware.h"
#include "sy-model-catalog.h"

G_BEGIN_DECLS

#define SY_FIT_GIB                 1073741824.0
#define SY_FIT_RUNTIME_OVERHEAD    (0.75 * SY_FIT_GIB)
#define SY_FIT_HEADROOM            0.9
#define SY_FIT_MAX_GPUS            16
/* Contexts are rounded down to llama.cpp's padding. */
#define SY_FIT_CONTEXT_STEP        256
/* The tokens one step of prompt processing adds (llama.cpp's default
 * -ub): a sliding-window layer keeps them besides the window. */
#define SY_FIT_UBATCH              512

typedef enum
{
  SY_KV_F16,
  SY_KV_Q8_0,
} SyKvType;

const char  *sy_kv_type_to_string     (SyKvType     type);
gboolean     sy_kv_type_from_string   (const char  *text,
                                       SyKvType    *out_type);
double       sy_kv_type_get_bytes     (SyKvType     type);
/* What the runtime must be told for @type, one translated line ("A q8_0
 * KV cache needs flash attention: …"); NULL when nothing. */
const char  *sy_kv_type_get_requirement (SyKvType   type);

/* Best first: the order rows are sorted in. */
typedef enum
{
  SY_FIT_GPU,
  SY_FIT_PARTIAL,
  SY_FIT_CPU,
  SY_FIT_TOO_LARGE,
} SyFitVerdict;

/* "gpu", "partial", "cpu", "too-large" */
const char  *sy_fit_verdict_to_string (SyFitVerdict verdict);
/* "Fits on GPU", "Partial offload", "CPU only", "Too large" */
const char  *sy_fit_verdict_get_label (SyFitVerdict verdict);

/* What the fit plans with: usable bytes per GPU (free VRAM; an APU adds
 * the RAM it may borrow) and RAM available for offloading. */
typedef struct
{
  double gpu_bytes[SY_FIT_MAX_GPUS];
  guint  n_gpus;
  double ram_bytes;
} SyFitMachine;

/* @manual_vram_bytes > 0 replaces the detected GPUs with one GPU of that
 * much free memory, and @manual_ram_bytes > 0 the RAM (planning a
 * purchase, as `switchyard models --vram-gb --ram-gb` does). GPUs whose
 * memory is unknown are left out. RAM: available, else total, else 0. */
void         sy_fit_machine_init_from_hardware (SyFitMachine  *machine,
                                                SyHardware    *hardware,
                                                double         manual_vram_bytes,
                                                double         manual_ram_bytes);

typedef struct
{
  SyQuant      quant;
  guint        context;             /* asked for, capped at the model's maximum */
  guint        n_sequences;         /* that share it (a server's parallel slots) */
  double       weights_bytes;
  double       kv_bytes;
  double       overhead_bytes;      /* once per GPU used (once on the CPU) */
  double       total_bytes;         /* weights + KV + overhead */
  SyFitVerdict verdict;
  double       available_bytes;     /* GPU memory planned with: 90 % of the best GPU, or of all when split */
  guint        n_gpus_used;         /* >1: split across GPUs; 0: none */
  double       gpu_bytes;           /* on the GPU(s), partial or full */
  double       ram_bytes;           /* in system RAM (partial and CPU) */
  guint        gpu_layers;          /* layers on the GPU(s) when partial */
  guint        max_context_on_gpu;  /* largest context that fits fully on the GPU(s); 0: none */
} SyFitResult;

double       sy_fit_weights_bytes     (const SyCatalogModel  *model,
                                       SyQuant             quant);
double       sy_fit_kv_bytes          (const SyCatalogModel  *model,
                                       guint               context,
                                       SyKvType            kv_type);
/* Tokens of KV cache a sliding-window layer holds at @context shared by
 * @n_sequences: the window for each, one batch more, padded as
 * llama.cpp pads; all of @context when shorter, or without a window. */
guint        sy_fit_sliding_tokens    (const SyCatalogModel  *model,
                                       guint               context,
                                       guint               n_sequences);
void         sy_fit_compute           (const SyCatalogModel  *model,
                                       SyQuant             quant,
                                       guint               context,
                                       SyKvType            kv_type,
                                       const SyFitMachine *machine,
                                       SyFitResult        *out_result);
/* @context shared by @n_sequences, as a server's parallel slots share it:
 * the whole KV cache is @context, a sliding window's part is per sequence. */
void         sy_fit_compute_sequences (const SyCatalogModel  *model,
                                       SyQuant             quant,
                                       guint               context,
                                       guint               n_sequences,
                                       SyKvType            kv_type,
                                       const SyFitMachine *machine,
                                       SyFitResult        *out_result);
/* The most precise quantisation that fits on the GPU at @context; when
 * none does, the most compact one (the least RAM, the most on a GPU). */
void         sy_fit_best              (const SyCatalogModel  *model,
                                       guint               context,
                                       SyKvType            kv_type,
                                       const SyFitMachine *machine,
                                       SyFitResult        *out_result);
void         sy_fit_best_sequences    (const SyCatalogModel  *model,
                                       guint               context,
                                       guint               n_sequences,
                                       SyKvType            kv_type,
                                       const SyFitMachine *machine,
                                       SyFitResult        *out_result);
/* Best first: verdict, then the bigger model on a GPU, the bigger share
 * on the GPU when partial, the smaller model on a CPU. */
int          sy_fit_compare           (const SyCatalogModel  *model_a,
                                       const SyFitResult  *result_a,
                                       const SyCatalogModel  *model_b,
                                       const SyFitResult  *result_b);
/* The arithmetic behind a verdict, several lines, translated. */
char        *sy_fit_explain           (const SyCatalogModel  *model,
                                       const SyFitResult  *result,
                                       SyKvType            kv_type);
/* "4.5 GiB", "578 MiB": memory in binary units, as cards and
 * nvidia-smi count it (a "24 GB" card has 24 GiB) */
char        *sy_fit_format_gib        (double              bytes);
/* "8k", "128k", "4,000" */
char        *sy_fit_format_context    (guint               tokens);

G_END_DECLS
