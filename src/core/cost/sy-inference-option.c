/* sy-inference-option.c: one way of running inference (a local box)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-cost-model.h"
#include "sy-format.h"
#include "sy-inference-option.h"

struct _SyInferenceOption
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  double    setup_usd;
  double    monthly_usd;
  double    tokens_per_second;
  double    aggregate_tokens_per_second;
  double    quality;
  SyInferenceKind kind;
  double    load_watts;
  double    idle_watts;
  double    life_months;
  double    resale_share;
  double    rent_hourly_usd;
  double    rent_hours_per_month;
  /* What the option was planned on, when it is known: the catalogue's
   * model and the GPU table's card, so a deployment can start from them. */
  char     *model_id;
  char     *quant;      /* the build its speed is for ("Q4_K_M") */
  char     *gpu_id;
  guint     gpu_count;
  guint     builtin : 1;
  guint     enabled : 1;
  /* Until set on its own, the aggregate follows the single-stream figure. */
  guint     aggregate_set : 1;
};

G_DEFINE_FINAL_TYPE (SyInferenceOption, sy_inference_option, G_TYPE_OBJECT)

GType
sy_inference_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { SY_INFERENCE_KIND_LOCAL, "SY_INFERENCE_KIND_LOCAL", "local" },
        { SY_INFERENCE_KIND_RENTED, "SY_INFERENCE_KIND_RENTED", "rented" },
        { 0, NULL, NULL }
      };
      GType type = g_enum_register_static ("SyInferenceKind", values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SETUP_USD,
  PROP_MONTHLY_USD,
  PROP_TOKENS_PER_SECOND,
  PROP_AGGREGATE_TOKENS_PER_SECOND,
  PROP_QUALITY,
  PROP_KIND,
  PROP_LOAD_WATTS,
  PROP_IDLE_WATTS,
  PROP_LIFE_MONTHS,
  PROP_RESALE_SHARE,
  PROP_RENT_HOURLY_USD,
  PROP_RENT_HOURS_PER_MONTH,
  PROP_BUILTIN,
  PROP_ENABLED,
  PROP_MODEL_ID,
  PROP_QUANT,
  PROP_GPU_ID,
  PROP_GPU_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *id;
  const char *name;
  double      setup_usd;
  double      monthly_usd;
  double      tokens_per_second;
  double      quality;
  const char *model_id;
  const char *quant;
  const char *gpu_id;
  guint       gpu_count;
} BuiltinOption;

/* SPEC §2, local rows of the inference option table. The cards are the
 * ones its names give; the A100s are the 40 GB ones, which $20,000 buys two
 * of at data/gpus.json's price ($10,000 each, the 80 GB $15,000). */
static const BuiltinOption builtins[] = {
  { "llama3.1-8b-rtx4090", N_("Llama 3.1 8B Q4 (RTX 4090)"), 1600, 30, 100, 0.75,
    "llama3.1-8b", "Q4_K_M", "rtx-4090", 1 },
  { "llama3.1-70b-2xa100", N_("Llama 3.1 70B Q4 (2× A100)"), 20000, 500, 40, 0.95,
    "llama3.1-70b", "Q4_K_M", "a100-40gb", 2 },
};

/* Auxiliary functions */

static gboolean
same_double (double a,
             double b)
{
  return a == b || (isnan (a) && isnan (b));
}

static void
set_double (SyInferenceOption *self,
            double            *field,
            double             value,
            guint              prop_id)
{
  if (same_double (*field, value))
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str != '\0'; str = g_utf8_next_char (str))
    {
      if (!g_unichar_isspace (g_utf8_get_char (str)))
        return FALSE;
    }

  return TRUE;
}

static const BuiltinOption *
find_builtin (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      if (g_strcmp0 (builtins[i].id, id) == 0)
        return &builtins[i];
    }

  return NULL;
}

static gboolean
validate_amount (const char  *option,
                 const char  *field,
                 double       value,
                 gboolean     zero_allowed,
                 double       max,
                 GError     **error)
{
  SyFigureProblem problem = sy_format_check_figure (value, zero_allowed, max);
  g_autofree char *shown = NULL;
  g_autofree char *shown_max = NULL;

  if (problem == SY_FIGURE_PROBLEM_NONE)
    return TRUE;

  if (problem == SY_FIGURE_PROBLEM_NOT_A_NUMBER)
    {
      /* Translators: the first %s is an option name, the second a field
       * such as "the setup cost" */
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s”: %s must be a number"), option, field);
      return FALSE;
    }

  shown = sy_format_number (value);

  if (problem == SY_FIGURE_PROBLEM_NEGATIVE)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s”: %s cannot be negative (%s)"), option, field, shown);
      return FALSE;
    }

  if (problem == SY_FIGURE_PROBLEM_ZERO)
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("“%s”: %s must be above zero"), option, field);
      return FALSE;
    }

  shown_max = sy_format_number (max);
  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               _("“%s”: %s of %s is not plausible: at most %s"),
               option, field, shown, shown_max);
  return FALSE;
}

static gboolean
validate_idle_below_load (SyInferenceOption  *self,
                          GError            **error)
{
  g_autofree char *idle = NULL;
  g_autofree char *load = NULL;

  if (self->idle_watts <= self->load_watts)
    return TRUE;

  idle = sy_format_number (self->idle_watts);
  load = sy_format_number (self->load_watts);
  /* Translators: the first %s is an option name, then two powers in watts */
  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               _("“%s”: the idle power (%s W) cannot be above the load power (%s W)"),
               self->name, idle, load);
  return FALSE;
}

static gboolean
validate_kind (SyInferenceOption  *self,
               GError            **error)
{
  if (self->kind == SY_INFERENCE_KIND_LOCAL || self->kind == SY_INFERENCE_KIND_RENTED)
    return TRUE;

  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
               _("“%s”: unknown kind of option"), self->name);
  return FALSE;
}

/* Overrides */

static void
sy_inference_option_finalize (GObject *object)
{
  SyInferenceOption *self = (SyInferenceOption *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->model_id, g_free);
  g_clear_pointer (&self->quant, g_free);
  g_clear_pointer (&self->gpu_id, g_free);

  G_OBJECT_CLASS (sy_inference_option_parent_class)->finalize (object);
}

static void
sy_inference_option_constructed (GObject *object)
{
  SyInferenceOption *self = (SyInferenceOption *)object;

  G_OBJECT_CLASS (sy_inference_option_parent_class)->constructed (object);

  /* Every option needs a key for GSettings and find_option(); one typed in
   * by the user gets a random one. */
  if (self->id == NULL || self->id[0] == '\0')
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_free (self->id);
      self->id = g_strconcat ("custom-", uuid, NULL);
    }
}

static void
sy_inference_option_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SyInferenceOption *self = SY_INFERENCE_OPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SETUP_USD:
      g_value_set_double (value, self->setup_usd);
      break;

    case PROP_MONTHLY_USD:
      g_value_set_double (value, self->monthly_usd);
      break;

    case PROP_TOKENS_PER_SECOND:
      g_value_set_double (value, self->tokens_per_second);
      break;

    case PROP_AGGREGATE_TOKENS_PER_SECOND:
      g_value_set_double (value, self->aggregate_tokens_per_second);
      break;

    case PROP_QUALITY:
      g_value_set_double (value, self->quality);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_LOAD_WATTS:
      g_value_set_double (value, self->load_watts);
      break;

    case PROP_IDLE_WATTS:
      g_value_set_double (value, self->idle_watts);
      break;

    case PROP_LIFE_MONTHS:
      g_value_set_double (value, self->life_months);
      break;

    case PROP_RESALE_SHARE:
      g_value_set_double (value, self->resale_share);
      break;

    case PROP_RENT_HOURLY_USD:
      g_value_set_double (value, self->rent_hourly_usd);
      break;

    case PROP_RENT_HOURS_PER_MONTH:
      g_value_set_double (value, self->rent_hours_per_month);
      break;

    case PROP_BUILTIN:
      g_value_set_boolean (value, self->builtin);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    case PROP_QUANT:
      g_value_set_string (value, self->quant);
      break;

    case PROP_GPU_ID:
      g_value_set_string (value, self->gpu_id);
      break;

    case PROP_GPU_COUNT:
      g_value_set_uint (value, self->gpu_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_inference_option_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SyInferenceOption *self = SY_INFERENCE_OPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      sy_inference_option_set_name (self, g_value_get_string (value));
      break;

    case PROP_SETUP_USD:
      sy_inference_option_set_setup_usd (self, g_value_get_double (value));
      break;

    case PROP_MONTHLY_USD:
      sy_inference_option_set_monthly_usd (self, g_value_get_double (value));
      break;

    case PROP_TOKENS_PER_SECOND:
      sy_inference_option_set_tokens_per_second (self, g_value_get_double (value));
      break;

    case PROP_AGGREGATE_TOKENS_PER_SECOND:
      sy_inference_option_set_aggregate_tokens_per_second (self, g_value_get_double (value));
      break;

    case PROP_QUALITY:
      sy_inference_option_set_quality (self, g_value_get_double (value));
      break;

    case PROP_KIND:
      sy_inference_option_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_LOAD_WATTS:
      sy_inference_option_set_load_watts (self, g_value_get_double (value));
      break;

    case PROP_IDLE_WATTS:
      sy_inference_option_set_idle_watts (self, g_value_get_double (value));
      break;

    case PROP_LIFE_MONTHS:
      sy_inference_option_set_life_months (self, g_value_get_double (value));
      break;

    case PROP_RESALE_SHARE:
      sy_inference_option_set_resale_share (self, g_value_get_double (value));
      break;

    case PROP_RENT_HOURLY_USD:
      sy_inference_option_set_rent_hourly_usd (self, g_value_get_double (value));
      break;

    case PROP_RENT_HOURS_PER_MONTH:
      sy_inference_option_set_rent_hours_per_month (self, g_value_get_double (value));
      break;

    case PROP_ENABLED:
      sy_inference_option_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_inference_option_class_init (SyInferenceOptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_inference_option_finalize;
  object_class->constructed = sy_inference_option_constructed;
  object_class->get_property = sy_inference_option_get_property;
  object_class->set_property = sy_inference_option_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The ranges are open on purpose: a form may pass through a bad value,
   * and validate() explains what is wrong with it. */
  properties[PROP_SETUP_USD] =
    g_param_spec_double ("setup-usd", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MONTHLY_USD] =
    g_param_spec_double ("monthly-usd", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKENS_PER_SECOND] =
    g_param_spec_double ("tokens-per-second", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AGGREGATE_TOKENS_PER_SECOND] =
    g_param_spec_double ("aggregate-tokens-per-second", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUALITY] =
    g_param_spec_double ("quality", NULL, NULL,
                         -INFINITY, INFINITY, 1,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SY_TYPE_INFERENCE_KIND, SY_INFERENCE_KIND_LOCAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOAD_WATTS] =
    g_param_spec_double ("load-watts", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IDLE_WATTS] =
    g_param_spec_double ("idle-watts", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LIFE_MONTHS] =
    g_param_spec_double ("life-months", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESALE_SHARE] =
    g_param_spec_double ("resale-share", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RENT_HOURLY_USD] =
    g_param_spec_double ("rent-hourly-usd", NULL, NULL,
                         -INFINITY, INFINITY, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RENT_HOURS_PER_MONTH] =
    g_param_spec_double ("rent-hours-per-month", NULL, NULL,
                         -INFINITY, INFINITY, SY_INFERENCE_DEFAULT_RENT_HOURS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUILTIN] =
    g_param_spec_boolean ("builtin", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Set together with sy_inference_option_set_hardware(). */
  properties[PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUANT] =
    g_param_spec_string ("quant", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GPU_ID] =
    g_param_spec_string ("gpu-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GPU_COUNT] =
    g_param_spec_uint ("gpu-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sy_inference_option_init (SyInferenceOption *self)
{
  self->quality = 1;
  self->enabled = TRUE;
  self->rent_hours_per_month = SY_INFERENCE_DEFAULT_RENT_HOURS;
}

/* Public API */

SyInferenceOption *
sy_inference_option_new (const char *id,
                         const char *name,
                         double      setup_usd,
                         double      monthly_usd,
                         double      tokens_per_second,
                         double      quality)
{
  return g_object_new (SY_TYPE_INFERENCE_OPTION,
                       "id", id,
                       "name", name,
                       "setup-usd", setup_usd,
                       "monthly-usd", monthly_usd,
                       "tokens-per-second", tokens_per_second,
                       "quality", quality,
                       NULL);
}

SyInferenceOption *
sy_inference_option_copy (SyInferenceOption *self)
{
  SyInferenceOption *copy;

  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  copy = sy_inference_option_new (self->id, self->name,
                                  self->setup_usd, self->monthly_usd,
                                  self->tokens_per_second, self->quality);
  copy->aggregate_tokens_per_second = self->aggregate_tokens_per_second;
  copy->aggregate_set = self->aggregate_set;
  copy->kind = self->kind;
  copy->load_watts = self->load_watts;
  copy->idle_watts = self->idle_watts;
  copy->life_months = self->life_months;
  copy->resale_share = self->resale_share;
  copy->rent_hourly_usd = self->rent_hourly_usd;
  copy->rent_hours_per_month = self->rent_hours_per_month;
  copy->builtin = self->builtin;
  copy->enabled = self->enabled;
  sy_inference_option_set_hardware (copy, self->model_id, self->quant, self->gpu_id, self->gpu_count);

  return copy;
}

SyInferenceOption *
sy_inference_option_new_builtin (const char *id)
{
  const BuiltinOption *builtin = find_builtin (id);
  SyInferenceOption *self;

  if (builtin == NULL)
    return NULL;

  self = sy_inference_option_new (builtin->id, _(builtin->name),
                                  builtin->setup_usd, builtin->monthly_usd,
                                  builtin->tokens_per_second, builtin->quality);
  self->builtin = TRUE;
  sy_inference_option_set_hardware (self, builtin->model_id, builtin->quant, builtin->gpu_id, builtin->gpu_count);

  return self;
}

GListStore *
sy_inference_option_new_builtin_list (void)
{
  GListStore *store = g_list_store_new (SY_TYPE_INFERENCE_OPTION);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      g_autoptr(SyInferenceOption) option = sy_inference_option_new_builtin (builtins[i].id);

      g_list_store_append (store, option);
    }

  return store;
}

gboolean
sy_inference_option_validate (SyInferenceOption  *self,
                              GError            **error)
{
  const char *name;

  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = self->name;
  if (is_blank (name))
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("An inference option needs a name"));
      return FALSE;
    }

  /* Translators: the fields are inserted into "“%s”: %s must be a number"
   * and similar messages */
  return validate_amount (name, _("the setup cost"), self->setup_usd,
                          TRUE, SY_COST_MAX_USD, error) &&
         validate_amount (name, _("the monthly cost"), self->monthly_usd,
                          TRUE, SY_COST_MAX_USD, error) &&
         validate_amount (name, _("the throughput"), self->tokens_per_second,
                          FALSE, SY_COST_MAX_TOKENS_PER_SECOND, error) &&
         validate_amount (name, _("the aggregate throughput"), self->aggregate_tokens_per_second,
                          FALSE, SY_COST_MAX_TOKENS_PER_SECOND, error) &&
         validate_amount (name, _("the quality"), self->quality,
                          TRUE, 1.0, error) &&
         validate_amount (name, _("the load power"), self->load_watts,
                          TRUE, SY_INFERENCE_MAX_WATTS, error) &&
         validate_amount (name, _("the idle power"), self->idle_watts,
                          TRUE, SY_INFERENCE_MAX_WATTS, error) &&
         validate_idle_below_load (self, error) &&
         validate_amount (name, _("the life"), self->life_months,
                          TRUE, SY_INFERENCE_MAX_LIFE_MONTHS, error) &&
         validate_amount (name, _("the resale share"), self->resale_share,
                          TRUE, 1.0, error) &&
         validate_amount (name, _("the hourly rent"), self->rent_hourly_usd,
                          TRUE, SY_COST_MAX_USD, error) &&
         validate_amount (name, _("the rented hours a month"), self->rent_hours_per_month,
                          TRUE, SY_INFERENCE_HOURS_PER_MONTH, error) &&
         validate_kind (self, error);
}

const char *
sy_inference_option_get_id (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return self->id;
}

const char *
sy_inference_option_get_name (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return self->name;
}

void
sy_inference_option_set_name (SyInferenceOption *self,
                              const char        *name)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

double
sy_inference_option_get_setup_usd (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->setup_usd;
}

void
sy_inference_option_set_setup_usd (SyInferenceOption *self,
                                   double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->setup_usd, value, PROP_SETUP_USD);
}

double
sy_inference_option_get_monthly_usd (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->monthly_usd;
}

void
sy_inference_option_set_monthly_usd (SyInferenceOption *self,
                                     double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->monthly_usd, value, PROP_MONTHLY_USD);
}

double
sy_inference_option_get_tokens_per_second (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->tokens_per_second;
}

void
sy_inference_option_set_tokens_per_second (SyInferenceOption *self,
                                           double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_double (self, &self->tokens_per_second, value, PROP_TOKENS_PER_SECOND);
  if (!self->aggregate_set)
    set_double (self, &self->aggregate_tokens_per_second, value,
                PROP_AGGREGATE_TOKENS_PER_SECOND);
  g_object_thaw_notify (G_OBJECT (self));
}

double
sy_inference_option_get_aggregate_tokens_per_second (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->aggregate_tokens_per_second;
}

void
sy_inference_option_set_aggregate_tokens_per_second (SyInferenceOption *self,
                                                     double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  self->aggregate_set = TRUE;
  set_double (self, &self->aggregate_tokens_per_second, value,
              PROP_AGGREGATE_TOKENS_PER_SECOND);
}

double
sy_inference_option_get_quality (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->quality;
}

void
sy_inference_option_set_quality (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->quality, value, PROP_QUALITY);
}

gboolean
sy_inference_option_get_builtin (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), FALSE);

  return self->builtin;
}

gboolean
sy_inference_option_get_enabled (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), FALSE);

  return self->enabled;
}

void
sy_inference_option_set_enabled (SyInferenceOption *self,
                                 gboolean           enabled)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  enabled = !!enabled;
  if (self->enabled == (guint) enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

SyInferenceKind
sy_inference_option_get_kind (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), SY_INFERENCE_KIND_LOCAL);

  return self->kind;
}

void
sy_inference_option_set_kind (SyInferenceOption *self,
                              SyInferenceKind    kind)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

double
sy_inference_option_get_load_watts (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->load_watts;
}

void
sy_inference_option_set_load_watts (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->load_watts, value, PROP_LOAD_WATTS);
}

double
sy_inference_option_get_idle_watts (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->idle_watts;
}

void
sy_inference_option_set_idle_watts (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->idle_watts, value, PROP_IDLE_WATTS);
}

double
sy_inference_option_get_life_months (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->life_months;
}

void
sy_inference_option_set_life_months (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->life_months, value, PROP_LIFE_MONTHS);
}

double
sy_inference_option_get_resale_share (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->resale_share;
}

void
sy_inference_option_set_resale_share (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->resale_share, value, PROP_RESALE_SHARE);
}

double
sy_inference_option_get_rent_hourly_usd (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->rent_hourly_usd;
}

void
sy_inference_option_set_rent_hourly_usd (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->rent_hourly_usd, value, PROP_RENT_HOURLY_USD);
}

double
sy_inference_option_get_rent_hours_per_month (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->rent_hours_per_month;
}

void
sy_inference_option_set_rent_hours_per_month (SyInferenceOption *self,
                                 double             value)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_double (self, &self->rent_hours_per_month, value, PROP_RENT_HOURS_PER_MONTH);
}

const char *
sy_inference_option_get_model_id (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return self->model_id;
}

const char *
sy_inference_option_get_quant (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return self->quant;
}

const char *
sy_inference_option_get_gpu_id (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return self->gpu_id;
}

guint
sy_inference_option_get_gpu_count (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), 0);

  return self->gpu_count;
}

/* Empty is not said, as NULL. */
static void
set_string (SyInferenceOption  *self,
            char              **field,
            const char         *value,
            guint               prop_id)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
sy_inference_option_set_hardware (SyInferenceOption *self,
                                  const char        *model_id,
                                  const char        *quant,
                                  const char        *gpu_id,
                                  guint              gpu_count)
{
  g_return_if_fail (SY_IS_INFERENCE_OPTION (self));

  set_string (self, &self->model_id, model_id, PROP_MODEL_ID);
  /* A build is a model's. */
  set_string (self, &self->quant, self->model_id != NULL ? quant : NULL, PROP_QUANT);
  set_string (self, &self->gpu_id, gpu_id, PROP_GPU_ID);
  gpu_count = self->gpu_id != NULL ? MAX (gpu_count, 1) : 0;
  if (self->gpu_count != gpu_count)
    {
      self->gpu_count = gpu_count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GPU_COUNT]);
    }
}

GVariant *
sy_inference_option_to_variant (SyInferenceOption *self)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (self), NULL);

  return g_variant_new (SY_INFERENCE_OPTION_VARIANT_TYPE,
                        self->id,
                        self->name ? self->name : "",
                        self->setup_usd,
                        self->monthly_usd,
                        self->tokens_per_second,
                        self->aggregate_tokens_per_second,
                        self->quality,
                        (gboolean) self->builtin,
                        (gboolean) self->enabled,
                        (guint32) self->kind,
                        self->load_watts,
                        self->idle_watts,
                        self->life_months,
                        self->resale_share,
                        self->rent_hourly_usd,
                        self->rent_hours_per_month);
}

SyInferenceOption *
sy_inference_option_new_from_variant (GVariant  *variant,
                                      GError   **error)
{
  g_autoptr(SyInferenceOption) self = NULL;
  const char *id;
  const char *name;
  double setup, monthly, tps, aggregate, quality;
  gboolean builtin, enabled;
  gboolean v1;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  v1 = g_variant_is_of_type (variant, G_VARIANT_TYPE (SY_INFERENCE_OPTION_VARIANT_TYPE_V1));
  if (!v1 && !g_variant_is_of_type (variant, G_VARIANT_TYPE (SY_INFERENCE_OPTION_VARIANT_TYPE)))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("Not an inference option: type “%s” instead of “%s”"),
                   g_variant_get_type_string (variant),
                   SY_INFERENCE_OPTION_VARIANT_TYPE);
      return NULL;
    }

  /* The first nine fields are the same in both types. */
  g_variant_get_child (variant, 0, "&s", &id);
  g_variant_get_child (variant, 1, "&s", &name);
  g_variant_get_child (variant, 2, "d", &setup);
  g_variant_get_child (variant, 3, "d", &monthly);
  g_variant_get_child (variant, 4, "d", &tps);
  g_variant_get_child (variant, 5, "d", &aggregate);
  g_variant_get_child (variant, 6, "d", &quality);
  g_variant_get_child (variant, 7, "b", &builtin);
  g_variant_get_child (variant, 8, "b", &enabled);

  self = sy_inference_option_new (id, name, setup, monthly, tps, quality);
  /* A V1 value keeps the defaults, which is what it meant: its monthly
   * figure already held everything it counted. */
  if (!v1)
    {
      guint32 kind;

      g_variant_get_child (variant, 9, "u", &kind);
      g_variant_get_child (variant, 10, "d", &self->load_watts);
      g_variant_get_child (variant, 11, "d", &self->idle_watts);
      g_variant_get_child (variant, 12, "d", &self->life_months);
      g_variant_get_child (variant, 13, "d", &self->resale_share);
      g_variant_get_child (variant, 14, "d", &self->rent_hourly_usd);
      g_variant_get_child (variant, 15, "d", &self->rent_hours_per_month);
      /* An unknown kind from a newer version fails validation below
       * instead of being read as another kind. */
      self->kind = kind;
    }
  /* Equal figures mean the aggregate was never set on its own (or need not
   * be told apart from that), so it keeps following tokens/s. */
  if (!same_double (aggregate, tps))
    sy_inference_option_set_aggregate_tokens_per_second (self, aggregate);
  /* A stored flag cannot make an unknown id one of SPEC's options. */
  self->builtin = builtin && find_builtin (id) != NULL;
  self->enabled = !!enabled;
  /* SPEC's options are planned on what the table says; the variant has no
   * room for it (the settings keep other options' hardware beside them). */
  if (self->builtin)
    {
      const BuiltinOption *spec = find_builtin (id);

      sy_inference_option_set_hardware (self, spec->model_id, spec->quant, spec->gpu_id, spec->gpu_count);
    }

  if (!sy_inference_option_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}
