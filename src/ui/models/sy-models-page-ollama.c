/* sy-models-page-ollama.c: installed models and pulls, from the local Ollama
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-format.h"
#include "sy-model-describe.h"
#include "sy-models-page-ollama.h"
#include "sy-ollama-backend.h"
#include "sy-pull-progress.h"
#include "sy-tooltip.h"

#define PULSE_INTERVAL_MS 150

/* One pull, running (cancellable set) or failed (error set). */
typedef struct
{
  GCancellable   *cancellable;
  SyPullProgress *progress;
  char           *error;
} Pull;

/* What a running pull's callbacks need; the pull they belong to is the
 * one in the table with the same cancellable, else they are stale. */
typedef struct
{
  SyModelsOllama  *self;
  SyOllamaBackend *backend;
  GCancellable    *cancellable;
  char            *tag;
} PullJob;

/* The widgets of one row; kept on the progress bar's box. */
typedef struct
{
  char      *tag;
  char      *default_tag;
  char      *quant;
  GtkWidget *mark;
  GtkWidget *pull_button;
  GtkWidget *cancel_button;
  GtkWidget *progress_box;
  GtkWidget *progress;
  GtkWidget *error_label;
} View;

struct _SyModelsOllama
{
  GObject          parent_instance;

  SyOllamaBackend *backend;
  char            *base_url;
  GCancellable    *list_cancellable;
  GHashTable      *installed;  /* name → SyInstalledModel */
  GHashTable      *pulls;      /* tag → Pull */
  GCancellable    *show_cancellable;
  GPtrArray       *sized;      /* SyCatalogModel: installed models, from /api/show */
  SyModelCatalog  *catalog;    /* whose builds need no /api/show */
  char            *list_error;
  guint            pulse_id;
  gboolean         listing;
  gboolean         reachable;
  gboolean         shut_down;
};

G_DEFINE_FINAL_TYPE (SyModelsOllama, sy_models_ollama, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary functions */

static void
pull_free (Pull *pull)
{
  if (pull->cancellable != NULL)
    g_cancellable_cancel (pull->cancellable);
  g_clear_object (&pull->cancellable);
  sy_pull_progress_free (pull->progress);
  g_free (pull->error);
  g_free (pull);
}

static void
pull_job_free (PullJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->backend);
  g_object_unref (job->cancellable);
  g_free (job->tag);
  g_free (job);
}

static void
view_free (View *view)
{
  g_free (view->tag);
  g_free (view->default_tag);
  g_free (view->quant);
  g_object_unref (view->mark);
  g_object_unref (view->pull_button);
  g_object_unref (view->cancel_button);
  g_free (view);
}

static void
emit_changed (SyModelsOllama *self,
              const char     *tag)
{
  if (!self->shut_down)
    g_signal_emit (self, signals[CHANGED], 0, tag);
}

static const SyInstalledModel *
find_installed (SyModelsOllama *self,
                const char     *tag)
{
  const SyInstalledModel *info = g_hash_table_lookup (self->installed, tag);

  /* Ollama names an untagged pull "name:latest". */
  if (info == NULL && strchr (tag, ':') == NULL)
    {
      g_autofree char *latest = g_strconcat (tag, ":latest", NULL);

      info = g_hash_table_lookup (self->installed, latest);
    }

  return info;
}

/* The backend's message and what to do about it, for a person. */
static char *
describe_error (const GError *error)
{
  const char *suggestion = error->domain == SY_BACKEND_ERROR ? sy_backend_error_get_suggestion (error) : NULL;

  if (suggestion != NULL && *suggestion != '\0')
    /* Translators: an error message, then what to do about it */
    return g_strdup_printf (_("%s — %s"), error->message, suggestion);

  return g_strdup (error->message);
}

static gboolean
on_pulse_cb (gpointer user_data)
{
  SyModelsOllama *self = user_data;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  g_hash_table_iter_init (&iter, self->pulls);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Pull *pull = value;

      if (pull->cancellable != NULL && sy_pull_progress_get_fraction (pull->progress) < 0)
        g_ptr_array_add (tags, g_strdup (key));
    }

  /* Copied first: a handler may start or end a pull. */
  for (guint i = 0; i < tags->len; i++)
    emit_changed (self, g_ptr_array_index (tags, i));

  return G_SOURCE_CONTINUE;
}

/* A timer pulses the bars of pulls without a total, while any runs. */
static void
update_pulse_timer (SyModelsOllama *self)
{
  GHashTableIter iter;
  gpointer value;
  gboolean running = FALSE;

  g_hash_table_iter_init (&iter, self->pulls);
  while (!running && g_hash_table_iter_next (&iter, NULL, &value))
    running = ((Pull *) value)->cancellable != NULL;

  if (running && !self->shut_down && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, on_pulse_cb, self);
  else if ((!running || self->shut_down) && self->pulse_id != 0)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
view_update (View           *view,
             SyModelsOllama *self)
{
  guint64 size = 0;
  gboolean installed = self->reachable &&
                       sy_models_ollama_has_build (self, view->tag, view->default_tag, view->quant, &size);
  Pull *pull = g_hash_table_lookup (self->pulls, view->tag);
  gboolean pulling = pull != NULL && pull->cancellable != NULL;
  gboolean failed = pull != NULL && !pulling && pull->error != NULL;
  const char *phase;
  double fraction;

  gtk_widget_set_visible (view->mark, installed && !pulling);
  if (installed && size > 0)
    {
      g_autofree char *size_text = g_format_size (size);
      /* Translators: the size of the model's files */
      g_autofree char *tooltip = g_strdup_printf (_("Installed in Ollama · %s on disk"), size_text);

      sy_tooltip_set_text (view->mark, tooltip);
    }
  else
    sy_tooltip_set_text (view->mark, _("Installed in Ollama"));

  gtk_widget_set_visible (view->pull_button, self->reachable && !installed && !pulling);
  gtk_widget_set_visible (view->cancel_button, pulling);
  gtk_widget_set_visible (view->progress_box, pulling || failed);
  gtk_widget_set_visible (view->progress, pulling);
  gtk_widget_set_visible (view->error_label, failed);

  if (failed)
    gtk_label_set_text (GTK_LABEL (view->error_label), pull->error);

  if (!pulling)
    return;

  fraction = sy_pull_progress_get_fraction (pull->progress);
  phase = sy_pull_progress_get_phase (pull->progress);
  if (fraction >= 0)
    {
      g_autofree char *done = g_format_size (sy_pull_progress_get_completed (pull->progress));
      g_autofree char *total = g_format_size (sy_pull_progress_get_total (pull->progress));
      g_autofree char *percent = sy_format_decimal (floor (fraction * 100), 0);
      /* Translators: bytes downloaded of all the model's bytes · percent done */
      g_autofree char *text = g_strdup_printf (_("%s of %s · %s %%"), done, total, percent);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (view->progress), fraction);
      /* Between and after the layers, Ollama's own words ("verifying
       * sha256 digest", "writing manifest") over the bar where it stopped. */
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (view->progress), phase != NULL ? phase : text);
    }
  else
    {
      gtk_progress_bar_pulse (GTK_PROGRESS_BAR (view->progress));
      /* "pulling manifest" */
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (view->progress),
                                 phase != NULL ? phase : _("Starting…"));
    }
}

/* Callbacks */

static void
on_changed_cb (SyModelsOllama *self,
               const char     *tag,
               GtkWidget      *progress_box)
{
  View *view = g_object_get_data (G_OBJECT (progress_box), "sy-ollama-view");

  if (tag == NULL || g_strcmp0 (tag, view->tag) == 0)
    view_update (view, self);
}

/* A build the catalogue offers: "llama3.1:8b", "llama3.1:8b-instruct-q8_0",
 * "nomic-embed-text:latest". */
static gboolean
is_catalogue_tag (SyModelsOllama *self,
                  const char     *tag)
{
  g_autofree char *bare = g_str_has_suffix (tag, ":latest") ? g_strndup (tag, strlen (tag) - strlen (":latest"))
                                                           : g_strdup (tag);

  for (guint i = 0; i < sy_model_catalog_get_n_models (self->catalog); i++)
    {
      const SyCatalogModel *model = sy_model_catalog_get_model (self->catalog, i);

      if (g_strcmp0 (model->ollama_tag, tag) == 0 || g_strcmp0 (model->ollama_tag, bare) == 0)
        return TRUE;
      for (guint quant = 0; quant < SY_N_QUANTS; quant++)
        if (g_strcmp0 (model->quant_tags[quant], tag) == 0)
          return TRUE;
    }

  return FALSE;
}

/* What sizing one installed model needs once /api/show answered. */
typedef struct
{
  SyModelsOllama *self;
  char           *tag;
  guint64         size;
} ShowJob;

static void
show_job_free (ShowJob *job)
{
  g_object_unref (job->self);
  g_free (job->tag);
  g_free (job);
}

static void
on_shown_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShowJob *job = user_data;
  SyModelsOllama *self = job->self;
  g_autoptr(SyModelDetails) details = NULL;
  g_autoptr(GError) error = NULL;
  SyCatalogModel *model = NULL;

  details = sy_ollama_backend_show_finish (SY_OLLAMA_BACKEND (source), result, &error);
  if (details != NULL)
    model = sy_catalog_model_new_from_ollama (job->tag, details, job->size, &error);

  /* Cancelled: shut down, or a newer listing replaced this one. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (model != NULL)
        {
          g_ptr_array_add (self->sized, model);
          emit_changed (self, NULL);
        }
      else
        g_debug ("Ollama at %s cannot size %s: %s", self->base_url, job->tag, error->message);
    }

  show_job_free (job);
}

/* Every installed model the catalogue does not know, sized from /api/show. */
static void
size_installed (SyModelsOllama *self,
                GPtrArray      *models)
{
  if (self->show_cancellable != NULL)
    g_cancellable_cancel (self->show_cancellable);
  g_clear_object (&self->show_cancellable);
  self->show_cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->sized, 0);

  for (guint i = 0; i < models->len; i++)
    {
      const SyInstalledModel *info = g_ptr_array_index (models, i);
      ShowJob *job;

      if (self->catalog == NULL || is_catalogue_tag (self, info->name))
        continue;
      job = g_new0 (ShowJob, 1);
      job->self = g_object_ref (self);
      job->tag = g_strdup (info->name);
      job->size = info->size;
      sy_ollama_backend_show_async (self->backend, info->name, self->show_cancellable, on_shown_cb, job);
    }
}

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyModelsOllama) self = user_data;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;

  models = sy_backend_list_models_finish (SY_BACKEND (source), result, &error);
  /* Cancelled: shut down, or a newer listing replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->list_cancellable);
  self->listing = FALSE;
  g_clear_pointer (&self->list_error, g_free);
  g_hash_table_remove_all (self->installed);

  if (models == NULL)
    {
      self->reachable = FALSE;
      if (!g_error_matches (error, SY_BACKEND_ERROR, SY_BACKEND_ERROR_CONNECTION_REFUSED))
        self->list_error = describe_error (error);
      g_debug ("Ollama at %s: %s", self->base_url, error->message);
    }
  else
    {
      self->reachable = TRUE;
      for (guint i = 0; i < models->len; i++)
        {
          SyInstalledModel *info = g_ptr_array_index (models, i);

          g_hash_table_replace (self->installed, g_strdup (info->name), sy_installed_model_copy (info));
        }
      size_installed (self, models);
    }

  emit_changed (self, NULL);
}

static void
on_pull_progress_cb (const char *status,
                     const char *digest,
                     guint64     completed,
                     guint64     total,
                     gpointer    user_data)
{
  PullJob *job = user_data;
  Pull *pull = g_hash_table_lookup (job->self->pulls, job->tag);

  if (g_cancellable_is_cancelled (job->cancellable) || pull == NULL || pull->cancellable != job->cancellable)
    return;

  sy_pull_progress_update (pull->progress, status, digest, completed, total);
  emit_changed (job->self, job->tag);
}

static void
on_pulled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PullJob *job = user_data;
  SyModelsOllama *self = job->self;
  Pull *pull = g_hash_table_lookup (self->pulls, job->tag);
  g_autoptr(GError) error = NULL;
  gboolean ok = sy_ollama_backend_pull_finish (SY_OLLAMA_BACKEND (source), result, &error);

  if (pull != NULL && pull->cancellable == job->cancellable && !self->shut_down)
    {
      g_clear_object (&pull->cancellable);
      if (ok)
        {
          /* Installed now; the listing brings its size. */
          g_hash_table_remove (self->pulls, job->tag);
          g_hash_table_replace (self->installed, g_strdup (job->tag), sy_installed_model_new (job->tag));
          sy_models_ollama_refresh (self);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_hash_table_remove (self->pulls, job->tag);
      else
        pull->error = describe_error (error);

      emit_changed (self, job->tag);
    }

  update_pulse_timer (self);
  pull_job_free (job);
}

/* Overrides */

static void
sy_models_ollama_dispose (GObject *object)
{
  SyModelsOllama *self = SY_MODELS_OLLAMA (object);

  sy_models_ollama_shutdown (self);

  G_OBJECT_CLASS (sy_models_ollama_parent_class)->dispose (object);
}

static void
sy_models_ollama_finalize (GObject *object)
{
  SyModelsOllama *self = SY_MODELS_OLLAMA (object);

  g_clear_object (&self->backend);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->show_cancellable);
  g_clear_pointer (&self->sized, g_ptr_array_unref);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->installed, g_hash_table_unref);
  g_clear_pointer (&self->pulls, g_hash_table_unref);
  g_free (self->base_url);
  g_free (self->list_error);

  G_OBJECT_CLASS (sy_models_ollama_parent_class)->finalize (object);
}

static void
sy_models_ollama_class_init (SyModelsOllamaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sy_models_ollama_dispose;
  object_class->finalize = sy_models_ollama_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sy_models_ollama_init (SyModelsOllama *self)
{
  self->installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) sy_installed_model_free);
  self->pulls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pull_free);
  self->sized = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_catalog_model_free);
  self->listing = TRUE;
}

/* Public API */

SyModelsOllama *
sy_models_ollama_new (void)
{
  return g_object_new (SY_TYPE_MODELS_OLLAMA, NULL);
}

void
sy_models_ollama_set_base_url (SyModelsOllama *self,
                               const char     *base_url)
{
  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  if (base_url == NULL || *base_url == '\0')
    base_url = SY_OLLAMA_DEFAULT_BASE_URL;
  if (self->backend != NULL && g_strcmp0 (base_url, self->base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  /* Running pulls keep the backend they started with. */
  g_clear_object (&self->backend);
  self->backend = sy_ollama_backend_new (base_url);
}

void
sy_models_ollama_refresh (SyModelsOllama *self)
{
  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  if (self->shut_down)
    return;
  if (self->backend == NULL)
    sy_models_ollama_set_base_url (self, NULL);

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();

  sy_backend_list_models_async (SY_BACKEND (self->backend), self->list_cancellable,
                                on_listed_cb, g_object_ref (self));
}

void
sy_models_ollama_shutdown (SyModelsOllama *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  self->shut_down = TRUE;
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  if (self->show_cancellable != NULL)
    g_cancellable_cancel (self->show_cancellable);

  g_hash_table_iter_init (&iter, self->pulls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Pull *) value)->cancellable != NULL)
      g_cancellable_cancel (((Pull *) value)->cancellable);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

gboolean
sy_models_ollama_get_listing (SyModelsOllama *self)
{
  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), FALSE);

  return self->listing;
}

gboolean
sy_models_ollama_get_reachable (SyModelsOllama *self)
{
  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), FALSE);

  return self->reachable;
}

gboolean
sy_models_ollama_is_installed (SyModelsOllama *self,
                               const char     *tag,
                               guint64        *out_size)
{
  const SyInstalledModel *info;

  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  info = find_installed (self, tag);
  if (out_size != NULL)
    *out_size = info != NULL ? info->size : 0;

  return info != NULL;
}

gboolean
sy_models_ollama_has_build (SyModelsOllama *self,
                            const char     *tag,
                            const char     *default_tag,
                            const char     *quant,
                            guint64        *out_size)
{
  const SyInstalledModel *info;

  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if (out_size != NULL)
    *out_size = 0;

  info = find_installed (self, tag);
  /* "llama3.1:8b" is Q4_K_M: installed, it is not the Q8_0 the row sized.
   * Without a reported quantisation only the build's own tag is trusted. */
  if (info == NULL && default_tag != NULL && quant != NULL)
    {
      info = find_installed (self, default_tag);
      if (info != NULL && (info->quantization == NULL || g_ascii_strcasecmp (info->quantization, quant) != 0))
        info = NULL;
    }

  if (out_size != NULL && info != NULL)
    *out_size = info->size;

  return info != NULL;
}

gboolean
sy_models_ollama_is_pulling (SyModelsOllama *self,
                             const char     *tag)
{
  Pull *pull;

  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), FALSE);

  pull = g_hash_table_lookup (self->pulls, tag);
  return pull != NULL && pull->cancellable != NULL;
}

void
sy_models_ollama_pull (SyModelsOllama *self,
                       const char     *tag)
{
  Pull *pull;
  PullJob *job;

  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));
  g_return_if_fail (tag != NULL);

  if (self->shut_down || sy_models_ollama_is_pulling (self, tag))
    return;
  if (self->backend == NULL)
    sy_models_ollama_set_base_url (self, NULL);

  pull = g_new0 (Pull, 1);
  pull->cancellable = g_cancellable_new ();
  pull->progress = sy_pull_progress_new ();
  g_hash_table_replace (self->pulls, g_strdup (tag), pull);

  job = g_new0 (PullJob, 1);
  job->self = g_object_ref (self);
  job->backend = g_object_ref (self->backend);
  job->cancellable = g_object_ref (pull->cancellable);
  job->tag = g_strdup (tag);

  /* The job lives until on_pulled_cb, after the last progress line. */
  sy_ollama_backend_pull_async (self->backend, tag, on_pull_progress_cb, job, NULL,
                                job->cancellable, on_pulled_cb, job);
  update_pulse_timer (self);
  emit_changed (self, tag);
}

void
sy_models_ollama_cancel_pull (SyModelsOllama *self,
                              const char     *tag)
{
  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  if (!sy_models_ollama_is_pulling (self, tag))
    return;

  /* Shown at once; the cancelled pull's callbacks find it gone. */
  g_hash_table_remove (self->pulls, tag);
  update_pulse_timer (self);
  emit_changed (self, tag);
}

void
sy_models_ollama_add_to_row (SyModelsOllama *self,
                             const char     *tag,
                             const char     *default_tag,
                             const char     *quant,
                             GtkBox         *title_box,
                             GtkBox         *text,
                             GtkBox         *actions)
{
  View *view = g_new0 (View, 1);
  GtkWidget *content;
  g_autofree char *pull_tooltip = g_strdup_printf (_("Download %s with Ollama"), tag);

  view->tag = g_strdup (tag);
  view->default_tag = g_strdup (default_tag);
  view->quant = g_strdup (quant);

  view->mark = gtk_label_new (_("Installed"));
  gtk_widget_set_name (view->mark, "ollama-installed");
  gtk_widget_add_css_class (view->mark, "sy-badge");
  gtk_widget_add_css_class (view->mark, "sy-installed");
  gtk_widget_set_valign (view->mark, GTK_ALIGN_CENTER);
  gtk_box_append (title_box, g_object_ref (view->mark));

  view->pull_button = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Pull"));
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "folder-download-symbolic");
  gtk_button_set_child (GTK_BUTTON (view->pull_button), content);
  /* A plain button like Use for Chat and Cancel beside it. */
  gtk_widget_set_name (view->pull_button, "ollama-pull");
  sy_tooltip_set_text (view->pull_button, pull_tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (view->pull_button), "models.pull");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (view->pull_button), "s", tag);
  gtk_box_append (actions, g_object_ref (view->pull_button));

  view->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (view->cancel_button, "ollama-cancel");
  sy_tooltip_set_text (view->cancel_button, _("Stop the download; Ollama keeps what it has"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (view->cancel_button), "models.cancel-pull");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (view->cancel_button), "s", tag);
  gtk_box_append (actions, g_object_ref (view->cancel_button));

  view->progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_top (view->progress_box, 4);
  view->progress = gtk_progress_bar_new ();
  gtk_widget_set_name (view->progress, "ollama-progress");
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (view->progress), TRUE);
  gtk_progress_bar_set_pulse_step (GTK_PROGRESS_BAR (view->progress), 0.1);
  gtk_widget_add_css_class (view->progress, "numeric");
  gtk_box_append (GTK_BOX (view->progress_box), view->progress);
  view->error_label = gtk_label_new (NULL);
  gtk_widget_set_name (view->error_label, "ollama-error");
  gtk_label_set_xalign (GTK_LABEL (view->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (view->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (view->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (view->error_label), TRUE);
  gtk_widget_add_css_class (view->error_label, "caption");
  gtk_widget_add_css_class (view->error_label, "error");
  gtk_box_append (GTK_BOX (view->progress_box), view->error_label);
  gtk_box_append (text, view->progress_box);

  /* The table refs its siblings: they live in the same row. */
  g_object_set_data_full (G_OBJECT (view->progress_box), "sy-ollama-view", view, (GDestroyNotify) view_free);
  g_signal_connect_object (self, "changed", G_CALLBACK (on_changed_cb), view->progress_box, 0);
  view_update (view, self);
}

void
sy_models_ollama_update_notice (SyModelsOllama *self,
                                GtkWidget      *notice,
                                GtkLabel       *label)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  gtk_widget_set_visible (notice, !self->listing && !self->reachable);
  if (self->listing || self->reachable)
    return;

  if (self->list_error != NULL)
    /* Translators: the Ollama URL, then the error */
    text = g_strdup_printf (_("Ollama at %s did not list its models: %s"), self->base_url, self->list_error);
  else
    /* Translators: the Ollama URL */
    text = g_strdup_printf (_("No Ollama at %s — start it with “ollama serve” to see installed models and pull new ones"),
                            self->base_url);
  gtk_label_set_text (label, text);
}

/* The page's actions */

static void
pull_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sy_models_ollama_pull (sy_models_page_get_ollama (SY_MODELS_PAGE (widget)),
                         g_variant_get_string (parameter, NULL));
}

static void
cancel_pull_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sy_models_ollama_cancel_pull (sy_models_page_get_ollama (SY_MODELS_PAGE (widget)),
                                g_variant_get_string (parameter, NULL));
}

static void
list_installed_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sy_models_ollama_refresh (sy_models_page_get_ollama (SY_MODELS_PAGE (widget)));
}

void
sy_models_page_install_ollama_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "models.pull", "s", pull_action);
  gtk_widget_class_install_action (widget_class, "models.cancel-pull", "s", cancel_pull_action);
  gtk_widget_class_install_action (widget_class, "models.list-installed", NULL, list_installed_action);
}

GPtrArray *
sy_models_ollama_get_sized_models (SyModelsOllama *self)
{
  g_return_val_if_fail (SY_IS_MODELS_OLLAMA (self), NULL);

  return self->sized;
}

void
sy_models_ollama_set_catalog (SyModelsOllama *self,
                              SyModelCatalog *catalog)
{
  g_return_if_fail (SY_IS_MODELS_OLLAMA (self));

  g_set_object (&self->catalog, catalog);
}
