/* sy-cost-settings.c: keeps a SyCostModel and the user's prices between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sy-cost-error.h"
#include "sy-cost-settings.h"

typedef struct
{
  SyCostModel *model;     /* unowned: the binding is attached to it */
  GSettings   *settings;
  gboolean     loading;
} Binding;

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  g_clear_object (&binding->settings);
  g_free (binding);
}

static gboolean
options_are_builtin_defaults (GListModel *options)
{
  g_autoptr(GListStore) builtin = sy_inference_option_new_builtin_list ();
  guint n = g_list_model_get_n_items (options);

  if (n != g_list_model_get_n_items (G_LIST_MODEL (builtin)))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) a = g_list_model_get_item (options, i);
      g_autoptr(SyInferenceOption) b = g_list_model_get_item (G_LIST_MODEL (builtin), i);
      g_autoptr(GVariant) va = g_variant_ref_sink (sy_inference_option_to_variant (a));
      g_autoptr(GVariant) vb = g_variant_ref_sink (sy_inference_option_to_variant (b));

      if (!g_variant_equal (va, vb))
        return FALSE;
    }

  return TRUE;
}

/* The keys of SyCostInputs, in struct order; each is a double. */
static const struct
{
  const char *key;
  gsize       offset;
} input_keys[] = {
  { "kwh-price", G_STRUCT_OFFSET (SyCostInputs, kwh_price_usd) },
  { "ops-hours-per-month", G_STRUCT_OFFSET (SyCostInputs, ops_hours_per_month) },
  { "ops-hourly-usd", G_STRUCT_OFFSET (SyCostInputs, ops_hourly_usd) },
  { "peak-factor", G_STRUCT_OFFSET (SyCostInputs, peak_factor) },
  { "cached-input-share", G_STRUCT_OFFSET (SyCostInputs, cached_input_share) },
  { "batch-share", G_STRUCT_OFFSET (SyCostInputs, batch_share) },
  { "reasoning-tokens", G_STRUCT_OFFSET (SyCostInputs, reasoning_tokens) },
  { "price-decline", G_STRUCT_OFFSET (SyCostInputs, price_decline) },
};

#define INPUT_FIELD(inputs, i) G_STRUCT_MEMBER (double, (inputs), input_keys[i].offset)

/* Options saved by a version before the whole cost of ownership live in
 * "local-options" with the old type; they are read from there until the
 * first save writes "inference-options" (and clears the old key). */
static GVariant *
dup_stored_options (GSettings *settings)
{
  g_autoptr(GVariant) user = g_settings_get_user_value (settings, "inference-options");
  g_autoptr(GVariant) old = NULL;

  if (user != NULL)
    return g_steal_pointer (&user);

  old = g_settings_get_value (settings, "local-options");
  if (g_variant_n_children (old) > 0)
    return g_steal_pointer (&old);

  return g_settings_get_value (settings, "inference-options");
}

/* "inference-option-hardware": what the options of "inference-options"
 * were planned on, by option id (the built-in ones know it themselves). */
static void
load_hardware (GSettings *settings,
               GPtrArray *options)
{
  g_autoptr(GVariant) stored = g_settings_get_value (settings, "inference-option-hardware");
  GVariantIter iter;
  const char *id, *model_id, *quant, *gpu_id;
  guint32 gpu_count;

  g_variant_iter_init (&iter, stored);
  while (g_variant_iter_next (&iter, "(&s&s&s&su)", &id, &model_id, &quant, &gpu_id, &gpu_count))
    {
      for (guint i = 0; i < options->len; i++)
        {
          SyInferenceOption *option = g_ptr_array_index (options, i);

          if (!sy_inference_option_get_builtin (option) &&
              g_strcmp0 (sy_inference_option_get_id (option), id) == 0)
            sy_inference_option_set_hardware (option, model_id, quant, gpu_id, gpu_count);
        }
    }
}

static GVariant *
hardware_to_variant (GListModel *options)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssssu)"));
  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      const char *model_id = sy_inference_option_get_model_id (option);
      const char *quant = sy_inference_option_get_quant (option);
      const char *gpu_id = sy_inference_option_get_gpu_id (option);

      if (sy_inference_option_get_builtin (option) || (model_id == NULL && gpu_id == NULL))
        continue;
      g_variant_builder_add (&builder, "(ssssu)", sy_inference_option_get_id (option),
                             model_id ? model_id : "", quant ? quant : "", gpu_id ? gpu_id : "",
                             (guint32) sy_inference_option_get_gpu_count (option));
    }

  return g_variant_builder_end (&builder);
}

static void
load_options (Binding *binding)
{
  g_autoptr(GVariant) stored = dup_stored_options (binding->settings);
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_object_unref);
  GVariantIter iter;
  GVariant *child;

  /* Empty means "the built-in options": the model already has them. */
  if (g_variant_n_children (stored) == 0)
    return;

  g_variant_iter_init (&iter, stored);
  while ((child = g_variant_iter_next_value (&iter)))
    {
      g_autoptr(GVariant) owned = child;
      g_autoptr(GError) error = NULL;
      SyInferenceOption *option = sy_inference_option_new_from_variant (owned, &error);

      if (option == NULL)
        {
          g_warning ("Ignoring a stored local option: %s", error->message);
          continue;
        }
      g_ptr_array_add (options, option);
    }
  load_hardware (binding->settings, options);

  sy_cost_model_replace_options (binding->model,
                                 (SyInferenceOption **) options->pdata,
                                 options->len);
}

static GVariant *
options_to_variant (GListModel *options)
{
  GVariantBuilder builder;
  guint n = g_list_model_get_n_items (options);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" SY_INFERENCE_OPTION_VARIANT_TYPE));
  if (options_are_builtin_defaults (options))
    return g_variant_builder_end (&builder);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      g_variant_builder_add_value (&builder, sy_inference_option_to_variant (option));
    }

  return g_variant_builder_end (&builder);
}

static double
get_traffic_value (GSettings  *settings,
                   const char *key,
                   double      fallback)
{
  double value = g_settings_get_double (settings, key);

  /* The schema's range rejects most bad values; NaN slips through it. */
  return isfinite (value) && value >= 0 ? value : fallback;
}

static void
load_from_settings (Binding *binding)
{
  SyCostModel *model = binding->model;
  SyPriceTable *prices = sy_cost_model_get_price_table (model);
  g_autofree char *api_model = g_settings_get_string (binding->settings, "api-model");
  SyTraffic traffic = {
    .daily_requests = get_traffic_value (binding->settings, "daily-requests", SY_COST_DEFAULT_DAILY_REQUESTS),
    .input_tokens = get_traffic_value (binding->settings, "input-tokens", SY_COST_DEFAULT_INPUT_TOKENS),
    .output_tokens = get_traffic_value (binding->settings, "output-tokens", SY_COST_DEFAULT_OUTPUT_TOKENS),
  };

  SyCostInputs inputs;

  if (!sy_traffic_validate (&traffic, NULL))
    traffic = (SyTraffic) {
      SY_COST_DEFAULT_DAILY_REQUESTS, SY_COST_DEFAULT_INPUT_TOKENS, SY_COST_DEFAULT_OUTPUT_TOKENS
    };

  for (guint i = 0; i < G_N_ELEMENTS (input_keys); i++)
    INPUT_FIELD (&inputs, i) = g_settings_get_double (binding->settings, input_keys[i].key);
  if (!sy_cost_inputs_validate (&inputs, NULL))
    inputs = SY_COST_INPUTS_DEFAULT;

  /* A model whose price the user has since removed would leave the page in
   * an error state at start-up; start from the default instead. */
  if (!sy_price_table_contains (prices, api_model))
    {
      g_free (api_model);
      api_model = g_strdup (SY_COST_DEFAULT_API_MODEL);
    }

  binding->loading = TRUE;
  sy_cost_model_set_traffic (model, &traffic);
  sy_cost_model_set_inputs (model, &inputs);
  sy_cost_model_set_api_model (model, api_model);
  sy_cost_model_set_horizon_months (model, g_settings_get_uint (binding->settings, "horizon-months"));
  sy_cost_model_set_auto_extend_horizon (model, g_settings_get_boolean (binding->settings, "auto-extend-horizon"));
  load_options (binding);
  binding->loading = FALSE;
}

static void
set_double_if_changed (GSettings  *settings,
                       const char *key,
                       double      value)
{
  if (g_settings_get_double (settings, key) != value)
    g_settings_set_double (settings, key, value);
}

static void
on_model_changed_cb (SyCostModel *model,
                     Binding     *binding)
{
  GSettings *settings = binding->settings;
  g_autofree char *stored_model = NULL;
  g_autoptr(GVariant) stored_options = NULL;
  g_autoptr(GVariant) options = NULL;
  g_autoptr(GVariant) hardware = NULL;
  g_autoptr(GVariant) stored_hardware = NULL;
  g_autoptr(GVariant) old_options = NULL;
  SyTraffic traffic;
  SyCostInputs inputs;
  guint horizon;

  if (binding->loading)
    return;

  sy_cost_model_get_inputs (model, &inputs);
  if (sy_cost_inputs_validate (&inputs, NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (input_keys); i++)
        set_double_if_changed (settings, input_keys[i].key, INPUT_FIELD (&inputs, i));
    }

  /* Only valid values are kept, so a half-typed field never becomes the
   * value the app starts with next time. */
  sy_cost_model_get_traffic (model, &traffic);
  if (sy_traffic_validate (&traffic, NULL))
    {
      set_double_if_changed (settings, "daily-requests", traffic.daily_requests);
      set_double_if_changed (settings, "input-tokens", traffic.input_tokens);
      set_double_if_changed (settings, "output-tokens", traffic.output_tokens);
    }

  stored_model = g_settings_get_string (settings, "api-model");
  if (sy_price_table_contains (sy_cost_model_get_price_table (model), sy_cost_model_get_api_model (model)) &&
      g_strcmp0 (stored_model, sy_cost_model_get_api_model (model)) != 0)
    g_settings_set_string (settings, "api-model", sy_cost_model_get_api_model (model));

  horizon = sy_cost_model_get_horizon_months (model);
  if (horizon >= SY_COST_MIN_HORIZON_MONTHS && horizon <= SY_COST_MAX_HORIZON_MONTHS &&
      horizon != g_settings_get_uint (settings, "horizon-months"))
    g_settings_set_uint (settings, "horizon-months", horizon);

  if (sy_cost_model_get_auto_extend_horizon (model) != g_settings_get_boolean (settings, "auto-extend-horizon"))
    g_settings_set_boolean (settings, "auto-extend-horizon", sy_cost_model_get_auto_extend_horizon (model));

  options = g_variant_ref_sink (options_to_variant (sy_cost_model_get_options (model)));
  stored_options = g_settings_get_value (settings, "inference-options");
  if (!g_variant_equal (options, stored_options))
    g_settings_set_value (settings, "inference-options", options);
  hardware = g_variant_ref_sink (hardware_to_variant (sy_cost_model_get_options (model)));
  stored_hardware = g_settings_get_value (settings, "inference-option-hardware");
  if (!g_variant_equal (hardware, stored_hardware))
    g_settings_set_value (settings, "inference-option-hardware", hardware);

  /* Migrated: the old key must not bring back options deleted since. */
  old_options = g_settings_get_user_value (settings, "local-options");
  if (old_options != NULL)
    g_settings_reset (settings, "local-options");
}

void
sy_cost_settings_bind (SyCostModel *model,
                       GSettings   *settings)
{
  Binding *binding;

  g_return_if_fail (SY_IS_COST_MODEL (model));
  g_return_if_fail (G_IS_SETTINGS (settings));

  binding = g_new0 (Binding, 1);
  binding->model = model;
  binding->settings = g_object_ref (settings);
  g_object_set_data_full (G_OBJECT (model), "sy-cost-settings-binding", binding, binding_free);

  load_from_settings (binding);
  g_signal_connect (model, "changed", G_CALLBACK (on_model_changed_cb), binding);
}

char *
sy_cost_settings_dup_prices_path (void)
{
  const char *override = g_getenv ("SWITCHYARD_CONFIG_DIR");

  if (override != NULL && *override != '\0')
    return g_build_filename (override, "prices.json", NULL);

  return g_build_filename (g_get_user_config_dir (), "switchyard", "prices.json", NULL);
}

gboolean
sy_cost_settings_load_prices (SyPriceTable  *prices,
                              const char    *path,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read your prices from “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  /* Origins stored in the file win over the one given here. */
  if (!sy_price_table_load_from_data (prices, contents, length, SY_PRICE_ORIGIN_USER, &local_error))
    {
      g_autofree char *aside = sy_cost_settings_move_aside (path);

      /* Moved aside, the next save cannot overwrite what the user may
       * still want to mend by hand. */
      if (aside != NULL)
        g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                     _("Your prices in “%s” could not be read (%s). The file was kept as “%s”; "
                       "the built-in prices are used until you add yours again."),
                     path, local_error->message, aside);
      else
        g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
                     _("Your prices in “%s” could not be read (%s)."), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

char *
sy_cost_settings_move_aside (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strconcat (path, ".corrupt-", stamp, NULL);

  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;
      g_warning ("Could not move “%s” aside: %s", path, g_strerror (saved_errno));
      /* Logging may have changed errno; the caller reports the rename's. */
      errno = saved_errno;
      return NULL;
    }

  return g_steal_pointer (&aside);
}

gboolean
sy_cost_settings_save_prices (SyPriceTable  *prices,
                              const char    *path,
                              GError       **error)
{
  g_autofree char *json = sy_price_table_to_json (prices, (1 << SY_PRICE_ORIGIN_USER) | (1 << SY_PRICE_ORIGIN_IMPORTED));
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_file_set_contents (path, json, -1, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not save your prices to “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
