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

static void
dispatch (SySseParser *self,
          GPtrArray   *events)
{
  SySseEvent *event;

  if (self->data->len == 0)
    {
      g_clear_pointer (&self->event, g_free);
      return;
    }

  /* Every data line added a \n; the last one is not part of the data. */
  g_string_truncate (self->data, self->data->len - 1);

  event = g_new0 (SySseEvent, 1);
  event->event = self->event ? g_steal_pointer (&self->event) : g_strdup ("message");
  event->data = g_utf8_make_valid (self->data->str, self->data->len);
  event->id = g_strdup (self->last_id);
  g_ptr_array_add (events, event);

  g_string_truncate (self->data, 0);
}

static gboolean
process_line (SySseParser  *self,
              const char   *line,
              gsize         len,
              GPtrArray    *events,
              GError      **error)
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
    {
      dispatch (self, events);
      return TRUE;
    }

  if (line[0] == ':')
    return TRUE;

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
      if (self->data->len + value_len + 1 > self->max_line * EVENT_SIZE_FACTOR)
        {
          g_string_truncate (self->data, 0);
          g_clear_pointer (&self->event, g_free);
          g_set_error (error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG,
                       "An event is longer than %" G_GSIZE_FORMAT " bytes",
                       self->max_line * EVENT_SIZE_FACTOR);
          return FALSE;
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

  return TRUE;
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
sy_sse_parser_feed (SySseParser  *self,
                    const char   *data,
                    gsize         len,
                    GPtrArray    *events,
                    GError      **error)
{
  const char *p = data;
  const char *end = data + len;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (events != NULL, FALSE);

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
              if (ok)
                g_set_error (error, SY_SSE_ERROR, SY_SSE_ERROR_LINE_TOO_LONG,
                             "A line is longer than %" G_GSIZE_FORMAT " bytes",
                             self->max_line);
              ok = FALSE;
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
          gboolean line_ok;

          /* Whole lines inside one chunk are parsed in place, uncopied. */
          if (self->line->len > 0)
            line_ok = process_line (self, self->line->str, self->line->len, events,
                                    ok ? error : NULL);
          else
            line_ok = process_line (self, p, span, events, ok ? error : NULL);

          ok = ok && line_ok;
          g_string_truncate (self->line, 0);
        }

      p = eol + 1;
    }

  return ok;
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
