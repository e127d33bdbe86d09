/* sy-models-page-gguf.c: the Models page's "Open GGUF…"
 *
 * Talks to the page only through sy_models_page_add_own_model(); what it
 * keeps (the last error, the reading in progress) hangs on the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-file-chooser.h"
#include "sy-gguf.h"
#include "sy-models-page-gguf.h"
#include "sy-models-page-private.h"

#define ERROR_KEY   "sy-models-gguf-error"
#define READING_KEY "sy-models-gguf-reading"

/* Auxiliary functions */

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyGgufFile) gguf = sy_gguf_file_new_for_file (file, cancellable, &error);
  g_autofree char *basename = g_file_get_basename (file);
  SyCatalogModel *model;

  if (gguf == NULL || (model = sy_gguf_file_to_model (gguf, basename, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The file is the model's identity: opening it again replaces its row. */
  g_free (model->id);
  model->id = g_file_get_uri (file);
  g_task_return_pointer (task, model, (GDestroyNotify) sy_catalog_model_free);
}

static void
show_error (SyModelsPage *self,
            const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!GTK_IS_WINDOW (root))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Cannot Size This File"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Callbacks */

static void
on_read_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SyModelsPage *self = SY_MODELS_PAGE (source);
  g_autoptr(GError) error = NULL;
  SyCatalogModel *model = g_task_propagate_pointer (G_TASK (result), &error);

  g_object_set_data (G_OBJECT (self), READING_KEY, NULL);

  if (model == NULL)
    {
      GFile *file = g_task_get_task_data (G_TASK (result));
      g_autofree char *name = g_file_get_parse_name (file);
      /* Translators: a file name, then why it cannot be read */
      g_autofree char *message = g_strdup_printf (_("%s: %s"), name, error->message);

      g_object_set_data_full (G_OBJECT (self), ERROR_KEY, g_strdup (message), g_free);
      show_error (self, message);
      return;
    }

  g_object_set_data (G_OBJECT (self), ERROR_KEY, NULL);
  sy_models_page_add_own_model (self, model);
}

static void
on_file_chosen_cb (GtkWidget *owner,
                   GFile     *file)
{
  sy_models_page_open_gguf_file (SY_MODELS_PAGE (owner), file);
}

static void
open_gguf_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) gguf = gtk_file_filter_new ();

  gtk_file_filter_set_name (gguf, _("GGUF models"));
  gtk_file_filter_add_pattern (gguf, "*.gguf");
  sy_file_chooser_open (widget, _("Open GGUF File"), _("_Open"), gguf, on_file_chosen_cb);
}

/* Public API */

void
sy_models_page_install_gguf_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "models.open-gguf", NULL, open_gguf_action);
}

void
sy_models_page_open_gguf_file (SyModelsPage *self,
                               GFile        *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SY_IS_MODELS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, on_read_cb, NULL);
  g_task_set_source_tag (task, sy_models_page_open_gguf_file);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (self), READING_KEY, GINT_TO_POINTER (TRUE));
  g_task_run_in_thread (task, read_in_thread);
}

const char *
sy_models_page_get_gguf_error (SyModelsPage *self)
{
  return g_object_get_data (G_OBJECT (self), ERROR_KEY);
}

gboolean
sy_models_page_get_reading_gguf (SyModelsPage *self)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), READING_KEY));
}
