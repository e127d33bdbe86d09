/* sy-compare-view.h: a prompt's local and API replies side by side, rated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-conversation.h"

G_BEGIN_DECLS

/* Narrower than this, the two replies stack. */
#define SY_COMPARE_VIEW_STACK_BELOW 600

#define SY_TYPE_COMPARE_VIEW (sy_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (SyCompareView, sy_compare_view, SY, COMPARE_VIEW, GtkWidget)

/* SyCompareView::rate (SyPilotRating rating): A, B or tie was chosen.
 * SyCompareView::regenerate: ask both again. */

GtkWidget *sy_compare_view_new              (void);
/* @message: a reply with an alternate; the local reply is always A, on
 * the left (or on top), whichever of the two @message is. NULL unbinds. */
void       sy_compare_view_set_message      (SyCompareView *self,
                                             SyMessage     *message);
SyMessage *sy_compare_view_get_message      (SyCompareView *self);
/* TRUE while the replies are side by side (the last allocation). */
gboolean   sy_compare_view_get_side_by_side (SyCompareView *self);

/* For the widget test */
GtkWidget *sy_compare_view_get_rating_button (SyCompareView *self,
                                              SyPilotRating  rating);
/* @side: SY_ROUTE_BACKEND_LOCAL (A) or SY_ROUTE_BACKEND_API (B) */
GtkWidget *sy_compare_view_get_column        (SyCompareView *self,
                                              SyRouteBackend side);

G_END_DECLS
