/* sy-model-describe.h: models outside the catalogue, sized like those in it
 *
 * A GGUF file (sy-gguf.h) or an installed Ollama model (/api/show) names
 * the same numbers; both become a SyCatalogModel with one quantisation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-backend.h"
#include "sy-model-catalog.h"

G_BEGIN_DECLS

/* What sizing needs of a model outside the catalogue, named after the
 * GGUF keys (Ollama's /api/show repeats them in "model_info"). Strings
 * are borrowed. */
typedef struct
{
  const char *name;
  const char *architecture;
  const char *ollama_tag;          /* NULL for a file */
  const char *quant_name;          /* "Q4_K_M", "Q6_K"; NULL when unknown */
  const char *source;              /* where the numbers come from */
  guint64     block_count;
  guint64     head_count;
  guint64     head_count_kv;       /* 0: = head_count */
  guint64     key_length;          /* 0: embedding_length / head_count */
  guint64     embedding_length;
  guint64     context_length;
  guint64     expert_count;
  guint64     expert_used_count;
  guint64     sliding_window;      /* attention.sliding_window; 0: none given */
  gboolean    encoder;             /* <arch>.attention.causal = false: no KV cache */
  double      parameters;
  double      active_parameters;   /* 0: = parameters */
  double      weights_bytes_exact; /* 0: parameters × the quantisation's bits */
} SyModelDescription;

/* A catalogue-like model with one quantisation: @description's when the
 * catalogue knows it, else the nearest in bits per weight (with its own
 * name kept in quant_name). Free with sy_catalog_model_free(). */
SyCatalogModel *sy_catalog_model_new_described (const SyModelDescription  *description,
                                                GError                   **error);

/* An installed Ollama model from /api/show (@details) and /api/tags
 * (@file_bytes, the model file's size, 0 when unknown; it stands for the
 * weights, which are all but a few MB of it). */
SyCatalogModel *sy_catalog_model_new_from_ollama (const char            *tag,
                                                  const SyModelDetails  *details,
                                                  guint64                file_bytes,
                                                  GError               **error);

G_END_DECLS
