/* test-conversation.c: conversations and their store on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>
#include <utime.h>

#include <math.h>
#include <signal.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "sy-conversation.h"
#include "sy-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sy-conversation-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sy_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static SyMessage *
make_reply (const char *text)
{
  SyMessage *reply = sy_message_new ("assistant", text);
  SyChatResult result = {
    .prompt_tokens = 12,
    .completion_tokens = 17,
    .time_to_first_token = 0.25,
    .tokens_per_second = 42.5,
    .usage_estimated = TRUE,
  };

  sy_message_set_measurements (reply, "openai", "gpt-4o-mini", &result, 0.0000123);

  return reply;
}

static void
test_save_reload (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversationStore) again = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyMessage) prompt = sy_message_new ("user", "What is <b>RAG</b>?");
  g_autoptr(SyMessage) reply = make_reply ("Retrieval…");
  g_autoptr(SyMessage) cut = sy_message_new ("assistant", "Half a rep");
  g_autoptr(SyConversation) loaded = NULL;
  g_autoptr(SyMessage) loaded_reply = NULL;
  g_autoptr(SyMessage) loaded_cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SyConversation *conversation;

  conversation = sy_conversation_store_create (store, "About RAG");
  sy_conversation_add_message (conversation, prompt);
  sy_conversation_add_message (conversation, reply);
  sy_message_set_state (cut, SY_MESSAGE_STATE_STOPPED, "Stopped");
  sy_conversation_add_message (conversation, cut);
  g_assert_cmpfloat_with_epsilon (sy_conversation_get_total_cost (conversation), 0.0000123, 1e-12);
  g_assert_cmpint (sy_conversation_get_total_tokens (conversation), ==, 29);

  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  g_assert_no_error (error);
  path = sy_conversation_store_dup_path (store, conversation);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);
  loaded = g_list_model_get_item (sy_conversation_store_get_model (again), 0);
  g_assert_cmpstr (sy_conversation_get_id (loaded), ==, sy_conversation_get_id (conversation));
  g_assert_cmpstr (sy_conversation_get_title (loaded), ==, "About RAG");
  g_assert_cmpint (sy_conversation_get_created (loaded), ==, sy_conversation_get_created (conversation));
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (loaded)), ==, 3);

  loaded_reply = g_list_model_get_item (sy_conversation_get_messages (loaded), 1);
  g_assert_true (sy_message_is_reply (loaded_reply));
  g_assert_cmpstr (sy_message_get_content (loaded_reply), ==, "Retrieval…");
  g_assert_true (sy_message_get_measured (loaded_reply));
  g_assert_cmpstr (sy_message_get_backend (loaded_reply), ==, "openai");
  g_assert_cmpstr (sy_message_get_model (loaded_reply), ==, "gpt-4o-mini");
  g_assert_cmpfloat (sy_message_get_ttft (loaded_reply), ==, 0.25);
  g_assert_cmpfloat (sy_message_get_tokens_per_second (loaded_reply), ==, 42.5);
  g_assert_cmpint (sy_message_get_prompt_tokens (loaded_reply), ==, 12);
  g_assert_cmpint (sy_message_get_completion_tokens (loaded_reply), ==, 17);
  g_assert_true (sy_message_get_usage_estimated (loaded_reply));
  g_assert_cmpfloat_with_epsilon (sy_message_get_cost (loaded_reply), 0.0000123, 1e-12);
  g_assert_false (sy_message_get_cut_off (loaded_reply));

  loaded_cut = g_list_model_get_item (sy_conversation_get_messages (loaded), 2);
  g_assert_true (sy_message_get_cut_off (loaded_cut));
  g_assert_cmpint (sy_message_get_state (loaded_cut), ==, SY_MESSAGE_STATE_STOPPED);
  g_assert_cmpstr (sy_message_get_content (loaded_cut), ==, "Half a rep");

  g_clear_object (&loaded_cut);
  g_clear_object (&loaded_reply);
  g_clear_object (&again);
  g_assert_finalize_object (g_steal_pointer (&loaded));
}

static void
test_rename_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversationStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SyConversation *first, *second;
  SyConversation *item;

  first = sy_conversation_store_create (store, "First");
  second = sy_conversation_store_create (store, "Second");
  g_assert_true (sy_conversation_store_save (store, first, &error));
  g_assert_true (sy_conversation_store_save (store, second, &error));
  g_assert_true (sy_conversation_store_rename (store, first, "Renamed", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sy_conversation_get_title (first), ==, "Renamed");

  again = sy_conversation_store_new (fixture->dir);
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      item = g_list_model_get_item (sy_conversation_store_get_model (again), i);
      if (g_str_equal (sy_conversation_get_id (item), sy_conversation_get_id (first)))
        g_assert_cmpstr (sy_conversation_get_title (item), ==, "Renamed");
      g_object_unref (item);
    }
  g_clear_object (&again);

  path = sy_conversation_store_dup_path (store, second);
  g_assert_true (sy_conversation_store_delete (store, second, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_store_get_model (store)), ==, 1);

  again = sy_conversation_store_new (fixture->dir);
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);
}

/* A write that fails half way (here: the file size limit, which holds
 * even for root) must leave the previous file whole. */
static void
test_interrupted_write (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyMessage) prompt = sy_message_new ("user", "short");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *big = g_strnfill (256 * 1024, 'x');
  g_autoptr(SyMessage) huge = sy_message_new ("assistant", big);
  g_autoptr(GDir) dir = NULL;
  struct rlimit old_limit, limit;
  const char *name;
  guint n_files = 0;
  SyConversation *conversation;

  conversation = sy_conversation_store_create (store, "Precious");
  sy_conversation_add_message (conversation, prompt);
  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  path = sy_conversation_store_dup_path (store, conversation);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

  sy_conversation_add_message (conversation, huge);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  limit = old_limit;
  limit.rlim_cur = 64 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_false (sy_conversation_store_save (store, conversation, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old_limit), ==, 0);
  g_assert_nonnull (error);

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* No temporary file left behind either. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);
}

/* Runs in a subprocess: the warning is expected, and G_DEBUG makes
 * warnings fatal (structured logging bypasses g_test_expect_message). */
static void
corrupt_child (const char *dir,
               const char *name,
               const char *contents)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (dir);
  g_autoptr(SyConversationStore) again = sy_conversation_store_new (dir);
  g_autofree char *bad = g_build_filename (dir, name, NULL);
  g_autofree char *prefix = g_strconcat (name, ".corrupt-", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  guint n_aside = 0;

  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_assert_true (sy_conversation_store_save (store, sy_conversation_store_create (store, "Good"), NULL));
  g_assert_true (g_file_set_contents (bad, contents, -1, NULL));

  problems = sy_conversation_store_dup_load_problems (again);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);

  /* The rest still loads. */
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);

  /* Moved aside as NAME.corrupt-DATE, byte for byte. */
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, prefix))
      {
        n_aside++;
        g_free (aside);
        aside = g_build_filename (dir, entry, NULL);
      }
  g_assert_cmpuint (n_aside, ==, 1);
  g_assert_true (g_regex_match_simple ("\\.corrupt-[0-9]{8}-[0-9]{6}$", aside, 0, 0));
  g_assert_true (g_file_get_contents (aside, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);

  /* Reported for a toast, naming the file and where it was kept. */
  g_clear_pointer (&problems, g_strfreev);
  problems = sy_conversation_store_dup_load_problems (again);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_nonnull (strstr (problems[0], bad));
  g_assert_nonnull (strstr (problems[0], aside));

  /* A second start finds nothing left to report. */
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);
  g_clear_pointer (&problems, g_strfreev);
  problems = sy_conversation_store_dup_load_problems (again);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);
}

static void
test_corrupt_moved_aside (Fixture       *fixture,
                      gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      /* One directory per case, so each sees one good conversation. */
      g_autofree char *dir = g_build_filename (g_getenv ("SY_TEST_DIR"), g_getenv ("SY_TEST_CASE"), NULL);

      if (g_str_equal (g_getenv ("SY_TEST_CASE"), "syntax"))
        corrupt_child (dir, "broken.json", "{\"id\": \"x\", \"messages\": [");
      else
        corrupt_child (dir, "odd.json", "[1, 2, 3]");
      return;
    }

  g_setenv ("SY_TEST_DIR", fixture->dir, TRUE);
  g_setenv ("SY_TEST_CASE", "syntax", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Skipping conversation file*broken.json*");

  /* Valid JSON that is not a conversation is skipped the same way. */
  g_setenv ("SY_TEST_CASE", "shape", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Skipping conversation file*odd.json*");
}

/* Found by fuzz/fuzz-conversation: 1e405 overflows to infinity, which
 * json-glib wrote back as `inf.0`, so the saved file no longer loaded. */
static void
test_non_finite_round_trip (void)
{
  static const char input[] =
    "{\"version\": 1, \"id\": \"big\", \"messages\": ["
    "{\"role\": \"user\", \"content\": \"Hi\"},"
    "{\"role\": \"assistant\", \"content\": \"Hello\", \"state\": \"complete\","
    " \"backend\": \"openai\", \"model\": \"gpt-4o-mini\", \"ttft\": -1e999,"
    " \"tokens_per_second\": 1e405, \"prompt_tokens\": 3, \"completion_tokens\": 2,"
    " \"usage_estimated\": false, \"cost_usd\": 1.2e405}]}";
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  conversation = sy_conversation_new_from_json (input, -1, &error);
  g_assert_no_error (error);
  g_assert_true (isfinite (sy_conversation_get_total_cost (conversation)));

  json = sy_conversation_to_json (conversation);
  g_assert_null (strstr (json, "inf.0"));
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (again)), ==, 2);
}

/* Found by fuzz/fuzz-conversation: json-glib decodes the broken escape
 * "\ud83 " into bytes that are not UTF-8, and would refuse the file it
 * then wrote; such a file is refused on load instead (the store moves it
 * aside), while a proper surrogate pair still loads and round-trips. */
static void
test_broken_escape (void)
{
  static const char broken[] =
    "{\"version\": 1, \"id\": \"esc\", \"messages\": ["
    "{\"role\": \"user\", \"content\": \"Whra\\ud83 {\"}]}";
  static const char pair[] =
    "{\"version\": 1, \"id\": \"esc\", \"messages\": ["
    "{\"role\": \"user\", \"content\": \"Train \\ud83d\\ude82\"}]}";
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) again = NULL;
  g_autoptr(SyMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_null (sy_conversation_new_from_json (broken, -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  /* Nor is an empty file a conversation (json-glib parses it to no root). */
  g_assert_null (sy_conversation_new_from_json ("", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  conversation = sy_conversation_new_from_json (pair, -1, &error);
  g_assert_no_error (error);
  json = sy_conversation_to_json (conversation);
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  message = g_list_model_get_item (sy_conversation_get_messages (again), 0);
  g_assert_cmpstr (sy_message_get_content (message), ==, "Train \xf0\x9f\x9a\x82");
}

/* Found by fuzz/fuzz-conversation: a text field of the wrong type
 * ("state": 1.2e-05) crashed the loader. */
static void
test_wrong_member_types (void)
{
  static const char input[] =
    "{\"version\": 1, \"id\": \"odd\", \"messages\": ["
    "{\"role\": 7, \"content\": [\"x\"]},"
    "{\"role\": \"assistant\", \"content\": \"Hello\", \"state\": 1.2e-05,"
    " \"backend\": {}, \"model\": null, \"error\": true, \"ttft\": {},"
    " \"prompt_tokens\": [1], \"usage_estimated\": \"no\", \"cost_usd\": {}}]}";
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) again = NULL;
  g_autoptr(SyMessage) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  conversation = sy_conversation_new_from_json (input, -1, &error);
  g_assert_no_error (error);
  reply = g_list_model_get_item (sy_conversation_get_messages (conversation), 1);
  g_assert_cmpstr (sy_message_get_content (reply), ==, "Hello");
  g_assert_cmpint (sy_message_get_state (reply), ==, SY_MESSAGE_STATE_COMPLETE);

  json = sy_conversation_to_json (conversation);
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (again)), ==, 2);
}

/* The conversation's own members: a title or a creation time of the wrong
 * type falls back to the default (no json-glib critical, which the tests'
 * G_DEBUG=fatal-criticals would turn into a crash); an id that is not
 * text refuses the file. */
static void
test_wrong_top_level_types (void)
{
  static const char odd_title[] =
    "{\"version\": 1, \"id\": \"odd\", \"title\": {\"x\": 1}, \"created\": [2],"
    " \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}";
  static const char odd_id[] = "{\"version\": 1, \"id\": [\"odd\"], \"messages\": []}";
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) refused = NULL;
  g_autoptr(GError) error = NULL;

  conversation = sy_conversation_new_from_json (odd_title, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sy_conversation_get_title (conversation), ==, "Conversation");
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (conversation)), ==, 1);

  refused = sy_conversation_new_from_json (odd_id, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

/* Auto's route, a compare pair and its rating survive a save. */
static void
test_route_and_pair_round_trip (void)
{
  g_autoptr(SyConversation) conversation = sy_conversation_new ("Pair");
  g_autoptr(SyConversation) again = NULL;
  g_autoptr(SyMessage) prompt = sy_message_new ("user", "What is RAG?");
  g_autoptr(SyMessage) local = make_reply ("Local answer");
  g_autoptr(SyMessage) api = make_reply ("API answer");
  g_autoptr(SyMessage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  SyMessage *alternate;

  sy_message_set_origin (local, "ollama", "llama3.1:8b");
  sy_message_set_route (local, SY_ROUTE_CLASS_SIMPLE, SY_ROUTE_BACKEND_LOCAL, TRUE, 0.0000045);
  sy_message_set_alternate (local, api, TRUE);
  sy_message_set_pilot_id (local, "7a1f-record");
  sy_message_set_rating (local, SY_PILOT_RATING_B);
  sy_conversation_add_message (conversation, prompt);
  sy_conversation_add_message (conversation, local);

  /* Both replies were paid for. */
  g_assert_cmpfloat_with_epsilon (sy_conversation_get_total_cost (conversation), 2 * 0.0000123, 1e-12);
  g_assert_cmpint (sy_conversation_get_total_tokens (conversation), ==, 58);
  /* B was better: the conversation continues from it. */
  g_assert_cmpstr (sy_message_get_history_content (local), ==, "API answer");

  json = sy_conversation_to_json (conversation);
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  loaded = g_list_model_get_item (sy_conversation_get_messages (again), 1);

  g_assert_true (sy_message_get_routed (loaded));
  g_assert_cmpint (sy_message_get_route_class (loaded), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_message_get_route_backend (loaded), ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_true (sy_message_get_route_overridden (loaded));
  g_assert_cmpfloat (sy_message_get_estimated_cost (loaded), ==, 0.0000045);
  g_assert_cmpstr (sy_message_get_model (loaded), ==, "llama3.1:8b");
  g_assert_cmpstr (sy_message_get_pilot_id (loaded), ==, "7a1f-record");
  g_assert_cmpint (sy_message_get_rating (loaded), ==, SY_PILOT_RATING_B);
  g_assert_true (sy_message_get_compare (loaded));
  g_assert_false (sy_message_get_show_alternate (loaded));

  alternate = sy_message_get_alternate (loaded);
  g_assert_nonnull (alternate);
  g_assert_cmpstr (sy_message_get_content (alternate), ==, "API answer");
  g_assert_cmpstr (sy_message_get_backend (alternate), ==, "openai");
  g_assert_true (sy_message_get_measured (alternate));
  g_assert_cmpint (sy_message_get_completion_tokens (alternate), ==, 17);
  g_assert_null (sy_message_get_alternate (alternate));
  g_assert_cmpint (sy_conversation_get_total_tokens (again), ==, 58);

  /* A shadow reply stays a shadow reply. */
  sy_message_set_alternate (local, api, FALSE);
  sy_message_set_rating (local, SY_PILOT_RATING_NONE);
  g_assert_cmpstr (sy_message_get_history_content (local), ==, "Local answer");
  g_clear_pointer (&json, g_free);
  g_clear_object (&loaded);
  g_clear_object (&again);
  json = sy_conversation_to_json (conversation);
  g_assert_nonnull (strstr (json, "\"alternate_kind\" : \"shadow\""));
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  loaded = g_list_model_get_item (sy_conversation_get_messages (again), 1);
  g_assert_nonnull (sy_message_get_alternate (loaded));
  g_assert_false (sy_message_get_compare (loaded));
}

/* Files from before Auto load as they did; odd new members are dropped. */
static void
test_route_members_old_and_odd (void)
{
  static const char old[] =
    "{\"version\": 1, \"id\": \"old\", \"messages\": ["
    "{\"role\": \"user\", \"content\": \"Hi\"},"
    "{\"role\": \"assistant\", \"content\": \"Hello\", \"state\": \"complete\", \"backend\": \"ollama\","
    " \"model\": \"llama3.1:8b\", \"ttft\": 0.2, \"tokens_per_second\": 40, \"prompt_tokens\": 3,"
    " \"completion_tokens\": 5, \"usage_estimated\": false, \"cost_usd\": 0}]}";
  static const char odd[] =
    "{\"version\": 1, \"id\": \"odd\", \"messages\": ["
    "{\"role\": \"assistant\", \"content\": \"A\", \"route\": \"simple\", \"alternate\": 5,"
    " \"pilot_id\": [1], \"rating\": 3},"
    "{\"role\": \"assistant\", \"content\": \"B\", \"route\": {\"class\": 1, \"backend\": \"moon\"},"
    " \"rating\": \"maybe\", \"alternate_kind\": \"compare\","
    " \"alternate\": {\"role\": \"assistant\", \"content\": \"C\", \"cost_usd\": {},"
    "   \"alternate\": {\"role\": \"assistant\", \"content\": \"too deep\"}}}]}";
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) again = NULL;
  g_autoptr(SyMessage) reply = NULL;
  g_autoptr(SyMessage) first = NULL;
  g_autoptr(SyMessage) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  SyMessage *alternate;

  conversation = sy_conversation_new_from_json (old, -1, &error);
  g_assert_no_error (error);
  reply = g_list_model_get_item (sy_conversation_get_messages (conversation), 1);
  g_assert_false (sy_message_get_routed (reply));
  g_assert_null (sy_message_get_alternate (reply));
  g_assert_null (sy_message_get_pilot_id (reply));
  g_assert_cmpint (sy_message_get_rating (reply), ==, SY_PILOT_RATING_NONE);
  g_assert_cmpstr (sy_message_get_history_content (reply), ==, "Hello");
  g_assert_cmpint (sy_message_get_completion_tokens (reply), ==, 5);
  g_clear_object (&conversation);

  conversation = sy_conversation_new_from_json (odd, -1, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (sy_conversation_get_messages (conversation), 0);
  g_assert_false (sy_message_get_routed (first));
  g_assert_null (sy_message_get_alternate (first));
  g_assert_null (sy_message_get_pilot_id (first));
  g_assert_cmpint (sy_message_get_rating (first), ==, SY_PILOT_RATING_NONE);

  second = g_list_model_get_item (sy_conversation_get_messages (conversation), 1);
  g_assert_false (sy_message_get_routed (second));
  g_assert_cmpint (sy_message_get_rating (second), ==, SY_PILOT_RATING_NONE);
  alternate = sy_message_get_alternate (second);
  g_assert_nonnull (alternate);
  g_assert_cmpstr (sy_message_get_content (alternate), ==, "C");
  g_assert_false (sy_message_get_measured (alternate));
  g_assert_null (sy_message_get_alternate (alternate));

  json = sy_conversation_to_json (conversation);
  g_assert_null (strstr (json, "too deep"));
  again = sy_conversation_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (again)), ==, 2);
}

static void
test_find_truncate (void)
{
  g_autoptr(SyConversation) conversation = sy_conversation_new ("Cut");
  g_autoptr(SyMessage) stranger = sy_message_new ("user", "elsewhere");
  SyMessage *messages[4];

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      messages[i] = i % 2 ? make_reply ("answer") : sy_message_new ("user", "question");
      sy_conversation_add_message (conversation, messages[i]);
      g_object_unref (messages[i]);
    }

  g_assert_cmpint (sy_conversation_find_message (conversation, messages[2]), ==, 2);
  g_assert_cmpint (sy_conversation_find_message (conversation, stranger), ==, -1);
  g_assert_cmpint (sy_conversation_get_total_tokens (conversation), ==, 58);

  sy_conversation_truncate (conversation, 9);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (conversation)), ==, 4);
  sy_conversation_truncate (conversation, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (conversation)), ==, 1);
  g_assert_cmpint (sy_conversation_get_total_tokens (conversation), ==, 0);
}

static void
test_stale_temp_files_removed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autofree char *stale = g_build_filename (fixture->dir, "0a1b.json.Q1w2E3", NULL);
  g_autofree char *fresh = g_build_filename (fixture->dir, "0a1b.json.Z9y8X7", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "notes.txt.ABCDEF", NULL);
  struct utimbuf two_minutes_ago;

  /* Left by a save that was killed between write and rename. */
  g_assert_true (g_file_set_contents (stale, "{\"id\": \"0a1", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "{\"id\": \"0a1", -1, NULL));
  g_assert_true (g_file_set_contents (other, "keep me", -1, NULL));
  two_minutes_ago.actime = two_minutes_ago.modtime = time (NULL) - 120;
  g_assert_cmpint (g_utime (stale, &two_minutes_ago), ==, 0);
  g_assert_cmpint (g_utime (other, &two_minutes_ago), ==, 0);

  g_assert_cmpuint (sy_conversation_store_load (store), ==, 0);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  /* A fresh one may belong to a save in progress in another instance. */
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* Found by fuzz/fuzz-conversation: a file that loads must save to a file
 * that loads again. */
static void
test_fuzz_round_trip (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "conversation-round-trip.json", NULL);
  g_autofree char *data = NULL;
  g_autofree char *again = NULL;
  g_autoptr(SyConversation) conversation = NULL;
  g_autoptr(SyConversation) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  conversation = sy_conversation_new_from_json (data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (conversation);

  again = sy_conversation_to_json (conversation);
  reloaded = sy_conversation_new_from_json (again, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
}

static void
test_many_messages (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversationStore) again = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversation) loaded = NULL;
  g_autoptr(GError) error = NULL;
  SyConversation *conversation;
  gint64 start;

  conversation = sy_conversation_store_create (store, "Long");
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message number %u with some **Markdown** in it.", i);
      g_autoptr(SyMessage) message = (i % 2) ? make_reply (text) : sy_message_new ("user", text);

      sy_conversation_add_message (conversation, message);
    }
  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);
  /* Generous for a loaded CI machine; in practice well under a second. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  loaded = g_list_model_get_item (sy_conversation_store_get_model (again), 0);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (loaded)), ==, 10000);
}

static SyConversation *
long_conversation (SyConversationStore *store,
                   guint                n_messages)
{
  SyConversation *conversation = sy_conversation_store_create (store, "Long");

  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message number %u with some **Markdown** in it.", i);
      g_autoptr(SyMessage) message = (i % 2) ? make_reply (text) : sy_message_new ("user", text);

      sy_conversation_add_message (conversation, message);
    }

  return conversation;
}

typedef struct
{
  guint  n_done;
  guint  n_failed;
} SaveCount;

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SaveCount *count = user_data;
  g_autoptr(GError) error = NULL;

  if (!sy_conversation_store_save_finish (SY_CONVERSATION_STORE (source), result, &error))
    count->n_failed++;
  count->n_done++;
}

static char *
title_on_disk (SyConversationStore *store,
               SyConversation      *conversation)
{
  g_autofree char *path = sy_conversation_store_dup_path (store, conversation);
  g_autofree char *contents = NULL;
  g_autoptr(SyConversation) loaded = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  loaded = sy_conversation_new_from_json (contents, length, NULL);
  g_assert_nonnull (loaded);

  return g_strdup (sy_conversation_get_title (loaded));
}

/* Many saves of one long conversation in a row, without waiting: each is
 * answered, and the file ends as the last one asked for, whole. */
static void
test_save_async_ordered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  SyConversation *conversation = long_conversation (store, 4000);
  g_autofree char *title = NULL;
  g_autoptr(GDir) dir = NULL;
  SaveCount count = { 0 };
  const guint n_saves = 12;

  for (guint i = 0; i < n_saves; i++)
    {
      g_autofree char *name = g_strdup_printf ("Version %u", i);

      sy_conversation_set_title (conversation, name);
      sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
      /* Some saves land while others wait, some replace the waiting one. */
      if (i % 4 == 1)
        g_usleep (2000);
    }
  /* Not one was answered before the main loop ran. */
  g_assert_cmpuint (count.n_done, ==, 0);

  while (count.n_done < n_saves)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count.n_failed, ==, 0);
  /* The writer answers the saves before it looks for more. */
  sy_conversation_store_flush (store);
  g_assert_false (sy_conversation_store_has_pending_saves (store));

  title = title_on_disk (store, conversation);
  g_assert_cmpstr (title, ==, "Version 11");

  /* Only the file: no temporary one was left by a writer overtaken. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_true (g_str_has_suffix (g_dir_read_name (dir), ".json"));
  g_assert_null (g_dir_read_name (dir));
}

/* Quitting does not wait for the main loop: flush writes what was asked. */
static void
test_save_async_flush (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  SyConversation *conversation = long_conversation (store, 4000);
  g_autoptr(SyConversationStore) again = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversation) loaded = NULL;
  g_autofree char *title = NULL;
  SaveCount count = { 0 };

  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  sy_conversation_set_title (conversation, "Last words");
  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  sy_conversation_store_flush (store);

  g_assert_false (sy_conversation_store_has_pending_saves (store));
  title = title_on_disk (store, conversation);
  g_assert_cmpstr (title, ==, "Last words");
  g_assert_cmpuint (sy_conversation_store_load (again), ==, 1);
  loaded = g_list_model_get_item (sy_conversation_store_get_model (again), 0);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_get_messages (loaded)), ==, 4000);

  while (count.n_done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count.n_failed, ==, 0);
}

/* A blocking save after an asynchronous one of the same conversation
 * waits for it: the blocking one, asked last, is what stays. */
static void
test_save_async_then_sync (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  SyConversation *conversation = long_conversation (store, 4000);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  SaveCount count = { 0 };

  sy_conversation_set_title (conversation, "Asynchronous");
  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  sy_conversation_set_title (conversation, "Blocking");
  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  g_assert_no_error (error);
  sy_conversation_store_flush (store);

  title = title_on_disk (store, conversation);
  g_assert_cmpstr (title, ==, "Blocking");
  while (count.n_done < 1)
    g_main_context_iteration (NULL, TRUE);
}

/* Deleting a conversation with a save pending: the save does not bring
 * the file back. */
static void
test_save_async_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversation) conversation = g_object_ref (long_conversation (store, 4000));
  g_autofree char *path = sy_conversation_store_dup_path (store, conversation);
  g_autoptr(GError) error = NULL;
  SaveCount count = { 0 };

  for (guint i = 0; i < 3; i++)
    sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  g_assert_true (sy_conversation_store_delete (store, conversation, &error));
  g_assert_no_error (error);
  sy_conversation_store_flush (store);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  while (count.n_done < 3)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
search (SyConversationStore *store,
        const char          *text)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  sy_conversation_store_search_async (store, text, NULL, on_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = sy_conversation_store_search_finish (store, result, &error);
  g_assert_no_error (error);

  return found;
}

/* Loaded on a worker, the conversations are searchable by title and by
 * text, case folded; one created meanwhile stays on top. */
static void
test_load_async_search (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversationStore) again = sy_conversation_store_new (fixture->dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyConversation) top = NULL;
  SyConversation *created;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *title = g_strdup_printf ("Conversation %u", i);
      g_autofree char *text = g_strdup_printf ("Some text with the word Ünïcode%u in it, from the Straße.", i);
      SyConversation *conversation = sy_conversation_store_create (store, title);
      g_autoptr(SyMessage) message = sy_message_new ("user", text);

      sy_conversation_add_message (conversation, message);
      g_assert_true (sy_conversation_store_save (store, conversation, NULL));
    }

  sy_conversation_store_load_async (again, NULL, on_result_cb, &result);
  created = sy_conversation_store_create (again, "Begun while loading");
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sy_conversation_store_load_finish (again, result, &error), ==, 50);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_store_get_model (again)), ==, 51);
  top = g_list_model_get_item (sy_conversation_store_get_model (again), 0);
  g_assert_true (top == created);

  found = search (again, "üNÏCODE17 ");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sy_conversation_get_title (g_ptr_array_index (found, 0)), ==, "Conversation 17");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Folded as a whole text is: ß is "ss", whatever surrounds it */
  found = search (again, "THE STRASSE");
  g_assert_cmpuint (found->len, ==, 50);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = search (again, "while LOADING");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == created);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Begun and saved before the worker lists the directory: the file is
   * read too, but the conversation is listed once, as the one on top. */
  {
    g_autoptr(SyConversationStore) third = sy_conversation_store_new (fixture->dir);
    g_autoptr(GAsyncResult) third_result = NULL;
    g_autoptr(SyConversation) third_top = NULL;
    SyConversation *saved = sy_conversation_store_create (third, "Saved while loading");

    g_assert_true (sy_conversation_store_save (third, saved, NULL));
    sy_conversation_store_load_async (third, NULL, on_result_cb, &third_result);
    while (third_result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (sy_conversation_store_load_finish (third, third_result, &error), ==, 50);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (sy_conversation_store_get_model (third)), ==, 51);
    third_top = g_list_model_get_item (sy_conversation_store_get_model (third), 0);
    g_assert_true (third_top == saved);
  }

  found = search (again, "nowhere to be found");
  g_assert_cmpuint (found->len, ==, 0);
}

/* The searchable text is folded by the writer, from what it saves: once
 * a save is answered a search finds its text; an older save's text never
 * replaces a newer one's; a deleted conversation is not found. */
static gboolean
finds (SyConversationStore *store,
       const char          *text)
{
  g_autoptr(GPtrArray) found = search (store, text);

  return found->len > 0;
}

/* Until @n saves are answered, and what the writer sent with them (the
 * text it folded, if it made one) has arrived */
static void
wait_for_saves (SaveCount *count,
                guint      n)
{
  while (count->n_done < n)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_save_async_search (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SyConversationStore) store = sy_conversation_store_new (fixture->dir);
  g_autoptr(SyConversation) conversation = g_object_ref (sy_conversation_store_create (store, "Searched"));
  g_autoptr(SyMessage) message = sy_message_new ("user", "Before the save");
  g_autoptr(GError) error = NULL;
  SaveCount count = { 0 };

  sy_conversation_add_message (conversation, message);
  g_assert_false (finds (store, "before"));
  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  wait_for_saves (&count, 1);
  g_assert_true (finds (store, "before THE save"));

  sy_message_set_content (message, "Asynchronous words");
  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  sy_message_set_content (message, "Blocking words");
  g_assert_true (sy_conversation_store_save (store, conversation, &error));
  g_assert_no_error (error);
  wait_for_saves (&count, 2);
  g_assert_false (finds (store, "asynchronous"));
  g_assert_true (finds (store, "blocking words"));

  sy_message_set_content (message, "Gone words");
  sy_conversation_store_save_async (store, conversation, NULL, on_saved_cb, &count);
  g_assert_true (sy_conversation_store_delete (store, conversation, &error));
  g_assert_no_error (error);
  wait_for_saves (&count, 3);
  g_assert_false (finds (store, "gone"));
  g_assert_false (finds (store, "searched"));
  /* The last save may have been answered "deleted" instead of written. */
  g_assert_cmpuint (count.n_failed, <=, 1);
}

static void
test_cost_for (void)
{
  g_autoptr(SyPriceTable) prices = sy_price_table_new ();

  g_assert_true (sy_price_table_set (prices, "gpt-4o-mini", 0.15, 0.60, SY_PRICE_ORIGIN_USER, NULL));
  g_assert_cmpfloat_with_epsilon (sy_chat_cost_for (prices, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1000000, 1000000),
                                  0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy_chat_cost_for (prices, "alias", "gpt-4o-mini", 1000, 0), 0.00015, 1e-12);
  g_assert_cmpfloat (sy_chat_cost_for (prices, "unpriced", NULL, 10, 10), <, 0);
}

static void
test_default_directory (void)
{
  g_autoptr(SyConversationStore) store = NULL;

  g_setenv ("SWITCHYARD_DATA_DIR", "/tmp/sy-data-override", TRUE);
  store = sy_conversation_store_new (NULL);
  g_assert_cmpstr (sy_conversation_store_get_directory (store), ==, "/tmp/sy-data-override/conversations");
  g_unsetenv ("SWITCHYARD_DATA_DIR");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/conversation/save-reload", Fixture, NULL, fixture_setup, test_save_reload, fixture_teardown);
  g_test_add ("/conversation/rename-delete", Fixture, NULL, fixture_setup, test_rename_delete, fixture_teardown);
  g_test_add ("/conversation/interrupted-write", Fixture, NULL, fixture_setup, test_interrupted_write, fixture_teardown);
  g_test_add_func ("/conversation/non-finite-round-trip", test_non_finite_round_trip);
  g_test_add_func ("/conversation/wrong-member-types", test_wrong_member_types);
  g_test_add_func ("/conversation/wrong-top-level-types", test_wrong_top_level_types);
  g_test_add_func ("/conversation/broken-escape", test_broken_escape);
  g_test_add_func ("/conversation/route-pair-round-trip", test_route_and_pair_round_trip);
  g_test_add_func ("/conversation/route-old-and-odd", test_route_members_old_and_odd);
  g_test_add_func ("/conversation/find-truncate", test_find_truncate);
  g_test_add ("/conversation/corrupt-moved-aside", Fixture, NULL, fixture_setup, test_corrupt_moved_aside, fixture_teardown);
  g_test_add_func ("/conversation/fuzz-round-trip", test_fuzz_round_trip);
  g_test_add ("/conversation/stale-temp-files", Fixture, NULL, fixture_setup, test_stale_temp_files_removed, fixture_teardown);
  g_test_add ("/conversation/many-messages", Fixture, NULL, fixture_setup, test_many_messages, fixture_teardown);
  g_test_add ("/conversation/save-async-ordered", Fixture, NULL, fixture_setup, test_save_async_ordered, fixture_teardown);
  g_test_add ("/conversation/save-async-flush", Fixture, NULL, fixture_setup, test_save_async_flush, fixture_teardown);
  g_test_add ("/conversation/save-async-then-sync", Fixture, NULL, fixture_setup, test_save_async_then_sync, fixture_teardown);
  g_test_add ("/conversation/save-async-delete", Fixture, NULL, fixture_setup, test_save_async_delete, fixture_teardown);
  g_test_add ("/conversation/save-async-search", Fixture, NULL, fixture_setup, test_save_async_search, fixture_teardown);
  g_test_add ("/conversation/load-async-search", Fixture, NULL, fixture_setup, test_load_async_search, fixture_teardown);
  g_test_add_func ("/conversation/cost-for", test_cost_for);
  g_test_add_func ("/conversation/default-directory", test_default_directory);

  return g_test_run ();
}
