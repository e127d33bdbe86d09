/* sy-toast.h: toasts that show text as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* libadwaita 1.2 reads a toast's title as Pango markup: a file name or a
 * server's message with "<" or "&" would vanish. These escape it. */
AdwToast *sy_toast_new       (const char *text);
/* Adds a toast to the nearest AdwToastOverlay above @widget; returns it
 * (owned by the overlay) or NULL when there is none. */
AdwToast *sy_toast_show      (GtkWidget  *widget,
                              const char *text);

G_END_DECLS
