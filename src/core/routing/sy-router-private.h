/* sy-router-private.h: what sy-router-file.c needs of the router
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-router.h"

G_BEGIN_DECLS

/* Takes @from's rules and emits SyRouter::changed once. */
void sy_router_copy_rules (SyRouter *self,
                           SyRouter *from);

G_END_DECLS
