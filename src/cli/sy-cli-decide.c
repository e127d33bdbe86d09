/* sy-cli-decide.c: placeholder, being written */
#include "sy-cli-private.h"

int
sy_cli_run_decide (int    argc,
                   char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "decide", "not available yet");
}
