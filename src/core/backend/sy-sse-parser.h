/* sy-sse-parser.h: incremental Server-Sent Events parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SY_SSE_PARSER_DEFAULT_MAX_LINE (1024 * 1024)

#define SY_SSE_ERROR (sy_sse_error_quark ())

typedef enum
{
  SY_SSE_ERROR_LINE_TOO_LONG,
} SySseError;

typedef struct
{
  char *event;  /* "message" unless the stream named it */
  char *data;   /* the data lines joined with \n, valid UTF-8 */
  char *id;     /* the last event id seen, or NULL */
} SySseEvent;

typedef struct _SySseParser SySseParser;

GQuark       sy_sse_error_quark              (void);

void         sy_sse_event_free               (SySseEvent   *event);

SySseParser *sy_sse_parser_new               (void);
void         sy_sse_parser_free              (SySseParser  *self);
void         sy_sse_parser_set_max_line_length (SySseParser *self,
                                              gsize         max_line_length);
gsize        sy_sse_parser_get_max_line_length (SySseParser *self);
/* The reconnection time the server asked for with "retry:", or -1. */
gint64       sy_sse_parser_get_retry         (SySseParser  *self);

/* Feeds @len bytes, split anywhere (mid-line, mid-UTF-8 sequence), and
 * appends each complete event to @events (a GPtrArray of SySseEvent with
 * sy_sse_event_free as its free function). Returns FALSE if a line was
 * longer than the cap: the events before it are still appended, the rest
 * of that line is skipped and later feeds go on after it. */
gboolean     sy_sse_parser_feed              (SySseParser  *self,
                                              const char   *data,
                                              gsize         len,
                                              GPtrArray    *events,
                                              GError      **error);
/* Called with each complete event; @event and its strings are only valid
 * during the call. @event->data is @data_len bytes of valid UTF-8 without
 * NUL, and not NUL-terminated: it may lie in the fed data itself.
 * Returning FALSE stops the feed at once, with @error set. */
typedef gboolean (*SySseEventFunc) (const SySseEvent  *event,
                                    gsize              data_len,
                                    gpointer           user_data,
                                    GError           **error);

/* The same without a copy of each event: the way to read a long stream.
 * Returns FALSE, with @error set, if @func did or if a line was longer
 * than the cap (then, as above, parsing goes on after that line). */
gboolean     sy_sse_parser_feed_func         (SySseParser    *self,
                                              const char     *data,
                                              gsize           len,
                                              SySseEventFunc  func,
                                              gpointer        user_data,
                                              GError        **error);
/* The end of the stream: an event without its closing blank line is
 * discarded, as the SSE specification says. Returns TRUE if one was. */
gboolean     sy_sse_parser_finish            (SySseParser  *self);

GPtrArray   *sy_sse_event_array_new          (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SySseParser, sy_sse_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SySseEvent, sy_sse_event_free)

G_END_DECLS
