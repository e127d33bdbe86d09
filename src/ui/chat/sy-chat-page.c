/* sy-chat-page.c: chat with a local server or a hosted API, with measurements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"
#include "sy-message-row.h"
#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-secrets.h"
#include "sy-toast.h"

G_DEFINE_FINAL_TYPE (SyChatPage, sy_chat_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ROUTE_OVERRIDE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The page's own look, kept next to the widgets it styles. */
static const char chat_css[] =
  "messagerow { padding: 10px 18px; }\n"
  "messagerow.user { padding-top: 18px; padding-bottom: 4px; }\n"
  ".sy-user-bubble { background-color: alpha(@accent_bg_color, 0.14); border-radius: 16px;"
  "  padding: 8px 14px; margin-left: 64px; }\n"
  ".sy-chat-notice { padding: 8px 8px 8px 16px; background-color: alpha(@warning_bg_color, 0.16); }\n"
  ".sy-chat-input { border-radius: 20px; background-color: @view_bg_color;"
  "  border: 1px solid alpha(currentColor, 0.15); padding: 0 0 0 6px; }\n"
  ".sy-chat-input textview, .sy-chat-input textview text { background: none; }\n"
  ".sy-chat-view { background: none; padding-bottom: 12px; }\n"
  ".sy-route-badge { border-radius: 99px; padding: 1px 10px;"
  "  background-color: alpha(@accent_bg_color, 0.12); color: @accent_color; }\n"
  "compareview { padding: 10px 12px; }\n"
  ".sy-compare-column { border-radius: 12px; background-color: alpha(currentColor, 0.04); }\n"
  ".sy-compare-column messagerow { padding-top: 4px; }\n"
  ".sy-compare-letter { font-weight: bold; min-width: 22px; min-height: 22px; border-radius: 99px;"
  "  background-color: @accent_bg_color; color: @accent_fg_color; }\n";


/* Auxiliary functions ----------------------------------------------------- */

void
sy_chat_page_show_toast (SyChatPage *self,
            const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
update_totals (SyChatPage *self)
{
  g_autofree char *cost = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tokens = NULL;

  if (self->conversation == NULL ||
      g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) == 0)
    {
      gtk_label_set_text (self->total_label, _("Enter sends · Shift+Enter for a new line"));
      return;
    }

  cost = sy_message_row_format_cost (sy_conversation_get_total_cost (self->conversation));
  /* The count goes in as text: G_GINT64_FORMAT inside _() would cut the
   * message id short for xgettext. */
  tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_conversation_get_total_tokens (self->conversation));
  text = g_strdup_printf (sy_conversation_get_total_partial (self->conversation)
                          ? _("This conversation: %s (some prices unknown) · %s tokens")
                          : _("This conversation: %s · %s tokens"),
                          cost, tokens);
  gtk_label_set_text (self->total_label, text);
}

void
sy_chat_page_update_view (SyChatPage *self)
{
  guint n = self->conversation ? g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) : 0;
  gboolean busy = self->cancellable != NULL;

  gtk_stack_set_visible_child_name (self->view_stack, n > 0 ? "messages" : "empty");
  gtk_stack_set_visible_child_name (self->send_stack, busy ? "stop" : "send");
  gtk_label_set_text (self->title_label, self->conversation ? sy_conversation_get_title (self->conversation)
                                                            : _("New Conversation"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.send", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.regenerate", !busy && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.route", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.rename", self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.delete", self->conversation != NULL && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backend_dropdown), !busy);
  /* Compare sends to both: the choice of one does not apply. */
  gtk_widget_set_visible (GTK_WIDGET (self->backend_dropdown), !sy_chat_page_is_compare (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_dropdown), !busy);
  gtk_widget_set_sensitive (self->compare_button, !busy);
  /* Auto and compare take their models from the rules and the settings. */
  gtk_widget_set_visible (GTK_WIDGET (self->model_dropdown),
                          !sy_chat_page_is_auto (self) && !sy_chat_page_is_compare (self));
  sy_chat_page_update_route (self);

  update_totals (self);
}

static void
on_messages_changed_cb (SyChatPage *self)
{
  sy_chat_page_update_view (self);
}

void
sy_chat_page_set_conversation (SyChatPage     *self,
                  SyConversation *conversation)
{
  if (self->conversation == conversation)
    return;

  if (self->conversation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conversation, self);
      g_signal_handlers_disconnect_by_data (sy_conversation_get_messages (self->conversation), self);
    }
  g_set_object (&self->conversation, conversation);

  gtk_no_selection_set_model (self->selection, conversation ? sy_conversation_get_messages (conversation) : NULL);
  if (conversation != NULL)
    {
      g_signal_connect_object (sy_conversation_get_messages (conversation), "items-changed",
                               G_CALLBACK (on_messages_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::total-cost",
                               G_CALLBACK (update_totals), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::title",
                               G_CALLBACK (sy_chat_page_update_view), self, G_CONNECT_SWAPPED);
    }

  self->stick_to_bottom = TRUE;
  sy_chat_page_update_view (self);
}

void
sy_chat_page_save_conversation (SyChatPage     *self,
                   SyConversation *conversation)
{
  g_autoptr(GError) error = NULL;

  if (!sy_conversation_store_save (self->store, conversation, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the conversation: %s"), error->message);

      g_warning ("%s", text);
      sy_chat_page_show_toast (self, text);
    }
}

/* Fills the model list with @names and the configured model, selected. */
/* Callbacks ---------------------------------------------------------------- */

/* Once, when the page first shows: before that it has no toast overlay
 * above it to show the files the store moved aside. */
static void
on_first_map_cb (SyChatPage *self)
{
  g_auto(GStrv) problems = sy_conversation_store_dup_load_problems (self->store);

  g_signal_handlers_disconnect_by_func (self, on_first_map_cb, NULL);
  for (guint i = 0; problems[i] != NULL; i++)
    sy_toast_show (GTK_WIDGET (self), problems[i]);
}

/* Streams a reply to the messages of the current conversation. */
static gboolean
on_input_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         SyChatPage            *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "chat.send", NULL);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
on_conversation_selected_cb (SyChatPage    *self,
                             GtkListBoxRow *row)
{
  g_autoptr(SyConversation) conversation = NULL;

  if (row == NULL)
    return;

  conversation = g_list_model_get_item (sy_conversation_store_get_model (self->store),
                                        gtk_list_box_row_get_index (row));
  sy_chat_page_set_conversation (self, conversation);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static GtkWidget *
create_conversation_row_cb (gpointer item,
                            gpointer user_data)
{
  SyConversation *conversation = item;
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (sy_conversation_get_created (conversation));
  g_autofree char *date = created ? g_date_time_format (created, "%x") : NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (date);

  g_object_bind_property (conversation, "title", title, "label", G_BINDING_SYNC_CREATE);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);

  return box;
}

static void
on_vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                                 SyChatPage    *self)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 48;
}

static void
on_vadjustment_upper_cb (GtkAdjustment *adjustment,
                         GParamSpec    *pspec,
                         SyChatPage    *self)
{
  /* Follow a growing reply unless the person scrolled up to read. */
  if (self->stick_to_bottom)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

/* Actions ------------------------------------------------------------------ */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sy_chat_page_send_prompt (SY_CHAT_PAGE (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);
  GListModel *messages;
  g_autoptr(SyMessage) last = NULL;
  guint n;

  if (self->conversation == NULL || self->cancellable != NULL)
    return;

  messages = sy_conversation_get_messages (self->conversation);
  n = g_list_model_get_n_items (messages);
  if (n == 0)
    return;

  last = g_list_model_get_item (messages, n - 1);
  if (sy_message_is_reply (last))
    sy_chat_page_regenerate_message (self, last);
  else
    sy_chat_page_start_reply (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);

  /* The conversation is created with its first message. */
  gtk_list_box_unselect_all (self->conversation_list);
  sy_chat_page_set_conversation (self, NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  gtk_widget_grab_focus (GTK_WIDGET (self->input_view));
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SyChatPage       *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "rename") && self->conversation != NULL &&
      !sy_conversation_store_rename (self->store, self->conversation, gtk_editable_get_text (entry), &error))
    sy_chat_page_show_toast (self, error->message);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->conversation == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Conversation"), NULL);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), sy_conversation_get_title (self->conversation));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  if (self->conversation == NULL || self->cancellable != NULL)
    return;

  conversation = g_object_ref (self->conversation);
  sy_chat_page_set_conversation (self, NULL);
  if (!sy_conversation_store_delete (self->store, conversation, &error))
    sy_chat_page_show_toast (self, error->message);
  else
    sy_chat_page_show_toast (self, _("Conversation deleted"));
}

static void
refresh_models_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sy_chat_page_refresh_models (SY_CHAT_PAGE (widget));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_leaflet_set_visible_child_name (SY_CHAT_PAGE (widget)->leaflet, "sidebar");
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_chat_page_constructed (GObject *object)
{
  SyChatPage *self = SY_CHAT_PAGE (object);
  g_autofree char *backend = NULL;
  g_autofree char *local_url = NULL;
  g_autofree char *api_url = NULL;
  char *no_names[] = { NULL };

  G_OBJECT_CLASS (sy_chat_page_parent_class)->constructed (object);

  g_return_if_fail (self->settings != NULL && self->cost_model != NULL);

  local_url = g_settings_get_string (self->settings, "chat-local-url");
  api_url = g_settings_get_string (self->settings, "chat-api-url");
  self->ollama = sy_ollama_backend_new (local_url);
  self->openai = sy_openai_backend_new (api_url);
  sy_chat_page_settings_changed (self->settings, "connect-timeout-seconds", self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (sy_chat_page_settings_changed), self, 0);

  self->store = sy_conversation_store_new (NULL);
  sy_conversation_store_load (self->store);
  g_signal_connect (self, "map", G_CALLBACK (on_first_map_cb), NULL);
  gtk_list_box_bind_model (self->conversation_list, sy_conversation_store_get_model (self->store),
                           create_conversation_row_cb, NULL, NULL);

  backend = g_settings_get_string (self->settings, "chat-backend");
  gtk_drop_down_set_selected (self->backend_dropdown, g_str_equal (backend, "openai") ? BACKEND_HOSTED :
                                                      g_str_equal (backend, "auto") ? BACKEND_AUTO : BACKEND_LOCAL);
  g_settings_bind (self->settings, "chat-compare", self->compare_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->router, "changed", G_CALLBACK (sy_chat_page_update_route), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->input_view), "changed",
                           G_CALLBACK (sy_chat_page_update_route), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->backend_dropdown, "notify::selected",
                           G_CALLBACK (sy_chat_page_backend_changed), self, G_CONNECT_SWAPPED);

  /* Until the server answers, offer the configured model. */
  sy_chat_page_set_model_names (self, no_names);
  self->ollama_reachable = TRUE;
  sy_chat_page_backend_changed (self);
  if (sy_chat_page_is_hosted (self))
    sy_chat_page_refresh_models (self);
  else
    sy_chat_page_lookup_api_key (self);

  sy_chat_page_update_view (self);
}

static void
sy_chat_page_unroot (GtkWidget *widget)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);

  /* The reply holds a reference to the page: a closed window stops it,
   * and what arrived is saved, marked as stopped. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (sy_chat_page_parent_class)->unroot (widget);
}

static void
sy_chat_page_dispose (GObject *object)
{
  SyChatPage *self = SY_CHAT_PAGE (object);

  g_cancellable_cancel (self->lifetime);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->conversation != NULL)
    sy_chat_page_set_conversation (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_CHAT_PAGE);

  G_OBJECT_CLASS (sy_chat_page_parent_class)->dispose (object);
}

static void
sy_chat_page_finalize (GObject *object)
{
  SyChatPage *self = SY_CHAT_PAGE (object);

  g_clear_object (&self->cost_model);
  g_clear_object (&self->router);
  g_clear_object (&self->pilot_log);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->store);
  g_clear_object (&self->ollama);
  g_clear_object (&self->openai);
  g_clear_object (&self->selection);
  g_clear_object (&self->models);
  g_clear_object (&self->lifetime);
  g_clear_object (&self->regenerating);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->route_override);
  g_free (self->notice);

  G_OBJECT_CLASS (sy_chat_page_parent_class)->finalize (object);
}

static void
sy_chat_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SyChatPage *self = SY_CHAT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ROUTE_OVERRIDE:
      sy_chat_page_set_route_override (self, g_value_get_string (value));
      break;
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->cost_model = g_object_ref (sy_context_get_cost_model (self->context));
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      self->router = g_object_ref (sy_context_get_router (self->context));
      self->pilot_log = g_object_ref (sy_context_get_pilot_log (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SyChatPage *self = SY_CHAT_PAGE (object);

  switch (prop_id)
    {
    case PROP_ROUTE_OVERRIDE:
      g_value_set_string (value, self->route_override);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_chat_page_class_init (SyChatPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_chat_page_constructed;
  object_class->dispose = sy_chat_page_dispose;
  object_class->finalize = sy_chat_page_finalize;
  object_class->set_property = sy_chat_page_set_property;
  object_class->get_property = sy_chat_page_get_property;
  widget_class->unroot = sy_chat_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* "auto", "local" or "api": the route of the next message only. */
  properties[PROP_ROUTE_OVERRIDE] =
    g_param_spec_string ("route-override", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-chat-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, backend_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, message_view);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, input_view);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, send_stack);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, route_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, route_preview_label);

  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "chat.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "chat.regenerate", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "chat.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "chat.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "chat.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "chat.refresh-models", NULL, refresh_models_action);
  gtk_widget_class_install_action (widget_class, "chat.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "chat.new", NULL);
  /* Stop is disabled unless a reply streams, so Escape does nothing else. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chat.stop", NULL);
  gtk_widget_class_install_property_action (widget_class, "chat.route", "route-override");
}

static void
sy_chat_page_init (SyChatPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkAdjustment *vadjustment;
  GtkExpression *search;

  static GtkCssProvider *css;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: AdwBin unparents its own child, and
   * gtk_widget_dispose_template() would do so a second time. */
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));
  /* Folded, the page opens on the chat; the sidebar is one tap away. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  if (css == NULL && gdk_display_get_default () != NULL)
    {
      css = gtk_css_provider_new ();
      gtk_css_provider_load_from_data (css, chat_css, -1);
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

  self->lifetime = g_cancellable_new ();
  self->stick_to_bottom = TRUE;
  self->route_override = g_strdup ("auto");
  self->rand = g_rand_new ();

  factory = sy_chat_page_new_message_factory (self);
  self->selection = gtk_no_selection_new (NULL);
  gtk_list_view_set_model (self->message_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_factory (self->message_view, factory);
  g_object_unref (factory);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb), self, 0);
  g_signal_connect_object (vadjustment, "notify::upper", G_CALLBACK (on_vadjustment_upper_cb), self, 0);

  sy_chat_page_set_dropdown_factories (self->backend_dropdown);
  sy_chat_page_set_dropdown_factories (self->model_dropdown);
  /* What the model search matches against. */
  search = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->model_dropdown, search);
  gtk_expression_unref (search);

  self->models = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->model_dropdown, G_LIST_MODEL (self->models));
  g_signal_connect_object (self->model_dropdown, "notify::selected",
                           G_CALLBACK (sy_chat_page_model_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->conversation_list, "row-activated",
                           G_CALLBACK (on_conversation_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conversation_list, "row-selected",
                           G_CALLBACK (on_conversation_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_input_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->input_view), keys);

  g_object_bind_property (self->leaflet, "folded", self->back_button, "visible", G_BINDING_SYNC_CREATE);
  /* Folded, the header is phone-sized: the backend and model choosers need
   * the room more than the title, which the conversation list shows. */
  g_object_bind_property (self->leaflet, "folded", self->title_label, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
}

/* Public API ---------------------------------------------------------------- */

GtkWidget *
sy_chat_page_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_CHAT_PAGE, "context", context, NULL);
}

GtkTextBuffer *
sy_chat_page_get_input_buffer (SyChatPage *self)
{
  return gtk_text_view_get_buffer (self->input_view);
}

SyConversationStore *
sy_chat_page_get_store (SyChatPage *self)
{
  return self->store;
}

SyConversation *
sy_chat_page_get_conversation (SyChatPage *self)
{
  return self->conversation;
}

gboolean
sy_chat_page_get_busy (SyChatPage *self)
{
  return self->cancellable != NULL;
}

const char *
sy_chat_page_get_notice (SyChatPage *self)
{
  return self->notice;
}
