/* sy-conversation.h: chat conversations, their messages and the store on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-backend.h"
#include "sy-pilot.h"
#include "sy-price-table.h"
#include "sy-router.h"

G_BEGIN_DECLS

/* Messages --------------------------------------------------------------- */

typedef enum
{
  SY_MESSAGE_STATE_COMPLETE,
  SY_MESSAGE_STATE_STREAMING,  /* the reply is arriving now */
  SY_MESSAGE_STATE_STOPPED,    /* the person pressed Stop: partial text kept */
  SY_MESSAGE_STATE_CUT_OFF,    /* the server stopped early: partial text kept */
  SY_MESSAGE_STATE_FAILED,     /* an error; see the error text */
} SyMessageState;

#define SY_TYPE_MESSAGE (sy_message_get_type ())
G_DECLARE_FINAL_TYPE (SyMessage, sy_message, SY, MESSAGE, GObject)

/* @role is "user", "assistant" or "system". */
SyMessage      *sy_message_new                   (const char         *role,
                                                  const char         *content);
const char     *sy_message_get_role              (SyMessage          *self);
gboolean        sy_message_is_reply              (SyMessage          *self);
const char     *sy_message_get_content           (SyMessage          *self);
void            sy_message_set_content           (SyMessage          *self,
                                                  const char         *content);
/* Streaming: appends and notifies "content" once per call. */
void            sy_message_append                (SyMessage          *self,
                                                  const char         *delta);
SyMessageState  sy_message_get_state             (SyMessage          *self);
/* @error_text is what the person reads (message and suggestion), or NULL. */
void            sy_message_set_state             (SyMessage          *self,
                                                  SyMessageState      state,
                                                  const char         *error_text);
const char     *sy_message_get_error_text        (SyMessage          *self);
/* TRUE for a reply that ended early (stopped or cut off). */
gboolean        sy_message_get_cut_off           (SyMessage          *self);

/* Measurements of a reply; "measured" is notified when they change. */
void            sy_message_set_measurements      (SyMessage          *self,
                                                  const char         *backend,
                                                  const char         *model,
                                                  const SyChatResult *result,
                                                  double              cost_usd);
gboolean        sy_message_get_measured          (SyMessage          *self);
/* "ollama" or "openai" */
const char     *sy_message_get_backend           (SyMessage          *self);
const char     *sy_message_get_model             (SyMessage          *self);
void            sy_message_set_origin            (SyMessage          *self,
                                                  const char         *backend,
                                                  const char         *model);
double          sy_message_get_ttft              (SyMessage          *self);
double          sy_message_get_tokens_per_second (SyMessage          *self);
gint64          sy_message_get_prompt_tokens     (SyMessage          *self);
gint64          sy_message_get_completion_tokens (SyMessage          *self);
gboolean        sy_message_get_usage_estimated   (SyMessage          *self);
/* USD; negative when the model has no price. */
double          sy_message_get_cost              (SyMessage          *self);

/* Auto routing: how the reply was routed, set before it is sent. The
 * route's model is the reply's model. @overridden: the person chose the
 * backend for this one message. */
void            sy_message_set_route             (SyMessage          *self,
                                                  SyRouteClass        klass,
                                                  SyRouteBackend      backend,
                                                  gboolean            overridden,
                                                  double              estimated_cost_usd);
/* FALSE for replies not sent through Auto (and for older files). */
gboolean        sy_message_get_routed            (SyMessage          *self);
SyRouteClass    sy_message_get_route_class       (SyMessage          *self);
SyRouteBackend  sy_message_get_route_backend     (SyMessage          *self);
gboolean        sy_message_get_route_overridden  (SyMessage          *self);
/* SPEC's word-count estimate before sending, USD. */
double          sy_message_get_estimated_cost    (SyMessage          *self);

/* The other backend's reply to the same prompt: the B side of a compare
 * pair (@compare TRUE: shown side by side, this message is A), or a
 * shadow reply (@compare FALSE: measured, shown only when asked). */
void            sy_message_set_alternate         (SyMessage          *self,
                                                  SyMessage          *alternate,
                                                  gboolean            compare);
SyMessage      *sy_message_get_alternate         (SyMessage          *self);
gboolean        sy_message_get_compare           (SyMessage          *self);
/* Not saved: whether a shadow reply is shown ("show-alternate"). */
gboolean        sy_message_get_show_alternate    (SyMessage          *self);
void            sy_message_set_show_alternate    (SyMessage          *self,
                                                  gboolean            show);
/* The pilot log record of the pair, and its rating ("rating" notified). */
const char     *sy_message_get_pilot_id          (SyMessage          *self);
void            sy_message_set_pilot_id          (SyMessage          *self,
                                                  const char         *pilot_id);
SyPilotRating   sy_message_get_rating            (SyMessage          *self);
void            sy_message_set_rating            (SyMessage          *self,
                                                  SyPilotRating       rating);
/* The text the next request continues from: B's after B was rated
 * better, else this reply's own. */
const char     *sy_message_get_history_content   (SyMessage          *self);

/* The cost of one reply: usage × @prices per 1M tokens; -1 when neither
 * @model nor @served_model (the name the server answered with) is priced. */
double          sy_chat_cost_for                 (SyPriceTable       *prices,
                                                  const char         *model,
                                                  const char         *served_model,
                                                  gint64              prompt_tokens,
                                                  gint64              completion_tokens);

/* Conversations ---------------------------------------------------------- */

#define SY_TYPE_CONVERSATION (sy_conversation_get_type ())
G_DECLARE_FINAL_TYPE (SyConversation, sy_conversation, SY, CONVERSATION, GObject)

SyConversation *sy_conversation_new              (const char         *title);
const char     *sy_conversation_get_id           (SyConversation     *self);
const char     *sy_conversation_get_title        (SyConversation     *self);
void            sy_conversation_set_title        (SyConversation     *self,
                                                  const char         *title);
/* Seconds since the epoch. */
gint64          sy_conversation_get_created      (SyConversation     *self);
/* A GListModel of SyMessage, oldest first. */
GListModel     *sy_conversation_get_messages     (SyConversation     *self);
void            sy_conversation_add_message      (SyConversation     *self,
                                                  SyMessage          *message);
void            sy_conversation_remove_last      (SyConversation     *self);
/* The position of @message, or -1. */
int             sy_conversation_find_message     (SyConversation     *self,
                                                  SyMessage          *message);
/* Removes the message at @position and every later one. */
void            sy_conversation_truncate         (SyConversation     *self,
                                                  guint               position);
/* Sum over the priced replies, compare and shadow replies included: they
 * were paid for too ("total-cost" is notified). */
double          sy_conversation_get_total_cost   (SyConversation     *self);
/* TRUE when some reply had no price: the total is a lower bound. */
gboolean        sy_conversation_get_total_partial (SyConversation    *self);
gint64          sy_conversation_get_total_tokens (SyConversation     *self);
char           *sy_conversation_to_json          (SyConversation     *self);
SyConversation *sy_conversation_new_from_json    (const char         *data,
                                                  gssize              length,
                                                  GError            **error);

/* The store -------------------------------------------------------------- */

#define SY_TYPE_CONVERSATION_STORE (sy_conversation_store_get_type ())
G_DECLARE_FINAL_TYPE (SyConversationStore, sy_conversation_store, SY, CONVERSATION_STORE, GObject)

/* @directory NULL means $SWITCHYARD_DATA_DIR/conversations when that is
 * set, else g_get_user_data_dir()/switchyard/conversations. */
SyConversationStore *sy_conversation_store_new        (const char          *directory);
const char          *sy_conversation_store_get_directory (SyConversationStore *self);
/* Reads every *.json file. A corrupt one is skipped with a warning
 * naming it and moved aside as NAME.corrupt-DATE, so the rest still load
 * and no later save overwrites it. Returns the number loaded. */
guint                sy_conversation_store_load       (SyConversationStore *self);
/* The same, the files read on a worker thread: the window need not wait
 * for thousands of them. Returns the number loaded; conversations created
 * meanwhile stay, above the loaded ones. */
void                 sy_conversation_store_load_async (SyConversationStore *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
guint                sy_conversation_store_load_finish (SyConversationStore *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* The conversations whose title or text holds @text, case folded, in no
 * particular order (a GPtrArray of SyConversation). Searched on a worker
 * thread, in the text as last saved, loaded or created. */
void                 sy_conversation_store_search_async (SyConversationStore *self,
                                                       const char          *text,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray           *sy_conversation_store_search_finish (SyConversationStore *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* One sentence per file the last load could not read, naming the file
 * and where it was kept, for a toast; empty when all loaded. */
GStrv                sy_conversation_store_dup_load_problems (SyConversationStore *self);
/* A GListModel of SyConversation, newest first. */
GListModel          *sy_conversation_store_get_model  (SyConversationStore *self);
SyConversation      *sy_conversation_store_create     (SyConversationStore *self,
                                                       const char          *title);
/* Atomic: the old file stays whole if the write fails. Blocks; waits
 * for a save of the same file in progress. */
gboolean             sy_conversation_store_save       (SyConversationStore *self,
                                                       SyConversation      *conversation,
                                                       GError             **error);
/* The same, written on a worker thread: the JSON is taken now, the file
 * written later. Saves of one conversation land in the order asked; one
 * not yet started when a newer one is asked for is dropped for it (and
 * finishes with it). Cancelling only stops the callback caring: the
 * write still happens. */
void                 sy_conversation_store_save_async (SyConversationStore *self,
                                                       SyConversation      *conversation,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean             sy_conversation_store_save_finish (SyConversationStore *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* Blocks until every save asked for is written (or failed): on quit. */
void                 sy_conversation_store_flush      (SyConversationStore *self);
gboolean             sy_conversation_store_has_pending_saves (SyConversationStore *self);
gboolean             sy_conversation_store_rename     (SyConversationStore *self,
                                                       SyConversation      *conversation,
                                                       const char          *title,
                                                       GError             **error);
gboolean             sy_conversation_store_delete     (SyConversationStore *self,
                                                       SyConversation      *conversation,
                                                       GError             **error);
char                *sy_conversation_store_dup_path   (SyConversationStore *self,
                                                       SyConversation      *conversation);

G_END_DECLS
