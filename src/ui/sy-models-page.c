/* sy-models-page.c: placeholder, being written */
#include "config.h"

#include "sy-models-page.h"

struct _SyModelsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (SyModelsPage, sy_models_page, ADW_TYPE_BIN)

static void
sy_models_page_class_init (SyModelsPageClass *klass)
{
}

static void
sy_models_page_init (SyModelsPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}

GtkWidget *
sy_models_page_new (GSettings *settings)
{
  return g_object_new (SY_TYPE_MODELS_PAGE, NULL);
}
