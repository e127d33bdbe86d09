/* sy-chat-item.c: one item of the Chat page's message list
 *
 * A list of thousands of messages binds a few hundred items at once, and
 * almost none of them is a compare pair: the compare view (two more
 * message rows, rating buttons) is made only by an item that shows one,
 * and kept for the next message the item is recycled for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sy-chat-item.h"
#include "sy-compare-view.h"
#include "sy-message-row.h"

struct _SyChatItem
{
  GtkWidget      parent_instance;

  SyMessage     *message;
  GtkWidget     *pair_clamp;   /* NULL until the item first shows a pair */
  SyCompareView *compare_view;

  /* Template widgets */
  GtkWidget     *single_clamp;
  SyMessageRow  *row;
};

G_DEFINE_FINAL_TYPE (SyChatItem, sy_chat_item, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REGENERATE,
  RATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary functions ----------------------------------------------------- */

/* A reply with an alternate shows as the pair when it is a compare pair
 * or when the person asked to see the shadow reply. */
static gboolean
is_pair (SyMessage *message)
{
  return message != NULL && sy_message_get_alternate (message) != NULL &&
         (sy_message_get_compare (message) || sy_message_get_show_alternate (message));
}

static void on_regenerate_cb (SyChatItem *self);

static void
on_rate_cb (SyChatItem *self,
            int         rating)
{
  g_signal_emit (self, signals[RATE], 0, rating);
}

static void
ensure_compare_view (SyChatItem *self)
{
  if (self->pair_clamp != NULL)
    return;

  /* Two replies need the room of two. */
  self->pair_clamp = g_object_new (ADW_TYPE_CLAMP,
                                   "maximum-size", 1400,
                                   "tightening-threshold", 1000,
                                   NULL);
  self->compare_view = SY_COMPARE_VIEW (sy_compare_view_new ());
  /* Made here, not in the template: the template cannot see it. */
  g_signal_connect_object (self->compare_view, "rate", G_CALLBACK (on_rate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_view, "regenerate", G_CALLBACK (on_regenerate_cb), self, G_CONNECT_SWAPPED);
  adw_clamp_set_child (ADW_CLAMP (self->pair_clamp), GTK_WIDGET (self->compare_view));
  gtk_widget_insert_after (self->pair_clamp, GTK_WIDGET (self), self->single_clamp);
}

static void
update (SyChatItem *self)
{
  gboolean pair = is_pair (self->message);

  if (pair)
    ensure_compare_view (self);

  /* Unbind first, so that a message is never shown twice. */
  if (pair)
    sy_message_row_set_message (self->row, NULL);
  else if (self->compare_view != NULL)
    sy_compare_view_set_message (self->compare_view, NULL);

  gtk_widget_set_visible (self->single_clamp, !pair);
  if (self->pair_clamp != NULL)
    gtk_widget_set_visible (self->pair_clamp, pair);

  if (pair)
    sy_compare_view_set_message (self->compare_view, self->message);
  else
    sy_message_row_set_message (self->row, self->message);
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_regenerate_cb (SyChatItem *self)
{
  g_signal_emit (self, signals[REGENERATE], 0);
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_chat_item_dispose (GObject *object)
{
  SyChatItem *self = SY_CHAT_ITEM (object);

  sy_chat_item_set_message (self, NULL);
  g_clear_pointer (&self->pair_clamp, gtk_widget_unparent);
  self->compare_view = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_CHAT_ITEM);

  G_OBJECT_CLASS (sy_chat_item_parent_class)->dispose (object);
}

static void
sy_chat_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SyChatItem *self = SY_CHAT_ITEM (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_item_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SyChatItem *self = SY_CHAT_ITEM (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      sy_chat_item_set_message (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_item_class_init (SyChatItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_chat_item_dispose;
  object_class->get_property = sy_chat_item_get_property;
  object_class->set_property = sy_chat_item_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL, SY_TYPE_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The item knows its message, not where it is in the conversation. */
  signals[REGENERATE] =
    g_signal_new ("regenerate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RATE] =
    g_signal_new ("rate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  g_type_ensure (SY_TYPE_MESSAGE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-chat-item.ui");
  gtk_widget_class_bind_template_child (widget_class, SyChatItem, single_clamp);
  gtk_widget_class_bind_template_child (widget_class, SyChatItem, row);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_cb);
  /* One of the two clamps shows at a time. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sy_chat_item_init (SyChatItem *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
sy_chat_item_new (void)
{
  return g_object_new (SY_TYPE_CHAT_ITEM, NULL);
}

void
sy_chat_item_set_message (SyChatItem *self,
                          SyMessage  *message)
{
  g_return_if_fail (SY_IS_CHAT_ITEM (self));

  if (self->message == message)
    return;

  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_set_object (&self->message, message);
  if (message != NULL)
    g_signal_connect_object (message, "notify::show-alternate", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

SyMessage *
sy_chat_item_get_message (SyChatItem *self)
{
  g_return_val_if_fail (SY_IS_CHAT_ITEM (self), NULL);
  return self->message;
}

gboolean
sy_chat_item_has_compare_view (SyChatItem *self)
{
  g_return_val_if_fail (SY_IS_CHAT_ITEM (self), FALSE);
  return self->compare_view != NULL;
}
