/* sy-hardware.c: GPUs (sysfs, NVML, nvidia-smi), RAM and cores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-hardware-private.h"

#define PCI_VENDOR_NVIDIA 0x10de
#define PCI_VENDOR_AMD    0x1002
#define PCI_VENDOR_INTEL  0x8086

/* An AMD GPU with at most this much VRAM is an APU's carve-out: the
 * discrete cards sold for years have more. Strix Halo's BIOS can carve
 * out more; such a machine is planned like a discrete card, which is
 * what it then behaves like. */
#define AMD_APU_MAX_VRAM (G_GINT64_CONSTANT (2) * 1024 * SY_HARDWARE_MIB)

/* What one detection found; built off the main thread, then moved into
 * the object on it. */
typedef struct
{
  GPtrArray *gpus;
  gint64     ram_total;
  gint64     ram_available;
  char      *ram_reason;
  char      *nvidia_reason;
  guint      n_cores;
} Snapshot;

struct _SyHardware
{
  GObject   parent_instance;

  char     *sysfs_root;
  char     *procfs_root;
  char     *nvidia_smi;   /* NULL: skip */
  char     *nvml;         /* NULL: skip */
  guint     smi_timeout_ms;

  gboolean  detected;
  Snapshot  snapshot;
};

G_DEFINE_FINAL_TYPE (SyHardware, sy_hardware, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DETECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* sysfs */

/* Reads a number from DIR/NAME. On failure returns FALSE and, when the
 * file exists but cannot be used, sets @out_reason. */
static gboolean
read_sysfs_number (const char  *dir,
                   const char  *name,
                   gint64      *out_value,
                   char       **out_reason)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      if (out_reason != NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *out_reason = g_strdup_printf (_("%s: %s"), name, error->message);
      return FALSE;
    }

  if (!sy_hardware_parse_sysfs_number (contents, out_value, &error))
    {
      if (out_reason != NULL)
        *out_reason = g_strdup_printf (_("%s: %s"), name, error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
read_sysfs_text (const char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !g_utf8_validate (contents, -1, NULL))
    return NULL;

  g_strstrip (contents);
  if (*contents == '\0')
    return NULL;

  return g_steal_pointer (&contents);
}

static void
append_reason (SyGpu      *gpu,
               const char *reason)
{
  char *joined;

  if (reason == NULL)
    return;
  if (gpu->reason == NULL)
    {
      gpu->reason = g_strdup (reason);
      return;
    }

  joined = g_strdup_printf ("%s; %s", gpu->reason, reason);
  g_free (gpu->reason);
  gpu->reason = joined;
}

static void
read_amd (SyGpu      *gpu,
          const char *device_dir)
{
  g_autofree char *total_reason = NULL;
  g_autofree char *used_reason = NULL;
  gint64 gtt = -1;

  gpu->vendor = SY_GPU_VENDOR_AMD;
  gpu->name = read_sysfs_text (device_dir, "product_name");
  if (gpu->name == NULL)
    gpu->name = g_strdup (_("AMD Radeon GPU"));

  if (!read_sysfs_number (device_dir, "mem_info_vram_total", &gpu->vram_total, &total_reason))
    append_reason (gpu, total_reason != NULL ? total_reason
                                             : _("the amdgpu driver reports no VRAM size"));
  if (!read_sysfs_number (device_dir, "mem_info_vram_used", &gpu->vram_used, &used_reason) &&
      gpu->vram_total >= 0)
    append_reason (gpu, used_reason != NULL ? used_reason
                                            : _("the amdgpu driver reports no VRAM use"));

  if (gpu->vram_total >= 0 && gpu->vram_total <= AMD_APU_MAX_VRAM)
    {
      g_autofree char *gtt_reason = NULL;

      gpu->integrated = TRUE;
      if (read_sysfs_number (device_dir, "mem_info_gtt_total", &gtt, &gtt_reason))
        gpu->shared_total = gtt;
      else
        append_reason (gpu, gtt_reason != NULL ? gtt_reason
                                               : _("no mem_info_gtt_total: borrowable RAM unknown"));
    }
}

static void
read_intel (SyGpu      *gpu,
            const char *card_dir,
            const char *device_dir)
{
  g_autoptr(GDir) dir = g_dir_open (device_dir, 0, NULL);
  g_autofree char *reason = NULL;
  const char *entry;
  gint64 total = 0;
  gboolean found = FALSE;

  gpu->vendor = SY_GPU_VENDOR_INTEL;

  /* xe: one tileN per tile, each with its own VRAM. */
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *tile = NULL;
      gint64 size;

      if (!g_str_has_prefix (entry, "tile"))
        continue;
      tile = g_build_filename (device_dir, entry, NULL);
      if (read_sysfs_number (tile, "physical_vram_size_bytes", &size, &reason))
        {
          total += size;
          found = TRUE;
        }
    }

  /* i915 on a discrete card (DG2/Arc). */
  if (!found &&
      (read_sysfs_number (device_dir, "lmem_total_bytes", &total, reason == NULL ? &reason : NULL) ||
       read_sysfs_number (card_dir, "lmem_total_bytes", &total, reason == NULL ? &reason : NULL)))
    found = TRUE;

  if (found && total > 0)
    {
      gpu->name = g_strdup (_("Intel Arc GPU"));
      gpu->vram_total = total;
      append_reason (gpu, _("the Intel driver does not report VRAM use"));
    }
  else if (reason != NULL)
    {
      gpu->name = g_strdup (_("Intel GPU"));
      append_reason (gpu, reason);
    }
  else
    {
      gpu->name = g_strdup (_("Intel Graphics"));
      gpu->integrated = TRUE;
      append_reason (gpu, _("integrated: shares system RAM, planned as CPU"));
    }
}

static gboolean
is_card_name (const char *name)
{
  if (!g_str_has_prefix (name, "card") || name[4] == '\0')
    return FALSE;
  for (const char *p = name + 4; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static int
compare_card_names (gconstpointer a,
                    gconstpointer b)
{
  const char *name_a = *(const char * const *) a;
  const char *name_b = *(const char * const *) b;

  return atoi (name_a + 4) - atoi (name_b + 4);
}

/* Every card under ROOT/class/drm; NVIDIA ones come back with unknown
 * VRAM, to be replaced by what NVML or nvidia-smi say. */
static GPtrArray *
scan_drm (const char *sysfs_root)
{
  g_autofree char *drm_dir = g_build_filename (sysfs_root, "class", "drm", NULL);
  g_autoptr(GPtrArray) gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (drm_dir, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    if (is_card_name (entry))
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_card_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *card_dir = g_build_filename (drm_dir, name, NULL);
      g_autofree char *device_dir = g_build_filename (card_dir, "device", NULL);
      g_autofree char *vendor_reason = NULL;
      g_autoptr(SyGpu) gpu = sy_gpu_new ();
      gint64 vendor;

      gpu->id = g_strdup (name);
      gpu->source = g_strdup ("sysfs");

      if (!read_sysfs_number (device_dir, "vendor", &vendor, &vendor_reason))
        {
          /* No PCI vendor: a virtual or platform display (simpledrm),
           * not something that runs models, unless the file is there
           * and broken. */
          if (vendor_reason == NULL)
            continue;
          gpu->name = g_strdup (_("Unknown GPU"));
          append_reason (gpu, vendor_reason);
        }
      else if (vendor == PCI_VENDOR_AMD)
        read_amd (gpu, device_dir);
      else if (vendor == PCI_VENDOR_INTEL)
        read_intel (gpu, card_dir, device_dir);
      else if (vendor == PCI_VENDOR_NVIDIA)
        {
          gpu->vendor = SY_GPU_VENDOR_NVIDIA;
          gpu->name = g_strdup (_("NVIDIA GPU"));
        }
      else
        continue;

      g_ptr_array_add (gpus, g_steal_pointer (&gpu));
    }

  return g_steal_pointer (&gpus);
}

/* Detection */

static void
snapshot_clear (Snapshot *snapshot)
{
  g_clear_pointer (&snapshot->gpus, g_ptr_array_unref);
  g_clear_pointer (&snapshot->ram_reason, g_free);
  g_clear_pointer (&snapshot->nvidia_reason, g_free);
  snapshot->ram_total = -1;
  snapshot->ram_available = -1;
  snapshot->n_cores = 0;
}

static void
snapshot_free (Snapshot *snapshot)
{
  snapshot_clear (snapshot);
  g_free (snapshot);
}

static void
detect_memory (const char *procfs_root,
               Snapshot   *snapshot)
{
  g_autofree char *path = g_build_filename (procfs_root, "meminfo", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error) ||
      !sy_hardware_parse_meminfo (contents, &snapshot->ram_total, &snapshot->ram_available, &error))
    {
      snapshot->ram_total = -1;
      snapshot->ram_available = -1;
      snapshot->ram_reason = g_strdup_printf (_("%s: %s"), path, error->message);
      return;
    }

  if (snapshot->ram_total < 0)
    snapshot->ram_reason = g_strdup (_("meminfo has no MemTotal line"));
  else if (snapshot->ram_available < 0)
    snapshot->ram_reason = g_strdup (_("meminfo has no MemAvailable line (kernel older than 3.14)"));
}

static Snapshot *
detect (const char   *sysfs_root,
        const char   *procfs_root,
        const char   *nvml,
        const char   *smi,
        guint         timeout_ms,
        GCancellable *cancellable)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  g_autoptr(GPtrArray) drm = scan_drm (sysfs_root);
  g_autoptr(GPtrArray) nvidia = NULL;
  g_autofree char *nvidia_reason = NULL;
  gboolean drm_has_nvidia = FALSE;

  snapshot->gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);

  for (guint i = 0; i < drm->len; i++)
    drm_has_nvidia |= ((SyGpu *) g_ptr_array_index (drm, i))->vendor == SY_GPU_VENDOR_NVIDIA;

  nvidia = sy_hardware_detect_nvidia (nvml, smi, timeout_ms, cancellable, &nvidia_reason);

  /* NVIDIA cards as the driver reports them, first: they run models best. */
  for (guint i = 0; i < nvidia->len; i++)
    g_ptr_array_add (snapshot->gpus, sy_gpu_copy (g_ptr_array_index (nvidia, i)));

  for (guint i = 0; i < drm->len; i++)
    {
      SyGpu *gpu = g_ptr_array_index (drm, i);

      if (gpu->vendor == SY_GPU_VENDOR_NVIDIA)
        {
          /* The driver already listed it. */
          if (nvidia->len > 0)
            continue;
          gpu->reason = g_strdup_printf (_("VRAM unknown: %s"), nvidia_reason);
        }
      g_ptr_array_add (snapshot->gpus, sy_gpu_copy (gpu));
    }

  /* A failing nvidia-smi on a machine without NVIDIA hardware is no news. */
  if (nvidia->len == 0 && drm_has_nvidia)
    snapshot->nvidia_reason = g_steal_pointer (&nvidia_reason);

  detect_memory (procfs_root, snapshot);
  snapshot->n_cores = g_get_num_processors ();

  return snapshot;
}

static void
apply_snapshot (SyHardware *self,
                Snapshot   *snapshot)
{
  snapshot_clear (&self->snapshot);
  self->snapshot = *snapshot;
  g_free (snapshot);

  self->detected = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETECTED]);
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SyHardware *self = source_object;

  /* Only the immutable configuration is read here. */
  g_task_return_pointer (task,
                         detect (self->sysfs_root, self->procfs_root, self->nvml,
                                 self->nvidia_smi, self->smi_timeout_ms, cancellable),
                         (GDestroyNotify) snapshot_free);
}

static char *
choose (const char *option,
        const char *env,
        const char *fallback)
{
  const char *value = option;

  if (value == NULL)
    value = g_getenv (env);
  if (value == NULL || *value == '\0')
    value = fallback;

  return g_strdup (value);
}

/* Overrides */

static void
sy_hardware_finalize (GObject *object)
{
  SyHardware *self = SY_HARDWARE (object);

  g_free (self->sysfs_root);
  g_free (self->procfs_root);
  g_free (self->nvidia_smi);
  g_free (self->nvml);
  snapshot_clear (&self->snapshot);

  G_OBJECT_CLASS (sy_hardware_parent_class)->finalize (object);
}

static void
sy_hardware_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SyHardware *self = SY_HARDWARE (object);

  switch (prop_id)
    {
    case PROP_DETECTED:
      g_value_set_boolean (value, self->detected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_hardware_class_init (SyHardwareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_hardware_finalize;
  object_class->get_property = sy_hardware_get_property;

  properties[PROP_DETECTED] =
    g_param_spec_boolean ("detected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sy_hardware_init (SyHardware *self)
{
  self->snapshot.ram_total = -1;
  self->snapshot.ram_available = -1;
  self->snapshot.gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
}

/* Public API */

SyHardware *
sy_hardware_new (const SyHardwareOptions *options)
{
  SyHardwareOptions none = { NULL };
  SyHardware *self = g_object_new (SY_TYPE_HARDWARE, NULL);
  g_autofree char *smi = NULL;
  g_autofree char *nvml = NULL;
  const char *timeout_env;

  if (options == NULL)
    options = &none;

  self->sysfs_root = choose (options->sysfs_root, "SWITCHYARD_SYSFS_ROOT", "/sys");
  self->procfs_root = choose (options->procfs_root, "SWITCHYARD_PROCFS_ROOT", "/proc");

  smi = choose (options->nvidia_smi, "SWITCHYARD_NVIDIA_SMI", "nvidia-smi");
  if (g_strcmp0 (smi, "none") != 0)
    self->nvidia_smi = strchr (smi, '/') != NULL ? g_steal_pointer (&smi)
                                                 : g_find_program_in_path (smi);

  nvml = choose (options->nvml, "SWITCHYARD_NVML", "libnvidia-ml.so.1");
  if (g_strcmp0 (nvml, "none") != 0)
    self->nvml = g_steal_pointer (&nvml);

  self->smi_timeout_ms = options->smi_timeout_ms;
  timeout_env = g_getenv ("SWITCHYARD_NVIDIA_SMI_TIMEOUT_MS");
  if (self->smi_timeout_ms == 0 && timeout_env != NULL)
    self->smi_timeout_ms = (guint) MIN (g_ascii_strtoull (timeout_env, NULL, 10), 600000);
  if (self->smi_timeout_ms == 0)
    self->smi_timeout_ms = SY_HARDWARE_DEFAULT_SMI_TIMEOUT_MS;

  return self;
}

SyHardware *
sy_hardware_new_manual (GPtrArray *gpus,
                        gint64     ram_total,
                        gint64     ram_available,
                        guint      n_cores)
{
  SyHardware *self = g_object_new (SY_TYPE_HARDWARE, NULL);

  for (guint i = 0; gpus != NULL && i < gpus->len; i++)
    g_ptr_array_add (self->snapshot.gpus, sy_gpu_copy (g_ptr_array_index (gpus, i)));
  self->snapshot.ram_total = ram_total;
  self->snapshot.ram_available = ram_available;
  self->snapshot.n_cores = n_cores;
  self->detected = TRUE;

  return self;
}

void
sy_hardware_detect_sync (SyHardware   *self,
                         GCancellable *cancellable)
{
  g_return_if_fail (SY_IS_HARDWARE (self));

  apply_snapshot (self, detect (self->sysfs_root, self->procfs_root, self->nvml,
                                self->nvidia_smi, self->smi_timeout_ms, cancellable));
}

void
sy_hardware_detect_async (SyHardware          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SY_IS_HARDWARE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_hardware_detect_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, detect_thread);
}

gboolean
sy_hardware_detect_finish (SyHardware    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  Snapshot *snapshot;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  snapshot = g_task_propagate_pointer (G_TASK (result), error);
  if (snapshot == NULL)
    return FALSE;

  /* Cancelled late: the caller no longer wants it. */
  if (g_task_get_cancellable (G_TASK (result)) != NULL &&
      g_cancellable_set_error_if_cancelled (g_task_get_cancellable (G_TASK (result)), error))
    {
      snapshot_free (snapshot);
      return FALSE;
    }

  apply_snapshot (self, snapshot);
  return TRUE;
}

gboolean
sy_hardware_get_detected (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), FALSE);
  return self->detected;
}

guint
sy_hardware_get_n_gpus (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), 0);
  return self->snapshot.gpus->len;
}

const SyGpu *
sy_hardware_get_gpu (SyHardware *self,
                     guint       index)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), NULL);
  g_return_val_if_fail (index < self->snapshot.gpus->len, NULL);
  return g_ptr_array_index (self->snapshot.gpus, index);
}

gint64
sy_hardware_get_ram_total (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), -1);
  return self->snapshot.ram_total;
}

gint64
sy_hardware_get_ram_available (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), -1);
  return self->snapshot.ram_available;
}

const char *
sy_hardware_get_ram_reason (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), NULL);
  return self->snapshot.ram_reason;
}

guint
sy_hardware_get_n_cores (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), 0);
  return self->snapshot.n_cores;
}

const char *
sy_hardware_get_nvidia_reason (SyHardware *self)
{
  g_return_val_if_fail (SY_IS_HARDWARE (self), NULL);
  return self->snapshot.nvidia_reason;
}
