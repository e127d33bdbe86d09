/* sy-speed-store.h: decoding speeds measured on this machine
 *
 * A chat reply from the local backend reports its tokens/s; the store
 * keeps the latest one per model and GPU in
 * g_get_user_data_dir()/switchyard/speed.json ($SWITCHYARD_DATA_DIR when
 * set), so that the Models page and `switchyard models` show the measured
 * figure instead of the prediction, and calibrate the efficiency of that
 * GPU for the models not measured yet (sy_speed_calibrate()).
 *
 * { "version": 1, "measurements": [ { "gpu": "NVIDIA GeForce RTX 4090",
 *   "model": "llama3.1:8b", "tokens_per_s": 41.2 } ] }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The name a machine without a usable GPU is stored under. */
#define SY_SPEED_STORE_CPU "CPU"

typedef struct
{
  char   *gpu;           /* the detected name, or SY_SPEED_STORE_CPU */
  char   *model;         /* the model name the backend was asked for */
  double  tokens_per_s;
} SySpeedMeasurement;

typedef struct _SySpeedStore SySpeedStore;

char         *sy_speed_store_dup_default_path (void);
/* A missing file is an empty store; a broken one is an error (and is
 * left as it is, not overwritten, by this load). @path NULL: the default. */
SySpeedStore *sy_speed_store_load             (const char    *path,
                                               GError       **error);
void          sy_speed_store_free             (SySpeedStore  *self);
guint         sy_speed_store_get_n_measurements (SySpeedStore *self);
const SySpeedMeasurement *sy_speed_store_get_measurement (SySpeedStore *self,
                                                         guint         index);
/* Tokens/s measured for @model on @gpu; 0 when none. */
double        sy_speed_store_lookup           (SySpeedStore  *self,
                                               const char    *gpu,
                                               const char    *model);
/* Replaces the measurement for @gpu and @model, then writes the file
 * atomically (a temporary file renamed over it). */
gboolean      sy_speed_store_record           (SySpeedStore  *self,
                                               const char    *gpu,
                                               const char    *model,
                                               double         tokens_per_s,
                                               GError       **error);

/* The GPU this process's local replies run on, as hardware detection
 * named it (the largest usable one, or SY_SPEED_STORE_CPU); NULL until
 * known. The Models page sets it when detection finishes. Main thread
 * only, like the chat that reads it. */
void          sy_speed_store_set_local_gpu    (const char    *gpu);
const char   *sy_speed_store_get_local_gpu    (void);
/* The chat's one call after a local reply: records @tokens_per_s for
 * @model on the local GPU in the default store. Does nothing while the
 * local GPU is unknown; a store that cannot be read or written is
 * reported with g_debug, never in the chat's way. */
void          sy_speed_store_record_local_reply (const char  *model,
                                                 double       tokens_per_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SySpeedStore, sy_speed_store_free)

G_END_DECLS
