/* test-chat-long-reply.c: a 30,000-token Markdown reply from a loopback
 * Ollama server through the real Chat page (xvfb-run): it arrives whole,
 * is saved whole and marked complete, and the view catches up with it;
 * only what is near the viewport is laid out, at the end while following,
 * at the start when scrolled there, and Copy gives the whole reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "chat-page-fixture.h"
#include "sy-test-widgets.h"
#include "sy-text-column-layout.h"

#define N_TOKENS 30000
/* The reply's first paragraph, as rendered */
#define FIRST_WORDS "w0 w1 w2 w3 "
/* … and words of its last finished block (the open block, "The end.",
 * is always laid out) */
#define LAST_WORDS "w29950 "

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

static gboolean
shows_message (GtkWidget *widget,
               gpointer   message)
{
  return SY_IS_MESSAGE_ROW (widget) && sy_message_row_get_message (SY_MESSAGE_ROW (widget)) == message;
}

static SyMessageRow *
row_of (GtkWidget *widget,
        SyMessage *message)
{
  return (SyMessageRow *) sy_test_find_widget (widget, shows_message, message);
}

static gboolean
label_holds (GtkWidget *widget,
             gpointer   needle)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

/* The label under @widget whose text holds @needle, shown or not */
static GtkWidget *
label_with (GtkWidget  *widget,
            const char *needle)
{
  return sy_test_find_widget (widget, label_holds, (gpointer) needle);
}

/* Mapped is what is laid out and drawn; far from the end of a reply that
 * came at once, text is not even in a label until it comes near. */
static gboolean
laid_out (Fixture    *fixture,
          const char *needle)
{
  GtkWidget *label = label_with (GTK_WIDGET (fixture->page->message_view), needle);

  return label != NULL && gtk_widget_get_mapped (label);
}

static gboolean
start_laid_out (Fixture *fixture)
{
  return laid_out (fixture, FIRST_WORDS) && jump_button_shown (fixture);
}

static gboolean
end_laid_out (Fixture *fixture)
{
  return laid_out (fixture, LAST_WORDS) && at_bottom (fixture) && jump_button_hidden (fixture);
}

static gboolean
has_icon (GtkWidget *widget,
          gpointer   icon)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon) == 0;
}

static GtkWidget *
button_with_icon (GtkWidget  *widget,
                  const char *icon)
{
  return sy_test_find_widget (widget, has_icon, (gpointer) icon);
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

  /* Following it, the view shows its end; its start, screens above, is
   * not laid out. */
  iterate_until (end_laid_out, fixture);
  g_assert_false (laid_out (fixture, FIRST_WORDS));
}

/* Scrolled to its start and back with the jump button, a long reply is
 * laid out where it is seen; Copy gives all of it. */
static void
test_scroll_and_copy (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *expected = long_markdown ();
  g_autofree char *body = ollama_body (expected);
  g_auto(GValue) copied = G_VALUE_INIT;
  g_autoptr(SyMessage) reply = NULL;
  GdkContentProvider *content;
  GtkWidget *row;
  GtkWidget *copy;

  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 400)->delay_ms = 1;
  send (fixture, "Write a very long answer.");
  iterate_until (all_shown, fixture);
  g_test_message ("shown whole");
  iterate_until (end_laid_out, fixture);
  g_assert_false (laid_out (fixture, FIRST_WORDS));
  g_test_message ("following its end");

  /* What dragging the scroll bar to the top does */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (fixture->page->scroller), 0);
  iterate_until (start_laid_out, fixture);
  g_assert_false (laid_out (fixture, LAST_WORDS));
  g_test_message ("at its start");

  gtk_widget_activate (fixture->page->jump_button);
  iterate_until (end_laid_out, fixture);
  g_assert_false (laid_out (fixture, FIRST_WORDS));

  reply = last_message (fixture);
  row = GTK_WIDGET (row_of (GTK_WIDGET (fixture->page), reply));
  copy = button_with_icon (row, "edit-copy-symbolic");
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (row));
  g_assert_nonnull (content);
  g_value_init (&copied, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &copied, NULL));
  g_assert_cmpstr (g_value_get_string (&copied), ==, expected);
}

/* A label of @row whose top is in the scroller's view, and where it is */
static GtkWidget *
label_in_view (GtkWidget *widget,
               GtkWidget *scroller,
               double    *y)
{
  graphene_rect_t bounds;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      gtk_widget_compute_bounds (widget, scroller, &bounds) &&
      bounds.origin.y >= 0 && bounds.origin.y < gtk_widget_get_height (scroller) - 150 && bounds.size.height > 0)
    {
      *y = bounds.origin.y;
      return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = label_in_view (child, scroller, y);

      if (label != NULL)
        return label;
    }

  return NULL;
}

static int
count_mapped_labels (GtkWidget *widget)
{
  int n = GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_mapped_labels (child);

  return n;
}

static void
count_frame_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

/* After a scroll: the frame that lays it out, the visibility pass after
 * it, and the frame that lays out what that pass showed (or, when
 * nothing is left to draw, a moment) */
static void
settle (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gint64 deadline = g_get_monotonic_time () + 150 * 1000;
  guint n_frames = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &n_frames);

  while (n_frames < 3 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_signal_handler_disconnect (clock, id);
}

/* Scrolling up into text that came at once and was never shown: the
 * text near the viewport is rendered as it comes near, and what is on
 * screen moves by the scroll and nothing else (the estimated height of
 * unrendered text is not corrected under the reader's eyes). */
static void
test_scroll_up_steady (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *expected = long_markdown ();
  g_autofree char *body = ollama_body (expected);
  g_autoptr(SyMessage) reply = NULL;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (fixture->page->scroller);
  GtkWidget *scroller = GTK_WIDGET (fixture->page->scroller);
  GtkWidget *row;
  guint n_renders = 0;

  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 4)->delay_ms = 1;
  send (fixture, "Write a very long answer.");
  iterate_until (all_shown, fixture);
  iterate_until (end_laid_out, fixture);
  reply = last_message (fixture);
  row = GTK_WIDGET (row_of (GTK_WIDGET (fixture->page), reply));

  for (guint step = 0; step < 30; step++)
    {
      double before, after;
      GtkWidget *label = label_in_view (row, scroller, &before);
      int labels = count_mapped_labels (row);

      g_assert_nonnull (label);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) - 150);
      settle (fixture);
      if (count_mapped_labels (row) > labels)
        n_renders++;
      g_assert_true (gtk_widget_get_mapped (label));
      {
        graphene_rect_t bounds;

        g_assert_true (gtk_widget_compute_bounds (label, scroller, &bounds));
        after = bounds.origin.y;
      }
      g_test_message ("step %u: moved %.0f px", step, after - before);
      g_assert_cmpfloat (fabs (after - before - 150), <=, 1);
    }
  /* The text above came near and was rendered on the way. */
  g_assert_cmpuint (n_renders, >, 0);

  /* Far up, then down and up again, as a scroll bar dragged and a wheel */
  gtk_adjustment_set_value (adjustment, 3 * gtk_widget_get_height (scroller));
  iterate_until (idle_for_a_moment, fixture);
  for (int step = 0; step < 20; step++)
    {
      double before, after, move = step < 10 ? -150 : 150;
      GtkWidget *label = label_in_view (row, scroller, &before);
      graphene_rect_t bounds;

      g_assert_nonnull (label);
      move = MAX (move, -gtk_adjustment_get_value (adjustment));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + move);
      settle (fixture);
      g_assert_true (gtk_widget_compute_bounds (label, scroller, &bounds));
      after = bounds.origin.y;
      g_test_message ("far up: moved %.0f px for %.0f", after - before, -move);
      g_assert_cmpfloat (fabs (after - before + move), <=, 1);
    }
  gtk_adjustment_set_value (adjustment, 0);
  iterate_until (idle_for_a_moment, fixture);
  g_assert_true (laid_out (fixture, FIRST_WORDS));
}

/* Each shown label of @widget is as tall as its text at its width, right
 * below the one before it; returns how many there are. */
static guint
assert_labels_fit (GtkWidget *widget)
{
  guint n = 0;
  int bottom = -1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child))
        continue;
      g_assert_true (gtk_widget_compute_bounds (child, widget, &bounds));
      if (GTK_IS_LABEL (child) && gtk_label_get_wrap (GTK_LABEL (child)) && gtk_label_get_text (GTK_LABEL (child))[0])
        {
          int text_height;

          pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (child)), NULL, &text_height);
          g_assert_cmpint (gtk_widget_get_height (child), ==, text_height);
          if (bottom >= 0)
            g_assert_cmpfloat (fabs (bounds.origin.y - bottom), <, 1);
          n++;
        }
      bottom = bounds.origin.y + bounds.size.height;
      n += assert_labels_fit (child);
    }
  /* … and a reply's column as tall as its text */
  if (SY_IS_TEXT_COLUMN_LAYOUT (gtk_widget_get_layout_manager (widget)) && bottom >= 0)
    g_assert_cmpint (gtk_widget_get_height (widget), ==, bottom);

  return n;
}

/* A window made narrower and wider: the reply's text is laid out again at
 * each width, no line cut off and no label over another. */
static void
test_resize (Fixture       *fixture,
             gconstpointer  data)
{
  GString *text = g_string_new (NULL);
  g_autofree char *expected = NULL;
  g_autofree char *body = NULL;
  g_autoptr(SyMessage) reply = NULL;
  const int widths[] = { 700, 1300, 1000 };
  GtkWidget *row;
  int last_width;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "Paragraph %u with **bold** and `code`, long enough to wrap at any width the "
                                  "window is given, and then some more words to be sure.\n\n", i);
  g_string_append (text, "The end.");
  expected = g_string_free (text, FALSE);
  body = ollama_body (expected);
  test_server_add (fixture->server, "/api/chat", 200, NDJSON, body, -1, 40);
  send (fixture, "Write a few paragraphs.");
  iterate_until (all_shown, fixture);
  iterate_until (idle_for_a_moment, fixture);
  reply = last_message (fixture);
  row = GTK_WIDGET (row_of (GTK_WIDGET (fixture->page), reply));
  g_assert_cmpuint (assert_labels_fit (row), >, 0);

  last_width = gtk_widget_get_width (row);
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      resize (fixture, widths[i], 700);
      g_test_message ("window %d px: reply %d px", widths[i], gtk_widget_get_width (row));
      g_assert_cmpint (gtk_widget_get_width (row), !=, last_width);
      last_width = gtk_widget_get_width (row);
      g_assert_cmpuint (assert_labels_fit (row), >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/chat-long-reply/30000-tokens", Fixture, NULL, fixture_setup, test_long_reply, fixture_teardown);
  g_test_add ("/chat-long-reply/scroll-up-steady", Fixture, NULL, fixture_setup, test_scroll_up_steady,
              fixture_teardown);
  g_test_add ("/chat-long-reply/resize", Fixture, NULL, fixture_setup, test_resize, fixture_teardown);
  g_test_add ("/chat-long-reply/scroll-and-copy", Fixture, NULL, fixture_setup, test_scroll_and_copy,
              fixture_teardown);

  return g_test_run ();
}
