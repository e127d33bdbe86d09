/* sy-speed-store.c: decoding speeds measured on this machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-speed-store.h"

#define FORMAT_VERSION 1
/* Far beyond any GPU's decoding speed: a figure above is a broken file. */
#define MAX_TOKENS_PER_S 1e6

struct _SySpeedStore
{
  char      *path;
  GPtrArray *measurements;  /* SySpeedMeasurement */
};

static char *local_gpu;

static void
measurement_free (SySpeedMeasurement *measurement)
{
  g_free (measurement->gpu);
  g_free (measurement->model);
  g_free (measurement);
}

static SySpeedStore *
store_new (const char *path)
{
  SySpeedStore *self = g_new0 (SySpeedStore, 1);

  self->path = path != NULL ? g_strdup (path) : sy_speed_store_dup_default_path ();
  self->measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) measurement_free);
  return self;
}

static gboolean
parse (SySpeedStore  *self,
       const char    *data,
       gsize          length,
       GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode *version;
  JsonArray *measurements;

  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return FALSE;

  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto bad;
  root = json_node_get_object (json_parser_get_root (parser));
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) != FORMAT_VERSION ||
      !json_object_has_member (root, "measurements") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "measurements")))
    goto bad;

  measurements = json_object_get_array_member (root, "measurements");
  for (guint i = 0; i < json_array_get_length (measurements); i++)
    {
      JsonNode *node = json_array_get_element (measurements, i);
      JsonObject *object;
      JsonNode *gpu, *model, *tps;
      SySpeedMeasurement *measurement;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      object = json_node_get_object (node);
      gpu = json_object_get_member (object, "gpu");
      model = json_object_get_member (object, "model");
      tps = json_object_get_member (object, "tokens_per_s");
      if (gpu == NULL || !JSON_NODE_HOLDS_VALUE (gpu) || json_node_get_value_type (gpu) != G_TYPE_STRING ||
          model == NULL || !JSON_NODE_HOLDS_VALUE (model) || json_node_get_value_type (model) != G_TYPE_STRING ||
          tps == NULL || !JSON_NODE_HOLDS_VALUE (tps) ||
          (json_node_get_value_type (tps) != G_TYPE_DOUBLE && json_node_get_value_type (tps) != G_TYPE_INT64) ||
          !g_utf8_validate (json_node_get_string (gpu), -1, NULL) ||
          !g_utf8_validate (json_node_get_string (model), -1, NULL) ||
          !(json_node_get_double (tps) > 0 && json_node_get_double (tps) <= MAX_TOKENS_PER_S))
        goto bad;

      measurement = g_new0 (SySpeedMeasurement, 1);
      measurement->gpu = g_strdup (json_node_get_string (gpu));
      measurement->model = g_strdup (json_node_get_string (model));
      measurement->tokens_per_s = json_node_get_double (tps);
      g_ptr_array_add (self->measurements, measurement);
    }

  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” is not a list of measured speeds (\"version\": 1, \"measurements\" with gpu, model and tokens_per_s)"),
               self->path);
  return FALSE;
}

static char *
to_json (SySpeedStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "measurements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->measurements->len; i++)
    {
      const SySpeedMeasurement *measurement = g_ptr_array_index (self->measurements, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "gpu");
      json_builder_add_string_value (builder, measurement->gpu);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, measurement->model);
      json_builder_set_member_name (builder, "tokens_per_s");
      json_builder_add_double_value (builder, measurement->tokens_per_s);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* Public API */

char *
sy_speed_store_dup_default_path (void)
{
  const char *override = g_getenv ("SWITCHYARD_DATA_DIR");

  if (override != NULL && *override != '\0')
    return g_build_filename (override, "speed.json", NULL);

  return g_build_filename (g_get_user_data_dir (), "switchyard", "speed.json", NULL);
}

SySpeedStore *
sy_speed_store_load (const char  *path,
                     GError     **error)
{
  g_autoptr(SySpeedStore) self = store_new (path);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (self->path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!parse (self, data, length, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
sy_speed_store_free (SySpeedStore *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_ptr_array_unref (self->measurements);
  g_free (self);
}

guint
sy_speed_store_get_n_measurements (SySpeedStore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->measurements->len;
}

const SySpeedMeasurement *
sy_speed_store_get_measurement (SySpeedStore *self,
                                guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->measurements->len, NULL);
  return g_ptr_array_index (self->measurements, index);
}

static SySpeedMeasurement *
find (SySpeedStore *self,
      const char   *gpu,
      const char   *model)
{
  for (guint i = 0; i < self->measurements->len; i++)
    {
      SySpeedMeasurement *measurement = g_ptr_array_index (self->measurements, i);

      if (g_strcmp0 (measurement->gpu, gpu) == 0 && g_strcmp0 (measurement->model, model) == 0)
        return measurement;
    }

  return NULL;
}

double
sy_speed_store_lookup (SySpeedStore *self,
                       const char   *gpu,
                       const char   *model)
{
  SySpeedMeasurement *measurement;

  g_return_val_if_fail (self != NULL, 0);

  measurement = find (self, gpu, model);
  return measurement != NULL ? measurement->tokens_per_s : 0;
}

gboolean
sy_speed_store_record (SySpeedStore  *self,
                       const char    *gpu,
                       const char    *model,
                       double         tokens_per_s,
                       GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  SySpeedMeasurement *measurement;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (gpu != NULL && model != NULL, FALSE);

  if (!(tokens_per_s > 0 && tokens_per_s <= MAX_TOKENS_PER_S) ||
      !g_utf8_validate (gpu, -1, NULL) || !g_utf8_validate (model, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A measured speed needs a GPU, a model and a positive number of tokens per second"));
      return FALSE;
    }

  measurement = find (self, gpu, model);
  if (measurement == NULL)
    {
      measurement = g_new0 (SySpeedMeasurement, 1);
      measurement->gpu = g_strdup (gpu);
      measurement->model = g_strdup (model);
      g_ptr_array_add (self->measurements, measurement);
    }
  measurement->tokens_per_s = tokens_per_s;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  json = to_json (self);
  /* A temporary file renamed over the old one: a crash keeps one or the other. */
  if (!g_file_set_contents (self->path, json, -1, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not save measured speeds to “%s”: %s"), self->path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

void
sy_speed_store_set_local_gpu (const char *gpu)
{
  g_free (local_gpu);
  local_gpu = g_strdup (gpu);
}

const char *
sy_speed_store_get_local_gpu (void)
{
  return local_gpu;
}

void
sy_speed_store_record_local_reply (const char *model,
                                   double      tokens_per_s)
{
  g_autoptr(SySpeedStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *gpu = local_gpu;

  if (gpu == NULL || model == NULL || *model == '\0' || !(tokens_per_s > 0))
    return;

  store = sy_speed_store_load (NULL, &error);
  if (store == NULL || !sy_speed_store_record (store, gpu, model, tokens_per_s, &error))
    g_debug ("Measured speed not kept: %s", error->message);
}
