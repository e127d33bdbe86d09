/* sy-option-dialog.h: add or edit a local inference option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-cost-model.h"

G_BEGIN_DECLS

#define SY_TYPE_OPTION_DIALOG (sy_option_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SyOptionDialog, sy_option_dialog, SY, OPTION_DIALOG, AdwWindow)

/* @option NULL: a new option, added to @model on Save. Otherwise the
 * option's figures change only on Save; Cancel leaves it as it was. */
GtkWidget *sy_option_dialog_new (SyCostModel       *model,
                                 SyInferenceOption *option);

G_END_DECLS
