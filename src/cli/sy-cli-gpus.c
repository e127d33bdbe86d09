/* sy-cli-gpus.c: `switchyard gpus`, the GPU table the planner uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "sy-cli-private.h"
#include "sy-gpu-table.h"

static void
print_json (SyGpuTable *table)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; i < sy_gpu_table_get_n_gpus (table); i++)
    {
      const SyGpuSpec *gpu = sy_gpu_table_get_gpu (table, i);

      g_string_append (out, i == 0 ? "\n  {" : ",\n  {");
      g_string_append (out, "\"id\": ");
      sy_cli_append_json_string (out, gpu->id);
      g_string_append (out, ", \"name\": ");
      sy_cli_append_json_string (out, gpu->name);
      g_string_append (out, ", \"vendor\": ");
      sy_cli_append_json_string (out, gpu->vendor);
      g_string_append (out, ", \"memory_gb\": ");
      sy_cli_append_json_number (out, "%.0f", gpu->memory_gb);
      g_string_append (out, ", \"bandwidth_gbps\": ");
      sy_cli_append_json_number (out, "%.1f", gpu->bandwidth_gbps);
      g_string_append (out, ", \"board_power_w\": ");
      sy_cli_append_json_number (out, "%.0f", gpu->board_power_w);
      g_string_append (out, ", \"price_usd\": ");
      sy_cli_append_json_number (out, "%.0f", gpu->price_usd);
      g_string_append (out, ", \"price_date\": ");
      sy_cli_append_json_string (out, gpu->price_date);
      g_string_append (out, ", \"price_kind\": ");
      sy_cli_append_json_string (out, gpu->price_kind);
      g_string_append (out, ", \"source\": ");
      sy_cli_append_json_string (out, gpu->source);
      g_string_append (out, ", \"price_source\": ");
      sy_cli_append_json_string (out, gpu->price_source);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n]\n");

  /* JSON is UTF-8 whatever the terminal's charset: no g_print conversion. */
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static const SyCliColumn gpu_columns[] = {
  { 20, 0, FALSE }, { 7, 1, FALSE }, { 8, 1, TRUE }, { 10, 1, TRUE }, { 7, 1, TRUE }, { 9, 1, TRUE },
  { 0, 2, FALSE },
};

static void
print_text (SyGpuTable *table)
{
  const char *heads[] = { _("CARD"), _("VENDOR"), _("MEMORY"), _("BANDWIDTH"), _("POWER"), _("PRICE"),
                          _("PRICE IS") };
  g_autoptr(SyCliTable) out = sy_cli_table_new (gpu_columns, G_N_ELEMENTS (gpu_columns));

  sy_cli_table_add_row (out, heads);

  for (guint i = 0; i < sy_gpu_table_get_n_gpus (table); i++)
    {
      const SyGpuSpec *gpu = sy_gpu_table_get_gpu (table, i);
      /* Translators: memory of a card in GiB */
      g_autofree char *memory = g_strdup_printf (_("%.0f GiB"), gpu->memory_gb);
      /* Translators: memory bandwidth */
      g_autofree char *bandwidth = g_strdup_printf (_("%.0f GB/s"), gpu->bandwidth_gbps);
      /* Translators: board power in watts */
      g_autofree char *power = g_strdup_printf (_("%.0f W"), gpu->board_power_w);
      g_autofree char *price = g_strdup_printf ("$%.0f", gpu->price_usd);
      g_autofree char *price_is = g_strdup_printf ("%s, %s", gpu->price_kind, gpu->price_date);
      const char *cells[] = { gpu->name, gpu->vendor, memory, bandwidth, power, price, price_is };

      sy_cli_table_add_row (out, cells);
    }
  sy_cli_table_print (out);
}

int
sy_cli_run_gpus (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGpuTable) table = NULL;
  g_auto(GStrv) args = sy_cli_dup_args ("gpus", argc, argv);
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array with every figure's source"), NULL },
    { NULL }
  };

  /* Translators: the rest of "Usage: switchyard gpus [OPTION…]" */
  option_context = g_option_context_new (_("— list the GPUs `switchyard models --gpu` plans with"));
  g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  g_option_context_set_description (option_context,
    _("Memory, bandwidth and board power from the vendors' specification pages;\n"
      "prices are launch MSRPs unless the PRICE IS column says otherwise.\n"
      "--json lists the source of every figure.\n\n"
      "Exit status: 0 ok, 2 bad input."));

  if (!g_option_context_parse_strv (option_context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "gpus", message);
    }

  if (json)
    {
      setlocale (LC_MESSAGES, "C");
      setlocale (LC_NUMERIC, "C");
    }

  table = sy_gpu_table_new_default ();
  if (json)
    print_json (table);
  else
    print_text (table);

  return 0;
}
