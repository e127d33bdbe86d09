/* sy-chat-item.h: one item of the Chat page's message list, a message row
 * or, for a compare pair, a compare view made when first needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-conversation.h"

G_BEGIN_DECLS

#define SY_TYPE_CHAT_ITEM (sy_chat_item_get_type ())
G_DECLARE_FINAL_TYPE (SyChatItem, sy_chat_item, SY, CHAT_ITEM, GtkWidget)

/* SyChatItem::regenerate: the message row's or compare view's Regenerate.
 * SyChatItem::rate (SyPilotRating rating): a compare pair was rated. */

GtkWidget *sy_chat_item_new         (void);
/* NULL unbinds (the list view recycles items). */
void       sy_chat_item_set_message (SyChatItem *self,
                                     SyMessage  *message);
SyMessage *sy_chat_item_get_message (SyChatItem *self);
/* TRUE once the item has made its compare view, for the widget test */
gboolean   sy_chat_item_has_compare_view (SyChatItem *self);

G_END_DECLS
