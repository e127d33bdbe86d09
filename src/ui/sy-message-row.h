/* sy-message-row.h: one message of a chat, its Markdown and its measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sy-conversation.h"

G_BEGIN_DECLS

#define SY_TYPE_MESSAGE_ROW (sy_message_row_get_type ())
G_DECLARE_FINAL_TYPE (SyMessageRow, sy_message_row, SY, MESSAGE_ROW, GtkWidget)

GtkWidget *sy_message_row_new         (void);
SyMessage *sy_message_row_get_message (SyMessageRow *self);
/* Rows are recycled by the list view: NULL unbinds. */
void       sy_message_row_set_message (SyMessageRow *self,
                                       SyMessage    *message);
/* "Local (Ollama) · llama3.1:8b · 0.21 s to first token · …" */
char      *sy_message_row_format_stats (SyMessage   *message);
/* "$0.00", "$0.000123", or "price unknown" for a negative cost. */
char      *sy_message_row_format_cost  (double       cost_usd);

G_END_DECLS
