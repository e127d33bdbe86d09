/* sy-price-update.c: what a downloaded price list would change, before it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-price-table-private.h"
#include "sy-price-update.h"

struct _SyPriceUpdate
{
  GObject  parent_instance;

  GArray  *pending;  /* PendingEntry, owning the ids the items point at */
  GArray  *items;    /* SyPriceChange */
  guint    n_added;
  guint    n_changed;
  guint    n_unchanged;
  guint    n_kept_user;
  char    *source;
  char    *as_of;
  gboolean not_modified;
};

G_DEFINE_FINAL_TYPE (SyPriceUpdate, sy_price_update, G_TYPE_OBJECT)

/* LiteLLM providers that are the model's maker: their lists are the
 * makers' own prices, not a reseller's. */
static const char * const maker_providers[] = {
  "openai", "anthropic", "gemini", "mistral", "deepseek", NULL
};

/* Auxiliary functions */

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SyPriceChange *ca = a;
  const SyPriceChange *cb = b;
  gboolean a_news = ca->kind != SY_PRICE_CHANGE_UNCHANGED;
  gboolean b_news = cb->kind != SY_PRICE_CHANGE_UNCHANGED;

  if (a_news != b_news)
    return a_news ? -1 : 1;

  return g_strcmp0 (ca->model, cb->model);
}

/* Overrides */

static void
sy_price_update_finalize (GObject *object)
{
  SyPriceUpdate *self = (SyPriceUpdate *)object;

  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->as_of, g_free);

  G_OBJECT_CLASS (sy_price_update_parent_class)->finalize (object);
}

static void
sy_price_update_class_init (SyPriceUpdateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_price_update_finalize;
}

static void
sy_price_update_init (SyPriceUpdate *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (SyPriceChange));
}

/* Public API */

SyPriceUpdate *
sy_price_update_new_from_litellm (SyPriceTable  *table,
                                  const char    *data,
                                  gssize         length,
                                  const char    *source,
                                  const char    *as_of,
                                  GError       **error)
{
  g_autoptr(SyPriceUpdate) self = NULL;
  g_autoptr(GArray) pending = NULL;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (table), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(pending = sy_price_table_parse_litellm (data, length, error)))
    return NULL;

  self = g_object_new (SY_TYPE_PRICE_UPDATE, NULL);
  self->source = g_strdup (source);
  self->as_of = g_strdup (as_of);

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingEntry *p = &g_array_index (pending, PendingEntry, i);
      SyPriceChange change = { p->id, SY_PRICE_CHANGE_ADDED, { 0 }, p->price };

      if (sy_price_table_lookup (table, p->id, &change.old_price, NULL))
        {
          if (change.old_price.origin == SY_PRICE_ORIGIN_USER)
            {
              self->n_kept_user++;
              continue;
            }

          change.kind = sy_price_differs (&change.old_price, &p->price)
                          ? SY_PRICE_CHANGE_CHANGED : SY_PRICE_CHANGE_UNCHANGED;
        }
      else if (p->provider == NULL ||
               !g_strv_contains (maker_providers, p->provider))
        {
          continue;
        }

      switch (change.kind)
        {
        case SY_PRICE_CHANGE_ADDED:
          self->n_added++;
          break;
        case SY_PRICE_CHANGE_CHANGED:
          self->n_changed++;
          break;
        case SY_PRICE_CHANGE_UNCHANGED:
        default:
          self->n_unchanged++;
          break;
        }

      g_array_append_val (self->items, change);
    }

  g_array_sort (self->items, compare_items);
  /* The items point into it. */
  self->pending = g_steal_pointer (&pending);

  return g_steal_pointer (&self);
}

guint
sy_price_update_get_n_items (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);

  return self->items->len;
}

const SyPriceChange *
sy_price_update_get_item (SyPriceUpdate *self,
                          guint          position)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return &g_array_index (self->items, SyPriceChange, position);
}

guint
sy_price_update_get_n_added (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);

  return self->n_added;
}

guint
sy_price_update_get_n_changed (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);

  return self->n_changed;
}

guint
sy_price_update_get_n_unchanged (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);

  return self->n_unchanged;
}

guint
sy_price_update_get_n_kept_user (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);

  return self->n_kept_user;
}

gboolean
sy_price_update_is_empty (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), TRUE);

  return self->n_added == 0 && self->n_changed == 0;
}

const char *
sy_price_update_get_source (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), NULL);

  return self->source;
}

const char *
sy_price_update_get_as_of (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), NULL);

  return self->as_of;
}

gboolean
sy_price_update_get_not_modified (SyPriceUpdate *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), FALSE);

  return self->not_modified;
}

void
sy_price_update_set_not_modified (SyPriceUpdate *self,
                                  gboolean       not_modified)
{
  g_return_if_fail (SY_IS_PRICE_UPDATE (self));

  self->not_modified = !!not_modified;
}

guint
sy_price_update_apply (SyPriceUpdate *self,
                       SyPriceTable  *table)
{
  gboolean changed = FALSE;
  guint n_written = 0;

  g_return_val_if_fail (SY_IS_PRICE_UPDATE (self), 0);
  g_return_val_if_fail (SY_IS_PRICE_TABLE (table), 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      const SyPriceChange *change = &g_array_index (self->items, SyPriceChange, i);
      SyPrice current;
      SyPrice price = change->new_price;

      /* The user may have typed a price while the diff was on screen. */
      if (sy_price_table_lookup (table, change->model, &current, NULL) &&
          current.origin == SY_PRICE_ORIGIN_USER)
        continue;

      price.origin = SY_PRICE_ORIGIN_IMPORTED;
      changed |= sy_price_table_store_entry (table, change->model, NULL, &price,
                                             self->source, self->as_of);
      n_written++;
    }

  if (changed)
    sy_price_table_emit_changed (table);

  return n_written;
}
