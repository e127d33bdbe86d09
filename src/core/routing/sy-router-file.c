/* sy-router-file.c: routing rules in routing.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sy-cost-settings.h"
#include "sy-router-private.h"

#define ROUTING_FORMAT_VERSION 1

char *
sy_router_dup_default_path (void)
{
  const char *override = g_getenv ("SWITCHYARD_CONFIG_DIR");

  if (override != NULL && *override != '\0')
    return g_build_filename (override, "routing.json", NULL);

  return g_build_filename (g_get_user_config_dir (), "switchyard", "routing.json", NULL);
}

char *
sy_router_to_json (SyRouter *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (SY_IS_ROUTER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, ROUTING_FORMAT_VERSION);

  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      const char * const *keywords = sy_router_get_keywords (self, i);

      json_builder_set_member_name (builder, sy_route_class_to_id (i));
      json_builder_begin_object (builder);
      /* Medium is "everything else": it has no keywords to keep. */
      if (i != SY_ROUTE_CLASS_MEDIUM)
        {
          json_builder_set_member_name (builder, "keywords");
          json_builder_begin_array (builder);
          for (guint k = 0; keywords[k] != NULL; k++)
            json_builder_add_string_value (builder, keywords[k]);
          json_builder_end_array (builder);
        }
      if (i == SY_ROUTE_CLASS_SIMPLE)
        {
          json_builder_set_member_name (builder, "max_length");
          json_builder_add_int_value (builder, sy_router_get_simple_max_length (self));
        }
      json_builder_set_member_name (builder, "backend");
      json_builder_add_string_value (builder, sy_route_backend_to_id (sy_router_get_route_backend (self, i)));
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, sy_router_get_route_model (self, i));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static gboolean
parse_error (GError     **error,
             const char  *what)
{
  g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_PARSE, "%s", what);
  return FALSE;
}

/* Reads @contents into @into (a fresh router). Members left out keep the
 * defaults, so an older file stays readable; a wrong type is corruption. */
static gboolean
parse_rules (SyRouter    *into,
             const char  *contents,
             gsize        length,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!json_parser_load_from_data (parser, contents, length, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return parse_error (error, _("the file does not hold a JSON object"));
  root = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      JsonNode *node = json_object_get_member (root, sy_route_class_to_id (i));
      JsonObject *object;
      JsonNode *member;
      SyRouteBackend backend = sy_router_get_route_backend (into, i);
      const char *model = sy_router_get_route_model (into, i);

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return parse_error (error, sy_route_class_to_id (i));
      object = json_node_get_object (node);

      member = json_object_get_member (object, "keywords");
      if (member != NULL)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) keywords = NULL;
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (member) || i == SY_ROUTE_CLASS_MEDIUM)
            return parse_error (error, "keywords");
          array = json_node_get_array (member);
          for (guint k = 0; k < json_array_get_length (array); k++)
            {
              JsonNode *item = json_array_get_element (array, k);

              if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
                return parse_error (error, "keywords");
              g_strv_builder_add (builder, json_node_get_string (item));
            }
          keywords = g_strv_builder_end (builder);
          if (!sy_router_set_keywords (into, i, (const char * const *) keywords, error))
            return FALSE;
        }

      member = json_object_get_member (object, "max_length");
      if (member != NULL)
        {
          gint64 value;

          if (i != SY_ROUTE_CLASS_SIMPLE || !JSON_NODE_HOLDS_VALUE (member) ||
              json_node_get_value_type (member) != G_TYPE_INT64)
            return parse_error (error, "max_length");
          value = json_node_get_int (member);
          if (value < 1 || value > G_MAXINT)
            return parse_error (error, "max_length");
          if (!sy_router_set_simple_max_length (into, (guint) value, error))
            return FALSE;
        }

      member = json_object_get_member (object, "backend");
      if (member != NULL &&
          (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
           !sy_route_backend_from_id (json_node_get_string (member), &backend)))
        return parse_error (error, "backend");

      member = json_object_get_member (object, "model");
      if (member != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
            return parse_error (error, "model");
          model = json_node_get_string (member);
        }

      if (!sy_router_set_route (into, i, backend, model, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
sy_router_load (SyRouter    *self,
                const char  *path,
                GError     **error)
{
  g_autoptr(SyRouter) loaded = sy_router_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          sy_router_reset (self);
          return TRUE;
        }
      g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_IO,
                   _("Could not read your routing rules from “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!parse_rules (loaded, contents, length, &local_error))
    {
      /* Moved aside, the next save cannot overwrite what the user may
       * still want to mend by hand. */
      g_autofree char *aside = sy_cost_settings_move_aside (path);

      sy_router_reset (self);
      if (aside != NULL)
        g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_PARSE,
                     _("Your routing rules in “%s” could not be read (%s). The file was kept as “%s”; "
                       "the default rules are used."),
                     path, local_error->message, aside);
      else
        g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_PARSE,
                     _("Your routing rules in “%s” could not be read (%s); the default rules are used."),
                     path, local_error->message);
      return FALSE;
    }

  sy_router_copy_rules (self, loaded);
  return TRUE;
}

gboolean
sy_router_save (SyRouter    *self,
                const char  *path,
                GError     **error)
{
  g_autofree char *json = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SY_IS_ROUTER (self), FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_IO,
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  json = sy_router_to_json (self);
  /* g_file_set_contents writes a temporary file and renames it: a crash
   * leaves the old rules or the new ones, never half of each. */
  if (!g_file_set_contents (path, json, -1, &local_error))
    {
      g_set_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_IO,
                   _("Could not save your routing rules to “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
