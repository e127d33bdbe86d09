/* sy-ollama-backend.h: Ollama's native API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-http-backend.h"

G_BEGIN_DECLS

#define SY_OLLAMA_DEFAULT_BASE_URL "http://localhost:11434"

/* One line of /api/pull's progress. @total and @completed are bytes of the
 * layer @digest, 0 while unknown (the first lines carry neither). */
typedef void (*SyPullProgressFunc) (const char *status,
                                    const char *digest,
                                    guint64     completed,
                                    guint64     total,
                                    gpointer    user_data);

#define SY_TYPE_OLLAMA_BACKEND    (sy_ollama_backend_get_type ())
#define SY_OLLAMA_BACKEND(obj)    (G_TYPE_CHECK_INSTANCE_CAST ((obj), SY_TYPE_OLLAMA_BACKEND, SyOllamaBackend))
#define SY_IS_OLLAMA_BACKEND(obj) (G_TYPE_CHECK_INSTANCE_TYPE ((obj), SY_TYPE_OLLAMA_BACKEND))

/* A final SyHttpBackend, declared by hand: G_DECLARE_FINAL_TYPE would need
 * the parent's class struct, which is private. */
typedef struct _SyOllamaBackend      SyOllamaBackend;
typedef struct _SyOllamaBackendClass SyOllamaBackendClass;

GType            sy_ollama_backend_get_type            (void) G_GNUC_CONST;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyOllamaBackend, g_object_unref)

/* NULL means http://localhost:11434. */
SyOllamaBackend *sy_ollama_backend_new                 (const char          *base_url);

/* /api/ps: the models in memory now, as SyInstalledModel with loaded set and
 * size_vram filled in (see sy_installed_model_is_partly_on_cpu()). */
void             sy_ollama_backend_list_running_async  (SyOllamaBackend     *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray       *sy_ollama_backend_list_running_finish (SyOllamaBackend     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* /api/show */
void             sy_ollama_backend_show_async          (SyOllamaBackend     *self,
                                                        const char          *model,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SyModelDetails  *sy_ollama_backend_show_finish         (SyOllamaBackend     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* /api/pull, calling @progress for each progress line. Completes with
 * TRUE once the server said "success". */
void             sy_ollama_backend_pull_async          (SyOllamaBackend     *self,
                                                        const char          *model,
                                                        SyPullProgressFunc   progress,
                                                        gpointer             progress_data,
                                                        GDestroyNotify       progress_destroy,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         sy_ollama_backend_pull_finish         (SyOllamaBackend     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
