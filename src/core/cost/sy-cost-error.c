/* sy-cost-error.c: the error domain of the cost model and price table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sy-cost-error.h"

G_DEFINE_QUARK (sy-cost-error-quark, sy_cost_error)
