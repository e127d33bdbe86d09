/* fuzz-gguf.c: the GGUF header reader and the model built from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-gguf.h"
#include "sy-model-fit.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) file = sy_gguf_file_new_from_data (data, size, &error);
  g_autoptr(SyCatalogModel) model = NULL;
  SyFitMachine machine = { { 8.0 * SY_FIT_GIB }, 1, 16.0 * SY_FIT_GIB };
  SyFitResult result;

  if (file == NULL)
    {
      if (error == NULL || error->message == NULL)
        __builtin_trap ();
      return 0;
    }

  for (guint i = 0; i < sy_gguf_file_get_n_tensors (file); i++)
    if (sy_gguf_file_get_tensor (file, i)->name == NULL)
      __builtin_trap ();

  model = sy_gguf_file_to_model (file, "fuzz.gguf", &error);
  if (model == NULL)
    return 0;

  sy_fit_best (model, 8192, SY_KV_F16, &machine, &result);
  g_free (sy_fit_explain (model, &result, SY_KV_F16));

  return 0;
}
