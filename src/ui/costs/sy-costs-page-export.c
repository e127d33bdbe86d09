/* sy-costs-page-export.c: the Costs page's plot and sensitivity exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sy-cost-error.h"
#include "sy-costs-page-private.h"
#include "sy-toast.h"

/* Exported plots are meant for documents: a fixed size and the light
 * theme, whatever the window looks like at the time. */
#define EXPORT_WIDTH  1200
#define EXPORT_HEIGHT 800
#define EXPORT_PNG_SCALE 2

static void
show_error_dialog (SyCostsPage *self,
                   const char  *heading,
                   const char  *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
format_extension (SyPlotFormat format)
{
  switch (format)
    {
    case SY_PLOT_FORMAT_SVG:
      return ".svg";
    case SY_PLOT_FORMAT_PDF:
      return ".pdf";
    case SY_PLOT_FORMAT_PNG:
    default:
      return ".png";
    }
}

static void
on_export_response_cb (GtkNativeDialog *native,
                       int              response,
                       SyCostsPage     *self)
{
  SyPlotFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "sy-format"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      show_error_dialog (self, _("Could Not Export the Plot"), _("The chosen location is not a local file."));
      goto out;
    }

  /* The format was picked from the menu; a name without its extension
   * gets one, so the file opens in the right program. */
  if (!g_str_has_suffix (path, format_extension (format)))
    {
      char *with_extension = g_strconcat (path, format_extension (format), NULL);
      g_free (path);
      path = with_extension;
    }

  if (g_object_get_data (G_OBJECT (native), "sy-sensitivity") != NULL)
    {
      if (!sy_costs_page_export_sensitivity_to_file (self, path, format, &error))
        {
          show_error_dialog (self, _("Could Not Export the Sensitivity Chart"), error->message);
          goto out;
        }
    }
  else if (!sy_costs_page_export_to_file (self, path, format, &error))
    {
      show_error_dialog (self, _("Could Not Export the Plot"), error->message);
      goto out;
    }

  sy_costs_page_announce_export (self, path);

out:
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
on_launch_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *weak_self = user_data;
  g_autoptr(SyCostsPage) self = g_weak_ref_get (weak_self);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak_self);
  g_free (weak_self);

  /* Closed meanwhile: nobody to tell. */
  if (g_app_info_launch_default_for_uri_finish (result, &error) || self == NULL)
    return;

  show_error_dialog (self, _("Could Not Open the Plot"), error->message);
}

/* The Open button of the "Saved" toast: the file in the program the
 * desktop opens its type with. */
void
sy_costs_page_open_export_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  g_autoptr(GAppLaunchContext) context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));
  GWeakRef *weak_self = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak_self, widget);
  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL), context,
                                           NULL, on_launch_done_cb, weak_self);
}

AdwToast *
sy_costs_page_announce_export (SyCostsPage *self,
                               const char  *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *message = g_strdup_printf (_("Saved “%s”"), basename);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  AdwToast *toast = sy_toast_show (GTK_WIDGET (self), message);

  if (toast == NULL)
    return NULL;

  /* Translators: the button of the "Saved" toast after an export */
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "costs.open-export");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));

  return toast;
}

/* Pictures is where people look for an image they saved; a build or
 * source folder (the process's working directory) is not. */
static GFile *
dup_export_folder (void)
{
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (pictures);

  return g_file_new_for_path (g_get_home_dir ());
}

GtkFileChooserNative *
sy_costs_page_new_export_chooser (SyCostsPage  *self,
                                  SyPlotFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = dup_export_folder ();
  g_autofree char *initial_name = NULL;
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Plot"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  switch (format)
    {
    case SY_PLOT_FORMAT_SVG:
      gtk_file_filter_set_name (filter, _("SVG image"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
      break;
    case SY_PLOT_FORMAT_PDF:
      gtk_file_filter_set_name (filter, _("PDF document"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      break;
    case SY_PLOT_FORMAT_PNG:
    default:
      gtk_file_filter_set_name (filter, _("PNG image"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      break;
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);

  /* Translators: default file name of an exported plot; keep it a valid file name */
  initial_name = g_strconcat (_("break-even"), format_extension (format), NULL);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);

  g_object_set_data (G_OBJECT (native), "sy-format", GINT_TO_POINTER (format));

  return native;
}

void
sy_costs_page_export_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  g_autofree char *filename = g_strconcat ("plot.", g_variant_get_string (parameter, NULL), NULL);
  GtkFileChooserNative *native;
  SyPlotFormat format;

  if (!sy_plot_format_from_filename (filename, &format, NULL))
    return;

  native = sy_costs_page_new_export_chooser (self, format);
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
sy_costs_page_export_sensitivity_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  SyCostsPage *self = SY_COSTS_PAGE (widget);
  g_autofree char *filename = g_strconcat ("chart.", g_variant_get_string (parameter, NULL), NULL);
  g_autofree char *initial_name = NULL;
  GtkFileChooserNative *native;
  SyPlotFormat format;

  if (!sy_plot_format_from_filename (filename, &format, NULL))
    return;

  native = sy_costs_page_new_export_chooser (self, format);
  gtk_native_dialog_set_title (GTK_NATIVE_DIALOG (native), _("Export Sensitivity Chart"));
  /* Translators: default file name of an exported sensitivity chart; keep it a valid file name */
  initial_name = g_strconcat (_("sensitivity"), format_extension (format), NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  g_object_set_data (G_OBJECT (native), "sy-sensitivity", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

char *
sy_costs_page_dup_export_caption (SyCostsPage *self)
{
  GtkStringObject *model = GTK_STRING_OBJECT (adw_combo_row_get_selected_item (sy_costs_page_get_api_model_row (self)));

  return sy_plot_format_caption (gtk_spin_button_get_value (sy_costs_page_get_spin (self, SY_COSTS_SPIN_DAILY_REQUESTS)),
                                 gtk_spin_button_get_value (sy_costs_page_get_spin (self, SY_COSTS_SPIN_INPUT_TOKENS)),
                                 gtk_spin_button_get_value (sy_costs_page_get_spin (self, SY_COSTS_SPIN_OUTPUT_TOKENS)),
                                 model != NULL ? gtk_string_object_get_string (model) : NULL,
                                 NULL);
}

gboolean
sy_costs_page_export_to_file (SyCostsPage  *self,
                              const char   *path,
                              SyPlotFormat  format,
                              GError      **error)
{
  SyCostSeries *series = sy_cost_plot_get_series (sy_costs_page_get_plot (self));
  SyPlotTheme theme = { .dark = FALSE };
  g_autofree char *caption = NULL;

  if (series == NULL)
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("There is no plot to export yet: correct the inputs first."));
      return FALSE;
    }

  /* Pasted into a slide, the picture takes its inputs along. */
  caption = sy_costs_page_dup_export_caption (self);

  return sy_plot_export_with_caption (series, caption, path, format, EXPORT_WIDTH, EXPORT_HEIGHT,
                                      format == SY_PLOT_FORMAT_PNG ? EXPORT_PNG_SCALE : 1,
                                      &theme, error);
}

gboolean
sy_costs_page_export_sensitivity_to_file (SyCostsPage  *self,
                                          const char   *path,
                                          SyPlotFormat  format,
                                          GError      **error)
{
  SySensitivityView *view = sy_costs_page_get_sensitivity (self);
  g_autofree char *caption = NULL;

  if (sy_sensitivity_view_get_option_id (view) == NULL)
    {
      g_set_error_literal (error, SY_COST_ERROR, SY_COST_ERROR_INVALID_INPUT,
                           _("There is no sensitivity chart to export yet: give ranges under Advanced › Uncertainty first."));
      return FALSE;
    }

  caption = sy_costs_page_dup_export_caption (self);

  return sy_tornado_chart_export (sy_sensitivity_view_get_chart (view), caption, path, format, error);
}
