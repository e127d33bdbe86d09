/* fuzz-conversation.c: the conversation file loader on arbitrary bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "sy-conversation.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  GListModel *messages;

  /* What sy_conversation_store_load() does with a file's contents. */
  conversation = sy_conversation_new_from_json ((const char *) data, size, &error);
  if (conversation == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }

  /* Whatever loaded must be usable: totals, and a save that loads back. */
  messages = sy_conversation_get_messages (conversation);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (messages, i);

      (void) sy_message_get_content (message);
      (void) sy_message_get_error_text (message);
    }
  (void) sy_conversation_get_total_cost (conversation);
  (void) sy_conversation_get_total_tokens (conversation);

  again = sy_conversation_to_json (conversation);
  g_clear_object (&conversation);
  conversation = sy_conversation_new_from_json (again, -1, NULL);
  if (conversation == NULL)
    __builtin_trap ();

  return 0;
}
