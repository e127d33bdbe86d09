/* sy-models-page-private.h: what tests may reach inside SyModelsPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-hardware.h"
#include "sy-model-fit.h"
#include "sy-models-page.h"

G_BEGIN_DECLS

/* Replaces the machine the page plans for (a fixture in tests): cancels
 * a running detection; detects @hardware unless it already is. */
void          sy_models_page_set_hardware         (SyModelsPage       *self,
                                                   SyHardware         *hardware);
SyHardware   *sy_models_page_get_hardware         (SyModelsPage       *self);
gboolean      sy_models_page_get_detecting        (SyModelsPage       *self);

AdwComboRow  *sy_models_page_get_context_row      (SyModelsPage       *self);
AdwComboRow  *sy_models_page_get_kv_row           (SyModelsPage       *self);
AdwComboRow  *sy_models_page_get_use_case_row     (SyModelsPage       *self);
AdwComboRow  *sy_models_page_get_card_row         (SyModelsPage       *self);
GtkSpinButton *sy_models_page_get_card_count_spin (SyModelsPage      *self);
GtkSpinButton *sy_models_page_get_manual_vram_spin (SyModelsPage      *self);
GtkSpinButton *sy_models_page_get_manual_ram_spin  (SyModelsPage      *self);
GtkListBox   *sy_models_page_get_models_list      (SyModelsPage       *self);
/* The "No Ollama at …" notice above the list. */
GtkWidget    *sy_models_page_get_ollama_notice    (SyModelsPage       *self);

/* The rows shown, in order. */
guint         sy_models_page_get_n_rows           (SyModelsPage       *self);
const SyCatalogModel *sy_models_page_get_row         (SyModelsPage       *self,
                                                   guint               index,
                                                   SyFitResult        *out_result);
/* The row's predicted tokens/s (0: none) and the measured one. */
double        sy_models_page_get_row_speed        (SyModelsPage       *self,
                                                   guint               index,
                                                   double             *out_measured);
/* Adds a row for @model (taken), a model outside the catalogue; it
 * replaces one with the same id. */
void          sy_models_page_add_own_model        (SyModelsPage       *self,
                                                   SyCatalogModel     *model);

/* What the list is planned for, above it. */
const char   *sy_models_page_get_summary          (SyModelsPage       *self);
/* The text of every label in the hardware card, joined by "\n". */
char         *sy_models_page_dup_hardware_text    (SyModelsPage       *self);

G_END_DECLS
