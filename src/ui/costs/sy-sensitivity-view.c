/* sy-sensitivity-view.c: which uncertain input moves an option's break-even most
 *
 * The Costs page's ranges (Advanced › Uncertainty) as a tornado chart for
 * one option at a time: with several options the bars of each would not
 * share one base line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-cost-sensitivity.h"
#include "sy-format.h"
#include "sy-sensitivity-view.h"

struct _SySensitivityView
{
  GtkBox           parent_instance;

  SyCostModel     *model;        /* the last update's */
  SyCostsAdvanced *advanced;
  GPtrArray       *option_ids;   /* beside the names in the drop-down */
  char            *option_id;    /* the chart's, NULL for none */
  SyCostInput      top_input;
  gboolean         updating;

  /* Template widgets */
  GtkDropDown     *option_dropdown;
  GtkStringList   *option_names;
  GtkLabel        *explanation;
  GtkWidget       *chart_frame;
  SyTornadoChart  *chart;
};

G_DEFINE_FINAL_TYPE (SySensitivityView, sy_sensitivity_view, GTK_TYPE_BOX)

/* Auxiliary functions */

static const char *
input_label (SyCostInput input)
{
  switch (input)
    {
    case SY_COST_INPUT_DAILY_REQUESTS:
      return _("Requests per day");
    case SY_COST_INPUT_INPUT_TOKENS:
      return _("Input tokens");
    case SY_COST_INPUT_OUTPUT_TOKENS:
      return _("Output tokens");
    case SY_COST_INPUT_TOKENS_PER_SECOND:
      return _("Tokens per second");
    case SY_COST_INPUT_LOAD_WATTS:
      return _("Load watts");
    case SY_COST_INPUT_OPS_HOURS:
      return _("Ops hours a month");
    case SY_COST_INPUT_PRICE_DECLINE:
      return _("API price decline a year");
    case SY_COST_N_INPUTS:
    default:
      g_return_val_if_reached ("");
    }
}

/* "Requests per day, 4,000–6,000": the bar says which range it is for. */
static char *
format_bar_label (const SyCostSensitivity *item)
{
  gboolean percent = item->input == SY_COST_INPUT_PRICE_DECLINE;
  double scale = percent ? 100 : 1;
  guint decimals = item->input == SY_COST_INPUT_OPS_HOURS ? 1 : 0;
  g_autofree char *low = sy_format_decimal (item->low * scale, decimals);
  g_autofree char *high = sy_format_decimal (item->high * scale, decimals);

  if (percent)
    /* Translators: an input and its range in percent, e.g. "API price decline a year, 0–10 %" */
    return g_strdup_printf (_("%s, %s–%s %%"), input_label (item->input), low, high);

  /* Translators: an input and its range, e.g. "Requests per day, 4,000–6,000" */
  return g_strdup_printf (_("%s, %s–%s"), input_label (item->input), low, high);
}

static void
show_nothing (SySensitivityView *self,
              const char        *why)
{
  g_clear_pointer (&self->option_id, g_free);
  self->top_input = SY_COST_N_INPUTS;
  sy_tornado_chart_set_data (self->chart, 0, NULL, 0);
  gtk_widget_set_visible (self->chart_frame, FALSE);
  gtk_label_set_text (self->explanation, why);
}

static void
show_chart (SySensitivityView *self,
            SyInferenceOption *option)
{
  SyCostRange ranges[SY_COST_N_INPUTS];
  guint n_ranges = sy_costs_advanced_get_ranges (self->advanced, option, ranges);
  g_autoptr(GArray) sensitivity = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree SyTornadoBar *bars = NULL;
  g_autofree char *explanation = NULL;
  SyTraffic traffic;
  SyCostInputs inputs;
  SyCostResult now;
  SyPrice price;

  if (n_ranges == 0)
    {
      show_nothing (self, _("Give low and high ends under Advanced › Uncertainty to see which of them moves the break-even most."));
      return;
    }

  sy_cost_model_get_traffic (self->model, &traffic);
  sy_cost_model_get_inputs (self->model, &inputs);
  /* The page shows what is wrong with the inputs; here there is just no
   * chart until it is fixed. */
  if (!sy_cost_model_compute (self->model, option, &now, NULL) ||
      !sy_price_table_lookup (sy_cost_model_get_price_table (self->model),
                              sy_cost_model_get_api_model (self->model), &price, NULL) ||
      (sensitivity = sy_cost_sensitivity (&traffic, &inputs, &price, option, ranges, n_ranges, NULL)) == NULL)
    {
      show_nothing (self, _("No chart while an input is not valid."));
      return;
    }

  labels = g_ptr_array_new_with_free_func (g_free);
  bars = g_new0 (SyTornadoBar, sensitivity->len);
  for (guint i = 0; i < sensitivity->len; i++)
    {
      const SyCostSensitivity *item = &g_array_index (sensitivity, SyCostSensitivity, i);

      g_ptr_array_add (labels, format_bar_label (item));
      bars[i].label = g_ptr_array_index (labels, i);
      bars[i].low_months = item->breaks_even_at_low ? item->break_even_at_low : SY_TORNADO_NEVER;
      bars[i].high_months = item->breaks_even_at_high ? item->break_even_at_high : SY_TORNADO_NEVER;
    }
  sy_tornado_chart_set_data (self->chart, now.breaks_even ? now.break_even_months : SY_TORNADO_NEVER,
                             bars, sensitivity->len);

  g_free (self->option_id);
  self->option_id = g_strdup (sy_inference_option_get_id (option));
  /* sy_cost_sensitivity() sorts by swing, largest first. */
  self->top_input = g_array_index (sensitivity, SyCostSensitivity, 0).input;

  /* Translators: %s is an option's name */
  explanation = g_strdup_printf (_("The break-even of “%s” at the low and the high end of each range, the others in the middle; the top bar moves it most."),
                                 sy_inference_option_get_name (option));
  gtk_label_set_text (self->explanation, explanation);
  gtk_widget_set_visible (self->chart_frame, TRUE);
}

static void
refresh (SySensitivityView *self)
{
  GListModel *options = sy_cost_model_get_options (self->model);
  guint n = g_list_model_get_n_items (options);
  guint selected = gtk_drop_down_get_selected (self->option_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->option_ids->len)
    {
      show_nothing (self, _("Tick an option to see what moves its break-even."));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

      if (g_strcmp0 (sy_inference_option_get_id (option), g_ptr_array_index (self->option_ids, selected)) == 0)
        {
          show_chart (self, option);
          return;
        }
    }
}

/* Callbacks */

static void
on_option_selected_cb (SySensitivityView *self)
{
  if (self->updating || self->model == NULL)
    return;

  refresh (self);
}

/* Overrides */

static void
sy_sensitivity_view_dispose (GObject *object)
{
  SySensitivityView *self = SY_SENSITIVITY_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_SENSITIVITY_VIEW);
  g_clear_object (&self->model);
  g_clear_object (&self->advanced);
  g_clear_pointer (&self->option_ids, g_ptr_array_unref);
  g_clear_pointer (&self->option_id, g_free);

  G_OBJECT_CLASS (sy_sensitivity_view_parent_class)->dispose (object);
}

static void
sy_sensitivity_view_class_init (SySensitivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_sensitivity_view_dispose;

  g_type_ensure (SY_TYPE_TORNADO_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-sensitivity-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SySensitivityView, option_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SySensitivityView, option_names);
  gtk_widget_class_bind_template_child (widget_class, SySensitivityView, explanation);
  gtk_widget_class_bind_template_child (widget_class, SySensitivityView, chart_frame);
  gtk_widget_class_bind_template_child (widget_class, SySensitivityView, chart);
  gtk_widget_class_bind_template_callback (widget_class, on_option_selected_cb);
}

static void
sy_sensitivity_view_init (SySensitivityView *self)
{
  self->option_ids = g_ptr_array_new_with_free_func (g_free);
  self->top_input = SY_COST_N_INPUTS;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

void
sy_sensitivity_view_update (SySensitivityView *self,
                            SyCostModel       *model,
                            SyCostsAdvanced   *advanced)
{
  GListModel *options;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = NULL;
  guint n, selected = 0;

  g_return_if_fail (SY_IS_SENSITIVITY_VIEW (self));
  g_return_if_fail (SY_IS_COST_MODEL (model));
  g_return_if_fail (SY_IS_COSTS_ADVANCED (advanced));

  g_set_object (&self->model, model);
  g_set_object (&self->advanced, advanced);

  /* The option picked stays picked while it is there. */
  if (gtk_drop_down_get_selected (self->option_dropdown) < self->option_ids->len)
    keep = g_strdup (g_ptr_array_index (self->option_ids, gtk_drop_down_get_selected (self->option_dropdown)));

  g_ptr_array_set_size (self->option_ids, 0);
  options = sy_cost_model_get_options (model);
  n = g_list_model_get_n_items (options);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);

      if (!sy_inference_option_get_enabled (option))
        continue;
      if (g_strcmp0 (sy_inference_option_get_id (option), keep) == 0)
        selected = self->option_ids->len;
      g_ptr_array_add (self->option_ids, g_strdup (sy_inference_option_get_id (option)));
      g_ptr_array_add (names, g_strdup (sy_inference_option_get_name (option)));
    }
  g_ptr_array_add (names, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->option_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->option_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->option_dropdown,
                              self->option_ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->option_dropdown), self->option_ids->len > 1);
  refresh (self);
}

SyTornadoChart *
sy_sensitivity_view_get_chart (SySensitivityView *self)
{
  g_return_val_if_fail (SY_IS_SENSITIVITY_VIEW (self), NULL);

  return self->chart;
}

GtkDropDown *
sy_sensitivity_view_get_option_dropdown (SySensitivityView *self)
{
  g_return_val_if_fail (SY_IS_SENSITIVITY_VIEW (self), NULL);

  return self->option_dropdown;
}

const char *
sy_sensitivity_view_get_option_id (SySensitivityView *self)
{
  g_return_val_if_fail (SY_IS_SENSITIVITY_VIEW (self), NULL);

  return self->option_id;
}

SyCostInput
sy_sensitivity_view_get_top_input (SySensitivityView *self)
{
  g_return_val_if_fail (SY_IS_SENSITIVITY_VIEW (self), SY_COST_N_INPUTS);

  return self->top_input;
}
