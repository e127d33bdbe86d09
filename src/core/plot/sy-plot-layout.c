/* sy-plot-layout.c: where the plot area and the axis ticks of the plot go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-format.h"
#include "sy-plot-private.h"

/* Sizes are in device-independent pixels (cairo user units). */
#define MARGIN_LEFT         62.0   /* room for "$12.5k" */
#define MARGIN_RIGHT        26.0   /* half of the last x label */
#define MARGIN_TOP          14.0
#define NOTE_ROW            18.0   /* one off-scale note in the top margin */
#define MARGIN_BOTTOM       54.0   /* x labels, then "Months" */
#define MIN_X_TICK_SPACING  56.0
#define MIN_Y_TICK_SPACING  28.0
#define MAX_X_TICKS         10
#define MAX_Y_TICKS         8
#define DEFAULT_HORIZON     36.0
#define RANGE_SAMPLES       96
/* Narrower than this, a legend box inside the area covers the lines it
 * names (at 360 pixels every corner has one): it goes below the axis. */
#define LEGEND_INSIDE_MIN_WIDTH 480.0
#define LEGEND_ROW          18.0
#define LEGEND_PAD          4.0
/* A line this many times taller than the lines that decide would squash
 * their crossing into the bottom quarter. */
#define FOCUS_RATIO         4.0

/* Auxiliary functions */

static double
nice_y_step (double max_value,
             guint  max_ticks)
{
  static const double mantissas[] = { 1.0, 2.0, 2.5, 5.0 };
  double decade;

  /* Start a decade low and walk up: the first step that needs no more than
   * max_ticks ticks needs at least half as many, because each step is at
   * most twice the previous one. */
  decade = pow (10.0, floor (log10 (max_value / max_ticks)));
  for (guint i = 0; i < 64; i++)
    {
      double step = mantissas[i % G_N_ELEMENTS (mantissas)] * decade;

      if (ceil (max_value / step - 1e-9) <= max_ticks)
        return step;
      if (i % G_N_ELEMENTS (mantissas) == G_N_ELEMENTS (mantissas) - 1)
        decade *= 10.0;
    }

  return max_value;
}

static double
nice_x_step (double horizon,
             double area_width)
{
  static const double steps[] = { 1, 3, 6, 12, 24, 60, 120, 240 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double n = horizon / steps[i];

      /* Half-years read best; months and quarters only on short horizons. */
      if (steps[i] < 6 && horizon >= 12)
        continue;

      if (n <= MAX_X_TICKS && area_width / n >= MIN_X_TICK_SPACING)
        return steps[i];
    }

  return steps[G_N_ELEMENTS (steps) - 1];
}

static double
line_max (SyCostSeries    *series,
          SyPlotValueFunc  value_func,
          gpointer         user_data,
          guint            line,
          double           horizon)
{
  double max_value = 0.0;

  for (guint k = 0; k <= RANGE_SAMPLES; k++)
    {
      double m = horizon * k / RANGE_SAMPLES;
      double v = value_func != NULL ? value_func (series, line, m, user_data)
                                    : sy_cost_series_value_at (series, line, m);

      max_value = MAX (max_value, finite_or (v, G_MAXFLOAT));
    }

  return max_value;
}

/* The lines that decide: the API and every option that crosses it within
 * the horizon. */
static gboolean
line_decides (SyCostSeries *series,
              guint         line,
              double        horizon)
{
  const SyCostLine *l = sy_cost_series_get_line (series, line);
  guint n = sy_cost_series_get_n_break_evens (series);

  if (l != NULL && l->is_api)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      const SyBreakEven *be = sy_cost_series_get_break_even (series, i);

      if (be != NULL && be->local_line == line && be->month >= 0 && be->month <= horizon)
        return TRUE;
    }

  return FALSE;
}

static guint
count_above (const double *maxima,
             guint         n,
             double        limit)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    if (maxima[i] > limit * (1.0 + 1e-9))
      count++;

  return count;
}

static void
set_area_and_ticks (SyPlotLayout *layout,
                    double        scale_max,
                    guint         n_notes)
{
  guint max_ticks;

  layout->area_y = MARGIN_TOP + n_notes * NOTE_ROW;
  /* Never zero, so the mappings stay finite on a degenerate size. */
  layout->area_height = MAX (1.0, layout->height - layout->area_y - MARGIN_BOTTOM -
                                   (layout->legend_y >= 0 ? layout->height - layout->legend_y : 0.0));

  max_ticks = (guint) CLAMP (layout->area_height / MIN_Y_TICK_SPACING, 1, MAX_Y_TICKS);
  layout->y_tick_step_usd = nice_y_step (scale_max, max_ticks);
  layout->y_max_usd = ceil (scale_max / layout->y_tick_step_usd - 1e-9) * layout->y_tick_step_usd;
  if (layout->y_max_usd <= 0.0)
    layout->y_max_usd = layout->y_tick_step_usd;
}

/* Public API */

double
sy_plot_legend_band_height (SyCostSeries *series,
                            double        width)
{
  guint n_lines = series != NULL ? sy_cost_series_get_n_lines (series) : 0;

  if (n_lines == 0 || !(width < LEGEND_INSIDE_MIN_WIDTH))
    return 0.0;

  return n_lines * LEGEND_ROW + LEGEND_PAD;
}

void
sy_plot_layout_init (SyPlotLayout *layout,
                     SyCostSeries *series,
                     double        width,
                     double        height)
{
  sy_plot_layout_init_full (layout, series, NULL, NULL, width, height);
}

void
sy_plot_layout_init_full (SyPlotLayout    *layout,
                          SyCostSeries    *series,
                          SyPlotValueFunc  value_func,
                          gpointer         user_data,
                          double           width,
                          double           height)
{
  double horizon = series != NULL ? sy_cost_series_get_horizon (series) : 0.0;
  guint n_lines = series != NULL ? sy_cost_series_get_n_lines (series) : 0;
  g_autofree double *maxima = g_new0 (double, MAX (1, n_lines));
  double max_value = 0.0, decisive_max = 0.0, scale_max;
  guint n_notes = 0;
  gboolean crossing = FALSE;

  g_return_if_fail (layout != NULL);

  width = MAX (0.0, finite_or (width, 0.0));
  height = MAX (0.0, finite_or (height, 0.0));
  horizon = finite_or (horizon, 0.0);
  if (horizon <= 0.0)
    horizon = DEFAULT_HORIZON;

  /* Sampled, not taken from the ends: a line need not be straight. */
  for (guint i = 0; i < n_lines; i++)
    {
      maxima[i] = line_max (series, value_func, user_data, i, horizon);
      max_value = MAX (max_value, maxima[i]);
      if (line_decides (series, i, horizon))
        {
          const SyCostLine *line = sy_cost_series_get_line (series, i);

          decisive_max = MAX (decisive_max, maxima[i]);
          crossing |= line != NULL && !line->is_api;
        }
    }

  layout->width = width;
  layout->height = height;
  layout->area_x = MARGIN_LEFT;
  layout->area_width = MAX (1.0, width - MARGIN_LEFT - MARGIN_RIGHT);
  layout->x_max_months = horizon;
  layout->data_max_usd = max_value;
  layout->legend_y = -1.0;
  if (series != NULL && sy_plot_legend_band_height (series, width) > 0)
    layout->legend_y = height - sy_plot_legend_band_height (series, width);

  /* Nothing to scale: still give the axis one step above $0. */
  if (max_value <= 0.0)
    max_value = 100.0;

  /* When one option dwarfs the others (SPEC's 2× A100 at $56k beside an
   * API line of $3.9k), the scale follows the lines that decide and the
   * tall one is cut at the top, with a note of how high it goes. A log
   * axis cannot show $0 at month 0 and bends the straight lines whose
   * slopes the reader compares; a broken axis gives the tall line a band
   * where its slope means nothing and costs height a phone does not
   * have; an inset doubles the axes in 360 pixels. One honest linear
   * axis, with what it leaves out said in words, reads best. */
  /* Without a crossing in view there is nothing to keep readable: every
   * option costs more, and the full scale shows by how much. */
  scale_max = max_value;
  if (crossing && decisive_max > 0.0 && max_value > FOCUS_RATIO * decisive_max)
    {
      scale_max = decisive_max;
      /* The notes take room from the area, which can move the top tick:
       * settle the count once more against the final scale. */
      set_area_and_ticks (layout, scale_max, count_above (maxima, n_lines, decisive_max));
      n_notes = count_above (maxima, n_lines, layout->y_max_usd);
    }

  set_area_and_ticks (layout, scale_max, n_notes);
  layout->n_off_scale = n_notes > 0 ? count_above (maxima, n_lines, layout->y_max_usd) : 0;
  layout->x_tick_step_months = nice_x_step (horizon, layout->area_width);
}

double
sy_plot_layout_month_to_x (const SyPlotLayout *layout,
                           double              month)
{
  return layout->area_x + month / layout->x_max_months * layout->area_width;
}

double
sy_plot_layout_usd_to_y (const SyPlotLayout *layout,
                         double              usd)
{
  return layout->area_y + layout->area_height - usd / layout->y_max_usd * layout->area_height;
}

double
sy_plot_layout_x_to_month (const SyPlotLayout *layout,
                           double              x)
{
  double month;

  if (!isfinite (x) || x < layout->area_x - 0.5 ||
      x > layout->area_x + layout->area_width + 0.5)
    return -1.0;

  month = (x - layout->area_x) / layout->area_width * layout->x_max_months;
  return CLAMP (month, 0.0, layout->x_max_months);
}


/* Thousands, millions, billions, trillions: the steps of the axis. */
static const double units[] = { 1e12, 1e9, 1e6, 1e3 };

/* "1.5" in units[@unit] as the locale writes it: "$1.5k", "1,5 Tsd. $" in
 * German; @unit past the end: the number alone. */
static char *
format_compact_usd (const char *ascii,
                    guint       unit,
                    gboolean    negative)
{
  g_autofree char *number = sy_format_localize_ascii (ascii);
  g_autofree char *scaled = NULL;

  switch (unit)
    {
    case 0:
      /* Translators: trillions of dollars on the cost plot's axis; %s is
       * the number ("2", "1,5"). Put the dollar sign aside: it is added
       * around this. German: "%s Bio." with a no-break space */
      scaled = g_strdup_printf (C_("plot axis", "%sT"), number);
      break;
    case 1:
      /* Translators: billions of dollars on the cost plot's axis; %s is
       * the number. German: "%s Mrd." */
      scaled = g_strdup_printf (C_("plot axis", "%sB"), number);
      break;
    case 2:
      /* Translators: millions of dollars on the cost plot's axis; %s is
       * the number. German: "%s Mio." */
      scaled = g_strdup_printf (C_("plot axis", "%sM"), number);
      break;
    case 3:
      /* Translators: thousands of dollars on the cost plot's axis; %s is
       * the number ("60" reads "$60k"). German: "%s Tsd." */
      scaled = g_strdup_printf (C_("plot axis", "%sk"), number);
      break;
    default:
      scaled = g_steal_pointer (&number);
      break;
    }

  return sy_format_usd_wrap (scaled, negative);
}

char *
sy_plot_format_usd_tick (double usd)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *sign = usd < 0 ? "−" : "";
  double a = fabs (finite_or (usd, 0.0));

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (a >= units[i] - 1e-9 * units[i])
        {
          double v = a / units[i];

          /* "$1.5k", "$1.25M" when the step needs it, "$25k" otherwise. */
          if (is_whole (v))
            g_ascii_formatd (buf, sizeof buf, "%.0f", v);
          else if (is_whole (v * 10))
            g_ascii_formatd (buf, sizeof buf, "%.1f", v);
          else
            g_ascii_formatd (buf, sizeof buf, "%.2f", v);
          return format_compact_usd (buf, i, *sign != '\0');
        }
    }

  if (is_whole (a))
    g_ascii_formatd (buf, sizeof buf, "%.0f", a);
  else if (is_whole (a * 10))
    g_ascii_formatd (buf, sizeof buf, "%.1f", a);
  else
    g_ascii_formatd (buf, sizeof buf, "%.2f", a);

  return format_compact_usd (buf, G_N_ELEMENTS (units), *sign != '\0');
}
