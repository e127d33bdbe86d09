/* sy-decision.c: local inference or an API? The four checks of SPEC §1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sy-cost-error.h"
#include "sy-decision-private.h"
#include "sy-format.h"

G_DEFINE_FINAL_TYPE (SyDecision, sy_decision, G_TYPE_OBJECT)

G_DEFINE_QUARK (sy-decision-error-quark, sy_decision_error)

static const struct
{
  const char *id;
  guint       number;
  const char *question;
} checks[] = {
  [SY_CHECK_PII] = { "pii", 1,
    N_("Does the data contain PII, PHI or classified information that must not leave your infrastructure?") },
  [SY_CHECK_OFFLINE] = { "offline", 0,
    N_("Must it work offline or air-gapped?") },
  [SY_CHECK_FRONTIER] = { "frontier", 2,
    N_("Do you need frontier-model quality (complex reasoning, nuanced writing, state-of-the-art code generation)?") },
  [SY_CHECK_MONTHLY_COST] = { "monthly-cost", 3,
    N_("Is your monthly API cost above the threshold?") },
  [SY_CHECK_ML_ENGINEERS] = { "ml-engineers", 4,
    N_("Do you have ML engineers to maintain local inference infrastructure?") },
  [SY_CHECK_FIRST_TOKEN] = { "first-token", 0,
    N_("Do users need the first token within a second?") },
  [SY_CHECK_SPIKY_TRAFFIC] = { "spiky-traffic", 0,
    N_("Is the traffic spiky?") },
};

static const struct
{
  const char *id;
  const char *headline;
} outcomes[] = {
  [SY_OUTCOME_LOCAL_REQUIRED] = { "local-required", N_("Local inference required") },
  [SY_OUTCOME_USE_API] = { "use-api", N_("Use an API") },
  [SY_OUTCOME_API_CHEAPER] = { "api-cheaper", N_("API is cheaper all-in") },
  [SY_OUTCOME_STICK_WITH_API] = { "stick-with-api", N_("Stick with the API") },
  [SY_OUTCOME_LOCAL_VIABLE] = { "local-viable", N_("Local inference viable") },
  [SY_OUTCOME_PILOT] = { "pilot", N_("Run a pilot") },
};

/* Auxiliary functions */

static void
clear_step (gpointer data)
{
  SyDecisionStep *step = data;

  g_free ((char *) step->answer_text);
  g_free ((char *) step->result);
}

static const char *
yes_no (SyAnswer answer)
{
  return answer == SY_ANSWER_YES ? _("Yes") : _("No");
}

static void
add_step (SyDecision *self,
          SyCheck     check,
          gboolean    decisive,
          SyAnswer    answer,
          double      usd,
          char       *answer_text,   /* owned; NULL: yes/no */
          char       *result)        /* owned */
{
  SyDecisionStep step = {
    .check = check,
    .decisive = decisive,
    .answer = answer,
    .usd = usd,
    .question = sy_check_get_question (check),
    .answer_text = answer_text != NULL ? answer_text : g_strdup (yes_no (answer)),
    .result = result,
  };

  g_array_append_val (self->steps, step);
}

static gboolean
validate_usd (double       usd,
              const char  *what,
              GError     **error)
{
  if (!isfinite (usd) || usd < 0 || usd > SY_COST_MAX_USD)
    {
      g_autofree char *number = sy_format_number (usd);

      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER,
                   /* Translators: %s is "The monthly API cost" or "The threshold", then a number */
                   _("%s must be a dollar amount from 0 to 10,000,000,000, not %s"), what, number);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_ops (const SyDecisionAnswers  *answers,
              GError                  **error)
{
  if (!isfinite (answers->ops_hours_per_month) || answers->ops_hours_per_month < 0 ||
      answers->ops_hours_per_month > SY_DECISION_MAX_OPS_HOURS)
    {
      g_autofree char *number = sy_format_number (answers->ops_hours_per_month);

      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER,
                   _("The hours a month must be a number from 0 to 10,000, not %s"), number);
      return FALSE;
    }

  if (!isfinite (answers->ops_hourly_usd) || answers->ops_hourly_usd < 0 ||
      answers->ops_hourly_usd > SY_DECISION_MAX_OPS_HOURLY_USD)
    {
      g_autofree char *number = sy_format_number (answers->ops_hourly_usd);

      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER,
                   _("The hourly rate must be a dollar amount from 0 to 10,000, not %s"), number);
      return FALSE;
    }

  return TRUE;
}

/* @text with the ops time appended when it was given, so the answer to
 * question 4 shows what it will cost; takes @text. */
static char *
with_ops_time (char                    *text,
               const SyDecisionAnswers *answers)
{
  g_autofree char *owned = text;
  g_autofree char *hours = NULL, *rate = NULL, *monthly = NULL;

  if (answers->ops_hours_per_month <= 0)
    return g_steal_pointer (&owned);

  hours = sy_format_number (answers->ops_hours_per_month);
  rate = sy_cost_format_usd (answers->ops_hourly_usd);
  monthly = sy_cost_format_usd (answers->ops_hours_per_month * answers->ops_hourly_usd);
  /* Translators: a sentence, then hours, an hourly rate and the monthly sum,
   * e.g. "… viable. Upkeep: 10 hours a month at $100.00 an hour, $1,000.00 a month." */
  return g_strdup_printf (_("%s Upkeep: %s hours a month at %s an hour, %s a month."),
                          owned, hours, rate, monthly);
}

/* Validates every given answer and resolves question 3 to a figure. */
static gboolean
resolve_cost (const SyDecisionAnswers *answers,
              SyPriceTable            *prices,
              gboolean                *out_has_cost,
              double                  *out_usd,
              GError                 **error)
{
  g_autoptr(SyPriceTable) owned = NULL;

  if (!validate_usd (answers->threshold_usd, _("The threshold"), error) ||
      !validate_ops (answers, error))
    return FALSE;

  *out_has_cost = FALSE;
  *out_usd = 0;

  switch (answers->cost_source)
    {
    case SY_COST_SOURCE_DIRECT:
      if (!validate_usd (answers->monthly_cost_usd, _("The monthly API cost"), error))
        return FALSE;
      *out_usd = answers->monthly_cost_usd;
      break;

    case SY_COST_SOURCE_TRAFFIC:
      if (prices == NULL)
        prices = owned = sy_price_table_new_default ();
      if (!sy_decision_compute_monthly_cost (prices, &answers->traffic, answers->api_model,
                                             out_usd, error))
        return FALSE;
      break;

    case SY_COST_SOURCE_NONE:
    default:
      return TRUE;
    }

  *out_has_cost = TRUE;
  return TRUE;
}

/* Walks the checks. With @self NULL it only looks for the missing answer. */
static SyCheck
evaluate (const SyDecisionAnswers *answers,
          gboolean                 has_cost,
          double                   usd,
          SyDecision              *self,
          char                   **out_reason)
{
  g_autofree char *usd_text = sy_cost_format_usd (usd);
  g_autofree char *threshold_text = sy_cost_format_usd (answers->threshold_usd);
  g_autofree char *floor_text = sy_cost_format_usd (SY_DECISION_PILOT_FLOOR_USD);
  gboolean above, pilot;

  /* 1 */
  if (answers->pii == SY_ANSWER_UNANSWERED)
    {
      *out_reason = g_strdup (_("every decision starts with it"));
      return SY_CHECK_PII;
    }
  if (answers->pii == SY_ANSWER_YES)
    {
      if (self != NULL)
        {
          add_step (self, SY_CHECK_PII, TRUE, SY_ANSWER_YES, 0, NULL,
                    g_strdup (_("Data that must not leave your infrastructure cannot go to a hosted API. The decision stops here.")));
          self->outcome = SY_OUTCOME_LOCAL_REQUIRED;
          self->summary = g_strdup (_("The data must stay on your own infrastructure, so a hosted API is ruled out whatever it costs."));
        }
      return SY_CHECK_NONE;
    }
  if (self != NULL)
    add_step (self, SY_CHECK_PII, TRUE, SY_ANSWER_NO, 0, NULL,
              g_strdup (_("The data may leave your infrastructure, so an API is possible. On to the next check.")));

  /* The one decisive refinement: no network, no API. */
  if (answers->offline == SY_ANSWER_YES)
    {
      if (self != NULL)
        {
          add_step (self, SY_CHECK_OFFLINE, TRUE, SY_ANSWER_YES, 0, NULL,
                    g_strdup (_("A system that must work without a network cannot reach a hosted API. The decision stops here.")));
          self->outcome = SY_OUTCOME_LOCAL_REQUIRED;
          self->summary = g_strdup (_("It must work offline or air-gapped, so a hosted API cannot be reached whatever it costs."));
        }
      return SY_CHECK_NONE;
    }

  /* 2 */
  if (answers->frontier == SY_ANSWER_UNANSWERED)
    {
      *out_reason = g_strdup (_("the data may leave your infrastructure"));
      return SY_CHECK_FRONTIER;
    }
  if (answers->frontier == SY_ANSWER_YES)
    {
      if (self != NULL)
        {
          add_step (self, SY_CHECK_FRONTIER, TRUE, SY_ANSWER_YES, 0, NULL,
                    g_strdup (_("Frontier quality is what the large hosted models sell; open models you can run yourself are a step behind. The decision stops here.")));
          self->outcome = SY_OUTCOME_USE_API;
          self->summary = g_strdup (_("You need frontier-model quality: use a hosted model of the GPT-4o or Claude Sonnet class."));
        }
      return SY_CHECK_NONE;
    }
  if (self != NULL)
    add_step (self, SY_CHECK_FRONTIER, TRUE, SY_ANSWER_NO, 0, NULL,
              g_strdup (_("A smaller open model can do the job, so local inference is possible. On to the cost.")));

  /* 3 */
  if (!has_cost)
    {
      *out_reason = g_strdup (_("neither the data nor the quality you need rules out an API"));
      return SY_CHECK_MONTHLY_COST;
    }
  above = usd > answers->threshold_usd;
  pilot = !above && usd >= SY_DECISION_PILOT_FLOOR_USD;
  if (!above)
    {
      if (self != NULL && pilot)
        {
          add_step (self, SY_CHECK_MONTHLY_COST, TRUE, SY_ANSWER_NO, usd, g_strdup (usd_text),
                    /* Translators: the amounts are "$500.00", "$200.00" */
                    g_strdup_printf (_("Not above the %s threshold, but from %s a month local inference may pay off: a pilot will tell. The decision stops here."),
                                     threshold_text, floor_text));
          self->outcome = SY_OUTCOME_PILOT;
          self->summary = g_strdup_printf (_("At %s a month the API is still cheaper all-in, but close enough to check: run both in parallel for %d days on %d %% of your traffic, then decide from the data."),
                                           usd_text, SY_DECISION_PILOT_DAYS, SY_DECISION_PILOT_TRAFFIC_PERCENT);
        }
      else if (self != NULL)
        {
          add_step (self, SY_CHECK_MONTHLY_COST, TRUE, SY_ANSWER_NO, usd, g_strdup (usd_text),
                    g_strdup_printf (_("Not above the %s threshold: hardware, power and upkeep would cost more than the API. The decision stops here."),
                                     threshold_text));
          self->outcome = SY_OUTCOME_API_CHEAPER;
          self->summary = g_strdup_printf (_("At %s a month the API costs less than buying, powering and maintaining your own hardware."),
                                           usd_text);
        }
      return SY_CHECK_NONE;
    }
  if (self != NULL)
    add_step (self, SY_CHECK_MONTHLY_COST, TRUE, SY_ANSWER_YES, usd, g_strdup (usd_text),
              g_strdup_printf (_("Above the %s threshold: own hardware may pay for itself. On to the last check."),
                               threshold_text));

  /* 4 */
  if (answers->ml_engineers == SY_ANSWER_UNANSWERED)
    {
      *out_reason = g_strdup_printf (_("monthly API cost %s is above the %s threshold"),
                                     usd_text, threshold_text);
      return SY_CHECK_ML_ENGINEERS;
    }
  if (self != NULL && answers->ml_engineers == SY_ANSWER_NO)
    {
      add_step (self, SY_CHECK_ML_ENGINEERS, TRUE, SY_ANSWER_NO, 0, NULL,
                g_strdup (_("Without people to run, update and monitor it, local inference costs more in outages and upkeep than it saves.")));
      self->outcome = SY_OUTCOME_STICK_WITH_API;
      self->summary = g_strdup_printf (_("At %s a month own hardware could pay off, but without ML engineers to maintain it the API remains the better choice."),
                                       usd_text);
    }
  else if (self != NULL)
    {
      add_step (self, SY_CHECK_ML_ENGINEERS, TRUE, SY_ANSWER_YES, 0, NULL,
                with_ops_time (g_strdup (_("You have the people to run, update and monitor it, so local inference is viable.")),
                               answers));
      self->outcome = SY_OUTCOME_LOCAL_VIABLE;
      self->summary = g_strdup_printf (_("At %s a month, with ML engineers to maintain it, local inference is worth it. Confirm it with a %d-day pilot before you migrate."),
                                       usd_text, SY_DECISION_PILOT_DAYS);
    }

  return SY_CHECK_NONE;
}

static gboolean
outcome_is_local (SyOutcome outcome)
{
  return outcome == SY_OUTCOME_LOCAL_REQUIRED ||
         outcome == SY_OUTCOME_LOCAL_VIABLE ||
         outcome == SY_OUTCOME_PILOT;
}

/* The refinements: notes after the decisive checks, never a new outcome
 * (offline, when decisive, is already a decisive step). */
static void
add_refinements (SyDecision              *self,
                 const SyDecisionAnswers *answers)
{
  gboolean local = outcome_is_local (self->outcome);
  gboolean offline_decided = sy_decision_get_deciding_check (self) == SY_CHECK_OFFLINE;

  /* Check 4 answered although the pilot zone did not need it. */
  if (self->outcome == SY_OUTCOME_PILOT && answers->ml_engineers != SY_ANSWER_UNANSWERED)
    add_step (self, SY_CHECK_ML_ENGINEERS, FALSE, answers->ml_engineers, 0, NULL,
              answers->ml_engineers == SY_ANSWER_YES
              ? with_ops_time (g_strdup (_("Your ML engineers can run the pilot and measure the upkeep it takes.")), answers)
              : g_strdup (_("Nobody maintains ML infrastructure yet: keep the pilot small — one rented GPU and a stock runtime such as Ollama — and count the hours it takes.")));

  if (answers->offline != SY_ANSWER_UNANSWERED && !offline_decided)
    add_step (self, SY_CHECK_OFFLINE, FALSE, answers->offline, 0, NULL,
              g_strdup (answers->offline == SY_ANSWER_YES
                        ? _("It must also work offline, which local inference allows: plan for model updates without a network.")
                        : _("It may use the network, so nothing rules out a hosted API.")));

  if (answers->first_token == SY_ANSWER_YES)
    add_step (self, SY_CHECK_FIRST_TOKEN, FALSE, SY_ANSWER_YES, 0, NULL,
              g_strdup (local
                        ? _("A first token within a second: stream the answers and size the hardware for the peak, since a busy box queues requests. Measure time to first token before you commit.")
                        : _("A first token within a second: stream the answers and measure time to first token from where your users are; hosted APIs vary with load and region.")));
  else if (answers->first_token == SY_ANSWER_NO)
    add_step (self, SY_CHECK_FIRST_TOKEN, FALSE, SY_ANSWER_NO, 0, NULL,
              g_strdup (_("No tight latency target: batching requests can raise throughput and lower the cost per request.")));

  if (answers->spiky_traffic == SY_ANSWER_YES)
    add_step (self, SY_CHECK_SPIKY_TRAFFIC, FALSE, SY_ANSWER_YES, 0, NULL,
              g_strdup (local
                        ? _("Spiky traffic: local hardware must be sized for the peak and sits idle between peaks. Consider sending the overflow to an API.")
                        : _("Spiky traffic suits a pay-per-token API: it absorbs peaks without idle hardware.")));
  else if (answers->spiky_traffic == SY_ANSWER_NO)
    add_step (self, SY_CHECK_SPIKY_TRAFFIC, FALSE, SY_ANSWER_NO, 0, NULL,
              g_strdup (_("Steady traffic: local hardware sized for the average stays busy, which is when it pays best.")));
}

/* GObject overrides */

static void
sy_decision_finalize (GObject *object)
{
  SyDecision *self = SY_DECISION (object);

  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->api_model, g_free);
  g_clear_pointer (&self->cost_note_title, g_free);
  g_clear_pointer (&self->cost_note, g_free);
  g_clear_pointer (&self->cost_best_option, g_free);

  G_OBJECT_CLASS (sy_decision_parent_class)->finalize (object);
}

static void
sy_decision_class_init (SyDecisionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sy_decision_finalize;
}

static void
sy_decision_init (SyDecision *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (SyDecisionStep));
  g_array_set_clear_func (self->steps, clear_step);
  self->cost_best_months = -1;
}

/* Public API */

void
sy_decision_answers_init (SyDecisionAnswers *answers)
{
  g_return_if_fail (answers != NULL);

  *answers = (SyDecisionAnswers) {
    .cost_source = SY_COST_SOURCE_NONE,
    .threshold_usd = SY_DECISION_DEFAULT_THRESHOLD_USD,
  };
}

const char *
sy_check_to_id (SyCheck check)
{
  g_return_val_if_fail (check >= 0 && (guint) check < G_N_ELEMENTS (checks), NULL);

  return checks[check].id;
}

SyCheck
sy_check_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    if (g_strcmp0 (checks[i].id, id) == 0)
      return (SyCheck) i;

  return SY_CHECK_NONE;
}

const char *
sy_check_get_question (SyCheck check)
{
  g_return_val_if_fail (check >= 0 && (guint) check < G_N_ELEMENTS (checks), NULL);

  return _(checks[check].question);
}

guint
sy_check_get_number (SyCheck check)
{
  g_return_val_if_fail (check >= 0 && (guint) check < G_N_ELEMENTS (checks), 0);

  return checks[check].number;
}

const char *
sy_outcome_to_id (SyOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcomes), NULL);

  return outcomes[outcome].id;
}

gboolean
sy_outcome_from_id (const char *id,
                    SyOutcome  *out_outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    if (g_strcmp0 (outcomes[i].id, id) == 0)
      {
        if (out_outcome != NULL)
          *out_outcome = (SyOutcome) i;
        return TRUE;
      }

  return FALSE;
}

const char *
sy_outcome_get_headline (SyOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcomes), NULL);

  return _(outcomes[outcome].headline);
}

gboolean
sy_decision_compute_monthly_cost (SyPriceTable     *prices,
                                  const SyTraffic  *traffic,
                                  const char       *api_model,
                                  double           *out_usd,
                                  GError          **error)
{
  SyPrice price;
  SyCostResult result;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (prices), FALSE);
  g_return_val_if_fail (traffic != NULL, FALSE);
  g_return_val_if_fail (out_usd != NULL, FALSE);

  if (api_model == NULL || *api_model == '\0')
    {
      g_set_error_literal (error, SY_DECISION_ERROR, SY_DECISION_ERROR_MISSING_ANSWER,
                           _("The API model is needed to compute the monthly cost from traffic"));
      return FALSE;
    }

  if (!sy_price_table_lookup (prices, api_model, &price, error) ||
      !sy_cost_compute (traffic, &price, NULL, &result, error))
    return FALSE;

  *out_usd = result.api_monthly_usd;
  return TRUE;
}

SyCheck
sy_decision_find_missing (const SyDecisionAnswers  *answers,
                          SyPriceTable             *prices,
                          char                    **out_reason,
                          GError                  **error)
{
  g_autofree char *reason = NULL;
  gboolean has_cost;
  double usd;
  SyCheck missing;

  g_return_val_if_fail (answers != NULL, SY_CHECK_NONE);

  if (!resolve_cost (answers, prices, &has_cost, &usd, error))
    return SY_CHECK_NONE;

  missing = evaluate (answers, has_cost, usd, NULL, &reason);
  if (out_reason != NULL)
    *out_reason = g_steal_pointer (&reason);

  return missing;
}

SyDecision *
sy_decision_new (const SyDecisionAnswers  *answers,
                 SyPriceTable             *prices,
                 GError                  **error)
{
  g_autoptr(SyDecision) self = NULL;
  g_autofree char *reason = NULL;
  gboolean has_cost;
  double usd;
  SyCheck missing;

  g_return_val_if_fail (answers != NULL, NULL);
  g_return_val_if_fail (prices == NULL || SY_IS_PRICE_TABLE (prices), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!resolve_cost (answers, prices, &has_cost, &usd, error))
    return NULL;

  missing = evaluate (answers, has_cost, usd, NULL, &reason);
  if (missing != SY_CHECK_NONE)
    {
      /* Translators: the first %s is a question, the second why it matters */
      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_MISSING_ANSWER,
                   _("“%s” needs an answer: %s"), sy_check_get_question (missing), reason);
      return NULL;
    }

  self = g_object_new (SY_TYPE_DECISION, NULL);
  self->has_monthly_cost = has_cost;
  self->monthly_cost_usd = usd;
  self->threshold_usd = answers->threshold_usd;
  self->cost_source = has_cost ? answers->cost_source : SY_COST_SOURCE_NONE;
  self->traffic = answers->traffic;
  self->api_model = g_strdup (answers->api_model);
  /* Asked only under a yes to question 4; a stale figure means nothing. */
  if (answers->ml_engineers == SY_ANSWER_YES)
    {
      self->ops_hours = answers->ops_hours_per_month;
      self->ops_hourly_usd = answers->ops_hourly_usd;
    }
  evaluate (answers, has_cost, usd, self, &reason);
  add_refinements (self, answers);

  return g_steal_pointer (&self);
}

SyOutcome
sy_decision_get_outcome (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->outcome;
}

const char *
sy_decision_get_outcome_id (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return sy_outcome_to_id (self->outcome);
}

const char *
sy_decision_get_headline (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return sy_outcome_get_headline (self->outcome);
}

const char *
sy_decision_get_summary (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return self->summary;
}

gboolean
sy_decision_has_monthly_cost (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), FALSE);

  return self->has_monthly_cost;
}

double
sy_decision_get_monthly_cost (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->monthly_cost_usd;
}

double
sy_decision_get_threshold (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->threshold_usd;
}

guint
sy_decision_get_n_steps (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->steps->len;
}

const SyDecisionStep *
sy_decision_get_step (SyDecision *self,
                      guint       index)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);

  return &g_array_index (self->steps, SyDecisionStep, index);
}

SyCheck
sy_decision_get_deciding_check (SyDecision *self)
{
  SyCheck deciding = SY_CHECK_NONE;

  g_return_val_if_fail (SY_IS_DECISION (self), SY_CHECK_NONE);

  for (guint i = 0; i < self->steps->len; i++)
    {
      const SyDecisionStep *step = &g_array_index (self->steps, SyDecisionStep, i);

      if (step->decisive)
        deciding = step->check;
    }

  return deciding;
}

double
sy_decision_get_ops_hours (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->ops_hours;
}

double
sy_decision_get_ops_hourly_usd (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), 0);

  return self->ops_hourly_usd;
}

/* SPEC's "Start with the API" is advice for a team that may go local
 * later; after "Local inference required" it would contradict the
 * headline, so each outcome gets the steps that follow from it. */
GStrv
sy_outcome_dup_guidance (SyOutcome outcome)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  switch (outcome)
    {
    case SY_OUTCOME_LOCAL_REQUIRED:
      g_strv_builder_add (builder, _("Plan the hardware for the models you need: check on the Models page what fits in your GPUs’ memory, and size the boxes for your peak traffic."));
      g_strv_builder_add (builder, _("Pilot two or three open models on your own infrastructure with real tasks, and compare output quality before you buy for production."));
      g_strv_builder_add (builder, _("Plan the people too: someone must update, monitor and back up the boxes."));
      break;

    case SY_OUTCOME_USE_API:
      g_strv_builder_add (builder, _("Use a frontier model through its API, of the GPT-4o or Claude Sonnet class."));
      g_strv_builder_add (builder, _("Keep prompts and evaluations independent of one provider, so you can switch as prices and quality change."));
      g_strv_builder_add (builder, _("Lower the bill with cached input and batch prices, and ask again when open models catch up on your tasks."));
      break;

    case SY_OUTCOME_STICK_WITH_API:
      g_strv_builder_add (builder, _("Stay with the API: without people to run it, local inference costs more in outages and upkeep than it saves."));
      g_strv_builder_add (builder, _("Lower the bill meanwhile: a smaller model where it is good enough, cached input and batch prices."));
      g_strv_builder_add (builder,
                          /* xgettext:no-c-format */
                          _("Once there is operational bandwidth, evaluate local inference with a 30-day pilot on 10 % of traffic."));
      break;

    case SY_OUTCOME_PILOT:
      g_strv_builder_add (builder,
                          /* xgettext:no-c-format */
                          _("Run a 30-day pilot: send 10 % of traffic to a local model in parallel with the API."));
      g_strv_builder_add (builder, _("Compare output quality, measure latency and count the hours the boxes take."));
      g_strv_builder_add (builder, _("Then decide from the data. Never migrate on a hunch."));
      break;

    case SY_OUTCOME_LOCAL_VIABLE:
      g_strv_builder_add (builder,
                          /* xgettext:no-c-format */
                          _("Before migrating, run a 30-day pilot: both in parallel on 10 % of traffic."));
      g_strv_builder_add (builder, _("Compare output quality, measure latency and count the hours the boxes take; keep the API as the fallback."));
      g_strv_builder_add (builder, _("Migrate step by step once the data agrees. Never migrate on a hunch."));
      break;

    case SY_OUTCOME_API_CHEAPER:
    default:
      g_strv_builder_add (builder, _("Start with the API and build the product first."));
      g_strv_builder_add (builder,
                          /* xgettext:no-c-format */
                          _("Once monthly API spend passes roughly $200–300 and there is operational bandwidth, "
                            "evaluate local inference with a 30-day pilot: run both in parallel on 10 % of traffic, "
                            "compare output quality and measure latency."));
      g_strv_builder_add (builder, _("Then decide from the data. Never migrate on a hunch."));
      break;
    }

  return g_strv_builder_end (builder);
}

GStrv
sy_decision_dup_guidance (SyDecision *self)
{
  g_return_val_if_fail (SY_IS_DECISION (self), NULL);

  return sy_outcome_dup_guidance (self->outcome);
}
