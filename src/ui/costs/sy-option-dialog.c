/* sy-option-dialog.c: add or edit a local inference option
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-field-check.h"
#include "sy-gpu-table.h"
#include "sy-model-catalog.h"
#include "sy-option-dialog.h"

struct _SyOptionDialog
{
  AdwWindow          parent_instance;

  SyCostModel       *model;
  SyInferenceOption *option;   /* NULL for a new one */

  AdwEntryRow       *name_row;
  AdwComboRow       *kind_row;
  GtkWidget         *setup_row;
  GtkWidget         *rent_hourly_row;
  GtkWidget         *rent_hours_row;
  GtkWidget         *hardware_group;
  GtkSpinButton     *setup_spin;
  GtkSpinButton     *rent_hourly_spin;
  GtkSpinButton     *rent_hours_spin;
  GtkSpinButton     *monthly_spin;
  GtkSpinButton     *load_watts_spin;
  GtkSpinButton     *idle_watts_spin;
  GtkSpinButton     *life_spin;
  GtkSpinButton     *resale_spin;
  GtkSpinButton     *tokens_spin;
  GtkSpinButton     *aggregate_spin;
  GtkSpinButton     *quality_spin;
  AdwComboRow       *model_row;
  AdwComboRow       *quant_row;
  AdwComboRow       *gpu_row;
  GtkWidget         *gpu_count_row;
  GtkSpinButton     *gpu_count_spin;
  GtkLabel          *error_label;
  GtkWidget         *delete_button;

  /* A name is only missing once the user has had a chance to type one:
   * after editing the field, or on Save. */
  gboolean           name_checked;

  /* The ids behind model_row's and gpu_row's choices; the first, NULL,
   * is "Not said". */
  GPtrArray         *model_ids;
  GPtrArray         *gpu_ids;
  SyModelCatalog    *catalog;
  /* The builds behind quant_row's choices after "Best that fits"; its
   * first, NULL, is that. */
  GPtrArray         *quants;
};

G_DEFINE_FINAL_TYPE (SyOptionDialog, sy_option_dialog, ADW_TYPE_WINDOW)

/* The id behind @row's choice; NULL for "Not said" (or before the row
 * has its choices). */
static const char *
selected_id (GPtrArray   *ids,
             AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  return ids != NULL && selected < ids->len ? g_ptr_array_index (ids, selected) : NULL;
}

static const char *
selected_quant (SyOptionDialog *self)
{
  return selected_id (self->quants, self->quant_row);
}

static SyInferenceKind
selected_kind (SyOptionDialog *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1 ? SY_INFERENCE_KIND_RENTED : SY_INFERENCE_KIND_LOCAL;
}

/* Builds what Save would store, so validation sees exactly that. The
 * fields of the other kind are hidden and keep the option's own figures:
 * a rented GPU has no watts to check, nor a bought box a rent. */
static SyInferenceOption *
build_candidate (SyOptionDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  SyInferenceKind kind = selected_kind (self);
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

  sy_inference_option_set_kind (candidate, kind);
  if (kind == SY_INFERENCE_KIND_RENTED)
    {
      sy_inference_option_set_rent_hourly_usd (candidate, gtk_spin_button_get_value (self->rent_hourly_spin));
      sy_inference_option_set_rent_hours_per_month (candidate, gtk_spin_button_get_value (self->rent_hours_spin));
    }
  else
    {
      sy_inference_option_set_setup_usd (candidate, gtk_spin_button_get_value (self->setup_spin));
      sy_inference_option_set_load_watts (candidate, gtk_spin_button_get_value (self->load_watts_spin));
      sy_inference_option_set_idle_watts (candidate, gtk_spin_button_get_value (self->idle_watts_spin));
      sy_inference_option_set_life_months (candidate, gtk_spin_button_get_value (self->life_spin));
      sy_inference_option_set_resale_share (candidate, gtk_spin_button_get_value (self->resale_spin) / 100);
    }
  sy_inference_option_set_monthly_usd (candidate, gtk_spin_button_get_value (self->monthly_spin));
  sy_inference_option_set_tokens_per_second (candidate, gtk_spin_button_get_value (self->tokens_spin));
  sy_inference_option_set_aggregate_tokens_per_second (candidate, gtk_spin_button_get_value (self->aggregate_spin));
  sy_inference_option_set_quality (candidate, gtk_spin_button_get_value (self->quality_spin));
  sy_inference_option_set_hardware (candidate,
                                    selected_id (self->model_ids, self->model_row),
                                    selected_quant (self),
                                    selected_id (self->gpu_ids, self->gpu_row),
                                    gtk_spin_button_get_value_as_int (self->gpu_count_spin));

  return candidate;
}

static GtkWidget *
field_in_error (SyOptionDialog *self)
{
  gboolean rented = selected_kind (self) == SY_INFERENCE_KIND_RENTED;
  struct {
    GtkWidget *field;
    gboolean   applies;
  } fields[] = {
    { GTK_WIDGET (self->name_row), TRUE },
    { GTK_WIDGET (self->setup_spin), !rented },
    { GTK_WIDGET (self->rent_hourly_spin), rented },
    { GTK_WIDGET (self->rent_hours_spin), rented },
    { GTK_WIDGET (self->monthly_spin), TRUE },
    { GTK_WIDGET (self->load_watts_spin), !rented },
    { GTK_WIDGET (self->idle_watts_spin), !rented },
    { GTK_WIDGET (self->life_spin), !rented },
    { GTK_WIDGET (self->resale_spin), !rented },
    { GTK_WIDGET (self->tokens_spin), TRUE },
    { GTK_WIDGET (self->aggregate_spin), TRUE },
    { GTK_WIDGET (self->quality_spin), TRUE },
    { GTK_WIDGET (self->gpu_count_spin), selected_id (self->gpu_ids, self->gpu_row) != NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].applies && sy_field_check_get_error (fields[i].field) != NULL)
      return fields[i].field;

  return NULL;
}

static const char *
idle_above_load_message (void)
{
  return _("Above the load watts: a box draws more when busy");
}

/* Idle above load is a mistake in the idle field, shown there rather than
 * as a sentence about the whole option; fixing either field clears it. */
static void
check_idle_below_load (SyOptionDialog *self)
{
  GtkWidget *idle = GTK_WIDGET (self->idle_watts_spin);
  gboolean above = selected_kind (self) == SY_INFERENCE_KIND_LOCAL &&
                   gtk_spin_button_get_value (self->idle_watts_spin) >
                   gtk_spin_button_get_value (self->load_watts_spin);
  const char *shown = sy_field_check_get_error (idle);

  if (above && shown == NULL)
    sy_field_check_set_error (idle, idle_above_load_message ());
  else if (!above && g_strcmp0 (shown, idle_above_load_message ()) == 0)
    sy_field_check_clear (idle);
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
  check_idle_below_load (self);

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
on_kind_changed_cb (SyOptionDialog *self)
{
  gboolean rented;

  if (self->name_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  /* A rent pays for the hardware and its power, so setup, watts and
   * life have nothing to say about a rented GPU. */
  rented = selected_kind (self) == SY_INFERENCE_KIND_RENTED;
  gtk_widget_set_visible (self->setup_row, !rented);
  gtk_widget_set_visible (self->hardware_group, !rented);
  gtk_widget_set_visible (self->rent_hourly_row, rented);
  gtk_widget_set_visible (self->rent_hours_row, rented);
  validate (self);
}

/* The builds the chosen model comes in, after "Best that fits"; @quant
 * chosen when it is one of them. Without a model there is no build to
 * choose. */
static void
fill_quants (SyOptionDialog *self,
             const char     *quant)
{
  const char *model_id = selected_id (self->model_ids, self->model_row);
  const SyCatalogModel *model = model_id != NULL ? sy_model_catalog_find (self->catalog, model_id) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->quants, 0);
  /* Translators: the build of a local option's model when none is named:
   * the deployment picks the most precise one that fits */
  gtk_string_list_append (names, _("Best that fits"));
  g_ptr_array_add (self->quants, NULL);
  for (guint i = 0; model != NULL && i < SY_N_QUANTS; i++)
    {
      if (!sy_catalog_model_has_quant (model, i))
        continue;
      if (g_strcmp0 (quant, sy_quant_to_string (i)) == 0)
        selected = self->quants->len;
      gtk_string_list_append (names, sy_quant_to_string (i));
      g_ptr_array_add (self->quants, (gpointer) sy_quant_to_string (i));
    }

  adw_combo_row_set_model (self->quant_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->quant_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->quant_row), model != NULL);
}

/* Another model has other builds: the choice starts again. */
static void
on_model_changed_cb (SyOptionDialog *self)
{
  if (self->name_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  fill_quants (self, NULL);
  validate (self);
}

/* A number of cards means something only once there is a card. */
static void
on_gpu_changed_cb (SyOptionDialog *self)
{
  if (self->name_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  gtk_widget_set_sensitive (self->gpu_count_row, selected_id (self->gpu_ids, self->gpu_row) != NULL);
  validate (self);
}

/* Ctrl+S right after typing a number saves that number, not the one the
 * field showed before (a click on Save commits it by taking the focus). */
static void
commit_typed_numbers (SyOptionDialog *self)
{
  GtkSpinButton *spins[] = {
    self->setup_spin, self->rent_hourly_spin, self->rent_hours_spin, self->monthly_spin,
    self->load_watts_spin, self->idle_watts_spin, self->life_spin, self->resale_spin,
    self->tokens_spin, self->aggregate_spin, self->quality_spin, self->gpu_count_spin,
  };

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    gtk_spin_button_update (spins[i]);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SyOptionDialog *self = SY_OPTION_DIALOG (widget);
  g_autoptr(SyInferenceOption) candidate = NULL;

  commit_typed_numbers (self);

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
      g_object_freeze_notify (G_OBJECT (self->option));
      sy_inference_option_set_name (self->option, sy_inference_option_get_name (candidate));
      sy_inference_option_set_kind (self->option, sy_inference_option_get_kind (candidate));
      sy_inference_option_set_setup_usd (self->option, sy_inference_option_get_setup_usd (candidate));
      sy_inference_option_set_rent_hourly_usd (self->option, sy_inference_option_get_rent_hourly_usd (candidate));
      sy_inference_option_set_rent_hours_per_month (self->option, sy_inference_option_get_rent_hours_per_month (candidate));
      sy_inference_option_set_load_watts (self->option, sy_inference_option_get_load_watts (candidate));
      sy_inference_option_set_idle_watts (self->option, sy_inference_option_get_idle_watts (candidate));
      sy_inference_option_set_life_months (self->option, sy_inference_option_get_life_months (candidate));
      sy_inference_option_set_resale_share (self->option, sy_inference_option_get_resale_share (candidate));
      sy_inference_option_set_monthly_usd (self->option, sy_inference_option_get_monthly_usd (candidate));
      sy_inference_option_set_tokens_per_second (self->option, sy_inference_option_get_tokens_per_second (candidate));
      sy_inference_option_set_aggregate_tokens_per_second (self->option,
                                                           sy_inference_option_get_aggregate_tokens_per_second (candidate));
      sy_inference_option_set_quality (self->option, sy_inference_option_get_quality (candidate));
      sy_inference_option_set_hardware (self->option, sy_inference_option_get_model_id (candidate),
                                        sy_inference_option_get_quant (candidate),
                                        sy_inference_option_get_gpu_id (candidate),
                                        sy_inference_option_get_gpu_count (candidate));
      g_object_thaw_notify (G_OBJECT (self->option));
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
  g_clear_pointer (&self->model_ids, g_ptr_array_unref);
  g_clear_pointer (&self->gpu_ids, g_ptr_array_unref);
  g_clear_pointer (&self->quants, g_ptr_array_unref);
  g_clear_object (&self->catalog);

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
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, setup_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, rent_hourly_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, rent_hours_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, hardware_group);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, setup_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, rent_hourly_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, rent_hours_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, monthly_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, load_watts_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, idle_watts_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, life_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, resale_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, aggregate_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, quality_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, quant_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, gpu_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, gpu_count_row);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, gpu_count_spin);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SyOptionDialog, delete_button);

  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_gpu_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_changed_cb);
  sy_field_check_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "option.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "option.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "option.save", NULL);
}

/* The catalogue's models that answer requests (not the embedding ones)
 * and the GPU table's cards, each after "Not said". */
static void
fill_hardware_choices (SyOptionDialog *self)
{
  SyModelCatalog *catalog = self->catalog;
  g_autoptr(SyGpuTable) gpus = sy_gpu_table_new_default ();
  g_autoptr(GtkStringList) model_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) gpu_names = gtk_string_list_new (NULL);

  self->model_ids = g_ptr_array_new_with_free_func (g_free);
  self->gpu_ids = g_ptr_array_new_with_free_func (g_free);
  /* Translators: the choice of model or GPU when the option does not name one */
  gtk_string_list_append (model_names, C_("runs on", "Not said"));
  g_ptr_array_add (self->model_ids, NULL);
  gtk_string_list_append (gpu_names, C_("runs on", "Not said"));
  g_ptr_array_add (self->gpu_ids, NULL);

  for (guint i = 0; i < sy_model_catalog_get_n_models (catalog); i++)
    {
      const SyCatalogModel *model = sy_model_catalog_get_model (catalog, i);

      if (g_strcmp0 (model->use_case, "embeddings") == 0)
        continue;
      gtk_string_list_append (model_names, model->name);
      g_ptr_array_add (self->model_ids, g_strdup (model->id));
    }
  for (guint i = 0; i < sy_gpu_table_get_n_gpus (gpus); i++)
    {
      const SyGpuSpec *gpu = sy_gpu_table_get_gpu (gpus, i);

      gtk_string_list_append (gpu_names, gpu->name);
      g_ptr_array_add (self->gpu_ids, g_strdup (gpu->id));
    }

  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (model_names));
  adw_combo_row_set_model (self->gpu_row, G_LIST_MODEL (gpu_names));
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  for (guint i = 1; id != NULL && i < ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
        return i;
    }

  return 0;
}

static void
sy_option_dialog_init (SyOptionDialog *self)
{
  self->catalog = sy_model_catalog_new_default ();
  self->quants = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_hardware_choices (self);
  fill_quants (self, NULL);
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
      adw_combo_row_set_selected (self->kind_row, sy_inference_option_get_kind (option) == SY_INFERENCE_KIND_RENTED ? 1 : 0);
      gtk_spin_button_set_value (self->setup_spin, sy_inference_option_get_setup_usd (option));
      gtk_spin_button_set_value (self->rent_hourly_spin, sy_inference_option_get_rent_hourly_usd (option));
      gtk_spin_button_set_value (self->rent_hours_spin, sy_inference_option_get_rent_hours_per_month (option));
      gtk_spin_button_set_value (self->monthly_spin, sy_inference_option_get_monthly_usd (option));
      gtk_spin_button_set_value (self->load_watts_spin, sy_inference_option_get_load_watts (option));
      gtk_spin_button_set_value (self->idle_watts_spin, sy_inference_option_get_idle_watts (option));
      gtk_spin_button_set_value (self->life_spin, sy_inference_option_get_life_months (option));
      gtk_spin_button_set_value (self->resale_spin, sy_inference_option_get_resale_share (option) * 100);
      gtk_spin_button_set_value (self->tokens_spin, sy_inference_option_get_tokens_per_second (option));
      gtk_spin_button_set_value (self->aggregate_spin, sy_inference_option_get_aggregate_tokens_per_second (option));
      gtk_spin_button_set_value (self->quality_spin, sy_inference_option_get_quality (option));
      adw_combo_row_set_selected (self->model_row, find_id (self->model_ids, sy_inference_option_get_model_id (option)));
      fill_quants (self, sy_inference_option_get_quant (option));
      adw_combo_row_set_selected (self->gpu_row, find_id (self->gpu_ids, sy_inference_option_get_gpu_id (option)));
      gtk_spin_button_set_value (self->gpu_count_spin, MAX (sy_inference_option_get_gpu_count (option), 1));
    }
  else
    {
      /* A plausible single-GPU box to start from. */
      gtk_spin_button_set_value (self->setup_spin, 2000);
      gtk_spin_button_set_value (self->rent_hourly_spin, 0.8);
      gtk_spin_button_set_value (self->rent_hours_spin, SY_INFERENCE_DEFAULT_RENT_HOURS);
      gtk_spin_button_set_value (self->monthly_spin, 0);
      gtk_spin_button_set_value (self->load_watts_spin, 450);
      gtk_spin_button_set_value (self->idle_watts_spin, 50);
      gtk_spin_button_set_value (self->tokens_spin, 60);
      gtk_spin_button_set_value (self->aggregate_spin, 60);
      gtk_spin_button_set_value (self->quality_spin, 0.8);
    }

  on_kind_changed_cb (self);
  on_gpu_changed_cb (self);

  /* Built-in options come back with "Reset"; deleting is for your own. */
  gtk_widget_set_visible (self->delete_button, option != NULL && !sy_inference_option_get_builtin (option));

  /* The fields' handlers have checked each change above; with no change
   * (a new option's defaults), the form is checked here. */
  validate (self);

  return GTK_WIDGET (self);
}
