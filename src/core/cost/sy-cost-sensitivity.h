/* sy-cost-sensitivity.h: how far the break-even moves when inputs are uncertain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-cost-model.h"

G_BEGIN_DECLS

/* The inputs a range may be given for. */
typedef enum
{
  SY_COST_INPUT_DAILY_REQUESTS,
  SY_COST_INPUT_INPUT_TOKENS,
  SY_COST_INPUT_OUTPUT_TOKENS,
  SY_COST_INPUT_TOKENS_PER_SECOND,  /* the option's aggregate tokens/s */
  SY_COST_INPUT_LOAD_WATTS,
  SY_COST_INPUT_OPS_HOURS,
  SY_COST_INPUT_PRICE_DECLINE,
  SY_COST_N_INPUTS
} SyCostInput;

typedef struct
{
  SyCostInput input;
  double      low;
  double      high;
} SyCostRange;

typedef struct
{
  SyCostInput input;
  double      low;
  double      high;
  gboolean    breaks_even_at_low;
  double      break_even_at_low;   /* months; meaningless when it does not break even */
  gboolean    breaks_even_at_high;
  double      break_even_at_high;
  /* |at high − at low|, "never" counted as SY_COST_BREAK_EVEN_MAX_MONTHS. */
  double      swing_months;
} SyCostSensitivity;

/* "daily-requests", "input-tokens", … (the CLI's flag names, untranslated). */
const char *sy_cost_input_get_name   (SyCostInput          input);

/* The result with every ranged input at the middle of its range, and the
 * earliest and latest break-even over every corner of the ranges (low or
 * high for each). *@out_low_breaks_even is FALSE when no corner breaks
 * even, *@out_high_breaks_even FALSE when some corner never does. @local
 * is not changed. */
gboolean    sy_cost_break_even_range (const SyTraffic      *traffic,
                                      const SyCostInputs   *inputs,
                                      const SyPrice        *api_price,
                                      SyInferenceOption    *local,
                                      const SyCostRange    *ranges,
                                      guint                 n_ranges,
                                      SyCostResult         *out_middle,
                                      gboolean             *out_low_breaks_even,
                                      double               *out_low,
                                      gboolean             *out_high_breaks_even,
                                      double               *out_high,
                                      GError              **error);

/* For each range: the break-even with that input at its low and at its
 * high end, every other ranged input at its middle. A GArray of
 * SyCostSensitivity sorted by swing, largest first; NULL on error. */
GArray     *sy_cost_sensitivity      (const SyTraffic      *traffic,
                                      const SyCostInputs   *inputs,
                                      const SyPrice        *api_price,
                                      SyInferenceOption    *local,
                                      const SyCostRange    *ranges,
                                      guint                 n_ranges,
                                      GError              **error);

/* Fills @out (SY_COST_N_INPUTS long) with the ranges that apply to
 * @option and returns how many: throughput and watts differ per box. */
typedef guint (*SyCostRangesFunc) (SyInferenceOption *option,
                                   SyCostRange       *out,
                                   gpointer           user_data);

/* @model's series (sy_cost_model_build_series()) with a band around each
 * line: one variant per corner of the option's ranges, so the plot can
 * show how far the line moves across them. Lines whose ranges are empty
 * get no band; the API line takes the first option's. */
SyCostSeries *sy_cost_model_build_series_with_ranges (SyCostModel        *model,
                                                      SyCostRangesFunc    ranges_func,
                                                      gpointer            user_data,
                                                      GError            **error);

G_END_DECLS
