/* test-router.c: SyRouter, SPEC §3's golden routing and the editable rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sy-router.h"

#define GOLDEN_SIMPLE  "What is RAG?"
#define GOLDEN_MEDIUM  "Explain the tradeoffs between HNSW and IVF-PQ index types."
#define GOLDEN_COMPLEX "Write a Python class implementing a full RAG pipeline with ChromaDB and GPT-4o-mini."

static char *
make_config_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-router-XXXXXX", &error);

  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_CONFIG_DIR", dir, TRUE);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
on_changed_cb (SyRouter *router,
               guint    *count)
{
  (*count)++;
}

static void
test_golden (void)
{
  SyRouter *router = sy_router_new ();
  struct { const char *query; SyRouteClass klass; SyRouteBackend backend; const char *model; double usd; } cases[] = {
    { GOLDEN_SIMPLE, SY_ROUTE_CLASS_SIMPLE, SY_ROUTE_BACKEND_LOCAL, "llama3.1:8b", 0.0 },
    { GOLDEN_MEDIUM, SY_ROUTE_CLASS_MEDIUM, SY_ROUTE_BACKEND_API, "gpt-4o-mini", 9 * 0.0000015 },
    { GOLDEN_COMPLEX, SY_ROUTE_CLASS_COMPLEX, SY_ROUTE_BACKEND_API, "gpt-4o", 13 * 0.000015 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SyRouteDecision) decision = sy_router_route (router, cases[i].query);

      g_assert_cmpint (sy_router_classify (router, cases[i].query), ==, cases[i].klass);
      g_assert_cmpint (decision->klass, ==, cases[i].klass);
      g_assert_cmpint (decision->backend, ==, cases[i].backend);
      g_assert_cmpstr (decision->model, ==, cases[i].model);
      g_assert_cmpfloat_with_epsilon (decision->estimated_cost_usd, cases[i].usd, 1e-12);
    }

  g_assert_true (sy_router_is_default (router));
  g_assert_finalize_object (router);
}

static void
test_each_keyword (void)
{
  SyRouter *router = sy_router_new ();
  const char *simple[] = { "what is", "define", "when did", "how many", "list the" };
  const char *complex[] = { "compare", "analyze", "explain why", "design", "implement",
                            "debug", "optimize", "write a program" };

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    {
      g_autofree char *query = g_strdup_printf ("Please %s it", simple[i]);
      g_autoptr(SyRouteDecision) decision = sy_router_route (router, query);

      g_assert_cmpint (decision->klass, ==, SY_ROUTE_CLASS_SIMPLE);
      g_assert_cmpstr (decision->keyword, ==, simple[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (complex); i++)
    {
      g_autofree char *query = g_strdup_printf ("Please %s it", complex[i]);
      g_autoptr(SyRouteDecision) decision = sy_router_route (router, query);

      g_assert_cmpint (decision->klass, ==, SY_ROUTE_CLASS_COMPLEX);
      g_assert_cmpstr (decision->keyword, ==, complex[i]);
    }

  /* "explain" alone is not "explain why": the golden medium sentence. */
  g_assert_cmpint (sy_router_classify (router, "Explain it"), ==, SY_ROUTE_CLASS_MEDIUM);
  /* Simple is checked first: both kinds of keyword, short → simple. */
  g_assert_cmpint (sy_router_classify (router, "What is the best design?"), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_router_classify (router, ""), ==, SY_ROUTE_CLASS_MEDIUM);

  g_assert_finalize_object (router);
}

/* "shorter than 100 characters": 99 is simple, 100 is not. Characters,
 * not bytes: "é" is two bytes and one character. */
static void
test_length_boundary (void)
{
  SyRouter *router = sy_router_new ();
  g_autoptr(GString) query = g_string_new ("what is é");

  while (g_utf8_strlen (query->str, -1) < 99)
    g_string_append_c (query, 'x');
  g_assert_cmpint (g_utf8_strlen (query->str, -1), ==, 99);
  g_assert_cmpuint (query->len, ==, 100);
  g_assert_cmpint (sy_router_classify (router, query->str), ==, SY_ROUTE_CLASS_SIMPLE);

  g_string_append_c (query, 'x');
  g_assert_cmpint (sy_router_classify (router, query->str), ==, SY_ROUTE_CLASS_MEDIUM);

  /* Too long for simple, and a complex keyword: complex. */
  g_string_append (query, " debug");
  g_assert_cmpint (sy_router_classify (router, query->str), ==, SY_ROUTE_CLASS_COMPLEX);

  g_assert_finalize_object (router);
}

static void
test_case_insensitive (void)
{
  SyRouter *router = sy_router_new ();
  const char *keywords[] = { "ÜBER", NULL };

  g_assert_cmpint (sy_router_classify (router, "WHAT IS rag?"), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_router_classify (router, "wHaT iS rag?"), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_router_classify (router, "Please OPTIMIZE this"), ==, SY_ROUTE_CLASS_COMPLEX);

  /* Beyond ASCII too. */
  g_assert_true (sy_router_set_keywords (router, SY_ROUTE_CLASS_COMPLEX, keywords, NULL));
  g_assert_cmpint (sy_router_classify (router, "Alles über Vektoren, bitte"), ==, SY_ROUTE_CLASS_COMPLEX);

  g_assert_finalize_object (router);
}

static void
test_explain (void)
{
  SyRouter *router = sy_router_new ();
  g_autofree char *simple = sy_router_explain (router, GOLDEN_SIMPLE);
  g_autofree char *medium = sy_router_explain (router, GOLDEN_MEDIUM);
  g_autofree char *complex = sy_router_explain (router, GOLDEN_COMPLEX);
  g_autofree char *long_simple = NULL;
  g_autoptr(GString) query = g_string_new ("How many ");

  g_assert_cmpstr (simple, ==, "contains “what is” and is 12 characters long");
  g_assert_cmpstr (medium, ==, "no keyword of the simple or complex rules");
  g_assert_cmpstr (complex, ==, "contains “implement”");

  while (query->len < 120)
    g_string_append (query, "cats ");
  long_simple = sy_router_explain (router, query->str);
  g_assert_cmpstr (long_simple, ==,
                   "contains “how many” but is 124 characters long, not under 100, "
                   "and no keyword of the complex rule");

  g_assert_finalize_object (router);
}

static void
test_estimate (void)
{
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  SyChatResult usage = { 0, };
  double usd = -1;

  g_assert_cmpuint (sy_router_count_words ("  one\ttwo\n three  "), ==, 3);
  g_assert_cmpuint (sy_router_count_words (""), ==, 0);
  g_assert_cmpfloat_with_epsilon (sy_router_estimate_cost (SY_ROUTE_CLASS_MEDIUM, SY_ROUTE_BACKEND_API,
                                                           "a b c d"), 4 * 0.0000015, 1e-15);
  g_assert_cmpfloat_with_epsilon (sy_router_estimate_cost (SY_ROUTE_CLASS_COMPLEX, SY_ROUTE_BACKEND_API,
                                                           "a b c d"), 4 * 0.000015, 1e-15);
  g_assert_cmpfloat (sy_router_estimate_cost (SY_ROUTE_CLASS_COMPLEX, SY_ROUTE_BACKEND_LOCAL, "a b"), ==, 0);

  /* After: usage × the price table. gpt-4o-mini is $0.15 / $0.60 per 1M. */
  usage.prompt_tokens = 1000;
  usage.completion_tokens = 500;
  g_assert_true (sy_router_compute_cost (prices, SY_ROUTE_BACKEND_API, "gpt-4o-mini",
                                         usage.prompt_tokens, usage.completion_tokens, &usd, NULL));
  g_assert_cmpfloat_with_epsilon (usd, (1000 * 0.15 + 500 * 0.60) / 1e6, 1e-12);
  /* A dated snapshot costs what its model costs. */
  g_assert_true (sy_router_compute_cost (prices, SY_ROUTE_BACKEND_API, "gpt-4o-mini-2024-07-18",
                                         1000, 500, &usd, NULL));
  g_assert_cmpfloat_with_epsilon (usd, (1000 * 0.15 + 500 * 0.60) / 1e6, 1e-12);
  g_assert_true (sy_router_compute_cost (prices, SY_ROUTE_BACKEND_LOCAL, "llama3.1:8b", 1000, 500, &usd, NULL));
  g_assert_cmpfloat (usd, ==, 0);
  g_assert_false (sy_router_compute_cost (prices, SY_ROUTE_BACKEND_API, "no-such-model", 1, 1, &usd, NULL));
}

static void
test_edits_persist (void)
{
  g_autofree char *dir = make_config_dir ();
  g_autofree char *path = sy_router_dup_default_path ();
  g_autofree char *expected = g_build_filename (dir, "routing.json", NULL);
  SyRouter *router = sy_router_new ();
  SyRouter *loaded = sy_router_new ();
  g_autoptr(GError) error = NULL;
  const char *simple[] = { "  tl;dr ", "what is", NULL };
  const char *empty[] = { "ok", " ", NULL };
  guint changes = 0;

  g_assert_cmpstr (path, ==, expected);
  g_signal_connect (router, "changed", G_CALLBACK (on_changed_cb), &changes);

  g_assert_true (sy_router_set_keywords (router, SY_ROUTE_CLASS_SIMPLE, simple, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sy_router_get_keywords (router, SY_ROUTE_CLASS_SIMPLE)[0], ==, "tl;dr");
  g_assert_true (sy_router_set_simple_max_length (router, 20, &error));
  g_assert_true (sy_router_set_route (router, SY_ROUTE_CLASS_MEDIUM, SY_ROUTE_BACKEND_LOCAL, "qwen2.5:14b", &error));
  g_assert_cmpuint (changes, ==, 3);
  g_assert_false (sy_router_is_default (router));

  /* Invalid edits change nothing. */
  g_assert_false (sy_router_set_keywords (router, SY_ROUTE_CLASS_COMPLEX, empty, &error));
  g_assert_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sy_router_set_route (router, SY_ROUTE_CLASS_COMPLEX, SY_ROUTE_BACKEND_API, " ", &error));
  g_assert_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sy_router_set_simple_max_length (router, 0, &error));
  g_clear_error (&error);
  g_assert_cmpuint (changes, ==, 3);

  g_assert_cmpint (sy_router_classify (router, "TL;DR of RAG"), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_router_classify (router, "What is retrieval-augmented gen?"), ==, SY_ROUTE_CLASS_MEDIUM);

  g_assert_true (sy_router_save (router, path, &error));
  g_assert_no_error (error);
  g_assert_true (sy_router_load (loaded, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sy_router_get_keywords (loaded, SY_ROUTE_CLASS_SIMPLE)[0], ==, "tl;dr");
  g_assert_cmpuint (sy_router_get_simple_max_length (loaded), ==, 20);
  g_assert_cmpint (sy_router_get_route_backend (loaded, SY_ROUTE_CLASS_MEDIUM), ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (sy_router_get_route_model (loaded, SY_ROUTE_CLASS_MEDIUM), ==, "qwen2.5:14b");
  g_assert_cmpstr (sy_router_get_route_model (loaded, SY_ROUTE_CLASS_COMPLEX), ==, "gpt-4o");

  sy_router_reset (router);
  g_assert_cmpuint (changes, ==, 4);
  g_assert_true (sy_router_is_default (router));
  g_assert_cmpint (sy_router_classify (router, GOLDEN_SIMPLE), ==, SY_ROUTE_CLASS_SIMPLE);

  g_assert_finalize_object (router);
  g_assert_finalize_object (loaded);
  remove_dir (dir);
}

static void
test_corrupt_file (void)
{
  g_autofree char *dir = make_config_dir ();
  g_autofree char *path = sy_router_dup_default_path ();
  SyRouter *router = sy_router_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *bad[] = {
    "{ \"simple\": { \"keywords\": [\"what is\",",
    "{ \"complex\": { \"keywords\": [1, 2] } }",
    "{ \"medium\": { \"backend\": \"cloud\" } }",
    "[]",
  };

  /* A missing file is the defaults, no error. */
  g_assert_true (sy_router_load (router, path, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *name;
      guint n_aside = 0;

      g_assert_true (sy_router_set_simple_max_length (router, 42, NULL));
      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      g_assert_false (sy_router_load (router, path, &error));
      g_assert_error (error, SY_ROUTER_ERROR, SY_ROUTER_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, ".corrupt-"));
      g_clear_error (&error);

      /* The defaults, and the file kept aside for the user to mend. */
      g_assert_true (sy_router_is_default (router));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      handle = g_dir_open (dir, 0, NULL);
      while ((name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *aside = g_build_filename (dir, name, NULL);

          g_assert_true (g_str_has_prefix (name, "routing.json.corrupt-"));
          n_aside++;
          g_assert_cmpint (g_remove (aside), ==, 0);
        }
      g_clear_pointer (&handle, g_dir_close);
      g_assert_cmpuint (n_aside, ==, 1);
    }

  /* An older file with members left out keeps the defaults for those. */
  g_assert_true (g_file_set_contents (path, "{ \"version\": 1, \"complex\": { \"model\": \"o3\" } }", -1, NULL));
  g_assert_true (sy_router_load (router, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sy_router_get_route_model (router, SY_ROUTE_CLASS_COMPLEX), ==, "o3");
  g_assert_cmpint (sy_router_classify (router, GOLDEN_COMPLEX), ==, SY_ROUTE_CLASS_COMPLEX);

  g_assert_finalize_object (router);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/router/golden", test_golden);
  g_test_add_func ("/router/each-keyword", test_each_keyword);
  g_test_add_func ("/router/length-boundary", test_length_boundary);
  g_test_add_func ("/router/case-insensitive", test_case_insensitive);
  g_test_add_func ("/router/explain", test_explain);
  g_test_add_func ("/router/estimate", test_estimate);
  g_test_add_func ("/router/edits-persist", test_edits_persist);
  g_test_add_func ("/router/corrupt-file", test_corrupt_file);

  return g_test_run ();
}
