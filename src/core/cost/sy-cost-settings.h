/* sy-cost-settings.h: keeps a SyCostModel and the user's prices between runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-cost-model.h"

G_BEGIN_DECLS

/* Loads the model's inputs and options from @settings (values that fail
 * validation fall back to the defaults, so a hand-edited key never stops
 * the app from starting), then writes every later change of @model back.
 * The binding lives as long as @model. */
void      sy_cost_settings_bind            (SyCostModel   *model,
                                            GSettings     *settings);

/* g_get_user_config_dir()/switchyard/prices.json, or
 * $SWITCHYARD_CONFIG_DIR/prices.json when that is set (tests). */
char     *sy_cost_settings_dup_prices_path (void);

/* Merges the user's and imported prices from @path into @prices. A missing
 * file is not an error; a corrupt one is: @prices is unchanged and the
 * file is renamed to PATH.corrupt-DATE (named in the message), so a later
 * save never overwrites it. */
gboolean  sy_cost_settings_load_prices     (SyPriceTable  *prices,
                                            const char    *path,
                                            GError       **error);
/* Renames @path to "@path.corrupt-YYYYMMDD-HHMMSS"; returns the new name,
 * or NULL (with a warning, and errno set) when it cannot be moved. */
char     *sy_cost_settings_move_aside      (const char    *path);

/* Writes the user's and imported prices atomically. File errors here and
 * in load_prices() are G_IO_ERROR; a file that does not parse is
 * SY_COST_ERROR_PARSE. */
gboolean  sy_cost_settings_save_prices     (SyPriceTable  *prices,
                                            const char    *path,
                                            GError       **error);

G_END_DECLS
