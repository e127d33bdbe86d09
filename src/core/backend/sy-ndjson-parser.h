/* sy-ndjson-parser.h: incremental newline-delimited JSON parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SY_NDJSON_PARSER_DEFAULT_MAX_LINE (1024 * 1024)

#define SY_NDJSON_ERROR (sy_ndjson_error_quark ())

typedef enum
{
  SY_NDJSON_ERROR_LINE_TOO_LONG,
  SY_NDJSON_ERROR_INVALID_JSON,
  SY_NDJSON_ERROR_NOT_AN_OBJECT,
} SyNdjsonError;

/* One line of input: either @object or @error is set. */
typedef struct
{
  guint       line;    /* 1-based, counting blank lines too */
  JsonObject *object;
  GError     *error;
} SyNdjsonItem;

typedef struct _SyNdjsonParser SyNdjsonParser;

GQuark          sy_ndjson_error_quark        (void);

void            sy_ndjson_item_free          (SyNdjsonItem   *item);
GPtrArray      *sy_ndjson_item_array_new     (void);

SyNdjsonParser *sy_ndjson_parser_new         (void);
void            sy_ndjson_parser_free        (SyNdjsonParser *self);
void            sy_ndjson_parser_set_max_line_length (SyNdjsonParser *self,
                                              gsize           max_line_length);

/* Feeds @len bytes split anywhere and appends one SyNdjsonItem per
 * complete non-blank line to @items. A malformed or over-long line gives
 * an item with an error (naming the line) and parsing goes on after it. */
void            sy_ndjson_parser_feed        (SyNdjsonParser *self,
                                              const char     *data,
                                              gsize           len,
                                              GPtrArray      *items);
/* The end of the stream: a last line without its newline still counts. */
void            sy_ndjson_parser_finish      (SyNdjsonParser *self,
                                              GPtrArray      *items);

/* Called with each complete non-blank line (without its \r\n), not yet
 * parsed, or with @text NULL for a line over the cap; valid only during
 * the call. Returning FALSE stops the feed at once, with @error set. */
typedef gboolean (*SyNdjsonLineFunc) (SyNdjsonParser  *parser,
                                      guint            line,
                                      const char      *text,
                                      gsize            len,
                                      gpointer         user_data,
                                      GError         **error);

/* The same lines one by one, for callers that may read a line another
 * way than json-glib: the way to read a long stream. */
gboolean        sy_ndjson_parser_feed_func   (SyNdjsonParser   *self,
                                              const char       *data,
                                              gsize             len,
                                              SyNdjsonLineFunc  func,
                                              gpointer          user_data,
                                              GError          **error);
gboolean        sy_ndjson_parser_finish_func (SyNdjsonParser   *self,
                                              SyNdjsonLineFunc  func,
                                              gpointer          user_data,
                                              GError          **error);
/* What sy_ndjson_parser_feed() makes of a line @func was given. */
SyNdjsonItem   *sy_ndjson_parser_parse_line  (SyNdjsonParser   *self,
                                              guint             line,
                                              const char       *text,
                                              gsize             len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyNdjsonParser, sy_ndjson_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyNdjsonItem, sy_ndjson_item_free)

G_END_DECLS
