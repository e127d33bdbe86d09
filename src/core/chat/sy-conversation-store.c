/* sy-conversation-store.c: the conversations on disk, one JSON file each
 *
 * Saving a long conversation must not hold up the window: the calling
 * thread only copies the conversation into a JSON tree (the messages
 * belong to it); a worker makes the file's text and the searchable text
 * from that copy and writes the file. One writer per file at a time; a
 * save asked for while one is being written replaces any that waits, so
 * the newest always lands last and nothing older overwrites it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sy-conversation-private.h"
#include "sy-cost-settings.h"

/* SyConversationStore ---------------------------------------------------- */

struct _SyConversationStore
{
  GObject     parent_instance;

  char       *directory;
  GListStore *conversations;
  GPtrArray  *moved_aside;    /* what the last load moved aside, for a toast */
  GHashTable *texts;          /* SyConversation → fold_text(), for search */
  GHashTable *texts_coming;   /* SyConversation → the newest save's number,
                               * while a worker folds its text */
  guint       n_saves;
  GMainContext *context;      /* the thread the texts belong to */

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
  char           *path;
  char           *directory;
  JsonNode       *root;          /* sy_conversation_to_json_node() */
  SyConversation *conversation;  /* whose text it is, for search */
  guint           number;        /* the store's n_saves then */
  GPtrArray      *tasks;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_free (job->directory);
  g_clear_pointer (&job->root, json_node_unref);
  g_clear_object (&job->conversation);
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
  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->texts_coming);
  g_main_context_unref (self->context);
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
  self->texts = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) g_ref_string_release);
  self->texts_coming = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->context = g_main_context_ref_thread_default ();
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

/* The searchable text of a conversation: its title and messages, case
 * folded, so that a search compares folded with folded. Immutable and
 * reference counted, so that a search on a worker can read it while the
 * main thread replaces it. */
static char *
fold_collected (GString *text)
{
  g_autoptr(GString) folded = g_string_sized_new (text->len);
  const char *p = text->str, *end = text->str + text->len;

  /* g_utf8_casefold() a run at a time, ASCII a byte at a time: most of a
   * reply is ASCII, which it folds at some 30 ns a character (13 ms of
   * the writer's thread for a 400 KB reply, on a core the window needs).
   * Folding is a character's own, so runs fold as the whole would. */
  while (p < end)
    {
      const char *run = p;

      if ((guchar) *p < 0x80)
        {
          gsize start = folded->len;

          while (p < end && (guchar) *p < 0x80)
            p++;
          g_string_append_len (folded, run, p - run);
          for (gsize i = start; i < folded->len; i++)
            folded->str[i] = g_ascii_tolower (folded->str[i]);
        }
      else
        {
          g_autofree char *part = NULL;

          while (p < end && (guchar) *p >= 0x80)
            p++;
          part = g_utf8_casefold (run, p - run);
          g_string_append (folded, part);
        }
    }

  return g_ref_string_new_len (folded->str, folded->len);
}

static char *
fold_text (SyConversation *conversation)
{
  GListModel *messages = sy_conversation_get_messages (conversation);
  g_autoptr(GString) text = g_string_new (sy_conversation_get_title (conversation));

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(SyMessage) message = g_list_model_get_item (messages, i);

      g_string_append_c (text, '\n');
      g_string_append (text, sy_message_get_content (message));
    }

  return fold_collected (text);
}

/* The same from the copy a save makes (sy_conversation_to_json_node()),
 * on the writer's thread */
static char *
fold_snapshot (JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  JsonArray *messages = json_object_get_array_member (object, "messages");
  g_autoptr(GString) text = g_string_new (json_object_get_string_member_with_default (object, "title", NULL));

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_string_append_c (text, '\n');
      g_string_append (text, json_object_get_string_member_with_default (message, "content", ""));
    }

  return fold_collected (text);
}

typedef struct
{
  GPtrArray *conversations; /* SyConversation, newest first */
  GPtrArray *texts;         /* their fold_text(), GRefString */
  GPtrArray *problems;      /* sentences for a toast */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->conversations);
  g_ptr_array_unref (loaded->texts);
  g_ptr_array_unref (loaded->problems);
  g_free (loaded);
}

/* Reads the directory without touching the store: safe on a worker. */
static Loaded *
read_directory (const char *directory)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  loaded->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  loaded->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release);
  loaded->problems = g_ptr_array_new_with_free_func (g_free);

  dir = g_dir_open (directory, 0, NULL);
  if (dir == NULL)
    return loaded;  /* nothing saved yet */

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      SyConversation *conversation;
      gsize length;

      if (is_stale_temp_file (directory, name))
        {
          g_autofree char *temp = g_build_filename (directory, name, NULL);
          g_unlink (temp);
          continue;
        }

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (directory, name, NULL);
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
            g_ptr_array_add (loaded->problems,
                             g_strdup_printf (_("The conversation file “%s” could not be read (%s). "
                                                "It was kept as “%s”."),
                                              path, error->message, aside));
          else
            g_ptr_array_add (loaded->problems,
                             g_strdup_printf (_("The conversation file “%s” could not be read (%s)."),
                                              path, error->message));
          continue;
        }

      g_ptr_array_add (loaded->conversations, conversation);
    }

  g_ptr_array_sort_with_data (loaded->conversations, compare_newest_first, NULL);
  for (guint i = 0; i < loaded->conversations->len; i++)
    g_ptr_array_add (loaded->texts, fold_text (g_ptr_array_index (loaded->conversations, i)));

  return loaded;
}

/* @keep: how many conversations at the top stay (created meanwhile).
 * Returns how many were added. */
static guint
take_loaded (SyConversationStore *self,
             Loaded              *loaded,
             guint                keep)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  GHashTable *kept_ids;
  GPtrArray *fresh;

  g_ptr_array_set_size (self->moved_aside, 0);
  for (guint i = 0; i < loaded->problems->len; i++)
    g_ptr_array_add (self->moved_aside, g_strdup (g_ptr_array_index (loaded->problems, i)));

  for (guint i = keep; i < n; i++)
    {
      g_autoptr(SyConversation) dropped = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      g_hash_table_remove (self->texts, dropped);
    }
  /* A conversation begun while the files were read may have been saved
   * before the worker listed the directory: the one on top is it. */
  kept_ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < keep; i++)
    {
      g_autoptr(SyConversation) kept = g_list_model_get_item (G_LIST_MODEL (self->conversations), i);

      g_hash_table_add (kept_ids, (gpointer) sy_conversation_get_id (kept));
    }
  fresh = g_ptr_array_sized_new (loaded->conversations->len);
  for (guint i = 0; i < loaded->conversations->len; i++)
    {
      SyConversation *conversation = g_ptr_array_index (loaded->conversations, i);

      if (g_hash_table_contains (kept_ids, sy_conversation_get_id (conversation)))
        continue;
      g_hash_table_insert (self->texts, g_object_ref (conversation),
                           g_ref_string_acquire (g_ptr_array_index (loaded->texts, i)));
      g_ptr_array_add (fresh, conversation);
    }

  g_list_store_splice (self->conversations, keep, n - keep, fresh->pdata, fresh->len);
  n = fresh->len;
  g_hash_table_unref (kept_ids);
  g_ptr_array_unref (fresh);

  return n;
}

guint
sy_conversation_store_load (SyConversationStore *self)
{
  Loaded *loaded;
  guint n;

  g_return_val_if_fail (SY_IS_CONVERSATION_STORE (self), 0);

  loaded = read_directory (self->directory);
  n = take_loaded (self, loaded, 0);
  loaded_free (loaded);

  return n;
}

static void
load_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_pointer (task, read_directory (task_data), (GDestroyNotify) loaded_free);
}

void
sy_conversation_store_load_async (SyConversationStore *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SY_IS_CONVERSATION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_conversation_store_load_async);
  g_task_set_task_data (task, g_strdup (self->directory), g_free);
  g_task_run_in_thread (task, load_thread_cb);
}

/* The conversations are in the model, after any created meanwhile. */
guint
sy_conversation_store_load_finish (SyConversationStore  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  Loaded *loaded;
  guint n;
  guint n_created;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return 0;

  /* A conversation begun while the files were read stays, on top. */
  n_created = g_list_model_get_n_items (G_LIST_MODEL (self->conversations));
  n = take_loaded (self, loaded, n_created);
  loaded_free (loaded);

  return n;
}

/* Search ------------------------------------------------------------------ */

typedef struct
{
  char      *query;      /* folded */
  GPtrArray *conversations;
  GPtrArray *texts;
} Search;

static void
search_free (Search *search)
{
  g_free (search->query);
  g_ptr_array_unref (search->conversations);
  g_ptr_array_unref (search->texts);
  g_free (search);
}

static void
search_thread_cb (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Search *search = task_data;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < search->texts->len; i++)
    {
      if (i % 256 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (strstr (g_ptr_array_index (search->texts, i), search->query) != NULL)
        g_ptr_array_add (found, g_object_ref (g_ptr_array_index (search->conversations, i)));
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
  else
    g_ptr_array_unref (found);
}

void
sy_conversation_store_search_async (SyConversationStore *self,
                                    const char          *text,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Search *search;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (SY_IS_CONVERSATION_STORE (self));
  g_return_if_fail (text != NULL);

  /* A snapshot of references: the worker reads no object, only the
   * immutable texts. */
  search = g_new0 (Search, 1);
  search->query = g_utf8_casefold (text, -1);
  search->conversations = g_ptr_array_new_full (g_hash_table_size (self->texts), g_object_unref);
  search->texts = g_ptr_array_new_full (g_hash_table_size (self->texts), (GDestroyNotify) g_ref_string_release);
  g_hash_table_iter_init (&iter, self->texts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (search->conversations, g_object_ref (key));
      g_ptr_array_add (search->texts, g_ref_string_acquire (value));
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_conversation_store_search_async);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, search_thread_cb);
}

GPtrArray *
sy_conversation_store_search_finish (SyConversationStore  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
  g_hash_table_insert (self->texts, g_object_ref (conversation), fold_text (conversation));

  return conversation;
}

char *
sy_conversation_store_dup_path (SyConversationStore *self,
                                SyConversation      *conversation)
{
  g_autofree char *name = g_strconcat (sy_conversation_get_id (conversation), ".json", NULL);

  return g_build_filename (self->directory, name, NULL);
}

/* What is saved is what a search finds. */
static void
update_text (SyConversationStore *self,
             SyConversation      *conversation)
{
  g_hash_table_remove (self->texts_coming, conversation);
  g_hash_table_insert (self->texts, g_object_ref (conversation), fold_text (conversation));
}

typedef struct
{
  SyConversationStore *store;
  SyConversation      *conversation;
  guint                number;
  char                *text;   /* GRefString */
} TextFolded;

static void
text_folded_free (TextFolded *folded)
{
  g_object_unref (folded->store);
  g_object_unref (folded->conversation);
  g_ref_string_release (folded->text);
  g_free (folded);
}

/* Back on the store's thread: the text of the newest save asked for
 * replaces the old one, unless the conversation was deleted meanwhile or
 * a newer text came first. */
static gboolean
text_folded_cb (gpointer user_data)
{
  TextFolded *folded = user_data;
  SyConversationStore *self = folded->store;
  gpointer newest;

  if (g_hash_table_lookup_extended (self->texts_coming, folded->conversation, NULL, &newest) &&
      GPOINTER_TO_UINT (newest) == folded->number)
    {
      g_hash_table_remove (self->texts_coming, folded->conversation);
      if (g_hash_table_contains (self->texts, folded->conversation))
        g_hash_table_insert (self->texts, g_object_ref (folded->conversation), g_ref_string_acquire (folded->text));
    }

  return G_SOURCE_REMOVE;
}

/* On the writer's thread: the job's conversation goes back to the store's
 * thread with its text (a last reference is dropped there). */
static void
send_folded_text (SyConversationStore *self,
                  SaveJob             *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();
  TextFolded *folded = g_new0 (TextFolded, 1);

  folded->store = g_object_ref (self);
  folded->conversation = g_steal_pointer (&job->conversation);
  folded->number = job->number;
  folded->text = fold_snapshot (job->root);
  g_source_set_callback (source, text_folded_cb, folded, (GDestroyNotify) text_folded_free);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_attach (source, self->context);
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
      g_autofree char *data = NULL;
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

      /* Before the saves are answered: who hears of one finds its text. */
      send_folded_text (self, job);
      data = sy_conversation_json_node_to_data (job->root);
      written = write_file (job->directory, job->path, data, &error);
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
  update_text (self, conversation);

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
  job->root = sy_conversation_to_json_node (conversation);
  job->conversation = g_object_ref (conversation);
  job->number = ++self->n_saves;
  g_hash_table_insert (self->texts_coming, g_object_ref (conversation), GUINT_TO_POINTER (job->number));
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
  g_hash_table_remove (self->texts, conversation);
  g_hash_table_remove (self->texts_coming, conversation);

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
