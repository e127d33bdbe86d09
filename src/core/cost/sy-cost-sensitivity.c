/* sy-cost-sensitivity.c: how far the break-even moves when inputs are uncertain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-cost-sensitivity.h"

/* Every corner of the ranges is computed; beyond this many ranges that
 * is too many to be worth it (there are only SY_COST_N_INPUTS anyway). */
#define MAX_RANGES SY_COST_N_INPUTS

static const char *input_names[SY_COST_N_INPUTS] = {
  "daily-requests",
  "input-tokens",
  "output-tokens",
  "tokens-per-second",
  "watts",
  "ops-hours",
  "price-decline",
};

/* Auxiliary functions */

static void
set_input (SyTraffic         *traffic,
           SyCostInputs      *inputs,
           SyInferenceOption *option,
           SyCostInput        input,
           double             value)
{
  switch (input)
    {
    case SY_COST_INPUT_DAILY_REQUESTS:
      traffic->daily_requests = value;
      break;

    case SY_COST_INPUT_INPUT_TOKENS:
      traffic->input_tokens = value;
      break;

    case SY_COST_INPUT_OUTPUT_TOKENS:
      traffic->output_tokens = value;
      break;

    case SY_COST_INPUT_TOKENS_PER_SECOND:
      sy_inference_option_set_aggregate_tokens_per_second (option, value);
      break;

    case SY_COST_INPUT_LOAD_WATTS:
      sy_inference_option_set_load_watts (option, value);
      break;

    case SY_COST_INPUT_OPS_HOURS:
      inputs->ops_hours_per_month = value;
      break;

    case SY_COST_INPUT_PRICE_DECLINE:
      inputs->price_decline = value;
      break;

    case SY_COST_N_INPUTS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
validate_ranges (const SyCostRange  *ranges,
                 guint               n_ranges,
                 GError            **error)
{
  if (n_ranges > MAX_RANGES)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("At most %u ranges can be given"), (guint) MAX_RANGES);
      return FALSE;
    }

  for (guint i = 0; i < n_ranges; i++)
    {
      if ((guint) ranges[i].input >= SY_COST_N_INPUTS ||
          !(ranges[i].low <= ranges[i].high))
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                       _("%s: the low end of a range must not be above the high end"),
                       (guint) ranges[i].input < SY_COST_N_INPUTS
                         ? input_names[ranges[i].input] : "?");
          return FALSE;
        }
    }

  return TRUE;
}

/* Computes with range i at low (bit i of @corner clear), high (set) or,
 * for the ranges in @middle_mask, the middle. */
static gboolean
compute_at (const SyTraffic    *traffic,
            const SyCostInputs *inputs,
            const SyPrice      *api_price,
            SyInferenceOption  *local,
            const SyCostRange  *ranges,
            guint               n_ranges,
            guint               corner,
            guint               middle_mask,
            SyCostResult       *out_result,
            GError            **error)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_copy (local);
  SyTraffic t = *traffic;
  SyCostInputs in = *inputs;

  for (guint i = 0; i < n_ranges; i++)
    {
      double value;

      if (middle_mask & (1u << i))
        value = (ranges[i].low + ranges[i].high) / 2;
      else
        value = (corner & (1u << i)) ? ranges[i].high : ranges[i].low;
      set_input (&t, &in, option, ranges[i].input, value);
    }

  return sy_cost_compute_full (&t, &in, api_price, option, out_result, error);
}

static double
months_or_max (const SyCostResult *result)
{
  return result->breaks_even ? result->break_even_months : SY_COST_BREAK_EVEN_MAX_MONTHS;
}

static int
compare_swing (gconstpointer a,
               gconstpointer b)
{
  const SyCostSensitivity *sa = a;
  const SyCostSensitivity *sb = b;

  if (sa->swing_months != sb->swing_months)
    return sa->swing_months > sb->swing_months ? -1 : 1;

  return (int) sa->input - (int) sb->input;
}

/* Public API */

const char *
sy_cost_input_get_name (SyCostInput input)
{
  g_return_val_if_fail ((guint) input < SY_COST_N_INPUTS, NULL);

  return input_names[input];
}

gboolean
sy_cost_break_even_range (const SyTraffic     *traffic,
                          const SyCostInputs  *inputs,
                          const SyPrice       *api_price,
                          SyInferenceOption   *local,
                          const SyCostRange   *ranges,
                          guint                n_ranges,
                          SyCostResult        *out_middle,
                          gboolean            *out_low_breaks_even,
                          double              *out_low,
                          gboolean            *out_high_breaks_even,
                          double              *out_high,
                          GError             **error)
{
  gboolean any = FALSE, all = TRUE;
  double earliest = INFINITY, latest = 0;
  guint all_ranges;

  g_return_val_if_fail (traffic != NULL && inputs != NULL && api_price != NULL, FALSE);
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (local), FALSE);
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_ranges (ranges, n_ranges, error))
    return FALSE;

  all_ranges = (1u << n_ranges) - 1;
  if (out_middle != NULL &&
      !compute_at (traffic, inputs, api_price, local, ranges, n_ranges, 0, all_ranges,
                   out_middle, error))
    return FALSE;

  /* Each input may push either way (more requests pay back sooner, more
   * watts later), so the extremes can be at any corner. */
  for (guint corner = 0; corner <= all_ranges; corner++)
    {
      SyCostResult result;

      if (!compute_at (traffic, inputs, api_price, local, ranges, n_ranges, corner, 0,
                       &result, error))
        return FALSE;

      if (result.breaks_even)
        {
          any = TRUE;
          earliest = MIN (earliest, result.break_even_months);
          latest = MAX (latest, result.break_even_months);
        }
      else
        all = FALSE;
    }

  if (out_low_breaks_even != NULL)
    *out_low_breaks_even = any;
  if (out_low != NULL)
    *out_low = any ? earliest : 0;
  if (out_high_breaks_even != NULL)
    *out_high_breaks_even = all;
  if (out_high != NULL)
    *out_high = all ? latest : 0;

  return TRUE;
}

GArray *
sy_cost_sensitivity (const SyTraffic     *traffic,
                     const SyCostInputs  *inputs,
                     const SyPrice       *api_price,
                     SyInferenceOption   *local,
                     const SyCostRange   *ranges,
                     guint                n_ranges,
                     GError             **error)
{
  g_autoptr(GArray) out = NULL;
  guint all_ranges;

  g_return_val_if_fail (traffic != NULL && inputs != NULL && api_price != NULL, NULL);
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (local), NULL);
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate_ranges (ranges, n_ranges, error))
    return NULL;

  all_ranges = (1u << n_ranges) - 1;
  out = g_array_sized_new (FALSE, TRUE, sizeof (SyCostSensitivity), n_ranges);

  for (guint i = 0; i < n_ranges; i++)
    {
      SyCostSensitivity s = { ranges[i].input, ranges[i].low, ranges[i].high };
      guint others = all_ranges & ~(1u << i);
      SyCostResult at_low, at_high;

      if (!compute_at (traffic, inputs, api_price, local, ranges, n_ranges, 0, others,
                       &at_low, error) ||
          !compute_at (traffic, inputs, api_price, local, ranges, n_ranges, 1u << i, others,
                       &at_high, error))
        return NULL;

      s.breaks_even_at_low = at_low.breaks_even;
      s.break_even_at_low = at_low.break_even_months;
      s.breaks_even_at_high = at_high.breaks_even;
      s.break_even_at_high = at_high.break_even_months;
      s.swing_months = fabs (months_or_max (&at_high) - months_or_max (&at_low));
      g_array_append_val (out, s);
    }

  g_array_sort (out, compare_swing);

  return g_steal_pointer (&out);
}

SyCostSeries *
sy_cost_model_build_series_with_ranges (SyCostModel        *model,
                                        SyCostRangesFunc    ranges_func,
                                        gpointer            user_data,
                                        GError            **error)
{
  g_autoptr(SyCostSeries) series = NULL;
  GListModel *options;
  SyTraffic traffic;
  SyCostInputs inputs;
  SyPrice price;
  guint line = 1;
  gboolean api_band = FALSE;

  g_return_val_if_fail (SY_IS_COST_MODEL (model), NULL);
  g_return_val_if_fail (ranges_func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  series = sy_cost_model_build_series (model, error);
  if (series == NULL)
    return NULL;

  sy_cost_model_get_traffic (model, &traffic);
  sy_cost_model_get_inputs (model, &inputs);
  if (!sy_price_table_lookup (sy_cost_model_get_price_table (model),
                              sy_cost_model_get_api_model (model), &price, error))
    return NULL;

  options = sy_cost_model_get_options (model);

  /* The lines in sy_cost_model_build_series()'s order: the API, then each
   * enabled option. The API line's band comes with the first option that
   * has ranges (an option's own inputs do not move the API). */
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      SyCostRange ranges[SY_COST_N_INPUTS];
      guint n_ranges;
      guint all_ranges;

      if (!sy_inference_option_get_enabled (option))
        continue;

      n_ranges = ranges_func (option, ranges, user_data);
      if (!validate_ranges (ranges, n_ranges, error))
        return NULL;
      all_ranges = n_ranges > 0 ? (1u << n_ranges) - 1 : 0;

      for (guint corner = 0; n_ranges > 0 && corner <= all_ranges; corner++)
        {
          SyCostResult result;

          if (!compute_at (&traffic, &inputs, &price, option, ranges, n_ranges, corner, 0,
                           &result, error))
            return NULL;

          if (!api_band)
            sy_cost_series_add_variant (series, 0, 0, result.api_monthly_usd,
                                        result.api_price_decline, 0, 0);
          sy_cost_series_add_variant (series, line, result.local_setup_usd,
                                      result.local_monthly_usd, 0,
                                      result.replacement_months, result.replacement_usd);
        }
      api_band = api_band || n_ranges > 0;
      line++;
    }

  return g_steal_pointer (&series);
}
