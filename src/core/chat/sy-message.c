/* sy-message.c: one message of a conversation, and a reply's measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-conversation-private.h"
#include "sy-json.h"

/* SyMessage -------------------------------------------------------------- */

struct _SyMessage
{
  GObject         parent_instance;

  char           *role;
  GString        *content;
  SyMessageState  state;
  char           *error_text;

  gboolean        measured;
  char           *backend;
  char           *model;
  double          ttft;
  double          tokens_per_second;
  gint64          prompt_tokens;
  gint64          completion_tokens;
  gboolean        usage_estimated;
  double          cost;

  gboolean        routed;
  SyRouteClass    route_class;
  SyRouteBackend  route_backend;
  gboolean        route_overridden;
  double          estimated_cost;

  SyMessage      *alternate;
  gboolean        compare;
  gboolean        show_alternate;
  char           *pilot_id;
  SyPilotRating   rating;
};

G_DEFINE_FINAL_TYPE (SyMessage, sy_message, G_TYPE_OBJECT)

enum {
  MESSAGE_PROP_0,
  MESSAGE_PROP_CONTENT,
  MESSAGE_PROP_STATE,
  MESSAGE_PROP_MEASURED,
  MESSAGE_PROP_RATING,
  MESSAGE_PROP_PILOT_ID,
  MESSAGE_PROP_SHOW_ALTERNATE,
  MESSAGE_N_PROPS
};

static GParamSpec *message_properties[MESSAGE_N_PROPS];

static void
sy_message_finalize (GObject *object)
{
  SyMessage *self = SY_MESSAGE (object);

  g_free (self->role);
  g_string_free (self->content, TRUE);
  g_free (self->error_text);
  g_free (self->backend);
  g_free (self->model);
  g_clear_object (&self->alternate);
  g_free (self->pilot_id);

  G_OBJECT_CLASS (sy_message_parent_class)->finalize (object);
}

static void
sy_message_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SyMessage *self = SY_MESSAGE (object);

  switch (prop_id)
    {
    case MESSAGE_PROP_CONTENT:
      g_value_set_string (value, self->content->str);
      break;
    case MESSAGE_PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case MESSAGE_PROP_MEASURED:
      g_value_set_boolean (value, self->measured);
      break;
    case MESSAGE_PROP_RATING:
      g_value_set_int (value, self->rating);
      break;
    case MESSAGE_PROP_PILOT_ID:
      g_value_set_string (value, self->pilot_id);
      break;
    case MESSAGE_PROP_SHOW_ALTERNATE:
      g_value_set_boolean (value, self->show_alternate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_message_class_init (SyMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_message_finalize;
  object_class->get_property = sy_message_get_property;

  message_properties[MESSAGE_PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  message_properties[MESSAGE_PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SY_MESSAGE_STATE_COMPLETE, SY_MESSAGE_STATE_FAILED, SY_MESSAGE_STATE_COMPLETE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  message_properties[MESSAGE_PROP_MEASURED] =
    g_param_spec_boolean ("measured", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  message_properties[MESSAGE_PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL,
                      SY_PILOT_RATING_NONE, SY_PILOT_RATING_TIE, SY_PILOT_RATING_NONE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  message_properties[MESSAGE_PROP_PILOT_ID] =
    g_param_spec_string ("pilot-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  message_properties[MESSAGE_PROP_SHOW_ALTERNATE] =
    g_param_spec_boolean ("show-alternate", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, MESSAGE_N_PROPS, message_properties);
}

static void
sy_message_init (SyMessage *self)
{
  self->content = g_string_new (NULL);
  self->ttft = -1;
}

SyMessage *
sy_message_new (const char *role,
                const char *content)
{
  SyMessage *self = g_object_new (SY_TYPE_MESSAGE, NULL);

  self->role = g_strdup (role != NULL ? role : "user");
  if (content != NULL)
    g_string_assign (self->content, content);

  return self;
}

const char *
sy_message_get_role (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), NULL);
  return self->role;
}

gboolean
sy_message_is_reply (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), FALSE);
  return g_strcmp0 (self->role, "assistant") == 0;
}

const char *
sy_message_get_content (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), NULL);
  return self->content->str;
}

void
sy_message_set_content (SyMessage  *self,
                        const char *content)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  if (g_strcmp0 (self->content->str, content) == 0)
    return;

  g_string_assign (self->content, content != NULL ? content : "");
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTENT]);
}

void
sy_message_append (SyMessage  *self,
                   const char *delta)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  if (delta == NULL || *delta == '\0')
    return;

  g_string_append (self->content, delta);
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_CONTENT]);
}

SyMessageState
sy_message_get_state (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), SY_MESSAGE_STATE_COMPLETE);
  return self->state;
}

void
sy_message_set_state (SyMessage      *self,
                      SyMessageState  state,
                      const char     *error_text)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  g_free (self->error_text);
  self->error_text = g_strdup (error_text);
  self->state = state;
  /* Always notified: the error text may change with the same state. */
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_STATE]);
}

const char *
sy_message_get_error_text (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), NULL);
  return self->error_text;
}

gboolean
sy_message_get_cut_off (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), FALSE);
  return self->state == SY_MESSAGE_STATE_STOPPED || self->state == SY_MESSAGE_STATE_CUT_OFF;
}

void
sy_message_set_origin (SyMessage  *self,
                       const char *backend,
                       const char *model)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  if (backend != self->backend)
    {
      g_free (self->backend);
      self->backend = g_strdup (backend);
    }
  if (model != self->model)
    {
      g_free (self->model);
      self->model = g_strdup (model);
    }
}

void
sy_message_set_measurements (SyMessage          *self,
                             const char         *backend,
                             const char         *model,
                             const SyChatResult *result,
                             double              cost_usd)
{
  g_return_if_fail (SY_IS_MESSAGE (self));
  g_return_if_fail (result != NULL);

  sy_message_set_origin (self, backend, model);
  self->ttft = result->time_to_first_token;
  self->tokens_per_second = result->tokens_per_second;
  self->prompt_tokens = result->prompt_tokens;
  self->completion_tokens = result->completion_tokens;
  self->usage_estimated = result->usage_estimated;
  self->cost = cost_usd;
  self->measured = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_MEASURED]);
}

gboolean    sy_message_get_measured          (SyMessage *self) { return self->measured; }
const char *sy_message_get_backend           (SyMessage *self) { return self->backend; }
const char *sy_message_get_model             (SyMessage *self) { return self->model; }
double      sy_message_get_ttft              (SyMessage *self) { return self->ttft; }
double      sy_message_get_tokens_per_second (SyMessage *self) { return self->tokens_per_second; }
gint64      sy_message_get_prompt_tokens     (SyMessage *self) { return self->prompt_tokens; }
gint64      sy_message_get_completion_tokens (SyMessage *self) { return self->completion_tokens; }
gboolean    sy_message_get_usage_estimated   (SyMessage *self) { return self->usage_estimated; }
double      sy_message_get_cost              (SyMessage *self) { return self->cost; }

void
sy_message_set_route (SyMessage      *self,
                      SyRouteClass    klass,
                      SyRouteBackend  backend,
                      gboolean        overridden,
                      double          estimated_cost_usd)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  self->routed = TRUE;
  self->route_class = klass;
  self->route_backend = backend;
  self->route_overridden = overridden;
  self->estimated_cost = estimated_cost_usd;
}

gboolean       sy_message_get_routed           (SyMessage *self) { return self->routed; }
SyRouteClass   sy_message_get_route_class      (SyMessage *self) { return self->route_class; }
SyRouteBackend sy_message_get_route_backend    (SyMessage *self) { return self->route_backend; }
gboolean       sy_message_get_route_overridden (SyMessage *self) { return self->route_overridden; }
double         sy_message_get_estimated_cost   (SyMessage *self) { return self->estimated_cost; }

static void
on_alternate_measured_cb (SyMessage *self)
{
  /* The conversation's total counts the alternate's cost too. */
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_MEASURED]);
}

void
sy_message_set_alternate (SyMessage *self,
                          SyMessage *alternate,
                          gboolean   compare)
{
  g_return_if_fail (SY_IS_MESSAGE (self));
  g_return_if_fail (alternate == NULL || SY_IS_MESSAGE (alternate));

  if (self->alternate != NULL)
    g_signal_handlers_disconnect_by_data (self->alternate, self);
  g_set_object (&self->alternate, alternate);
  self->compare = alternate != NULL && compare;
  if (alternate != NULL)
    g_signal_connect_object (alternate, "notify::measured", G_CALLBACK (on_alternate_measured_cb),
                             self, G_CONNECT_SWAPPED);
}

SyMessage *sy_message_get_alternate      (SyMessage *self) { return self->alternate; }
gboolean   sy_message_get_compare        (SyMessage *self) { return self->compare; }
gboolean   sy_message_get_show_alternate (SyMessage *self) { return self->show_alternate; }

void
sy_message_set_show_alternate (SyMessage *self,
                               gboolean   show)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  show = !!show;
  if (self->show_alternate == show)
    return;
  self->show_alternate = show;
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_SHOW_ALTERNATE]);
}

const char *sy_message_get_pilot_id (SyMessage *self) { return self->pilot_id; }

void
sy_message_set_pilot_id (SyMessage  *self,
                         const char *pilot_id)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  if (g_strcmp0 (self->pilot_id, pilot_id) == 0)
    return;
  g_free (self->pilot_id);
  self->pilot_id = g_strdup (pilot_id);
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_PILOT_ID]);
}

SyPilotRating sy_message_get_rating (SyMessage *self) { return self->rating; }

void
sy_message_set_rating (SyMessage     *self,
                       SyPilotRating  rating)
{
  g_return_if_fail (SY_IS_MESSAGE (self));

  if (self->rating == rating)
    return;
  self->rating = rating;
  g_object_notify_by_pspec (G_OBJECT (self), message_properties[MESSAGE_PROP_RATING]);
}

const char *
sy_message_get_history_content (SyMessage *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE (self), NULL);

  if (self->alternate != NULL && self->compare && self->rating == SY_PILOT_RATING_B &&
      self->alternate->state != SY_MESSAGE_STATE_FAILED)
    return self->alternate->content->str;

  return self->content->str;
}

double
sy_chat_cost_for (SyPriceTable *prices,
                  const char   *model,
                  const char   *served_model,
                  gint64        prompt_tokens,
                  gint64        completion_tokens)
{
  SyPrice price;

  /* The configured name first: servers answer with dated snapshots
   * ("gpt-4o-mini-2024-07-18") the table may not list. */
  if ((model == NULL || !sy_price_table_lookup (prices, model, &price, NULL)) &&
      (served_model == NULL || !sy_price_table_lookup (prices, served_model, &price, NULL)))
    return -1;

  return (MAX (prompt_tokens, 0) * price.input_per_million +
          MAX (completion_tokens, 0) * price.output_per_million) / 1e6;
}

static const char * const state_names[] = { "complete", "streaming", "stopped", "cut-off", "failed" };

void
sy_message_to_json (SyMessage   *self,
                 JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, self->role);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, self->content->str);

  if (sy_message_is_reply (self))
    {
      /* A reply saved while streaming was cut off by whatever stopped us. */
      SyMessageState state = self->state == SY_MESSAGE_STATE_STREAMING ? SY_MESSAGE_STATE_CUT_OFF : self->state;

      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state_names[state]);
      json_builder_set_member_name (builder, "cut_off");
      json_builder_add_boolean_value (builder, state == SY_MESSAGE_STATE_STOPPED || state == SY_MESSAGE_STATE_CUT_OFF);
      if (self->error_text != NULL)
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, self->error_text);
        }
      if (self->backend != NULL)
        {
          json_builder_set_member_name (builder, "backend");
          json_builder_add_string_value (builder, self->backend);
        }
      if (self->model != NULL)
        {
          json_builder_set_member_name (builder, "model");
          json_builder_add_string_value (builder, self->model);
        }
      if (self->measured)
        {
          json_builder_set_member_name (builder, "ttft");
          sy_json_builder_add_double (builder, self->ttft);
          json_builder_set_member_name (builder, "tokens_per_second");
          sy_json_builder_add_double (builder, self->tokens_per_second);
          json_builder_set_member_name (builder, "prompt_tokens");
          json_builder_add_int_value (builder, self->prompt_tokens);
          json_builder_set_member_name (builder, "completion_tokens");
          json_builder_add_int_value (builder, self->completion_tokens);
          json_builder_set_member_name (builder, "usage_estimated");
          json_builder_add_boolean_value (builder, self->usage_estimated);
          json_builder_set_member_name (builder, "cost_usd");
          sy_json_builder_add_double (builder, self->cost);
        }
      if (self->routed)
        {
          json_builder_set_member_name (builder, "route");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "class");
          json_builder_add_string_value (builder, sy_route_class_to_id (self->route_class));
          json_builder_set_member_name (builder, "backend");
          json_builder_add_string_value (builder, sy_route_backend_to_id (self->route_backend));
          json_builder_set_member_name (builder, "overridden");
          json_builder_add_boolean_value (builder, self->route_overridden);
          json_builder_set_member_name (builder, "estimated_cost_usd");
          sy_json_builder_add_double (builder, self->estimated_cost);
          json_builder_end_object (builder);
        }
      if (self->alternate != NULL)
        {
          json_builder_set_member_name (builder, "alternate_kind");
          json_builder_add_string_value (builder, self->compare ? "compare" : "shadow");
          json_builder_set_member_name (builder, "alternate");
          sy_message_to_json (self->alternate, builder);
        }
      if (self->pilot_id != NULL)
        {
          json_builder_set_member_name (builder, "pilot_id");
          json_builder_add_string_value (builder, self->pilot_id);
          json_builder_set_member_name (builder, "rating");
          json_builder_add_string_value (builder, sy_pilot_rating_to_id (self->rating));
        }
    }

  json_builder_end_object (builder);
}

static SyMessage *
sy_message_new_from_json_full (JsonObject *object,
                               gboolean    with_alternate)
{
  SyMessage *self;
  const char *state;

  self = sy_message_new (sy_json_object_get_string (object, "role", "user"),
                         sy_json_object_get_string (object, "content", ""));
  self->backend = g_strdup (sy_json_object_get_string (object, "backend", NULL));
  self->model = g_strdup (sy_json_object_get_string (object, "model", NULL));
  self->error_text = g_strdup (sy_json_object_get_string (object, "error", NULL));

  state = sy_json_object_get_string (object, "state", "complete");
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state, state_names[i]))
      self->state = i;
  if (self->state == SY_MESSAGE_STATE_STREAMING)
    self->state = SY_MESSAGE_STATE_CUT_OFF;

  if (json_object_has_member (object, "cost_usd"))
    {
      self->measured = TRUE;
      self->ttft = sy_json_object_get_double (object, "ttft", -1);
      self->tokens_per_second = sy_json_object_get_double (object, "tokens_per_second", 0);
      self->prompt_tokens = sy_json_object_get_int (object, "prompt_tokens", 0);
      self->completion_tokens = sy_json_object_get_int (object, "completion_tokens", 0);
      self->usage_estimated = sy_json_object_get_boolean (object, "usage_estimated", FALSE);
      self->cost = sy_json_object_get_double (object, "cost_usd", -1);
    }

  /* Files from before Auto and Compare have none of these. */
  if (sy_json_object_get_object (object, "route") != NULL)
    {
      JsonObject *route = sy_json_object_get_object (object, "route");
      const char *klass = sy_json_object_get_string (route, "class", "");
      const char *backend = sy_json_object_get_string (route, "backend", "");

      self->routed = sy_route_class_from_id (klass, &self->route_class) &&
                     sy_route_backend_from_id (backend, &self->route_backend);
      self->route_overridden = sy_json_object_get_boolean (route, "overridden", FALSE);
      self->estimated_cost = sy_json_object_get_double (route, "estimated_cost_usd", 0);
    }

  /* One level only: an alternate has no alternate of its own. */
  if (with_alternate && sy_json_object_get_object (object, "alternate") != NULL)
    {
      g_autoptr(SyMessage) alternate = NULL;

      alternate = sy_message_new_from_json_full (sy_json_object_get_object (object, "alternate"), FALSE);
      sy_message_set_alternate (self, alternate,
                                g_strcmp0 (sy_json_object_get_string (object, "alternate_kind", NULL),
                                           "compare") == 0);
    }

  self->pilot_id = g_strdup (sy_json_object_get_string (object, "pilot_id", NULL));
  if (!sy_pilot_rating_from_id (sy_json_object_get_string (object, "rating", "none"),
                                &self->rating))
    self->rating = SY_PILOT_RATING_NONE;

  return self;
}


SyMessage *
sy_message_new_from_json (JsonObject *object)
{
  return sy_message_new_from_json_full (object, TRUE);
}
