/* test-cli.c: the real `switchyard` binary, as a script would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sy-test-utils.h"

static void
assert_keys (JsonObject *object)
{
  static const char *keys[] = {
    "api_model", "local", "api_monthly_usd", "local_monthly_usd", "local_setup_usd",
    "break_even_months", "quality_tradeoff", "boxes_needed", "utilisation",
    "kind", "box_utilisation", "hardware_usd", "power_usd", "ops_usd", "other_usd",
    "total_monthly_usd",
  };

  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
}

static void
test_golden_text (void)
{
  g_auto(Run) run = { 0 };

  run_switchyard (&run, NULL, "break-even", "--daily-requests", "5000",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o-mini", "--local", "llama3.1-8b-rtx4090", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "$54.00"));
  g_assert_nonnull (strstr (run.out, "$1,600.00"));
  g_assert_nonnull (strstr (run.out, "$30.00"));
  g_assert_nonnull (strstr (run.out, "66.7 months"));
  g_assert_nonnull (strstr (run.out, "Local is 25% lower quality"));
  g_assert_nonnull (strstr (run.out, "Utilisation of one box: 23%; boxes needed: 1"));
  g_assert_null (strstr (run.out, "70B"));
}

static void
test_golden_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  run_switchyard (&run, NULL, "break-even", "--daily-requests", "5000",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--api-model", "gpt-4o-mini", "--local", "llama3.1-8b-rtx4090",
                  "--json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  /* Rounded as SPEC says, not 66.700000000000003. */
  g_assert_nonnull (strstr (run.out, "\"break_even_months\": 66.7,"));
  g_assert_nonnull (strstr (run.out, "\"api_monthly_usd\": 54.00,"));

  root = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  object = json_node_get_object (root);
  assert_keys (object);

  g_assert_cmpstr (json_object_get_string_member (object, "api_model"), ==, "gpt-4o-mini");
  g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, "llama3.1-8b-rtx4090");
  g_assert_cmpfloat (json_object_get_double_member (object, "api_monthly_usd"), ==, 54.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "local_monthly_usd"), ==, 30.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "local_setup_usd"), ==, 1600.0);
  g_assert_cmpfloat (json_object_get_double_member (object, "break_even_months"), ==, 66.7);
  g_assert_cmpstr (json_object_get_string_member (object, "quality_tradeoff"), ==,
                   "Local is 25% lower quality");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "boxes_needed")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "boxes_needed"), ==, 1);
  /* 2,000,000 output tokens a day / (100 tokens/s × 86,400 s) */
  g_assert_cmpfloat (json_object_get_double_member (object, "utilisation"), ==, 0.2315);
}

static void
test_golden_rows (void)
{
  /* SPEC §2's golden table, through the command line. */
  static const struct
  {
    const char *daily, *in, *out, *api, *local;
    double      api_monthly;
    double      break_even;  /* < 0: never */
  } rows[] = {
    { "5000", "800", "400", "gpt-4o-mini", "llama3.1-70b-2xa100", 54.00, -1 },
    { "5000", "800", "400", "gpt-4o", "llama3.1-8b-rtx4090", 900.00, 1.8 },
    { "5000", "800", "400", "gpt-4o", "llama3.1-70b-2xa100", 900.00, 50.0 },
    { "5000", "800", "400", "claude-sonnet-4-5", "llama3.1-70b-2xa100", 1260.00, 26.3 },
    { "1000", "1000", "500", "gpt-4o-mini", "llama3.1-8b-rtx4090", 13.50, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;

      run_switchyard (&run, NULL, "break-even", "--daily-requests", rows[i].daily,
                      "--input-tokens", rows[i].in, "--output-tokens", rows[i].out,
                      "--api-model", rows[i].api, "--local", rows[i].local, "--json", NULL);
      g_assert_cmpint (run.status, ==, 0);

      root = parse_json (run.out);
      object = json_node_get_object (root);
      assert_keys (object);
      g_assert_cmpstr (json_object_get_string_member (object, "api_model"), ==, rows[i].api);
      g_assert_cmpstr (json_object_get_string_member (object, "local"), ==, rows[i].local);
      g_assert_cmpfloat (json_object_get_double_member (object, "api_monthly_usd"), ==, rows[i].api_monthly);
      if (rows[i].break_even < 0)
        g_assert_true (json_object_get_null_member (object, "break_even_months"));
      else
        g_assert_cmpfloat (json_object_get_double_member (object, "break_even_months"), ==,
                           rows[i].break_even);
    }
}

static void
test_json_array (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) defaults = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) default_root = NULL;
  JsonArray *array;
  JsonObject *big;

  run_switchyard (&run, NULL, "break-even", "--daily-requests", "5000",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--local", "llama3.1-70b-2xa100", "--local", "llama3.1-8b-rtx4090",
                  "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);

  root = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  /* In the order asked for. */
  big = json_array_get_object_element (array, 0);
  assert_keys (big);
  g_assert_cmpstr (json_object_get_string_member (big, "local"), ==, "llama3.1-70b-2xa100");
  g_assert_true (json_object_get_null_member (big, "break_even_months"));
  g_assert_cmpfloat (json_object_get_double_member (big, "local_setup_usd"), ==, 20000.0);
  g_assert_cmpfloat (json_object_get_double_member (big, "local_monthly_usd"), ==, 500.0);
  g_assert_cmpstr (json_object_get_string_member (big, "quality_tradeoff"), ==,
                   "Local is 5% lower quality");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "local"),
                   ==, "llama3.1-8b-rtx4090");

  /* No --local: both of SPEC's options, at SPEC's default traffic. */
  run_switchyard (&defaults, NULL, "break-even", "--json", NULL);
  g_assert_cmpint (defaults.status, ==, 0);
  default_root = parse_json (defaults.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (default_root));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (default_root)), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (json_node_get_array (default_root), 0),
                                                    "api_monthly_usd"), ==, 13.5);
}

static void
test_capacity (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* SPEC's capacity example: 20 M output tokens a day, 8.64 M per box. */
  run_switchyard (&run, NULL, "break-even", "--daily-requests", "50000",
                  "--output-tokens", "400", "--local", "llama3.1-8b-rtx4090", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "boxes_needed"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (object, "utilisation"), ==, 2.3148);
  g_assert_cmpfloat (json_object_get_double_member (object, "local_setup_usd"), ==, 4800.0);
}

static void
check_plot (const char *dir,
            const char *name,
            const char *magic)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  g_auto(Run) run = { 0 };
  gsize len;

  run_switchyard (&run, NULL, "break-even", "--daily-requests", "5000",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--local", "llama3.1-8b-rtx4090", "--plot", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "66.7 months"));

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, strlen (magic));
  g_assert_cmpmem (data, strlen (magic), magic, strlen (magic));

  if (g_str_has_suffix (name, ".png"))
    {
      cairo_surface_t *image = cairo_image_surface_create_from_png (path);

      /* 1200×800 at the default scale of 2, and the caption's band below. */
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, 2400);
      g_assert_cmpint (cairo_image_surface_get_height (image), >, 1600);
      g_assert_cmpint (cairo_image_surface_get_height (image), <, 1800);
      cairo_surface_destroy (image);
    }
  else if (g_str_has_suffix (name, ".SVG"))
    {
      g_assert_nonnull (strstr (data, "<svg"));
      /* The caption names the traffic and the API model it was drawn for. */
      g_assert_nonnull (strstr (data, "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini"));
    }

  g_assert_cmpint (g_remove (path), ==, 0);
}

static void
test_plot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-cli-XXXXXX", &error);
  g_autofree char *missing = NULL;
  g_auto(Run) run = { 0 };

  g_assert_no_error (error);
  check_plot (dir, "plot.png", "\x89PNG\r\n\x1a\n");
  check_plot (dir, "plot.SVG", "<?xml");
  check_plot (dir, "plot.pdf", "%PDF-");

  /* A file that cannot be written is a runtime failure, not bad input,
   * and prints no figures a script might mistake for success. */
  missing = g_build_filename (dir, "missing", "plot.png", NULL);
  run_switchyard (&run, NULL, "break-even", "--plot", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpuint (count_lines (run.err), ==, 1);
  g_assert_nonnull (strstr (run.err, missing));
  g_assert_cmpstr (run.out, ==, "");

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_bad_input (void)
{
  static const struct { const char *option, *value, *expect; } cases[] = {
    { "--daily-requests", "abc", "“abc” is not a number" },
    { "--daily-requests", "", "is not a number" },
    { "--daily-requests", "-5", "--daily-requests" },
    { "--daily-requests", "1e300", "--daily-requests" },
    { "--daily-requests", "nan", "is not a number" },
    { "--daily-requests", "inf", "is not a number" },
    { "--daily-requests", "12abc", "is not a number" },
    { "--input-tokens", "-1", "--input-tokens" },
    { "--output-tokens", "1e8", "--output-tokens" },
    { "--api-model", "nope", "gpt-4o-mini" },
    { "--local", "nope", "llama3.1-8b-rtx4090" },
    { "--plot", "x.gif", "Unknown plot format “.gif”" },
    { "--plot", "noextension", ".png, .svg or .pdf" },
    { "--horizon", "2", "--horizon" },
    { "--horizon", "12.5", "--horizon" },
    { "--width", "wide", "--width" },
    { "--frobnicate", "1", "frobnicate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_switchyard (&run, NULL, "break-even", cases[i].option, cases[i].value, NULL);
      g_test_message ("%s %s → %d: %s", cases[i].option, cases[i].value, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "switchyard: "));
      g_assert_nonnull (strstr (run.err, cases[i].expect));
      g_assert_cmpstr (run.out, ==, "");
    }

  {
    g_auto(Run) run = { 0 };

    run_switchyard (&run, NULL, "break-even", "stray", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpuint (count_lines (run.err), ==, 1);
  }
}

static void
test_help (void)
{
  g_auto(Run) sub = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) help_sub = { 0 };

  run_switchyard (&sub, NULL, "break-even", "--help", NULL);
  g_assert_cmpint (sub.status, ==, 0);
  g_assert_nonnull (strstr (sub.out, "--daily-requests"));
  g_assert_nonnull (strstr (sub.out, "--local"));
  g_assert_nonnull (strstr (sub.out, "default: 1000"));

  run_switchyard (&help, NULL, "help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Commands:"));
  g_assert_nonnull (strstr (help.out, "break-even"));

  run_switchyard (&help_sub, NULL, "help", "break-even", NULL);
  g_assert_cmpint (help_sub.status, ==, 0);
  g_assert_nonnull (strstr (help_sub.out, "--plot"));
}

static void
test_other_locale (void)
{
  const char *locale = GERMAN_LOCALE;
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonNode) root = NULL;

  if (!have_german_locale ())
    return;

  /* People read German figures; the JSON keeps its decimal point. */
  run_switchyard (&text, locale, "break-even", "--daily-requests", "5000",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--local", "llama3.1-8b-rtx4090", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "54,00\u00a0$"));
  g_assert_nonnull (strstr (text.out, "66,7"));
  g_assert_null (strstr (text.out, "66.7"));

  run_switchyard (&json, locale, "break-even", "--daily-requests", "5000.0",
                  "--input-tokens", "800", "--output-tokens", "400",
                  "--local", "llama3.1-8b-rtx4090", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (root), "break_even_months"), ==, 66.7);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "quality_tradeoff"), ==,
                   "Local is 25% lower quality");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/golden-text", test_golden_text);
  g_test_add_func ("/cli/golden-json", test_golden_json);
  g_test_add_func ("/cli/golden-rows", test_golden_rows);
  g_test_add_func ("/cli/json-array", test_json_array);
  g_test_add_func ("/cli/capacity", test_capacity);
  g_test_add_func ("/cli/plot", test_plot);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/other-locale", test_other_locale);

  return g_test_run ();
}
