/* sy-columns.h: two columns side by side, stacked when the window is narrow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SY_TYPE_COLUMNS (sy_columns_get_type ())
G_DECLARE_FINAL_TYPE (SyColumns, sy_columns, SY, COLUMNS, GtkWidget)

/* The first child is the start column (fixed width when wide), the second
 * fills the rest. Below the threshold width the two stack vertically, so a
 * phone-sized window (360 px) still shows everything. Put it in a
 * GtkScrolledWindow and give it two GtkScrolledWindows with
 * propagate-natural-height: side by side each column scrolls on its own,
 * stacked the outer one scrolls the page. */
GtkWidget *sy_columns_new            (void);
gboolean   sy_columns_get_stacked    (SyColumns *self);

G_END_DECLS
