/* sy-cli.c: the headless command line (switchyard SUBCOMMAND …)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Subcommands share the core with the window and never touch GTK, so they
 * run on a server or in CI. Exit status: 0 ok, 1 a runtime failure (a file
 * that cannot be written), 2 bad input, with one line on stderr.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int    argc,
                    char **argv);
} SyCliCommand;

static int run_help (int argc, char **argv);

/* Each subcommand lives in its own sy-cli-NAME.c. */
static const SyCliCommand commands[] = {
  { "decide", N_("Answer the four questions: run models locally or use an API?"), sy_cli_run_decide },
  { "break-even", N_("Compare API and local inference costs, optionally plotting them"), sy_cli_run_break_even },
  { "hardware", N_("Show the GPUs, video memory and system memory found"), sy_cli_run_hardware },
  { "models", N_("Show which local models fit this machine, or a given amount of memory"), sy_cli_run_models },
  { "gpus", N_("List the GPUs the planner knows: memory, bandwidth, power and price"), sy_cli_run_gpus },
  { "chat", N_("Send one prompt to a local server or a hosted API and measure the reply"), sy_cli_run_chat },
  { "prices", N_("List the API prices, or refresh them from LiteLLM’s published list"), sy_cli_run_prices },
  { "route", N_("Classify a query and show where hybrid routing sends it"), sy_cli_run_route },
  { "pilot", N_("Send prompts to both backends and summarise the measurements"), sy_cli_run_pilot },
  { "deploy", N_("Write engine commands, a LiteLLM proxy config and a README for a local option"), sy_cli_run_deploy },
  { "usage", N_("Read a usage log (LiteLLM, CSV, pilot) for requests per day, tokens and peak"), sy_cli_run_usage },
  { "help", N_("Show the commands, or a command’s options"), run_help },
};

/* Auxiliary functions */

static const SyCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];

  return NULL;
}

/* help */

static int
run_help (int    argc,
          char **argv)
{
  const SyCliCommand *command;

  /* "switchyard help break-even" is "switchyard break-even --help". */
  if (argc > 1)
    {
      char *help_argv[] = { argv[1], (char *) "--help", NULL };

      command = find_command (argv[1]);
      if (command == NULL || command->run == run_help)
        {
          g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[1]);

          return sy_cli_fail (EXIT_BAD_INPUT, "help", message);
        }

      return command->run (2, help_argv);
    }

  g_print (_("Usage:\n"
             "  switchyard                      open the window\n"
             "  switchyard COMMAND [OPTION…]    run a command without a window\n\n"));
  g_print ("%s\n\n", sy_cli_get_commands_help ());
  g_print (_("Run “switchyard COMMAND --help” for a command’s options.\n"));

  return 0;
}

/* Public API */

gboolean
sy_cli_is_command (int    argc,
                   char **argv)
{
  return argc > 1 && argv != NULL && find_command (argv[1]) != NULL;
}

int
sy_cli_run (int    argc,
            char **argv)
{
  const SyCliCommand *command;

  g_return_val_if_fail (sy_cli_is_command (argc, argv), EXIT_BAD_INPUT);

  command = find_command (argv[1]);
  /* The command sees itself as argv[0]. */
  return command->run (argc - 1, argv + 1);
}

const char *
sy_cli_get_commands_help (void)
{
  static char *help = NULL;

  if (g_once_init_enter (&help))
    {
      GString *out = g_string_new (_("Commands:"));

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        g_string_append_printf (out, "\n  %-12s %s", commands[i].name, _(commands[i].summary));

      g_once_init_leave (&help, g_string_free (out, FALSE));
    }

  return help;
}
