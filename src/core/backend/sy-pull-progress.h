/* sy-pull-progress.h: one overall figure for an Ollama pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ollama's /api/pull reports each layer (digest) on its own, each starting
 * again at 0 %. This sums them: bytes completed over all layers seen, of
 * the bytes of all layers seen, and a fraction that never goes back (a
 * new layer makes the total grow, not the bar shrink). */
typedef struct _SyPullProgress SyPullProgress;

SyPullProgress *sy_pull_progress_new           (void);
void            sy_pull_progress_free          (SyPullProgress *self);

/* One progress line, as SyPullProgressFunc gets it. */
void            sy_pull_progress_update        (SyPullProgress *self,
                                                const char     *status,
                                                const char     *digest,
                                                guint64         completed,
                                                guint64         total);

guint64         sy_pull_progress_get_completed (SyPullProgress *self);
/* 0 until a layer's size is known. */
guint64         sy_pull_progress_get_total     (SyPullProgress *self);
/* 0…1, never less than before; -1 while no total is known. */
double          sy_pull_progress_get_fraction  (SyPullProgress *self);
/* The words of the last line without a layer ("pulling manifest",
 * "verifying sha256 digest", "writing manifest"), while no layer line
 * came after it; else NULL. */
const char     *sy_pull_progress_get_phase     (SyPullProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyPullProgress, sy_pull_progress_free)

G_END_DECLS
