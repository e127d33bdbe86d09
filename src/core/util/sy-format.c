/* sy-format.c: numbers and money for people, in their locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sy-format.h"

#define MINUS_SIGN "\u2212"
/* Beyond this "%.*f" prints digits that carry no information. */
#define MAX_FIXED 1e15

/* Auxiliary functions */

static gboolean
is_c_locale (void)
{
  const char *name = setlocale (LC_NUMERIC, NULL);

  return name == NULL ||
         strcmp (name, "C") == 0 ||
         strcmp (name, "POSIX") == 0 ||
         g_str_has_prefix (name, "C.");
}

/* Public API */

const char *
sy_format_get_decimal_mark (void)
{
  const struct lconv *conv = localeconv ();

  if (is_c_locale () || conv->decimal_point == NULL || conv->decimal_point[0] == '\0')
    return ".";

  return conv->decimal_point;
}

const char *
sy_format_get_grouping_mark (void)
{
  const struct lconv *conv = localeconv ();

  /* The C locale has no grouping at all; "1260.00" reads worse than the
   * English "1,260.00" it stands in for. */
  if (is_c_locale () || conv->thousands_sep == NULL)
    return ",";

  return conv->thousands_sep;
}

/* @ascii: what g_ascii_formatd() printed. The integer digits are grouped
 * by three and the '.' becomes the locale's mark; an exponent or other
 * tail is copied as it is. */
char *
sy_format_localize_ascii (const char *ascii)
{
  const char *decimal = sy_format_get_decimal_mark ();
  const char *grouping = sy_format_get_grouping_mark ();
  GString *str = g_string_new (NULL);
  const char *digits = ascii;
  gsize n_int;

  g_return_val_if_fail (ascii != NULL, NULL);

  if (*digits == '-')
    {
      g_string_append (str, MINUS_SIGN);
      digits++;
    }

  n_int = strspn (digits, "0123456789");
  for (gsize i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0)
        g_string_append (str, grouping);
      g_string_append_c (str, digits[i]);
    }

  digits += n_int;
  if (*digits == '.')
    {
      g_string_append (str, decimal);
      digits++;
    }
  g_string_append (str, digits);

  return g_string_free (str, FALSE);
}

char *
sy_format_decimal (double value,
                   guint  decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE + 32];
  char format[16];

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value < 0 ? MINUS_SIGN "∞" : "∞");

  decimals = MIN (decimals, 12);
  /* "−0.0" helps nobody: a value that rounds to zero has no sign. */
  if (fabs (value) * pow (10, decimals) < 0.5)
    value = 0;

  if (fabs (value) >= MAX_FIXED)
    g_snprintf (format, sizeof format, "%%.6g");
  else
    g_snprintf (format, sizeof format, "%%.%uf", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);

  return sy_format_localize_ascii (buf);
}

char *
sy_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("NaN");

  if (isinf (value))
    return g_strdup (value < 0 ? MINUS_SIGN "∞" : "∞");

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);

  return sy_format_localize_ascii (buf);
}

SyFigureProblem
sy_format_check_figure (double   value,
                        gboolean zero_allowed,
                        double   max)
{
  if (!isfinite (value))
    return SY_FIGURE_PROBLEM_NOT_A_NUMBER;

  if (value < 0)
    return SY_FIGURE_PROBLEM_NEGATIVE;

  if (value == 0 && !zero_allowed)
    return SY_FIGURE_PROBLEM_ZERO;

  if (value > max)
    return SY_FIGURE_PROBLEM_TOO_LARGE;

  return SY_FIGURE_PROBLEM_NONE;
}

char *
sy_format_usd_wrap (const char *number,
                    gboolean    negative)
{
  g_autofree char *amount = NULL;

  g_return_val_if_fail (number != NULL, NULL);

  /* Translators: a US dollar amount; %s is the number, already formatted
   * for your language ("1.260,00"). The currency is always USD: put the
   * sign where your readers expect it, e.g. "%s $". */
  amount = g_strdup_printf (_("$%s"), number);

  return negative ? g_strconcat (MINUS_SIGN, amount, NULL) : g_steal_pointer (&amount);
}

char *
sy_format_usd (double usd,
               guint  decimals)
{
  g_autofree char *number = NULL;

  if (!isfinite (usd))
    return sy_format_decimal (usd, decimals);

  number = sy_format_decimal (fabs (usd), decimals);

  return sy_format_usd_wrap (number, usd < 0 && fabs (usd) * pow (10, MIN (decimals, 12)) >= 0.5);
}

char *
sy_format_usd_small (double usd)
{
  double magnitude = fabs (usd);
  int decimals = 2;

  /* Three significant digits for amounts under a cent: a local reply's
   * $0.000123 must not read "$0.00". */
  if (isfinite (magnitude) && magnitude > 0 && magnitude < 0.01)
    decimals = CLAMP (2 - (int) floor (log10 (magnitude)), 2, 10);

  return sy_format_usd (usd, decimals);
}
