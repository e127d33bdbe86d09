/* sy-file-chooser.h: where save dialogs start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The user's Documents folder, or the home folder when there is none (not
 * configured, or configured but missing): never the working directory,
 * which for an app started from a terminal or `meson devenv` is anywhere. */
GFile *sy_file_chooser_dup_save_folder    (void);
/* Opens @chooser in that folder. */
void   sy_file_chooser_start_in_documents (GtkFileChooser *chooser);

G_END_DECLS
