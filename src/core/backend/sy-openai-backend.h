/* sy-openai-backend.h: any OpenAI-compatible chat completions endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-http-backend.h"

G_BEGIN_DECLS

#define SY_OPENAI_DEFAULT_BASE_URL "https://api.openai.com/v1"

#define SY_TYPE_OPENAI_BACKEND    (sy_openai_backend_get_type ())
#define SY_OPENAI_BACKEND(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), SY_TYPE_OPENAI_BACKEND, SyOpenAIBackend))
#define SY_IS_OPENAI_BACKEND(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), SY_TYPE_OPENAI_BACKEND))

/* A final SyHttpBackend, declared by hand: G_DECLARE_FINAL_TYPE would need
 * the parent's class struct, which is private. */
typedef struct _SyOpenAIBackend      SyOpenAIBackend;
typedef struct _SyOpenAIBackendClass SyOpenAIBackendClass;

GType            sy_openai_backend_get_type    (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyOpenAIBackend, g_object_unref)

/* @base_url ends before "/chat/completions": "https://api.openai.com/v1",
 * "http://localhost:11434/v1", …; NULL means OpenAI's. */
SyOpenAIBackend *sy_openai_backend_new         (const char      *base_url);
/* The bearer key, kept in memory only and never logged or shown; NULL or
 * "" sends no Authorization header (local servers need none). */
void             sy_openai_backend_set_api_key (SyOpenAIBackend *self,
                                                const char      *api_key);
gboolean         sy_openai_backend_has_api_key (SyOpenAIBackend *self);

G_END_DECLS
