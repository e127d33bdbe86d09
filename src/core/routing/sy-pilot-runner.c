/* sy-pilot-runner.c: sends prompts to the local and the API backend at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-pilot-runner.h"

struct _SyPilotRunner
{
  GObject         parent_instance;

  SyBackend      *backends[SY_ROUTE_N_BACKENDS];
  char           *models[SY_ROUTE_N_BACKENDS];
  SyRouteBackend  primary;
  guint           share;
  SyPriceTable   *prices;
  SyPilotLog     *log;
};

G_DEFINE_FINAL_TYPE (SyPilotRunner, sy_pilot_runner, G_TYPE_OBJECT)

/* Compare: one prompt, two streams ------------------------------------------- */

typedef struct
{
  SyPilotRecord *record;
  SyPriceTable  *prices;
  guint          pending;
  gboolean       cancelled;
} CompareData;

typedef struct
{
  GTask          *task;
  SyRouteBackend  side;
  SyChatStream   *stream;
} SideData;

static void
compare_data_free (CompareData *data)
{
  sy_pilot_record_free (data->record);
  g_clear_object (&data->prices);
  g_free (data);
}

static const char *
backend_kind (SyBackend *backend)
{
  if (SY_IS_OLLAMA_BACKEND (backend))
    return "ollama";
  if (SY_IS_OPENAI_BACKEND (backend))
    return "openai";
  return G_OBJECT_TYPE_NAME (backend);
}

static void
on_side_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SideData *side = user_data;
  g_autoptr(GTask) task = side->task;
  g_autoptr(SyChatStream) stream = side->stream;
  CompareData *data = g_task_get_task_data (task);
  SyBackend *backend = SY_BACKEND (object);
  g_autoptr(SyChatResult) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sy_backend_stream_chat_finish (backend, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    data->cancelled = TRUE;
  sy_pilot_record_set_reply (data->record, side->side, backend_kind (backend),
                             sy_chat_stream_get_model (stream), reply, error, data->prices);
  g_free (side);

  if (--data->pending > 0)
    return;

  if (data->cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  else
    g_task_return_pointer (task, g_steal_pointer (&data->record), (GDestroyNotify) sy_pilot_record_free);
}

/* The prompt is the last message: earlier ones are the system prompt or
 * the conversation it continues. */
static const char *
stream_prompt (SyChatStream *stream)
{
  guint n = sy_chat_stream_get_n_messages (stream);

  return n > 0 ? sy_chat_stream_get_message_content (stream, n - 1) : "";
}

void
sy_pilot_compare_async (SyBackend           *local,
                        SyChatStream        *local_stream,
                        SyBackend           *api,
                        SyChatStream        *api_stream,
                        SyPriceTable        *prices,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SyBackend *backends[SY_ROUTE_N_BACKENDS] = { local, api };
  SyChatStream *streams[SY_ROUTE_N_BACKENDS] = { local_stream, api_stream };
  CompareData *data;

  g_return_if_fail (local_stream == NULL || SY_IS_BACKEND (local));
  g_return_if_fail (api_stream == NULL || SY_IS_BACKEND (api));
  g_return_if_fail (local_stream != NULL || api_stream != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_pilot_compare_async);

  data = g_new0 (CompareData, 1);
  data->record = sy_pilot_record_new (stream_prompt (local_stream != NULL ? local_stream : api_stream));
  data->prices = prices != NULL ? g_object_ref (prices) : sy_price_table_new_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) compare_data_free);

  /* Count both before starting either, so a side that fails at once
   * cannot complete the task while the other is still to start. */
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    if (streams[i] != NULL)
      data->pending++;

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      SideData *side;

      if (streams[i] == NULL)
        continue;
      side = g_new0 (SideData, 1);
      side->task = g_object_ref (task);
      side->side = i;
      side->stream = g_object_ref (streams[i]);
      sy_backend_stream_chat_async (backends[i], streams[i], cancellable, on_side_done_cb, side);
    }
}

SyPilotRecord *
sy_pilot_compare_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_pilot_compare_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Runner: the prompts one after the other -------------------------------------- */

typedef struct
{
  GStrv                prompts;
  guint                index;
  GPtrArray           *records;
  SyPilotProgressFunc  progress;
  gpointer             progress_data;
} RunData;

static void
run_data_free (RunData *data)
{
  g_strfreev (data->prompts);
  g_ptr_array_unref (data->records);
  g_free (data);
}

static SyChatStream *
new_stream (const char *model,
            const char *prompt)
{
  SyChatStream *stream = sy_chat_stream_new (model);

  /* SPEC §3: temperature 0 and at most 500 output tokens, so the two
   * backends answer the same request. */
  sy_chat_stream_set_temperature (stream, SY_CHAT_DEFAULT_TEMPERATURE);
  sy_chat_stream_set_max_tokens (stream, SY_CHAT_DEFAULT_MAX_TOKENS);
  sy_chat_stream_add_message (stream, "user", prompt);
  return stream;
}

static void run_next (GTask *task);

static void
on_compare_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SyPilotRunner *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SyPilotRecord *record;

  record = sy_pilot_compare_finish (result, &error);
  if (record == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_add (data->records, record);

  if (self->log != NULL && !sy_pilot_log_append (self->log, record, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->index++;
  if (data->progress != NULL)
    data->progress (self, data->index, g_strv_length (data->prompts), record, data->progress_data);

  run_next (g_steal_pointer (&task));
}

static void
run_next (GTask *task)
{
  SyPilotRunner *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  SyChatStream *streams[SY_ROUTE_N_BACKENDS] = { NULL, NULL };
  SyRouteBackend other = self->primary == SY_ROUTE_BACKEND_LOCAL ? SY_ROUTE_BACKEND_API
                                                                 : SY_ROUTE_BACKEND_LOCAL;
  const char *prompt;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  prompt = data->prompts[data->index];
  if (prompt == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (data->records), (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  streams[self->primary] = new_stream (self->models[self->primary], prompt);
  if (sy_pilot_shadow_select_index (self->share, data->index))
    streams[other] = new_stream (self->models[other], prompt);

  sy_pilot_compare_async (self->backends[SY_ROUTE_BACKEND_LOCAL], streams[SY_ROUTE_BACKEND_LOCAL],
                          self->backends[SY_ROUTE_BACKEND_API], streams[SY_ROUTE_BACKEND_API],
                          self->prices, g_task_get_cancellable (task), on_compare_done_cb, task);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_clear_object (&streams[i]);
}

static void
sy_pilot_runner_dispose (GObject *object)
{
  SyPilotRunner *self = SY_PILOT_RUNNER (object);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_clear_object (&self->backends[i]);
  g_clear_object (&self->prices);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (sy_pilot_runner_parent_class)->dispose (object);
}

static void
sy_pilot_runner_finalize (GObject *object)
{
  SyPilotRunner *self = SY_PILOT_RUNNER (object);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_free (self->models[i]);

  G_OBJECT_CLASS (sy_pilot_runner_parent_class)->finalize (object);
}

static void
sy_pilot_runner_class_init (SyPilotRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sy_pilot_runner_dispose;
  object_class->finalize = sy_pilot_runner_finalize;
}

static void
sy_pilot_runner_init (SyPilotRunner *self)
{
  self->primary = SY_ROUTE_BACKEND_LOCAL;
  self->share = 100;
}

SyPilotRunner *
sy_pilot_runner_new (SyBackend  *local,
                     const char *local_model,
                     SyBackend  *api,
                     const char *api_model)
{
  SyPilotRunner *self;

  g_return_val_if_fail (SY_IS_BACKEND (local), NULL);
  g_return_val_if_fail (SY_IS_BACKEND (api), NULL);
  g_return_val_if_fail (local_model != NULL && api_model != NULL, NULL);

  self = g_object_new (SY_TYPE_PILOT_RUNNER, NULL);
  self->backends[SY_ROUTE_BACKEND_LOCAL] = g_object_ref (local);
  self->backends[SY_ROUTE_BACKEND_API] = g_object_ref (api);
  self->models[SY_ROUTE_BACKEND_LOCAL] = g_strdup (local_model);
  self->models[SY_ROUTE_BACKEND_API] = g_strdup (api_model);
  return self;
}

void
sy_pilot_runner_set_primary (SyPilotRunner  *self,
                             SyRouteBackend  primary)
{
  g_return_if_fail (SY_IS_PILOT_RUNNER (self));
  g_return_if_fail (primary < SY_ROUTE_N_BACKENDS);
  self->primary = primary;
}

void
sy_pilot_runner_set_share (SyPilotRunner *self,
                           guint          percent)
{
  g_return_if_fail (SY_IS_PILOT_RUNNER (self));
  self->share = MIN (percent, 100);
}

void
sy_pilot_runner_set_prices (SyPilotRunner *self,
                            SyPriceTable  *prices)
{
  g_return_if_fail (SY_IS_PILOT_RUNNER (self));
  g_set_object (&self->prices, prices);
}

void
sy_pilot_runner_set_log (SyPilotRunner *self,
                         SyPilotLog    *log)
{
  g_return_if_fail (SY_IS_PILOT_RUNNER (self));
  g_set_object (&self->log, log);
}

void
sy_pilot_runner_run_async (SyPilotRunner       *self,
                           const char * const  *prompts,
                           SyPilotProgressFunc  progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  RunData *data;

  g_return_if_fail (SY_IS_PILOT_RUNNER (self));
  g_return_if_fail (prompts != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_pilot_runner_run_async);

  data = g_new0 (RunData, 1);
  data->prompts = g_strdupv ((GStrv) prompts);
  data->records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  run_next (task);
}

GPtrArray *
sy_pilot_runner_run_finish (SyPilotRunner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_pilot_runner_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
