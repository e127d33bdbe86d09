/* sy-cost-plot-private.h: what tests may see of SyCostPlot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-cost-plot.h"

G_BEGIN_DECLS

/* How many times the plot has been drawn: lets a test see a redraw. */
guint sy_cost_plot_get_n_draws (SyCostPlot *self);

G_END_DECLS
