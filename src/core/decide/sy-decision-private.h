/* sy-decision-private.h: SyDecision's insides, shared with its fragment
 * sy-decision-costs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-decision.h"

G_BEGIN_DECLS

struct _SyDecision
{
  GObject          parent_instance;

  SyOutcome        outcome;
  char            *summary;
  gboolean         has_monthly_cost;
  double           monthly_cost_usd;
  double           threshold_usd;
  GArray          *steps;   /* SyDecisionStep, strings owned */

  /* What question 3 was answered with, for weighing it again. */
  SyCostSource     cost_source;
  SyTraffic        traffic;
  char            *api_model;
  double           ops_hours;
  double           ops_hourly_usd;

  /* sy-decision-costs.c */
  SyCostAgreement  agreement;
  char            *cost_note_title;
  char            *cost_note;
  char            *cost_best_option;
  double           cost_best_months;
  guint            cost_horizon;
};

G_END_DECLS
