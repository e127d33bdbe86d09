/* sy-price-update-dialog.c: shows a price refresh's changes before they apply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sy-format.h"
#include "sy-price-update-dialog.h"
#include "sy-tooltip.h"

struct _SyPriceUpdateDialog
{
  AdwWindow             parent_instance;

  SyPriceUpdate        *update;
  char                 *summary;
  GPtrArray            *rows;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkLabel             *summary_label;
  AdwPreferencesGroup  *changes_group;
};

G_DEFINE_FINAL_TYPE (SyPriceUpdateDialog, sy_price_update_dialog, ADW_TYPE_WINDOW)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary functions */

/* "$0.075", not "$0.08": as many decimals as the price has. */
static char *
format_price (double per_million)
{
  guint decimals = 2;

  if (per_million < 0)
    return g_strdup (C_("price", "none"));

  while (decimals < 6 &&
         fabs (per_million * pow (10, decimals) - round (per_million * pow (10, decimals))) > 1e-6)
    decimals++;

  return sy_format_usd (per_million, decimals);
}

/* "$0.15 → $0.20" where it moved, "$0.20" where it did not. */
static char *
format_move (double old_value,
             double new_value)
{
  g_autofree char *now = format_price (new_value);
  g_autofree char *before = NULL;

  if (old_value == new_value)
    return g_steal_pointer (&now);

  before = format_price (old_value);
  /* Translators: an old price and the new one */
  return g_strdup_printf (_("%s → %s"), before, now);
}

static char *
format_change (const SyPriceChange *change)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  const SyPrice *old_price = &change->old_price;
  const SyPrice *new_price = &change->new_price;

  if (change->kind == SY_PRICE_CHANGE_ADDED)
    {
      input = format_price (new_price->input_per_million);
      output = format_price (new_price->output_per_million);
      /* Translators: a model a price refresh adds, e.g. "New · $1.00 in · $4.00 out per 1M tokens" */
      return g_strdup_printf (_("New · %s in · %s out per 1M tokens"), input, output);
    }

  input = format_move (old_price->input_per_million, new_price->input_per_million);
  output = format_move (old_price->output_per_million, new_price->output_per_million);

  if (old_price->cached_input_per_million != new_price->cached_input_per_million)
    {
      g_autofree char *cached = format_move (old_price->cached_input_per_million,
                                             new_price->cached_input_per_million);

      /* Translators: e.g. "$0.15 → $0.20 in · $0.60 out · $0.075 → $0.10 cached per 1M tokens" */
      return g_strdup_printf (_("%s in · %s out · %s cached per 1M tokens"), input, output, cached);
    }

  /* Translators: e.g. "$0.15 → $0.20 in · $0.60 → $0.80 out per 1M tokens" */
  return g_strdup_printf (_("%s in · %s out per 1M tokens"), input, output);
}

static void
fill (SyPriceUpdateDialog *self)
{
  g_autofree char *added = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *unchanged = NULL;
  g_autofree char *kept = NULL;
  guint n = sy_price_update_get_n_items (self->update);

  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added",
                                        sy_price_update_get_n_added (self->update)),
                           sy_price_update_get_n_added (self->update));
  changed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed",
                                          sy_price_update_get_n_changed (self->update)),
                             sy_price_update_get_n_changed (self->update));
  unchanged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unchanged", "%u unchanged",
                                            sy_price_update_get_n_unchanged (self->update)),
                               sy_price_update_get_n_unchanged (self->update));
  kept = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of yours kept", "%u of yours kept",
                                       sy_price_update_get_n_kept_user (self->update)),
                          sy_price_update_get_n_kept_user (self->update));
  /* Translators: the four counts of a price refresh, joined */
  self->summary = g_strdup_printf (_("%s, %s, %s, %s."), added, changed, unchanged, kept);
  gtk_label_set_text (self->summary_label, self->summary);

  if (sy_price_update_get_source (self->update) != NULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: %s is a date */
      subtitle = g_strdup_printf (_("Current as of %s"), sy_price_update_get_as_of (self->update));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      sy_tooltip_set_text (GTK_WIDGET (self->window_title),
                                   sy_price_update_get_source (self->update));
    }

  for (guint i = 0; i < n; i++)
    {
      const SyPriceChange *change = sy_price_update_get_item (self->update, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (change->kind == SY_PRICE_CHANGE_UNCHANGED)
        break;

      subtitle = format_change (change);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->model);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->changes_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), self->rows->len > 0);
}

/* Actions */

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SyPriceUpdateDialog *self = SY_PRICE_UPDATE_DIALOG (widget);

  g_signal_emit (self, signals[APPLY], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* Overrides */

static void
sy_price_update_dialog_dispose (GObject *object)
{
  SyPriceUpdateDialog *self = SY_PRICE_UPDATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_PRICE_UPDATE_DIALOG);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->update);

  G_OBJECT_CLASS (sy_price_update_dialog_parent_class)->dispose (object);
}

static void
sy_price_update_dialog_finalize (GObject *object)
{
  SyPriceUpdateDialog *self = SY_PRICE_UPDATE_DIALOG (object);

  g_free (self->summary);

  G_OBJECT_CLASS (sy_price_update_dialog_parent_class)->finalize (object);
}

static void
sy_price_update_dialog_class_init (SyPriceUpdateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_price_update_dialog_dispose;
  object_class->finalize = sy_price_update_dialog_finalize;

  /**
   * SyPriceUpdateDialog::apply:
   *
   * The user accepted the changes; the dialog closes right after.
   */
  signals[APPLY] =
    g_signal_new ("apply",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-price-update-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SyPriceUpdateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SyPriceUpdateDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SyPriceUpdateDialog, changes_group);

  gtk_widget_class_install_action (widget_class, "update.apply", NULL, apply_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sy_price_update_dialog_init (SyPriceUpdateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
}

/* Public API */

GtkWidget *
sy_price_update_dialog_new (SyPriceUpdate *update)
{
  SyPriceUpdateDialog *self;

  g_return_val_if_fail (SY_IS_PRICE_UPDATE (update), NULL);

  self = g_object_new (SY_TYPE_PRICE_UPDATE_DIALOG, NULL);
  self->update = g_object_ref (update);
  fill (self);

  return GTK_WIDGET (self);
}

SyPriceUpdate *
sy_price_update_dialog_get_update (SyPriceUpdateDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE_DIALOG (self), NULL);

  return self->update;
}

const char *
sy_price_update_dialog_get_summary (SyPriceUpdateDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE_DIALOG (self), NULL);

  return self->summary;
}

GPtrArray *
sy_price_update_dialog_dup_rows (SyPriceUpdateDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICE_UPDATE_DIALOG (self), NULL);

  return g_ptr_array_ref (self->rows);
}
