/* sy-option-row.c: one local option in the Costs page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-cost-model.h"
#include "sy-costs-page-measured.h"
#include "sy-format.h"
#include "sy-option-row.h"
#include "sy-tooltip.h"

struct _SyOptionRow
{
  AdwActionRow       parent_instance;

  SyInferenceOption *option;
  GSettings         *settings;

  /* Template widgets */
  GtkCheckButton    *check;
  GtkWidget         *measured_icon;
  GtkWidget         *edit_button;
};

G_DEFINE_FINAL_TYPE (SyOptionRow, sy_option_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_OPTION,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Callbacks */

static void
on_option_notify_cb (SyInferenceOption *option,
                     GParamSpec        *pspec,
                     SyOptionRow       *self)
{
  sy_option_row_update (self);
}

/* Overrides */

static void
sy_option_row_constructed (GObject *object)
{
  SyOptionRow *self = SY_OPTION_ROW (object);
  g_autofree char *edit_tooltip = NULL;

  G_OBJECT_CLASS (sy_option_row_parent_class)->constructed (object);

  /* Bound here: a template <binding> of the row's own title warns under
   * GTK 4.8 as the row goes (g_object_weak_unref finds no weak ref). */
  g_object_bind_property (self->option, "name", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->option, "enabled", self->check, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->option, "notify", G_CALLBACK (on_option_notify_cb), self, 0);

  edit_tooltip = g_strdup_printf (_("Edit “%s”"), sy_inference_option_get_name (self->option));
  sy_tooltip_set_text (self->edit_button, edit_tooltip);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "s",
                                    sy_inference_option_get_id (self->option));

  sy_option_row_update (self);
}

static void
sy_option_row_dispose (GObject *object)
{
  SyOptionRow *self = SY_OPTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_OPTION_ROW);
  g_clear_object (&self->option);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sy_option_row_parent_class)->dispose (object);
}

static void
sy_option_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SyOptionRow *self = SY_OPTION_ROW (object);

  switch (prop_id)
    {
    case PROP_OPTION:
      g_value_set_object (value, self->option);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_option_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SyOptionRow *self = SY_OPTION_ROW (object);

  switch (prop_id)
    {
    case PROP_OPTION:
      self->option = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_option_row_class_init (SyOptionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_option_row_constructed;
  object_class->dispose = sy_option_row_dispose;
  object_class->get_property = sy_option_row_get_property;
  object_class->set_property = sy_option_row_set_property;

  properties[PROP_OPTION] =
    g_param_spec_object ("option", NULL, NULL, SY_TYPE_INFERENCE_OPTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-option-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SyOptionRow, check);
  gtk_widget_class_bind_template_child (widget_class, SyOptionRow, measured_icon);
  gtk_widget_class_bind_template_child (widget_class, SyOptionRow, edit_button);
}

static void
sy_option_row_init (SyOptionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
sy_option_row_new (SyInferenceOption *option,
                   GSettings         *settings)
{
  g_return_val_if_fail (SY_IS_INFERENCE_OPTION (option), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SY_TYPE_OPTION_ROW, "option", option, "settings", settings, NULL);
}

SyInferenceOption *
sy_option_row_get_option (SyOptionRow *self)
{
  g_return_val_if_fail (SY_IS_OPTION_ROW (self), NULL);

  return self->option;
}

/* What paying for the option looks like: "$1,600 bought once" or
 * "$0.80/h rented", the kinds' wording in the option dialog. */
static char *
format_paid (SyInferenceOption *option)
{
  if (sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_RENTED)
    {
      g_autofree char *hourly = sy_format_usd (sy_inference_option_get_rent_hourly_usd (option), 2);

      /* Translators: a rented GPU's price an hour, e.g. "$0.80/h rented" */
      return g_strdup_printf (_("%s/h rented"), hourly);
    }
  else
    {
      g_autofree char *setup = sy_format_usd (sy_inference_option_get_setup_usd (option), 0);

      /* Translators: a bought box's price, e.g. "$1,600 bought once" */
      return g_strdup_printf (_("%s bought once"), setup);
    }
}

void
sy_option_row_update (SyOptionRow *self)
{
  SyInferenceOption *option = self->option;
  gboolean tps_measured;
  gboolean quality_measured;
  g_autofree char *tps_number = NULL;
  g_autofree char *quality_number = NULL;
  g_autofree char *quality_interval = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;

  g_return_if_fail (SY_IS_OPTION_ROW (self));

  tps_measured = sy_costs_measured_option_is_marked (self->settings, option, SY_PILOT_APPLIED_TOKENS_PER_SECOND);
  quality_measured = sy_costs_measured_option_is_marked (self->settings, option, SY_PILOT_APPLIED_QUALITY);
  tps_number = sy_format_decimal (sy_inference_option_get_tokens_per_second (option), 0);
  quality_number = sy_format_decimal (sy_inference_option_get_quality (option), 2);
  quality_interval = sy_costs_measured_dup_quality_interval (self->settings, option);

  g_ptr_array_add (parts, format_paid (option));
  if (sy_inference_option_get_monthly_usd (option) > 0)
    {
      g_autofree char *other = sy_format_usd (sy_inference_option_get_monthly_usd (option), 0);

      /* Translators: an option's other monthly costs (hosting, support), e.g. "$30 other a month" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s other a month"), other));
    }
  if (sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_LOCAL &&
      sy_inference_option_get_load_watts (option) > 0)
    {
      g_autofree char *watts = sy_format_decimal (sy_inference_option_get_load_watts (option), 0);

      /* Translators: a box's power draw at full load, e.g. "450 W" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s W"), watts));
    }
  g_ptr_array_add (parts, tps_measured
                   /* Translators: a local option's throughput, measured in the pilot */
                   ? g_strdup_printf (_("%s tokens/s (measured)"), tps_number)
                   : g_strdup_printf (_("%s tokens/s"), tps_number));
  if (quality_interval != NULL)
    /* Translators: a pilot's quality retained and its 95% interval, e.g. "quality 0.70 (measured, 95% 0.55–0.82)" */
    g_ptr_array_add (parts, g_strdup_printf (_("quality %s (measured, 95%% %s)"), quality_number, quality_interval));
  else
    g_ptr_array_add (parts, quality_measured
                     /* Translators: a local option's quality (0 to 1), measured in the pilot */
                     ? g_strdup_printf (_("quality %s (measured)"), quality_number)
                     : g_strdup_printf (_("quality %s"), quality_number));
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (self->measured_icon, tps_measured || quality_measured);
}
