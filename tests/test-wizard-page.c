/* test-wizard-page.c: the Decide page under a real display (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sy-window.h"
#include "sy-wizard-page-private.h"

typedef struct
{
  SyPriceTable *prices;
  SyCostModel  *model;
  GSettings    *settings;
  GtkWindow    *window;
  SyWizardPage *page;
} Fixture;

static void
present_page (Fixture *fixture)
{
  g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT,
                                               "settings", fixture->settings,
                                               "cost-model", fixture->model,
                                               NULL);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 800);
  fixture->page = SY_WIZARD_PAGE (sy_wizard_page_new (context));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->prices = sy_price_table_new_default ();
  fixture->model = sy_cost_model_new (fixture->prices);
  fixture->settings = g_settings_new (APP_ID);
  /* The memory backend is shared by every test of this process. */
  g_settings_reset (fixture->settings, "wizard-answers");
  g_settings_reset (fixture->settings, "wizard-step");
  g_settings_reset (fixture->settings, "decision-threshold");
  present_page (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->settings);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->prices);
}

static void
activate (SyWizardPage *page,
          const char   *action,
          GVariant     *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (page), action, parameter));
}

static void
answer (SyWizardPage *page,
        const char   *key,
        GVariant     *value)
{
  activate (page, "wizard.answer", g_variant_new ("(sv)", key, value));
}

static void
assert_result_contains (SyWizardPage *page,
                        const char   *needle)
{
  g_autofree char *text = sy_wizard_page_dup_result_text (page);

  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in the result:\n%s", needle, text);
}

static void
test_click_through (Fixture       *fixture,
                    gconstpointer  data)
{
  SyWizardPage *page = fixture->page;

  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 0);
  g_assert_cmpstr (sy_wizard_page_get_step_text (page), ==, "Step 1 of 4");
  /* Nothing answered: Next does nothing. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "wizard.next", NULL) &&
                  sy_wizard_page_get_step (page) != 0);

  answer (page, "pii", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_step_text (page), ==, "Step 2 of 4");

  answer (page, "frontier", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 2);
  g_assert_cmpstr (sy_wizard_page_get_step_text (page), ==, "Step 3 of 4");

  /* Question 3 by traffic: SPEC §2's $900.00 for gpt-4o, shown. */
  answer (page, "cost-source", g_variant_new_string ("traffic"));
  answer (page, "daily-requests", g_variant_new_double (5000));
  answer (page, "input-tokens", g_variant_new_double (800));
  answer (page, "output-tokens", g_variant_new_double (400));
  answer (page, "api-model", g_variant_new_string ("gpt-4o"));
  g_assert_cmpstr (sy_wizard_page_get_cost_text (page), ==, "$900.00 a month");
  g_assert_nonnull (strstr (sy_wizard_page_get_verdict_text (page), "Above the $500.00 threshold"));
  activate (page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_step_text (page), ==, "Step 4 of 4");

  answer (page, "ml-engineers", g_variant_new_boolean (TRUE));
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_RESULT);

  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Local inference viable");
  g_assert_cmpuint (sy_wizard_page_get_n_trace_rows (page), ==, 4);
  g_assert_cmpuint (sy_wizard_page_get_n_note_rows (page), ==, 0);
  assert_result_contains (page, "$900.00");
  assert_result_contains (page, "Above the $500.00 threshold");
  assert_result_contains (page, "Do you have ML engineers");
  /* SPEC §1's practical guidance. */
  assert_result_contains (page, "Start with the API and build the product first.");
  assert_result_contains (page, "30-day pilot");
  assert_result_contains (page, "10 % of traffic");
}

static void
test_stops_early_and_back (Fixture       *fixture,
                           gconstpointer  data)
{
  SyWizardPage *page = fixture->page;

  answer (page, "pii", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  answer (page, "frontier", g_variant_new_boolean (TRUE));
  activate (page, "wizard.next", NULL);

  /* Check 2 decides: straight to the result. */
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_RESULT);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Use an API");
  g_assert_cmpuint (sy_wizard_page_get_n_trace_rows (page), ==, 2);

  /* Back returns to the deciding question, answers kept. */
  activate (page, "wizard.back", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 1);
  activate (page, "wizard.back", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 0);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "wizard.back", NULL) &&
                  sy_wizard_page_get_step (page) != 0);
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 1);
  activate (page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Use an API");

  /* A changed earlier answer moves the result on. */
  activate (page, "wizard.back", NULL);
  answer (page, "frontier", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 2);
  answer (page, "cost-source", g_variant_new_string ("direct"));
  answer (page, "monthly-cost", g_variant_new_double (300));
  g_assert_cmpstr (sy_wizard_page_get_cost_text (page), ==, "$300.00 a month");
  activate (page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Run a pilot");
  g_assert_cmpuint (sy_wizard_page_get_n_trace_rows (page), ==, 3);
}

static void
test_threshold_setting (Fixture       *fixture,
                        gconstpointer  data)
{
  SyWizardPage *page = fixture->page;

  answer (page, "pii", g_variant_new_boolean (FALSE));
  answer (page, "frontier", g_variant_new_boolean (FALSE));
  answer (page, "cost-source", g_variant_new_string ("direct"));
  answer (page, "monthly-cost", g_variant_new_double (800));
  activate (page, "wizard.next", NULL);
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, 2);
  g_assert_nonnull (strstr (sy_wizard_page_get_verdict_text (page), "Above"));

  /* $800 is under a $1,000 threshold: a pilot, no fourth question. */
  g_settings_set_double (fixture->settings, "decision-threshold", 1000);
  g_assert_nonnull (strstr (sy_wizard_page_get_verdict_text (page), "pilot"));
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_RESULT);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Run a pilot");
}

static void
test_refinements (Fixture       *fixture,
                  gconstpointer  data)
{
  SyWizardPage *page = fixture->page;

  answer (page, "pii", g_variant_new_boolean (FALSE));
  answer (page, "frontier", g_variant_new_boolean (TRUE));
  activate (page, "wizard.next", NULL);
  activate (page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Use an API");

  answer (page, "spiky-traffic", g_variant_new_boolean (TRUE));
  answer (page, "first-token", g_variant_new_boolean (FALSE));
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Use an API");
  g_assert_cmpuint (sy_wizard_page_get_n_note_rows (page), ==, 2);
  assert_result_contains (page, "Spiky traffic suits a pay-per-token API");

  /* Air-gapped is the one refinement that decides. */
  answer (page, "offline", g_variant_new_boolean (TRUE));
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Local inference required");
  answer (page, "offline", g_variant_new_maybe (G_VARIANT_TYPE_BOOLEAN, NULL));
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Use an API");
}

static void
test_persists (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GVariant) saved = NULL;
  gboolean pii;

  answer (fixture->page, "pii", g_variant_new_boolean (FALSE));
  activate (fixture->page, "wizard.next", NULL);
  answer (fixture->page, "frontier", g_variant_new_boolean (FALSE));
  activate (fixture->page, "wizard.next", NULL);

  saved = g_settings_get_value (fixture->settings, "wizard-answers");
  g_assert_true (g_variant_lookup (saved, "pii", "b", &pii));
  g_assert_false (pii);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "wizard-step"), ==, 2);

  /* A restart: a new page finds the same step and answers. */
  gtk_window_destroy (fixture->window);
  present_page (fixture);
  g_assert_cmpuint (sy_wizard_page_get_step (fixture->page), ==, 2);
  activate (fixture->page, "wizard.back", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (fixture->page), ==, 1);
  answer (fixture->page, "frontier", g_variant_new_boolean (TRUE));
  activate (fixture->page, "wizard.next", NULL);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (fixture->page), ==, "Use an API");

  /* Start over forgets. */
  activate (fixture->page, "wizard.start-over", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (fixture->page), ==, 0);
  g_assert_null (sy_wizard_page_get_decision (fixture->page));
  g_clear_pointer (&saved, g_variant_unref);
  saved = g_settings_get_value (fixture->settings, "wizard-answers");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 0);
  g_assert_cmpuint (g_settings_get_uint (fixture->settings, "wizard-step"), ==, 0);
}

static void
test_restore_never_skips (Fixture       *fixture,
                          gconstpointer  data)
{
  /* A saved step past the answers given goes back to the missing one. */
  g_settings_set_value (fixture->settings, "wizard-answers",
                        g_variant_new_parsed ("{'pii': <false>, 'bogus': <1>}"));
  g_settings_set_uint (fixture->settings, "wizard-step", SY_WIZARD_STEP_RESULT);
  gtk_window_destroy (fixture->window);
  present_page (fixture);
  g_assert_cmpuint (sy_wizard_page_get_step (fixture->page), ==, 1);
}

static void
test_export_report (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sy-wizard-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;

  g_assert_false (sy_wizard_page_export_report (fixture->page, path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  answer (fixture->page, "pii", g_variant_new_boolean (FALSE));
  answer (fixture->page, "frontier", g_variant_new_boolean (FALSE));
  answer (fixture->page, "cost-source", g_variant_new_string ("traffic"));
  answer (fixture->page, "daily-requests", g_variant_new_double (5000));
  answer (fixture->page, "api-model", g_variant_new_string ("gpt-4o-mini"));
  g_assert_true (sy_wizard_page_export_report (fixture->page, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* The report copies the options; the shared model is untouched. */
  g_assert_cmpfloat (sy_cost_model_get_daily_requests (fixture->model), ==, 1000);

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

static SyWizardPage *
find_wizard_page (GtkWidget *widget)
{
  if (SY_IS_WIZARD_PAGE (widget))
    return SY_WIZARD_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SyWizardPage *found = find_wizard_page (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* In the real window: "See the break-even" fills the Costs page. */
static void
test_see_break_even (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.switchyard.Switchyard.TestWizard",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyCostModel) model = sy_cost_model_new (prices);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyRouter) router = NULL;
  g_autoptr(SyPilotLog) pilot_log = NULL;
  g_autoptr(SyContext) context = NULL;
  SyWindow *window;
  SyWizardPage *page;

  g_settings_reset (settings, "wizard-answers");
  g_settings_reset (settings, "wizard-step");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  router = sy_router_new ();
  pilot_log = sy_pilot_log_new (NULL);
  context = g_object_new (SY_TYPE_CONTEXT,
                          "settings", settings,
                          "cost-model", model,
                          "router", router,
                          "pilot-log", pilot_log,
                          NULL);
  window = sy_window_new (app, context);
  sy_window_show_page (window, "decide");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  page = find_wizard_page (GTK_WIDGET (window));
  g_assert_nonnull (page);

  answer (page, "pii", g_variant_new_boolean (FALSE));
  answer (page, "frontier", g_variant_new_boolean (FALSE));
  answer (page, "cost-source", g_variant_new_string ("traffic"));
  answer (page, "daily-requests", g_variant_new_double (5000));
  answer (page, "input-tokens", g_variant_new_double (800));
  answer (page, "output-tokens", g_variant_new_double (400));
  answer (page, "api-model", g_variant_new_string ("claude-sonnet-4-5"));
  answer (page, "ml-engineers", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  activate (page, "wizard.next", NULL);
  activate (page, "wizard.next", NULL);
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_RESULT);
  g_assert_cmpstr (sy_wizard_page_get_headline_text (page), ==, "Stick with the API");
  assert_result_contains (page, "$1,260.00");

  activate (page, "wizard.see-break-even", NULL);
  g_assert_cmpstr (sy_window_get_visible_page (window), ==, "costs");
  g_assert_cmpfloat (sy_cost_model_get_daily_requests (model), ==, 5000);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (model), ==, 800);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (model), ==, 400);
  g_assert_cmpstr (sy_cost_model_get_api_model (model), ==, "claude-sonnet-4-5");

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Next with a number field holding text that is not a number stays on the
 * step, the error showing and the answer as it was; fixed, it goes on. */
static void
test_bad_number_stays (Fixture       *fixture,
                       gconstpointer  data)
{
  SyWizardPage *page = fixture->page;
  GtkWidget *spin = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), SY_TYPE_WIZARD_PAGE,
                                                               "daily_requests_spin"));
  GtkWidget *row = gtk_widget_get_ancestor (spin, GTK_TYPE_LIST_BOX_ROW);
  g_autoptr(GVariant) answers = NULL;
  double requests = 0;

  answer (page, "pii", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  answer (page, "frontier", g_variant_new_boolean (FALSE));
  activate (page, "wizard.next", NULL);
  answer (page, "cost-source", g_variant_new_string ("traffic"));
  answer (page, "daily-requests", g_variant_new_double (5000));
  answer (page, "input-tokens", g_variant_new_double (800));
  answer (page, "output-tokens", g_variant_new_double (400));
  answer (page, "api-model", g_variant_new_string ("gpt-4o"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_COST);

  /* Typed, not committed: Next commits it, finds it bad and stays */
  gtk_editable_set_text (GTK_EDITABLE (spin), "-1");
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_COST);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_next_sibling (row)));
  answers = g_settings_get_value (fixture->settings, "wizard-answers");
  g_assert_true (g_variant_lookup (answers, "daily-requests", "d", &requests));
  g_assert_cmpfloat (requests, ==, 5000);
  g_clear_pointer (&answers, g_variant_unref);

  gtk_editable_set_text (GTK_EDITABLE (spin), "6000");
  activate (page, "wizard.next", NULL);
  g_assert_cmpuint (sy_wizard_page_get_step (page), ==, SY_WIZARD_STEP_COST + 1);
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  answers = g_settings_get_value (fixture->settings, "wizard-answers");
  g_assert_true (g_variant_lookup (answers, "daily-requests", "d", &requests));
  g_assert_cmpfloat (requests, ==, 6000);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add ("/wizard-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("click-through", test_click_through);
  ADD ("stops-early-and-back", test_stops_early_and_back);
  ADD ("threshold-setting", test_threshold_setting);
  ADD ("refinements", test_refinements);
  ADD ("persists", test_persists);
  ADD ("restore-never-skips", test_restore_never_skips);
  ADD ("export-report", test_export_report);
  ADD ("bad-number-stays", test_bad_number_stays);
#undef ADD
  g_test_add_func ("/wizard-page/see-break-even", test_see_break_even);

  return g_test_run ();
}
