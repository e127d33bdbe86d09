/* sy-cli-cost-flags.c: the flags that describe a local option and the
 * traffic, shared by `switchyard break-even` and `switchyard deploy`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sy-cli-cost-flags.h"
#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-gpu-table.h"

/* The keys of --option 'name=…,setup=…', each a property of the option. */
static const struct
{
  const char *key;
  const char *property;
} spec_keys[] = {
  { "setup", "setup-usd" },
  { "monthly", "monthly-usd" },
  { "other", "monthly-usd" },
  { "watts", "load-watts" },
  { "idle", "idle-watts" },
  { "tps", "tokens-per-second" },
  { "agg", "aggregate-tokens-per-second" },
  { "quality", "quality" },
  { "life", "life-months" },
  { "resale", "resale-share" },
  { "rent", "rent-hourly-usd" },
  { "hours", "rent-hours-per-month" },
};

/* Sets each given flag on @option and checks the option after each, so a
 * bad value is reported with the flag that brought it. */
gboolean
sy_cli_apply_option_flags (SyInferenceOption  *option,
                           SyCliOptionFlag    *flags,
                           guint               n_flags,
                           const char        **out_flag,
                           GError            **error)
{
  for (guint i = 0; i < n_flags; i++)
    {
      if (flags[i].text == NULL)
        continue;

      g_object_set (option, flags[i].property, flags[i].value, NULL);
      if (!sy_inference_option_validate (option, error))
        {
          *out_flag = flags[i].flag;
          return FALSE;
        }
    }

  return TRUE;
}

static char *
join_spec_keys (void)
{
  GString *out = g_string_new ("name, id, kind, model, quant, gpu, gpus");

  for (guint i = 0; i < G_N_ELEMENTS (spec_keys); i++)
    g_string_append_printf (out, ", %s", spec_keys[i].key);

  return g_string_free (out, FALSE);
}

/* What the option runs on, from its model=, quant=, gpu= and gpus= keys
 * (NULL when not given), checked against the catalogue and the GPU table;
 * what a deployment of the option starts from. */
static gboolean
set_option_hardware (SyInferenceOption  *option,
                     const char         *model_name,
                     const char         *quant_name,
                     const char         *gpu_name,
                     const char         *gpus_text,
                     GError            **error)
{
  g_autoptr(SyModelCatalog) catalog = NULL;
  g_autoptr(SyGpuTable) gpus = NULL;
  const SyCatalogModel *model = NULL;
  const SyGpuSpec *gpu = NULL;
  SyQuant quant;
  double count = 1;

  /* Most specs say nothing of it: no tables to read then. */
  if (model_name == NULL && quant_name == NULL && gpu_name == NULL && gpus_text == NULL)
    return TRUE;
  catalog = sy_model_catalog_new_default ();
  gpus = sy_gpu_table_new_default ();

  if (model_name != NULL && (model = sy_model_catalog_find (catalog, model_name)) == NULL)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("model: “%s” is not in the catalogue (see switchyard models)"), model_name);
      return FALSE;
    }
  if (quant_name != NULL)
    {
      if (model == NULL)
        {
          g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                               _("quant: a build belongs to a model; give model= too"));
          return FALSE;
        }
      if (!sy_quant_from_string (quant_name, &quant) || !sy_catalog_model_has_quant (model, quant))
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                       _("quant: %s comes in no build “%s”"), model->name, quant_name);
          return FALSE;
        }
    }
  if (gpu_name != NULL && (gpu = sy_gpu_table_lookup (gpus, gpu_name)) == NULL)
    {
      g_autofree char *names = sy_gpu_table_dup_names (gpus);

      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("gpu: unknown card “%s”; known cards: %s (see `switchyard gpus`)"), gpu_name, names);
      return FALSE;
    }
  if (gpus_text != NULL)
    {
      if (gpu == NULL)
        {
          g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                               _("gpus: give the card with gpu= too"));
          return FALSE;
        }
      if (!sy_cli_parse_number ("gpus", gpus_text, &count, error))
        return FALSE;
      if (count < 1 || count > SY_FIT_MAX_GPUS || count != (guint) count)
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                       _("gpus: must be a whole number from 1 to %u"), SY_FIT_MAX_GPUS);
          return FALSE;
        }
    }

  sy_inference_option_set_hardware (option, model ? model->id : NULL,
                                    quant_name != NULL ? sy_quant_to_string (quant) : NULL,
                                    gpu ? gpu->id : NULL, (guint) count);
  return TRUE;
}

/* "name=Used 3090,setup=700,watts=350,idle=30,tps=60,agg=300,quality=0.8" */
SyInferenceOption *
sy_cli_parse_option_spec (const char       *spec,
                          SyCliOptionFlag  *flags,
                          guint             n_flags,
                          GError          **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);
  g_autoptr(SyInferenceOption) option = NULL;
  const char *name = NULL;
  const char *id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *quant = NULL;
  g_autofree char *gpu = NULL;
  g_autofree char *gpus = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (g_str_has_prefix (parts[i], "name="))
        name = parts[i] + strlen ("name=");
      else if (g_str_has_prefix (parts[i], "id="))
        id = parts[i] + strlen ("id=");
    }

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s” needs a name, e.g. name=Used 3090"), spec);
      return NULL;
    }

  /* The name is the key a script finds its option by in the JSON. */
  option = g_object_new (SY_TYPE_INFERENCE_OPTION,
                         "id", id != NULL && *id != '\0' ? id : name,
                         "name", name,
                         "quality", 1.0,
                         NULL);

  /* The flags first: the option's own keys override them. Checked with
   * the rest at the end, as the option is not whole before. */
  for (guint i = 0; i < n_flags; i++)
    {
      if (flags[i].text != NULL)
        g_object_set (option, flags[i].property, flags[i].value, NULL);
    }

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      const char *property = NULL;
      g_autofree char *label = NULL;
      double value = 0;

      if (*parts[i] == '\0' || g_str_has_prefix (parts[i], "name=") ||
          g_str_has_prefix (parts[i], "id="))
        continue;

      pair = g_strsplit (parts[i], "=", 2);
      if (pair[1] == NULL)
        {
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                       _("“%s” is not KEY=VALUE"), parts[i]);
          return NULL;
        }
      g_strstrip (pair[0]);
      g_strstrip (pair[1]);

      if (g_str_equal (pair[0], "model") || g_str_equal (pair[0], "quant") ||
          g_str_equal (pair[0], "gpu") || g_str_equal (pair[0], "gpus"))
        {
          char **slot = g_str_equal (pair[0], "model") ? &model
                      : g_str_equal (pair[0], "quant") ? &quant
                      : g_str_equal (pair[0], "gpu") ? &gpu
                      : &gpus;

          g_free (*slot);
          *slot = g_strdup (pair[1]);
          continue;
        }

      if (g_str_equal (pair[0], "kind"))
        {
          if (g_str_equal (pair[1], "local"))
            sy_inference_option_set_kind (option, SY_INFERENCE_KIND_LOCAL);
          else if (g_str_equal (pair[1], "rented"))
            sy_inference_option_set_kind (option, SY_INFERENCE_KIND_RENTED);
          else
            {
              g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("kind: “%s” is neither local nor rented"), pair[1]);
              return NULL;
            }
          continue;
        }

      for (guint k = 0; k < G_N_ELEMENTS (spec_keys) && property == NULL; k++)
        {
          if (g_str_equal (pair[0], spec_keys[k].key))
            property = spec_keys[k].property;
        }
      if (property == NULL)
        {
          g_autofree char *known = join_spec_keys ();

          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                       _("unknown key “%s” (known: %s)"), pair[0], known);
          return NULL;
        }

      if (!sy_cli_parse_number (pair[0], pair[1], &value, error))
        return NULL;
      g_object_set (option, property, value, NULL);
    }

  if (!set_option_hardware (option, model, quant, gpu, gpus, error) ||
      !sy_inference_option_validate (option, error))
    return NULL;

  return g_steal_pointer (&option);
}

/* Traffic and inputs ----------------------------------------------------- */

void
sy_cli_traffic_flags_clear (SyCliTrafficFlags *flags)
{
  g_clear_pointer (&flags->daily_requests, g_free);
  g_clear_pointer (&flags->input_tokens, g_free);
  g_clear_pointer (&flags->output_tokens, g_free);
  g_clear_pointer (&flags->api_model, g_free);
  g_clear_pointer (&flags->kwh_price, g_free);
  g_clear_pointer (&flags->ops_hours, g_free);
  g_clear_pointer (&flags->ops_rate, g_free);
  g_clear_pointer (&flags->peak_factor, g_free);
  g_clear_pointer (&flags->cache_share, g_free);
  g_clear_pointer (&flags->batch_share, g_free);
  g_clear_pointer (&flags->reasoning_tokens, g_free);
  g_clear_pointer (&flags->price_decline, g_free);
}

void
sy_cli_traffic_flags_add_entries (SyCliTrafficFlags *flags,
                                  GOptionContext    *context)
{
  const GOptionEntry entries[] = {
    { "daily-requests", 0, 0, G_OPTION_ARG_STRING, &flags->daily_requests,
      N_("Requests a day (default: 1000)"), N_("N") },
    { "input-tokens", 0, 0, G_OPTION_ARG_STRING, &flags->input_tokens,
      N_("Average input tokens per request (default: 1000)"), N_("N") },
    { "output-tokens", 0, 0, G_OPTION_ARG_STRING, &flags->output_tokens,
      N_("Average output tokens per request (default: 500)"), N_("N") },
    { "api-model", 0, 0, G_OPTION_ARG_STRING, &flags->api_model,
      N_("API model to compare against (default: gpt-4o-mini; gpt-4o, claude-sonnet-4-5)"), N_("ID") },
    { "kwh-price", 0, 0, G_OPTION_ARG_STRING, &flags->kwh_price,
      N_("Electricity price in USD per kWh (default: 0, power not counted)"), N_("USD") },
    { "ops-hours", 0, 0, G_OPTION_ARG_STRING, &flags->ops_hours,
      N_("Hours a month spent keeping each box running"), N_("H") },
    { "ops-rate", 0, 0, G_OPTION_ARG_STRING, &flags->ops_rate,
      N_("Hourly rate of that time in USD"), N_("USD") },
    { "peak-factor", 0, 0, G_OPTION_ARG_STRING, &flags->peak_factor,
      N_("Busiest hour ÷ average hour; boxes are sized for it (default: 1)"), N_("K") },
    { "cache-share", 0, 0, G_OPTION_ARG_STRING, &flags->cache_share,
      N_("Share of API input tokens read from the cache, 0 to 1"), N_("SHARE") },
    { "batch-share", 0, 0, G_OPTION_ARG_STRING, &flags->batch_share,
      N_("Share of API requests sent as a batch, 0 to 1"), N_("SHARE") },
    { "reasoning-tokens", 0, 0, G_OPTION_ARG_STRING, &flags->reasoning_tokens,
      N_("Reasoning tokens per API request, billed as output"), N_("N") },
    { "price-decline", 0, 0, G_OPTION_ARG_STRING, &flags->price_decline,
      /* xgettext:no-c-format */
      N_("Yearly fall of API prices, 0 to 0.9 (0.1 is 10 % a year)"), N_("SHARE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
sy_cli_traffic_flags_apply (const SyCliTrafficFlags *flags,
                            SyCostModel             *model,
                            const char             **out_flag,
                            GError                 **error)
{
  SyTraffic traffic = {
    SY_COST_DEFAULT_DAILY_REQUESTS,
    SY_COST_DEFAULT_INPUT_TOKENS,
    SY_COST_DEFAULT_OUTPUT_TOKENS,
  };
  SyCostInputs inputs = SY_COST_INPUTS_DEFAULT;
  const struct { const char *flag; const char *text; gsize offset; } traffic_fields[] = {
    { "--daily-requests", flags->daily_requests, G_STRUCT_OFFSET (SyTraffic, daily_requests) },
    { "--input-tokens", flags->input_tokens, G_STRUCT_OFFSET (SyTraffic, input_tokens) },
    { "--output-tokens", flags->output_tokens, G_STRUCT_OFFSET (SyTraffic, output_tokens) },
  };
  const struct { const char *flag; const char *text; gsize offset; } input_fields[] = {
    { "--kwh-price", flags->kwh_price, G_STRUCT_OFFSET (SyCostInputs, kwh_price_usd) },
    { "--ops-hours", flags->ops_hours, G_STRUCT_OFFSET (SyCostInputs, ops_hours_per_month) },
    { "--ops-rate", flags->ops_rate, G_STRUCT_OFFSET (SyCostInputs, ops_hourly_usd) },
    { "--peak-factor", flags->peak_factor, G_STRUCT_OFFSET (SyCostInputs, peak_factor) },
    { "--cache-share", flags->cache_share, G_STRUCT_OFFSET (SyCostInputs, cached_input_share) },
    { "--batch-share", flags->batch_share, G_STRUCT_OFFSET (SyCostInputs, batch_share) },
    { "--reasoning-tokens", flags->reasoning_tokens, G_STRUCT_OFFSET (SyCostInputs, reasoning_tokens) },
    { "--price-decline", flags->price_decline, G_STRUCT_OFFSET (SyCostInputs, price_decline) },
  };

  /* Each alone, so the message names the flag. */
  for (guint i = 0; i < G_N_ELEMENTS (traffic_fields); i++)
    {
      SyTraffic one = traffic;
      double *value = &G_STRUCT_MEMBER (double, &traffic, traffic_fields[i].offset);

      *out_flag = traffic_fields[i].flag;
      if (!sy_cli_parse_number (traffic_fields[i].flag, traffic_fields[i].text, value, error))
        return FALSE;
      G_STRUCT_MEMBER (double, &one, traffic_fields[i].offset) = *value;
      if (!sy_traffic_validate (&one, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (input_fields); i++)
    {
      SyCostInputs one = SY_COST_INPUTS_DEFAULT;
      double *value = &G_STRUCT_MEMBER (double, &inputs, input_fields[i].offset);

      *out_flag = input_fields[i].flag;
      if (!sy_cli_parse_number (input_fields[i].flag, input_fields[i].text, value, error))
        return FALSE;
      G_STRUCT_MEMBER (double, &one, input_fields[i].offset) = *value;
      if (!sy_cost_inputs_validate (&one, error))
        return FALSE;
    }

  *out_flag = "--api-model";
  if (flags->api_model != NULL)
    {
      g_autoptr(GError) lookup_error = NULL;

      if (!sy_price_table_lookup (sy_cost_model_get_price_table (model), flags->api_model, NULL,
                                  &lookup_error))
        {
          g_auto(GStrv) known = sy_price_table_dup_models (sy_cost_model_get_price_table (model));
          g_autofree char *joined = g_strjoinv (", ", known);

          /* Translators: after an error; %s lists model ids */
          g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL, _("%s (known: %s)"),
                       lookup_error->message, joined);
          return FALSE;
        }
      sy_cost_model_set_api_model (model, flags->api_model);
    }

  *out_flag = NULL;
  sy_cost_model_set_traffic (model, &traffic);
  sy_cost_model_set_inputs (model, &inputs);

  return TRUE;
}
