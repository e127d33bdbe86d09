/* sy-models-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_MODELS_PAGE (sy_models_page_get_type ())
G_DECLARE_FINAL_TYPE (SyModelsPage, sy_models_page, SY, MODELS_PAGE, AdwBin)

GtkWidget *sy_models_page_new (SyContext *context);

G_END_DECLS
