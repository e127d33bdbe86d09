/* sy-test-pixels.h: reading back what cairo drew, for the plot's and the
 * tornado chart's pixel checks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "sy-plot.h"

G_BEGIN_DECLS

/* Un-premultiplied RGBA in 0..1 of the pixel containing (x, y). */
SyPlotColor pixel_at          (cairo_surface_t *surface,
                               double           x,
                               double           y);
gboolean    color_near        (SyPlotColor      a,
                               SyPlotColor      b,
                               double           tolerance);
void        assert_color_near (SyPlotColor      actual,
                               SyPlotColor      expected,
                               double           tolerance);

G_END_DECLS
