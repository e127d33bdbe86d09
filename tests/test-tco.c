/* test-tco.c: SPEC's "whole cost of ownership" golden table through the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-cost-sensitivity.h"

#define OPTION_8B  "llama3.1-8b-rtx4090"
#define OPTION_70B "llama3.1-70b-2xa100"

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static const SyTraffic golden_traffic = { 5000, 800, 400 };

static SyPrice
lookup (const char *model)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autoptr(GError) error = NULL;
  SyPrice price;

  g_assert_true (sy_price_table_lookup (table, model, &price, &error));
  g_assert_no_error (error);

  return price;
}

/* Plain prices only: the golden rows say which optional price they use. */
static SyPrice
plain_price (double input,
             double output)
{
  return (SyPrice) {
    .input_per_million = input,
    .output_per_million = output,
    .cached_input_per_million = SY_PRICE_UNKNOWN,
    .batch_input_per_million = SY_PRICE_UNKNOWN,
    .batch_output_per_million = SY_PRICE_UNKNOWN,
    .reasoning_per_million = SY_PRICE_UNKNOWN,
    .input_above_200k_per_million = SY_PRICE_UNKNOWN,
    .output_above_200k_per_million = SY_PRICE_UNKNOWN,
  };
}

static void
compute (const SyTraffic    *traffic,
         const SyCostInputs *inputs,
         const SyPrice      *price,
         SyInferenceOption  *option,
         SyCostResult       *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_cost_compute_full (traffic, inputs, price, option, result, &error));
  g_assert_no_error (error);
}

static void
assert_rounded (double      value,
                const char *format,
                const char *expected)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, format, value);
  g_assert_cmpstr (buf, ==, expected);
}

static void
assert_break_even (const SyCostResult *result,
                   const char         *expected)
{
  g_assert_true (result->breaks_even);
  assert_rounded (result->break_even_months, "%.1f", expected);
}

static void
test_ops_time (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o");
  SyCostResult result;

  inputs.ops_hours_per_month = 10;
  inputs.ops_hourly_usd = 100;
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.api_monthly_usd, "%.2f", "900.00");
  assert_rounded (result.local_monthly_usd, "%.2f", "1030.00");
  assert_rounded (result.ops_usd, "%.2f", "1000.00");
  assert_rounded (result.other_usd, "%.2f", "30.00");
  g_assert_false (result.breaks_even);
}

static void
test_cached_share (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = plain_price (2.5, 10);
  SyCostResult result;

  price.cached_input_per_million = 1.25;
  inputs.cached_input_share = 0.5;
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.api_monthly_usd, "%.2f", "825.00");
  assert_break_even (&result, "2.0");

  /* Without a cached price, cached input costs what plain input does. */
  price.cached_input_per_million = SY_PRICE_UNKNOWN;
  compute (&golden_traffic, &inputs, &price, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "900.00");
}

static void
test_reasoning_tokens (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o-mini");
  SyCostResult result;

  inputs.reasoning_tokens = 600;
  price.reasoning_per_million = SY_PRICE_UNKNOWN;
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.api_monthly_usd, "%.2f", "108.00");
  assert_break_even (&result, "20.5");

  /* A reasoning price of its own replaces the output price for them. */
  price.reasoning_per_million = 1.2;
  compute (&golden_traffic, &inputs, &price, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "162.00");
}

static void
test_batch_share (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = plain_price (2.5, 10);
  SyCostResult result;

  inputs.batch_share = 0.5;
  compute (&golden_traffic, &inputs, &price, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "675.00");

  /* Batch prices from the table win over the 50 % rule. */
  price.batch_input_per_million = 2.5;
  price.batch_output_per_million = 10;
  compute (&golden_traffic, &inputs, &price, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "900.00");
}

static void
test_long_context (void)
{
  SyTraffic traffic = { 100, 300000, 400 };
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = plain_price (3, 15);
  SyCostResult result;

  /* 100 × 300k × 30 = 900M input, 1.2M output. */
  compute (&traffic, &inputs, &price, NULL, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "2718.00");

  price.input_above_200k_per_million = 6;
  price.output_above_200k_per_million = 22.5;
  compute (&traffic, &inputs, &price, NULL, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "5427.00");

  /* At the threshold the plain prices still apply. */
  traffic.input_tokens = SY_COST_LONG_CONTEXT_TOKENS;
  compute (&traffic, &inputs, &price, NULL, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "1818.00");
}

static void
test_power (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new ("box", "Power box", 1600, 0, 100, 0.75);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o-mini");
  SyCostResult result;

  sy_inference_option_set_load_watts (option, 450);
  sy_inference_option_set_idle_watts (option, 50);
  sy_inference_option_set_aggregate_tokens_per_second (option, 100);
  inputs.kwh_price_usd = 0.30;
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.api_monthly_usd, "%.2f", "54.00");
  assert_rounded (result.box_utilisation * 100, "%.1f", "23.1");
  assert_rounded (result.power_usd, "%.2f", "30.80");
  assert_rounded (result.local_monthly_usd, "%.2f", "30.80");
  g_assert_cmpuint (result.boxes_needed, ==, 1);
  assert_break_even (&result, "69.0");

  /* Without a price for electricity the watts cost nothing. */
  inputs.kwh_price_usd = 0;
  compute (&golden_traffic, &inputs, &price, option, &result);
  g_assert_cmpfloat (result.power_usd, ==, 0);
}

static void
test_price_decline (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_70B);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice sonnet = lookup ("claude-sonnet-4-5");
  SyPrice gpt4o = lookup ("gpt-4o");
  SyCostResult result;

  compute (&golden_traffic, &inputs, &sonnet, option, &result);
  assert_break_even (&result, "26.3");

  inputs.price_decline = 0.05;
  compute (&golden_traffic, &inputs, &sonnet, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "1260.00");
  assert_break_even (&result, "29.2");
  /* Refined past the 0.05-month grid: the grid alone would say 29.25. */
  g_assert_cmpfloat_with_epsilon (result.break_even_months, 29.2187, 1e-3);

  inputs.price_decline = 0;
  compute (&golden_traffic, &inputs, &gpt4o, option, &result);
  assert_break_even (&result, "50.0");

  inputs.price_decline = 0.10;
  compute (&golden_traffic, &inputs, &gpt4o, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "900.00");
  g_assert_false (result.breaks_even);
}

static void
test_peak_factor (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyTraffic traffic = { 50000, 800, 400 };
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o-mini");
  SyCostResult result;

  compute (&traffic, &inputs, &price, option, &result);
  assert_rounded (result.api_monthly_usd, "%.2f", "540.00");
  g_assert_cmpuint (result.boxes_needed, ==, 3);
  assert_break_even (&result, "10.7");

  inputs.peak_factor = 3;
  compute (&traffic, &inputs, &price, option, &result);
  g_assert_cmpuint (result.boxes_needed, ==, 7);
  assert_break_even (&result, "33.9");
  /* The one-box demand stays; each of the 7 boxes carries a seventh. */
  assert_rounded (result.utilisation, "%.4f", "2.3148");
  assert_rounded (result.box_utilisation, "%.4f", "0.3307");
}

static void
test_rented (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new ("rent", "Rented GPU", 5000, 0, 100, 0.75);
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o");
  SyCostResult result;

  sy_inference_option_set_kind (option, SY_INFERENCE_KIND_RENTED);
  sy_inference_option_set_rent_hourly_usd (option, 0.80);
  /* A rented box draws power on the provider's bill, not this one. */
  sy_inference_option_set_load_watts (option, 450);
  inputs.kwh_price_usd = 0.30;
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.api_monthly_usd, "%.2f", "900.00");
  assert_rounded (result.hardware_usd, "%.2f", "576.00");
  assert_rounded (result.local_monthly_usd, "%.2f", "576.00");
  g_assert_cmpfloat (result.local_setup_usd, ==, 0);
  g_assert_cmpfloat (result.power_usd, ==, 0);
  g_assert_true (result.breaks_even);
  g_assert_cmpfloat (result.break_even_months, ==, 0);

  /* Dearer than the API every month: never. */
  sy_inference_option_set_rent_hourly_usd (option, 2);
  compute (&golden_traffic, &inputs, &price, option, &result);
  g_assert_false (result.breaks_even);
}

static void
test_replacement (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o-mini");
  SyCostResult result;
  const SyCostLine *line;
  double step;

  /* 66.7 months to pay back a box that lives 36: the first replacement
   * ($1,600 × 0.75 = $1,200) comes before, and moves the crossing. */
  sy_inference_option_set_life_months (option, 36);
  sy_inference_option_set_resale_share (option, 0.25);
  compute (&golden_traffic, &inputs, &price, option, &result);

  assert_rounded (result.hardware_usd, "%.2f", "33.33");
  g_assert_cmpfloat (result.replacement_months, ==, 36);
  g_assert_cmpfloat (result.replacement_usd, ==, 1200);
  /* The slope keeps power, ops and other; the hardware is in the steps. */
  assert_rounded (result.local_monthly_usd, "%.2f", "30.00");
  assert_rounded (result.total_monthly_usd, "%.2f", "63.33");
  /* 2800 + 30 m = 54 m at m = 116.7, after the second step at 72 →
   * 4000 / 24 = 166.7, after the fourth at 144 → 6400/24 = 266.7 … it
   * never catches up: 24 a month gains less than 1200 / 36. */
  g_assert_false (result.breaks_even);

  /* A life long enough to pay back first: the closed form still holds. */
  sy_inference_option_set_life_months (option, 70);
  compute (&golden_traffic, &inputs, &price, option, &result);
  assert_break_even (&result, "66.7");

  /* Through the series: the line steps at 70 and 140. */
  sy_cost_model_set_traffic (model, &golden_traffic);
  sy_cost_model_replace_options (model, &option, 1);
  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);
  line = sy_cost_series_get_line (series, 1);
  g_assert_cmpint (line->kind, ==, SY_COST_LINE_LOCAL);
  g_assert_cmpfloat (sy_cost_series_value_at (series, 1, 69.99), <, 1600 + 30 * 70);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 1, 70), 1600 + 30 * 70 + 1200, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 1, 140), 1600 + 30 * 140 + 2400, 1e-9);
  g_assert_true (sy_cost_series_next_step (series, 1, 0, 1000, &step));
  g_assert_cmpfloat (step, ==, 70);
  g_assert_true (sy_cost_series_next_step (series, 1, 70, 1000, &step));
  g_assert_cmpfloat (step, ==, 140);
  g_assert_false (sy_cost_series_next_step (series, 1, 140, 200, &step));
  g_assert_false (sy_cost_series_next_step (series, 0, 0, 1000, &step));
}

static void
test_series_decline (void)
{
  g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  const SyCostLine *api;
  double k = -log (0.9) / 12;

  sy_cost_model_set_traffic (model, &golden_traffic);
  sy_cost_model_set_api_model (model, "gpt-4o");
  inputs.price_decline = 0.1;
  sy_cost_model_set_inputs (model, &inputs);
  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);

  api = sy_cost_series_get_line (series, 0);
  g_assert_cmpint (api->kind, ==, SY_COST_LINE_API);
  g_assert_true (api->is_api);
  g_assert_cmpfloat (api->decline, ==, 0.1);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 0, 12),
                                  900 * (1 - 0.9) / k, 1e-6);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 0, 30),
                                  900 * (1 - pow (0.9, 2.5)) / k, 1e-6);
  /* Cheaper than the straight line after the first month. */
  g_assert_cmpfloat (sy_cost_series_value_at (series, 0, 24), <, 900 * 24);
  g_assert_cmpfloat (sy_cost_series_value_at (series, 0, 0), ==, 0);
  /* The 70B box's break-even is gone (SPEC: never with 10 %). */
  for (guint i = 0; i < sy_cost_series_get_n_break_evens (series); i++)
    g_assert_cmpuint (sy_cost_series_get_break_even (series, i)->local_line, !=, 2);
}

static void
test_crossing (void)
{
  g_autoptr(SyCostSeries) series = sy_cost_series_new (100);
  guint api = sy_cost_series_add_line_full (series, "api", SY_COST_LINE_API, 0, 100, 0, 0, 0, 0);
  guint local = sy_cost_series_add_line_full (series, "local", SY_COST_LINE_LOCAL, 1001, 0, 0, 10.03, 10000, 1);
  guint rented = sy_cost_series_add_line_full (series, "rent", SY_COST_LINE_RENTED, 0, 50, 0, 0, 0, 2);
  double month;

  /* The API reaches 1001 at month 10.01, just before the step at 10.03
   * that a 0.05-month grid (10.00, 10.05) would step over. */
  g_assert_true (sy_cost_series_find_crossing (series, api, local, 0.05, 600, &month));
  g_assert_cmpfloat_with_epsilon (month, 10.01, 1e-6);
  g_assert_cmpint (sy_cost_series_get_line (series, rented)->kind, ==, SY_COST_LINE_RENTED);
  g_assert_false (sy_cost_series_get_line (series, rented)->is_api);
  /* The rented line starts level with the API and stays below it. */
  g_assert_true (sy_cost_series_find_crossing (series, api, rented, 0.05, 600, &month));
  g_assert_cmpfloat (month, ==, 0);
  g_assert_false (sy_cost_series_find_crossing (series, rented, local, 0.05, 19, &month));
}

static void
test_inputs_validation (void)
{
  static const struct {
    gsize       offset;
    double      value;
    const char *needle;
  } cases[] = {
    { G_STRUCT_OFFSET (SyCostInputs, kwh_price_usd), -0.1, "electricity price" },
    { G_STRUCT_OFFSET (SyCostInputs, ops_hours_per_month), NAN, "Ops hours" },
    { G_STRUCT_OFFSET (SyCostInputs, ops_hourly_usd), -5, "ops hourly rate" },
    { G_STRUCT_OFFSET (SyCostInputs, peak_factor), 0.5, "peak factor must be at least 1" },
    { G_STRUCT_OFFSET (SyCostInputs, cached_input_share), 1.5, "cached input share" },
    { G_STRUCT_OFFSET (SyCostInputs, batch_share), INFINITY, "batch share" },
    { G_STRUCT_OFFSET (SyCostInputs, reasoning_tokens), -1, "Reasoning tokens" },
    { G_STRUCT_OFFSET (SyCostInputs, price_decline), 0.95, "price decline" },
  };
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;

  g_assert_true (sy_cost_inputs_validate (&inputs, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SyCostInputs bad = SY_COST_INPUTS_DEFAULT;
      g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);

      G_STRUCT_MEMBER (double, &bad, cases[i].offset) = cases[i].value;
      g_assert_false (sy_cost_inputs_validate (&bad, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);

      /* The model refuses it too. */
      sy_cost_model_set_inputs (model, &bad);
      g_assert_false (sy_cost_model_validate (model, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
    }
}

static void
test_option_validation (void)
{
  static const struct {
    const char *property;
    double      value;
    const char *needle;
  } cases[] = {
    { "load-watts", -1, "the load power cannot be negative" },
    { "idle-watts", INFINITY, "the idle power must be a number" },
    { "idle-watts", 500, "the idle power (500 W) cannot be above the load power (450 W)" },
    { "life-months", -3, "the life cannot be negative" },
    { "resale-share", 1.5, "the resale share of 1.5 is not plausible" },
    { "rent-hourly-usd", -1, "the hourly rent cannot be negative" },
    { "rent-hours-per-month", 800, "the rented hours a month of 800 is not plausible" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SyInferenceOption) option = sy_inference_option_new ("x", "Used 3090", 700, 0, 60, 0.8);
      g_autoptr(GError) error = NULL;

      sy_inference_option_set_load_watts (option, 450);
      g_assert_true (sy_inference_option_validate (option, NULL));
      g_object_set (option, cases[i].property, cases[i].value, NULL);
      g_assert_false (sy_inference_option_validate (option, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "“Used 3090”"));
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_option_new_fields (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new ("x", "Used 3090", 700, 10, 60, 0.8);
  g_autoptr(SyInferenceOption) copy = NULL;
  g_autoptr(SyInferenceOption) loaded = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GError) error = NULL;
  SyInferenceKind kind;

  /* Defaults leave SPEC §2's options as they were. */
  g_assert_cmpint (sy_inference_option_get_kind (option), ==, SY_INFERENCE_KIND_LOCAL);
  g_assert_cmpfloat (sy_inference_option_get_load_watts (option), ==, 0);
  g_assert_cmpfloat (sy_inference_option_get_life_months (option), ==, 0);
  g_assert_cmpfloat (sy_inference_option_get_rent_hours_per_month (option), ==, 720);

  g_object_set (option, "kind", SY_INFERENCE_KIND_RENTED, "load-watts", 350.0,
                "idle-watts", 30.0, "life-months", 36.0, "resale-share", 0.3,
                "rent-hourly-usd", 0.4, "rent-hours-per-month", 200.0, NULL);
  g_object_get (option, "kind", &kind, NULL);
  g_assert_cmpint (kind, ==, SY_INFERENCE_KIND_RENTED);

  copy = sy_inference_option_copy (option);
  variant = g_variant_ref_sink (sy_inference_option_to_variant (copy));
  g_assert_cmpstr (g_variant_get_type_string (variant), ==, SY_INFERENCE_OPTION_VARIANT_TYPE);
  loaded = sy_inference_option_new_from_variant (variant, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sy_inference_option_get_kind (loaded), ==, SY_INFERENCE_KIND_RENTED);
  g_assert_cmpfloat (sy_inference_option_get_load_watts (loaded), ==, 350);
  g_assert_cmpfloat (sy_inference_option_get_idle_watts (loaded), ==, 30);
  g_assert_cmpfloat (sy_inference_option_get_life_months (loaded), ==, 36);
  g_assert_cmpfloat (sy_inference_option_get_resale_share (loaded), ==, 0.3);
  g_assert_cmpfloat (sy_inference_option_get_rent_hourly_usd (loaded), ==, 0.4);
  g_assert_cmpfloat (sy_inference_option_get_rent_hours_per_month (loaded), ==, 200);
  g_clear_object (&loaded);

  /* What an earlier version saved still loads, with the new defaults. */
  old = g_variant_ref_sink (g_variant_new (SY_INFERENCE_OPTION_VARIANT_TYPE_V1,
                                           "old", "Old box", 1000.0, 20.0, 50.0, 80.0, 0.7,
                                           FALSE, FALSE));
  loaded = sy_inference_option_new_from_variant (old, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sy_inference_option_get_name (loaded), ==, "Old box");
  g_assert_cmpfloat (sy_inference_option_get_monthly_usd (loaded), ==, 20);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (loaded), ==, 80);
  g_assert_false (sy_inference_option_get_enabled (loaded));
  g_assert_cmpint (sy_inference_option_get_kind (loaded), ==, SY_INFERENCE_KIND_LOCAL);
  g_assert_cmpfloat (sy_inference_option_get_rent_hours_per_month (loaded), ==, 720);
  g_clear_object (&loaded);

  /* An unknown kind (a newer version's) is refused, not guessed. */
  g_clear_pointer (&variant, g_variant_unref);
  variant = g_variant_ref_sink (g_variant_new (SY_INFERENCE_OPTION_VARIANT_TYPE,
                                               "new", "New box", 1000.0, 20.0, 50.0, 50.0, 0.7,
                                               FALSE, TRUE, 7, 0.0, 0.0, 0.0, 0.0, 0.0, 720.0));
  loaded = sy_inference_option_new_from_variant (variant, &error);
  g_assert_null (loaded);
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
}

static void
test_model_inputs (void)
{
  g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) option = NULL;
  SyCostInputs inputs;
  SyCostResult result;
  guint changed = 0;
  double value;

  sy_cost_model_get_inputs (model, &inputs);
  g_assert_cmpfloat (inputs.peak_factor, ==, 1);
  g_assert_cmpfloat (inputs.kwh_price_usd, ==, 0);

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);
  g_object_set (model, "ops-hours-per-month", 10.0, NULL);
  g_object_set (model, "ops-hourly-usd", 100.0, NULL);
  g_object_get (model, "ops-hourly-usd", &value, NULL);
  g_assert_cmpfloat (value, ==, 100);
  g_assert_cmpuint (changed, ==, 2);
  /* The same value again is no change. */
  g_object_set (model, "ops-hourly-usd", 100.0, NULL);
  g_assert_cmpuint (changed, ==, 2);

  sy_cost_model_set_traffic (model, &golden_traffic);
  sy_cost_model_set_api_model (model, "gpt-4o");
  option = g_object_ref (sy_cost_model_find_option (model, OPTION_8B, NULL));
  g_assert_true (sy_cost_model_compute (model, option, &result, NULL));
  assert_rounded (result.local_monthly_usd, "%.2f", "1030.00");
  g_assert_false (result.breaks_even);
}

typedef struct
{
  const SyCostRange *ranges;
  guint              n_ranges;
} FixedRanges;

static guint
fixed_ranges_cb (SyInferenceOption *option,
                 SyCostRange       *out,
                 gpointer           user_data)
{
  const FixedRanges *fixed = user_data;

  if (fixed->n_ranges > 0)
    memcpy (out, fixed->ranges, fixed->n_ranges * sizeof (SyCostRange));

  return fixed->n_ranges;
}

/* The plot's band: each line's variants over the corners of the ranges.
 * Daily requests from 2,500 to 10,000 on gpt-4o-mini: the API costs $27 to
 * $108 a month; with ops hours from 0 to 2 at $50 the RTX 4090 costs $30
 * to $130 a month; the 2× A100 (disabled) has no line. */
static void
test_series_with_ranges (void)
{
  g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);
  g_autoptr(SyCostSeries) plain = NULL;
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  SyCostInputs inputs;
  const SyCostRange ranges[] = {
    { SY_COST_INPUT_DAILY_REQUESTS, 2500, 10000 },
    { SY_COST_INPUT_OPS_HOURS, 0, 2 },
  };
  const SyCostRange backwards[] = { { SY_COST_INPUT_DAILY_REQUESTS, 10000, 2500 } };
  FixedRanges given = { ranges, G_N_ELEMENTS (ranges) };
  FixedRanges none = { NULL, 0 };
  FixedRanges bad = { backwards, 1 };
  double low, high;

  sy_cost_model_set_traffic (model, &golden_traffic);
  sy_cost_model_set_api_model (model, "gpt-4o-mini");
  sy_cost_model_get_inputs (model, &inputs);
  inputs.ops_hourly_usd = 50;
  sy_cost_model_set_inputs (model, &inputs);
  sy_inference_option_set_enabled (sy_cost_model_find_option (model, OPTION_70B, NULL), FALSE);

  series = sy_cost_model_build_series_with_ranges (model, fixed_ranges_cb, &given, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 2);

  g_assert_true (sy_cost_series_band_at (series, 0, 10, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 270, 1e-6);
  g_assert_cmpfloat_with_epsilon (high, 1080, 1e-6);
  g_assert_true (sy_cost_series_band_at (series, 1, 10, &low, &high));
  g_assert_cmpfloat_with_epsilon (low, 1600 + 300, 1e-6);
  g_assert_cmpfloat_with_epsilon (high, 1600 + 1300, 1e-6);
  /* The lines themselves stay where the model's own inputs put them. */
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 0, 10), 540, 1e-6);

  /* No ranges: the plain series, without bands. */
  plain = sy_cost_model_build_series_with_ranges (model, fixed_ranges_cb, &none, &error);
  g_assert_no_error (error);
  g_assert_false (sy_cost_series_band_at (plain, 0, 10, NULL, NULL));

  g_assert_null (sy_cost_model_build_series_with_ranges (model, fixed_ranges_cb, &bad, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
}

static void
test_sensitivity (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  g_autoptr(GArray) swings = NULL;
  g_autoptr(GError) error = NULL;
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o-mini");
  /* Ops time listed first, so the sort has to move it. */
  const SyCostRange ranges[] = {
    { SY_COST_INPUT_OPS_HOURS, 0, 0.1 },
    { SY_COST_INPUT_DAILY_REQUESTS, 4000, 6000 },
  };
  const SyCostSensitivity *first, *second;
  SyCostResult middle;
  gboolean low_ok, high_ok;
  double low, high;

  inputs.ops_hourly_usd = 10;

  /* Middle: 5,000 a day, 0.05 h × $10: 1600 / (54 − 30.5) = 68.1. */
  g_assert_true (sy_cost_break_even_range (&golden_traffic, &inputs, &price, option,
                                           ranges, G_N_ELEMENTS (ranges), &middle,
                                           &low_ok, &low, &high_ok, &high, &error));
  g_assert_no_error (error);
  assert_break_even (&middle, "68.1");
  /* Earliest: 6,000 a day, no ops (1600 / 34.8); latest: 4,000 a day
   * and $1 of ops (1600 / 12.2). */
  g_assert_true (low_ok);
  g_assert_true (high_ok);
  assert_rounded (low, "%.1f", "46.0");
  assert_rounded (high, "%.1f", "131.1");

  swings = sy_cost_sensitivity (&golden_traffic, &inputs, &price, option,
                                ranges, G_N_ELEMENTS (ranges), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (swings->len, ==, 2);

  /* The traffic dominates: 126.0 → 46.6 months against 66.7 → 69.6. */
  first = &g_array_index (swings, SyCostSensitivity, 0);
  second = &g_array_index (swings, SyCostSensitivity, 1);
  g_assert_cmpint (first->input, ==, SY_COST_INPUT_DAILY_REQUESTS);
  g_assert_cmpstr (sy_cost_input_get_name (first->input), ==, "daily-requests");
  assert_rounded (first->break_even_at_low, "%.1f", "126.0");
  assert_rounded (first->break_even_at_high, "%.1f", "46.6");
  assert_rounded (first->swing_months, "%.1f", "79.3");
  g_assert_cmpint (second->input, ==, SY_COST_INPUT_OPS_HOURS);
  assert_rounded (second->break_even_at_low, "%.1f", "66.7");
  assert_rounded (second->break_even_at_high, "%.1f", "69.6");
  g_assert_cmpfloat (first->swing_months, >, 20 * second->swing_months);

  /* The option itself is left alone. */
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 100);
}

static void
test_sensitivity_never (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_70B);
  g_autoptr(GArray) swings = NULL;
  g_autoptr(GError) error = NULL;
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyPrice price = lookup ("gpt-4o");
  const SyCostRange decline[] = { { SY_COST_INPUT_PRICE_DECLINE, 0, 0.1 } };
  const SyCostRange backwards[] = { { SY_COST_INPUT_LOAD_WATTS, 10, 5 } };
  const SyCostSensitivity *s;
  gboolean low_ok, high_ok;
  double low, high;

  /* 50.0 months with steady prices, never with 10 % a year cheaper. */
  g_assert_true (sy_cost_break_even_range (&golden_traffic, &inputs, &price, option,
                                           decline, 1, NULL, &low_ok, &low, &high_ok, &high, &error));
  g_assert_true (low_ok);
  assert_rounded (low, "%.1f", "50.0");
  g_assert_false (high_ok);

  swings = sy_cost_sensitivity (&golden_traffic, &inputs, &price, option, decline, 1, &error);
  g_assert_no_error (error);
  s = &g_array_index (swings, SyCostSensitivity, 0);
  g_assert_true (s->breaks_even_at_low);
  g_assert_false (s->breaks_even_at_high);
  /* "Never" counts as the end of the search. */
  assert_rounded (s->swing_months, "%.1f", "550.0");

  g_assert_null (sy_cost_sensitivity (&golden_traffic, &inputs, &price, option, backwards, 1, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tco/ops-time", test_ops_time);
  g_test_add_func ("/tco/cached-share", test_cached_share);
  g_test_add_func ("/tco/reasoning-tokens", test_reasoning_tokens);
  g_test_add_func ("/tco/batch-share", test_batch_share);
  g_test_add_func ("/tco/long-context", test_long_context);
  g_test_add_func ("/tco/power", test_power);
  g_test_add_func ("/tco/price-decline", test_price_decline);
  g_test_add_func ("/tco/peak-factor", test_peak_factor);
  g_test_add_func ("/tco/rented", test_rented);
  g_test_add_func ("/tco/replacement", test_replacement);
  g_test_add_func ("/tco/series-decline", test_series_decline);
  g_test_add_func ("/tco/crossing", test_crossing);
  g_test_add_func ("/tco/inputs-validation", test_inputs_validation);
  g_test_add_func ("/tco/option-validation", test_option_validation);
  g_test_add_func ("/tco/option-new-fields", test_option_new_fields);
  g_test_add_func ("/tco/model-inputs", test_model_inputs);
  g_test_add_func ("/tco/series-with-ranges", test_series_with_ranges);
  g_test_add_func ("/tco/sensitivity", test_sensitivity);
  g_test_add_func ("/tco/sensitivity-never", test_sensitivity_never);

  return g_test_run ();
}
