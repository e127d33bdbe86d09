/* sy-usage-log.c: streaming a usage log into SyUsageStats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read in 64 KiB chunks and cut into records as the bytes
 * come: lines for JSON lines and CSV, top-level elements for a JSON array
 * (which may be one line of a gigabyte). A CSV record ends at every line
 * break, although RFC 4180 lets a quoted field hold one: no usage column
 * needs it, and one stray quote must cost one row, not the rest of the
 * file. Only the record being cut is held, up to
 * SY_USAGE_MAX_RECORD_BYTES; each is parsed and dropped.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sy-pilot.h"
#include "sy-usage-log.h"

#define CHUNK_SIZE (64 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)

typedef enum
{
  MODE_START,       /* before the first byte that is not white space */
  MODE_LINES,       /* JSON lines */
  MODE_CSV,
  MODE_ARRAY,       /* inside a JSON array, between or in elements */
  MODE_ARRAY_DONE,  /* after its closing bracket */
} Mode;

typedef struct
{
  SyUsageStats  *stats;
  Mode           mode;
  SyUsageFormat  format;
  gboolean       format_known;

  guint64        line;          /* of the byte being read, 1-based */
  GString       *record;
  guint64        record_line;
  gboolean       record_too_long;

  /* JSON array elements */
  guint          depth;
  gboolean       in_string;
  gboolean       escaped;
  gboolean       trailing_reported;

  /* CSV */
  gboolean       have_header;
  char           separator;
  int            columns[SY_USAGE_N_COLUMNS];  /* field index, -1 absent */
  char          *headers[SY_USAGE_N_COLUMNS];
  guint          n_header_fields;

  GError        *error;         /* fatal: stops the read */
} Reader;

G_DEFINE_QUARK (sy-usage-error-quark, sy_usage_error)

/* Auxiliary functions */

gboolean
sy_usage_parse_time (const char *text,
                     gint64     *out_seconds)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return FALSE;

  if (strspn (trimmed, "0123456789.") == strlen (trimmed))
    {
      char *end = NULL;
      double value = g_ascii_strtod (trimmed, &end);

      if (end == NULL || *end != '\0' || !isfinite (value))
        return FALSE;
      if (value >= 1e12)
        value /= 1000;
      /* Up to the year 9999, as GDateTime. */
      if (value >= 253402300800.0)
        return FALSE;
      *out_seconds = (gint64) floor (value);
      return TRUE;
    }

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (trimmed, utc);
  if (time == NULL)
    return FALSE;
  *out_seconds = g_date_time_to_unix (time);
  return TRUE;
}

static void
add_bad (Reader     *reader,
         guint64     line,
         const char *reason)
{
  sy_usage_stats_add_bad (reader->stats, line, reason);
}

static void
add_row (Reader           *reader,
         guint64           line,
         const SyUsageRow *row)
{
  if (!sy_usage_stats_add_row (reader->stats, row))
    {
      g_autofree char *reason = g_strdup_printf (_("more than %u different models"), SY_USAGE_MAX_MODELS);

      add_bad (reader, line, reason);
    }
}

/* A whole number of tokens; a JSON 12.0 is still 12, 12.5 is not. */
static gboolean
get_tokens (JsonObject *object,
            const char *name,
            guint32    *out,
            char      **reason)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double value;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      *reason = g_strdup_printf (_("“%s” is missing or not a number"), name);
      return FALSE;
    }
  value = json_node_get_double (node);
  if (type == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT32 || value != floor (value))
    {
      *reason = g_strdup_printf (_("“%s” is not a token count"), name);
      return FALSE;
    }
  *out = (guint32) value;
  return TRUE;
}

static void
handle_litellm (Reader     *reader,
                JsonObject *object,
                guint64     line)
{
  g_autofree char *reason = NULL;
  SyUsageRow row = { 0 };
  JsonNode *node;
  GType type;

  node = json_object_get_member (object, "startTime");
  type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_STRING)
    {
      if (!sy_usage_parse_time (json_node_get_string (node), &row.time))
        reason = g_strdup_printf (_("“%s” is not a time"), json_node_get_string (node));
    }
  else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* g_ascii_formatd: "%.3f" would write "1717372800,000" in German. */
      g_ascii_formatd (number, sizeof number, "%.3f", json_node_get_double (node));
      if (!sy_usage_parse_time (number, &row.time))
        reason = g_strdup (_("“startTime” is not a time"));
    }
  else
    reason = g_strdup (_("“startTime” is missing or not a time"));
  if (reason != NULL)
    goto bad;

  /* Checked by hand: json-glib's getters are critical about a member of
   * the wrong kind, and a log is not trusted to have the right one. */
  node = json_object_get_member (object, "model");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    row.model = json_node_get_string (node);
  if (row.model == NULL || *row.model == '\0')
    {
      reason = g_strdup (_("“model” is missing or empty"));
      goto bad;
    }

  if (!get_tokens (object, "prompt_tokens", &row.input_tokens, &reason) ||
      !get_tokens (object, "completion_tokens", &row.output_tokens, &reason))
    goto bad;

  row.spend_usd = -1;
  node = json_object_get_member (object, "spend");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) ||
          !(json_node_get_double (node) >= 0) || !isfinite (json_node_get_double (node)))
        {
          reason = g_strdup (_("“spend” is not an amount"));
          goto bad;
        }
      row.spend_usd = json_node_get_double (node);
    }

  add_row (reader, line, &row);
  return;

bad:
  add_bad (reader, line, reason);
}

static void
handle_pilot (Reader     *reader,
              const char *text,
              guint64     line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyPilotRecord) record = sy_pilot_record_new_from_json (text, &error);
  const SyPilotReply *reply = NULL;
  SyUsageRow row = { 0 };

  if (record == NULL)
    {
      add_bad (reader, line, error->message);
      return;
    }

  /* The API side's counts when it answered: its server counts the tokens a
   * bill is made of (as sy_pilot_summary_new() does); else the local one. */
  if (record->replies[SY_ROUTE_BACKEND_API].sent && record->replies[SY_ROUTE_BACKEND_API].error == NULL)
    reply = &record->replies[SY_ROUTE_BACKEND_API];
  else if (record->replies[SY_ROUTE_BACKEND_LOCAL].sent && record->replies[SY_ROUTE_BACKEND_LOCAL].error == NULL)
    reply = &record->replies[SY_ROUTE_BACKEND_LOCAL];

  if (reply == NULL)
    {
      add_bad (reader, line, _("no reply completed"));
      return;
    }
  if (reply->prompt_tokens < 0 || reply->prompt_tokens > G_MAXUINT32 ||
      reply->completion_tokens < 0 || reply->completion_tokens > G_MAXUINT32)
    {
      add_bad (reader, line, _("a token count out of range"));
      return;
    }

  row.time = record->timestamp / G_USEC_PER_SEC;
  row.model = reply->model;
  row.input_tokens = (guint32) reply->prompt_tokens;
  row.output_tokens = (guint32) reply->completion_tokens;
  row.spend_usd = reply->cost_usd >= 0 ? reply->cost_usd : -1;
  add_row (reader, line, &row);
}

static gboolean
is_pilot_object (JsonObject *object)
{
  return json_object_has_member (object, "rating_for") ||
         (json_object_has_member (object, "id") && json_object_has_member (object, "prompt"));
}

static void
handle_json (Reader     *reader,
             const char *text,
             guint64     line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    {
      add_bad (reader, line, _("not valid JSON"));
      return;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      add_bad (reader, line, _("not a JSON object"));
      return;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  if (!reader->format_known)
    {
      reader->format = is_pilot_object (object) ? SY_USAGE_FORMAT_PILOT : SY_USAGE_FORMAT_LITELLM;
      reader->format_known = TRUE;
    }

  if (reader->format == SY_USAGE_FORMAT_PILOT)
    {
      /* Ratings belong to records already counted. */
      if (!json_object_has_member (object, "rating_for"))
        handle_pilot (reader, text, line);
    }
  else
    handle_litellm (reader, object, line);
}

/* CSV ------------------------------------------------------------------- */

/* Fields of one record, quotes removed and doubled quotes undone; NULL
 * for an unclosed quote. */
static GPtrArray *
split_csv (const char *text,
           char        separator)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; ; p++)
    {
      if (quoted)
        {
          if (*p == '\0')
            break;
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"')
        quoted = TRUE;
      else if (*p == separator || *p == '\0')
        {
          g_ptr_array_add (fields, g_strdup (g_strstrip (field->str)));
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  g_string_free (field, TRUE);
  if (quoted)
    g_clear_pointer (&fields, g_ptr_array_unref);
  return fields;
}

/* "Input Tokens", "input-tokens" and "input_tokens" all read "inputtokens". */
static char *
normalise_header (const char *header)
{
  GString *out = g_string_new (NULL);

  for (const char *p = header; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* Header names each column goes by, normalised, the likeliest first. */
static const char * const column_names[SY_USAGE_N_COLUMNS][12] = {
  [SY_USAGE_COLUMN_TIME] = { "timestamp", "time", "starttime", "datetime", "date", "createdat", "created",
                             "requesttime", "ts", NULL },
  [SY_USAGE_COLUMN_MODEL] = { "model", "modelname", "modelid", "modelgroup", "deployment", "engine", NULL },
  [SY_USAGE_COLUMN_INPUT] = { "inputtokens", "prompttokens", "input", "prompt", "tokensin", "intokens",
                              "ntokensin", "inputtokencount", "prompttokencount", NULL },
  [SY_USAGE_COLUMN_OUTPUT] = { "outputtokens", "completiontokens", "output", "completion", "tokensout",
                               "outtokens", "outputtokencount", "completiontokencount", NULL },
  [SY_USAGE_COLUMN_SPEND] = { "spend", "cost", "costusd", "spendusd", "usd", "price", "amount", NULL },
};

static char
guess_separator (const char *header)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint best = 0, best_count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint count = 0;

      for (const char *p = header; *p != '\0'; p++)
        count += *p == candidates[i];
      if (count > best_count)
        {
          best = i;
          best_count = count;
        }
    }
  return candidates[best];
}

static void
handle_csv_header (Reader     *reader,
                   const char *text)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *found = NULL;

  reader->separator = guess_separator (text);
  fields = split_csv (text, reader->separator);
  if (fields == NULL)
    {
      g_set_error (&reader->error, SY_USAGE_ERROR, SY_USAGE_ERROR_FORMAT,
                   _("not a LiteLLM spend log, a pilot log or a CSV file: the first line has an unclosed quote"));
      return;
    }
  reader->n_header_fields = fields->len;
  reader->have_header = TRUE;

  for (guint c = 0; c < SY_USAGE_N_COLUMNS; c++)
    {
      reader->columns[c] = -1;
      /* By the likeliest name first: "input_tokens" wins over "input". */
      for (guint n = 0; column_names[c][n] != NULL && reader->columns[c] < 0; n++)
        for (guint f = 0; f < fields->len; f++)
          {
            g_autofree char *normal = normalise_header (g_ptr_array_index (fields, f));
            gboolean taken = FALSE;

            for (guint other = 0; other < c; other++)
              taken |= reader->columns[other] == (int) f;
            if (!taken && g_strcmp0 (normal, column_names[c][n]) == 0)
              {
                reader->columns[c] = f;
                reader->headers[c] = g_strdup (g_ptr_array_index (fields, f));
                break;
              }
          }
      if (reader->columns[c] < 0 && c != SY_USAGE_COLUMN_SPEND)
        {
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, sy_usage_column_to_id (c));
        }
    }

  if (missing->len == 0)
    return;

  g_ptr_array_add (fields, NULL);
  found = g_strjoinv (", ", (char **) fields->pdata);
  g_set_error (&reader->error, SY_USAGE_ERROR, SY_USAGE_ERROR_FORMAT,
               /* Translators: %s are lists of column names */
               _("not a LiteLLM spend log, a pilot log or a CSV file with the columns needed: "
                 "no column for %s in the first line (%s)"),
               missing->str, found);
}

static gboolean
parse_csv_tokens (const char *text,
                  guint32    *out)
{
  guint64 value;

  if (*text == '\0' || strspn (text, "0123456789") != strlen (text) || strlen (text) > 10)
    return FALSE;
  value = g_ascii_strtoull (text, NULL, 10);
  if (value > G_MAXUINT32)
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}

static void
handle_csv_row (Reader     *reader,
                const char *text,
                guint64     line)
{
  g_autoptr(GPtrArray) fields = split_csv (text, reader->separator);
  g_autofree char *reason = NULL;
  SyUsageRow row = { 0 };
  const char *field;

  if (fields == NULL)
    {
      add_bad (reader, line, _("a quote that does not close"));
      return;
    }

  for (guint c = 0; c < SY_USAGE_N_COLUMNS; c++)
    if (reader->columns[c] >= (int) fields->len)
      {
        reason = g_strdup_printf (_("%u fields where the header has %u"), fields->len, reader->n_header_fields);
        goto bad;
      }

  field = g_ptr_array_index (fields, reader->columns[SY_USAGE_COLUMN_TIME]);
  if (!sy_usage_parse_time (field, &row.time))
    {
      reason = g_strdup_printf (_("“%s” is not a time"), field);
      goto bad;
    }
  row.model = g_ptr_array_index (fields, reader->columns[SY_USAGE_COLUMN_MODEL]);
  if (*row.model == '\0')
    {
      reason = g_strdup (_("the model is empty"));
      goto bad;
    }
  field = g_ptr_array_index (fields, reader->columns[SY_USAGE_COLUMN_INPUT]);
  if (!parse_csv_tokens (field, &row.input_tokens))
    {
      reason = g_strdup_printf (_("“%s” is not a number of input tokens"), field);
      goto bad;
    }
  field = g_ptr_array_index (fields, reader->columns[SY_USAGE_COLUMN_OUTPUT]);
  if (!parse_csv_tokens (field, &row.output_tokens))
    {
      reason = g_strdup_printf (_("“%s” is not a number of output tokens"), field);
      goto bad;
    }

  row.spend_usd = -1;
  if (reader->columns[SY_USAGE_COLUMN_SPEND] >= 0 &&
      *(field = g_ptr_array_index (fields, reader->columns[SY_USAGE_COLUMN_SPEND])) != '\0')
    {
      char *end = NULL;
      double spend = g_ascii_strtod (field, &end);

      if (end == field || *end != '\0' || !isfinite (spend) || spend < 0)
        {
          reason = g_strdup_printf (_("“%s” is not an amount"), field);
          goto bad;
        }
      row.spend_usd = spend;
    }

  add_row (reader, line, &row);
  return;

bad:
  add_bad (reader, line, reason);
}

/* Cutting records --------------------------------------------------------- */

static void
finish_record (Reader *reader)
{
  char *text;

  if (reader->record_too_long)
    {
      g_autofree char *reason = g_strdup_printf (_("longer than %u MiB"),
                                                 SY_USAGE_MAX_RECORD_BYTES / (1024 * 1024));

      add_bad (reader, reader->record_line, reason);
      goto out;
    }

  text = g_strstrip (reader->record->str);
  if (*text == '\0')
    goto out;

  if (reader->mode == MODE_CSV)
    {
      if (!g_utf8_validate (text, -1, NULL))
        add_bad (reader, reader->record_line, _("not UTF-8 text"));
      else if (!reader->have_header)
        handle_csv_header (reader, text);
      else
        handle_csv_row (reader, text, reader->record_line);
    }
  else
    handle_json (reader, text, reader->record_line);

out:
  g_string_truncate (reader->record, 0);
  reader->record_too_long = FALSE;
  reader->record_line = 0;
}

static inline void
append_byte (Reader *reader,
             char    c)
{
  if (reader->record_line == 0)
    reader->record_line = reader->line;
  if (reader->record->len >= SY_USAGE_MAX_RECORD_BYTES)
    reader->record_too_long = TRUE;
  else
    g_string_append_c (reader->record, c);
}

/* Inside a JSON array: elements end at a comma or the closing bracket at
 * depth 1, outside strings. */
static void
feed_array_byte (Reader *reader,
                 char    c)
{
  if (reader->in_string)
    {
      if (reader->escaped)
        reader->escaped = FALSE;
      else if (c == '\\')
        reader->escaped = TRUE;
      else if (c == '"')
        reader->in_string = FALSE;
      append_byte (reader, c);
      return;
    }

  if (reader->depth == 1 && (c == ',' || c == ']'))
    {
      finish_record (reader);
      if (c == ']')
        {
          reader->depth = 0;
          reader->mode = MODE_ARRAY_DONE;
        }
      return;
    }

  if (c == '"')
    reader->in_string = TRUE;
  else if (c == '{' || c == '[')
    reader->depth++;
  else if ((c == '}' || c == ']') && reader->depth > 1)
    reader->depth--;

  if (reader->record_line == 0 && g_ascii_isspace (c))
    return;
  append_byte (reader, c);
}

static void
feed (Reader     *reader,
      const char *data,
      gsize       len)
{
  for (gsize i = 0; i < len && reader->error == NULL; i++)
    {
      char c = data[i];

      switch (reader->mode)
        {
        case MODE_START:
          if (g_ascii_isspace (c))
            break;
          if (c == '[')
            {
              reader->mode = MODE_ARRAY;
              reader->depth = 1;
              reader->format = SY_USAGE_FORMAT_LITELLM;
              reader->format_known = TRUE;
              break;
            }
          reader->mode = c == '{' ? MODE_LINES : MODE_CSV;
          if (reader->mode == MODE_CSV)
            reader->format = SY_USAGE_FORMAT_CSV, reader->format_known = TRUE;
          append_byte (reader, c);
          break;

        case MODE_LINES:
        case MODE_CSV:
          if (c == '\n')
            finish_record (reader);
          else
            append_byte (reader, c);
          break;

        case MODE_ARRAY:
          feed_array_byte (reader, c);
          break;

        case MODE_ARRAY_DONE:
          if (!g_ascii_isspace (c) && !reader->trailing_reported)
            {
              add_bad (reader, reader->line, _("text after the end of the JSON array"));
              reader->trailing_reported = TRUE;
            }
          break;
        }

      if (c == '\n')
        reader->line++;
    }
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->stats, sy_usage_stats_free);
  g_string_free (reader->record, TRUE);
  for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
    g_free (reader->headers[i]);
  g_clear_error (&reader->error);
}

/* Public API */

SyUsageReport *
sy_usage_log_read (GInputStream         *stream,
                   guint64               total_bytes,
                   SyPriceTable         *prices,
                   SyUsageProgressFunc   progress,
                   gpointer              user_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autofree char *buffer = g_malloc (CHUNK_SIZE);
  Reader reader = { 0 };
  SyUsageReport *report = NULL;
  guint64 bytes_read = 0;
  gboolean bom_checked = FALSE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader.stats = sy_usage_stats_new ();
  reader.record = g_string_new (NULL);
  reader.line = 1;

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, error);
      const char *data = buffer;

      if (n < 0)
        goto out;
      if (n == 0)
        break;

      bytes_read += n;
      /* A UTF-8 byte order mark, as spreadsheets write. */
      if (!bom_checked && n >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
        data += 3, n -= 3;
      bom_checked = TRUE;

      feed (&reader, data, n);
      if (reader.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&reader.error));
          goto out;
        }
      if (progress != NULL)
        progress (bytes_read, total_bytes, user_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }

  if (reader.mode == MODE_START)
    {
      g_set_error (error, SY_USAGE_ERROR, SY_USAGE_ERROR_EMPTY, _("the file is empty"));
      goto out;
    }

  if (reader.mode == MODE_ARRAY)
    {
      if (reader.record->len > 0 || reader.record_too_long)
        add_bad (&reader, reader.record_line, _("cut off: the JSON array does not end"));
    }
  else
    finish_record (&reader);

  if (reader.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader.error));
      goto out;
    }

  if (sy_usage_stats_get_n_records (reader.stats) == 0)
    {
      g_autoptr(SyUsageReport) empty = sy_usage_stats_report (reader.stats, reader.format, prices);

      if (empty->bad_rows->len > 0)
        {
          const SyUsageBadRow *first = g_ptr_array_index (empty->bad_rows, 0);
          g_autofree char *n_bad = g_strdup_printf ("%" G_GUINT64_FORMAT, empty->n_bad_rows);
          g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT, first->line);

          g_set_error (error, SY_USAGE_ERROR, SY_USAGE_ERROR_NO_RECORDS,
                       /* Translators: the number of bad rows, the first one's
                        * line and why it is bad */
                       _("not one usable record: %s bad rows, the first on line %s: %s"),
                       n_bad, line, first->reason);
        }
      else
        g_set_error (error, SY_USAGE_ERROR, SY_USAGE_ERROR_NO_RECORDS, _("no records"));
      goto out;
    }

  report = sy_usage_stats_report (reader.stats, reader.format, prices);
  for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
    report->columns[i] = g_steal_pointer (&reader.headers[i]);

out:
  reader_clear (&reader);
  return report;
}

SyUsageReport *
sy_usage_log_read_file (const char           *path,
                        SyPriceTable         *prices,
                        SyUsageProgressFunc   progress,
                        gpointer              user_data,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  guint64 size = 0;

  g_return_val_if_fail (path != NULL, NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL)
    size = g_file_info_get_size (info);

  return sy_usage_log_read (G_INPUT_STREAM (stream), size, prices, progress, user_data, cancellable, error);
}

/* Reading in a thread ------------------------------------------------------ */

typedef struct
{
  char                *path;
  SyUsageProgressFunc  progress;
  gpointer             progress_data;
  GMainContext        *context;
  gint64               last_progress;  /* worker thread only */
} ReadTask;

typedef struct
{
  GTask   *task;
  guint64  bytes_read;
  guint64  total_bytes;
} ProgressUpdate;

static void
read_task_free (ReadTask *data)
{
  g_free (data->path);
  g_main_context_unref (data->context);
  g_free (data);
}

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->task);
  g_free (update);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;
  ReadTask *data = g_task_get_task_data (update->task);

  /* A late update must not reach a caller that has its result. */
  if (!g_task_get_completed (update->task))
    data->progress (update->bytes_read, update->total_bytes, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
on_thread_progress_cb (guint64  bytes_read,
                       guint64  total_bytes,
                       gpointer user_data)
{
  GTask *task = user_data;
  ReadTask *data = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();
  ProgressUpdate *update;
  GSource *source;

  if (now - data->last_progress < PROGRESS_INTERVAL_US && bytes_read < total_bytes)
    return;
  data->last_progress = now;

  update = g_new0 (ProgressUpdate, 1);
  update->task = g_object_ref (task);
  update->bytes_read = bytes_read;
  update->total_bytes = total_bytes;
  /* A source, not g_main_context_invoke(): that would call right here,
   * in this thread, whenever the caller's context is the global default
   * one and nobody holds it at that instant. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress_cb, update, (GDestroyNotify) progress_update_free);
  g_source_attach (source, data->context);
  g_source_unref (source);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadTask *data = task_data;
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();
  GError *error = NULL;
  SyUsageReport *report;

  report = sy_usage_log_read_file (data->path, prices,
                                   data->progress != NULL ? on_thread_progress_cb : NULL, task,
                                   cancellable, &error);
  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify) sy_usage_report_free);
  else
    g_task_return_error (task, error);
}

void
sy_usage_log_read_file_async (const char           *path,
                              SyUsageProgressFunc   progress,
                              gpointer              progress_data,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadTask *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_usage_log_read_file_async);
  /* The thread's own error, not GTask's generic one, when cancelled. */
  g_task_set_return_on_cancel (task, FALSE);

  data = g_new0 (ReadTask, 1);
  data->path = g_strdup (path);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) read_task_free);

  g_task_run_in_thread (task, read_thread);
}

SyUsageReport *
sy_usage_log_read_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sy_usage_log_read_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
