/* sy-cli-prices.c: `switchyard prices`, the price table and its refresh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `--refresh` only shows what a download would change; `--apply` writes it
 * into the user's prices file, as the window's Apply does. Two steps
 * because a price list from the network should be looked at before it
 * moves every cost estimate.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "sy-cli-private.h"
#include "sy-cost-settings.h"
#include "sy-format.h"
#include "sy-price-refresh.h"

typedef struct
{
  GMainLoop     *loop;
  SyPriceUpdate *update;
  GError        *error;
} RefreshRun;

/* Auxiliary functions */

static char *
format_price (double per_million)
{
  guint decimals = 2;

  if (per_million < 0)
    return g_strdup ("—");

  /* $0.075 must not read $0.07: as many decimals as the price has. */
  while (decimals < 6 &&
         fabs (per_million * pow (10, decimals) - round (per_million * pow (10, decimals))) > 1e-6)
    decimals++;

  return sy_format_usd (per_million, decimals);
}

static const SyCliColumn price_columns[] = {
  { 36, 0, FALSE }, { 10, 1, TRUE }, { 10, 1, TRUE }, { 10, 1, TRUE }, { 0, 2, FALSE },
};

static void
print_table (SyPriceTable *prices)
{
  g_auto(GStrv) models = sy_price_table_dup_models (prices);
  g_autofree char *newest = sy_price_table_dup_newest_as_of (prices);
  g_autoptr(SyCliTable) out = sy_cli_table_new (price_columns, G_N_ELEMENTS (price_columns));

  if (newest != NULL)
    /* Translators: heading of `switchyard prices`; %s is a date */
    g_print (_("API prices in USD per 1M tokens, newest as of %s\n"), newest);
  else
    g_print (_("API prices in USD per 1M tokens\n"));

  {
    /* Translators: column heads of `switchyard prices` */
    const char *heads[] = { _("MODEL"), _("INPUT"), _("OUTPUT"), _("CACHED"), _("AS OF") };

    sy_cli_table_add_row (out, heads);
  }

  for (guint i = 0; models[i] != NULL; i++)
    {
      SyPrice price;
      g_autofree char *input = NULL;
      g_autofree char *output = NULL;
      g_autofree char *cached = NULL;
      const char *as_of = sy_price_table_get_as_of (prices, models[i]);

      sy_price_table_lookup (prices, models[i], &price, NULL);
      input = format_price (price.input_per_million);
      output = format_price (price.output_per_million);
      cached = format_price (price.cached_input_per_million);
      {
        const char *cells[] = { models[i], input, output, cached,
                                as_of != NULL ? as_of : (price.origin == SY_PRICE_ORIGIN_USER ? _("yours") : "—") };

        sy_cli_table_add_row (out, cells);
      }
    }
  sy_cli_table_print (out);
}

static void
print_change (const SyPriceChange *change)
{
  g_autofree char *new_in = format_price (change->new_price.input_per_million);
  g_autofree char *new_out = format_price (change->new_price.output_per_million);

  if (change->kind == SY_PRICE_CHANGE_ADDED)
    {
      /* Translators: a line of `switchyard prices --refresh` */
      g_print (_("  added    %s: %s in, %s out\n"), change->model, new_in, new_out);
    }
  else
    {
      g_autofree char *old_in = format_price (change->old_price.input_per_million);
      g_autofree char *old_out = format_price (change->old_price.output_per_million);
      g_autofree char *old_cached = format_price (change->old_price.cached_input_per_million);
      g_autofree char *new_cached = format_price (change->new_price.cached_input_per_million);

      /* Translators: a line of `switchyard prices --refresh`, old → new */
      g_print (_("  changed  %s: %s → %s in, %s → %s out, %s → %s cached\n"),
               change->model, old_in, new_in, old_out, new_out, old_cached, new_cached);
    }
}

static void
print_update (SyPriceUpdate *update)
{
  guint n = sy_price_update_get_n_items (update);

  for (guint i = 0; i < n; i++)
    {
      const SyPriceChange *change = sy_price_update_get_item (update, i);

      if (change->kind != SY_PRICE_CHANGE_UNCHANGED)
        print_change (change);
    }

  /* Translators: summary of `switchyard prices --refresh` */
  g_print (_("%u added, %u changed, %u unchanged, %u of yours kept\n"),
           sy_price_update_get_n_added (update),
           sy_price_update_get_n_changed (update),
           sy_price_update_get_n_unchanged (update),
           sy_price_update_get_n_kept_user (update));
}

static void
on_refresh_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  RefreshRun *run = user_data;

  run->update = sy_price_refresh_run_finish (SY_PRICE_REFRESH (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static int
run_refresh (SyPriceTable *prices,
             const char   *prices_path,
             const char   *url,
             gboolean      apply)
{
  g_autoptr(SyPriceRefresh) refresh = sy_price_refresh_new (url, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) save_error = NULL;
  RefreshRun run = { loop, NULL, NULL };
  guint n_written;

  sy_price_refresh_run_async (refresh, prices, NULL, on_refresh_done_cb, &run);
  g_main_loop_run (loop);

  if (run.update == NULL)
    {
      int status = sy_cli_fail (EXIT_RUNTIME_FAILURE, "prices", run.error->message);

      /* Translators: after a failed refresh */
      g_printerr (_("The price table stays as it was.\n"));
      g_clear_error (&run.error);
      return status;
    }

  if (sy_price_update_is_empty (run.update))
    {
      if (sy_price_update_get_not_modified (run.update))
        g_print (_("Prices are up to date: %s has not changed since the last download.\n"), url);
      else
        g_print (_("Prices are up to date.\n"));
    }

  print_update (run.update);

  if (!apply)
    {
      if (!sy_price_update_is_empty (run.update))
        g_print (_("Nothing is changed yet: run again with --apply to use these prices.\n"));
      g_clear_object (&run.update);
      return 0;
    }

  n_written = sy_price_update_apply (run.update, prices);
  g_clear_object (&run.update);

  if (!sy_cost_settings_save_prices (prices, prices_path, &save_error))
    return sy_cli_fail (EXIT_RUNTIME_FAILURE, "prices", save_error->message);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Applied %u price to %s\n", "Applied %u prices to %s\n", n_written),
           n_written, prices_path);

  return 0;
}

/* Public API */

int
sy_cli_run_prices (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyPriceTable) prices = NULL;
  g_autofree char *prices_path = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) args = NULL;
  gboolean refresh = FALSE;
  gboolean apply = FALSE;
  const GOptionEntry entries[] = {
    { "refresh", 0, 0, G_OPTION_ARG_NONE, &refresh,
      N_("Download LiteLLM’s price list and show what it would change"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Download from URL instead of LiteLLM’s published list"), N_("URL") },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_("With --refresh: write the new prices into your price table"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard prices [OPTION…]" */
  context = g_option_context_new (_("— list the API prices, or refresh them"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Without options, lists the prices in use: the shipped ones, imported\n"
      "ones and yours, with the date each was current.\n\n"
      "--refresh downloads LiteLLM’s model_prices_and_context_window.json and\n"
      "prints what is added and what changes (old → new). Nothing is written\n"
      "unless --apply is given; prices you typed are never replaced. The last\n"
      "download is cached with its ETag, so an unchanged list is not fetched\n"
      "twice. A reply over 32 MB, cut off or not JSON changes nothing.\n\n"
      "Example:\n"
      "  switchyard prices --refresh --apply\n\n"
      "Exit status: 0 ok, 1 the download or the save failed, 2 bad input."));

  args = sy_cli_dup_args ("prices", argc, argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "prices", message);
    }

  if ((url != NULL || apply) && !refresh)
    return sy_cli_fail (EXIT_BAD_INPUT, "prices", _("--url and --apply go with --refresh"));

  prices = sy_price_table_new_default ();
  prices_path = sy_cost_settings_dup_prices_path ();
  if (!sy_cost_settings_load_prices (prices, prices_path, &error))
    return sy_cli_fail (EXIT_RUNTIME_FAILURE, "prices", error->message);

  if (refresh)
    {
      if (url == NULL)
        url = g_strdup (SY_PRICE_REFRESH_DEFAULT_URL);
      return run_refresh (prices, prices_path, url, apply);
    }

  print_table (prices);

  return 0;
}
