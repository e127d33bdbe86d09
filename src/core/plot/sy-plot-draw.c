/* sy-plot-draw.c: colours, pixel snapping, text and line geometry, the
 * helpers every part of the plot draws with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "sy-format.h"
#include "sy-plot-private.h"

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

/* Colours */

SyPlotColor
sy_plot_theme_background (const SyPlotTheme *theme)
{
  /* libadwaita's view background */
  return color_from_rgb (theme->dark ? 0x1e1e1e : 0xffffff, 1.0);
}

SyPlotColor
sy_plot_theme_foreground (const SyPlotTheme *theme)
{
  return theme->dark ? color_from_rgb (0xffffff, 1.0)
                     : color_from_rgb (0x000000, 0.8);
}

SyPlotColor
sy_plot_line_color (const SyPlotTheme *theme,
                    guint              color)
{
  gboolean dark = theme != NULL && theme->dark;

  return color_from_rgb (palette[color % G_N_ELEMENTS (palette)][dark ? 1 : 0], 1.0);
}

SyPlotColor
sy_plot_marker_color (const SyPlotTheme *theme)
{
  gboolean dark = theme != NULL && theme->dark;

  /* The foreground, opaque: it stands out from every palette hue. */
  return color_from_rgb (dark ? 0xffffff : 0x241f31, 1.0);
}

/* Geometry and text */

double
sy_plot_snap_y (cairo_t *cr,
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

/* The API line dashed and a rented GPU dash-dotted, so the three kinds
 * differ without colour (a printout, colour-blind readers). */
void
sy_plot_use_line_dash (cairo_t        *cr,
                       SyCostLineKind  kind)
{
  static const double api_dash[] = { 8.0, 4.0 };
  static const double rented_dash[] = { 10.0, 3.0, 2.0, 3.0 };

  switch (kind)
    {
    case SY_COST_LINE_API:
      cairo_set_dash (cr, api_dash, G_N_ELEMENTS (api_dash), 0.0);
      break;
    case SY_COST_LINE_RENTED:
      cairo_set_dash (cr, rented_dash, G_N_ELEMENTS (rented_dash), 0.0);
      break;
    case SY_COST_LINE_LOCAL:
    default:
      cairo_set_dash (cr, NULL, 0, 0.0);
      break;
    }
}
