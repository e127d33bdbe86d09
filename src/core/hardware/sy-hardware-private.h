/* sy-hardware-private.h: shared by sy-hardware.c and sy-hardware-nvidia.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-hardware.h"

G_BEGIN_DECLS

#define SY_HARDWARE_MIB (G_GINT64_CONSTANT (1024) * 1024)

/* NVIDIA GPUs through NVML (@nvml: library to dlopen, NULL = skip), then
 * nvidia-smi (@smi: program path, NULL = skip), killed after @timeout_ms.
 * Returns SyGpu elements (possibly empty); @out_reason says what failed. */
GPtrArray *sy_hardware_detect_nvidia (const char    *nvml,
                                      const char    *smi,
                                      guint          timeout_ms,
                                      GCancellable  *cancellable,
                                      char         **out_reason);

G_END_DECLS
