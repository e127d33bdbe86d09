/* locale-check.h: tests that need the German locale
 *
 * build-aux/install-deps.sh generates de_DE.UTF-8, so CI always has it and a
 * missing locale fails the test: a skip would prove nothing. The Flatpak
 * build's sandbox has only C.UTF-8; its manifest sets
 * SWITCHYARD_ALLOW_MISSING_LOCALE=1 to skip these checks there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <locale.h>

#define GERMAN_LOCALE "de_DE.UTF-8"

static inline gboolean
have_german_locale (void)
{
  locale_t probe = newlocale (LC_ALL_MASK, GERMAN_LOCALE, (locale_t) 0);

  if (probe != (locale_t) 0)
    {
      freelocale (probe);
      return TRUE;
    }

  if (g_strcmp0 (g_getenv ("SWITCHYARD_ALLOW_MISSING_LOCALE"), "1") == 0)
    {
      g_test_skip ("the " GERMAN_LOCALE " locale is not installed");
      return FALSE;
    }

  g_error ("the " GERMAN_LOCALE " locale is missing: run build-aux/install-deps.sh (it runs locale-gen)");
  return FALSE;
}
