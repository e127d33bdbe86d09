/* sy-tornado.h: a tornado chart of how far each input moves the break-even
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws data only: the break-even now and, for each input, the break-even
 * at the input's low end and at its high end. The cost model computes
 * those; this ranks and draws them, with cairo and pango, no GTK.
 */
#pragma once

#include <math.h>

#include <cairo.h>
#include <gio/gio.h>

#include "sy-plot.h"

G_BEGIN_DECLS

/* A break-even that never comes (local costs more every month). */
#define SY_TORNADO_NEVER INFINITY

typedef struct
{
  const char *label;        /* the input, e.g. "Electricity price" */
  double      low_months;   /* break-even at the input's low end, or SY_TORNADO_NEVER */
  double      high_months;  /* at its high end, or SY_TORNADO_NEVER */
} SyTornadoBar;

typedef struct
{
  double width, height;
  double area_x, area_y;         /* the bars' area: month 0 at area_x */
  double area_width, area_height;
  double x_max_months;           /* right edge of the area; "never" runs past it */
  double x_tick_step_months;
  double row_height;             /* a bar's label above the bar, then a gap */
  double label_height;
  double bar_height;
  guint  n_bars;
} SyTornadoLayout;

/* Indices into @bars, the largest swing first (a "never" end swings most);
 * free with g_free (). */
guint      *sy_tornado_rank              (const SyTornadoBar    *bars,
                                          guint                  n_bars);
void        sy_tornado_layout_init       (SyTornadoLayout       *layout,
                                          double                 base_months,
                                          const SyTornadoBar    *bars,
                                          guint                  n_bars,
                                          double                 width,
                                          double                 height);
/* SY_TORNADO_NEVER maps to the area's right edge. */
double      sy_tornado_layout_month_to_x (const SyTornadoLayout *layout,
                                          double                 month);
/* Top of the bar drawn in row @rank (0 = top). */
double      sy_tornado_layout_bar_y      (const SyTornadoLayout *layout,
                                          guint                  rank);
/* Height that gives every bar its row at any width. */
double      sy_tornado_natural_height    (guint                  n_bars);

/* The segment from the base to the low end's value, and to the high end's. */
SyPlotColor sy_tornado_low_color         (const SyPlotTheme     *theme);
SyPlotColor sy_tornado_high_color        (const SyPlotTheme     *theme);

void        sy_tornado_draw              (cairo_t               *cr,
                                          double                 base_months,
                                          const SyTornadoBar    *bars,
                                          guint                  n_bars,
                                          double                 width,
                                          double                 height,
                                          const SyPlotTheme     *theme);
/* Through the plot's export path: atomic write, PNG at @scale, optional
 * caption band; errors as sy_plot_export (). */
gboolean    sy_tornado_export            (double                 base_months,
                                          const SyTornadoBar    *bars,
                                          guint                  n_bars,
                                          const char            *caption,
                                          const char            *filename,
                                          SyPlotFormat           format,
                                          double                 width,
                                          double                 height,
                                          double                 scale,
                                          const SyPlotTheme     *theme,
                                          GError               **error);

G_END_DECLS
