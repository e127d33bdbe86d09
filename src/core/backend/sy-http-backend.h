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

G_END_DECLS
