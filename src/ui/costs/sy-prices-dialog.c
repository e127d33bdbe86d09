/* sy-prices-dialog.c: view, add, edit and import API prices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-cost-model.h"
#include "sy-cost-settings.h"
#include "sy-field-check.h"
#include "sy-price-refresh.h"
#include "sy-price-update-dialog.h"
#include "sy-prices-dialog-private.h"
#include "sy-prices-dialog-row.h"
#include "sy-toast.h"

struct _SyPricesDialog
{
  AdwWindow           parent_instance;

  SyPriceTable       *prices;
  /* The shipped table, to tell a user's override of a shipped model
   * (which can be restored) from a model only the user knows (removable). */
  SyPriceTable       *shipped;
  char               *prices_path;

  /* GtkListItems currently showing a model, refreshed when prices change
   * without the list of ids changing. */
  GHashTable         *bound_items;

  GCancellable       *cancellable;

  /* The running refresh, if any, and where it downloads from (NULL for
   * LiteLLM's published list and the user cache dir). */
  SyPriceRefresh     *refresh;
  GCancellable       *refresh_cancellable;
  char               *refresh_url;
  char               *refresh_cache_dir;
  SyPriceUpdateDialog *update_dialog;   /* weak */

  /* What the last Remove took away, for its toast's Undo. */
  char               *removed_model;
  SyPrice             removed_price;

  char               *last_error;
  char               *last_toast;

  /* Template widgets */
  GtkStringList      *models;
  GtkStringFilter    *filter;
  GtkFilterListModel *filtered;
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *refresh_box;
  GtkProgressBar     *refresh_progress;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwEntryRow        *model_row;
  gboolean            model_typed;
  GtkSpinButton      *input_spin;
  GtkSpinButton      *output_spin;
  GtkSwitch          *free_switch;
  GtkButton          *add_button;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (SyPricesDialog, sy_prices_dialog, ADW_TYPE_WINDOW)

#define ZERO_INPUT_MESSAGE  N_("Enter the input price, or switch on “Free model”")
#define ZERO_OUTPUT_MESSAGE N_("Enter the output price, or switch on “Free model”")

/* Auxiliary functions */

static char *
dup_model_text (SyPricesDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_row))));
}

static AdwToast *
show_toast (SyPricesDialog *self,
            const char     *title)
{
  AdwToast *toast = sy_toast_new (title);

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  return toast;
}

static void
show_error_dialog (SyPricesDialog *self,
                   const char     *heading,
                   const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  g_free (self->last_error);
  self->last_error = g_strdup (body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_form_error (SyPricesDialog *self,
                const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The change is already in the table; a failed write only risks losing it
 * when the app stops, which the user has to know about. */
static void
save_prices (SyPricesDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!sy_cost_settings_save_prices (self->prices, self->prices_path, &error))
    show_error_dialog (self, _("Could Not Save Your Prices"), error->message);
}

static gboolean
form_has_field_error (SyPricesDialog *self)
{
  return sy_field_check_get_error (GTK_WIDGET (self->model_row)) != NULL ||
         sy_field_check_get_error (GTK_WIDGET (self->input_spin)) != NULL ||
         sy_field_check_get_error (GTK_WIDGET (self->output_spin)) != NULL;
}

static void
update_form (SyPricesDialog *self)
{
  g_autofree char *model = NULL;
  gboolean empty;

  /* A spin button in error that loses the focus as the dialog closes
   * checks its text once more. */
  if (self->model_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  model = dup_model_text (self);
  empty = model[0] == '\0';
  gtk_button_set_label (self->add_button,
                        sy_price_table_contains (self->prices, model) ? _("_Save") : _("_Add"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prices.add", !empty && !form_has_field_error (self));
}

static void
update_row (SyPricesDialog *self,
            GtkListItem    *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    sy_prices_row_update (gtk_list_item_get_child (list_item), self->prices, self->shipped,
                          gtk_string_object_get_string (item));
}

/* Splices only the ids that differ, so adding or removing one price keeps
 * the list where the user scrolled it instead of rebuilding ~1,500 rows. */
static void
sync_models (SyPricesDialog *self)
{
  g_auto(GStrv) ids = sy_price_table_dup_models (self->prices);
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->models));
  guint n_new = g_strv_length (ids);
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < n_old && prefix < n_new &&
         g_str_equal (gtk_string_list_get_string (self->models, prefix), ids[prefix]))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         g_str_equal (gtk_string_list_get_string (self->models, n_old - 1 - suffix),
                      ids[n_new - 1 - suffix]))
    suffix++;

  for (guint i = prefix; i < n_new - suffix; i++)
    g_ptr_array_add (added, ids[i]);
  g_ptr_array_add (added, NULL);

  if (n_old - prefix - suffix > 0 || added->len > 1)
    gtk_string_list_splice (self->models, prefix, n_old - prefix - suffix,
                            (const char * const *) added->pdata);
}

static void
fill_form (SyPricesDialog *self,
           const char     *model)
{
  SyPrice price;

  if (!sy_price_table_lookup (self->prices, model, &price, NULL))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model);
  gtk_switch_set_active (self->free_switch, price.input_per_million == 0 && price.output_per_million == 0);
  gtk_spin_button_set_value (self->input_spin, price.input_per_million);
  gtk_spin_button_set_value (self->output_spin, price.output_per_million);
  set_form_error (self, NULL);
  gtk_widget_grab_focus (gtk_switch_get_active (self->free_switch) ? GTK_WIDGET (self->free_switch)
                                                                   : GTK_WIDGET (self->input_spin));
}

static char *
format_import_toast (guint n_imported,
                     guint n_kept)
{
  g_autofree char *imported = NULL;
  g_autofree char *kept = NULL;

  /* Translators: first part of "Imported 812 prices; kept 2 of yours" */
  imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Imported %u price",
                                           "Imported %u prices",
                                           n_imported),
                              n_imported);
  if (n_kept == 0)
    return g_steal_pointer (&imported);

  /* Translators: second part of "Imported 812 prices; kept 2 of yours":
   * prices the user typed in, which an import never replaces */
  kept = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "kept %u of yours",
                                       "kept %u of yours",
                                       n_kept),
                          n_kept);

  /* Translators: joins "Imported 812 prices" and "kept 2 of yours" */
  return g_strdup_printf (_("%s; %s"), imported, kept);
}

/* The table's date under the title, so a stale table shows at a glance. */
static void
update_title (SyPricesDialog *self)
{
  g_autofree char *as_of = sy_price_table_dup_newest_as_of (self->prices);
  g_autofree char *subtitle = NULL;

  if (as_of != NULL)
    /* Translators: subtitle of the API Prices dialog; %s is a date like 2025-12-05 */
    subtitle = g_strdup_printf (_("Prices as of %s"), as_of);

  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

/* Callbacks */

static void
on_prices_changed_cb (SyPriceTable   *prices,
                      SyPricesDialog *self)
{
  GHashTableIter iter;
  gpointer list_item;

  sync_models (self);
  update_title (self);

  g_hash_table_iter_init (&iter, self->bound_items);
  while (g_hash_table_iter_next (&iter, &list_item, NULL))
    update_row (self, list_item);

  update_form (self);
}

static void
on_filtered_items_changed_cb (GListModel     *model,
                              guint           position,
                              guint           removed,
                              guint           added,
                              SyPricesDialog *self)
{
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (model) > 0 ? "list" : "empty");
}

static void
on_search_changed_cb (GtkSearchEntry *entry,
                      SyPricesDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->filter, text[0] != '\0' ? text : NULL);
}

/* Escape in the search field clears it first, as in other GNOME apps,
 * and closes the dialog when there is nothing to clear. */
static void
on_stop_search_cb (GtkSearchEntry *entry,
                   SyPricesDialog *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_model_row_changed_cb (SyPricesDialog *self)
{
  g_autofree char *model = dup_model_text (self);

  /* A blank form is not an error; a name typed and then erased is. */
  if (model[0] != '\0')
    self->model_typed = TRUE;
  if (self->model_typed)
    sy_field_check_validate (GTK_WIDGET (self->model_row), sy_field_check_required (model));

  set_form_error (self, NULL);
  update_form (self);
}

static void
clear_model_row (SyPricesDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), "");
  self->model_typed = FALSE;
  sy_field_check_clear (GTK_WIDGET (self->model_row));
  update_form (self);
}

/* Clears the messages add_action() shows for 0 / 0, not a message about
 * text that is not a price. */
static void
clear_zero_price_errors (SyPricesDialog *self)
{
  if (g_strcmp0 (sy_field_check_get_error (GTK_WIDGET (self->input_spin)), _(ZERO_INPUT_MESSAGE)) == 0)
    sy_field_check_clear (GTK_WIDGET (self->input_spin));
  if (g_strcmp0 (sy_field_check_get_error (GTK_WIDGET (self->output_spin)), _(ZERO_OUTPUT_MESSAGE)) == 0)
    sy_field_check_clear (GTK_WIDGET (self->output_spin));
}

static void
on_free_switch_active_cb (SyPricesDialog *self)
{
  if (self->model_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  /* Free is 0 / 0, whatever was typed, even text in error; the figures
   * wait, insensitive, until the switch is off again. */
  if (gtk_switch_get_active (self->free_switch))
    {
      GtkSpinButton *spins[] = { self->input_spin, self->output_spin };

      for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
        {
          gtk_editable_set_text (GTK_EDITABLE (spins[i]), "0");
          gtk_spin_button_update (spins[i]);
        }
    }
  else
    {
      clear_zero_price_errors (self);
    }

  set_form_error (self, NULL);
  update_form (self);
}

static void
on_price_value_changed_cb (SyPricesDialog *self)
{
  if (self->model_row == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  /* One price above zero answers both messages. */
  if (gtk_spin_button_get_value (self->input_spin) != 0 ||
      gtk_spin_button_get_value (self->output_spin) != 0)
    clear_zero_price_errors (self);
}

static void
on_model_row_activated_cb (SyPricesDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prices.add", NULL);
}

static void
on_list_view_activate_cb (GtkListView    *list_view,
                          guint           position,
                          SyPricesDialog *self)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    fill_form (self, gtk_string_object_get_string (item));
}

static void
on_setup_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 SyPricesDialog           *self)
{
  gtk_list_item_set_child (list_item, sy_prices_row_new ());
}

static void
on_bind_row_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                SyPricesDialog           *self)
{
  g_hash_table_add (self->bound_items, list_item);
  update_row (self, list_item);
}

static void
on_unbind_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  SyPricesDialog           *self)
{
  g_hash_table_remove (self->bound_items, list_item);
}

static void
on_load_contents_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GWeakRef *weak_self = user_data;
  g_autoptr(SyPricesDialog) self = g_weak_ref_get (weak_self);
  GFile *file = G_FILE (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *file_line = NULL;
  g_autofree char *body = NULL;
  gsize length = 0;
  gboolean loaded;

  g_weak_ref_clear (weak_self);
  g_free (weak_self);

  loaded = g_file_load_contents_finish (file, result, &contents, &length, NULL, &error);

  /* Closed meanwhile: an import the user cannot see happen is not done. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (loaded && sy_prices_dialog_import_data (self, contents, length, &error))
    return;

  basename = g_file_get_basename (file);
  /* Translators: %s is a file name */
  file_line = g_strdup_printf (_("File: %s"), basename);
  body = g_strdup_printf ("%s\n\n%s", error->message, file_line);
  show_error_dialog (self, _("Could Not Import Prices"), body);
}

static void
on_import_response_cb (GtkNativeDialog *native,
                       int              response,
                       SyPricesDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  if (file != NULL)
    sy_prices_dialog_import_file (self, file);

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* Refresh */

static void
set_refreshing (SyPricesDialog *self,
                gboolean        refreshing)
{
  gtk_widget_set_visible (self->refresh_box, refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prices.refresh", !refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prices.cancel-refresh", refreshing);
}

static void
on_refresh_received_cb (SyPriceRefresh *refresh,
                        GParamSpec     *pspec,
                        SyPricesDialog *self)
{
  guint64 received = sy_price_refresh_get_received (refresh);
  gint64 expected = sy_price_refresh_get_expected (refresh);
  g_autofree char *size = g_format_size (received);
  g_autofree char *text = NULL;

  if (expected > 0)
    gtk_progress_bar_set_fraction (self->refresh_progress, MIN (1.0, (double) received / (double) expected));
  else
    gtk_progress_bar_pulse (self->refresh_progress);

  /* Translators: %s is an amount of data such as "1.2 MB" */
  text = g_strdup_printf (_("Downloading prices… %s"), size);
  gtk_progress_bar_set_text (self->refresh_progress, text);
}

static void
on_update_apply_cb (SyPriceUpdateDialog *dialog,
                    SyPricesDialog      *self)
{
  g_autofree char *toast = NULL;
  guint n_written;

  n_written = sy_price_update_apply (sy_price_update_dialog_get_update (dialog), self->prices);
  save_prices (self);

  toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Applied %u price", "Applied %u prices", n_written),
                           n_written);
  show_toast (self, toast);
}

static void
show_update (SyPricesDialog *self,
             SyPriceUpdate  *update)
{
  GtkWidget *dialog;

  if (sy_price_update_is_empty (update))
    {
      show_toast (self, _("Prices are up to date"));
      return;
    }

  dialog = sy_price_update_dialog_new (update);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "apply", G_CALLBACK (on_update_apply_cb), self, 0);

  g_clear_weak_pointer (&self->update_dialog);
  g_set_weak_pointer (&self->update_dialog, SY_PRICE_UPDATE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_refresh_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SyPricesDialog) self = user_data;
  g_autoptr(SyPriceUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  update = sy_price_refresh_run_finish (SY_PRICE_REFRESH (source), result, &error);

  g_signal_handlers_disconnect_by_func (source, on_refresh_received_cb, self);
  g_clear_object (&self->refresh);
  g_clear_object (&self->refresh_cancellable);

  /* Closed meanwhile: nothing to show to anyone. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->prices == NULL)
    return;

  set_refreshing (self, FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_toast (self, _("Refresh cancelled; prices unchanged"));
      return;
    }

  if (update == NULL)
    {
      body = g_strdup_printf ("%s\n\n%s", error->message, _("Your prices stay as they were."));
      show_error_dialog (self, _("Could Not Refresh Prices"), body);
      return;
    }

  show_update (self, update);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);
  g_autofree char *model = dup_model_text (self);
  g_autofree char *toast = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed;

  if (!sy_field_check_validate (GTK_WIDGET (self->model_row), sy_field_check_required (model)))
    return;

  /* A figure still being typed counts, as it does on screen; one that is
   * not a price stops here with its error shown, the table untouched. */
  gtk_spin_button_update (self->input_spin);
  gtk_spin_button_update (self->output_spin);
  if (form_has_field_error (self))
    return;

  /* An empty form reads 0 / 0: a free model only when the user says so,
   * else every comparison would quietly get a free API. */
  if (!gtk_switch_get_active (self->free_switch) &&
      gtk_spin_button_get_value (self->input_spin) == 0 &&
      gtk_spin_button_get_value (self->output_spin) == 0)
    {
      sy_field_check_set_error (GTK_WIDGET (self->input_spin), _(ZERO_INPUT_MESSAGE));
      sy_field_check_set_error (GTK_WIDGET (self->output_spin), _(ZERO_OUTPUT_MESSAGE));
      gtk_widget_grab_focus (GTK_WIDGET (self->input_spin));
      return;
    }

  existed = sy_price_table_contains (self->prices, model);
  if (!sy_price_table_set (self->prices, model,
                           gtk_spin_button_get_value (self->input_spin),
                           gtk_spin_button_get_value (self->output_spin),
                           SY_PRICE_ORIGIN_USER, &error))
    {
      set_form_error (self, error->message);
      return;
    }

  set_form_error (self, NULL);
  save_prices (self);

  toast = g_strdup_printf (existed ? _("Saved the price of “%s”") : _("Added “%s”"), model);
  show_toast (self, toast);

  clear_model_row (self);
  gtk_switch_set_active (self->free_switch, FALSE);
  gtk_spin_button_set_value (self->input_spin, 0);
  gtk_spin_button_set_value (self->output_spin, 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);
  const char *model = g_variant_get_string (parameter, NULL);
  g_autofree char *title = NULL;
  AdwToast *toast;
  SyPrice price;

  if (!sy_price_table_lookup (self->prices, model, &price, NULL) ||
      price.origin == SY_PRICE_ORIGIN_BUILTIN ||
      sy_price_table_contains (self->shipped, model))
    return;

  g_free (self->removed_model);
  self->removed_model = g_strdup (model);
  self->removed_price = price;

  sy_price_table_remove (self->prices, model);
  save_prices (self);

  title = g_strdup_printf (_("Removed “%s”"), model);
  toast = show_toast (self, title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "prices.undo-remove");
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);
  g_autofree char *model = g_steal_pointer (&self->removed_model);

  /* Added again meanwhile: what the user typed since wins. */
  if (model == NULL || sy_price_table_contains (self->prices, model))
    return;

  if (sy_price_table_set (self->prices, model,
                          self->removed_price.input_per_million,
                          self->removed_price.output_per_million,
                          self->removed_price.origin, NULL))
    save_prices (self);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);
  const char *model = g_variant_get_string (parameter, NULL);
  g_autofree char *title = NULL;
  SyPrice shipped;

  if (!sy_price_table_lookup (self->shipped, model, &shipped, NULL) ||
      !sy_price_table_set (self->prices, model,
                           shipped.input_per_million, shipped.output_per_million,
                           SY_PRICE_ORIGIN_BUILTIN, NULL))
    return;

  save_prices (self);

  title = g_strdup_printf (_("Restored the shipped price of “%s”"), model);
  show_toast (self, title);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Import Prices"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  gtk_file_filter_set_name (filter, _("LiteLLM price list"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  g_signal_connect_object (native, "response", G_CALLBACK (on_import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);

  if (self->refresh != NULL)
    return;

  self->refresh = sy_price_refresh_new (self->refresh_url, self->refresh_cache_dir);
  self->refresh_cancellable = g_cancellable_new ();
  g_signal_connect (self->refresh, "notify::received", G_CALLBACK (on_refresh_received_cb), self);

  gtk_progress_bar_set_fraction (self->refresh_progress, 0);
  gtk_progress_bar_set_text (self->refresh_progress, _("Connecting…"));
  set_refreshing (self, TRUE);

  sy_price_refresh_run_async (self->refresh, self->prices, self->refresh_cancellable,
                              on_refresh_done_cb, g_object_ref (self));
}

static void
cancel_refresh_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);

  g_cancellable_cancel (self->refresh_cancellable);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Overrides */

static void
sy_prices_dialog_dispose (GObject *object)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->refresh_cancellable);
  g_clear_weak_pointer (&self->update_dialog);

  /* Unbinds the rows now, while bound_items is there for them. */
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_PRICES_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->bound_items, g_hash_table_unref);
  g_clear_object (&self->prices);
  g_clear_object (&self->shipped);

  G_OBJECT_CLASS (sy_prices_dialog_parent_class)->dispose (object);
}

static void
sy_prices_dialog_finalize (GObject *object)
{
  SyPricesDialog *self = SY_PRICES_DIALOG (object);

  g_free (self->prices_path);
  g_free (self->removed_model);
  g_free (self->last_error);
  g_free (self->last_toast);
  g_free (self->refresh_url);
  g_free (self->refresh_cache_dir);

  G_OBJECT_CLASS (sy_prices_dialog_parent_class)->finalize (object);
}

static void
sy_prices_dialog_class_init (SyPricesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_prices_dialog_dispose;
  object_class->finalize = sy_prices_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-prices-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, models);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, filter);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, filtered);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, refresh_box);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, refresh_progress);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, input_spin);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, output_spin);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, free_switch);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SyPricesDialog, error_label);

  gtk_widget_class_bind_template_callback (widget_class, on_filtered_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_free_switch_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_price_value_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_unbind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_form);
  /* Zero is a valid price (local and free models cost nothing per token),
   * but both at zero needs the Free switch: see add_action(). */
  sy_field_check_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "prices.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "prices.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "prices.undo-remove", NULL, undo_remove_action);
  gtk_widget_class_install_action (widget_class, "prices.restore", "s", restore_action);
  gtk_widget_class_install_action (widget_class, "prices.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "prices.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "prices.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "prices.cancel-refresh", NULL, cancel_refresh_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "prices.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "prices.import", NULL);
}

static void
sy_prices_dialog_init (SyPricesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->bound_items = g_hash_table_new (NULL, NULL);
  self->shipped = sy_price_table_new_default ();

  /* The list is a card, like a boxed list; "view" would paint over the
   * card's background in the dark style. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->list_view), "view");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prices.add", FALSE);
  set_refreshing (self, FALSE);

  /* With hundreds of imported models, finding one is the first thing to do. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));
}

/* Public API */

GtkWidget *
sy_prices_dialog_new (SyPriceTable *prices,
                      const char   *prices_path)
{
  SyPricesDialog *self;

  g_return_val_if_fail (SY_IS_PRICE_TABLE (prices), NULL);
  g_return_val_if_fail (prices_path != NULL, NULL);

  self = g_object_new (SY_TYPE_PRICES_DIALOG, NULL);
  self->prices = g_object_ref (prices);
  self->prices_path = g_strdup (prices_path);

  g_signal_connect_object (prices, "changed", G_CALLBACK (on_prices_changed_cb), self, 0);
  sync_models (self);
  update_title (self);
  update_form (self);

  return GTK_WIDGET (self);
}

gboolean
sy_prices_dialog_import_data (SyPricesDialog  *self,
                              const char      *data,
                              gsize            length,
                              GError         **error)
{
  g_autofree char *toast = NULL;
  guint n_imported = 0;
  guint n_kept = 0;

  g_return_val_if_fail (SY_IS_PRICES_DIALOG (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (length <= G_MAXSSIZE, FALSE);

  if (!sy_price_table_import_litellm (self->prices, data, (gssize) length,
                                      &n_imported, &n_kept, error))
    return FALSE;

  save_prices (self);

  toast = format_import_toast (n_imported, n_kept);
  show_toast (self, toast);

  return TRUE;
}

void
sy_prices_dialog_import_file (SyPricesDialog *self,
                              GFile          *file)
{
  GWeakRef *weak_self;

  g_return_if_fail (SY_IS_PRICES_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Weakly, so closing the dialog disposes it and cancels the read. */
  weak_self = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak_self, self);

  /* LiteLLM's list is a few MB: read it off the main thread. */
  g_file_load_contents_async (file, self->cancellable, on_load_contents_cb, weak_self);
}

GtkSearchEntry *
sy_prices_dialog_get_search_entry (SyPricesDialog *self)
{
  return self->search_entry;
}

GtkListView *
sy_prices_dialog_get_list_view (SyPricesDialog *self)
{
  return self->list_view;
}

GListModel *
sy_prices_dialog_get_visible_models (SyPricesDialog *self)
{
  return G_LIST_MODEL (self->filtered);
}

AdwEntryRow *
sy_prices_dialog_get_model_row (SyPricesDialog *self)
{
  return self->model_row;
}

GtkSpinButton *
sy_prices_dialog_get_input_spin (SyPricesDialog *self)
{
  return self->input_spin;
}

GtkSpinButton *
sy_prices_dialog_get_output_spin (SyPricesDialog *self)
{
  return self->output_spin;
}

GtkSwitch *
sy_prices_dialog_get_free_switch (SyPricesDialog *self)
{
  return self->free_switch;
}

GtkButton *
sy_prices_dialog_get_add_button (SyPricesDialog *self)
{
  return self->add_button;
}

const char *
sy_prices_dialog_get_form_error (SyPricesDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

const char *
sy_prices_dialog_get_last_error (SyPricesDialog *self)
{
  return self->last_error;
}

const char *
sy_prices_dialog_get_last_toast (SyPricesDialog *self)
{
  return self->last_toast;
}

AdwWindowTitle *
sy_prices_dialog_get_window_title (SyPricesDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICES_DIALOG (self), NULL);

  return self->window_title;
}

void
sy_prices_dialog_set_refresh_source (SyPricesDialog *self,
                                     const char     *url,
                                     const char     *cache_dir)
{
  g_return_if_fail (SY_IS_PRICES_DIALOG (self));

  g_free (self->refresh_url);
  self->refresh_url = g_strdup (url);
  g_free (self->refresh_cache_dir);
  self->refresh_cache_dir = g_strdup (cache_dir);
}

gboolean
sy_prices_dialog_get_refreshing (SyPricesDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICES_DIALOG (self), FALSE);

  return self->refresh != NULL;
}

GtkProgressBar *
sy_prices_dialog_get_refresh_progress (SyPricesDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICES_DIALOG (self), NULL);

  return self->refresh_progress;
}

SyPriceUpdateDialog *
sy_prices_dialog_get_update_dialog (SyPricesDialog *self)
{
  g_return_val_if_fail (SY_IS_PRICES_DIALOG (self), NULL);

  return self->update_dialog;
}
