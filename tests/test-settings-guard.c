/* test-settings-guard.c: a broken GSettings keyfile is kept, not overwritten
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sy-cost-error.h"
#include "sy-settings-guard.h"

/* Structured logging bypasses g_test_expect_message(): the warning the
 * guard is expected to give is counted here, any other stays fatal. */
static guint n_move_warnings;

static GLogWriterOutput
count_move_warnings (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        (level & G_LOG_LEVEL_WARNING) && g_str_has_prefix (fields[i].value, "Could not move "))
      {
        n_move_warnings++;
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("sy-settings-guard-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->path = g_build_filename (fixture->dir, "keyfile", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* The file next to the (moved) keyfile whose name starts "keyfile.corrupt-". */
static char *
find_moved (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "keyfile.corrupt-"))
      return g_build_filename (fixture->dir, name, NULL);

  return NULL;
}

static void
test_missing_is_fine (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sy_settings_guard_keyfile (fixture->path, &error));
  g_assert_no_error (error);
}

static void
test_valid_is_untouched (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *text = "[io/github/switchyard/Switchyard]\nhorizon=36\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (fixture->path, text, -1, NULL));
  g_assert_true (sy_settings_guard_keyfile (fixture->path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, text);
  g_assert_null (find_moved (fixture));
}

static void
check_moved_aside (Fixture    *fixture,
                   const char *text,
                   gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length = 0;

  g_assert_true (g_file_set_contents (fixture->path, text, length, NULL));
  g_assert_false (sy_settings_guard_keyfile (fixture->path, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_PARSE);

  /* The user's bytes survive under the new name, which the message gives. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  moved = find_moved (fixture);
  g_assert_nonnull (moved);
  g_assert_true (g_file_get_contents (moved, &kept, &kept_length, NULL));
  g_assert_cmpmem (kept, kept_length, text, length < 0 ? strlen (text) : (gsize) length);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, moved));
}

static void
test_garbage_is_moved_aside (Fixture       *fixture,
                             gconstpointer  data)
{
  check_moved_aside (fixture, "[io/github/switchyard/Switchyard\nhorizon=36\n", -1);
}

static void
test_truncated_is_moved_aside (Fixture       *fixture,
                               gconstpointer  data)
{
  /* A write cut off inside a group header. */
  check_moved_aside (fixture, "[org/gnome/desktop]\nfoo=1\n[io/github/swi", -1);
}

static void
test_binary_is_moved_aside (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char bytes[] = "[a]\nkey=\xff\xfe\x00zzz\n";

  check_moved_aside (fixture, bytes, sizeof bytes - 1);
}

static void
test_unmovable_says_so (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (245, 'k');
  g_autofree char *path = g_build_filename (fixture->dir, long_name, NULL);

  /* NAME.corrupt-DATE would be longer than a file name may be, so the
   * rename fails even for root. */
  g_assert_true (g_file_set_contents (path, "[broken", -1, NULL));
  n_move_warnings = 0;
  g_assert_false (sy_settings_guard_keyfile (path, &error));
  g_assert_cmpuint (n_move_warnings, ==, 1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FILENAME_TOO_LONG);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (error->message, "saves no changes"));
  g_unlink (path);
}

/* The whole path: the app, started with a broken keyfile, keeps the
 * user's bytes, names the file and still paints its window. */
static void
test_app_starts_with_defaults (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *bin = g_getenv ("SWITCHYARD_BIN");
  const char *broken = "[io/github/switchyard/Switchyard\nhorizon=36\n";
  g_autofree char *settings_dir = g_build_filename (fixture->dir, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_text = NULL;
  g_autofree char *glib_dir = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { bin, NULL };
  const char *name;
  int status = -1;

  if (bin == NULL || g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("needs the built binary and a display (run through meson test under xvfb-run)");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, broken, -1, NULL));

  env = g_environ_setenv (env, "XDG_CONFIG_HOME", fixture->dir, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  /* Quits once the first frame is painted. */
  env = g_environ_setenv (env, "SY_BENCH_FIRST_FRAME", "1", TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "first-frame"));
  g_assert_nonnull (strstr (err, "could not be read"));
  g_assert_nonnull (strstr (err, keyfile));

  dir = g_dir_open (settings_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "keyfile.corrupt-"))
      kept = g_build_filename (settings_dir, name, NULL);
  g_assert_nonnull (kept);
  g_assert_true (g_file_get_contents (kept, &kept_text, NULL, NULL));
  g_assert_cmpstr (kept_text, ==, broken);

  /* The fixture only cleans its own directory. */
  g_unlink (kept);
  g_unlink (keyfile);
  g_rmdir (settings_dir);
  glib_dir = g_path_get_dirname (settings_dir);
  g_rmdir (glib_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (count_move_warnings, NULL, NULL);

  g_test_add ("/settings-guard/missing", Fixture, NULL, fixture_setup, test_missing_is_fine, fixture_teardown);
  g_test_add ("/settings-guard/valid", Fixture, NULL, fixture_setup, test_valid_is_untouched, fixture_teardown);
  g_test_add ("/settings-guard/garbage", Fixture, NULL, fixture_setup, test_garbage_is_moved_aside, fixture_teardown);
  g_test_add ("/settings-guard/truncated", Fixture, NULL, fixture_setup, test_truncated_is_moved_aside, fixture_teardown);
  g_test_add ("/settings-guard/binary", Fixture, NULL, fixture_setup, test_binary_is_moved_aside, fixture_teardown);
  g_test_add ("/settings-guard/app", Fixture, NULL, fixture_setup, test_app_starts_with_defaults, fixture_teardown);
  g_test_add ("/settings-guard/unmovable", Fixture, NULL, fixture_setup, test_unmovable_says_so, fixture_teardown);

  return g_test_run ();
}
