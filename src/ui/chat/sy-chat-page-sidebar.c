/* sy-chat-page-sidebar.c: the Chat page's list of conversations and its
 * search
 *
 * A search matches titles at once, on the main thread; the text of
 * thousands of conversations is searched on a worker, in the store's
 * folded copy, and the matches join the list when it answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-chat-page-private.h"
#include "sy-format.h"

/* "Today 14:02" rather than "12/05/26", which reads two ways. */
static char *
created_text (GtkListItem    *item,
              SyConversation *conversation)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (conversation == NULL)
    return NULL;

  created = g_date_time_new_from_unix_local (sy_conversation_get_created (conversation));
  now = g_date_time_new_now_local ();

  return created ? sy_format_relative_date (created, now) : NULL;
}

static gboolean
matches (gpointer item,
         gpointer user_data)
{
  SyChatPage *self = user_data;
  SyConversation *conversation = item;
  g_autofree char *title = NULL;

  if (self->search_folded == NULL)
    return TRUE;

  if (self->text_matches != NULL && g_hash_table_contains (self->text_matches, conversation))
    return TRUE;

  title = g_utf8_casefold (sy_conversation_get_title (conversation), -1);
  return strstr (title, self->search_folded) != NULL;
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = sy_conversation_store_search_finish (SY_CONVERSATION_STORE (source), result, &error);
  if (found == NULL)
    return;  /* cancelled: the text changed or the page went */

  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->text_matches, g_hash_table_unref);
  self->text_matches = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  for (guint i = 0; i < found->len; i++)
    g_hash_table_add (self->text_matches, g_object_ref (g_ptr_array_index (found, i)));

  /* Only more can match: the titles already do. */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
}

/* The list view keeps up to 200 rows around what it shows: rows made in
 * code cost a fraction of rows parsed from a template, which at the
 * first listing of thousands of conversations stalled the window. */
static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = g_object_new (GTK_TYPE_LABEL, "ellipsize", PANGO_ELLIPSIZE_END, "xalign", 0.0f, NULL);
  GtkWidget *created = g_object_new (GTK_TYPE_LABEL, "xalign", 0.0f, NULL);

  gtk_widget_add_css_class (created, "caption");
  gtk_widget_add_css_class (created, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), created);
  gtk_list_item_set_child (item, box);
}

static void
drop_binding (gpointer binding)
{
  g_binding_unbind (binding);
  g_object_unref (binding);
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  SyConversation *conversation = gtk_list_item_get_item (item);
  GtkWidget *title = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *created = created_text (item, conversation);

  /* Renaming changes the title under the row. */
  g_object_set_data_full (G_OBJECT (item), "sy-title-binding",
                          g_object_ref (g_object_bind_property (conversation, "title", title, "label",
                                                                G_BINDING_SYNC_CREATE)),
                          drop_binding);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), created ? created : "");
}

static void
on_unbind_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  g_object_set_data (G_OBJECT (item), "sy-title-binding", NULL);
}

GtkListItemFactory *
_sy_chat_page_new_conversation_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind_row_cb), NULL);

  return factory;
}

void
_sy_chat_page_init_sidebar (SyChatPage *self)
{
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  gtk_filter_list_model_set_filter (self->conversation_filter, GTK_FILTER (self->filter));
  /* Filtering thousands of titles is quick, but it need not hold up a
   * keystroke either. */
  gtk_filter_list_model_set_incremental (self->conversation_filter, FALSE);
}

void
_sy_chat_page_search (SyChatPage *self,
                      const char *text)
{
  g_autofree char *folded = text != NULL && *text != '\0' ? g_utf8_casefold (text, -1) : NULL;

  if (g_strcmp0 (folded, self->search_folded) == 0)
    return;

  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->text_matches, g_hash_table_unref);
  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);

  /* Titles now; the text when the worker answers. */
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->search_folded == NULL)
    return;

  self->search_cancellable = g_cancellable_new ();
  sy_conversation_store_search_async (self->store, text, self->search_cancellable,
                                      on_search_done_cb, g_object_ref (self));
}

gboolean
_sy_chat_page_get_searching (SyChatPage *self)
{
  return self->search_cancellable != NULL;
}

void
_sy_chat_page_finish_sidebar (SyChatPage *self)
{
  if (self->search_cancellable != NULL)
    g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->text_matches, g_hash_table_unref);
  g_clear_pointer (&self->search_folded, g_free);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->filter);
}
