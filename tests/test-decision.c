/* test-decision.c: SPEC §1's four checks, the pilot zone and the report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sy-cost-error.h"
#include "sy-decision.h"
#include "sy-report.h"

/* Question 3 as a yes/no: well above, or well below, the default $500. */
#define COST_ABOVE 900.0
#define COST_BELOW 54.0

static SyDecision *
decide (const SyDecisionAnswers *answers)
{
  g_autoptr(GError) error = NULL;
  SyDecision *decision = sy_decision_new (answers, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (decision);

  return decision;
}

static void
set_direct_cost (SyDecisionAnswers *answers,
                 double             usd)
{
  answers->cost_source = SY_COST_SOURCE_DIRECT;
  answers->monthly_cost_usd = usd;
}

static guint
count_decisive (SyDecision *decision)
{
  guint n = 0;

  for (guint i = 0; i < sy_decision_get_n_steps (decision); i++)
    if (sy_decision_get_step (decision, i)->decisive)
      n++;

  return n;
}

/* SPEC §1, spelled out: the first check that decides, decides. */
static SyOutcome
spec_outcome (gboolean  pii,
              gboolean  frontier,
              gboolean  above,
              gboolean  engineers,
              guint    *out_n_checks)
{
  if (pii)
    return *out_n_checks = 1, SY_OUTCOME_LOCAL_REQUIRED;
  if (frontier)
    return *out_n_checks = 2, SY_OUTCOME_USE_API;
  if (!above)
    return *out_n_checks = 3, SY_OUTCOME_API_CHEAPER;
  *out_n_checks = 4;
  return engineers ? SY_OUTCOME_LOCAL_VIABLE : SY_OUTCOME_STICK_WITH_API;
}

static void
test_all_sixteen (void)
{
  static const SyCheck order[] = {
    SY_CHECK_PII, SY_CHECK_FRONTIER, SY_CHECK_MONTHLY_COST, SY_CHECK_ML_ENGINEERS,
  };

  for (guint bits = 0; bits < 16; bits++)
    {
      gboolean pii = bits & 8, frontier = bits & 4, above = bits & 2, engineers = bits & 1;
      SyDecisionAnswers answers;
      g_autoptr(SyDecision) decision = NULL;
      guint n_checks;
      SyOutcome expected = spec_outcome (pii, frontier, above, engineers, &n_checks);

      sy_decision_answers_init (&answers);
      answers.pii = pii ? SY_ANSWER_YES : SY_ANSWER_NO;
      answers.frontier = frontier ? SY_ANSWER_YES : SY_ANSWER_NO;
      set_direct_cost (&answers, above ? COST_ABOVE : COST_BELOW);
      answers.ml_engineers = engineers ? SY_ANSWER_YES : SY_ANSWER_NO;

      decision = decide (&answers);
      g_test_message ("pii %d frontier %d above %d engineers %d → %s",
                      pii, frontier, above, engineers, sy_decision_get_outcome_id (decision));
      g_assert_cmpint (sy_decision_get_outcome (decision), ==, expected);
      g_assert_cmpuint (sy_decision_get_n_steps (decision), ==, n_checks);
      g_assert_cmpuint (count_decisive (decision), ==, n_checks);
      for (guint i = 0; i < n_checks; i++)
        {
          const SyDecisionStep *step = sy_decision_get_step (decision, i);
          gboolean expected_yes = i == 0 ? pii : i == 1 ? frontier : i == 2 ? above : engineers;

          g_assert_cmpint (step->check, ==, order[i]);
          g_assert_cmpint (step->answer, ==, expected_yes ? SY_ANSWER_YES : SY_ANSWER_NO);
          g_assert_cmpstr (step->question, !=, "");
          g_assert_cmpstr (step->result, !=, "");
        }
      g_assert_cmpint (sy_decision_get_deciding_check (decision), ==, order[n_checks - 1]);
      g_assert_cmpstr (sy_decision_get_headline (decision), ==, sy_outcome_get_headline (expected));
      g_assert_finalize_object (g_steal_pointer (&decision));
    }
}

static void
test_headlines_and_ids (void)
{
  static const struct { SyOutcome outcome; const char *id; const char *headline; } expected[] = {
    { SY_OUTCOME_LOCAL_REQUIRED, "local-required", "Local inference required" },
    { SY_OUTCOME_USE_API, "use-api", "Use an API" },
    { SY_OUTCOME_API_CHEAPER, "api-cheaper", "API is cheaper all-in" },
    { SY_OUTCOME_STICK_WITH_API, "stick-with-api", "Stick with the API" },
    { SY_OUTCOME_LOCAL_VIABLE, "local-viable", "Local inference viable" },
    { SY_OUTCOME_PILOT, "pilot", "Run a pilot" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SyOutcome outcome;

      g_assert_cmpstr (sy_outcome_to_id (expected[i].outcome), ==, expected[i].id);
      g_assert_cmpstr (sy_outcome_get_headline (expected[i].outcome), ==, expected[i].headline);
      g_assert_true (sy_outcome_from_id (expected[i].id, &outcome));
      g_assert_cmpint (outcome, ==, expected[i].outcome);
    }
  g_assert_false (sy_outcome_from_id ("local", NULL));
  g_assert_cmpint (sy_check_from_id ("ml-engineers"), ==, SY_CHECK_ML_ENGINEERS);
  g_assert_cmpint (sy_check_from_id ("nope"), ==, SY_CHECK_NONE);
  g_assert_cmpuint (sy_check_get_number (SY_CHECK_MONTHLY_COST), ==, 3);
}

static SyOutcome
outcome_for_cost (double   usd,
                  double   threshold,
                  SyAnswer engineers)
{
  SyDecisionAnswers answers;
  g_autoptr(SyDecision) decision = NULL;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  answers.threshold_usd = threshold;
  answers.ml_engineers = engineers;
  set_direct_cost (&answers, usd);
  decision = decide (&answers);

  return sy_decision_get_outcome (decision);
}

static void
test_pilot_zone (void)
{
  g_assert_cmpint (outcome_for_cost (0, 500, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_API_CHEAPER);
  g_assert_cmpint (outcome_for_cost (199.99, 500, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_API_CHEAPER);
  g_assert_cmpint (outcome_for_cost (200, 500, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_PILOT);
  g_assert_cmpint (outcome_for_cost (300, 500, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_PILOT);
  /* "Above the threshold" is strict. */
  g_assert_cmpint (outcome_for_cost (500, 500, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_PILOT);
  g_assert_cmpint (outcome_for_cost (500.01, 500, SY_ANSWER_YES), ==, SY_OUTCOME_LOCAL_VIABLE);
  g_assert_cmpint (outcome_for_cost (500.01, 500, SY_ANSWER_NO), ==, SY_OUTCOME_STICK_WITH_API);

  /* Check 4 never changes the pilot zone; answered, it adds a note. */
  g_assert_cmpint (outcome_for_cost (300, 500, SY_ANSWER_NO), ==, SY_OUTCOME_PILOT);
  g_assert_cmpint (outcome_for_cost (300, 500, SY_ANSWER_YES), ==, SY_OUTCOME_PILOT);
}

static void
test_pilot_trace (void)
{
  SyDecisionAnswers answers;
  g_autoptr(SyDecision) decision = NULL;
  const SyDecisionStep *step;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  answers.ml_engineers = SY_ANSWER_NO;
  set_direct_cost (&answers, 300);
  decision = decide (&answers);

  g_assert_cmpuint (count_decisive (decision), ==, 3);
  g_assert_cmpint (sy_decision_get_deciding_check (decision), ==, SY_CHECK_MONTHLY_COST);
  step = sy_decision_get_step (decision, 2);
  g_assert_cmpstr (step->answer_text, ==, "$300.00");
  g_assert_cmpint (step->answer, ==, SY_ANSWER_NO);
  g_assert_nonnull (strstr (step->result, "$500.00"));
  g_assert_nonnull (strstr (sy_decision_get_summary (decision), "30 days on 10 %"));
  step = sy_decision_get_step (decision, 3);
  g_assert_false (step->decisive);
  g_assert_cmpint (step->check, ==, SY_CHECK_ML_ENGINEERS);
  g_assert_nonnull (strstr (step->result, "keep the pilot small"));
}

static void
test_custom_threshold (void)
{
  /* $900 is below a $1,000 threshold: a pilot, not check 4. */
  g_assert_cmpint (outcome_for_cost (900, 1000, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_PILOT);
  g_assert_cmpint (outcome_for_cost (1000.5, 1000, SY_ANSWER_YES), ==, SY_OUTCOME_LOCAL_VIABLE);
  /* A threshold under $200 leaves no pilot zone: SPEC's checks alone. */
  g_assert_cmpint (outcome_for_cost (150, 100, SY_ANSWER_NO), ==, SY_OUTCOME_STICK_WITH_API);
  g_assert_cmpint (outcome_for_cost (90, 100, SY_ANSWER_UNANSWERED), ==, SY_OUTCOME_API_CHEAPER);
  g_assert_cmpint (outcome_for_cost (250, 0, SY_ANSWER_YES), ==, SY_OUTCOME_LOCAL_VIABLE);
}

static void
test_computed_cost (void)
{
  static const struct { const char *model; double usd; } golden[] = {
    { "gpt-4o-mini", 54.00 },
    { "gpt-4o", 900.00 },
    { "claude-sonnet-4-5", 1260.00 },
  };
  g_autoptr(SyPriceTable) prices = sy_price_table_new_default ();

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      SyDecisionAnswers answers;
      g_autoptr(SyDecision) decision = NULL;
      g_autoptr(GError) error = NULL;
      double usd = 0;

      sy_decision_answers_init (&answers);
      answers.pii = SY_ANSWER_NO;
      answers.frontier = SY_ANSWER_NO;
      answers.ml_engineers = SY_ANSWER_YES;
      answers.cost_source = SY_COST_SOURCE_TRAFFIC;
      answers.traffic = (SyTraffic) { 5000, 800, 400 };
      answers.api_model = golden[i].model;

      g_assert_true (sy_decision_compute_monthly_cost (prices, &answers.traffic, golden[i].model, &usd, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (usd, golden[i].usd, 1e-9);

      decision = sy_decision_new (&answers, prices, &error);
      g_assert_no_error (error);
      g_assert_true (sy_decision_has_monthly_cost (decision));
      g_assert_cmpfloat_with_epsilon (sy_decision_get_monthly_cost (decision), golden[i].usd, 1e-9);
      g_assert_cmpint (sy_decision_get_outcome (decision), ==,
                       golden[i].usd > 500 ? SY_OUTCOME_LOCAL_VIABLE : SY_OUTCOME_API_CHEAPER);
      g_assert_finalize_object (g_steal_pointer (&decision));
    }

  g_assert_finalize_object (g_steal_pointer (&prices));
}

static void
test_computed_cost_errors (void)
{
  SyDecisionAnswers answers;
  g_autoptr(GError) error = NULL;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  answers.cost_source = SY_COST_SOURCE_TRAFFIC;
  answers.traffic = (SyTraffic) { 5000, 800, 400 };
  answers.api_model = "gpt-17";
  g_assert_null (sy_decision_new (&answers, NULL, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL);
  g_clear_error (&error);

  answers.api_model = "gpt-4o";
  answers.traffic.daily_requests = -1;
  g_assert_null (sy_decision_new (&answers, NULL, &error));
  g_assert_error (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  set_direct_cost (&answers, -5);
  g_assert_null (sy_decision_new (&answers, NULL, &error));
  g_assert_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER);
  g_clear_error (&error);

  set_direct_cost (&answers, 100);
  answers.threshold_usd = NAN;
  g_assert_null (sy_decision_new (&answers, NULL, &error));
  g_assert_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER);
}

static void
assert_missing (const SyDecisionAnswers *answers,
                SyCheck                  expected,
                const char              *reason_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  g_assert_cmpint (sy_decision_find_missing (answers, NULL, &reason, &error), ==, expected);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (reason, reason_part));

  g_assert_null (sy_decision_new (answers, NULL, &error));
  g_assert_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_MISSING_ANSWER);
  /* The message names the question. */
  g_assert_nonnull (strstr (error->message, sy_check_get_question (expected)));
  g_assert_nonnull (strstr (error->message, reason_part));
}

static void
test_missing_answers (void)
{
  SyDecisionAnswers answers;
  g_autofree char *reason = NULL;

  sy_decision_answers_init (&answers);
  assert_missing (&answers, SY_CHECK_PII, "starts");

  answers.pii = SY_ANSWER_NO;
  assert_missing (&answers, SY_CHECK_FRONTIER, "may leave");

  answers.frontier = SY_ANSWER_NO;
  assert_missing (&answers, SY_CHECK_MONTHLY_COST, "rules out");

  set_direct_cost (&answers, 800);
  assert_missing (&answers, SY_CHECK_ML_ENGINEERS,
                  "monthly API cost $800.00 is above the $500.00 threshold");

  /* Not needed, so not missing. */
  set_direct_cost (&answers, 100);
  g_assert_cmpint (sy_decision_find_missing (&answers, NULL, &reason, NULL), ==, SY_CHECK_NONE);
  answers.frontier = SY_ANSWER_YES;
  answers.cost_source = SY_COST_SOURCE_NONE;
  g_assert_cmpint (sy_decision_find_missing (&answers, NULL, NULL, NULL), ==, SY_CHECK_NONE);
}

static void
test_refinements_never_override (void)
{
  for (guint bits = 0; bits < 16; bits++)
    for (guint r = 0; r < 9; r++)
      {
        SyDecisionAnswers answers;
        g_autoptr(SyDecision) plain = NULL;
        g_autoptr(SyDecision) refined = NULL;
        SyAnswer first_token = r % 3, spiky = r / 3;

        sy_decision_answers_init (&answers);
        answers.pii = bits & 8 ? SY_ANSWER_YES : SY_ANSWER_NO;
        answers.frontier = bits & 4 ? SY_ANSWER_YES : SY_ANSWER_NO;
        set_direct_cost (&answers, bits & 2 ? COST_ABOVE : COST_BELOW);
        answers.ml_engineers = bits & 1 ? SY_ANSWER_YES : SY_ANSWER_NO;
        plain = decide (&answers);

        /* offline = no is a note too; only yes may decide. */
        answers.offline = SY_ANSWER_NO;
        answers.first_token = first_token;
        answers.spiky_traffic = spiky;
        refined = decide (&answers);

        g_assert_cmpint (sy_decision_get_outcome (refined), ==, sy_decision_get_outcome (plain));
        g_assert_cmpuint (count_decisive (refined), ==, count_decisive (plain));
        g_assert_cmpuint (sy_decision_get_n_steps (refined), ==,
                          sy_decision_get_n_steps (plain) + 1 + (first_token != 0) + (spiky != 0));
        for (guint i = count_decisive (plain); i < sy_decision_get_n_steps (refined); i++)
          g_assert_false (sy_decision_get_step (refined, i)->decisive);
      }
}

static void
test_offline_decides (void)
{
  SyDecisionAnswers answers;
  g_autoptr(SyDecision) decision = NULL;
  g_autoptr(SyDecision) with_pii = NULL;

  /* Frontier quality would say "Use an API", which cannot be reached. */
  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.offline = SY_ANSWER_YES;
  decision = decide (&answers);
  g_assert_cmpint (sy_decision_get_outcome (decision), ==, SY_OUTCOME_LOCAL_REQUIRED);
  g_assert_cmpuint (sy_decision_get_n_steps (decision), ==, 2);
  g_assert_cmpint (sy_decision_get_deciding_check (decision), ==, SY_CHECK_OFFLINE);

  /* Check 1 still comes first; offline becomes a note. */
  answers.pii = SY_ANSWER_YES;
  with_pii = decide (&answers);
  g_assert_cmpint (sy_decision_get_deciding_check (with_pii), ==, SY_CHECK_PII);
  g_assert_cmpuint (sy_decision_get_n_steps (with_pii), ==, 2);
  g_assert_false (sy_decision_get_step (with_pii, 1)->decisive);
}

static guint
count_pdf_pages (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  guint n = 0;

  /* Each page object says "/Type /Page"; the tree says "/Type /Pages". */
  for (gsize i = 0; i + 11 < size; i++)
    if (memcmp (data + i, "/Type /Page", 11) == 0 && data[i + 11] != 's')
      n++;

  return n;
}

static SyDecision *
viable_decision (void)
{
  SyDecisionAnswers answers;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  answers.ml_engineers = SY_ANSWER_YES;
  answers.first_token = SY_ANSWER_YES;
  answers.cost_source = SY_COST_SOURCE_TRAFFIC;
  answers.traffic = (SyTraffic) { 5000, 800, 400 };
  answers.api_model = "gpt-4o";

  return decide (&answers);
}

static void
test_report_pages (void)
{
  g_autoptr(SyDecision) decision = viable_decision ();
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(GBytes) with_plot = NULL;
  g_autoptr(GBytes) without_plot = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages = 0;

  sy_cost_model_set_traffic (costs, &(SyTraffic) { 5000, 800, 400 });
  sy_cost_model_set_api_model (costs, "gpt-4o");

  with_plot = sy_report_render (decision, costs, &n_pages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 2);
  g_assert_cmpuint (count_pdf_pages (with_plot), ==, 2);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (with_plot, NULL), "%PDF-1.4"));

  without_plot = sy_report_render (decision, NULL, &n_pages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (count_pdf_pages (without_plot), ==, 1);

  g_assert_finalize_object (g_steal_pointer (&costs));
  g_assert_finalize_object (g_steal_pointer (&decision));
}

static void
test_report_write (void)
{
  g_autoptr(SyDecision) decision = viable_decision ();
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sy-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "decision.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "decision.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDir) listing = NULL;
  gsize length;
  guint n_files = 0;

  g_assert_no_error (error);
  sy_cost_model_set_traffic (costs, &(SyTraffic) { 5000, 800, 400 });
  sy_cost_model_set_api_model (costs, "gpt-4o");

  g_assert_true (sy_report_write (decision, costs, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_cmpuint (count_pdf_pages (bytes), ==, 2);

  /* Atomic: no temporary file left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_false (sy_report_write (decision, costs, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "decision.pdf"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
  g_assert_finalize_object (g_steal_pointer (&costs));
  g_assert_finalize_object (g_steal_pointer (&decision));
}

/* Each outcome's guidance fits it: never "Start with the API" after
 * "Local inference required", a pilot before any migration. */
static void
test_guidance (void)
{
  static const struct
  {
    SyOutcome   outcome;
    const char *must;
    const char *must_not;
  } cases[] = {
    { SY_OUTCOME_LOCAL_REQUIRED, "hardware", "API" },
    { SY_OUTCOME_LOCAL_REQUIRED, "Pilot", "Start with" },
    { SY_OUTCOME_USE_API, "frontier model through its API", "Start with" },
    { SY_OUTCOME_USE_API, "GPT-4o or Claude Sonnet", "pilot" },
    { SY_OUTCOME_API_CHEAPER, "Start with the API", "Local inference required" },
    { SY_OUTCOME_API_CHEAPER, "$200–300", "Migrate" },
    { SY_OUTCOME_PILOT, "30-day pilot", "Start with the API" },
    { SY_OUTCOME_PILOT, "10 % of traffic", "$200–300" },
    { SY_OUTCOME_STICK_WITH_API, "Stay with the API", "Migrate" },
    { SY_OUTCOME_LOCAL_VIABLE, "Before migrating, run a 30-day pilot", "Start with the API" },
    { SY_OUTCOME_LOCAL_VIABLE, "Never migrate on a hunch", "Stay with" },
  };
  SyDecisionAnswers answers;
  g_autoptr(SyDecision) decision = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) guidance = sy_outcome_dup_guidance (cases[i].outcome);
      g_autofree char *joined = g_strjoinv ("\n", guidance);

      g_assert_cmpuint (g_strv_length (guidance), >=, 2);
      if (strstr (joined, cases[i].must) == NULL || strstr (joined, cases[i].must_not) != NULL)
        g_error ("%s: wants “%s”, not “%s”:\n%s", sy_outcome_to_id (cases[i].outcome),
                 cases[i].must, cases[i].must_not, joined);
    }

  /* The decision's guidance is its outcome's. */
  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_YES;
  decision = decide (&answers);
  {
    g_auto(GStrv) guidance = sy_decision_dup_guidance (decision);
    g_auto(GStrv) expected = sy_outcome_dup_guidance (SY_OUTCOME_LOCAL_REQUIRED);

    g_assert_true (g_strv_equal ((const char * const *) guidance, (const char * const *) expected));
  }
}

/* Traffic that costs $360.00 a month on gpt-4o-mini and fits one RTX 4090
 * box (8,000,000 output tokens a day of its 8,640,000). */
static const SyTraffic traffic_360 = { 20000, 2400, 400 };

static SyDecision *
decide_cost (SyCostSource  source,
             double        usd,
             SyAnswer      engineers,
             SyCostModel  *costs)
{
  g_autoptr(GError) error = NULL;
  SyDecisionAnswers answers;
  SyDecision *decision;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  answers.ml_engineers = engineers;
  if (source == SY_COST_SOURCE_TRAFFIC)
    {
      answers.cost_source = SY_COST_SOURCE_TRAFFIC;
      answers.traffic = traffic_360;
      answers.api_model = "gpt-4o-mini";
    }
  else
    set_direct_cost (&answers, usd);

  decision = decide (&answers);
  g_assert_true (sy_decision_weigh_costs (decision, costs, &error));
  g_assert_no_error (error);

  return decision;
}

/* Issue #14: "$360 is below the threshold" beside a Costs page on which
 * the RTX 4090 pays back in 4.8 months. The result says both, and why. */
static void
test_cost_model_disagrees (void)
{
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(SyCostModel) other = sy_cost_model_new (NULL);
  SyCostSource sources[] = { SY_COST_SOURCE_TRAFFIC, SY_COST_SOURCE_DIRECT };
  SyTraffic left;

  /* The Costs page shows other traffic; the wizard's answer counts. */
  sy_cost_model_set_traffic (costs, &(SyTraffic) { 20000, 2400, 400 });
  sy_cost_model_set_api_model (costs, "gpt-4o-mini");

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autoptr(SyDecision) decision = decide_cost (sources[i], 360, SY_ANSWER_UNANSWERED, costs);
      const char *note = sy_decision_get_cost_note (decision);

      g_assert_cmpfloat_with_epsilon (sy_decision_get_monthly_cost (decision), 360.0, 1e-6);
      g_assert_cmpint (sy_decision_get_outcome (decision), ==, SY_OUTCOME_PILOT);
      g_assert_cmpint (sy_decision_get_cost_agreement (decision), ==, SY_COST_AGREEMENT_LOCAL_PAYS_BACK);
      g_assert_cmpstr (sy_decision_get_cost_agreement_id (decision), ==, "local-pays-back");
      g_assert_cmpstr (sy_decision_get_cost_best_option (decision), ==, "Llama 3.1 8B Q4 (RTX 4090)");
      /* 1,600 / (360 − 30) */
      g_assert_cmpfloat_with_epsilon (sy_decision_get_cost_best_months (decision), 1600.0 / 330.0, 1e-9);
      g_assert_cmpuint (sy_decision_get_cost_horizon (decision), ==, 36);
      g_assert_nonnull (note);
      g_assert_nonnull (sy_decision_get_cost_note_title (decision));
      g_assert_nonnull (strstr (note, "Llama 3.1 8B Q4 (RTX 4090) ($1,600.00 setup, $30.00 a month) pays back in 4.8 months"));
      g_assert_nonnull (strstr (note, "$500.00 threshold"));
      g_assert_nonnull (strstr (note, "ops time"));
    }

  /* Below $200 the outcome is "API is cheaper all-in", and still the note. */
  {
    g_autoptr(SyDecision) decision = NULL;

    sy_cost_model_set_traffic (other, &(SyTraffic) { 10000, 2400, 400 });
    decision = decide_cost (SY_COST_SOURCE_DIRECT, 180, SY_ANSWER_UNANSWERED, other);
    g_assert_cmpint (sy_decision_get_outcome (decision), ==, SY_OUTCOME_API_CHEAPER);
    g_assert_cmpint (sy_decision_get_cost_agreement (decision), ==, SY_COST_AGREEMENT_LOCAL_PAYS_BACK);
    /* 1,600 / (180 − 30) = 10.7 months */
    g_assert_nonnull (strstr (sy_decision_get_cost_note (decision), "pays back in 10.7 months"));
  }

  /* Weighing never touches the Costs page's model. */
  sy_cost_model_get_traffic (costs, &left);
  g_assert_cmpfloat (left.daily_requests, ==, 20000);
  g_assert_finalize_object (g_steal_pointer (&costs));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* A bill typed in is weighed at the Costs page's tokens per request: at
 * 1,000 in and 500 out, $360 is 26,667 requests a day, two boxes. */
static void
test_cost_model_boxes (void)
{
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(SyDecision) decision = decide_cost (SY_COST_SOURCE_DIRECT, 360, SY_ANSWER_UNANSWERED, costs);

  g_assert_cmpint (sy_decision_get_cost_agreement (decision), ==, SY_COST_AGREEMENT_LOCAL_PAYS_BACK);
  /* 3,200 / (360 − 60) */
  g_assert_cmpfloat_with_epsilon (sy_decision_get_cost_best_months (decision), 3200.0 / 300.0, 1e-9);
  g_assert_nonnull (strstr (sy_decision_get_cost_note (decision), "2 × Llama 3.1 8B Q4 (RTX 4090) ($3,200.00 setup, $60.00 a month)"));
  g_assert_true (g_str_has_suffix (sy_decision_get_cost_note (decision),
                                   "The bill was counted as 26,667 requests a day of 1,000 input and 500 output tokens on gpt-4o-mini."));
}

/* The reverse: above the threshold, yet nothing enabled pays back. */
static void
test_cost_model_no_payback (void)
{
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  SyInferenceOption *small = sy_cost_model_find_option (costs, "llama3.1-8b-rtx4090", NULL);
  SyInferenceOption *big = sy_cost_model_find_option (costs, "llama3.1-70b-2xa100", NULL);
  g_autoptr(SyDecision) decision = NULL;
  g_autoptr(SyDecision) never = NULL;

  /* Only the 2× A100 box, batching enough for one box to serve it all:
   * $600 a month against its $500 pays back in 200 months. */
  sy_inference_option_set_enabled (small, FALSE);
  sy_inference_option_set_aggregate_tokens_per_second (big, 1000);
  decision = decide_cost (SY_COST_SOURCE_DIRECT, 600, SY_ANSWER_YES, costs);
  g_assert_cmpint (sy_decision_get_outcome (decision), ==, SY_OUTCOME_LOCAL_VIABLE);
  g_assert_cmpint (sy_decision_get_cost_agreement (decision), ==, SY_COST_AGREEMENT_NO_PAYBACK);
  g_assert_cmpstr (sy_decision_get_cost_agreement_id (decision), ==, "no-payback");
  g_assert_nonnull (strstr (sy_decision_get_cost_note (decision), "none of the enabled local options pays back within the cost model's 36-month horizon"));
  g_assert_nonnull (strstr (sy_decision_get_cost_note (decision), "pays back in 200.0 months"));

  /* $510 would need 2× A100 boxes for many years: never, said so. */
  sy_inference_option_set_monthly_usd (big, 600);
  never = decide_cost (SY_COST_SOURCE_DIRECT, 510, SY_ANSWER_NO, costs);
  g_assert_cmpint (sy_decision_get_outcome (never), ==, SY_OUTCOME_STICK_WITH_API);
  g_assert_cmpint (sy_decision_get_cost_agreement (never), ==, SY_COST_AGREEMENT_NO_PAYBACK);
  g_assert_null (sy_decision_get_cost_best_option (never));
  g_assert_nonnull (strstr (sy_decision_get_cost_note (never), "None ever does"));
}

/* Where both say the same, nothing extra is said. */
static void
test_cost_model_agrees (void)
{
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(SyDecision) below = NULL;
  g_autoptr(SyDecision) above = NULL;
  g_autoptr(SyDecision) local = NULL;
  g_autoptr(SyDecision) unweighed = NULL;
  SyDecisionAnswers answers;

  /* SPEC's worked example: $54.00, the RTX 4090 after 66.7 months, the
   * 2× A100 never; neither within 36 months, as the threshold says. */
  sy_cost_model_set_traffic (costs, &(SyTraffic) { 5000, 800, 400 });
  below = decide_cost (SY_COST_SOURCE_DIRECT, 54, SY_ANSWER_UNANSWERED, costs);
  g_assert_cmpint (sy_decision_get_outcome (below), ==, SY_OUTCOME_API_CHEAPER);
  g_assert_cmpint (sy_decision_get_cost_agreement (below), ==, SY_COST_AGREEMENT_AGREE);
  g_assert_cmpstr (sy_decision_get_cost_agreement_id (below), ==, "agree");
  g_assert_null (sy_decision_get_cost_note (below));
  g_assert_null (sy_decision_get_cost_note_title (below));
  g_assert_cmpfloat_with_epsilon (sy_decision_get_cost_best_months (below), 1600.0 / 24.0, 1e-9);

  /* $900 (gpt-4o): the RTX 4090 pays back in 1.8 months, as "above" says. */
  above = decide_cost (SY_COST_SOURCE_DIRECT, 900, SY_ANSWER_YES, costs);
  g_assert_cmpint (sy_decision_get_cost_agreement (above), ==, SY_COST_AGREEMENT_AGREE);
  g_assert_null (sy_decision_get_cost_note (above));

  /* Decided before the cost: not weighed at all. */
  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_YES;
  set_direct_cost (&answers, 360);
  local = decide (&answers);
  g_assert_true (sy_decision_weigh_costs (local, costs, NULL));
  g_assert_cmpint (sy_decision_get_cost_agreement (local), ==, SY_COST_AGREEMENT_NOT_WEIGHED);
  g_assert_null (sy_decision_get_cost_agreement_id (local));
  g_assert_null (sy_decision_get_cost_note (local));

  /* No cost model: not weighed. */
  unweighed = decide_cost (SY_COST_SOURCE_DIRECT, 360, SY_ANSWER_UNANSWERED, NULL);
  g_assert_cmpint (sy_decision_get_cost_agreement (unweighed), ==, SY_COST_AGREEMENT_NOT_WEIGHED);
}

/* Question 4's upkeep: validated, shown in the trace, never deciding. */
static void
test_ops_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SyDecision) decision = NULL;
  g_autoptr(SyDecision) bad = NULL;
  SyDecisionAnswers answers;
  const SyDecisionStep *last;

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_NO;
  answers.frontier = SY_ANSWER_NO;
  set_direct_cost (&answers, COST_ABOVE);
  answers.ml_engineers = SY_ANSWER_YES;
  answers.ops_hours_per_month = 10;
  answers.ops_hourly_usd = 100;
  decision = decide (&answers);
  g_assert_cmpint (sy_decision_get_outcome (decision), ==, SY_OUTCOME_LOCAL_VIABLE);
  g_assert_cmpfloat (sy_decision_get_ops_hours (decision), ==, 10);
  g_assert_cmpfloat (sy_decision_get_ops_hourly_usd (decision), ==, 100);
  last = sy_decision_get_step (decision, count_decisive (decision) - 1);
  g_assert_cmpint (last->check, ==, SY_CHECK_ML_ENGINEERS);
  g_assert_nonnull (strstr (last->result, "Upkeep: 10 hours a month at $100.00 an hour, $1,000.00 a month."));

  answers.ops_hours_per_month = -1;
  bad = sy_decision_new (&answers, NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER);
}

/* The report says what the result says: the note under the verdict, the
 * outcome's guidance. */
static void
test_report_text (void)
{
  g_autoptr(SyCostModel) costs = sy_cost_model_new (NULL);
  g_autoptr(SyDecision) decision = NULL;
  g_autoptr(SyDecision) agrees = NULL;
  g_autoptr(SyDecision) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *agrees_text = NULL;
  g_autofree char *local_text = NULL;
  g_autoptr(GBytes) pdf = NULL;
  SyDecisionAnswers answers;
  guint n_pages;

  sy_cost_model_set_traffic (costs, &traffic_360);
  decision = decide_cost (SY_COST_SOURCE_TRAFFIC, 0, SY_ANSWER_UNANSWERED, costs);
  text = sy_report_dup_text (decision);
  g_assert_nonnull (strstr (text, "Run a pilot"));
  g_assert_nonnull (strstr (text, sy_decision_get_cost_note_title (decision)));
  g_assert_nonnull (strstr (text, "pays back in 4.8 months"));
  /* The note comes right after the verdict, before the answers. */
  g_assert_cmpint (strstr (text, "pays back in 4.8 months") - text, <,
                   strstr (text, "Your Answers and Why They Led On") - text);
  g_assert_nonnull (strstr (text, "Run a 30-day pilot"));
  pdf = sy_report_render (decision, costs, &n_pages, NULL);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (n_pages, ==, 2);

  sy_cost_model_set_traffic (costs, &(SyTraffic) { 5000, 800, 400 });
  agrees = decide_cost (SY_COST_SOURCE_DIRECT, 54, SY_ANSWER_UNANSWERED, costs);
  agrees_text = sy_report_dup_text (agrees);
  g_assert_null (strstr (agrees_text, "Cost Model"));
  g_assert_null (strstr (agrees_text, "pays back"));

  sy_decision_answers_init (&answers);
  answers.pii = SY_ANSWER_YES;
  local = decide (&answers);
  local_text = sy_report_dup_text (local);
  g_assert_nonnull (strstr (local_text, "Local inference required"));
  g_assert_null (strstr (local_text, "Start with the API"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decision/sixteen-combinations", test_all_sixteen);
  g_test_add_func ("/decision/headlines-and-ids", test_headlines_and_ids);
  g_test_add_func ("/decision/pilot-zone", test_pilot_zone);
  g_test_add_func ("/decision/pilot-trace", test_pilot_trace);
  g_test_add_func ("/decision/custom-threshold", test_custom_threshold);
  g_test_add_func ("/decision/computed-cost", test_computed_cost);
  g_test_add_func ("/decision/computed-cost-errors", test_computed_cost_errors);
  g_test_add_func ("/decision/missing-answers", test_missing_answers);
  g_test_add_func ("/decision/refinements-never-override", test_refinements_never_override);
  g_test_add_func ("/decision/offline-decides", test_offline_decides);
  g_test_add_func ("/decision/guidance", test_guidance);
  g_test_add_func ("/decision/cost-model-disagrees", test_cost_model_disagrees);
  g_test_add_func ("/decision/cost-model-boxes", test_cost_model_boxes);
  g_test_add_func ("/decision/cost-model-no-payback", test_cost_model_no_payback);
  g_test_add_func ("/decision/cost-model-agrees", test_cost_model_agrees);
  g_test_add_func ("/decision/ops-time", test_ops_time);
  g_test_add_func ("/report/text", test_report_text);
  g_test_add_func ("/report/pages", test_report_pages);
  g_test_add_func ("/report/write", test_report_write);

  return g_test_run ();
}
