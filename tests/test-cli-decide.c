/* test-cli-decide.c: `switchyard decide`, run as a script would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

static void
assert_one_error_line (Run        *run,
                       const char *needle)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "switchyard: "));
  if (strstr (run->err, needle) == NULL)
    g_error ("“%s” not in stderr: %s", needle, run->err);
}

static void
assert_trace (JsonObject  *root,
              const char **checks)
{
  JsonArray *trace = json_object_get_array_member (root, "trace");
  guint n = 0;

  while (checks[n] != NULL)
    n++;
  g_assert_cmpuint (json_array_get_length (trace), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *step = json_array_get_object_element (trace, i);

      g_assert_cmpuint (json_object_get_size (step), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (step, "check"), ==, checks[i]);
      g_assert_true (json_object_has_member (step, "answer"));
      g_assert_cmpstr (json_object_get_string_member (step, "result"), !=, "");
    }
}

/* The first example. */
static void
test_example_direct (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *trace;
  const char *checks[] = { "pii", "frontier", "monthly-cost", "ml-engineers", NULL };

  run_switchyard (&text, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "800", "--ml-engineers", "yes", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_true (g_str_has_prefix (text.out, "Local inference viable\n"));
  g_assert_nonnull (strstr (text.out, "Above the $500.00 threshold"));
  g_assert_nonnull (strstr (text.out, "4. Do you have ML engineers"));

  run_switchyard (&json, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "800", "--ml-engineers", "yes", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  g_assert_nonnull (strstr (json.out, "\"monthly_api_usd\": 800.00,"));

  node = parse_json (json.out);
  root = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (root), ==, 5);
  /* $800 at SPEC's 1,000 in and 500 out: four RTX 4090 boxes pay back in
   * 9.4 months, as "above the threshold" says. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "cost_model"), "agreement"),
                   ==, "agree");
  g_assert_true (json_object_get_null_member (json_object_get_object_member (root, "cost_model"), "note"));
  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, "local-viable");
  g_assert_cmpstr (json_object_get_string_member (root, "headline"), ==, "Local inference viable");
  g_assert_cmpfloat (json_object_get_double_member (root, "monthly_api_usd"), ==, 800.0);
  assert_trace (root, checks);
  trace = json_object_get_array_member (root, "trace");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trace, 0), "answer"), ==, "no");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (trace, 2), "answer"), ==, 800.0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (trace, 3), "answer"), ==, "yes");
}

/* The second example: SPEC §2's $900.00 for gpt-4o. */
/* Issue #14: $360 a month is below the threshold, yet the RTX 4090 pays
 * back in 4.8 months; the output says both. */
static void
test_cost_model_disagrees (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) local = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *costs;
  const char *traffic[] = { "decide", "--pii", "no", "--frontier", "no", "--daily-requests", "20000",
                            "--input-tokens", "2400", "--output-tokens", "400", "--api-model", "gpt-4o-mini" };

  run_switchyard (&text, NULL, traffic[0], traffic[1], traffic[2], traffic[3], traffic[4], traffic[5],
                  traffic[6], traffic[7], traffic[8], traffic[9], traffic[10], traffic[11], traffic[12], NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_true (g_str_has_prefix (text.out, "Run a pilot\n"));
  g_assert_nonnull (strstr (text.out, "\nThe Cost Model Sees It Differently\nAgainst $360.00 a month of API, "
                                      "Llama 3.1 8B Q4 (RTX 4090) ($1,600.00 setup, $30.00 a month) pays back in 4.8 months"));
  g_assert_nonnull (strstr (text.out, "Practical guidance:\n  • Run a 30-day pilot"));

  run_switchyard (&json, NULL, traffic[0], traffic[1], traffic[2], traffic[3], traffic[4], traffic[5],
                  traffic[6], traffic[7], traffic[8], traffic[9], traffic[10], traffic[11], traffic[12],
                  "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  node = parse_json (json.out);
  costs = json_object_get_object_member (json_node_get_object (node), "cost_model");
  g_assert_nonnull (costs);
  g_assert_cmpstr (json_object_get_string_member (costs, "agreement"), ==, "local-pays-back");
  g_assert_cmpstr (json_object_get_string_member (costs, "best_option"), ==, "Llama 3.1 8B Q4 (RTX 4090)");
  g_assert_cmpfloat (json_object_get_double_member (costs, "break_even_months"), ==, 4.8);
  g_assert_cmpint (json_object_get_int_member (costs, "horizon_months"), ==, 36);
  g_assert_nonnull (strstr (json_object_get_string_member (costs, "note"), "ops time"));

  /* Decided by the data: nothing weighed, and no "Start with the API". */
  run_switchyard (&local, NULL, "decide", "--pii", "yes", NULL);
  g_assert_cmpint (local.status, ==, 0);
  g_assert_true (g_str_has_prefix (local.out, "Local inference required\n"));
  g_assert_null (strstr (local.out, "Start with the API"));
  g_assert_null (strstr (local.out, "Cost Model"));
}

static void
test_example_traffic (void)
{
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  const char *checks[] = { "pii", "frontier", "monthly-cost", "ml-engineers", NULL };

  run_switchyard (&text, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o", "--ml-engineers", "yes", "--threshold", "500", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  g_assert_true (g_str_has_prefix (text.out, "Local inference viable\n"));
  g_assert_nonnull (strstr (text.out, "$900.00"));

  run_switchyard (&json, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o", "--ml-engineers", "yes", "--threshold", "500", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"monthly_api_usd\": 900.00,"));
  node = parse_json (json.out);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, "local-viable");
  g_assert_cmpfloat (json_object_get_double_member (root, "monthly_api_usd"), ==, 900.0);
  assert_trace (root, checks);
}

static void
assert_outcome (const char *expected,
                const char *headline,
                ...)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  const char *arg;
  va_list ap;

  va_start (ap, headline);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  while (argv->len < 12)
    g_ptr_array_add (argv, NULL);

  run_switchyard (&run, NULL, "decide", "--json",
                  argv->pdata[0], argv->pdata[1], argv->pdata[2], argv->pdata[3],
                  argv->pdata[4], argv->pdata[5], argv->pdata[6], argv->pdata[7],
                  argv->pdata[8], argv->pdata[9], argv->pdata[10], argv->pdata[11], NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  node = parse_json (run.out);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "outcome"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (root, "headline"), ==, headline);
}

static void
test_every_outcome (void)
{
  g_auto(Run) null_cost = { 0 };

  assert_outcome ("local-required", "Local inference required", "--pii", "yes", NULL);
  assert_outcome ("local-required", "Local inference required", "--pii", "no", "--offline", "yes", NULL);
  assert_outcome ("use-api", "Use an API", "--pii", "no", "--frontier", "yes", NULL);
  assert_outcome ("api-cheaper", "API is cheaper all-in", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o-mini", NULL);
  assert_outcome ("stick-with-api", "Stick with the API", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "1260", "--ml-engineers", "no", NULL);
  assert_outcome ("local-viable", "Local inference viable", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "500.01", "--ml-engineers", "yes", NULL);
  assert_outcome ("pilot", "Run a pilot", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "200", NULL);
  assert_outcome ("api-cheaper", "API is cheaper all-in", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "199.99", NULL);
  /* A custom threshold moves check 3. */
  assert_outcome ("pilot", "Run a pilot", "--pii", "no", "--frontier", "no",
                  "--monthly-cost", "800", "--threshold", "1000", NULL);

  /* Question 3 not needed: no cost. */
  run_switchyard (&null_cost, NULL, "decide", "--pii", "yes", "--json", NULL);
  g_assert_cmpint (null_cost.status, ==, 0);
  g_assert_nonnull (strstr (null_cost.out, "\"monthly_api_usd\": null,"));
}

static void
test_refinements_in_trace (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  const char *checks[] = { "pii", "frontier", "monthly-cost", "ml-engineers", "first-token", "spiky-traffic", NULL };

  run_switchyard (&run, NULL, "decide", "--pii", "no", "--frontier", "no", "--monthly-cost", "300",
                  "--ml-engineers", "no", "--first-token", "yes", "--spiky-traffic", "no", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "outcome"), ==, "pilot");
  assert_trace (json_node_get_object (node), checks);
}

static void
test_missing_answers (void)
{
  g_auto(Run) engineers = { 0 };
  g_auto(Run) engineers_traffic = { 0 };
  g_auto(Run) pii = { 0 };
  g_auto(Run) frontier = { 0 };
  g_auto(Run) cost = { 0 };
  g_auto(Run) tokens = { 0 };

  run_switchyard (&engineers, NULL, "decide", "--pii", "no", "--frontier", "no", "--monthly-cost", "800", NULL);
  assert_one_error_line (&engineers, "switchyard: decide: --ml-engineers is needed: monthly API cost $800.00 is above the $500.00 threshold");

  run_switchyard (&engineers_traffic, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o", "--json", NULL);
  assert_one_error_line (&engineers_traffic, "--ml-engineers is needed: monthly API cost $900.00");

  run_switchyard (&pii, NULL, "decide", "--frontier", "yes", NULL);
  assert_one_error_line (&pii, "--pii is needed");

  run_switchyard (&frontier, NULL, "decide", "--pii", "no", "--monthly-cost", "800", NULL);
  assert_one_error_line (&frontier, "--frontier is needed");

  run_switchyard (&cost, NULL, "decide", "--pii", "no", "--frontier", "no", "--ml-engineers", "yes", NULL);
  assert_one_error_line (&cost, "--monthly-cost or the traffic");

  run_switchyard (&tokens, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--output-tokens", "400", "--api-model", "gpt-4o", NULL);
  assert_one_error_line (&tokens, "--input-tokens is needed");
}

static void
test_bad_input (void)
{
  static const char *cases[][8] = {
    { "--pii", "yse", NULL },
    { "--pii", "no", "--frontier", "maybe", NULL },
    { "--pii", "no", "--monthly-cost", "-5", NULL },
    { "--pii", "no", "--monthly-cost", "lots", NULL },
    { "--pii", "no", "--threshold", "NaN", NULL },
    { "--pii", "no", "--daily-requests", "5k", NULL },
    { "--pii", "no", "--monthly-cost", "8", "--api-model", "gpt-4o", NULL },
    { "--pii", "no", "--frontier", "no", "extra", NULL },
  };
  static const char *needles[] = {
    "“yse” is not yes or no", "“maybe” is not yes or no", "“-5” is not a dollar amount",
    "“lots” is not a number", "--threshold", "--daily-requests", "not both", "unexpected argument",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_switchyard (&run, NULL, "decide", cases[i][0], cases[i][1], cases[i][2],
                      cases[i][3], cases[i][4], cases[i][5], cases[i][6], NULL);
      assert_one_error_line (&run, needles[i]);
    }
}

static void
test_unknown_model (void)
{
  g_auto(Run) run = { 0 };

  run_switchyard (&run, NULL, "decide", "--pii", "no", "--frontier", "no",
                  "--daily-requests", "5000", "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-17", NULL);
  assert_one_error_line (&run, "gpt-17");
  g_assert_nonnull (strstr (run.err, "known: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/decide/example-direct", test_example_direct);
  g_test_add_func ("/cli/decide/example-traffic", test_example_traffic);
  g_test_add_func ("/cli/decide/cost-model-disagrees", test_cost_model_disagrees);
  g_test_add_func ("/cli/decide/every-outcome", test_every_outcome);
  g_test_add_func ("/cli/decide/refinements-in-trace", test_refinements_in_trace);
  g_test_add_func ("/cli/decide/missing-answers", test_missing_answers);
  g_test_add_func ("/cli/decide/bad-input", test_bad_input);
  g_test_add_func ("/cli/decide/unknown-model", test_unknown_model);

  return g_test_run ();
}
