/* sy-preferences-window.c: backends, timeouts, the API key and routing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-field-check.h"
#include "sy-preferences-window-private.h"
#include "sy-rules-page.h"
#include "sy-secrets.h"

struct _SyPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  SyContext            *context;
  GSettings            *settings;
  SyRouter             *router;
  GCancellable         *cancellable;
  SyRulesPage          *rules_page;

  /* Template widgets */
  AdwEntryRow          *local_url_row;
  AdwEntryRow          *api_url_row;
  AdwEntryRow          *api_model_row;
  AdwEntryRow          *api_key_row;
  AdwActionRow         *key_status_row;
  GtkWidget            *clear_key_button;
  GtkAdjustment        *connect_adjustment;
  GtkAdjustment        *idle_adjustment;
  GtkSpinButton        *connect_spin;
  GtkSpinButton        *idle_spin;
};

G_DEFINE_FINAL_TYPE (SyPreferencesWindow, sy_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary functions ----------------------------------------------------- */

static void
set_key_status (SyPreferencesWindow *self,
                const char          *status,
                gboolean             can_clear)
{
  adw_action_row_set_subtitle (self->key_status_row, status);
  gtk_widget_set_sensitive (self->clear_key_button, can_clear);
}

static void
on_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sy_secrets_lookup_api_key_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Only whether a key exists is shown, never the key. */
  if (error != NULL && key == NULL)
    set_key_status (self, error->message, FALSE);
  else if (key != NULL && *key != '\0')
    set_key_status (self, _("Stored in your keyring"), TRUE);
  else
    set_key_status (self, _("No key stored: the hosted API will refuse requests"), FALSE);
}

static void
lookup_key (SyPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "chat-api-url");

  sy_secrets_lookup_api_key_async (url, self->cancellable, on_lookup_cb, g_object_ref (self));
}

/* What is saved is shown as it is: only the user's own edits get checked,
 * so a value saved elsewhere does not open the window with an error. */
static void
set_saved_text (SyPreferencesWindow *self,
                AdwEntryRow         *row,
                gpointer             changed_cb,
                const char          *text)
{
  g_signal_handlers_block_by_func (row, changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_handlers_unblock_by_func (row, changed_cb, self);
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_url_changed_cb (AdwEntryRow         *row,
                   SyPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  sy_field_check_validate (GTK_WIDGET (row), sy_field_check_url (text));
}

static void
on_model_changed_cb (AdwEntryRow         *row,
                     SyPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  sy_field_check_validate (GTK_WIDGET (row), sy_field_check_required (text));
}

static gboolean
apply_url (SyPreferencesWindow *self,
           AdwEntryRow         *row,
           const char          *key)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  /* An invalid URL is never saved: the old one keeps working. */
  if (!sy_field_check_validate (GTK_WIDGET (row), sy_field_check_url (trimmed)))
    return FALSE;

  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  g_settings_set_string (self->settings, key, trimmed);
  return TRUE;
}

static void
on_local_url_applied_cb (AdwEntryRow         *row,
                         SyPreferencesWindow *self)
{
  apply_url (self, row, "chat-local-url");
}

static void
on_api_url_applied_cb (AdwEntryRow         *row,
                       SyPreferencesWindow *self)
{
  /* The key is stored per API URL: another URL may have one, or none. */
  if (apply_url (self, row, "chat-api-url"))
    lookup_key (self);
}

static void
on_model_applied_cb (AdwEntryRow         *row,
                     SyPreferencesWindow *self)
{
  g_autofree char *model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (sy_field_check_validate (GTK_WIDGET (row), sy_field_check_required (model)))
    g_settings_set_string (self->settings, "chat-api-model", model);
}

static void
on_store_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SyPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sy_secrets_store_api_key_finish (result, &error))
    set_key_status (self, _("Stored in your keyring"), TRUE);
  else if (g_error_matches (error, SY_SECRETS_ERROR, SY_SECRETS_ERROR_NO_KEYRING))
    set_key_status (self, error->message, TRUE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_key_status (self, error->message, FALSE);
}

static void
on_key_applied_cb (AdwEntryRow         *row,
                   SyPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "chat-api-url");
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*key == '\0')
    return;

  set_key_status (self, _("Storing…"), FALSE);
  sy_secrets_store_api_key_async (url, key, self->cancellable, on_store_cb, g_object_ref (self));

  /* The key is not kept in the widget once it has been handed over. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_clear_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SyPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sy_secrets_clear_api_key_finish (result, &error))
    set_key_status (self, _("No key stored: the hosted API will refuse requests"), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_key_status (self, error->message, TRUE);
}

static void
on_clear_clicked_cb (SyPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "chat-api-url");

  sy_secrets_clear_api_key_async (url, self->cancellable, on_clear_cb, g_object_ref (self));
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_preferences_window_constructed (GObject *object)
{
  SyPreferencesWindow *self = SY_PREFERENCES_WINDOW (object);
  g_autofree char *local_url = NULL;
  g_autofree char *api_url = NULL;
  g_autofree char *api_model = NULL;

  G_OBJECT_CLASS (sy_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (self->settings != NULL);
  g_return_if_fail (self->router != NULL);

  self->rules_page = SY_RULES_PAGE (sy_rules_page_new (self->context));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->rules_page));

  local_url = g_settings_get_string (self->settings, "chat-local-url");
  api_url = g_settings_get_string (self->settings, "chat-api-url");
  api_model = g_settings_get_string (self->settings, "chat-api-model");
  set_saved_text (self, self->local_url_row, on_url_changed_cb, local_url);
  set_saved_text (self, self->api_url_row, on_url_changed_cb, api_url);
  set_saved_text (self, self->api_model_row, on_model_changed_cb, api_model);

  g_settings_bind (self->settings, "connect-timeout-seconds", self->connect_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "idle-timeout-seconds", self->idle_adjustment, "value", G_SETTINGS_BIND_DEFAULT);

  lookup_key (self);
}

static void
sy_preferences_window_show (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sy_preferences_window_parent_class)->show (widget);

  /* Not the first URL, selected: one stray keystroke would replace it. */
  gtk_window_set_focus (GTK_WINDOW (widget), NULL);
}

static void
sy_preferences_window_dispose (GObject *object)
{
  SyPreferencesWindow *self = SY_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (sy_preferences_window_parent_class)->dispose (object);
}

static void
sy_preferences_window_finalize (GObject *object)
{
  SyPreferencesWindow *self = SY_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->router);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sy_preferences_window_parent_class)->finalize (object);
}

static void
sy_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SyPreferencesWindow *self = SY_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      self->router = g_object_ref (sy_context_get_router (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_preferences_window_class_init (SyPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_preferences_window_constructed;
  object_class->dispose = sy_preferences_window_dispose;
  object_class->finalize = sy_preferences_window_finalize;
  object_class->set_property = sy_preferences_window_set_property;
  widget_class->show = sy_preferences_window_show;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-preferences-window.ui");
  sy_field_check_bind_template_callbacks (widget_class);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, local_url_row);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, api_model_row);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, clear_key_button);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, connect_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, idle_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, connect_spin);
  gtk_widget_class_bind_template_child (widget_class, SyPreferencesWindow, idle_spin);

  gtk_widget_class_bind_template_callback (widget_class, on_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_local_url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_api_url_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_model_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked_cb);
}

static void
sy_preferences_window_init (SyPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
sy_preferences_window_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_PREFERENCES_WINDOW, "context", context, NULL);
}

AdwEntryRow *
sy_preferences_window_get_url_row (SyPreferencesWindow *self,
                                   gboolean             local)
{
  g_return_val_if_fail (SY_IS_PREFERENCES_WINDOW (self), NULL);

  return local ? self->local_url_row : self->api_url_row;
}

SyRulesPage *
sy_preferences_window_get_rules_page (SyPreferencesWindow *self)
{
  g_return_val_if_fail (SY_IS_PREFERENCES_WINDOW (self), NULL);

  return self->rules_page;
}
