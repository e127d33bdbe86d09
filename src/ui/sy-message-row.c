/* sy-message-row.c: one message of a chat, its Markdown and its measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-cost-model.h"
#include "sy-markdown.h"
#include "sy-message-row.h"

struct _SyMessageRow
{
  GtkWidget   parent_instance;

  SyMessage  *message;
  SyMarkdown *markdown;
  guint       render_tick;

  GtkWidget  *bubble;
  GtkWidget  *content_label;
  GtkWidget  *status_label;
  GtkWidget  *stats_label;
  GtkWidget  *actions;
  GtkWidget  *spinner;
};

G_DEFINE_FINAL_TYPE (SyMessageRow, sy_message_row, GTK_TYPE_WIDGET)

char *
sy_message_row_format_cost (double cost_usd)
{
  g_autofree char *text = NULL;
  gsize len;

  if (cost_usd < 0)
    return g_strdup (_("price unknown"));

  if (cost_usd == 0 || cost_usd >= 0.01)
    return sy_cost_format_usd (cost_usd);

  /* One reply of a cheap model costs a fraction of a cent: show the
   * digits that matter rather than "$0.00". */
  text = g_strdup_printf ("$%.6f", cost_usd);
  len = strlen (text);
  while (len > 5 && text[len - 1] == '0')
    text[--len] = '\0';

  return g_steal_pointer (&text);
}

char *
sy_message_row_format_stats (SyMessage *message)
{
  GString *out = g_string_new (NULL);
  g_autofree char *cost = NULL;
  g_autofree char *prompt_tokens = NULL;
  g_autofree char *completion_tokens = NULL;
  const char *backend = sy_message_get_backend (message);
  const char *estimated = sy_message_get_usage_estimated (message) ? _(" (estimated)") : "";

  g_string_append (out, g_strcmp0 (backend, "openai") == 0 ? _("Hosted API") : _("Local (Ollama)"));
  if (sy_message_get_model (message) != NULL)
    g_string_append_printf (out, " · %s", sy_message_get_model (message));

  if (!sy_message_get_measured (message))
    return g_string_free (out, FALSE);

  if (sy_message_get_ttft (message) >= 0)
    g_string_append_printf (out, _(" · %.2f s to first token"), sy_message_get_ttft (message));
  g_string_append_printf (out, _(" · %.1f tokens/s%s"), sy_message_get_tokens_per_second (message), estimated);
  prompt_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_message_get_prompt_tokens (message));
  completion_tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_message_get_completion_tokens (message));
  g_string_append_printf (out, _(" · %s in / %s out tokens%s"), prompt_tokens, completion_tokens, estimated);
  cost = sy_message_row_format_cost (sy_message_get_cost (message));
  g_string_append_printf (out, " · %s", cost);

  return g_string_free (out, FALSE);
}

static void
render_content (SyMessageRow *self)
{
  const char *content = sy_message_get_content (self->message);

  g_clear_pointer (&self->markdown, sy_markdown_free);

  if (!sy_message_is_reply (self->message))
    {
      /* What the person typed is shown as typed. */
      gtk_label_set_attributes (GTK_LABEL (self->content_label), NULL);
      gtk_label_set_text (GTK_LABEL (self->content_label), content);
      return;
    }

  self->markdown = sy_markdown_render (content, -1);
  gtk_label_set_text (GTK_LABEL (self->content_label), self->markdown->text);
  gtk_label_set_attributes (GTK_LABEL (self->content_label), self->markdown->attrs);
  gtk_widget_set_visible (self->content_label, self->markdown->text[0] != '\0');
}

static gboolean
render_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  SyMessageRow *self = SY_MESSAGE_ROW (widget);

  self->render_tick = 0;
  if (self->message != NULL)
    render_content (self);

  return G_SOURCE_REMOVE;
}

static void
on_content_changed_cb (SyMessageRow *self)
{
  /* Streaming re-renders the whole reply; once per frame is plenty. */
  if (self->render_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->render_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), render_tick_cb, NULL, NULL);
  else if (self->render_tick == 0)
    render_content (self);
}

static void
update_status (SyMessageRow *self)
{
  SyMessageState state = sy_message_get_state (self->message);
  const char *error_text = sy_message_get_error_text (self->message);
  g_autofree char *stats = NULL;
  gboolean reply = sy_message_is_reply (self->message);

  gtk_widget_remove_css_class (self->status_label, "error");
  gtk_widget_remove_css_class (self->status_label, "warning");

  switch (state)
    {
    case SY_MESSAGE_STATE_STOPPED:
      gtk_label_set_text (GTK_LABEL (self->status_label),
                          error_text ? error_text : _("Stopped: the reply is incomplete"));
      gtk_widget_add_css_class (self->status_label, "warning");
      break;

    case SY_MESSAGE_STATE_CUT_OFF:
      gtk_label_set_text (GTK_LABEL (self->status_label),
                          error_text ? error_text : _("The reply was cut off"));
      gtk_widget_add_css_class (self->status_label, "warning");
      break;

    case SY_MESSAGE_STATE_FAILED:
      gtk_label_set_text (GTK_LABEL (self->status_label), error_text ? error_text : _("The reply failed"));
      gtk_widget_add_css_class (self->status_label, "error");
      break;

    case SY_MESSAGE_STATE_STREAMING:
    case SY_MESSAGE_STATE_COMPLETE:
    default:
      gtk_label_set_text (GTK_LABEL (self->status_label), "");
      break;
    }

  gtk_widget_set_visible (self->status_label, reply && state >= SY_MESSAGE_STATE_STOPPED);
  gtk_widget_set_visible (self->spinner, reply && state == SY_MESSAGE_STATE_STREAMING);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), reply && state == SY_MESSAGE_STATE_STREAMING);
  gtk_widget_set_visible (self->actions, state != SY_MESSAGE_STATE_STREAMING);

  stats = reply ? sy_message_row_format_stats (self->message) : NULL;
  gtk_label_set_text (GTK_LABEL (self->stats_label), stats ? stats : "");
  gtk_widget_set_visible (self->stats_label, reply && state != SY_MESSAGE_STATE_STREAMING);
}

static void
on_copy_clicked_cb (SyMessageRow *self)
{
  if (self->message != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                            sy_message_get_content (self->message));
}

static const char *
link_at (SyMessageRow *self,
         double        x,
         double        y)
{
  PangoLayout *layout;
  int offset_x, offset_y, index, trailing;

  if (self->markdown == NULL || self->markdown->links->len == 0)
    return NULL;

  layout = gtk_label_get_layout (GTK_LABEL (self->content_label));
  gtk_label_get_layout_offsets (GTK_LABEL (self->content_label), &offset_x, &offset_y);
  if (!pango_layout_xy_to_index (layout, (x - offset_x) * PANGO_SCALE, (y - offset_y) * PANGO_SCALE,
                                 &index, &trailing))
    return NULL;

  return sy_markdown_get_link_at (self->markdown, index);
}

static void
on_label_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      SyMessageRow    *self)
{
  const char *url = link_at (self, x, y);
  GtkRoot *root;

  if (url == NULL || n_press != 1)
    return;

  /* A drag selecting text is not a click on the link. */
  if (gtk_label_get_selection_bounds (GTK_LABEL (self->content_label), NULL, NULL))
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static void
on_label_motion_cb (GtkEventControllerMotion *motion,
                    double                    x,
                    double                    y,
                    SyMessageRow             *self)
{
  const char *url = link_at (self, x, y);

  gtk_widget_set_cursor_from_name (self->content_label, url ? "pointer" : NULL);
  gtk_widget_set_tooltip_text (self->content_label, url);
}

static void
sy_message_row_dispose (GObject *object)
{
  SyMessageRow *self = SY_MESSAGE_ROW (object);
  GtkWidget *child;

  sy_message_row_set_message (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sy_message_row_parent_class)->dispose (object);
}

static void
sy_message_row_class_init (SyMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_message_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
}

static GtkWidget *
make_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
sy_message_row_init (SyMessageRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkEventController *motion;
  GtkGesture *click;
  GtkWidget *copy;
  GtkWidget *footer;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->bubble, GTK_WIDGET (self));

  self->content_label = make_label (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->content_label), TRUE);
  gtk_widget_set_focusable (self->content_label, FALSE);
  gtk_box_append (GTK_BOX (self->bubble), self->content_label);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (on_label_released_cb), self);
  gtk_widget_add_controller (self->content_label, GTK_EVENT_CONTROLLER (click));
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_label_motion_cb), self);
  gtk_widget_add_controller (self->content_label, motion);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_halign (self->spinner, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->bubble), self->spinner);

  self->status_label = make_label (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->status_label), TRUE);
  gtk_box_append (GTK_BOX (self->bubble), self->status_label);

  footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (footer, GTK_WIDGET (self));

  self->stats_label = make_label ("caption");
  gtk_widget_add_css_class (self->stats_label, "dim-label");
  gtk_widget_add_css_class (self->stats_label, "numeric");
  gtk_widget_set_hexpand (self->stats_label, TRUE);
  gtk_widget_set_valign (self->stats_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (footer), self->stats_label);

  self->actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (footer), self->actions);
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_add_css_class (copy, "circular");
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->actions), copy);
}

GtkWidget *
sy_message_row_new (void)
{
  return g_object_new (SY_TYPE_MESSAGE_ROW, NULL);
}

SyMessage *
sy_message_row_get_message (SyMessageRow *self)
{
  g_return_val_if_fail (SY_IS_MESSAGE_ROW (self), NULL);
  return self->message;
}

void
sy_message_row_set_message (SyMessageRow *self,
                            SyMessage    *message)
{
  gboolean reply;

  g_return_if_fail (SY_IS_MESSAGE_ROW (self));

  if (self->message == message)
    return;

  if (self->render_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->render_tick);
      self->render_tick = 0;
    }
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_pointer (&self->markdown, sy_markdown_free);
  g_set_object (&self->message, message);

  if (message == NULL)
    return;

  reply = sy_message_is_reply (message);
  gtk_widget_remove_css_class (GTK_WIDGET (self), reply ? "user" : "reply");
  gtk_widget_add_css_class (GTK_WIDGET (self), reply ? "reply" : "user");
  gtk_widget_remove_css_class (self->bubble, "sy-user-bubble");
  if (!reply)
    gtk_widget_add_css_class (self->bubble, "sy-user-bubble");
  gtk_widget_set_halign (self->bubble, reply ? GTK_ALIGN_FILL : GTK_ALIGN_END);
  gtk_widget_set_visible (self->content_label, TRUE);
  gtk_widget_set_visible (gtk_widget_get_parent (self->stats_label), reply);

  g_signal_connect_swapped (message, "notify::content", G_CALLBACK (on_content_changed_cb), self);
  g_signal_connect_swapped (message, "notify::state", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (message, "notify::measured", G_CALLBACK (update_status), self);

  render_content (self);
  update_status (self);
}
