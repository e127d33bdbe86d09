/* sy-report.h: the decision as a PDF a person can hand to a manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A4, light theme, text set with pangocairo. Page 1 holds the
 * recommendation, what the cost model says where it disagrees with the
 * threshold (sy_decision_weigh_costs()), the answers with the reason each led on, the notes of the
 * refining questions and the practical guidance for the outcome (text that does not
 * fit flows onto further pages; the report's own text fits on one). When a
 * cost model is given, one more page follows: the traffic, the cumulative
 * cost plot (sy_plot_draw, the picture of the Costs page) and each enabled
 * local option's break-even. So the report has 2 pages with traffic and 1
 * with a monthly cost given directly. No GTK, no display.
 */
#pragma once

#include <glib.h>

#include "sy-cost-model.h"
#include "sy-decision.h"

G_BEGIN_DECLS

#define SY_REPORT_PAGE_WIDTH  595.276   /* A4 in points */
#define SY_REPORT_PAGE_HEIGHT 841.890

/* Renders in memory. @costs: NULL for no plot page; otherwise a model set to
 * the entered traffic and API model (its enabled options are plotted).
 * @out_n_pages: may be NULL. */
GBytes   *sy_report_render (SyDecision   *decision,
                            SyCostModel  *costs,
                            guint        *out_n_pages,
                            GError      **error);
/* The summary pages' paragraphs as plain text, in the order the PDF sets
 * them (no plot page). */
char     *sy_report_dup_text (SyDecision   *decision);
/* Renders, then writes atomically (g_file_set_contents): a failed write
 * leaves any existing file alone and reports why (G_IO_ERROR; a drawing
 * cairo could not finish is SY_COST_ERROR_IO). */
gboolean  sy_report_write  (SyDecision   *decision,
                            SyCostModel  *costs,
                            const char   *path,
                            GError      **error);

G_END_DECLS
