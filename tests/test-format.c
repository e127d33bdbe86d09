/* test-format.c: numbers and money in the reader's locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <time.h>

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
  assert_formatted (sy_format_number (5000), "5,000");
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
  assert_formatted (sy_format_number (1e9), "1.000.000.000");
  assert_formatted (sy_plot_format_usd_tick (1500), "$1,5k");

  result.breaks_even = TRUE;
  result.break_even_months = 66.66;
  assert_formatted (sy_cost_format_break_even (&result), "66,7 months");
  assert_formatted (sy_cost_format_quality_tradeoff (0.875), "Local is 12,5% lower quality");

  use_c_numbers ();
}

typedef struct
{
  const char   *text;
  SyNumberText  expected;
  double        value;
} TypedNumber;

static void
assert_typed_numbers (const TypedNumber *cases,
                      gsize              n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      double value = -12345.0;
      SyNumberText result = sy_format_parse_number (cases[i].text, &value);

      if (result != cases[i].expected)
        g_error ("“%s” read as %d, expected %d", cases[i].text, result, cases[i].expected);
      if (result == SY_NUMBER_TEXT_OK)
        g_assert_cmpfloat_with_epsilon (value, cases[i].value, fabs (cases[i].value) * 1e-12 + 1e-12);
      else
        g_assert_cmpfloat (value, ==, -12345.0);
    }
}

/* What the app writes ("2,000 requests a day") reads back as that number,
 * and a comma that cannot group thousands is refused, not guessed at. */
static void
test_parse_english (void)
{
  static const TypedNumber cases[] = {
    { "5000", SY_NUMBER_TEXT_OK, 5000 },
    { "5,000", SY_NUMBER_TEXT_OK, 5000 },
    { " 1,234,567.25 ", SY_NUMBER_TEXT_OK, 1234567.25 },
    { "12.5", SY_NUMBER_TEXT_OK, 12.5 },
    { ".5", SY_NUMBER_TEXT_OK, 0.5 },
    { "-1", SY_NUMBER_TEXT_OK, -1 },
    { "\u22125", SY_NUMBER_TEXT_OK, -5 },
    { "+7", SY_NUMBER_TEXT_OK, 7 },
    { "1e6", SY_NUMBER_TEXT_OK, 1e6 },
    { "1e300", SY_NUMBER_TEXT_OK, 1e300 },
    { "5,5", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "5,00", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "5,0000", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "1234,567", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { ",500", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "1,23.5", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "1.234,5", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "", SY_NUMBER_TEXT_EMPTY, 0 },
    { "   ", SY_NUMBER_TEXT_EMPTY, 0 },
    { "lots", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "nan", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "inf", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "12.5.1", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "5 000", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "12abc", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "-", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
  };

  use_c_numbers ();
  assert_typed_numbers (cases, G_N_ELEMENTS (cases));
}

/* "5.000" in German is five thousand, never 5 (the bug a German user hit). */
static void
test_parse_german (void)
{
  static const TypedNumber cases[] = {
    { "5.000", SY_NUMBER_TEXT_OK, 5000 },
    { "1.500", SY_NUMBER_TEXT_OK, 1500 },
    { "1.234.567,25", SY_NUMBER_TEXT_OK, 1234567.25 },
    { "12,5", SY_NUMBER_TEXT_OK, 12.5 },
    { "0,000303", SY_NUMBER_TEXT_OK, 0.000303 },
    { "5000", SY_NUMBER_TEXT_OK, 5000 },
    /* Not German grouping, and it can only mean twelve and a half. */
    { "12.5", SY_NUMBER_TEXT_OK, 12.5 },
    { "1.5e3", SY_NUMBER_TEXT_OK, 1500 },
    { "\u22121,5", SY_NUMBER_TEXT_OK, -1.5 },
    { "1,234.5", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "5,000.5", SY_NUMBER_TEXT_MISPLACED_GROUPING, 0 },
    { "1,5,0", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
    { "lots", SY_NUMBER_TEXT_NOT_A_NUMBER, 0 },
  };

  if (!use_german_numbers ())
    return;

  assert_typed_numbers (cases, G_N_ELEMENTS (cases));
  use_c_numbers ();
}

static void
test_usd_brief (void)
{
  use_c_numbers ();
  assert_formatted (sy_format_usd_brief (0.0000303), "<\u00a0$0.01");
  assert_formatted (sy_format_usd_brief (0.004), "<\u00a0$0.01");
  assert_formatted (sy_format_usd_brief (0.006), "$0.01");
  assert_formatted (sy_format_usd_brief (0), "$0.00");
  assert_formatted (sy_format_usd_brief (12.345), "$12.35");
  assert_formatted (sy_format_usd_brief (-0.001), "<\u00a0\u2212$0.01");
}

static void
test_relative_date (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = NULL;
  static const struct {
    int         year, month, day, hour, minute;
    const char *expected;
  } cases[] = {
    { 2026, 12, 5, 14, 2, "Today 14:02" },
    { 2026, 12, 5, 0, 0, "Today 00:00" },
    { 2026, 12, 4, 23, 59, "Yesterday 23:59" },
    { 2026, 12, 1, 8, 30, "Tuesday 08:30" },
    { 2026, 11, 29, 8, 30, "Sunday 08:30" },
    { 2026, 11, 28, 8, 30, "28 November 2026" },
    { 2025, 12, 5, 14, 2, "5 December 2025" },
    { 2026, 12, 6, 9, 0, "6 December 2026" },
  };

  /* The tests run in UTC (TZ is not set), so local time is UTC here. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  now = g_date_time_new (utc, 2026, 12, 5, 18, 0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new (utc, cases[i].year, cases[i].month, cases[i].day,
                                                   cases[i].hour, cases[i].minute, 0);

      assert_formatted (sy_format_relative_date (when, now), cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/c-locale", test_c_locale_reads_as_english);
  g_test_add_func ("/format/german", test_german_marks);
  g_test_add_func ("/format/parse/english", test_parse_english);
  g_test_add_func ("/format/parse/german", test_parse_german);
  g_test_add_func ("/format/usd-brief", test_usd_brief);
  g_test_add_func ("/format/relative-date", test_relative_date);

  return g_test_run ();
}
