/* sy-price-table.h: API prices per million tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where a price came from. An import never replaces a USER price. */
typedef enum
{
  SY_PRICE_ORIGIN_BUILTIN,   /* shipped data/pricing.json */
  SY_PRICE_ORIGIN_IMPORTED,  /* a LiteLLM price list the user imported */
  SY_PRICE_ORIGIN_USER,      /* typed in or edited by the user */
} SyPriceOrigin;

/* The optional prices are SY_PRICE_UNKNOWN (negative) where the table has
 * none; the cost model then falls back as SPEC says (cached input at the
 * plain input price, batch at 50 %, reasoning at the output price, no
 * long-context tier). */
#define SY_PRICE_UNKNOWN (-1.0)

typedef struct
{
  double        input_per_million;   /* USD per 1M input tokens */
  double        output_per_million;  /* USD per 1M output tokens */
  double        cached_input_per_million;
  double        batch_input_per_million;
  double        batch_output_per_million;
  double        reasoning_per_million;
  /* Prices for requests above 200k input tokens (LiteLLM's
   * *_above_200k_tokens), where the provider charges more for long context. */
  double        input_above_200k_per_million;
  double        output_above_200k_per_million;
  SyPriceOrigin origin;
} SyPrice;

/* Upper bound for a sane price: no real model charges $10,000 per 1M tokens. */
#define SY_PRICE_MAX_PER_MILLION 10000.0

#define SY_TYPE_PRICE_TABLE (sy_price_table_get_type ())
G_DECLARE_FINAL_TYPE (SyPriceTable, sy_price_table, SY, PRICE_TABLE, GObject)

SyPriceTable  *sy_price_table_new                (void);
/* Loads the shipped table from the core GResource (SPEC's three models). */
SyPriceTable  *sy_price_table_new_default        (void);

/* Own format (data/pricing.json):
 *   { "version": 1, "unit": "USD per 1M tokens",
 *     "models": [ { "id": "gpt-4o", "input": 2.5, "output": 10.0 }, ... ] }
 * Each entry may also carry, all optional:
 *   "name"               display name
 *   "cached_input"       USD per 1M cached (cache-read) input tokens
 *   "batch_input", "batch_output"            USD per 1M through a batch API
 *   "reasoning"          USD per 1M reasoning tokens
 *   "input_above_200k", "output_above_200k"  USD per 1M for requests above
 *                        200k input tokens
 *   "source"             where the prices were taken from (a URL)
 *   "as_of"              the date they were current, YYYY-MM-DD
 *   "origin"             "builtin", "imported" or "user" (wins over @origin)
 * A missing optional price is SY_PRICE_UNKNOWN. Entries are added with
 * @origin and replace the whole stored price. All-or-nothing: on error the
 * table is unchanged. */
gboolean       sy_price_table_load_from_data     (SyPriceTable  *self,
                                                  const char    *data,
                                                  gssize         length,
                                                  SyPriceOrigin  origin,
                                                  GError       **error);
/* The same from a file; one that cannot be read is a G_IO_ERROR. */
gboolean       sy_price_table_load_from_file     (SyPriceTable  *self,
                                                  const char    *path,
                                                  SyPriceOrigin  origin,
                                                  GError       **error);

/* LiteLLM's model_prices_and_context_window.json: an object keyed by model
 * name; entries with "mode": "chat" and numeric input_cost_per_token /
 * output_cost_per_token (USD per token) are imported as IMPORTED prices,
 * with cache_read_input_token_cost, input/output_cost_per_token_batches,
 * output_cost_per_reasoning_token and input/output_cost_per_token_above_200k_tokens
 * where present.
 * Other entries (and "sample_spec") are skipped. USER prices are never
 * replaced: such models are counted in @n_kept_user. All-or-nothing on
 * error; a file with no usable entry is an error. */
gboolean       sy_price_table_import_litellm     (SyPriceTable  *self,
                                                  const char    *data,
                                                  gssize         length,
                                                  guint         *n_imported,
                                                  guint         *n_kept_user,
                                                  GError       **error);

/* Every change emits SyPriceTable::changed once.
 *
 * Validates (finite, 0 ≤ price ≤ SY_PRICE_MAX_PER_MILLION, non-empty id).
 * Sets the plain prices and keeps the optional ones the entry has; a USER
 * price drops the entry's source and date, since the user is its source. */
gboolean       sy_price_table_set                (SyPriceTable  *self,
                                                  const char    *model,
                                                  double         input_per_million,
                                                  double         output_per_million,
                                                  SyPriceOrigin  origin,
                                                  GError       **error);
gboolean       sy_price_table_remove             (SyPriceTable  *self,
                                                  const char    *model);

/* SY_COST_ERROR_UNKNOWN_MODEL when @model is not in the table. */
gboolean       sy_price_table_lookup             (SyPriceTable  *self,
                                                  const char    *model,
                                                  SyPrice       *out_price,
                                                  GError       **error);
gboolean       sy_price_table_contains           (SyPriceTable  *self,
                                                  const char    *model);
/* Sorted model ids, builtin ones first. */
GStrv          sy_price_table_dup_models         (SyPriceTable  *self);
guint          sy_price_table_get_n_models       (SyPriceTable  *self);

/* Where @model's prices came from and the date they were current, or NULL
 * when the table does not say; valid until the table next changes. */
const char    *sy_price_table_get_source         (SyPriceTable  *self,
                                                  const char    *model);
const char    *sy_price_table_get_as_of          (SyPriceTable  *self,
                                                  const char    *model);
/* The newest "as_of" of all entries (YYYY-MM-DD), or NULL. */
char          *sy_price_table_dup_newest_as_of   (SyPriceTable  *self);

/* Serialises the entries whose origin is in @origins (a bitmask of
 * 1 << SyPriceOrigin) in the own format, with an "origin" member per entry
 * so a reload keeps USER and IMPORTED apart; optional prices, "source"
 * and "as_of" are written where known. */
char          *sy_price_table_to_json            (SyPriceTable  *self,
                                                  guint          origins);

G_END_DECLS
