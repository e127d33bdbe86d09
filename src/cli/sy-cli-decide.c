/* sy-cli-decide.c: `switchyard decide`, SPEC §1's four checks on the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sy-cli-private.h"
#include "sy-cost-error.h"
#include "sy-decision.h"

/* "yes" or "no", nothing else: a typo must not become an answer. */
static gboolean
parse_yes_no (const char  *option,
              const char  *text,
              SyAnswer    *out_answer,
              GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (g_ascii_strcasecmp (text, "yes") == 0)
    *out_answer = SY_ANSWER_YES;
  else if (g_ascii_strcasecmp (text, "no") == 0)
    *out_answer = SY_ANSWER_NO;
  else
    {
      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER,
                   _("%s: “%s” is not yes or no"), option, text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_usd (const char  *option,
           const char  *text,
           double      *out_value,
           GError     **error)
{
  double value = *out_value;

  if (!sy_cli_parse_number (option, text, &value, error))
    return FALSE;

  if (text != NULL && (value < 0 || value > SY_COST_MAX_USD))
    {
      g_set_error (error, SY_DECISION_ERROR, SY_DECISION_ERROR_INVALID_ANSWER,
                   _("%s: “%s” is not a dollar amount from 0 to 10,000,000,000"), option, text);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* The option that answers @check. */
static const char *
check_option (SyCheck check)
{
  switch (check)
    {
    case SY_CHECK_PII:
      return "--pii";
    case SY_CHECK_FRONTIER:
      return "--frontier";
    case SY_CHECK_MONTHLY_COST:
      return "--monthly-cost";
    case SY_CHECK_ML_ENGINEERS:
      return "--ml-engineers";
    case SY_CHECK_OFFLINE:
      return "--offline";
    case SY_CHECK_FIRST_TOKEN:
      return "--first-token";
    case SY_CHECK_SPIKY_TRAFFIC:
      return "--spiky-traffic";
    case SY_CHECK_NONE:
    default:
      return "";
    }
}

static void
print_text (SyDecision *decision)
{
  g_auto(GStrv) guidance = sy_decision_dup_guidance (decision);
  guint n = sy_decision_get_n_steps (decision);
  gboolean notes = FALSE;
  guint number = 0;

  g_print ("%s\n", sy_decision_get_headline (decision));
  g_print ("%s\n", sy_decision_get_summary (decision));
  if (sy_decision_get_cost_note (decision) != NULL)
    g_print ("\n%s\n%s\n", sy_decision_get_cost_note_title (decision), sy_decision_get_cost_note (decision));

  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);

      if (!step->decisive)
        continue;

      if (number == 0)
        g_print ("\n%s\n", _("Trace:"));
      number++;
      g_print ("  %u. %s\n", number, step->question);
      /* Translators: the answer, then why it led on */
      g_print (_("     %s — %s\n"), step->answer_text, step->result);
    }

  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);

      if (step->decisive)
        continue;

      if (!notes)
        g_print ("\n%s\n", _("Also weighed:"));
      notes = TRUE;
      g_print ("  • %s %s\n", step->question, step->answer_text);
      g_print ("    %s\n", step->result);
    }

  g_print ("\n%s\n", _("Practical guidance:"));
  for (guint i = 0; guidance[i] != NULL; i++)
    g_print ("  • %s\n", guidance[i]);
}

/* The threshold against the cost model; null when not weighed. */
static void
append_json_cost_model (GString    *out,
                        SyDecision *decision)
{
  const char *id = sy_decision_get_cost_agreement_id (decision);

  if (id == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append (out, "{\"agreement\": ");
  sy_cli_append_json_string (out, id);
  g_string_append (out, ", \"horizon_months\": ");
  sy_cli_append_json_number (out, "%.0f", (double) sy_decision_get_cost_horizon (decision));
  g_string_append (out, ", \"best_option\": ");
  if (sy_decision_get_cost_best_option (decision) != NULL)
    {
      sy_cli_append_json_string (out, sy_decision_get_cost_best_option (decision));
      g_string_append (out, ", \"break_even_months\": ");
      sy_cli_append_json_number (out, "%.1f", sy_decision_get_cost_best_months (decision));
    }
  else
    g_string_append (out, "null, \"break_even_months\": null");
  g_string_append (out, ", \"note\": ");
  if (sy_decision_get_cost_note (decision) != NULL)
    sy_cli_append_json_string (out, sy_decision_get_cost_note (decision));
  else
    g_string_append (out, "null");
  g_string_append (out, "}");
}

static void
print_json (SyDecision *decision)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"outcome\": ");
  guint n = sy_decision_get_n_steps (decision);

  sy_cli_append_json_string (out, sy_decision_get_outcome_id (decision));
  g_string_append (out, ",\n  \"headline\": ");
  sy_cli_append_json_string (out, sy_decision_get_headline (decision));
  g_string_append (out, ",\n  \"monthly_api_usd\": ");
  if (sy_decision_has_monthly_cost (decision))
    sy_cli_append_json_number (out, "%.2f", sy_decision_get_monthly_cost (decision));
  else
    g_string_append (out, "null");
  g_string_append (out, ",\n  \"cost_model\": ");
  append_json_cost_model (out, decision);
  g_string_append (out, ",\n  \"trace\": [");

  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);

      g_string_append (out, i > 0 ? ",\n    {\"check\": " : "\n    {\"check\": ");
      sy_cli_append_json_string (out, sy_check_to_id (step->check));
      g_string_append (out, ", \"answer\": ");
      /* Question 3 is answered with an amount, the others with yes or no. */
      if (step->check == SY_CHECK_MONTHLY_COST)
        sy_cli_append_json_number (out, "%.2f", step->usd);
      else
        sy_cli_append_json_string (out, step->answer == SY_ANSWER_YES ? "yes" : "no");
      g_string_append (out, ", \"result\": ");
      sy_cli_append_json_string (out, step->result);
      g_string_append (out, "}");
    }
  g_string_append (out, n > 0 ? "\n  ]\n}\n" : "]\n}\n");

  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

int
sy_cli_run_decide (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SyPriceTable) prices = NULL;
  g_autoptr(SyDecision) decision = NULL;
  g_autoptr(SyCostModel) costs = NULL;
  g_autofree char *pii = NULL, *frontier = NULL, *ml_engineers = NULL;
  g_autofree char *offline = NULL, *first_token = NULL, *spiky = NULL;
  g_autofree char *monthly_cost = NULL, *threshold = NULL;
  g_autofree char *daily_requests = NULL, *input_tokens = NULL, *output_tokens = NULL;
  g_autofree char *api_model = NULL;
  g_autofree char *reason = NULL;
  g_auto(GStrv) args = NULL;
  gboolean json = FALSE;
  SyDecisionAnswers answers;
  SyCheck missing;
  const GOptionEntry entries[] = {
    { "pii", 0, 0, G_OPTION_ARG_STRING, &pii,
      N_("1. Does the data contain PII, PHI or classified information that must stay in?"), N_("yes|no") },
    { "frontier", 0, 0, G_OPTION_ARG_STRING, &frontier,
      N_("2. Do you need frontier-model quality?"), N_("yes|no") },
    { "monthly-cost", 0, 0, G_OPTION_ARG_STRING, &monthly_cost,
      N_("3. Monthly API cost, or give the traffic below instead"), N_("USD") },
    { "daily-requests", 0, 0, G_OPTION_ARG_STRING, &daily_requests,
      N_("3. Requests a day (with the three options below)"), N_("N") },
    { "input-tokens", 0, 0, G_OPTION_ARG_STRING, &input_tokens,
      N_("3. Average input tokens per request"), N_("N") },
    { "output-tokens", 0, 0, G_OPTION_ARG_STRING, &output_tokens,
      N_("3. Average output tokens per request"), N_("N") },
    { "api-model", 0, 0, G_OPTION_ARG_STRING, &api_model,
      N_("3. API model whose prices apply (gpt-4o-mini, gpt-4o, claude-sonnet-4-5)"), N_("ID") },
    { "ml-engineers", 0, 0, G_OPTION_ARG_STRING, &ml_engineers,
      N_("4. Do you have ML engineers to maintain local inference?"), N_("yes|no") },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &threshold,
      N_("Monthly API cost above which local inference is weighed (default: 500)"), N_("USD") },
    { "offline", 0, 0, G_OPTION_ARG_STRING, &offline,
      N_("Must it work offline or air-gapped? yes requires local inference"), N_("yes|no") },
    { "first-token", 0, 0, G_OPTION_ARG_STRING, &first_token,
      N_("Do users need the first token within a second? (adds a note)"), N_("yes|no") },
    { "spiky-traffic", 0, 0, G_OPTION_ARG_STRING, &spiky,
      N_("Is the traffic spiky? (adds a note)"), N_("yes|no") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print JSON: outcome, headline, monthly_api_usd, cost_model and the trace"), NULL },
    { NULL }
  };
  struct { const char *option; const char *text; gsize offset; } traffic[] = {
    { "--daily-requests", NULL, G_STRUCT_OFFSET (SyTraffic, daily_requests) },
    { "--input-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, input_tokens) },
    { "--output-tokens", NULL, G_STRUCT_OFFSET (SyTraffic, output_tokens) },
  };
  struct { const char *option; const char *text; SyAnswer *answer; } yes_nos[] = {
    { "--pii", NULL, &answers.pii },
    { "--frontier", NULL, &answers.frontier },
    { "--ml-engineers", NULL, &answers.ml_engineers },
    { "--offline", NULL, &answers.offline },
    { "--first-token", NULL, &answers.first_token },
    { "--spiky-traffic", NULL, &answers.spiky_traffic },
  };
  gboolean any_traffic;

  /* Translators: the rest of "Usage: switchyard decide [OPTION…]" */
  context = g_option_context_new (_("— run models locally or use an API?"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    /* xgettext:no-c-format */
    _("The checks run in order and the first that decides, decides; answers a\n"
      "decision does not need may be left out. From $200 a month up to the\n"
      "threshold the outcome is a 30-day pilot on 10 % of the traffic.\n\n"
      "Examples:\n"
      "  switchyard decide --pii no --frontier no --monthly-cost 800 --ml-engineers yes\n"
      "  switchyard decide --pii no --frontier no --daily-requests 5000 --input-tokens 800 \\\n"
      "      --output-tokens 400 --api-model gpt-4o --ml-engineers yes --json\n\n"
      "Outcomes: local-required, use-api, api-cheaper, stick-with-api, local-viable, pilot.\n"
      "Exit status: 0 decided, 2 bad input or a needed answer missing."));

  args = g_new0 (char *, argc + 1);
  args[0] = g_strdup ("switchyard decide");
  for (int i = 1; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_set_prgname ("switchyard decide");

  if (!g_option_context_parse_strv (context, &args, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), args[1]);

      return sy_cli_fail (EXIT_BAD_INPUT, "decide", message);
    }

  sy_decision_answers_init (&answers);

  yes_nos[0].text = pii;
  yes_nos[1].text = frontier;
  yes_nos[2].text = ml_engineers;
  yes_nos[3].text = offline;
  yes_nos[4].text = first_token;
  yes_nos[5].text = spiky;
  for (guint i = 0; i < G_N_ELEMENTS (yes_nos); i++)
    if (!parse_yes_no (yes_nos[i].option, yes_nos[i].text, yes_nos[i].answer, &error))
      return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  if (!parse_usd ("--threshold", threshold, &answers.threshold_usd, &error))
    return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

  /* Question 3: an amount or the traffic, all of it, not both. */
  traffic[0].text = daily_requests;
  traffic[1].text = input_tokens;
  traffic[2].text = output_tokens;
  any_traffic = daily_requests != NULL || input_tokens != NULL || output_tokens != NULL || api_model != NULL;
  if (monthly_cost != NULL && any_traffic)
    return sy_cli_fail (EXIT_BAD_INPUT, "decide",
                        _("give --monthly-cost or the traffic (--daily-requests, --input-tokens, --output-tokens, --api-model), not both"));

  if (monthly_cost != NULL)
    {
      if (!parse_usd ("--monthly-cost", monthly_cost, &answers.monthly_cost_usd, &error))
        return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
      answers.cost_source = SY_COST_SOURCE_DIRECT;
    }
  else if (any_traffic)
    {
      for (guint i = 0; i < G_N_ELEMENTS (traffic); i++)
        {
          SyTraffic one = { 0, 0, 0 };
          double *value = &G_STRUCT_MEMBER (double, &answers.traffic, traffic[i].offset);

          if (traffic[i].text == NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("%s is needed: the monthly cost is computed from the traffic"),
                                 traffic[i].option);

              return sy_cli_fail (EXIT_BAD_INPUT, "decide", message);
            }
          if (!sy_cli_parse_number (traffic[i].option, traffic[i].text, value, &error))
            return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);

          /* Each field alone, so the message names the option. */
          G_STRUCT_MEMBER (double, &one, traffic[i].offset) = *value;
          if (!sy_traffic_validate (&one, &error))
            return sy_cli_fail (EXIT_BAD_INPUT, traffic[i].option, error->message);
        }
      if (api_model == NULL)
        return sy_cli_fail (EXIT_BAD_INPUT, "decide",
                            _("--api-model is needed: the monthly cost is computed from the traffic"));
      answers.cost_source = SY_COST_SOURCE_TRAFFIC;
      answers.api_model = api_model;
    }

  /* Machines read JSON: its sentences stay in SPEC's English. */
  if (json)
    {
      setlocale (LC_MESSAGES, "C");
      setlocale (LC_NUMERIC, "C");
    }

  /* The shipped prices only: the same answer on every machine. */
  prices = sy_price_table_new_default ();
  missing = sy_decision_find_missing (&answers, prices, &reason, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, SY_COST_ERROR, SY_COST_ERROR_UNKNOWN_MODEL))
        {
          g_auto(GStrv) known = sy_price_table_dup_models (prices);
          g_autofree char *joined = g_strjoinv (", ", known);
          g_autofree char *message = g_strdup_printf (_("%s (known: %s)"), error->message, joined);

          return sy_cli_fail (EXIT_BAD_INPUT, "--api-model", message);
        }
      return sy_cli_fail (EXIT_BAD_INPUT, NULL, error->message);
    }

  if (missing != SY_CHECK_NONE)
    {
      g_autofree char *message = NULL;

      if (missing == SY_CHECK_MONTHLY_COST)
        message = g_strdup_printf (_("--monthly-cost or the traffic (--daily-requests, --input-tokens, --output-tokens, --api-model) is needed: %s"),
                                   reason);
      else
        /* Translators: "--ml-engineers is needed: monthly API cost … threshold" */
        message = g_strdup_printf (_("%s is needed: %s"), check_option (missing), reason);

      return sy_cli_fail (EXIT_BAD_INPUT, "decide", message);
    }

  decision = sy_decision_new (&answers, prices, &error);
  if (decision == NULL)
    return sy_cli_fail (EXIT_BAD_INPUT, "decide", error->message);

  /* SPEC's options and horizon, as `switchyard break-even` sees them.
   * Traffic the decision accepts but no box could serve (billions of
   * boxes) leaves the comparison out ("cost_model": null), not the
   * decision. */
  costs = sy_cost_model_new (prices);
  sy_decision_weigh_costs (decision, costs, NULL);

  if (json)
    print_json (decision);
  else
    print_text (decision);

  return 0;
}
