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

static gboolean
is_blank_mark (const char *mark)
{
  return strcmp (mark, " ") == 0 || strcmp (mark, "\u00a0") == 0 || strcmp (mark, "\u202f") == 0;
}

/* How many bytes of @text the grouping mark @grouping takes at its start;
 * a locale that groups with a space also takes the no-break spaces people
 * and other programs paste. */
static gsize
grouping_mark_at (const char *text,
                  const char *grouping)
{
  static const char * const blanks[] = { " ", "\u00a0", "\u202f" };

  if (grouping[0] == '\0')
    return 0;
  if (is_blank_mark (grouping))
    {
      for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
        if (g_str_has_prefix (text, blanks[i]))
          return strlen (blanks[i]);
      return 0;
    }

  return g_str_has_prefix (text, grouping) ? strlen (grouping) : 0;
}

/* Rewrites @text, written with @decimal and @grouping, as an ASCII number
 * for g_ascii_strtod(). Returns FALSE with *@misplaced_grouping set when a
 * grouping mark stands where it cannot group thousands. */
static gboolean
to_ascii_number (const char  *text,
                 const char  *decimal,
                 const char  *grouping,
                 GString     *ascii,
                 gboolean    *misplaced_grouping)
{
  const char *p = text;
  gsize group_digits = 0;    /* digits since the last grouping mark */
  gboolean grouped = FALSE;
  gboolean in_fraction = FALSE;
  gboolean any_digit = FALSE;
  gsize mark;

  *misplaced_grouping = FALSE;

  if (*p == '-' || *p == '+')
    g_string_append_c (ascii, *p++);
  else if (g_str_has_prefix (p, MINUS_SIGN))
    {
      g_string_append_c (ascii, '-');
      p += strlen (MINUS_SIGN);
    }

  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (ascii, *p++);
          group_digits++;
          any_digit = TRUE;
        }
      else if (!in_fraction && g_str_has_prefix (p, decimal))
        {
          if (grouped && group_digits != 3)
            {
              *misplaced_grouping = TRUE;
              return FALSE;
            }
          g_string_append_c (ascii, '.');
          p += strlen (decimal);
          in_fraction = TRUE;
        }
      else if ((mark = grouping_mark_at (p, grouping)) > 0)
        {
          /* The first group has one to three digits, every later one three. */
          if (in_fraction || group_digits == 0 || group_digits > 3 || (grouped && group_digits != 3))
            {
              *misplaced_grouping = TRUE;
              return FALSE;
            }
          grouped = TRUE;
          group_digits = 0;
          p += mark;
        }
      else if ((*p == 'e' || *p == 'E') && any_digit)
        {
          if (grouped && !in_fraction && group_digits != 3)
            {
              *misplaced_grouping = TRUE;
              return FALSE;
            }
          g_string_append (ascii, p);
          return TRUE;
        }
      else
        return FALSE;
    }

  if (grouped && !in_fraction && group_digits != 3)
    {
      *misplaced_grouping = TRUE;
      return FALSE;
    }

  return any_digit;
}

static gboolean
ascii_to_double (const char *ascii,
                 double     *value)
{
  char *end = NULL;
  double number = g_ascii_strtod (ascii, &end);

  if (end == ascii || *end != '\0' || isnan (number))
    return FALSE;

  *value = number;
  return TRUE;
}

/* Public API */

SyNumberText
sy_format_parse_number (const char *text,
                        double     *value)
{
  g_autofree char *copy = NULL;
  g_autoptr(GString) ascii = g_string_new (NULL);
  const char *decimal = sy_format_get_decimal_mark ();
  const char *grouping = sy_format_get_grouping_mark ();
  gboolean misplaced = FALSE;

  g_return_val_if_fail (value != NULL, SY_NUMBER_TEXT_NOT_A_NUMBER);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (copy[0] == '\0')
    return SY_NUMBER_TEXT_EMPTY;

  if (to_ascii_number (copy, decimal, grouping, ascii, &misplaced))
    return ascii_to_double (ascii->str, value) ? SY_NUMBER_TEXT_OK : SY_NUMBER_TEXT_NOT_A_NUMBER;

  /* "12.5" in German: '.' groups there, but not like this, and the
   * number can only be meant as twelve and a half. */
  if (strcmp (decimal, ".") != 0)
    {
      gboolean misplaced_in_c = FALSE;

      g_string_truncate (ascii, 0);
      if (to_ascii_number (copy, ".", "", ascii, &misplaced_in_c) &&
          ascii_to_double (ascii->str, value))
        return SY_NUMBER_TEXT_OK;
    }

  return misplaced ? SY_NUMBER_TEXT_MISPLACED_GROUPING : SY_NUMBER_TEXT_NOT_A_NUMBER;
}


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

char *
sy_format_usd_brief (double usd)
{
  if (isfinite (usd) && fabs (usd) > 0 && fabs (usd) < 0.005)
    {
      g_autofree char *cent = sy_format_usd (usd < 0 ? -0.01 : 0.01, 2);

      /* Translators: a cost too small to show in cents, e.g. "< $0.01";
       * the space is a no-break space, so the sign stays with the amount */
      return g_strdup_printf (_("<\u00a0%s"), cent);
    }

  return sy_format_usd (usd, 2);
}

char *
sy_format_relative_date (GDateTime *when,
                         GDateTime *now)
{
  g_autoptr(GDateTime) local_when = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *time = NULL;
  GDate when_day;
  GDate today;
  int days;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local_when = g_date_time_to_local (when);
  local_now = g_date_time_to_local (now);
  /* Calendar days, not 24-hour spans: yesterday 23:59 is yesterday. */
  g_date_clear (&when_day, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&when_day, g_date_time_get_day_of_month (local_when),
                  g_date_time_get_month (local_when), g_date_time_get_year (local_when));
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  days = g_date_days_between (&when_day, &today);
  /* Translators: the time of day in a conversation's date, as
   * g_date_time_format() takes it; "%H:%M" gives "14:02" */
  time = g_date_time_format (local_when, _("%H:%M"));

  if (days == 0)
    /* Translators: a date today; %s is the time, e.g. "Today 14:02" */
    return g_strdup_printf (_("Today %s"), time);
  if (days == 1)
    /* Translators: a date yesterday; %s is the time, e.g. "Yesterday 09:15" */
    return g_strdup_printf (_("Yesterday %s"), time);
  if (days > 1 && days < 7)
    {
      g_autofree char *weekday = g_date_time_format (local_when, "%A");

      /* Translators: a date in the past week: the weekday and the time,
       * e.g. "Monday 08:30" */
      return g_strdup_printf (_("%s %s"), weekday, time);
    }

  /* Translators: a full date as g_date_time_format() takes it, e.g.
   * "5 December 2026"; put it in your language's order ("%-d. %B %Y") */
  return g_date_time_format (local_when, _("%-d %B %Y"));
}
