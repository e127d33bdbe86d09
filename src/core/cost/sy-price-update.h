/* sy-price-update.h: what a downloaded price list would change, before it does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-price-table.h"

G_BEGIN_DECLS

typedef enum
{
  SY_PRICE_CHANGE_ADDED,      /* a model the table does not have */
  SY_PRICE_CHANGE_CHANGED,    /* a price that differs from the table's */
  SY_PRICE_CHANGE_UNCHANGED,  /* the same price, confirmed current */
} SyPriceChangeKind;

typedef struct
{
  const char        *model;
  SyPriceChangeKind  kind;
  SyPrice            old_price;  /* the table's; meaningless when ADDED */
  SyPrice            new_price;
} SyPriceChange;

#define SY_TYPE_PRICE_UPDATE (sy_price_update_get_type ())
G_DECLARE_FINAL_TYPE (SyPriceUpdate, sy_price_update, SY, PRICE_UPDATE, GObject)

/* Compares LiteLLM's price list (@data) with @table without touching it.
 * Covered are the models the table has and, as additions, the chat models
 * their makers host themselves (LiteLLM providers openai, anthropic,
 * gemini, mistral and deepseek); other resellers' copies are left out.
 * USER prices are never part of an update: they are only counted.
 * @source (the URL) and @as_of (YYYY-MM-DD) are what applied entries
 * will say. All-or-nothing: a list that does not parse is an error and
 * nothing is compared. */
SyPriceUpdate       *sy_price_update_new_from_litellm (SyPriceTable   *table,
                                                        const char     *data,
                                                        gssize          length,
                                                        const char     *source,
                                                        const char     *as_of,
                                                        GError        **error);

/* ADDED and CHANGED first (sorted by model), then UNCHANGED. */
guint                sy_price_update_get_n_items      (SyPriceUpdate  *self);
const SyPriceChange *sy_price_update_get_item         (SyPriceUpdate  *self,
                                                        guint           position);
guint                sy_price_update_get_n_added      (SyPriceUpdate  *self);
guint                sy_price_update_get_n_changed    (SyPriceUpdate  *self);
guint                sy_price_update_get_n_unchanged  (SyPriceUpdate  *self);
guint                sy_price_update_get_n_kept_user  (SyPriceUpdate  *self);
/* Neither an addition nor a change. */
gboolean             sy_price_update_is_empty         (SyPriceUpdate  *self);
const char          *sy_price_update_get_source       (SyPriceUpdate  *self);
const char          *sy_price_update_get_as_of        (SyPriceUpdate  *self);

/* The server answered 304 Not Modified: the update comes from the cached
 * copy of the last download. */
gboolean             sy_price_update_get_not_modified (SyPriceUpdate  *self);
void                 sy_price_update_set_not_modified (SyPriceUpdate  *self,
                                                        gboolean        not_modified);

/* Writes every item into @table as IMPORTED with the update's source and
 * date (unchanged ones too: they are now known to be current), except
 * where the user has since typed a price. Emits SyPriceTable::changed
 * once. Returns how many entries were written. */
guint                sy_price_update_apply            (SyPriceUpdate  *self,
                                                        SyPriceTable   *table);

G_END_DECLS
