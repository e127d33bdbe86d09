/* test-chat-long-reply.c: a 30,000-token Markdown reply from a loopback
 * Ollama server through the real Chat page (xvfb-run): it arrives whole,
 * is saved whole and marked complete, and the view catches up with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "chat-page-fixture.h"

#define N_TOKENS 30000

/* Markdown as a model writes it, a word at a time: headings, paragraphs
 * with bold and inline code, lists and fenced code. */
static char *
long_markdown (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < N_TOKENS; i++)
    {
      if (i % 600 == 0)
        g_string_append_printf (text, "## Part %u\n\n", i / 600 + 1);
      if (i % 600 == 300)
        g_string_append (text, "```c\nint x = 1;\n```\n\n- one **item**\n- `two`\n\n");
      g_string_append_printf (text, i % 7 == 3 ? "**w%u**" : i % 11 == 5 ? "`c%u`" : "w%u", i);
      g_string_append (text, i % 60 == 59 ? ".\n\n" : " ");
    }
  g_string_append (text, "The end.");

  return g_string_free (text, FALSE);
}

static SyMessageRow *
row_of (GtkWidget *widget,
        SyMessage *message)
{
  if (SY_IS_MESSAGE_ROW (widget) && sy_message_row_get_message (SY_MESSAGE_ROW (widget)) == message)
    return SY_MESSAGE_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      SyMessageRow *row = row_of (child, message);

      if (row != NULL)
        return row;
    }

  return NULL;
}

static gboolean
all_shown (Fixture *fixture)
{
  g_autoptr(SyMessage) reply = last_message (fixture);
  SyMessageRow *row = row_of (GTK_WIDGET (fixture->page), reply);

  return row != NULL && sy_message_row_get_shown_length (row) == strlen (sy_message_get_content (reply));
}

static void
test_long_reply (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *expected = long_markdown ();
  g_autofree char *body = ollama_body (expected);
  g_autofree char *contents = NULL;
  g_autoptr(SyMessage) reply = NULL;
  g_autoptr(SyConversation) saved = NULL;
  g_autoptr(SyMessage) saved_reply = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *messages;
  gint64 start;
  Script *script;

  script = test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 400);
  script->delay_ms = 1;

  start = g_get_monotonic_time ();
  send (fixture, "Write a very long answer.");
  g_test_message ("reply streamed in %.1f s", (g_get_monotonic_time () - start) / 1e6);

  reply = last_message (fixture);
  g_assert_true (sy_message_is_reply (reply));
  g_assert_cmpint (sy_message_get_state (reply), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpuint (strlen (sy_message_get_content (reply)), ==, strlen (expected));
  g_assert_cmpstr (sy_message_get_content (reply), ==, expected);
  g_assert_true (sy_message_get_measured (reply));

  /* On disk, whole and done */
  contents = saved_file (fixture);
  saved = sy_conversation_new_from_json (contents, -1, &error);
  g_assert_no_error (error);
  messages = sy_conversation_get_messages (saved);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 2);
  saved_reply = g_list_model_get_item (messages, 1);
  g_assert_cmpint (sy_message_get_state (saved_reply), ==, SY_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (sy_message_get_content (saved_reply), ==, expected);

  /* The view catches up with the end of it. */
  iterate_until (all_shown, fixture);
  g_test_message ("shown whole after %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (shows_text (GTK_WIDGET (fixture->page), "The end."));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/chat-long-reply/30000-tokens", Fixture, NULL, fixture_setup, test_long_reply, fixture_teardown);

  return g_test_run ();
}
