/* sy-models-page-rows.h: the widgets SyModelsPage builds its rows from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-hardware.h"
#include "sy-model-fit.h"

G_BEGIN_DECLS

GtkWidget   *sy_models_new_label         (const char        *text,
                                          const char        *css_class,
                                          const char        *css_class_2);
/* A bar from 0 to @max with GTK's offsets removed: @css_class colours it. */
GtkWidget   *sy_models_new_level_bar     (double             value,
                                          double             max,
                                          const char        *css_class);
/* "sy-fit-gpu", "sy-fit-partial", "sy-fit-cpu", "sy-fit-too-large" */
const char  *sy_models_verdict_css       (SyFitVerdict       verdict);
/* Memory needed against what the verdict uses, with a caption. */
GtkWidget   *sy_models_new_memory_box    (const SyFitResult *result,
                                          double             ram_budget);
/* The text of every label under @widget, joined by "\n". */
char        *sy_models_dup_label_text    (GtkWidget         *widget);

void         sy_models_clear_list        (GtkListBox        *list);
/* A hardware card row: icon, title and size, a bar when @total > 0, then
 * the caption and, when something is unknown, why. */
void         sy_models_add_hardware_row  (GtkListBox        *list,
                                          const char        *icon,
                                          const char        *title,
                                          const char        *size,
                                          double             used,
                                          double             total,
                                          const char        *caption,
                                          const char        *reason);
void         sy_models_add_gpu_row       (GtkListBox        *list,
                                          const SyGpu       *gpu);

G_END_DECLS
