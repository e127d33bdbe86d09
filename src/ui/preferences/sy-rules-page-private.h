/* sy-rules-page-private.h: what the widget test reaches into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-rules-page.h"

G_BEGIN_DECLS

AdwEntryRow   *sy_rules_page_get_try_row          (SyRulesPage  *self);
/* What the "try a sentence" rows show; NULL while the box is empty. */
const char    *sy_rules_page_get_class_text       (SyRulesPage  *self);
const char    *sy_rules_page_get_route_text       (SyRulesPage  *self);
const char    *sy_rules_page_get_reason_text      (SyRulesPage  *self);
/* The keyword row of the simple or complex class (NULL for medium). */
AdwEntryRow   *sy_rules_page_get_keywords_row     (SyRulesPage  *self,
                                                   SyRouteClass  klass);
AdwEntryRow   *sy_rules_page_get_model_row        (SyRulesPage  *self,
                                                   SyRouteClass  klass);
AdwComboRow   *sy_rules_page_get_backend_row      (SyRulesPage  *self,
                                                   SyRouteClass  klass);
GtkSpinButton *sy_rules_page_get_length_spin      (SyRulesPage  *self);
GtkSpinButton *sy_rules_page_get_shadow_spin      (SyRulesPage  *self);
/* What the confirmation's "Reset" does. */
void           sy_rules_page_reset                (SyRulesPage  *self);
/* The message of the last failed save, NULL after a good one. */
const char    *sy_rules_page_get_save_error       (SyRulesPage  *self);

G_END_DECLS
