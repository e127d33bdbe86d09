/* sy-pilot-view.h: the pilot summary, its CSV export and "use these numbers"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_PILOT_VIEW (sy_pilot_view_get_type ())
G_DECLARE_FINAL_TYPE (SyPilotView, sy_pilot_view, SY, PILOT_VIEW, AdwWindow)

/* Reads the context's pilot log again (sy_pilot_log_load) and follows its
 * "changed". SyPilotView::numbers-used (AdwToast *toast) is emitted
 * after "Use these numbers" changed the context's cost model, just before
 * the view closes: the main window shows the Costs page and @toast (take
 * a reference), whose Undo button puts the old values back. */
GtkWidget *sy_pilot_view_new (SyContext *context);

G_END_DECLS
