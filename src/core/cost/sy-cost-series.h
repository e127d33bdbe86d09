/* sy-cost-series.h: the cumulative cost lines the plot draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Cumulative cost is linear in the month: value(m) = setup + m × monthly.
 * The series keeps each line's two coefficients; it computes nothing about
 * prices itself (SyCostModel fills it). */
typedef struct
{
  char     *label;        /* legend text, e.g. "API (gpt-4o-mini)" */
  double    setup_usd;    /* value at month 0 */
  double    monthly_usd;  /* slope */
  gboolean  is_api;
  guint     color;        /* palette slot; stays with an option when others are hidden */
} SyCostLine;

typedef struct
{
  guint     local_line;   /* index of the local line that crosses the API line */
  double    month;        /* exact, unrounded */
  double    usd;          /* cumulative cost where the lines cross */
} SyBreakEven;

typedef struct _SyCostSeries SyCostSeries;

#define SY_TYPE_COST_SERIES (sy_cost_series_get_type ())
GType              sy_cost_series_get_type          (void) G_GNUC_CONST;

SyCostSeries      *sy_cost_series_new               (double             horizon_months);
SyCostSeries      *sy_cost_series_ref               (SyCostSeries      *self);
void               sy_cost_series_unref             (SyCostSeries      *self);

/* Returns the index of the new line. */
guint              sy_cost_series_add_line          (SyCostSeries      *self,
                                                     const char        *label,
                                                     double             setup_usd,
                                                     double             monthly_usd,
                                                     gboolean           is_api,
                                                     guint              color);
void               sy_cost_series_add_break_even    (SyCostSeries      *self,
                                                     guint              local_line,
                                                     double             month);

double             sy_cost_series_get_horizon       (SyCostSeries      *self);
guint              sy_cost_series_get_n_lines       (SyCostSeries      *self);
const SyCostLine  *sy_cost_series_get_line          (SyCostSeries      *self,
                                                     guint              index);
guint              sy_cost_series_get_n_break_evens (SyCostSeries      *self);
const SyBreakEven *sy_cost_series_get_break_even    (SyCostSeries      *self,
                                                     guint              index);
double             sy_cost_series_value_at          (SyCostSeries      *self,
                                                     guint              line,
                                                     double             month);
/* Largest value of any line within [0, horizon]; 0 for an empty series. */
double             sy_cost_series_get_max_value     (SyCostSeries      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyCostSeries, sy_cost_series_unref)

G_END_DECLS
