/* test-cli-tco.c: `switchyard break-even` with the whole cost of ownership
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

#define GOLDEN_TRAFFIC "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400"

/* Runs break-even with @args (NULL-terminated) and returns the one
 * option's JSON object, owned by *@root. */
static JsonObject *
run_json (JsonNode   **root,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(Run) run = { 0 };

  g_ptr_array_add (args, (char *) "break-even");
  g_ptr_array_add (args, (char *) "--json");
  g_ptr_array_add (args, (char *) first);
  RUN_COLLECT_ARGS (args, first);
  g_ptr_array_add (args, NULL);

  run_switchyard_argv (&run, NULL, (const char * const *) args->pdata);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  *root = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));

  return json_node_get_object (*root);
}

static void
assert_number (JsonObject *object,
               const char *member,
               double      expected)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_cmpfloat (json_object_get_double_member (object, member), ==, expected);
}

static void
test_keys (void)
{
  static const char *keys[] = {
    "hardware_usd", "power_usd", "ops_usd", "other_usd", "total_monthly_usd",
    "utilisation", "box_utilisation", "boxes_needed", "break_even_months", "kind",
  };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--local", "llama3.1-8b-rtx4090", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));

  /* SPEC §2's worked example is unchanged: $30 is "other". */
  assert_number (object, "other_usd", 30);
  assert_number (object, "power_usd", 0);
  assert_number (object, "break_even_months", 66.7);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "local");
}

static void
test_ops_time (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                                 "--local", "llama3.1-8b-rtx4090",
                                 "--ops-hours", "10", "--ops-rate", "100", NULL);

  assert_number (object, "api_monthly_usd", 900);
  assert_number (object, "local_monthly_usd", 1030);
  assert_number (object, "ops_usd", 1000);
  g_assert_true (json_object_get_null_member (object, "break_even_months"));
}

static void
test_reasoning (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o-mini",
                                 "--local", "llama3.1-8b-rtx4090",
                                 "--reasoning-tokens", "600", NULL);

  assert_number (object, "api_monthly_usd", 108);
  assert_number (object, "break_even_months", 20.5);
}

/* The shipped table carries gpt-4o's cached-input price, $1.25 (LiteLLM's
 * cache_read_input_token_cost). */
static void
test_cached_input (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                                 "--local", "llama3.1-8b-rtx4090",
                                 "--cache-share", "0.5", NULL);

  assert_number (object, "api_monthly_usd", 825);
  assert_number (object, "break_even_months", 2.0);
}

static void
test_batch (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                                 "--local", "llama3.1-8b-rtx4090",
                                 "--batch-share", "0.5", NULL);

  assert_number (object, "api_monthly_usd", 675);
}

static void
test_power_option (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o-mini",
                                 "--option", "name=Power box,setup=1600,watts=450,idle=50,tps=100,agg=100,other=0,quality=0.75",
                                 "--kwh-price", "0.30", NULL);

  g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, "Power box");
  assert_number (object, "api_monthly_usd", 54);
  assert_number (object, "box_utilisation", 0.2315);
  assert_number (object, "power_usd", 30.80);
  assert_number (object, "other_usd", 0);
  assert_number (object, "break_even_months", 69.0);
}

static void
test_price_decline (void)
{
  g_autoptr(JsonNode) sonnet = NULL;
  g_autoptr(JsonNode) gpt4o = NULL;
  JsonObject *object;

  object = run_json (&sonnet, GOLDEN_TRAFFIC, "--api-model", "claude-sonnet-4-5",
                     "--local", "llama3.1-70b-2xa100", "--price-decline", "0.05", NULL);
  assert_number (object, "api_monthly_usd", 1260);
  assert_number (object, "break_even_months", 29.2);

  object = run_json (&gpt4o, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                     "--local", "llama3.1-70b-2xa100", "--price-decline", "0.1", NULL);
  assert_number (object, "api_monthly_usd", 900);
  g_assert_true (json_object_get_null_member (object, "break_even_months"));
}

static void
test_peak_factor (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, "--daily-requests", "50000", "--input-tokens", "800",
                                 "--output-tokens", "400", "--api-model", "gpt-4o-mini",
                                 "--local", "llama3.1-8b-rtx4090", "--peak-factor", "3", NULL);

  assert_number (object, "api_monthly_usd", 540);
  assert_number (object, "boxes_needed", 7);
  assert_number (object, "break_even_months", 33.9);
}

static void
test_rented (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) spec_root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                                 "--rent-hourly", "0.80", "--rent-hours", "720", NULL);

  g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, "rented-gpu");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "rented");
  assert_number (object, "api_monthly_usd", 900);
  assert_number (object, "hardware_usd", 576);
  assert_number (object, "local_monthly_usd", 576);
  assert_number (object, "local_setup_usd", 0);
  assert_number (object, "break_even_months", 0);

  /* The same through --option. */
  object = run_json (&spec_root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                     "--option", "name=Cloud,kind=rented,rent=0.8,tps=100", NULL);
  assert_number (object, "hardware_usd", 576);
  assert_number (object, "break_even_months", 0);
}

static void
test_option_flags (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;
  JsonArray *array;

  /* --watts and friends apply to the options picked by ID and are the
   * defaults of those given with --option, whose own keys win. */
  run_switchyard (&run, NULL, "break-even", GOLDEN_TRAFFIC, "--json",
                  "--local", "llama3.1-8b-rtx4090", "--kwh-price", "0.30",
                  "--watts", "450", "--idle-watts", "50",
                  "--option", "name=Used 3090,setup=700,watts=350,idle=30,tps=60,agg=300,quality=0.8",
                  "--option", "name=Plain,setup=100,tps=100",
                  NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, "llama3.1-8b-rtx4090");
  assert_number (object, "power_usd", 30.80);
  assert_number (object, "local_monthly_usd", 60.80);

  /* 350 W load, 30 W idle, 23.148 / 300 busy: 54.69 W → $11.81. */
  object = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, "Used 3090");
  assert_number (object, "power_usd", 11.81);
  assert_number (object, "box_utilisation", 0.0772);

  /* 50 + 400 × 0.2315 W from the flags. */
  object = json_array_get_object_element (array, 2);
  assert_number (object, "power_usd", 30.80);
}

static void
test_life_and_resale (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, GOLDEN_TRAFFIC, "--api-model", "gpt-4o-mini",
                                 "--local", "llama3.1-8b-rtx4090",
                                 "--life-months", "36", "--resale", "0.25", NULL);

  /* $1,200 lost every 36 months outruns the $24 a month saved. */
  assert_number (object, "hardware_usd", 33.33);
  assert_number (object, "total_monthly_usd", 63.33);
  g_assert_true (json_object_get_null_member (object, "break_even_months"));
}

static void
test_bad_values (void)
{
  static const struct
  {
    const char *option;
    const char *value;
    const char *expect;
  } cases[] = {
    { "--kwh-price", "-1", "--kwh-price: The electricity price cannot be negative" },
    { "--kwh-price", "cheap", "--kwh-price: “cheap” is not a number" },
    { "--ops-hours", "1000", "--ops-hours: Ops hours a month of" },
    { "--ops-rate", "-3", "--ops-rate" },
    { "--peak-factor", "0.5", "--peak-factor: The peak factor must be at least 1" },
    { "--cache-share", "2", "--cache-share" },
    { "--batch-share", "-0.1", "--batch-share" },
    { "--reasoning-tokens", "-1", "--reasoning-tokens" },
    { "--price-decline", "0.95", "--price-decline" },
    { "--watts", "-5", "--watts: “Llama 3.1 8B Q4 (RTX 4090)”: the load power cannot be negative" },
    { "--idle-watts", "30", "--idle-watts: “Llama 3.1 8B Q4 (RTX 4090)”: the idle power (30 W) cannot be above the load power (0 W)" },
    { "--life-months", "-1", "--life-months" },
    { "--resale", "1.5", "--resale: “Llama 3.1 8B Q4 (RTX 4090)”: the resale share of 1.5 is not plausible" },
    { "--rent-hourly", "-1", "--rent-hourly: “Rented GPU”: the hourly rent cannot be negative" },
    { "--rent-hours", "800", "--rent-hours" },
    { "--option", "setup=5,tps=3", "--option: “setup=5,tps=3” needs a name" },
    { "--option", "name=X,tps=fast", "--option: tps: “fast” is not a number" },
    { "--option", "name=X,tps=10,colour=red", "--option: unknown key “colour”" },
    { "--option", "name=X,tps=10,kind=leased", "--option: kind: “leased” is neither local nor rented" },
    { "--option", "name=X,tps=10,idle=90,watts=80", "--option: “X”: the idle power (90 W) cannot be above the load power (80 W)" },
    { "--option", "name=X", "--option: “X”: the throughput must be above zero" },
    { "--option", "name=X,tps", "--option: “tps” is not KEY=VALUE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_switchyard (&run, NULL, "break-even", "--local", "llama3.1-8b-rtx4090",
                      cases[i].option, cases[i].value, NULL);
      g_test_message ("%s %s → %d: %s", cases[i].option, cases[i].value, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
      g_assert_nonnull (strstr (run.err, cases[i].expect));
      g_assert_cmpstr (run.out, ==, "");
    }
}

static void
test_text_breakdown (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) plain = { 0 };

  run_switchyard (&run, NULL, "break-even", GOLDEN_TRAFFIC, "--api-model", "gpt-4o",
                  "--local", "llama3.1-8b-rtx4090", "--ops-hours", "10", "--ops-rate", "100", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Each month:     hardware $0.00, power $0.00, ops $1,000.00, other $30.00"));
  g_assert_nonnull (strstr (run.out, "Never"));

  /* Without the new inputs the text is what it was. */
  run_switchyard (&plain, NULL, "break-even", GOLDEN_TRAFFIC, "--local", "llama3.1-8b-rtx4090", NULL);
  g_assert_null (strstr (plain.out, "Each month"));
}

static void
test_ranges_and_sensitivity (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(Run) bad = { 0 };
  g_auto(Run) text = { 0 };
  JsonObject *object;
  JsonArray *swings;
  JsonObject *first;

  object = run_json (&root, "--daily-requests", "4000:6000", "--input-tokens", "800",
                     "--output-tokens", "400", "--local", "llama3.1-8b-rtx4090",
                     "--ops-hours", "0:0.1", "--ops-rate", "10", "--sensitivity", NULL);

  /* The figures are for the middle of each range. */
  assert_number (object, "break_even_months", 68.1);
  assert_number (object, "break_even_low", 46.0);
  assert_number (object, "break_even_high", 131.1);

  swings = json_object_get_array_member (object, "sensitivity");
  g_assert_cmpuint (json_array_get_length (swings), ==, 2);
  first = json_array_get_object_element (swings, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "input"), ==, "daily-requests");
  assert_number (first, "low", 4000);
  assert_number (first, "high", 6000);
  assert_number (first, "break_even_at_low", 126.0);
  assert_number (first, "break_even_at_high", 46.6);
  assert_number (first, "swing_months", 79.3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (swings, 1), "input"),
                   ==, "ops-hours");

  run_switchyard (&text, NULL, "break-even", "--daily-requests", "4000:6000", "--input-tokens", "800",
                  "--output-tokens", "400", "--local", "llama3.1-8b-rtx4090",
                  "--price-decline", "0:0.1", "--sensitivity", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Sensitivity:    --daily-requests 4,000 … 6,000:"));
  g_assert_nonnull (strstr (text.out, "Over the ranges:"));

  run_switchyard (&bad, NULL, "break-even", "--daily-requests", "1:-5", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--daily-requests"));
}

static void
test_range_errors (void)
{
  static const struct
  {
    const char *option;
    const char *value;
    const char *expect;
  } cases[] = {
    { "--daily-requests", "6000:4000", "--daily-requests: the low end of “6000:4000” is above the high end" },
    { "--daily-requests", "-1:5", "--daily-requests: Daily requests cannot be negative" },
    { "--output-tokens", "1:x", "--output-tokens: “x” is not a number" },
    { "--price-decline", "0:0.95", "--price-decline" },
    { "--tokens-per-second", "0:10", "--tokens-per-second: the low end of “0:10” must be above zero" },
    { "--kwh-price", "0.1:0.2", "--kwh-price: “0.1:0.2” is not a number" },
    { "--sensitivity", NULL, "--sensitivity: needs at least one input given as a range LOW:HIGH" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_switchyard (&run, NULL, "break-even", cases[i].option, cases[i].value, NULL);
      g_test_message ("%s %s → %d: %s", cases[i].option, cases[i].value, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].expect));
      g_assert_cmpstr (run.out, ==, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-tco/keys", test_keys);
  g_test_add_func ("/cli-tco/ops-time", test_ops_time);
  g_test_add_func ("/cli-tco/reasoning", test_reasoning);
  g_test_add_func ("/cli-tco/cached-input", test_cached_input);
  g_test_add_func ("/cli-tco/batch", test_batch);
  g_test_add_func ("/cli-tco/power-option", test_power_option);
  g_test_add_func ("/cli-tco/price-decline", test_price_decline);
  g_test_add_func ("/cli-tco/peak-factor", test_peak_factor);
  g_test_add_func ("/cli-tco/rented", test_rented);
  g_test_add_func ("/cli-tco/option-flags", test_option_flags);
  g_test_add_func ("/cli-tco/life-and-resale", test_life_and_resale);
  g_test_add_func ("/cli-tco/bad-values", test_bad_values);
  g_test_add_func ("/cli-tco/text-breakdown", test_text_breakdown);
  g_test_add_func ("/cli-tco/ranges-and-sensitivity", test_ranges_and_sensitivity);
  g_test_add_func ("/cli-tco/range-errors", test_range_errors);

  return g_test_run ();
}
