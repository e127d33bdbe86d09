/* sy-wizard-answers.c: the Decide page's questions and its answers table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers live in a table of GVariants keyed like the GSettings dictionary
 * `wizard-answers` (a{sv}): pii, frontier, ml-engineers, offline,
 * first-token, spiky-traffic (b); cost-source ("direct" or "traffic"),
 * api-model (s); monthly-cost, daily-requests, input-tokens,
 * output-tokens, ops-hours, ops-hourly-usd (d). A missing key is an unanswered question.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-wizard-page-private.h"

/* The yes/no questions; step 2 (the cost) has its own widgets. */
static const SyWizardQuestion questions[SY_WIZARD_N_QUESTIONS] = {
  { "pii",
    N_("Must the Data Stay In-house?"),
    N_("Personal data (PII), health records (PHI) or classified information that law, a contract or policy keeps on your own infrastructure."),
    N_("Yes, it must not leave our infrastructure"),
    N_("Patient notes, customer records under a data-processing agreement, government or defence material"),
    N_("No, it may go to a hosted API"),
    N_("Public documents, product descriptions, source code, anonymised or synthetic data") },
  { "frontier",
    N_("Do You Need Frontier Quality?"),
    N_("Complex reasoning, nuanced writing or state-of-the-art code generation: what only the largest hosted models, such as GPT-4o or Claude Sonnet, do reliably today."),
    N_("Yes, only the best model will do"),
    N_("Multi-step legal or financial analysis, an agent that writes and fixes code, long texts in a brand voice"),
    N_("No, a good open model is enough"),
    N_("Classification, extraction, summaries, answers from your own documents (RAG), chat on a narrow topic") },
  { "monthly-cost",
    N_("What Does the API Cost a Month?"),
    N_("Above the threshold, running models on your own hardware may pay for itself. Give the amount on your bill, or your traffic and let Switchyard compute it."),
    NULL, NULL, NULL, NULL },
  { "ml-engineers",
    N_("Can You Run It Yourselves?"),
    N_("Local inference is a service to keep up: drivers and runtimes to update, models to swap and evaluate, GPUs to monitor, outages to handle at night."),
    N_("Yes, we have ML engineers for it"),
    N_("People who have run GPU servers, vLLM or Ollama in production"),
    N_("No, not at the moment"),
    N_("A product team without machine-learning operations experience") },
};

static const char *refine_keys[SY_WIZARD_N_REFINEMENTS] = { "offline", "first-token", "spiky-traffic" };

const SyWizardQuestion *
sy_wizard_question_get (guint step)
{
  g_return_val_if_fail (step < SY_WIZARD_N_QUESTIONS, NULL);

  return &questions[step];
}

const char *
sy_wizard_refine_key (guint index)
{
  g_return_val_if_fail (index < SY_WIZARD_N_REFINEMENTS, NULL);

  return refine_keys[index];
}

gboolean
sy_wizard_answers_valid (const char *key,
                         GVariant   *value)
{
  static const char *bools[] = { "pii", "frontier", "ml-engineers", "offline", "first-token", "spiky-traffic" };
  static const char *doubles[] = { "monthly-cost", "daily-requests", "input-tokens", "output-tokens",
                                   "ops-hours", "ops-hourly-usd" };

  if (g_strcmp0 (key, "cost-source") == 0)
    return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
           (g_str_equal (g_variant_get_string (value, NULL), "direct") ||
            g_str_equal (g_variant_get_string (value, NULL), "traffic"));
  if (g_strcmp0 (key, "api-model") == 0)
    return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
  /* Out of range, the decision would refuse every answer with it. */
  if (g_strcmp0 (key, "ops-hours") == 0 || g_strcmp0 (key, "ops-hourly-usd") == 0)
    return g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE) &&
           g_variant_get_double (value) >= 0 &&
           g_variant_get_double (value) <= (g_str_equal (key, "ops-hours") ? SY_DECISION_MAX_OPS_HOURS
                                                                           : SY_DECISION_MAX_OPS_HOURLY_USD);
  for (guint i = 0; i < G_N_ELEMENTS (bools); i++)
    if (g_strcmp0 (key, bools[i]) == 0)
      return g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    if (g_strcmp0 (key, doubles[i]) == 0)
      return g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE);

  return FALSE;
}

SyAnswer
sy_wizard_answers_get_yes_no (GHashTable *answers,
                              const char *key)
{
  GVariant *value = g_hash_table_lookup (answers, key);

  if (value == NULL)
    return SY_ANSWER_UNANSWERED;

  return g_variant_get_boolean (value) ? SY_ANSWER_YES : SY_ANSWER_NO;
}

double
sy_wizard_answers_get_double (GHashTable *answers,
                              const char *key,
                              double      fallback)
{
  GVariant *value = g_hash_table_lookup (answers, key);

  return value != NULL ? g_variant_get_double (value) : fallback;
}

const char *
sy_wizard_answers_get_string (GHashTable *answers,
                              const char *key)
{
  GVariant *value = g_hash_table_lookup (answers, key);

  return value != NULL ? g_variant_get_string (value, NULL) : NULL;
}

void
sy_wizard_answers_build (GHashTable        *table,
                         double             threshold_usd,
                         SyDecisionAnswers *answers)
{
  const char *source = sy_wizard_answers_get_string (table, "cost-source");

  sy_decision_answers_init (answers);
  answers->pii = sy_wizard_answers_get_yes_no (table, "pii");
  answers->frontier = sy_wizard_answers_get_yes_no (table, "frontier");
  answers->ml_engineers = sy_wizard_answers_get_yes_no (table, "ml-engineers");
  answers->offline = sy_wizard_answers_get_yes_no (table, "offline");
  answers->first_token = sy_wizard_answers_get_yes_no (table, "first-token");
  answers->spiky_traffic = sy_wizard_answers_get_yes_no (table, "spiky-traffic");
  answers->threshold_usd = threshold_usd;
  answers->ops_hours_per_month = sy_wizard_answers_get_double (table, "ops-hours", 0);
  answers->ops_hourly_usd = sy_wizard_answers_get_double (table, "ops-hourly-usd", 0);

  if (g_strcmp0 (source, "direct") == 0 && g_hash_table_contains (table, "monthly-cost"))
    {
      answers->cost_source = SY_COST_SOURCE_DIRECT;
      answers->monthly_cost_usd = sy_wizard_answers_get_double (table, "monthly-cost", 0);
    }
  else if (g_strcmp0 (source, "traffic") == 0)
    {
      answers->cost_source = SY_COST_SOURCE_TRAFFIC;
      answers->traffic.daily_requests = sy_wizard_answers_get_double (table, "daily-requests", 0);
      answers->traffic.input_tokens = sy_wizard_answers_get_double (table, "input-tokens", 0);
      answers->traffic.output_tokens = sy_wizard_answers_get_double (table, "output-tokens", 0);
      answers->api_model = sy_wizard_answers_get_string (table, "api-model");
    }
}

GVariant *
sy_wizard_answers_to_variant (GHashTable *answers)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&builder, "{sv}", key, value);

  return g_variant_builder_end (&builder);
}

void
sy_wizard_answers_load (GHashTable *answers,
                        GVariant   *saved)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  /* Whatever an older version (or a hand edit) left that is not an answer
   * is dropped. */
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    if (sy_wizard_answers_valid (key, value))
      g_hash_table_insert (answers, g_strdup (key), g_variant_ref (value));
}
