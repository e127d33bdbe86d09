/* test-pilot-view.c: the pilot summary, its CSV export and "use these
 * numbers" into the Costs page, under a real display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sy-costs-page-measured.h"
#include "sy-costs-page-private.h"
#include "sy-pilot-view-private.h"
#include "sy-preferences-window-private.h"

static char *data_dir;

typedef struct
{
  SyCostModel *model;
  SyPilotLog  *log;
  GSettings   *settings;
  SyContext   *context;
  SyPilotView *view;
  char        *path;
} Fixture;

static void
set_reply (SyPilotRecord  *record,
           SyRouteBackend  side,
           double          ttft,
           double          total,
           double          tokens_per_second,
           gint64          prompt_tokens,
           gint64          completion_tokens)
{
  SyPilotReply *reply = &record->replies[side];

  reply->sent = TRUE;
  reply->kind = g_strdup (side == SY_ROUTE_BACKEND_LOCAL ? "ollama" : "openai");
  reply->model = g_strdup (side == SY_ROUTE_BACKEND_LOCAL ? "llama3.1:8b" : "gpt-4o-mini");
  reply->time_to_first_token = ttft;
  reply->total_time = total;
  reply->tokens_per_second = tokens_per_second;
  reply->prompt_tokens = prompt_tokens;
  reply->completion_tokens = completion_tokens;
  /* gpt-4o-mini: $0.15 in, $0.60 out per million tokens. */
  if (side == SY_ROUTE_BACKEND_API)
    reply->cost_usd = (prompt_tokens * 0.15 + completion_tokens * 0.60) / 1e6;
}

/* Four prompts to both backends; the API failed the last one. Local:
 * TTFT 0.4 0.1 0.3 0.2 (median 0.2, p95 0.4), 50 tokens/s on average.
 * API: TTFT 0.8 0.5 0.6 (median 0.6, p95 0.8), 40 tokens in and 200 out
 * on average, $0.126 per 1,000. Ratings A, B, tie: quality retained
 * 2 of 3. By the default rules the first two and the last are simple,
 * the third complex. */
static void
write_log (void)
{
  g_autoptr(SyPilotLog) writer = sy_pilot_log_new (NULL);
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *prompt;
    double local_ttft, local_total, local_tps;
    double api_ttft, api_total;
    gint64 api_in, api_out;
    SyPilotRating rating;
  } rows[] = {
    { "What is RAG?", 0.4, 4.0, 40, 0.8, 2.0, 20, 200, SY_PILOT_RATING_A },
    { "Define \"embedding\", briefly", 0.1, 1.0, 60, 0.5, 1.5, 40, 100, SY_PILOT_RATING_B },
    { "Compare HNSW and IVF-PQ", 0.3, 3.0, 50, 0.6, 1.8, 60, 300, SY_PILOT_RATING_TIE },
    { "List the planets", 0.2, 2.0, 50, -1, 0, 0, 0, SY_PILOT_RATING_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(SyPilotRecord) record = sy_pilot_record_new (rows[i].prompt);

      set_reply (record, SY_ROUTE_BACKEND_LOCAL, rows[i].local_ttft, rows[i].local_total,
                 rows[i].local_tps, 30, 100);
      if (rows[i].api_ttft >= 0)
        set_reply (record, SY_ROUTE_BACKEND_API, rows[i].api_ttft, rows[i].api_total, 90,
                   rows[i].api_in, rows[i].api_out);
      else
        {
          record->replies[SY_ROUTE_BACKEND_API].sent = TRUE;
          record->replies[SY_ROUTE_BACKEND_API].kind = g_strdup ("openai");
          record->replies[SY_ROUTE_BACKEND_API].model = g_strdup ("gpt-4o-mini");
          record->replies[SY_ROUTE_BACKEND_API].error = g_strdup ("HTTP 500");
        }
      g_assert_true (sy_pilot_log_append (writer, record, &error));
      g_assert_no_error (error);
      if (rows[i].rating != SY_PILOT_RATING_NONE)
        g_assert_true (sy_pilot_log_rate (writer, record->id, rows[i].rating, &error));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean with_records = GPOINTER_TO_INT (data);

  fixture->path = sy_pilot_log_dup_default_path ();
  g_remove (fixture->path);
  if (with_records)
    write_log ();

  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "measured-inputs");
  fixture->model = sy_cost_model_new (NULL);
  fixture->log = sy_pilot_log_new (NULL);
  fixture->context = g_object_new (SY_TYPE_CONTEXT,
                                   "settings", fixture->settings,
                                   "cost-model", fixture->model,
                                   "pilot-log", fixture->log,
                                   NULL);
  fixture->view = SY_PILOT_VIEW (sy_pilot_view_new (fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->view));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->view));
}

static void
destroy_and_wait (GtkWidget *window)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* GTK drops its last references to a destroyed window from idles. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->view != NULL)
    destroy_and_wait (GTK_WIDGET (fixture->view));
  g_assert_finalize_object (fixture->context);
  g_assert_finalize_object (fixture->log);
  g_assert_finalize_object (fixture->model);
  g_settings_reset (fixture->settings, "measured-inputs");
  g_clear_object (&fixture->settings);
  g_remove (fixture->path);
  g_free (fixture->path);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  double input_tokens = sy_cost_model_get_input_tokens (fixture->model);

  g_assert_true (sy_pilot_view_is_empty (fixture->view));
  /* Nothing measured, nothing to use. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pilot.use-numbers", NULL);
  g_assert_cmpint (sy_pilot_view_use_numbers (fixture->view), ==, SY_PILOT_APPLIED_NONE);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (fixture->model), ==, input_tokens);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->view)));
}

#define assert_cell(view, metric, side, text) \
  g_assert_cmpstr (sy_pilot_view_get_cell_text ((view), (metric), (side)), ==, (text))

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SyPilotRecord) extra = sy_pilot_record_new ("one more");
  g_autoptr(GError) error = NULL;
  SyPilotView *view = fixture->view;

  g_assert_false (sy_pilot_view_is_empty (view));
  g_assert_cmpstr (sy_pilot_view_get_prompts_text (view), ==, "4");

  assert_cell (view, SY_PILOT_METRIC_REPLIES, SY_ROUTE_BACKEND_LOCAL, "4");
  assert_cell (view, SY_PILOT_METRIC_REPLIES, SY_ROUTE_BACKEND_API, "3 (1 failed)");
  assert_cell (view, SY_PILOT_METRIC_TTFT_MEDIAN, SY_ROUTE_BACKEND_LOCAL, "0.20 s");
  assert_cell (view, SY_PILOT_METRIC_TTFT_P95, SY_ROUTE_BACKEND_LOCAL, "0.40 s");
  assert_cell (view, SY_PILOT_METRIC_TOTAL_MEDIAN, SY_ROUTE_BACKEND_LOCAL, "2.00 s");
  assert_cell (view, SY_PILOT_METRIC_TOTAL_P95, SY_ROUTE_BACKEND_LOCAL, "4.00 s");
  assert_cell (view, SY_PILOT_METRIC_TTFT_MEDIAN, SY_ROUTE_BACKEND_API, "0.60 s");
  assert_cell (view, SY_PILOT_METRIC_TTFT_P95, SY_ROUTE_BACKEND_API, "0.80 s");
  assert_cell (view, SY_PILOT_METRIC_TOTAL_MEDIAN, SY_ROUTE_BACKEND_API, "1.80 s");
  assert_cell (view, SY_PILOT_METRIC_TOKENS_PER_SECOND, SY_ROUTE_BACKEND_LOCAL, "50.0");
  assert_cell (view, SY_PILOT_METRIC_INPUT_TOKENS, SY_ROUTE_BACKEND_API, "40");
  assert_cell (view, SY_PILOT_METRIC_OUTPUT_TOKENS, SY_ROUTE_BACKEND_API, "200");
  assert_cell (view, SY_PILOT_METRIC_COST_PER_1000, SY_ROUTE_BACKEND_API, "$0.13");
  assert_cell (view, SY_PILOT_METRIC_COST_PER_1000, SY_ROUTE_BACKEND_LOCAL, "$0.00");

  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_LOCAL_WINS), ==, "1");
  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_API_WINS), ==, "1");
  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_TIES), ==, "1");
  /* SPEC §5: (1 win + 1 tie) / 3 with its Wilson interval, and few. */
  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_RETAINED), ==, "67% (20.8%–93.9%)");
  g_assert_nonnull (strstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_NOTE), "interval is wide"));
  /* By routing class: simple 1 of 2 (A, B), complex the tie. */
  g_assert_cmpstr (sy_pilot_view_get_class_text (view, SY_ROUTE_CLASS_SIMPLE), ==, "50% (9.5%–90.5%)");
  g_assert_cmpstr (sy_pilot_view_get_class_text (view, SY_ROUTE_CLASS_COMPLEX), ==, "100% (20.7%–100.0%)");
  g_assert_cmpstr (sy_pilot_view_get_class_text (view, SY_ROUTE_CLASS_MEDIUM), ==, "—");
  g_assert_cmpuint (sy_pilot_view_get_n_columns (view), ==, 2);
  g_assert_cmpstr (sy_pilot_view_get_column_model (view, 0), ==, "llama3.1:8b");
  g_assert_cmpstr (sy_pilot_view_get_column_model (view, 1), ==, "gpt-4o-mini");

  /* A record the chat appends to the shared log shows up at once. */
  set_reply (extra, SY_ROUTE_BACKEND_LOCAL, 0.9, 9.0, 50, 30, 100);
  g_assert_true (sy_pilot_log_append (fixture->log, extra, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sy_pilot_view_get_prompts_text (view), ==, "5");
  assert_cell (view, SY_PILOT_METRIC_REPLIES, SY_ROUTE_BACKEND_LOCAL, "5");
  assert_cell (view, SY_PILOT_METRIC_TTFT_P95, SY_ROUTE_BACKEND_LOCAL, "0.90 s");

  /* So does a rating: 2 of 4 now; "one more" is a medium prompt. */
  g_assert_true (sy_pilot_log_rate (fixture->log, extra->id, SY_PILOT_RATING_B, &error));
  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_API_WINS), ==, "2");
  g_assert_cmpstr (sy_pilot_view_get_quality_text (view, SY_PILOT_QUALITY_RETAINED), ==, "50% (15.0%–85.0%)");
  g_assert_cmpstr (sy_pilot_view_get_class_text (view, SY_ROUTE_CLASS_MEDIUM), ==, "0% (0.0%–79.3%)");
}

/* A gpt-4o run beside the gpt-4o-mini one gets a column of its own. */
static void
test_columns (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SyPilotRecord) big = sy_pilot_record_new ("Design a schema");
  g_autoptr(GError) error = NULL;
  SyPilotView *view = fixture->view;

  set_reply (big, SY_ROUTE_BACKEND_LOCAL, 0.3, 3.0, 50, 30, 100);
  set_reply (big, SY_ROUTE_BACKEND_API, 2.5, 5.0, 90, 1000, 1000);
  g_free (big->replies[SY_ROUTE_BACKEND_API].model);
  big->replies[SY_ROUTE_BACKEND_API].model = g_strdup ("gpt-4o");
  g_assert_true (sy_pilot_log_append (fixture->log, big, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (sy_pilot_view_get_n_columns (view), ==, 3);
  g_assert_cmpstr (sy_pilot_view_get_column_model (view, 0), ==, "llama3.1:8b");
  g_assert_cmpstr (sy_pilot_view_get_column_model (view, 1), ==, "gpt-4o-mini");
  g_assert_cmpstr (sy_pilot_view_get_column_model (view, 2), ==, "gpt-4o");
  /* gpt-4o-mini's figures as before, not pooled with gpt-4o's. */
  assert_cell (view, SY_PILOT_METRIC_REPLIES, 1, "3 (1 failed)");
  assert_cell (view, SY_PILOT_METRIC_TTFT_MEDIAN, 1, "0.60 s");
  assert_cell (view, SY_PILOT_METRIC_INPUT_TOKENS, 1, "40");
  assert_cell (view, SY_PILOT_METRIC_REPLIES, 2, "1");
  assert_cell (view, SY_PILOT_METRIC_TTFT_MEDIAN, 2, "2.50 s");
  assert_cell (view, SY_PILOT_METRIC_INPUT_TOKENS, 2, "1,000");
  assert_cell (view, SY_PILOT_METRIC_REPLIES, 0, "5");
}

/* "Routing Rules" opens Preferences on the rules page. */
static void
test_open_rules (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *preferences;

  g_assert_null (sy_pilot_view_get_rules_window (fixture->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pilot.open-rules", NULL));
  preferences = sy_pilot_view_get_rules_window (fixture->view);
  g_assert_true (SY_IS_PREFERENCES_WINDOW (preferences));
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (preferences)) ==
                 ADW_PREFERENCES_PAGE (sy_preferences_window_get_rules_page (SY_PREFERENCES_WINDOW (preferences))));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (fixture->view));
  destroy_and_wait (preferences);
  g_assert_null (sy_pilot_view_get_rules_window (fixture->view));
}

static void
on_numbers_used_cb (SyPilotView  *view,
                    AdwToast     *toast,
                    AdwToast    **out)
{
  g_set_object (out, toast);
}

static void
test_use_numbers (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWindow *costs_window = GTK_WINDOW (gtk_window_new ());
  SyCostsPage *page = SY_COSTS_PAGE (sy_costs_page_new (fixture->context));
  SyInferenceOption *option = sy_costs_measured_pick_option (fixture->model);
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *expected_message = NULL;
  g_autofree char *option_id = g_strdup (sy_inference_option_get_id (option));
  GtkWidget *view = GTK_WIDGET (fixture->view);
  GtkWidget *dialog;
  const char *body;
  SyPilotApplied applied;
  const char *subtitle;
  double old_quality = sy_inference_option_get_quality (option);
  double old_tps = sy_inference_option_get_tokens_per_second (option);

  gtk_window_set_child (costs_window, GTK_WIDGET (page));
  gtk_window_present (costs_window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (costs_window));
  g_assert_false (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_null (strstr (sy_costs_page_get_option_subtitle (page, option_id), "measured"));
  g_assert_cmpfloat (sy_inference_option_get_quality (option), !=, 1.0);

  g_signal_connect (view, "numbers-used", G_CALLBACK (on_numbers_used_cb), &toast);
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &fixture->view);

  /* The button first shows what will change, old → new, and since four
   * prompts would replace typed traffic, asks. */
  g_assert_true (gtk_widget_activate_action (view, "pilot.use-numbers", NULL));
  dialog = sy_pilot_view_get_use_dialog (fixture->view);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "Input tokens per request: 1,000 → 40\n"));
  g_assert_nonnull (strstr (body, "Output tokens per request: 500 → 200\n"));
  g_assert_nonnull (strstr (body, "Local tokens per second: "));
  g_assert_nonnull (strstr (body, "→ 50.0\n"));
  g_assert_nonnull (strstr (body, "→ 0.67\n"));
  g_assert_nonnull (strstr (body, "point estimate of 67% (20.8%–93.9%)"));
  g_assert_nonnull (strstr (body, "only 4 prompts"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "use"), ==, "_Replace Traffic");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  /* Cancel: nothing changes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (fixture->model), ==, 1000);
  g_assert_null (toast);
  destroy_and_wait (dialog);
  g_assert_null (sy_pilot_view_get_use_dialog (fixture->view));

  g_assert_true (gtk_widget_activate_action (view, "pilot.use-numbers", NULL));
  dialog = sy_pilot_view_get_use_dialog (fixture->view);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "use");
  applied = SY_PILOT_APPLIED_INPUT_TOKENS | SY_PILOT_APPLIED_OUTPUT_TOKENS |
            SY_PILOT_APPLIED_TOKENS_PER_SECOND | SY_PILOT_APPLIED_QUALITY;
  g_assert_cmpint (applied, ==, SY_PILOT_APPLIED_INPUT_TOKENS | SY_PILOT_APPLIED_OUTPUT_TOKENS |
                                SY_PILOT_APPLIED_TOKENS_PER_SECOND | SY_PILOT_APPLIED_QUALITY);

  /* The API's token counts, the local tokens/s, the quality retained's
   * point estimate. */
  g_assert_cmpint (applied, !=, 0);
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (fixture->model), ==, 40);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (fixture->model), ==, 200);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (option), ==, 50);
  g_assert_cmpfloat_with_epsilon (sy_inference_option_get_quality (option), 2.0 / 3.0, 1e-12);

  expected_message = g_strdup_printf ("The Costs page now uses your pilot’s numbers, for “%s”",
                                      sy_inference_option_get_name (option));
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, expected_message);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");

  /* The view closed itself, so the main window shows the Costs page. */
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (fixture->view != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_null (fixture->view);
  }

  /* The Costs page marks what was measured. */
  g_assert_true (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_true (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_OUTPUT_TOKENS));
  g_assert_false (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_DAILY_REQUESTS));
  subtitle = sy_costs_page_get_option_subtitle (page, option_id);
  g_assert_nonnull (strstr (subtitle, "50 tokens/s (measured)"));
  /* The point estimate, with its Wilson interval beside it. */
  g_assert_nonnull (strstr (subtitle, "quality 0.67 (measured, 95% 0.21–0.94)"));

  /* Undo puts every figure back, and the marks go with them. */
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (fixture->model), ==, 1000);
  g_assert_cmpfloat (sy_cost_model_get_output_tokens (fixture->model), ==, 500);
  g_assert_cmpfloat (sy_inference_option_get_tokens_per_second (option), ==, old_tps);
  g_assert_cmpfloat (sy_inference_option_get_quality (option), ==, old_quality);
  g_assert_false (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_INPUT_TOKENS));
  subtitle = sy_costs_page_get_option_subtitle (page, option_id);
  g_assert_null (strstr (subtitle, "(measured)"));

  /* Applied again for what follows. */
  {
    g_autoptr(SyPilotLog) reader = sy_pilot_log_new (NULL);
    g_autoptr(SyPilotSummary) summary = NULL;
    SyPilotApplied again;

    g_assert_true (sy_pilot_log_load (reader, NULL));
    summary = sy_pilot_summary_new (sy_pilot_log_get_records (reader), NULL);
    again = sy_pilot_summary_apply (summary, fixture->model, option);
    sy_costs_measured_record (fixture->settings, fixture->model, option, again);
  }

  /* A page built later (after a restart) shows the marks too. */
  destroy_and_wait (GTK_WIDGET (costs_window));
  costs_window = GTK_WINDOW (gtk_window_new ());
  page = SY_COSTS_PAGE (sy_costs_page_new (fixture->context));
  gtk_window_set_child (costs_window, GTK_WIDGET (page));
  gtk_window_present (costs_window);
  g_assert_true (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_INPUT_TOKENS));

  /* The user types another figure: that mark goes, the others stay. */
  gtk_editable_set_text (GTK_EDITABLE (sy_costs_page_get_spin (page, SY_COSTS_SPIN_INPUT_TOKENS)), "900");
  gtk_spin_button_update (sy_costs_page_get_spin (page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_cmpfloat (sy_cost_model_get_input_tokens (fixture->model), ==, 900);
  g_assert_false (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_INPUT_TOKENS));
  g_assert_true (sy_costs_page_spin_is_measured (page, SY_COSTS_SPIN_OUTPUT_TOKENS));

  sy_inference_option_set_tokens_per_second (option, 70);
  subtitle = sy_costs_page_get_option_subtitle (page, option_id);
  g_assert_null (strstr (subtitle, "tokens/s (measured)"));
  g_assert_nonnull (strstr (subtitle, "quality 0.67 (measured)"));

  destroy_and_wait (GTK_WIDGET (costs_window));
}

static void
on_export_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
export_csv (SyPilotView  *view,
            GFile        *file,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sy_pilot_view_export_csv_async (view, file, NULL, on_export_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sy_pilot_view_export_csv_finish (view, result, error);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (data_dir, "export.csv", NULL);
  g_autofree char *bad_path = g_build_filename (data_dir, "no-such-dir", "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (path, "old contents", -1, NULL));
  g_assert_true (export_csv (fixture->view, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==,
                   "id,time,prompt,rating,"
                   "local_kind,local_model,local_ttft_s,local_total_s,local_tokens_per_second,"
                   "local_prompt_tokens,local_completion_tokens,local_usage_estimated,local_cost_usd,local_error,"
                   "api_kind,api_model,api_ttft_s,api_total_s,api_tokens_per_second,"
                   "api_prompt_tokens,api_completion_tokens,api_usage_estimated,api_cost_usd,api_error");
  /* A header, four records and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 6);
  g_assert_nonnull (strstr (lines[2], "\"Define \"\"embedding\"\", briefly\""));
  g_assert_nonnull (strstr (lines[4], "HTTP 500"));

  /* A place that cannot be written: the message names the file. */
  g_assert_false (export_csv (fixture->view, bad_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad_path));
  g_remove (path);
}

/* Export's file chooser starts in Documents (here the test's own), not in
 * the directory the app was started from. */
static void
test_export_chooser_folder (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *documents = g_build_filename (data_dir, "Documents", NULL);
  g_autoptr(GFile) expected = g_file_new_for_path (documents);
  g_autoptr(GFile) folder = NULL;
  GtkFileChooser *chooser;

  g_assert_null (sy_pilot_view_get_export_chooser (fixture->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "pilot.export-csv", NULL));
  chooser = sy_pilot_view_get_export_chooser (fixture->view);
  g_assert_nonnull (chooser);
  /* GTK's own dialog (no portal here) takes the folder once shown. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  folder = gtk_file_chooser_get_current_folder (chooser);
  g_assert_nonnull (folder);
  g_assert_true (g_file_equal (folder, expected));

  g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_CANCEL);
  g_assert_null (sy_pilot_view_get_export_chooser (fixture->view));
}

/* SY_SCREENSHOT_DIR=DIR: the summary and the Costs page with its marks,
 * light, dark and 360 px wide, for a person to look at. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *dir,
                 const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("SY_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWindow *costs_window;

  if (dir == NULL)
    {
      g_test_skip ("SY_SCREENSHOT_DIR is not set");
      return;
    }

  gtk_window_set_default_size (GTK_WINDOW (fixture->view), 720, 1150);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_screenshot (GTK_WIDGET (fixture->view), dir, "pilot-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (fixture->view), dir, "pilot-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (fixture->view), 360, 1300);
  save_screenshot (GTK_WIDGET (fixture->view), dir, "pilot-narrow.png");

  /* The empty state, from a log that does not exist. */
  {
    g_autofree char *missing = g_build_filename (data_dir, "missing.jsonl", NULL);
    g_autoptr(SyPilotLog) log = sy_pilot_log_new (missing);
    g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT,
                                                 "settings", fixture->settings,
                                                 "cost-model", fixture->model,
                                                 "pilot-log", log,
                                                 NULL);
    GtkWidget *empty = sy_pilot_view_new (context);

    gtk_window_set_default_size (GTK_WINDOW (empty), 360, 640);
    gtk_window_present (GTK_WINDOW (empty));
    save_screenshot (empty, dir, "pilot-empty-narrow.png");
    destroy_and_wait (empty);
  }

  /* SY_SCREENSHOT_LOG=FILE: a fuller log for the README's picture
   * (tests/fixtures/pilot-readme.jsonl: 48 prompts, 39 rated) */
  if (g_getenv ("SY_SCREENSHOT_LOG") != NULL)
    {
      g_autoptr(SyPilotLog) log = sy_pilot_log_new (g_getenv ("SY_SCREENSHOT_LOG"));
      g_autoptr(SyCostModel) model = sy_cost_model_new (NULL);
      g_autoptr(SyContext) context = g_object_new (SY_TYPE_CONTEXT,
                                                   "settings", fixture->settings,
                                                   "cost-model", model,
                                                   "pilot-log", log,
                                                   NULL);
      GtkWidget *docs = sy_pilot_view_new (context);

      gtk_window_set_default_size (GTK_WINDOW (docs), 720, 1250);
      gtk_window_present (GTK_WINDOW (docs));
      save_screenshot (docs, dir, "pilot-docs.png");
      destroy_and_wait (docs);
    }

  costs_window = GTK_WINDOW (adw_window_new ());
  adw_window_set_content (ADW_WINDOW (costs_window), sy_costs_page_new (fixture->context));
  gtk_window_set_default_size (costs_window, 1180, 820);
  gtk_window_present (costs_window);
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  sy_pilot_view_use_numbers (fixture->view);
  save_screenshot (GTK_WIDGET (costs_window), dir, "costs-measured-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (costs_window), dir, "costs-measured-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (costs_window, 360, 1300);
  save_screenshot (GTK_WIDGET (costs_window), dir, "costs-measured-narrow.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  destroy_and_wait (GTK_WIDGET (costs_window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *documents = NULL;
  g_autofree char *user_dirs = NULL;
  g_autofree char *user_dirs_path = NULL;
  int status;

  data_dir = g_dir_make_tmp ("test-pilot-view-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SWITCHYARD_DATA_DIR", data_dir, TRUE);

  /* Save dialogs start in Documents: this test's own, not the user's. */
  documents = g_build_filename (data_dir, "Documents", NULL);
  user_dirs_path = g_build_filename (data_dir, "user-dirs.dirs", NULL);
  user_dirs = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"%s\"\n", documents);
  g_assert_no_errno (g_mkdir (documents, 0700));
  g_assert_true (g_file_set_contents (user_dirs_path, user_dirs, -1, NULL));
  g_setenv ("XDG_CONFIG_HOME", data_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/pilot-view/empty", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/pilot-view/summary", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_summary, fixture_tear_down);
  g_test_add ("/pilot-view/columns", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_columns, fixture_tear_down);
  g_test_add ("/pilot-view/open-rules", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_open_rules, fixture_tear_down);
  g_test_add ("/pilot-view/use-numbers", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_use_numbers, fixture_tear_down);
  g_test_add ("/pilot-view/export-csv", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_export_csv, fixture_tear_down);
  g_test_add ("/pilot-view/export-chooser-folder", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_export_chooser_folder, fixture_tear_down);
  g_test_add ("/pilot-view/screenshots", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_remove (user_dirs_path);
  g_rmdir (documents);
  g_rmdir (data_dir);
  g_free (data_dir);
  return status;
}
