/* sy-http-backend-thread.c: a streamed reply read on a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A local server can send a reply faster than a window draws it. Read on
 * the main thread, the socket waits while a frame is laid out and the
 * frame waits while thousands of tokens are parsed; read here, the two
 * share the machine's cores, the idle timeout measures the socket alone,
 * and the caller's stream hears the text a piece per read.
 *
 * The reading thread has a main context, a backend and a stream of its
 * own (a SoupSession belongs to the thread that makes it); it touches the
 * caller's stream and task only through the caller's context. Cancelling
 * the caller's cancellable cancels the thread's own one there, so the
 * session sees the cancellation in its thread.
 */
#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "sy-backend-private.h"

typedef struct
{
  gatomicrefcount     ref_count;

  /* The caller's, touched only in its context */
  GMainContext       *caller_context;
  SyChatStream       *stream;
  GTask              *task;
  gulong              cancelled_id;

  /* The thread's */
  GMainContext       *context;
  SyHttpBackendTwin  *twin;
  SyChatStream       *thread_stream;
  GCancellable       *cancellable;
  gboolean            done;

  /* Between the two */
  GMutex              lock;
  GString            *unread;        /* text the caller's stream has not had */
  gboolean            hand_over_queued;
  SyChatResult       *result;
  GError             *error;
} ThreadCall;

static ThreadCall *
thread_call_ref (ThreadCall *call)
{
  g_atomic_ref_count_inc (&call->ref_count);
  return call;
}

static void
thread_call_unref (ThreadCall *call)
{
  if (!g_atomic_ref_count_dec (&call->ref_count))
    return;

  g_main_context_unref (call->caller_context);
  g_clear_object (&call->stream);
  g_clear_object (&call->task);
  g_main_context_unref (call->context);
  sy_http_backend_twin_free (call->twin);
  g_clear_object (&call->thread_stream);
  g_clear_object (&call->cancellable);
  g_mutex_clear (&call->lock);
  g_string_free (call->unread, TRUE);
  g_clear_pointer (&call->result, sy_chat_result_free);
  g_clear_error (&call->error);
  g_free (call);
}

/* @func in @context's thread, whichever thread asks: unlike
 * g_main_context_invoke(), never at once in the asking thread. */
static void
run_in (GMainContext *context,
        GSourceFunc   func,
        ThreadCall   *call)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, call, (GDestroyNotify) thread_call_unref);
  g_source_attach (source, context);
  g_source_unref (source);
}

/* In the caller's context */

static void
hand_over_text (ThreadCall *call)
{
  g_autofree char *text = NULL;

  g_mutex_lock (&call->lock);
  call->hand_over_queued = FALSE;
  if (call->unread->len > 0)
    {
      text = g_strndup (call->unread->str, call->unread->len);
      g_string_truncate (call->unread, 0);
    }
  g_mutex_unlock (&call->lock);

  if (text != NULL && call->task != NULL)
    sy_chat_stream_append (call->stream, text);
}

static gboolean
hand_over_text_cb (gpointer user_data)
{
  hand_over_text (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
complete_cb (gpointer user_data)
{
  ThreadCall *call = user_data;
  g_autoptr(GTask) task = NULL;
  GCancellable *cancellable;

  /* Whatever came before the end is the stream's before it ends. */
  hand_over_text (call);
  task = g_steal_pointer (&call->task);
  cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, call->cancelled_id);

  if (call->result != NULL)
    {
      sy_chat_stream_set_result (call->stream, call->result);
      g_task_return_pointer (task, g_steal_pointer (&call->result), (GDestroyNotify) sy_chat_result_free);
    }
  else
    g_task_return_error (task, g_steal_pointer (&call->error));

  return G_SOURCE_REMOVE;
}

static gboolean
cancel_cb (gpointer user_data)
{
  ThreadCall *call = user_data;

  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* In whichever thread cancels: the cancellation goes to the reading thread. */
static void
on_cancelled_cb (GCancellable *cancellable,
                 ThreadCall   *call)
{
  run_in (call->context, cancel_cb, thread_call_ref (call));
}

/* In the reading thread */

static void
on_thread_delta_cb (SyChatStream *stream,
                    const char   *delta,
                    ThreadCall   *call)
{
  gboolean queue;

  g_mutex_lock (&call->lock);
  g_string_append (call->unread, delta);
  queue = !call->hand_over_queued;
  call->hand_over_queued = TRUE;
  g_mutex_unlock (&call->lock);

  if (queue)
    run_in (call->caller_context, hand_over_text_cb, thread_call_ref (call));
}

static void
on_thread_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ThreadCall *call = user_data;

  call->result = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &call->error);
  call->done = TRUE;
}

static gpointer
read_reply (gpointer user_data)
{
  ThreadCall *call = user_data;
  g_autoptr(SyHttpBackend) backend = NULL;

  g_main_context_push_thread_default (call->context);
#ifdef __linux__
  /* Behind the window's frames when the two want the same core: the
   * socket's bytes wait in the kernel meanwhile. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
#endif

  backend = sy_http_backend_twin_build (call->twin);
  g_signal_connect (call->thread_stream, "delta", G_CALLBACK (on_thread_delta_cb), call);
  sy_backend_stream_chat_async (SY_BACKEND (backend), call->thread_stream, call->cancellable,
                                on_thread_done_cb, call);
  while (!call->done)
    g_main_context_iteration (call->context, TRUE);

  /* The session's own sources end with it, in its thread. */
  g_clear_object (&backend);
  while (g_main_context_pending (call->context))
    g_main_context_iteration (call->context, FALSE);
  g_main_context_pop_thread_default (call->context);

  run_in (call->caller_context, complete_cb, call);

  return NULL;
}

void
sy_http_backend_stream_chat_in_thread_async (SyHttpBackend       *self,
                                             SyChatStream        *stream,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  ThreadCall *call;
  GTask *task;

  g_return_if_fail (SY_IS_HTTP_BACKEND (self));
  g_return_if_fail (SY_IS_CHAT_STREAM (stream));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  call = g_new0 (ThreadCall, 1);
  g_task_set_source_tag (task, sy_http_backend_stream_chat_in_thread_async);
  g_atomic_ref_count_init (&call->ref_count);
  call->caller_context = g_main_context_ref_thread_default ();
  call->stream = g_object_ref (stream);
  call->task = task;
  call->context = g_main_context_new ();
  call->twin = sy_http_backend_twin_new (self);
  call->thread_stream = sy_chat_stream_copy_request (stream);
  call->cancellable = g_cancellable_new ();
  g_mutex_init (&call->lock);
  call->unread = g_string_new (NULL);

  sy_chat_stream_begin (stream);
  if (cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), call, NULL);

  /* The thread holds the call until complete_cb has run. */
  thread = g_thread_try_new ("sy-reply", read_reply, thread_call_ref (call), &error);
  if (thread == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", error->message);
      if (cancellable != NULL)
        g_cancellable_disconnect (cancellable, call->cancelled_id);
      g_clear_object (&call->task);
      thread_call_unref (call);   /* the thread's */
    }
  thread_call_unref (call);
}
