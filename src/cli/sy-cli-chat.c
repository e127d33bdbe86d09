/* sy-cli-chat.c: placeholder, being written */
#include "sy-cli-private.h"

int
sy_cli_run_chat (int    argc,
                 char **argv)
{
  return sy_cli_fail (EXIT_BAD_INPUT, "chat", "not available yet");
}
