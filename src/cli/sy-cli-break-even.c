/* sy-cli-break-even.c: `switchyard break-even`, SPEC §2 on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-plot.h"

static char *
join_option_ids (SyCostModel *model)
{
  GListModel *options = sy_cost_model_get_options (model);
  guint n = g_list_model_get_n_items (options);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, sy_inference_option_get_id (option));
    }

  return g_string_free (out, FALSE);
}

/* break-even */

typedef struct
{
  SyInferenceOption *option;
  SyCostResult       result;
} Comparison;

static void
print_text (const SyTraffic *traffic,
            const char      *api_model,
            GArray          *comparisons)
{
  g_autofree char *requests = sy_cli_format_count (traffic->daily_requests);
  g_autofree char *input = sy_cli_format_count (traffic->input_tokens);
  g_autofree char *output = sy_cli_format_count (traffic->output_tokens);
  const SyCostResult *first = &g_array_index (comparisons, Comparison, 0).result;
  g_autofree char *monthly_in = sy_cli_format_count (first->monthly_input_tokens);
  g_autofree char *monthly_out = sy_cli_format_count (first->monthly_output_tokens);
  g_autofree char *api_usd = sy_cost_format_usd (first->api_monthly_usd);

  g_print (_("Traffic: %s requests a day, %s input + %s output tokens each\n"),
           requests, input, output);
  g_print (_("         %s input and %s output tokens a month\n"), monthly_in, monthly_out);
  g_print (_("API model: %s, %s a month\n"), api_model, api_usd);

  for (guint i = 0; i < comparisons->len; i++)
    {
      const Comparison *c = &g_array_index (comparisons, Comparison, i);
      const SyCostResult *r = &c->result;
      g_autofree char *api_monthly = sy_cost_format_usd (r->api_monthly_usd);
      g_autofree char *setup = sy_cost_format_usd (r->local_setup_usd);
      g_autofree char *monthly = sy_cost_format_usd (r->local_monthly_usd);
      g_autofree char *break_even = sy_cost_format_break_even (r);
      g_autofree char *quality = sy_cost_format_quality_tradeoff (sy_inference_option_get_quality (c->option));
      g_autofree char *utilisation = sy_cli_format_percent (r->utilisation);
      g_autofree char *boxes = NULL;

      if (r->boxes_needed > 1)
        /* Translators: after a cost, e.g. "$3,200.00 (2 boxes)" */
        boxes = g_strdup_printf (g_dngettext (NULL, " (%u box)", " (%u boxes)", r->boxes_needed),
                                 r->boxes_needed);

      g_print ("\n%s: %s\n", sy_inference_option_get_id (c->option),
               sy_inference_option_get_name (c->option));
      g_print (_("  API monthly:    %s\n"), api_monthly);
      g_print (_("  Local setup:    %s%s\n"), setup, boxes != NULL ? boxes : "");
      g_print (_("  Local monthly:  %s%s\n"), monthly, boxes != NULL ? boxes : "");
      g_print (_("  Break-even:     %s\n"), break_even);
      g_print (_("  Quality:        %s\n"), quality);
      g_print (_("  Capacity:       Utilisation of one box: %s; boxes needed: %u\n"),
               utilisation, r->boxes_needed);
    }
}

static void
append_json_object (GString          *out,
                    const char       *indent,
                    const char       *api_model,
                    const Comparison *c)
{
  const SyCostResult *r = &c->result;
  g_autofree char *quality = sy_cost_format_quality_tradeoff (sy_inference_option_get_quality (c->option));

  g_string_append_printf (out, "%s{\n%s  \"api_model\": ", indent, indent);
  sy_cli_append_json_string (out, api_model);
  g_string_append_printf (out, ",\n%s  \"local\": ", indent);
  sy_cli_append_json_string (out, sy_inference_option_get_id (c->option));
  g_string_append_printf (out, ",\n%s  \"api_monthly_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->api_monthly_usd);
  g_string_append_printf (out, ",\n%s  \"local_monthly_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->local_monthly_usd);
  g_string_append_printf (out, ",\n%s  \"local_setup_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->local_setup_usd);
  g_string_append_printf (out, ",\n%s  \"break_even_months\": ", indent);
  if (r->breaks_even)
    sy_cli_append_json_number (out, "%.1f", r->break_even_months);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\n%s  \"quality_tradeoff\": ", indent);
  sy_cli_append_json_string (out, quality);
  g_string_append_printf (out, ",\n%s  \"boxes_needed\": %u", indent, r->boxes_needed);
  g_string_append_printf (out, ",\n%s  \"utilisation\": ", indent);
  sy_cli_append_json_number (out, "%.4f", r->utilisation);
  g_string_append_printf (out, "\n%s}", indent);
}

static void
print_json (const char *api_model,
            GArray     *comparisons)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (comparisons->len == 1)
    {
      append_json_object (out, "", api_model, &g_array_index (comparisons, Comparison, 0));
    }
  else
    {
      g_string_append (out, "[\n");
      for (guint i = 0; i < comparisons->len; i++)
        {
          append_json_object (out, "  ", api_model, &g_array_index (comparisons, Comparison, i));
          g_string_append (out, i + 1 < comparisons->len ? ",\n" : "\n");
        }
      g_string_append (out, "]");
    }
  g_string_append_c (out, '\n');

  /* JSON is UTF-8 whatever the terminal's charset: no g_print conversion. */
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

static gboolean
write_plot (SyCostModel  *model,
            GArray       *comparisons,
            const char   *filename,
            SyPlotFormat  format,
            double        width,
            double        height,
            double        scale,
            gboolean      dark,
            GError      **error)
{
  GListModel *options = sy_cost_model_get_options (model);
  guint n = g_list_model_get_n_items (options);
  g_autoptr(SyCostSeries) series = NULL;
  SyPlotTheme theme = { dark, NULL };

  /* Plot exactly the options asked for; the others stay in the list so
   * each keeps its colour. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      gboolean wanted = FALSE;

      for (guint j = 0; j < comparisons->len && !wanted; j++)
        wanted = g_array_index (comparisons, Comparison, j).option == option;
      sy_inference_option_set_enabled (option, wanted);
    }

  series = sy_cost_model_build_series (model, error);
  if (series == NULL)
    return FALSE;

  return sy_plot_export (series, filename, format, width, height,
                         format == SY_PLOT_FORMAT_PNG ? scale : 1.0, &theme, error);
}

int
sy_cli_run_break_even (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyPriceTable) prices = NULL;
  g_autoptr(SyCostModel) model = NULL;
  g_autoptr(GArray) comparisons = NULL;
  g_autofree char *daily_requests = NULL;
  g_autofree char *input_tokens = NULL;
  g_autofree char *output_tokens = NULL;
  g_autofree char *api_model = NULL;
  g_autofree char *plot = NULL;
  g_autofree char *horizon_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *scale_text = NULL;
  g_auto(GStrv) locals = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE, dark = FALSE;
  SyTraffic traffic = {
    SY_COST_DEFAULT_DAILY_REQUESTS,
    SY_COST_DEFAULT_INPUT_TOKENS,
    SY_COST_DEFAULT_OUTPUT_TOKENS,
  };
  double horizon = SY_COST_DEFAULT_HORIZON_MONTHS;
  double width = 1200, height = 800, scale = 2;
  SyPlotFormat format = SY_PLOT_FORMAT_PNG;
  const GOptionEntry entries[] = {
    { "daily-requests", 0, 0, G_OPTION_ARG_STRING, &daily_requests,
      N_("Requests a day (default: 1000)"), N_("N") },
    { "input-tokens", 0, 0, G_OPTION_ARG_STRING, &input_tokens,
      N_("Average input tokens per request (default: 1000)"), N_("N") },
    { "output-tokens", 0, 0, G_OPTION_ARG_STRING, &output_tokens,
      N_("Average output tokens per request (default: 500)"), N_("N") },
    { "api-model", 0, 0, G_OPTION_ARG_STRING, &api_model,
      N_("API model to compare against (default: gpt-4o-mini; gpt-4o, claude-sonnet-4-5)"), N_("ID") },
    { "local", 0, 0, G_OPTION_ARG_STRING_ARRAY, &locals,
      N_("Local option, may repeat (default: llama3.1-8b-rtx4090 and llama3.1-70b-2xa100)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON: an object per local option, an array for several"), NULL },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &plot,
      N_("Write the cumulative cost plot to FILE (.png, .svg or .pdf)"), N_("FILE") },
    { "horizon", 0, 0, G_OPTION_ARG_STRING, &horizon_text,
      N_("Months the plot shows, extended to show a break-even up to 120 (default: 36)"), N_("MONTHS") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text,
      N_("Plot width in pixels (default: 1200)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text,
      N_("Plot height in pixels (default: 800)"), N_("PX") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      N_("Pixels per plot pixel in a PNG, for HiDPI screens (default: 2, so 2400×1600)"), N_("N") },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark,
      N_("Draw the plot for a dark background"), NULL },
    { NULL }
  };
  struct { const char *option; const char *text; gsize offset; } traffic_fields[] = {
    { "--daily-requests", NULL, G_STRUCT_OFFSET (SyTraffic, daily_requests) },
    { "--input-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, input_tokens) },
    { "--output-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, output_tokens) },
  };

  /* Translators: the rest of "Usage: switchyard break-even [OPTION…]" */
  context = g_option_context_new (_("— compare API and local inference costs"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Example (SPEC’s worked example; break-even after 66.7 months):\n"
      "  switchyard break-even --daily-requests 5000 --input-tokens 800 --output-tokens 400 \\\n"
      "      --api-model gpt-4o-mini --local llama3.1-8b-rtx4090\n\n"
      "Exit status: 0 ok, 1 the plot could not be written, 2 bad input."));

  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("switchyard break-even");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_set_prgname ("switchyard break-even");

  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "break-even", message);
    }

  /* All input first, so a typo never costs a slow plot. */
  traffic_fields[0].text = daily_requests;
  traffic_fields[1].text = input_tokens;
  traffic_fields[2].text = output_tokens;
  for (guint i = 0; i < G_N_ELEMENTS (traffic_fields); i++)
    {
      SyTraffic one = {
        SY_COST_DEFAULT_DAILY_REQUESTS,
        SY_COST_DEFAULT_INPUT_TOKENS,
        SY_COST_DEFAULT_OUTPUT_TOKENS,
      };
      double *value = &G_STRUCT_MEMBER (double, &traffic, traffic_fields[i].offset);

      if (!sy_cli_parse_number (traffic_fields[i].option, traffic_fields[i].text, value, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

      /* Check each field alone, so the message names the option. */
      G_STRUCT_MEMBER (double, &one, traffic_fields[i].offset) = *value;
      if (!sy_traffic_validate (&one, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, traffic_fields[i].option, error->message);
    }

  if (!sy_cli_parse_in_range ("--horizon", horizon_text, SY_COST_MIN_HORIZON_MONTHS,
                       SY_COST_MAX_HORIZON_MONTHS, &horizon, &error) ||
      !sy_cli_parse_in_range ("--width", width_text, 100, 10000, &width, &error) ||
      !sy_cli_parse_in_range ("--height", height_text, 100, 10000, &height, &error) ||
      !sy_cli_parse_in_range ("--scale", scale_text, 1, 4, &scale, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (plot != NULL && !sy_plot_format_from_filename (plot, &format, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, "--plot", error->message);

  /* Machines read JSON: its sentences stay in SPEC's English whatever the
   * locale, so scripts can compare them. */
  if (json)
    {
      setlocale (LC_MESSAGES, "C");
      setlocale (LC_NUMERIC, "C");
    }

  /* Only the shipped prices and SPEC's options: the command line gives the
   * same answer on every machine, whatever the window saved. */
  prices = sy_price_table_new_default ();
  model = sy_cost_model_new (prices);
  sy_cost_model_set_traffic (model, &traffic);
  sy_cost_model_set_horizon_months (model, (guint) horizon);

  if (api_model == NULL)
    api_model = g_strdup (SY_COST_DEFAULT_API_MODEL);
  sy_cost_model_set_api_model (model, api_model);
  if (!sy_price_table_lookup (prices, api_model, NULL, &error))
    {
      g_auto(GStrv) known = sy_price_table_dup_models (prices);
      g_autofree char *joined = g_strjoinv (", ", known);
      /* Translators: after an error; %s lists model ids */
      g_autofree char *message = g_strdup_printf (_("%s (known: %s)"), error->message, joined);

      return sy_cli_fail (EXIT_BAD_INPUT, "--api-model", message);
    }

  comparisons = g_array_new (FALSE, TRUE, sizeof (Comparison));
  if (locals == NULL || locals[0] == NULL)
    {
      GListModel *options = sy_cost_model_get_options (model);

      for (guint i = 0; i < g_list_model_get_n_items (options); i++)
        {
          g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
          Comparison c = { option };

          g_array_append_val (comparisons, c);
        }
    }
  for (guint i = 0; locals != NULL && locals[i] != NULL; i++)
    {
      Comparison c = { NULL };
      gboolean seen = FALSE;

      c.option = sy_cost_model_find_option (model, locals[i], &error);
      if (c.option == NULL)
        {
          g_autofree char *known = join_option_ids (model);
          g_autofree char *message = g_strdup_printf (_("%s (known: %s)"), error->message, known);

          return sy_cli_fail (EXIT_BAD_INPUT, "--local", message);
        }

      /* "--local x --local x" asks for x once. */
      for (guint j = 0; j < comparisons->len && !seen; j++)
        seen = g_array_index (comparisons, Comparison, j).option == c.option;
      if (!seen)
        g_array_append_val (comparisons, c);
    }

  if (comparisons->len == 0)
    return sy_cli_fail (EXIT_BAD_INPUT, "--local", _("no local option to compare"));

  for (guint i = 0; i < comparisons->len; i++)
    {
      Comparison *c = &g_array_index (comparisons, Comparison, i);

      if (!sy_cost_model_compute (model, c->option, &c->result, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
    }

  /* The plot before the figures: when it fails, stdout stays empty and a
   * script sees only the failure. An unwritable file or a drawing cairo
   * could not finish is no fault of the input. */
  if (plot != NULL &&
      !write_plot (model, comparisons, plot, format, width, height, scale, dark, &error))
    {
      gboolean runtime_failure = error->domain == G_IO_ERROR ||
                                 g_error_matches (error, SY_COST_ERROR, SY_COST_ERROR_IO);

      return sy_cli_fail (runtime_failure ? 1 : EXIT_BAD_INPUT, NULL, error->message);
    }

  if (json)
    print_json (api_model, comparisons);
  else
    {
      print_text (&traffic, api_model, comparisons);
      if (plot != NULL)
        g_print (_("\nPlot written to %s\n"), plot);
    }

  return 0;
}
