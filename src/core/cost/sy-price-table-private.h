/* sy-price-table-private.h: what sy-price-table*.c share of SyPriceTable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sy-price-table.h"

G_BEGIN_DECLS

typedef struct
{
  char    *id;
  char    *name;        /* optional display name from the own format */
  SyPrice  price;
  /* Place at the top of dup_models(), or -1 to sort by name. It depends
   * on the id, not the origin, so a shipped model edited by the user or
   * reloaded from a saved file keeps its place. */
  int      rank;
} PriceEntry;

struct _SyPriceTable
{
  GObject     parent_instance;

  GHashTable *entries;     /* id → PriceEntry */
  /* BUILTIN entries not in the shipped file rank after it, in load order. */
  int         n_other_builtin;
};

typedef struct
{
  char          *id;
  char          *name;
  double         input;
  double         output;
  SyPriceOrigin  origin;
} PendingEntry;

void        sy_price_table_emit_changed      (SyPriceTable  *self);
/* Stores without validating or emitting; returns whether anything changed. */
gboolean    sy_price_table_store_entry       (SyPriceTable  *self,
                                              const char    *model,
                                              const char    *name,
                                              double         input_per_million,
                                              double         output_per_million,
                                              SyPriceOrigin  origin);
/* A GArray of PendingEntry that frees their strings. */
GArray     *sy_price_table_pending_array_new (void);

/* JSON helpers of both price list formats. */
JsonNode   *sy_price_table_parse_json        (const char    *data,
                                              gssize         length,
                                              GError       **error);
/* FALSE unless @member holds a number. */
gboolean    sy_price_table_get_number_member (JsonObject    *object,
                                              const char    *member,
                                              double        *out_value);
/* NULL unless @member holds a string. */
const char *sy_price_table_get_string_member (JsonObject    *object,
                                              const char    *member);

G_END_DECLS
