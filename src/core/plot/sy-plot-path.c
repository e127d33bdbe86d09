/* sy-plot-path.c: turns each cost line into the polyline the plot strokes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line is whatever its evaluator says, not setup + m × monthly: an API
 * line curves as prices fall, a local line steps up when the box is
 * replaced. The polyline comes from adaptive bisection, so a straight line
 * costs a handful of points, a curve as many as it needs to look smooth,
 * and a step, which keeps bending however close the samples get, becomes
 * one vertical segment instead of a slanted smear.
 */
#include "config.h"

#include <math.h>

#include "sy-plot-private.h"

/* Coarse enough to stay cheap, fine enough that a cumulative cost line
 * (never decreasing) cannot hide a step between two samples: a step always
 * moves the midpoint away from the chord by half its height. */
#define BASE_INTERVALS 16
/* A chord within this many pixels of the curve looks like the curve. */
#define FLATNESS_PX    0.25
/* Still bending over less than this width: the value jumps here. */
#define STEP_PX        0.05
#define MAX_DEPTH      28

typedef struct
{
  DrawContext *dc;
  guint        line;
  GArray      *points;
  /* Points beyond these are far outside the area: they are pulled onto
   * them, which keeps cairo's fixed-point coordinates in range. */
  double       y_lo, y_hi;
  SyPlotPoint  last_raw;
  gboolean     have_last;
} Sampler;

/* Auxiliary functions */

static double
value_y (Sampler *s,
         double   month)
{
  return sy_plot_layout_usd_to_y (&s->dc->geom, sy_plot_value_at (s->dc, s->line, month));
}

static void
push (Sampler *s,
      double   x,
      double   y)
{
  SyPlotPoint p = { x, CLAMP (y, s->y_lo, s->y_hi) };

  g_array_append_val (s->points, p);
}

/* Appends the segment from the previous point to (@x, @y), cut where it
 * leaves the band [y_lo, y_hi] so that the visible part keeps its slope. */
static void
emit (Sampler *s,
      double   x,
      double   y)
{
  SyPlotPoint p = s->last_raw;

  if (!s->have_last)
    {
      push (s, x, y);
    }
  else if (y != p.y)
    {
      double bounds[2] = { s->y_lo, s->y_hi };
      double ts[2];
      guint n_t = 0;

      for (guint i = 0; i < 2; i++)
        {
          double t = (bounds[i] - p.y) / (y - p.y);

          if (t > 0.0 && t < 1.0)
            ts[n_t++] = t;
        }
      if (n_t == 2 && ts[0] > ts[1])
        {
          double tmp = ts[0];
          ts[0] = ts[1];
          ts[1] = tmp;
        }
      for (guint i = 0; i < n_t; i++)
        push (s, p.x + ts[i] * (x - p.x), p.y + ts[i] * (y - p.y));
      push (s, x, y);
    }
  else
    {
      push (s, x, y);
    }

  s->last_raw = (SyPlotPoint) { x, y };
  s->have_last = TRUE;
}

static void
subdivide (Sampler *s,
           double   m0,
           double   y0,
           double   m1,
           double   y1,
           guint    depth)
{
  const SyPlotLayout *g = &s->dc->geom;
  double mm = (m0 + m1) / 2.0;
  double ym = value_y (s, mm);
  double x0 = sy_plot_layout_month_to_x (g, m0);
  double x1 = sy_plot_layout_month_to_x (g, m1);
  double deviation;

  /* Judged where it can be seen: far off the area everything is flat. */
  deviation = fabs (CLAMP (ym, s->y_lo, s->y_hi) -
                    (CLAMP (y0, s->y_lo, s->y_hi) + CLAMP (y1, s->y_lo, s->y_hi)) / 2.0);

  if (deviation <= FLATNESS_PX || depth >= MAX_DEPTH)
    {
      emit (s, x1, y1);
      return;
    }

  if (x1 - x0 < STEP_PX)
    {
      /* On whole device pixels, so the riser is as crisp as the axes. */
      double x = sy_plot_snap_x (s->dc->cr, (x0 + x1) / 2.0, LINE_WIDTH);

      emit (s, x, y0);
      emit (s, x, y1);
      return;
    }

  subdivide (s, m0, y0, mm, ym, depth + 1);
  subdivide (s, mm, ym, m1, y1, depth + 1);
}

/* Public API */

double
sy_plot_value_at (DrawContext *dc,
                  guint        line,
                  double       month)
{
  double usd;

  if (dc->value_func != NULL)
    usd = dc->value_func (dc->series, line, month, dc->value_data);
  else
    usd = sy_cost_series_value_at (dc->series, line, month);

  return finite_or (usd, 0.0);
}

void
sy_plot_build_paths (DrawContext *dc)
{
  const SyPlotLayout *g = &dc->geom;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);

  dc->paths = g_new0 (SyPlotPath, n_lines);
  dc->n_paths = n_lines;

  for (guint i = 0; i < n_lines; i++)
    {
      Sampler s = { 0 };
      double prev_m = 0.0, prev_y;

      s.dc = dc;
      s.line = i;
      s.points = g_array_sized_new (FALSE, FALSE, sizeof (SyPlotPoint), 4 * BASE_INTERVALS);
      s.y_lo = g->area_y - g->area_height;
      s.y_hi = g->area_y + 2.0 * g->area_height;

      prev_y = value_y (&s, 0.0);
      emit (&s, sy_plot_layout_month_to_x (g, 0.0), prev_y);
      for (guint k = 1; k <= BASE_INTERVALS; k++)
        {
          double m = g->x_max_months * k / BASE_INTERVALS;
          double y = value_y (&s, m);

          subdivide (&s, prev_m, prev_y, m, y, 0);
          prev_m = m;
          prev_y = y;
        }

      dc->paths[i].n_points = s.points->len;
      dc->paths[i].points = (SyPlotPoint *) (void *) g_array_free (s.points, FALSE);
    }
}

void
sy_plot_free_paths (DrawContext *dc)
{
  for (guint i = 0; i < dc->n_paths; i++)
    g_free (dc->paths[i].points);
  g_clear_pointer (&dc->paths, g_free);
  dc->n_paths = 0;
}

double
sy_plot_line_y_at (DrawContext *dc,
                   guint        line,
                   double       month)
{
  return sy_plot_layout_usd_to_y (&dc->geom, sy_plot_value_at (dc, line, month));
}

void
sy_plot_trace_path (DrawContext *dc,
                    guint        line)
{
  const SyPlotPath *path = &dc->paths[line];

  for (guint k = 0; k < path->n_points; k++)
    {
      if (k == 0)
        cairo_move_to (dc->cr, path->points[k].x, path->points[k].y);
      else
        cairo_line_to (dc->cr, path->points[k].x, path->points[k].y);
    }
}

/* A band is context, not a line to read off: a fixed number of samples is
 * enough, and steps inside it may slant. */
#define BAND_SAMPLES 96

gboolean
sy_plot_trace_band (DrawContext *dc,
                    guint        line)
{
  const SyPlotLayout *g = &dc->geom;
  double horizon = sy_cost_series_get_horizon (dc->series);
  double y_lo = g->area_y - g->area_height;
  double y_hi = g->area_y + 2 * g->area_height;

  if (!sy_cost_series_band_at (dc->series, line, 0, NULL, NULL))
    return FALSE;

  /* Along the top edge left to right, back along the bottom. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k <= BAND_SAMPLES; k++)
      {
        guint index = pass == 0 ? k : BAND_SAMPLES - k;
        double month = horizon * index / BAND_SAMPLES;
        double low, high, y;

        sy_cost_series_band_at (dc->series, line, month, &low, &high);
        y = sy_plot_layout_usd_to_y (g, pass == 0 ? high : low);
        /* Far off the area: pulled in, as the lines are, for cairo's
         * fixed-point coordinates. */
        y = CLAMP (y, y_lo, y_hi);
        if (pass == 0 && k == 0)
          cairo_move_to (dc->cr, sy_plot_layout_month_to_x (g, month), y);
        else
          cairo_line_to (dc->cr, sy_plot_layout_month_to_x (g, month), y);
      }
  cairo_close_path (dc->cr);

  return TRUE;
}
