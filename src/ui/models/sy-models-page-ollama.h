/* sy-models-page-ollama.h: the Models page's view of the local Ollama
 *
 * Kept apart from the fit planner; it only sizes installed models outside
 * the catalogue (sy_models_ollama_get_sized_models()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sy-model-catalog.h"
#include "sy-models-page.h"

G_BEGIN_DECLS

#define SY_TYPE_MODELS_OLLAMA (sy_models_ollama_get_type ())
G_DECLARE_FINAL_TYPE (SyModelsOllama, sy_models_ollama, SY, MODELS_OLLAMA, GObject)

/* Installed models, pulls and reachability of the Ollama at one URL.
 * Emits ::changed (tag) when a model's state changes, with a NULL tag
 * when the whole list or the reachability changed. */
SyModelsOllama *sy_models_ollama_new            (void);
void            sy_models_ollama_set_base_url   (SyModelsOllama *self,
                                                 const char     *base_url);
/* GET /api/tags again; what is known stays shown meanwhile. */
void            sy_models_ollama_refresh        (SyModelsOllama *self);
/* Cancels every request; no signal is emitted afterwards. */
void            sy_models_ollama_shutdown       (SyModelsOllama *self);
/* TRUE until the first listing answered (or failed). */
gboolean        sy_models_ollama_get_listing    (SyModelsOllama *self);
gboolean        sy_models_ollama_get_reachable  (SyModelsOllama *self);
gboolean        sy_models_ollama_is_installed   (SyModelsOllama *self,
                                                 const char     *tag,
                                                 guint64        *out_size);
/* Is the build @quant ("Q8_0") of a model installed: under its own @tag,
 * or under the model's @default_tag ("llama3.1:8b", which may be any
 * build) when Ollama reports that quantisation for it. */
gboolean        sy_models_ollama_has_build      (SyModelsOllama *self,
                                                 const char     *tag,
                                                 const char     *default_tag,
                                                 const char     *quant,
                                                 guint64        *out_size);
/* Installed models that are builds of @catalog's need no /api/show. */
void            sy_models_ollama_set_catalog    (SyModelsOllama *self,
                                                 SyModelCatalog *catalog);
/* SyCatalogModel: every installed model Ollama's /api/show could size,
 * so far (one by one after each listing). */
GPtrArray      *sy_models_ollama_get_sized_models (SyModelsOllama *self);
gboolean        sy_models_ollama_is_pulling     (SyModelsOllama *self,
                                                 const char     *tag);
void            sy_models_ollama_pull           (SyModelsOllama *self,
                                                 const char     *tag);
void            sy_models_ollama_cancel_pull    (SyModelsOllama *self,
                                                 const char     *tag);

/* The Ollama parts of the row that pulls @tag, the build @quant of the
 * model whose default tag is @default_tag (see has_build), which then
 * follow its state: the
 * "Installed" mark appended to @title_box, the Pull and Cancel buttons
 * to @actions (actions models.pull / models.cancel-pull), the progress
 * bar and a failure message to @text. Named "ollama-installed",
 * "ollama-pull", "ollama-cancel", "ollama-progress", "ollama-error". */
void            sy_models_ollama_add_to_row     (SyModelsOllama *self,
                                                 const char     *tag,
                                                 const char     *default_tag,
                                                 const char     *quant,
                                                 GtkBox         *title_box,
                                                 GtkBox         *text,
                                                 GtkBox         *actions);
/* Shows or hides @notice, saying how to start Ollama when unreachable. */
void            sy_models_ollama_update_notice  (SyModelsOllama *self,
                                                 GtkWidget      *notice,
                                                 GtkLabel       *label);

/* The page's actions models.pull (s), models.cancel-pull (s) and
 * models.list-installed, on SyModelsPage's class. */
void            sy_models_page_install_ollama_actions (GtkWidgetClass *widget_class);
SyModelsOllama *sy_models_page_get_ollama             (SyModelsPage   *self);

G_END_DECLS
