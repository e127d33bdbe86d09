/* test-usage-log.c: reading usage logs (issue #16) against hand-computed figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sy-usage-log.h"

static SyUsageReport *
read_fixture (const char  *name,
              GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "usage", name, NULL);

  return sy_usage_log_read_file (path, NULL, NULL, NULL, NULL, error);
}

static const SyUsageModel *
find_model (const SyUsageReport *report,
            const char          *name)
{
  for (guint i = 0; i < report->models->len; i++)
    {
      const SyUsageModel *model = g_ptr_array_index (report->models, i);

      if (g_strcmp0 (model->name, name) == 0)
        return model;
    }
  g_assert_not_reached ();
}

static const SyUsageBadRow *
bad_row (const SyUsageReport *report,
         guint                index)
{
  g_assert_cmpuint (index, <, report->bad_rows->len);
  return g_ptr_array_index (report->bad_rows, index);
}

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time);
}

static void
test_parse_time (void)
{
  gint64 t = 0;

  g_assert_true (sy_usage_parse_time ("2024-06-01T20:30:00-05:00", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 2, 1, 30));
  g_assert_true (sy_usage_parse_time ("2024-06-03T01:30:00+05:00", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 2, 20, 30));
  g_assert_true (sy_usage_parse_time ("2024-06-01T09:10:00.999Z", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 1, 9, 10));
  /* No offset: UTC, as LiteLLM stores its times. */
  g_assert_true (sy_usage_parse_time (" 2024-06-02 12:00:00 ", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 2, 12, 0));
  g_assert_true (sy_usage_parse_time ("1717372800", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 3, 0, 0));
  g_assert_true (sy_usage_parse_time ("1717372800.75", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 3, 0, 0));
  g_assert_true (sy_usage_parse_time ("1717372800123", &t));
  g_assert_cmpint (t, ==, utc (2024, 6, 3, 0, 0));

  t = 42;
  g_assert_false (sy_usage_parse_time ("2024-06-01", &t));
  g_assert_false (sy_usage_parse_time ("06/02/2024 19:00", &t));
  g_assert_false (sy_usage_parse_time ("yesterday", &t));
  g_assert_false (sy_usage_parse_time ("", &t));
  g_assert_false (sy_usage_parse_time ("1.2.3", &t));
  g_assert_false (sy_usage_parse_time ("99999999999999999999", &t));
  g_assert_cmpint (t, ==, 42);
}

/* 21 rows: the 95th percentile is the value at rank ceil (0.95 × 21) = 20,
 * the second largest, not the largest. */
static void
test_percentiles_and_peak (void)
{
  g_autoptr(SyUsageStats) stats = sy_usage_stats_new ();
  g_autoptr(SyUsageReport) report = NULL;
  static const guint32 inputs[] = { 5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 500, 20 };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      /* 6 rows in 2024-06-01 08:00–08:59, the rest one an hour on 06-02. */
      SyUsageRow row = {
        .time = i < 6 ? utc (2024, 6, 1, 8, i * 5) : utc (2024, 6, 2, i - 6, 0),
        .model = i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini",
        .input_tokens = inputs[i],
        .output_tokens = i < 20 ? 100 : 7,
        .spend_usd = -1,
      };

      g_assert_true (sy_usage_stats_add_row (stats, &row));
    }

  report = sy_usage_stats_report (stats, SY_USAGE_FORMAT_CSV, NULL);
  g_assert_cmpuint (report->records, ==, 21);
  g_assert_cmpuint (report->days, ==, 2);
  g_assert_cmpfloat_with_epsilon (report->requests_per_day, 10.5, 1e-12);
  g_assert_cmpuint (report->input_tokens_p95, ==, 20);
  g_assert_cmpuint (report->output_tokens_p95, ==, 100);
  /* (1 + … + 20 + 500) / 21 */
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 710.0 / 21, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->output_tokens_mean, 2007.0 / 21, 1e-9);
  /* 6 in the busiest hour ÷ (21 ÷ (2 × 24)) */
  g_assert_cmpuint (report->peak_hour_requests, ==, 6);
  g_assert_cmpint (report->peak_hour, ==, utc (2024, 6, 1, 8, 0));
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 6 * 48.0 / 21, 1e-12);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o")->share, 7.0 / 21, 1e-12);
  g_assert_cmpfloat (report->spend_usd, <, 0);
}

static void
test_litellm_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = read_fixture ("litellm.jsonl", &error);
  const SyUsageModel *model;

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, SY_USAGE_FORMAT_LITELLM);
  g_assert_cmpuint (report->records, ==, 10);
  /* 06-01, 06-02 (with 20:30 on 06-01 at −05:00), 06-03 */
  g_assert_cmpuint (report->days, ==, 3);
  g_assert_cmpfloat_with_epsilon (report->requests_per_day, 10.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 550, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->output_tokens_mean, 245, 1e-12);
  /* ceil (0.95 × 10) = 10: the largest. */
  g_assert_cmpuint (report->input_tokens_p95, ==, 1000);
  g_assert_cmpuint (report->output_tokens_p95, ==, 2000);
  /* 09:10, 09:20, 09:40 on 06-01: 3 ÷ (10 ÷ 72) */
  g_assert_cmpuint (report->peak_hour_requests, ==, 3);
  g_assert_cmpint (report->peak_hour, ==, utc (2024, 6, 1, 9, 0));
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 21.6, 1e-12);
  g_assert_cmpint (report->first_time, ==, utc (2024, 6, 1, 9, 10));
  g_assert_cmpint (report->last_time, ==, utc (2024, 6, 3, 10, 5));

  g_assert_cmpuint (report->models->len, ==, 5);
  model = g_ptr_array_index (report->models, 0);
  g_assert_cmpstr (model->name, ==, "gpt-4o-mini");
  g_assert_cmpuint (model->requests, ==, 6);
  g_assert_cmpfloat_with_epsilon (model->share, 0.6, 1e-12);
  g_assert_cmpuint (model->input_tokens, ==, 3000);
  g_assert_cmpuint (model->output_tokens, ==, 2200);
  /* 3000 × $0.15 + 2200 × $0.60 per 1M; the log agrees. */
  g_assert_cmpfloat_with_epsilon (model->priced_usd, 0.00177, 1e-12);
  g_assert_cmpfloat_with_epsilon (model->spend_usd, 0.00177, 1e-12);
  /* The log charged twice the table's price: a wrong price shows. */
  model = find_model (report, "gpt-4o");
  g_assert_cmpfloat_with_epsilon (model->priced_usd, 0.00105, 1e-12);
  g_assert_cmpfloat_with_epsilon (model->spend_usd, 0.0021, 1e-12);
  /* Provider prefix and snapshot date dropped for the price only. */
  model = find_model (report, "openai/gpt-4o-mini-2024-07-18");
  g_assert_cmpfloat_with_epsilon (model->priced_usd, 0.000168, 1e-12);
  model = find_model (report, "my-finetune");
  g_assert_cmpfloat (model->priced_usd, <, 0);
  g_assert_cmpfloat_with_epsilon (model->spend_usd, 0.5, 1e-12);

  g_assert_cmpfloat_with_epsilon (report->spend_usd, 0.506288, 1e-12);
  g_assert_cmpuint (report->spend_records, ==, 10);
  g_assert_cmpfloat_with_epsilon (report->priced_usd, 0.005238, 1e-12);
  g_assert_cmpuint (report->unpriced_records, ==, 1);
  /* Compared over the 9 priced rows only: 0.006288 in the log. */
  g_assert_cmpuint (report->check_records, ==, 9);
  g_assert_cmpfloat_with_epsilon (report->check_spend_usd, 0.006288, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->check_priced_usd, 0.005238, 1e-12);

  g_assert_cmpuint (report->n_bad_rows, ==, 3);
  g_assert_cmpuint (bad_row (report, 0)->line, ==, 3);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "not valid JSON");
  g_assert_cmpuint (bad_row (report, 1)->line, ==, 9);
  g_assert_cmpstr (bad_row (report, 1)->reason, ==, "“completion_tokens” is missing or not a number");
  g_assert_cmpuint (bad_row (report, 2)->line, ==, 12);
  g_assert_cmpstr (bad_row (report, 2)->reason, ==, "“yesterday” is not a time");
}

static void
test_litellm_array (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = read_fixture ("litellm-array.json", &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, SY_USAGE_FORMAT_LITELLM);
  g_assert_cmpuint (report->records, ==, 10);
  g_assert_cmpuint (report->days, ==, 3);
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 550, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 21.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->priced_usd, 0.005238, 1e-12);

  /* The element 42, and the record without completion_tokens, each named
   * by the line it starts on in the pretty-printed array. */
  g_assert_cmpuint (report->n_bad_rows, ==, 2);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "not a JSON object");
  g_assert_cmpuint (bad_row (report, 0)->line, ==, 92);
  g_assert_cmpstr (bad_row (report, 1)->reason, ==, "“completion_tokens” is missing or not a number");
}

static void
test_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = read_fixture ("usage.csv", &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, SY_USAGE_FORMAT_CSV);
  g_assert_cmpstr (report->columns[SY_USAGE_COLUMN_TIME], ==, "Time");
  g_assert_cmpstr (report->columns[SY_USAGE_COLUMN_MODEL], ==, "Model Name");
  g_assert_cmpstr (report->columns[SY_USAGE_COLUMN_INPUT], ==, "Prompt Tokens");
  g_assert_cmpstr (report->columns[SY_USAGE_COLUMN_OUTPUT], ==, "Completion Tokens");
  g_assert_cmpstr (report->columns[SY_USAGE_COLUMN_SPEND], ==, "Cost (USD)");

  g_assert_cmpuint (report->records, ==, 20);
  /* 2024-06-03T01:30+05:00 is 06-02 20:30 UTC: two days, not three. */
  g_assert_cmpuint (report->days, ==, 2);
  g_assert_cmpfloat_with_epsilon (report->requests_per_day, 10, 1e-12);
  /* Inputs 10, 20, … 200: mean 105, rank ceil (0.95 × 20) = 19 → 190. */
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 105, 1e-12);
  g_assert_cmpuint (report->input_tokens_p95, ==, 190);
  /* Outputs nineteen 5s and one 1000: the one outlier is above rank 19. */
  g_assert_cmpfloat_with_epsilon (report->output_tokens_mean, 54.75, 1e-12);
  g_assert_cmpuint (report->output_tokens_p95, ==, 5);
  /* 5 requests in 06-01 14:00 ÷ (20 ÷ 48) */
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 12, 1e-12);
  g_assert_cmpint (report->peak_hour, ==, utc (2024, 6, 1, 14, 0));

  g_assert_cmpuint (report->models->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o-mini")->share, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o")->share, 0.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->spend_usd, 0.000025, 1e-12);
  g_assert_cmpuint (report->spend_records, ==, 5);
  /* Like with like: the table's price for those 5 rows only. */
  g_assert_cmpuint (report->check_records, ==, 5);
  g_assert_cmpfloat_with_epsilon (report->check_spend_usd, 0.000025, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->check_priced_usd, 0.0000375, 1e-12);
  g_assert_cmpuint (find_model (report, "gpt-4o-mini")->spend_records, ==, 5);

  g_assert_cmpuint (report->n_bad_rows, ==, 4);
  g_assert_cmpuint (bad_row (report, 0)->line, ==, 8);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "a quote that does not close");
  g_assert_cmpuint (bad_row (report, 1)->line, ==, 13);
  g_assert_cmpstr (bad_row (report, 1)->reason, ==, "3 fields where the header has 5");
  g_assert_cmpuint (bad_row (report, 2)->line, ==, 18);
  g_assert_cmpstr (bad_row (report, 2)->reason, ==, "“ten” is not a number of input tokens");
  g_assert_cmpuint (bad_row (report, 3)->line, ==, 25);
  g_assert_cmpstr (bad_row (report, 3)->reason, ==, "“06/02/2024 19:00” is not a time");
}

static void
test_pilot (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = read_fixture ("pilot.jsonl", &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, SY_USAGE_FORMAT_PILOT);
  /* The rating line is not a request; the record where both failed is bad. */
  g_assert_cmpuint (report->records, ==, 3);
  g_assert_cmpuint (report->days, ==, 2);
  /* API counts where the API answered (60, 80), local where it failed (70). */
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 70, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->output_tokens_mean, 140, 1e-12);
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 2 * 48.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o-mini")->share, 2.0 / 3, 1e-12);
  g_assert_cmpfloat (find_model (report, "llama3.1:8b")->priced_usd, <, 0);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o-mini")->priced_usd, 0.000189, 1e-12);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o-mini")->spend_usd, 0.000189, 1e-12);
  g_assert_cmpuint (report->n_bad_rows, ==, 1);
  g_assert_cmpuint (bad_row (report, 0)->line, ==, 5);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "no reply completed");
}

static void
test_unusable (void)
{
  static const struct { const char *name; int code; } cases[] = {
    { "empty.csv", SY_USAGE_ERROR_EMPTY },
    { "blank.jsonl", SY_USAGE_ERROR_EMPTY },
    { "header-only.csv", SY_USAGE_ERROR_NO_RECORDS },
    { "no-tokens.csv", SY_USAGE_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SyUsageReport) report = read_fixture (cases[i].name, &error);

      g_test_message ("%s", cases[i].name);
      g_assert_null (report);
      g_assert_error (error, SY_USAGE_ERROR, cases[i].code);
    }
}

static SyUsageReport *
read_text (const char  *text,
           GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);

  return sy_usage_log_read (stream, strlen (text), NULL, NULL, NULL, NULL, error);
}

static void
test_all_bad (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyUsageReport) report = NULL;

  report = read_text ("{\"startTime\": \"2024-06-01T00:00:00Z\", \"model\": \"x\"}\n[1]\n", &error);
  g_assert_null (report);
  g_assert_error (error, SY_USAGE_ERROR, SY_USAGE_ERROR_NO_RECORDS);
  g_assert_nonnull (strstr (error->message, "2 bad rows, the first on line 1: “prompt_tokens” is missing"));
  g_clear_error (&error);

  /* Members of the wrong kind are bad rows, not criticals. */
  report = read_text ("{\"startTime\": 1717372800, \"model\": {\"a\": 1}, \"prompt_tokens\": 1, \"completion_tokens\": 2}\n"
                      "{\"startTime\": [1], \"model\": \"m\", \"prompt_tokens\": 1, \"completion_tokens\": 2}\n"
                      "{\"startTime\": 1717372800, \"model\": \"m\", \"prompt_tokens\": \"1\", \"completion_tokens\": 2}\n"
                      "{\"startTime\": 1717372800, \"model\": \"m\", \"prompt_tokens\": 1, \"completion_tokens\": 2, \"spend\": \"0.1\"}\n"
                      "{\"startTime\": 1717372800, \"model\": \"m\", \"prompt_tokens\": 1, \"completion_tokens\": 2, \"spend\": null}\n",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1);
  g_assert_cmpint (report->first_time, ==, utc (2024, 6, 3, 0, 0));
  g_assert_cmpuint (report->n_bad_rows, ==, 4);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "“model” is missing or empty");
  g_assert_cmpstr (bad_row (report, 1)->reason, ==, "“startTime” is missing or not a time");
  g_assert_cmpstr (bad_row (report, 2)->reason, ==, "“prompt_tokens” is missing or not a number");
  g_assert_cmpstr (bad_row (report, 3)->reason, ==, "“spend” is not an amount");
  g_clear_pointer (&report, sy_usage_report_free);

  /* An array that never ends: the element cut off is bad, not guessed. */
  report = read_text ("[{\"startTime\": \"2024-06-01T00:00:00Z\", \"model\": \"x\", \"prompt_tokens\": 1, "
                      "\"completion_tokens\": 2}, {\"startTime\": \"2024-06-01T01:00:00Z\", \"model\": \"x\", "
                      "\"prompt_tokens\": 1, \"completion_tokens\":", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1);
  g_assert_cmpuint (report->n_bad_rows, ==, 1);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "cut off: the JSON array does not end");
  g_clear_pointer (&report, sy_usage_report_free);

  /* Negative, fractional and huge token counts, a negative spend. */
  report = read_text ("timestamp,model,input,output,spend\n"
                      "2024-06-01T00:00:00Z,m,-1,2,\n"
                      "2024-06-01T00:00:00Z,m,1.5,2,\n"
                      "2024-06-01T00:00:00Z,m,99999999999,2,\n"
                      "2024-06-01T00:00:00Z,m,1,2,-0.5\n"
                      "2024-06-01T00:00:00Z,,1,2,\n"
                      "2024-06-01T00:00:00Z,m,1,2,0.5\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1);
  g_assert_cmpuint (report->n_bad_rows, ==, 5);
  g_assert_cmpstr (bad_row (report, 4)->reason, ==, "the model is empty");
}

typedef struct
{
  guint         calls;
  guint64       last;
  guint64       total;
  GCancellable *cancel_at_half;
} Progress;

static void
on_progress_cb (guint64  bytes_read,
                guint64  total_bytes,
                gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (bytes_read, >, progress->last);
  g_assert_cmpuint (bytes_read, <=, total_bytes);
  progress->calls++;
  progress->last = bytes_read;
  progress->total = total_bytes;
  if (progress->cancel_at_half != NULL && bytes_read * 2 >= total_bytes)
    g_cancellable_cancel (progress->cancel_at_half);
}

/* 200,000 generated rows: input i mod 1000 (each value 200 times, mean
 * 499.5, rank 190,000 → 949), output 42; one row every 13 seconds. */
static void
test_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-usage-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GString) text = g_string_new ("timestamp,model,input_tokens,output_tokens\n");
  g_autoptr(SyUsageReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { 0 };
  gint64 start = utc (2024, 6, 1, 0, 0);

  g_assert_no_error (error);
  path = g_build_filename (dir, "large.csv", NULL);
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "%" G_GINT64_FORMAT ",%s,%u,42\n", start + i * 13,
                            i % 4 == 0 ? "gpt-4o" : "gpt-4o-mini", i % 1000);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));

  report = sy_usage_log_read_file (path, NULL, on_progress_cb, &progress, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 200000);
  g_assert_cmpfloat_with_epsilon (report->input_tokens_mean, 499.5, 1e-9);
  g_assert_cmpuint (report->input_tokens_p95, ==, 949);
  g_assert_cmpuint (report->output_tokens_p95, ==, 42);
  /* 200,000 × 13 s = 30.09 days from midnight: 31 calendar days; every
   * full hour holds ceil or floor of 3600 ÷ 13 = 276.9 rows. */
  g_assert_cmpuint (report->days, ==, 31);
  g_assert_cmpuint (report->peak_hour_requests, ==, 277);
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 277 * 31 * 24.0 / 200000, 1e-12);
  g_assert_cmpfloat_with_epsilon (find_model (report, "gpt-4o")->share, 0.25, 1e-12);
  g_assert_cmpuint (progress.calls, >, 50);
  g_assert_cmpuint (progress.last, ==, text->len);
  g_assert_cmpuint (progress.total, ==, text->len);
  g_clear_pointer (&report, sy_usage_report_free);

  /* Cancelled halfway: an error, no figures from half a file. */
  progress = (Progress) { .cancel_at_half = cancellable };
  report = sy_usage_log_read_file (path, NULL, on_progress_cb, &progress, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.last, <, text->len);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* A log far bigger than what reading it may hold: 1,000,000 rows (about
 * 28 MB) written line by line, so nothing of it is in memory before, and
 * read with the peak resident size growing by less than a third of the
 * file (the histograms hold 1,000 distinct counts, the hours 24 × 44
 * days). A reader that kept the file or the rows would grow by the file
 * at least. AddressSanitizer keeps freed memory in quarantine and inflates
 * the figure, so there the check is skipped. */
static void
test_bounded_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("switchyard-usage-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(SyUsageReport) report = NULL;
  gint64 start = utc (2024, 6, 1, 0, 0);
  long before;
  gint64 size;
  FILE *file;

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer's quarantine inflates the resident size");
  return;
#endif

  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.csv", NULL);
  file = fopen (path, "w");
  g_assert_nonnull (file);
  fputs ("timestamp,model,input_tokens,output_tokens\n", file);
  for (guint i = 0; i < 1000000; i++)
    fprintf (file, "%" G_GINT64_FORMAT ",%s,%u,%u\n", start + (gint64) (i * 3.7),
             i % 3 == 0 ? "gpt-4o" : "gpt-4o-mini", 100 + i % 1000, 40 + i % 7);
  g_assert_cmpint (fclose (file), ==, 0);
  {
    GStatBuf info;

    g_assert_cmpint (g_stat (path, &info), ==, 0);
    size = info.st_size;
  }

  before = peak_rss_kb ();
  report = sy_usage_log_read_file (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1000000);
  g_test_message ("peak RSS grew by %ld kB reading %" G_GINT64_FORMAT " kB", peak_rss_kb () - before, size / 1024);
  g_assert_cmpint ((peak_rss_kb () - before) * 1024, <, size / 3);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* One line longer than SY_USAGE_MAX_RECORD_BYTES is one bad row; the rows
 * after it still count. */
static void
test_long_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("{\"startTime\": \"2024-06-01T00:00:00Z\", \"model\": \"m\", \"prompt_tokens\": 1, \"completion_tokens\": 2, \"messages\": \"");
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SyUsageReport) report = NULL;

  for (gsize i = 0; i < SY_USAGE_MAX_RECORD_BYTES / 64 + 1; i++)
    g_string_append (text, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_string_append (text, "\"}\n{\"startTime\": \"2024-06-01T00:00:00Z\", \"model\": \"m\", \"prompt_tokens\": 3, \"completion_tokens\": 4}\n");

  stream = g_memory_input_stream_new_from_data (text->str, text->len, NULL);
  report = sy_usage_log_read (stream, text->len, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 1);
  g_assert_cmpuint (report->input_tokens_p95, ==, 3);
  g_assert_cmpuint (report->n_bad_rows, ==, 1);
  g_assert_cmpuint (bad_row (report, 0)->line, ==, 1);
  g_assert_cmpstr (bad_row (report, 0)->reason, ==, "longer than 16 MiB");
}

typedef struct
{
  guint          calls;
  guint64        last;
  GThread       *thread;
  GAsyncResult  *result;
} AsyncRun;

static void
on_async_progress_cb (guint64  bytes_read,
                      guint64  total_bytes,
                      gpointer user_data)
{
  AsyncRun *run = user_data;

  /* In the caller's thread, where a window may touch its widgets. */
  g_assert_true (g_thread_self () == run->thread);
  g_assert_null (run->result);
  g_assert_cmpuint (bytes_read, >=, run->last);
  g_assert_cmpuint (bytes_read, <=, total_bytes);
  run->calls++;
  run->last = bytes_read;
}

static void
on_async_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->result = g_object_ref (result);
}

static void
test_async (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "usage", "usage.csv", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SyUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun run = { .thread = g_thread_self () };

  sy_usage_log_read_file_async (path, on_async_progress_cb, &run, NULL, on_async_done_cb, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = sy_usage_log_read_file_finish (run.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->records, ==, 20);
  g_assert_cmpfloat_with_epsilon (report->peak_factor, 12, 1e-12);
  /* The last chunk's update always comes (the file is one chunk). */
  g_assert_cmpuint (run.calls, ==, 1);
  g_clear_object (&run.result);

  /* Cancelled before it starts: the cancellation, no report. */
  g_cancellable_cancel (cancellable);
  run = (AsyncRun) { .thread = g_thread_self () };
  sy_usage_log_read_file_async (path, on_async_progress_cb, &run, cancellable, on_async_done_cb, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (sy_usage_log_read_file_finish (run.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&run.result);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usage/parse-time", test_parse_time);
  g_test_add_func ("/usage/percentiles-and-peak", test_percentiles_and_peak);
  g_test_add_func ("/usage/litellm-lines", test_litellm_lines);
  g_test_add_func ("/usage/litellm-array", test_litellm_array);
  g_test_add_func ("/usage/csv", test_csv);
  g_test_add_func ("/usage/pilot", test_pilot);
  g_test_add_func ("/usage/unusable", test_unusable);
  g_test_add_func ("/usage/all-bad", test_all_bad);
  g_test_add_func ("/usage/large", test_large);
  g_test_add_func ("/usage/bounded-memory", test_bounded_memory);
  g_test_add_func ("/usage/long-line", test_long_line);
  g_test_add_func ("/usage/async", test_async);

  return g_test_run ();
}
