/* test-secrets.c: API keys through a real libsecret and gnome-keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The round trip runs on a private session bus of its own (GTestDBus) with
 * a gnome-keyring-daemon the test starts, unlocked, with private XDG
 * directories: the keyring file it writes is one the test can inspect and
 * remove, and no other test of a parallel `meson test` (the chat page
 * looks keys up too) can D-Bus-activate a keyring with the user's real
 * directories under it. build-aux/test.sh still wraps everything in
 * dbus-run-session.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sy-secrets.h"
#include "sy-test-utils.h"

#define BASE_URL      "https://api.example.test/v1"
#define SENTINEL_KEY  "sk-test-SENTINEL-9c0ffee5b1d4e7a2"
#define SECRETS_NAME  "org.freedesktop.secrets"

/* The schema sy-secrets.c stores under, spelled out independently. */
static const SecretSchema app_schema = {
  "io.github.switchyard.Switchyard.ApiKey", SECRET_SCHEMA_NONE,
  { { "base-url", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
};

static char        *tmp_root;        /* the test's HOME and XDG directories */
static GTestDBus   *test_bus;        /* private session bus, or NULL; never disposed */
static GSubprocess *keyring_daemon;  /* on test_bus, or NULL */

/* Auxiliary functions */

static gboolean
store_key (const char  *base_url,
           const char  *key,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_secrets_store_api_key_async (base_url, key, NULL, on_async_ready_cb, &result);
  /* The keyring may be slow to start. */
  wait_for_result_within (&result, 20);

  return sy_secrets_store_api_key_finish (result, error);
}

static char *
lookup_key (const char  *base_url,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_secrets_lookup_api_key_async (base_url, NULL, on_async_ready_cb, &result);
  /* The keyring may be slow to start. */
  wait_for_result_within (&result, 20);

  return sy_secrets_lookup_api_key_finish (result, error);
}

static gboolean
clear_key (const char  *base_url,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_secrets_clear_api_key_async (base_url, NULL, on_async_ready_cb, &result);
  /* The keyring may be slow to start. */
  wait_for_result_within (&result, 20);

  return sy_secrets_clear_api_key_finish (result, error);
}

static gboolean
secret_service_answers (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  /* NameHasOwner, not a call to the service: a call would D-Bus-activate
   * a daemon with the user's real keyring directory. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", SECRETS_NAME),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       5000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* Starts a private session bus with gnome-keyring-daemon on it. Returns
 * FALSE (and marks the test skipped) when that is impossible here. */
static gboolean
ensure_keyring (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  g_autofree char *dbus_daemon = NULL;
  g_autofree char *password = NULL;
  g_autofree char *random = g_uuid_string_random ();
  g_autofree char *runtime_dir = NULL;
  GOutputStream *input;

  if (keyring_daemon != NULL)
    return TRUE;

  program = g_find_program_in_path ("gnome-keyring-daemon");
  if (program == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian package gnome-keyring)");
      return FALSE;
    }
  dbus_daemon = g_find_program_in_path ("dbus-daemon");
  if (dbus_daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed (Debian package dbus)");
      return FALSE;
    }

  /* No service directories: nothing on this bus can be D-Bus-activated,
   * so the only secret service is the daemon started below. */
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (secret_service_answers (bus));

  /* A non-empty password: gnome-keyring 42 creates no login keyring for
   * an empty one (storing then fails on a prompt that cannot show), and
   * the leak check below must find the keyring file encrypted. */
  password = g_strconcat ("sy-test-", random, NULL);
  runtime_dir = g_build_filename (tmp_root, "runtime", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* Inherited anyway; spelled out because the leak check relies on the
   * daemon writing its keyring under the test's tree. */
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_getenv ("XDG_DATA_HOME"), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_getenv ("XDG_CONFIG_HOME"), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_getenv ("HOME"), TRUE);
  /* The test's fatal-warnings would turn the daemon's harmless warnings
   * ("already registered") into a crash, and its debug output is noise. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  keyring_daemon = g_subprocess_launcher_spawn (launcher, &error, program,
                                                "--foreground", "--unlock",
                                                "--components=secrets", NULL);
  g_assert_no_error (error);

  input = g_subprocess_get_stdin_pipe (keyring_daemon);
  g_output_stream_write_all (input, password, strlen (password), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (input, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 400 && !secret_service_answers (bus); i++)
    g_usleep (25 * G_TIME_SPAN_MILLISECOND);

  if (!secret_service_answers (bus))
    g_error ("gnome-keyring-daemon did not register %s within 10 seconds", SECRETS_NAME);

  return TRUE;
}

static void
stop_keyring (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  if (keyring_daemon == NULL)
    return;

  g_subprocess_send_signal (keyring_daemon, SIGTERM);
  g_subprocess_wait (keyring_daemon, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&keyring_daemon);

  /* libsecret holds on to the bus connection for the life of the process
   * (even after secret_service_disconnect()), so g_test_dbus_down(), and
   * disposing the GTestDBus, would wait 30 s for it and then warn. Stop
   * the bus without waiting, and keep the connection from taking the
   * process down when the bus goes. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    g_dbus_connection_set_exit_on_close (bus, FALSE);
  g_test_dbus_stop (test_bus);
}

/* memmem() is a GNU extension; keyring files are binary, so no strstr. */
static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; needle_len <= len && i <= len - needle_len; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_len) == 0)
      return TRUE;

  return FALSE;
}

/* Appends to @hits every regular file under @dir whose bytes contain
 * @needle. */
static void
find_in_files (const char *dir,
               const char *needle,
               GPtrArray  *hits,
               guint      *n_files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          find_in_files (path, needle, hits, n_files);
          continue;
        }

      /* Sockets and pipes in the runtime directory are not files. */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (path, &contents, &len, NULL))
        continue;

      (*n_files)++;
      if (contains_bytes (contents, len, needle))
        g_ptr_array_add (hits, g_steal_pointer (&path));
    }
}

static void
assert_in_no_file (const char *needle)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  guint n_files = 0;

  find_in_files (tmp_root, needle, hits, &n_files);

  for (guint i = 0; i < hits->len; i++)
    g_test_message ("The key is readable in %s", (char *) g_ptr_array_index (hits, i));
  g_assert_cmpuint (hits->len, ==, 0);
  g_test_message ("Checked %u files", n_files);
}

/* Tests */

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *sync_key = NULL;
  g_autoptr(GList) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  gboolean ok;

  if (!ensure_keyring ())
    return;

  ok = store_key (BASE_URL, "sk-test-first", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_false (sy_secrets_is_memory_only ());

  key = lookup_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-test-first");

  /* Storing again replaces the key; a trailing slash names the same URL. */
  ok = store_key (BASE_URL "/", "sk-test-second", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  key2 = lookup_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key2, ==, "sk-test-second");
  sync_key = sy_secrets_lookup_api_key_sync (BASE_URL "/", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sync_key, ==, "sk-test-second");

  /* One item, under the app's schema, labelled for a person. */
  attributes = secret_attributes_build (&app_schema, "base-url", BASE_URL, NULL);
  items = secret_service_search_sync (NULL, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  {
    g_autofree char *label = secret_item_get_label (items->data);

    g_assert_cmpstr (label, ==, "Switchyard API key for api.example.test");
  }
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  ok = clear_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  gone = lookup_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_null (gone);

  /* Clearing what is not there is not an error. */
  ok = clear_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* Another endpoint has no key. */
  g_clear_pointer (&gone, g_free);
  gone = lookup_key ("https://api.other.test/v1", &error);
  g_assert_no_error (error);
  g_assert_null (gone);
}

static void
test_no_leak (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *keyring_file = NULL;
  gboolean ok;

  if (!ensure_keyring ())
    return;

  g_string_truncate (captured_logs, 0);

  ok = store_key (BASE_URL, SENTINEL_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  key = lookup_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, SENTINEL_KEY);

  /* The keyring really wrote its file, and the key is not readable in
   * it (nor anywhere else under the test's directories). */
  keyring_file = g_build_filename (g_getenv ("XDG_DATA_HOME"), "keyrings", "login.keyring", NULL);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_IS_REGULAR));
  assert_in_no_file (SENTINEL_KEY);

  ok = clear_key (BASE_URL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* Debug logging was on all along (libsecret's too). */
  g_assert_cmpuint (captured_logs->len, >, 0);
  g_assert_null (strstr (captured_logs->str, SENTINEL_KEY));
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *key = NULL;
      g_autofree char *sync_key = NULL;
      g_autofree char *gone = NULL;
      gboolean ok;

      /* A bus address with nobody behind it: libsecret cannot connect. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/switchyard-test-bus", TRUE);

      ok = store_key (BASE_URL, SENTINEL_KEY, &error);
      g_assert_error (error, SY_SECRETS_ERROR, SY_SECRETS_ERROR_NO_KEYRING);
      g_assert_false (ok);
      g_assert_null (strstr (error->message, SENTINEL_KEY));
      g_assert_true (sy_secrets_is_memory_only ());
      g_clear_error (&error);

      key = lookup_key (BASE_URL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, SENTINEL_KEY);
      sync_key = sy_secrets_lookup_api_key_sync (BASE_URL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sync_key, ==, SENTINEL_KEY);

      /* Said once: the next store just works, in memory. */
      ok = store_key (BASE_URL, "sk-test-again", &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_clear_pointer (&key, g_free);
      key = lookup_key (BASE_URL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, "sk-test-again");

      ok = clear_key (BASE_URL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      gone = lookup_key (BASE_URL, &error);
      g_assert_no_error (error);
      g_assert_null (gone);

      g_assert_null (strstr (captured_logs->str, SENTINEL_KEY));
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" SENTINEL_KEY "*");
  g_test_trap_assert_stderr_unmatched ("*" SENTINEL_KEY "*");
}

static void
make_private_dir (const char *name,
                  const char *variable)
{
  g_autofree char *path = g_build_filename (tmp_root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  g_setenv (variable, path, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before anything reads them: the test's files live in one tree. */
  tmp_root = g_dir_make_tmp ("switchyard-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  make_private_dir ("home", "HOME");
  make_private_dir ("data", "XDG_DATA_HOME");
  make_private_dir ("config", "XDG_CONFIG_HOME");
  make_private_dir ("cache", "XDG_CACHE_HOME");
  make_private_dir ("runtime", "XDG_RUNTIME_DIR");

  capture_logs ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/round-trip", test_round_trip);
  g_test_add_func ("/secrets/no-leak", test_no_leak);
  g_test_add_func ("/secrets/no-keyring", test_no_keyring);

  status = g_test_run ();

  stop_keyring ();
  sy_test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_string_free (captured_logs, TRUE);

  return status;
}
