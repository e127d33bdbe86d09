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

  GtkLabel       *cells[SY_PILOT_N_METRICS][SY_ROUTE_N_BACKENDS];
  GtkLabel       *side_models[SY_ROUTE_N_BACKENDS];

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
  GtkLabel       *win_rate_label;
  GtkLabel       *quality_label;
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

/* One row per metric, one column per backend: the two sides read across. */
static void
build_grid (SyPilotView *self)
{
  for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title = gtk_label_new (side == SY_ROUTE_BACKEND_LOCAL ? _("Local") : _("API"));
      GtkWidget *model = gtk_label_new (NULL);

      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 1);
      gtk_widget_add_css_class (model, "caption");
      gtk_widget_add_css_class (model, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (model), 1);
      gtk_label_set_ellipsize (GTK_LABEL (model), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (model), 14);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), model);
      gtk_grid_attach (self->metrics_grid, box, side + 1, 0, 1, 1);
      self->side_models[side] = GTK_LABEL (model);
    }

  for (guint metric = 0; metric < SY_PILOT_N_METRICS; metric++)
    {
      add_grid_label (self, _(metric_titles[metric]), 0, metric + 1, NULL);
      for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
        self->cells[metric][side] = add_grid_label (self, NULL, side + 1, metric + 1, "numeric");
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
    (summary->sides[SY_ROUTE_BACKEND_LOCAL].mean_tokens_per_second > 0 || summary->quality_ratio >= 0);
  g_autofree char *text = NULL;

  if (has_option_figures)
    text = g_strdup_printf (_("Puts the measured input and output tokens per request into the traffic, "
                              "and the local tokens per second and the quality ratio into “%s”, "
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
  self->summary = sy_pilot_summary_new (records);
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

  for (guint side = 0; side < SY_ROUTE_N_BACKENDS; side++)
    {
      const SyPilotSideSummary *side_summary = &summary->sides[side];

      gtk_label_set_text (self->side_models[side], side_summary->model != NULL ? side_summary->model : "");
      for (guint metric = 0; metric < SY_PILOT_N_METRICS; metric++)
        {
          g_autofree char *text = format_cell (side_summary, metric);

          gtk_label_set_text (self->cells[metric][side], text);
        }
    }

  set_count (self->local_wins_label, summary->n_local_wins);
  set_count (self->api_wins_label, summary->n_api_wins);
  set_count (self->ties_label, summary->n_ties);
  if (summary->n_rated == 0)
    {
      gtk_label_set_text (self->win_rate_label, "—");
      gtk_label_set_text (self->quality_label, "—");
    }
  else
    {
      g_autofree char *percent = sy_format_decimal (summary->win_rate * 100, 0);
      /* Translators: a percentage, e.g. "60%" */
      g_autofree char *rate = g_strdup_printf (_("%s%%"), percent);
      g_autofree char *quality = sy_format_decimal (summary->quality_ratio, 2);

      gtk_label_set_text (self->win_rate_label, rate);
      gtk_label_set_text (self->quality_label, quality);
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

static void
use_numbers_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sy_pilot_view_use_numbers (SY_PILOT_VIEW (widget));
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
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

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
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, win_rate_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, quality_label);
  gtk_widget_class_bind_template_child (widget_class, SyPilotView, use_description);

  gtk_widget_class_install_action (widget_class, "pilot.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "pilot.use-numbers", NULL, use_numbers_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sy_pilot_view_init (SyPilotView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  build_grid (self);
}

/* Public API --------------------------------------------------------------- */

GtkWidget *
sy_pilot_view_new (SyContext *context)
{
  g_return_val_if_fail (SY_IS_CONTEXT (context), NULL);

  return g_object_new (SY_TYPE_PILOT_VIEW, "context", context, NULL);
}

SyPilotApplied
sy_pilot_view_use_numbers (SyPilotView *self)
{
  SyInferenceOption *option;
  SyPilotApplied applied;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SY_IS_PILOT_VIEW (self), SY_PILOT_APPLIED_NONE);

  if (self->summary == NULL)
    return SY_PILOT_APPLIED_NONE;

  option = sy_costs_measured_pick_option (self->cost_model);
  applied = sy_pilot_summary_apply (self->summary, self->cost_model, option);
  /* After the values changed: the marks compare with what is there now. */
  sy_costs_measured_record (self->settings, self->cost_model, option, applied);

  if (applied & (SY_PILOT_APPLIED_TOKENS_PER_SECOND | SY_PILOT_APPLIED_QUALITY))
    message = g_strdup_printf (_("The Costs page now uses your pilot’s numbers, for “%s”"),
                               sy_inference_option_get_name (option));
  else if (applied != SY_PILOT_APPLIED_NONE)
    message = g_strdup (_("The Costs page now uses your pilot’s tokens per request"));
  else
    return applied;

  g_signal_emit (self, signals[NUMBERS_USED], 0, message);
  gtk_window_close (GTK_WINDOW (self));

  return applied;
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
sy_pilot_view_get_cell_text (SyPilotView    *self,
                             SyPilotMetric   metric,
                             SyRouteBackend  side)
{
  g_return_val_if_fail (metric < SY_PILOT_N_METRICS && side < SY_ROUTE_N_BACKENDS, NULL);

  return gtk_label_get_text (self->cells[metric][side]);
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
    case SY_PILOT_QUALITY_WIN_RATE:
      return gtk_label_get_text (self->win_rate_label);
    case SY_PILOT_QUALITY_RATIO:
      return gtk_label_get_text (self->quality_label);
    default:
      g_return_val_if_reached (NULL);
    }
}
