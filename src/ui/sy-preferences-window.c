/* sy-preferences-window.c: placeholder, being written */
#include "config.h"

#include "sy-preferences-window.h"

struct _SyPreferencesWindow
{
  AdwPreferencesWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (SyPreferencesWindow, sy_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
sy_preferences_window_class_init (SyPreferencesWindowClass *klass)
{
}

static void
sy_preferences_window_init (SyPreferencesWindow *self)
{
}

GtkWidget *
sy_preferences_window_new (GSettings *settings)
{
  return g_object_new (SY_TYPE_PREFERENCES_WINDOW, NULL);
}
