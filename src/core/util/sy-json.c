/* sy-json.c: JSON helpers shared by the files the app writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sy-json.h"

void
sy_json_builder_add_double (JsonBuilder *builder,
                            double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* The generator prints "%.17g" and appends ".0" when it sees no '.', so
   * an exponent with a bare mantissa ("1e-205") comes out unparseable. One
   * ULP away the mantissa has all its digits, and a '.'. */
  g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  if (strchr (buf, 'e') != NULL && strchr (buf, '.') == NULL)
    value = nextafter (value, value > 0 ? INFINITY : -INFINITY);

  json_builder_add_double_value (builder, value);
}

gboolean
sy_json_node_has_valid_strings (JsonNode *node)
{
  if (node == NULL)
    return TRUE;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !sy_json_node_has_valid_strings (member))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!sy_json_node_has_valid_strings (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_utf8_validate (json_node_get_string (node), -1, NULL);
      return TRUE;

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

/* json-glib's *_member_with_default raise a critical for a member that is
 * an object or an array and return NULL or 0 for a scalar of another type,
 * so a hand-edited or damaged file could trip G_DEBUG=fatal-criticals or
 * hand NULL to code that expects text. These return @default_value unless
 * the member holds the asked-for type. */
static JsonNode *
scalar_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

const char *
sy_json_object_get_string (JsonObject *object,
                           const char *name,
                           const char *default_value)
{
  JsonNode *node = scalar_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : default_value;
}

double
sy_json_object_get_double (JsonObject *object,
                           const char *name,
                           double      default_value)
{
  JsonNode *node = scalar_member (object, name);

  if (node == NULL)
    return default_value;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_double (node);
  return default_value;
}

gint64
sy_json_object_get_int (JsonObject *object,
                        const char *name,
                        gint64      default_value)
{
  JsonNode *node = scalar_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : default_value;
}

gboolean
sy_json_object_get_boolean (JsonObject *object,
                            const char *name,
                            gboolean    default_value)
{
  JsonNode *node = scalar_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN ? json_node_get_boolean (node) : default_value;
}

JsonObject *
sy_json_object_get_object (JsonObject *object,
                           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
sy_json_parse_versioned_list (JsonParser  *parser,
                              const char  *data,
                              gssize       length,
                              gint64       version,
                              const char  *list_name,
                              const char  *what,
                              GError     **error)
{
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Translators: %s is what the file holds, e.g. "The GPU table" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s must be a JSON object"), what);
      return NULL;
    }
  if (!sy_json_node_has_valid_strings (root))
    {
      /* Translators: %s is what the file holds, e.g. "The GPU table" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s has text that is not UTF-8"), what);
      return NULL;
    }

  object = json_node_get_object (root);
  if (sy_json_object_get_int (object, "version", -1) != version ||
      json_object_get_member (object, list_name) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, list_name)))
    {
      /* Translators: what the file holds ("The GPU table"), its format
       * version and the name of its list ("gpus") */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s needs \"version\": %d and a \"%s\" array"),
                   what, (int) version, list_name);
      return NULL;
    }

  return json_object_get_array_member (object, list_name);
}
