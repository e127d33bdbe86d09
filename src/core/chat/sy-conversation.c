/* sy-conversation.c: chat conversations and their JSON form (the store on
 * disk is sy-conversation-store.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-conversation-private.h"
#include "sy-json.h"

#define FORMAT_VERSION 1

/* SyConversation --------------------------------------------------------- */

struct _SyConversation
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  gint64      created;
  GListStore *messages;
};

G_DEFINE_FINAL_TYPE (SyConversation, sy_conversation, G_TYPE_OBJECT)

enum {
  CONVERSATION_PROP_0,
  CONVERSATION_PROP_TITLE,
  CONVERSATION_PROP_TOTAL_COST,
  CONVERSATION_N_PROPS
};

static GParamSpec *conversation_properties[CONVERSATION_N_PROPS];

static void
on_message_measured_cb (SyConversation *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_TOTAL_COST]);
}

static void
sy_conversation_finalize (GObject *object)
{
  SyConversation *self = SY_CONVERSATION (object);

  g_free (self->id);
  g_free (self->title);
  g_object_unref (self->messages);

  G_OBJECT_CLASS (sy_conversation_parent_class)->finalize (object);
}

static void
sy_conversation_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SyConversation *self = SY_CONVERSATION (object);

  switch (prop_id)
    {
    case CONVERSATION_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case CONVERSATION_PROP_TOTAL_COST:
      g_value_set_double (value, sy_conversation_get_total_cost (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_conversation_class_init (SyConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_conversation_finalize;
  object_class->get_property = sy_conversation_get_property;

  conversation_properties[CONVERSATION_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  conversation_properties[CONVERSATION_PROP_TOTAL_COST] =
    g_param_spec_double ("total-cost", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, CONVERSATION_N_PROPS, conversation_properties);
}

static void
sy_conversation_init (SyConversation *self)
{
  self->messages = g_list_store_new (SY_TYPE_MESSAGE);
}

SyConversation *
sy_conversation_new (const char *title)
{
  SyConversation *self = g_object_new (SY_TYPE_CONVERSATION, NULL);

  self->id = g_uuid_string_random ();
  self->title = g_strdup (title != NULL && *title != '\0' ? title : _("New Conversation"));
  self->created = g_get_real_time () / G_USEC_PER_SEC;

  return self;
}

const char *sy_conversation_get_id      (SyConversation *self) { return self->id; }
const char *sy_conversation_get_title   (SyConversation *self) { return self->title; }
gint64      sy_conversation_get_created (SyConversation *self) { return self->created; }
GListModel *sy_conversation_get_messages (SyConversation *self) { return G_LIST_MODEL (self->messages); }

void
sy_conversation_set_title (SyConversation *self,
                           const char     *title)
{
  g_return_if_fail (SY_IS_CONVERSATION (self));

  if (title == NULL || *title == '\0' || g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_TITLE]);
}

void
sy_conversation_add_message (SyConversation *self,
                             SyMessage      *message)
{
  g_return_if_fail (SY_IS_CONVERSATION (self));
  g_return_if_fail (SY_IS_MESSAGE (message));

  g_signal_connect_object (message, "notify::measured", G_CALLBACK (on_message_measured_cb),
                           self, G_CONNECT_SWAPPED);
  g_list_store_append (self->messages, message);
}

void
sy_conversation_remove_last (SyConversation *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  if (n > 0)
    {
      g_list_store_remove (self->messages, n - 1);
      g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_TOTAL_COST]);
    }
}

int
sy_conversation_find_message (SyConversation *self,
                              SyMessage      *message)
{
  guint position;

  g_return_val_if_fail (SY_IS_CONVERSATION (self), -1);

  if (message == NULL || !g_list_store_find (self->messages, message, &position))
    return -1;

  return position;
}

void
sy_conversation_truncate (SyConversation *self,
                          guint           position)
{
  guint n;

  g_return_if_fail (SY_IS_CONVERSATION (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (position >= n)
    return;

  g_list_store_splice (self->messages, position, n - position, NULL, 0);
  g_object_notify_by_pspec (G_OBJECT (self), conversation_properties[CONVERSATION_PROP_TOTAL_COST]);
}

static void
add_to_totals (SyMessage *message,
               double    *cost,
               gboolean  *partial,
               gint64    *tokens)
{
  if (!sy_message_get_measured (message))
    return;
  *tokens += sy_message_get_prompt_tokens (message) + sy_message_get_completion_tokens (message);
  if (sy_message_get_cost (message) >= 0)
    *cost += sy_message_get_cost (message);
  else
    *partial = TRUE;
}

static void
sum_totals (SyConversation *self,
            double         *cost,
            gboolean       *partial,
            gint64         *tokens)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  *cost = 0;
  *partial = FALSE;
  *tokens = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      add_to_totals (message, cost, partial, tokens);
      if (sy_message_get_alternate (message) != NULL)
        add_to_totals (sy_message_get_alternate (message), cost, partial, tokens);
    }
}

double
sy_conversation_get_total_cost (SyConversation *self)
{
  double cost;
  gboolean partial;
  gint64 tokens;

  sum_totals (self, &cost, &partial, &tokens);
  return cost;
}

gboolean
sy_conversation_get_total_partial (SyConversation *self)
{
  double cost;
  gboolean partial;
  gint64 tokens;

  sum_totals (self, &cost, &partial, &tokens);
  return partial;
}

gint64
sy_conversation_get_total_tokens (SyConversation *self)
{
  double cost;
  gboolean partial;
  gint64 tokens;

  sum_totals (self, &cost, &partial, &tokens);
  return tokens;
}

static gboolean
is_string_member (const char *name)
{
  static const char * const names[] = { "role", "content", "state", "error", "backend", "model",
                                        "class", "alternate_kind", "pilot_id", "rating" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;

  return FALSE;
}

/* Drops the members of a message object that a hand-edited or damaged
 * file got wrong, as if they were absent, so that one odd field does not
 * cost the whole conversation:
 * - a text field that is not a string: sy_message_new_from_json() would
 *   get NULL for it (a crash on "state": 1, found by fuzz-conversation);
 * - a number or flag that is an object or array;
 * - infinity or NaN (1e999 overflows): JSON has neither, json-glib writes
 *   them as `inf.0`, and the saved file would no longer load. */
static void
drop_bad_members_at (JsonObject *object,
                     guint       depth)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      gboolean bad;

      if (g_str_equal (l->data, "route") || g_str_equal (l->data, "alternate"))
        {
          /* The two nested objects get the same treatment, one level
           * deep: an alternate has no alternate of its own. */
          bad = !JSON_NODE_HOLDS_OBJECT (node) || depth > 0;
          if (!bad)
            drop_bad_members_at (json_node_get_object (node), depth + 1);
        }
      else if (is_string_member (l->data))
        bad = !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING;
      else
        bad = !JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node);

      if (!bad && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
        bad = !isfinite (json_node_get_double (node));

      if (bad)
        {
          /* The name belongs to the member being removed. */
          g_autofree char *name = g_strdup (l->data);

          json_object_remove_member (object, name);
        }
    }
}

static void
drop_bad_members (JsonObject *object)
{
  drop_bad_members_at (object, 0);
}

/* The tree holds copies of the strings: once made, it is whoever holds
 * it's, on any thread, while the conversation goes on changing. */
JsonNode *
sy_conversation_to_json_node (SyConversation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, self->title);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, self->created);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      sy_message_to_json (message, builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The file's text for a tree from sy_conversation_to_json_node(): the
 * slow part of a save (every string escaped), so a worker does it. */
char *
sy_conversation_json_node_to_data (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *array = json_object_get_array_member (json_node_get_object (root), "messages");

  for (guint i = 0; i < json_array_get_length (array); i++)
    drop_bad_members (json_array_get_object_element (array, i));
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

char *
sy_conversation_to_json (SyConversation *self)
{
  g_autoptr(JsonNode) root = sy_conversation_to_json_node (self);

  return sy_conversation_json_node_to_data (root);
}

SyConversation *
sy_conversation_new_from_json (const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SyConversation) self = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  JsonObject *object;
  JsonArray *array;
  const char *id;

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;

  if (!sy_json_node_has_valid_strings (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Not a conversation: its text is damaged (not UTF-8)"));
      return NULL;
    }

  /* An empty file parses, to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (object = json_node_get_object (json_parser_get_root (parser))) == NULL ||
      (id = sy_json_object_get_string (object, "id", NULL)) == NULL ||
      !json_object_has_member (object, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "messages")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Not a conversation: an id and messages are missing"));
      return NULL;
    }

  self = g_object_new (SY_TYPE_CONVERSATION, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (sy_json_object_get_string (object, "title", _("Conversation")));
  self->created = sy_json_object_get_int (object, "created", 0);

  array = json_object_get_array_member (object, "messages");
  messages = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SyMessage *message;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Message %u is not an object"), i + 1);
          return NULL;
        }

      drop_bad_members (json_node_get_object (node));
      message = sy_message_new_from_json (json_node_get_object (node));
      g_signal_connect_object (message, "notify::measured", G_CALLBACK (on_message_measured_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (messages, message);
    }

  /* One splice, one items-changed: cheap for 10,000 messages. */
  g_list_store_splice (self->messages, 0, 0, messages->pdata, messages->len);

  return g_steal_pointer (&self);
}
