/* sy-costs-page.c: traffic and options in, cost cards and the plot out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-columns.h"
#include "sy-confirm.h"
#include "sy-cost-sensitivity.h"
#include "sy-costs-advanced.h"
#include "sy-cost-plot.h"
#include "sy-costs-page-measured.h"
#include "sy-costs-page-private.h"
#include "sy-field-check.h"
#include "sy-cost-settings.h"
#include "sy-option-dialog.h"
#include "sy-option-row.h"
#include "sy-prices-dialog.h"
#include "sy-sensitivity-view.h"
#include "sy-toast.h"
#include "sy-tooltip.h"

struct _SyCostsPage
{
  AdwBin          parent_instance;

  SyContext      *context;
  SyCostModel    *model;      /* the context's */
  GSettings      *settings;   /* the context's */
  gboolean        updating_api_models;
  char           *error_text;

  /* Template widgets */
  GtkStringList  *api_models;
  GtkAdjustment  *daily_requests_adjustment;
  GtkAdjustment  *input_tokens_adjustment;
  GtkAdjustment  *output_tokens_adjustment;
  GtkAdjustment  *horizon_adjustment;
  GtkSpinButton  *daily_requests_spin;
  GtkSpinButton  *input_tokens_spin;
  GtkSpinButton  *output_tokens_spin;
  GtkSpinButton  *horizon_spin;
  AdwActionRow   *daily_requests_row;
  GtkWidget      *daily_measured_icon;
  AdwActionRow   *input_tokens_row;
  AdwActionRow   *output_tokens_row;
  GtkWidget      *input_measured_icon;
  GtkWidget      *output_measured_icon;
  char           *input_tokens_subtitle;   /* the template's, shown when not measured */
  char           *output_tokens_subtitle;
  GtkSwitch      *auto_extend_switch;
  AdwComboRow    *api_model_row;
  GtkListBox     *options_list;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  GtkFlowBox     *results_box;
  SyCostPlot     *plot;
  SyColumns      *columns;
  SyCostsAdvanced *advanced;
  SySensitivityView *sensitivity;
  GtkStack       *import_stack;
  GtkProgressBar *import_progress;
};

G_DEFINE_FINAL_TYPE (SyCostsPage, sy_costs_page, ADW_TYPE_BIN)

#define MAX_CARDS_PER_ROW 5

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (SyCostsPage *self,
           const char  *message)
{
  if (g_strcmp0 (self->error_text, message) == 0)
    return;

  g_free (self->error_text);
  self->error_text = g_strdup (message);

  /* The last valid results stay visible, dimmed, under the message. */
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  gtk_widget_set_opacity (GTK_WIDGET (self->results_box), message != NULL ? 0.5 : 1.0);
  gtk_widget_set_opacity (GTK_WIDGET (self->plot), message != NULL ? 0.5 : 1.0);
}

/* The option's card, with the break-even's spread when the user gave
 * ranges: a range the model refuses (an end outside what an input may
 * be) shows the card without it rather than no card. */
static GtkWidget *
new_local_card (SyCostsPage        *self,
                SyInferenceOption  *option,
                const SyCostResult *result)
{
  SyCostRange ranges[SY_COST_N_INPUTS];
  guint n_ranges = sy_costs_advanced_get_ranges (self->advanced, option, ranges);
  SyPrice price;
  SyTraffic traffic;
  SyCostInputs inputs;
  SyCostsSpread spread;

  if (n_ranges == 0 ||
      !sy_price_table_lookup (sy_cost_model_get_price_table (self->model),
                              sy_cost_model_get_api_model (self->model), &price, NULL))
    return sy_costs_page_new_local_card (option, result, NULL);

  sy_cost_model_get_traffic (self->model, &traffic);
  sy_cost_model_get_inputs (self->model, &inputs);
  if (!sy_cost_break_even_range (&traffic, &inputs, &price, option, ranges, n_ranges, NULL,
                                 &spread.low_breaks_even, &spread.low,
                                 &spread.high_breaks_even, &spread.high, NULL))
    return sy_costs_page_new_local_card (option, result, NULL);

  return sy_costs_page_new_local_card (option, result, &spread);
}

static guint
get_option_ranges_cb (SyInferenceOption *option,
                      SyCostRange       *out,
                      gpointer           user_data)
{
  return sy_costs_advanced_get_ranges (SY_COSTS_ADVANCED (user_data), option, out);
}

static void
update_results (SyCostsPage *self)
{
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *options = sy_cost_model_get_options (self->model);
  guint n_options = g_list_model_get_n_items (options);
  gboolean api_card_added = FALSE;
  guint n_cards = 0;
  GtkWidget *child;

  /* As the cards do, a range the model refuses leaves the plot without
   * its bands rather than without the plot. */
  series = sy_cost_model_build_series_with_ranges (self->model, get_option_ranges_cb,
                                                   self->advanced, NULL);
  if (series == NULL)
    series = sy_cost_model_build_series (self->model, &error);
  if (series == NULL)
    {
      set_error (self, error->message);
      return;
    }

  set_error (self, NULL);
  sy_cost_plot_set_series (self->plot, series);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))))
    gtk_flow_box_remove (self->results_box, child);

  for (guint i = 0; i < n_options; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (options, i);
      SyCostResult result;

      if (!sy_inference_option_get_enabled (option))
        continue;

      /* Validated by build_series above. */
      if (!sy_cost_model_compute (self->model, option, &result, &error))
        {
          set_error (self, error->message);
          return;
        }

      if (!api_card_added)
        {
          gtk_flow_box_append (self->results_box, sy_costs_page_new_api_card (self->model, &result));
          api_card_added = TRUE;
          n_cards++;
        }
      gtk_flow_box_append (self->results_box, new_local_card (self, option, &result));
      n_cards++;
    }

  if (!api_card_added)
    {
      gtk_flow_box_append (self->results_box, sy_costs_page_new_empty_card ());
      n_cards = 1;
    }

  /* A row of as many slots as there are cards, so three cards share the
   * width instead of leaving half of it empty; five (four options) still
   * fit one row of a 1280 px window. */
  gtk_flow_box_set_max_children_per_line (self->results_box, CLAMP (n_cards, 1, MAX_CARDS_PER_ROW));

  sy_sensitivity_view_update (self->sensitivity, self->model, self->advanced);
}

static void
rebuild_api_models (SyCostsPage *self)
{
  SyPriceTable *prices = sy_cost_model_get_price_table (self->model);
  g_auto(GStrv) models = sy_price_table_dup_models (prices);
  const char *current = sy_cost_model_get_api_model (self->model);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->updating_api_models = TRUE;
  gtk_string_list_splice (self->api_models, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->api_models)),
                          (const char * const *) models);
  for (guint i = 0; models[i] != NULL; i++)
    if (g_strcmp0 (models[i], current) == 0)
      selected = i;
  adw_combo_row_set_selected (self->api_model_row, selected);
  self->updating_api_models = FALSE;

  /* The user removed the price of the model this page compares with:
   * fall back to the default rather than showing an error they did not
   * cause here. Shipped models cannot be removed, so this ends. */
  if (selected == GTK_INVALID_LIST_POSITION &&
      sy_price_table_contains (prices, SY_COST_DEFAULT_API_MODEL))
    sy_cost_model_set_api_model (self->model, SY_COST_DEFAULT_API_MODEL);
}

static void
on_api_model_selected_cb (AdwComboRow *row,
                          GParamSpec  *pspec,
                          SyCostsPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_api_models || selected == GTK_INVALID_LIST_POSITION)
    return;

  sy_cost_model_set_api_model (self->model,
                               gtk_string_list_get_string (self->api_models, selected));
}

static void
on_prices_changed_cb (SyPriceTable *prices,
                      SyCostsPage  *self)
{
  rebuild_api_models (self);
}

static void
mark_traffic_row (SyCostsPage    *self,
                  AdwActionRow   *row,
                  GtkWidget      *icon,
                  const char     *subtitle,
                  SyPilotApplied  which)
{
  const char *measured = sy_costs_measured_describe (self->settings, self->model, which);

  gtk_widget_set_visible (icon, measured != NULL);
  sy_tooltip_set_text (icon, measured);
  adw_action_row_set_subtitle (row, measured != NULL ? measured : subtitle);
}

static void
update_traffic_marks (SyCostsPage *self)
{
  mark_traffic_row (self, self->daily_requests_row, self->daily_measured_icon,
                    NULL, SY_PILOT_APPLIED_DAILY_REQUESTS);
  mark_traffic_row (self, self->input_tokens_row, self->input_measured_icon,
                    self->input_tokens_subtitle, SY_PILOT_APPLIED_INPUT_TOKENS);
  mark_traffic_row (self, self->output_tokens_row, self->output_measured_icon,
                    self->output_tokens_subtitle, SY_PILOT_APPLIED_OUTPUT_TOKENS);
}

static void
on_model_changed_cb (SyCostModel *model,
                     SyCostsPage *self)
{
  update_results (self);
  update_traffic_marks (self);
}

static void
on_api_model_notify_cb (SyCostModel *model,
                        GParamSpec  *pspec,
                        SyCostsPage *self)
{
  rebuild_api_models (self);
}

static GtkWidget *
create_option_row_cb (gpointer item,
                      gpointer user_data)
{
  SyCostsPage *self = user_data;

  return sy_option_row_new (SY_INFERENCE_OPTION (item), self->settings);
}

static void
open_option_dialog (SyCostsPage       *self,
                    SyInferenceOption *option)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = sy_option_dialog_new (self->model, option);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_option_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_option_dialog (SY_COSTS_PAGE (widget), NULL);
}

static void
edit_option_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  SyInferenceOption *option = sy_cost_model_find_option (self->model, g_variant_get_string (parameter, NULL), NULL);

  if (option != NULL)
    open_option_dialog (self, option);
}

static void
edit_prices_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *path = sy_cost_settings_dup_prices_path ();
  GtkWidget *dialog = sy_prices_dialog_new (sy_cost_model_get_price_table (self->model), path);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_reset_answered (GtkWidget *widget,
                   gboolean   confirmed)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  g_autoptr(GListStore) builtin = NULL;
  g_autoptr(GPtrArray) options = NULL;
  guint n;

  if (!confirmed)
    return;

  builtin = sy_inference_option_new_builtin_list ();
  n = g_list_model_get_n_items (G_LIST_MODEL (builtin));
  options = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (options, g_list_model_get_item (G_LIST_MODEL (builtin), i));

  sy_cost_model_replace_options (self->model, (SyInferenceOption **) options->pdata, options->len);
  sy_toast_show (GTK_WIDGET (self), _("Local options reset"));
}

static void
reset_options_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sy_confirm_destructive (widget, _("Reset Local Options?"),
                          _("Options you added are removed and the built-in ones get their original figures back."),
                          "reset", _("_Reset"), on_reset_answered);
}

static void
on_measured_changed_cb (GSettings   *settings,
                        const char  *key,
                        SyCostsPage *self)
{
  update_traffic_marks (self);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->options_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (SY_IS_OPTION_ROW (row))
      sy_option_row_update (SY_OPTION_ROW (row));
}

static void
bind_model (SyCostsPage *self)
{
  g_object_bind_property (self->model, "daily-requests", self->daily_requests_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->model, "input-tokens", self->input_tokens_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->model, "output-tokens", self->output_tokens_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->model, "horizon-months", self->horizon_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->model, "auto-extend-horizon", self->auto_extend_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  sy_costs_advanced_set_model (self->advanced, self->model);
  sy_costs_advanced_bind_ranges (self->advanced, self->settings);

  gtk_list_box_bind_model (self->options_list, sy_cost_model_get_options (self->model),
                           create_option_row_cb, self, NULL);

  g_signal_connect_object (self->model, "changed", G_CALLBACK (on_model_changed_cb), self, 0);
  g_signal_connect_object (self->model, "notify::api-model", G_CALLBACK (on_api_model_notify_cb), self, 0);
  g_signal_connect_object (sy_cost_model_get_price_table (self->model), "changed",
                           G_CALLBACK (on_prices_changed_cb), self, 0);
  g_signal_connect_object (self->advanced, "ranges-changed",
                           G_CALLBACK (update_results), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::measured-inputs",
                           G_CALLBACK (on_measured_changed_cb), self, 0);

  rebuild_api_models (self);
  update_results (self);
  update_traffic_marks (self);
}

static void
sy_costs_page_constructed (GObject *object)
{
  SyCostsPage *self = SY_COSTS_PAGE (object);

  G_OBJECT_CLASS (sy_costs_page_parent_class)->constructed (object);

  g_assert (self->model != NULL);
  bind_model (self);
}

static void
sy_costs_page_dispose (GObject *object)
{
  SyCostsPage *self = SY_COSTS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_COSTS_PAGE);
  g_clear_object (&self->context);
  g_clear_pointer (&self->input_tokens_subtitle, g_free);
  g_clear_pointer (&self->output_tokens_subtitle, g_free);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (sy_costs_page_parent_class)->dispose (object);
}

static void
sy_costs_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SyCostsPage *self = SY_COSTS_PAGE (object);

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
sy_costs_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SyCostsPage *self = SY_COSTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->model = sy_context_get_cost_model (self->context);
      self->settings = sy_context_get_settings (self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_costs_page_class_init (SyCostsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_costs_page_constructed;
  object_class->dispose = sy_costs_page_dispose;
  object_class->get_property = sy_costs_page_get_property;
  object_class->set_property = sy_costs_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SY_TYPE_COST_PLOT);
  g_type_ensure (SY_TYPE_COLUMNS);
  g_type_ensure (SY_TYPE_COSTS_ADVANCED);
  g_type_ensure (SY_TYPE_SENSITIVITY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-costs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, api_models);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, daily_requests_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, input_tokens_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, output_tokens_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, horizon_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, daily_requests_spin);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, input_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, output_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, horizon_spin);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, daily_requests_row);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, daily_measured_icon);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, input_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, output_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, input_measured_icon);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, output_measured_icon);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, auto_extend_switch);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, api_model_row);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, options_list);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, results_box);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, plot);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, columns);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, advanced);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, sensitivity);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, import_stack);
  gtk_widget_class_bind_template_child (widget_class, SyCostsPage, import_progress);

  gtk_widget_class_bind_template_callback (widget_class, on_api_model_selected_cb);
  /* Text that is not a usable number shows an error and leaves the model,
   * the cards and the plot as they were. Zero requests or tokens is a
   * valid (idle) workload; the horizon needs at least three months. */
  sy_field_check_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "costs.add-option", NULL, add_option_action);
  gtk_widget_class_install_action (widget_class, "costs.edit-option", "s", edit_option_action);
  gtk_widget_class_install_action (widget_class, "costs.reset-options", NULL, reset_options_action);
  gtk_widget_class_install_action (widget_class, "costs.edit-prices", NULL, edit_prices_action);
  gtk_widget_class_install_action (widget_class, "costs.export", "s", sy_costs_page_export_action);
  gtk_widget_class_install_action (widget_class, "costs.export-sensitivity", "s",
                                   sy_costs_page_export_sensitivity_action);
  gtk_widget_class_install_action (widget_class, "costs.open-export", "s", sy_costs_page_open_export_action);
  gtk_widget_class_install_action (widget_class, "costs.export-deployment", NULL,
                                   sy_costs_page_export_deployment_action);
  gtk_widget_class_install_action (widget_class, "costs.import-usage", NULL, sy_costs_page_import_usage_action);
  gtk_widget_class_install_action (widget_class, "costs.cancel-usage-import", NULL, sy_costs_page_cancel_usage_import_action);
  gtk_widget_class_install_action (widget_class, "costs.undo-usage-import", NULL, sy_costs_page_undo_usage_import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "costs.export", "s", "png");
}

static void
sy_costs_page_init (SyCostsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "costs.cancel-usage-import", FALSE);

  self->input_tokens_subtitle = g_strdup (adw_action_row_get_subtitle (self->input_tokens_row));
  self->output_tokens_subtitle = g_strdup (adw_action_row_get_subtitle (self->output_tokens_row));
}

GtkWidget *
sy_costs_page_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_COSTS_PAGE, "context", context, NULL);
}

SyCostModel *
sy_costs_page_get_model (SyCostsPage *self)
{
  g_return_val_if_fail (SY_IS_COSTS_PAGE (self), NULL);

  return self->model;
}

SyRouter *
sy_costs_page_get_router (SyCostsPage *self)
{
  g_return_val_if_fail (SY_IS_COSTS_PAGE (self), NULL);

  return sy_context_get_router (self->context);
}

GtkSpinButton *
sy_costs_page_get_spin (SyCostsPage *self,
                        SyCostsSpin  which)
{
  switch (which)
    {
    case SY_COSTS_SPIN_DAILY_REQUESTS:
      return self->daily_requests_spin;
    case SY_COSTS_SPIN_INPUT_TOKENS:
      return self->input_tokens_spin;
    case SY_COSTS_SPIN_OUTPUT_TOKENS:
      return self->output_tokens_spin;
    case SY_COSTS_SPIN_HORIZON:
      return self->horizon_spin;
    default:
      g_return_val_if_reached (NULL);
    }
}

AdwComboRow *
sy_costs_page_get_api_model_row (SyCostsPage *self)
{
  return self->api_model_row;
}

SyCostPlot *
sy_costs_page_get_plot (SyCostsPage *self)
{
  return self->plot;
}

SyColumns *
sy_costs_page_get_columns (SyCostsPage *self)
{
  return self->columns;
}

SyCostsAdvanced *
sy_costs_page_get_advanced (SyCostsPage *self)
{
  return self->advanced;
}

SySensitivityView *
sy_costs_page_get_sensitivity (SyCostsPage *self)
{
  return self->sensitivity;
}

GtkStack *
sy_costs_page_get_import_stack (SyCostsPage *self)
{
  return self->import_stack;
}

GtkProgressBar *
sy_costs_page_get_import_progress (SyCostsPage *self)
{
  return self->import_progress;
}

GtkListBox *
sy_costs_page_get_options_list (SyCostsPage *self)
{
  return self->options_list;
}

static void
collect_label_texts (GtkWidget *widget,
                     GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, out);
}

char *
sy_costs_page_dup_results_text (SyCostsPage *self)
{
  GString *out = g_string_new (NULL);

  collect_label_texts (GTK_WIDGET (self->results_box), out);

  return g_string_free (out, FALSE);
}

const char *
sy_costs_page_get_error_text (SyCostsPage *self)
{
  return self->error_text;
}

gboolean
sy_costs_page_spin_is_measured (SyCostsPage *self,
                                SyCostsSpin  which)
{
  switch (which)
    {
    case SY_COSTS_SPIN_INPUT_TOKENS:
      return gtk_widget_get_visible (self->input_measured_icon);
    case SY_COSTS_SPIN_OUTPUT_TOKENS:
      return gtk_widget_get_visible (self->output_measured_icon);
    case SY_COSTS_SPIN_DAILY_REQUESTS:
      return gtk_widget_get_visible (self->daily_measured_icon);
    case SY_COSTS_SPIN_HORIZON:
    default:
      return FALSE;
    }
}

const char *
sy_costs_page_get_option_subtitle (SyCostsPage *self,
                                   const char  *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->options_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (SY_IS_OPTION_ROW (row) &&
        g_strcmp0 (sy_inference_option_get_id (sy_option_row_get_option (SY_OPTION_ROW (row))), id) == 0)
      return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  return NULL;
}
