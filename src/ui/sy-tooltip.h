/* sy-tooltip.h: tooltips set without asking the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), minus the question to the display it
 * asks: nothing for the text the widget already has, and for a widget
 * in no window yet (a row being built) no question. */
void sy_tooltip_set_text (GtkWidget  *widget,
                          const char *text);

G_END_DECLS
