/* sy-chat-page-backends.c: the Chat page's backend and model choice, the
 * API key and the notice about a missing server or key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"
#include "sy-secrets.h"

gboolean
sy_chat_page_is_hosted (SyChatPage *self)
{
  return gtk_drop_down_get_selected (self->backend_dropdown) == BACKEND_HOSTED;
}

SyBackend *
sy_chat_page_current_backend (SyChatPage *self)
{
  return sy_chat_page_is_hosted (self) ? SY_BACKEND (self->openai) : SY_BACKEND (self->ollama);
}

const char *
sy_chat_page_current_model_key (SyChatPage *self)
{
  return sy_chat_page_is_hosted (self) ? "chat-api-model" : "chat-local-model";
}

void
sy_chat_page_update_notice (SyChatPage *self)
{
  g_autofree char *url = NULL;

  /* Auto and compare send to both backends: either may be missing. */
  gboolean needs_api = gtk_drop_down_get_selected (self->backend_dropdown) != BACKEND_LOCAL ||
                       sy_chat_page_is_compare (self);
  gboolean needs_local = !sy_chat_page_is_hosted (self) || sy_chat_page_is_compare (self);

  g_clear_pointer (&self->notice, g_free);

  if (needs_api && !self->have_api_key)
    {
      self->notice = g_strdup (_("Add your API key in Preferences to chat with the hosted API."));
      gtk_button_set_label (self->notice_button, _("_Preferences"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->notice_button), "app.preferences");
    }
  else if (needs_local && !self->ollama_reachable)
    {
      url = g_settings_get_string (self->settings, "chat-local-url");
      /* Everything else keeps working: only this backend needs the server. */
      self->notice = g_strdup_printf (_("No Ollama server answers at %s. Start one with “ollama serve”, "
                                        "or choose the hosted API."), url);
      gtk_button_set_label (self->notice_button, _("_Retry"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->notice_button), "chat.refresh-models");
    }

  gtk_button_set_use_underline (self->notice_button, TRUE);
  gtk_label_set_text (self->notice_label, self->notice ? self->notice : "");
  gtk_revealer_set_reveal_child (self->notice_revealer, self->notice != NULL);
}

char *
sy_chat_page_dup_selected_model (SyChatPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->model_dropdown);

  if (item != NULL)
    return g_strdup (gtk_string_object_get_string (item));

  return g_settings_get_string (self->settings, sy_chat_page_current_model_key (self));
}

void
sy_chat_page_set_model_names (SyChatPage  *self,
                 GStrv        names)
{
  g_autofree char *wanted = g_settings_get_string (self->settings, sy_chat_page_current_model_key (self));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  guint selected = 0;

  if (!g_strv_contains ((const char * const *) names, wanted) && *wanted != '\0')
    g_strv_builder_add (builder, wanted);
  g_strv_builder_addv (builder, (const char **) names);
  all = g_strv_builder_end (builder);

  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_equal (all[i], wanted))
      selected = i;

  self->updating_models = TRUE;
  gtk_string_list_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)),
                          (const char * const *) all);
  gtk_drop_down_set_selected (self->model_dropdown, selected);
  self->updating_models = FALSE;
}

static void
on_list_models_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  models = sy_backend_list_models_finish (SY_BACKEND (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->ollama_reachable = models != NULL;
  for (guint i = 0; models != NULL && i < models->len; i++)
    g_strv_builder_add (builder, ((SyInstalledModel *) g_ptr_array_index (models, i))->name);
  names = g_strv_builder_end (builder);

  if (!sy_chat_page_is_hosted (self))
    sy_chat_page_set_model_names (self, names);
  sy_chat_page_update_notice (self);
}

static void
on_lookup_key_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean send = self->send_after_lookup;

  key = sy_secrets_lookup_api_key_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->send_after_lookup = FALSE;
  sy_openai_backend_set_api_key (self->openai, key);
  self->have_api_key = key != NULL && *key != '\0';
  sy_chat_page_update_notice (self);

  if (send && self->have_api_key)
    sy_chat_page_send_prompt (self);
  else if (send)
    sy_chat_page_show_toast (self, _("Add your API key in Preferences"));
}

void
sy_chat_page_lookup_api_key (SyChatPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "chat-api-url");

  sy_secrets_lookup_api_key_async (url, self->lifetime, on_lookup_key_cb, g_object_ref (self));
}

void
sy_chat_page_refresh_models (SyChatPage *self)
{
  sy_backend_list_models_async (SY_BACKEND (self->ollama), self->lifetime, on_list_models_cb, g_object_ref (self));
}

void
sy_chat_page_backend_changed (SyChatPage *self)
{
  g_settings_set_string (self->settings, "chat-backend", sy_chat_page_is_hosted (self) ? "openai" :
                                                         sy_chat_page_is_auto (self) ? "auto" : "ollama");

  if (sy_chat_page_is_hosted (self))
    {
      g_auto(GStrv) priced = sy_price_table_dup_models (sy_cost_model_get_price_table (self->cost_model));

      sy_chat_page_set_model_names (self, priced);
      sy_chat_page_lookup_api_key (self);
    }
  else
    {
      sy_chat_page_refresh_models (self);
      /* Auto may route to the API. */
      if (sy_chat_page_is_auto (self))
        sy_chat_page_lookup_api_key (self);
    }

  sy_chat_page_update_notice (self);
  /* The model list shows for one backend only; Auto has the chooser. */
  sy_chat_page_update_view (self);
}

void
sy_chat_page_model_changed (SyChatPage *self)
{
  g_autofree char *model = NULL;

  if (self->updating_models || gtk_drop_down_get_selected_item (self->model_dropdown) == NULL)
    return;

  model = sy_chat_page_dup_selected_model (self);
  self->updating_models = TRUE;
  g_settings_set_string (self->settings, sy_chat_page_current_model_key (self), model);
  self->updating_models = FALSE;
}

void
sy_chat_page_settings_changed (GSettings  *settings,
                        const char *key,
                        SyChatPage *self)
{
  g_autofree char *url = NULL;

  if (g_str_equal (key, "chat-local-url"))
    {
      url = g_settings_get_string (settings, key);
      sy_backend_set_base_url (SY_BACKEND (self->ollama), url);
      sy_chat_page_refresh_models (self);
    }
  else if (g_str_equal (key, "chat-api-url"))
    {
      url = g_settings_get_string (settings, key);
      sy_backend_set_base_url (SY_BACKEND (self->openai), url);
      self->have_api_key = FALSE;
      sy_chat_page_lookup_api_key (self);
    }
  else if (g_str_equal (key, "chat-compare"))
    {
      if (sy_chat_page_is_compare (self))
        sy_chat_page_lookup_api_key (self);
      sy_chat_page_update_notice (self);
      sy_chat_page_update_view (self);
    }
  else if (g_str_equal (key, "connect-timeout-seconds") || g_str_equal (key, "idle-timeout-seconds"))
    {
      guint connect_ms = g_settings_get_uint (settings, "connect-timeout-seconds") * 1000;
      guint idle_ms = g_settings_get_uint (settings, "idle-timeout-seconds") * 1000;

      sy_backend_set_connect_timeout (SY_BACKEND (self->ollama), connect_ms);
      sy_backend_set_connect_timeout (SY_BACKEND (self->openai), connect_ms);
      sy_backend_set_idle_timeout (SY_BACKEND (self->ollama), idle_ms);
      sy_backend_set_idle_timeout (SY_BACKEND (self->openai), idle_ms);
    }
  else if (g_str_equal (key, sy_chat_page_current_model_key (self)) && !self->updating_models)
    {
      /* "Use for chat" on the Models page: select it, adding it if new. */
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
        g_strv_builder_add (builder, gtk_string_list_get_string (self->models, i));
      names = g_strv_builder_end (builder);
      sy_chat_page_set_model_names (self, names);
    }
}

static void
on_dropdown_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (ellipsize != NULL)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_dropdown_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

/* The buttons shrink (ellipsized) so a 360 px window fits; the popups
 * show the names whole. */
void
sy_chat_page_set_dropdown_factories (GtkDropDown *dropdown)
{
  for (guint i = 0; i < 2; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_dropdown_setup_cb), i == 0 ? GINT_TO_POINTER (1) : NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_dropdown_bind_cb), NULL);
      if (i == 0)
        gtk_drop_down_set_factory (dropdown, factory);
      else
        gtk_drop_down_set_list_factory (dropdown, factory);
      g_object_unref (factory);
    }
}
