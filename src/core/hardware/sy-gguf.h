/* sy-gguf.h: a GGUF file's header, and the model it describes
 *
 * Reads what llama.cpp and Ollama need to size a model: the metadata
 * (architecture, layers, KV heads, head size, context) and the tensor
 * table (name, shape, ggml type, offset), never the weights themselves.
 * Weight bytes come exactly from the tensor table: for each tensor,
 * elements ÷ block size × bytes per block of its ggml type.
 *
 * A strict, bounded parser: every read is checked against the stream's
 * size, counts and lengths have limits (below), arrays are skipped. Memory
 * stays bounded by the limits whatever the file claims.
 *
 * Format: ggml-org/ggml docs/gguf.md (versions 2 and 3: 64-bit counts and
 * lengths, little-endian).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-model-catalog.h"

G_BEGIN_DECLS

#define SY_GGUF_ERROR (sy_gguf_error_quark ())

typedef enum
{
  SY_GGUF_ERROR_NOT_GGUF,     /* no "GGUF" magic */
  SY_GGUF_ERROR_VERSION,      /* not version 2 or 3 */
  SY_GGUF_ERROR_TRUNCATED,    /* a read past the end of the file */
  SY_GGUF_ERROR_LIMIT,        /* a count, length or dimension over the limits */
  SY_GGUF_ERROR_INVALID,      /* an unknown type, a duplicate, an impossible shape */
  SY_GGUF_ERROR_NOT_A_MODEL,  /* a valid file without what sizing needs */
} SyGgufError;

GQuark sy_gguf_error_quark (void);

/* Limits. Real models stay far below them: Llama 3.1 405B has 1,138
 * tensors and about 40 metadata keys; chat templates are some 10 KiB. */
#define SY_GGUF_MAX_TENSORS     65536
#define SY_GGUF_MAX_KEYS        65536
#define SY_GGUF_MAX_STRING      (1024 * 1024)
#define SY_GGUF_MAX_DIMS        4        /* GGML_MAX_DIMS */

typedef struct
{
  char    *name;
  guint32  n_dims;
  guint64  dims[SY_GGUF_MAX_DIMS];  /* unused ones are 1 */
  guint32  type;                    /* enum ggml_type */
  guint64  offset;                  /* in the data section */
  guint64  n_elements;
  guint64  n_bytes;
} SyGgufTensor;

typedef struct _SyGgufFile SyGgufFile;

/* Reads the header from @stream, whose total size is @size bytes; reads
 * no further than the end of the tensor table. */
SyGgufFile   *sy_gguf_file_new_from_stream (GInputStream  *stream,
                                            guint64        size,
                                            GCancellable  *cancellable,
                                            GError       **error);
SyGgufFile   *sy_gguf_file_new_from_data   (const guint8  *data,
                                            gsize          size,
                                            GError       **error);
SyGgufFile   *sy_gguf_file_new_for_file    (GFile         *file,
                                            GCancellable  *cancellable,
                                            GError       **error);
void          sy_gguf_file_free            (SyGgufFile    *self);

guint32       sy_gguf_file_get_version     (SyGgufFile    *self);
guint         sy_gguf_file_get_n_keys      (SyGgufFile    *self);
guint         sy_gguf_file_get_n_tensors   (SyGgufFile    *self);
const SyGgufTensor *sy_gguf_file_get_tensor (SyGgufFile   *self,
                                            guint          index);
/* A string value; NULL when missing or not a string. */
const char   *sy_gguf_file_get_string      (SyGgufFile    *self,
                                            const char    *key);
/* An integer value of any width, ≥ 0; FALSE when missing, negative or
 * not an integer. */
gboolean      sy_gguf_file_get_uint        (SyGgufFile    *self,
                                            const char    *key,
                                            guint64       *out_value);
/* A boolean; FALSE when missing. */
gboolean      sy_gguf_file_get_bool        (SyGgufFile    *self,
                                            const char    *key,
                                            gboolean      *out_value);
/* Σ tensor elements / bytes, exact. */
double        sy_gguf_file_get_parameters  (SyGgufFile    *self);
double        sy_gguf_file_get_weights_bytes (SyGgufFile  *self);

/* ggml types: "Q4_K"; NULL when unknown. FALSE when @type has no
 * known layout. */
const char   *sy_gguf_type_get_name        (guint32        type);
gboolean      sy_gguf_type_get_layout      (guint32        type,
                                            guint         *out_block_size,
                                            guint         *out_block_bytes);
/* llama.cpp's general.file_type: "Q4_K_M"; NULL when unknown. */
const char   *sy_gguf_file_type_get_name   (guint32        file_type);

/* A model to size like a catalogue one: one quantisation (the file's),
 * exact weight bytes, @fallback_name when the file has no general.name.
 * Free with sy_catalog_model_free(). */
SyCatalogModel *sy_gguf_file_to_model      (SyGgufFile    *self,
                                            const char    *fallback_name,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyGgufFile, sy_gguf_file_free)

G_END_DECLS
