/* sy-models-page-gguf.h: the Models page's "Open GGUF…"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-models-page.h"

G_BEGIN_DECLS

/* The action models.open-gguf, on SyModelsPage's class: a file chooser
 * (the portal's when sandboxed), then sy_models_page_open_gguf_file(). */
void        sy_models_page_install_gguf_actions (GtkWidgetClass *widget_class);
/* Reads @file's GGUF header in a thread, then adds its row to the page,
 * or says why not in a dialog (and in sy_models_page_get_gguf_error()). */
void        sy_models_page_open_gguf_file       (SyModelsPage   *self,
                                                 GFile          *file);
/* The last file's error; NULL when it was read. */
const char *sy_models_page_get_gguf_error       (SyModelsPage   *self);
/* TRUE while a file is being read. */
gboolean    sy_models_page_get_reading_gguf     (SyModelsPage   *self);

G_END_DECLS
