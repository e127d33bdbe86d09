/* sy-chat-page-private.h: the page's state and its app-private functions,
 * shared by sy-chat-page.c and its fragments (-backends.c, -items.c,
 * -reply.c, -sidebar.c), and what the widget test uses
 *
 * The fragments call only the page (the functions below that live in
 * sy-chat-page.c), never each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-chat-composer.h"
#include "sy-chat-page.h"
#include "sy-conversation.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-route-plan.h"

G_BEGIN_DECLS

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

  /* What the next prompt goes to; see _sy_chat_page_get_mode(). */
  SyChatMode           mode;
  gboolean             busy;         /* as last notified */

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
  guint                load_source;  /* starts reading the conversations */
  gboolean             ollama_reachable;
  gboolean             have_api_key;
  gboolean             send_after_lookup;
  gboolean             updating_models;
  gboolean             stick_to_bottom; /* follows the newest message */
  guint                scroll_tick;     /* takes it to the bottom next frame */
  guint                history_tick;    /* shows earlier messages next frame */
  gboolean             list_changed;    /* since the list was last laid out */
  gboolean             in_frame;        /* between a frame's before- and after-paint */
  gboolean             store_loaded;
  gboolean             load_problems_shown;
  char                *notice;

  /* The sidebar's search (sy-chat-page-sidebar.c) */
  GtkCustomFilter     *filter;
  char                *search_folded;   /* the text searched, case folded; NULL shows all */
  GHashTable          *text_matches;    /* conversations whose text matches, once known */
  GCancellable        *search_cancellable; /* the text search under way */

  /* Template objects */
  AdwLeaflet          *leaflet;
  GtkListView         *conversation_list;
  GtkSingleSelection  *conversation_selection;
  GtkFilterListModel  *conversation_filter;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkWidget           *back_button;
  GtkLabel            *title_label;
  GtkDropDown         *backend_dropdown;
  GtkDropDown         *model_dropdown;
  GtkStringList       *models;
  GtkWidget           *compare_button;
  GtkRevealer         *notice_revealer;
  GtkLabel            *notice_label;
  GtkButton           *notice_button;
  GtkStack            *view_stack;
  GtkScrolledWindow   *scroller;
  GtkListView         *message_view;
  GtkRevealer         *jump_revealer;
  GtkWidget           *jump_button;
  GtkNoSelection      *selection;
  GtkSliceListModel   *history;      /* the conversation's newest messages */
  SyChatComposer      *composer;
  GtkLabel            *total_label;
};

/* sy-chat-page.c: the page, which the fragments call ---------------------- */

/* What the next prompt goes to: compare, or else the backend chosen. */
SyChatMode           _sy_chat_page_get_mode            (SyChatPage     *self);
/* The backend chosen in the header: local, hosted or auto. Compare keeps
 * it for when compare is turned off; the model list belongs to it. */
SyChatMode           _sy_chat_page_get_chosen_mode     (SyChatPage     *self);
SyBackend           *_sy_chat_page_get_backend         (SyChatPage     *self,
                                                        SyRouteBackend  side);
/* What @prompt would be sent to now, or NULL when it is empty. */
SyRoutePlan         *_sy_chat_page_plan                (SyChatPage     *self,
                                                        const char     *prompt);
void                 _sy_chat_page_set_route_override  (SyChatPage     *self,
                                                        const char     *route);
void                 _sy_chat_page_show_toast          (SyChatPage     *self,
                                                        const char     *title);
void                 _sy_chat_page_update_view         (SyChatPage     *self);
void                 _sy_chat_page_set_conversation    (SyChatPage     *self,
                                                        SyConversation *conversation);
/* Shows @conversation and marks it in the sidebar. */
void                 _sy_chat_page_select_conversation (SyChatPage     *self,
                                                        SyConversation *conversation);
void                 _sy_chat_page_save_conversation   (SyChatPage     *self,
                                                        SyConversation *conversation);
/* The local server did not answer (or did again). */
void                 _sy_chat_page_set_ollama_reachable (SyChatPage    *self,
                                                        gboolean        reachable);
/* A key look-up ended: sends the prompt that waited for it. */
void                 _sy_chat_page_api_key_looked_up   (SyChatPage     *self);
/* Replaces @message (a reply) and drops the messages after it, asking
 * first when there are any. */
void                 _sy_chat_page_regenerate_message  (SyChatPage     *self,
                                                        SyMessage      *message);
void                 _sy_chat_page_rate                (SyChatPage     *self,
                                                        SyMessage      *message,
                                                        SyPilotRating   rating);

/* sy-chat-page-backends.c: backend and model choice, the key, the notice */
/* The rows of the backend and model drop-downs' popups, the current one checked. */
GtkListItemFactory  *_sy_chat_page_new_dropdown_row_factory (void);
GtkListItemFactory  *_sy_chat_page_new_backend_button_factory (void);
char                *_sy_chat_page_dup_selected_model  (SyChatPage     *self);
void                 _sy_chat_page_set_model_names     (SyChatPage     *self,
                                                        GStrv           names);
void                 _sy_chat_page_update_notice       (SyChatPage     *self);
void                 _sy_chat_page_lookup_api_key      (SyChatPage     *self);
void                 _sy_chat_page_refresh_models      (SyChatPage     *self);
/* The header's backend choice changed: the model list and the key follow. */
void                 _sy_chat_page_backend_changed     (SyChatPage     *self);
void                 _sy_chat_page_model_selected      (SyChatPage     *self);
/* Any key but "chat-compare", which changes the mode. */
void                 _sy_chat_page_apply_setting       (SyChatPage     *self,
                                                        const char     *key);

/* sy-chat-page-items.c: the message list's items */
GtkListItemFactory  *_sy_chat_page_new_message_factory (void);

/* sy-chat-page-sidebar.c: the list of conversations and its search */
GtkListItemFactory  *_sy_chat_page_new_conversation_factory (void);
void                 _sy_chat_page_init_sidebar        (SyChatPage     *self);
void                 _sy_chat_page_finish_sidebar      (SyChatPage     *self);
/* Titles match at once; text once the store's search answers. */
void                 _sy_chat_page_search              (SyChatPage     *self,
                                                        const char     *text);
/* TRUE while a text search is under way */
gboolean             _sy_chat_page_get_searching       (SyChatPage     *self);

/* sy-chat-page-reply.c: sending a prompt and streaming the reply */
/* Adds @text to the conversation (a new one if none is shown) and answers it. */
void                 _sy_chat_page_send_text           (SyChatPage     *self,
                                                        const char     *text);
/* Answers the conversation's last prompt. */
void                 _sy_chat_page_start_reply         (SyChatPage     *self);

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
