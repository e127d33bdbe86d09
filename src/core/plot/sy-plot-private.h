/* sy-plot-private.h: what the sy-plot*.c files share to draw a plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>

#include <pango/pangocairo.h>

#include "sy-plot.h"

G_BEGIN_DECLS

/* In device-independent pixels (cairo user units). */
#define LINE_WIDTH          2.5
#define BAND_ALPHA          0.18

typedef struct
{
  double x, y, width, height;
} Rect;

typedef struct
{
  double x, y;
} SyPlotPoint;

/* A line as drawn: device-independent pixels, steps as vertical runs. */
typedef struct
{
  SyPlotPoint *points;
  guint        n_points;
} SyPlotPath;

typedef struct
{
  cairo_t           *cr;
  PangoLayout       *layout;
  const SyPlotTheme *theme;
  SyCostSeries      *series;
  SyPlotLayout       geom;
  SyPlotColor        fg;
  SyPlotColor        bg;
  PangoFontDescription *font;
  PangoFontDescription *bold;
  Rect               legend;
  SyPlotValueFunc    value_func;   /* NULL: sy_cost_series_value_at () */
  gpointer           value_data;
  SyPlotPath        *paths;        /* one per line */
  guint              n_paths;
} DrawContext;

static inline void
set_color (cairo_t           *cr,
           const SyPlotColor *c,
           double             alpha_factor)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha_factor);
}

/* Anything not finite would put cairo into an error state for good. */
static inline double
finite_or (double value,
           double fallback)
{
  return isfinite (value) ? value : fallback;
}

static inline gboolean
is_whole (double value)
{
  return fabs (value - round (value)) < 1e-6;
}

/* sy-plot-draw.c: what sy-plot.c and sy-plot-overlay.c both draw with.
 * The line and marker colours are public, in sy-plot.h. */
SyPlotColor sy_plot_theme_background (const SyPlotTheme *theme);
SyPlotColor sy_plot_theme_foreground (const SyPlotTheme *theme);
/* Move @x (@y) so a vertical (horizontal) line of @width user units covers
 * whole device pixels instead of smearing over two. */
double   sy_plot_snap_x           (cairo_t     *cr,
                                   double       x,
                                   double       width);
double   sy_plot_snap_y           (cairo_t     *cr,
                                   double       y,
                                   double       width);
/* Sets the shared layout's text and returns its logical size. */
void     sy_plot_measure_text     (DrawContext *dc,
                                   const char  *text,
                                   double      *width,
                                   double      *height);
/* Text starts on a whole device pixel, where hinted glyphs are sharpest. */
void     sy_plot_show_layout_at   (DrawContext *dc,
                                   PangoLayout *layout,
                                   double       x,
                                   double       y);
void     sy_plot_show_text_at     (DrawContext *dc,
                                   double       x,
                                   double       y);
char    *sy_plot_format_month     (double       month);
void     sy_plot_use_line_dash    (cairo_t     *cr,
                                   SyCostLineKind kind);

/* sy-plot-path.c: the lines as polylines, sampled through the evaluator. */
double   sy_plot_value_at         (DrawContext *dc,
                                   guint        line,
                                   double       month);
void     sy_plot_build_paths      (DrawContext *dc);
void     sy_plot_free_paths       (DrawContext *dc);
double   sy_plot_line_y_at        (DrawContext *dc,
                                   guint        line,
                                   double       month);
void     sy_plot_trace_path       (DrawContext *dc,
                                   guint        line);
/* The area between the lowest and highest of @line's variants (see
 * sy_cost_series_add_variant()) as a closed path; FALSE, with nothing
 * traced, for a line without them. */
gboolean sy_plot_trace_band       (DrawContext *dc,
                                   guint        line);

/* sy-plot-overlay.c: what sy_plot_draw() puts over the lines, in this order.
 * The legend sets dc->legend, which the others keep clear of. */
void     sy_plot_draw_legend      (DrawContext *dc);
void     sy_plot_draw_break_evens (DrawContext *dc);
/* In the top margin: the lines the scale leaves out (SyPlotLayout.n_off_scale). */
void     sy_plot_draw_off_scale   (DrawContext *dc);
void     sy_plot_draw_hover       (DrawContext *dc,
                                   double       month);

G_END_DECLS
