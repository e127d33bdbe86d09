/* sy-chat-stream.c: one chat request and its reply as it streams in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-backend-private.h"

typedef struct
{
  char *role;
  char *content;
} Message;

struct _SyChatStream
{
  GObject       parent_instance;

  char         *model;
  double        temperature;
  guint         max_tokens;
  GArray       *messages;
  GString      *text;
  SyChatResult *result;
};

G_DEFINE_FINAL_TYPE (SyChatStream, sy_chat_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_TEMPERATURE,
  PROP_MAX_TOKENS,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DELTA,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary functions */

static void
message_clear (gpointer data)
{
  Message *message = data;

  g_free (message->role);
  g_free (message->content);
}

void
sy_chat_stream_begin (SyChatStream *self)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));

  g_clear_pointer (&self->result, sy_chat_result_free);
  if (self->text->len > 0)
    {
      g_string_truncate (self->text, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
}

gsize
sy_chat_stream_get_length (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), 0);

  return self->text->len;
}

void
sy_chat_stream_append (SyChatStream *self,
                       const char   *delta)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));

  if (delta == NULL || *delta == '\0')
    return;

  g_string_append (self->text, delta);
  g_signal_emit (self, signals[DELTA], 0, delta);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
sy_chat_stream_set_result (SyChatStream       *self,
                           const SyChatResult *result)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));

  g_clear_pointer (&self->result, sy_chat_result_free);
  if (result != NULL)
    self->result = sy_chat_result_copy (result);
}

void
sy_chat_stream_add_messages_json (SyChatStream *self,
                                  JsonBuilder  *builder)
{
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      const Message *message = &g_array_index (self->messages, Message, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, message->role);
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, message->content);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

gint64
sy_chat_stream_estimate_prompt_tokens (SyChatStream *self)
{
  gint64 tokens = 0;

  for (guint i = 0; i < self->messages->len; i++)
    tokens += sy_backend_estimate_tokens (g_array_index (self->messages, Message, i).content);

  return tokens;
}

/* Overrides */

static void
sy_chat_stream_finalize (GObject *object)
{
  SyChatStream *self = SY_CHAT_STREAM (object);

  g_free (self->model);
  g_array_unref (self->messages);
  g_string_free (self->text, TRUE);
  g_clear_pointer (&self->result, sy_chat_result_free);

  G_OBJECT_CLASS (sy_chat_stream_parent_class)->finalize (object);
}

static void
sy_chat_stream_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SyChatStream *self = SY_CHAT_STREAM (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;

    case PROP_MAX_TOKENS:
      g_value_set_uint (value, self->max_tokens);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text->str);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_stream_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SyChatStream *self = SY_CHAT_STREAM (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      sy_chat_stream_set_model (self, g_value_get_string (value));
      break;

    case PROP_TEMPERATURE:
      sy_chat_stream_set_temperature (self, g_value_get_double (value));
      break;

    case PROP_MAX_TOKENS:
      sy_chat_stream_set_max_tokens (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_stream_class_init (SyChatStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_chat_stream_finalize;
  object_class->get_property = sy_chat_stream_get_property;
  object_class->set_property = sy_chat_stream_set_property;

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL,
                         0.0, 2.0, SY_CHAT_DEFAULT_TEMPERATURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_MAX_TOKENS] =
    g_param_spec_uint ("max-tokens", NULL, NULL,
                       1, G_MAXINT32, SY_CHAT_DEFAULT_MAX_TOKENS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SyChatStream::delta:
   * @delta: the text that just arrived
   *
   * Emitted for each piece of the reply, in order, as it arrives.
   */
  signals[DELTA] =
    g_signal_new ("delta",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sy_chat_stream_init (SyChatStream *self)
{
  self->temperature = SY_CHAT_DEFAULT_TEMPERATURE;
  self->max_tokens = SY_CHAT_DEFAULT_MAX_TOKENS;
  self->messages = g_array_new (FALSE, TRUE, sizeof (Message));
  g_array_set_clear_func (self->messages, message_clear);
  self->text = g_string_new (NULL);
}

/* Public API */

SyChatStream *
sy_chat_stream_new (const char *model)
{
  return g_object_new (SY_TYPE_CHAT_STREAM, "model", model, NULL);
}

const char *
sy_chat_stream_get_model (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), NULL);

  return self->model;
}

void
sy_chat_stream_set_model (SyChatStream *self,
                          const char   *model)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));

  if (g_strcmp0 (self->model, model) != 0)
    {
      g_free (self->model);
      self->model = g_strdup (model);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
    }
}

double
sy_chat_stream_get_temperature (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), SY_CHAT_DEFAULT_TEMPERATURE);

  return self->temperature;
}

void
sy_chat_stream_set_temperature (SyChatStream *self,
                                double        temperature)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));

  temperature = CLAMP (temperature, 0.0, 2.0);
  if (self->temperature != temperature)
    {
      self->temperature = temperature;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE]);
    }
}

guint
sy_chat_stream_get_max_tokens (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), SY_CHAT_DEFAULT_MAX_TOKENS);

  return self->max_tokens;
}

void
sy_chat_stream_set_max_tokens (SyChatStream *self,
                               guint         max_tokens)
{
  g_return_if_fail (SY_IS_CHAT_STREAM (self));
  g_return_if_fail (max_tokens > 0);

  if (self->max_tokens != max_tokens)
    {
      self->max_tokens = max_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_TOKENS]);
    }
}

void
sy_chat_stream_add_message (SyChatStream *self,
                            const char   *role,
                            const char   *content)
{
  Message message;

  g_return_if_fail (SY_IS_CHAT_STREAM (self));
  g_return_if_fail (role != NULL);

  message.role = g_strdup (role);
  message.content = g_strdup (content ? content : "");
  g_array_append_val (self->messages, message);
}

guint
sy_chat_stream_get_n_messages (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), 0);

  return self->messages->len;
}

const char *
sy_chat_stream_get_message_role (SyChatStream *self,
                                 guint         position)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), NULL);
  g_return_val_if_fail (position < self->messages->len, NULL);

  return g_array_index (self->messages, Message, position).role;
}

const char *
sy_chat_stream_get_message_content (SyChatStream *self,
                                    guint         position)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), NULL);
  g_return_val_if_fail (position < self->messages->len, NULL);

  return g_array_index (self->messages, Message, position).content;
}

const char *
sy_chat_stream_get_text (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), NULL);

  return self->text->str;
}

const SyChatResult *
sy_chat_stream_get_result (SyChatStream *self)
{
  g_return_val_if_fail (SY_IS_CHAT_STREAM (self), NULL);

  return self->result;
}
