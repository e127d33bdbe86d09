/* sy-pilot.c: pilot records, their log, the summary and the CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sy-pilot.h"
#include "sy-json.h"

struct _SyPilotLog
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *records;
};

G_DEFINE_FINAL_TYPE (SyPilotLog, sy_pilot_log, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
G_DEFINE_QUARK (sy-pilot-error-quark, sy_pilot_error)
G_DEFINE_BOXED_TYPE (SyPilotRecord, sy_pilot_record, sy_pilot_record_copy, sy_pilot_record_free)

static const char * const rating_ids[] = { "none", "a", "b", "tie" };

/* Auxiliary functions ------------------------------------------------------ */

const char *
sy_pilot_rating_to_id (SyPilotRating rating)
{
  g_return_val_if_fail (rating < G_N_ELEMENTS (rating_ids), "none");
  return rating_ids[rating];
}

gboolean
sy_pilot_rating_from_id (const char    *id,
                         SyPilotRating *out_rating)
{
  for (guint i = 0; i < G_N_ELEMENTS (rating_ids); i++)
    if (g_strcmp0 (id, rating_ids[i]) == 0)
      {
        *out_rating = i;
        return TRUE;
      }
  return FALSE;
}

static void
reply_clear (SyPilotReply *reply)
{
  g_clear_pointer (&reply->kind, g_free);
  g_clear_pointer (&reply->model, g_free);
  g_clear_pointer (&reply->error, g_free);
  memset (reply, 0, sizeof *reply);
  reply->time_to_first_token = -1;
}

SyPilotRecord *
sy_pilot_record_new (const char *prompt)
{
  SyPilotRecord *record = g_new0 (SyPilotRecord, 1);

  record->id = g_uuid_string_random ();
  record->prompt = g_strdup (prompt != NULL ? prompt : "");
  record->timestamp = g_get_real_time ();
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    reply_clear (&record->replies[i]);
  return record;
}

SyPilotRecord *
sy_pilot_record_copy (const SyPilotRecord *record)
{
  SyPilotRecord *copy = g_memdup2 (record, sizeof *record);

  copy->id = g_strdup (record->id);
  copy->prompt = g_strdup (record->prompt);
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      copy->replies[i].kind = g_strdup (record->replies[i].kind);
      copy->replies[i].model = g_strdup (record->replies[i].model);
      copy->replies[i].error = g_strdup (record->replies[i].error);
    }
  return copy;
}

void
sy_pilot_record_free (SyPilotRecord *record)
{
  if (record == NULL)
    return;
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    reply_clear (&record->replies[i]);
  g_free (record->id);
  g_free (record->prompt);
  g_free (record);
}

void
sy_pilot_record_set_reply (SyPilotRecord      *record,
                           SyRouteBackend      side,
                           const char         *kind,
                           const char         *model,
                           const SyChatResult *result,
                           const GError       *error,
                           SyPriceTable       *prices)
{
  g_autoptr(SyPriceTable) shipped = NULL;
  g_autoptr(GError) cost_error = NULL;
  SyPilotReply *reply;

  g_return_if_fail (record != NULL);
  g_return_if_fail (side < SY_ROUTE_N_BACKENDS);
  g_return_if_fail (result != NULL || error != NULL);

  reply = &record->replies[side];
  reply_clear (reply);
  reply->sent = TRUE;
  reply->kind = g_strdup (kind);
  reply->model = g_strdup (model);

  if (result == NULL)
    {
      reply->error = g_strdup (error->message);
      return;
    }

  reply->time_to_first_token = result->time_to_first_token;
  reply->total_time = result->total_time;
  reply->tokens_per_second = result->tokens_per_second;
  reply->prompt_tokens = result->prompt_tokens;
  reply->completion_tokens = result->completion_tokens;
  reply->usage_estimated = result->usage_estimated;

  if (prices == NULL)
    prices = shipped = sy_price_table_new_default ();
  /* The model asked for first: the price table knows "gpt-4o-mini", the
   * reply may name "gpt-4o-mini-2024-07-18" (also tried, without its date). */
  if (!sy_router_compute_cost (prices, side, model, result->prompt_tokens,
                               result->completion_tokens, &reply->cost_usd, NULL) &&
      !sy_router_compute_cost (prices, side, result->model, result->prompt_tokens,
                               result->completion_tokens, &reply->cost_usd, &cost_error))
    {
      /* An unpriced model is still measured; its cost reads as 0. */
      g_debug ("No price for “%s”: %s", model, cost_error->message);
      reply->cost_usd = 0;
    }
}

static void
add_reply_json (JsonBuilder        *builder,
                const SyPilotReply *reply)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, reply->kind);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, reply->model);
  json_builder_set_member_name (builder, "ttft_s");
  sy_json_builder_add_double (builder, reply->time_to_first_token);
  json_builder_set_member_name (builder, "total_s");
  sy_json_builder_add_double (builder, reply->total_time);
  json_builder_set_member_name (builder, "tokens_per_second");
  sy_json_builder_add_double (builder, reply->tokens_per_second);
  json_builder_set_member_name (builder, "prompt_tokens");
  json_builder_add_int_value (builder, reply->prompt_tokens);
  json_builder_set_member_name (builder, "completion_tokens");
  json_builder_add_int_value (builder, reply->completion_tokens);
  json_builder_set_member_name (builder, "usage_estimated");
  json_builder_add_boolean_value (builder, reply->usage_estimated);
  json_builder_set_member_name (builder, "cost_usd");
  sy_json_builder_add_double (builder, reply->cost_usd);
  json_builder_set_member_name (builder, "error");
  if (reply->error != NULL)
    json_builder_add_string_value (builder, reply->error);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static char *
builder_to_line (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  /* Not pretty: one record is one line. */
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
sy_pilot_record_to_json (const SyPilotRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (record->timestamp / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (time, record->timestamp % G_USEC_PER_SEC);
  g_autofree char *iso = g_date_time_format_iso8601 (exact);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, iso);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, record->prompt);
  json_builder_set_member_name (builder, "rating");
  json_builder_add_string_value (builder, sy_pilot_rating_to_id (record->rating));
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      json_builder_set_member_name (builder, sy_route_backend_to_id (i));
      if (record->replies[i].sent)
        add_reply_json (builder, &record->replies[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  return builder_to_line (builder);
}

static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && nullable && JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("“%s” is missing or not text"), name);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *name,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("“%s” is missing or not a number"), name);
      return FALSE;
    }
  *out = json_node_get_double (node);
  return TRUE;
}

/* Absent or null: @fallback. */
static gboolean
get_boolean (JsonObject  *object,
             const char  *name,
             gboolean     fallback,
             gboolean    *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("“%s” is not true or false"), name);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
parse_reply (JsonObject    *object,
             SyPilotReply  *reply,
             GError       **error)
{
  double prompt_tokens, completion_tokens;

  reply->sent = TRUE;
  if (!get_string (object, "kind", FALSE, &reply->kind, error) ||
      !get_string (object, "model", FALSE, &reply->model, error) ||
      !get_string (object, "error", TRUE, &reply->error, error) ||
      !get_number (object, "ttft_s", &reply->time_to_first_token, error) ||
      !get_number (object, "total_s", &reply->total_time, error) ||
      !get_number (object, "tokens_per_second", &reply->tokens_per_second, error) ||
      !get_number (object, "prompt_tokens", &prompt_tokens, error) ||
      !get_number (object, "completion_tokens", &completion_tokens, error) ||
      !get_number (object, "cost_usd", &reply->cost_usd, error) ||
      !get_boolean (object, "usage_estimated", FALSE, &reply->usage_estimated, error))
    return FALSE;

  reply->prompt_tokens = (gint64) prompt_tokens;
  reply->completion_tokens = (gint64) completion_tokens;
  return TRUE;
}

static JsonObject *
parse_object (const char  *line,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("not a JSON object"));
      return NULL;
    }
  /* A broken \u escape decodes to bytes that are not UTF-8: kept, the
   * text would reach labels and CSV files as garbage (see sy-json.h). */
  if (!sy_json_node_has_valid_strings (json_parser_get_root (parser)))
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("text that is not valid UTF-8"));
      return NULL;
    }
  return json_node_dup_object (json_parser_get_root (parser));
}

static SyPilotRecord *
record_from_object (JsonObject  *object,
                    GError     **error)
{
  g_autoptr(SyPilotRecord) record = sy_pilot_record_new (NULL);
  g_autofree char *time = NULL, *rating = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (!get_string (object, "id", FALSE, &record->id, error) ||
      !get_string (object, "prompt", FALSE, &record->prompt, error) ||
      !get_string (object, "time", FALSE, &time, error) ||
      !get_string (object, "rating", FALSE, &rating, error))
    return NULL;

  parsed = g_date_time_new_from_iso8601 (time, NULL);
  if (parsed == NULL || !sy_pilot_rating_from_id (rating, &record->rating))
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("a bad time or rating"));
      return NULL;
    }
  record->timestamp = g_date_time_to_unix (parsed) * G_USEC_PER_SEC + g_date_time_get_microsecond (parsed);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    {
      JsonNode *node = json_object_get_member (object, sy_route_backend_to_id (i));

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("“%s” is not an object"),
                       sy_route_backend_to_id (i));
          return NULL;
        }
      if (!parse_reply (json_node_get_object (node), &record->replies[i], error))
        return NULL;
    }

  return g_steal_pointer (&record);
}

SyPilotRecord *
sy_pilot_record_new_from_json (const char  *line,
                               GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (line, error);

  if (object == NULL)
    return NULL;
  return record_from_object (object, error);
}

/* Log -------------------------------------------------------------------------- */

static void
sy_pilot_log_finalize (GObject *object)
{
  SyPilotLog *self = SY_PILOT_LOG (object);

  g_free (self->path);
  g_ptr_array_unref (self->records);

  G_OBJECT_CLASS (sy_pilot_log_parent_class)->finalize (object);
}

static void
sy_pilot_log_class_init (SyPilotLogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sy_pilot_log_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sy_pilot_log_init (SyPilotLog *self)
{
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
}

char *
sy_pilot_log_dup_default_path (void)
{
  const char *override = g_getenv ("SWITCHYARD_DATA_DIR");

  if (override != NULL && *override != '\0')
    return g_build_filename (override, "pilot.jsonl", NULL);

  return g_build_filename (g_get_user_data_dir (), "switchyard", "pilot.jsonl", NULL);
}

SyPilotLog *
sy_pilot_log_new (const char *path)
{
  SyPilotLog *self = g_object_new (SY_TYPE_PILOT_LOG, NULL);

  self->path = path != NULL ? g_strdup (path) : sy_pilot_log_dup_default_path ();
  return self;
}

const char *
sy_pilot_log_get_path (SyPilotLog *self)
{
  g_return_val_if_fail (SY_IS_PILOT_LOG (self), NULL);
  return self->path;
}

GPtrArray *
sy_pilot_log_get_records (SyPilotLog *self)
{
  g_return_val_if_fail (SY_IS_PILOT_LOG (self), NULL);
  return self->records;
}

static SyPilotRecord *
find_record (SyPilotLog *self,
             const char *id)
{
  /* Ratings come soon after their record: search from the end. */
  for (guint i = self->records->len; i > 0; i--)
    {
      SyPilotRecord *record = g_ptr_array_index (self->records, i - 1);

      if (g_strcmp0 (record->id, id) == 0)
        return record;
    }
  return NULL;
}

/* A rating line: {"rating_for": ID, "rating": "a"}. */
static gboolean
apply_rating_line (SyPilotLog  *self,
                   JsonObject  *object,
                   GError     **error)
{
  g_autofree char *id = NULL, *rating_id = NULL;
  SyPilotRecord *record;
  SyPilotRating rating;

  if (!get_string (object, "rating_for", FALSE, &id, error) ||
      !get_string (object, "rating", FALSE, &rating_id, error))
    return FALSE;
  if (!sy_pilot_rating_from_id (rating_id, &rating) || (record = find_record (self, id)) == NULL)
    {
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE, _("a rating for no known record"));
      return FALSE;
    }
  record->rating = rating;
  return TRUE;
}

gboolean
sy_pilot_log_load (SyPilotLog  *self,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (SY_IS_PILOT_LOG (self), FALSE);

  g_ptr_array_set_size (self->records, 0);

  if (!g_file_get_contents (self->path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_signal_emit (self, signals[CHANGED], 0);
          return TRUE;
        }
      /* The records were cleared above: a view showing them must know. */
      g_signal_emit (self, signals[CHANGED], 0);
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_IO,
                   _("Could not read the pilot log “%s”: %s"), self->path, local_error->message);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) line_error = NULL;
      SyPilotRecord *record = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;

      object = parse_object (lines[i], &line_error);
      if (object != NULL && json_object_has_member (object, "rating_for"))
        {
          if (apply_rating_line (self, object, &line_error))
            continue;
        }
      else if (object != NULL)
        record = record_from_object (object, &line_error);

      if (record == NULL)
        {
          /* Typically the last line, torn by a crash mid-write: the
           * records before it are still good. */
          g_warning ("Skipped line %u of the pilot log “%s”: %s", i + 1, self->path, line_error->message);
          continue;
        }
      g_ptr_array_add (self->records, record);
    }

  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Appends @line plus a newline to the log in one write(). */
static gboolean
append_line (SyPilotLog  *self,
             const char  *line,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autoptr(GString) data = g_string_new (NULL);
  struct stat st;
  gssize written;
  int saved_errno;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_IO,
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (self->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;

  /* After a crash the file may end in a torn line: start on a fresh line,
   * so the torn one is skipped on load and this record is not lost with it. */
  if (fstat (fd, &st) == 0 && st.st_size > 0)
    {
      char last = '\n';

      if (pread (fd, &last, 1, st.st_size - 1) == 1 && last != '\n')
        g_string_append_c (data, '\n');
    }
  g_string_append (data, line);
  g_string_append_c (data, '\n');

  do
    written = write (fd, data->str, data->len);
  while (written < 0 && errno == EINTR);

  if (written != (gssize) data->len)
    {
      saved_errno = written < 0 ? errno : ENOSPC;
      close (fd);
      errno = saved_errno;
      goto fail;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    goto fail;

  return TRUE;

fail:
  saved_errno = errno;
  g_set_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_IO,
               _("Could not write to the pilot log “%s”: %s"), self->path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
sy_pilot_log_append (SyPilotLog           *self,
                     const SyPilotRecord  *record,
                     GError              **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (SY_IS_PILOT_LOG (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  line = sy_pilot_record_to_json (record);
  if (!append_line (self, line, error))
    return FALSE;

  g_ptr_array_add (self->records, sy_pilot_record_copy (record));
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
sy_pilot_log_rate (SyPilotLog     *self,
                   const char     *id,
                   SyPilotRating   rating,
                   GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *line = NULL;
  SyPilotRecord *record;

  g_return_val_if_fail (SY_IS_PILOT_LOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rating_for");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "rating");
  json_builder_add_string_value (builder, sy_pilot_rating_to_id (rating));
  json_builder_end_object (builder);
  line = builder_to_line (builder);

  if (!append_line (self, line, error))
    return FALSE;

  record = find_record (self, id);
  if (record != NULL)
    record->rating = rating;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
