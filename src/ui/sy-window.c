/* sy-window.c: the main window, one page per question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-chat-page.h"
#include "sy-costs-page.h"
#include "sy-models-page.h"
#include "sy-pilot-view.h"
#include "sy-toast.h"
#include "sy-window.h"
#include "sy-wizard-page.h"

/* Pages are built the first time they are shown: start-up then pays for
 * the page the user sees, not for all four. */
typedef GtkWidget *(*PageFactory) (SyContext *context);

typedef struct
{
  const char  *name;
  const char  *title;
  const char  *icon_name;
  PageFactory  factory;
} PageInfo;

struct _SyWindow
{
  AdwApplicationWindow  parent_instance;

  SyContext            *context;
  GSettings            *settings;      /* the context's */
  GHashTable           *built_pages;   /* name → page widget (owned by its AdwBin) */
  GtkWidget            *pilot_view;    /* weak: open while not NULL */
  gboolean              restoring_pages;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  AdwSqueezer          *title_squeezer;
  GtkWidget            *wide_title;
  GtkWidget            *narrow_title;
  AdwViewSwitcherBar   *switcher_bar;
};

G_DEFINE_FINAL_TYPE (SyWindow, sy_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
restore_geometry (SyWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 400));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
sy_window_close_request (GtkWindow *window)
{
  SyWindow *self = SY_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "visible-page",
                         adw_view_stack_get_visible_child_name (self->stack));

  return GTK_WINDOW_CLASS (sy_window_parent_class)->close_request (window);
}

static const PageInfo pages[] = {
  { "decide", N_("Decide"), APP_ID ".decide-symbolic", sy_wizard_page_new },
  { "costs", N_("Costs"), APP_ID ".costs-symbolic", sy_costs_page_new },
  { "models", N_("Models"), APP_ID ".models-symbolic", sy_models_page_new },
  { "chat", N_("Chat"), APP_ID ".chat-symbolic", sy_chat_page_new },
};

static GtkWidget *
ensure_page (SyWindow   *self,
             const char *name)
{
  GtkWidget *page = g_hash_table_lookup (self->built_pages, name);
  GtkWidget *holder;

  if (page != NULL)
    return page;

  holder = adw_view_stack_get_child_by_name (self->stack, name);
  if (holder == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0)
      {
        page = pages[i].factory (self->context);
        adw_bin_set_child (ADW_BIN (holder), page);
        g_hash_table_insert (self->built_pages, (gpointer) pages[i].name, page);
        break;
      }

  return page;
}

static void
on_visible_child_changed_cb (AdwViewStack *stack,
                             GParamSpec   *pspec,
                             SyWindow     *self)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);

  /* Adding the pages shows the first one for a moment: only the page
   * restored from the settings is built at start-up. */
  if (name != NULL && !self->restoring_pages)
    ensure_page (self, name);
}

/* The switcher goes to the bottom bar when the header has room only for
 * the name. */
static void
on_title_squeezed_cb (AdwSqueezer *squeezer,
                      GParamSpec  *pspec,
                      SyWindow    *self)
{
  /* Called while the template is still being built, too. */
  if (self->switcher_bar == NULL)
    return;

  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_squeezer_get_visible_child (squeezer) == self->narrow_title);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sy_window_show_page (SY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_numbers_used_cb (SyPilotView *view,
                    AdwToast    *toast,
                    SyWindow    *self)
{
  sy_window_show_page (self, "costs");
  /* The view keeps its reference until the emission ends. */
  sy_window_add_toast (self, g_object_ref (toast));
  gtk_window_present (GTK_WINDOW (self));
}

static void
pilot_summary_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SyWindow *self = SY_WINDOW (widget);

  /* One summary per window: asking again brings it forward. */
  if (self->pilot_view == NULL)
    {
      self->pilot_view = sy_pilot_view_new (self->context);
      g_object_add_weak_pointer (G_OBJECT (self->pilot_view), (gpointer *) &self->pilot_view);
      gtk_window_set_transient_for (GTK_WINDOW (self->pilot_view), GTK_WINDOW (self));
      g_signal_connect_object (self->pilot_view, "numbers-used", G_CALLBACK (on_numbers_used_cb), self, 0);
    }

  gtk_window_present (GTK_WINDOW (self->pilot_view));
}

static void
sy_window_constructed (GObject *object)
{
  SyWindow *self = SY_WINDOW (object);
  g_autofree char *visible = NULL;

  G_OBJECT_CLASS (sy_window_parent_class)->constructed (object);

  self->settings = sy_context_get_settings (self->context);
  restore_geometry (self);

  self->restoring_pages = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      AdwViewStackPage *page = adw_view_stack_add_titled (self->stack, adw_bin_new (),
                                                          pages[i].name, _(pages[i].title));
      adw_view_stack_page_set_icon_name (page, pages[i].icon_name);
    }

  visible = g_settings_get_string (self->settings, "visible-page");
  if (adw_view_stack_get_child_by_name (self->stack, visible) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, visible);
  self->restoring_pages = FALSE;

  ensure_page (self, adw_view_stack_get_visible_child_name (self->stack));
}

static void
sy_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SyWindow *self = SY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SyWindow *self = SY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_window_dispose (GObject *object)
{
  SyWindow *self = SY_WINDOW (object);

  if (self->pilot_view != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->pilot_view), (gpointer *) &self->pilot_view);
      gtk_window_destroy (GTK_WINDOW (self->pilot_view));
      self->pilot_view = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_WINDOW);
  g_clear_object (&self->context);
  g_clear_pointer (&self->built_pages, g_hash_table_unref);

  G_OBJECT_CLASS (sy_window_parent_class)->dispose (object);
}

static void
sy_window_class_init (SyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sy_window_constructed;
  object_class->dispose = sy_window_dispose;
  object_class->get_property = sy_window_get_property;
  object_class->set_property = sy_window_set_property;
  window_class->close_request = sy_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SyWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SyWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, SyWindow, wide_title);
  gtk_widget_class_bind_template_child (widget_class, SyWindow, narrow_title);
  gtk_widget_class_bind_template_child (widget_class, SyWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_title_squeezed_cb);

  /* Pages move the user along ("See the break-even" opens Costs). */
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.pilot-summary", NULL, pilot_summary_action);
}

static void
sy_window_init (SyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_title_squeezed_cb (self->title_squeezer, NULL, self);

  self->built_pages = g_hash_table_new (g_str_hash, g_str_equal);
}

SyWindow *
sy_window_new (AdwApplication *application,
               SyContext      *context)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_WINDOW, "application", application, "context", context, NULL);
}

void
sy_window_show_page (SyWindow   *self,
                     const char *name)
{
  g_return_if_fail (SY_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

const char *
sy_window_get_visible_page (SyWindow *self)
{
  g_return_val_if_fail (SY_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

GtkWidget *
sy_window_get_page (SyWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SY_IS_WINDOW (self), NULL);

  return ensure_page (self, name);
}

void
sy_window_add_toast (SyWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* TRUE when the header shows the app's name, beside the view switcher
 * (wide) or alone with the switcher in the bottom bar (narrow). */
gboolean
sy_window_get_name_visible (SyWindow *self)
{
  GtkWidget *visible;

  g_return_val_if_fail (SY_IS_WINDOW (self), FALSE);

  visible = adw_squeezer_get_visible_child (self->title_squeezer);
  return visible == self->wide_title || visible == self->narrow_title;
}

/* TRUE when the view switcher is in the bottom bar. */
gboolean
sy_window_get_switcher_at_bottom (SyWindow *self)
{
  g_return_val_if_fail (SY_IS_WINDOW (self), FALSE);

  return adw_view_switcher_bar_get_reveal (self->switcher_bar);
}

GtkWidget *
sy_window_get_pilot_view (SyWindow *self)
{
  g_return_val_if_fail (SY_IS_WINDOW (self), NULL);

  return self->pilot_view;
}
