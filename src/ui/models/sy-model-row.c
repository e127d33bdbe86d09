/* sy-model-row.c: one catalogue model in the Models page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-adaptive-row.h"
#include "sy-model-catalog.h"
#include "sy-model-row.h"
#include "sy-models-page-rows.h"
#include "sy-tooltip.h"

struct _SyModelRow
{
  GtkListBoxRow     parent_instance;

  /* Template widgets */
  GtkWidget        *text_box;
  GtkWidget        *title_box;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *why_label;
  GtkLabel         *badge;
  GtkWidget        *actions_box;
  GtkWidget        *chat_button;
  AdwButtonContent *chat_button_content;
  GtkLabel         *speed_label;
};

G_DEFINE_FINAL_TYPE (SyModelRow, sy_model_row, GTK_TYPE_LIST_BOX_ROW)

/* Auxiliary functions ----------------------------------------------------- */

static char *
format_subtitle (const SyCatalogModel *model,
                 const SyFitResult    *result)
{
  g_autofree char *max = NULL;
  g_autofree char *context_text = NULL;

  /* The tag Pull downloads, which names the build sized here; a model
   * from a GGUF file has none. */
  const char *tag = sy_catalog_model_get_pull_tag (model, result->quant);
  const char *quant = sy_catalog_model_get_quant_name (model, result->quant);

  if (tag == NULL)
    tag = model->ollama_tag != NULL ? model->ollama_tag : _("GGUF file");

  /* With no usable GPU at all, the page says so once above the list. */
  if (result->available_bytes <= 0)
    /* Translators: use case · Ollama tag · quantisation */
    return g_strdup_printf (_("%s · %s · %s"), sy_use_case_get_label (model->use_case),
                            tag, quant);

  max = result->max_context_on_gpu > 0 ? sy_fit_format_context (result->max_context_on_gpu) : NULL;
  context_text = max != NULL
    /* Translators: "up to 12k tokens on the GPU" */
    ? g_strdup_printf (_("up to %s tokens on the GPU"), max)
    : g_strdup (_("no context fits on the GPU"));

  /* Translators: use case · Ollama tag · quantisation · context */
  return g_strdup_printf (_("%s · %s · %s · %s"), sy_use_case_get_label (model->use_case),
                          tag, quant, context_text);
}

static void
set_up_chat_button (SyModelRow           *self,
                    const SyCatalogModel *model,
                    const SyFitResult    *result,
                    const char           *chat_model)
{
  const char *tag = sy_catalog_model_get_pull_tag (model, result->quant);
  /* The default tag counts too: chosen before tags named their build. */
  gboolean current = g_strcmp0 (chat_model, tag) == 0 || g_strcmp0 (chat_model, model->ollama_tag) == 0;

  /* A GGUF file is no model Ollama can chat with by name. */
  if (tag == NULL)
    return;

  /* An embedding model cannot answer a chat. */
  if (g_strcmp0 (model->use_case, "embeddings") == 0)
    return;
  /* Nor can a model that does not fit here; one chosen before still says
   * it is the chat's. */
  if (result->verdict == SY_FIT_TOO_LARGE && !current)
    return;

  adw_button_content_set_label (self->chat_button_content, current ? _("Chat Model") : _("Use for Chat"));
  adw_button_content_set_icon_name (self->chat_button_content,
                                    current ? "object-select-symbolic" : "user-available-symbolic");
  gtk_widget_set_sensitive (self->chat_button, !current);
  sy_tooltip_set_text (self->chat_button, current ? _("The chat page uses this model")
                                                          : _("Make the chat page use this model with Ollama"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->chat_button), "models.use-for-chat");
  /* The build Pull downloads, so the chat asks for what is installed. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->chat_button), "s", tag);
  gtk_widget_set_visible (self->chat_button, TRUE);
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_model_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SY_TYPE_MODEL_ROW);

  G_OBJECT_CLASS (sy_model_row_parent_class)->dispose (object);
}

static void
sy_model_row_class_init (SyModelRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sy_model_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-model-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, title_box);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, why_label);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, badge);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, actions_box);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, chat_button);
  gtk_widget_class_bind_template_child (widget_class, SyModelRow, chat_button_content);
}

static void
sy_model_row_init (SyModelRow *self)
{
  GtkWidget *side, *adaptive;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* SyAdaptiveRow takes its halves only when it is created, so the
   * template holds them apart and they are put together here. The side
   * folds too: a fixed row of verdict and buttons would hold the whole
   * window wider than 360 px. */
  side = sy_adaptive_row_new (GTK_WIDGET (self->badge), self->actions_box, 12, 0);
  adaptive = sy_adaptive_row_new (self->text_box, side, 18, 260);
  gtk_widget_add_css_class (adaptive, "sy-model-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), adaptive);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
sy_model_row_new (const SyCatalogModel *model,
                  const SyFitResult    *result,
                  SyKvType              kv_type,
                  double                ram_budget,
                  const char           *chat_model)
{
  SyModelRow *self;
  GtkWidget *memory;
  g_autofree char *explain = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (SY_TYPE_MODEL_ROW, NULL);
  explain = sy_fit_explain (model, result, kv_type);
  subtitle = format_subtitle (model, result);

  gtk_label_set_text (self->title_label, model->name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->why_label, sy_catalog_model_get_description (model));
  /* Ellipsized to a line: the whole of it on hover. */
  sy_tooltip_set_text (GTK_WIDGET (self->why_label), sy_catalog_model_get_description (model));

  memory = sy_models_new_memory_box (result, ram_budget);
  sy_tooltip_set_text (memory, explain);
  gtk_box_append (GTK_BOX (self->text_box), memory);

  gtk_label_set_text (self->badge, sy_fit_verdict_get_label (result->verdict));
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), sy_models_verdict_css (result->verdict));
  sy_tooltip_set_text (GTK_WIDGET (self->badge), explain);

  set_up_chat_button (self, model, result, chat_model);

  return GTK_WIDGET (self);
}

GtkBox *
sy_model_row_get_title_box (SyModelRow *self)
{
  g_return_val_if_fail (SY_IS_MODEL_ROW (self), NULL);

  return GTK_BOX (self->title_box);
}

GtkBox *
sy_model_row_get_text_box (SyModelRow *self)
{
  g_return_val_if_fail (SY_IS_MODEL_ROW (self), NULL);

  return GTK_BOX (self->text_box);
}

GtkBox *
sy_model_row_get_actions_box (SyModelRow *self)
{
  g_return_val_if_fail (SY_IS_MODEL_ROW (self), NULL);

  return GTK_BOX (self->actions_box);
}

void
sy_model_row_set_speed (SyModelRow *self,
                        const char *text,
                        const char *tooltip)
{
  g_return_if_fail (SY_IS_MODEL_ROW (self));

  if (self->speed_label == NULL)
    {
      self->speed_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (self->speed_label, 0);
      gtk_label_set_wrap (self->speed_label, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->speed_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->speed_label), "caption");
      gtk_box_append (GTK_BOX (self->text_box), GTK_WIDGET (self->speed_label));
    }
  gtk_label_set_text (self->speed_label, text);
  sy_tooltip_set_text (GTK_WIDGET (self->speed_label), tooltip);
}

const char *
sy_model_row_get_speed (SyModelRow *self)
{
  g_return_val_if_fail (SY_IS_MODEL_ROW (self), NULL);

  return self->speed_label != NULL ? gtk_label_get_text (self->speed_label) : NULL;
}

void
sy_model_row_add_plan_button (SyModelRow *self,
                              const char *model_id)
{
  GtkWidget *button;

  g_return_if_fail (SY_IS_MODEL_ROW (self));

  button = gtk_button_new_with_mnemonic (_("Plan on _Costs Page"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  sy_tooltip_set_text (button, _("Add these cards running this model as a local option on the Costs page"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "models.plan-on-costs");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", model_id);
  gtk_box_append (GTK_BOX (self->actions_box), button);
}
