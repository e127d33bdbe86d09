/* sy-usage-stats.c: the figures of a usage log, accumulated row by row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Memory does not grow with the length of the log, only with how varied
 * it is:
 *  - token counts go into histograms of exact values (count → how often),
 *    so the percentiles stay exact; a histogram holds at most as many
 *    entries as there are distinct counts, which a context window bounds
 *    (a 1M-token window: at most 1M entries, in practice a few thousand);
 *  - days and clock hours are sets keyed by their index since the epoch:
 *    one entry per hour that saw a request, 8,760 for a year of traffic;
 *  - models are one entry each.
 * A 1 GB log of 3 million requests over a month therefore needs a few
 * hundred kilobytes, not a copy of its rows.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sy-usage-stats.h"

struct _SyUsageStats
{
  guint64     records;
  guint64     input_sum;
  guint64     output_sum;
  GHashTable *input_histogram;   /* guint32 count → guint64 rows, both in pointers */
  GHashTable *output_histogram;
  GHashTable *days;              /* day index → unused */
  GHashTable *hours;             /* hour index → requests */
  GHashTable *models;            /* name → ModelSums */
  gint64      first_time;
  gint64      last_time;
  guint64     n_bad_rows;
  GPtrArray  *bad_rows;
};

typedef struct
{
  guint64 requests;
  guint64 input_tokens;
  guint64 output_tokens;
  double  spend_usd;
  guint64 spend_records;
  guint64 spend_input_tokens;   /* of the rows that report a spend */
  guint64 spend_output_tokens;
} ModelSums;

G_DEFINE_BOXED_TYPE (SyUsageReport, sy_usage_report, sy_usage_report_copy, sy_usage_report_free)

static const char * const format_ids[] = { "litellm", "csv", "pilot" };
static const char * const column_ids[] = { "timestamp", "model", "input_tokens", "output_tokens", "spend" };

/* Auxiliary functions */

const char *
sy_usage_format_to_id (SyUsageFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_ids), "");
  return format_ids[format];
}

const char *
sy_usage_column_to_id (SyUsageColumn column)
{
  g_return_val_if_fail (column < G_N_ELEMENTS (column_ids), "");
  return column_ids[column];
}

static void
model_free (SyUsageModel *model)
{
  g_free (model->name);
  g_free (model);
}

static void
bad_row_free (SyUsageBadRow *bad)
{
  g_free (bad->reason);
  g_free (bad);
}

static SyUsageModel *
model_copy (const SyUsageModel *model)
{
  SyUsageModel *copy = g_memdup2 (model, sizeof *model);

  copy->name = g_strdup (model->name);
  return copy;
}

static SyUsageBadRow *
bad_row_copy (const SyUsageBadRow *bad)
{
  SyUsageBadRow *copy = g_memdup2 (bad, sizeof *bad);

  copy->reason = g_strdup (bad->reason);
  return copy;
}

/* 64-bit keys do not fit a pointer everywhere; gint64 keys do, by value. */
static void
histogram_add (GHashTable *histogram,
               guint32     value)
{
  gint64 key = value;
  guint64 *count = g_hash_table_lookup (histogram, &key);

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (histogram, g_memdup2 (&key, sizeof key), count);
    }
  (*count)++;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = **(const gint64 * const *) a;
  gint64 y = **(const gint64 * const *) b;

  return (x > y) - (x < y);
}

/* Nearest rank, as sy_pilot_percentile(): the value at rank
 * ceil (p × n / 100), 1-based, of the sorted values. */
static guint32
histogram_percentile (GHashTable *histogram,
                      guint64     n,
                      guint       percent)
{
  g_autoptr(GPtrArray) keys = NULL;
  GHashTableIter iter;
  gpointer key;
  guint64 rank, seen = 0;

  if (n == 0)
    return 0;

  keys = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, histogram);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_gint64);

  rank = MAX ((percent * n + 99) / 100, 1);
  for (guint i = 0; i < keys->len; i++)
    {
      gint64 *value = g_ptr_array_index (keys, i);

      seen += *(guint64 *) g_hash_table_lookup (histogram, value);
      if (seen >= rank)
        return (guint32) *value;
    }

  g_return_val_if_reached (0);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static gboolean
lookup_price (SyPriceTable *prices,
              const char   *name,
              SyPrice      *price)
{
  const char *slash;
  g_autoptr(GRegex) dated = NULL;
  g_autofree char *undated = NULL;

  if (sy_price_table_lookup (prices, name, price, NULL))
    return TRUE;

  /* LiteLLM logs name the provider ("openai/gpt-4o") and servers the
   * snapshot ("gpt-4o-mini-2024-07-18"); the table has the plain name. */
  slash = strrchr (name, '/');
  if (slash != NULL && sy_price_table_lookup (prices, slash + 1, price, NULL))
    return TRUE;

  dated = g_regex_new ("-\\d{4}-\\d{2}-\\d{2}$", 0, 0, NULL);
  undated = g_regex_replace_literal (dated, slash != NULL ? slash + 1 : name, -1, 0, "", 0, NULL);
  return undated != NULL && sy_price_table_lookup (prices, undated, price, NULL);
}

static int
compare_models (gconstpointer a,
                gconstpointer b)
{
  const SyUsageModel *x = *(SyUsageModel * const *) a;
  const SyUsageModel *y = *(SyUsageModel * const *) b;

  if (x->requests != y->requests)
    return x->requests > y->requests ? -1 : 1;
  return strcmp (x->name, y->name);
}

/* Public API */

SyUsageReport *
sy_usage_report_copy (const SyUsageReport *report)
{
  SyUsageReport *copy = g_memdup2 (report, sizeof *report);

  for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
    copy->columns[i] = g_strdup (report->columns[i]);
  copy->models = g_ptr_array_new_with_free_func ((GDestroyNotify) model_free);
  for (guint i = 0; i < report->models->len; i++)
    g_ptr_array_add (copy->models, model_copy (g_ptr_array_index (report->models, i)));
  copy->bad_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bad_row_free);
  for (guint i = 0; i < report->bad_rows->len; i++)
    g_ptr_array_add (copy->bad_rows, bad_row_copy (g_ptr_array_index (report->bad_rows, i)));
  return copy;
}

void
sy_usage_report_free (SyUsageReport *report)
{
  if (report == NULL)
    return;
  for (guint i = 0; i < SY_USAGE_N_COLUMNS; i++)
    g_free (report->columns[i]);
  g_clear_pointer (&report->models, g_ptr_array_unref);
  g_clear_pointer (&report->bad_rows, g_ptr_array_unref);
  g_free (report);
}

SyUsageStats *
sy_usage_stats_new (void)
{
  SyUsageStats *stats = g_new0 (SyUsageStats, 1);

  stats->input_histogram = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stats->output_histogram = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stats->days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  stats->hours = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  stats->models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  stats->bad_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bad_row_free);
  return stats;
}

void
sy_usage_stats_free (SyUsageStats *stats)
{
  if (stats == NULL)
    return;
  g_hash_table_unref (stats->input_histogram);
  g_hash_table_unref (stats->output_histogram);
  g_hash_table_unref (stats->days);
  g_hash_table_unref (stats->hours);
  g_hash_table_unref (stats->models);
  g_ptr_array_unref (stats->bad_rows);
  g_free (stats);
}

gboolean
sy_usage_stats_add_row (SyUsageStats     *stats,
                        const SyUsageRow *row)
{
  gint64 day = floor_div (row->time, 86400);
  gint64 hour = floor_div (row->time, 3600);
  guint64 *hour_count;
  ModelSums *sums;

  g_return_val_if_fail (stats != NULL && row != NULL && row->model != NULL, FALSE);

  /* Checked first: a refused row must leave no trace in the figures. */
  sums = g_hash_table_lookup (stats->models, row->model);
  if (sums == NULL && g_hash_table_size (stats->models) >= SY_USAGE_MAX_MODELS)
    return FALSE;

  if (stats->records == 0 || row->time < stats->first_time)
    stats->first_time = row->time;
  if (stats->records == 0 || row->time > stats->last_time)
    stats->last_time = row->time;

  stats->records++;
  stats->input_sum += row->input_tokens;
  stats->output_sum += row->output_tokens;
  histogram_add (stats->input_histogram, row->input_tokens);
  histogram_add (stats->output_histogram, row->output_tokens);

  if (!g_hash_table_contains (stats->days, &day))
    g_hash_table_add (stats->days, g_memdup2 (&day, sizeof day));

  hour_count = g_hash_table_lookup (stats->hours, &hour);
  if (hour_count == NULL)
    {
      hour_count = g_new0 (guint64, 1);
      g_hash_table_insert (stats->hours, g_memdup2 (&hour, sizeof hour), hour_count);
    }
  (*hour_count)++;

  if (sums == NULL)
    {
      sums = g_new0 (ModelSums, 1);
      g_hash_table_insert (stats->models, g_strdup (row->model), sums);
    }
  sums->requests++;
  sums->input_tokens += row->input_tokens;
  sums->output_tokens += row->output_tokens;
  if (row->spend_usd >= 0)
    {
      sums->spend_usd += row->spend_usd;
      sums->spend_records++;
      sums->spend_input_tokens += row->input_tokens;
      sums->spend_output_tokens += row->output_tokens;
    }
  return TRUE;
}

void
sy_usage_stats_add_bad (SyUsageStats *stats,
                        guint64       line,
                        const char   *reason)
{
  g_return_if_fail (stats != NULL);

  stats->n_bad_rows++;
  if (stats->bad_rows->len < SY_USAGE_MAX_BAD_ROWS_NAMED)
    {
      SyUsageBadRow *bad = g_new0 (SyUsageBadRow, 1);

      bad->line = line;
      bad->reason = g_strdup (reason);
      g_ptr_array_add (stats->bad_rows, bad);
    }
}

guint64
sy_usage_stats_get_n_records (SyUsageStats *stats)
{
  g_return_val_if_fail (stats != NULL, 0);
  return stats->records;
}

SyUsageReport *
sy_usage_stats_report (SyUsageStats  *stats,
                       SyUsageFormat  format,
                       SyPriceTable  *prices)
{
  g_autoptr(SyPriceTable) shipped = NULL;
  SyUsageReport *report;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (stats != NULL, NULL);

  if (prices == NULL)
    prices = shipped = sy_price_table_new_default ();

  report = g_new0 (SyUsageReport, 1);
  report->format = format;
  report->models = g_ptr_array_new_with_free_func ((GDestroyNotify) model_free);
  report->bad_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bad_row_free);
  for (guint i = 0; i < stats->bad_rows->len; i++)
    g_ptr_array_add (report->bad_rows, bad_row_copy (g_ptr_array_index (stats->bad_rows, i)));
  report->n_bad_rows = stats->n_bad_rows;
  report->spend_usd = -1;

  report->records = stats->records;
  if (stats->records == 0)
    return report;

  report->days = g_hash_table_size (stats->days);
  report->requests_per_day = (double) stats->records / report->days;
  report->input_tokens_mean = (double) stats->input_sum / stats->records;
  report->output_tokens_mean = (double) stats->output_sum / stats->records;
  report->input_tokens_p95 = histogram_percentile (stats->input_histogram, stats->records, 95);
  report->output_tokens_p95 = histogram_percentile (stats->output_histogram, stats->records, 95);
  report->first_time = stats->first_time;
  report->last_time = stats->last_time;

  /* The earliest of equally busy hours, so a rerun names the same one. */
  g_hash_table_iter_init (&iter, stats->hours);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 hour = *(gint64 *) key;
      guint64 count = *(guint64 *) value;

      if (count > report->peak_hour_requests ||
          (count == report->peak_hour_requests && hour * 3600 < report->peak_hour))
        {
          report->peak_hour_requests = count;
          report->peak_hour = hour * 3600;
        }
    }
  report->peak_factor = report->peak_hour_requests * (report->days * 24.0) / stats->records;

  g_hash_table_iter_init (&iter, stats->models);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const ModelSums *sums = value;
      SyUsageModel *model = g_new0 (SyUsageModel, 1);
      SyPrice price;

      model->name = g_strdup (key);
      model->requests = sums->requests;
      model->share = (double) sums->requests / stats->records;
      model->input_tokens = sums->input_tokens;
      model->output_tokens = sums->output_tokens;
      model->spend_usd = sums->spend_records > 0 ? sums->spend_usd : -1;
      model->spend_records = sums->spend_records;
      model->priced_usd = -1;

      if (sums->spend_records > 0)
        {
          report->spend_usd = MAX (report->spend_usd, 0) + sums->spend_usd;
          report->spend_records += sums->spend_records;
        }

      if (lookup_price (prices, model->name, &price))
        {
          model->priced_usd = (sums->input_tokens * price.input_per_million +
                               sums->output_tokens * price.output_per_million) / 1e6;
          report->priced_usd += model->priced_usd;
          report->check_records += sums->spend_records;
          report->check_spend_usd += sums->spend_usd;
          report->check_priced_usd += (sums->spend_input_tokens * price.input_per_million +
                                       sums->spend_output_tokens * price.output_per_million) / 1e6;
        }
      else
        report->unpriced_records += sums->requests;

      g_ptr_array_add (report->models, model);
    }
  g_ptr_array_sort (report->models, compare_models);

  return report;
}
