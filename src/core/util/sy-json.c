/* sy-json.c: JSON helpers shared by the files the app writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-json.h"

void
sy_json_builder_add_double (JsonBuilder *builder,
                            double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      json_builder_add_null_value (builder);
      return;
    }

  /* The generator prints "%.17g" and appends ".0" when it sees no '.', so
   * an exponent with a bare mantissa ("1e-205") comes out unparseable. One
   * ULP away the mantissa has all its digits, and a '.'. */
  g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  if (strchr (buf, 'e') != NULL && strchr (buf, '.') == NULL)
    value = nextafter (value, value > 0 ? INFINITY : -INFINITY);

  json_builder_add_double_value (builder, value);
}
