/* sy-bench-backend.h: a backend's reply streamed into a GString, timed
 *
 * The figure both stream benchmarks compare against: what the backend
 * costs before any view renders the text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-backend.h"

G_BEGIN_DECLS

/* Streams @stream through @backend, appending every delta to @view, and
 * returns the seconds from the request to the end of the reply. A failed
 * chat ends the benchmark with its message. Free the result with
 * sy_chat_result_free(). */
double sy_bench_stream_into_string (SyBackend     *backend,
                                    SyChatStream  *stream,
                                    GString       *view,
                                    SyChatResult **result);

G_END_DECLS
