/* sy-test-pixels.c: reading back what cairo drew
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-test-pixels.h"

SyPlotColor
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int px = (int) floor (x), py = (int) floor (y);
  guint32 argb;
  SyPlotColor c = { 0 };

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (surface));

  memcpy (&argb, data + py * stride + px * 4, sizeof argb);
  c.a = ((argb >> 24) & 0xff) / 255.0;
  if (c.a > 0)
    {
      c.r = ((argb >> 16) & 0xff) / 255.0 / c.a;
      c.g = ((argb >> 8) & 0xff) / 255.0 / c.a;
      c.b = (argb & 0xff) / 255.0 / c.a;
    }

  return c;
}

gboolean
color_near (SyPlotColor a,
            SyPlotColor b,
            double      tolerance)
{
  return fabs (a.r - b.r) <= tolerance && fabs (a.g - b.g) <= tolerance &&
         fabs (a.b - b.b) <= tolerance && fabs (a.a - b.a) <= tolerance;
}

void
assert_color_near (SyPlotColor actual,
                   SyPlotColor expected,
                   double      tolerance)
{
  if (!color_near (actual, expected, tolerance))
    g_error ("colour (%.3f, %.3f, %.3f, %.3f) is not near (%.3f, %.3f, %.3f, %.3f)",
             actual.r, actual.g, actual.b, actual.a,
             expected.r, expected.g, expected.b, expected.a);
}
