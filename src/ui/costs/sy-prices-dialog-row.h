/* sy-prices-dialog-row.h: one model's row in the prices dialog's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-price-table.h"

G_BEGIN_DECLS

GtkWidget *sy_prices_row_new    (void);
void       sy_prices_row_update (GtkWidget    *row,
                                 SyPriceTable *prices,
                                 SyPriceTable *shipped,
                                 const char   *model);

G_END_DECLS
