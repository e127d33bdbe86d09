/* sy-cli-route.c: placeholder, being written */
#include "sy-cli-private.h"

int
sy_cli_run_route (int    argc,
                  char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "route", "not available yet");
}

int
sy_cli_run_pilot (int    argc,
                  char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "pilot", "not available yet");
}
