/* sy-chat-page-items.c: the Chat page's message list: each item is a
 * message row, or a compare view for a pair of replies
 * (sy-chat-page-item.ui)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-chat-page-private.h"

/* A reply with an alternate shows as the pair when it is a compare pair
 * or when the person asked to see the shadow reply. @show_alternate is
 * there so that the item's expressions watch it. */
static gboolean
is_pair (GtkListItem *item,
         SyMessage   *message,
         gboolean     show_alternate)
{
  return message != NULL && sy_message_get_alternate (message) != NULL &&
         (sy_message_get_compare (message) || show_alternate);
}

static gboolean
is_single (GtkListItem *item,
           SyMessage   *message,
           gboolean     show_alternate)
{
  return !is_pair (item, message, show_alternate);
}

static SyMessage *
single_message (GtkListItem *item,
                SyMessage   *message,
                gboolean     show_alternate)
{
  return is_pair (item, message, show_alternate) || message == NULL ? NULL : g_object_ref (message);
}

static SyMessage *
paired_message (GtkListItem *item,
                SyMessage   *message,
                gboolean     show_alternate)
{
  return is_pair (item, message, show_alternate) ? g_object_ref (message) : NULL;
}

/* The rows know their message, not the page they are on. */
static SyChatPage *
page_of (GtkWidget *widget)
{
  return SY_CHAT_PAGE (gtk_widget_get_ancestor (widget, SY_TYPE_CHAT_PAGE));
}

/* A message row's or compare view's Regenerate: the item's message is the
 * one it shows. */
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
                                           "is_pair", G_CALLBACK (is_pair),
                                           "is_single", G_CALLBACK (is_single),
                                           "single_message", G_CALLBACK (single_message),
                                           "paired_message", G_CALLBACK (paired_message),
                                           "on_regenerate_cb", G_CALLBACK (on_regenerate_cb),
                                           "on_compare_rate_cb", G_CALLBACK (on_compare_rate_cb),
                                           NULL);

  return gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_PREFIX "/ui/sy-chat-page-item.ui");
}
