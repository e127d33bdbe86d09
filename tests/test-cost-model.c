/* test-cost-model.c: SPEC §2's golden values, capacity, validation, series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-format.h"

#define OPTION_8B  "llama3.1-8b-rtx4090"
#define OPTION_70B "llama3.1-70b-2xa100"

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
compute_with (const SyTraffic *traffic,
              const char      *api_model,
              const char      *option_id,
              SyCostResult    *result)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (option_id);
  g_autoptr(GError) error = NULL;
  SyPrice price;

  g_assert_nonnull (option);
  g_assert_true (sy_price_table_lookup (table, api_model, &price, &error));
  g_assert_no_error (error);
  g_assert_true (sy_cost_compute (traffic, &price, option, result, &error));
  g_assert_no_error (error);
}

static void
test_golden_values (void)
{
  static const struct {
    double      daily, in, out;
    const char *api_model;
    const char *option;
    double      api_monthly;
    const char *api_monthly_text;
    double      break_even;          /* < 0: never */
    const char *break_even_text;
  } golden[] = {
    { 5000, 800, 400, "gpt-4o-mini", OPTION_8B, 54.00, "$54.00", 66.7, "66.7 months" },
    { 5000, 800, 400, "gpt-4o-mini", OPTION_70B, 54.00, "$54.00", -1, "Never — local costs more every month" },
    { 5000, 800, 400, "gpt-4o", OPTION_8B, 900.00, "$900.00", 1.8, "1.8 months" },
    { 5000, 800, 400, "gpt-4o", OPTION_70B, 900.00, "$900.00", 50.0, "50.0 months" },
    { 5000, 800, 400, "claude-sonnet-4-5", OPTION_70B, 1260.00, "$1,260.00", 26.3, "26.3 months" },
    { 1000, 1000, 500, "gpt-4o-mini", OPTION_8B, 13.50, "$13.50", -1, "Never — local costs more every month" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      SyTraffic traffic = { golden[i].daily, golden[i].in, golden[i].out };
      g_autofree char *usd = NULL;
      g_autofree char *months = NULL;
      SyCostResult result;

      g_test_message ("row %u: %s against %s", i + 1, golden[i].api_model, golden[i].option);
      compute_with (&traffic, golden[i].api_model, golden[i].option, &result);

      g_assert_cmpfloat_with_epsilon (result.api_monthly_usd, golden[i].api_monthly, 0.005);
      usd = sy_cost_format_usd (result.api_monthly_usd);
      g_assert_cmpstr (usd, ==, golden[i].api_monthly_text);

      g_assert_cmpfloat (result.monthly_input_tokens, ==,
                         golden[i].daily * golden[i].in * 30);
      g_assert_cmpfloat (result.monthly_output_tokens, ==,
                         golden[i].daily * golden[i].out * 30);
      g_assert_cmpuint (result.boxes_needed, ==, 1);

      if (golden[i].break_even < 0)
        {
          g_assert_false (result.breaks_even);
        }
      else
        {
          g_assert_true (result.breaks_even);
          g_assert_cmpfloat_with_epsilon (result.break_even_months, golden[i].break_even, 0.05);
        }

      months = sy_cost_format_break_even (&result);
      g_assert_cmpstr (months, ==, golden[i].break_even_text);
    }

  /* The API side alone, without a local option. */
  {
    g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
    SyTraffic traffic = { 5000, 800, 400 };
    SyCostResult result;
    SyPrice price;

    g_assert_true (sy_price_table_lookup (table, "gpt-4o-mini", &price, NULL));
    g_assert_true (sy_cost_compute (&traffic, &price, NULL, &result, NULL));
    g_assert_cmpfloat_with_epsilon (result.api_monthly_usd, 54, 1e-9);
    g_assert_cmpuint (result.boxes_needed, ==, 0);
    g_assert_false (result.breaks_even);
  }
}

static void
test_worked_example (void)
{
  SyTraffic traffic = { 5000, 800, 400 };
  g_autofree char *tradeoff = NULL;
  SyCostResult result;

  compute_with (&traffic, "gpt-4o-mini", OPTION_8B, &result);

  g_assert_cmpfloat_with_epsilon (result.break_even_months, 1600.0 / 24.0, 1e-9);
  g_assert_cmpfloat (result.local_setup_usd, ==, 1600);
  g_assert_cmpfloat (result.local_monthly_usd, ==, 30);
  g_assert_cmpfloat_with_epsilon (result.quality_loss_percent, 25, 1e-9);

  tradeoff = sy_cost_format_quality_tradeoff (0.75);
  g_assert_cmpstr (tradeoff, ==, "Local is 25% lower quality");
}

static void
test_quality_tradeoff (void)
{
  static const struct {
    double      quality;
    const char *text;
  } cases[] = {
    { 0.75, "Local is 25% lower quality" },
    { 0.95, "Local is 5% lower quality" },
    { 0.85, "Local is 15% lower quality" },
    { 0.875, "Local is 12.5% lower quality" },
    { 0.0, "Local is 100% lower quality" },
    { 1.0, "Local matches frontier quality" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sy_cost_format_quality_tradeoff (cases[i].quality);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_zero_setup (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new ("free", "Spare box", 0, 10, 100, 0.8);
  SyTraffic traffic = { 5000, 800, 400 };
  SyPrice price = { 0.15, 0.60, SY_PRICE_ORIGIN_BUILTIN };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SyCostResult result;

  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_no_error (error);

  /* The original calculator's falsy zero said "never" here. */
  g_assert_true (result.breaks_even);
  g_assert_cmpfloat (result.break_even_months, ==, 0);
  text = sy_cost_format_break_even (&result);
  g_assert_cmpstr (text, ==, "0 months");
}

static void
test_capacity (void)
{
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyTraffic traffic = { 50000, 1000, 400 };
  SyPrice price = { 0.15, 0.60, SY_PRICE_ORIGIN_BUILTIN };
  g_autoptr(GError) error = NULL;
  SyCostResult result;

  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_no_error (error);

  /* 20 M output tokens a day against 8.64 M from one box. */
  g_assert_cmpfloat_with_epsilon (result.utilisation, 20e6 / 8.64e6, 1e-9);
  g_assert_cmpfloat_with_epsilon (result.utilisation, 2.3148, 1e-4);
  g_assert_cmpuint (result.boxes_needed, ==, 3);
  g_assert_cmpfloat (result.local_setup_usd, ==, 4800);
  g_assert_cmpfloat (result.local_monthly_usd, ==, 90);
  g_assert_true (result.breaks_even);
  g_assert_cmpfloat_with_epsilon (result.break_even_months,
                                  4800 / (result.api_monthly_usd - 90), 1e-9);

  /* Batching: one box serving 1,000 tokens/s keeps up alone. */
  sy_inference_option_set_aggregate_tokens_per_second (option, 1000);
  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_cmpuint (result.boxes_needed, ==, 1);
  g_assert_cmpfloat (result.local_setup_usd, ==, 1600);

  /* Exactly full is one box, not two. */
  sy_inference_option_set_aggregate_tokens_per_second (option, 100);
  traffic.daily_requests = 21600;
  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_cmpfloat_with_epsilon (result.utilisation, 1.0, 1e-12);
  g_assert_cmpuint (result.boxes_needed, ==, 1);

  /* Float noise must not buy a box: this is exactly three boxes' worth,
   * but the division gives 3.0000000000000004. */
  sy_inference_option_set_aggregate_tokens_per_second (option, 0.1);
  traffic.daily_requests = 3 * 0.1 * 86400 / 400;
  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_cmpfloat (result.utilisation, >, 3.0);
  g_assert_cmpuint (result.boxes_needed, ==, 3);

  /* No traffic still needs the one box you buy. */
  traffic.daily_requests = 0;
  g_assert_true (sy_cost_compute (&traffic, &price, option, &result, &error));
  g_assert_cmpuint (result.boxes_needed, ==, 1);
  g_assert_cmpfloat (result.api_monthly_usd, ==, 0);
  g_assert_false (result.breaks_even);
}

static void
test_format (void)
{
  static const struct {
    double      usd;
    const char *text;
  } usd[] = {
    { 54, "$54.00" },
    { 1260, "$1,260.00" },
    { 0, "$0.00" },
    { 0.004, "$0.00" },
    { -0.004, "$0.00" },
    { 999.995, "$1,000.00" },
    { 1234567.891, "$1,234,567.89" },
    { -5, "−$5.00" },
    { 100, "$100.00" },
  };
  static const struct {
    double      value;
    const char *text;
  } numbers[] = {
    { -5, "−5" },
    { 1e20, "1e+20" },
    { 1e9, "1,000,000,000" },
    { 2.5, "2.5" },
    { 1234.5, "1,234.5" },
    { NAN, "NaN" },
  };
  SyCostResult result = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (usd); i++)
    {
      g_autofree char *text = sy_cost_format_usd (usd[i].usd);

      g_assert_cmpstr (text, ==, usd[i].text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = sy_format_number (numbers[i].value);

      g_assert_cmpstr (text, ==, numbers[i].text);
    }

  result.breaks_even = TRUE;
  result.break_even_months = 1.0;
  {
    g_autofree char *text = sy_cost_format_break_even (&result);
    g_assert_cmpstr (text, ==, "1.0 months");
  }
  result.break_even_months = 66.66666;
  {
    g_autofree char *text = sy_cost_format_break_even (&result);
    g_assert_cmpstr (text, ==, "66.7 months");
  }
}

static void
test_invalid_traffic (void)
{
  static const struct {
    double      value;
    const char *message[3];
  } bad[] = {
    { -5, { "Daily requests cannot be negative (−5)",
            "Input tokens per request cannot be negative (−5)",
            "Output tokens per request cannot be negative (−5)" } },
    { NAN, { "Daily requests must be a number",
             "Input tokens per request must be a number",
             "Output tokens per request must be a number" } },
    { INFINITY, { "Daily requests must be a number",
                  "Input tokens per request must be a number",
                  "Output tokens per request must be a number" } },
    { 1e300, { "Daily requests of 1e+300 is not plausible: at most 1,000,000,000",
               "Input tokens per request of 1e+300 is not plausible: at most 10,000,000",
               "Output tokens per request of 1e+300 is not plausible: at most 10,000,000" } },
  };
  g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (OPTION_8B);
  SyPrice price = { 0.15, 0.60, SY_PRICE_ORIGIN_BUILTIN };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      for (guint field = 0; field < 3; field++)
        {
          SyTraffic traffic = { 5000, 800, 400 };
          double *values = (double *) &traffic;
          g_autoptr(GError) error = NULL;
          SyCostResult result = { 0 };

          values[field] = bad[i].value;

          g_assert_false (sy_traffic_validate (&traffic, &error));
          g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, ==, bad[i].message[field]);
          g_clear_error (&error);

          g_assert_false (sy_cost_compute (&traffic, &price, option, &result, &error));
          g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
          g_assert_cmpstr (error->message, ==, bad[i].message[field]);
        }
    }

  /* The limits themselves are allowed. */
  {
    SyTraffic traffic = { SY_COST_MAX_DAILY_REQUESTS, 0, SY_COST_MAX_TOKENS_PER_REQUEST };
    g_autoptr(GError) error = NULL;

    g_assert_true (sy_traffic_validate (&traffic, &error));
    g_assert_no_error (error);
  }
}

static void
test_invalid_option (void)
{
  static const struct {
    void      (*set) (SyInferenceOption *self,
                      double             value);
    double      value;
    const char *message;
  } bad[] = {
    { sy_inference_option_set_setup_usd, -5, "“My box”: the setup cost cannot be negative (−5)" },
    { sy_inference_option_set_monthly_usd, NAN, "“My box”: the monthly cost must be a number" },
    { sy_inference_option_set_setup_usd, INFINITY, "“My box”: the setup cost must be a number" },
    { sy_inference_option_set_setup_usd, 1e11, "“My box”: the setup cost of 100,000,000,000 is not plausible: at most 10,000,000,000" },
    { sy_inference_option_set_tokens_per_second, 0, "“My box”: the throughput must be above zero" },
    { sy_inference_option_set_tokens_per_second, 1e8, "“My box”: the throughput of 100,000,000 is not plausible: at most 10,000,000" },
    { sy_inference_option_set_aggregate_tokens_per_second, -1, "“My box”: the aggregate throughput cannot be negative (−1)" },
    { sy_inference_option_set_quality, 1.5, "“My box”: the quality of 1.5 is not plausible: at most 1" },
    { sy_inference_option_set_quality, -0.1, "“My box”: the quality cannot be negative (−0.1)" },
  };
  SyTraffic traffic = { 5000, 800, 400 };
  SyPrice price = { 0.15, 0.60, SY_PRICE_ORIGIN_BUILTIN };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SyInferenceOption) option = sy_inference_option_new ("box", "My box", 1000, 20, 50, 0.8);
      g_autoptr(GError) error = NULL;
      SyCostResult result;

      g_assert_true (sy_inference_option_validate (option, NULL));
      bad[i].set (option, bad[i].value);

      g_assert_false (sy_inference_option_validate (option, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
      g_assert_cmpstr (error->message, ==, bad[i].message);
      g_clear_error (&error);

      g_assert_false (sy_cost_compute (&traffic, &price, option, &result, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
    }

  {
    g_autoptr(SyInferenceOption) option = sy_inference_option_new ("box", "  ", 1000, 20, 50, 0.8);
    g_autoptr(GError) error = NULL;

    g_assert_false (sy_inference_option_validate (option, &error));
    g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  }
}

static void
test_model_validation (void)
{
  SyCostModel *model = sy_cost_model_new (NULL);
  g_autoptr(SyInferenceOption) bad = sy_inference_option_new ("bad", "Bad box", -5, 20, 50, 0.8);
  g_autoptr(GError) error = NULL;
  SyCostSeries *series;
  SyCostResult result;

  g_assert_true (sy_cost_model_validate (model, &error));
  g_assert_no_error (error);

  sy_cost_model_set_api_model (model, "gpt-5");
  g_assert_false (sy_cost_model_validate (model, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);
  g_assert_cmpstr (error->message, ==, "Unknown API model “gpt-5”: add its prices first");
  g_clear_error (&error);

  series = sy_cost_model_build_series (model, &error);
  g_assert_null (series);
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);
  g_clear_error (&error);

  g_assert_false (sy_cost_model_compute (model, NULL, &result, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);
  g_clear_error (&error);

  /* Adding the prices is the way out. */
  g_assert_true (sy_price_table_set (sy_cost_model_get_price_table (model), "gpt-5",
                                     1.25, 10, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_true (sy_cost_model_validate (model, &error));
  g_assert_no_error (error);

  /* A bad option matters only while it is enabled. */
  sy_cost_model_add_option (model, bad);
  g_assert_false (sy_cost_model_validate (model, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Bad box"));
  g_clear_error (&error);
  g_assert_null (sy_cost_model_build_series (model, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  sy_inference_option_set_enabled (bad, FALSE);
  g_assert_true (sy_cost_model_validate (model, &error));
  g_assert_no_error (error);

  sy_cost_model_set_daily_requests (model, -5);
  g_assert_false (sy_cost_model_validate (model, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, "Daily requests cannot be negative (−5)");
  g_clear_error (&error);

  g_assert_null (sy_cost_model_find_option (model, "nope", &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_OPTION);
  g_assert_true (sy_cost_model_find_option (model, "bad", NULL) == bad);

  sy_cost_model_remove_option (model, bad);
  g_assert_finalize_object (model);
}

static SyCostModel *
new_worked_example_model (void)
{
  SyCostModel *model = sy_cost_model_new (NULL);
  SyTraffic traffic = { 5000, 800, 400 };

  sy_cost_model_set_traffic (model, &traffic);
  g_assert_cmpstr (sy_cost_model_get_api_model (model), ==, "gpt-4o-mini");
  g_assert_cmpuint (sy_cost_model_get_horizon_months (model), ==, 36);
  g_assert_true (sy_cost_model_get_auto_extend_horizon (model));

  return model;
}

static void
test_series (void)
{
  SyCostModel *model = new_worked_example_model ();
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  const SyBreakEven *be;
  const SyCostLine *line;

  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);
  g_assert_nonnull (series);

  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 3);

  line = sy_cost_series_get_line (series, 0);
  g_assert_cmpstr (line->label, ==, "API (gpt-4o-mini)");
  g_assert_true (line->is_api);
  g_assert_cmpfloat (line->setup_usd, ==, 0);
  g_assert_cmpfloat_with_epsilon (line->monthly_usd, 54, 1e-9);
  g_assert_cmpuint (line->color, ==, 0);

  line = sy_cost_series_get_line (series, 1);
  g_assert_cmpstr (line->label, ==, "Llama 3.1 8B Q4 (RTX 4090)");
  g_assert_false (line->is_api);
  g_assert_cmpfloat (line->setup_usd, ==, 1600);
  g_assert_cmpfloat (line->monthly_usd, ==, 30);
  g_assert_cmpuint (line->color, ==, 1);

  line = sy_cost_series_get_line (series, 2);
  g_assert_cmpstr (line->label, ==, "Llama 3.1 70B Q4 (2× A100)");
  g_assert_cmpfloat (line->setup_usd, ==, 20000);
  g_assert_cmpuint (line->color, ==, 2);

  /* Only the 8B box breaks even; the 70B one never does. */
  g_assert_cmpuint (sy_cost_series_get_n_break_evens (series), ==, 1);
  be = sy_cost_series_get_break_even (series, 0);
  g_assert_cmpuint (be->local_line, ==, 1);
  g_assert_cmpfloat_with_epsilon (be->month, 1600.0 / 24.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_value_at (series, 0, be->month),
                                  sy_cost_series_value_at (series, 1, be->month), 1e-9);
  g_assert_cmpfloat_with_epsilon (be->usd, 54 * 1600.0 / 24.0, 1e-9);

  /* 66.7 months lies beyond 36: ceil (73.3 / 6) × 6. */
  g_assert_cmpfloat (sy_cost_series_get_horizon (series), ==, 78);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_get_max_value (series), 20000 + 500 * 78, 1e-9);
  g_clear_pointer (&series, sy_cost_series_unref);

  sy_cost_model_set_auto_extend_horizon (model, FALSE);
  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sy_cost_series_get_horizon (series), ==, 36);
  g_clear_pointer (&series, sy_cost_series_unref);

  /* A hidden option has no line, and the others keep their colours. */
  sy_cost_model_set_auto_extend_horizon (model, TRUE);
  sy_inference_option_set_enabled (sy_cost_model_find_option (model, OPTION_8B, NULL), FALSE);
  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 2);
  line = sy_cost_series_get_line (series, 1);
  g_assert_cmpstr (line->label, ==, "Llama 3.1 70B Q4 (2× A100)");
  g_assert_cmpuint (line->color, ==, 2);
  g_assert_cmpuint (sy_cost_series_get_n_break_evens (series), ==, 0);
  g_assert_cmpfloat (sy_cost_series_get_horizon (series), ==, 36);
  g_clear_pointer (&series, sy_cost_series_unref);

  /* Capacity scales the local line. */
  sy_inference_option_set_enabled (sy_cost_model_find_option (model, OPTION_8B, NULL), TRUE);
  sy_cost_model_set_daily_requests (model, 50000);
  series = sy_cost_model_build_series (model, &error);
  g_assert_no_error (error);
  line = sy_cost_series_get_line (series, 1);
  g_assert_cmpfloat (line->setup_usd, ==, 4800);
  g_assert_cmpfloat (line->monthly_usd, ==, 90);

  g_assert_finalize_object (model);
}

static void
test_series_boxed (void)
{
  g_autoptr(SyCostSeries) series = sy_cost_series_new (12);
  SyCostSeries *copy;
  GValue value = G_VALUE_INIT;

  g_assert_cmpfloat (sy_cost_series_get_max_value (series), ==, 0);
  sy_cost_series_add_line (series, "API", 0, 10, TRUE, 0);
  sy_cost_series_add_line (series, "Falling", 500, -20, FALSE, 1);
  /* The falling line peaks at month 0, the rising one at the horizon. */
  g_assert_cmpfloat (sy_cost_series_get_max_value (series), ==, 500);

  g_value_init (&value, SY_TYPE_COST_SERIES);
  g_value_set_boxed (&value, series);
  copy = g_value_dup_boxed (&value);
  g_assert_true (copy == series);
  sy_cost_series_unref (copy);
  g_value_unset (&value);
  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 2);
}

static void
test_effective_horizon (void)
{
  const double worked[] = { 1600.0 / 24.0 };
  const double far[] = { 200 };
  const double near_cap[] = { 115 };
  const double early[] = { 50 };
  const double mixed[] = { 10, 1600.0 / 24.0, 300, NAN };

  g_assert_cmpfloat (sy_cost_effective_horizon (36, TRUE, worked, 1), ==, 78);
  g_assert_cmpfloat (sy_cost_effective_horizon (36, FALSE, worked, 1), ==, 36);
  g_assert_cmpfloat (sy_cost_effective_horizon (36, TRUE, NULL, 0), ==, 36);
  /* Too far out to show. */
  g_assert_cmpfloat (sy_cost_effective_horizon (36, TRUE, far, 1), ==, 36);
  /* The margin stops at the cap. */
  g_assert_cmpfloat (sy_cost_effective_horizon (36, TRUE, near_cap, 1), ==, 120);
  /* Never shrinks, even below a multiple of 6. */
  g_assert_cmpfloat (sy_cost_effective_horizon (100, TRUE, early, 1), ==, 100);
  g_assert_cmpfloat (sy_cost_effective_horizon (40, TRUE, early, 1), ==, 60);
  g_assert_cmpfloat (sy_cost_effective_horizon (200, TRUE, near_cap, 1), ==, 200);
  g_assert_cmpfloat (sy_cost_effective_horizon (36, TRUE, mixed, G_N_ELEMENTS (mixed)), ==, 78);
}

static void
test_changed_signal (void)
{
  SyCostModel *model = sy_cost_model_new (NULL);
  SyPriceTable *prices = g_object_ref (sy_cost_model_get_price_table (model));
  g_autoptr(SyInferenceOption) extra = sy_inference_option_new ("extra", "Extra box", 900, 15, 60, 0.7);
  g_autoptr(SyInferenceOption) builtin = NULL;
  SyInferenceOption *replacement[2];
  guint changed = 0;
  guint notified = 0;
  SyTraffic traffic = { 1, 2, 3 };

  g_signal_connect (model, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (model, "notify::daily-requests", G_CALLBACK (notify_count_cb), &notified);

  sy_cost_model_set_daily_requests (model, 5000);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  sy_cost_model_set_daily_requests (model, 5000);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (notified, ==, 1);

  sy_cost_model_set_api_model (model, "gpt-4o");
  g_assert_cmpuint (changed, ==, 2);
  g_object_set (model, "horizon-months", 48u, NULL);
  g_assert_cmpuint (changed, ==, 3);
  sy_cost_model_set_traffic (model, &traffic);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpuint (notified, ==, 2);

  builtin = g_list_model_get_item (sy_cost_model_get_options (model), 0);
  sy_inference_option_set_monthly_usd (builtin, 35);
  g_assert_cmpuint (changed, ==, 5);

  sy_cost_model_add_option (model, extra);
  g_assert_cmpuint (changed, ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (model)), ==, 3);
  sy_inference_option_set_quality (extra, 0.5);
  g_assert_cmpuint (changed, ==, 7);

  sy_cost_model_remove_option (model, extra);
  g_assert_cmpuint (changed, ==, 8);
  /* A removed option is no longer an input. */
  sy_inference_option_set_quality (extra, 0.6);
  g_assert_cmpuint (changed, ==, 8);

  g_assert_true (sy_price_table_set (prices, "gpt-4o", 2, 8, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_cmpuint (changed, ==, 9);

  replacement[0] = extra;
  replacement[1] = sy_inference_option_new_builtin (OPTION_70B);
  sy_cost_model_replace_options (model, replacement, 2);
  g_object_unref (replacement[1]);
  g_assert_cmpuint (changed, ==, 10);
  sy_inference_option_set_monthly_usd (builtin, 40);
  g_assert_cmpuint (changed, ==, 10);
  sy_inference_option_set_enabled (extra, FALSE);
  g_assert_cmpuint (changed, ==, 11);

  g_assert_finalize_object (model);

  /* The dead model no longer listens to the table. */
  g_assert_true (sy_price_table_set (prices, "gpt-4o", 3, 8, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_finalize_object (prices);
}

static void
test_option_defaults (void)
{
  SyInferenceOption *option = sy_inference_option_new_builtin (OPTION_8B);
  g_autoptr(GListStore) list = sy_inference_option_new_builtin_list ();
  g_autoptr(SyInferenceOption) second = NULL;
  guint notified = 0;

  g_assert_null (sy_inference_option_new_builtin ("gpt-4o"));

  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "Llama 3.1 8B Q4 (RTX 4090)");
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (option), ==, 1600);
  g_assert_cmpfloat (sy_inference_option_get_monthly_usd (option), ==, 30);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (option), ==, 100);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 100);
  g_assert_cmpfloat (sy_inference_option_get_quality (option), ==, 0.75);
  g_assert_true (sy_inference_option_get_builtin (option));
  g_assert_true (sy_inference_option_get_enabled (option));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpstr (sy_inference_option_get_id (second), ==, OPTION_70B);
  g_assert_cmpstr (sy_inference_option_get_name (second), ==, "Llama 3.1 70B Q4 (2× A100)");
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (second), ==, 20000);
  g_assert_cmpfloat (sy_inference_option_get_monthly_usd (second), ==, 500);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (second), ==, 40);
  g_assert_cmpfloat (sy_inference_option_get_quality (second), ==, 0.95);

  g_signal_connect (option, "notify", G_CALLBACK (notify_count_cb), &notified);

  /* The aggregate follows tokens/s until it is set on its own. */
  sy_inference_option_set_tokens_per_second (option, 120);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 120);
  g_assert_cmpuint (notified, ==, 2);
  sy_inference_option_set_aggregate_tokens_per_second (option, 900);
  g_assert_cmpuint (notified, ==, 3);
  sy_inference_option_set_tokens_per_second (option, 110);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (option), ==, 900);
  g_assert_cmpuint (notified, ==, 4);

  /* Only real changes notify. */
  sy_inference_option_set_tokens_per_second (option, 110);
  sy_inference_option_set_name (option, "Llama 3.1 8B Q4 (RTX 4090)");
  sy_inference_option_set_enabled (option, TRUE);
  g_object_set (option, "quality", 0.75, NULL);
  g_assert_cmpuint (notified, ==, 4);
  sy_inference_option_set_enabled (option, FALSE);
  g_assert_cmpuint (notified, ==, 5);

  g_assert_finalize_object (option);
}

static void
test_option_variant (void)
{
  SyInferenceOption *option = sy_inference_option_new_builtin (OPTION_70B);
  SyInferenceOption *loaded = NULL;
  SyInferenceOption *custom = sy_inference_option_new (NULL, "My box", 3000, 45, 80, 0.9);
  SyInferenceOption *copy = NULL;
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GVariant) wrong_type = NULL;
  g_autoptr(GVariant) bad_values = NULL;
  g_autoptr(GVariant) fake_builtin = NULL;
  g_autoptr(GError) error = NULL;

  sy_inference_option_set_aggregate_tokens_per_second (option, 400);
  sy_inference_option_set_enabled (option, FALSE);
  variant = g_variant_ref_sink (sy_inference_option_to_variant (option));
  g_assert_cmpstr (g_variant_get_type_string (variant), ==, SY_INFERENCE_OPTION_VARIANT_TYPE);

  loaded = sy_inference_option_new_from_variant (variant, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (sy_inference_option_get_id (loaded), ==, OPTION_70B);
  g_assert_cmpstr (sy_inference_option_get_name (loaded), ==, "Llama 3.1 70B Q4 (2× A100)");
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (loaded), ==, 20000);
  g_assert_cmpfloat (sy_inference_option_get_monthly_usd (loaded), ==, 500);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (loaded), ==, 40);
  g_assert_cmpfloat (sy_inference_option_get_aggregate_tokens_per_second (loaded), ==, 400);
  g_assert_cmpfloat (sy_inference_option_get_quality (loaded), ==, 0.95);
  g_assert_true (sy_inference_option_get_builtin (loaded));
  g_assert_false (sy_inference_option_get_enabled (loaded));

  /* A user's option gets an id, and a copy is equal but separate. */
  g_assert_true (g_str_has_prefix (sy_inference_option_get_id (custom), "custom-"));
  copy = sy_inference_option_copy (custom);
  g_assert_true (copy != custom);
  g_assert_cmpstr (sy_inference_option_get_id (copy), ==, sy_inference_option_get_id (custom));
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (copy), ==, 3000);
  g_assert_false (sy_inference_option_get_builtin (copy));

  wrong_type = g_variant_ref_sink (g_variant_new ("(ssddddbb)", "x", "X", 1.0, 2.0, 3.0, 0.5, FALSE, TRUE));
  g_assert_null (sy_inference_option_new_from_variant (wrong_type, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "(ssddddbb)"));
  g_clear_error (&error);

  bad_values = g_variant_ref_sink (g_variant_new (SY_INFERENCE_OPTION_VARIANT_TYPE_V1,
                                                  "x", "X", 1.0, 2.0, 3.0, 3.0, 2.0, FALSE, TRUE));
  g_assert_null (sy_inference_option_new_from_variant (bad_values, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "quality"));
  g_clear_error (&error);

  /* A stored flag alone does not make an option one of SPEC's. */
  fake_builtin = g_variant_ref_sink (g_variant_new (SY_INFERENCE_OPTION_VARIANT_TYPE_V1,
                                                    "x", "X", 1.0, 2.0, 3.0, 3.0, 0.5, TRUE, TRUE));
  g_clear_object (&loaded);
  loaded = sy_inference_option_new_from_variant (fake_builtin, &error);
  g_assert_no_error (error);
  g_assert_false (sy_inference_option_get_builtin (loaded));

  g_assert_finalize_object (option);
  g_assert_finalize_object (loaded);
  g_assert_finalize_object (custom);
  g_assert_finalize_object (copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cost-model/golden-values", test_golden_values);
  g_test_add_func ("/cost-model/worked-example", test_worked_example);
  g_test_add_func ("/cost-model/quality-tradeoff", test_quality_tradeoff);
  g_test_add_func ("/cost-model/zero-setup", test_zero_setup);
  g_test_add_func ("/cost-model/capacity", test_capacity);
  g_test_add_func ("/cost-model/format", test_format);
  g_test_add_func ("/cost-model/invalid-traffic", test_invalid_traffic);
  g_test_add_func ("/cost-model/invalid-option", test_invalid_option);
  g_test_add_func ("/cost-model/model-validation", test_model_validation);
  g_test_add_func ("/cost-model/series", test_series);
  g_test_add_func ("/cost-model/series-boxed", test_series_boxed);
  g_test_add_func ("/cost-model/effective-horizon", test_effective_horizon);
  g_test_add_func ("/cost-model/changed-signal", test_changed_signal);
  g_test_add_func ("/inference-option/defaults", test_option_defaults);
  g_test_add_func ("/inference-option/variant", test_option_variant);

  return g_test_run ();
}
