/* sy-fuzz-utils.h: what the chat reply fuzzers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-backend-private.h"

G_BEGIN_DECLS

/* sy_openai_decode_chunk() or sy_ollama_decode_line(). */
typedef gboolean (*SyFuzzChunkDecoder) (const SyHttpContext  *context,
                                        JsonObject           *object,
                                        SyChatChunk          *chunk,
                                        GError              **error);

/* Runs @decode on @data parsed as a JSON object (as the SSE and NDJSON
 * readers hand it over) and traps unless it either fills @chunk with
 * valid UTF-8 text or fails with an error message free of the secret. */
void sy_fuzz_decode_reply (const guint8        *data,
                           size_t               size,
                           const SyHttpContext *context,
                           SyFuzzChunkDecoder   decode);

/* The libFuzzer entry point of a harness that runs @decode with
 * @context (a const SyHttpContext *) on each input. */
#define SY_FUZZ_REPLY_HARNESS(context, decode)                           \
  int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);         \
                                                                        \
  int                                                                   \
  LLVMFuzzerTestOneInput (const guint8 *data,                           \
                          size_t        size)                           \
  {                                                                     \
    sy_fuzz_decode_reply (data, size, (context), (decode));             \
    return 0;                                                           \
  }

G_END_DECLS
