/* sy-json.h: JSON helpers shared by the files the app writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json_builder_add_double_value, but the file it ends up in always loads
 * again: json-glib 1.6 writes 1e-205 as "1e-205.0", which its own parser
 * rejects (found by fuzz/fuzz-conversation). Non-finite values become null. */
void sy_json_builder_add_double (JsonBuilder *builder,
                                 double       value);

/* Whether every string and member name under @node is valid UTF-8.
 * json-glib 1.6 decodes an escape such as "\ud83 " (a broken surrogate)
 * into bytes that are not UTF-8 and its own parser then refuses what its
 * generator wrote from them (found by fuzz/fuzz-conversation): a loader
 * that keeps such text would write a file it cannot read back. */
gboolean sy_json_node_has_valid_strings (JsonNode *node);

/* A member of @object when it holds that type, else @default_value (no
 * critical for an object, an array or a scalar of another type; a number
 * written as an integer reads as a double). @object may be NULL. */
const char *sy_json_object_get_string  (JsonObject *object,
                                        const char *name,
                                        const char *default_value);
double      sy_json_object_get_double  (JsonObject *object,
                                        const char *name,
                                        double      default_value);
gint64      sy_json_object_get_int     (JsonObject *object,
                                        const char *name,
                                        gint64      default_value);
gboolean    sy_json_object_get_boolean (JsonObject *object,
                                        const char *name,
                                        gboolean    default_value);
/* Parses @data into @parser and returns its @list_name array (owned by
 * @parser) when the root is an object with "version": @version and that
 * array, and all its text is UTF-8; else NULL with an error that names
 * @what ("The GPU table"). */
JsonArray  *sy_json_parse_versioned_list (JsonParser  *parser,
                                          const char  *data,
                                          gssize       length,
                                          gint64       version,
                                          const char  *list_name,
                                          const char  *what,
                                          GError     **error);

/* The member when it is an object, else NULL. */
JsonObject *sy_json_object_get_object  (JsonObject *object,
                                        const char *name);

G_END_DECLS
