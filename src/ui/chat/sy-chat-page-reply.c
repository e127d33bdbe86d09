/* sy-chat-page-reply.c: sending a prompt from the Chat page and streaming
 * the reply into the conversation, measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"
#include "sy-speed-store.h"

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

/* A delta is what one read of the socket brought (thousands of tokens
 * when a local server is fast): the view and the conversation hear once
 * a read. */
static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             SyChatPage   *self)
{
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    if (self->streams[i] == stream)
      sy_message_append (self->replies[i], delta);
}

static void
finish_reply (SyChatPage *self)
{
  g_clear_object (&self->cancellable);
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      g_clear_object (&self->streams[i]);
      g_clear_object (&self->replies[i]);
    }
  g_clear_pointer (&self->record, sy_pilot_record_free);
  g_clear_object (&self->reply_conversation);
  self->turn_cancelled = FALSE;

  /* After dispose the template widgets are gone. */
  if (!g_cancellable_is_cancelled (self->lifetime))
    _sy_chat_page_update_view (self);
}

/* Both replies of a compare or shadow turn ended: into the pilot log. */
static void
log_record (SyChatPage *self)
{
  g_autoptr(GError) error = NULL;
  SyMessage *primary = NULL;

  /* Stopped halfway, the measurements would skew the summary. */
  if (self->record == NULL || self->turn_cancelled)
    return;

  if (!sy_pilot_log_append (self->pilot_log, self->record, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not add to the pilot log: %s"), error->message);

      g_warning ("%s", text);
      _sy_chat_page_show_toast (self, text);
      return;
    }

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    if (self->replies[i] != NULL && sy_message_get_alternate (self->replies[i]) != NULL)
      primary = self->replies[i];
  if (primary != NULL)
    sy_message_set_pilot_id (primary, self->record->id);
}

typedef struct
{
  SyChatPage     *self;
  SyRouteBackend  side;
} SideData;

static void
on_stream_chat_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SideData *side = user_data;
  g_autoptr(SyChatPage) self = side->self;
  g_autoptr(SyChatResult) chat = NULL;
  g_autoptr(GError) error = NULL;
  SyMessage *reply = self->replies[side->side];
  const char *backend = SY_IS_OPENAI_BACKEND (object) ? "openai" : "ollama";
  SyPriceTable *prices = sy_cost_model_get_price_table (self->cost_model);

  chat = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &error);

  if (chat != NULL)
    {
      double cost = 0;

      /* Local replies cost nothing in API terms; the tokens still count. */
      if (SY_IS_OPENAI_BACKEND (object))
        cost = sy_chat_cost_for (prices, sy_message_get_model (reply), chat->model,
                                 chat->prompt_tokens, chat->completion_tokens);
      sy_message_set_content (reply, chat->text);
      sy_message_set_measurements (reply, backend, sy_message_get_model (reply), chat, cost);
      /* The measured speed replaces the Models page's prediction for
       * this machine's GPU: only a server on this machine measured it. */
      if (!SY_IS_OPENAI_BACKEND (object))
        {
          g_autofree char *url = sy_backend_dup_base_url (SY_BACKEND (object));

          if (sy_backend_url_is_this_machine (url))
            sy_speed_store_record_local_reply (sy_message_get_model (reply), chat->tokens_per_second);
        }
      sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->turn_cancelled = TRUE;
      sy_message_set_content (reply, sy_chat_stream_get_text (self->streams[side->side]));
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
        _sy_chat_page_set_ollama_reachable (self, FALSE);
    }

  if (self->record != NULL)
    sy_pilot_record_set_reply (self->record, side->side, backend, sy_message_get_model (reply),
                               chat, error, prices);
  g_free (side);

  /* The other reply of the pair is still coming. */
  if (--self->n_pending > 0)
    return;

  log_record (self);
  _sy_chat_page_save_conversation (self, self->reply_conversation);
  finish_reply (self);
}

/* The prompt the next reply answers: the conversation's last user message. */
static char *
dup_last_prompt (SyConversation *conversation)
{
  GListModel *messages = sy_conversation_get_messages (conversation);

  for (guint i = g_list_model_get_n_items (messages); i > 0; i--)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (messages, i - 1);

      if (g_strcmp0 (sy_message_get_role (message), "user") == 0)
        return g_strdup (sy_message_get_content (message));
    }

  return NULL;
}

static SyChatStream *
new_stream (SyConversation *conversation,
            const char     *model)
{
  GListModel *messages = sy_conversation_get_messages (conversation);
  SyChatStream *stream = sy_chat_stream_new (model);
  guint n = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (messages, i);
      const char *content = sy_message_is_reply (message) ? sy_message_get_history_content (message)
                                                         : sy_message_get_content (message);

      /* Failed replies are not part of what the model said. */
      if (sy_message_get_state (message) == SY_MESSAGE_STATE_FAILED || *content == '\0')
        continue;
      sy_chat_stream_add_message (stream, sy_message_get_role (message), content);
    }

  return stream;
}

void
_sy_chat_page_start_reply (SyChatPage *self)
{
  g_autofree char *prompt = dup_last_prompt (self->conversation);
  g_autoptr(SyRoutePlan) plan = NULL;
  SyMessage *primary;

  if (self->cancellable != NULL || (plan = _sy_chat_page_plan (self, prompt)) == NULL)
    return;
  sy_route_plan_add_shadow (plan, g_settings_get_uint (self->settings, "pilot-shadow-share"),
                            self->have_api_key, self->rand);

  self->reply_conversation = g_object_ref (self->conversation);
  self->cancellable = g_cancellable_new ();
  self->turn_cancelled = FALSE;

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      if (!plan->send[i])
        continue;

      self->streams[i] = new_stream (self->conversation, plan->models[i]);
      self->replies[i] = sy_message_new ("assistant", NULL);
      sy_message_set_origin (self->replies[i], i == SY_ROUTE_BACKEND_API ? "openai" : "ollama", plan->models[i]);
      sy_message_set_state (self->replies[i], SY_MESSAGE_STATE_STREAMING, NULL);
      g_signal_connect_object (self->streams[i], "delta", G_CALLBACK (on_delta_cb), self, 0);
      self->n_pending++;
    }

  primary = self->replies[plan->primary];
  if (plan->decision != NULL)
    sy_message_set_route (primary, plan->decision->klass, plan->decision->backend, plan->overridden,
                          plan->decision->estimated_cost_usd);
  if (self->n_pending > 1)
    {
      sy_message_set_alternate (primary, self->replies[sy_route_plan_get_other (plan)], plan->compare);
      self->record = sy_pilot_record_new (prompt);
    }

  self->stick_to_bottom = TRUE;
  sy_conversation_add_message (self->conversation, primary);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      SideData *side;

      if (!plan->send[i])
        continue;
      side = g_new0 (SideData, 1);
      side->self = g_object_ref (self);
      side->side = i;
      /* Read here, between frames: read on a thread of its own, a fast
       * reply's end came no sooner on two cores, and the stalls were
       * longer (measured in sessions 6 to 8; README, issue #13). */
      sy_backend_stream_chat_async (_sy_chat_page_get_backend (self, i), self->streams[i], self->cancellable,
                                    on_stream_chat_cb, side);
    }

  /* One message at a time: the chooser goes back to Auto. */
  _sy_chat_page_set_route_override (self, "auto");
  _sy_chat_page_update_view (self);
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
_sy_chat_page_send_text (SyChatPage *self,
                         const char *text)
{
  g_autoptr(SyMessage) prompt = NULL;

  if (self->cancellable != NULL || text == NULL || *text == '\0')
    return;

  if (self->conversation == NULL)
    {
      g_autofree char *title = make_title (text);
      SyConversation *conversation = sy_conversation_store_create (self->store, title);

      _sy_chat_page_select_conversation (self, conversation);
    }
  else if (g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) == 0)
    {
      g_autofree char *title = make_title (text);

      sy_conversation_set_title (self->conversation, title);
    }

  prompt = sy_message_new ("user", text);
  sy_conversation_add_message (self->conversation, prompt);

  /* Saved before the reply starts: a crash loses only the reply. */
  _sy_chat_page_save_conversation (self, self->conversation);
  _sy_chat_page_start_reply (self);
}
