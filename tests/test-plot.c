/* test-plot.c: the cumulative cost plot, checked on real pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sy-cost-error.h"
#include "sy-plot.h"
#include "sy-test-pixels.h"

#define WIDTH  800.0
#define HEIGHT 500.0

/* SPEC §2's worked example: gpt-4o-mini at $54.00 a month against a $1,600
 * RTX 4090 box at $30 a month, crossing at month 1600 / 24 = 66.67. */
#define API_MONTHLY   54.0
#define LOCAL_SETUP   1600.0
#define LOCAL_MONTHLY 30.0
#define BREAK_EVEN    (LOCAL_SETUP / (API_MONTHLY - LOCAL_MONTHLY))
#define HORIZON       78.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static SyCostSeries *
make_series (gboolean with_local)
{
  SyCostSeries *series = sy_cost_series_new (HORIZON);

  sy_cost_series_add_line (series, "API (gpt-4o-mini)", 0, API_MONTHLY, TRUE, 0);
  if (with_local)
    {
      guint local = sy_cost_series_add_line (series, "Llama 3.1 8B Q4 (RTX 4090)",
                                             LOCAL_SETUP, LOCAL_MONTHLY, FALSE, 1);

      sy_cost_series_add_break_even (series, local, BREAK_EVEN);
    }

  return series;
}

static cairo_surface_t *
render (SyCostSeries *series,
        gboolean      dark,
        double        hover_month)
{
  SyPlotTheme theme = { dark, NULL };
  cairo_surface_t *surface;
  g_autoptr(cairo_t) cr = NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  sy_plot_draw (cr, series, WIDTH, HEIGHT, &theme, hover_month);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  if (g_getenv ("SY_TEST_PLOT_SAVE") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("/tmp/test-plot-%s-%s%s.png",
                                               dark ? "dark" : "light",
                                               sy_cost_series_get_n_lines (series) > 1 ? "full" : "api",
                                               hover_month >= 0 ? "-hover" : "");
      cairo_surface_write_to_png (surface, name);
    }

  return surface;
}

static void
test_marker_at_break_even (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(cairo_surface_t) surface = render (series, FALSE, -1);
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotLayout layout;
  double x, y, x_off;

  sy_plot_layout_init (&layout, series, WIDTH, HEIGHT);
  x = sy_plot_layout_month_to_x (&layout, BREAK_EVEN);
  y = sy_plot_layout_usd_to_y (&layout, BREAK_EVEN * API_MONTHLY);

  assert_color_near (pixel_at (surface, x, y), sy_plot_marker_color (&theme), 0.02);

  /* The marker belongs to month 66.7, not somewhere near it: ten months
   * earlier on the same height there is no marker. */
  x_off = sy_plot_layout_month_to_x (&layout, BREAK_EVEN - 10);
  g_assert_false (color_near (pixel_at (surface, x_off, y), sy_plot_marker_color (&theme), 0.1));
}

static void
test_hidden_line (void)
{
  g_autoptr(SyCostSeries) full = make_series (TRUE);
  g_autoptr(SyCostSeries) api_only = make_series (FALSE);
  g_autoptr(cairo_surface_t) with_local = render (full, FALSE, -1);
  g_autoptr(cairo_surface_t) without_local = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotLayout layout;
  SyPlotColor background = { 1, 1, 1, 1 };
  double month = 40.0, x, y;

  /* Same scale in both: the API line's end is the maximum either way. */
  sy_plot_layout_init (&layout, full, WIDTH, HEIGHT);
  x = sy_plot_layout_month_to_x (&layout, month);
  y = sy_plot_layout_usd_to_y (&layout, LOCAL_SETUP + month * LOCAL_MONTHLY);

  assert_color_near (pixel_at (with_local, x, y), sy_plot_line_color (&theme, 1), 0.05);

  without_local = render (api_only, FALSE, -1);
  assert_color_near (pixel_at (without_local, x, y), background, 0.02);
}

static void
test_dark_theme (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(cairo_surface_t) light = render (series, FALSE, -1);
  g_autoptr(cairo_surface_t) dark = render (series, TRUE, -1);
  SyPlotTheme dark_theme = { TRUE, NULL };
  SyPlotTheme light_theme = { FALSE, NULL };
  SyPlotColor corner_light = pixel_at (light, WIDTH - 1, HEIGHT - 1);
  SyPlotColor corner_dark = pixel_at (dark, WIDTH - 1, HEIGHT - 1);
  SyPlotColor line_light = sy_plot_line_color (&light_theme, 0);
  SyPlotColor line_dark = sy_plot_line_color (&dark_theme, 0);

  g_assert_cmpfloat (corner_light.a, ==, 1.0);
  g_assert_cmpfloat (corner_dark.a, ==, 1.0);
  g_assert_cmpfloat (corner_light.r + corner_light.g + corner_light.b, >, 2.7);
  g_assert_cmpfloat (corner_dark.r + corner_dark.g + corner_dark.b, <, 0.5);

  /* Dark mode lightens the hues rather than reusing them. */
  g_assert_cmpfloat (line_dark.r + line_dark.g + line_dark.b, >,
                     line_light.r + line_light.g + line_light.b);
}

static void
test_hover_readout (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(cairo_surface_t) plain = render (series, FALSE, -1);
  g_autoptr(cairo_surface_t) hover = render (series, FALSE, 30);
  g_autoptr(cairo_surface_t) dark_hover = render (series, TRUE, 70);
  SyPlotLayout layout;
  double x, y;

  sy_plot_layout_init (&layout, series, WIDTH, HEIGHT);
  /* A point on the guide line at month 30, away from both lines and the
   * gridlines (every 12 months here). */
  x = sy_plot_layout_month_to_x (&layout, 30);
  y = sy_plot_layout_usd_to_y (&layout, 200);

  g_assert_true (color_near (pixel_at (plain, x, y), (SyPlotColor) { 1, 1, 1, 1 }, 0.01));
  g_assert_false (color_near (pixel_at (hover, x, y), (SyPlotColor) { 1, 1, 1, 1 }, 0.05));
  g_assert_nonnull (dark_hover);
}

static void
test_layout (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  SyPlotLayout layout;

  sy_plot_layout_init (&layout, series, 1200, 800);

  g_assert_cmpfloat (layout.x_max_months, ==, HORIZON);
  g_assert_cmpfloat (layout.y_max_usd, >=, HORIZON * API_MONTHLY);
  g_assert_cmpfloat (layout.y_max_usd, <, HORIZON * API_MONTHLY + layout.y_tick_step_usd);
  g_assert_cmpfloat (layout.y_max_usd / layout.y_tick_step_usd, >=, 4);
  g_assert_cmpfloat (layout.y_max_usd / layout.y_tick_step_usd, <=, 8);
  g_assert_true (fmod (layout.x_tick_step_months, 6) == 0);
  g_assert_cmpfloat (layout.area_x, >, 0);
  g_assert_cmpfloat (layout.area_x + layout.area_width, <, 1200);
  g_assert_cmpfloat (layout.area_y + layout.area_height, <, 800);

  for (double m = 0; m <= HORIZON; m += 0.25)
    {
      double x = sy_plot_layout_month_to_x (&layout, m);

      g_assert_cmpfloat_with_epsilon (sy_plot_layout_x_to_month (&layout, x), m, 1e-9);
    }

  g_assert_cmpfloat (sy_plot_layout_month_to_x (&layout, 0), ==, layout.area_x);
  g_assert_cmpfloat (sy_plot_layout_usd_to_y (&layout, 0), ==, layout.area_y + layout.area_height);
  g_assert_cmpfloat (sy_plot_layout_usd_to_y (&layout, layout.y_max_usd), ==, layout.area_y);
  g_assert_cmpfloat (sy_plot_layout_x_to_month (&layout, 0), <, 0);
  g_assert_cmpfloat (sy_plot_layout_x_to_month (&layout, 1199), <, 0);
  g_assert_cmpfloat (sy_plot_layout_x_to_month (&layout, layout.area_x + layout.area_width), ==, HORIZON);
}

static void
test_layout_ticks (void)
{
  static const struct { double monthly; double y_max; double step; } cases[] = {
    { 54.0, 2000, 250 },        /* 36 × 54 = 1944 */
    { 900.0, 35000, 5000 },     /* 32,400 */
    { 1260.0, 50000, 10000 },   /* 45,360 */
    { 100.0, 4000, 500 },       /* 3,600 */
    { 0.0, 100, 20 },           /* nothing to scale */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SyCostSeries) series = sy_cost_series_new (36);
      SyPlotLayout layout;
      double n;

      sy_cost_series_add_line (series, "API", 0, cases[i].monthly, TRUE, 0);
      sy_plot_layout_init (&layout, series, 1200, 800);
      g_test_message ("monthly %g: y_max %g step %g", cases[i].monthly,
                      layout.y_max_usd, layout.y_tick_step_usd);
      g_assert_cmpfloat_with_epsilon (layout.y_max_usd, cases[i].y_max, 1e-6);
      g_assert_cmpfloat_with_epsilon (layout.y_tick_step_usd, cases[i].step, 1e-6);
      g_assert_cmpfloat (layout.x_tick_step_months, ==, 6);
      n = layout.y_max_usd / layout.y_tick_step_usd;
      g_assert_cmpfloat (n, >=, 4);
      g_assert_cmpfloat (n, <=, 8);
    }

  /* Long horizons space their labels out. */
  {
    g_autoptr(SyCostSeries) series = sy_cost_series_new (240);
    SyPlotLayout layout;

    sy_cost_series_add_line (series, "API", 0, 54, TRUE, 0);
    sy_plot_layout_init (&layout, series, 1200, 800);
    g_assert_cmpfloat (layout.x_tick_step_months, ==, 24);
  }
}

static void
test_format_tick (void)
{
  static const struct { double usd; const char *text; } cases[] = {
    { 0, "$0" },
    { 500, "$500" },
    { 1000, "$1k" },
    { 1500, "$1.5k" },
    { 2500, "$2.5k" },
    { 12500, "$12.5k" },
    { 25000, "$25k" },
    { 250000, "$250k" },
    { 1200000, "$1.2M" },
    { 1250000, "$1.25M" },
    { 3e9, "$3B" },
    { 0.5, "$0.5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sy_plot_format_usd_tick (cases[i].usd);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_from_filename (void)
{
  static const struct { const char *name; SyPlotFormat format; } good[] = {
    { "plot.png", SY_PLOT_FORMAT_PNG },
    { "PLOT.PNG", SY_PLOT_FORMAT_PNG },
    { "/tmp/a.b/plot.svg", SY_PLOT_FORMAT_SVG },
    { "costs.Pdf", SY_PLOT_FORMAT_PDF },
  };
  static const char *bad[] = { "plot.gif", "plot", "/tmp/dir.png/plot", "plot.", ".png" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      SyPlotFormat format = -1;

      g_assert_true (sy_plot_format_from_filename (good[i].name, &format, &error));
      g_assert_no_error (error);
      g_assert_cmpint (format, ==, good[i].format);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      SyPlotFormat format;

      g_assert_false (sy_plot_format_from_filename (bad[i], &format, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sy_plot_format_from_filename ("plot.gif", NULL, &error));
    g_assert_cmpstr (error->message, ==, "Unknown plot format “.gif”: use .png, .svg or .pdf");
  }
}

static void
test_export (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-plot-XXXXXX", &error);
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *data = NULL;
  gsize len;
  SyPlotTheme theme = { FALSE, NULL };

  g_assert_no_error (error);
  png = g_build_filename (dir, "plot.png", NULL);
  svg = g_build_filename (dir, "plot.svg", NULL);
  pdf = g_build_filename (dir, "plot.pdf", NULL);

  g_assert_true (sy_plot_export (series, png, SY_PLOT_FORMAT_PNG, 600, 400, 2, &theme, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&data, g_free);
  {
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 800);
  }

  g_assert_true (sy_plot_export (series, svg, SY_PLOT_FORMAT_SVG, 600, 400, 1, &theme, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, &len, &error));
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "</svg>"));
  g_clear_pointer (&data, g_free);

  g_assert_true (sy_plot_export (series, pdf, SY_PLOT_FORMAT_PDF, 600, 400, 1, &theme, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &data, &len, &error));
  g_assert_true (len > 5 && memcmp (data, "%PDF-", 5) == 0);
  /* The trailer is written on cairo_surface_finish (): a complete file. */
  g_assert_nonnull (g_strstr_len (data + len - 16, 16, "%%EOF"));
  g_clear_pointer (&data, g_free);

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_remove (pdf), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_export_failure (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-plot-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  missing = g_build_filename (dir, "no", "such", "dir", "plot.png", NULL);

  g_assert_false (sy_plot_export (series, missing, SY_PLOT_FORMAT_PNG, 600, 400, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A directory in the way: the write fails and the directory survives. */
  existing = g_build_filename (dir, "taken.svg", NULL);
  g_assert_cmpint (g_mkdir (existing, 0700), ==, 0);
  g_assert_false (sy_plot_export (series, existing, SY_PLOT_FORMAT_SVG, 600, 400, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_true (g_file_test (existing, G_FILE_TEST_IS_DIR));
  g_clear_error (&error);

  g_assert_false (sy_plot_export (series, missing, SY_PLOT_FORMAT_PNG, 0, 400, 1, NULL, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);

  g_assert_cmpint (g_rmdir (existing), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_empty_and_degenerate (void)
{
  g_autoptr(SyCostSeries) empty = sy_cost_series_new (36);
  g_autoptr(SyCostSeries) zero = sy_cost_series_new (36);
  g_autoptr(SyCostSeries) full = make_series (TRUE);
  g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  g_autoptr(cairo_t) cr = cairo_create (surface);
  static const double sizes[][2] = { { 0, 0 }, { 1, 1 }, { 10, 400 }, { 400, 10 }, { 64, 64 }, { NAN, 5 } };
  SyPlotLayout layout;

  sy_cost_series_add_line (zero, "API", 0, 0, TRUE, 0);
  sy_cost_series_add_line (zero, "Free box", 0, 0, FALSE, 1);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      sy_plot_draw (cr, empty, sizes[i][0], sizes[i][1], NULL, -1);
      sy_plot_draw (cr, zero, sizes[i][0], sizes[i][1], NULL, 3);
      sy_plot_draw (cr, full, sizes[i][0], sizes[i][1], NULL, 500);
      sy_plot_draw (cr, NULL, sizes[i][0], sizes[i][1], NULL, 1);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

      sy_plot_layout_init (&layout, full, sizes[i][0], sizes[i][1]);
      g_assert_true (isfinite (sy_plot_layout_month_to_x (&layout, 10)));
      g_assert_true (isfinite (sy_plot_layout_usd_to_y (&layout, 10)));
    }

  /* An all-zero series still has a tick above $0. */
  sy_plot_layout_init (&layout, zero, 1200, 800);
  g_assert_cmpfloat (layout.y_max_usd, >, 0);
  g_assert_cmpfloat (layout.y_tick_step_usd, >, 0);

  /* An empty series is just the background. */
  {
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    g_autoptr(cairo_t) cr2 = cairo_create (image);

    sy_plot_draw (cr2, empty, WIDTH, HEIGHT, NULL, 10);
    g_assert_cmpint (cairo_status (cr2), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_flush (image);
    assert_color_near (pixel_at (image, WIDTH / 2, HEIGHT / 2), ((SyPlotColor) { 1, 1, 1, 1 }), 0.01);
    assert_color_near (pixel_at (image, 2, HEIGHT - 2), ((SyPlotColor) { 1, 1, 1, 1 }), 0.01);
  }
}

static void
test_break_even_beyond_horizon (void)
{
  g_autoptr(SyCostSeries) series = sy_cost_series_new (36);
  g_autoptr(cairo_surface_t) surface = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotLayout layout;
  guint local;

  sy_cost_series_add_line (series, "API", 0, API_MONTHLY, TRUE, 0);
  local = sy_cost_series_add_line (series, "Local", LOCAL_SETUP, LOCAL_MONTHLY, FALSE, 1);
  sy_cost_series_add_break_even (series, local, BREAK_EVEN);
  surface = render (series, FALSE, -1);

  /* Nothing in marker colour anywhere along the right edge of the area. */
  sy_plot_layout_init (&layout, series, WIDTH, HEIGHT);
  for (double y = layout.area_y; y < layout.area_y + layout.area_height; y += 1)
    g_assert_false (color_near (pixel_at (surface, layout.area_x + layout.area_width - 1, y),
                                sy_plot_marker_color (&theme), 0.05));
}

static void
test_palette (void)
{
  SyPlotTheme light = { FALSE, NULL };
  SyPlotTheme dark = { TRUE, NULL };

  /* Slots are distinct for a realistic number of options, and wrap. */
  for (guint i = 0; i < 6; i++)
    for (guint j = i + 1; j < 6; j++)
      {
        g_assert_false (color_near (sy_plot_line_color (&light, i), sy_plot_line_color (&light, j), 0.05));
        g_assert_false (color_near (sy_plot_line_color (&dark, i), sy_plot_line_color (&dark, j), 0.05));
      }
  g_assert_true (color_near (sy_plot_line_color (&light, 1000), sy_plot_line_color (&light, 1000), 0));
  g_assert_false (color_near (sy_plot_marker_color (&light), sy_plot_marker_color (&dark), 0.5));
}

/* Evaluators standing in for lines the series will make: the plot must
 * draw whatever the evaluator says, not a straight line between the ends. */
#define CURVE_A     120.0   /* $ a month at month 0 */
#define CURVE_G     0.6     /* price decline a year */
#define STEP_USD    1500.0

/* Where the step is: between the plot's samples, and on one of them. */
static double step_month = 30.0;

static double
curve_value (double month)
{
  double k = -log (1.0 - CURVE_G) / 12.0;

  return CURVE_A * (1.0 - pow (1.0 - CURVE_G, month / 12.0)) / k;
}

static double
step_value (double month)
{
  return 1000.0 + 20.0 * month + (month >= step_month ? STEP_USD : 0.0);
}

static double
synthetic_value_cb (SyCostSeries *series,
                    guint         line,
                    double        month,
                    gpointer      user_data)
{
  const char *kind = user_data;

  if (line == 1)
    return g_str_equal (kind, "curve") ? curve_value (month) : step_value (month);

  return sy_cost_series_value_at (series, line, month);
}

static cairo_surface_t *
render_full (SyCostSeries    *series,
             SyPlotValueFunc  func,
             gpointer         data,
             double           width,
             double           height,
             gboolean         dark,
             const char      *save_name)
{
  SyPlotTheme theme = { dark, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  g_autoptr(cairo_t) cr = cairo_create (surface);

  sy_plot_draw_full (cr, series, func, data, width, height, &theme, -1);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  if (g_getenv ("SY_TEST_PLOT_SAVE") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("/tmp/test-plot-%s.png", save_name);
      cairo_surface_write_to_png (surface, name);
    }

  return surface;
}

static void
test_curve_follows_values (void)
{
  g_autoptr(SyCostSeries) series = sy_cost_series_new (72);
  g_autoptr(cairo_surface_t) surface = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotColor local = sy_plot_line_color (&theme, 1);
  SyPlotColor background = { 1, 1, 1, 1 };
  SyPlotLayout layout;
  double x, y_chord;

  /* Line 1 is drawn from the evaluator; its coefficients say nothing. */
  sy_cost_series_add_line (series, "API", 0, 40, TRUE, 0);
  sy_cost_series_add_line (series, "Curving", 0, 0, FALSE, 1);
  surface = render_full (series, synthetic_value_cb, (gpointer) "curve", WIDTH, HEIGHT, FALSE, "curve");
  sy_plot_layout_init_full (&layout, series, synthetic_value_cb, (gpointer) "curve", WIDTH, HEIGHT);

  /* The scale comes from the sampled values, not the coefficients. */
  g_assert_cmpfloat (layout.y_max_usd, >=, MAX (curve_value (72), 72 * 40));

  for (double m = 6; m <= 66; m += 6)
    {
      x = sy_plot_layout_month_to_x (&layout, m) + 0.5;
      assert_color_near (pixel_at (surface, x, sy_plot_layout_usd_to_y (&layout, curve_value (m))),
                         local, 0.1);
    }

  /* A straight line between the ends would pass here; the curve does not. */
  x = sy_plot_layout_month_to_x (&layout, 36);
  y_chord = sy_plot_layout_usd_to_y (&layout, curve_value (72) / 2.0);
  g_assert_cmpfloat (fabs (y_chord - sy_plot_layout_usd_to_y (&layout, curve_value (36))), >, 10);
  assert_color_near (pixel_at (surface, x, y_chord), background, 0.1);
}

static void
assert_step_drawn_vertical (double month)
{
  g_autoptr(SyCostSeries) series = sy_cost_series_new (72);
  g_autoptr(cairo_surface_t) surface = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotColor local = sy_plot_line_color (&theme, 1);
  SyPlotColor background = { 1, 1, 1, 1 };
  SyPlotLayout layout;
  double x_step, y_before, y_after, y_mid;
  guint riser = 0;

  step_month = month;
  sy_cost_series_add_line (series, "API", 0, 40, TRUE, 0);
  sy_cost_series_add_line (series, "Replaced", 0, 0, FALSE, 1);
  surface = render_full (series, synthetic_value_cb, (gpointer) "step", WIDTH, HEIGHT, FALSE, "step");
  sy_plot_layout_init_full (&layout, series, synthetic_value_cb, (gpointer) "step", WIDTH, HEIGHT);

  x_step = sy_plot_layout_month_to_x (&layout, step_month);
  y_before = sy_plot_layout_usd_to_y (&layout, step_value (step_month - 1e-6));
  y_after = sy_plot_layout_usd_to_y (&layout, step_value (step_month));
  g_assert_cmpfloat (y_before - y_after, >, 40);

  /* Up the riser: solid line colour in the step's own column, background
   * (or a faint gridline) three pixels either side, all the way up; a
   * riser slanted over even a few pixels fails this. */
  for (y_mid = y_after + 4; y_mid < y_before - 4; y_mid += 2)
    {
      gboolean hit = FALSE;

      for (int dx = -1; dx <= 1; dx++)
        if (color_near (pixel_at (surface, x_step + dx, y_mid), local, 0.03))
          hit = TRUE;
      g_assert_true (hit);
      assert_color_near (pixel_at (surface, x_step - 3, y_mid), background, 0.1);
      assert_color_near (pixel_at (surface, x_step + 3, y_mid), background, 0.1);
      riser++;
    }
  g_assert_cmpuint (riser, >, 15);

  /* And the line runs on either side at its own value. */
  assert_color_near (pixel_at (surface, sy_plot_layout_month_to_x (&layout, 20),
                               sy_plot_layout_usd_to_y (&layout, step_value (20))), local, 0.1);
  assert_color_near (pixel_at (surface, sy_plot_layout_month_to_x (&layout, 45),
                               sy_plot_layout_usd_to_y (&layout, step_value (45))), local, 0.1);
}

static void
test_step_drawn_vertical (void)
{
  /* 72 months in 16 first samples: month 36 is one of them. */
  assert_step_drawn_vertical (30.0);
  assert_step_drawn_vertical (36.0);
  assert_step_drawn_vertical (36.2);
}

/* SPEC §2: gpt-4o-mini at $54 a month; the RTX 4090 crosses it at 66.7
 * months, the 2× A100 ($20,000 + $500 a month) never does and reaches
 * $56,000 by month 72. */
static SyCostSeries *
make_spec_series (void)
{
  SyCostSeries *series = sy_cost_series_new (72);
  guint rtx;

  sy_cost_series_add_line (series, "API (gpt-4o-mini)", 0, API_MONTHLY, TRUE, 0);
  rtx = sy_cost_series_add_line (series, "Llama 3.1 8B Q4 (RTX 4090)", LOCAL_SETUP, LOCAL_MONTHLY, FALSE, 1);
  sy_cost_series_add_line (series, "Llama 3.1 70B Q4 (2× A100)", 20000, 500, FALSE, 2);
  sy_cost_series_add_break_even (series, rtx, BREAK_EVEN);

  return series;
}

static void
test_dwarfed_crossing_readable (void)
{
  g_autoptr(SyCostSeries) series = make_spec_series ();
  SyPlotTheme theme = { FALSE, NULL };
  SyPlotColor background = { 1, 1, 1, 1 };
  const double w = 360, h = 240 + sy_plot_legend_band_height (series, 360);
  g_autoptr(cairo_surface_t) light = render_full (series, NULL, NULL, w, h, FALSE, "spec-360-light");
  g_autoptr(cairo_surface_t) dark = render_full (series, NULL, NULL, w, h, TRUE, "spec-360-dark");
  g_autoptr(cairo_surface_t) wide = render_full (series, NULL, NULL, 800, 500, FALSE, "spec-800-light");
  SyPlotLayout layout;
  double gap, x, y, y_api, y_rtx;
  gboolean note = FALSE;

  sy_plot_layout_init (&layout, series, w, h);
  g_assert_cmpfloat (layout.data_max_usd, ==, 20000 + 72 * 500);
  g_assert_cmpuint (layout.n_off_scale, ==, 1);
  g_assert_cmpfloat (layout.y_max_usd, >=, 72 * API_MONTHLY);
  g_assert_cmpfloat (layout.y_max_usd, <, 6000);

  /* Twenty months before the crossing the two lines are $480 apart: well
   * apart even on a phone, where a $60k scale would make it one pixel. */
  y_api = sy_plot_layout_usd_to_y (&layout, 46.7 * API_MONTHLY);
  y_rtx = sy_plot_layout_usd_to_y (&layout, LOCAL_SETUP + 46.7 * LOCAL_MONTHLY);
  gap = y_api - y_rtx;
  g_test_message ("gap at month 46.7: %.1f px", gap);
  g_assert_cmpfloat (gap, >=, 15);
  g_assert_cmpfloat (480.0 / layout.data_max_usd * layout.area_height, <, 2);
  x = sy_plot_layout_month_to_x (&layout, 46.7);
  assert_color_near (pixel_at (light, x, y_rtx), sy_plot_line_color (&theme, 1), 0.1);
  assert_color_near (pixel_at (light, x, (y_api + y_rtx) / 2.0), background, 0.05);

  /* The marker sits on the crossing, inside the area. */
  x = sy_plot_layout_month_to_x (&layout, BREAK_EVEN);
  y = sy_plot_layout_usd_to_y (&layout, BREAK_EVEN * API_MONTHLY);
  g_assert_cmpfloat (y, >, layout.area_y);
  assert_color_near (pixel_at (light, x, y), sy_plot_marker_color (&theme), 0.05);

  /* The A100 line is cut off, and said so above the area in its colour. */
  for (double ny = 0; ny < layout.area_y; ny++)
    for (double nx = layout.area_x; nx < layout.area_x + 10; nx++)
      if (color_near (pixel_at (light, nx, ny), sy_plot_line_color (&theme, 2), 0.05))
        note = TRUE;
  g_assert_true (note);

  /* Without a crossing in view there is nothing to keep readable: the
   * scale shows every line in full. */
  {
    g_autoptr(SyCostSeries) none = sy_cost_series_new (72);

    sy_cost_series_add_line (none, "API", 0, 13.5, TRUE, 0);
    sy_cost_series_add_line (none, "2× A100", 20000, 500, FALSE, 2);
    sy_plot_layout_init (&layout, none, w, h);
    g_assert_cmpuint (layout.n_off_scale, ==, 0);
    g_assert_cmpfloat (layout.y_max_usd, >=, 20000 + 72 * 500);
  }

  /* Without a dwarfing line there is nothing to cut. */
  {
    g_autoptr(SyCostSeries) two = make_series (TRUE);

    sy_plot_layout_init (&layout, two, w, h);
    g_assert_cmpuint (layout.n_off_scale, ==, 0);
    g_assert_cmpfloat (layout.area_y, <, 20);
  }
  g_assert_nonnull (dark);
  g_assert_nonnull (wide);
}

static void
test_export_caption (void)
{
  g_autoptr(SyCostSeries) series = make_spec_series ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 5, 9, 0, 0);
  g_autofree char *dir = g_dir_make_tmp ("test-plot-XXXXXX", &error);
  g_autofree char *caption = sy_plot_format_caption (5000, 800, 400, "gpt-4o-mini", date);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *data = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  gboolean ink = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (caption, ==, "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini · 2026-12-05");

  g_assert_true (sy_plot_export_with_caption (series, "A & B <5,000 requests>", svg, SY_PLOT_FORMAT_SVG,
                                              600, 400, 1, &theme, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, NULL, &error));
  g_assert_nonnull (strstr (data, "<title>A &amp; B &lt;5,000 requests&gt;</title>"));
  g_assert_nonnull (strstr (data, "</svg>"));
  g_clear_pointer (&data, g_free);

  /* The PNG grows by a band below the plot, with text in it. */
  g_assert_true (sy_plot_export_with_caption (series, caption, png, SY_PLOT_FORMAT_PNG,
                                              600, 400, 1, &theme, &error));
  g_assert_no_error (error);
  {
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (png);
    int height = cairo_image_surface_get_height (image);

    g_assert_cmpint (height, >, 410);
    g_assert_cmpint (height, <, 460);
    for (double y = 400; y < height && !ink; y++)
      for (double x = 0; x < 600 && !ink; x++)
        ink = !color_near (pixel_at (image, x, y), (SyPlotColor) { 1, 1, 1, 1 }, 0.2);
    g_assert_true (ink);
  }

  /* No caption: the plot's size, as before. */
  g_assert_true (sy_plot_export_with_caption (series, NULL, png, SY_PLOT_FORMAT_PNG,
                                              600, 400, 1, &theme, &error));
  {
    g_autoptr(cairo_surface_t) image = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);
  }

  g_assert_cmpint (g_remove (png), ==, 0);
  g_assert_cmpint (g_remove (svg), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A range of daily requests (half to double) spreads the API line into a
 * band from $27 to $108 a month; the band is tinted with the line's
 * colour, the plain background around it is not. */
static void
test_band (void)
{
  g_autoptr(SyCostSeries) series = make_series (TRUE);
  g_autoptr(cairo_surface_t) surface = NULL;
  SyPlotColor background, inside, outside;
  SyPlotLayout layout;
  double low, high, x;

  g_assert_false (sy_cost_series_band_at (series, 0, 12, NULL, NULL));
  sy_cost_series_add_variant (series, 0, 0, API_MONTHLY / 2, 0, 0, 0);
  sy_cost_series_add_variant (series, 0, 0, API_MONTHLY * 2, 0, 0, 0);
  g_assert_true (sy_cost_series_band_at (series, 0, 12, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 12 * 27.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (high, 12 * 108.0, 1e-9);
  g_assert_false (sy_cost_series_band_at (series, 1, 12, NULL, NULL));

  surface = render (series, FALSE, -1);
  sy_plot_layout_init (&layout, series, WIDTH, HEIGHT);
  x = sy_plot_layout_month_to_x (&layout, 20);
  background = pixel_at (surface, x, sy_plot_layout_usd_to_y (&layout, 20 * 10.0));
  inside = pixel_at (surface, x, sy_plot_layout_usd_to_y (&layout, 20 * 80.0));
  outside = pixel_at (surface, x, sy_plot_layout_usd_to_y (&layout, 20 * 130.0));

  g_assert_false (color_near (inside, background, 0.03));
  assert_color_near (outside, background, 0.01);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/marker-at-break-even", test_marker_at_break_even);
  g_test_add_func ("/plot/hidden-line", test_hidden_line);
  g_test_add_func ("/plot/dark-theme", test_dark_theme);
  g_test_add_func ("/plot/hover-readout", test_hover_readout);
  g_test_add_func ("/plot/break-even-beyond-horizon", test_break_even_beyond_horizon);
  g_test_add_func ("/plot/palette", test_palette);
  g_test_add_func ("/plot/layout", test_layout);
  g_test_add_func ("/plot/layout-ticks", test_layout_ticks);
  g_test_add_func ("/plot/format-tick", test_format_tick);
  g_test_add_func ("/plot/format-from-filename", test_format_from_filename);
  g_test_add_func ("/plot/export", test_export);
  g_test_add_func ("/plot/export-failure", test_export_failure);
  g_test_add_func ("/plot/empty-and-degenerate", test_empty_and_degenerate);
  g_test_add_func ("/plot/curve-follows-values", test_curve_follows_values);
  g_test_add_func ("/plot/step-drawn-vertical", test_step_drawn_vertical);
  g_test_add_func ("/plot/dwarfed-crossing-readable", test_dwarfed_crossing_readable);
  g_test_add_func ("/plot/export-caption", test_export_caption);
  g_test_add_func ("/plot/band", test_band);

  return g_test_run ();
}
