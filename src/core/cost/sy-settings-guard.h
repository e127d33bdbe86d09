/* sy-settings-guard.h: keep a broken settings file rather than lose it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_get_user_config_dir()/glib-2.0/settings/keyfile: where GSettings keeps
 * its values inside Flatpak (and with GSETTINGS_BACKEND=keyfile). */
char     *sy_settings_dup_keyfile_path (void);

/* GLib's keyfile backend starts from an empty file when the file does not
 * parse, and writes that over the user's file at the next change: every
 * setting would be lost without a word. Run before GSettings is first
 * used: a file that does not parse is moved aside (NAME.corrupt-DATE)
 * and FALSE returned with SY_COST_ERROR_PARSE and a message naming both
 * files; the defaults then apply. When it cannot be moved the error is in
 * the G_IO_ERROR domain: the caller must then keep GSettings off the file
 * (GSETTINGS_BACKEND=memory). A missing file is fine. @path: NULL for the
 * default path. */
gboolean  sy_settings_guard_keyfile    (const char  *path,
                                        GError     **error);

G_END_DECLS
