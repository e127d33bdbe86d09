/* sy-wizard-page.c: the Decide page, SPEC §1's four questions one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answers (sy-wizard-answers.c) go to SyDecision, which decides; this
 * page only asks and shows.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-confirm.h"
#include "sy-field-check.h"
#include "sy-report.h"
#include "sy-wizard-page-private.h"

#define N_QUESTIONS SY_WIZARD_N_QUESTIONS
#define STEP_COST   SY_WIZARD_STEP_COST


G_DEFINE_FINAL_TYPE (SyWizardPage, sy_wizard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_OPS_HOURS_PER_MONTH,
  PROP_OPS_HOURLY_USD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (SyWizardPage *self);

/* Auxiliary functions */

#define get_yes_no(self, key)           sy_wizard_answers_get_yes_no ((self)->answers, key)
#define get_double(self, key, fallback) sy_wizard_answers_get_double ((self)->answers, key, fallback)
#define get_string(self, key)           sy_wizard_answers_get_string ((self)->answers, key)

void
sy_wizard_page_build_answers (SyWizardPage      *self,
                              SyDecisionAnswers *answers)
{
  sy_wizard_answers_build (self->answers, g_settings_get_double (self->settings, "decision-threshold"), answers);
}


/* Auxiliary functions */

static SyPriceTable *
get_prices (SyWizardPage *self)
{
  return sy_cost_model_get_price_table (self->cost_model);
}

/* Question 3's way of answering: the bill until the user picks traffic,
 * since the amount on the bill is the simpler question. */
static const char *
get_cost_source (SyWizardPage *self)
{
  const char *source = get_string (self, "cost-source");

  return source != NULL ? source : "direct";
}

/* Question 3 as a figure; FALSE (and why) when it cannot be had. */
static gboolean
compute_cost (SyWizardPage  *self,
              double        *out_usd,
              GError       **error)
{
  SyDecisionAnswers answers;

  sy_wizard_page_build_answers (self, &answers);
  switch (answers.cost_source)
    {
    case SY_COST_SOURCE_DIRECT:
      *out_usd = answers.monthly_cost_usd;
      return TRUE;
    case SY_COST_SOURCE_TRAFFIC:
      return sy_decision_compute_monthly_cost (get_prices (self), &answers.traffic,
                                               answers.api_model, out_usd, error);
    case SY_COST_SOURCE_NONE:
    default:
      g_set_error_literal (error, SY_DECISION_ERROR, SY_DECISION_ERROR_MISSING_ANSWER,
                           _("Enter the monthly bill or your traffic"));
      return FALSE;
    }
}

static gboolean
step_is_answered (SyWizardPage *self,
                  guint         step)
{
  double usd;

  if (step == STEP_COST)
    return compute_cost (self, &usd, NULL);
  if (step < N_QUESTIONS)
    return g_hash_table_contains (self->answers, sy_wizard_question_get (step)->key);

  return self->decision != NULL;
}

static guint
step_for_check (SyCheck check)
{
  switch (check)
    {
    case SY_CHECK_FRONTIER:
      return 1;
    case SY_CHECK_MONTHLY_COST:
      return STEP_COST;
    case SY_CHECK_ML_ENGINEERS:
      return 3;
    case SY_CHECK_PII:
    case SY_CHECK_OFFLINE:
    default:
      return 0;
    }
}

/* Where Next leads from @step: the result once the answers so far decide. */
static guint
next_step (SyWizardPage *self,
           guint         step)
{
  if (self->decision != NULL &&
      step_for_check (sy_decision_get_deciding_check (self->decision)) <= step)
    return SY_WIZARD_STEP_RESULT;

  return MIN (step + 1, SY_WIZARD_STEP_RESULT);
}

static void
save_answers (SyWizardPage *self)
{
  g_settings_set_value (self->settings, "wizard-answers", sy_wizard_answers_to_variant (self->answers));
}

static void
store_answer (SyWizardPage *self,
              const char   *key,
              GVariant     *value)
{
  if (value == NULL)
    g_hash_table_remove (self->answers, key);
  else
    g_hash_table_insert (self->answers, g_strdup (key), g_variant_ref_sink (value));
}

static void
store_traffic_from_widgets (SyWizardPage *self)
{
  guint selected = adw_combo_row_get_selected (self->api_model_row);

  store_answer (self, "daily-requests", g_variant_new_double (gtk_adjustment_get_value (self->daily_requests_adjustment)));
  store_answer (self, "input-tokens", g_variant_new_double (gtk_adjustment_get_value (self->input_tokens_adjustment)));
  store_answer (self, "output-tokens", g_variant_new_double (gtk_adjustment_get_value (self->output_tokens_adjustment)));
  if (selected != GTK_INVALID_LIST_POSITION)
    store_answer (self, "api-model", g_variant_new_string (gtk_string_list_get_string (self->api_models, selected)));
}

/* Takes @value (floating or NULL to forget the answer), saves, refreshes. */
static void
set_answer (SyWizardPage *self,
            const char   *key,
            GVariant     *value)
{
  g_autoptr(GVariant) owned = value != NULL ? g_variant_ref_sink (value) : NULL;

  if (owned != NULL && !sy_wizard_answers_valid (key, owned))
    {
      g_debug ("Ignoring answer %s of type %s", key, g_variant_get_type_string (owned));
      return;
    }

  store_answer (self, key, owned);
  /* An amount typed under the default "Monthly Bill" answers with it. */
  if (g_strcmp0 (key, "monthly-cost") == 0 && owned != NULL &&
      !g_hash_table_contains (self->answers, "cost-source"))
    store_answer (self, "cost-source", g_variant_new_string ("direct"));
  /* Choosing "from traffic" answers with the traffic shown, which starts
   * as the Costs page's. */
  if (g_strcmp0 (key, "cost-source") == 0 && owned != NULL &&
      g_str_equal (g_variant_get_string (owned, NULL), "traffic") &&
      !g_hash_table_contains (self->answers, "daily-requests"))
    store_traffic_from_widgets (self);

  /* A yes to question 4 asks for the upkeep, starting from a guess the
   * user can see and correct rather than from nothing. */
  if (g_strcmp0 (key, "ml-engineers") == 0 && owned != NULL && g_variant_get_boolean (owned))
    {
      if (!g_hash_table_contains (self->answers, "ops-hours"))
        store_answer (self, "ops-hours", g_variant_new_double (SY_DECISION_DEFAULT_OPS_HOURS));
      if (!g_hash_table_contains (self->answers, "ops-hourly-usd"))
        store_answer (self, "ops-hourly-usd", g_variant_new_double (SY_DECISION_DEFAULT_OPS_HOURLY_USD));
    }

  save_answers (self);
  /* An answer (from the keyboard, a test or a script) is a beginning. */
  if (!self->begun)
    {
      self->begun = TRUE;
      g_settings_set_boolean (self->settings, "wizard-begun", TRUE);
    }
  refresh (self);
}

static void
go_to_step (SyWizardPage *self,
            guint         step)
{
  self->step = MIN (step, SY_WIZARD_STEP_RESULT);
  g_settings_set_uint (self->settings, "wizard-step", self->step);
  refresh (self);

  /* A new question starts at the top, with the focus on its first answer. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

static void
select_api_model (SyWizardPage *self,
                  const char   *model)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->api_models));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->api_models, i), model) == 0)
      {
        adw_combo_row_set_selected (self->api_model_row, i);
        return;
      }
}

static void
rebuild_api_models (SyWizardPage *self)
{
  g_auto(GStrv) models = sy_price_table_dup_models (get_prices (self));
  const char *current = get_string (self, "api-model");

  if (current == NULL)
    current = sy_cost_model_get_api_model (self->cost_model);

  self->updating = TRUE;
  gtk_string_list_splice (self->api_models, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->api_models)),
                          (const char * const *) models);
  select_api_model (self, current);
  self->updating = FALSE;
}

static void
update_cost_step (SyWizardPage *self)
{
  const char *source = get_cost_source (self);
  g_autoptr(GError) error = NULL;
  double threshold = g_settings_get_double (self->settings, "decision-threshold");
  g_autofree char *threshold_text = sy_cost_format_usd (threshold);
  double usd;

  gtk_toggle_button_set_active (self->direct_toggle, g_str_equal (source, "direct"));
  gtk_toggle_button_set_active (self->traffic_toggle, g_str_equal (source, "traffic"));
  gtk_stack_set_visible_child_name (self->cost_stack, source);

  gtk_adjustment_set_value (self->monthly_cost_adjustment, get_double (self, "monthly-cost", 0));
  if (g_str_equal (source, "traffic"))
    {
      gtk_adjustment_set_value (self->daily_requests_adjustment, get_double (self, "daily-requests", 0));
      gtk_adjustment_set_value (self->input_tokens_adjustment, get_double (self, "input-tokens", 0));
      gtk_adjustment_set_value (self->output_tokens_adjustment, get_double (self, "output-tokens", 0));
      select_api_model (self, get_string (self, "api-model"));
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->cost_figure_label), "error");
  if (compute_cost (self, &usd, &error))
    {
      g_autofree char *usd_text = sy_cost_format_usd (usd);
      g_autofree char *floor_text = sy_cost_format_usd (SY_DECISION_PILOT_FLOOR_USD);
      g_autofree char *figure = g_strdup_printf (_("%s a month"), usd_text);
      g_autofree char *verdict = NULL;

      if (usd > threshold)
        verdict = g_strdup_printf (_("Above the %s threshold: one more question."), threshold_text);
      else if (usd >= SY_DECISION_PILOT_FLOOR_USD)
        verdict = g_strdup_printf (_("Not above the %s threshold, but over %s: the result will suggest a pilot."),
                                   threshold_text, floor_text);
      else
        verdict = g_strdup_printf (_("Not above the %s threshold: the API is cheaper all-in."), threshold_text);

      gtk_label_set_text (self->cost_figure_label, figure);
      gtk_label_set_text (self->cost_verdict_label, verdict);
    }
  else if (g_str_equal (source, "traffic"))
    {
      gtk_label_set_text (self->cost_figure_label, _("Cannot compute the cost"));
      gtk_label_set_text (self->cost_verdict_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->cost_figure_label), "error");
    }
  else
    {
      /* The field above says what to enter; the card says what it is for. */
      g_autofree char *verdict = g_strdup_printf (_("It will be weighed against the %s threshold."), threshold_text);

      gtk_label_set_text (self->cost_figure_label, _("No amount yet"));
      gtk_label_set_text (self->cost_verdict_label, verdict);
    }
}

static void
update_question (SyWizardPage *self)
{
  guint step = self->step;
  SyAnswer answer;

  g_free (self->step_text);
  /* Translators: "Step 2 of 4" */
  self->step_text = g_strdup_printf (_("Step %u of %u"), step + 1, N_QUESTIONS);
  gtk_label_set_text (self->step_label, self->step_text);
  gtk_label_set_text (self->title_label, _(sy_wizard_question_get (step)->title));
  gtk_label_set_text (self->explanation_label, _(sy_wizard_question_get (step)->explanation));

  if (step == STEP_COST)
    {
      gtk_stack_set_visible_child_name (self->answer_stack, "cost");
      update_cost_step (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->answer_stack, "yes-no");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->yes_row), _(sy_wizard_question_get (step)->yes_title));
  adw_action_row_set_subtitle (self->yes_row, _(sy_wizard_question_get (step)->yes_examples));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->no_row), _(sy_wizard_question_get (step)->no_title));
  adw_action_row_set_subtitle (self->no_row, _(sy_wizard_question_get (step)->no_examples));

  answer = get_yes_no (self, sy_wizard_question_get (step)->key);
  gtk_widget_set_visible (self->ops_group, g_str_equal (sy_wizard_question_get (step)->key, "ml-engineers") &&
                                           answer == SY_ANSWER_YES);
  gtk_adjustment_set_value (self->ops_hours_adjustment, get_double (self, "ops-hours", SY_DECISION_DEFAULT_OPS_HOURS));
  gtk_adjustment_set_value (self->ops_rate_adjustment, get_double (self, "ops-hourly-usd", SY_DECISION_DEFAULT_OPS_HOURLY_USD));
  gtk_check_button_set_active (self->yes_check, answer == SY_ANSWER_YES);
  gtk_check_button_set_active (self->no_check, answer == SY_ANSWER_NO);
  if (answer == SY_ANSWER_UNANSWERED)
    {
      gtk_check_button_set_active (self->yes_check, FALSE);
      gtk_check_button_set_active (self->no_check, FALSE);
    }
}

static void
update_result (SyWizardPage *self)
{
  for (guint i = 0; i < SY_WIZARD_N_REFINEMENTS; i++)
    {
      AdwComboRow *rows[] = { self->offline_row, self->first_token_row, self->spiky_row };
      SyAnswer answer = get_yes_no (self, sy_wizard_refine_key (i));

      /* 0 not answered, 1 yes, 2 no */
      adw_combo_row_set_selected (rows[i], answer == SY_ANSWER_YES ? 1 : answer == SY_ANSWER_NO ? 2 : 0);
    }

  if (self->decision == NULL)
    return;

  gtk_image_set_from_icon_name (self->outcome_icon,
                                sy_wizard_result_outcome_icon (sy_decision_get_outcome (self->decision)));
  gtk_label_set_text (self->headline_label, sy_decision_get_headline (self->decision));
  gtk_label_set_text (self->summary_label, sy_decision_get_summary (self->decision));
  sy_wizard_result_show_cost_note (self);
  sy_wizard_result_fill_trace (self->trace_list, self->notes_list, self->decision);
  sy_wizard_result_fill_guidance (self->guidance_list, self->decision);
}

static void
update_ops (SyWizardPage            *self,
            const SyDecisionAnswers *answers)
{
  gboolean yes = answers->ml_engineers == SY_ANSWER_YES;
  double hours = yes ? answers->ops_hours_per_month : 0;
  double rate = yes ? answers->ops_hourly_usd : 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (hours != self->ops_hours)
    {
      self->ops_hours = hours;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPS_HOURS_PER_MONTH]);
    }
  if (rate != self->ops_hourly_usd)
    {
      self->ops_hourly_usd = rate;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPS_HOURLY_USD]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* Question 4's upkeep is the cost model's ops time; the answers restored
   * when the page is built must not overwrite what the Costs page holds. */
  if (yes && self->ops_answer_seen)
    {
      SyCostInputs inputs;

      sy_cost_model_get_inputs (self->cost_model, &inputs);
      if (inputs.ops_hours_per_month != hours || inputs.ops_hourly_usd != rate)
        {
          inputs.ops_hours_per_month = hours;
          inputs.ops_hourly_usd = rate;
          sy_cost_model_set_inputs (self->cost_model, &inputs);
        }
    }
  self->ops_answer_seen = TRUE;
}

static void
refresh (SyWizardPage *self)
{
  SyDecisionAnswers answers;
  gboolean on_result;

  if (self->updating)
    return;

  sy_wizard_page_build_answers (self, &answers);
  g_clear_object (&self->decision);
  self->decision = sy_decision_new (&answers, get_prices (self), NULL);
  /* Against what the Costs page computes; an option being edited there
   * (invalid for a moment) leaves the result without the comparison. */
  if (self->decision != NULL)
    sy_decision_weigh_costs (self->decision, self->cost_model, NULL);
  update_ops (self, &answers);

  /* An answer withdrawn under the result: back to the question it needs. */
  if (self->step == SY_WIZARD_STEP_RESULT && self->decision == NULL)
    {
      SyCheck missing = sy_decision_find_missing (&answers, get_prices (self), NULL, NULL);

      self->step = missing != SY_CHECK_NONE ? step_for_check (missing) : STEP_COST;
      g_settings_set_uint (self->settings, "wizard-step", self->step);
    }

  gtk_stack_set_visible_child_name (self->welcome_stack, self->begun ? "wizard" : "welcome");

  self->updating = TRUE;
  on_result = self->step == SY_WIZARD_STEP_RESULT;
  gtk_stack_set_visible_child_name (self->stack, on_result ? "result" : "question");
  if (on_result)
    update_result (self);
  else
    update_question (self);
  self->updating = FALSE;

  gtk_button_set_label (GTK_BUTTON (self->next_button),
                        !on_result && step_is_answered (self, self->step) &&
                        next_step (self, self->step) == SY_WIZARD_STEP_RESULT
                        ? _("See _Result") : _("_Next"));
  gtk_widget_set_visible (self->next_button, !on_result);
  gtk_widget_set_visible (self->start_over_button, on_result || g_hash_table_size (self->answers) > 0);

  /* On the welcome, Next (Enter) is Start. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next",
                                 !self->begun || (!on_result && step_is_answered (self, self->step)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.back", self->begun && self->step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.begin", !self->begun);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.see-break-even", on_result);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.export-report", on_result);
}

/* Callbacks */

static void
on_yes_no_toggled_cb (GtkCheckButton *check,
                      SyWizardPage   *self)
{
  if (self->updating || !gtk_check_button_get_active (check) || self->step >= N_QUESTIONS)
    return;

  set_answer (self, sy_wizard_question_get (self->step)->key, g_variant_new_boolean (check == self->yes_check));
}

static void
on_cost_source_toggled_cb (GtkToggleButton *button,
                           SyWizardPage    *self)
{
  if (self->updating || !gtk_toggle_button_get_active (button))
    return;

  set_answer (self, "cost-source", g_variant_new_string (button == self->traffic_toggle ? "traffic" : "direct"));
}

static void
on_adjustment_changed_cb (GtkAdjustment *adjustment,
                          SyWizardPage  *self)
{
  const char *key = g_object_get_data (G_OBJECT (adjustment), "sy-answer-key");

  if (self->updating)
    return;

  set_answer (self, key, g_variant_new_double (gtk_adjustment_get_value (adjustment)));
}

static void
on_api_model_selected_cb (AdwComboRow  *row,
                          GParamSpec   *pspec,
                          SyWizardPage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  set_answer (self, "api-model", g_variant_new_string (gtk_string_list_get_string (self->api_models, selected)));
}

static void
on_refine_selected_cb (AdwComboRow  *row,
                       GParamSpec   *pspec,
                       SyWizardPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "sy-answer-key");
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating)
    return;

  set_answer (self, key, selected == 1 ? g_variant_new_boolean (TRUE)
                         : selected == 2 ? g_variant_new_boolean (FALSE) : NULL);
}

static void
on_threshold_changed_cb (GSettings    *settings,
                         const char   *key,
                         SyWizardPage *self)
{
  refresh (self);
}

static void
on_cost_model_changed_cb (SyCostModel  *model,
                          SyWizardPage *self)
{
  refresh (self);
}

static void
on_prices_changed_cb (SyPriceTable *prices,
                      SyWizardPage *self)
{
  rebuild_api_models (self);
  refresh (self);
}

/* Actions */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);

  if (!self->begun)
    {
      gtk_widget_activate_action (widget, "wizard.begin", NULL);
      return;
    }

  /* Text still being typed counts; text that is not a number keeps the
   * step here, its error showing, rather than going on with the old one. */
  if (!sy_field_check_commit_spins (self->monthly_cost_spin, self->daily_requests_spin, self->input_tokens_spin,
                                    self->output_tokens_spin, self->threshold_spin,
                                    self->ops_hours_spin, self->ops_rate_spin, NULL))
    return;

  if (self->step < SY_WIZARD_STEP_RESULT && step_is_answered (self, self->step))
    go_to_step (self, next_step (self, self->step));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);

  if (self->step == SY_WIZARD_STEP_RESULT && self->decision != NULL)
    go_to_step (self, step_for_check (sy_decision_get_deciding_check (self->decision)));
  else if (self->step > 0)
    go_to_step (self, self->step - 1);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);
  g_autofree char *key = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GVariant) inner = NULL;

  g_variant_get (parameter, "(sv)", &key, &value);
  /* A maybe: nothing forgets the answer, something gives it. */
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    inner = g_variant_get_maybe (value);
  else
    inner = g_variant_ref (value);

  set_answer (self, key, g_steal_pointer (&inner));
}

static void
begin_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);

  self->begun = TRUE;
  g_settings_set_boolean (self->settings, "wizard-begun", TRUE);
  go_to_step (self, 0);
  gtk_widget_child_focus (self->scroller, GTK_DIR_TAB_FORWARD);
}

/* Start Over keeps the welcome away: whoever starts over knows what
 * Switchyard is and wants question 1, one click sooner. */
static void
start_over (SyWizardPage *self)
{
  SyTraffic traffic;

  g_hash_table_remove_all (self->answers);
  g_settings_reset (self->settings, "wizard-answers");

  /* The traffic question starts from the Costs page again. */
  sy_cost_model_get_traffic (self->cost_model, &traffic);
  self->updating = TRUE;
  gtk_adjustment_set_value (self->daily_requests_adjustment, traffic.daily_requests);
  gtk_adjustment_set_value (self->input_tokens_adjustment, traffic.input_tokens);
  gtk_adjustment_set_value (self->output_tokens_adjustment, traffic.output_tokens);
  select_api_model (self, sy_cost_model_get_api_model (self->cost_model));
  self->updating = FALSE;

  go_to_step (self, 0);
}

static void
on_start_over_confirmed_cb (GtkWidget *widget,
                            gboolean   confirmed)
{
  if (confirmed)
    start_over (SY_WIZARD_PAGE (widget));
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);

  if (g_hash_table_size (self->answers) == 0)
    {
      start_over (self);
      return;
    }

  sy_confirm_destructive (widget, _("Start Over?"),
                          _("All your answers will be discarded."),
                          "start-over", _("_Start Over"), on_start_over_confirmed_cb);
}

static void
see_break_even_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SyWizardPage *self = SY_WIZARD_PAGE (widget);
  SyDecisionAnswers answers;

  sy_wizard_page_build_answers (self, &answers);
  if (answers.cost_source == SY_COST_SOURCE_TRAFFIC &&
      sy_traffic_validate (&answers.traffic, NULL) &&
      sy_price_table_contains (get_prices (self), answers.api_model))
    {
      sy_cost_model_set_traffic (self->cost_model, &answers.traffic);
      sy_cost_model_set_api_model (self->cost_model, answers.api_model);
    }

  gtk_widget_activate_action (widget, "win.show-page", "s", "costs");
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sy_wizard_result_run_export (SY_WIZARD_PAGE (widget));
}

/* GObject overrides */

static void
restore (SyWizardPage *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "wizard-answers");
  SyTraffic traffic;
  guint step;

  sy_wizard_answers_load (self->answers, saved);

  /* Answers from before there was a welcome count as a beginning. */
  self->begun = g_settings_get_boolean (self->settings, "wizard-begun") ||
                g_hash_table_size (self->answers) > 0 ||
                g_settings_get_uint (self->settings, "wizard-step") > 0;

  /* The traffic question starts from the Costs page's traffic. */
  sy_cost_model_get_traffic (self->cost_model, &traffic);
  gtk_adjustment_set_value (self->daily_requests_adjustment, traffic.daily_requests);
  gtk_adjustment_set_value (self->input_tokens_adjustment, traffic.input_tokens);
  gtk_adjustment_set_value (self->output_tokens_adjustment, traffic.output_tokens);
  rebuild_api_models (self);

  /* Never past a question that has no answer yet. */
  step = MIN (g_settings_get_uint (self->settings, "wizard-step"), SY_WIZARD_STEP_RESULT);
  for (guint i = 0; i < step && i < N_QUESTIONS; i++)
    if (!step_is_answered (self, i))
      {
        SyDecisionAnswers answers;

        sy_wizard_page_build_answers (self, &answers);
        if (sy_decision_find_missing (&answers, get_prices (self), NULL, NULL) != SY_CHECK_NONE)
          step = i;
        break;
      }
  self->step = step;
  self->updating = FALSE;
  refresh (self);
}

static void
sy_wizard_page_constructed (GObject *object)
{
  SyWizardPage *self = SY_WIZARD_PAGE (object);

  G_OBJECT_CLASS (sy_wizard_page_parent_class)->constructed (object);

  g_assert (self->cost_model != NULL);

  g_settings_bind (self->settings, "decision-threshold", self->threshold_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::decision-threshold",
                           G_CALLBACK (on_threshold_changed_cb), self, 0);
  g_signal_connect_object (get_prices (self), "changed", G_CALLBACK (on_prices_changed_cb), self, 0);
  /* The result weighs the answers against the Costs page's options. */
  g_signal_connect_object (self->cost_model, "changed", G_CALLBACK (on_cost_model_changed_cb), self, 0);

  restore (self);
}

static void
sy_wizard_page_dispose (GObject *object)
{
  SyWizardPage *self = SY_WIZARD_PAGE (object);

  if (self->settings != NULL)
    g_settings_unbind (self->threshold_adjustment, "value");
  g_clear_weak_pointer (&self->export_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_WIZARD_PAGE);
  g_clear_object (&self->decision);
  g_clear_object (&self->cost_model);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_clear_pointer (&self->step_text, g_free);

  G_OBJECT_CLASS (sy_wizard_page_parent_class)->dispose (object);
}

static void
sy_wizard_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SyWizardPage *self = SY_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_OPS_HOURS_PER_MONTH:
      g_value_set_double (value, self->ops_hours);
      break;
    case PROP_OPS_HOURLY_USD:
      g_value_set_double (value, self->ops_hourly_usd);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_wizard_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SyWizardPage *self = SY_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->cost_model = g_object_ref (sy_context_get_cost_model (self->context));
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_wizard_page_class_init (SyWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_wizard_page_constructed;
  object_class->dispose = sy_wizard_page_dispose;
  object_class->get_property = sy_wizard_page_get_property;
  object_class->set_property = sy_wizard_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* For the cost model's ops inputs: bind them where the page and the
   * model meet (SyWindow), so the Costs page counts what question 4 says. */
  properties[PROP_OPS_HOURS_PER_MONTH] =
    g_param_spec_double ("ops-hours-per-month", NULL, NULL, 0, SY_DECISION_MAX_OPS_HOURS, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPS_HOURLY_USD] =
    g_param_spec_double ("ops-hourly-usd", NULL, NULL, 0, SY_DECISION_MAX_OPS_HOURLY_USD, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-wizard-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SyWizardPage, name)
  BIND (welcome_page); BIND (start_button); BIND (scroller);
  BIND (api_models); BIND (stack); BIND (step_label); BIND (title_label); BIND (explanation_label);
  BIND (answer_stack); BIND (yes_row); BIND (no_row); BIND (yes_check); BIND (no_check);
  BIND (ops_group); BIND (ops_hours_adjustment); BIND (ops_rate_adjustment);
  BIND (ops_hours_spin); BIND (ops_rate_spin);
  BIND (direct_toggle); BIND (traffic_toggle); BIND (cost_stack);
  BIND (monthly_cost_adjustment); BIND (daily_requests_adjustment);
  BIND (input_tokens_adjustment); BIND (output_tokens_adjustment); BIND (threshold_adjustment);
  BIND (monthly_cost_spin); BIND (daily_requests_spin); BIND (input_tokens_spin);
  BIND (output_tokens_spin); BIND (threshold_spin);
  BIND (api_model_row); BIND (cost_card); BIND (cost_figure_label); BIND (cost_verdict_label);
  BIND (outcome_icon); BIND (headline_label); BIND (summary_label);
  BIND (cost_note_card); BIND (cost_note_title_label); BIND (cost_note_label);
  BIND (trace_list); BIND (notes_list); BIND (guidance_list);
  BIND (offline_row); BIND (first_token_row); BIND (spiky_row);
  BIND (next_button); BIND (start_over_button);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, on_yes_no_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cost_source_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_adjustment_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_api_model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_refine_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sy_wizard_result_key_pressed_cb);
  /* A number that is not one leaves the answer (or the threshold) as it
   * was, with the reason under the field; zero is a valid answer to all
   * of them (no spend, no traffic, no threshold). */
  sy_field_check_bind_template_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "wizard.answer", "(sv)", answer_action);
  gtk_widget_class_install_action (widget_class, "wizard.begin", NULL, begin_action);
  gtk_widget_class_install_action (widget_class, "wizard.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "wizard.see-break-even", NULL, see_break_even_action);
  gtk_widget_class_install_action (widget_class, "wizard.export-report", NULL, export_report_action);

  /* Enter is also caught earlier, in the capture phase, by the template's
   * key controller (sy_wizard_result_key_pressed_cb). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "wizard.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "wizard.back", NULL);
}

static void
sy_wizard_page_init (SyWizardPage *self)
{
  AdwComboRow *refine_rows[SY_WIZARD_N_REFINEMENTS];

  /* The template's handlers ignore changes until restore() has put the
   * saved answers into the widgets; it runs once a cost model is there. */
  self->updating = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not a bound template child: AdwBin unparents its own child, and
   * gtk_widget_dispose_template() would do it first. */
  self->welcome_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));

  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);

  refine_rows[0] = self->offline_row;
  refine_rows[1] = self->first_token_row;
  refine_rows[2] = self->spiky_row;
  for (guint i = 0; i < G_N_ELEMENTS (refine_rows); i++)
    g_object_set_data (G_OBJECT (refine_rows[i]), "sy-answer-key", (gpointer) sy_wizard_refine_key (i));

  g_object_set_data (G_OBJECT (self->monthly_cost_adjustment), "sy-answer-key", (gpointer) "monthly-cost");
  g_object_set_data (G_OBJECT (self->daily_requests_adjustment), "sy-answer-key", (gpointer) "daily-requests");
  g_object_set_data (G_OBJECT (self->input_tokens_adjustment), "sy-answer-key", (gpointer) "input-tokens");
  g_object_set_data (G_OBJECT (self->output_tokens_adjustment), "sy-answer-key", (gpointer) "output-tokens");
  g_object_set_data (G_OBJECT (self->ops_hours_adjustment), "sy-answer-key", (gpointer) "ops-hours");
  g_object_set_data (G_OBJECT (self->ops_rate_adjustment), "sy-answer-key", (gpointer) "ops-hourly-usd");
}

/* Public API */

GtkWidget *
sy_wizard_page_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_WIZARD_PAGE, "context", context, NULL);
}
