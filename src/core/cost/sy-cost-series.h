/* sy-cost-series.h: the cumulative cost lines the plot draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SY_COST_LINE_API,
  SY_COST_LINE_LOCAL,
  SY_COST_LINE_RENTED,
} SyCostLineKind;

/* Cumulative cost at month m:
 *   setup + D(m) + n(m) × step_usd
 * where D(m) = m × monthly without a decline, and with a yearly decline g
 *   D(m) = monthly × (1 − (1 − g)^(m/12)) ÷ k,  k = −ln (1 − g) ÷ 12
 * (the monthly cost falls continuously), and n(m) = floor (m ÷ step_months)
 * steps (0 when step_months is 0): a box replaced at L, 2L, …
 * The series keeps the coefficients; it computes nothing about prices
 * itself (SyCostModel fills it), and sy_cost_series_value_at() is the one
 * place that evaluates a line. */
typedef struct
{
  char          *label;        /* legend text, e.g. "API (gpt-4o-mini)" */
  double         setup_usd;    /* value at month 0 */
  double         monthly_usd;  /* slope at month 0 */
  gboolean       is_api;       /* kind == SY_COST_LINE_API */
  guint          color;        /* palette slot; stays with an option when others are hidden */
  SyCostLineKind kind;
  double         decline;      /* 0..0.9 a year */
  double         step_months;  /* 0: no steps */
  double         step_usd;     /* the jump at each step */
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
/* A line of @kind with a yearly @decline of its monthly cost and a step
 * of @step_usd every @step_months (0: none). */
guint              sy_cost_series_add_line_full     (SyCostSeries      *self,
                                                     const char        *label,
                                                     SyCostLineKind     kind,
                                                     double             setup_usd,
                                                     double             monthly_usd,
                                                     double             decline,
                                                     double             step_months,
                                                     double             step_usd,
                                                     guint              color);
/* Where @line would run with the uncertain inputs elsewhere in their
 * ranges (one variant per corner of the ranges): the plot fills the
 * envelope of a line's variants as a band. Variants are not lines: they
 * have no label, colour or break-even of their own. */
void               sy_cost_series_add_variant       (SyCostSeries      *self,
                                                     guint              line,
                                                     double             setup_usd,
                                                     double             monthly_usd,
                                                     double             decline,
                                                     double             step_months,
                                                     double             step_usd);
/* The lowest and highest of @line's variants at @month; FALSE when the line
 * has none. */
gboolean           sy_cost_series_band_at           (SyCostSeries      *self,
                                                     guint              line,
                                                     double             month,
                                                     double            *out_low,
                                                     double            *out_high);
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
/* The first month after @after (strictly) where @line steps up, for
 * drawing a vertical jump: the value just before it is
 * value_at (month) − step_usd. FALSE when the line has no further step
 * up to @until. */
gboolean           sy_cost_series_next_step         (SyCostSeries      *self,
                                                     guint              line,
                                                     double             after,
                                                     double             until,
                                                     double            *out_month);
/* The first month in [0, @until] where @line_a reaches @line_b
 * (value_at (a) ≥ value_at (b)): a first pass in steps of @step months,
 * then bisection to 1e-9 between the last two points. FALSE when it never
 * does. */
gboolean           sy_cost_series_find_crossing     (SyCostSeries      *self,
                                                     guint              line_a,
                                                     guint              line_b,
                                                     double             step,
                                                     double             until,
                                                     double            *out_month);
/* Largest value of any line within [0, horizon]; 0 for an empty series. */
double             sy_cost_series_get_max_value     (SyCostSeries      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyCostSeries, sy_cost_series_unref)

G_END_DECLS
