/* sy-chat-page-route.c: the Chat page's Auto routing, the one-message
 * route override, compare mode, the shadow share and the ratings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"
#include "sy-message-row.h"

gboolean
sy_chat_page_is_auto (SyChatPage *self)
{
  return gtk_drop_down_get_selected (self->backend_dropdown) == BACKEND_AUTO;
}

gboolean
sy_chat_page_is_compare (SyChatPage *self)
{
  return g_settings_get_boolean (self->settings, "chat-compare");
}

SyBackend *
sy_chat_page_backend_for (SyChatPage     *self,
                          SyRouteBackend  side)
{
  return side == SY_ROUTE_BACKEND_API ? SY_BACKEND (self->openai) : SY_BACKEND (self->ollama);
}

/* The configured model of a backend: what compare, a shadow reply and an
 * override to a backend the rules did not pick use. */
static char *
configured_model (SyChatPage     *self,
                  SyRouteBackend  side)
{
  return g_settings_get_string (self->settings, side == SY_ROUTE_BACKEND_API ? "chat-api-model"
                                                                             : "chat-local-model");
}

void
sy_chat_page_plan_clear (SyChatPlan *plan)
{
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_clear_pointer (&plan->models[i], g_free);
  g_clear_pointer (&plan->decision, sy_route_decision_free);
  memset (plan, 0, sizeof *plan);
}

gboolean
sy_chat_page_plan (SyChatPage *self,
                   const char *prompt,
                   SyChatPlan *plan)
{
  memset (plan, 0, sizeof *plan);

  if (prompt == NULL || *prompt == '\0')
    return FALSE;

  if (sy_chat_page_is_compare (self))
    {
      /* A is always the local reply: it is the one in the list. */
      plan->compare = TRUE;
      plan->primary = SY_ROUTE_BACKEND_LOCAL;
      for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
        {
          plan->send[i] = TRUE;
          plan->models[i] = configured_model (self, i);
        }
    }
  else if (sy_chat_page_is_auto (self))
    {
      SyRouteBackend backend;

      plan->decision = sy_router_route (self->router, prompt);
      backend = plan->decision->backend;

      if (g_strcmp0 (self->route_override, "local") == 0 || g_strcmp0 (self->route_override, "api") == 0)
        {
          sy_route_backend_from_id (self->route_override, &backend);
          plan->overridden = TRUE;
          if (backend != plan->decision->backend)
            {
              /* The rules' model belongs to the other backend. */
              g_free (plan->decision->model);
              plan->decision->model = configured_model (self, backend);
              plan->decision->backend = backend;
              plan->decision->estimated_cost_usd = sy_router_estimate_cost (plan->decision->klass, backend, prompt);
            }
        }

      plan->primary = backend;
      plan->send[backend] = TRUE;
      plan->models[backend] = g_strdup (plan->decision->model);
    }
  else
    {
      SyRouteBackend side = sy_chat_page_is_hosted (self) ? SY_ROUTE_BACKEND_API : SY_ROUTE_BACKEND_LOCAL;

      plan->primary = side;
      plan->send[side] = TRUE;
      plan->models[side] = sy_chat_page_dup_selected_model (self);
    }

  return TRUE;
}

void
sy_chat_page_plan_shadow (SyChatPage *self,
                          SyChatPlan *plan)
{
  SyRouteBackend other = plan->primary == SY_ROUTE_BACKEND_LOCAL ? SY_ROUTE_BACKEND_API : SY_ROUTE_BACKEND_LOCAL;
  guint share = g_settings_get_uint (self->settings, "pilot-shadow-share");

  if (plan->decision == NULL || plan->compare)
    return;

  /* Without a key the shadow reply could only fail: it is skipped, the
   * reply the person asked for is not held up. */
  if (other == SY_ROUTE_BACKEND_API && !self->have_api_key)
    return;

  if (!sy_pilot_shadow_select_random (share, self->rand))
    return;

  plan->send[other] = TRUE;
  plan->models[other] = configured_model (self, other);
}

/* The route chooser and the preview under the input ------------------------ */

void
sy_chat_page_set_route_override (SyChatPage *self,
                                 const char *route)
{
  if (g_strcmp0 (route, "local") != 0 && g_strcmp0 (route, "api") != 0)
    route = "auto";

  if (g_strcmp0 (self->route_override, route) == 0)
    return;

  g_free (self->route_override);
  self->route_override = g_strdup (route);
  g_object_notify (G_OBJECT (self), "route-override");
  sy_chat_page_update_route (self);
}

void
sy_chat_page_update_route (SyChatPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  gboolean auto_route = sy_chat_page_is_auto (self) && !sy_chat_page_is_compare (self);
  g_autofree char *text = NULL;
  g_autofree char *preview = NULL;
  GtkTextIter start, end;
  SyChatPlan plan;
  const char *label;

  /* The router outlives the page's widgets. */
  if (g_cancellable_is_cancelled (self->lifetime))
    return;

  if (g_strcmp0 (self->route_override, "local") == 0)
    label = _("Local");
  else if (g_strcmp0 (self->route_override, "api") == 0)
    label = _("API");
  else
    label = _("Auto");

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->route_button), label);
  gtk_widget_set_visible (self->route_button, auto_route);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  if (auto_route && sy_chat_page_plan (self, text, &plan))
    {
      g_autoptr(SyMessage) probe = sy_message_new ("assistant", NULL);
      g_autofree char *route = NULL;
      g_autofree char *estimate = NULL;

      /* The same words the reply's badge will show. */
      sy_message_set_origin (probe, plan.primary == SY_ROUTE_BACKEND_API ? "openai" : "ollama",
                             plan.decision->model);
      sy_message_set_route (probe, plan.decision->klass, plan.decision->backend, plan.overridden,
                            plan.decision->estimated_cost_usd);
      route = sy_message_row_format_route (probe);
      estimate = sy_message_row_format_estimate (probe);
      preview = g_strdup_printf ("%s · %s", route, estimate);
      sy_chat_page_plan_clear (&plan);
    }

  else if (sy_chat_page_is_compare (self))
    {
      g_autofree char *local = configured_model (self, SY_ROUTE_BACKEND_LOCAL);
      g_autofree char *api = configured_model (self, SY_ROUTE_BACKEND_API);

      /* Translators: compare mode, under the input: "Compare: llama3.1:8b (A, local) with gpt-4o-mini (B, API)" */
      preview = g_strdup_printf (_("Compare: %s (A, local) with %s (B, API)"), local, api);
    }

  gtk_label_set_text (self->route_preview_label, preview ? preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->route_preview_label), preview != NULL);
}

/* Ratings ------------------------------------------------------------------ */

void
sy_chat_page_rate (SyChatPage    *self,
                   SyMessage     *message,
                   SyPilotRating  rating)
{
  g_autoptr(GError) error = NULL;
  const char *id = sy_message_get_pilot_id (message);

  if (id == NULL || sy_message_get_rating (message) == rating)
    return;

  /* The log is append-only: a changed mind is a second rating line, and
   * the last one counts. */
  if (!sy_pilot_log_rate (self->pilot_log, id, rating, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the rating: %s"), error->message);

      g_warning ("%s", text);
      sy_chat_page_show_toast (self, text);
      return;
    }

  sy_message_set_rating (message, rating);
  if (self->conversation != NULL && sy_conversation_find_message (self->conversation, message) >= 0)
    sy_chat_page_save_conversation (self, self->conversation);
}

void
sy_chat_page_set_shadow_seed (SyChatPage *self,
                              guint32     seed)
{
  g_rand_set_seed (self->rand, seed);
}
