/* sy-context.h: what the pages share
 *
 * One context is built by SyApplication and handed to every page as its
 * "context" property, so that the Decide page, the Costs page, Chat and the
 * Pilot Summary look at the same settings, prices, cost model, routing rules
 * and pilot log, and no page opens GSettings on its own. Modelled on GNOME
 * Calendar's GcalContext; no GTK here, so tests and the CLI can build one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-cost-model.h"
#include "sy-pilot.h"
#include "sy-price-table.h"
#include "sy-router.h"

G_BEGIN_DECLS

#define SY_TYPE_CONTEXT (sy_context_get_type ())
G_DECLARE_FINAL_TYPE (SyContext, sy_context, SY, CONTEXT, GObject)

/* Built-in prices and rules, a cost model bound to @settings (NULL: the
 * app's own schema) and a pilot log at its default path. Reads no file.
 * Tests pass their own parts as construct properties instead
 * ("settings", "cost-model", "router", "pilot-log"); a cost model passed in
 * is used as it is, not bound to the settings. */
SyContext    *sy_context_new            (GSettings    *settings);
/* As sy_context_new(), with the user's saved prices and routing rules
 * read first. A file that cannot be read leaves the defaults in place and
 * adds one message to @problems (may be NULL) for the window to show. */
SyContext    *sy_context_load           (GSettings    *settings,
                                         GStrvBuilder *problems);

GSettings    *sy_context_get_settings   (SyContext    *self);
SyPriceTable *sy_context_get_prices     (SyContext    *self);
SyCostModel  *sy_context_get_cost_model (SyContext    *self);
SyRouter     *sy_context_get_router     (SyContext    *self);
SyPilotLog   *sy_context_get_pilot_log  (SyContext    *self);

G_END_DECLS
