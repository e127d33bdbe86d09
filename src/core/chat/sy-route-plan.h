/* sy-route-plan.h: what one chat prompt is sent to: one backend, or both
 * (compare, or Auto with its shadow share)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sy-router.h"

G_BEGIN_DECLS

/* How the chat sends a prompt. The first three are the chat's backend
 * choice; compare is a setting on top of it. */
typedef enum
{
  SY_CHAT_MODE_LOCAL,    /* the local server, with the model chosen */
  SY_CHAT_MODE_HOSTED,   /* the hosted API, with the model chosen */
  SY_CHAT_MODE_AUTO,     /* the routing rules choose, per prompt */
  SY_CHAT_MODE_COMPARE,  /* both, side by side */
} SyChatMode;

#define SY_TYPE_CHAT_MODE (sy_chat_mode_get_type ())
GType sy_chat_mode_get_type (void) G_GNUC_CONST;

typedef struct
{
  gboolean         send[SY_ROUTE_N_BACKENDS];    /* which backends are asked */
  char            *models[SY_ROUTE_N_BACKENDS];  /* the model each backend answers with */
  SyRouteBackend   primary;       /* the reply in the list */
  gboolean         compare;       /* both shown side by side */
  SyRouteDecision *decision;      /* Auto only: the route taken */
  gboolean         overridden;    /* Auto: the person chose the backend */
} SyRoutePlan;

/* @models: the model each backend uses when the rules do not pick one
 * (the one chosen for Local or Hosted, the configured one otherwise).
 * @route_override: "local" or "api" sends an Auto prompt there, for this
 * prompt only; NULL or "auto" leaves it to @router (used in Auto only).
 * Returns NULL when @prompt is empty: there is nothing to send. */
SyRoutePlan *sy_route_plan_new        (SyChatMode          mode,
                                       const char         *prompt,
                                       SyRouter           *router,
                                       const char * const  models[SY_ROUTE_N_BACKENDS],
                                       const char         *route_override);
void         sy_route_plan_free       (SyRoutePlan        *plan);

/* The backend that is not the primary one. */
SyRouteBackend sy_route_plan_get_other (const SyRoutePlan *plan);

/* Auto only: asks the other backend too, for @percent of the prompts
 * (picked with @rand), so the pilot log can compare the two. An API
 * without a key could only fail: @api_usable FALSE skips it. Returns
 * TRUE when the other backend was added. */
gboolean     sy_route_plan_add_shadow (SyRoutePlan        *plan,
                                       guint               percent,
                                       gboolean            api_usable,
                                       GRand              *rand);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyRoutePlan, sy_route_plan_free)

G_END_DECLS
