/* sy-wizard-result.c: the result view of the Decide page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds rows from a SyDecision; it computes nothing itself.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-file-chooser.h"
#include "sy-report.h"
#include "sy-wizard-page-private.h"
#include "sy-toast.h"

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
new_text_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
new_answer_label (const SyDecisionStep *step)
{
  GtkWidget *label = gtk_label_new (step->answer_text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "numeric");
  if (step->decisive && step->check != SY_CHECK_MONTHLY_COST)
    gtk_widget_add_css_class (label, step->answer == SY_ANSWER_YES ? "accent" : "dim-label");

  return label;
}

/* Callbacks */

static void
on_report_launched_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GtkWidget) page = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the report: %s"), error->message);

      sy_toast_show (page, message);
    }
}

static void
on_saved_toast_open_cb (AdwToast     *toast,
                        SyWizardPage *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "sy-report-uri");
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           on_report_launched_cb, g_object_ref (self));
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       SyWizardPage    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      path = file != NULL ? g_file_get_path (file) : NULL;
    }

  if (path != NULL && !g_str_has_suffix (path, ".pdf"))
    {
      char *with_extension = g_strconcat (path, ".pdf", NULL);

      g_free (path);
      path = with_extension;
    }

  if (path != NULL && sy_wizard_page_export_report (self, path, &error))
    {
      g_autoptr(GFile) saved = g_file_new_for_path (path);
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), sy_wizard_result_new_saved_toast (self, saved));
    }
  else if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("Could Not Export the Report"),
                                                  error != NULL ? error->message
                                                                : _("The chosen location is not a local file."));

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

/* Public API */

AdwToast *
sy_wizard_result_new_saved_toast (SyWizardPage *self,
                                  GFile        *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *message = g_strdup_printf (_("Saved “%s”"), basename);
  AdwToast *toast = sy_toast_new (message);

  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "sy-report-uri", g_file_get_uri (file), g_free);
  /* The toast is made here, so its button is connected here too. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_saved_toast_open_cb), self, 0);

  return toast;
}

/* Enter is Next wherever an answer is being given; a focused button (Back,
 * Export …) and an open list keep their own Enter. */
gboolean
sy_wizard_result_key_pressed_cb (GtkEventControllerKey *controller,
                                 guint                  keyval,
                                 guint                  keycode,
                                 GdkModifierType        state,
                                 SyWizardPage          *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *spin;

  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      sy_wizard_page_get_step (self) == SY_WIZARD_STEP_RESULT ||
      sy_wizard_page_get_welcome_visible (self))
    return GDK_EVENT_PROPAGATE;

  if (focus != NULL &&
      ((GTK_IS_BUTTON (focus) && !GTK_IS_TOGGLE_BUTTON (focus)) ||
       gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL ||
       gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW) != NULL))
    return GDK_EVENT_PROPAGATE;

  /* A number being typed counts before moving on. */
  spin = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON) : NULL;
  if (spin != NULL)
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));

  return gtk_widget_activate_action (GTK_WIDGET (self), "wizard.next", NULL);
}

void
sy_wizard_result_run_export (SyWizardPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *initial_name = NULL;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("PDF document"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  /* Translators: default file name of the report; keep it a valid file name */
  initial_name = g_strconcat (_("decision-report"), ".pdf", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  sy_file_chooser_start_in_documents (GTK_FILE_CHOOSER (native));

  g_clear_weak_pointer (&self->export_chooser);
  g_set_weak_pointer (&self->export_chooser, native);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}


void
sy_wizard_result_fill_trace (GtkListBox *trace_list,
                             GtkListBox *notes_list,
                             SyDecision *decision)
{
  guint n = sy_decision_get_n_steps (decision);
  guint number = 0;

  clear_list (trace_list);
  clear_list (notes_list);

  for (guint i = 0; i < n; i++)
    {
      const SyDecisionStep *step = sy_decision_get_step (decision, i);
      GtkWidget *row = new_text_row (step->question, step->result);
      GtkWidget *prefix;

      if (step->decisive)
        {
          g_autofree char *text = NULL;

          number++;
          text = g_strdup_printf ("%u", number);
          prefix = gtk_label_new (text);
          gtk_widget_add_css_class (prefix, "title-3");
          gtk_widget_add_css_class (prefix, "dim-label");
          gtk_widget_add_css_class (prefix, "numeric");
          gtk_widget_set_size_request (prefix, 24, -1);
        }
      else
        {
          prefix = gtk_image_new_from_icon_name ("dialog-information-symbolic");
          gtk_widget_add_css_class (prefix, "dim-label");
        }
      gtk_widget_set_valign (prefix, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_answer_label (step));

      gtk_list_box_append (step->decisive ? trace_list : notes_list, row);
    }

  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (notes_list), ADW_TYPE_PREFERENCES_GROUP),
                          gtk_widget_get_first_child (GTK_WIDGET (notes_list)) != NULL);
}

void
sy_wizard_result_show_cost_note (SyWizardPage *self)
{
  const char *note = sy_decision_get_cost_note (self->decision);

  gtk_widget_set_visible (self->cost_note_card, note != NULL);
  gtk_label_set_text (self->cost_note_title_label, note != NULL ? sy_decision_get_cost_note_title (self->decision) : "");
  gtk_label_set_text (self->cost_note_label, note != NULL ? note : "");
}

void
sy_wizard_result_fill_guidance (GtkListBox *guidance_list,
                                SyDecision *decision)
{
  static const char *icons[] = {
    "applications-engineering-symbolic",
    "applications-science-symbolic",
    "emblem-default-symbolic",
  };
  g_auto(GStrv) guidance = sy_decision_dup_guidance (decision);

  clear_list (guidance_list);
  for (guint i = 0; guidance[i] != NULL; i++)
    {
      GtkWidget *row = new_text_row (guidance[i], NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name (icons[MIN (i, G_N_ELEMENTS (icons) - 1)]);

      gtk_widget_add_css_class (icon, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (guidance_list, row);
    }
}

const char *
sy_wizard_result_outcome_icon (SyOutcome outcome)
{
  switch (outcome)
    {
    case SY_OUTCOME_LOCAL_REQUIRED:
      return "changes-prevent-symbolic";
    case SY_OUTCOME_LOCAL_VIABLE:
      return "network-server-symbolic";
    case SY_OUTCOME_PILOT:
      return "applications-science-symbolic";
    case SY_OUTCOME_USE_API:
    case SY_OUTCOME_API_CHEAPER:
    case SY_OUTCOME_STICK_WITH_API:
    default:
      return "weather-overcast-symbolic";
    }
}

SyCostModel *
sy_wizard_result_new_cost_model (SyCostModel     *shared,
                                 const SyTraffic *traffic,
                                 const char      *api_model)
{
  /* A copy: the report must not touch what the Costs page shows. */
  SyCostModel *model = sy_decision_copy_cost_model (shared);

  sy_cost_model_set_traffic (model, traffic);
  sy_cost_model_set_api_model (model, api_model);

  return model;
}

void
sy_wizard_result_collect_labels (GtkWidget *widget,
                                 GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sy_wizard_result_collect_labels (child, out);
}

/* Getters for tests (sy-wizard-page-private.h) */

gboolean
sy_wizard_page_get_welcome_visible (SyWizardPage *self)
{
  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), FALSE);

  return !self->begun;
}

GtkFileChooser *
sy_wizard_page_get_export_chooser (SyWizardPage *self)
{
  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), NULL);

  return self->export_chooser != NULL ? GTK_FILE_CHOOSER (self->export_chooser) : NULL;
}

guint
sy_wizard_page_get_step (SyWizardPage *self)
{
  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), 0);

  return self->step;
}

const char *
sy_wizard_page_get_step_text (SyWizardPage *self)
{
  return gtk_label_get_text (self->step_label);
}

const char *
sy_wizard_page_get_title_text (SyWizardPage *self)
{
  return gtk_label_get_text (self->title_label);
}

const char *
sy_wizard_page_get_cost_text (SyWizardPage *self)
{
  return gtk_label_get_text (self->cost_figure_label);
}

const char *
sy_wizard_page_get_verdict_text (SyWizardPage *self)
{
  return gtk_label_get_text (self->cost_verdict_label);
}

double
sy_wizard_page_get_ops_hours_per_month (SyWizardPage *self)
{
  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), 0);

  return self->ops_hours;
}

double
sy_wizard_page_get_ops_hourly_usd (SyWizardPage *self)
{
  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), 0);

  return self->ops_hourly_usd;
}

gboolean
sy_wizard_page_get_ops_visible (SyWizardPage *self)
{
  return gtk_widget_get_visible (self->ops_group) && gtk_widget_get_mapped (self->ops_group);
}

SyDecision *
sy_wizard_page_get_decision (SyWizardPage *self)
{
  return self->decision;
}

const char *
sy_wizard_page_get_headline_text (SyWizardPage *self)
{
  return gtk_label_get_text (self->headline_label);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;

  return n;
}

guint
sy_wizard_page_get_n_trace_rows (SyWizardPage *self)
{
  return count_rows (self->trace_list);
}

guint
sy_wizard_page_get_n_note_rows (SyWizardPage *self)
{
  return count_rows (self->notes_list);
}

char *
sy_wizard_page_dup_result_text (SyWizardPage *self)
{
  GString *out = g_string_new (NULL);

  sy_wizard_result_collect_labels (gtk_stack_get_child_by_name (self->stack, "result"), out);

  return g_string_free (out, FALSE);
}

gboolean
sy_wizard_page_export_report (SyWizardPage  *self,
                              const char    *path,
                              GError       **error)
{
  g_autoptr(SyCostModel) costs = NULL;
  SyDecisionAnswers answers;

  g_return_val_if_fail (SY_IS_WIZARD_PAGE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->decision == NULL)
    {
      g_set_error_literal (error, SY_DECISION_ERROR, SY_DECISION_ERROR_MISSING_ANSWER,
                           _("Answer the questions first: there is no recommendation to report yet."));
      return FALSE;
    }

  /* The plot page needs traffic; a monthly bill alone has none. */
  sy_wizard_page_build_answers (self, &answers);
  if (answers.cost_source == SY_COST_SOURCE_TRAFFIC)
    costs = sy_wizard_result_new_cost_model (self->cost_model, &answers.traffic, answers.api_model);

  return sy_report_write (self->decision, costs, path, error);
}
