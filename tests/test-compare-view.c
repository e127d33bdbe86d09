/* test-compare-view.c: two replies side by side, stacked when narrow, rated
 * (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sy-compare-view.h"

/* g_rand_boolean() of a GRand seeded with these (GLib's Mersenne
 * Twister): seed 1 draws TRUE, local on the right; seed 2 FALSE. */
#define SEED_LOCAL_RIGHT 1
#define SEED_LOCAL_LEFT  2

/* Nothing that names a backend or a model. */
static const char * const revealing[] = {
  "llama3.1", "gpt-4o", "Ollama", "Hosted API", "Local", "openai", "ollama",
};

static SyMessage *
make_reply (const char *backend,
            const char *model,
            const char *text,
            double      ttft)
{
  SyMessage *reply = sy_message_new ("assistant", text);
  SyChatResult result = {
    .prompt_tokens = 12,
    .completion_tokens = 40,
    .time_to_first_token = ttft,
    .tokens_per_second = 55.5,
  };

  sy_message_set_measurements (reply, backend, model, &result, g_str_equal (backend, "openai") ? 0.0000258 : 0);
  return reply;
}

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
wait_for_layout (GtkWidget *widget)
{
  gint64 until = g_get_monotonic_time () + 150 * 1000;

  gtk_test_widget_wait_for_draw (widget);
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
on_rate_cb (SyCompareView *view,
            int            rating,
            int           *out)
{
  *out = rating;
}

static void
test_layout_and_rating (void)
{
  SyMessage *local = make_reply ("ollama", "llama3.1:8b", "Local words about RAG, a few of them.", 0.08);
  SyMessage *api = make_reply ("openai", "gpt-4o-mini", "Hosted words about RAG, a few more of them.", 0.42);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sy_compare_view_new ();
  GtkWidget *column_a, *column_b;
  graphene_rect_t a, b;
  int rated = -1;

  /* The API reply is the one in the list (Auto chose it), the local one
   * its shadow; the seed puts local first, as A. */
  sy_message_set_alternate (api, local, FALSE);
  sy_compare_view_set_seed (SY_COMPARE_VIEW (view), SEED_LOCAL_LEFT);
  sy_compare_view_set_message (SY_COMPARE_VIEW (view), api);
  g_assert_false (sy_compare_view_get_local_on_right (SY_COMPARE_VIEW (view)));
  g_signal_connect (view, "rate", G_CALLBACK (on_rate_cb), &rated);

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 500);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_layout (window);

  column_a = sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL);
  column_b = sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API);
  g_assert_true (shows_text (column_a, "Local words"));
  g_assert_true (shows_text (column_b, "Hosted words"));
  /* Blind: no names before the rating. */
  g_assert_false (shows_text (column_a, "llama3.1:8b"));
  g_assert_false (shows_text (column_b, "gpt-4o-mini"));
  /* Blind: no stats either (a cost of $0 or a local speed would tell). */
  g_assert_false (shows_text (column_b, "0.42 s to first token"));

  /* Wide: side by side, equal halves. */
  g_assert_true (sy_compare_view_get_side_by_side (SY_COMPARE_VIEW (view)));
  g_assert_true (gtk_widget_compute_bounds (column_a, view, &a));
  g_assert_true (gtk_widget_compute_bounds (column_b, view, &b));
  g_assert_cmpfloat (a.origin.y, ==, b.origin.y);
  g_assert_cmpfloat (a.origin.x + a.size.width, <=, b.origin.x);
  g_assert_cmpfloat (a.size.width, ==, b.size.width);

  /* Narrow: stacked, A on top. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 900);
  wait_for_layout (window);
  g_assert_false (sy_compare_view_get_side_by_side (SY_COMPARE_VIEW (view)));
  g_assert_true (gtk_widget_compute_bounds (column_a, view, &a));
  g_assert_true (gtk_widget_compute_bounds (column_b, view, &b));
  g_assert_cmpfloat (a.origin.x, ==, b.origin.x);
  g_assert_cmpfloat (a.origin.y + a.size.height, <=, b.origin.y);
  g_assert_cmpfloat (b.size.width, >, 300);

  /* Not in the log yet: nothing to rate. */
  g_assert_false (gtk_widget_get_sensitive (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view),
                                                                               SY_PILOT_RATING_A)));
  sy_message_set_pilot_id (api, "record-1");
  g_assert_true (gtk_widget_get_sensitive (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view),
                                                                              SY_PILOT_RATING_A)));
  g_signal_emit_by_name (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_B), "clicked");
  g_assert_cmpint (rated, ==, SY_PILOT_RATING_B);
  /* The page did not store it: the buttons show what the message says. */
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_B))));
  sy_message_set_rating (api, SY_PILOT_RATING_TIE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_TIE))));
  /* Rated: the names show, and each column's stats, without repeating
   * the header. */
  g_assert_true (shows_text (column_a, "Local (Ollama) · llama3.1:8b"));
  g_assert_true (shows_text (column_b, "Hosted API · gpt-4o-mini"));
  g_assert_true (shows_text (column_b, "0.42 s to first token · 55.5 tokens/s · 12 in / 40 out tokens"));
  g_assert_false (shows_text (column_b, "Hosted API · gpt-4o-mini · 0.42"));

  /* Still streaming: no rating, no regenerate. */
  sy_message_set_state (local, SY_MESSAGE_STATE_STREAMING, NULL);
  g_assert_false (gtk_widget_get_sensitive (sy_compare_view_get_rating_button (SY_COMPARE_VIEW (view),
                                                                               SY_PILOT_RATING_TIE)));
  sy_message_set_state (local, SY_MESSAGE_STATE_FAILED, "Connection refused");
  g_assert_true (shows_text (column_a, "Connection refused"));
  g_assert_false (shows_text (column_b, "Connection refused"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (api);
  g_assert_finalize_object (local);
}

static gboolean
shows_any_name (GtkWidget *widget)
{
  for (guint i = 0; i < G_N_ELEMENTS (revealing); i++)
    if (shows_text (widget, revealing[i]))
      return TRUE;
  return FALSE;
}

/* SPEC §5: A and B in random order, names only after the rating, the
 * rating stored with the true sides. */
static void
test_blind (void)
{
  SyMessage *local = make_reply ("ollama", "llama3.1:8b", "First words.", 0.08);
  SyMessage *api = make_reply ("openai", "gpt-4o-mini", "Second words.", 0.42);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sy_compare_view_new ();
  GtkWidget *labelled_a;
  graphene_rect_t local_bounds, api_bounds;
  int rated = -1;

  sy_message_set_alternate (local, api, FALSE);
  sy_message_set_pilot_id (local, "record-2");
  sy_compare_view_set_seed (SY_COMPARE_VIEW (view), SEED_LOCAL_RIGHT);
  sy_compare_view_set_message (SY_COMPARE_VIEW (view), local);
  g_signal_connect (view, "rate", G_CALLBACK (on_rate_cb), &rated);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 500);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_layout (window);

  /* This seed puts the local reply on the right, as B. */
  g_assert_true (sy_compare_view_get_local_on_right (SY_COMPARE_VIEW (view)));
  g_assert_true (gtk_widget_compute_bounds (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                                            view, &local_bounds));
  g_assert_true (gtk_widget_compute_bounds (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                                            view, &api_bounds));
  g_assert_cmpfloat (api_bounds.origin.x + api_bounds.size.width, <=, local_bounds.origin.x);
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API), "Second words"));

  /* Before the rating nothing in the view names a backend or model, or
   * shows the stats that would tell them apart. */
  g_assert_true (shows_text (view, "First words"));
  g_assert_false (shows_any_name (view));
  g_assert_false (shows_text (view, "tokens/s"));

  /* "A is better" (the left, API reply) is stored as API better. */
  labelled_a = sy_compare_view_get_labelled_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_A);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (labelled_a)), ==, "A");
  g_signal_emit_by_name (labelled_a, "clicked");
  g_assert_cmpint (rated, ==, SY_PILOT_RATING_B);
  g_assert_false (shows_any_name (view));

  /* The page stores it: the A button stays down, the names appear. */
  sy_message_set_rating (local, SY_PILOT_RATING_B);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (labelled_a)));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (
    sy_compare_view_get_labelled_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_B))));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_API),
                             "Hosted API · gpt-4o-mini"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                             "Local (Ollama) · llama3.1:8b"));
  g_assert_true (shows_text (sy_compare_view_get_column (SY_COMPARE_VIEW (view), SY_ROUTE_BACKEND_LOCAL),
                             "tokens/s"));

  /* "B is better" is now local better. */
  g_signal_emit_by_name (sy_compare_view_get_labelled_button (SY_COMPARE_VIEW (view), SY_PILOT_RATING_B), "clicked");
  g_assert_cmpint (rated, ==, SY_PILOT_RATING_A);

  /* Bound again (a recycled row), under another seed: the same order. */
  sy_compare_view_set_message (SY_COMPARE_VIEW (view), NULL);
  sy_compare_view_set_seed (SY_COMPARE_VIEW (view), SEED_LOCAL_LEFT);
  sy_compare_view_set_message (SY_COMPARE_VIEW (view), local);
  g_assert_true (sy_compare_view_get_local_on_right (SY_COMPARE_VIEW (view)));

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  /* GTK drops its last references to a destroyed window from idles. */
  for (gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; window != NULL && g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  /* The reply holds its alternate: it goes first. */
  g_assert_finalize_object (local);
  g_assert_finalize_object (api);
}

/* SWITCHYARD_COMPARE_SEED makes the order reproducible for the whole app. */
static void
test_seed_from_environment (void)
{
  const guint32 seeds[] = { SEED_LOCAL_RIGHT, SEED_LOCAL_LEFT };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      SyMessage *local = make_reply ("ollama", "llama3.1:8b", "x", 0.1);
      SyMessage *api = make_reply ("openai", "gpt-4o-mini", "y", 0.2);
      GtkWidget *view = g_object_ref_sink (sy_compare_view_new ());
      g_autofree char *seed = g_strdup_printf ("%u", seeds[i]);

      g_setenv ("SWITCHYARD_COMPARE_SEED", seed, TRUE);
      sy_message_set_alternate (local, api, FALSE);
      sy_compare_view_set_message (SY_COMPARE_VIEW (view), local);
      g_assert_cmpint (sy_compare_view_get_local_on_right (SY_COMPARE_VIEW (view)), ==, seeds[i] == SEED_LOCAL_RIGHT);
      g_object_unref (view);
      g_object_unref (api);
      g_object_unref (local);
    }
  g_unsetenv ("SWITCHYARD_COMPARE_SEED");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/compare-view/layout-and-rating", test_layout_and_rating);
  g_test_add_func ("/compare-view/blind", test_blind);
  g_test_add_func ("/compare-view/seed-from-environment", test_seed_from_environment);

  return g_test_run ();
}
