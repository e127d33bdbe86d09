/* sy-application.h: application-wide state and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_APPLICATION (sy_application_get_type ())
G_DECLARE_FINAL_TYPE (SyApplication, sy_application, SY, APPLICATION, AdwApplication)

SyApplication *sy_application_new            (void);
/* Settings, prices, cost model, routing rules (as loaded at start-up;
 * Preferences edits this instance) and the pilot log, shared by every page. */
SyContext     *sy_application_get_context    (SyApplication *self);
void           sy_application_add_startup_problem (SyApplication *self,
                                                   const char    *message);

G_END_DECLS
