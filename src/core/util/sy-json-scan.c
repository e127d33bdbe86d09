/* sy-json-scan.c: a strict one-pass JSON scanner (sy-json-scan-private.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-json-scan-private.h"

gboolean
sy_json_scan_string (SyJsonScan  *s,
                     const char **raw,
                     gsize       *raw_len,
                     gboolean    *escaped)
{
  const char *p;

  sy_json_scan_skip_ws (s);
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

gboolean
sy_json_scan_append_unescaped (GString    *out,
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

gboolean
sy_json_scan_dup_string_or_null (SyJsonScan  *s,
                                 char       **out)
{
  const char *raw;
  gsize len;
  gboolean escaped;

  sy_json_scan_skip_ws (s);
  if (sy_json_scan_eat_word (s, "null", 4))
    {
      *out = NULL;
      return TRUE;
    }

  if (!sy_json_scan_string (s, &raw, &len, &escaped))
    return FALSE;

  if (!escaped)
    {
      *out = g_strndup (raw, len);
    }
  else
    {
      GString *text = g_string_sized_new (len);

      if (!sy_json_scan_append_unescaped (text, raw, len))
        {
          g_string_free (text, TRUE);
          return FALSE;
        }
      *out = g_string_free (text, FALSE);
    }

  return TRUE;
}

gboolean
sy_json_scan_key (SyJsonScan  *s,
                  const char **key,
                  gsize       *len)
{
  gboolean escaped;

  return sy_json_scan_string (s, key, len, &escaped) && !escaped && sy_json_scan_eat (s, ':');
}

gboolean
sy_json_scan_number (SyJsonScan *s,
                     gint64     *value)
{
  const char *start;
  gboolean negative = FALSE;
  gint64 number = 0;

  sy_json_scan_skip_ws (s);
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
        if (s->p - start >= SY_JSON_SCAN_MAX_NUMBER)
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
  if (s->p - start > SY_JSON_SCAN_MAX_NUMBER)
    return FALSE;

  if (value != NULL)
    *value = negative ? -number : number;

  return TRUE;
}

gboolean
sy_json_scan_skip_value (SyJsonScan *s,
                         guint       depth)
{
  const char *raw;
  gsize len;
  gboolean escaped;

  if (depth > SY_JSON_SCAN_MAX_DEPTH)
    return FALSE;

  sy_json_scan_skip_ws (s);
  if (s->p >= s->end)
    return FALSE;

  switch (*s->p)
    {
    case '"':
      if (!sy_json_scan_string (s, &raw, &len, &escaped))
        return FALSE;
      /* What json-glib would refuse or cut short is not ours to judge. */
      if (escaped)
        {
          g_autoptr(GString) scratch = g_string_sized_new (len);
          return sy_json_scan_append_unescaped (scratch, raw, len);
        }
      return TRUE;

    case '{':
      s->p++;
      if (sy_json_scan_eat (s, '}'))
        return TRUE;
      do
        {
          const char *key;

          if (!sy_json_scan_key (s, &key, &len) || !sy_json_scan_skip_value (s, depth + 1))
            return FALSE;
        }
      while (sy_json_scan_eat (s, ','));
      return sy_json_scan_eat (s, '}');

    case '[':
      s->p++;
      if (sy_json_scan_eat (s, ']'))
        return TRUE;
      do
        {
          if (!sy_json_scan_skip_value (s, depth + 1))
            return FALSE;
        }
      while (sy_json_scan_eat (s, ','));
      return sy_json_scan_eat (s, ']');

    case 't':
      return sy_json_scan_eat_word (s, "true", 4);
    case 'f':
      return sy_json_scan_eat_word (s, "false", 5);
    case 'n':
      return sy_json_scan_eat_word (s, "null", 4);

    default:
      return sy_json_scan_number (s, NULL);
    }
}

gboolean
sy_json_scan_skip_null (SyJsonScan *s)
{
  sy_json_scan_skip_ws (s);
  return sy_json_scan_eat_word (s, "null", 4);
}

gboolean
sy_json_scan_at_end (SyJsonScan *s)
{
  sy_json_scan_skip_ws (s);
  return s->p == s->end;
}

gboolean
sy_json_scan_append_string (GString    *into,
                            const char *raw,
                            gsize       raw_len,
                            gboolean    escaped)
{
  if (!escaped)
    {
      g_string_append_len (into, raw, raw_len);
      return TRUE;
    }

  return sy_json_scan_append_unescaped (into, raw, raw_len);
}
