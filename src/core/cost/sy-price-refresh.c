/* sy-price-refresh.c: downloads LiteLLM's price list when the user asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only ever started by the user (the Refresh button, `switchyard prices
 * --refresh`): Switchyard does not phone home on its own.
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "sy-cost-error.h"
#include "sy-price-refresh.h"

#define READ_CHUNK  (64 * 1024)
#define CACHE_BODY  "litellm-prices.json"
#define CACHE_ETAG  "litellm-prices.etag"
#define CACHE_URL   "litellm-prices.url"

struct _SyPriceRefresh
{
  GObject      parent_instance;

  SoupSession *session;
  char        *url;
  char        *cache_dir;
  gsize        max_bytes;
  guint64      received;
  gint64       expected;
};

G_DEFINE_FINAL_TYPE (SyPriceRefresh, sy_price_refresh, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECEIVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  SyPriceTable *table;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
} RunData;

static void read_next (GTask *task);

/* Auxiliary functions */

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->table);
  g_clear_object (&run->message);
  g_clear_object (&run->stream);
  g_clear_pointer (&run->body, g_byte_array_unref);
  g_free (run);
}

static void
set_received (SyPriceRefresh *self,
              guint64         received)
{
  self->received = received;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED]);
}

static char *
dup_cache_path (SyPriceRefresh *self,
                const char     *name)
{
  return g_build_filename (self->cache_dir, name, NULL);
}

/* Every failure says which URL and why, so "offline" reads as such. */
static void
return_error (GTask      *task,
              GQuark      domain,
              int         code,
              const char *reason)
{
  SyPriceRefresh *self = g_task_get_source_object (task);

  /* Translators: the first %s is a URL, the second why it failed */
  g_task_return_new_error (task, domain, code, _("Could not refresh prices from %s: %s"),
                           self->url, reason);
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Remembers the download for the next If-None-Match. A cache that cannot
 * be written costs a full download next time, nothing more. */
static void
write_cache (SyPriceRefresh *self,
             const guint8   *data,
             gsize           length,
             const char     *etag)
{
  g_autofree char *body_path = dup_cache_path (self, CACHE_BODY);
  g_autofree char *etag_path = dup_cache_path (self, CACHE_ETAG);
  g_autofree char *url_path = dup_cache_path (self, CACHE_URL);
  g_autoptr(GError) error = NULL;

  /* The ETag goes first so that a half-written cache never pairs an old
   * tag with a new body or URL. */
  g_unlink (etag_path);

  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0 ||
      !g_file_set_contents (url_path, self->url, -1, &error) ||
      !g_file_set_contents (body_path, (const char *) data, (gssize) length, &error))
    {
      g_debug ("Price cache not written: %s", error ? error->message : g_strerror (errno));
      return;
    }

  if (etag != NULL && !g_file_set_contents (etag_path, etag, -1, &error))
    g_debug ("Price cache ETag not written: %s", error->message);
}

static void
finish_with_data (GTask        *task,
                  const char   *data,
                  gsize         length,
                  gboolean      not_modified)
{
  SyPriceRefresh *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SyPriceUpdate) update = NULL;
  g_autofree char *today = dup_today ();

  update = sy_price_update_new_from_litellm (run->table, data, (gssize) length,
                                             self->url, today, &error);
  if (update == NULL)
    {
      return_error (task, SY_COST_ERROR, SY_COST_ERROR_PARSE, error->message);
      return;
    }

  sy_price_update_set_not_modified (update, not_modified);
  if (!not_modified)
    write_cache (self, (const guint8 *) data, length,
                 soup_message_headers_get_one (soup_message_get_response_headers (run->message), "ETag"));

  g_task_return_pointer (task, g_steal_pointer (&update), g_object_unref);
}

static void
finish_not_modified (GTask *task)
{
  SyPriceRefresh *self = g_task_get_source_object (task);
  g_autofree char *path = dup_cache_path (self, CACHE_BODY);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      return_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                    _("the server says nothing changed, but the last download is gone"));
      return;
    }

  finish_with_data (task, contents, length, TRUE);
}

static char *
format_megabytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
return_too_large (GTask   *task,
                  guint64  size)
{
  SyPriceRefresh *self = g_task_get_source_object (task);
  g_autofree char *shown = format_megabytes (size);
  g_autofree char *cap = format_megabytes (self->max_bytes);
  g_autofree char *reason = NULL;

  /* Translators: "the reply is 50.0 MB, more than a price list's 33.6 MB at most" */
  reason = g_strdup_printf (_("the reply is %s or more, larger than a price list can be (%s at most)"),
                            shown, cap);
  return_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, reason);
}

static void
return_cut_off (GTask *task)
{
  SyPriceRefresh *self = g_task_get_source_object (task);
  g_autofree char *received = g_strdup_printf ("%" G_GUINT64_FORMAT, self->received);
  g_autofree char *reason = NULL;

  /* Translators: %s is a number of bytes */
  reason = g_strdup_printf (_("the download was cut off after %s bytes"), received);
  return_error (task, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, reason);
}

/* Callbacks */

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SyPriceRefresh *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
        return_cut_off (task);
      else
        return_error (task, error->domain, error->code, error->message);
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      if (self->expected >= 0 && self->received != (guint64) self->expected)
        {
          return_cut_off (task);
          return;
        }

      finish_with_data (task, (const char *) run->body->data, run->body->len, FALSE);
      return;
    }

  if (run->body->len + g_bytes_get_size (bytes) > self->max_bytes)
    {
      return_too_large (task, run->body->len + g_bytes_get_size (bytes));
      return;
    }

  g_byte_array_append (run->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  set_received (self, run->body->len);
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (run->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read_cb, task);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SyPriceRefresh *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  run->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (run->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_error (task, error->domain, error->code, error->message);
      return;
    }

  status = soup_message_get_status (run->message);
  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      finish_not_modified (task);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *reason = g_strdup_printf (_("the server answered %u %s"), status,
                                                 soup_message_get_reason_phrase (run->message));
      return_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, reason);
      return;
    }

  headers = soup_message_get_response_headers (run->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    self->expected = soup_message_headers_get_content_length (headers);

  /* Refused before a byte of it is read. */
  if (self->expected > 0 && (guint64) self->expected > self->max_bytes)
    {
      return_too_large (task, (guint64) self->expected);
      return;
    }

  run->body = g_byte_array_sized_new (self->expected > 0 ? (guint) self->expected : READ_CHUNK);
  read_next (g_steal_pointer (&task));
}

/* Overrides */

static void
sy_price_refresh_finalize (GObject *object)
{
  SyPriceRefresh *self = (SyPriceRefresh *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (sy_price_refresh_parent_class)->finalize (object);
}

static void
sy_price_refresh_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SyPriceRefresh *self = SY_PRICE_REFRESH (object);

  switch (prop_id)
    {
    case PROP_RECEIVED:
      g_value_set_uint64 (value, self->received);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_price_refresh_class_init (SyPriceRefreshClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sy_price_refresh_finalize;
  object_class->get_property = sy_price_refresh_get_property;

  properties[PROP_RECEIVED] =
    g_param_spec_uint64 ("received", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sy_price_refresh_init (SyPriceRefresh *self)
{
  /* A silent server must not hang the refresh forever. */
  self->session = soup_session_new_with_options ("timeout", 60, "idle-timeout", 60, NULL);
  self->max_bytes = SY_PRICE_REFRESH_MAX_BYTES;
  self->expected = -1;
}

/* Public API */

SyPriceRefresh *
sy_price_refresh_new (const char *url,
                      const char *cache_dir)
{
  SyPriceRefresh *self = g_object_new (SY_TYPE_PRICE_REFRESH, NULL);

  self->url = g_strdup (url != NULL ? url : SY_PRICE_REFRESH_DEFAULT_URL);
  self->cache_dir = cache_dir != NULL
                      ? g_strdup (cache_dir)
                      : g_build_filename (g_get_user_cache_dir (), "switchyard", NULL);

  return self;
}

const char *
sy_price_refresh_get_url (SyPriceRefresh *self)
{
  g_return_val_if_fail (SY_IS_PRICE_REFRESH (self), NULL);

  return self->url;
}

void
sy_price_refresh_set_max_bytes (SyPriceRefresh *self,
                                gsize           max_bytes)
{
  g_return_if_fail (SY_IS_PRICE_REFRESH (self));

  self->max_bytes = max_bytes;
}

guint64
sy_price_refresh_get_received (SyPriceRefresh *self)
{
  g_return_val_if_fail (SY_IS_PRICE_REFRESH (self), 0);

  return self->received;
}

gint64
sy_price_refresh_get_expected (SyPriceRefresh *self)
{
  g_return_val_if_fail (SY_IS_PRICE_REFRESH (self), -1);

  return self->expected;
}

void
sy_price_refresh_run_async (SyPriceRefresh      *self,
                            SyPriceTable        *table,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *etag_path = NULL;
  g_autofree char *body_path = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *url_path = NULL;
  g_autofree char *cached_url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  RunData *run;

  g_return_if_fail (SY_IS_PRICE_REFRESH (self));
  g_return_if_fail (SY_IS_PRICE_TABLE (table));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_price_refresh_run_async);

  run = g_new0 (RunData, 1);
  run->table = g_object_ref (table);
  g_task_set_task_data (task, run, run_data_free);

  self->expected = -1;
  set_received (self, 0);

  uri = g_uri_parse (self->url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      return_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    _("this is not an http or https address"));
      return;
    }

  run->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);

  /* Only with the body it stands for, downloaded from this very URL: a
   * 304 must have the right list to show. */
  etag_path = dup_cache_path (self, CACHE_ETAG);
  body_path = dup_cache_path (self, CACHE_BODY);
  url_path = dup_cache_path (self, CACHE_URL);
  if (g_file_test (body_path, G_FILE_TEST_IS_REGULAR) &&
      g_file_get_contents (url_path, &cached_url, NULL, NULL) &&
      g_str_equal (cached_url, self->url) &&
      g_file_get_contents (etag_path, &etag, NULL, NULL))
    soup_message_headers_replace (soup_message_get_request_headers (run->message),
                                  "If-None-Match", g_strstrip (etag));

  soup_session_send_async (self->session, run->message, G_PRIORITY_DEFAULT,
                           cancellable, on_sent_cb, g_steal_pointer (&task));
}

SyPriceUpdate *
sy_price_refresh_run_finish (SyPriceRefresh  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (SY_IS_PRICE_REFRESH (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
