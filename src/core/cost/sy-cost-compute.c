/* sy-cost-compute.c: the pure cost functions of SPEC §2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-format.h"

/* Float noise in the utilisation must not buy an extra box. */
#define BOX_EPSILON 1e-9
#define HORIZON_STEP_MONTHS 6.0
#define HORIZON_MARGIN 1.1

/* Auxiliary functions */

static gboolean
validate_traffic_field (const char  *field,
                        double       value,
                        double       max,
                        GError     **error)
{
  SyFigureProblem problem = sy_format_check_figure (value, TRUE, max);
  g_autofree char *shown = NULL;
  g_autofree char *shown_max = NULL;

  if (problem == SY_FIGURE_PROBLEM_NONE)
    return TRUE;

  if (problem == SY_FIGURE_PROBLEM_NOT_A_NUMBER)
    {
      /* Translators: %s is a field such as "Daily requests" */
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("%s must be a number"), field);
      return FALSE;
    }

  shown = sy_format_number (value);

  if (problem == SY_FIGURE_PROBLEM_NEGATIVE)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("%s cannot be negative (%s)"), field, shown);
      return FALSE;
    }

  shown_max = sy_format_number (max);
  /* Translators: "Daily requests of 1e+20 is not plausible: at most 1,000,000,000" */
  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               _("%s of %s is not plausible: at most %s"), field, shown, shown_max);
  return FALSE;
}

static gboolean
validate_price (const SyPrice  *price,
                GError        **error)
{
  if (!isfinite (price->input_per_million) || !isfinite (price->output_per_million) ||
      price->input_per_million < 0 || price->output_per_million < 0 ||
      price->input_per_million > SY_PRICE_MAX_PER_MILLION ||
      price->output_per_million > SY_PRICE_MAX_PER_MILLION)
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("The API price is not a plausible price per 1M tokens"));
      return FALSE;
    }

  return TRUE;
}

/* Public API: pure functions */

char *
sy_cost_format_usd (double usd)
{
  if (!isfinite (usd))
    return sy_format_number (usd);

  return sy_format_usd (usd, 2);
}

char *
sy_cost_format_quality_tradeoff (double quality)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *shown = NULL;
  double loss;
  gsize len;

  /* Round to one decimal first, so 0.95 reads "5", not "5.000000004". */
  loss = round ((1.0 - quality) * 1000.0) / 10.0;
  if (!(loss > 0))
    return g_strdup (_("Local matches frontier quality"));

  g_ascii_formatd (buf, sizeof buf, "%.1f", loss);
  len = strlen (buf);
  if (len > 2 && g_str_has_suffix (buf, ".0"))
    buf[len - 2] = '\0';
  shown = sy_format_localize_ascii (buf);

  /* Translators: %s is a percentage such as "25" or "12.5" */
  return g_strdup_printf (_("Local is %s%% lower quality"), shown);
}

char *
sy_cost_format_break_even (const SyCostResult *result)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *shown = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (!result->breaks_even)
    return g_strdup (_("Never — local costs more every month"));

  if (result->break_even_months == 0)
    return g_strdup (_("0 months"));

  g_ascii_formatd (buf, sizeof buf, "%.1f", result->break_even_months);
  shown = sy_format_localize_ascii (buf);

  /* Translators: %s is a number of months with one decimal, e.g. "66.7" */
  return g_strdup_printf (_("%s months"), shown);
}

gboolean
sy_traffic_validate (const SyTraffic  *traffic,
                     GError          **error)
{
  g_return_val_if_fail (traffic != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_traffic_field (_("Daily requests"), traffic->daily_requests,
                                 SY_COST_MAX_DAILY_REQUESTS, error) &&
         validate_traffic_field (_("Input tokens per request"), traffic->input_tokens,
                                 SY_COST_MAX_TOKENS_PER_REQUEST, error) &&
         validate_traffic_field (_("Output tokens per request"), traffic->output_tokens,
                                 SY_COST_MAX_TOKENS_PER_REQUEST, error);
}

gboolean
sy_cost_inputs_validate (const SyCostInputs  *inputs,
                         GError             **error)
{
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_traffic_field (_("The electricity price"), inputs->kwh_price_usd,
                               SY_COST_MAX_KWH_PRICE, error) ||
      !validate_traffic_field (_("Ops hours a month"), inputs->ops_hours_per_month,
                               SY_INFERENCE_HOURS_PER_MONTH, error) ||
      !validate_traffic_field (_("The ops hourly rate"), inputs->ops_hourly_usd,
                               SY_COST_MAX_USD, error) ||
      !validate_traffic_field (_("The peak factor"), inputs->peak_factor,
                               SY_COST_MAX_PEAK_FACTOR, error) ||
      !validate_traffic_field (_("The cached input share"), inputs->cached_input_share,
                               1.0, error) ||
      !validate_traffic_field (_("The batch share"), inputs->batch_share,
                               1.0, error) ||
      !validate_traffic_field (_("Reasoning tokens per request"), inputs->reasoning_tokens,
                               SY_COST_MAX_TOKENS_PER_REQUEST, error) ||
      !validate_traffic_field (_("The yearly price decline"), inputs->price_decline,
                               SY_COST_MAX_PRICE_DECLINE, error))
    return FALSE;

  /* The busiest hour cannot be quieter than the average one. */
  if (inputs->peak_factor < 1)
    {
      g_autofree char *shown = sy_format_number (inputs->peak_factor);

      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("The peak factor must be at least 1 (%s)"), shown);
      return FALSE;
    }

  return TRUE;
}

/* SyPrice's optional prices are negative where the table has none. */
static double
known_or (double price,
          double fallback)
{
  return price >= 0 ? price : fallback;
}

static double
api_monthly_usd (const SyTraffic    *traffic,
                 const SyCostInputs *inputs,
                 const SyPrice      *price,
                 double              monthly_input,
                 double              monthly_output,
                 double              monthly_reasoning)
{
  double in = price->input_per_million;
  double out = price->output_per_million;
  double cached, reasoning, batch_in, batch_out, batch_reasoning;
  double plain, batch;
  double b = inputs->batch_share;
  double c = inputs->cached_input_share;

  /* Providers bill a whole request at the long-context tier once its
   * input passes the threshold; the average request stands for all. */
  if (traffic->input_tokens > SY_COST_LONG_CONTEXT_TOKENS)
    {
      in = known_or (price->input_above_200k_per_million, in);
      out = known_or (price->output_above_200k_per_million, out);
    }

  cached = known_or (price->cached_input_per_million, in);
  reasoning = known_or (price->reasoning_per_million, out);
  batch_in = known_or (price->batch_input_per_million, in * SY_COST_DEFAULT_BATCH_DISCOUNT);
  batch_out = known_or (price->batch_output_per_million, out * SY_COST_DEFAULT_BATCH_DISCOUNT);
  /* Reasoning in a batch gets the batch output discount. */
  batch_reasoning = reasoning * (out > 0 ? batch_out / out : SY_COST_DEFAULT_BATCH_DISCOUNT);

  /* The cache share applies to the requests outside the batch: a batch
   * has its own price and no cache discount on top. */
  plain = monthly_input / 1e6 * ((1 - c) * in + c * cached) +
          monthly_output / 1e6 * out +
          monthly_reasoning / 1e6 * reasoning;
  batch = monthly_input / 1e6 * batch_in +
          monthly_output / 1e6 * batch_out +
          monthly_reasoning / 1e6 * batch_reasoning;

  /* Written so that a share of 0 gives the plain figure bit for bit. */
  if (b == 0)
    return plain;

  return (1 - b) * plain + b * batch;
}

static gboolean
find_break_even (SyCostResult *result)
{
  g_autoptr(SyCostSeries) pair = NULL;
  double month;
  guint api, local;
  double slope = result->api_monthly_usd - result->local_monthly_usd;

  /* With nothing to pay back, the API must be dearer from the start (its
   * monthly cost never rises) for local to be ahead at all. */
  if (result->local_setup_usd == 0)
    {
      result->breaks_even = slope > 0;
      result->break_even_months = 0;
      return TRUE;
    }

  /* Straight lines: the closed form, exactly SPEC §2's figures. */
  if (result->api_price_decline == 0 && slope > 0)
    {
      month = result->local_setup_usd / slope;
      if (result->replacement_months == 0 || month < result->replacement_months)
        {
          result->breaks_even = TRUE;
          result->break_even_months = month;
          return TRUE;
        }
    }
  else if (result->api_price_decline == 0)
    {
      result->breaks_even = FALSE;
      return TRUE;
    }

  pair = sy_cost_series_new (SY_COST_BREAK_EVEN_MAX_MONTHS);
  api = sy_cost_series_add_line_full (pair, NULL, SY_COST_LINE_API, 0,
                                      result->api_monthly_usd,
                                      result->api_price_decline, 0, 0, 0);
  local = sy_cost_series_add_line_full (pair, NULL, SY_COST_LINE_LOCAL,
                                        result->local_setup_usd,
                                        result->local_monthly_usd, 0,
                                        result->replacement_months,
                                        result->replacement_usd, 1);

  result->breaks_even = sy_cost_series_find_crossing (pair, api, local,
                                                      SY_COST_BREAK_EVEN_STEP_MONTHS,
                                                      SY_COST_BREAK_EVEN_MAX_MONTHS,
                                                      &month);
  result->break_even_months = result->breaks_even ? month : 0;

  return TRUE;
}

gboolean
sy_cost_compute (const SyTraffic    *traffic,
                 const SyPrice      *api_price,
                 SyInferenceOption  *local,
                 SyCostResult       *out_result,
                 GError            **error)
{
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;

  return sy_cost_compute_full (traffic, &inputs, api_price, local, out_result, error);
}

gboolean
sy_cost_compute_full (const SyTraffic    *traffic,
                      const SyCostInputs *inputs,
                      const SyPrice      *api_price,
                      SyInferenceOption  *local,
                      SyCostResult       *out_result,
                      GError            **error)
{
  SyCostResult result = { 0 };
  double average_tokens_per_second;
  double aggregate;
  double boxes;
  double monthly_reasoning;

  g_return_val_if_fail (traffic != NULL, FALSE);
  g_return_val_if_fail (inputs != NULL, FALSE);
  g_return_val_if_fail (api_price != NULL, FALSE);
  g_return_val_if_fail (local == NULL || SY_IS_INFERENCE_OPTION (local), FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sy_traffic_validate (traffic, error) ||
      !sy_cost_inputs_validate (inputs, error) ||
      !validate_price (api_price, error) ||
      (local != NULL && !sy_inference_option_validate (local, error)))
    return FALSE;

  result.monthly_input_tokens = traffic->daily_requests * traffic->input_tokens * SY_COST_DAYS_PER_MONTH;
  result.monthly_output_tokens = traffic->daily_requests * traffic->output_tokens * SY_COST_DAYS_PER_MONTH;
  monthly_reasoning = traffic->daily_requests * inputs->reasoning_tokens * SY_COST_DAYS_PER_MONTH;
  result.api_monthly_usd = api_monthly_usd (traffic, inputs, api_price,
                                            result.monthly_input_tokens,
                                            result.monthly_output_tokens,
                                            monthly_reasoning);
  result.api_price_decline = inputs->price_decline;

  if (local == NULL)
    {
      *out_result = result;
      return TRUE;
    }

  /* Reasoning tokens are the API model's; the local model's load is the
   * answer alone, as SPEC's utilisation counts it. */
  average_tokens_per_second = traffic->daily_requests * traffic->output_tokens /
                              SY_COST_SECONDS_PER_DAY;
  aggregate = sy_inference_option_get_aggregate_tokens_per_second (local);
  result.utilisation = average_tokens_per_second / aggregate;

  /* Sized for the busiest hour, not the average one. */
  boxes = MAX (1.0, ceil (inputs->peak_factor * result.utilisation - BOX_EPSILON));
  if (boxes > G_MAXUINT)
    {
      g_autofree char *shown = sy_format_number (boxes);

      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s” would need %s boxes to serve this traffic"),
                   sy_inference_option_get_name (local), shown);
      return FALSE;
    }

  result.boxes_needed = (guint) boxes;
  result.box_utilisation = MIN (1.0, average_tokens_per_second / (boxes * aggregate));
  result.other_usd = sy_inference_option_get_monthly_usd (local) * boxes;
  result.ops_usd = inputs->ops_hours_per_month * inputs->ops_hourly_usd * boxes;

  if (sy_inference_option_get_kind (local) == SY_INFERENCE_KIND_RENTED)
    {
      /* The rent pays for the hardware and its power. */
      result.hardware_usd = sy_inference_option_get_rent_hourly_usd (local) *
                            sy_inference_option_get_rent_hours_per_month (local) * boxes;
      result.local_monthly_usd = result.hardware_usd + result.power_usd +
                                 result.ops_usd + result.other_usd;
    }
  else
    {
      double idle = sy_inference_option_get_idle_watts (local);
      double load = sy_inference_option_get_load_watts (local);
      double mean_watts = idle + (load - idle) * result.box_utilisation;
      double life = sy_inference_option_get_life_months (local);
      double kept = 1 - sy_inference_option_get_resale_share (local);

      result.local_setup_usd = sy_inference_option_get_setup_usd (local) * boxes;
      result.power_usd = mean_watts * SY_INFERENCE_HOURS_PER_MONTH / 1000 *
                         inputs->kwh_price_usd * boxes;
      if (life > 0)
        {
          result.replacement_months = life;
          result.replacement_usd = result.local_setup_usd * kept;
          result.hardware_usd = result.replacement_usd / life;
        }
      result.local_monthly_usd = result.power_usd + result.ops_usd + result.other_usd;
    }

  result.total_monthly_usd = result.hardware_usd + result.power_usd +
                             result.ops_usd + result.other_usd;

  find_break_even (&result);

  result.quality_loss_percent = (1.0 - sy_inference_option_get_quality (local)) * 100.0;

  *out_result = result;

  return TRUE;
}

double
sy_cost_effective_horizon (double        requested,
                           gboolean      auto_extend,
                           const double *break_even_months,
                           guint         n_break_evens)
{
  double furthest = -1;
  double extended;

  g_return_val_if_fail (break_even_months != NULL || n_break_evens == 0, requested);

  if (!auto_extend)
    return requested;

  /* Only a crossing the plot would otherwise hide, and not one so far out
   * that showing it would squash everything else. */
  for (guint i = 0; i < n_break_evens; i++)
    {
      double month = break_even_months[i];

      if (isfinite (month) && month > requested &&
          month <= SY_COST_MAX_AUTO_HORIZON && month > furthest)
        furthest = month;
    }

  if (furthest < 0)
    return requested;

  extended = ceil (furthest * HORIZON_MARGIN / HORIZON_STEP_MONTHS) * HORIZON_STEP_MONTHS;
  extended = MIN (extended, SY_COST_MAX_AUTO_HORIZON);

  return MAX (extended, requested);
}
