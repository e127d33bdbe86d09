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
};

G_DEFINE_FINAL_TYPE (SyMessage, sy_message, G_TYPE_OBJECT)

enum {
  MESSAGE_PROP_0,
  MESSAGE_PROP_CONTENT,
  MESSAGE_PROP_STATE,
  MESSAGE_PROP_MEASURED,
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
    }

  json_builder_end_object (builder);
}

SyMessage *
sy_message_new_from_json (JsonObject *object)
{
  SyMessage *self;
  const char *state;

  self = sy_message_new (json_object_get_string_member_with_default (object, "role", "user"),
                         json_object_get_string_member_with_default (object, "content", ""));
  self->backend = g_strdup (json_object_get_string_member_with_default (object, "backend", NULL));
  self->model = g_strdup (json_object_get_string_member_with_default (object, "model", NULL));
  self->error_text = g_strdup (json_object_get_string_member_with_default (object, "error", NULL));

  state = json_object_get_string_member_with_default (object, "state", "complete");
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (state, state_names[i]))
      self->state = i;
  if (self->state == SY_MESSAGE_STATE_STREAMING)
    self->state = SY_MESSAGE_STATE_CUT_OFF;

  if (json_object_has_member (object, "cost_usd"))
    {
      self->measured = TRUE;
      self->ttft = json_object_get_double_member_with_default (object, "ttft", -1);
      self->tokens_per_second = json_object_get_double_member_with_default (object, "tokens_per_second", 0);
      self->prompt_tokens = json_object_get_int_member_with_default (object, "prompt_tokens", 0);
      self->completion_tokens = json_object_get_int_member_with_default (object, "completion_tokens", 0);
      self->usage_estimated = json_object_get_boolean_member_with_default (object, "usage_estimated", FALSE);
      self->cost = json_object_get_double_member_with_default (object, "cost_usd", -1);
    }

  return self;
}

