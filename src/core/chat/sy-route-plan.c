/* sy-route-plan.c: what one chat prompt is sent to: one backend, or both
 * (compare, or Auto with its shadow share)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-pilot.h"
#include "sy-route-plan.h"

G_DEFINE_ENUM_TYPE (SyChatMode, sy_chat_mode,
                    G_DEFINE_ENUM_VALUE (SY_CHAT_MODE_LOCAL, "local"),
                    G_DEFINE_ENUM_VALUE (SY_CHAT_MODE_HOSTED, "hosted"),
                    G_DEFINE_ENUM_VALUE (SY_CHAT_MODE_AUTO, "auto"),
                    G_DEFINE_ENUM_VALUE (SY_CHAT_MODE_COMPARE, "compare"))

static void
plan_auto (SyRoutePlan *plan,
           const char  *prompt,
           SyRouter    *router,
           const char  *route_override)
{
  SyRouteBackend backend;

  plan->decision = sy_router_route (router, prompt);
  backend = plan->decision->backend;

  if (g_strcmp0 (route_override, "local") == 0 || g_strcmp0 (route_override, "api") == 0)
    {
      sy_route_backend_from_id (route_override, &backend);
      plan->overridden = TRUE;
      if (backend != plan->decision->backend)
        {
          /* The rules' model belongs to the other backend. */
          g_free (plan->decision->model);
          plan->decision->model = g_strdup (plan->models[backend]);
          plan->decision->backend = backend;
          plan->decision->estimated_cost_usd = sy_router_estimate_cost (plan->decision->klass, backend, prompt);
        }
    }

  plan->primary = backend;
  plan->send[backend] = TRUE;
  g_free (plan->models[backend]);
  plan->models[backend] = g_strdup (plan->decision->model);
}

SyRoutePlan *
sy_route_plan_new (SyChatMode          mode,
                   const char         *prompt,
                   SyRouter           *router,
                   const char * const  models[SY_ROUTE_N_BACKENDS],
                   const char         *route_override)
{
  SyRoutePlan *plan;

  g_return_val_if_fail (mode != SY_CHAT_MODE_AUTO || SY_IS_ROUTER (router), NULL);

  if (prompt == NULL || *prompt == '\0')
    return NULL;

  plan = g_new0 (SyRoutePlan, 1);
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    plan->models[i] = g_strdup (models[i]);

  switch (mode)
    {
    case SY_CHAT_MODE_COMPARE:
      /* A is always the local reply: it is the one in the list. */
      plan->compare = TRUE;
      plan->primary = SY_ROUTE_BACKEND_LOCAL;
      for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
        plan->send[i] = TRUE;
      break;

    case SY_CHAT_MODE_AUTO:
      plan_auto (plan, prompt, router, route_override);
      break;

    case SY_CHAT_MODE_HOSTED:
    case SY_CHAT_MODE_LOCAL:
    default:
      plan->primary = mode == SY_CHAT_MODE_HOSTED ? SY_ROUTE_BACKEND_API : SY_ROUTE_BACKEND_LOCAL;
      plan->send[plan->primary] = TRUE;
      break;
    }

  return plan;
}

void
sy_route_plan_free (SyRoutePlan *plan)
{
  if (plan == NULL)
    return;

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_free (plan->models[i]);
  g_clear_pointer (&plan->decision, sy_route_decision_free);
  g_free (plan);
}

SyRouteBackend
sy_route_plan_get_other (const SyRoutePlan *plan)
{
  return plan->primary == SY_ROUTE_BACKEND_LOCAL ? SY_ROUTE_BACKEND_API : SY_ROUTE_BACKEND_LOCAL;
}

gboolean
sy_route_plan_add_shadow (SyRoutePlan *plan,
                          guint        percent,
                          gboolean     api_usable,
                          GRand       *rand)
{
  SyRouteBackend other;

  g_return_val_if_fail (plan != NULL, FALSE);

  other = sy_route_plan_get_other (plan);

  /* Compare asks both anyway; Local and Hosted were chosen by hand. */
  if (plan->decision == NULL || plan->compare)
    return FALSE;

  /* The reply the person asked for is not held up by one that would fail. */
  if (other == SY_ROUTE_BACKEND_API && !api_usable)
    return FALSE;

  if (!sy_pilot_shadow_select_random (percent, rand))
    return FALSE;

  plan->send[other] = TRUE;
  return TRUE;
}
