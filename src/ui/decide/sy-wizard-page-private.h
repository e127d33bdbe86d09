/* sy-wizard-page-private.h: what tests and the result view reach inside SyWizardPage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sy-decision.h"
#include "sy-wizard-page.h"

G_BEGIN_DECLS

/* Steps 0–3 are SPEC's four questions; the result comes after them. */
#define SY_WIZARD_N_QUESTIONS   4
#define SY_WIZARD_STEP_COST     2
#define SY_WIZARD_STEP_RESULT   4
#define SY_WIZARD_N_REFINEMENTS 3

/* Shared by sy-wizard-page.c and sy-wizard-result.c. */
struct _SyWizardPage
{
  AdwBin          parent_instance;

  SyContext      *context;
  SyCostModel    *cost_model;
  GSettings      *settings;
  GHashTable     *answers;        /* char * → GVariant * */
  guint           step;
  SyDecision     *decision;
  gboolean        updating;
  gboolean        begun;          /* the welcome is gone for good */
  char           *step_text;
  GtkFileChooserNative *export_chooser;  /* weak: open while not NULL */
  /* Question 4's upkeep as last notified (0 unless answered yes). */
  double          ops_hours;
  double          ops_hourly_usd;
  /* FALSE until the answers restored at start-up have been read. */
  gboolean        ops_answer_seen;

  GtkStack       *welcome_stack;  /* the AdwBin's child */

  /* Template widgets */
  GtkWidget      *welcome_page;
  GtkWidget      *scroller;
  GtkWidget      *start_button;
  GtkStringList  *api_models;
  GtkStack       *stack;
  GtkLabel       *step_label;
  GtkLabel       *title_label;
  GtkLabel       *explanation_label;
  GtkStack       *answer_stack;
  AdwActionRow   *yes_row;
  AdwActionRow   *no_row;
  GtkCheckButton *yes_check;
  GtkCheckButton *no_check;
  GtkWidget      *ops_group;
  GtkAdjustment  *ops_hours_adjustment;
  GtkAdjustment  *ops_rate_adjustment;
  GtkSpinButton  *ops_hours_spin;
  GtkSpinButton  *ops_rate_spin;
  GtkToggleButton *direct_toggle;
  GtkToggleButton *traffic_toggle;
  GtkStack       *cost_stack;
  GtkAdjustment  *monthly_cost_adjustment;
  GtkAdjustment  *daily_requests_adjustment;
  GtkAdjustment  *input_tokens_adjustment;
  GtkAdjustment  *output_tokens_adjustment;
  GtkAdjustment  *threshold_adjustment;
  GtkSpinButton  *monthly_cost_spin;
  GtkSpinButton  *daily_requests_spin;
  GtkSpinButton  *input_tokens_spin;
  GtkSpinButton  *output_tokens_spin;
  GtkSpinButton  *threshold_spin;
  AdwComboRow    *api_model_row;
  GtkWidget      *cost_card;
  GtkLabel       *cost_figure_label;
  GtkLabel       *cost_verdict_label;
  GtkImage       *outcome_icon;
  GtkLabel       *headline_label;
  GtkLabel       *summary_label;
  GtkWidget      *cost_note_card;
  GtkLabel       *cost_note_title_label;
  GtkLabel       *cost_note_label;
  GtkListBox     *trace_list;
  GtkListBox     *notes_list;
  GtkListBox     *guidance_list;
  AdwComboRow    *offline_row;
  AdwComboRow    *first_token_row;
  AdwComboRow    *spiky_row;
  GtkWidget      *next_button;
  GtkWidget      *start_over_button;
};

/* Untranslated (N_); the cost step has only key, title and explanation. */
typedef struct
{
  const char *key;
  const char *title;
  const char *explanation;
  const char *yes_title;
  const char *yes_examples;
  const char *no_title;
  const char *no_examples;
} SyWizardQuestion;

/* TRUE while the first-run welcome is shown instead of the questions. */
gboolean     sy_wizard_page_get_welcome_visible (SyWizardPage *self);
guint        sy_wizard_page_get_step          (SyWizardPage  *self);
/* "Step 2 of 4" */
const char  *sy_wizard_page_get_step_text     (SyWizardPage  *self);
/* The question's heading on a question step. */
const char  *sy_wizard_page_get_title_text    (SyWizardPage  *self);
/* Question 3's figure ("$900.00 a month") and what it means. */
const char  *sy_wizard_page_get_cost_text     (SyWizardPage  *self);
const char  *sy_wizard_page_get_verdict_text  (SyWizardPage  *self);
/* NULL until the answers decide. */
SyDecision  *sy_wizard_page_get_decision      (SyWizardPage  *self);
const char  *sy_wizard_page_get_headline_text (SyWizardPage  *self);
/* Rows of "How the Decision Was Reached" and of "Also Weighed". */
guint        sy_wizard_page_get_n_trace_rows  (SyWizardPage  *self);
guint        sy_wizard_page_get_n_note_rows   (SyWizardPage  *self);
/* Every label of the result view, in order, joined by "\n". */
char        *sy_wizard_page_dup_result_text   (SyWizardPage  *self);
/* The Export Report file chooser while it is open, else NULL. */
GtkFileChooser *sy_wizard_page_get_export_chooser (SyWizardPage *self);
/* What "Export Report…" does after the file chooser. */
gboolean     sy_wizard_page_export_report     (SyWizardPage  *self,
                                               const char    *path,
                                               GError       **error);

/* Question 4's upkeep (the properties ops-hours-per-month and
 * ops-hourly-usd): 0 unless question 4 is answered yes. */
double       sy_wizard_page_get_ops_hours_per_month (SyWizardPage *self);
double       sy_wizard_page_get_ops_hourly_usd      (SyWizardPage *self);
/* TRUE while the upkeep rows are shown (question 4 answered yes). */
gboolean     sy_wizard_page_get_ops_visible (SyWizardPage *self);

/* The answers with the threshold setting. */
void         sy_wizard_page_build_answers     (SyWizardPage  *self,
                                               SyDecisionAnswers *out_answers);

/* sy-wizard-answers.c: the questions and the answers table (key → GVariant). */
const SyWizardQuestion *sy_wizard_question_get (guint step);
/* "offline", "first-token", "spiky-traffic" */
const char  *sy_wizard_refine_key             (guint          index);
gboolean     sy_wizard_answers_valid          (const char    *key,
                                               GVariant      *value);
SyAnswer     sy_wizard_answers_get_yes_no     (GHashTable    *answers,
                                               const char    *key);
double       sy_wizard_answers_get_double     (GHashTable    *answers,
                                               const char    *key,
                                               double         fallback);
const char  *sy_wizard_answers_get_string     (GHashTable    *answers,
                                               const char    *key);
void         sy_wizard_answers_build          (GHashTable    *answers,
                                               double         threshold_usd,
                                               SyDecisionAnswers *out_answers);
/* a{sv} for the wizard-answers key, floating. */
GVariant    *sy_wizard_answers_to_variant     (GHashTable    *answers);
void         sy_wizard_answers_load           (GHashTable    *answers,
                                               GVariant      *saved);

/* sy-wizard-result.c: the result view, the export and the keyboard. */
void         sy_wizard_result_run_export      (SyWizardPage  *self);
/* "Saved “report.pdf”" with an Open button that shows @file. */
AdwToast    *sy_wizard_result_new_saved_toast (SyWizardPage  *self,
                                               GFile         *file);
gboolean     sy_wizard_result_key_pressed_cb  (GtkEventControllerKey *controller,
                                               guint          keyval,
                                               guint          keycode,
                                               GdkModifierType state,
                                               SyWizardPage  *self);
void         sy_wizard_result_fill_trace      (GtkListBox    *trace_list,
                                               GtkListBox    *notes_list,
                                               SyDecision    *decision);
void         sy_wizard_result_fill_guidance   (GtkListBox    *guidance_list,
                                               SyDecision    *decision);
/* The threshold against the Costs page, hidden when they agree. */
void         sy_wizard_result_show_cost_note  (SyWizardPage  *self);
const char  *sy_wizard_result_outcome_icon    (SyOutcome      outcome);
/* A model for the report's plot: a copy of @shared at @traffic. */
SyCostModel *sy_wizard_result_new_cost_model  (SyCostModel   *shared,
                                               const SyTraffic *traffic,
                                               const char    *api_model);
void         sy_wizard_result_collect_labels  (GtkWidget     *widget,
                                               GString       *out);

G_END_DECLS
