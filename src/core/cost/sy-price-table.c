/* sy-price-table.c: API prices per million tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-core-resources.h"
#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-json.h"
#include "sy-format.h"
#include "sy-price-table-private.h"
#include "sy-json.h"

#define DEFAULT_RESOURCE "/io/github/switchyard/Switchyard/data/pricing.json"
#define OWN_FORMAT_VERSION 1

G_DEFINE_FINAL_TYPE (SyPriceTable, sy_price_table, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *get_shipped_ids (void);
static int        shipped_rank    (const char *model);

const SyOptionalPrice sy_optional_prices[] = {
  { "cached_input", "cache_read_input_token_cost", G_STRUCT_OFFSET (SyPrice, cached_input_per_million) },
  { "batch_input", "input_cost_per_token_batches", G_STRUCT_OFFSET (SyPrice, batch_input_per_million) },
  { "batch_output", "output_cost_per_token_batches", G_STRUCT_OFFSET (SyPrice, batch_output_per_million) },
  { "reasoning", "output_cost_per_reasoning_token", G_STRUCT_OFFSET (SyPrice, reasoning_per_million) },
  { "input_above_200k", "input_cost_per_token_above_200k_tokens", G_STRUCT_OFFSET (SyPrice, input_above_200k_per_million) },
  { "output_above_200k", "output_cost_per_token_above_200k_tokens", G_STRUCT_OFFSET (SyPrice, output_above_200k_per_million) },
};
const guint sy_n_optional_prices = G_N_ELEMENTS (sy_optional_prices);

/* Auxiliary functions */

static void
price_entry_free (gpointer data)
{
  PriceEntry *entry = data;

  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->source);
  g_free (entry->as_of);
  g_free (entry);
}

void
sy_price_table_emit_changed (SyPriceTable *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static const char *
origin_to_string (SyPriceOrigin origin)
{
  switch (origin)
    {
    case SY_PRICE_ORIGIN_BUILTIN:
      return "builtin";
    case SY_PRICE_ORIGIN_IMPORTED:
      return "imported";
    case SY_PRICE_ORIGIN_USER:
      return "user";
    default:
      g_return_val_if_reached ("user");
    }
}

static gboolean
origin_from_string (const char    *str,
                    SyPriceOrigin *out_origin)
{
  if (g_strcmp0 (str, "builtin") == 0)
    *out_origin = SY_PRICE_ORIGIN_BUILTIN;
  else if (g_strcmp0 (str, "imported") == 0)
    *out_origin = SY_PRICE_ORIGIN_IMPORTED;
  else if (g_strcmp0 (str, "user") == 0)
    *out_origin = SY_PRICE_ORIGIN_USER;
  else
    return FALSE;

  return TRUE;
}

static gboolean
validate_price (const char  *model,
                const char  *which,
                double       value,
                GError     **error)
{
  SyFigureProblem problem = sy_format_check_figure (value, TRUE, SY_PRICE_MAX_PER_MILLION);
  g_autofree char *shown = NULL;
  g_autofree char *max = NULL;

  if (problem == SY_FIGURE_PROBLEM_NONE)
    return TRUE;

  if (problem == SY_FIGURE_PROBLEM_NOT_A_NUMBER)
    {
      /* Translators: the first %s is "input" or "output", the second a model id */
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("The %s price of “%s” must be a number"), which, model);
      return FALSE;
    }

  shown = sy_format_number (value);

  if (problem == SY_FIGURE_PROBLEM_NEGATIVE)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("The %s price of “%s” cannot be negative (%s)"),
                   which, model, shown);
      return FALSE;
    }

  max = sy_cost_format_usd (SY_PRICE_MAX_PER_MILLION);
  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               _("The %s price of “%s” of $%s per 1M tokens is not plausible: at most %s"),
               which, model, shown, max);
  return FALSE;
}

static gboolean
validate_entry (const char  *model,
                double       input_per_million,
                double       output_per_million,
                GError     **error)
{
  if (model == NULL || model[0] == '\0')
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("A price needs a model name"));
      return FALSE;
    }

  /* Translators: inserted into "The %s price of “%s” …" */
  return validate_price (model, C_("price", "input"), input_per_million, error) &&
         validate_price (model, C_("price", "output"), output_per_million, error);
}

void
sy_price_init (SyPrice       *price,
               double         input_per_million,
               double         output_per_million,
               SyPriceOrigin  origin)
{
  price->input_per_million = input_per_million;
  price->output_per_million = output_per_million;
  for (guint i = 0; i < sy_n_optional_prices; i++)
    *sy_optional_price_slot (price, &sy_optional_prices[i]) = SY_PRICE_UNKNOWN;
  price->origin = origin;
}

gboolean
sy_price_differs (const SyPrice *a,
                  const SyPrice *b)
{
  if (a->input_per_million != b->input_per_million ||
      a->output_per_million != b->output_per_million)
    return TRUE;

  for (guint i = 0; i < sy_n_optional_prices; i++)
    {
      if (*sy_optional_price_slot ((SyPrice *) a, &sy_optional_prices[i]) !=
          *sy_optional_price_slot ((SyPrice *) b, &sy_optional_prices[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (value == NULL || g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);

  return TRUE;
}

/* Stores without validating or emitting; returns whether anything changed. */
gboolean
sy_price_table_store_entry (SyPriceTable  *self,
                            const char    *model,
                            const char    *name,
                            const SyPrice *price,
                            const char    *source,
                            const char    *as_of)
{
  PriceEntry *entry = g_hash_table_lookup (self->entries, model);
  gboolean changed = FALSE;

  if (entry == NULL)
    {
      entry = g_new0 (PriceEntry, 1);
      entry->id = g_strdup (model);
      entry->rank = shipped_rank (model);
      g_hash_table_insert (self->entries, entry->id, entry);
      changed = TRUE;
    }
  else if (sy_price_differs (&entry->price, price) ||
           entry->price.origin != price->origin)
    {
      changed = TRUE;
    }

  changed |= replace_string (&entry->name, name);
  changed |= replace_string (&entry->source, source);
  changed |= replace_string (&entry->as_of, as_of);

  if (price->origin == SY_PRICE_ORIGIN_BUILTIN && entry->rank < 0)
    entry->rank = (int) get_shipped_ids ()->len + self->n_other_builtin++;

  entry->price = *price;

  return changed;
}

gboolean
sy_price_table_get_number_member (JsonObject *object,
                                  const char *member,
                                  double     *out_value)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return FALSE;

  *out_value = json_node_get_double (node);

  return TRUE;
}

const char *
sy_price_table_get_string_member (JsonObject *object,
                                  const char *member)
{
  return sy_json_object_get_string (object, member, NULL);
}

JsonNode *
sy_price_table_parse_json (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL)
    data = "";

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("The file is empty"));
      return NULL;
    }

  /* A name kept from a broken escape would be written back unreadable. */
  if (!sy_json_node_has_valid_strings (root))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The file's text is damaged (not UTF-8)"));
      return NULL;
    }

  return json_node_ref (root);
}

static void
pending_entry_clear (gpointer data)
{
  PendingEntry *pending = data;

  g_free (pending->id);
  g_free (pending->name);
  g_free (pending->source);
  g_free (pending->as_of);
  g_free (pending->provider);
}

GArray *
sy_price_table_pending_array_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (PendingEntry));

  g_array_set_clear_func (array, pending_entry_clear);

  return array;
}

/* Optional members: absent is unknown, present must be a plausible price. */
static gboolean
parse_optional_prices (JsonObject  *entry,
                       const char  *id,
                       SyPrice     *price,
                       GError     **error)
{
  for (guint i = 0; i < sy_n_optional_prices; i++)
    {
      const SyOptionalPrice *optional = &sy_optional_prices[i];
      g_autoptr(GError) local_error = NULL;
      double value;

      if (!json_object_has_member (entry, optional->own_member))
        continue;

      if (!sy_price_table_get_number_member (entry, optional->own_member, &value))
        {
          /* Translators: the first %s is a model id, the second a member name such as "cached_input" */
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                       _("“%s” in the price list has a “%s” that is not a number"),
                       id, optional->own_member);
          return FALSE;
        }

      if (!validate_price (id, optional->own_member, value, &local_error))
        {
          g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                               local_error->message);
          return FALSE;
        }

      *sy_optional_price_slot (price, optional) = value;
    }

  return TRUE;
}

/* A calendar date as YYYY-MM-DD, the only form "as_of" takes. */
static gboolean
is_iso_date (const char *str)
{
  int y, m, d;
  char tail;

  return str != NULL && strlen (str) == 10 &&
         sscanf (str, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
parse_provenance (JsonObject  *entry,
                  const char  *id,
                  char       **out_source,
                  char       **out_as_of,
                  GError     **error)
{
  const char *source = sy_price_table_get_string_member (entry, "source");
  const char *as_of = sy_price_table_get_string_member (entry, "as_of");

  if (json_object_has_member (entry, "source") && (source == NULL || source[0] == '\0'))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                   _("“%s” in the price list has a “source” that is not a text"), id);
      return FALSE;
    }

  if (json_object_has_member (entry, "as_of") && !is_iso_date (as_of))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                   _("“%s” in the price list has an “as_of” that is not a date like 2025-01-31"), id);
      return FALSE;
    }

  *out_source = g_strdup (source);
  *out_as_of = g_strdup (as_of);

  return TRUE;
}

/* Parses the whole own-format document before touching the table, so a bad
 * entry anywhere leaves the table as it was. */
static GArray *
parse_own_format (const char     *data,
                  gssize          length,
                  SyPriceOrigin   default_origin,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) pending = NULL;
  JsonObject *object;
  JsonNode *models_node;
  JsonArray *models;
  guint n;

  if (!(root = sy_price_table_parse_json (data, length, &local_error)))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                   _("This is not a price list: %s"), local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                           _("This is not a price list: the top level is not an object"));
      return NULL;
    }

  object = json_node_get_object (root);

  if (json_object_has_member (object, "version"))
    {
      double version = 0;

      if (!sy_price_table_get_number_member (object, "version", &version) ||
          version != OWN_FORMAT_VERSION)
        {
          g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                               _("This price list has a version Switchyard does not know"));
          return NULL;
        }
    }

  models_node = json_object_get_member (object, "models");
  if (models_node == NULL || !JSON_NODE_HOLDS_ARRAY (models_node))
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                           _("This is not a price list: it has no “models” list"));
      return NULL;
    }

  models = json_node_get_array (models_node);
  n = json_array_get_length (models);
  pending = sy_price_table_pending_array_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (models, i);
      JsonObject *entry;
      PendingEntry p = { 0 };
      const char *id;
      const char *origin_str;
      double input, output;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                       _("Entry %u of the price list is not an object"), i + 1);
          return NULL;
        }

      entry = json_node_get_object (node);
      id = sy_price_table_get_string_member (entry, "id");

      if (id == NULL || id[0] == '\0')
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                       _("Entry %u of the price list has no model id"), i + 1);
          return NULL;
        }

      if (!sy_price_table_get_number_member (entry, "input", &input) ||
          !sy_price_table_get_number_member (entry, "output", &output))
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                       _("“%s” in the price list lacks a numeric input or output price"), id);
          return NULL;
        }

      if (!validate_entry (id, input, output, &local_error))
        {
          g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                               local_error->message);
          return NULL;
        }

      sy_price_init (&p.price, input, output, default_origin);

      if (!parse_optional_prices (entry, id, &p.price, error) ||
          !parse_provenance (entry, id, &p.source, &p.as_of, error))
        {
          g_free (p.source);
          g_free (p.as_of);
          return NULL;
        }

      /* The member wins over @default_origin so that a file written by
       * sy_price_table_to_json() reloads with USER and IMPORTED apart. */
      origin_str = sy_price_table_get_string_member (entry, "origin");
      if (json_object_has_member (entry, "origin") &&
          !origin_from_string (origin_str, &p.price.origin))
        {
          g_free (p.source);
          g_free (p.as_of);
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                       _("“%s” in the price list has an unknown origin “%s”"),
                       id, origin_str ? origin_str : "");
          return NULL;
        }

      p.id = g_strdup (id);
      p.name = g_strdup (sy_price_table_get_string_member (entry, "name"));
      g_array_append_val (pending, p);
    }

  return g_steal_pointer (&pending);
}

static GBytes *
lookup_shipped_data (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  /* Through the resource object rather than the global registry: that
   * reference keeps the resource linked into whoever uses the table. */
  bytes = g_resource_lookup_data (sy_core_get_resource (), DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("Shipped price list missing from the resources: %s", error->message);

  return bytes;
}

/* The ids of the shipped file, in file order; loaded once, never freed. */
static GPtrArray *
get_shipped_ids (void)
{
  static GPtrArray *shipped_ids;

  if (g_once_init_enter (&shipped_ids))
    {
      g_autoptr(GBytes) bytes = lookup_shipped_data ();
      g_autoptr(GArray) pending = NULL;
      g_autoptr(GError) error = NULL;
      GPtrArray *ids = g_ptr_array_new ();
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      pending = parse_own_format (data, size, SY_PRICE_ORIGIN_BUILTIN, &error);
      if (pending == NULL)
        g_error ("Shipped price list is broken: %s", error->message);

      for (guint i = 0; i < pending->len; i++)
        g_ptr_array_add (ids, g_strdup (g_array_index (pending, PendingEntry, i).id));

      g_once_init_leave (&shipped_ids, ids);
    }

  return shipped_ids;
}

static int
shipped_rank (const char *model)
{
  GPtrArray *ids = get_shipped_ids ();

  for (guint i = 0; i < ids->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (ids, i), model))
        return (int) i;
    }

  return -1;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const PriceEntry *ea = *(const PriceEntry * const *) a;
  const PriceEntry *eb = *(const PriceEntry * const *) b;

  if (ea->rank >= 0 || eb->rank >= 0)
    {
      if (ea->rank < 0)
        return 1;
      if (eb->rank < 0)
        return -1;
      return ea->rank - eb->rank;
    }

  return strcmp (ea->id, eb->id);
}

/* Entries in the order dup_models() promises. */
static GPtrArray *
dup_sorted_entries (SyPriceTable *self)
{
  GPtrArray *sorted = g_ptr_array_sized_new (g_hash_table_size (self->entries));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);

  g_ptr_array_sort (sorted, compare_entries);

  return sorted;
}

/* Overrides */

static void
sy_price_table_finalize (GObject *object)
{
  SyPriceTable *self = (SyPriceTable *)object;

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (sy_price_table_parent_class)->finalize (object);
}

static void
sy_price_table_class_init (SyPriceTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_price_table_finalize;

  /**
   * SyPriceTable::changed:
   *
   * Emitted once after each modification that changed a price, however many
   * entries it touched.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
sy_price_table_init (SyPriceTable *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, price_entry_free);
}

/* Public API */

SyPriceTable *
sy_price_table_new (void)
{
  return g_object_new (SY_TYPE_PRICE_TABLE, NULL);
}

SyPriceTable *
sy_price_table_new_default (void)
{
  g_autoptr(SyPriceTable) self = sy_price_table_new ();
  g_autoptr(GBytes) bytes = lookup_shipped_data ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!sy_price_table_load_from_data (self, data, size, SY_PRICE_ORIGIN_BUILTIN, &error))
    g_error ("Shipped price list is broken: %s", error->message);

  return g_steal_pointer (&self);
}

gboolean
sy_price_table_load_from_data (SyPriceTable   *self,
                               const char     *data,
                               gssize          length,
                               SyPriceOrigin   origin,
                               GError        **error)
{
  g_autoptr(GArray) pending = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(pending = parse_own_format (data, length, origin, error)))
    return FALSE;

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingEntry *p = &g_array_index (pending, PendingEntry, i);

      changed |= sy_price_table_store_entry (self, p->id, p->name, &p->price, p->source, p->as_of);
    }

  if (changed)
    sy_price_table_emit_changed (self);

  return TRUE;
}

gboolean
sy_price_table_load_from_file (SyPriceTable   *self,
                               const char     *path,
                               SyPriceOrigin   origin,
                               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the price list: %s"), local_error->message);
      return FALSE;
    }

  return sy_price_table_load_from_data (self, contents, length, origin, error);
}

gboolean
sy_price_table_set (SyPriceTable   *self,
                    const char     *model,
                    double          input_per_million,
                    double          output_per_million,
                    SyPriceOrigin   origin,
                    GError        **error)
{
  PriceEntry *existing;
  SyPrice price;
  gboolean changed = FALSE;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);
  g_return_val_if_fail (origin <= SY_PRICE_ORIGIN_USER, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_entry (model, input_per_million, output_per_million, error))
    return FALSE;

  existing = g_hash_table_lookup (self->entries, model);
  sy_price_init (&price, input_per_million, output_per_million, origin);

  /* Typing the plain prices keeps the cached, batch and long-context ones
   * the table has; a USER price has no source but the user, so the old
   * source and date go. */
  if (existing != NULL)
    {
      for (guint i = 0; i < sy_n_optional_prices; i++)
        *sy_optional_price_slot (&price, &sy_optional_prices[i]) =
          *sy_optional_price_slot (&existing->price, &sy_optional_prices[i]);

      if (origin == SY_PRICE_ORIGIN_USER && existing->price.origin != SY_PRICE_ORIGIN_USER)
        {
          g_clear_pointer (&existing->source, g_free);
          g_clear_pointer (&existing->as_of, g_free);
          changed = TRUE;
        }
    }

  changed |= sy_price_table_store_entry (self, model, NULL, &price, NULL, NULL);
  if (changed)
    sy_price_table_emit_changed (self);

  return TRUE;
}

gboolean
sy_price_table_remove (SyPriceTable *self,
                       const char   *model)
{
  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);

  if (model == NULL || !g_hash_table_remove (self->entries, model))
    return FALSE;

  sy_price_table_emit_changed (self);

  return TRUE;
}

gboolean
sy_price_table_lookup (SyPriceTable  *self,
                       const char    *model,
                       SyPrice       *out_price,
                       GError       **error)
{
  PriceEntry *entry;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (model == NULL || model[0] == '\0')
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL,
                           _("No API model chosen"));
      return FALSE;
    }

  entry = g_hash_table_lookup (self->entries, model);
  if (entry == NULL)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL,
                   _("Unknown API model “%s”: add its prices first"), model);
      return FALSE;
    }

  if (out_price != NULL)
    *out_price = entry->price;

  return TRUE;
}

gboolean
sy_price_table_contains (SyPriceTable *self,
                         const char   *model)
{
  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);

  return model != NULL && g_hash_table_contains (self->entries, model);
}

GStrv
sy_price_table_dup_models (SyPriceTable *self)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), NULL);

  sorted = dup_sorted_entries (self);
  builder = g_strv_builder_new ();

  for (guint i = 0; i < sorted->len; i++)
    g_strv_builder_add (builder, ((PriceEntry *) g_ptr_array_index (sorted, i))->id);

  return g_strv_builder_end (builder);
}

guint
sy_price_table_get_n_models (SyPriceTable *self)
{
  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), 0);

  return g_hash_table_size (self->entries);
}

char *
sy_price_table_to_json (SyPriceTable *self,
                        guint         origins)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), NULL);

  sorted = dup_sorted_entries (self);
  builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, OWN_FORMAT_VERSION);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, "USD per 1M tokens");
  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);

  for (guint i = 0; i < sorted->len; i++)
    {
      const PriceEntry *entry = g_ptr_array_index (sorted, i);

      if ((origins & (1u << entry->price.origin)) == 0)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, entry->id);
      if (entry->name != NULL)
        {
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, entry->name);
        }
      json_builder_set_member_name (builder, "input");
      sy_json_builder_add_double (builder, entry->price.input_per_million);
      json_builder_set_member_name (builder, "output");
      sy_json_builder_add_double (builder, entry->price.output_per_million);
      for (guint j = 0; j < sy_n_optional_prices; j++)
        {
          double value = *sy_optional_price_slot ((SyPrice *) &entry->price, &sy_optional_prices[j]);

          if (value < 0)
            continue;
          json_builder_set_member_name (builder, sy_optional_prices[j].own_member);
          sy_json_builder_add_double (builder, value);
        }
      if (entry->source != NULL)
        {
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, entry->source);
        }
      if (entry->as_of != NULL)
        {
          json_builder_set_member_name (builder, "as_of");
          json_builder_add_string_value (builder, entry->as_of);
        }
      json_builder_set_member_name (builder, "origin");
      json_builder_add_string_value (builder, origin_to_string (entry->price.origin));
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

const char *
sy_price_table_get_source (SyPriceTable *self,
                           const char   *model)
{
  PriceEntry *entry;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), NULL);

  entry = model != NULL ? g_hash_table_lookup (self->entries, model) : NULL;

  return entry != NULL ? entry->source : NULL;
}

const char *
sy_price_table_get_as_of (SyPriceTable *self,
                          const char   *model)
{
  PriceEntry *entry;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), NULL);

  entry = model != NULL ? g_hash_table_lookup (self->entries, model) : NULL;

  return entry != NULL ? entry->as_of : NULL;
}

char *
sy_price_table_dup_newest_as_of (SyPriceTable *self)
{
  GHashTableIter iter;
  gpointer value;
  const char *newest = NULL;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), NULL);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const PriceEntry *entry = value;

      /* ISO dates sort as strings. */
      if (entry->as_of != NULL && g_strcmp0 (entry->as_of, newest) > 0)
        newest = entry->as_of;
    }

  return g_strdup (newest);
}
