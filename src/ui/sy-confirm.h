/* sy-confirm.h: ask before something that cannot be undone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called once with the answer, and not at all when @widget is gone first. */
typedef void (*SyConfirmFunc) (GtkWidget *widget,
                               gboolean   confirmed);

/* A message dialog over @widget's window with Cancel (the default, and
 * what Escape answers) and a destructive @label whose response id is
 * @response (tests answer with it). @body may be NULL. */
void sy_confirm_destructive (GtkWidget     *widget,
                             const char    *heading,
                             const char    *body,
                             const char    *response,
                             const char    *label,
                             SyConfirmFunc  func);

G_END_DECLS
