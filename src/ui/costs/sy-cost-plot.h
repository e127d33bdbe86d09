/* sy-cost-plot.h: the cumulative cost plot widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-cost-series.h"

G_BEGIN_DECLS

#define SY_TYPE_COST_PLOT (sy_cost_plot_get_type ())
G_DECLARE_FINAL_TYPE (SyCostPlot, sy_cost_plot, SY, COST_PLOT, GtkWidget)

GtkWidget    *sy_cost_plot_new          (void);
SyCostSeries *sy_cost_plot_get_series   (SyCostPlot   *self);
void          sy_cost_plot_set_series   (SyCostPlot   *self,
                                         SyCostSeries *series);
/* Negative: no readout. Set by the pointer or the arrow keys. */
double        sy_cost_plot_get_hover_month (SyCostPlot *self);
void          sy_cost_plot_set_hover_month (SyCostPlot *self,
                                            double      month);
gboolean      sy_cost_plot_get_dark     (SyCostPlot   *self);

G_END_DECLS
