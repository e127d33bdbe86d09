/* test-tornado.c: the tornado chart, ranked and checked on real pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sy-test-pixels.h"
#include "sy-tornado.h"

#define WIDTH 640.0
#define BASE  66.7

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* Out of order on purpose: the chart ranks them. */
static const SyTornadoBar bars[] = {
  { "Ops time", 60.0, 75.0 },                        /* swing 15 */
  { "Electricity price", 40.0, 100.0 },              /* swing 60 */
  { "API price decline", 30.0, SY_TORNADO_NEVER },   /* open-ended */
  { "Box life", 66.7, 66.7 },                        /* no swing */
};

static cairo_surface_t *
render (double      width,
        double      height,
        gboolean    dark,
        const char *save_name)
{
  SyPlotTheme theme = { dark, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(cairo_t) cr = cairo_create (surface);

  sy_tornado_draw (cr, BASE, bars, G_N_ELEMENTS (bars), width, height, &theme);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  if (g_getenv ("SY_TEST_PLOT_SAVE") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("/tmp/test-tornado-%s.png", save_name);
      cairo_surface_write_to_png (surface, name);
    }

  return surface;
}

static void
test_rank (void)
{
  g_autofree guint *order = sy_tornado_rank (bars, G_N_ELEMENTS (bars));
  static const SyTornadoBar two_nevers[] = {
    { "A", SY_TORNADO_NEVER, 50 },
    { "B", 10, SY_TORNADO_NEVER },
    { "C", 20, 21 },
  };
  g_autofree guint *order2 = sy_tornado_rank (two_nevers, G_N_ELEMENTS (two_nevers));

  g_assert_cmpuint (order[0], ==, 2);  /* never swings most */
  g_assert_cmpuint (order[1], ==, 1);  /* 60 */
  g_assert_cmpuint (order[2], ==, 0);  /* 15 */
  g_assert_cmpuint (order[3], ==, 3);  /* 0 */

  /* Two open-ended bars: the one reaching back further leads. */
  g_assert_cmpuint (order2[0], ==, 1);
  g_assert_cmpuint (order2[1], ==, 0);
  g_assert_cmpuint (order2[2], ==, 2);
}

static void
test_bars_where_values_say (void)
{
  double height = sy_tornado_natural_height (G_N_ELEMENTS (bars));
  g_autoptr(cairo_surface_t) surface = render (WIDTH, height, FALSE, "light");
  g_autoptr(cairo_surface_t) dark = render (WIDTH, height, TRUE, "dark");
  g_autoptr(cairo_surface_t) narrow = render (360, height, FALSE, "360");
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotColor low = sy_tornado_low_color (&theme);
  SyPlotColor high = sy_tornado_high_color (&theme);
  SyPlotColor background = { 1, 1, 1, 1 };
  SyTornadoLayout layout;
  double y, x;

  sy_tornado_layout_init (&layout, BASE, bars, G_N_ELEMENTS (bars), WIDTH, height);
  g_assert_cmpfloat (layout.x_max_months, >=, 100);
  g_assert_cmpfloat (layout.x_max_months, <=, 130);

  /* Row 1 is "Electricity price": low end at 40, high end at 100. */
  y = sy_tornado_layout_bar_y (&layout, 1) + layout.bar_height / 2.0;
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 41), y), low, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 65), y), low, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 69), y), high, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 99), y), high, 0.02);
  /* Nothing past the ends (the value labels start further out). */
  x = sy_tornado_layout_month_to_x (&layout, 40) - 2;
  assert_color_near (pixel_at (surface, x, y), background, 0.02);
  x = sy_tornado_layout_month_to_x (&layout, 100) + 2;
  assert_color_near (pixel_at (surface, x, y), background, 0.02);

  /* Row 2 is "Ops time": 60 to 75, so month 40 and 85 are empty (the
   * values' labels stand right beside the ends). */
  y = sy_tornado_layout_bar_y (&layout, 2) + layout.bar_height / 2.0;
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 62), y), low, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 73), y), high, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 40), y), background, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 85), y), background, 0.02);

  g_assert_nonnull (dark);
  g_assert_nonnull (narrow);
}

static void
test_never (void)
{
  double height = sy_tornado_natural_height (G_N_ELEMENTS (bars));
  g_autoptr(cairo_surface_t) surface = render (WIDTH, height, FALSE, "never");
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotColor low = sy_tornado_low_color (&theme);
  SyPlotColor high = sy_tornado_high_color (&theme);
  SyPlotColor background = { 1, 1, 1, 1 };
  SyTornadoLayout layout;
  double y, right, ink = 0;

  sy_tornado_layout_init (&layout, BASE, bars, G_N_ELEMENTS (bars), WIDTH, height);
  right = layout.area_x + layout.area_width;

  /* Row 0, "API price decline": low end 30, high end never. The high
   * side runs to the area's edge and on as an arrow; a word follows. */
  y = sy_tornado_layout_bar_y (&layout, 0) + layout.bar_height / 2.0;
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 31), y), low, 0.02);
  assert_color_near (pixel_at (surface, sy_tornado_layout_month_to_x (&layout, 90), y), high, 0.02);
  assert_color_near (pixel_at (surface, right - 2, y), high, 0.02);
  assert_color_near (pixel_at (surface, right + 3, y), high, 0.05);
  g_assert_cmpfloat (sy_tornado_layout_month_to_x (&layout, SY_TORNADO_NEVER), ==, right);

  for (double x = right + 12; x < WIDTH; x++)
    for (double dy = -6; dy <= 6; dy++)
      if (!color_near (pixel_at (surface, x, y + dy), background, 0.3))
        ink++;
  g_assert_cmpfloat (ink, >, 10);

  /* A never base: the reference line stands at the right edge. */
  {
    static const SyTornadoBar one[] = { { "Ops time", 20, SY_TORNADO_NEVER } };
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
    g_autoptr(cairo_t) cr = cairo_create (image);

    sy_tornado_draw (cr, SY_TORNADO_NEVER, one, 1, 400, 200, NULL);
    sy_tornado_draw (cr, BASE, NULL, 0, 400, 200, NULL);
    sy_tornado_draw (cr, NAN, one, 1, 10, 10, NULL);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  }
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-tornado-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "tornado.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "tornado.png", NULL);
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  g_assert_true (sy_tornado_export (BASE, bars, G_N_ELEMENTS (bars), "5,000 requests a day", svg,
                                    SY_PLOT_FORMAT_SVG, 600, 300, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, NULL, &error));
  g_assert_nonnull (strstr (data, "<title>5,000 requests a day</title>"));

  g_assert_true (sy_tornado_export (BASE, bars, G_N_ELEMENTS (bars), NULL, png,
                                    SY_PLOT_FORMAT_PNG, 600, 300, 2, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 600);
  }

  g_assert_false (sy_tornado_export (BASE, bars, G_N_ELEMENTS (bars), NULL, png,
                                     SY_PLOT_FORMAT_PNG, 0, 300, 1, NULL, &error));
  g_assert_nonnull (error);

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tornado/rank", test_rank);
  g_test_add_func ("/tornado/bars-where-values-say", test_bars_where_values_say);
  g_test_add_func ("/tornado/never", test_never);
  g_test_add_func ("/tornado/export", test_export);

  return g_test_run ();
}
