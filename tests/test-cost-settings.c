/* test-cost-settings.c: inputs, options and prices survive a restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sy-cost-error.h"
#include "sy-cost-settings.h"

static GSettings *
new_settings (void)
{
  /* GSETTINGS_BACKEND=memory (tests/meson.build): every test starts clean
   * only if it resets what it touched. */
  GSettings *settings = g_settings_new (APP_ID);
  const char *keys[] = { "daily-requests", "input-tokens", "output-tokens", "api-model",
                         "horizon-months", "auto-extend-horizon", "local-options",
                         "inference-options", "inference-option-hardware", "kwh-price", "ops-hours-per-month",
                         "ops-hourly-usd", "peak-factor", "cached-input-share",
                         "batch-share", "reasoning-tokens", "price-decline" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static void
test_defaults (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);
  g_autoptr(GVariant) options = NULL;

  sy_cost_settings_bind (model, settings);

  g_assert_cmpfloat (sy_cost_model_get_daily_requests (model), ==, 1000);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (model), ==, 1000);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (model), ==, 500);
  g_assert_cmpstr (sy_cost_model_get_api_model (model), ==, "gpt-4o-mini");
  g_assert_cmpuint (sy_cost_model_get_horizon_months (model), ==, 36);
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (model)), ==, 2);

  /* A change elsewhere that leaves the options as shipped stores none. */
  sy_cost_model_set_daily_requests (model, 2000);
  options = g_settings_get_value (settings, "inference-options");
  g_assert_cmpuint (g_variant_n_children (options), ==, 0);
}

static void
test_inputs_round_trip (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) first = sy_cost_model_new (prices);
  g_autoptr(SyCostModel) second = NULL;
  g_autoptr(SyInferenceOption) custom = sy_inference_option_new ("custom-2", "Used 3090", 700, 0, 60, 0.8);
  g_autoptr(SyInferenceOption) loaded = NULL;
  SyCostInputs inputs = { 0.3, 10, 100, 3, 0.5, 0.25, 600, 0.05 };
  SyCostInputs got;

  sy_cost_settings_bind (first, settings);
  sy_cost_model_set_inputs (first, &inputs);
  g_assert_cmpfloat (g_settings_get_double (settings, "kwh-price"), ==, 0.3);
  g_assert_cmpfloat (g_settings_get_double (settings, "price-decline"), ==, 0.05);

  sy_inference_option_set_kind (custom, SY_INFERENCE_KIND_RENTED);
  sy_inference_option_set_load_watts (custom, 350);
  sy_inference_option_set_idle_watts (custom, 30);
  sy_inference_option_set_life_months (custom, 36);
  sy_inference_option_set_resale_share (custom, 0.3);
  sy_inference_option_set_rent_hourly_usd (custom, 0.8);
  sy_cost_model_add_option (first, custom);

  /* An invalid input is not stored: the last valid one stays. */
  g_object_set (first, "peak-factor", 0.5, NULL);
  g_assert_cmpfloat (g_settings_get_double (settings, "peak-factor"), ==, 3);

  second = sy_cost_model_new (prices);
  sy_cost_settings_bind (second, settings);
  sy_cost_model_get_inputs (second, &got);
  g_assert_cmpmem (&got, sizeof got, &inputs, sizeof inputs);

  loaded = g_list_model_get_item (sy_cost_model_get_options (second), 2);
  g_assert_cmpstr (sy_inference_option_get_id (loaded), ==, "custom-2");
  g_assert_cmpint (sy_inference_option_get_kind (loaded), ==, SY_INFERENCE_KIND_RENTED);
  g_assert_cmpfloat (sy_inference_option_get_load_watts (loaded), ==, 350);
  g_assert_cmpfloat (sy_inference_option_get_idle_watts (loaded), ==, 30);
  g_assert_cmpfloat (sy_inference_option_get_life_months (loaded), ==, 36);
  g_assert_cmpfloat (sy_inference_option_get_resale_share (loaded), ==, 0.3);
  g_assert_cmpfloat (sy_inference_option_get_rent_hourly_usd (loaded), ==, 0.8);
}

/* What an option was planned on survives a restart beside it; SPEC's two
 * know theirs without being stored. */
static void
test_hardware_round_trip (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) first = sy_cost_model_new (prices);
  g_autoptr(SyCostModel) second = NULL;
  g_autoptr(SyInferenceOption) planned = sy_inference_option_new ("plan-qwen3-32b-rtx-3090-2", "Qwen3 32B on 2× RTX 3090",
                                                                  1400, 0, 30, 0.95);
  g_autoptr(SyInferenceOption) plain = sy_inference_option_new ("custom-3", "Used 3090", 700, 0, 60, 0.8);
  g_autoptr(SyInferenceOption) loaded = NULL;
  g_autoptr(GVariant) stored = NULL;
  g_autofree char *printed = NULL;

  sy_cost_settings_bind (first, settings);
  sy_inference_option_set_hardware (planned, "qwen3-32b", "Q4_K_M", "rtx-3090", 2);
  sy_cost_model_add_option (first, planned);
  sy_cost_model_add_option (first, plain);
  stored = g_settings_get_value (settings, "inference-option-hardware");
  printed = g_variant_print (stored, FALSE);
  g_assert_cmpstr (printed, ==, "[('plan-qwen3-32b-rtx-3090-2', 'qwen3-32b', 'Q4_K_M', 'rtx-3090', 2)]");

  second = sy_cost_model_new (prices);
  sy_cost_settings_bind (second, settings);
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (second)), ==, 4);
  loaded = g_list_model_get_item (sy_cost_model_get_options (second), 2);
  g_assert_cmpstr (sy_inference_option_get_model_id (loaded), ==, "qwen3-32b");
  g_assert_cmpstr (sy_inference_option_get_gpu_id (loaded), ==, "rtx-3090");
  g_assert_cmpuint (sy_inference_option_get_gpu_count (loaded), ==, 2);
  g_assert_cmpstr (sy_inference_option_get_quant (loaded), ==, "Q4_K_M");
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (sy_cost_model_get_options (second), 3);
  g_assert_null (sy_inference_option_get_model_id (loaded));
  g_assert_null (sy_inference_option_get_gpu_id (loaded));
  g_assert_cmpuint (sy_inference_option_get_gpu_count (loaded), ==, 0);
  g_clear_object (&loaded);
  loaded = g_list_model_get_item (sy_cost_model_get_options (second), 1);
  g_assert_cmpstr (sy_inference_option_get_id (loaded), ==, "llama3.1-70b-2xa100");
  g_assert_cmpstr (sy_inference_option_get_model_id (loaded), ==, "llama3.1-70b");
  g_assert_cmpstr (sy_inference_option_get_gpu_id (loaded), ==, "a100-40gb");
  g_assert_cmpstr (sy_inference_option_get_quant (loaded), ==, "Q4_K_M");
  g_assert_cmpuint (sy_inference_option_get_gpu_count (loaded), ==, 2);
}

static void
test_migrate_old_options (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);
  g_autoptr(SyCostModel) again = NULL;
  g_autoptr(SyInferenceOption) option = NULL;
  g_autoptr(GVariant) old_value = NULL;
  g_autoptr(GVariant) stored = NULL;
  GVariantBuilder builder;

  /* What a version before the whole cost of ownership saved. */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a" SY_INFERENCE_OPTION_VARIANT_TYPE_V1));
  g_variant_builder_add (&builder, SY_INFERENCE_OPTION_VARIANT_TYPE_V1,
                         "custom-old", "Mac Studio", 4000.0, 25.0, 30.0, 90.0, 0.8, FALSE, TRUE);
  g_assert_true (g_settings_set_value (settings, "local-options", g_variant_builder_end (&builder)));

  sy_cost_settings_bind (model, settings);
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (model)), ==, 1);
  option = g_list_model_get_item (sy_cost_model_get_options (model), 0);
  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "Mac Studio");
  g_assert_cmpfloat (sy_inference_option_get_monthly_usd (option), ==, 25);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 90);
  g_assert_cmpfloat (sy_inference_option_get_life_months (option), ==, 0);

  /* The first save moves them to the new key and clears the old one. */
  sy_inference_option_set_load_watts (option, 200);
  stored = g_settings_get_value (settings, "inference-options");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 1);
  old_value = g_settings_get_user_value (settings, "local-options");
  g_assert_null (old_value);

  again = sy_cost_model_new (prices);
  sy_cost_settings_bind (again, settings);
  g_clear_object (&option);
  option = g_list_model_get_item (sy_cost_model_get_options (again), 0);
  g_assert_cmpstr (sy_inference_option_get_id (option), ==, "custom-old");
  g_assert_cmpfloat (sy_inference_option_get_load_watts (option), ==, 200);
}

static void
test_round_trip (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) first = sy_cost_model_new (prices);
  g_autoptr(SyCostModel) second = NULL;
  g_autoptr(SyInferenceOption) custom = sy_inference_option_new ("custom-1", "Mac Studio", 4000, 25, 30, 0.8);
  g_autoptr(SyInferenceOption) option = NULL;
  g_autoptr(SyInferenceOption) loaded = NULL;

  sy_cost_settings_bind (first, settings);
  sy_cost_model_set_daily_requests (first, 5000);
  sy_cost_model_set_input_tokens (first, 800);
  sy_cost_model_set_output_tokens (first, 400);
  sy_cost_model_set_api_model (first, "claude-sonnet-4-5");
  sy_cost_model_set_horizon_months (first, 48);
  sy_cost_model_set_auto_extend_horizon (first, FALSE);
  sy_cost_model_add_option (first, custom);
  option = g_list_model_get_item (sy_cost_model_get_options (first), 0);
  sy_inference_option_set_aggregate_tokens_per_second (option, 800);
  sy_inference_option_set_enabled (option, FALSE);

  g_assert_cmpfloat (g_settings_get_double (settings, "daily-requests"), ==, 5000);

  second = sy_cost_model_new (prices);
  sy_cost_settings_bind (second, settings);
  g_assert_cmpfloat (sy_cost_model_get_daily_requests (second), ==, 5000);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (second), ==, 800);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (second), ==, 400);
  g_assert_cmpstr (sy_cost_model_get_api_model (second), ==, "claude-sonnet-4-5");
  g_assert_cmpuint (sy_cost_model_get_horizon_months (second), ==, 48);
  g_assert_false (sy_cost_model_get_auto_extend_horizon (second));
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (second)), ==, 3);

  g_clear_object (&option);
  option = g_list_model_get_item (sy_cost_model_get_options (second), 0);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 800);
  g_assert_false (sy_inference_option_get_enabled (option));
  loaded = g_list_model_get_item (sy_cost_model_get_options (second), 2);
  g_assert_cmpstr (sy_inference_option_get_id (loaded), ==, "custom-1");
  g_assert_cmpstr (sy_inference_option_get_name (loaded), ==, "Mac Studio");
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (loaded), ==, 4000);
}

static void
test_invalid_values_not_stored (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);

  sy_cost_settings_bind (model, settings);
  sy_cost_model_set_daily_requests (model, 3000);
  sy_cost_model_set_daily_requests (model, -1);
  g_assert_cmpfloat (g_settings_get_double (settings, "daily-requests"), ==, 3000);

  sy_cost_model_set_api_model (model, "no-such-model");
  g_assert_cmpstr (g_settings_get_string (settings, "api-model"), ==, "gpt-4o-mini");
}

static void
test_unknown_stored_model_falls_back (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);

  g_settings_set_string (settings, "api-model", "removed-model");
  sy_cost_settings_bind (model, settings);
  g_assert_cmpstr (sy_cost_model_get_api_model (model), ==, "gpt-4o-mini");
  g_assert_true (sy_cost_model_validate (model, NULL));
}

static void
test_prices_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-prices-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "nested", "prices.json", NULL);
  g_autofree char *nested = g_build_filename (dir, "nested", NULL);
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyPriceTable) reloaded = sy_price_table_new_default ();
  SyPrice price;

  g_assert_no_error (error);

  /* No file yet is the normal first start. */
  g_assert_true (sy_cost_settings_load_prices (reloaded, path, &error));
  g_assert_no_error (error);

  g_assert_true (sy_price_table_set (prices, "my-model", 1.25, 5.5, SY_PRICE_ORIGIN_USER, &error));
  g_assert_true (sy_price_table_set (prices, "gpt-4o", 2.0, 8.0, SY_PRICE_ORIGIN_USER, &error));
  g_assert_true (sy_cost_settings_save_prices (prices, path, &error));
  g_assert_no_error (error);

  g_assert_true (sy_cost_settings_load_prices (reloaded, path, &error));
  g_assert_no_error (error);
  g_assert_true (sy_price_table_lookup (reloaded, "my-model", &price, &error));
  g_assert_cmpfloat (price.input_per_million, ==, 1.25);
  g_assert_cmpfloat (price.output_per_million, ==, 5.5);
  g_assert_cmpint (price.origin, ==, SY_PRICE_ORIGIN_USER);
  g_assert_true (sy_price_table_lookup (reloaded, "gpt-4o", &price, &error));
  g_assert_cmpfloat (price.input_per_million, ==, 2.0);
  /* Built-in prices are not copied into the user's file. */
  g_assert_true (sy_price_table_lookup (reloaded, "gpt-4o-mini", &price, &error));
  g_assert_cmpint (price.origin, ==, SY_PRICE_ORIGIN_BUILTIN);

  g_unlink (path);
  g_rmdir (nested);
  g_rmdir (dir);
}

static void
test_corrupt_prices_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-prices-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "prices.json", NULL);
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  guint n_before = sy_price_table_get_n_models (prices);
  g_autofree char *kept = NULL;

  g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"models\": [ {\"id\": \"x\", \"inp", -1, NULL));
  g_assert_false (sy_cost_settings_load_prices (prices, path, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);
  g_assert_true (strstr (error->message, path) != NULL);
  g_assert_cmpuint (sy_price_table_get_n_models (prices), ==, n_before);

  /* The user's file is moved aside, intact, for them to mend, and named in
   * the message; nothing is left at the old name for a save to clobber. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n_aside = 0;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *full = g_build_filename (dir, name, NULL);

        g_assert_true (g_str_has_prefix (name, "prices.json.corrupt-"));
        g_assert_true (strstr (error->message, name) != NULL);
        g_assert_true (g_file_get_contents (full, &kept, NULL, NULL));
        g_assert_true (g_str_has_suffix (kept, "\"inp"));
        g_unlink (full);
        n_aside++;
      }
    g_assert_cmpuint (n_aside, ==, 1);
  }

  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cost-settings/defaults", test_defaults);
  g_test_add_func ("/cost-settings/round-trip", test_round_trip);
  g_test_add_func ("/cost-settings/inputs-round-trip", test_inputs_round_trip);
  g_test_add_func ("/cost-settings/hardware-round-trip", test_hardware_round_trip);
  g_test_add_func ("/cost-settings/migrate-old-options", test_migrate_old_options);
  g_test_add_func ("/cost-settings/invalid-not-stored", test_invalid_values_not_stored);
  g_test_add_func ("/cost-settings/unknown-model-fallback", test_unknown_stored_model_falls_back);
  g_test_add_func ("/cost-settings/prices-round-trip", test_prices_round_trip);
  g_test_add_func ("/cost-settings/corrupt-prices", test_corrupt_prices_file);

  return g_test_run ();
}
