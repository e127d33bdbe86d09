/* sy-models-page.c: which local models run well here, at what context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-columns.h"
#include "sy-field-check.h"
#include "sy-model-row.h"
#include "sy-models-page-private.h"
#include "sy-models-page-gguf.h"
#include "sy-models-page-ollama.h"
#include "sy-models-page-plan.h"
#include "sy-speed.h"
#include "sy-toast.h"
#include "sy-models-page-rows.h"

static const guint contexts[] = { 2048, 4096, 8192, 16384, 32768, 65536, 131072 };

typedef struct
{
  const SyCatalogModel *model;
  SyFitResult        result;
  double             predicted;  /* tokens/s; 0: no prediction */
  double             measured;   /* tokens/s measured on this machine; 0: none */
  char              *speed_explained;
} Row;

struct _SyModelsPage
{
  AdwBin          parent_instance;

  SyContext      *context;
  GSettings      *settings;
  SyModelCatalog *catalog;
  SyGpuTable     *gpu_table;
  SyModelsOllama *ollama;
  SyHardware     *hardware;
  GCancellable   *cancellable;
  GArray         *rows;
  GPtrArray      *own_models;  /* SyCatalogModel: opened GGUF files */
  /* Every row's buttons, so a row without Use for Chat keeps its verdict
   * in line with the others. */
  GtkSizeGroup   *actions_group;
  gboolean        detecting;
  gboolean        updating_controls;

  /* Template widgets */
  GtkSpinner     *spinner;
  GtkListBox     *hardware_list;
  AdwComboRow    *card_row;
  GtkWidget      *card_count_row;
  GtkSpinButton  *card_count_spin;
  GtkAdjustment  *card_count_adjustment;
  GtkSpinButton  *manual_vram_spin;
  GtkAdjustment  *manual_vram_adjustment;
  GtkSpinButton  *manual_ram_spin;
  GtkAdjustment  *manual_ram_adjustment;
  AdwComboRow    *context_row;
  AdwComboRow    *kv_row;
  AdwComboRow    *use_case_row;
  GtkLabel       *summary_label;
  GtkListBox     *models_list;
  GtkWidget      *ollama_notice;
  GtkLabel       *ollama_notice_label;
};

G_DEFINE_FINAL_TYPE (SyModelsPage, sy_models_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_detection (SyModelsPage *self);

/* Auxiliary functions */

static void
update_hardware (SyModelsPage *self)
{
  SyHardware *hardware = self->hardware;
  gint64 ram_total, ram_available;
  g_autofree char *ram_size = NULL;
  g_autofree char *ram_caption = NULL;
  g_autofree char *cores = NULL;

  sy_models_clear_list (self->hardware_list);
  gtk_spinner_set_spinning (self->spinner, self->detecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.refresh", !self->detecting);

  if (!sy_hardware_get_detected (hardware))
    {
      sy_models_add_hardware_row (self->hardware_list, "emblem-synchronizing-symbolic", _("Detecting hardware…"),
                        NULL, 0, 0, _("Asking the GPU drivers; the window stays usable."), NULL);
      return;
    }

  for (guint i = 0; i < sy_hardware_get_n_gpus (hardware); i++)
    sy_models_add_gpu_row (self->hardware_list, sy_hardware_get_gpu (hardware, i));
  if (sy_hardware_get_n_gpus (hardware) == 0)
    sy_models_add_hardware_row (self->hardware_list, "video-display-symbolic", _("No GPU found"), NULL, 0, 0,
                      _("Models run on the CPU from system RAM."),
                      sy_hardware_get_nvidia_reason (hardware));

  ram_total = sy_hardware_get_ram_total (hardware);
  ram_available = sy_hardware_get_ram_available (hardware);
  if (ram_total >= 0)
    ram_size = sy_fit_format_gib ((double) ram_total);
  if (ram_total >= 0 && ram_available >= 0)
    {
      g_autofree char *available = sy_fit_format_gib ((double) ram_available);
      g_autofree char *in_use = sy_fit_format_gib ((double) (ram_total - ram_available));

      /* Translators: RAM available, RAM other programs use */
      ram_caption = g_strdup_printf (_("%s available · %s in use"), available, in_use);
    }
  else if (ram_available >= 0)
    {
      g_autofree char *available = sy_fit_format_gib ((double) ram_available);

      ram_caption = g_strdup_printf (_("%s available"), available);
    }
  sy_models_add_hardware_row (self->hardware_list, "drive-multidisk-symbolic", _("System memory"), ram_size,
                    ram_total >= 0 && ram_available >= 0 ? (double) (ram_total - ram_available) : 0,
                    ram_available >= 0 ? (double) ram_total : 0,
                    ram_caption, sy_hardware_get_ram_reason (hardware));

  cores = g_strdup_printf ("%u", sy_hardware_get_n_cores (hardware));
  sy_models_add_hardware_row (self->hardware_list, "system-run-symbolic", _("Processor cores"), cores, 0, 0, NULL, NULL);
}

static guint
get_context (SyModelsPage *self)
{
  return g_settings_get_uint (self->settings, "models-context-length");
}

static SyKvType
get_kv_type (SyModelsPage *self)
{
  g_autofree char *text = g_settings_get_string (self->settings, "models-kv-type");
  SyKvType type = SY_KV_F16;

  sy_kv_type_from_string (text, &type);
  return type;
}

/* The card chosen in the planner; NULL: detected GPUs or manual VRAM. */
static const SyGpuSpec *
get_planned_gpu (SyModelsPage *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "models-planned-gpu");

  return *id != '\0' ? sy_gpu_table_lookup (self->gpu_table, id) : NULL;
}

static guint
get_planned_count (SyModelsPage *self)
{
  return (guint) CLAMP (g_settings_get_double (self->settings, "models-planned-gpu-count"), 1, SY_FIT_MAX_GPUS);
}

static void
clear_row (Row *row)
{
  g_clear_pointer (&row->speed_explained, g_free);
}

static GtkWidget *
new_model_row (SyModelsPage *self,
               const Row    *row,
               double        ram_budget,
               const char   *chat_model)
{
  GtkWidget *model_row = sy_model_row_new (row->model, &row->result, get_kv_type (self), ram_budget, chat_model);
  g_autofree char *speed = sy_speed_format (row->predicted, row->measured);

  if (row->result.verdict != SY_FIT_TOO_LARGE)
    sy_model_row_set_speed (SY_MODEL_ROW (model_row), speed, row->speed_explained);
  /* A purchase to cost: only for planned cards, with a speed to plan with. */
  if (get_planned_gpu (self) != NULL && row->predicted > 0)
    sy_model_row_add_plan_button (SY_MODEL_ROW (model_row), row->model->id);

  gtk_size_group_add_widget (self->actions_group,
                             GTK_WIDGET (sy_model_row_get_actions_box (SY_MODEL_ROW (model_row))));

  if (sy_catalog_model_get_pull_tag (row->model, row->result.quant) == NULL)
    return model_row;

  /* Installed mark, Pull / Cancel, progress and failure from Ollama. */
  sy_models_ollama_add_to_row (self->ollama,
                               sy_catalog_model_get_pull_tag (row->model, row->result.quant),
                               row->model->ollama_tag, sy_quant_to_string (row->result.quant),
                               sy_model_row_get_title_box (SY_MODEL_ROW (model_row)),
                               sy_model_row_get_text_box (SY_MODEL_ROW (model_row)),
                               sy_model_row_get_actions_box (SY_MODEL_ROW (model_row)));
  return model_row;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *row_a = a;
  const Row *row_b = b;

  return sy_fit_compare (row_a->model, &row_a->result, row_b->model, &row_b->result);
}

/* "10.8 GiB of system RAM (90 % of the 12.0 GiB available now)": the
 * figure sy_fit_compute () plans with, and where it comes from. */
static char *
format_ram_clause (SyModelsPage       *self,
                   const SyFitMachine *machine,
                   double              manual_ram)
{
  g_autofree char *ram = sy_fit_format_gib (machine->ram_bytes * SY_FIT_HEADROOM);
  g_autofree char *base = sy_fit_format_gib (machine->ram_bytes);

  if (manual_ram > 0)
    /* Translators: RAM planned with, RAM set by hand in the planner */
    return g_strdup_printf (_("%s of system RAM (90 %% of the %s set by hand)"), ram, base);
  if (sy_hardware_get_ram_available (self->hardware) >= 0)
    /* Translators: RAM planned with, RAM available; the rest of the sentence
     * says that the other 10 % stays free */
    return g_strdup_printf (_("%s of system RAM (90 %% of the %s available now)"), ram, base);
  if (sy_hardware_get_ram_total (self->hardware) >= 0)
    /* Translators: RAM planned with, RAM installed */
    return g_strdup_printf (_("%s of system RAM (90 %% of the %s installed)"), ram, base);

  /* Translators: RAM planned with, when its size is unknown ("0.0 GiB") */
  return g_strdup_printf (_("%s of system RAM (its size is unknown)"), ram);
}

static char *
format_summary (SyModelsPage       *self,
                const SyFitMachine *machine,
                const SyGpuSpec    *card,
                double              manual,
                double              manual_ram)
{
  g_autofree char *context = sy_fit_format_context (get_context (self));
  g_autofree char *ram = format_ram_clause (self, machine, manual_ram);
  g_autoptr(GString) gpus = g_string_new (NULL);

  for (guint i = 0; i < machine->n_gpus; i++)
    {
      g_autofree char *gb = sy_fit_format_gib (machine->gpu_bytes[i]);

      if (i > 0)
        g_string_append (gpus, " + ");
      g_string_append (gpus, gb);
    }

  /* Said once here, so the rows need not say it each. */
  if (machine->n_gpus == 0)
    /* Translators: the RAM clause ("10.8 GiB of system RAM (90 % of the
     * 12.0 GiB available now)"), context length */
    return g_strdup_printf (_("No usable GPU: every model runs on the CPU, so none keeps its context on a GPU. "
                              "Planning with %s at %s tokens of context; the other 10 %% stays free for the "
                              "desktop and other programs."),
                            ram, context);
  if (card != NULL)
    /* Translators: number of cards, card name, its memory, its bandwidth, the RAM clause, context length */
    return g_strdup_printf (_("Planning for %u× %s (%.0f GiB, %.0f GB/s each), 90 %% of its memory usable, and %s at "
                              "%s tokens of context, best first. Speeds are predicted from the memory bandwidth."),
                            machine->n_gpus, card->name, card->memory_gb, card->bandwidth_gbps, ram, context);
  if (manual > 0)
    /* Translators: GPU memory set by hand, the RAM clause, context length */
    return g_strdup_printf (_("Planning for a GPU with %s (set by hand), 90 %% of it usable, and %s at %s tokens "
                              "of context, best first. The other 10 %% of each stays free for the desktop and "
                              "other programs."),
                            gpus->str, ram, context);

  /* Translators: free GPU memory, the RAM clause, context length */
  return g_strdup_printf (_("Planning with 90 %% of %s of free GPU memory and %s at %s tokens of context, best "
                            "first. The other 10 %% of each stays free for the desktop and other programs."),
                          gpus->str, ram, context);
}

static void
update_models (SyModelsPage *self)
{
  g_autofree char *use_case = g_settings_get_string (self->settings, "models-use-case");
  g_autofree char *chat_model = g_settings_get_string (self->settings, "chat-local-model");
  g_autofree char *summary = NULL;
  double manual = g_settings_get_double (self->settings, "models-manual-vram-gb") * SY_FIT_GIB;
  double manual_ram = g_settings_get_double (self->settings, "models-manual-ram-gb") * SY_FIT_GIB;
  guint context = get_context (self);
  SyKvType kv_type = get_kv_type (self);
  const SyGpuSpec *card = get_planned_gpu (self);
  g_autoptr(SySpeedStore) store = NULL;
  g_autoptr(GError) store_error = NULL;
  const char *local_gpu = NULL;
  SyFitMachine machine;
  SySpeedMachine speed;

  g_array_set_size (self->rows, 0);
  sy_models_clear_list (self->models_list);

  if (!sy_hardware_get_detected (self->hardware) && manual <= 0 && card == NULL)
    {
      gtk_label_set_text (self->summary_label, _("Waiting for hardware detection…"));
      return;
    }

  sy_speed_machine_init (&speed);
  if (card != NULL)
    {
      /* A card chosen from the table replaces the typed memory. */
      sy_fit_machine_init_from_hardware (&machine, self->hardware, 0, manual_ram);
      sy_speed_plan_cards (&machine, &speed, card, get_planned_count (self), 0);
    }
  else
    {
      sy_fit_machine_init_from_hardware (&machine, self->hardware, manual, manual_ram);
      if (manual <= 0)
        {
          sy_speed_machine_set_from_hardware (&speed, self->hardware, self->gpu_table);
          /* Measurements are this machine's: the detected GPUs only. A
           * broken file leaves the estimates (said below the summary); the
           * chat does not rewrite it. */
          local_gpu = sy_speed_local_gpu_name (self->hardware);
          store = sy_speed_store_load (NULL, &store_error);
          speed.efficiency = sy_speed_calibrate (store, local_gpu, self->catalog, context, kv_type, &machine, &speed);
        }
    }
  summary = format_summary (self, &machine, card, manual, manual_ram);
  if (store_error != NULL)
    {
      g_autofree char *with_problem = g_steal_pointer (&summary);

      /* Translators: the summary, then why the measured speeds were not read */
      summary = g_strdup_printf (_("%s\nMeasured speeds ignored: %s"), with_problem, store_error->message);
    }
  gtk_label_set_text (self->summary_label, summary);

  for (guint i = 0; i < sy_model_catalog_get_n_models (self->catalog); i++)
    {
      Row row = { sy_model_catalog_get_model (self->catalog, i) };

      if (g_strcmp0 (use_case, SY_USE_CASE_ALL) != 0 && g_strcmp0 (use_case, row.model->use_case) != 0)
        continue;
      sy_fit_best (row.model, context, kv_type, &machine, &row.result);
      row.predicted = sy_speed_predict (row.model, &row.result, &machine, &speed);
      row.measured = sy_speed_lookup_measured (store, local_gpu, row.model, row.result.quant);
      row.speed_explained = sy_speed_explain (row.model, &row.result, &machine, &speed);
      g_array_append_val (self->rows, row);
    }
  /* Installed models the catalogue does not know, sized from /api/show. */
  for (guint i = 0; i < sy_models_ollama_get_sized_models (self->ollama)->len; i++)
    {
      Row row = { g_ptr_array_index (sy_models_ollama_get_sized_models (self->ollama), i) };

      if (g_strcmp0 (use_case, SY_USE_CASE_ALL) != 0 && g_strcmp0 (use_case, row.model->use_case) != 0)
        continue;
      sy_fit_best (row.model, context, kv_type, &machine, &row.result);
      g_array_append_val (self->rows, row);
    }
  /* Opened files show whatever the use case: they were asked for. */
  for (guint i = 0; i < self->own_models->len; i++)
    {
      Row row = { self->own_models->pdata[i] };

      sy_fit_best (row.model, context, kv_type, &machine, &row.result);
      g_array_append_val (self->rows, row);
    }
  g_array_sort (self->rows, compare_rows);

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_append (self->models_list,
                         new_model_row (self, &g_array_index (self->rows, Row, i),
                                        machine.ram_bytes * SY_FIT_HEADROOM, chat_model));
}

/* Settings → controls, without feeding back. */
static void
sync_controls (SyModelsPage *self)
{
  g_autofree char *kv = g_settings_get_string (self->settings, "models-kv-type");
  g_autofree char *use_case = g_settings_get_string (self->settings, "models-use-case");
  const char * const *use_cases = sy_use_case_list ();
  guint context = get_context (self);
  guint context_index = G_N_ELEMENTS (contexts) - 1;
  guint use_case_index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    if (contexts[i] >= context)
      {
        context_index = i;
        break;
      }
  for (guint i = 0; use_cases[i] != NULL; i++)
    if (g_strcmp0 (use_cases[i], use_case) == 0)
      use_case_index = i + 1;

  {
    const SyGpuSpec *card = get_planned_gpu (self);
    guint card_index = 0;

    for (guint i = 0; card != NULL && i < sy_gpu_table_get_n_gpus (self->gpu_table); i++)
      if (sy_gpu_table_get_gpu (self->gpu_table, i) == card)
        card_index = i + 1;

    self->updating_controls = TRUE;
    adw_combo_row_set_selected (self->card_row, card_index);
    self->updating_controls = FALSE;
    gtk_widget_set_sensitive (self->card_count_row, card != NULL);
    /* The card's memory is what is planned: a typed figure would be ignored. */
    gtk_widget_set_sensitive (GTK_WIDGET (self->manual_vram_spin), card == NULL);
  }

  self->updating_controls = TRUE;
  adw_combo_row_set_selected (self->context_row, context_index);
  adw_combo_row_set_selected (self->kv_row, g_strcmp0 (kv, "q8_0") == 0 ? 1 : 0);
  adw_combo_row_set_selected (self->use_case_row, use_case_index);
  self->updating_controls = FALSE;
}

/* Callbacks */

static void
on_settings_changed_cb (GSettings    *settings,
                        const char   *key,
                        SyModelsPage *self)
{
  if (g_strcmp0 (key, "chat-local-url") == 0)
    {
      g_autofree char *url = g_settings_get_string (settings, key);

      sy_models_ollama_set_base_url (self->ollama, url);
      sy_models_ollama_refresh (self->ollama);
      return;
    }
  if (!g_str_has_prefix (key, "models-") && g_strcmp0 (key, "chat-local-model") != 0)
    return;

  sync_controls (self);
  update_models (self);
}

static void
on_context_selected_cb (AdwComboRow  *row,
                        GParamSpec   *pspec,
                        SyModelsPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (!self->updating_controls && selected < G_N_ELEMENTS (contexts))
    g_settings_set_uint (self->settings, "models-context-length", contexts[selected]);
}

static void
on_kv_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   SyModelsPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (!self->updating_controls && selected != GTK_INVALID_LIST_POSITION)
    g_settings_set_string (self->settings, "models-kv-type", selected == 1 ? "q8_0" : "f16");
}

static void
on_use_case_selected_cb (AdwComboRow  *row,
                         GParamSpec   *pspec,
                         SyModelsPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_controls || selected == GTK_INVALID_LIST_POSITION)
    return;

  g_settings_set_string (self->settings, "models-use-case",
                         selected == 0 ? SY_USE_CASE_ALL : sy_use_case_list ()[selected - 1]);
}

static void
on_card_selected_cb (AdwComboRow  *row,
                     GParamSpec   *pspec,
                     SyModelsPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_controls || selected == GTK_INVALID_LIST_POSITION)
    return;

  g_settings_set_string (self->settings, "models-planned-gpu",
                         selected == 0 ? "" : sy_gpu_table_get_gpu (self->gpu_table, selected - 1)->id);
}

static void
on_detected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SyModelsPage *self;

  /* Cancelled: the page is gone or has another machine; touch nothing. */
  if (!sy_hardware_detect_finish (SY_HARDWARE (source), result, &error))
    return;

  self = SY_MODELS_PAGE (user_data);
  g_clear_object (&self->cancellable);
  self->detecting = FALSE;
  /* The chat's replies are measured on this GPU from now on. */
  sy_speed_store_set_local_gpu (sy_speed_local_gpu_name (self->hardware));
  update_hardware (self);
  update_models (self);
}

static void
start_detection (SyModelsPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  self->cancellable = g_cancellable_new ();
  self->detecting = TRUE;
  update_hardware (self);

  /* No reference: dispose cancels, and a cancelled callback does not
   * touch the page. */
  sy_hardware_detect_async (self->hardware, self->cancellable, on_detected_cb, self);
}

static void
use_for_chat_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SyModelsPage *self = SY_MODELS_PAGE (widget);
  const char *tag = g_variant_get_string (parameter, NULL);
  g_autofree char *toast = g_strdup_printf (_("The chat will use %s"), tag);

  g_settings_set_string (self->settings, "chat-local-model", tag);
  sy_toast_show (GTK_WIDGET (self), toast);
}

static void
plan_on_costs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SyModelsPage *self = SY_MODELS_PAGE (widget);
  SyCostModel *cost_model = sy_context_get_cost_model (self->context);
  const char *model_id = g_variant_get_string (parameter, NULL);
  const SyGpuSpec *card = get_planned_gpu (self);
  g_autoptr(SyInferenceOption) option = NULL;
  SyInferenceOption *old;
  g_autofree char *toast = NULL;
  const Row *row = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (g_array_index (self->rows, Row, i).model->id, model_id) == 0)
      row = &g_array_index (self->rows, Row, i);
  if (row == NULL || card == NULL || row->predicted <= 0)
    return;

  /* The measured speed when there is one; planned cards have none. */
  option = sy_models_plan_option_new (row->model, card, get_planned_count (self), row->result.quant,
                                      row->measured > 0 ? row->measured : row->predicted);
  /* Planning the same again replaces the option with today's figures. */
  old = sy_cost_model_find_option (cost_model, sy_inference_option_get_id (option), NULL);
  if (old != NULL)
    sy_cost_model_remove_option (cost_model, old);
  sy_cost_model_add_option (cost_model, option);

  /* Translators: the new option's name */
  toast = g_strdup_printf (_("“%s” added to the Costs page"), sy_inference_option_get_name (option));
  sy_toast_show (widget, toast);
  gtk_widget_activate_action (widget, "win.show-page", "s", "costs");
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SyModelsPage *self = SY_MODELS_PAGE (widget);
  g_autoptr(SyHardware) hardware = sy_hardware_new (NULL);

  sy_models_page_set_hardware (self, hardware);
  sy_models_ollama_refresh (self->ollama);
}

static void
on_ollama_changed_cb (SyModelsPage *self,
                      const char   *tag)
{
  if (tag == NULL)
    {
      sy_models_ollama_update_notice (self->ollama, self->ollama_notice, self->ollama_notice_label);
      /* Installed models outside the catalogue come and go with the listing. */
      update_models (self);
    }
}

static void
setup_combo (AdwComboRow        *row,
             const char * const *items)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new ((const char * const *) items);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

/* Overrides */

static void
sy_models_page_constructed (GObject *object)
{
  SyModelsPage *self = SY_MODELS_PAGE (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (sy_models_page_parent_class)->constructed (object);

  g_settings_bind (self->settings, "models-manual-vram-gb",
                   self->manual_vram_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "models-manual-ram-gb",
                   self->manual_ram_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "models-planned-gpu-count",
                   self->card_count_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  sync_controls (self);

  url = g_settings_get_string (self->settings, "chat-local-url");
  sy_models_ollama_set_base_url (self->ollama, url);
  g_signal_connect_object (self->ollama, "changed", G_CALLBACK (on_ollama_changed_cb), self, G_CONNECT_SWAPPED);
  sy_models_ollama_refresh (self->ollama);

  self->hardware = sy_hardware_new (NULL);
  start_detection (self);
  update_models (self);
}

static void
sy_models_page_dispose (GObject *object)
{
  SyModelsPage *self = SY_MODELS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->ollama != NULL)
    sy_models_ollama_shutdown (self->ollama);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_MODELS_PAGE);
  g_clear_object (&self->ollama);

  G_OBJECT_CLASS (sy_models_page_parent_class)->dispose (object);
}

static void
sy_models_page_finalize (GObject *object)
{
  SyModelsPage *self = SY_MODELS_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->catalog);
  g_clear_object (&self->gpu_table);
  g_clear_pointer (&self->own_models, g_ptr_array_unref);
  g_clear_object (&self->hardware);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_object (&self->actions_group);

  G_OBJECT_CLASS (sy_models_page_parent_class)->finalize (object);
}

static void
sy_models_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SyModelsPage *self = SY_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_models_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SyModelsPage *self = SY_MODELS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_models_page_class_init (SyModelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SY_TYPE_COLUMNS);

  object_class->constructed = sy_models_page_constructed;
  object_class->dispose = sy_models_page_dispose;
  object_class->finalize = sy_models_page_finalize;
  object_class->set_property = sy_models_page_set_property;
  object_class->get_property = sy_models_page_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-models-page.ui");
  sy_field_check_bind_template_callbacks (widget_class);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, hardware_list);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, card_row);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, card_count_row);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, card_count_spin);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, card_count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, manual_vram_spin);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, manual_vram_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, manual_ram_spin);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, manual_ram_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, context_row);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, kv_row);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, use_case_row);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, models_list);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, ollama_notice);
  gtk_widget_class_bind_template_child (widget_class, SyModelsPage, ollama_notice_label);

  gtk_widget_class_install_action (widget_class, "models.use-for-chat", "s", use_for_chat_action);
  gtk_widget_class_install_action (widget_class, "models.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "models.plan-on-costs", "s", plan_on_costs_action);
  sy_models_page_install_ollama_actions (widget_class);
  sy_models_page_install_gguf_actions (widget_class);

  gtk_widget_class_bind_template_callback (widget_class, on_context_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kv_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_use_case_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_card_selected_cb);
}

static void
sy_models_page_init (SyModelsPage *self)
{
  const char *kv_types[] = { N_("f16"), N_("q8_0"), NULL };
  const char * const *use_cases = sy_use_case_list ();
  g_autoptr(GStrvBuilder) context_labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) use_case_labels = g_strv_builder_new ();
  g_auto(GStrv) contexts_strv = NULL;
  g_auto(GStrv) use_cases_strv = NULL;
  const char *kv_labels[3] = { _(kv_types[0]), _(kv_types[1]), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->catalog = sy_model_catalog_new_default ();
  self->gpu_table = sy_gpu_table_new_default ();
  self->own_models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_catalog_model_free);
  self->ollama = sy_models_ollama_new ();
  sy_models_ollama_set_catalog (self->ollama, self->catalog);
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) clear_row);
  self->actions_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autofree char *label = sy_fit_format_context (contexts[i]);

      g_strv_builder_add (context_labels, label);
    }
  contexts_strv = g_strv_builder_end (context_labels);
  g_strv_builder_add (use_case_labels, sy_use_case_get_label (SY_USE_CASE_ALL));
  for (guint i = 0; use_cases[i] != NULL; i++)
    g_strv_builder_add (use_case_labels, sy_use_case_get_label (use_cases[i]));
  use_cases_strv = g_strv_builder_end (use_case_labels);

  /* A new model selects its first item: not a choice to save, and there
   * are no settings before the context property is set. */
  self->updating_controls = TRUE;
  setup_combo (self->context_row, (const char * const *) contexts_strv);
  setup_combo (self->kv_row, kv_labels);
  setup_combo (self->use_case_row, (const char * const *) use_cases_strv);
  {
    g_autoptr(GStrvBuilder) card_labels = g_strv_builder_new ();
    g_auto(GStrv) cards_strv = NULL;

    g_strv_builder_add (card_labels, C_("card", "None"));
    for (guint i = 0; i < sy_gpu_table_get_n_gpus (self->gpu_table); i++)
      {
        const SyGpuSpec *gpu = sy_gpu_table_get_gpu (self->gpu_table, i);
        /* Translators: card name, memory in GiB, bandwidth in GB/s ("RTX 4090 · 24 GiB · 1008 GB/s") */
        g_autofree char *label = g_strdup_printf (_("%s · %.0f GiB · %.0f GB/s"), gpu->name,
                                                  gpu->memory_gb, gpu->bandwidth_gbps);

        g_strv_builder_add (card_labels, label);
      }
    cards_strv = g_strv_builder_end (card_labels);
    setup_combo (self->card_row, (const char * const *) cards_strv);
  }
  self->updating_controls = FALSE;
}

/* Public API */

GtkWidget *
sy_models_page_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_MODELS_PAGE, "context", context, NULL);
}

void
sy_models_page_set_hardware (SyModelsPage *self,
                             SyHardware   *hardware)
{
  g_return_if_fail (SY_IS_MODELS_PAGE (self));
  g_return_if_fail (SY_IS_HARDWARE (hardware));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->detecting = FALSE;

  g_set_object (&self->hardware, hardware);
  if (sy_hardware_get_detected (hardware))
    {
      sy_speed_store_set_local_gpu (sy_speed_local_gpu_name (hardware));
      update_hardware (self);
      update_models (self);
    }
  else
    start_detection (self);
}

SyHardware *
sy_models_page_get_hardware (SyModelsPage *self)
{
  return self->hardware;
}

gboolean
sy_models_page_get_detecting (SyModelsPage *self)
{
  return self->detecting;
}

AdwComboRow *
sy_models_page_get_context_row (SyModelsPage *self)
{
  return self->context_row;
}

AdwComboRow *
sy_models_page_get_kv_row (SyModelsPage *self)
{
  return self->kv_row;
}

AdwComboRow *
sy_models_page_get_use_case_row (SyModelsPage *self)
{
  return self->use_case_row;
}

GtkSpinButton *
sy_models_page_get_manual_vram_spin (SyModelsPage *self)
{
  return self->manual_vram_spin;
}

GtkSpinButton *
sy_models_page_get_manual_ram_spin (SyModelsPage *self)
{
  return self->manual_ram_spin;
}

GtkListBox *
sy_models_page_get_models_list (SyModelsPage *self)
{
  return self->models_list;
}

SyModelsOllama *
sy_models_page_get_ollama (SyModelsPage *self)
{
  return self->ollama;
}

GtkWidget *
sy_models_page_get_ollama_notice (SyModelsPage *self)
{
  return self->ollama_notice;
}

guint
sy_models_page_get_n_rows (SyModelsPage *self)
{
  return self->rows->len;
}

const SyCatalogModel *
sy_models_page_get_row (SyModelsPage *self,
                        guint         index,
                        SyFitResult  *out_result)
{
  const Row *row;

  g_return_val_if_fail (index < self->rows->len, NULL);

  row = &g_array_index (self->rows, Row, index);
  if (out_result != NULL)
    *out_result = row->result;
  return row->model;
}

const char *
sy_models_page_get_summary (SyModelsPage *self)
{
  return gtk_label_get_text (self->summary_label);
}

char *
sy_models_page_dup_hardware_text (SyModelsPage *self)
{
  return sy_models_dup_label_text (GTK_WIDGET (self->hardware_list));
}

AdwComboRow *
sy_models_page_get_card_row (SyModelsPage *self)
{
  return self->card_row;
}

GtkSpinButton *
sy_models_page_get_card_count_spin (SyModelsPage *self)
{
  return self->card_count_spin;
}

double
sy_models_page_get_row_speed (SyModelsPage *self,
                              guint         index,
                              double       *out_measured)
{
  const Row *row;

  g_return_val_if_fail (index < self->rows->len, 0);

  row = &g_array_index (self->rows, Row, index);
  if (out_measured != NULL)
    *out_measured = row->measured;
  return row->predicted;
}

void
sy_models_page_add_own_model (SyModelsPage   *self,
                              SyCatalogModel *model)
{
  g_return_if_fail (SY_IS_MODELS_PAGE (self));
  g_return_if_fail (model != NULL);

  for (guint i = 0; i < self->own_models->len; i++)
    if (g_strcmp0 (((SyCatalogModel *) self->own_models->pdata[i])->id, model->id) == 0)
      {
        g_ptr_array_remove_index (self->own_models, i);
        break;
      }
  g_ptr_array_add (self->own_models, model);
  update_models (self);
}
