/* fuzz-openai-reply.c: the OpenAI chunk decoder (chunk JSON → delta,
 * usage or error) on arbitrary bytes, as the backend hands over the data
 * of one SSE event
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sy-fuzz-utils.h"

/* Credentials and a query in the URL, and a key: none may reach an error. */
static const SyHttpContext context = {
  .flavor = SY_BACKEND_FLAVOR_OPENAI,
  .base_url = "http://user:pw@127.0.0.1:1/v1?key=secret",
  .model = "gpt-4o-mini",
  .secret = "sk-FUZZ",
};

SY_FUZZ_REPLY_HARNESS (&context, sy_openai_decode_chunk)
