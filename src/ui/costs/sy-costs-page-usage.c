/* sy-costs-page-usage.c: the Costs page's "Import Usage…" (issue #16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads a usage log (LiteLLM spend logs, a CSV, the pilot log) in a
 * worker thread, shows what it found and, on "Use for Costs", sets the
 * traffic and the peak factor, with an Undo on the toast.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-costs-page-measured.h"
#include "sy-costs-page-private.h"
#include "sy-file-chooser.h"
#include "sy-format.h"
#include "sy-toast.h"
#include "sy-usage-log.h"

#define STATE_KEY "sy-usage-import"

typedef struct
{
  GCancellable  *cancellable;   /* while reading */
  SyUsageReport *report;        /* read, waiting for "Use for Costs" */
  char          *file_name;     /* its display name */
  char          *error_text;    /* of the last failed import */
  GtkWidget     *dialog;        /* the summary or the error, weak */

  gboolean       can_undo;
  SyTraffic      undo_traffic;
  double         undo_peak_factor;
  GVariant      *undo_measured;  /* the measured marks before */
} ImportState;

/* One read: its progress and its result, both for the same page. */
typedef struct
{
  GWeakRef  page;
  char     *file_name;
} ImportRead;

static void
import_state_free (gpointer data)
{
  ImportState *state = data;

  /* The page is gone: nothing is left to show the result in. */
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  g_clear_pointer (&state->report, sy_usage_report_free);
  g_clear_pointer (&state->file_name, g_free);
  g_clear_pointer (&state->error_text, g_free);
  g_clear_pointer (&state->undo_measured, g_variant_unref);
  if (state->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->dialog), (gpointer *) &state->dialog);
  g_free (state);
}

/* The context's settings, where the measured marks live. */
static GSettings *
get_settings (SyCostsPage *self)
{
  g_autoptr(SyContext) context = NULL;

  g_object_get (self, "context", &context, NULL);
  return sy_context_get_settings (context);
}

static ImportState *
get_state (SyCostsPage *self)
{
  ImportState *state = g_object_get_data (G_OBJECT (self), STATE_KEY);

  if (state == NULL)
    {
      state = g_new0 (ImportState, 1);
      g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, import_state_free);
    }
  return state;
}

static void
import_read_free (ImportRead *read)
{
  g_weak_ref_clear (&read->page);
  g_free (read->file_name);
  g_free (read);
}

static void
set_reading (SyCostsPage *self,
             gboolean     reading)
{
  GtkStack *stack = sy_costs_page_get_import_stack (self);
  GtkProgressBar *bar = sy_costs_page_get_import_progress (self);

  gtk_progress_bar_set_fraction (bar, 0);
  gtk_stack_set_visible_child_name (stack, reading ? "reading" : "idle");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "costs.import-usage", !reading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "costs.cancel-usage-import", reading);
}

static void
set_dialog (ImportState *state,
            GtkWidget   *dialog)
{
  if (state->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->dialog), (gpointer *) &state->dialog);
  state->dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &state->dialog);
}

static GtkWidget *
new_dialog (SyCostsPage *self,
            const char  *heading,
            const char  *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
}

static void
show_error (SyCostsPage *self,
            const char  *message)
{
  ImportState *state = get_state (self);
  GtkWidget *dialog = new_dialog (self, _("Could Not Import Usage"), message);

  g_free (state->error_text);
  state->error_text = g_strdup (message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  set_dialog (state, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
dup_summary (const SyUsageReport *report)
{
  g_autofree char *records = sy_format_decimal (report->records, 0);
  g_autofree char *per_day = sy_format_decimal (report->requests_per_day, 1);
  g_autofree char *input_mean = sy_format_decimal (report->input_tokens_mean, 0);
  g_autofree char *output_mean = sy_format_decimal (report->output_tokens_mean, 0);
  g_autofree char *input_p95 = sy_format_decimal (report->input_tokens_p95, 0);
  g_autofree char *output_p95 = sy_format_decimal (report->output_tokens_p95, 0);
  g_autofree char *peak = sy_format_decimal (report->peak_factor, 1);
  GString *text = g_string_new (NULL);

  /* Translators: the records (requests) read from a usage log */
  g_string_append_printf (text, _("Records: %s"), records);
  g_string_append_c (text, '\n');
  /* Translators: the distinct calendar days of a usage log */
  g_string_append_printf (text, _("Days: %u"), report->days);
  g_string_append_c (text, '\n');
  /* Translators: requests a day in an imported usage log */
  g_string_append_printf (text, _("Requests a day: %s"), per_day);
  g_string_append_c (text, '\n');
  /* Translators: mean and 95th percentile of tokens per request */
  g_string_append_printf (text, _("Input tokens: %s on average, %s at the 95th percentile"), input_mean, input_p95);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Output tokens: %s on average, %s at the 95th percentile"), output_mean, output_p95);
  g_string_append_c (text, '\n');
  /* Translators: busiest hour ÷ average hour */
  g_string_append_printf (text, _("Peak factor: %s"), peak);

  if (report->n_bad_rows > 0)
    {
      g_autofree char *bad = sy_format_decimal (report->n_bad_rows, 0);
      const SyUsageBadRow *first = report->bad_rows != NULL && report->bad_rows->len > 0 ?
                                   g_ptr_array_index (report->bad_rows, 0) : NULL;

      g_string_append (text, "\n\n");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%s row skipped", "%s rows skipped", report->n_bad_rows),
                              bad);
      if (first != NULL)
        {
          g_autofree char *line = sy_format_decimal (first->line, 0);

          g_string_append_c (text, ' ');
          /* Translators: the first skipped row of a usage log, e.g. "(line 8: …)" */
          g_string_append_printf (text, _("(line %s: %s)"), line, first->reason);
        }
    }

  return g_string_free (text, FALSE);
}

static void
on_summary_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SyCostsPage      *self)
{
  ImportState *state = get_state (self);

  if (g_strcmp0 (response, "use") == 0)
    sy_costs_page_use_usage_report (self);
  else
    g_clear_pointer (&state->report, sy_usage_report_free);
}

static void
show_summary (SyCostsPage *self)
{
  ImportState *state = get_state (self);
  g_autofree char *heading = g_strdup_printf (_("Usage in “%s”"), state->file_name);
  g_autofree char *body = dup_summary (state->report);
  GtkWidget *dialog = new_dialog (self, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "use", _("_Use for Costs"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "use");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_summary_response_cb), self, 0);
  set_dialog (state, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_read_progress_cb (guint64  bytes_read,
                     guint64  total_bytes,
                     gpointer user_data)
{
  ImportRead *read = user_data;
  g_autoptr(SyCostsPage) self = g_weak_ref_get (&read->page);
  GtkProgressBar *bar;

  if (self == NULL)
    return;

  bar = sy_costs_page_get_import_progress (self);
  if (total_bytes > 0)
    gtk_progress_bar_set_fraction (bar, MIN (1.0, (double) bytes_read / total_bytes));
  else
    gtk_progress_bar_pulse (bar);
}

static void
on_read_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ImportRead *read = user_data;
  g_autoptr(SyCostsPage) self = g_weak_ref_get (&read->page);
  g_autoptr(SyUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  ImportState *state;

  report = sy_usage_log_read_file_finish (result, &error);

  /* Closed meanwhile: nobody to tell. */
  if (self == NULL)
    {
      import_read_free (read);
      return;
    }

  state = get_state (self);
  g_clear_object (&state->cancellable);
  set_reading (self, FALSE);

  if (report == NULL)
    {
      /* The person asked for it: no message. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      import_read_free (read);
      return;
    }

  g_clear_pointer (&state->report, sy_usage_report_free);
  state->report = g_steal_pointer (&report);
  g_free (state->file_name);
  state->file_name = g_steal_pointer (&read->file_name);
  import_read_free (read);

  show_summary (self);
}

static void
on_file_chosen_cb (GtkWidget *owner,
                   GFile     *file)
{
  sy_costs_page_import_usage_file (SY_COSTS_PAGE (owner), file);
}

void
sy_costs_page_import_usage_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) logs = gtk_file_filter_new ();

  gtk_file_filter_set_name (logs, _("Usage logs (JSON, JSON lines, CSV)"));
  gtk_file_filter_add_pattern (logs, "*.json");
  gtk_file_filter_add_pattern (logs, "*.jsonl");
  gtk_file_filter_add_pattern (logs, "*.ndjson");
  gtk_file_filter_add_pattern (logs, "*.csv");
  gtk_file_filter_add_mime_type (logs, "application/json");
  gtk_file_filter_add_mime_type (logs, "text/csv");
  sy_file_chooser_open (widget, _("Import Usage"), _("_Import"), logs, on_file_chosen_cb);
}

void
sy_costs_page_cancel_usage_import_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  ImportState *state = get_state (SY_COSTS_PAGE (widget));

  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
}

void
sy_costs_page_undo_usage_import_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  ImportState *state = get_state (self);
  SyCostModel *model = sy_costs_page_get_model (self);
  SyCostInputs inputs;

  if (!state->can_undo)
    return;
  state->can_undo = FALSE;

  sy_cost_model_get_inputs (model, &inputs);
  inputs.peak_factor = state->undo_peak_factor;
  sy_cost_model_set_inputs (model, &inputs);
  sy_cost_model_set_traffic (model, &state->undo_traffic);
  if (state->undo_measured != NULL)
    g_settings_set_value (get_settings (self), "measured-inputs", state->undo_measured);
}

void
sy_costs_page_import_usage_file (SyCostsPage *self,
                                 GFile       *file)
{
  ImportState *state;
  g_autofree char *path = NULL;
  ImportRead *read;

  g_return_if_fail (SY_IS_COSTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  state = get_state (self);
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  g_clear_pointer (&state->error_text, g_free);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("The chosen file is not a local file."));
      return;
    }

  read = g_new0 (ImportRead, 1);
  g_weak_ref_init (&read->page, self);
  read->file_name = g_file_get_basename (file);

  state->cancellable = g_cancellable_new ();
  set_reading (self, TRUE);
  sy_usage_log_read_file_async (path, on_read_progress_cb, read, state->cancellable,
                                on_read_done_cb, read);
}

gboolean
sy_costs_page_is_importing_usage (SyCostsPage *self)
{
  return get_state (self)->cancellable != NULL;
}

const SyUsageReport *
sy_costs_page_get_usage_report (SyCostsPage *self)
{
  return get_state (self)->report;
}

const char *
sy_costs_page_get_usage_error (SyCostsPage *self)
{
  return get_state (self)->error_text;
}

GtkWidget *
sy_costs_page_get_usage_dialog (SyCostsPage *self)
{
  return get_state (self)->dialog;
}

AdwToast *
sy_costs_page_use_usage_report (SyCostsPage *self)
{
  ImportState *state = get_state (self);
  SyCostModel *model = sy_costs_page_get_model (self);
  g_autoptr(SyUsageReport) report = g_steal_pointer (&state->report);
  g_autofree char *message = NULL;
  SyTraffic traffic;
  SyCostInputs inputs;
  AdwToast *toast;

  g_return_val_if_fail (report != NULL, NULL);

  sy_cost_model_get_traffic (model, &state->undo_traffic);
  sy_cost_model_get_inputs (model, &inputs);
  state->undo_peak_factor = inputs.peak_factor;
  g_clear_pointer (&state->undo_measured, g_variant_unref);
  state->undo_measured = g_settings_get_value (get_settings (self), "measured-inputs");
  state->can_undo = TRUE;

  /* A log with every request in one hour has a peak factor below 1 only
   * by rounding; the model wants at least 1. */
  inputs.peak_factor = CLAMP (report->peak_factor, 1.0, SY_COST_MAX_PEAK_FACTOR);
  traffic = (SyTraffic) {
    .daily_requests = MIN (report->requests_per_day, SY_COST_MAX_DAILY_REQUESTS),
    .input_tokens = MIN (report->input_tokens_mean, SY_COST_MAX_TOKENS_PER_REQUEST),
    .output_tokens = MIN (report->output_tokens_mean, SY_COST_MAX_TOKENS_PER_REQUEST),
  };
  sy_cost_model_set_inputs (model, &inputs);
  sy_cost_model_set_traffic (model, &traffic);
  /* Measured like the pilot's figures: the Costs page marks them until
   * someone types another. */
  sy_costs_measured_record_from (get_settings (self), model, NULL,
                                 SY_PILOT_APPLIED_INPUT_TOKENS | SY_PILOT_APPLIED_OUTPUT_TOKENS |
                                 SY_PILOT_APPLIED_DAILY_REQUESTS | SY_PILOT_APPLIED_PEAK_FACTOR,
                                 TRUE);

  /* Translators: toast after "Use for Costs"; %s is the usage log's file name */
  message = g_strdup_printf (_("Traffic from %s"), state->file_name);
  toast = sy_toast_show (GTK_WIDGET (self), message);
  if (toast == NULL)
    return NULL;

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "costs.undo-usage-import");

  return toast;
}
