/* sy-ndjson-parser.c: incremental newline-delimited JSON parser
 *
 * One JSON object per line, as Ollama streams /api/chat and /api/pull.
 * A bad line is reported with its number and does not poison the lines
 * after it: a stream is only as broken as its broken lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-ndjson-parser.h"

struct _SyNdjsonParser
{
  GString    *line;
  JsonParser *parser;
  gsize       max_line;
  guint       line_number;  /* of the line being read, 1-based */
  guint       skipping : 1;
};

G_DEFINE_QUARK (sy-ndjson-error-quark, sy_ndjson_error)

void
sy_ndjson_item_free (SyNdjsonItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->object, json_object_unref);
  g_clear_error (&item->error);
  g_free (item);
}

GPtrArray *
sy_ndjson_item_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sy_ndjson_item_free);
}

SyNdjsonParser *
sy_ndjson_parser_new (void)
{
  SyNdjsonParser *self = g_new0 (SyNdjsonParser, 1);

  self->line = g_string_new (NULL);
  self->parser = json_parser_new_immutable ();
  self->max_line = SY_NDJSON_PARSER_DEFAULT_MAX_LINE;
  self->line_number = 1;

  return self;
}

void
sy_ndjson_parser_free (SyNdjsonParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_object_unref (self->parser);
  g_free (self);
}

void
sy_ndjson_parser_set_max_line_length (SyNdjsonParser *self,
                                      gsize           max_line_length)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_line_length > 0);

  self->max_line = max_line_length;
}

static SyNdjsonItem *
error_item (guint   line,
            GError *error)
{
  SyNdjsonItem *item = g_new0 (SyNdjsonItem, 1);

  item->line = line;
  item->error = error;

  return item;
}

SyNdjsonItem *
sy_ndjson_parser_parse_line (SyNdjsonParser *self,
                             guint           line,
                             const char     *text,
                             gsize           len)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  SyNdjsonItem *item;

  g_return_val_if_fail (self != NULL, NULL);

  if (text == NULL)
    return error_item (line, g_error_new (SY_NDJSON_ERROR, SY_NDJSON_ERROR_LINE_TOO_LONG,
                                          "Line %u is longer than %" G_GSIZE_FORMAT " bytes",
                                          line, self->max_line));

  if (!g_utf8_validate_len (text, len, NULL))
    return error_item (line, g_error_new (SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON,
                                          "Line %u is not valid UTF-8", line));

  if (!json_parser_load_from_data (self->parser, text, len, &local_error))
    return error_item (line, g_error_new (SY_NDJSON_ERROR, SY_NDJSON_ERROR_INVALID_JSON,
                                          "Line %u is not valid JSON: %s", line,
                                          local_error->message));

  root = json_parser_steal_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return error_item (line, g_error_new (SY_NDJSON_ERROR, SY_NDJSON_ERROR_NOT_AN_OBJECT,
                                          "Line %u is not a JSON object", line));

  item = g_new0 (SyNdjsonItem, 1);
  item->line = line;
  item->object = json_node_dup_object (root);

  return item;
}

static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
process_line (SyNdjsonParser    *self,
              const char        *text,
              gsize              len,
              SyNdjsonLineFunc   func,
              gpointer           user_data,
              GError           **error)
{
  if (len > 0 && text[len - 1] == '\r')
    len--;

  if (is_blank (text, len))
    return TRUE;

  return func (self, self->line_number, text, len, user_data, error);
}

gboolean
sy_ndjson_parser_feed_func (SyNdjsonParser    *self,
                            const char        *data,
                            gsize              len,
                            SyNdjsonLineFunc   func,
                            gpointer           user_data,
                            GError           **error)
{
  const char *p = data;
  const char *end = data + len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      gsize span = (eol != NULL ? eol : end) - p;
      gboolean ok = TRUE;

      if (!self->skipping)
        {
          if (self->line->len + span > self->max_line)
            {
              self->skipping = TRUE;
              g_string_truncate (self->line, 0);
              if (!func (self, self->line_number, NULL, 0, user_data, error))
                return FALSE;
            }
          else if (eol == NULL || self->line->len > 0)
            {
              g_string_append_len (self->line, p, span);
            }
        }

      if (eol == NULL)
        break;

      /* Whole lines inside one chunk are read in place, uncopied. */
      if (self->skipping)
        self->skipping = FALSE;
      else if (self->line->len > 0)
        ok = process_line (self, self->line->str, self->line->len, func, user_data, error);
      else
        ok = process_line (self, p, span, func, user_data, error);

      g_string_truncate (self->line, 0);
      self->line_number++;
      p = eol + 1;

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

gboolean
sy_ndjson_parser_finish_func (SyNdjsonParser    *self,
                              SyNdjsonLineFunc   func,
                              gpointer           user_data,
                              GError           **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!self->skipping && self->line->len > 0)
    ok = process_line (self, self->line->str, self->line->len, func, user_data, error);

  g_string_truncate (self->line, 0);
  self->skipping = FALSE;

  return ok;
}

static gboolean
append_item_cb (SyNdjsonParser  *self,
                guint            line,
                const char      *text,
                gsize            len,
                gpointer         user_data,
                GError         **error)
{
  g_ptr_array_add (user_data, sy_ndjson_parser_parse_line (self, line, text, len));

  return TRUE;
}

void
sy_ndjson_parser_feed (SyNdjsonParser *self,
                       const char     *data,
                       gsize           len,
                       GPtrArray      *items)
{
  g_return_if_fail (items != NULL);

  sy_ndjson_parser_feed_func (self, data, len, append_item_cb, items, NULL);
}

void
sy_ndjson_parser_finish (SyNdjsonParser *self,
                         GPtrArray      *items)
{
  g_return_if_fail (items != NULL);

  sy_ndjson_parser_finish_func (self, append_item_cb, items, NULL);
}
