/* sy-conversation-store.c: the conversations on disk, one JSON file each
 *
 * Saving a long conversation must not hold up the window: the JSON is
 * made on the calling thread (the messages belong to it), the file is
 * written on a worker. One writer per file at a time; a save asked for
 * while one is being written replaces any that waits, so the newest
 * always lands last and nothing older overwrites it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sy-conversation.h"
#include "sy-cost-settings.h"

/* SyConversationStore ---------------------------------------------------- */

struct _SyConversationStore
{
  GObject     parent_instance;

  char       *directory;
  GListStore *conversations;
  GPtrArray  *moved_aside;    /* what the last load moved aside, for a toast */

  /* Saves: under the lock, shared with the writers */
  GMutex      lock;
  GCond       idle;           /* signalled when a file's writer finishes */
  GHashTable *waiting;        /* path → SaveJob, the newest not yet started */
  GHashTable *writing;        /* path → itself, while a writer runs for it */
};

/* One version of one file to write, and the saves it answers: its own and
 * those of the older versions it replaced. */
typedef struct
{
  char      *path;
  char      *directory;
  char      *data;
  GPtrArray *tasks;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_free (job->directory);
  g_free (job->data);
  g_ptr_array_unref (job->tasks);
  g_free (job);
}

G_DEFINE_FINAL_TYPE (SyConversationStore, sy_conversation_store, G_TYPE_OBJECT)

static void
sy_conversation_store_finalize (GObject *object)
{
  SyConversationStore *self = SY_CONVERSATION_STORE (object);

  /* Every pending save holds a reference to the store: none is left. */
  g_hash_table_unref (self->waiting);
  g_hash_table_unref (self->writing);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_free (self->directory);
  g_object_unref (self->conversations);
  g_ptr_array_unref (self->moved_aside);

  G_OBJECT_CLASS (sy_conversation_store_parent_class)->finalize (object);
}

static void
sy_conversation_store_class_init (SyConversationStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sy_conversation_store_finalize;
}

static void
sy_conversation_store_init (SyConversationStore *self)
{
  self->conversations = g_list_store_new (SY_TYPE_CONVERSATION);
  self->moved_aside = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) save_job_free);
  self->writing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

SyConversationStore *
sy_conversation_store_new (const char *directory)
{
  SyConversationStore *self = g_object_new (SY_TYPE_CONVERSATION_STORE, NULL);
  const char *override = g_getenv ("SWITCHYARD_DATA_DIR");

  if (directory != NULL)
    self->directory = g_strdup (directory);
  else if (override != NULL && *override != '\0')
    self->directory = g_build_filename (override, "conversations", NULL);
  else
    self->directory = g_build_filename (g_get_user_data_dir (), "switchyard", "conversations", NULL);

  return self;
}

const char *
sy_conversation_store_get_directory (SyConversationStore *self)
{
  return self->directory;
}

GListModel *
sy_conversation_store_get_model (SyConversationStore *self)
{
  return G_LIST_MODEL (self->conversations);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  /* g_ptr_array_sort_with_data() passes pointers to the elements. */
  SyConversation *ca = *(SyConversation * const *) a;
  SyConversation *cb = *(SyConversation * const *) b;

  gint64 created_a = sy_conversation_get_created (ca);
  gint64 created_b = sy_conversation_get_created (cb);

  if (created_a != created_b)
    return created_a > created_b ? -1 : 1;

  return g_strcmp0 (sy_conversation_get_id (ca), sy_conversation_get_id (cb));
}

/* g_file_set_contents writes NAME.json.XXXXXX and renames it; a process
 * killed in between leaves the temp file behind. One older than a minute
 * belongs to no save in progress and would otherwise pile up. */
static gboolean
is_stale_temp_file (const char *directory,
                    const char *name)
{
  const char *dot = strrchr (name, '.');
  g_autofree char *path = NULL;
  GStatBuf st;

  if (dot == NULL || strlen (dot + 1) != 6 || dot - name < 5 || strncmp (dot - 5, ".json", 5) != 0)
    return FALSE;

  path = g_build_filename (directory, name, NULL);
  if (g_stat (path, &st) != 0)
    return FALSE;

  return (g_get_real_time () / G_USEC_PER_SEC) - st.st_mtime > 60;
}

guint
sy_conversation_store_load (SyConversationStore *self)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name;

  g_return_val_if_fail (SY_IS_CONVERSATION_STORE (self), 0);

  g_ptr_array_set_size (self->moved_aside, 0);

  dir = g_dir_open (self->directory, 0, NULL);
  if (dir == NULL)
    return 0;  /* nothing saved yet */

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      SyConversation *conversation;
      gsize length;

      if (is_stale_temp_file (self->directory, name))
        {
          g_autofree char *temp = g_build_filename (self->directory, name, NULL);
          g_unlink (temp);
          continue;
        }

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (self->directory, name, NULL);
      if (!g_file_get_contents (path, &data, &length, &error) ||
          (conversation = sy_conversation_new_from_json (data, length, &error)) == NULL)
        {
          g_autofree char *aside = NULL;

          /* Moved aside rather than left: the next save of a conversation
           * with the same id would overwrite what the person may still
           * want to mend by hand, and every start would warn again. */
          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            aside = sy_cost_settings_move_aside (path);

          g_warning ("Skipping conversation file %s: %s", path, error->message);
          if (aside != NULL)
            g_ptr_array_add (self->moved_aside,
                             g_strdup_printf (_("The conversation file “%s” could not be read (%s). "
                                                "It was kept as “%s”."),
                                              path, error->message, aside));
          else
            g_ptr_array_add (self->moved_aside,
                             g_strdup_printf (_("The conversation file “%s” could not be read (%s)."),
                                              path, error->message));
          continue;
        }

      g_ptr_array_add (loaded, conversation);
    }

  g_ptr_array_sort_with_data (loaded, compare_newest_first, NULL);
  g_list_store_splice (self->conversations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->conversations)),
                       loaded->pdata, loaded->len);

  return loaded->len;
}

GStrv
sy_conversation_store_dup_load_problems (SyConversationStore *self)
{
  GStrvBuilder *builder;
  GStrv problems;

  g_return_val_if_fail (SY_IS_CONVERSATION_STORE (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->moved_aside->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->moved_aside, i));
  problems = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return problems;
}

SyConversation *
sy_conversation_store_create (SyConversationStore *self,
                              const char          *title)
{
  g_autoptr(SyConversation) conversation = sy_conversation_new (title);

  g_list_store_insert (self->conversations, 0, conversation);

  return conversation;
}

char *
sy_conversation_store_dup_path (SyConversationStore *self,
                                SyConversation      *conversation)
{
  g_autofree char *name = g_strconcat (sy_conversation_get_id (conversation), ".json", NULL);

  return g_build_filename (self->directory, name, NULL);
}

static gboolean
write_file (const char  *directory,
            const char  *path,
            const char  *data,
            GError     **error)
{
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create %s: %s"), directory, g_strerror (saved_errno));
      return FALSE;
    }

  /* A temporary file renamed over the old one: a crash or a full disk
   * leaves the previous version whole. */
  return g_file_set_contents_full (path, data, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

static void write_thread_cb (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable);

/* With the lock held: a writer for @path, which takes what waits for it. */
static void
start_writer_locked (SyConversationStore *self,
                     const char          *path)
{
  g_autoptr(GTask) writer = g_task_new (self, NULL, NULL, NULL);

  g_hash_table_add (self->writing, g_strdup (path));
  g_task_set_source_tag (writer, start_writer_locked);
  g_task_set_task_data (writer, g_strdup (path), g_free);
  g_task_run_in_thread (writer, write_thread_cb);
}

/* Waits, with the lock held, until no writer runs for @path (any path
 * when NULL). */
static void
wait_for_writers (SyConversationStore *self,
                  const char          *path)
{
  while (path != NULL ? g_hash_table_contains (self->writing, path) : g_hash_table_size (self->writing) > 0)
    g_cond_wait (&self->idle, &self->lock);
}

/* The writer of one file: it writes the newest version waiting for it
 * until none is left. Only one runs per file. */
static void
write_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SyConversationStore *self = source_object;
  const char *path = task_data;

  for (;;)
    {
      SaveJob *job;
      g_autoptr(GError) error = NULL;
      gboolean written;

      g_mutex_lock (&self->lock);
      if (!g_hash_table_steal_extended (self->waiting, path, NULL, (gpointer *) &job))
        {
          g_hash_table_remove (self->writing, path);
          g_cond_broadcast (&self->idle);
          g_mutex_unlock (&self->lock);
          break;
        }
      g_mutex_unlock (&self->lock);

      written = write_file (job->directory, job->path, job->data, &error);
      for (guint i = 0; i < job->tasks->len; i++)
        {
          GTask *saved = g_ptr_array_index (job->tasks, i);

          if (written)
            g_task_return_boolean (saved, TRUE);
          else
            g_task_return_error (saved, g_error_copy (error));
        }
      save_job_free (job);
    }

  g_task_return_boolean (task, TRUE);
}

/* Atomic: the old file stays whole if the write fails. Waits for a save
 * of the same file in progress and replaces any that had not started. */
gboolean
sy_conversation_store_save (SyConversationStore  *self,
                            SyConversation       *conversation,
                            GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  SaveJob *older;
  g_autoptr(GPtrArray) superseded = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean written;

  g_return_val_if_fail (SY_IS_CONVERSATION_STORE (self), FALSE);
  g_return_val_if_fail (SY_IS_CONVERSATION (conversation), FALSE);

  path = sy_conversation_store_dup_path (self, conversation);
  data = sy_conversation_to_json (conversation);

  /* The file is this thread's while it writes: a writer that starts now
   * finds nothing waiting. */
  g_mutex_lock (&self->lock);
  wait_for_writers (self, path);
  if (g_hash_table_steal_extended (self->waiting, path, NULL, (gpointer *) &older))
    {
      superseded = g_ptr_array_ref (older->tasks);
      save_job_free (older);
    }
  g_hash_table_add (self->writing, g_strdup (path));
  g_mutex_unlock (&self->lock);

  written = write_file (self->directory, path, data, &local_error);

  /* Another thread may have asked for a save meanwhile: it waits for a
   * writer that is started here. */
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->writing, path);
  if (g_hash_table_contains (self->waiting, path))
    start_writer_locked (self, path);
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; superseded != NULL && i < superseded->len; i++)
    {
      GTask *saved = g_ptr_array_index (superseded, i);

      if (written)
        g_task_return_boolean (saved, TRUE);
      else
        g_task_return_error (saved, g_error_copy (local_error));
    }

  if (!written)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return written;
}

void
sy_conversation_store_save_async (SyConversationStore *self,
                                  SyConversation      *conversation,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;
  SaveJob *older;

  g_return_if_fail (SY_IS_CONVERSATION_STORE (self));
  g_return_if_fail (SY_IS_CONVERSATION (conversation));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_conversation_store_save_async);

  job = g_new0 (SaveJob, 1);
  job->path = sy_conversation_store_dup_path (self, conversation);
  job->directory = g_strdup (self->directory);
  job->data = sy_conversation_to_json (conversation);
  job->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->tasks, g_steal_pointer (&task));

  g_mutex_lock (&self->lock);
  if (g_hash_table_steal_extended (self->waiting, job->path, NULL, (gpointer *) &older))
    {
      /* Never written: the newer version answers its saves too. */
      g_ptr_array_extend_and_steal (job->tasks, g_steal_pointer (&older->tasks));
      older->tasks = g_ptr_array_new ();
      save_job_free (older);
    }
  g_hash_table_insert (self->waiting, job->path, job);
  if (!g_hash_table_contains (self->writing, job->path))
    start_writer_locked (self, job->path);
  g_mutex_unlock (&self->lock);
}

gboolean
sy_conversation_store_save_finish (SyConversationStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocks until every save asked for is on disk (or failed): for quitting,
 * when the main loop will not run the writers' callbacks. */
void
sy_conversation_store_flush (SyConversationStore *self)
{
  g_return_if_fail (SY_IS_CONVERSATION_STORE (self));

  g_mutex_lock (&self->lock);
  wait_for_writers (self, NULL);
  g_mutex_unlock (&self->lock);
}

gboolean
sy_conversation_store_has_pending_saves (SyConversationStore *self)
{
  gboolean pending;

  g_return_val_if_fail (SY_IS_CONVERSATION_STORE (self), FALSE);

  g_mutex_lock (&self->lock);
  pending = g_hash_table_size (self->writing) > 0 || g_hash_table_size (self->waiting) > 0;
  g_mutex_unlock (&self->lock);

  return pending;
}

gboolean
sy_conversation_store_rename (SyConversationStore  *self,
                              SyConversation       *conversation,
                              const char           *title,
                              GError              **error)
{
  sy_conversation_set_title (conversation, title);
  return sy_conversation_store_save (self, conversation, error);
}

gboolean
sy_conversation_store_delete (SyConversationStore  *self,
                              SyConversation       *conversation,
                              GError              **error)
{
  g_autofree char *path = sy_conversation_store_dup_path (self, conversation);
  SaveJob *unwritten = NULL;
  guint position;

  if (g_list_store_find (self->conversations, conversation, &position))
    g_list_store_remove (self->conversations, position);

  /* A save still to come would bring the file back. */
  g_mutex_lock (&self->lock);
  g_hash_table_steal_extended (self->waiting, path, NULL, (gpointer *) &unwritten);
  wait_for_writers (self, path);
  g_mutex_unlock (&self->lock);
  if (unwritten != NULL)
    {
      for (guint i = 0; i < unwritten->tasks->len; i++)
        g_task_return_new_error (g_ptr_array_index (unwritten->tasks, i), G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The conversation was deleted");
      save_job_free (unwritten);
    }

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not delete %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
