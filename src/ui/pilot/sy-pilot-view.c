/* sy-pilot-view.c: the pilot summary, its CSV export and "use these numbers"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sy-costs-page-measured.h"
#include "sy-file-chooser.h"
#include "sy-format.h"
#include "sy-pilot-view-private.h"
#include "sy-preferences-window-private.h"
#include "sy-preferences-window.h"
#include "sy-toast.h"

struct _SyPilotView
{
  AdwWindow       parent_instance;

  SyContext      *context;
  SyCostModel    *cost_model;
  SyPilotLog     *log;
  GSettings      *settings;
  SyPilotSummary *summary;
  GCancellable   *cancellable;
  gboolean        empty;
  GtkFileChooserNative *export_chooser;  /* weak: open while not NULL */

  /* Of the grid's model columns: cells[column × SY_PILOT_N_METRICS + metric] */
  GPtrArray      *cells;
  GPtrArray      *column_models;
  GtkLabel       *class_labels[SY_ROUTE_N_CLASSES];
  AdwActionRow   *class_rows[SY_ROUTE_N_CLASSES];
  GtkWidget      *use_dialog;      /* weak: open while not NULL */
  GtkWidget      *rules_window;    /* weak: open while not NULL */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *prompts_label;
  GtkLabel       *prompts_caption;
  GtkGrid        *metrics_grid;
  GtkLabel       *local_wins_label;
  GtkLabel       *api_wins_label;
  GtkLabel       *ties_label;
  AdwActionRow   *quality_row;
  GtkLabel       *quality_label;
  AdwPreferencesGroup *classes_group;
  GtkLabel       *use_description;
};

G_DEFINE_FINAL_TYPE (SyPilotView, sy_pilot_view, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  NUMBERS_USED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const metric_titles[SY_PILOT_N_METRICS] = {
  N_("Replies"),
  N_("Time to first token, median"),
  N_("Time to first token, 95th percentile"),
  N_("Total latency, median"),
  N_("Total latency, 95th percentile"),
  N_("Tokens per second"),
  N_("Input tokens per request"),
  N_("Output tokens per request"),
  N_("Cost per 1,000 requests"),
};

/* Auxiliary functions ----------------------------------------------------- */

static GtkLabel *
add_grid_label (SyPilotView *self,
                const char  *text,
                int          column,
                int          row,
                const char  *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_label_set_justify (GTK_LABEL (label), column == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (label, column == 0);
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (self->metrics_grid, label, column, row, 1, 1);

  return GTK_LABEL (label);
}

/* One row per metric, one column per backend and model: a gpt-4o-mini and
 * a gpt-4o run read side by side instead of pooled. */
static void
build_grid (SyPilotView *self,
            GPtrArray   *columns)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->metrics_grid))) != NULL)
    gtk_grid_remove (self->metrics_grid, child);
  g_ptr_array_set_size (self->cells, 0);
  g_ptr_array_set_size (self->column_models, 0);

  for (guint column = 0; column < columns->len; column++)
    {
      const SyPilotSideSummary *side = g_ptr_array_index (columns, column);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title = gtk_label_new (side->backend == SY_ROUTE_BACKEND_LOCAL ? _("Local") : _("API"));
      GtkWidget *model = gtk_label_new (side->model != NULL ? side->model : "");

      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 1);
      gtk_widget_add_css_class (model, "caption");
      gtk_widget_add_css_class (model, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (model), 1);
      gtk_label_set_ellipsize (GTK_LABEL (model), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (model), 14);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), model);
      gtk_grid_attach (self->metrics_grid, box, column + 1, 0, 1, 1);
      g_ptr_array_add (self->column_models, model);
    }

  for (guint metric = 0; metric < SY_PILOT_N_METRICS; metric++)
    add_grid_label (self, _(metric_titles[metric]), 0, metric + 1, NULL);
  for (guint column = 0; column < columns->len; column++)
    for (guint metric = 0; metric < SY_PILOT_N_METRICS; metric++)
      g_ptr_array_add (self->cells, add_grid_label (self, NULL, column + 1, metric + 1, "numeric"));
}

static void
build_class_rows (SyPilotView *self)
{
  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sy_route_class_get_label (i));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->classes_group, row);
      self->class_rows[i] = ADW_ACTION_ROW (row);
      self->class_labels[i] = GTK_LABEL (label);
    }
}

static char *
format_seconds (double seconds)
{
  g_autofree char *number = NULL;

  if (seconds < 0)
    return g_strdup ("—");
  number = sy_format_decimal (seconds, 2);
  /* Translators: a duration in seconds, e.g. "0.42 s" */
  return g_strdup_printf (_("%s s"), number);
}

static char *
format_cell (const SyPilotSideSummary *side,
             SyPilotMetric             metric)
{
  if (metric == SY_PILOT_METRIC_REPLIES)
    {
      if (side->n_errors == 0)
        return g_strdup_printf ("%u", side->n_completed);
      /* Translators: replies that completed, then those that failed */
      return g_strdup_printf (_("%u (%u failed)"), side->n_completed, side->n_errors);
    }

  if (side->n_completed == 0)
    return g_strdup ("—");

  switch (metric)
    {
    case SY_PILOT_METRIC_TTFT_MEDIAN:
      return format_seconds (side->ttft_median);
    case SY_PILOT_METRIC_TTFT_P95:
      return format_seconds (side->ttft_p95);
    case SY_PILOT_METRIC_TOTAL_MEDIAN:
      return format_seconds (side->total_median);
    case SY_PILOT_METRIC_TOTAL_P95:
      return format_seconds (side->total_p95);
    case SY_PILOT_METRIC_TOKENS_PER_SECOND:
      return side->mean_tokens_per_second > 0 ? sy_format_decimal (side->mean_tokens_per_second, 1) : g_strdup ("—");
    case SY_PILOT_METRIC_INPUT_TOKENS:
      return sy_format_decimal (side->mean_input_tokens, 0);
    case SY_PILOT_METRIC_OUTPUT_TOKENS:
      return sy_format_decimal (side->mean_output_tokens, 0);
    case SY_PILOT_METRIC_COST_PER_1000:
      return sy_format_usd_small (side->cost_per_1000_usd);
    case SY_PILOT_METRIC_REPLIES:
    case SY_PILOT_N_METRICS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
set_count (GtkLabel *label,
           guint     count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  gtk_label_set_text (label, text);
}

static void
update_use_description (SyPilotView *self)
{
  SyInferenceOption *option = sy_costs_measured_pick_option (self->cost_model);
  const SyPilotSummary *summary = self->summary;
  gboolean has_traffic = summary->mean_input_tokens >= 0;
  gboolean has_option_figures = option != NULL &&
    (summary->sides[SY_ROUTE_BACKEND_LOCAL].mean_tokens_per_second > 0 || summary->quality.retained >= 0);
  g_autofree char *text = NULL;

  if (has_option_figures)
    text = g_strdup_printf (_("Puts the measured input and output tokens per request into the traffic, "
                              "and the local tokens per second and the quality retained into “%s”, "
                              "the first local option ticked on the Costs page."),
                            sy_inference_option_get_name (option));
  else if (has_traffic)
    text = g_strdup (_("Puts the measured input and output tokens per request into the traffic on the Costs page."));
  else
    text = g_strdup (_("No reply completed yet, so there is nothing to measure."));

  gtk_label_set_text (self->use_description, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pilot.use-numbers", has_traffic || has_option_figures);
}

static void
update_summary (SyPilotView *self)
{
  GPtrArray *records = sy_pilot_log_get_records (self->log);
  const SyPilotSummary *summary;
  g_autofree char *prompts = NULL;
  g_autofree char *caption = NULL;

  g_clear_pointer (&self->summary, sy_pilot_summary_free);
  self->summary = sy_pilot_summary_new (records, sy_context_get_router (self->context));
  summary = self->summary;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pilot.export-csv", records->len > 0);
  if (records->len == 0)
    {
      self->empty = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->empty = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "summary");

  prompts = sy_format_decimal (summary->n_prompts, 0);
  gtk_label_set_text (self->prompts_label, prompts);
  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "prompt measured, %u of them sent to both backends",
                                          "prompts measured, %u of them sent to both backends",
                                          summary->n_prompts),
                             summary->n_both);
  gtk_label_set_text (self->prompts_caption, caption);

  build_grid (self, summary->columns);
  for (guint column = 0; column < summary->columns->len; column++)
    for (guint metric = 0; metric < SY_PILOT_N_METRICS; metric++)
      {
        g_autofree char *text = format_cell (g_ptr_array_index (summary->columns, column), metric);

        gtk_label_set_text (g_ptr_array_index (self->cells, column * SY_PILOT_N_METRICS + metric), text);
      }

  set_count (self->local_wins_label, summary->quality.n_local_wins);
  set_count (self->api_wins_label, summary->quality.n_api_wins);
  set_count (self->ties_label, summary->quality.n_ties);
  {
    g_autofree char *quality = sy_pilot_quality_format (&summary->quality);
    g_autofree char *note = sy_pilot_quality_dup_note (&summary->quality);

    gtk_label_set_text (self->quality_label, quality);
    adw_action_row_set_subtitle (self->quality_row,
                                 note != NULL ? note :
                                 /* xgettext:no-c-format */
                                 _("Share of prompts where local was as good as or better than the API, with its 95% interval"));
  }

  for (guint i = 0; i < SY_ROUTE_N_CLASSES; i++)
    {
      const SyPilotQuality *quality = &summary->classes[i];
      g_autofree char *shown = sy_pilot_quality_format (quality);
      /* Short: the overall row above already says why few is wide. */
      g_autofree char *rated = g_strdup_printf (sy_pilot_quality_is_wide (quality)
                                                ? g_dngettext (GETTEXT_PACKAGE, "%u rated: the interval is wide",
                                                               "%u rated: the interval is wide", quality->n_rated)
                                                : g_dngettext (GETTEXT_PACKAGE, "%u rated", "%u rated",
                                                               quality->n_rated),
                                                quality->n_rated);

      gtk_label_set_text (self->class_labels[i], shown);
      adw_action_row_set_subtitle (self->class_rows[i], rated);
    }

  update_use_description (self);
}

static void
load_log (SyPilotView *self)
{
  g_autoptr(GError) error = NULL;

  if (!sy_pilot_log_load (self->log, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_title (self->empty_page, _("Could Not Read the Pilot Log"));
      adw_status_page_set_description (self->empty_page, escaped);
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
    }
}

static void
set_empty_description (SyPilotView *self)
{
  const char *path = sy_pilot_log_get_path (self->log);
  const char *home = g_get_home_dir ();
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *description = NULL;

  /* "~/.local/share/…": the same file, shorter to read and type. */
  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == G_DIR_SEPARATOR)
    shown = g_strconcat ("~", path + strlen (home), NULL);
  else
    shown = g_strdup (path);
  escaped = g_markup_escape_text (shown, -1);

  /* Markup: the status page reads its description as such. */
  description = g_strdup_printf (_("Measure both backends on your own prompts: turn on Compare in the chat, "
                                   "or choose Auto and set a shadow share in Preferences (Routing). "
                                   "From a terminal, <tt>switchyard pilot --log %s</tt> adds a file of prompts."),
                                 escaped);
  adw_status_page_set_description (self->empty_page, description);
}

/* Callbacks ---------------------------------------------------------------- */

static void
on_log_changed_cb (SyPilotLog  *log,
                   SyPilotView *self)
{
  update_summary (self);
}

static void
on_cost_model_changed_cb (SyCostModel *model,
                          SyPilotView *self)
{
  /* Which option is ticked decides what "use these numbers" changes. */
  if (self->summary != NULL && !self->empty)
    update_use_description (self);
}

static void
on_export_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SyPilotView *self = SY_PILOT_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (sy_pilot_view_export_csv_finish (self, result, &error))
    message = g_strdup_printf (_("Saved “%s”"), basename);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    message = g_strdup (error->message);

  adw_toast_overlay_add_toast (self->toast_overlay, sy_toast_new (message));
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       SyPilotView     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        sy_pilot_view_export_csv_async (self, file, self->cancellable, on_export_done_cb, g_object_ref (file));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SyPilotView *self = SY_PILOT_VIEW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Pilot Log"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("CSV spreadsheet"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  /* Translators: default file name of the exported pilot log; keep it a valid file name */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("pilot.csv"));
  sy_file_chooser_start_in_documents (GTK_FILE_CHOOSER (native));

  g_clear_weak_pointer (&self->export_chooser);
  g_set_weak_pointer (&self->export_chooser, native);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* What "Use These Numbers" would change, before it does. */
typedef struct
{
  SyPilotApplied  which;
  const char     *title;     /* translated */
  double          old_value;
  double          new_value;
  int             decimals;
} PlannedChange;

static guint
plan_changes (SyPilotView       *self,
              SyInferenceOption *option,
              PlannedChange     *changes)
{
  const SyPilotSummary *summary = self->summary;
  double local_tps = summary->sides[SY_ROUTE_BACKEND_LOCAL].mean_tokens_per_second;
  guint n = 0;

  if (summary->mean_input_tokens >= 0)
    changes[n++] = (PlannedChange) { SY_PILOT_APPLIED_INPUT_TOKENS, _("Input tokens per request"),
                                     sy_cost_model_get_input_tokens (self->cost_model),
                                     summary->mean_input_tokens, 0 };
  if (summary->mean_output_tokens >= 0)
    changes[n++] = (PlannedChange) { SY_PILOT_APPLIED_OUTPUT_TOKENS, _("Output tokens per request"),
                                     sy_cost_model_get_output_tokens (self->cost_model),
                                     summary->mean_output_tokens, 0 };
  if (option != NULL && local_tps > 0)
    changes[n++] = (PlannedChange) { SY_PILOT_APPLIED_TOKENS_PER_SECOND, _("Local tokens per second"),
                                     sy_inference_option_get_tokens_per_second (option), local_tps, 1 };
  if (option != NULL && summary->quality.retained >= 0)
    changes[n++] = (PlannedChange) { SY_PILOT_APPLIED_QUALITY, _("Local quality"),
                                     sy_inference_option_get_quality (option), summary->quality.retained, 2 };
  return n;
}

/* Replacing traffic someone typed, or measured from a usage log, with a
 * handful of pilot prompts deserves a second thought. */
static gboolean
replaces_traffic_rashly (SyPilotView *self)
{
  gboolean traffic_measured =
    sy_costs_measured_traffic_is_marked (self->settings, self->cost_model, SY_PILOT_APPLIED_INPUT_TOKENS) ||
    sy_costs_measured_traffic_is_marked (self->settings, self->cost_model, SY_PILOT_APPLIED_OUTPUT_TOKENS);

  if (self->summary->mean_input_tokens < 0 && self->summary->mean_output_tokens < 0)
    return FALSE;
  return self->summary->n_prompts < SY_PILOT_FEW_RATINGS || traffic_measured;
}

static char *
dup_review_body (SyPilotView *self)
{
  SyInferenceOption *option = sy_costs_measured_pick_option (self->cost_model);
  PlannedChange changes[4];
  guint n = plan_changes (self, option, changes);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *interval = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *old_text = sy_format_decimal (changes[i].old_value, changes[i].decimals);
      g_autofree char *new_text = sy_format_decimal (changes[i].new_value, changes[i].decimals);

      /* Translators: one planned change, e.g. "Input tokens per request: 500 → 40" */
      g_string_append_printf (body, _("%s: %s → %s"), changes[i].title, old_text, new_text);
      g_string_append_c (body, '\n');
    }

  if (option != NULL && self->summary->quality.retained >= 0)
    {
      interval = sy_pilot_quality_format (&self->summary->quality);
      g_string_append_c (body, '\n');
      /* Translators: %s is the quality retained with its interval, %s the option's name */
      g_string_append_printf (body, _("The quality is the point estimate of %s, for “%s”."),
                              interval, sy_inference_option_get_name (option));
      g_string_append_c (body, '\n');
    }

  if (replaces_traffic_rashly (self))
    {
      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "The pilot measured only %u prompt. It will replace the traffic on the Costs page, "
                                                 "which you typed or imported from a usage log.",
                                                 "The pilot measured only %u prompts. They will replace the traffic on the Costs page, "
                                                 "which you typed or imported from a usage log.",
                                                 self->summary->n_prompts),
                              self->summary->n_prompts);
    }

  return g_strstrip (g_string_free (g_steal_pointer (&body), FALSE));
}

static void
on_use_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    SyPilotView      *self)
{
  /* The dialog closes itself after this; applying closes the view, whose
   * dispose must not destroy the dialog in the middle of its response. */
  g_clear_weak_pointer (&self->use_dialog);
  if (g_strcmp0 (response, "use") == 0)
    {
      /* Nor may the dialog, finalized after the view, reach back to it. */
      gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
      sy_pilot_view_use_numbers (self);
    }
}

static void
use_numbers_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SyPilotView *self = SY_PILOT_VIEW (widget);
  g_autofree char *body = NULL;
  gboolean rash;
  GtkWidget *dialog;

  PlannedChange changes[4];

  if (self->summary == NULL || self->empty || self->use_dialog != NULL ||
      plan_changes (self, sy_costs_measured_pick_option (self->cost_model), changes) == 0)
    return;

  body = dup_review_body (self);
  rash = replaces_traffic_rashly (self);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Use These Numbers?"), NULL);
  /* Text, not markup: model names may hold anything. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "use", rash ? _("_Replace Traffic") : _("_Use Numbers"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "use",
                                              rash ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  /* Enter must not replace typed traffic on a small sample. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), rash ? "cancel" : "use");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_use_response_cb), self, 0);
  g_set_weak_pointer (&self->use_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_rules_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SyPilotView *self = SY_PILOT_VIEW (widget);
  GtkWidget *preferences = sy_preferences_window_new (self->context);
  SyRulesPage *rules = sy_preferences_window_get_rules_page (SY_PREFERENCES_WINDOW (preferences));

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (rules));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  g_clear_weak_pointer (&self->rules_window);
  g_set_weak_pointer (&self->rules_window, preferences);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_replace_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not export the pilot log to “%s”: %s"), name, error->message);
    }
}

/* Overrides ---------------------------------------------------------------- */

static void
sy_pilot_view_constructed (GObject *object)
{
  SyPilotView *self = SY_PILOT_VIEW (object);

  G_OBJECT_CLASS (sy_pilot_view_parent_class)->constructed (object);

  g_return_if_fail (self->cost_model != NULL && self->log != NULL);

  set_empty_description (self);
  g_signal_connect_object (self->log, "changed", G_CALLBACK (on_log_changed_cb), self, 0);
  g_signal_connect_object (self->cost_model, "changed", G_CALLBACK (on_cost_model_changed_cb), self, 0);

  /* Fresh from disk: `switchyard pilot --log` may have added records
   * since the app started. */
  load_log (self);
  if (self->summary == NULL)
    update_summary (self);
}

static void
sy_pilot_view_dispose (GObject *object)
{
  SyPilotView *self = SY_PILOT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->export_chooser);
  if (self->use_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->use_dialog));
  g_clear_weak_pointer (&self->use_dialog);
  g_clear_weak_pointer (&self->rules_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), SY_TYPE_PILOT_VIEW);

  G_OBJECT_CLASS (sy_pilot_view_parent_class)->dispose (object);
}

static void
sy_pilot_view_finalize (GObject *object)
{
  SyPilotView *self = SY_PILOT_VIEW (object);

  g_clear_object (&self->cost_model);
  g_clear_object (&self->log);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summary, sy_pilot_summary_free);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  g_clear_pointer (&self->column_models, g_ptr_array_unref);

  G_OBJECT_CLASS (sy_pilot_view_parent_class)->finalize (object);
}

static void
sy_pilot_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SyPilotView *self = SY_PILOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      self->cost_model = g_object_ref (sy_context_get_cost_model (self->context));
      self->log = g_object_ref (sy_context_get_pilot_log (self->context));
      self->settings = g_object_ref (sy_context_get_settings (self->context));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sy_pilot_view_class_init (SyPilotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sy_pilot_view_constructed;
  object_class->dispose = sy_pilot_view_dispose;
  object_class->finalize = sy_pilot_view_finalize;
  object_class->set_property = sy_pilot_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SY_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[NUMBERS_USED] = g_signal_new ("numbers-used", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/sy-pilot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, stack);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, prompts_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, prompts_caption);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, metrics_grid);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, local_wins_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, api_wins_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, ties_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, quality_row);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, classes_group);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, quality_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, use_description);

  gtk_widget_class_install_action (widget_class, "pilot.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "pilot.use-numbers", NULL, use_numbers_action);
  gtk_widget_class_install_action (widget_class, "pilot.open-rules", NULL, open_rules_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sy_pilot_view_init (SyPilotView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->cells = g_ptr_array_new ();
  self->column_models = g_ptr_array_new ();
  build_class_rows (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
sy_pilot_view_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_PILOT_VIEW, "context", context, NULL);
}

/* What Undo puts back: outlives the view, which closes on apply. */
typedef struct
{
  SyCostModel       *model;
  SyInferenceOption *option;     /* NULL: none was changed */
  GSettings         *settings;
  GVariant          *measured;   /* measured-inputs before */
  double             input_tokens;
  double             output_tokens;
  double             tokens_per_second;
  double             quality;
  SyPilotApplied     applied;
} UndoState;

static void
undo_state_free (UndoState *undo)
{
  g_clear_object (&undo->model);
  g_clear_object (&undo->option);
  g_clear_object (&undo->settings);
  g_clear_pointer (&undo->measured, g_variant_unref);
  g_free (undo);
}

static void
on_undo_clicked_cb (AdwToast  *toast,
                    UndoState *undo)
{
  if (undo->applied & SY_PILOT_APPLIED_INPUT_TOKENS)
    sy_cost_model_set_input_tokens (undo->model, undo->input_tokens);
  if (undo->applied & SY_PILOT_APPLIED_OUTPUT_TOKENS)
    sy_cost_model_set_output_tokens (undo->model, undo->output_tokens);
  if (undo->option != NULL && (undo->applied & SY_PILOT_APPLIED_TOKENS_PER_SECOND))
    sy_inference_option_set_tokens_per_second (undo->option, undo->tokens_per_second);
  if (undo->option != NULL && (undo->applied & SY_PILOT_APPLIED_QUALITY))
    sy_inference_option_set_quality (undo->option, undo->quality);
  /* The marks as they were: a figure measured before stays marked. */
  g_settings_set_value (undo->settings, "measured-inputs", undo->measured);
  undo->applied = SY_PILOT_APPLIED_NONE;
}

SyPilotApplied
sy_pilot_view_use_numbers (SyPilotView *self)
{
  SyInferenceOption *option;
  SyPilotApplied applied;
  g_autofree char *message = NULL;
  g_autoptr(AdwToast) toast = NULL;
  UndoState *undo;

  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), SY_PILOT_APPLIED_NONE);

  if (self->summary == NULL)
    return SY_PILOT_APPLIED_NONE;

  option = sy_costs_measured_pick_option (self->cost_model);
  undo = g_new0 (UndoState, 1);
  undo->model = g_object_ref (self->cost_model);
  undo->option = option != NULL ? g_object_ref (option) : NULL;
  undo->settings = g_object_ref (self->settings);
  undo->measured = g_settings_get_value (self->settings, "measured-inputs");
  undo->input_tokens = sy_cost_model_get_input_tokens (self->cost_model);
  undo->output_tokens = sy_cost_model_get_output_tokens (self->cost_model);
  if (option != NULL)
    {
      undo->tokens_per_second = sy_inference_option_get_tokens_per_second (option);
      undo->quality = sy_inference_option_get_quality (option);
    }

  applied = sy_pilot_summary_apply (self->summary, self->cost_model, option);
  /* After the values changed: the marks compare with what is there now. */
  sy_costs_measured_record (self->settings, self->cost_model, option, applied);
  /* The point estimate went into the model; the interval goes beside it. */
  if (applied & SY_PILOT_APPLIED_QUALITY)
    sy_costs_measured_record_quality_interval (self->settings, option,
                                               self->summary->quality.low, self->summary->quality.high);
  undo->applied = applied;

  if (applied & (SY_PILOT_APPLIED_TOKENS_PER_SECOND | SY_PILOT_APPLIED_QUALITY))
    message = g_strdup_printf (_("The Costs page now uses your pilot’s numbers, for “%s”"),
                               sy_inference_option_get_name (option));
  else if (applied != SY_PILOT_APPLIED_NONE)
    message = g_strdup (_("The Costs page now uses your pilot’s tokens per request"));
  else
    {
      undo_state_free (undo);
      return applied;
    }

  toast = sy_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "sy-pilot-undo", undo, (GDestroyNotify) undo_state_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), undo);

  g_signal_emit (self, signals[NUMBERS_USED], 0, toast);
  gtk_window_close (GTK_WINDOW (self));

  return applied;
}

GtkWidget *
sy_pilot_view_get_use_dialog (SyPilotView *self)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), NULL);
  return self->use_dialog;
}

GtkWidget *
sy_pilot_view_get_rules_window (SyPilotView *self)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), NULL);
  return self->rules_window;
}

guint
sy_pilot_view_get_n_columns (SyPilotView *self)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), 0);
  return self->column_models->len;
}

const char *
sy_pilot_view_get_column_model (SyPilotView *self,
                                guint        column)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), NULL);
  g_return_val_if_fail (column < self->column_models->len, NULL);
  return gtk_label_get_text (g_ptr_array_index (self->column_models, column));
}

const char *
sy_pilot_view_get_class_text (SyPilotView  *self,
                              SyRouteClass  klass)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), NULL);
  g_return_val_if_fail (klass < SY_ROUTE_N_CLASSES, NULL);
  return gtk_label_get_text (self->class_labels[klass]);
}

GtkFileChooser *
sy_pilot_view_get_export_chooser (SyPilotView *self)
{
  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), NULL);

  return self->export_chooser != NULL ? GTK_FILE_CHOOSER (self->export_chooser) : NULL;
}

void
sy_pilot_view_export_csv_async (SyPilotView         *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  g_return_if_fail (SY_IS_PILOT_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sy_pilot_view_export_csv_async);

  csv = sy_pilot_records_to_csv (sy_pilot_log_get_records (self->log));
  bytes = g_bytes_new_take (csv, strlen (csv));
  /* A temporary file renamed over the old one: a failed export leaves
   * the old file as it was. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_replace_done_cb, g_steal_pointer (&task));
}

gboolean
sy_pilot_view_export_csv_finish (SyPilotView   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sy_pilot_view_is_empty (SyPilotView *self)
{
  return self->empty;
}

const char *
sy_pilot_view_get_prompts_text (SyPilotView *self)
{
  return gtk_label_get_text (self->prompts_label);
}

const char *
sy_pilot_view_get_cell_text (SyPilotView   *self,
                             SyPilotMetric  metric,
                             guint          column)
{
  g_return_val_if_fail (metric < SY_PILOT_N_METRICS, NULL);
  g_return_val_if_fail (column < self->column_models->len, NULL);

  return gtk_label_get_text (g_ptr_array_index (self->cells, column * SY_PILOT_N_METRICS + metric));
}

const char *
sy_pilot_view_get_quality_text (SyPilotView         *self,
                                SyPilotQualityField  field)
{
  switch (field)
    {
    case SY_PILOT_QUALITY_LOCAL_WINS:
      return gtk_label_get_text (self->local_wins_label);
    case SY_PILOT_QUALITY_API_WINS:
      return gtk_label_get_text (self->api_wins_label);
    case SY_PILOT_QUALITY_TIES:
      return gtk_label_get_text (self->ties_label);
    case SY_PILOT_QUALITY_RETAINED:
      return gtk_label_get_text (self->quality_label);
    case SY_PILOT_QUALITY_NOTE:
      return adw_action_row_get_subtitle (self->quality_row);
    default:
      g_return_val_if_reached (NULL);
    }
}
