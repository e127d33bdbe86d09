/* test-chat-route.c: the Chat page's Auto routing, Compare and shadow
 * share against two loopback servers (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "chat-page-fixture.h"

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
  g_assert_true (gtk_widget_get_visible (route_button (fixture)));

  /* Classified as it is typed, before it is sent. */
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (route_preview_label (fixture))));
  g_assert_cmpstr (gtk_label_get_text (route_preview_label (fixture)), ==,
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
  g_assert_true (gtk_widget_get_focusable (route_button (fixture)) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (route_button (fixture))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.route", "s", "api"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (route_button (fixture))), ==, "API");
  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "What is RAG?", -1);
  g_assert_cmpstr (gtk_label_get_text (route_preview_label (fixture)), ==,
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
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (route_button (fixture))), ==, "Auto");
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
  /* Blind (SPEC §5): no backend or model named before the rating, and
   * no stats (a cost or a speed would tell the two apart). */
  g_assert_false (shows_text (view, "llama3.1:8b"));
  g_assert_false (shows_text (view, "gpt-4o-mini"));
  g_assert_false (shows_text (view, "s to first token"));
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
  /* The API's reply shows as A or B at random; its button stores "API
   * better" (b) either way. */
  g_assert_true (button == sy_compare_view_get_labelled_button (SY_COMPARE_VIEW (view),
                                                               sy_compare_view_get_local_on_right (SY_COMPARE_VIEW (view))
                                                               ? SY_PILOT_RATING_A : SY_PILOT_RATING_B));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpint (sy_message_get_rating (local), ==, SY_PILOT_RATING_B);
  log = reload_log (fixture);
  record = g_ptr_array_index (sy_pilot_log_get_records (log), 0);
  g_assert_cmpint (record->rating, ==, SY_PILOT_RATING_B);
  /* Rated: now the names show, and the measurements. */
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "s to first token"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "12 in / 17 out tokens"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                             "Local (Ollama) · llama3.1:8b"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "Hosted API · gpt-4o-mini"));
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
  /* Blind until rated, then named. */
  g_assert_false (shows_text (view_for (fixture, SY_TYPE_COMPARE_VIEW, shadowed), "Hosted API · gpt-4o-mini"));
  sy_message_set_rating (shadowed, SY_PILOT_RATING_TIE);
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "Hosted API · gpt-4o-mini"));

  /* At 0 % nothing else is sent. */
  g_settings_set_uint (fixture->settings, "pilot-shadow-share", 0);
  send (fixture, "What is RAG?");
  alone = last_message (fixture);
  g_assert_null (sy_message_get_alternate (alone));
  g_assert_cmpuint (chat_requests (fixture->api), ==, 1);
}

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

static gboolean
compare_overflows (Fixture *fixture)
{
  return both_started (fixture) && overflows (fixture);
}

/* Compare follows both columns as they grow, and a finished comparison
 * brings its rating row into view, even scrolled up. */
static void
test_compare_follow (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *local_text = long_text (30);
  g_autofree char *api_text = long_text (36);
  g_autofree char *local_body = ollama_body (local_text);
  g_autofree char *api_body = openai_body (api_text);
  g_autoptr(SyMessage) local = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint n_checked = 0;
  GtkWidget *view;

  /* The hosted reply takes seconds longer than the local one, so it is
   * surely still streaming when the test scrolls up: a comparison that
   * finishes brings its rating row into view, which would end the test's
   * wait for the jump button on a slow machine. */
  test_server_add (fixture->server, "/api/chat", 200, NDJSON, local_body, -1, 50)->delay_ms = 10;
  test_server_add (fixture->api, "/v1/chat/completions", 200, EVENT_STREAM, api_body, -1, 60)->delay_ms = 60;
  g_settings_set_boolean (fixture->settings, "chat-compare", TRUE);
  give_api_key (fixture);

  gtk_text_buffer_set_text (sy_chat_page_get_input_buffer (fixture->page), "Tell me at length", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "chat.send", NULL));
  iterate_until (compare_overflows, fixture);

  /* Following while both stream, a little longer than the local one. */
  while (fixture->page->streams[SY_ROUTE_BACKEND_LOCAL] != NULL &&
         sy_message_get_state (fixture->page->replies[SY_ROUTE_BACKEND_LOCAL]) == SY_MESSAGE_STATE_STREAMING)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      g_assert_true (at_bottom (fixture));
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 10);
  g_assert_true (sy_chat_page_get_busy (fixture->page));

  /* Scrolled up to read A while B still streams: the view stays put. */
  gtk_adjustment_set_value (message_adjustment (fixture), 0);
  iterate_until (jump_button_shown, fixture);
  g_assert_cmpfloat (gtk_adjustment_get_value (message_adjustment (fixture)), ==, 0);

  iterate_until (page_idle, fixture);
  iterate_until (idle_for_a_moment, fixture);
  local = last_message (fixture);
  view = view_for (fixture, SY_TYPE_COMPARE_VIEW, local);
  g_assert_nonnull (view);
  g_assert_true (at_bottom (fixture));
  g_assert_true (in_view (fixture, sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_TIE)));
  g_assert_true (gtk_widget_is_sensitive (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view),
                                                                             SY_PILOT_RATING_TIE)));
  iterate_until (jump_button_hidden, fixture);
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bind_translations ();

  g_test_add ("/chat-route/auto-route", Fixture, NULL, fixture_setup, test_auto_route, fixture_teardown);
  g_test_add ("/chat-route/auto-override", Fixture, NULL, fixture_setup, test_auto_override, fixture_teardown);
  g_test_add ("/chat-route/compare", Fixture, NULL, fixture_setup, test_compare, fixture_teardown);
  g_test_add ("/chat-route/compare-one-fails", Fixture, NULL, fixture_setup, test_compare_one_fails, fixture_teardown);
  g_test_add ("/chat-route/compare-stop", Fixture, NULL, fixture_setup, test_compare_stop, fixture_teardown);
  g_test_add ("/chat-route/shadow", Fixture, NULL, fixture_setup, test_shadow, fixture_teardown);
  g_test_add ("/chat-route/compare-follow", Fixture, NULL, fixture_setup, test_compare_follow, fixture_teardown);
  g_test_add ("/chat-route/compare-screenshot", Fixture, NULL, fixture_setup, test_compare_screenshot, fixture_teardown);

  return g_test_run ();
}
