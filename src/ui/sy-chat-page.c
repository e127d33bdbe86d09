/* sy-chat-page.c: placeholder, being written */
#include "config.h"

#include "sy-chat-page.h"

struct _SyChatPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (SyChatPage, sy_chat_page, ADW_TYPE_BIN)

static void
sy_chat_page_class_init (SyChatPageClass *klass)
{
}

static void
sy_chat_page_init (SyChatPage *self)
{
  adw_bin_set_child (ADW_BIN (self), adw_status_page_new ());
}

GtkWidget *
sy_chat_page_new (SyCostModel *cost_model,
                  GSettings   *settings)
{
  return g_object_new (SY_TYPE_CHAT_PAGE, NULL);
}
