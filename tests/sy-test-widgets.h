/* sy-test-widgets.h: finding a widget in a window the way a test means it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether @widget is the one looked for */
typedef gboolean (*SyTestWidgetMatch) (GtkWidget *widget,
                                       gpointer   data);

/* The first widget under @root (@root included), depth first, that
 * @match accepts, or NULL. */
GtkWidget *sy_test_find_widget         (GtkWidget         *root,
                                        SyTestWidgetMatch  match,
                                        gpointer           data);
/* The first of @type under @root, @root included, or NULL. */
GtkWidget *sy_test_find_widget_of_type (GtkWidget         *root,
                                        GType              type);

/* The first visible toplevel window of @type (a dialog the code under test
 * opened), or NULL. */
GtkWindow *sy_test_find_toplevel       (GType              type);

G_END_DECLS
