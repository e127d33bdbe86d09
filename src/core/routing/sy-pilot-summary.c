/* sy-pilot-summary.c: the pilot's statistics, "use these numbers", CSV and
 * the shadow share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sy-format.h"
#include "sy-pilot.h"

G_DEFINE_BOXED_TYPE (SyPilotSummary, sy_pilot_summary, sy_pilot_summary_copy, sy_pilot_summary_free)

/* Summary ------------------------------------------------------------------ */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
sy_pilot_percentile (const double *values,
                     guint         n_values,
                     double        percent)
{
  g_autofree double *sorted = NULL;
  double rank;
  guint index;

  if (n_values == 0)
    return -1;

  sorted = g_memdup2 (values, n_values * sizeof *values);
  qsort (sorted, n_values, sizeof *sorted, compare_doubles);

  /* percent × n first, then / 100: 95 × 20 / 100 is exactly 19, where
   * 0.95 × 20 may land a hair above and round up to 20. */
  rank = ceil (CLAMP (percent, 0, 100) * n_values / 100.0);
  index = (guint) CLAMP (rank, 1, n_values) - 1;
  return sorted[index];
}

static double
mean (GArray *values)
{
  double sum = 0;

  if (values->len == 0)
    return 0;
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

/* @one_model: only @model's replies, else every model of @side. */
static void
summarise_side (GPtrArray          *records,
                SyRouteBackend      side,
                gboolean            one_model,
                const char         *model,
                SyPilotSideSummary *out)
{
  g_autoptr(GArray) ttft = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) input = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) output = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cost = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < records->len; i++)
    {
      const SyPilotRecord *record = g_ptr_array_index (records, i);
      const SyPilotReply *reply = &record->replies[side];
      double value;

      if (!reply->sent || (one_model && g_strcmp0 (reply->model, model) != 0))
        continue;
      out->n_sent++;
      g_free (out->model);
      out->model = g_strdup (reply->model);

      if (reply->error != NULL)
        {
          out->n_errors++;
          continue;
        }
      out->n_completed++;

      if (reply->time_to_first_token >= 0)
        g_array_append_val (ttft, reply->time_to_first_token);
      g_array_append_val (total, reply->total_time);
      if (reply->tokens_per_second > 0)
        g_array_append_val (tps, reply->tokens_per_second);
      value = reply->prompt_tokens;
      g_array_append_val (input, value);
      value = reply->completion_tokens;
      g_array_append_val (output, value);
      g_array_append_val (cost, reply->cost_usd);
    }

  out->ttft_median = sy_pilot_percentile ((double *) ttft->data, ttft->len, 50);
  out->ttft_p95 = sy_pilot_percentile ((double *) ttft->data, ttft->len, 95);
  out->total_median = sy_pilot_percentile ((double *) total->data, total->len, 50);
  out->total_p95 = sy_pilot_percentile ((double *) total->data, total->len, 95);
  out->mean_tokens_per_second = mean (tps);
  out->mean_input_tokens = mean (input);
  out->mean_output_tokens = mean (output);
  out->cost_per_1000_usd = mean (cost) * 1000.0;
  out->backend = side;
}

gboolean
sy_pilot_wilson_interval (guint   successes,
                          guint   n,
                          double *out_low,
                          double *out_high)
{
  /* The normal quantile for a two-sided 95 % interval, as SPEC §5 says. */
  const double z = 1.96;
  double p, z2n, centre, spread, denominator;

  g_return_val_if_fail (successes <= n, FALSE);

  if (n == 0)
    {
      *out_low = *out_high = -1;
      return FALSE;
    }

  p = (double) successes / n;
  z2n = z * z / n;
  denominator = 1 + z2n;
  centre = p + z2n / 2;
  spread = z * sqrt (p * (1 - p) / n + z2n / (4.0 * n));
  *out_low = MAX (0.0, (centre - spread) / denominator);
  *out_high = MIN (1.0, (centre + spread) / denominator);
  return TRUE;
}

gboolean
sy_pilot_quality_is_wide (const SyPilotQuality *quality)
{
  return quality->n_rated > 0 && quality->n_rated < SY_PILOT_FEW_RATINGS;
}

char *
sy_pilot_quality_format (const SyPilotQuality *quality)
{
  g_autofree char *retained = NULL, *low = NULL, *high = NULL;

  g_return_val_if_fail (quality != NULL, NULL);

  if (quality->n_rated == 0)
    return g_strdup ("—");

  retained = sy_format_decimal (quality->retained * 100, 0);
  /* One decimal for the bounds: SPEC §5 gives them as 54.6 %–81.9 %. */
  low = sy_format_decimal (quality->low * 100, 1);
  high = sy_format_decimal (quality->high * 100, 1);
  /* Translators: quality retained and its 95% interval, e.g. "70% (54.6%–81.9%)" */
  return g_strdup_printf (_("%s%% (%s%%–%s%%)"), retained, low, high);
}

char *
sy_pilot_quality_dup_note (const SyPilotQuality *quality)
{
  g_return_val_if_fail (quality != NULL, NULL);

  if (!sy_pilot_quality_is_wide (quality))
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Only %u rating: the interval is wide. Rate at least %u replies for a firm figure.",
                                       "Only %u ratings: the interval is wide. Rate at least %u replies for a firm figure.",
                                       quality->n_rated),
                          quality->n_rated, SY_PILOT_FEW_RATINGS);
}

static void
quality_count (SyPilotQuality *quality,
               SyPilotRating   rating)
{
  switch (rating)
    {
    case SY_PILOT_RATING_A:
      quality->n_local_wins++;
      break;
    case SY_PILOT_RATING_B:
      quality->n_api_wins++;
      break;
    case SY_PILOT_RATING_TIE:
      quality->n_ties++;
      break;
    case SY_PILOT_RATING_NONE:
    default:
      return;
    }
  quality->n_rated++;
}

static void
quality_finish (SyPilotQuality *quality)
{
  guint as_good = quality->n_local_wins + quality->n_ties;

  quality->retained = quality->n_rated > 0 ? (double) as_good / quality->n_rated : -1;
  sy_pilot_wilson_interval (as_good, quality->n_rated, &quality->low, &quality->high);
}

static gboolean
has_column (GPtrArray      *columns,
            SyRouteBackend  backend,
            const char     *model)
{
  for (guint i = 0; i < columns->len; i++)
    {
      const SyPilotSideSummary *column = g_ptr_array_index (columns, i);

      if (column->backend == backend && g_strcmp0 (column->model, model) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
side_summary_free (SyPilotSideSummary *side)
{
  g_free (side->model);
  g_free (side);
}

static GPtrArray *
summarise_columns (GPtrArray *records)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func ((GDestroyNotify) side_summary_free);

  for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
    for (guint i = 0; i < records->len; i++)
      {
        const SyPilotRecord *record = g_ptr_array_index (records, i);
        const SyPilotReply *reply = &record->replies[side];
        SyPilotSideSummary *column;

        if (!reply->sent || has_column (columns, side, reply->model))
          continue;
        column = g_new0 (SyPilotSideSummary, 1);
        summarise_side (records, side, TRUE, reply->model, column);
        g_ptr_array_add (columns, column);
      }

  return columns;
}

SyPilotSummary *
sy_pilot_summary_new (GPtrArray *records,
                      SyRouter  *router)
{
  SyPilotSummary *summary = g_new0 (SyPilotSummary, 1);
  g_autoptr(SyRouter) default_router = NULL;
  const SyPilotSideSummary *tokens_from;

  g_return_val_if_fail (records != NULL, summary);
  g_return_val_if_fail (router == NULL || SY_IS_ROUTER (router), summary);

  if (router == NULL)
    router = default_router = sy_router_new ();

  summary->n_prompts = records->len;
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    summarise_side (records, i, FALSE, NULL, &summary->sides[i]);
  summary->columns = summarise_columns (records);

  for (guint i = 0; i < records->len; i++)
    {
      const SyPilotRecord *record = g_ptr_array_index (records, i);

      if (record->replies[SY_ROUTE_BACKEND_LOCAL].sent && record->replies[SY_ROUTE_BACKEND_API].sent)
        summary->n_both++;

      quality_count (&summary->quality, record->rating);
      if (record->rating != SY_PILOT_RATING_NONE)
        quality_count (&summary->classes[sy_router_classify (router, record->prompt)], record->rating);
    }

  quality_finish (&summary->quality);
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    quality_finish (&summary->classes[i]);

  tokens_from = &summary->sides[SY_ROUTE_BACKEND_API];
  if (tokens_from->n_completed == 0)
    tokens_from = &summary->sides[SY_ROUTE_BACKEND_LOCAL];
  summary->mean_input_tokens = tokens_from->n_completed > 0 ? tokens_from->mean_input_tokens : -1;
  summary->mean_output_tokens = tokens_from->n_completed > 0 ? tokens_from->mean_output_tokens : -1;

  return summary;
}

SyPilotSummary *
sy_pilot_summary_copy (const SyPilotSummary *summary)
{
  SyPilotSummary *copy = g_memdup2 (summary, sizeof *summary);

  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    copy->sides[i].model = g_strdup (summary->sides[i].model);
  copy->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) side_summary_free);
  for (guint i = 0; summary->columns != NULL && i < summary->columns->len; i++)
    {
      const SyPilotSideSummary *column = g_ptr_array_index (summary->columns, i);
      SyPilotSideSummary *column_copy = g_memdup2 (column, sizeof *column);

      column_copy->model = g_strdup (column->model);
      g_ptr_array_add (copy->columns, column_copy);
    }
  return copy;
}

void
sy_pilot_summary_free (SyPilotSummary *summary)
{
  if (summary == NULL)
    return;
  for (guint i = 0; i < SY_ROUTE_N_BACKENDS; i++)
    g_free (summary->sides[i].model);
  g_clear_pointer (&summary->columns, g_ptr_array_unref);
  g_free (summary);
}

SyPilotApplied
sy_pilot_summary_apply (const SyPilotSummary *summary,
                        SyCostModel          *model,
                        SyInferenceOption    *local)
{
  SyPilotApplied applied = SY_PILOT_APPLIED_NONE;
  double local_tps;

  g_return_val_if_fail (summary != NULL, SY_PILOT_APPLIED_NONE);
  g_return_val_if_fail (SY_IS_COST_MODEL (model), SY_PILOT_APPLIED_NONE);
  g_return_val_if_fail (local == NULL || SY_IS_INFERENCE_OPTION (local), SY_PILOT_APPLIED_NONE);

  if (summary->mean_input_tokens >= 0)
    {
      sy_cost_model_set_input_tokens (model, summary->mean_input_tokens);
      applied |= SY_PILOT_APPLIED_INPUT_TOKENS;
    }
  if (summary->mean_output_tokens >= 0)
    {
      sy_cost_model_set_output_tokens (model, summary->mean_output_tokens);
      applied |= SY_PILOT_APPLIED_OUTPUT_TOKENS;
    }

  if (local == NULL)
    return applied;

  local_tps = summary->sides[SY_ROUTE_BACKEND_LOCAL].mean_tokens_per_second;
  if (local_tps > 0)
    {
      sy_inference_option_set_tokens_per_second (local, local_tps);
      applied |= SY_PILOT_APPLIED_TOKENS_PER_SECOND;
    }
  if (summary->quality.retained >= 0)
    {
      sy_inference_option_set_quality (local, CLAMP (summary->quality.retained, 0.0, 1.0));
      applied |= SY_PILOT_APPLIED_QUALITY;
    }

  return applied;
}

/* CSV -------------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (text != NULL && strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);

  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_number (GString    *out,
            const char *format,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* g_ascii_formatd: a decimal point whatever the locale, so the comma
   * stays the field separator. */
  csv_field (out, g_ascii_formatd (buf, sizeof buf, format, value), FALSE);
}

char *
sy_pilot_records_to_csv (GPtrArray *records)
{
  static const char * const reply_columns[] = {
    "kind", "model", "ttft_s", "total_s", "tokens_per_second", "prompt_tokens",
    "completion_tokens", "usage_estimated", "cost_usd", "error",
  };
  GString *out = g_string_new ("id,time,prompt,rating");

  for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
    for (guint c = 0; c < G_N_ELEMENTS (reply_columns); c++)
      g_string_append_printf (out, ",%s_%s", sy_route_backend_to_id (side), reply_columns[c]);
  g_string_append (out, "\r\n");

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const SyPilotRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (record->timestamp / G_USEC_PER_SEC);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      csv_field (out, record->id, FALSE);
      csv_field (out, iso, FALSE);
      csv_field (out, record->prompt, FALSE);
      csv_field (out, sy_pilot_rating_to_id (record->rating), FALSE);

      for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
        {
          const SyPilotReply *reply = &record->replies[side];
          gboolean last = side == SY_ROUTE_N_BACKENDS - 1;

          if (!reply->sent)
            {
              /* Empty fields: this backend did not get the prompt. */
              for (guint c = 0; c < G_N_ELEMENTS (reply_columns); c++)
                csv_field (out, NULL, last && c == G_N_ELEMENTS (reply_columns) - 1);
              continue;
            }

          csv_field (out, reply->kind, FALSE);
          csv_field (out, reply->model, FALSE);
          csv_number (out, "%.4f", reply->time_to_first_token);
          csv_number (out, "%.4f", reply->total_time);
          csv_number (out, "%.2f", reply->tokens_per_second);
          csv_number (out, "%.0f", reply->prompt_tokens);
          csv_number (out, "%.0f", reply->completion_tokens);
          csv_field (out, reply->usage_estimated ? "true" : "false", FALSE);
          csv_number (out, "%.8f", reply->cost_usd);
          csv_field (out, reply->error, last);
        }
    }

  return g_string_free (out, FALSE);
}

/* Shadow share ---------------------------------------------------------------- */

gboolean
sy_pilot_shadow_select_index (guint   percent,
                              guint64 index)
{
  percent = MIN (percent, 100);
  /* Bresenham-style: the running count of chosen prompts steps up exactly
   * @percent times per 100, evenly spread. */
  return ((index + 1) * percent) / 100 > (index * percent) / 100;
}

gboolean
sy_pilot_shadow_select_random (guint   percent,
                               GRand  *rand)
{
  g_return_val_if_fail (rand != NULL, FALSE);

  if (percent >= 100)
    return TRUE;
  return (guint) g_rand_int_range (rand, 0, 100) < percent;
}
