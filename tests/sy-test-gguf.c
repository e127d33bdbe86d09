/* sy-test-gguf.c: a small GGUF writer for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-test-gguf.h"

/* The writer */


void
put_u32 (GByteArray *bytes,
         guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (bytes, (const guint8 *) &le, sizeof le);
}

void
put_u64 (GByteArray *bytes,
         guint64     value)
{
  guint64 le = GUINT64_TO_LE (value);

  g_byte_array_append (bytes, (const guint8 *) &le, sizeof le);
}

void
put_string (GByteArray *bytes,
            const char *text)
{
  put_u64 (bytes, strlen (text));
  g_byte_array_append (bytes, (const guint8 *) text, strlen (text));
}

/* Keys first, then tensors, then writer_finish() puts the header in front. */
Writer *
writer_new (void)
{
  Writer *writer = g_new0 (Writer, 1);

  writer->bytes = g_byte_array_new ();
  return writer;
}

void
kv_string (Writer     *w,
           const char *key,
           const char *value)
{
  put_string (w->bytes, key);
  put_u32 (w->bytes, V_STRING);
  put_string (w->bytes, value);
  w->n_keys++;
}

void
kv_u32 (Writer     *w,
        const char *key,
        guint32     value)
{
  put_string (w->bytes, key);
  put_u32 (w->bytes, V_UINT32);
  put_u32 (w->bytes, value);
  w->n_keys++;
}

void
kv_bool (Writer     *w,
         const char *key,
         gboolean    value)
{
  guint8 byte = value ? 1 : 0;

  put_string (w->bytes, key);
  put_u32 (w->bytes, V_BOOL);
  g_byte_array_append (w->bytes, &byte, 1);
  w->n_keys++;
}

void
kv_string_array (Writer     *w,
                 const char *key,
                 guint       count)
{
  put_string (w->bytes, key);
  put_u32 (w->bytes, V_ARRAY);
  put_u32 (w->bytes, V_STRING);
  put_u64 (w->bytes, count);
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *token = g_strdup_printf ("tok%u", i);

      put_string (w->bytes, token);
    }
  w->n_keys++;
}

void
kv_u32_array (Writer     *w,
              const char *key,
              guint       count)
{
  put_string (w->bytes, key);
  put_u32 (w->bytes, V_ARRAY);
  put_u32 (w->bytes, V_UINT32);
  put_u64 (w->bytes, count);
  for (guint i = 0; i < count; i++)
    put_u32 (w->bytes, i);
  w->n_keys++;
}

void
tensor (Writer     *w,
        const char *name,
        guint32     type,
        guint64     dim0,
        guint64     dim1)
{
  put_string (w->bytes, name);
  put_u32 (w->bytes, dim1 > 0 ? 2 : 1);
  put_u64 (w->bytes, dim0);
  if (dim1 > 0)
    put_u64 (w->bytes, dim1);
  put_u32 (w->bytes, type);
  put_u64 (w->bytes, 0);
  w->n_tensors++;
}

GBytes *
writer_finish (Writer  *w,
               guint32  version)
{
  GByteArray *out = g_byte_array_new ();
  GBytes *bytes;

  g_byte_array_append (out, (const guint8 *) "GGUF", 4);
  put_u32 (out, version);
  put_u64 (out, w->n_tensors);
  put_u64 (out, w->n_keys);
  g_byte_array_append (out, w->bytes->data, w->bytes->len);
  bytes = g_byte_array_free_to_bytes (out);

  g_byte_array_unref (w->bytes);
  g_free (w);
  return bytes;
}

/* Fixtures */

GBytes *
llama_fixture (guint32 version)
{
  Writer *w = writer_new ();

  kv_string (w, "general.architecture", "llama");
  kv_string (w, "general.name", "Meta Llama 3.1 8B Instruct");
  kv_u32 (w, "llama.block_count", 32);
  kv_u32 (w, "llama.context_length", 131072);
  kv_u32 (w, "llama.embedding_length", 4096);
  kv_u32 (w, "llama.feed_forward_length", 14336);
  kv_u32 (w, "llama.attention.head_count", 32);
  kv_u32 (w, "llama.attention.head_count_kv", 8);
  kv_u32 (w, "llama.attention.key_length", 128);
  kv_u32 (w, "general.file_type", 15);
  kv_string_array (w, "tokenizer.ggml.tokens", 1000);
  kv_u32_array (w, "tokenizer.ggml.token_type", 1000);
  kv_string (w, "tokenizer.chat_template", "{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}");

  tensor (w, "token_embd.weight", T_Q4_K, 4096, 128256);
  tensor (w, "rope_freqs.weight", T_F32, 64, 0);
  for (guint i = 0; i < 32; i++)
    {
      char name[64];

#define BLOCK_TENSOR(suffix, type, d0, d1) \
      g_snprintf (name, sizeof name, "blk.%u." suffix ".weight", i); \
      tensor (w, name, type, d0, d1)

      BLOCK_TENSOR ("attn_norm", T_F32, 4096, 0);
      BLOCK_TENSOR ("attn_q", T_Q4_K, 4096, 4096);
      BLOCK_TENSOR ("attn_k", T_Q4_K, 4096, 1024);
      BLOCK_TENSOR ("attn_v", T_Q6_K, 4096, 1024);
      BLOCK_TENSOR ("attn_output", T_Q4_K, 4096, 4096);
      BLOCK_TENSOR ("ffn_norm", T_F32, 4096, 0);
      BLOCK_TENSOR ("ffn_gate", T_Q4_K, 4096, 14336);
      BLOCK_TENSOR ("ffn_up", T_Q4_K, 4096, 14336);
      BLOCK_TENSOR ("ffn_down", T_Q6_K, 14336, 4096);
#undef BLOCK_TENSOR
    }
  tensor (w, "output_norm.weight", T_F32, 4096, 0);
  tensor (w, "output.weight", T_Q6_K, 4096, 128256);

  return writer_finish (w, version);
}

