/* sy-rules-page.h: the routing rules and the shadow share, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_RULES_PAGE (sy_rules_page_get_type ())
G_DECLARE_FINAL_TYPE (SyRulesPage, sy_rules_page, SY, RULES_PAGE, AdwPreferencesPage)

/* Edits go to @router at once and are saved to sy_router_dup_default_path(). */
GtkWidget *sy_rules_page_new (SyContext *context);

G_END_DECLS
