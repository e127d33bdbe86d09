/* sy-plot.c: draws a SyCostSeries with cairo, for the screen and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sy-plot-private.h"

/* Sizes are in device-independent pixels (cairo user units). */
#define FONT_SIZE_PX        12.5   /* about 9.5 pt at 96 dpi */
#define DEFAULT_FONT_FAMILY "Cantarell, Sans"
#define MIN_AREA            24.0   /* below this there is nothing worth drawing */

static const SyPlotTheme default_theme = { FALSE, NULL };

/* Drawing */

static void
draw_grid_and_axes (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  const SyPlotLayout *g = &dc->geom;
  double left = g->area_x;
  double right = g->area_x + g->area_width;
  double bottom = g->area_y + g->area_height;
  guint n_y = (guint) round (g->y_max_usd / g->y_tick_step_usd);
  guint n_x = (guint) floor (g->x_max_months / g->x_tick_step_months + 1e-9);
  double text_w, text_h;

  cairo_set_line_width (cr, 1.0);

  /* Gridlines first, in one path: they are all the same faint colour. */
  for (guint i = 1; i <= n_y; i++)
    {
      double y = sy_plot_snap_y (cr, sy_plot_layout_usd_to_y (g, i * g->y_tick_step_usd), 1.0);

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  for (guint i = 1; i <= n_x; i++)
    {
      double x = sy_plot_snap_x (cr, sy_plot_layout_month_to_x (g, i * g->x_tick_step_months), 1.0);

      cairo_move_to (cr, x, g->area_y);
      cairo_line_to (cr, x, bottom);
    }
  set_color (cr, &dc->fg, 0.09);
  cairo_stroke (cr);

  /* The $0 baseline and the month-0 axis are stronger. */
  {
    double y = sy_plot_snap_y (cr, bottom, 1.0);
    double x = sy_plot_snap_x (cr, left, 1.0);

    cairo_move_to (cr, left, y);
    cairo_line_to (cr, right, y);
    cairo_move_to (cr, x, g->area_y);
    cairo_line_to (cr, x, bottom);
    set_color (cr, &dc->fg, 0.35);
    cairo_stroke (cr);
  }

  set_color (cr, &dc->fg, 0.7);

  for (guint i = 0; i <= n_y; i++)
    {
      g_autofree char *label = sy_plot_format_usd_tick (i * g->y_tick_step_usd);
      double y = sy_plot_layout_usd_to_y (g, i * g->y_tick_step_usd);

      sy_plot_measure_text (dc, label, &text_w, &text_h);
      sy_plot_show_text_at (dc, left - 8.0 - text_w, y - text_h / 2.0);
    }

  for (guint i = 0; i <= n_x; i++)
    {
      g_autofree char *label = sy_plot_format_month (i * g->x_tick_step_months);
      double x = sy_plot_layout_month_to_x (g, i * g->x_tick_step_months);

      sy_plot_measure_text (dc, label, &text_w, &text_h);
      x = CLAMP (x - text_w / 2.0, 0.0, g->width - text_w);
      sy_plot_show_text_at (dc, x, bottom + 6.0);
    }

  sy_plot_measure_text (dc, _("Months"), &text_w, &text_h);
  sy_plot_show_text_at (dc, left + (g->area_width - text_w) / 2.0,
                MIN (bottom + 6.0 + text_h + 6.0, g->height - text_h - 2.0));
}

static void
draw_lines (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);

  cairo_save (cr);
  /* Room for half a stroke past the edges, except above a scale that cuts
   * lines off: there the off-scale notes start. */
  {
    double top = dc->geom.n_off_scale > 0 ? dc->geom.area_y : dc->geom.area_y - LINE_WIDTH;

    cairo_rectangle (cr, dc->geom.area_x, top, dc->geom.area_width + LINE_WIDTH,
                     dc->geom.area_y + dc->geom.area_height + LINE_WIDTH - top);
  }
  cairo_clip (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Ranges under every line, faint enough that lines crossing a band stay
   * readable. */
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);

      if (sy_plot_trace_band (dc, i))
        {
          set_color (cr, &color, BAND_ALPHA);
          cairo_fill (cr);
        }
    }

  /* Local options first, so the API reference line stays on top. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_lines; i++)
        {
          const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
          SyPlotColor color;

          if (line == NULL || (pass == 0) == line->is_api)
            continue;

          color = sy_plot_line_color (dc->theme, line->color);
          set_color (cr, &color, 1.0);
          sy_plot_use_line_dash (cr, line->kind);
          sy_plot_trace_path (dc, i);
          cairo_stroke (cr);
        }
    }

  cairo_restore (cr);
}

/* Public API */

void
sy_plot_draw (cairo_t           *cr,
              SyCostSeries      *series,
              double             width,
              double             height,
              const SyPlotTheme *theme,
              double             hover_month)
{
  sy_plot_draw_full (cr, series, NULL, NULL, width, height, theme, hover_month);
}

void
sy_plot_draw_full (cairo_t           *cr,
                   SyCostSeries      *series,
                   SyPlotValueFunc    value_func,
                   gpointer           user_data,
                   double             width,
                   double             height,
                   const SyPlotTheme *theme,
                   double             hover_month)
{
  g_autoptr(PangoFontDescription) font = NULL;
  g_autoptr(PangoFontDescription) bold = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  DrawContext dc = { 0 };

  g_return_if_fail (cr != NULL);

  if (theme == NULL)
    theme = &default_theme;
  if (!isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
    return;

  dc.cr = cr;
  dc.theme = theme;
  dc.series = series;
  dc.value_func = value_func;
  dc.value_data = user_data;
  dc.fg = sy_plot_theme_foreground (theme);
  dc.bg = sy_plot_theme_background (theme);

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &dc.bg, 1.0);
  cairo_fill (cr);

  sy_plot_layout_init_full (&dc.geom, series, value_func, user_data, width, height);
  if (series == NULL || sy_cost_series_get_n_lines (series) == 0 ||
      dc.geom.area_width < MIN_AREA || dc.geom.area_height < MIN_AREA)
    {
      cairo_restore (cr);
      return;
    }

  font = pango_font_description_from_string (theme->font_family != NULL
                                             ? theme->font_family
                                             : DEFAULT_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, FONT_SIZE_PX * PANGO_SCALE);
  bold = pango_font_description_copy (font);
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);

  /* One layout for every label of the frame: shaping is the costly part,
   * creating contexts and layouts per label would double it. */
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  dc.layout = layout;
  dc.font = font;
  dc.bold = bold;

  sy_plot_build_paths (&dc);

  draw_grid_and_axes (&dc);
  draw_lines (&dc);
  sy_plot_draw_off_scale (&dc);
  sy_plot_draw_legend (&dc);
  sy_plot_draw_break_evens (&dc);

  if (hover_month >= 0 && isfinite (hover_month))
    sy_plot_draw_hover (&dc, hover_month);

  sy_plot_free_paths (&dc);

  cairo_restore (cr);
}
