/* fuzz-catalog.c: the model catalogue loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-model-catalog.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  SyModelCatalog *catalog = sy_model_catalog_new_from_data (text, -1, NULL);

  if (catalog != NULL)
    {
      for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
        if (sy_model_catalog_get_model (catalog, i) == NULL)
          __builtin_trap ();
      g_object_unref (catalog);
    }

  return 0;
}
