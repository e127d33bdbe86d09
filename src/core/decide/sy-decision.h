/* sy-decision.h: local inference or an API? The four checks of SPEC §1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure function: answers in, an outcome and an ordered trace out. No GTK,
 * no settings, no defaults for a missing answer: a question the decision
 * needs and nobody answered is an error naming it.
 *
 * The checks, in order; the first that decides, decides:
 *
 *   1  pii           data that must not leave your infrastructure?
 *                    yes → local-required
 *   (  offline       must it work offline or air-gapped?  — optional, see
 *                    below; yes → local-required )
 *   2  frontier      frontier-model quality needed?       yes → use-api
 *   3  monthly-cost  monthly API cost above the threshold (default $500)?
 *                    no, below SY_DECISION_PILOT_FLOOR_USD ($200) → api-cheaper
 *                    no, from $200 up to the threshold     → pilot
 *                    yes → check 4
 *   4  ml-engineers  ML engineers to maintain local inference?
 *                    no → stick-with-api, yes → local-viable
 *
 * The pilot zone and check 4. "Above the threshold" is strict: a cost equal
 * to the threshold is not above it. A cost in [$200, threshold] ends the
 * decision at check 3 with `pilot`, exactly where SPEC's flat "API is
 * cheaper" would have stood; check 4 is not needed there and is never
 * asked for. A pilot runs in parallel with the API on 10 % of the traffic
 * for 30 days, so the API stays the fallback and nothing has to be
 * maintained for years yet; the pilot is how a team finds out how much
 * maintenance local inference costs it, which is what check 4 asks. When
 * check 4 was answered "no" anyway, the pilot result carries a note to keep
 * the pilot small (one rented GPU, a stock runtime). With a threshold below
 * $200 the pilot zone is empty and SPEC's four checks apply unchanged.
 *
 * The refining questions (offline, first-token, spiky-traffic) are
 * optional. first-token and spiky-traffic only add notes. offline is the
 * one decisive extra check: an air-gapped system cannot reach a hosted API
 * at all, so "Use an API" would be advice nobody can follow; when it is
 * answered yes (and check 1 did not already decide), the outcome is
 * local-required. Unanswered or no, the four checks decide exactly as in
 * SPEC (all 16 combinations).
 */
#pragma once

#include <glib-object.h>

#include "sy-cost-model.h"
#include "sy-price-table.h"

G_BEGIN_DECLS

#define SY_DECISION_DEFAULT_THRESHOLD_USD 500.0
/* Monthly API spend from which a pilot is worth running (SPEC §1: $200–300). */
#define SY_DECISION_PILOT_FLOOR_USD       200.0
#define SY_DECISION_PILOT_DAYS            30
#define SY_DECISION_PILOT_TRAFFIC_PERCENT 10

#define SY_DECISION_ERROR (sy_decision_error_quark ())

typedef enum
{
  SY_DECISION_ERROR_MISSING_ANSWER,  /* a needed question has no answer */
  SY_DECISION_ERROR_INVALID_ANSWER,  /* negative money, NaN, a bad threshold */
} SyDecisionError;

typedef enum
{
  SY_ANSWER_UNANSWERED = 0,
  SY_ANSWER_NO,
  SY_ANSWER_YES,
} SyAnswer;

typedef enum
{
  SY_CHECK_PII,
  SY_CHECK_OFFLINE,
  SY_CHECK_FRONTIER,
  SY_CHECK_MONTHLY_COST,
  SY_CHECK_ML_ENGINEERS,
  SY_CHECK_FIRST_TOKEN,
  SY_CHECK_SPIKY_TRAFFIC,
  SY_CHECK_NONE = -1,
} SyCheck;

typedef enum
{
  SY_OUTCOME_LOCAL_REQUIRED,
  SY_OUTCOME_USE_API,
  SY_OUTCOME_API_CHEAPER,
  SY_OUTCOME_STICK_WITH_API,
  SY_OUTCOME_LOCAL_VIABLE,
  SY_OUTCOME_PILOT,
} SyOutcome;

typedef enum
{
  SY_COST_SOURCE_NONE,      /* question 3 unanswered */
  SY_COST_SOURCE_DIRECT,    /* monthly_cost_usd as given */
  SY_COST_SOURCE_TRAFFIC,   /* computed from traffic + api_model (SPEC §2) */
} SyCostSource;

typedef struct
{
  SyAnswer      pii;
  SyAnswer      frontier;
  SyCostSource  cost_source;
  double        monthly_cost_usd;  /* SY_COST_SOURCE_DIRECT */
  SyTraffic     traffic;           /* SY_COST_SOURCE_TRAFFIC */
  const char   *api_model;         /* SY_COST_SOURCE_TRAFFIC; not owned */
  SyAnswer      ml_engineers;
  double        threshold_usd;
  /* Refining questions, all optional. */
  SyAnswer      offline;
  SyAnswer      first_token;       /* first token within a second? */
  SyAnswer      spiky_traffic;
  /* Question 4's follow-up, shown only: the hours a month the boxes would
   * take and what an hour costs; 0 when not given. The cost model is the
   * place that counts them (SyCostModel's ops inputs), not the decision. */
  double        ops_hours_per_month;
  double        ops_hourly_usd;
} SyDecisionAnswers;

#define SY_DECISION_DEFAULT_OPS_HOURS      10.0
#define SY_DECISION_DEFAULT_OPS_HOURLY_USD 100.0
#define SY_DECISION_MAX_OPS_HOURS          10000.0
#define SY_DECISION_MAX_OPS_HOURLY_USD     10000.0

/* How the threshold rule (check 3) and the all-in cost model compare. */
typedef enum
{
  SY_COST_AGREEMENT_NOT_WEIGHED,     /* no cost model, no cost, decided before check 3,
                                      * or no enabled local option */
  SY_COST_AGREEMENT_AGREE,
  SY_COST_AGREEMENT_LOCAL_PAYS_BACK, /* not above the threshold, yet a local option
                                      * pays back within the horizon */
  SY_COST_AGREEMENT_NO_PAYBACK,      /* above the threshold, yet no local option
                                      * pays back within the horizon */
} SyCostAgreement;

/* One line of the trace: a check, the user's answer and why it led on (or
 * stopped). Refinements follow the decisive checks, decisive FALSE. */
typedef struct
{
  SyCheck      check;
  gboolean     decisive;      /* one of the checks that led to the outcome */
  SyAnswer     answer;        /* yes/no; for monthly-cost: above the threshold? */
  double       usd;           /* monthly-cost only: the monthly API cost */
  const char  *question;      /* translated question */
  const char  *answer_text;   /* "Yes", "No", "$900.00" */
  const char  *result;        /* translated: why it led on, or the note */
} SyDecisionStep;

/* Answers with nothing answered and the default threshold. */
void          sy_decision_answers_init        (SyDecisionAnswers       *answers);

const char   *sy_check_to_id                  (SyCheck                  check);
/* SY_CHECK_NONE for an unknown id. */
SyCheck       sy_check_from_id                (const char              *id);
/* Translated question, e.g. "Does the data contain PII, PHI …?" */
const char   *sy_check_get_question           (SyCheck                  check);
/* 1–4 for SPEC's checks, 0 for the refining questions. */
guint         sy_check_get_number             (SyCheck                  check);

const char   *sy_outcome_to_id                (SyOutcome                outcome);
/* FALSE for an unknown id. */
gboolean      sy_outcome_from_id              (const char              *id,
                                               SyOutcome               *out_outcome);
/* Translated, e.g. "Local inference required", "Run a pilot". */
const char   *sy_outcome_get_headline         (SyOutcome                outcome);

/* SPEC §2's API monthly cost from traffic, through sy_cost_compute(). */
gboolean      sy_decision_compute_monthly_cost (SyPriceTable           *prices,
                                                const SyTraffic        *traffic,
                                                const char             *api_model,
                                                double                 *out_usd,
                                                GError                **error);

/* The next question the decision needs and has no answer for, with why
 * (e.g. "monthly API cost $800.00 is above the $500.00 threshold"), or
 * SY_CHECK_NONE when the answers decide. Errors as for sy_decision_new()
 * except MISSING_ANSWER. @prices may be NULL for the shipped table. */
SyCheck       sy_decision_find_missing        (const SyDecisionAnswers *answers,
                                               SyPriceTable            *prices,
                                               char                   **out_reason,
                                               GError                 **error);

#define SY_TYPE_DECISION (sy_decision_get_type ())
G_DECLARE_FINAL_TYPE (SyDecision, sy_decision, SY, DECISION, GObject)

/* Evaluates @answers. NULL with SY_DECISION_ERROR_MISSING_ANSWER naming the
 * question when a needed answer is missing, INVALID_ANSWER for bad values,
 * or the cost model's error (unknown API model, bad traffic). */
SyDecision   *sy_decision_new                 (const SyDecisionAnswers *answers,
                                               SyPriceTable            *prices,
                                               GError                 **error);

SyOutcome     sy_decision_get_outcome         (SyDecision              *self);
const char   *sy_decision_get_outcome_id      (SyDecision              *self);
const char   *sy_decision_get_headline        (SyDecision              *self);
/* One translated sentence: why this outcome. */
const char   *sy_decision_get_summary         (SyDecision              *self);
/* TRUE when question 3 was answered (directly or by traffic), needed or
 * not: every given answer is validated, and a given cost is reported. */
gboolean      sy_decision_has_monthly_cost    (SyDecision              *self);
double        sy_decision_get_monthly_cost    (SyDecision              *self);
double        sy_decision_get_threshold       (SyDecision              *self);
/* The decisive checks first, in order, then the answered refinements. */
guint         sy_decision_get_n_steps         (SyDecision              *self);
const SyDecisionStep *sy_decision_get_step    (SyDecision              *self,
                                               guint                    index);
/* The check that decided (the last decisive step). */
SyCheck       sy_decision_get_deciding_check  (SyDecision              *self);

/* Question 4's follow-up as given (0 when not). */
double        sy_decision_get_ops_hours       (SyDecision              *self);
double        sy_decision_get_ops_hourly_usd  (SyDecision              *self);

/* Practical guidance that fits the outcome (SPEC §1), translated,
 * NULL-terminated. */
GStrv         sy_outcome_dup_guidance         (SyOutcome                outcome);
GStrv         sy_decision_dup_guidance        (SyDecision              *self);

/* sy-decision-costs.c: the threshold rule against the all-in cost model.
 *
 * Weighs the decision's monthly cost with @costs: a copy of it (every
 * setting and option, so whatever the Costs page counts is counted), set
 * to the answered traffic, or, for a bill typed in, to the Costs page's
 * tokens per request and API model with as many requests a day as make
 * that bill. Each enabled option's break-even is compared with the
 * horizon. Only a decision that went through check 3 is weighed; the
 * others, and @costs NULL, leave NOT_WEIGHED. FALSE with @error when the
 * cost model cannot compute (an invalid option, traffic out of range). */
gboolean      sy_decision_weigh_costs         (SyDecision              *self,
                                               SyCostModel             *costs,
                                               GError                 **error);
SyCostAgreement sy_decision_get_cost_agreement (SyDecision             *self);
/* "agree", "local-pays-back", "no-payback"; NULL when not weighed. */
const char   *sy_decision_get_cost_agreement_id (SyDecision            *self);
/* Translated heading and sentences saying both verdicts and why; NULL
 * unless the two disagree. */
const char   *sy_decision_get_cost_note_title (SyDecision              *self);
const char   *sy_decision_get_cost_note       (SyDecision              *self);
/* The enabled option that pays back soonest (NULL when none ever does)
 * and its break-even in months; the horizon weighed against. */
const char   *sy_decision_get_cost_best_option (SyDecision             *self);
double        sy_decision_get_cost_best_months (SyDecision             *self);
guint         sy_decision_get_cost_horizon    (SyDecision              *self);

/* A copy of @costs for other traffic: its price table, every writable
 * setting and a copy of each option, so the Costs page is left alone. */
SyCostModel  *sy_decision_copy_cost_model     (SyCostModel             *costs);

GQuark        sy_decision_error_quark         (void);

G_END_DECLS
