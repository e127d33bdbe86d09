/* sy-costs-page-deploy.c: the Costs page's Export Deployment…: engine,
 * model and box, then a folder, then the plan written into it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-costs-page-private.h"
#include "sy-deploy-plan.h"
#include "sy-field-check.h"
#include "sy-file-chooser.h"
#include "sy-gpu-table.h"
#include "sy-toast.h"

/* A box as the dialog starts it for an option that does not say what it
 * was planned on: one 24 GB card (an RTX 4090, SPEC's llama3.1-8b-rtx4090)
 * and 64 GB of RAM. */
#define DEFAULT_VRAM_GB 24
#define DEFAULT_RAM_GB  64
#define DEFAULT_CONTEXT 8192

/* The options that can be deployed: enabled and bought or rented boxes
 * alike (a rented GPU runs the same engine). */
static GPtrArray *
dup_deployable_options (SyCostsPage *self)
{
  GListModel *options = sy_cost_model_get_options (sy_costs_page_get_model (self));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (options); i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

      if (sy_inference_option_get_enabled (option))
        g_ptr_array_add (out, g_steal_pointer (&option));
    }

  return out;
}

/* The chosen local option: the enabled one that breaks even first (the
 * cheapest over time), else the first enabled one. */
static guint
find_chosen_option (SyCostsPage *self,
                    GPtrArray   *options)
{
  guint best = 0;
  double best_months = G_MAXDOUBLE;

  for (guint i = 0; i < options->len; i++)
    {
      SyCostResult result;

      if (sy_cost_model_compute (sy_costs_page_get_model (self), g_ptr_array_index (options, i),
                                 &result, NULL) &&
          result.breaks_even && result.break_even_months < best_months)
        {
          best = i;
          best_months = result.break_even_months;
        }
    }

  return best;
}

/* The model the Models page would put first for the default box. */
static guint
find_best_fit (SyModelCatalog *catalog)
{
  SyFitMachine machine = { .gpu_bytes = { DEFAULT_VRAM_GB * SY_FIT_GIB }, .n_gpus = 1,
                           .ram_bytes = DEFAULT_RAM_GB * SY_FIT_GIB };
  const SyCatalogModel *best_model = NULL;
  SyFitResult best_result = { 0 };
  guint best = 0;

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *model = sy_model_catalog_get_model (catalog, i);
      SyFitResult result;

      /* Chat models only: an embedding model answers no requests. */
      if (!model->kv_cache || g_strcmp0 (model->use_case, "chat") != 0)
        continue;
      sy_fit_best (model, DEFAULT_CONTEXT, SY_KV_F16, &machine, &result);
      if (best_model == NULL || sy_fit_compare (model, &result, best_model, &best_result) < 0)
        {
          best_model = model;
          best_result = result;
          best = i;
        }
    }

  return best;
}

gboolean
sy_costs_page_export_deployment (SyCostsPage    *self,
                                 SyDeployEngine  engine,
                                 const char     *model_id,
                                 const char     *option_id,
                                 guint           n_cards,
                                 double          vram_gb,
                                 double          ram_gb,
                                 const char     *path,
                                 GError        **error)
{
  SyCostModel *cost_model = sy_costs_page_get_model (self);
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  g_autoptr(SyDeployPlan) plan = NULL;
  const SyCatalogModel *model = sy_model_catalog_find (catalog, model_id);
  SyInferenceOption *option = sy_cost_model_find_option (cost_model, option_id, error);
  SyFitMachine machine = { .ram_bytes = ram_gb * SY_FIT_GIB };

  if (option == NULL)
    return FALSE;
  if (model == NULL)
    {
      g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID,
                   _("“%s” is not in the model catalogue"), model_id);
      return FALSE;
    }
  if (n_cards > SY_FIT_MAX_GPUS)
    {
      g_set_error (error, SY_DEPLOY_ERROR, SY_DEPLOY_ERROR_INVALID,
                   _("A box holds at most %u cards"), SY_FIT_MAX_GPUS);
      return FALSE;
    }
  if (vram_gb > 0)
    {
      for (guint i = 0; i < MAX (n_cards, 1); i++)
        machine.gpu_bytes[i] = vram_gb * SY_FIT_GIB;
      machine.n_gpus = MAX (n_cards, 1);
    }

  plan = sy_deploy_plan_new (engine, model, &machine, DEFAULT_CONTEXT, SY_KV_F16, cost_model,
                             option, sy_costs_page_get_router (self), error);

  return plan != NULL && sy_deploy_plan_write (plan, path, error);
}

static void
show_error (SyCostsPage *self,
            const char  *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Could Not Export the Deployment"), body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwToast *
sy_costs_page_announce_deployment (SyCostsPage *self,
                                   const char  *path)
{
  AdwToast *toast = sy_costs_page_announce_export (self, path);

  /* Translators: the button of the "Saved" toast after Export Deployment */
  if (toast != NULL)
    adw_toast_set_button_label (toast, _("Open _Folder"));

  return toast;
}

typedef struct
{
  SyDeployEngine engine;
  char          *model_id;
  char          *option_id;
  guint          n_cards;
  double         vram_gb;
  double         ram_gb;
} Choice;

static void
choice_free (Choice *choice)
{
  g_free (choice->model_id);
  g_free (choice->option_id);
  g_free (choice);
}

static void
on_folder_response_cb (GtkNativeDialog *native,
                       int              response,
                       SyCostsPage     *self)
{
  Choice *choice = g_object_get_data (G_OBJECT (native), "sy-choice");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        show_error (self, _("The chosen location is not a local folder."));
      else if (!sy_costs_page_export_deployment (self, choice->engine, choice->model_id,
                                                 choice->option_id, choice->n_cards, choice->vram_gb,
                                                 choice->ram_gb, path, &error))
        show_error (self, error->message);
      else
        sy_costs_page_announce_deployment (self, path);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
on_dialog_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       SyCostsPage      *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GPtrArray *options = g_object_get_data (G_OBJECT (dialog), "sy-options");
  SyModelCatalog *catalog = g_object_get_data (G_OBJECT (dialog), "sy-catalog");
  Choice *choice;
  GtkFileChooserNative *native;
  GtkSpinButton *cards, *vram, *ram;

  if (g_strcmp0 (response, "choose") != 0)
    return;

  choice = g_new0 (Choice, 1);
  choice->engine = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-engine"));
  choice->option_id = g_strdup (sy_inference_option_get_id (
    g_ptr_array_index (options, adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-option")))));
  choice->model_id = g_strdup (sy_model_catalog_get_model (
    catalog, adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-model")))->id);
  cards = g_object_get_data (G_OBJECT (dialog), "sy-cards");
  vram = g_object_get_data (G_OBJECT (dialog), "sy-vram");
  ram = g_object_get_data (G_OBJECT (dialog), "sy-ram");
  /* Text typed and not yet entered counts (closing the dialog commits it
   * on GTK 4.8, which is not promised); the response is off while it is
   * not a number in range. */
  gtk_spin_button_update (cards);
  gtk_spin_button_update (vram);
  gtk_spin_button_update (ram);
  choice->n_cards = gtk_spin_button_get_value_as_int (cards);
  choice->vram_gb = gtk_spin_button_get_value (vram);
  choice->ram_gb = gtk_spin_button_get_value (ram);

  native = gtk_file_chooser_native_new (_("Export Deployment"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  sy_file_chooser_start_in_documents (GTK_FILE_CHOOSER (native));
  /* Translators: default name of the folder Export Deployment writes; keep it a valid file name */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("deployment"));
  g_object_set_data_full (G_OBJECT (native), "sy-choice", choice, (GDestroyNotify) choice_free);
  g_signal_connect_object (native, "response", G_CALLBACK (on_folder_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* A row choosing one of @names; a long value goes under the title, where
 * it wraps, so the dialog fits a phone. */
static GtkWidget *
new_choice_row (GtkListBox  *list,
                const char  *title,
                GListModel  *names,
                guint        selected,
                gboolean     value_below)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), names);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), value_below);
  gtk_list_box_append (list, row);

  return row;
}

/* Choose Folder… is off while a number field holds text that is not a
 * number in its range; the field says what is wrong once entered. */
static void
on_number_changed_cb (GtkSpinButton    *changed,
                      AdwMessageDialog *dialog)
{
  const char *keys[] = { "sy-cards", "sy-vram", "sy-ram" };
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkSpinButton *spin = g_object_get_data (G_OBJECT (dialog), keys[i]);
      GtkAdjustment *adjustment;
      g_autofree char *message = NULL;
      double value;

      /* Still being built. */
      if (spin == NULL)
        return;
      adjustment = gtk_spin_button_get_adjustment (spin);
      if (!sy_field_check_parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)),
                                        gtk_adjustment_get_lower (adjustment),
                                        gtk_adjustment_get_upper (adjustment),
                                        gtk_spin_button_get_digits (spin),
                                        &value, &message))
        valid = FALSE;
    }
  adw_message_dialog_set_response_enabled (dialog, "choose", valid);
}

/* A whole number from @lower to @upper, checked as every number field in
 * the app is: its error shows in a row under it. */
static GtkWidget *
new_number_row (GtkListBox *list,
                const char *title,
                double      lower,
                double      upper,
                double      value,
                GtkWidget  *dialog)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  /* The fields as wide as each other, whatever their ranges' digits. */
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 5);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  g_signal_connect (spin, "input", G_CALLBACK (sy_field_check_spin_input), NULL);
  g_signal_connect (spin, "output", G_CALLBACK (sy_field_check_spin_output), NULL);
  g_signal_connect_after (spin, "value-changed", G_CALLBACK (sy_field_check_spin_value_changed), NULL);
  g_signal_connect_object (spin, "changed", G_CALLBACK (on_number_changed_cb), dialog, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  gtk_list_box_append (list, row);

  return spin;
}

static guint
find_model_index (SyModelCatalog *catalog,
                  const char     *model_id)
{
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      if (g_strcmp0 (sy_model_catalog_get_model (catalog, i)->id, model_id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Which build the plan will run, as sy_deploy_plan_new() chooses it: said
 * before the folder is chosen, as it decides memory, speed and boxes. */
static void
update_build_row (GtkWidget *dialog)
{
  GPtrArray *options = g_object_get_data (G_OBJECT (dialog), "sy-options");
  SyModelCatalog *catalog = g_object_get_data (G_OBJECT (dialog), "sy-catalog");
  AdwActionRow *row = g_object_get_data (G_OBJECT (dialog), "sy-build");
  guint option_index = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-option"));
  guint model_index = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-model"));
  SyDeployEngine engine = adw_combo_row_get_selected (g_object_get_data (G_OBJECT (dialog), "sy-engine"));
  SyInferenceOption *option;
  const SyCatalogModel *model;
  SyQuant quant;
  g_autofree char *text = NULL;

  if (row == NULL || option_index >= options->len || model_index >= sy_model_catalog_get_n_models (catalog))
    return;
  option = g_ptr_array_index (options, option_index);
  model = sy_model_catalog_get_model (catalog, model_index);

  if (engine == SY_DEPLOY_ENGINE_VLLM)
    text = g_strdup (_("F16: vLLM serves the unquantised weights"));
  else if (sy_deploy_plan_option_quant (option, model, &quant))
    /* Translators: a quantisation such as Q4_K_M */
    text = g_strdup_printf (_("%s: the one the option’s speed is for"), sy_quant_to_string (quant));
  else
    text = g_strdup (_("The most precise that fits the box"));
  adw_action_row_set_subtitle (row, text);
}

static void
on_build_input_changed_cb (AdwComboRow *row,
                           GParamSpec  *pspec,
                           GtkWidget   *dialog)
{
  update_build_row (dialog);
}

/* The boxes an option was planned on (on the Models page, or SPEC's two)
 * are what the plan starts from: its model and its cards. An option that
 * does not say leaves the fields as they are. */
static void
on_option_selected_cb (AdwComboRow *row,
                       GParamSpec  *pspec,
                       GtkWidget   *dialog)
{
  GPtrArray *options = g_object_get_data (G_OBJECT (dialog), "sy-options");
  SyModelCatalog *catalog = g_object_get_data (G_OBJECT (dialog), "sy-catalog");
  SyGpuTable *gpus = g_object_get_data (G_OBJECT (dialog), "sy-gpus");
  guint selected = adw_combo_row_get_selected (row);
  SyInferenceOption *option;
  const SyGpuSpec *gpu;
  guint model;

  if (selected >= options->len)
    return;
  option = g_ptr_array_index (options, selected);

  model = find_model_index (catalog, sy_inference_option_get_model_id (option));
  if (model != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (g_object_get_data (G_OBJECT (dialog), "sy-model"), model);

  if (sy_inference_option_get_gpu_id (option) == NULL)
    return;
  gpu = sy_gpu_table_lookup (gpus, sy_inference_option_get_gpu_id (option));
  if (gpu == NULL)
    return;
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "sy-cards"),
                             MIN (sy_inference_option_get_gpu_count (option), SY_FIT_MAX_GPUS));
  gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "sy-vram"), gpu->memory_gb);
}

GtkWidget *
sy_costs_page_new_deploy_dialog (SyCostsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GPtrArray) options = dup_deployable_options (self);
  g_autoptr(SyModelCatalog) catalog = sy_model_catalog_new_default ();
  g_autoptr(GtkStringList) engine_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) option_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) model_names = gtk_string_list_new (NULL);
  GtkWidget *dialog, *list, *engine, *option, *model, *build, *cards, *vram, *ram;
  guint best_model = find_best_fit (catalog);

  if (options->len == 0)
    return NULL;

  for (guint i = 0; i < SY_DEPLOY_N_ENGINES; i++)
    gtk_string_list_append (engine_names, sy_deploy_engine_get_label (i));
  for (guint i = 0; i < options->len; i++)
    gtk_string_list_append (option_names, sy_inference_option_get_name (g_ptr_array_index (options, i)));
  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    gtk_string_list_append (model_names, sy_model_catalog_get_model (catalog, i)->name);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Export Deployment"),
                                   _("Engine commands for each box, a LiteLLM proxy that falls back "
                                     "to the API, and a README with the monthly cost. API keys are "
                                     "never written: the proxy reads them from the environment."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  engine = new_choice_row (GTK_LIST_BOX (list), _("_Engine"), G_LIST_MODEL (engine_names), 0, FALSE);
  option = new_choice_row (GTK_LIST_BOX (list), _("_Boxes"), G_LIST_MODEL (option_names),
                           find_chosen_option (self, options), TRUE);
  model = new_choice_row (GTK_LIST_BOX (list), _("_Model"), G_LIST_MODEL (model_names), best_model, TRUE);
  build = adw_action_row_new ();
  /* Translators: the quantisation the deployment runs, said in the row's subtitle */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (build), _("Build"));
  gtk_list_box_append (GTK_LIST_BOX (list), build);
  cards = new_number_row (GTK_LIST_BOX (list), _("_GPUs per box"), 1, SY_FIT_MAX_GPUS, 1, dialog);
  vram = new_number_row (GTK_LIST_BOX (list), _("Memory per G_PU (GiB)"), 0, 4096, DEFAULT_VRAM_GB, dialog);
  ram = new_number_row (GTK_LIST_BOX (list), _("_RAM per box (GiB)"), 0, 65536, DEFAULT_RAM_GB, dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "choose", _("_Choose Folder…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");

  g_object_set_data (G_OBJECT (dialog), "sy-engine", engine);
  g_object_set_data (G_OBJECT (dialog), "sy-option", option);
  g_object_set_data (G_OBJECT (dialog), "sy-model", model);
  g_object_set_data (G_OBJECT (dialog), "sy-build", build);
  g_object_set_data (G_OBJECT (dialog), "sy-cards", cards);
  g_object_set_data (G_OBJECT (dialog), "sy-vram", vram);
  g_object_set_data (G_OBJECT (dialog), "sy-ram", ram);
  g_object_set_data_full (G_OBJECT (dialog), "sy-options", g_steal_pointer (&options),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (dialog), "sy-catalog", g_steal_pointer (&catalog), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "sy-gpus", sy_gpu_table_new_default (), g_object_unref);
  g_signal_connect_object (option, "notify::selected", G_CALLBACK (on_option_selected_cb), dialog, 0);
  on_option_selected_cb (ADW_COMBO_ROW (option), NULL, dialog);
  g_signal_connect_object (engine, "notify::selected", G_CALLBACK (on_build_input_changed_cb), dialog, 0);
  g_signal_connect_object (option, "notify::selected", G_CALLBACK (on_build_input_changed_cb), dialog, 0);
  g_signal_connect_object (model, "notify::selected", G_CALLBACK (on_build_input_changed_cb), dialog, 0);
  update_build_row (dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dialog_response_cb), self, 0);

  return dialog;
}

void
sy_costs_page_export_deployment_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  GtkWidget *dialog = sy_costs_page_new_deploy_dialog (self);

  if (dialog == NULL)
    {
      show_error (self, _("Tick at least one local option to deploy."));
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}
