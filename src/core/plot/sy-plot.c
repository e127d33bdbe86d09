/* sy-plot.c: draws a SyCostSeries with cairo, for the screen and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sy-format.h"
#include "sy-plot-private.h"

/* Sizes are in device-independent pixels (cairo user units). */
#define FONT_SIZE_PX        12.5   /* about 9.5 pt at 96 dpi */
#define DEFAULT_FONT_FAMILY "Cantarell, Sans"
#define MIN_AREA            24.0   /* below this there is nothing worth drawing */

/* libadwaita's palette: the light column is dark enough to read on white,
 * the dark column light enough to read on #1e1e1e. Slot 0 is the API. */
static const guint32 palette[][2] = {
  { 0x1c71d8, 0x62a0ea },  /* blue */
  { 0xe66100, 0xffa348 },  /* orange */
  { 0x26a269, 0x57e389 },  /* green */
  { 0x9141ac, 0xdc8add },  /* purple */
  { 0xc01c28, 0xf66151 },  /* red */
  { 0x2190a4, 0x5bc8d8 },  /* teal */
  { 0x865e3c, 0xcdab8f },  /* brown */
  { 0xc88800, 0xf8e45c },  /* yellow */
  { 0xd56199, 0xf49ac1 },  /* pink */
  { 0x6f8396, 0xa8b6c4 },  /* slate */
};

static const SyPlotTheme default_theme = { FALSE, NULL };

/* Auxiliary functions */

static SyPlotColor
color_from_rgb (guint32 rgb,
                double  alpha)
{
  SyPlotColor c;

  c.r = ((rgb >> 16) & 0xff) / 255.0;
  c.g = ((rgb >> 8) & 0xff) / 255.0;
  c.b = (rgb & 0xff) / 255.0;
  c.a = alpha;

  return c;
}

static SyPlotColor
theme_background (const SyPlotTheme *theme)
{
  /* libadwaita's view background */
  return color_from_rgb (theme->dark ? 0x1e1e1e : 0xffffff, 1.0);
}

static SyPlotColor
theme_foreground (const SyPlotTheme *theme)
{
  return theme->dark ? color_from_rgb (0xffffff, 1.0)
                     : color_from_rgb (0x000000, 0.8);
}

/* Moves a coordinate so a line of @width user units covers whole device
 * pixels instead of smearing over two. */
static double
snap_y (cairo_t *cr,
        double   y,
        double   width)
{
  double dx = 0, dy = width, x = 0;
  double device_width;

  cairo_user_to_device_distance (cr, &dx, &dy);
  device_width = MAX (1.0, round (fabs (dy)));
  cairo_user_to_device (cr, &x, &y);
  y = fmod (device_width, 2.0) == 1.0 ? floor (y) + 0.5 : round (y);
  cairo_device_to_user (cr, &x, &y);

  return y;
}

double
sy_plot_snap_x (cairo_t *cr,
                double   x,
                double   width)
{
  double dx = width, dy = 0, y = 0;
  double device_width;

  cairo_user_to_device_distance (cr, &dx, &dy);
  device_width = MAX (1.0, round (fabs (dx)));
  cairo_user_to_device (cr, &x, &y);
  x = fmod (device_width, 2.0) == 1.0 ? floor (x) + 0.5 : round (x);
  cairo_device_to_user (cr, &x, &y);

  return x;
}

/* Sets the shared layout's text and returns its logical size. */
void
sy_plot_measure_text (DrawContext *dc,
                      const char  *text,
                      double      *width,
                      double      *height)
{
  int w, h;

  pango_layout_set_text (dc->layout, text, -1);
  pango_layout_get_pixel_size (dc->layout, &w, &h);
  *width = w;
  *height = h;
}

/* Text starts on a whole device pixel, where hinted glyphs are sharpest. */
void
sy_plot_show_layout_at (DrawContext *dc,
                        PangoLayout *layout,
                        double       x,
                        double       y)
{
  cairo_user_to_device (dc->cr, &x, &y);
  x = round (x);
  y = round (y);
  cairo_device_to_user (dc->cr, &x, &y);
  cairo_move_to (dc->cr, x, y);
  pango_cairo_show_layout (dc->cr, layout);
}

void
sy_plot_show_text_at (DrawContext *dc,
                      double       x,
                      double       y)
{
  sy_plot_show_layout_at (dc, dc->layout, x, y);
}

char *
sy_plot_format_month (double month)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, is_whole (month) ? "%.0f" : "%.1f", month);
  return sy_format_localize_ascii (buf);
}

double
sy_plot_line_y_at (DrawContext *dc,
                   guint        line,
                   double       month)
{
  double usd = sy_cost_series_value_at (dc->series, line, month);

  return sy_plot_layout_usd_to_y (&dc->geom, finite_or (usd, 0.0));
}

void
sy_plot_line_endpoints (DrawContext *dc,
                        guint        line,
                        double      *x0,
                        double      *y0,
                        double      *x1,
                        double      *y1)
{
  *x0 = sy_plot_layout_month_to_x (&dc->geom, 0.0);
  *y0 = sy_plot_line_y_at (dc, line, 0.0);
  *x1 = sy_plot_layout_month_to_x (&dc->geom, dc->geom.x_max_months);
  *y1 = sy_plot_line_y_at (dc, line, dc->geom.x_max_months);
}

void
sy_plot_use_api_dash (cairo_t  *cr,
                      gboolean  is_api)
{
  static const double dash[] = { 8.0, 4.0 };

  if (is_api)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
  else
    cairo_set_dash (cr, NULL, 0, 0.0);
}

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
      double y = snap_y (cr, sy_plot_layout_usd_to_y (g, i * g->y_tick_step_usd), 1.0);

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
    double y = snap_y (cr, bottom, 1.0);
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
  cairo_rectangle (cr, dc->geom.area_x, dc->geom.area_y - LINE_WIDTH,
                   dc->geom.area_width + LINE_WIDTH, dc->geom.area_height + LINE_WIDTH);
  cairo_clip (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Local options first, so the API reference line stays on top. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_lines; i++)
        {
          const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
          SyPlotColor color;
          double x0, y0, x1, y1;

          if (line == NULL || (pass == 0) == line->is_api)
            continue;

          /* Cumulative cost is linear: one segment is exact. */
          sy_plot_line_endpoints (dc, i, &x0, &y0, &x1, &y1);
          color = sy_plot_line_color (dc->theme, line->color);
          set_color (cr, &color, 1.0);
          sy_plot_use_api_dash (cr, line->is_api);
          cairo_move_to (cr, x0, y0);
          cairo_line_to (cr, x1, y1);
          cairo_stroke (cr);
        }
    }

  cairo_restore (cr);
}

/* Public API */

SyPlotColor
sy_plot_line_color (const SyPlotTheme *theme,
                    guint              color)
{
  if (theme == NULL)
    theme = &default_theme;

  return color_from_rgb (palette[color % G_N_ELEMENTS (palette)][theme->dark ? 1 : 0], 1.0);
}

SyPlotColor
sy_plot_marker_color (const SyPlotTheme *theme)
{
  if (theme == NULL)
    theme = &default_theme;

  /* The foreground, opaque: it stands out from every palette hue. */
  return color_from_rgb (theme->dark ? 0xffffff : 0x241f31, 1.0);
}

void
sy_plot_draw (cairo_t           *cr,
              SyCostSeries      *series,
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
  dc.fg = theme_foreground (theme);
  dc.bg = theme_background (theme);

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &dc.bg, 1.0);
  cairo_fill (cr);

  sy_plot_layout_init (&dc.geom, series, width, height);
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

  draw_grid_and_axes (&dc);
  draw_lines (&dc);
  sy_plot_draw_legend (&dc);
  sy_plot_draw_break_evens (&dc);

  if (hover_month >= 0 && isfinite (hover_month))
    sy_plot_draw_hover (&dc, hover_month);

  cairo_restore (cr);
}
