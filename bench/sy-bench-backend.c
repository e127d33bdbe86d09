/* sy-bench-backend.c: a backend's reply streamed into a GString, timed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-bench-backend.h"

typedef struct
{
  GMainLoop    *loop;
  SyChatResult *result;
  GError       *error;
} ChatRun;

static void
on_delta_cb (SyChatStream *stream,
             const char   *delta,
             GString      *view)
{
  g_string_append (view, delta);
}

static void
on_stream_chat_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ChatRun *run = user_data;

  run->result = sy_backend_stream_chat_finish (SY_BACKEND (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

double
sy_bench_stream_into_string (SyBackend     *backend,
                             SyChatStream  *stream,
                             GString       *view,
                             SyChatResult **result)
{
  ChatRun run = { 0 };
  gulong handler;
  gint64 start;
  double seconds;

  handler = g_signal_connect (stream, "delta", G_CALLBACK (on_delta_cb), view);
  run.loop = g_main_loop_new (NULL, FALSE);

  start = g_get_monotonic_time ();
  sy_backend_stream_chat_async (backend, stream, NULL, on_stream_chat_cb, &run);
  g_main_loop_run (run.loop);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_signal_handler_disconnect (stream, handler);
  g_main_loop_unref (run.loop);
  if (run.error != NULL)
    g_error ("The backend failed: %s", run.error->message);

  *result = run.result;
  return seconds;
}
