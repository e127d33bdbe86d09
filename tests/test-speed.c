/* test-speed.c: predicted decoding speed (SPEC §6) and its calibration
 *
 * Bandwidths are 10^9 bytes/s; GB of memory are GiB. Hand computations in
 * the comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "sy-backend.h"
#include "sy-speed.h"
#include "sy-test-utils.h"

#define GIB SY_FIT_GIB

static SyModelCatalog *catalog;
static SyGpuTable *table;

static const SyCatalogModel *
model (const char *tag)
{
  const SyCatalogModel *info = sy_model_catalog_find (catalog, tag);

  g_assert_nonnull (info);
  return info;
}

static void
plan (const char     *card,
      guint           count,
      double          ram_gb,
      SyFitMachine   *machine,
      SySpeedMachine *speed)
{
  const SyGpuSpec *gpu = sy_gpu_table_lookup (table, card);

  g_assert_nonnull (gpu);
  memset (machine, 0, sizeof *machine);
  sy_speed_machine_init (speed);
  sy_speed_plan_cards (machine, speed, gpu, count, ram_gb * GIB);
}

/* SPEC §6: 4.9 GB of Q4_K_M weights on a 1,008 GB/s RTX 4090 →
 * 0.6 × 1008 ÷ 4.9 ≈ 123 tokens/s before the KV cache. */
static void
test_spec_golden (void)
{
  SyCatalogModel dense = { 0 };
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;
  g_autofree char *explained = NULL;

  /* Parameters such that the Q4_K_M weights are exactly 4.9e9 bytes. */
  dense.name = (char *) "golden";
  dense.parameters = dense.active_parameters = 4.9e9 * 8 / 4.85;
  dense.layers = 32;
  dense.kv_heads = 8;
  dense.head_dim = 128;
  dense.max_context = 8192;
  dense.kv_cache = FALSE;
  dense.quants = 1u << SY_QUANT_Q4_K_M;

  plan ("RTX 4090", 1, 64, &machine, &speed);
  g_assert_cmpfloat (speed.efficiency, ==, 0.6);
  sy_fit_compute (&dense, SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
  g_assert_cmpfloat_with_epsilon (sy_speed_bytes_per_token (&dense, &result), 4.9e9, 1);
  /* 0.6 × 1008 ÷ 4.9 = 123.43 */
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (&dense, &result, &machine, &speed), 123.43, 0.005);
  g_assert_cmpint ((int) (sy_speed_predict (&dense, &result, &machine, &speed) + 0.5), ==, 123);
  /* The same weights as an embedding model: no decoding speed to show. */
  dense.use_case = (char *) "embeddings";
  g_assert_cmpfloat (sy_speed_predict (&dense, &result, &machine, &speed), ==, 0);
  dense.use_case = NULL;

  explained = sy_speed_explain (&dense, &result, &machine, &speed);
  g_assert_cmpstr (explained, ==, "Speed: 0.60 × 1008 GB/s ÷ 4.90 GB per token (active weights + KV cache) ≈ 123 tokens/s");
}

/* The KV cache at the current context is read for every token too. */
static void
test_kv_cache_counts (void)
{
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;

  plan ("rtx-4090", 1, 64, &machine, &speed);
  /* Llama 3.1 8B Q4_K_M: 8.03e9 × 4.85 ÷ 8 = 4,868,187,500 bytes; KV at
   * 8k: 2 × 32 × 8 × 128 × 8192 × 2 = 1,073,741,824 bytes. Together
   * 5,941,929,324: 0.6 × 1008e9 ÷ 5.9419e9 = 101.79 tokens/s. */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpfloat_with_epsilon (sy_speed_bytes_per_token (model ("llama3.1:8b"), &result), 5941929324.0, 1);
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:8b"), &result, &machine, &speed), 101.79, 0.005);

  /* A q8_0 cache halves the cache part: 4,868,187,500 + 536,870,912 →
   * 0.6 × 1008e9 ÷ 5,405,058,412 = 111.895. */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_Q8_0, &machine, &result);
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:8b"), &result, &machine, &speed), 111.895, 0.001);
}

/* A mixture reads its active experts only. */
static void
test_mixture_reads_active_share (void)
{
  const SyCatalogModel *moe = model ("qwen3:30b-a3b");
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;

  plan ("RTX 5090", 1, 64, &machine, &speed);
  sy_fit_compute (moe, SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
  /* 3.3e9 × 4.85 ÷ 8 = 2,000,625,000 + KV 0.75 GiB (805,306,368) =
   * 2,805,931,368 bytes; 0.6 × 1792e9 ÷ that = 383.19 tokens/s. */
  g_assert_cmpfloat_with_epsilon (sy_speed_bytes_per_token (moe, &result), 2805931368.0, 1);
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (moe, &result, &machine, &speed), 383.19, 0.005);
}

/* 24 GB card + 64 GB RAM → Llama 3.1 70B partial offload: the layers in RAM
 * dominate. */
static void
test_partial_offload (void)
{
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;
  g_autofree char *explained = NULL;

  plan ("RTX 4090", 1, 64, &machine, &speed);
  g_assert_cmpfloat (speed.ram_bandwidth_gbps, ==, 89.6);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_PARTIAL);
  /* Model data 70.6e9 × 4.85 ÷ 8 + 2.5 GiB = 45,485,604,560 bytes; on the
   * GPU 20.85 GiB = 22,387,517,030, in RAM the other 23,098,087,530.
   * 22.387e9 ÷ 1008e9 + 23.098e9 ÷ 89.6e9 = 0.022210 + 0.257791 s →
   * 0.6 ÷ 0.280001 = 2.1428 tokens/s. */
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), 2.1428, 0.0005);

  explained = sy_speed_explain (model ("llama3.1:70b"), &result, &machine, &speed);
  g_assert_cmpstr (explained, ==, "Speed: 45.49 GB per token, 49% read from the GPU and the rest from system RAM at 90 GB/s, efficiency 0.60 ≈ 2 tokens/s");

  /* A faster RAM (an override) helps in proportion to its share. */
  speed.ram_bandwidth_gbps = 179.2;
  /* 0.022210 + 0.128896 = 0.151106 s → 3.9707 */
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), 3.9707, 0.0005);

  /* With no GPU, all of it from RAM: 45.486e9 ÷ 89.6e9 → 0.6 ÷ 0.50765 = 1.1819. */
  memset (&machine, 0, sizeof machine);
  machine.ram_bytes = 64 * GIB;
  sy_speed_machine_init (&speed);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_CPU);
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), 1.1819, 0.0005);

  /* Too large: no figure. */
  machine.ram_bytes = 16 * GIB;
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_TOO_LARGE);
  g_assert_cmpfloat (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), ==, 0);
  g_assert_null (sy_speed_explain (model ("llama3.1:70b"), &result, &machine, &speed));
}

/* Layer split: each GPU reads its own layers, one after the other. */
static void
test_several_gpus (void)
{
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;
  double bytes;

  /* Two RTX 3090s hold Llama 3.1 70B Q4_K_M at 2k: 39.862 + 0.625 GiB =
   * 43,472,338,640 bytes; each reads half at 936 GB/s, in turn, so the
   * time is that of one card reading it all: 0.6 × 936e9 ÷ 43.472e9 = 12.9186. */
  plan ("RTX 3090", 2, 64, &machine, &speed);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 2048, SY_KV_F16, &machine, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (result.n_gpus_used, ==, 2);
  bytes = sy_speed_bytes_per_token (model ("llama3.1:70b"), &result);
  g_assert_cmpfloat_with_epsilon (bytes, 43472338640.0, 1);
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), 12.9186, 0.0001);

  /* An RTX 4090 and an RTX 3090, 24 GB each: half at 1008, half at 936 GB/s. */
  speed.gpu_bandwidth_gbps[0] = 1008;
  g_assert_cmpfloat_with_epsilon (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed),
                                  0.6 / (bytes / 2 / 1008e9 + bytes / 2 / 936e9), 1e-9);

  /* A GPU whose bandwidth is unknown: no figure rather than a guess. */
  speed.gpu_bandwidth_gbps[1] = 0;
  g_assert_cmpfloat (sy_speed_predict (model ("llama3.1:70b"), &result, &machine, &speed), ==, 0);
}

static void
test_bandwidth_from_hardware (void)
{
  g_autoptr(GPtrArray) gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_gpu_free);
  g_autoptr(SyHardware) hardware = NULL;
  SyGpu *gpu;
  SyFitMachine machine;
  SySpeedMachine speed;

  gpu = sy_gpu_new ();
  gpu->name = g_strdup ("NVIDIA GeForce RTX 4060");
  gpu->vram_total = 8 * (gint64) GIB;
  g_ptr_array_add (gpus, gpu);
  gpu = sy_gpu_new ();
  gpu->name = g_strdup ("Unknown memory");
  g_ptr_array_add (gpus, gpu);
  gpu = sy_gpu_new ();
  gpu->name = g_strdup ("NVIDIA GeForce RTX 4090");
  gpu->vram_total = 24 * (gint64) GIB;
  g_ptr_array_add (gpus, gpu);
  hardware = sy_hardware_new_manual (gpus, 64 * (gint64) GIB, 60 * (gint64) GIB, 16);

  sy_fit_machine_init_from_hardware (&machine, hardware, 0, 0);
  sy_speed_machine_init (&speed);
  sy_speed_machine_set_from_hardware (&speed, hardware, table);
  /* The GPU of unknown memory is left out of both, keeping them parallel. */
  g_assert_cmpuint (machine.n_gpus, ==, 2);
  g_assert_cmpfloat (speed.gpu_bandwidth_gbps[0], ==, 0);
  g_assert_cmpfloat (speed.gpu_bandwidth_gbps[1], ==, 1008);
}

static char *
make_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sy-speed-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_data_dir (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "speed.json", NULL);

  g_remove (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A measured reply replaces the prediction for its model, and calibrates
 * the GPU's efficiency for the others. */
static void
test_calibration (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "speed.json", NULL);
  g_autoptr(SySpeedStore) store = NULL;
  g_autoptr(SySpeedStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *gpu = "NVIDIA GeForce RTX 4090";
  SyFitMachine machine;
  SySpeedMachine speed;
  SyFitResult result;
  double efficiency;

  plan ("RTX 4090", 1, 64, &machine, &speed);

  store = sy_speed_store_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sy_speed_store_get_n_measurements (store), ==, 0);
  g_assert_cmpfloat (sy_speed_calibrate (store, gpu, catalog, 8192, SY_KV_F16, &machine, &speed), ==, 0.6);

  /* Predicted 101.79 tokens/s at 8k (test_kv_cache_counts), measured 61.07:
   * efficiency 61.07 ÷ 101.785 × 0.6 = 0.36. The default tag is the Q4_K_M build. */
  g_assert_true (sy_speed_store_record (store, gpu, "llama3.1:8b", 61.07, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  reloaded = sy_speed_store_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sy_speed_store_lookup (reloaded, gpu, "llama3.1:8b"), ==, 61.07);
  g_assert_cmpfloat (sy_speed_store_lookup (reloaded, "NVIDIA GeForce RTX 3090", "llama3.1:8b"), ==, 0);
  g_assert_cmpfloat (sy_speed_lookup_measured (reloaded, gpu, model ("llama3.1:8b"), SY_QUANT_Q4_K_M), ==, 61.07);
  /* Another build of the model was not measured. */
  g_assert_cmpfloat (sy_speed_lookup_measured (reloaded, gpu, model ("llama3.1:8b"), SY_QUANT_Q8_0), ==, 0);

  efficiency = sy_speed_calibrate (reloaded, gpu, catalog, 8192, SY_KV_F16, &machine, &speed);
  g_assert_cmpfloat_with_epsilon (efficiency, 0.36, 0.0001);
  /* Another GPU keeps the default. */
  g_assert_cmpfloat (sy_speed_calibrate (reloaded, "NVIDIA GeForce RTX 3090", catalog, 8192, SY_KV_F16, &machine, &speed), ==, 0.6);

  /* Used for another model on that GPU: Qwen3 8B predicted at 0.36. */
  speed.efficiency = efficiency;
  sy_fit_compute (model ("qwen3:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &machine, &result);
  {
    SySpeedMachine reference = speed;
    double calibrated = sy_speed_predict (model ("qwen3:8b"), &result, &machine, &speed);

    reference.efficiency = 0.6;
    g_assert_cmpfloat_with_epsilon (calibrated, sy_speed_predict (model ("qwen3:8b"), &result, &machine, &reference) * 0.6, 0.1);
  }

  /* A newer measurement replaces the old one; a quantisation's own tag counts for that build. */
  g_assert_true (sy_speed_store_record (reloaded, gpu, "llama3.1:8b", 70, &error));
  g_assert_true (sy_speed_store_record (reloaded, gpu, "llama3.1:8b-instruct-q8_0", 55, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sy_speed_store_get_n_measurements (reloaded), ==, 2);
  g_assert_cmpfloat (sy_speed_lookup_measured (reloaded, gpu, model ("llama3.1:8b"), SY_QUANT_Q4_K_M), ==, 70);
  g_assert_cmpfloat (sy_speed_lookup_measured (reloaded, gpu, model ("llama3.1:8b"), SY_QUANT_Q8_0), ==, 55);

  /* Nonsense is refused and not written. */
  g_assert_false (sy_speed_store_record (reloaded, gpu, "llama3.1:8b", -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  remove_data_dir (dir);
}

static void
test_store_broken_file (void)
{
  const char *bad[] = {
    "", "{", "[]", "{\"version\": 2, \"measurements\": []}",
    "{\"version\": 1, \"measurements\": [{\"gpu\": \"G\", \"model\": \"m\", \"tokens_per_s\": 0}]}",
    "{\"version\": 1, \"measurements\": [{\"gpu\": \"G\", \"model\": 1, \"tokens_per_s\": 5}]}",
    "{\"version\": 1, \"measurements\": [1]}",
  };
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "speed.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SySpeedStore) store = NULL;
      g_autofree char *after = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      store = sy_speed_store_load (path, &error);
      g_assert_null (store);
      g_assert_nonnull (error);

      /* The chat's call leaves a broken file alone. */
      g_setenv ("SWITCHYARD_DATA_DIR", dir, TRUE);
      sy_speed_store_set_local_gpu ("G");
      sy_speed_store_record_local_reply ("m", 10);
      g_unsetenv ("SWITCHYARD_DATA_DIR");
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, bad[i]);
    }

  remove_data_dir (dir);
}

/* The chat's one call: recorded under the local GPU, once it is known. */
static void
test_record_local_reply (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *path = g_build_filename (dir, "speed.json", NULL);
  g_autoptr(SySpeedStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SWITCHYARD_DATA_DIR", dir, TRUE);
  sy_speed_store_set_local_gpu (NULL);
  sy_speed_store_record_local_reply ("llama3.1:8b", 42);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  sy_speed_store_set_local_gpu ("NVIDIA GeForce RTX 4090");
  sy_speed_store_record_local_reply ("llama3.1:8b", 42);
  sy_speed_store_record_local_reply ("llama3.1:8b", 0);
  g_unsetenv ("SWITCHYARD_DATA_DIR");

  store = sy_speed_store_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sy_speed_store_get_n_measurements (store), ==, 1);
  g_assert_cmpfloat (sy_speed_store_lookup (store, "NVIDIA GeForce RTX 4090", "llama3.1:8b"), ==, 42);

  sy_speed_store_set_local_gpu (NULL);
  remove_data_dir (dir);
}

/* Only a server on this machine measures this machine's GPU. */
static void
test_url_is_this_machine (void)
{
  g_autofree char *own = g_strdup_printf ("http://%s:11434", g_get_host_name ());

  g_assert_true (sy_backend_url_is_this_machine ("http://localhost:11434"));
  g_assert_true (sy_backend_url_is_this_machine ("http://127.0.0.1:11434"));
  g_assert_true (sy_backend_url_is_this_machine ("http://127.0.1.1:8080/v1"));
  g_assert_true (sy_backend_url_is_this_machine ("http://[::1]:11434"));
  g_assert_true (sy_backend_url_is_this_machine ("http://0.0.0.0:11434"));
  g_assert_true (sy_backend_url_is_this_machine ("http://LOCALHOST:11434"));
  g_assert_true (sy_backend_url_is_this_machine (own));
  g_assert_false (sy_backend_url_is_this_machine ("http://192.168.1.20:11434"));
  g_assert_false (sy_backend_url_is_this_machine ("http://gpu-box.lan:11434"));
  g_assert_false (sy_backend_url_is_this_machine ("https://api.openai.com/v1"));
  g_assert_false (sy_backend_url_is_this_machine ("not a url"));
  g_assert_false (sy_backend_url_is_this_machine (NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = sy_model_catalog_new_default ();
  table = sy_gpu_table_new_default ();

  g_test_add_func ("/speed/spec-golden", test_spec_golden);
  g_test_add_func ("/speed/kv-cache-counts", test_kv_cache_counts);
  g_test_add_func ("/speed/mixture-reads-active-share", test_mixture_reads_active_share);
  g_test_add_func ("/speed/partial-offload", test_partial_offload);
  g_test_add_func ("/speed/several-gpus", test_several_gpus);
  g_test_add_func ("/speed/bandwidth-from-hardware", test_bandwidth_from_hardware);
  g_test_add_func ("/speed/calibration", test_calibration);
  g_test_add_func ("/speed/store-broken-file", test_store_broken_file);
  g_test_add_func ("/speed/record-local-reply", test_record_local_reply);
  g_test_add_func ("/speed/url-is-this-machine", test_url_is_this_machine);

  status = g_test_run ();
  g_object_unref (table);
  g_object_unref (catalog);
  return status;
}
