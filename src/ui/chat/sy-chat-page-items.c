/* sy-chat-page-items.c: the Chat page's message list: each item is a
 * message row, or a compare view for a pair of replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-chat-page-private.h"
#include "sy-compare-view.h"
#include "sy-message-row.h"

static void
on_row_regenerate_cb (SyMessageRow *row,
                      SyChatPage   *self)
{
  sy_chat_page_regenerate_message (self, sy_message_row_get_message (row));
}

static void
on_compare_regenerate_cb (SyCompareView *view,
                          SyChatPage    *self)
{
  sy_chat_page_regenerate_message (self, sy_compare_view_get_message (view));
}

static void
on_compare_rate_cb (SyCompareView *view,
                    int            rating,
                    SyChatPage    *self)
{
  sy_chat_page_rate (self, sy_compare_view_get_message (view), rating);
}

/* A list item holds a message row and a compare view; a reply with an
 * alternate shows as the pair when it is a compare pair or when the
 * person asked to see the shadow reply. */
typedef struct
{
  GtkWidget *row_clamp;
  GtkWidget *compare_clamp;
} ItemWidgets;

static ItemWidgets
item_widgets (GtkListItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  ItemWidgets widgets = { gtk_widget_get_first_child (box), gtk_widget_get_last_child (box) };

  return widgets;
}

static void
update_item (GtkListItem *item)
{
  ItemWidgets widgets = item_widgets (item);
  SyMessage *message = gtk_list_item_get_item (item);
  GtkWidget *row = adw_clamp_get_child (ADW_CLAMP (widgets.row_clamp));
  GtkWidget *view = adw_clamp_get_child (ADW_CLAMP (widgets.compare_clamp));
  gboolean pair = message != NULL && sy_message_get_alternate (message) != NULL &&
                  (sy_message_get_compare (message) || sy_message_get_show_alternate (message));

  sy_message_row_set_message (SY_MESSAGE_ROW (row), pair ? NULL : message);
  sy_compare_view_set_message (SY_COMPARE_VIEW (view), pair ? message : NULL);
  gtk_widget_set_visible (widgets.row_clamp, !pair);
  gtk_widget_set_visible (widgets.compare_clamp, pair);
}

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     SyChatPage               *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *row = sy_message_row_new ();
  GtkWidget *view = sy_compare_view_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 600);
  adw_clamp_set_child (ADW_CLAMP (clamp), row);
  gtk_box_append (GTK_BOX (box), clamp);
  g_signal_connect_object (row, "regenerate", G_CALLBACK (on_row_regenerate_cb), self, 0);

  /* Two replies need the room of two. */
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1000);
  adw_clamp_set_child (ADW_CLAMP (clamp), view);
  gtk_widget_set_visible (clamp, FALSE);
  gtk_box_append (GTK_BOX (box), clamp);
  g_signal_connect_object (view, "rate", G_CALLBACK (on_compare_rate_cb), self, 0);
  g_signal_connect_object (view, "regenerate", G_CALLBACK (on_compare_regenerate_cb), self, 0);

  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::show-alternate",
                           G_CALLBACK (update_item), item, G_CONNECT_SWAPPED);
  update_item (item);
}

static void
on_factory_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  ItemWidgets widgets = item_widgets (item);

  if (gtk_list_item_get_item (item) != NULL)
    g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_item, item);
  sy_message_row_set_message (SY_MESSAGE_ROW (adw_clamp_get_child (ADW_CLAMP (widgets.row_clamp))), NULL);
  sy_compare_view_set_message (SY_COMPARE_VIEW (adw_clamp_get_child (ADW_CLAMP (widgets.compare_clamp))), NULL);
}

GtkListItemFactory *
sy_chat_page_new_message_factory (SyChatPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (on_factory_setup_cb), self, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind_cb), NULL);

  return factory;
}
