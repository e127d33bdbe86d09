/* sy-tornado-chart.h: the widget that shows how far each input moves the break-even
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-tornado.h"

G_BEGIN_DECLS

#define SY_TYPE_TORNADO_CHART (sy_tornado_chart_get_type ())
G_DECLARE_FINAL_TYPE (SyTornadoChart, sy_tornado_chart, SY, TORNADO_CHART, GtkWidget)

GtkWidget *sy_tornado_chart_new            (void);
/* Copies @bars (and their labels); the chart ranks them by swing. */
void       sy_tornado_chart_set_data       (SyTornadoChart      *self,
                                            double               base_months,
                                            const SyTornadoBar  *bars,
                                            guint                n_bars);
double     sy_tornado_chart_get_base_months (SyTornadoChart     *self);
guint      sy_tornado_chart_get_n_bars     (SyTornadoChart      *self);
/* What the chart shows, at a fixed width in the light theme, as the cost
 * plot exports; @caption (may be NULL) goes in a band below. */
gboolean   sy_tornado_chart_export         (SyTornadoChart      *self,
                                            const char          *caption,
                                            const char          *filename,
                                            SyPlotFormat         format,
                                            GError             **error);

G_END_DECLS
