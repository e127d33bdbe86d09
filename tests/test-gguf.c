/* test-gguf.c: the GGUF header reader and the models it sizes
 *
 * The fixtures are written here by a small GGUF writer: header, metadata
 * and tensor table, without tensor data (the reader never needs it).
 * Byte counts are computed by hand in the comments; GB are GiB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sy-gguf.h"
#include "sy-model-fit.h"
#include "sy-test-gguf.h"

#define GIB SY_FIT_GIB

/* A small mixture (Mixtral-like, scaled down): 2 blocks, 4 experts of
 * which 2 are used, no key_length (head size 512 / 8 = 64), Q6_K
 * (file type 18, not a catalogue quantisation).
 * Per block: attn_q 512 × 512 Q6_K = 262,144 el, 215,040 B
 *            ffn_gate_exps, ffn_up_exps 512 × 1024 × 4 experts... written as
 *            [512, 4096] = 2,097,152 el each, 1,720,320 B each
 *            ffn_gate_inp 512 × 4 F32 = 2,048 el, 8,192 B
 * Block: 4,458,496 el; 3,663,872 B. Two blocks: 8,916,992 el, 7,327,744 B.
 * Expert elements: 2 × 2 × 2,097,152 = 8,388,608; active: 8,916,992 −
 * 8,388,608 + 8,388,608 × 2 / 4 = 4,722,688. */
static GBytes *
mixture_fixture (void)
{
  Writer *w = writer_new ();

  kv_string (w, "general.architecture", "llama");
  kv_u32 (w, "llama.block_count", 2);
  kv_u32 (w, "llama.context_length", 32768);
  kv_u32 (w, "llama.embedding_length", 512);
  kv_u32 (w, "llama.attention.head_count", 8);
  kv_u32 (w, "llama.attention.head_count_kv", 2);
  kv_u32 (w, "llama.expert_count", 4);
  kv_u32 (w, "llama.expert_used_count", 2);
  kv_u32 (w, "general.file_type", 18);
  for (guint i = 0; i < 2; i++)
    {
      char name[64];

      g_snprintf (name, sizeof name, "blk.%u.attn_q.weight", i);
      tensor (w, name, T_Q6_K, 512, 512);
      g_snprintf (name, sizeof name, "blk.%u.ffn_gate_exps.weight", i);
      tensor (w, name, T_Q6_K, 512, 4096);
      g_snprintf (name, sizeof name, "blk.%u.ffn_up_exps.weight", i);
      tensor (w, name, T_Q6_K, 512, 4096);
      g_snprintf (name, sizeof name, "blk.%u.ffn_gate_inp.weight", i);
      tensor (w, name, T_F32, 512, 4);
    }

  return writer_finish (w, 3);
}

static SyGgufFile *
read_bytes (GBytes  *bytes,
            GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return sy_gguf_file_new_from_data (data, size, error);
}

/* Reading */

static void
test_llama_header (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = read_bytes (bytes, &error);
  const SyGgufTensor *embd, *down;
  guint64 value = 0;

  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (sy_gguf_file_get_version (file), ==, 3);
  g_assert_cmpuint (sy_gguf_file_get_n_keys (file), ==, 13);
  g_assert_cmpuint (sy_gguf_file_get_n_tensors (file), ==, 4 + 32 * 9);
  g_assert_cmpstr (sy_gguf_file_get_string (file, "general.architecture"), ==, "llama");
  g_assert_true (sy_gguf_file_get_uint (file, "llama.context_length", &value));
  g_assert_cmpuint (value, ==, 131072);
  /* Arrays are skipped, not kept. */
  g_assert_false (sy_gguf_file_get_uint (file, "tokenizer.ggml.token_type", &value));
  g_assert_null (sy_gguf_file_get_string (file, "tokenizer.ggml.tokens"));
  g_assert_null (sy_gguf_file_get_string (file, "llama.block_count"));

  embd = sy_gguf_file_get_tensor (file, 0);
  g_assert_cmpstr (embd->name, ==, "token_embd.weight");
  g_assert_cmpuint (embd->n_dims, ==, 2);
  g_assert_cmpuint (embd->dims[1], ==, 128256);
  g_assert_cmpuint (embd->type, ==, T_Q4_K);
  g_assert_cmpuint (embd->n_bytes, ==, 295501824);
  down = sy_gguf_file_get_tensor (file, sy_gguf_file_get_n_tensors (file) - 3);
  g_assert_cmpstr (down->name, ==, "blk.31.ffn_down.weight");
  g_assert_cmpuint (down->n_bytes, ==, 48168960);

  g_assert_cmpfloat (sy_gguf_file_get_weights_bytes (file), ==, LLAMA_WEIGHTS);
  g_assert_cmpfloat (sy_gguf_file_get_parameters (file), ==, LLAMA_PARAMETERS);
}

/* Every scalar type, little-endian: integers of any width read as
 * numbers ≥ 0, floats and negative ones do not. */
static void
put_scalar (Writer       *w,
            const char   *key,
            guint32       type,
            const guint8 *le_bytes,
            gsize         size)
{
  put_string (w->bytes, key);
  put_u32 (w->bytes, type);
  g_byte_array_append (w->bytes, le_bytes, (guint) size);
  w->n_keys++;
}

static void
test_scalar_types (void)
{
  Writer *w = writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = NULL;
  guint64 value = 0;
  gboolean flag = FALSE;

  put_scalar (w, "u8", 0, (const guint8 *) "\xfe", 1);
  put_scalar (w, "i8", 1, (const guint8 *) "\xfe", 1);
  put_scalar (w, "u16", 2, (const guint8 *) "\x34\x12", 2);
  put_scalar (w, "i16", 3, (const guint8 *) "\x34\x12", 2);
  put_scalar (w, "i32-negative", 5, (const guint8 *) "\xff\xff\xff\xff", 4);
  put_scalar (w, "f32", 6, (const guint8 *) "\x00\x00\x80\x3f", 4);
  put_scalar (w, "u64", 10, (const guint8 *) "\x01\x00\x00\x00\x01\x00\x00\x00", 8);
  put_scalar (w, "i64", 11, (const guint8 *) "\x00\x00\x00\x00\x00\x00\x00\x40", 8);
  put_scalar (w, "f64", 12, (const guint8 *) "\x00\x00\x00\x00\x00\x00\xf0\x3f", 8);
  kv_bool (w, "yes", TRUE);
  bytes = writer_finish (w, 3);

  file = read_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (sy_gguf_file_get_uint (file, "u8", &value));
  g_assert_cmpuint (value, ==, 254);
  /* −2 */
  g_assert_false (sy_gguf_file_get_uint (file, "i8", &value));
  g_assert_true (sy_gguf_file_get_uint (file, "u16", &value));
  g_assert_cmpuint (value, ==, 0x1234);
  g_assert_true (sy_gguf_file_get_uint (file, "i16", &value));
  g_assert_cmpuint (value, ==, 0x1234);
  g_assert_false (sy_gguf_file_get_uint (file, "i32-negative", &value));
  g_assert_false (sy_gguf_file_get_uint (file, "f32", &value));
  g_assert_true (sy_gguf_file_get_uint (file, "u64", &value));
  g_assert_cmpuint (value, ==, G_GUINT64_CONSTANT (0x100000001));
  g_assert_true (sy_gguf_file_get_uint (file, "i64", &value));
  g_assert_cmpuint (value, ==, G_GUINT64_CONSTANT (0x4000000000000000));
  g_assert_false (sy_gguf_file_get_uint (file, "f64", &value));
  g_assert_false (sy_gguf_file_get_uint (file, "yes", &value));
  g_assert_true (sy_gguf_file_get_bool (file, "yes", &flag));
  g_assert_true (flag);
  g_assert_false (sy_gguf_file_get_bool (file, "u8", &flag));
  g_assert_false (sy_gguf_file_get_uint (file, "missing", &value));
}

static void
test_version_2 (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = read_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sy_gguf_file_get_version (file), ==, 2);
  g_assert_cmpfloat (sy_gguf_file_get_weights_bytes (file), ==, LLAMA_WEIGHTS);
}

static void
test_read_from_file (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-gguf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "llama.gguf", NULL);
  g_autoptr(GFile) gfile = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/model.gguf");
  g_autoptr(SyGgufFile) file = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  file = sy_gguf_file_new_for_file (gfile, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sy_gguf_file_get_weights_bytes (file), ==, LLAMA_WEIGHTS);

  g_assert_null (sy_gguf_file_new_for_file (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_type_layouts (void)
{
  /* ggml-common.h block structs, see sy-gguf.c */
  const struct { guint32 type; const char *name; guint block; guint bytes; } expected[] = {
    { 0, "F32", 1, 4 }, { 1, "F16", 1, 2 }, { 2, "Q4_0", 32, 18 }, { 8, "Q8_0", 32, 34 },
    { 12, "Q4_K", 256, 144 }, { 14, "Q6_K", 256, 210 }, { 23, "IQ4_XS", 256, 136 },
    { 30, "BF16", 1, 2 }, { 39, "MXFP4", 32, 17 },
  };
  guint block, block_bytes;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (sy_gguf_type_get_layout (expected[i].type, &block, &block_bytes));
      g_assert_cmpstr (sy_gguf_type_get_name (expected[i].type), ==, expected[i].name);
      g_assert_cmpuint (block, ==, expected[i].block);
      g_assert_cmpuint (block_bytes, ==, expected[i].bytes);
    }
  /* Removed types (Q4_2) and out of range */
  g_assert_false (sy_gguf_type_get_layout (4, &block, &block_bytes));
  g_assert_false (sy_gguf_type_get_layout (99, &block, &block_bytes));
  g_assert_cmpstr (sy_gguf_file_type_get_name (15), ==, "Q4_K_M");
  g_assert_cmpstr (sy_gguf_file_type_get_name (38), ==, "MXFP4_MOE");
  g_assert_null (sy_gguf_file_type_get_name (5));
  g_assert_null (sy_gguf_file_type_get_name (5000));
}

/* The model and its fit */

static void
test_llama_model_fit (void)
{
  g_autoptr(GBytes) bytes = llama_fixture (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = read_bytes (bytes, &error);
  g_autoptr(SyCatalogModel) model = sy_gguf_file_to_model (file, "llama.gguf", &error);
  SyFitMachine big = { { 12 * GIB }, 1, 32 * GIB };
  SyFitMachine small = { { 6 * GIB }, 1, 32 * GIB };
  SyFitResult result;
  g_autofree char *explain = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (model->name, ==, "Meta Llama 3.1 8B Instruct");
  g_assert_cmpuint (model->layers, ==, 32);
  g_assert_cmpuint (model->kv_heads, ==, 8);
  g_assert_cmpuint (model->head_dim, ==, 128);
  g_assert_cmpuint (model->max_context, ==, 131072);
  g_assert_true (model->kv_cache);
  g_assert_cmpfloat (model->parameters, ==, LLAMA_PARAMETERS);
  g_assert_cmpfloat (model->active_parameters, ==, LLAMA_PARAMETERS);
  g_assert_cmpfloat (model->weights_bytes_exact, ==, LLAMA_WEIGHTS);
  /* File type 15 is the catalogue's Q4_K_M, and the only build. */
  g_assert_true (sy_catalog_model_has_quant (model, SY_QUANT_Q4_K_M));
  g_assert_false (sy_catalog_model_has_quant (model, SY_QUANT_Q8_0));
  g_assert_null (model->quant_name);
  g_assert_cmpstr (sy_catalog_model_get_quant_name (model, SY_QUANT_Q4_K_M), ==, "Q4_K_M");
  g_assert_null (sy_catalog_model_get_pull_tag (model, SY_QUANT_Q4_K_M));

  /* 12 GB: 5,172,420,864 + KV 2 × 32 × 8 × 128 × 8192 × 2 = 1,073,741,824
   * + 0.75 GB = 7,051,469,056 ≤ 0.9 × 12 GB − 0.75 GB: on the GPU. The
   * estimate (8.03e9 × 4.85 / 8 = 4.87e9) would be 0.3 GB lower. */
  sy_fit_best (model, 8192, SY_KV_F16, &big, &result);
  g_assert_cmpint (result.quant, ==, SY_QUANT_Q4_K_M);
  g_assert_cmpfloat (result.weights_bytes, ==, LLAMA_WEIGHTS);
  g_assert_cmpfloat (result.kv_bytes, ==, 1073741824.0);
  g_assert_cmpfloat (result.total_bytes, ==, 7051469056.0);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);

  /* 6 GB: room 0.9 × 6 GB − 0.75 GB = 4,992,899,481.6 < 6,246,162,688:
   * partial, floor (32 × 4,992,899,481.6 / 6,246,162,688) = 25 layers. */
  sy_fit_best (model, 8192, SY_KV_F16, &small, &result);
  g_assert_cmpint (result.verdict, ==, SY_FIT_PARTIAL);
  g_assert_cmpuint (result.gpu_layers, ==, 25);
  g_assert_cmpfloat_with_epsilon (result.ram_bytes, 1253263206.4, 1.0);

  explain = sy_fit_explain (model, &result, SY_KV_F16);
  g_assert_nonnull (strstr (explain, "Weights: 8.03B parameters at Q4_K_M, as stored in the model file = 4.8 GiB"));
}

static void
test_mixture_model (void)
{
  g_autoptr(GBytes) bytes = mixture_fixture ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = read_bytes (bytes, &error);
  g_autoptr(SyCatalogModel) model = sy_gguf_file_to_model (file, "tiny-moe.gguf", &error);
  SyFitMachine machine = { { 8 * GIB }, 1, 16 * GIB };
  SyFitResult result;

  g_assert_no_error (error);
  /* No general.name: the fallback */
  g_assert_cmpstr (model->name, ==, "tiny-moe.gguf");
  g_assert_cmpuint (model->kv_heads, ==, 2);
  /* No key_length: 512 / 8 */
  g_assert_cmpuint (model->head_dim, ==, 64);
  g_assert_cmpfloat (model->parameters, ==, 8916992.0);
  g_assert_cmpfloat (model->active_parameters, ==, 4722688.0);
  g_assert_cmpfloat (model->weights_bytes_exact, ==, 7327744.0);
  /* Q6_K is no catalogue quantisation: 7,327,744 × 8 / 8,916,992 = 6.57
   * bits, nearest Q5_K_M (5.69), labelled with its own name. */
  g_assert_cmpstr (model->quant_name, ==, "Q6_K");
  g_assert_true (sy_catalog_model_has_quant (model, SY_QUANT_Q5_K_M));
  sy_fit_best (model, 8192, SY_KV_F16, &machine, &result);
  g_assert_cmpstr (sy_catalog_model_get_quant_name (model, result.quant), ==, "Q6_K");
  g_assert_cmpfloat (result.weights_bytes, ==, 7327744.0);
  g_assert_cmpint (result.verdict, ==, SY_FIT_GPU);
}

static void
test_encoder_model (void)
{
  Writer *w = writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = NULL;
  g_autoptr(SyCatalogModel) model = NULL;

  kv_string (w, "general.architecture", "nomic-bert");
  kv_u32 (w, "nomic-bert.block_count", 12);
  kv_u32 (w, "nomic-bert.context_length", 2048);
  kv_u32 (w, "nomic-bert.embedding_length", 768);
  kv_u32 (w, "nomic-bert.attention.head_count", 12);
  kv_bool (w, "nomic-bert.attention.causal", FALSE);
  tensor (w, "token_embd.weight", 1, 768, 30528);
  bytes = writer_finish (w, 3);

  file = read_bytes (bytes, &error);
  g_assert_no_error (error);
  model = sy_gguf_file_to_model (file, "nomic.gguf", &error);
  g_assert_no_error (error);
  g_assert_false (model->kv_cache);
  g_assert_cmpstr (model->use_case, ==, "embeddings");
  /* F16: 768 × 30528 × 2 */
  g_assert_cmpfloat (model->weights_bytes_exact, ==, 46891008.0);
  g_assert_cmpfloat (sy_fit_kv_bytes (model, 2048, SY_KV_F16), ==, 0);
}

/* Which layers slide is the architecture's (llama.cpp's set_swa_pattern),
 * the window the file's: Gemma 3 with 62 blocks has 52 sliding layers (the
 * sixth of each group global), Gemma 2 slides on every other with 4096
 * when the file does not say; another architecture's window is not
 * guessed at. */
static void
test_sliding_window_model (void)
{
  const struct
  {
    const char *architecture;
    guint       window;       /* 0: not in the file */
    guint       sliding_window;
    guint       sliding_layers;
  } cases[] = {
    { "gemma3", 1024, 1024, 52 },
    { "gemma2", 0, 4096, 31 },
    { "gptoss", 128, 128, 31 },
    { "llama", 4096, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Writer *w = writer_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SyGgufFile) file = NULL;
      g_autoptr(SyCatalogModel) model = NULL;
      guint blocks = i == 0 ? 62 : 61;
      g_autofree char *arch_key = g_strdup_printf ("%s.block_count", cases[i].architecture);
      g_autofree char *context_key = g_strdup_printf ("%s.context_length", cases[i].architecture);
      g_autofree char *embedding_key = g_strdup_printf ("%s.embedding_length", cases[i].architecture);
      g_autofree char *heads_key = g_strdup_printf ("%s.attention.head_count", cases[i].architecture);
      g_autofree char *window_key = g_strdup_printf ("%s.attention.sliding_window", cases[i].architecture);

      kv_string (w, "general.architecture", cases[i].architecture);
      kv_u32 (w, arch_key, blocks);
      kv_u32 (w, context_key, 32768);
      kv_u32 (w, embedding_key, 512);
      kv_u32 (w, heads_key, 8);
      if (cases[i].window > 0)
        kv_u32 (w, window_key, cases[i].window);
      tensor (w, "token_embd.weight", T_F32, 512, 1000);
      bytes = writer_finish (w, 3);

      file = read_bytes (bytes, &error);
      g_assert_no_error (error);
      model = sy_gguf_file_to_model (file, "swa.gguf", &error);
      g_assert_no_error (error);
      g_test_message ("%s", cases[i].architecture);
      g_assert_cmpuint (model->sliding_window, ==, cases[i].sliding_window);
      g_assert_cmpuint (model->sliding_layers, ==, cases[i].sliding_layers);
    }
}

/* Bad files */

static void
assert_fails (GBytes     *bytes,
              gint        code,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = read_bytes (bytes, &error);

  g_assert_null (file);
  g_assert_error (error, SY_GGUF_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
}

static void
test_garbage (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) text = g_bytes_new_static ("{\"models\": []}", 14);
  g_autoptr(GBytes) magic_only = g_bytes_new_static ("GGU", 3);

  assert_fails (empty, SY_GGUF_ERROR_NOT_GGUF, "Not a GGUF file");
  assert_fails (text, SY_GGUF_ERROR_NOT_GGUF, "Not a GGUF file");
  assert_fails (magic_only, SY_GGUF_ERROR_NOT_GGUF, "Not a GGUF file");
}

/* Every prefix of a valid file fails cleanly, at the byte it ends. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = mixture_fixture ();
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize cut = 4; cut < size; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SyGgufFile) file = sy_gguf_file_new_from_data (data, cut, &error);

      g_assert_null (file);
      g_assert_error (error, SY_GGUF_ERROR, SY_GGUF_ERROR_TRUNCATED);
      g_assert_true (g_str_has_prefix (error->message, "Truncated at byte "));
      /* The byte named is where the short read began: before the cut. */
      g_assert_cmpuint (g_ascii_strtoull (error->message + strlen ("Truncated at byte "), NULL, 10), <=, cut);
    }
}

static GBytes *
header_only (guint32 version,
             guint64 n_tensors,
             guint64 n_keys,
             Writer *w)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "GGUF", 4);
  put_u32 (out, version);
  put_u64 (out, n_tensors);
  put_u64 (out, n_keys);
  if (w != NULL)
    {
      g_byte_array_append (out, w->bytes->data, w->bytes->len);
      g_byte_array_unref (w->bytes);
      g_free (w);
    }
  return g_byte_array_free_to_bytes (out);
}

static void
test_oversized (void)
{
  g_autoptr(GBytes) tensors = header_only (3, G_MAXUINT64, 0, NULL);
  g_autoptr(GBytes) keys = header_only (3, 0, (guint64) SY_GGUF_MAX_KEYS + 1, NULL);
  g_autoptr(GBytes) many_keys = header_only (3, 0, 1000, NULL);
  g_autoptr(GBytes) version1 = header_only (1, 0, 0, NULL);
  g_autoptr(GBytes) version4 = header_only (4, 0, 0, NULL);
  g_autoptr(GBytes) long_string = NULL;
  g_autoptr(GBytes) huge_array = NULL;
  g_autoptr(GBytes) nested_array = NULL;
  g_autoptr(GBytes) bad_value = NULL;
  Writer *w;

  assert_fails (tensors, SY_GGUF_ERROR_LIMIT, "18446744073709551615 tensors (at most 65536)");
  assert_fails (keys, SY_GGUF_ERROR_LIMIT, "65537 metadata keys");
  /* Announced but absent: no allocation for them, a truncation. */
  assert_fails (many_keys, SY_GGUF_ERROR_TRUNCATED, "Truncated at byte 24");
  assert_fails (version1, SY_GGUF_ERROR_VERSION, "GGUF version 1 is not supported");
  assert_fails (version4, SY_GGUF_ERROR_VERSION, "GGUF version 4");

  w = writer_new ();
  put_u64 (w->bytes, G_MAXUINT64 / 2);
  long_string = header_only (3, 0, 1, w);
  assert_fails (long_string, SY_GGUF_ERROR_LIMIT, "bytes at byte 24 (at most 1048576)");

  w = writer_new ();
  put_string (w->bytes, "tokenizer.ggml.tokens");
  put_u32 (w->bytes, V_ARRAY);
  put_u32 (w->bytes, V_UINT64);
  put_u64 (w->bytes, G_MAXUINT64 / 4);
  huge_array = header_only (3, 0, 1, w);
  assert_fails (huge_array, SY_GGUF_ERROR_TRUNCATED, "Truncated at byte");

  w = writer_new ();
  put_string (w->bytes, "nested");
  put_u32 (w->bytes, V_ARRAY);
  put_u32 (w->bytes, V_ARRAY);
  put_u64 (w->bytes, 1);
  nested_array = header_only (3, 0, 1, w);
  assert_fails (nested_array, SY_GGUF_ERROR_INVALID, "An array of arrays");

  w = writer_new ();
  put_string (w->bytes, "odd");
  put_u32 (w->bytes, 13);
  put_u64 (w->bytes, 0);
  bad_value = header_only (3, 0, 1, w);
  assert_fails (bad_value, SY_GGUF_ERROR_INVALID, "Unknown value type 13");
}

static void
test_bad_tensors (void)
{
  g_autoptr(GBytes) unknown_type = NULL;
  g_autoptr(GBytes) five_dims = NULL;
  g_autoptr(GBytes) not_blocks = NULL;
  g_autoptr(GBytes) huge_dims = NULL;
  g_autoptr(GBytes) duplicate = NULL;
  g_autoptr(GBytes) duplicate_key = NULL;
  Writer *w;

  w = writer_new ();
  tensor (w, "blk.0.attn_q.weight", 99, 256, 256);
  unknown_type = writer_finish (w, 3);
  assert_fails (unknown_type, SY_GGUF_ERROR_INVALID, "Unknown tensor type 99");

  w = writer_new ();
  put_string (w->bytes, "t");
  put_u32 (w->bytes, 5);
  w->n_tensors++;
  five_dims = writer_finish (w, 3);
  assert_fails (five_dims, SY_GGUF_ERROR_LIMIT, "Tensor “t” has 5 dimensions");

  w = writer_new ();
  tensor (w, "t", T_Q4_K, 100, 1);
  not_blocks = writer_finish (w, 3);
  assert_fails (not_blocks, SY_GGUF_ERROR_INVALID, "100 is not a multiple of Q4_K's block of 256");

  w = writer_new ();
  tensor (w, "t", T_F32, G_MAXUINT32, G_MAXUINT32);
  huge_dims = writer_finish (w, 3);
  assert_fails (huge_dims, SY_GGUF_ERROR_LIMIT, "too many elements");

  w = writer_new ();
  tensor (w, "t", T_F32, 4, 0);
  tensor (w, "t", T_F32, 4, 0);
  duplicate = writer_finish (w, 3);
  assert_fails (duplicate, SY_GGUF_ERROR_INVALID, "Duplicate tensor “t”");

  w = writer_new ();
  kv_u32 (w, "llama.block_count", 2);
  kv_u32 (w, "llama.block_count", 3);
  duplicate_key = writer_finish (w, 3);
  assert_fails (duplicate_key, SY_GGUF_ERROR_INVALID, "Duplicate key “llama.block_count”");
}

static void
test_not_a_model (void)
{
  Writer *w = writer_new ();
  g_autoptr(GBytes) no_arch = NULL;
  g_autoptr(GBytes) no_layers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = NULL;
  g_autoptr(SyCatalogModel) model = NULL;

  tensor (w, "t", T_F32, 4, 0);
  no_arch = writer_finish (w, 3);
  file = read_bytes (no_arch, &error);
  g_assert_no_error (error);
  model = sy_gguf_file_to_model (file, "x.gguf", &error);
  g_assert_null (model);
  g_assert_error (error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_A_MODEL);
  g_assert_nonnull (strstr (error->message, "general.architecture"));
  g_clear_error (&error);
  g_clear_pointer (&file, sy_gguf_file_free);

  w = writer_new ();
  kv_string (w, "general.architecture", "llama");
  kv_u32 (w, "llama.context_length", 4096);
  tensor (w, "t", T_F32, 4, 0);
  no_layers = writer_finish (w, 3);
  file = read_bytes (no_layers, &error);
  g_assert_no_error (error);
  model = sy_gguf_file_to_model (file, "x.gguf", &error);
  g_assert_null (model);
  g_assert_error (error, SY_GGUF_ERROR, SY_GGUF_ERROR_NOT_A_MODEL);
  g_assert_cmpstr (error->message, ==, "x.gguf: the model's block_count is missing");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gguf/read/llama", test_llama_header);
  g_test_add_func ("/gguf/read/version-2", test_version_2);
  g_test_add_func ("/gguf/read/scalar-types", test_scalar_types);
  g_test_add_func ("/gguf/read/file", test_read_from_file);
  g_test_add_func ("/gguf/read/type-layouts", test_type_layouts);
  g_test_add_func ("/gguf/model/llama-fit", test_llama_model_fit);
  g_test_add_func ("/gguf/model/mixture", test_mixture_model);
  g_test_add_func ("/gguf/model/encoder", test_encoder_model);
  g_test_add_func ("/gguf/model/sliding-window", test_sliding_window_model);
  g_test_add_func ("/gguf/bad/garbage", test_garbage);
  g_test_add_func ("/gguf/bad/truncated", test_truncated);
  g_test_add_func ("/gguf/bad/oversized", test_oversized);
  g_test_add_func ("/gguf/bad/tensors", test_bad_tensors);
  g_test_add_func ("/gguf/bad/not-a-model", test_not_a_model);

  return g_test_run ();
}
