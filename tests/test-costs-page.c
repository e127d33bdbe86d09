/* test-costs-page.c: the Costs page under a real display (xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sy-cost-error.h"
#include "sy-cost-plot-private.h"
#include "sy-costs-page-private.h"
#include "sy-field-check.h"
#include "sy-option-dialog.h"
#include "sy-test-utils.h"
#include "sy-test-widgets.h"

typedef struct
{
  SyPriceTable *prices;
  SyCostModel  *model;
  GtkWindow    *window;
  SyCostsPage  *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SyContext) context = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* GSETTINGS_BACKEND=memory is shared by the tests of this process, and
   * the page keeps its ranges there. */
  g_settings_reset (settings, "cost-ranges");

  fixture->prices = sy_price_table_new_default ();
  fixture->model = sy_cost_model_new (fixture->prices);
  context = g_object_new (SY_TYPE_CONTEXT, "cost-model", fixture->model, NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 800);
  fixture->page = SY_COSTS_PAGE (sy_costs_page_new (context));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->model);
  g_assert_finalize_object (fixture->prices);
}

static void
wait_for_plot_draw (SyCostsPage *page,
                    guint        draws_before)
{
  SyCostPlot *plot = sy_costs_page_get_plot (page);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (sy_cost_plot_get_n_draws (plot) == draws_before && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
set_spin (SyCostsPage *page,
          SyCostsSpin  which,
          double       value)
{
  GtkSpinButton *spin = sy_costs_page_get_spin (page, which);

  /* Through the text, as a person types it. */
  g_autofree char *text = g_strdup_printf ("%.0f", value);
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, value);
}

static void
select_api_model (SyCostsPage *page,
                  const char  *model)
{
  AdwComboRow *row = sy_costs_page_get_api_model_row (page);
  GListModel *models = adw_combo_row_get_model (row);
  guint n = g_list_model_get_n_items (models);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (models), i), model) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }

  g_assert_not_reached ();
}

static void
assert_results_contain (SyCostsPage *page,
                        const char  *needle)
{
  g_autofree char *text = sy_costs_page_dup_results_text (page);

  if (strstr (text, needle) == NULL)
    g_error ("“%s” not in the results:\n%s", needle, text);
}

static void
test_defaults_shown (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS)), ==, 1000);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS)), ==, 1000);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_OUTPUT_TOKENS)), ==, 500);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_HORIZON)), ==, 36);

  /* SPEC §2 last golden row: 1000 × 1000 / 500 on gpt-4o-mini. */
  assert_results_contain (fixture->page, "$13.50");
  assert_results_contain (fixture->page, "Never — local costs more every month");
  g_assert_null (sy_costs_page_get_error_text (fixture->page));
  g_assert_nonnull (gtk_list_box_get_row_at_index (sy_costs_page_get_options_list (fixture->page), 1));
  g_assert_null (gtk_list_box_get_row_at_index (sy_costs_page_get_options_list (fixture->page), 2));
}

static void
test_spin_buttons_update_results_and_plot (Fixture       *fixture,
                                           gconstpointer  data)
{
  SyCostPlot *plot = sy_costs_page_get_plot (fixture->page);
  SyCostSeries *series;
  guint draws;

  draws = sy_cost_plot_get_n_draws (plot);
  g_assert_cmpuint (draws, >, 0);

  set_spin (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS, 5000);
  set_spin (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS, 800);
  set_spin (fixture->page, SY_COSTS_SPIN_OUTPUT_TOKENS, 400);
  wait_for_plot_draw (fixture->page, draws);

  g_assert_cmpuint (sy_cost_plot_get_n_draws (plot), >, draws);
  g_assert_cmpfloat (sy_cost_model_get_daily_requests (fixture->model), ==, 5000);

  /* The worked example of SPEC §2. */
  assert_results_contain (fixture->page, "$54.00");
  assert_results_contain (fixture->page, "66.7 months");
  assert_results_contain (fixture->page, "Local is 25% lower quality");
  assert_results_contain (fixture->page, "Never — local costs more every month");

  series = sy_cost_plot_get_series (plot);
  g_assert_nonnull (series);
  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 3);
  g_assert_cmpuint (sy_cost_series_get_n_break_evens (series), ==, 1);
  g_assert_cmpfloat_with_epsilon (sy_cost_series_get_break_even (series, 0)->month, 1600.0 / 24.0, 1e-9);
  /* Extended from 36 months so the break-even shows. */
  g_assert_cmpfloat (sy_cost_series_get_horizon (series), >, 66.7);

  draws = sy_cost_plot_get_n_draws (plot);
  select_api_model (fixture->page, "gpt-4o");
  wait_for_plot_draw (fixture->page, draws);
  g_assert_cmpstr (sy_cost_model_get_api_model (fixture->model), ==, "gpt-4o");
  assert_results_contain (fixture->page, "$900.00");
  assert_results_contain (fixture->page, "1.8 months");
  assert_results_contain (fixture->page, "50.0 months");

  select_api_model (fixture->page, "claude-sonnet-4-5");
  assert_results_contain (fixture->page, "$1,260.00");
  assert_results_contain (fixture->page, "26.3 months");
}

static void
test_unticking_an_option_hides_its_line (Fixture       *fixture,
                                         gconstpointer  data)
{
  GtkListBox *list = sy_costs_page_get_options_list (fixture->page);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 1);
  SyCostSeries *series;

  g_assert_nonnull (row);
  g_assert_cmpuint (sy_cost_series_get_n_lines (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page))), ==, 3);

  /* Activating the row toggles its check button, as a click or Space does. */
  g_signal_emit_by_name (row, "activate");

  series = sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page));
  g_assert_cmpuint (sy_cost_series_get_n_lines (series), ==, 2);
  g_assert_cmpstr (sy_cost_series_get_line (series, 1)->label, ==, "Llama 3.1 8B Q4 (RTX 4090)");
}

static void
test_invalid_input_keeps_last_result (Fixture       *fixture,
                                      gconstpointer  data)
{
  SyCostSeries *before = sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page));

  sy_cost_model_set_daily_requests (fixture->model, -5);

  g_assert_nonnull (sy_costs_page_get_error_text (fixture->page));
  g_assert_true (strstr (sy_costs_page_get_error_text (fixture->page), "negative") != NULL);
  g_assert_true (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page)) == before);
  assert_results_contain (fixture->page, "$13.50");

  sy_cost_model_set_daily_requests (fixture->model, 1000);
  g_assert_null (sy_costs_page_get_error_text (fixture->page));
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-export-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "plot.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "plot.svg", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (sy_costs_page_export_to_file (fixture->page, png, SY_PLOT_FORMAT_PNG, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 4, "\x89PNG", 4);
  g_clear_pointer (&contents, g_free);

  g_assert_true (sy_costs_page_export_to_file (fixture->page, pdf, SY_PLOT_FORMAT_PDF, &error));
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  g_assert_false (sy_costs_page_export_to_file (fixture->page, bad, SY_PLOT_FORMAT_SVG, &error));
  g_assert_nonnull (error);

  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* The chooser starts in Pictures (main() points XDG at a folder of its
 * own), not in the working directory; the "Saved" toast can open the file. */
static void
test_export_chooser_and_toast (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  GtkFileChooserNative *chooser = sy_costs_page_new_export_chooser (fixture->page, SY_PLOT_FORMAT_SVG);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = g_build_filename (pictures, "break-even.svg", NULL);
  g_autofree char *expected_uri = NULL;
  GVariant *target;
  GtkWidget *overlay = adw_toast_overlay_new ();
  AdwToast *toast;

  g_assert_nonnull (pictures);
  g_assert_true (g_str_has_prefix (pictures, g_get_tmp_dir ()));

  /* GTK 4.8's native chooser tells its folder once shown (here GTK's own
   * dialog: the test's session bus has no portal). */
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  while ((folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser))) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_assert_nonnull (folder);
  folder_path = g_file_get_path (folder);
  g_assert_cmpstr (folder_path, ==, pictures);
  g_assert_cmpstr (name, ==, "break-even.svg");
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);

  /* Outside a toast overlay there is nobody to tell. */
  g_assert_null (sy_costs_page_announce_export (fixture->page, path));

  g_object_ref (fixture->page);
  gtk_window_set_child (fixture->window, overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  g_object_unref (fixture->page);

  toast = sy_costs_page_announce_export (fixture->page, path);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Saved “break-even.svg”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "costs.open-export");
  target = adw_toast_get_action_target_value (toast);
  g_assert_nonnull (target);
  expected_uri = g_filename_to_uri (path, NULL, NULL);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, expected_uri);
}

/* Export Deployment…: the dialog starts on the option that breaks even
 * first, with the model and cards it was planned on (another option
 * chosen, its own); the folder follows the app's routing rules, and the
 * toast opens it. */
static void
test_export_deployment (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *root = g_dir_make_tmp ("sy-costs-deploy-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "deployment", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config.yaml", NULL);
  g_autofree char *script_path = g_build_filename (dir, "start-box-1.sh", NULL);
  g_autofree char *modelfile_path = g_build_filename (dir, "Modelfile", NULL);
  g_autofree char *config = NULL;
  g_autofree char *script = NULL;
  g_autofree char *expected_uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *dialog = sy_costs_page_new_deploy_dialog (fixture->page);
  AdwComboRow *engine, *option, *model;
  GtkStringObject *option_name, *model_name;
  const SyCatalogModel *best = NULL;
  SyFitMachine machine = { .gpu_bytes = { 24 * SY_FIT_GIB }, .n_gpus = 1, .ram_bytes = 64 * SY_FIT_GIB };
  SyFitResult fit;
  AdwToast *toast;
  g_autoptr(SyInferenceOption) plain = NULL;

  g_assert_nonnull (dialog);
  engine = g_object_get_data (G_OBJECT (dialog), "sy-engine");
  option = g_object_get_data (G_OBJECT (dialog), "sy-option");
  model = g_object_get_data (G_OBJECT (dialog), "sy-model");
  g_assert_cmpuint (adw_combo_row_get_selected (engine), ==, SY_DEPLOY_ENGINE_OLLAMA);
  /* At SPEC's default traffic the 70B pair never breaks even. */
  option_name = adw_combo_row_get_selected_item (option);
  g_assert_cmpstr (gtk_string_object_get_string (option_name), ==, "Llama 3.1 8B Q4 (RTX 4090)");
  model_name = adw_combo_row_get_selected_item (model);
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    if (g_strcmp0 (sy_model_catalog_get_model (catalog, i)->name, gtk_string_object_get_string (model_name)) == 0)
      best = sy_model_catalog_get_model (catalog, i);
  g_assert_nonnull (best);
  g_assert_cmpstr (best->use_case, ==, "chat");
  sy_fit_best (best, 8192, SY_KV_F16, &machine, &fit);
  g_assert_cmpint (fit.verdict, ==, SY_FIT_GPU);
  g_assert_cmpstr (best->id, ==, "llama3.1-8b");
  /* The build SPEC's 100 tokens/s are for; vLLM has its own. */
  g_assert_cmpstr (adw_action_row_get_subtitle (g_object_get_data (G_OBJECT (dialog), "sy-build")), ==,
                   "Q4_K_M: the one the option’s speed is for");
  adw_combo_row_set_selected (engine, SY_DEPLOY_ENGINE_VLLM);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_object_get_data (G_OBJECT (dialog), "sy-build")), ==,
                   "F16: vLLM serves the unquantised weights");
  adw_combo_row_set_selected (engine, SY_DEPLOY_ENGINE_OLLAMA);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "sy-cards")), ==, 1);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "sy-vram")), ==, 24);

  /* The 70B pair: two A100s of 40 GB (SPEC's $20,000 buys two of those). */
  adw_combo_row_set_selected (option, 1);
  model_name = adw_combo_row_get_selected_item (model);
  g_assert_cmpstr (gtk_string_object_get_string (model_name), ==, "Llama 3.1 70B");
  g_assert_cmpfloat (gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "sy-cards")), ==, 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "sy-vram")), ==, 40);
  /* Another model than the option's: its speed says nothing of this one. */
  adw_combo_row_set_selected (model, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (g_object_get_data (G_OBJECT (dialog), "sy-build")), ==,
                   "The most precise that fits the box");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* An option that does not say what it runs on leaves the fields be. */
  plain = sy_inference_option_new ("custom-plain", "Used 3090", 700, 0, 60, 0.8);
  sy_cost_model_add_option (sy_costs_page_get_model (fixture->page), plain);
  dialog = sy_costs_page_new_deploy_dialog (fixture->page);
  option = g_object_get_data (G_OBJECT (dialog), "sy-option");
  model = g_object_get_data (G_OBJECT (dialog), "sy-model");
  adw_combo_row_set_selected (option, 1);
  adw_combo_row_set_selected (option, 2);
  model_name = adw_combo_row_get_selected_item (model);
  g_assert_cmpstr (gtk_string_object_get_string (model_name), ==, "Llama 3.1 70B");
  g_assert_cmpfloat (gtk_spin_button_get_value (g_object_get_data (G_OBJECT (dialog), "sy-cards")), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
  sy_cost_model_remove_option (sy_costs_page_get_model (fixture->page), plain);

  /* The app's rules: here medium queries stay local too. */
  g_assert_true (sy_router_set_route (sy_costs_page_get_router (fixture->page), SY_ROUTE_CLASS_MEDIUM,
                                      SY_ROUTE_BACKEND_LOCAL, "llama3.1:8b", &error));
  g_assert_no_error (error);
  g_assert_true (sy_costs_page_export_deployment (fixture->page, SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-8b",
                                                  "llama3.1-8b-rtx4090", 1, 24, 64, dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (config_path, &config, NULL, NULL));
  g_assert_nonnull (strstr (config, "    \"medium\": \"switchyard-local\"\n"));
  g_assert_nonnull (strstr (config, "    \"complex\": \"gpt-4o\"\n"));
  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  g_assert_nonnull (strstr (script, "    -c 8192 \\\n    -ngl 32 \\\n"));

  /* Written once: the same folder again is refused, untouched. */
  g_assert_false (sy_costs_page_export_deployment (fixture->page, SY_DEPLOY_ENGINE_OLLAMA, "llama3.1-8b",
                                                   "llama3.1-8b-rtx4090", 1, 24, 64, dir, &error));
  g_assert_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (g_file_test (modelfile_path, G_FILE_TEST_EXISTS));

  /* Two cards a box: the 70B's 80 layers all on them; one card holds only
   * part of them. */
  {
    g_autofree char *two_dir = g_build_filename (root, "two-cards", NULL);
    g_autofree char *one_dir = g_build_filename (root, "one-card", NULL);
    g_autofree char *two_path = g_build_filename (two_dir, "start-box-1.sh", NULL);
    g_autofree char *one_path = g_build_filename (one_dir, "start-box-1.sh", NULL);
    g_autofree char *two = NULL;
    g_autofree char *one = NULL;

    g_assert_true (sy_costs_page_export_deployment (fixture->page, SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-70b",
                                                    "llama3.1-70b-2xa100", 2, 40, 64, two_dir, &error));
    g_assert_no_error (error);
    g_assert_true (sy_costs_page_export_deployment (fixture->page, SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-70b",
                                                    "llama3.1-70b-2xa100", 1, 40, 64, one_dir, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (two_path, &two, NULL, NULL));
    g_assert_true (g_file_get_contents (one_path, &one, NULL, NULL));
    g_assert_nonnull (strstr (two, "    -ngl 80 \\\n"));
    g_assert_null (strstr (one, "    -ngl 80 \\\n"));
    g_assert_nonnull (strstr (one, "    -ngl "));
    g_assert_false (sy_costs_page_export_deployment (fixture->page, SY_DEPLOY_ENGINE_LLAMA_SERVER, "llama3.1-70b",
                                                     "llama3.1-70b-2xa100", SY_FIT_MAX_GPUS + 1, 40, 64,
                                                     one_dir, &error));
    g_assert_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID);
    g_clear_error (&error);
    sy_test_remove_tree (two_dir);
    sy_test_remove_tree (one_dir);
  }

  g_object_ref (fixture->page);
  gtk_window_set_child (fixture->window, overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  g_object_unref (fixture->page);

  toast = sy_costs_page_announce_deployment (fixture->page, dir);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Saved “deployment”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Open _Folder");
  expected_uri = g_filename_to_uri (dir, NULL, NULL);
  g_assert_cmpstr (g_variant_get_string (adw_toast_get_action_target_value (toast), NULL), ==, expected_uri);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
    g_rmdir (root);
  }
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Waits until @chooser shows @folder (any folder when NULL) and has
 * read it. */
static void
wait_for_chooser_folder (GtkFileChooser *chooser,
                         GFile          *folder)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GFile) shown = gtk_file_chooser_get_current_folder (chooser);

      if (shown != NULL && (folder == NULL || g_file_equal (shown, folder)))
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (chooser));
}

/* Export Deployment… the way a person goes: the engine picked, a number
 * typed and not entered, Choose Folder…, GTK's folder chooser (the test's
 * bus has no portal), then the folder on disk. */
static void
test_export_deployment_chooser (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *root = g_dir_make_tmp ("sy-costs-deploy-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "deployment", NULL);
  g_autofree char *script_path = g_build_filename (dir, "start-box-1.sh", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (root);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (sy_costs_page_new_deploy_dialog (fixture->page));
  GtkSpinButton *vram = g_object_get_data (G_OBJECT (dialog), "sy-vram");
  GtkWidget *choose = sy_test_find_widget (GTK_WIDGET (dialog), is_button_labelled, "_Choose Folder…");
  GtkWindow *chooser_window;
  gint64 deadline;
  int min_width;

  g_assert_nonnull (choose);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  /* It fits a phone: long choices wrap under their titles. */
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);
  adw_combo_row_set_selected (g_object_get_data (G_OBJECT (dialog), "sy-engine"), SY_DEPLOY_ENGINE_LLAMA_SERVER);

  /* Not a number, or out of range: nothing to choose a folder for. */
  gtk_editable_set_text (GTK_EDITABLE (vram), "lots");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "choose"));
  g_assert_false (gtk_widget_get_sensitive (choose));
  gtk_editable_set_text (GTK_EDITABLE (vram), "-1");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "choose"));
  /* Entered, the field says why. */
  gtk_spin_button_update (vram);
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (vram)));
  g_assert_cmpfloat (gtk_spin_button_get_value (vram), ==, 24);

  /* A card too small for the 8B, typed and not entered: Choose Folder…
   * at once (as Alt+C does) takes it, not the 24 GB shown before. */
  gtk_editable_set_text (GTK_EDITABLE (vram), "4");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "choose"));
  g_assert_true (gtk_widget_activate (choose));

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((chooser_window = sy_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (chooser_window);
  /* It shows Documents first; changing folders while it still reads that
   * one cancels the reading, with an error dialog of its own. */
  wait_for_chooser_folder (GTK_FILE_CHOOSER (chooser_window), NULL);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser_window), folder, &error));
  g_assert_no_error (error);
  wait_for_chooser_folder (GTK_FILE_CHOOSER (chooser_window), folder);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser_window), "deployment");
  gtk_dialog_response (GTK_DIALOG (chooser_window), GTK_RESPONSE_ACCEPT);
  /* A name to save under is checked with the folder first, which takes
   * the chooser a few turns of the main loop. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!g_file_test (script_path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (sy_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  g_assert_true (g_file_get_contents (script_path, &script, NULL, NULL));
  g_assert_nonnull (strstr (script, "llama-server"));
  /* Only part of the model's 32 layers fit 90 % of 4 GB. */
  g_assert_null (strstr (script, "-ngl 32 "));
  g_assert_nonnull (strstr (script, "-ngl "));
  g_assert_null (sy_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  sy_test_remove_tree (root);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  return sy_test_find_widget_of_type (widget, type);
}

static void
test_option_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  GListModel *options = sy_cost_model_get_options (fixture->model);
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, NULL);
  GtkWidget *name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  g_autoptr(SyInferenceOption) added = NULL;

  g_assert_nonnull (name_row);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 2);

  /* An option needs a name: Save does nothing without one. */
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 2);
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "Mac Studio M2 Ultra");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  gtk_widget_activate_action (dialog, "option.save", NULL);

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 3);
  added = g_list_model_get_item (options, 2);
  g_assert_cmpstr (sy_inference_option_get_name (added), ==, "Mac Studio M2 Ultra");
  g_assert_true (sy_inference_option_validate (added, NULL));
  /* The new option is on the plot straight away. */
  g_assert_cmpuint (sy_cost_series_get_n_lines (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page))), ==, 4);
}

/* A new option's empty name is not a mistake before the user had a chance
 * to type one: no error until the name is edited and cleared, or Save. */
static void
test_option_dialog_no_early_error (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, NULL);
  GtkWidget *name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  GtkWidget *error_label = GTK_WIDGET (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "error_label"));

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (dialog);

  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  g_assert_null (sy_field_check_get_error (name_row));
  g_assert_false (gtk_widget_get_visible (error_label));

  /* Typing and erasing a name is a change: now it is missing. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "M");
  g_assert_null (sy_field_check_get_error (name_row));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  g_assert_nonnull (sy_field_check_get_error (name_row));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Save on an untouched form says what is missing, and adds nothing. */
  dialog = sy_option_dialog_new (fixture->model, NULL);
  name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_null (sy_field_check_get_error (name_row));
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_nonnull (sy_field_check_get_error (name_row));
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (fixture->model)), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_option_dialog_edit_and_cancel (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(SyInferenceOption) option = g_list_model_get_item (sy_cost_model_get_options (fixture->model), 0);
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, option);
  GtkWidget *name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Llama 3.1 8B Q4 (RTX 4090)");

  /* Cancel (closing) leaves the option as it was. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Renamed");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "Llama 3.1 8B Q4 (RTX 4090)");

  dialog = sy_option_dialog_new (fixture->model, option);
  name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  RTX 4090 box  ");
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_cmpstr (sy_inference_option_get_name (option), ==, "RTX 4090 box");
  g_assert_cmpstr (sy_cost_series_get_line (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page)), 1)->label,
                   ==, "RTX 4090 box");
}

static void
count_change (guint *changes)
{
  (*changes)++;
}

static guint
find_choice (AdwComboRow *row,
             const char  *label)
{
  GListModel *names = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), label) == 0)
      return i;

  g_error ("No choice “%s”", label);
}

/* Runs On: an option's model and cards, as Export Deployment starts from
 * them; the number of cards waits for a card; edited in place, the option
 * tells the cost model (so the settings keep it). */
static void
test_option_dialog_runs_on (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SyInferenceOption) pair = g_list_model_get_item (sy_cost_model_get_options (fixture->model), 1);
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, pair);
  AdwComboRow *model_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "model_row"));
  AdwComboRow *gpu_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_row"));
  AdwComboRow *quant_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "quant_row"));
  GtkWidget *count_row = GTK_WIDGET (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_count_row"));
  GtkSpinButton *count = GTK_SPIN_BUTTON (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_count_spin"));
  g_autoptr(SyInferenceOption) added = NULL;
  GtkWidget *name_row;
  guint changes = 0;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (model_row)), ==, "Llama 3.1 70B");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (gpu_row)), ==, "A100 40 GB");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (quant_row)), ==, "Q4_K_M");
  g_assert_cmpfloat (gtk_spin_button_get_value (count), ==, 2);
  g_assert_true (gtk_widget_get_sensitive (count_row));
  /* No embedding model among the choices: it answers no requests. */
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (model_row)); i++)
    g_assert_null (strstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (model_row)), i),
                           "Embed"));

  /* Four 80 GB cards instead, saved in place: the model hears of it. */
  g_signal_connect_swapped (fixture->model, "changed", G_CALLBACK (count_change), &changes);
  adw_combo_row_set_selected (gpu_row, find_choice (gpu_row, "A100 80 GB PCIe"));
  gtk_editable_set_text (GTK_EDITABLE (count), "4");
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_cmpstr (sy_inference_option_get_gpu_id (pair), ==, "a100-80gb");
  g_assert_cmpuint (sy_inference_option_get_gpu_count (pair), ==, 4);
  g_assert_cmpstr (sy_inference_option_get_model_id (pair), ==, "llama3.1-70b");
  g_assert_cmpstr (sy_inference_option_get_quant (pair), ==, "Q4_K_M");
  g_assert_cmpuint (changes, >, 0);

  /* A new option says nothing until told; no card, no number of cards. */
  dialog = sy_option_dialog_new (fixture->model, NULL);
  model_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "model_row"));
  gpu_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_row"));
  count_row = GTK_WIDGET (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_count_row"));
  count = GTK_SPIN_BUTTON (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "gpu_count_spin"));
  quant_row = ADW_COMBO_ROW (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, "quant_row"));
  name_row = find_descendant (dialog, ADW_TYPE_ENTRY_ROW);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (model_row)), ==, "Not said");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (gpu_row)), ==, "Not said");
  g_assert_false (gtk_widget_get_sensitive (count_row));
  /* No model, no build to choose; a model offers its own builds. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (quant_row)));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (quant_row)), ==, 1);

  /* A number of cards that is not one keeps Save off. */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Used 3090s");
  adw_combo_row_set_selected (model_row, find_choice (model_row, "Qwen3 32B"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (quant_row)));
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (quant_row)), ==, "Best that fits");
  adw_combo_row_set_selected (quant_row, find_choice (quant_row, "Q8_0"));
  adw_combo_row_set_selected (gpu_row, find_choice (gpu_row, "RTX 3090"));
  g_assert_true (gtk_widget_get_sensitive (count_row));
  gtk_editable_set_text (GTK_EDITABLE (count), "many");
  gtk_spin_button_update (count);
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (count)));
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (fixture->model)), ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (count), "2");
  gtk_spin_button_update (count);
  gtk_widget_activate_action (dialog, "option.save", NULL);
  added = g_list_model_get_item (sy_cost_model_get_options (fixture->model), 2);
  g_assert_cmpstr (sy_inference_option_get_name (added), ==, "Used 3090s");
  g_assert_cmpstr (sy_inference_option_get_model_id (added), ==, "qwen3-32b");
  g_assert_cmpstr (sy_inference_option_get_quant (added), ==, "Q8_0");
  g_assert_cmpstr (sy_inference_option_get_gpu_id (added), ==, "rtx-3090");
  g_assert_cmpuint (sy_inference_option_get_gpu_count (added), ==, 2);
}

static void
test_removed_price_falls_back (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_price_table_set (fixture->prices, "my-model", 1.0, 2.0, SY_PRICE_ORIGIN_USER, &error));
  select_api_model (fixture->page, "my-model");
  g_assert_cmpstr (sy_cost_model_get_api_model (fixture->model), ==, "my-model");

  g_assert_true (sy_price_table_remove (fixture->prices, "my-model"));
  g_assert_cmpstr (sy_cost_model_get_api_model (fixture->model), ==, "gpt-4o-mini");
  g_assert_null (sy_costs_page_get_error_text (fixture->page));
  assert_results_contain (fixture->page, "$13.50");
}

static void
wait_for_width (GtkWidget *widget,
                int        width)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* Not a blocking iteration: a window that cannot get that narrow
   * sends nothing more, and the deadline must still end the wait. */
  while (gtk_widget_get_width (widget) != width && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  gtk_test_widget_wait_for_draw (widget);
}

static void
collect_cards (GtkWidget *widget,
               GPtrArray *cards)
{
  if (gtk_widget_has_css_class (widget, "sy-result-card"))
    g_ptr_array_add (cards, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_cards (child, cards);
}

/* How many result cards share the first card's row */
static guint
cards_in_first_row (SyCostsPage *page)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  graphene_rect_t first;
  guint n = 0;

  collect_cards (GTK_WIDGET (page), cards);
  g_assert_cmpuint (cards->len, >=, 3);
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (cards, 0), GTK_WIDGET (page), &first));
  for (guint i = 0; i < cards->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (cards, i), GTK_WIDGET (page), &bounds));
      if (bounds.origin.y == first.origin.y)
        n++;
    }

  return n;
}

static void
test_narrow_window_stacks_columns (Fixture       *fixture,
                                   gconstpointer  data)
{
  SyColumns *columns = sy_costs_page_get_columns (fixture->page);

  g_assert_false (sy_columns_get_stacked (columns));

  /* A phone-sized window: the inputs go above the results. */
  gtk_window_set_default_size (fixture->window, 360, 700);
  wait_for_width (GTK_WIDGET (fixture->window), 360);
  g_assert_true (sy_columns_get_stacked (columns));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (sy_costs_page_get_plot (fixture->page))), <=, 360);
  /* A card a row there: two side by side wrapped their verdicts a word a line. */
  g_assert_cmpuint (cards_in_first_row (fixture->page), ==, 1);

  gtk_window_set_default_size (fixture->window, 1200, 800);
  wait_for_width (GTK_WIDGET (fixture->window), 1200);
  g_assert_false (sy_columns_get_stacked (columns));
  g_assert_cmpuint (cards_in_first_row (fixture->page), >=, 3);
}

/* The window rendered to @name in SWITCHYARD_SCREENSHOT_DIR. */
static void
save_window_png (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("SWITCHYARD_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  /* Past the expander rows' animation */
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* With SWITCHYARD_SCREENSHOT_DIR set, the page as it is now, to look at. */
static void
maybe_save_screenshot (Fixture    *fixture,
                       const char *name)
{
  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL)
    save_window_png (GTK_WIDGET (fixture->window), name);
}

/* At every width the plot keeps a plot's shape: never a tower of 3,000 px
 * at phone width, never taller than a screen needs. */
static void
assert_plot_shape (Fixture *fixture,
                   int      window_width,
                   int      window_height)
{
  GtkWidget *plot = GTK_WIDGET (sy_costs_page_get_plot (fixture->page));
  int width, height;

  gtk_window_set_default_size (fixture->window, window_width, window_height);
  wait_for_width (GTK_WIDGET (fixture->window), window_width);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  width = gtk_widget_get_width (plot);
  height = gtk_widget_get_height (plot);
  g_test_message ("%d×%d window: plot %d×%d", window_width, window_height, width, height);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (width, <=, window_width);
  g_assert_cmpint (height, >=, 200);
  g_assert_cmpfloat (height, <=, 1.2 * width);
  g_assert_cmpint (height, <=, 600);
}

static void
test_plot_shape (Fixture       *fixture,
                 gconstpointer  data)
{
  assert_plot_shape (fixture, 360, 700);
  assert_plot_shape (fixture, 1200, 800);
  assert_plot_shape (fixture, 1920, 1080);
  assert_plot_shape (fixture, 360, 700);
}

/* Four options make five cards; the plot stays on the first screen. */
static void
test_plot_visible_with_four_options (Fixture       *fixture,
                                     gconstpointer  data)
{
  GtkWidget *plot = GTK_WIDGET (sy_costs_page_get_plot (fixture->page));
  const char *names[] = { "Mac Studio M2 Ultra", "Two RTX 3090 in a rented rack" };
  graphene_point_t top;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(SyInferenceOption) option = sy_inference_option_new (names[i], names[i], 3000, 60, 40, 0.8);

      sy_cost_model_add_option (fixture->model, option);
    }
  g_assert_cmpuint (g_list_model_get_n_items (sy_cost_model_get_options (fixture->model)), ==, 4);

  gtk_window_set_default_size (fixture->window, 1280, 800);
  wait_for_width (GTK_WIDGET (fixture->window), 1280);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_true (gtk_widget_compute_point (plot, GTK_WIDGET (fixture->page), &GRAPHENE_POINT_INIT (0, 0), &top));
  g_test_message ("plot top at %.0f of %d", top.y, gtk_widget_get_height (GTK_WIDGET (fixture->page)));
  g_assert_cmpfloat (top.y, >=, 0);
  /* Its top and a good part of it, not a sliver at the bottom edge. */
  g_assert_cmpfloat (top.y + 200, <=, gtk_widget_get_height (GTK_WIDGET (fixture->page)));
  assert_results_contain (fixture->page, "Two RTX 3090 in a rented rack");
  maybe_save_screenshot (fixture, "costs-four-options.png");
}


/* Types @text into @spin and commits it as Enter does. */
static void
type_into (GtkSpinButton *spin,
           const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  gtk_spin_button_update (spin);
}

static GtkSpinButton *
advanced_spin (Fixture      *fixture,
               SyCostsField  field)
{
  return sy_costs_advanced_get_spin (sy_costs_page_get_advanced (fixture->page), field);
}

static double
model_double (Fixture    *fixture,
              const char *property)
{
  double value;

  g_object_get (fixture->model, property, &value, NULL);
  return value;
}

/* Each Advanced field, typed into, reaches the cost model; shares are
 * typed in percent. */
static void
test_advanced_fields_reach_model (Fixture       *fixture,
                                  gconstpointer  data)
{
  const struct {
    SyCostsField field;
    const char  *text;
    const char  *property;
    double       expected;
  } cases[] = {
    { SY_COSTS_FIELD_KWH_PRICE, "0.3", "kwh-price", 0.3 },
    { SY_COSTS_FIELD_OPS_HOURS, "10", "ops-hours-per-month", 10 },
    { SY_COSTS_FIELD_OPS_HOURLY_USD, "100", "ops-hourly-usd", 100 },
    { SY_COSTS_FIELD_PEAK_FACTOR, "3", "peak-factor", 3 },
    { SY_COSTS_FIELD_CACHED_SHARE, "50", "cached-input-share", 0.5 },
    { SY_COSTS_FIELD_BATCH_SHARE, "25", "batch-share", 0.25 },
    { SY_COSTS_FIELD_REASONING_TOKENS, "600", "reasoning-tokens", 600 },
    { SY_COSTS_FIELD_PRICE_DECLINE, "5", "price-decline", 0.05 },
  };
  SyCostsAdvanced *advanced = sy_costs_page_get_advanced (fixture->page);

  /* Out of the way until asked for. */
  for (guint i = 0; i < 3; i++)
    g_assert_false (adw_expander_row_get_expanded (sy_costs_advanced_get_expander (advanced, i)));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkSpinButton *spin = advanced_spin (fixture, cases[i].field);

      type_into (spin, cases[i].text);
      g_assert_null (sy_field_check_get_error (GTK_WIDGET (spin)));
      g_assert_cmpfloat_with_epsilon (model_double (fixture, cases[i].property), cases[i].expected, 1e-12);
    }
  g_assert_null (sy_costs_page_get_error_text (fixture->page));

  /* The other way: the wizard or the settings change the model. */
  sy_cost_model_set_inputs (fixture->model, &(SyCostInputs) { 0.25, 4, 80, 1.5, 0.1, 0.2, 300, 0.07 });
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (advanced_spin (fixture, SY_COSTS_FIELD_KWH_PRICE)), 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (advanced_spin (fixture, SY_COSTS_FIELD_OPS_HOURS)), 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (advanced_spin (fixture, SY_COSTS_FIELD_CACHED_SHARE)), 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (advanced_spin (fixture, SY_COSTS_FIELD_PRICE_DECLINE)), 7, 1e-9);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (advanced_spin (fixture, SY_COSTS_FIELD_KWH_PRICE))), ==, "0.25");
}

/* Text is refused with a message under the field and the model keeps its
 * value; a value outside the range names the bound; German decimals. */
static void
test_advanced_fields_refuse_bad_text (Fixture       *fixture,
                                      gconstpointer  data)
{
  GtkSpinButton *kwh = advanced_spin (fixture, SY_COSTS_FIELD_KWH_PRICE);
  GtkSpinButton *decline = advanced_spin (fixture, SY_COSTS_FIELD_PRICE_DECLINE);
  GtkSpinButton *peak = advanced_spin (fixture, SY_COSTS_FIELD_PEAK_FACTOR);
  GtkWidget *message;

  type_into (kwh, "0.2");
  type_into (kwh, "lots");
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (kwh)));
  g_assert_nonnull (strstr (sy_field_check_get_error (GTK_WIDGET (kwh)), "Not a number"));
  message = sy_field_check_get_message (GTK_WIDGET (kwh));
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kwh)), ==, "lots");
  g_assert_cmpfloat (model_double (fixture, "kwh-price"), ==, 0.2);

  type_into (decline, "95");
  g_assert_cmpstr (sy_field_check_get_error (GTK_WIDGET (decline)), ==, "Too large: enter 90 or less");
  g_assert_cmpfloat (model_double (fixture, "price-decline"), ==, 0);
  type_into (peak, "0.5");
  g_assert_cmpstr (sy_field_check_get_error (GTK_WIDGET (peak)), ==, "Too small: enter 1 or more");
  g_assert_cmpfloat (model_double (fixture, "peak-factor"), ==, 1);

  /* A value the model refuses from elsewhere shows on the page. */
  sy_cost_model_set_inputs (fixture->model, &(SyCostInputs) { 0.2, 0, 0, 1, 0, 0, 0, 2 });
  g_assert_nonnull (sy_costs_page_get_error_text (fixture->page));
  g_assert_nonnull (strstr (sy_costs_page_get_error_text (fixture->page), "price decline"));
  sy_cost_model_set_inputs (fixture->model, &(SyCostInputs) { 0.2, 0, 0, 1, 0, 0, 0, 0 });
  g_assert_null (sy_costs_page_get_error_text (fixture->page));

  if (!have_german_locale ())
    return;

  g_assert_nonnull (setlocale (LC_NUMERIC, GERMAN_LOCALE));
  type_into (kwh, "0,30");
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (kwh)));
  g_assert_cmpfloat_with_epsilon (model_double (fixture, "kwh-price"), 0.30, 1e-12);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kwh)), ==, "0,30");
  type_into (kwh, "viel");
  g_assert_nonnull (sy_field_check_get_error (GTK_WIDGET (kwh)));
  g_assert_cmpfloat_with_epsilon (model_double (fixture, "kwh-price"), 0.30, 1e-12);
  g_assert_nonnull (setlocale (LC_NUMERIC, "C.UTF-8"));
}

static void
set_worked_example (Fixture    *fixture,
                    const char *api_model)
{
  set_spin (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS, 5000);
  set_spin (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS, 800);
  set_spin (fixture->page, SY_COSTS_SPIN_OUTPUT_TOKENS, 400);
  select_api_model (fixture->page, api_model);
}

/* SPEC "the whole cost of ownership": gpt-4o-mini vs a $1,600 box of
 * 450 W load, 50 W idle, 100 tok/s aggregate, no other costs, at
 * $0.30/kWh: power $30.80 a month, break-even 69.0 months. */
static void
test_cards_power_breakdown (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SyInferenceOption) box = sy_inference_option_new ("box", "Watt box", 1600, 0, 100, 0.75);
  g_autofree char *text = NULL;

  sy_inference_option_set_load_watts (box, 450);
  sy_inference_option_set_idle_watts (box, 50);
  sy_cost_model_add_option (fixture->model, box);
  set_worked_example (fixture, "gpt-4o-mini");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_KWH_PRICE), "0.30");

  assert_results_contain (fixture->page, "Watt box\n69.0 months\nto break even\n"
                                         "$1,600.00 bought once\n$30.80 a month\n"
                                         "Power\n$30.80\nOps\n$0.00\nOther\n$0.00\n");
  assert_results_contain (fixture->page, "One box, 23% busy");
  /* The seed's RTX 4090 box has no watts: its $30 are other costs. */
  assert_results_contain (fixture->page, "66.7 months\nto break even\n$1,600.00 bought once\n$30.00 a month\n"
                                         "Power\n$0.00\nOps\n$0.00\nOther\n$30.00\n");
  text = sy_costs_page_dup_results_text (fixture->page);
  g_assert_null (strstr (text, "Range:"));
  g_assert_false (sy_cost_series_band_at (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page)),
                                          0, 10, NULL, NULL));
}

/* gpt-4o with ops 10 h × $100: the RTX 4090 box costs $1,030.00 a month,
 * more than the API's $900.00, so never. */
static void
test_cards_ops_breakdown (Fixture       *fixture,
                          gconstpointer  data)
{
  set_worked_example (fixture, "gpt-4o");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_OPS_HOURS), "10");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_OPS_HOURLY_USD), "100");

  assert_results_contain (fixture->page, "$900.00\na month, paid per token");
  assert_results_contain (fixture->page, "Llama 3.1 8B Q4 (RTX 4090)\nNever — local costs more every month\n"
                                         "$1,600.00 bought once\n$1,030.00 a month\n"
                                         "Power\n$0.00\nOps\n$1,000.00\nOther\n$30.00\n");
}

/* A rented GPU shows its rent and no setup; a box with a life shows its
 * hardware spread over the months. */
static void
test_cards_rent_and_hardware (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SyInferenceOption) rented = sy_inference_option_new ("rented", "Rented GPU", 0, 0, 100, 0.75);
  g_autoptr(SyInferenceOption) replaced = sy_inference_option_new ("replaced", "Replaced box", 2400, 0, 100, 0.75);
  g_autofree char *text = NULL;

  sy_inference_option_set_kind (rented, SY_INFERENCE_KIND_RENTED);
  sy_inference_option_set_rent_hourly_usd (rented, 0.8);
  sy_inference_option_set_life_months (replaced, 36);
  sy_inference_option_set_resale_share (replaced, 0.25);
  sy_cost_model_add_option (fixture->model, rented);
  sy_cost_model_add_option (fixture->model, replaced);
  set_worked_example (fixture, "gpt-4o");

  /* SPEC: gpt-4o vs a rented GPU at $0.80/h, 720 h: rent $576.00 a month. */
  assert_results_contain (fixture->page, "Rented GPU\n0 months\nto break even\n$576.00 a month\n"
                                         "Rent\n$576.00\nOps\n$0.00\nOther\n$0.00\n");
  /* $2,400 × (1 − 25 %) ÷ 36 months */
  assert_results_contain (fixture->page, "Replaced box\n");
  assert_results_contain (fixture->page, "$2,400.00 bought once\n$50.00 a month\nHardware\n$50.00\nPower\n$0.00\n");
  text = sy_costs_page_dup_results_text (fixture->page);
  g_assert_null (strstr (text, "Rent\n$0.00"));
}

/* Ranges in the Uncertainty rows give each card its break-even's spread;
 * reversed ends are an error on their row and leave the range out. */
static void
test_ranges_show_spread (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkSpinButton *low = advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_LOW);
  GtkSpinButton *high = advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_HIGH);
  g_autofree char *text = NULL;

  set_worked_example (fixture, "gpt-4o-mini");
  type_into (low, "4000");
  text = sy_costs_page_dup_results_text (fixture->page);
  g_assert_null (strstr (text, "Range:"));
  g_assert_cmpstr (sy_field_check_get_error (GTK_WIDGET (high)), ==, "The low end is above the high end");

  type_into (high, "6000");
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (high)));
  /* The RTX 4090 box: $1,600 ÷ ($43.20 − $30) and ÷ ($64.80 − $30); the
   * 70B box never pays back at either end. */
  assert_results_contain (fixture->page, "66.7 months\nto break even\nRange: 46.0–121.2 months\n");
  /* The 70B box never pays back at any end: its heading says so already. */
  assert_results_contain (fixture->page, "Never — local costs more every month\n$20,000.00 bought once\n");
  /* The plot shows the same spread as bands: the API line between
   * $43.20 and $64.80 a month. */
  {
    SyCostSeries *series = sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page));
    double band_low, band_high;

    g_assert_true (sy_cost_series_band_at (series, 0, 10, &band_low, &band_high));
    g_assert_cmpfloat_with_epsilon (band_low, 432, 1e-6);
    g_assert_cmpfloat_with_epsilon (band_high, 648, 1e-6);
  }

  /* ± 90 % throughput on the 8B box: at 10 tok/s, 6,000 requests need
   * three boxes, $90 a month, more than the API's $64.80. */
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_TPS_SPREAD), "90");
  assert_results_contain (fixture->page, "Range: 46.0 months to never");

  type_into (high, "4000");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_TPS_SPREAD), "0");
  g_clear_pointer (&text, g_free);
  text = sy_costs_page_dup_results_text (fixture->page);
  g_assert_null (strstr (text, "Range:"));
  g_assert_false (sy_cost_series_band_at (sy_cost_plot_get_series (sy_costs_page_get_plot (fixture->page)),
                                          0, 10, NULL, NULL));
}

/* Typed ranges outlive the page (a restart, a crash): a page made later
 * on the same settings shows them and gives the same spread. */
static void
test_ranges_restored (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT, "cost-model", fixture->model, NULL);
  GtkWindow *window;
  SyCostsAdvanced *advanced;
  g_autofree char *text = NULL;

  set_worked_example (fixture, "gpt-4o-mini");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_HIGH), "6000");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_LOW), "4000");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_TPS_SPREAD), "12");

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, sy_costs_page_new (context));
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  advanced = sy_costs_page_get_advanced (SY_COSTS_PAGE (gtk_window_get_child (window)));
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_REQUESTS_LOW)), ==, 4000);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_REQUESTS_HIGH)), ==, 6000);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_TPS_SPREAD)), ==, 12);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_OPS_LOW)), ==,
                     gtk_spin_button_get_value (advanced_spin (fixture, SY_COSTS_FIELD_OPS_LOW)));
  text = sy_costs_page_dup_results_text (SY_COSTS_PAGE (gtk_window_get_child (window)));
  g_assert_nonnull (strstr (text, "Range: 46.0–"));

  gtk_window_destroy (window);
}

/* The Export menu's sensitivity chart: nothing to export before a range
 * is given, then a picture that carries the traffic in its caption. */
static void
test_export_sensitivity (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-export-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "sensitivity.svg", NULL);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  set_worked_example (fixture, "gpt-4o-mini");
  g_assert_false (sy_costs_page_export_sensitivity_to_file (fixture->page, svg, SY_PLOT_FORMAT_SVG, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_assert_false (g_file_test (svg, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_LOW), "4000");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_HIGH), "6000");
  g_assert_true (sy_costs_page_export_sensitivity_to_file (fixture->page, svg, SY_PLOT_FORMAT_SVG, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "5,000 requests a day, 800 tokens in, 400 out · gpt-4o-mini"));

  g_unlink (svg);
  g_rmdir (dir);
}

static GtkSpinButton *
dialog_spin (GtkWidget  *dialog,
             const char *id)
{
  return GTK_SPIN_BUTTON (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, id));
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
dialog_child (GtkWidget  *dialog,
              const char *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, SY_TYPE_OPTION_DIALOG, id));
}

/* A rented GPU: the rent rows replace setup, watts and life. */
static void
test_option_dialog_rented (Fixture       *fixture,
                           gconstpointer  data)
{
  GListModel *options = sy_cost_model_get_options (fixture->model);
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, NULL);
  g_autoptr(SyInferenceOption) added = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "setup_row")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "hardware_group")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "rent_hourly_row")));

  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Rented A100");
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_child (dialog, "kind_row")), 1);
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "setup_row")));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "hardware_group")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "rent_hourly_row")));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "rent_hours_row")));

  /* A hidden field's mistake does not hold up Save. */
  type_into (dialog_spin (dialog, "idle_watts_spin"), "900");
  type_into (dialog_spin (dialog, "rent_hourly_spin"), "1.2");
  type_into (dialog_spin (dialog, "rent_hours_spin"), "300");
  type_into (dialog_spin (dialog, "aggregate_spin"), "100");
  gtk_widget_activate_action (dialog, "option.save", NULL);

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 3);
  added = g_list_model_get_item (options, 2);
  g_assert_cmpint (sy_inference_option_get_kind (added), ==, SY_INFERENCE_KIND_RENTED);
  g_assert_cmpfloat (sy_inference_option_get_rent_hourly_usd (added), ==, 1.2);
  g_assert_cmpfloat (sy_inference_option_get_rent_hours_per_month (added), ==, 300);
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (added), ==, 0);
  g_assert_cmpfloat (sy_inference_option_get_idle_watts (added), ==, 0);
  g_assert_true (g_str_has_prefix (sy_costs_page_get_option_subtitle (fixture->page, sy_inference_option_get_id (added)),
                                   "$1.20/h rented · "));
  /* $1.20 × 300 h */
  assert_results_contain (fixture->page, "Rented A100\n");
  assert_results_contain (fixture->page, "Rent\n$360.00\n");

  /* Editing it again shows it as rented. */
  dialog = sy_option_dialog_new (fixture->model, added);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (dialog_child (dialog, "kind_row"))), ==, 1);
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "setup_row")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A bought box with watts, a life and a resale share; idle above load is
 * an error on the idle field that holds up Save. */
static void
test_option_dialog_bought_with_watts (Fixture       *fixture,
                                      gconstpointer  data)
{
  GListModel *options = sy_cost_model_get_options (fixture->model);
  GtkWidget *dialog = sy_option_dialog_new (fixture->model, NULL);
  GtkSpinButton *idle = dialog_spin (dialog, "idle_watts_spin");
  g_autoptr(SyInferenceOption) added = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Watt box");
  type_into (dialog_spin (dialog, "setup_spin"), "1600");
  type_into (dialog_spin (dialog, "monthly_spin"), "0");
  type_into (dialog_spin (dialog, "load_watts_spin"), "450");
  type_into (idle, "500");
  g_assert_cmpstr (sy_field_check_get_error (GTK_WIDGET (idle)), ==, "Above the load watts: a box draws more when busy");
  g_assert_false (gtk_widget_is_sensitive (find_action_button (dialog, "option.save")));
  gtk_widget_activate_action (dialog, "option.save", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 2);

  /* Fixed from the other field: a higher load. */
  type_into (dialog_spin (dialog, "load_watts_spin"), "600");
  g_assert_null (sy_field_check_get_error (GTK_WIDGET (idle)));
  type_into (dialog_spin (dialog, "load_watts_spin"), "450");
  type_into (idle, "50");
  type_into (dialog_spin (dialog, "life_spin"), "36");
  type_into (dialog_spin (dialog, "resale_spin"), "25");
  type_into (dialog_spin (dialog, "tokens_spin"), "100");
  type_into (dialog_spin (dialog, "aggregate_spin"), "100");
  type_into (dialog_spin (dialog, "quality_spin"), "0.75");
  g_assert_true (gtk_widget_is_sensitive (find_action_button (dialog, "option.save")));
  gtk_widget_activate_action (dialog, "option.save", NULL);

  g_assert_cmpuint (g_list_model_get_n_items (options), ==, 3);
  added = g_list_model_get_item (options, 2);
  g_assert_cmpint (sy_inference_option_get_kind (added), ==, SY_INFERENCE_KIND_LOCAL);
  g_assert_cmpfloat (sy_inference_option_get_setup_usd (added), ==, 1600);
  g_assert_cmpfloat (sy_inference_option_get_load_watts (added), ==, 450);
  g_assert_cmpfloat (sy_inference_option_get_idle_watts (added), ==, 50);
  g_assert_cmpfloat (sy_inference_option_get_life_months (added), ==, 36);
  g_assert_cmpfloat_with_epsilon (sy_inference_option_get_resale_share (added), 0.25, 1e-12);
  g_assert_cmpstr (sy_costs_page_get_option_subtitle (fixture->page, sy_inference_option_get_id (added)),
                   ==, "$1,600 bought once · 450 W · 100 tokens/s · quality 0.75");

  /* The golden case once the electricity has a price. */
  set_worked_example (fixture, "gpt-4o-mini");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_KWH_PRICE), "0.3");
  assert_results_contain (fixture->page, "Power\n$30.80\n");
}

/* The Sensitivity section ranks the ranges by how far they move the
 * break-even of the option picked. */
static void
test_sensitivity_chart (Fixture       *fixture,
                        gconstpointer  data)
{
  SySensitivityView *view = sy_costs_page_get_sensitivity (fixture->page);
  SyTornadoChart *chart = sy_sensitivity_view_get_chart (view);
  GtkDropDown *dropdown = sy_sensitivity_view_get_option_dropdown (view);

  set_worked_example (fixture, "gpt-4o-mini");
  /* No ranges, no chart: a hint where to give them. */
  g_assert_null (sy_sensitivity_view_get_option_id (view));
  g_assert_cmpuint (sy_tornado_chart_get_n_bars (chart), ==, 0);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (chart))));

  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_LOW), "4000");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_HIGH), "6000");
  /* Ops hours cost nothing at the default rate of $0: no swing. */
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_OPS_HIGH), "5");
  g_assert_cmpstr (sy_sensitivity_view_get_option_id (view), ==, "llama3.1-8b-rtx4090");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (chart))));
  g_assert_cmpuint (sy_tornado_chart_get_n_bars (chart), ==, 2);
  g_assert_cmpfloat_with_epsilon (sy_tornado_chart_get_base_months (chart), 1600.0 / 24.0, 1e-6);
  g_assert_cmpint (sy_sensitivity_view_get_top_input (view), ==, SY_COST_INPUT_DAILY_REQUESTS);

  /* Sure of the traffic, unsure how fast the API gets cheaper: at up to
   * 90 % a year the box never pays back, and that moves it most. */
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_LOW), "4900");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_REQUESTS_HIGH), "5100");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_DECLINE_HIGH), "90");
  g_assert_cmpuint (sy_tornado_chart_get_n_bars (chart), ==, 3);
  g_assert_cmpint (sy_sensitivity_view_get_top_input (view), ==, SY_COST_INPUT_PRICE_DECLINE);

  /* The other option, and it stays picked as the inputs change. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dropdown)));
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpstr (sy_sensitivity_view_get_option_id (view), ==, "llama3.1-70b-2xa100");
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_OPS_HOURLY_USD), "50");
  g_assert_cmpstr (sy_sensitivity_view_get_option_id (view), ==, "llama3.1-70b-2xa100");
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 1);

  /* Unticking it falls back to the one left, with no choice to offer. */
  sy_inference_option_set_enabled (sy_cost_model_find_option (fixture->model, "llama3.1-70b-2xa100", NULL), FALSE);
  g_assert_cmpstr (sy_sensitivity_view_get_option_id (view), ==, "llama3.1-8b-rtx4090");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dropdown)));
}


static void
scroll_to (GtkWidget *widget,
           GtkWidget *target)
{
  GtkWidget *scrolled = NULL;
  GtkAdjustment *adjustment;
  graphene_point_t point;

  /* The one that scrolls: in a narrow window, the page's, around the
   * inputs' own */
  for (GtkWidget *w = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
       w != NULL;
       w = gtk_widget_get_ancestor (gtk_widget_get_parent (w), GTK_TYPE_SCROLLED_WINDOW))
    {
      GtkAdjustment *a = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));

      if (gtk_adjustment_get_upper (a) > gtk_adjustment_get_page_size (a))
        scrolled = w;
      if (gtk_widget_get_parent (w) == NULL)
        break;
    }
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (widget);
  g_assert_true (gtk_widget_compute_point (target, scrolled,
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  /* The point is where the target shows now, in the scrolled view */
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
}

/* With SWITCHYARD_SCREENSHOT_DIR set: the Advanced group open, the cards
 * and the option dialog, wide and at phone width, to look at. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SyInferenceOption) box = sy_inference_option_new ("box", "RTX 4090, 450 W", 1600, 0, 100, 0.75);
  g_autoptr(SyInferenceOption) rented = sy_inference_option_new ("rented", "Rented L40S", 0, 0, 400, 0.75);
  SyCostsAdvanced *advanced = sy_costs_page_get_advanced (fixture->page);
  const char *suffix = g_getenv ("SWITCHYARD_SCREENSHOT_SUFFIX");
  const int widths[] = { 1280, 360 };
  GtkWidget *dialog;

  sy_inference_option_set_load_watts (box, 450);
  sy_inference_option_set_idle_watts (box, 50);
  sy_inference_option_set_life_months (box, 36);
  sy_inference_option_set_resale_share (box, 0.25);
  sy_inference_option_set_kind (rented, SY_INFERENCE_KIND_RENTED);
  sy_inference_option_set_rent_hourly_usd (rented, 0.8);
  sy_cost_model_add_option (fixture->model, box);
  sy_cost_model_add_option (fixture->model, rented);
  set_worked_example (fixture, "gpt-4o");
  sy_cost_model_set_inputs (fixture->model, &(SyCostInputs) { 0.3, 1, 20, 1, 0, 0, 0, 0.05 });
  gtk_spin_button_set_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_REQUESTS_HIGH), 6000);
  gtk_spin_button_set_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_REQUESTS_LOW), 4000);
  gtk_spin_button_set_value (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_WATTS_SPREAD), 20);
  type_into (sy_costs_advanced_get_spin (advanced, SY_COSTS_FIELD_PEAK_FACTOR), "lots");

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      g_autofree char *cards = g_strdup_printf ("costs-cards-%d%s.png", widths[w], suffix ? suffix : "");
      g_autofree char *open = g_strdup_printf ("costs-advanced-%d%s.png", widths[w], suffix ? suffix : "");
      g_autofree char *more = g_strdup_printf ("costs-uncertainty-%d%s.png", widths[w], suffix ? suffix : "");
      g_autofree char *tornado = g_strdup_printf ("costs-sensitivity-%d%s.png", widths[w], suffix ? suffix : "");

      for (guint i = 0; i < 3; i++)
        adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, i), FALSE);
      gtk_window_set_default_size (fixture->window, widths[w], 900);
      wait_for_width (GTK_WIDGET (fixture->window), widths[w]);
      if (widths[w] < 600)
        scroll_to (GTK_WIDGET (fixture->window), GTK_WIDGET (sy_costs_page_get_plot (fixture->page)));
      if (widths[w] < 600)
        {
          GtkWidget *results = gtk_widget_get_prev_sibling (gtk_widget_get_parent (GTK_WIDGET (sy_costs_page_get_plot (fixture->page))));

          while (results != NULL && !GTK_IS_FLOW_BOX (results))
            results = gtk_widget_get_prev_sibling (results);
          scroll_to (GTK_WIDGET (fixture->window), results);
        }
      save_window_png (GTK_WIDGET (fixture->window), cards);

      scroll_to (GTK_WIDGET (fixture->window), GTK_WIDGET (sy_costs_page_get_sensitivity (fixture->page)));
      save_window_png (GTK_WIDGET (fixture->window), tornado);

      adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, 0), TRUE);
      adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, 1), TRUE);
      scroll_to (GTK_WIDGET (fixture->window), GTK_WIDGET (advanced));
      save_window_png (GTK_WIDGET (fixture->window), open);

      adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, 0), FALSE);
      adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, 1), FALSE);
      adw_expander_row_set_expanded (sy_costs_advanced_get_expander (advanced, 2), TRUE);
      scroll_to (GTK_WIDGET (fixture->window), GTK_WIDGET (advanced));
      save_window_png (GTK_WIDGET (fixture->window), more);
    }

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autofree char *name = g_strdup_printf ("option-dialog-%s%s.png", kind ? "rented" : "bought", suffix ? suffix : "");

      dialog = sy_option_dialog_new (fixture->model, kind ? rented : box);
      gtk_window_set_transient_for (GTK_WINDOW (dialog), fixture->window);
      gtk_window_set_default_size (GTK_WINDOW (dialog), 460, 900);
      gtk_window_present (GTK_WINDOW (dialog));
      if (!kind)
        type_into (dialog_spin (dialog, "idle_watts_spin"), "500");
      save_window_png (dialog, name);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

/* Import Usage: a usage log read in the background, its summary, "Use
 * for Costs" and Undo. usage.csv's figures are worked out by hand in
 * test-usage-log.c: 10 requests a day, 105 / 54.75 tokens, peak factor 12. */
static void
wait_for_usage_import (SyCostsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sy_costs_page_is_importing_usage (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sy_costs_page_is_importing_usage (page));
}

static void
import_usage_fixture (SyCostsPage *page,
                      const char  *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "usage", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sy_costs_page_import_usage_file (page, file);
  g_assert_true (sy_costs_page_is_importing_usage (page));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sy_costs_page_get_import_stack (page)), ==, "reading");
  wait_for_usage_import (page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sy_costs_page_get_import_stack (page)), ==, "idle");
}

static void
assert_traffic (SyCostModel *model,
                double       daily_requests,
                double       input_tokens,
                double       output_tokens,
                double       peak_factor)
{
  SyTraffic traffic;
  SyCostInputs inputs;

  sy_cost_model_get_traffic (model, &traffic);
  sy_cost_model_get_inputs (model, &inputs);
  g_assert_cmpfloat_with_epsilon (traffic.daily_requests, daily_requests, 1e-9);
  g_assert_cmpfloat_with_epsilon (traffic.input_tokens, input_tokens, 1e-9);
  g_assert_cmpfloat_with_epsilon (traffic.output_tokens, output_tokens, 1e-9);
  g_assert_cmpfloat_with_epsilon (inputs.peak_factor, peak_factor, 1e-9);
}

/* The subtitle of the row holding @widget. */
static const char *
row_subtitle (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  g_assert_nonnull (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static void
test_import_usage (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();
  const SyUsageReport *report;
  GtkWidget *dialog;
  const char *body;
  SyCostInputs inputs;
  AdwToast *toast;

  /* A peak factor of its own, for Undo to bring back. */
  sy_cost_model_get_inputs (fixture->model, &inputs);
  inputs.peak_factor = 1.5;
  sy_cost_model_set_inputs (fixture->model, &inputs);

  import_usage_fixture (fixture->page, "usage.csv");
  g_assert_null (sy_costs_page_get_usage_error (fixture->page));
  report = sy_costs_page_get_usage_report (fixture->page);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->records, ==, 20);

  /* The summary: the figures and the first skipped row. */
  dialog = sy_costs_page_get_usage_dialog (fixture->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Usage in “usage.csv”");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "Records: 20\nDays: 2\n"));
  g_assert_nonnull (strstr (body, "Requests a day: 10.0"));
  g_assert_nonnull (strstr (body, "Input tokens: 105 on average"));
  g_assert_nonnull (strstr (body, "Peak factor: 12.0"));
  g_assert_nonnull (strstr (body, "4 rows skipped (line 8: a quote that does not close)"));
  /* Nothing changes before "Use for Costs". */
  assert_traffic (fixture->model, 1000, 1000, 500, 1.5);

  g_assert_false (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "use");
  assert_traffic (fixture->model, 10, 105, 54.75, 12);
  g_assert_cmpfloat (gtk_spin_button_get_value (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS)), ==, 10);
  g_assert_null (sy_costs_page_get_usage_report (fixture->page));
  /* The imported traffic and peak factor are marked measured, as the
   * pilot's figures are, and say where they come from. */
  g_assert_true (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS));
  g_assert_true (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_true (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_OUTPUT_TOKENS));
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS))), ==,
                   "Measured from the usage log");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (advanced_spin (fixture, SY_COSTS_FIELD_PEAK_FACTOR))), ==,
                   "Measured from the usage log");
  /* Typing another figure takes its mark away, and only its. */
  type_into (sy_costs_page_get_spin (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS), "11");
  g_assert_false (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS));
  g_assert_true (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS));
  type_into (advanced_spin (fixture, SY_COSTS_FIELD_PEAK_FACTOR), "3");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (advanced_spin (fixture, SY_COSTS_FIELD_PEAK_FACTOR))), ==,
                   "Busiest hour ÷ average hour");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "costs.undo-usage-import", NULL);
  assert_traffic (fixture->model, 1000, 1000, 500, 1.5);
  g_assert_false (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_false (sy_costs_page_spin_is_measured (fixture->page, SY_COSTS_SPIN_DAILY_REQUESTS));
  /* A second Undo has nothing left to undo. */
  sy_cost_model_set_daily_requests (fixture->model, 42);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "costs.undo-usage-import", NULL);
  assert_traffic (fixture->model, 42, 1000, 500, 1.5);

  /* The toast names the file and carries the Undo. (Only this round has
   * a toast overlay: with a toast from each round the page was not
   * finalized with its window in this test.) */
  g_object_ref (fixture->page);
  gtk_window_set_child (fixture->window, overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  g_object_unref (fixture->page);
  import_usage_fixture (fixture->page, "usage.csv");
  dialog = sy_costs_page_get_usage_dialog (fixture->page);
  toast = sy_costs_page_use_usage_report (fixture->page);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Traffic from usage.csv");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "costs.undo-usage-import");
  assert_traffic (fixture->model, 10, 105, 54.75, 12);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  assert_traffic (fixture->model, 10, 105, 54.75, 12);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "costs.undo-usage-import", NULL);
  assert_traffic (fixture->model, 42, 1000, 500, 1.5);
}

/* Cancel on the summary leaves everything as it was. */
static void
test_import_usage_cancel (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *dialog;

  import_usage_fixture (fixture->page, "litellm.jsonl");
  g_assert_nonnull (sy_costs_page_get_usage_report (fixture->page));
  dialog = sy_costs_page_get_usage_dialog (fixture->page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_null (sy_costs_page_get_usage_report (fixture->page));
  assert_traffic (fixture->model, 1000, 1000, 500, 1);
}

/* Cancel while reading (the progress bar's button): no summary, no
 * error, the button back. */
static void
test_import_usage_cancel_reading (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "usage", "usage.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkStack *stack = sy_costs_page_get_import_stack (fixture->page);

  sy_costs_page_import_usage_file (fixture->page, file);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "reading");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "costs.cancel-usage-import", NULL));
  wait_for_usage_import (fixture->page);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "idle");
  g_assert_null (sy_costs_page_get_usage_report (fixture->page));
  g_assert_null (sy_costs_page_get_usage_error (fixture->page));
  g_assert_null (sy_costs_page_get_usage_dialog (fixture->page));
  assert_traffic (fixture->model, 1000, 1000, 500, 1);
}

/* An empty file: an error message, no summary, the model untouched. */
static void
test_import_usage_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *dialog;

  import_usage_fixture (fixture->page, "empty.csv");
  g_assert_null (sy_costs_page_get_usage_report (fixture->page));
  g_assert_nonnull (sy_costs_page_get_usage_error (fixture->page));
  dialog = sy_costs_page_get_usage_dialog (fixture->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Could Not Import Usage");
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   sy_costs_page_get_usage_error (fixture->page));
  assert_traffic (fixture->model, 1000, 1000, 500, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "costs.undo-usage-import", NULL);
  assert_traffic (fixture->model, 1000, 1000, 500, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;
  g_autofree char *xdg = g_dir_make_tmp ("test-costs-page-XXXXXX", NULL);
  g_autofree char *pictures = g_build_filename (xdg, "Pictures", NULL);
  g_autofree char *user_dirs = g_build_filename (xdg, "user-dirs.dirs", NULL);
  g_autofree char *user_dirs_text = g_strdup_printf ("XDG_PICTURES_DIR=\"%s\"\n", pictures);
  int status;

  /* The export chooser's folder: a Pictures folder of the test's own */
  g_assert_nonnull (xdg);
  g_assert_cmpint (g_mkdir (pictures, 0700), ==, 0);
  g_assert_true (g_file_set_contents (user_dirs, user_dirs_text, -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", xdg, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Screenshots in another language: meson devenv's message catalogues */
  if (g_getenv ("SWITCHYARD_LOCALEDIR") != NULL)
    {
      /* gtk_test_init() chose English; the screenshots want the user's. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SWITCHYARD_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  /* The app's own style sheet, which an AdwApplication would load: the
   * cards' padding decides how many share a row. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/costs-page/defaults", test_defaults_shown);
  ADD ("/costs-page/spin-buttons", test_spin_buttons_update_results_and_plot);
  ADD ("/costs-page/untick-option", test_unticking_an_option_hides_its_line);
  ADD ("/costs-page/invalid-input", test_invalid_input_keeps_last_result);
  ADD ("/costs-page/export", test_export);
  ADD ("/costs-page/export-sensitivity", test_export_sensitivity);
  ADD ("/costs-page/export-chooser-and-toast", test_export_chooser_and_toast);
  ADD ("/costs-page/option-dialog/runs-on", test_option_dialog_runs_on);
  ADD ("/costs-page/export-deployment", test_export_deployment);
  ADD ("/costs-page/export-deployment/chooser", test_export_deployment_chooser);
  ADD ("/costs-page/option-dialog", test_option_dialog);
  ADD ("/costs-page/option-dialog-no-early-error", test_option_dialog_no_early_error);
  ADD ("/costs-page/option-dialog-edit", test_option_dialog_edit_and_cancel);
  ADD ("/costs-page/removed-price", test_removed_price_falls_back);
  ADD ("/costs-page/narrow-window", test_narrow_window_stacks_columns);
  ADD ("/costs-page/plot-shape", test_plot_shape);
  ADD ("/costs-page/plot-visible-with-four-options", test_plot_visible_with_four_options);
  ADD ("/costs-page/advanced/fields-reach-model", test_advanced_fields_reach_model);
  ADD ("/costs-page/advanced/refuse-bad-text", test_advanced_fields_refuse_bad_text);
  ADD ("/costs-page/cards/power-breakdown", test_cards_power_breakdown);
  ADD ("/costs-page/cards/ops-breakdown", test_cards_ops_breakdown);
  ADD ("/costs-page/cards/rent-and-hardware", test_cards_rent_and_hardware);
  ADD ("/costs-page/cards/ranges", test_ranges_show_spread);
  ADD ("/costs-page/cards/ranges-restored", test_ranges_restored);
  ADD ("/costs-page/sensitivity", test_sensitivity_chart);
  ADD ("/costs-page/option-dialog/rented", test_option_dialog_rented);
  ADD ("/costs-page/option-dialog/bought-with-watts", test_option_dialog_bought_with_watts);
  ADD ("/costs-page/import-usage", test_import_usage);
  ADD ("/costs-page/import-usage/cancel", test_import_usage_cancel);
  ADD ("/costs-page/import-usage/cancel-reading", test_import_usage_cancel_reading);
  ADD ("/costs-page/import-usage/empty", test_import_usage_empty);
  if (g_getenv ("SWITCHYARD_SCREENSHOT_DIR") != NULL)
    ADD ("/costs-page/screenshots", test_screenshots);
#undef ADD

  status = g_test_run ();

  g_unlink (user_dirs);
  g_rmdir (pictures);
  g_rmdir (xdg);

  return status;
}
