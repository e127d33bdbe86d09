/* sy-inference-option.h: one way of running inference (a local box)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SY_TYPE_INFERENCE_OPTION (sy_inference_option_get_type ())
G_DECLARE_FINAL_TYPE (SyInferenceOption, sy_inference_option, SY, INFERENCE_OPTION, GObject)

/* Properties (all G_PARAM_EXPLICIT_NOTIFY, so a bound widget sees real
 * changes only):
 *   id                       string   stable key, e.g. "llama3.1-8b-rtx4090"
 *   name                     string   shown to the user
 *   setup-usd                double   one-time hardware cost for one box
 *   monthly-usd              double   power + amortisation for one box
 *   tokens-per-second        double   single-stream output throughput
 *   aggregate-tokens-per-second double  what one box serves with batching;
 *                                    the capacity computation uses it
 *                                    (defaults to tokens-per-second)
 *   quality                  double   0..1, 1.0 = frontier
 *   builtin                  boolean  one of SPEC's options (read-only)
 *   enabled                  boolean  shown in the comparison/plot
 *
 * Setters do not validate (a form may hold a bad value for a moment);
 * sy_inference_option_validate() does, and the cost model calls it. */

SyInferenceOption *sy_inference_option_new            (const char *id,
                                                       const char *name,
                                                       double      setup_usd,
                                                       double      monthly_usd,
                                                       double      tokens_per_second,
                                                       double      quality);
SyInferenceOption *sy_inference_option_copy           (SyInferenceOption *self);

/* SPEC section 2's local options, enabled, in table order:
 * llama3.1-8b-rtx4090 and llama3.1-70b-2xa100. Returns a GListStore of
 * SyInferenceOption. */
GListStore   *sy_inference_option_new_builtin_list    (void);
/* NULL when @id is not one of them. */
SyInferenceOption *sy_inference_option_new_builtin     (const char *id);

gboolean      sy_inference_option_validate            (SyInferenceOption  *self,
                                                       GError            **error);

const char   *sy_inference_option_get_id              (SyInferenceOption *self);
const char   *sy_inference_option_get_name            (SyInferenceOption *self);
void          sy_inference_option_set_name            (SyInferenceOption *self,
                                                       const char        *name);
double        sy_inference_option_get_setup_usd       (SyInferenceOption *self);
void          sy_inference_option_set_setup_usd       (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_monthly_usd     (SyInferenceOption *self);
void          sy_inference_option_set_monthly_usd     (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_tokens_per_second (SyInferenceOption *self);
void          sy_inference_option_set_tokens_per_second (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_aggregate_tokens_per_second (SyInferenceOption *self);
void          sy_inference_option_set_aggregate_tokens_per_second (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_quality         (SyInferenceOption *self);
void          sy_inference_option_set_quality         (SyInferenceOption *self,
                                                       double             value);
gboolean      sy_inference_option_get_builtin         (SyInferenceOption *self);
gboolean      sy_inference_option_get_enabled         (SyInferenceOption *self);
void          sy_inference_option_set_enabled         (SyInferenceOption *self,
                                                       gboolean           enabled);

/* GVariant of type SY_INFERENCE_OPTION_VARIANT_TYPE for GSettings:
 * (id, name, setup, monthly, tokens/s, aggregate tokens/s, quality, builtin, enabled) */
#define SY_INFERENCE_OPTION_VARIANT_TYPE "(ssdddddbb)"
GVariant     *sy_inference_option_to_variant          (SyInferenceOption *self);
/* NULL (with @error) for a variant of the wrong type or invalid values. */
SyInferenceOption *sy_inference_option_new_from_variant (GVariant  *variant,
                                                         GError   **error);

G_END_DECLS
