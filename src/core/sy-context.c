/* sy-context.c: what the pages share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-context.h"
#include "sy-cost-settings.h"

struct _SyContext
{
  GObject       parent_instance;

  GSettings    *settings;
  SyCostModel  *cost_model;
  SyRouter     *router;
  SyPilotLog   *pilot_log;

  /* Only while constructing: prices read before the cost model binds to
   * the settings, so a saved custom API model is known when it is read. */
  SyPriceTable *initial_prices;
};

G_DEFINE_FINAL_TYPE (SyContext, sy_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_PRICES,
  PROP_COST_MODEL,
  PROP_ROUTER,
  PROP_PILOT_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sy_context_constructed (GObject *object)
{
  SyContext *self = SY_CONTEXT (object);

  G_OBJECT_CLASS (sy_context_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  if (self->cost_model == NULL)
    {
      g_autoptr(SyPriceTable) prices = self->initial_prices != NULL
                                       ? g_object_ref (self->initial_prices)
                                       : sy_price_table_new_default ();

      self->cost_model = sy_cost_model_new (prices);
      sy_cost_settings_bind (self->cost_model, self->settings);
    }
  g_clear_object (&self->initial_prices);

  if (self->router == NULL)
    self->router = sy_router_new ();

  /* The log is read when a view needs its records. */
  if (self->pilot_log == NULL)
    self->pilot_log = sy_pilot_log_new (NULL);
}

static void
sy_context_dispose (GObject *object)
{
  SyContext *self = SY_CONTEXT (object);

  g_clear_object (&self->cost_model);
  g_clear_object (&self->router);
  g_clear_object (&self->pilot_log);
  g_clear_object (&self->initial_prices);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sy_context_parent_class)->dispose (object);
}

static void
sy_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SyContext *self = SY_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_PRICES:
      g_value_set_object (value, sy_context_get_prices (self));
      break;
    case PROP_COST_MODEL:
      g_value_set_object (value, self->cost_model);
      break;
    case PROP_ROUTER:
      g_value_set_object (value, self->router);
      break;
    case PROP_PILOT_LOG:
      g_value_set_object (value, self->pilot_log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SyContext *self = SY_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_PRICES:
      self->initial_prices = g_value_dup_object (value);
      break;
    case PROP_COST_MODEL:
      self->cost_model = g_value_dup_object (value);
      break;
    case PROP_ROUTER:
      self->router = g_value_dup_object (value);
      break;
    case PROP_PILOT_LOG:
      self->pilot_log = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_context_class_init (SyContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sy_context_constructed;
  object_class->dispose = sy_context_dispose;
  object_class->get_property = sy_context_get_property;
  object_class->set_property = sy_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Read: the cost model's table. Written: the table a new cost model uses. */
  properties[PROP_PRICES] =
    g_param_spec_object ("prices", NULL, NULL, SY_TYPE_PRICE_TABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST_MODEL] =
    g_param_spec_object ("cost-model", NULL, NULL, SY_TYPE_COST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUTER] =
    g_param_spec_object ("router", NULL, NULL, SY_TYPE_ROUTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PILOT_LOG] =
    g_param_spec_object ("pilot-log", NULL, NULL, SY_TYPE_PILOT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sy_context_init (SyContext *self)
{
}

SyContext *
sy_context_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (SY_TYPE_CONTEXT, "settings", settings, NULL);
}

static void
add_problem (GStrvBuilder *problems,
             const GError *error)
{
  g_warning ("%s", error->message);
  if (problems != NULL)
    g_strv_builder_add (problems, error->message);
}

SyContext *
sy_context_load (GSettings    *settings,
                 GStrvBuilder *problems)
{
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  g_autoptr(SyRouter) router = sy_router_new ();
  g_autofree char *prices_path = sy_cost_settings_dup_prices_path ();
  g_autofree char *rules_path = sy_router_dup_default_path ();
  g_autoptr(GError) prices_error = NULL;
  g_autoptr(GError) rules_error = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  if (!sy_cost_settings_load_prices (prices, prices_path, &prices_error))
    add_problem (problems, prices_error);
  /* A broken rules file was moved aside and the defaults apply. */
  if (!sy_router_load (router, rules_path, &rules_error))
    add_problem (problems, rules_error);

  return g_object_new (SY_TYPE_CONTEXT,
                       "settings", settings,
                       "prices", prices,
                       "router", router,
                       NULL);
}

GSettings *
sy_context_get_settings (SyContext *self)
{
  g_return_val_if_fail (SY_IS_CONTEXT (self), NULL);

  return self->settings;
}

SyPriceTable *
sy_context_get_prices (SyContext *self)
{
  g_return_val_if_fail (SY_IS_CONTEXT (self), NULL);

  return sy_cost_model_get_price_table (self->cost_model);
}

SyCostModel *
sy_context_get_cost_model (SyContext *self)
{
  g_return_val_if_fail (SY_IS_CONTEXT (self), NULL);

  return self->cost_model;
}

SyRouter *
sy_context_get_router (SyContext *self)
{
  g_return_val_if_fail (SY_IS_CONTEXT (self), NULL);

  return self->router;
}

SyPilotLog *
sy_context_get_pilot_log (SyContext *self)
{
  g_return_val_if_fail (SY_IS_CONTEXT (self), NULL);

  return self->pilot_log;
}
