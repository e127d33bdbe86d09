/* sy-inference-option.h: one way of running inference (a local box)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How the hardware is paid for: bought once (setup, power, replacement) or
 * rented by the hour (no setup; the rent covers hardware and power). */
typedef enum
{
  SY_INFERENCE_KIND_LOCAL,
  SY_INFERENCE_KIND_RENTED,
} SyInferenceKind;

#define SY_TYPE_INFERENCE_KIND (sy_inference_kind_get_type ())
GType sy_inference_kind_get_type (void) G_GNUC_CONST;

#define SY_INFERENCE_DEFAULT_RENT_HOURS 720.0
/* A month of 30 days, the unit every monthly figure uses. */
#define SY_INFERENCE_HOURS_PER_MONTH    720.0
#define SY_INFERENCE_MAX_WATTS          1e6
#define SY_INFERENCE_MAX_LIFE_MONTHS    1200.0

#define SY_TYPE_INFERENCE_OPTION (sy_inference_option_get_type ())
G_DECLARE_FINAL_TYPE (SyInferenceOption, sy_inference_option, SY, INFERENCE_OPTION, GObject)

/* Properties (all G_PARAM_EXPLICIT_NOTIFY, so a bound widget sees real
 * changes only):
 *   id                       string   stable key, e.g. "llama3.1-8b-rtx4090"
 *   name                     string   shown to the user
 *   setup-usd                double   one-time hardware cost for one box
 *   monthly-usd              double   other monthly costs of one box
 *                                    (hosting, support); power, ops time,
 *                                    rent and replacement are counted
 *                                    from the fields below. SPEC's two
 *                                    options keep their $30 and $500 here.
 *   kind                     SyInferenceKind  local (bought) or rented
 *   load-watts               double   draw of one box at full load (0: not counted)
 *   idle-watts               double   draw of one idle box, ≤ load-watts
 *   life-months              double   months until the box is replaced;
 *                                    0 = never (setup is a one-off step)
 *   resale-share             double   0..1 of setup recovered at replacement
 *   rent-hourly-usd          double   a rented box's price per hour
 *   rent-hours-per-month     double   hours rented a month (default 720)
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
SyInferenceKind sy_inference_option_get_kind         (SyInferenceOption *self);
void          sy_inference_option_set_kind            (SyInferenceOption *self,
                                                       SyInferenceKind    kind);
double        sy_inference_option_get_load_watts      (SyInferenceOption *self);
void          sy_inference_option_set_load_watts      (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_idle_watts      (SyInferenceOption *self);
void          sy_inference_option_set_idle_watts      (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_life_months     (SyInferenceOption *self);
void          sy_inference_option_set_life_months     (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_resale_share    (SyInferenceOption *self);
void          sy_inference_option_set_resale_share    (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_rent_hourly_usd (SyInferenceOption *self);
void          sy_inference_option_set_rent_hourly_usd (SyInferenceOption *self,
                                                       double             value);
double        sy_inference_option_get_rent_hours_per_month (SyInferenceOption *self);
void          sy_inference_option_set_rent_hours_per_month (SyInferenceOption *self,
                                                       double             value);
/* What the option was planned on: the catalogue model, the build of it
 * (quantisation, "Q4_K_M") its speed is for, the GPU table's card and how
 * many a box has; NULL and 0 when not known (a build only with a model).
 * Not part of the variant below; the cost settings store them beside it. */
const char   *sy_inference_option_get_model_id        (SyInferenceOption *self);
const char   *sy_inference_option_get_quant           (SyInferenceOption *self);
const char   *sy_inference_option_get_gpu_id          (SyInferenceOption *self);
guint         sy_inference_option_get_gpu_count       (SyInferenceOption *self);
void          sy_inference_option_set_hardware        (SyInferenceOption *self,
                                                       const char        *model_id,
                                                       const char        *quant,
                                                       const char        *gpu_id,
                                                       guint              gpu_count);
gboolean      sy_inference_option_get_builtin         (SyInferenceOption *self);
gboolean      sy_inference_option_get_enabled         (SyInferenceOption *self);
void          sy_inference_option_set_enabled         (SyInferenceOption *self,
                                                       gboolean           enabled);

/* GVariant of type SY_INFERENCE_OPTION_VARIANT_TYPE for GSettings:
 * (id, name, setup, monthly, tokens/s, aggregate tokens/s, quality, builtin,
 *  enabled, kind, load W, idle W, life months, resale share, rent $/h,
 *  rent hours a month) */
#define SY_INFERENCE_OPTION_VARIANT_TYPE "(ssdddddbbudddddd)"
/* What versions before the whole cost of ownership stored; still read. */
#define SY_INFERENCE_OPTION_VARIANT_TYPE_V1 "(ssdddddbb)"
GVariant     *sy_inference_option_to_variant          (SyInferenceOption *self);
/* Takes either variant type (a V1 value gets the new fields' defaults).
 * NULL (with @error) for a variant of another type or invalid values. */
SyInferenceOption *sy_inference_option_new_from_variant (GVariant  *variant,
                                                         GError   **error);

G_END_DECLS
