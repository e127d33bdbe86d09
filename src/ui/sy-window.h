/* sy-window.h: the main window, one page per question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_WINDOW (sy_window_get_type ())
G_DECLARE_FINAL_TYPE (SyWindow, sy_window, SY, WINDOW, AdwApplicationWindow)

SyWindow    *sy_window_new            (AdwApplication *application,
                                       SyContext      *context);
void         sy_window_show_page      (SyWindow       *self,
                                       const char     *name);
/* "decide", "costs", "models"; also the action win.show-page (s). */
const char  *sy_window_get_visible_page (SyWindow     *self);
/* The page called @name, built now if it has not been shown yet. */
GtkWidget   *sy_window_get_page       (SyWindow       *self,
                                       const char     *name);
void         sy_window_add_toast      (SyWindow       *self,
                                       AdwToast       *toast);
/* The Pilot Summary window (action win.pilot-summary), NULL while closed. */
GtkWidget   *sy_window_get_pilot_view (SyWindow       *self);
/* The header shows "Switchyard" (beside the switcher, or alone with the
 * switcher in the bottom bar). */
gboolean     sy_window_get_name_visible       (SyWindow *self);
gboolean     sy_window_get_switcher_at_bottom (SyWindow *self);

G_END_DECLS
