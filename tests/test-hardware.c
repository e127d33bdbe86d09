/* test-hardware.c: GPU, RAM and core detection against fixture trees
 *
 * tests/fixtures/hw/NAME/{sys,proc} are fake /sys and /proc roots; the
 * nvidia-smi-* scripts stand in for nvidia-smi. NVML is always disabled
 * so no test touches a real driver.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "sy-hardware.h"

#define GIB (G_GINT64_CONSTANT (1024) * 1024 * 1024)
#define MIB (G_GINT64_CONSTANT (1024) * 1024)

static char *
fixture (const char *name,
         const char *sub)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "hw", name, sub, NULL);
}

/* Detects the fixture machine @name with the fake nvidia-smi @smi
 * ("none" or a script name). */
static SyHardware *
detect_fixture (const char *name,
                const char *smi,
                guint       timeout_ms)
{
  g_autofree char *sys = fixture (name, "sys");
  g_autofree char *proc = fixture (name, "proc");
  g_autofree char *smi_path = g_strcmp0 (smi, "none") == 0 ? g_strdup ("none")
                              : g_test_build_filename (G_TEST_DIST, "fixtures", "hw", smi, NULL);
  SyHardwareOptions options = { sys, proc, smi_path, "none", timeout_ms };
  SyHardware *hardware = sy_hardware_new (&options);

  sy_hardware_detect_sync (hardware, NULL);
  g_assert_true (sy_hardware_get_detected (hardware));

  return hardware;
}

/* Parsers */

static void
test_parse_sysfs_number (void)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  g_assert_true (sy_hardware_parse_sysfs_number ("17163091968\n", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (17163091968));

  g_assert_true (sy_hardware_parse_sysfs_number ("0x10de\n", &value, &error));
  g_assert_cmpint (value, ==, 0x10de);
  g_assert_true (sy_hardware_parse_sysfs_number ("  0\n", &value, &error));
  g_assert_cmpint (value, ==, 0);

  value = 42;
  for (guint i = 0; i < 7; i++)
    {
      const char *bad[] = { "", "\n", "lots", "12 kB", "-5", "0x", "99999999999999999999999" };

      g_assert_false (sy_hardware_parse_sysfs_number (bad[i], &value, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
  g_assert_false (sy_hardware_parse_sysfs_number (NULL, &value, &error));
  g_clear_error (&error);
  g_assert_cmpint (value, ==, 42);
}

static void
test_parse_meminfo (void)
{
  g_autoptr(GError) error = NULL;
  gint64 total = 0, available = 0;

  g_assert_true (sy_hardware_parse_meminfo ("MemTotal:       32768000 kB\n"
                                            "MemFree:         1000000 kB\n"
                                            "MemAvailable:   20000000 kB\n",
                                            &total, &available, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, G_GINT64_CONSTANT (32768000) * 1024);
  g_assert_cmpint (available, ==, G_GINT64_CONSTANT (20000000) * 1024);

  /* Old kernels have no MemAvailable. */
  g_assert_true (sy_hardware_parse_meminfo ("MemTotal: 1024 kB\n", &total, &available, &error));
  g_assert_cmpint (total, ==, 1024 * 1024);
  g_assert_cmpint (available, ==, -1);

  /* "MemTotalX" and garbage are not MemTotal. */
  g_assert_false (sy_hardware_parse_meminfo ("MemTotalX: 5 kB\nMemTotal: many kB\n",
                                             &total, &available, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (sy_hardware_parse_meminfo ("", &total, &available, &error));
  g_clear_error (&error);
  g_assert_cmpint (total, ==, -1);
}

static void
test_parse_nvidia_smi (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) gpus = NULL;
  const SyGpu *gpu;

  gpus = sy_hardware_parse_nvidia_smi_csv ("NVIDIA GeForce RTX 4090, 24564, 1024\n"
                                           "NVIDIA A100-SXM4-80GB, 81920, [N/A]\n"
                                           "Tesla, Weird, Name, 16384, 0\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gpus->len, ==, 3);

  gpu = g_ptr_array_index (gpus, 0);
  g_assert_cmpstr (gpu->name, ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpint (gpu->vendor, ==, SY_GPU_VENDOR_NVIDIA);
  g_assert_cmpint (gpu->vram_total, ==, 24564 * MIB);
  g_assert_cmpint (gpu->vram_used, ==, 1024 * MIB);
  g_assert_cmpint (sy_gpu_get_vram_free (gpu), ==, (24564 - 1024) * MIB);
  g_assert_null (gpu->reason);
  g_assert_false (gpu->integrated);

  gpu = g_ptr_array_index (gpus, 1);
  g_assert_cmpint (gpu->vram_used, ==, -1);
  g_assert_cmpint (sy_gpu_get_vram_free (gpu), ==, 81920 * MIB);
  g_assert_nonnull (gpu->reason);

  gpu = g_ptr_array_index (gpus, 2);
  g_assert_cmpstr (gpu->name, ==, "Tesla, Weird, Name");
  g_clear_pointer (&gpus, g_ptr_array_unref);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = {
        "",
        "Failed to initialize NVML: Driver/library version mismatch\n",
        "RTX, lots, 0\n",
        ", 100, 0\n",
      };

      gpus = sy_hardware_parse_nvidia_smi_csv (bad[i], &error);
      g_assert_null (gpus);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
  g_assert_null (sy_hardware_parse_nvidia_smi_csv ("\xff\xfe, 1, 1\n", &error));
  g_clear_error (&error);
}

/* Machines */

static void
test_no_gpu (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("none", "nvidia-smi-fail", 0);

  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 0);
  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, 16 * GIB);
  g_assert_cmpint (sy_hardware_get_ram_available (hardware), ==, 12 * GIB);
  g_assert_null (sy_hardware_get_ram_reason (hardware));
  g_assert_cmpuint (sy_hardware_get_n_cores (hardware), >=, 1);
  /* nvidia-smi failing on a machine without NVIDIA hardware is no news. */
  g_assert_null (sy_hardware_get_nvidia_reason (hardware));
}

static void
test_nvidia_smi (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("nvidia", "nvidia-smi-ok", 0);
  const SyGpu *gpu;

  /* The sysfs card is the one nvidia-smi reports: listed once. */
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  gpu = sy_hardware_get_gpu (hardware, 0);
  g_assert_cmpstr (gpu->name, ==, "NVIDIA GeForce RTX 4060");
  g_assert_cmpstr (gpu->source, ==, "nvidia-smi");
  g_assert_cmpint (gpu->vram_total, ==, 8188 * MIB);
  g_assert_cmpint (gpu->vram_used, ==, 412 * MIB);
  g_assert_null (gpu->reason);
  g_assert_false (gpu->integrated);
  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, 32 * GIB);
  g_assert_null (sy_hardware_get_nvidia_reason (hardware));
}

static void
test_nvidia_smi_fails (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("nvidia", "nvidia-smi-fail", 0);
  const SyGpu *gpu;

  /* Still listed from sysfs, VRAM unknown and why. */
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  gpu = sy_hardware_get_gpu (hardware, 0);
  g_assert_cmpint (gpu->vendor, ==, SY_GPU_VENDOR_NVIDIA);
  g_assert_cmpstr (gpu->source, ==, "sysfs");
  g_assert_cmpint (gpu->vram_total, ==, -1);
  g_assert_cmpint (sy_gpu_get_usable_memory (gpu), ==, 0);
  g_assert_nonnull (strstr (gpu->reason, "exited with status 1"));
  g_assert_nonnull (strstr (gpu->reason, "NVML disabled"));
  g_assert_nonnull (sy_hardware_get_nvidia_reason (hardware));
}

static void
test_nvidia_smi_garbled (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("nvidia", "nvidia-smi-garbled", 0);
  const SyGpu *gpu = sy_hardware_get_gpu (hardware, 0);

  g_assert_cmpint (gpu->vram_total, ==, -1);
  g_assert_nonnull (strstr (gpu->reason, "unexpected line"));
}

static void
test_nvidia_smi_missing (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("nvidia", "no-such-nvidia-smi", 0);
  const SyGpu *gpu = sy_hardware_get_gpu (hardware, 0);

  g_assert_cmpint (gpu->vram_total, ==, -1);
  g_assert_nonnull (strstr (gpu->reason, "could not run"));
}

static void
test_nvidia_smi_hangs (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(SyHardware) hardware = detect_fixture ("nvidia", "nvidia-smi-hang", 300);
  gint64 elapsed = g_get_monotonic_time () - start;
  const SyGpu *gpu = sy_hardware_get_gpu (hardware, 0);

  /* The script sleeps 30 s; the 0.3 s timeout must cut it short. */
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (elapsed, >=, 250 * 1000);
  g_assert_cmpint (gpu->vram_total, ==, -1);
  g_assert_nonnull (strstr (gpu->reason, "did not answer within 0.3 s"));
}

static void
test_amd_discrete (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("amd", "none", 0);
  const SyGpu *gpu;

  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  gpu = sy_hardware_get_gpu (hardware, 0);
  g_assert_cmpint (gpu->vendor, ==, SY_GPU_VENDOR_AMD);
  g_assert_cmpstr (gpu->name, ==, "AMD Radeon RX 7800 XT");
  g_assert_cmpstr (gpu->id, ==, "card0");
  g_assert_false (gpu->integrated);
  g_assert_cmpint (gpu->vram_total, ==, G_GINT64_CONSTANT (17163091968));
  g_assert_cmpint (gpu->vram_used, ==, GIB);
  /* A discrete card's GTT is not memory to plan a model in. */
  g_assert_cmpint (sy_gpu_get_usable_memory (gpu), ==, G_GINT64_CONSTANT (17163091968) - GIB);
  g_assert_null (gpu->reason);
}

static void
test_amd_apu (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("amd-apu", "none", 0);
  const SyGpu *gpu = sy_hardware_get_gpu (hardware, 0);

  g_assert_true (gpu->integrated);
  g_assert_cmpint (gpu->vram_total, ==, 512 * MIB);
  g_assert_cmpint (gpu->vram_used, ==, 100 * MIB);
  g_assert_cmpint (gpu->shared_total, ==, 16 * GIB);
  g_assert_cmpint (sy_gpu_get_usable_memory (gpu), ==, 412 * MIB + 16 * GIB);
  g_assert_cmpstr (gpu->name, ==, "AMD Radeon GPU");
}

static void
test_intel_arc (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("intel-arc", "none", 0);
  const SyGpu *igpu, *arc;

  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 2);
  igpu = sy_hardware_get_gpu (hardware, 0);
  arc = sy_hardware_get_gpu (hardware, 1);

  g_assert_cmpint (igpu->vendor, ==, SY_GPU_VENDOR_INTEL);
  g_assert_true (igpu->integrated);
  g_assert_cmpint (igpu->vram_total, ==, -1);
  g_assert_nonnull (strstr (igpu->reason, "shares system RAM"));
  g_assert_cmpint (sy_gpu_get_usable_memory (igpu), ==, 0);

  g_assert_false (arc->integrated);
  g_assert_cmpstr (arc->id, ==, "card1");
  g_assert_cmpint (arc->vram_total, ==, 16 * GIB);
  g_assert_cmpint (arc->vram_used, ==, -1);
  g_assert_cmpint (sy_gpu_get_vram_free (arc), ==, 16 * GIB);
  g_assert_nonnull (arc->reason);
}

static void
test_two_gpus (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("two-gpus", "none", 0);

  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const SyGpu *gpu = sy_hardware_get_gpu (hardware, i);

      g_assert_cmpint (gpu->vram_total, ==, 12 * GIB);
      g_assert_cmpint (gpu->vram_used, ==, 0);
      g_assert_false (gpu->integrated);
    }
  g_assert_cmpstr (sy_hardware_get_gpu (hardware, 0)->id, ==, "card0");
  g_assert_cmpstr (sy_hardware_get_gpu (hardware, 1)->id, ==, "card1");
  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, 64 * GIB);
}

static void
test_garbled (void)
{
  g_autoptr(SyHardware) hardware = detect_fixture ("garbled", "none", 0);
  const SyGpu *amd, *unknown;

  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 2);
  amd = sy_hardware_get_gpu (hardware, 0);
  g_assert_cmpint (amd->vram_total, ==, -1);
  g_assert_cmpint (amd->vram_used, ==, -1);
  g_assert_nonnull (strstr (amd->reason, "mem_info_vram_total"));
  g_assert_nonnull (strstr (amd->reason, "not a number"));
  g_assert_cmpint (sy_gpu_get_usable_memory (amd), ==, 0);

  unknown = sy_hardware_get_gpu (hardware, 1);
  g_assert_cmpint (unknown->vendor, ==, SY_GPU_VENDOR_OTHER);
  g_assert_nonnull (strstr (unknown->reason, "vendor"));

  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, -1);
  g_assert_cmpint (sy_hardware_get_ram_available (hardware), ==, -1);
  g_assert_nonnull (sy_hardware_get_ram_reason (hardware));
}

static void
test_missing_roots (void)
{
  SyHardwareOptions options = { "/nonexistent/sys", "/nonexistent/proc", "none", "none", 0 };
  g_autoptr(SyHardware) hardware = sy_hardware_new (&options);

  sy_hardware_detect_sync (hardware, NULL);
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 0);
  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, -1);
  g_assert_nonnull (strstr (sy_hardware_get_ram_reason (hardware), "meminfo"));
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted_from = g_shell_quote (from);
  g_autofree char *quoted_to = g_shell_quote (to);
  g_autofree char *command = g_strdup_printf ("cp -r %s/. %s", quoted_from, quoted_to);
  int status;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_unreadable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("switchyard-hw-XXXXXX", &error);
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", "amd", NULL);
  g_autofree char *vram = NULL;
  g_autofree char *meminfo = NULL;
  g_autofree char *sys = NULL;
  g_autofree char *proc = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SyHardware) hardware = NULL;
  g_autofree char *command = NULL;
  const SyGpu *gpu;

  g_assert_no_error (error);
  copy_tree (source, tmp);
  vram = g_build_filename (tmp, "sys", "class", "drm", "card0", "device", "mem_info_vram_total", NULL);
  meminfo = g_build_filename (tmp, "proc", "meminfo", NULL);
  g_assert_cmpint (g_chmod (vram, 0), ==, 0);
  g_assert_cmpint (g_chmod (meminfo, 0), ==, 0);

  /* Root (as in CI containers) reads files whatever their mode. */
  if (g_file_get_contents (vram, &contents, NULL, NULL))
    g_test_skip ("Running as root: mode 000 does not stop reads");
  else
    {
      SyHardwareOptions options = { NULL, NULL, "none", "none", 0 };

      sys = g_build_filename (tmp, "sys", NULL);
      proc = g_build_filename (tmp, "proc", NULL);
      options.sysfs_root = sys;
      options.procfs_root = proc;
      hardware = sy_hardware_new (&options);
      sy_hardware_detect_sync (hardware, NULL);

      gpu = sy_hardware_get_gpu (hardware, 0);
      g_assert_cmpint (gpu->vram_total, ==, -1);
      g_assert_nonnull (strstr (gpu->reason, "mem_info_vram_total"));
      g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, -1);
      g_assert_nonnull (sy_hardware_get_ram_reason (hardware));
    }

  g_chmod (vram, 0644);
  g_chmod (meminfo, 0644);
  command = g_strdup_printf ("rm -rf %s", tmp);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static void
test_environment_overrides (void)
{
  g_autofree char *sys = fixture ("amd", "sys");
  g_autofree char *proc = fixture ("two-gpus", "proc");
  g_autoptr(SyHardware) hardware = NULL;

  g_setenv ("SWITCHYARD_SYSFS_ROOT", sys, TRUE);
  g_setenv ("SWITCHYARD_PROCFS_ROOT", proc, TRUE);
  g_setenv ("SWITCHYARD_NVIDIA_SMI", "none", TRUE);
  g_setenv ("SWITCHYARD_NVML", "none", TRUE);

  hardware = sy_hardware_new (NULL);
  sy_hardware_detect_sync (hardware, NULL);
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  g_assert_cmpstr (sy_hardware_get_gpu (hardware, 0)->name, ==, "AMD Radeon RX 7800 XT");
  g_assert_cmpint (sy_hardware_get_ram_total (hardware), ==, 64 * GIB);

  g_unsetenv ("SWITCHYARD_SYSFS_ROOT");
  g_unsetenv ("SWITCHYARD_PROCFS_ROOT");
  g_unsetenv ("SWITCHYARD_NVIDIA_SMI");
  g_unsetenv ("SWITCHYARD_NVML");
  g_assert_finalize_object (g_steal_pointer (&hardware));
}

static void
on_detected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_hardware_detect_finish (SY_HARDWARE (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *sys = fixture ("nvidia", "sys");
  g_autofree char *proc = fixture ("nvidia", "proc");
  g_autofree char *smi = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", "nvidia-smi-ok", NULL);
  SyHardwareOptions options = { sys, proc, smi, "none", 0 };
  SyHardware *hardware = sy_hardware_new (&options);
  gboolean done = FALSE;

  g_assert_false (sy_hardware_get_detected (hardware));
  sy_hardware_detect_async (hardware, NULL, on_detected_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (sy_hardware_get_detected (hardware));
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  g_assert_cmpint (sy_hardware_get_gpu (hardware, 0)->vram_total, ==, 8188 * MIB);

  /* The worker thread may drop its reference to the task (and so to
   * the hardware) just after the callback ran: wait for it. */
  g_object_add_weak_pointer (G_OBJECT (hardware), (gpointer *) &hardware);
  g_object_unref (hardware);
  for (guint i = 0; hardware != NULL && i < 500; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_null (hardware);
}

static void
test_manual (void)
{
  g_autoptr(GPtrArray) gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
  SyGpu *gpu = sy_gpu_new ();
  SyHardware *hardware;

  gpu->name = g_strdup ("Planned card");
  gpu->vram_total = 24 * GIB;
  g_ptr_array_add (gpus, gpu);
  hardware = sy_hardware_new_manual (gpus, 64 * GIB, 60 * GIB, 8);

  g_assert_true (sy_hardware_get_detected (hardware));
  g_assert_cmpuint (sy_hardware_get_n_gpus (hardware), ==, 1);
  g_assert_cmpstr (sy_hardware_get_gpu (hardware, 0)->name, ==, "Planned card");
  g_assert_cmpint (sy_hardware_get_ram_available (hardware), ==, 60 * GIB);
  g_assert_cmpuint (sy_hardware_get_n_cores (hardware), ==, 8);
  g_assert_finalize_object (hardware);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardware/parse/sysfs-number", test_parse_sysfs_number);
  g_test_add_func ("/hardware/parse/meminfo", test_parse_meminfo);
  g_test_add_func ("/hardware/parse/nvidia-smi", test_parse_nvidia_smi);
  g_test_add_func ("/hardware/no-gpu", test_no_gpu);
  g_test_add_func ("/hardware/nvidia/smi", test_nvidia_smi);
  g_test_add_func ("/hardware/nvidia/smi-fails", test_nvidia_smi_fails);
  g_test_add_func ("/hardware/nvidia/smi-garbled", test_nvidia_smi_garbled);
  g_test_add_func ("/hardware/nvidia/smi-missing", test_nvidia_smi_missing);
  g_test_add_func ("/hardware/nvidia/smi-hangs", test_nvidia_smi_hangs);
  g_test_add_func ("/hardware/amd/discrete", test_amd_discrete);
  g_test_add_func ("/hardware/amd/apu", test_amd_apu);
  g_test_add_func ("/hardware/intel/arc", test_intel_arc);
  g_test_add_func ("/hardware/two-gpus", test_two_gpus);
  g_test_add_func ("/hardware/garbled", test_garbled);
  g_test_add_func ("/hardware/missing-roots", test_missing_roots);
  g_test_add_func ("/hardware/unreadable", test_unreadable);
  g_test_add_func ("/hardware/environment", test_environment_overrides);
  g_test_add_func ("/hardware/async", test_async);
  g_test_add_func ("/hardware/manual", test_manual);

  return g_test_run ();
}
