/* sy-chat-composer.h: the Chat page's message box: what is typed, Send
 * and Stop, the route for one message and its estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SY_TYPE_CHAT_COMPOSER (sy_chat_composer_get_type ())
G_DECLARE_FINAL_TYPE (SyChatComposer, sy_chat_composer, SY, CHAT_COMPOSER, GtkWidget)

/* SyChatComposer::send: Enter (without Shift) or the Send button.
 * SyChatComposer::stop: the Stop button.
 * SyChatComposer::changed: the text changed.
 *
 * Properties: "busy" shows Stop instead of Send; "route" ("auto", "local"
 * or "api") is the route chosen for the next message, offered while
 * "show-route" is set; "preview" is the line under the box (hidden when
 * empty). */

GtkWidget     *sy_chat_composer_new             (void);
/* What is typed, without the white space around it. */
char          *sy_chat_composer_dup_text        (SyChatComposer *self);
void           sy_chat_composer_clear           (SyChatComposer *self);
GtkTextBuffer *sy_chat_composer_get_buffer      (SyChatComposer *self);

gboolean       sy_chat_composer_get_busy        (SyChatComposer *self);
void           sy_chat_composer_set_busy        (SyChatComposer *self,
                                                 gboolean        busy);
const char    *sy_chat_composer_get_route       (SyChatComposer *self);
void           sy_chat_composer_set_route       (SyChatComposer *self,
                                                 const char     *route);
gboolean       sy_chat_composer_get_show_route  (SyChatComposer *self);
void           sy_chat_composer_set_show_route  (SyChatComposer *self,
                                                 gboolean        show_route);
const char    *sy_chat_composer_get_preview     (SyChatComposer *self);
void           sy_chat_composer_set_preview     (SyChatComposer *self,
                                                 const char     *preview);

/* For the widget test */
GtkWidget     *sy_chat_composer_get_route_button  (SyChatComposer *self);
GtkLabel      *sy_chat_composer_get_preview_label (SyChatComposer *self);
/* The dim "Ask anything…" over the empty box */
GtkWidget     *sy_chat_composer_get_placeholder   (SyChatComposer *self);

G_END_DECLS
