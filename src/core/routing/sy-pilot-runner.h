/* sy-pilot-runner.h: sends prompts to the local and the API backend at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-backend.h"
#include "sy-pilot.h"
#include "sy-price-table.h"

G_BEGIN_DECLS

/* One prompt, both backends, concurrently: @local_stream and @api_stream
 * (either may be NULL: that side is not sent) are streamed at the same
 * time, so a delta handler on each can show both replies as they come.
 * Completes with a SyPilotRecord once both ended; a failed reply is
 * recorded with its error, not returned as one. Fails only with
 * G_IO_ERROR_CANCELLED. @prices prices the API usage (NULL: the shipped
 * prices). The record's prompt is the streams' last message. */
void           sy_pilot_compare_async  (SyBackend           *local,
                                        SyChatStream        *local_stream,
                                        SyBackend           *api,
                                        SyChatStream        *api_stream,
                                        SyPriceTable        *prices,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
SyPilotRecord *sy_pilot_compare_finish (GAsyncResult        *result,
                                        GError             **error);

#define SY_TYPE_PILOT_RUNNER (sy_pilot_runner_get_type ())
G_DECLARE_FINAL_TYPE (SyPilotRunner, sy_pilot_runner, SY, PILOT_RUNNER, GObject)

/* Called after each prompt, @record owned by the runner. */
typedef void (*SyPilotProgressFunc) (SyPilotRunner       *runner,
                                     guint                n_done,
                                     guint                n_total,
                                     const SyPilotRecord *record,
                                     gpointer             user_data);

SyPilotRunner *sy_pilot_runner_new         (SyBackend      *local,
                                            const char     *local_model,
                                            SyBackend      *api,
                                            const char     *api_model);
/* Every prompt goes to the @primary backend (default: local); @percent of
 * them (default 100) also go to the other one, chosen with
 * sy_pilot_shadow_select_index() so a rerun picks the same prompts. */
void           sy_pilot_runner_set_primary (SyPilotRunner  *self,
                                            SyRouteBackend  primary);
void           sy_pilot_runner_set_share   (SyPilotRunner  *self,
                                            guint           percent);
void           sy_pilot_runner_set_prices  (SyPilotRunner  *self,
                                            SyPriceTable   *prices);
/* When set, each record is appended to @log as soon as it is complete. */
void           sy_pilot_runner_set_log     (SyPilotRunner  *self,
                                            SyPilotLog     *log);

/* The prompts one after the other, each to both backends at once.
 * Completes with a GPtrArray of SyPilotRecord. */
void           sy_pilot_runner_run_async   (SyPilotRunner       *self,
                                            const char * const  *prompts,
                                            SyPilotProgressFunc  progress,
                                            gpointer             progress_data,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray     *sy_pilot_runner_run_finish  (SyPilotRunner       *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
