/* sy-model-row.h: one catalogue model in the Models page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-model-fit.h"

G_BEGIN_DECLS

#define SY_TYPE_MODEL_ROW (sy_model_row_get_type ())
G_DECLARE_FINAL_TYPE (SyModelRow, sy_model_row, SY, MODEL_ROW, GtkListBoxRow)

/* @model as it fits (@result, planned with @kv_type); @ram_budget is the
 * RAM a CPU verdict is measured against. A chat model gets a "Use for
 * Chat" button (action models.use-for-chat), shown as chosen when its
 * tag is @chat_model. */
GtkWidget *sy_model_row_new               (const SyCatalogModel *model,
                                           const SyFitResult    *result,
                                           SyKvType              kv_type,
                                           double                ram_budget,
                                           const char           *chat_model);
/* Where the Ollama parts go: beside the title, under the text, and with
 * the buttons. */
GtkBox    *sy_model_row_get_title_box     (SyModelRow           *self);
GtkBox    *sy_model_row_get_text_box      (SyModelRow           *self);
GtkBox    *sy_model_row_get_actions_box   (SyModelRow           *self);

/* The predicted (or measured) tokens/s under the memory bar; @tooltip
 * holds the arithmetic. */
void        sy_model_row_set_speed        (SyModelRow           *self,
                                           const char           *text,
                                           const char           *tooltip);
/* The speed line's text; NULL when none was set. */
const char *sy_model_row_get_speed        (SyModelRow           *self);
/* A "Plan on Costs Page" button (action models.plan-on-costs, @model_id). */
void        sy_model_row_add_plan_button  (SyModelRow           *self,
                                           const char           *model_id);

G_END_DECLS
