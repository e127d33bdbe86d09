/* sy-wizard-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_WIZARD_PAGE (sy_wizard_page_get_type ())
G_DECLARE_FINAL_TYPE (SyWizardPage, sy_wizard_page, SY, WIZARD_PAGE, AdwBin)

/* Properties: context (construct-only); ops-hours-per-month and
 * ops-hourly-usd (double, read-only): question 4's upkeep, 0 unless it is
 * answered yes, for the cost model's ops inputs. */
GtkWidget *sy_wizard_page_new (SyContext *context);

G_END_DECLS
