/* sy-prices-dialog-private.h: what tests may reach inside SyPricesDialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-price-update-dialog.h"
#include "sy-prices-dialog.h"

G_BEGIN_DECLS

/* What the Import button does once the file is read: import, save, toast.
 * FALSE with @error when the data is not a usable LiteLLM list (the table
 * is then unchanged). A failed save does not fail the import: it is shown
 * like any other failed save (see sy_prices_dialog_get_last_error()). */
gboolean        sy_prices_dialog_import_data        (SyPricesDialog  *self,
                                                     const char      *data,
                                                     gsize            length,
                                                     GError         **error);

/* What the Import button does with the chosen file: reads it without
 * blocking, then imports as above or shows why it could not. */
void            sy_prices_dialog_import_file        (SyPricesDialog  *self,
                                                     GFile           *file);

GtkSearchEntry *sy_prices_dialog_get_search_entry   (SyPricesDialog  *self);
GtkListView    *sy_prices_dialog_get_list_view      (SyPricesDialog  *self);
/* The model ids the list shows, after the search filter: GtkStringObjects. */
GListModel     *sy_prices_dialog_get_visible_models (SyPricesDialog  *self);
AdwEntryRow    *sy_prices_dialog_get_model_row      (SyPricesDialog  *self);
GtkSpinButton  *sy_prices_dialog_get_input_spin     (SyPricesDialog  *self);
GtkSpinButton  *sy_prices_dialog_get_output_spin    (SyPricesDialog  *self);
/* On: the model is free, added at 0 / 0; off, 0 / 0 is refused. */
GtkSwitch      *sy_prices_dialog_get_free_switch    (SyPricesDialog  *self);
GtkButton      *sy_prices_dialog_get_add_button     (SyPricesDialog  *self);
/* The inline error under the form; NULL while there is none. */
const char     *sy_prices_dialog_get_form_error     (SyPricesDialog  *self);
/* The body of the last failure dialog (import or save); NULL if none. */
const char     *sy_prices_dialog_get_last_error     (SyPricesDialog  *self);
/* Where Refresh downloads from: NULL for LiteLLM's list and the user
 * cache dir. */
void            sy_prices_dialog_set_refresh_source (SyPricesDialog  *self,
                                                     const char      *url,
                                                     const char      *cache_dir);
/* A download is running (the progress bar and Cancel show). */
gboolean        sy_prices_dialog_get_refreshing     (SyPricesDialog  *self);
GtkProgressBar *sy_prices_dialog_get_refresh_progress (SyPricesDialog *self);
/* The review of the last refresh while it is open, else NULL. */
SyPriceUpdateDialog *sy_prices_dialog_get_update_dialog (SyPricesDialog *self);
/* The header's title: its subtitle gives the table's date. */
AdwWindowTitle *sy_prices_dialog_get_window_title   (SyPricesDialog  *self);
/* The title of the last toast shown; NULL if none. */
const char     *sy_prices_dialog_get_last_toast     (SyPricesDialog  *self);

G_END_DECLS
