/* sy-prices-dialog.h: view, add, edit and import API prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-price-table.h"

G_BEGIN_DECLS

#define SY_TYPE_PRICES_DIALOG (sy_prices_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SyPricesDialog, sy_prices_dialog, SY, PRICES_DIALOG, AdwWindow)

/* Every change is written to @prices_path at once (atomically), so
 * nothing typed is lost if the app stops. */
GtkWidget *sy_prices_dialog_new (SyPriceTable *prices,
                                 const char   *prices_path);

G_END_DECLS
