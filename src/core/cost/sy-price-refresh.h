/* sy-price-refresh.h: downloads LiteLLM's price list when the user asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-price-table.h"
#include "sy-price-update.h"

G_BEGIN_DECLS

#define SY_PRICE_REFRESH_DEFAULT_URL \
  "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"

/* LiteLLM's list is about 1.6 MB; sixteen times that is still a price
 * list, anything bigger is a wrong URL or a hostile server. The body is
 * streamed and counted, so a larger one is dropped at the cap whether or
 * not it says its length up front. */
#define SY_PRICE_REFRESH_MAX_BYTES (32u * 1024u * 1024u)

#define SY_TYPE_PRICE_REFRESH (sy_price_refresh_get_type ())
G_DECLARE_FINAL_TYPE (SyPriceRefresh, sy_price_refresh, SY, PRICE_REFRESH, GObject)

/* @url: NULL for SY_PRICE_REFRESH_DEFAULT_URL. @cache_dir: where the last
 * download and its ETag are kept; NULL for g_get_user_cache_dir()/switchyard. */
SyPriceRefresh *sy_price_refresh_new           (const char      *url,
                                                const char      *cache_dir);
const char     *sy_price_refresh_get_url       (SyPriceRefresh  *self);
void            sy_price_refresh_set_max_bytes (SyPriceRefresh  *self,
                                                gsize            max_bytes);

/* Progress of the running download, notified as "received": bytes so far
 * and the announced size, or -1 when the server did not say. */
guint64         sy_price_refresh_get_received  (SyPriceRefresh  *self);
gint64          sy_price_refresh_get_expected  (SyPriceRefresh  *self);

/* Downloads the list (with If-None-Match when a previous download is
 * cached), then compares it with @table, which it does not change: see
 * sy_price_update_apply(). On 304 the update comes from the cached copy
 * and says so. Errors name the URL and the reason: G_IO_ERROR for the
 * network, a refused size (G_IO_ERROR_MESSAGE_TOO_LARGE), a cut-off
 * download (G_IO_ERROR_PARTIAL_INPUT) or an HTTP status; SY_COST_ERROR_PARSE
 * for a reply that is not a LiteLLM list. Nothing is cached on error. */
void            sy_price_refresh_run_async     (SyPriceRefresh      *self,
                                                SyPriceTable        *table,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
SyPriceUpdate  *sy_price_refresh_run_finish    (SyPriceRefresh      *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
