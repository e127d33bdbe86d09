/* sy-adaptive-row.h: a row's text with its controls beside it, or below
 * it when there is no room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SY_TYPE_ADAPTIVE_ROW (sy_adaptive_row_get_type ())
G_DECLARE_FINAL_TYPE (SyAdaptiveRow, sy_adaptive_row, SY, ADAPTIVE_ROW, GtkWidget)

/* @main fills the width; @side keeps its natural width at the end. When
 * @main would get less than @main_min_width beside it, @side moves below
 * @main, so a 360 px window still fits the row. */
GtkWidget *sy_adaptive_row_new        (GtkWidget     *main,
                                       GtkWidget     *side,
                                       int            spacing,
                                       int            main_min_width);
gboolean   sy_adaptive_row_is_stacked (SyAdaptiveRow *self);

G_END_DECLS
