/* sy-test-gguf.h: a small GGUF writer for the tests
 *
 * Writes the header, metadata and tensor table of a GGUF file, without
 * tensor data: the reader never needs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ggml types and GGUF value types, as the writer spells them */
#define T_F32  0
#define T_Q4_K 12
#define T_Q6_K 14
#define V_UINT32 4
#define V_BOOL 7
#define V_STRING 8
#define V_ARRAY 9
#define V_UINT64 10

typedef struct
{
  GByteArray *bytes;
  guint       n_tensors;
  guint       n_keys;
} Writer;

void     put_u32          (GByteArray *bytes, guint32 value);
void     put_u64          (GByteArray *bytes, guint64 value);
void     put_string       (GByteArray *bytes, const char *text);
/* Keys first, then tensors, then writer_finish() puts the header in front. */
Writer  *writer_new       (void);
void     kv_string        (Writer *w, const char *key, const char *value);
void     kv_u32           (Writer *w, const char *key, guint32 value);
void     kv_bool          (Writer *w, const char *key, gboolean value);
void     kv_string_array  (Writer *w, const char *key, guint count);
void     kv_u32_array     (Writer *w, const char *key, guint count);
/* A 1-D tensor when @dim1 is 0. */
void     tensor           (Writer *w, const char *name, guint32 type, guint64 dim0, guint64 dim1);
/* Frees @w. */
GBytes  *writer_finish    (Writer *w, guint32 version);

/* Llama 3.1 8B at Q4_K_M, its metadata as llama.cpp's converter writes it
 * (meta-llama/Llama-3.1-8B config.json: 32 layers, 8 KV heads of 128,
 * hidden 4096, FFN 14336, vocabulary 128256, context 131072). A Q4_K_M
 * file mixes Q4_K and Q6_K; here attn_v and ffn_down are Q6_K everywhere.
 *
 * Q4_K: 144 bytes per 256 elements, Q6_K: 210 per 256, F32: 4 per 1.
 * Per block:  norms     2 × 4096 × 4                 =     32,768
 *             attn_q    4096 × 4096 / 256 × 144      =  9,437,184
 *             attn_k    4096 × 1024 / 256 × 144      =  2,359,296
 *             attn_v    4096 × 1024 / 256 × 210      =  3,440,640
 *             attn_out  4096 × 4096 / 256 × 144      =  9,437,184
 *             ffn_gate, ffn_up  2 × 4096 × 14336 / 256 × 144 = 66,060,288
 *             ffn_down  14336 × 4096 / 256 × 210     = 48,168,960
 *                                                      138,936,320 × 32 = 4,445,962,240
 * token_embd  4096 × 128256 / 256 × 144 = 295,501,824
 * output      4096 × 128256 / 256 × 210 = 430,940,160
 * output_norm 4096 × 4 = 16,384; rope_freqs 64 × 4 = 256
 * Weights: 5,172,420,864 bytes.
 * Elements: 32 × 218,112,000 + 2 × 525,336,576 + 4096 + 64 = 8,030,261,312. */
#define LLAMA_WEIGHTS 5172420864.0
#define LLAMA_PARAMETERS 8030261312.0

GBytes  *llama_fixture    (guint32 version);

G_END_DECLS
