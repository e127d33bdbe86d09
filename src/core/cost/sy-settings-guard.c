/* sy-settings-guard.c: keep a broken settings file rather than lose it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-cost-settings.h"
#include "sy-settings-guard.h"

char *
sy_settings_dup_keyfile_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", "keyfile", NULL);
}

gboolean
sy_settings_guard_keyfile (const char  *path,
                           GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *moved_to = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    path = default_path = sy_settings_dup_keyfile_path ();

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* Missing is the normal first start; unreadable is GLib's problem
       * too, and it will say so itself. */
      return TRUE;
    }

  /* The backend reads the bytes with g_key_file_load_from_data(); check
   * exactly that, plus UTF-8, which GSettings needs for its strings. */
  if (g_utf8_validate (contents, length, NULL) &&
      g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error))
    return TRUE;

  moved_to = sy_cost_settings_move_aside (path);
  if (moved_to == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The settings file %s cannot be read and could not be moved aside. "
                     "Switchyard starts with its default settings and saves no changes "
                     "this time, so the file stays as it is."),
                   path);
      return FALSE;
    }

  g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE,
               _("The settings file %s could not be read (%s). It was kept as %s, and "
                 "Switchyard starts with its default settings."),
               path,
               local_error != NULL ? local_error->message : _("it is not UTF-8 text"),
               moved_to);
  return FALSE;
}
