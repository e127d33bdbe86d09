/* sy-file-chooser.c: where save dialogs start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
