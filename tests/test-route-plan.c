/* test-route-plan.c: which backend and model each chat mode sends a prompt
 * to, Auto's override and estimate, and the shadow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-route-plan.h"

#define SIMPLE_PROMPT  "What is RAG?"
#define MEDIUM_PROMPT  "Explain the tradeoffs between HNSW and IVF-PQ index types."
#define COMPLEX_PROMPT "Write a Python class implementing a full RAG pipeline with ChromaDB and GPT-4o-mini."

/* What the chat would use without the rules: the chosen or configured model. */
static const char * const models[SY_ROUTE_N_BACKENDS] = { "mistral:7b", "gpt-4.1-nano" };

static void
assert_sends (const SyRoutePlan *plan,
              gboolean           local,
              gboolean           api)
{
  g_assert_cmpint (plan->send[SY_ROUTE_BACKEND_LOCAL], ==, local);
  g_assert_cmpint (plan->send[SY_ROUTE_BACKEND_API], ==, api);
}

static void
test_nothing_to_send (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();

  g_assert_null (sy_route_plan_new (SY_CHAT_MODE_LOCAL, NULL, router, models, NULL));
  g_assert_null (sy_route_plan_new (SY_CHAT_MODE_AUTO, "", router, models, NULL));
}

/* Local and Hosted send to their backend, with the model chosen, whatever
 * the rules would say. */
static void
test_single_backend (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyRoutePlan) local = sy_route_plan_new (SY_CHAT_MODE_LOCAL, COMPLEX_PROMPT, router, models, "api");
  g_autoptr(SyRoutePlan) hosted = sy_route_plan_new (SY_CHAT_MODE_HOSTED, SIMPLE_PROMPT, router, models, NULL);

  assert_sends (local, TRUE, FALSE);
  g_assert_cmpint (local->primary, ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (local->models[SY_ROUTE_BACKEND_LOCAL], ==, "mistral:7b");
  g_assert_null (local->decision);
  g_assert_false (local->compare);
  g_assert_false (local->overridden);

  assert_sends (hosted, FALSE, TRUE);
  g_assert_cmpint (hosted->primary, ==, SY_ROUTE_BACKEND_API);
  g_assert_cmpstr (hosted->models[SY_ROUTE_BACKEND_API], ==, "gpt-4.1-nano");
  g_assert_null (hosted->decision);
}

/* Compare sends to both, the local reply first (it is A). */
static void
test_compare (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyRoutePlan) plan = sy_route_plan_new (SY_CHAT_MODE_COMPARE, COMPLEX_PROMPT, router, models, "api");
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  assert_sends (plan, TRUE, TRUE);
  g_assert_true (plan->compare);
  g_assert_cmpint (plan->primary, ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (plan->models[SY_ROUTE_BACKEND_LOCAL], ==, "mistral:7b");
  g_assert_cmpstr (plan->models[SY_ROUTE_BACKEND_API], ==, "gpt-4.1-nano");
  g_assert_null (plan->decision);
  g_assert_false (sy_route_plan_add_shadow (plan, 100, TRUE, rand));
}

/* Auto: each router class to its backend and model, with SPEC's estimate. */
static void
test_auto_classes (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  struct {
    const char     *prompt;
    SyRouteClass    klass;
    SyRouteBackend  backend;
    const char     *model;
    double          usd;
  } cases[] = {
    { SIMPLE_PROMPT, SY_ROUTE_CLASS_SIMPLE, SY_ROUTE_BACKEND_LOCAL, "llama3.1:8b", 0.0 },
    { MEDIUM_PROMPT, SY_ROUTE_CLASS_MEDIUM, SY_ROUTE_BACKEND_API, "gpt-4o-mini", 9 * SY_ROUTER_MEDIUM_USD_PER_WORD },
    { COMPLEX_PROMPT, SY_ROUTE_CLASS_COMPLEX, SY_ROUTE_BACKEND_API, "gpt-4o", 13 * SY_ROUTER_COMPLEX_USD_PER_WORD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SyRoutePlan) plan = sy_route_plan_new (SY_CHAT_MODE_AUTO, cases[i].prompt, router, models, "auto");
      SyRouteBackend other = cases[i].backend == SY_ROUTE_BACKEND_LOCAL ? SY_ROUTE_BACKEND_API
                                                                        : SY_ROUTE_BACKEND_LOCAL;

      g_assert_nonnull (plan->decision);
      g_assert_cmpint (plan->decision->klass, ==, cases[i].klass);
      g_assert_cmpint (plan->decision->backend, ==, cases[i].backend);
      g_assert_cmpint (plan->primary, ==, cases[i].backend);
      g_assert_true (plan->send[cases[i].backend]);
      g_assert_false (plan->send[other]);
      g_assert_cmpstr (plan->models[cases[i].backend], ==, cases[i].model);
      g_assert_cmpstr (plan->decision->model, ==, cases[i].model);
      /* The other backend's model is there for a shadow reply. */
      g_assert_cmpstr (plan->models[other], ==, models[other]);
      g_assert_cmpint (sy_route_plan_get_other (plan), ==, other);
      g_assert_cmpfloat_with_epsilon (plan->decision->estimated_cost_usd, cases[i].usd, 1e-12);
      g_assert_false (plan->overridden);
      g_assert_false (plan->compare);
    }
}

/* The rules decide the model: an edited route is followed. */
static void
test_auto_edited_rules (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyRoutePlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_router_set_route (router, SY_ROUTE_CLASS_SIMPLE, SY_ROUTE_BACKEND_API, "gpt-4o", &error));
  g_assert_no_error (error);

  plan = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);
  assert_sends (plan, FALSE, TRUE);
  g_assert_cmpstr (plan->models[SY_ROUTE_BACKEND_API], ==, "gpt-4o");
  g_assert_cmpfloat_with_epsilon (plan->decision->estimated_cost_usd, 3 * SY_ROUTER_MEDIUM_USD_PER_WORD, 1e-12);
}

/* The person's choice for one prompt: the other backend's configured
 * model, estimated again for that backend; the class stays. */
static void
test_auto_override (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyRoutePlan) to_api = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, "api");
  g_autoptr(SyRoutePlan) to_local = sy_route_plan_new (SY_CHAT_MODE_AUTO, COMPLEX_PROMPT, router, models, "local");
  g_autoptr(SyRoutePlan) same = sy_route_plan_new (SY_CHAT_MODE_AUTO, COMPLEX_PROMPT, router, models, "api");

  assert_sends (to_api, FALSE, TRUE);
  g_assert_true (to_api->overridden);
  g_assert_cmpint (to_api->primary, ==, SY_ROUTE_BACKEND_API);
  g_assert_cmpint (to_api->decision->klass, ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (to_api->decision->backend, ==, SY_ROUTE_BACKEND_API);
  g_assert_cmpstr (to_api->decision->model, ==, "gpt-4.1-nano");
  g_assert_cmpstr (to_api->models[SY_ROUTE_BACKEND_API], ==, "gpt-4.1-nano");
  g_assert_cmpfloat_with_epsilon (to_api->decision->estimated_cost_usd, 3 * SY_ROUTER_MEDIUM_USD_PER_WORD, 1e-12);

  assert_sends (to_local, TRUE, FALSE);
  g_assert_true (to_local->overridden);
  g_assert_cmpint (to_local->decision->klass, ==, SY_ROUTE_CLASS_COMPLEX);
  g_assert_cmpstr (to_local->decision->model, ==, "mistral:7b");
  g_assert_cmpfloat (to_local->decision->estimated_cost_usd, ==, 0.0);

  /* Chosen where the rules went anyway: the rules' model, marked as chosen. */
  assert_sends (same, FALSE, TRUE);
  g_assert_true (same->overridden);
  g_assert_cmpstr (same->decision->model, ==, "gpt-4o");
  g_assert_cmpfloat_with_epsilon (same->decision->estimated_cost_usd, 13 * SY_ROUTER_COMPLEX_USD_PER_WORD, 1e-12);
}

/* Auto asks the other backend too for the shadow share of prompts. */
static void
test_shadow (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint added = 0;

  {
    g_autoptr(SyRoutePlan) plan = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);

    g_assert_true (sy_route_plan_add_shadow (plan, 100, TRUE, rand));
    assert_sends (plan, TRUE, TRUE);
    g_assert_cmpint (plan->primary, ==, SY_ROUTE_BACKEND_LOCAL);
    g_assert_cmpstr (plan->models[SY_ROUTE_BACKEND_API], ==, "gpt-4.1-nano");
    g_assert_false (plan->compare);
  }

  /* An API without a key is not asked; a local shadow needs none. */
  {
    g_autoptr(SyRoutePlan) to_api = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);
    g_autoptr(SyRoutePlan) to_local = sy_route_plan_new (SY_CHAT_MODE_AUTO, COMPLEX_PROMPT, router, models, NULL);

    g_assert_false (sy_route_plan_add_shadow (to_api, 100, FALSE, rand));
    assert_sends (to_api, TRUE, FALSE);
    g_assert_true (sy_route_plan_add_shadow (to_local, 100, FALSE, rand));
    assert_sends (to_local, TRUE, TRUE);
    g_assert_cmpstr (to_local->models[SY_ROUTE_BACKEND_LOCAL], ==, "mistral:7b");
  }

  /* Local and Hosted were chosen by hand: no shadow. */
  {
    g_autoptr(SyRoutePlan) local = sy_route_plan_new (SY_CHAT_MODE_LOCAL, SIMPLE_PROMPT, router, models, NULL);

    g_assert_false (sy_route_plan_add_shadow (local, 100, TRUE, rand));
    assert_sends (local, TRUE, FALSE);
  }

  /* 0 % never, and 25 % about a quarter of the time. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(SyRoutePlan) never = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);
      g_autoptr(SyRoutePlan) quarter = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);

      g_assert_false (sy_route_plan_add_shadow (never, 0, TRUE, rand));
      g_assert_false (never->send[SY_ROUTE_BACKEND_API]);
      if (sy_route_plan_add_shadow (quarter, 25, TRUE, rand))
        added++;
    }
  g_assert_cmpuint (added, >, 180);
  g_assert_cmpuint (added, <, 320);
}

/* The same seed picks the same prompts. */
static void
test_shadow_seeded (void)
{
  g_autoptr(SyRouter) router = sy_router_new ();
  gboolean first[50];

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (7);

      for (guint i = 0; i < G_N_ELEMENTS (first); i++)
        {
          g_autoptr(SyRoutePlan) plan = sy_route_plan_new (SY_CHAT_MODE_AUTO, SIMPLE_PROMPT, router, models, NULL);
          gboolean added = sy_route_plan_add_shadow (plan, 50, TRUE, rand);

          if (run == 0)
            first[i] = added;
          else
            g_assert_cmpint (added, ==, first[i]);
        }
    }
}

static void
test_mode_type (void)
{
  GEnumClass *klass = g_type_class_ref (SY_TYPE_CHAT_MODE);

  g_assert_cmpstr (g_enum_get_value (klass, SY_CHAT_MODE_AUTO)->value_nick, ==, "auto");
  g_assert_cmpstr (g_enum_get_value (klass, SY_CHAT_MODE_COMPARE)->value_nick, ==, "compare");
  g_type_class_unref (klass);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/route-plan/nothing-to-send", test_nothing_to_send);
  g_test_add_func ("/route-plan/single-backend", test_single_backend);
  g_test_add_func ("/route-plan/compare", test_compare);
  g_test_add_func ("/route-plan/auto-classes", test_auto_classes);
  g_test_add_func ("/route-plan/auto-edited-rules", test_auto_edited_rules);
  g_test_add_func ("/route-plan/auto-override", test_auto_override);
  g_test_add_func ("/route-plan/shadow", test_shadow);
  g_test_add_func ("/route-plan/shadow-seeded", test_shadow_seeded);
  g_test_add_func ("/route-plan/mode-type", test_mode_type);

  return g_test_run ();
}
