/* sy-tooltip.c: tooltips set without asking the display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sy-tooltip.h"

void
sy_tooltip_set_text (GtkWidget  *widget,
                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* Each set, even of the same text, asks the display where the pointer
   * is (below): a row bound again while scrolling would ask each time.
   * GTK keeps "" as no tooltip. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text != NULL && *text != '\0' ? text : NULL) == 0)
    return;

  /* GTK 4.8 answers a new tooltip on a visible widget by asking where the
   * pointer is (a round trip to the X server) and only then finds that a
   * widget in no window has no tooltip on screen to update. Rows built a
   * few dozen at a time paid that per tooltip: a tenth of building the
   * Models page's list. A hidden widget is not asked about. */
  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    {
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
      return;
    }
  gtk_widget_set_tooltip_text (widget, text);
}
