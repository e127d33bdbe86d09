/* bench-startup.c
 *
 * Start-up benchmark: how long from exec to the first frame on screen, and
 * how much memory is resident then, for Switchyard and for a bare
 * AdwApplicationWindow (bench-bare-window), measured in the same run.
 *
 *   bench-startup [--page=NAME] SWITCHYARD BARE [RUNS=10]
 *
 * --page=NAME opens Switchyard on that page ("chat", "costs", …) rather
 * than the default one: the programs then run with GSettings' keyfile
 * backend in a temporary XDG_CONFIG_HOME whose keyfile, written afresh
 * before every run, names the page (the window builds only the page it
 * shows, so the default page says nothing about the others). With
 * SWITCHYARD_DATA_DIR set, the Chat page lists the conversations there,
 * e.g. the 5,000 that `bench-chat-view --scenario=history` writes.
 *
 * It needs a display. From the build directory's parent:
 *
 *   xvfb-run -a meson test -C build --benchmark startup -v
 *
 * or directly, e.g. under Xvfb (Switchyard needs its compiled schema, which
 * the build tree keeps in build/data):
 *
 *   GSETTINGS_SCHEMA_DIR=build/data xvfb-run -a ./build/bench/bench-startup \
 *       ./build/src/switchyard ./build/bench/bench-bare-window 10
 *
 * The programs inherit the environment, apart from the two variables below.
 *
 * Each program is started with SY_BENCH_FIRST_FRAME=1 and
 * GSETTINGS_BACKEND=memory (keyfile with --page); after painting its first frame it prints
 *
 *   first-frame realtime_us=<g_get_real_time ()> rss_kb=<VmRSS>
 *
 * and quits. The time is taken from g_get_real_time () just before the spawn
 * to the realtime_us the program reports. The two programs alternate (in
 * swapped order every other round) after one uncounted warm-up run each, so
 * that a warming page cache or a busy moment does not favour either. The
 * medians and their ratios switchyard/bare are printed; the goal is a ratio
 * of at most 1.3 for both.
 *
 * Exits with status 1 if any run fails, prints no first-frame line or takes
 * longer than 30 s, and 2 on bad arguments. Missing the goal is reported but
 * is not an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_TIMEOUT_S 30
#define GOAL_RATIO    1.3

typedef struct
{
  const char *label;
  const char *path;
  double     *ms;      /* RUNS entries */
  double     *rss_kb;  /* RUNS entries */
} Program;

/* Set by --page: the keyfile's XDG_CONFIG_HOME and what it holds */
static char *config_home;
static char *page_keyfile;

typedef struct
{
  gboolean      done;
  gboolean      timed_out;
  GCancellable *cancellable;
  char         *stdout_buf;
  GError       *error;
} RunState;

/* Auxiliary functions */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (const double *values,
        guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);

  if (n % 2 == 1)
    return sorted[n / 2];

  return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

/* Finds the protocol line in @output. */
static gboolean
parse_first_frame (const char *output,
                   gint64     *realtime_us,
                   gint64     *rss_kb)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *p;
      char *end;

      if (!g_str_has_prefix (line, "first-frame "))
        continue;

      p = strstr (line, "realtime_us=");
      if (p == NULL)
        return FALSE;
      *realtime_us = g_ascii_strtoll (p + strlen ("realtime_us="), &end, 10);
      if (end == p + strlen ("realtime_us="))
        return FALSE;

      p = strstr (line, "rss_kb=");
      if (p == NULL)
        return FALSE;
      *rss_kb = g_ascii_strtoll (p + strlen ("rss_kb="), &end, 10);
      if (end == p + strlen ("rss_kb=") || *rss_kb <= 0)
        return FALSE;

      return TRUE;
    }

  return FALSE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_remove (path);
}

/* Callbacks */

static void
on_communicate_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunState *state = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                        &state->stdout_buf, NULL, &state->error);
  state->done = TRUE;
  g_main_context_wakeup (NULL);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  GSubprocess *subprocess = user_data;
  RunState *state = g_object_get_data (G_OBJECT (subprocess), "run-state");

  state->timed_out = TRUE;
  g_subprocess_force_exit (subprocess);
  /* A child of the program may still hold its stdout open. */
  g_cancellable_cancel (state->cancellable);

  return G_SOURCE_REMOVE;
}

/* Runs @program once; on success stores milliseconds to first frame and RSS. */
static gboolean
run_once (const Program *program,
          double        *ms,
          double        *rss_kb,
          GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  RunState state = { 0 };
  const char *argv[] = { program->path, NULL };
  gint64 spawn_us;
  gint64 frame_us = 0;
  gint64 rss = 0;
  guint timeout_id;
  gboolean ok = FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "SY_BENCH_FIRST_FRAME", "1", TRUE);
  if (config_home != NULL)
    {
      g_autofree char *dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
      g_autofree char *path = g_build_filename (dir, "keyfile", NULL);

      /* Afresh: the window saves its size and page when it closes. */
      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents (path, page_keyfile, -1, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", dir);
          return FALSE;
        }
      g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
      g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
    }
  else
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);

  spawn_us = g_get_real_time ();
  subprocess = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (subprocess == NULL)
    return FALSE;

  state.cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (subprocess), "run-state", &state);
  timeout_id = g_timeout_add_seconds (RUN_TIMEOUT_S, on_timeout_cb, subprocess);
  g_subprocess_communicate_utf8_async (subprocess, NULL, state.cancellable, on_communicate_cb, &state);

  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  if (!state.timed_out)
    g_source_remove (timeout_id);

  if (state.timed_out)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s did not paint a first frame within %d s", program->label, RUN_TIMEOUT_S);
      goto out;
    }

  if (state.error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&state.error),
                                  "%s: ", program->label);
      goto out;
    }

  if (!g_subprocess_wait_check (subprocess, NULL, error))
    {
      g_prefix_error (error, "%s: ", program->label);
      goto out;
    }

  if (!parse_first_frame (state.stdout_buf, &frame_us, &rss))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s printed no “first-frame realtime_us=… rss_kb=…” line", program->label);
      goto out;
    }

  *ms = (frame_us - spawn_us) / 1000.0;
  *rss_kb = (double) rss;
  ok = TRUE;

out:
  g_free (state.stdout_buf);
  g_clear_error (&state.error);
  g_clear_object (&state.cancellable);

  return ok;
}

static void
print_ratio (const char *what,
             double      ratio)
{
  printf ("%s ratio switchyard/bare: %.2f\n", what, ratio);
  printf ("  goal: ratio ≤ %.1f — %s\n", GOAL_RATIO, ratio <= GOAL_RATIO ? "met" : "NOT met");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree double *values = NULL;
  Program programs[2];
  guint64 runs = 10;
  double median_ms[2];
  double median_rss[2];
  g_autoptr(GError) tmp_error = NULL;

  if (argc > 1 && g_str_has_prefix (argv[1], "--page="))
    {
      const char *page = argv[1] + strlen ("--page=");

      if (*page == '\0' || strspn (page, "abcdefghijklmnopqrstuvwxyz-") != strlen (page))
        {
          fprintf (stderr, "%s: --page needs a page name such as “chat”, not “%s”\n", argv[0], page);
          return 2;
        }
      config_home = g_dir_make_tmp ("bench-startup-XXXXXX", &tmp_error);
      if (config_home == NULL)
        {
          fprintf (stderr, "%s: %s\n", argv[0], tmp_error->message);
          return 1;
        }
      page_keyfile = g_strdup_printf ("[io/github/switchyard/Switchyard]\nvisible-page='%s'\n", page);
      argv++;
      argc--;
    }

  if (argc < 3 || argc > 4)
    {
      fprintf (stderr, "Usage: %s [--page=NAME] SWITCHYARD BARE [RUNS=10]\n", argv[0]);
      return 2;
    }

  if (argc == 4 &&
      (!g_ascii_string_to_unsigned (argv[3], 10, 1, 1000, &runs, NULL)))
    {
      fprintf (stderr, "%s: RUNS must be a number from 1 to 1000, not “%s”\n", argv[0], argv[3]);
      return 2;
    }

  values = g_new0 (double, 4 * runs);
  programs[0] = (Program) { "switchyard", argv[1], values, values + runs };
  programs[1] = (Program) { "bare", argv[2], values + 2 * runs, values + 3 * runs };

  printf ("startup: %" G_GUINT64_FORMAT " runs of each, alternating, after one uncounted warm-up run each\n", runs);
  fflush (stdout);

  for (gint64 round = -1; round < (gint64) runs; round++)
    {
      for (guint k = 0; k < 2; k++)
        {
          /* Swap the order every other round. */
          const Program *program = &programs[(round & 1) ? 1 - k : k];
          g_autoptr(GError) error = NULL;
          double ms;
          double rss_kb;

          if (!run_once (program, &ms, &rss_kb, &error))
            {
              fprintf (stderr, "bench-startup: %s\n", error->message);
              if (config_home != NULL)
                remove_tree (config_home);
              return 1;
            }

          if (round >= 0)
            {
              program->ms[round] = ms;
              program->rss_kb[round] = rss_kb;
            }
        }
    }

  for (guint k = 0; k < 2; k++)
    {
      median_ms[k] = median (programs[k].ms, runs);
      median_rss[k] = median (programs[k].rss_kb, runs);
      printf ("%-10s  median %7.1f ms to first frame   median RSS %7.1f MiB (%.0f kB)\n",
              programs[k].label, median_ms[k], median_rss[k] / 1024.0, median_rss[k]);
    }

  print_ratio ("time", median_ms[0] / median_ms[1]);
  print_ratio ("RSS ", median_rss[0] / median_rss[1]);

  if (config_home != NULL)
    remove_tree (config_home);
  return 0;
}
