/* test-price-table.c: the shipped prices, edits, LiteLLM import, round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-cost-error.h"
#include "sy-price-table.h"

#define ALL_ORIGINS ((1u << SY_PRICE_ORIGIN_BUILTIN) | \
                     (1u << SY_PRICE_ORIGIN_IMPORTED) | \
                     (1u << SY_PRICE_ORIGIN_USER))

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static guint *
watch_changed (SyPriceTable *table)
{
  guint *count = g_new0 (guint, 1);

  g_signal_connect_data (table, "changed", G_CALLBACK (count_cb), count,
                         (GClosureNotify) g_free, 0);

  return count;
}

static char *
read_fixture (const char *name,
              gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

/* How many models the shipped file has, so tests follow it as it grows. */
static guint
n_shipped (void)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();

  return sy_price_table_get_n_models (table);
}

/* The shipped ids in order, then @extra. */
static GStrv
shipped_then (const char * const *extra,
              const char         *without)
{
  g_autoptr(SyPriceTable) table = sy_price_table_new_default ();
  g_auto(GStrv) shipped = sy_price_table_dup_models (table);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; shipped[i] != NULL; i++)
    if (g_strcmp0 (shipped[i], without) != 0)
      g_strv_builder_add (builder, shipped[i]);
  g_strv_builder_addv (builder, (const char **) extra);

  return g_strv_builder_end (builder);
}

static void
assert_price (SyPriceTable  *table,
              const char    *model,
              double         input,
              double         output,
              SyPriceOrigin  origin)
{
  g_autoptr(GError) error = NULL;
  SyPrice price = { 0 };

  g_assert_true (sy_price_table_lookup (table, model, &price, &error));
  g_assert_no_error (error);
  /* Exact: 2.5e-06 per token must become 2.5, not 2.4999999999999996. */
  g_assert_cmpfloat (price.input_per_million, ==, input);
  g_assert_cmpfloat (price.output_per_million, ==, output);
  g_assert_cmpint (price.origin, ==, origin);
}

static void
test_default_table (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  g_auto(GStrv) models = sy_price_table_dup_models (table);
  const char * const first[] = { "gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5" };

  /* SPEC's three lead; the makers' current chat models follow. */
  g_assert_cmpuint (sy_price_table_get_n_models (table), >=, 15);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_assert_cmpstr (models[i], ==, first[i]);
  g_assert_true (g_strv_contains ((const char * const *) models, "claude-haiku-4-5"));
  g_assert_true (g_strv_contains ((const char * const *) models, "gemini/gemini-2.5-pro"));
  g_assert_true (g_strv_contains ((const char * const *) models, "mistral/mistral-small-latest"));
  g_assert_true (g_strv_contains ((const char * const *) models, "deepseek/deepseek-chat"));

  assert_price (table, "gpt-4o", 2.50, 10.00, SY_PRICE_ORIGIN_BUILTIN);
  assert_price (table, "gpt-4o-mini", 0.15, 0.60, SY_PRICE_ORIGIN_BUILTIN);
  assert_price (table, "claude-sonnet-4-5", 3.00, 15.00, SY_PRICE_ORIGIN_BUILTIN);
  g_assert_true (sy_price_table_contains (table, "gpt-4o-mini"));
  g_assert_false (sy_price_table_contains (table, "gpt-5"));

  g_assert_finalize_object (table);
}

static void
test_unknown_model (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  g_autoptr(GError) error = NULL;
  SyPrice price = { 1, 2, SY_PRICE_ORIGIN_USER };

  g_assert_false (sy_price_table_lookup (table, "gpt-5", &price, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);
  g_assert_nonnull (strstr (error->message, "“gpt-5”"));
  /* Untouched on error. */
  g_assert_cmpfloat (price.input_per_million, ==, 1);
  g_clear_error (&error);

  g_assert_false (sy_price_table_lookup (table, "", NULL, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);

  g_assert_finalize_object (table);
}

static void
test_set_validation (void)
{
  static const struct {
    double      input;
    double      output;
    const char *in_message;
  } bad[] = {
    { -5, 1, "−5" },
    { 1, -0.5, "−0.5" },
    { NAN, 1, "must be a number" },
    { 1, INFINITY, "must be a number" },
    { 20000, 1, "not plausible" },
    { 1, 1e300, "1e+300" },
  };
  SyPriceTable *table = sy_price_table_new_default ();
  g_autofree char *before = sy_price_table_to_json (table, ALL_ORIGINS);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint *changed = watch_changed (table);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sy_price_table_set (table, "gpt-4o", bad[i].input, bad[i].output,
                                          SY_PRICE_ORIGIN_USER, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "gpt-4o"));
      g_assert_nonnull (strstr (error->message, bad[i].in_message));
      g_clear_error (&error);
    }

  g_assert_false (sy_price_table_set (table, "", 1, 1, SY_PRICE_ORIGIN_USER, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  after = sy_price_table_to_json (table, ALL_ORIGINS);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (*changed, ==, 0);

  /* Both bounds are allowed. */
  g_assert_true (sy_price_table_set (table, "free-model", 0, SY_PRICE_MAX_PER_MILLION,
                                     SY_PRICE_ORIGIN_USER, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*changed, ==, 1);
  assert_price (table, "free-model", 0, SY_PRICE_MAX_PER_MILLION, SY_PRICE_ORIGIN_USER);

  /* Setting the same price again is not a change. */
  g_assert_true (sy_price_table_set (table, "free-model", 0, SY_PRICE_MAX_PER_MILLION,
                                     SY_PRICE_ORIGIN_USER, &error));
  g_assert_cmpuint (*changed, ==, 1);

  g_assert_finalize_object (table);
}

static void
test_order_and_remove (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  guint *changed = watch_changed (table);
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) after_remove = NULL;
  const char * const extra[] = { "alpha", "mistral-large", "zeta", NULL };
  g_auto(GStrv) expected = shipped_then (extra, NULL);
  g_auto(GStrv) expected_after = shipped_then (extra, "gpt-4o-mini");

  g_assert_true (sy_price_table_set (table, "zeta", 1, 2, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_true (sy_price_table_set (table, "alpha", 1, 2, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_true (sy_price_table_set (table, "mistral-large", 2, 6, SY_PRICE_ORIGIN_IMPORTED, NULL));
  /* A user edit keeps a shipped model in its place. */
  g_assert_true (sy_price_table_set (table, "gpt-4o", 2, 8, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_cmpuint (*changed, ==, 4);

  models = sy_price_table_dup_models (table);
  g_assert_cmpstrv (models, expected);

  g_assert_true (sy_price_table_remove (table, "gpt-4o-mini"));
  g_assert_cmpuint (*changed, ==, 5);
  g_assert_false (sy_price_table_remove (table, "gpt-4o-mini"));
  g_assert_cmpuint (*changed, ==, 5);
  g_assert_false (sy_price_table_contains (table, "gpt-4o-mini"));

  after_remove = sy_price_table_dup_models (table);
  g_assert_cmpstrv (after_remove, expected_after);

  g_assert_finalize_object (table);
}

static void
test_import_litellm (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  guint *changed = NULL;
  guint n_imported = 0;
  guint n_kept_user = 0;
  gsize length = 0;

  g_assert_true (sy_price_table_set (table, "gpt-4o-mini", 0.2, 0.8, SY_PRICE_ORIGIN_USER, &error));
  g_assert_no_error (error);
  changed = watch_changed (table);

  data = read_fixture ("litellm-prices.json", &length);
  g_assert_true (sy_price_table_import_litellm (table, data, length,
                                                &n_imported, &n_kept_user, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*changed, ==, 1);

  /* gpt-4o, claude-3-5-haiku and mistral-large; gpt-4o-mini is the user's. */
  g_assert_cmpuint (n_imported, ==, 3);
  g_assert_cmpuint (n_kept_user, ==, 1);
  /* mistral/mistral-large-latest is shipped too; only the haiku is new. */
  g_assert_cmpuint (sy_price_table_get_n_models (table), ==, n_shipped () + 1);

  assert_price (table, "gpt-4o", 2.50, 10.00, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "claude-3-5-haiku-20241022", 0.80, 4.00, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "mistral/mistral-large-latest", 2.00, 6.00, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (table, "gpt-4o-mini", 0.2, 0.8, SY_PRICE_ORIGIN_USER);
  assert_price (table, "claude-sonnet-4-5", 3.00, 15.00, SY_PRICE_ORIGIN_BUILTIN);

  g_assert_false (sy_price_table_contains (table, "sample_spec"));
  g_assert_false (sy_price_table_contains (table, "text-embedding-3-small"));
  g_assert_false (sy_price_table_contains (table, "dall-e-3"));
  g_assert_false (sy_price_table_contains (table, "ollama/llama3.1"));
  g_assert_false (sy_price_table_contains (table, "gpt-3.5-turbo-instruct"));

  /* The same list again is counted but changes nothing. */
  g_assert_true (sy_price_table_import_litellm (table, data, length,
                                                &n_imported, &n_kept_user, &error));
  g_assert_cmpuint (n_imported, ==, 3);
  g_assert_cmpuint (n_kept_user, ==, 1);
  g_assert_cmpuint (*changed, ==, 1);

  g_assert_finalize_object (table);
}

static void
assert_import_rejected (const char *data,
                        gssize      length,
                        const char *in_message)
{
  SyPriceTable *table = sy_price_table_new_default ();
  g_autofree char *before = sy_price_table_to_json (table, ALL_ORIGINS);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  guint *changed = watch_changed (table);
  guint n_imported = 42;
  guint n_kept_user = 42;

  g_assert_true (sy_price_table_set (table, "gpt-4o", 2, 9, SY_PRICE_ORIGIN_IMPORTED, NULL));
  g_clear_pointer (&before, g_free);
  before = sy_price_table_to_json (table, ALL_ORIGINS);
  *changed = 0;

  g_assert_false (sy_price_table_import_litellm (table, data, length,
                                                 &n_imported, &n_kept_user, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "LiteLLM"));
  if (in_message != NULL)
    g_assert_nonnull (strstr (error->message, in_message));

  g_assert_cmpuint (*changed, ==, 0);
  g_assert_cmpuint (sy_price_table_get_n_models (table), ==, n_shipped ());
  assert_price (table, "gpt-4o", 2, 9, SY_PRICE_ORIGIN_IMPORTED);
  after = sy_price_table_to_json (table, ALL_ORIGINS);
  g_assert_cmpstr (before, ==, after);

  g_assert_finalize_object (table);
}

static void
test_import_malformed (void)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  /* Truncated after gpt-4o and gpt-4o-mini: neither may get in. */
  data = read_fixture ("litellm-malformed.json", &length);
  assert_import_rejected (data, length, NULL);

  assert_import_rejected ("[{\"mode\": \"chat\"}]", -1, "not an object");
  assert_import_rejected ("\"gpt-4o\"", -1, "not an object");
  assert_import_rejected ("", 0, NULL);
  assert_import_rejected ("{}", -1, "no chat model");
  assert_import_rejected ("{\"gpt-\\ud800x\": {\"mode\": \"chat\", \"input_cost_per_token\": 1e-06,"
                          " \"output_cost_per_token\": 2e-06}}", -1, "not UTF-8");
}

static void
test_import_no_usable_entry (void)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  /* Embeddings, a chat model without prices, negative, absurd and string
   * prices: nothing to import is an error, not a silent success. */
  data = read_fixture ("litellm-no-chat.json", &length);
  assert_import_rejected (data, length, "no chat model with input and output prices");
}

static void
test_load_own_format_rejected (void)
{
  static const char * const bad[] = {
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"input\": -1, \"output\": 2 } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"input\": 1, \"output\": \"2\" } ] }",
    "{ \"version\": 1, \"models\": [ { \"input\": 1, \"output\": 2 } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"input\": 1, \"output\": 2, \"origin\": \"alien\" } ] }",
    "{ \"version\": 1, \"models\": [ { \"id\": \"ok\", \"input\": 1, \"output\": 2 }, 7 ] }",
    "{ \"version\": 2, \"models\": [] }",
    "{ \"version\": 1 }",
    "[ 1, 2 ]",
    "{ \"version\": 1, \"models\": [ { \"id\": \"x\", \"input\": 1, ",
    /* json-glib decodes a lone surrogate escape into bytes that are not
     * UTF-8, and could not read back the table it would then save. */
    "{ \"version\": 1, \"models\": [ { \"id\": \"ok\", \"name\": \"GPT \\ud83 {\", \"input\": 1, \"output\": 2 } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SyPriceTable *table = sy_price_table_new_default ();
      g_autofree char *before = sy_price_table_to_json (table, ALL_ORIGINS);
      g_autofree char *after = NULL;
      g_autoptr(GError) error = NULL;
      guint *changed = watch_changed (table);

      g_test_message ("%s", bad[i]);
      g_assert_false (sy_price_table_load_from_data (table, bad[i], -1,
                                                     SY_PRICE_ORIGIN_USER, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);
      g_assert_cmpuint (*changed, ==, 0);
      after = sy_price_table_to_json (table, ALL_ORIGINS);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (sy_price_table_contains (table, "ok"));

      g_assert_finalize_object (table);
    }
}

static void
test_load_from_file (void)
{
  SyPriceTable *table = sy_price_table_new ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "pricing.json", NULL);
  g_autoptr(GError) error = NULL;
  guint *changed = watch_changed (table);

  g_assert_false (sy_price_table_load_from_file (table, "/nonexistent/prices.json",
                                                 SY_PRICE_ORIGIN_USER, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (sy_price_table_get_n_models (table), ==, 0);

  g_assert_true (sy_price_table_load_from_file (table, path, SY_PRICE_ORIGIN_IMPORTED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (*changed, ==, 1);
  g_assert_cmpuint (sy_price_table_get_n_models (table), ==, n_shipped ());
  assert_price (table, "gpt-4o-mini", 0.15, 0.60, SY_PRICE_ORIGIN_IMPORTED);

  g_assert_finalize_object (table);
}

static void
test_json_round_trip (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  SyPriceTable *copy = sy_price_table_new ();
  SyPriceTable *user_only = sy_price_table_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *json = NULL;
  g_autofree char *user_json = NULL;
  g_auto(GStrv) models = NULL;
  g_auto(GStrv) copied_models = NULL;
  gsize length = 0;

  g_assert_true (sy_price_table_set (table, "my-finetune", 1.1, 4.4, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_true (sy_price_table_set (table, "claude-sonnet-4-5", 2.75, 13.5, SY_PRICE_ORIGIN_USER, NULL));
  data = read_fixture ("litellm-prices.json", &length);
  g_assert_true (sy_price_table_import_litellm (table, data, length, NULL, NULL, &error));
  g_assert_no_error (error);

  json = sy_price_table_to_json (table, ALL_ORIGINS);
  g_assert_nonnull (strstr (json, "\"origin\""));

  /* The entries' own origins win over the default given to the loader. */
  g_assert_true (sy_price_table_load_from_data (copy, json, -1, SY_PRICE_ORIGIN_USER, &error));
  g_assert_no_error (error);

  models = sy_price_table_dup_models (table);
  copied_models = sy_price_table_dup_models (copy);
  g_assert_cmpstrv (models, copied_models);

  for (guint i = 0; models[i] != NULL; i++)
    {
      SyPrice a, b;

      g_assert_true (sy_price_table_lookup (table, models[i], &a, NULL));
      g_assert_true (sy_price_table_lookup (copy, models[i], &b, NULL));
      g_assert_cmpfloat (a.input_per_million, ==, b.input_per_million);
      g_assert_cmpfloat (a.output_per_million, ==, b.output_per_million);
      g_assert_cmpint (a.origin, ==, b.origin);
    }
  assert_price (copy, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (copy, "gpt-4o-mini", 0.15, 0.60, SY_PRICE_ORIGIN_IMPORTED);
  assert_price (copy, "claude-sonnet-4-5", 2.75, 13.5, SY_PRICE_ORIGIN_USER);
  assert_price (copy, "my-finetune", 1.1, 4.4, SY_PRICE_ORIGIN_USER);

  /* Saving only the user's prices leaves the rest to the shipped file. */
  user_json = sy_price_table_to_json (table, 1u << SY_PRICE_ORIGIN_USER);
  g_assert_true (sy_price_table_load_from_data (user_only, user_json, -1,
                                                SY_PRICE_ORIGIN_IMPORTED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sy_price_table_get_n_models (user_only), ==, 2);
  assert_price (user_only, "my-finetune", 1.1, 4.4, SY_PRICE_ORIGIN_USER);

  g_assert_finalize_object (table);
  g_assert_finalize_object (copy);
  g_assert_finalize_object (user_only);
}

static void
assert_optional (SyPriceTable *table,
                 const char   *model,
                 double        cached,
                 double        batch_in,
                 double        batch_out,
                 double        reasoning,
                 double        in_200k,
                 double        out_200k)
{
  SyPrice price = { 0 };

  g_assert_true (sy_price_table_lookup (table, model, &price, NULL));
  g_assert_cmpfloat (price.cached_input_per_million, ==, cached);
  g_assert_cmpfloat (price.batch_input_per_million, ==, batch_in);
  g_assert_cmpfloat (price.batch_output_per_million, ==, batch_out);
  g_assert_cmpfloat (price.reasoning_per_million, ==, reasoning);
  g_assert_cmpfloat (price.input_above_200k_per_million, ==, in_200k);
  g_assert_cmpfloat (price.output_above_200k_per_million, ==, out_200k);
}

#define UNKNOWN SY_PRICE_UNKNOWN

static void
test_default_optional_and_provenance (void)
{
  SyPriceTable *table = sy_price_table_new_default ();
  g_auto(GStrv) models = sy_price_table_dup_models (table);
  g_autofree char *newest = sy_price_table_dup_newest_as_of (table);

  /* SPEC's cached-input case needs gpt-4o's $1.25. */
  assert_optional (table, "gpt-4o", 1.25, 1.25, 5.0, UNKNOWN, UNKNOWN, UNKNOWN);
  assert_optional (table, "gpt-4o-mini", 0.075, 0.075, 0.3, UNKNOWN, UNKNOWN, UNKNOWN);
  assert_optional (table, "claude-sonnet-4-5", 0.3, UNKNOWN, UNKNOWN, UNKNOWN, 6.0, 22.5);
  assert_optional (table, "gemini/gemini-flash-latest", 0.075, UNKNOWN, UNKNOWN, 2.5, UNKNOWN, UNKNOWN);

  /* Every shipped price says where it is from and when. */
  for (guint i = 0; models[i] != NULL; i++)
    {
      const char *source = sy_price_table_get_source (table, models[i]);
      const char *as_of = sy_price_table_get_as_of (table, models[i]);

      g_assert_nonnull (source);
      g_assert_true (g_str_has_prefix (source, "https://"));
      g_assert_nonnull (as_of);
      g_assert_cmpuint (strlen (as_of), ==, 10);
    }
  g_assert_nonnull (newest);
  g_assert_cmpstr (newest, ==, sy_price_table_get_as_of (table, "gpt-4o"));
  g_assert_null (sy_price_table_get_source (table, "no-such-model"));

  g_assert_finalize_object (table);
}

static void
test_own_format_optional_round_trip (void)
{
  static const char *json =
    "{ \"models\": ["
    "  { \"id\": \"m1\", \"input\": 2, \"output\": 8, \"cached_input\": 0.5,"
    "    \"batch_input\": 1, \"batch_output\": 4, \"reasoning\": 9,"
    "    \"input_above_200k\": 4, \"output_above_200k\": 16,"
    "    \"source\": \"https://example.com/prices\", \"as_of\": \"2025-11-30\" },"
    "  { \"id\": \"m2\", \"input\": 1, \"output\": 2 } ] }";
  SyPriceTable *table = sy_price_table_new ();
  SyPriceTable *copy = sy_price_table_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;

  g_assert_true (sy_price_table_load_from_data (table, json, -1, SY_PRICE_ORIGIN_IMPORTED, &error));
  g_assert_no_error (error);
  assert_optional (table, "m1", 0.5, 1, 4, 9, 4, 16);
  assert_optional (table, "m2", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
  g_assert_cmpstr (sy_price_table_get_source (table, "m1"), ==, "https://example.com/prices");
  g_assert_cmpstr (sy_price_table_get_as_of (table, "m1"), ==, "2025-11-30");
  g_assert_null (sy_price_table_get_as_of (table, "m2"));

  out = sy_price_table_to_json (table, ALL_ORIGINS);
  /* Unknown prices are left out, not written as -1. */
  g_assert_null (strstr (out, ": -"));
  g_assert_nonnull (strstr (out, "\"cached_input\""));
  g_assert_true (sy_price_table_load_from_data (copy, out, -1, SY_PRICE_ORIGIN_BUILTIN, &error));
  g_assert_no_error (error);
  assert_optional (copy, "m1", 0.5, 1, 4, 9, 4, 16);
  assert_optional (copy, "m2", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
  assert_price (copy, "m1", 2, 8, SY_PRICE_ORIGIN_IMPORTED);
  g_assert_cmpstr (sy_price_table_get_source (copy, "m1"), ==, "https://example.com/prices");
  g_assert_cmpstr (sy_price_table_get_as_of (copy, "m1"), ==, "2025-11-30");
  again = sy_price_table_to_json (copy, ALL_ORIGINS);
  g_assert_cmpstr (out, ==, again);

  /* Typing the plain prices keeps the optional ones, drops the source. */
  g_assert_true (sy_price_table_set (copy, "m1", 3, 9, SY_PRICE_ORIGIN_USER, &error));
  assert_optional (copy, "m1", 0.5, 1, 4, 9, 4, 16);
  g_assert_null (sy_price_table_get_source (copy, "m1"));
  g_assert_null (sy_price_table_get_as_of (copy, "m1"));

  g_assert_finalize_object (table);
  g_assert_finalize_object (copy);
}

static void
test_own_format_optional_rejected (void)
{
  static const char * const bad[] = {
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"cached_input\": \"cheap\" } ] }",
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"batch_output\": -3 } ] }",
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"reasoning\": 1e9 } ] }",
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"as_of\": \"yesterday\" } ] }",
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"as_of\": \"2025-02-30\" } ] }",
    "{ \"models\": [ { \"id\": \"a\", \"input\": 1, \"output\": 2, \"source\": 42 } ] }",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      SyPriceTable *table = sy_price_table_new_default ();
      g_autoptr(GError) error = NULL;
      g_autofree char *before = sy_price_table_to_json (table, ALL_ORIGINS);
      g_autofree char *after = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (sy_price_table_load_from_data (table, bad[i], -1, SY_PRICE_ORIGIN_USER, &error));
      g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);
      after = sy_price_table_to_json (table, ALL_ORIGINS);
      g_assert_cmpstr (before, ==, after);
      g_assert_finalize_object (table);
    }
}

static void
test_import_litellm_optional (void)
{
  static const char *json =
    "{ \"sample_spec\": { \"mode\": \"chat\" },"
    "  \"gpt-4o\": { \"mode\": \"chat\", \"litellm_provider\": \"openai\","
    "    \"input_cost_per_token\": 2.5e-06, \"output_cost_per_token\": 1e-05,"
    "    \"cache_read_input_token_cost\": 1.25e-06,"
    "    \"input_cost_per_token_batches\": 1.25e-06, \"output_cost_per_token_batches\": 5e-06 },"
    "  \"gemini/gemini-2.5-pro\": { \"mode\": \"chat\", \"litellm_provider\": \"gemini\","
    "    \"input_cost_per_token\": 1.25e-06, \"output_cost_per_token\": 1e-05,"
    "    \"output_cost_per_reasoning_token\": 1e-05,"
    "    \"input_cost_per_token_above_200k_tokens\": 2.5e-06,"
    "    \"output_cost_per_token_above_200k_tokens\": 1.5e-05 },"
    "  \"odd\": { \"mode\": \"chat\", \"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06,"
    "    \"cache_read_input_token_cost\": \"free\", \"input_cost_per_token_batches\": -1 } }";
  SyPriceTable *table = sy_price_table_new_default ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (sy_price_table_get_source (table, "gpt-4o"));
  g_assert_true (sy_price_table_import_litellm (table, json, -1, NULL, NULL, &error));
  g_assert_no_error (error);

  assert_price (table, "gpt-4o", 2.5, 10, SY_PRICE_ORIGIN_IMPORTED);
  assert_optional (table, "gpt-4o", 1.25, 1.25, 5, UNKNOWN, UNKNOWN, UNKNOWN);
  assert_optional (table, "gemini/gemini-2.5-pro", UNKNOWN, UNKNOWN, UNKNOWN, 10, 2.5, 15);
  /* A bad optional price stays unknown; the plain prices still count. */
  assert_price (table, "odd", 1, 2, SY_PRICE_ORIGIN_IMPORTED);
  assert_optional (table, "odd", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
  /* A file does not say where its prices come from. */
  g_assert_null (sy_price_table_get_source (table, "gpt-4o"));

  g_assert_finalize_object (table);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/price-table/default", test_default_table);
  g_test_add_func ("/price-table/unknown-model", test_unknown_model);
  g_test_add_func ("/price-table/set-validation", test_set_validation);
  g_test_add_func ("/price-table/order-and-remove", test_order_and_remove);
  g_test_add_func ("/price-table/load-from-file", test_load_from_file);
  g_test_add_func ("/price-table/own-format-rejected", test_load_own_format_rejected);
  g_test_add_func ("/price-table/litellm/import", test_import_litellm);
  g_test_add_func ("/price-table/litellm/malformed", test_import_malformed);
  g_test_add_func ("/price-table/litellm/no-usable-entry", test_import_no_usable_entry);
  g_test_add_func ("/price-table/json-round-trip", test_json_round_trip);
  g_test_add_func ("/price-table/default-optional-and-provenance", test_default_optional_and_provenance);
  g_test_add_func ("/price-table/own-format/optional-round-trip", test_own_format_optional_round_trip);
  g_test_add_func ("/price-table/own-format/optional-rejected", test_own_format_optional_rejected);
  g_test_add_func ("/price-table/litellm/optional", test_import_litellm_optional);

  return g_test_run ();
}
