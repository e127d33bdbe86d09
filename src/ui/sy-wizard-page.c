/* sy-wizard-page.c: placeholder, being written */
#include "config.h"

#include "sy-wizard-page.h"

struct _SyWizardPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (SyWizardPage, sy_wizard_page, ADW_TYPE_BIN)

static void
sy_wizard_page_class_init (SyWizardPageClass *klass)
{
}

static void
sy_wizard_page_init (SyWizardPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}

GtkWidget *
sy_wizard_page_new (SyCostModel *cost_model, GSettings *settings)
{
  return g_object_new (SY_TYPE_WIZARD_PAGE, NULL);
}
