/* sy-hardware-nvidia.c: NVIDIA GPUs through NVML, then nvidia-smi
 *
 * NVML ships with the driver (also inside a Flatpak's NVIDIA GL extension,
 * where no nvidia-smi exists), so it is loaded at run time with dlopen:
 * no build dependency, no NVML headers. The few types and entry points
 * used are declared here, as documented in NVIDIA's nvml.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>

#include <glib/gi18n.h>

#include "sy-hardware-private.h"

#define NVML_SUCCESS 0
#define NVML_NAME_BUFFER_SIZE 96

typedef int nvmlReturn_t;
typedef struct nvmlDevice_st *nvmlDevice_t;
typedef struct
{
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_t;

typedef nvmlReturn_t (*NvmlInitFunc)            (void);
typedef nvmlReturn_t (*NvmlShutdownFunc)        (void);
typedef nvmlReturn_t (*NvmlGetCountFunc)        (unsigned int  *count);
typedef nvmlReturn_t (*NvmlGetHandleFunc)       (unsigned int   index,
                                                 nvmlDevice_t  *device);
typedef nvmlReturn_t (*NvmlGetNameFunc)         (nvmlDevice_t   device,
                                                 char          *name,
                                                 unsigned int   length);
typedef nvmlReturn_t (*NvmlGetMemoryInfoFunc)   (nvmlDevice_t   device,
                                                 nvmlMemory_t  *memory);

/* NVML */

static GPtrArray *
detect_nvml (const char  *library,
             char       **out_reason)
{
  g_autoptr(GPtrArray) gpus = NULL;
  NvmlInitFunc init;
  NvmlShutdownFunc shutdown;
  NvmlGetCountFunc get_count;
  NvmlGetHandleFunc get_handle;
  NvmlGetNameFunc get_name;
  NvmlGetMemoryInfoFunc get_memory;
  unsigned int count = 0;
  nvmlReturn_t status;
  void *handle;

  handle = dlopen (library, RTLD_LAZY | RTLD_LOCAL);
  if (handle == NULL)
    {
      *out_reason = g_strdup_printf (_("NVML not found (%s)"), library);
      return NULL;
    }

  /* dlsym returns void *; POSIX guarantees the round trip to a function. */
  init = (NvmlInitFunc) dlsym (handle, "nvmlInit_v2");
  shutdown = (NvmlShutdownFunc) dlsym (handle, "nvmlShutdown");
  get_count = (NvmlGetCountFunc) dlsym (handle, "nvmlDeviceGetCount_v2");
  get_handle = (NvmlGetHandleFunc) dlsym (handle, "nvmlDeviceGetHandleByIndex_v2");
  get_name = (NvmlGetNameFunc) dlsym (handle, "nvmlDeviceGetName");
  get_memory = (NvmlGetMemoryInfoFunc) dlsym (handle, "nvmlDeviceGetMemoryInfo");
  if (init == NULL || shutdown == NULL || get_count == NULL ||
      get_handle == NULL || get_name == NULL || get_memory == NULL)
    {
      *out_reason = g_strdup (_("NVML is too old (missing functions)"));
      dlclose (handle);
      return NULL;
    }

  status = init ();
  if (status != NVML_SUCCESS)
    {
      *out_reason = g_strdup_printf (_("NVML could not start (error %d)"), status);
      dlclose (handle);
      return NULL;
    }

  gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
  status = get_count (&count);
  if (status != NVML_SUCCESS)
    *out_reason = g_strdup_printf (_("NVML could not count GPUs (error %d)"), status);

  for (unsigned int i = 0; status == NVML_SUCCESS && i < count; i++)
    {
      SyGpu *gpu = sy_gpu_new ();
      char name[NVML_NAME_BUFFER_SIZE] = { 0 };
      nvmlDevice_t device = NULL;
      nvmlMemory_t memory = { 0 };

      gpu->vendor = SY_GPU_VENDOR_NVIDIA;
      gpu->source = g_strdup ("nvml");
      gpu->id = g_strdup_printf ("nvidia%u", i);
      if (get_handle (i, &device) != NVML_SUCCESS)
        {
          gpu->name = g_strdup (_("NVIDIA GPU"));
          gpu->reason = g_strdup (_("NVML could not open this GPU"));
          g_ptr_array_add (gpus, gpu);
          continue;
        }

      if (get_name (device, name, sizeof name - 1) == NVML_SUCCESS && name[0] != '\0' &&
          g_utf8_validate (name, -1, NULL))
        gpu->name = g_strdup (name);
      else
        gpu->name = g_strdup (_("NVIDIA GPU"));

      if (get_memory (device, &memory) == NVML_SUCCESS)
        {
          gpu->vram_total = (gint64) memory.total;
          gpu->vram_used = (gint64) memory.used;
        }
      else
        gpu->reason = g_strdup (_("NVML did not report the memory of this GPU"));

      g_ptr_array_add (gpus, gpu);
    }

  shutdown ();
  dlclose (handle);

  return g_steal_pointer (&gpus);
}

/* nvidia-smi */

typedef struct
{
  GMainContext *context;
  GCancellable *cancellable;
  gboolean      done;
  gboolean      timed_out;
  char         *out;
  GError       *error;
} SmiRun;

static void
on_communicate_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SmiRun *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, NULL, &run->error);
  run->done = TRUE;
  g_main_context_wakeup (run->context);
}

static gboolean
on_smi_timeout_cb (gpointer user_data)
{
  SmiRun *run = user_data;

  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_outer_cancelled_cb (GCancellable *outer,
                       SmiRun       *run)
{
  g_cancellable_cancel (run->cancellable);
}

static GPtrArray *
detect_smi (const char    *program,
            guint          timeout_ms,
            GCancellable  *outer,
            char         **out_reason)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GPtrArray) gpus = NULL;
  SmiRun run = { context, cancellable };
  gulong cancelled_id = 0;

  /* Its own main context: this runs in a worker thread, or in the
   * command line's main thread, and must not dispatch anyone else's
   * sources while it waits. */
  g_main_context_push_thread_default (context);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, program,
                              "--query-gpu=name,memory.total,memory.used",
                              "--format=csv,noheader,nounits", NULL);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      *out_reason = g_strdup_printf (_("nvidia-smi could not run: %s"), error->message);
      return NULL;
    }

  if (outer != NULL)
    cancelled_id = g_cancellable_connect (outer, G_CALLBACK (on_outer_cancelled_cb), &run, NULL);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_smi_timeout_cb, &run, NULL);
  g_source_attach (timeout, context);

  g_subprocess_communicate_utf8_async (process, NULL, cancellable, on_communicate_cb, &run);
  while (!run.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (outer != NULL)
    g_cancellable_disconnect (outer, cancelled_id);

  if (run.error != NULL)
    {
      /* A hung nvidia-smi (a wedged driver does that) must not outlive us. */
      g_subprocess_force_exit (process);
      if (run.timed_out)
        *out_reason = g_strdup_printf (_("nvidia-smi did not answer within %.1f s"),
                                       timeout_ms / 1000.0);
      else
        *out_reason = g_strdup_printf (_("nvidia-smi failed: %s"), run.error->message);
      g_clear_error (&run.error);
      g_main_context_pop_thread_default (context);
      return NULL;
    }

  /* Reap it here, so no child watch is left on a context that dies. */
  g_subprocess_wait (process, NULL, NULL);
  g_main_context_pop_thread_default (context);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      if (g_subprocess_get_if_exited (process))
        *out_reason = g_strdup_printf (_("nvidia-smi exited with status %d"),
                                       g_subprocess_get_exit_status (process));
      else
        *out_reason = g_strdup (_("nvidia-smi was killed"));
      g_free (run.out);
      return NULL;
    }

  gpus = sy_hardware_parse_nvidia_smi_csv (run.out, &error);
  g_free (run.out);
  if (gpus == NULL)
    {
      *out_reason = g_strdup_printf (_("nvidia-smi: %s"), error->message);
      return NULL;
    }

  return g_steal_pointer (&gpus);
}

GPtrArray *
sy_hardware_detect_nvidia (const char    *nvml,
                           const char    *smi,
                           guint          timeout_ms,
                           GCancellable  *cancellable,
                           char         **out_reason)
{
  g_autofree char *nvml_reason = NULL;
  g_autofree char *smi_reason = NULL;
  GPtrArray *gpus = NULL;

  if (nvml != NULL)
    {
      gpus = detect_nvml (nvml, &nvml_reason);
      if (gpus != NULL && gpus->len > 0)
        return gpus;
      g_clear_pointer (&gpus, g_ptr_array_unref);
      if (nvml_reason == NULL)
        nvml_reason = g_strdup (_("NVML found no GPU"));
    }
  else
    nvml_reason = g_strdup (_("NVML disabled"));

  if (smi != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      gpus = detect_smi (smi, timeout_ms, cancellable, &smi_reason);
      if (gpus != NULL && gpus->len > 0)
        return gpus;
      g_clear_pointer (&gpus, g_ptr_array_unref);
    }
  else
    smi_reason = g_strdup (_("nvidia-smi not found"));

  *out_reason = g_strdup_printf ("%s; %s", nvml_reason, smi_reason);

  return g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
}
