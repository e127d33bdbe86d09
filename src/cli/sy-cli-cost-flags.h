/* sy-cli-cost-flags.h: the flags that describe a local option and the
 * traffic, shared by `switchyard break-even` and `switchyard deploy`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sy-cost-model.h"
#include "sy-inference-option.h"

G_BEGIN_DECLS

/* A flag that sets a property of every bought option compared (and is the
 * default for those given with --option). */
typedef struct
{
  const char *flag;
  const char *property;
  const char *text;
  double      value;
} SyCliOptionFlag;

/* Sets each given flag on @option and checks the option after each, so a
 * bad value is reported with the flag (*@out_flag) that brought it. */
gboolean           sy_cli_apply_option_flags (SyInferenceOption  *option,
                                              SyCliOptionFlag    *flags,
                                              guint               n_flags,
                                              const char        **out_flag,
                                              GError            **error);
/* "name=Used 3090,setup=700,watts=350,idle=30,tps=60,agg=300,quality=0.8":
 * an option with @flags as its defaults. */
SyInferenceOption *sy_cli_parse_option_spec  (const char         *spec,
                                              SyCliOptionFlag    *flags,
                                              guint               n_flags,
                                              GError            **error);

/* The traffic and whole-cost-of-ownership flags as single values (no
 * LOW:HIGH ranges: break-even parses those itself). NULL: not given. */
typedef struct
{
  char *daily_requests;
  char *input_tokens;
  char *output_tokens;
  char *api_model;
  char *kwh_price;
  char *ops_hours;
  char *ops_rate;
  char *peak_factor;
  char *cache_share;
  char *batch_share;
  char *reasoning_tokens;
  char *price_decline;
} SyCliTrafficFlags;

void               sy_cli_traffic_flags_clear   (SyCliTrafficFlags *flags);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyCliTrafficFlags, sy_cli_traffic_flags_clear)

/* --daily-requests … --price-decline with break-even's help texts. */
void               sy_cli_traffic_flags_add_entries (SyCliTrafficFlags *flags,
                                                     GOptionContext    *context);
/* Fills @model's traffic, inputs and API model from the flags given (the
 * rest keep SPEC's defaults). On a bad value *@out_flag names the flag. */
gboolean           sy_cli_traffic_flags_apply   (const SyCliTrafficFlags *flags,
                                                 SyCostModel             *model,
                                                 const char             **out_flag,
                                                 GError                 **error);

G_END_DECLS
