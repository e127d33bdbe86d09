/* sy-chat-page-items.c: the Chat page's message list: each item is a
 * SyChatItem, a message row or a compare view for a pair of replies
 * (sy-chat-page-item.ui)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-chat-page-private.h"

/* The rows know their message, not the page they are on. */
static SyChatPage *
page_of (GtkWidget *widget)
{
  return SY_CHAT_PAGE (gtk_widget_get_ancestor (widget, SY_TYPE_CHAT_PAGE));
}

/* An item's Regenerate: the item's message is the one it shows. */
static void
on_regenerate_cb (GtkWidget   *view,
                  GtkListItem *item)
{
  _sy_chat_page_regenerate_message (page_of (view), gtk_list_item_get_item (item));
}

static void
on_compare_rate_cb (GtkWidget   *view,
                    int          rating,
                    GtkListItem *item)
{
  _sy_chat_page_rate (page_of (view), gtk_list_item_get_item (item), rating);
}

GtkListItemFactory *
_sy_chat_page_new_message_factory (void)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "on_regenerate_cb", G_CALLBACK (on_regenerate_cb),
                                           "on_compare_rate_cb", G_CALLBACK (on_compare_rate_cb),
                                           NULL);

  return gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_PREFIX "/ui/sy-chat-page-item.ui");
}
