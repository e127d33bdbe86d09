/* sy-costs-page-private.h: what tests may reach inside SyCostsPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-columns.h"
#include "sy-costs-advanced.h"
#include "sy-sensitivity-view.h"
#include "sy-cost-plot.h"
#include "sy-costs-page.h"
#include "sy-deploy-plan.h"
#include "sy-plot.h"
#include "sy-usage-stats.h"

G_BEGIN_DECLS

typedef enum
{
  SY_COSTS_SPIN_DAILY_REQUESTS,
  SY_COSTS_SPIN_INPUT_TOKENS,
  SY_COSTS_SPIN_OUTPUT_TOKENS,
  SY_COSTS_SPIN_HORIZON,
} SyCostsSpin;

GtkSpinButton *sy_costs_page_get_spin          (SyCostsPage  *self,
                                                SyCostsSpin   which);
AdwComboRow   *sy_costs_page_get_api_model_row (SyCostsPage  *self);
SyCostPlot    *sy_costs_page_get_plot          (SyCostsPage  *self);
GtkListBox    *sy_costs_page_get_options_list  (SyCostsPage  *self);
SyColumns     *sy_costs_page_get_columns       (SyCostsPage  *self);
SyCostsAdvanced *sy_costs_page_get_advanced    (SyCostsPage  *self);
SySensitivityView *sy_costs_page_get_sensitivity (SyCostsPage *self);
/* The text of every label on the result cards, in order, joined by "\n". */
char          *sy_costs_page_dup_results_text  (SyCostsPage  *self);
/* NULL while the inputs are valid. */
const char    *sy_costs_page_get_error_text    (SyCostsPage  *self);
/* What the Export menu does after the file chooser. */
gboolean       sy_costs_page_export_to_file    (SyCostsPage  *self,
                                                const char   *path,
                                                SyPlotFormat  format,
                                                GError      **error);

/* The same for the Sensitivity section's tornado chart; an error when it
 * shows none (no ranges given). */
gboolean       sy_costs_page_export_sensitivity_to_file (SyCostsPage  *self,
                                                         const char   *path,
                                                         SyPlotFormat  format,
                                                         GError      **error);

/* The caption an export carries: traffic, API model and today's date. */
char          *sy_costs_page_dup_export_caption (SyCostsPage *self);

/* The Export menu's file chooser for @format, not shown yet: it starts in
 * the Pictures folder (the home folder without one). */
GtkFileChooserNative *sy_costs_page_new_export_chooser (SyCostsPage  *self,
                                                        SyPlotFormat  format);
/* After an export to @path: the "Saved" toast, with an Open button that
 * opens the file (costs.open-export). NULL outside a toast overlay. */
AdwToast      *sy_costs_page_announce_export   (SyCostsPage  *self,
                                                const char   *path);

/* Export Deployment… (sy-costs-page-deploy.c): the plan for @option_id's
 * boxes running @model_id on @engine, each box @n_cards GPUs of @vram_gb
 * (0: none) and @ram_gb of RAM, written to the folder @path. */
gboolean       sy_costs_page_export_deployment (SyCostsPage    *self,
                                                SyDeployEngine  engine,
                                                const char     *model_id,
                                                const char     *option_id,
                                                guint           n_cards,
                                                double          vram_gb,
                                                double          ram_gb,
                                                const char     *path,
                                                GError        **error);
/* The dialog before the folder chooser, not shown yet: engine, option
 * (the enabled one that breaks even first), model (the best fit for a
 * 24 GB card), GPU memory and RAM. NULL when no option is enabled. */
GtkWidget     *sy_costs_page_new_deploy_dialog (SyCostsPage    *self);
/* The "Saved" toast for the folder, whose button opens it. */
AdwToast      *sy_costs_page_announce_deployment (SyCostsPage  *self,
                                                  const char   *path);
SyRouter      *sy_costs_page_get_router        (SyCostsPage    *self);

/* Pilot measurements: whether the input-tokens or output-tokens row
 * (@which) and an option's row show the "measured" mark. */
gboolean       sy_costs_page_spin_is_measured  (SyCostsPage  *self,
                                                SyCostsSpin   which);
/* The subtitle of the row of the option with @id (NULL if none). */
const char    *sy_costs_page_get_option_subtitle (SyCostsPage *self,
                                                const char   *id);

/* Between the page's files, not for tests. */
void           sy_costs_page_export_action     (GtkWidget    *widget,
                                                const char   *action_name,
                                                GVariant     *parameter);
void           sy_costs_page_export_sensitivity_action (GtkWidget  *widget,
                                                        const char *action_name,
                                                        GVariant   *parameter);
void           sy_costs_page_export_deployment_action (GtkWidget  *widget,
                                                       const char *action_name,
                                                       GVariant   *parameter);
void           sy_costs_page_open_export_action (GtkWidget   *widget,
                                                const char   *action_name,
                                                GVariant     *parameter);

/* Import Usage (sy-costs-page-usage.c). What the file chooser's Import
 * does: reads @file in a worker thread, then shows the summary dialog (or
 * the error). */
void           sy_costs_page_import_usage_file (SyCostsPage  *self,
                                                GFile        *file);
gboolean       sy_costs_page_is_importing_usage (SyCostsPage *self);
/* The report read, until "Use for Costs" or Cancel; NULL otherwise. */
const SyUsageReport *sy_costs_page_get_usage_report (SyCostsPage *self);
/* The message of the last failed import; NULL after a good one. */
const char    *sy_costs_page_get_usage_error   (SyCostsPage  *self);
/* The summary or error dialog on screen, NULL when none. */
GtkWidget     *sy_costs_page_get_usage_dialog  (SyCostsPage  *self);
/* What "Use for Costs" does: the report's traffic and peak factor into
 * the model; the toast (NULL outside a toast overlay) has an Undo
 * (costs.undo-usage-import). */
AdwToast      *sy_costs_page_use_usage_report  (SyCostsPage  *self);

/* Between the page's files, not for tests. */
GtkStack      *sy_costs_page_get_import_stack  (SyCostsPage  *self);
GtkProgressBar *sy_costs_page_get_import_progress (SyCostsPage *self);
void           sy_costs_page_import_usage_action (GtkWidget  *widget,
                                                const char   *action_name,
                                                GVariant     *parameter);
void           sy_costs_page_cancel_usage_import_action (GtkWidget  *widget,
                                                const char   *action_name,
                                                GVariant     *parameter);
void           sy_costs_page_undo_usage_import_action (GtkWidget  *widget,
                                                const char   *action_name,
                                                GVariant     *parameter);

/* The earliest and latest break-even over the ranges of the Advanced
 * group's Uncertainty rows (sy_cost_break_even_range()). */
typedef struct
{
  gboolean low_breaks_even;
  double   low;
  gboolean high_breaks_even;
  double   high;
} SyCostsSpread;

/* The result cards (sy-costs-page-cards.c); @spread may be NULL. */
GtkWidget     *sy_costs_page_new_api_card      (SyCostModel         *model,
                                                const SyCostResult  *result);
GtkWidget     *sy_costs_page_new_local_card    (SyInferenceOption   *option,
                                                const SyCostResult  *result,
                                                const SyCostsSpread *spread);
GtkWidget     *sy_costs_page_new_empty_card    (void);

G_END_DECLS
