/* sy-conversation-private.h: the JSON form of a message, shared by
 * sy-message.c and sy-conversation.c, and of a conversation, for the
 * store's writers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sy-conversation.h"

G_BEGIN_DECLS

void       sy_message_to_json       (SyMessage   *self,
                                     JsonBuilder *builder);
SyMessage *sy_message_new_from_json (JsonObject  *object);

JsonNode  *sy_conversation_to_json_node      (SyConversation *self);
char      *sy_conversation_json_node_to_data (JsonNode       *root);

G_END_DECLS
