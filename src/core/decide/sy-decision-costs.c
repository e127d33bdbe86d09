/* sy-decision-costs.c: the threshold rule against the all-in cost model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Check 3 is a rule of thumb: above $500 a month own hardware may pay off.
 * The Costs page computes it. Where the two disagree the result says both,
 * and why, instead of one page contradicting the other.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sy-decision-private.h"
#include "sy-format.h"

/* Auxiliary functions */

static void
copy_settings (SyCostModel *from,
               SyCostModel *to)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n;

  /* Every writable setting, not a list of today's: whatever the cost model
   * learns to count (power, ops time …) is counted here too. */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (from), &n);
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if ((pspecs[i]->flags & G_PARAM_READWRITE) != G_PARAM_READWRITE ||
          (pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY) != 0)
        continue;

      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (from), pspecs[i]->name, &value);
      g_object_set_property (G_OBJECT (to), pspecs[i]->name, &value);
    }
}

/* The cost model's request shape with as many requests a day as make
 * @usd on its API model (the API's monthly cost is proportional to the
 * requests): a bill says how much, not how many boxes, and this is the
 * traffic the Costs page would need to show the same bill. */
static gboolean
traffic_for_bill (SyCostModel *model,
                  double       usd,
                  SyTraffic   *out_traffic)
{
  SyCostResult one;

  sy_cost_model_set_daily_requests (model, 1);
  if (!sy_cost_model_compute (model, NULL, &one, NULL) || !(one.api_monthly_usd > 0))
    return FALSE;

  sy_cost_model_get_traffic (model, out_traffic);
  out_traffic->daily_requests = usd / one.api_monthly_usd;
  return sy_traffic_validate (out_traffic, NULL);
}

/* "4.8": the sentences say "months" themselves, since languages decline
 * it differently after "in" than alone. */
static char *
format_months (double months)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.1f", months);
  return sy_format_localize_ascii (buf);
}

static void
write_local_pays_back (SyDecision         *self,
                       SyInferenceOption  *best,
                       const SyCostResult *result)
{
  g_autofree char *months = format_months (result->break_even_months);
  g_autofree char *setup = sy_cost_format_usd (result->local_setup_usd);
  g_autofree char *monthly = sy_cost_format_usd (result->local_monthly_usd);
  g_autofree char *threshold = sy_cost_format_usd (self->threshold_usd);
  /* The API as the cost model counts it (cached input, batch …), which
   * is what the break-even is against. */
  g_autofree char *usd = sy_cost_format_usd (result->api_monthly_usd);
  g_autofree char *what = NULL;

  if (result->boxes_needed > 1)
    /* Translators: a number of boxes and an option's name, "2 × Llama 3.1 8B Q4 (RTX 4090)" */
    what = g_strdup_printf (_("%u × %s"), result->boxes_needed, sy_inference_option_get_name (best));
  else
    what = g_strdup (sy_inference_option_get_name (best));

  self->cost_note_title = g_strdup (_("The Cost Model Sees It Differently"));
  self->cost_note =
    /* Translators: the API bill, an option, its setup and monthly cost,
     * the break-even, the horizon in months, the threshold */
    g_strdup_printf (_("Against %s a month of API, %s (%s setup, %s a month) pays back in %s months under the cost model, "
                       "within its %u-month horizon. The %s threshold also stands for the ops time and the risk "
                       "the cost model does not count yet: set the hours the boxes take and the two agree."),
                     usd, what, setup, monthly, months, self->cost_horizon, threshold);
}

static void
write_no_payback (SyDecision         *self,
                  SyInferenceOption  *best,
                  const SyCostResult *result)
{
  g_autofree char *threshold = sy_cost_format_usd (self->threshold_usd);
  g_autofree char *usd = sy_cost_format_usd (self->monthly_cost_usd);
  g_autofree char *nearest = NULL;

  if (best != NULL)
    {
      g_autofree char *months = format_months (result->break_even_months);

      /* Translators: an option's name and its break-even, "Llama 3.1 70B … pays back in 50.0 months" */
      nearest = g_strdup_printf (_("The nearest, %s, pays back in %s months."), sy_inference_option_get_name (best), months);
    }
  else
    nearest = g_strdup (_("None ever does: each costs more every month than the API."));

  self->cost_note_title = g_strdup (_("The Cost Model Sees It Differently"));
  self->cost_note =
    /* Translators: the API bill, the horizon in months, a sentence, the threshold */
    g_strdup_printf (_("At %s a month of API, none of the enabled local options pays back within "
                       "the cost model's %u-month horizon. %s The %s threshold is a rule of thumb; the cost model "
                       "counts the options you listed and what it takes to run them, so check those figures "
                       "before you buy."),
                     usd, self->cost_horizon, nearest, threshold);
}

static void
clear_costs (SyDecision *self)
{
  self->agreement = SY_COST_AGREEMENT_NOT_WEIGHED;
  g_clear_pointer (&self->cost_note_title, g_free);
  g_clear_pointer (&self->cost_note, g_free);
  g_clear_pointer (&self->cost_best_option, g_free);
  self->cost_best_months = -1;
  self->cost_horizon = 0;
}

/* Public API */

SyCostModel *
sy_decision_copy_cost_model (SyCostModel *costs)
{
  SyCostModel *model;
  GListModel *options;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SY_IS_COST_MODEL (costs), NULL);

  model = sy_cost_model_new (sy_cost_model_get_price_table (costs));
  copy_settings (costs, model);

  options = sy_cost_model_get_options (costs);
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

      g_ptr_array_add (copies, sy_inference_option_copy (option));
    }
  sy_cost_model_replace_options (model, (SyInferenceOption **) copies->pdata, copies->len);

  return model;
}

gboolean
sy_decision_weigh_costs (SyDecision   *self,
                         SyCostModel  *costs,
                         GError      **error)
{
  g_autoptr(SyCostModel) model = NULL;
  g_autoptr(SyInferenceOption) best = NULL;
  SyCostResult best_result = { 0 };
  SyCheck deciding;
  SyTraffic traffic;
  GListModel *options;
  gboolean above, pays_back, any_enabled = FALSE;

  g_return_val_if_fail (SY_IS_DECISION (self), FALSE);
  g_return_val_if_fail (costs == NULL || SY_IS_COST_MODEL (costs), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  clear_costs (self);

  /* Data that must stay in, or frontier quality, decide whatever it costs. */
  deciding = sy_decision_get_deciding_check (self);
  if (costs == NULL || !self->has_monthly_cost ||
      (deciding != SY_CHECK_MONTHLY_COST && deciding != SY_CHECK_ML_ENGINEERS))
    return TRUE;

  model = sy_decision_copy_cost_model (costs);
  if (self->cost_source == SY_COST_SOURCE_TRAFFIC)
    {
      traffic = self->traffic;
      sy_cost_model_set_api_model (model, self->api_model);
    }
  else if (!traffic_for_bill (model, self->monthly_cost_usd, &traffic))
    return TRUE;
  sy_cost_model_set_traffic (model, &traffic);
  self->cost_horizon = sy_cost_model_get_horizon_months (costs);

  options = sy_cost_model_get_options (model);
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      SyCostResult result;

      if (!sy_inference_option_get_enabled (option))
        continue;
      any_enabled = TRUE;

      if (!sy_cost_model_compute (model, option, &result, error))
        {
          clear_costs (self);
          return FALSE;
        }

      if (result.breaks_even &&
          (best == NULL || result.break_even_months < best_result.break_even_months))
        {
          g_set_object (&best, option);
          best_result = result;
        }
    }

  if (!any_enabled)
    return TRUE;

  if (best != NULL)
    {
      self->cost_best_option = g_strdup (sy_inference_option_get_name (best));
      self->cost_best_months = best_result.break_even_months;
    }

  above = self->monthly_cost_usd > self->threshold_usd;
  pays_back = best != NULL && best_result.break_even_months <= self->cost_horizon;

  if (!above && pays_back)
    {
      self->agreement = SY_COST_AGREEMENT_LOCAL_PAYS_BACK;
      write_local_pays_back (self, best, &best_result);
    }
  else if (above && !pays_back)
    {
      self->agreement = SY_COST_AGREEMENT_NO_PAYBACK;
      write_no_payback (self, best, &best_result);
    }
  else
    self->agreement = SY_COST_AGREEMENT_AGREE;

  /* The boxes come from traffic the user never typed: say which. */
  if (self->cost_note != NULL && self->cost_source == SY_COST_SOURCE_DIRECT)
    {
      g_autofree char *requests = sy_format_number (round (traffic.daily_requests));
      g_autofree char *input = sy_format_number (traffic.input_tokens);
      g_autofree char *output = sy_format_number (traffic.output_tokens);
      g_autofree char *note = g_steal_pointer (&self->cost_note);

      self->cost_note =
        /* Translators: the note, then requests a day, input and output tokens per request, an API model */
        g_strdup_printf (_("%s The bill was counted as %s requests a day of %s input and %s output tokens on %s."),
                         note, requests, input, output, sy_cost_model_get_api_model (model));
    }

  return TRUE;
}

SyCostAgreement
sy_decision_get_cost_agreement (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), SY_COST_AGREEMENT_NOT_WEIGHED);

  return self->agreement;
}

const char *
sy_decision_get_cost_agreement_id (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  switch (self->agreement)
    {
    case SY_COST_AGREEMENT_AGREE:
      return "agree";
    case SY_COST_AGREEMENT_LOCAL_PAYS_BACK:
      return "local-pays-back";
    case SY_COST_AGREEMENT_NO_PAYBACK:
      return "no-payback";
    case SY_COST_AGREEMENT_NOT_WEIGHED:
    default:
      return NULL;
    }
}

const char *
sy_decision_get_cost_note_title (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return self->cost_note_title;
}

const char *
sy_decision_get_cost_note (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return self->cost_note;
}

const char *
sy_decision_get_cost_best_option (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return self->cost_best_option;
}

double
sy_decision_get_cost_best_months (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), -1);

  return self->cost_best_months;
}

guint
sy_decision_get_cost_horizon (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->cost_horizon;
}
