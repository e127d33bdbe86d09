/* sy-model-catalog.h: local models the picker knows (data/models.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Quantisations, from the most compact to full precision. */
typedef enum
{
  SY_QUANT_MXFP4,
  SY_QUANT_Q4_K_M,
  SY_QUANT_Q5_K_M,
  SY_QUANT_Q8_0,
  SY_QUANT_F16,
  SY_N_QUANTS,
} SyQuant;

/* Bits per weight of llama.cpp's GGUF quantisations: MXFP4 4.25,
 * Q4_K_M 4.85, Q5_K_M 5.69, Q8_0 8.5, F16 16. */
double       sy_quant_get_bits_per_weight (SyQuant      quant);
const char  *sy_quant_to_string           (SyQuant      quant);
gboolean     sy_quant_from_string         (const char  *text,
                                           SyQuant     *out_quant);

/* Use cases, as stored in models.json and the models-use-case key. */
#define SY_USE_CASE_ALL "all"
/* NULL-terminated: "chat", "coding", "rag", "summarization", "embeddings", "frontier". */
const char * const *sy_use_case_list      (void);
/* Translated label ("General chat"); the id itself when unknown. */
const char  *sy_use_case_get_label        (const char  *use_case);

typedef struct
{
  char     *id;
  char     *name;
  char     *use_case;
  char     *why;
  char     *ollama_tag;       /* the default tag ("llama3.1:8b"), whatever build it is */
  double    parameters;       /* count, e.g. 8.03e9; all experts of a mixture: memory follows it */
  double    active_parameters;/* used per token (a mixture's active experts); = parameters when dense */
  guint     layers;           /* num_hidden_layers */
  guint     kv_heads;         /* num_key_value_heads */
  guint     head_dim;         /* head_dim, or hidden_size / num_attention_heads */
  guint     max_context;      /* max_position_embeddings */
  gboolean  kv_cache;         /* FALSE for encoders (embedding models) */
  /* Sliding-window attention: that many of the layers attend only to the
   * last sliding_window tokens, so their KV cache stops growing there
   * (Gemma 2 and 3, gpt-oss); 0 and 0 when every layer sees the whole
   * context. */
  guint     sliding_window;
  guint     sliding_layers;
  guint     quants;           /* bit mask of 1 << SyQuant */
  char     *quant_tags[SY_N_QUANTS]; /* the Ollama tag of each build; NULL when not offered */
  double    published_q4_gb;  /* SPEC's download size at Q4; 0 when none */
  char     *source;           /* where the architecture numbers come from */
  /* Parameters every build keeps at 16 bits (gpt-oss's attention and
   * embeddings next to its MXFP4 experts, Gemma 3's vision encoder); 0 when
   * the quantisation covers them all. */
  double    unquantised_parameters;
  /* The download size in GB (10^9 bytes) of each build as its Ollama tags
   * page lists it; 0 when not sourced. */
  double    published_gb[SY_N_QUANTS];
  /* The quantisation the default tag (ollama_tag) downloads, as its tags
   * page documents; SY_N_QUANTS when the catalogue does not say. */
  SyQuant   default_tag_quant;
  /* A model read from a GGUF file or Ollama's /api/show (issue #15): */
  double    weights_bytes_exact; /* the file's own weight bytes; 0 when estimated from parameters */
  char     *quant_name;       /* its quantisation ("Q6_K"), NULL for catalogue models */
} SyCatalogModel;

void         sy_catalog_model_free           (SyCatalogModel *model);
/* The quantisation to show for @quant: the file's own name when known. */
const char  *sy_catalog_model_get_quant_name (const SyCatalogModel *model,
                                              SyQuant               quant);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyCatalogModel, sy_catalog_model_free)

#define SY_TYPE_MODEL_CATALOG (sy_model_catalog_get_type ())
G_DECLARE_FINAL_TYPE (SyModelCatalog, sy_model_catalog, SY, MODEL_CATALOG, GObject)

SyModelCatalog    *sy_model_catalog_new_default   (void);
/* { "version": 1, "models": [ { "id", "name", "use_case", "why",
 *   "ollama_tag", "parameters", "layers", "kv_heads", "head_dim",
 *   "max_context", "quants": { "Q4_K_M": "llama3.1:8b-instruct-q4_K_M", .. },
 *   "active_parameters"?, "kv_cache"?, "published_q4_gb"?, "source",
 *   "sliding_window"? (tokens), "sliding_layers"? (how many layers use it),
 *   "unquantised_parameters"?, "published_gb"?: { "Q4_K_M": 4.9, .. },
 *   "ollama_tag_quant"? } ] }. Only quantisations
 *   with a published Ollama tag are listed, so every size the picker
 *   shows can be pulled as that very build. All-or-nothing. */
SyModelCatalog    *sy_model_catalog_new_from_data (const char      *data,
                                                   gssize           length,
                                                   GError         **error);
guint              sy_model_catalog_get_n_models  (SyModelCatalog  *self);
const SyCatalogModel *sy_model_catalog_get_model     (SyModelCatalog  *self,
                                                   guint            index);
/* By id or Ollama tag; NULL when unknown. */
const SyCatalogModel *sy_model_catalog_find          (SyModelCatalog  *self,
                                                   const char      *id_or_tag);

gboolean           sy_catalog_model_has_quant        (const SyCatalogModel *model,
                                                   SyQuant            quant);
/* The Ollama tag that downloads @quant's build; NULL when the catalogue
 * has none for it. */
const char        *sy_catalog_model_get_pull_tag     (const SyCatalogModel *model,
                                                   SyQuant            quant);
/* The model's "why", translated when the catalogue has it. */
const char        *sy_catalog_model_get_description  (const SyCatalogModel *model);

/* NULL-terminated: every "why" of data/models.json as xgettext sees it
 * (sy-model-catalog-strings.c), for the test that keeps the two alike. */
const char * const *sy_model_catalog_get_translatable_descriptions (void);

G_END_DECLS
