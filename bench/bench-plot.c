/* bench-plot.c: how long one frame of the cost plot takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 6 lines (the API and 5 local options) over 120 months at 1200×800 on an
 * image surface, the widget's worst realistic case. Goal: median < 1 ms.
 *
 * With --curves the lines come through an evaluator as the cost model's
 * will: the API curving with prices falling 30 % a year, each local box
 * replaced every 36 months (a step), the plot's adaptive sampling at work.
 *
 *   bench-plot [--frames N] [--hover MONTH] [--curves] [--png FILE]
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sy-plot.h"

#define WIDTH   1200
#define HEIGHT  800
#define HORIZON 120.0
#define WARMUP  20

static const struct
{
  const char *label;
  double      setup;
  double      monthly;
} locals[] = {
  { "Llama 3.1 8B Q4 (RTX 4090)", 1600, 30 },
  { "Llama 3.1 70B Q4 (2× A100)", 20000, 500 },
  { "Mistral 7B (RTX 3090)", 900, 25 },
  { "Qwen 2.5 32B (RTX 6000 Ada)", 7000, 120 },
  { "Llama 3.1 8B (Mac mini M4)", 1400, 8 },
};

static SyCostSeries *
make_series (void)
{
  SyCostSeries *series = sy_cost_series_new (HORIZON);
  const double api_monthly = 900.0;  /* SPEC's gpt-4o example */

  sy_cost_series_add_line (series, "API (gpt-4o)", 0, api_monthly, TRUE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (locals); i++)
    {
      guint line = sy_cost_series_add_line (series, locals[i].label, locals[i].setup,
                                            locals[i].monthly, FALSE, i + 1);

      if (api_monthly > locals[i].monthly)
        sy_cost_series_add_break_even (series, line,
                                       locals[i].setup / (api_monthly - locals[i].monthly));
    }

  return series;
}

static double
curved_value_cb (SyCostSeries *series,
                 guint         line,
                 double        month,
                 gpointer      user_data)
{
  const SyCostLine *l = sy_cost_series_get_line (series, line);

  if (l->is_api)
    {
      double k = -log (1.0 - 0.3) / 12.0;

      return l->monthly_usd * (1.0 - pow (1.0 - 0.3, month / 12.0)) / k;
    }

  return sy_cost_series_value_at (series, line, month) +
         floor (month / 36.0) * 0.8 * l->setup_usd;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SyCostSeries) series = make_series ();
  g_autofree double *times = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SyPlotTheme theme = { FALSE, NULL };
  cairo_surface_t *surface;
  cairo_t *cr;
  int frames = 1000;
  double hover = -1;
  gboolean curves = FALSE;
  SyPlotValueFunc value_func = NULL;
  char median[G_ASCII_DTOSTR_BUF_SIZE], p95[G_ASCII_DTOSTR_BUF_SIZE];
  const GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames, "Frames to time (1000)", "N" },
    { "hover", 0, 0, G_OPTION_ARG_DOUBLE, &hover, "Time frames with the hover readout at MONTH", "MONTH" },
    { "curves", 0, 0, G_OPTION_ARG_NONE, &curves, "Curved API line, stepped local lines", NULL },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png, "Also write one frame to FILE", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("— time the cost plot");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || frames < 1)
    {
      g_printerr ("bench-plot: %s\n", error != NULL ? error->message : "--frames must be ≥ 1");
      return 2;
    }

  if (curves)
    value_func = curved_value_cb;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  times = g_new (double, frames);

  /* Warm the font and glyph caches, as a widget that has drawn once has. */
  for (int i = 0; i < WARMUP; i++)
    sy_plot_draw_full (cr, series, value_func, NULL, WIDTH, HEIGHT, &theme, hover);

  for (int i = 0; i < frames; i++)
    {
      gint64 start = g_get_monotonic_time ();

      sy_plot_draw_full (cr, series, value_func, NULL, WIDTH, HEIGHT, &theme, hover);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("bench-plot: cairo: %s\n", cairo_status_to_string (cairo_status (cr)));
      return 1;
    }

  qsort (times, frames, sizeof (double), compare_doubles);
  g_ascii_formatd (median, sizeof median, "%.3f", times[frames / 2]);
  g_ascii_formatd (p95, sizeof p95, "%.3f", times[MIN (frames - 1, (int) (frames * 0.95))]);

  printf ("plot: %d frames, 6 %s lines × %g months at %d×%d (image surface)%s\n",
          frames, curves ? "curved and stepped" : "straight", HORIZON, WIDTH, HEIGHT,
          hover >= 0 ? ", with hover readout" : "");
  printf ("median: %s ms per frame\n", median);
  printf ("p95:    %s ms per frame\n", p95);
  printf ("goal: median < 1 ms\n");

  if (png != NULL)
    {
      /* With a hover readout, to look at everything at once. */
      sy_plot_draw_full (cr, series, value_func, NULL, WIDTH, HEIGHT, &theme, hover >= 0 ? hover : 30);
      if (cairo_surface_write_to_png (surface, png) != CAIRO_STATUS_SUCCESS)
        g_printerr ("bench-plot: could not write %s\n", png);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return 0;
}
