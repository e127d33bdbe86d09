/* sy-backend-fast.c: the common streamed chunk, decoded without a JSON tree
 *
 * Nearly every event of a streamed reply has the same shape, e.g.
 *
 *   {"id":…,"choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}]}
 *   {"model":…,"message":{"role":"assistant","content":"…"},"done":false}
 *
 * and building a JsonNode tree for each cost more than everything else on
 * the way from the socket to the chat view. These decoders read such an
 * event in one pass. They check the whole event against strict JSON and
 * give up (return FALSE) on anything they are not certain about: an error,
 * usage or final counts, tool calls, a finish reason, escaped or repeated
 * member names, exponents or long numbers, \u0000, lone surrogates, deep
 * nesting. The caller then uses the json-glib decoder, so the fast path
 * only ever decides how fast a result comes, never what it is;
 * fuzz/fuzz-fast-chunk.c checks that both agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sy-backend-private.h"
#include "sy-json-scan-private.h"

/* The shape of the last chunk read in full: the bytes before its text and
 * after it. Within one stream only the text changes from chunk to chunk,
 * so when the next one starts and ends with the same bytes, and what lies
 * between is a well-formed string, it is the same JSON with another text,
 * and two memcmp check what a full read would. */
struct _SyFastDecoder
{
  GString *prefix;    /* up to and with the opening quote of the text */
  GString *suffix;    /* from the closing quote on */
  GString *scratch;   /* the text being decoded, kept to spare allocations */
  char    *model;
  gboolean valid;
};

/* The value of a "content" member: null adds nothing (@raw_out NULL), a
 * string is appended to @into and its raw bytes given back. A second
 * "content" in one object, or any other value, is for json-glib. */
static gboolean
read_content (SyJsonScan  *s,
              gboolean    *seen,
              GString     *into,
              const char **raw_out,
              gsize       *raw_len_out)
{
  gboolean escaped;

  *raw_out = NULL;
  *raw_len_out = 0;
  if (*seen)
    return FALSE;
  *seen = TRUE;

  if (sy_json_scan_skip_null (s))
    return TRUE;
  if (!sy_json_scan_string (s, raw_out, raw_len_out, &escaped))
    return FALSE;

  return sy_json_scan_append_string (into, *raw_out, *raw_len_out, escaped);
}

/* What a full read of an OpenAI chunk found. */
typedef struct
{
  GString    *delta;
  const char *text;       /* the one text string of choice 0, raw */
  gsize       text_len;
  guint       n_texts;
  guint       n_choices;
} OpenAIRead;

/* {"content": "…", "role": …}: appends the content, or nothing for null. */
static gboolean
decode_openai_delta (SyJsonScan *s,
                     OpenAIRead *read)
{
  const char *key;
  gsize len;
  gboolean seen_content = FALSE;

  if (sy_json_scan_skip_null (s))
    return TRUE;
  if (!sy_json_scan_eat (s, '{'))
    return FALSE;
  if (sy_json_scan_eat (s, '}'))
    return TRUE;

  do
    {
      if (!sy_json_scan_key (s, &key, &len))
        return FALSE;

      if (sy_json_scan_key_is (key, len, "content"))
        {
          const char *raw;
          gsize raw_len;

          if (!read_content (s, &seen_content, read->delta, &raw, &raw_len))
            return FALSE;
          if (raw != NULL)
            {
              read->text = raw;
              read->text_len = raw_len;
              read->n_texts++;
            }
        }
      else if (sy_json_scan_key_is (key, len, "tool_calls") || sy_json_scan_key_is (key, len, "function_call"))
        {
          return FALSE;
        }
      else if (!sy_json_scan_skip_value (s, 2))
        {
          return FALSE;
        }
    }
  while (sy_json_scan_eat (s, ','));

  return sy_json_scan_eat (s, '}');
}

/* One element of "choices"; the text of index 0 goes to the delta. */
static gboolean
decode_openai_choice (SyJsonScan *s,
                      OpenAIRead *read)
{
  gsize before = read->delta->len;
  guint texts_before = read->n_texts;
  gint64 index = 0;
  gboolean seen_index = FALSE, seen_delta = FALSE, seen_finish = FALSE;
  const char *key;
  gsize len;

  read->n_choices++;
  if (!sy_json_scan_eat (s, '{'))
    return FALSE;

  if (!sy_json_scan_eat (s, '}'))
    {
      do
        {
          if (!sy_json_scan_key (s, &key, &len))
            return FALSE;

          if (sy_json_scan_key_is (key, len, "index"))
            {
              sy_json_scan_skip_ws (s);
              if (seen_index || s->p >= s->end || *s->p == '-' || !sy_json_scan_number (s, &index))
                return FALSE;
              seen_index = TRUE;
            }
          else if (sy_json_scan_key_is (key, len, "delta"))
            {
              if (seen_delta || !decode_openai_delta (s, read))
                return FALSE;
              seen_delta = TRUE;
            }
          else if (sy_json_scan_key_is (key, len, "finish_reason"))
            {
              /* The last chunk of a choice is rare: json-glib reads it. */
              if (seen_finish || !sy_json_scan_skip_null (s))
                return FALSE;
              seen_finish = TRUE;
            }
          else if (!sy_json_scan_skip_value (s, 2))
            {
              return FALSE;
            }
        }
      while (sy_json_scan_eat (s, ','));

      if (!sy_json_scan_eat (s, '}'))
        return FALSE;
    }

  /* Other choices (n > 1) are not shown. */
  if (index != 0)
    {
      g_string_truncate (read->delta, before);
      read->n_texts = texts_before;
    }

  return TRUE;
}

static gboolean
decode_openai_full (const char  *data,
                    gsize        len,
                    OpenAIRead  *read,
                    char       **model)
{
  gboolean seen_model = FALSE, seen_choices = FALSE, seen_error = FALSE, seen_usage = FALSE;
  SyJsonScan s = { data, data + len };
  const char *key;
  gsize key_len;

  if (!sy_json_scan_eat (&s, '{'))
    return FALSE;

  if (!sy_json_scan_eat (&s, '}'))
    {
      do
        {
          if (!sy_json_scan_key (&s, &key, &key_len))
            return FALSE;

          if (sy_json_scan_key_is (key, key_len, "choices"))
            {
              if (seen_choices)
                return FALSE;
              seen_choices = TRUE;

              if (sy_json_scan_skip_null (&s))
                continue;
              if (!sy_json_scan_eat (&s, '['))
                return FALSE;
              if (sy_json_scan_eat (&s, ']'))
                continue;
              do
                {
                  if (!decode_openai_choice (&s, read))
                    return FALSE;
                }
              while (sy_json_scan_eat (&s, ','));
              if (!sy_json_scan_eat (&s, ']'))
                return FALSE;
            }
          else if (sy_json_scan_key_is (key, key_len, "model"))
            {
              if (seen_model || !sy_json_scan_dup_string_or_null (&s, model))
                return FALSE;
              seen_model = TRUE;
            }
          else if (sy_json_scan_key_is (key, key_len, "error") || sy_json_scan_key_is (key, key_len, "usage"))
            {
              gboolean *seen = sy_json_scan_key_is (key, key_len, "error") ? &seen_error : &seen_usage;

              /* Errors and usage come once per stream: json-glib reads them. */
              if (*seen || !sy_json_scan_skip_null (&s))
                return FALSE;
              *seen = TRUE;
            }
          else if (!sy_json_scan_skip_value (&s, 1))
            {
              return FALSE;
            }
        }
      while (sy_json_scan_eat (&s, ','));

      if (!sy_json_scan_eat (&s, '}'))
        return FALSE;
    }

  return sy_json_scan_at_end (&s);
}

/* The same JSON as the last full read, but for the text? */
static gboolean
decode_openai_same_shape (SyFastDecoder *self,
                          const char    *data,
                          gsize          len,
                          GString       *delta)
{
  gsize prefix = self->prefix->len, suffix = self->suffix->len;
  const char *raw;
  gsize raw_len;
  gboolean escaped;
  SyJsonScan s;

  if (!self->valid || len < prefix + suffix ||
      memcmp (data, self->prefix->str, prefix) != 0 ||
      memcmp (data + len - suffix, self->suffix->str, suffix) != 0)
    return FALSE;

  /* From the opening quote: the string must close where the suffix starts. */
  s.p = data + prefix - 1;
  s.end = data + len;
  if (!sy_json_scan_string (&s, &raw, &raw_len, &escaped) || raw + raw_len != data + len - suffix)
    return FALSE;

  return sy_json_scan_append_string (delta, raw, raw_len, escaped);
}

/* {"role": …, "content": "…"} of an Ollama line. */
static gboolean
decode_ollama_message (SyJsonScan *s,
                       GString    *content)
{
  const char *key;
  gsize len;
  gboolean seen_content = FALSE;

  if (!sy_json_scan_eat (s, '{'))
    return FALSE;
  if (sy_json_scan_eat (s, '}'))
    return TRUE;

  do
    {
      if (!sy_json_scan_key (s, &key, &len))
        return FALSE;

      if (sy_json_scan_key_is (key, len, "content"))
        {
          const char *raw;
          gsize raw_len;

          if (!read_content (s, &seen_content, content, &raw, &raw_len))
            return FALSE;
        }
      else if (sy_json_scan_key_is (key, len, "tool_calls"))
        {
          return FALSE;
        }
      else if (!sy_json_scan_skip_value (s, 2))
        {
          return FALSE;
        }
    }
  while (sy_json_scan_eat (s, ','));

  return sy_json_scan_eat (s, '}');
}

/* Public API */

SyFastDecoder *
sy_fast_decoder_new (void)
{
  SyFastDecoder *self = g_new0 (SyFastDecoder, 1);

  self->prefix = g_string_new (NULL);
  self->suffix = g_string_new (NULL);
  self->scratch = g_string_new (NULL);

  return self;
}

void
sy_fast_decoder_free (SyFastDecoder *self)
{
  if (self == NULL)
    return;

  g_string_free (self->prefix, TRUE);
  g_string_free (self->suffix, TRUE);
  g_string_free (self->scratch, TRUE);
  g_free (self->model);
  g_free (self);
}

gboolean
sy_openai_decode_chunk_fast (SyFastDecoder *decoder,
                             const char    *data,
                             gsize          len,
                             gboolean       want_model,
                             SyChatChunk   *chunk)
{
  g_autoptr(GString) own_delta = decoder == NULL ? g_string_new (NULL) : NULL;
  GString *delta = decoder != NULL ? decoder->scratch : own_delta;
  g_autofree char *model = NULL;
  OpenAIRead read = { delta, NULL, 0, 0, 0 };

  memset (chunk, 0, sizeof *chunk);
  g_string_truncate (delta, 0);

  if (decoder != NULL && decode_openai_same_shape (decoder, data, len, delta))
    {
      if (want_model)
        model = g_strdup (decoder->model);
    }
  else
    {
      g_string_truncate (delta, 0);
      if (!decode_openai_full (data, len, &read, &model))
        {
          if (decoder != NULL)
            decoder->valid = FALSE;
          return FALSE;
        }

      /* Only a chunk whose whole text is one string can serve as the
       * shape of the next. */
      if (decoder != NULL)
        {
          decoder->valid = read.n_choices == 1 && read.n_texts == 1;
          if (decoder->valid)
            {
              gsize start = read.text - data, end = start + read.text_len;

              g_string_assign (decoder->prefix, "");
              g_string_append_len (decoder->prefix, data, start);
              g_string_assign (decoder->suffix, "");
              g_string_append_len (decoder->suffix, data + end, len - end);
              g_free (decoder->model);
              decoder->model = g_strdup (model);
            }
        }

      if (!want_model)
        g_clear_pointer (&model, g_free);
    }

  chunk->model = g_steal_pointer (&model);
  if (delta->len > 0)
    chunk->delta = g_strndup (delta->str, delta->len);

  return TRUE;
}

gboolean
sy_ollama_decode_line_fast (const char  *data,
                            gsize        len,
                            SyChatChunk *chunk)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *model = NULL;
  gboolean seen_model = FALSE, seen_message = FALSE, seen_error = FALSE, seen_done = FALSE;
  SyJsonScan s = { data, data + len };
  const char *key;
  gsize key_len;

  memset (chunk, 0, sizeof *chunk);

  if (!sy_json_scan_eat (&s, '{'))
    return FALSE;

  if (!sy_json_scan_eat (&s, '}'))
    {
      do
        {
          if (!sy_json_scan_key (&s, &key, &key_len))
            return FALSE;

          if (sy_json_scan_key_is (key, key_len, "message"))
            {
              /* A message that is not an object adds no text. */
              if (seen_message)
                return FALSE;
              seen_message = TRUE;
              sy_json_scan_skip_ws (&s);
              if (s.p < s.end && *s.p == '{')
                {
                  if (!decode_ollama_message (&s, content))
                    return FALSE;
                }
              else if (!sy_json_scan_skip_value (&s, 1))
                {
                  return FALSE;
                }
            }
          else if (sy_json_scan_key_is (key, key_len, "model"))
            {
              if (seen_model || !sy_json_scan_dup_string_or_null (&s, &model))
                return FALSE;
              seen_model = TRUE;
            }
          else if (sy_json_scan_key_is (key, key_len, "done"))
            {
              /* The last line carries the counts: json-glib reads it. */
              sy_json_scan_skip_ws (&s);
              if (seen_done || !sy_json_scan_eat_word (&s, "false", 5))
                return FALSE;
              seen_done = TRUE;
            }
          else if (sy_json_scan_key_is (key, key_len, "error"))
            {
              if (seen_error || !sy_json_scan_skip_null (&s))
                return FALSE;
              seen_error = TRUE;
            }
          else if (!sy_json_scan_skip_value (&s, 1))
            {
              return FALSE;
            }
        }
      while (sy_json_scan_eat (&s, ','));

      if (!sy_json_scan_eat (&s, '}'))
        return FALSE;
    }

  if (!sy_json_scan_at_end (&s))
    return FALSE;

  chunk->model = g_steal_pointer (&model);
  if (content->len > 0)
    chunk->delta = g_strndup (content->str, content->len);

  return TRUE;
}
