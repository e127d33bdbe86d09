/* sy-cli-util.c: what every subcommand needs: strict numbers, JSON, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-secrets.h"

int
sy_cli_fail (int         status,
      const char *option,
      const char *message)
{
  if (option != NULL)
    g_printerr ("switchyard: %s: %s\n", option, message);
  else
    g_printerr ("switchyard: %s\n", message);

  return status;
}

/* Numbers come in as strings: GOptionContext's own parsing is locale
 * dependent ("1.5" fails in de_DE) and accepts trailing garbage. */
gboolean
sy_cli_parse_number (const char  *option,
              const char  *text,
              double      *out_value,
              GError     **error)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return TRUE;

  value = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;

  if (*text == '\0' || end == text || end == NULL || *end != '\0' || !isfinite (value))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("%s: “%s” is not a number"), option, text);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

gboolean
sy_cli_parse_in_range (const char  *option,
                const char  *text,
                double       min,
                double       max,
                double      *out_value,
                GError     **error)
{
  double value = *out_value;

  if (!sy_cli_parse_number (option, text, &value, error))
    return FALSE;

  if (value < min || value > max || value != round (value))
    {
      g_set_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                   _("%s: “%s” is not a whole number from %.0f to %.0f"),
                   option, text, min, max);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* "5,000"; non-whole values keep their decimals. */
char *
sy_cli_format_count (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == round (value) && fabs (value) < 1e15)
    g_ascii_formatd (buf, sizeof buf, "%.0f", value);
  else
    g_ascii_formatd (buf, sizeof buf, "%.6g", value);

  if (strchr (buf, 'e') != NULL)
    return g_strdup (buf);

  return sy_format_localize_ascii (buf);
}

char *
sy_cli_format_percent (double fraction)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (fraction > 0 && fraction < 0.005)
    return g_strdup (_("less than 1%"));

  g_ascii_formatd (buf, sizeof buf, "%.0f", fraction * 100.0);
  /* Translators: a percentage; %s is the number ("23"). German writes "23 %%". */
  return g_strdup_printf (_("%s%%"), buf);
}

struct _SyCliTable
{
  SyCliColumn *columns;   /* widened to their widest cell */
  guint        n_columns;
  GPtrArray   *cells;     /* n_columns a row, row by row */
};

SyCliTable *
sy_cli_table_new (const SyCliColumn *columns,
                  guint              n_columns)
{
  SyCliTable *table = g_new0 (SyCliTable, 1);

  table->columns = g_memdup2 (columns, n_columns * sizeof *columns);
  table->n_columns = n_columns;
  table->cells = g_ptr_array_new_with_free_func (g_free);

  return table;
}

void
sy_cli_table_add_row (SyCliTable         *table,
                      const char * const *cells)
{
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *text = cells[i] != NULL ? cells[i] : "";

      g_ptr_array_add (table->cells, g_strdup (text));
      /* The last column is not padded: nothing follows it. */
      if (i + 1 < table->n_columns)
        table->columns[i].width = MAX (table->columns[i].width, (int) g_utf8_strlen (text, -1));
    }
}

void
sy_cli_table_print (SyCliTable *table)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint row = 0; row < table->cells->len / table->n_columns; row++)
    {
      g_string_truncate (line, 0);
      for (guint i = 0; i < table->n_columns; i++)
        {
          const SyCliColumn *column = &table->columns[i];
          const char *text = g_ptr_array_index (table->cells, row * table->n_columns + i);
          int pad = MAX (0, column->width - (int) g_utf8_strlen (text, -1));

          g_string_append_printf (line, "%*s", column->gap, "");
          if (column->right)
            g_string_append_printf (line, "%*s", pad, "");
          g_string_append (line, text);
          if (!column->right && i + 1 < table->n_columns)
            g_string_append_printf (line, "%*s", pad, "");
        }
      g_print ("%s\n", line->str);
    }
}

void
sy_cli_table_free (SyCliTable *table)
{
  g_free (table->columns);
  g_ptr_array_unref (table->cells);
  g_free (table);
}

/* JSON strings: escape what RFC 8259 requires, keep UTF-8 as is. */
void
sy_cli_append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* json-glib would print 66.7 as 66.700000000000003; write the rounded
 * figure itself, locale-independently. */
void
sy_cli_append_json_number (GString    *out,
                    const char *format,
                    double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, format, value);
  /* "-0.00" is valid JSON but reads oddly. */
  if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
    memmove (buf, buf + 1, strlen (buf));
  g_string_append (out, buf);
}

void
sy_cli_append_json_optional_number (GString    *out,
                                    const char *format,
                                    double      value)
{
  if (value < 0)
    g_string_append (out, "null");
  else
    sy_cli_append_json_number (out, format, value);
}

/* Copies @argv for GOptionContext with "switchyard NAME" as argv[0], so
 * --help and errors name the subcommand. */
GStrv
sy_cli_dup_args (const char  *name,
                 int          argc,
                 char       **argv)
{
  GStrv args = g_new0 (char *, argc + 1);

  args[0] = g_strdup_printf ("switchyard %s", name);
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_set_prgname (args[0]);

  return args;
}

char *
sy_cli_dup_api_key (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  const char *env = g_getenv ("OPENAI_API_KEY");
  char *key;

  /* The environment first: it is what a script set for this one run. */
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  key = sy_secrets_lookup_api_key_sync (base_url, &error);
  if (error != NULL)
    g_debug ("No API key from the keyring: %s", error->message);

  return key;
}

void
sy_cli_wipe_free (char *key)
{
  if (key == NULL)
    return;

  /* Overwritten before it goes back to the allocator. */
  explicit_bzero (key, strlen (key));
  g_free (key);
}
