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
  char    *source;      /* optional URL the prices were taken from */
  char    *as_of;       /* optional YYYY-MM-DD the prices were current */
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
  char          *source;
  char          *as_of;
  char          *provider;    /* LiteLLM's "litellm_provider", else NULL */
  /* The full price, the optional ones SY_PRICE_UNKNOWN where absent. */
  SyPrice        price;
} PendingEntry;

/* The optional prices, shared by both formats so a new one is one line. */
typedef struct
{
  const char *own_member;      /* member in data/pricing.json */
  const char *litellm_member;  /* member in LiteLLM's list, USD per token */
  gsize       offset;          /* of the double in SyPrice */
} SyOptionalPrice;

extern const SyOptionalPrice sy_optional_prices[];
extern const guint           sy_n_optional_prices;

static inline double *
sy_optional_price_slot (SyPrice               *price,
                        const SyOptionalPrice *optional)
{
  return (double *) (gpointer) ((guint8 *) price + optional->offset);
}

/* A price with both plain prices set and every optional one unknown. */
void        sy_price_init                    (SyPrice       *price,
                                              double         input_per_million,
                                              double         output_per_million,
                                              SyPriceOrigin  origin);

void        sy_price_table_emit_changed      (SyPriceTable  *self);
/* Stores without validating or emitting; returns whether anything changed.
 * @price replaces the whole price, optional ones included; @name, @source
 * and @as_of replace the stored ones unless NULL. */
gboolean    sy_price_table_store_entry       (SyPriceTable  *self,
                                              const char    *model,
                                              const char    *name,
                                              const SyPrice *price,
                                              const char    *source,
                                              const char    *as_of);
/* Whether two prices differ in any figure (the origin aside). */
gboolean    sy_price_differs                 (const SyPrice *a,
                                              const SyPrice *b);
/* The chat models of a LiteLLM list as a GArray of PendingEntry (IMPORTED),
 * their source and as_of unset. All-or-nothing. */
GArray     *sy_price_table_parse_litellm     (const char    *data,
                                              gssize         length,
                                              GError       **error);
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
