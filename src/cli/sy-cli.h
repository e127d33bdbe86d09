/* sy-cli.h: the headless command line (switchyard SUBCOMMAND …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv[1] names a subcommand, so main() runs the CLI instead of
 * the window. */
gboolean sy_cli_is_command (int    argc,
                            char **argv);
/* Runs it; returns the exit status (0 ok, 1 runtime failure such as an
 * unwritable file, 2 bad input: one line on stderr naming the problem). */
int      sy_cli_run        (int    argc,
                            char **argv);
/* The "Commands:" text for `switchyard --help`. */
const char *sy_cli_get_commands_help (void);

G_END_DECLS
