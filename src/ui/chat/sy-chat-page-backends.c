/* sy-chat-page-backends.c: the Chat page's backend and model choice, the
 * API key and the notice about a missing server or key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-chat-page-private.h"
#include "sy-secrets.h"
#include "sy-tooltip.h"

/* The drop-downs' popup rows (sy-chat-dropdown-row.ui) ------------------- */

/* @list_view: the row's list view, or NULL while the row is not in one. */
static GtkDropDown *
dropdown_of (GtkListItem *item,
             GtkWidget   *list_view)
{
  GtkWidget *dropdown = list_view ? gtk_widget_get_ancestor (list_view, GTK_TYPE_DROP_DOWN) : NULL;

  return dropdown ? g_object_ref (GTK_DROP_DOWN (dropdown)) : NULL;
}

static double
check_opacity (GtkListItem *item,
               GObject     *object,
               GObject     *selected)
{
  return object != NULL && object == selected ? 1.0 : 0.0;
}

GtkListItemFactory *
_sy_chat_page_new_dropdown_row_factory (void)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();

  gtk_builder_cscope_add_callback_symbols (GTK_BUILDER_CSCOPE (scope),
                                           "dropdown_of", G_CALLBACK (dropdown_of),
                                           "check_opacity", G_CALLBACK (check_opacity),
                                           NULL);

  return gtk_builder_list_item_factory_new_from_resource (scope, RESOURCE_PREFIX "/ui/sy-chat-dropdown-row.ui");
}

/* The backend drop-down's button: a short name ("Local"), the popup's rows
 * the whole one ("Local (Ollama)"), so that in a 360 px window the model
 * beside it has the room for its name. Positions are SyChatMode's. */
static void
setup_backend_button (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_backend_button (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  const char *names[] = {
    [SY_CHAT_MODE_LOCAL] = N_("Local"),
    [SY_CHAT_MODE_HOSTED] = N_("Hosted"),
    [SY_CHAT_MODE_AUTO] = N_("Auto"),
  };
  guint position = gtk_list_item_get_position (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       position < G_N_ELEMENTS (names) && names[position] != NULL ? _(names[position]) : "");
}

GtkListItemFactory *
_sy_chat_page_new_backend_button_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_backend_button), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_backend_button), NULL);

  return factory;
}

/* The backend and the model ------------------------------------------------- */

/* The model list belongs to the backend chosen in the header. */
static const char *
model_key (SyChatPage *self)
{
  return _sy_chat_page_get_chosen_mode (self) == SY_CHAT_MODE_HOSTED ? "chat-api-model" : "chat-local-model";
}

void
_sy_chat_page_update_notice (SyChatPage *self)
{
  SyChatMode mode = _sy_chat_page_get_mode (self);
  g_autofree char *url = NULL;

  g_clear_pointer (&self->notice, g_free);

  /* Auto and compare send to both backends: either may be missing. */
  if (mode != SY_CHAT_MODE_LOCAL && !self->have_api_key)
    {
      self->notice = g_strdup (_("Add your API key in Preferences to chat with the hosted API."));
      gtk_button_set_label (self->notice_button, _("_Preferences"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->notice_button), "app.preferences");
    }
  else if (mode != SY_CHAT_MODE_HOSTED && !self->ollama_reachable)
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
_sy_chat_page_dup_selected_model (SyChatPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->model_dropdown);

  if (item != NULL)
    return g_strdup (gtk_string_object_get_string (item));

  return g_settings_get_string (self->settings, model_key (self));
}

/* A narrow window cuts the model's name short on the button: it is
 * whole on hover. */
static void
update_model_tooltip (SyChatPage *self)
{
  g_autofree char *model = _sy_chat_page_dup_selected_model (self);
  /* Translators: the tooltip of the chat's model drop-down */
  g_autofree char *tooltip = g_strdup_printf (_("Model: %s"), model);

  sy_tooltip_set_text (GTK_WIDGET (self->model_dropdown), tooltip);
}

/* Fills the model list with @names and the configured model, selected. */
void
_sy_chat_page_set_model_names (SyChatPage *self,
                               GStrv       names)
{
  g_autofree char *wanted = g_settings_get_string (self->settings, model_key (self));
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
  update_model_tooltip (self);
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

  if (_sy_chat_page_get_chosen_mode (self) != SY_CHAT_MODE_HOSTED)
    _sy_chat_page_set_model_names (self, names);
  _sy_chat_page_update_notice (self);
}

static void
on_lookup_key_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SyChatPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  key = sy_secrets_lookup_api_key_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  sy_openai_backend_set_api_key (self->openai, key);
  self->have_api_key = key != NULL && *key != '\0';
  _sy_chat_page_update_notice (self);
  _sy_chat_page_api_key_looked_up (self);
}

void
_sy_chat_page_lookup_api_key (SyChatPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "chat-api-url");

  sy_secrets_lookup_api_key_async (url, self->lifetime, on_lookup_key_cb, g_object_ref (self));
}

void
_sy_chat_page_refresh_models (SyChatPage *self)
{
  sy_backend_list_models_async (SY_BACKEND (self->ollama), self->lifetime, on_list_models_cb, g_object_ref (self));
}

void
_sy_chat_page_backend_changed (SyChatPage *self)
{
  SyChatMode chosen = _sy_chat_page_get_chosen_mode (self);

  g_settings_set_string (self->settings, "chat-backend", chosen == SY_CHAT_MODE_HOSTED ? "openai" :
                                                         chosen == SY_CHAT_MODE_AUTO ? "auto" : "ollama");

  if (chosen == SY_CHAT_MODE_HOSTED)
    {
      g_auto(GStrv) priced = sy_price_table_dup_models (sy_cost_model_get_price_table (self->cost_model));

      _sy_chat_page_set_model_names (self, priced);
      _sy_chat_page_lookup_api_key (self);
    }
  else
    {
      _sy_chat_page_refresh_models (self);
      /* Auto may route to the API. */
      if (chosen == SY_CHAT_MODE_AUTO)
        _sy_chat_page_lookup_api_key (self);
    }

  _sy_chat_page_update_notice (self);
}

void
_sy_chat_page_model_selected (SyChatPage *self)
{
  g_autofree char *model = NULL;

  if (self->updating_models || gtk_drop_down_get_selected_item (self->model_dropdown) == NULL)
    return;

  update_model_tooltip (self);
  model = _sy_chat_page_dup_selected_model (self);
  self->updating_models = TRUE;
  g_settings_set_string (self->settings, model_key (self), model);
  self->updating_models = FALSE;
}

void
_sy_chat_page_apply_setting (SyChatPage *self,
                             const char *key)
{
  g_autofree char *url = NULL;

  if (g_str_equal (key, "chat-local-url"))
    {
      url = g_settings_get_string (self->settings, key);
      sy_backend_set_base_url (SY_BACKEND (self->ollama), url);
      _sy_chat_page_refresh_models (self);
    }
  else if (g_str_equal (key, "chat-api-url"))
    {
      url = g_settings_get_string (self->settings, key);
      sy_backend_set_base_url (SY_BACKEND (self->openai), url);
      self->have_api_key = FALSE;
      _sy_chat_page_lookup_api_key (self);
    }
  else if (g_str_equal (key, "connect-timeout-seconds") || g_str_equal (key, "idle-timeout-seconds"))
    {
      guint connect_ms = g_settings_get_uint (self->settings, "connect-timeout-seconds") * 1000;
      guint idle_ms = g_settings_get_uint (self->settings, "idle-timeout-seconds") * 1000;

      sy_backend_set_connect_timeout (SY_BACKEND (self->ollama), connect_ms);
      sy_backend_set_connect_timeout (SY_BACKEND (self->openai), connect_ms);
      sy_backend_set_idle_timeout (SY_BACKEND (self->ollama), idle_ms);
      sy_backend_set_idle_timeout (SY_BACKEND (self->openai), idle_ms);
    }
  else if (g_str_equal (key, model_key (self)) && !self->updating_models)
    {
      /* "Use for chat" on the Models page: select it, adding it if new. */
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) names = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
        g_strv_builder_add (builder, gtk_string_list_get_string (self->models, i));
      names = g_strv_builder_end (builder);
      _sy_chat_page_set_model_names (self, names);
    }
}
