/* test-format.c: numbers and money in the reader's locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sy-test-utils.h"
#include "sy-cost-model.h"
#include "sy-format.h"
#include "sy-plot.h"


static void
assert_formatted (char       *owned,
                  const char *expected)
{
  g_assert_cmpstr (owned, ==, expected);
  g_free (owned);
}

static gboolean
use_german_numbers (void)
{
  if (!have_german_locale ())
    return FALSE;

  g_assert_nonnull (setlocale (LC_NUMERIC, GERMAN_LOCALE));
  return TRUE;
}

static void
use_c_numbers (void)
{
  setlocale (LC_NUMERIC, "C");
}

static void
test_c_locale_reads_as_english (void)
{
  use_c_numbers ();

  g_assert_cmpstr (sy_format_get_decimal_mark (), ==, ".");
  g_assert_cmpstr (sy_format_get_grouping_mark (), ==, ",");
  assert_formatted (sy_format_decimal (1260.5, 2), "1,260.50");
  assert_formatted (sy_format_decimal (999.995, 2), "1,000.00");
  assert_formatted (sy_format_decimal (1234567, 0), "1,234,567");
  assert_formatted (sy_format_decimal (-0.0004, 3), "0.000");
  assert_formatted (sy_format_decimal (-12.5, 1), "\u221212.5");
  assert_formatted (sy_format_decimal (NAN, 2), "NaN");
  assert_formatted (sy_format_decimal (-INFINITY, 2), "\u2212∞");
  assert_formatted (sy_format_decimal (1e300, 2), "1e+300");
  assert_formatted (sy_format_usd (1260, 2), "$1,260.00");
  assert_formatted (sy_format_usd (-5, 2), "\u2212$5.00");
  assert_formatted (sy_format_usd (-0.001, 2), "$0.00");
  assert_formatted (sy_format_usd_small (0.000123), "$0.000123");
  assert_formatted (sy_format_usd_small (0.5), "$0.50");
  assert_formatted (sy_format_usd_small (0), "$0.00");
  assert_formatted (sy_cost_format_usd (1260), "$1,260.00");
  assert_formatted (sy_cost_format_number (5000), "5,000");
}

static void
test_german_marks (void)
{
  SyCostResult result = { 0 };

  if (!use_german_numbers ())
    return;

  g_assert_cmpstr (sy_format_get_decimal_mark (), ==, ",");
  g_assert_cmpstr (sy_format_get_grouping_mark (), ==, ".");
  assert_formatted (sy_format_decimal (1260.5, 2), "1.260,50");
  assert_formatted (sy_format_decimal (1234567.891, 1), "1.234.567,9");
  assert_formatted (sy_format_localize_ascii ("-66.7"), "\u221266,7");
  /* No catalogue is bound here: the sign stays where the English string has it. */
  assert_formatted (sy_format_usd (1600, 2), "$1.600,00");
  assert_formatted (sy_format_usd_small (0.000123), "$0,000123");
  assert_formatted (sy_cost_format_usd (54), "$54,00");
  assert_formatted (sy_cost_format_number (1e9), "1.000.000.000");
  assert_formatted (sy_plot_format_usd_tick (1500), "$1,5k");

  result.breaks_even = TRUE;
  result.break_even_months = 66.66;
  assert_formatted (sy_cost_format_break_even (&result), "66,7 months");
  assert_formatted (sy_cost_format_quality_tradeoff (0.875), "Local is 12,5% lower quality");

  use_c_numbers ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/c-locale", test_c_locale_reads_as_english);
  g_test_add_func ("/format/german", test_german_marks);

  return g_test_run ();
}
