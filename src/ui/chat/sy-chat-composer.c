/* sy-chat-composer.c: the Chat page's message box: what is typed, Send
 * and Stop, the route for one message and its estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-chat-composer.h"

struct _SyChatComposer
{
  GtkWidget      parent_instance;

  gboolean       busy;
  gboolean       show_route;
  char          *route;
  char          *preview;

  /* Template objects */
  GtkTextView   *input_view;
  GtkTextBuffer *buffer;
  GtkWidget     *placeholder_label;
  GtkWidget     *route_button;
  GtkLabel      *preview_label;
};

G_DEFINE_FINAL_TYPE (SyChatComposer, sy_chat_composer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ROUTE,
  PROP_SHOW_ROUTE,
  PROP_PREVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEND,
  STOP,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Template closures ---------------------------------------------------------- */

static char *
route_label (SyChatComposer *self,
             const char     *route)
{
  if (g_strcmp0 (route, "local") == 0)
    return g_strdup (_("Local"));
  if (g_strcmp0 (route, "api") == 0)
    return g_strdup (_("API"));
  return g_strdup (_("Auto"));
}

/* Closures return what they own. */
static char *
send_page_name (SyChatComposer *self,
                gboolean        busy)
{
  return g_strdup (busy ? "stop" : "send");
}

static gboolean
has_text (SyChatComposer *self,
          const char     *text)
{
  return text != NULL && *text != '\0';
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_buffer_changed_cb (SyChatComposer *self)
{
  gtk_widget_set_visible (self->placeholder_label, gtk_text_buffer_get_char_count (self->buffer) == 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SyChatComposer        *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      g_signal_emit (self, signals[SEND], 0);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
on_send_clicked_cb (SyChatComposer *self)
{
  g_signal_emit (self, signals[SEND], 0);
}

static void
on_stop_clicked_cb (SyChatComposer *self)
{
  g_signal_emit (self, signals[STOP], 0);
}

/* Overrides ---------------------------------------------------------------- */

static gboolean
sy_chat_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SY_CHAT_COMPOSER (widget)->input_view));
}

static void
sy_chat_composer_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SY_TYPE_CHAT_COMPOSER);
  /* The input's box is not a bound child: dispose_template() leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sy_chat_composer_parent_class)->dispose (object);
}

static void
sy_chat_composer_finalize (GObject *object)
{
  SyChatComposer *self = SY_CHAT_COMPOSER (object);

  g_free (self->route);
  g_free (self->preview);

  G_OBJECT_CLASS (sy_chat_composer_parent_class)->finalize (object);
}

static void
sy_chat_composer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SyChatComposer *self = SY_CHAT_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_ROUTE:
      g_value_set_string (value, self->route);
      break;
    case PROP_SHOW_ROUTE:
      g_value_set_boolean (value, self->show_route);
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_composer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SyChatComposer *self = SY_CHAT_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      sy_chat_composer_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_ROUTE:
      sy_chat_composer_set_route (self, g_value_get_string (value));
      break;
    case PROP_SHOW_ROUTE:
      sy_chat_composer_set_show_route (self, g_value_get_boolean (value));
      break;
    case PROP_PREVIEW:
      sy_chat_composer_set_preview (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_composer_class_init (SyChatComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_chat_composer_dispose;
  object_class->finalize = sy_chat_composer_finalize;
  object_class->get_property = sy_chat_composer_get_property;
  object_class->set_property = sy_chat_composer_set_property;
  widget_class->grab_focus = sy_chat_composer_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROUTE] =
    g_param_spec_string ("route", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_ROUTE] =
    g_param_spec_boolean ("show-route", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND] =
    g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-chat-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SyChatComposer, input_view);
  gtk_widget_class_bind_template_child (widget_class, SyChatComposer, buffer);
  gtk_widget_class_bind_template_child (widget_class, SyChatComposer, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatComposer, route_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatComposer, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, on_buffer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, route_label);
  gtk_widget_class_bind_template_callback (widget_class, send_page_name);
  gtk_widget_class_bind_template_callback (widget_class, has_text);

  /* The route menu's items; a message being answered has its route. */
  gtk_widget_class_install_property_action (widget_class, "composer.route", "route");
}

static void
sy_chat_composer_init (SyChatComposer *self)
{
  self->route = g_strdup ("auto");
  self->preview = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
sy_chat_composer_new (void)
{
  return g_object_new (SY_TYPE_CHAT_COMPOSER, NULL);
}

char *
sy_chat_composer_dup_text (SyChatComposer *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE));
}

void
sy_chat_composer_clear (SyChatComposer *self)
{
  g_return_if_fail (SY_IS_CHAT_COMPOSER (self));

  gtk_text_buffer_set_text (self->buffer, "", 0);
}

GtkTextBuffer *
sy_chat_composer_get_buffer (SyChatComposer *self)
{
  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), NULL);
  return self->buffer;
}

gboolean
sy_chat_composer_get_busy (SyChatComposer *self)
{
  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), FALSE);
  return self->busy;
}

void
sy_chat_composer_set_busy (SyChatComposer *self,
                           gboolean        busy)
{
  g_return_if_fail (SY_IS_CHAT_COMPOSER (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.route", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

const char *
sy_chat_composer_get_route (SyChatComposer *self)
{
  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), NULL);
  return self->route;
}

/* Anything but "local" or "api" is "auto". */
void
sy_chat_composer_set_route (SyChatComposer *self,
                            const char     *route)
{
  g_return_if_fail (SY_IS_CHAT_COMPOSER (self));

  if (g_strcmp0 (route, "local") != 0 && g_strcmp0 (route, "api") != 0)
    route = "auto";

  if (g_strcmp0 (self->route, route) == 0)
    return;

  g_free (self->route);
  self->route = g_strdup (route);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

gboolean
sy_chat_composer_get_show_route (SyChatComposer *self)
{
  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), FALSE);
  return self->show_route;
}

void
sy_chat_composer_set_show_route (SyChatComposer *self,
                                 gboolean        show_route)
{
  g_return_if_fail (SY_IS_CHAT_COMPOSER (self));

  show_route = !!show_route;
  if (self->show_route == show_route)
    return;

  self->show_route = show_route;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ROUTE]);
}

const char *
sy_chat_composer_get_preview (SyChatComposer *self)
{
  g_return_val_if_fail (SY_IS_CHAT_COMPOSER (self), NULL);
  return self->preview;
}

void
sy_chat_composer_set_preview (SyChatComposer *self,
                              const char     *preview)
{
  g_return_if_fail (SY_IS_CHAT_COMPOSER (self));

  if (preview == NULL)
    preview = "";
  if (g_strcmp0 (self->preview, preview) == 0)
    return;

  g_free (self->preview);
  self->preview = g_strdup (preview);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
}

GtkWidget *
sy_chat_composer_get_route_button (SyChatComposer *self)
{
  return self->route_button;
}

GtkLabel *
sy_chat_composer_get_preview_label (SyChatComposer *self)
{
  return self->preview_label;
}

GtkWidget *
sy_chat_composer_get_placeholder (SyChatComposer *self)
{
  return self->placeholder_label;
}
