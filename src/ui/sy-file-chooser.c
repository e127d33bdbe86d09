/* sy-file-chooser.c: where file dialogs start, and opening one file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-file-chooser.h"

GFile *
sy_file_chooser_dup_save_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);

  return g_file_new_for_path (g_get_home_dir ());
}

void
sy_file_chooser_start_in_documents (GtkFileChooser *chooser)
{
  g_autoptr(GFile) folder = sy_file_chooser_dup_save_folder ();
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GTK_IS_FILE_CHOOSER (chooser));

  /* A folder the chooser cannot show leaves it where GTK would start. */
  if (!gtk_file_chooser_set_current_folder (chooser, folder, &error))
    g_debug ("Cannot start the file chooser in %s: %s", g_file_peek_path (folder), error->message);
}

typedef struct
{
  SyFileChosenFunc callback;
  GWeakRef         owner;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_weak_ref_clear (&request->owner);
  g_free (request);
}

static void
on_open_response_cb (GtkNativeDialog *native,
                     int              response,
                     OpenRequest     *request)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&request->owner);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  /* The owner may be gone by now: nothing to hand the file to. */
  if (file != NULL && owner != NULL)
    request->callback (owner, file);
  g_object_unref (native);
}

void
sy_file_chooser_open (GtkWidget        *owner,
                      const char       *title,
                      const char       *accept_label,
                      GtkFileFilter    *filter,
                      SyFileChosenFunc  callback)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GtkFileChooserNative *native;
  OpenRequest *request = g_new0 (OpenRequest, 1);

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (GTK_IS_FILE_FILTER (filter));

  native = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  sy_file_chooser_start_in_documents (GTK_FILE_CHOOSER (native));

  request->callback = callback;
  g_weak_ref_init (&request->owner, owner);
  g_signal_connect_data (native, "response", G_CALLBACK (on_open_response_cb), request,
                         (GClosureNotify) (void (*) (void)) open_request_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
