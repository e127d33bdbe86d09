/* main.c: the window, or a headless subcommand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <locale.h>

#include "sy-application.h"
#include "sy-cli.h"
#include "sy-settings-guard.h"

static gboolean
wants_help (int    argc,
            char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--help") || g_strcmp0 (argv[i], "-h") == 0)
      return TRUE;

  return FALSE;
}

/* Inside Flatpak (or with GSETTINGS_BACKEND=keyfile) GSettings lives in a
 * keyfile that GLib replaces, unread, when it does not parse. Keep it
 * before GSettings first touches it. */
static void
guard_settings_file (char **problem)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "keyfile") != 0 &&
      !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;

  if (sy_settings_guard_keyfile (NULL, &error))
    return;

  g_printerr ("switchyard: %s\n", error->message);
  /* Could not be moved: never let GLib write over it this session. */
  if (error->domain == G_IO_ERROR)
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  *problem = g_strdup (error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(SyApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *settings_problem = NULL;

  setlocale (LC_ALL, "");
  /* Tests point this at the build tree's compiled catalogues. */
  if (g_getenv ("SWITCHYARD_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SWITCHYARD_LOCALEDIR"));
  else
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Subcommands share the core but never touch GTK, so they run without a
   * display (scripts, CI, `--plot` on a server). */
  if (sy_cli_is_command (argc, argv))
    return sy_cli_run (argc, argv);

  /* Without its schema GSettings aborts; say what to do instead. --help
   * needs no settings. */
  if (g_settings_schema_source_get_default () != NULL)
    schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL && !wants_help (argc, argv))
    {
      g_printerr (_("switchyard: the settings schema %s is not installed; run it with "
                    "“meson devenv -C build ./src/switchyard” or install it first\n"), APP_ID);
      return 1;
    }

  guard_settings_file (&settings_problem);

  app = sy_application_new ();
  /* --help lists the subcommands as well; the UI itself knows nothing of
   * the command line. */
  g_application_set_option_context_description (G_APPLICATION (app), sy_cli_get_commands_help ());
  if (settings_problem != NULL)
    sy_application_add_startup_problem (app, settings_problem);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
