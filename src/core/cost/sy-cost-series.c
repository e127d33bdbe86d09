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
};

G_DEFINE_BOXED_TYPE (SyCostSeries, sy_cost_series, sy_cost_series_ref, sy_cost_series_unref)

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
  SyCostLine line = { 0 };

  g_return_val_if_fail (self != NULL, G_MAXUINT);
  g_return_val_if_fail (isfinite (setup_usd) && isfinite (monthly_usd), G_MAXUINT);

  line.label = g_strdup (label != NULL ? label : "");
  line.setup_usd = setup_usd;
  line.monthly_usd = monthly_usd;
  line.is_api = !!is_api;
  line.color = color;
  g_array_append_val (self->lines, line);

  return self->lines->len - 1;
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

  return l->setup_usd + month * l->monthly_usd;
}

double
sy_cost_series_get_max_value (SyCostSeries *self)
{
  double max = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* Each line is straight, so its maximum over [0, horizon] is at an end. */
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
