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
sy_cost_compute (const SyTraffic    *traffic,
                 const SyPrice      *api_price,
                 SyInferenceOption  *local,
                 SyCostResult       *out_result,
                 GError            **error)
{
  SyCostResult result = { 0 };
  double daily_output_tokens;
  double boxes;

  g_return_val_if_fail (traffic != NULL, FALSE);
  g_return_val_if_fail (api_price != NULL, FALSE);
  g_return_val_if_fail (local == NULL || SY_IS_INFERENCE_OPTION (local), FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sy_traffic_validate (traffic, error) ||
      !validate_price (api_price, error) ||
      (local != NULL && !sy_inference_option_validate (local, error)))
    return FALSE;

  result.monthly_input_tokens = traffic->daily_requests * traffic->input_tokens * SY_COST_DAYS_PER_MONTH;
  result.monthly_output_tokens = traffic->daily_requests * traffic->output_tokens * SY_COST_DAYS_PER_MONTH;
  result.api_monthly_usd = result.monthly_input_tokens / 1e6 * api_price->input_per_million +
                           result.monthly_output_tokens / 1e6 * api_price->output_per_million;

  if (local == NULL)
    {
      *out_result = result;
      return TRUE;
    }

  daily_output_tokens = traffic->daily_requests * traffic->output_tokens;
  result.utilisation = daily_output_tokens /
    (sy_inference_option_get_aggregate_tokens_per_second (local) * SY_COST_SECONDS_PER_DAY);

  boxes = MAX (1.0, ceil (result.utilisation - BOX_EPSILON));
  if (boxes > G_MAXUINT)
    {
      g_autofree char *shown = sy_format_number (boxes);

      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s” would need %s boxes to serve this traffic"),
                   sy_inference_option_get_name (local), shown);
      return FALSE;
    }

  result.boxes_needed = (guint) boxes;
  result.local_setup_usd = sy_inference_option_get_setup_usd (local) * boxes;
  result.local_monthly_usd = sy_inference_option_get_monthly_usd (local) * boxes;

  /* A free setup breaks even at once; it is not "never". */
  if (result.api_monthly_usd > result.local_monthly_usd)
    {
      result.breaks_even = TRUE;
      result.break_even_months = result.local_setup_usd /
        (result.api_monthly_usd - result.local_monthly_usd);
    }

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
