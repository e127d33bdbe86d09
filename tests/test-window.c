/* test-window.c: the application window, its pages and its actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sy-application.h"
#include "sy-context.h"
#include "sy-chat-page.h"
#include "sy-costs-page.h"
#include "sy-models-page.h"
#include "sy-pilot-view.h"
#include "sy-test-widgets.h"
#include "sy-wizard-page-private.h"
#include "sy-window.h"

static SyWindow *
activate_window (SyApplication *app,
                 const char    *test_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = g_strconcat (APP_ID ".Test.", test_id, NULL);
  GtkWindow *window;

  /* Each test is its own application on the bus. */
  g_application_set_application_id (G_APPLICATION (app), app_id);

  /* No session bus under xvfb-run: register without D-Bus uniqueness. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (SY_IS_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return SY_WINDOW (window);
}

static void
test_pages_and_shortcuts (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *pages[] = { "decide", "costs", "models", "chat" };
  SyWindow *window;

  window = activate_window (app, "Pages");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page::%s", pages[i]);
      g_autofree char *expected = g_strdup_printf ("<Alt>%u", i + 1);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), detailed);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, expected);

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]);
      g_assert_cmpstr (sy_window_get_visible_page (window), ==, pages[i]);
    }

  /* Each holder got its real page once shown. */
  g_assert_true (SY_IS_WIZARD_PAGE (sy_window_get_page (window, "decide")));
  g_assert_true (SY_IS_COSTS_PAGE (sy_window_get_page (window, "costs")));
  g_assert_true (SY_IS_MODELS_PAGE (sy_window_get_page (window, "models")));
  g_assert_true (SY_IS_CHAT_PAGE (sy_window_get_page (window, "chat")));
  g_assert_null (sy_window_get_page (window, "nonsense"));

  /* Each page's icon is there, in this theme or any other: the app has
   * its own (the theme's question mark read as a broken character). */
  {
    GtkWidget *stack = gtk_widget_get_ancestor (sy_window_get_page (window, "decide"), ADW_TYPE_VIEW_STACK);
    g_autoptr(GListModel) stack_pages = NULL;
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));

    g_assert_nonnull (stack);
    stack_pages = G_LIST_MODEL (adw_view_stack_get_pages (ADW_VIEW_STACK (stack)));
    g_assert_cmpuint (g_list_model_get_n_items (stack_pages), ==, G_N_ELEMENTS (pages));
    for (guint i = 0; i < g_list_model_get_n_items (stack_pages); i++)
      {
        g_autoptr(AdwViewStackPage) page = g_list_model_get_item (stack_pages, i);
        const char *icon = adw_view_stack_page_get_icon_name (page);

        g_assert_true (g_str_has_prefix (icon, APP_ID "."));
        g_assert_true (gtk_icon_theme_has_icon (theme, icon));
      }
  }

  /* An unknown page name leaves the window where it was. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nonsense");
  g_assert_cmpstr (sy_window_get_visible_page (window), ==, "chat");

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));

  /* The shortcuts window lays out without a warning (fatal here): GTK 4.8
   * warns about its page buttons when the groups need a second page. */
  {
    GtkWindow *overlay;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
    overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
    g_assert_nonnull (overlay);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (overlay));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
    gtk_window_close (overlay);
  }

  /* Closing keeps the page for the next start. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "costs");
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpstr (g_settings_get_string (settings, "visible-page"), ==, "costs");
}

/* win.pilot-summary opens one summary window; its "use these numbers"
 * lands on the Costs page. */
static void
test_pilot_summary (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  g_auto(GStrv) accels = NULL;
  SyWindow *window;
  GtkWidget *view;

  window = activate_window (app, "Pilot");
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.pilot-summary");
  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>p");

  g_assert_null (sy_window_get_pilot_view (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pilot-summary", NULL));
  view = sy_window_get_pilot_view (window);
  g_assert_true (SY_IS_PILOT_VIEW (view));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (view)) == GTK_WINDOW (window));

  /* Asking again brings the same window forward. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pilot-summary", NULL);
  g_assert_true (sy_window_get_pilot_view (window) == view);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "decide");
  {
    g_autoptr(AdwToast) toast = adw_toast_new ("Measured");

    /* The toast (with its Undo) is the window's to show. */
    g_signal_emit_by_name (view, "numbers-used", toast);
  }
  g_assert_cmpstr (sy_window_get_visible_page (window), ==, "costs");

  /* Closed, it is forgotten; the window's close takes it along. */
  gtk_window_destroy (GTK_WINDOW (view));
  g_assert_null (sy_window_get_pilot_view (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pilot-summary", NULL);
  g_assert_nonnull (sy_window_get_pilot_view (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_restores_visible_page (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SyWindow *window;

  g_settings_set_string (settings, "visible-page", "models");
  window = activate_window (app, "Restore");
  g_assert_cmpstr (sy_window_get_visible_page (window), ==, "models");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_a_moment (void)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A new user closed API Prices and opened About: GTK logged a critical
 * about a list row's focus (fatal in the tests). */
static void
test_prices_then_about (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  SyWindow *window;
  GtkWindow *prices;
  GtkWindow *about;

  window = activate_window (app, "PricesAbout");
  sy_window_show_page (window, "costs");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (sy_window_get_page (window, "costs"), "costs.edit-prices", NULL));
  prices = sy_test_find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (prices);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prices));
  gtk_window_close (prices);
  wait_a_moment ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = sy_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (about));
  wait_a_moment ();
  gtk_window_close (about);
  wait_a_moment ();
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The header says "Switchyard" wide (beside the switcher) and at 360 px
 * (with the switcher in the bottom bar); a first start's Decide page
 * explains the app before its first question. */
static void
test_name_and_welcome (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SyWizardPage *page;
  SyWindow *window;

  g_settings_reset (settings, "wizard-begun");
  g_settings_reset (settings, "wizard-answers");
  g_settings_reset (settings, "wizard-step");
  g_settings_set_string (settings, "visible-page", "decide");
  window = activate_window (app, "Name");
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);
  wait_a_moment ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (sy_window_get_name_visible (window));
  g_assert_false (sy_window_get_switcher_at_bottom (window));

  page = SY_WIZARD_PAGE (sy_window_get_page (window, "decide"));
  g_assert_true (sy_wizard_page_get_welcome_visible (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "wizard.begin", NULL));
  g_assert_false (sy_wizard_page_get_welcome_visible (page));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  wait_a_moment ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (sy_window_get_name_visible (window));
  g_assert_true (sy_window_get_switcher_at_bottom (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue #15: a Models page row's Plan on Costs Page lands on the Costs
 * page with the new option. */
static void
test_plan_on_costs (void)
{
  g_autoptr(SyApplication) app = sy_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SyContext) context = NULL;
  SyInferenceOption *option;
  GtkWidget *models;
  SyWindow *window;

  window = activate_window (app, "PlanOnCosts");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "models");
  models = sy_window_get_page (window, "models");
  g_object_get (models, "context", &context, NULL);

  /* A planned card needs no detection: the rows are there at once. */
  g_settings_set_string (settings, "models-planned-gpu", "rtx-4090");
  g_assert_true (gtk_widget_activate_action (models, "models.plan-on-costs", "s", "llama3.1-8b"));
  g_assert_cmpstr (sy_window_get_visible_page (window), ==, "costs");

  option = sy_cost_model_find_option (sy_context_get_cost_model (context), "plan-llama3.1-8b-rtx-4090-1", NULL);
  g_assert_nonnull (option);
  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "Llama 3.1 8B on RTX 4090");
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (option), ==, 1599);
  sy_cost_model_remove_option (sy_context_get_cost_model (context), option);

  g_settings_reset (settings, "models-planned-gpu");
  gtk_window_close (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("test-window-XXXXXX", &error);
  int status;

  /* The pilot log is read from here, never from the user's data. */
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", data_dir, TRUE);
  g_setenv ("SWITCHYARD_CONFIG_DIR", data_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/pages-and-shortcuts", test_pages_and_shortcuts);
  g_test_add_func ("/window/restores-visible-page", test_restores_visible_page);
  g_test_add_func ("/window/pilot-summary", test_pilot_summary);
  g_test_add_func ("/window/prices-then-about", test_prices_then_about);
  g_test_add_func ("/window/name-and-welcome", test_name_and_welcome);
  g_test_add_func ("/window/plan-on-costs", test_plan_on_costs);

  status = g_test_run ();
  g_rmdir (data_dir);
  return status;
}
