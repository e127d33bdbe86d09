/* sy-cli-models.c: `switchyard hardware` and `switchyard models`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-gpu-table.h"
#include "sy-gguf.h"
#include "sy-hardware.h"
#include "sy-model-catalog.h"
#include "sy-model-describe.h"
#include "sy-model-fit.h"
#include "sy-speed.h"
#include "sy-ollama-backend.h"

typedef struct
{
  const SyCatalogModel *model;
  SyFitResult        result;
  double             predicted;  /* tokens/s; 0: no prediction */
  double             measured;   /* tokens/s on this machine's GPU; 0: none */
  double             bandwidth;  /* GB/s of the GPU part; 0: none or unknown */
} Row;

static int
fail_unexpected (const char *command,
                 const char *arg)
{
  g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), arg);

  return sy_cli_fail (EXIT_BAD_INPUT, command, message);
}

static void
write_out (GString *out)
{
  /* JSON is UTF-8 whatever the terminal's charset: no g_print conversion. */
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static void
append_bytes (GString *out,
              gint64   bytes)
{
  if (bytes < 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, bytes);
}

static void
append_gb (GString *out,
           double   bytes)
{
  if (bytes < 0)
    g_string_append (out, "null");
  else
    sy_cli_append_json_number (out, "%.2f", bytes / SY_FIT_GIB);
}

static void
append_nullable_string (GString    *out,
                        const char *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    sy_cli_append_json_string (out, text);
}

static char *
format_known_gb (gint64 bytes)
{
  return bytes < 0 ? g_strdup (_("unknown")) : sy_fit_format_gib ((double) bytes);
}

/* hardware */

static void
print_hardware_json (SyHardware *hardware)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"gpus\": [");
  guint n = sy_hardware_get_n_gpus (hardware);

  for (guint i = 0; i < n; i++)
    {
      const SyGpu *gpu = sy_hardware_get_gpu (hardware, i);

      g_string_append (out, i == 0 ? "\n    {" : ",\n    {");
      g_string_append (out, "\"vendor\": ");
      sy_cli_append_json_string (out, sy_gpu_vendor_to_string (gpu->vendor));
      g_string_append (out, ", \"name\": ");
      sy_cli_append_json_string (out, gpu->name);
      g_string_append (out, ", \"id\": ");
      sy_cli_append_json_string (out, gpu->id);
      g_string_append (out, ", \"source\": ");
      sy_cli_append_json_string (out, gpu->source);
      g_string_append_printf (out, ", \"integrated\": %s", gpu->integrated ? "true" : "false");
      g_string_append (out, ", \"vram_total_bytes\": ");
      append_bytes (out, gpu->vram_total);
      g_string_append (out, ", \"vram_used_bytes\": ");
      append_bytes (out, gpu->vram_used);
      g_string_append (out, ", \"vram_free_bytes\": ");
      append_bytes (out, sy_gpu_get_vram_free (gpu));
      g_string_append (out, ", \"shared_bytes\": ");
      append_bytes (out, gpu->shared_total);
      g_string_append (out, ", \"vram_total_gb\": ");
      append_gb (out, (double) gpu->vram_total);
      g_string_append (out, ", \"usable_gb\": ");
      append_gb (out, (double) sy_gpu_get_usable_memory (gpu));
      g_string_append (out, ", \"reason\": ");
      append_nullable_string (out, gpu->reason);
      g_string_append (out, "}");
    }
  g_string_append (out, n > 0 ? "\n  ],\n" : "],\n");

  g_string_append (out, "  \"ram_total_bytes\": ");
  append_bytes (out, sy_hardware_get_ram_total (hardware));
  g_string_append (out, ",\n  \"ram_available_bytes\": ");
  append_bytes (out, sy_hardware_get_ram_available (hardware));
  g_string_append (out, ",\n  \"ram_total_gb\": ");
  append_gb (out, (double) sy_hardware_get_ram_total (hardware));
  g_string_append (out, ",\n  \"ram_available_gb\": ");
  append_gb (out, (double) sy_hardware_get_ram_available (hardware));
  g_string_append (out, ",\n  \"ram_reason\": ");
  append_nullable_string (out, sy_hardware_get_ram_reason (hardware));
  g_string_append_printf (out, ",\n  \"cpu_cores\": %u", sy_hardware_get_n_cores (hardware));
  g_string_append (out, ",\n  \"nvidia_reason\": ");
  append_nullable_string (out, sy_hardware_get_nvidia_reason (hardware));
  g_string_append (out, "\n}\n");

  write_out (out);
}

static void
print_hardware_text (SyHardware *hardware)
{
  guint n = sy_hardware_get_n_gpus (hardware);
  g_autofree char *ram_total = format_known_gb (sy_hardware_get_ram_total (hardware));
  g_autofree char *ram_available = format_known_gb (sy_hardware_get_ram_available (hardware));

  if (n == 0)
    g_print (_("No GPU found: models run on the CPU.\n"));

  for (guint i = 0; i < n; i++)
    {
      const SyGpu *gpu = sy_hardware_get_gpu (hardware, i);
      g_autofree char *total = format_known_gb (gpu->vram_total);
      g_autofree char *used = format_known_gb (gpu->vram_used);
      g_autofree char *free_vram = format_known_gb (sy_gpu_get_vram_free (gpu));

      /* Translators: "GPU 0: NVIDIA GeForce RTX 4090 (discrete, via nvml)" */
      g_print (_("GPU %u: %s (%s, via %s)\n"), i, gpu->name,
               gpu->integrated ? _("integrated") : _("discrete"), gpu->source);
      g_print (_("  VRAM: %s total, %s used, %s free\n"), total, used, free_vram);
      if (gpu->integrated && gpu->shared_total > 0)
        {
          g_autofree char *shared = format_known_gb (gpu->shared_total);

          g_print (_("  Can borrow %s of system RAM\n"), shared);
        }
      if (gpu->reason != NULL)
        g_print (_("  Unknown: %s\n"), gpu->reason);
    }

  g_print (_("RAM: %s total, %s available\n"), ram_total, ram_available);
  if (sy_hardware_get_ram_reason (hardware) != NULL)
    g_print (_("  Unknown: %s\n"), sy_hardware_get_ram_reason (hardware));
  g_print (_("CPU cores: %u\n"), sy_hardware_get_n_cores (hardware));
}

int
sy_cli_run_hardware (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyHardware) hardware = NULL;
  g_auto(GStrv) args = sy_cli_dup_args ("hardware", argc, argv);
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON; sizes in bytes and GiB (the *_gb keys), null when unknown"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard hardware [OPTION…]" */
  context = g_option_context_new (_("— show the GPUs, video memory and system memory found"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Detection reads NVML, then nvidia-smi, then /sys/class/drm and /proc/meminfo.\n"
      "Overrides: SWITCHYARD_SYSFS_ROOT, SWITCHYARD_PROCFS_ROOT, SWITCHYARD_NVIDIA_SMI\n"
      "(a program, or “none”), SWITCHYARD_NVML (a library, or “none”),\n"
      "SWITCHYARD_NVIDIA_SMI_TIMEOUT_MS (default 5000).\n\n"
      "Exit status: 0 ok, 2 bad input."));

  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    return fail_unexpected ("hardware", args[1]);

  hardware = sy_hardware_new (NULL);
  sy_hardware_detect_sync (hardware, NULL);

  if (json)
    print_hardware_json (hardware);
  else
    print_hardware_text (hardware);

  return 0;
}

/* models */

int
sy_cli_plan_machine (const char         *vram_text,
                     double              vram_gb,
                     const char         *ram_text,
                     double              ram_gb,
                     const char * const *gpu_names,
                     SyGpuTable         *table,
                     SyFitMachine       *machine,
                     SySpeedMachine     *speed,
                     SyHardware        **out_hardware)
{
  g_autoptr(SyHardware) hardware = NULL;

  if (gpu_names != NULL && vram_text != NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "--gpu", _("plans with cards from the GPU table; leave out --vram-gb"));
  if (gpu_names != NULL && g_strv_length ((char **) gpu_names) > SY_FIT_MAX_GPUS)
    return sy_cli_fail (EXIT_BAD_INPUT, "--gpu", _("at most 16 cards"));
  for (guint i = 0; gpu_names != NULL && gpu_names[i] != NULL; i++)
    if (sy_gpu_table_lookup (table, gpu_names[i]) == NULL)
      {
        g_autofree char *names = sy_gpu_table_dup_names (table);
        /* Translators: a card name, then the list of known ones */
        g_autofree char *message = g_strdup_printf (_("unknown card “%s”; known cards: %s (see `switchyard gpus`)"),
                                                    gpu_names[i], names);

        return sy_cli_fail (EXIT_BAD_INPUT, "--gpu", message);
      }

  if (vram_text == NULL || ram_text == NULL)
    {
      /* Given the GPUs: no need to ask the NVIDIA driver, only the RAM. */
      SyHardwareOptions options = { NULL };

      if (vram_text != NULL || gpu_names != NULL)
        options.nvml = options.nvidia_smi = "none";
      hardware = sy_hardware_new (&options);
      sy_hardware_detect_sync (hardware, NULL);
      sy_fit_machine_init_from_hardware (machine, hardware, 0, 0);
      if (vram_text == NULL && gpu_names == NULL && speed != NULL)
        sy_speed_machine_set_from_hardware (speed, hardware, table);
    }
  else
    memset (machine, 0, sizeof *machine);

  if (vram_text != NULL)
    {
      machine->n_gpus = vram_gb > 0 ? 1 : 0;
      machine->gpu_bytes[0] = vram_gb * SY_FIT_GIB;
      if (speed != NULL)
        memset (speed->gpu_bandwidth_gbps, 0, sizeof speed->gpu_bandwidth_gbps);
    }
  if (gpu_names != NULL)
    {
      machine->n_gpus = 0;
      for (guint i = 0; gpu_names[i] != NULL; i++)
        {
          const SyGpuSpec *gpu = sy_gpu_table_lookup (table, gpu_names[i]);

          /* A card bought for it: all of its memory is free. */
          machine->gpu_bytes[machine->n_gpus] = gpu->memory_gb * SY_FIT_GIB;
          if (speed != NULL)
            speed->gpu_bandwidth_gbps[machine->n_gpus] = gpu->bandwidth_gbps;
          machine->n_gpus++;
        }
    }
  if (ram_text != NULL)
    machine->ram_bytes = ram_gb * SY_FIT_GIB;

  if (out_hardware != NULL)
    *out_hardware = g_steal_pointer (&hardware);
  return 0;
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for_result (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return g_steal_pointer (&wait->result);
}

/* Every installed model (/api/tags), sized from /api/show. A model that
 * cannot be sized is reported on stderr and left out; FALSE when the
 * server cannot list its models. */
static gboolean
add_ollama_models (const char  *url,
                   GPtrArray   *models,
                   GError     **error)
{
  g_autoptr(SyOllamaBackend) backend = sy_ollama_backend_new (url);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) installed = NULL;
  Wait wait = { loop, NULL };

  sy_backend_list_models_async (SY_BACKEND (backend), NULL, on_ready_cb, &wait);
  result = wait_for_result (&wait);
  installed = sy_backend_list_models_finish (SY_BACKEND (backend), result, error);
  if (installed == NULL)
    return FALSE;

  for (guint i = 0; i < installed->len; i++)
    {
      const SyInstalledModel *info = installed->pdata[i];
      g_autoptr(SyModelDetails) details = NULL;
      g_autoptr(GError) local_error = NULL;
      SyCatalogModel *model = NULL;

      g_clear_object (&result);
      sy_ollama_backend_show_async (backend, info->name, NULL, on_ready_cb, &wait);
      result = wait_for_result (&wait);
      details = sy_ollama_backend_show_finish (backend, result, &local_error);
      if (details != NULL)
        model = sy_catalog_model_new_from_ollama (info->name, details, info->size, &local_error);
      if (model == NULL)
        {
          sy_cli_fail (EXIT_RUNTIME_FAILURE, info->name, local_error->message);
          continue;
        }
      g_ptr_array_add (models, model);
    }

  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *row_a = a;
  const Row *row_b = b;

  return sy_fit_compare (row_a->model, &row_a->result, row_b->model, &row_b->result);
}

static void
print_models_json (GArray   *rows,
                   SyKvType  kv_type)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      const SyFitResult *r = &row->result;

      g_string_append (out, i == 0 ? "\n  {" : ",\n  {");
      g_string_append (out, "\"name\": ");
      sy_cli_append_json_string (out, row->model->name);
      g_string_append (out, ", \"id\": ");
      sy_cli_append_json_string (out, row->model->id);
      g_string_append (out, ", \"ollama_tag\": ");
      append_nullable_string (out, row->model->ollama_tag);
      /* The build the row sized: pulling ollama_tag could fetch another. */
      g_string_append (out, ", \"ollama_pull_tag\": ");
      append_nullable_string (out, sy_catalog_model_get_pull_tag (row->model, r->quant));
      g_string_append (out, ", \"total_params\": ");
      sy_cli_append_json_number (out, "%.0f", row->model->parameters);
      g_string_append (out, ", \"active_params\": ");
      sy_cli_append_json_number (out, "%.0f", row->model->active_parameters);
      g_string_append (out, ", \"source\": ");
      sy_cli_append_json_string (out, row->model->source);
      g_string_append (out, ", \"use_case\": ");
      sy_cli_append_json_string (out, row->model->use_case);
      g_string_append (out, ", \"quant\": ");
      sy_cli_append_json_string (out, sy_catalog_model_get_quant_name (row->model, r->quant));
      g_string_append (out, ", \"memory_gb\": ");
      append_gb (out, r->total_bytes);
      g_string_append (out, ", \"weights_gb\": ");
      append_gb (out, r->weights_bytes);
      g_string_append (out, ", \"kv_cache_gb\": ");
      append_gb (out, r->kv_bytes);
      g_string_append (out, ", \"overhead_gb\": ");
      append_gb (out, r->overhead_bytes);
      g_string_append (out, ", \"verdict\": ");
      sy_cli_append_json_string (out, sy_fit_verdict_to_string (r->verdict));
      g_string_append (out, ", \"gpu_gb\": ");
      append_gb (out, r->gpu_bytes);
      g_string_append (out, ", \"ram_gb\": ");
      append_gb (out, r->ram_bytes);
      g_string_append_printf (out, ", \"gpus_used\": %u, \"gpu_layers\": %u, \"layers\": %u",
                              r->n_gpus_used, r->gpu_layers, row->model->layers);
      g_string_append_printf (out, ", \"context\": %u, \"max_context_on_gpu\": %u",
                              r->context, r->max_context_on_gpu);
      g_string_append (out, ", \"predicted_tokens_per_s\": ");
      sy_cli_append_json_optional_number (out, "%.1f", row->predicted > 0 ? row->predicted : -1);
      g_string_append (out, ", \"measured_tokens_per_s\": ");
      sy_cli_append_json_optional_number (out, "%.1f", row->measured > 0 ? row->measured : -1);
      g_string_append (out, ", \"speed_source\": ");
      append_nullable_string (out, row->measured > 0 ? "measured" : row->predicted > 0 ? "estimated" : NULL);
      g_string_append (out, ", \"bandwidth_gbps\": ");
      sy_cli_append_json_optional_number (out, "%.1f", row->bandwidth > 0 ? row->bandwidth : -1);
      g_string_append (out, ", \"flash_attention_required\": ");
      g_string_append (out, sy_kv_type_get_requirement (kv_type) != NULL && row->model->kv_cache ? "true" : "false");
      g_string_append_c (out, '}');
    }
  g_string_append (out, rows->len > 0 ? "\n]\n" : "]\n");

  write_out (out);
}

static const SyCliColumn model_columns[] = {
  { 20, 0, FALSE }, { 34, 1, FALSE }, { 7, 1, FALSE }, { 9, 1, TRUE }, { 16, 2, FALSE }, { 18, 1, FALSE },
  { 0, 1, FALSE },
};

static void
print_models_text (GArray             *rows,
                   const SyFitMachine *machine,
                   guint               context,
                   SyKvType            kv_type)
{
  g_autofree char *ram = sy_fit_format_gib (machine->ram_bytes);
  g_autofree char *context_text = sy_fit_format_context (context);
  g_autoptr(GString) gpus = g_string_new (NULL);
  g_autoptr(SyCliTable) out = sy_cli_table_new (model_columns, G_N_ELEMENTS (model_columns));

  for (guint i = 0; i < machine->n_gpus; i++)
    {
      g_autofree char *gb = sy_fit_format_gib (machine->gpu_bytes[i]);

      if (i > 0)
        g_string_append (gpus, " + ");
      g_string_append (gpus, gb);
    }
  if (machine->n_gpus == 0)
    g_string_append (gpus, _("none"));

  /* Translators: GPU memory, RAM, context length, KV cache type */
  g_print (_("GPU memory: %s · RAM: %s · context: %s tokens · KV cache: %s\n\n"),
           gpus->str, ram, context_text, sy_kv_type_to_string (kv_type));
  if (sy_kv_type_get_requirement (kv_type) != NULL)
    g_print ("%s\n\n", sy_kv_type_get_requirement (kv_type));
  {
    const char *heads[] = { _("MODEL"), _("OLLAMA TAG"), _("QUANT"), _("MEMORY"), _("VERDICT"),
                            _("MAX CONTEXT ON GPU"), _("SPEED") };

    sy_cli_table_add_row (out, heads);
  }

  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *memory = sy_fit_format_gib (row->result.total_bytes);
      g_autofree char *max = row->result.max_context_on_gpu > 0
                             ? sy_fit_format_context (row->result.max_context_on_gpu)
                             : g_strdup ("—");

      g_autofree char *speed = sy_speed_format (row->predicted, row->measured);
      const char *tag = sy_catalog_model_get_pull_tag (row->model, row->result.quant);

      /* A GGUF file or an installed Ollama model has no catalogue tag. */
      if (tag == NULL)
        tag = row->model->ollama_tag != NULL ? row->model->ollama_tag : "—";
      {
        const char *cells[] = { row->model->name, tag, sy_catalog_model_get_quant_name (row->model, row->result.quant),
                                memory, sy_fit_verdict_get_label (row->result.verdict), max, speed };

        sy_cli_table_add_row (out, cells);
      }
    }
  sy_cli_table_print (out);
}

int
sy_cli_run_models (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyModelCatalog) catalog = NULL;
  g_autoptr(GArray) rows = NULL;
  g_auto(GStrv) args = sy_cli_dup_args ("models", argc, argv);
  g_autofree char *vram_text = NULL;
  g_autofree char *ram_text = NULL;
  g_autofree char *context_text = NULL;
  g_autofree char *kv_text = NULL;
  g_autofree char *use_case = NULL;
  g_autofree char *ram_bandwidth_text = NULL;
  g_auto(GStrv) gpu_names = NULL;
  g_autoptr(SyGpuTable) table = NULL;
  g_autoptr(SyHardware) hardware = NULL;
  g_autoptr(SySpeedStore) store = NULL;
  const char *local_gpu = NULL;
  g_autofree char *gguf_path = NULL;
  g_autofree char *ollama_url = NULL;
  gboolean ollama = FALSE;
  gboolean own;
  g_autoptr(GPtrArray) own_models = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_catalog_model_free);
  gboolean json = FALSE;
  gboolean all_quants = FALSE;
  double vram_gb = -1, ram_gb = -1, context = 8192, ram_bandwidth = -1;
  SyKvType kv_type = SY_KV_F16;
  SyFitMachine machine;
  int status;
  SySpeedMachine speed;
  const GOptionEntry entries[] = {
    { "vram-gb", 0, 0, G_OPTION_ARG_STRING, &vram_text,
      N_("Plan for one GPU with this much free memory (default: the detected GPUs; 0: none)"), N_("GiB") },
    { "gpu", 0, 0, G_OPTION_ARG_STRING_ARRAY, &gpu_names,
      N_("Plan for this card from `switchyard gpus` (repeat for several; replaces the detected GPUs)"), N_("NAME") },
    { "ram-bandwidth-gbps", 0, 0, G_OPTION_ARG_STRING, &ram_bandwidth_text,
      N_("System RAM bandwidth for offloaded layers (default: 89.6, dual-channel DDR5-5600)"), N_("GB/s") },
    { "ram-gb", 0, 0, G_OPTION_ARG_STRING, &ram_text,
      N_("System RAM available for offloading (default: detected)"), N_("GiB") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &context_text,
      N_("Context length in tokens, 512 to 1048576 (default: 8192)"), N_("TOKENS") },
    { "kv-type", 0, 0, G_OPTION_ARG_STRING, &kv_text,
      N_("KV cache element type: f16 or q8_0 (default: f16)"), N_("TYPE") },
    { "use-case", 0, 0, G_OPTION_ARG_STRING, &use_case,
      N_("Only models for chat, coding, rag, summarization, embeddings or frontier"), N_("USE") },
    { "all-quants", 0, 0, G_OPTION_ARG_NONE, &all_quants,
      N_("One row per quantisation, not only the best one that fits"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array, best first"), NULL },
    { "gguf", 0, 0, G_OPTION_ARG_FILENAME, &gguf_path,
      N_("Size the model in this GGUF file instead of the catalogue"), N_("FILE") },
    { "ollama", 0, 0, G_OPTION_ARG_NONE, &ollama,
      N_("Size the models installed in Ollama instead of the catalogue"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &ollama_url,
      N_("Ollama’s address for --ollama (default: http://localhost:11434)"), N_("URL") },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard models [OPTION…]" */
  option_context = g_option_context_new (_("— show which local models fit, best first"));
  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  g_option_context_set_description (option_context,
    /* xgettext:no-c-format */
    _("memory = parameters × bits per weight ÷ 8 + KV cache + 0.75 GiB runtime overhead;\n"
      "fits on the GPU within 90% of its free memory. Memory is in GiB (a “24 GB” card\n"
      "has 24 GiB); bandwidth and bytes per token in decimal GB.\n\n"
      "Speed: tokens/s ≈ 0.6 × memory bandwidth ÷ (active weights + KV cache);\n"
      "layers in RAM are read at the RAM bandwidth. A reply measured in the chat\n"
      "replaces the estimate and calibrates the 0.6 for this GPU.\n\n"
      "Example: would a 24 GB card run Llama 3.1 70B?\n"
      "  switchyard models --gpu \"RTX 4090\" --ram-gb 64 --context 8192\n\n"
      "Exit status: 0 ok, 2 bad input."));

  if (!g_option_context_parse_strv (option_context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    return fail_unexpected ("models", args[1]);

  if (!sy_cli_parse_number ("--vram-gb", vram_text, &vram_gb, &error) ||
      !sy_cli_parse_number ("--ram-gb", ram_text, &ram_gb, &error) ||
      !sy_cli_parse_in_range ("--context", context_text, 512, 1048576, &context, &error) ||
      !sy_cli_parse_number ("--ram-bandwidth-gbps", ram_bandwidth_text, &ram_bandwidth, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (ram_bandwidth_text != NULL && !(ram_bandwidth > 0 && ram_bandwidth <= 100000))
    return sy_cli_fail (EXIT_BAD_INPUT, "--ram-bandwidth-gbps", _("must be more than 0 and at most 100000 GB/s"));
  if ((vram_text != NULL && (vram_gb < 0 || vram_gb > 4096)) ||
      (ram_text != NULL && (ram_gb < 0 || ram_gb > 65536)))
    {
      gboolean vram = vram_text != NULL && (vram_gb < 0 || vram_gb > 4096);

      /* Translators: "--vram-gb: “-1” is not from 0 to 4096 GiB" */
      g_autofree char *message = g_strdup_printf (_("%s: “%s” is not from 0 to %u GiB"),
                                                  vram ? "--vram-gb" : "--ram-gb",
                                                  vram ? vram_text : ram_text,
                                                  vram ? 4096 : 65536);

      return sy_cli_fail (EXIT_BAD_INPUT, NULL, message);
    }
  if (kv_text != NULL && !sy_kv_type_from_string (kv_text, &kv_type))
    return sy_cli_fail (EXIT_BAD_INPUT, "--kv-type", _("must be f16 or q8_0"));
  if (use_case != NULL && g_strcmp0 (use_case, SY_USE_CASE_ALL) != 0 &&
      !g_strv_contains (sy_use_case_list (), use_case))
    return sy_cli_fail (EXIT_BAD_INPUT, "--use-case",
                        _("must be chat, coding, rag, summarization, embeddings or frontier"));

  if (gguf_path != NULL && ollama)
    return sy_cli_fail (EXIT_BAD_INPUT, "--gguf", _("goes without --ollama"));
  if (ollama_url != NULL && !ollama)
    return sy_cli_fail (EXIT_BAD_INPUT, "--url", _("goes with --ollama"));
  if (ollama_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (ollama_url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                          g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not an http:// or https:// URL"), ollama_url);

          return sy_cli_fail (EXIT_BAD_INPUT, "--url", message);
        }
    }
  if (ollama)
    {
      if (!add_ollama_models (ollama_url, own_models, &error))
        return sy_cli_fail (EXIT_RUNTIME_FAILURE, "--ollama", error->message);
      if (own_models->len == 0)
        g_printerr (_("No model installed in Ollama could be sized.\n"));
    }

  if (gguf_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (gguf_path);
      g_autoptr(SyGgufFile) gguf = sy_gguf_file_new_for_file (file, NULL, &error);
      g_autofree char *basename = g_file_get_basename (file);
      SyCatalogModel *model;

      if (gguf == NULL || (model = sy_gguf_file_to_model (gguf, basename, &error)) == NULL)
        {
          /* Translators: a file name, then why it cannot be read */
          g_autofree char *message = g_strdup_printf (_("%s: %s"), gguf_path, error->message);

          return sy_cli_fail (EXIT_BAD_INPUT, "--gguf", message);
        }
      g_ptr_array_add (own_models, model);
    }

  if (json)
    {
      setlocale (LC_MESSAGES, "C");
      setlocale (LC_NUMERIC, "C");
    }

  table = sy_gpu_table_new_default ();
  sy_speed_machine_init (&speed);
  status = sy_cli_plan_machine (vram_text, vram_gb, ram_text, ram_gb, (const char * const *) gpu_names,
                                table, &machine, &speed, &hardware);
  if (status != 0)
    return status;
  if (ram_bandwidth_text != NULL)
    speed.ram_bandwidth_gbps = ram_bandwidth;

  own = gguf_path != NULL || ollama;
  catalog = sy_model_catalog_new_default ();

  /* Measured speeds belong to this machine: only when planning with it. */
  if (hardware != NULL && vram_text == NULL && gpu_names == NULL)
    {
      g_autoptr(GError) store_error = NULL;

      local_gpu = sy_speed_local_gpu_name (hardware);
      store = sy_speed_store_load (NULL, &store_error);
      if (store == NULL)
        {
          /* Translators: the reason follows */
          g_autofree char *message = g_strdup_printf (_("measured speeds ignored: %s"), store_error->message);

          sy_cli_fail (0, NULL, message);
        }
      speed.efficiency = sy_speed_calibrate (store, local_gpu, catalog, (guint) context, kv_type, &machine, &speed);
    }

  rows = g_array_new (FALSE, TRUE, sizeof (Row));
  /* A file (--gguf) or the installed models (--ollama) replace the catalogue. */
  for (guint i = 0; i < (own ? own_models->len : sy_model_catalog_get_n_models (catalog)); i++)
    {
      Row row = { own ? own_models->pdata[i] : sy_model_catalog_get_model (catalog, i) };

      if (use_case != NULL && g_strcmp0 (use_case, SY_USE_CASE_ALL) != 0 &&
          g_strcmp0 (use_case, row.model->use_case) != 0)
        continue;
      if (!all_quants)
        {
          sy_fit_best (row.model, (guint) context, kv_type, &machine, &row.result);
          g_array_append_val (rows, row);
          continue;
        }
      for (guint quant = 0; quant < SY_N_QUANTS; quant++)
        if (sy_catalog_model_has_quant (row.model, quant))
          {
            sy_fit_compute (row.model, quant, (guint) context, kv_type, &machine, &row.result);
            g_array_append_val (rows, row);
          }
    }
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      row->predicted = sy_speed_predict (row->model, &row->result, &machine, &speed);
      row->measured = sy_speed_lookup_measured (store, local_gpu, row->model, row->result.quant);
      row->bandwidth = sy_speed_gpu_bandwidth (&row->result, &machine, &speed);
    }
  g_array_sort (rows, compare_rows);

  if (json)
    print_models_json (rows, kv_type);
  else
    print_models_text (rows, &machine, (guint) context, kv_type);

  return 0;
}
