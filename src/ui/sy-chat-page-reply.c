/* sy-chat-page-reply.c: sending a prompt from the Chat page and streaming
 * the reply into the conversation, measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"

#define TITLE_LENGTH 48

/* TRUE when @suggestion quotes a command (“ollama serve”) that @message
 * already quotes: the message carries that advice itself. */
static gboolean
repeats_advice (const char *message,
                const char *suggestion)
{
  const char *open = strstr (suggestion, "“");
  const char *close = open ? strstr (open, "”") : NULL;
  g_autofree char *quoted = NULL;

  if (close == NULL)
    return strstr (message, suggestion) != NULL;

  quoted = g_strndup (open, close - open);
  return strstr (message, quoted) != NULL;
}

static char *
error_text_for (const GError *error)
{
  const char *suggestion = sy_backend_error_get_suggestion (error);

  if (suggestion == NULL || repeats_advice (error->message, suggestion))
    return g_strdup (error->message);

  return g_strdup_printf ("%s\n%s", error->message, suggestion);
}

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             SyMessage    *reply)
{
  sy_message_append (reply, delta);
}

static void
finish_reply (SyChatPage *self)
{
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stream);
  g_clear_object (&self->reply);
  g_clear_object (&self->reply_conversation);

  /* After dispose the template widgets are gone. */
  if (!g_cancellable_is_cancelled (self->lifetime))
    sy_chat_page_update_view (self);
}

static void
on_stream_chat_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(SyChatResult) chat = NULL;
  g_autoptr(GError) error = NULL;
  SyMessage *reply = self->reply;
  const char *backend = SY_IS_OPENAI_BACKEND (object) ? "openai" : "ollama";

  chat = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &error);

  if (chat != NULL)
    {
      double cost = 0;

      /* Local replies cost nothing in API terms; the tokens still count. */
      if (SY_IS_OPENAI_BACKEND (object))
        cost = sy_chat_cost_for (sy_cost_model_get_price_table (self->cost_model),
                                 sy_message_get_model (reply), chat->model,
                                 chat->prompt_tokens, chat->completion_tokens);
      sy_message_set_content (reply, chat->text);
      sy_message_set_measurements (reply, backend, sy_message_get_model (reply), chat, cost);
      sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sy_message_set_content (reply, sy_chat_stream_get_text (self->stream));
      sy_message_set_state (reply, SY_MESSAGE_STATE_STOPPED, _("Stopped: the reply is incomplete"));
    }
  else
    {
      g_autofree char *text = error_text_for (error);
      const char *partial = sy_backend_error_get_partial_text (error);
      gboolean cut = g_error_matches (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CUT_OFF) ||
                     (g_error_matches (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_TIMEOUT) && partial != NULL);

      if (partial != NULL)
        sy_message_set_content (reply, partial);
      sy_message_set_state (reply, cut ? SY_MESSAGE_STATE_CUT_OFF : SY_MESSAGE_STATE_FAILED, text);

      if (g_error_matches (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CONNECTION_REFUSED) &&
          !SY_IS_OPENAI_BACKEND (object) && !g_cancellable_is_cancelled (self->lifetime))
        {
          self->ollama_reachable = FALSE;
          sy_chat_page_update_notice (self);
        }
    }

  sy_chat_page_save_conversation (self, self->reply_conversation);
  finish_reply (self);
}

void
sy_chat_page_start_reply (SyChatPage *self)
{
  GListModel *messages = sy_conversation_get_messages (self->conversation);
  g_autofree char *model = sy_chat_page_dup_selected_model (self);
  guint n = g_list_model_get_n_items (messages);

  self->stream = sy_chat_stream_new (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (messages, i);

      /* Failed replies are not part of what the model said. */
      if (sy_message_get_state (message) == SY_MESSAGE_STATE_FAILED ||
          *sy_message_get_content (message) == '\0')
        continue;
      sy_chat_stream_add_message (self->stream, sy_message_get_role (message), sy_message_get_content (message));
    }

  self->reply = sy_message_new ("assistant", NULL);
  sy_message_set_origin (self->reply, sy_chat_page_is_hosted (self) ? "openai" : "ollama", model);
  sy_message_set_state (self->reply, SY_MESSAGE_STATE_STREAMING, NULL);
  self->reply_conversation = g_object_ref (self->conversation);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->stream, "delta", G_CALLBACK (on_delta_cb), self->reply, 0);

  self->stick_to_bottom = TRUE;
  sy_conversation_add_message (self->conversation, self->reply);
  sy_backend_stream_chat_async (sy_chat_page_current_backend (self), self->stream, self->cancellable,
                                on_stream_chat_cb, g_object_ref (self));
  sy_chat_page_update_view (self);
}

static char *
make_title (const char *prompt)
{
  g_autofree char *line = g_strndup (prompt, strcspn (prompt, "\n"));

  if (g_utf8_strlen (line, -1) <= TITLE_LENGTH)
    return g_steal_pointer (&line);

  *g_utf8_offset_to_pointer (line, TITLE_LENGTH - 1) = '\0';
  return g_strconcat (line, "…", NULL);
}

void
sy_chat_page_send_prompt (SyChatPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  g_autoptr(SyMessage) prompt = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->cancellable != NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0')
    return;

  /* The key may just have been added in Preferences: look again. */
  if (sy_chat_page_is_hosted (self) && !self->have_api_key)
    {
      self->send_after_lookup = TRUE;
      sy_chat_page_lookup_api_key (self);
      return;
    }

  if (self->conversation == NULL)
    {
      g_autofree char *title = make_title (text);
      SyConversation *conversation = sy_conversation_store_create (self->store, title);
      g_autoptr(GtkListBoxRow) row = NULL;

      sy_chat_page_set_conversation (self, conversation);
      row = g_object_ref (gtk_list_box_get_row_at_index (self->conversation_list, 0));
      gtk_list_box_select_row (self->conversation_list, row);
    }
  else if (g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) == 0)
    {
      g_autofree char *title = make_title (text);

      sy_conversation_set_title (self->conversation, title);
    }

  prompt = sy_message_new ("user", text);
  sy_conversation_add_message (self->conversation, prompt);
  gtk_text_buffer_set_text (buffer, "", 0);

  /* Saved before the reply starts: a crash loses only the reply. */
  sy_chat_page_save_conversation (self, self->conversation);
  sy_chat_page_start_reply (self);
}
