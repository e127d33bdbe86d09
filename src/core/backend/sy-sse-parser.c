/* sy-sse-parser.c: incremental Server-Sent Events parser
 *
 * Follows the WHATWG event-stream grammar: "field: value" lines, comments
 * starting with ':', events dispatched on a blank line, and any of \r\n,
 * \n or \r ending a line. Bytes are buffered per line, so a chunk boundary
 * inside a UTF-8 sequence is invisible to the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-sse-parser.h"

/* An event may span many data lines; this bounds what a runaway server
 * can make us buffer in total, as the line cap does for a single line. */
#define EVENT_SIZE_FACTOR 4

struct _SySseParser
{
  GString *line;
  GString *data;
  /* The usual event is one data line inside one chunk: its value is
   * left where it is, and only copied to @data if the feed ends first. */
  const char *in_place;
  gsize       in_place_len;
  char    *event;
  char    *last_id;
  gsize    max_line;
  gint64   retry;
  guint    skipping : 1;     /* discarding the rest of an over-long line */
  guint    after_cr : 1;     /* a \n right after \r ends no second line */
  guint    first_line : 1;   /* a byte order mark may start the stream */
};

G_DEFINE_QUARK (sy-sse-error-quark, sy_sse_error)

void
sy_sse_event_free (SySseEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->event);
  g_free (event->data);
  g_free (event->id);
  g_free (event);
}

GPtrArray *
sy_sse_event_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sy_sse_event_free);
}

SySseParser *
sy_sse_parser_new (void)
{
  SySseParser *self = g_new0 (SySseParser, 1);

  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->max_line = SY_SSE_PARSER_DEFAULT_MAX_LINE;
  self->retry = -1;
  self->first_line = TRUE;

  return self;
}

void
sy_sse_parser_free (SySseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_free (self->event);
  g_free (self->last_id);
  g_free (self);
}

void
sy_sse_parser_set_max_line_length (SySseParser *self,
                                   gsize        max_line_length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_line_length > 0);

  self->max_line = max_line_length;
}

gsize
sy_sse_parser_get_max_line_length (SySseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_line;
}

gint64
sy_sse_parser_get_retry (SySseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry;
}

static gboolean
field_is (const char *field,
          gsize       field_len,
          const char *name)
{
  gsize name_len = strlen (name);

  return field_len == name_len && memcmp (field, name, name_len) == 0;
}

/* Most events are ASCII: eight bytes at a time, with no byte of 0 (which
 * g_utf8_validate() refuses) or with the high bit set. */
static gboolean
is_valid_utf8 (const char *text,
               gsize       len)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, text + i, 8);
      if (((v - ones) & ~v & highs) != 0 || (v & highs) != 0)
        return g_utf8_validate_len (text + i, len - i, NULL);
    }

  for (; i < len; i++)
    if (text[i] == '\0' || (guchar) text[i] >= 0x80)
      return g_utf8_validate_len (text + i, len - i, NULL);

  return TRUE;
}

/* Copies a data value left in place, before its chunk goes away or
 * another data line joins it. */
static void
flush_in_place (SySseParser *self)
{
  if (self->in_place == NULL)
    return;

  g_string_append_len (self->data, self->in_place, self->in_place_len);
  g_string_append_c (self->data, '\n');
  self->in_place = NULL;
}

static gboolean
dispatch (SySseParser     *self,
          SySseEventFunc   func,
          gpointer         user_data,
          GError         **error)
{
  g_autofree char *repaired = NULL;
  SySseEvent event;
  gsize len;
  gboolean ok;

  if (self->in_place != NULL)
    {
      event.data = (char *) self->in_place;
      len = self->in_place_len;
    }
  else if (self->data->len > 0)
    {
      /* Every data line added a \n; the last one is not part of the data. */
      g_string_truncate (self->data, self->data->len - 1);
      event.data = self->data->str;
      len = self->data->len;
    }
  else
    {
      g_clear_pointer (&self->event, g_free);
      return TRUE;
    }

  event.event = self->event ? self->event : (char *) "message";
  event.id = self->last_id;

  if (!is_valid_utf8 (event.data, len))
    {
      event.data = repaired = g_utf8_make_valid (event.data, len);
      len = strlen (repaired);
    }

  ok = func (&event, len, user_data, error);

  self->in_place = NULL;
  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event, g_free);

  return ok;
}

typedef enum
{
  LINE_OK,
  LINE_TOO_LONG,   /* reported, and parsing goes on */
  LINE_STOP,       /* the caller's function said stop */
} LineResult;

static LineResult
process_line (SySseParser     *self,
              const char      *line,
              gsize            len,
              gboolean         in_place,
              SySseEventFunc   func,
              gpointer         user_data,
              GError         **soft_error,
              GError         **error)
{
  const char *colon;
  const char *value = "";
  gsize field_len = len;
  gsize value_len = 0;

  if (self->first_line)
    {
      self->first_line = FALSE;
      if (len >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
        {
          line += 3;
          len -= 3;
          field_len = len;
        }
    }

  if (len == 0)
    return dispatch (self, func, user_data, error) ? LINE_OK : LINE_STOP;

  if (line[0] == ':')
    return LINE_OK;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }

  if (field_is (line, field_len, "data"))
    {
      if (in_place && self->in_place == NULL && self->data->len == 0)
        {
          self->in_place = value;
          self->in_place_len = value_len;
          return LINE_OK;
        }

      flush_in_place (self);
      if (self->data->len + value_len + 1 > self->max_line * EVENT_SIZE_FACTOR)
        {
          g_string_truncate (self->data, 0);
          g_clear_pointer (&self->event, g_free);
          if (*soft_error == NULL)
            g_set_error (soft_error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG,
                         "An event is longer than %" G_GSIZE_FORMAT " bytes",
                         self->max_line * EVENT_SIZE_FACTOR);
          return LINE_TOO_LONG;
        }
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (line, field_len, "event"))
    {
      g_free (self->event);
      self->event = g_utf8_make_valid (value, value_len);
    }
  else if (field_is (line, field_len, "id"))
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (self->last_id);
          self->last_id = g_utf8_make_valid (value, value_len);
        }
    }
  else if (field_is (line, field_len, "retry"))
    {
      gboolean digits = value_len > 0 && value_len < 16;

      for (gsize i = 0; digits && i < value_len; i++)
        digits = g_ascii_isdigit (value[i]);

      if (digits)
        {
          g_autofree char *number = g_strndup (value, value_len);
          self->retry = g_ascii_strtoll (number, NULL, 10);
        }
    }
  /* Unknown fields are ignored, as the specification says. */

  return LINE_OK;
}

static const char *
find_eol (const char *p,
          const char *end)
{
  /* memchr is vectorised; a byte loop here was the parser's hot spot. A
   * '\r' only counts before the first '\n'. */
  const char *nl = memchr (p, '\n', end - p);
  const char *cr = memchr (p, '\r', (nl != NULL ? nl : end) - p);

  return cr != NULL ? cr : nl;
}

gboolean
sy_sse_parser_feed_func (SySseParser     *self,
                         const char      *data,
                         gsize            len,
                         SySseEventFunc   func,
                         gpointer         user_data,
                         GError         **error)
{
  g_autoptr(GError) soft_error = NULL;
  const char *p = data;
  const char *end = data + len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  while (p < end)
    {
      const char *eol;
      gsize span;

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      eol = find_eol (p, end);
      span = (eol != NULL ? eol : end) - p;

      if (!self->skipping)
        {
          if (self->line->len + span > self->max_line)
            {
              self->skipping = TRUE;
              g_string_truncate (self->line, 0);
              if (soft_error == NULL)
                g_set_error (&soft_error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG,
                             "A line is longer than %" G_GSIZE_FORMAT " bytes",
                             self->max_line);
            }
          else if (eol == NULL || self->line->len > 0)
            {
              g_string_append_len (self->line, p, span);
            }
        }

      if (eol == NULL)
        break;

      self->after_cr = (*eol == '\r');

      if (self->skipping)
        {
          self->skipping = FALSE;
        }
      else
        {
          LineResult result;

          /* Whole lines inside one chunk are parsed in place, uncopied. */
          if (self->line->len > 0)
            result = process_line (self, self->line->str, self->line->len, FALSE, func, user_data,
                                   &soft_error, error);
          else
            result = process_line (self, p, span, TRUE, func, user_data, &soft_error, error);

          g_string_truncate (self->line, 0);
          if (result == LINE_STOP)
            {
              flush_in_place (self);
              return FALSE;
            }
        }

      p = eol + 1;
    }

  flush_in_place (self);

  if (soft_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&soft_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
append_event_cb (const SySseEvent  *event,
                 gsize              data_len,
                 gpointer           user_data,
                 GError           **error)
{
  SySseEvent *copy = g_new (SySseEvent, 1);

  copy->event = g_strdup (event->event);
  copy->data = g_strndup (event->data, data_len);
  copy->id = g_strdup (event->id);
  g_ptr_array_add (user_data, copy);

  return TRUE;
}

gboolean
sy_sse_parser_feed (SySseParser  *self,
                    const char   *data,
                    gsize         len,
                    GPtrArray    *events,
                    GError      **error)
{
  g_return_val_if_fail (events != NULL, FALSE);

  return sy_sse_parser_feed_func (self, data, len, append_event_cb, events, error);
}

gboolean
sy_sse_parser_finish (SySseParser *self)
{
  gboolean discarded;

  g_return_val_if_fail (self != NULL, FALSE);

  discarded = self->data->len > 0 || self->line->len > 0;

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event, g_free);
  self->skipping = FALSE;
  self->after_cr = FALSE;

  return discarded;
}
