/* sy-costs-page-measured.c: which cost inputs came from the pilot or a usage log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-costs-page-measured.h"
#include "sy-format.h"

#define KEY "measured-inputs"

/* How close a value must stay to the measured one: what the Costs page
 * shows (whole tokens, tokens/s without decimals, quality to 0.01), so a
 * spin button rounding 812.4 to 812 does not count as an edit. */
static const struct
{
  SyPilotApplied  which;
  const char     *name;
  double          tolerance;
} inputs[] = {
  { SY_PILOT_APPLIED_INPUT_TOKENS, "input-tokens", 0.5 },
  { SY_PILOT_APPLIED_OUTPUT_TOKENS, "output-tokens", 0.5 },
  { SY_PILOT_APPLIED_TOKENS_PER_SECOND, "tokens-per-second", 0.5 },
  { SY_PILOT_APPLIED_QUALITY, "quality", 0.005 },
  { SY_PILOT_APPLIED_DAILY_REQUESTS, "daily-requests", 0.5 },
  { SY_PILOT_APPLIED_PEAK_FACTOR, "peak-factor", 0.005 },
};

/* Marks the usage import recorded carry this prefix beside the value
 * ("usage-log/input-tokens"), so the page can say where a figure came
 * from; the pilot's record removes it again. */
#define USAGE_PREFIX "usage-log/"

static guint
input_index (SyPilotApplied which)
{
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    if (inputs[i].which == which)
      return i;
  g_return_val_if_reached (0);
}

static char *
dup_name (SyPilotApplied     which,
          SyInferenceOption *option)
{
  const char *name = inputs[input_index (which)].name;

  if (option == NULL)
    return g_strdup (name);
  return g_strconcat (name, "/", sy_inference_option_get_id (option), NULL);
}

static double
current_value (SyPilotApplied     which,
               SyCostModel       *model,
               SyInferenceOption *option)
{
  switch (which)
    {
    case SY_PILOT_APPLIED_INPUT_TOKENS:
      return sy_cost_model_get_input_tokens (model);
    case SY_PILOT_APPLIED_OUTPUT_TOKENS:
      return sy_cost_model_get_output_tokens (model);
    case SY_PILOT_APPLIED_TOKENS_PER_SECOND:
      return sy_inference_option_get_tokens_per_second (option);
    case SY_PILOT_APPLIED_QUALITY:
      return sy_inference_option_get_quality (option);
    case SY_PILOT_APPLIED_DAILY_REQUESTS:
      return sy_cost_model_get_daily_requests (model);
    case SY_PILOT_APPLIED_PEAK_FACTOR:
      {
        SyCostInputs cost_inputs;

        sy_cost_model_get_inputs (model, &cost_inputs);
        return cost_inputs.peak_factor;
      }
    case SY_PILOT_APPLIED_NONE:
    default:
      g_return_val_if_reached (NAN);
    }
}

static gboolean
is_marked (GSettings      *settings,
           const char     *name,
           SyPilotApplied  which,
           double          value)
{
  g_autoptr(GVariant) dict = g_settings_get_value (settings, KEY);
  double measured;

  if (!g_variant_lookup (dict, name, "d", &measured))
    return FALSE;
  return fabs (value - measured) < inputs[input_index (which)].tolerance;
}

void
sy_costs_measured_record (GSettings         *settings,
                          SyCostModel       *model,
                          SyInferenceOption *local,
                          SyPilotApplied     applied)
{
  sy_costs_measured_record_from (settings, model, local, applied, FALSE);
}

void
sy_costs_measured_record_from (GSettings         *settings,
                               SyCostModel       *model,
                               SyInferenceOption *local,
                               SyPilotApplied     applied,
                               gboolean           from_usage_log)
{
  g_autoptr(GVariant) old = NULL;
  g_autoptr(GHashTable) entries = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  GHashTableIter hash_iter;
  const char *name;
  gpointer value;
  double number;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (SY_IS_COST_MODEL (model));

  /* Earlier measurements of other options stay: they are still what the
   * pilot measured for them. */
  entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  old = g_settings_get_value (settings, KEY);
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&sd}", &name, &number))
    g_hash_table_insert (entries, g_strdup (name), g_memdup2 (&number, sizeof number));

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      gboolean per_option = inputs[i].which == SY_PILOT_APPLIED_TOKENS_PER_SECOND ||
                            inputs[i].which == SY_PILOT_APPLIED_QUALITY;

      if ((applied & inputs[i].which) == 0 || (per_option && local == NULL))
        continue;

      number = current_value (inputs[i].which, model, per_option ? local : NULL);
      g_hash_table_insert (entries, dup_name (inputs[i].which, per_option ? local : NULL),
                           g_memdup2 (&number, sizeof number));
      if (from_usage_log)
        g_hash_table_insert (entries, g_strconcat (USAGE_PREFIX, inputs[i].name, NULL),
                             g_memdup2 (&number, sizeof number));
      else if (!per_option)
        {
          g_autofree char *usage_name = g_strconcat (USAGE_PREFIX, inputs[i].name, NULL);

          g_hash_table_remove (entries, usage_name);
        }
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_hash_table_iter_init (&hash_iter, entries);
  while (g_hash_table_iter_next (&hash_iter, (gpointer *) &name, &value))
    g_variant_builder_add (&builder, "{sd}", name, *(double *) value);
  g_settings_set_value (settings, KEY, g_variant_builder_end (&builder));
}

gboolean
sy_costs_measured_traffic_is_marked (GSettings      *settings,
                                     SyCostModel    *model,
                                     SyPilotApplied  which)
{
  g_return_val_if_fail (which == SY_PILOT_APPLIED_INPUT_TOKENS ||
                        which == SY_PILOT_APPLIED_OUTPUT_TOKENS ||
                        which == SY_PILOT_APPLIED_DAILY_REQUESTS ||
                        which == SY_PILOT_APPLIED_PEAK_FACTOR, FALSE);

  return is_marked (settings, inputs[input_index (which)].name, which,
                    current_value (which, model, NULL));
}

const char *
sy_costs_measured_describe (GSettings      *settings,
                            SyCostModel    *model,
                            SyPilotApplied  which)
{
  g_autofree char *usage_name = NULL;
  double value;

  if (!sy_costs_measured_traffic_is_marked (settings, model, which))
    return NULL;

  value = current_value (which, model, NULL);
  usage_name = g_strconcat (USAGE_PREFIX, inputs[input_index (which)].name, NULL);
  return is_marked (settings, usage_name, which, value) ? _("Measured from the usage log")
                                                        : _("Measured in the pilot");
}

gboolean
sy_costs_measured_option_is_marked (GSettings         *settings,
                                    SyInferenceOption *option,
                                    SyPilotApplied     which)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (which == SY_PILOT_APPLIED_TOKENS_PER_SECOND ||
                        which == SY_PILOT_APPLIED_QUALITY, FALSE);

  name = dup_name (which, option);
  return is_marked (settings, name, which, current_value (which, NULL, option));
}

void
sy_costs_measured_record_quality_interval (GSettings         *settings,
                                           SyInferenceOption *option,
                                           double             low,
                                           double             high)
{
  g_autoptr(GVariant) old = NULL;
  g_autofree char *low_name = NULL, *high_name = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *name;
  double number;

  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (SY_IS_INFERENCE_OPTION (option));

  low_name = g_strconcat ("quality-low/", sy_inference_option_get_id (option), NULL);
  high_name = g_strconcat ("quality-high/", sy_inference_option_get_id (option), NULL);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  old = g_settings_get_value (settings, KEY);
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&sd}", &name, &number))
    if (!g_str_equal (name, low_name) && !g_str_equal (name, high_name))
      g_variant_builder_add (&builder, "{sd}", name, number);
  g_variant_builder_add (&builder, "{sd}", low_name, low);
  g_variant_builder_add (&builder, "{sd}", high_name, high);
  g_settings_set_value (settings, KEY, g_variant_builder_end (&builder));
}

char *
sy_costs_measured_dup_quality_interval (GSettings         *settings,
                                        SyInferenceOption *option)
{
  g_autoptr(GVariant) dict = NULL;
  g_autofree char *low_name = NULL, *high_name = NULL;
  g_autofree char *low_text = NULL, *high_text = NULL;
  double low, high;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (option), NULL);

  if (!sy_costs_measured_option_is_marked (settings, option, SY_PILOT_APPLIED_QUALITY))
    return NULL;

  low_name = g_strconcat ("quality-low/", sy_inference_option_get_id (option), NULL);
  high_name = g_strconcat ("quality-high/", sy_inference_option_get_id (option), NULL);
  dict = g_settings_get_value (settings, KEY);
  if (!g_variant_lookup (dict, low_name, "d", &low) || !g_variant_lookup (dict, high_name, "d", &high))
    return NULL;

  low_text = sy_format_decimal (low, 2);
  high_text = sy_format_decimal (high, 2);
  return g_strdup_printf ("%s–%s", low_text, high_text);
}

SyInferenceOption *
sy_costs_measured_pick_option (SyCostModel *model)
{
  GListModel *options = sy_cost_model_get_options (model);
  guint n = g_list_model_get_n_items (options);
  SyInferenceOption *picked = NULL;

  for (guint i = 0; i < n && picked == NULL; i++)
    {
      SyInferenceOption *option = g_list_model_get_item (options, i);

      if (sy_inference_option_get_enabled (option))
        picked = option;
      /* The list keeps its own reference: the result is borrowed. */
      g_object_unref (option);
    }

  if (picked == NULL && n > 0)
    {
      picked = g_list_model_get_item (options, 0);
      g_object_unref (picked);
    }

  return picked;
}
