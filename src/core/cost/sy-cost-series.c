/* sy-cost-series.c: the cumulative cost lines the plot draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sy-cost-series.h"

struct _SyCostSeries
{
  gatomicrefcount  ref_count;
  double           horizon_months;
  GArray          *lines;        /* SyCostLine, labels owned */
  GArray          *break_evens;  /* SyBreakEven */
  GArray          *variants;     /* Variant: where lines run with uncertain inputs */
};

typedef struct
{
  guint      line;
  SyCostLine coefficients;  /* label unused */
} Variant;

G_DEFINE_BOXED_TYPE (SyCostSeries, sy_cost_series, sy_cost_series_ref, sy_cost_series_unref)

/* How far before a step the crossing search looks at a line. */
#define STEP_LEFT_LIMIT 1e-7

static double
line_value_at (const SyCostLine *l,
               double            month)
{
  double running;
  double steps = 0;

  if (l->decline > 0)
    {
      /* Continuous decline: the integral of monthly × (1 − g)^(t/12). */
      double k = -log1p (-l->decline) / 12.0;

      running = l->monthly_usd * -expm1 (-k * month) / k;
    }
  else
    running = month * l->monthly_usd;

  if (l->step_months > 0 && month >= l->step_months)
    steps = floor (month / l->step_months);

  return l->setup_usd + running + steps * l->step_usd;
}

static gboolean
reaches (SyCostSeries *self,
         guint         line_a,
         guint         line_b,
         double        month)
{
  return sy_cost_series_value_at (self, line_a, month) >=
         sy_cost_series_value_at (self, line_b, month);
}

static void
clear_line (gpointer data)
{
  SyCostLine *line = data;

  g_clear_pointer (&line->label, g_free);
}

SyCostSeries *
sy_cost_series_new (double horizon_months)
{
  SyCostSeries *self;

  g_return_val_if_fail (isfinite (horizon_months) && horizon_months >= 0, NULL);

  self = g_new0 (SyCostSeries, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->horizon_months = horizon_months;
  self->lines = g_array_new (FALSE, TRUE, sizeof (SyCostLine));
  g_array_set_clear_func (self->lines, clear_line);
  self->break_evens = g_array_new (FALSE, TRUE, sizeof (SyBreakEven));
  self->variants = g_array_new (FALSE, TRUE, sizeof (Variant));

  return self;
}

SyCostSeries *
sy_cost_series_ref (SyCostSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
sy_cost_series_unref (SyCostSeries *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->lines);
      g_array_unref (self->break_evens);
      g_array_unref (self->variants);
      g_free (self);
    }
}

guint
sy_cost_series_add_line (SyCostSeries *self,
                         const char   *label,
                         double        setup_usd,
                         double        monthly_usd,
                         gboolean      is_api,
                         guint         color)
{
  return sy_cost_series_add_line_full (self, label,
                                       is_api ? SY_COST_LINE_API : SY_COST_LINE_LOCAL,
                                       setup_usd, monthly_usd, 0, 0, 0, color);
}

guint
sy_cost_series_add_line_full (SyCostSeries   *self,
                              const char     *label,
                              SyCostLineKind  kind,
                              double          setup_usd,
                              double          monthly_usd,
                              double          decline,
                              double          step_months,
                              double          step_usd,
                              guint           color)
{
  SyCostLine line = { 0 };

  g_return_val_if_fail (self != NULL, G_MAXUINT);
  g_return_val_if_fail (isfinite (setup_usd) && isfinite (monthly_usd), G_MAXUINT);
  /* (1 − g) must stay positive for the logarithm. */
  g_return_val_if_fail (isfinite (decline) && decline >= 0 && decline < 1, G_MAXUINT);
  g_return_val_if_fail (isfinite (step_months) && step_months >= 0, G_MAXUINT);
  g_return_val_if_fail (isfinite (step_usd), G_MAXUINT);

  line.label = g_strdup (label != NULL ? label : "");
  line.kind = kind;
  line.setup_usd = setup_usd;
  line.monthly_usd = monthly_usd;
  line.is_api = kind == SY_COST_LINE_API;
  line.color = color;
  line.decline = decline;
  line.step_months = step_months;
  line.step_usd = step_months > 0 ? step_usd : 0;
  g_array_append_val (self->lines, line);

  return self->lines->len - 1;
}

void
sy_cost_series_add_variant (SyCostSeries *self,
                            guint         line,
                            double        setup_usd,
                            double        monthly_usd,
                            double        decline,
                            double        step_months,
                            double        step_usd)
{
  Variant variant = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (line < self->lines->len);
  g_return_if_fail (isfinite (setup_usd) && isfinite (monthly_usd));
  g_return_if_fail (isfinite (decline) && decline >= 0 && decline < 1);
  g_return_if_fail (isfinite (step_months) && step_months >= 0 && isfinite (step_usd));

  variant.line = line;
  variant.coefficients.setup_usd = setup_usd;
  variant.coefficients.monthly_usd = monthly_usd;
  variant.coefficients.decline = decline;
  variant.coefficients.step_months = step_months;
  variant.coefficients.step_usd = step_months > 0 ? step_usd : 0;
  g_array_append_val (self->variants, variant);
}

gboolean
sy_cost_series_band_at (SyCostSeries *self,
                        guint         line,
                        double        month,
                        double       *out_low,
                        double       *out_high)
{
  double low = INFINITY, high = -INFINITY;
  gboolean any = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line < self->lines->len, FALSE);

  for (guint i = 0; i < self->variants->len; i++)
    {
      const Variant *variant = &g_array_index (self->variants, Variant, i);
      double value;

      if (variant->line != line)
        continue;

      value = line_value_at (&variant->coefficients, month);
      low = MIN (low, value);
      high = MAX (high, value);
      any = TRUE;
    }

  if (!any)
    return FALSE;

  if (out_low != NULL)
    *out_low = low;
  if (out_high != NULL)
    *out_high = high;

  return TRUE;
}

void
sy_cost_series_add_break_even (SyCostSeries *self,
                               guint         local_line,
                               double        month)
{
  SyBreakEven be = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (local_line < self->lines->len);
  g_return_if_fail (isfinite (month) && month >= 0);

  be.local_line = local_line;
  be.month = month;
  /* The local line's value, not the API line's: the two agree at the
   * crossing up to rounding, and the local line is the one the break-even
   * belongs to even if the series holds no API line. */
  be.usd = sy_cost_series_value_at (self, local_line, month);
  g_array_append_val (self->break_evens, be);
}

double
sy_cost_series_get_horizon (SyCostSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->horizon_months;
}

guint
sy_cost_series_get_n_lines (SyCostSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->len;
}

const SyCostLine *
sy_cost_series_get_line (SyCostSeries *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->lines->len, NULL);

  return &g_array_index (self->lines, SyCostLine, index);
}

guint
sy_cost_series_get_n_break_evens (SyCostSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->break_evens->len;
}

const SyBreakEven *
sy_cost_series_get_break_even (SyCostSeries *self,
                               guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->break_evens->len, NULL);

  return &g_array_index (self->break_evens, SyBreakEven, index);
}

double
sy_cost_series_value_at (SyCostSeries *self,
                         guint         line,
                         double        month)
{
  const SyCostLine *l;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (line < self->lines->len, 0);

  l = &g_array_index (self->lines, SyCostLine, line);

  return line_value_at (l, month);
}

gboolean
sy_cost_series_next_step (SyCostSeries *self,
                          guint         line,
                          double        after,
                          double        until,
                          double       *out_month)
{
  const SyCostLine *l;
  double n;
  double month;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line < self->lines->len, FALSE);

  l = &g_array_index (self->lines, SyCostLine, line);
  if (l->step_months <= 0)
    return FALSE;

  /* Steps are at L, 2L, …; never at month 0, which is the setup. */
  n = MAX (1.0, floor (after / l->step_months) + 1);
  month = n * l->step_months;
  if (month <= after)
    month += l->step_months;
  if (month > until)
    return FALSE;

  if (out_month != NULL)
    *out_month = month;

  return TRUE;
}

gboolean
sy_cost_series_find_crossing (SyCostSeries *self,
                              guint         line_a,
                              guint         line_b,
                              double        step,
                              double        until,
                              double       *out_month)
{
  double previous = 0;
  double month = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line_a < self->lines->len && line_b < self->lines->len, FALSE);
  g_return_val_if_fail (isfinite (step) && step > 0, FALSE);

  while (month <= until)
    {
      double next_grid;
      double step_a, step_b;

      if (reaches (self, line_a, line_b, month))
        break;

      previous = month;
      next_grid = (++n) * step;
      /* Also just before each step, where a line is at its lowest: a
       * crossing that a step undoes within one grid step is not missed. */
      if (sy_cost_series_next_step (self, line_a, month + STEP_LEFT_LIMIT, next_grid, &step_a) &&
          step_a - STEP_LEFT_LIMIT > month)
        next_grid = MIN (next_grid, step_a - STEP_LEFT_LIMIT);
      if (sy_cost_series_next_step (self, line_b, month + STEP_LEFT_LIMIT, next_grid, &step_b) &&
          step_b - STEP_LEFT_LIMIT > month)
        next_grid = MIN (next_grid, step_b - STEP_LEFT_LIMIT);
      if (next_grid <= month)
        next_grid = n * step;
      month = next_grid;
    }

  if (month > until)
    return FALSE;

  if (month > 0)
    {
      double low = previous;
      double high = month;

      while (high - low > 1e-9)
        {
          double mid = (low + high) / 2;

          if (reaches (self, line_a, line_b, mid))
            high = mid;
          else
            low = mid;
        }
      month = high;
    }

  if (out_month != NULL)
    *out_month = month;

  return TRUE;
}

double
sy_cost_series_get_max_value (SyCostSeries *self)
{
  double max = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* Every line only rises (costs are not negative, a declining price still
   * adds), so its maximum over [0, horizon] is at an end. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      double at_start = sy_cost_series_value_at (self, i, 0);
      double at_end = sy_cost_series_value_at (self, i, self->horizon_months);

      if (i == 0 || at_start > max)
        max = at_start;
      if (at_end > max)
        max = at_end;
    }

  return max;
}
