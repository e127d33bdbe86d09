/* sy-price-table-litellm.c: imports LiteLLM's price list into a SyPriceTable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-cost-error.h"
#include "sy-price-table-private.h"

/* Auxiliary functions */

/* LiteLLM prices are USD per token as decimal literals (2.5e-06); the
 * product with 1e6 is off by an ulp, so round away the binary noise. */
static double
per_token_to_per_million (double per_token)
{
  return round (per_token * 1e6 * 1e9) / 1e9;
}

static gboolean
is_plausible (double per_million)
{
  return isfinite (per_million) && per_million >= 0 && per_million <= SY_PRICE_MAX_PER_MILLION;
}

static gboolean
parse_litellm_entry (JsonNode     *node,
                     PendingEntry *out)
{
  JsonObject *object;
  double input, output;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);

  if (g_strcmp0 (sy_price_table_get_string_member (object, "mode"), "chat") != 0)
    return FALSE;

  if (!sy_price_table_get_number_member (object, "input_cost_per_token", &input) ||
      !sy_price_table_get_number_member (object, "output_cost_per_token", &output))
    return FALSE;

  input = per_token_to_per_million (input);
  output = per_token_to_per_million (output);

  if (!is_plausible (input) || !is_plausible (output))
    return FALSE;

  sy_price_init (&out->price, input, output, SY_PRICE_ORIGIN_IMPORTED);

  /* An implausible optional price stays unknown rather than dropping the
   * model: the plain prices are still good. */
  for (guint i = 0; i < sy_n_optional_prices; i++)
    {
      const SyOptionalPrice *optional = &sy_optional_prices[i];
      double value;

      if (sy_price_table_get_number_member (object, optional->litellm_member, &value) &&
          is_plausible (per_token_to_per_million (value)))
        *sy_optional_price_slot (&out->price, optional) = per_token_to_per_million (value);
    }

  out->provider = g_strdup (sy_price_table_get_string_member (object, "litellm_provider"));

  return TRUE;
}

GArray *
sy_price_table_parse_litellm (const char  *data,
                              gssize       length,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) pending = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  if (!(root = sy_price_table_parse_json (data, length, &local_error)))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                   _("This is not a LiteLLM price list: %s"), local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                           _("This is not a LiteLLM price list: the top level is not an object keyed by model name"));
      return NULL;
    }

  pending = sy_price_table_pending_array_new ();
  json_object_iter_init (&iter, json_node_get_object (root));

  while (json_object_iter_next (&iter, &member, &node))
    {
      PendingEntry p = { 0 };

      /* LiteLLM documents its fields in a fake entry. */
      if (g_str_equal (member, "sample_spec") || member[0] == '\0')
        continue;

      if (!parse_litellm_entry (node, &p))
        continue;

      p.id = g_strdup (member);
      g_array_append_val (pending, p);
    }

  if (pending->len == 0)
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                           _("This is not a LiteLLM price list: no chat model with input and output prices"));
      return NULL;
    }

  return g_steal_pointer (&pending);
}

/* Public API */

gboolean
sy_price_table_import_litellm (SyPriceTable  *self,
                               const char    *data,
                               gssize         length,
                               guint         *n_imported,
                               guint         *n_kept_user,
                               GError       **error)
{
  g_autoptr(GArray) pending = NULL;
  guint imported = 0;
  guint kept = 0;
  gboolean changed = FALSE;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(pending = sy_price_table_parse_litellm (data, length, error)))
    return FALSE;

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingEntry *p = &g_array_index (pending, PendingEntry, i);
      PriceEntry *existing = g_hash_table_lookup (self->entries, p->id);

      if (existing != NULL && existing->price.origin == SY_PRICE_ORIGIN_USER)
        {
          kept++;
          continue;
        }

      /* A file says nothing of where its prices came from: the old source
       * and date no longer describe them. */
      if (existing != NULL && (existing->source != NULL || existing->as_of != NULL))
        {
          g_clear_pointer (&existing->source, g_free);
          g_clear_pointer (&existing->as_of, g_free);
          changed = TRUE;
        }

      changed |= sy_price_table_store_entry (self, p->id, NULL, &p->price, NULL, NULL);
      imported++;
    }

  if (n_imported != NULL)
    *n_imported = imported;
  if (n_kept_user != NULL)
    *n_kept_user = kept;

  if (changed)
    sy_price_table_emit_changed (self);

  return TRUE;
}
