/* sy-secrets.c: API keys in the user's keyring (libsecret), never on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key is a secret of the endpoint it opens, so it is stored under the
 * app's own schema with the base URL as its only attribute. Nothing here
 * ever formats a key into a message, a log line or a property: the key
 * travels only between the caller and the secret service.
 *
 * Without a reachable secret service (no session bus, no keyring daemon)
 * the key is kept in a table in this process's memory instead, and the
 * first operation that finds out reports SY_SECRETS_ERROR_NO_KEYRING, so
 * the UI can say "the key is kept until you quit". Later operations use
 * the table directly: asking a bus that is not there again would only add
 * a delay to every request.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sy-secrets.h"

#define SCHEMA_NAME    "io.github.switchyard.Switchyard.ApiKey"
#define ATTR_BASE_URL  "base-url"

typedef struct
{
  char *base_url;
  char *api_key;   /* store only; wiped when freed */
} Request;

G_LOCK_DEFINE_STATIC (memory);
static GHashTable *memory_keys;      /* normalised base URL → key */
static gboolean    memory_only;      /* no secret service: never ask again */
static gboolean    no_keyring_told;  /* NO_KEYRING was reported once */

G_DEFINE_QUARK (sy-secrets-error-quark, sy_secrets_error)

/* Auxiliary functions */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { ATTR_BASE_URL, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Overwrites @key before freeing it, so a freed key does not linger in
 * the heap for a core dump to show. */
static void
wipe_free (char *key)
{
  if (key == NULL)
    return;

  explicit_bzero (key, strlen (key));
  g_free (key);
}

/* "https://api.openai.com/v1/" and "https://api.openai.com/v1" name the
 * same endpoint: one key for both. */
static char *
normalise_url (const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url));
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  return g_steal_pointer (&url);
}

static char *
make_label (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  /* Translators: the name of the entry in Passwords and Keys; %s is a host name */
  return g_strdup_printf (_("Switchyard API key for %s"),
                          host != NULL && *host != '\0' ? host : base_url);
}

static void
request_free (Request *request)
{
  g_free (request->base_url);
  wipe_free (request->api_key);
  g_free (request);
}

static Request *
request_new (const char *base_url,
             const char *api_key)
{
  Request *request = g_new0 (Request, 1);

  request->base_url = normalise_url (base_url);
  request->api_key = g_strdup (api_key);

  return request;
}

static void
memory_put (const char *base_url,
            const char *api_key)
{
  G_LOCK (memory);
  if (memory_keys == NULL)
    memory_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) wipe_free);
  g_hash_table_replace (memory_keys, g_strdup (base_url), g_strdup (api_key));
  G_UNLOCK (memory);
}

static char *
memory_dup (const char *base_url)
{
  char *key = NULL;

  G_LOCK (memory);
  if (memory_keys != NULL)
    key = g_strdup (g_hash_table_lookup (memory_keys, base_url));
  G_UNLOCK (memory);

  return key;
}

static void
memory_remove (const char *base_url)
{
  G_LOCK (memory);
  if (memory_keys != NULL)
    g_hash_table_remove (memory_keys, base_url);
  G_UNLOCK (memory);
}

static gboolean
is_memory_only (void)
{
  gboolean result;

  G_LOCK (memory);
  result = memory_only;
  G_UNLOCK (memory);

  return result;
}

/* Errors that mean "there is no secret service to talk to", as opposed
 * to a keyring that is there but said no (locked, prompt dismissed). */
static gboolean
is_unreachable_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    return TRUE;

  /* No bus at all: g_bus_get() fails with an I/O error (no socket, or
   * "cannot autolaunch D-Bus without X11 $DISPLAY"). */
  return error->domain == G_IO_ERROR &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Switches to the in-memory table for the rest of the process and
 * returns the NO_KEYRING error the first time only. */
static GError *
went_memory_only (const GError *cause)
{
  gboolean tell;

  g_debug ("No secret service (%s): API keys are kept in memory", cause->message);

  G_LOCK (memory);
  memory_only = TRUE;
  tell = !no_keyring_told;
  no_keyring_told = TRUE;
  G_UNLOCK (memory);

  if (!tell)
    return NULL;

  return g_error_new_literal (SY_SECRETS_ERROR, SY_SECRETS_ERROR_NO_KEYRING,
                              _("No keyring: the key is kept until you quit"));
}

/* Callbacks */

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *reported;

  if (secret_password_store_finish (result, &error))
    {
      /* The keyring has it now; an older in-memory copy would shadow it. */
      memory_remove (request->base_url);
      g_debug ("Stored the API key for %s in the keyring", request->base_url);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Whatever went wrong, the person typed a key to use it: keep it for
   * this session rather than lose it. */
  memory_put (request->base_url, request->api_key);

  if (is_unreachable_error (error))
    {
      reported = went_memory_only (error);
      if (reported != NULL)
        g_task_return_error (task, reported);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_return_new_error (task, SY_SECRETS_ERROR, SY_SECRETS_ERROR_FAILED,
                           _("The keyring did not store the key (%s); it is kept until you quit"),
                           error->message);
}

static void
on_password_looked_up_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret != NULL)
    {
      char *copy = g_strdup (secret);

      secret_password_free (secret);
      g_task_return_pointer (task, copy, (GDestroyNotify) wipe_free);
      return;
    }

  if (error == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (is_unreachable_error (error))
    {
      GError *reported = went_memory_only (error);

      if (reported != NULL)
        g_task_return_error (task, reported);
      else
        g_task_return_pointer (task, NULL, NULL);
    }
  else
    g_task_return_new_error (task, SY_SECRETS_ERROR, SY_SECRETS_ERROR_FAILED,
                             _("Could not read the key from the keyring: %s"),
                             error->message);
}

static void
on_password_cleared_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to remove, which is fine. */
  if (secret_password_clear_finish (result, &error) || error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (is_unreachable_error (error))
    {
      GError *reported = went_memory_only (error);

      /* The in-memory copy is gone, and that was all there was. */
      if (reported != NULL)
        g_task_return_error (task, reported);
      else
        g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_new_error (task, SY_SECRETS_ERROR, SY_SECRETS_ERROR_FAILED,
                             _("Could not remove the key from the keyring: %s"),
                             error->message);
}

/* Public API */

void
sy_secrets_lookup_api_key_async (const char          *base_url,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  char *key;

  g_return_if_fail (base_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_secrets_lookup_api_key_async);
  request = request_new (base_url, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  /* A key in memory is the newest one this session was given. */
  key = memory_dup (request->base_url);
  if (key != NULL || is_memory_only ())
    {
      g_task_return_pointer (task, key, (GDestroyNotify) wipe_free);
      return;
    }

  secret_password_lookup (get_schema (), cancellable, on_password_looked_up_cb,
                          g_steal_pointer (&task),
                          ATTR_BASE_URL, request->base_url,
                          NULL);
}

char *
sy_secrets_lookup_api_key_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_secrets_lookup_api_key_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sy_secrets_store_api_key_async (const char          *base_url,
                                const char          *api_key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  Request *request;

  g_return_if_fail (base_url != NULL);
  g_return_if_fail (api_key != NULL && *api_key != '\0');
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_secrets_store_api_key_async);
  request = request_new (base_url, api_key);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (is_memory_only ())
    {
      memory_put (request->base_url, request->api_key);
      g_task_return_boolean (task, TRUE);
      return;
    }

  label = make_label (request->base_url);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         request->api_key, cancellable, on_password_stored_cb,
                         g_steal_pointer (&task),
                         ATTR_BASE_URL, request->base_url,
                         NULL);
}

gboolean
sy_secrets_store_api_key_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_secrets_store_api_key_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sy_secrets_clear_api_key_async (const char          *base_url,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (base_url != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_secrets_clear_api_key_async);
  request = request_new (base_url, NULL);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  memory_remove (request->base_url);
  if (is_memory_only ())
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  secret_password_clear (get_schema (), cancellable, on_password_cleared_cb,
                         g_steal_pointer (&task),
                         ATTR_BASE_URL, request->base_url,
                         NULL);
}

gboolean
sy_secrets_clear_api_key_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_secrets_clear_api_key_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
sy_secrets_lookup_api_key_sync (const char  *base_url,
                                GError     **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *key;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = normalise_url (base_url);
  key = memory_dup (url);
  if (key != NULL || is_memory_only ())
    return key;

  secret = secret_password_lookup_sync (get_schema (), NULL, &local_error,
                                        ATTR_BASE_URL, url,
                                        NULL);
  if (secret != NULL)
    {
      key = g_strdup (secret);
      secret_password_free (secret);
      return key;
    }

  if (local_error == NULL)
    return NULL;

  if (is_unreachable_error (local_error))
    {
      GError *reported = went_memory_only (local_error);

      if (reported != NULL)
        g_propagate_error (error, reported);
      return NULL;
    }

  g_set_error (error, SY_SECRETS_ERROR, SY_SECRETS_ERROR_FAILED,
               _("Could not read the key from the keyring: %s"),
               local_error->message);
  return NULL;
}

gboolean
sy_secrets_is_memory_only (void)
{
  return is_memory_only ();
}
