/* test-chat-page.c: the Chat page against a loopback Ollama (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sy-chat-page-private.h"
#include "sy-compare-view.h"
#include "sy-message-row.h"
#include "sy-preferences-window-private.h"

/* The shared server helpers include some this test does not need. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "backend-test-server.h"
#pragma GCC diagnostic pop

#define NDJSON "application/x-ndjson"
#define EVENT_STREAM "text/event-stream"
#define COMPLEX_PROMPT "Please analyze the trade-offs of running a model locally and compare them " \
                       "with a hosted API for a team of ten developers"

static const char tags_body[] =
  "{\"models\":[{\"name\":\"llama3.1:8b\",\"size\":4920753328,"
  "\"details\":{\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"}}]}";

typedef struct
{
  TestServer   *server;
  TestServer   *api;        /* the hosted API, slower to start */
  char         *data_dir;
  GSettings    *settings;
  SyPriceTable *prices;
  SyCostModel  *model;
  SyRouter     *router;
  SyPilotLog   *pilot_log;
  GtkWindow    *window;
  SyChatPage   *page;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

static void
iterate_until (gboolean (*done) (Fixture *fixture),
               Fixture   *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
idle_for_a_moment (Fixture *fixture)
{
  static gint64 until;

  if (until == 0)
    until = g_get_monotonic_time () + 200 * 1000;
  if (g_get_monotonic_time () < until)
    return FALSE;
  until = 0;
  return TRUE;
}

/* An OpenAI-compatible server whose first chunk comes after 150 ms. */
static TestServer *
test_server_add_api (void)
{
  TestServer *api = test_server_new ();
  g_autofree char *body = NULL;
  Script *script;
  gsize len;

  body = load_fixture ("openai-usage.sse", &len);
  script = test_server_add (api, "/v1/chat/completions", 200, EVENT_STREAM, body, len, 3);
  script->delay_ms = 150;

  return api;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *local_url = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  gsize len;

  fixture->data_dir = g_dir_make_tmp ("sy-chat-page-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", fixture->data_dir, TRUE);

  fixture->server = test_server_new ();
  test_server_add (fixture->server, "/api/tags", 200, "application/json", tags_body, -1, 1);
  body = load_fixture ("ollama-chat.ndjson", &len);
  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, len, 11);

  fixture->api = test_server_add_api ();

  url = local_url ? refused_url () : g_strdup (fixture->server->base_url);
  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend keeps what earlier tests set. */
  g_settings_set_boolean (fixture->settings, "chat-compare", FALSE);
  g_settings_set_uint (fixture->settings, "pilot-shadow-share", 0);
  g_settings_set_string (fixture->settings, "chat-api-model", "gpt-4o-mini");
  {
    g_autofree char *api_url = g_strconcat (fixture->api->base_url, "/v1", NULL);

    g_settings_set_string (fixture->settings, "chat-api-url", api_url);
  }
  g_settings_set_string (fixture->settings, "chat-backend", "ollama");
  g_settings_set_string (fixture->settings, "chat-local-url", url);
  g_settings_set_string (fixture->settings, "chat-local-model", "llama3.1:8b");

  fixture->prices = sy_price_table_new_default ();
  fixture->model = sy_cost_model_new (fixture->prices);
  fixture->router = sy_router_new ();
  fixture->pilot_log = sy_pilot_log_new (NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 700);
  fixture->page = SY_CHAT_PAGE (sy_chat_page_new (fixture->model, fixture->settings,
                                                      fixture->router, fixture->pilot_log));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  /* Let the cancelled look-ups return their references. */
  iterate_until (idle_for_a_moment, fixture);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->prices);
  g_assert_finalize_object (fixture->router);
  g_assert_finalize_object (fixture->pilot_log);
  g_object_unref (fixture->settings);
  test_server_free (fixture->server);
  test_server_free (fixture->api);
  remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_unsetenv ("SWITCHYARD_DATA_DIR");
}

static gboolean
page_idle (Fixture *fixture)
{
  return !sy_chat_page_get_busy (fixture->page);
}

static SyMessage *
last_message (Fixture *fixture)
{
  GListModel *messages = sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page));

  return g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
}

static gboolean
reply_started (Fixture *fixture)
{
  g_autoptr(SyMessage) reply = NULL;

  if (sy_chat_page_get_conversation (fixture->page) == NULL)
    return FALSE;
  reply = last_message (fixture);
  return sy_message_is_reply (reply) && *sy_message_get_content (reply) != '\0';
}

/* TRUE when a visible label under @widget shows text containing @needle. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *needle)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, needle))
      return TRUE;

  return FALSE;
}

static void
send (Fixture    *fixture,
      const char *prompt)
{
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), prompt, -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  g_assert_true (sy_chat_page_get_busy (fixture->page));
  iterate_until (page_idle, fixture);
  /* Let the list view bind and draw the finished rows. */
  iterate_until (idle_for_a_moment, fixture);
}

static char *
saved_file (Fixture *fixture)
{
  SyConversation *conversation = sy_chat_page_get_conversation (fixture->page);
  g_autofree char *path = sy_conversation_store_dup_path (sy_chat_page_get_store (fixture->page), conversation);
  char *contents = NULL;

  g_assert_true (g_str_has_prefix (path, fixture->data_dir));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

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

  gtk_drop_down_set_selected (fixture->page->backend_dropdown, BACKEND_HOSTED);
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
  gtk_drop_down_set_selected (fixture->page->backend_dropdown, BACKEND_LOCAL);
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

/* A phone-sized window: the sidebar folds away and nothing is wider. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  int min_width;

  gtk_window_set_default_size (fixture->window, 360, 700);
  iterate_until (idle_for_a_moment, fixture);

  g_assert_true (adw_leaflet_get_folded (fixture->page->leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "content");
  gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  g_assert_true (gtk_widget_get_visible (fixture->page->back_button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.show-sidebar", NULL));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (fixture->page->leaflet), ==, "sidebar");
}

/* Auto, compare, shadow, regenerate -------------------------------------- */

static void save_screenshot (GtkWidget  *window,
                             const char *name);

/* The keyring has no key for a loopback URL: the test gives one, once
 * the page's own look-ups have returned. */
static void
give_api_key (Fixture *fixture)
{
  iterate_until (idle_for_a_moment, fixture);
  sy_openai_backend_set_api_key (fixture->page->openai, "sk-test-not-a-secret");
  fixture->page->have_api_key = TRUE;
  sy_chat_page_update_notice (fixture->page);
}

static void
use_auto (Fixture *fixture,
          guint    shadow_share)
{
  g_autofree char *backend = NULL;

  g_settings_set_uint (fixture->settings, "pilot-shadow-share", shadow_share);
  gtk_drop_down_set_selected (fixture->page->backend_dropdown, BACKEND_AUTO);
  backend = g_settings_get_string (fixture->settings, "chat-backend");
  g_assert_cmpstr (backend, ==, "auto");
  give_api_key (fixture);
}

static guint
chat_requests (TestServer *server)
{
  /* The local server also answers the model list. */
  return server->n_requests - (g_strcmp0 (server->path, "/api/tags") == 0 ? 1 : 0);
}

typedef struct
{
  GType       type;
  gpointer    message;
  GtkWidget  *found;
} Search;

/* The visible row or compare view under @widget showing @message. */
static gboolean
find_view (GtkWidget *widget,
           Search    *search)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, search->type) &&
      (search->message == NULL ||
       (SY_IS_MESSAGE_ROW (widget) && sy_message_row_get_message (SY_MESSAGE_ROW (widget)) == search->message) ||
       (SY_IS_COMPARE_VIEW (widget) && sy_compare_view_get_message (SY_COMPARE_VIEW (widget)) == search->message)))
    {
      search->found = widget;
      return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (find_view (child, search))
      return TRUE;

  return FALSE;
}

static GtkWidget *
view_for (Fixture  *fixture,
          GType     type,
          gpointer  message)
{
  Search search = { type, message, NULL };

  find_view (GTK_WIDGET (fixture->page), &search);
  return search.found;
}

static SyMessage *
message_at (Fixture *fixture,
            guint    position)
{
  return g_list_model_get_item (sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page)),
                                position);
}

static void
test_auto_route (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SyMessage) simple = NULL;
  g_autoptr(SyMessage) complex = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *badge = NULL;
  g_autofree char *estimate = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *row;

  use_auto (fixture, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->page->model_dropdown)));
  g_assert_true (gtk_widget_get_visible (fixture->page->route_button));

  /* Classified as it is typed, before it is sent. */
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->page->route_preview_label)));
  g_assert_cmpstr (gtk_label_get_text (fixture->page->route_preview_label), ==,
                   "Simple → Local · llama3.1:8b · estimated $0.00");

  send (fixture, "What is RAG?");
  simple = last_message (fixture);
  g_assert_cmpstr (sy_message_get_backend (simple), ==, "ollama");
  g_assert_cmpstr (sy_message_get_model (simple), ==, "llama3.1:8b");
  g_assert_true (sy_message_get_routed (simple));
  g_assert_cmpint (sy_message_get_route_class (simple), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_false (sy_message_get_route_overridden (simple));
  g_assert_cmpint (sy_message_get_state (simple), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_null (sy_message_get_alternate (simple));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Simple → Local · llama3.1:8b"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "estimated $0.00 · actual $0.00"));
  g_assert_cmpuint (chat_requests (fixture->api), ==, 0);

  send (fixture, COMPLEX_PROMPT);
  complex = last_message (fixture);
  g_assert_cmpint (sy_message_get_state (complex), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (sy_message_get_backend (complex), ==, "openai");
  g_assert_cmpstr (sy_message_get_model (complex), ==, "gpt-4o");
  g_assert_cmpint (sy_message_get_route_class (complex), ==, SY_ROUTE_CLASS_COMPLEX);
  /* SPEC's word-count estimate before, usage × prices after. */
  g_assert_cmpfloat_with_epsilon (sy_message_get_estimated_cost (complex),
                                  sy_router_count_words (COMPLEX_PROMPT) * SY_ROUTER_COMPLEX_USD_PER_WORD, 1e-12);
  g_assert_cmpfloat (sy_message_get_cost (complex), >, 0);
  g_assert_cmpuint (chat_requests (fixture->api), ==, 1);
  request = test_server_request_json (fixture->api);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "gpt-4o");
  g_assert_cmpstr (fixture->api->authorization, ==, "Bearer sk-test-not-a-secret");

  row = view_for (fixture, SY_TYPE_MESSAGE_ROW, complex);
  g_assert_nonnull (row);
  badge = sy_message_row_format_route (complex);
  g_assert_cmpstr (badge, ==, "Complex → API · gpt-4o");
  g_assert_true (shows_text (row, badge));
  estimate = sy_message_row_format_estimate (complex);
  g_assert_true (g_str_has_prefix (estimate, "estimated $0.000"));
  g_assert_nonnull (strstr (estimate, " · actual $0.000"));
  g_assert_true (shows_text (row, estimate));

  /* Kept with the message. */
  contents = saved_file (fixture);
  g_assert_nonnull (strstr (contents, "\"class\" : \"complex\""));
  g_assert_nonnull (strstr (contents, "\"estimated_cost_usd\""));
  g_assert_null (strstr (contents, "sk-test"));

  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL)
    {
      gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "Define quantization", -1);
      iterate_until (idle_for_a_moment, fixture);
      save_screenshot (GTK_WIDGET (fixture->window), "chat-auto.png");
    }
}

static void
test_auto_override (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SyMessage) overridden = NULL;
  g_autoptr(SyMessage) next = NULL;
  g_autoptr(JsonObject) request = NULL;

  use_auto (fixture, 0);

  /* The chooser is a menu button next to Send: Tab reaches it. */
  g_assert_true (gtk_widget_get_focusable (fixture->page->route_button) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (fixture->page->route_button)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.route", "s", "api"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (fixture->page->route_button)), ==, "API");
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_cmpstr (gtk_label_get_text (fixture->page->route_preview_label), ==,
                   "Simple → API · gpt-4o-mini (your choice) · estimated $0.00000450");

  send (fixture, "What is RAG?");
  overridden = last_message (fixture);
  g_assert_cmpstr (sy_message_get_backend (overridden), ==, "openai");
  g_assert_cmpstr (sy_message_get_model (overridden), ==, "gpt-4o-mini");
  g_assert_true (sy_message_get_route_overridden (overridden));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Simple → API · gpt-4o-mini (your choice)"));
  request = test_server_request_json (fixture->api);
  g_assert_cmpstr (json_object_get_string_member (request, "model"), ==, "gpt-4o-mini");

  /* For one message only: back to the rules. */
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (fixture->page->route_button)), ==, "Auto");
  send (fixture, "What is RAG?");
  next = last_message (fixture);
  g_assert_cmpstr (sy_message_get_backend (next), ==, "ollama");
  g_assert_false (sy_message_get_route_overridden (next));
  g_assert_cmpuint (chat_requests (fixture->api), ==, 1);
}

static SyPilotLog *
reload_log (Fixture *fixture)
{
  SyPilotLog *log = sy_pilot_log_new (sy_pilot_log_get_path (fixture->pilot_log));
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (sy_pilot_log_get_path (log), fixture->data_dir));
  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_no_error (error);

  return log;
}

static void
test_compare (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *expected = load_fixture ("expected-ollama.txt", NULL);
  g_autoptr(SyMessage) local = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  g_autofree char *contents = NULL;
  SyPilotRecord *record;
  SyMessage *api;
  GtkWidget *view;
  GtkWidget *button;

  g_settings_set_boolean (fixture->settings, "chat-compare", TRUE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (fixture->page->compare_button)));
  give_api_key (fixture);

  send (fixture, "What is RAG?");
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (sy_chat_page_get_conversation (fixture->page))), ==, 2);
  local = last_message (fixture);
  api = sy_message_get_alternate (local);
  g_assert_nonnull (api);
  g_assert_true (sy_message_get_compare (local));

  /* Both arrived, each measured; the local server answers first. */
  g_assert_cmpstr (sy_message_get_backend (local), ==, "ollama");
  g_assert_cmpstr (sy_message_get_content (local), ==, expected);
  g_assert_cmpint (sy_message_get_state (local), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (sy_message_get_backend (api), ==, "openai");
  g_assert_cmpstr (sy_message_get_model (api), ==, "gpt-4o-mini");
  g_assert_cmpint (sy_message_get_state (api), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_true (g_str_has_prefix (sy_message_get_content (api), "Retrieval"));
  g_assert_cmpint (sy_message_get_completion_tokens (api), ==, 17);
  g_assert_cmpfloat (sy_message_get_ttft (local), >=, 0);
  g_assert_cmpfloat (sy_message_get_ttft (local), <, sy_message_get_ttft (api));
  g_assert_cmpfloat (sy_message_get_ttft (api), >=, 0.15);

  /* Side by side, each with its measurements. */
  view = view_for (fixture, SY_TYPE_COMPARE_VIEW, local);
  g_assert_nonnull (view);
  g_assert_true (sy_compare_view_get_side_by_side (SY_COMPARE_VIEW (view)));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                             "Local (Ollama) · llama3.1:8b"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "Hosted API · gpt-4o-mini"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "s to first token"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "12 in / 17 out tokens"));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Which reply is better?"));

  /* The record in the log file, both sides measured. */
  log = reload_log (fixture);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 1);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_cmpstr (record->id, ==, sy_message_get_pilot_id (local));
  g_assert_cmpstr (record->prompt, ==, "What is RAG?");
  g_assert_true (record->replies[SY_ROUTE_BACKEND_LOCAL].sent);
  g_assert_true (record->replies[SY_ROUTE_BACKEND_API].sent);
  g_assert_cmpstr (record->replies[SY_ROUTE_BACKEND_API].model, ==, "gpt-4o-mini");
  g_assert_cmpfloat (record->replies[SY_ROUTE_BACKEND_LOCAL].time_to_first_token, <,
                     record->replies[SY_ROUTE_BACKEND_API].time_to_first_token);
  g_assert_cmpint (record->replies[SY_ROUTE_BACKEND_API].completion_tokens, ==, 17);
  g_assert_cmpint (record->rating, ==, SY_PILOT_RATING_NONE);
  g_assert_finalize_object (g_steal_pointer (&log));

  /* Rating B, then changing one's mind to a tie: rating lines. */
  button = sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_B);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (sy_message_get_rating (local), ==, SY_PILOT_RATING_B);
  log = reload_log (fixture);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_cmpint (record->rating, ==, SY_PILOT_RATING_B);
  g_assert_finalize_object (g_steal_pointer (&log));

  g_signal_emit_by_name (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_TIE), "clicked");
  g_signal_emit_by_name (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_A), "clicked");
  log = reload_log (fixture);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 1);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_cmpint (record->rating, ==, SY_PILOT_RATING_A);
  g_assert_true (g_file_get_contents (sy_pilot_log_get_path (log), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"rating_for\""));
  g_assert_null (strstr (contents, "sk-test"));
  g_clear_pointer (&contents, g_free);
  g_assert_finalize_object (g_steal_pointer (&log));

  /* The pair and its rating are saved with the conversation. */
  contents = saved_file (fixture);
  g_assert_nonnull (strstr (contents, "\"alternate_kind\" : \"compare\""));
  g_assert_nonnull (strstr (contents, "\"rating\" : \"a\""));

  /* Narrow, the two stack. */
  gtk_window_set_default_size (fixture->window, 360, 700);
  iterate_until (idle_for_a_moment, fixture);
  view = view_for (fixture, SY_TYPE_COMPARE_VIEW, local);
  g_assert_nonnull (view);
  g_assert_false (sy_compare_view_get_side_by_side (SY_COMPARE_VIEW (view)));
}

/* An error on one side shows on that side only. */
static void
test_compare_one_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyMessage) local = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  SyPilotRecord *record;
  GtkWidget *view;
  SyMessage *api;

  test_server_add (fixture->api, "/v1/chat/completions", 500, "application/json",
                   "{\"error\":{\"message\":\"The server had an error\"}}", -1, 1);
  g_settings_set_boolean (fixture->settings, "chat-compare", TRUE);
  give_api_key (fixture);

  send (fixture, "What is RAG?");
  local = last_message (fixture);
  api = sy_message_get_alternate (local);
  g_assert_cmpint (sy_message_get_state (local), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpint (sy_message_get_state (api), ==, SY_MESSAGE_STATE_FAILED);

  view = view_for (fixture, SY_TYPE_COMPARE_VIEW, local);
  g_assert_nonnull (view);
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             sy_message_get_error_text (api)));
  g_assert_false (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                              sy_message_get_error_text (api)));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                             "Retrieval-augmented generation"));

  log = reload_log (fixture);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_null (record->replies[SY_ROUTE_BACKEND_LOCAL].error);
  g_assert_nonnull (record->replies[SY_ROUTE_BACKEND_API].error);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static gboolean
both_started (Fixture *fixture)
{
  return fixture->page->replies[SY_ROUTE_BACKEND_LOCAL] != NULL &&
         *sy_message_get_content (fixture->page->replies[SY_ROUTE_BACKEND_LOCAL]) != '\0' &&
         fixture->page->replies[SY_ROUTE_BACKEND_API] != NULL &&
         *sy_message_get_content (fixture->page->replies[SY_ROUTE_BACKEND_API]) != '\0';
}

/* Stop cancels both; a stopped pair is not a measurement. */
static void
test_compare_stop (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *local_body = NULL;
  g_autofree char *api_body = NULL;
  g_autoptr(SyMessage) local = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  Script *script;
  gsize len;

  local_body = load_fixture ("ollama-chat.ndjson", &len);
  script = test_server_add (fixture->server, "/api/chat", 200, NDJSON, local_body, len, 200);
  script->delay_ms = 20;
  api_body = load_fixture ("openai-usage.sse", &len);
  script = test_server_add (fixture->api, "/v1/chat/completions", 200, EVENT_STREAM, api_body, len, 200);
  script->delay_ms = 20;
  g_settings_set_boolean (fixture->settings, "chat-compare", TRUE);
  give_api_key (fixture);

  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (both_started, fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.stop", NULL));
  iterate_until (page_idle, fixture);

  local = last_message (fixture);
  g_assert_cmpint (sy_message_get_state (local), ==, SY_MESSAGE_STATE_STOPPED);
  g_assert_cmpint (sy_message_get_state (sy_message_get_alternate (local)), ==, SY_MESSAGE_STATE_STOPPED);
  g_assert_null (sy_message_get_pilot_id (local));
  log = reload_log (fixture);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&log));
}

static void
test_shadow (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SyMessage) shadowed = NULL;
  g_autoptr(SyMessage) alone = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  SyPilotRecord *record;
  SyMessage *shadow;
  GtkWidget *row;
  GtkWidget *button;

  use_auto (fixture, 100);
  sy_chat_page_set_shadow_seed (fixture->page, 42);

  send (fixture, "What is RAG?");
  shadowed = last_message (fixture);
  shadow = sy_message_get_alternate (shadowed);
  g_assert_nonnull (shadow);
  g_assert_false (sy_message_get_compare (shadowed));
  g_assert_cmpstr (sy_message_get_backend (shadowed), ==, "ollama");
  g_assert_cmpstr (sy_message_get_backend (shadow), ==, "openai");
  g_assert_cmpstr (sy_message_get_model (shadow), ==, "gpt-4o-mini");
  g_assert_cmpint (sy_message_get_state (shadow), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpuint (chat_requests (fixture->api), ==, 1);

  log = reload_log (fixture);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 1);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_true (record->replies[SY_ROUTE_BACKEND_LOCAL].sent);
  g_assert_true (record->replies[SY_ROUTE_BACKEND_API].sent);
  g_assert_cmpstr (record->id, ==, sy_message_get_pilot_id (shadowed));
  g_assert_finalize_object (g_steal_pointer (&log));

  /* Not shown until asked. */
  g_assert_null (view_for (fixture, SY_TYPE_COMPARE_VIEW, shadowed));
  row = view_for (fixture, SY_TYPE_MESSAGE_ROW, shadowed);
  g_assert_nonnull (row);
  button = sy_message_row_get_other_button (SY_MESSAGE_ROW (row));
  g_assert_true (gtk_widget_get_visible (button));
  g_signal_emit_by_name (button, "clicked");
  iterate_until (idle_for_a_moment, fixture);
  g_assert_nonnull (view_for (fixture, SY_TYPE_COMPARE_VIEW, shadowed));
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Hosted API · gpt-4o-mini"));

  /* At 0 % nothing else is sent. */
  g_settings_set_uint (fixture->settings, "pilot-shadow-share", 0);
  send (fixture, "What is RAG?");
  alone = last_message (fixture);
  g_assert_null (sy_message_get_alternate (alone));
  g_assert_cmpuint (chat_requests (fixture->api), ==, 1);
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

/* Screenshots for the README (run with SWITCHYARD_SCREENSHOT_DIR set) ----- */

static const char local_answer[] =
  "**RAG** (retrieval-augmented generation) looks up passages from your own documents "
  "and puts them into the prompt, so the model answers from them:\n\n"
  "1. Split the documents into chunks and embed them.\n"
  "2. Find the chunks nearest to the question.\n"
  "3. Answer with those chunks as context.\n\n"
  "It keeps answers current without retraining the model.";
static const char api_answer[] =
  "Retrieval-augmented generation (RAG) combines a search step with a language model. "
  "Before answering, the system retrieves the most relevant passages from a knowledge base "
  "(usually a vector index) and adds them to the prompt.\n\n"
  "- Answers stay grounded in your sources and can cite them.\n"
  "- New documents count at once, with no fine-tuning.\n"
  "- Quality depends on how well the retrieval step finds the right chunks.";

static char *
ollama_body (const char *text)
{
  GString *body = g_string_new (NULL);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *piece = g_strconcat (words[i], i + 1 < n ? " " : "", NULL);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), piece);
      g_autofree char *quoted = json_to_string (node, FALSE);

      g_string_append_printf (body, "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":%s},"
                                    "\"done\":false}\n", quoted);
    }
  g_string_append_printf (body, "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                                "\"done_reason\":\"stop\",\"done\":true,\"total_duration\":2143201000,"
                                "\"load_duration\":112345000,\"prompt_eval_count\":14,\"prompt_eval_duration\":"
                                "90200000,\"eval_count\":%u,\"eval_duration\":1480000000}\n", n + 8);
  return g_string_free (body, FALSE);
}

static char *
openai_body (const char *text)
{
  GString *body = g_string_new (NULL);
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint n = g_strv_length (words);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *piece = g_strconcat (words[i], i + 1 < n ? " " : "", NULL);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), piece);
      g_autofree char *quoted = json_to_string (node, FALSE);

      g_string_append_printf (body, "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                                    "\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n", quoted);
    }
  g_string_append_printf (body, "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"
                                "\"finish_reason\":\"stop\"}]}\n\n"
                                "data: {\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":14,"
                                "\"completion_tokens\":%u,\"total_tokens\":%u}}\n\ndata: [DONE]\n\n", n + 12, n + 26);
  return g_string_free (body, FALSE);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SWITCHYARD_SCREENSHOT_DIR"), name, NULL);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (paintable);
}

static void
resize (Fixture *fixture,
        int      width,
        int      height)
{
  gtk_window_set_default_size (fixture->window, width, height);
  iterate_until (idle_for_a_moment, fixture);
  iterate_until (idle_for_a_moment, fixture);
}

static void
test_compare_screenshot (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *local_body = ollama_body (local_answer);
  g_autofree char *api_body = openai_body (api_answer);
  g_autoptr(SyMessage) local = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("SWITCHYARD_SCREENSHOT_DIR is not set");
      return;
    }

  test_server_add (fixture->server, "/api/chat", 200, NDJSON, local_body, -1, 30);
  test_server_add (fixture->api, "/v1/chat/completions", 200, EVENT_STREAM, api_body, -1, 30)->delay_ms = 12;
  gtk_window_set_decorated (fixture->window, FALSE);
  g_settings_set_boolean (fixture->settings, "chat-compare", TRUE);
  give_api_key (fixture);

  send (fixture, "What is RAG, and when is it worth it?");
  local = last_message (fixture);
  g_signal_emit_by_name (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view_for (fixture, SY_TYPE_COMPARE_VIEW, local)),
                                                            SY_PILOT_RATING_TIE), "clicked");

  resize (fixture, 1280, 860);
  save_screenshot (GTK_WIDGET (fixture->window), "chat-compare.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate_until (idle_for_a_moment, fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "chat-compare-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  resize (fixture, 360, 860);
  {
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (fixture->page->scroller);

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    iterate_until (idle_for_a_moment, fixture);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "chat-compare-narrow.png");
}

/* URL rows take http and https only; anything else is marked and not saved. */
static void
test_preferences_urls (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SyRouter) router = sy_router_new ();
  GtkWidget *window;
  AdwEntryRow *local_row;
  AdwEntryRow *api_row;
  g_autofree char *local_url = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *default_api = g_settings_get_string (settings, "chat-api-url");

  g_settings_set_string (settings, "chat-local-url", "http://localhost:11434");
  window = sy_preferences_window_new (settings, router);
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

  g_test_add ("/chat-page/send", Fixture, NULL, fixture_setup, test_send, fixture_teardown);
  g_test_add ("/chat-page/stop", Fixture, NULL, fixture_setup, test_stop, fixture_teardown);
  g_test_add ("/chat-page/new-delete", Fixture, NULL, fixture_setup, test_new_delete, fixture_teardown);
  g_test_add ("/chat-page/hosted-without-key", Fixture, NULL, fixture_setup, test_hosted_without_key, fixture_teardown);
  g_test_add ("/chat-page/close-mid-stream", Fixture, NULL, fixture_setup, test_close_mid_stream, fixture_teardown);
  g_test_add ("/chat-page/narrow", Fixture, NULL, fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/chat-page/auto-route", Fixture, NULL, fixture_setup, test_auto_route, fixture_teardown);
  g_test_add ("/chat-page/auto-override", Fixture, NULL, fixture_setup, test_auto_override, fixture_teardown);
  g_test_add ("/chat-page/compare", Fixture, NULL, fixture_setup, test_compare, fixture_teardown);
  g_test_add ("/chat-page/compare-one-fails", Fixture, NULL, fixture_setup, test_compare_one_fails, fixture_teardown);
  g_test_add ("/chat-page/compare-stop", Fixture, NULL, fixture_setup, test_compare_stop, fixture_teardown);
  g_test_add ("/chat-page/shadow", Fixture, NULL, fixture_setup, test_shadow, fixture_teardown);
  g_test_add ("/chat-page/regenerate-message", Fixture, NULL, fixture_setup, test_regenerate_message, fixture_teardown);
  g_test_add ("/chat-page/compare-screenshot", Fixture, NULL, fixture_setup, test_compare_screenshot, fixture_teardown);
  g_test_add_func ("/chat-page/preferences-urls", test_preferences_urls);
  g_test_add ("/chat-page/refused", Fixture, "refused", fixture_setup, test_refused, fixture_teardown);

  return g_test_run ();
}
