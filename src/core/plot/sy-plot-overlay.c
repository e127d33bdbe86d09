/* sy-plot-overlay.c: the legend, break-even markers and hover readout of the plot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-format.h"
#include "sy-plot-private.h"

/* Sizes are in device-independent pixels (cairo user units). */
#define MARKER_RADIUS       5.0

/* Auxiliary functions */

static void
rounded_rectangle (cairo_t    *cr,
                   const Rect *r,
                   double      radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, r->x + r->width - radius, r->y + radius, radius, -G_PI_2, 0);
  cairo_arc (cr, r->x + r->width - radius, r->y + r->height - radius, radius, 0, G_PI_2);
  cairo_arc (cr, r->x + radius, r->y + r->height - radius, radius, G_PI_2, G_PI);
  cairo_arc (cr, r->x + radius, r->y + radius, radius, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
}

static void
draw_box (DrawContext *dc,
          const Rect  *r)
{
  rounded_rectangle (dc->cr, r, 6.0);
  set_color (dc->cr, &dc->bg, 0.88);
  cairo_fill_preserve (dc->cr);
  set_color (dc->cr, &dc->fg, 0.15);
  cairo_set_line_width (dc->cr, 1.0);
  cairo_stroke (dc->cr);
}

/* A layout of its own, for text measured first and drawn later; it shares
 * the frame's context, so creating it is cheap. */
static PangoLayout *
new_label (DrawContext *dc,
           const char  *text)
{
  PangoLayout *layout = pango_layout_new (pango_layout_get_context (dc->layout));

  pango_layout_set_font_description (layout, dc->font);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);

  return layout;
}

/* "$1,296" for whole dollars; cents below $100, where they still matter. */
static char *
format_usd_value (double usd)
{
  usd = finite_or (usd, 0.0);

  /* Cents matter only while the amounts are small. */
  return sy_format_usd (fabs (usd) < 100.0 ? usd : round (usd), fabs (usd) < 100.0 ? 2 : 0);
}

/* Liang–Barsky: does the segment pass through the rectangle? */
static gboolean
segment_hits_rect (double      x0,
                   double      y0,
                   double      x1,
                   double      y1,
                   const Rect *r)
{
  double p[4] = { -(x1 - x0), x1 - x0, -(y1 - y0), y1 - y0 };
  double q[4] = { x0 - r->x, r->x + r->width - x0, y0 - r->y, r->y + r->height - y0 };
  double t0 = 0.0, t1 = 1.0;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0.0)
        {
          if (q[i] < 0.0)
            return FALSE;
          continue;
        }
      if (p[i] < 0.0)
        t0 = MAX (t0, q[i] / p[i]);
      else
        t1 = MIN (t1, q[i] / p[i]);
      if (t0 > t1)
        return FALSE;
    }

  return TRUE;
}

static guint
count_lines_through (DrawContext *dc,
                     const Rect  *r)
{
  guint n_lines = sy_cost_series_get_n_lines (dc->series);
  guint hits = 0;

  for (guint i = 0; i < n_lines && i < dc->n_paths; i++)
    {
      const SyPlotPath *path = &dc->paths[i];

      for (guint k = 1; k < path->n_points; k++)
        {
          const SyPlotPoint *a = &path->points[k - 1], *b = &path->points[k];

          if (segment_hits_rect (a->x, a->y, b->x, b->y, r))
            {
              hits++;
              break;
            }
        }
    }

  return hits;
}

/* Drawing */

/* Rows under the axis, with nothing to cover: no box. */
static void
draw_legend_below (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  const SyPlotLayout *g = &dc->geom;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);
  const double swatch = 20.0, gap = 8.0;
  double x = g->area_x - 8.0;

  dc->legend = (Rect) { 0, 0, 0, 0 };
  cairo_set_line_width (cr, LINE_WIDTH);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);
      g_autoptr(PangoLayout) label = new_label (dc, line->label);
      double row_y = g->legend_y + i * (g->height - g->legend_y - 4.0) / n_lines;
      int w, h;

      pango_layout_set_width (label, (int) MAX (1.0, g->width - 4.0 - (x + swatch + gap)) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &w, &h);

      set_color (cr, &color, 1.0);
      sy_plot_use_line_dash (cr, line->kind);
      cairo_move_to (cr, x, round (row_y + h / 2.0));
      cairo_line_to (cr, x + swatch, round (row_y + h / 2.0));
      cairo_stroke (cr);

      set_color (cr, &dc->fg, 0.85);
      sy_plot_show_layout_at (dc, label, x + swatch + gap, row_y);
    }
  sy_plot_use_line_dash (cr, SY_COST_LINE_LOCAL);
}

void
sy_plot_draw_legend (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);
  const double pad = 8.0, swatch = 20.0, gap = 8.0, row_gap = 2.0;
  double max_w = 0, row_h = 0;
  g_autoptr(GPtrArray) labels = NULL;
  Rect candidates[3];
  Rect box;
  guint best = 0, best_hits = G_MAXUINT;

  if (n_lines == 0)
    return;

  if (dc->geom.legend_y >= 0)
    {
      draw_legend_below (dc);
      return;
    }

  /* A layout per row: measuring and drawing then shape each label once. */
  labels = g_ptr_array_new_full (n_lines, g_object_unref);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      PangoLayout *label = new_label (dc, line->label);
      int w, h;

      pango_layout_get_pixel_size (label, &w, &h);
      g_ptr_array_add (labels, label);
      max_w = MAX (max_w, w);
      row_h = MAX (row_h, h);
    }

  box.width = pad + swatch + gap + max_w + pad;
  box.height = pad * 2 + n_lines * row_h + (n_lines - 1) * row_gap;

  /* Top left is usually empty (every line rises to the right); otherwise
   * take the corner that hides the fewest lines. */
  candidates[0] = (Rect) { dc->geom.area_x + 10, dc->geom.area_y + 6, box.width, box.height };
  candidates[1] = (Rect) { dc->geom.area_x + dc->geom.area_width - box.width - 10,
                           dc->geom.area_y + dc->geom.area_height - box.height - 10,
                           box.width, box.height };
  candidates[2] = (Rect) { dc->geom.area_x + (dc->geom.area_width - box.width) / 2.0,
                           dc->geom.area_y + 6, box.width, box.height };
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint hits = count_lines_through (dc, &candidates[i]);

      if (hits < best_hits)
        {
          best = i;
          best_hits = hits;
        }
      if (hits == 0)
        break;
    }
  box = candidates[best];
  box.x = round (box.x) + 0.5;
  box.y = round (box.y) + 0.5;
  dc->legend = box;

  draw_box (dc, &box);

  cairo_set_line_width (cr, LINE_WIDTH);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);
      double row_y = box.y + pad + i * (row_h + row_gap);

      set_color (cr, &color, 1.0);
      sy_plot_use_line_dash (cr, line->kind);
      cairo_move_to (cr, box.x + pad, row_y + row_h / 2.0);
      cairo_line_to (cr, box.x + pad + swatch, row_y + row_h / 2.0);
      cairo_stroke (cr);

      set_color (cr, &dc->fg, 0.85);
      sy_plot_show_layout_at (dc, g_ptr_array_index (labels, i), box.x + pad + swatch + gap, row_y);
    }
  sy_plot_use_line_dash (cr, SY_COST_LINE_LOCAL);
}

static gboolean
rects_overlap (const Rect *a,
               const Rect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
overlaps_any (const Rect *r,
              const Rect *placed,
              guint       n_placed)
{
  for (guint i = 0; i < n_placed; i++)
    if (rects_overlap (r, &placed[i]))
      return TRUE;

  return FALSE;
}

/* Puts a label of @w × @h near the marker at (@x, @y), inside the plot
 * area, clear of everything in @placed and, where there is room, of the
 * lines; nearest spots first. */
static Rect
place_marker_label (DrawContext *dc,
                    double       x,
                    double       y,
                    double       w,
                    double       h,
                    const Rect  *placed,
                    guint        n_placed,
                    gboolean    *out_clear)
{
  const SyPlotLayout *g = &dc->geom;
  const double off_x = 9.0, off_y = 7.0;
  Rect fallback = { x + off_x, y + off_y, w, h };
  gboolean have_fallback = FALSE;

  /* Right of a crossing the API line is above the local one, so the space
   * below-right is empty; left of it, above-left is. Then further away,
   * stacked, for crossings close together. */
  for (guint k = 0; k < 8; k++)
    {
      const double shift = k * (h + 2.0);
      const Rect candidates[] = {
        { x + off_x, y + off_y + shift, w, h },
        { x - off_x - w, y - off_y - h - shift, w, h },
        { x + off_x, y - off_y - h - shift, w, h },
        { x - off_x - w, y + off_y + shift, w, h },
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          const Rect *r = &candidates[i];

          if (r->x < g->area_x + 2.0 || r->y < g->area_y + 2.0 ||
              r->x + w > g->area_x + g->area_width - 2.0 ||
              r->y + h > g->area_y + g->area_height - 2.0 ||
              overlaps_any (r, placed, n_placed))
            continue;
          if (count_lines_through (dc, r) == 0)
            {
              *out_clear = TRUE;
              return *r;
            }
          if (!have_fallback)
            {
              fallback = *r;
              have_fallback = TRUE;
            }
        }
    }

  *out_clear = FALSE;
  if (!have_fallback)
    {
      fallback.x = CLAMP (fallback.x, 2.0, MAX (2.0, g->width - w - 2.0));
      fallback.y = CLAMP (fallback.y, 2.0, MAX (2.0, g->height - h - 2.0));
    }

  return fallback;
}

typedef struct
{
  double x, y, month;
} Marker;

static int
compare_markers (const void *a,
                 const void *b)
{
  const Marker *ma = a, *mb = b;

  return (ma->month > mb->month) - (ma->month < mb->month);
}

void
sy_plot_draw_break_evens (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  guint n = sy_cost_series_get_n_break_evens (dc->series);
  SyPlotColor marker = sy_plot_marker_color (dc->theme);
  g_autofree Rect *placed = NULL;
  g_autofree Marker *markers = NULL;
  guint n_placed = 0, n_markers = 0;
  const double ring = MARKER_RADIUS + 2.0;

  if (n == 0)
    return;

  placed = g_new (Rect, 2 * n + 1);
  markers = g_new (Marker, n);
  placed[n_placed++] = dc->legend;

  /* Markers first, so no label covers another crossing. */
  for (guint i = 0; i < n; i++)
    {
      const SyBreakEven *be = sy_cost_series_get_break_even (dc->series, i);
      double x, y;

      if (be == NULL || !isfinite (be->month) || !isfinite (be->usd) ||
          be->month < 0 || be->month > dc->geom.x_max_months)
        continue;

      x = sy_plot_layout_month_to_x (&dc->geom, be->month);
      y = sy_plot_layout_usd_to_y (&dc->geom, be->usd);

      /* A ring of background keeps the dot apart from the crossing lines. */
      cairo_arc (cr, x, y, ring, 0, 2 * G_PI);
      set_color (cr, &dc->bg, 1.0);
      cairo_fill (cr);
      cairo_arc (cr, x, y, MARKER_RADIUS, 0, 2 * G_PI);
      set_color (cr, &marker, 1.0);
      cairo_fill (cr);

      placed[n_placed++] = (Rect) { x - ring, y - ring, 2 * ring, 2 * ring };
      markers[n_markers++] = (Marker) { x, y, be->month };
    }

  /* Labels of crossings close together then stack in month order. */
  qsort (markers, n_markers, sizeof (Marker), compare_markers);

  for (guint i = 0; i < n_markers; i++)
    {
      double x = markers[i].x, y = markers[i].y;
      char num[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *label = NULL;
      double w, h, near_x, near_y;
      gboolean clear;
      Rect r;

      g_autofree char *shown = NULL;

      g_ascii_formatd (num, sizeof num, "%.1f", markers[i].month);
      shown = sy_format_localize_ascii (num);
      /* Translators: the break-even marker's label; %s is "66.7" */
      label = g_strdup_printf (_("month %s"), shown);
      sy_plot_measure_text (dc, label, &w, &h);

      r = place_marker_label (dc, x, y, w + 8.0, h + 2.0, placed, n_placed, &clear);
      placed[n_placed++] = r;

      /* A label pushed away from its marker points back at it. */
      near_x = CLAMP (x, r.x, r.x + r.width);
      near_y = CLAMP (y, r.y, r.y + r.height);
      if (hypot (near_x - x, near_y - y) > 16.0)
        {
          double d = hypot (near_x - x, near_y - y);

          cairo_set_line_width (cr, 1.0);
          cairo_move_to (cr, x + (near_x - x) / d * ring, y + (near_y - y) / d * ring);
          cairo_line_to (cr, near_x, near_y);
          set_color (cr, &dc->fg, 0.45);
          cairo_stroke (cr);
        }

      /* Over a line, a veil keeps the label legible. */
      if (!clear)
        {
          rounded_rectangle (cr, &r, 4.0);
          set_color (cr, &dc->bg, 0.8);
          cairo_fill (cr);
        }
      set_color (cr, &dc->fg, 0.9);
      sy_plot_show_text_at (dc, r.x + 4.0, r.y + 1.0);
    }
}

void
sy_plot_draw_hover (DrawContext *dc,
                    double       month)
{
  cairo_t *cr = dc->cr;
  const SyPlotLayout *g = &dc->geom;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);
  const double pad = 8.0, swatch = 10.0, gap = 6.0, col_gap = 16.0, row_gap = 2.0;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *title = NULL;
  double x, title_w, title_h, label_w = 0, value_w = 0, row_h;
  double dots_top = G_MAXDOUBLE, dots_bottom = -G_MAXDOUBLE;
  Rect box;

  month = CLAMP (month, 0.0, g->x_max_months);
  x = sy_plot_snap_x (cr, sy_plot_layout_month_to_x (g, month), 1.0);

  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x, g->area_y);
  cairo_line_to (cr, x, g->area_y + g->area_height);
  set_color (cr, &dc->fg, 0.4);
  cairo_stroke (cr);

  cairo_set_line_width (cr, 2.0);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);
      double y = sy_plot_line_y_at (dc, i, month);

      /* A line cut off at the top has its value in the readout only. */
      if (y < g->area_y - 0.5)
        continue;

      dots_top = MIN (dots_top, y - 6.0);
      dots_bottom = MAX (dots_bottom, y + 6.0);
      cairo_arc (cr, x, y, 4.0, 0, 2 * G_PI);
      set_color (cr, &dc->bg, 1.0);
      cairo_fill_preserve (cr);
      set_color (cr, &color, 1.0);
      cairo_stroke (cr);
    }

  month_text = sy_plot_format_month (month);
  /* Translators: the hover readout's heading; %s is "24" */
  title = g_strdup_printf (_("Month %s"), month_text);
  pango_layout_set_font_description (dc->layout, dc->bold);
  sy_plot_measure_text (dc, title, &title_w, &title_h);
  row_h = title_h;

  /* Label and value layouts per row, shaped once for measuring and drawing. */
  texts = g_ptr_array_new_full (2 * n_lines, g_object_unref);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      g_autofree char *value = format_usd_value (sy_plot_value_at (dc, i, month));
      PangoLayout *label_layout = new_label (dc, line->label);
      PangoLayout *value_layout = new_label (dc, value);
      int w, h;

      pango_layout_get_pixel_size (label_layout, &w, &h);
      label_w = MAX (label_w, w);
      row_h = MAX (row_h, h);
      pango_layout_get_pixel_size (value_layout, &w, &h);
      value_w = MAX (value_w, w);
      g_ptr_array_add (texts, label_layout);
      g_ptr_array_add (texts, value_layout);
    }

  box.width = pad + MAX (title_w, swatch + gap + label_w + col_gap + value_w) + pad;
  box.height = pad * 2 + (n_lines + 1) * row_h + n_lines * row_gap;
  box.x = x + 12.0;
  if (box.x + box.width > g->width - 2.0)
    box.x = x - 12.0 - box.width;
  box.x = round (MAX (2.0, box.x)) + 0.5;
  box.y = round (g->area_y + 8.0) + 0.5;
  /* The legend stays readable: the readout goes below it. */
  if (rects_overlap (&box, &dc->legend))
    box.y = round (dc->legend.y + dc->legend.height + 8.0) + 0.5;
  /* Too narrow for the box beside the guide (a phone): it moves above or
   * below the points it reads out, rather than hiding them. */
  if (box.x < x + 6.0 && box.x + box.width > x - 6.0 && dots_top <= dots_bottom &&
      box.y < dots_bottom && box.y + box.height > dots_top)
    {
      if (dots_top - 4.0 - box.height >= 2.0)
        box.y = round (dots_top - 4.0 - box.height) + 0.5;
      else if (dots_bottom + 4.0 + box.height <= g->height - 2.0)
        box.y = round (dots_bottom + 4.0) + 0.5;
    }

  draw_box (dc, &box);

  set_color (cr, &dc->fg, 1.0);
  sy_plot_show_text_at (dc, box.x + pad, box.y + pad);
  pango_layout_set_font_description (dc->layout, dc->font);

  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);
      PangoLayout *value_layout = g_ptr_array_index (texts, 2 * i + 1);
      double row_y = box.y + pad + (i + 1) * (row_h + row_gap);
      int w, h;

      cairo_rectangle (cr, box.x + pad, row_y + (row_h - swatch) / 2.0, swatch, swatch);
      set_color (cr, &color, 1.0);
      cairo_fill (cr);

      set_color (cr, &dc->fg, 0.8);
      sy_plot_show_layout_at (dc, g_ptr_array_index (texts, 2 * i), box.x + pad + swatch + gap, row_y);

      set_color (cr, &dc->fg, 1.0);
      pango_layout_get_pixel_size (value_layout, &w, &h);
      sy_plot_show_layout_at (dc, value_layout, box.x + box.width - pad - w, row_y);
    }
}

void
sy_plot_draw_off_scale (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  const SyPlotLayout *g = &dc->geom;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);
  guint row = 0;
  const double arrow = 9.0, gap = 6.0, top = 4.0;

  if (g->n_off_scale == 0)
    return;

  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      SyPlotColor color = sy_plot_line_color (dc->theme, line->color);
      g_autoptr(PangoLayout) label = NULL;
      g_autofree char *peak = NULL;
      g_autofree char *text = NULL;
      double peak_usd = 0.0, row_y, text_x;
      int w, h;

      for (guint k = 0; k <= 64; k++)
        peak_usd = MAX (peak_usd, sy_plot_value_at (dc, i, g->x_max_months * k / 64));
      if (peak_usd <= g->y_max_usd * (1.0 + 1e-9))
        continue;

      peak = sy_plot_format_usd_tick (peak_usd);
      /* Translators: a note above the cost plot for a line too tall for its
       * scale; the first %s is its highest cost ("$56k"), the second the
       * option's name. */
      text = g_strdup_printf (C_("plot off-scale note", "Up to %s, above the scale: %s"),
                              peak, line->label);
      label = new_label (dc, text);
      /* The name may lose its end on a phone; the amount never does. */
      text_x = g->area_x + arrow + gap;
      pango_layout_set_width (label, (int) MAX (1.0, (g->width - 4.0 - text_x)) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &w, &h);
      row_y = top + row * h;

      /* An arrow up in the line's colour, like the line leaving the top. */
      cairo_move_to (cr, g->area_x, row_y + h / 2.0 + arrow / 2.0);
      cairo_line_to (cr, g->area_x + arrow / 2.0, row_y + h / 2.0 - arrow / 2.0);
      cairo_line_to (cr, g->area_x + arrow, row_y + h / 2.0 + arrow / 2.0);
      cairo_close_path (cr);
      set_color (cr, &color, 1.0);
      cairo_fill (cr);

      set_color (cr, &dc->fg, 0.8);
      sy_plot_show_layout_at (dc, label, text_x, row_y);
      row++;
    }
}
