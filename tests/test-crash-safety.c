/* test-crash-safety.c: SIGKILL a process writing conversations and the
 * pilot log at random moments; whatever it reported done must survive
 *
 * The writer is this binary re-executed with "--writer DIR": a forked
 * g_test_trap_subprocess() child cannot be killed at a chosen moment, and a
 * real exec is what a crash of the app looks like. It prints the id of each
 * message and record once its write returned, so the parent knows what was
 * completed before the kill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sy-conversation.h"
#include "sy-test-utils.h"
#include "sy-pilot.h"

#define N_KILLS             100
#define MAX_DELAY_MS        30
#define N_CONVERSATIONS     3
/* A long conversation makes every save slower; a new one keeps the
 * writer busy with many small writes instead. */
#define MAX_MESSAGES        150

static const char *self_path;

/* The writer ------------------------------------------------------------ */

static SyConversation *
pick_conversation (SyConversationStore *store,
                   guint                turn)
{
  GListModel *model = sy_conversation_store_get_model (store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(SyConversation) conversation = NULL;

  if (n < N_CONVERSATIONS)
    return g_object_ref (sy_conversation_store_create (store, "Crash"));

  conversation = g_list_model_get_item (model, turn % N_CONVERSATIONS);
  if (g_list_model_get_n_items (sy_conversation_get_messages (conversation)) >= MAX_MESSAGES)
    return g_object_ref (sy_conversation_store_create (store, "Crash"));

  return g_steal_pointer (&conversation);
}

static int
run_writer (const char *dir)
{
  g_autoptr(SyConversationStore) store = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_setenv ("SWITCHYARD_DATA_DIR", dir, TRUE);

  /* Continue from what is on disk, as the app does after a crash. */
  store = sy_conversation_store_new (NULL);
  sy_conversation_store_load (store);
  log = sy_pilot_log_new (NULL);
  if (!sy_pilot_log_load (log, &error))
    g_error ("writer: %s", error->message);

  printf ("READY\n");
  fflush (stdout);

  /* Bounded, so an orphaned writer cannot run forever. */
  for (guint turn = 0; g_get_monotonic_time () < deadline; turn++)
    {
      g_autoptr(SyConversation) conversation = pick_conversation (store, turn);
      g_autofree char *text = g_strdup_printf ("m-%d-%u", (int) getpid (), turn);
      g_autoptr(SyMessage) message = sy_message_new (turn % 2 ? "assistant" : "user", text);
      g_autoptr(SyPilotRecord) record = sy_pilot_record_new (text);

      sy_conversation_add_message (conversation, message);
      if (!sy_conversation_store_save (store, conversation, &error))
        g_error ("writer: %s", error->message);
      printf ("M %s\n", text);
      fflush (stdout);

      if (!sy_pilot_log_append (log, record, &error))
        g_error ("writer: %s", error->message);
      printf ("P %s\n", record->id);
      fflush (stdout);
    }

  return 0;
}

/* The parent ------------------------------------------------------------ */

static guint n_skipped_lines;
static guint n_unexpected_warnings;

/* The pilot log warns about a torn line it skips: allowed, and counted.
 * Anything else at warning level fails the test. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   log_level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE"))
          message = fields[i].value;

      if (message != NULL && strstr (message, "of the pilot log") != NULL)
        n_skipped_lines++;
      else
        n_unexpected_warnings++;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

typedef struct
{
  char       *dir;
  GHashTable *done_messages;   /* reported complete by some writer */
  GHashTable *done_records;
  guint       max_stray;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("sy-crash-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->done_messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->done_records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  sy_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_hash_table_unref (fixture->done_messages);
  g_hash_table_unref (fixture->done_records);
}

/* Spawns a writer, waits until it is writing, kills it after 0–30 ms and
 * collects what it reported done. */
static void
run_and_kill (Fixture *fixture,
              guint    delay_ms)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SWITCHYARD_DATA_DIR", fixture->dir, TRUE);
  const char *argv[] = { self_path, "--writer", fixture->dir, NULL };
  char line[256];
  gboolean ready = FALSE;
  GPid pid;
  FILE *out;
  int out_fd;
  int status;

  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  out = fdopen (out_fd, "r");
  g_assert_nonnull (out);

  /* Startup (exec, loading what is there) is not what is under test: the
   * random delay starts once the writer is writing. */
  if (fgets (line, sizeof line, out) != NULL)
    ready = g_str_equal (line, "READY\n");
  g_assert_true (ready);

  g_usleep (delay_ms * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* Only whole lines count: a line cut by the kill was not reported. */
  while (fgets (line, sizeof line, out) != NULL)
    {
      gsize len = strlen (line);

      if (len < 3 || line[len - 1] != '\n')
        continue;
      line[len - 1] = '\0';
      if (line[0] == 'M')
        g_hash_table_add (fixture->done_messages, g_strdup (line + 2));
      else if (line[0] == 'P')
        g_hash_table_add (fixture->done_records, g_strdup (line + 2));
    }
  fclose (out);
}

static void
check_conversations (Fixture *fixture,
                     guint    kills)
{
  g_autofree char *path = g_build_filename (fixture->dir, "conversations", NULL);
  g_autoptr(GHashTable) on_disk = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDir) dir = NULL;
  GHashTableIter iter;
  const char *name;
  gpointer key;
  guint n_stray = 0;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    {
      /* Only possible when nothing was ever reported saved. */
      g_assert_cmpuint (g_hash_table_size (fixture->done_messages), ==, 0);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      SyConversation *conversation;
      GListModel *messages;
      gsize length;

      /* g_file_set_contents() writes NAME.json.XXXXXX and renames it over
       * NAME.json: one left by a kill is not a conversation. */
      if (!g_str_has_suffix (name, ".json"))
        {
          g_assert_nonnull (strstr (name, ".json."));
          n_stray++;
          continue;
        }

      g_assert_true (g_file_get_contents (file, &contents, &length, &error));
      conversation = sy_conversation_new_from_json (contents, length, &error);
      if (conversation == NULL)
        g_error ("after kill %u, %s does not parse: %s", kills, name, error->message);
      g_ptr_array_add (loaded, conversation);

      messages = sy_conversation_get_messages (conversation);
      for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
        {
          g_autoptr(SyMessage) message = g_list_model_get_item (messages, i);

          g_hash_table_add (on_disk, (gpointer) sy_message_get_content (message));
        }
    }

  g_hash_table_iter_init (&iter, fixture->done_messages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (on_disk, key))
      g_error ("after kill %u, completed message %s is missing", kills, (const char *) key);

  /* At most one temporary file per kill can be left behind. */
  g_assert_cmpuint (n_stray, <=, kills);
  fixture->max_stray = MAX (fixture->max_stray, n_stray);
}

static void
check_pilot_log (Fixture *fixture,
                 guint    kills)
{
  g_autofree char *path = g_build_filename (fixture->dir, "pilot.jsonl", NULL);
  g_autoptr(SyPilotLog) log = sy_pilot_log_new (path);
  g_autoptr(GHashTable) on_disk = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  GPtrArray *records;
  gpointer key;

  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_no_error (error);

  records = sy_pilot_log_get_records (log);
  for (guint i = 0; i < records->len; i++)
    {
      const SyPilotRecord *record = g_ptr_array_index (records, i);

      g_hash_table_add (on_disk, record->id);
    }

  g_hash_table_iter_init (&iter, fixture->done_records);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (on_disk, key))
      g_error ("after kill %u, completed pilot record %s is missing", kills, (const char *) key);
}

static void
test_kill_writer (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();
  guint kills = 0;

  /* Torn pilot lines are reported with g_warning() and allowed. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  /* A loaded machine (or ASan) writes less in 0–30 ms: it gets more kills,
   * up to four times as many, rather than a lower bar. */
  while (kills < N_KILLS ||
         ((g_hash_table_size (fixture->done_messages) < N_KILLS / 4 ||
           g_hash_table_size (fixture->done_records) < N_KILLS / 4) &&
          kills < 4 * N_KILLS))
    {
      kills++;
      run_and_kill (fixture, g_test_rand_int_range (0, MAX_DELAY_MS + 1));
      check_conversations (fixture, kills);
      check_pilot_log (fixture, kills);
    }

  g_test_message ("%u kills in %.1f s: %u messages and %u pilot records completed, "
                  "%u torn pilot lines skipped, at most %u stray temporary files",
                  kills, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  g_hash_table_size (fixture->done_messages),
                  g_hash_table_size (fixture->done_records),
                  n_skipped_lines, fixture->max_stray);

  /* The kills must have landed while the writer was writing, or the test
   * proves nothing: some writes completed between kills, and every one of
   * them survived all the later kills. */
  g_assert_cmpuint (g_hash_table_size (fixture->done_messages), >=, N_KILLS / 4);
  g_assert_cmpuint (g_hash_table_size (fixture->done_records), >=, N_KILLS / 4);
  g_assert_cmpuint (n_unexpected_warnings, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* Handled before g_test_init(), which would reject the argument. */
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  self_path = argv[0];
  g_log_set_writer_func (log_writer_cb, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash-safety/kill-writer", Fixture, NULL, fixture_setup, test_kill_writer, fixture_teardown);

  return g_test_run ();
}
