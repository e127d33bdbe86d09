/* sy-preferences-window.h: backends, timeouts and the API key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SY_TYPE_PREFERENCES_WINDOW (sy_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SyPreferencesWindow, sy_preferences_window, SY, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *sy_preferences_window_new (GSettings *settings);

G_END_DECLS
