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
/* An Auto reply's badge: "Simple → Local · llama3.1:8b"; NULL if not routed. */
char      *sy_message_row_format_route (SyMessage   *message);
/* "estimated $0.00", then "estimated $0.00 · actual $0.000042". */
char      *sy_message_row_format_estimate (SyMessage *message);
void       sy_message_row_set_compact  (SyMessageRow *self,
                                        gboolean      compact);
void       sy_message_row_set_blind    (SyMessageRow *self,
                                        gboolean      blind);
/* Loads the faces a reply's Markdown uses, once, in an idle, with
 * @widget's fonts: before the first reply rather than in its frame. */
void       sy_message_row_load_fonts   (GtkWidget    *widget);
/* For the widget test */
GtkWidget *sy_message_row_get_regenerate_button (SyMessageRow *self);
gboolean   sy_message_row_get_stats_visible     (SyMessageRow *self);
GtkWidget *sy_message_row_get_other_button      (SyMessageRow *self);
/* For the benchmark: how many bytes of the message's content are on
 * screen (rendered) now; less than the content while a frame is due. */
gsize      sy_message_row_get_shown_length      (SyMessageRow *self);

G_END_DECLS
