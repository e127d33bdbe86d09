/* test-chat-page.c: the Chat page against a loopback Ollama (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "chat-page-fixture.h"
#include "sy-test-widgets.h"
#include "sy-speed-store.h"

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-ollama.txt", NULL);
  g_autofree char *stats = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SyMessage) reply = NULL;
  g_autoptr(JsonObject) request = NULL;
  GListModel *messages;

  g_assert_null (sy_chat_page_get_conversation (fixture->page));
  /* As the Models page's detection would have named it. */
  sy_speed_store_set_local_gpu ("NVIDIA GeForce RTX 4090");
  send (fixture, "What is RAG?");

  messages = sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
  reply = last_message (fixture);
  g_assert_cmpstr (sy_message_get_content (reply), ==, expected);
  g_assert_cmpint (sy_message_get_state (reply), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_true (sy_message_get_measured (reply));
  g_assert_cmpstr (sy_message_get_backend (reply), ==, "ollama");
  g_assert_cmpstr (sy_message_get_model (reply), ==, "llama3.1:8b");
  g_assert_cmpfloat (sy_message_get_cost (reply), ==, 0.0);
  g_assert_cmpint (sy_message_get_completion_tokens (reply), >, 0);

  /* Issue #15: the local reply's speed replaces the Models page's estimate. */
  {
    g_autofree char *speed_path = g_build_filename (fixture->data_dir, "speed.json", NULL);
    g_autoptr(SySpeedStore) speeds = sy_speed_store_load (speed_path, NULL);

    g_assert_nonnull (speeds);
    g_assert_cmpfloat (sy_message_get_tokens_per_second (reply), >, 0);
    g_assert_cmpfloat (sy_speed_store_lookup (speeds, "NVIDIA GeForce RTX 4090", "llama3.1:8b"), ==,
                       sy_message_get_tokens_per_second (reply));
    sy_speed_store_set_local_gpu (NULL);
  }

  /* What the server got: the prompt, for the preselected model. */
  request = test_server_request_json (fixture->server);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "llama3.1:8b");

  /* The stats row, as shown under the reply. */
  stats = sy_message_row_format_stats (reply);
  g_assert_nonnull (strstr (stats, "Local (Ollama) · llama3.1:8b"));
  g_assert_nonnull (strstr (stats, "tokens/s"));
  g_assert_nonnull (strstr (stats, " in / "));
  g_assert_true (g_str_has_suffix (stats, "$0.00"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), stats));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Retrieval-augmented generation"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "This conversation: $0.00"));

  /* Saved once the reply completed. */
  contents = saved_file (fixture);
  g_assert_nonnull (strstr (contents, "What is RAG?"));
  g_assert_nonnull (strstr (contents, "\"completion_tokens\""));
  g_assert_nonnull (strstr (contents, "naïve"));

  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_store_get_model (sy_chat_page_get_store (fixture->page))), ==, 1);

  /* Regenerate replaces the last reply. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.regenerate", NULL));
  iterate_until (page_idle, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-ollama.txt", NULL);
  g_autofree char *body = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SyMessage) reply = NULL;
  Script *script;
  gsize len;

  /* Slow enough to press Stop in the middle. */
  body = load_fixture ("ollama-chat.ndjson", &len);
  script = test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, len, 200);
  script->delay_ms = 20;

  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (reply_started, fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.stop", NULL));
  iterate_until (page_idle, fixture);
  iterate_until (idle_for_a_moment, fixture);

  reply = last_message (fixture);
  g_assert_cmpint (sy_message_get_state (reply), ==, SY_MESSAGE_STATE_STOPPED);
  g_assert_true (sy_message_get_cut_off (reply));
  g_assert_cmpstr (sy_message_get_content (reply), !=, "");
  g_assert_cmpstr (sy_message_get_content (reply), !=, expected);
  g_assert_true (g_str_has_prefix (expected, sy_message_get_content (reply)));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Stopped"));

  contents = saved_file (fixture);
  g_assert_nonnull (strstr (contents, "\"cut_off\" : true"));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SyMessage) reply = NULL;
  g_autoptr(SyMessage) prompt = NULL;
  GListModel *messages;

  send (fixture, "Hello?");

  reply = last_message (fixture);
  g_assert_cmpint (sy_message_get_state (reply), ==, SY_MESSAGE_STATE_FAILED);
  g_assert_nonnull (strstr (sy_message_get_error_text (reply), "is Ollama running? Start it with “ollama serve”"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "is Ollama running?"));
  g_assert_nonnull (sy_chat_page_get_notice (fixture->page));
  g_assert_nonnull (strstr (sy_chat_page_get_notice (fixture->page), "ollama serve"));

  /* The prompt was kept and saved: only the reply failed. */
  messages = sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page));
  prompt = g_list_model_get_item (messages, 0);
  g_assert_cmpstr (sy_message_get_content (prompt), ==, "Hello?");
  g_free (saved_file (fixture));
}

static void
test_new_delete (Fixture       *fixture,
                 gconstpointer  data)
{
  SyConversationStore *store = sy_chat_page_get_store (fixture->page);
  GListModel *conversations = sy_conversation_store_get_model (store);
  g_autofree char *first_path = NULL;
  SyConversation *second;

  send (fixture, "First question");
  first_path = sy_conversation_store_dup_path (store, sy_chat_page_get_conversation (fixture->page));
  g_assert_cmpstr (sy_conversation_get_title (sy_chat_page_get_conversation (fixture->page)), ==, "First question");

  /* A new conversation starts empty and is created by its first prompt. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.new", NULL));
  g_assert_null (sy_chat_page_get_conversation (fixture->page));
  /* Nothing is marked open in the sidebar: a click on the first opens it. */
  g_assert_null (gtk_single_selection_get_selected_item (fixture->page->conversation_selection));
  send (fixture, "Second question");
  second = sy_chat_page_get_conversation (fixture->page);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 2);
  g_assert_cmpstr (sy_conversation_get_title (second), ==, "Second question");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.delete", NULL));
  g_assert_null (sy_chat_page_get_conversation (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 1);
  g_assert_true (g_file_test (first_path, G_FILE_TEST_EXISTS));
}

static gboolean
notice_shown (Fixture *fixture)
{
  return sy_chat_page_get_notice (fixture->page) != NULL;
}

static void
test_hosted_without_key (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *api_url = g_strconcat (fixture->server->base_url, "/v1", NULL);
  g_autofree char *backend = NULL;

  /* No key is stored for the loopback URL, whatever the keyring holds. */
  g_settings_set_string (fixture->settings, "chat-api-url", api_url);
  g_assert_null (sy_chat_page_get_notice (fixture->page));

  gtk_drop_down_set_selected (fixture->page->backend_dropdown, SY_CHAT_MODE_HOSTED);
  iterate_until (notice_shown, fixture);
  g_assert_nonnull (strstr (sy_chat_page_get_notice (fixture->page), "Add your API key in Preferences"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Add your API key in Preferences"));
  backend = g_settings_get_string (fixture->settings, "chat-backend");
  g_assert_cmpstr (backend, ==, "openai");

  /* Sending looks for the key again, finds none and sends nothing. */
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "Hi", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (idle_for_a_moment, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_null (sy_chat_page_get_conversation (fixture->page));
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);  /* /api/tags only */

  /* Back to the local server: the notice goes away. */
  gtk_drop_down_set_selected (fixture->page->backend_dropdown, SY_CHAT_MODE_LOCAL);
  g_assert_null (sy_chat_page_get_notice (fixture->page));
}

/* Closing the window while a reply streams stops it and keeps what came. */
static void
test_close_mid_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  Script *script;
  gsize len;

  body = load_fixture ("ollama-chat.ndjson", &len);
  script = test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, len, 200);
  script->delay_ms = 20;

  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (reply_started, fixture);
  path = sy_conversation_store_dup_path (sy_chat_page_get_store (fixture->page),
                                         sy_chat_page_get_conversation (fixture->page));

  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  iterate_until (idle_for_a_moment, fixture);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"state\" : \"stopped\""));
}

static gboolean
is_shown_label (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget);
}

/* The first label on screen under @widget: a drop-down's, its button's */
static GtkLabel *
shown_label (GtkWidget *widget)
{
  return (GtkLabel *) sy_test_find_widget (widget, is_shown_label, NULL);
}

/* A phone-sized window: the sidebar folds away and nothing is wider; the
 * header names the backend short, leaving the model's name the room. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkLabel *backend, *model;

  int min_width;

  gtk_window_set_default_size (fixture->window, 360, 700);
  iterate_until (idle_for_a_moment, fixture);

  g_assert_true (adw_leaflet_get_folded (fixture->page->leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "content");
  gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_true (gtk_widget_get_visible (fixture->page->back_button));

  backend = shown_label (GTK_WIDGET (fixture->page->backend_dropdown));
  model = shown_label (GTK_WIDGET (fixture->page->model_dropdown));
  g_assert_nonnull (backend);
  g_assert_nonnull (model);
  g_assert_cmpstr (gtk_label_get_label (backend), ==, "Local");
  g_assert_cmpstr (gtk_label_get_label (model), ==, "llama3.1:8b");
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (backend)));
  /* A name cut short on the button is whole on hover. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (fixture->page->model_dropdown)), ==, "Model: llama3.1:8b");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.show-sidebar", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "sidebar");

  /* A conversation opens from the sidebar, and opens again after going
   * back to it. */
  {
    SyConversation *conversation = sy_conversation_store_create (sy_chat_page_get_store (fixture->page), "Folded");

    for (guint i = 0; i < 2; i++)
      {
        select_conversation (fixture, 0);
        g_assert_true (sy_chat_page_get_conversation (fixture->page) == conversation);
        g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "content");
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.show-sidebar", NULL));
        g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "sidebar");
        g_assert_null (gtk_single_selection_get_selected_item (fixture->page->conversation_selection));
      }
  }
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
click_regenerate (Fixture   *fixture,
                  SyMessage *message)
{
  GtkWidget *row = view_for (fixture, SY_TYPE_MESSAGE_ROW, message);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = sy_message_row_get_regenerate_button (SY_MESSAGE_ROW (row));
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
test_regenerate_message (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *messages;
  g_autoptr(SyMessage) first_reply = NULL;
  g_autoptr(SyMessage) again = NULL;
  g_autoptr(SyMessage) last_reply = NULL;
  g_autoptr(SyMessage) newest = NULL;
  AdwMessageDialog *dialog;
  guint requests;

  send (fixture, "First question");
  send (fixture, "Second question");
  messages = sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page));
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  first_reply = message_at (fixture, 1);
  last_reply = message_at (fixture, 3);
  requests = fixture->server->n_requests;

  /* The last reply is replaced at once. */
  click_regenerate (fixture, last_reply);
  g_assert_null (find_dialog ());
  iterate_until (page_idle, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  newest = message_at (fixture, 3);
  g_assert_true (newest != last_reply);
  g_assert_cmpuint (fixture->server->n_requests, ==, requests + 1);

  /* An earlier one asks first: the messages after it go. Cancel keeps all. */
  click_regenerate (fixture, first_reply);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The 2 messages after it will be removed."));
  adw_message_dialog_response (dialog, "cancel");
  iterate_until (idle_for_a_moment, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 4);
  g_assert_false (sy_chat_page_get_busy (fixture->page));

  click_regenerate (fixture, first_reply);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "regenerate");
  g_assert_true (sy_chat_page_get_busy (fixture->page));
  iterate_until (page_idle, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
  again = message_at (fixture, 1);
  g_assert_true (again != first_reply);
  g_assert_cmpint (sy_message_get_state (again), ==, SY_MESSAGE_STATE_COMPLETE);
  /* What the server got ends with the first question. */
  {
    g_autoptr(JsonObject) request = test_server_request_json (fixture->server);
    JsonArray *sent = json_object_get_array_member (request, "messages");

    g_assert_cmpuint (json_array_get_length (sent), ==, 1);
  }
}

/* Streams a reply several screens long, slowly. */
static void
send_long (Fixture    *fixture,
           const char *prompt)
{
  g_autofree char *text = long_text (40);
  g_autofree char *body = ollama_body (text);

  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 60)->delay_ms = 10;
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), prompt, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
}

static void
iterate_once (void)
{
  g_main_context_iteration (NULL, FALSE);
  g_usleep (1000);
}

/* At the bottom, the view stays there while the reply grows. */
static void
test_follow (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint n_checked = 0;

  send_long (fixture, "Tell me at length");
  while (sy_chat_page_get_busy (fixture->page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate_once ();
      if (overflows (fixture))
        {
          g_assert_true (at_bottom (fixture));
          g_assert_false (gtk_revealer_get_reveal_child (fixture->page->jump_revealer));
          n_checked++;
        }
    }
  g_assert_cmpuint (n_checked, >, 10);

  /* The stats line came last: still in view. */
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (at_bottom (fixture));
  {
    g_autoptr(SyMessage) reply = last_message (fixture);

    g_assert_true (in_view (fixture, view_for (fixture, SY_TYPE_MESSAGE_ROW, reply)) ||
                   gtk_widget_get_height (view_for (fixture, SY_TYPE_MESSAGE_ROW, reply)) >
                   gtk_widget_get_height (GTK_WIDGET (fixture->page->scroller)));
  }
  g_assert_true (jump_button_hidden (fixture));
}

static gboolean
reply_overflows (Fixture *fixture)
{
  return overflows (fixture);
}

/* Scrolled up to read, the view stays put; the jump button brings it back. */
static void
test_scrolled_up (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkAdjustment *adjustment = message_adjustment (fixture);
  g_autofree char *screenshots = g_strdup (g_getenv ("SWITCHYARD_SCREENSHOT_DIR"));
  double upper;

  send_long (fixture, "Tell me at length");
  iterate_until (reply_overflows, fixture);
  g_assert_true (sy_chat_page_get_busy (fixture->page));

  /* What a scroll wheel does. */
  gtk_adjustment_set_value (adjustment, 120);
  upper = gtk_adjustment_get_upper (adjustment);
  iterate_until (jump_button_shown, fixture);
  iterate_until (page_idle, fixture);
  iterate_until (idle_for_a_moment, fixture);

  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, upper);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 120);
  g_assert_false (at_bottom (fixture));
  g_assert_true (jump_button_shown (fixture));
  if (screenshots != NULL)
    save_screenshot (GTK_WIDGET (fixture->window), "chat-scrolled-up.png");

  /* The button, as clicked: to the end, following again. */
  g_signal_emit_by_name (fixture->page->jump_button, "clicked");
  iterate_until (at_bottom, fixture);
  iterate_until (jump_button_hidden, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (at_bottom (fixture));

  /* Sending from up there brings the new message into view. */
  gtk_adjustment_set_value (adjustment, 0);
  iterate_until (jump_button_shown, fixture);
  send (fixture, "And briefly?");
  g_assert_true (at_bottom (fixture));
  g_assert_true (jump_button_hidden (fixture));
}

/* A long conversation opens at its end. */
static void
test_open_long (Fixture       *fixture,
                gconstpointer  data)
{
  SyConversationStore *store = sy_chat_page_get_store (fixture->page);
  SyConversation *conversation = sy_conversation_store_create (store, "A long one");
  g_autofree char *text = long_text (8);
  g_autoptr(SyMessage) last = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(SyMessage) prompt = sy_message_new ("user", "Go on");
      g_autoptr(SyMessage) reply = sy_message_new ("assistant", text);

      sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
      sy_conversation_add_message (conversation, prompt);
      sy_conversation_add_message (conversation, reply);
    }
  last = sy_message_new ("assistant", "The very last words.");
  sy_message_set_state (last, SY_MESSAGE_STATE_COMPLETE, NULL);
  sy_conversation_add_message (conversation, last);

  select_conversation (fixture, 0);
  g_assert_true (sy_chat_page_get_conversation (fixture->page) == conversation);
  iterate_until (idle_for_a_moment, fixture);
  iterate_until (idle_for_a_moment, fixture);

  g_assert_true (overflows (fixture));
  g_assert_true (at_bottom (fixture));
  g_assert_true (in_view (fixture, view_for (fixture, SY_TYPE_MESSAGE_ROW, last)));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "The very last words."));
  g_assert_true (jump_button_hidden (fixture));

  /* Scrolled up, to a shorter one (what the view measured no longer
   * applies), and back. */
  gtk_adjustment_set_value (message_adjustment (fixture), 100);
  iterate_until (jump_button_shown, fixture);
  {
    SyConversation *short_one = sy_conversation_store_create (store, "A short one");
    g_autoptr(SyMessage) prompt = sy_message_new ("user", "Hi");
    g_autoptr(SyMessage) reply = sy_message_new ("assistant", "Hello.");

    sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
    sy_conversation_add_message (short_one, prompt);
    sy_conversation_add_message (short_one, reply);
    select_conversation (fixture, 0);
    g_assert_true (sy_chat_page_get_conversation (fixture->page) == short_one);
    iterate_until (jump_button_hidden, fixture);
    iterate_until (idle_for_a_moment, fixture);
    g_assert_true (in_view (fixture, view_for (fixture, SY_TYPE_MESSAGE_ROW, reply)));
  }
  select_conversation (fixture, 1);
  g_assert_true (sy_chat_page_get_conversation (fixture->page) == conversation);
  iterate_until (idle_for_a_moment, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (at_bottom (fixture));
  g_assert_true (in_view (fixture, view_for (fixture, SY_TYPE_MESSAGE_ROW, last)));
}

static SyMessage *
first_shown (Fixture *fixture)
{
  return g_list_model_get_item (G_LIST_MODEL (fixture->page->history), 0);
}

/* Ten thousand messages: the page opens at the last one without building
 * a row for each, nor a compare view for any (none is a pair), and
 * scrolling to the top brings the earlier ones. */
static void
test_open_very_long (Fixture       *fixture,
                     gconstpointer  data)
{
  SyConversationStore *store = sy_chat_page_get_store (fixture->page);
  SyConversation *conversation = sy_conversation_store_create (store, "Ten thousand");
  GListModel *messages = sy_conversation_get_messages (conversation);
  g_autoptr(SyMessage) last = NULL;
  g_autoptr(SyMessage) first = NULL;
  g_autoptr(SyMessage) earlier = NULL;
  gint64 start;
  guint n_items;

  for (guint i = 0; i < 9999; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u: **short**, with `code`.", i);
      g_autoptr(SyMessage) message = sy_message_new (i % 2 ? "assistant" : "user", text);

      if (i % 2)
        sy_message_set_state (message, SY_MESSAGE_STATE_COMPLETE, NULL);
      sy_conversation_add_message (conversation, message);
    }
  last = sy_message_new ("assistant", "The ten thousandth message.");
  sy_message_set_state (last, SY_MESSAGE_STATE_COMPLETE, NULL);
  sy_conversation_add_message (conversation, last);

  start = g_get_monotonic_time ();
  select_conversation (fixture, 0);
  g_assert_true (sy_chat_page_get_conversation (fixture->page) == conversation);
  /* The call itself does not build the rows of the whole conversation. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  iterate_until (idle_for_a_moment, fixture);
  iterate_until (idle_for_a_moment, fixture);

  g_assert_true (at_bottom (fixture));
  g_assert_true (in_view (fixture, view_for (fixture, SY_TYPE_MESSAGE_ROW, last)));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "The ten thousandth message."));
  n_items = count_widgets (GTK_WIDGET (fixture->page), SY_TYPE_CHAT_ITEM);
  g_assert_cmpuint (n_items, >, 0);
  g_assert_cmpuint (n_items, <=, 100);
  g_assert_cmpuint (count_widgets (GTK_WIDGET (fixture->page), SY_TYPE_COMPARE_VIEW), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->page->history)), <, 100);

  /* To the top, as a scroll wheel does, until the first message shows. */
  first = g_list_model_get_item (messages, 0);
  earlier = first_shown (fixture);
  g_assert_true (earlier != first);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SyMessage) before = first_shown (fixture);
      g_autoptr(SyMessage) after = NULL;

      gtk_adjustment_set_value (message_adjustment (fixture), 0);
      iterate_until (idle_for_a_moment, fixture);
      after = first_shown (fixture);
      g_assert_cmpint (sy_conversation_find_message (conversation, after), <,
                       sy_conversation_find_message (conversation, before));
    }
  g_assert_false (at_bottom (fixture));
  g_assert_true (jump_button_shown (fixture));

  /* A new message still lands at the end of what is shown. */
  g_signal_emit_by_name (fixture->page->jump_button, "clicked");
  iterate_until (at_bottom, fixture);
  send (fixture, "And one more");
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (at_bottom (fixture));
  g_assert_nonnull (view_for (fixture, SY_TYPE_MESSAGE_ROW, last_message (fixture)));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "And one more"));
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 10002);
}

static GListModel *
conversations_shown (Fixture *fixture)
{
  return G_LIST_MODEL (fixture->page->conversation_selection);
}

static SyConversation *
shown_at (Fixture *fixture,
          guint    position)
{
  g_autoptr(SyConversation) conversation = g_list_model_get_item (conversations_shown (fixture), position);

  return conversation;  /* the store keeps it */
}

static gboolean
shows_one (Fixture *fixture)
{
  return !_sy_chat_page_get_searching (fixture->page) &&
         g_list_model_get_n_items (conversations_shown (fixture)) == 1;
}

static gboolean
shows_all_three (Fixture *fixture)
{
  return g_list_model_get_n_items (conversations_shown (fixture)) == 3;
}

static SyConversation *
add_saved (Fixture    *fixture,
           const char *title,
           const char *text)
{
  SyConversationStore *store = sy_chat_page_get_store (fixture->page);
  SyConversation *conversation = sy_conversation_store_create (store, title);
  g_autoptr(SyMessage) prompt = sy_message_new ("user", text);
  g_autoptr(GError) error = NULL;

  sy_conversation_add_message (conversation, prompt);
  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  g_assert_no_error (error);

  return conversation;
}

/* The page's own Ctrl+F, as its shortcut controller holds it */
static void
press_ctrl_f (Fixture *fixture)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->page));
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !pressed; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, "<Control>f"))
            pressed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                    GTK_WIDGET (fixture->page), NULL);
        }
    }
  g_assert_true (pressed);
}

/* Ctrl+F opens the sidebar's search; it finds conversations by title at
 * once and by a word of their text from the store's index. */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  SyConversation *garden = add_saved (fixture, "Gardening", "How do I grow Tomatoes on a balcony?");
  SyConversation *rust = add_saved (fixture, "Rust lifetimes", "The borrow checker complains about this.");
  GtkWidget *focus;

  add_saved (fixture, "Holiday plans", "Somewhere warm in March.");
  g_assert_cmpuint (g_list_model_get_n_items (conversations_shown (fixture)), ==, 3);
  g_assert_false (gtk_search_bar_get_search_mode (fixture->page->search_bar));

  press_ctrl_f (fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (gtk_search_bar_get_search_mode (fixture->page->search_bar));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (fixture->page->search_entry) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (fixture->page->search_entry)));

  /* A word of the text, in another case */
  gtk_editable_set_text (GTK_EDITABLE (fixture->page->search_entry), "tomatoes");
  iterate_until (shows_one, fixture);
  g_assert_true (shown_at (fixture, 0) == garden);

  /* Part of a title */
  gtk_editable_set_text (GTK_EDITABLE (fixture->page->search_entry), "LIFETIME");
  iterate_until (shows_one, fixture);
  g_assert_true (shown_at (fixture, 0) == rust);

  /* Found, it opens as any other. */
  gtk_single_selection_set_selected (fixture->page->conversation_selection, 0);
  g_assert_true (sy_chat_page_get_conversation (fixture->page) == rust);

  /* Text saved later is found too. */
  {
    g_autoptr(SyMessage) reply = sy_message_new ("assistant", "Use an explicit lifetime parameter.");

    sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
    sy_conversation_add_message (garden, reply);
    g_assert_true (sy_conversation_store_save (sy_chat_page_get_store (fixture->page), garden, NULL));
  }
  gtk_editable_set_text (GTK_EDITABLE (fixture->page->search_entry), "explicit lifetime");
  iterate_until (shows_one, fixture);
  g_assert_true (shown_at (fixture, 0) == garden);

  gtk_editable_set_text (GTK_EDITABLE (fixture->page->search_entry), "");
  iterate_until (shows_all_three, fixture);
}

/* The empty message box says what it is for. */
static void
test_placeholder (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *placeholder = sy_chat_composer_get_placeholder (fixture->page->composer);
  GtkTextBuffer *buffer = sy_chat_page_get_input_buffer (fixture->page);

  g_assert_true (GTK_IS_LABEL (placeholder));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "Ask anything…");
  g_assert_true (gtk_widget_get_mapped (placeholder));
  /* Clicks go through to the text view under it. */
  g_assert_false (gtk_widget_get_can_target (placeholder));

  gtk_text_buffer_set_text (buffer, "W", -1);
  g_assert_false (gtk_widget_get_visible (placeholder));
  gtk_text_buffer_set_text (buffer, "", -1);
  g_assert_true (gtk_widget_get_visible (placeholder));

  /* Sending empties the box: the placeholder is back. */
  send (fixture, "What is RAG?");
  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_true (gtk_widget_get_mapped (placeholder));
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "object-select-symbolic") == 0)
    g_ptr_array_add (checks, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_checks (child, checks);
}

/* The names whose check mark shows in @dropdown's open popup. */
static char *
checked_names (GtkDropDown *dropdown)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GString) names = g_string_new (NULL);

  collect_checks (GTK_WIDGET (dropdown), checks);
  g_assert_cmpuint (checks->len, >, 1);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (checks, i);

      if (gtk_widget_get_opacity (check) > 0)
        g_string_append_printf (names, "%s%s", names->len ? "," : "",
                                gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (check))));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static GtkWidget *
popover_of (GtkDropDown *dropdown)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return child;
  return NULL;
}

static gboolean
model_popup_shown (Fixture *fixture)
{
  return gtk_widget_get_mapped (popover_of (fixture->page->model_dropdown));
}

/* The model list marks the current model, as GTK's own drop-downs do. */
static void
test_model_check (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *names[] = { "llama3.1:8b", "mistral:7b", "qwen2.5:7b", NULL };
  GtkDropDown *dropdown = fixture->page->model_dropdown;
  g_autofree char *checked = NULL;
  g_autofree char *model = NULL;

  iterate_until (idle_for_a_moment, fixture);
  _sy_chat_page_set_model_names (fixture->page, (GStrv) names);
  gtk_drop_down_set_selected (dropdown, 1);
  model = g_settings_get_string (fixture->settings, "chat-local-model");
  g_assert_cmpstr (model, ==, "mistral:7b");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (dropdown)), ==, "Model: mistral:7b");

  g_assert_true (gtk_widget_activate (GTK_WIDGET (dropdown)));
  iterate_until (model_popup_shown, fixture);
  iterate_until (idle_for_a_moment, fixture);
  checked = checked_names (dropdown);
  g_assert_cmpstr (checked, ==, "mistral:7b");
  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL)
    save_screenshot (popover_of (dropdown), "chat-model-list.png");

  /* The mark follows the choice. */
  gtk_drop_down_set_selected (dropdown, 2);
  g_clear_pointer (&checked, g_free);
  checked = checked_names (dropdown);
  g_assert_cmpstr (checked, ==, "qwen2.5:7b");

  gtk_popover_popdown (GTK_POPOVER (popover_of (dropdown)));
  iterate_until (idle_for_a_moment, fixture);
}

static void
find_actionables (GtkWidget  *widget,
                  const char *action_name,
                  GPtrArray  *found)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_actionables (child, action_name, found);
}

/* Regenerate is under each reply, and only there. */
static void
test_one_regenerate (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) bottom = g_ptr_array_new ();
  g_autoptr(SyMessage) reply = NULL;
  GtkWidget *row;

  send (fixture, "What is RAG?");
  reply = last_message (fixture);
  row = view_for (fixture, SY_TYPE_MESSAGE_ROW, reply);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (sy_message_row_get_regenerate_button (SY_MESSAGE_ROW (row))));

  find_actionables (GTK_WIDGET (fixture->page), "chat.regenerate", bottom);
  g_assert_cmpuint (bottom->len, ==, 0);
  g_assert_false (shows_text (GTK_WIDGET (fixture->page), "Regenerate"));

  /* The action stays, for the last reply. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.regenerate", NULL));
  g_assert_true (sy_chat_page_get_busy (fixture->page));
  iterate_until (page_idle, fixture);
}

/* The visible label under @widget whose text contains @needle, or NULL. */
static GtkWidget *
label_showing (GtkWidget  *widget,
               const char *needle)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = label_showing (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* 35 words: the usage says 14 prompt and 47 completion tokens, which at
 * gpt-4o-mini's $0.15 and $0.60 per million come to $0.0000303. */
static const char tiny_answer[] =
  "A tiny answer costs a tiny amount: fourteen tokens in and forty-seven out, which at the price "
  "of the small hosted model is three thousandths of a cent, far too little to show in cents.";

/* A sub-cent cost reads "< $0.01", with the exact figure on hover. */
static void
test_tiny_cost (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *body = openai_body (tiny_answer);
  g_autoptr(SyMessage) reply = NULL;
  GtkWidget *stats;

  test_server_add (fixture->api, "/v1/chat/completions", 200, EVENT_STREAM, body, -1, 4);
  gtk_drop_down_set_selected (fixture->page->backend_dropdown, SY_CHAT_MODE_HOSTED);
  give_api_key (fixture);
  send (fixture, "How much is this?");

  reply = last_message (fixture);
  g_assert_cmpstr (sy_message_get_model (reply), ==, "gpt-4o-mini");
  g_assert_cmpint (sy_message_get_completion_tokens (reply), ==, 47);
  g_assert_cmpfloat_with_epsilon (sy_message_get_cost (reply), 0.0000303, 1e-12);

  /* Under the reply: "… · 14 in / 47 out tokens · < $0.01". */
  stats = label_showing (GTK_WIDGET (fixture->page), "47 out tokens · <\u00a0$0.01");
  g_assert_nonnull (stats);
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (stats)), "0.0000303"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (stats), ==, "$0.0000303");

  /* The conversation's total, the same way. */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (fixture->page->total_label), "This conversation: <\u00a0$0.01 · "));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (fixture->page->total_label)), ==, "$0.0000303");
  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL)
    save_screenshot (GTK_WIDGET (fixture->window), "chat-tiny-cost.png");
}

/* A conversation from today says so, not "12/05/26". */
static void
test_today (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *time = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *numeric = NULL;

  send (fixture, "What is RAG?");
  created = g_date_time_new_from_unix_local (sy_conversation_get_created (sy_chat_page_get_conversation (fixture->page)));
  time = g_date_time_format (created, "%H:%M");
  expected = g_strconcat ("Today ", time, NULL);
  numeric = g_date_time_format (created, "%x");

  g_assert_true (shows_text (GTK_WIDGET (fixture->page->conversation_list), expected));
  g_assert_false (shows_text (GTK_WIDGET (fixture->page->conversation_list), numeric));
}

static gboolean
streamed_a_screen (Fixture *fixture)
{
  g_autoptr(SyMessage) reply = NULL;

  if (!sy_chat_page_get_busy (fixture->page))
    return FALSE;
  reply = last_message (fixture);
  return strstr (sy_message_get_content (reply), "Paragraph 24 ") != NULL && overflows (fixture);
}

/* A reply streaming at the bottom, then scrolled up with the jump button,
 * at one size and color scheme; @suffix names the files. */
static void
shoot_following (Fixture    *fixture,
                 int         width,
                 const char *suffix)
{
  g_autofree char *text = long_text (50);
  g_autofree char *body = ollama_body (text);
  g_autofree char *streaming = g_strdup_printf ("chat-streaming-%s.png", suffix);
  g_autofree char *scrolled = g_strdup_printf ("chat-scrolled-up-%s.png", suffix);

  resize (fixture, width, 760);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.new", NULL));
  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 120)->delay_ms = 40;
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "Tell me at length", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (streamed_a_screen, fixture);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (sy_chat_page_get_busy (fixture->page));
  g_assert_true (at_bottom (fixture));
  save_screenshot (GTK_WIDGET (fixture->window), streaming);

  gtk_adjustment_set_value (message_adjustment (fixture), 150);
  iterate_until (jump_button_shown, fixture);
  save_screenshot (GTK_WIDGET (fixture->window), scrolled);
  iterate_until (page_idle, fixture);
}

static void
test_following_screenshots (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("SWITCHYARD_SCREENSHOT_DIR is not set");
      return;
    }

  gtk_window_set_decorated (fixture->window, FALSE);
  shoot_following (fixture, 1280, "wide");
  shoot_following (fixture, 360, "narrow");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  shoot_following (fixture, 1280, "dark");
  shoot_following (fixture, 360, "narrow-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The spinner stands for the words not yet come; once they come, they show
 * the reply goes on (a spinner would have every frame of a long reply
 * drawn). */
static void
test_spinner_until_words (void)
{
  g_autoptr(SyMessage) reply = sy_message_new ("assistant", NULL);
  GtkWidget *row = sy_message_row_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *spinner;

  sy_message_set_state (reply, SY_MESSAGE_STATE_STREAMING, NULL);
  sy_message_row_set_message (SY_MESSAGE_ROW (row), reply);
  gtk_window_set_child (window, row);
  gtk_window_present (window);
  spinner = sy_test_find_widget_of_type (row, GTK_TYPE_SPINNER);
  g_assert_nonnull (spinner);
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  sy_message_append (reply, "The first words");
  g_assert_false (gtk_widget_get_visible (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  sy_message_set_state (reply, SY_MESSAGE_STATE_COMPLETE, NULL);
  g_assert_false (gtk_widget_get_visible (spinner));

  /* Regenerated: waiting again */
  sy_message_set_content (reply, "");
  sy_message_set_state (reply, SY_MESSAGE_STATE_STREAMING, NULL);
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_window_destroy (window);
}

/* Screenshots for the README (run with SWITCHYARD_SCREENSHOT_DIR set) ----- */

/* URL rows take http and https only; anything else is marked and not saved. */
static void
test_preferences_urls (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT, "settings", settings, "router", router, NULL);
  GtkWidget *window;
  AdwEntryRow *local_row;
  AdwEntryRow *api_row;
  g_autofree char *local_url = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *default_api = g_settings_get_string (settings, "chat-api-url");

  g_settings_set_string (settings, "chat-local-url", "http://localhost:11434");
  window = sy_preferences_window_new (context);
  local_row = sy_preferences_window_get_url_row (SY_PREFERENCES_WINDOW (window), TRUE);
  api_row = sy_preferences_window_get_url_row (SY_PREFERENCES_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (local_row)), ==, "http://localhost:11434");

  gtk_editable_set_text (GTK_EDITABLE (local_row), "ftp://example.org");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (local_row), "error"));
  g_signal_emit_by_name (local_row, "apply");
  local_url = g_settings_get_string (settings, "chat-local-url");
  g_assert_cmpstr (local_url, ==, "http://localhost:11434");

  gtk_editable_set_text (GTK_EDITABLE (api_row), "not a url");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (api_row), "error"));
  g_signal_emit_by_name (api_row, "apply");
  api_url = g_settings_get_string (settings, "chat-api-url");
  g_assert_cmpstr (api_url, ==, default_api);
  g_clear_pointer (&local_url, g_free);

  gtk_editable_set_text (GTK_EDITABLE (local_row), "https://gpu-box.lan:11434/");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (local_row), "error"));
  g_signal_emit_by_name (local_row, "apply");
  local_url = g_settings_get_string (settings, "chat-local-url");
  g_assert_cmpstr (local_url, ==, "https://gpu-box.lan:11434");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bind_translations ();

  g_test_add ("/chat-page/send", Fixture, NULL, fixture_setup, test_send, fixture_teardown);
  g_test_add ("/chat-page/stop", Fixture, NULL, fixture_setup, test_stop, fixture_teardown);
  g_test_add ("/chat-page/new-delete", Fixture, NULL, fixture_setup, test_new_delete, fixture_teardown);
  g_test_add ("/chat-page/hosted-without-key", Fixture, NULL, fixture_setup, test_hosted_without_key, fixture_teardown);
  g_test_add ("/chat-page/close-mid-stream", Fixture, NULL, fixture_setup, test_close_mid_stream, fixture_teardown);
  g_test_add ("/chat-page/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/chat-page/regenerate-message", Fixture, NULL, fixture_setup, test_regenerate_message, fixture_teardown);
  g_test_add ("/chat-page/follow", Fixture, NULL, fixture_setup, test_follow, fixture_teardown);
  g_test_add ("/chat-page/scrolled-up", Fixture, NULL, fixture_setup, test_scrolled_up, fixture_teardown);
  g_test_add ("/chat-page/open-long", Fixture, NULL, fixture_setup, test_open_long, fixture_teardown);
  g_test_add ("/chat-page/open-very-long", Fixture, NULL, fixture_setup, test_open_very_long, fixture_teardown);
  g_test_add ("/chat-page/search", Fixture, NULL, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/chat-page/placeholder", Fixture, NULL, fixture_setup, test_placeholder, fixture_teardown);
  g_test_add ("/chat-page/model-check", Fixture, NULL, fixture_setup, test_model_check, fixture_teardown);
  g_test_add ("/chat-page/one-regenerate", Fixture, NULL, fixture_setup, test_one_regenerate, fixture_teardown);
  g_test_add ("/chat-page/tiny-cost", Fixture, NULL, fixture_setup, test_tiny_cost, fixture_teardown);
  g_test_add ("/chat-page/today", Fixture, NULL, fixture_setup, test_today, fixture_teardown);
  g_test_add ("/chat-page/following-screenshots", Fixture, NULL, fixture_setup, test_following_screenshots,
              fixture_teardown);
  g_test_add_func ("/chat-page/preferences-urls", test_preferences_urls);
  g_test_add_func ("/chat-page/spinner-until-words", test_spinner_until_words);
  g_test_add ("/chat-page/refused", Fixture, "refused", fixture_setup, test_refused, fixture_teardown);

  return g_test_run ();
}
