/* sy-costs-advanced.h: the Costs page's optional inputs and their ranges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-cost-model.h"
#include "sy-cost-sensitivity.h"

G_BEGIN_DECLS

/* The fields, in the order the group shows them. */
typedef enum
{
  SY_COSTS_FIELD_KWH_PRICE,
  SY_COSTS_FIELD_OPS_HOURS,
  SY_COSTS_FIELD_OPS_HOURLY_USD,
  SY_COSTS_FIELD_PEAK_FACTOR,
  SY_COSTS_FIELD_CACHED_SHARE,      /* percent */
  SY_COSTS_FIELD_BATCH_SHARE,       /* percent */
  SY_COSTS_FIELD_REASONING_TOKENS,
  SY_COSTS_FIELD_PRICE_DECLINE,     /* percent a year */
  SY_COSTS_FIELD_REQUESTS_LOW,
  SY_COSTS_FIELD_REQUESTS_HIGH,
  SY_COSTS_FIELD_OUTPUT_LOW,
  SY_COSTS_FIELD_OUTPUT_HIGH,
  SY_COSTS_FIELD_OPS_LOW,
  SY_COSTS_FIELD_OPS_HIGH,
  SY_COSTS_FIELD_DECLINE_LOW,       /* percent a year */
  SY_COSTS_FIELD_DECLINE_HIGH,
  SY_COSTS_FIELD_TPS_SPREAD,        /* ± percent of each option's figure */
  SY_COSTS_FIELD_WATTS_SPREAD,
  SY_COSTS_N_FIELDS
} SyCostsField;

#define SY_TYPE_COSTS_ADVANCED (sy_costs_advanced_get_type ())
G_DECLARE_FINAL_TYPE (SyCostsAdvanced, sy_costs_advanced, SY, COSTS_ADVANCED, AdwPreferencesGroup)

/* Binds the global inputs to @model both ways. Once only. */
void           sy_costs_advanced_set_model   (SyCostsAdvanced   *self,
                                              SyCostModel       *model);
/* Restores the ranges from @settings' cost-ranges key and keeps it
 * current as they change. */
void           sy_costs_advanced_bind_ranges (SyCostsAdvanced   *self,
                                              GSettings         *settings);
GtkSpinButton *sy_costs_advanced_get_spin    (SyCostsAdvanced   *self,
                                              SyCostsField       field);
/* The three expander rows: running costs, API billing, uncertainty. */
AdwExpanderRow *sy_costs_advanced_get_expander (SyCostsAdvanced *self,
                                              guint              index);
/* The ranges the user gave, for @option (whose throughput and watts the
 * spreads apply to), into @out (SY_COST_N_INPUTS long); returns how many.
 * A range whose ends are equal, or reversed, is left out. */
guint          sy_costs_advanced_get_ranges  (SyCostsAdvanced   *self,
                                              SyInferenceOption *option,
                                              SyCostRange       *out);

/* Signals: ranges-changed, after a range's ends changed. */

G_END_DECLS
