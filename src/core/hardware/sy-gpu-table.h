/* sy-gpu-table.h: GPUs one can buy, and what decoding speed depends on
 * (data/gpus.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char    *id;             /* "rtx-4090" */
  char    *name;           /* "RTX 4090" */
  char    *vendor;         /* "NVIDIA" */
  GStrv    match;          /* word sequences a detected name contains ("RTX 4090") */
  double   memory_gb;      /* as sold (GiB) */
  double   bandwidth_gbps; /* memory bandwidth, 10^9 bytes/s */
  double   board_power_w;
  double   price_usd;
  char    *price_date;     /* "2022-10" */
  char    *price_kind;     /* "launch MSRP", or why it is not one */
  char    *source;         /* the specification page */
  char    *price_source;
} SyGpuSpec;

#define SY_TYPE_GPU_TABLE (sy_gpu_table_get_type ())
G_DECLARE_FINAL_TYPE (SyGpuTable, sy_gpu_table, SY, GPU_TABLE, GObject)

/* The shipped table; aborts if it is broken (a build defect). */
SyGpuTable      *sy_gpu_table_new_default   (void);
/* { "version": 1, "gpus": [ { "id", "name", "vendor", "match": [..],
 *   "memory_gb", "bandwidth_gbps", "board_power_w", "price_usd",
 *   "price_date", "price_kind", "source", "price_source" } ] }.
 * All-or-nothing; ids are unique. */
SyGpuTable      *sy_gpu_table_new_from_data (const char  *data,
                                             gssize       length,
                                             GError     **error);
guint            sy_gpu_table_get_n_gpus    (SyGpuTable  *self);
const SyGpuSpec *sy_gpu_table_get_gpu       (SyGpuTable  *self,
                                             guint        index);
/* What a user typed: the id, the name or one of the match strings,
 * case-insensitively ("rtx-4090", "RTX 4090", "rx 7900 xtx"); NULL when none. */
const SyGpuSpec *sy_gpu_table_lookup        (SyGpuTable  *self,
                                             const char  *id_or_name);
/* A detected GPU's name ("NVIDIA GeForce RTX 4090"): the entry one of
 * whose match strings appears in it word by word, not followed by "Ti",
 * "Super", "XT" or "XTX" (a different, bigger card); the longest match
 * wins. NULL when none. */
const SyGpuSpec *sy_gpu_table_match         (SyGpuTable  *self,
                                             const char  *detected_name);
/* "RTX 3060 12 GB, RTX 3090, …" for error messages. */
char            *sy_gpu_table_dup_names     (SyGpuTable  *self);

G_END_DECLS
