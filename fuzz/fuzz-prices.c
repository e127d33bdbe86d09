/* fuzz-prices.c: the price-table loader (own format) and the LiteLLM import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>

#include "sy-price-table.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autofree char *text = NULL;
  g_auto(GStrv) models = NULL;
  guint n_before = sy_price_table_get_n_models (table);
  gboolean ok;

  if (size < 1)
    return 0;

  text = g_strndup ((const char *) data + 1, size - 1);

  if (data[0] & 1)
    {
      guint imported = 0, kept = 0;
      ok = sy_price_table_import_litellm (table, text, -1, &imported, &kept, NULL);
    }
  else
    ok = sy_price_table_load_from_data (table, text, -1, SY_PRICE_ORIGIN_USER, NULL);

  /* All-or-nothing: a rejected file leaves the table as it was. */
  if (!ok && sy_price_table_get_n_models (table) != n_before)
    __builtin_trap ();

  /* Whatever was accepted is a sane price. */
  models = sy_price_table_dup_models (table);
  for (guint i = 0; models[i] != NULL; i++)
    {
      SyPrice price;

      if (!sy_price_table_lookup (table, models[i], &price, NULL) ||
          !isfinite (price.input_per_million) || price.input_per_million < 0 ||
          !isfinite (price.output_per_million) || price.output_per_million < 0)
        __builtin_trap ();
    }

  return 0;
}
