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

/* Deeper than any chunk a server sends; json-glib has no such limit, so
 * deeper input just goes the slow way. */
#define MAX_DEPTH     32
/* Longer numbers might overflow where json-glib does not (or does). */
#define MAX_NUMBER    15

typedef struct
{
  const char *p;
  const char *end;
} Scan;

/* Auxiliary functions */

static inline void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\t' || *s->p == '\r'))
    s->p++;
}

static inline gboolean
eat (Scan *s,
     char  c)
{
  skip_ws (s);
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }

  return FALSE;
}

static inline gboolean
eat_word (Scan       *s,
          const char *word,
          gsize       len)
{
  if ((gsize) (s->end - s->p) >= len && memcmp (s->p, word, len) == 0)
    {
      s->p += len;
      return TRUE;
    }

  return FALSE;
}

/* A string starting at the opening quote: its raw bytes between the
 * quotes, and whether it has escapes. Raw control characters and escapes
 * JSON does not know fail. */
static gboolean
scan_string (Scan        *s,
             const char **raw,
             gsize       *raw_len,
             gboolean    *escaped)
{
  const char *p;

  skip_ws (s);
  if (s->p >= s->end || *s->p != '"')
    return FALSE;

  p = ++s->p;
  *escaped = FALSE;

  while (p < s->end)
    {
      guchar c;

      /* Eight plain bytes at a time: none a quote, a backslash or a
       * control character. */
      while (s->end - p >= 8)
        {
          const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
          const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
          guint64 v, quote, backslash, control;

          memcpy (&v, p, 8);
          quote = v ^ (ones * '"');
          backslash = v ^ (ones * '\\');
          control = (((v - ones * 0x20) & ~v) |
                     ((quote - ones) & ~quote) |
                     ((backslash - ones) & ~backslash)) & highs;
          if (control != 0)
            {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
              /* The lowest flag is exact (only bytes after a real match
               * can be flagged falsely): go straight to it. */
              p += __builtin_ctzll (control) / 8;
#endif
              break;
            }
          p += 8;
        }

      if (p >= s->end)
        break;

      c = *p;

      if (c == '"')
        {
          *raw = s->p;
          *raw_len = p - s->p;
          s->p = p + 1;
          return TRUE;
        }

      if (c < 0x20)
        return FALSE;

      if (c == '\\')
        {
          *escaped = TRUE;
          if (++p >= s->end)
            return FALSE;
          if (*p == 'u')
            {
              if (s->end - p < 5 ||
                  !g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]) ||
                  !g_ascii_isxdigit (p[3]) || !g_ascii_isxdigit (p[4]))
                return FALSE;
              p += 4;
            }
          else if (strchr ("\"\\/bfnrt", *p) == NULL || *p == '\0')
            {
              return FALSE;
            }
        }

      p++;
    }

  return FALSE;
}

static guint
hex4 (const char *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    value = value * 16 + g_ascii_xdigit_value (p[i]);

  return value;
}

/* Appends the text of a string scanned by scan_string(). FALSE for what
 * the fast path leaves to json-glib: \u0000 and unpaired surrogates. */
static gboolean
append_unescaped (GString    *out,
                  const char *raw,
                  gsize       len)
{
  const char *end = raw + len;

  while (raw < end)
    {
      const char *backslash = memchr (raw, '\\', end - raw);
      gunichar ch;
      char utf8[6];

      if (backslash == NULL)
        {
          g_string_append_len (out, raw, end - raw);
          break;
        }

      g_string_append_len (out, raw, backslash - raw);
      raw = backslash + 1;

      switch (*raw)
        {
        case 'b': g_string_append_c (out, '\b'); raw++; continue;
        case 'f': g_string_append_c (out, '\f'); raw++; continue;
        case 'n': g_string_append_c (out, '\n'); raw++; continue;
        case 'r': g_string_append_c (out, '\r'); raw++; continue;
        case 't': g_string_append_c (out, '\t'); raw++; continue;
        case 'u': break;
        default: g_string_append_c (out, *raw); raw++; continue;
        }

      ch = hex4 (raw + 1);
      raw += 5;

      if (ch == 0 || (ch >= 0xDC00 && ch <= 0xDFFF))
        return FALSE;

      if (ch >= 0xD800 && ch <= 0xDBFF)
        {
          gunichar low;

          if (end - raw < 6 || raw[0] != '\\' || raw[1] != 'u')
            return FALSE;
          low = hex4 (raw + 2);
          if (low < 0xDC00 || low > 0xDFFF)
            return FALSE;
          ch = 0x10000 + ((ch - 0xD800) << 10) + (low - 0xDC00);
          raw += 6;
        }

      g_string_append_len (out, utf8, g_unichar_to_utf8 (ch, utf8));
    }

  return TRUE;
}

/* A string value as a new C string, or NULL for a JSON null. */
static gboolean
dup_string_or_null (Scan  *s,
                    char **out)
{
  const char *raw;
  gsize len;
  gboolean escaped;

  skip_ws (s);
  if (eat_word (s, "null", 4))
    {
      *out = NULL;
      return TRUE;
    }

  if (!scan_string (s, &raw, &len, &escaped))
    return FALSE;

  if (!escaped)
    {
      *out = g_strndup (raw, len);
    }
  else
    {
      GString *text = g_string_sized_new (len);

      if (!append_unescaped (text, raw, len))
        {
          g_string_free (text, TRUE);
          return FALSE;
        }
      *out = g_string_free (text, FALSE);
    }

  return TRUE;
}

/* A member name, which must be plain: "\u0063hoices" is json-glib's to
 * read as "choices". */
static gboolean
scan_key (Scan        *s,
          const char **key,
          gsize       *len)
{
  gboolean escaped;

  return scan_string (s, key, len, &escaped) && !escaped && eat (s, ':');
}

static inline gboolean
key_is (const char *key,
        gsize       len,
        const char *name)
{
  return strlen (name) == len && memcmp (key, name, len) == 0;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?, short enough that no reader overflows;
 * with @value, an integer only. */
static gboolean
scan_number (Scan   *s,
             gint64 *value)
{
  const char *start;
  gboolean negative = FALSE;
  gint64 number = 0;

  skip_ws (s);
  start = s->p;

  if (s->p < s->end && *s->p == '-')
    {
      negative = TRUE;
      s->p++;
    }

  if (s->p >= s->end || !g_ascii_isdigit (*s->p))
    return FALSE;
  if (*s->p == '0')
    s->p++;
  else
    while (s->p < s->end && g_ascii_isdigit (*s->p))
      {
        if (s->p - start >= MAX_NUMBER)
          return FALSE;
        number = number * 10 + (*s->p++ - '0');
      }

  if (s->p < s->end && *s->p == '.')
    {
      if (value != NULL)
        return FALSE;
      s->p++;
      if (s->p >= s->end || !g_ascii_isdigit (*s->p))
        return FALSE;
      while (s->p < s->end && g_ascii_isdigit (*s->p))
        s->p++;
    }

  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E' || g_ascii_isdigit (*s->p)))
    return FALSE;
  if (s->p - start > MAX_NUMBER)
    return FALSE;

  if (value != NULL)
    *value = negative ? -number : number;

  return TRUE;
}

static gboolean
skip_value (Scan  *s,
            guint  depth)
{
  const char *raw;
  gsize len;
  gboolean escaped;

  if (depth > MAX_DEPTH)
    return FALSE;

  skip_ws (s);
  if (s->p >= s->end)
    return FALSE;

  switch (*s->p)
    {
    case '"':
      if (!scan_string (s, &raw, &len, &escaped))
        return FALSE;
      /* What json-glib would refuse or cut short is not ours to judge. */
      if (escaped)
        {
          g_autoptr(GString) scratch = g_string_sized_new (len);
          return append_unescaped (scratch, raw, len);
        }
      return TRUE;

    case '{':
      s->p++;
      if (eat (s, '}'))
        return TRUE;
      do
        {
          const char *key;

          if (!scan_key (s, &key, &len) || !skip_value (s, depth + 1))
            return FALSE;
        }
      while (eat (s, ','));
      return eat (s, '}');

    case '[':
      s->p++;
      if (eat (s, ']'))
        return TRUE;
      do
        {
          if (!skip_value (s, depth + 1))
            return FALSE;
        }
      while (eat (s, ','));
      return eat (s, ']');

    case 't':
      return eat_word (s, "true", 4);
    case 'f':
      return eat_word (s, "false", 5);
    case 'n':
      return eat_word (s, "null", 4);

    default:
      return scan_number (s, NULL);
    }
}

static gboolean
skip_null (Scan *s)
{
  skip_ws (s);
  return eat_word (s, "null", 4);
}

/* Whole input read, nothing after the value. */
static gboolean
at_end (Scan *s)
{
  skip_ws (s);
  return s->p == s->end;
}

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

/* A scanned string's text: as it is, or with its escapes decoded. */
static inline gboolean
append_string (GString    *into,
               const char *raw,
               gsize       raw_len,
               gboolean    escaped)
{
  if (!escaped)
    {
      g_string_append_len (into, raw, raw_len);
      return TRUE;
    }

  return append_unescaped (into, raw, raw_len);
}

/* The value of a "content" member: null adds nothing (@raw_out NULL), a
 * string is appended to @into and its raw bytes given back. A second
 * "content" in one object, or any other value, is for json-glib. */
static gboolean
read_content (Scan        *s,
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

  if (skip_null (s))
    return TRUE;
  if (!scan_string (s, raw_out, raw_len_out, &escaped))
    return FALSE;

  return append_string (into, *raw_out, *raw_len_out, escaped);
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
decode_openai_delta (Scan       *s,
                     OpenAIRead *read)
{
  const char *key;
  gsize len;
  gboolean seen_content = FALSE;

  if (skip_null (s))
    return TRUE;
  if (!eat (s, '{'))
    return FALSE;
  if (eat (s, '}'))
    return TRUE;

  do
    {
      if (!scan_key (s, &key, &len))
        return FALSE;

      if (key_is (key, len, "content"))
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
      else if (key_is (key, len, "tool_calls") || key_is (key, len, "function_call"))
        {
          return FALSE;
        }
      else if (!skip_value (s, 2))
        {
          return FALSE;
        }
    }
  while (eat (s, ','));

  return eat (s, '}');
}

/* One element of "choices"; the text of index 0 goes to the delta. */
static gboolean
decode_openai_choice (Scan       *s,
                      OpenAIRead *read)
{
  gsize before = read->delta->len;
  guint texts_before = read->n_texts;
  gint64 index = 0;
  gboolean seen_index = FALSE, seen_delta = FALSE, seen_finish = FALSE;
  const char *key;
  gsize len;

  read->n_choices++;
  if (!eat (s, '{'))
    return FALSE;

  if (!eat (s, '}'))
    {
      do
        {
          if (!scan_key (s, &key, &len))
            return FALSE;

          if (key_is (key, len, "index"))
            {
              skip_ws (s);
              if (seen_index || s->p >= s->end || *s->p == '-' || !scan_number (s, &index))
                return FALSE;
              seen_index = TRUE;
            }
          else if (key_is (key, len, "delta"))
            {
              if (seen_delta || !decode_openai_delta (s, read))
                return FALSE;
              seen_delta = TRUE;
            }
          else if (key_is (key, len, "finish_reason"))
            {
              /* The last chunk of a choice is rare: json-glib reads it. */
              if (seen_finish || !skip_null (s))
                return FALSE;
              seen_finish = TRUE;
            }
          else if (!skip_value (s, 2))
            {
              return FALSE;
            }
        }
      while (eat (s, ','));

      if (!eat (s, '}'))
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
  Scan s = { data, data + len };
  const char *key;
  gsize key_len;

  if (!eat (&s, '{'))
    return FALSE;

  if (!eat (&s, '}'))
    {
      do
        {
          if (!scan_key (&s, &key, &key_len))
            return FALSE;

          if (key_is (key, key_len, "choices"))
            {
              if (seen_choices)
                return FALSE;
              seen_choices = TRUE;

              if (skip_null (&s))
                continue;
              if (!eat (&s, '['))
                return FALSE;
              if (eat (&s, ']'))
                continue;
              do
                {
                  if (!decode_openai_choice (&s, read))
                    return FALSE;
                }
              while (eat (&s, ','));
              if (!eat (&s, ']'))
                return FALSE;
            }
          else if (key_is (key, key_len, "model"))
            {
              if (seen_model || !dup_string_or_null (&s, model))
                return FALSE;
              seen_model = TRUE;
            }
          else if (key_is (key, key_len, "error") || key_is (key, key_len, "usage"))
            {
              gboolean *seen = key_is (key, key_len, "error") ? &seen_error : &seen_usage;

              /* Errors and usage come once per stream: json-glib reads them. */
              if (*seen || !skip_null (&s))
                return FALSE;
              *seen = TRUE;
            }
          else if (!skip_value (&s, 1))
            {
              return FALSE;
            }
        }
      while (eat (&s, ','));

      if (!eat (&s, '}'))
        return FALSE;
    }

  return at_end (&s);
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
  Scan s;

  if (!self->valid || len < prefix + suffix ||
      memcmp (data, self->prefix->str, prefix) != 0 ||
      memcmp (data + len - suffix, self->suffix->str, suffix) != 0)
    return FALSE;

  /* From the opening quote: the string must close where the suffix starts. */
  s.p = data + prefix - 1;
  s.end = data + len;
  if (!scan_string (&s, &raw, &raw_len, &escaped) || raw + raw_len != data + len - suffix)
    return FALSE;

  return append_string (delta, raw, raw_len, escaped);
}

/* {"role": …, "content": "…"} of an Ollama line. */
static gboolean
decode_ollama_message (Scan    *s,
                       GString *content)
{
  const char *key;
  gsize len;
  gboolean seen_content = FALSE;

  if (!eat (s, '{'))
    return FALSE;
  if (eat (s, '}'))
    return TRUE;

  do
    {
      if (!scan_key (s, &key, &len))
        return FALSE;

      if (key_is (key, len, "content"))
        {
          const char *raw;
          gsize raw_len;

          if (!read_content (s, &seen_content, content, &raw, &raw_len))
            return FALSE;
        }
      else if (key_is (key, len, "tool_calls"))
        {
          return FALSE;
        }
      else if (!skip_value (s, 2))
        {
          return FALSE;
        }
    }
  while (eat (s, ','));

  return eat (s, '}');
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
  Scan s = { data, data + len };
  const char *key;
  gsize key_len;

  memset (chunk, 0, sizeof *chunk);

  if (!eat (&s, '{'))
    return FALSE;

  if (!eat (&s, '}'))
    {
      do
        {
          if (!scan_key (&s, &key, &key_len))
            return FALSE;

          if (key_is (key, key_len, "message"))
            {
              /* A message that is not an object adds no text. */
              if (seen_message)
                return FALSE;
              seen_message = TRUE;
              skip_ws (&s);
              if (s.p < s.end && *s.p == '{')
                {
                  if (!decode_ollama_message (&s, content))
                    return FALSE;
                }
              else if (!skip_value (&s, 1))
                {
                  return FALSE;
                }
            }
          else if (key_is (key, key_len, "model"))
            {
              if (seen_model || !dup_string_or_null (&s, &model))
                return FALSE;
              seen_model = TRUE;
            }
          else if (key_is (key, key_len, "done"))
            {
              /* The last line carries the counts: json-glib reads it. */
              skip_ws (&s);
              if (seen_done || !eat_word (&s, "false", 5))
                return FALSE;
              seen_done = TRUE;
            }
          else if (key_is (key, key_len, "error"))
            {
              if (seen_error || !skip_null (&s))
                return FALSE;
              seen_error = TRUE;
            }
          else if (!skip_value (&s, 1))
            {
              return FALSE;
            }
        }
      while (eat (&s, ','));

      if (!eat (&s, '}'))
        return FALSE;
    }

  if (!at_end (&s))
    return FALSE;

  chunk->model = g_steal_pointer (&model);
  if (content->len > 0)
    chunk->delta = g_strndup (content->str, content->len);

  return TRUE;
}
