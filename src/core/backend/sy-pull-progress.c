/* sy-pull-progress.c: one overall figure for an Ollama pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-pull-progress.h"

typedef struct
{
  guint64 completed;
  guint64 total;
} Layer;

struct _SyPullProgress
{
  GHashTable *layers;      /* digest → Layer */
  guint64     completed;
  guint64     total;
  double      fraction;
  char       *phase;
};

SyPullProgress *
sy_pull_progress_new (void)
{
  SyPullProgress *self = g_new0 (SyPullProgress, 1);

  self->layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->fraction = -1.0;

  return self;
}

void
sy_pull_progress_free (SyPullProgress *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->layers);
  g_free (self->phase);
  g_free (self);
}

void
sy_pull_progress_update (SyPullProgress *self,
                         const char     *status,
                         const char     *digest,
                         guint64         completed,
                         guint64         total)
{
  Layer *layer;

  g_return_if_fail (self != NULL);

  if (digest == NULL || *digest == '\0')
    {
      g_free (self->phase);
      self->phase = g_strdup (status != NULL && *status != '\0' ? status : NULL);
      return;
    }

  g_clear_pointer (&self->phase, g_free);

  layer = g_hash_table_lookup (self->layers, digest);
  if (layer == NULL)
    {
      layer = g_new0 (Layer, 1);
      g_hash_table_insert (self->layers, g_strdup (digest), layer);
    }

  /* A layer's own figures only grow: a resumed download or a repeated
   * line never takes bytes back. */
  if (total > layer->total)
    {
      self->total += total - layer->total;
      layer->total = total;
    }
  if (layer->total > 0)
    completed = MIN (completed, layer->total);
  if (completed > layer->completed)
    {
      self->completed += completed - layer->completed;
      layer->completed = completed;
    }

  if (self->total > 0)
    self->fraction = MAX (self->fraction, CLAMP ((double) self->completed / (double) self->total, 0.0, 1.0));
}

guint64
sy_pull_progress_get_completed (SyPullProgress *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->completed;
}

guint64
sy_pull_progress_get_total (SyPullProgress *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->total;
}

double
sy_pull_progress_get_fraction (SyPullProgress *self)
{
  g_return_val_if_fail (self != NULL, -1.0);

  return self->fraction;
}

const char *
sy_pull_progress_get_phase (SyPullProgress *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->phase;
}
