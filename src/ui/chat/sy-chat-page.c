/* sy-chat-page.c: chat with a local server or a hosted API, with measurements
 *
 * The page owns the chat's mode, the conversation shown and the actions;
 * its fragments (-backends.c, -items.c, -reply.c) call only it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-chat-item.h"
#include "sy-chat-page-private.h"
#include "sy-compare-view.h"
#include "sy-confirm.h"
#include "sy-format.h"
#include "sy-message-row.h"
#include "sy-toast.h"
#include "sy-tooltip.h"

G_DEFINE_FINAL_TYPE (SyChatPage, sy_chat_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ROUTE_OVERRIDE,
  PROP_MODE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary functions ----------------------------------------------------- */

static void
update_mode (SyChatPage *self)
{
  SyChatMode mode = g_settings_get_boolean (self->settings, "chat-compare") ? SY_CHAT_MODE_COMPARE
                                                                          : _sy_chat_page_get_chosen_mode (self);

  if (self->mode == mode)
    return;

  self->mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

/* A conversation opens on its newest messages, this many, and shows this
 * many more each time it is scrolled to the top: the list view builds a
 * row for up to 200 items around what it shows, and measures each, which
 * for a long conversation took seconds. */
#define HISTORY_STEP 20

/* The first message shown, kept so that at least HISTORY_STEP show
 * when the conversation shrinks (regenerating an earlier reply). */
static void
clamp_history (SyChatPage *self)
{
  guint n = self->conversation ? g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) : 0;
  guint first = n > HISTORY_STEP ? n - HISTORY_STEP : 0;

  if (gtk_slice_list_model_get_offset (self->history) > first)
    gtk_slice_list_model_set_offset (self->history, first);
}

/* Following the newest message: while the view is at the bottom it stays
 * there as replies grow; scrolled up, it stays put and the jump button
 * shows. A few pixels of slack absorb the list's rounding. */
#define BOTTOM_SLACK 4.0

static gboolean
is_at_bottom (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - BOTTOM_SLACK;
}

static void
set_following (SyChatPage *self,
               gboolean    following)
{
  self->stick_to_bottom = following;
  gtk_revealer_set_reveal_child (self->jump_revealer, !following);
  /* Hidden, the button's corner scrolls the list like the rest. */
  gtk_widget_set_can_target (GTK_WIDGET (self->jump_revealer), !following);
}

static gboolean
scroll_to_bottom_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  SyChatPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (self->stick_to_bottom && n > 0 && self->list_changed)
    {
      /* The adjustment still measures the list as it was before (another
       * conversation, fewer messages): a value from it may point past
       * the end. The list knows where its last item is; the very bottom
       * waits for the next frame, once the list is laid out. */
      self->list_changed = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self->message_view), "list.scroll-to-item", "u", n - 1);
      return G_SOURCE_CONTINUE;
    }

  self->scroll_tick = 0;
  if (self->stick_to_bottom && n > 0)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));

  return G_SOURCE_REMOVE;
}

/* On the next frame, before its layout: the list view sets the value from
 * its own anchor while it lays out, and would undo a value set then. */
static void
scroll_to_bottom (SyChatPage *self)
{
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), scroll_to_bottom_cb, self, NULL);
}

static gboolean
ends_with_comparison (SyChatPage *self)
{
  GListModel *messages = self->conversation ? sy_conversation_get_messages (self->conversation) : NULL;
  guint n = messages ? g_list_model_get_n_items (messages) : 0;
  g_autoptr(SyMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  return last != NULL && sy_message_get_compare (last) && sy_message_get_alternate (last) != NULL;
}

/* Sending, opening a conversation and a finished comparison bring the
 * newest message into view, and follow it from there. */
static void
follow_latest (SyChatPage *self)
{
  set_following (self, TRUE);
  scroll_to_bottom (self);
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

static void
update_totals (SyChatPage *self)
{
  g_autofree char *cost = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tokens = NULL;
  double total;

  if (self->conversation == NULL ||
      g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) == 0)
    {
      sy_tooltip_set_text (GTK_WIDGET (self->total_label), NULL);
      gtk_label_set_text (self->total_label, _("Enter sends · Shift+Enter for a new line"));
      return;
    }

  /* "< $0.01" reads at a glance; the tooltip has the exact figure. */
  total = sy_conversation_get_total_cost (self->conversation);
  cost = total < 0 ? sy_message_row_format_cost (total) : sy_format_usd_brief (total);
  if (total > 0 && total < 0.01)
    exact = sy_format_usd_small (total);
  /* The count goes in as text: G_GINT64_FORMAT inside _() would cut the
   * message id short for xgettext. */
  tokens = g_strdup_printf ("%" G_GINT64_FORMAT, sy_conversation_get_total_tokens (self->conversation));
  text = g_strdup_printf (sy_conversation_get_total_partial (self->conversation)
                          ? _("This conversation: %s (some prices unknown) · %s tokens")
                          : _("This conversation: %s · %s tokens"),
                          cost, tokens);
  gtk_label_set_text (self->total_label, text);
  sy_tooltip_set_text (GTK_WIDGET (self->total_label), exact);
}

/* The line under the input: where Auto sends what is typed, at what
 * estimate, or what compare sends to. */
static void
update_route_preview (SyChatPage *self)
{
  g_autofree char *preview = NULL;

  /* The router outlives the page's widgets. */
  if (g_cancellable_is_cancelled (self->lifetime))
    return;

  if (self->mode == SY_CHAT_MODE_AUTO)
    {
      g_autofree char *text = sy_chat_composer_dup_text (self->composer);
      g_autoptr(SyRoutePlan) plan = _sy_chat_page_plan (self, text);

      if (plan != NULL)
        {
          g_autoptr(SyMessage) probe = sy_message_new ("assistant", NULL);
          g_autofree char *route = NULL;
          g_autofree char *estimate = NULL;

          /* The same words the reply's badge will show. */
          sy_message_set_origin (probe, plan->primary == SY_ROUTE_BACKEND_API ? "openai" : "ollama",
                                 plan->decision->model);
          sy_message_set_route (probe, plan->decision->klass, plan->decision->backend, plan->overridden,
                                plan->decision->estimated_cost_usd);
          route = sy_message_row_format_route (probe);
          estimate = sy_message_row_format_estimate (probe);
          preview = g_strdup_printf ("%s · %s", route, estimate);
        }
    }
  else if (self->mode == SY_CHAT_MODE_COMPARE)
    {
      g_autofree char *local = configured_model (self, SY_ROUTE_BACKEND_LOCAL);
      g_autofree char *api = configured_model (self, SY_ROUTE_BACKEND_API);

      /* Translators: compare mode, under the input: "Compare: llama3.1:8b (A, local) with gpt-4o-mini (B, API)" */
      preview = g_strdup_printf (_("Compare: %s (A, local) with %s (B, API)"), local, api);
    }

  sy_chat_composer_set_preview (self->composer, preview);
}

/* The text in the box goes out, unless the API it needs has no key yet:
 * then it waits for the key to be looked up again. */
static void
send_prompt (SyChatPage *self)
{
  g_autofree char *text = NULL;

  if (self->cancellable != NULL)
    return;

  text = sy_chat_composer_dup_text (self->composer);
  if (*text == '\0')
    return;

  /* The key may just have been added in Preferences: look again. */
  if (!self->have_api_key)
    {
      g_autoptr(SyRoutePlan) plan = _sy_chat_page_plan (self, text);

      if (plan != NULL && plan->send[SY_ROUTE_BACKEND_API])
        {
          self->send_after_lookup = TRUE;
          _sy_chat_page_lookup_api_key (self);
          return;
        }
    }

  sy_chat_composer_clear (self->composer);
  follow_latest (self);
  _sy_chat_page_send_text (self, text);
}

static void
regenerate_at (SyChatPage *self,
               SyMessage  *message)
{
  int position;

  if (self->conversation == NULL || self->cancellable != NULL ||
      (position = sy_conversation_find_message (self->conversation, message)) < 0)
    return;

  sy_conversation_truncate (self->conversation, position);
  _sy_chat_page_start_reply (self);
}

/* Template closures ---------------------------------------------------------- */

static gboolean
shows_backend_choice (SyChatPage *self,
                      SyChatMode  mode)
{
  return mode != SY_CHAT_MODE_COMPARE;
}

static gboolean
shows_model_choice (SyChatPage *self,
                    SyChatMode  mode)
{
  return mode == SY_CHAT_MODE_LOCAL || mode == SY_CHAT_MODE_HOSTED;
}

static gboolean
routes_by_rules (SyChatPage *self,
                 SyChatMode  mode)
{
  return mode == SY_CHAT_MODE_AUTO;
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_messages_changed_cb (SyChatPage *self)
{
  clamp_history (self);
  _sy_chat_page_update_view (self);
}

/* Before the next frame's layout: the list view moves the adjustment
 * while it lays out, and its model must not change under it then. */
static gboolean
show_earlier_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  SyChatPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint offset = gtk_slice_list_model_get_offset (self->history);

  self->history_tick = 0;
  /* At the top, or too few messages to scroll to it */
  if (offset > 0 && gtk_adjustment_get_value (adjustment) <= BOTTOM_SLACK)
    gtk_slice_list_model_set_offset (self->history, offset > HISTORY_STEP ? offset - HISTORY_STEP : 0);

  return G_SOURCE_REMOVE;
}

static void
show_earlier (SyChatPage *self)
{
  if (self->history_tick == 0 && gtk_slice_list_model_get_offset (self->history) > 0)
    self->history_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->scroller), show_earlier_cb, self, NULL);
}

static void
on_scroller_edge_reached_cb (SyChatPage      *self,
                             GtkPositionType  position)
{
  /* The list keeps its place: the earlier messages go above it. */
  if (position == GTK_POS_TOP)
    show_earlier (self);
}

static void
on_settings_changed_cb (SyChatPage *self,
                        const char *key)
{
  if (!g_str_equal (key, "chat-compare"))
    {
      _sy_chat_page_apply_setting (self, key);
      return;
    }

  update_mode (self);
  if (self->mode == SY_CHAT_MODE_COMPARE)
    _sy_chat_page_lookup_api_key (self);
  _sy_chat_page_update_notice (self);
  _sy_chat_page_update_view (self);
}

static void
on_backend_selected_cb (SyChatPage *self)
{
  update_mode (self);
  _sy_chat_page_backend_changed (self);
  _sy_chat_page_update_view (self);
}

static void
on_model_selected_cb (SyChatPage *self)
{
  _sy_chat_page_model_selected (self);
}

static void
on_composer_send_cb (SyChatPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "chat.send", NULL);
}

static void
on_composer_stop_cb (SyChatPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "chat.stop", NULL);
}

static void
on_composer_changed_cb (SyChatPage *self)
{
  update_route_preview (self);
}

static void
on_conversation_selected_cb (SyChatPage *self)
{
  SyConversation *conversation = gtk_single_selection_get_selected_item (self->conversation_selection);

  /* Unselected, or filtered out by a search: the chat stays. */
  if (conversation == NULL)
    return;

  _sy_chat_page_set_conversation (self, conversation);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Enter on a row */
static void
on_conversation_activated_cb (SyChatPage *self,
                              guint       position)
{
  gtk_single_selection_set_selected (self->conversation_selection, position);
  if (gtk_single_selection_get_selected_item (self->conversation_selection) != NULL)
    adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/* Folded, the sidebar shows alone: nothing in it is open, and a tap on
 * the conversation just left opens it again (a selected row would not
 * change, so would not open). */
static void
on_leaflet_child_changed_cb (SyChatPage *self)
{
  /* Called while the template is still being built, too. */
  if (self->leaflet == NULL || self->conversation_selection == NULL)
    return;

  if (adw_leaflet_get_folded (self->leaflet) &&
      g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "sidebar") == 0)
    gtk_single_selection_set_selected (self->conversation_selection, GTK_INVALID_LIST_POSITION);
}

static void
on_search_changed_cb (SyChatPage *self)
{
  _sy_chat_page_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_scrolled_cb (GtkAdjustment *adjustment,
                SyChatPage    *self)
{
  /* Within a frame the list lays itself out (and this page takes it to
   * the bottom): that moves it, not the person. Between frames it is the
   * person: scrolling up stops following, back at the bottom it follows. */
  if (self->in_frame && !is_at_bottom (adjustment))
    return;

  set_following (self, is_at_bottom (adjustment));
}

static void
on_frame_started_cb (SyChatPage *self)
{
  self->in_frame = TRUE;
}

static void
on_frame_ended_cb (SyChatPage *self)
{
  self->in_frame = FALSE;
}

static void
on_scroller_realize_cb (SyChatPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->scroller));

  g_signal_connect_object (clock, "before-paint", G_CALLBACK (on_frame_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_frame_ended_cb), self, G_CONNECT_SWAPPED);
}

static void
on_scroller_unrealize_cb (SyChatPage *self)
{
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (self->scroller)), self);
  self->in_frame = FALSE;
}

static void
on_message_list_changed_cb (SyChatPage *self)
{
  self->list_changed = TRUE;
  if (self->stick_to_bottom)
    scroll_to_bottom (self);
}

static void show_earlier (SyChatPage *self);

static void
on_scroll_range_changed_cb (GtkAdjustment *adjustment,
                            GParamSpec    *pspec,
                            SyChatPage    *self)
{
  /* A growing reply, a new message, a taller input: the bottom moved. */
  if (self->stick_to_bottom && !is_at_bottom (adjustment))
    scroll_to_bottom (self);

  /* Too few messages to scroll cannot be scrolled to the top for more. */
  if (gtk_adjustment_get_upper (adjustment) <= gtk_adjustment_get_page_size (adjustment) &&
      gtk_adjustment_get_page_size (adjustment) > 0)
    show_earlier (self);
}

static void
on_regenerate_answered (GtkWidget *widget,
                        gboolean   confirmed)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);
  g_autoptr(SyMessage) message = g_steal_pointer (&self->regenerating);

  if (confirmed && message != NULL)
    regenerate_at (self, message);
}

/* Actions ------------------------------------------------------------------ */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_prompt (SY_CHAT_PAGE (widget));
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
    _sy_chat_page_regenerate_message (self, last);
  else
    _sy_chat_page_start_reply (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);

  /* The conversation is created with its first message. */
  gtk_single_selection_set_selected (self->conversation_selection, GTK_INVALID_LIST_POSITION);
  _sy_chat_page_set_conversation (self, NULL);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SyChatPage       *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "rename") && self->conversation != NULL)
    {
      sy_conversation_set_title (self->conversation, gtk_editable_get_text (entry));
      _sy_chat_page_save_conversation (self, self->conversation);
    }
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
  _sy_chat_page_set_conversation (self, NULL);
  if (!sy_conversation_store_delete (self->store, conversation, &error))
    _sy_chat_page_show_toast (self, error->message);
  else
    _sy_chat_page_show_toast (self, _("Conversation deleted"));
}

static void
refresh_models_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _sy_chat_page_refresh_models (SY_CHAT_PAGE (widget));
}

static void
jump_to_latest_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  follow_latest (SY_CHAT_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyChatPage *self = SY_CHAT_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_leaflet_set_visible_child_name (SY_CHAT_PAGE (widget)->leaflet, "sidebar");
}

/* Overrides ---------------------------------------------------------------- */

static void show_load_problems (SyChatPage *self);

static void
on_store_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GError) error = NULL;

  sy_conversation_store_load_finish (SY_CONVERSATION_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->store_loaded = TRUE;
  show_load_problems (self);
}

static gboolean
start_loading_cb (gpointer user_data)
{
  SyChatPage *self = user_data;

  self->load_source = 0;
  sy_conversation_store_load_async (self->store, self->lifetime, on_store_loaded_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

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
  _sy_chat_page_apply_setting (self, "connect-timeout-seconds");
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);

  self->store = sy_conversation_store_new (NULL);
  /* Thousands of files are read on a worker, and only once the window
   * has had its first frames: on two cores the reading would otherwise
   * take the CPU the window needs to appear. */
  self->load_source = g_idle_add_full (G_PRIORITY_LOW, start_loading_cb, self, NULL);
  gtk_filter_list_model_set_model (self->conversation_filter, sy_conversation_store_get_model (self->store));

  /* Set up once below, with the backends in place. */
  backend = g_settings_get_string (self->settings, "chat-backend");
  g_signal_handlers_block_by_func (self->backend_dropdown, on_backend_selected_cb, self);
  gtk_drop_down_set_selected (self->backend_dropdown, g_str_equal (backend, "openai") ? SY_CHAT_MODE_HOSTED :
                                                      g_str_equal (backend, "auto") ? SY_CHAT_MODE_AUTO
                                                                                    : SY_CHAT_MODE_LOCAL);
  g_signal_handlers_unblock_by_func (self->backend_dropdown, on_backend_selected_cb, self);
  update_mode (self);
  g_settings_bind (self->settings, "chat-compare", self->compare_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->router, "changed", G_CALLBACK (update_route_preview), self, G_CONNECT_SWAPPED);

  /* Until the server answers, offer the configured model. */
  _sy_chat_page_set_model_names (self, no_names);
  self->ollama_reachable = TRUE;
  _sy_chat_page_backend_changed (self);
  if (_sy_chat_page_get_chosen_mode (self) == SY_CHAT_MODE_HOSTED)
    _sy_chat_page_refresh_models (self);
  else
    _sy_chat_page_lookup_api_key (self);

  _sy_chat_page_update_view (self);
}

/* Once, when the page shows and the store has loaded: before that it has
 * no toast overlay above it to show the files the store moved aside. */
static void
show_load_problems (SyChatPage *self)
{
  g_auto(GStrv) problems = NULL;

  if (self->load_problems_shown || !self->store_loaded || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  self->load_problems_shown = TRUE;
  problems = sy_conversation_store_dup_load_problems (self->store);
  for (guint i = 0; problems[i] != NULL; i++)
    sy_toast_show (GTK_WIDGET (self), problems[i]);
}

static void
sy_chat_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sy_chat_page_parent_class)->map (widget);

  show_load_problems (SY_CHAT_PAGE (widget));
  sy_message_row_load_fonts (widget);
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

  g_clear_handle_id (&self->load_source, g_source_remove);
  g_cancellable_cancel (self->lifetime);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->conversation != NULL)
    _sy_chat_page_set_conversation (self, NULL);
  _sy_chat_page_finish_sidebar (self);
  /* Quitting closes the window: what was asked to be saved is on disk
   * before the process ends. */
  if (self->store != NULL)
    sy_conversation_store_flush (self->store);

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
      _sy_chat_page_set_route_override (self, g_value_get_string (value));
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
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
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
  widget_class->map = sy_chat_page_map;
  widget_class->unroot = sy_chat_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* "auto", "local" or "api": the route of the next message only. */
  properties[PROP_ROUTE_OVERRIDE] =
    g_param_spec_string ("route-override", NULL, NULL, "auto",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, SY_TYPE_CHAT_MODE, SY_CHAT_MODE_LOCAL,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* TRUE while a reply streams. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template and its list items name these. */
  g_type_ensure (SY_TYPE_CHAT_COMPOSER);
  g_type_ensure (SY_TYPE_CHAT_ITEM);
  g_type_ensure (SY_TYPE_COMPARE_VIEW);
  g_type_ensure (SY_TYPE_MESSAGE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-chat-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, conversation_selection);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, conversation_filter);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, backend_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, models);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, notice_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, message_view);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, jump_button);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, selection);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, history);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, composer);
  gtk_widget_class_bind_template_child (widget_class, SyChatPage, total_label);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_conversation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_backend_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scrolled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scroll_range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_message_list_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scroller_realize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scroller_unrealize_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_scroller_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_composer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, shows_backend_choice);
  gtk_widget_class_bind_template_callback (widget_class, shows_model_choice);
  gtk_widget_class_bind_template_callback (widget_class, routes_by_rules);

  gtk_widget_class_install_action (widget_class, "chat.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "chat.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "chat.regenerate", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "chat.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "chat.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "chat.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "chat.refresh-models", NULL, refresh_models_action);
  gtk_widget_class_install_action (widget_class, "chat.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "chat.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "chat.jump-to-latest", NULL, jump_to_latest_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "chat.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "chat.search", NULL);
  /* Stop is disabled unless a reply streams, so Escape does nothing else. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chat.stop", NULL);
  gtk_widget_class_install_property_action (widget_class, "chat.route", "route-override");
}

static void
sy_chat_page_init (SyChatPage *self)
{
  g_autoptr(GtkListItemFactory) factory = _sy_chat_page_new_message_factory ();
  g_autoptr(GtkListItemFactory) row_factory = _sy_chat_page_new_dropdown_row_factory ();
  g_autoptr(GtkListItemFactory) backend_factory = _sy_chat_page_new_backend_button_factory ();
  g_autoptr(GtkListItemFactory) conversation_factory = _sy_chat_page_new_conversation_factory ();

  /* The template binds the composer's route to it. */
  self->route_override = g_strdup ("auto");
  self->lifetime = g_cancellable_new ();
  self->stick_to_bottom = TRUE;
  self->rand = g_rand_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));
  /* Folded, the page opens on the chat; the sidebar is one tap away. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  gtk_list_view_set_factory (self->message_view, factory);
  gtk_list_view_set_factory (self->conversation_list, conversation_factory);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  _sy_chat_page_init_sidebar (self);
  gtk_drop_down_set_factory (self->backend_dropdown, backend_factory);
  gtk_drop_down_set_list_factory (self->backend_dropdown, row_factory);
  gtk_drop_down_set_list_factory (self->model_dropdown, row_factory);
}

/* Private API (sy-chat-page-private.h) -------------------------------------- */

SyChatMode
_sy_chat_page_get_mode (SyChatPage *self)
{
  return self->mode;
}

SyChatMode
_sy_chat_page_get_chosen_mode (SyChatPage *self)
{
  return (SyChatMode) gtk_drop_down_get_selected (self->backend_dropdown);
}

SyBackend *
_sy_chat_page_get_backend (SyChatPage     *self,
                           SyRouteBackend  side)
{
  return side == SY_ROUTE_BACKEND_API ? SY_BACKEND (self->openai) : SY_BACKEND (self->ollama);
}

SyRoutePlan *
_sy_chat_page_plan (SyChatPage *self,
                    const char *prompt)
{
  g_autofree char *local = NULL;
  g_autofree char *api = NULL;
  const char *models[SY_ROUTE_N_BACKENDS];

  /* Local and Hosted use the model chosen in the header; the rest the
   * configured ones. */
  local = self->mode == SY_CHAT_MODE_LOCAL ? _sy_chat_page_dup_selected_model (self)
                                           : configured_model (self, SY_ROUTE_BACKEND_LOCAL);
  api = self->mode == SY_CHAT_MODE_HOSTED ? _sy_chat_page_dup_selected_model (self)
                                          : configured_model (self, SY_ROUTE_BACKEND_API);
  models[SY_ROUTE_BACKEND_LOCAL] = local;
  models[SY_ROUTE_BACKEND_API] = api;

  return sy_route_plan_new (self->mode, prompt, self->router, models, self->route_override);
}

void
_sy_chat_page_set_route_override (SyChatPage *self,
                                  const char *route)
{
  if (g_strcmp0 (route, "local") != 0 && g_strcmp0 (route, "api") != 0)
    route = "auto";

  if (g_strcmp0 (self->route_override, route) == 0)
    return;

  g_free (self->route_override);
  self->route_override = g_strdup (route);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE_OVERRIDE]);
  update_route_preview (self);
}

void
_sy_chat_page_show_toast (SyChatPage *self,
                          const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

void
_sy_chat_page_update_view (SyChatPage *self)
{
  guint n = self->conversation ? g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) : 0;
  gboolean busy = self->cancellable != NULL;

  gtk_stack_set_visible_child_name (self->view_stack, n > 0 ? "messages" : "empty");
  gtk_label_set_text (self->title_label, self->conversation ? sy_conversation_get_title (self->conversation)
                                                            : _("New Conversation"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.send", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.regenerate", !busy && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.route", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.rename", self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.delete", self->conversation != NULL && !busy);
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      /* A finished comparison asks for a rating: its row comes into view. */
      if (!busy && ends_with_comparison (self))
        follow_latest (self);
    }

  update_route_preview (self);
  update_totals (self);
}

void
_sy_chat_page_set_conversation (SyChatPage     *self,
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

  /* Emptied first: moving the offset of the conversation shown before
   * would rebind its rows for nothing. */
  gtk_slice_list_model_set_model (self->history, NULL);
  if (conversation != NULL)
    {
      guint n = g_list_model_get_n_items (sy_conversation_get_messages (conversation));

      gtk_slice_list_model_set_offset (self->history, n > HISTORY_STEP ? n - HISTORY_STEP : 0);
      gtk_slice_list_model_set_model (self->history, sy_conversation_get_messages (conversation));
    }
  if (conversation != NULL)
    {
      g_signal_connect_object (sy_conversation_get_messages (conversation), "items-changed",
                               G_CALLBACK (on_messages_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::total-cost",
                               G_CALLBACK (update_totals), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::title",
                               G_CALLBACK (_sy_chat_page_update_view), self, G_CONNECT_SWAPPED);
    }

  /* Opened at its end, where the conversation left off. */
  follow_latest (self);
  _sy_chat_page_update_view (self);
}

void
_sy_chat_page_select_conversation (SyChatPage     *self,
                                   SyConversation *conversation)
{
  GListModel *shown = G_LIST_MODEL (self->conversation_filter);
  guint n = g_list_model_get_n_items (shown);

  _sy_chat_page_set_conversation (self, conversation);
  /* New conversations come first: this is a short search. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyConversation) item = g_list_model_get_item (shown, i);

      if (item == conversation)
        {
          gtk_single_selection_set_selected (self->conversation_selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->conversation_selection, GTK_INVALID_LIST_POSITION);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sy_conversation_store_save_finish (SY_CONVERSATION_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the conversation: %s"), error->message);

      g_warning ("%s", text);
      _sy_chat_page_show_toast (self, text);
    }
}

/* On a worker thread: a long conversation's file would stall the window.
 * Disposing the page waits for the writes (sy_chat_page_dispose). */
void
_sy_chat_page_save_conversation (SyChatPage     *self,
                                 SyConversation *conversation)
{
  sy_conversation_store_save_async (self->store, conversation, self->lifetime, on_saved_cb, g_object_ref (self));
}

void
_sy_chat_page_set_ollama_reachable (SyChatPage *self,
                                    gboolean    reachable)
{
  self->ollama_reachable = reachable;
  _sy_chat_page_update_notice (self);
}

void
_sy_chat_page_api_key_looked_up (SyChatPage *self)
{
  gboolean send = self->send_after_lookup;

  self->send_after_lookup = FALSE;
  if (send && self->have_api_key)
    send_prompt (self);
  else if (send)
    _sy_chat_page_show_toast (self, _("Add your API key in Preferences"));
}

void
_sy_chat_page_regenerate_message (SyChatPage *self,
                                  SyMessage  *message)
{
  g_autofree char *body = NULL;
  guint n_later;
  int position;

  if (self->conversation == NULL || self->cancellable != NULL || message == NULL ||
      !sy_message_is_reply (message) ||
      (position = sy_conversation_find_message (self->conversation, message)) < 0)
    return;

  n_later = g_list_model_get_n_items (sy_conversation_get_messages (self->conversation)) - position - 1;
  if (n_later == 0)
    {
      regenerate_at (self, message);
      return;
    }

  /* The later messages continue from this reply: they go with it, and
   * that is not undone, so ask. */
  body = g_strdup_printf (ngettext ("The message after it will be removed.",
                                    "The %u messages after it will be removed.", n_later),
                          n_later);
  g_set_object (&self->regenerating, message);
  sy_confirm_destructive (GTK_WIDGET (self), _("Regenerate This Reply?"), body,
                          "regenerate", _("_Regenerate"), on_regenerate_answered);
}

void
_sy_chat_page_rate (SyChatPage    *self,
                    SyMessage     *message,
                    SyPilotRating  rating)
{
  g_autoptr(GError) error = NULL;
  const char *id = message ? sy_message_get_pilot_id (message) : NULL;

  if (id == NULL || sy_message_get_rating (message) == rating)
    return;

  /* The log is append-only: a changed mind is a second rating line, and
   * the last one counts. */
  if (!sy_pilot_log_rate (self->pilot_log, id, rating, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not save the rating: %s"), error->message);

      g_warning ("%s", text);
      _sy_chat_page_show_toast (self, text);
      return;
    }

  sy_message_set_rating (message, rating);
  if (self->conversation != NULL && sy_conversation_find_message (self->conversation, message) >= 0)
    _sy_chat_page_save_conversation (self, self->conversation);
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
  return sy_chat_composer_get_buffer (self->composer);
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

void
sy_chat_page_set_shadow_seed (SyChatPage *self,
                              guint32     seed)
{
  g_rand_set_seed (self->rand, seed);
}
