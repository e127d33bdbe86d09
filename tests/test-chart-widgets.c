/* test-chart-widgets.c: the tornado chart and cost plot widgets, and the
 * captions their exports carry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sy-cost-plot.h"
#include "sy-costs-page-private.h"
#include "sy-tornado-chart.h"

static const SyTornadoBar bars[] = {
  { "Ops time", 60.0, 75.0 },
  { "API price decline", 30.0, SY_TORNADO_NEVER },
};

static void
test_draws_and_measures (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  SyTornadoChart *chart = SY_TORNADO_CHART (sy_tornado_chart_new ());
  int minimum, natural;

  gtk_window_set_child (window, GTK_WIDGET (chart));
  gtk_window_present (window);

  /* No data: nothing to ask room for. */
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, 400, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 0);

  sy_tornado_chart_set_data (chart, 66.7, bars, G_N_ELEMENTS (bars));
  g_assert_cmpuint (sy_tornado_chart_get_n_bars (chart), ==, 2);
  g_assert_cmpfloat (sy_tornado_chart_get_base_months (chart), ==, 66.7);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, 400, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, (int) ceil (sy_tornado_natural_height (2)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), >=, natural);

  gtk_window_destroy (window);
}

static void
test_export (void)
{
  SyTornadoChart *chart = g_object_ref_sink (SY_TORNADO_CHART (sy_tornado_chart_new ()));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-widgets-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "tornado.svg", NULL);
  g_autofree char *data = NULL;
  SyTornadoBar copy[] = { { NULL, 1, 2 } };
  g_autofree char *label = g_strdup ("Box life");

  g_assert_no_error (error);
  g_assert_false (sy_tornado_chart_export (chart, NULL, svg, SY_PLOT_FORMAT_SVG, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The chart keeps its own copy of the labels. */
  copy[0].label = label;
  sy_tornado_chart_set_data (chart, 1.5, copy, 1);
  g_clear_pointer (&label, g_free);
  sy_tornado_chart_set_data (chart, 66.7, bars, G_N_ELEMENTS (bars));

  g_assert_true (sy_tornado_chart_export (chart, "5,000 requests a day", svg, SY_PLOT_FORMAT_SVG, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "<title>5,000 requests a day</title>"));

  g_unlink (svg);
  g_rmdir (dir);
  g_assert_finalize_object (chart);
}

/* The Costs page's export says what it shows: traffic, model and date. */
static void
test_costs_page_caption (void)
{
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);
  g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT, "cost-model", model, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  SyCostsPage *page = SY_COSTS_PAGE (sy_costs_page_new (context));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-widgets-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *caption = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  gtk_spin_button_set_value (sy_costs_page_get_spin (page, SY_COSTS_SPIN_DAILY_REQUESTS), 5000);
  gtk_spin_button_set_value (sy_costs_page_get_spin (page, SY_COSTS_SPIN_INPUT_TOKENS), 800);
  gtk_spin_button_set_value (sy_costs_page_get_spin (page, SY_COSTS_SPIN_OUTPUT_TOKENS), 400);

  caption = sy_costs_page_dup_export_caption (page);
  g_test_message ("caption: %s", caption);
  g_assert_true (g_str_has_prefix (caption, "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini · "));
  g_assert_true (g_str_has_suffix (caption, today));

  g_assert_true (sy_costs_page_export_to_file (page, svg, SY_PLOT_FORMAT_SVG, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &data, NULL, NULL));
  g_assert_nonnull (strstr (data, "<title>5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini · "));

  g_unlink (svg);
  g_rmdir (dir);
  gtk_window_destroy (window);
}

/* At phone width the plot's legend goes under the axis; the widget asks
 * for that band on top of its usual height, so the lines keep theirs. */
static void
test_cost_plot_legend_band (void)
{
  SyCostPlot *plot = g_object_ref_sink (SY_COST_PLOT (sy_cost_plot_new ()));
  g_autoptr(SyCostSeries) series = sy_cost_series_new (72);
  int min_narrow, nat_narrow, min_wide, nat_wide, min_bare, nat_bare;
  double band;

  sy_cost_series_add_line (series, "API (gpt-4o-mini)", 0, 54, TRUE, 0);
  sy_cost_series_add_line (series, "Llama 3.1 8B Q4 (RTX 4090)", 1600, 30, FALSE, 1);
  sy_cost_series_add_line (series, "Llama 3.1 70B Q4 (2× A100)", 20000, 500, FALSE, 2);
  band = sy_plot_legend_band_height (series, 360);
  g_assert_cmpfloat (band, >, 3 * 14);
  g_assert_cmpfloat (sy_plot_legend_band_height (series, 800), ==, 0);

  gtk_widget_measure (GTK_WIDGET (plot), GTK_ORIENTATION_VERTICAL, 360, &min_bare, &nat_bare, NULL, NULL);
  sy_cost_plot_set_series (plot, series);
  gtk_widget_measure (GTK_WIDGET (plot), GTK_ORIENTATION_VERTICAL, 360, &min_narrow, &nat_narrow, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (plot), GTK_ORIENTATION_VERTICAL, 800, &min_wide, &nat_wide, NULL, NULL);

  g_assert_cmpint (nat_narrow, ==, nat_bare + (int) ceil (band));
  g_assert_cmpint (min_narrow, ==, min_bare + (int) ceil (band));
  g_assert_cmpint (nat_wide, ==, 480);  /* 800 × 0.6, no band */

  g_assert_finalize_object (plot);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tornado-chart/draws-and-measures", test_draws_and_measures);
  g_test_add_func ("/tornado-chart/export", test_export);
  g_test_add_func ("/tornado-chart/costs-page-caption", test_costs_page_caption);
  g_test_add_func ("/cost-plot/legend-band", test_cost_plot_legend_band);

  return g_test_run ();
}
