/* sy-gpu.c: one GPU as detection found it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-gpu.h"

/* Public API */

SyGpu *
sy_gpu_new (void)
{
  SyGpu *gpu = g_new0 (SyGpu, 1);

  gpu->vram_total = -1;
  gpu->vram_used = -1;
  gpu->shared_total = -1;

  return gpu;
}

SyGpu *
sy_gpu_copy (const SyGpu *gpu)
{
  SyGpu *copy = g_memdup2 (gpu, sizeof *gpu);

  copy->name = g_strdup (gpu->name);
  copy->id = g_strdup (gpu->id);
  copy->source = g_strdup (gpu->source);
  copy->reason = g_strdup (gpu->reason);

  return copy;
}

void
sy_gpu_free (SyGpu *gpu)
{
  if (gpu == NULL)
    return;

  g_free (gpu->name);
  g_free (gpu->id);
  g_free (gpu->source);
  g_free (gpu->reason);
  g_free (gpu);
}

gint64
sy_gpu_get_vram_free (const SyGpu *gpu)
{
  if (gpu->vram_total < 0)
    return -1;
  if (gpu->vram_used < 0)
    return gpu->vram_total;

  return MAX (gpu->vram_total - gpu->vram_used, 0);
}

gint64
sy_gpu_get_usable_memory (const SyGpu *gpu)
{
  gint64 usable = MAX (sy_gpu_get_vram_free (gpu), 0);

  if (gpu->integrated && gpu->shared_total > 0)
    usable += gpu->shared_total;

  return usable;
}

const char *
sy_gpu_vendor_to_string (SyGpuVendor vendor)
{
  switch (vendor)
    {
    case SY_GPU_VENDOR_NVIDIA:
      return "nvidia";
    case SY_GPU_VENDOR_AMD:
      return "amd";
    case SY_GPU_VENDOR_INTEL:
      return "intel";
    case SY_GPU_VENDOR_OTHER:
    default:
      return "other";
    }
}
