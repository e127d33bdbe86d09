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
/* @message: a reply with an alternate. Blind (SPEC §5): the two replies
 * show as A (left, or on top) and B in a random order, kept on @message;
 * backend and model appear once it is rated. ::rate carries the true
 * sides (SY_PILOT_RATING_A: local better), whatever was shown where.
 * NULL unbinds. */
void       sy_compare_view_set_message      (SyCompareView *self,
                                             SyMessage     *message);
SyMessage *sy_compare_view_get_message      (SyCompareView *self);
/* TRUE while the replies are side by side (the last allocation). */
gboolean   sy_compare_view_get_side_by_side (SyCompareView *self);

/* For the widget tests */
/* The button that stores @rating (A: local better), wherever it shows. */
GtkWidget *sy_compare_view_get_rating_button (SyCompareView *self,
                                              SyPilotRating  rating);
/* The button labelled @label: A is the left (top) reply, B the other. */
GtkWidget *sy_compare_view_get_labelled_button (SyCompareView *self,
                                                SyPilotRating  label);
/* The column showing @side's reply. */
GtkWidget *sy_compare_view_get_column        (SyCompareView *self,
                                              SyRouteBackend side);
gboolean   sy_compare_view_get_local_on_right (SyCompareView *self);
/* Draws the order from @seed from now on (the app: a random seed, or
 * $SWITCHYARD_COMPARE_SEED). A message keeps the order it got first. */
void       sy_compare_view_set_seed          (SyCompareView *self,
                                              guint32        seed);

G_END_DECLS
