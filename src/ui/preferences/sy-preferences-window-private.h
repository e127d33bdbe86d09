/* sy-preferences-window-private.h: what the widget test reaches into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-preferences-window.h"
#include "sy-rules-page.h"

G_BEGIN_DECLS

/* The local server's URL row (@local) or the hosted API's. */
AdwEntryRow *sy_preferences_window_get_url_row (SyPreferencesWindow *self,
                                                gboolean             local);
SyRulesPage *sy_preferences_window_get_rules_page (SyPreferencesWindow *self);

G_END_DECLS
