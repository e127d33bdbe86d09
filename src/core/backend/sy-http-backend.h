/* sy-http-backend.h: what every backend speaking JSON over HTTP shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-backend.h"

G_BEGIN_DECLS

#define SY_TYPE_HTTP_BACKEND (sy_http_backend_get_type ())

/* Owns the base URL, the timeouts and the HTTP session, and implements
 * SyBackend for its subclasses, which only say how their protocol's
 * requests and replies look. Its class struct is in sy-backend-private.h. */
G_DECLARE_DERIVABLE_TYPE (SyHttpBackend, sy_http_backend, SY, HTTP_BACKEND, GObject)

/* sy_backend_stream_chat_async() with the reply read on a thread of its
 * own and handed to @stream a piece per read in the caller's context (a
 * window's main loop): see sy-http-backend-thread.c. Finish it with
 * sy_backend_stream_chat_finish(). */
void sy_http_backend_stream_chat_in_thread_async (SyHttpBackend       *self,
                                                  SyChatStream        *stream,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

G_END_DECLS
