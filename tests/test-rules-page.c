/* test-rules-page.c: the routing rules in Preferences, under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sy-preferences-window-private.h"
#include "sy-rules-page-private.h"

static char *config_dir;

typedef struct
{
  SyRouter            *router;
  GSettings           *settings;
  SyPreferencesWindow *window;
  SyRulesPage         *page;
  char                *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->path = sy_router_dup_default_path ();
  g_remove (fixture->path);

  fixture->router = sy_router_new ();
  fixture->settings = g_settings_new (APP_ID);
  {
    g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT,
                                                 "settings", fixture->settings,
                                                 "router", fixture->router,
                                                 NULL);

    fixture->window = SY_PREFERENCES_WINDOW (sy_preferences_window_new (context));
  }
  fixture->page = sy_preferences_window_get_rules_page (fixture->window);
  g_assert_true (SY_IS_RULES_PAGE (fixture->page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (fixture->window),
                                           ADW_PREFERENCES_PAGE (fixture->page));
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* GTK drops its last references to a destroyed window from idles. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);
  g_assert_finalize_object (fixture->router);
  g_clear_object (&fixture->settings);
  g_remove (fixture->path);
  g_free (fixture->path);
}

static void
type_sentence (Fixture    *fixture,
               const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (sy_rules_page_get_try_row (fixture->page)), text);
}

static void
apply_text (AdwEntryRow *row,
            const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static SyRouter *
load_saved_rules (const char *path)
{
  g_autoptr(GError) error = NULL;
  SyRouter *router = sy_router_new ();

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (sy_router_load (router, path, &error));
  g_assert_no_error (error);
  return router;
}

/* SPEC §3's golden sentences, as the user types them. */
static void
test_try_sentence (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_null (sy_rules_page_get_class_text (fixture->page));

  type_sentence (fixture, "What is RAG?");
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Simple");
  g_assert_cmpstr (sy_rules_page_get_route_text (fixture->page), ==, "llama3.1:8b (local)");
  g_assert_cmpstr (sy_rules_page_get_reason_text (fixture->page), ==,
                   "contains “what is” and is 12 characters long");

  type_sentence (fixture, "Explain the tradeoffs between HNSW and IVF-PQ index types.");
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Medium");
  g_assert_cmpstr (sy_rules_page_get_route_text (fixture->page), ==, "gpt-4o-mini (API)");

  type_sentence (fixture, "Write a Python class implementing a full RAG pipeline with ChromaDB and GPT-4o-mini.");
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Complex");
  g_assert_cmpstr (sy_rules_page_get_route_text (fixture->page), ==, "gpt-4o (API)");
  g_assert_cmpstr (sy_rules_page_get_reason_text (fixture->page), ==, "contains “implement”");

  type_sentence (fixture, "");
  g_assert_null (sy_rules_page_get_class_text (fixture->page));

  /* Looking is not editing: nothing was written. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

/* An edited keyword changes the router at once, what the try box shows,
 * and routing.json. */
static void
test_edit_keywords (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwEntryRow *simple = sy_rules_page_get_keywords_row (fixture->page, SY_ROUTE_CLASS_SIMPLE);
  const char *expected[] = { "what is", "define", "tell me", NULL };
  g_autoptr(SyRouter) saved = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (simple)), ==,
                   "what is, define, when did, how many, list the");

  type_sentence (fixture, "Tell me a joke");
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Medium");

  apply_text (simple, "what is,  define , tell me");
  g_assert_true (g_strv_equal ((const char * const *) expected, sy_router_get_keywords (fixture->router, SY_ROUTE_CLASS_SIMPLE)));
  g_assert_cmpint (sy_router_classify (fixture->router, "Tell me a joke"), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Simple");
  g_assert_null (sy_rules_page_get_save_error (fixture->page));

  saved = load_saved_rules (fixture->path);
  g_assert_true (g_strv_equal ((const char * const *) expected, sy_router_get_keywords (saved, SY_ROUTE_CLASS_SIMPLE)));
  g_clear_object (&saved);

  /* An empty item is marked and not applied. */
  gtk_editable_set_text (GTK_EDITABLE (simple), "what is,, define");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (simple), "error"));
  g_signal_emit_by_name (simple, "apply");
  g_assert_true (g_strv_equal ((const char * const *) expected, sy_router_get_keywords (fixture->router, SY_ROUTE_CLASS_SIMPLE)));

  /* The length limit: "What is RAG?" is 12 characters. */
  type_sentence (fixture, "What is RAG?");
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Simple");
  gtk_spin_button_set_value (sy_rules_page_get_length_spin (fixture->page), 12);
  g_assert_cmpuint (sy_router_get_simple_max_length (fixture->router), ==, 12);
  g_assert_cmpstr (sy_rules_page_get_class_text (fixture->page), ==, "Medium");

  /* A route: medium goes to a local model. The half-typed keyword edit
   * above is still in its row: applying elsewhere did not wipe it. */
  adw_combo_row_set_selected (sy_rules_page_get_backend_row (fixture->page, SY_ROUTE_CLASS_MEDIUM),
                              SY_ROUTE_BACKEND_LOCAL);
  apply_text (sy_rules_page_get_model_row (fixture->page, SY_ROUTE_CLASS_MEDIUM), " qwen2.5:7b ");
  g_assert_cmpint (sy_router_get_route_backend (fixture->router, SY_ROUTE_CLASS_MEDIUM), ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (sy_router_get_route_model (fixture->router, SY_ROUTE_CLASS_MEDIUM), ==, "qwen2.5:7b");
  g_assert_cmpstr (sy_rules_page_get_route_text (fixture->page), ==, "qwen2.5:7b (local)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (simple)), ==, "what is,, define");

  /* An empty model is refused; the route stays. */
  apply_text (sy_rules_page_get_model_row (fixture->page, SY_ROUTE_CLASS_MEDIUM), "  ");
  g_assert_cmpstr (sy_router_get_route_model (fixture->router, SY_ROUTE_CLASS_MEDIUM), ==, "qwen2.5:7b");

  saved = load_saved_rules (fixture->path);
  g_assert_cmpuint (sy_router_get_simple_max_length (saved), ==, 12);
  g_assert_cmpint (sy_router_get_route_backend (saved, SY_ROUTE_CLASS_MEDIUM), ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (sy_router_get_route_model (saved, SY_ROUTE_CLASS_MEDIUM), ==, "qwen2.5:7b");
}

static void
answer_reset_dialog (Fixture    *fixture,
                     const char *response)
{
  g_autoptr(GList) toplevels = NULL;
  AdwMessageDialog *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "rules.reset", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  /* The dialog closes itself once answered. */
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

/* Rules changed elsewhere show up; a reset restores SPEC's defaults in
 * the router, the rows and the file. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  const char *keywords[] = { "hello", NULL };
  GtkWidget *reset_button;
  g_autoptr(SyRouter) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_router_set_keywords (fixture->router, SY_ROUTE_CLASS_COMPLEX, keywords, &error));
  g_assert_true (sy_router_set_route (fixture->router, SY_ROUTE_CLASS_SIMPLE, SY_ROUTE_BACKEND_API, "gpt-4o", &error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_rules_page_get_keywords_row (fixture->page, SY_ROUTE_CLASS_COMPLEX))), ==, "hello");
  g_assert_cmpuint (adw_combo_row_get_selected (sy_rules_page_get_backend_row (fixture->page, SY_ROUTE_CLASS_SIMPLE)), ==, SY_ROUTE_BACKEND_API);

  reset_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->page), SY_TYPE_RULES_PAGE, "reset_button"));
  g_assert_true (gtk_widget_get_sensitive (reset_button));

  /* Cancelled, nothing changes; confirmed, the defaults are back. */
  answer_reset_dialog (fixture, "cancel");
  g_assert_false (sy_router_is_default (fixture->router));
  answer_reset_dialog (fixture, "reset");
  g_assert_true (sy_router_is_default (fixture->router));
  g_assert_false (gtk_widget_get_sensitive (reset_button));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_rules_page_get_keywords_row (fixture->page, SY_ROUTE_CLASS_COMPLEX))), ==,
                   "compare, analyze, explain why, design, implement, debug, optimize, write a program");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sy_rules_page_get_model_row (fixture->page, SY_ROUTE_CLASS_SIMPLE))), ==, "llama3.1:8b");
  g_assert_cmpuint (adw_combo_row_get_selected (sy_rules_page_get_backend_row (fixture->page, SY_ROUTE_CLASS_SIMPLE)), ==, SY_ROUTE_BACKEND_LOCAL);

  saved = load_saved_rules (fixture->path);
  g_assert_true (sy_router_is_default (saved));
}

/* A rules file that cannot be written: a clear message, the edit kept. */
static void
test_save_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (config_dir, "not-a-dir", NULL);
  g_autofree char *below = g_build_filename (blocker, "switchyard", NULL);
  const char *expected[] = { "hello", NULL };
  const char *message;

  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  g_setenv ("SWITCHYARD_CONFIG_DIR", below, TRUE);

  apply_text (sy_rules_page_get_keywords_row (fixture->page, SY_ROUTE_CLASS_COMPLEX), "hello");
  message = sy_rules_page_get_save_error (fixture->page);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, below));
  g_assert_true (g_strv_equal (expected, sy_router_get_keywords (fixture->router, SY_ROUTE_CLASS_COMPLEX)));

  /* Once the directory can be written again, the next edit saves all. */
  g_setenv ("SWITCHYARD_CONFIG_DIR", config_dir, TRUE);
  gtk_spin_button_set_value (sy_rules_page_get_length_spin (fixture->page), 80);
  g_assert_null (sy_rules_page_get_save_error (fixture->page));
  {
    g_autoptr(SyRouter) saved = load_saved_rules (fixture->path);

    g_assert_true (g_strv_equal (expected, sy_router_get_keywords (saved, SY_ROUTE_CLASS_COMPLEX)));
    g_assert_cmpuint (sy_router_get_simple_max_length (saved), ==, 80);
  }
  g_remove (blocker);
}

/* The shadow share is the GSettings key the chat reads. */
static void
test_shadow_share (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkSpinButton *spin = sy_rules_page_get_shadow_spin (fixture->page);

  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 10);
  gtk_spin_button_set_value (spin, 25);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "pilot-shadow-share"), ==, 25);
  gtk_spin_button_set_value (spin, 250);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "pilot-shadow-share"), ==, 100);
  g_settings_reset (fixture->settings, "pilot-shadow-share");
}

/* SY_SCREENSHOT_DIR=DIR: the page with a sentence typed, light, dark
 * and 360 px wide, for a person to look at. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("SY_SCREENSHOT_DIR");
  static const struct { const char *name; gboolean dark; int width; } shots[] = {
    { "rules-light.png", FALSE, 640 },
    { "rules-dark.png", TRUE, 640 },
    { "rules-narrow.png", FALSE, 360 },
    { "rules-full.png", FALSE, 640 },
  };

  if (dir == NULL)
    {
      g_test_skip ("SY_SCREENSHOT_DIR is not set");
      return;
    }

  type_sentence (fixture, "What is RAG?");
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *path = g_build_filename (dir, shots[i].name, NULL);

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          shots[i].dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      /* The last one shows the whole page, Pilot and Reset included. */
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), shots[i].width,
                                   i == G_N_ELEMENTS (shots) - 1 ? 1500 : 900);
      for (int j = 0; j < 20; j++)
        g_main_context_iteration (NULL, FALSE);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
      save_screenshot (GTK_WIDGET (fixture->window), path);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  config_dir = g_dir_make_tmp ("test-rules-page-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_CONFIG_DIR", config_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/rules-page/try-sentence", Fixture, NULL, fixture_set_up, test_try_sentence, fixture_tear_down);
  g_test_add ("/rules-page/edit-keywords", Fixture, NULL, fixture_set_up, test_edit_keywords, fixture_tear_down);
  g_test_add ("/rules-page/reset", Fixture, NULL, fixture_set_up, test_reset, fixture_tear_down);
  g_test_add ("/rules-page/save-error", Fixture, NULL, fixture_set_up, test_save_error, fixture_tear_down);
  g_test_add ("/rules-page/shadow-share", Fixture, NULL, fixture_set_up, test_shadow_share, fixture_tear_down);
  g_test_add ("/rules-page/screenshots", Fixture, NULL, fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_rmdir (config_dir);
  g_free (config_dir);
  return status;
}
