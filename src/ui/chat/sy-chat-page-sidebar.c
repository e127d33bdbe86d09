/* sy-chat-page-sidebar.c: the Chat page's list of conversations and its
 * search (sy-chat-page-conversation.ui for a row)
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

GtkListItemFactory *
_sy_chat_page_new_conversation_factory (void)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "created_text", G_CALLBACK (created_text),
                                           NULL);

  return gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_PREFIX "/ui/sy-chat-page-conversation.ui");
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
