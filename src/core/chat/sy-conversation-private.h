/* sy-conversation-private.h: the JSON form of a message, shared by
 * sy-message.c and sy-conversation.c
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

G_END_DECLS
