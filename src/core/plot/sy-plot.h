/* sy-plot.h: draws a SyCostSeries with cairo, for the screen and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing function serves the widget (gtk_snapshot_append_cairo), the
 * command line and the export, so an exported picture is the one on screen.
 * It needs cairo and pango only, no GTK and no display.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "sy-cost-series.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean    dark;         /* colours for a dark background */
  const char *font_family;  /* NULL: "Cantarell, Sans" */
} SyPlotTheme;

typedef struct
{
  double r, g, b, a;
} SyPlotColor;

/* Where things land for a given size; the widget uses it to map the
 * pointer to a month and tests use it to find the marker. */
typedef struct
{
  double width, height;          /* whole drawing */
  double area_x, area_y;         /* plot area (inside the axes) */
  double area_width, area_height;
  double x_max_months;           /* = series horizon */
  double y_max_usd;              /* top tick value, ≥ the largest line value */
  double y_tick_step_usd;        /* $0, step, 2×step … y_max */
  double x_tick_step_months;
  double data_max_usd;           /* largest value of any line in the horizon */
  /* Lines that rise past y_max and are cut at the top, with a note each in
   * the top margin: set when one option dwarfs the lines that decide. */
  guint  n_off_scale;
  /* ≥ 0: a narrow plot has its legend below the axis, from this y, where
   * it hides no line; < 0: the legend is a box inside the area. */
  double legend_y;
} SyPlotLayout;

/* A line's cumulative cost at @month. The plot samples lines through this
 * rather than assuming they are straight; NULL means
 * sy_cost_series_value_at (). Another one lets a test draw curves and steps
 * the series itself may not produce. */
typedef double (*SyPlotValueFunc) (SyCostSeries *series,
                                   guint         line,
                                   double        month,
                                   gpointer      user_data);

/* Draws a whole picture (a plot, a tornado chart) into @cr at (0,0)–(w,h);
 * what sy_plot_export_drawing () renders to a file. */
typedef void (*SyPlotDrawFunc) (cairo_t           *cr,
                                double             width,
                                double             height,
                                const SyPlotTheme *theme,
                                gpointer           user_data);

typedef enum
{
  SY_PLOT_FORMAT_PNG,
  SY_PLOT_FORMAT_SVG,
  SY_PLOT_FORMAT_PDF,
} SyPlotFormat;

void        sy_plot_layout_init         (SyPlotLayout       *layout,
                                         SyCostSeries       *series,
                                         double              width,
                                         double              height);
void        sy_plot_layout_init_full    (SyPlotLayout       *layout,
                                         SyCostSeries       *series,
                                         SyPlotValueFunc     value_func,
                                         gpointer            user_data,
                                         double              width,
                                         double              height);
/* What a plot of @width adds below its axis for a legend there (0 when
 * the legend fits inside): a widget adds it to the height it asks for. */
double      sy_plot_legend_band_height  (SyCostSeries       *series,
                                         double              width);
double      sy_plot_layout_month_to_x   (const SyPlotLayout *layout,
                                         double              month);
double      sy_plot_layout_usd_to_y     (const SyPlotLayout *layout,
                                         double              usd);
/* Clamped to [0, x_max_months]; negative when @x lies outside the area. */
double      sy_plot_layout_x_to_month   (const SyPlotLayout *layout,
                                         double              x);

/* Colour of a line (by its palette slot) in the theme. */
SyPlotColor sy_plot_line_color          (const SyPlotTheme  *theme,
                                         guint               color);
SyPlotColor sy_plot_marker_color        (const SyPlotTheme  *theme);

/* Draws into @cr at (0,0)–(width,height). @hover_month < 0: no readout;
 * otherwise a vertical guide and a box with the month and each line's value. */
void        sy_plot_draw                (cairo_t            *cr,
                                         SyCostSeries       *series,
                                         double              width,
                                         double              height,
                                         const SyPlotTheme  *theme,
                                         double              hover_month);
void        sy_plot_draw_full           (cairo_t            *cr,
                                         SyCostSeries       *series,
                                         SyPlotValueFunc     value_func,
                                         gpointer            user_data,
                                         double              width,
                                         double              height,
                                         const SyPlotTheme  *theme,
                                         double              hover_month);

/* "$0", "$500", "$1k", "$1.5k", "$25k", "$1.2M" */
char       *sy_plot_format_usd_tick     (double              usd);

/* From the extension (.png, .svg, .pdf; case-insensitive). */
gboolean    sy_plot_format_from_filename (const char        *filename,
                                          SyPlotFormat      *out_format,
                                          GError           **error);
/* Renders in memory, then writes atomically: a failed write (full disk,
 * no permission) leaves any existing file alone and reports why, in the
 * G_IO_ERROR domain (SY_COST_ERROR_IO when cairo fails to draw). PNG is
 * rendered at @scale (2 for HiDPI-crisp output); SVG/PDF are vector. */
gboolean    sy_plot_export              (SyCostSeries       *series,
                                         const char         *filename,
                                         SyPlotFormat        format,
                                         double              width,
                                         double              height,
                                         double              scale,
                                         const SyPlotTheme  *theme,
                                         GError            **error);
/* The same with @caption (may be NULL) in a band below the plot, so the
 * picture keeps its meaning pasted into a slide; @height is the plot's,
 * the band adds to it. SVG also carries the caption as <title>. */
gboolean    sy_plot_export_with_caption (SyCostSeries       *series,
                                         const char         *caption,
                                         const char         *filename,
                                         SyPlotFormat        format,
                                         double              width,
                                         double              height,
                                         double              scale,
                                         const SyPlotTheme  *theme,
                                         GError            **error);
/* Any drawing, with an optional caption: the export path the tornado
 * chart shares with the plot. */
gboolean    sy_plot_export_drawing      (SyPlotDrawFunc      draw_func,
                                         gpointer            user_data,
                                         const char         *caption,
                                         const char         *filename,
                                         SyPlotFormat        format,
                                         double              width,
                                         double              height,
                                         double              scale,
                                         const SyPlotTheme  *theme,
                                         GError            **error);
/* "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini · 2026-12-05";
 * @date NULL: today. */
char       *sy_plot_format_caption      (double              daily_requests,
                                         double              input_tokens,
                                         double              output_tokens,
                                         const char         *api_model,
                                         GDateTime          *date);

G_END_DECLS
