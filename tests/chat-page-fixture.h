/* chat-page-fixture.h: a Chat page in a window against loopback servers,
 * shared by test-chat-page.c and test-chat-route.c (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Each test uses some of these helpers, not all. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-const-variable"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sy-chat-item.h"
#include "sy-chat-page-private.h"
#include "sy-compare-view.h"
#include "sy-message-row.h"
#include "sy-preferences-window-private.h"

/* The shared server helpers include some this test does not need. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "sy-test-utils.h"
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
iterate_until (gboolean (*done) (Fixture *fixture),
               Fixture   *fixture)
{
  /* Generous: a loaded CI machine under ASan is many times slower. */
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

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
  static GtkCssProvider *css;
  gsize len;

  fixture->data_dir = g_dir_make_tmp ("sy-chat-page-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", fixture->data_dir, TRUE);

  fixture->server = test_server_new ();
  test_server_add (fixture->server, "/api/tags", 200, "application/json", tags_body, -1, 1);
  body = load_fixture ("ollama-chat.ndjson", &len);
  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, len, 11);

  fixture->api = test_server_add_api ();

  /* The page's look is in the application's style.css, which only an
   * AdwApplication loads by itself: the screenshots should match the app. */
  if (css == NULL)
    {
      css = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    }

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
  {
    g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT,
                                                 "settings", fixture->settings,
                                                 "cost-model", fixture->model,
                                                 "router", fixture->router,
                                                 "pilot-log", fixture->pilot_log,
                                                 NULL);

    fixture->page = SY_CHAT_PAGE (sy_chat_page_new (context));
  }
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 deadline;

  if (fixture->window != NULL)
    gtk_window_destroy (fixture->window);
  /* Let the cancelled look-ups return their references, and a cancelled
   * reply its own: it ends on its reading thread first, later on a busy
   * machine. */
  iterate_until (idle_for_a_moment, fixture);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (G_OBJECT (fixture->model)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->prices);
  g_assert_finalize_object (fixture->router);
  g_assert_finalize_object (fixture->pilot_log);
  g_object_unref (fixture->settings);
  test_server_free (fixture->server);
  test_server_free (fixture->api);
  sy_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_unsetenv ("SWITCHYARD_DATA_DIR");
}

static gboolean
prompt_taken (Fixture *fixture)
{
  return gtk_text_buffer_get_char_count (sy_chat_page_get_input_buffer (fixture->page)) == 0;
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
  /* A hosted route waits for the key to be looked up in the keyring, which
   * on a loaded machine may still be under way from start-up; the prompt
   * leaves the box when it is really sent, and the reply starts then. */
  iterate_until (prompt_taken, fixture);
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
  /* Saves are written on a worker thread. */
  sy_conversation_store_flush (sy_chat_page_get_store (fixture->page));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}


/* The keyring has no key for a loopback URL: the test gives one, once
 * the page's own look-ups have returned. */
static void
give_api_key (Fixture *fixture)
{
  iterate_until (idle_for_a_moment, fixture);
  sy_openai_backend_set_api_key (fixture->page->openai, "sk-test-not-a-secret");
  fixture->page->have_api_key = TRUE;
  _sy_chat_page_update_notice (fixture->page);
}

static void
use_auto (Fixture *fixture,
          guint    shadow_share)
{
  g_autofree char *backend = NULL;

  g_settings_set_uint (fixture->settings, "pilot-shadow-share", shadow_share);
  gtk_drop_down_set_selected (fixture->page->backend_dropdown, SY_CHAT_MODE_AUTO);
  backend = g_settings_get_string (fixture->settings, "chat-backend");
  g_assert_cmpstr (backend, ==, "auto");
  give_api_key (fixture);
}

/* The composer's route chooser and the preview line under the input. */
static GtkWidget *
route_button (Fixture *fixture)
{
  return sy_chat_composer_get_route_button (fixture->page->composer);
}

static GtkLabel *
route_preview_label (Fixture *fixture)
{
  return sy_chat_composer_get_preview_label (fixture->page->composer);
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

/* Replies streamed word by word, in each server's wire format; screenshots. */

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

/* Opens the conversation at @position of the sidebar, as a click does. */
static void
select_conversation (Fixture *fixture,
                     guint    position)
{
  gtk_single_selection_set_selected (fixture->page->conversation_selection, position);
}

static guint
count_widgets (GtkWidget *widget,
               GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, type);

  return n;
}

/* Following the newest message ------------------------------------------ */

static GtkAdjustment *
message_adjustment (Fixture *fixture)
{
  return gtk_scrolled_window_get_vadjustment (fixture->page->scroller);
}

static gboolean
at_bottom (Fixture *fixture)
{
  GtkAdjustment *adjustment = message_adjustment (fixture);

  return gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 4;
}

/* The messages are taller than the view by a good margin. */
static gboolean
overflows (Fixture *fixture)
{
  GtkAdjustment *adjustment = message_adjustment (fixture);

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 200;
}

/* TRUE when all of @widget is inside the visible part of the messages. */
static gboolean
in_view (Fixture   *fixture,
         GtkWidget *widget)
{
  GtkWidget *scroller = GTK_WIDGET (fixture->page->scroller);
  graphene_rect_t bounds;

  if (widget == NULL || !gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

/* The jump button shows (its crossfade done) and takes clicks. */
static gboolean
jump_button_shown (Fixture *fixture)
{
  return gtk_revealer_get_child_revealed (fixture->page->jump_revealer) &&
         gtk_widget_get_mapped (fixture->page->jump_button) &&
         gtk_widget_get_can_target (GTK_WIDGET (fixture->page->jump_revealer));
}

static gboolean
jump_button_hidden (Fixture *fixture)
{
  return !gtk_revealer_get_child_revealed (fixture->page->jump_revealer) &&
         !gtk_widget_get_can_target (GTK_WIDGET (fixture->page->jump_revealer));
}

/* @n_lines paragraphs: a reply several screens long. */
static char *
long_text (guint n_lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n_lines; i++)
    g_string_append_printf (text, "Paragraph %u of a long answer, streamed a word at a time.%s",
                            i, i < n_lines ? "\n\n" : "");
  return g_string_free (text, FALSE);
}

/* The build tree's catalogs, for screenshots in another language
 * (LANGUAGE=de LC_ALL=de_DE.UTF-8); the tests themselves run in C. */
static void
bind_translations (void)
{
  const char *dir = g_getenv ("SWITCHYARD_LOCALEDIR");
  const char *language = g_getenv ("LANGUAGE");

  if (dir == NULL)
    return;
  /* gtk_test_init() chose en_US; the environment asks for another. */
  if (language != NULL && *language != '\0')
    setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

#pragma GCC diagnostic pop
