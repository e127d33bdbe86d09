/* test-pilot.c: pilot records, log, summary, CSV, "use these numbers" and
 * an end-to-end compare against two loopback servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sy-ollama-backend.h"
#include "sy-openai-backend.h"
#include "sy-pilot-runner.h"
#include "sy-pilot.h"

#include "sy-test-utils.h"

/* Structured logging bypasses g_test_expect_message(): the warnings the
 * log is expected to give are caught here, any other stays fatal. */
static GPtrArray *skipped_warnings;

static GLogWriterOutput
skip_writer (GLogLevelFlags   level,
             const GLogField *fields,
             gsize            n_fields,
             gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        (level & G_LOG_LEVEL_WARNING) && g_str_has_prefix (fields[i].value, "Skipped line "))
      {
        g_ptr_array_add (skipped_warnings, g_strdup (fields[i].value));
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Hand-made records ---------------------------------------------------------- */

static SyPilotRecord *
make_record (const char    *prompt,
             double         local_ttft,
             double         api_ttft,
             SyPilotRating  rating)
{
  SyPilotRecord *record = sy_pilot_record_new (prompt);
  SyPilotReply *local = &record->replies[SY_ROUTE_BACKEND_LOCAL];
  SyPilotReply *api = &record->replies[SY_ROUTE_BACKEND_API];

  local->sent = TRUE;
  local->kind = g_strdup ("ollama");
  local->model = g_strdup ("llama3.1:8b");
  local->time_to_first_token = local_ttft;
  local->total_time = local_ttft * 10;
  local->tokens_per_second = 50;
  local->prompt_tokens = 30;
  local->completion_tokens = 100;

  if (api_ttft >= 0)
    {
      api->sent = TRUE;
      api->kind = g_strdup ("openai");
      api->model = g_strdup ("gpt-4o-mini");
      api->time_to_first_token = api_ttft;
      api->total_time = api_ttft * 4;
      api->tokens_per_second = 80;
      api->prompt_tokens = 20;
      api->completion_tokens = 200;
      api->cost_usd = (20 * 0.15 + 200 * 0.60) / 1e6;
    }

  record->rating = rating;
  return record;
}

static void
test_percentile (void)
{
  double values[20];
  double four[] = { 0.4, 0.1, 0.3, 0.2 };
  double one[] = { 7 };

  /* Shuffled on purpose: the function sorts. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = (i * 7) % 20 + 1;

  /* Nearest rank: ceil (p/100 × n). 20 values: median rank 10, p95 rank 19. */
  g_assert_cmpfloat (sy_pilot_percentile (values, 20, 50), ==, 10);
  g_assert_cmpfloat (sy_pilot_percentile (values, 20, 95), ==, 19);
  g_assert_cmpfloat (sy_pilot_percentile (values, 20, 100), ==, 20);
  g_assert_cmpfloat (sy_pilot_percentile (values, 20, 0), ==, 1);
  /* Even count: the lower middle value. */
  g_assert_cmpfloat (sy_pilot_percentile (four, 4, 50), ==, 0.2);
  g_assert_cmpfloat (sy_pilot_percentile (four, 4, 95), ==, 0.4);
  g_assert_cmpfloat (sy_pilot_percentile (one, 1, 95), ==, 7);
  g_assert_cmpfloat (sy_pilot_percentile (NULL, 0, 50), ==, -1);
}

static void
test_summary (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_autoptr(SyPilotSummary) summary = NULL;
  SyPilotRecord *failed;
  const SyPilotSideSummary *local, *api;

  g_ptr_array_add (records, make_record ("a", 0.4, 0.8, SY_PILOT_RATING_A));
  g_ptr_array_add (records, make_record ("b", 0.1, 0.5, SY_PILOT_RATING_B));
  g_ptr_array_add (records, make_record ("c", 0.3, 0.7, SY_PILOT_RATING_TIE));
  g_ptr_array_add (records, make_record ("d", 0.2, 0.6, SY_PILOT_RATING_TIE));
  /* Outside the shadow share: local only, not rated. */
  g_ptr_array_add (records, make_record ("e", 0.5, -1, SY_PILOT_RATING_NONE));
  /* An API failure counts as sent and failed, not in the figures. */
  failed = make_record ("f", 0.6, 0.9, SY_PILOT_RATING_NONE);
  failed->replies[SY_ROUTE_BACKEND_API].error = g_strdup ("429 Too Many Requests");
  g_ptr_array_add (records, failed);

  summary = sy_pilot_summary_new (records, NULL);
  local = &summary->sides[SY_ROUTE_BACKEND_LOCAL];
  api = &summary->sides[SY_ROUTE_BACKEND_API];

  g_assert_cmpuint (summary->n_prompts, ==, 6);
  g_assert_cmpuint (summary->n_both, ==, 5);
  g_assert_cmpuint (local->n_sent, ==, 6);
  g_assert_cmpuint (local->n_completed, ==, 6);
  g_assert_cmpuint (api->n_sent, ==, 5);
  g_assert_cmpuint (api->n_completed, ==, 4);
  g_assert_cmpuint (api->n_errors, ==, 1);
  g_assert_cmpstr (api->model, ==, "gpt-4o-mini");

  /* Local TTFTs 0.1…0.6: median rank 3 → 0.3, p95 rank 6 → 0.6. */
  g_assert_cmpfloat_with_epsilon (local->ttft_median, 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (local->ttft_p95, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (local->total_median, 3.0, 1e-12);
  /* API TTFTs 0.5…0.8 (the failure left out): median rank 2 → 0.6. */
  g_assert_cmpfloat_with_epsilon (api->ttft_median, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (api->ttft_p95, 0.8, 1e-12);
  g_assert_cmpfloat_with_epsilon (api->total_p95, 3.2, 1e-12);

  g_assert_cmpfloat_with_epsilon (local->mean_tokens_per_second, 50, 1e-12);
  g_assert_cmpfloat_with_epsilon (api->mean_input_tokens, 20, 1e-12);
  g_assert_cmpfloat_with_epsilon (api->mean_output_tokens, 200, 1e-12);
  g_assert_cmpfloat_with_epsilon (local->cost_per_1000_usd, 0, 1e-12);
  g_assert_cmpfloat_with_epsilon (api->cost_per_1000_usd, 1000 * (20 * 0.15 + 200 * 0.60) / 1e6, 1e-12);
  /* "Use these numbers" takes the API's token counts. */
  g_assert_cmpfloat (summary->mean_input_tokens, ==, 20);
  g_assert_cmpfloat (summary->mean_output_tokens, ==, 200);

  /* A, B, tie, tie: SPEC §5, (1 + 2) / 4 as good or better. */
  g_assert_cmpuint (summary->quality.n_rated, ==, 4);
  g_assert_cmpuint (summary->quality.n_local_wins, ==, 1);
  g_assert_cmpuint (summary->quality.n_api_wins, ==, 1);
  g_assert_cmpuint (summary->quality.n_ties, ==, 2);
  g_assert_cmpfloat_with_epsilon (summary->quality.retained, 0.75, 1e-12);
  g_assert_true (sy_pilot_quality_is_wide (&summary->quality));

  /* B, B, tie, tie → 2 / 4. */
  ((SyPilotRecord *) g_ptr_array_index (records, 0))->rating = SY_PILOT_RATING_B;
  g_clear_pointer (&summary, sy_pilot_summary_free);
  summary = sy_pilot_summary_new (records, NULL);
  g_assert_cmpfloat_with_epsilon (summary->quality.retained, 0.5, 1e-12);

  /* Nothing at all. */
  g_ptr_array_set_size (records, 0);
  g_clear_pointer (&summary, sy_pilot_summary_free);
  summary = sy_pilot_summary_new (records, NULL);
  g_assert_cmpuint (summary->n_prompts, ==, 0);
  g_assert_cmpfloat (summary->quality.retained, ==, -1);
  g_assert_cmpfloat (summary->quality.low, ==, -1);
  g_assert_false (sy_pilot_quality_is_wide (&summary->quality));
  g_assert_cmpuint (summary->columns->len, ==, 0);
  g_assert_cmpfloat (summary->mean_input_tokens, ==, -1);
  g_assert_cmpfloat (summary->sides[0].ttft_median, ==, -1);
}


static GPtrArray *
make_rated (guint local_wins,
            guint ties,
            guint api_wins)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);

  for (guint i = 0; i < local_wins + ties + api_wins; i++)
    g_ptr_array_add (records, make_record ("Explain the trade-offs of this design in detail please",
                                           0.1, 0.2,
                                           i < local_wins ? SY_PILOT_RATING_A :
                                           i < local_wins + ties ? SY_PILOT_RATING_TIE : SY_PILOT_RATING_B));
  return records;
}

/* SPEC §5's golden values. */
static void
test_quality_retained (void)
{
  g_autoptr(GPtrArray) forty = make_rated (18, 10, 12);
  g_autoptr(GPtrArray) ten = make_rated (9, 0, 1);
  g_autoptr(GPtrArray) thirty = make_rated (20, 5, 5);
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *note = NULL;
  double low, high;

  /* 18 wins, 10 ties, 12 losses → 70 % (54.6 %–81.9 %). */
  summary = sy_pilot_summary_new (forty, NULL);
  g_assert_cmpuint (summary->quality.n_rated, ==, 40);
  g_assert_cmpfloat_with_epsilon (summary->quality.retained, 0.70, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary->quality.low, 0.546, 0.0005);
  g_assert_cmpfloat_with_epsilon (summary->quality.high, 0.819, 0.0005);
  shown = sy_pilot_quality_format (&summary->quality);
  g_assert_cmpstr (shown, ==, "70% (54.6%–81.9%)");
  g_assert_false (sy_pilot_quality_is_wide (&summary->quality));
  g_assert_null (sy_pilot_quality_dup_note (&summary->quality));
  g_clear_pointer (&shown, g_free);
  g_clear_pointer (&summary, sy_pilot_summary_free);

  /* 9 of 10 → 90 % (59.6 %–98.2 %), and under 30 ratings: wide. */
  summary = sy_pilot_summary_new (ten, NULL);
  shown = sy_pilot_quality_format (&summary->quality);
  g_assert_cmpstr (shown, ==, "90% (59.6%–98.2%)");
  g_assert_true (sy_pilot_quality_is_wide (&summary->quality));
  note = sy_pilot_quality_dup_note (&summary->quality);
  g_assert_nonnull (strstr (note, "wide"));
  g_assert_nonnull (strstr (note, "10 ratings"));
  g_clear_pointer (&summary, sy_pilot_summary_free);

  /* Exactly 30 is enough. */
  summary = sy_pilot_summary_new (thirty, NULL);
  g_assert_false (sy_pilot_quality_is_wide (&summary->quality));

  /* The bounds stay in [0, 1] at the extremes. */
  g_assert_true (sy_pilot_wilson_interval (5, 5, &low, &high));
  g_assert_cmpfloat (high, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (low, 0.566, 0.0005);
  g_assert_true (sy_pilot_wilson_interval (0, 5, &low, &high));
  g_assert_cmpfloat (low, ==, 0.0);
  g_assert_false (sy_pilot_wilson_interval (0, 0, &low, &high));
  g_assert_cmpfloat (low, ==, -1);
}

/* A gpt-4o-mini run and a gpt-4o run keep a column each. */
static void
test_columns (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(SyPilotSummary) copy = NULL;
  const SyPilotSideSummary *local, *mini, *big;
  SyPilotRecord *record;

  g_ptr_array_add (records, make_record ("one", 0.1, 0.5, SY_PILOT_RATING_NONE));
  g_ptr_array_add (records, make_record ("two", 0.1, 0.7, SY_PILOT_RATING_NONE));
  record = make_record ("three", 0.1, 1.5, SY_PILOT_RATING_NONE);
  g_free (record->replies[SY_ROUTE_BACKEND_API].model);
  record->replies[SY_ROUTE_BACKEND_API].model = g_strdup ("gpt-4o");
  record->replies[SY_ROUTE_BACKEND_API].cost_usd = 0.01;
  g_ptr_array_add (records, record);

  summary = sy_pilot_summary_new (records, NULL);
  g_assert_cmpuint (summary->columns->len, ==, 3);
  local = g_ptr_array_index (summary->columns, 0);
  mini = g_ptr_array_index (summary->columns, 1);
  big = g_ptr_array_index (summary->columns, 2);

  g_assert_cmpint (local->backend, ==, SY_ROUTE_BACKEND_LOCAL);
  g_assert_cmpstr (local->model, ==, "llama3.1:8b");
  g_assert_cmpuint (local->n_completed, ==, 3);

  g_assert_cmpint (mini->backend, ==, SY_ROUTE_BACKEND_API);
  g_assert_cmpstr (mini->model, ==, "gpt-4o-mini");
  g_assert_cmpuint (mini->n_sent, ==, 2);
  /* 0.5 and 0.7: nearest-rank median 0.5, not pooled with gpt-4o's 1.5. */
  g_assert_cmpfloat_with_epsilon (mini->ttft_median, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (mini->ttft_p95, 0.7, 1e-12);

  g_assert_cmpint (big->backend, ==, SY_ROUTE_BACKEND_API);
  g_assert_cmpstr (big->model, ==, "gpt-4o");
  g_assert_cmpuint (big->n_sent, ==, 1);
  g_assert_cmpfloat_with_epsilon (big->ttft_median, 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (big->cost_per_1000_usd, 10, 1e-9);

  /* The pooled side still counts all three API replies. */
  g_assert_cmpuint (summary->sides[SY_ROUTE_BACKEND_API].n_sent, ==, 3);

  copy = sy_pilot_summary_copy (summary);
  g_assert_cmpuint (copy->columns->len, ==, 3);
  g_assert_cmpstr (((SyPilotSideSummary *) g_ptr_array_index (copy->columns, 2))->model, ==, "gpt-4o");
}

/* Ratings split by the routing class the rules give each prompt. */
static void
test_classes (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(SyPilotSummary) moved = NULL;
  g_autoptr(SyRouter) router = sy_router_new ();
  const char *simple = "What is the capital of France?";
  const char *complex = "Please analyze this contract clause by clause and explain each risk in depth";
  const char * const other_keywords[] = { "zebra", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sy_router_classify (router, simple), ==, SY_ROUTE_CLASS_SIMPLE);
  g_assert_cmpint (sy_router_classify (router, complex), ==, SY_ROUTE_CLASS_COMPLEX);

  /* Simple: 9 of 10 as good; complex: 1 win, 3 losses; one unrated. */
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (records, make_record (simple, 0.1, 0.2, i < 8 ? SY_PILOT_RATING_A :
                                                             i < 9 ? SY_PILOT_RATING_TIE : SY_PILOT_RATING_B));
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (records, make_record (complex, 0.1, 0.2, i == 0 ? SY_PILOT_RATING_A : SY_PILOT_RATING_B));
  g_ptr_array_add (records, make_record (complex, 0.1, 0.2, SY_PILOT_RATING_NONE));

  summary = sy_pilot_summary_new (records, router);
  g_assert_cmpuint (summary->quality.n_rated, ==, 14);
  g_assert_cmpuint (summary->classes[SY_ROUTE_CLASS_SIMPLE].n_rated, ==, 10);
  g_assert_cmpfloat_with_epsilon (summary->classes[SY_ROUTE_CLASS_SIMPLE].retained, 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (summary->classes[SY_ROUTE_CLASS_SIMPLE].low, 0.596, 0.0005);
  g_assert_cmpfloat_with_epsilon (summary->classes[SY_ROUTE_CLASS_SIMPLE].high, 0.982, 0.0005);
  g_assert_cmpuint (summary->classes[SY_ROUTE_CLASS_COMPLEX].n_rated, ==, 4);
  g_assert_cmpuint (summary->classes[SY_ROUTE_CLASS_COMPLEX].n_api_wins, ==, 3);
  g_assert_cmpfloat_with_epsilon (summary->classes[SY_ROUTE_CLASS_COMPLEX].retained, 0.25, 1e-12);
  g_assert_cmpuint (summary->classes[SY_ROUTE_CLASS_MEDIUM].n_rated, ==, 0);
  g_assert_cmpfloat (summary->classes[SY_ROUTE_CLASS_MEDIUM].retained, ==, -1);

  /* The split follows the rules: without "what is" among the simple
   * keywords, the short question is medium. */
  g_assert_true (sy_router_set_keywords (router, SY_ROUTE_CLASS_SIMPLE, other_keywords, &error));
  g_assert_no_error (error);
  moved = sy_pilot_summary_new (records, router);
  g_assert_cmpuint (moved->classes[SY_ROUTE_CLASS_SIMPLE].n_rated, ==, 0);
  g_assert_cmpuint (moved->classes[SY_ROUTE_CLASS_MEDIUM].n_rated, ==, 10);
}

/* A line json-glib decodes into text that is not UTF-8, or with a member
 * of the wrong type, is refused with a message, never a critical. */
static void
test_bad_lines (void)
{
  g_autoptr(SyPilotRecord) good = make_record ("fine", 0.1, 0.2, SY_PILOT_RATING_TIE);
  g_autofree char *line = sy_pilot_record_to_json (good);
  g_autoptr(SyPilotRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken_prompt = NULL;
  g_autofree char *number_prompt = NULL;
  g_autofree char *bad_boolean = NULL;
  g_autofree char *reply_array = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SyPilotLog) log = NULL;
  char *at;

  back = sy_pilot_record_new_from_json (line, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->prompt, ==, "fine");
  g_clear_pointer (&back, sy_pilot_record_free);

  /* "prompt":"fine" → a lone low surrogate escape. */
  at = strstr (line, "\"prompt\":\"fine\"");
  g_assert_nonnull (at);
  broken_prompt = g_strdup_printf ("%.*s\"prompt\":\"x\\udc00y\"%s", (int) (at - line), line,
                                   at + strlen ("\"prompt\":\"fine\""));
  back = sy_pilot_record_new_from_json (broken_prompt, &error);
  g_assert_null (back);
  g_assert_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  number_prompt = g_strdup_printf ("%.*s\"prompt\":5%s", (int) (at - line), line,
                                   at + strlen ("\"prompt\":\"fine\""));
  back = sy_pilot_record_new_from_json (number_prompt, &error);
  g_assert_null (back);
  g_assert_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "“prompt”"));
  g_clear_error (&error);

  at = strstr (line, "\"usage_estimated\":false");
  g_assert_nonnull (at);
  bad_boolean = g_strdup_printf ("%.*s\"usage_estimated\":{}%s", (int) (at - line), line,
                                 at + strlen ("\"usage_estimated\":false"));
  back = sy_pilot_record_new_from_json (bad_boolean, &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "“usage_estimated”"));
  g_clear_error (&error);

  at = strstr (line, "\"local\":{");
  g_assert_nonnull (at);
  reply_array = g_strdup_printf ("%.*s\"local\":[1],\"unused\":{%s", (int) (at - line), line,
                                 at + strlen ("\"local\":{"));
  back = sy_pilot_record_new_from_json (reply_array, &error);
  g_assert_null (back);
  g_assert_nonnull (strstr (error->message, "“local”"));
  g_clear_error (&error);

  /* In a log: the bad lines are skipped with a warning naming each, the
   * good one loads. */
  dir = g_dir_make_tmp ("sy-pilot-bad-XXXXXX", NULL);
  path = g_build_filename (dir, "pilot.jsonl", NULL);
  contents = g_strjoin ("\n", broken_prompt, number_prompt, line, "", NULL);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  log = sy_pilot_log_new (path);
  g_ptr_array_set_size (skipped_warnings, 0);
  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 1);
  g_assert_cmpstr (((SyPilotRecord *) g_ptr_array_index (sy_pilot_log_get_records (log), 0))->prompt, ==, "fine");
  g_assert_cmpuint (skipped_warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (skipped_warnings, 0), "line 1"));
  g_assert_nonnull (strstr (g_ptr_array_index (skipped_warnings, 0), "UTF-8"));
  g_assert_nonnull (strstr (g_ptr_array_index (skipped_warnings, 1), "line 2"));
  g_ptr_array_set_size (skipped_warnings, 0);

  g_unlink (path);
  g_rmdir (dir);
}

static void
on_model_changed_cb (SyCostModel *model,
                     guint       *count)
{
  (*count)++;
}

static void
test_apply (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(SyPilotSummary) empty = NULL;
  SyCostModel *model = sy_cost_model_new (NULL);
  SyInferenceOption *local = sy_cost_model_find_option (model, "llama3.1-8b-rtx4090", NULL);
  SyPilotApplied applied;
  guint changes = 0;

  g_assert_nonnull (local);
  g_ptr_array_add (records, make_record ("a", 0.1, 0.5, SY_PILOT_RATING_A));
  g_ptr_array_add (records, make_record ("b", 0.1, 0.5, SY_PILOT_RATING_B));
  g_ptr_array_add (records, make_record ("c", 0.1, 0.5, SY_PILOT_RATING_B));
  g_ptr_array_add (records, make_record ("d", 0.1, 0.5, SY_PILOT_RATING_TIE));
  summary = sy_pilot_summary_new (records, NULL);
  g_signal_connect (model, "changed", G_CALLBACK (on_model_changed_cb), &changes);

  applied = sy_pilot_summary_apply (summary, model, local);
  g_assert_cmpint (applied, ==, SY_PILOT_APPLIED_INPUT_TOKENS | SY_PILOT_APPLIED_OUTPUT_TOKENS |
                                SY_PILOT_APPLIED_TOKENS_PER_SECOND | SY_PILOT_APPLIED_QUALITY);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (model), ==, 20);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (model), ==, 200);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (local), ==, 50);
  /* The point estimate of quality retained: (1 win + 1 tie) / 4, not
   * the old min (1, 2 × win rate) = 0.75. */
  g_assert_cmpfloat_with_epsilon (sy_inference_option_get_quality (local), 0.5, 1e-12);
  g_assert_cmpuint (changes, >, 0);
  g_assert_true (sy_cost_model_validate (model, NULL));

  /* No measurements: nothing is touched. */
  g_ptr_array_set_size (records, 0);
  empty = sy_pilot_summary_new (records, NULL);
  g_assert_cmpint (sy_pilot_summary_apply (empty, model, local), ==, SY_PILOT_APPLIED_NONE);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (model), ==, 20);

  g_assert_finalize_object (model);
}

static void
test_csv (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) sy_pilot_record_free);
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;
  SyPilotRecord *record;

  record = make_record ("Say \"hi\", then\nstop", 0.25, 0.5, SY_PILOT_RATING_TIE);
  record->replies[SY_ROUTE_BACKEND_API].error = g_strdup ("plain");
  g_ptr_array_add (records, record);
  g_ptr_array_add (records, make_record ("plain", 0.125, -1, SY_PILOT_RATING_NONE));

  csv = sy_pilot_records_to_csv (records);
  rows = g_strsplit (csv, "\r\n", -1);
  g_assert_true (g_str_has_prefix (rows[0], "id,time,prompt,rating,local_kind,local_model,local_ttft_s,"));
  g_assert_true (g_str_has_suffix (rows[0], ",api_cost_usd,api_error"));
  /* RFC 4180: quoted, inner quotes doubled, the line break kept inside. */
  g_assert_nonnull (strstr (rows[1], ",\"Say \"\"hi\"\", then\nstop\",tie,ollama,llama3.1:8b,0.2500,2.5000,50.00,30,100,false,0.00000000,,openai,"));
  g_assert_true (g_str_has_suffix (rows[1], ",plain"));
  /* The API was not sent: ten empty fields. */
  g_assert_nonnull (strstr (rows[2], ",plain,none,ollama,"));
  g_assert_true (g_str_has_suffix (rows[2], ",,,,,,,,,,"));
  g_assert_cmpstr (rows[3], ==, "");
  g_assert_null (rows[4]);
}

static void
test_shadow (void)
{
  g_autoptr(GRand) rand_a = g_rand_new_with_seed (42);
  g_autoptr(GRand) rand_b = g_rand_new_with_seed (42);
  guint chosen = 0, chosen_random = 0;

  for (guint64 i = 0; i < 1000; i++)
    {
      gboolean a = sy_pilot_shadow_select_random (10, rand_a);

      if (sy_pilot_shadow_select_index (SY_PILOT_DEFAULT_SHARE_PERCENT, i))
        chosen++;
      g_assert_cmpint (a, ==, sy_pilot_shadow_select_random (10, rand_b));
      chosen_random += a;
      g_assert_false (sy_pilot_shadow_select_index (0, i));
      g_assert_true (sy_pilot_shadow_select_index (100, i));
    }
  /* Exactly 10 in every 100, spread out. */
  g_assert_cmpuint (chosen, ==, 100);
  g_assert_false (sy_pilot_shadow_select_index (10, 0));
  g_assert_true (sy_pilot_shadow_select_index (10, 9));
  g_assert_cmpuint (chosen_random, >, 50);
  g_assert_cmpuint (chosen_random, <, 150);
}

/* Log --------------------------------------------------------------------------- */

static void
test_log (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-pilot-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SyPilotRecord) first = make_record ("Ünïcode “prompt”\nwith a line break", 0.1, 0.2, SY_PILOT_RATING_NONE);
  g_autoptr(SyPilotRecord) second = make_record ("second", 0.3, -1, SY_PILOT_RATING_NONE);
  g_autoptr(SyPilotRecord) third = make_record ("third", 0.4, 0.5, SY_PILOT_RATING_NONE);
  SyPilotLog *log, *reloaded;
  const SyPilotRecord *back;
  GPtrArray *records;
  int fd;

  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", dir, TRUE);
  path = sy_pilot_log_dup_default_path ();
  log = sy_pilot_log_new (NULL);
  g_assert_cmpstr (sy_pilot_log_get_path (log), ==, path);

  /* A missing log is empty. */
  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 0);

  first->replies[SY_ROUTE_BACKEND_API].error = g_strdup ("cut off");
  first->replies[SY_ROUTE_BACKEND_LOCAL].usage_estimated = TRUE;
  g_assert_true (sy_pilot_log_append (log, first, &error));
  g_assert_true (sy_pilot_log_append (log, second, &error));
  g_assert_true (sy_pilot_log_rate (log, first->id, SY_PILOT_RATING_TIE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 2);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  /* One line per record plus the rating line, each complete. */
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_cmpstr (lines[3], ==, "");
  }
  g_clear_pointer (&contents, g_free);

  /* A crash mid-write: a torn last line. */
  fd = g_open (path, O_WRONLY | O_APPEND, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "{\"id\": \"torn", 12), ==, 12);
  close (fd);

  reloaded = sy_pilot_log_new (path);
  g_assert_true (sy_pilot_log_load (reloaded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (skipped_warnings->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (skipped_warnings, 0), "Skipped line 4 of the pilot log"));
  g_assert_nonnull (strstr (g_ptr_array_index (skipped_warnings, 0), path));
  records = sy_pilot_log_get_records (reloaded);
  g_assert_cmpuint (records->len, ==, 2);

  back = g_ptr_array_index (records, 0);
  g_assert_cmpstr (back->id, ==, first->id);
  g_assert_cmpstr (back->prompt, ==, first->prompt);
  g_assert_cmpint (back->timestamp, ==, first->timestamp);
  g_assert_cmpint (back->rating, ==, SY_PILOT_RATING_TIE);
  g_assert_true (back->replies[SY_ROUTE_BACKEND_LOCAL].sent);
  g_assert_true (back->replies[SY_ROUTE_BACKEND_LOCAL].usage_estimated);
  g_assert_cmpstr (back->replies[SY_ROUTE_BACKEND_LOCAL].kind, ==, "ollama");
  g_assert_cmpfloat (back->replies[SY_ROUTE_BACKEND_LOCAL].time_to_first_token, ==, 0.1);
  g_assert_cmpint (back->replies[SY_ROUTE_BACKEND_LOCAL].completion_tokens, ==, 100);
  g_assert_cmpstr (back->replies[SY_ROUTE_BACKEND_API].error, ==, "cut off");
  g_assert_cmpfloat (back->replies[SY_ROUTE_BACKEND_API].cost_usd, ==, first->replies[SY_ROUTE_BACKEND_API].cost_usd);
  back = g_ptr_array_index (records, 1);
  g_assert_false (back->replies[SY_ROUTE_BACKEND_API].sent);
  g_assert_null (back->replies[SY_ROUTE_BACKEND_API].error);

  /* Appending after the torn line starts a fresh line: nothing is lost. */
  g_assert_true (sy_pilot_log_append (reloaded, third, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (reloaded);
  reloaded = sy_pilot_log_new (path);
  g_assert_true (sy_pilot_log_load (reloaded, &error));
  g_assert_cmpuint (skipped_warnings->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (skipped_warnings, 1), "Skipped line 4 of the pilot log"));
  g_assert_cmpuint (sy_pilot_log_get_records (reloaded)->len, ==, 3);
  back = g_ptr_array_index (sy_pilot_log_get_records (reloaded), 2);
  g_assert_cmpstr (back->prompt, ==, "third");

  g_assert_finalize_object (log);
  g_assert_finalize_object (reloaded);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* End to end: two loopback servers ---------------------------------------------- */

#define LOCAL_DELAY_MS 50
#define API_DELAY_MS   200

static const char *ollama_pieces[] = {
  "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"Fast\"},\"done\":false}\n",
  "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\","
  "\"done\":true,\"total_duration\":100000000,\"load_duration\":0,\"prompt_eval_count\":26,"
  "\"eval_count\":14,\"eval_duration\":280000000}\n",
  NULL
};

static const char *openai_pieces[] = {
  "data: {\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Slow\"},\"finish_reason\":null}]}\n\n",
  "data: {\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
  "data: {\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":17,\"total_tokens\":29}}\n\n"
  "data: [DONE]\n\n",
  NULL
};

/* A reply sent piece by piece, @delay_ms before each piece. */
static void
add_script (TestServer  *ts,
            const char  *path,
            const char  *content_type,
            const char **pieces,
            guint        delay_ms)
{
  Script *script = test_server_add (ts, path, 200, content_type, "x", -1, 1);

  g_ptr_array_set_size (script->pieces, 0);
  for (guint i = 0; pieces[i] != NULL; i++)
    g_ptr_array_add (script->pieces, g_bytes_new_static (pieces[i], strlen (pieces[i])));
  script->delay_ms = delay_ms;
}

static void
on_progress_cb (SyPilotRunner       *runner,
                guint                n_done,
                guint                n_total,
                const SyPilotRecord *record,
                gpointer             user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (n_done, ==, *calls + 1);
  g_assert_cmpuint (n_total, ==, 3);
  (*calls)++;
}

static void
test_end_to_end (void)
{
  g_autoptr(TestServer) local_server = test_server_new ();
  g_autoptr(TestServer) api_server = test_server_new ();
  g_autofree char *api_url = g_strconcat (api_server->base_url, "/v1", NULL);
  SyOllamaBackend *local = sy_ollama_backend_new (local_server->base_url);
  SyOpenAIBackend *api = sy_openai_backend_new (api_url);
  SyPilotRunner *runner = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SyPilotSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const char *prompts[] = { "What is RAG?", "Define HNSW.", "How many shards?", NULL };
  gint64 start = g_get_monotonic_time ();
  guint calls = 0;

  add_script (local_server, "/api/chat", "application/x-ndjson", ollama_pieces, LOCAL_DELAY_MS);
  add_script (api_server, "/v1/chat/completions", "text/event-stream", openai_pieces, API_DELAY_MS);

  runner = sy_pilot_runner_new (SY_BACKEND (local), "llama3.1:8b", SY_BACKEND (api), "gpt-4o-mini");
  /* Share 50 of three prompts: only the second also goes to the API. */
  sy_pilot_runner_set_share (runner, 50);
  sy_pilot_runner_run_async (runner, prompts, on_progress_cb, &calls, NULL, on_async_ready_cb, &result);
  wait_for_result (&result);
  records = sy_pilot_runner_run_finish (runner, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpuint (calls, ==, 3);

  /* 50 %: index 1 is chosen (⌊2·50/100⌋ > ⌊1·50/100⌋), 0 and 2 are not. */
  g_assert_cmpuint (local_server->n_requests, ==, 3);
  g_assert_cmpuint (api_server->n_requests, ==, 1);

  for (guint i = 0; i < records->len; i++)
    {
      const SyPilotRecord *record = g_ptr_array_index (records, i);
      const SyPilotReply *l = &record->replies[SY_ROUTE_BACKEND_LOCAL];
      const SyPilotReply *a = &record->replies[SY_ROUTE_BACKEND_API];

      g_assert_cmpstr (record->prompt, ==, prompts[i]);
      g_assert_true (l->sent);
      g_assert_null (l->error);
      g_assert_cmpstr (l->kind, ==, "ollama");
      g_assert_cmpfloat (l->time_to_first_token, >=, LOCAL_DELAY_MS / 1000.0 * 0.8);
      g_assert_cmpfloat_with_epsilon (l->tokens_per_second, 50, 1e-9);  /* 14 tokens in 0.28 s */
      g_assert_cmpfloat (l->cost_usd, ==, 0);
      g_assert_cmpint (a->sent, ==, i == 1);
      if (!a->sent)
        continue;

      g_assert_null (a->error);
      g_assert_cmpstr (a->kind, ==, "openai");
      /* The ordering the pilot exists to measure. */
      g_assert_cmpfloat (l->time_to_first_token, <, a->time_to_first_token);
      g_assert_cmpfloat (a->time_to_first_token, >=, API_DELAY_MS / 1000.0 * 0.8);
      g_assert_cmpint (a->prompt_tokens, ==, 12);
      g_assert_cmpint (a->completion_tokens, ==, 17);
      g_assert_cmpfloat_with_epsilon (a->cost_usd, (12 * 0.15 + 17 * 0.60) / 1e6, 1e-15);
      /* Concurrent: the local reply finished while the API's was under way. */
      g_assert_cmpfloat (l->total_time, <, a->total_time);
    }

  summary = sy_pilot_summary_new (records, NULL);
  g_assert_cmpuint (summary->n_prompts, ==, 3);
  g_assert_cmpuint (summary->n_both, ==, 1);
  g_assert_cmpuint (summary->sides[SY_ROUTE_BACKEND_LOCAL].n_completed, ==, 3);
  g_assert_cmpuint (summary->sides[SY_ROUTE_BACKEND_API].n_completed, ==, 1);
  g_assert_cmpfloat (summary->sides[SY_ROUTE_BACKEND_LOCAL].ttft_median, <,
                     summary->sides[SY_ROUTE_BACKEND_API].ttft_median);
  g_assert_cmpfloat (summary->mean_input_tokens, ==, 12);
  g_assert_cmpuint (summary->quality.n_rated, ==, 0);

  /* Two prompts' worth of the slow server at most, not their sum: well
   * under 3 s. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);

  /* The result holds the runner as its source object. */
  g_clear_object (&result);
  g_assert_finalize_object (runner);
  g_assert_finalize_object (local);
  g_assert_finalize_object (api);
}

static void
test_compare_cancel (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autofree char *api_url = g_strconcat (server->base_url, "/v1", NULL);
  SyOllamaBackend *local = sy_ollama_backend_new (server->base_url);
  SyOpenAIBackend *api = sy_openai_backend_new (api_url);
  SyChatStream *local_stream = sy_chat_stream_new ("llama3.1:8b");
  SyChatStream *api_stream = sy_chat_stream_new ("gpt-4o-mini");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SyPilotRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  add_script (server, "/api/chat", "application/x-ndjson", ollama_pieces, 2000);
  add_script (server, "/v1/chat/completions", "text/event-stream", openai_pieces, 2000);
  sy_chat_stream_add_message (local_stream, "user", "Hello");
  sy_chat_stream_add_message (api_stream, "user", "Hello");

  sy_pilot_compare_async (SY_BACKEND (local), local_stream, SY_BACKEND (api), api_stream, NULL,
                          cancellable, on_async_ready_cb, &result);
  while (server->n_requests < 2)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  wait_for_result (&result);

  record = sy_pilot_compare_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (record);

  g_assert_finalize_object (local_stream);
  g_assert_finalize_object (api_stream);
  g_assert_finalize_object (local);
  g_assert_finalize_object (api);
}

static void
on_log_changed_cb (SyPilotLog *log,
                   guint      *count)
{
  (*count)++;
}

/* Views refresh on SyPilotLog::changed: every way the records change
 * emits it once, a failed append does not. */
static void
test_log_changed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-pilot-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "pilot.jsonl", NULL);
  g_autofree char *blocked = g_build_filename (dir, "pilot.jsonl", "below-a-file.jsonl", NULL);
  g_autoptr(SyPilotRecord) record = make_record ("one", 0.1, 0.2, SY_PILOT_RATING_NONE);
  SyPilotLog *log = sy_pilot_log_new (path);
  SyPilotLog *broken;
  guint count = 0;

  g_signal_connect (log, "changed", G_CALLBACK (on_log_changed_cb), &count);

  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (sy_pilot_log_append (log, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (sy_pilot_log_rate (log, record->id, SY_PILOT_RATING_B, &error));
  g_assert_cmpuint (count, ==, 3);
  g_assert_true (sy_pilot_log_load (log, &error));
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (sy_pilot_log_get_records (log)->len, ==, 1);

  /* A log below a regular file cannot be written: nothing changed. */
  broken = sy_pilot_log_new (blocked);
  g_signal_connect (broken, "changed", G_CALLBACK (on_log_changed_cb), &count);
  g_assert_false (sy_pilot_log_append (broken, record, &error));
  g_assert_error (error, SY_PILOT_ERROR, SY_PILOT_ERROR_IO);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (sy_pilot_log_get_records (broken)->len, ==, 0);

  g_assert_finalize_object (broken);
  g_assert_finalize_object (log);
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  skipped_warnings = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (skip_writer, NULL, NULL);

  g_test_add_func ("/pilot/percentile", test_percentile);
  g_test_add_func ("/pilot/summary", test_summary);
  g_test_add_func ("/pilot/quality-retained", test_quality_retained);
  g_test_add_func ("/pilot/columns", test_columns);
  g_test_add_func ("/pilot/classes", test_classes);
  g_test_add_func ("/pilot/bad-lines", test_bad_lines);
  g_test_add_func ("/pilot/apply", test_apply);
  g_test_add_func ("/pilot/csv", test_csv);
  g_test_add_func ("/pilot/shadow", test_shadow);
  g_test_add_func ("/pilot/log", test_log);
  g_test_add_func ("/pilot/log-changed", test_log_changed);
  g_test_add_func ("/pilot/end-to-end", test_end_to_end);
  g_test_add_func ("/pilot/compare-cancel", test_compare_cancel);

  return g_test_run ();
}
