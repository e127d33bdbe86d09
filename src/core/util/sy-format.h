/* sy-format.h: numbers and money for people, in their locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Grouping and decimal mark follow LC_NUMERIC ("1.260,5" in German);
 * the C/POSIX locale reads as English ("1,260.5"), since that is what a
 * machine without a configured locale is most often used in. Never for
 * files or JSON: those use g_ascii_formatd(). */

/* @value with exactly @decimals decimals, grouped: "12,345.68". */
char *sy_format_decimal (double value,
                         guint  decimals);
/* A US dollar amount with @decimals decimals: "$1,260.00", and in German
 * "1.260,00 $" (the currency stays USD; translators place the sign). A
 * negative amount reads "−$5.00". */
char *sy_format_usd     (double usd,
                         guint  decimals);
/* @number (already formatted, no sign) as a dollar amount: "$1.5k". */
char *sy_format_usd_wrap (const char *number,
                          gboolean    negative);
/* Like sy_format_usd() with 2 decimals, but an amount under a cent keeps
 * enough significant digits to be seen ("$0.000123"): per-reply costs. */
char *sy_format_usd_small (double usd);
/* A cost to read at a glance: "$0.42", and an amount above zero but under
 * a cent "< $0.01" (show sy_format_usd_small() in its tooltip). */
char *sy_format_usd_brief (double usd);

/* When something happened, as a person says it: "Today 14:02",
 * "Yesterday 09:15", "Monday 08:30" within the past week, else the
 * locale's full date ("5 December 2026"), never the ambiguous "12/05/26".
 * Both times are converted to local time. */
char *sy_format_relative_date (GDateTime *when,
                               GDateTime *now);

/* @ascii as printed by g_ascii_formatd(): its integer digits grouped and
 * its '.' replaced by the locale's marks; '-' becomes "−". */
char *sy_format_localize_ascii (const char *ascii);

/* A figure for a message, with every significant digit it has:
 * "1,000,000,000", "0.1", "1e+20", "−5" (U+2212 minus), "NaN", "∞". */
char *sy_format_number (double value);

/* What is wrong with a figure typed in or read from a file, checked in
 * this order: a NaN is NOT_A_NUMBER, never TOO_LARGE. Callers word the
 * message, since only they know what the figure is. */
typedef enum
{
  SY_FIGURE_PROBLEM_NONE,
  SY_FIGURE_PROBLEM_NOT_A_NUMBER,  /* NaN or infinite */
  SY_FIGURE_PROBLEM_NEGATIVE,
  SY_FIGURE_PROBLEM_ZERO,          /* only when @zero_allowed is FALSE */
  SY_FIGURE_PROBLEM_TOO_LARGE,     /* above @max */
} SyFigureProblem;

SyFigureProblem sy_format_check_figure (double   value,
                                        gboolean zero_allowed,
                                        double   max);

/* How a number typed by a person reads. */
typedef enum
{
  SY_NUMBER_TEXT_OK,
  SY_NUMBER_TEXT_EMPTY,
  SY_NUMBER_TEXT_NOT_A_NUMBER,
  /* The locale's grouping mark where it cannot group thousands ("5,5" in
   * English): most likely a decimal mark from another locale, so reading
   * it either way could be a different number from the one meant. */
  SY_NUMBER_TEXT_MISPLACED_GROUPING,
} SyNumberText;

/* Reads @text as the locale writes numbers: "5,000.5" in English (and the
 * C locale), "5.000,5" in German, with blanks around it, a leading sign
 * ('-', '+' or U+2212) and an exponent ("1e6"). Where the locale's decimal
 * mark is not '.', a plain "12.5" that cannot be grouping is read as 12.5
 * too, since it can mean nothing else. Grouping must be in threes before
 * the decimal mark. An overflow reads as ±infinity, for the caller's range
 * check. */
SyNumberText    sy_format_parse_number (const char *text,
                                        double     *value);

/* The locale's decimal mark and grouping separator (tests and parsers). */
const char *sy_format_get_decimal_mark (void);
const char *sy_format_get_grouping_mark (void);

G_END_DECLS
