/* sy-confirm.c: ask before something that cannot be undone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sy-confirm.h"

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                GtkWidget        *widget)
{
  SyConfirmFunc func = g_object_get_data (G_OBJECT (dialog), "sy-confirm-func");
  const char *confirm = g_object_get_data (G_OBJECT (dialog), "sy-confirm-response");

  func (widget, g_strcmp0 (response, confirm) == 0);
}

void
sy_confirm_destructive (GtkWidget     *widget,
                        const char    *heading,
                        const char    *body,
                        const char    *response,
                        const char    *label,
                        SyConfirmFunc  func)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (response != NULL && label != NULL && func != NULL);

  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "sy-confirm-func", func);
  g_object_set_data_full (G_OBJECT (dialog), "sy-confirm-response", g_strdup (response), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
