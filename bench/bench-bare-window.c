/* bench-bare-window.c
 *
 * The baseline for bench-startup: the smallest libadwaita application that
 * looks like Switchyard's window (an AdwApplicationWindow of the same default
 * size with a header bar), and nothing else.
 *
 * With SY_BENCH_FIRST_FRAME=1 in the environment it follows the same protocol
 * as `switchyard`: once the first frame of the window has been painted it
 * prints
 *
 *   first-frame realtime_us=<g_get_real_time ()> rss_kb=<VmRSS>
 *
 * on stdout and quits. Without it, the window simply stays open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_APP_ID "io.github.switchyard.BenchBare"

/* Resident set size of this process in kB, or -1 if unknown. */
static long
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return -1;

  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWindow     *window)
{
  gint64 now = g_get_real_time ();

  printf ("first-frame realtime_us=%" G_GINT64_FORMAT " rss_kb=%ld\n", now, read_rss_kb ());
  fflush (stdout);

  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, window);
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
on_window_map_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint_cb), window, 0);
}

static void
on_activate_cb (GApplication *app)
{
  GtkWidget *window;
  GtkWidget *box;

  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  if (g_strcmp0 (g_getenv ("SY_BENCH_FIRST_FRAME"), "1") == 0)
    g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), NULL);

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  app = adw_application_new (BENCH_APP_ID, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
