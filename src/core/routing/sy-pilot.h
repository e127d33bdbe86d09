/* sy-pilot.h: the side-by-side pilot of SPEC §1: records, log, summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sy-backend.h"
#include "sy-cost-model.h"
#include "sy-inference-option.h"
#include "sy-router.h"

G_BEGIN_DECLS

#define SY_PILOT_ERROR (sy_pilot_error_quark ())

typedef enum
{
  SY_PILOT_ERROR_IO,
  SY_PILOT_ERROR_PARSE,
} SyPilotError;

GQuark sy_pilot_error_quark (void);

/* Which reply the person preferred. A is always the local reply and B the
 * API reply, whichever side the UI shows them on. */
typedef enum
{
  SY_PILOT_RATING_NONE,
  SY_PILOT_RATING_A,
  SY_PILOT_RATING_B,
  SY_PILOT_RATING_TIE,
} SyPilotRating;

/* "none", "a", "b", "tie" */
const char *sy_pilot_rating_to_id   (SyPilotRating  rating);
gboolean    sy_pilot_rating_from_id (const char    *id,
                                     SyPilotRating *out_rating);

/* SPEC §1 recommends a pilot on 10 % of the traffic. */
#define SY_PILOT_DEFAULT_SHARE_PERCENT 10

/* One backend's reply to one prompt. */
typedef struct
{
  gboolean  sent;                /* FALSE: not sent (outside the shadow share) */
  char     *kind;                /* "ollama", "openai" */
  char     *model;
  double    time_to_first_token; /* seconds; -1 when no token came */
  double    total_time;          /* seconds */
  double    tokens_per_second;   /* 0 when unknown */
  gint64    prompt_tokens;
  gint64    completion_tokens;
  gboolean  usage_estimated;
  double    cost_usd;            /* usage × the price table; 0 for local */
  char     *error;               /* NULL when the reply completed */
} SyPilotReply;

#define SY_TYPE_PILOT_RECORD (sy_pilot_record_get_type ())

typedef struct
{
  char          *id;             /* a UUID: later ratings refer to it */
  char          *prompt;
  gint64         timestamp;      /* µs since the epoch (g_get_real_time) */
  SyPilotReply   replies[SY_ROUTE_N_BACKENDS];  /* indexed by SyRouteBackend */
  SyPilotRating  rating;
} SyPilotRecord;

GType          sy_pilot_record_get_type  (void) G_GNUC_CONST;
SyPilotRecord *sy_pilot_record_new       (const char          *prompt);
SyPilotRecord *sy_pilot_record_copy      (const SyPilotRecord *record);
void           sy_pilot_record_free      (SyPilotRecord       *record);
/* Fills @side from a completed reply (or from @error when @result is NULL),
 * pricing the usage with @prices (NULL: the shipped prices). */
void           sy_pilot_record_set_reply (SyPilotRecord       *record,
                                          SyRouteBackend       side,
                                          const char          *kind,
                                          const char          *model,
                                          const SyChatResult  *result,
                                          const GError        *error,
                                          SyPriceTable        *prices);
/* One line of JSON, without the newline. */
char          *sy_pilot_record_to_json   (const SyPilotRecord *record);
SyPilotRecord *sy_pilot_record_new_from_json (const char      *line,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyPilotRecord, sy_pilot_record_free)

/* Summary ----------------------------------------------------------------- */

/* Percentiles use the nearest-rank method: the p-th percentile of n sorted
 * values is the value at rank ceil (p / 100 × n) (1-based), so it is always
 * a measured value. The median is the 50th percentile by the same rule:
 * for an even n, the lower of the two middle values. */
double  sy_pilot_percentile (const double *values,
                             guint         n_values,
                             double        percent);

typedef struct
{
  SyRouteBackend backend;
  guint   n_sent;                 /* prompts sent to this backend */
  guint   n_completed;            /* replies that completed; the figures below are over them */
  guint   n_errors;
  double  ttft_median;            /* seconds; -1 with no sample */
  double  ttft_p95;
  double  total_median;
  double  total_p95;
  double  mean_tokens_per_second; /* over replies that reported one; 0 if none */
  double  mean_input_tokens;
  double  mean_output_tokens;
  double  cost_per_1000_usd;      /* mean cost of a reply × 1000 */
  char   *model;                  /* a column's own model; for a side, that of the latest record */
} SyPilotSideSummary;

/* SPEC §5: below this many ratings the interval is wide and says so. */
#define SY_PILOT_FEW_RATINGS 30

/* Ratings of one set of prompts (all of them, or one routing class). */
typedef struct
{
  guint   n_rated;                /* local better, API better or tie */
  guint   n_local_wins;
  guint   n_api_wins;
  guint   n_ties;
  /* SPEC §5's quality retained: (local wins + ties) ÷ rated, the share of
   * prompts where local was as good or better, with its Wilson 95 %
   * interval (z = 1.96). All three -1 when nothing was rated. */
  double  retained;
  double  low;
  double  high;
} SyPilotQuality;

/* The Wilson score interval for @successes of @n at z = 1.96:
 * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) ÷ (1 + z²/n), p = successes ÷ n.
 * FALSE (and -1s) for n = 0. */
gboolean sy_pilot_wilson_interval (guint   successes,
                                   guint   n,
                                   double *out_low,
                                   double *out_high);
/* TRUE when @quality has ratings but fewer than SY_PILOT_FEW_RATINGS. */
gboolean sy_pilot_quality_is_wide (const SyPilotQuality *quality);
/* "70% (54.6%–81.9%)" in the user's locale; "—" with no rating. */
char    *sy_pilot_quality_format  (const SyPilotQuality *quality);
/* The translated note for fewer than SY_PILOT_FEW_RATINGS ratings, else NULL. */
char    *sy_pilot_quality_dup_note (const SyPilotQuality *quality);

#define SY_TYPE_PILOT_SUMMARY (sy_pilot_summary_get_type ())

typedef struct
{
  guint               n_prompts;
  guint               n_both;       /* prompts sent to both backends */
  SyPilotSideSummary  sides[SY_ROUTE_N_BACKENDS];
  /* Over every rated prompt. */
  SyPilotQuality      quality;
  /* Split by the routing class the router gives each prompt (SPEC §3), so
   * the team sees where local holds up. */
  SyPilotQuality      classes[SY_ROUTE_N_CLASSES];
  /* One column per backend and model (SyPilotSideSummary), local first,
   * then in order of first appearance: a gpt-4o-mini run and a gpt-4o run
   * are measured apart. sides[] above pools each backend's models. */
  GPtrArray          *columns;
  /* The traffic figures "use these numbers" takes: the API side's means
   * (its server counts the tokens the bill is made of), or the local
   * side's when no API reply completed; -1 with neither. */
  double              mean_input_tokens;
  double              mean_output_tokens;
} SyPilotSummary;

GType           sy_pilot_summary_get_type (void) G_GNUC_CONST;
/* @records: SyPilotRecord. */
/* @router classifies each prompt for classes[] (NULL: SPEC §3's default
 * rules). */
SyPilotSummary *sy_pilot_summary_new      (GPtrArray            *records,
                                           SyRouter             *router);
SyPilotSummary *sy_pilot_summary_copy     (const SyPilotSummary *summary);
void            sy_pilot_summary_free     (SyPilotSummary       *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyPilotSummary, sy_pilot_summary_free)

/* What sy_pilot_summary_apply() set from measurements. */
typedef enum /*< flags >*/
{
  SY_PILOT_APPLIED_NONE              = 0,
  SY_PILOT_APPLIED_INPUT_TOKENS      = 1 << 0,
  SY_PILOT_APPLIED_OUTPUT_TOKENS     = 1 << 1,
  SY_PILOT_APPLIED_TOKENS_PER_SECOND = 1 << 2,
  SY_PILOT_APPLIED_QUALITY           = 1 << 3,
  /* Never set by the pilot: a usage log's, marked the same way. */
  SY_PILOT_APPLIED_DAILY_REQUESTS    = 1 << 4,
  SY_PILOT_APPLIED_PEAK_FACTOR       = 1 << 5,
} SyPilotApplied;

/* "Use these numbers": puts the measured mean input and output tokens into
 * @model and, into @local (may be NULL), the measured local tokens/s and
 * the quality retained (its point estimate). Inputs without a measurement are left alone. */
SyPilotApplied  sy_pilot_summary_apply    (const SyPilotSummary *summary,
                                           SyCostModel          *model,
                                           SyInferenceOption    *local);

/* CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break
 * quoted, quotes doubled), one row per record, a header row first. */
char           *sy_pilot_records_to_csv   (GPtrArray            *records);

/* Shadow share ----------------------------------------------------------- */

/* Deterministic: of prompts 0, 1, 2, … exactly @percent in every 100 are
 * chosen, spread evenly (prompt i is chosen when ⌊(i+1)·p/100⌋ > ⌊i·p/100⌋),
 * so a rerun of the same prompts sends the same ones. */
gboolean  sy_pilot_shadow_select_index  (guint   percent,
                                         guint64 index);
/* For live traffic: chosen with probability @percent / 100 from @rand (a
 * seeded GRand makes a test reproducible). */
gboolean  sy_pilot_shadow_select_random (guint   percent,
                                         GRand  *rand);

/* Log ------------------------------------------------------------------- */

#define SY_TYPE_PILOT_LOG (sy_pilot_log_get_type ())
G_DECLARE_FINAL_TYPE (SyPilotLog, sy_pilot_log, SY, PILOT_LOG, GObject)

/* SyPilotLog::changed is emitted after the records change: a load (also
 * one that failed, since it clears them), an append or a rating. */

/* g_get_user_data_dir()/switchyard/pilot.jsonl, or
 * $SWITCHYARD_DATA_DIR/pilot.jsonl when that is set (tests). */
char          *sy_pilot_log_dup_default_path (void);

/* JSON lines at @path (NULL: the default path). Nothing is read until
 * sy_pilot_log_load(). */
SyPilotLog    *sy_pilot_log_new              (const char     *path);
const char    *sy_pilot_log_get_path         (SyPilotLog     *self);
/* A missing file is an empty log. A line that does not parse (a torn last
 * line after a crash) is skipped with a warning naming it. A rating line
 * ({"rating_for": ID, "rating": …}) updates the record it names. */
gboolean       sy_pilot_log_load             (SyPilotLog     *self,
                                              GError        **error);
/* The records, oldest first (SyPilotRecord, owned by the log). */
GPtrArray     *sy_pilot_log_get_records      (SyPilotLog     *self);
/* Appends one complete line with a single write() on an O_APPEND
 * descriptor and fsyncs it, so concurrent writers and crashes never leave
 * two records interleaved. Keeps a copy of @record. */
gboolean       sy_pilot_log_append           (SyPilotLog     *self,
                                              const SyPilotRecord *record,
                                              GError        **error);
/* Rates an appended record: a rating line is appended, the log stays
 * append-only. */
gboolean       sy_pilot_log_rate             (SyPilotLog     *self,
                                              const char     *id,
                                              SyPilotRating   rating,
                                              GError        **error);

G_END_DECLS
