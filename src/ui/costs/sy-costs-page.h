/* sy-costs-page.h: traffic and options in, cost cards and the plot out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_COSTS_PAGE (sy_costs_page_get_type ())
G_DECLARE_FINAL_TYPE (SyCostsPage, sy_costs_page, SY, COSTS_PAGE, AdwBin)

GtkWidget   *sy_costs_page_new       (SyContext   *context);
SyCostModel *sy_costs_page_get_model (SyCostsPage *self);

G_END_DECLS
