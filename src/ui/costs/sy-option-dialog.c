/* sy-option-dialog.c: add or edit a local inference option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-field-check.h"
#include "sy-option-dialog.h"

struct _SyOptionDialog
{
  AdwWindow          parent_instance;

  SyCostModel       *model;
  SyInferenceOption *option;   /* NULL for a new one */

  AdwEntryRow       *name_row;
  GtkSpinButton     *setup_spin;
  GtkSpinButton     *monthly_spin;
  GtkSpinButton     *tokens_spin;
  GtkSpinButton     *aggregate_spin;
  GtkSpinButton     *quality_spin;
  GtkLabel          *error_label;
  GtkWidget         *delete_button;

  /* A name is only missing once the user has had a chance to type one:
   * after editing the field, or on Save. */
  gboolean           name_checked;
};

G_DEFINE_FINAL_TYPE (SyOptionDialog, sy_option_dialog, ADW_TYPE_WINDOW)

/* Builds what Save would store, so validation sees exactly that. */
static SyInferenceOption *
build_candidate (SyOptionDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  SyInferenceOption *candidate;

  if (self->option != NULL)
    {
      candidate = sy_inference_option_copy (self->option);
      sy_inference_option_set_name (candidate, name);
    }
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *new_id = g_strconcat ("custom-", uuid, NULL);

      candidate = sy_inference_option_new (new_id, name, 0, 0, 1, 1);
    }

  sy_inference_option_set_setup_usd (candidate, gtk_spin_button_get_value (self->setup_spin));
  sy_inference_option_set_monthly_usd (candidate, gtk_spin_button_get_value (self->monthly_spin));
  sy_inference_option_set_tokens_per_second (candidate, gtk_spin_button_get_value (self->tokens_spin));
  sy_inference_option_set_aggregate_tokens_per_second (candidate, gtk_spin_button_get_value (self->aggregate_spin));
  sy_inference_option_set_quality (candidate, gtk_spin_button_get_value (self->quality_spin));

  return candidate;
}

static GtkWidget *
field_in_error (SyOptionDialog *self)
{
  GtkWidget *fields[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->setup_spin), GTK_WIDGET (self->monthly_spin),
    GTK_WIDGET (self->tokens_spin), GTK_WIDGET (self->aggregate_spin), GTK_WIDGET (self->quality_spin),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (sy_field_check_get_error (fields[i]) != NULL)
      return fields[i];

  return NULL;
}

static void
validate (SyOptionDialog *self)
{
  g_autoptr(SyInferenceOption) candidate = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;

  g_autofree char *missing_name = sy_field_check_required (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  if (self->name_checked)
    sy_field_check_validate (GTK_WIDGET (self->name_row), g_steal_pointer (&missing_name));

  /* A field in error keeps its last valid number, which would pass; Save
   * must still wait until the text is fixed. */
  if (field_in_error (self) != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "option.save", FALSE);
      return;
    }

  /* A new option's empty name is no mistake yet: Save stays available
   * and says what is missing when pressed. */
  if (missing_name != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "option.save", TRUE);
      return;
    }

  candidate = build_candidate (self);
  valid = sy_inference_option_validate (candidate, &error);
  gtk_label_set_text (self->error_label, valid ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "option.save", valid);
}

static void
on_name_changed_cb (SyOptionDialog *self)
{
  if (self->name_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  self->name_checked = TRUE;
  validate (self);
}

static void
on_input_changed_cb (SyOptionDialog *self)
{
  /* A spin button in error that loses the focus as the dialog closes
   * checks its text once more. */
  if (self->name_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  validate (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SyOptionDialog *self = SY_OPTION_DIALOG (widget);
  g_autoptr(SyInferenceOption) candidate = NULL;

  if (!self->name_checked)
    {
      self->name_checked = TRUE;
      validate (self);
    }

  candidate = build_candidate (self);
  if (field_in_error (self) != NULL || !sy_inference_option_validate (candidate, NULL))
    return;

  if (self->option == NULL)
    {
      sy_cost_model_add_option (self->model, candidate);
    }
  else
    {
      sy_inference_option_set_name (self->option, sy_inference_option_get_name (candidate));
      sy_inference_option_set_setup_usd (self->option, sy_inference_option_get_setup_usd (candidate));
      sy_inference_option_set_monthly_usd (self->option, sy_inference_option_get_monthly_usd (candidate));
      sy_inference_option_set_tokens_per_second (self->option, sy_inference_option_get_tokens_per_second (candidate));
      sy_inference_option_set_aggregate_tokens_per_second (self->option,
                                                           sy_inference_option_get_aggregate_tokens_per_second (candidate));
      sy_inference_option_set_quality (self->option, sy_inference_option_get_quality (candidate));
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyOptionDialog *self = SY_OPTION_DIALOG (widget);

  if (self->option != NULL)
    sy_cost_model_remove_option (self->model, self->option);

  gtk_window_close (GTK_WINDOW (self));
}

static void
sy_option_dialog_dispose (GObject *object)
{
  SyOptionDialog *self = SY_OPTION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_OPTION_DIALOG);
  g_clear_object (&self->model);
  g_clear_object (&self->option);

  G_OBJECT_CLASS (sy_option_dialog_parent_class)->dispose (object);
}

static void
sy_option_dialog_class_init (SyOptionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_option_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-option-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, setup_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, monthly_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, aggregate_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, delete_button);

  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  sy_field_check_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "option.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "option.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "option.save", NULL);
}

static void
sy_option_dialog_init (SyOptionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sy_option_dialog_new (SyCostModel       *model,
                      SyInferenceOption *option)
{
  SyOptionDialog *self;

  g_return_val_if_fail (SY_IS_COST_MODEL (model), NULL);
  g_return_val_if_fail (option == NULL || SY_IS_INFERENCE_OPTION (option), NULL);

  self = g_object_new (SY_TYPE_OPTION_DIALOG, NULL);
  self->model = g_object_ref (model);
  self->option = option != NULL ? g_object_ref (option) : NULL;

  gtk_window_set_title (GTK_WINDOW (self), option != NULL ? _("Edit Local Option") : _("New Local Option"));

  if (option != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), sy_inference_option_get_name (option));
      gtk_spin_button_set_value (self->setup_spin, sy_inference_option_get_setup_usd (option));
      gtk_spin_button_set_value (self->monthly_spin, sy_inference_option_get_monthly_usd (option));
      gtk_spin_button_set_value (self->tokens_spin, sy_inference_option_get_tokens_per_second (option));
      gtk_spin_button_set_value (self->aggregate_spin, sy_inference_option_get_aggregate_tokens_per_second (option));
      gtk_spin_button_set_value (self->quality_spin, sy_inference_option_get_quality (option));
    }
  else
    {
      /* A plausible single-GPU box to start from. */
      gtk_spin_button_set_value (self->setup_spin, 2000);
      gtk_spin_button_set_value (self->monthly_spin, 40);
      gtk_spin_button_set_value (self->tokens_spin, 60);
      gtk_spin_button_set_value (self->aggregate_spin, 60);
      gtk_spin_button_set_value (self->quality_spin, 0.8);
    }

  /* Built-in options come back with "Reset"; deleting is for your own. */
  gtk_widget_set_visible (self->delete_button, option != NULL && !sy_inference_option_get_builtin (option));

  /* The fields' handlers have checked each change above; with no change
   * (a new option's defaults), the form is checked here. */
  validate (self);

  return GTK_WIDGET (self);
}
