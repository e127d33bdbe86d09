/* sy-costs-advanced.c: the Costs page's optional inputs and their ranges
 *
 * Out of the way by default: three collapsed expander rows whose defaults
 * leave SPEC §2's figures as they are. The global inputs live in the cost
 * model (and so in GSettings); the ranges, which only say how sure the
 * user is, are kept in a key of their own (cost-ranges) so that typed
 * ranges survive a restart or a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-costs-advanced.h"
#include "sy-costs-page-measured.h"
#include "sy-field-check.h"
#include "sy-tooltip.h"

#define N_EXPANDERS 3

struct _SyCostsAdvanced
{
  AdwPreferencesGroup  parent_instance;

  SyCostModel         *model;
  GSettings           *settings;          /* for the ranges; NULL until bound */
  gboolean             loading_ranges;

  /* Template widgets */
  GtkSpinButton       *spins[SY_COSTS_N_FIELDS];
  AdwExpanderRow      *expanders[N_EXPANDERS];
  AdwActionRow        *peak_factor_row;
  GtkWidget           *peak_measured_icon;
  char                *peak_factor_subtitle;   /* the template's, shown when not measured */
};

G_DEFINE_FINAL_TYPE (SyCostsAdvanced, sy_costs_advanced, ADW_TYPE_PREFERENCES_GROUP)

enum {
  RANGES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *spin_ids[SY_COSTS_N_FIELDS] = {
  "kwh_price_spin", "ops_hours_spin", "ops_rate_spin", "peak_factor_spin",
  "cached_share_spin", "batch_share_spin", "reasoning_spin", "price_decline_spin",
  "requests_low_spin", "requests_high_spin", "output_low_spin", "output_high_spin",
  "ops_low_spin", "ops_high_spin", "decline_low_spin", "decline_high_spin",
  "tps_spread_spin", "watts_spread_spin",
};

static const char *expander_ids[N_EXPANDERS] = { "running_row", "api_row", "uncertainty_row" };

/* The model's property behind each global field; shares are shown in
 * percent, which people read more easily than 0.35. */
static const struct {
  const char *property;
  gboolean    percent;
} bound_fields[] = {
  [SY_COSTS_FIELD_KWH_PRICE]        = { "kwh-price", FALSE },
  [SY_COSTS_FIELD_OPS_HOURS]        = { "ops-hours-per-month", FALSE },
  [SY_COSTS_FIELD_OPS_HOURLY_USD]   = { "ops-hourly-usd", FALSE },
  [SY_COSTS_FIELD_PEAK_FACTOR]      = { "peak-factor", FALSE },
  [SY_COSTS_FIELD_CACHED_SHARE]     = { "cached-input-share", TRUE },
  [SY_COSTS_FIELD_BATCH_SHARE]      = { "batch-share", TRUE },
  [SY_COSTS_FIELD_REASONING_TOKENS] = { "reasoning-tokens", FALSE },
  [SY_COSTS_FIELD_PRICE_DECLINE]    = { "price-decline", TRUE },
};

/* The pairs of range fields, low then high, and what they range over. */
static const struct {
  SyCostsField low;
  SyCostsField high;
  SyCostInput  input;
  double       scale;   /* field ÷ scale = model value */
} range_pairs[] = {
  { SY_COSTS_FIELD_REQUESTS_LOW, SY_COSTS_FIELD_REQUESTS_HIGH, SY_COST_INPUT_DAILY_REQUESTS, 1 },
  { SY_COSTS_FIELD_OUTPUT_LOW, SY_COSTS_FIELD_OUTPUT_HIGH, SY_COST_INPUT_OUTPUT_TOKENS, 1 },
  { SY_COSTS_FIELD_OPS_LOW, SY_COSTS_FIELD_OPS_HIGH, SY_COST_INPUT_OPS_HOURS, 1 },
  { SY_COSTS_FIELD_DECLINE_LOW, SY_COSTS_FIELD_DECLINE_HIGH, SY_COST_INPUT_PRICE_DECLINE, 100 },
};

/* Each range field's name in the cost-ranges key, as the field shows it
 * (percent where the field is in percent). */
static const struct {
  SyCostsField field;
  const char  *name;
} saved_ranges[] = {
  { SY_COSTS_FIELD_REQUESTS_LOW, "requests-low" },
  { SY_COSTS_FIELD_REQUESTS_HIGH, "requests-high" },
  { SY_COSTS_FIELD_OUTPUT_LOW, "output-tokens-low" },
  { SY_COSTS_FIELD_OUTPUT_HIGH, "output-tokens-high" },
  { SY_COSTS_FIELD_OPS_LOW, "ops-hours-low" },
  { SY_COSTS_FIELD_OPS_HIGH, "ops-hours-high" },
  { SY_COSTS_FIELD_DECLINE_LOW, "price-decline-percent-low" },
  { SY_COSTS_FIELD_DECLINE_HIGH, "price-decline-percent-high" },
  { SY_COSTS_FIELD_TPS_SPREAD, "tokens-per-second-spread-percent" },
  { SY_COSTS_FIELD_WATTS_SPREAD, "watts-spread-percent" },
};

/* Auxiliary functions */

static gboolean
percent_from_share (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_double (to, g_value_get_double (from) * 100);
  return TRUE;
}

static gboolean
share_from_percent (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  g_value_set_double (to, g_value_get_double (from) / 100);
  return TRUE;
}

static double
field_value (SyCostsAdvanced *self,
             SyCostsField     field)
{
  return gtk_spin_button_get_value (self->spins[field]);
}

static void
save_ranges (SyCostsAdvanced *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  for (guint i = 0; i < G_N_ELEMENTS (saved_ranges); i++)
    g_variant_builder_add (&builder, "{sd}", saved_ranges[i].name, field_value (self, saved_ranges[i].field));
  g_settings_set_value (self->settings, "cost-ranges", g_variant_builder_end (&builder));
}

/* A value the field cannot hold is clamped by its adjustment, as typing
 * it would be. */
static void
load_ranges (SyCostsAdvanced *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "cost-ranges");

  self->loading_ranges = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (saved_ranges); i++)
    {
      double value;

      if (g_variant_lookup (saved, saved_ranges[i].name, "d", &value) && isfinite (value))
        gtk_spin_button_set_value (self->spins[saved_ranges[i].field], value);
    }
  self->loading_ranges = FALSE;
}

static const char *
reversed_message (void)
{
  return _("The low end is above the high end");
}

/* A peak factor taken from a usage log says so, as the traffic rows do. */
static void
update_peak_mark (SyCostsAdvanced *self)
{
  const char *measured = sy_costs_measured_describe (self->settings, self->model, SY_PILOT_APPLIED_PEAK_FACTOR);

  gtk_widget_set_visible (self->peak_measured_icon, measured != NULL);
  sy_tooltip_set_text (self->peak_measured_icon, measured);
  adw_action_row_set_subtitle (self->peak_factor_row, measured != NULL ? measured : self->peak_factor_subtitle);
}

/* Callbacks */

static void
on_range_changed_cb (SyCostsAdvanced *self)
{
  if (self->spins[0] == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (range_pairs); i++)
    {
      GtkWidget *high = GTK_WIDGET (self->spins[range_pairs[i].high]);
      gboolean reversed = field_value (self, range_pairs[i].low) > field_value (self, range_pairs[i].high);

      /* Both ends share a row and its message; text the field check
       * refused keeps its own message. */
      if (reversed && sy_field_check_get_error (high) == NULL)
        sy_field_check_set_error (high, reversed_message ());
      else if (!reversed && g_strcmp0 (sy_field_check_get_error (high), reversed_message ()) == 0)
        sy_field_check_clear (high);
    }

  if (self->settings != NULL && !self->loading_ranges)
    save_ranges (self);

  g_signal_emit (self, signals[RANGES_CHANGED], 0);
}

/* Overrides */

static void
sy_costs_advanced_dispose (GObject *object)
{
  SyCostsAdvanced *self = SY_COSTS_ADVANCED (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_COSTS_ADVANCED);
  g_clear_object (&self->model);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->peak_factor_subtitle, g_free);

  G_OBJECT_CLASS (sy_costs_advanced_parent_class)->dispose (object);
}

static void
sy_costs_advanced_class_init (SyCostsAdvancedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_costs_advanced_dispose;

  /**
   * SyCostsAdvanced::ranges-changed:
   *
   * Emitted after an end of a range changed.
   */
  signals[RANGES_CHANGED] =
    g_signal_new ("ranges-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-costs-advanced.ui");
  for (guint i = 0; i < SY_COSTS_N_FIELDS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, spin_ids[i], FALSE,
                                               G_STRUCT_OFFSET (SyCostsAdvanced, spins) + i * sizeof (gpointer));
  for (guint i = 0; i < N_EXPANDERS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, expander_ids[i], FALSE,
                                               G_STRUCT_OFFSET (SyCostsAdvanced, expanders) + i * sizeof (gpointer));
  gtk_widget_class_bind_template_child (widget_class, SyCostsAdvanced, peak_factor_row);
  gtk_widget_class_bind_template_child (widget_class, SyCostsAdvanced, peak_measured_icon);

  gtk_widget_class_bind_template_callback (widget_class, on_range_changed_cb);
  sy_field_check_bind_template_callbacks (widget_class);
}

static void
sy_costs_advanced_init (SyCostsAdvanced *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->peak_factor_subtitle = g_strdup (adw_action_row_get_subtitle (self->peak_factor_row));
}

/* Public API */

void
sy_costs_advanced_set_model (SyCostsAdvanced *self,
                             SyCostModel     *model)
{
  g_return_if_fail (SY_IS_COSTS_ADVANCED (self));
  g_return_if_fail (SY_IS_COST_MODEL (model));
  g_return_if_fail (self->model == NULL);

  self->model = g_object_ref (model);

  for (guint i = 0; i < G_N_ELEMENTS (bound_fields); i++)
    {
      GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (self->spins[i]);

      if (bound_fields[i].percent)
        g_object_bind_property_full (model, bound_fields[i].property, adjustment, "value",
                                     G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                                     percent_from_share, share_from_percent, NULL, NULL);
      else
        g_object_bind_property (model, bound_fields[i].property, adjustment, "value",
                                G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
    }
}

void
sy_costs_advanced_bind_ranges (SyCostsAdvanced *self,
                               GSettings       *settings)
{
  g_return_if_fail (SY_IS_COSTS_ADVANCED (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  load_ranges (self);
  on_range_changed_cb (self);

  if (self->model != NULL)
    {
      g_signal_connect_object (self->model, "changed", G_CALLBACK (update_peak_mark), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (settings, "changed::measured-inputs", G_CALLBACK (update_peak_mark),
                               self, G_CONNECT_SWAPPED);
      update_peak_mark (self);
    }
}

GtkSpinButton *
sy_costs_advanced_get_spin (SyCostsAdvanced *self,
                            SyCostsField     field)
{
  g_return_val_if_fail (SY_IS_COSTS_ADVANCED (self), NULL);
  g_return_val_if_fail ((guint) field < SY_COSTS_N_FIELDS, NULL);

  return self->spins[field];
}

AdwExpanderRow *
sy_costs_advanced_get_expander (SyCostsAdvanced *self,
                                guint            index)
{
  g_return_val_if_fail (SY_IS_COSTS_ADVANCED (self), NULL);
  g_return_val_if_fail (index < N_EXPANDERS, NULL);

  return self->expanders[index];
}

guint
sy_costs_advanced_get_ranges (SyCostsAdvanced   *self,
                              SyInferenceOption *option,
                              SyCostRange       *out)
{
  double tps_spread, watts_spread;
  guint n = 0;

  g_return_val_if_fail (SY_IS_COSTS_ADVANCED (self), 0);
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (option), 0);
  g_return_val_if_fail (out != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (range_pairs); i++)
    {
      double low = field_value (self, range_pairs[i].low);
      double high = field_value (self, range_pairs[i].high);

      if (!(low < high))
        continue;
      out[n++] = (SyCostRange) { range_pairs[i].input, low / range_pairs[i].scale, high / range_pairs[i].scale };
    }

  /* Throughput and watts differ from box to box: a spread around each
   * option's own figure, where one pair of numbers could not fit all. */
  tps_spread = field_value (self, SY_COSTS_FIELD_TPS_SPREAD) / 100;
  if (tps_spread > 0)
    {
      double tps = sy_inference_option_get_aggregate_tokens_per_second (option);

      out[n++] = (SyCostRange) { SY_COST_INPUT_TOKENS_PER_SECOND, tps * (1 - tps_spread), tps * (1 + tps_spread) };
    }

  watts_spread = field_value (self, SY_COSTS_FIELD_WATTS_SPREAD) / 100;
  if (watts_spread > 0 &&
      sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_LOCAL &&
      sy_inference_option_get_load_watts (option) > 0)
    {
      double load = sy_inference_option_get_load_watts (option);
      /* A box never draws less under load than when idle. */
      double low = MAX (load * (1 - watts_spread), sy_inference_option_get_idle_watts (option));

      out[n++] = (SyCostRange) { SY_COST_INPUT_LOAD_WATTS, low, load * (1 + watts_spread) };
    }

  return n;
}
