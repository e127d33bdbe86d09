/* sy-preferences-window.h: backends, timeouts, the API key and routing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_PREFERENCES_WINDOW (sy_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SyPreferencesWindow, sy_preferences_window, SY, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The context's router holds the rules Auto routes by, edited on the
 * Routing page. */
GtkWidget *sy_preferences_window_new (SyContext *context);

G_END_DECLS
