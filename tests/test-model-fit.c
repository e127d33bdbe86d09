/* test-model-fit.c: the catalogue and the fit arithmetic, by hand
 *
 * GB below are GiB (2^30 bytes). Hand computations are in the comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-model-fit.h"
#include "sy-test-utils.h"

#define GIB SY_FIT_GIB

static SyModelCatalog *catalog;

static const SyCatalogModel *
model (const char *tag)
{
  const SyCatalogModel *info = sy_model_catalog_find (catalog, tag);

  g_assert_nonnull (info);
  return info;
}

static SyFitMachine
machine (double vram_gb_1,
         double vram_gb_2,
         double ram_gb)
{
  SyFitMachine m = { { 0 } };

  if (vram_gb_1 > 0)
    m.gpu_bytes[m.n_gpus++] = vram_gb_1 * GIB;
  if (vram_gb_2 > 0)
    m.gpu_bytes[m.n_gpus++] = vram_gb_2 * GIB;
  m.ram_bytes = ram_gb * GIB;

  return m;
}

/* Catalogue */

static void
test_catalog_spec_models (void)
{
  const char *spec[][2] = {
    { "llama3.1:8b", "chat" },
    { "qwen2.5-coder:7b", "coding" },
    { "mistral:7b", "rag" },
    { "phi3:mini", "summarization" },
    { "nomic-embed-text", "embeddings" },
    { "llama3.1:70b", "frontier" },
  };

  g_assert_cmpuint (sy_model_catalog_get_n_models (catalog), >=, 12);
  for (guint i = 0; i < G_N_ELEMENTS (spec); i++)
    {
      const SyCatalogModel *info = model (spec[i][0]);

      g_assert_cmpstr (info->use_case, ==, spec[i][1]);
      g_assert_cmpfloat (info->published_q4_gb, >, 0);
      g_assert_nonnull (info->why);
    }

  /* Every model is complete, with a source for its numbers. */
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);

      g_assert_true (g_strv_contains (sy_use_case_list (), info->use_case));
      g_assert_cmpuint (info->layers, >, 0);
      g_assert_cmpuint (info->kv_heads, >, 0);
      g_assert_cmpuint (info->head_dim, >, 0);
      g_assert_cmpuint (info->max_context, >=, 4096);
      g_assert_true (g_str_has_prefix (info->source, "https://huggingface.co/"));
      g_assert_true (g_str_has_suffix (info->source, ")") || g_strrstr (info->source, "config.json") != NULL);
    }

  /* Spot checks against the published config.json files. */
  g_assert_cmpuint (model ("llama3.1:8b")->layers, ==, 32);
  g_assert_cmpuint (model ("llama3.1:8b")->kv_heads, ==, 8);
  g_assert_cmpuint (model ("llama3.1:8b")->head_dim, ==, 128);
  g_assert_cmpuint (model ("llama3.1:8b")->max_context, ==, 131072);
  g_assert_cmpuint (model ("qwen2.5-coder:7b")->kv_heads, ==, 4);
  g_assert_cmpuint (model ("phi3:mini")->head_dim, ==, 96);
  g_assert_cmpuint (model ("gemma2:9b")->head_dim, ==, 256);
  g_assert_cmpuint (model ("llama3.1:70b")->layers, ==, 80);
  g_assert_false (model ("nomic-embed-text")->kv_cache);
  g_assert_true (sy_catalog_model_has_quant (model ("nomic-embed-text"), SY_QUANT_F16));
  /* litgpt/config.py's copies of the configs: Phi-4 40 × 10 KV heads at
   * 16k, Llama 3.3 70B shaped as Llama 3.1 70B. */
  g_assert_cmpuint (model ("phi4:14b")->kv_heads, ==, 10);
  g_assert_cmpuint (model ("phi4:14b")->max_context, ==, 16384);
  g_assert_cmpuint (model ("llama3.3:70b")->layers, ==, model ("llama3.1:70b")->layers);
  g_assert_cmpfloat (model ("llama3.3:70b")->parameters, ==, model ("llama3.1:70b")->parameters);
  /* The refresh of issue #15, against the configs its sources carry. */
  g_assert_cmpuint (model ("gpt-oss:20b")->layers, ==, 24);
  g_assert_cmpuint (model ("gpt-oss:20b")->kv_heads, ==, 8);
  g_assert_cmpuint (model ("gpt-oss:20b")->head_dim, ==, 64);
  g_assert_cmpuint (model ("gpt-oss:20b")->max_context, ==, 131072);
  g_assert_cmpuint (model ("gemma3:12b")->layers, ==, 48);
  g_assert_cmpuint (model ("gemma3:12b")->head_dim, ==, 256);
  g_assert_cmpuint (model ("gemma3:27b")->kv_heads, ==, 16);
  g_assert_cmpuint (model ("gemma3:1b")->max_context, ==, 32768);
  g_assert_cmpuint (model ("mistral-small3.2:24b")->layers, ==, 40);
  g_assert_cmpuint (model ("deepseek-r1:7b")->kv_heads, ==, 4);
  g_assert_cmpuint (model ("deepseek-r1:70b")->layers, ==, 80);
  g_assert_cmpuint (model ("qwen3:14b")->layers, ==, 40);
  g_assert_cmpuint (model ("qwen3:32b")->layers, ==, 64);
  g_assert_true (model ("qwen3-embedding:8b")->kv_cache);
  g_assert_cmpint (model ("gpt-oss:20b")->default_tag_quant, ==, SY_QUANT_MXFP4);
  g_assert_cmpint (model ("llama3.1:8b")->default_tag_quant, ==, SY_N_QUANTS);
  g_assert_false (sy_catalog_model_has_quant (model ("nomic-embed-text"), SY_QUANT_Q4_K_M));
}

static void
test_catalog_invalid (void)
{
  const char *bad[] = {
    "",
    "[]",
    "{ \"version\": 2, \"models\": [] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\" } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": \"many\","
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q3_K_S\": \"x:q3_K_S\"} } ] }",
    /* A quantisation without its download tag. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": [\"Q4_K_M\"] } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x\"} } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": 4} } ] }",
    /* A download size for a build without a tag. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32, \"published_gb\": {\"Q8_0\": 1.1},"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"layers\": 32, \"published_gb\": {\"Q4_K_M\": \"big\"},"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    /* More parameters at 16 bits than there are; an unknown default build. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"unquantised_parameters\": 2e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"ollama_tag_quant\": \"Q3_K_S\", \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    /* The default tag's build is one the row does not offer. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x:1b\", \"source\": \"s\", \"parameters\": 1e9, \"ollama_tag_quant\": \"MXFP4\", \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:1b\"} } ] }",
    /* More active parameters than there are. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"active_parameters\": 2e9, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    /* A window without the layers that use it; more sliding layers than layers. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"sliding_window\": 1024, \"layers\": 32,"
    " \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"name\": \"X\", \"use_case\": \"chat\", \"why\": \"w\","
    " \"ollama_tag\": \"x\", \"source\": \"s\", \"parameters\": 1e9, \"sliding_window\": 1024, \"sliding_layers\": 33,"
    " \"layers\": 32, \"kv_heads\": 8, \"head_dim\": 128, \"max_context\": 8192, \"quants\": {\"Q4_K_M\": \"x:q4_K_M\"} } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SyModelCatalog) broken = sy_model_catalog_new_from_data (bad[i], -1, &error);

      g_assert_null (broken);
      g_assert_nonnull (error);
    }
}

/* Weights */

static void
test_weights_match_spec (void)
{
  /* SPEC §4's published download sizes at Q4 (nomic-embed-text ships
   * F16 only). The estimate must land within 10 %. */
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);
      SyQuant quant = sy_catalog_model_has_quant (info, SY_QUANT_Q4_K_M) ? SY_QUANT_Q4_K_M : SY_QUANT_F16;
      double estimate;

      if (info->published_q4_gb <= 0)
        continue;

      estimate = sy_fit_weights_bytes (info, quant) / GIB;
      g_test_message ("%s: estimate %.2f GB, published %.2f GB (%+.1f %%)", info->name, estimate,
                      info->published_q4_gb, (estimate / info->published_q4_gb - 1) * 100);
      g_assert_cmpfloat (fabs (estimate / info->published_q4_gb - 1), <=, 0.10);
    }

  /* 8.03e9 × 4.85 / 8 = 4,868,187,500 bytes */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model ("llama3.1:8b"), SY_QUANT_Q4_K_M),
                                  4868187500.0, 1.0);
  /* 70.6e9 × 4.85 / 8 = 42,801,250,000 bytes = 39.86 GB */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model ("llama3.1:70b"), SY_QUANT_Q4_K_M) / GIB,
                                  39.862, 0.001);
}

static void
test_kv_cache (void)
{
  /* 2 × 32 layers × 8 KV heads × 128 × 8192 × 2 bytes = 1 GiB exactly */
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("llama3.1:8b"), 8192, SY_KV_F16), ==, GIB);
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("llama3.1:8b"), 8192, SY_KV_Q8_0), ==, GIB / 2);
  /* 2 × 80 × 8 × 128 × 8192 × 2 = 2.5 GiB */
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("llama3.1:70b"), 8192, SY_KV_F16), ==, 2.5 * GIB);
  /* An encoder keeps no cache. */
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("nomic-embed-text"), 8192, SY_KV_F16), ==, 0);
}

/* Sliding windows: Gemma 3 keeps 1024 tokens on 5 of every 6 layers, Gemma
 * 2 4096 on every other, gpt-oss 128 on every other; llama.cpp holds the
 * window per sequence + a 512-token batch there, padded to 256. */
static void
test_sliding_window (void)
{
  SyFitMachine card = machine (24, 0, 64);
  const char *tags[] = { "gemma3:27b", "gemma3:1b", "gpt-oss:20b", "gemma2:9b", "llama3.1:8b" };
  SyFitResult fit;
  g_autofree char *explained = NULL;

  g_assert_cmpuint (model ("gemma3:27b")->sliding_window, ==, 1024);
  g_assert_cmpuint (model ("gemma3:27b")->sliding_layers, ==, 52);
  g_assert_cmpuint (model ("gemma3:1b")->sliding_window, ==, 512);
  g_assert_cmpuint (model ("gemma3:1b")->sliding_layers, ==, 22);
  g_assert_cmpuint (model ("gemma2:9b")->sliding_window, ==, 4096);
  g_assert_cmpuint (model ("gemma2:9b")->sliding_layers, ==, 21);
  g_assert_cmpuint (model ("gpt-oss:120b")->sliding_layers, ==, 18);
  g_assert_cmpuint (model ("llama3.1:8b")->sliding_layers, ==, 0);
  g_assert_cmpuint (model ("mistral:7b")->sliding_layers, ==, 0);

  /* 1024 + 512 = 1536; a shorter context is held whole; four sequences
   * 4 × 1024 + 512 = 4608; 128 + 512 = 640, padded to 768. */
  g_assert_cmpuint (sy_fit_sliding_tokens (model ("gemma3:27b"), 32768, 1), ==, 1536);
  g_assert_cmpuint (sy_fit_sliding_tokens (model ("gemma3:27b"), 1024, 1), ==, 1024);
  g_assert_cmpuint (sy_fit_sliding_tokens (model ("gemma3:27b"), 32768, 4), ==, 4608);
  g_assert_cmpuint (sy_fit_sliding_tokens (model ("gpt-oss:20b"), 131072, 1), ==, 768);
  g_assert_cmpuint (sy_fit_sliding_tokens (model ("llama3.1:8b"), 32768, 1), ==, 32768);

  /* Gemma 3 27B at 32k: 2 × 16 × 128 × 2 bytes = 8 KiB a layer and token;
   * 10 full layers × 32768 + 52 × 1536 = 407,552 → 3,338,665,984 bytes
   * (every layer at 32k would be 15.5 GiB). */
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("gemma3:27b"), 32768, SY_KV_F16), ==, 3338665984.0);
  /* gpt-oss 20B at 128k: 2 × 8 × 64 × 2 = 2 KiB; 12 × 131072 + 12 × 768. */
  g_assert_cmpfloat (sy_fit_kv_bytes (model ("gpt-oss:20b"), 131072, SY_KV_F16), ==,
                     2048.0 * (12 * 131072 + 12 * 768));

  /* So Gemma 3 27B at Q4_K_M and 32k fits one 24 GB card: 16.03 GiB of
   * weights + 3.11 + 0.75 = 19.89 GiB of 21.6; its largest context there is
   * (20.85 - 16.03 GiB) ÷ 8 KiB = 631,8xx layer-tokens, less 52 × 1536,
   * ÷ 10 full layers = 55,19x tokens → 55,040 at 256 a step. */
  sy_fit_compute (model ("gemma3:27b"), SY_QUANT_Q4_K_M, 32768, SY_KV_F16, &card, &fit);
  g_assert_cmpint (fit.verdict, ==, SY_FIT_GPU);
  g_assert_cmpfloat_with_epsilon (fit.total_bytes / GIB, 19.89, 0.01);
  g_assert_cmpuint (fit.max_context_on_gpu, ==, 55040);
  explained = sy_fit_explain (model ("gemma3:27b"), &fit, SY_KV_F16);
  g_assert_nonnull (strstr (explained, "KV cache: 2 × 16 KV heads × 128 × 2 bytes × (10 layers × 32k tokens + "
                                       "52 sliding-window layers × 1536 tokens) = 3.1 GiB"));

  /* Parallel slots share the context but each keeps its own window. */
  sy_fit_compute_sequences (model ("gemma3:27b"), SY_QUANT_Q4_K_M, 4 * 8192, 4, SY_KV_F16, &card, &fit);
  g_assert_cmpfloat (fit.kv_bytes, ==, 8192.0 * (10 * 32768 + 52 * 4608));

  /* The largest context on the GPU is the last one whose KV cache fits. */
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      const SyCatalogModel *info = model (tags[i]);
      double room;

      sy_fit_compute (info, SY_QUANT_Q4_K_M, 2048, SY_KV_F16, &card, &fit);
      if (fit.max_context_on_gpu == 0 || fit.max_context_on_gpu >= info->max_context)
        continue;
      room = 24 * GIB * SY_FIT_HEADROOM - SY_FIT_RUNTIME_OVERHEAD - fit.weights_bytes;
      g_assert_cmpfloat (sy_fit_kv_bytes (info, fit.max_context_on_gpu, SY_KV_F16), <=, room);
      g_assert_cmpfloat (sy_fit_kv_bytes (info, fit.max_context_on_gpu + SY_FIT_CONTEXT_STEP, SY_KV_F16), >, room);
    }
}

/* Verdicts */

static void
test_8b_fits_8gb (void)
{
  SyFitMachine m = machine (8, 0, 32);
  SyFitResult r;

  /* 4.534 + 1.0 + 0.75 = 6.284 GB ≤ 90 % × 8 = 7.2 GB */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpfloat_with_epsilon (r.total_bytes / GIB, 6.2838, 0.001);
  g_assert_cmpfloat_with_epsilon (r.available_bytes / GIB, 7.2, 1e-9);
  g_assert_cmpuint (r.n_gpus_used, ==, 1);
  g_assert_cmpfloat (r.ram_bytes, ==, 0);
  g_assert_cmpstr (sy_fit_verdict_to_string (r.verdict), ==, "gpu");

  /* Largest context on the GPU: (7.2 − 0.75) GB − 4,868,187,500 bytes
   * = 2,057,447,265 bytes ÷ 131,072 bytes a token = 15,697 → 15,616 (×256) */
  g_assert_cmpuint (r.max_context_on_gpu, ==, 15616);

  /* 16k does not fit: 4.534 + 2.0 + 0.75 = 7.28 GB > 7.2 GB */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 16384, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
  /* …but does with a q8_0 cache: 4.534 + 1.0 + 0.75 */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 16384, SY_KV_Q8_0, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 31232);
}

static void
test_70b_partial (void)
{
  SyFitMachine m = machine (24, 0, 64);
  SyFitResult r;

  /* 39.862 + 2.5 + 0.75 = 43.11 GB > 21.6 GB: does not fit in 24 GB. On
   * the GPU: 21.6 GB (20.85 GB of model data); the other 42.362 − 20.85
   * = 21.51 GB in RAM ≤ 90 % × 64 = 57.6 GB. */
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
  g_assert_cmpstr (sy_fit_verdict_to_string (r.verdict), ==, "partial");
  g_assert_cmpfloat_with_epsilon (r.total_bytes / GIB, 43.112, 0.001);
  g_assert_cmpfloat_with_epsilon (r.gpu_bytes / GIB, 21.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.ram_bytes / GIB, 21.512, 0.001);
  /* 80 layers × 20.85 / 42.362 = 39.4 */
  g_assert_cmpuint (r.gpu_layers, ==, 39);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 0);

  /* With 16 GB of RAM, 21.5 GB > 14.4 GB: too large. */
  m = machine (24, 0, 16);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_TOO_LARGE);
  g_assert_cmpstr (sy_fit_verdict_to_string (r.verdict), ==, "too-large");

  /* No GPU, 64 GB of RAM: 43.11 GB ≤ 57.6 GB on the CPU. */
  m = machine (0, 0, 64);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_CPU);
  g_assert_cmpfloat_with_epsilon (r.ram_bytes / GIB, 43.112, 0.001);
  g_assert_cmpuint (r.n_gpus_used, ==, 0);
}

static void
test_max_context (void)
{
  SyFitMachine m = machine (24, 0, 64);
  SyFitResult r;

  /* The whole 128k of Llama 3.1 8B at Q4 on 24 GB: 4.534 + 16 + 0.75 =
   * 21.28 GB ≤ 21.6 GB, so the model's maximum. */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 131072, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 131072);

  /* A context past the model's maximum is capped: Phi-3 mini has 4k. */
  sy_fit_compute (model ("phi3:mini"), SY_QUANT_Q4_K_M, 32768, SY_KV_F16, &m, &r);
  g_assert_cmpuint (r.context, ==, 4096);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 4096);

  /* An embedding model fits at its whole context or not at all. */
  sy_fit_compute (model ("nomic-embed-text"), SY_QUANT_F16, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 8192);
  m = machine (0.5, 0, 8);
  sy_fit_compute (model ("nomic-embed-text"), SY_QUANT_F16, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpuint (r.max_context_on_gpu, ==, 0);
  g_assert_cmpint (r.verdict, ==, SY_FIT_CPU);
}

static void
test_best_quant (void)
{
  SyFitMachine m = machine (8, 0, 32);
  SyFitResult r;

  /* On 8 GB at 8k: F16 (14.96 GB) and Q8_0 (7.95 + 1.75) do not fit;
   * Q5_K_M does: 8.03e9 × 5.69 / 8 = 5.319 GB + 1.75 = 7.07 GB ≤ 7.2 */
  sy_fit_best (model ("llama3.1:8b"), 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.quant, ==, SY_QUANT_Q5_K_M);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);

  /* On 24 GB, Q8_0 (9.70 GB) fits, F16 (16.71 GB) too: 14.96 + 1.75 ≤ 21.6 */
  m = machine (24, 0, 32);
  sy_fit_best (model ("llama3.1:8b"), 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.quant, ==, SY_QUANT_F16);

  /* Nothing fits: the most compact quantisation, partially offloaded. */
  sy_fit_best (model ("llama3.1:70b"), 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);

  /* nomic-embed-text has F16 only. */
  sy_fit_best (model ("nomic-embed-text"), 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.quant, ==, SY_QUANT_F16);
}

static void
test_multi_gpu (void)
{
  SyFitMachine m = machine (12, 12, 64);
  SyFitResult r;

  /* Qwen2.5 32B Q4 at 4k: 18.35 + 1.0 = 19.35 GB of data. One 12 GB card
   * holds 10.8 − 0.75 = 10.05 GB; split, both hold 21.6 − 1.5 = 20.1 GB. */
  sy_fit_compute (model ("qwen2.5:32b"), SY_QUANT_Q4_K_M, 4096, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (r.n_gpus_used, ==, 2);
  g_assert_cmpfloat_with_epsilon (r.overhead_bytes / GIB, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r.available_bytes / GIB, 21.6, 1e-9);

  /* At 8k the cache is 2 GB: 20.35 > 20.1, partial across both. */
  sy_fit_compute (model ("qwen2.5:32b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
  g_assert_cmpuint (r.n_gpus_used, ==, 2);

  /* A small model stays on one card. */
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (r.n_gpus_used, ==, 1);

  /* SPEC: Llama 3.1 70B needs 2× A100 (40 GB): 42.36 + 1.5 ≤ 72 */
  m = machine (40, 40, 64);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
  g_assert_cmpuint (r.n_gpus_used, ==, 2);
  m = machine (40, 0, 64);
  sy_fit_compute (model ("llama3.1:70b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
}

static void
test_machine_from_hardware (void)
{
  g_autofree char *sys = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", "amd-apu", "sys", NULL);
  g_autofree char *proc = g_test_build_filename (G_TEST_DIST, "fixtures", "hw", "amd-apu", "proc", NULL);
  SyHardwareOptions options = { sys, proc, "none", "none", 0 };
  g_autoptr(SyHardware) hardware = sy_hardware_new (&options);
  SyFitMachine m;
  SyFitResult r;

  sy_hardware_detect_sync (hardware, NULL);

  /* The APU plans with its free carve-out and the RAM it may borrow. */
  sy_fit_machine_init_from_hardware (&m, hardware, 0, 0);
  g_assert_cmpuint (m.n_gpus, ==, 1);
  g_assert_cmpfloat (m.gpu_bytes[0], ==, 412.0 * 1024 * 1024 + 16 * GIB);
  g_assert_cmpfloat (m.ram_bytes, ==, 24 * GIB);
  sy_fit_compute (model ("llama3.1:8b"), SY_QUANT_Q4_K_M, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);

  /* The manual override replaces the GPUs. */
  sy_fit_machine_init_from_hardware (&m, hardware, 24 * GIB, 0);
  g_assert_cmpuint (m.n_gpus, ==, 1);
  g_assert_cmpfloat (m.gpu_bytes[0], ==, 24 * GIB);
  g_assert_cmpfloat (m.ram_bytes, ==, 24 * GIB);

  /* And the manual RAM the detected RAM: 24 GB card + 64 GB → 70B partial. */
  sy_fit_machine_init_from_hardware (&m, hardware, 24 * GIB, 64 * GIB);
  g_assert_cmpfloat (m.ram_bytes, ==, 64 * GIB);
  sy_fit_best (model ("llama3.1:70b"), 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
}

/* A mixture of experts: memory follows all its parameters, speed the
 * active ones. Qwen3 30B-A3B's model card: 30.5B in total, 3.3B active. */
static void
test_mixture_of_experts (void)
{
  const SyCatalogModel *moe = model ("qwen3:30b-a3b");
  const SyCatalogModel *dense = model ("qwen3:8b");
  SyFitMachine m = machine (16, 0, 64);
  SyFitResult r;

  g_assert_cmpfloat (moe->parameters, ==, 30.5e9);
  g_assert_cmpfloat (moe->active_parameters, ==, 3.3e9);
  g_assert_cmpfloat (dense->active_parameters, ==, dense->parameters);

  /* 30.5e9 × 4.85 / 8 = 18.49e9 bytes = 17.22 GB: more than a 16 GB card,
   * however few parameters each token reads. */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (moe, SY_QUANT_Q4_K_M) / GIB, 17.22, 0.01);
  sy_fit_best (moe, 8192, SY_KV_F16, &m, &r);
  g_assert_cmpint (r.verdict, ==, SY_FIT_PARTIAL);
  g_assert_cmpint (r.quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpstr (sy_catalog_model_get_pull_tag (moe, r.quant), ==, "qwen3:30b-a3b-q4_K_M");
  /* Ollama publishes no Q5_K_M build: it is neither sized nor pulled. */
  g_assert_false (sy_catalog_model_has_quant (moe, SY_QUANT_Q5_K_M));
  g_assert_null (sy_catalog_model_get_pull_tag (moe, SY_QUANT_Q5_K_M));

  /* KV cache: 2 × 48 layers × 4 KV heads × 128 × 8192 × 2 bytes = 0.75 GB */
  g_assert_cmpfloat_with_epsilon (sy_fit_kv_bytes (moe, 8192, SY_KV_F16) / GIB, 0.75, 1e-9);
}

/* How Ollama's library spells a quantisation at the end of a tag. */
static gboolean
tag_names_quant (const SyCatalogModel *info,
                 const char           *tag,
                 SyQuant               quant)
{
  const char *suffix = strrchr (tag, '-');

  /* gpt-oss ships one build, under its bare tag; the tags page documents
   * which quantisation that is (ollama_tag_quant). */
  if (strcmp (tag, info->ollama_tag) == 0 && info->default_tag_quant == quant)
    return TRUE;
  if (suffix == NULL || strchr (suffix, ':') != NULL)
    return FALSE;
  suffix++;

  switch (quant)
    {
    case SY_QUANT_Q4_K_M:
      return strcmp (suffix, "q4_K_M") == 0;
    case SY_QUANT_Q5_K_M:
      return strcmp (suffix, "q5_K_M") == 0;
    case SY_QUANT_Q8_0:
      return strcmp (suffix, "q8_0") == 0;
    case SY_QUANT_F16:
      /* phi3 spells it f16, the others fp16. */
      return strcmp (suffix, "fp16") == 0 || strcmp (suffix, "f16") == 0;
    case SY_QUANT_MXFP4:
      return strcmp (suffix, "mxfp4") == 0;
    case SY_N_QUANTS:
    default:
      return FALSE;
    }
}

/* Issue #15: the row said Q8_0, 9.7 GB and Pull fetched the default
 * (Q4_K_M) build. For every row, at every memory size, the tag pulled
 * names the quantisation that was sized. */
static void
test_pull_tag_matches_sized_quant (void)
{
  const double vram_gb[] = { 0, 2, 4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 64, 80, 96, 128, 160, 192 };
  const guint contexts[] = { 2048, 8192, 32768, 131072 };
  guint n_quants_seen[SY_N_QUANTS] = { 0 };

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);

      for (guint q = 0; q < SY_N_QUANTS; q++)
        g_assert_true (sy_catalog_model_has_quant (info, q) == (sy_catalog_model_get_pull_tag (info, q) != NULL));

      for (guint v = 0; v < G_N_ELEMENTS (vram_gb); v++)
        for (guint c = 0; c < G_N_ELEMENTS (contexts); c++)
          {
            SyFitMachine m = machine (vram_gb[v], 0, 64);
            SyFitResult r;
            const char *tag;

            sy_fit_best (info, contexts[c], SY_KV_F16, &m, &r);
            tag = sy_catalog_model_get_pull_tag (info, r.quant);
            if (tag == NULL || !tag_names_quant (info, tag, r.quant))
              g_error ("%s at %g GB, %u tokens: sized %s, pulls %s", info->id, vram_gb[v], contexts[c],
                       sy_quant_to_string (r.quant), tag != NULL ? tag : "nothing");
            /* The same model, not another one's build. */
            g_assert_true (g_str_has_prefix (tag, info->ollama_tag) ||
                           strncmp (tag, info->ollama_tag, strcspn (info->ollama_tag, ":") + 1) == 0);
            n_quants_seen[r.quant]++;
          }
    }

  /* The memory sizes reach every quantisation, so the check above is not
   * only about Q4_K_M. */
  for (guint q = 0; q < SY_N_QUANTS; q++)
    g_assert_cmpuint (n_quants_seen[q], >, 0);

  /* The two cases of the issue. */
  {
    SyFitMachine m = machine (16, 0, 64);
    SyFitResult r;

    sy_fit_best (model ("llama3.1:8b"), 8192, SY_KV_F16, &m, &r);
    g_assert_cmpint (r.quant, ==, SY_QUANT_Q8_0);
    g_assert_cmpstr (sy_catalog_model_get_pull_tag (model ("llama3.1:8b"), r.quant), ==, "llama3.1:8b-instruct-q8_0");

    m = machine (80, 0, 64);
    sy_fit_best (model ("llama3.1:70b"), 8192, SY_KV_F16, &m, &r);
    g_assert_cmpint (r.quant, ==, SY_QUANT_Q5_K_M);
    g_assert_cmpstr (sy_catalog_model_get_pull_tag (model ("llama3.1:70b"), r.quant), ==, "llama3.1:70b-instruct-q5_K_M");
  }
}

/* Catalogue-wide (issue #15): every build a row offers can be pulled as
 * exactly that build, whatever memory the picker later sizes it for. */
static void
test_catalog_every_quant_has_its_tag (void)
{
  guint n_builds = 0;

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);
      gsize name_length = strcspn (info->ollama_tag, ":");

      for (guint q = 0; q < SY_N_QUANTS; q++)
        {
          const char *tag = sy_catalog_model_get_pull_tag (info, q);

          if (!sy_catalog_model_has_quant (info, q))
            {
              g_assert_null (tag);
              continue;
            }

          if (tag == NULL || !tag_names_quant (info, tag, q))
            g_error ("%s offers %s, but its tag %s does not name that build", info->id,
                     sy_quant_to_string (q), tag != NULL ? tag : "(none)");
          /* The same library entry as the default tag ("nomic-embed-text"
           * or "gemma3:12b"), not another model's. */
          g_assert_cmpint (strncmp (tag, info->ollama_tag, name_length), ==, 0);
          g_assert_cmpint (tag[name_length], ==, ':');
          /* Two builds under one tag would size one file and pull another. */
          for (guint other = q + 1; other < SY_N_QUANTS; other++)
            g_assert_cmpstr (tag, !=, sy_catalog_model_get_pull_tag (info, other));
          n_builds++;
        }

      /* The default tag's documented build is one the row offers. */
      if (info->default_tag_quant != SY_N_QUANTS)
        g_assert_true (sy_catalog_model_has_quant (info, info->default_tag_quant));
    }

  /* 36 rows, most with three or four builds. */
  g_assert_cmpuint (n_builds, >=, 90);

  /* gpt-oss ships MXFP4 only, under its bare tags (DeerSteak/local-ai-bench:
   * "there are no separate Q3/Q4 variants"). */
  g_assert_cmpstr (sy_catalog_model_get_pull_tag (model ("gpt-oss:20b"), SY_QUANT_MXFP4), ==, "gpt-oss:20b");
  g_assert_null (sy_catalog_model_get_pull_tag (model ("gpt-oss:20b"), SY_QUANT_Q4_K_M));
  g_assert_cmpstr (sy_catalog_model_get_pull_tag (model ("gemma3:12b"), SY_QUANT_Q8_0), ==, "gemma3:12b-it-q8_0");
  g_assert_cmpstr (sy_catalog_model_get_pull_tag (model ("deepseek-r1:7b"), SY_QUANT_Q4_K_M), ==,
                   "deepseek-r1:7b-qwen-distill-q4_K_M");
  /* A suffix that names another build is caught. */
  g_assert_false (tag_names_quant (model ("gemma3:12b"), "gemma3:12b-it-q8_0", SY_QUANT_Q4_K_M));
  g_assert_false (tag_names_quant (model ("gemma3:12b"), "gemma3:12b", SY_QUANT_Q8_0));
}

/* Ollama lists sizes in GB of 10^9 bytes. Each estimate is within 10 % of
 * the download its tags page lists; the download also holds the
 * embeddings and the tensors llama.cpp keeps at higher precision, which
 * the bits per weight and unquantised_parameters account for. */
static void
test_catalog_weights_match_published (void)
{
  guint n_checked = 0;

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);

      for (guint q = 0; q < SY_N_QUANTS; q++)
        {
          double estimate, published = info->published_gb[q];

          if (published <= 0)
            continue;

          estimate = sy_fit_weights_bytes (info, q) / 1e9;
          g_test_message ("%s %s: estimate %.2f GB, published %.2f GB (%+.1f %%)", info->id,
                          sy_quant_to_string (q), estimate, published, (estimate / published - 1) * 100);
          if (fabs (estimate / published - 1) > 0.10)
            g_error ("%s %s: estimate %.2f GB is not within 10 %% of the published %.2f GB", info->id,
                     sy_quant_to_string (q), estimate, published);
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >=, 30);

  /* gpt-oss 20B by hand: 24 layers × 32 experts × (2880 × 5760 + 2880 × 2880)
   * = 19.11e9 parameters at 4.25 bits, 1.80e9 at 16 bits:
   * 19.11e9 × 4.25 / 8 + 1.80e9 × 2 = 10,152,187,500 + 3,600,000,000
   * = 13,752,187,500 bytes, against Ollama's 14 GB. */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model ("gpt-oss:20b"), SY_QUANT_MXFP4),
                                  13752187500.0, 1.0);
  /* Were the attention and embeddings MXFP4 too, 20.91e9 × 4.25 / 8
   * = 11.1 GB would be 21 % short: the split is what makes the size. */
  g_assert_cmpfloat (model ("gpt-oss:20b")->parameters * 4.25 / 8 / 1e9, <, 14 * 0.9);
  /* Gemma 3 12B at Q4_K_M: (12.19e9 - 0.417e9) × 4.85 / 8 + 0.417e9 × 2
   * = 7,137,381,250 + 834,000,000 = 7,971,381,250 bytes, against 8.1 GB. */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model ("gemma3:12b"), SY_QUANT_Q4_K_M),
                                  7971381250.0, 1.0);
  /* At 16 bits every parameter is 2 bytes, split or not. */
  g_assert_cmpfloat_with_epsilon (sy_fit_weights_bytes (model ("gemma3:12b"), SY_QUANT_F16),
                                  12.19e9 * 2, 1.0);
}

/* A mixture of experts keeps all its experts in memory and reads the
 * active ones per token. */
static void
test_catalog_mixture_of_experts (void)
{
  const char *moe[] = { "gpt-oss:20b", "gpt-oss:120b", "qwen3:30b-a3b", "qwen3:235b-a22b-q4_K_M" };
  guint n_moe = 0;

  for (guint i = 0; i < G_N_ELEMENTS (moe); i++)
    g_assert_cmpfloat (model (moe[i])->active_parameters, <, model (moe[i])->parameters);

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);

      g_assert_cmpfloat (info->active_parameters, >, 0);
      g_assert_cmpfloat (info->active_parameters, <=, info->parameters);
      g_assert_cmpfloat (info->unquantised_parameters, <, info->parameters);
      if (info->active_parameters < info->parameters)
        n_moe++;
    }
  g_assert_cmpuint (n_moe, ==, G_N_ELEMENTS (moe));

  /* Model cards: 3.6B of 20.9B and 5.1B of 116.8B active. */
  g_assert_cmpfloat_with_epsilon (model ("gpt-oss:20b")->active_parameters, 3.61e9, 1);
  g_assert_cmpfloat_with_epsilon (model ("gpt-oss:120b")->parameters, 116.83e9, 1);
  g_assert_cmpfloat_with_epsilon (model ("gpt-oss:120b")->active_parameters, 5.13e9, 1);

  /* Memory follows the total: at 16 GB with 32 GB of RAM the 20B runs on
   * the card (13.75e9 bytes of weights + 2 × 24 × 8 × 64 × 2 × 4096
   * = 0.20e9 of KV cache + 0.75 GiB overhead = 14.76e9 bytes, under 90 %
   * of 16 GiB = 15.46e9); the 120B's 65 GB does not fit even with RAM. */
  {
    SyFitMachine m = machine (16, 0, 32);
    SyFitResult r;

    sy_fit_best (model ("gpt-oss:20b"), 4096, SY_KV_F16, &m, &r);
    g_assert_cmpint (r.verdict, ==, SY_FIT_GPU);
    g_assert_cmpint (r.quant, ==, SY_QUANT_MXFP4);
    sy_fit_best (model ("gpt-oss:120b"), 4096, SY_KV_F16, &m, &r);
    g_assert_cmpint (r.verdict, ==, SY_FIT_TOO_LARGE);
  }
}

static void
test_sort_and_explain (void)
{
  SyFitMachine m = machine (8, 0, 32);
  SyFitResult small, big, partial;
  g_autofree char *text = NULL;

  sy_fit_best (model ("llama3.2:3b"), 8192, SY_KV_F16, &m, &small);
  sy_fit_best (model ("llama3.1:8b"), 8192, SY_KV_F16, &m, &big);
  sy_fit_best (model ("llama3.1:70b"), 8192, SY_KV_F16, &m, &partial);

  /* Both fit: the bigger model first. Then partial offload. */
  g_assert_cmpint (sy_fit_compare (model ("llama3.1:8b"), &big, model ("llama3.2:3b"), &small), <, 0);
  g_assert_cmpint (sy_fit_compare (model ("llama3.2:3b"), &small, model ("llama3.1:70b"), &partial), <, 0);
  g_assert_cmpint (sy_fit_compare (model ("llama3.1:70b"), &partial, model ("llama3.1:8b"), &big), >, 0);

  text = sy_fit_explain (model ("llama3.1:8b"), &big, SY_KV_F16);
  g_assert_nonnull (strstr (text, "8.03B parameters × 5.69 bits"));
  g_assert_nonnull (strstr (text, "2 × 32 layers × 8 KV heads × 128 × 8k tokens × 2 bytes = 1.0 GiB"));
  g_assert_nonnull (strstr (text, "0.75 GiB"));
  g_assert_null (strstr (text, "flash attention"));
  g_clear_pointer (&text, g_free);

  /* Issue #15: a q8_0 cache only works with flash attention on. */
  g_assert_null (sy_kv_type_get_requirement (SY_KV_F16));
  text = sy_fit_explain (model ("llama3.1:8b"), &big, SY_KV_Q8_0);
  g_assert_nonnull (strstr (text, "\nA q8_0 KV cache needs flash attention: OLLAMA_FLASH_ATTENTION=1 for Ollama, "
                                  "--flash-attn for llama.cpp.\n"));
  g_clear_pointer (&text, g_free);
  /* An embedding model keeps no cache to quantise. */
  text = sy_fit_explain (model ("nomic-embed-text"), &big, SY_KV_Q8_0);
  g_assert_null (strstr (text, "flash attention"));
  g_clear_pointer (&text, g_free);

  text = sy_fit_explain (model ("llama3.1:70b"), &partial, SY_KV_F16);
  g_assert_nonnull (strstr (text, "layers"));
  g_assert_nonnull (strstr (text, "system RAM"));
  g_clear_pointer (&text, g_free);

  /* gpt-oss's attention and embeddings stay at 16 bits beside its MXFP4
   * experts: the sum shows both terms (20.91 − 1.80 = 19.11). */
  m = machine (16, 0, 32);
  sy_fit_best (model ("gpt-oss:20b"), 8192, SY_KV_F16, &m, &big);
  text = sy_fit_explain (model ("gpt-oss:20b"), &big, SY_KV_F16);
  g_assert_nonnull (strstr (text, "19.11B parameters × 4.25 bits ÷ 8 + 1.80B × 2 bytes = "));
}

static void
test_formatting (void)
{
  g_autofree char *a = sy_fit_format_context (8192);
  g_autofree char *b = sy_fit_format_context (128000);
  g_autofree char *c = sy_fit_format_context (15616);
  g_autofree char *d = sy_fit_format_gib (4.5 * GIB);
  g_autofree char *e = sy_fit_format_gib (274e6);
  SyKvType kv;

  g_assert_cmpstr (a, ==, "8k");
  g_assert_cmpstr (b, ==, "128k");
  g_assert_cmpstr (c, ==, "15k");
  g_assert_cmpstr (d, ==, "4.5 GiB");
  g_assert_cmpstr (e, ==, "261 MiB");
  g_assert_true (sy_kv_type_from_string ("q8_0", &kv));
  g_assert_cmpint (kv, ==, SY_KV_Q8_0);
  g_assert_false (sy_kv_type_from_string ("q4", &kv));
}

/* Every "why" of models.json reaches translators (it is among the N_()
 * strings of sy-model-catalog-strings.c) and has a German translation in
 * the build tree's catalogue. Runs last: it leaves the C locale. */
static void
test_catalog_descriptions_translated (void)
{
  const char * const *listed = sy_model_catalog_get_translatable_descriptions ();
  const char *dir = g_getenv ("SWITCHYARD_LOCALEDIR");
  g_autofree char *mo = NULL;

  for (guint i = 0; listed[i] != NULL; i++)
    {
      gboolean used = FALSE;

      for (guint j = 0; j < sy_model_catalog_get_n_models (catalog); j++)
        used |= g_strcmp0 (sy_model_catalog_get_model (catalog, j)->why, listed[i]) == 0;
      if (!used)
        g_error ("sy-model-catalog-strings.c lists “%s”, which no model in models.json has", listed[i]);
    }

  if (!have_german_locale ())
    return;

  g_assert_nonnull (dir);
  mo = g_build_filename (dir, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s is missing: build the translations (ninja -C BUILDDIR)", mo);

  g_assert_nonnull (setlocale (LC_ALL, GERMAN_LOCALE));
  g_setenv ("LANGUAGE", "de", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The catalogue is the German one. */
  g_assert_cmpstr (sy_fit_verdict_get_label (SY_FIT_TOO_LARGE), !=, "Too large");
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *info = sy_model_catalog_get_model (catalog, i);

      if (!g_strv_contains (listed, info->why))
        g_error ("the description of %s, “%s”, is missing from src/core/hardware/sy-model-catalog-strings.c",
                 info->id, info->why);
      if (g_strcmp0 (sy_catalog_model_get_description (info), info->why) == 0)
        g_error ("the description of %s, “%s”, has no German translation in po/de.po", info->id, info->why);
    }

  setlocale (LC_ALL, "C");
  g_setenv ("LANGUAGE", "", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = sy_model_catalog_new_default ();

  g_test_add_func ("/model-fit/catalog/spec-models", test_catalog_spec_models);
  g_test_add_func ("/model-fit/catalog/invalid", test_catalog_invalid);
  g_test_add_func ("/model-fit/weights-match-spec", test_weights_match_spec);
  g_test_add_func ("/model-fit/kv-cache", test_kv_cache);
  g_test_add_func ("/model-fit/sliding-window", test_sliding_window);
  g_test_add_func ("/model-fit/8b-fits-8gb", test_8b_fits_8gb);
  g_test_add_func ("/model-fit/70b-partial", test_70b_partial);
  g_test_add_func ("/model-fit/max-context", test_max_context);
  g_test_add_func ("/model-fit/best-quant", test_best_quant);
  g_test_add_func ("/model-fit/multi-gpu", test_multi_gpu);
  g_test_add_func ("/model-fit/machine-from-hardware", test_machine_from_hardware);
  g_test_add_func ("/model-fit/mixture-of-experts", test_mixture_of_experts);
  g_test_add_func ("/model-fit/catalog/pull-tag-matches-sized-quant", test_pull_tag_matches_sized_quant);
  g_test_add_func ("/model-fit/catalog/every-quant-has-its-tag", test_catalog_every_quant_has_its_tag);
  g_test_add_func ("/model-fit/catalog/weights-match-published", test_catalog_weights_match_published);
  g_test_add_func ("/model-fit/catalog/mixture-of-experts", test_catalog_mixture_of_experts);
  g_test_add_func ("/model-fit/sort-and-explain", test_sort_and_explain);
  g_test_add_func ("/model-fit/formatting", test_formatting);
  g_test_add_func ("/model-fit/catalog/descriptions-translated", test_catalog_descriptions_translated);

  status = g_test_run ();
  g_assert_finalize_object (catalog);

  return status;
}
