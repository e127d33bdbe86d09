/* sy-option-row.h: one local option in the Costs page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-inference-option.h"

G_BEGIN_DECLS

#define SY_TYPE_OPTION_ROW (sy_option_row_get_type ())
G_DECLARE_FINAL_TYPE (SyOptionRow, sy_option_row, SY, OPTION_ROW, AdwActionRow)

/* @settings holds the pilot's measured-inputs, which mark figures as measured. */
GtkWidget         *sy_option_row_new        (SyInferenceOption *option,
                                             GSettings         *settings);
SyInferenceOption *sy_option_row_get_option (SyOptionRow       *self);
/* Shows the figures again after the pilot's measurements changed. */
void               sy_option_row_update     (SyOptionRow       *self);

G_END_DECLS
