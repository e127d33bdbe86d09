/* sy-costs-page-measured.h: which cost inputs came from the pilot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-cost-model.h"
#include "sy-inference-option.h"
#include "sy-pilot.h"

G_BEGIN_DECLS

/* The GSettings key measured-inputs (a{sd}) maps an input to the value
 * "use these numbers" put there: "input-tokens", "output-tokens",
 * "tokens-per-second/OPTION-ID", "quality/OPTION-ID". An input counts as
 * measured while it still shows that value, so the mark goes away when
 * anyone (the Costs page, the option dialog, the wizard, a reset) changes
 * it, and no page needs to be open to notice. */

/* After sy_pilot_summary_apply(): records the current values of what
 * @applied names (@local may be NULL) as measured. */
void      sy_costs_measured_record           (GSettings          *settings,
                                              SyCostModel        *model,
                                              SyInferenceOption  *local,
                                              SyPilotApplied      applied);
/* The same for a usage log's figures (@from_usage_log), which may also
 * name SY_PILOT_APPLIED_DAILY_REQUESTS and _PEAK_FACTOR. */
void      sy_costs_measured_record_from      (GSettings          *settings,
                                              SyCostModel        *model,
                                              SyInferenceOption  *local,
                                              SyPilotApplied      applied,
                                              gboolean            from_usage_log);
/* SY_PILOT_APPLIED_INPUT_TOKENS, _OUTPUT_TOKENS, _DAILY_REQUESTS or
 * _PEAK_FACTOR. */
gboolean  sy_costs_measured_traffic_is_marked (GSettings         *settings,
                                              SyCostModel        *model,
                                              SyPilotApplied      which);
/* "Measured in the pilot", "Measured from the usage log", or NULL when
 * @which is not marked. */
const char *sy_costs_measured_describe        (GSettings         *settings,
                                              SyCostModel        *model,
                                              SyPilotApplied      which);
/* SY_PILOT_APPLIED_TOKENS_PER_SECOND or _QUALITY. */
gboolean  sy_costs_measured_option_is_marked  (GSettings         *settings,
                                              SyInferenceOption  *option,
                                              SyPilotApplied      which);

/* Keeps the 95 % interval of the quality "use these numbers" put into
 * @option ("quality-low/OPTION-ID", "quality-high/OPTION-ID"), so the
 * Costs page can show it beside the point estimate. */
void      sy_costs_measured_record_quality_interval (GSettings         *settings,
                                                     SyInferenceOption *option,
                                                     double             low,
                                                     double             high);
/* "0.55–0.82" while @option's quality is marked measured and an interval
 * was kept for it, else NULL. */
char     *sy_costs_measured_dup_quality_interval    (GSettings         *settings,
                                                     SyInferenceOption *option);

/* The first enabled option, as the first local card on the Costs page
 * (else the first option; NULL when there is none): the one "use these
 * numbers" measures. Owned by @model's option list. */
SyInferenceOption *sy_costs_measured_pick_option (SyCostModel    *model);

G_END_DECLS
