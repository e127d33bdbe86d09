/* sy-pilot-view-private.h: what the widget test reaches into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-pilot-view.h"

G_BEGIN_DECLS

typedef enum
{
  SY_PILOT_METRIC_REPLIES,
  SY_PILOT_METRIC_TTFT_MEDIAN,
  SY_PILOT_METRIC_TTFT_P95,
  SY_PILOT_METRIC_TOTAL_MEDIAN,
  SY_PILOT_METRIC_TOTAL_P95,
  SY_PILOT_METRIC_TOKENS_PER_SECOND,
  SY_PILOT_METRIC_INPUT_TOKENS,
  SY_PILOT_METRIC_OUTPUT_TOKENS,
  SY_PILOT_METRIC_COST_PER_1000,
  SY_PILOT_N_METRICS
} SyPilotMetric;

typedef enum
{
  SY_PILOT_QUALITY_LOCAL_WINS,
  SY_PILOT_QUALITY_API_WINS,
  SY_PILOT_QUALITY_TIES,
  SY_PILOT_QUALITY_RETAINED,  /* "70% (54.6%–81.9%)" */
  SY_PILOT_QUALITY_NOTE,      /* the row's subtitle: the wide-interval note when fewer than 30 */
} SyPilotQualityField;

/* TRUE while the empty state (or the load error) is shown. */
gboolean        sy_pilot_view_is_empty           (SyPilotView         *self);
const char     *sy_pilot_view_get_prompts_text   (SyPilotView         *self);
/* The grid's columns: one per backend and model, local first. */
guint           sy_pilot_view_get_n_columns      (SyPilotView         *self);
const char     *sy_pilot_view_get_column_model   (SyPilotView         *self,
                                                  guint                column);
const char     *sy_pilot_view_get_cell_text      (SyPilotView         *self,
                                                  SyPilotMetric        metric,
                                                  guint                column);
/* The quality retained of one routing class, as shown. */
const char     *sy_pilot_view_get_class_text     (SyPilotView         *self,
                                                  SyRouteClass         klass);
const char     *sy_pilot_view_get_quality_text   (SyPilotView         *self,
                                                  SyPilotQualityField  field);
/* What the "Use These Numbers" dialog's "use" response does: applies,
 * emits ::numbers-used with a toast whose Undo restores the old values,
 * closes the view. The button itself (action pilot.use-numbers) first
 * shows the changes in this dialog, NULL while it is closed: */
SyPilotApplied  sy_pilot_view_use_numbers        (SyPilotView         *self);
GtkWidget      *sy_pilot_view_get_use_dialog     (SyPilotView         *self);
/* The Preferences window "Routing Rules" opened, NULL while closed. */
GtkWidget      *sy_pilot_view_get_rules_window   (SyPilotView         *self);
/* The Export file chooser while it is open, else NULL. */
GtkFileChooser *sy_pilot_view_get_export_chooser (SyPilotView         *self);
/* What Export does after the file chooser: the log as CSV, written
 * atomically to @file. */
void            sy_pilot_view_export_csv_async   (SyPilotView         *self,
                                                  GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean        sy_pilot_view_export_csv_finish  (SyPilotView         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
