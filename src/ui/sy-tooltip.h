/* sy-tooltip.h: tooltips set without asking the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), minus a question to the display for a
 * widget in no window yet (a row being built). */
void sy_tooltip_set_text (GtkWidget  *widget,
                          const char *text);

G_END_DECLS
