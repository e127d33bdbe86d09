/* sy-cost-model.h: API pay-per-token against local hardware (SPEC §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#include "sy-cost-series.h"
#include "sy-inference-option.h"
#include "sy-price-table.h"

G_BEGIN_DECLS

/* Inputs above these are typos, not traffic; they are rejected. */
#define SY_COST_MAX_DAILY_REQUESTS     1e9
#define SY_COST_MAX_TOKENS_PER_REQUEST 1e7
#define SY_COST_MAX_USD                1e10
#define SY_COST_MAX_TOKENS_PER_SECOND  1e7
#define SY_COST_DAYS_PER_MONTH         30.0
#define SY_COST_SECONDS_PER_DAY        86400.0

#define SY_COST_DEFAULT_DAILY_REQUESTS 1000.0
#define SY_COST_DEFAULT_INPUT_TOKENS   1000.0
#define SY_COST_DEFAULT_OUTPUT_TOKENS  500.0
#define SY_COST_DEFAULT_API_MODEL      "gpt-4o-mini"

#define SY_COST_DEFAULT_HORIZON_MONTHS 36
#define SY_COST_MAX_AUTO_HORIZON       120
#define SY_COST_MIN_HORIZON_MONTHS     3
#define SY_COST_MAX_HORIZON_MONTHS     240

typedef struct
{
  double daily_requests;
  double input_tokens;    /* average per request */
  double output_tokens;   /* average per request */
} SyTraffic;

/* Above this many input tokens per request the long-context tier applies. */
#define SY_COST_LONG_CONTEXT_TOKENS    200000.0
/* Where the table has no batch price, batch costs half the plain price. */
#define SY_COST_DEFAULT_BATCH_DISCOUNT 0.5
#define SY_COST_MAX_KWH_PRICE          100.0
#define SY_COST_MAX_PEAK_FACTOR        1000.0
#define SY_COST_MAX_PRICE_DECLINE      0.9
/* Break-even search: months searched and the step of the first pass. */
#define SY_COST_BREAK_EVEN_MAX_MONTHS  600.0
#define SY_COST_BREAK_EVEN_STEP_MONTHS 0.05

/* The whole cost of ownership (SPEC "Beyond the original"): global inputs
 * beside the traffic. The defaults (SY_COST_INPUTS_DEFAULT) leave SPEC §2's
 * golden values unchanged. */
typedef struct
{
  double kwh_price_usd;        /* electricity, USD per kWh */
  double ops_hours_per_month;  /* people's time per box and month */
  double ops_hourly_usd;       /* their hourly rate */
  double peak_factor;          /* busiest hour ÷ average hour, ≥ 1 */
  double cached_input_share;   /* 0..1 of input tokens read from the cache */
  double batch_share;          /* 0..1 of requests sent through the batch API */
  double reasoning_tokens;     /* per request, billed as output */
  double price_decline;        /* 0..0.9: how much cheaper the API gets a year */
} SyCostInputs;

#define SY_COST_INPUTS_DEFAULT ((SyCostInputs) { 0, 0, 0, 1, 0, 0, 0, 0 })

typedef struct
{
  double   monthly_input_tokens;
  double   monthly_output_tokens;
  double   api_monthly_usd;
  /* One box's utilisation: daily output tokens / (aggregate tokens/s × 86400).
   * Above 1.0 one box cannot keep up. */
  double   utilisation;
  guint    boxes_needed;          /* ceil (utilisation), at least 1 */
  /* Local figures are for boxes_needed boxes. */
  double   local_setup_usd;       /* 0 for a rented option */
  /* The slope of the cumulative local line: power + ops + other, plus the
   * rent of a rented option. A bought box's hardware is not in it: that is
   * the setup and the replacement steps. */
  double   local_monthly_usd;
  /* The monthly breakdown. hardware_usd is the rent of a rented option;
   * for a bought box with a life, setup × (1 − resale) ÷ life (the steps
   * spread over the months, shown for comparison only); 0 for a box never
   * replaced, whose setup is the one-off step at month 0. */
  double   hardware_usd;
  double   power_usd;
  double   ops_usd;
  double   other_usd;
  /* hardware + power + ops + other: what a month costs, all told. */
  double   total_monthly_usd;
  /* SPEC's power utilisation: min (1, average output tokens/s ÷
   * (boxes_needed × aggregate tokens/s)); each box's mean load. */
  double   box_utilisation;
  /* The cumulative local line steps up by replacement_usd at every
   * multiple of replacement_months (0: never). */
  double   replacement_months;
  double   replacement_usd;
  /* The API's monthly cost falls by this share a year. */
  double   api_price_decline;
  gboolean breaks_even;           /* FALSE: "never", local costs more every month */
  double   break_even_months;     /* unrounded; 0 when setup is 0 */
  double   quality_loss_percent;  /* (1 − quality) × 100 */
} SyCostResult;

/* Pure functions of SPEC §2. sy_cost_compute() takes a NULL @local for the
 * API figures alone (then boxes_needed is 0 and breaks_even FALSE). */
gboolean  sy_traffic_validate            (const SyTraffic    *traffic,
                                          GError            **error);
gboolean  sy_cost_inputs_validate        (const SyCostInputs *inputs,
                                          GError            **error);
/* sy_cost_compute_full() with SY_COST_INPUTS_DEFAULT. */
gboolean  sy_cost_compute                (const SyTraffic    *traffic,
                                          const SyPrice      *api_price,
                                          SyInferenceOption  *local,
                                          SyCostResult       *out_result,
                                          GError            **error);
/* The break-even is the first month (to 0.05 months, then refined) up to
 * SY_COST_BREAK_EVEN_MAX_MONTHS where the cumulative API cost reaches the
 * cumulative local cost, both as sy_cost_series_value_at() draws them. */
gboolean  sy_cost_compute_full           (const SyTraffic    *traffic,
                                          const SyCostInputs *inputs,
                                          const SyPrice      *api_price,
                                          SyInferenceOption  *local,
                                          SyCostResult       *out_result,
                                          GError            **error);
/* "Local is 25% lower quality"; "Local matches frontier quality" for 1.0. */
char     *sy_cost_format_quality_tradeoff (double             quality);
/* "66.7 months", "0 months" or "Never — local costs more every month". */
char     *sy_cost_format_break_even      (const SyCostResult *result);
/* "$54.00", "$1,260.00" */
char     *sy_cost_format_usd             (double              usd);

/* The horizon the plot shows: @requested, extended (when @auto_extend) to
 * show every break-even up to SY_COST_MAX_AUTO_HORIZON months with a margin,
 * rounded up to a multiple of 6 months. */
double    sy_cost_effective_horizon      (double              requested,
                                          gboolean            auto_extend,
                                          const double       *break_even_months,
                                          guint               n_break_evens);

#define SY_TYPE_COST_MODEL (sy_cost_model_get_type ())
G_DECLARE_FINAL_TYPE (SyCostModel, sy_cost_model, SY, COST_MODEL, GObject)

/* Properties: price-table (construct-only), daily-requests, input-tokens,
 * output-tokens (double), api-model (string), horizon-months (uint),
 * auto-extend-horizon (boolean), options (GListModel of SyInferenceOption,
 * read-only), and the SyCostInputs as doubles: kwh-price,
 * ops-hours-per-month, ops-hourly-usd, peak-factor, cached-input-share,
 * batch-share, reasoning-tokens, price-decline. Setters accept any value so a form can pass through an
 * invalid state; sy_cost_model_validate() reports it.
 *
 * SyCostModel::changed is emitted after any input changes: a property, an
 * option's property, the option list, or the price table. */

/* @prices: NULL for sy_price_table_new_default(). */
SyCostModel  *sy_cost_model_new                   (SyPriceTable       *prices);
SyPriceTable *sy_cost_model_get_price_table       (SyCostModel        *self);

void          sy_cost_model_get_traffic           (SyCostModel        *self,
                                                   SyTraffic          *out_traffic);
void          sy_cost_model_set_traffic           (SyCostModel        *self,
                                                   const SyTraffic    *traffic);
double        sy_cost_model_get_daily_requests    (SyCostModel        *self);
void          sy_cost_model_set_daily_requests    (SyCostModel        *self,
                                                   double              value);
double        sy_cost_model_get_input_tokens      (SyCostModel        *self);
void          sy_cost_model_set_input_tokens      (SyCostModel        *self,
                                                   double              value);
double        sy_cost_model_get_output_tokens     (SyCostModel        *self);
void          sy_cost_model_set_output_tokens     (SyCostModel        *self,
                                                   double              value);
const char   *sy_cost_model_get_api_model         (SyCostModel        *self);
void          sy_cost_model_set_api_model         (SyCostModel        *self,
                                                   const char         *model);
guint         sy_cost_model_get_horizon_months    (SyCostModel        *self);
void          sy_cost_model_set_horizon_months    (SyCostModel        *self,
                                                   guint               months);
gboolean      sy_cost_model_get_auto_extend_horizon (SyCostModel      *self);
void          sy_cost_model_set_auto_extend_horizon (SyCostModel      *self,
                                                   gboolean            auto_extend);

void          sy_cost_model_get_inputs            (SyCostModel        *self,
                                                   SyCostInputs       *out_inputs);
/* One "changed" for all of them. */
void          sy_cost_model_set_inputs            (SyCostModel        *self,
                                                   const SyCostInputs *inputs);

/* The options (a GListStore of SyInferenceOption); starts with SPEC's two. */
GListModel   *sy_cost_model_get_options           (SyCostModel        *self);
void          sy_cost_model_add_option            (SyCostModel        *self,
                                                   SyInferenceOption  *option);
void          sy_cost_model_remove_option         (SyCostModel        *self,
                                                   SyInferenceOption  *option);
void          sy_cost_model_replace_options       (SyCostModel        *self,
                                                   SyInferenceOption **options,
                                                   guint               n_options);
/* NULL (with SY_COST_ERROR_UNKNOWN_OPTION) when no option has @id. */
SyInferenceOption *sy_cost_model_find_option      (SyCostModel        *self,
                                                   const char         *id,
                                                   GError            **error);

/* Traffic, inputs, API model and every enabled option. */
gboolean      sy_cost_model_validate              (SyCostModel        *self,
                                                   GError            **error);
gboolean      sy_cost_model_compute               (SyCostModel        *self,
                                                   SyInferenceOption  *local,
                                                   SyCostResult       *out_result,
                                                   GError            **error);
/* Line 0 is the API; then one line per enabled option in list order, with
 * its break-even against the API when it has one. */
SyCostSeries *sy_cost_model_build_series          (SyCostModel        *self,
                                                   GError            **error);

G_END_DECLS
