/* sy-tornado.c: draws the tornado chart of break-even sensitivities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "sy-format.h"
#include "sy-plot-private.h"
#include "sy-tornado.h"

/* Sizes are in device-independent pixels (cairo user units). Each bar has
 * its label above it rather than beside it: input names are long and a
 * phone is 360 pixels wide. */
#define FONT_SIZE_PX   12.5
#define DEFAULT_FONT   "Cantarell, Sans"
#define MARGIN_LEFT    44.0   /* a value left of a bar at month 0: "12.5" */
#define MARGIN_RIGHT   56.0   /* the arrow of a "never" bar and its word */
#define MARGIN_TOP     26.0   /* the base line's label */
#define MARGIN_BOTTOM  58.0   /* month ticks, "Months", the key */
#define LABEL_HEIGHT   18.0
#define BAR_HEIGHT     16.0
#define ROW_GAP        10.0
#define MIN_TICK_SPACING 48.0
#define ARROW          8.0

typedef struct
{
  cairo_t               *cr;
  PangoLayout           *layout;
  const SyTornadoLayout *geom;
  SyPlotColor            fg, bg, low, high;
} Tornado;

typedef struct
{
  guint  index;
  double swing;
  double reach;  /* the finite end nearest 0, to order two "never" bars */
} Ranked;

/* Auxiliary functions */

static gboolean
is_never (double months)
{
  return !isfinite (months) || months < 0;
}

static int
compare_ranked (const void *a,
                const void *b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->swing != rb->swing)
    return ra->swing > rb->swing ? -1 : 1;
  if (ra->reach != rb->reach)
    return ra->reach < rb->reach ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

static double
nice_month_step (double max_months,
                 double area_width)
{
  static const double steps[] = { 1, 2, 3, 6, 12, 24, 36, 60, 120, 240, 600, 1200 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (area_width / (max_months / steps[i]) >= MIN_TICK_SPACING)
      return steps[i];

  return steps[G_N_ELEMENTS (steps) - 1];
}

static char *
format_months (double months)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (is_never (months))
    /* Translators: the end of a tornado bar whose break-even never comes */
    return g_strdup (C_("tornado", "never"));

  g_ascii_formatd (buf, sizeof buf, "%.1f", months);
  return sy_format_localize_ascii (buf);
}

static void
show_text (Tornado    *t,
           const char *text,
           double      x,
           double      y,
           double     *out_width)
{
  int w, h;

  pango_layout_set_text (t->layout, text, -1);
  pango_layout_get_pixel_size (t->layout, &w, &h);
  if (out_width != NULL)
    *out_width = w;
  if (!isfinite (x))
    return;
  cairo_move_to (t->cr, round (x), round (y));
  pango_cairo_show_layout (t->cr, t->layout);
}

static double
text_width (Tornado    *t,
            const char *text)
{
  double w;

  show_text (t, text, NAN, 0, &w);
  return w;
}

/* One end of a bar: the segment from the base to @months, open-ended with
 * an arrow when the break-even never comes. */
static void
draw_segment (Tornado           *t,
              double             base_x,
              double             months,
              double             y,
              const SyPlotColor *color)
{
  const SyTornadoLayout *g = t->geom;
  double x = sy_tornado_layout_month_to_x (g, months);
  double h = g->bar_height;

  cairo_rectangle (t->cr, MIN (base_x, x), y, fabs (x - base_x), h);
  set_color (t->cr, color, 1.0);
  cairo_fill (t->cr);

  if (is_never (months))
    {
      cairo_move_to (t->cr, x, y - 2.0);
      cairo_line_to (t->cr, x + ARROW, y + h / 2.0);
      cairo_line_to (t->cr, x, y + h + 2.0);
      cairo_close_path (t->cr);
      cairo_fill (t->cr);
    }
}

static void
draw_axis (Tornado *t)
{
  const SyTornadoLayout *g = t->geom;
  cairo_t *cr = t->cr;
  double bottom = g->area_y + g->area_height;
  guint n = (guint) floor (g->x_max_months / g->x_tick_step_months + 1e-9);
  double w;

  cairo_set_line_width (cr, 1.0);
  for (guint i = 1; i <= n; i++)
    {
      double x = floor (sy_tornado_layout_month_to_x (g, i * g->x_tick_step_months)) + 0.5;

      cairo_move_to (cr, x, g->area_y);
      cairo_line_to (cr, x, bottom);
    }
  set_color (cr, &t->fg, 0.09);
  cairo_stroke (cr);

  cairo_move_to (cr, g->area_x, floor (bottom) + 0.5);
  cairo_line_to (cr, g->area_x + g->area_width, floor (bottom) + 0.5);
  set_color (cr, &t->fg, 0.35);
  cairo_stroke (cr);

  set_color (cr, &t->fg, 0.7);
  for (guint i = 0; i <= n; i++)
    {
      g_autofree char *label = sy_plot_format_month (i * g->x_tick_step_months);
      double x = sy_tornado_layout_month_to_x (g, i * g->x_tick_step_months);

      w = text_width (t, label);
      show_text (t, label, CLAMP (x - w / 2.0, 0.0, g->width - w), bottom + 4.0, NULL);
    }

  w = text_width (t, _("Months"));
  show_text (t, _("Months"), g->area_x + (g->area_width - w) / 2.0, bottom + 4.0 + LABEL_HEIGHT, NULL);
}

static void
draw_key (Tornado *t)
{
  const SyTornadoLayout *g = t->geom;
  const char *texts[2] = {
    /* Translators: key of the tornado chart: the colour of the break-even
     * with the input at its low end */
    C_("tornado", "Input low"),
    /* Translators: key of the tornado chart, the input at its high end */
    C_("tornado", "Input high"),
  };
  const SyPlotColor *colors[2] = { &t->low, &t->high };
  double x = g->area_x, y = g->area_y + g->area_height + 4.0 + 2 * LABEL_HEIGHT;

  for (guint i = 0; i < 2; i++)
    {
      double w;

      cairo_rectangle (t->cr, x, y + 4.0, 12.0, 10.0);
      set_color (t->cr, colors[i], 1.0);
      cairo_fill (t->cr);
      set_color (t->cr, &t->fg, 0.8);
      show_text (t, texts[i], x + 18.0, y, &w);
      x += 18.0 + w + 18.0;
    }
}

/* Public API */

guint *
sy_tornado_rank (const SyTornadoBar *bars,
                 guint               n_bars)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (1, n_bars));
  guint *order = g_new (guint, MAX (1, n_bars));

  for (guint i = 0; i < n_bars; i++)
    {
      double lo = bars[i].low_months, hi = bars[i].high_months;

      ranked[i].index = i;
      if (is_never (lo) || is_never (hi))
        {
          ranked[i].swing = INFINITY;
          ranked[i].reach = is_never (lo) && is_never (hi) ? INFINITY
                            : is_never (lo) ? hi : lo;
        }
      else
        {
          ranked[i].swing = fabs (hi - lo);
          ranked[i].reach = MIN (lo, hi);
        }
    }

  qsort (ranked, n_bars, sizeof (Ranked), compare_ranked);
  for (guint i = 0; i < n_bars; i++)
    order[i] = ranked[i].index;

  return order;
}

double
sy_tornado_natural_height (guint n_bars)
{
  return MARGIN_TOP + MAX (1, n_bars) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP) + MARGIN_BOTTOM;
}

void
sy_tornado_layout_init (SyTornadoLayout    *layout,
                        double              base_months,
                        const SyTornadoBar *bars,
                        guint               n_bars,
                        double              width,
                        double              height)
{
  double max_months = is_never (base_months) ? 0.0 : base_months;

  g_return_if_fail (layout != NULL);

  for (guint i = 0; i < n_bars; i++)
    {
      if (!is_never (bars[i].low_months))
        max_months = MAX (max_months, bars[i].low_months);
      if (!is_never (bars[i].high_months))
        max_months = MAX (max_months, bars[i].high_months);
    }
  if (max_months <= 0.0)
    max_months = 12.0;

  layout->width = MAX (0.0, finite_or (width, 0.0));
  layout->height = MAX (0.0, finite_or (height, 0.0));
  layout->area_x = MARGIN_LEFT;
  layout->area_y = MARGIN_TOP;
  layout->area_width = MAX (1.0, layout->width - MARGIN_LEFT - MARGIN_RIGHT);
  layout->area_height = MAX (1.0, layout->height - MARGIN_TOP - MARGIN_BOTTOM);
  layout->n_bars = n_bars;
  layout->label_height = LABEL_HEIGHT;
  layout->bar_height = BAR_HEIGHT;
  /* Rows share what height there is, but never grow past their natural
   * size: extra height goes below, not into gaps between bars. */
  layout->row_height = MIN (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP,
                            layout->area_height / MAX (1, n_bars));

  /* A tenth of room past the furthest finite end, then whole ticks. */
  layout->x_tick_step_months = nice_month_step (max_months * 1.1, layout->area_width);
  layout->x_max_months = ceil (max_months * 1.1 / layout->x_tick_step_months - 1e-9) *
                         layout->x_tick_step_months;
}

double
sy_tornado_layout_month_to_x (const SyTornadoLayout *layout,
                              double                 month)
{
  if (is_never (month))
    return layout->area_x + layout->area_width;

  return layout->area_x + MIN (month, layout->x_max_months) / layout->x_max_months * layout->area_width;
}

double
sy_tornado_layout_bar_y (const SyTornadoLayout *layout,
                         guint                  rank)
{
  return layout->area_y + rank * layout->row_height + layout->label_height;
}

SyPlotColor
sy_tornado_low_color (const SyPlotTheme *theme)
{
  return sy_plot_line_color (theme, 0);
}

SyPlotColor
sy_tornado_high_color (const SyPlotTheme *theme)
{
  return sy_plot_line_color (theme, 1);
}

void
sy_tornado_draw (cairo_t            *cr,
                 double              base_months,
                 const SyTornadoBar *bars,
                 guint               n_bars,
                 double              width,
                 double              height,
                 const SyPlotTheme  *theme)
{
  static const SyPlotTheme default_theme = { FALSE, NULL };
  g_autoptr(PangoFontDescription) font = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree guint *order = NULL;
  g_autofree char *base_text = NULL;
  g_autofree char *base_label = NULL;
  SyTornadoLayout geom;
  Tornado t = { 0 };
  double base_x, w;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (bars != NULL || n_bars == 0);

  if (theme == NULL)
    theme = &default_theme;
  if (!isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
    return;

  sy_tornado_layout_init (&geom, base_months, bars, n_bars, width, height);
  t.cr = cr;
  t.geom = &geom;
  t.fg = sy_plot_theme_foreground (theme);
  t.bg = sy_plot_theme_background (theme);
  t.low = sy_tornado_low_color (theme);
  t.high = sy_tornado_high_color (theme);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &t.bg, 1.0);
  cairo_fill (cr);

  if (n_bars == 0 || geom.area_width < 24.0 || geom.area_height < 24.0)
    {
      cairo_restore (cr);
      return;
    }

  font = pango_font_description_from_string (theme->font_family != NULL
                                             ? theme->font_family : DEFAULT_FONT);
  pango_font_description_set_absolute_size (font, FONT_SIZE_PX * PANGO_SCALE);
  layout = pango_cairo_create_layout (cr);
  pango_layout_set_font_description (layout, font);
  t.layout = layout;

  draw_axis (&t);
  draw_key (&t);

  order = sy_tornado_rank (bars, n_bars);
  base_x = sy_tornado_layout_month_to_x (&geom, base_months);

  /* The break-even today, under the bars and their labels: where the two
   * colours of a bar meet, and never across a word. */
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, round (base_x), geom.area_y - 4.0);
  cairo_line_to (cr, round (base_x), geom.area_y + geom.area_height);
  set_color (cr, &t.fg, 0.8);
  cairo_stroke (cr);

  for (guint rank = 0; rank < n_bars; rank++)
    {
      const SyTornadoBar *bar = &bars[order[rank]];
      double y = sy_tornado_layout_bar_y (&geom, rank);
      double lo_x = sy_tornado_layout_month_to_x (&geom, bar->low_months);
      double hi_x = sy_tornado_layout_month_to_x (&geom, bar->high_months);
      g_autofree char *lo_text = format_months (bar->low_months);
      g_autofree char *hi_text = format_months (bar->high_months);
      gboolean lo_first = fabs (lo_x - base_x) >= fabs (hi_x - base_x);
      double left_x = MIN (MIN (lo_x, hi_x), base_x), right_x = MAX (MAX (lo_x, hi_x), base_x);
      const char *left_text, *right_text;
      gboolean no_change;

      if (y + geom.bar_height > geom.area_y + geom.area_height + 0.5)
        break;
      no_change = fabs (lo_x - base_x) < 0.5 && fabs (hi_x - base_x) < 0.5;

      /* Ellipsized at the chart's width: a long input name stays one line. */
      pango_layout_set_width (layout, (int) MAX (1.0, width - 8.0 - geom.area_x) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      set_color (cr, &t.fg, 0.85);
      show_text (&t, bar->label != NULL ? bar->label : "", geom.area_x, y - geom.label_height, NULL);
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);

      /* The longer side first, so a shorter one on the same side shows. */
      if (lo_first)
        {
          draw_segment (&t, base_x, bar->low_months, y, &t.low);
          draw_segment (&t, base_x, bar->high_months, y, &t.high);
        }
      else
        {
          draw_segment (&t, base_x, bar->high_months, y, &t.high);
          draw_segment (&t, base_x, bar->low_months, y, &t.low);
        }

      /* A bar of no width would read as a missing one. */
      if (no_change)
        {
          set_color (cr, &t.fg, 0.6);
          /* Translators: a tornado bar for an input that does not move the
           * break-even at either end */
          show_text (&t, C_("tornado", "no change"), base_x + 6.0, y, NULL);
          continue;
        }

      /* Each end's value just outside it. */
      left_text = lo_x <= hi_x ? lo_text : hi_text;
      right_text = lo_x <= hi_x ? hi_text : lo_text;
      set_color (cr, &t.fg, 0.8);
      if (left_x < base_x - 0.5)
        {
          w = text_width (&t, left_text);
          show_text (&t, left_text, MAX (0.0, left_x - 4.0 - w), y, NULL);
        }
      if (right_x > base_x + 0.5)
        {
          double gap = right_x >= geom.area_x + geom.area_width - 0.5 ? ARROW + 4.0 : 4.0;

          w = text_width (&t, right_text);
          show_text (&t, right_text, MIN (right_x + gap, width - w), y, NULL);
        }
    }

  base_text = format_months (base_months);
  /* Translators: above the tornado chart's base line; %s is "66.7" or
   * "never" */
  base_label = is_never (base_months) ? g_strdup (C_("tornado", "Now: never"))
                                      : g_strdup_printf (C_("tornado", "Now: %s months"), base_text);
  w = text_width (&t, base_label);
  show_text (&t, base_label, CLAMP (base_x - w / 2.0, 2.0, MAX (2.0, width - w - 2.0)), 4.0, NULL);

  cairo_restore (cr);
}

typedef struct
{
  double              base_months;
  const SyTornadoBar *bars;
  guint               n_bars;
} ExportData;

static void
draw_export_cb (cairo_t           *cr,
                double             width,
                double             height,
                const SyPlotTheme *theme,
                gpointer           user_data)
{
  ExportData *data = user_data;

  sy_tornado_draw (cr, data->base_months, data->bars, data->n_bars, width, height, theme);
}

gboolean
sy_tornado_export (double              base_months,
                   const SyTornadoBar *bars,
                   guint               n_bars,
                   const char         *caption,
                   const char         *filename,
                   SyPlotFormat        format,
                   double              width,
                   double              height,
                   double              scale,
                   const SyPlotTheme  *theme,
                   GError            **error)
{
  ExportData data = { base_months, bars, n_bars };

  return sy_plot_export_drawing (draw_export_cb, &data, caption, filename, format,
                                 width, height, scale, theme, error);
}
