/* fuzz-ollama-reply.c: the Ollama chat line decoder (line JSON → delta,
 * usage or error) on arbitrary bytes, as the NDJSON parser hands over one
 * line parsed as an object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sy-fuzz-utils.h"

static const SyHttpContext context = {
  .flavor = SY_BACKEND_FLAVOR_OLLAMA,
  .base_url = "http://127.0.0.1:11434",
  .model = "llama3.1:8b",
};

SY_FUZZ_REPLY_HARNESS (&context, sy_ollama_decode_line)
