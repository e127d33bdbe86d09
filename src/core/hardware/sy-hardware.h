/* sy-hardware.h: GPUs, video memory, system memory and cores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-gpu.h"

G_BEGIN_DECLS

/* Where detection looks. Each field left NULL (or 0) falls back to an
 * environment variable, then to the real location:
 *
 *   sysfs_root      SWITCHYARD_SYSFS_ROOT    "/sys"  (reads ROOT/class/drm/card*)
 *   procfs_root     SWITCHYARD_PROCFS_ROOT   "/proc" (reads ROOT/meminfo)
 *   nvidia_smi      SWITCHYARD_NVIDIA_SMI    "nvidia-smi" from PATH; "none" skips it
 *   nvml            SWITCHYARD_NVML          "libnvidia-ml.so.1"; "none" skips NVML
 *   smi_timeout_ms  SWITCHYARD_NVIDIA_SMI_TIMEOUT_MS  5000
 *
 * Tests point the roots at fixture trees and set nvml to "none" so they
 * never touch a real driver. */
typedef struct
{
  const char *sysfs_root;
  const char *procfs_root;
  const char *nvidia_smi;
  const char *nvml;
  guint       smi_timeout_ms;
} SyHardwareOptions;

#define SY_HARDWARE_DEFAULT_SMI_TIMEOUT_MS 5000

#define SY_TYPE_HARDWARE (sy_hardware_get_type ())
G_DECLARE_FINAL_TYPE (SyHardware, sy_hardware, SY, HARDWARE, GObject)

/* @options may be NULL: environment, then the real locations. */
SyHardware  *sy_hardware_new                   (const SyHardwareOptions *options);
/* A machine described by hand, already "detected": for planning and
 * tests. @gpus holds SyGpu (copied); RAM in bytes, -1 unknown. */
SyHardware  *sy_hardware_new_manual            (GPtrArray           *gpus,
                                                gint64               ram_total,
                                                gint64               ram_available,
                                                guint                n_cores);

/* Detection never fails: what cannot be read is unknown, with a reason.
 * The sync variant blocks (up to the nvidia-smi timeout): for the command
 * line and tests. The async one runs in a thread; ::notify::detected is
 * emitted on the caller's main context when it is done. */
void         sy_hardware_detect_sync           (SyHardware          *self,
                                                GCancellable        *cancellable);
void         sy_hardware_detect_async          (SyHardware          *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean     sy_hardware_detect_finish         (SyHardware          *self,
                                                GAsyncResult        *result,
                                                GError             **error);

gboolean     sy_hardware_get_detected          (SyHardware          *self);
guint        sy_hardware_get_n_gpus            (SyHardware          *self);
const SyGpu *sy_hardware_get_gpu               (SyHardware          *self,
                                                guint                index);
gint64       sy_hardware_get_ram_total         (SyHardware          *self);
gint64       sy_hardware_get_ram_available     (SyHardware          *self);
const char  *sy_hardware_get_ram_reason        (SyHardware          *self);
guint        sy_hardware_get_n_cores           (SyHardware          *self);
/* Why NVIDIA details may be missing ("NVML: …; nvidia-smi: …"), or NULL. */
const char  *sy_hardware_get_nvidia_reason     (SyHardware          *self);

/* Parsers, separate so they can be tested on their own. */

/* "123\n", "0x10de\n": a non-negative decimal or 0x-hex integer, with
 * surrounding white space. Empty or garbled text is an error. */
gboolean     sy_hardware_parse_sysfs_number    (const char          *text,
                                                gint64              *out_value,
                                                GError             **error);
/* /proc/meminfo: MemTotal and MemAvailable in bytes; a missing field is
 * -1. An error when neither is there. */
gboolean     sy_hardware_parse_meminfo         (const char          *text,
                                                gint64              *out_total,
                                                gint64              *out_available,
                                                GError             **error);
/* `nvidia-smi --query-gpu=name,memory.total,memory.used --format=csv,noheader,nounits`:
 * one GPU per line, sizes in MiB ("[N/A]" → unknown). Returns SyGpu
 * elements; an error when no line parses. */
GPtrArray   *sy_hardware_parse_nvidia_smi_csv  (const char          *text,
                                                GError             **error);

G_END_DECLS
