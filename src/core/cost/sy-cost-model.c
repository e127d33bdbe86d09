/* sy-cost-model.c: API pay-per-token against local hardware (SPEC §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-cost-model.h"

struct _SyCostModel
{
  GObject       parent_instance;

  SyPriceTable *prices;
  double        daily_requests;
  double        input_tokens;
  double        output_tokens;
  char         *api_model;
  guint         horizon_months;
  gboolean      auto_extend_horizon;
  SyCostInputs  inputs;

  GListStore   *options;
  /* Mirror of @options, so the notify handlers of removed options can be
   * disconnected: items-changed reports them after they are gone. */
  GPtrArray    *watched;
};

G_DEFINE_FINAL_TYPE (SyCostModel, sy_cost_model, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PRICE_TABLE,
  PROP_DAILY_REQUESTS,
  PROP_INPUT_TOKENS,
  PROP_OUTPUT_TOKENS,
  PROP_API_MODEL,
  PROP_HORIZON_MONTHS,
  PROP_AUTO_EXTEND_HORIZON,
  PROP_OPTIONS,
  /* The SyCostInputs fields, in struct order (see input_props). */
  PROP_KWH_PRICE,
  PROP_OPS_HOURS_PER_MONTH,
  PROP_OPS_HOURLY_USD,
  PROP_PEAK_FACTOR,
  PROP_CACHED_INPUT_SHARE,
  PROP_BATCH_SHARE,
  PROP_REASONING_TOKENS,
  PROP_PRICE_DECLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One table for the SyCostInputs properties, so a new input is one line
 * here and one in the struct. */
static const struct
{
  guint       prop_id;
  const char *name;
  gsize       offset;
} input_props[] = {
  { PROP_KWH_PRICE, "kwh-price", G_STRUCT_OFFSET (SyCostInputs, kwh_price_usd) },
  { PROP_OPS_HOURS_PER_MONTH, "ops-hours-per-month", G_STRUCT_OFFSET (SyCostInputs, ops_hours_per_month) },
  { PROP_OPS_HOURLY_USD, "ops-hourly-usd", G_STRUCT_OFFSET (SyCostInputs, ops_hourly_usd) },
  { PROP_PEAK_FACTOR, "peak-factor", G_STRUCT_OFFSET (SyCostInputs, peak_factor) },
  { PROP_CACHED_INPUT_SHARE, "cached-input-share", G_STRUCT_OFFSET (SyCostInputs, cached_input_share) },
  { PROP_BATCH_SHARE, "batch-share", G_STRUCT_OFFSET (SyCostInputs, batch_share) },
  { PROP_REASONING_TOKENS, "reasoning-tokens", G_STRUCT_OFFSET (SyCostInputs, reasoning_tokens) },
  { PROP_PRICE_DECLINE, "price-decline", G_STRUCT_OFFSET (SyCostInputs, price_decline) },
};

#define INPUT_FIELD(inputs, i) G_STRUCT_MEMBER (double, (inputs), input_props[i].offset)

/* Auxiliary functions */

static void
emit_changed (SyCostModel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
set_double (SyCostModel *self,
            double      *field,
            double       value,
            guint        prop_id)
{
  if (*field == value || (isnan (*field) && isnan (value)))
    return FALSE;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);

  return TRUE;
}

/* Callbacks */

static void
on_option_notify_cb (SyCostModel *self,
                     GParamSpec  *pspec,
                     gpointer     option)
{
  emit_changed (self);
}

static void
on_options_items_changed_cb (SyCostModel *self,
                             guint        position,
                             guint        removed,
                             guint        added,
                             GListModel  *model)
{
  for (guint i = 0; i < removed; i++)
    {
      SyInferenceOption *option = g_ptr_array_index (self->watched, position + i);

      g_signal_handlers_disconnect_by_func (option, on_option_notify_cb, self);
    }
  g_ptr_array_remove_range (self->watched, position, removed);

  for (guint i = 0; i < added; i++)
    {
      SyInferenceOption *option = g_list_model_get_item (model, position + i);

      g_signal_connect_object (option, "notify",
                               G_CALLBACK (on_option_notify_cb), self,
                               G_CONNECT_SWAPPED);
      g_ptr_array_insert (self->watched, position + i, option);
    }

  emit_changed (self);
}

static void
on_prices_changed_cb (SyCostModel  *self,
                      SyPriceTable *prices)
{
  emit_changed (self);
}

/* Overrides */

static void
sy_cost_model_constructed (GObject *object)
{
  SyCostModel *self = (SyCostModel *)object;

  G_OBJECT_CLASS (sy_cost_model_parent_class)->constructed (object);

  if (self->prices == NULL)
    self->prices = sy_price_table_new_default ();

  g_signal_connect_object (self->prices, "changed",
                           G_CALLBACK (on_prices_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
sy_cost_model_dispose (GObject *object)
{
  SyCostModel *self = (SyCostModel *)object;

  if (self->options != NULL)
    g_signal_handlers_disconnect_by_func (self->options, on_options_items_changed_cb, self);

  if (self->watched != NULL)
    {
      for (guint i = 0; i < self->watched->len; i++)
        g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                              on_option_notify_cb, self);
      g_ptr_array_set_size (self->watched, 0);
    }

  if (self->prices != NULL)
    g_signal_handlers_disconnect_by_func (self->prices, on_prices_changed_cb, self);

  g_clear_object (&self->options);
  g_clear_object (&self->prices);

  G_OBJECT_CLASS (sy_cost_model_parent_class)->dispose (object);
}

static void
sy_cost_model_finalize (GObject *object)
{
  SyCostModel *self = (SyCostModel *)object;

  g_clear_pointer (&self->api_model, g_free);
  g_clear_pointer (&self->watched, g_ptr_array_unref);

  G_OBJECT_CLASS (sy_cost_model_parent_class)->finalize (object);
}

static void
sy_cost_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SyCostModel *self = SY_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_PRICE_TABLE:
      g_value_set_object (value, self->prices);
      break;

    case PROP_DAILY_REQUESTS:
      g_value_set_double (value, self->daily_requests);
      break;

    case PROP_INPUT_TOKENS:
      g_value_set_double (value, self->input_tokens);
      break;

    case PROP_OUTPUT_TOKENS:
      g_value_set_double (value, self->output_tokens);
      break;

    case PROP_API_MODEL:
      g_value_set_string (value, self->api_model);
      break;

    case PROP_HORIZON_MONTHS:
      g_value_set_uint (value, self->horizon_months);
      break;

    case PROP_AUTO_EXTEND_HORIZON:
      g_value_set_boolean (value, self->auto_extend_horizon);
      break;

    case PROP_OPTIONS:
      g_value_set_object (value, self->options);
      break;

    case PROP_KWH_PRICE ... PROP_PRICE_DECLINE:
      g_value_set_double (value, INPUT_FIELD (&self->inputs, prop_id - PROP_KWH_PRICE));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_cost_model_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SyCostModel *self = SY_COST_MODEL (object);

  switch (prop_id)
    {
    case PROP_PRICE_TABLE:
      self->prices = g_value_dup_object (value);
      break;

    case PROP_DAILY_REQUESTS:
      sy_cost_model_set_daily_requests (self, g_value_get_double (value));
      break;

    case PROP_INPUT_TOKENS:
      sy_cost_model_set_input_tokens (self, g_value_get_double (value));
      break;

    case PROP_OUTPUT_TOKENS:
      sy_cost_model_set_output_tokens (self, g_value_get_double (value));
      break;

    case PROP_API_MODEL:
      sy_cost_model_set_api_model (self, g_value_get_string (value));
      break;

    case PROP_HORIZON_MONTHS:
      sy_cost_model_set_horizon_months (self, g_value_get_uint (value));
      break;

    case PROP_AUTO_EXTEND_HORIZON:
      sy_cost_model_set_auto_extend_horizon (self, g_value_get_boolean (value));
      break;

    case PROP_KWH_PRICE ... PROP_PRICE_DECLINE:
      {
        SyCostInputs inputs = self->inputs;

        INPUT_FIELD (&inputs, prop_id - PROP_KWH_PRICE) = g_value_get_double (value);
        sy_cost_model_set_inputs (self, &inputs);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_cost_model_class_init (SyCostModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sy_cost_model_constructed;
  object_class->dispose = sy_cost_model_dispose;
  object_class->finalize = sy_cost_model_finalize;
  object_class->get_property = sy_cost_model_get_property;
  object_class->set_property = sy_cost_model_set_property;

  /* NULL means the shipped table. */
  properties[PROP_PRICE_TABLE] =
    g_param_spec_object ("price-table", NULL, NULL,
                         SY_TYPE_PRICE_TABLE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* Open ranges: sy_cost_model_validate() explains a bad value, a clamp
   * would hide it. */
  properties[PROP_DAILY_REQUESTS] =
    g_param_spec_double ("daily-requests", NULL, NULL,
                         -INFINITY, INFINITY, SY_COST_DEFAULT_DAILY_REQUESTS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INPUT_TOKENS] =
    g_param_spec_double ("input-tokens", NULL, NULL,
                         -INFINITY, INFINITY, SY_COST_DEFAULT_INPUT_TOKENS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OUTPUT_TOKENS] =
    g_param_spec_double ("output-tokens", NULL, NULL,
                         -INFINITY, INFINITY, SY_COST_DEFAULT_OUTPUT_TOKENS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_MODEL] =
    g_param_spec_string ("api-model", NULL, NULL,
                         SY_COST_DEFAULT_API_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HORIZON_MONTHS] =
    g_param_spec_uint ("horizon-months", NULL, NULL,
                       SY_COST_MIN_HORIZON_MONTHS, SY_COST_MAX_HORIZON_MONTHS,
                       SY_COST_DEFAULT_HORIZON_MONTHS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AUTO_EXTEND_HORIZON] =
    g_param_spec_boolean ("auto-extend-horizon", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Open ranges like the traffic: validate() names a bad value. */
  for (guint i = 0; i < G_N_ELEMENTS (input_props); i++)
    {
      SyCostInputs defaults = SY_COST_INPUTS_DEFAULT;

      properties[input_props[i].prop_id] =
        g_param_spec_double (input_props[i].name, NULL, NULL,
                             -INFINITY, INFINITY, INPUT_FIELD (&defaults, i),
                             (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SyCostModel::changed:
   *
   * Emitted after any input of the model changed: one of its properties, a
   * property of an option, the option list or the price table.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
sy_cost_model_init (SyCostModel *self)
{
  g_autoptr(GListStore) builtins = sy_inference_option_new_builtin_list ();
  guint n;

  self->daily_requests = SY_COST_DEFAULT_DAILY_REQUESTS;
  self->input_tokens = SY_COST_DEFAULT_INPUT_TOKENS;
  self->output_tokens = SY_COST_DEFAULT_OUTPUT_TOKENS;
  self->api_model = g_strdup (SY_COST_DEFAULT_API_MODEL);
  self->horizon_months = SY_COST_DEFAULT_HORIZON_MONTHS;
  self->auto_extend_horizon = TRUE;
  self->inputs = SY_COST_INPUTS_DEFAULT;

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->options = g_list_store_new (SY_TYPE_INFERENCE_OPTION);
  g_signal_connect_object (self->options, "items-changed",
                           G_CALLBACK (on_options_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  n = g_list_model_get_n_items (G_LIST_MODEL (builtins));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SyInferenceOption) option = g_list_model_get_item (G_LIST_MODEL (builtins), i);

      g_list_store_append (self->options, option);
    }
}

/* Public API: the model */

SyCostModel *
sy_cost_model_new (SyPriceTable *prices)
{
  g_return_val_if_fail (prices == NULL || SY_IS_PRICE_TABLE (prices), NULL);

  return g_object_new (SY_TYPE_COST_MODEL,
                       "price-table", prices,
                       NULL);
}

SyPriceTable *
sy_cost_model_get_price_table (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), NULL);

  return self->prices;
}

void
sy_cost_model_get_traffic (SyCostModel *self,
                           SyTraffic   *out_traffic)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (out_traffic != NULL);

  out_traffic->daily_requests = self->daily_requests;
  out_traffic->input_tokens = self->input_tokens;
  out_traffic->output_tokens = self->output_tokens;
}

void
sy_cost_model_set_traffic (SyCostModel     *self,
                           const SyTraffic *traffic)
{
  gboolean changed = FALSE;

  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (traffic != NULL);

  /* One "changed" for the three, so a listener recomputes once. */
  g_object_freeze_notify (G_OBJECT (self));
  changed |= set_double (self, &self->daily_requests, traffic->daily_requests, PROP_DAILY_REQUESTS);
  changed |= set_double (self, &self->input_tokens, traffic->input_tokens, PROP_INPUT_TOKENS);
  changed |= set_double (self, &self->output_tokens, traffic->output_tokens, PROP_OUTPUT_TOKENS);
  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    emit_changed (self);
}

double
sy_cost_model_get_daily_requests (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), 0);

  return self->daily_requests;
}

void
sy_cost_model_set_daily_requests (SyCostModel *self,
                                  double       value)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  if (set_double (self, &self->daily_requests, value, PROP_DAILY_REQUESTS))
    emit_changed (self);
}

double
sy_cost_model_get_input_tokens (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), 0);

  return self->input_tokens;
}

void
sy_cost_model_set_input_tokens (SyCostModel *self,
                                double       value)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  if (set_double (self, &self->input_tokens, value, PROP_INPUT_TOKENS))
    emit_changed (self);
}

double
sy_cost_model_get_output_tokens (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), 0);

  return self->output_tokens;
}

void
sy_cost_model_set_output_tokens (SyCostModel *self,
                                 double       value)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  if (set_double (self, &self->output_tokens, value, PROP_OUTPUT_TOKENS))
    emit_changed (self);
}

const char *
sy_cost_model_get_api_model (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), NULL);

  return self->api_model;
}

void
sy_cost_model_set_api_model (SyCostModel *self,
                             const char  *model)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  if (g_strcmp0 (self->api_model, model) == 0)
    return;

  g_free (self->api_model);
  self->api_model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_MODEL]);
  emit_changed (self);
}

guint
sy_cost_model_get_horizon_months (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), 0);

  return self->horizon_months;
}

void
sy_cost_model_set_horizon_months (SyCostModel *self,
                                  guint        months)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  months = CLAMP (months, SY_COST_MIN_HORIZON_MONTHS, SY_COST_MAX_HORIZON_MONTHS);
  if (self->horizon_months == months)
    return;

  self->horizon_months = months;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HORIZON_MONTHS]);
  emit_changed (self);
}

gboolean
sy_cost_model_get_auto_extend_horizon (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), FALSE);

  return self->auto_extend_horizon;
}

void
sy_cost_model_set_auto_extend_horizon (SyCostModel *self,
                                       gboolean     auto_extend)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));

  auto_extend = !!auto_extend;
  if (self->auto_extend_horizon == auto_extend)
    return;

  self->auto_extend_horizon = auto_extend;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_EXTEND_HORIZON]);
  emit_changed (self);
}

void
sy_cost_model_get_inputs (SyCostModel  *self,
                          SyCostInputs *out_inputs)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (out_inputs != NULL);

  *out_inputs = self->inputs;
}

void
sy_cost_model_set_inputs (SyCostModel        *self,
                          const SyCostInputs *inputs)
{
  gboolean changed = FALSE;

  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (inputs != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (input_props); i++)
    changed |= set_double (self, &INPUT_FIELD (&self->inputs, i),
                           INPUT_FIELD (inputs, i), input_props[i].prop_id);
  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    emit_changed (self);
}

GListModel *
sy_cost_model_get_options (SyCostModel *self)
{
  g_return_val_if_fail (SY_IS_COST_MODEL (self), NULL);

  return G_LIST_MODEL (self->options);
}

void
sy_cost_model_add_option (SyCostModel       *self,
                          SyInferenceOption *option)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (SY_IS_INFERENCE_OPTION (option));

  g_list_store_append (self->options, option);
}

void
sy_cost_model_remove_option (SyCostModel       *self,
                             SyInferenceOption *option)
{
  guint position;

  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (SY_IS_INFERENCE_OPTION (option));

  if (g_list_store_find (self->options, option, &position))
    g_list_store_remove (self->options, position);
}

void
sy_cost_model_replace_options (SyCostModel        *self,
                               SyInferenceOption **options,
                               guint               n_options)
{
  g_return_if_fail (SY_IS_COST_MODEL (self));
  g_return_if_fail (options != NULL || n_options == 0);

  /* One splice is one items-changed, so one "changed". */
  g_list_store_splice (self->options, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->options)),
                       (gpointer *) options, n_options);
}

SyInferenceOption *
sy_cost_model_find_option (SyCostModel  *self,
                           const char   *id,
                           GError      **error)
{
  guint n;

  g_return_val_if_fail (SY_IS_COST_MODEL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->options));
  for (guint i = 0; i < n; i++)
    {
      SyInferenceOption *option = g_ptr_array_index (self->watched, i);

      if (g_strcmp0 (sy_inference_option_get_id (option), id) == 0)
        return option;
    }

  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_OPTION,
               _("Unknown inference option “%s”"), id ? id : "");

  return NULL;
}

gboolean
sy_cost_model_validate (SyCostModel  *self,
                        GError      **error)
{
  SyTraffic traffic;

  g_return_val_if_fail (SY_IS_COST_MODEL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sy_cost_model_get_traffic (self, &traffic);

  if (!sy_traffic_validate (&traffic, error) ||
      !sy_cost_inputs_validate (&self->inputs, error) ||
      !sy_price_table_lookup (self->prices, self->api_model, NULL, error))
    return FALSE;

  for (guint i = 0; i < self->watched->len; i++)
    {
      SyInferenceOption *option = g_ptr_array_index (self->watched, i);

      if (sy_inference_option_get_enabled (option) &&
          !sy_inference_option_validate (option, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
sy_cost_model_compute (SyCostModel        *self,
                       SyInferenceOption  *local,
                       SyCostResult       *out_result,
                       GError            **error)
{
  SyTraffic traffic;
  SyPrice price;

  g_return_val_if_fail (SY_IS_COST_MODEL (self), FALSE);
  g_return_val_if_fail (local == NULL || SY_IS_INFERENCE_OPTION (local), FALSE);
  g_return_val_if_fail (out_result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sy_cost_model_get_traffic (self, &traffic);

  if (!sy_price_table_lookup (self->prices, self->api_model, &price, error))
    return FALSE;

  return sy_cost_compute_full (&traffic, &self->inputs, &price, local, out_result, error);
}

SyCostSeries *
sy_cost_model_build_series (SyCostModel  *self,
                            GError      **error)
{
  g_autoptr(SyCostSeries) series = NULL;
  g_autoptr(GArray) results = NULL;
  g_autoptr(GArray) break_evens = NULL;
  g_autofree char *api_label = NULL;
  SyCostResult api;
  double horizon;
  guint n;

  g_return_val_if_fail (SY_IS_COST_MODEL (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sy_cost_model_validate (self, error) ||
      !sy_cost_model_compute (self, NULL, &api, error))
    return NULL;

  /* Results first: the series needs the horizon, which depends on them. */
  n = self->watched->len;
  results = g_array_sized_new (FALSE, TRUE, sizeof (SyCostResult), n);
  g_array_set_size (results, n);
  break_evens = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < n; i++)
    {
      SyInferenceOption *option = g_ptr_array_index (self->watched, i);
      SyCostResult *result = &g_array_index (results, SyCostResult, i);

      if (!sy_inference_option_get_enabled (option))
        continue;

      if (!sy_cost_model_compute (self, option, result, error))
        return NULL;

      if (result->breaks_even)
        g_array_append_val (break_evens, result->break_even_months);
    }

  horizon = sy_cost_effective_horizon (self->horizon_months, self->auto_extend_horizon,
                                       (double *) break_evens->data,
                                       break_evens->len);
  series = sy_cost_series_new (horizon);

  /* Translators: legend of the API line, %s is a model id such as "gpt-4o-mini" */
  api_label = g_strdup_printf (_("API (%s)"), self->api_model);
  sy_cost_series_add_line_full (series, api_label, SY_COST_LINE_API, 0,
                                api.api_monthly_usd, api.api_price_decline, 0, 0, 0);

  for (guint i = 0; i < n; i++)
    {
      SyInferenceOption *option = g_ptr_array_index (self->watched, i);
      const SyCostResult *result = &g_array_index (results, SyCostResult, i);
      guint line;

      if (!sy_inference_option_get_enabled (option))
        continue;

      /* The colour follows the option's place in the full list, so hiding
       * one option does not repaint the others. */
      line = sy_cost_series_add_line_full (series, sy_inference_option_get_name (option),
                                           sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_RENTED
                                             ? SY_COST_LINE_RENTED : SY_COST_LINE_LOCAL,
                                           result->local_setup_usd, result->local_monthly_usd, 0,
                                           result->replacement_months, result->replacement_usd,
                                           1 + i);
      if (result->breaks_even)
        sy_cost_series_add_break_even (series, line, result->break_even_months);
    }

  return g_steal_pointer (&series);
}
