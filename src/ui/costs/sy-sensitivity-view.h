/* sy-sensitivity-view.h: which uncertain input moves an option's break-even most
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-cost-model.h"
#include "sy-costs-advanced.h"
#include "sy-tornado-chart.h"

G_BEGIN_DECLS

#define SY_TYPE_SENSITIVITY_VIEW (sy_sensitivity_view_get_type ())
G_DECLARE_FINAL_TYPE (SySensitivityView, sy_sensitivity_view, SY, SENSITIVITY_VIEW, GtkBox)

/* Computes again from @model's enabled options and @advanced's ranges;
 * keeps the option picked when it is still there. */
void            sy_sensitivity_view_update         (SySensitivityView *self,
                                                    SyCostModel       *model,
                                                    SyCostsAdvanced   *advanced);
SyTornadoChart *sy_sensitivity_view_get_chart      (SySensitivityView *self);
GtkDropDown    *sy_sensitivity_view_get_option_dropdown (SySensitivityView *self);
/* The id of the option the chart is for; NULL when it shows none. */
const char     *sy_sensitivity_view_get_option_id  (SySensitivityView *self);
/* The input whose range moves the break-even most, as the chart's top
 * bar; SY_COST_N_INPUTS when there is no chart. */
SyCostInput     sy_sensitivity_view_get_top_input  (SySensitivityView *self);

G_END_DECLS
