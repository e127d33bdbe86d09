/* sy-model-catalog.c: local models the picker knows (data/models.json)
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
#include "sy-model-catalog.h"
#include "sy-json.h"

#define DEFAULT_RESOURCE "/io/github/switchyard/Switchyard/data/models.json"
#define FORMAT_VERSION 1

struct _SyModelCatalog
{
  GObject    parent_instance;

  GPtrArray *models;   /* SyCatalogModel */
};

G_DEFINE_FINAL_TYPE (SyModelCatalog, sy_model_catalog, G_TYPE_OBJECT)

static const struct
{
  const char *name;
  double      bits;
} quants[SY_N_QUANTS] = {
  /* 32 weights share one 8-bit exponent: a 17-byte block_mxfp4 per 32
   * weights (llama.cpp ggml/src/ggml-common.h), only the experts of
   * gpt-oss; see unquantised_parameters for the rest. */
  [SY_QUANT_MXFP4]  = { "MXFP4",  4.25 },
  [SY_QUANT_Q4_K_M] = { "Q4_K_M", 4.85 },
  [SY_QUANT_Q5_K_M] = { "Q5_K_M", 5.69 },
  [SY_QUANT_Q8_0]   = { "Q8_0",   8.5 },
  [SY_QUANT_F16]    = { "F16",    16.0 },
};

static const char * const use_cases[] = {
  "chat", "coding", "rag", "summarization", "embeddings", "frontier", NULL,
};

/* Quantisations and use cases */

double
sy_quant_get_bits_per_weight (SyQuant quant)
{
  g_return_val_if_fail (quant < SY_N_QUANTS, 16.0);
  return quants[quant].bits;
}

const char *
sy_quant_to_string (SyQuant quant)
{
  g_return_val_if_fail (quant < SY_N_QUANTS, "F16");
  return quants[quant].name;
}

gboolean
sy_quant_from_string (const char *text,
                      SyQuant    *out_quant)
{
  for (guint i = 0; i < SY_N_QUANTS; i++)
    if (g_ascii_strcasecmp (text, quants[i].name) == 0)
      {
        *out_quant = i;
        return TRUE;
      }

  return FALSE;
}

const char * const *
sy_use_case_list (void)
{
  return use_cases;
}

const char *
sy_use_case_get_label (const char *use_case)
{
  if (g_strcmp0 (use_case, SY_USE_CASE_ALL) == 0)
    return _("All use cases");
  if (g_strcmp0 (use_case, "chat") == 0)
    return _("General chat");
  if (g_strcmp0 (use_case, "coding") == 0)
    return _("Coding");
  if (g_strcmp0 (use_case, "rag") == 0)
    return _("RAG Q&A");
  if (g_strcmp0 (use_case, "summarization") == 0)
    return _("Summarization");
  if (g_strcmp0 (use_case, "embeddings") == 0)
    return _("Embeddings");
  if (g_strcmp0 (use_case, "frontier") == 0)
    return _("Frontier quality");

  return use_case;
}

/* Auxiliary functions */

void
sy_catalog_model_free (SyCatalogModel *model)
{
  if (model == NULL)
    return;

  g_free (model->id);
  g_free (model->name);
  g_free (model->use_case);
  g_free (model->why);
  g_free (model->ollama_tag);
  g_free (model->source);
  g_free (model->quant_name);
  for (guint i = 0; i < SY_N_QUANTS; i++)
    g_free (model->quant_tags[i]);
  g_free (model);
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            const char  *model,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: “%s” must be a non-empty string"), model, member);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *model,
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
                   _("Model “%s”: “%s” must be a number"), model, member);
      return FALSE;
    }

  value = json_node_get_double (node);
  if (!isfinite (value) || value < min || value > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: “%s” is out of range"), model, member);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* "published_gb": { "Q4_K_M": 4.9, .. }: optional, each a size in GB. */
/* Both or neither: a window without the layers that use it (or the other
 * way round) says nothing. */
static gboolean
parse_sliding_window (JsonObject      *object,
                      const char      *id,
                      SyCatalogModel  *model,
                      GError         **error)
{
  gboolean has_window = json_object_has_member (object, "sliding_window");
  gboolean has_layers = json_object_has_member (object, "sliding_layers");
  double window, layers;

  if (!has_window && !has_layers)
    return TRUE;
  if (has_window != has_layers)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: give sliding_window and sliding_layers together"), id);
      return FALSE;
    }
  if (!get_number (object, "sliding_window", id, 1, 16777216, &window, error) ||
      !get_number (object, "sliding_layers", id, 1, model->layers, &layers, error))
    return FALSE;

  model->sliding_window = (guint) window;
  model->sliding_layers = (guint) layers;
  return TRUE;
}

static gboolean
parse_published_sizes (JsonObject      *object,
                       const char      *id,
                       SyCatalogModel  *model,
                       GError         **error)
{
  JsonNode *node = json_object_get_member (object, "published_gb");
  JsonObject *sizes;
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: “%s” must be an object"), id, "published_gb");
      return FALSE;
    }

  sizes = json_node_get_object (node);
  names = json_object_get_members (sizes);
  for (GList *l = names; l != NULL; l = l->next)
    {
      SyQuant quant;

      if (!sy_quant_from_string (l->data, &quant))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Model “%s”: unknown quantisation"), id);
          return FALSE;
        }
      if (!get_number (sizes, l->data, id, 0.001, 10000, &model->published_gb[quant], error))
        return FALSE;
    }

  return TRUE;
}

static SyCatalogModel *
parse_model (JsonNode  *node,
             GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  SyCatalogModel *model;
  JsonObject *object;
  JsonNode *quant_node;
  JsonObject *quant_object;
  g_autoptr(GList) quant_names = NULL;
  const char *id;
  double layers, kv_heads, head_dim, max_context;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Every model must be an object"));
      return NULL;
    }

  object = json_node_get_object (node);
  id = get_string (object, "id", "?", error);
  if (id == NULL)
    return NULL;

  model = g_new0 (SyCatalogModel, 1);
  model->id = g_strdup (id);

#define STRING_FIELD(field, member) \
  G_STMT_START { \
    const char *value = get_string (object, member, id, &local_error); \
    if (value == NULL) \
      goto fail; \
    model->field = g_strdup (value); \
  } G_STMT_END

  STRING_FIELD (name, "name");
  STRING_FIELD (use_case, "use_case");
  STRING_FIELD (why, "why");
  STRING_FIELD (ollama_tag, "ollama_tag");
  STRING_FIELD (source, "source");
#undef STRING_FIELD

  if (!get_number (object, "parameters", id, 1e6, 1e13, &model->parameters, &local_error) ||
      !get_number (object, "layers", id, 1, 1000, &layers, &local_error) ||
      !get_number (object, "kv_heads", id, 1, 1024, &kv_heads, &local_error) ||
      !get_number (object, "head_dim", id, 1, 4096, &head_dim, &local_error) ||
      !get_number (object, "max_context", id, 512, 16777216, &max_context, &local_error))
    goto fail;
  model->active_parameters = model->parameters;
  if (json_object_has_member (object, "active_parameters") &&
      !get_number (object, "active_parameters", id, 1e6, model->parameters, &model->active_parameters, &local_error))
    goto fail;
  model->layers = (guint) layers;
  model->kv_heads = (guint) kv_heads;
  model->head_dim = (guint) head_dim;
  model->max_context = (guint) max_context;

  model->kv_cache = json_object_get_boolean_member_with_default (object, "kv_cache", TRUE);
  if (!parse_sliding_window (object, id, model, &local_error))
    goto fail;
  if (json_object_has_member (object, "published_q4_gb") &&
      !get_number (object, "published_q4_gb", id, 0, 10000, &model->published_q4_gb, &local_error))
    goto fail;

  if (json_object_has_member (object, "unquantised_parameters") &&
      !get_number (object, "unquantised_parameters", id, 0, model->parameters,
                   &model->unquantised_parameters, &local_error))
    goto fail;
  if (!parse_published_sizes (object, id, model, &local_error))
    goto fail;
  model->default_tag_quant = SY_N_QUANTS;
  if (json_object_has_member (object, "ollama_tag_quant"))
    {
      const char *name = get_string (object, "ollama_tag_quant", id, &local_error);

      if (name == NULL)
        goto fail;
      if (!sy_quant_from_string (name, &model->default_tag_quant))
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Model “%s”: unknown quantisation"), id);
          goto fail;
        }
    }

  quant_node = json_object_get_member (object, "quants");
  quant_object = quant_node != NULL && JSON_NODE_HOLDS_OBJECT (quant_node) ? json_node_get_object (quant_node) : NULL;
  quant_names = quant_object != NULL ? json_object_get_members (quant_object) : NULL;
  for (GList *l = quant_names; l != NULL; l = l->next)
    {
      JsonNode *tag_node = json_object_get_member (quant_object, l->data);
      SyQuant quant;

      if (!sy_quant_from_string (l->data, &quant))
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Model “%s”: unknown quantisation"), id);
          goto fail;
        }
      /* A size without its download would recommend one file and pull another. */
      if (!JSON_NODE_HOLDS_VALUE (tag_node) ||
          json_node_get_value_type (tag_node) != G_TYPE_STRING ||
          strchr (json_node_get_string (tag_node), ':') == NULL)
        {
          g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Model “%s”: every quantisation needs its Ollama tag (“name:tag”)"), id);
          goto fail;
        }
      model->quants |= 1u << quant;
      g_free (model->quant_tags[quant]);
      model->quant_tags[quant] = g_strdup (json_node_get_string (tag_node));
    }
  if (model->quants == 0)
    {
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: “quants” must list at least one quantisation"), id);
      goto fail;
    }
  for (guint quant = 0; quant < SY_N_QUANTS; quant++)
    if (model->published_gb[quant] > 0 && !sy_catalog_model_has_quant (model, quant))
      {
        /* A size for a build the catalogue cannot pull is a typo. */
        g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("Model “%s”: “published_gb” names a quantisation without a tag"), id);
        goto fail;
      }
  if (model->default_tag_quant != SY_N_QUANTS && !sy_catalog_model_has_quant (model, model->default_tag_quant))
    {
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Model “%s”: “ollama_tag_quant” names a quantisation without a tag"), id);
      goto fail;
    }

  return model;

fail:
  g_propagate_error (error, g_steal_pointer (&local_error));
  sy_catalog_model_free (model);
  return NULL;
}

/* Overrides */

static void
sy_model_catalog_finalize (GObject *object)
{
  SyModelCatalog *self = SY_MODEL_CATALOG (object);

  g_clear_pointer (&self->models, g_ptr_array_unref);

  G_OBJECT_CLASS (sy_model_catalog_parent_class)->finalize (object);
}

static void
sy_model_catalog_class_init (SyModelCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sy_model_catalog_finalize;
}

static void
sy_model_catalog_init (SyModelCatalog *self)
{
  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_catalog_model_free);
}

/* Public API */

SyModelCatalog *
sy_model_catalog_new_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SyModelCatalog) self = NULL;
  JsonArray *models;

  models = sy_json_parse_versioned_list (parser, data, length, FORMAT_VERSION, "models", _("The model list"), error);
  if (models == NULL)
    return NULL;

  self = g_object_new (SY_TYPE_MODEL_CATALOG, NULL);
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      SyCatalogModel *model = parse_model (json_array_get_element (models, i), error);

      if (model == NULL)
        return NULL;
      g_ptr_array_add (self->models, model);
    }

  return g_steal_pointer (&self);
}

SyModelCatalog *
sy_model_catalog_new_default (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SyModelCatalog *self;
  gsize size;
  const char *data;

  bytes = g_resource_lookup_data (sy_core_get_resource (), DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Shipped model list missing: %s", error->message);

  data = g_bytes_get_data (bytes, &size);
  self = sy_model_catalog_new_from_data (data, (gssize) size, &error);
  if (self == NULL)
    g_error ("Shipped model list is invalid: %s", error->message);

  return self;
}

guint
sy_model_catalog_get_n_models (SyModelCatalog *self)
{
  g_return_val_if_fail (SY_IS_MODEL_CATALOG (self), 0);
  return self->models->len;
}

const SyCatalogModel *
sy_model_catalog_get_model (SyModelCatalog *self,
                            guint           index)
{
  g_return_val_if_fail (SY_IS_MODEL_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->models->len, NULL);
  return g_ptr_array_index (self->models, index);
}

const SyCatalogModel *
sy_model_catalog_find (SyModelCatalog *self,
                       const char     *id_or_tag)
{
  g_return_val_if_fail (SY_IS_MODEL_CATALOG (self), NULL);

  for (guint i = 0; i < self->models->len; i++)
    {
      const SyCatalogModel *model = g_ptr_array_index (self->models, i);

      if (g_strcmp0 (model->id, id_or_tag) == 0 || g_strcmp0 (model->ollama_tag, id_or_tag) == 0)
        return model;
    }

  return NULL;
}

gboolean
sy_catalog_model_has_quant (const SyCatalogModel *model,
                         SyQuant            quant)
{
  return quant < SY_N_QUANTS && (model->quants & (1u << quant)) != 0;
}

const char *
sy_catalog_model_get_pull_tag (const SyCatalogModel *model,
                               SyQuant               quant)
{
  g_return_val_if_fail (model != NULL, NULL);

  return quant < SY_N_QUANTS ? model->quant_tags[quant] : NULL;
}

const char *
sy_catalog_model_get_description (const SyCatalogModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);

  /* gettext ("") would be the catalogue's header. */
  if (model->why == NULL || *model->why == '\0')
    return "";

  return g_dgettext (GETTEXT_PACKAGE, model->why);
}

const char *
sy_catalog_model_get_quant_name (const SyCatalogModel *model,
                                 SyQuant               quant)
{
  if (model->quant_name != NULL)
    return model->quant_name;

  return sy_quant_to_string (quant);
}
