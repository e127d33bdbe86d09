/* sy-application.h: application-wide state and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-cost-model.h"
#include "sy-pilot.h"
#include "sy-router.h"

G_BEGIN_DECLS

#define SY_TYPE_APPLICATION (sy_application_get_type ())
G_DECLARE_FINAL_TYPE (SyApplication, sy_application, SY, APPLICATION, AdwApplication)

SyApplication *sy_application_new            (void);
SyCostModel   *sy_application_get_cost_model (SyApplication *self);
/* Routing rules as loaded at start-up; Preferences edits this instance. */
SyRouter      *sy_application_get_router     (SyApplication *self);
/* pilot.jsonl in the data dir; not loaded until a view asks. */
SyPilotLog    *sy_application_get_pilot_log  (SyApplication *self);
void           sy_application_add_startup_problem (SyApplication *self,
                                                   const char    *message);

G_END_DECLS
