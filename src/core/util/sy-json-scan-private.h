/* sy-json-scan-private.h: a strict one-pass JSON scanner for the fast
 * chunk decoders (sy-backend-fast.c)
 *
 * It reads JSON in place, without building a tree, and refuses (returns
 * FALSE on) anything it cannot vouch for byte for byte against json-glib:
 * deep nesting, long numbers or exponents, escaped member names, \u0000,
 * lone surrogates. The small helpers are inline: the decoders call them
 * for every byte of structure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any chunk a server sends; json-glib has no such limit, so
 * deeper input just goes the slow way. */
#define SY_JSON_SCAN_MAX_DEPTH  32
/* Longer numbers might overflow where json-glib does not (or does). */
#define SY_JSON_SCAN_MAX_NUMBER 15

typedef struct
{
  const char *p;
  const char *end;
} SyJsonScan;

static inline void
sy_json_scan_skip_ws (SyJsonScan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\t' || *s->p == '\r'))
    s->p++;
}

static inline gboolean
sy_json_scan_eat (SyJsonScan *s,
                  char        c)
{
  sy_json_scan_skip_ws (s);
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }

  return FALSE;
}

static inline gboolean
sy_json_scan_eat_word (SyJsonScan *s,
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

static inline gboolean
sy_json_scan_key_is (const char *key,
                     gsize       len,
                     const char *name)
{
  return strlen (name) == len && memcmp (key, name, len) == 0;
}

/* A string starting at the opening quote: its raw bytes between the
 * quotes, and whether it has escapes. Raw control characters and escapes
 * JSON does not know fail. */
gboolean sy_json_scan_string (SyJsonScan  *s,
                              const char **raw,
                              gsize       *raw_len,
                              gboolean    *escaped);

/* Appends the text of a string scanned by sy_json_scan_string(). FALSE for what
 * the fast path leaves to json-glib: \u0000 and unpaired surrogates. */
gboolean sy_json_scan_append_unescaped (GString    *out,
                                        const char *raw,
                                        gsize       len);

/* A string value as a new C string, or NULL for a JSON null. */
gboolean sy_json_scan_dup_string_or_null (SyJsonScan  *s,
                                          char       **out);

/* A member name, which must be plain: "\u0063hoices" is json-glib's to
 * read as "choices". */
gboolean sy_json_scan_key (SyJsonScan  *s,
                           const char **key,
                           gsize       *len);

/* -?(0|[1-9][0-9]*)(.[0-9]+)?, short enough that no reader overflows;
 * with @value, an integer only. */
gboolean sy_json_scan_number (SyJsonScan *s,
                              gint64     *value);

gboolean sy_json_scan_skip_value (SyJsonScan *s,
                                  guint       depth);

gboolean sy_json_scan_skip_null (SyJsonScan *s);

/* Whole input read, nothing after the value. */
gboolean sy_json_scan_at_end (SyJsonScan *s);

/* A scanned string's text: as it is, or with its escapes decoded. */
gboolean sy_json_scan_append_string (GString    *into,
                                     const char *raw,
                                     gsize       raw_len,
                                     gboolean    escaped);

G_END_DECLS
