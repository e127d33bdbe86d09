/* sy-price-update-dialog.h: shows a price refresh's changes before they apply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-price-update.h"

G_BEGIN_DECLS

#define SY_TYPE_PRICE_UPDATE_DIALOG (sy_price_update_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SyPriceUpdateDialog, sy_price_update_dialog, SY, PRICE_UPDATE_DIALOG, AdwWindow)

/* Emits ::apply when the user accepts the changes, then closes; closing
 * any other way applies nothing. */
GtkWidget     *sy_price_update_dialog_new         (SyPriceUpdate        *update);
SyPriceUpdate *sy_price_update_dialog_get_update  (SyPriceUpdateDialog  *self);
/* The line above the list: "1 added, 2 changed, …". */
const char    *sy_price_update_dialog_get_summary (SyPriceUpdateDialog  *self);
/* The rows listing additions and changes, in order. */
GPtrArray     *sy_price_update_dialog_dup_rows    (SyPriceUpdateDialog  *self);

G_END_DECLS
