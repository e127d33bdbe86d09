/* sy-chat-page.h: chat with a local server or a hosted API, with measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-context.h"

G_BEGIN_DECLS

#define SY_TYPE_CHAT_PAGE (sy_chat_page_get_type ())
G_DECLARE_FINAL_TYPE (SyChatPage, sy_chat_page, SY, CHAT_PAGE, AdwBin)

/* The context's cost model gives the price table for the cost of each
 * reply; its router routes Auto and its pilot log records comparisons. */
GtkWidget *sy_chat_page_new (SyContext *context);

G_END_DECLS
