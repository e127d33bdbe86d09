/* test-gpu-table.c: the shipped GPU table, its strict loader and name matching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sy-gpu-table.h"
#include "sy-test-utils.h"

static SyGpuTable *table;

static const SyGpuSpec *
lookup (const char *name)
{
  const SyGpuSpec *gpu = sy_gpu_table_lookup (table, name);

  g_assert_nonnull (gpu);
  return gpu;
}

/* The cards issue #15 asks for, with the vendor's figures. */
static void
test_shipped_cards (void)
{
  const char *required[] = {
    "rtx-3060-12gb", "rtx-3090", "rtx-4060-ti-16gb", "rtx-4070-ti-super", "rtx-4080",
    "rtx-4090", "rtx-5090", "rtx-a6000", "l4", "l40s", "a100-40gb", "a100-80gb",
    "h100-pcie", "h100-sxm", "rx-7900-xtx",
  };
  const SyGpuSpec *rtx4090;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const SyGpuSpec *gpu = lookup (required[i]);

      g_assert_cmpfloat (gpu->memory_gb, >, 0);
      g_assert_cmpfloat (gpu->bandwidth_gbps, >, 0);
      g_assert_cmpfloat (gpu->board_power_w, >, 0);
      g_assert_cmpfloat (gpu->price_usd, >, 0);
      g_assert_true (g_str_has_prefix (gpu->source, "https://"));
      g_assert_nonnull (gpu->price_source);
      g_assert_nonnull (gpu->price_date);
    }

  /* nvidia.com/en-us/geforce/graphics-cards/40-series/rtx-4090/ */
  rtx4090 = lookup ("RTX 4090");
  g_assert_cmpstr (rtx4090->id, ==, "rtx-4090");
  g_assert_cmpfloat (rtx4090->memory_gb, ==, 24);
  g_assert_cmpfloat (rtx4090->bandwidth_gbps, ==, 1008);
  g_assert_cmpfloat (rtx4090->board_power_w, ==, 450);
  g_assert_cmpfloat (rtx4090->price_usd, ==, 1599);
  g_assert_cmpstr (rtx4090->price_kind, ==, "launch MSRP");

  g_assert_cmpfloat (lookup ("h100-sxm")->bandwidth_gbps, ==, 3350);
  g_assert_cmpfloat (lookup ("RX 7900 XTX")->memory_gb, ==, 24);
}

static void
test_lookup (void)
{
  g_autofree char *names = sy_gpu_table_dup_names (table);

  /* Case and spacing do not matter; ids and names both work. */
  g_assert_cmpstr (lookup ("rtx 4090")->id, ==, "rtx-4090");
  g_assert_cmpstr (lookup ("RTX-4090")->id, ==, "rtx-4090");
  g_assert_cmpstr (lookup ("Rtx 4070 Ti Super")->id, ==, "rtx-4070-ti-super");
  g_assert_null (sy_gpu_table_lookup (table, "RTX 4091"));
  g_assert_null (sy_gpu_table_lookup (table, ""));
  g_assert_null (sy_gpu_table_lookup (table, "4090"));

  g_assert_true (g_str_has_prefix (names, "RTX 3060 12 GB, RTX 3090, "));
  g_assert_nonnull (strstr (names, "H100 80 GB SXM"));
}

static void
test_match_detected (void)
{
  struct
  {
    const char *detected;
    const char *id;
  } cases[] = {
    { "NVIDIA GeForce RTX 4090", "rtx-4090" },
    { "NVIDIA GeForce RTX 3060", "rtx-3060-12gb" },
    { "NVIDIA GeForce RTX 4070 Ti SUPER", "rtx-4070-ti-super" },
    { "NVIDIA RTX A6000", "rtx-a6000" },
    { "NVIDIA L4", "l4" },
    { "NVIDIA L40S", "l40s" },
    { "NVIDIA A100-SXM4-40GB", "a100-40gb" },
    { "NVIDIA A100-PCIE-40GB", "a100-40gb" },
    { "NVIDIA A100 80GB PCIe", "a100-80gb" },
    { "NVIDIA H100 PCIe", "h100-pcie" },
    { "NVIDIA H100 80GB HBM3", "h100-sxm" },
    { "AMD Radeon RX 7900 XTX", "rx-7900-xtx" },
    /* A bigger sibling is a different card, with other figures. */
    { "NVIDIA GeForce RTX 3090 Ti", NULL },
    { "NVIDIA GeForce RTX 4080 SUPER", NULL },
    { "NVIDIA GeForce RTX 4070 Ti", NULL },
    { "NVIDIA GeForce RTX 4060", NULL },
    { "AMD Radeon RX 7900 XT", NULL },
    { "Intel Arc A770", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SyGpuSpec *gpu = sy_gpu_table_match (table, cases[i].detected);

      g_test_message ("%s", cases[i].detected);
      g_assert_cmpstr (gpu != NULL ? gpu->id : NULL, ==, cases[i].id);
    }
  g_assert_null (sy_gpu_table_match (table, NULL));
}

#define GOOD_ENTRY \
  "\"id\": \"x\", \"name\": \"X 1\", \"vendor\": \"V\", \"match\": [\"X 1\"], " \
  "\"memory_gb\": 24, \"bandwidth_gbps\": 1000, \"board_power_w\": 300, \"price_usd\": 999, " \
  "\"price_date\": \"2024-01\", \"price_kind\": \"launch MSRP\", \"source\": \"s\", \"price_source\": \"p\""

static void
test_invalid (void)
{
  struct
  {
    const char *json;
    const char *message;
  } bad[] = {
    { "", NULL },
    { "[]", "The GPU table must be a JSON object" },
    { "{\"version\": 2, \"gpus\": []}", "The GPU table needs \"version\": 1 and a \"gpus\" array" },
    { "{\"version\": \"1\", \"gpus\": []}", "The GPU table needs \"version\": 1 and a \"gpus\" array" },
    { "{\"version\": 1}", "The GPU table needs \"version\": 1 and a \"gpus\" array" },
    { "{\"version\": 1, \"gpus\": [{\"id\": \"x\\ud83 {\"}]}", "The GPU table has text that is not UTF-8" },
    { "{\"version\": 1, \"gpus\": [1]}", "Every GPU must be an object" },
    { "{\"version\": 1, \"gpus\": [{\"name\": \"X\"}]}", "GPU “?”: “id” must be a non-empty string" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY ", \"bandwidth_gbps\": -1}]}", "GPU “x”: “bandwidth_gbps” is out of range" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY ", \"memory_gb\": \"24\"}]}", "GPU “x”: “memory_gb” must be a number" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY ", \"match\": []}]}", "GPU “x”: “match” must be a non-empty list of names" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY ", \"match\": [\" - \"]}]}", "GPU “x”: every “match” entry must be a name with letters or digits" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY ", \"source\": \"\"}]}", "GPU “x”: “source” must be a non-empty string" },
    { "{\"version\": 1, \"gpus\": [{" GOOD_ENTRY "}, {" GOOD_ENTRY "}]}", "GPU “x” is listed twice" },
  };
  g_autoptr(SyGpuTable) good = NULL;
  g_autoptr(GError) error = NULL;

  good = sy_gpu_table_new_from_data ("{\"version\": 1, \"gpus\": [{" GOOD_ENTRY "}]}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sy_gpu_table_get_n_gpus (good), ==, 1);
  g_assert_cmpstr (sy_gpu_table_match (good, "Vendor X 1")->id, ==, "x");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SyGpuTable) broken = sy_gpu_table_new_from_data (bad[i].json, -1, &local_error);

      g_test_message ("%s", bad[i].json);
      g_assert_null (broken);
      g_assert_nonnull (local_error);
      if (bad[i].message != NULL)
        g_assert_cmpstr (local_error->message, ==, bad[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  table = sy_gpu_table_new_default ();

  g_test_add_func ("/gpu-table/shipped-cards", test_shipped_cards);
  g_test_add_func ("/gpu-table/lookup", test_lookup);
  g_test_add_func ("/gpu-table/match-detected", test_match_detected);
  g_test_add_func ("/gpu-table/invalid", test_invalid);

  status = g_test_run ();
  g_object_unref (table);
  return status;
}
