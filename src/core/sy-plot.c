/* sy-plot.c: draws a SyCostSeries with cairo, for the screen and for export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sy-cost-error.h"
#include "sy-plot.h"

/* Sizes are in device-independent pixels (cairo user units). */
#define FONT_SIZE_PX        12.5   /* about 9.5 pt at 96 dpi */
#define DEFAULT_FONT_FAMILY "Cantarell, Sans"
#define MARGIN_LEFT         62.0   /* room for "$12.5k" */
#define MARGIN_RIGHT        26.0   /* half of the last x label */
#define MARGIN_TOP          14.0
#define MARGIN_BOTTOM       54.0   /* x labels, then "Months" */
#define LINE_WIDTH          2.5
#define MARKER_RADIUS       5.0
#define MIN_X_TICK_SPACING  56.0
#define MIN_Y_TICK_SPACING  28.0
#define MAX_X_TICKS         10
#define MAX_Y_TICKS         8
#define MIN_AREA            24.0   /* below this there is nothing worth drawing */
#define DEFAULT_HORIZON     36.0

typedef struct
{
  double x, y, width, height;
} Rect;

typedef struct
{
  cairo_t           *cr;
  PangoLayout       *layout;
  const SyPlotTheme *theme;
  SyCostSeries      *series;
  SyPlotLayout       geom;
  SyPlotColor        fg;
  SyPlotColor        bg;
  PangoFontDescription *font;
  PangoFontDescription *bold;
  Rect               legend;
} DrawContext;

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

static const SyPlotTheme default_theme = { FALSE, NULL };

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

static void
set_color (cairo_t           *cr,
           const SyPlotColor *c,
           double             alpha_factor)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha_factor);
}

static SyPlotColor
theme_background (const SyPlotTheme *theme)
{
  /* libadwaita's view background */
  return color_from_rgb (theme->dark ? 0x1e1e1e : 0xffffff, 1.0);
}

static SyPlotColor
theme_foreground (const SyPlotTheme *theme)
{
  return theme->dark ? color_from_rgb (0xffffff, 1.0)
                     : color_from_rgb (0x000000, 0.8);
}

/* Anything not finite would put cairo into an error state for good. */
static inline double
finite_or (double value,
           double fallback)
{
  return isfinite (value) ? value : fallback;
}

static gboolean
is_whole (double value)
{
  return fabs (value - round (value)) < 1e-6;
}

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

/* Moves a coordinate so a line of @width user units covers whole device
 * pixels instead of smearing over two. */
static double
snap_y (cairo_t *cr,
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

static double
snap_x (cairo_t *cr,
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

/* Sets the shared layout's text and returns its logical size. */
static void
measure_text (DrawContext *dc,
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

/* Text starts on a whole device pixel, where hinted glyphs are sharpest. */
static void
show_layout_at (DrawContext *dc,
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

static void
show_text_at (DrawContext *dc,
              double       x,
              double       y)
{
  show_layout_at (dc, dc->layout, x, y);
}

/* "$1,296" for whole dollars; cents below $100, where they still matter. */
static char *
format_usd_value (double usd)
{
  g_autofree char *digits = NULL;
  GString *out;
  const char *p;
  gsize len, lead;

  usd = finite_or (usd, 0.0);
  if (fabs (usd) < 100.0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.2f", fabs (usd));
      return g_strdup_printf ("%s$%s", usd < -0.005 ? "−" : "", buf);
    }

  digits = g_strdup_printf ("%.0f", fabs (round (usd)));
  out = g_string_new (usd < 0 ? "−$" : "$");
  len = strlen (digits);
  lead = len % 3 == 0 ? 3 : len % 3;
  for (p = digits; *p != '\0'; p++)
    {
      gsize index = p - digits;

      if (index != 0 && index >= lead && (index - lead) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static char *
format_month (double month)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, is_whole (month) ? "%.0f" : "%.1f", month);
  return g_strdup (buf);
}

static double
line_y_at (DrawContext *dc,
           guint        line,
           double       month)
{
  double usd = sy_cost_series_value_at (dc->series, line, month);

  return sy_plot_layout_usd_to_y (&dc->geom, finite_or (usd, 0.0));
}

static void
line_endpoints (DrawContext *dc,
                guint        line,
                double      *x0,
                double      *y0,
                double      *x1,
                double      *y1)
{
  *x0 = sy_plot_layout_month_to_x (&dc->geom, 0.0);
  *y0 = line_y_at (dc, line, 0.0);
  *x1 = sy_plot_layout_month_to_x (&dc->geom, dc->geom.x_max_months);
  *y1 = line_y_at (dc, line, dc->geom.x_max_months);
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

  for (guint i = 0; i < n_lines; i++)
    {
      double x0, y0, x1, y1;

      line_endpoints (dc, i, &x0, &y0, &x1, &y1);
      if (segment_hits_rect (x0, y0, x1, y1, r))
        hits++;
    }

  return hits;
}

static void
use_api_dash (cairo_t  *cr,
              gboolean  is_api)
{
  static const double dash[] = { 8.0, 4.0 };

  if (is_api)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0.0);
  else
    cairo_set_dash (cr, NULL, 0, 0.0);
}

/* Drawing */

static void
draw_grid_and_axes (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  const SyPlotLayout *g = &dc->geom;
  double left = g->area_x;
  double right = g->area_x + g->area_width;
  double bottom = g->area_y + g->area_height;
  guint n_y = (guint) round (g->y_max_usd / g->y_tick_step_usd);
  guint n_x = (guint) floor (g->x_max_months / g->x_tick_step_months + 1e-9);
  double text_w, text_h;

  cairo_set_line_width (cr, 1.0);

  /* Gridlines first, in one path: they are all the same faint colour. */
  for (guint i = 1; i <= n_y; i++)
    {
      double y = snap_y (cr, sy_plot_layout_usd_to_y (g, i * g->y_tick_step_usd), 1.0);

      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
    }
  for (guint i = 1; i <= n_x; i++)
    {
      double x = snap_x (cr, sy_plot_layout_month_to_x (g, i * g->x_tick_step_months), 1.0);

      cairo_move_to (cr, x, g->area_y);
      cairo_line_to (cr, x, bottom);
    }
  set_color (cr, &dc->fg, 0.09);
  cairo_stroke (cr);

  /* The $0 baseline and the month-0 axis are stronger. */
  {
    double y = snap_y (cr, bottom, 1.0);
    double x = snap_x (cr, left, 1.0);

    cairo_move_to (cr, left, y);
    cairo_line_to (cr, right, y);
    cairo_move_to (cr, x, g->area_y);
    cairo_line_to (cr, x, bottom);
    set_color (cr, &dc->fg, 0.35);
    cairo_stroke (cr);
  }

  set_color (cr, &dc->fg, 0.7);

  for (guint i = 0; i <= n_y; i++)
    {
      g_autofree char *label = sy_plot_format_usd_tick (i * g->y_tick_step_usd);
      double y = sy_plot_layout_usd_to_y (g, i * g->y_tick_step_usd);

      measure_text (dc, label, &text_w, &text_h);
      show_text_at (dc, left - 8.0 - text_w, y - text_h / 2.0);
    }

  for (guint i = 0; i <= n_x; i++)
    {
      g_autofree char *label = format_month (i * g->x_tick_step_months);
      double x = sy_plot_layout_month_to_x (g, i * g->x_tick_step_months);

      measure_text (dc, label, &text_w, &text_h);
      x = CLAMP (x - text_w / 2.0, 0.0, g->width - text_w);
      show_text_at (dc, x, bottom + 6.0);
    }

  measure_text (dc, _("Months"), &text_w, &text_h);
  show_text_at (dc, left + (g->area_width - text_w) / 2.0,
                MIN (bottom + 6.0 + text_h + 6.0, g->height - text_h - 2.0));
}

static void
draw_lines (DrawContext *dc)
{
  cairo_t *cr = dc->cr;
  guint n_lines = sy_cost_series_get_n_lines (dc->series);

  cairo_save (cr);
  cairo_rectangle (cr, dc->geom.area_x, dc->geom.area_y - LINE_WIDTH,
                   dc->geom.area_width + LINE_WIDTH, dc->geom.area_height + LINE_WIDTH);
  cairo_clip (cr);
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* Local options first, so the API reference line stays on top. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < n_lines; i++)
        {
          const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
          SyPlotColor color;
          double x0, y0, x1, y1;

          if (line == NULL || (pass == 0) == line->is_api)
            continue;

          /* Cumulative cost is linear: one segment is exact. */
          line_endpoints (dc, i, &x0, &y0, &x1, &y1);
          color = sy_plot_line_color (dc->theme, line->color);
          set_color (cr, &color, 1.0);
          use_api_dash (cr, line->is_api);
          cairo_move_to (cr, x0, y0);
          cairo_line_to (cr, x1, y1);
          cairo_stroke (cr);
        }
    }

  cairo_restore (cr);
}

static void
draw_legend (DrawContext *dc)
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
      use_api_dash (cr, line->is_api);
      cairo_move_to (cr, box.x + pad, row_y + row_h / 2.0);
      cairo_line_to (cr, box.x + pad + swatch, row_y + row_h / 2.0);
      cairo_stroke (cr);

      set_color (cr, &dc->fg, 0.85);
      show_layout_at (dc, g_ptr_array_index (labels, i), box.x + pad + swatch + gap, row_y);
    }
  use_api_dash (cr, FALSE);
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

static void
draw_break_evens (DrawContext *dc)
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

      g_ascii_formatd (num, sizeof num, "%.1f", markers[i].month);
      /* Translators: the break-even marker's label; %s is "66.7" */
      label = g_strdup_printf (_("month %s"), num);
      measure_text (dc, label, &w, &h);

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
      show_text_at (dc, r.x + 4.0, r.y + 1.0);
    }
}

static void
draw_hover (DrawContext *dc,
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
  Rect box;

  month = CLAMP (month, 0.0, g->x_max_months);
  x = snap_x (cr, sy_plot_layout_month_to_x (g, month), 1.0);

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

      cairo_arc (cr, x, line_y_at (dc, i, month), 4.0, 0, 2 * G_PI);
      set_color (cr, &dc->bg, 1.0);
      cairo_fill_preserve (cr);
      set_color (cr, &color, 1.0);
      cairo_stroke (cr);
    }

  month_text = format_month (month);
  /* Translators: the hover readout's heading; %s is "24" */
  title = g_strdup_printf (_("Month %s"), month_text);
  pango_layout_set_font_description (dc->layout, dc->bold);
  measure_text (dc, title, &title_w, &title_h);
  row_h = title_h;

  /* Label and value layouts per row, shaped once for measuring and drawing. */
  texts = g_ptr_array_new_full (2 * n_lines, g_object_unref);
  for (guint i = 0; i < n_lines; i++)
    {
      const SyCostLine *line = sy_cost_series_get_line (dc->series, i);
      g_autofree char *value = format_usd_value (sy_cost_series_value_at (dc->series, i, month));
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

  draw_box (dc, &box);

  set_color (cr, &dc->fg, 1.0);
  show_text_at (dc, box.x + pad, box.y + pad);
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
      show_layout_at (dc, g_ptr_array_index (texts, 2 * i), box.x + pad + swatch + gap, row_y);

      set_color (cr, &dc->fg, 1.0);
      pango_layout_get_pixel_size (value_layout, &w, &h);
      show_layout_at (dc, value_layout, box.x + box.width - pad - w, row_y);
    }
}

/* Public API */

void
sy_plot_layout_init (SyPlotLayout *layout,
                     SyCostSeries *series,
                     double        width,
                     double        height)
{
  double horizon = series != NULL ? sy_cost_series_get_horizon (series) : 0.0;
  double max_value = series != NULL ? sy_cost_series_get_max_value (series) : 0.0;
  guint max_ticks;

  g_return_if_fail (layout != NULL);

  width = MAX (0.0, finite_or (width, 0.0));
  height = MAX (0.0, finite_or (height, 0.0));
  horizon = finite_or (horizon, 0.0);
  if (horizon <= 0.0)
    horizon = DEFAULT_HORIZON;
  /* Nothing to scale: still give the axis one step above $0. */
  max_value = finite_or (max_value, G_MAXFLOAT);
  if (max_value <= 0.0)
    max_value = 100.0;

  layout->width = width;
  layout->height = height;
  layout->area_x = MARGIN_LEFT;
  layout->area_y = MARGIN_TOP;
  /* Never zero, so the mappings stay finite on a degenerate size. */
  layout->area_width = MAX (1.0, width - MARGIN_LEFT - MARGIN_RIGHT);
  layout->area_height = MAX (1.0, height - MARGIN_TOP - MARGIN_BOTTOM);
  layout->x_max_months = horizon;

  max_ticks = (guint) CLAMP (layout->area_height / MIN_Y_TICK_SPACING, 1, MAX_Y_TICKS);
  layout->y_tick_step_usd = nice_y_step (max_value, max_ticks);
  layout->y_max_usd = ceil (max_value / layout->y_tick_step_usd - 1e-9) * layout->y_tick_step_usd;
  if (layout->y_max_usd <= 0.0)
    layout->y_max_usd = layout->y_tick_step_usd;
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

SyPlotColor
sy_plot_line_color (const SyPlotTheme *theme,
                    guint              color)
{
  if (theme == NULL)
    theme = &default_theme;

  return color_from_rgb (palette[color % G_N_ELEMENTS (palette)][theme->dark ? 1 : 0], 1.0);
}

SyPlotColor
sy_plot_marker_color (const SyPlotTheme *theme)
{
  if (theme == NULL)
    theme = &default_theme;

  /* The foreground, opaque: it stands out from every palette hue. */
  return color_from_rgb (theme->dark ? 0xffffff : 0x241f31, 1.0);
}

void
sy_plot_draw (cairo_t           *cr,
              SyCostSeries      *series,
              double             width,
              double             height,
              const SyPlotTheme *theme,
              double             hover_month)
{
  g_autoptr(PangoFontDescription) font = NULL;
  g_autoptr(PangoFontDescription) bold = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  DrawContext dc = { 0 };

  g_return_if_fail (cr != NULL);

  if (theme == NULL)
    theme = &default_theme;
  if (!isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
    return;

  dc.cr = cr;
  dc.theme = theme;
  dc.series = series;
  dc.fg = theme_foreground (theme);
  dc.bg = theme_background (theme);

  cairo_save (cr);

  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &dc.bg, 1.0);
  cairo_fill (cr);

  sy_plot_layout_init (&dc.geom, series, width, height);
  if (series == NULL || sy_cost_series_get_n_lines (series) == 0 ||
      dc.geom.area_width < MIN_AREA || dc.geom.area_height < MIN_AREA)
    {
      cairo_restore (cr);
      return;
    }

  font = pango_font_description_from_string (theme->font_family != NULL
                                             ? theme->font_family
                                             : DEFAULT_FONT_FAMILY);
  pango_font_description_set_absolute_size (font, FONT_SIZE_PX * PANGO_SCALE);
  bold = pango_font_description_copy (font);
  pango_font_description_set_weight (bold, PANGO_WEIGHT_BOLD);

  /* One layout for every label of the frame: shaping is the costly part,
   * creating contexts and layouts per label would double it. */
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  dc.layout = layout;
  dc.font = font;
  dc.bold = bold;

  draw_grid_and_axes (&dc);
  draw_lines (&dc);
  draw_legend (&dc);
  draw_break_evens (&dc);

  if (hover_month >= 0 && isfinite (hover_month))
    draw_hover (&dc, hover_month);

  cairo_restore (cr);
}

char *
sy_plot_format_usd_tick (double usd)
{
  static const struct { double div; const char *suffix; } units[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *sign = usd < 0 ? "−" : "";
  double a = fabs (finite_or (usd, 0.0));

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (a >= units[i].div - 1e-9 * units[i].div)
        {
          double v = a / units[i].div;

          /* "$1.5k", "$1.25M" when the step needs it, "$25k" otherwise. */
          if (is_whole (v))
            g_ascii_formatd (buf, sizeof buf, "%.0f", v);
          else if (is_whole (v * 10))
            g_ascii_formatd (buf, sizeof buf, "%.1f", v);
          else
            g_ascii_formatd (buf, sizeof buf, "%.2f", v);
          return g_strdup_printf ("%s$%s%s", sign, buf, units[i].suffix);
        }
    }

  if (is_whole (a))
    g_ascii_formatd (buf, sizeof buf, "%.0f", a);
  else if (is_whole (a * 10))
    g_ascii_formatd (buf, sizeof buf, "%.1f", a);
  else
    g_ascii_formatd (buf, sizeof buf, "%.2f", a);

  return g_strdup_printf ("%s$%s", sign, buf);
}

gboolean
sy_plot_format_from_filename (const char    *filename,
                              SyPlotFormat  *out_format,
                              GError       **error)
{
  static const struct { const char *ext; SyPlotFormat format; } formats[] = {
    { ".png", SY_PLOT_FORMAT_PNG },
    { ".svg", SY_PLOT_FORMAT_SVG },
    { ".pdf", SY_PLOT_FORMAT_PDF },
  };
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (filename != NULL, FALSE);

  base = g_path_get_basename (filename);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   "Cannot tell the plot format of “%s”: use .png, .svg or .pdf",
                   filename);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (g_ascii_strcasecmp (dot, formats[i].ext) == 0)
        {
          if (out_format != NULL)
            *out_format = formats[i].format;
          return TRUE;
        }
    }

  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               "Unknown plot format “%s”: use .png, .svg or .pdf", dot);
  return FALSE;
}

static cairo_status_t
append_to_bytes_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
render_to_bytes (SyCostSeries      *series,
                 SyPlotFormat       format,
                 double             width,
                 double             height,
                 double             scale,
                 const SyPlotTheme *theme,
                 GByteArray        *bytes)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  switch (format)
    {
    case SY_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
      break;
    case SY_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes_cb, bytes, width, height);
      break;
    case SY_PLOT_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    }

  cr = cairo_create (surface);
  if (format == SY_PLOT_FORMAT_PNG)
    cairo_scale (cr, scale, scale);
  sy_plot_draw (cr, series, width, height, theme, -1.0);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == SY_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes_cb, bytes);

  /* Vector surfaces write their trailer on finish. */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return status;
}

gboolean
sy_plot_export (SyCostSeries       *series,
                const char         *filename,
                SyPlotFormat        format,
                double              width,
                double              height,
                double              scale,
                const SyPlotTheme  *theme,
                GError            **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  cairo_status_t status;

  g_return_val_if_fail (filename != NULL, FALSE);

  if (!isfinite (width) || !isfinite (height) || !isfinite (scale) ||
      width < 1 || height < 1 || scale <= 0 ||
      width * scale > 32767 || height * scale > 32767)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   "Cannot draw a plot of %g × %g at scale %g",
                   width, height, scale);
      return FALSE;
    }

  bytes = g_byte_array_new ();
  status = render_to_bytes (series, format, width, height, scale, theme, bytes);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_IO,
                   "Could not draw the plot for “%s”: %s",
                   filename, cairo_status_to_string (status));
      return FALSE;
    }

  if (!g_file_set_contents (filename, (const char *) bytes->data, bytes->len, &local_error))
    {
      /* GLib names its temporary file; the user only knows theirs, so keep
       * just the reason (the strerror after the last colon). */
      const char *reason = strrchr (local_error->message, ':');

      reason = reason != NULL && reason[1] == ' ' ? reason + 2 : local_error->message;
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_IO,
                   "Could not save the plot to “%s”: %s", filename, reason);
      return FALSE;
    }

  return TRUE;
}
