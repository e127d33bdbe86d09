/* sy-gpu-table.c: GPUs one can buy (data/gpus.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-core-resources.h"
#include "sy-gpu-table.h"
#include "sy-json.h"

#define DEFAULT_RESOURCE "/io/github/switchyard/Switchyard/data/gpus.json"
#define FORMAT_VERSION 1

struct _SyGpuTable
{
  GObject    parent_instance;

  GPtrArray *gpus;   /* SyGpuSpec */
};

G_DEFINE_FINAL_TYPE (SyGpuTable, sy_gpu_table, G_TYPE_OBJECT)

/* Words that make a card a different, bigger one when they follow a match:
 * "RTX 3090" must not take "RTX 3090 Ti". */
static const char * const sibling_suffixes[] = { "ti", "super", "xt", "xtx", NULL };

/* Auxiliary functions */

static void
gpu_spec_free (SyGpuSpec *gpu)
{
  g_free (gpu->id);
  g_free (gpu->name);
  g_free (gpu->vendor);
  g_strfreev (gpu->match);
  g_free (gpu->price_date);
  g_free (gpu->price_kind);
  g_free (gpu->source);
  g_free (gpu->price_source);
  g_free (gpu);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         *json_node_get_string (node) != '\0';
}

static char *
dup_string (JsonObject  *object,
            const char  *member,
            const char  *gpu,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!node_is_string (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("GPU “%s”: “%s” must be a non-empty string"), gpu, member);
      return NULL;
    }

  return g_strdup (json_node_get_string (node));
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *gpu,
            double       min,
            double       max,
            double      *out_value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("GPU “%s”: “%s” must be a number"), gpu, member);
      return FALSE;
    }

  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("GPU “%s”: “%s” is out of range"), gpu, member);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* Lower-case words of letters and digits: "NVIDIA A100-SXM4-80GB" →
 * nvidia, a100, sxm4, 80gb. */
static GStrv
split_words (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GString *word = g_string_new (NULL);

  for (const char *p = text; ; p++)
    {
      if (*p != '\0' && g_ascii_isalnum (*p))
        {
          g_string_append_c (word, g_ascii_tolower (*p));
          continue;
        }
      if (word->len > 0)
        {
          g_strv_builder_add (builder, word->str);
          g_string_truncate (word, 0);
        }
      if (*p == '\0')
        break;
    }

  g_string_free (word, TRUE);
  return g_strv_builder_end (builder);
}

static gboolean
words_equal (const char *a,
             const char *b)
{
  g_auto(GStrv) words_a = split_words (a);
  g_auto(GStrv) words_b = split_words (b);

  return words_a[0] != NULL && g_strv_equal ((const char * const *) words_a,
                                             (const char * const *) words_b);
}

/* Number of words of @pattern found in @name (0: not found). */
static guint
match_length (char       **name,
              const char  *pattern)
{
  g_auto(GStrv) words = split_words (pattern);
  guint n_name = g_strv_length (name);
  guint n_words = g_strv_length (words);

  if (n_words == 0 || n_words > n_name)
    return 0;

  for (guint start = 0; start + n_words <= n_name; start++)
    {
      guint i = 0;

      while (i < n_words && strcmp (name[start + i], words[i]) == 0)
        i++;
      if (i < n_words)
        continue;
      if (start + n_words < n_name &&
          g_strv_contains (sibling_suffixes, name[start + n_words]))
        continue;
      return n_words;
    }

  return 0;
}

static SyGpuSpec *
parse_gpu (JsonNode  *node,
           GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) match = NULL;
  JsonObject *object;
  JsonNode *match_node;
  SyGpuSpec *gpu;
  g_autofree char *id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Every GPU must be an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  id = dup_string (object, "id", "?", error);
  if (id == NULL)
    return NULL;

  gpu = g_new0 (SyGpuSpec, 1);
  gpu->id = g_steal_pointer (&id);

#define STRING_FIELD(field, member) \
  G_STMT_START { \
    gpu->field = dup_string (object, member, gpu->id, &local_error); \
    if (gpu->field == NULL) \
      goto fail; \
  } G_STMT_END

  STRING_FIELD (name, "name");
  STRING_FIELD (vendor, "vendor");
  STRING_FIELD (price_date, "price_date");
  STRING_FIELD (price_kind, "price_kind");
  STRING_FIELD (source, "source");
  STRING_FIELD (price_source, "price_source");
#undef STRING_FIELD

  if (!get_number (object, "memory_gb", gpu->id, 1, 4096, &gpu->memory_gb, &local_error) ||
      !get_number (object, "bandwidth_gbps", gpu->id, 1, 100000, &gpu->bandwidth_gbps, &local_error) ||
      !get_number (object, "board_power_w", gpu->id, 1, 10000, &gpu->board_power_w, &local_error) ||
      !get_number (object, "price_usd", gpu->id, 0, 1e7, &gpu->price_usd, &local_error))
    goto fail;

  match = g_strv_builder_new ();
  match_node = json_object_get_member (object, "match");
  if (match_node == NULL || !JSON_NODE_HOLDS_ARRAY (match_node) ||
      json_array_get_length (json_node_get_array (match_node)) == 0)
    {
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("GPU “%s”: “match” must be a non-empty list of names"), gpu->id);
      goto fail;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (match_node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (match_node), i);
      g_auto(GStrv) words = NULL;

      if (!node_is_string (element) ||
          (words = split_words (json_node_get_string (element)))[0] == NULL)
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("GPU “%s”: every “match” entry must be a name with letters or digits"), gpu->id);
          goto fail;
        }
      g_strv_builder_add (match, json_node_get_string (element));
    }
  gpu->match = g_strv_builder_end (match);

  return gpu;

fail:
  g_propagate_error (error, g_steal_pointer (&local_error));
  gpu_spec_free (gpu);
  return NULL;
}

/* Overrides */

static void
sy_gpu_table_finalize (GObject *object)
{
  SyGpuTable *self = SY_GPU_TABLE (object);

  g_clear_pointer (&self->gpus, g_ptr_array_unref);

  G_OBJECT_CLASS (sy_gpu_table_parent_class)->finalize (object);
}

static void
sy_gpu_table_class_init (SyGpuTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sy_gpu_table_finalize;
}

static void
sy_gpu_table_init (SyGpuTable *self)
{
  self->gpus = g_ptr_array_new_with_free_func ((GDestroyNotify) gpu_spec_free);
}

/* Public API */

SyGpuTable *
sy_gpu_table_new_from_data (const char  *data,
                            gssize       length,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SyGpuTable) self = NULL;
  JsonArray *gpus;

  gpus = sy_json_parse_versioned_list (parser, data, length, FORMAT_VERSION, "gpus", _("The GPU table"), error);
  if (gpus == NULL)
    return NULL;

  self = g_object_new (SY_TYPE_GPU_TABLE, NULL);
  for (guint i = 0; i < json_array_get_length (gpus); i++)
    {
      SyGpuSpec *gpu = parse_gpu (json_array_get_element (gpus, i), error);

      if (gpu == NULL)
        return NULL;
      if (sy_gpu_table_lookup (self, gpu->id) != NULL || sy_gpu_table_lookup (self, gpu->name) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("GPU “%s” is listed twice"), gpu->id);
          gpu_spec_free (gpu);
          return NULL;
        }
      g_ptr_array_add (self->gpus, gpu);
    }

  return g_steal_pointer (&self);
}

SyGpuTable *
sy_gpu_table_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SyGpuTable *self;
  gsize size;
  const char *data;

  bytes = g_resource_lookup_data (sy_core_get_resource (), DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Shipped GPU table missing: %s", error->message);

  data = g_bytes_get_data (bytes, &size);
  self = sy_gpu_table_new_from_data (data, (gssize) size, &error);
  if (self == NULL)
    g_error ("Shipped GPU table is invalid: %s", error->message);

  return self;
}

guint
sy_gpu_table_get_n_gpus (SyGpuTable *self)
{
  g_return_val_if_fail (SY_IS_GPU_TABLE (self), 0);
  return self->gpus->len;
}

const SyGpuSpec *
sy_gpu_table_get_gpu (SyGpuTable *self,
                      guint       index)
{
  g_return_val_if_fail (SY_IS_GPU_TABLE (self), NULL);
  g_return_val_if_fail (index < self->gpus->len, NULL);
  return g_ptr_array_index (self->gpus, index);
}

const SyGpuSpec *
sy_gpu_table_lookup (SyGpuTable *self,
                     const char *id_or_name)
{
  g_return_val_if_fail (SY_IS_GPU_TABLE (self), NULL);

  if (id_or_name == NULL)
    return NULL;

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const SyGpuSpec *gpu = g_ptr_array_index (self->gpus, i);

      if (g_ascii_strcasecmp (gpu->id, id_or_name) == 0 || words_equal (gpu->name, id_or_name))
        return gpu;
      for (guint j = 0; gpu->match[j] != NULL; j++)
        if (words_equal (gpu->match[j], id_or_name))
          return gpu;
    }

  return NULL;
}

const SyGpuSpec *
sy_gpu_table_match (SyGpuTable *self,
                    const char *detected_name)
{
  g_auto(GStrv) name = NULL;
  const SyGpuSpec *best = NULL;
  guint best_length = 0;

  g_return_val_if_fail (SY_IS_GPU_TABLE (self), NULL);

  if (detected_name == NULL)
    return NULL;

  name = split_words (detected_name);
  for (guint i = 0; i < self->gpus->len; i++)
    {
      const SyGpuSpec *gpu = g_ptr_array_index (self->gpus, i);

      for (guint j = 0; gpu->match[j] != NULL; j++)
        {
          guint length = match_length (name, gpu->match[j]);

          if (length > best_length)
            {
              best = gpu;
              best_length = length;
            }
        }
    }

  return best;
}

char *
sy_gpu_table_dup_names (SyGpuTable *self)
{
  GString *names = g_string_new (NULL);

  g_return_val_if_fail (SY_IS_GPU_TABLE (self), NULL);

  for (guint i = 0; i < self->gpus->len; i++)
    {
      const SyGpuSpec *gpu = g_ptr_array_index (self->gpus, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, gpu->name);
    }

  return g_string_free (names, FALSE);
}
