/* sy-cli-models.c: placeholder, being written */
#include "sy-cli-private.h"

int
sy_cli_run_hardware (int    argc,
                     char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "hardware", "not available yet");
}

int
sy_cli_run_models (int    argc,
                   char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "models", "not available yet");
}
