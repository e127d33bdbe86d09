/* sy-openai-backend.h: any OpenAI-compatible chat completions endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-backend.h"

G_BEGIN_DECLS

#define SY_OPENAI_DEFAULT_BASE_URL "https://api.openai.com/v1"

#define SY_TYPE_OPENAI_BACKEND (sy_openai_backend_get_type ())

G_DECLARE_FINAL_TYPE (SyOpenAIBackend, sy_openai_backend, SY, OPENAI_BACKEND, GObject)

/* @base_url ends before "/chat/completions": "https://api.openai.com/v1",
 * "http://localhost:11434/v1", …; NULL means OpenAI's. */
SyOpenAIBackend *sy_openai_backend_new         (const char      *base_url);
/* The bearer key, kept in memory only and never logged or shown; NULL or
 * "" sends no Authorization header (local servers need none). */
void             sy_openai_backend_set_api_key (SyOpenAIBackend *self,
                                                const char      *api_key);
gboolean         sy_openai_backend_has_api_key (SyOpenAIBackend *self);

G_END_DECLS
