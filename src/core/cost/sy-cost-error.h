/* sy-cost-error.h: the error domain of the cost model and price table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SY_COST_ERROR (sy_cost_error_quark ())

typedef enum
{
  SY_COST_ERROR_INVALID_INPUT,   /* negative, NaN, infinite or absurdly large */
  SY_COST_ERROR_UNKNOWN_MODEL,   /* an API model the price table does not know */
  SY_COST_ERROR_UNKNOWN_OPTION,  /* an inference option id nobody defined */
  SY_COST_ERROR_PARSE,           /* a price file that is not what it claims */
  SY_COST_ERROR_IO,              /* a plot or report cairo could not draw; files use G_IO_ERROR */
} SyCostError;

GQuark sy_cost_error_quark (void);

G_END_DECLS
