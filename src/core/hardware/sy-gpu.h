/* sy-gpu.h: one GPU as detection found it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SY_GPU_VENDOR_OTHER,
  SY_GPU_VENDOR_NVIDIA,
  SY_GPU_VENDOR_AMD,
  SY_GPU_VENDOR_INTEL,
} SyGpuVendor;

/* Sizes in bytes; -1 means unknown, and @reason then says why. */
typedef struct
{
  SyGpuVendor  vendor;
  char        *name;
  char        *id;            /* "card1", or the NVML/nvidia-smi index "nvidia0" */
  char        *source;        /* "nvml", "nvidia-smi" or "sysfs" */
  gboolean     integrated;    /* shares system RAM with the CPU */
  gint64       vram_total;
  gint64       vram_used;
  gint64       shared_total;  /* RAM an integrated GPU may borrow (AMD GTT); -1 unknown */
  char        *reason;        /* NULL when everything is known */
} SyGpu;

SyGpu      *sy_gpu_new               (void);
SyGpu      *sy_gpu_copy              (const SyGpu *gpu);
void        sy_gpu_free              (SyGpu       *gpu);
/* Free VRAM (total - used; total when used is unknown); -1 when unknown. */
gint64      sy_gpu_get_vram_free     (const SyGpu *gpu);
/* Memory the fit may plan with on this GPU: free VRAM, plus the borrowable
 * RAM of an integrated AMD GPU; 0 when unknown. */
gint64      sy_gpu_get_usable_memory (const SyGpu *gpu);
const char *sy_gpu_vendor_to_string  (SyGpuVendor  vendor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyGpu, sy_gpu_free)

G_END_DECLS
