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

#include "sy-cli-cost-flags.h"
#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-cost-sensitivity.h"
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

typedef struct
{
  SyInferenceOption *option;
  SyCostResult       result;
  /* With ranges: the earliest and latest break-even over them. */
  gboolean           low_breaks_even;
  double             break_even_low;
  gboolean           high_breaks_even;
  double             break_even_high;
  GArray            *sensitivity;  /* SyCostSensitivity, or NULL */
} Comparison;

static void
clear_comparison (gpointer data)
{
  Comparison *c = data;

  g_clear_pointer (&c->sensitivity, g_array_unref);
}

/* "5000" or "4000:6000". A range gives its middle as *@value and is
 * added to @ranges (when @input can take one). */
static gboolean
parse_value_or_range (const char   *flag,
                      const char   *text,
                      SyCostInput   input,
                      double       *value,
                      GArray       *ranges,
                      GError      **error)
{
  const char *colon = text != NULL ? strchr (text, ':') : NULL;
  g_autofree char *low_text = NULL;
  SyCostRange range = { input, 0, 0 };

  if (colon == NULL || input == SY_COST_N_INPUTS)
    return sy_cli_parse_number (flag, text, value, error);

  low_text = g_strndup (text, colon - text);
  if (!sy_cli_parse_number (flag, low_text, &range.low, error) ||
      !sy_cli_parse_number (flag, colon + 1, &range.high, error))
    return FALSE;

  if (range.low > range.high)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("%s: the low end of “%s” is above the high end"), flag, text);
      return FALSE;
    }

  g_array_append_val (ranges, range);
  *value = (range.low + range.high) / 2;

  return TRUE;
}

/* The range just parsed for @input, if the last one is; its ends must
 * pass the same checks as a single value. */
static const SyCostRange *
last_range_for (GArray      *ranges,
                SyCostInput  input)
{
  if (ranges->len == 0)
    return NULL;

  if (g_array_index (ranges, SyCostRange, ranges->len - 1).input != input)
    return NULL;

  return &g_array_index (ranges, SyCostRange, ranges->len - 1);
}

/* break-even */

static gboolean
add_comparison (GArray            *comparisons,
                SyInferenceOption *option)
{
  /* "--local x --local x" asks for x once. */
  for (guint j = 0; j < comparisons->len; j++)
    {
      if (g_array_index (comparisons, Comparison, j).option == option)
        return FALSE;
    }

  g_array_append_val (comparisons, ((Comparison) { .option = option }));
  return TRUE;
}

static char *
format_months_or_never (gboolean breaks_even,
                        double   months)
{
  SyCostResult r = { 0 };

  r.breaks_even = breaks_even;
  r.break_even_months = months;

  return sy_cost_format_break_even (&r);
}

static void
print_text (const SyTraffic *traffic,
            const char      *api_model,
            gboolean         with_ranges,
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
      if (with_ranges)
        {
          g_autofree char *low = format_months_or_never (c->low_breaks_even, c->break_even_low);
          g_autofree char *high = format_months_or_never (c->high_breaks_even, c->break_even_high);

          /* Translators: the break-even over the ranges given, e.g. "46.0 months … 131.1 months" */
          g_print (_("  Over the ranges: %s … %s\n"), low, high);
        }
      for (guint j = 0; c->sensitivity != NULL && j < c->sensitivity->len; j++)
        {
          const SyCostSensitivity *sens = &g_array_index (c->sensitivity, SyCostSensitivity, j);
          g_autofree char *at_low = format_months_or_never (sens->breaks_even_at_low, sens->break_even_at_low);
          g_autofree char *at_high = format_months_or_never (sens->breaks_even_at_high, sens->break_even_at_high);
          g_autofree char *low = sy_cli_format_count (sens->low);
          g_autofree char *high = sy_cli_format_count (sens->high);

          /* Translators: "--daily-requests 4,000 … 6,000: 121.2 months … 46.0 months" */
          g_print (_("  Sensitivity:    --%s %s … %s: %s … %s\n"),
                   sy_cost_input_get_name (sens->input), low, high, at_low, at_high);
        }
      if (r->total_monthly_usd != r->other_usd)
        {
          g_autofree char *hardware = sy_cost_format_usd (r->hardware_usd);
          g_autofree char *power = sy_cost_format_usd (r->power_usd);
          g_autofree char *ops = sy_cost_format_usd (r->ops_usd);
          g_autofree char *other = sy_cost_format_usd (r->other_usd);

          g_print (_("  Each month:     hardware %s, power %s, ops %s, other %s\n"),
                   hardware, power, ops, other);
        }
    }
}

static void
append_months_or_null (GString  *out,
                       gboolean  breaks_even,
                       double    months)
{
  if (breaks_even)
    sy_cli_append_json_number (out, "%.1f", months);
  else
    g_string_append (out, "null");
}

static void
append_json_object (GString          *out,
                    const char       *indent,
                    const char       *api_model,
                    gboolean          with_ranges,
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
  g_string_append_printf (out, ",\n%s  \"kind\": \"%s\"", indent,
                          sy_inference_option_get_kind (c->option) == SY_INFERENCE_KIND_RENTED
                            ? "rented" : "local");
  g_string_append_printf (out, ",\n%s  \"box_utilisation\": ", indent);
  sy_cli_append_json_number (out, "%.4f", r->box_utilisation);
  g_string_append_printf (out, ",\n%s  \"hardware_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->hardware_usd);
  g_string_append_printf (out, ",\n%s  \"power_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->power_usd);
  g_string_append_printf (out, ",\n%s  \"ops_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->ops_usd);
  g_string_append_printf (out, ",\n%s  \"other_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->other_usd);
  g_string_append_printf (out, ",\n%s  \"total_monthly_usd\": ", indent);
  sy_cli_append_json_number (out, "%.2f", r->total_monthly_usd);
  if (with_ranges)
    {
      g_string_append_printf (out, ",\n%s  \"break_even_low\": ", indent);
      append_months_or_null (out, c->low_breaks_even, c->break_even_low);
      g_string_append_printf (out, ",\n%s  \"break_even_high\": ", indent);
      append_months_or_null (out, c->high_breaks_even, c->break_even_high);
    }
  if (c->sensitivity != NULL)
    {
      g_string_append_printf (out, ",\n%s  \"sensitivity\": [", indent);
      for (guint i = 0; i < c->sensitivity->len; i++)
        {
          const SyCostSensitivity *sens = &g_array_index (c->sensitivity, SyCostSensitivity, i);

          g_string_append_printf (out, "%s\n%s    { \"input\": \"%s\", \"low\": ",
                                  i > 0 ? "," : "", indent, sy_cost_input_get_name (sens->input));
          sy_cli_append_json_number (out, "%.10g", sens->low);
          g_string_append (out, ", \"high\": ");
          sy_cli_append_json_number (out, "%.10g", sens->high);
          g_string_append (out, ", \"break_even_at_low\": ");
          append_months_or_null (out, sens->breaks_even_at_low, sens->break_even_at_low);
          g_string_append (out, ", \"break_even_at_high\": ");
          append_months_or_null (out, sens->breaks_even_at_high, sens->break_even_at_high);
          g_string_append (out, ", \"swing_months\": ");
          sy_cli_append_json_number (out, "%.1f", sens->swing_months);
          g_string_append (out, " }");
        }
      g_string_append_printf (out, "\n%s  ]", indent);
    }
  g_string_append_printf (out, "\n%s}", indent);
}

static void
print_json (const char *api_model,
            gboolean    with_ranges,
            GArray     *comparisons)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (comparisons->len == 1)
    {
      append_json_object (out, "", api_model, with_ranges, &g_array_index (comparisons, Comparison, 0));
    }
  else
    {
      g_string_append (out, "[\n");
      for (guint i = 0; i < comparisons->len; i++)
        {
          append_json_object (out, "  ", api_model, with_ranges, &g_array_index (comparisons, Comparison, i));
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
  g_autofree char *caption = NULL;
  SyPlotTheme theme = { dark, NULL };
  SyTraffic traffic;

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

  /* The same caption as the Costs page's export: a picture written for a
   * slide keeps the traffic and the API model it was drawn for. */
  sy_cost_model_get_traffic (model, &traffic);
  caption = sy_plot_format_caption (traffic.daily_requests, traffic.input_tokens,
                                    traffic.output_tokens,
                                    sy_cost_model_get_api_model (model), NULL);

  return sy_plot_export_with_caption (series, caption, filename, format, width, height,
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
  g_auto(SyCliTrafficFlags) flags = { 0 };
  g_autofree char *plot = NULL;
  g_autofree char *horizon_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *watts = NULL, *idle_watts = NULL, *life_months = NULL, *resale = NULL;
  g_autofree char *rent_hourly = NULL, *rent_hours = NULL;
  g_autofree char *tokens_per_second = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (SyCostRange));
  gboolean sensitivity = FALSE;
  g_auto(GStrv) option_specs = NULL;
  g_auto(GStrv) locals = NULL;
  g_auto(GStrv) args = NULL;
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  SyCliOptionFlag option_flags[] = {
    { "--watts", "load-watts", NULL, 0 },
    { "--tokens-per-second", "aggregate-tokens-per-second", NULL, 0 },
    { "--idle-watts", "idle-watts", NULL, 0 },
    { "--life-months", "life-months", NULL, 0 },
    { "--resale", "resale-share", NULL, 0 },
  };
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
    { "local", 0, 0, G_OPTION_ARG_STRING_ARRAY, &locals,
      N_("Local option, may repeat (default: llama3.1-8b-rtx4090 and llama3.1-70b-2xa100)"), N_("ID") },
    { "option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &option_specs,
      N_("An option of your own, may repeat, e.g. 'name=Used 3090,setup=700,watts=350,idle=30,tps=60,agg=300,quality=0.8' "
         "(keys: name, id, kind=local|rented, setup, other, watts, idle, tps, agg, quality, life, resale, rent, hours)"), N_("SPEC") },
    { "tokens-per-second", 0, 0, G_OPTION_ARG_STRING, &tokens_per_second,
      N_("Tokens a second one local box serves, all streams together"), N_("N") },
    { "sensitivity", 0, 0, G_OPTION_ARG_NONE, &sensitivity,
      N_("For each input given as a range LOW:HIGH, the break-even at either end, largest swing first"), NULL },
    { "watts", 0, 0, G_OPTION_ARG_STRING, &watts,
      N_("Power of one local box at full load"), N_("W") },
    { "idle-watts", 0, 0, G_OPTION_ARG_STRING, &idle_watts,
      N_("Power of one idle local box"), N_("W") },
    { "life-months", 0, 0, G_OPTION_ARG_STRING, &life_months,
      N_("Months until a local box is replaced (default: 0, never)"), N_("MONTHS") },
    { "resale", 0, 0, G_OPTION_ARG_STRING, &resale,
      N_("Share of the setup cost a replaced box sells for, 0 to 1"), N_("SHARE") },
    { "rent-hourly", 0, 0, G_OPTION_ARG_STRING, &rent_hourly,
      N_("Also compare a rented GPU at this price per hour (100 tokens/s, quality 0.75)"), N_("USD") },
    { "rent-hours", 0, 0, G_OPTION_ARG_STRING, &rent_hours,
      N_("Hours a month a GPU is rented (default: 720)"), N_("H") },
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
  struct { const char *option; const char *text; gsize offset; SyCostInput input; } traffic_fields[] = {
    { "--daily-requests", NULL, G_STRUCT_OFFSET (SyTraffic, daily_requests), SY_COST_INPUT_DAILY_REQUESTS },
    { "--input-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, input_tokens), SY_COST_INPUT_INPUT_TOKENS },
    { "--output-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, output_tokens), SY_COST_INPUT_OUTPUT_TOKENS },
  };

  /* Translators: the rest of "Usage: switchyard break-even [OPTION…]" */
  context = g_option_context_new (_("— compare API and local inference costs"));
  /* The traffic first, as the help has always listed it. */
  sy_cli_traffic_flags_add_entries (&flags, context);
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
  traffic_fields[0].text = flags.daily_requests;
  traffic_fields[1].text = flags.input_tokens;
  traffic_fields[2].text = flags.output_tokens;
  for (guint i = 0; i < G_N_ELEMENTS (traffic_fields); i++)
    {
      SyTraffic one = {
        SY_COST_DEFAULT_DAILY_REQUESTS,
        SY_COST_DEFAULT_INPUT_TOKENS,
        SY_COST_DEFAULT_OUTPUT_TOKENS,
      };
      double *value = &G_STRUCT_MEMBER (double, &traffic, traffic_fields[i].offset);
      const SyCostRange *range;
      double checks[3];
      guint n_checks = 0;

      if (!parse_value_or_range (traffic_fields[i].option, traffic_fields[i].text,
                                 traffic_fields[i].input, value, ranges, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

      checks[n_checks++] = *value;
      if ((range = last_range_for (ranges, traffic_fields[i].input)) != NULL)
        {
          checks[n_checks++] = range->low;
          checks[n_checks++] = range->high;
        }

      /* Check each field alone, so the message names the option. */
      for (guint j = 0; j < n_checks; j++)
        {
          G_STRUCT_MEMBER (double, &one, traffic_fields[i].offset) = checks[j];
          if (!sy_traffic_validate (&one, &error))
            return sy_cli_fail (EXIT_BAD_INPUT, traffic_fields[i].option, error->message);
        }
    }

  {
    /* SY_COST_N_INPUTS: no range for that flag. */
    struct { const char *flag; const char *text; gsize offset; SyCostInput input; } input_fields[] = {
      { "--kwh-price", flags.kwh_price, G_STRUCT_OFFSET (SyCostInputs, kwh_price_usd), SY_COST_N_INPUTS },
      { "--ops-hours", flags.ops_hours, G_STRUCT_OFFSET (SyCostInputs, ops_hours_per_month), SY_COST_INPUT_OPS_HOURS },
      { "--ops-rate", flags.ops_rate, G_STRUCT_OFFSET (SyCostInputs, ops_hourly_usd), SY_COST_N_INPUTS },
      { "--peak-factor", flags.peak_factor, G_STRUCT_OFFSET (SyCostInputs, peak_factor), SY_COST_N_INPUTS },
      { "--cache-share", flags.cache_share, G_STRUCT_OFFSET (SyCostInputs, cached_input_share), SY_COST_N_INPUTS },
      { "--batch-share", flags.batch_share, G_STRUCT_OFFSET (SyCostInputs, batch_share), SY_COST_N_INPUTS },
      { "--reasoning-tokens", flags.reasoning_tokens, G_STRUCT_OFFSET (SyCostInputs, reasoning_tokens), SY_COST_N_INPUTS },
      { "--price-decline", flags.price_decline, G_STRUCT_OFFSET (SyCostInputs, price_decline), SY_COST_INPUT_PRICE_DECLINE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (input_fields); i++)
      {
        double *value = &G_STRUCT_MEMBER (double, &inputs, input_fields[i].offset);
        const SyCostRange *range;
        double checks[3];
        guint n_checks = 0;

        if (!parse_value_or_range (input_fields[i].flag, input_fields[i].text,
                                   input_fields[i].input, value, ranges, &error))
          return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

        checks[n_checks++] = *value;
        if (input_fields[i].input != SY_COST_N_INPUTS &&
            (range = last_range_for (ranges, input_fields[i].input)) != NULL)
          {
            checks[n_checks++] = range->low;
            checks[n_checks++] = range->high;
          }

        /* Each alone, so the message names the flag. */
        for (guint j = 0; j < n_checks; j++)
          {
            SyCostInputs one = SY_COST_INPUTS_DEFAULT;

            G_STRUCT_MEMBER (double, &one, input_fields[i].offset) = checks[j];
            if (!sy_cost_inputs_validate (&one, &error))
              return sy_cli_fail (EXIT_BAD_INPUT, input_fields[i].flag, error->message);
          }
      }
  }

  option_flags[0].text = watts;
  option_flags[1].text = tokens_per_second;
  option_flags[2].text = idle_watts;
  option_flags[3].text = life_months;
  option_flags[4].text = resale;
  for (guint i = 0; i < G_N_ELEMENTS (option_flags); i++)
    {
      SyCostInput input = i == 0 ? SY_COST_INPUT_LOAD_WATTS
                        : i == 1 ? SY_COST_INPUT_TOKENS_PER_SECOND
                        : SY_COST_N_INPUTS;
      const SyCostRange *range;

      if (!parse_value_or_range (option_flags[i].flag, option_flags[i].text, input,
                                 &option_flags[i].value, ranges, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

      /* The ends of a range; the middle is checked on each option. */
      range = input != SY_COST_N_INPUTS ? last_range_for (ranges, input) : NULL;
      if (range != NULL && !(range->low > 0 || (range->low == 0 && input == SY_COST_INPUT_LOAD_WATTS)))
        {
          g_autofree char *message = g_strdup_printf (_("the low end of “%s” must be above zero"),
                                                      option_flags[i].text);

          return sy_cli_fail (EXIT_BAD_INPUT, option_flags[i].flag, message);
        }
    }

  if (sensitivity && ranges->len == 0)
    return sy_cli_fail (EXIT_BAD_INPUT, "--sensitivity",
                        _("needs at least one input given as a range LOW:HIGH"));

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
  sy_cost_model_set_inputs (model, &inputs);
  sy_cost_model_set_horizon_months (model, (guint) horizon);

  if (flags.api_model == NULL)
    flags.api_model = g_strdup (SY_COST_DEFAULT_API_MODEL);
  sy_cost_model_set_api_model (model, flags.api_model);
  if (!sy_price_table_lookup (prices, flags.api_model, NULL, &error))
    {
      g_auto(GStrv) known = sy_price_table_dup_models (prices);
      g_autofree char *joined = g_strjoinv (", ", known);
      /* Translators: after an error; %s lists model ids */
      g_autofree char *message = g_strdup_printf (_("%s (known: %s)"), error->message, joined);

      return sy_cli_fail (EXIT_BAD_INPUT, "--api-model", message);
    }

  comparisons = g_array_new (FALSE, TRUE, sizeof (Comparison));
  g_array_set_clear_func (comparisons, clear_comparison);
  for (guint i = 0; locals != NULL && locals[i] != NULL; i++)
    {
      SyInferenceOption *option = sy_cost_model_find_option (model, locals[i], &error);

      if (option == NULL)
        {
          g_autofree char *known = join_option_ids (model);
          g_autofree char *message = g_strdup_printf (_("%s (known: %s)"), error->message, known);

          return sy_cli_fail (EXIT_BAD_INPUT, "--local", message);
        }
      add_comparison (comparisons, option);
    }

  for (guint i = 0; option_specs != NULL && option_specs[i] != NULL; i++)
    {
      g_autoptr(SyInferenceOption) option = sy_cli_parse_option_spec (option_specs[i], option_flags,
                                                               G_N_ELEMENTS (option_flags), &error);

      if (option == NULL)
        return sy_cli_fail (EXIT_BAD_INPUT, "--option", error->message);
      sy_cost_model_add_option (model, option);
      add_comparison (comparisons, option);
    }

  if (rent_hourly != NULL || rent_hours != NULL)
    {
      /* The RTX 4090 row's model on a GPU rented by the hour. */
      g_autoptr(SyInferenceOption) rented = sy_inference_option_new ("rented-gpu", _("Rented GPU"),
                                                                     0, 0, 100, 0.75);
      SyCliOptionFlag rent_flags[] = {
        { "--rent-hourly", "rent-hourly-usd", rent_hourly, 0 },
        { "--rent-hours", "rent-hours-per-month", rent_hours, 0 },
      };
      const char *flag = NULL;

      sy_inference_option_set_kind (rented, SY_INFERENCE_KIND_RENTED);
      for (guint i = 0; i < G_N_ELEMENTS (rent_flags); i++)
        {
          if (!sy_cli_parse_number (rent_flags[i].flag, rent_flags[i].text,
                                    &rent_flags[i].value, &error))
            return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
        }
      if (!sy_cli_apply_option_flags (rented, rent_flags, G_N_ELEMENTS (rent_flags), &flag, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, flag, error->message);
      sy_cost_model_add_option (model, rented);
      add_comparison (comparisons, rented);
    }

  /* Nothing asked for: SPEC's options. */
  if (comparisons->len == 0)
    {
      GListModel *options = sy_cost_model_get_options (model);

      for (guint i = 0; i < g_list_model_get_n_items (options); i++)
        {
          g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

          add_comparison (comparisons, option);
        }
    }

  /* The option flags describe the bought boxes picked by ID; those given
   * with --option have had them already. */
  for (guint i = 0; i < comparisons->len; i++)
    {
      SyInferenceOption *option = g_array_index (comparisons, Comparison, i).option;
      const char *flag = NULL;

      if (!sy_inference_option_get_builtin (option) ||
          sy_inference_option_get_kind (option) != SY_INFERENCE_KIND_LOCAL)
        continue;
      if (!sy_cli_apply_option_flags (option, option_flags, G_N_ELEMENTS (option_flags), &flag, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, flag, error->message);
    }

  if (comparisons->len == 0)
    return sy_cli_fail (EXIT_BAD_INPUT, "--local", _("no local option to compare"));

  for (guint i = 0; i < comparisons->len; i++)
    {
      Comparison *c = &g_array_index (comparisons, Comparison, i);

      if (!sy_cost_model_compute (model, c->option, &c->result, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

      if (ranges->len > 0)
        {
          SyTraffic t;
          SyCostInputs in;
          SyPrice price;

          sy_cost_model_get_traffic (model, &t);
          sy_cost_model_get_inputs (model, &in);
          if (!sy_price_table_lookup (prices, flags.api_model, &price, &error) ||
              !sy_cost_break_even_range (&t, &in, &price, c->option,
                                         (const SyCostRange *) ranges->data, ranges->len, NULL,
                                         &c->low_breaks_even, &c->break_even_low,
                                         &c->high_breaks_even, &c->break_even_high, &error))
            return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

          if (sensitivity)
            {
              c->sensitivity = sy_cost_sensitivity (&t, &in, &price, c->option,
                                                    (const SyCostRange *) ranges->data,
                                                    ranges->len, &error);
              if (c->sensitivity == NULL)
                return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
            }
        }
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
    print_json (flags.api_model, ranges->len > 0, comparisons);
  else
    {
      print_text (&traffic, flags.api_model, ranges->len > 0, comparisons);
      if (plot != NULL)
        g_print (_("\nPlot written to %s\n"), plot);
    }

  return 0;
}
