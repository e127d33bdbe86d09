/* test-cli-usage.c: `switchyard usage FILE [--json]`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "usage", name, NULL);
}

static JsonObject *
run_json (JsonNode   **root,
          const char  *name)
{
  g_autofree char *path = fixture (name);
  g_auto(Run) run = { 0 };

  run_switchyard (&run, NULL, "usage", path, "--json", NULL);
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
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, member), expected, 1e-9);
}

static void
test_json_litellm (void)
{
  static const char *keys[] = {
    "records", "days", "requests_per_day", "input_tokens_mean", "output_tokens_mean",
    "input_tokens_p95", "output_tokens_p95", "peak_factor", "bad_rows", "models",
    "spend_usd", "priced_usd", "unpriced_models", "format",
  };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, "litellm.jsonl");
  JsonObject *bad, *model, *check;
  JsonArray *models, *first;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "litellm");
  g_assert_true (json_object_get_null_member (object, "columns"));
  assert_number (object, "records", 10);
  assert_number (object, "days", 3);
  assert_number (object, "requests_per_day", 3.33);
  assert_number (object, "input_tokens_mean", 550);
  assert_number (object, "output_tokens_mean", 245);
  assert_number (object, "input_tokens_p95", 1000);
  assert_number (object, "output_tokens_p95", 2000);
  assert_number (object, "peak_factor", 21.6);
  g_assert_cmpstr (json_object_get_string_member (object, "peak_hour"), ==, "2024-06-01T09:00:00Z");
  assert_number (object, "spend_usd", 0.506288);
  assert_number (object, "priced_usd", 0.005238);
  check = json_object_get_object_member (object, "spend_check");
  assert_number (check, "records", 9);
  assert_number (check, "log_usd", 0.006288);
  assert_number (check, "table_usd", 0.005238);

  models = json_object_get_array_member (object, "models");
  g_assert_cmpuint (json_array_get_length (models), ==, 5);
  model = json_array_get_object_element (models, 0);
  g_assert_cmpstr (json_object_get_string_member (model, "name"), ==, "gpt-4o-mini");
  assert_number (model, "requests", 6);
  assert_number (model, "share", 0.6);
  assert_number (model, "priced_usd", 0.00177);
  model = json_array_get_object_element (models, 3);
  g_assert_cmpstr (json_object_get_string_member (model, "name"), ==, "my-finetune");
  g_assert_true (json_object_get_null_member (model, "priced_usd"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "unpriced_models")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "unpriced_models"), 0),
                   ==, "my-finetune");

  bad = json_object_get_object_member (object, "bad_rows");
  assert_number (bad, "count", 3);
  first = json_object_get_array_member (bad, "first");
  g_assert_cmpuint (json_array_get_length (first), ==, 3);
  assert_number (json_array_get_object_element (first, 1), "line", 9);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (first, 1), "reason"), ==,
                   "“completion_tokens” is missing or not a number");
}

static void
test_json_csv (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, "usage.csv");
  JsonObject *columns = json_object_get_object_member (object, "columns");
  JsonObject *check;

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "csv");
  g_assert_cmpstr (json_object_get_string_member (columns, "timestamp"), ==, "Time");
  g_assert_cmpstr (json_object_get_string_member (columns, "model"), ==, "Model Name");
  g_assert_cmpstr (json_object_get_string_member (columns, "input_tokens"), ==, "Prompt Tokens");
  g_assert_cmpstr (json_object_get_string_member (columns, "output_tokens"), ==, "Completion Tokens");
  g_assert_cmpstr (json_object_get_string_member (columns, "spend"), ==, "Cost (USD)");
  assert_number (object, "records", 20);
  assert_number (object, "days", 2);
  assert_number (object, "requests_per_day", 10);
  assert_number (object, "input_tokens_p95", 190);
  assert_number (object, "output_tokens_p95", 5);
  assert_number (object, "output_tokens_mean", 54.75);
  assert_number (object, "peak_factor", 12);
  assert_number (json_object_get_object_member (object, "bad_rows"), "count", 4);
  /* Spend on 5 rows of 10 input tokens … 50 and 5 output tokens each:
   * 150 × $0.15 + 25 × $0.60 per 1M = $0.0000375; the log says $0.000025. */
  check = json_object_get_object_member (object, "spend_check");
  assert_number (check, "records", 5);
  assert_number (check, "log_usd", 0.000025);
  assert_number (check, "table_usd", 0.0000375);
}

static void
test_json_pilot (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = run_json (&root, "pilot.jsonl");

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "pilot");
  assert_number (object, "records", 3);
  assert_number (object, "input_tokens_mean", 70);
  assert_number (object, "peak_factor", 32);
}

static void
test_text (void)
{
  g_autofree char *path = fixture ("usage.csv");
  g_auto(Run) run = { 0 };

  run_switchyard (&run, NULL, "usage", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "(CSV)"));
  g_assert_nonnull (strstr (run.out, "Columns: timestamp ← “Time”, model ← “Model Name”, "
                                     "input_tokens ← “Prompt Tokens”, output_tokens ← “Completion Tokens”, "
                                     "spend ← “Cost (USD)”\n"));
  g_assert_nonnull (strstr (run.out, "Records: 20 over 2 days (2024-06-01 to 2024-06-02, UTC)\n"));
  g_assert_nonnull (strstr (run.out, "Requests per day: 10.0\n"));
  g_assert_nonnull (strstr (run.out, "Input tokens: mean 105.0, 95th percentile 190\n"));
  g_assert_nonnull (strstr (run.out, "Peak factor: 12.00 (busiest hour from 2024-06-01T14:00:00Z: 5 requests"));
  g_assert_nonnull (strstr (run.out, "  gpt-4o-mini: 15 requests (75%)"));
  g_assert_nonnull (strstr (run.out, "Bad rows, not counted: 4\n  line 8: a quote that does not close\n"));
}

static void
test_text_spend (void)
{
  g_autofree char *path = fixture ("litellm.jsonl");
  g_auto(Run) run = { 0 };

  run_switchyard (&run, NULL, "usage", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* The log paid $0.006288 where the table says $0.005238: +20.0 %. */
  g_assert_nonnull (strstr (run.out, "Spend the log reports: $0.006288; the price table says $0.005238 "
                                     "for the same tokens (+20.0%)\n  (over the 9 of 10 requests"));
  g_assert_nonnull (strstr (run.out, "  gpt-4o: 1 request (10%), spend $0.002100, price table $0.001050\n"));
  g_assert_nonnull (strstr (run.out, "  my-finetune: 1 request (10%), spend $0.500000, not in the price table\n"));
}

static void
test_bad_input (void)
{
  static const struct { const char *fixture; const char *extra; int status; const char *message; } cases[] = {
    { "empty.csv", NULL, 2, "the file is empty" },
    { "blank.jsonl", NULL, 2, "the file is empty" },
    { "header-only.csv", NULL, 2, "no records" },
    { "no-tokens.csv", NULL, 2, "no column for timestamp, model, input_tokens, output_tokens in the first line (when, who, what)" },
    { "does-not-exist.csv", NULL, 1, "does-not-exist.csv" },
    { "usage.csv", "extra", 2, "unexpected argument “extra”" },
    { NULL, NULL, 2, "name the log file to read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = cases[i].fixture != NULL ? fixture (cases[i].fixture) : NULL;
      g_auto(Run) run = { 0 };

      run_switchyard (&run, NULL, "usage", path != NULL ? path : cases[i].extra, path != NULL ? cases[i].extra : NULL, NULL);
      g_test_message ("%s: %s", cases[i].fixture, run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_cmpuint (count_lines (run.err), ==, 1);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-usage/json-litellm", test_json_litellm);
  g_test_add_func ("/cli-usage/json-csv", test_json_csv);
  g_test_add_func ("/cli-usage/json-pilot", test_json_pilot);
  g_test_add_func ("/cli-usage/text", test_text);
  g_test_add_func ("/cli-usage/text-spend", test_text_spend);
  g_test_add_func ("/cli-usage/bad-input", test_bad_input);

  return g_test_run ();
}
