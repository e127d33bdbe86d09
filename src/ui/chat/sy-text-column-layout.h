/* sy-text-column-layout.h: children stacked top to bottom, each as tall
 * as it is at the column's width; the width itself not asked of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SY_TYPE_TEXT_COLUMN_LAYOUT (sy_text_column_layout_get_type ())
G_DECLARE_FINAL_TYPE (SyTextColumnLayout, sy_text_column_layout, SY, TEXT_COLUMN_LAYOUT, GtkLayoutManager)

GtkLayoutManager *sy_text_column_layout_new               (void);
void              sy_text_column_layout_set_measure_width (SyTextColumnLayout *self,
                                                           gboolean            measure_width);

G_END_DECLS
