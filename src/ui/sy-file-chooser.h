/* sy-file-chooser.h: where file dialogs start, and opening one file
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

typedef void (*SyFileChosenFunc) (GtkWidget *owner,
                                  GFile     *file);

/* A modal Open dialog (through the portal where there is one) over
 * @owner's window, in the Documents folder, offering @filter and "All
 * files"; @callback gets the file the user picked, unless @owner was
 * destroyed meanwhile. Cancel calls nothing. */
void   sy_file_chooser_open               (GtkWidget        *owner,
                                           const char       *title,
                                           const char       *accept_label,
                                           GtkFileFilter    *filter,
                                           SyFileChosenFunc  callback);

G_END_DECLS
