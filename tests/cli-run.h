/* cli-run.h: runs the built `switchyard` as a script would, for the CLI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static inline void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs SWITCHYARD_BIN with @args (NULL-terminated) in the test's
 * environment plus @env (KEY, VALUE pairs, NULL-terminated; may be NULL).
 * Headless: the subcommands must not need a display. */
static inline void
run_switchyard_argv (Run                *run,
                     const char * const *env,
                     const char * const *args)
{
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status;

  if (bin == NULL)
    g_error ("SWITCHYARD_BIN is not set: run this test through `meson test`");

  g_ptr_array_add (argv, (char *) bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; env != NULL && env[i] != NULL && env[i + 1] != NULL; i += 2)
    envp = g_environ_setenv (envp, env[i], env[i + 1], TRUE);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);

  run->status = 0;
  if (!g_spawn_check_wait_status (wait_status, &error))
    {
      g_assert_true (error->domain == G_SPAWN_EXIT_ERROR);
      run->status = error->code;
    }
}

/* Collects the NULL-terminated variadic arguments after @last. */
#define RUN_COLLECT_ARGS(array, last)                         \
  G_STMT_START {                                              \
    va_list ap_;                                              \
    const char *arg_;                                         \
    va_start (ap_, last);                                     \
    while ((arg_ = va_arg (ap_, const char *)) != NULL)       \
      g_ptr_array_add (array, (char *) arg_);                 \
    va_end (ap_);                                             \
    g_ptr_array_add (array, NULL);                            \
  } G_STMT_END

/* `switchyard ARGS…` (NULL-terminated) with @locale as LC_ALL, or the test
 * environment's when NULL. */
static inline void
run_switchyard (Run        *run,
                const char *locale,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *env[] = { "LC_ALL", locale, NULL };

  RUN_COLLECT_ARGS (args, locale);
  run_switchyard_argv (run, locale != NULL ? env : NULL, (const char * const *) args->pdata);
}

static inline guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

static inline JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}
