/* sy-chat-page-private.h: the page's state, shared by its source files
 * (sy-chat-page.c, -backends.c, -reply.c), and what the widget test uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-chat-page.h"
#include "sy-conversation.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"

G_BEGIN_DECLS

#define BACKEND_LOCAL  0
#define BACKEND_HOSTED 1
#define BACKEND_AUTO   2

/* What one prompt is sent to: one backend, or both (compare, shadow). */
typedef struct
{
  gboolean         send[SY_ROUTE_N_BACKENDS];
  char            *models[SY_ROUTE_N_BACKENDS];
  SyRouteBackend   primary;       /* the reply in the list */
  gboolean         compare;       /* both shown side by side */
  SyRouteDecision *decision;      /* Auto only: the route taken */
  gboolean         overridden;    /* Auto: the person chose the backend */
} SyChatPlan;

struct _SyChatPage
{
  AdwBin               parent_instance;

  SyContext           *context;
  SyCostModel         *cost_model;
  GSettings           *settings;
  SyRouter            *router;       /* shared with Preferences */
  SyPilotLog          *pilot_log;    /* shared with the pilot summary */
  SyConversationStore *store;
  SyConversation      *conversation;
  SyOllamaBackend     *ollama;
  SyOpenAIBackend     *openai;
  GtkNoSelection      *selection;
  GtkStringList       *models;

  /* The replies in flight, indexed by SyRouteBackend */
  SyChatStream        *streams[SY_ROUTE_N_BACKENDS];
  SyMessage           *replies[SY_ROUTE_N_BACKENDS];
  guint                n_pending;
  gboolean             turn_cancelled;
  SyPilotRecord       *record;       /* compare and shadow turns */
  SyConversation      *reply_conversation;
  GCancellable        *cancellable;

  /* Auto */
  char                *route_override; /* "auto", "local" or "api", for one message */
  GRand               *rand;           /* picks the shadow share */
  SyMessage           *regenerating;   /* waiting for the confirmation */

  GCancellable        *lifetime;     /* model listing and key lookups */
  gboolean             ollama_reachable;
  gboolean             have_api_key;
  gboolean             send_after_lookup;
  gboolean             updating_models;
  gboolean             stick_to_bottom;
  char                *notice;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  GtkListBox          *conversation_list;
  GtkWidget           *back_button;
  GtkLabel            *title_label;
  GtkDropDown         *backend_dropdown;
  GtkDropDown         *model_dropdown;
  GtkRevealer         *notice_revealer;
  GtkLabel            *notice_label;
  GtkButton           *notice_button;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *message_view;
  GtkTextView         *input_view;
  GtkStack            *send_stack;
  GtkLabel            *total_label;
  GtkWidget           *compare_button;
  GtkWidget           *route_button;
  GtkLabel            *route_preview_label;
};

/* sy-chat-page.c */
void                 sy_chat_page_show_toast          (SyChatPage     *self,
                                                       const char     *title);
void                 sy_chat_page_update_view         (SyChatPage     *self);
void                 sy_chat_page_set_conversation    (SyChatPage     *self,
                                                       SyConversation *conversation);
void                 sy_chat_page_save_conversation   (SyChatPage     *self,
                                                       SyConversation *conversation);

/* sy-chat-page-backends.c: backend and model choice, the key, the notice */
gboolean             sy_chat_page_is_hosted           (SyChatPage     *self);
SyBackend           *sy_chat_page_current_backend     (SyChatPage     *self);
const char          *sy_chat_page_current_model_key   (SyChatPage     *self);
char                *sy_chat_page_dup_selected_model  (SyChatPage     *self);
void                 sy_chat_page_set_model_names     (SyChatPage     *self,
                                                       GStrv           names);
void                 sy_chat_page_update_notice       (SyChatPage     *self);
void                 sy_chat_page_lookup_api_key      (SyChatPage     *self);
void                 sy_chat_page_refresh_models      (SyChatPage     *self);
void                 sy_chat_page_backend_changed     (SyChatPage     *self);
void                 sy_chat_page_model_changed       (SyChatPage     *self);
void                 sy_chat_page_settings_changed    (GSettings      *settings,
                                                       const char     *key,
                                                       SyChatPage     *self);
void                 sy_chat_page_set_dropdown_factories (GtkDropDown *dropdown);

/* sy-chat-page-items.c: the message list's items */
GtkListItemFactory  *sy_chat_page_new_message_factory (SyChatPage     *self);

/* sy-chat-page-route.c: Auto, the route chooser, compare and shadow */
gboolean             sy_chat_page_is_auto             (SyChatPage     *self);
gboolean             sy_chat_page_is_compare          (SyChatPage     *self);
/* FALSE when there is nothing to send. */
gboolean             sy_chat_page_plan                (SyChatPage     *self,
                                                       const char     *prompt,
                                                       SyChatPlan     *plan);
void                 sy_chat_page_plan_clear          (SyChatPlan     *plan);
/* Adds the other backend to an Auto plan for the shadow share. */
void                 sy_chat_page_plan_shadow         (SyChatPage     *self,
                                                       SyChatPlan     *plan);
SyBackend           *sy_chat_page_backend_for         (SyChatPage     *self,
                                                       SyRouteBackend  side);
void                 sy_chat_page_update_route        (SyChatPage     *self);
void                 sy_chat_page_set_route_override  (SyChatPage     *self,
                                                       const char     *route);
void                 sy_chat_page_rate                (SyChatPage     *self,
                                                       SyMessage      *message,
                                                       SyPilotRating   rating);

/* sy-chat-page-reply.c: sending a prompt and streaming the reply */
void                 sy_chat_page_send_prompt         (SyChatPage     *self);
/* Answers the conversation's last prompt. */
void                 sy_chat_page_start_reply         (SyChatPage     *self);
/* Replaces @message (a reply) and drops the messages after it, asking
 * first when there are any. */
void                 sy_chat_page_regenerate_message  (SyChatPage     *self,
                                                       SyMessage      *message);

/* For the widget test */
GtkTextBuffer       *sy_chat_page_get_input_buffer    (SyChatPage     *self);
SyConversationStore *sy_chat_page_get_store           (SyChatPage     *self);
/* The conversation shown, or NULL. */
SyConversation      *sy_chat_page_get_conversation    (SyChatPage     *self);
/* TRUE while a reply streams. */
gboolean             sy_chat_page_get_busy            (SyChatPage     *self);
/* The notice above the messages ("is Ollama running?"), or NULL when hidden. */
const char          *sy_chat_page_get_notice          (SyChatPage     *self);
/* Seeds the shadow share's random choice. */
void                 sy_chat_page_set_shadow_seed     (SyChatPage     *self,
                                                       guint32         seed);

G_END_DECLS
